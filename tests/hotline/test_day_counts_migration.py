"""Migration hotline 0005 counts the contacts already recorded by their day in Baku, as
``contact_record`` counts the new ones."""

import datetime
import zoneinfo

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("hotline", "0004_topic_time_indexes")]
AFTER = [("hotline", "0005_day_counts")]


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)
    return executor.loader.project_state(target).apps


@pytest.mark.django_db(transaction=True)
def test_the_contacts_recorded_before_are_counted_by_their_day():
    apps = _migrate(BEFORE)
    agency = apps.get_model("accounts", "Agency").objects.create(
        code="mig-days", kind="ngo", name_az="Test"
    )
    Contact = apps.get_model("hotline", "Contact")
    ContactTopic = apps.get_model("hotline", "ContactTopic")
    topic = apps.get_model("hotline", "Topic").objects.create(code="mig-topic", name_az="Test")
    baku = zoneinfo.ZoneInfo("Asia/Baku")
    midnight = datetime.datetime(2024, 6, 1, tzinfo=baku)  # 2024-05-31 20:00 UTC
    for minutes, channel in [(-1, "phone"), (1, "phone"), (2, "phone"), (3, "email")]:
        at = midnight + datetime.timedelta(minutes=minutes)
        contact = Contact.objects.create(
            received_at=at, channel=channel, nature="case", agency=agency
        )
        ContactTopic.objects.create(contact=contact, topic=topic, received_at=at)

    apps = _migrate(AFTER)
    days = apps.get_model("hotline", "ContactDay").objects
    assert {(d.day, d.channel): d.contacts for d in days.all()} == {
        (datetime.date(2024, 5, 31), "phone"): 1,
        (datetime.date(2024, 6, 1), "phone"): 2,
        (datetime.date(2024, 6, 1), "email"): 1,
    }
    topic_days = apps.get_model("hotline", "TopicDay").objects.filter(topic_id=topic.pk)
    assert {d.day: d.contacts for d in topic_days} == {
        datetime.date(2024, 5, 31): 1,
        datetime.date(2024, 6, 1): 3,
    }
