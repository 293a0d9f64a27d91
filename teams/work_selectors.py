"""Mitt arbeid: what waits for a professional, overdue first, in a fixed number of queries."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import (
    Count,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    Window,
)
from django.utils import timezone

from concerns.models import Concern, UnitMeasure, UnitMeasureStatus
from concerns.selectors import concerns_open_in_my_units
from consents.models import Consent
from people.models import UNIT_ROLES, Membership, User
from people.selectors import memberships_in_force
from plans.models import ItemStatus, Measure
from teams.models import (
    Handover,
    HandoverStatus,
    Meeting,
    MeetingStatus,
    MemberStatus,
    Task,
    TaskStatus,
    Team,
    TeamMember,
    TeamStatus,
    UnitInvitation,
    UnitInvitationStatus,
)
from teams.selectors_owners import (
    OwnerlessWork,
    ownerless_work_for,
)
from transitions.selectors import transitions_waiting_by_unit

EVALUATION_HORIZON_DAYS = 14
CONSENT_HORIZON_DAYS = 30
# Short lists are cut here; the page says so and links to where the rest is.
SHORT_LIST = 10
WORK_PAGE_SIZE = 20


@dataclass(frozen=True)
class WorkScope:
    """The open teams the user may see today, by id, read once per request: every list on
    Mitt arbeid filters on these ids (a short literal list), never on a subquery over the
    national tables."""

    team_ids: list[uuid.UUID]
    coordinated_ids: list[uuid.UUID]
    team_of_child: dict[uuid.UUID, uuid.UUID]
    today: datetime.date
    # The units the user works in today as a professional or leader (UNIT_ROLES): who may
    # answer a unit's invitation.
    staff_unit_ids: list[uuid.UUID] = field(default_factory=list)

    @property
    def child_ids(self) -> list[uuid.UUID]:
        return sorted(self.team_of_child)

    @property
    def week_end(self) -> datetime.date:
        """The Sunday that ends this week: "due this week" means by then."""
        return self.today + datetime.timedelta(days=6 - self.today.weekday())


def work_scope_for(*, user: User) -> WorkScope:
    """One query: the user's active memberships of open teams, for a unit they still work in,
    covered by a consent or legal basis in force (the rule of `teams.access`).

    The units they work in come from their memberships in force, which the request reads once
    anyway (the header, the access checks): a literal list of ids rather than a subquery over
    the memberships, so that PostgreSQL plans the statement, and the header's count, in less
    time. No such unit, no team: then there is no query at all."""
    today = timezone.localdate()
    if not user.is_authenticated or not user.is_active:
        return WorkScope(team_ids=[], coordinated_ids=[], team_of_child={}, today=today)
    memberships = [m for m in memberships_in_force(user=user) if m.unit_id is not None]
    unit_ids = sorted({m.unit_id for m in memberships if m.unit_id is not None})
    staff_unit_ids = sorted(
        {m.unit_id for m in memberships if m.unit_id is not None and m.role in UNIT_ROLES}
    )
    if not unit_ids:
        return WorkScope(team_ids=[], coordinated_ids=[], team_of_child={}, today=today)
    covered = Consent.objects.filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=today),
        child_id=OuterRef("team__child_id"),
        units=OuterRef("unit_id"),
        withdrawn_at__isnull=True,
        valid_from__lte=today,
    )
    rows = list(
        TeamMember.objects.filter(
            Exists(covered),
            unit_id__in=unit_ids,
            user_id=user.pk,
            status=MemberStatus.ACTIVE,
            team__status=TeamStatus.OPEN,
        )
        .order_by()
        .values_list("team_id", "role", "team__child_id")
    )
    return WorkScope(
        team_ids=[team_id for team_id, _role, _child in rows],
        coordinated_ids=[team_id for team_id, role, _child in rows if role == "coordinator"],
        team_of_child={child_id: team_id for team_id, _role, child_id in rows},
        today=today,
        staff_unit_ids=staff_unit_ids,
    )


def _work_tasks(*, user: User, scope: WorkScope) -> QuerySet[Task]:
    """Open tasks the user owns (their own, and in teams they may see), and in the teams they
    coordinate, everyone's tasks that are overdue or due this week: the coordinator follows up."""
    return Task.objects.filter(
        Q(owner_id=user.pk, team__isnull=True)
        | Q(owner_id=user.pk, team_id__in=scope.team_ids)
        | Q(team_id__in=scope.coordinated_ids, due_on__lte=scope.week_end),
        status=TaskStatus.OPEN,
    )


def _work_evaluations(*, user: User, scope: WorkScope) -> QuerySet[Measure]:
    """Active measures the user answers for, or in a team they coordinate, whose evaluation
    date has come or comes within two weeks."""
    return Measure.objects.filter(
        Q(responsible_person_id=user.pk) | Q(plan__team_id__in=scope.coordinated_ids),
        plan__team_id__in=scope.team_ids,
        status=ItemStatus.ACTIVE,
        evaluate_on__lte=scope.today + datetime.timedelta(days=EVALUATION_HORIZON_DAYS),
    )


