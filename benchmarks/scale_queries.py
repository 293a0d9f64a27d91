"""Benchmark: the queries behind the known slow pages at national scale (issue 12, part 3).

    make bench-scale        # BENCH_SCALE_DATABASE_URL, default postgres://…/laget_bench_scale

Fills (or reuses) a PostgreSQL database with a moderate bulk dataset – 50 municipalities,
20 000 staff, 40 000 concerns (half of them with a team), 20 000 teams, 80 000 team members,
20 000 consents and 300 000 access events – and times, for one professional who coordinates
five teams, the selectors the slow pages call: Mitt arbeid, the API's lists of teams and
concerns, the header's count, the child's access log page and the daily consent job. Each is
printed with its p50/max in milliseconds and the query count; `--explain` also prints the
time of `EXPLAIN ANALYZE` of the lists that used to filter on a subquery (`--verbose`: the
plans). Run it on an older commit for the "before". Not a test: figures depend on the machine
and its load, so they are reported, not asserted. The data is not a case history (no hash
chain, no fictional identity numbers): the national generator is `manage.py generate_national`,
when it exists.
"""

from __future__ import annotations

import datetime
import os
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/laget_bench_scale")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from audit.selectors import access_events_for_child  # noqa: E402
from children.access_log.words import Audience  # noqa: E402
from children.models import Child  # noqa: E402
from concerns.models import Concern, ConcernStatus  # noqa: E402
from concerns.selectors import concerns_listed_for  # noqa: E402
from consents.models import BasisKind, Consent, GivenBy, Method  # noqa: E402
from municipalities.models import Municipality  # noqa: E402
from people.models import Membership, Role, User  # noqa: E402
from teams.access_log import access_log_page  # noqa: E402
from teams.models import MemberRole, MemberStatus, Team, TeamMember, TeamStatus  # noqa: E402
from teams.selectors import teams_of_user  # noqa: E402
from teams.services import consent_authority_tasks_create  # noqa: E402
from teams.work_selectors import work_action_count, work_list_for  # noqa: E402
from tenancy import scope  # noqa: E402
from units.models import Organisation, Sector, Unit  # noqa: E402

MUNICIPALITIES = 50
UNITS_PER_MUNICIPALITY = 10
STAFF_PER_MUNICIPALITY = 400
TEAMS_PER_MUNICIPALITY = 400
MEMBERS_PER_TEAM = 4
EVENTS = 300_000
EVENTS_OF_ONE_CHILD = 3_000
SECTORS = [
    Sector.PRIMARY_SCHOOL,
    Sector.LOWER_SECONDARY,
    Sector.HEALTH_STATION,
    Sector.PPT,
    Sector.KINDERGARTEN,
]
BATCH = 5_000
# A consent's own purpose, as people write it (a name, so the vocabulary test passes it by).
CONSENT_PURPOSE = "Samarbeid"
RUNS = 30


def _bulk(model: Any, rows: list[Any]) -> None:
    model.objects.bulk_create(rows, batch_size=BATCH)


