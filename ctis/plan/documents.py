"""The plan's documents: an agency's yearly report and the consolidated yearly report.

Each document is first gathered as plain data in its own language (``agency_document``,
``consolidated_document``), then written as DOCX with python-docx or as PDF with
WeasyPrint from the templates in ``plan/documents/``. Gathering costs the same number of
queries however many reports there are.

Whoever downloads a document chooses its language, whatever the language of the
interface, so every heading and label of a document is looked up here (``labels``): the
English source strings in ``SOURCE`` are marked for translation and translated under
``translation.override``; ``HEADINGS`` gives the Azerbaijani and Russian words until the
catalogues have them, and wins over the catalogue while it holds a language. What the
plan and the agencies wrote (titles, narratives, figures) stays as written.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TypedDict

from django.utils import formats, timezone, translation
from django.utils.translation import gettext, gettext_noop
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.shared import Mm, Pt

from ctis.accounts.models import Agency
from ctis.core import registry
from ctis.core.charts import Bar, horizontal_bar_chart
from ctis.core.documents import (
    FONT,
    GREY,
    Progress,
    az_locative_ending,
    az_ordinal,
    clean,
    css_string,
    date_words,
    docx_bytes,
    docx_chart,
    docx_new,
    docx_page_numbers,
    docx_paragraph,
    docx_run,
    docx_small,
    docx_table,
    silent,
    write_pdf,
)
from ctis.plan import selectors
from ctis.plan.models import ImplementationStatus, Measure, MeasureReport, ReportingPeriod

# The document's words in English: the source strings for translation. Status and state
# labels repeat the models' labels, so one translation serves both.
SOURCE: dict[str, str] = {
    "agency_title": gettext_noop(
        "%(agency)s: report on the implementation in %(year)s of the measures of the “%(plan)s”"
    ),
    "agency_subtitle": gettext_noop("REPORT"),
    "measure_heading": gettext_noop("Measure %(number)s (%(title)s)"),
    "status": gettext_noop("Implementation status"),
    "figures": gettext_noop("Figures"),
    "state": gettext_noop("Report state"),
    "no_reports": gettext_noop("There are no reports on the plan's measures for this period."),
    "received_only": gettext_noop("Only reports submitted to the coordinator are included."),
    "consolidated_title": gettext_noop(
        "Consolidated report on the implementation of the plan in %(year)s"
    ),
    "generated": gettext_noop("Generated on %(date)s"),
    "summary": gettext_noop("Summary"),
    "received_total": gettext_noop(
        "Reports received: %(received)s of %(expected)s expected (%(percent)s%%)."
    ),
    "status_table": gettext_noop("Received reports by implementation status"),
    "status_column": gettext_noop("Implementation status"),
    "count_column": gettext_noop("Reports"),
    "total": gettext_noop("Total"),
    "chart_title": gettext_noop("Completeness of reporting by agency (received / expected)"),
    "no_report": gettext_noop("No report received"),
    "no_body": gettext_noop("No agency is expected to report on this measure."),
    "recommended": gettext_noop("recommended participant"),
    "page": gettext_noop("Page"),
    "status.implemented": gettext_noop("Implemented"),
    "status.in_progress": gettext_noop("In progress"),
    "status.partial": gettext_noop("Partially implemented"),
    "status.not_implemented": gettext_noop("Not implemented"),
    "status.nothing_to_report": gettext_noop("Nothing to report this period"),
    "state.draft": gettext_noop("Draft"),
    "state.submitted": gettext_noop("Submitted"),
    "state.returned": gettext_noop("Returned"),
    "state.accepted": gettext_noop("Accepted"),
}

HEADINGS: dict[str, dict[str, str]] = {
    "az": {
        # As the agencies head their own reports (seed 004): “<plan>”nda nəzərdə tutulan
        # tədbirlərin <agency> tərəfindən 2021-ci il ərzində icrası barədə MƏLUMAT.
        "agency_title": "“%(plan)s”%(plan_locative)s nəzərdə tutulan tədbirlərin %(agency)s tərəfindən %(year_ordinal)s il ərzində icrası barədə",
        "agency_subtitle": "MƏLUMAT",
        "measure_heading": "%(number_ordinal)s yarımbənd üzrə (%(title)s):",
        "status": "İcra vəziyyəti",
        "figures": "Göstəricilər",
        "state": "Hesabatın vəziyyəti",
        "no_reports": "Bu dövr üzrə Planın tədbirlərinə dair hesabat yoxdur.",
        "received_only": "Yalnız koordinatora təqdim edilmiş hesabatlar daxil edilib.",
        "consolidated_title": "%(year_ordinal)s il ərzində icrası barədə ümumiləşdirilmiş hesabat",
        "generated": "Tərtib edilib: %(date)s",
        "summary": "Ümumi məlumat",
        "received_total": "Daxil olmuş hesabatlar: gözlənilən %(expected)s hesabatdan %(received)s (%(percent)s%%).",
        "status_table": "Daxil olmuş hesabatların icra vəziyyəti üzrə bölgüsü",
        "status_column": "İcra vəziyyəti",
        "count_column": "Hesabatların sayı",
        "total": "Cəmi",
        "chart_title": "Qurumlar üzrə hesabatların tamlığı (daxil olmuş / gözlənilən)",
        "no_report": "Hesabat daxil olmayıb",
        "no_body": "Bu tədbir üzrə hesabat verməli qurum müəyyən edilməyib.",
        "recommended": "tövsiyə olunan iştirakçı",
        "page": "Səhifə",
        "status.implemented": "İcra edilib",
        "status.in_progress": "İcra olunur",
        "status.partial": "Qismən icra edilib",
        "status.not_implemented": "İcra edilməyib",
        "status.nothing_to_report": "Hesabat dövründə məlumat yoxdur",
        "state.draft": "Layihə",
        "state.submitted": "Təqdim edilib",
        "state.returned": "Düzəliş üçün qaytarılıb",
        "state.accepted": "Qəbul edilib",
    },
    "ru": {
        "agency_title": "Информация об исполнении в %(year)s году мероприятий, предусмотренных «%(plan)s». Исполнитель: %(agency)s",
        "agency_subtitle": "ИНФОРМАЦИЯ",
        "measure_heading": "По подпункту %(number)s (%(title)s):",
        "status": "Состояние исполнения",
        "figures": "Показатели",
        "state": "Статус отчёта",
        "no_reports": "За этот период отчётов по мероприятиям Плана нет.",
        "received_only": "Включены только отчёты, представленные координатору.",
        "consolidated_title": "Сводный отчёт об исполнении Плана за %(year)s год",
        "generated": "Дата составления: %(date)s",
        "summary": "Общие сведения",
        "received_total": "Получено отчётов: %(received)s из %(expected)s ожидаемых (%(percent)s%%).",
        "status_table": "Распределение полученных отчётов по состоянию исполнения",
        "status_column": "Состояние исполнения",
        "count_column": "Количество отчётов",
        "total": "Итого",
        "chart_title": "Полнота отчётности по ведомствам (получено / ожидалось)",
        "no_report": "Отчёт не поступил",
        "no_body": "По этому мероприятию не определён орган, обязанный отчитываться.",
        "recommended": "рекомендуемый участник",
        "page": "Страница",
        "status.implemented": "Выполнено",
        "status.in_progress": "Выполняется",
        "status.partial": "Выполнено частично",
        "status.not_implemented": "Не выполнено",
        "status.nothing_to_report": "За период сообщить нечего",
        "state.draft": "Черновик",
        "state.submitted": "Представлен",
        "state.returned": "Возвращён на доработку",
        "state.accepted": "Принят",
    },
}


def labels(language: str) -> dict[str, str]:
    """Every heading and label of the documents in ``language``."""
    with translation.override(language):
        translated = {key: gettext(text) for key, text in SOURCE.items()}
    return {**translated, **HEADINGS.get(language, {})}


# --- the documents as data --------------------------------------------------------------


@dataclass
class Entry:
    """One agency's report on one measure, or the absence of an expected one."""

    agency: str
    received: bool = True
    status: str = ""
    state: str = ""
    paragraphs: list[str] = field(default_factory=list)
    figures: list[str] = field(default_factory=list)
    recommended: bool = False


