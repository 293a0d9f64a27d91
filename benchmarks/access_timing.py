"""Benchmark: a forbidden team page costs the same time as a missing one (issue 13, finding 7).

    make bench-access           # SQLite; DATABASE_URL=postgres://… for PostgreSQL

Logs in as someone outside the team and asks, interleaved, for the team's page and for a team
that does not exist, 150 times each, then prints the fastest tenth of each and their difference.
Before the access helpers looked objects up through the user's own relations, a forbidden team
took 2–13 ms longer. Not a test: timings depend on the machine and its load, so they are
reported, not asserted; tests/test_access_timing.py asserts the cause (the same single query).
"""

from __future__ import annotations

import statistics
import time
import uuid

from django.urls import reverse

from conftest import verified_client


def _low(samples: list[float]) -> float:
    """The fastest tenth: the least disturbed by whatever else the machine is doing."""
    return statistics.quantiles(samples, n=10)[0]


def test_forbidden_and_missing_team_page(world) -> None:  # the `world` fixture (conftest.py)
    client = verified_client(world.outsider)
    forbidden = reverse("teams:detail", args=[world.team.pk])
    missing = reverse("teams:detail", args=[uuid.uuid4()])
    timings: dict[str, list[float]] = {forbidden: [], missing: []}
    for _ in range(3):  # warm up both paths
        client.get(forbidden)
        client.get(missing)
    for _ in range(150):
        for url in (forbidden, missing):
            start = time.perf_counter()
            response = client.get(url)
            timings[url].append(time.perf_counter() - start)
            if response.status_code != 404:
                raise RuntimeError(f"{url} answered {response.status_code}, not 404")
    low_forbidden, low_missing = _low(timings[forbidden]), _low(timings[missing])
    print(
        f"\nforbidden team page: {low_forbidden * 1000:.2f} ms, missing: "
        f"{low_missing * 1000:.2f} ms, difference: {abs(low_forbidden - low_missing) * 1000:.2f} ms"
    )
