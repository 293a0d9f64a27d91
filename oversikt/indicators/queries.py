"""The database's part of the indicators: each query groups one kind of case by municipality,
quarter and part and counts them (GROUP BY in the database), so the job reads counts, never a
person. A median or a mean is counted as a histogram (cases per number of days or sectors) and
finished in Python from those counts.

The queries run across every municipality; `oversikt.indicators.compute` lifts the database's
row-level scope for them."""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import (
    Coalesce,
    ExtractDay,
    ExtractMonth,
    ExtractQuarter,
    ExtractYear,
    Least,
    TruncDate,
)

from concerns.models import Concern, UnitMeasure, UnitMeasureEvaluation
from consents.models import BasisKind, Consent
from oversikt.indicators.catalogue import (
    AGE_BANDS,
    EVALUATION_EARLY_DAYS,
    SECTOR_GROUP_OF,
    UNANSWERED_DAYS,
)
from plans.models import Evaluation, Goal, Measure, Plan
from teams.models import (
    Handover,
    HandoverStatus,
    Meeting,
    MeetingStatus,
    Task,
    TaskStatus,
    Team,
    TeamMember,
    UnitInvitation,
    UnitInvitationStatus,
)


@dataclass(frozen=True)
class Counted:
    """`count` cases of one indicator in a municipality and quarter: of one part, or (for a
    median or a mean) with one `number` of days or sectors."""

    key: str
    municipality: str
    year: int
    quarter: int
    part: str
    number: int | None
    count: int


class DaysBetween(Func):
    """Whole days from `start` to `end` (two dates; negative when `end` comes first)."""

    output_field = IntegerField()
    arity = 2

    def __init__(self, end: Any, start: Any) -> None:
        super().__init__(end, start)

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler,
            connection,
            template="CAST(julianday(%(expressions)s) AS INTEGER)",
            arg_joiner=") - julianday(",
            **extra,
        )

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler,
            connection,
            template="((%(expressions)s)::date)",
            arg_joiner=")::date - (",
            **extra,
        )


def _day_number(year: Any, month: Any, day: Any) -> ExpressionWrapper:
    """20260315 for 15 March 2026: the difference of two such numbers, divided by 10,000 and
    rounded down, is the age in whole years (as `children.models.age_on` counts it)."""
    return ExpressionWrapper(year * 10000 + month * 100 + day, output_field=IntegerField())


def _age_band(when: str) -> tuple[Case, ExpressionWrapper]:
    """The child's age band on the date of `when` (a date or time field of the row), as a
    CASE over the alias `_age`, and the expression to give `_age`."""
    on = _day_number(ExtractYear(when), ExtractMonth(when), ExtractDay(when))
    born = _day_number(
        ExtractYear("child__birth_date"),
        ExtractMonth("child__birth_date"),
        ExtractDay("child__birth_date"),
    )
    bands = list(AGE_BANDS)
    band = Case(
        *(
            When(Q(_age__lt=next_start * 10000), then=Value(key))
            for (key, _label, _start), (_k, _l, next_start) in itertools.pairwise(bands)
        ),
        default=Value(bands[-1][0]),
        output_field=CharField(),
    )
    return band, ExpressionWrapper(on - born, output_field=IntegerField())


def _grouped(
    queryset: QuerySet[Any], key: str, municipality: str, when: Any, **parts: Any
) -> Iterator[Counted]:
    rows = (
        queryset.order_by()
        .values(_m=F(municipality), _y=ExtractYear(when), _q=ExtractQuarter(when), **parts)
        .annotate(_n=Count("pk"))
    )
    for row in rows:
        yield Counted(
            key=key,
            municipality=row["_m"],
            year=row["_y"],
            quarter=row["_q"],
            part=str(row["_part"]) if "_part" in row else "",
            number=row.get("_number", None),
            count=row["_n"],
        )


def _answer(
    status_field: str, accepted: str, declined: str, asked: str, late: datetime.datetime
) -> Case:
    return Case(
        When(**{status_field: accepted}, then=Value("accepted")),
        When(**{status_field: declined}, then=Value("declined")),
        When(**{f"{asked}__lte": late}, then=Value("unanswered")),
        default=Value("waiting"),
        output_field=CharField(),
    )


def _yes_no(condition: Q) -> Case:
    return Case(When(condition, then=Value("yes")), default=Value("no"), output_field=CharField())


