"""The alert centre: the unread count in the header (one query), the user's own alerts
newest first, opening one (marks it read, follows the link), marking all read, and the
settings page that switches each kind off in the centre or by e-mail (issue 11)."""

import pytest
from django.test import Client

from ctis.inbox import kinds
from ctis.inbox.models import Alert, Preference
from ctis.inbox.selectors import unread_count
from ctis.inbox.services import alert_send, preferences_save
from ctis.plan.services import reporting
from tests.personas import log_in
from tests.queries import assert_calls_constant, assert_queries_constant


def _alerts(user, n, kind="plan.report_returned"):
    for i in range(n):
        alert_send(
            kind=kind,
            recipients=[user],
            subject=kinds.subject("Report %(n)s returned", n=i),
            link="/plan/",
        )


def test_the_header_shows_the_unread_count(client, login, reporter):
    _alerts(reporter, 3)
    login(reporter)
    page = client.get("/alerts/").content.decode()
    assert 'class="alert-count"' in page and ">3</span>" in page
    assert "3 unread alerts" in page


def test_no_count_without_unread_alerts(client, login, reporter):
    login(reporter)
    page = client.get("/alerts/").content.decode()
    assert 'class="alert-count"' not in page
    assert "No alerts." in page


def test_the_unread_count_costs_one_query_however_many_alerts(reporter):
    counts = assert_calls_constant(
        {"unread": lambda: unread_count(reporter)}, lambda n: _alerts(reporter, n), ceiling=1
    )
    assert counts["unread"] == 1


def test_the_list_page_does_not_grow_its_queries(client, login, reporter):
    login(reporter)
    assert_queries_constant(client, "/alerts/", lambda n: _alerts(reporter, n), ceiling=12)


def test_the_list_shows_only_the_users_own_alerts_newest_first(client, login, reporter, head):
    _alerts(head, 1)
    alert_send(
        kind="plan.report_returned",
        recipients=[reporter],
        subject=kinds.subject("Older"),
        link="/plan/",
    )
    alert_send(
        kind="plan.report_returned",
        recipients=[reporter],
        subject=kinds.subject("Newer"),
        link="/plan/",
    )
    login(reporter)
    page = client.get("/alerts/").content.decode()
    assert "Report 0 returned" not in page
    assert page.index("Newer") < page.index("Older")


def test_the_list_is_paginated(client, login, reporter):
    _alerts(reporter, 30)
    login(reporter)
    first = client.get("/alerts/").content.decode()
    assert first.count('class="alert-item') == 25 and "Page 1 of 2" in first
    second = client.get("/alerts/?page=2").content.decode()
    assert second.count('class="alert-item') == 5


def test_opening_an_alert_marks_it_read_and_follows_its_link(
    client, login, submitted, coordinator, reporter
):
    reporting.report_return(actor=coordinator, report=submitted, comment="Add the figures")
    alert = Alert.objects.get(recipient=reporter, kind="plan.report_returned")
    login(reporter)
    assert client.get(alert.get_absolute_url()).status_code == 405  # a change: POST only
    response = client.post(alert.get_absolute_url())
    assert response.status_code == 302 and response.url == submitted.get_absolute_url()
    alert.refresh_from_db()
    assert alert.read_at is not None
    assert client.get(response.url).status_code == 200
    assert 'class="alert-count"' not in client.get("/alerts/").content.decode()


def test_another_users_alert_cannot_be_opened(client, login, reporter, head):
    _alerts(head, 1)
    theirs = Alert.objects.get(recipient=head)
    login(reporter)
    assert client.post(theirs.get_absolute_url()).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_changes_need_the_csrf_token(reporter):
    _alerts(reporter, 1)
    alert = Alert.objects.get(recipient=reporter)
    strict = Client(enforce_csrf_checks=True)
    strict.cookies = log_in(Client(), reporter).cookies  # logged in, no token in the posts
    assert strict.post(alert.get_absolute_url()).status_code == 403
    assert strict.post("/alerts/read-all/").status_code == 403
    alert.refresh_from_db()
    assert alert.read_at is None


