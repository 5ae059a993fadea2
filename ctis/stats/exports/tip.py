"""The US Department of State's Trafficking in Persons report data call: prosecution,
protection and prevention figures over its reporting period, 1 April of the year before to
31 March of the report's year (``--tip-year 2021``: 1 April 2020 – 31 March 2021)."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ctis.cases.choices import ExploitationForm
from ctis.stats.exports.common import Made, Spec, about, dig, fit, form_count, header, save
from ctis.stats.exports.common import workbook as new_workbook
from ctis.stats.figures import annual
from ctis.stats.periods import Period

Line = tuple[str, Callable[[dict], object]]


def tip_period(year: int) -> Period:
    return Period(datetime.date(year - 1, 4, 1), datetime.date(year, 3, 31))


def _at(*keys):
    return lambda figures: dig(figures, *keys)


def _prosecution() -> list[Line]:
    return [
        (_("Investigations: criminal cases registered"), _at("justice", "cases", "registered")),
        (
            _("of which under the trafficking articles"),
            _at("justice", "cases", "under_trafficking_articles"),
        ),
        (_("Prosecutions: persons sent to court"), _at("justice", "sent_to_court", "persons")),
        (_("of whom women"), _at("justice", "sent_to_court", "by_sex", "female")),
        (_("of whom men"), _at("justice", "sent_to_court", "by_sex", "male")),
        (_("Convictions: persons convicted"), _at("justice", "convicted")),
        (_("of whom women"), _at("justice", "convicted_by_sex", "female")),
        (_("of whom men"), _at("justice", "convicted_by_sex", "male")),
        (_("Sentenced to imprisonment"), _at("justice", "sentences", "imprisonment")),
        (_("Conditional sentences"), _at("justice", "sentences", "conditional")),
        (_("Deferred sentences"), _at("justice", "sentences", "deferred")),
        (_("Fines"), _at("justice", "sentences", "fine")),
        (_("Other sentences"), _at("justice", "sentences", "other")),
        (
            _("Months of imprisonment imposed, in all"),
            _at("justice", "imprisonment_months_total"),
        ),
        (_("Persons acquitted"), _at("justice", "acquitted")),
        (_("Cases dismissed (persons)"), _at("justice", "dismissed")),
    ]


def _protection() -> list[Line]:
    lines: list[Line] = [
        (_("Victims identified"), _at("victims", "identified")),
        (_("Women and girls"), _at("victims", "by_sex", "female")),
        (_("Men and boys"), _at("victims", "by_sex", "male")),
        (_("Sex not known"), _at("victims", "by_sex", "unknown")),
        (_("Adults"), _at("victims", "by_age", "adult")),
        (_("Children"), _at("victims", "by_age", "child")),
        (_("Age not known"), _at("victims", "by_age", "unknown")),
    ]
    for form in ExploitationForm:
        lines.append(
            (
                _("Form of exploitation: %(form)s") % {"form": form.label},
                form_count(str(form)),
            )
        )
    lines += [
        (_("Nationals"), _at("victims", "citizens")),
        (_("Foreigners"), _at("victims", "foreigners")),
        (_("Exploited inside the country"), _at("victims", "exploited_internally")),
        (_("Exploited abroad"), _at("victims", "exploited_abroad")),
        (_("Presumed victims"), _at("victims", "presumed", "persons")),
        (_("Placed in shelters"), _at("protection", "placed", "shelter")),
        (_("Placed in the assistance centre"), _at("protection", "placed", "assistance_centre")),
        (_("Given medical or psychological help"), _at("protection", "rehabilitated")),
        (_("Given legal aid"), _at("protection", "legal_aid")),
        (_("Helped into employment"), _at("protection", "employed")),
        (_("Sent to vocational courses"), _at("protection", "vocational_courses")),
        (_("Returned to their families"), _at("protection", "returned_to_families")),
        (_("Helped with identity documents"), _at("protection", "helped_with_documents")),
        (_("Repatriated"), _at("protection", "repatriated")),
        (
            _("Paid a one-time allowance (persons)"),
            _at("protection", "allowances", "one_time", "persons"),
        ),
        (
            _("One-time allowances, total in manat"),
            _at("protection", "allowances", "one_time", "total_azn"),
        ),
        (
            _("Paid a monthly allowance (persons)"),
            _at("protection", "allowances", "monthly", "persons"),
        ),
    ]
    return lines


def _prevention() -> list[Line]:
    return [
        (_("Hotline contacts"), _at("hotline", "contacts")),
        (_("of which about a possible case"), _at("hotline", "about_a_case")),
        (_("Awareness events"), _at("outreach", "events")),
        (_("Participants in awareness events"), _at("outreach", "participants")),
        (_("Trainings"), _at("outreach", "trainings")),
        (_("Participants in trainings"), _at("outreach", "training_participants")),
        (_("Materials distributed"), _at("outreach", "materials_distributed")),
        (_("Items found online or in the media"), _at("monitoring", "items")),
        (_("of which referred to the police"), _at("monitoring", "referred_to_police")),
    ]


def build(spec: Spec) -> Made:
    if spec.tip_year is None:
        raise ValueError("The TIP export needs the report's year.")
    period = tip_period(spec.tip_year)
    figures = annual(period)
    rows = 0
    with translation.override(spec.language):
        book = new_workbook()
        label = f"{period.start.isoformat()} – {period.end.isoformat()}"
        for title, lines in (
            (_("Prosecution"), _prosecution()),
            (_("Protection"), _protection()),
            (_("Prevention"), _prevention()),
        ):
            sheet = book.create_sheet(title[:31])
            header(sheet, [title, label])
            for name, read in lines:
                sheet.append([name, read(figures)])
            fit(sheet, widest=70)
            rows += len(lines)
        about(
            book,
            [
                (_("Trafficking in Persons report data call"), _("Azerbaijan")),
                (_("Report year"), spec.tip_year),
                (_("Reporting period"), label),
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
        file_name=f"tip-{spec.tip_year}-{spec.language}.xlsx",
        rows=rows,
        summary={"start": period.start.isoformat(), "end": period.end.isoformat()},
    )
