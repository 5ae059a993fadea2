"""``ctis stats annual``: every figure from a known dataset, persons counted once."""

from __future__ import annotations

import datetime
import io
import json

import pytest
from django.core.management import CommandError, call_command

from ctis.stats.figures import annual
from ctis.stats.periods import Period
from ctis.stats.services import population_load_reference
from tests.stats import builders

pytestmark = pytest.mark.django_db

Y2020 = Period.years(2020)


@pytest.fixture
def known(investigator):
    """Six victims of 2020, one of 2019, one presumed victim, one not a victim."""
    v = builders.victim
    # Two forms and two countries: once among victims, once in each country and form.
    v(investigator, forms=("SexualExploitation", "ForcedLabour"), exploited_in=("TR", "AE"))
    v(investigator, exploited_in=("TR",))
    v(investigator, sex="Masculine", forms=("ForcedLabour",), exploited_in=("AZ",))
    v(investigator, birth_year=2005, exploited_in=("AZ",), forms=("ForcedLabour",))  # 15: child
    v(investigator, citizenships=("UZ",), exploited_in=())  # a foreigner, no country recorded
    v(investigator, birth_year=None, citizenships=(), sex="NonSpecifiedUnknown", exploited_in=())
    v(investigator, identified_on=datetime.date(2019, 12, 31))
    v(investigator, status="PossibleVictimOfTrafficking", sex="Masculine")
    v(investigator, status="NotAVictimOfTrafficking")
    population_load_reference()


def test_victims_counted_once_with_their_breakdowns(known):
    victims = annual(Y2020)["victims"]
    assert victims["identified"] == 6
    assert victims["by_sex"] == {"female": 4, "male": 1, "unknown": 1}
    assert victims["by_age"] == {"adult": 4, "child": 1, "unknown": 1}
    assert victims["women_men_children"] == {"women": 3, "men": 1, "children": 1, "unknown": 1}
    assert (victims["citizens"], victims["foreigners"], victims["citizenship_unknown"]) == (4, 1, 1)
    assert victims["foreigners_by_country"] == {"UZB": 1}
    assert victims["by_form"] == {"SexualExploitation": 4, "ForcedLabour": 3}
    assert victims["countries_of_exploitation"] == {
        "TUR": {"victims": 2, "by_form": {"SexualExploitation": 2, "ForcedLabour": 1}},
        "AZE": {"victims": 2, "by_form": {"ForcedLabour": 2}},
        "ARE": {"victims": 1, "by_form": {"SexualExploitation": 1, "ForcedLabour": 1}},
    }
    assert victims["exploited_internally"] == 2
    assert victims["exploited_abroad"] == 2
    assert victims["country_not_recorded"] == 2
    assert victims["presumed"]["persons"] == 1
    assert victims["presumed"]["by_sex"] == {"female": 0, "male": 1, "unknown": 0}
    assert victims["population"] == 10_067_100
    assert victims["per_100k_population"] == round(6 / 10_067_100 * 100_000, 2)
    # Every table above is a margin of the cross-table.
    assert sum(r["persons"] for r in victims["crosstab"] if r["status"] == "identified") == 6


def test_a_run_of_years_adds_the_years_and_averages_the_population(known):
    victims = annual(Period.years(2019, 2020))["victims"]
    assert victims["identified"] == 7
    assert victims["population"] == round((9_981_500 + 10_067_100) / 2)


def test_a_period_that_is_not_whole_years_has_no_rate(known):
    victims = annual(Period(datetime.date(2020, 4, 1), datetime.date(2021, 3, 31)))["victims"]
    assert victims["identified"] == 6
    assert victims["per_100k_population"] is None


def test_prosecution_figures(investigator):
    case = builders.case(investigator, registered_on=datetime.date(2020, 2, 1))
    builders.case(investigator, registered_on=datetime.date(2020, 3, 1), articles=("144-3",))
    builders.case(investigator, registered_on=datetime.date(2019, 3, 1))
    woman = builders.accused(investigator, sex="Feminine")
    man = builders.accused(investigator)
    other = builders.accused(investigator)
    convicted = {"verdict_on": datetime.date(2020, 11, 1), "outcome": "Convicted"}
    builders.prosecute(
        investigator, case, woman, sentence="Imprisonment", term_months=60, **convicted
    )
    builders.prosecute(investigator, case, man, sentence="Conditional", term_months=36, **convicted)
    builders.prosecute(
        investigator, case, other, verdict_on=datetime.date(2020, 12, 1), outcome="Acquitted"
    )
    justice = annual(Y2020)["justice"]
    assert justice["cases"]["registered"] == 2
    assert justice["cases"]["by_article"] == {"144-1": 1, "144-3": 1}
    assert justice["cases"]["under_trafficking_articles"] == 2
    assert (justice["cases"]["previous"], justice["cases"]["change"]) == (1, 1)
    assert justice["cases"]["change_percent"] == 100.0
    assert justice["sent_to_court"] == {
        "persons": 3,
        "by_sex": {"female": 1, "male": 2, "unknown": 0},
    }
    assert justice["convicted"] == 2
    assert justice["convicted_by_sex"] == {"female": 1, "male": 1, "unknown": 0}
    assert justice["sentences"]["imprisonment"] == 1
    assert justice["sentences"]["conditional"] == 1
    assert justice["imprisonment_months_total"] == 60
    assert justice["acquitted"] == 1


def test_the_command_prints_json_with_the_documented_keys(known):
    out = io.StringIO()
    call_command("stats", "annual", "--year", "2020", "--format", "json", stdout=out)
    figures = json.loads(out.getvalue())
    assert set(figures) >= {
        "period",
        "victims",
        "justice",
        "protection",
        "hotline",
        "monitoring",
        "outreach",
    }
    assert figures["victims"]["identified"] == 6
    assert figures["period"] == {"start": "2020-01-01", "end": "2020-12-31", "label": "2020"}


def test_the_command_as_text(known):
    out = io.StringIO()
    call_command("stats", "annual", "--year", "2020", "--format", "text", stdout=out)
    assert "victims.identified: 6" in out.getvalue().splitlines()


@pytest.mark.parametrize(
    ("args", "message"),
    [(["--year", "1800"], "between 1990"), (["--year", "2021", "--to", "2020"], "ends after")],
)
def test_the_command_refuses_a_wrong_period(args, message):
    with pytest.raises(CommandError, match=message):
        call_command("stats", "annual", *args)
