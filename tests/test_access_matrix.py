"""The access matrix (DESIGN §5): every URL that touches a child, for every kind of person.

One table states what each person gets. The test enumerates the URL patterns of the apps that
hold children's data, so a new URL that is not in the table fails here. Every allowed read writes
exactly one access event for the child; a denied one writes none and looks like a missing page.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from audit.models import AccessEvent, Action
from audit.selectors import access_events_verify
from children.services import GuardianData, child_register
from concerns.models import ChildWelfareReport, Level
from concerns.services import concern_raise, unit_measure_add, welfare_report_send
from conftest import verified_client, without_tokens
from grants.models import GrantReport, Scheme
from grants.services import grant_record
from oversikt.models import Programme
from oversikt.programme_services import programme_create
from people.models import AnalystAccess, Membership, Role
from teams.models import Task, Team, TeamMember, UnitInvitation
from teams.services import (
    handover_propose,
    handover_respond,
    member_invite,
    member_respond,
    task_create,
    team_open,
    unit_invite,
)
from tests.factories import UnitFactory, UserFactory, admin_of, member, municipality
from tests.moving import move_propose
from tests.world import World, _consent, leave_unit
from transitions.models import Transition, TransitionKind
from transitions.services import transition_answer, transition_start
from units.models import Sector

CHILD_APPS = ("concerns", "teams", "plans", "gaps", "transitions")
# Apps with pages of aggregates only: in the table too, so that who sees them is stated, and
# checked to write no read of any child.
AGGREGATE_APPS = ("oversikt", "grants")
# Public pages of those apps (the grant catalogue): open to everyone, anonymous visitors too,
# so not in the table; `test_public_pages_answer_everyone` states it.
PUBLIC_ROUTES = {"grants:catalogue", "grants:scheme"}
# A read shows the data on a page; an export hands it out as a file (the plan as PDF).
READ_ACTIONS = (Action.READ, Action.EXPORT)
PERSONS = (
    "coordinator",
    "member",
    "peer",
    "withdrawn",
    "invited",
    "colleague",
    "outsider",
    "foreigner",
    "departed",
    "analyst",
    "leader",
    *(
        "county_member",
        "county_staff",
        "county_admin",
        "trust_withdrawn",
    ),
    "ot_staff",
    "unit_leader",
    "other_leader",
    "admin",
    "anonymous",
)
# People from other organisations on the child's team (tests/world.py). Each gets, row by row,
# exactly what the named person of the child's own municipality gets: an organisation's member
# with consent is an ordinary member (the team they are on and nothing else of the
# municipality), its staff without consent an outsider, a member after withdrawal has nothing
# left, and the organisation's administrator – no unit, only the admin – has, like someone
# who left their unit, only their own empty work list.
LIKE = {
    "county_member": "peer",
    "county_staff": "outsider",
    "trust_withdrawn": "withdrawn",
    "county_admin": "departed",
    # Staff of the county's follow-up service (OT), not on the child's team: an outsider, but
    # for their own unit's work list (a row names them where they get more).
    "ot_staff": "outsider",
}


@dataclass(frozen=True)
class Row:
    name: str
    args: Callable[[World], list]
    allowed: dict[str, int]  # person -> status when allowed; everyone else gets 404
    method: str = "GET"
    child: Callable[[World], object] | None = lambda w: w.child.pk
    variant: str = ""
    # A page that names no child but is still a read of personal data writes one event of
    # this kind, on no child (the unit leader's gap list).
    unit_read: str = ""

    @property
    def key(self) -> str:
        return f"{self.name}{'#' + self.variant if self.variant else ''} {self.method}"


def team(w: World) -> list:
    return [w.team.pk]


TEAM_READERS = {"coordinator": 200, "member": 200, "peer": 200}
TEAM_COORDINATOR = {"coordinator": 200, "member": 403, "peer": 403}
STAFF = dict.fromkeys(
    (
        "coordinator",
        "member",
        "peer",
        "withdrawn",
        "invited",
        "colleague",
        "outsider",
        "foreigner",
        "unit_leader",
        "other_leader",
    ),
    200,
)
# The school's staff, for a level-1 concern that stays there: its leader works there too.
SCHOOL = {"coordinator": 200, "colleague": 200, "unit_leader": 200}

MATRIX: tuple[Row, ...] = (
    Row("concerns:new", lambda w: [], STAFF, child=None),
    Row("concerns:guide", lambda w: [], STAFF, child=None),
    Row(
        "teams:work",
        lambda w: [],
        {**STAFF, "departed": 200, "analyst": 200, "leader": 200, "admin": 200},
        child=None,
    ),
    # The team's concern (level 2): its responsible person and the consented team.
    Row("concerns:detail", lambda w: [w.concern.pk], TEAM_READERS),
    Row(
        "concerns:edit",
        lambda w: [w.concern.pk],
        {"coordinator": 200, "member": 403, "peer": 403},
    ),
    # A level-1 concern stays in the school: the colleague there sees and may act on it.
    Row(
        "concerns:detail",
        lambda w: [w.small_concern.pk],
        SCHOOL,
        child=lambda w: w.small_concern.child_id,
        variant="level1",
    ),
    Row(
        "concerns:edit",
        lambda w: [w.small_concern.pk],
        SCHOOL,
        child=lambda w: w.small_concern.child_id,
        variant="level1",
    ),
    Row(
        "concerns:team_open",
        lambda w: [w.small_concern.pk],
        {"coordinator": 200, "colleague": 403, "unit_leader": 403},
        child=lambda w: w.small_concern.child_id,
    ),
    # Who must consent, asked while the units are ticked when opening the team (htmx).
    Row(
        "concerns:team_open_givers",
        lambda w: [w.small_concern.pk],
        {"coordinator": 200, "colleague": 403, "unit_leader": 403},
        child=lambda w: w.small_concern.child_id,
    ),
    Row(
        "concerns:report",
        lambda w: [w.small_concern.pk],
        SCHOOL,
        child=lambda w: w.small_concern.child_id,
    ),
    Row(
        "concerns:close",
        lambda w: [w.small_concern.pk],
        SCHOOL,
        child=lambda w: w.small_concern.child_id,
    ),
    Row(
        "concerns:measure_new",
        lambda w: [w.small_concern.pk],
        SCHOOL,
        child=lambda w: w.small_concern.child_id,
    ),
    Row(
        "concerns:measure_evaluate",
        lambda w: [w.small_concern.pk, w.small_concern.measures.get().pk],
        SCHOOL,
        child=lambda w: w.small_concern.child_id,
    ),
    Row(
        "concerns:report_pdf",
        lambda w: [ChildWelfareReport.objects.get(reporter=w.colleague).pk],
        {"colleague": 200, "coordinator": 200},
        child=lambda w: w.small_concern.child_id,
    ),
    # A report whose reporter has since left the school: no longer theirs to print; the
    # concern's responsible person (still in the school) keeps it.
    Row(
        "concerns:report_pdf",
        lambda w: [ChildWelfareReport.objects.get(reporter=w.departed).pk],
        {"coordinator": 200},
        child=lambda w: w.small_concern.child_id,
        variant="reporter-left",
    ),
    Row("teams:detail", team, TEAM_READERS),
    Row("teams:log_add", team, {"coordinator": 302, "member": 302, "peer": 302}, method="POST"),
    Row("teams:invite", team, TEAM_COORDINATOR),
    Row("teams:invitation", team, {"invited": 200}),
    Row("teams:invite_unit", team, TEAM_COORDINATOR),
    # The school is invited as a unit: anyone working there may see and answer the invitation
    # (the coordinator too, though already on the team); not whoever has left it.
    Row(
        "teams:unit_invitation",
        lambda w: [w.team.pk, UnitInvitation.objects.get(team=w.team, unit=w.school).pk],
        {"colleague": 200, "coordinator": 200, "unit_leader": 200},
    ),
    Row(
        "teams:leave",
        lambda w: [w.team.pk, TeamMember.objects.get(team=w.team, user=w.member).pk],
        {"coordinator": 302, "member": 302, "peer": 403},
        method="POST",
    ),
    Row("teams:meeting_new", team, TEAM_READERS),
    Row("teams:meeting", lambda w: [w.team.pk, w.meeting.pk], TEAM_READERS),
    Row("teams:task_new", team, TEAM_READERS),
    Row(
        "teams:task_owner",
        lambda w: [w.team.pk, Task.objects.get(team=w.team, title="Matrise").pk],
        TEAM_COORDINATOR,
    ),
    # The member's own task: they and the coordinator may complete it; another ordinary
    # member of the team may not.
    Row(
        "teams:task_done",
        lambda w: [Task.objects.get(team=w.team, title="Matrise").pk],
        {"coordinator": 302, "member": 302, "peer": 403},
        method="POST",
    ),
    Row("teams:handover_new", team, TEAM_COORDINATOR),
    Row(
        "teams:handover_answer",
        lambda w: [w.team.pk, w.team.handovers.get().pk],
        {"member": 200},
    ),
    Row("teams:close", team, TEAM_COORDINATOR),
    # The facts behind the legal duties (rights.duties): the coordinator records them.
    Row("teams:duty_facts", team, TEAM_COORDINATOR),
    Row("teams:access_log", team, TEAM_COORDINATOR),
    Row("teams:consents", team, TEAM_READERS),
    Row("teams:consent_givers", team, TEAM_READERS),
    Row("teams:share", team, TEAM_READERS),
    Row("teams:guardian_new", team, TEAM_READERS),
    Row("teams:consent_withdraw", lambda w: [w.team.pk, w.consent.pk], TEAM_READERS),
    Row("plans:plan", team, TEAM_READERS),
    Row("plans:pdf", team, TEAM_READERS),
    Row("plans:goal_new", team, TEAM_READERS),
    Row("plans:goal_edit", lambda w: [w.team.pk, w.plan.goals.get().pk], TEAM_READERS),
    Row("plans:measure_new", team, TEAM_READERS),
    Row("plans:measure_edit", lambda w: [w.team.pk, w.measure.pk], TEAM_READERS),
    Row("plans:evaluate", lambda w: [w.team.pk, w.measure.pk], TEAM_READERS),
    # Public statistics: the analyst (their county) and the municipal leader (their
    # municipality); aggregates only, so no child's access log gets a line.
    # The reporter and the reporting unit's leader record child welfare's receipt.
    Row(
        "concerns:report_receipt",
        lambda w: [ChildWelfareReport.objects.get(reporter=w.colleague).pk],
        {"colleague": 200, "coordinator": 200, "unit_leader": 200},
        child=lambda w: w.small_concern.child_id,
    ),
    # The school's gap list: its leader only, not its staff, other leaders or the admin. It
    # names no child, and its read is one event on the unit.
    Row(
        "gaps:unit",
        lambda w: [w.school.pk],
        {"unit_leader": 200},
        child=None,
        unit_read="unit_gaps",
    ),
    # A team coordinated from the school by someone who has left it: its leader chooses a new
    # coordinator (the read is in that child's access log).
    Row(
        "gaps:coordinator",
        lambda w: [w.school.pk, _stranded_team(w).pk],
        {"unit_leader": 200},
        child=lambda w: _stranded_team(w).child_id,
    ),
    # The follow-up service's work list: the people who work in the OT unit, nobody else – not
    # the county's other staff (with or without consent), its administrator, leaders or
    # analysts. It names only young people whose consent covers OT; its read is one event on
    # the unit.
    Row(
        "gaps:follow_up",
        lambda w: [w.ot.pk],
        {"ot_staff": 200},
        child=None,
        unit_read="follow_up_list",
    ),
    # Transitions (docs/transitions.md). The team's list and the page of an open transition:
    # the team, and on the receiving side the staff of the county's school (a consent covers
    # it) – the county member as a member, the county staff as the school's staff.
    Row("transitions:team", team, TEAM_READERS),
    Row("transitions:new", team, TEAM_COORDINATOR),
    Row(
        "transitions:detail",
        lambda w: [_transition(w, "upper_secondary").pk],
        {**TEAM_READERS, "county_staff": 200},
    ),
    # Declined by NAV: the team still sees it, NAV's staff (the invited person) no longer.
    Row(
        "transitions:detail",
        lambda w: [_transition(w, "nav").pk],
        TEAM_READERS,
        variant="declined",
    ),
    # The school's incoming list: its staff; it names no child, one event on the unit.
    Row(
        "transitions:incoming",
        lambda w: [w.upper_secondary.pk],
        {"county_member": 200, "county_staff": 200},
        child=None,
        unit_read="unit_transitions",
    ),
    Row("oversikt:statistics", lambda w: [], {"analyst": 200, "leader": 200}, child=None),
    Row("oversikt:statistics_csv", lambda w: [], {"analyst": 200, "leader": 200}, child=None),
    # The municipal leader's overview (effect goals and indicators from the work): the same
    # people; staff, administrators and anonymous visitors do not find it.
    Row("oversikt:municipality", lambda w: [], {"analyst": 200, "leader": 200}, child=None),
    Row("oversikt:municipality_csv", lambda w: [], {"analyst": 200, "leader": 200}, child=None),
    Row("oversikt:municipality_pdf", lambda w: [], {"analyst": 200, "leader": 200}, child=None),
    # Places side by side: analysts only. The follow-up programme: the county's analyst reads
    # and writes (a form without its fields is 400), the leader of a programme municipality
    # reads (403 on a write). No child's data, so no read event (see FOLLOWUP below for the
    # whole cast: other county, national analyst, other municipality).
    Row("oversikt:places", lambda w: [], {"analyst": 200}, child=None),
    Row("oversikt:places_csv", lambda w: [], {"analyst": 200}, child=None),
    Row("oversikt:programmes", lambda w: [], {"analyst": 200, "leader": 200}, child=None),
    Row(
        "oversikt:programmes",
        lambda w: [],
        {"analyst": 400, "leader": 403},
        method="POST",
        child=None,
    ),
    Row("oversikt:notes", lambda w: [], {"analyst": 200, "leader": 200}, child=None),
    Row(
        "oversikt:programme",
        lambda w: [_programme(w).pk],
        {"analyst": 200, "leader": 200},
        child=None,
    ),
    Row(
        "oversikt:programme",
        lambda w: [_programme(w).pk],
        {"analyst": 400, "leader": 403},
        method="POST",
        child=None,
    ),
    # The municipality's grant programme: its leader and administrator read and record (a
    # form without its fields is 400); the analyst sees the aggregates only. No child.
    Row("grants:programme", lambda w: [], {"leader": 200, "admin": 200}, child=None),
    Row(
        "grants:programme",
        lambda w: [],
        {"leader": 400, "admin": 400},
        method="POST",
        child=None,
    ),
    Row(
        "grants:report_done",
        lambda w: [_grant_report(w)],
        {"leader": 302, "admin": 302},
        method="POST",
        child=None,
    ),
    Row("grants:aggregates", lambda w: [], {"analyst": 200}, child=None),
)


def _programme(w: World) -> Programme:
    """The world's analyst's programme in Telemark, with Porsgrunn (the leader's)."""
    found = Programme.objects.filter(title="Matrise").first()
    if found is not None:
        return found
    porsgrunn = w.school.municipality
    return programme_create(
        actor=w.analyst, county=porsgrunn.county, title="Matrise", municipalities=[porsgrunn]
    )


def _grant_report(w: World) -> int:
    """A report owed on a grant of Porsgrunn (the leader's and the administrator's)."""
    found = GrantReport.objects.first()
    if found is not None:
        return found.pk
    scheme = Scheme.objects.create(
        key="matrise",
        name="Matriseordning",
        owner="bufdir",
        purpose="-",
        applicants="-",
        target_group="-",
        reporting="-",
        regulation="-",
        url="https://example.invalid/",
        status="open",
        status_year=2026,
        source_url="https://example.invalid/",
        checked_on=datetime.date(2026, 1, 1),
        loaded_at=timezone.now(),
    )
    grant = grant_record(
        actor=w.leader,
        municipality=w.school.municipality,
        scheme=scheme,
        status="granted",
        amount_applied=100,
        amount_granted=100,
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 12, 31),
        measures="Tiltak",
        units=[],
        report_dates=[datetime.date(2027, 1, 31)],
    )
    return grant.reports.get().pk


