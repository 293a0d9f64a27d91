"""The demo as a newcomer starts it: `make demo-portal` itself, with only the ports and the
database file chosen by the test, so whatever the Makefile sets – the SQLite file, gunicorn with
two workers, the local ID-porten stand-in with the demo's client id and secret – is what runs.

- A young person logs in to the portal through the provider's real pages, on a phone (375 px)
  and on a desktop, with axe on every page of ours.
- Eight people read at once – staff pages and the JSON API, each read writing an access event
  – and nobody gets a 5xx ("database is locked" on SQLite without WAL and IMMEDIATE).
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import statistics
import subprocess
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Page, expect

from people.demo import DEMO_PASSWORD
from tests.browser.conftest import ROOT, check_page

# The test suite runs inside the installed environment: `make` must not install anything.
INSTALLED = [".venv/.runtime", ".venv/.dev", "node_modules/.installed"]
# `make demo-portal` builds files in the checkout (var/static): with several test processes,
# every test of this file runs in the same one, so the demo is built once
# (tests/scheduling.py, ONE_PROCESS_MODULES).
STARTUP_SECONDS = 600
READERS = 8
ROUNDS = 6
# Staff who read at once: the leader and the nurse on Emma's team in Porsgrunn.
STAFF = ["ola.nordmann", "kari.nordmann"]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Demo:
    url: str
    provider_url: str
    log: Path


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def _answers(url: str) -> bool:
    try:
        return httpx.get(url, timeout=5).status_code == 200
    except httpx.HTTPError:
        return False


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Iterator[Demo]:
    """`make demo-portal` on free ports and a fresh SQLite file; stopped (all of it) at the end."""
    folder = tmp_path_factory.mktemp("demo")
    port, provider_port = _free_port(), _free_port()
    log = folder / "make.log"
    command = [
        "make",
        "--no-print-directory",
        *(f"--old-file={stamp}" for stamp in INSTALLED),
        "demo-portal",
        f"PORT={port}",
        f"PROVIDER_PORT={provider_port}",
        f"DEMO_DATABASE={folder / 'demo.sqlite3'}",
    ]
    # Only what a newcomer's shell has: none of the test settings.
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "PORTAL_", "SECRET_KEY", "IDENTITY_"))
    }
    with log.open("wb") as output:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    demo = Demo(
        url=f"http://127.0.0.1:{port}",
        provider_url=f"http://127.0.0.1:{provider_port}",
        log=log,
    )
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while not _answers(f"{demo.url}/healthz"):
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail("make demo-portal did not start:\n" + log.read_text()[-4000:])
            time.sleep(1)
        yield demo
    finally:
        # make, the provider, gunicorn and its workers share the session started above; when
        # make stopped on an error, the session may be gone already.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(5)
        # gunicorn stops its workers gracefully: give it a moment before calling it stray.
        deadline = time.monotonic() + 30
        while any(_listening(stray) for stray in (port, provider_port)):
            assert time.monotonic() < deadline, "the demo or its provider still listens"
            time.sleep(0.5)


@pytest.fixture
def demo_page(chromium, demo) -> Iterator[Page]:
    context = chromium.new_context(base_url=demo.url, locale="nb-NO")
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
    # The mock provider's page loads a stylesheet from the internet; nothing leaves this machine.
    page.route(re.compile(r"^https://"), lambda route: route.abort())
    yield page
    context.close()
    assert csp_violations == [], f"Content-Security-Policy violations: {csp_violations}"


def _check(page: Page) -> None:
    """axe once the page has settled: fonts loaded and animations (details opening) done."""
    page.evaluate(
        "() => Promise.all([document.fonts.ready,"
        " ...document.getAnimations().map(animation => animation.finished)])"
    )
    check_page(page)


@pytest.mark.parametrize("width", [375, 1280], ids=["phone", "desktop"])
def test_a_young_person_logs_in_to_the_demo_portal(demo_page, demo, width):
    page = demo_page
    page.set_viewport_size({"width": width, "height": 800})
    page.goto("/portal/")
    _check(page)
    page.get_by_role("button", name="English").click()
    _check(page)
    page.get_by_role("link", name="Log in with ID-porten").click()
    # The provider (ID-porten in production) is not ours, so not checked with axe.
    page.wait_for_url(f"{demo.provider_url}/**")
    page.get_by_placeholder("sub").fill("emma")
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(f"{demo.url}/portal/**")
    expect(page.get_by_role("heading", name="The log-in did not work")).to_have_count(0)
    expect(page.get_by_role("heading", name="My team")).to_be_visible()
    _check(page)
    page.get_by_role("link", name="My plan").click()
    expect(page.get_by_role("heading", name="My plan")).to_be_visible()
    _check(page)
    page.get_by_role("button", name="Log out").click()
    page.get_by_role("button", name="End session").click()
    expect(page.get_by_role("heading", name="You are logged out")).to_be_visible()
    _check(page)


@dataclass
class Reads:
    statuses: list[int] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)

    @property
    def failures(self) -> int:
        return sum(status >= 500 for status in self.statuses)

    @property
    def p95(self) -> float:
        return statistics.quantiles(self.seconds, n=20)[-1]


def _staff_client(base_url: str, username: str) -> httpx.Client:
    """A browser-like client logged in as `username` (demo mode: no second factor)."""
    client = httpx.Client(base_url=base_url, timeout=60, follow_redirects=True)
    form = client.get("/accounts/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)
    assert token is not None, form.text[:500]
    answer = client.post(
        "/accounts/login/",
        data={
            "csrfmiddlewaretoken": token.group(1),
            "username": username,
            "password": DEMO_PASSWORD,
        },
        headers={"Referer": f"{base_url}/accounts/login/"},
    )
    assert answer.status_code == 200
    assert "/accounts/login/" not in str(answer.url), f"{username} could not log in"
    return client


def read_in_parallel(base_url: str, *, readers: int = READERS, rounds: int = ROUNDS) -> Reads:
    """`readers` logged-in staff at once, each reading the start page, Mitt arbeid, every team
    page it may see and the API's team list and teams, `rounds` times. Every team read writes
    an access event."""
    clients = [_staff_client(base_url, STAFF[number % len(STAFF)]) for number in range(readers)]
    # The teams every reader is on: the demo's staff are on different teams (Jonas's and Mia's
    # teams have only some of them), and each reads only what all may see.
    seen = [
        {team["id"] for team in client.get("/api/v1/teams").json()["items"]}
        for client in clients[: len(STAFF)]
    ]
    common = set.intersection(*seen)
    teams = [{"id": team_id} for team_id in sorted(common)]
    assert teams, "the demo has no team all the readers are on"
    paths = ["/", "/teams/", "/api/v1/teams"]
    for team in teams:
        paths += [f"/teams/{team['id']}/", f"/api/v1/teams/{team['id']}"]
    reads = Reads()

    def read(client: httpx.Client) -> None:
        for _round in range(rounds):
            for path in paths:
                started = time.perf_counter()
                status = client.get(path).status_code
                reads.seconds.append(time.perf_counter() - started)
                reads.statuses.append(status)

    try:
        with ThreadPoolExecutor(readers) as pool:
            list(pool.map(read, clients))
    finally:
        for client in clients:
            client.close()
    return reads


def test_eight_people_read_the_demo_at_once(demo, record_property):
    reads = read_in_parallel(demo.url)
    summary = (
        f"{len(reads.statuses)} reads by {READERS} readers: {reads.failures} answered 5xx, "
        f"p95 {reads.p95 * 1000:.0f} ms"
    )
    record_property("reads", summary)
    assert reads.failures == 0, summary
    assert set(reads.statuses) == {200}
