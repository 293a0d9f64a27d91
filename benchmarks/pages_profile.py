"""Profile the bench's pages in one process: queries, SQL time and Python time per page.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/laget_national \
        .venv/bin/python benchmarks/pages_profile.py [--rounds 20] [--only "Mitt arbeid,team"]
        [--cprofile "team consents"] [--queries "start page"] [--explain "Mitt arbeid"]

`--only` takes endpoints' exact names, comma-separated.

The same readers, sessions and endpoints as `make bench` (`benchmarks/pages.prepare`), asked for
through Django's test client (test settings: the application role under row-level security,
DEBUG off) – the whole middleware stack, view and template, without gunicorn or the network. For
each endpoint: the p50 of the wall time and of the process's CPU time over the rounds, the
PostgreSQL backend's CPU time per request (from /proc, when the server runs on this machine:
the steadier figure of the database's share on a loaded machine), the queries of one request and
the SQL time Django measured for them. `--cprofile NAME` prints
cProfile's top functions for that endpoint (`PROFILE_LINES`, default 60); `--queries NAME` prints
its SQL; `--explain NAME` replays its reads on the same connection under the same row-level
security scope as `EXPLAIN (ANALYZE)` and prints each one's planning and execution time
(PostgreSQL; the median of `--rounds`). Not a test: the times depend on the machine and its
load (docs/performance.md).
"""

from __future__ import annotations

import argparse
import cProfile
import json
import logging
import os
import pstats
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

# Importing it sets the settings module and the sessions' key.
from benchmarks.pages import prepare


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--only", default="", help="comma-separated endpoint names (exact)")
    parser.add_argument("--cprofile", default="", help="an endpoint's name: print its profile")
    parser.add_argument("--queries", default="", help="an endpoint's name: print its SQL")
    parser.add_argument(
        "--explain",
        default="",
        help="an endpoint's name: EXPLAIN ANALYZE its reads (PostgreSQL), planning and execution",
    )
    args = parser.parse_args()

    cookie, endpoints, _who = prepare()

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    logging.disable(logging.WARNING)
    setup_test_environment()  # lets the test client's host in, as in the tests
    only = [w.strip() for w in args.only.split(",") if w.strip()]
    chosen = [x for x in endpoints if not only or x.name in only]

    print(
        f"{'endpoint':<36} {'wall p50':>9} {'CPU p50':>8} {'PG CPU':>7} {'queries':>8} "
        f"{'SQL ms':>7}"
    )
    for endpoint in chosen:
        client = Client()
        client.cookies[cookie] = endpoint.session
        client.get(endpoint.url)  # warm up
        walls, cpus = [], []
        backend = _backend_cpu(connection)
        for _ in range(args.rounds):
            wall, cpu = time.perf_counter(), time.process_time()
            response = client.get(endpoint.url)
            walls.append((time.perf_counter() - wall) * 1000)
            cpus.append((time.process_time() - cpu) * 1000)
            if response.status_code != endpoint.status:
                raise SystemExit(f"{endpoint.url} answered {response.status_code}")
        backend_after = _backend_cpu(connection)
        pg_cpu = (
            f"{(backend_after - backend) * 1000 / args.rounds:>7.1f}"
            if backend is not None and backend_after is not None
            else f"{'-':>7}"
        )
        with CaptureQueriesContext(connection) as captured:
            client.get(endpoint.url)
        sql_ms = sum(float(q["time"]) for q in captured.captured_queries) * 1000
        print(
            f"{endpoint.name:<36.36} {statistics.median(walls):>9.1f} "
            f"{statistics.median(cpus):>8.1f} {pg_cpu} {len(captured):>8} {sql_ms:>7.1f}"
        )
        if endpoint.name == args.queries:
            for query in captured.captured_queries:
                print(f"  {float(query['time']) * 1000:6.1f} ms  {query['sql'][:400]}")
        if endpoint.name == args.explain:
            _explain(connection, [q["sql"] for q in captured.captured_queries], args.rounds)
        if endpoint.name == args.cprofile:
            profile = cProfile.Profile()
            profile.enable()
            for _ in range(args.rounds):
                client.get(endpoint.url)
            profile.disable()
            stats = pstats.Stats(profile).sort_stats("cumulative")
            stats.print_stats(int(os.environ.get("PROFILE_LINES", "60")))


def _backend_cpu(connection: Any) -> float | None:
    """Seconds of CPU the connection's PostgreSQL backend has used, or None when it cannot be
    read (not PostgreSQL, or the server on another machine)."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    # utime and stime, the 14th and 15th fields of stat(5), in clock ticks.
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _explain(connection: Any, statements: list[str], rounds: int) -> None:
    """Replay one request's statements on the same connection, in order: the scope's
    `set_config` calls as they were (so row-level security applies as in the request), each
    read as `EXPLAIN (ANALYZE, FORMAT JSON)`, `rounds` times; writes are left out. Prints the
    median planning and execution time of each read."""
    timings: list[tuple[list[float], list[float]]] = [([], []) for _ in statements]
    for _ in range(max(rounds, 1)):
        with connection.cursor() as cursor:
            for (planning, execution), sql in zip(timings, statements, strict=True):
                if sql.startswith("SELECT set_config("):
                    cursor.execute(sql)
                elif sql.lstrip("(").startswith(("SELECT", "WITH")) and "FOR UPDATE" not in sql:
                    cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
                    plan = cursor.fetchone()[0]
                    plan = json.loads(plan) if isinstance(plan, str) else plan
                    planning.append(plan[0]["Planning Time"])
                    execution.append(plan[0]["Execution Time"])
    print(f"  {'plan ms':>8} {'exec ms':>8}")
    for (planning, execution), sql in zip(timings, statements, strict=True):
        if planning:
            print(
                f"  {statistics.median(planning):8.2f} {statistics.median(execution):8.2f}  "
                f"{sql[:160]}"
            )
    total = sum(statistics.median(p) for p, _e in timings if p)
    print(f"  planning in all: {total:.1f} ms")


if __name__ == "__main__":
    main()