def work_counted(
    *, since: datetime.datetime, today: datetime.date, now: datetime.datetime
) -> Iterator[Counted]:
    """Every indicator's counts from `since` (the start of the first quarter kept) to now."""
    first_day = since.date()

    concerns = Concern.objects.filter(created_at__gte=since)
    yield from _grouped(
        concerns, "concerns_level", "municipality_id", "created_at", _part=F("level")
    )
    for counted in _grouped(
        concerns, "concerns_sector", "municipality_id", "created_at", _part=F("unit__sector")
    ):
        yield Counted(**{**counted.__dict__, "part": SECTOR_GROUP_OF.get(counted.part, "other")})

    # The first measure: a level-1 measure in the unit or a measure of the team's plan, by the
    # day it starts; counted in the quarter it started, once it has.
    unit_first = (
        UnitMeasure.objects.filter(concern=OuterRef("pk"))
        .order_by()
        .values("concern")
        .annotate(day=Min("starts_on"))
        .values("day")
    )
    plan_first = (
        Measure.objects.filter(plan__team__concern=OuterRef("pk"))
        .order_by()
        .values("plan")
        .annotate(day=Min("starts_on"))
        .values("day")
    )
    with_first = Concern.objects.alias(
        _first=Least(
            Coalesce(Subquery(unit_first), Subquery(plan_first)),
            Coalesce(Subquery(plan_first), Subquery(unit_first)),
        )
    ).filter(_first__gte=first_day, _first__lte=today)
    yield from _grouped(
        with_first,
        "days_to_measure",
        "municipality_id",
        "_first",
        _number=DaysBetween(F("_first"), TruncDate("created_at")),
    )

    teams = Team.objects.filter(opened_at__gte=since)
    yield from _grouped(
        teams,
        "days_to_team",
        "municipality_id",
        "opened_at",
        _number=DaysBetween(TruncDate("opened_at"), TruncDate("concern__created_at")),
    )
    sectors = (
        TeamMember.objects.filter(team=OuterRef("pk"), joined_at__isnull=False)
        .order_by()
        .values("team")
        .annotate(n=Count("unit__sector", distinct=True))
        .values("n")
    )
    yield from _grouped(
        teams.alias(_sectors=Coalesce(Subquery(sectors), 0)),
        "sectors_per_team",
        "municipality_id",
        "opened_at",
        _number=F("_sectors"),
    )
    yield from _grouped(
        teams.alias(_plan=Exists(Plan.objects.filter(team=OuterRef("pk")))),
        "teams_with_plan",
        "municipality_id",
        "opened_at",
        _part=_yes_no(Q(_plan=True)),
    )
    # Goals by the quarter their team was opened: the plan records no date a goal was set.
    yield from _grouped(
        Goal.objects.filter(plan__team__opened_at__gte=since),
        "goals_childs_words",
        "plan__municipality_id",
        "plan__team__opened_at",
        _part=_yes_no(Q(in_childs_words=True)),
    )
    yield from _grouped(
        Meeting.objects.filter(status=MeetingStatus.HELD, starts_at__gte=since),
        "child_view_meetings",
        "team__municipality_id",
        "starts_at",
        _part=_yes_no(~Q(child_input="")),
    )

    # Measures by the evaluation date they have now, once it has passed.
    def evaluated(queryset: QuerySet[Any], last: Subquery) -> QuerySet[Any]:
        return queryset.filter(evaluate_on__gte=first_day, evaluate_on__lt=today).alias(
            _gap=DaysBetween(F("evaluate_on"), last)
        )

    timeliness = Case(
        When(_gap__isnull=True, then=Value("none")),
        When(_gap__lt=0, then=Value("late")),
        When(_gap__lte=EVALUATION_EARLY_DAYS, then=Value("on_time")),
        default=Value("none"),
        output_field=CharField(),
    )
    plan_last = Subquery(
        Evaluation.objects.filter(measure=OuterRef("pk"))
        .order_by()
        .values("measure")
        .annotate(day=Max("evaluated_on"))
        .values("day")
    )
    yield from _grouped(
        evaluated(Measure.objects.all(), plan_last),
        "measures_evaluated",
        "plan__municipality_id",
        "evaluate_on",
        _part=timeliness,
    )
    unit_last = Subquery(
        UnitMeasureEvaluation.objects.filter(measure=OuterRef("pk"))
        .order_by()
        .values("measure")
        .annotate(day=Max(TruncDate("evaluated_at")))
        .values("day")
    )
    yield from _grouped(
        evaluated(UnitMeasure.objects.all(), unit_last),
        "measures_evaluated",
        "municipality_id",
        "evaluate_on",
        _part=timeliness,
    )

    late = now - datetime.timedelta(days=UNANSWERED_DAYS)
    yield from _grouped(
        Handover.objects.filter(created_at__gte=since),
        "handovers",
        "team__municipality_id",
        "created_at",
        _part=_answer(
            "status", HandoverStatus.ACCEPTED, HandoverStatus.DECLINED, "created_at", late
        ),
    )
    yield from _grouped(
        UnitInvitation.objects.filter(invited_at__gte=since),
        "unit_invitations",
        "team__municipality_id",
        "invited_at",
        _part=_answer(
            "status",
            UnitInvitationStatus.ACCEPTED,
            UnitInvitationStatus.DECLINED,
            "invited_at",
            late,
        ),
    )

    consents = Consent.objects.filter(kind=BasisKind.CONSENT)
    for key, when, queryset in (
        ("consents_given", "recorded_at", consents.filter(recorded_at__gte=since)),
        ("consents_withdrawn", "withdrawn_at", consents.filter(withdrawn_at__gte=since)),
    ):
        band, age = _age_band(when)
        yield from _grouped(queryset.alias(_age=age), key, "municipality_id", when, _part=band)

    deadlines = Task.objects.filter(welfare_report__isnull=False, due_on__gte=first_day).filter(
        Q(status=TaskStatus.DONE) | Q(due_on__lt=today)
    )
    yield from _grouped(
        deadlines.alias(_done_on=TruncDate("completed_at")),
        "welfare_deadlines",
        "municipality_id",
        "due_on",
        _part=Case(
            When(~Q(status=TaskStatus.DONE), then=Value("open")),
            When(_done_on__lte=F("due_on"), then=Value("met")),
            default=Value("late"),
            output_field=CharField(),
        ),
    )
