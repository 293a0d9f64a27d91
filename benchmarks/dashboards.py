"""Benchmark: the overview's pages and its daily job at national scale (issue 10).

    make national-data                      # once: the scale-1 database (docs/national-data.md)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/laget_national_s1 \
        DJANGO_SETTINGS_MODULE=config.settings_test .venv/bin/python benchmarks/dashboards.py

Runs the daily indicator job once (time and the process's peak memory), then asks for each
dashboard 30 times in this process through Django's test client – the whole view, template and
queries, without gunicorn or the network – and prints p50, p95 and the slowest. It makes three
fictional readers if they are not there: the municipal leader of the largest municipality, an
analyst for its county and a national analyst. Not a test: timings depend on the machine and
its load, so they are reported, not asserted; the tests assert the constant query counts.
"""

from __future__ import annotations

import logging
import os
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")

import django

django.setup()

from django.test.utils import setup_test_environment  # noqa: E402

logging.disable(logging.INFO)
setup_test_environment()  # lets the test client's host in, as in the tests

from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django_otp import DEVICE_ID_SESSION_KEY  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402

from benchmarks.overview_readers import overview_readers  # noqa: E402
from oversikt.indicators.compute import work_indicators_compute  # noqa: E402
from people.models import User  # noqa: E402

ROUNDS = 30


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    device, _ = TOTPDevice.objects.get_or_create(user=user, name="bench", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def _time(client: Client, url: str) -> tuple[float, float, float]:
    client.get(url)  # warm up
    samples = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    samples.sort()
    return statistics.median(samples), statistics.quantiles(samples, n=20)[18], samples[-1]


def main() -> None:
    start = time.monotonic()
    run = work_indicators_compute()
    took = time.monotonic() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"daily job: {run.figures} figures, {took:.1f} s, peak RSS so far {peak:.0f} MB")

    place, leader, county_analyst, national_analyst = overview_readers()
    where = f"?municipality={place.number}"
    pages = (
        ("municipal leader: the overview", leader, reverse("oversikt:municipality") + where),
        ("municipal leader: CSV", leader, reverse("oversikt:municipality_csv") + where),
        ("analyst: statistics", county_analyst, reverse("oversikt:statistics") + where),
        ("county analyst: side by side", county_analyst, reverse("oversikt:places")),
        ("national analyst: side by side", national_analyst, reverse("oversikt:places")),
        (
            "national analyst: one county",
            national_analyst,
            reverse("oversikt:places") + f"?county={place.county.number}",
        ),
        ("county analyst: programmes", county_analyst, reverse("oversikt:programmes")),
    )
    print(f"{'page':<34} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}   ({place.name}, {ROUNDS} each)")
    for label, user, url in pages:
        p50, p95, slowest = _time(_client(user), url)
        print(f"{label:<34} {p50:8.1f} {p95:8.1f} {slowest:8.1f}")


if __name__ == "__main__":
    main()
