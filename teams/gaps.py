"""A unit leader's responsibility gaps (issue 10): what in the unit's work has nobody acting on
it, as one work list – who is missing, since when, and where it is put right.

What belongs to a unit (see docs/access-model.md, "The unit leader's gap list"):

- teams whose active coordinator acts for the unit and can no longer reach the team – the
  coordinator was deactivated, left the unit, or no consent in force covers the unit any longer
  (`teams.selectors_owners.owner_sees_team`, the rule of `teams.access`);
- hand-overs of the coordinator role to the unit, or from a team the unit coordinates, and
  invitations to the unit, unanswered for 14 days or more;
- measures of a team's plan the unit answers for, and level-1 measures in the unit's own
  concerns, whose evaluation date has passed;
- consents that cover the unit in an open team where the unit has an active member, ending
  within 30 days;
- level-1 concerns of the unit, open for 4 weeks or more, with no active measure (and so no
  evaluation date);
- reports to child welfare from the unit with no receipt recorded after 3 weeks.

The leader is not a member of the teams. A team is named as in the e-mails of
`teams.services.coverage` – the unit that started it and the day it opened – never by the child,
and nothing of a team's content (a measure's title, a consent's purpose) is shown. A child's name
is shown only where the leader may open the item anyway: a level-1 concern in their own unit
(`concerns.access`). The page reads everything in a fixed number of queries and pages the list in
Python: one unit's gaps are a short list, not the national tables."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Exists, Max, OuterRef, Q, QuerySet, Subquery, UUIDField
from django.utils import timezone
from django.utils.translation import gettext as _

from concerns.models import (
    ChildWelfareReport,
    Concern,
    ConcernStatus,
    Level,
    UnitMeasure,
    UnitMeasureStatus,
)
from consents.models import Consent
from people.models import Membership, User
from plans.models import ItemStatus, Measure
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
from teams.selectors_owners import owner_sees_team
from units.models import Unit

UNANSWERED_DAYS = 14
CONSENT_ENDING_DAYS = 30
LEVEL_ONE_DAYS = 28
RECEIPT_DAYS = 21
GAPS_PAGE_SIZE = 20


class GapKind(StrEnum):
    COORDINATOR = "coordinator"
    HANDOVER = "handover"
    INVITATION = "invitation"
    EVALUATION = "evaluation"
    UNIT_EVALUATION = "unit_evaluation"
    CONSENT = "consent"
    LEVEL_ONE = "level_one"
    RECEIPT = "receipt"


class CoordinatorGap(StrEnum):
    """Why a coordinator cannot reach the team, first reason first."""

    DEACTIVATED = "deactivated"
    LEFT_UNIT = "left_unit"
    NOT_COVERED = "not_covered"


@dataclass(frozen=True)
class Gap:
    """One line of the list. `day` is since when the gap has been open (for a consent: the day
    it ends). `child` is set only where the leader may open the item; `who` is whom to ask."""

    kind: GapKind
    day: datetime.date
    key: uuid.UUID
    team: Team | None = None
    who: User | None = None
    child_name: str = ""
    title: str = ""
    reason: str = ""
    concern_id: uuid.UUID | None = None
    unit_name: str = ""

    @property
    def team_text(self) -> str:
        return team_reference(self.team) if self.team is not None else ""


@dataclass
class UnitGaps:
    unit: Unit
    page: Page[Gap]
    counts: dict[str, int]
    today: datetime.date

    @property
    def total(self) -> int:
        return self.page.paginator.count


def team_reference(team: Team) -> str:
    """The team without the child: the unit that started it and the day it opened."""
    return _("the team started by %(unit)s on %(date)s") % {
        "unit": team.originating_unit.name,
        "date": f"{timezone.localtime(team.opened_at):%d.%m.%Y}",
    }


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _older_than(today: datetime.date, days: int) -> datetime.datetime:
    """Moments on a local day at least `days` days before today: before the start of the day
    `days - 1` days ago (14 days ago is in, 13 days ago is not)."""
    return _start_of(today - datetime.timedelta(days=days - 1))


def _local_day(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment).date()


def _in_force(today: datetime.date) -> Q:
    return (
        Q(withdrawn_at__isnull=True)
        & Q(valid_from__lte=today)
        & (Q(valid_until__isnull=True) | Q(valid_until__gte=today))
    )


def coordinators_unreachable(*, unit_id: uuid.UUID) -> QuerySet[TeamMember]:
    """Active coordinators acting for the unit, on open teams, who can no longer see the team,
    with why (`user_active`, `works_there`, `covered`) and since when (`left_on`,
    `last_withdrawn`, `last_valid`)."""
    return coordinators_of_unit(unit_id=unit_id).filter(Q(sees=False))


def coordinators_of_unit(*, unit_id: uuid.UUID) -> QuerySet[TeamMember]:
    """Every active coordinator acting for the unit on an open team, with `sees` (whether they
    can still see the team) and, for those who cannot, why and since when (as
    `coordinators_unreachable`). The gap list reads the unit's coordinated teams from it."""
    today = timezone.localdate()
    works_there = Membership.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=today),
        user_id=OuterRef("user_id"),
        unit_id=OuterRef("unit_id"),
        started_on__lte=today,
    )
    consents = Consent.objects.filter(
        child_id=OuterRef("team__child_id"), units=OuterRef("unit_id")
    )
    ended_memberships = Membership.objects.filter(
        user_id=OuterRef("user_id"), unit_id=OuterRef("unit_id"), ended_on__lt=today
    ).order_by("-ended_on")
    return (
        TeamMember.objects.filter(
            unit_id=unit_id,
            role=MemberRole.COORDINATOR,
            status=MemberStatus.ACTIVE,
            team__status=TeamStatus.OPEN,
        )
        .select_related("user", "team__originating_unit")
        .annotate(
            sees=owner_sees_team(team_id=OuterRef("team_id"), user_id=OuterRef("user_id")),
            works_there=Exists(works_there),
            covered=Exists(consents.filter(_in_force(today))),
            left_on=Subquery(ended_memberships.values("ended_on")[:1]),
            last_withdrawn=Subquery(
                consents.filter(withdrawn_at__isnull=False)
                .order_by()
                .values("child_id")
                .annotate(last=Max("withdrawn_at"))
                .values("last")[:1]
            ),
            last_valid=Subquery(
                consents.filter(valid_until__lt=today)
                .order_by()
                .values("child_id")
                .annotate(last=Max("valid_until"))
                .values("last")[:1]
            ),
        )
        .order_by("team__opened_at", "pk")
    )


