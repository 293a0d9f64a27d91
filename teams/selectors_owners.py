"""Tasks and measures whose owner can no longer see the team ("trenger ny ansvarlig").

An owner can see the team while the rule of `teams.access` holds for them: a current
membership (active, or invited and not yet answered) for a unit they still work in, covered by a
consent or legal basis in force. When a consent is withdrawn, the unit's people leave the team
(`teams.services.coverage`); when a consent runs out, or someone stops working in the unit, they
lose access without leaving. Either way what they owned needs a new owner, and these selectors
find it in one query per list – for the team page, the plan and "Mitt arbeid".

Nothing here is stored: the state follows from membership and consent, so it clears itself the
moment the task or measure gets an owner who can see the team."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    BooleanField,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Q,
    QuerySet,
)
from django.utils import timezone

from consents.models import Consent
from people.models import Membership, User
from plans.models import ItemStatus, Measure
from teams.models import MemberRole, MemberStatus, Task, TaskStatus, Team, TeamMember, TeamStatus

CURRENT = (MemberStatus.ACTIVE, MemberStatus.INVITED)


def owner_sees_team(
    *,
    team_id: Any,
    user_id: OuterRef,
    child_id: Any = None,
) -> Exists:
    """Whether the user (an expression, usually an `OuterRef`) may see the team: the rule of
    `teams.access` as one subquery.

    `team_id` is an expression or the team's id. `child_id` is the team's child as the caller
    has it: an `OuterRef` to a column the outer query already joins, or the id itself when the
    team is known. Without it the subquery joins the team to find the child – on PostgreSQL one
    more table under row-level security, which took up to half of the statement's planning time
    (docs/performance.md)."""
    today = timezone.localdate()
    if child_id is None:
        child: Any = OuterRef("team__child_id")
    elif isinstance(child_id, OuterRef):
        child = OuterRef(child_id)  # one level further in: the consent's subquery
    else:
        child = child_id
    covered = Consent.objects.filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=today),
        child_id=child,
        units=OuterRef("unit_id"),
        withdrawn_at__isnull=True,
        valid_from__lte=today,
    )
    works_there = Membership.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=today),
        user_id=OuterRef("user_id"),
        unit_id=OuterRef("unit_id"),
        started_on__lte=today,
    )
    return Exists(
        TeamMember.objects.filter(
            Exists(covered),
            Exists(works_there),
            team_id=team_id,
            user_id=user_id,
            status__in=CURRENT,
            user__is_active=True,
        )
    )


def _sees(owner: str, *, via: str, team: Team | None) -> Exists:
    """Whether the person in the column `owner` may see the team reached by `via` (a path to a
    team: "team", "plan__team"); with `team`, that team, its ids in the statement as they are."""
    if team is not None:
        return owner_sees_team(team_id=team.pk, user_id=OuterRef(owner), child_id=team.child_id)
    return owner_sees_team(
        team_id=OuterRef(f"{via}_id"),
        user_id=OuterRef(owner),
        child_id=OuterRef(f"{via}__child_id"),
    )


def _task_needs_owner(team: Team | None = None) -> Q:
    """Open, on a team, and its owner can no longer see it. With `team`, for that team's tasks
    only."""
    sees = _sees("owner_id", via="team", team=team)
    return Q(status=TaskStatus.OPEN, team__isnull=False) & ~Q(sees)


def _measure_needs_owner(team: Team | None = None) -> Q:
    """Active, and the responsible person can no longer see the plan's team. With `team`, for
    that team's plan only."""
    sees = _sees("responsible_person_id", via="plan__team", team=team)
    return Q(status=ItemStatus.ACTIVE) & ~Q(sees)


def tasks_with_owner_state(tasks: QuerySet[Task], *, team: Team | None = None) -> QuerySet[Task]:
    """The tasks with `needs_new_owner`: open, on a team, and its owner can no longer see it.
    Give `team` when every task is that team's (the team page)."""
    return tasks.annotate(
        needs_new_owner=ExpressionWrapper(_task_needs_owner(team), output_field=BooleanField())
    )


def measures_with_owner_state(
    measures: QuerySet[Measure], *, team: Team | None = None
) -> QuerySet[Measure]:
    """The measures with `needs_new_owner`: active, and the responsible person can no longer
    see the plan's team. Give `team` when every measure is of that team's plan."""
    return measures.annotate(
        needs_new_owner=ExpressionWrapper(_measure_needs_owner(team), output_field=BooleanField())
    )


def tasks_needing_owner(*, team: Team) -> QuerySet[Task]:
    return (
        Task.objects.filter(_task_needs_owner(team), team=team)
        .select_related("owner")
        .order_by("due_on", "pk")
    )


def measures_needing_owner(*, team: Team) -> QuerySet[Measure]:
    return (
        Measure.objects.filter(_measure_needs_owner(team), plan__team_id=team.pk)
        .select_related("responsible_person", "responsible_unit")
        .order_by("evaluate_on", "pk")
    )


@dataclass
class OwnerlessWork:
    """For "Mitt arbeid": in the teams the user coordinates (and may see), the open tasks and
    measures that need a new owner. Names and dates only; opening one is the audited read."""

    tasks: list[Task] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)
    today: datetime.date = field(default_factory=timezone.localdate)

    @property
    def count(self) -> int:
        return len(self.tasks) + len(self.measures)

    @property
    def teams(self) -> list[Team]:
        """Each team once, in the order its first item comes."""
        seen: dict[object, Team] = {}
        for team in [task.team for task in self.tasks] + [m.plan.team for m in self.measures]:
            if team is not None:
                seen.setdefault(team.pk, team)
        return list(seen.values())


def ownerless_work_for(
    *, user: User, coordinated_ids: list[uuid.UUID] | None = None
) -> OwnerlessWork:
    """The work that needs a new owner in the open teams the user coordinates and may see, in
    three queries whatever the number of teams (one when they coordinate none; two when the
    caller has read those teams' ids already, `coordinated_ids`, as Mitt arbeid has)."""
    # The user's own coordinated teams first (a short list of ids), never a sub-query over
    # every membership in the country.
    coordinated = (
        coordinated_ids
        if coordinated_ids is not None
        else list(
            TeamMember.objects.filter(
                owner_sees_team(team_id=OuterRef("team_id"), user_id=OuterRef("user_id")),
                user=user,
                role=MemberRole.COORDINATOR,
                status=MemberStatus.ACTIVE,
                team__status=TeamStatus.OPEN,
            ).values_list("team_id", flat=True)
        )
    )
    if not coordinated:
        return OwnerlessWork(tasks=[], measures=[])
    # Only what the page shows: the title, the team (for the link) and the child's first name.
    tasks = (
        Task.objects.filter(_task_needs_owner(), team_id__in=coordinated)
        .select_related("team__child")
        .only("title", "team__child__given_name")
        .order_by("due_on", "pk")
    )
    measures = (
        Measure.objects.filter(_measure_needs_owner(), plan__team_id__in=coordinated)
        .select_related("plan__team__child")
        .only("title", "plan__team__child__given_name")
        .order_by("evaluate_on", "pk")
    )
    return OwnerlessWork(tasks=list(tasks), measures=list(measures))
