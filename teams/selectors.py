"""Reading a team and the user's own work. Pages call these after `teams.access.access_team`."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from children.models import Guardian
from concerns.models import Concern
from concerns.selectors import concerns_open_in_my_units
from consents.models import Consent
from consents.selectors import consents_for_child
from people.models import Membership, Role, User
from people.selectors import memberships_active
from plans.models import Measure, Plan
from teams.models import (
    Handover,
    HandoverStatus,
    LogEntry,
    Meeting,
    MemberStatus,
    Task,
    TaskStatus,
    Team,
    TeamMember,
    TeamStatus,
)
from teams.selectors_owners import measures_needing_owner, tasks_with_owner_state


def memberships_with_access(*, user: User) -> QuerySet[TeamMember]:
    """The rule of `teams.access` for many teams in one query: the user's active team
    memberships for a unit they still work in, covered by a consent or legal basis in force."""
    today = timezone.localdate()
    my_units = memberships_active(user=user).filter(unit__isnull=False).values("unit_id")
    covered = Consent.objects.filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=today),
        child_id=OuterRef("team__child_id"),
        units=OuterRef("unit_id"),
        withdrawn_at__isnull=True,
        valid_from__lte=today,
    )
    return TeamMember.objects.filter(
        Exists(covered), user=user, status=MemberStatus.ACTIVE, unit_id__in=my_units
    )


def team_members(*, team: Team) -> QuerySet[TeamMember]:
    return (
        TeamMember.objects.filter(team=team)
        .select_related("user", "unit")
        .order_by("status", "role", "invited_at")
    )


def team_active_users(*, team: Team) -> QuerySet[User]:
    return User.objects.filter(
        pk__in=TeamMember.objects.filter(team=team, status=MemberStatus.ACTIVE).values("user_id")
    ).order_by("first_name", "last_name")


def team_active_memberships(*, team: Team) -> QuerySet[Membership]:
    """The unit memberships of active team members: choices for who is responsible for what."""
    today = timezone.localdate()
    members = TeamMember.objects.filter(team=team, status=MemberStatus.ACTIVE)
    return (
        Membership.objects.filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=today),
            user_id__in=members.values("user_id"),
            unit__isnull=False,
            started_on__lte=today,
            user__is_active=True,
        )
        .select_related("user", "unit")
        .order_by("user__first_name", "unit__name")
    )


def municipality_unit_memberships(*, team: Team) -> QuerySet[Membership]:
    """Everyone who works in a unit of the child's municipality: who can be invited."""
    today = timezone.localdate()
    return (
        Membership.objects.filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=today),
            municipality_id=team.municipality_id,
            unit__isnull=False,
            unit__is_active=True,
            role__in=[Role.PROFESSIONAL, Role.UNIT_LEADER],
            started_on__lte=today,
            user__is_active=True,
        )
        .select_related("user", "unit")
        .order_by("unit__name", "user__first_name")
    )


def team_log(*, team: Team) -> QuerySet[LogEntry]:
    """The stafettlogg: the concern's history from before the team, and the team's own."""
    return (
        LogEntry.objects.filter(concern_id=team.concern_id)
        .select_related("author")
        .order_by("-occurred_at", "-id")
    )


@dataclass
class TeamPage:
    team: Team
    members: list[TeamMember]
    consents: list[Consent]
    plan: Plan | None
    meetings: list[Meeting]
    tasks: list[Task]
    handovers: list[Handover]
    log: list[LogEntry]
    guardians: list[Guardian] = field(default_factory=list)
    # Active measures of the plan whose responsible person can no longer see the team.
    measures_needing_owner: list[Measure] = field(default_factory=list)
    today: datetime.date = field(default_factory=timezone.localdate)

    @property
    def tasks_needing_owner(self) -> list[Task]:
        """Open tasks whose owner can no longer see the team (`needs_new_owner`)."""
        return [task for task in self.tasks if getattr(task, "needs_new_owner", False)]

    @property
    def coordinator(self) -> TeamMember | None:
        return next(
            (m for m in self.members if m.role == "coordinator" and m.status == "active"), None
        )

    @property
    def open_handover(self) -> Handover | None:
        return next((h for h in self.handovers if h.status == HandoverStatus.OPEN), None)


