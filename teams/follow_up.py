"""The follow-up service's work list (issue 9 part 5): the young people handed to a unit of the
follow-up service (oppfølgingstjenesten, OT), and the teams an upper secondary school left with
nobody taking over.

A team is on the list of an OT unit when, while it is open and the young person is of OT's age
(from the year they turn 15 to the year they turn 21, `education.choice.18-21` in the rights
table: OT helps until the end of the year they turn 21):

- the unit is involved: someone acts for it on the team (active or invited), the unit is invited
  as a unit, or a hand-over of the coordinator role to the unit is open (`REASONS`); or
- an upper secondary school left: a member acting for an upper secondary school has left the
  team, no member, invitation or open hand-over of a receiving unit (another upper secondary
  school, OT, fagopplæring or a training office, NAV) has taken over, and the child lives in a
  municipality the unit's organisation serves.

What the list shows of a team depends on consent, as everything else of a child's (see
docs/access-model.md, "The follow-up service's work list"): where a consent in force covers the
OT unit, the young person's name and age, the team's coordinator, what was agreed (the plan's
measures: title, responsible unit, status, evaluation date) and the kind and day of the last log
line – never its text; otherwise only a count. Everything is read in a fixed number of queries.

Transitions to OT (a workflow another module builds) join as one more reason: an `Exists` over
open transitions to the unit in `_reasons`, with its label in `Reason` – no new query."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, cast

from django.core.paginator import Page, Paginator
from django.db.models import Exists, Max, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from consents.models import Consent
from plans.models import Measure, Plan
from rights.selectors import age_on
from teamlog.models import LogEntry, LogKind
from teams.models import (
    Handover,
    HandoverStatus,
    MemberRole,
    MemberStatus,
    Team,
    TeamMember,
    TeamStatus,
    UnitInvitation,
    UnitInvitationStatus,
)
from units.models import Sector, Unit

FOLLOW_UP_PAGE_SIZE = 20
# Ages by the year they are reached: the year a pupil leaves lower secondary (15 or 16) to the
# end of the year they turn 21 (the rights table's `education.choice.18-21`).
FIRST_AGE = 15
LAST_AGE = 21
# Units that take over from an upper secondary school a young person left.
RECEIVING_SECTORS = (
    Sector.UPPER_SECONDARY,
    Sector.FOLLOW_UP_SERVICE,
    Sector.APPRENTICESHIP,
    Sector.NAV,
)


class Reason(StrEnum):
    """Why a team is on the list, first reason first."""

    ON_TEAM = "on_team"
    INVITED = "invited"
    HANDOVER = "handover"
    SCHOOL_LEFT = "school_left"


@dataclass(frozen=True)
class FollowUpRow:
    """One named line. `team` has `child` and `coordinators` (prefetched) on it; `measures` are
    its plan's (what was agreed); `reason` why it is listed."""

    team: Any
    reason: Reason
    measures: list[Measure]
    age: int
    school_left_on: datetime.date | None
    last_log_kind: str
    last_log_on: datetime.date | None

    @property
    def last_log_label(self) -> str:
        return str(LogKind(self.last_log_kind).label) if self.last_log_kind else ""


@dataclass
class FollowUpList:
    unit: Unit
    page: Page[FollowUpRow]
    unnamed_involved: int  # teams the unit is involved in, with no consent covering it
    unnamed_school_left: int  # teams a school left, in the municipalities served, no consent
    today: datetime.date

    @property
    def total(self) -> int:
        return self.page.paginator.count

    @property
    def unnamed(self) -> int:
        return self.unnamed_involved + self.unnamed_school_left


