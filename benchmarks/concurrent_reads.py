"""Benchmark: recording reads in one municipality from 1 and from 8 readers at once (issue 12.4).

    make bench-reads          # uses BENCH_READS_DATABASE_URL, default …/laget_bench_reads

The readers are processes, as gunicorn's workers are (`--mode threads` runs them as threads of
one process, where the interpreter lock bounds them before the database does). Each reader
does what an access helper does for a GET: a transaction that records one read event about a
child (`audit.services.child_event_record`, the audit call every read helper makes) and
commits. All readers read in the same municipality, the worst case: before issue 12.4 every
such read locked the municipality's chain head until it committed, so reads queued behind each
other. The sealer (`access_events_seal`, as `manage.py audit_seal --every 1` runs it) works in its
own thread meanwhile, where the code has one. Prints events per second for 1 and for 8 readers
and their ratio (target: at least 5), and checks that every event was recorded and the chain
verifies. Not a test: figures depend on the machine (cores, disk flush time), so they are
reported, not asserted; docs/performance.md has the measured ones.
"""

from __future__ import annotations

import argparse
import multiprocessing
import multiprocessing.sharedctypes
import multiprocessing.synchronize
import os
import sys
import threading
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# The test settings: keys for a database of fictional data, and the real PostgreSQL backend.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/laget_bench_reads")
# Like manage.py: a command sees every municipality; the writes lift their own scope anyway.
os.environ.setdefault("DATABASE_SCOPE_OUTSIDE_REQUESTS", "all")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, connections, transaction  # noqa: E402

from audit import services  # noqa: E402
from audit.models import AccessEvent, Action  # noqa: E402
from audit.selectors import access_events_verify  # noqa: E402
from municipalities.models import County, Municipality  # noqa: E402

MUNICIPALITY = "4001"


@dataclass(frozen=True)
class _Child:
    """What `child_event_record` needs of a child: its id and municipality."""

    pk: uuid.UUID
    municipality: Municipality


def _place() -> Municipality:
    county, _ = County.objects.get_or_create(
        number="40", defaults={"name": "Telemark", "name_norwegian": "Telemark"}
    )
    place, _ = Municipality.objects.get_or_create(
        number=MUNICIPALITY,
        defaults={
            "name": "Porsgrunn",
            "name_norwegian": "Porsgrunn",
            "name_ssb": "Porsgrunn",
            "county": county,
        },
    )
    return place


def _read(child: _Child) -> None:
    with transaction.atomic():
        services.child_event_record(
            actor=None,
            actor_label="benchmark",
            action=Action.READ,
            object_type="child",
            object_id=child.pk,
            child=child,
            purpose="reading the child's record",
        )


def _timed(workers: Sequence[Any], start: Any, stop: Any, seconds: float) -> float:
    """Start the readers (threads or processes), let them read for `seconds` from the moment
    all are ready (`start`, a barrier), stop them; the time they read."""
    for worker in workers:
        worker.start()
    start.wait()
    began = time.perf_counter()
    time.sleep(seconds)
    stop.set()
    for worker in workers:
        worker.join()
    return time.perf_counter() - began


def _run(threads: int, seconds: float, place: Municipality) -> tuple[int, float]:
    """Events recorded by `threads` threads in `seconds`, and the time they took."""
    stop = threading.Event()
    counts = [0] * threads
    errors: list[BaseException] = []
    start = threading.Barrier(threads + 1)

    def reader(index: int) -> None:
        child = _Child(pk=uuid.uuid4(), municipality=place)
        try:
            _read(child)  # connect and warm up before the clock starts
            start.wait()
            while not stop.is_set():
                _read(child)
                counts[index] += 1
        except BaseException as error:
            errors.append(error)
            stop.set()
        finally:
            connections.close_all()

    workers = [threading.Thread(target=reader, args=(i,)) for i in range(threads)]
    elapsed = _timed(workers, start, stop, seconds)
    if errors:
        raise errors[0]
    return sum(counts), elapsed


