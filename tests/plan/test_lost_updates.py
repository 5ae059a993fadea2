"""Two coordinators edit one plan or one section: the second save, opened before the first,
is refused with a message naming who changed what, and overwrites nothing (issue 10)."""

from django.test import Client

from ctis.accounts.roles import Role
from ctis.plan.models import ActionPlan, Section
from tests.personas import log_in
from tests.plan.test_editing import measure, next_plan, plan_form, section  # noqa: F401


def _two(coordinator, make_user):
    other = make_user("coordinator-2", "national-coordinator", Role.COORDINATOR)
    return log_in(Client(), coordinator), log_in(Client(), other)


def test_a_stale_plan_edit_is_refused_naming_who_changed_it(coordinator, make_user, next_plan):
    first, second = _two(coordinator, make_user)
    url = f"/plan/plans/{next_plan.pk}/edit/"
    opened = plan_form(version=next_plan.version)
    del opened["copy_sections_from"]
    assert second.post(url, {**opened, "order_number": "202"}).status_code == 302
    stale = first.post(url, {**opened, "title": "Köhnə başlıq"})
    assert stale.status_code == 200
    page = stale.content.decode()
    assert "after you opened it" in page and "coordinator-2" in page
    plan = ActionPlan.objects.get(pk=next_plan.pk)
    assert plan.order_number == "202" and plan.title != "Köhnə başlıq"


def test_a_stale_section_edit_is_refused_naming_who_changed_it(coordinator, make_user, section):
    first, second = _two(coordinator, make_user)
    url = f"/plan/sections/{section.pk}/edit/"
    opened = {"number": section.number, "title": section.title, "place": "1"}
    opened["version"] = section.version
    assert second.post(url, {**opened, "title": "Birinci ad"}).status_code == 302
    stale = first.post(url, {**opened, "title": "İkinci ad"})
    assert stale.status_code == 200
    page = stale.content.decode()
    assert "after you opened it" in page and "coordinator-2" in page
    assert Section.objects.get(pk=section.pk).title == "Birinci ad"