def _reasons(unit: Unit) -> dict[Reason, Any]:
    """Each reason as a condition on a team (OuterRef("pk")); a transition to OT is one more."""
    return {
        Reason.ON_TEAM: Exists(
            TeamMember.objects.filter(
                team_id=OuterRef("pk"), unit_id=unit.pk, status=MemberStatus.ACTIVE
            )
        ),
        Reason.INVITED: Exists(
            TeamMember.objects.filter(
                team_id=OuterRef("pk"), unit_id=unit.pk, status=MemberStatus.INVITED
            )
        )
        | Exists(
            UnitInvitation.objects.filter(
                team_id=OuterRef("pk"), unit_id=unit.pk, status=UnitInvitationStatus.OPEN
            )
        ),
        Reason.HANDOVER: Exists(
            Handover.objects.filter(
                team_id=OuterRef("pk"), to_unit_id=unit.pk, status=HandoverStatus.OPEN
            )
        ),
    }


def _school_left() -> Q:
    """An upper secondary school's member left, and no receiving unit has taken over."""
    receiving = Exists(
        TeamMember.objects.filter(
            team_id=OuterRef("pk"),
            unit__sector__in=RECEIVING_SECTORS,
            status__in=(MemberStatus.ACTIVE, MemberStatus.INVITED),
        )
    )
    invited = Exists(
        UnitInvitation.objects.filter(
            team_id=OuterRef("pk"),
            unit__sector__in=RECEIVING_SECTORS,
            status=UnitInvitationStatus.OPEN,
        )
    )
    handed = Exists(
        Handover.objects.filter(
            team_id=OuterRef("pk"),
            to_unit__sector__in=RECEIVING_SECTORS,
            status=HandoverStatus.OPEN,
        )
    )
    left = Exists(
        TeamMember.objects.filter(
            team_id=OuterRef("pk"), unit__sector=Sector.UPPER_SECONDARY, status=MemberStatus.LEFT
        )
    )
    return Q(left) & ~Q(receiving) & ~Q(invited) & ~Q(handed)


def _candidate_ids(unit: Unit, served: list[str]) -> list[Any]:
    """Every team the list could name, read by index in one query: the unit is on it or
    invited, a hand-over to it is open, or an upper secondary school's member left it in a
    municipality the unit serves. The list filters on these ids as a literal list: an `OR` of
    `EXISTS` over every open team made PostgreSQL walk the country's teams (docs/performance.md)."""
    members = (
        TeamMember.objects.filter(
            unit_id=unit.pk, status__in=(MemberStatus.ACTIVE, MemberStatus.INVITED)
        )
        .order_by()
        .values_list("team_id", flat=True)
    )
    invitations = (
        UnitInvitation.objects.filter(unit_id=unit.pk, status=UnitInvitationStatus.OPEN)
        .order_by()
        .values_list("team_id", flat=True)
    )
    handovers = (
        Handover.objects.filter(to_unit_id=unit.pk, status=HandoverStatus.OPEN)
        .order_by()
        .values_list("team_id", flat=True)
    )
    left = (
        TeamMember.objects.filter(
            unit__sector=Sector.UPPER_SECONDARY,
            status=MemberStatus.LEFT,
            team__status=TeamStatus.OPEN,
            team__municipality_id__in=served,
        )
        .order_by()
        .values_list("team_id", flat=True)
    )
    return list(members.union(invitations, handovers, left))


def _teams(unit: Unit, today: datetime.date) -> QuerySet[Team]:
    reasons = _reasons(unit)
    involved = Q()
    for condition in reasons.values():
        involved |= Q(condition)
    # The municipalities served, as a literal list: a subquery left PostgreSQL guessing how
    # many there are, and the plan it keeps for a prepared statement guessed three for a
    # county's 21 and walked every open team of them (docs/performance.md).
    served = list(unit.organisation.serves.values_list("number", flat=True))
    return (
        Team.objects.filter(
            involved | (_school_left() & Q(municipality_id__in=served)),
            pk__in=_candidate_ids(unit, served),
            status=TeamStatus.OPEN,
            child__birth_date__year__gte=today.year - LAST_AGE,
            child__birth_date__year__lte=today.year - FIRST_AGE,
        )
        .annotate(
            **{reason.value: condition for reason, condition in reasons.items()},
            covered=Exists(
                Consent.objects.filter(
                    Q(valid_until__isnull=True) | Q(valid_until__gte=today),
                    child_id=OuterRef("child_id"),
                    units=unit.pk,
                    withdrawn_at__isnull=True,
                    valid_from__lte=today,
                )
            ),
        )
        .order_by("opened_at", "pk")
    )


