"""The history of changes shown on a person's or a case's page.

Read from the audit log, which holds no identity values: identity changes are recorded by
field name only. Views of the identity are left out unless the reader may see who opened
it (police supervisors, auditors), who see them in their own table anyway. Fields are
shown by their labels and values in words, in the reader's language
(``ctis.audit.selectors.entry_changes``, with the words ``ctis.cases.plugins`` gives).
"""

from django import template

from ctis.audit.selectors import audit_entries, with_change_rows

register = template.Library()
HISTORY_LENGTH = 30


@register.inclusion_tag("cases/_history.html", takes_context=True)
def record_history(context, obj):
    entries = audit_entries({"object_type": obj._meta.label_lower, "object_id": str(obj.pk)})
    entries = entries.exclude(action="cases.person.identity_view")
    return {"entries": with_change_rows(list(entries[:HISTORY_LENGTH]))}
