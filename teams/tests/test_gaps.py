"""The unit leader's responsibility gaps: each kind on hand-built data with its edges, what the
leader sees of a child, choosing a new coordinator, and the tasks when a withdrawal leaves the
coordinator's unit uncovered."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from audit.models import AccessEvent, Action
from concerns.models import ChildWelfareReport, Concern
from concerns.services import concern_raise, unit_measure_add, welfare_report_send
from conftest import verified_client
from people.services.accounts import user_deactivate
from plans.models import Measure
from teamlog.models import LogEntry
from teams.gaps import CoordinatorGap, GapKind, unit_gaps
from teams.models import (
    Handover,
    MemberRole,
    MemberStatus,
    Task,
    TaskStatus,
    TeamMember,
    UnitInvitation,
)
from teams.services import coordinator as coordinator_module
from teams.services import (
    coordinator_unit_uncovered,
    handover_propose,
    team_consent_withdraw,
    team_coordinator_choose,
    unit_invite,
)
from tests.queries import without_scope
from tests.world import _consent, leave_unit

pytestmark = pytest.mark.django_db


def _today() -> datetime.date:
    return timezone.localdate()


def _days_ago(days: int) -> datetime.datetime:
    """Noon, local time, `days` days ago."""
    day = _today() - datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def _kinds(unit) -> list[str]:
    return [gap.kind for gap in unit_gaps(unit=unit).page]


def _of(unit, kind):
    return [gap for gap in unit_gaps(unit=unit).page if gap.kind == kind]


def _withdraw(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        team_consent_withdraw(
            actor=world.coordinator, consent=world.consent, withdrawn_by="Sara Testesen"
        )


# --- Teams with no reachable coordinator ---------------------------------------------------------


def test_nothing_is_missing_while_the_coordinator_can_reach_the_team(world):
    assert _kinds(world.school) == []


def test_a_deactivated_coordinator_is_a_gap_from_the_day_after_their_memberships_ended(world):
    user_deactivate(user=world.coordinator, deactivated_by=world.admin)
    [gap] = _of(world.school, GapKind.COORDINATOR)
    assert gap.reason == CoordinatorGap.DEACTIVATED
    assert gap.day == _today()
    assert gap.team == world.team


def test_a_coordinator_who_left_the_unit_is_a_gap(world):
    leave_unit(world.coordinator, world.school)
    [gap] = _of(world.school, GapKind.COORDINATOR)
    assert gap.reason == CoordinatorGap.LEFT_UNIT
    # Only the coordinator's unit has the gap, not the units of the other members.
    assert _of(world.health, GapKind.COORDINATOR) == []


def test_a_coordinator_whose_unit_lost_its_consent_is_a_gap(
    world, django_capture_on_commit_callbacks
):
    _withdraw(world, django_capture_on_commit_callbacks)
    [gap] = _of(world.school, GapKind.COORDINATOR)
    assert gap.reason == CoordinatorGap.NOT_COVERED
    assert gap.day == _today()
    # Still "active" in the ledger of members, but shown, not silent.
    assert TeamMember.objects.get(team=world.team, user=world.coordinator).status == "active"


# --- The task when the withdrawal leaves the coordinator's unit uncovered ----------------------


def test_the_withdrawal_gives_the_coordinator_and_the_unit_leader_a_task_and_an_e_mail(
    world, django_capture_on_commit_callbacks
):
    _withdraw(world, django_capture_on_commit_callbacks)
    leader_task = Task.objects.get(owner=world.unit_leader)
    assert leader_task.team is None
    assert leader_task.for_unit_leader
    assert "Sara" not in leader_task.title
    assert "Vestsiden ungdomsskole" in leader_task.title
    assert Task.objects.filter(owner=world.coordinator, team=None).count() == 1
    to_leader = next(m for m in mail.outbox if m.to == [world.unit_leader.email])
    assert reverse("gaps:unit", args=[world.school.pk]) in to_leader.body
    assert "Sara" not in to_leader.body
    assert AccessEvent.objects.filter(
        action=Action.CREATE, object_type="task", object_id=str(leader_task.pk)
    ).exists()
    # The other unit's leader hears nothing.
    assert not Task.objects.filter(owner=world.other_leader).exists()


def test_running_it_again_makes_no_second_task(world, django_capture_on_commit_callbacks):
    _withdraw(world, django_capture_on_commit_callbacks)
    before = Task.objects.count()
    told = coordinator_unit_uncovered(
        team=world.team,
        uncovered=[world.school],
        actor=world.coordinator,
        actor_label="",
        key=str(world.consent.pk),
    )
    assert told == []
    assert Task.objects.count() == before


def test_the_tasks_are_in_the_withdrawals_transaction(world, monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("mail server on fire")

    monkeypatch.setattr(coordinator_module, "_leaders", fail)
    with pytest.raises(RuntimeError):
        team_consent_withdraw(actor=world.coordinator, consent=world.consent, withdrawn_by="Sara")
    world.consent.refresh_from_db()
    assert world.consent.withdrawn_at is None
    assert not Task.objects.filter(source_key__startswith="coverage-ended:").exists()


def test_mitt_arbeid_shows_the_leader_the_task_without_the_child_and_links_the_gap_list(
    world, django_capture_on_commit_callbacks
):
    _withdraw(world, django_capture_on_commit_callbacks)
    response = verified_client(world.unit_leader).get(reverse("teams:work"))
    page = response.content.decode()
    assert reverse("gaps:unit", args=[world.school.pk]) in page
    assert "Sara" not in page


# --- Hand-overs and invitations unanswered -------------------------------------------------------


@pytest.mark.parametrize(("days", "listed"), [(14, True), (13, False)])
def test_a_hand_over_unanswered_for_14_days_is_a_gap_on_both_sides(world, days, listed):
    _old_handover(world, days=days)
    assert bool(_of(world.school, GapKind.HANDOVER)) is listed
    assert bool(_of(world.health, GapKind.HANDOVER)) is listed
    assert _of(world.primary, GapKind.HANDOVER) == []


def _old_handover(world, *, days: int = 20) -> Handover:
    handover = handover_propose(
        actor=world.coordinator,
        team=world.team,
        to_user=world.member,
        to_unit=world.health,
        transition="other",
        note="Til test.",
    )
    Handover.objects.filter(pk=handover.pk).update(created_at=_days_ago(days))
    return handover


def test_a_hand_over_is_a_gap_of_the_coordinators_unit_also_when_the_coordinator_lost_the_team(
    world,
):
    # The unit's teams come from all its coordinators, not only those who can still see the
    # team (teams.gaps reads them once for both lists).
    handover = _old_handover(world)
    leave_unit(world.coordinator, world.school)
    assert [gap.key for gap in _of(world.school, GapKind.HANDOVER)] == [handover.pk]
    assert [gap.key for gap in _of(world.school, GapKind.COORDINATOR)] == [world.team.pk]


def test_a_hand_over_is_not_a_gap_of_a_unit_whose_coordinator_is_no_longer_active(world):
    _old_handover(world)
    TeamMember.objects.filter(team=world.team, user=world.coordinator).update(
        status=MemberStatus.LEFT
    )
    assert _of(world.school, GapKind.HANDOVER) == []
    assert len(_of(world.health, GapKind.HANDOVER)) == 1


@pytest.mark.parametrize(("days", "listed"), [(14, True), (13, False)])
def test_an_invitation_to_the_unit_unanswered_for_14_days_is_a_gap(world, days, listed):
    invitation = unit_invite(actor=world.coordinator, team=world.team, unit=world.health)
    UnitInvitation.objects.filter(pk=invitation.pk).update(invited_at=_days_ago(days))
    gaps = _of(world.health, GapKind.INVITATION)
    assert bool(gaps) is listed
    if listed:
        assert gaps[0].day == _today() - datetime.timedelta(days=days)


# --- Evaluations overdue ------------------------------------------------------------------------


@pytest.mark.parametrize(("days", "listed"), [(1, True), (0, False)])
def test_a_plan_measure_past_its_evaluation_date_is_a_gap_of_its_responsible_unit(
    world, days, listed
):
    Measure.objects.filter(pk=world.measure.pk).update(
        evaluate_on=_today() - datetime.timedelta(days=days)
    )
    gaps = _of(world.health, GapKind.EVALUATION)
    assert bool(gaps) is listed
    if listed:
        assert gaps[0].who == world.member
    assert _of(world.school, GapKind.EVALUATION) == []


def test_a_level_one_measure_past_its_evaluation_date_is_a_gap(world):
    measure = unit_measure_add(
        actor=world.coordinator,
        concern=world.small_concern,
        title="Samtale med kontaktlærer",
        owner=world.colleague,
        starts_on=_today() - datetime.timedelta(days=30),
        evaluate_on=_today() - datetime.timedelta(days=2),
    )
    [gap] = _of(world.school, GapKind.UNIT_EVALUATION)
    assert gap.key == measure.pk
    assert gap.child_name == world.small_concern.child.full_name
    assert gap.day == _today() - datetime.timedelta(days=2)


# --- Consents ending ------------------------------------------------------------------------


@pytest.mark.parametrize(("days", "listed"), [(30, True), (31, False), (0, True)])
def test_a_consent_covering_the_unit_ending_within_30_days_is_a_gap(world, days, listed):
    world.consent.__class__.objects.filter(pk=world.consent.pk).update(
        valid_until=_today() + datetime.timedelta(days=days)
    )
    gaps = _of(world.school, GapKind.CONSENT)
    assert bool(gaps) is listed
    if listed:
        assert gaps[0].team == world.team
    # A unit with nobody on the team does not see the child's consents.
    assert _of(world.primary, GapKind.CONSENT) == []


# --- Level-1 concerns without an evaluation date ------------------------------------------------


@pytest.mark.parametrize(("days", "listed"), [(28, True), (27, False)])
def test_a_level_one_concern_without_a_measure_after_four_weeks_is_a_gap(world, days, listed):
    Concern.objects.filter(pk=world.small_concern.pk).update(created_at=_days_ago(days))
    assert bool(_of(world.school, GapKind.LEVEL_ONE)) is listed


def test_a_level_one_concern_with_a_measure_is_not(world):
    Concern.objects.filter(pk=world.small_concern.pk).update(created_at=_days_ago(60))
    unit_measure_add(
        actor=world.coordinator,
        concern=world.small_concern,
        title="Fast voksen",
        owner=world.colleague,
        starts_on=_today(),
        evaluate_on=_today() + datetime.timedelta(days=14),
    )
    assert _of(world.school, GapKind.LEVEL_ONE) == []


# --- Reports with no receipt ---------------------------------------------------------------


def _report(world):
    return welfare_report_send(
        actor=world.colleague,
        unit=world.school,
        child=world.small_concern.child,
        concern=world.small_concern,
        grounds="Grunnlag.",
        urgent=False,
        guardians_informed=True,
    )


@pytest.mark.parametrize(("days", "listed"), [(21, True), (20, False)])
def test_a_report_with_no_receipt_after_three_weeks_is_a_gap(world, days, listed):
    report = _report(world)
    ChildWelfareReport.objects.filter(pk=report.pk).update(sent_at=_days_ago(days))
    gaps = _of(world.school, GapKind.RECEIPT)
    assert bool(gaps) is listed
    if listed:
        assert gaps[0].who == world.colleague


def test_the_leader_records_the_receipt_and_the_gap_and_the_deadline_go(world):
    report = _report(world)
    client = verified_client(world.unit_leader)
    url = reverse("concerns:report_receipt", args=[report.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "Jonas" not in page.content.decode()
    response = client.post(url, {"received_on": _today().isoformat()})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.receipt_received_on == _today()
    ChildWelfareReport.objects.filter(pk=report.pk).update(sent_at=_days_ago(30))
    assert _of(world.school, GapKind.RECEIPT) == []
    receipt_task = Task.objects.get(
        welfare_report=report, due_on=_today() + datetime.timedelta(days=21)
    )
    assert receipt_task.status == TaskStatus.DONE
    assert Task.objects.filter(welfare_report=report, status=TaskStatus.OPEN).count() == 2
    assert AccessEvent.objects.filter(
        action=Action.UPDATE, object_type="welfare_report", object_id=str(report.pk)
    ).exists()


def test_a_receipt_cannot_be_in_the_future_or_before_the_report(world):
    report = _report(world)
    client = verified_client(world.colleague)
    url = reverse("concerns:report_receipt", args=[report.pk])
    tomorrow = _today() + datetime.timedelta(days=1)
    assert client.post(url, {"received_on": tomorrow.isoformat()}).status_code == 400
    before = _today() - datetime.timedelta(days=3)
    assert client.post(url, {"received_on": before.isoformat()}).status_code == 400
    report.refresh_from_db()
    assert report.receipt_received_on is None


# --- The page ----------------------------------------------------------------------------


def test_the_page_names_teams_by_unit_and_day_never_the_child(world):
    leave_unit(world.coordinator, world.school)
    Concern.objects.filter(pk=world.small_concern.pk).update(created_at=_days_ago(40))
    with translation.override("nb"):
        response = verified_client(world.unit_leader).get(
            reverse("gaps:unit", args=[world.school.pk])
        )
    page = response.content.decode()
    assert response.status_code == 200
    assert "laget som Vestsiden ungdomsskole startet" in page
    assert "Sara" not in page
    # A level-1 concern in the leader's own unit: they may open it, so it is named.
    assert world.small_concern.child.full_name in page
    assert reverse("gaps:coordinator", args=[world.school.pk, world.team.pk]) in page
    # Written-out Norwegian dates.
    months = ("januar", "februar", "mars", "april", "mai", "juni", "juli", "august")
    months += ("september", "oktober", "november", "desember")
    assert any(f" {month} " in page for month in months)


# Reading the unit's coordinated teams from its coordinators' list saves the hand-overs an
# `EXISTS` over every team; the count is the same as before.
GAPS_PAGE_QUERIES = 18


def test_the_page_reads_in_a_fixed_number_of_queries_and_pages(world):
    client = verified_client(world.unit_leader)
    url = reverse("gaps:unit", args=[world.school.pk])
    leave_unit(world.coordinator, world.school)
    client.get(url)  # warm up the session and the chain head
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for number in range(25):
        concern = concern_raise(
            actor=world.colleague,
            unit=world.school,
            child=world.small_concern.child,
            observed=f"Bekymring {number}",
            level=1,
        )
        Concern.objects.filter(pk=concern.pk).update(created_at=_days_ago(40))
        report = _report(world)
        ChildWelfareReport.objects.filter(pk=report.pk).update(sent_at=_days_ago(30))
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(many) == len(few)
    # Session, user, second factor, the unit's leadership, the read's event, the nine lists,
    # the header's memberships and count.
    assert without_scope(many) == GAPS_PAGE_QUERIES
    assert response.context["gaps"].total == 51
    assert len(response.context["gaps"].page) == 20
    assert client.get(url, {"page": 3}).context["gaps"].page.number == 3


def test_each_read_of_the_page_writes_one_access_event_on_the_unit(world):
    client = verified_client(world.unit_leader)
    before = AccessEvent.objects.count()
    client.get(reverse("gaps:unit", args=[world.school.pk]))
    event = AccessEvent.objects.order_by("-id").first()
    assert AccessEvent.objects.count() == before + 1
    assert event.object_type == "unit_gaps"
    assert event.child_id is None
    assert event.legal_basis == "leader of the unit"


# --- Choosing a new coordinator ---------------------------------------------------------------


def test_the_leader_chooses_a_new_coordinator(world, django_capture_on_commit_callbacks):
    _withdraw_school_only(world, django_capture_on_commit_callbacks)
    client = verified_client(world.unit_leader)
    url = reverse("gaps:coordinator", args=[world.school.pk, world.team.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "Sara" not in page.content.decode()
    new = TeamMember.objects.get(team=world.team, user=world.member)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"member": new.pk})
    assert response.status_code == 302
    new.refresh_from_db()
    assert new.role == MemberRole.COORDINATOR
    previous = TeamMember.objects.get(team=world.team, user=world.coordinator)
    assert (previous.role, previous.status) == (MemberRole.MEMBER, MemberStatus.LEFT)
    assert Task.objects.filter(owner=world.member, team=world.team, status="open").exists()
    assert not Task.objects.filter(owner=world.unit_leader, status="open").exists()
    assert not Task.objects.filter(owner=world.coordinator, team=None, status="open").exists()
    assert LogEntry.objects.filter(
        team=world.team, params__leader=world.unit_leader.display_name()
    ).exists()
    assert (
        AccessEvent.objects.filter(
            action=Action.UPDATE,
            object_type="team_member",
            legal_basis="leader of the coordinator's unit",
        ).count()
        == 2
    )
    # The gap is gone, and so is the page.
    assert _of(world.school, GapKind.COORDINATOR) == []
    assert client.get(url).status_code == 404


def test_only_a_member_who_can_see_the_team_can_take_over(
    world, django_capture_on_commit_callbacks
):
    _withdraw_school_only(world, django_capture_on_commit_callbacks)
    shut_out = TeamMember.objects.get(team=world.team, user=world.withdrawn)
    coordinator = TeamMember.objects.get(team=world.team, role=MemberRole.COORDINATOR)
    with pytest.raises(Exception, match="member"):
        team_coordinator_choose(actor=world.unit_leader, coordinator=coordinator, member=shut_out)
    response = verified_client(world.unit_leader).post(
        reverse("gaps:coordinator", args=[world.school.pk, world.team.pk]),
        {"member": shut_out.pk},
    )
    assert response.status_code == 400


def _withdraw_school_only(world, django_capture_on_commit_callbacks):
    """A narrower consent keeps the health station and NAV; the one covering the school too is
    withdrawn, so only the school (the coordinator's unit) loses its cover."""
    _consent(world.coordinator, world.child, [world.health, world.nav], team=world.team)
    _withdraw(world, django_capture_on_commit_callbacks)