def team_page(*, team: Team) -> TeamPage:
    """Everything the team page shows, in a fixed number of queries."""
    plan = Plan.objects.filter(team=team).first()
    return TeamPage(
        team=team,
        members=list(team_members(team=team)),
        consents=list(consents_for_child(child_id=team.child_id)),
        plan=plan,
        meetings=list(Meeting.objects.filter(team=team).order_by("-starts_at")),
        tasks=list(
            tasks_with_owner_state(Task.objects.filter(team=team))
            .select_related("owner")
            .order_by("status", "due_on")
        ),
        handovers=list(
            Handover.objects.filter(team=team).select_related("from_user", "to_user", "to_unit")
        ),
        log=list(team_log(team=team)[:200]),
        guardians=list(Guardian.objects.filter(child_id=team.child_id).order_by("name")),
        measures_needing_owner=list(measures_needing_owner(team=team)),
    )


@dataclass
class WorkList:
    concerns: list[Concern]
    teams: list[Team]
    invitations: list[TeamMember]
    handovers: list[Handover]
    tasks: list[Task]
    units: list[Membership]

    @property
    def is_empty(self) -> bool:
        return not (self.concerns or self.teams or self.invitations or self.handovers or self.tasks)


def work_list_for(*, user: User) -> WorkList:
    """The professional's own work: names and dates only, no content (opening an item is the
    audited read). Overdue tasks first."""
    memberships = memberships_with_access(user=user).filter(team__status=TeamStatus.OPEN)
    teams = (
        Team.objects.filter(pk__in=memberships.values("team_id"))
        .select_related("child", "originating_unit")
        .order_by("-opened_at")
    )
    return WorkList(
        concerns=list(concerns_open_in_my_units(user=user).filter(team__isnull=True)),
        teams=list(teams),
        invitations=list(
            TeamMember.objects.filter(user=user, status=MemberStatus.INVITED)
            .select_related("team__originating_unit", "unit", "invited_by")
            .order_by("-invited_at")
        ),
        handovers=list(
            Handover.objects.filter(to_user=user, status=HandoverStatus.OPEN).select_related(
                "from_user", "to_unit", "team__originating_unit"
            )
        ),
        tasks=list(
            Task.objects.filter(
                Q(team__isnull=True) | Q(team_id__in=memberships.values("team_id")),
                owner=user,
                status=TaskStatus.OPEN,
            )
            .select_related("child", "team")
            .order_by("due_on")
        ),
        units=[m for m in memberships_active(user=user) if m.unit_id is not None],
    )


def member_of_team(*, team: Team, member_id: int) -> TeamMember:
    return get_object_or_404(TeamMember.objects.select_related("user"), pk=member_id, team=team)


def task_of_team(*, team: Team, task_id: object) -> Task:
    return get_object_or_404(Task.objects.select_related("owner"), pk=task_id, team=team)


def meeting_of_team(*, team: Team, meeting_id: object) -> Meeting:
    return get_object_or_404(Meeting, pk=meeting_id, team=team)


def teams_of_user(*, user: User) -> QuerySet[Team]:
    """The teams the user may see, open and closed, newest first, with the user's role on each.

    The rule of `teams.access` for many teams in one query: an active membership for a unit the
    user still works in, covered by a consent or legal basis in force."""
    from django.db.models import Subquery

    memberships = memberships_with_access(user=user)
    return (
        Team.objects.filter(pk__in=memberships.values("team_id"))
        .annotate(my_role=Subquery(memberships.filter(team_id=OuterRef("pk")).values("role")[:1]))
        .select_related("child__municipality", "originating_unit")
        .order_by("-opened_at", "pk")
    )


def team_meetings(*, team: Team) -> QuerySet[Meeting]:
    return (
        Meeting.objects.filter(team=team).select_related("created_by").order_by("-starts_at", "pk")
    )


def team_tasks(*, team: Team) -> QuerySet[Task]:
    """The team's tasks, open ones first ("open" sorts after "done"), soonest due first."""
    return (
        Task.objects.filter(team=team)
        .select_related("owner")
        .order_by("-status", "due_on", "created_at", "pk")
    )
