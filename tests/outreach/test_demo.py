"""The demonstration events: made once through the services, with answers and a change of
knowledge at the training."""

from ctis.bootstrap.demo.accounts import demo_users
from ctis.bootstrap.demo.outreach import EVENTS, demo_events
from ctis.outreach.models import Event, Response
from ctis.outreach.selectors import event_summary


def test_the_demo_events_are_made_once_with_feedback(plan):
    users = demo_users()
    assert demo_events(users) == len(EVENTS)
    assert demo_events(users) == 0
    assert Event.objects.count() == len(EVENTS)
    assert Response.objects.filter(stage="after").count() > 20
    training = Event.objects.get(kind="training")
    knowledge = event_summary(training)["knowledge"]
    assert knowledge["before_answers"] and knowledge["after_answers"]
    assert knowledge["change"] is not None
    assert Event.objects.filter(feedback="closed").exclude(assessment="").count() == 2
