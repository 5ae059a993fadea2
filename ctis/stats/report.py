"""The annual report to Parliament: gathered as plain data in its language, then written
as DOCX (python-docx) or PDF (WeasyPrint, ``stats/documents/annual_report.html``).

The structure is seed 000's: introduction, methodology, legislation, prevention and
awareness, international cooperation, forced labour, prosecution and victims, the hotline
and monitoring, conclusions. Each section opens with its narrative block
(``ReportText``, edited per year and language); the figures of the year are written into
sentences and tables after it, from ``ctis.stats.figures``; the five charts follow, with
the series from 2005 (``ctis.stats.series_chart``). A figure the figures do not hold (a
count not offered yet) leaves its sentence or row out; nothing is written as zero that
was not counted.

The document machinery is the plan's (``ctis.plan.documents``): its DOCX set-up, its page
numbers, its PDF writer with its progress, its file names; a background ``Job`` makes
the file (``ctis.stats.tasks``).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.shared import Mm, Pt

from ctis.accounts.models import AgencyKind
from ctis.core.documents import (
    CONTENT_TYPES,
    LANGUAGES,
    Progress,
    az_ordinal,
    css_string,
    date_words,
    docx_bytes,
    docx_chart,
    docx_new,
    docx_page_numbers,
    docx_table,
    file_name,
    silent,
    write_pdf,
)
from ctis.core.models import Country
from ctis.plan.models import MeasureReport
from ctis.stats import charts, series_chart
from ctis.stats.models import ReportSection, ReportText, SeriesSource

__all__ = ["CONTENT_TYPES", "LANGUAGES", "file_name", "report_data", "report_file"]

SERIES_INDICATORS = ["crimes_recorded", "persons_charged", "victims_identified"]


@dataclass
class Table:
    title: str
    header: list[str]
    rows: list[list[str]]
    total: bool = False  # the last row is a total


@dataclass
class Chart:
    title: str
    svg: str
    note: str = ""
    table: Table | None = None


@dataclass
class Section:
    code: str
    heading: str
    narrative: list[str] = field(default_factory=list)
    sentences: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)


@dataclass
class ReportDocument:
    language: str
    year: int
    title: str
    subtitle: str
    generated: str
    sections: list[Section]
    charts: list[Chart]
    charts_heading: str
    page: str


# --- numbers and words ------------------------------------------------------------------


def _n(value) -> str:
    return formats.number_format(value, use_l10n=True, force_grouping=True)


def _y(year: int) -> str:
    """A year as a sentence writes it: ``2020-ci`` in Azerbaijani (“2020-ci ildə”)."""
    return az_ordinal(year) if translation.get_language() == "az" else str(year)


def _year_words(language: str, year: int) -> dict:
    return {"year": _y(year), "previous": _y(year - 1)}


def _join(parts: list[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return _("%(first)s and %(last)s") % {"first": ", ".join(parts[:-1]), "last": parts[-1]}


def _country_names(codes: list[str]) -> dict[str, str]:
    return {country.alpha3: country.name for country in Country.objects.filter(alpha3__in=codes)}


def _get(data: Mapping, path: str):
    return series_chart.figure(data, path)


def _one_decimal(value: float) -> int | float:
    rounded = round(value, 1)
    return int(rounded) if rounded == int(rounded) else rounded


def _change_sentence(now: int, before: int, words: dict) -> str:
    change = now - before
    if before and change > 0:
        text = _("%(change)s more than in %(previous)s (%(percent)s%%)")
    elif before and change < 0:
        text = _("%(change)s fewer than in %(previous)s (%(percent)s%%)")
    elif before:
        text = _("as many as in %(previous)s")
    else:
        return ""
    return text % {
        **words,
        "change": _n(abs(change)),
        "percent": _n(_one_decimal(100 * abs(change) / before)),
    }


# --- the sentences of each section ------------------------------------------------------


def methodology_sentences(year: int, words: dict) -> list[str]:
    """How many central and local bodies reported on the year (the plan's yearly
    reports submitted or accepted), and the system's own records."""
    kinds = (
        MeasureReport.objects.filter(
            period__year=year,
            state__in=[MeasureReport.State.SUBMITTED, MeasureReport.State.ACCEPTED],
        )
        .values_list("agency_id", "agency__kind")
        .distinct()
    )
    counted = {"central": 0, "local": 0, "other": 0}
    for _agency, kind in kinds:
        if kind == AgencyKind.CENTRAL_EXECUTIVE:
            counted["central"] += 1
        elif kind == AgencyKind.LOCAL_EXECUTIVE:
            counted["local"] += 1
        else:
            counted["other"] += 1
    if not sum(counted.values()):
        return [_("No body has yet submitted its report on %(year)s under the plan.") % words]
    sentence = _(
        "This report was prepared from the reports on %(year)s of %(central)s central "
        "and %(local)s local executive bodies and %(other)s other bodies, and from the records "
        "of the counter-trafficking information system."
    )
    return [sentence % {**words, **{k: _n(v) for k, v in counted.items()}}]