@dataclass
class MeasureBlock:
    heading: str
    entries: list[Entry]


@dataclass
class SectionBlock:
    heading: str
    measures: list[MeasureBlock]


@dataclass
class AgencyDocument:
    language: str
    text: dict[str, str]
    title: str
    subtitle: str
    blocks: list[MeasureBlock]
    received_only: bool


@dataclass
class ConsolidatedDocument:
    language: str
    text: dict[str, str]
    plan_title: str
    title: str
    generated: str
    received_total: str
    status_rows: list[tuple[str, int]]
    status_total: int
    chart_svg: str
    sections: list[SectionBlock]
    # What other apps add (ctis.core.registry.document_sections): heading, intro, table.
    extra: list[dict] = field(default_factory=list)


class Words(TypedDict):
    """What the document titles fill in (``%(plan)s``, ``%(year_ordinal)s`` …)."""

    plan: str
    plan_locative: str
    year: int
    year_ordinal: str | int


def _words(language: str, period: ReportingPeriod) -> Words:
    # The plan's own title is Azerbaijani; title_en / title_ru are optional translations.
    plan = period.plan
    plan_title = getattr(plan, f"title_{language}", "") or plan.title
    return {
        "plan": plan_title,
        "plan_locative": az_locative_ending(plan_title) if language == "az" else "",
        "year": period.year,
        "year_ordinal": az_ordinal(period.year) if language == "az" else period.year,
    }


