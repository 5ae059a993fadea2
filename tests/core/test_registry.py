# ruff: noqa: F811  (pytest fixtures imported from tests.cases.conftest)
"""Apps plug into pages they do not own through ``ctis.core.registry``."""

import pytest
from django.test import Client

from ctis.core import registry
from tests.cases.conftest import countries, victim  # noqa: F401 (fixtures)
from tests.personas import log_in


def _nav(client) -> str:
    page = client.get("/", follow=True).content.decode()
    return page[page.index('<nav class="modules"') : page.index("</nav>")]


@pytest.mark.parametrize(
    ("role", "agency", "shown", "hidden"),
    [
        (
            "coordinator",
            "national-coordinator",
            ["Action plan", "Unified database", "Shelters"],
            ["Users", "Referrals"],
        ),
        (
            "service_provider",
            "shelter-mia",
            ["Unified database", "Referrals", "Shelters"],
            ["Audit log", "Criminal Code articles"],
        ),
        (
            "system_administrator",
            "mia",
            ["Users", "Audit log", "Indicator sets", "Unified database"],
            ["Criminal Code articles", "Referrals"],
        ),
        (
            "hotline_operator",
            "mia-ctd",
            ["Home", "Action plan", "Agencies"],
            ["Unified database", "Referrals", "Audit log"],
        ),
    ],
)
def test_the_module_bar_shows_what_each_role_may_open(make_user, role, agency, shown, hidden):
    nav = _nav(log_in(Client(), make_user(f"u-{role}", agency, role)))
    for label in shown:
        assert f">{label}</a>" in nav, label
    for label in hidden:
        assert f">{label}</a>" not in nav, label


def test_a_new_app_adds_an_entry_a_home_item_and_a_person_panel_without_editing_a_page(
    make_user,
    victim,
    investigator,
    settings,
    tmp_path,  # noqa: F811
):
    (tmp_path / "hotline").mkdir()
    (tmp_path / "hotline" / "_calls.html").write_text("<p>Calls waiting: {{ waiting }}</p>")
    (tmp_path / "hotline" / "_person.html").write_text("<p>Contacts of {{ code }}</p>")
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], tmp_path]}
    ]
    items = [
        (
            registry.navigation,
            registry.NavEntry("hotline", "Hotline", "core:home", 15, active="/hotline/"),
        ),
        (
            registry.home_items,
            registry.Panel("hotline", "hotline/_calls.html", 5, lambda request: {"waiting": 3}),
        ),
        (
            registry.person_panels,
            registry.Panel(
                "hotline",
                "hotline/_person.html",
                50,
                lambda request, access: {"code": access.person.code} if access.identity else None,
            ),
        ),
    ]
    for where, item in items:
        where.register(item)
    try:
        client = log_in(Client(), investigator)
        assert ">Hotline</a>" in _nav(client)
        assert "Calls waiting: 3" in client.get("/").content.decode()
        assert (
            f"Contacts of {victim.code}" in client.get(victim.get_absolute_url()).content.decode()
        )
        analyst = log_in(Client(), make_user("analyst2", "national-coordinator", "analyst"))
        assert "Contacts of" not in analyst.get(victim.get_absolute_url()).content.decode()
    finally:
        for where, item in items:
            where.unregister(item.key)
    assert "hotline" not in registry.navigation


def test_reporters_start_on_the_plan_and_others_on_the_home_page(make_user):
    reporter = log_in(Client(), make_user("rep", "sms", "agency_reporter"))
    assert reporter.get("/")["Location"] == "/plan/"
    provider = log_in(Client(), make_user("prov", "shelter-mia", "service_provider"))
    assert provider.get("/").status_code == 200


def test_the_agency_page_shows_the_plans_panel(make_user, agencies):
    client = log_in(Client(), make_user("coord2", "national-coordinator", "coordinator"))
    page = client.get(agencies["sms"].get_absolute_url()).content.decode()
    assert "Plan measures" in page and "/plan/measures/" in page
