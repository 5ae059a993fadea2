"""The statistics selectors: figures computed from the events, in a constant number of
queries whatever the number of events."""

import datetime

import pytest

from ctis.outreach import statistics
from ctis.outreach.inputs import GroupInput
from ctis.outreach.models import Response
from tests.queries import assert_calls_constant

pytestmark = pytest.mark.django_db

YEAR = (datetime.date(2024, 1, 1), datetime.date(2024, 12, 31))


def _answer(event, *ratings):
    Response.objects.create(
        event=event,
        stage="after",
        usefulness=ratings[0],
        clarity=ratings[1],
        relevance=ratings[2],
        browser=f"b{Response.objects.count()}",
    )


def test_the_figures_count_events_participants_materials_and_ratings(
    make_event, labour_reporter, audiences
):
    one = make_event()
    two = make_event(
        actor=labour_reporter,
        kind="training",
        place="Bakı",
        groups=[GroupInput(audiences["police"].pk, total=12, women=3, men=9)],
        participants_total=15,
        materials_count=0,
        materials_languages=["en"],
    )
    make_event(starts_on=datetime.date(2023, 3, 1), ends_on=datetime.date(2023, 3, 1))
    _answer(one, 5, 5, 5)
    _answer(one, 3, 3, 3)
    _answer(two, 4, 2, 3)
    start, end = YEAR
    figures = statistics.events(start=start, end=end)
    assert (figures["events"], figures["participants"]) == (2, 50)
    assert figures["by_kind"]["training"] == {"events": 1, "participants": 15}
    assert figures["by_agency"]["sms"]["participants"] == 35
    assert figures["by_region"]["Bakı"]["events"] == 1
    assert figures["by_year"] == {2024: {"events": 2, "participants": 50}}
    people = statistics.participants(start=start, end=end)
    assert (people["total"], people["women"], people["men"]) == (47, 23, 24)
    assert people["by_audience"]["police"] == {"total": 12, "women": 3, "men": 9}
    assert people["by_measure"]["4.2.1"] == {"total": 47, "women": 23, "men": 24}
    assert people["by_region"]["Bakı"]["men"] == 9
    assert people["by_year"][2024]["total"] == 47
    assert statistics.materials(start=start, end=end)["materials"] == 100
    assert statistics.materials(start=start, end=end)["by_year"] == {2024: 100}
    assert statistics.materials(start=start, end=end)["events_by_language"]["en"] == 1
    ratings = statistics.ratings(start=start, end=end)
    assert ratings["answers"] == 3
    assert ratings["usefulness"] == 4.0
    assert ratings["by_agency"]["mlspp"]["clarity"] == 2.0
    assert ratings["by_measure"]["4.2.1"]["answers"] == 3
    assert ratings["by_region"]["Bakı"]["usefulness"] == 4.0
    assert statistics.events_by_measure(start=start, end=end)["4.2.1"]["events"] == 2


def test_the_statistics_cost_the_same_queries_for_n_and_2n_events(make_event, audiences):
    start, end = YEAR

    def add(n):
        for _i in range(n):
            _answer(make_event(), 4, 4, 4)

    assert_calls_constant(
        {
            name: (lambda f=f: f(start=start, end=end))
            for name, f in {
                "events": statistics.events,
                "by_measure": statistics.events_by_measure,
                "participants": statistics.participants,
                "materials": statistics.materials,
                "ratings": statistics.ratings,
                "knowledge": statistics.knowledge,
            }.items()
        },
        add,
        ceiling=8,
    )


def test_knowledge_is_summed_before_and_after(make_event, reporter):
    training = make_event(kind="training")
    for stage, right in (("before", 1), ("before", 2), ("after", 4)):
        Response.objects.create(
            event=training,
            stage=stage,
            usefulness=None if stage == "before" else 4,
            clarity=None if stage == "before" else 4,
            relevance=None if stage == "before" else 4,
            asked=4,
            correct=right,
            browser=f"k{Response.objects.count()}",
        )
    start, end = YEAR
    figures = statistics.knowledge(start=start, end=end)
    assert figures["before"] == {"answers": 2, "right": 37.5}
    assert figures["after"] == {"answers": 1, "right": 100.0}
    assert figures["by_agency"]["sms"]["after"]["right"] == 100.0
