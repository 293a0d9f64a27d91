"""Retention: deleting what is past its retention period, across the apps that hold a child's
records (teams, concerns, reports to child welfare, children). It lives in `teams`, the lowest
app that knows all of them; `children` holds the rules (`RetentionRule`)."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from audit.models import Action
from audit.services import access_event_record
from children.models import DEFAULT_RETENTION_YEARS, Child, RecordType, RetentionRule
from concerns.models import ChildWelfareReport, Concern, ConcernStatus
from teams.models import Team, TeamStatus


@dataclass
class RetentionResult:
    teams: int = 0
    concerns: int = 0
    welfare_reports: int = 0
    children: int = 0


def _cutoff(
    rules: dict[tuple[str, str], int], municipality_id: str, record_type: RecordType
) -> datetime.datetime:
    years = rules.get((municipality_id, record_type), DEFAULT_RETENTION_YEARS[record_type])
    return _years_ago(years)


def _years_ago(years: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=365 * years + years // 4)


def _earliest_due(rules: dict[tuple[str, str], int], record_type: RecordType) -> datetime.datetime:
    """Nothing closed after this is due anywhere: the shortest period any municipality keeps
    this kind of record. Only older rows are read, so a daily run does not scan the tables."""
    shortest = min(
        [DEFAULT_RETENTION_YEARS[record_type]]
        + [years for (_m, kind), years in rules.items() if kind == record_type]
    )
    return _years_ago(shortest)


def _deleted(*, child: Child, object_type: str, object_id: object, rule: str) -> None:
    access_event_record(
        actor=None,
        actor_label="retention job",
        action=Action.DELETE,
        object_type=object_type,
        object_id=str(object_id),
        child_id=child.pk,
        municipality=child.municipality,
        purpose="deleting personal data after the retention period",
        legal_basis=rule,
    )


def retention_apply() -> RetentionResult:
    """Delete what is past its retention period: closed teams (with plan, log, meetings, tasks
    and consents), concerns closed without a team, reports to child welfare, and then every
    child with nothing left. The municipality's `RetentionRule` decides, else
    `DEFAULT_RETENTION_YEARS`.

    Each deletion is one transaction with its access event (actor "retention job"), so a run
    that stops half-way loses nothing and the next run goes on from there."""
    rules = {
        (rule.municipality_id, rule.record_type): rule.keep_years
        for rule in RetentionRule.objects.all()
    }
    result = RetentionResult()
    touched: set[uuid.UUID] = set()
    closed_teams = Team.objects.filter(
        status=TeamStatus.CLOSED, closed_at__lt=_earliest_due(rules, RecordType.TEAM)
    )
    for team in closed_teams.select_related("child__municipality", "concern"):
        if team.closed_at and team.closed_at < _cutoff(
            rules, team.municipality_id, RecordType.TEAM
        ):
            with transaction.atomic():
                concern = team.concern
                team.delete()
                concern.delete()
                _deleted(child=team.child, object_type="team", object_id=team.pk, rule="team")
            touched.add(team.child_id)
            result.teams += 1
    closed = Concern.objects.filter(
        status=ConcernStatus.CLOSED,
        closed_at__lt=_earliest_due(rules, RecordType.CONCERN),
        team__isnull=True,
    ).select_related("child__municipality")
    for concern in closed:
        cutoff = _cutoff(rules, concern.municipality_id, RecordType.CONCERN)
        if concern.closed_at and concern.closed_at < cutoff:
            with transaction.atomic():
                concern.delete()
                _deleted(
                    child=concern.child, object_type="concern", object_id=concern.pk, rule="concern"
                )
            touched.add(concern.child_id)
            result.concerns += 1
    reports = ChildWelfareReport.objects.filter(
        sent_at__lt=_earliest_due(rules, RecordType.WELFARE_REPORT)
    ).select_related("child__municipality")
    for report in reports:
        if report.sent_at < _cutoff(rules, report.municipality_id, RecordType.WELFARE_REPORT):
            with transaction.atomic():
                report.delete()
                _deleted(
                    child=report.child,
                    object_type="welfare_report",
                    object_id=report.pk,
                    rule="welfare_report",
                )
            touched.add(report.child_id)
            result.welfare_reports += 1
    for child in Child.objects.filter(pk__in=touched).select_related("municipality"):
        if child.concerns.exists() or child.welfare_reports.exists() or child.teams.exists():
            continue
        with transaction.atomic():
            child_id = child.pk
            child.delete()
            child.pk = child_id
            _deleted(child=child, object_type="child", object_id=child_id, rule="nothing left")
        result.children += 1
    return result
