"""UNODC's Global Report on Trafficking in Persons: the country's figures in UNODC's long
table (one row per indicator, dimension, category, sex, age and year), as UNODC publishes
it and as ``ctis.stats.series.read`` reads it back. Small counts are written ``<5``."""

from __future__ import annotations

from django.utils import timezone

from ctis.cases.choices import ExploitationForm
from ctis.core.models import Country
from ctis.stats.exports.common import Made, Spec, dig, fit, header, save, small, threshold
from ctis.stats.exports.common import workbook as new_workbook
from ctis.stats.figures import annual
from ctis.stats.periods import Period

ISO3 = "AZE"
COUNTRY = "Azerbaijan"
# The UN's M49 standard areas, by which UNODC's data portal groups countries: Azerbaijan
# (031) is in Western Asia (145), in Asia (142). Worth checking against the region columns
# of the next data_glotip.xlsx that UNODC publishes.
REGION = "Asia"
SUBREGION = "Western Asia"
UNIT = "Counts"
SOURCE = "National authorities"

COLUMNS = [
    "Iso3_code",
    "Country",
    "Region",
    "Subregion",
    "Indicator",
    "Dimension",
    "Category",
    "Sex",
    "Age",
    "Year",
    "Unit of measurement",
    "txtVALUE",
    "Source",
]
VICTIMS = "Detected trafficking victims"
PROSECUTED = "Persons prosecuted"
CONVICTED = "Persons convicted"
SEX = {"female": "Female", "male": "Male"}
AGE = {"adult": "Adult", "child": "Minor"}
FORMS = {
    ExploitationForm.SEXUAL: "Sexual exploitation",
    ExploitationForm.FORCED_LABOUR: "Forced labour",
    ExploitationForm.FORCED_BEGGING: "Exploitation for begging",
    ExploitationForm.FORCED_MARRIAGE: "Forced marriage",
    ExploitationForm.ORGAN_REMOVAL: "Organ removal",
    ExploitationForm.FORCED_CRIMINAL_ACTIVITY: "Exploitation for criminal activity",
    ExploitationForm.SERVITUDE: "Servitude",
    ExploitationForm.OTHER: "Other forms of exploitation",
}
BY_FORM = "by form of exploitation"
BY_CITIZENSHIP = "by citizenship"


def _figure_rows(figures: dict, names: dict[str, str]) -> list[tuple]:
    """(indicator, dimension, category, sex, age, count) for one year."""
    out: list[tuple] = []
    victims = figures.get("victims") or {}
    out.append((VICTIMS, "Total", "Total", "Total", "Total", victims.get("identified")))
    for key, sex in SEX.items():
        out.append((VICTIMS, "Total", "Total", sex, "Total", dig(victims, "by_sex", key)))
    for key, age in AGE.items():
        out.append((VICTIMS, "Total", "Total", "Total", age, dig(victims, "by_age", key)))
    crosstab = victims.get("crosstab")
    if crosstab is not None:
        for sex_key, sex in SEX.items():
            for age_key, age in AGE.items():
                count = sum(
                    row.get("persons", 0)
                    for row in crosstab
                    if row.get("status") == "identified"
                    and row.get("sex") == sex_key
                    and row.get("age") == age_key
                )
                out.append((VICTIMS, "Total", "Total", sex, age, count))
    for form, count in sorted((victims.get("by_form") or {}).items()):
        category = FORMS.get(form, "Other forms of exploitation")
        out.append((VICTIMS, BY_FORM, category, "Total", "Total", count))
    if victims.get("citizens") is not None:
        out.append((VICTIMS, BY_CITIZENSHIP, COUNTRY, "Total", "Total", victims["citizens"]))
    for code, count in sorted((victims.get("foreigners_by_country") or {}).items()):
        out.append((VICTIMS, BY_CITIZENSHIP, names.get(code, code), "Total", "Total", count))
    justice = figures.get("justice") or {}
    sent = justice.get("sent_to_court") or {}
    out.append((PROSECUTED, "Total", "Total", "Total", "Total", sent.get("persons")))
    for key, sex in SEX.items():
        out.append((PROSECUTED, "Total", "Total", sex, "Total", dig(sent, "by_sex", key)))
    out.append((CONVICTED, "Total", "Total", "Total", "Total", justice.get("convicted")))
    for key, sex in SEX.items():
        out.append(
            (CONVICTED, "Total", "Total", sex, "Total", dig(justice, "convicted_by_sex", key))
        )
    return [row for row in out if row[-1] is not None]


def build(spec: Spec) -> Made:
    names = dict(Country.objects.values_list("alpha3", "name_en"))
    limit = threshold()
    book = new_workbook()
    sheet = book.create_sheet("data_glotip")
    sheet.append(["UNODC Global Report on Trafficking in Persons: country data"])
    sheet.append([f"{COUNTRY}, {spec.first}-{spec.last}; made {timezone.now():%Y-%m-%d}"])
    header(sheet, COLUMNS)
    rows = 0
    small_cells = 0
    for year in spec.years:
        for indicator, dimension, category, sex, age, count in _figure_rows(
            annual(Period.years(year)), names
        ):
            text = small(count, limit)
            small_cells += text.startswith("<")
            sheet.append(
                [
                    ISO3,
                    COUNTRY,
                    REGION,
                    SUBREGION,
                    indicator,
                    dimension,
                    category,
                    sex,
                    age,
                    year,
                    UNIT,
                    text,
                    SOURCE,
                ]
            )
            rows += 1
    fit(sheet)
    return Made(
        content=save(book),
        file_name=f"glotip-{ISO3}-{spec.first}-{spec.last}.xlsx",
        rows=rows,
        summary={"threshold": limit, "cells_below_threshold": small_cells},
    )
