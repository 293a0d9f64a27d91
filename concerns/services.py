"""Raising and following up concerns; reporting to child welfare. One transaction each, audited
inside it."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from audit.models import Action
from audit.services import child_event_record
from children.models import Child
from children.services import ChildData, child_register
from concerns.models import (
    TEAM_LEVELS,
    ChildWelfareReport,
    Concern,
    ConcernStatus,
    Level,
    UnitMeasure,
    UnitMeasureEvaluation,
    UnitMeasureStatus,
)
from consents.sharing import report_legal_basis
from people.models import User
from people.selectors import works_in
from teamlog.models import LogKind
from teamlog.services import log_text, log_write
from teams.models import Task, TaskStatus
from units.models import Unit

# Statutory deadlines for child welfare after a report (barnevernsloven §§ 2-1, 2-2 and 13-2):
# review within a week, tell a public reporter within three weeks that it was received,
# finish an investigation within three months.
REPORT_DEADLINES: tuple[tuple[int, str], ...] = (
    (7, gettext_noop("Child welfare reviews the report (within 1 week)")),
    (21, gettext_noop("Child welfare confirms receipt to the reporter (within 3 weeks)")),
    (92, gettext_noop("Child welfare completes any investigation (within 3 months)")),
)


@transaction.atomic
def concern_raise(
    *,
    actor: User,
    unit: Unit,
    child: Child,
    observed: str,
    child_view: str = "",
    guardians_view: str = "",
    level: int = Level.WONDERING,
    responsible: User | None = None,
) -> Concern:
    """A new concern in the actor's own unit, at level 0 or 1, with a named responsible person
    who works in the same unit (the actor unless someone else is named)."""
    if not works_in(user=actor, unit_id=unit.pk):
        raise PermissionDenied
    responsible = responsible or actor
    errors: dict[str, str] = {}
    if level in TEAM_LEVELS:
        errors["level"] = _(
            "A concern starts at level 0 or 1. Level 2 needs consent and a team: open one from "
            "the concern."
        )
    if not works_in(user=responsible, unit_id=unit.pk):
        errors["responsible"] = _("The responsible person must work in the same unit.")
    if not observed.strip():
        errors["observed"] = _("Write what you have observed.")
    if errors:
        raise ValidationError(errors)
    concern = Concern.objects.create(
        municipality=unit.municipality,
        unit=unit,
        child=child,
        level=level,
        observed=observed.strip(),
        child_view=child_view.strip(),
        guardians_view=guardians_view.strip(),
        raised_by=actor,
        responsible=responsible,
    )
    log_write(
        concern=concern,
        kind=LogKind.NOTE,
        author=actor,
        text=log_text(gettext_noop("Concern raised at %(level)s."), {"level": concern.level}),
    )
    child_event_record(
        actor=actor,
        action=Action.CREATE,
        object_type="concern",
        object_id=concern.pk,
        child=child,
        purpose="raising a concern",
        legal_basis="own unit",
    )
    return concern


@transaction.atomic
def concern_raise_for_child(
    *,
    actor: User,
    unit: Unit,
    child: ChildData,
    not_a_duplicate: bool,
    observed: str,
    child_view: str = "",
    guardians_view: str = "",
    level: int = Level.WONDERING,
) -> Concern:
    """Register the child (or link to the record their identity number already has) and raise
    the concern, as one transaction: a concern that cannot be raised leaves no child record
    behind. The page and the API both call this."""
    registered = child_register(
        actor=actor,
        unit=unit,
        given_name=child.given_name,
        family_name=child.family_name,
        birth_date=child.birth_date,
        identity_number=child.identity_number,
        languages=child.languages,
        interpreter_needed=child.interpreter_needed,
        interpreter_language=child.interpreter_language,
        guardians=child.guardians,
        not_a_duplicate=not_a_duplicate,
    )
    return concern_raise(
        actor=actor,
        unit=unit,
        child=registered,
        observed=observed,
        child_view=child_view,
        guardians_view=guardians_view,
        level=level,
    )


class StaleConcernError(Exception):
    def __init__(self, current: Concern) -> None:
        super().__init__("The concern was changed by someone else.")
        self.current = current


@transaction.atomic
def concern_update(
    *,
    actor: User,
    concern: Concern,
    version: int,
    observed: str,
    child_view: str,
    guardians_view: str,
    level: int,
    responsible: User,
) -> Concern:
    """Change what is written, the level within 0–1, or the responsible person.

    A version check guards against lost updates: `StaleConcernError` carries the other change."""
    current = Concern.objects.select_for_update().get(pk=concern.pk)
    if current.version != version:
        raise StaleConcernError(current)
    errors: dict[str, str] = {}
    if level in TEAM_LEVELS and not hasattr(current, "team"):
        errors["level"] = _("Level 2 and 3 need consent and a team: open a team instead.")
    if level not in TEAM_LEVELS and hasattr(current, "team"):
        errors["level"] = _("This concern has a team; close the team to end the collaboration.")
    if not works_in(user=responsible, unit_id=current.unit.pk):
        errors["responsible"] = _("The responsible person must work in the same unit.")
    if not observed.strip():
        errors["observed"] = _("Write what you have observed.")
    if errors:
        raise ValidationError(errors)
    changes = []
    if current.level != level:
        changes.append(
            log_text(
                gettext_noop("Level changed from %(old)s to %(new)s."),
                {"old": current.level, "new": level},
            )
        )
    if current.responsible_id != responsible.pk:
        changes.append(
            log_text(
                gettext_noop("Responsible changed to %(name)s."),
                {"name": responsible.display_name()},
            )
        )
    current.observed = observed.strip()
    current.child_view = child_view.strip()
    current.guardians_view = guardians_view.strip()
    current.level = level
    current.responsible = responsible
    current.version += 1
    current.save(
        update_fields=[
            "observed",
            "child_view",
            "guardians_view",
            "level",
            "responsible",
            "version",
            "updated_at",
        ]
    )
    for change in changes or [log_text(gettext_noop("The concern was updated."))]:
        log_write(
            concern=current,
            kind=LogKind.LEVEL if "Level" in change.message else LogKind.NOTE,
            author=actor,
            text=change,
        )
    child_event_record(
        actor=actor,
        action=Action.UPDATE,
        object_type="concern",
        object_id=current.pk,
        child=current.child,
        purpose="following up a concern",
        legal_basis="own unit",
    )
    return current


@transaction.atomic
def concern_close(*, actor: User, concern: Concern, reason: str) -> Concern:
    if hasattr(concern, "team") and concern.team.is_open:
        raise ValidationError({"reason": _("Close the team first.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the concern is closed.")})
    concern.status = ConcernStatus.CLOSED
    concern.closed_at = timezone.now()
    concern.version += 1
    concern.save(update_fields=["status", "closed_at", "version", "updated_at"])
    log_write(
        concern=concern,
        kind=LogKind.CLOSED,
        author=actor,
        text=log_text(gettext_noop("Concern closed: %(reason)s"), {"reason": reason.strip()}),
    )
    child_event_record(
        actor=actor,
        action=Action.UPDATE,
        object_type="concern",
        object_id=concern.pk,
        child=concern.child,
        purpose="closing a concern",
        legal_basis="own unit",
    )
    return concern


@transaction.atomic
def welfare_report_send(
    *,
    actor: User,
    unit: Unit,
    child: Child,
    grounds: str,
    urgent: bool,
    guardians_informed: bool,
    concern: Concern | None = None,
    welfare_owner: User | None = None,
) -> ChildWelfareReport:
    """Send a report to child welfare on the duty to report (not on consent), and track the
    statutory deadlines as tasks for the reporter to follow up."""
    if not works_in(user=actor, unit_id=unit.pk):
        raise PermissionDenied
    if not grounds.strip():
        raise ValidationError({"grounds": _("Describe what the concern is based on.")})
    now = timezone.now()
    report = ChildWelfareReport.objects.create(
        municipality=unit.municipality,
        unit=unit,
        child=child,
        concern=concern,
        reporter=actor,
        grounds=grounds.strip(),
        urgent=urgent,
        guardians_informed=guardians_informed,
        legal_basis=report_legal_basis(unit=unit),
        sent_at=now,
    )
    today = timezone.localdate()
    Task.objects.bulk_create(
        Task(
            municipality=unit.municipality,
            child=child,
            welfare_report=report,
            title=_(title),
            owner=welfare_owner or actor,
            due_on=today + datetime.timedelta(days=days),
        )
        for days, title in REPORT_DEADLINES
    )
    if concern is not None:
        log_write(
            concern=concern,
            kind=LogKind.DECISION,
            author=actor,
            text=log_text(
                gettext_noop("Report sent to child welfare (%(basis)s)."),
                {"basis": report.legal_basis},
            ),
        )
    child_event_record(
        actor=actor,
        action=Action.CREATE,
        object_type="welfare_report",
        object_id=report.pk,
        child=child,
        purpose="report of concern to child welfare",
        legal_basis=report.legal_basis,
    )
    return report


@transaction.atomic
def unit_measure_add(
    *,
    actor: User,
    concern: Concern,
    title: str,
    owner: User,
    starts_on: datetime.date,
    evaluate_on: datetime.date,
    description: str = "",
) -> UnitMeasure:
    """A measure in the concern's own unit (level 0–1), owned by someone who works there, with
    a date to evaluate it. A concern with a team keeps its measures in the team's plan."""
    if not works_in(user=actor, unit_id=concern.unit_id):
        raise PermissionDenied
    errors: dict[str, str] = {}
    if concern.status != ConcernStatus.OPEN:
        errors["title"] = _("The concern is closed.")
    elif not concern.stays_in_unit or hasattr(concern, "team"):
        errors["title"] = _("The concern has a team: add measures to the team's plan.")
    if not title.strip():
        errors["title"] = _("Write what the measure is.")
    if not works_in(user=owner, unit_id=concern.unit_id):
        errors["owner"] = _("The owner must work in the same unit.")
    if evaluate_on < starts_on:
        errors["evaluate_on"] = _("The evaluation date cannot come before the start.")
    if errors:
        raise ValidationError(errors)
    measure = UnitMeasure.objects.create(
        municipality=concern.municipality,
        concern=concern,
        title=title.strip(),
        description=description.strip(),
        owner=owner,
        starts_on=starts_on,
        evaluate_on=evaluate_on,
        created_by=actor,
    )
    log_write(
        concern=concern,
        kind=LogKind.MEASURE,
        author=actor,
        text=log_text(
            gettext_noop("Measure: %(title)s (owner %(owner)s, evaluate %(date)s)."),
            {
                "title": measure.title,
                "owner": owner.display_name(),
                "date": evaluate_on.strftime("%d.%m.%Y"),
            },
        ),
    )
    child_event_record(
        actor=actor,
        action=Action.CREATE,
        object_type="unit_measure",
        object_id=measure.pk,
        child=concern.child,
        purpose="a measure in the own unit",
        legal_basis="own unit",
    )
    return measure


