"""``ctis api``: register agencies' systems and issue their tokens from the command line,
as an administrator named with ``--by`` (audited as them).

    ctis api register --by admin --agency mia-ctd --name "Police case system" \\
        --role police_investigator
    ctis api token --by admin CLIENT_ID [--days 90]     # prints the token once
    ctis api revoke-token --by admin PREFIX
    ctis api revoke-client --by admin CLIENT_ID
    ctis api clients
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from ctis.accounts.models import Agency, User
from ctis.interop import services
from ctis.interop.models import ApiClient, ApiToken


def _messages(error: ValidationError | PermissionDenied) -> str:
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        return "; ".join(
            f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items()
        )
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


class Command(BaseCommand):
    help = "API clients of agencies' systems and their tokens."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", metavar="ACTION")
        register = sub.add_parser("register", help="Register an agency's system.")
        register.add_argument("--by", required=True, help="the administrator's user name")
        register.add_argument("--agency", required=True, help="the agency's code")
        register.add_argument("--name", required=True)
        register.add_argument("--role", action="append", default=[], dest="roles")
        register.add_argument("--contact", default="")
        token = sub.add_parser("token", help="Issue a token to a client (shown once).")
        token.add_argument("--by", required=True)
        token.add_argument("client", type=int)
        token.add_argument("--days", type=int, default=services.TOKEN_DAYS)
        revoke = sub.add_parser("revoke-token", help="Revoke a token by its prefix.")
        revoke.add_argument("--by", required=True)
        revoke.add_argument("prefix")
        revoke_client = sub.add_parser("revoke-client", help="Revoke a client and its tokens.")
        revoke_client.add_argument("--by", required=True)
        revoke_client.add_argument("client", type=int)
        sub.add_parser("clients", help="List the clients and their tokens.")

    def handle(self, *args, **options):
        action = options.get("action")
        if action is None:
            raise CommandError(
                "Name an action: register, token, revoke-token, revoke-client, clients."
            )
        if action == "clients":
            return self._list()
        actor = User.objects.filter(username=options["by"]).first()
        if actor is None:
            raise CommandError(f"No user {options['by']}.")
        try:
            if action == "register":
                agency = Agency.objects.filter(code=options["agency"]).first()
                if agency is None:
                    raise CommandError(f"No agency {options['agency']}.")
                client = services.client_register(
                    actor=actor,
                    agency=agency,
                    name=options["name"],
                    roles=options["roles"],
                    contact=options["contact"],
                )
                self.stdout.write(f"Client {client.pk} registered: {client.name} ({agency.code}).")
            elif action == "token":
                client = self._client(options["client"])
                issued = services.token_issue(actor=actor, client=client, days=options["days"])
                self.stdout.write(
                    f"Token for {client.name}, valid until {timezone.localtime(issued.token.expires_at):%Y-%m-%d}. "
                    "It is shown once; give it to the system's operators:"
                )
                self.stdout.write(issued.text)
            elif action == "revoke-token":
                token = ApiToken.objects.filter(prefix=options["prefix"]).first()
                if token is None:
                    raise CommandError(f"No token {options['prefix']}.")
                services.token_revoke(actor=actor, token=token)
                self.stdout.write(f"Token {token.prefix} revoked.")
            elif action == "revoke-client":
                client = services.client_revoke(actor=actor, client=self._client(options["client"]))
                self.stdout.write(f"Client {client.pk} revoked with its tokens.")
        except (ValidationError, PermissionDenied) as error:
            raise CommandError(_messages(error)) from None

    def _client(self, pk: int) -> ApiClient:
        client = ApiClient.objects.filter(pk=pk).first()
        if client is None:
            raise CommandError(f"No client {pk}.")
        return client

    def _list(self) -> None:
        now = timezone.now()
        clients = ApiClient.objects.select_related("agency").prefetch_related("tokens")
        for client in clients:
            state = "revoked" if client.revoked_at else "active"
            self.stdout.write(f"{client.pk}\t{client.agency.code}\t{client.name}\t{state}")
            for token in client.tokens.all():
                self.stdout.write(
                    f"\t{token.prefix}\t{token.state(now)}\tuntil {timezone.localtime(token.expires_at):%Y-%m-%d}"
                )
