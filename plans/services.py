"""Writing the shared plan. Every change is one transaction, leaves a revision (the plan's
history), a line in the log and an access event. Goals and measures carry a version number:
saving over someone else's change raises `StaleItemError` and writes nothing."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from audit.models import Action
from audit.services import child_event_record
from concerns.models import UnitMeasure, UnitMeasureStatus
from consents.selectors import consent_covering
from core.errors import state_conflict
from people.models import User
from people.selectors import works_in
from plans.models import Evaluation, Goal, ItemStatus, Measure, MeasureKind, Plan, Revision
from teamlog.models import LogKind
from teamlog.services import log_text, log_write
from teams.models import MemberStatus, Team, TeamMember
from units.models import Sector, Unit

GOAL_FIELDS = ("text", "in_childs_words", "status")
MEASURE_FIELDS = (
    "title",
    "description",
    "kind",
    "goal_id",
    "responsible_unit_id",
    "responsible_person_id",
    "starts_on",
    "ends_on",
    "evaluate_on",
    "status",
)


class StaleItemError(Exception):
    """Someone saved the goal or measure after the form was opened. `current` is their version,
    `changed` the fields where it differs from what the form started from."""

    def __init__(self, current: Goal | Measure, changed: list[str]) -> None:
        super().__init__("The item was changed by someone else.")
        self.current = current
        self.changed = changed


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def _snapshot(obj: models.Model, fields: tuple[str, ...]) -> dict[str, Any]:
    """The fields as JSON values, for a revision."""
    return {name: _json_value(getattr(obj, name)) for name in fields}


def _revision(plan: Plan, obj: Goal | Measure | Plan, fields: tuple[str, ...], actor: User) -> None:
    Revision.objects.create(
        plan=plan,
        object_type=type(obj).__name__.lower(),
        object_id=obj.pk,
        version=obj.version,
        data=_snapshot(obj, fields),
        changed_by=actor,
        changed_at=timezone.now(),
    )


def _audit(actor: User, team: Team, action: Action, obj: models.Model, purpose: str) -> None:
    child_event_record(
        actor=actor,
        action=action,
        object_type=type(obj).__name__.lower(),
        object_id=str(obj.pk),
        child=team.child,
        purpose=purpose,
        legal_basis="team member with consent",
        team_id=team.pk,
    )


PLAN_FIELDS = ("is_individual_plan", "period_start", "period_end", "resources")


@transaction.atomic
def plan_create(
    *,
    actor: User,
    team: Team,
    period_start: datetime.date,
    period_end: datetime.date,
    resources: str = "",
    is_individual_plan: bool = False,
) -> Plan:
    if hasattr(team, "plan"):
        raise state_conflict(_("The team already has a plan."))
    if period_end < period_start:
        raise ValidationError({"period_end": _("The plan period ends before it starts.")})
    plan = Plan.objects.create(
        municipality=team.municipality,
        team=team,
        period_start=period_start,
        period_end=period_end,
        resources=resources.strip(),
        is_individual_plan=is_individual_plan,
    )
    _revision(plan, plan, PLAN_FIELDS, actor)
    log_write(
        concern=team.concern,
        team=team,
        kind=LogKind.PLAN,
        author=actor,
        text=log_text(
            gettext_noop("Plan made for %(start)s–%(end)s."),
            {"start": period_start.strftime("%d.%m.%Y"), "end": period_end.strftime("%d.%m.%Y")},
        ),
    )
    _audit(actor, team, Action.CREATE, plan, "making the shared plan")
    _unit_measures_carry(actor=actor, plan=plan)
    return plan


def _unit_measures_carry(*, actor: User, plan: Plan) -> None:
    """The measures the unit started at level 1 and still runs become measures of the plan,
    with their owner and evaluation date, so nothing started before the team is lost."""
    team = plan.team
    carried = list(
        UnitMeasure.objects.select_for_update()
        .filter(concern_id=team.concern_id, status=UnitMeasureStatus.ACTIVE)
        .order_by("evaluate_on", "created_at")
    )
    for unit_measure in carried:
        measure = Measure.objects.create(
            plan=plan,
            title=unit_measure.title,
            description=unit_measure.description,
            responsible_unit_id=team.concern.unit_id,
            responsible_person_id=unit_measure.owner_id,
            starts_on=unit_measure.starts_on,
            ends_on=max(plan.period_end, unit_measure.evaluate_on),
            evaluate_on=unit_measure.evaluate_on,
            updated_by=actor,
        )
        _revision(plan, measure, MEASURE_FIELDS, actor)
        log_write(
            concern=team.concern,
            team=team,
            kind=LogKind.MEASURE,
            author=actor,
            text=log_text(
                gettext_noop("Measure from level 1 carried into the plan: %(title)s."),
                {"title": measure.title},
            ),
        )
    UnitMeasure.objects.filter(pk__in=[m.pk for m in carried]).update(
        status=UnitMeasureStatus.CARRIED
    )


@transaction.atomic
def goal_add(*, actor: User, plan: Plan, text: str, in_childs_words: bool = True) -> Goal:
    if not text.strip():
        raise ValidationError({"text": _("Write the goal, in the child's words if you can.")})
    goal = Goal.objects.create(
        plan=plan, text=text.strip(), in_childs_words=in_childs_words, updated_by=actor
    )
    _revision(plan, goal, GOAL_FIELDS, actor)
    team = plan.team
    log_write(
        concern=team.concern,
        team=team,
        kind=LogKind.PLAN,
        author=actor,
        text=log_text(gettext_noop("Goal added: %(text)s"), {"text": goal.text}),
    )
    _audit(actor, team, Action.CREATE, goal, "adding a goal")
    return goal


def _check_version(
    model: type[Goal] | type[Measure], pk: uuid.UUID, version: int, fields: tuple
) -> Any:
    current = model.objects.select_for_update().get(pk=pk)
    if current.version != version:
        previous = Revision.objects.filter(
            object_type=model.__name__.lower(), object_id=pk, version=version
        ).first()
        before = previous.data if previous else {}
        now = _snapshot(current, fields)
        raise StaleItemError(current, [name for name in fields if before.get(name) != now[name]])
    return current


@transaction.atomic
def goal_update(
    *, actor: User, goal: Goal, version: int, text: str, in_childs_words: bool, status: str
) -> Goal:
    current: Goal = _check_version(Goal, goal.pk, version, GOAL_FIELDS)
    if not text.strip():
        raise ValidationError({"text": _("Write the goal, in the child's words if you can.")})
    if status not in ItemStatus.values:
        raise ValidationError({"status": _("Choose a status.")})
    current.text = text.strip()
    current.in_childs_words = in_childs_words
    current.status = status
    current.version += 1
    current.updated_by = actor
    current.save(
        update_fields=["text", "in_childs_words", "status", "version", "updated_by", "updated_at"]
    )
    plan = current.plan
    _revision(plan, current, GOAL_FIELDS, actor)
    log_write(
        concern=plan.team.concern,
        team=plan.team,
        kind=LogKind.PLAN,
        author=actor,
        text=log_text(gettext_noop("Goal changed: %(text)s"), {"text": current.text}),
    )
    _audit(actor, plan.team, Action.UPDATE, current, "changing a goal")
    return current


def _measure_errors(
    *,
    plan: Plan,
    title: str,
    responsible_unit: Unit,
    responsible_person: User,
    starts_on: datetime.date,
    ends_on: datetime.date,
    evaluate_on: datetime.date,
    goal: Goal | None,
    kind: str,
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not title.strip():
        errors["title"] = _("Say what the measure is.")
    if kind not in MeasureKind.values:
        errors["kind"] = _("Choose what kind of measure it is.")
    if ends_on < starts_on:
        errors["ends_on"] = _("The measure ends before it starts.")
    if not starts_on <= evaluate_on:
        errors["evaluate_on"] = _("The evaluation date must be on or after the start.")
    if goal is not None and goal.plan_id != plan.pk:
        errors["goal"] = _("Choose a goal from this plan.")
    on_team = TeamMember.objects.filter(
        team=plan.team, user=responsible_person, status=MemberStatus.ACTIVE
    ).exists()
    if not on_team:
        errors["responsible_person"] = _("The responsible person must be an active team member.")
    elif not works_in(user=responsible_person, unit_id=responsible_unit.pk):
        errors["responsible_unit"] = _("The responsible person must work in the responsible unit.")
    elif (
        consent_covering(
            child_id=plan.team.child_id, unit_id=responsible_unit.pk, on=timezone.localdate()
        )
        is None
    ):
        errors["responsible_unit"] = _(
            "No consent in force covers the responsible unit: it cannot answer for a measure."
        )
    elif kind == MeasureKind.APPRENTICESHIP and responsible_unit.sector != Sector.APPRENTICESHIP:
        errors["responsible_unit"] = _(
            "An apprenticeship or training in a company is followed up by the county's "
            "fagopplæring or a training office: choose someone who works there."
        )
    return errors


@transaction.atomic
def measure_add(
    *,
    actor: User,
    plan: Plan,
    title: str,
    description: str,
    responsible_unit: Unit,
    responsible_person: User,
    starts_on: datetime.date,
    ends_on: datetime.date,
    evaluate_on: datetime.date,
    goal: Goal | None = None,
    kind: str = MeasureKind.GENERAL,
) -> Measure:
    errors = _measure_errors(
        plan=plan,
        title=title,
        responsible_unit=responsible_unit,
        responsible_person=responsible_person,
        starts_on=starts_on,
        ends_on=ends_on,
        evaluate_on=evaluate_on,
        goal=goal,
        kind=kind,
    )
    if errors:
        raise ValidationError(errors)
    measure = Measure.objects.create(
        plan=plan,
        goal=goal,
        title=title.strip(),
        description=description.strip(),
        kind=kind,
        responsible_unit=responsible_unit,
        responsible_person=responsible_person,
        starts_on=starts_on,
        ends_on=ends_on,
        evaluate_on=evaluate_on,
        updated_by=actor,
    )
    _revision(plan, measure, MEASURE_FIELDS, actor)
    log_write(
        concern=plan.team.concern,
        team=plan.team,
        kind=LogKind.MEASURE,
        author=actor,
        text=log_text(
            gettext_noop("Measure added: %(title)s (%(unit)s, evaluate by %(date)s)."),
            {
                "title": measure.title,
                "unit": responsible_unit.name,
                "date": evaluate_on.strftime("%d.%m.%Y"),
            },
        ),
    )
    _audit(actor, plan.team, Action.CREATE, measure, "adding a measure")
    return measure


@transaction.atomic
def measure_update(
    *,
    actor: User,
    measure: Measure,
    version: int,
    title: str,
    description: str,
    responsible_unit: Unit,
    responsible_person: User,
    starts_on: datetime.date,
    ends_on: datetime.date,
    evaluate_on: datetime.date,
    status: str,
    goal: Goal | None = None,
    kind: str | None = None,
) -> Measure:
    """`kind` None keeps the measure's kind."""
    current: Measure = _check_version(Measure, measure.pk, version, MEASURE_FIELDS)
    plan = current.plan
    kind = current.kind if kind is None else kind
    errors = _measure_errors(
        plan=plan,
        title=title,
        responsible_unit=responsible_unit,
        responsible_person=responsible_person,
        starts_on=starts_on,
        ends_on=ends_on,
        evaluate_on=evaluate_on,
        goal=goal,
        kind=kind,
    )
    if status not in ItemStatus.values:
        errors["status"] = _("Choose a status.")
    if errors:
        raise ValidationError(errors)
    current.title = title.strip()
    current.description = description.strip()
    current.kind = kind
    current.responsible_unit = responsible_unit
    current.responsible_person = responsible_person
    current.starts_on, current.ends_on, current.evaluate_on = starts_on, ends_on, evaluate_on
    current.goal = goal
    current.status = status
    current.version += 1
    current.updated_by = actor
    current.save()
    _revision(plan, current, MEASURE_FIELDS, actor)
    log_write(
        concern=plan.team.concern,
        team=plan.team,
        kind=LogKind.MEASURE,
        author=actor,
        text=log_text(gettext_noop("Measure changed: %(title)s"), {"title": current.title}),
    )
    _audit(actor, plan.team, Action.UPDATE, current, "changing a measure")
    return current


