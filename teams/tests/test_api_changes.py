"""The change feed (`GET /api/v1/changes`): what changed among the objects one may see, ids and
times only, read from the access log's writes without writing to it."""

from __future__ import annotations

import base64
import datetime
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audit.models import AccessEvent, Action
from children.services import child_register
from concerns.models import Level
from concerns.services import concern_raise
from consents.models import Consent, InformationKind, Method
from consents.services import consent_record, consent_withdraw
from core.api import PROBLEM_JSON, VALIDATION_PROBLEM
from people.tokens import api_token_issue
from teams.models import Team
from teams.selectors_changes import TEAM_PART_TYPES
from teams.services import log_note_add, task_create, team_close, team_open
from tests.api_client import ApiClient, api_client_for, prepare

pytestmark = pytest.mark.django_db

CHANGES = reverse("api_v1:changes")


def _team_around(actor, unit, name: str) -> Team:
    """A team of `actor`'s around a new child registered in `unit`, on a legal basis."""
    child = child_register(
        actor=actor,
        unit=unit,
        given_name=name,
        family_name="Hemmeligsen",
        birth_date=datetime.date(2013, 3, 3),
    )
    concern = concern_raise(actor=actor, unit=unit, child=child, observed="Hemmelig uro.")
    consent = consent_record(
        actor=actor,
        child=child,
        units=[unit],
        information_kinds=[InformationKind.PLAN],
        purpose="Samarbeid",
        text="Opplysningsplikt.",
        method=Method.NOT_APPLICABLE,
        kind="legal_basis",
        legal_reference="barnevernsloven § 13-2",
        valid_from=timezone.localdate(),
    )
    return team_open(actor=actor, concern=concern, consent=consent, level=Level(2))


def _feed(client, **params) -> dict:
    query = "&".join(f"{key}={value}" for key, value in params.items())
    response = client.get(f"{CHANGES}?{query}" if query else CHANGES)
    assert response.status_code == 200, response.content[:300]
    assert response["Cache-Control"] == "no-store"
    return response.json()


def _everything(client, *, limit: int = 100, after: str = "") -> tuple[list[dict], str]:
    """Every change after `after`, page by page, and the cursor after the last."""
    items: list[dict] = []
    for _page in range(200):
        page = _feed(client, limit=limit, **({"after": after} if after else {}))
        items += page["items"]
        after = page["next"]
        if not page["has_more"]:
            return items, after
    raise AssertionError("the feed did not end")


def _ids(items: list[dict]) -> set[tuple[str, str]]:
    return {(item["type"], item["id"]) for item in items}


def test_the_coordinator_sees_the_changes_of_the_team_and_the_concerns(world):
    items, _cursor = _everything(api_client_for(world.coordinator))
    ids = _ids(items)
    assert ("team", str(world.team.pk)) in ids
    assert ("concern", str(world.concern.pk)) in ids
    assert ("concern", str(world.small_concern.pk)) in ids
    assert ("plan", str(world.plan.pk)) in ids
    assert ("measure", str(world.measure.pk)) in ids
    assert ("meeting", str(world.meeting.pk)) in ids
    assert ("consent", str(world.consent.pk)) in ids
    assert {"created", "updated"} <= {item["change"] for item in items}
    team_items = [item for item in items if item["type"] == "measure"]
    assert team_items[0]["team"] == str(world.team.pk)
    assert team_items[0]["child"] == str(world.child.pk)


def test_the_feed_holds_no_names_and_no_texts(world):
    response = api_client_for(world.coordinator).get(f"{CHANGES}?limit=100")
    body = response.content.decode()
    for personal in ("Sara", "Testesen", "Jonas", "Mye fravær", "Samtaler med", "møterom"):
        assert personal not in body
    assert all(
        set(item) == {"type", "id", "change", "changed_at", "child", "team"}
        for item in response.json()["items"]
    )