def _work_invitations(*, user: User) -> QuerySet[TeamMember]:
    return TeamMember.objects.filter(
        user_id=user.pk, status=MemberStatus.INVITED, team__status=TeamStatus.OPEN
    )


def _work_unit_invitations(*, user: User, scope: WorkScope) -> QuerySet[UnitInvitation]:
    """Open invitations to a unit the user works in, on open teams, while a consent covers the
    unit: anyone there may answer for it (see `teams.access.access_unit_invitation`). The
    units are the scope's, from the memberships the request has read."""
    covered = Consent.objects.filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=scope.today),
        child_id=OuterRef("team__child_id"),
        units=OuterRef("unit_id"),
        withdrawn_at__isnull=True,
        valid_from__lte=scope.today,
    )
    return UnitInvitation.objects.filter(
        Exists(covered),
        unit_id__in=scope.staff_unit_ids,
        status=UnitInvitationStatus.OPEN,
        team__status=TeamStatus.OPEN,
    )


def _work_handovers(*, user: User) -> QuerySet[Handover]:
    return Handover.objects.filter(
        to_user_id=user.pk, status=HandoverStatus.OPEN, team__status=TeamStatus.OPEN
    )


def work_action_count(*, user: User, scope: WorkScope | None = None) -> int:
    """How many things wait for the user: tasks overdue or due this week, evaluations due this
    week, invitations and hand-overs to answer. Two queries: the scope, then one count."""
    scope = scope if scope is not None else work_scope_for(user=user)
    if not user.is_authenticated:
        return 0
    one = {"one": Value(1, output_field=IntegerField())}
    parts: list[QuerySet[Any]] = [
        _work_tasks(user=user, scope=scope).filter(due_on__lte=scope.week_end),
        _work_evaluations(user=user, scope=scope).filter(evaluate_on__lte=scope.week_end),
        _work_invitations(user=user),
        _work_unit_invitations(user=user, scope=scope),
        _work_handovers(user=user),
    ]
    first, *rest = [part.order_by().values(**one) for part in parts]
    return first.union(*rest, all=True).count()


@dataclass
class TeamStatusRow:
    team: Team
    role: str
    overdue_tasks: int
    overdue_evaluations: int
    next_meeting: datetime.datetime | None
    next_evaluation: datetime.date | None

    @property
    def is_overdue(self) -> bool:
        return bool(self.overdue_tasks or self.overdue_evaluations)


@dataclass
class WorkList:
    """Mitt arbeid: what waits for the user, soonest and overdue first."""

    scope: WorkScope
    action_count: int
    invitations: list[TeamMember]
    unit_invitations: list[UnitInvitation]
    handovers: list[Handover]
    tasks: Page[Task]
    meetings: list[Meeting]
    evaluations: list[Measure]
    consents_ending: list[tuple[Consent, uuid.UUID]]
    teams: Page[TeamStatusRow]
    concerns: Page[Concern]
    units: list[Membership]
    # Work whose owner left the team (a consent withdrawn), in the teams the user coordinates.
    ownerless: OwnerlessWork = field(default_factory=OwnerlessWork)
    # Level-1 measures in the user's unit that they own, to evaluate within two weeks.
    unit_evaluations: list[UnitMeasure] = field(default_factory=list)
    # The user's units that have transitions waiting for their answer, with how many.
    transitions_waiting: list[tuple[Membership, int]] = field(default_factory=list)
    more_meetings: bool = False
    more_evaluations: bool = False
    more_consents: bool = False

    @property
    def today(self) -> datetime.date:
        return self.scope.today

    @property
    def week_end(self) -> datetime.date:
        return self.scope.week_end

    @property
    def is_empty(self) -> bool:
        return not (
            self.invitations
            or self.unit_invitations
            or self.handovers
            or self.transitions_waiting
            or self.tasks.paginator.count
            or self.meetings
            or self.evaluations
            or self.unit_evaluations
            or self.ownerless.count
            or self.consents_ending
            or self.teams.paginator.count
            or self.concerns.paginator.count
        )


class _CountedPaginator(Paginator):
    """A paginator told how many items there are, so it does not count them again."""

    def __init__(self, object_list: QuerySet[Any], per_page: int, *, count: int) -> None:
        super().__init__(object_list, per_page)
        self.known_count = count

    @cached_property
    def count(self) -> int:
        return self.known_count


def _page(items: QuerySet[Any], number: str | int | None, *, count: int) -> Page[Any]:
    return _CountedPaginator(items, WORK_PAGE_SIZE, count=count).get_page(number)


