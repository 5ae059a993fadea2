import pytest

from ctis.accounts.models import Agency
from ctis.audit.models import AuditEntry
from tests.accounts.conftest import assert_login_redirect
from tests.factories import AgencyFactory, MeasureFactory
from tests.queries import assert_queries_constant

pytestmark = pytest.mark.django_db

NEW_AGENCY = {
    "code": "test-ngo",
    "kind": "ngo",
    "name_az": "Sınaq İctimai Birliyi",
    "name_en": "Test Public Union",
    "name_ru": "",
    "short_az": "SİB",
    "short_en": "",
    "short_ru": "",
    "parent": "",
    "plan_names": "Sınaq birliyi\n\n  Sınaq   birliyi  \nSİB",
    "is_active": "on",
}


def agency_form_data(agency: Agency, **changes) -> dict:
    data = {
        "code": agency.code,
        "kind": agency.kind,
        "name_az": agency.name_az,
        "name_en": agency.name_en,
        "name_ru": agency.name_ru,
        "short_az": agency.short_az,
        "short_en": agency.short_en,
        "short_ru": agency.short_ru,
        "parent": agency.parent_id or "",
        "plan_names": "\n".join(agency.plan_names),
        "is_active": "on" if agency.is_active else "",
        "version": agency.version,
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v != ""}


# --- list -------------------------------------------------------------------------------


def test_agency_list_groups_by_type_and_counts_users(reporter_client, agencies):
    response = reporter_client.get("/accounts/agencies/")
    assert response.status_code == 200
    page = response.content.decode()
    assert '<th scope="rowgroup" colspan="5">Court' in page
    labels = [label for label, rows in response.context["groups"]]
    assert len(labels) == len(set(labels))
    mia = next(a for _, rows in response.context["groups"] for a in rows if a.code == "sms")
    assert mia.user_count == 1  # the reporter
    assert response.context["count"] == len(agencies)
    assert "/accounts/agencies/new/" not in page


def test_agency_list_filters_by_type_and_name(reporter_client, agencies):
    response = reporter_client.get("/accounts/agencies/", {"kind": "court"})
    rows = [a for _, group in response.context["groups"] for a in group]
    assert rows and all(a.kind == "court" for a in rows)

    response = reporter_client.get("/accounts/agencies/", {"q": "State Migration"})
    rows = [a for _, group in response.context["groups"] for a in group]
    assert [a.code for a in rows] == ["sms"]


def test_agency_list_shows_new_button_to_managers(client, login, coordinator):
    response = login(coordinator).get("/accounts/agencies/")
    assert "/accounts/agencies/new/" in response.content.decode()


def test_agency_list_refuses_anonymous(client, agencies):
    assert_login_redirect(client.get("/accounts/agencies/"), "/accounts/agencies/")


def test_agency_list_query_count_does_not_grow(reporter_client, agencies):
    added = []

    def add_agencies(count):
        added.extend(AgencyFactory.create_batch(count, parent=agencies["mia"]))

    assert_queries_constant(reporter_client, "/accounts/agencies/", add_agencies, ceiling=10)
    page = reporter_client.get("/accounts/agencies/").content.decode()
    assert len(added) == 6 and all(a.get_absolute_url() in page for a in added)


# --- detail -----------------------------------------------------------------------------


def test_agency_detail_shows_names_children_and_measures(reporter_client, plan, agencies):
    response = reporter_client.get("/accounts/agencies/mia/")
    assert response.status_code == 200
    page = response.content.decode()
    mia = agencies["mia"]
    assert mia.name_az in page and mia.name_en in page and mia.name_ru in page
    assert agencies["mia-ctd"].get_absolute_url() in page  # a child
    bodies = list(response.context["bodies"])
    assert bodies and all(b.agency_id == mia.pk for b in bodies)
    assert f"/plan/measures/{bodies[0].measure_id}/" in page
    assert response.context["users"] is None  # users only for administrators


def test_agency_detail_lists_users_for_administrators(admin_client, admin):
    response = admin_client.get("/accounts/agencies/mia/")
    assert response.status_code == 200
    assert admin in list(response.context["users"])
    assert admin.get_absolute_url() in response.content.decode()


def test_agency_detail_query_count_does_not_grow_with_measures(reporter_client, plan, coordinator):
    section = plan.sections.earliest("position")
    added = []

    def add_measures(count):  # carried out by the Ministry of Internal Affairs
        added.extend(MeasureFactory.create_batch(count, actor=coordinator, section=section))

    assert_queries_constant(reporter_client, "/accounts/agencies/mia/", add_measures, ceiling=12)
    page = reporter_client.get("/accounts/agencies/mia/").content.decode()
    assert len(added) == 6 and all(f"/plan/measures/{m.pk}/" in page for m in added)


def test_agency_detail_refuses_anonymous(client, agencies):
    assert_login_redirect(client.get("/accounts/agencies/mia/"), "/accounts/agencies/mia/")


def test_agency_detail_unknown_code_is_404(reporter_client):
    assert reporter_client.get("/accounts/agencies/nowhere/").status_code == 404


