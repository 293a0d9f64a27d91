"""Benchmark: whole pages under gunicorn on the national data, with budgets (issue 12).

    make bench                              # builds laget_national once, then this

Steps, in one run:

1. Prepares the readers in the national database (through Django, test settings, the same
   SECRET_KEY as the server): picks them from the generated data and writes their sessions
   straight into `django_session` (see "What it bypasses" in docs/performance.md).
2. Starts gunicorn as production does (`config.wsgi`, production settings, DEBUG off, two
   workers), with the application role under row-level security.
3. Drives `benchmarks/pages_load.py` (locust, as a library) at concurrency 1 and 4: a fixed
   number of requests per endpoint, after a short warm-up, and samples the workers' RSS.
4. Prints one table and writes it as JSON to var/bench/<time>.json and var/bench/latest.json.

`benchmarks/pages.py --markdown [FILE]` prints a saved run's table for docs/performance.md.

Environment: DATABASE_URL (the national database), BENCH_REQUESTS (per endpoint and
concurrency, default 30), BENCH_SECONDS (no request of an endpoint starts later than this
after its batch began, default 8), BENCH_ONLY (comma-separated parts of endpoint names: only
those, and the floor), BENCH_PORT (default 8079), LOCUST_PYTHON (an interpreter with
locust, default .venv/bin/python). Not a test: figures depend on the machine and its load.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# The sessions are signed with the server's key, so both must use the same one.
SECRET_KEY = (ROOT / "var" / "secret_key").read_text().strip()
os.environ["SECRET_KEY"] = SECRET_KEY
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")

PORT = int(os.environ.get("BENCH_PORT", "8079"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "30"))
# No request starts after this many seconds of one endpoint's batch (or warm-up).
SECONDS = float(os.environ.get("BENCH_SECONDS", "8"))
CONCURRENCY = (1, 4)
OUT = ROOT / "var" / "bench"

# Budgets at concurrency 4, p95 in ms (issue 12). Staff pages and API operations also at most
# three times the floor's p95.
STAFF, SEARCH, DASHBOARD, PORTAL = 100, 60, 300, 100
FLOOR_FACTOR = 3
RSS_BUDGET_MB = 200


@dataclass
class Endpoint:
    name: str
    kind: str  # floor, staff, api, search, dashboard, portal
    url: str
    session: str
    status: int = 200

    def budget(self, floor_p95: float | None) -> float:
        if self.kind == "floor":
            return float("inf")
        if self.kind == "search":
            return SEARCH
        if self.kind == "dashboard":
            return DASHBOARD
        if self.kind == "portal":
            return PORTAL
        if floor_p95 is None:
            return STAFF
        return min(STAFF, FLOOR_FACTOR * floor_p95)


def prepare() -> tuple[str, list[Endpoint], dict[str, str]]:
    """Picks the readers and their pages from the generated data; returns the session cookie's
    name, the endpoints and who each session is."""
    import django

    django.setup()

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.db.models import Count
    from django.utils import timezone
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from audit.models import AccessEvent
    from children.models import Guardian
    from concerns.models import Concern, ConcernStatus
    from directory.models import Service
    from laget.national import WORLD_NOW
    from people.models import Membership, Role, User
    from teams.models import MemberRole, MemberStatus, Team, TeamMember, TeamStatus
    from units.models import Sector

    backend = settings.AUTHENTICATION_BACKENDS[-1]

    def staff_session(user: User) -> str:
        device, _ = TOTPDevice.objects.get_or_create(user=user, name="bench", confirmed=True)
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = backend
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store[DEVICE_ID_SESSION_KEY] = device.persistent_id
        store["_renewed_at"] = time.time()
        store.create()
        return str(store.session_key)

    def portal_session(pid: str) -> str:
        store = SessionStore()
        now = time.time()
        store["portal"] = {
            "pid": pid,
            "sub": "bench",
            "logged_in_at": now,
            "seen_at": now,
            "id_token": "",
        }
        store["_renewed_at"] = now
        store.create()
        return str(store.session_key)

    today = timezone.localdate()
    # A coordinator of about five open teams, the child of one of them under 16.
    coordinators = (
        TeamMember.objects.filter(
            role=MemberRole.COORDINATOR, status=MemberStatus.ACTIVE, team__status=TeamStatus.OPEN
        )
        .values("user_id")
        .annotate(n=Count("id"))
        .filter(n__gte=5)
        .order_by("n", "user_id")
    )
    coordinator_row = coordinators.first()
    if coordinator_row is None:
        raise SystemExit("no coordinator with five open teams: run `make national-data` first")
    coordinator = User.objects.get(pk=coordinator_row["user_id"])
    teams = list(
        Team.objects.filter(
            status=TeamStatus.OPEN,
            members__user=coordinator,
            members__role=MemberRole.COORDINATOR,
            members__status=MemberStatus.ACTIVE,
        ).select_related("child", "concern")
    )
    team = min(teams, key=lambda t: (t.child.age_on(today) >= 16, str(t.pk)))
    _plan_and_meetings(coordinator, team)
    guardian = Guardian.objects.filter(child=team.child, has_parental_responsibility=True).first()
    if guardian is None:
        raise SystemExit(f"the child of team {team.pk} has no guardian")

    # The child (with an open team) with the most access events, seen by its coordinator.
    busiest = (
        # Only the generated events: the bench's own reads must not move the choice.
        AccessEvent.objects.filter(child_id__isnull=False, occurred_at__lte=WORLD_NOW)
        .values("child_id")
        .annotate(n=Count("id"))
        .order_by("-n")[:50]
    )
    logged_team = None
    for row in busiest:
        logged_team = Team.objects.filter(child_id=row["child_id"], status=TeamStatus.OPEN).first()
        if logged_team is not None:
            break
    if logged_team is None:
        logged_team = team
    log_reader = (
        TeamMember.objects.filter(
            team=logged_team, role=MemberRole.COORDINATOR, status=MemberStatus.ACTIVE
        )
        .select_related("user")
        .get()
        .user
    )
    events = AccessEvent.objects.filter(child_id=logged_team.child_id).count()

    # The unit with the most open concerns, read by its unit leader.
    unit_row = (
        Concern.objects.filter(status=ConcernStatus.OPEN)
        .values("unit_id")
        .annotate(n=Count("id"))
        .order_by("-n", "unit_id")
        .first()
    )
    if unit_row is None:
        raise SystemExit("no open concerns: run `make national-data` first")
    unit_id = unit_row["unit_id"]
    leader_membership = (
        Membership.objects.filter(unit_id=unit_id, role=Role.UNIT_LEADER)
        .select_related("user")
        .order_by("id")
        .first()
    )
    if leader_membership is None:
        raise SystemExit(f"unit {unit_id} has no unit leader")
    unit_leader = leader_membership.user

    # The follow-up service (OT) with the most staff, read by one of them.
    follow_up = (
        Membership.objects.filter(
            unit__sector=Sector.FOLLOW_UP_SERVICE,
            role__in=(Role.PROFESSIONAL, Role.UNIT_LEADER),
            ended_on__isnull=True,
        )
        .select_related("user")
        .order_by("unit_id", "id")
        .first()
    )
    if follow_up is None:
        raise SystemExit("no follow-up service staff: run `make national-data` first")

    # The overview's readers, as benchmarks/dashboards.py makes them.
    from benchmarks.overview_readers import overview_readers

    place, leader, county_analyst, national_analyst = overview_readers()

    # A service of the coordinator's municipality for the directory; a word of its name to
    # search for.
    service = (
        Service.objects.filter(organization__municipality_id=team.municipality_id)
        .order_by("id")
        .first()
    )
    word = service.name.split()[0] if service is not None else "helse"

    s = {
        "coordinator": staff_session(coordinator),
        "log_reader": staff_session(log_reader),
        "unit_leader": staff_session(unit_leader),
        "follow_up": staff_session(follow_up.user),
        "leader": staff_session(leader),
        "county_analyst": staff_session(county_analyst),
        "national_analyst": staff_session(national_analyst),
        "guardian": portal_session(guardian.identity_number),
    }
    who = {
        "coordinator": f"{coordinator.username}: coordinator of {len(teams)} open teams",
        "log_reader": f"{log_reader.username}: coordinator of a child with {events} access events",
        "unit_leader": f"{unit_leader.username}: leader of the unit with {unit_row['n']} open "
        "concerns",
        "follow_up": f"{follow_up.user.username}: staff of a follow-up service (OT)",
        "leader": f"benk.leder: municipal leader of {place.name}",
        "county_analyst": f"benk.fylke: analyst for {place.county.name}",
        "national_analyst": "benk.nasjonal: national analyst",
        "guardian": f"guardian of the child of team {team.pk} (age {team.child.age_on(today)})",
    }
    t, c, child, log = team.pk, team.concern_id, team.child_id, logged_team.pk
    where = f"?municipality={place.number}"
    e = Endpoint
    endpoints = [
        e("floor: GET /api/v1/me", "floor", "/api/v1/me", s["coordinator"]),
        e("start page", "staff", "/", s["coordinator"]),
        e("Mitt arbeid", "staff", "/teams/", s["coordinator"]),
        e("team", "staff", f"/teams/{t}/", s["coordinator"]),
        e("team consents", "staff", f"/teams/{t}/consents/", s["coordinator"]),
        e("team plan", "staff", f"/teams/{t}/plan/", s["coordinator"]),
        e("team transitions", "staff", f"/teams/{t}/transitions/", s["coordinator"]),
        e("concern", "staff", f"/concerns/{c}/", s["coordinator"]),
        e("who has seen the child", "staff", f"/teams/{log}/access-log/", s["log_reader"]),
        e("unit", "staff", f"/units/{unit_id}/", s["unit_leader"]),
        e("unit gaps", "staff", f"/units/{unit_id}/gaps/", s["unit_leader"]),
        e("follow-up list", "staff", f"/units/{follow_up.unit_id}/follow-up/", s["follow_up"]),
        e("unit incoming transitions", "staff", f"/transitions/units/{unit_id}/", s["unit_leader"]),
        e("directory search", "search", f"/directory/?q={word}", s["coordinator"]),
        e("directory service", "staff", f"/directory/services/{service.pk}/", s["coordinator"])
        if service is not None
        else None,
        e("API teams", "api", "/api/v1/teams", s["coordinator"]),
        e("API concerns", "api", "/api/v1/concerns", s["coordinator"]),
        e("API team", "api", f"/api/v1/teams/{t}", s["coordinator"]),
        e("API team members", "api", f"/api/v1/teams/{t}/members", s["coordinator"]),
        e("API team log", "api", f"/api/v1/teams/{t}/log", s["coordinator"]),
        e("API team meetings", "api", f"/api/v1/teams/{t}/meetings", s["coordinator"]),
        e("API team tasks", "api", f"/api/v1/teams/{t}/tasks", s["coordinator"]),
        e("API team consents", "api", f"/api/v1/teams/{t}/consents", s["coordinator"]),
        e("API team plan", "api", f"/api/v1/teams/{t}/plan", s["coordinator"]),
        e("API concern", "api", f"/api/v1/concerns/{c}", s["coordinator"]),
        e("API child", "api", f"/api/v1/children/{child}", s["coordinator"]),
        e("HSDS services", "api", f"/api/hsds/services?search={word}", s["coordinator"]),
        e("HSDS organizations", "api", "/api/hsds/organizations", s["coordinator"]),
        e("overview: municipality", "dashboard", "/oversikt/kommune/" + where, s["leader"]),
        e(
            "overview: statistics",
            "dashboard",
            f"/oversikt/statistikk/{where}",
            s["county_analyst"],
        ),
        e(
            "overview: side by side (county)",
            "dashboard",
            "/oversikt/side-om-side/",
            s["county_analyst"],
        ),
        e(
            "overview: side by side (national)",
            "dashboard",
            "/oversikt/side-om-side/",
            s["national_analyst"],
        ),
        e("overview: programmes", "dashboard", "/oversikt/oppfolging/", s["county_analyst"]),
        e("grants: catalogue", "staff", "/tilskudd/", s["leader"]),
        e(
            "grants: programme",
            "staff",
            f"/tilskudd/kommune/?kommune={place.number}",
            s["leader"],
        ),
        e("grants: aggregates (national)", "dashboard", "/tilskudd/fylker/", s["national_analyst"]),
        e("portal: start", "portal", "/portal/", s["guardian"], status=302),
        e("portal: team", "portal", f"/portal/{child}/", s["guardian"]),
        e("portal: plan", "portal", f"/portal/{child}/plan/", s["guardian"]),
        e("portal: meetings", "portal", f"/portal/{child}/meetings/", s["guardian"]),
        e("portal: consents", "portal", f"/portal/{child}/consents/", s["guardian"]),
        e("portal: health", "portal", f"/portal/{child}/health/", s["guardian"]),
        e("portal: who has seen", "portal", f"/portal/{child}/seen/", s["guardian"]),
        e("portal: my data", "portal", f"/portal/{child}/data/", s["guardian"]),
    ]
    # BENCH_ONLY: the endpoints whose name contains one of these (comma-separated), and the floor.
    only = [word.strip() for word in os.environ.get("BENCH_ONLY", "").split(",") if word.strip()]
    chosen = [
        x
        for x in endpoints
        if x is not None and (x.kind == "floor" or not only or any(w in x.name for w in only))
    ]
    return settings.SESSION_COOKIE_NAME, chosen, who


def _plan_and_meetings(actor: Any, team: Any) -> None:
    """On a database generated before the generator made plans and meetings
    (docs/national-data.md), give the team the bench reads a plan with three goals and two
    meetings, once, through the services (audited like any write), so that the plan and meeting
    pages have something to show. A team that has them is left as it is."""
    from django.db import transaction
    from django.utils import timezone

    from plans.models import Plan
    from plans.services import goal_add, plan_create
    from teams.models import Meeting
    from teams.services.meetings import meeting_plan

    with transaction.atomic():
        if not Plan.objects.filter(team=team).exists():
            today = timezone.localdate()
            plan = plan_create(
                actor=actor,
                team=team,
                period_start=today,
                period_end=today + dt.timedelta(days=180),
            )
            for text in ("Komme på skolen hver dag.", "Ha en venn i klassen.", "Sove bedre."):
                goal_add(actor=actor, plan=plan, text=text)
        if not Meeting.objects.filter(team=team).exists():
            for days in (7, 35):
                meeting_plan(
                    actor=actor,
                    team=team,
                    starts_at=timezone.now() + dt.timedelta(days=days),
                    place="Skolen",
                    agenda="Hvordan går det med planen?",
                )


def server_env() -> dict[str, str]:
    """Production settings with DEBUG off; the identity-number keys the generator used (the
    test settings' public ones), over plain HTTP on this machine. The API's rate limit per
    credential is lifted: one reader's session sends every API request of the run, faster than
    300 a minute once the pages are fast, and a 429 measures the limit, not the page."""
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="false",
        SECRET_KEY=SECRET_KEY,
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_COOKIES="false",
        DATABASE_APP_ROLE="laget_app",
        IDENTITY_NUMBER_KEYS="test1:dGVzdC1vbmx5LWlkZW50aXR5LW51bWJlci1rZXktMDE=",
        IDENTITY_NUMBER_HMAC_KEY="dGVzdC1vbmx5LWlkZW50aXR5LW51bWJlci1obWFjLTE=",
        API_REQUESTS_PER_MINUTE="1000000",
    )
    return env


def worker_pids(master: int) -> list[int]:
    try:
        text = Path(f"/proc/{master}/task/{master}/children").read_text()
    except OSError:
        return []
    return [int(pid) for pid in text.split()]


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


class RssSampler(threading.Thread):
    def __init__(self, master: int) -> None:
        super().__init__(daemon=True)
        self.master = master
        self.peak: dict[int, float] = {}
        self.stopping = threading.Event()

    def run(self) -> None:
        while not self.stopping.wait(0.2):
            for pid in worker_pids(self.master):
                self.peak[pid] = max(self.peak.get(pid, 0.0), rss_mb(pid))


def wait_until_up(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (local)
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"gunicorn did not answer {url} within {seconds:.0f} s")


def main() -> None:
    cookie, endpoints, who = prepare()
    OUT.mkdir(parents=True, exist_ok=True)
    plan = OUT / "plan.json"
    results_file = OUT / "raw.json"
    plan.write_text(
        json.dumps(
            {
                "base": f"http://127.0.0.1:{PORT}",
                "cookie": cookie,
                "requests": REQUESTS,
                "seconds": SECONDS,
                "warmup": 2,
                "concurrency": list(CONCURRENCY),
                "endpoints": [vars(x) for x in endpoints],
            }
        )
    )
    server = subprocess.Popen(  # noqa: S603
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            "2",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=server_env(),
    )
    # Production runs the audit sealer beside the web workers (docs/operations.md): reads are
    # recorded unsealed and chained by it within seconds, so it runs during the load too.
    sealer = subprocess.Popen(  # noqa: S603
        [str(ROOT / ".venv" / "bin" / "python"), "manage.py", "audit_seal", "--every", "1"],
        cwd=ROOT,
        env=server_env(),
        stdout=subprocess.DEVNULL,  # a line per second sealed; errors still reach stderr
    )
    sampler = RssSampler(server.pid)
    try:
        wait_until_up(f"http://127.0.0.1:{PORT}/healthz")
        idle = {pid: rss_mb(pid) for pid in worker_pids(server.pid)}
        sampler.start()
        locust_python = os.environ.get("LOCUST_PYTHON", str(ROOT / ".venv" / "bin" / "python"))
        started = time.monotonic()
        subprocess.run(  # noqa: S603
            [locust_python, str(ROOT / "benchmarks" / "pages_load.py"), plan, results_file],
            check=True,
            cwd=ROOT,
        )
        took = time.monotonic() - started
    finally:
        sampler.stopping.set()
        server.send_signal(signal.SIGTERM)
        sealer.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        sealer.wait(timeout=30)
    raw = json.loads(results_file.read_text())
    report(endpoints, raw, who, idle, sampler.peak, took)


def report(
    endpoints: list[Endpoint],
    raw: list[dict[str, Any]],
    who: dict[str, str],
    idle: dict[int, float],
    peak: dict[int, float],
    took: float,
) -> None:
    by_key = {(row["name"], row["concurrency"]): row for row in raw}
    floor_p95 = {c: float(by_key[(endpoints[0].name, c)]["p95"]) for c in CONCURRENCY}
    rows: list[dict[str, Any]] = []
    for endpoint in endpoints:
        for c in CONCURRENCY:
            row = dict(by_key[(endpoint.name, c)])
            budget = endpoint.budget(floor_p95[c]) if c == 4 else float("inf")
            row["kind"] = endpoint.kind
            row["budget_ms"] = None if budget == float("inf") else round(budget, 1)
            row["ok"] = (
                None
                if row["budget_ms"] is None
                else bool(row["p95"] <= row["budget_ms"] and not row["errors"])
            )
            rows.append(row)
    peak_rss = max(peak.values(), default=0.0)
    header = (
        f"{'endpoint':<36} {'c':>2} {'n':>3} {'p50':>7} {'p95':>7} {'max':>7} {'req/s':>6} "
        f"{'budget':>7} {'ok?':>4}"
    )
    print()
    print(header)
    print("-" * len(header))
    for row in rows:
        shown = "" if row["budget_ms"] is None else f"{row['budget_ms']:.0f}"
        ok = "" if row["ok"] is None else ("ok" if row["ok"] else "MISS")
        errors = f"  {row['errors']} errors" if row["errors"] else ""
        print(
            f"{row['name']:<36.36} {row['concurrency']:>2} {row['requests']:>3} "
            f"{row['p50']:>7.1f} {row['p95']:>7.1f} "
            f"{row['max']:>7.1f} {row['rps']:>6.1f} {shown:>7} {ok:>4}{errors}"
        )
    rss_ok = 0 < peak_rss < RSS_BUDGET_MB
    print(
        f"\nworker RSS (MB): idle {', '.join(f'{v:.0f}' for v in idle.values())}; peak "
        f"{', '.join(f'{v:.0f}' for v in peak.values())} (budget < {RSS_BUDGET_MB}: "
        f"{'ok' if rss_ok else 'MISS'})"
    )
    print(
        f"Up to {REQUESTS} requests (n) per endpoint and concurrency, none started after "
        f"{SECONDS:.0f} s; {took:.0f} s of load. Readers:"
    )
    for key, text in who.items():
        print(f"  {key}: {text}")
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    document = {
        "time": stamp,
        "requests": REQUESTS,
        "seconds": SECONDS,
        "concurrency": list(CONCURRENCY),
        "floor_p95_ms": floor_p95,
        "rows": rows,
        "worker_rss_mb": {"idle": list(idle.values()), "peak": list(peak.values())},
        "rss_ok": rss_ok,
        "readers": who,
        "load_seconds": round(took, 1),
    }
    text = json.dumps(document, indent=2)
    (OUT / f"{stamp}.json").write_text(text)
    if os.environ.get("BENCH_ONLY"):
        # A partial run does not replace the latest whole one.
        print(f"written: var/bench/{stamp}.json")
        return
    (OUT / "latest.json").write_text(text)
    print(f"written: var/bench/{stamp}.json and var/bench/latest.json")


def markdown(path: Path) -> None:
    """The table of a saved run, as docs/performance.md shows it."""
    document = json.loads(path.read_text())
    print("| endpoint | c | n | p50 | p95 | max | req/s | budget | ok? |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---|")
    for row in document["rows"]:
        budget = "" if row["budget_ms"] is None else f"{row['budget_ms']:.0f}"
        ok = "" if row["ok"] is None else ("ok" if row["ok"] else "**miss**")
        print(
            f"| {row['name']} | {row['concurrency']} | {row['requests']} | {row['p50']:.0f} | "
            f"{row['p95']:.0f} | "
            f"{row['max']:.0f} | {row['rps']:.1f} | {budget} | {ok} |"
        )
    rss = document["worker_rss_mb"]
    print(
        f"\nWorker RSS: idle {', '.join(f'{v:.0f}' for v in rss['idle'])} MB, peak "
        f"{', '.join(f'{v:.0f}' for v in rss['peak'])} MB (budget < {RSS_BUDGET_MB} MB)."
    )


if __name__ == "__main__":
    if sys.argv[1:2] == ["--markdown"]:
        markdown(Path(sys.argv[2]) if len(sys.argv) > 2 else OUT / "latest.json")
    else:
        main()
