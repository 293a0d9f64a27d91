"""The team, the plan and the meetings, as the viewer may see them."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from children.models import Child
from plans.models import Evaluation, Goal, Measure, Plan
from portal.access import PortalAccess
from portal.selectors.health import is_health_unit, visible_members
from teams.models import (
    Meeting,
    MeetingStatus,
    MemberRole,
    MemberStatus,
    Team,
    TeamMember,
    TeamStatus,
)

# --- The team ---------------------------------------------------------------------------------


@dataclass
class TeamView:
    team: Team
    members: list[TeamMember]
    coordinator: TeamMember | None
    next_meeting: Meeting | None


def _teams(child: Child) -> list[Team]:
    return list(
        Team.objects.filter(child=child)
        .select_related("originating_unit", "concern")
        .order_by("-status", "-opened_at")  # "open" sorts after "closed"
    )


def team_views(*, access: PortalAccess) -> list[TeamView]:
    """The child's teams, open first, with who is on them and the next meeting."""
    teams = _teams(access.child)
    members = (
        TeamMember.objects.filter(
            team__in=teams, status__in=[MemberStatus.ACTIVE, MemberStatus.INVITED]
        )
        .select_related("user", "unit")
        .order_by("role", "invited_at")
    )
    by_team: dict[uuid.UUID, list[TeamMember]] = {}
    for member in members:
        by_team.setdefault(member.team_id, []).append(member)
    now = timezone.now()
    upcoming: dict[uuid.UUID, Meeting] = {}
    for meeting in Meeting.objects.filter(
        team__in=teams, status=MeetingStatus.PLANNED, starts_at__gte=now
    ).order_by("starts_at"):
        upcoming.setdefault(meeting.team_id, meeting)
    views = []
    for team in teams:
        team_members = by_team.get(team.pk, [])
        coordinator = next(
            (
                m
                for m in team_members
                if m.role == MemberRole.COORDINATOR and m.status == MemberStatus.ACTIVE
            ),
            None,
        )
        views.append(
            TeamView(
                team=team,
                members=visible_members(access, team_members),
                coordinator=coordinator,
                next_meeting=upcoming.get(team.pk),
            )
        )
    return views


# --- The plan ---------------------------------------------------------------------------------


@dataclass
class PlanView:
    team: Team
    plan: Plan
    goals: list[Goal]
    measures: list[Measure]
    next_meeting: Meeting | None
    next_evaluation: datetime.date | None
    hidden_measures: int = 0


def _measures(plan_ids: list[uuid.UUID]) -> QuerySet[Measure]:
    return (
        Measure.objects.filter(plan_id__in=plan_ids)
        .select_related("responsible_unit", "responsible_person", "goal")
        .prefetch_related(
            Prefetch(
                "evaluations",
                queryset=Evaluation.objects.order_by("-evaluated_on", "-created_at"),
            )
        )
        .order_by("evaluate_on", "title", "pk")
    )


def plan_views(*, access: PortalAccess) -> list[PlanView]:
    """Each team's plan: goals, measures (who does what, when it is evaluated) and what happens
    next. For a guardian, health measures the rules withhold are left out (and counted)."""
    teams = {team.pk: team for team in _teams(access.child)}
    plans = list(Plan.objects.filter(team_id__in=list(teams)))
    plan_ids = [plan.pk for plan in plans]
    goals: dict[uuid.UUID, list[Goal]] = {}
    for goal in Goal.objects.filter(plan_id__in=plan_ids).order_by("updated_at", "pk"):
        goals.setdefault(goal.plan_id, []).append(goal)
    measures: dict[uuid.UUID, list[Measure]] = {}
    hidden: dict[uuid.UUID, int] = {}
    for measure in _measures(plan_ids):
        if access.hides_health and is_health_unit(measure.responsible_unit):
            hidden[measure.plan_id] = hidden.get(measure.plan_id, 0) + 1
            continue
        measures.setdefault(measure.plan_id, []).append(measure)
    upcoming = {view.team.pk: view.next_meeting for view in team_views(access=access)}
    today = timezone.localdate()
    views = []
    for plan in plans:
        own = measures.get(plan.pk, [])
        dates = [m.evaluate_on for m in own if m.status == "active" and m.evaluate_on >= today]
        views.append(
            PlanView(
                team=teams[plan.team_id],
                plan=plan,
                goals=goals.get(plan.pk, []),
                measures=own,
                next_meeting=upcoming.get(plan.team_id),
                next_evaluation=min(dates) if dates else None,
                hidden_measures=hidden.get(plan.pk, 0),
            )
        )
    views.sort(
        key=lambda view: (view.team.status != TeamStatus.OPEN, -view.team.opened_at.timestamp())
    )
    return views


# --- Meetings ---------------------------------------------------------------------------------


@dataclass
class MeetingView:
    meeting: Meeting
    team: Team
    can_give_input: bool


def meeting_views(*, access: PortalAccess) -> list[MeetingView]:
    """Upcoming meetings first (soonest first), then held ones (newest first)."""
    now = timezone.now()
    meetings = list(
        Meeting.objects.filter(team__child=access.child)
        .select_related("team")
        .order_by("starts_at")
    )
    upcoming = [m for m in meetings if m.status == MeetingStatus.PLANNED and m.starts_at >= now]
    rest = sorted(
        (m for m in meetings if m not in upcoming), key=lambda m: m.starts_at, reverse=True
    )
    return [
        MeetingView(meeting=m, team=m.team, can_give_input=m in upcoming and m.team.is_open)
        for m in upcoming + rest
    ]


def meeting_for_input(*, access: PortalAccess, meeting_id: uuid.UUID) -> Meeting | None:
    """A planned, future meeting of an open team of this child, or None."""
    return (
        Meeting.objects.select_related("team__concern", "team__child__municipality")
        .filter(
            pk=meeting_id,
            team__child=access.child,
            team__status=TeamStatus.OPEN,
            status=MeetingStatus.PLANNED,
            starts_at__gte=timezone.now(),
        )
        .first()
    )


# --- The correction form ----------------------------------------------------------------------


def teams_for_correction(*, access: PortalAccess) -> list[TeamView]:
    """Open teams with a coordinator: someone who can correct the record."""
    return [
        view
        for view in team_views(access=access)
        if view.team.is_open and view.coordinator is not None
    ]
