"""Recording items: screened, identifiers sealed and indexed, language detected, near-copies
grouped; refusals (a malformed URL, a file that is not an image, child sexual abuse
material with text or a screenshot) save nothing."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection, transaction
from django.test import Client

from ctis.audit.models import AuditEntry
from ctis.core.identifiers import normalise
from ctis.monitoring import services
from ctis.monitoring.inputs import ItemInput
from ctis.monitoring.models import Item, ItemIdentifier
from ctis.monitoring.selectors import queue
from tests.monitoring.conftest import HARMLESS, RISKY, png_bytes
from tests.personas import log_in

pytestmark = pytest.mark.django_db


def test_an_item_is_screened_and_its_number_sealed_with_the_shared_index(
    record, monitoring_officer
):
    item = record(monitoring_officer)
    assert item.score >= 0.5 and item.language == "az"
    assert {m["signal"] for m in item.matches} >= {"no-experience", "young-women", "travel-paid"}
    (found,) = item.identifiers.all()
    assert found.value == "+971501234567"
    assert found.index == normalise("phone", "+971 50 123 4567").index
    with connection.cursor() as cursor:
        cursor.execute("SELECT value FROM monitoring_itemidentifier")
        (stored,) = cursor.fetchone()
        cursor.execute("SELECT text FROM monitoring_item")
        (text,) = cursor.fetchone()
    assert "971" not in stored and "Dubay" not in text


def test_the_audit_entry_keeps_neither_the_text_nor_the_number(record, monitoring_officer):
    record(monitoring_officer)
    entry = AuditEntry.objects.filter(action="monitoring.item.create").get()
    assert "971" not in str(entry.changes) and "Dubay" not in str(entry.changes)


def test_a_near_copy_joins_the_group_of_the_first_and_the_queue_shows_it_once(
    record, monitoring_officer
):
    first = record(monitoring_officer)
    services.item_step(actor=monitoring_officer, item=first, step="review")
    copy = record(monitoring_officer, text=RISKY.replace("Dubayda", "Dubayda!!") + " Tələsin.")
    other = record(monitoring_officer, text=HARMLESS)
    first.refresh_from_db()
    assert copy.group_id == first.pk == first.group_id and other.group_id is None
    assert copy.state == "review"  # it takes the group's triage

    shown = list(queue(monitoring_officer))
    assert [i.pk for i in shown] == [first.pk, other.pk]  # by score, the group once
    assert shown[0].copies == 2


def test_a_triage_step_moves_the_whole_group(record, monitoring_officer):
    first = record(monitoring_officer)
    copy = record(monitoring_officer, text=RISKY + " !")
    services.item_step(actor=monitoring_officer, item=first, step="close")
    copy.refresh_from_db()
    assert copy.state == "closed"


@pytest.mark.parametrize(
    "url", ["not a url", "ftp://example.org/x", "http://", "javascript:alert(1)"]
)
def test_a_malformed_url_is_refused_and_nothing_saved(record, monitoring_officer, url):
    with pytest.raises(ValidationError) as refused:
        record(monitoring_officer, url=url)
    assert "url" in refused.value.message_dict
    assert not Item.objects.exists() and not ItemIdentifier.objects.exists()


def test_a_file_that_is_not_an_image_is_refused(record, monitoring_officer):
    fake = SimpleUploadedFile("shot.png", b"%PDF-1.4 not an image", content_type="image/png")
    with pytest.raises(ValidationError) as refused:
        record(monitoring_officer, screenshot=fake)
    assert "not an image" in refused.value.message_dict["screenshot"][0]
    assert not Item.objects.exists()


def test_a_real_image_is_kept(record, monitoring_officer):
    item = record(
        monitoring_officer,
        screenshot=SimpleUploadedFile("s.png", png_bytes(), content_type="image/png"),
    )
    assert item.screenshot
    client = log_in(Client(), monitoring_officer)
    response = client.get(f"/monitoring/items/{item.pk}/screenshot/")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"


def test_child_abuse_material_with_text_or_a_screenshot_is_refused(signals, monitoring_officer):
    shot = SimpleUploadedFile("s.png", png_bytes(), content_type="image/png")
    with pytest.raises(ValidationError) as refused:
        services.item_create(
            actor=monitoring_officer,
            data=ItemInput(
                url="https://example.org/x",
                platform="website",
                category="csam",
                text="anything",
                screenshot=shot,
                escalated_to="Internet hotline",
            ),
        )
    assert set(refused.value.message_dict) == {"text", "screenshot"}
    assert not Item.objects.exists()


def test_child_abuse_material_keeps_only_the_address_date_and_escalation(
    signals, monitoring_officer
):
    item = services.item_create(
        actor=monitoring_officer,
        data=ItemInput(
            url="https://example.org/x",
            platform="website",
            category="csam",
            escalated_to="Ministry of Digital Development",
        ),
    )
    assert item.text is None and not item.screenshot and item.score == 0
    with pytest.raises(ValidationError) as refused:
        services.item_create(
            actor=monitoring_officer,
            data=ItemInput(url="https://example.org/y", platform="website", category="csam"),
        )
    assert "escalated_to" in refused.value.message_dict


def test_the_database_refuses_stored_text_on_child_abuse_material(record, monitoring_officer):
    item = record(monitoring_officer)
    with pytest.raises(IntegrityError), transaction.atomic():
        Item.objects.filter(pk=item.pk).update(category="csam")


def test_the_form_refuses_bad_input_beside_the_field_and_saves_nothing(signals, monitoring_officer):
    client = log_in(Client(), monitoring_officer)
    page = client.get("/monitoring/items/new/").content.decode()
    assert "Child sexual abuse material is never stored." in page
    response = client.post(
        "/monitoring/items/new/",
        {
            "url": "not a url",
            "platform": "facebook",
            "category": "job_abroad",
            "text": RISKY,
            "screenshot": SimpleUploadedFile("s.png", b"GIF89 nope", content_type="image/png"),
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "url" in form.errors
    assert not Item.objects.exists()
    response = client.post(
        "/monitoring/items/new/",
        {
            "url": "https://example.org/a",
            "platform": "facebook",
            "category": "job_abroad",
            "text": RISKY,
            "screenshot": SimpleUploadedFile("s.png", b"GIF89 nope", content_type="image/png"),
        },
    )
    assert response.status_code == 200
    assert "not an image" in response.context["form"].errors["screenshot"][0]
    assert not Item.objects.exists()


def test_the_form_records_an_item_and_opens_it(signals, monitoring_officer):
    client = log_in(Client(), monitoring_officer)
    response = client.post(
        "/monitoring/items/new/",
        {
            "url": "https://example.org/a",
            "platform": "facebook",
            "category": "job_abroad",
            "text": RISKY,
        },
    )
    item = Item.objects.get()
    assert response.status_code == 302 and response["Location"] == item.get_absolute_url()


def test_only_monitoring_officers_record_items(record, analyst, investigator):
    for user in (analyst, investigator):
        with pytest.raises(PermissionDenied):
            record(user)


def test_the_language_detected_can_be_corrected(record, monitoring_officer):
    item = record(monitoring_officer)
    corrected = services.item_edit(
        actor=monitoring_officer, item=item, language_code="tr", category="job_abroad"
    )
    assert corrected.language == "tr"
    with pytest.raises(ValidationError):
        services.item_edit(actor=monitoring_officer, item=item, language_code="az", category="csam")