@transaction.atomic
def unit_measure_evaluate(
    *,
    actor: User,
    measure: UnitMeasure,
    text: str,
    child_view: str = "",
    continues: bool,
    next_evaluation: datetime.date | None = None,
) -> UnitMeasureEvaluation:
    """Evaluate a level-1 measure: it goes on to a new evaluation date, or it ends."""
    measure = (
        UnitMeasure.objects.select_for_update().select_related("concern__child").get(pk=measure.pk)
    )
    concern = measure.concern
    if not works_in(user=actor, unit_id=concern.unit_id):
        raise PermissionDenied
    errors: dict[str, str] = {}
    if measure.status != UnitMeasureStatus.ACTIVE:
        errors["text"] = _("This measure is no longer active.")
    if not text.strip():
        errors["text"] = _("Write what the evaluation found.")
    if continues and next_evaluation is None:
        errors["next_evaluation"] = _("Choose when the measure is evaluated next.")
    if continues and next_evaluation is not None and next_evaluation <= timezone.localdate():
        errors["next_evaluation"] = _("The next evaluation must be after today.")
    if errors:
        raise ValidationError(errors)
    evaluation = UnitMeasureEvaluation.objects.create(
        measure=measure,
        text=text.strip(),
        child_view=child_view.strip(),
        continues=continues,
        next_evaluation=next_evaluation if continues else None,
        evaluated_by=actor,
    )
    if continues and next_evaluation is not None:
        measure.evaluate_on = next_evaluation
        measure.save(update_fields=["evaluate_on"])
    else:
        measure.status = UnitMeasureStatus.ENDED
        measure.save(update_fields=["status"])
    log_write(
        concern=concern,
        kind=LogKind.EVALUATION,
        author=actor,
        text=log_text(
            gettext_noop("Evaluation of %(title)s: %(text)s"),
            {"title": measure.title, "text": evaluation.text},
        ),
    )
    child_event_record(
        actor=actor,
        action=Action.UPDATE,
        object_type="unit_measure",
        object_id=measure.pk,
        child=concern.child,
        purpose="evaluating a measure in the own unit",
        legal_basis="own unit",
    )
    return evaluation