def prosecution_sentences(now: Mapping, before: Mapping, words: dict) -> list[str]:
    out = []
    crimes = series_chart.indicator_value(now, "crimes_recorded")
    if crimes is not None:
        documents = series_chart.indicator_value(now, "crimes_documents")
        sentence = (
            _("Crimes of trafficking in persons recorded in %(year)s: %(crimes)s")
            % {**words, "crimes": _n(crimes)}
            if documents is None
            else _(
                "Crimes recorded in %(year)s: %(crimes)s of trafficking in persons and "
                "%(documents)s of illegal actions with documents"
            )
            % {**words, "crimes": _n(crimes), "documents": _n(documents)}
        )
        total_now = crimes + (documents or 0)
        prior = series_chart.indicator_value(before, "crimes_recorded")
        if prior is not None:
            prior += series_chart.indicator_value(before, "crimes_documents") or 0
            change = _change_sentence(total_now, prior, words)
            sentence += f", {change}" if change else ""
        out.append(sentence + ".")
    cases = _get(now, "justice.cases")
    if isinstance(cases, Mapping) and "registered" in cases:
        sentence = _("Criminal cases registered in %(year)s: %(cases)s") % {
            **words,
            "cases": _n(cases["registered"]),
        }
        if cases.get("previous") is not None:
            change = _change_sentence(cases["registered"], cases["previous"], words)
            sentence += f", {change}" if change else ""
        out.append(sentence + ".")
    groups = _get(now, "justice.criminal_groups.neutralised")
    members = _get(now, "justice.criminal_groups.members")
    if groups is not None and members is not None:
        out.append(
            _("Criminal groups neutralised: %(groups)s (members: %(members)s).")
            % {"groups": _n(groups), "members": _n(members)}
        )
    charged = _get(now, "justice.charged")
    if isinstance(charged, Mapping) and "persons" in charged:
        by_sex = charged.get("by_sex", {})
        out.append(
            _("Persons charged: %(persons)s (women: %(women)s, men: %(men)s).")
            % {
                "persons": _n(charged["persons"]),
                "women": _n(by_sex.get("female", 0)),
                "men": _n(by_sex.get("male", 0)),
            }
        )
    sent = _get(now, "justice.sent_to_court.persons")
    if sent is not None:
        out.append(
            _("Accused persons whose cases were sent to court: %(persons)s.")
            % {"persons": _n(sent)}
        )
    convicted = _get(now, "justice.convicted")
    sentences = _get(now, "justice.sentences") or {}
    if convicted:
        out.append(
            _(
                "Persons convicted by the courts: %(convicted)s; sentenced to imprisonment: "
                "%(imprisonment)s, given a conditional sentence: %(conditional)s, sentence "
                "deferred: %(deferred)s."
            )
            % {
                "convicted": _n(convicted),
                "imprisonment": _n(sentences.get("imprisonment", 0)),
                "conditional": _n(sentences.get("conditional", 0)),
                "deferred": _n(sentences.get("deferred", 0)),
            }
        )
    elif convicted == 0:
        out.append(_("No person was convicted by the courts in %(year)s.") % words)
    return out


