"""Moving municipality (issue 9 part 6, docs/access-model.md#moving-municipality): a consent that
allows a move, the hand-over to a unit in the new municipality, the case's rows and both
access-log chains on acceptance, members kept for a transition period, and a declined or failed
move that changes nothing."""

from __future__ import annotations

import datetime

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone, translation

from audit.models import AccessEvent, Action, ChainHead
from audit.selectors import access_events_verify
from audit.services import access_event_record
from children.models import Child
from children.services import child_register
from concerns.models import Level
from concerns.services import concern_raise
from consents.models import GivenBy, InformationKind, Method
from consents.services import consent_record
from laget import moving
from laget.database_scope import municipalities_of_staff
from plans.models import Plan
from teams.models import (
    Handover,
    HandoverStatus,
    MemberRole,
    MemberStatus,
    Task,
    TaskStatus,
    Team,
    TeamMember,
    Transition,
)
from teams.services import handover_propose, handover_respond, moved_members_leave, task_create
from tenancy import scope
from tests.factories import municipality
from tests.moving import KEPT_DAYS, move_propose, moving_consent
from tests.world import FICTIONAL_FNR

pytestmark = pytest.mark.django_db

PORSGRUNN, SKIEN = "4001", "4003"
CASE_APPS = ("children", "concerns", "consents", "teams", "teamlog", "plans", "portal")


def _snapshot(*, skip: tuple[str, ...] = ()) -> dict[str, list[dict]]:
    """Every row of every table of the case's apps, as it is."""
    return {
        model._meta.label: list(model._default_manager.order_by("pk").values())
        for app in CASE_APPS
        for model in apps.get_app_config(app).get_models()
        if model._meta.label not in skip
    }


def _chain_heads() -> dict[str, tuple[int, str]]:
    return {head.chain: (head.sequence, head.hash) for head in ChainHead.objects.all()}


def _a_task_for(world, user):
    return task_create(
        actor=world.coordinator,
        team=world.team,
        title="Send over skolens kartlegging",
        owner=user,
        due_on=timezone.localdate() + datetime.timedelta(days=5),
    )


# --- the consent --------------------------------------------------------------------------------


def _consent_errors(world, **kwargs) -> dict[str, list[str]]:
    arguments = {
        "actor": world.coordinator,
        "child": world.child,
        "units": [world.health],
        "information_kinds": [InformationKind.PLAN],
        "purpose": "Flytting",
        "text": "Samtykke.",
        "method": Method.PAPER,
        "given_by": GivenBy.YOUNG_PERSON_AND_GUARDIANS,
        "guardians": list(world.child.guardians.all()),
        "valid_from": timezone.localdate(),
        **kwargs,
    }
    with translation.override("en"), pytest.raises(ValidationError) as raised:
        consent_record(**arguments)
    return raised.value.message_dict


def test_a_consent_may_name_a_unit_of_the_municipality_the_young_person_moves_to(world):
    consent = moving_consent(world)
    assert consent.moving_to_id == SKIEN
    assert set(consent.units.all()) == {world.health, world.skien_health}
    assert consent.kept_until == timezone.localdate() + datetime.timedelta(days=KEPT_DAYS)


def test_a_unit_of_another_municipality_without_a_move_is_refused(world):
    errors = _consent_errors(world, units=[world.health, world.skien_health])
    assert "serves the child's municipality" in errors["units"][0]


def test_a_move_to_the_home_municipality_or_without_a_unit_there_is_refused(world):
    before = _snapshot()
    assert (
        "already lives in"
        in _consent_errors(world, moving_to=municipality(PORSGRUNN))["moving_to"][0]
    )
    assert (
        "at least one unit in Skien"
        in _consent_errors(world, moving_to=municipality(SKIEN))["units"][0]
    )
    assert _snapshot() == before


def test_a_transition_period_needs_a_move_and_must_lie_inside_the_consent(world):
    today = timezone.localdate()
    assert "only for a move" in _consent_errors(world, kept_until=today)["kept_until"][0]
    errors = _consent_errors(
        world,
        units=[world.health, world.skien_health],
        moving_to=municipality(SKIEN),
        valid_until=today + datetime.timedelta(days=10),
        kept_until=today + datetime.timedelta(days=20),
    )
    assert "longer than the consent" in errors["kept_until"][0]


