"""The hotline's statistics: computed in SQL from the contacts of the period, in a number
of queries that does not grow with the data."""

import datetime

from django.utils import timezone

from ctis.hotline import services, statistics
from ctis.hotline.models import Outcome
from tests.queries import assert_calls_constant

FUNCTIONS = [
    statistics.contacts_total,
    statistics.contacts_per_month,
    statistics.contacts_per_topic,
    statistics.contacts_per_outcome,
    statistics.contacts_per_channel,
    statistics.contacts_per_caller_type,
    statistics.contacts_per_region,
    statistics.contacts_per_nature,
    statistics.emergency_requests,
    statistics.referrals_made,
]


def _at(day: datetime.date) -> datetime.datetime:
    zone = timezone.get_current_timezone()
    return min(datetime.datetime.combine(day, datetime.time(0, 1), tzinfo=zone), timezone.now())


def test_the_figures_count_the_periods_contacts(hotline_operator, record):
    today = timezone.localdate()
    first = today.replace(day=1)
    last_month = first - datetime.timedelta(days=1)
    record(
        hotline_operator,
        topics=("work_abroad", "other"),
        channel="whatsapp",
        region="baku",
        received_at=_at(first),
    )
    record(
        hotline_operator,
        topics=("work_abroad",),
        outcome=Outcome.EMERGENCY,
        emergency="shelter",
        caller_type="relative",
        received_at=_at(today),
    )
    tip = record(
        hotline_operator,
        topics=("adoption",),
        outcome=Outcome.POLICE_TIP,
        notes="tip",
        received_at=_at(last_month),
    )
    record(hotline_operator, topics=(), nature="silent", received_at=_at(today))
    services.contact_notify_police(actor=hotline_operator, contact=tip)
    start, end = last_month.replace(day=1), today
    assert statistics.contacts_total(start=start, end=end) == {"contacts": 4, "cases": 3}
    assert statistics.contacts_per_month(start=start, end=end) == {
        last_month.strftime("%Y-%m"): 1,
        today.strftime("%Y-%m"): 3,
    }
    assert statistics.contacts_per_topic(start=start, end=end) == {
        "work_abroad": 2,
        "other": 1,
        "adoption": 1,
    }
    assert statistics.contacts_per_channel(start=start, end=end) == {"whatsapp": 1, "phone": 3}
    assert statistics.contacts_per_region(start=start, end=end) == {"baku": 1, "": 3}
    assert statistics.contacts_per_caller_type(start=start, end=end)["relative"] == 1
    assert statistics.contacts_per_nature(start=start, end=end) == {"case": 3, "silent": 1}
    assert statistics.contacts_per_outcome(start=start, end=end)["police_tip"] == 1
    assert statistics.emergency_requests(start=start, end=end) == {"total": 1, "shelter": 1}
    assert statistics.referrals_made(start=start, end=end) == {
        "referred": 0,
        "police_tip": 1,
        "presumed_victim": 0,
        "notified": 1,
    }
    # the period's edges: this month only
    assert statistics.contacts_total(start=first, end=today) == {"contacts": 3, "cases": 2}
    assert statistics.contacts_per_topic(start=first, end=today) == {"work_abroad": 2, "other": 1}


def test_the_figures_cost_the_same_queries_at_n_and_2n(hotline_operator, record):
    today = timezone.localdate()
    start = today - datetime.timedelta(days=400)

    def add(n):
        for i in range(n):
            record(
                hotline_operator,
                topics=("work_abroad", "study_abroad"),
                channel=["phone", "telegram", "email"][i % 3],
                received_at=_at(today - datetime.timedelta(days=40 * i)),
                outcome=[Outcome.EMERGENCY, Outcome.REFERRED, Outcome.INFORMATION][i % 3],
                emergency="transport" if i % 3 == 0 else "",
            )

    reads = {f.__name__: (lambda f=f: f(start=start, end=today)) for f in FUNCTIONS}
    assert_calls_constant(reads, add, ceiling=1)


def test_the_day_counts_are_the_contacts_counted_by_their_day_in_baku(hotline_operator, record):
    """The counts ``contact_record`` keeps (what the annual statistics read) equal the
    contacts counted one by one, for a period whose edges fall between contacts a few
    minutes apart across midnight in Baku (20:00 UTC)."""
    from ctis.hotline.models import ContactDay, TopicDay
    from ctis.stats.periods import Period
    from ctis.stats.selectors.activity import hotline

    zone = timezone.get_default_timezone()
    day = datetime.date(2025, 3, 10)
    midnight = datetime.datetime.combine(day, datetime.time.min, tzinfo=zone)
    for minutes, channel, topics in [
        (-2, "phone", ("work_abroad",)),  # the day before
        (1, "phone", ("work_abroad", "other")),
        (2, "phone", ("work_abroad",)),
        (3, "whatsapp", ("adoption",)),
        (24 * 60 - 1, "phone", ("other",)),
        (24 * 60 + 1, "phone", ("other",)),  # the day after
    ]:
        record(
            hotline_operator,
            topics=topics,
            channel=channel,
            received_at=midnight + datetime.timedelta(minutes=minutes),
        )
    assert ContactDay.objects.get(day=day, nature="case", channel="phone").contacts == 3
    assert TopicDay.objects.get(day=day, topic__code="work_abroad").contacts == 2
    one = datetime.timedelta(days=1)
    for start, end in [(day, day), (day - one, day), (day, day + one)]:
        figures = hotline(Period(start, end))
        assert figures["contacts"] == statistics.contacts_total(start=start, end=end)["contacts"]
        assert figures["by_channel"] == statistics.contacts_per_channel(start=start, end=end)
        assert figures["by_nature"] == statistics.contacts_per_nature(start=start, end=end)
        assert figures["by_topic"] == statistics.contacts_per_topic(start=start, end=end)
    assert hotline(Period(day, day))["by_topic"] == {
        "adoption": 1,
        "other": 2,
        "work_abroad": 2,
    }
