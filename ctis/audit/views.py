"""The audit log search page and the page of one entry, for auditors and administrators."""

from django import forms
from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ctis.audit.models import AuditEntry
from ctis.audit.selectors import audit_entries, with_change_rows

ENTRIES_PER_PAGE = 50


class AuditFilterForm(forms.Form):
    user = forms.CharField(label=gettext_lazy("User name"), required=False, max_length=150)
    # By name: the audit log sits below the agency registry (accounts writes its audit
    # entries), so it does not import it.
    agency = forms.ModelChoiceField(
        label=gettext_lazy("Agency"),
        queryset=apps.get_model("accounts", "Agency")._default_manager.all(),
        required=False,
        empty_label=gettext_lazy("All"),
    )
    action = forms.CharField(
        label=gettext_lazy("Action"),
        required=False,
        max_length=64,
        widget=forms.TextInput(attrs={"placeholder": "accounts.user"}),
    )
    object_type = forms.CharField(label=gettext_lazy("Object type"), required=False, max_length=64)
    object_id = forms.CharField(label=gettext_lazy("Object id"), required=False, max_length=64)
    date_from = forms.DateField(
        label=gettext_lazy("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=gettext_lazy("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    text = forms.CharField(label=gettext_lazy("Object name"), required=False, max_length=100)

    def clean_object_type(self) -> str:
        return self.cleaned_data["object_type"].strip().lower()

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end date is before the start date."))
        return cleaned


def _require_view_log(request) -> None:
    if not request.user.has_perm("audit.view_log"):
        raise PermissionDenied(_("Only auditors and system administrators read the audit log."))


def log(request):
    _require_view_log(request)
    form = AuditFilterForm(request.GET or None)
    filters = {}
    if form.is_bound and form.is_valid():
        filters = {name: value for name, value in form.cleaned_data.items() if value}
    page = Paginator(audit_entries(filters), ENTRIES_PER_PAGE).get_page(request.GET.get("page"))
    with_change_rows(page.object_list)
    return render(request, "audit/log.html", {"form": form, "page": page})


def entry_detail(request, pk: int):
    _require_view_log(request)
    entry = get_object_or_404(AuditEntry.objects.select_related("agency"), pk=pk)
    with_change_rows([entry])
    return render(
        request,
        "audit/entry_detail.html",
        {
            "entry": entry,
            "previous": AuditEntry.objects.filter(hash=entry.prev_hash).only("pk").first(),
            "next": AuditEntry.objects.filter(prev_hash=entry.hash).only("pk").first(),
            "hash_matches": entry.compute_hash() == entry.hash,
        },
    )