def victims_sentences(now: Mapping, words: dict, names: dict[str, str]) -> list[str]:
    victims = now.get("victims")
    if not isinstance(victims, Mapping) or "identified" not in victims:
        return []
    groups = victims.get("women_men_children", {})
    foreigners = victims.get("foreigners_by_country", {})
    out = [
        _(
            "Victims of trafficking in persons identified: %(victims)s (women: %(women)s, men: "
            "%(men)s, children: %(children)s); citizens of the Republic of Azerbaijan: "
            "%(citizens)s, foreigners: %(foreigners)s."
        )
        % {
            "victims": _n(victims["identified"]),
            "women": _n(groups.get("women", 0)),
            "men": _n(groups.get("men", 0)),
            "children": _n(groups.get("children", 0)),
            "citizens": _n(victims.get("citizens", 0)),
            "foreigners": _n(victims.get("foreigners", 0)),
        }
    ]
    if foreigners:
        out.append(
            _("The foreign victims were citizens of %(countries)s.")
            % {
                "countries": _join(
                    [
                        f"{names.get(code, code)} ({_n(count)})"
                        for code, count in sorted(foreigners.items(), key=lambda kv: -kv[1])
                    ]
                )
            }
        )
    countries = victims.get("countries_of_exploitation", {})
    abroad = [
        (code, row["victims"])
        for code, row in sorted(countries.items(), key=lambda kv: -kv[1]["victims"])
        if code != series_chart.HOME
    ]
    if abroad:
        out.append(
            _("Victims were exploited abroad in %(countries)s.")
            % {"countries": _join([f"{names.get(c, c)} ({_n(n)})" for c, n in abroad])}
        )
    internal = victims.get("exploited_internally")
    if internal:
        out.append(
            _("Victims exploited inside the country: %(victims)s.") % {"victims": _n(internal)}
        )
    rate = victims.get("per_100k_population")
    if rate is not None:
        out.append(_("That is %(rate)s victims per 100,000 inhabitants.") % {"rate": _n(rate)})
    return out


def protection_sentences(now: Mapping) -> list[str]:
    protection = now.get("protection")
    if not isinstance(protection, Mapping):
        return []
    out = []
    placed = protection.get("placed", {})
    if placed:
        out.append(
            _(
                "Victims placed in shelters: %(shelter)s, in the assistance centre: %(centre)s; "
                "they were given medical, psychological and legal help."
            )
            % {
                "shelter": _n(placed.get("shelter", 0)),
                "centre": _n(placed.get("assistance_centre", 0)),
            }
        )
    if "employed" in protection:
        out.append(
            _(
                "Victims rehabilitated: %(rehabilitated)s; helped into work: %(employed)s, sent to "
                "vocational courses: %(courses)s, returned to their families: %(families)s, helped "
                "to obtain identity documents: %(documents)s."
            )
            % {
                "rehabilitated": _n(protection.get("rehabilitated", 0)),
                "employed": _n(protection.get("employed", 0)),
                "courses": _n(protection.get("vocational_courses", 0)),
                "families": _n(protection.get("returned_to_families", 0)),
                "documents": _n(protection.get("helped_with_documents", 0)),
            }
        )
    one_time = _get(protection, "allowances.one_time")
    if isinstance(one_time, Mapping) and one_time.get("persons"):
        out.append(
            _("Victims paid a one-time allowance: %(persons)s, %(total)s manat in all.")
            % {"persons": _n(one_time["persons"]), "total": _n(one_time.get("total_azn", 0))}
        )
    children = protection.get("children")
    if isinstance(children, Mapping) and any(children.values()):
        out.append(
            _(
                "Of the victims' children: placed in pre-school education: %(preschool)s, "
                "paternity established and alimony obtained: %(paternity)s, given birth "
                "certificates: %(birth)s."
            )
            % {
                "preschool": _n(children.get("preschool_education", 0)),
                "paternity": _n(children.get("paternity_and_alimony", 0)),
                "birth": _n(children.get("birth_certificates", 0)),
            }
        )
    return out