def _transition(w: World, unit: str) -> Transition:
    return Transition.objects.get(team=w.team, to_unit=getattr(w, unit))


def _stranded_team(w: World) -> Team:
    return Team.objects.exclude(pk=w.team.pk).get()


def _route_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns: list, namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and namespace in (*CHILD_APPS, *AGGREGATE_APPS):
                names.add(f"{namespace}:{pattern.name}")

    walk(get_resolver().url_patterns, "")
    return names - PUBLIC_ROUTES


def test_every_url_that_touches_a_child_or_shows_aggregates_is_in_the_matrix():
    assert _route_names() == {row.name for row in MATRIX}


@pytest.mark.django_db
def test_public_pages_answer_everyone(world):
    _grant_report(world)
    urls = [reverse("grants:catalogue"), reverse("grants:scheme", args=["matrise"])]
    for person in ("anonymous", "coordinator", "analyst", "leader", "foreigner"):
        client = _client(world, person)
        for url in urls:
            assert client.get(url).status_code == 200, f"{url} as {person}"


def _client(world: World, person: str) -> Client:
    if person == "anonymous":
        return Client()
    return verified_client(getattr(world, person))


def _prepare(world: World) -> None:
    # The county's follow-up service, in Porsgrunn, with one person working there.
    world.ot = UnitFactory(  # type: ignore[attr-defined]
        municipality=world.school.municipality,
        organisation=world.county,
        name="OT Telemark",
        sector=Sector.FOLLOW_UP_SERVICE,
    )
    world.ot_staff = UserFactory(username="ot_staff")  # type: ignore[attr-defined]
    member(world.ot_staff, world.ot)  # type: ignore[attr-defined]
    task_create(
        actor=world.coordinator,
        team=world.team,
        title="Matrise",
        owner=world.member,
        due_on=timezone.localdate() + datetime.timedelta(days=3),
    )
    unit_measure_add(
        actor=world.coordinator,
        concern=world.small_concern,
        title="Samtale med kontaktlærer hver uke",
        owner=world.colleague,
        starts_on=timezone.localdate(),
        evaluate_on=timezone.localdate() + datetime.timedelta(days=30),
    )
    welfare_report_send(
        actor=world.colleague,
        unit=world.school,
        child=world.small_concern.child,
        concern=world.small_concern,
        grounds="Grunnlag for matrisen.",
        urgent=False,
        guardians_informed=True,
    )
    welfare_report_send(
        actor=world.departed,
        unit=world.school,
        child=world.small_concern.child,
        concern=world.small_concern,
        grounds="Sendt før vedkommende sluttet.",
        urgent=False,
        guardians_informed=True,
    )
    # The departed coordinated a second child's team for the school, with the health station's
    # member on it, before leaving: the team now has no reachable coordinator.
    other = child_register(
        actor=world.departed,
        unit=world.school,
        given_name="Emil",
        family_name="Matrisesen",
        birth_date=datetime.date(2010, 3, 3),
        guardians=[GuardianData("Eva Matrisesen", "mor", True, "+47 41 00 00 02")],
    )
    stranded_concern = concern_raise(
        actor=world.departed,
        unit=world.school,
        child=other,
        observed="Til matrisen.",
        level=Level.OWN_UNIT,
    )
    stranded = team_open(
        actor=world.departed,
        concern=stranded_concern,
        consent=_consent(world.departed, other, [world.school, world.health]),
        level=Level.COLLABORATION,
    )
    invitation = member_invite(
        actor=world.departed, team=stranded, user=world.member, unit=world.health
    )
    member_respond(actor=world.member, member=invitation, accept=True)
    leave_unit(world.departed, world.school)
    unit_invite(actor=world.coordinator, team=world.team, unit=world.school)
    for unit in (world.upper_secondary, world.nav):
        transition_start(
            actor=world.coordinator,
            team=world.team,
            from_unit=world.school,
            kind=TransitionKind.LOWER_UPPER_SECONDARY,
            to_unit=unit,
            starts_on=timezone.localdate() + datetime.timedelta(days=100),
            note="Til matrisen.",
            young_person_words="Jeg trenger ro.",
        )
    transition_answer(
        actor=world.invited, transition=_transition(world, "nav"), accept=False, note="Ikke oss."
    )
    handover_propose(
        actor=world.coordinator,
        team=world.team,
        to_user=world.member,
        to_unit=world.health,
        transition="other",
        note="Til test.",
    )


