"""The forms of the statistics pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ctis.stats.exports import DEFAULT_K

EXPORT_KINDS = [
    ("glotip", _("UNODC GLOTIP: the long table of figures")),
    ("greta", _("Council of Europe GRETA: the statistics tables")),
    ("tip", _("US TIP report: prosecution, protection, prevention (1 April – 31 March)")),
    ("ctdc", _("CTDC: k-anonymised victim-level dataset")),
]
EXPORT_LANGUAGES = [("en", _("English")), ("az", _("Azerbaijani")), ("ru", _("Russian"))]


class ExportForm(forms.Form):
    kind = forms.ChoiceField(label=_("Export"), choices=EXPORT_KINDS)
    year = forms.IntegerField(
        label=_("Year"),
        required=False,
        min_value=1990,
        max_value=2100,
        help_text=_("GLOTIP, GRETA and CTDC: the first year."),
    )
    to = forms.IntegerField(
        label=_("Last year"),
        required=False,
        min_value=1990,
        max_value=2100,
        help_text=_("Empty: the year alone."),
    )
    tip_year = forms.IntegerField(
        label=_("TIP report year"),
        required=False,
        min_value=1991,
        max_value=2100,
        help_text=_("2021: from 1 April 2020 to 31 March 2021."),
    )
    k = forms.IntegerField(
        label=_("k (CTDC)"),
        initial=DEFAULT_K,
        min_value=2,
        max_value=1000,
        help_text=_(
            "Every combination of year, gender, age band, citizenship and country of "
            "exploitation is shared by at least k rows."
        ),
    )
    language = forms.ChoiceField(label=_("Language of the headers"), choices=EXPORT_LANGUAGES)

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == "tip" and not data.get("tip_year"):
            self.add_error("tip_year", _("Give the TIP report's year."))
        elif kind and kind != "tip" and not data.get("year"):
            self.add_error("year", _("Give the year."))
        return data
