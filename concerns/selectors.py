"""Reading concerns and the action guide."""

from __future__ import annotations

import uuid

from django.db.models import QuerySet
from django.http import Http404

from concerns.access import concerns_visible
from concerns.guide import DEFAULT_LEVELS, GuideLevel
from concerns.models import (
    ActionGuideLevel,
    ChildWelfareReport,
    Concern,
    ConcernStatus,
    UnitMeasure,
)
from municipalities.models import Municipality
from people.models import User
from people.selectors import unit_ids_of_user, unit_staff
from teamlog.models import LogEntry


def action_guide_for(*, municipality: Municipality) -> dict[int, GuideLevel]:
    """The municipality's action guide: its own text for a level where it has one, else BTI's."""
    guide = {level.level: level for level in DEFAULT_LEVELS}
    for row in ActionGuideLevel.objects.filter(municipality=municipality):
        guide[row.level] = GuideLevel(
            level=row.level,
            title=row.title,
            description=row.description,
            steps=tuple(line for line in row.steps.splitlines() if line.strip()),
            checklist=tuple(line for line in row.checklist.splitlines() if line.strip()),
            routines=row.routines,
        )
    return guide


def concerns_open_in_my_units(
    *, user: User, unit_ids: list[uuid.UUID] | None = None
) -> QuerySet[Concern]:
    """The work list: open concerns the user sees through their own units. Names only, no
    content; opening one is the read that is audited. The user's unit ids are fetched first
    (one query) unless the caller has them (`unit_ids`), and filtered on as a list."""
    if unit_ids is None:
        unit_ids = unit_ids_of_user(user=user)
    return (
        concerns_visible(user=user, unit_ids=unit_ids)
        .filter(status=ConcernStatus.OPEN)
        .select_related("child", "unit", "responsible")
        .order_by("level", "-updated_at")
    )


def concern_log(*, concern: Concern) -> QuerySet[LogEntry]:
    return (
        LogEntry.objects.filter(concern=concern)
        .select_related("author")
        .order_by("-occurred_at", "-id")
    )


def concern_reports(*, concern: Concern, user: User) -> QuerySet[ChildWelfareReport]:
    """Reports to child welfare sent from this concern that the user may print (their own)."""
    return ChildWelfareReport.objects.filter(concern=concern, reporter=user).order_by("-sent_at")


def concern_colleagues(*, concern: Concern) -> QuerySet[User]:
    """Who can be responsible: active staff of the concern's unit."""
    return User.objects.filter(pk__in=unit_staff(unit=concern.unit).values("user_id")).order_by(
        "first_name", "last_name"
    )


def concerns_listed_for(*, user: User) -> QuerySet[Concern]:
    """The API's list of concerns: the work list's open concerns in the user's units (names and
    dates, no content), with each one's team and the child's municipality, in a stable order."""
    return (
        concerns_open_in_my_units(user=user)
        .select_related("team", "child__municipality")
        .order_by("level", "-updated_at", "pk")
    )


def unit_measures_of_concern(*, concern: Concern) -> QuerySet[UnitMeasure]:
    """The concern's level-1 measures, active first, with their evaluations."""
    return (
        UnitMeasure.objects.filter(concern=concern)
        .select_related("owner")
        .prefetch_related("evaluations__evaluated_by")
        .order_by("status", "evaluate_on", "created_at")
    )


def unit_measure_of_concern(*, concern: Concern, measure_id: uuid.UUID) -> UnitMeasure:
    """One of the concern's level-1 measures (the concern is already access-checked), or 404."""
    measure = UnitMeasure.objects.filter(concern=concern, pk=measure_id).first()
    if measure is None:
        raise Http404
    return measure