def _measure_heading(text: dict[str, str], language: str, measure: Measure) -> str:
    return text["measure_heading"] % {
        "number": measure.number,
        "number_ordinal": az_ordinal(measure.number) if language == "az" else measure.number,
        "title": clean(measure.title).rstrip(".;:"),
    }


def _number(value: Decimal) -> str:
    value = value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()
    return formats.number_format(value, use_l10n=True, force_grouping=True)


def _entry(text: dict[str, str], report: MeasureReport, agency_name: str) -> Entry:
    lines = (clean(line) for line in report.narrative.splitlines())
    return Entry(
        agency=agency_name,
        status=text.get(f"status.{report.status}", report.status),
        state=text.get(f"state.{report.state}", report.state),
        paragraphs=[line for line in lines if line],
        figures=[
            *_indicator_lines(report),
            *(
                clean(f"{figure.label}: {_number(figure.value)} {figure.unit}")
                for figure in report.figures.all()
            ),
        ],
    )


def _indicator_lines(report: MeasureReport) -> list[str]:
    """The report's catalogue numbers (ADR 0019), each with its breakdown: "Staff trained:
    348 persons (women 120; men 228)". Read from ``indicator_values__indicator``, prefetched."""
    lines = []
    for row in selectors.report_indicator_rows(report, values=report.indicator_values.all()):
        total = _number(row.total) if row.total is not None else "—"
        line = f"{row.indicator.name}: {total} {row.indicator.get_unit_display()}"
        if len(row.values) > 1:
            parts = [
                f"{label.lower()} {_number(value) if value is not None else '—'}"
                for _category, label, value in row.cells
            ]
            line += f" ({'; '.join(parts)})"
        lines.append(clean(line))
    return lines


def agency_document(
    period: ReportingPeriod, agency: Agency, *, language: str = "az", received_only: bool = False
) -> AgencyDocument:
    """The agency's reports in the period, in the plan's order.

    ``received_only`` leaves out drafts never submitted, for readers outside the agency.
    """
    text = labels(language)
    with translation.override(language):
        reports = (
            MeasureReport.objects.filter(period=period, agency=agency)
            .select_related("measure")
            .prefetch_related("figures", "indicator_values__indicator")
            .order_by("measure__position", "measure__id")
        )
        if received_only:
            reports = reports.filter(first_submitted_at__isnull=False)
        words = {**_words(language, period), "agency": agency.name}
        return AgencyDocument(
            language=language,
            text=text,
            title=text["agency_title"] % words,
            subtitle=text["agency_subtitle"],
            blocks=[
                MeasureBlock(
                    heading=_measure_heading(text, language, report.measure),
                    entries=[_entry(text, report, agency.name)],
                )
                for report in reports
            ],
            received_only=received_only,
        )


