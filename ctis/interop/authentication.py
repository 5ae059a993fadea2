"""How a system proves itself to the API: ``Authorization: Bearer ctis_<prefix>_<secret>``
(ADR 0020). A refusal says why, in the language the call asked for (Accept-Language)."""

from __future__ import annotations

import hmac

from django.utils import formats
from django.utils.translation import gettext as _
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed

from ctis.interop.models import ApiToken
from ctis.interop.services import TOKEN_PATTERN, secret_hash, token_used


class ApiTokenAuthentication(BaseAuthentication):
    def authenticate(self, request):
        words = get_authorization_header(request).split()
        if not words or words[0].lower() != b"bearer":
            return None
        if len(words) != 2:
            raise AuthenticationFailed(_("Give the token after “Bearer”, and nothing else."))
        match = TOKEN_PATTERN.match(words[1].decode(errors="replace"))
        if match is None:
            raise AuthenticationFailed(_("This is not a ctis token."), code="token_malformed")
        token = (
            ApiToken.objects.select_related("client__user__agency").filter(prefix=match[1]).first()
        )
        if token is None or not hmac.compare_digest(token.secret_hash, secret_hash(match[2])):
            raise AuthenticationFailed(_("The token is not known."), code="token_unknown")
        state = token.state()
        if state == "revoked":
            raise AuthenticationFailed(_("The token has been revoked."), code="token_revoked")
        if state == "expired":
            raise AuthenticationFailed(
                _("The token expired on %(date)s: ask for a new one.")
                % {"date": formats.date_format(token.expires_at, "DATE_FORMAT")},
                code="token_expired",
            )
        client = token.client
        if not client.is_active or not client.user.is_active:
            raise AuthenticationFailed(_("The client has been revoked."), code="client_revoked")
        token_used(token)
        return client.user, token

    def authenticate_header(self, request) -> str:
        return 'Bearer realm="ctis"'