def _page_number(number: str | int | None) -> int:
    """The page asked for as `Paginator.get_page` reads it: not a whole number is the first
    page (0 or less is out of range, answered with the last page)."""
    try:
        if isinstance(number, float) and not number.is_integer():
            raise ValueError(number)
        return int(number)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return 1


def _counted(items: QuerySet[Any], **counts: Q) -> QuerySet[Any]:
    """The items with how many there are in all (`in_all`) and how many match each of
    `counts`, as window counts over every row the filter keeps, before any slice: a page and
    its counts in one statement."""
    windows: dict[str, Any] = {"in_all": Window(Count("pk"))}
    windows |= {name: Window(Count("pk", filter=q)) for name, q in counts.items()}
    return items.annotate(**windows)


def _slice(items: QuerySet[Any], number: int) -> list[Any]:
    return list(items[(number - 1) * WORK_PAGE_SIZE : number * WORK_PAGE_SIZE])


def _page_of_counted(items: QuerySet[Any], number: str | int | None) -> Page[Any]:
    """A page of `_counted` items, and the paginator told how many there are in all: one
    statement instead of a count and a page. A page out of range is answered as
    `Paginator.get_page` does, with the last page (then a count and the page: rare)."""
    wanted = _page_number(number)
    rows = _slice(items, wanted) if wanted >= 1 else []
    if not rows and wanted != 1:
        wanted = max(1, -(-items.count() // WORK_PAGE_SIZE))
        rows = _slice(items, wanted)
    paginator = _CountedPaginator(items, WORK_PAGE_SIZE, count=rows[0].in_all if rows else 0)
    return Page(rows, wanted, paginator)


def _team_status_rows(*, scope: WorkScope) -> QuerySet[Team]:
    today = scope.today

    def count(queryset: QuerySet[Any]) -> Subquery:
        # COUNT over the rows without GROUP BY: one row, 0 when there are none.
        rows = queryset.order_by().values(n=Func("pk", function="COUNT"))
        return Subquery(rows, output_field=IntegerField())

    overdue_tasks = count(
        Task.objects.filter(team_id=OuterRef("pk"), status=TaskStatus.OPEN, due_on__lt=today)
    )
    active_measures = Measure.objects.filter(plan__team_id=OuterRef("pk"), status=ItemStatus.ACTIVE)
    return (
        Team.objects.filter(pk__in=scope.team_ids)
        .select_related("child")
        .only("child__given_name", "child__family_name")
        .annotate(
            overdue_tasks=overdue_tasks,
            overdue_evaluations=count(active_measures.filter(evaluate_on__lt=today)),
            next_meeting=Subquery(
                Meeting.objects.filter(
                    team_id=OuterRef("pk"),
                    status=MeetingStatus.PLANNED,
                    starts_at__gte=timezone.now(),
                )
                .order_by("starts_at")
                .values("starts_at")[:1]
            ),
            next_evaluation=Subquery(
                active_measures.filter(evaluate_on__gte=today)
                .order_by("evaluate_on")
                .values("evaluate_on")[:1]
            ),
            overdue=F("overdue_tasks") + F("overdue_evaluations"),
        )
        .order_by("-overdue", "child__given_name", "child__family_name", "pk")
    )


def _names(user: str) -> list[str]:
    """The columns `User.display_name` needs, for `only()` through the relation `user`."""
    return [f"{user}__first_name", f"{user}__last_name", f"{user}__username"]


def _this_week(rows: Sequence[Any]) -> int:
    """The window count `this_week` of `_counted` rows (the same on every row; none, 0)."""
    return rows[0].this_week if rows else 0


def _cut(items: list[Any]) -> tuple[list[Any], bool]:
    return items[:SHORT_LIST], len(items) > SHORT_LIST


def work_list_for(
    *,
    user: User,
    tasks_page: str | int | None = 1,
    teams_page: str | int | None = 1,
    concerns_page: str | int | None = 1,
) -> WorkList:
    """The professional's own work: names, titles and dates only, no content (opening an item
    is the audited read). Overdue first everywhere; lists that grow are paginated, short ones
    cut at a fixed length. A fixed number of queries, whatever the user has.

    Each list reads only the columns the page shows. The count of things needing action is
    the header's (`work_action_count`), taken from what the page reads: the tasks and
    evaluations due this week are counted beside their lists (window counts), and the
    invitations and hand-overs are listed in full."""
    scope = work_scope_for(user=user)
    week_end = scope.week_end
    roles = dict.fromkeys(scope.team_ids, "member") | dict.fromkeys(
        scope.coordinated_ids, "coordinator"
    )
    # The scope holds every team the list has (by id), so the page need not count them.
    teams = _page(_team_status_rows(scope=scope), teams_page, count=len(set(scope.team_ids)))
    teams.object_list = [
        TeamStatusRow(
            team=team,
            role=roles[team.pk],
            overdue_tasks=team.overdue_tasks,
            overdue_evaluations=team.overdue_evaluations,
            next_meeting=team.next_meeting,
            next_evaluation=team.next_evaluation,
        )
        for team in teams.object_list
    ]
    meetings, more_meetings = _cut(
        list(
            Meeting.objects.filter(
                team_id__in=scope.team_ids,
                status=MeetingStatus.PLANNED,
                starts_at__gte=timezone.now() - datetime.timedelta(hours=2),
            )
            .select_related("team__child")
            .only("team", "starts_at", "place", "team__child__given_name")
            .order_by("starts_at", "pk")[: SHORT_LIST + 1]
        )
    )
    evaluations, more_evaluations = _cut(
        list(
            _counted(
                _work_evaluations(user=user, scope=scope), this_week=Q(evaluate_on__lte=week_end)
            )
            .select_related("plan__team__child")
            .only("title", "evaluate_on", "plan__team__child__given_name")
            .order_by("evaluate_on", "title", "pk")[: SHORT_LIST + 1]
        )
    )
    ending, more_consents = _cut(
        list(
            Consent.objects.filter(
                child_id__in=scope.child_ids,
                withdrawn_at__isnull=True,
                valid_from__lte=scope.today,
                valid_until__gte=scope.today,
                valid_until__lte=scope.today + datetime.timedelta(days=CONSENT_HORIZON_DAYS),
            )
            .select_related("child")
            .only("valid_until", "child__given_name", "child__family_name")
            .order_by("valid_until", "pk")[: SHORT_LIST + 1]
        )
    )
    # The user's units, read once: listed on the page, and the concerns filter on their ids.
    units = [m for m in memberships_in_force(user=user) if m.unit_id is not None]
    unit_ids = sorted({m.unit_id for m in units if m.unit_id is not None})
    waiting = transitions_waiting_by_unit(unit_ids=unit_ids) if unit_ids else {}
    transitions_waiting = [
        (membership, waiting[membership.unit_id])
        for membership in {m.unit_id: m for m in units}.values()
        if membership.unit_id in waiting
    ]
    unit_evaluations = list(
        UnitMeasure.objects.filter(
            owner=user,
            status=UnitMeasureStatus.ACTIVE,
            evaluate_on__lte=scope.today + datetime.timedelta(days=14),
        )
        .select_related("concern__child")
        .only("title", "evaluate_on", "concern__child__given_name")
        .order_by("evaluate_on", "pk")[:SHORT_LIST]
    )
    invitations = list(
        _work_invitations(user=user)
        .select_related("team__originating_unit", "invited_by")
        .only("team__originating_unit__name", "invited_at", *_names("invited_by"))
        .order_by("-invited_at")
    )
    unit_invitations = list(
        _work_unit_invitations(user=user, scope=scope)
        .select_related("team__originating_unit", "unit", "invited_by")
        .only("team__originating_unit__name", "unit__name", "invited_at", *_names("invited_by"))
        .order_by("-invited_at", "pk")
    )
    handovers = list(
        _work_handovers(user=user)
        .select_related("from_user")
        .only("team", "created_at", *_names("from_user"))
    )
    tasks = _page_of_counted(
        _counted(_work_tasks(user=user, scope=scope), this_week=Q(due_on__lte=week_end))
        .select_related("child", "owner", "welfare_report")
        .only(
            "team",
            "title",
            "due_on",
            "source_key",
            "child__given_name",
            "welfare_report__concern",
            *_names("owner"),
        )
        .order_by("due_on", "title", "pk"),
        tasks_page,
    )
    concerns = _page_of_counted(
        _counted(
            concerns_open_in_my_units(user=user, unit_ids=unit_ids).filter(team__isnull=True)
        ).only(
            "level",
            "child__given_name",
            "child__family_name",
            "unit__name",
            *_names("responsible"),
        ),
        concerns_page,
    )
    return WorkList(
        scope=scope,
        action_count=(
            _this_week(tasks)
            + _this_week(evaluations)
            + len(invitations)
            + len(unit_invitations)
            + len(handovers)
        ),
        # The scope's coordinated teams are the ones the user coordinates and may see.
        ownerless=ownerless_work_for(user=user, coordinated_ids=scope.coordinated_ids),
        unit_evaluations=unit_evaluations,
        invitations=invitations,
        unit_invitations=unit_invitations,
        handovers=handovers,
        tasks=tasks,
        meetings=meetings,
        evaluations=evaluations,
        consents_ending=[(consent, scope.team_of_child[consent.child_id]) for consent in ending],
        more_meetings=more_meetings,
        more_evaluations=more_evaluations,
        more_consents=more_consents,
        teams=teams,
        concerns=concerns,
        units=units,
        transitions_waiting=transitions_waiting,
    )
