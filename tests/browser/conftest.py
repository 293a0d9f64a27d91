"""Browser tests: Playwright drives Debian's Chromium against Django's live server.

Every page a test visits goes through `visit_checked`/`check_page`, which runs axe-core
(WCAG 2.1 A and AA) and fails on any violation. Any Content-Security-Policy violation
reported by the browser fails the test too. Screenshots of failures land in test-results/.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "test-results"
AXE_SOURCE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# around it are ordinary synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when == "call":
        item.rep_call = report


@pytest.fixture(scope="session")
def chromium():
    executable = shutil.which("chromium") or "/usr/bin/chromium"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, live_server, request):
    context = chromium.new_context(base_url=live_server.url, locale="nb-NO")
    page = context.new_page()
    csp_violations: list[str] = []
    page.csp_violations = csp_violations  # type: ignore[attr-defined]
    page.on(
        "console",
        lambda message: (
            csp_violations.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        RESULTS.mkdir(exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9_.-]", "_", request.node.nodeid)
        page.screenshot(path=str(RESULTS / f"{name}.png"), full_page=True)
    context.close()
    assert csp_violations == [], f"Content-Security-Policy violations: {csp_violations}"


def check_page(page: Page) -> None:
    """Run axe-core on the page as it is now; fail with a readable list of violations."""
    # After a click that navigates, wait until the new page and its style sheets have loaded:
    # measured half-styled (on a busy machine), white-on-blue header buttons read as black on
    # blue.
    page.wait_for_load_state("load")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol, so the page's CSP still forbids inline script.
        page.evaluate(AXE_SOURCE.read_text(encoding="utf-8"))
    before = len(page.csp_violations)  # type: ignore[attr-defined]
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    # axe itself applies inline styles while it measures some pages; those reports are the
    # tool's, not the page's.
    page.wait_for_timeout(0)
    del page.csp_violations[before:]  # type: ignore[attr-defined]
    problems = [
        f"{violation['id']} ({violation['impact']}): {violation['help']} – "
        + "; ".join(node["target"][0] for node in violation["nodes"][:5])
        for violation in result["violations"]
    ]
    assert problems == [], f"axe found WCAG problems on {page.url}:\n" + "\n".join(problems)


def visit_checked(page: Page, path: str) -> None:
    page.goto(path)
    check_page(page)
