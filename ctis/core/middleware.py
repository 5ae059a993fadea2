"""Response headers every page of a confidential system carries."""

from django.utils.cache import patch_cache_control

# The pages use no camera, microphone, location, payment or USB device.
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


class ConfidentialHeadersMiddleware:
    """``Cache-Control: no-store`` on every page a signed-in user gets (any of them may
    show an open identity or a sealed text: neither the browser nor a proxy keeps a copy),
    and a ``Permissions-Policy`` that turns off the devices no page uses."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, no_store=True, private=True)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response
