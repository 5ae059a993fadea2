"""Count the entries already written and seal the head under the audit key (ADR 0010).

Needs the audit key (CTIS_AUDIT_KEY or an 'audit:' line in the key file): run
`ctis keys new --audit --write` (or set CTIS_AUDIT_KEY) before migrating. The seal
vouches only for the count and the newest hash; `ctis audit verify` still checks every
entry, so a chain already broken stays broken.
"""

from django.db import migrations


def seal_head(apps, schema_editor):
    from ctis.audit.models import head_seal
    from ctis.core import crypto

    Head = apps.get_model("audit", "AuditChainHead")
    Entry = apps.get_model("audit", "AuditEntry")
    head = Head.objects.filter(pk=1).first()
    if head is None:
        return
    key = crypto.get_keyring().audit_key()
    count = Entry.objects.count()
    head.count = count
    head.seal = head_seal(key=key, count=count, last_hash=head.last_hash)
    head.save(update_fields=["count", "seal"])


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_entry_scheme_and_sealed_head")]
    operations = [migrations.RunPython(seal_head, migrations.RunPython.noop)]
