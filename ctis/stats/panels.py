"""What ctis.stats shows on pages other apps own: the recommendations' statuses on the plan
dashboard, and on a measure's page the recommendations it answers."""

from __future__ import annotations

from django.utils import timezone

from ctis.stats.recommendations import statuses


def recommendations_dashboard(request, _obj=None):
    if not request.user.has_perm("stats.view_statistics"):
        return None
    year = timezone.localdate().year - 1
    found = statuses(year)
    if not found:
        return None
    return {"year": year, "statuses": found}


def measure_recommendations(request, measure):
    recommendations = list(measure.recommendations.filter(is_active=True))
    if not recommendations:
        return None
    return {"recommendations": recommendations}


def recommendations_document_section(period, language: str) -> dict | None:
    """The register of recommendations with their status in the report's year, for the
    consolidated yearly report (called under the report's language)."""
    from django.utils.translation import gettext as _

    found = statuses(period.year)
    if not found:
        return None
    return {
        "heading": _("International recommendations"),
        "intro": _(
            "Each recommendation's status follows from the accepted reports of that year on "
            "the plan measures that answer it."
        ),
        "columns": ["#", _("Recommendation"), _("Measures"), _("Status")],
        "rows": [
            [
                str(item.recommendation.number),
                f"{item.recommendation.text} ({item.recommendation.get_source_display()}, "
                f"{item.recommendation.year})",
                ", ".join(item.measures),
                str(item.label),
            ]
            for item in found
        ],
    }