def _coordinator_gap(member: Any, today: datetime.date) -> Gap:
    """`member` is a row of `coordinators_unreachable`, with its annotations."""
    one_day = datetime.timedelta(days=1)
    if not member.user.is_active or not member.works_there:
        reason = (
            CoordinatorGap.DEACTIVATED if not member.user.is_active else CoordinatorGap.LEFT_UNIT
        )
        day = member.left_on + one_day if member.left_on else today
    else:
        reason = CoordinatorGap.NOT_COVERED
        ends = [
            _local_day(member.last_withdrawn) if member.last_withdrawn else None,
            member.last_valid + one_day if member.last_valid else None,
        ]
        day = max((end for end in ends if end is not None), default=today)
    return Gap(
        kind=GapKind.COORDINATOR,
        day=day,
        key=member.team_id,
        team=member.team,
        who=member.user,
        reason=reason,
    )


def _gaps(*, unit: Unit, today: datetime.date) -> list[Gap]:
    unanswered = _older_than(today, UNANSWERED_DAYS)
    # Rows of `coordinators_of_unit`, with its annotations.
    coordinators: list[Any] = list(coordinators_of_unit(unit_id=unit.pk))
    gaps = [_coordinator_gap(m, today) for m in coordinators if not m.sees]
    # The open teams the unit coordinates, as a literal list: an `EXISTS` over the members in
    # an `OR` made PostgreSQL read every hand-over in the country (docs/performance.md).
    coordinated_here = [m.team_id for m in coordinators]
    handovers = (
        Handover.objects.filter(
            Q(to_unit_id=unit.pk) | Q(team_id__in=coordinated_here),
            status=HandoverStatus.OPEN,
            team__status=TeamStatus.OPEN,
            created_at__lt=unanswered,
        )
        .select_related("to_user", "to_unit", "team__originating_unit")
        .order_by("created_at", "pk")
    )
    gaps += [
        Gap(
            kind=GapKind.HANDOVER,
            day=_local_day(h.created_at),
            key=h.pk,
            team=h.team,
            who=h.to_user,
            unit_name=h.to_unit.name,
        )
        for h in handovers
    ]
    invitations = (
        UnitInvitation.objects.filter(
            unit_id=unit.pk,
            status=UnitInvitationStatus.OPEN,
            team__status=TeamStatus.OPEN,
            invited_at__lt=unanswered,
        )
        .select_related("team__originating_unit", "invited_by")
        .order_by("invited_at", "pk")
    )
    gaps += [
        Gap(
            kind=GapKind.INVITATION,
            day=_local_day(i.invited_at),
            key=i.pk,
            team=i.team,
            who=i.invited_by,
        )
        for i in invitations
    ]
    measures = (
        Measure.objects.filter(
            responsible_unit_id=unit.pk,
            status=ItemStatus.ACTIVE,
            evaluate_on__lt=today,
            plan__team__status=TeamStatus.OPEN,
        )
        .select_related("responsible_person", "plan__team__originating_unit")
        .order_by("evaluate_on", "pk")
    )
    gaps += [
        Gap(
            kind=GapKind.EVALUATION,
            day=m.evaluate_on,
            key=m.pk,
            team=m.plan.team,
            who=m.responsible_person,
        )
        for m in measures
    ]
    unit_measures = (
        UnitMeasure.objects.filter(
            concern__unit_id=unit.pk,
            concern__status=ConcernStatus.OPEN,
            concern__level__in=(Level.WONDERING, Level.OWN_UNIT),
            status=UnitMeasureStatus.ACTIVE,
            evaluate_on__lt=today,
        )
        .select_related("owner", "concern__child")
        .order_by("evaluate_on", "pk")
    )
    gaps += [
        Gap(
            kind=GapKind.UNIT_EVALUATION,
            day=m.evaluate_on,
            key=m.pk,
            who=m.owner,
            child_name=m.concern.child.full_name,
            title=m.title,
            concern_id=m.concern_id,
        )
        for m in unit_measures
    ]
    unit_on_team = TeamMember.objects.filter(
        team__child_id=OuterRef("child_id"),
        unit_id=unit.pk,
        status=MemberStatus.ACTIVE,
        team__status=TeamStatus.OPEN,
    )
    consents = (
        Consent.objects.filter(
            _in_force(today),
            Exists(unit_on_team),
            units=unit,
            valid_until__lte=today + datetime.timedelta(days=CONSENT_ENDING_DAYS),
        )
        .annotate(
            unit_team_id=Subquery(
                unit_on_team.order_by("team__opened_at").values("team_id")[:1],
                output_field=UUIDField(),
            )
        )
        .order_by("valid_until", "pk")
    )
    consents_ending = list(consents)
    teams = Team.objects.select_related("originating_unit").in_bulk(
        [consent.unit_team_id for consent in consents_ending]
    )
    gaps += [
        Gap(kind=GapKind.CONSENT, day=c.valid_until, key=c.pk, team=teams.get(c.unit_team_id))
        for c in consents_ending
        if c.valid_until is not None
    ]
    has_measure = UnitMeasure.objects.filter(
        concern_id=OuterRef("pk"), status=UnitMeasureStatus.ACTIVE
    )
    concerns = (
        Concern.objects.filter(
            ~Exists(has_measure),
            unit_id=unit.pk,
            level=Level.OWN_UNIT,
            status=ConcernStatus.OPEN,
            created_at__lt=_older_than(today, LEVEL_ONE_DAYS),
        )
        .select_related("child", "responsible")
        .order_by("created_at", "pk")
    )
    gaps += [
        Gap(
            kind=GapKind.LEVEL_ONE,
            day=_local_day(c.created_at),
            key=c.pk,
            who=c.responsible,
            child_name=c.child.full_name,
            concern_id=c.pk,
        )
        for c in concerns
    ]
    reports = (
        ChildWelfareReport.objects.filter(
            unit_id=unit.pk,
            receipt_received_on__isnull=True,
            sent_at__lt=_older_than(today, RECEIPT_DAYS),
        )
        .select_related("reporter")
        .order_by("sent_at", "pk")
    )
    gaps += [
        Gap(kind=GapKind.RECEIPT, day=_local_day(r.sent_at), key=r.pk, who=r.reporter)
        for r in reports
    ]
    return gaps


