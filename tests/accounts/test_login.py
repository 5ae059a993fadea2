"""Log-in: lockout after repeated failures, TOTP codes, and the two-factor enrolment duty."""

import pyotp
import pytest
from django.test import Client

from ctis.accounts.models import User
from ctis.audit.models import AuditEntry
from tests.personas import PASSWORD, enrol, log_in

pytestmark = pytest.mark.django_db

LOCK_MESSAGE = "locked"


def post_login(client, username: str, password: str):
    return client.post("/accounts/login/", {"username": username, "password": password})


# --- lockout ----------------------------------------------------------------------------


def test_five_wrong_passwords_lock_the_account(client, analyst, settings):
    settings.CTIS_LOCKOUT_THRESHOLD = 5
    for _ in range(4):
        response = post_login(client, "analyst", "wrong-password")
        assert response.status_code == 200
        assert not User.objects.get(pk=analyst.pk).is_locked()
    response = post_login(client, "analyst", "wrong-password")
    assert LOCK_MESSAGE in response.content.decode()
    assert User.objects.get(pk=analyst.pk).is_locked()

    response = post_login(client, "analyst", PASSWORD)
    assert response.status_code == 200
    assert LOCK_MESSAGE in response.context["form"].non_field_errors()[0]
    assert "_auth_user_id" not in client.session
    assert AuditEntry.objects.filter(action="accounts.login.locked").count() == 1


def test_the_password_step_answers_alike_for_a_locked_a_missing_and_an_open_account(
    client, analyst, auditor
):
    """Nobody learns from the answer which user names exist or are locked."""
    for _ in range(5):
        post_login(client, "analyst", "wrong-password")
    assert User.objects.get(pk=analyst.pk).is_locked()
    answers = [
        tuple(post_login(Client(), name, password).context["form"].non_field_errors())
        for name, password in [
            ("analyst", "wrong-password"),  # locked
            ("analyst", PASSWORD),  # locked, right password
            ("nobody-by-this-name", "wrong-password"),  # missing
            (auditor.username, "wrong-password"),  # open, wrong password
        ]
    ]
    assert len(set(answers)) == 1 and answers[0], answers


def test_admin_unlock_lets_the_user_in_again(client, analyst, admin):
    for _ in range(5):
        post_login(client, "analyst", "wrong-password")
    assert User.objects.get(pk=analyst.pk).is_locked()

    admin_browser = log_in(Client(), admin)
    response = admin_browser.post(f"/accounts/users/{analyst.pk}/unlock/")
    assert response.status_code == 302

    response = post_login(client, "analyst", PASSWORD)
    assert response.status_code == 302 and response.url == "/"
    assert client.session["_auth_user_id"] == str(analyst.pk)


def test_a_success_resets_the_failure_count(client, analyst):
    for _ in range(4):
        post_login(client, "analyst", "wrong-password")
    assert post_login(client, "analyst", PASSWORD).status_code == 302
    assert User.objects.get(pk=analyst.pk).failed_login_count == 0


def test_unknown_user_gets_the_same_message(client, analyst):
    unknown = post_login(client, "nobody", "wrong-password")
    wrong = post_login(client, "analyst", "wrong-password")
    assert unknown.context["form"].non_field_errors() == wrong.context["form"].non_field_errors()


# --- TOTP -------------------------------------------------------------------------------


def test_a_user_with_a_confirmed_secret_must_give_the_code(client, analyst):
    secret = enrol(analyst)
    response = post_login(client, "analyst", PASSWORD)
    assert response.url == "/accounts/login/code/"
    assert "_auth_user_id" not in client.session
    # Without the code, nothing behind the log-in is reachable.
    assert client.get("/accounts/agencies/").status_code == 302

    response = client.post("/accounts/login/code/", {"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(analyst.pk)
    assert client.get("/accounts/agencies/").status_code == 200
    entry = AuditEntry.objects.filter(action="accounts.login").first()
    assert entry.changes["two_factor"]["after"] is True


def test_a_wrong_code_is_refused(client, analyst):
    secret = enrol(analyst)
    post_login(client, "analyst", PASSWORD)
    right = pyotp.TOTP(secret).now()
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    response = client.post("/accounts/login/code/", {"code": wrong})
    assert response.status_code == 200
    assert response.context["form"].errors["code"]
    assert "_auth_user_id" not in client.session
    assert User.objects.get(pk=analyst.pk).failed_login_count == 1


def test_a_replayed_code_is_refused(client, analyst):
    secret = enrol(analyst)
    code = pyotp.TOTP(secret).now()
    post_login(client, "analyst", PASSWORD)
    assert client.post("/accounts/login/code/", {"code": code}).status_code == 302

    other = Client()
    post_login(other, "analyst", PASSWORD)
    response = other.post("/accounts/login/code/", {"code": code})
    assert response.status_code == 200
    assert response.context["form"].errors["code"]
    assert "_auth_user_id" not in other.session


def test_wrong_codes_count_toward_lockout(client, analyst):
    enrol(analyst)
    post_login(client, "analyst", PASSWORD)
    for _ in range(5):
        response = client.post("/accounts/login/code/", {"code": "000000"})
    assert User.objects.get(pk=analyst.pk).is_locked()
    assert LOCK_MESSAGE in response.content.decode()


# --- two-factor duty --------------------------------------------------------------------


def test_a_role_that_requires_two_factor_is_sent_to_enrolment(client, admin, settings):
    settings.DEMO = False
    assert "system_administrator" in settings.CTIS_2FA_REQUIRED_ROLES
    assert post_login(client, admin.username, PASSWORD).status_code == 302

    response = client.get("/accounts/users/")
    assert response.status_code == 302 and response.url == "/accounts/two-factor/"
    response = client.get("/accounts/two-factor/")
    assert response.status_code == 200 and response.context["begin"]
    assert not User.objects.get(pk=admin.pk).totp_secret  # a GET changes nothing
    assert client.post("/accounts/two-factor/").status_code == 302
    response = client.get("/accounts/two-factor/")
    secret = User.objects.get(pk=admin.pk).totp_secret
    assert secret and response.context["secret"] == secret

    wrong = client.post("/accounts/two-factor/", {"code": "000000"})
    assert wrong.context["form"].errors["code"]
    assert client.get("/accounts/users/").url == "/accounts/two-factor/"

    response = client.post("/accounts/two-factor/", {"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 302
    assert User.objects.get(pk=admin.pk).has_totp
    assert client.get("/accounts/users/").status_code == 200
    assert AuditEntry.objects.filter(action="accounts.user.enrol_two_factor").exists()


def test_demo_set_up_does_not_require_two_factor(client, admin, settings):
    settings.DEMO = True
    post_login(client, admin.username, PASSWORD)
    assert client.get("/accounts/users/").status_code == 200


def test_a_role_without_the_duty_is_not_sent_to_enrolment(client, analyst, settings):
    settings.DEMO = False
    post_login(client, "analyst", PASSWORD)
    assert client.get("/accounts/agencies/").status_code == 200


def test_after_a_two_factor_reset_the_user_enrols_again(client, admin, auditor):
    enrol(auditor)
    log_in(Client(), admin).post(f"/accounts/users/{auditor.pk}/reset-two-factor/")

    response = post_login(client, auditor.username, PASSWORD)
    assert response.url == "/"  # no code asked: there is no secret any more
    assert client.get("/audit/").url == "/accounts/two-factor/"
