"""A forbidden object costs the same work as a missing one (issue 13, finding 7).

The access helpers look an object up through the user's own relations (their units, their team
memberships, what they sent or own), so for someone who may not see it, an object that exists
and one that does not give the same single query with no row. These tests compare the SQL each
helper runs for both. The time the two take through the page is measured by a benchmark, not a
test (`make bench-access`, benchmarks/access_timing.py): before this change a forbidden team took
2–13 ms longer than a missing one (SQLite, PostgreSQL), which told an outsider that it existed.
"""

from __future__ import annotations

import datetime
import re
import uuid
from collections.abc import Callable

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from concerns.access import (
    access_concern,
    access_welfare_report,
    access_welfare_report_receipt,
)
from concerns.services import welfare_report_send
from people.access import access_unit_follow_up, access_unit_led
from people.models import User
from portal.access import portal_access_for
from teams.access import (
    access_child,
    access_task,
    access_team,
    access_team_as_unit_leader,
    access_unit_invitation,
)
from teams.services import task_create, unit_invite
from tests.world import World
from transitions.access import access_transition, access_unit_incoming
from transitions.models import TransitionKind
from transitions.services import transition_start

_UUID = re.compile(
    r"[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}", re.IGNORECASE
)


def _statements(call: Callable[[], object]) -> list[str]:
    """The SQL a refused call runs, with ids and dates replaced by placeholders."""
    with CaptureQueriesContext(connection) as captured, pytest.raises(Http404):
        call()
    return [
        re.sub(r"'\d{4}-\d{2}-\d{2}'", "<date>", _UUID.sub("<id>", query["sql"]))
        for query in captured.captured_queries
    ]


def _objects(world: World) -> dict[str, tuple[Callable[[User, uuid.UUID], object], uuid.UUID]]:
    report = welfare_report_send(
        actor=world.coordinator,
        unit=world.school,
        child=world.child,
        grounds="Fiktive grunner for meldingen.",
        urgent=False,
        guardians_informed=True,
        concern=world.concern,
    )
    task = task_create(
        actor=world.coordinator,
        team=world.team,
        title="Innkalle til møte",
        owner=world.member,
        due_on=datetime.date(2030, 1, 1),
    )
    # An invitation to the health station as a unit: nobody in this test works there.
    invitation = unit_invite(actor=world.coordinator, team=world.team, unit=world.health)
    # A transition from the school to the county's school: nobody in this test works there.
    transition = transition_start(
        actor=world.coordinator,
        team=world.team,
        from_unit=world.school,
        kind=TransitionKind.LOWER_UPPER_SECONDARY,
        to_unit=world.upper_secondary,
        starts_on=datetime.date(2030, 8, 15),
        note="Til tidsmålingen.",
    )
    return {
        "transition": (lambda user, pk: access_transition(user, pk), transition.pk),
        "incoming transitions": (
            lambda user, pk: access_unit_incoming(user, pk),
            world.upper_secondary.pk,
        ),
        "unit invitation": (
            lambda user, pk: access_unit_invitation(user, world.team.pk, pk),
            invitation.pk,
        ),
        "team": (lambda user, pk: access_team(user, pk), world.team.pk),
        "concern": (lambda user, pk: access_concern(user, pk), world.concern.pk),
        "small concern": (lambda user, pk: access_concern(user, pk), world.small_concern.pk),
        "child": (lambda user, pk: access_child(user, pk), world.child.pk),
        "report": (lambda user, pk: access_welfare_report(user, pk), report.pk),
        "task": (lambda user, pk: access_task(user, pk), task.pk),
        "receipt": (lambda user, pk: access_welfare_report_receipt(user, pk), report.pk),
        "gap list": (lambda user, pk: access_unit_led(user, pk), world.school.pk),
        # The county's school is not OT: the same single query as a missing unit.
        "follow-up list": (
            lambda user, pk: access_unit_follow_up(user, pk),
            world.upper_secondary.pk,
        ),
        "new coordinator": (
            lambda user, pk: access_team_as_unit_leader(user, world.school.pk, pk),
            world.team.pk,
        ),
    }


@pytest.mark.parametrize("person", ["outsider", "foreigner", "colleague"])
def test_a_forbidden_object_runs_the_same_queries_as_a_missing_one(world, person):
    user = getattr(world, person)
    for name, (helper, pk) in _objects(world).items():
        if person == "colleague" and name in {"small concern", "child"}:
            continue  # the colleague works in the school and may see these
        forbidden = _statements(lambda helper=helper, pk=pk: helper(user, pk))
        missing = _statements(lambda helper=helper: helper(user, uuid.uuid4()))
        assert forbidden == missing, name
        assert len(forbidden) == 1, name


def test_in_the_portal_another_child_runs_the_same_queries_as_a_missing_one(world):
    """A logged-in young person asking for someone else's record (here: a guardian's number
    that is on no record) and for a record that does not exist."""
    stranger = "02448510185"  # a fictional H-number, on no record in this world

    def statements(child_id: uuid.UUID) -> list[str]:
        with CaptureQueriesContext(connection) as captured:
            assert portal_access_for(pid=stranger, child_id=child_id) is None
        return [_UUID.sub("<id>", query["sql"]) for query in captured.captured_queries]

    forbidden, missing = statements(world.child.pk), statements(uuid.uuid4())
    assert forbidden == missing
    assert len(forbidden) == 1