def hotline_sentences(now: Mapping) -> list[str]:
    out = []
    hotline = now.get("hotline")
    if isinstance(hotline, Mapping) and "contacts" in hotline:
        out.append(
            _(
                "Contacts received by the hotline: %(contacts)s, of them about a possible case of "
                "trafficking: %(cases)s; each was examined and answered."
            )
            % {"contacts": _n(hotline["contacts"]), "cases": _n(hotline.get("about_a_case", 0))}
        )
    monitoring = now.get("monitoring")
    if isinstance(monitoring, Mapping) and "items" in monitoring:
        out.append(
            _(
                "Items found by the daily monitoring of internet resources and the media: "
                "%(items)s; referred to the police: %(police)s, blocking requested: %(blocking)s."
            )
            % {
                "items": _n(monitoring["items"]),
                "police": _n(monitoring.get("referred_to_police", 0)),
                "blocking": _n(monitoring.get("blocking_requested", 0)),
            }
        )
    return out


def outreach_sentences(now: Mapping) -> list[str]:
    outreach = now.get("outreach")
    if not isinstance(outreach, Mapping) or "events" not in outreach:
        return []
    out = [
        _(
            "Awareness events held: %(events)s (participants: %(participants)s); of them "
            "trainings: %(trainings)s (participants: %(training_participants)s)."
        )
        % {
            "events": _n(outreach["events"]),
            "participants": _n(outreach.get("participants", 0)),
            "trainings": _n(outreach.get("trainings", 0)),
            "training_participants": _n(outreach.get("training_participants", 0)),
        }
    ]
    if outreach.get("materials_distributed"):
        out.append(
            _("Booklets and other materials distributed: %(materials)s.")
            % {"materials": _n(outreach["materials_distributed"])}
        )
    return out


# --- tables and charts ------------------------------------------------------------------


def victims_table(now: Mapping, before: Mapping, year: int) -> Table | None:
    victims, earlier = now.get("victims"), before.get("victims") or {}
    if not isinstance(victims, Mapping) or "identified" not in victims:
        return None
    groups = victims.get("women_men_children", {})
    old_groups = earlier.get("women_men_children", {})
    rows = [
        [_("Women"), _n(groups.get("women", 0)), _n(old_groups.get("women", 0))],
        [_("Men"), _n(groups.get("men", 0)), _n(old_groups.get("men", 0))],
        [_("Children"), _n(groups.get("children", 0)), _n(old_groups.get("children", 0))],
        [_("Citizens"), _n(victims.get("citizens", 0)), _n(earlier.get("citizens", 0))],
        [_("Foreigners"), _n(victims.get("foreigners", 0)), _n(earlier.get("foreigners", 0))],
        [_("Victims identified"), _n(victims["identified"]), _n(earlier.get("identified", 0))],
    ]
    return Table(
        _("Victims of trafficking identified"),
        ["", str(year), str(year - 1)],
        rows,
        total=True,
    )


def prosecution_table(now: Mapping, before: Mapping, year: int) -> Table | None:
    rows = []
    for label, path in (
        (_("Crimes of trafficking recorded"), "justice.crimes.recorded"),
        (_("Crimes of illegal actions with documents"), "justice.crimes.documents"),
        (_("Criminal cases registered"), "justice.cases.registered"),
        (_("Criminal groups neutralised"), "justice.criminal_groups.neutralised"),
        (_("Persons charged"), "justice.charged.persons"),
        (_("Persons sent to court"), "justice.sent_to_court.persons"),
        (_("Persons convicted"), "justice.convicted"),
        (_("Sentenced to imprisonment"), "justice.sentences.imprisonment"),
        (_("Conditional sentences"), "justice.sentences.conditional"),
        (_("Deferred sentences"), "justice.sentences.deferred"),
    ):
        value = _get(now, path)
        if value is None:
            continue
        old = _get(before, path)
        rows.append([label, _n(value), "" if old is None else _n(old)])
    if not rows:
        return None
    return Table(_("Prosecution figures"), ["", str(year), str(year - 1)], rows)


