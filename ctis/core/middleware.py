"""Response headers every page of a confidential system carries, and what a polled part
of a page gets when it is refused."""

from django.http import HttpResponse
from django.utils.cache import patch_cache_control

# The pages use no camera, microphone, location, payment or USB device.
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
# The pages load nothing from elsewhere and carry no inline script, handler or style
# (tests/test_no_inline_code.py), so the policy is the strictest that fits: an injected
# script or style has nowhere to run from. ``img-src data:`` is for images a stylesheet
# may embed; ``frame-ancestors`` repeats X-Frame-Options for browsers that read only this.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


class ConfidentialHeadersMiddleware:
    """``Cache-Control: no-store`` on every page a signed-in user gets (any of them may
    show an open identity or a sealed text: neither the browser nor a proxy keeps a copy),
    a ``Permissions-Policy`` that turns off the devices no page uses, and the strict
    ``Content-Security-Policy`` on every response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, no_store=True, private=True)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        return response


class PollRefusedMiddleware:
    """A part of a page that htmx reloads by itself (a job's progress, polled every 2 s)
    and that is now refused, missing or failed, or sent to the sign-in page, has the
    whole page loaded instead: the user reads the refusal as a page, and the polling
    stops. htmx swaps no error response, so without this it would go on asking, unseen,
    for as long as the page is open; a redirect it follows by itself, and would put the
    sign-in page inside the card. Only reads are reloaded: a form sent with htmx (the
    caller's history on the call form) keeps what the user typed."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method != "GET" or not request.headers.get("HX-Request"):
            return response
        if response.status_code in (301, 302, 303, 307, 308):
            reload = HttpResponse(status=204)
            reload["HX-Redirect"] = response["Location"]
            return reload
        if response.status_code >= 400:
            response["HX-Refresh"] = "true"
        return response