def test_mark_all_as_read_marks_only_the_users_own(client, login, reporter, head):
    _alerts(reporter, 3)
    _alerts(head, 2)
    login(reporter)
    response = client.post("/alerts/read-all/")
    assert response.status_code == 302
    assert unread_count(reporter) == 0
    assert unread_count(head) == 2


def test_the_settings_page_switches_a_kind_off(client, login, reporter, with_email):
    reporter = with_email(reporter)
    login(reporter)
    page = client.get("/alerts/settings/").content.decode()
    assert 'name="plan.report_returned:in_app" checked' in page
    assert 'name="plan.report_returned:email" checked' in page
    # Everything stays on except the returned report, in the centre and by e-mail.
    data = {}
    for kind in kinds.all_kinds():
        if kind.code != "plan.report_returned":
            data[f"{kind.code}:in_app"] = "on"
            if kind.email:
                data[f"{kind.code}:email"] = "on"
    response = client.post("/alerts/settings/", data)
    assert response.status_code == 302
    preference = Preference.objects.get(user=reporter)
    assert (preference.kind, preference.in_app, preference.email) == (
        "plan.report_returned",
        False,
        False,
    )
    page = client.get("/alerts/settings/").content.decode()
    assert 'name="plan.report_returned:in_app" checked' not in page
    _alerts(reporter, 1)
    assert not Alert.objects.filter(recipient=reporter).exists()


def test_in_app_off_email_on_sends_the_mail_only(
    reporter, with_email, mailoutbox, django_capture_on_commit_callbacks
):
    reporter = with_email(reporter)
    preferences_save(actor=reporter, choices={"plan.report_returned": (False, True)})
    with django_capture_on_commit_callbacks(execute=True):
        _alerts(reporter, 1)
    assert unread_count(reporter) == 0
    assert len(mailoutbox) == 1


def test_email_off_keeps_the_alert_in_the_centre(
    reporter, with_email, mailoutbox, django_capture_on_commit_callbacks
):
    reporter = with_email(reporter)
    preferences_save(actor=reporter, choices={"plan.report_returned": (True, False)})
    with django_capture_on_commit_callbacks(execute=True):
        _alerts(reporter, 1)
    assert unread_count(reporter) == 1
    assert mailoutbox == []


def test_a_settings_change_is_audited_and_an_unknown_kind_refused(reporter):
    from django.core.exceptions import ValidationError

    from ctis.audit.models import AuditEntry

    preferences_save(actor=reporter, choices={"plan.report_accepted": (False, False)})
    entry = AuditEntry.objects.filter(action="inbox.preferences.save").get()
    assert entry.changes["plan.report_accepted"]["after"] == [False, False]
    with pytest.raises(ValidationError):
        preferences_save(actor=reporter, choices={"nope.nothing": (True, True)})


def test_the_pages_need_a_log_in(client):
    for url in ("/alerts/", "/alerts/settings/"):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response.url


def test_the_count_is_in_the_header_of_every_page(client, login, reporter):
    _alerts(reporter, 2)
    login(reporter)
    for url in ("/", "/plan/", "/agencies/"):
        response = client.get(url, follow=True)
        assert '<span class="alert-count"' in response.content.decode(), url


def test_the_settings_page_lists_only_the_kinds_the_user_can_receive(
    client, login, reporter, investigator, shelter_worker
):
    login(reporter)
    page = client.get("/alerts/settings/").content.decode()
    assert 'name="plan.report_returned:in_app"' in page
    assert 'name="nrm.notification_received:in_app"' not in page
    assert 'name="plan.report_submitted:in_app"' not in page  # the coordinator's reviewers'
    client.logout()
    login(investigator)
    page = client.get("/alerts/settings/").content.decode()
    assert 'name="nrm.notification_received:in_app"' in page
    assert 'name="plan.report_returned:in_app"' not in page
    client.logout()
    login(shelter_worker)
    page = client.get("/alerts/settings/").content.decode()
    assert 'name="nrm.referral_received:in_app"' in page
    assert 'name="nrm.notification_received:in_app"' not in page


def test_every_kind_names_permissions_that_some_app_declares():
    from ctis.core.registry import permissions as declared

    for kind in kinds.all_kinds():
        assert set(kind.held_by) <= declared, kind.code