# The deadline task that waits for child welfare's receipt (the second of REPORT_DEADLINES).
RECEIPT_DAYS = 21


@transaction.atomic
def welfare_report_receipt_record(
    *, actor: User, report: ChildWelfareReport, received_on: datetime.date
) -> ChildWelfareReport:
    """Record the day child welfare's receipt of a report came. The caller has checked that the
    actor may (`concerns.access.access_welfare_report_receipt`). The deadline task that waited
    for the receipt is done with it; audited, and written in the concern's log."""
    report = (
        ChildWelfareReport.objects.select_for_update().select_related("child").get(pk=report.pk)
    )
    sent_on = timezone.localtime(report.sent_at).date()
    if received_on < sent_on:
        raise ValidationError({"received_on": _("The receipt cannot come before the report.")})
    if received_on > timezone.localdate():
        raise ValidationError({"received_on": _("The day cannot be in the future.")})
    report.receipt_received_on = received_on
    report.save(update_fields=["receipt_received_on"])
    report.deadlines.filter(
        status=TaskStatus.OPEN, due_on=sent_on + datetime.timedelta(days=RECEIPT_DAYS)
    ).update(status=TaskStatus.DONE, completed_at=timezone.now())
    if report.concern_id is not None:
        concern = Concern.objects.get(pk=report.concern_id)
        log_write(
            concern=concern,
            kind=LogKind.DECISION,
            author=actor,
            text=log_text(
                gettext_noop("Child welfare's receipt of the report came on %(date)s."),
                {"date": received_on.strftime("%d.%m.%Y")},
            ),
        )
    child_event_record(
        actor=actor,
        action=Action.UPDATE,
        object_type="welfare_report",
        object_id=report.pk,
        child=report.child,
        purpose="recording child welfare's receipt of a report",
        legal_basis=report.legal_basis,
    )
    return report