def test_another_municipalitys_and_another_teams_changes_are_absent(world):
    skien_team = _team_around(world.foreigner, world.skien_health, "Skienbarn")
    other_team = _team_around(world.outsider, world.primary, "Tvetenbarn")
    task_create(
        actor=world.outsider,
        team=other_team,
        title="Ring mor",
        owner=world.outsider,
        due_on=timezone.localdate(),
    )
    coordinators, _cursor = _everything(api_client_for(world.coordinator))
    foreign = {str(skien_team.pk), str(skien_team.concern_id), str(skien_team.child_id)}
    other = {str(other_team.pk), str(other_team.concern_id), str(other_team.child_id)}
    seen = {item["id"] for item in coordinators} | {item["child"] for item in coordinators}
    assert not seen & (foreign | other)
    assert {item["child"] for item in coordinators} == {
        str(world.child.pk),
        str(world.small_concern.child_id),
    }
    # And the other way round: the foreigner sees their own team and nothing of Porsgrunn.
    foreigners, _cursor = _everything(api_client_for(world.foreigner))
    assert {item["child"] for item in foreigners} == {str(skien_team.child_id)}
    assert ("team", str(skien_team.pk)) in _ids(foreigners)


@pytest.mark.parametrize(
    ("person", "children"),
    [
        ("member", "sara"),
        ("colleague", "jonas"),  # Jonas's level 1 concern in the school, not Sara's team
        ("withdrawn", ""),  # on the team, but the consent no longer covers PPT
        ("invited", ""),  # invited, not yet a member
        ("outsider", ""),
        ("departed", ""),
        ("analyst", ""),
    ],
)
def test_each_person_sees_the_changes_they_may_read(world, person, children):
    prepare(world)  # the person who has left the school
    items, _cursor = _everything(api_client_for(getattr(world, person)))
    expected = {
        "sara": {str(world.child.pk)},
        "jonas": {str(world.small_concern.child_id)},
        "": set(),
    }[children]
    assert {item["child"] for item in items} == expected
    if person == "colleague":
        assert _ids(items) == {("concern", str(world.small_concern.pk))}


def test_polling_writes_no_access_events_and_reading_a_change_is_recorded(world):
    client = api_client_for(world.coordinator)
    before = AccessEvent.objects.count()
    for _poll in range(10):
        page = _feed(client, limit=100)
    assert AccessEvent.objects.count() == before
    # Reading an object the feed named goes through its access helper, recorded as ever.
    team_id = next(item["team"] for item in page["items"] if item["type"] == "meeting")
    assert client.get(reverse("api_v1:team", args=[team_id])).status_code == 200
    reads = AccessEvent.objects.filter(action=Action.READ).order_by("-id")
    assert AccessEvent.objects.count() == before + 1
    assert reads[0].child_id == world.child.pk
    assert reads[0].actor == world.coordinator


def test_the_cursor_pages_through_every_change_once_and_then_waits_for_new_ones(world):
    client = api_client_for(world.coordinator)
    whole, cursor = _everything(client)
    paged, paged_cursor = _everything(client, limit=2)
    assert len(whole) > 4
    assert paged == whole
    assert paged_cursor == cursor
    # Nothing new: an empty page and the same cursor, however often one asks.
    again = _feed(client, after=cursor)
    assert again == {"items": [], "next": cursor, "has_more": False}
    # A new write comes on the next poll, and only it.
    entry = log_note_add(
        actor=world.member, team=world.team, kind="note", text="Ny avtale med mor."
    )
    later = _feed(client, after=cursor)
    assert [(item["type"], item["id"], item["change"]) for item in later["items"]] == [
        ("log_entry", str(entry.pk), "created")
    ]
    assert later["next"] != cursor
    assert _feed(client, after=later["next"])["items"] == []


def test_a_change_in_another_municipality_keeps_its_own_place_in_the_cursor(world):
    """A county member sees teams in several municipalities: each chain has its own place."""
    skien_team = _team_around(world.foreigner, world.skien_health, "Skienbarn")
    client = api_client_for(world.foreigner)
    first, cursor = _everything(client)
    assert first
    decoded = json.loads(base64.urlsafe_b64decode(cursor + "=="))
    assert set(decoded["c"]) == {skien_team.municipality.number}
    log_note_add(actor=world.foreigner, team=skien_team, kind="note", text="Notat.")
    later, _cursor = _everything(client, after=cursor)
    assert [item["type"] for item in later] == ["log_entry"]


