"""The access matrix of the JSON API (DESIGN §5): every operation under /api/v1/, for every kind
of person, with a bearer token carrying that person's rights.

One table states what each person gets; the test enumerates the `api_v1` URL patterns and their
methods, so an operation that is not in the table fails here. Every allowed read of a child's
data writes exactly one access event (lists: one per child in the page); a denied one writes
none and answers exactly like a missing one. Every answer is checked against the OpenAPI
document by the client."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AccessEvent, Action
from audit.selectors import access_events_verify
from conftest import verified_client
from people.clients import system_client_register
from people.tokens import ALL_SCOPES
from teams.models import TeamMember
from teams.services import handover_respond
from tests.api_client import (
    CALLS,
    ApiClient,
    Call,
    api_client_for,
    api_operations,
    prepare,
    system_client_token,
)
from tests.moving import move_propose
from tests.world import World

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
    *(
        "county_member",
        "county_staff",
        "county_admin",
        "trust_withdrawn",
    ),
    "school_client",
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
    # A system client registered for the school with every scope: a member of the school who
    # is on no team, as the colleague is (people/clients.py).
    "school_client": "colleague",
}
STAFF = (
    "coordinator",
    "member",
    "peer",
    "withdrawn",
    "invited",
    "colleague",
    "outsider",
    "foreigner",
)
# Everyone logged in, also someone with no unit any more (their own, empty lists).
EVERYONE = dict.fromkeys((*STAFF, "departed", "analyst"), 200)
TEAM_READERS = {"coordinator": 200, "member": 200, "peer": 200}
TEAM_WRITERS = {"coordinator": 201, "member": 201, "peer": 201}
COORDINATOR_ONLY = {"coordinator": 200, "member": 403, "peer": 403}


def sara(world: World) -> object:
    return world.child.pk


def jonas(world: World) -> object:
    return world.small_concern.child_id


@dataclass(frozen=True)
class Row:
    name: str
    method: str
    allowed: dict[str, int]  # person -> status; every other person gets 404, anonymous 401
    child: Callable[[World], object] | None = sara  # whose data a GET reads
    # For lists of several children: whose names each person's page holds.
    listed: dict[str, tuple[Callable[[World], object], ...]] | None = None
    call: Call | None = None  # instead of the operation's usual call (tests/api_client.py)
    public: bool = False
    variant: str = ""
    # A POST that shows a child's data (the look-up by identity number) and so records a read.
    reads: bool = False

    @property
    def key(self) -> str:
        return f"{self.method} {self.name}{'#' + self.variant if self.variant else ''}"


MATRIX: tuple[Row, ...] = (
    Row("root", "GET", {}, child=None, public=True),
    Row("openapi", "GET", {}, child=None, public=True),
    Row("me", "GET", EVERYONE, child=None),
    # The change feed: ids and times only, for everyone logged in; it records no read.
    Row("changes", "GET", EVERYONE, child=None),
    # Sara by her identity number: the same people as her record by id, recorded as a read.
    Row("child_lookup", "POST", TEAM_READERS, reads=True),
    Row("child", "GET", TEAM_READERS),
    # Jonas's concern stays at level 1 in the school: its colleague there sees him.
    Row(
        "child",
        "GET",
        {"coordinator": 200, "colleague": 200},
        child=jonas,
        call=Call(lambda w: [w.small_concern.child_id]),
        variant="level1",
    ),
    Row(
        "concerns",
        "GET",
        EVERYONE,
        child=None,
        listed={"coordinator": (sara, jonas), "colleague": (jonas,)},
    ),
    # Everyone with a unit may raise a concern, but only in their own unit (here the school).
    Row(
        "concerns",
        "POST",
        {
            **dict.fromkeys(STAFF, 400),
            "coordinator": 201,
            "colleague": 201,
            "departed": 403,
            "analyst": 403,
        },
    ),
    Row("concern", "GET", TEAM_READERS),
    Row(
        "concern",
        "GET",
        {"coordinator": 200, "colleague": 200},
        child=jonas,
        call=Call(lambda w: [w.small_concern.pk]),
        variant="level1",
    ),
    Row(
        "teams",
        "GET",
        EVERYONE,
        child=None,
        listed={"coordinator": (sara,), "member": (sara,), "peer": (sara,)},
    ),
    Row("team", "GET", TEAM_READERS),
    Row("team_members", "GET", TEAM_READERS),
    Row("team_members", "POST", {"coordinator": 201, "member": 403, "peer": 403}),
    Row("team_candidates", "GET", COORDINATOR_ONLY),
    Row("team_unit_candidates", "GET", COORDINATOR_ONLY),
    Row("team_unit_invitations", "GET", TEAM_READERS),
    Row("team_unit_invitations", "POST", {"coordinator": 201, "member": 403, "peer": 403}),
    # The school is invited as a unit: anyone working there may answer for it. The coordinator
    # works there too but is on the team already; the person who left the school may not.
    Row("team_unit_invitation_answer", "POST", {"colleague": 200, "coordinator": 409}),
    Row("team_consents", "GET", TEAM_READERS),
    Row("team_consents", "POST", TEAM_WRITERS),
    Row("team_consent_withdraw", "POST", TEAM_READERS),
    Row("team_plan", "GET", TEAM_READERS),
    # The team has its plan already: a second one is refused, to those who may write.
    Row("team_plan", "POST", {"coordinator": 409, "member": 409, "peer": 409}),
    Row("team_goals", "POST", TEAM_WRITERS),
    Row("team_goal", "GET", TEAM_READERS),
    Row("team_goal", "PATCH", TEAM_READERS),
    Row("team_measures", "POST", TEAM_WRITERS),
    Row("team_measure", "GET", TEAM_READERS),
    Row("team_measure", "PATCH", TEAM_READERS),
    Row("team_log", "GET", TEAM_READERS),
    Row("team_log", "POST", TEAM_WRITERS),
    Row("team_meetings", "GET", TEAM_READERS),
    Row("team_meetings", "POST", TEAM_WRITERS),
    Row("team_tasks", "GET", TEAM_READERS),
    Row("team_tasks", "POST", TEAM_WRITERS),
    # The member owns the task; the coordinator may complete anyone's; another ordinary member
    # of the team may not.
    Row("task_complete", "POST", {"coordinator": 200, "member": 200, "peer": 403}),
)


def test_every_api_operation_is_in_the_matrix():
    assert api_operations() == {(row.name, row.method) for row in MATRIX}


def test_every_api_operation_has_a_valid_call():
    assert api_operations() == set(CALLS)


def _client(world: World, person: str) -> ApiClient:
    if person == "anonymous":
        return ApiClient()
    if person == "school_client":
        client, secret = system_client_register(
            admin=world.admin, unit=world.school, name="Fagsystem", scopes=ALL_SCOPES, days=30
        )
        world.school_client = client.user  # type: ignore[attr-defined]
        return ApiClient(token=system_client_token(client, secret))
    return api_client_for(getattr(world, person))


def _request(client: ApiClient, row: Row, world: World, args: list) -> object:
    call = row.call or CALLS[(row.name, row.method)]
    url = reverse(f"api_v1:{row.name}", args=args)
    if call.body is None:
        return client.request(row.method, url)
    return client.request(row.method, url, call.body(world))


def _args(row: Row, world: World) -> list:
    return (row.call or CALLS[(row.name, row.method)]).args(world)


@pytest.mark.django_db
@pytest.mark.parametrize("person", PERSONS)
@pytest.mark.parametrize("row", MATRIX, ids=lambda row: row.key)
def test_api_access_matrix(world, row: Row, person: str):
    prepare(world)
    client = _client(world, person)
    args = _args(row, world)
    before = AccessEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    response = _request(client, row, world, args)
    events = list(AccessEvent.objects.filter(id__gt=before).order_by("id"))
    reads = [event for event in events if event.action == Action.READ]
    if row.public:
        assert response.status_code == 200
        assert not events
        return
    if person == "anonymous":
        assert response.status_code == 401
        assert response["WWW-Authenticate"].startswith("Bearer")
        assert not events
        return
    expected = row.allowed.get(LIKE.get(person, person), 404)
    assert response.status_code == expected, f"{row.key} as {person}: {response.content[:300]}"
    actor = getattr(world, person)
    if expected == 200 and row.method == "GET" and row.listed is not None:
        listed = {str(child(world)) for child in row.listed.get(LIKE.get(person, person), ())}
        assert {str(item["child"]["id"]) for item in response.json()["items"]} == listed
        assert sorted(str(event.child_id) for event in reads) == sorted(listed)
        assert all(event.actor == actor and event.purpose.startswith("API") for event in reads)
    elif expected == 200 and (row.method == "GET" or row.reads) and row.child is not None:
        assert len(reads) == 1, f"{row.key} as {person}: {len(reads)} read events"
        assert reads[0].child_id == row.child(world)
        assert reads[0].actor == actor
        assert reads[0].legal_basis
    else:
        assert not reads, f"{row.key} as {person} wrote a read event"
    if expected in (200, 201) and row.method != "GET" and not row.reads:
        # A write is audited by the service that makes it.
        assert any(event.action in (Action.CREATE, Action.UPDATE) for event in events)
    if expected == 404 and args and isinstance(args[-1], uuid.UUID):
        # Forbidden answers exactly as missing, so an answer never tells what exists.
        missing = _request(client, row, world, [*args[:-1], uuid.uuid4()])
        assert missing.status_code == 404
        assert missing.content == response.content


@pytest.mark.django_db
@pytest.mark.parametrize("person", ["coordinator", "colleague", "outsider"])
def test_a_verified_session_gets_what_a_token_gets(world, person):
    prepare(world)
    session = ApiClient(verified_client(getattr(world, person)))
    token = _client(world, person)
    for row in MATRIX:
        if row.method == "GET":
            args = _args(row, world)
            assert (
                _request(session, row, world, args).status_code
                == _request(token, row, world, args).status_code
            ), row.key


@pytest.mark.django_db
def test_the_chain_verifies_after_every_kind_of_api_access(world):
    prepare(world)
    for person in ("coordinator", "member", "colleague", "outsider"):
        client = _client(world, person)
        for row in MATRIX:
            if row.method == "GET":
                _request(client, row, world, _args(row, world))
    assert access_events_verify().problems == []


# --- moving municipality (docs/access-model.md#moving-municipality) -----------------------------
# The same move as the page matrix (tests/moving.py, tests/test_access_matrix.py): before the
# move is accepted and after, for the receiver in Skien, a colleague there, the old coordinator,
# the member kept for the transition period (and after it), the county's member.
MOVE_PERSONS = (
    "receiver",
    "skien_staff",
    "coordinator",
    "member",
    "member_after_period",
    "county_member",
)
MOVE_BEFORE = {"coordinator": 200, "member": 200, "member_after_period": 200, "county_member": 200}
MOVE_AFTER = {"receiver": 200, "member": 200, "county_member": 200}
MOVE_ROWS = ("child", "team", "team_members", "team_plan", "team_log", "team_meetings")


@pytest.mark.django_db
@pytest.mark.parametrize("state", ["before", "after"])
@pytest.mark.parametrize("person", MOVE_PERSONS)
@pytest.mark.parametrize("name", MOVE_ROWS)
def test_api_move_access_matrix(world, name: str, person: str, state: str):
    move = move_propose(world)
    users = {"receiver": move.receiver, "skien_staff": move.skien_staff}
    user = users.get(person) or getattr(world, person.removesuffix("_after_period"))
    if state == "after":
        handover_respond(actor=move.receiver, handover=move.handover, accept=True)
        if person == "member_after_period":
            TeamMember.objects.filter(team=world.team, user=user).update(
                leaves_on=timezone.localdate() - datetime.timedelta(days=1)
            )
    client = api_client_for(user)
    row = Row(name, "GET", {})
    args = _args(row, world)
    before = AccessEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    response = _request(client, row, world, args)
    reads = list(AccessEvent.objects.filter(id__gt=before, action=Action.READ))
    expected = (MOVE_BEFORE if state == "before" else MOVE_AFTER).get(person, 404)
    assert response.status_code == expected, f"{name} {state} as {person}"
    if expected == 200:
        assert len(reads) == 1, f"{name} {state} as {person}: {len(reads)} read events"
        assert (reads[0].child_id, reads[0].actor) == (world.child.pk, user)
        assert reads[0].chain == ("4001" if state == "before" else "4003")
    else:
        assert not reads
        missing = _request(client, row, world, [*args[:-1], uuid.uuid4()])
        assert missing.status_code == 404
        assert missing.content == response.content
