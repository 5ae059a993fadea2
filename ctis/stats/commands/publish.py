"""``ctis stats publish --year 2020 --as USER``: publish the public statistics of a year."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError

from ctis.accounts.models import User
from ctis.stats.periods import Period
from ctis.stats.services import publication_make

NAME = "publish"
HELP = "Publish a year's statistics on the public page, small counts protected."


def add_arguments(parser) -> None:
    parser.add_argument("--year", type=int, required=True)
    parser.add_argument("--to", type=int, help="The last year of a run of years.")
    parser.add_argument("--as", dest="username", required=True, help="The coordinator's user name.")


def run(options, out) -> int:
    user = User.objects.filter(username=options["username"], is_active=True).first()
    if user is None:
        raise CommandError(f"No active user {options['username']!r}.")
    first, last = options["year"], options.get("to") or options["year"]
    if not 1990 <= first <= last <= 2100:
        raise CommandError("Give years between 1990 and 2100, the first before the last.")
    try:
        publication = publication_make(actor=user, period=Period.years(first, last))
    except (ValidationError, PermissionDenied) as error:
        messages = error.messages if isinstance(error, ValidationError) else [str(error)]
        raise CommandError(" ".join(messages)) from error
    hidden = len(publication.pattern)
    out.write(f"Published {publication.label}: {hidden} cells hidden.")
    return 0