POST_DATA = {"kind": "note", "text": "Notat fra matrisen"}


@pytest.mark.django_db
@pytest.mark.parametrize("person", PERSONS)
@pytest.mark.parametrize("row", MATRIX, ids=lambda row: row.key)
def test_access_matrix(world, row: Row, person: str):
    _prepare(world)
    client = _client(world, person)
    url = reverse(row.name, args=row.args(world))
    before = AccessEvent.objects.count()
    reading = AccessEvent.objects.filter(action__in=READ_ACTIONS)
    before_reads = reading.count()
    response = client.post(url, POST_DATA) if row.method == "POST" else client.get(url)
    if person == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("people:login"))
        assert AccessEvent.objects.count() == before
        return
    # A row may name someone of another organisation on their own (the receiving county
    # school's staff); otherwise they get what the person they are like gets.
    expected = row.allowed.get(person, row.allowed.get(LIKE.get(person, person), 404))
    assert response.status_code == expected, f"{row.key} as {person}"
    new_reads = reading.order_by("id")[before_reads:]
    if expected == 200 and row.method == "GET" and row.unit_read:
        reads = list(new_reads)
        assert len(reads) == 1, f"{row.key} as {person}: {len(reads)} read events"
        assert reads[0].object_type == row.unit_read
        assert reads[0].child_id is None
        assert reads[0].actor == getattr(world, person)
        assert reads[0].legal_basis
    elif expected == 200 and row.method == "GET" and row.child is not None:
        reads = list(new_reads)
        assert len(reads) == 1, f"{row.key} as {person}: {len(reads)} read events"
        assert reads[0].child_id == row.child(world)
        assert reads[0].actor == getattr(world, person)
        assert reads[0].legal_basis
    elif expected != 200 or row.child is None:
        assert not list(new_reads), f"{row.key} as {person} wrote a read event"
    args = row.args(world)
    if expected == 404 and row.method == "GET" and args and isinstance(args[-1], uuid.UUID):
        # Forbidden looks exactly like missing, so a URL never tells whether something exists.
        missing = client.get(url.replace(str(args[-1]), str(uuid.uuid4())))
        assert missing.status_code == 404
        assert without_tokens(missing.content) == without_tokens(response.content)