def _reason_of(*, on_team: bool, invited: bool, handover: bool) -> Reason:
    """The first reason that holds; a team with none is listed because a school left."""
    flags = {Reason.ON_TEAM: on_team, Reason.INVITED: invited, Reason.HANDOVER: handover}
    return next((reason for reason, holds in flags.items() if holds), Reason.SCHOOL_LEFT)


def follow_up_list(*, unit: Unit, page: str | int | None = 1) -> FollowUpList:
    """The OT unit's work list, oldest team first, paged: seven queries whatever its length.
    The caller has checked that the user works in the unit
    (`people.access.access_unit_follow_up`), which also records the read."""
    today = timezone.localdate()
    # Each listed team's id, reasons and whether a consent covers the unit, in one query; the
    # counts and the page come from it, and only the page's teams are read whole (by id).
    listed = list(
        _teams(unit, today).values_list(
            "pk", Reason.ON_TEAM.value, Reason.INVITED.value, Reason.HANDOVER.value, "covered"
        )
    )
    reasons: dict[Any, Reason] = {}
    named_ids = []
    unnamed_involved = unnamed_school_left = 0
    for pk, on_team, invited, handover, covered in listed:
        if covered:
            named_ids.append(pk)
            reasons[pk] = _reason_of(on_team=on_team, invited=invited, handover=handover)
        elif on_team or invited or handover:
            unnamed_involved += 1
        else:
            unnamed_school_left += 1
    paged = Paginator(named_ids, FOLLOW_UP_PAGE_SIZE).get_page(page)
    page_ids = list(paged.object_list)
    last_log = LogEntry.objects.filter(team_id=OuterRef("pk")).order_by("-occurred_at", "-pk")
    school_left = TeamMember.objects.filter(
        team_id=OuterRef("pk"), unit__sector=Sector.UPPER_SECONDARY, status=MemberStatus.LEFT
    )
    named = (
        Team.objects.filter(pk__in=page_ids)
        .order_by()  # in the page's order, below
        .select_related("child", "originating_unit")
        .annotate(
            last_log_kind=Subquery(last_log.values("kind")[:1]),
            last_log_at=Subquery(last_log.values("occurred_at")[:1]),
            school_left_at=Subquery(
                school_left.order_by()
                .values("team_id")
                .annotate(last=Max("left_at"))
                .values("last")[:1]
            ),
        )
        .prefetch_related(
            Prefetch(
                "members",
                queryset=TeamMember.objects.filter(
                    role=MemberRole.COORDINATOR, status=MemberStatus.ACTIVE
                ).select_related("user", "unit"),
                to_attr="coordinators",
            ),
            Prefetch(
                "plan",
                queryset=Plan.objects.prefetch_related(
                    Prefetch(
                        "measures",
                        queryset=Measure.objects.select_related("responsible_unit").order_by(
                            "evaluate_on", "pk"
                        ),
                        to_attr="agreed",
                    )
                ),
            ),
        )
    )
    teams = {team.pk: team for team in named}
    rows = [
        FollowUpRow(
            team=team,
            reason=reasons[team.pk],
            # A team without a plan has agreed nothing yet (the reverse one-to-one is missing).
            measures=getattr(getattr(team, "plan", None), "agreed", []),
            age=age_on(team.child.birth_date, today),
            school_left_on=(
                timezone.localtime(team.school_left_at).date() if team.school_left_at else None
            ),
            last_log_kind=team.last_log_kind or "",
            last_log_on=timezone.localtime(team.last_log_at).date() if team.last_log_at else None,
        )
        for team in (teams[pk] for pk in page_ids)
    ]
    shown = cast("Page[FollowUpRow]", paged)
    shown.object_list = rows
    return FollowUpList(
        unit=unit,
        page=shown,
        unnamed_involved=unnamed_involved,
        unnamed_school_left=unnamed_school_left,
        today=today,
    )
