import pytest
from django.utils import timezone

from ctis.accounts.models import User
from ctis.accounts.roles import Role
from ctis.audit.models import AuditEntry
from tests.accounts.conftest import assert_login_redirect
from tests.factories import UserFactory
from tests.personas import enrol
from tests.queries import assert_queries_constant

pytestmark = pytest.mark.django_db

GOOD_PASSWORD = "lantern-river-orbit-47"


@pytest.fixture
def new_user_data(agencies):
    return {
        "username": "n.aliyeva",
        "last_name": "Əliyeva",
        "first_name": "Nərmin",
        "patronymic": "Rauf qızı",
        "email": "n.aliyeva@example.az",
        "position": "Baş məsləhətçi",
        "agency": agencies["sms"].pk,
        "roles": ["agency_reporter", "analyst"],
        "password": GOOD_PASSWORD,
        "password_confirm": GOOD_PASSWORD,
    }


@pytest.fixture
def member(make_user):
    return make_user("member", "sms", "agency_reporter")


def edit_data(user: User, **changes) -> dict:
    data = {
        "username": user.username,
        "last_name": user.last_name,
        "first_name": user.first_name,
        "patronymic": user.patronymic,
        "email": user.email,
        "position": user.position,
        "agency": user.agency_id,
        "roles": user.role_codes,
        "is_active": "on" if user.is_active else "",
        "version": user.version,
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v not in ("", None)}


USER_PAGES = [
    ("get", "/accounts/users/"),
    ("get", "/accounts/users/new/"),
    ("get", "/accounts/users/{pk}/"),
    ("get", "/accounts/users/{pk}/edit/"),
    ("post", "/accounts/users/{pk}/reset-password/"),
    ("post", "/accounts/users/{pk}/reset-two-factor/"),
    ("post", "/accounts/users/{pk}/unlock/"),
]


# --- refusals ---------------------------------------------------------------------------


@pytest.mark.parametrize(("method", "url"), USER_PAGES)
def test_user_pages_refuse_anonymous(client, member, method, url):
    url = url.format(pk=member.pk)
    assert_login_redirect(getattr(client, method)(url), url)


@pytest.mark.parametrize(("method", "url"), USER_PAGES)
def test_user_pages_refuse_users_without_permission(
    client, login, member, coordinator, method, url
):
    response = getattr(login(coordinator), method)(url.format(pk=member.pk))
    assert response.status_code == 403


@pytest.mark.parametrize(
    "url",
    [
        "/accounts/users/{pk}/reset-password/",
        "/accounts/users/{pk}/reset-two-factor/",
        "/accounts/users/{pk}/unlock/",
    ],
)
def test_user_actions_are_post_only(admin_client, member, url):
    assert admin_client.get(url.format(pk=member.pk)).status_code == 405


# --- list -------------------------------------------------------------------------------


def test_user_list_shows_users(admin_client, member):
    response = admin_client.get("/accounts/users/")
    assert response.status_code == 200
    page = response.content.decode()
    assert member.get_absolute_url() in page
    assert "Agency reporter" in page


def test_user_list_filters(admin_client, admin, member, head, make_user, agencies):
    retired = make_user("retired", "mlspp", "agency_reporter")
    User.objects.filter(pk=retired.pk).update(is_active=False)

    def usernames(**params):
        response = admin_client.get("/accounts/users/", params)
        assert response.status_code == 200
        return sorted(u.username for u in response.context["page"])

    assert usernames(agency=agencies["sms"].pk) == ["head", "member"]
    assert usernames(role="agency_reporter") == ["member", "retired"]
    assert usernames(role="agency_reporter", active="yes") == ["member"]
    assert usernames(active="no") == ["retired"]
    assert usernames(q="hea") == ["head"]


def test_user_list_paginates_by_50(admin_client, make_user):
    for i in range(55):
        make_user(f"user{i:02d}", "sms", "analyst")
    response = admin_client.get("/accounts/users/")
    assert len(response.context["page"].object_list) == 50
    response = admin_client.get("/accounts/users/", {"page": 2, "role": "analyst"})
    assert len(response.context["page"].object_list) == 5
    assert "role=analyst" in response.content.decode()  # the filter survives paging


def test_user_list_query_count_does_not_grow(admin_client, agencies):
    def add_users(count):
        for _ in range(count):
            UserFactory(agency=agencies["sms"], roles=["analyst", "agency_reporter"])
            UserFactory(agency=agencies["mlspp"], roles=["analyst", "agency_head"])

    assert_queries_constant(admin_client, "/accounts/users/", add_users, ceiling=12)
    assert len(admin_client.get("/accounts/users/").context["page"].object_list) == 13


