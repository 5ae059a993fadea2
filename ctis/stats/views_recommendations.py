"""The register of international recommendations: each with its status in a year, and the
coordinator's page that ties a recommendation to the plan measures answering it."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ctis.core.forms import add_service_errors
from ctis.plan.models import Measure
from ctis.plan.selectors import current_plan
from ctis.stats.models import Recommendation
from ctis.stats.recommendations import statuses
from ctis.stats.services import recommendation_measures_set


def _year(request) -> tuple[int, str | None]:
    default = timezone.localdate().year - 1
    raw = request.GET.get("year", "")
    if not raw:
        return default, None
    if raw.isdigit() and 1990 <= int(raw) <= 2100:
        return int(raw), None
    return default, _("“%(value)s” is not a year: showing %(year)s.") % {
        "value": raw[:20],
        "year": default,
    }


@permission_required("stats.view_statistics", raise_exception=True)
def recommendation_list(request):
    year, problem = _year(request)
    if problem:
        messages.warning(request, problem)
    return render(
        request,
        "stats/recommendations.html",
        {
            "year": year,
            "statuses": statuses(year),
            "can_edit": request.user.has_perm("stats.manage_statistics"),
        },
    )


class MeasuresForm(forms.Form):
    measures = forms.CharField(
        label=gettext_lazy("Plan measures"),
        required=False,
        max_length=400,
        help_text=gettext_lazy("The numbers of the measures, separated by commas: 4.3.5, 4.1.3."),
    )

    def __init__(self, *args, plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan

    def clean_measures(self) -> list[Measure]:
        numbers = [n.strip() for n in self.cleaned_data["measures"].replace(";", ",").split(",")]
        numbers = [n for n in numbers if n]
        found = {m.number: m for m in Measure.objects.filter(plan=self.plan, number__in=numbers)}
        unknown = [n for n in numbers if n not in found]
        if unknown:
            raise ValidationError(
                _("The plan has no measure %(numbers)s.") % {"numbers": ", ".join(unknown)}
            )
        return [found[n] for n in dict.fromkeys(numbers)]


@permission_required("stats.manage_statistics", raise_exception=True)
def recommendation_edit(request, pk: int):
    recommendation = get_object_or_404(Recommendation, pk=pk)
    plan = current_plan()
    initial = ", ".join(recommendation.measures.values_list("number", flat=True))
    form = MeasuresForm(request.POST or None, plan=plan, initial={"measures": initial})
    if request.method == "POST" and form.is_valid():
        try:
            recommendation_measures_set(
                actor=request.user,
                recommendation=recommendation,
                measures=form.cleaned_data["measures"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The measures answering the recommendation are saved."))
            return redirect("stats:recommendations")
    return render(
        request, "stats/recommendation_form.html", {"recommendation": recommendation, "form": form}
    )
