"""`ctis setup --demo`: the demonstration users, reports, persons and the referral path,
made once and not again."""

from decimal import Decimal

from ctis.accounts.models import User
from ctis.bootstrap.demo import accounts
from ctis.bootstrap.demo import setup as demo
from ctis.nrm.models import Notification, Referral, ServiceDelivery, Stay, SupportPlan
from ctis.plan.selectors import indicator_totals


def test_demo_setup_makes_its_data_once(plan, monkeypatch, settings):
    from ctis.nrm.services import indicator_sets_load_reference

    monkeypatch.setattr(demo, "DEMO_PERSONS", 20)
    indicator_sets_load_reference()  # as `ctis setup` does before the demonstration
    lines = demo.demo_setup()
    assert any("ctis-demo-2021" in line for line in lines)
    assert set(User.objects.values_list("username", flat=True)) >= {
        username for username, *_rest in accounts.DEMO_USERS
    }
    # One person waiting at the police unit, one along the path to the shelter.
    assert Notification.objects.filter(received_at__isnull=True).count() == 1
    # (The persons' history of assistance has referrals, stays and services too, but no
    # support plan.)
    path = SupportPlan.objects.get().person
    referral = Referral.objects.get(person=path)
    assert referral.state == "accepted" and referral.to_agency.code == "shelter-mia"
    assert Stay.objects.filter(person=path, discharged_on__isnull=True).count() == 1
    assert ServiceDelivery.objects.filter(person=path).count() == 1
    # The waiting notification carries the officer's screening; the shelter's plan gives
    # an action to the Assistance Centre (the walks and a demonstration user find them).
    waiting = Notification.objects.get(received_at__isnull=True)
    assert waiting.screening is not None and waiting.screening.observed.count() == 3
    assert waiting.screening.agency.code == "sms"
    action = SupportPlan.objects.get().actions.get()
    assert action.responsible.code == "assistance-centre"
    assert SupportPlan.objects.get().agency.code == "shelter-mia"
    # The reports give numbers of the indicator catalogue; two agencies' accepted reports
    # on measure 4.7.1 add up (the migration service 348 trainees, the labour ministry 89).
    totals = {row.indicator.code: row for row in indicator_totals(2021)}
    assert totals["training-participants"].total == Decimal("437")
    assert totals["training-participants"].agencies == 2
    assert totals["leaflets-distributed"].total == 0  # a draft's 12,000 are not counted
    referrals = Referral.objects.count()
    demo.demo_setup()
    assert Referral.objects.count() == referrals and Notification.objects.count() == 1
