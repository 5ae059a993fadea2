"""The hotline's demonstration data: a repeat caller, a flagged caller, a tip waiting to be
told to the police unit; made once."""

from ctis.bootstrap.demo.accounts import demo_users
from ctis.bootstrap.demo.hotline import REPEAT_CALLER, demo_hotline
from ctis.core.identifiers import recognise
from ctis.hotline import selectors
from ctis.hotline.models import CallerFlag, Contact, ContactConsent


def test_the_demo_has_a_repeat_caller_and_a_tip(agencies):
    users = demo_users()
    made = demo_hotline(users)
    assert made == Contact.objects.count() >= 8
    operator = users["hotline"]
    repeat = selectors.contacts_with_identifier(operator, [recognise(REPEAT_CALLER).index])
    assert repeat.count() == 3
    assert CallerFlag.objects.count() == 2
    tip = Contact.objects.get(outcome="police_tip")
    assert selectors.disclosures(tip)["police"].allowed
    assert ContactConsent.objects.count() == 0
    assert demo_hotline(users) == 0