# --- proposing ----------------------------------------------------------------------------------


def test_a_move_without_a_consent_is_refused(world):
    before = _snapshot()
    with translation.override("en"), pytest.raises(ValidationError) as raised:
        handover_propose(
            actor=world.coordinator,
            team=world.team,
            to_user=world.foreigner,
            to_unit=world.skien_health,
            transition=Transition.MOVING,
            note="Flytter.",
        )
    assert "No consent in force covers" in raised.value.message_dict["to_unit"][0]
    assert _snapshot() == before


def test_a_move_needs_a_consent_that_names_the_new_municipality(world):
    """The county's school serves Skien too and a consent covers it, but that consent allows
    no move: refused on the transition, nothing written."""
    before = _snapshot()
    with translation.override("en"), pytest.raises(ValidationError) as raised:
        handover_propose(
            actor=world.coordinator,
            team=world.team,
            to_user=world.county_staff,
            to_unit=world.upper_secondary,
            transition=Transition.MOVING,
            note="Flytter.",
        )
    assert "A move needs a consent in force" in raised.value.message_dict["transition"][0]
    assert _snapshot() == before


def test_an_ordinary_hand_over_to_another_municipality_is_refused(world):
    moving_consent(world)
    with translation.override("en"), pytest.raises(ValidationError) as raised:
        handover_propose(
            actor=world.coordinator,
            team=world.team,
            to_user=world.foreigner,
            to_unit=world.skien_health,
            transition=Transition.OTHER,
            note="Til Skien.",
        )
    assert "Moving to another municipality" in raised.value.message_dict["to_unit"][0]
    assert not Handover.objects.exists()


def test_the_hand_over_page_offers_the_new_municipality_and_refuses_a_move_without_consent(
    world, client_for
):
    client = client_for(world.coordinator)
    url = reverse("teams:handover_new", args=[world.team.pk])
    assert world.foreigner.display_name() not in client.get(url).content.decode()
    moving_consent(world)
    page = client.get(url).content.decode()
    assert world.foreigner.display_name() in page
    assert "Helsestasjonen i Skien" in page


# --- accepting ----------------------------------------------------------------------------------


def test_accepting_a_move_moves_every_row_of_the_case_and_nothing_else(world):
    task = _a_task_for(world, world.coordinator)
    move = move_propose(world)
    counts = {label: len(rows) for label, rows in _snapshot().items()}
    others_before = {
        label: [row for row in rows if row.get("municipality_id") == PORSGRUNN]
        for label, rows in _snapshot().items()
    }
    handover_respond(actor=move.receiver, handover=move.handover, accept=True)

    for model, path in moving.CASE_TABLES:
        rows = model._default_manager.filter(**{path: world.child.pk})
        assert rows.exists() or model._meta.label in (
            "concerns.UnitMeasure",
            "concerns.ChildWelfareReport",
            "consents.SharingDecision",
            "portal.HealthInformationChoice",
            "transitions.Transition",
        ), model
        assert set(rows.values_list("municipality_id", flat=True)) <= {SKIEN}, model
    # Nothing lost or duplicated: the same number of rows in every table, a log line and the
    # new coordinator's membership aside.
    after = {label: len(rows) for label, rows in _snapshot().items()}
    assert after.pop("teamlog.LogEntry") == counts.pop("teamlog.LogEntry") + 2
    assert after.pop("teams.TeamMember") == counts.pop("teams.TeamMember") + 1
    assert after == counts
    # The other child (Jonas, level 1 in the school) stayed in Porsgrunn.
    jonas = world.small_concern.child
    jonas.refresh_from_db()
    assert jonas.municipality_id == PORSGRUNN
    assert others_before["children.Child"] != []

    world.team.refresh_from_db()
    world.concern.refresh_from_db()
    assert world.team.municipality_id == SKIEN
    assert world.concern.unit == world.skien_health
    assert world.concern.responsible == move.receiver
    status = {m.user.username: (m.status, m.role, m.leaves_on) for m in world.team.members.all()}
    kept_until = timezone.localdate() + datetime.timedelta(days=KEPT_DAYS)
    assert status["foreigner"] == (MemberStatus.ACTIVE, MemberRole.COORDINATOR, None)
    assert status["coordinator"][0] == MemberStatus.LEFT  # the school is not kept
    assert status["member"] == (MemberStatus.ACTIVE, MemberRole.MEMBER, kept_until)
    # The county serves Skien too: its member stays, with no end.
    assert status["county_member"] == (MemberStatus.ACTIVE, MemberRole.MEMBER, None)
    task.refresh_from_db()
    assert task.owner == move.receiver  # the old coordinator's open task is not dropped
    assert Handover.objects.get(pk=move.handover.pk).status == HandoverStatus.ACCEPTED


