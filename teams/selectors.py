"""Reading a team and the user's own work. Pages call these after `teams.access.access_team`."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.db.models import (
    Case,
    CharField,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.shortcuts import get_object_or_404
from django.utils import timezone

from children.models import Guardian
from consents.models import Consent
from consents.selectors import consents_for_child, consents_in_force
from people.models import Membership, Role, User
from people.selectors import memberships_active
from plans.models import ItemStatus, Measure, Plan
from rights.duties import TeamDuties
from rights.selectors import RightsAnswer, domain_of_sector, rights_for
from teamlog.models import LogEntry
from teams.duties import team_duties
from teams.models import (
    Handover,
    HandoverStatus,
    Meeting,
    MeetingParticipant,
    MemberRole,
    MemberStatus,
    Task,
    TaskStatus,
    Team,
    TeamMember,
    UnitInvitation,
    UnitInvitationStatus,
)
from teams.selectors_owners import owner_sees_team
from units.models import Unit
from units.selectors import units_serving


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


def team_coordinator(*, team: Team) -> TeamMember | None:
    """The team's active coordinator, if any."""
    return (
        TeamMember.objects.filter(
            team=team, role=MemberRole.COORDINATOR, status=MemberStatus.ACTIVE
        )
        .select_related("user", "unit")
        .first()
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


def covered_unit_ids(*, team: Team) -> list[uuid.UUID]:
    """The units a consent or legal basis in force covers for the team's child, by id."""
    return list(
        consents_in_force(child_id=team.child_id, on=timezone.localdate())
        .order_by()
        .values_list("units", flat=True)
        .distinct()
    )


def team_unit_ids(*, team: Team) -> list[uuid.UUID]:
    """The units of the team's members (invited and active) and the unit that opened it: the
    consent form's short list in a large municipality."""
    members = (
        TeamMember.objects.filter(
            team=team, status__in=[MemberStatus.INVITED, MemberStatus.ACTIVE], unit__isnull=False
        )
        .order_by()  # a set of ids: the default order would join the team only to sort them
        .values_list("unit_id", flat=True)
    )
    return [team.originating_unit_id, *members]


def invitable_units(*, team: Team) -> QuerySet[Unit]:
    """Units the coordinator can invite: active, of an organisation that serves the child's
    municipality, covered by a consent in force, and not already invited."""
    return (
        units_serving(municipality_id=team.municipality_id)
        .filter(pk__in=covered_unit_ids(team=team))
        .exclude(
            pk__in=list(
                UnitInvitation.objects.filter(
                    team=team, status=UnitInvitationStatus.OPEN
                ).values_list("unit_id", flat=True)
            )
        )
        .order_by("name")
    )


def team_unit_invitations(*, team: Team) -> QuerySet[UnitInvitation]:
    return (
        UnitInvitation.objects.filter(team=team)
        .select_related("unit", "invited_by", "answered_by")
        .order_by("-invited_at", "pk")
    )


def municipality_unit_memberships(*, team: Team) -> QuerySet[Membership]:
    """Everyone who works in a unit that a consent in force covers, of an organisation that
    serves the child's municipality (the unit itself may sit elsewhere): who can be invited by
    name. The page's choices and the API's check."""
    return _memberships_in(
        units_serving(municipality_id=team.municipality_id)
        .filter(pk__in=covered_unit_ids(team=team))
        .values("pk")
    )


def handover_memberships(*, team: Team) -> QuerySet[Membership]:
    """Who can be offered the coordinator role: those `municipality_unit_memberships` names,
    and those in a unit that serves the municipality a consent in force says the young person
    is moving to, when that consent covers the unit (a move, `Transition.MOVING`)."""
    moving_to = (
        consents_in_force(child_id=team.child_id, on=timezone.localdate())
        .filter(moving_to__isnull=False)
        .order_by()
        .values("moving_to")
    )
    units = Unit.objects.filter(
        Q(organisation__serves=team.municipality_id) | Q(organisation__serves__in=moving_to),
        is_active=True,
        pk__in=covered_unit_ids(team=team),
    ).values("pk")
    return _memberships_in(units)


def _memberships_in(unit_ids: QuerySet[Any]) -> QuerySet[Membership]:
    today = timezone.localdate()
    return (
        Membership.objects.filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=today),
            unit_id__in=unit_ids,
            role__in=[Role.PROFESSIONAL, Role.UNIT_LEADER],
            started_on__lte=today,
            user__is_active=True,
            # A system client acts as a member of its unit who is on no team: never offered as a
            # team member or coordinator, so it can never reach a team's pages through one.
            user__system_client__isnull=True,
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
    meetings: list[Meeting]
    tasks: list[Task]
    log: list[LogEntry]
    open_handover: Handover | None = None
    guardians: list[Guardian] = field(default_factory=list)
    unit_invitations: list[UnitInvitation] = field(default_factory=list)
    # Active measures of the plan whose responsible person can no longer see the team.
    measures_needing_owner: list[Measure] = field(default_factory=list)
    today: datetime.date = field(default_factory=timezone.localdate)

    @cached_property
    def consents(self) -> list[Consent]:
        """The child's consent ledger, read when asked for (the plan's PDF; the team page does
        not show it)."""
        return list(consents_for_child(child_id=self.team.child_id))

    @cached_property
    def plan(self) -> Plan | None:
        """The team's plan, read when asked for (the team page only links to it)."""
        return Plan.objects.filter(team=self.team).first()

    @property
    def tasks_needing_owner(self) -> list[Task]:
        """Open tasks whose owner can no longer see the team (`needs_new_owner`)."""
        return [task for task in self.tasks if getattr(task, "needs_new_owner", False)]

    @property
    def coordinator(self) -> TeamMember | None:
        return next(
            (m for m in self.members if m.role == "coordinator" and m.status == "active"), None
        )

    @cached_property
    def duties(self) -> TeamDuties:
        """The legal duties that apply to the child, from the members already loaded."""
        return team_duties(team=self.team, members=self.members, on=self.today)


def team_page(*, team: Team) -> TeamPage:
    """Everything the team page shows, in a fixed number of queries.

    Who needs a new owner follows from one question asked of the members: whether each member's
    user may still see the team (`owner_sees_team`, the rule of `teams.access`). An owner who
    is not among them, or who may not, cannot see the team; asked once here rather than for
    every task and measure, the rule is compiled once per page instead of twice."""
    members = list(
        team_members(team=team).annotate(
            sees_team=owner_sees_team(
                team_id=team.pk, user_id=OuterRef("user_id"), child_id=team.child_id
            )
        )
    )
    seeing = {member.user_id for member in members if member.sees_team}
    tasks = list(
        Task.objects.filter(team=team).select_related("owner").order_by("status", "due_on")
    )
    for task in tasks:
        task.needs_new_owner = (  # type: ignore[attr-defined]
            task.status == TaskStatus.OPEN and task.owner_id not in seeing
        )
    return TeamPage(
        team=team,
        members=list[TeamMember](members),
        meetings=list(Meeting.objects.filter(team=team).order_by("-starts_at")),
        tasks=tasks,
        # One open hand-over per team at most (a constraint): the page shows only that one.
        open_handover=Handover.objects.filter(team=team, status=HandoverStatus.OPEN)
        .select_related("to_user", "to_unit")
        .first(),
        log=list(team_log(team=team)[:200]),
        guardians=list(Guardian.objects.filter(child_id=team.child_id).order_by("name")),
        unit_invitations=list(
            UnitInvitation.objects.filter(team=team, status=UnitInvitationStatus.OPEN)
            .select_related("unit")
            .order_by("-invited_at", "pk")
        ),
        measures_needing_owner=list(
            Measure.objects.filter(plan__team_id=team.pk, status=ItemStatus.ACTIVE)
            .exclude(responsible_person_id__in=seeing)
            .select_related("responsible_person")
            .order_by("evaluate_on", "pk")
        ),
    )


def member_of_team(*, team: Team, member_id: int) -> TeamMember:
    return get_object_or_404(TeamMember.objects.select_related("user"), pk=member_id, team=team)


def task_of_team(*, team: Team, task_id: object) -> Task:
    return get_object_or_404(Task.objects.select_related("owner"), pk=task_id, team=team)


def meeting_of_team(*, team: Team, meeting_id: object) -> Meeting:
    return get_object_or_404(Meeting, pk=meeting_id, team=team)


def team_guardians(*, team: Team) -> QuerySet[Guardian]:
    return Guardian.objects.filter(child_id=team.child_id).order_by("name", "pk")


def meeting_participants(*, meeting: Meeting) -> QuerySet[MeetingParticipant]:
    return (
        MeetingParticipant.objects.filter(meeting=meeting)
        .select_related("user", "guardian")
        .order_by("kind", "id")
    )


def meeting_domain(*, meeting: Meeting) -> str:
    """What the meeting is about as an area of law: its own, else that of the unit that
    started the team."""
    return meeting.domain or domain_of_sector(meeting.team.originating_unit.sector).value


def teams_of_user(*, user: User) -> QuerySet[Team]:
    """The teams the user may see, open and closed, newest first, with the user's role on each.

    The rule of `teams.access` for many teams: the user's memberships with access are read
    first (one query, a handful of rows), then the teams are filtered on those ids as a literal
    list – `id IN (subquery over team members)` made PostgreSQL join the national tables
    before it filtered (docs/performance.md)."""
    roles = dict(
        memberships_with_access(user=user).order_by("team_id").values_list("team_id", "role")
    )
    my_role = (
        Case(
            *(When(pk=team_id, then=Value(role)) for team_id, role in roles.items()),
            output_field=CharField(),
        )
        if roles
        else Value("", output_field=CharField())
    )
    return (
        Team.objects.filter(pk__in=list(roles))
        .annotate(my_role=my_role)
        .select_related("child__municipality", "originating_unit")
        .order_by("-opened_at", "pk")
    )


def team_meetings(*, team: Team) -> QuerySet[Meeting]:
    return (
        Meeting.objects.filter(team=team)
        .select_related("created_by")
        .prefetch_related(
            Prefetch(
                "participants",
                queryset=MeetingParticipant.objects.select_related("user", "guardian").order_by(
                    "kind", "id"
                ),
            )
        )
        .order_by("-starts_at", "pk")
    )


def team_tasks(*, team: Team) -> QuerySet[Task]:
    """The team's tasks, open ones first ("open" sorts after "done"), soonest due first."""
    return (
        Task.objects.filter(team=team)
        .select_related("owner")
        .order_by("-status", "due_on", "created_at", "pk")
    )


def child_voice(*, team: Team, domain: str = "") -> RightsAnswer:
    """How much the child's own view must weigh at their age (rights engine, action "be
    heard"): shown beside the child's-voice fields. The rule of `domain` (what a meeting is
    about) when given, else of the service that started the team."""
    child = team.child
    domain = domain or domain_of_sector(team.originating_unit.sector)
    # The child's municipality is the team's but after a move: then the team's, which the access
    # check has read already, saves reading it again.
    same = Team.municipality.is_cached(team) and team.municipality_id == child.municipality_id
    return rights_for(
        age=child.age_on(timezone.localdate()),
        domain=domain,
        action="be_heard",
        municipality=team.municipality if same else child.municipality,
    )