# --- create -----------------------------------------------------------------------------


def test_user_create_form_renders_roles_as_checkboxes(admin_client, agencies):
    response = admin_client.get("/accounts/users/new/", {"agency": agencies["sms"].pk})
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('type="checkbox" name="roles"') == len(Role)
    assert response.context["form"]["agency"].value() == str(agencies["sms"].pk)


def test_user_create_creates_with_roles_and_audits(admin_client, admin, new_user_data):
    response = admin_client.post("/accounts/users/new/", new_user_data)
    assert response.status_code == 302
    user = User.objects.get(username="n.aliyeva")
    assert response.url == user.get_absolute_url()
    assert sorted(user.role_codes) == ["agency_reporter", "analyst"]
    assert user.agency.code == "sms" and user.patronymic == "Rauf qızı"
    assert user.check_password(GOOD_PASSWORD)
    entry = AuditEntry.objects.get(action="accounts.user.create", object_id=str(user.pk))
    assert entry.actor == admin
    assert entry.changes["roles"]["after"] == ["agency_reporter", "analyst"]
    assert "password" not in entry.changes


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"username": "member"}, "username"),
        ({"password_confirm": "something-else-entirely-1"}, "password_confirm"),
        ({"password": "12345678901", "password_confirm": "12345678901"}, "password"),
        ({"password": "short", "password_confirm": "short"}, "password"),
        ({"password": "password123", "password_confirm": "password123"}, "password"),
        ({"roles": []}, "roles"),
        ({"roles": ["emperor"]}, "roles"),
        ({"agency": ""}, "agency"),
        ({"username": "bad name!"}, "username"),
        ({"email": "not-an-address"}, "email"),
    ],
)
def test_user_create_bad_input_is_shown_beside_the_field(
    admin_client, member, new_user_data, changes, field
):
    users = User.objects.count()
    entries = AuditEntry.objects.count()
    data = {k: v for k, v in {**new_user_data, **changes}.items() if v not in ("", [])}
    response = admin_client.post("/accounts/users/new/", data)
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert f'id="id_{field}_error"' in response.content.decode()
    assert User.objects.count() == users
    assert AuditEntry.objects.count() == entries


def test_user_create_password_like_the_username_is_refused(admin_client, new_user_data):
    data = {**new_user_data, "password": "n.aliyeva.2021", "password_confirm": "n.aliyeva.2021"}
    response = admin_client.post("/accounts/users/new/", data)
    assert response.context["form"].errors["password"]
    assert not User.objects.filter(username="n.aliyeva").exists()


# --- detail -----------------------------------------------------------------------------


