"""Real-browser tests: Playwright for Python driving Debian's Chromium against a live server.

The browser is the machine's own /usr/bin/chromium (never a downloaded build), headless, with
background networking off so it talks only to the live server on 127.0.0.1. Each test saves a
screenshot per step into test-output/browser/ (git-ignored); the README shows a few of them,
copied small into docs/screenshots/.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

CHROMIUM = os.environ.get("PORTAL_TEST_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
OUTPUT = Path(__file__).resolve().parents[2] / "test-output" / "browser"
VIEWPORT = {"width": 1280, "height": 900}


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="package")
def chromium():
    """One browser for the browser tests, stopped when they end.

    Playwright's sync API keeps an event loop marked as running in the test thread while it is
    started, and Django's ORM refuses to run inside one unless told this is deliberate. Both
    last only as long as this package's tests, so no other test (and no subprocess started
    after them) runs with either.
    """
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: .ci/run installs Debian's chromium package")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            yield browser
            browser.close()


class Shots:
    """Numbered screenshots of one test: test-output/browser/<test>/<nn>-<step>.png."""

    def __init__(self, page, folder: Path):
        self.page = page
        self.folder = folder
        self.count = 0
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("*.png"):
            old.unlink()

    def __call__(self, step: str, *, full_page: bool = True) -> Path:
        self.count += 1
        path = self.folder / f"{self.count:02d}-{re.sub(r'[^a-z0-9]+', '-', step.lower()).strip('-')}.png"
        self.page.screenshot(path=str(path), full_page=full_page)
        return path


@pytest.fixture
def browser_page(chromium, live_server, request):
    """A fresh browser context (no cookies) on the live server, and its screenshot helper."""
    context = chromium.new_context(base_url=live_server.url, viewport=VIEWPORT, locale="en-US", timezone_id="UTC")
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    violations = watch_csp_violations(page)
    shots = Shots(page, OUTPUT / request.node.name)
    yield page, shots
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"
    assert not violations, f"Content-Security-Policy violations: {violations}"


def watch_csp_violations(page) -> list[str]:
    """Every Content-Security-Policy violation the browser reports on its console, as it happens."""
    violations: list[str] = []

    def on_console(message) -> None:
        if "Content Security Policy" in message.text:
            violations.append(f"{page.url}: {message.text}")

    page.on("console", on_console)
    return violations


def wait_for_scripts(page, heading: str) -> None:
    """Wait until the page headed `heading` has loaded, its scripts included.

    Playwright acts on an element as soon as it is in the document, and a page's script (the one
    behind Select All Regions, say) wires its handlers up only once it has loaded: a click in
    between reaches the box but not the handler. The heading first, so the wait is for the new
    page and not the one the click left.
    """
    expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
    page.wait_for_load_state()


@pytest.fixture
def log_in(browser_page):
    """log_in(username, password): through the login form, as a person does."""
    page, _ = browser_page

    def do(username: str, password: str) -> None:
        page.goto("/accounts/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name=re.compile("log in", re.I)).click()
        page.wait_for_load_state()

    return do