def test_a_move_writes_moved_out_and_moved_in_events_that_name_each_other(world):
    move = move_propose(world)
    handover_respond(actor=move.receiver, handover=move.handover, accept=True)
    out = AccessEvent.objects.get(action=Action.MOVED_OUT)
    into = AccessEvent.objects.get(action=Action.MOVED_IN)
    assert (out.chain, out.municipality_id, out.child_id) == (PORSGRUNN, PORSGRUNN, world.child.pk)
    assert (into.chain, into.municipality_id, into.child_id) == (SKIEN, SKIEN, world.child.pk)
    assert (out.detail["to_chain"], out.detail["to_sequence"]) == (SKIEN, into.sequence)
    assert into.detail["from_chain"] == PORSGRUNN
    assert (into.detail["from_sequence"], into.detail["from_hash"]) == (out.sequence, out.hash)
    assert out.detail["rows"]["children.Child"] == 1
    # Both chains verify, the pair included; the events after the move are Skien's.
    assert access_events_verify().problems == []
    assert AccessEvent.objects.filter(chain=SKIEN, child_id=world.child.pk).count() > 1


def test_the_verifier_names_a_move_with_only_one_half(world):
    with transaction.atomic():
        access_event_record(
            actor=world.coordinator,
            action=Action.MOVED_OUT,
            object_type="case move",
            child_id=world.child.pk,
            municipality=world.child.municipality,
            detail={"to_chain": SKIEN, "to_sequence": 99},
        )
    problems = access_events_verify().problems
    assert len(problems) == 1
    assert "other half of this move" in problems[0].reason


def test_a_declined_move_changes_nothing(world):
    move = move_propose(world)
    before = _snapshot(skip=("teams.Handover", "teamlog.LogEntry"))
    log = list(world.team.log.values_list("pk", "municipality_id"))
    handover_respond(actor=move.receiver, handover=move.handover, accept=False)
    assert _snapshot(skip=("teams.Handover", "teamlog.LogEntry")) == before
    assert set(world.team.log.values_list("municipality_id", flat=True)) == {PORSGRUNN}
    assert world.team.log.count() == len(log) + 1  # "declined the hand-over"
    assert not AccessEvent.objects.filter(action__in=[Action.MOVED_OUT, Action.MOVED_IN]).exists()


def test_a_move_that_fails_halfway_leaves_every_row_as_it_was(world, monkeypatch):
    _a_task_for(world, world.coordinator)
    move = move_propose(world)
    before = _snapshot()
    heads = _chain_heads()
    events = AccessEvent.objects.count()
    real = moving._rows_move
    calls = []

    def fails_after_half(*args):
        calls.append(args[0])
        moved = real(*args)
        if len(calls) == len(moving.CASE_TABLES) // 2:
            raise RuntimeError("the database went away halfway")
        return moved

    monkeypatch.setattr(moving, "_rows_move", fails_after_half)
    with pytest.raises(RuntimeError, match="halfway"):
        handover_respond(actor=move.receiver, handover=move.handover, accept=True)
    assert len(calls) == len(moving.CASE_TABLES) // 2  # it did move half the tables first
    assert _snapshot() == before
    assert _chain_heads() == heads
    assert AccessEvent.objects.count() == events
    assert Handover.objects.get(pk=move.handover.pk).status == HandoverStatus.OPEN


