"""Download my data: every record about the child, as JSON and as a tagged PDF.

For the young person it is everything Laget holds about them (GDPR art. 15): the child, the
guardians, concerns, reports to child welfare, teams with members, the log, meetings, tasks and
hand-overs, consents, the plan with goals, measures, evaluations and revisions, their choices
in the portal and every access event. Each record is fetched by the child's key, so nothing
about another child can come along.

For a guardian it is what the guardian's pages show: the child, the guardians, the teams and
who is on them, the plan, the meetings, the consents and the access log, without what the
rules withhold (see `portal.rules`)."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal
from typing import Any

from django.contrib.staticfiles import finders
from django.db.models import Model
from django.template.loader import render_to_string
from django.utils import timezone

from audit.models import AccessEvent
from children.access_log import day_text, when_text
from children.models import Guardian
from concerns.models import ChildWelfareReport, Concern
from consents.models import Consent
from plans.models import Goal, Measure, Plan, Revision
from portal.access import PortalAccess
from portal.models import HealthInformationChoice
from portal.selectors import (
    access_log_events,
    access_log_rows,
    consent_page,
    meeting_views,
    plan_views,
    team_views,
)
from teamlog.models import LogEntry
from teams.models import Handover, Meeting, MemberRole, Task, Team, TeamMember

FORMAT_VERSION = 1


def _value(value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, uuid.UUID | Decimal):
        return str(value)
    if isinstance(value, Model):
        return str(value.pk)
    return value


def _row(obj: Model, fields: list[str], **extra: Any) -> dict[str, Any]:
    row = {name: _value(getattr(obj, name)) for name in fields}
    row.update({key: _value(value) for key, value in extra.items()})
    return row


def _name(user: Any) -> str:
    return user.display_name() if user is not None else ""


def _child(access: PortalAccess) -> dict[str, Any]:
    child = access.child
    return _row(
        child,
        [
            "id",
            "given_name",
            "family_name",
            "birth_date",
            "identity_number",
            "languages",
            "interpreter_needed",
            "interpreter_language",
            "created_at",
            "updated_at",
        ],
        municipality=child.municipality.name,
    )


def _guardians(access: PortalAccess) -> list[dict[str, Any]]:
    # The guardians' own identity numbers are theirs, not the child's: shown masked.
    return [
        _row(
            guardian,
            ["id", "name", "relation", "has_parental_responsibility", "phone", "email"],
            identity_number=guardian.identity_number_masked,
        )
        for guardian in Guardian.objects.filter(child=access.child).order_by("name", "pk")
    ]


def _event(event: AccessEvent) -> dict[str, Any]:
    return _row(
        event,
        [
            "id",
            "chain",
            "sequence",
            "occurred_at",
            "action",
            "object_type",
            "object_id",
            "purpose",
            "legal_basis",
            "hash",
        ],
        who=event.actor.display_name() if event.actor else event.actor_label,
    )


def _consent(consent: Consent) -> dict[str, Any]:
    return _row(
        consent,
        [
            "id",
            "team",
            "kind",
            "given_by",
            "legal_reference",
            "information_kinds",
            "purpose",
            "text",
            "method",
            "evidence_note",
            "valid_from",
            "valid_until",
            "recorded_at",
            "withdrawn_at",
            "withdrawn_by_label",
            "withdrawal_note",
        ],
        units=[unit.name for unit in consent.units.all()],
        guardians=[guardian.name for guardian in consent.guardians.all()],
        recorded_by=_name(consent.recorded_by) or consent.recorded_by_label,
    )


def _measure(measure: Measure) -> dict[str, Any]:
    return _row(
        measure,
        [
            "id",
            "goal",
            "title",
            "description",
            "starts_on",
            "ends_on",
            "evaluate_on",
            "status",
            "version",
            "updated_at",
        ],
        responsible_unit=measure.responsible_unit.name,
        responsible_person=_name(measure.responsible_person),
        evaluations=[
            _row(
                evaluation,
                ["id", "evaluated_on", "result", "child_view", "created_at"],
                author=_name(evaluation.author),
            )
            for evaluation in measure.evaluations.all()
        ],
    )


def _member(member: TeamMember) -> dict[str, Any]:
    return _row(
        member,
        ["role", "status", "invited_at", "joined_at", "left_at", "is_barnekoordinator"],
        name=_name(member.user),
        unit=member.unit.name,
    )


def _meeting(meeting: Meeting, *, young_person: bool, minutes: bool) -> dict[str, Any]:
    fields = ["id", "team", "starts_at", "place", "agenda", "status", "guardians_input"]
    if young_person:
        fields.append("child_input")
    if minutes:
        fields.append("minutes")
    return _row(meeting, fields)


def export_for_young_person(access: PortalAccess) -> dict[str, Any]:
    child = access.child
    teams = list(Team.objects.filter(child=child).select_related("originating_unit"))
    plans = list(Plan.objects.filter(team__child=child))
    measures = (
        Measure.objects.filter(plan__team__child=child)
        .select_related("responsible_unit", "responsible_person")
        .prefetch_related("evaluations__author")
        .order_by("plan", "evaluate_on", "pk")
    )
    return {
        "format_version": FORMAT_VERSION,
        "exported_at": _value(timezone.now()),
        "child": _child(access),
        "guardians": _guardians(access),
        "concerns": [
            _row(
                concern,
                [
                    "id",
                    "level",
                    "observed",
                    "child_view",
                    "guardians_view",
                    "status",
                    "created_at",
                    "updated_at",
                    "closed_at",
                ],
                unit=concern.unit.name,
                raised_by=_name(concern.raised_by),
                responsible=_name(concern.responsible),
            )
            for concern in Concern.objects.filter(child=child)
            .select_related("unit", "raised_by", "responsible")
            .order_by("created_at", "pk")
        ],
        "welfare_reports": [
            _row(
                report,
                ["id", "concern", "grounds", "urgent", "guardians_informed", "legal_basis"],
                sent_at=report.sent_at,
                unit=report.unit.name,
                reporter=_name(report.reporter),
            )
            for report in ChildWelfareReport.objects.filter(child=child)
            .select_related("unit", "reporter")
            .order_by("sent_at", "pk")
        ],
        "teams": [
            _row(
                team,
                ["id", "concern", "status", "opened_at", "closed_at", "close_reason"],
                final_evaluation=team.final_evaluation,
                # The facts behind the legal duties the coordinator recorded (docs/duties.md).
                long_term_needs=team.long_term_needs,
                serious_illness_or_disability=team.serious_illness_or_disability,
                duty_facts_note=team.duty_facts_note,
                duty_facts_recorded_at=team.duty_facts_recorded_at,
                originating_unit=team.originating_unit.name,
                members=[
                    _member(member)
                    for member in TeamMember.objects.filter(team=team)
                    .select_related("user", "unit")
                    .order_by("invited_at", "pk")
                ],
            )
            for team in teams
        ],
        "log_entries": [
            _row(
                entry,
                ["id", "concern", "team", "kind", "occurred_at"],
                text=entry.display_text(),
                author=_name(entry.author) or entry.author_label,
            )
            for entry in LogEntry.objects.filter(child=child)
            .select_related("author")
            .order_by("occurred_at", "pk")
        ],
        "meetings": [
            _meeting(meeting, young_person=True, minutes=True)
            for meeting in Meeting.objects.filter(team__child=child).order_by("starts_at", "pk")
        ],
        "tasks": [
            _row(
                task,
                ["id", "team", "meeting", "welfare_report", "title", "due_on", "status"],
                owner=_name(task.owner),
                completed_at=task.completed_at,
                created_at=task.created_at,
            )
            for task in Task.objects.filter(child=child)
            .select_related("owner")
            .order_by("created_at", "pk")
        ],
        "handovers": [
            _row(
                handover,
                ["id", "team", "transition", "note", "status", "created_at", "decided_at"],
                decision_note=handover.decision_note,
                from_person=_name(handover.from_user),
                to_person=_name(handover.to_user),
                to_unit=handover.to_unit.name,
            )
            for handover in Handover.objects.filter(team__child=child)
            .select_related("from_user", "to_user", "to_unit")
            .order_by("created_at", "pk")
        ],
        "consents": [
            _consent(consent)
            for consent in Consent.objects.filter(child=child)
            .select_related("recorded_by")
            .prefetch_related("units", "guardians")
            .order_by("recorded_at", "pk")
        ],
        "plans": [
            _row(
                plan,
                [
                    "id",
                    "team",
                    "is_individual_plan",
                    "period_start",
                    "period_end",
                    "resources",
                    "version",
                    "updated_at",
                ],
            )
            for plan in plans
        ],
        "goals": [
            _row(goal, ["id", "plan", "text", "in_childs_words", "status", "version", "updated_at"])
            for goal in Goal.objects.filter(plan__in=plans).order_by("updated_at", "pk")
        ],
        "measures": [_measure(measure) for measure in measures],
        "revisions": [
            _row(
                revision,
                ["id", "plan", "object_type", "object_id", "version", "data", "changed_at"],
                changed_by=_name(revision.changed_by),
            )
            for revision in Revision.objects.filter(plan__in=plans)
            .select_related("changed_by")
            .order_by("changed_at", "pk")
        ],
        "health_information_choices": [
            _row(
                choice,
                ["id", "choice", "rule_id", "made_at"],
                made_by=_name(choice.made_by) or choice.made_by_label,
            )
            for choice in HealthInformationChoice.objects.filter(child=child)
            .select_related("made_by")
            .order_by("made_at", "pk")
        ],
        "access_events": [
            _event(event)
            for event in AccessEvent.objects.filter(child_id=child.pk)
            .select_related("actor")
            .order_by("id")
        ],
    }


def export_for_guardian(access: PortalAccess) -> dict[str, Any]:
    """What the guardian's pages show, nothing more."""
    show_minutes = not access.hides_health
    plans = plan_views(access=access)
    return {
        "format_version": FORMAT_VERSION,
        "exported_at": _value(timezone.now()),
        "note": access.health.guardian_note(name=access.child.given_name)
        if access.hides_health
        else "",
        "child": {
            key: value for key, value in _child(access).items() if key not in {"identity_number"}
        },
        "guardians": _guardians(access),
        "teams": [
            _row(
                view.team,
                ["id", "status", "opened_at", "closed_at"],
                originating_unit=view.team.originating_unit.name,
                members=[_member(member) for member in view.members],
            )
            for view in team_views(access=access)
        ],
        "meetings": [
            _meeting(view.meeting, young_person=False, minutes=show_minutes)
            for view in meeting_views(access=access)
        ],
        "consents": [_consent(row.consent) for row in consent_page(access=access).rows],
        "plans": [
            _row(
                view.plan,
                ["id", "team", "is_individual_plan", "period_start", "period_end", "resources"],
            )
            for view in plans
        ],
        "goals": [
            _row(goal, ["id", "plan", "text", "in_childs_words", "status"])
            for view in plans
            for goal in view.goals
        ],
        "measures": [_measure(measure) for view in plans for measure in view.measures],
        "access_events": [
            _event(event) for event in access_log_events(access=access).order_by("id")
        ],
    }