@transaction.atomic
def evaluation_add(
    *,
    actor: User,
    measure: Measure,
    evaluated_on: datetime.date,
    result: str,
    child_view: str,
    next_evaluation: datetime.date | None = None,
) -> Evaluation:
    """Evaluate a measure, with the child's view; optionally set the next evaluation date."""
    errors: dict[str, str] = {}
    if not result.strip():
        errors["result"] = _("Write what the evaluation found.")
    if evaluated_on > timezone.localdate():
        errors["evaluated_on"] = _("An evaluation cannot be dated in the future.")
    if next_evaluation is not None and next_evaluation <= evaluated_on:
        errors["next_evaluation"] = _("The next evaluation must come after this one.")
    if errors:
        raise ValidationError(errors)
    evaluation = Evaluation.objects.create(
        measure=measure,
        evaluated_on=evaluated_on,
        result=result.strip(),
        child_view=child_view.strip(),
        author=actor,
    )
    plan = measure.plan
    if next_evaluation is not None:
        locked = Measure.objects.select_for_update().get(pk=measure.pk)
        locked.evaluate_on = next_evaluation
        locked.version += 1
        locked.updated_by = actor
        locked.save(update_fields=["evaluate_on", "version", "updated_by", "updated_at"])
        _revision(plan, locked, MEASURE_FIELDS, actor)
    log_write(
        concern=plan.team.concern,
        team=plan.team,
        kind=LogKind.EVALUATION,
        author=actor,
        text=log_text(
            gettext_noop("Evaluation of %(title)s: %(result)s"),
            {"title": measure.title, "result": evaluation.result},
        ),
    )
    _audit(actor, plan.team, Action.CREATE, evaluation, "evaluating a measure")
    return evaluation
