#!/usr/bin/env python3
"""Mutation check: plant each deliberate one-line bug of `scripts/mutations.toml` in the working
tree, run the tests that should catch it, and put the file back.

A mutation is *caught* when its tests fail with the bug in place, *missed* when they pass. Every
file is restored whatever happens (a failure, Ctrl+C, a timeout); the check refuses to start
while a file it would change has uncommitted changes, so restoring never loses work.

    .venv/bin/python scripts/mutation_check.py                 # every mutation, SQLite
    .venv/bin/python scripts/mutation_check.py --postgres      # PostgreSQL at DATABASE_URL
    .venv/bin/python scripts/mutation_check.py --only task-done-by-peer --only age-birthday
    .venv/bin/python scripts/mutation_check.py --list          # check the list only, run nothing
    .venv/bin/python scripts/mutation_check.py --baseline      # first: the tests pass unchanged

Mutations marked `postgres = true` (row-level security) are run only with `--postgres`; without
it they are listed as not run. Exit status: 0 when every mutation that ran was caught, 1 when one
was missed, its tests ran nothing, its original text is not found exactly once, or a baseline
failed; 2 for a refusal to start. `make mutation-check` runs it; see docs/mutation-check.md.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import re
import signal
import subprocess
import sys
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType

ROOT = Path(__file__).resolve().parent.parent
MUTATIONS = ROOT / "scripts" / "mutations.toml"
PYTHON = ROOT / ".venv" / "bin" / "python"
TIMEOUT_SECONDS = 900
REQUIRED = ("id", "file", "original", "replacement", "bug", "tests")

CAUGHT, MISSED, NOT_RUN = "caught", "MISSED", "not run"
NOT_FOUND, NO_TESTS, BROKEN = "NOT FOUND", "NO TESTS", "PYTEST ERROR"
# pytest's exit codes: 1 some tests failed; 2 interrupted, 3 internal error, 4 usage error
# (a bad -k), 5 no tests collected. Only 1 means the tests caught the bug.
TESTS_FAILED, NO_TESTS_COLLECTED = 1, 5


@dataclass(frozen=True)
class Mutation:
    id: str
    file: str
    original: str
    replacement: str
    bug: str
    tests: tuple[str, ...]
    postgres: bool = False


@dataclass
class Outcome:
    mutation: Mutation
    status: str
    seconds: float = 0.0
    caught_by: str = ""
    detail: list[str] = field(default_factory=list)


class TerminatedError(Exception):
    """SIGTERM, turned into an exception so that the file is restored on the way out."""


def _on_sigterm(signum: int, frame: FrameType | None) -> None:
    raise TerminatedError


def load(path: Path) -> list[Mutation]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    mutations = []
    for index, entry in enumerate(data.get("mutation", []), start=1):
        missing = [key for key in REQUIRED if key not in entry]
        if missing:
            raise SystemExit(f"{path.name}: mutation #{index} lacks {', '.join(missing)}")
        mutations.append(
            Mutation(
                id=entry["id"],
                file=entry["file"],
                original=entry["original"],
                replacement=entry["replacement"],
                bug=entry["bug"],
                tests=tuple(entry["tests"]),
                postgres=bool(entry.get("postgres", False)),
            )
        )
    ids = [mutation.id for mutation in mutations]
    duplicates = sorted({each for each in ids if ids.count(each) > 1})
    if duplicates:
        raise SystemExit(f"{path.name}: ids used twice: {', '.join(duplicates)}")
    return mutations


def occurrences(mutation: Mutation) -> int:
    path = ROOT / mutation.file
    if not path.is_file():
        return 0
    return path.read_text(encoding="utf-8").count(mutation.original)


def uncommitted(files: list[str]) -> list[str]:
    """The files among these with changes git does not have committed (staged or not)."""
    result = subprocess.run(  # noqa: S603 - a fixed command on our own file names
        ["git", "status", "--porcelain", "--", *files],  # noqa: S607 - git from PATH
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return [line[3:] for line in result.stdout.splitlines() if line.strip()]


def pytest_command(tests: tuple[str, ...], *, stop_first: bool) -> list[str]:
    command = [str(PYTHON), "-m", "pytest", "-q", "-p", "no:cacheprovider"]
    if stop_first:
        command.append("-x")
    # Same order every run, one process: the plugins are optional, so only when installed.
    if importlib.util.find_spec("pytest_randomly") is not None:
        command += ["-p", "no:randomly"]
    if importlib.util.find_spec("xdist") is not None:
        command += ["-p", "no:xdist"]
    return [*command, *tests]


def environment(*, postgres: bool) -> dict[str, str]:
    env = dict(os.environ)
    env["DJANGO_SETTINGS_MODULE"] = "config.settings_test"
    # The mutated source must never be cached as bytecode: a restored file of the same size
    # written in the same second could otherwise run the mutant's cached code.
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    if not postgres:
        env.pop("DATABASE_URL", None)
    return env


# "FAILED path::test[id with spaces] - AssertionError: …" in pytest's short summary (-ra).
_FAILED = re.compile(r"^(?:FAILED|ERROR) (.+?)(?: - .*)?$")
_SUMMARY = re.compile(r"(\d+) (passed|failed|error|errors)\b")


def run_tests(tests: tuple[str, ...], *, postgres: bool, stop_first: bool) -> tuple[int, str]:
    try:
        result = subprocess.run(  # noqa: S603 - pytest with arguments from mutations.toml
            pytest_command(tests, stop_first=stop_first),
            cwd=ROOT,
            env=environment(postgres=postgres),
            capture_output=True,
            text=True,
            timeout=TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return -1, f"timed out after {TIMEOUT_SECONDS} s"
    return result.returncode, result.stdout + result.stderr


def first_failure(output: str) -> str:
    for line in output.splitlines():
        match = _FAILED.match(line)
        if match:
            return match.group(1)
    return ""


def tests_ran(output: str) -> bool:
    return any(int(count) > 0 for count, _kind in _SUMMARY.findall(output))


def check(mutation: Mutation, *, postgres: bool) -> Outcome:
    if mutation.postgres and not postgres:
        return Outcome(mutation, NOT_RUN, detail=["PostgreSQL only: run with --postgres"])
    found = occurrences(mutation)
    if found != 1:
        return Outcome(mutation, NOT_FOUND, detail=[f"the original text occurs {found} times"])
    path = ROOT / mutation.file
    source = path.read_text(encoding="utf-8")
    started = time.monotonic()
    try:
        path.write_text(source.replace(mutation.original, mutation.replacement), encoding="utf-8")
        code, output = run_tests(mutation.tests, postgres=postgres, stop_first=True)
    finally:
        path.write_text(source, encoding="utf-8")
    seconds = time.monotonic() - started
    if code == 0:
        if not tests_ran(output):
            return Outcome(mutation, NO_TESTS, seconds, detail=output.splitlines()[-3:])
        return Outcome(mutation, MISSED, seconds, detail=output.splitlines()[-3:])
    if code == -1:  # a timeout: the bug hangs the tests, which a real run would notice too
        return Outcome(
            mutation, CAUGHT, seconds, caught_by=f"(timed out after {TIMEOUT_SECONDS} s)"
        )
    if code == NO_TESTS_COLLECTED:
        return Outcome(mutation, NO_TESTS, seconds, detail=output.splitlines()[-3:])
    if code != TESTS_FAILED:
        return Outcome(mutation, BROKEN, seconds, detail=output.splitlines()[-5:])
    return Outcome(mutation, CAUGHT, seconds, caught_by=first_failure(output) or "(see pytest)")


def baseline(mutations: list[Mutation], *, postgres: bool) -> list[str]:
    """The test selections that fail without any mutation (they would 'catch' anything)."""
    failing = []
    for tests in dict.fromkeys(m.tests for m in mutations if postgres or not m.postgres):
        code, output = run_tests(tests, postgres=postgres, stop_first=False)
        label = " ".join(tests)
        if code != 0 or not tests_ran(output):
            failing.append(label)
            print(f"baseline FAILS: {label}", flush=True)
        else:
            print(f"baseline ok:    {label}", flush=True)
    return failing


def table(outcomes: list[Outcome]) -> str:
    lines = [
        "| id | file | bug | result | caught by |",
        "|---|---|---|---|---|",
    ]
    for outcome in outcomes:
        mutation = outcome.mutation
        by = f"`{outcome.caught_by}`" if outcome.caught_by else "; ".join(outcome.detail)
        lines.append(
            f"| `{mutation.id}` | `{mutation.file}` | {mutation.bug} | {outcome.status} | {by} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--postgres", action="store_true", help="run on DATABASE_URL's PostgreSQL")
    parser.add_argument("--only", action="append", default=[], metavar="ID", help="run these ids")
    parser.add_argument("--list", action="store_true", help="check the list only; run nothing")
    parser.add_argument("--baseline", action="store_true", help="first run each test selection")
    parser.add_argument("--markdown", type=Path, help="also write the results table to this file")
    parser.add_argument("--mutations", type=Path, default=MUTATIONS, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.postgres and not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        print("--postgres needs DATABASE_URL=postgres://… in the environment.", file=sys.stderr)
        return 2
    mutations = load(args.mutations)
    if args.only:
        unknown = sorted(set(args.only) - {mutation.id for mutation in mutations})
        if unknown:
            print(f"Unknown mutation ids: {', '.join(unknown)}", file=sys.stderr)
            return 2
        mutations = [mutation for mutation in mutations if mutation.id in args.only]

    if args.list:
        bad = 0
        for mutation in mutations:
            found = occurrences(mutation)
            bad += found != 1
            mark = "ok" if found == 1 else f"found {found} times"
            print(f"{mutation.id:32} {mutation.file:32} {mark}")
        print(f"{len(mutations)} mutations, {bad} whose original text is not found exactly once.")
        return 1 if bad else 0

    dirty = uncommitted(sorted({mutation.file for mutation in mutations}))
    if dirty:
        print(
            "Refusing to start: these files have uncommitted changes that restoring them would "
            f"lose: {', '.join(dirty)}",
            file=sys.stderr,
        )
        return 2

    signal.signal(signal.SIGTERM, _on_sigterm)
    failed_baselines = baseline(mutations, postgres=args.postgres) if args.baseline else []

    outcomes = []
    for number, mutation in enumerate(mutations, start=1):
        print(f"[{number}/{len(mutations)}] {mutation.id} … ", end="", flush=True)
        outcome = check(mutation, postgres=args.postgres)
        outcomes.append(outcome)
        print(f"{outcome.status} ({outcome.seconds:.0f} s) {outcome.caught_by}", flush=True)
        for line in outcome.detail if outcome.status != NOT_RUN else []:
            print(f"    {line}", flush=True)

    print()
    print(table(outcomes))
    ran = [outcome for outcome in outcomes if outcome.status != NOT_RUN]
    caught = sum(outcome.status == CAUGHT for outcome in ran)
    not_run = len(outcomes) - len(ran)
    print()
    print(
        f"{caught} of {len(ran)} caught"
        + (f"; {not_run} not run (PostgreSQL only, use --postgres)" if not_run else "")
        + (f"; {len(failed_baselines)} test selections fail unchanged" if failed_baselines else "")
    )
    if args.markdown:
        args.markdown.write_text(table(outcomes) + "\n", encoding="utf-8")
    return 0 if caught == len(ran) and not failed_baselines else 1


if __name__ == "__main__":
    sys.exit(main())