@pytest.mark.django_db
def test_the_chain_verifies_after_every_kind_of_access(world):
    _prepare(world)
    for person in ("coordinator", "member", "colleague"):
        client = _client(world, person)
        for row in MATRIX:
            if row.method == "GET":
                client.get(reverse(row.name, args=row.args(world)))
    assert access_events_verify().problems == []


# The follow-up programme and the places side by side, for the cast they are about: a
# programme of Finnmark with Nesseby. Status per person; everyone else gets 404. No page
# writes a read event (no child, nothing personal); an allowed write writes exactly one
# event, on no child; a denied one writes nothing.
FOLLOWUP_CAST = (
    "analyst_county",
    "analyst_other_county",
    "analyst_national",
    "leader_programme",
    "leader_other",
    "professional",
    "admin",
    "anonymous",
)
FOLLOWUP_READERS = {"analyst_county": 200, "analyst_national": 200, "leader_programme": 200}
# The lists: every analyst, and every municipal leader (their own county's shared notes).
FOLLOWUP_LISTS = {**FOLLOWUP_READERS, "analyst_other_county": 200, "leader_other": 200}
FOLLOWUP: tuple[tuple[str, str, dict[str, int], dict[str, str]], ...] = (
    (
        "oversikt:places",
        "GET",
        {"analyst_county": 200, "analyst_other_county": 200, "analyst_national": 200},
        {},
    ),
    (
        "oversikt:places_csv",
        "GET",
        {"analyst_county": 200, "analyst_other_county": 200, "analyst_national": 200},
        {},
    ),
    (
        "oversikt:programmes",
        "GET",
        {**FOLLOWUP_READERS, "analyst_other_county": 200, "leader_other": 200},
        {},
    ),
    (
        "oversikt:programmes",
        "POST",
        {
            "analyst_county": 302,
            "analyst_national": 403,
            "leader_programme": 403,
            "leader_other": 403,
            "analyst_other_county": 400,  # Nesseby is no municipality of their county
        },
        {"title": "Nytt program", "municipalities": "5636"},
    ),
    (
        "oversikt:notes",
        "GET",
        {**FOLLOWUP_READERS, "analyst_other_county": 200, "leader_other": 200},
        {},
    ),
    ("oversikt:programme", "GET", FOLLOWUP_READERS, {}),
    (
        "oversikt:programme",
        "POST",
        {"analyst_county": 302, "analyst_national": 403, "leader_programme": 403},
        {"form": "goal", "goal-text": "Et mål fra matrisen", "goal-municipality": ""},
    ),
)


