"""Prosecution in a period: criminal cases registered, persons sent to court, convicted
and their sentences (seed 000's "15 convicted, 12 imprisoned, 2 conditionally, 1
deferred"). A person is counted once per figure, whatever the number of cases."""

from __future__ import annotations

from django.db.models import Count, Q, Sum

from ctis.cases import selectors as cases_selectors
from ctis.cases.choices import SentenceKind, Sex, VerdictOutcome
from ctis.cases.models import CriminalCase, Prosecution
from ctis.stats.periods import Period
from ctis.stats.selectors.victims import SEX_KEYS

SENTENCE_KEYS = {
    SentenceKind.IMPRISONMENT: "imprisonment",
    SentenceKind.CONDITIONAL: "conditional",
    SentenceKind.DEFERRED: "deferred",
    SentenceKind.FINE: "fine",
    SentenceKind.OTHER: "other",
}
OUTCOME_KEYS = {
    VerdictOutcome.CONVICTED: "convicted",
    VerdictOutcome.ACQUITTED: "acquitted",
    VerdictOutcome.DISMISSED: "dismissed",
}


def cases_registered(period: Period) -> dict:
    """Criminal cases registered in the period, in all and by article (a case opened
    under two articles counts under each)."""
    cases = CriminalCase.objects.filter(registered_on__range=(period.start, period.end))
    totals = cases.aggregate(
        registered=Count("pk"),
        trafficking=Count("pk", filter=Q(articles__is_trafficking=True), distinct=True),
    )
    by_article = (
        CriminalCase.articles.through.objects.filter(criminalcase__in=cases.values("pk"))
        .values("criminalcodearticle__code")
        .annotate(cases=Count("criminalcase", distinct=True))
        .order_by("criminalcodearticle__code")
    )
    return {
        "registered": totals["registered"],
        "under_trafficking_articles": totals["trafficking"],
        "by_article": {row["criminalcodearticle__code"]: row["cases"] for row in by_article},
    }


def _by_sex(rows) -> dict[str, int]:
    counts = {"female": 0, "male": 0, "unknown": 0}
    for row in rows:
        counts[SEX_KEYS.get(row["accused__sex"], "unknown")] += row["persons"]
    return counts


def sent_to_court(period: Period) -> dict:
    sent = Prosecution.objects.filter(sent_to_court_on__range=(period.start, period.end))
    rows = sent.values("accused__sex").annotate(persons=Count("accused", distinct=True)).order_by()
    by_sex = _by_sex(rows)
    return {"persons": sum(by_sex.values()), "by_sex": by_sex}


def verdicts(period: Period) -> dict:
    """Verdicts given in the period: persons convicted (by sex, by sentence), acquitted and
    whose cases were dismissed; the terms of imprisonment and the fines imposed."""
    decided = Prosecution.objects.filter(verdict_on__range=(period.start, period.end))
    by_outcome = (
        decided.values("outcome", "accused__sex")
        .annotate(persons=Count("accused", distinct=True))
        .order_by()
    )
    outcomes: dict[str, dict[str, int]] = {key: {} for key in OUTCOME_KEYS.values()}
    for row in by_outcome:
        key = OUTCOME_KEYS.get(row["outcome"])
        if key:
            sex = SEX_KEYS.get(row["accused__sex"], "unknown")
            outcomes[key][sex] = outcomes[key].get(sex, 0) + row["persons"]
    convicted = decided.filter(outcome=VerdictOutcome.CONVICTED)
    sentences = {key: 0 for key in SENTENCE_KEYS.values()}
    for row in (
        convicted.values("sentence").annotate(persons=Count("accused", distinct=True)).order_by()
    ):
        if row["sentence"] in SENTENCE_KEYS:
            sentences[SENTENCE_KEYS[row["sentence"]]] = row["persons"]
    money = convicted.aggregate(
        months=Sum("term_months", filter=Q(sentence=SentenceKind.IMPRISONMENT)),
        fines=Sum("fine_azn", filter=Q(sentence=SentenceKind.FINE)),
        confiscations=Count("pk", filter=Q(confiscation=True)),
        persons=Count("accused", distinct=True),
    )
    by_sex = {sex: outcomes["convicted"].get(sex, 0) for sex in ("female", "male", "unknown")}
    return {
        "convicted": money["persons"],
        "convicted_by_sex": by_sex,
        "sentences": sentences,
        "imprisonment_months_total": money["months"] or 0,
        "fines_azn_total": str(money["fines"] or 0),
        "confiscations": money["confiscations"],
        "acquitted": sum(outcomes["acquitted"].values()),
        "dismissed": sum(outcomes["dismissed"].values()),
    }


def _percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def crimes(period: Period) -> dict:
    """Crime episodes registered in the period (seed 000's "155 trafficking crimes and 40
    crimes of illegal actions with documents"): trafficking articles other than the
    document one, the document article, other articles; by article; the share solved."""
    rows = cases_selectors.crimes_by_article(period.start, period.end)
    trafficking = [r for r in rows if r.is_trafficking and not r.is_document_related]
    documents = [r for r in rows if r.is_document_related]
    other = [r for r in rows if not r.is_trafficking and not r.is_document_related]

    def summed(chosen) -> tuple[int, int]:
        return sum(r.recorded for r in chosen), sum(r.solved for r in chosen)

    t_recorded, t_solved = summed(trafficking)
    d_recorded, d_solved = summed(documents)
    o_recorded, o_solved = summed(other)
    return {
        "trafficking": t_recorded,
        "trafficking_solved": t_solved,
        "trafficking_solved_percent": _percent(t_solved, t_recorded),
        "documents": d_recorded,
        "documents_solved": d_solved,
        "documents_solved_percent": _percent(d_solved, d_recorded),
        "other": o_recorded,
        "total": t_recorded + d_recorded,
        "solved_percent": _percent(t_solved + d_solved, t_recorded + d_recorded),
        "by_article": {r.article: {"recorded": r.recorded, "solved": r.solved} for r in rows},
    }


def groups(period: Period) -> dict:
    neutralised, members = cases_selectors.groups_neutralised(period.start, period.end)
    return {"neutralised": neutralised, "members": members}


def charged(period: Period) -> dict:
    by_code = cases_selectors.charged_by_sex(period.start, period.end)
    by_sex = {"female": 0, "male": 0, "unknown": 0}
    for code, persons in by_code.items():
        by_sex[SEX_KEYS.get(Sex(code), "unknown") if code in Sex.values else "unknown"] += persons
    return {"persons": sum(by_sex.values()), "by_sex": by_sex}


def wanted(period: Period) -> dict:
    summary = cases_selectors.wanted_summary(period.start, period.end)
    return {"wanted": summary.wanted, "caught": summary.caught, "still_abroad": summary.abroad}
