"""Triage: steps from the machine, each decision kept as a label, a referral alerting the
police unit and shown on its home page; who may see which item; the item's threads."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from ctis.core.errors import InvalidTransition
from ctis.core.locking import StaleVersion
from ctis.hotline import services as hotline
from ctis.hotline.models import Topic
from ctis.inbox.models import Alert
from ctis.monitoring import evaluation, selectors, services
from ctis.monitoring.models import Action
from tests.monitoring.conftest import HARMLESS, RISKY
from tests.personas import log_in
from tests.queries import assert_queries_constant

pytestmark = pytest.mark.django_db
TEXTS = [t["text"] for t in evaluation.test_set()]


def test_each_decision_is_kept_as_a_label(record, monitoring_officer):
    risky, harmless = record(monitoring_officer), record(monitoring_officer, text=HARMLESS)
    services.item_step(actor=monitoring_officer, item=risky, step="review")
    services.item_step(actor=monitoring_officer, item=risky, step="refer", note="Recruiter known")
    services.item_step(actor=monitoring_officer, item=harmless, step="close")
    assert selectors.triage_labels() == {risky.pk: "risky", harmless.pk: "harmless"}
    steps = list(Action.objects.filter(item=risky).values_list("step", "before", "after"))
    assert steps == [("review", "new", "review"), ("refer", "review", "referred")]


def test_an_illegal_step_is_refused(record, monitoring_officer):
    item = services.item_step(
        actor=monitoring_officer, item=record(monitoring_officer), step="close"
    )
    with pytest.raises(InvalidTransition):
        services.item_step(actor=monitoring_officer, item=item, step="refer")


def test_only_monitoring_officers_triage(record, monitoring_officer, analyst, investigator):
    item = record(monitoring_officer)
    for user in (analyst, investigator):
        with pytest.raises(PermissionDenied):
            services.item_step(actor=user, item=item, step="review")


def test_a_referral_alerts_the_police_unit_and_shows_on_its_home_page(
    record, monitoring_officer, investigator, supervisor, hotline_operator
):
    item = record(monitoring_officer)
    services.item_step(actor=monitoring_officer, item=item, step="refer")
    told = set(
        Alert.objects.filter(kind="monitoring.item_referred").values_list(
            "recipient__username", flat=True
        )
    )
    assert told == {"investigator", "supervisor"}
    client = log_in(Client(), investigator)
    home = client.get("/").content.decode()
    assert "Monitoring items referred to the police unit" in home and item.short_id in home
    assert client.get(item.get_absolute_url()).status_code == 200


def test_the_police_unit_sees_only_referred_items(
    record, monitoring_officer, investigator, analyst
):
    item = record(monitoring_officer)
    client = log_in(Client(), investigator)
    assert client.get(item.get_absolute_url()).status_code == 403
    assert log_in(Client(), analyst).get(item.get_absolute_url()).status_code == 403
    assert client.get("/monitoring/items/").status_code == 403


def test_a_missing_item_reads_as_one_not_seen(record, monitoring_officer, investigator):
    item = record(monitoring_officer)
    client = log_in(Client(), investigator)
    seen = client.get(item.get_absolute_url())
    missing = client.get("/monitoring/items/00000000-0000-0000-0000-000000000001/")
    assert seen.status_code == missing.status_code == 403


def test_referral_asks_for_a_confirmation_on_the_page(record, monitoring_officer):
    item = record(monitoring_officer)
    client = log_in(Client(), monitoring_officer)
    asked = client.post(f"/monitoring/items/{item.pk}/step/refer/", {"version": item.version})
    assert asked.status_code == 200 and "I confirm" in asked.content.decode()
    item.refresh_from_db()
    assert item.state == "new"
    done = client.post(
        f"/monitoring/items/{item.pk}/step/refer/", {"confirmed": "yes", "version": item.version}
    )
    item.refresh_from_db()
    assert done.status_code == 302 and item.state == "referred"


def test_the_page_offers_the_steps_the_machine_allows(record, monitoring_officer):
    item = record(monitoring_officer)
    client = log_in(Client(), monitoring_officer)
    page = client.get(item.get_absolute_url()).content.decode()
    assert "Take under review" in page and "Refer to the police unit" in page
    assert "Reopen" not in page
    client.post(f"/monitoring/items/{item.pk}/step/close/", {"version": item.version})
    page = client.get(item.get_absolute_url()).content.decode()
    assert "Reopen" in page and "Refer to the police unit" not in page


def test_an_action_taken_is_logged_with_its_date(record, monitoring_officer):
    item = record(monitoring_officer)
    client = log_in(Client(), monitoring_officer)
    client.post(
        f"/monitoring/items/{item.pk}/action/",
        {"kind": "platform_report", "taken_on": "2026-01-05", "note": "Form sent"},
    )
    action = Action.objects.get(item=item, step="platform_report")
    assert str(action.taken_on) == "2026-01-05" and action.note == "Form sent"
    assert "Reported to the platform" in client.get(item.get_absolute_url()).content.decode()


def test_one_number_in_three_items_and_a_call_is_one_thread(
    record, monitoring_officer, hotline_operator
):
    number = "+994 55 700 12 34"
    items = [
        record(monitoring_officer, text=f"{text} Əlaqə: {number}")
        for text in (RISKY, HARMLESS, "Xaricdə təhsil, sənədlər bizdən")
    ]
    contact = hotline.contact_record(
        actor=hotline_operator,
        data=hotline.ContactInput(
            topics=[Topic.objects.get(code="work_abroad")], identifier="055 700 12 34"
        ),
    )
    (thread,) = [
        t
        for t in selectors.threads(monitoring_officer, items[0])
        if t.identifier.value == "+994557001234"
    ]
    assert {i.pk for i in thread.items} == {items[1].pk, items[2].pk}
    assert [c.pk for c in thread.contacts] == [contact.pk]
    page = log_in(Client(), monitoring_officer).get(items[0].get_absolute_url()).content.decode()
    assert "Hotline contact" in page and str(contact.pk)[:8] in page


def test_the_queue_is_sorted_by_score_and_reads_in_constant_queries(record, monitoring_officer):
    client = log_in(Client(), monitoring_officer)
    n = [0]

    def add(count):
        for _ in range(count):
            n[0] += 1
            record(monitoring_officer, text=TEXTS[n[0]], url=f"https://example.org/{n[0]}")

    assert_queries_constant(client, "/monitoring/items/", add, ceiling=12)
    assert len(selectors.queue(monitoring_officer)) == 6  # different advertisements
    record(monitoring_officer)
    scores = [i.score for i in selectors.queue(monitoring_officer)]
    assert scores == sorted(scores, reverse=True) and scores[0] >= 0.5


def test_the_item_page_reads_in_constant_queries_as_its_group_grows(record, monitoring_officer):
    item = record(monitoring_officer)
    client = log_in(Client(), monitoring_officer)

    def add(count):
        for k in range(count):
            record(monitoring_officer, text=RISKY + "!" * (k + 1))

    assert_queries_constant(client, item.get_absolute_url(), add, ceiling=25)


def test_the_police_unit_keeps_a_referred_item_once_blocking_is_requested(
    record, monitoring_officer, investigator
):
    item = record(monitoring_officer)
    copy = record(monitoring_officer, text=RISKY + " !")
    services.item_step(actor=monitoring_officer, item=item, step="refer")
    services.item_step(actor=monitoring_officer, item=item, step="block")
    client = log_in(Client(), investigator)
    assert client.get(item.get_absolute_url()).status_code == 200
    assert client.get(copy.get_absolute_url()).status_code == 200


def test_a_step_from_a_stale_page_is_refused_naming_who_took_the_one_since(
    record, monitoring_officer
):
    item = record(monitoring_officer)
    opened_at = item.version
    services.item_step(actor=monitoring_officer, item=item, step="review", version=opened_at)
    client = log_in(Client(), monitoring_officer)
    refused = client.post(
        f"/monitoring/items/{item.pk}/step/close/", {"version": opened_at}, follow=True
    )
    item.refresh_from_db()
    assert item.state == "review" and item.version == opened_at + 1
    page = refused.content.decode()
    assert "after you opened it" in page and monitoring_officer.username in page


def test_a_correction_from_a_stale_page_is_refused_and_nothing_is_saved(record, monitoring_officer):
    item = record(monitoring_officer)
    opened_at = item.version
    services.item_edit(
        actor=monitoring_officer,
        item=item,
        language_code="tr",
        category="job_abroad",
        version=opened_at,
    )
    client = log_in(Client(), monitoring_officer)
    page = client.post(
        f"/monitoring/items/{item.pk}/edit/",
        {"language": "ru", "category": "marriage", "version": opened_at},
        follow=True,
    ).content.decode()
    item.refresh_from_db()
    assert (item.language, item.category) == ("tr", "job_abroad")
    assert "after you opened it" in page and monitoring_officer.username in page


def test_a_step_of_the_groups_first_item_moves_the_copies_version_too(record, monitoring_officer):
    first = record(monitoring_officer)
    copy = record(monitoring_officer, url="https://example.org/ad/2")
    assert copy.group_id == first.pk
    services.item_step(actor=monitoring_officer, item=first, step="review", version=first.version)
    copy.refresh_from_db()
    with pytest.raises(StaleVersion, match=monitoring_officer.username):
        services.item_step(actor=monitoring_officer, item=copy, step="close", version=1)
