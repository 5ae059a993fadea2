"""Prosecution in a period: criminal cases registered, persons sent to court, convicted
and their sentences (seed 000's "15 convicted, 12 imprisoned, 2 conditionally, 1
deferred"). A person is counted once per figure, whatever the number of cases."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, Q, Sum

from ctis.cases import selectors as cases_selectors
from ctis.cases.choices import SentenceKind, VerdictOutcome
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


def prosecutions(period: Period) -> dict:
    """The persons charged, sent to court and given a verdict in the period (convicted by
    sex and by sentence, acquitted, whose cases were dismissed), with the terms of
    imprisonment and the fines imposed: one pass over the period's prosecutions, the
    accused's sex read from the prosecution's copy (``accused_sex``). A person counts once per figure, whatever the number of
    cases; a person given different sentences in two cases counts under each."""

    def within(field: str) -> Q:
        return Q(**{f"{field}__range": (period.start, period.end)})

    def persons(condition: Q) -> Count:
        return Count("accused", distinct=True, filter=condition)

    charged, sent, decided = within("charged_on"), within("sent_to_court_on"), within("verdict_on")
    convicted = decided & Q(outcome=VerdictOutcome.CONVICTED)
    rows = (
        Prosecution.objects.filter(charged | sent | decided)
        .values("accused_sex")
        .annotate(
            charged=persons(charged),
            sent=persons(sent),
            **{f"outcome_{code}": persons(decided & Q(outcome=code)) for code in OUTCOME_KEYS},
            **{f"sentence_{code}": persons(convicted & Q(sentence=code)) for code in SENTENCE_KEYS},
            months=Sum("term_months", filter=convicted & Q(sentence=SentenceKind.IMPRISONMENT)),
            fines=Sum("fine_azn", filter=convicted & Q(sentence=SentenceKind.FINE)),
            confiscations=Count("pk", filter=convicted & Q(confiscation=True)),
        )
        .order_by()
    )

    def by_sex() -> dict[str, int]:
        return {"female": 0, "male": 0, "unknown": 0}

    charged_by, sent_by, convicted_by = by_sex(), by_sex(), by_sex()
    outcomes = {key: 0 for key in OUTCOME_KEYS.values()}
    sentences = {key: 0 for key in SENTENCE_KEYS.values()}
    months, fines, confiscations = 0, Decimal(0), 0
    for row in rows:
        sex = SEX_KEYS.get(row["accused_sex"], "unknown")
        charged_by[sex] += row["charged"]
        sent_by[sex] += row["sent"]
        convicted_by[sex] += row[f"outcome_{VerdictOutcome.CONVICTED}"]
        for outcome, key in OUTCOME_KEYS.items():
            outcomes[key] += row[f"outcome_{outcome}"]
        for sentence, key in SENTENCE_KEYS.items():
            sentences[key] += row[f"sentence_{sentence}"]
        months += row["months"] or 0
        fines += row["fines"] or 0
        confiscations += row["confiscations"]
    return {
        "charged": {"persons": sum(charged_by.values()), "by_sex": charged_by},
        "sent_to_court": {"persons": sum(sent_by.values()), "by_sex": sent_by},
        "verdicts": {
            "convicted": outcomes["convicted"],
            "convicted_by_sex": convicted_by,
            "sentences": sentences,
            "imprisonment_months_total": months,
            "fines_azn_total": str(fines),
            "confiscations": confiscations,
            "acquitted": outcomes["acquitted"],
            "dismissed": outcomes["dismissed"],
        },
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


def wanted(period: Period) -> dict:
    summary = cases_selectors.wanted_summary(period.start, period.end)
    return {"wanted": summary.wanted, "caught": summary.caught, "still_abroad": summary.abroad}
