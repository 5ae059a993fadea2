"""``ctis api``: register agencies' systems and issue their tokens from the command line,
as an administrator named with ``--by`` (audited as them).

    ctis api register --by admin --agency mia-ctd --name "Police case system" \\
        --role police_investigator
    ctis api token --by admin CLIENT_ID [--days 90]     # prints the token once
    ctis api revoke-token --by admin PREFIX
    ctis api revoke-client --by admin CLIENT_ID
    ctis api clients

What it prints is in ``--language`` (az unless told: the administrators' language; en, ru).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ctis.accounts.models import Agency, User
from ctis.interop import imports, services
from ctis.interop.models import ApiClient, ApiToken


def _messages(error: ValidationError | PermissionDenied) -> str:
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        return "; ".join(
            f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items()
        )
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


TOKEN_STATES = {
    "active": gettext_lazy("active"),
    "expired": gettext_lazy("expired"),
    "revoked": gettext_lazy("revoked"),
}


class Command(BaseCommand):
    help = "API clients of agencies' systems and their tokens."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", metavar="ACTION")

        def action(name: str, help: str, by: bool = True):
            command = sub.add_parser(name, help=help)
            if by:
                command.add_argument("--by", required=True, help="the administrator's user name")
            command.add_argument("--language", default="az", choices=imports.LANGUAGES)
            return command

        register = action("register", "Register an agency's system.")
        register.add_argument("--agency", required=True, help="the agency's code")
        register.add_argument("--name", required=True)
        register.add_argument("--role", action="append", default=[], dest="roles")
        register.add_argument("--contact", default="")
        token = action("token", "Issue a token to a client (shown once).")
        token.add_argument("client", type=int)
        token.add_argument("--days", type=int, default=services.TOKEN_DAYS)
        action("revoke-token", "Revoke a token by its prefix.").add_argument("prefix")
        action("revoke-client", "Revoke a client and its tokens.").add_argument("client", type=int)
        action("clients", "List the clients and their tokens.", by=False)

    def handle(self, *args, **options):
        if options.get("action") is None:
            raise CommandError(
                "Name an action: register, token, revoke-token, revoke-client, clients."
            )
        with translation.override(options.get("language") or "az"):
            self._act(options["action"], options)

    def _act(self, action: str, options) -> None:
        if action == "clients":
            return self._list()
        actor = User.objects.filter(username=options["by"]).first()
        if actor is None:
            raise CommandError(_("No user %(name)s.") % {"name": options["by"]})
        try:
            if action == "register":
                agency = Agency.objects.filter(code=options["agency"]).first()
                if agency is None:
                    raise CommandError(_("No agency %(code)s.") % {"code": options["agency"]})
                client = services.client_register(
                    actor=actor,
                    agency=agency,
                    name=options["name"],
                    roles=options["roles"],
                    contact=options["contact"],
                )
                self.stdout.write(
                    _("Client %(id)d registered: %(name)s (%(agency)s).")
                    % {"id": client.pk, "name": client.name, "agency": agency.code}
                )
            elif action == "token":
                client = self._client(options["client"])
                issued = services.token_issue(actor=actor, client=client, days=options["days"])
                until = timezone.localtime(issued.token.expires_at)
                self.stdout.write(
                    _(
                        "Token for %(name)s, valid until %(date)s. It is shown once; give it "
                        "to the system's operators:"
                    )
                    % {"name": client.name, "date": f"{until:%d.%m.%Y}"}
                )
                self.stdout.write(issued.text)
            elif action == "revoke-token":
                token = ApiToken.objects.filter(prefix=options["prefix"]).first()
                if token is None:
                    raise CommandError(_("No token %(prefix)s.") % {"prefix": options["prefix"]})
                services.token_revoke(actor=actor, token=token)
                self.stdout.write(_("Token %(prefix)s revoked.") % {"prefix": token.prefix})
            elif action == "revoke-client":
                client = services.client_revoke(actor=actor, client=self._client(options["client"]))
                self.stdout.write(_("Client %(id)d revoked with its tokens.") % {"id": client.pk})
        except (ValidationError, PermissionDenied) as error:
            raise CommandError(_messages(error)) from None

    def _client(self, pk: int) -> ApiClient:
        client = ApiClient.objects.filter(pk=pk).first()
        if client is None:
            raise CommandError(_("No client %(id)d.") % {"id": pk})
        return client

    def _list(self) -> None:
        now = timezone.now()
        clients = ApiClient.objects.select_related("agency").prefetch_related("tokens")
        for client in clients:
            state = _("revoked") if client.revoked_at else _("active")
            self.stdout.write(f"{client.pk}\t{client.agency.code}\t{client.name}\t{state}")
            for token in client.tokens.all():
                until = timezone.localtime(token.expires_at)
                self.stdout.write(
                    "\t"
                    + "\t".join(
                        [token.prefix, str(TOKEN_STATES[token.state(now)]), f"{until:%d.%m.%Y}"]
                    )
                )
