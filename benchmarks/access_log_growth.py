"""Benchmark: the access log grows, its page and its daily verification do not (issue 12, part 5).

    make bench-access-log   # BENCH_GROWTH_DATABASE_URL, default postgres://…/laget_bench_growth

On PostgreSQL (the access log partitioned by month, audit migration 0010), fills the log with N
events over the year three to two years ago on four municipalities' chains, then adds 2N more
over the two years since (3N in all, at the same pace; the 40 month partitions exist from the
start), and after each fill times:

* "who has seen this child": the two queries the child's access log page runs (the count of
  the child's events and the newest page of 50, `audit.selectors.access_events_for_child`),
  for a child with 3 000 events (in the first year) however long the whole log is;
* `access_events_verify(since_key=…)` (`audit_verify --since-last-anchor`) after a day's worth
  of new events (2 000) since the daily anchor;
* the full walk (`audit_verify` without the option), for contrast: it reads every row.

The filler rows are written by SQL with placeholder hashes (computing 3N real hashes would
dominate the run); each chain's head and the events from the anchor on are real, so the
incremental verification passes and the full walk reports the placeholders (its time is what
matters here). Not a test: figures depend on the machine and its load, so they are reported,
not asserted (docs/performance.md).
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/laget_bench_growth")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from audit.anchors import verifying_key  # noqa: E402
from audit.models import AccessEvent, Action, ChainHead  # noqa: E402
from audit.partitions import access_log_partitions, access_log_partitions_create  # noqa: E402
from audit.selectors import access_events_for_child, access_events_verify  # noqa: E402
from audit.services import access_event_record, access_log_anchor  # noqa: E402
from municipalities.models import County, Municipality  # noqa: E402
from tenancy import scope  # noqa: E402

CHAINS = ["4001", "4003", "4005", "4012"]
EVENTS_OF_ONE_CHILD = 3_000
SINCE_ANCHOR = 2_000
PAGE = 50
CHILD = uuid.UUID("00000000-0000-4000-8000-000000000001")
RUNS = 20


def _fill(count: int, *, days_ago: tuple[int, int], with_child: bool) -> None:
    """`count` filler events evenly from `days_ago[0]` to `days_ago[1]` days ago, continuing
    each chain's numbering (so ids grow with time, as they do)."""
    first, last = days_ago
    per_chain = count // len(CHAINS)
    for index, chain in enumerate(CHAINS):
        head = ChainHead.objects.get(chain=chain)
        child_events = EVENTS_OF_ONE_CHILD if with_child and index == 0 else 0
        # The child's events every `step`th, so they are spread over the year.
        step = max(per_chain // max(child_events, 1), 1)
        with connection.cursor() as cursor:
            cursor.execute(
                """
                INSERT INTO audit_accessevent (chain, sequence, occurred_at, actor_label, action,
                    object_type, object_id, child_id, municipality_id, purpose, legal_basis,
                    request_id, detail, previous_hash, hash)
                SELECT %s, %s + g,
                    now() - %s * interval '1 day' + g * (%s / %s) * interval '1 second',
                    'bench', 'read', 'child', '',
                    CASE WHEN g %% %s = 0 AND g / %s <= %s THEN %s::uuid ELSE gen_random_uuid() END,
                    %s, 'reading the team page', '', '', '{}'::jsonb, '', md5(g::text)
                FROM generate_series(1, %s) AS g
                """,
                [
                    chain, head.sequence, first, (first - last) * 86400.0, per_chain,
                    step, step, child_events, str(CHILD), chain, per_chain,
                ],
            )  # fmt: skip
            cursor.execute(
                "UPDATE audit_chainhead SET sequence = sequence + %s, hash = md5(%s::text) "
                "WHERE chain = %s",
                [per_chain, per_chain, chain],
            )


def _day_since_anchor() -> None:
    """A real event on each chain (which the anchor names), the anchor, then a day's events."""
    places = [municipality(chain) for chain in CHAINS]
    with transaction.atomic():
        for place in places:
            access_event_record(
                actor=None,
                action=Action.READ,
                municipality=place,
                purpose="reading the child's record",
            )
    access_log_anchor()
    with transaction.atomic():
        for index in range(SINCE_ANCHOR):
            access_event_record(
                actor=None,
                action=Action.READ,
                object_id=index,
                municipality=places[index % len(places)],
                purpose="reading the child's record",
            )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE audit_accessevent")


def municipality(number: str) -> Municipality:
    """A fictional municipality with a real-looking number (its chain)."""
    county, _ = County.objects.get_or_create(
        number=number[:2], defaults={"name": "Bench", "name_norwegian": "Bench"}
    )
    name = f"Bench {number}"
    return Municipality.objects.get_or_create(
        number=number,
        defaults={"name": name, "name_norwegian": name, "name_ssb": name, "county": county},
    )[0]


def _time(run: Callable[[], Any], runs: int = RUNS) -> tuple[float, float]:
    run()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        run()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples), max(samples)


def _child_page() -> None:
    events = access_events_for_child(child_id=CHILD)
    events.count()
    list(events[:PAGE])


def _measure(label: str) -> None:
    total = AccessEvent.objects.count()
    partitions = len(access_log_partitions())
    print(f"\n{label}: {total} events in {partitions} partitions")
    count = access_events_for_child(child_id=CHILD).count()
    p50, top = _time(_child_page)
    print(f"  child's page ({count} events of the child): p50 {p50:.1f} ms, max {top:.1f} ms")
    key = verifying_key()
    result = access_events_verify(since_key=key)
    if not result.ok:
        raise RuntimeError(f"incremental verification failed: {result.problems[:3]}")
    p50, top = _time(lambda: access_events_verify(since_key=key), runs=5)
    print(
        f"  audit_verify --since-last-anchor ({result.events_checked} events): "
        f"p50 {p50:.0f} ms, max {top:.0f} ms"
    )
    start = time.perf_counter()
    full = access_events_verify()
    print(
        f"  audit_verify, the full walk ({full.events_checked} events): "
        f"{(time.perf_counter() - start):.1f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=300_000, help="N (default 300 000)")
    events: int = parser.parse_args().events
    if connection.vendor != "postgresql":
        raise SystemExit("This benchmark needs PostgreSQL (DATABASE_URL=postgres://…).")
    settings.AUDIT_ANCHOR_DIR = tempfile.mkdtemp(prefix="laget-bench-anchors-")
    with scope.owner_session():
        call_command("migrate", verbosity=0)
        if AccessEvent.objects.exists():
            raise SystemExit("The benchmark database must be empty: drop it first.")
        today = timezone.now().date()
        access_log_partitions_create(first=today - datetime.timedelta(days=3 * 366), last=today)
        with transaction.atomic():
            for chain in CHAINS:
                municipality(chain)
                ChainHead.objects.get_or_create(chain=chain)
        start = time.perf_counter()
        # N events in the year three to two years ago, then 2N in the two years since: the
        # log grows at the same pace, and every month partition exists from the start.
        _fill(events, days_ago=(3 * 365, 2 * 365), with_child=True)
        _day_since_anchor()
        print(f"filled N = {events} in {time.perf_counter() - start:.0f} s")
        _measure("N")
        start = time.perf_counter()
        _fill(2 * events, days_ago=(2 * 365, 1), with_child=False)
        _day_since_anchor()
        print(f"\nadded 2N in {time.perf_counter() - start:.0f} s")
        _measure("3N")


if __name__ == "__main__":
    main()
