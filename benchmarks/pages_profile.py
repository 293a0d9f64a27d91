"""Profile the bench's pages in one process: queries, SQL time and Python time per page.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/laget_national \
        .venv/bin/python benchmarks/pages_profile.py [--rounds 20] [--only "Mitt arbeid,team"]
        [--cprofile "team consents"] [--queries "start page"]

`--only` takes endpoints' exact names, comma-separated.

The same readers, sessions and endpoints as `make bench` (`benchmarks/pages.prepare`), asked for
through Django's test client (test settings: the application role under row-level security,
DEBUG off) – the whole middleware stack, view and template, without gunicorn or the network. For
each endpoint: the p50 of the wall time and of the process's CPU time over the rounds, the
queries of one request and the SQL time Django measured for them. `--cprofile NAME` prints
cProfile's top functions for that endpoint; `--queries NAME` prints its SQL. Not a test: the
times depend on the machine and its load (docs/performance.md).
"""

from __future__ import annotations

import argparse
import cProfile
import logging
import pstats
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

# Importing it sets the settings module and the sessions' key.
from benchmarks.pages import prepare


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--only", default="", help="comma-separated endpoint names (exact)")
    parser.add_argument("--cprofile", default="", help="an endpoint's name: print its profile")
    parser.add_argument("--queries", default="", help="an endpoint's name: print its SQL")
    args = parser.parse_args()

    cookie, endpoints, _who = prepare()

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    logging.disable(logging.WARNING)
    setup_test_environment()  # lets the test client's host in, as in the tests
    only = [w.strip() for w in args.only.split(",") if w.strip()]
    chosen = [x for x in endpoints if not only or x.name in only]

    print(f"{'endpoint':<36} {'wall p50':>9} {'CPU p50':>8} {'queries':>8} {'SQL ms':>7}")
    for endpoint in chosen:
        client = Client()
        client.cookies[cookie] = endpoint.session
        client.get(endpoint.url)  # warm up
        walls, cpus = [], []
        for _ in range(args.rounds):
            wall, cpu = time.perf_counter(), time.process_time()
            response = client.get(endpoint.url)
            walls.append((time.perf_counter() - wall) * 1000)
            cpus.append((time.process_time() - cpu) * 1000)
            if response.status_code != endpoint.status:
                raise SystemExit(f"{endpoint.url} answered {response.status_code}")
        with CaptureQueriesContext(connection) as captured:
            client.get(endpoint.url)
        sql_ms = sum(float(q["time"]) for q in captured.captured_queries) * 1000
        print(
            f"{endpoint.name:<36.36} {statistics.median(walls):>9.1f} "
            f"{statistics.median(cpus):>8.1f} {len(captured):>8} {sql_ms:>7.1f}"
        )
        if endpoint.name == args.queries:
            for query in captured.captured_queries:
                print(f"  {float(query['time']) * 1000:6.1f} ms  {query['sql'][:400]}")
        if endpoint.name == args.cprofile:
            profile = cProfile.Profile()
            profile.enable()
            for _ in range(args.rounds):
                client.get(endpoint.url)
            profile.disable()
            stats = pstats.Stats(profile).sort_stats("cumulative")
            stats.print_stats(60)


if __name__ == "__main__":
    main()
