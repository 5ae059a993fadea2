"""Indicator sets, kept by administrators."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from ctis.core.forms import add_service_errors
from ctis.core.formtokens import once
from ctis.nrm import selectors, services
from ctis.nrm.forms import (
    IndicatorForm,
    IndicatorSetForm,
)
from ctis.nrm.models import (
    Indicator,
    IndicatorSet,
)


def _require_indicator_admin(request) -> None:
    if not request.user.has_perm("nrm.manage_indicators"):
        raise PermissionDenied(_("You do not have permission to see this page."))


@once
def indicator_set_list(request):
    _require_indicator_admin(request)
    form = IndicatorSetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if IndicatorSet.objects.filter(code=form.cleaned_data["code"]).exists():
            form.add_error("code", _("A set with this code exists; open it to change it."))
        else:
            try:
                services.indicator_sets_import(
                    actor=request.user,
                    data={"sets": [{**form.cleaned_data, "national": True, "indicators": []}]},
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The indicator set is added."))
                return redirect("nrm:indicator_set_detail", form.cleaned_data["code"])
    return render(
        request,
        "nrm/indicator_set_list.html",
        {"sets": selectors.indicator_sets(active_only=False), "form": form},
    )


@once
def indicator_set_detail(request, code):
    _require_indicator_admin(request)
    indicator_set = get_object_or_404(IndicatorSet, code=code)
    form = IndicatorForm(request.POST or None)
    if request.method == "POST" and request.POST.get("toggle"):
        indicator = get_object_or_404(
            Indicator, pk=request.POST["toggle"], indicator_set=indicator_set
        )
        services.indicator_active_set(
            actor=request.user, indicator=indicator, active=not indicator.is_active
        )
        return redirect("nrm:indicator_set_detail", code)
    if request.method == "POST" and form.is_valid():
        row = {name: getattr(indicator_set, name) for name in services.SET_FIELDS}
        row.update(
            code=indicator_set.code, national=indicator_set.national, indicators=[form.cleaned_data]
        )
        try:
            services.indicator_sets_import(actor=request.user, data={"sets": [row]})
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The indicator is saved."))
            return redirect("nrm:indicator_set_detail", code)
    return render(
        request,
        "nrm/indicator_set_detail.html",
        {
            "indicator_set": indicator_set,
            "indicators": Indicator.objects.filter(indicator_set=indicator_set),
            "form": form,
        },
    )
