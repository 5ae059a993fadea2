import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ctis.accounts.models import User


def test_createadmin_makes_a_system_administrator(agencies, monkeypatch):
    monkeypatch.setenv("CTIS_ADMIN_PASSWORD", "a-long-enough-password-7")
    call_command("createadmin", "--username", "root-admin", "--agency", "mia")
    user = User.objects.get(username="root-admin")
    assert user.role_codes == ["system_administrator"]
    assert user.has_perm("accounts.manage_users")


def test_createadmin_refuses_unknown_agency_and_weak_password(agencies, monkeypatch):
    monkeypatch.setenv("CTIS_ADMIN_PASSWORD", "a-long-enough-password-7")
    with pytest.raises(CommandError, match="nowhere"):
        call_command("createadmin", "--username", "x", "--agency", "nowhere")
    monkeypatch.setenv("CTIS_ADMIN_PASSWORD", "123")
    with pytest.raises(CommandError, match="password"):
        call_command("createadmin", "--username", "x", "--agency", "mia")
    assert not User.objects.filter(username="x").exists()


def test_superuser_flag_grants_nothing_beyond_roles(make_user):
    user = make_user("flagged", "sms", "agency_reporter")
    user.is_superuser = True
    assert not user.has_perm("accounts.manage_users")
    assert user.has_perm("plan.draft_report")
