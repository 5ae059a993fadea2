"""Two administrators edit one agency or one user: the second save, opened before the first,
is refused with a message naming who changed what, and overwrites nothing (issue 10)."""

from django.test import Client

from ctis.accounts.models import Agency, User
from ctis.accounts.roles import Role
from tests.accounts.test_agency_views import agency_form_data
from tests.personas import log_in


def _two(admin, make_user):
    other = make_user("admin-2", "mia", Role.SYSTEM_ADMINISTRATOR)
    return log_in(Client(), admin), log_in(Client(), other)


def test_a_stale_agency_edit_is_refused_naming_who_changed_it(admin, make_user, agencies):
    first, second = _two(admin, make_user)
    agency = agencies["sms"]
    url = f"/accounts/agencies/{agency.code}/edit/"
    opened = agency_form_data(agency, version=agency.version)
    assert second.post(url, {**opened, "short_en": "SMS-2"}).status_code == 302
    stale = first.post(url, {**opened, "name_en": "Stale name"})
    assert stale.status_code == 200
    page = stale.content.decode()
    assert "after you opened it" in page and "admin-2" in page
    agency = Agency.objects.get(pk=agency.pk)
    assert agency.short_en == "SMS-2" and agency.name_en != "Stale name"


def test_a_stale_user_edit_is_refused_naming_who_changed_it(admin, make_user, reporter):
    first, second = _two(admin, make_user)
    url = f"/accounts/users/{reporter.pk}/edit/"
    opened = {
        "username": reporter.username,
        "last_name": reporter.last_name,
        "first_name": reporter.first_name,
        "agency": reporter.agency_id,
        "roles": reporter.role_codes,
        "is_active": "on",
        "version": reporter.version,
    }
    assert second.post(url, {**opened, "position": "Baş mütəxəssis"}).status_code == 302
    stale = first.post(url, {**opened, "first_name": "Köhnə"})
    assert stale.status_code == 200
    page = stale.content.decode()
    assert "after you opened it" in page and "admin-2" in page
    user = User.objects.get(pk=reporter.pk)
    assert user.position == "Baş mütəxəssis" and user.first_name != "Köhnə"