def test_a_young_person_already_registered_in_the_new_municipality_is_refused(world):
    """We refuse rather than merge: Skien must close its own record first."""
    move = move_propose(world)
    _skien_record(world, move)
    before = _snapshot(skip=("concerns.Concern",))
    with translation.override("en"), pytest.raises(ValidationError) as raised:
        handover_respond(actor=move.receiver, handover=move.handover, accept=True)
    assert "already has a record of this young person" in raised.value.message_dict["answer"][0]
    assert _snapshot(skip=("concerns.Concern",)) == before


def _skien_record(world, move):
    return child_register(
        actor=move.skien_staff,
        unit=world.skien_health,
        given_name="Sara",
        family_name="Testesen",
        birth_date=datetime.date(2012, 1, 1),
        identity_number=FICTIONAL_FNR,
    )


def test_another_open_concern_in_the_old_municipality_stops_the_move(world):
    concern_raise(
        actor=world.outsider,
        unit=world.primary,
        child=world.child,
        observed="Noe annet.",
        level=Level.OWN_UNIT,
    )
    moving_consent(world)
    with translation.override("en"), pytest.raises(ValidationError) as raised:
        handover_propose(
            actor=world.coordinator,
            team=world.team,
            to_user=world.foreigner,
            to_unit=world.skien_health,
            transition=Transition.MOVING,
            note="Flytter.",
        )
    assert "another open concern" in raised.value.message_dict["transition"][0]


# --- the transition period ----------------------------------------------------------------------


