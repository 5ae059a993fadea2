"""Response headers every page of a confidential system carries."""

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