def unit_gaps(*, unit: Unit, page: str | int | None = 1) -> UnitGaps:
    """The unit's responsibility gaps, oldest first, paged: nine queries whatever their number.
    The caller has checked that the user leads the unit (`people.access.access_unit_led`)."""
    today = timezone.localdate()
    gaps = sorted(_gaps(unit=unit, today=today), key=lambda gap: (gap.day, gap.kind, str(gap.key)))
    counts = {kind.value: 0 for kind in GapKind}
    for gap in gaps:
        counts[gap.kind] += 1
    return UnitGaps(
        unit=unit,
        page=Paginator(gaps, GAPS_PAGE_SIZE).get_page(page),
        counts=counts,
        today=today,
    )


def coordinator_candidates(*, team: Team) -> QuerySet[TeamMember]:
    """Who can take over as coordinator: the team's active members who can see it today."""
    return (
        TeamMember.objects.filter(
            owner_sees_team(team_id=OuterRef("team_id"), user_id=OuterRef("user_id")),
            team=team,
            role=MemberRole.MEMBER,
            status=MemberStatus.ACTIVE,
        )
        .select_related("user", "unit")
        .order_by("unit__name", "user__first_name", "user__last_name", "pk")
    )


def coordinator_gap_of(*, coordinator: TeamMember) -> Gap | None:
    """Why and since when this coordinator cannot reach the team (None if they can now)."""
    member = coordinators_unreachable(unit_id=coordinator.unit_id).filter(pk=coordinator.pk).first()
    return _coordinator_gap(member, timezone.localdate()) if member is not None else None
