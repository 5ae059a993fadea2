"""The demonstration's alerts: made by the services its data goes through, with e-mail
addresses for every demonstration user (issue 11)."""

from ctis.accounts.models import User
from ctis.bootstrap.demo import accounts
from ctis.bootstrap.demo import setup as demo
from ctis.inbox.models import Alert, EmailState


def test_the_demonstration_users_have_alerts_and_addresses(plan, monkeypatch, mailoutbox):
    monkeypatch.setattr(demo, "DEMO_PERSONS", 5)
    demo.demo_setup()
    names = {username for username, *_rest in accounts.DEMO_USERS}
    users = User.objects.filter(username__in=names)
    assert all(u.email == f"{u.username}@{accounts.DEMO_EMAIL_DOMAIN}" for u in users)
    told = set(Alert.objects.values_list("recipient__username", "kind"))
    assert ("coordinator", "plan.report_submitted") in told
    assert ("reporter", "plan.report_returned") in told
    assert ("investigator", "nrm.notification_received") in told
    assert ("shelter", "nrm.referral_received") in told
    assert ("investigator", "nrm.referral_accepted") in told
    # The set-up's own alerts stay in the centre: the addresses came after them.
    assert not Alert.objects.exclude(email_state=EmailState.NONE).exists()
    assert mailoutbox == []
    demo.demo_setup()
    assert len(told) == len(set(Alert.objects.values_list("recipient__username", "kind")))
