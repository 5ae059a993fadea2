"""Importing persons from a spreadsheet in Chromium, in Azerbaijani, at 1366×768 (issue 14,
"Done means"): the police unit's investigator sends a file with two errors, follows the
worker on the job's page (the real worker loop, run here), reads the errors in the page's
table (line, column, value, reason), sends the corrected file, imports it, and finds the
persons by name; a second file with one of them spelled another way is held until the row
is ticked as another person, then imported as it is, without choosing the file again. Key
pages are saved to test-results/import-*.png."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.utils import translation
from playwright.sync_api import expect

from ctis.cases.models import Person
from ctis.core.models import Job
from tests.browser.conftest import Walk
from tests.browser.test_unified_database import log_in
from tests.personas import enrol

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADER = "adı;soyadı;doğum tarixi;cinsi;vətəndaşlığı\n"
WRONG = HEADER + (
    "Leyla;Məmmədova;31.02.1998;Qadın;AZ\n"  # no 31 February
    "Aysel;Quliyeva;30.01.1999;Qadın;Atlantida\n"  # no such country
    "Nigar;Həsənova;05.06.2001;Qadın;AZ\n"
)
RIGHT = WRONG.replace("31.02.1998", "28.02.1998").replace("Atlantida", "AZ")


def az(text: str) -> str:
    with translation.override("az"):
        return translation.gettext(text)


def worker_reads_the_file(page) -> None:
    """The job's page waits for the worker; the worker runs; the page shows the result."""
    expect(page.locator("#import-job")).to_contain_text(az("Waiting for the worker to start."))
    call_command("worker", "--batch", "--no-periodic", verbosity=0)
    expect(page.locator("#import-job")).to_have_count(0, timeout=15_000)


def importer(make_user, new_context, live_server):
    """The police unit's investigator, and a page signed in as them in Azerbaijani."""
    investigator = make_user("ctd-importer", "mia-ctd", "police_investigator")
    if investigator.two_factor_required():
        enrol(investigator)
    context = new_context()
    context.add_cookies([{"name": "ctis_language", "value": "az", "url": live_server.url}])
    return investigator, log_in(context, investigator)


def send(page, path, content: str, button: str) -> None:
    """Write ``content`` to ``path``, choose it in the import form and press ``button``."""
    path.write_text(content, encoding="utf-8")
    form = page.locator("main form.import-upload")
    form.locator("input[type=file]").set_input_files(str(path))
    form.get_by_role("button", name=az(button), exact=True).click()


def test_an_investigator_corrects_a_file_imports_it_and_finds_the_persons(
    make_user, new_context, live_server, results_dir, tmp_path
):
    walk = Walk(results_dir, "import")
    _investigator, page = importer(make_user, new_context, live_server)
    page.goto("/cases/persons/")
    page.get_by_role("link", name=az("Import from a file")).click()
    expect(page.locator("h1")).to_have_text(az("Import persons from a file"))

    send(page, tmp_path / "şəxslər.csv", WRONG, "Check the file")
    expect(page.locator("h1")).to_have_text(az("Checking the file"))
    walk.shot(page, "waiting")
    worker_reads_the_file(page)
    rows = page.locator("table.import-errors tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("doğum tarixi")
    expect(rows.nth(0)).to_contain_text("31.02.1998")
    expect(rows.nth(1)).to_contain_text("vətəndaşlığı")
    expect(rows.nth(1)).to_contain_text("Atlantida")
    expect(rows.nth(1)).to_contain_text(
        az("No country has this code or name; write its ISO code (AZ, AZE).")
    )
    walk.shot(page, "errors")
    assert not Person.objects.exists()

    send(page, tmp_path / "şəxslər-düzəldilmiş.csv", RIGHT, "Import")
    expect(page.locator("h1")).to_have_text(az("Importing the file"))
    worker_reads_the_file(page)
    expect(page.locator("h1")).to_have_text(az("Persons imported"))
    expect(page.locator("ul.codes li")).to_have_count(3)
    walk.shot(page, "done")
    assert Person.objects.count() == 3

    page.get_by_role("link", name=az("Persons"), exact=True).first.click()
    filters = page.locator("form.filters")
    filters.locator("input[name=q]").fill("Quliyeva")
    filters.get_by_role("button", name=az("Show")).click()
    found = page.locator("main ul li a")
    expect(found).to_have_count(1)
    aysel = Person.objects.get(
        pk=next(p.pk for p in Person.objects.all() if p.family_name == "Quliyeva")
    )
    expect(found.first).to_have_text(aysel.code)
    walk.shot(page, "found")

    # The same woman, spelled another way, in a second file: held until the row is ticked,
    # then the same file imported without choosing it again.
    page.goto("/import/persons/")
    expect(page.locator("section.import-jobs li")).to_have_count(2)
    send(page, tmp_path / "yenə.csv", HEADER + "Aysel;Guliyeva;30.01.1999;Qadın;AZ\n", "Import")
    worker_reads_the_file(page)
    held = page.locator("fieldset.import-duplicates tbody tr")
    expect(held).to_have_count(1)
    expect(held.first).to_contain_text(aysel.code)
    walk.shot(page, "held")
    assert Person.objects.count() == 3
    form = page.locator("main form.import-again")
    form.locator("input[name=enter_anyway]").check()
    form.get_by_role("button", name=az("Import this file"), exact=True).click()
    worker_reads_the_file(page)
    expect(page.locator("h1")).to_have_text(az("Persons imported"))
    assert Person.objects.count() == 4
    assert not Job.objects.filter(upload__isnull=False).exists()


def test_a_job_page_whose_sender_lost_the_right_shows_the_refusal_and_stops_asking(
    make_user, new_context, live_server, results_dir, tmp_path
):
    """The progress card polls every 2 s; once the sender may no longer import, the next
    poll is refused and the browser loads the whole page, which says so: no card left
    asking in the background."""
    investigator, page = importer(make_user, new_context, live_server)
    page.goto("/import/persons/")
    send(page, tmp_path / "şəxslər.csv", RIGHT, "Check the file")
    expect(page.locator("#import-job")).to_contain_text(az("Waiting for the worker to start."))

    investigator.roles.all().delete()

    expect(page.locator("#import-job")).to_have_count(0, timeout=15_000)
    expect(page.locator("main")).to_contain_text(
        az("There is no such import, or you may not see it.")
    )
    polls: list[str] = []
    page.on("request", lambda request: polls.append(request.url))
    page.wait_for_timeout(4_500)  # two polling periods
    assert polls == []
    Walk(results_dir, "import-refused").shot(page, "page")
