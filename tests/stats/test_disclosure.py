"""Disclosure control on crafted tables where primary suppression alone leaks."""

from __future__ import annotations

import pytest

from ctis.stats.disclosure import (
    PRIMARY,
    SECONDARY,
    DisclosureRefused,
    Release,
    determined,
    intervals,
    protect,
)


def _suppressed(pattern, state):
    return {key for key, kind in pattern.suppressed.items() if kind == state}


def test_a_small_count_beside_its_total_is_recovered_by_subtraction_unless_a_second_cell_goes():
    release = Release({})
    release.add_table("sex", {"female": 90, "male": 3, "unknown": 0})
    # Primary suppression alone: male = 93 - 90 - 0.
    assert determined(release, ["sex.male"]) == ["sex.male"]
    pattern = protect(release)
    assert _suppressed(pattern, PRIMARY) == {"sex.male"}
    assert _suppressed(pattern, SECONDARY)  # at least one more cell hidden
    hidden = sorted(pattern.suppressed)
    assert determined(release, hidden) == []
    low, high = pattern.intervals["sex.male"]
    assert high - low >= 2
    shown = pattern.shown(release.values)
    assert shown["sex.male"] == "<5"
    assert shown["sex.total"] == "93" or shown["sex.total"] == "x"


def test_two_tables_of_the_same_total_are_protected_together():
    """Sex and citizenship of the same 94 victims: protecting each table alone is not
    enough when the other publishes the total."""
    release = Release({})
    release.add_table("sex", {"female": 89, "male": 3, "unknown": 2}, total="victims.total")
    release.add_table("citizenship", {"citizens": 93, "foreigners": 1}, total="victims.total")
    # Primary alone: foreigners = total - citizens.
    primary = sorted(k for k, v in release.values.items() if 0 < v < 5)
    assert "citizenship.foreigners" in determined(release, primary)
    pattern = protect(release)
    assert determined(release, sorted(pattern.suppressed)) == []
    for key, (low, high) in pattern.intervals.items():
        assert high - low >= 2, key


def test_a_single_small_cell_of_a_two_way_table_needs_a_rectangle():
    release = Release({})
    release.add_table(
        "sex_age",
        {
            "female": {"adult": 89, "child": 2},
            "male": {"adult": 30, "child": 20},
        },
    )
    pattern = protect(release)
    interior = {k for k in pattern.suppressed if k.count(".") == 2}
    # A small interior cell of a table with all margins published is only safe when its
    # row and its column each hold another hidden cell: four cells at least.
    assert "sex_age.female.child" in interior
    assert len(pattern.suppressed) >= 4
    assert determined(release, sorted(pattern.suppressed)) == []
    low, high = intervals(release, pattern.suppressed, 5)["sex_age.female.child"]
    assert high - low >= 2


def test_without_small_counts_nothing_is_suppressed():
    release = Release({})
    release.add_table("sex", {"female": 10, "male": 0})
    pattern = protect(release)
    assert pattern.suppressed == {}
    assert pattern.shown(release.values) == {"sex.female": "10", "sex.male": "0", "sex.total": "10"}


def test_cells_hidden_in_an_earlier_release_stay_hidden():
    release = Release({})
    release.add_table("sex", {"female": 40, "male": 30, "unknown": 12})
    pattern = protect(release, keep=["sex.unknown", "sex.male"])
    assert _suppressed(pattern, SECONDARY) == {"sex.unknown", "sex.male"}


def test_a_release_that_cannot_be_protected_is_refused():
    release = Release({})
    release.add_table("sex", {"female": 90, "male": 3})
    with pytest.raises(DisclosureRefused):
        protect(release, width=10)  # wider than "<5" itself: no pattern can give it
