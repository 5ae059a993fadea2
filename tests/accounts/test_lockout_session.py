from django.test import Client

from tests.personas import PASSWORD


def test_lock_by_a_password_guesser_does_not_end_the_owners_session(make_user, login, client):
    owner = make_user("owner", "sms", "agency_reporter")
    login(owner)
    guesser = Client()
    for _ in range(6):
        guesser.post("/accounts/login/", {"username": "owner", "password": "wrong-guess"})
    owner.refresh_from_db()
    assert owner.is_locked()
    assert client.get("/plan/").status_code == 200  # the open session goes on
    refused = Client().post("/accounts/login/", {"username": "owner", "password": PASSWORD})
    assert refused.status_code == 200  # but a new log-in is refused while locked


def test_idle_session_expires(make_user, login, client, settings):
    assert settings.SESSION_SAVE_EVERY_REQUEST and settings.SESSION_COOKIE_AGE == 30 * 60
    login(make_user("idle", "sms", "agency_reporter"))
    session = client.session
    session.set_expiry(-1)  # as if the idle time had run out
    session.save()
    response = client.get("/plan/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_reset_of_the_second_factor_ends_open_sessions(make_user, login, client, settings):
    import pyotp

    from ctis.accounts import services

    settings.DEMO = True  # the administrator logs in without a code in this test
    user = make_user("two-factor-user", "sms", "agency_reporter")
    login(user)
    assert client.get("/accounts/two-factor/").status_code == 200  # enrolment starts
    user.refresh_from_db()
    assert not user.totp_secret  # looking at the page changes nothing
    assert client.post("/accounts/two-factor/").status_code == 302  # a secret is made
    user.refresh_from_db()
    code = pyotp.TOTP(user.totp_secret).now()
    response = client.post("/accounts/two-factor/", {"code": code})
    assert response.status_code == 302
    assert client.get("/plan/").status_code == 200  # enrolment kept the session
    admin = make_user("reset-admin", "mia", "system_administrator")
    services.user_reset_two_factor(actor=admin, user=user)
    response = client.get("/plan/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
