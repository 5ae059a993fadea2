"""The statistics tables of the Council of Europe's GRETA questionnaire: presumed and
identified victims by sex, age, form of exploitation and citizenship; investigations,
prosecutions and convictions; one column per year, one sheet per table, the headers in
the chosen language (GRETA works in English: the default)."""

from __future__ import annotations

from collections.abc import Callable

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ctis.cases.choices import ExploitationForm
from ctis.stats.exports.common import (
    Made,
    Spec,
    about,
    dig,
    fit,
    form_count,
    header,
    save,
    years_label,
)
from ctis.stats.exports.common import workbook as new_workbook
from ctis.stats.figures import annual
from ctis.stats.periods import Period

Line = tuple[str, Callable[[dict], object]]


def _crosstab(status: str, sex: str, age: str) -> Callable[[dict], object]:
    def count(figures: dict) -> int | None:
        rows = dig(figures, "victims", "crosstab")
        if rows is None:
            return None
        return sum(
            row.get("persons", 0)
            for row in rows
            if (row.get("status"), row.get("sex"), row.get("age")) == (status, sex, age)
        )

    return count


def _victim_lines(status: str) -> list[Line]:
    """The rows of a table of victims: ``identified`` reads the victims' own keys,
    ``presumed`` the ``victims.presumed`` margins (which have no forms: left empty)."""
    if status == "identified":

        def base(*keys):
            return lambda f: dig(f, "victims", *keys)

        total = base("identified")
        citizens, foreigners, unknown = (
            base("citizens"),
            base("foreigners"),
            base("citizenship_unknown"),
        )
    else:

        def base(*keys):
            return lambda f: dig(f, "victims", "presumed", *keys)

        total = base("persons")
        citizens, foreigners, unknown = (
            base("citizenship", "citizens"),
            base("citizenship", "foreigners"),
            base("citizenship", "unknown"),
        )
    lines: list[Line] = [
        (_("Total"), total),
        (_("Women and girls"), base("by_sex", "female")),
        (_("Men and boys"), base("by_sex", "male")),
        (_("Sex not known"), base("by_sex", "unknown")),
        (_("Adults"), base("by_age", "adult")),
        (_("Children"), base("by_age", "child")),
        (_("Age not known"), base("by_age", "unknown")),
        (_("Women"), _crosstab(status, "female", "adult")),
        (_("Men"), _crosstab(status, "male", "adult")),
        (_("Girls"), _crosstab(status, "female", "child")),
        (_("Boys"), _crosstab(status, "male", "child")),
    ]
    for form in ExploitationForm:
        label = _("Form of exploitation: %(form)s") % {"form": form.label}
        if status == "identified":
            lines.append((label, form_count(str(form))))
        else:
            lines.append((label, lambda f: None))
    lines += [
        (_("Nationals"), citizens),
        (_("Foreigners"), foreigners),
        (_("Citizenship not known"), unknown),
    ]
    return lines


def _justice_lines() -> list[Line]:
    def j(*keys):
        return lambda f: dig(f, "justice", *keys)

    return [
        (_("Investigations: criminal cases registered"), j("cases", "registered")),
        (_("of which under the trafficking articles"), j("cases", "under_trafficking_articles")),
        (_("Prosecutions: persons sent to court"), j("sent_to_court", "persons")),
        (_("of whom women"), j("sent_to_court", "by_sex", "female")),
        (_("of whom men"), j("sent_to_court", "by_sex", "male")),
        (_("Convictions: persons convicted"), j("convicted")),
        (_("of whom women"), j("convicted_by_sex", "female")),
        (_("of whom men"), j("convicted_by_sex", "male")),
        (_("Sentenced to imprisonment"), j("sentences", "imprisonment")),
        (_("Conditional sentences"), j("sentences", "conditional")),
        (_("Deferred sentences"), j("sentences", "deferred")),
        (_("Fines"), j("sentences", "fine")),
        (_("Persons acquitted"), j("acquitted")),
    ]


def _table(book, title: str, lines: list[Line], years: list[int], figures: dict) -> int:
    sheet = book.create_sheet(title[:31])
    header(sheet, [title, *years])
    for label, read in lines:
        sheet.append([label, *(read(figures[year]) for year in years)])
    fit(sheet, widest=70)
    return len(lines)


def build(spec: Spec) -> Made:
    figures = {year: annual(Period.years(year)) for year in spec.years}
    with translation.override(spec.language):
        book = new_workbook()
        rows = _table(
            book, _("Identified victims"), _victim_lines("identified"), spec.years, figures
        )
        rows += _table(book, _("Presumed victims"), _victim_lines("presumed"), spec.years, figures)
        rows += _table(book, _("Criminal justice"), _justice_lines(), spec.years, figures)
        about(
            book,
            [
                (_("GRETA statistics"), _("Azerbaijan")),
                (_("Years"), years_label(spec)),
                (_("Made on"), timezone.now().strftime("%Y-%m-%d")),
                (
                    _("Counting"),
                    _(
                        "Persons are counted once per figure; a victim of two forms of "
                        "exploitation counts under each. Child: under 18 in the year of "
                        "identification."
                    ),
                ),
            ],
        )
    return Made(
        content=save(book),
        file_name=f"greta-{years_label(spec)}-{spec.language}.xlsx",
        rows=rows,
        summary={"language": spec.language},
    )