def export_data(access: PortalAccess) -> dict[str, Any]:
    if access.is_young_person:
        return export_for_young_person(access)
    return export_for_guardian(access)


# The JSON keeps ISO dates and codes for programs; the PDF is read by people.
_DAYS = frozenset(
    {"birth_date", "starts_on", "ends_on", "evaluate_on", "evaluated_on", "valid_from"}
    | {"valid_until", "period_start", "period_end", "due_on"}
)
_MOMENTS = frozenset(
    {"created_at", "updated_at", "sent_at", "opened_at", "closed_at", "starts_at", "occurred_at"}
    | {"recorded_at", "withdrawn_at", "made_at", "completed_at", "decided_at", "changed_at"}
    | {"invited_at", "joined_at", "left_at", "exported_at", "duty_facts_recorded_at"}
)


def _readable(value: Any, key: str = "") -> Any:
    """The exported data with dates and times as people write them ("13.11.2026",
    "13. nov. 2026 kl. 14.05") and a member's role in words."""
    if isinstance(value, dict):
        return {name: _readable(item, name) for name, item in value.items()}
    if isinstance(value, list):
        return [_readable(item) for item in value]
    if not isinstance(value, str) or not value:
        return value
    if key in _DAYS:
        return day_text(datetime.date.fromisoformat(value))
    if key in _MOMENTS:
        return when_text(datetime.datetime.fromisoformat(value))
    if key == "role" and value in MemberRole.values:
        return str(MemberRole(value).label)
    return value


def export_pdf_render(*, access: PortalAccess, data: dict[str, Any], language: str) -> bytes:
    """PDF/UA-1, tagged and with the document language set, like the printed plan. Everything
    in it is in plain words: the access log as on the page (`children.access_log`)."""
    html = render_to_string(
        "portal/export_pdf.html",
        {
            "access": access,
            "data": _readable(data),
            "access_rows": access_log_rows(access=access),
            "printed_at": when_text(timezone.now()),
            "LANGUAGE_CODE": language,
        },
    )
    # Imported when a PDF is made: WeasyPrint is large and most processes never need it.
    from weasyprint import CSS, HTML

    stylesheet = CSS(filename=finders.find("laget/pdf.css"))
    return HTML(string=html).write_pdf(
        stylesheets=[stylesheet], pdf_variant="pdf/ua-1", pdf_tags=True
    )