@pytest.fixture
def followup_cast(db):
    nesseby, alta, porsgrunn = municipality("5636"), municipality("5601"), municipality("4001")
    people = {}
    for name, county in (
        ("analyst_county", nesseby.county),
        ("analyst_other_county", porsgrunn.county),
        ("analyst_national", None),
    ):
        people[name] = UserFactory(username=name)
        AnalystAccess.objects.create(user=people[name], county=county, organisation="SF")
    for name, place in (("leader_programme", nesseby), ("leader_other", alta)):
        people[name] = UserFactory(username=name)
        Membership.objects.create(user=people[name], municipality=place, role=Role.MUNICIPAL_LEADER)
    people["professional"] = UserFactory(username="professional")
    member(people["professional"], UnitFactory(municipality=nesseby))
    people["admin"] = UserFactory(username="admin")
    admin_of(people["admin"], nesseby)
    programme = programme_create(
        actor=people["analyst_county"],
        county=nesseby.county,
        title="Matrise Finnmark",
        municipalities=[nesseby],
    )
    return people, programme


@pytest.mark.django_db
@pytest.mark.parametrize("person", FOLLOWUP_CAST)
@pytest.mark.parametrize("row", FOLLOWUP, ids=lambda row: f"{row[0]} {row[1]}")
def test_followup_access_matrix(followup_cast, row, person: str):
    people, programme = followup_cast
    name, method, allowed, data = row
    args = [programme.pk] if name == "oversikt:programme" else []
    url = reverse(name, args=args)
    client = Client() if person == "anonymous" else verified_client(people[person])
    before = AccessEvent.objects.count()
    reads = AccessEvent.objects.filter(action__in=READ_ACTIONS).count()
    response = client.post(url, data) if method == "POST" else client.get(url)
    if person == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("people:login"))
        assert AccessEvent.objects.count() == before
        return
    expected = allowed.get(person, 404)
    assert response.status_code == expected, f"{name} {method} as {person}"
    assert AccessEvent.objects.filter(action__in=READ_ACTIONS).count() == reads
    written = AccessEvent.objects.order_by("id")[before:]
    if method == "POST" and expected == 302:
        events = list(written)
        assert len(events) == 1
        assert events[0].child_id is None
        assert events[0].action == Action.CREATE
        assert events[0].actor == people[person]
    else:
        assert not [event for event in written if event.object_type.startswith("followup_")]
    if expected == 404 and args:
        missing = client.get(reverse(name, args=[programme.pk + 1000]))
        assert missing.status_code == 404
        assert without_tokens(missing.content) == without_tokens(response.content)


# --- moving municipality (docs/access-model.md#moving-municipality) -----------------------------
# The world's child moves from Porsgrunn to Skien (tests/moving.py): the health station in Skien
# receives the coordinator role; the consent keeps Porsgrunn's health station for a transition
# period, not the school. Each page before the move is accepted and after.
MOVE_PERSONS = (
    "receiver",  # health station in Skien: offered the role, then the coordinator
    "skien_staff",  # works there too, never on the team
    "coordinator",  # the school in Porsgrunn: coordinator before, gone after
    "member",  # Porsgrunn's health station: kept for the transition period
    "member_after_period",  # the same member once the period has ended
    "county_member",  # the county's school serves Skien too: stays
)
BEFORE = {"coordinator": 200, "member": 200, "member_after_period": 200, "county_member": 200}
AFTER = {"receiver": 200, "member": 200, "county_member": 200}


@dataclass(frozen=True)
class MoveRow:
    name: str
    args: Callable[[World], list]
    before: dict[str, int]
    after: dict[str, int]


MOVE_MATRIX: tuple[MoveRow, ...] = (
    MoveRow("teams:detail", team, BEFORE, AFTER),
    MoveRow("concerns:detail", lambda w: [w.concern.pk], BEFORE, AFTER),
    MoveRow("plans:plan", team, BEFORE, AFTER),
    MoveRow("teams:meeting", lambda w: [w.team.pk, w.meeting.pk], BEFORE, AFTER),
    MoveRow("teams:consents", team, BEFORE, AFTER),
    # Only the receiver sees the open hand-over; once accepted it is no longer open.
    MoveRow(
        "teams:handover_answer",
        lambda w: [w.team.pk, w.team.handovers.get().pk],
        {"receiver": 200},
        {},
    ),
)


@pytest.mark.django_db
@pytest.mark.parametrize("state", ["before", "after"])
@pytest.mark.parametrize("person", MOVE_PERSONS)
@pytest.mark.parametrize("row", MOVE_MATRIX, ids=lambda row: row.name)
def test_move_access_matrix(world, row: MoveRow, person: str, state: str):
    move = move_propose(world)
    users = {"receiver": move.receiver, "skien_staff": move.skien_staff}
    user = users.get(person) or getattr(world, person.removesuffix("_after_period"))
    if state == "after":
        handover_respond(actor=move.receiver, handover=move.handover, accept=True)
        if person == "member_after_period":
            TeamMember.objects.filter(team=world.team, user=user).update(
                leaves_on=timezone.localdate() - datetime.timedelta(days=1)
            )
    client = verified_client(user)
    args = row.args(world)
    url = reverse(row.name, args=args)
    reading = AccessEvent.objects.filter(action__in=READ_ACTIONS)
    before_reads = reading.count()
    response = client.get(url)
    expected = (row.before if state == "before" else row.after).get(person, 404)
    assert response.status_code == expected, f"{row.name} {state} as {person}"
    reads = list(reading.order_by("id")[before_reads:])
    if expected == 200:
        assert len(reads) == 1, f"{row.name} {state} as {person}: {len(reads)} read events"
        assert (reads[0].child_id, reads[0].actor) == (world.child.pk, user)
        # The case's reads go on the chain of the municipality that holds it.
        assert reads[0].chain == ("4001" if state == "before" else "4003")
        assert reads[0].legal_basis
    else:
        assert not reads
        missing = client.get(url.replace(str(args[-1]), str(uuid.uuid4())))
        assert missing.status_code == 404
        assert without_tokens(missing.content) == without_tokens(response.content)


