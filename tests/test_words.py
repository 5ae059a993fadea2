"""Words the pages say (issue 11): the criminal-justice "Prosecution", one yes/no pair,
Azerbaijani month abbreviations with the dotted İ, plural counters, the favicon, IOM as an
international organisation, and the shelters page's notes in the reader's language."""

import datetime
from pathlib import Path

import pytest
from django.template import Context, Template
from django.test import Client
from django.utils import translation

from ctis.accounts.models import AgencyKind
from ctis.core.templatetags.dates import month_year
from ctis.nrm.models import AllowanceRate, Indicator, NrmAgency
from ctis.nrm.referral_fields import allowed_fields
from ctis.plan.models import Measure
from ctis.plan.services import reporting
from tests.personas import log_in

TEMPLATES = Path(__file__).resolve().parents[1] / "ctis" / "templates"


def test_criminal_justice_prosecution_is_not_the_prosecutors_office():
    with translation.override("az"):
        assert translation.pgettext("criminal justice", "Prosecution") != "Prokurorluq"
        assert translation.pgettext("criminal justice", "Prosecution") == "Məhkəmə icraatı"
        # The agency kind is the prosecutor's office, and stays so.
        assert str(AgencyKind.PROSECUTION.label) == "Prokurorluq"
    with translation.override("ru"):
        assert translation.pgettext("criminal justice", "Prosecution") != "Прокуратура"
    page = (TEMPLATES / "cases" / "case_detail.html").read_text(encoding="utf-8")
    assert '{% translate "Prosecution" %}' not in page
    assert '{% translate "Prosecution" context "criminal justice" %}' in page


def test_yes_and_no_are_one_pair_in_lists_forms_and_the_history():
    template = Template("{{ a|yesno }} {{ b|yesno }}")
    with translation.override("az"):
        assert template.render(Context({"a": True, "b": False})) == "bəli xeyr"
        assert translation.gettext("yes") == "bəli" and translation.gettext("no") == "xeyr"
        assert translation.gettext("Yes") == "Bəli" and translation.gettext("No") == "Xeyr"
    with translation.override("ru"):
        assert template.render(Context({"a": True, "b": False})) == "да нет"


@pytest.mark.parametrize(
    ("month", "az", "ru"), [(6, "İyn", "Июн"), (7, "İyl", "Июл"), (8, "Avq", "Авг")]
)
def test_month_abbreviations_are_written_as_each_language_writes_them(month, az, ru):
    day = datetime.date(2024, month, 30)
    with translation.override("az"):
        assert month_year(day) == f"{az} 2024"
    with translation.override("ru"):
        assert month_year(day) == f"{ru} 2024"
    with translation.override("az"):
        for number in range(1, 13):
            assert not month_year(datetime.date(2024, number, 1)).startswith("I")


def test_the_shelters_page_shows_months_and_sources_in_azerbaijani(admin):
    client = log_in(Client(), admin)
    client.cookies["ctis_language"] = "az"
    page = client.get("/nrm/shelters/").content.decode()
    assert AllowanceRate.objects.exists()
    assert "Annual report to Parliament" not in page
    assert "Milli Məclisə 2020-ci il üzrə illik hesabat" in page
    assert "Iyn " not in page and "Iyl " not in page
    assert "İyn " in page or "İyl " in page or "Yan " in page  # the month columns


def test_an_administrators_own_source_is_shown_as_written(admin):
    from ctis.nrm import services

    rate = services.allowance_rate_set(
        actor=admin,
        kind="monthly_allowance",
        amount="150.00",
        valid_from=datetime.date(2024, 1, 1),
        source="Nazirlər Kabinetinin qərarı",
    )
    with translation.override("en"):
        assert rate.source_shown == "Nazirlər Kabinetinin qərarı"


def test_one_draft_is_singular_on_the_home_page(client, login, reporter, period, plan):
    reporting.report_create(
        actor=reporter,
        period=period,
        measure=Measure.objects.get(plan=plan, number="4.2.1"),
        agency=reporter.agency,
        status="in_progress",
        narrative="Layihə.",
    )
    login(reporter)
    client.cookies["ctis_language"] = "en"
    page = client.get("/plan/").content.decode()
    assert "1 <small>draft</small>" in page and "1 drafts" not in page
    assert "0 <small>returned reports</small>" in page
    client.cookies["ctis_language"] = "ru"
    page = client.get("/plan/").content.decode()
    assert "1 <small>черновик</small>" in page


def test_the_favicon_answers_and_every_page_links_it(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"
    page = client.get("/accounts/login/").content.decode()
    assert 'rel="icon"' in page and "favicon.svg" in page
    assert client.get("/static/ctis/favicon.svg").status_code == 200


def test_iom_is_an_international_organisation(agencies):
    iom = NrmAgency.objects.select_related("agency").get(agency__code="iom")
    assert iom.agency.kind == AgencyKind.INTERNATIONAL
    assert iom.function == "international"
    with translation.override("az"):
        assert iom.get_function_display() == "Beynəlxalq təşkilat"
    # What it may be sent did not change with its name.
    assert allowed_fields("international") == allowed_fields("ngo")


def test_the_overtime_indicator_reads_naturally(agencies):
    from ctis.nrm import services

    services.indicator_sets_load_reference()
    indicator = Indicator.objects.filter(code="excessive-overtime").first()
    assert indicator is not None
    assert indicator.text_az == "Həddən artıq əlavə iş saatları"


def test_existing_databases_get_iom_and_the_overtime_text_put_right(agencies):
    """The data migration corrects what was shipped, and leaves an administrator's own
    choice alone."""
    from importlib import import_module

    from django.apps import apps

    from ctis.nrm import services

    fix = import_module("ctis.nrm.migrations.0010_iom_international_and_overtime_wording")
    services.indicator_sets_load_reference()
    NrmAgency.objects.filter(agency__code="iom").update(function="ngo")
    Indicator.objects.filter(code="excessive-overtime").update(text_az=fix.OLD_OVERTIME)
    NrmAgency.objects.filter(agency__code="temiz-dunya").update(function="other")
    fix.forwards(apps, None)
    assert NrmAgency.objects.get(agency__code="iom").function == "international"
    assert Indicator.objects.get(code="excessive-overtime").text_az == fix.NEW_OVERTIME
    assert NrmAgency.objects.get(agency__code="temiz-dunya").function == "other"
