"""Seed 000, the National Coordinator's report on 2020, reproduced from records: the
dataset below is what the report counts, entered as users would, and ``ctis stats annual``
gives exactly the report's figures."""

from __future__ import annotations

import datetime

import pytest

from ctis.stats.figures import annual
from ctis.stats.periods import Period
from ctis.stats.services import population_load_reference
from tests.stats import builders

pytestmark = pytest.mark.django_db

DAY = datetime.date(2020, 6, 15)


@pytest.fixture
def report_2020(investigator):
    population_load_reference()
    v = builders.victim
    # 94 victims: 89 women, 3 men, 2 children; 93 citizens and 1 foreigner; 81 taken to
    # Türkiye and 4 to the United Arab Emirates for sexual exploitation, 9 exploited in
    # forced labour inside the country.
    for i in range(81):
        v(
            investigator,
            identified_on=DAY,
            exploited_in=("TR",),
            citizenships=("UZ",) if i == 0 else ("AZ",),
        )
    for _ in range(4):
        v(investigator, identified_on=DAY, exploited_in=("AE",))
    labour = {"forms": ("ForcedLabour",), "exploited_in": ("AZ",), "identified_on": DAY}
    for _ in range(4):
        v(investigator, **labour)
    for _ in range(3):
        v(investigator, sex="Masculine", **labour)
    v(investigator, birth_year=2006, **labour)
    v(investigator, birth_year=2008, sex="Masculine", **labour)
    case = builders.case(investigator, registered_on=datetime.date(2020, 2, 1))
    # 155 trafficking crimes (98% solved; the 5 of forced labour all solved) and 40 of
    # illegal actions with documents; 181 in 2019, so 14 more (7.5%).
    builders.crimes(investigator, case, "144-1", 150, solved=147)
    builders.crimes(investigator, case, "144-2", 5, solved=5)
    builders.crimes(investigator, case, "144-3", 40, solved=40)
    earlier = builders.case(investigator, registered_on=datetime.date(2019, 2, 1))
    builders.crimes(investigator, earlier, "144-1", 181, registered_on=datetime.date(2019, 5, 1))
    # 3 criminal groups of 7 members neutralised.
    for members in (3, 2, 2):
        builders.group(investigator, case, members, neutralised_on=datetime.date(2020, 9, 1))
    # 20 persons charged: 17 women and 3 men.
    for sex in ["Feminine"] * 17 + ["Masculine"] * 3:
        builders.prosecute(
            investigator,
            case,
            builders.accused(investigator, sex=sex),
            charged_on=datetime.date(2020, 4, 1),
            sent_to_court_on=datetime.date(2020, 7, 1),
        )
    # 15 convicted: 12 imprisoned, 2 conditionally, 1 deferred.
    sentences = [("Imprisonment", 96)] * 12 + [("Conditional", 36)] * 2 + [("Deferred", 24)]
    for sentence, months in sentences:
        builders.prosecute(
            investigator,
            case,
            builders.accused(investigator),
            verdict_on=datetime.date(2020, 10, 1),
            outcome="Convicted",
            sentence=sentence,
            term_months=months,
        )


def test_the_2020_report_s_victims(report_2020):
    victims = annual(Period.years(2020))["victims"]
    assert victims["identified"] == 94
    assert victims["women_men_children"] == {"women": 89, "men": 3, "children": 2, "unknown": 0}
    assert (victims["citizens"], victims["foreigners"]) == (93, 1)
    exploitation = victims["countries_of_exploitation"]
    assert exploitation["TUR"] == {"victims": 81, "by_form": {"SexualExploitation": 81}}
    assert exploitation["ARE"] == {"victims": 4, "by_form": {"SexualExploitation": 4}}
    assert exploitation["AZE"] == {"victims": 9, "by_form": {"ForcedLabour": 9}}
    assert victims["exploited_internally"] == 9
    # "1 per 100,000 inhabitants" in the report: 94 of 10,067,100.
    # "1 person per 100,000 inhabitants" in the report: 94 of 10,067,100 is 0.93.
    assert victims["per_100k_population"] == 0.93
    assert round(victims["per_100k_population"]) == 1


def test_the_2020_report_s_convictions(report_2020):
    justice = annual(Period.years(2020))["justice"]
    assert justice["convicted"] == 15
    assert justice["sentences"] == {
        "imprisonment": 12,
        "conditional": 2,
        "deferred": 1,
        "fine": 0,
        "other": 0,
    }


def test_the_2020_report_s_crimes_groups_and_charges(report_2020):
    justice = annual(Period.years(2020))["justice"]
    crimes = justice["crimes"]
    assert (crimes["trafficking"], crimes["documents"], crimes["total"]) == (155, 40, 195)
    assert round(crimes["trafficking_solved_percent"]) == 98
    assert crimes["by_article"]["144-2"] == {"recorded": 5, "solved": 5}
    assert (crimes["previous"], crimes["change"], crimes["change_percent"]) == (181, 14, 7.7)
    assert justice["criminal_groups"] == {"neutralised": 3, "members": 7}
    assert justice["charged"] == {"persons": 20, "by_sex": {"female": 17, "male": 3, "unknown": 0}}