@pytest.mark.django_db
def test_both_chains_verify_after_a_move_and_reads_on_both_sides(world):
    move = move_propose(world)
    for person in (world.coordinator, move.receiver):
        client = verified_client(person)
        for row in MOVE_MATRIX:
            client.get(reverse(row.name, args=row.args(world)))
    handover_respond(actor=move.receiver, handover=move.handover, accept=True)
    for person in (world.coordinator, move.receiver, world.member):
        client = verified_client(person)
        for row in MOVE_MATRIX[:-1]:
            client.get(reverse(row.name, args=row.args(world)))
    assert access_events_verify().problems == []


# --- the directory's review of needs suggested from a service's text (docs/directory.md) -------
# Who may decide is who may edit the service (directory.access.service_editable_by): its owner,
# its municipality's administrators and operators. Everyone else – staff of the same unit or
# municipality, another municipality's administrator – gets 404, as for a missing service. No
# page reads a child; an allowed decision writes exactly one event, a denied one nothing.
DIRECTORY_CAST = (
    "owner",
    "municipal_admin",
    "operator",
    "colleague",
    "outsider",
    "foreigner",
    "other_admin",
    "anonymous",
)
DIRECTORY_EDITORS = ("owner", "municipal_admin", "operator")
DIRECTORY: tuple[tuple[str, str, dict[str, int]], ...] = (
    ("directory:service_needs", "GET", dict.fromkeys(DIRECTORY_EDITORS, 200)),
    ("directory:service_needs", "POST", dict.fromkeys(DIRECTORY_EDITORS, 302)),
)


@pytest.fixture
def directory_cast(cast):
    from directory.reference import taxonomies_load
    from directory.tests.factories import service

    taxonomies_load()
    entry = service(
        "Samtaletilbud for unge",
        municipality=municipality("4001"),
        description="Samtaler for deg som sliter med angst.",
    )
    entry.owner = cast.owner
    entry.save(update_fields=["owner"])
    people = {
        "owner": cast.owner,
        "colleague": cast.colleague,
        "outsider": cast.outsider,
        "foreigner": cast.foreigner,
        "municipal_admin": UserFactory(username="municipal_admin"),
        "other_admin": UserFactory(username="other_admin"),
        "operator": UserFactory(username="operator", is_superuser=True, is_staff=True),
    }
    admin_of(people["municipal_admin"], municipality("4001"))
    admin_of(people["other_admin"], municipality("4003"))
    return people, entry


@pytest.mark.django_db
@pytest.mark.parametrize("person", DIRECTORY_CAST)
@pytest.mark.parametrize("row", DIRECTORY, ids=lambda row: f"{row[0]} {row[1]}")
def test_directory_access_matrix(directory_cast, row, person: str):
    from directory.models import ClassificationStatus, ServiceClassification

    people, entry = directory_cast
    name, method, allowed = row
    suggestion = ServiceClassification.objects.get(
        service=entry, taxonomy_term__code="need:mental-health"
    )
    data = {f"decision_{suggestion.id.hex}": "confirm"}
    url = reverse(name, args=[entry.id])
    client = Client() if person == "anonymous" else verified_client(people[person])
    before = AccessEvent.objects.count()
    response = client.post(url, data) if method == "POST" else client.get(url)
    suggestion.refresh_from_db()
    written = list(AccessEvent.objects.order_by("id")[before:])
    if person == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("people:login"))
        assert written == []
        assert suggestion.status == ClassificationStatus.SUGGESTED
        return
    expected = allowed.get(person, 404)
    assert response.status_code == expected, f"{name} {method} as {person}"
    assert not [event for event in written if event.child_id is not None]
    if method == "POST" and expected == 302:
        assert [(e.action, e.object_type, e.actor) for e in written] == [
            (Action.UPDATE, "directory.service_classification", people[person])
        ]
        assert suggestion.status == ClassificationStatus.CONFIRMED
    else:
        assert not [e for e in written if e.object_type.startswith("directory.")]
        assert suggestion.status == ClassificationStatus.SUGGESTED
    if expected == 404:
        missing = client.get(reverse(name, args=[uuid.uuid4()]))
        assert missing.status_code == 404
        assert without_tokens(missing.content) == without_tokens(response.content)


# --- system clients (people/clients.py, docs/api.md) -----------------------------------------
# A municipal administrator registers, rotates and revokes the system clients of their own
# municipality; an administrator of another municipality has a page of their own (without the
# client) and 404 for the client; everyone else 404. No page reads a child.
CLIENT_CAST = (
    "admin",
    "other_admin",
    "coordinator",
    "colleague",
    "unit_leader",
    "leader",
    "analyst",
    "county_admin",
    "anonymous",
)
SYSTEM_CLIENTS: tuple[tuple[str, str, dict[str, int]], ...] = (
    ("people:system_clients", "GET", {"admin": 200, "other_admin": 200}),
    ("people:system_client_rotate", "POST", {"admin": 200}),
    ("people:system_client_revoke", "POST", {"admin": 302}),
)


def test_every_system_client_url_is_in_its_matrix():
    _prefix, people_urls = get_resolver().namespace_dict["people"]
    names = {
        f"people:{pattern.name}"
        for pattern in people_urls.url_patterns
        if isinstance(pattern, URLPattern) and "system_client" in (pattern.name or "")
    }
    assert names == {name for name, _method, _allowed in SYSTEM_CLIENTS}


@pytest.mark.django_db
@pytest.mark.parametrize("person", CLIENT_CAST)
@pytest.mark.parametrize("row", SYSTEM_CLIENTS, ids=lambda row: f"{row[0]} {row[1]}")
def test_system_client_access_matrix(world, row, person: str):
    from people.clients import system_client_register

    client_row, _secret = system_client_register(
        admin=world.admin, unit=world.school, name="Fagsystem", scopes=["children:read"], days=9
    )
    other_admin = UserFactory(username="other_admin")
    admin_of(other_admin, municipality("4003"))
    name, method, allowed = row
    args = [] if name == "people:system_clients" else [client_row.pk]
    url = reverse(name, args=args)
    user = other_admin if person == "other_admin" else getattr(world, person, None)
    client = Client() if person == "anonymous" else verified_client(user)
    before = AccessEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    response = client.post(url) if method == "POST" else client.get(url)
    written = list(AccessEvent.objects.filter(id__gt=before))
    client_row.refresh_from_db()
    assert not [event for event in written if event.child_id is not None]
    if person == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("people:login"))
        return
    expected = allowed.get(person, 404)
    assert response.status_code == expected, f"{name} {method} as {person}"
    if method == "GET":
        assert ("Fagsystem" in response.content.decode()) == (person == "admin")
    changed = client_row.revoked_at is not None or client_row.rotated_at is not None
    assert changed == (method == "POST" and expected != 404)
    if expected == 404 and args:
        missing = client.post(reverse(name, args=[client_row.pk + 1000]))
        assert missing.status_code == 404
        assert without_tokens(missing.content) == without_tokens(response.content)


