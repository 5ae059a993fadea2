"""The ILO/EC combination rules (ctis.nrm.rules), boundaries included."""

import itertools

import pytest

from ctis.nrm import rules
from ctis.nrm.rules import (
    ABUSE_AT_DESTINATION,
    ADULT,
    CHILD,
    COERCION_AT_DESTINATION,
    COERCIVE_RECRUITMENT,
    DECEPTIVE_RECRUITMENT,
    EXPLOITATIVE_CONDITIONS,
    NOT_ENOUGH,
    PRESUMED_VICTIM,
    RECRUITMENT_ABUSE,
    assess,
    dimension_met,
)

MET = [
    (2, 0, 0),  # 2 strong
    (1, 1, 0),  # 1 strong + 1 medium
    (1, 0, 1),  # 1 strong + 1 weak
    (0, 3, 0),  # 3 medium
    (0, 2, 1),  # 2 medium + 1 weak
]
NOT_MET = [
    (0, 0, 0),
    (1, 0, 0),  # a strong alone
    (0, 2, 0),  # two medium
    (0, 1, 1),
    (0, 1, 2),  # 1 medium + 2 weak
    (0, 0, 3),  # weak indicators never suffice
    (0, 0, 9),
]


@pytest.mark.parametrize(("strong", "medium", "weak"), MET)
def test_dimension_met_by_each_rule(strong, medium, weak):
    assert dimension_met(strong, medium, weak)


@pytest.mark.parametrize(("strong", "medium", "weak"), NOT_MET)
def test_dimension_not_met_below_each_rule(strong, medium, weak):
    assert not dimension_met(strong, medium, weak)


def test_more_indicators_never_unmeet_a_dimension():
    for strong, medium, weak in itertools.product(range(4), repeat=3):
        if dimension_met(strong, medium, weak):
            assert dimension_met(strong + 1, medium, weak)
            assert dimension_met(strong, medium + 1, weak)
            assert dimension_met(strong, medium, weak + 1)


def _met(dimension):
    return [(dimension, "strong"), (dimension, "strong")]


@pytest.mark.parametrize("recruitment", rules.RECRUITMENT)
@pytest.mark.parametrize("means", rules.MEANS_AT_DESTINATION)
def test_adult_presumed_with_recruitment_exploitation_and_means(recruitment, means):
    observed = _met(recruitment) + _met(EXPLOITATIVE_CONDITIONS) + _met(means)
    assert assess(ADULT, observed).result == PRESUMED_VICTIM


@pytest.mark.parametrize("missing", ["recruitment", "exploitation", "means"])
def test_adult_not_presumed_when_any_element_is_missing(missing):
    parts = {
        "recruitment": _met(DECEPTIVE_RECRUITMENT),
        "exploitation": _met(EXPLOITATIVE_CONDITIONS),
        "means": _met(COERCION_AT_DESTINATION),
    }
    del parts[missing]
    observed = [item for part in parts.values() for item in part]
    assert assess(ADULT, observed).result == NOT_ENOUGH


def test_adult_boundary_one_indicator_short_of_the_means():
    observed = (
        _met(COERCIVE_RECRUITMENT)
        + _met(EXPLOITATIVE_CONDITIONS)
        + [(ABUSE_AT_DESTINATION, "strong")]
    )
    assert assess(ADULT, observed).result == NOT_ENOUGH
    observed.append((ABUSE_AT_DESTINATION, "weak"))
    assert assess(ADULT, observed).result == PRESUMED_VICTIM


@pytest.mark.parametrize("recruitment", rules.RECRUITMENT)
def test_child_presumed_with_recruitment_and_exploitation_only(recruitment):
    observed = _met(recruitment) + _met(EXPLOITATIVE_CONDITIONS)
    assert assess(CHILD, observed).result == PRESUMED_VICTIM
    assert assess(ADULT, observed).result == NOT_ENOUGH


@pytest.mark.parametrize("missing", ["recruitment", "exploitation"])
def test_child_not_presumed_without_recruitment_or_exploitation(missing):
    parts = {"recruitment": _met(RECRUITMENT_ABUSE), "exploitation": _met(EXPLOITATIVE_CONDITIONS)}
    del parts[missing]
    observed = [item for part in parts.values() for item in part]
    observed += _met(COERCION_AT_DESTINATION) + _met(ABUSE_AT_DESTINATION)
    assert assess(CHILD, observed).result == NOT_ENOUGH


def test_child_boundary_exploitation_two_medium_then_one_weak():
    observed = _met(DECEPTIVE_RECRUITMENT) + [(EXPLOITATIVE_CONDITIONS, "medium")] * 2
    assert assess(CHILD, observed).result == NOT_ENOUGH
    observed.append((EXPLOITATIVE_CONDITIONS, "weak"))
    assert assess(CHILD, observed).result == PRESUMED_VICTIM


def test_tallies_count_per_dimension_and_weight():
    assessment = assess(
        ADULT,
        [
            (COERCION_AT_DESTINATION, "strong"),
            (COERCION_AT_DESTINATION, "weak"),
            (EXPLOITATIVE_CONDITIONS, "medium"),
        ],
    )
    tally = assessment.dimensions[COERCION_AT_DESTINATION]
    assert (tally.strong, tally.medium, tally.weak, tally.met) == (1, 0, 1, True)
    assert not assessment.dimensions[EXPLOITATIVE_CONDITIONS].met
    assert set(assessment.dimensions) == set(rules.DIMENSIONS)


def test_unknown_population_dimension_or_weight_is_refused():
    with pytest.raises(ValueError):
        assess("elder", [])
    with pytest.raises(ValueError):
        assess(ADULT, [("recruitment", "strong")])
    with pytest.raises(ValueError):
        assess(ADULT, [(EXPLOITATIVE_CONDITIONS, "very strong")])
