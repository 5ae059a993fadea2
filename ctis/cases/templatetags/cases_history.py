"""The history of changes shown on a person's or a case's page.

Read from the audit log, which holds no identity values: identity changes are recorded by
field name only. Views of the identity are left out unless the reader may see who opened
it (police supervisors, auditors), who see them in their own table anyway.
"""

from django import template

from ctis.audit.selectors import Change, audit_entries, field_label, with_change_rows

register = template.Library()
HISTORY_LENGTH = 30


@register.inclusion_tag("cases/_history.html", takes_context=True)
def record_history(context, obj):
    entries = audit_entries({"object_type": obj._meta.label_lower, "object_id": str(obj.pk)})
    entries = entries.exclude(action="cases.person.identity_view")
    rows = with_change_rows(list(entries[:HISTORY_LENGTH]))
    for entry in rows:
        entry.change_rows = [_named_fields(obj, change) for change in entry.change_rows]
    return {"entries": rows}


def _named_fields(obj, change: Change) -> Change:
    """Services list changed identity fields by name; show their labels instead."""
    if change.field != "fields":
        return change
    labels = [field_label(obj._meta.label_lower, name) for name in change.after.split(", ")]
    return Change(change.field, change.label, "", ", ".join(labels))
