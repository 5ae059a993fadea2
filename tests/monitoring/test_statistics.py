"""The statistics selectors: counts from the data, a group of near-copies once, in a
number of queries that does not grow with the items."""

import datetime
from functools import partial

import pytest

from ctis.monitoring import evaluation, services, statistics
from tests.monitoring.conftest import HARMLESS, RISKY
from tests.queries import assert_calls_constant

pytestmark = pytest.mark.django_db

TEXTS = [t["text"] for t in evaluation.test_set()]
YEAR = (datetime.date(2000, 1, 1), datetime.date(2100, 1, 1))


def test_counts_by_category_outcome_platform_and_year(record, monitoring_officer):
    a = record(monitoring_officer, found_on=datetime.date(2025, 3, 1))
    record(monitoring_officer, text=RISKY + "!", found_on=datetime.date(2025, 3, 2))  # a copy
    b = record(
        monitoring_officer,
        text=HARMLESS,
        platform="telegram",
        category="other",
        found_on=datetime.date(2026, 1, 5),
    )
    services.item_step(actor=monitoring_officer, item=a, step="refer")
    services.item_step(actor=monitoring_officer, item=b, step="block")
    start, end = YEAR
    assert statistics.items_by_category(start=start, end=end) == {"job_abroad": 1, "other": 1}
    assert statistics.items_by_outcome(start=start, end=end) == {"referred": 1, "blocking": 1}
    assert statistics.items_by_platform(start=start, end=end) == {"facebook": 1, "telegram": 1}
    assert statistics.items_by_year(start=start, end=end) == {2025: 1, 2026: 1}
    figures = statistics.referrals_and_blocking(start=start, end=end)
    assert figures == {"referrals": 1, "blocking_requests": 1, "referred_now": 1, "blocking_now": 1}
    only_2025 = statistics.items_by_year(
        start=datetime.date(2025, 1, 1), end=datetime.date(2025, 12, 31)
    )
    assert only_2025 == {2025: 1}


def test_each_selector_reads_in_one_query_however_many_items(record, monitoring_officer):
    start, end = YEAR
    n = [0]

    def add(count):
        for _ in range(count):
            n[0] += 1
            item = record(monitoring_officer, text=TEXTS[n[0]])
            services.item_step(actor=monitoring_officer, item=item, step="refer")

    reads = {
        name: partial(getattr(statistics, name), start=start, end=end)
        for name in (
            "items_by_category",
            "items_by_outcome",
            "items_by_platform",
            "items_by_year",
            "referrals_and_blocking",
        )
    }
    assert_calls_constant(
        reads, add, ceiling={**dict.fromkeys(reads, 1), "referrals_and_blocking": 2}
    )
