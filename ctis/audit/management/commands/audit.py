"""``ctis audit verify [--anchor ID:HASH]`` checks the chain; ``ctis audit anchor`` checks
it and prints its head, to be kept outside the database (ADR 0010)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from ctis.audit.services import Anchor, ChainReport, audit_chain_verify
from ctis.core.crypto import KeyringError


def _anchor(text: str) -> Anchor:
    try:
        return Anchor.parse(text)
    except ValueError:
        raise CommandError(
            _(
                "The anchor %(anchor)s is not of the form ENTRY-ID:HASH (a number, a colon and "
                "64 hexadecimal digits), as `ctis audit anchor` prints it."
            )
            % {"anchor": text}
        ) from None


class Command(BaseCommand):
    help = (
        "Audit log tools: `ctis audit verify` checks the whole hash chain; `ctis audit "
        "anchor` prints its head to keep outside the database."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser(
            "verify", help="Check every entry's hash and link and the head; exit 1 on a break."
        )
        verify.add_argument(
            "--anchor",
            action="append",
            default=[],
            metavar="ID:HASH",
            help="An anchor printed earlier by `ctis audit anchor`: fail unless the chain "
            "still holds that entry with that hash. May be given more than once.",
        )
        sub.add_parser(
            "anchor",
            help="Verify the chain, then print its newest entry (id, hash, time, count) as an "
            "anchor to keep outside the database.",
        )

    def handle(self, *args, action: str, **options):
        anchors = [_anchor(text) for text in options.get("anchor") or []]
        try:
            report = audit_chain_verify(anchors=anchors)
        except KeyringError as error:
            raise CommandError(str(error)) from None
        if not report.ok:
            raise CommandError(self.broken(report))
        if action == "anchor":
            self.print_anchor(report)
            return
        self.stdout.write(
            _("Audit chain intact: %(count)d entries checked.") % {"count": report.checked}
        )
        if report.unkeyed:
            self.stdout.write(
                _(
                    "%(count)d of them were written before the hashes were keyed (plain "
                    "SHA-256): someone with write access to the database could have rewritten "
                    "them unnoticed, unless an anchor kept outside holds a later entry."
                )
                % {"count": report.unkeyed}
            )
        if anchors:
            self.stdout.write(
                _("The chain holds every anchor given (%(count)d).") % {"count": len(anchors)}
            )
        elif not report.checked:
            self.stdout.write(
                _(
                    "The audit log is empty. From inside the database an empty log cannot be "
                    "told from a wiped one: verify with --anchor against an anchor kept outside."
                )
            )

    def print_anchor(self, report: ChainReport) -> None:
        if report.last is None:
            raise CommandError(_("The audit log is empty: there is no entry to anchor yet."))
        self.stdout.write(
            _("Audit chain head: entry #%(id)d of %(time)s, %(count)d entries.")
            % {
                "id": report.last.pk,
                "time": report.last.created_at.isoformat(),
                "count": report.checked,
            }
        )
        self.stdout.write(_("Anchor: %(anchor)s") % {"anchor": report.anchor})
        self.stdout.write(
            _(
                "Keep the anchor outside the database (the daily report, another system); "
                "`ctis audit verify --anchor %(anchor)s` fails if the chain no longer holds it."
            )
            % {"anchor": report.anchor}
        )

    def broken(self, report: ChainReport) -> str:
        head = {
            "head-missing": _(
                "Audit chain broken: %(count)d entries exist but the head row is missing (it "
                "was deleted)."
            ),
            "wiped": _(
                "Audit chain broken: the log has no entries but its head row exists (the "
                "entries were wiped)."
            ),
            "head-seal": _(
                "Audit chain broken: the head's seal does not verify (the head was moved back "
                "or reset by hand, or the audit key is not the one it was written with). "
                "%(count)d entries are intact."
            ),
            "count": _(
                "Audit chain broken: the head counts a different number of entries than the "
                "%(count)d in the chain (entries were removed and the head moved back)."
            ),
        }
        if report.reason in head:
            return head[report.reason] % {"count": report.checked}
        reasons = {
            "link": _(
                "it does not point to the entry before it (an entry was removed or inserted)"
            ),
            "content": _("its content does not match its hash (the entry was changed)"),
            "tail": _("entries after it were removed"),
            "unkeyed": _(
                "its hash is plain SHA-256 although keyed entries come before it (a forged entry)"
            ),
            "head-behind": _(
                "the head points to an entry before it (the head was moved back over entries "
                "still in the log)"
            ),
            "anchor": _("its hash is not the anchor's (the chain was rewritten)"),
            "anchor-missing": _(
                "the chain no longer holds this anchored entry (entries were removed or the log "
                "was wiped)"
            ),
        }
        return _(
            "Audit chain broken at entry #%(id)d: %(reason)s. %(count)d entries before it are intact."
        ) % {
            "id": report.broken_entry_id,
            "reason": reasons[report.reason],
            "count": report.checked,
        }