def test_a_kept_member_sees_the_team_within_the_period_and_leaves_when_it_ends(world, client_for):
    task = _a_task_for(world, world.member)
    move = move_propose(world)
    handover_respond(actor=move.receiver, handover=move.handover, accept=True)
    client = client_for(world.member)
    url = reverse("teams:detail", args=[world.team.pk])
    assert client.get(url).status_code == 200
    kept = TeamMember.objects.get(team=world.team, user=world.member)
    # The period ended yesterday: the pages close at once, before the job has run.
    TeamMember.objects.filter(pk=kept.pk).update(
        leaves_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    assert client.get(url).status_code == 404
    assert moved_members_leave(today=timezone.localdate()) == 1
    assert moved_members_leave(today=timezone.localdate()) == 0  # idempotent
    kept.refresh_from_db()
    assert kept.status == MemberStatus.LEFT
    task.refresh_from_db()
    assert (task.owner, task.status) == (move.receiver, TaskStatus.OPEN)
    assert access_events_verify().problems == []


def test_without_a_transition_period_the_old_members_leave_at_once(world, client_for):
    move = move_propose(world, kept_days=None)
    handover_respond(actor=move.receiver, handover=move.handover, accept=True)
    member = TeamMember.objects.get(team=world.team, user=world.member)
    assert member.status == MemberStatus.LEFT
    assert (
        client_for(world.member).get(reverse("teams:detail", args=[world.team.pk])).status_code
        == 404
    )


# --- pages --------------------------------------------------------------------------------------


def test_the_receiver_accepts_the_move_on_the_hand_over_page(world, client_for):
    move = move_propose(world)
    client = client_for(move.receiver)
    url = reverse("teams:handover_answer", args=[world.team.pk, move.handover.pk])
    with translation.override("en"):
        page = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    answer = client.post(url, {"answer": "accept", "note": ""})
    assert answer.status_code == 302
    assert client.get(reverse("teams:detail", args=[world.team.pk])).status_code == 200
    old = client_for(world.coordinator)
    assert old.get(reverse("teams:detail", args=[world.team.pk])).status_code == 404
    assert old.get(reverse("concerns:detail", args=[world.concern.pk])).status_code == 404


def test_a_move_no_longer_allowed_shows_the_reason_on_the_answer_page(world, client_for):
    move = move_propose(world)
    _skien_record(world, move)
    client = client_for(move.receiver)
    url = reverse("teams:handover_answer", args=[world.team.pk, move.handover.pk])
    with translation.override("en"):
        answer = client.post(url, {"answer": "accept"}, HTTP_ACCEPT_LANGUAGE="en")
    assert answer.status_code == 200
    assert b"already has a record of this young person" in answer.content
    world.team.refresh_from_db()
    assert world.team.municipality_id == PORSGRUNN
    assert Handover.objects.get(pk=move.handover.pk).status == HandoverStatus.OPEN


# --- the database's wall ------------------------------------------------------------------------


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row-level security is PostgreSQL's")
def test_the_move_runs_in_the_receivers_database_scope_and_closes_the_old_one(world):
    move = move_propose(world)
    assert PORSGRUNN in municipalities_of_staff(user=move.receiver)
    scope.scope_set(municipalities=municipalities_of_staff(user=move.receiver))
    try:
        handover_respond(actor=move.receiver, handover=move.handover, accept=True)
    finally:
        scope.scope_set(municipalities=None)
    old = municipalities_of_staff(user=world.coordinator)
    assert old == [PORSGRUNN]
    scope.scope_set(municipalities=old)
    try:
        assert not Child.objects.filter(pk=world.child.pk).exists()
        assert not Team.objects.filter(pk=world.team.pk).exists()
        assert not Plan.objects.filter(team_id=world.team.pk).exists()
        assert not Task.objects.filter(child_id=world.child.pk).exists()
    finally:
        scope.scope_set(municipalities=None)
    assert SKIEN in municipalities_of_staff(user=world.member)  # kept: reaches the team


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row-level security is PostgreSQL's")
def test_a_scope_without_the_old_municipality_moves_nothing(world):
    move = move_propose(world)
    before = _snapshot()
    scope.scope_set(municipalities=[SKIEN])
    try:
        with pytest.raises(Handover.DoesNotExist):
            handover_respond(actor=move.receiver, handover=move.handover, accept=True)
    finally:
        scope.scope_set(municipalities=None)
    assert _snapshot() == before


def test_moving_rows_that_are_not_in_the_old_municipality_fails_and_moves_nothing(world):
    before = _snapshot()
    with pytest.raises(moving.CaseMoveError), transaction.atomic():
        moving.case_rows_move(
            child_id=world.child.pk,
            from_municipality=municipality(SKIEN),
            to_municipality=municipality("4005"),
        )
    assert _snapshot() == before


def test_the_teams_consent_form_records_a_consent_that_allows_a_move(world, client_for):
    client = client_for(world.coordinator)
    url = reverse("teams:consents", args=[world.team.pk])
    assert "Helsestasjonen i Skien" not in client.get(url).content.decode()
    # "Show the units there" sends the form back unsaved, with the units of Skien offered.
    shown = client.post(url, {"action": "check", "moving_to": SKIEN, "kind": "consent"})
    assert shown.status_code == 200
    assert "Helsestasjonen i Skien" in shown.content.decode()
    today = timezone.localdate()
    guardian = world.child.guardians.get()
    answer = client.post(
        url,
        {
            "kind": "consent",
            "units": [str(world.health.pk), str(world.skien_health.pk)],
            "given_by": GivenBy.YOUNG_PERSON_AND_GUARDIANS,
            "guardians": [str(guardian.pk)],
            "information_kinds": [InformationKind.PLAN],
            "purpose": "Flytting til Skien",
            "text": "Vi samtykker til flyttingen.",
            "method": Method.PAPER,
            "valid_from": today.strftime("%d.%m.%Y"),
            "moving_to": SKIEN,
            "kept_until": (today + datetime.timedelta(days=10)).strftime("%d.%m.%Y"),
        },
    )
    assert answer.status_code == 302, answer.content.decode()[:3000]
    consent = world.child.consents.get(purpose="Flytting til Skien")
    assert (consent.moving_to_id, consent.kept_until) == (
        SKIEN,
        today + datetime.timedelta(days=10),
    )
    # The same units without the move: refused on the units, nothing recorded.
    with translation.override("en"):
        refused = client.post(
            url,
            {
                "kind": "consent",
                "units": [str(world.health.pk), str(world.skien_health.pk)],
                "given_by": GivenBy.YOUNG_PERSON_AND_GUARDIANS,
                "guardians": [str(guardian.pk)],
                "information_kinds": [InformationKind.PLAN],
                "purpose": "Uten flytting",
                "text": "Samtykke.",
                "method": Method.PAPER,
                "valid_from": today.strftime("%d.%m.%Y"),
            },
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert refused.status_code == 400
    assert not world.child.consents.filter(purpose="Uten flytting").exists()