def _process_reader(
    index: int,
    place_pk: object,
    start: multiprocessing.synchronize.Barrier,
    stop: multiprocessing.synchronize.Event,
    counts: multiprocessing.sharedctypes.SynchronizedArray[int],
    failed: multiprocessing.sharedctypes.Synchronized[int],
) -> None:
    connections.close_all()  # never the parent's connection: each process opens its own
    child = _Child(pk=uuid.uuid4(), municipality=Municipality.objects.get(pk=place_pk))
    try:
        _read(child)  # connect and warm up before the clock starts
        start.wait()
        done = 0
        while not stop.is_set():
            _read(child)
            done += 1
        counts[index] = done
    except BaseException:
        failed.value = 1
        stop.set()
        raise
    finally:
        connections.close_all()


def _run_processes(readers: int, seconds: float, place: Municipality) -> tuple[int, float]:
    """Events recorded by `readers` processes in `seconds`, and the time they took."""
    context = multiprocessing.get_context("fork")
    start = context.Barrier(readers + 1)
    stop = context.Event()
    counts = context.Array("q", readers)
    failed = context.Value("i", 0)
    connections.close_all()  # a forked child must not share the parent's socket
    workers = [
        context.Process(target=_process_reader, args=(i, place.pk, start, stop, counts, failed))
        for i in range(readers)
    ]
    elapsed = _timed(workers, start, stop, seconds)
    if failed.value or any(worker.exitcode for worker in workers):
        raise SystemExit("FAILED: a reader process failed (its traceback is above)")
    return sum(counts[i] for i in range(readers)), elapsed


def _sealer(stop: threading.Event) -> None:
    seal = getattr(services, "access_events_seal", None)
    if seal is None:  # before issue 12.4 every event was sealed as it was written
        return
    try:
        while not stop.wait(1.0):
            seal()
        seal()
    finally:
        connections.close_all()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="per run (default 10)")
    parser.add_argument("--readers", type=int, default=8, help="concurrent readers (default 8)")
    parser.add_argument(
        "--mode",
        choices=("processes", "threads"),
        default="processes",
        help="readers as processes, as gunicorn's workers (default), or threads of one process",
    )
    options = parser.parse_args()
    if connection.vendor != "postgresql":
        raise SystemExit("This benchmark needs PostgreSQL (DATABASE_URL).")
    call_command("migrate", verbosity=0)
    place = _place()
    before = AccessEvent.objects.count()

    stop_sealer = threading.Event()
    sealer = threading.Thread(target=_sealer, args=(stop_sealer,))
    sealer.start()
    try:
        run = _run_processes if options.mode == "processes" else _run
        results = {n: run(n, options.seconds, place) for n in (1, options.readers)}
    finally:
        stop_sealer.set()
        sealer.join()

    kind = "process(es)" if options.mode == "processes" else "thread(s)"
    for readers, (events, elapsed) in results.items():
        print(f"{readers} {kind}: {events} reads in {elapsed:.1f} s = {events / elapsed:.0f}/s")
    one = results[1][0] / results[1][1]
    many = results[options.readers][0] / results[options.readers][1]
    print(f"{options.readers} readers reach {many / one:.1f}x the throughput of one")

    # Every read is recorded (the warm-up reads too) and the chain holds.
    recorded = AccessEvent.objects.count() - before
    expected = sum(events for events, _ in results.values()) + 1 + options.readers
    verification = access_events_verify()
    unsealed = AccessEvent.objects.filter(sequence__isnull=True).count()
    print(
        f"recorded {recorded} of {expected} reads; unsealed now: {unsealed}; "
        f"chain verifies: {verification.ok}"
    )
    if recorded != expected or not verification.ok:
        raise SystemExit(f"FAILED: {verification.problems[:3]}")


if __name__ == "__main__":
    main()