def countries_rows(now: Mapping, names: dict[str, str]) -> list[tuple[str, int]]:
    countries = _get(now, "victims.countries_of_exploitation") or {}
    rows = sorted(countries.items(), key=lambda kv: (-kv[1]["victims"], kv[0]))
    return [
        (
            _("Azerbaijan (inside the country)")
            if code == series_chart.HOME
            else names.get(code, code),
            row["victims"],
        )
        for code, row in rows
    ]


def articles_rows(now: Mapping) -> tuple[str, list[tuple[str, int]]]:
    crimes = _get(now, "justice.crimes.by_article")
    if isinstance(crimes, Mapping) and crimes:
        title = _("Crimes recorded by article of the Criminal Code")
        counts = crimes
    else:
        title = _("Criminal cases registered by article of the Criminal Code")
        counts = _get(now, "justice.cases.by_article") or {}
    rows = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return title, [(_("Article %(code)s") % {"code": code}, n) for code, n in rows]


SERIES_TITLES = {
    "crimes_recorded": gettext_noop("Crimes of trafficking recorded, %(first)s–%(last)s"),
    "persons_charged": gettext_noop(
        "Persons charged with trafficking and forced labour, %(first)s–%(last)s"
    ),
    "victims_identified": gettext_noop("Victims of trafficking identified, %(first)s–%(last)s"),
}


def series_title(indicator: str, first: int, last: int) -> str:
    return _(SERIES_TITLES[indicator]) % {"first": first, "last": last}


def series_legend() -> list[tuple[str, bool]]:
    return [(_("ctis records"), False), (_("historical series"), True)]


def series_chart_of(series: series_chart.Series, title: str) -> Chart:
    columns = [
        charts.Column(
            str(point.year),
            point.value,
            text=point.store_text if point.value is None and point.source else "",
            light=point.source == SeriesSource.STORE,
        )
        for point in series.points
    ]
    counted = any(point.source == SeriesSource.CASES for point in series.points)
    if series.records_from and not counted:
        rule = _(
            "ctis does not count this figure yet: every figure comes from the historical series."
        )
    else:
        rule = (
            _(
                "From %(year)s the figures are counted from ctis's records; the years before "
                "come from the historical series (published figures)."
            )
            % {"year": _y(series.records_from)}
            if series.records_from
            else _("ctis holds no records yet: every figure comes from the historical series.")
        )
    table = None
    if series.both:
        table = Table(
            _("Years held by both sources (ctis's records are used)"),
            [_("Year"), _("ctis records"), _("historical series"), _("Difference")],
            [
                [
                    str(point.year),
                    _n(point.cases),
                    point.store_text or _n(point.store),
                    f"{point.difference:+d}",
                ]
                for point in series.both
            ],
        )
    return Chart(
        title, charts.column_chart(columns, title=title, legend=series_legend()), rule, table
    )


# --- gathering --------------------------------------------------------------------------


SECTION_ORDER = list(ReportSection)


