"""Who may see or change a concern. Levels 0–1 stay inside the unit where it was raised; from
level 2 the team's rules apply as well. Teams stand above concerns, so the team's part is asked
through `settings.CONCERN_TEAM_ACCESS` (`teams.access.ConcernTeamAccess`), as `tenancy` asks
`settings.DATABASE_SCOPE_LOOKUP`."""

from __future__ import annotations

import uuid
from typing import Protocol

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils.module_loading import import_string

from audit.models import Action
from audit.reads import reads_recorded
from audit.services import access_event_record
from concerns.models import TEAM_LEVELS, ChildWelfareReport, Concern
from people.models import User
from people.selectors import units_led, units_of_user, works_in


class TeamAccess(Protocol):
    """What `concerns` asks the team about a concern (`teams.access.ConcernTeamAccess`)."""

    def on_team(self, *, user: User, concern: OuterRef) -> Exists:
        """True for a concern whose team the user is an active member of."""
        ...

    def basis(self, *, user: User, concern: Concern) -> str | None:
        """The legal basis on which the user sees the concern through its team, or None."""
        ...


def _team_access() -> TeamAccess:
    team_access: TeamAccess = import_string(settings.CONCERN_TEAM_ACCESS)
    return team_access


def concerns_visible_q(*, user: User, unit_ids: list[uuid.UUID] | None = None) -> Q:
    """Concerns the user sees through their own unit: every concern at level 0–1 in a unit they
    work in, and at level 2–3 the ones they raised or are responsible for (the team adds the
    others, with consent).

    `unit_ids`, the user's units fetched first (`people.selectors.unit_ids_of_user`), is for
    lists: a literal list lets PostgreSQL use the unit's index, where a subquery made it join
    the whole concern table. Without it, a subquery (fine for a look-up by id)."""
    units = units_of_user(user=user).values("pk") if unit_ids is None else unit_ids
    return Q(unit_id__in=units) & (
        ~Q(level__in=TEAM_LEVELS) | Q(responsible=user) | Q(raised_by=user)
    )


def concerns_visible(*, user: User, unit_ids: list[uuid.UUID] | None = None) -> QuerySet[Concern]:
    return Concern.objects.filter(concerns_visible_q(user=user, unit_ids=unit_ids))


def concern_writable(*, user: User, concern: Concern) -> bool:
    """The responsible person may change a concern; at level 0–1 so may anyone in its unit."""
    return concern.responsible_id == user.pk or (
        concern.stays_in_unit and works_in(user=user, unit_id=concern.unit_id)
    )


def access_concern(
    user: User,
    concern_id: uuid.UUID,
    *,
    for_write: bool = False,
    as_responsible: bool = False,
    record_read: bool | None = None,
    purpose: str = "",
) -> Concern:
    """The concern if the user may see it through their unit or as an active, consented team
    member; else 404. Writing needs the responsible person or, at level 0–1, anyone in the unit;
    `as_responsible` needs the responsible person (403 otherwise).

    A read (a GET, `audit.reads`) is recorded as one access event; a write is audited by
    the service that makes it."""
    team_access = _team_access()
    if not user.is_authenticated or not user.is_active:
        raise Http404
    # Look up only concerns the user could see (own unit, or on the concern's team), so that a
    # missing concern and someone else's cost the same single query and cannot be told apart
    # by timing; the team's consent is checked after.
    visible = concerns_visible_q(user=user)
    on_team = team_access.on_team(user=user, concern=OuterRef("pk"))
    concern = (
        Concern.objects.select_related("child", "unit", "municipality", "responsible", "raised_by")
        .annotate(own_unit=ExpressionWrapper(visible, output_field=BooleanField()))
        .filter(visible | on_team, pk=concern_id)
        .first()
    )
    if concern is None:
        raise Http404
    own_unit = bool(concern.own_unit)
    basis = "own unit" if own_unit else ""
    if not own_unit:
        team_basis = team_access.basis(user=user, concern=concern)
        if team_basis is None:
            raise Http404
        basis = team_basis
    if (for_write and not concern_writable(user=user, concern=concern)) or (
        as_responsible and concern.responsible_id != user.pk
    ):
        raise PermissionDenied
    if not reads_recorded(record_read):
        return concern
    with transaction.atomic():
        access_event_record(
            actor=user,
            action=Action.READ,
            object_type="concern",
            object_id=concern.pk,
            child_id=concern.child_id,
            municipality=concern.municipality,
            purpose=purpose or "follow-up of a concern",
            legal_basis=basis,
        )
    return concern


def access_welfare_report(user: User, report_id: uuid.UUID) -> ChildWelfareReport:
    """A report to child welfare: for the person who sent it and, while they still work in the
    reporting unit, for its concern's responsible person. Recorded as an export."""
    if not user.is_authenticated or not user.is_active:
        raise Http404
    # Only reports the user sent or whose concern they are responsible for are looked up: a
    # missing report and someone else's cost the same single query.
    report = (
        ChildWelfareReport.objects.select_related("child", "unit", "municipality", "reporter")
        .filter(Q(reporter=user) | Q(concern__responsible=user), pk=report_id)
        .first()
    )
    if report is None:
        raise Http404
    works_there = works_in(user=user, unit_id=report.unit_id)
    responsible = report.concern is not None and report.concern.responsible_id == user.pk
    if not works_there or not (report.reporter_id == user.pk or responsible):
        raise Http404
    with transaction.atomic():
        access_event_record(
            actor=user,
            action=Action.EXPORT,
            object_type="welfare_report",
            object_id=report.pk,
            child_id=report.child_id,
            municipality=report.municipality,
            purpose="printing a report to child welfare",
            legal_basis=report.legal_basis,
        )
    return report


def access_welfare_report_receipt(
    user: User, report_id: uuid.UUID, *, record_read: bool | None = None
) -> ChildWelfareReport:
    """A report to child welfare, for recording the receipt: the person who sent it and the
    concern's responsible person while they work in the reporting unit (as for printing), and
    the reporting unit's leader, who follows up reports with no receipt (the unit's gap list).
    A read (GET) writes one access event."""
    if not user.is_authenticated or not user.is_active:
        raise Http404
    # Only reports the user sent, answers for, or whose unit they lead are looked up: a missing
    # report and someone else's cost the same single query.
    report = (
        ChildWelfareReport.objects.select_related("child", "unit", "municipality", "reporter")
        .filter(
            Q(reporter=user)
            | Q(concern__responsible=user)
            | Q(unit_id__in=units_led(user=user).values("pk")),
            pk=report_id,
        )
        .first()
    )
    if report is None or not works_in(user=user, unit_id=report.unit_id):
        raise Http404
    if reads_recorded(record_read):
        with transaction.atomic():
            access_event_record(
                actor=user,
                action=Action.READ,
                object_type="welfare_report",
                object_id=report.pk,
                child_id=report.child_id,
                municipality=report.municipality,
                purpose="recording child welfare's receipt of a report",
                legal_basis=report.legal_basis,
            )
    return report
