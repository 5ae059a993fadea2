from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from ctis.audit.services import audit_chain_verify


class Command(BaseCommand):
    help = "Audit log tools: `ctis audit verify` checks the whole hash chain."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser(
            "verify", help="Check every entry's hash and link; exit 1 on the first break."
        )

    def handle(self, *args, action: str, **options):
        report = audit_chain_verify()
        if report.ok:
            self.stdout.write(
                _("Audit chain intact: %(count)d entries checked.") % {"count": report.checked}
            )
            return
        reasons = {
            "link": _(
                "it does not point to the entry before it (an entry was removed or inserted)"
            ),
            "content": _("its content does not match its hash (the entry was changed)"),
            "tail": _("entries after it were removed"),
        }
        raise CommandError(
            _(
                "Audit chain broken at entry #%(id)d: %(reason)s. %(count)d entries before it are intact."
            )
            % {
                "id": report.broken_entry_id,
                "reason": reasons[report.reason],
                "count": report.checked,
            }
        )