def consolidated_document(
    period: ReportingPeriod, *, language: str = "az", today: datetime.date | None = None
) -> ConsolidatedDocument:
    """All received reports of the period by section and measure, with the period's totals."""
    text = labels(language)
    with translation.override(language):
        overview = selectors.period_overview(period)
        words = _words(language, period)
        total = overview.total
        by_agency = sorted(overview.by_agency, key=lambda row: (-row.percent, row.label))
        chart = horizontal_bar_chart(
            [
                Bar(row.label, row.percent, f"{row.received} / {row.expected} · {row.percent}%")
                for row in by_agency
            ],
            title=text["chart_title"],
            font_family=FONT,
        )
        sections = [
            SectionBlock(
                heading=f"{row['section'].number}. {row['section'].title}",
                measures=[_consolidated_measure(text, language, item) for item in row["measures"]],
            )
            for row in selectors.consolidated_rows(period)
        ]
        return ConsolidatedDocument(
            language=language,
            text=text,
            plan_title=words["plan"],
            title=text["consolidated_title"] % words,
            generated=text["generated"]
            % {"date": date_words(today or timezone.localdate(), language)},
            received_total=text["received_total"]
            % {"received": total.received, "expected": total.expected, "percent": total.percent},
            status_rows=[
                (text[f"status.{status}"], overview.status_counts.get(status, 0))
                for status in ImplementationStatus.values
            ],
            status_total=sum(overview.status_counts.values()),
            chart_svg=chart,
            sections=sections,
            extra=[
                built
                for item in registry.document_sections
                if (built := item.build(period, language)) is not None
            ],
        )


def _consolidated_measure(text: dict[str, str], language: str, item: dict) -> MeasureBlock:
    entries = []
    for row in item["entries"]:
        name = row["agency"].name
        if row["report"] is not None:
            entry = _entry(text, row["report"], name)
            entry.recommended = row["recommended"]
            entries.append(entry)
        elif row["expected"]:
            entries.append(Entry(agency=name, received=False))
    return MeasureBlock(heading=_measure_heading(text, language, item["measure"]), entries=entries)


# --- DOCX -------------------------------------------------------------------------------


def _docx_style_ids(document) -> dict[str, str]:
    """The paragraph styles the entries use, by name, as their ids in this document."""
    return {name: document.styles[name].style_id for name in ("Heading 3", "List Bullet")}


def _docx_entry(
    document, text: dict[str, str], entry: Entry, *, with_agency: bool, styles: dict[str, str]
) -> None:
    if not entry.received:
        paragraph = docx_paragraph(document)
        docx_run(paragraph, entry.agency).bold = True
        missing = docx_run(paragraph, f" — {text['no_report']}")
        missing.italic = True
        missing.font.color.rgb = GREY
        return
    if with_agency:
        paragraph = docx_paragraph(document, entry.agency, styles["Heading 3"])
        if entry.recommended:
            docx_small(paragraph, f" ({text['recommended']})")
    paragraph = docx_paragraph(document)
    paragraph.paragraph_format.keep_with_next = True
    docx_run(paragraph, f"{text['status']}: ").italic = True
    docx_run(paragraph, entry.status).bold = True
    docx_small(paragraph, f"   {text['state']}: {entry.state}")
    for line in entry.paragraphs:
        paragraph = docx_paragraph(document, line)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        paragraph.paragraph_format.first_line_indent = Mm(10)
    if entry.figures:
        label = docx_paragraph(document)
        label.paragraph_format.keep_with_next = True
        docx_run(label, f"{text['figures']}:").italic = True
        for figure in entry.figures:
            docx_paragraph(document, figure, styles["List Bullet"])


def agency_docx(doc: AgencyDocument) -> bytes:
    document = docx_new(doc.language, doc.title)
    docx_page_numbers(document, doc.text["page"])
    heading = document.add_paragraph(style="Title")
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    heading.add_run(doc.title).font.size = Pt(12)
    subtitle = document.add_paragraph(style="Title")
    subtitle.alignment = WD_ALIGN_PARAGRAPH.CENTER
    subtitle.add_run(doc.subtitle)
    if doc.received_only:
        docx_small(document.add_paragraph(), doc.text["received_only"], italic=True)
    if not doc.blocks:
        document.add_paragraph(doc.text["no_reports"])
    styles = _docx_style_ids(document)
    heading_2 = document.styles["Heading 2"].style_id
    for block in doc.blocks:
        docx_paragraph(document, block.heading, heading_2)
        for entry in block.entries:
            _docx_entry(document, doc.text, entry, with_agency=False, styles=styles)
    return docx_bytes(document)