def test_user_detail_shows_state_and_audit_entries(admin_client, member):
    enrol(member)
    member.locked_until = timezone.now() + timezone.timedelta(minutes=10)
    member.save(update_fields=["locked_until"])
    response = admin_client.get(f"/accounts/users/{member.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert member.agency.name in page
    assert f"/accounts/users/{member.pk}/unlock/" in page
    assert f"/accounts/users/{member.pk}/reset-two-factor/" in page
    entries = response.context["entries"]
    assert [e.action for e in entries] == ["accounts.user.create"]
    assert all(e.object_type == "accounts.user" and e.object_id == str(member.pk) for e in entries)


def test_user_detail_shows_at_most_20_entries(admin_client, admin, member):
    from ctis.audit.services import audit_record

    for _ in range(25):
        audit_record(actor=admin, action="accounts.user.test", obj=member)
    response = admin_client.get(f"/accounts/users/{member.pk}/")
    assert len(response.context["entries"]) == 20


def test_user_detail_unknown_is_404(admin_client):
    assert admin_client.get("/accounts/users/999999/").status_code == 404


# --- edit -------------------------------------------------------------------------------


def test_user_edit_saves_and_audits(admin_client, admin, member, agencies):
    data = edit_data(
        member,
        position="Şöbə müdiri",
        roles=["agency_head"],
        agency=agencies["mlspp"].pk,
        is_active="",
    )
    response = admin_client.post(f"/accounts/users/{member.pk}/edit/", data)
    assert response.status_code == 302
    member = User.objects.get(pk=member.pk)
    assert member.position == "Şöbə müdiri"
    assert member.role_codes == ["agency_head"]
    assert member.agency.code == "mlspp"
    assert not member.is_active
    entry = AuditEntry.objects.filter(action="accounts.user.update").first()
    assert entry.actor == admin
    assert entry.changes["roles"] == {"before": ["agency_reporter"], "after": ["agency_head"]}
    assert entry.changes["is_active"] == {"before": True, "after": False}


def test_user_edit_form_shows_current_values(admin_client, member):
    response = admin_client.get(f"/accounts/users/{member.pk}/edit/")
    form = response.context["form"]
    assert form["roles"].value() == ["agency_reporter"]
    assert "password" not in form.fields


def test_user_edit_refuses_no_role_and_duplicate_username(admin_client, admin, member):
    response = admin_client.post(f"/accounts/users/{member.pk}/edit/", edit_data(member, roles=[]))
    assert response.context["form"].errors["roles"]
    response = admin_client.post(
        f"/accounts/users/{member.pk}/edit/", edit_data(member, username=admin.username)
    )
    assert response.context["form"].errors["username"]
    assert User.objects.get(pk=member.pk).username == "member"
    assert not AuditEntry.objects.filter(action="accounts.user.update").exists()


def test_administrator_cannot_lock_themselves_out(admin_client, admin):
    response = admin_client.post(
        f"/accounts/users/{admin.pk}/edit/", edit_data(admin, is_active="")
    )
    assert response.context["form"].errors["is_active"]
    response = admin_client.post(
        f"/accounts/users/{admin.pk}/edit/", edit_data(admin, roles=["analyst"])
    )
    assert response.context["form"].errors["roles"]
    admin = User.objects.get(pk=admin.pk)
    assert admin.is_active and admin.role_codes == ["system_administrator"]


# --- actions ----------------------------------------------------------------------------


def test_password_reset_works_and_is_audited(admin_client, admin, member, login):
    member.locked_until = timezone.now() + timezone.timedelta(minutes=10)
    member.save(update_fields=["locked_until"])
    response = admin_client.post(
        f"/accounts/users/{member.pk}/reset-password/",
        {"password": GOOD_PASSWORD, "password_confirm": GOOD_PASSWORD},
    )
    assert response.status_code == 302
    member = User.objects.get(pk=member.pk)
    assert member.check_password(GOOD_PASSWORD)
    assert not member.is_locked()
    entry = AuditEntry.objects.get(action="accounts.user.reset_password")
    assert entry.actor == admin and entry.object_id == str(member.pk)
    assert "password" not in entry.changes


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"password": GOOD_PASSWORD, "password_confirm": GOOD_PASSWORD + "x"}, "password_confirm"),
        ({"password": "1234567890", "password_confirm": "1234567890"}, "password"),
    ],
)
def test_password_reset_refuses_bad_passwords(admin_client, member, data, field):
    response = admin_client.post(f"/accounts/users/{member.pk}/reset-password/", data)
    assert response.status_code == 200
    assert response.context["password_form"].errors[field]
    assert f'id="id_{field}_error"' in response.content.decode()
    assert User.objects.get(pk=member.pk).check_password("correct-horse-battery-9")
    assert not AuditEntry.objects.filter(action="accounts.user.reset_password").exists()


def test_two_factor_reset_works_and_is_audited(admin_client, admin, member):
    enrol(member)
    response = admin_client.post(f"/accounts/users/{member.pk}/reset-two-factor/")
    assert response.status_code == 302
    member = User.objects.get(pk=member.pk)
    assert not member.has_totp and member.totp_secret == ""
    entry = AuditEntry.objects.get(action="accounts.user.reset_two_factor")
    assert entry.actor == admin and entry.object_id == str(member.pk)


def test_unlock_is_audited(admin_client, admin, member):
    member.locked_until = timezone.now() + timezone.timedelta(minutes=10)
    member.save(update_fields=["locked_until"])
    response = admin_client.post(f"/accounts/users/{member.pk}/unlock/")
    assert response.status_code == 302
    assert not User.objects.get(pk=member.pk).is_locked()
    entry = AuditEntry.objects.get(action="accounts.user.unlock")
    assert entry.actor == admin


def test_user_create_reports_name_and_password_problems_together(
    admin_client, member, new_user_data
):
    data = {
        **new_user_data,
        "username": "member",
        "password": "1234567890",
        "password_confirm": "1234567890",
    }
    errors = admin_client.post("/accounts/users/new/", data).context["form"].errors
    assert errors["username"] and errors["password"]
