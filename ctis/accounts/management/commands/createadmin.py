import getpass
import os

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from ctis.accounts.models import Agency
from ctis.accounts.roles import Role
from ctis.accounts.services import user_create


class Command(BaseCommand):
    help = (
        "Create a system administrator (the first user of a new installation). The password "
        "is asked for, or read from CTIS_ADMIN_PASSWORD."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", required=True)
        parser.add_argument("--agency", required=True, help="agency code, e.g. mia")
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")
        parser.add_argument("--email", default="")

    def handle(self, *args, **options):
        agency = Agency.objects.filter(code=options["agency"]).first()
        if agency is None:
            raise CommandError(
                _(
                    "No agency has the code “%(code)s”. Run `ctis setup` first, or "
                    "see the codes on the Agencies page."
                )
                % {"code": options["agency"]}
            )
        password = os.environ.get("CTIS_ADMIN_PASSWORD") or getpass.getpass(_("Password: "))
        try:
            user = user_create(
                actor=None,
                username=options["username"],
                password=password,
                roles=[Role.SYSTEM_ADMINISTRATOR.value],
                agency=agency,
                first_name=options["first_name"],
                last_name=options["last_name"],
                email=options["email"],
            )
        except ValidationError as error:
            raise CommandError(
                "; ".join(
                    f"{field}: {' '.join(messages)}"
                    for field, messages in error.message_dict.items()
                )
            ) from error
        self.stdout.write(
            _(
                "Created administrator %(username)s. Two-factor authentication is "
                "set up at the first log-in."
            )
            % {"username": user.username}
        )