# --- create -----------------------------------------------------------------------------


def test_agency_create_saves_and_audits(admin_client, admin):
    response = admin_client.post("/accounts/agencies/new/", NEW_AGENCY)
    assert response.status_code == 302
    agency = Agency.objects.get(code="test-ngo")
    assert response.url == agency.get_absolute_url()
    assert agency.plan_names == ["Sınaq birliyi", "SİB"]
    assert agency.is_active
    entry = AuditEntry.objects.get(action="accounts.agency.create", object_id=str(agency.pk))
    assert entry.actor == admin


def test_coordinator_may_create_agencies(client, login, coordinator):
    response = login(coordinator).post("/accounts/agencies/new/", NEW_AGENCY)
    assert response.status_code == 302
    assert Agency.objects.filter(code="test-ngo").exists()


def test_agency_create_form_renders(admin_client):
    response = admin_client.get("/accounts/agencies/new/")
    assert response.status_code == 200
    assert 'name="plan_names"' in response.content.decode()


def test_agency_create_refuses_duplicate_code(admin_client, agencies):
    count = Agency.objects.count()
    response = admin_client.post("/accounts/agencies/new/", {**NEW_AGENCY, "code": "mia"})
    assert response.status_code == 200
    assert response.context["form"].errors["code"]
    assert 'id="id_code_error"' in response.content.decode()
    assert Agency.objects.count() == count


def test_agency_create_refuses_bad_input_beside_fields(admin_client, agencies):
    count = Agency.objects.count()
    response = admin_client.post(
        "/accounts/agencies/new/", {**NEW_AGENCY, "code": "Not a slug!", "kind": "", "name_az": ""}
    )
    errors = response.context["form"].errors
    assert {"code", "kind", "name_az"} <= set(errors)
    assert Agency.objects.count() == count


def test_agency_create_refuses_users_without_permission(reporter_client):
    assert reporter_client.get("/accounts/agencies/new/").status_code == 403
    response = reporter_client.post("/accounts/agencies/new/", NEW_AGENCY)
    assert response.status_code == 403
    assert not Agency.objects.filter(code="test-ngo").exists()


def test_agency_create_refuses_anonymous(client, agencies):
    assert_login_redirect(client.get("/accounts/agencies/new/"), "/accounts/agencies/new/")
    client.post("/accounts/agencies/new/", NEW_AGENCY)
    assert not Agency.objects.filter(code="test-ngo").exists()


# --- edit -------------------------------------------------------------------------------


def test_agency_edit_shows_current_values(admin_client, agencies):
    response = admin_client.get("/accounts/agencies/mia-ctd/edit/")
    assert response.status_code == 200
    form = response.context["form"]
    assert form["code"].value() == "mia-ctd"
    assert str(form["parent"].value()) == str(agencies["mia"].pk)


def test_agency_edit_saves_and_audits(admin_client, agencies):
    sms = agencies["sms"]
    data = agency_form_data(sms, short_en="SMS-X", is_active="")
    response = admin_client.post("/accounts/agencies/sms/edit/", data)
    assert response.status_code == 302
    sms.refresh_from_db()
    assert sms.short_en == "SMS-X" and not sms.is_active
    entry = AuditEntry.objects.filter(action="accounts.agency.update").first()
    assert entry.changes["short_en"] == {"before": "SMS", "after": "SMS-X"}
    assert entry.changes["is_active"] == {"before": True, "after": False}


def test_agency_edit_refuses_a_cycle(admin_client, agencies):
    # MIA cannot be placed under its own Main Department.
    mia = agencies["mia"]
    data = agency_form_data(mia, parent=agencies["mia-ctd"].pk)
    response = admin_client.post("/accounts/agencies/mia/edit/", data)
    assert response.status_code == 200
    assert response.context["form"].errors["parent"]
    assert 'id="id_parent_error"' in response.content.decode()
    mia.refresh_from_db()
    assert mia.parent_id is None
    assert not AuditEntry.objects.filter(action="accounts.agency.update").exists()


def test_agency_edit_refuses_its_own_parent(admin_client, agencies):
    mia = agencies["mia"]
    response = admin_client.post(
        "/accounts/agencies/mia/edit/", agency_form_data(mia, parent=mia.pk)
    )
    assert response.context["form"].errors["parent"]
    mia.refresh_from_db()
    assert mia.parent_id is None


def test_agency_edit_refuses_users_without_permission(reporter_client, agencies):
    assert reporter_client.get("/accounts/agencies/sms/edit/").status_code == 403
    data = agency_form_data(agencies["sms"], short_en="changed")
    assert reporter_client.post("/accounts/agencies/sms/edit/", data).status_code == 403
    agencies["sms"].refresh_from_db()
    assert agencies["sms"].short_en != "changed"


def test_agency_edit_refuses_anonymous(client, agencies):
    assert_login_redirect(
        client.get("/accounts/agencies/sms/edit/"), "/accounts/agencies/sms/edit/"
    )