def ensure_data() -> None:
    call_command("migrate", verbosity=0)
    if Team.objects.count() >= MUNICIPALITIES * TEAMS_PER_MUNICIPALITY:
        return
    call_command("load_reference_data", verbosity=0)
    start = time.perf_counter()
    today = timezone.localdate()
    places = list(Municipality.objects.order_by("number")[:MUNICIPALITIES])
    organisations = {
        o.municipality_id: o for o in Organisation.objects.filter(municipality__in=places)
    }
    creator = User.objects.create(username="bench-creator")
    for m_index, place in enumerate(places):
        units = [
            Unit(
                municipality=place,
                organisation=organisations[place.pk],
                name=f"Enhet {i} {place.name}",
                sector=SECTORS[i % len(SECTORS)],
            )
            for i in range(UNITS_PER_MUNICIPALITY)
        ]
        _bulk(Unit, units)
        users = [
            User(username=f"s{m_index}-{i}", first_name="Ansatt", last_name=str(i))
            for i in range(STAFF_PER_MUNICIPALITY)
        ]
        _bulk(User, users)
        users = list(User.objects.filter(username__startswith=f"s{m_index}-").order_by("pk"))
        unit_of = {user.pk: units[i % len(units)] for i, user in enumerate(users)}
        _bulk(
            Membership,
            [
                Membership(
                    user=user,
                    municipality=place,
                    unit=unit_of[user.pk],
                    role=Role.PROFESSIONAL,
                    started_on=today - datetime.timedelta(days=400),
                )
                for user in users
            ],
        )
        children = [
            Child(
                municipality=place,
                given_name=f"Barn{i}",
                family_name="Testesen",
                birth_date=datetime.date(2010 + i % 8, 1 + i % 12, 1 + i % 28),
                created_by=creator,
            )
            for i in range(TEAMS_PER_MUNICIPALITY)
        ]
        _bulk(Child, children)
        concerns, teams, members, consents = [], [], [], []
        for i, child in enumerate(children):
            raiser = users[i % len(users)]
            unit = unit_of[raiser.pk]
            concerns.append(
                Concern(
                    municipality=place,
                    unit=unit,
                    child=child,
                    level=i % 2,
                    observed="Bekymring",
                    raised_by=raiser,
                    responsible=raiser,
                    status=ConcernStatus.OPEN,
                )
            )
            with_team = Concern(
                municipality=place,
                unit=unit,
                child=child,
                level=2,
                observed="Bekymring",
                raised_by=raiser,
                responsible=raiser,
                status=ConcernStatus.OPEN,
            )
            concerns.append(with_team)
            team = Team(
                municipality=place,
                child=child,
                concern=with_team,
                originating_unit=unit,
                status=TeamStatus.OPEN if i % 5 else TeamStatus.CLOSED,
            )
            teams.append(team)
            for k in range(MEMBERS_PER_TEAM):
                person = users[(i * 7 + k * 101) % len(users)]
                members.append(
                    TeamMember(
                        team=team,
                        user=person,
                        unit=unit_of[person.pk],
                        role=MemberRole.COORDINATOR if k == 0 else MemberRole.MEMBER,
                        status=MemberStatus.ACTIVE,
                        invited_by=raiser,
                        joined_at=timezone.now(),
                    )
                )
            consents.append(
                Consent(
                    municipality=place,
                    child=child,
                    team=team,
                    kind=BasisKind.CONSENT,
                    given_by=GivenBy.GUARDIANS,
                    purpose=CONSENT_PURPOSE,
                    text="Samtykke",
                    method=Method.PAPER,
                    valid_from=today - datetime.timedelta(days=100),
                    recorded_by=raiser,
                )
            )
        _bulk(Concern, concerns)
        _bulk(Team, teams)
        _bulk(TeamMember, members)
        _bulk(Consent, consents)
        through = Consent.units.through
        _bulk(
            through,
            [
                through(consent_id=consent.pk, unit_id=unit_pk)
                for consent, team_index in zip(consents, range(len(teams)), strict=True)
                for unit_pk in {
                    m.unit_id
                    for m in members[
                        team_index * MEMBERS_PER_TEAM : (team_index + 1) * MEMBERS_PER_TEAM
                    ]
                }
            ],
        )
    _events()
    # As the tables' owner: the application role may not ANALYZE them, and without statistics
    # PostgreSQL plans as if every table were empty.
    with scope.owner_session(), connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"data built in {time.perf_counter() - start:.0f} s")


def _events() -> None:
    """Access events by raw SQL: many reads spread over the children, and a long log for one."""
    child_ids = list(Child.objects.order_by("pk").values_list("pk", flat=True))
    target = bench_child()
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE bench_children AS SELECT row_number() OVER () AS n, id "
            "FROM children_child"
        )
        cursor.execute(
            """
            INSERT INTO audit_accessevent (chain, sequence, occurred_at, actor_label, action,
                object_type, object_id, child_id, municipality_id, purpose, legal_basis,
                request_id, detail, previous_hash, hash)
            SELECT 'bench', g, now() - (g || ' seconds')::interval, 'bench', 'read', 'team', '',
                CASE WHEN g <= %s THEN %s::uuid ELSE c.id END, NULL, 'reading the team page',
                'team member with consent', '', '{}'::jsonb, '', md5(g::text)
            FROM generate_series(1, %s) AS g
            JOIN bench_children c ON c.n = 1 + (g %% %s)
            """,
            [EVENTS_OF_ONE_CHILD, str(target.pk), EVENTS, len(child_ids)],
        )