# --- the knowledge base (docs/knowledge.md) -------------------------------------------------
# Published national material is public. A municipality's local routine is for its staff (and
# its knowledge editors); anyone else, anonymous included, gets 404 as for a missing material.
# Drafts and the editors' pages are for the editors of their scope only: a national editor for
# national material, a municipal editor for its municipality's routines; everyone else 404
# (anonymous: the log-in page for the pages behind log-in). No page reads personal data; an
# allowed publish writes exactly one event, a denied one nothing.
KNOWLEDGE_CAST = (
    "national_editor",
    "municipal_editor",
    "other_editor",
    "colleague",
    "foreigner",
    "operator",
    "anonymous",
)
EVERYONE = dict.fromkeys(KNOWLEDGE_CAST, 200)
KNOWLEDGE_EDITORS = {"national_editor": 200, "municipal_editor": 200, "other_editor": 200}
KNOWLEDGE: tuple[tuple[str, str, str, dict[str, int]], ...] = (
    ("knowledge:search", "", "GET", EVERYONE),
    ("knowledge:material", "national", "GET", EVERYONE),
    # Porsgrunn's routine: its staff and its editor.
    ("knowledge:material", "routine", "GET", {"colleague": 200, "municipal_editor": 200}),
    ("knowledge:material", "draft", "GET", {"national_editor": 200}),
    ("knowledge:editing", "", "GET", KNOWLEDGE_EDITORS),
    ("knowledge:material_new", "", "GET", KNOWLEDGE_EDITORS),
    ("knowledge:material_edit", "national", "GET", {"national_editor": 200}),
    ("knowledge:material_edit", "routine", "GET", {"municipal_editor": 200}),
    ("knowledge:material_publish", "draft", "POST", {"national_editor": 302}),
    ("knowledge:material_publish", "routine", "POST", {"municipal_editor": 302}),
)
PUBLIC_KNOWLEDGE = {"knowledge:search", "knowledge:material"}


@pytest.fixture
def knowledge_cast(cast):
    from knowledge.services import MaterialData, editor_appoint, material_create

    porsgrunn, skien = municipality("4001"), municipality("4003")
    people = {
        "national_editor": UserFactory(username="national_editor"),
        "municipal_editor": UserFactory(username="municipal_editor"),
        "other_editor": UserFactory(username="other_editor"),
        "colleague": cast.colleague,
        "foreigner": cast.foreigner,
        "operator": UserFactory(username="operator", is_superuser=True, is_staff=True),
    }
    editor_appoint(actor=None, user=people["national_editor"], municipality=None)
    editor_appoint(actor=None, user=people["municipal_editor"], municipality=porsgrunn)
    editor_appoint(actor=None, user=people["other_editor"], municipality=skien)

    def made(kind: str, title: str, *, publish: bool, where=None):
        data = MaterialData(kind=kind, title=title, publisher="P", summary="S.", municipality=where)
        return material_create(actor=None, data=data, publish=publish)

    materials = {
        "national": made("guide", "Veileder", publish=True),
        # Porsgrunn's routine, a draft until a row reads it published.
        "routine": made("local_routine", "Rutine", publish=False, where=porsgrunn),
        "draft": made("report", "Utkast", publish=False),
    }
    return people, materials


def _ask_as(people: dict, person: str, name: str, args: list, method: str):
    """One request of a row of a scoped matrix: the client, its response and the events it
    wrote, none of them about a child."""
    client = Client() if person == "anonymous" else verified_client(people[person])
    url = reverse(name, args=args)
    before = AccessEvent.objects.count()
    response = client.post(url) if method == "POST" else client.get(url)
    written = list(AccessEvent.objects.order_by("id")[before:])
    assert not [event for event in written if event.child_id is not None]
    return client, response, written


def _sent_to_log_in(response, written) -> None:
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("people:login"))
    assert written == []


def _missing_answers_the_same(client: Client, name: str, method: str, response) -> None:
    """A missing object answers 404 exactly as a forbidden one."""
    other = reverse(name, args=[uuid.uuid4()])
    missing = client.post(other) if method == "POST" else client.get(other)
    assert missing.status_code == 404
    assert without_tokens(missing.content) == without_tokens(response.content)


@pytest.mark.django_db
@pytest.mark.parametrize("person", KNOWLEDGE_CAST)
@pytest.mark.parametrize("row", KNOWLEDGE, ids=lambda row: f"{row[0]}#{row[1]} {row[2]}")
def test_knowledge_access_matrix(knowledge_cast, row, person: str):
    from knowledge.models import Material, Status

    people, materials = knowledge_cast
    name, variant, method, allowed = row
    material = materials.get(variant)
    if name == "knowledge:material" and variant == "routine":
        # Reading a routine: once published (the fixture keeps it a draft for publishing).
        Material.objects.filter(pk=material.pk).update(
            status=Status.PUBLISHED, published_at=timezone.now()
        )
    args = [material.id] if material is not None else []
    client, response, written = _ask_as(people, person, name, args, method)
    if person == "anonymous" and name not in PUBLIC_KNOWLEDGE:
        _sent_to_log_in(response, written)
        return
    expected = allowed.get(person, 404)
    assert response.status_code == expected, f"{name}#{variant} {method} as {person}"
    if method == "POST" and expected == 302:
        assert [(e.action, e.object_type, e.actor) for e in written] == [
            (Action.UPDATE, "knowledge.material", people[person])
        ]
        material.refresh_from_db()
        assert material.status == Status.PUBLISHED
    else:
        assert not [e for e in written if e.object_type.startswith("knowledge.")]
    if expected == 404 and args:
        _missing_answers_the_same(client, name, method, response)


def test_every_knowledge_url_is_in_its_matrix():
    from knowledge.urls import urlpatterns

    assert {f"knowledge:{pattern.name}" for pattern in urlpatterns} == {row[0] for row in KNOWLEDGE}


