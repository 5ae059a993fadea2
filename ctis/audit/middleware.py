from django.conf import settings

from ctis.audit.context import client_address


class AuditContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = client_address.set(self.address(request))
        try:
            return self.get_response(request)
        finally:
            client_address.reset(token)

    @staticmethod
    def address(request) -> str | None:
        if getattr(settings, "CTIS_TRUST_X_FORWARDED_FOR", False):
            forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
            if forwarded:
                # The last address is the one the trusted proxy saw; those before it are
                # whatever the client sent, and would let it pick its own address (and
                # escape the per-address log-in limit).
                return forwarded.split(",")[-1].strip()
        return request.META.get("REMOTE_ADDR") or None
