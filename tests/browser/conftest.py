"""Browser tests: Chromium driven through Playwright against pytest-django's live server.

The tests run when a Chromium is found: ``CTIS_CHROMIUM`` if set, else Debian's
``/usr/bin/chromium`` (Playwright's own browser download is not used). Without one they
are skipped and the run ends with one plain line saying so. ``CTIS_BROWSER_REQUIRED=1``
(set by ``make test-browser`` and CI) turns a missing browser, and any other skip of a
browser test, into a failure.

Every browser context gets the language cookie ``ctis_language=en``, so the pages, and
the screenshots in test-results/, are in English whatever the default language.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

DEFAULT_CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1366, "height": 768}
RESULTS_DIR = Path(__file__).resolve().parents[2] / "test-results"
HERE = Path(__file__).resolve().parent

_skipped: list[str] = []


def browser_required() -> bool:
    value = os.environ.get("CTIS_BROWSER_REQUIRED", "").strip().lower()
    return value in {"1", "true", "yes", "on"}


def chromium_path() -> str:
    return os.environ.get("CTIS_CHROMIUM") or DEFAULT_CHROMIUM


def chromium_missing() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    path = chromium_path()
    resolved = shutil.which(path) if os.sep not in path else path
    if not resolved or not os.path.isfile(resolved) or not os.access(resolved, os.X_OK):
        if os.environ.get("CTIS_CHROMIUM"):
            return f"Chromium not found at {path} (CTIS_CHROMIUM)"
        return f"Chromium not found at {path} (install Debian's chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed (make install)"
    return None


def pytest_collection_modifyitems(config, items):
    """Everything under tests/browser is a browser test, marked or not."""
    for item in items:
        if HERE in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.browser)


def pytest_runtest_setup(item):
    if item.get_closest_marker("browser") is None:
        return
    reason = chromium_missing()
    if reason is None:
        return
    if browser_required():
        pytest.fail(f"{reason}; CTIS_BROWSER_REQUIRED is set, so this is a failure.")
    _skipped.append(reason)
    pytest.skip(f"Browser tests skipped: {reason}")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"ctis_report_{report.when}", report)
    skipped = report.skipped and not hasattr(report, "wasxfail")
    if skipped and browser_required() and item.get_closest_marker("browser") is not None:
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = f"{reason}\nA browser test was skipped, and CTIS_BROWSER_REQUIRED is set."
    return report


def pytest_terminal_summary(terminalreporter):
    if _skipped:
        terminalreporter.write_line(
            f"Browser tests skipped: {_skipped[0]} — {len(_skipped)} test(s) not run.",
            yellow=True,
        )


@pytest.fixture(scope="module")
def playwright_instance(_reference_data_afterwards) -> Iterator:
    """Playwright's sync API, alive for one module.

    Playwright keeps an asyncio event loop running in this thread. That makes Django's
    async-safety check refuse ORM calls from the test (and from the flush after it), so
    the check is switched off only while Playwright runs, then put back as it was. It
    also makes Django keep this thread's database connections apart from the ones it
    uses once the loop is gone; the tests' are closed by the flush after each test, and
    nothing else here touches the database while Playwright runs.
    """
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=10_000)

    before = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    manager = sync_playwright().start()
    try:
        yield manager
    finally:
        manager.stop()
        if before is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = before


@pytest.fixture(scope="module")
def browser(playwright_instance):
    browser = playwright_instance.chromium.launch(
        executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS
    )
    try:
        yield browser
    finally:
        browser.close()


@pytest.fixture(scope="module")
def _reference_data_afterwards(django_db_setup, django_db_blocker):
    """Reload the agencies and the plan once the module's transactional tests flushed them.

    Live-server tests are transactional and end by emptying every table; without this,
    each later test in the run would load the official plan again by itself. This runs
    after Playwright has stopped (see ``playwright_instance``).
    """
    yield
    from tests.conftest import _reference_data

    with django_db_blocker.unblock():
        _reference_data()


@pytest.fixture
def results_dir() -> Path:
    RESULTS_DIR.mkdir(exist_ok=True)
    return RESULTS_DIR


@pytest.fixture
def new_context(request, browser, live_server):
    """Make browser contexts in English against the live server; closed after the test.

    When the test fails, each open page is saved to test-results/ as it was at the end.
    Any Content-Security-Policy violation a page reports to its console fails the test
    (issue 10: every page works under the strict policy).
    """
    contexts = []
    violations: list[str] = []

    def watch(page) -> None:
        page.on(
            "console",
            lambda message: violations.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text
            else None,
        )

    def make():
        context = browser.new_context(
            base_url=live_server.url, viewport=VIEWPORT, locale="en-GB", accept_downloads=True
        )
        context.add_cookies([{"name": "ctis_language", "value": "en", "url": live_server.url}])
        context.set_default_timeout(15_000)
        context.on("page", watch)
        contexts.append(context)
        return context

    yield make
    failed = getattr(request.node, "ctis_report_call", None)
    for n, context in enumerate(contexts, 1):
        if failed is not None and failed.failed:
            RESULTS_DIR.mkdir(exist_ok=True)
            for m, page in enumerate(context.pages, 1):
                name = f"FAILED-{request.node.name}-context{n}-page{m}.png"
                page.screenshot(path=RESULTS_DIR / name, full_page=True)
        context.close()
    assert not violations, violations


class Walk:
    """Screenshots of the key pages of a walk, numbered in order: ``<prefix>-NN-name.png``
    in test-results/ (whole pages unless ``full_page=False``)."""

    def __init__(self, results_dir: Path, prefix: str, *, full_page: bool = True):
        self.dir, self.prefix, self.full_page = results_dir, prefix, full_page
        self.count = 0

    def shot(self, page, name: str) -> None:
        self.count += 1
        page.screenshot(
            path=self.dir / f"{self.prefix}-{self.count:02d}-{name}.png", full_page=self.full_page
        )


def confirm(page) -> None:
    """Tick "I confirm" on the confirmation page of a step that cannot be undone, and post."""
    form = page.locator("main section.confirm form")
    form.locator("input[name=confirmed]").check()
    form.locator("button.primary[type=submit]").click()