def report_data(
    year: int,
    *,
    language: str = "az",
    today: datetime.date | None = None,
    first_year: int = series_chart.FIRST_YEAR,
    by_year: series_chart.YearFigures | None = None,
) -> ReportDocument:
    by_year = by_year or series_chart.YearFigures()
    with translation.override(language):
        words = _year_words(language, year)
        now, before = by_year(year), by_year(year - 1)
        codes = set(_get(now, "victims.countries_of_exploitation") or {}) | set(
            _get(now, "victims.foreigners_by_country") or {}
        )
        names = _country_names(sorted(codes))
        texts = {
            row.section: row.text for row in ReportText.objects.filter(year=year, language=language)
        }
        automatic = {
            ReportSection.METHODOLOGY: methodology_sentences(year, words),
            ReportSection.PREVENTION: outreach_sentences(now),
            ReportSection.PROSECUTION: [
                *prosecution_sentences(now, before, words),
                *victims_sentences(now, words, names),
                *protection_sentences(now),
            ],
            ReportSection.HOTLINE: hotline_sentences(now),
        }
        tables = {
            ReportSection.PROSECUTION: [
                table
                for table in (
                    prosecution_table(now, before, year),
                    victims_table(now, before, year),
                )
                if table is not None
            ]
        }
        sections = []
        for number, code in enumerate(SECTION_ORDER, start=1):
            lines = [line.strip() for line in texts.get(code, "").splitlines()]
            sections.append(
                Section(
                    code=code,
                    heading=f"{number}. {code.label}",
                    narrative=[line for line in lines if line],
                    sentences=automatic.get(code, []),
                    tables=tables.get(code, []),
                )
            )
        built = series_chart.build(SERIES_INDICATORS, first_year, year, by_year=by_year)
        article_title, article_rows = articles_rows(now)
        country_rows = countries_rows(now, names)
        chart_list = [
            series_chart_of(
                built["crimes_recorded"], series_title("crimes_recorded", first_year, year)
            ),
            Chart(
                f"{article_title}, {year}", charts.ranking_chart(article_rows, title=article_title)
            ),
            series_chart_of(
                built["persons_charged"], series_title("persons_charged", first_year, year)
            ),
            series_chart_of(
                built["victims_identified"], series_title("victims_identified", first_year, year)
            ),
            Chart(
                _("Countries where the victims were exploited, %(year)s") % {"year": year},
                charts.ranking_chart(country_rows, title=_("Countries of exploitation")),
                _("A victim exploited in more than one country counts once in each."),
            ),
        ]
        return ReportDocument(
            language=language,
            year=year,
            title=_(
                "Report of the National Coordinator on the fight against trafficking in "
                "persons in %(year)s"
            )
            % words,
            subtitle=_("To the Milli Majlis of the Republic of Azerbaijan"),
            generated=_("Generated on %(date)s")
            % {"date": date_words(today or timezone.localdate(), language)},
            sections=sections,
            charts=chart_list,
            charts_heading=_("Charts"),
            page=_("Page"),
        )


# --- DOCX -------------------------------------------------------------------------------


def _docx_table(document, table: Table) -> None:
    document.add_paragraph(table.title, style="Heading 3")
    docx_table(document, table.header, table.rows, total=table.total, right_from=1)
    document.add_paragraph()


def report_docx(doc: ReportDocument, progress: Progress = silent) -> bytes:
    document = docx_new(doc.language, doc.title)
    docx_page_numbers(document, doc.page)
    for _line in range(6):
        document.add_paragraph()
    for line, size in ((doc.title, 16), (doc.subtitle, 12)):
        paragraph = document.add_paragraph(style="Title")
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run(line).font.size = Pt(size)
    paragraph = document.add_paragraph(doc.generated)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run().add_break(WD_BREAK.PAGE)
    total = len(doc.sections) + len(doc.charts)
    for index, section in enumerate(doc.sections, start=1):
        document.add_paragraph(section.heading, style="Heading 1")
        for line in [*section.narrative, *section.sentences]:
            paragraph = document.add_paragraph(line)
            paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            paragraph.paragraph_format.first_line_indent = Mm(10)
        for table in section.tables:
            _docx_table(document, table)
        progress("write", index, total)
    heading = document.add_paragraph(doc.charts_heading, style="Heading 1")
    heading.paragraph_format.page_break_before = True
    for index, chart in enumerate(doc.charts, start=len(doc.sections) + 1):
        document.add_paragraph(chart.title, style="Heading 2")
        docx_chart(document, chart.svg)
        if chart.note:
            note = document.add_paragraph(chart.note)
            note.runs[0].font.size = Pt(8)
        if chart.table is not None:
            _docx_table(document, chart.table)
        progress("write", index, total)
    return docx_bytes(document)


# --- PDF --------------------------------------------------------------------------------


def report_pdf(doc: ReportDocument, progress: Progress = silent) -> bytes:
    context = {"doc": doc, "page_label": css_string(doc.page)}
    return write_pdf(
        "stats/documents/annual_report.html", context, language=doc.language, progress=progress
    )


WRITERS = {"docx": report_docx, "pdf": report_pdf}


def report_file(
    *,
    year: int,
    fmt: str,
    language: str = "az",
    today: datetime.date | None = None,
    progress: Progress = silent,
) -> bytes:
    progress("gather", 0, 0)
    doc = report_data(year, language=language, today=today)
    return WRITERS[fmt](doc, progress)