def bench_user() -> User:
    """A professional who coordinates five open teams (the issue's Mitt arbeid case)."""
    user = User.objects.get(username="s0-0")
    mine = TeamMember.objects.filter(user=user, team__status=TeamStatus.OPEN)
    TeamMember.objects.filter(pk__in=list(mine.values_list("pk", flat=True)[5:])).update(
        status=MemberStatus.LEFT
    )
    return user


def bench_child() -> Child:
    return Child.objects.order_by("pk").first()  # type: ignore[return-value]


def _time(name: str, run: Callable[[], Any]) -> None:
    start = time.perf_counter()
    run()
    # A statement that takes seconds is timed three times, not thirty.
    runs = RUNS if time.perf_counter() - start < 1 else 3
    samples, queries = [], 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            run()
            samples.append((time.perf_counter() - start) * 1000)
        queries = len(captured)
    print(
        f"{name:<38} p50 {statistics.median(samples):7.1f} ms   max {max(samples):7.1f} ms"
        f"   {queries:3d} queries"
    )


def _explain(title: str, sql: str, params: Any) -> None:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS OFF) " + sql, params)
        lines = [row[0] for row in cursor.fetchall()]
    print(f"\n-- {title}: {lines[-1].strip()}")
    if "--verbose" in sys.argv:
        print("\n".join(lines))


def explain(user: User) -> None:
    """The statements of the lists that used to filter on a subquery, as the code builds them
    now (run it on the old code for the old plans)."""
    _explain("API teams, first page", *teams_of_user(user=user)[:20].query.sql_with_params())
    concerns = concerns_listed_for(user=user)[:20]
    _explain("API concerns, first page", *concerns.query.sql_with_params())
    log = access_events_for_child(child_id=bench_child().pk)
    _explain("access log page 1", *log[:25].query.sql_with_params())
    _explain("access log page 100", *log[2475:2500].query.sql_with_params())


def main() -> None:
    ensure_data()
    user = bench_user()
    child = bench_child()
    print(
        f"{Team.objects.count()} teams, {TeamMember.objects.count()} members, "
        f"{Concern.objects.count()} concerns, {Consent.objects.count()} consents; "
        f"the user coordinates {TeamMember.objects.filter(user=user, status='active').count()}"
    )
    _time("Mitt arbeid (work_list_for)", lambda: work_list_for(user=user))
    _time("header count (work_action_count)", lambda: work_action_count(user=user))
    _time("API teams (first page)", lambda: list(teams_of_user(user=user)[:20]))
    _time("API concerns (first page)", lambda: list(concerns_listed_for(user=user)[:20]))
    _time(
        "access log, page 1",
        lambda: access_log_page(child=child, audience=Audience.STAFF, page_number=1),
    )
    _time(
        "access log, page 100",
        lambda: access_log_page(child=child, audience=Audience.STAFF, page_number=100),
    )
    if "--explain" in sys.argv:
        explain(user)
    if "--no-job" not in sys.argv:
        consent_job()


def consent_job() -> None:
    """The daily job over every consent, rolled back so that each run finds the same work; its
    Python memory peak by tracemalloc (the worker's RSS is that plus the interpreter)."""
    tracemalloc.start()
    start = time.perf_counter()
    with transaction.atomic(), CaptureQueriesContext(connection) as captured:
        created = consent_authority_tasks_create(today=timezone.localdate())
        transaction.set_rollback(True)
    seconds = time.perf_counter() - start
    _now, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"\nconsent_authority over {Consent.objects.count()} consents: {seconds:.1f} s, "
        f"{len(captured)} queries, {created} tasks, Python peak {peak / 2**20:.0f} MB"
    )


if __name__ == "__main__":
    main()