# --- the review of the rights table (docs/rights.md#review) ----------------------------------
# The age limits, the check, the map of duties and the table's history are public. The review
# pages are for national rule editors only; everyone else gets 404 (anonymous: the log-in page),
# a knowledge editor and an operator too. A proposal is decided by a rule editor other than its
# proposer: the proposer gets 400 with a clear error and nothing is written. An allowed decision
# writes exactly one event; no page reads personal data.
RIGHTS_CAST = (
    "proposer",
    "second_editor",
    "knowledge_editor",
    "colleague",
    "operator",
    "anonymous",
)
RIGHTS_EVERYONE = dict.fromkeys(RIGHTS_CAST, 200)
RULE_EDITORS = {"proposer": 200, "second_editor": 200}
RIGHTS: tuple[tuple[str, str, str, dict[str, int]], ...] = (
    ("rights:age_limits", "", "GET", RIGHTS_EVERYONE),
    ("rights:check", "", "GET", RIGHTS_EVERYONE),
    ("rights:duties", "", "GET", RIGHTS_EVERYONE),
    ("rights:history", "", "GET", RIGHTS_EVERYONE),
    ("rights:reviews", "", "GET", RULE_EDITORS),
    ("rights:review_new", "", "GET", RULE_EDITORS),
    ("rights:review_approve", "open", "POST", {"proposer": 400, "second_editor": 302}),
    ("rights:review_reject", "open", "POST", {"proposer": 400, "second_editor": 302}),
)
PUBLIC_RIGHTS = {"rights:age_limits", "rights:check", "rights:duties", "rights:history"}


@pytest.fixture
def rights_cast(cast):
    from knowledge.services import editor_appoint
    from rights.models import ReviewKind
    from rights.selectors import age_limits_table
    from rights.services import ReviewData, rule_editor_appoint, rule_review_propose

    people = {
        "proposer": UserFactory(username="proposer"),
        "second_editor": UserFactory(username="second_editor"),
        "knowledge_editor": UserFactory(username="knowledge_editor"),
        "colleague": cast.colleague,
        "operator": UserFactory(username="operator", is_superuser=True, is_staff=True),
    }
    rule_editor_appoint(actor=None, user=people["proposer"])
    rule_editor_appoint(actor=None, user=people["second_editor"])
    editor_appoint(actor=None, user=people["knowledge_editor"], municipality=None)
    review = rule_review_propose(
        actor=people["proposer"],
        data=ReviewData(
            rule_id=age_limits_table(domain="health")[0].rules[0].id,
            kind=ReviewKind.CORRECTION,
            source="NOU 2020: 14 kapittel 17",
            proposed_text="§ 4-4",
        ),
    )
    return people, {"open": review}


@pytest.mark.django_db
@pytest.mark.parametrize("person", RIGHTS_CAST)
@pytest.mark.parametrize("row", RIGHTS, ids=lambda row: f"{row[0]}#{row[1]} {row[2]}")
def test_rights_access_matrix(rights_cast, row, person: str):
    from rights.models import ReviewStatus

    people, reviews = rights_cast
    name, variant, method, allowed = row
    review = reviews.get(variant)
    args = [review.pk] if review is not None else []
    client, response, written = _ask_as(people, person, name, args, method)
    if person == "anonymous" and name not in PUBLIC_RIGHTS:
        _sent_to_log_in(response, written)
        return
    expected = allowed.get(person, 404)
    assert response.status_code == expected, f"{name}#{variant} {method} as {person}"
    if review is not None:
        review.refresh_from_db()
    if method == "POST" and expected == 302:
        assert [(e.action, e.object_type, e.actor) for e in written] == [
            (Action.UPDATE, "rights.rulereview", people[person])
        ]
        assert review is not None
        assert review.status != ReviewStatus.PROPOSED
    else:
        assert not [e for e in written if e.object_type.startswith("rights.")]
        assert review is None or review.status == ReviewStatus.PROPOSED
    if expected == 404 and args:
        _missing_answers_the_same(client, name, method, response)


def test_every_rights_url_is_in_its_matrix():
    from rights.urls import urlpatterns

    assert {f"rights:{pattern.name}" for pattern in urlpatterns} == {row[0] for row in RIGHTS}


# --- the digest by e-mail (docs/digest.md) --------------------------------------------------
# Subscribing, confirming, the subscriber's page and unsubscribing are public: the signed link
# is the key (a forged one is 404 for everyone). The editors' preview is for the national
# editors of the knowledge base; everyone else 404, anonymous the log-in page.
DIGEST: tuple[tuple[str, str, dict[str, int]], ...] = (
    ("digest:subscribe", "", EVERYONE),
    ("digest:confirm", "confirm", EVERYONE),
    ("digest:subscription", "subscription", EVERYONE),
    ("digest:unsubscribe", "unsubscribe", EVERYONE),
    ("digest:editor_preview", "", {"national_editor": 200}),
)
PUBLIC_DIGEST = {"digest:subscribe", "digest:confirm", "digest:subscription", "digest:unsubscribe"}


@pytest.mark.django_db
@pytest.mark.parametrize("person", KNOWLEDGE_CAST)
@pytest.mark.parametrize("row", DIGEST, ids=lambda row: row[0])
def test_digest_access_matrix(knowledge_cast, row, person: str):
    from digest.models import Subscription
    from digest.tokens import UNSUBSCRIBE_SALT, confirm_token, subscription_token

    people, _ = knowledge_cast
    name, variant, allowed = row
    subscription = Subscription.objects.create(email="kari@example.no", confirmed_at=timezone.now())
    tokens = {
        "confirm": confirm_token({"e": "ny@example.no", "n": [], "s": [], "a": [], "l": "nb"}),
        "subscription": subscription_token(subscription.pk),
        "unsubscribe": subscription_token(subscription.pk, salt=UNSUBSCRIBE_SALT),
    }
    args = [tokens[variant]] if variant else []
    client = Client() if person == "anonymous" else verified_client(people[person])
    response = client.get(reverse(name, args=args))
    if person == "anonymous" and name not in PUBLIC_DIGEST:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("people:login"))
        return
    assert response.status_code == allowed.get(person, 404), f"{name} as {person}"
    if args:
        assert client.get(reverse(name, args=["forged"])).status_code == 404
    assert Subscription.objects.count() == 1  # a GET changes nothing


def test_every_digest_url_is_in_its_matrix():
    from digest.urls import urlpatterns

    assert {f"digest:{pattern.name}" for pattern in urlpatterns} == {row[0] for row in DIGEST}