def consolidated_docx(doc: ConsolidatedDocument, progress: Progress = silent) -> bytes:
    total = sum(len(block.entries) for section in doc.sections for block in section.measures)
    written = 0
    document = docx_new(doc.language, f"{doc.plan_title}. {doc.title}")
    docx_page_numbers(document, doc.text["page"])
    for _ in range(6):
        document.add_paragraph()
    for line, size in ((doc.plan_title, 16), (doc.title, 14)):
        paragraph = document.add_paragraph(style="Title")
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run(line).font.size = Pt(size)
    paragraph = document.add_paragraph(doc.generated)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run().add_break(WD_BREAK.PAGE)

    document.add_paragraph(doc.text["summary"], style="Heading 1")
    document.add_paragraph(doc.received_total)
    document.add_paragraph(doc.text["status_table"], style="Heading 2")
    docx_table(
        document,
        (doc.text["status_column"], doc.text["count_column"]),
        [*doc.status_rows, (doc.text["total"], doc.status_total)],
        total=True,
        right_from=1,
        widths_mm=(110, 40),
    )

    document.add_paragraph(doc.text["chart_title"], style="Heading 2")
    docx_chart(document, doc.chart_svg)
    for extra in doc.extra:
        heading = document.add_paragraph(extra["heading"], style="Heading 1")
        heading.paragraph_format.page_break_before = True
        if extra.get("intro"):
            document.add_paragraph(extra["intro"])
        docx_table(document, extra["columns"], extra["rows"])

    styles = _docx_style_ids(document)
    heading_1 = document.styles["Heading 1"].style_id
    heading_2 = document.styles["Heading 2"].style_id
    for section in doc.sections:
        heading = docx_paragraph(document, section.heading, heading_1)
        heading.paragraph_format.page_break_before = True
        for block in section.measures:
            docx_paragraph(document, block.heading, heading_2)
            if not block.entries:
                docx_small(docx_paragraph(document), doc.text["no_body"], italic=True)
            for entry in block.entries:
                _docx_entry(document, doc.text, entry, with_agency=True, styles=styles)
                written += 1
                progress("write", written, total)
    return docx_bytes(document)


# --- PDF --------------------------------------------------------------------------------


def _pdf(template: str, doc: AgencyDocument | ConsolidatedDocument, progress: Progress) -> bytes:
    context = {"doc": doc, "text": doc.text, "page_label": css_string(doc.text["page"])}
    return write_pdf(template, context, language=doc.language, progress=progress)


def agency_pdf(doc: AgencyDocument, progress: Progress = silent) -> bytes:
    return _pdf("plan/documents/agency_report.html", doc, progress)


def consolidated_pdf(doc: ConsolidatedDocument, progress: Progress = silent) -> bytes:
    return _pdf("plan/documents/consolidated_report.html", doc, progress)


# --- entry points for the views ---------------------------------------------------------
class Writers(TypedDict):
    agency: dict[str, Callable[[AgencyDocument, Progress], bytes]]
    consolidated: dict[str, Callable[[ConsolidatedDocument, Progress], bytes]]


def agency_docx_writer(doc: AgencyDocument, progress: Progress = silent) -> bytes:
    return agency_docx(doc)


WRITERS: Writers = {
    "agency": {"docx": agency_docx_writer, "pdf": agency_pdf},
    "consolidated": {"docx": consolidated_docx, "pdf": consolidated_pdf},
}


def agency_report_file(
    *,
    period: ReportingPeriod,
    agency: Agency,
    fmt: str,
    language: str = "az",
    received_only: bool = False,
) -> bytes:
    doc = agency_document(period, agency, language=language, received_only=received_only)
    return WRITERS["agency"][fmt](doc, silent)


def consolidated_report_file(
    *,
    period: ReportingPeriod,
    fmt: str,
    language: str = "az",
    today: datetime.date | None = None,
    progress: Progress = silent,
) -> bytes:
    progress("gather", 0, 0)
    doc = consolidated_document(period, language=language, today=today)
    return WRITERS["consolidated"][fmt](doc, progress)