def _cursor_of(data: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "after",
    [
        "x",
        "not a cursor!",
        _cursor_of({"v": 2, "c": {}}),
        _cursor_of({"v": 1, "c": []}),
        _cursor_of({"v": 1, "c": {"4001": -1}}),
        _cursor_of({"v": 1, "c": {"4001": "12"}}),
        _cursor_of({"v": 1, "c": {"4001": 1.0}}),
        _cursor_of({"v": 1, "c": {"../x": 1}}),
        _cursor_of({"v": 1, "c": {}, "extra": 1}),
        _cursor_of([1, 2]),
        "a" * 9000,
    ],
)
def test_a_bad_cursor_is_a_field_error(world, after):
    response = api_client_for(world.coordinator).get(f"{CHANGES}?after={after}")
    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM_JSON
    assert response.json()["type"] == VALIDATION_PROBLEM
    assert list(response.json()["errors"]) == ["after"]


@pytest.mark.parametrize("params", ["limit=0", "limit=101", "limit=x", "since=1"])
def test_bad_parameters_are_field_errors(world, params):
    response = api_client_for(world.coordinator).get(f"{CHANGES}?{params}")
    assert response.status_code == 400
    assert response.json()["type"] == VALIDATION_PROBLEM


def test_a_nul_in_the_cursor_is_a_field_error(world):
    response = api_client_for(world.coordinator).get(f"{CHANGES}?after=ab%00cd")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["after"]


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    # Not counted: PostgreSQL's setting of the request's database scope (tenancy.scope).
    return sum("set_config" not in query["sql"] for query in context.captured_queries)


def test_a_page_takes_the_same_queries_whatever_its_size_and_the_number_of_teams(world):
    client = api_client_for(world.coordinator)
    client.get(CHANGES)  # the token's first use is noted once
    small = _queries(client, f"{CHANGES}?limit=1")
    for i in range(4):
        team = _team_around(world.coordinator, world.school, f"Ekstra{i}")
        log_note_add(actor=world.coordinator, team=team, kind="note", text="Notat.")
    large = _queries(client, f"{CHANGES}?limit=100")
    assert large == small
    # The user's teams, their units and the concerns there, then the access log: besides
    # authenticating the token, a handful.
    assert small <= 8


def test_reading_the_feed_needs_the_teams_read_scope(world):
    _token, raw = api_token_issue(user=world.coordinator, name="t", scopes=["concerns:read"])
    response = ApiClient(token=raw).get(CHANGES)
    assert response.status_code == 403
    assert "teams:read" in response.json()["detail"]


def test_a_team_one_has_lost_is_no_longer_in_the_feed(world):
    """The feed shows what one may see now: once no consent covers the member's unit, none of
    the team's changes, old or new."""
    client = api_client_for(world.member)
    assert _everything(client)[0]
    for consent in Consent.objects.filter(child=world.child, withdrawn_at__isnull=True):
        consent_withdraw(actor=world.coordinator, consent=consent, withdrawn_by="Sara")
    assert _everything(client)[0] == []


def test_a_new_teams_coordinator_sees_none_of_the_old_closed_teams_parts(world):
    """A child with an old closed team and a new one: the feed matches a team's parts by the
    team its event names, not by the child, so the new team's coordinator gets nothing of the
    old team (its log, tasks, members), and the old team's parts keep their own team."""
    old = world.team
    old_note = log_note_add(actor=world.coordinator, team=old, kind="note", text="Gammelt notat.")
    team_close(actor=world.coordinator, team=old, reason="Avsluttet.", final_evaluation="Bedre nå.")
    concern = concern_raise(
        actor=world.outsider, unit=world.primary, child=world.child, observed="Ny uro."
    )
    consent = consent_record(
        actor=world.outsider,
        child=world.child,
        units=[world.primary],
        information_kinds=[InformationKind.PLAN],
        purpose="Samarbeid",
        text="Opplysningsplikt.",
        method=Method.NOT_APPLICABLE,
        kind="legal_basis",
        legal_reference="barnevernsloven § 13-2",
        valid_from=timezone.localdate(),
    )
    new = team_open(actor=world.outsider, concern=concern, consent=consent, level=Level(2))
    new_note = log_note_add(actor=world.outsider, team=new, kind="note", text="Nytt notat.")
    old_parts = {
        str(pk)
        for pk in AccessEvent.objects.filter(detail__team=str(old.pk)).values_list(
            "object_id", flat=True
        )
    }
    assert str(old_note.pk) in old_parts

    items, _after = _everything(api_client_for(world.outsider))
    assert ("log_entry", str(new_note.pk)) in _ids(items)
    assert not {item["id"] for item in items} & old_parts
    assert {item["team"] for item in items if item["type"] in TEAM_PART_TYPES} == {str(new.pk)}
