"""Browser tests: Playwright for Python driving Debian's chromium against pytest-django's
live server, as a worker uses Bloem. `make test` installs chromium (apt-get) when missing;
`-m "not e2e"` skips these locally, never in CI.

Every page a flow visits goes through `visit`, which scans it with axe-core for the WCAG
2.1 A and AA rules and fails on any violation; `screenshot` saves the page for the README
when BLOEM_SCREENSHOT_DIR is set (`make screenshots`)."""

import importlib
import os
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management.commands import flush
from django.db import connections
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import Page, expect, sync_playwright

from bloem.accounts.tests.helpers import PASSWORD, TEST_TOTP_SECRET, totp_code

# Playwright's sync API runs an event loop in the test's thread; the test's own ORM calls
# (fixtures, assertions) are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("BLOEM_CHROMIUM", "/usr/bin/chromium")
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# A browser login types the code and submits it; on a loaded machine that takes seconds,
# so the code is taken when it stays valid for this long.
BROWSER_CODE_MARGIN = 8.0
DESKTOP = {"width": 1280, "height": 800}
TABLET = {"width": 768, "height": 1024}


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)
            # A live server needs committed data: these tests run last (pytest-django
            # orders transactional tests after the others) and flush the tables after each.
            item.add_marker(pytest.mark.django_db(transaction=True))


# The access log refuses UPDATE, DELETE and TRUNCATE in the database itself (audit
# migration 0002). A live-server test's data is committed, so pytest-django empties the
# tables with `flush` afterwards: only there, and only in these tests, the triggers are
# dropped for the flush and created again right after it.
APPEND_ONLY = importlib.import_module("bloem.audit.migrations.0002_append_only")
_flush = flush.Command.handle


@contextmanager
def _audit_triggers_lifted(alias: str):
    connection = connections[alias]
    vendor = connection.vendor
    drop = {"sqlite": APPEND_ONLY.SQLITE_REVERSE, "postgresql": APPEND_ONLY.POSTGRES_REVERSE}
    create = {"sqlite": APPEND_ONLY.SQLITE, "postgresql": APPEND_ONLY.POSTGRES}
    with connection.cursor() as cursor:
        for statement in drop.get(vendor, []):
            cursor.execute(statement)
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for statement in create.get(vendor, []):
                cursor.execute(statement)


def _flush_past_the_audit_triggers(self, **options):
    with _audit_triggers_lifted(options.get("database", "default")):
        return _flush(self, **options)


@pytest.fixture(scope="session", autouse=True)
def _flushable_audit_log():
    # Session-wide: pytest-django flushes after the function-scoped fixtures are gone.
    flush.Command.handle = _flush_past_the_audit_triggers
    yield
    flush.Command.handle = _flush


# Reference data that the migrations load and a flush removes. (Serialized rollback cannot
# put it back here: Playwright's sync API runs the test in a greenlet with its own
# database connection.)
REFERENCE_DATA = ["bloem.accounts.migrations.0002_municipalities",
                  "bloem.catalogue.migrations.0002_flower",
                  "bloem.programmes.migrations.0002_load_programmes"]


@pytest.fixture(autouse=True)
def _reference_data(transactional_db):
    from django.apps import apps

    from bloem.accounts.models import Municipality

    if Municipality.objects.exists():
        return
    schema_editor = SimpleNamespace(connection=connections["default"])
    for name in REFERENCE_DATA:
        importlib.import_module(name).load(apps, schema_editor)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs it (apt-get install chromium)")
    with sync_playwright() as playwright:
        args = ["--no-sandbox"] if os.geteuid() == 0 else []
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=args)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server) -> Page:
    context = browser.new_context(base_url=live_server.url, locale="nl-NL", viewport=DESKTOP)
    page = context.new_page()
    page.set_default_timeout(30_000)  # generous: CI machines are small
    yield page
    # No request may still run in the live server when pytest-django empties the database.
    page.wait_for_load_state("networkidle")
    context.close()


def dutch(msgid: str) -> str:
    """What the Dutch UI shows for an English msgid (tests read the screen in Dutch)."""
    with translation.override("nl"):
        return translation.gettext(msgid)


def dutch_button(msgid: str) -> str:
    """What a Dutch button shows: the translation in the "button" context where the word
    is ambiguous (Record: vastleggen, not the record of data), else the plain one."""
    with translation.override("nl"):
        label = translation.pgettext("button", msgid)
    return label if label != msgid else dutch(msgid)


def assert_accessible(page: Page) -> None:
    # A click that navigates returns once the new page starts loading: wait for all of it.
    page.wait_for_load_state()
    expect(page.locator("h1"), f"{page.url}: a page has exactly one h1").to_have_count(1)
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}})
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


def visit(page: Page, path: str) -> Page:
    response = page.goto(path)
    assert response is not None and response.ok, f"{path}: {response and response.status}"
    assert_accessible(page)
    return page


def screenshot(page: Page, name: str) -> None:
    folder = os.environ.get("BLOEM_SCREENSHOT_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def log_in(page: Page, worker, secret: str = TEST_TOTP_SECRET) -> None:
    """The whole login as a person does it: user name and password, then the code of the
    authenticator app."""
    visit(page, reverse("account_login"))
    page.locator("input[name=login]").fill(worker.username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name=dutch("Log in")).click()
    page.wait_for_url(f"**{reverse('mfa_authenticate')}")
    assert_accessible(page)
    page.locator("input[name=code]").fill(totp_code(secret, valid_for=BROWSER_CODE_MARGIN))
    page.locator("main button[type=submit]").first.click()
    page.wait_for_url(f"**{reverse('families:list')}")



