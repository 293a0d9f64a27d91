"""Reading transitions: a team's, one with its checklist, and a receiving unit's incoming
list. Each in a fixed number of queries."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from consents.models import Consent
from consents.selectors import ConsentAuthority, consent_authority
from teams.models import Team, TeamStatus
from transitions.checklists import ChecklistItem, checklist_of
from transitions.models import ChecklistTick, Transition, TransitionStatus
from units.models import Unit
from units.selectors import units_serving

INCOMING_PAGE_SIZE = 25
TEAM_PAGE_SIZE = 25


def transitions_of_team(*, team: Team, page: str | int | None = 1) -> Page[Transition]:
    """The team's transitions, newest first, a page at a time."""
    transitions = (
        Transition.objects.filter(team=team)
        .select_related("from_unit", "to_unit", "started_by", "decided_by")
        .order_by("-created_at")
    )
    return Paginator(transitions, TEAM_PAGE_SIZE).get_page(page)


def transition_receiving_units(*, team: Team, exclude: Unit) -> QuerySet[Unit]:
    """The units a transition can go to: those of organisations serving the child's
    municipality (the service checks consent and the rest)."""
    return (
        units_serving(municipality_id=team.municipality_id)
        .exclude(pk=exclude.pk)
        .select_related("organisation")
        .order_by("name")
    )


@dataclass(frozen=True)
class ChecklistLine:
    item: ChecklistItem
    tick: ChecklistTick | None
    due_on: datetime.date


@dataclass(frozen=True)
class TransitionPage:
    transition: Transition
    checklist: list[ChecklistLine]
    # Who gives consent to share between the two units on the day of the transition, by the
    # rights engine (what changes at 18 is the engine's answer, not text of ours).
    authority: ConsentAuthority
    authority_now: ConsentAuthority

    @property
    def consent_changes(self) -> bool:
        return self.authority.given_by != self.authority_now.given_by


def transition_page(*, transition: Transition) -> TransitionPage:
    ticks = {
        tick.item: tick
        for tick in ChecklistTick.objects.filter(transition=transition).select_related("done_by")
    }
    created = timezone.localtime(transition.created_at).date()
    lines = [
        ChecklistLine(
            item=item,
            tick=ticks.get(item.key),
            due_on=item.due_on(starts_on=transition.starts_on, today=created),
        )
        for item in checklist_of(transition.kind)
    ]
    units = [transition.from_unit, transition.to_unit]
    child = transition.team.child
    return TransitionPage(
        transition=transition,
        checklist=lines,
        authority=consent_authority(child=child, units=units, on=transition.starts_on),
        authority_now=consent_authority(child=child, units=units),
    )


def _incoming(*, unit_ids: list[uuid.UUID]) -> QuerySet[Transition]:
    """Open transitions to the units on open teams while a consent in force covers the
    receiving unit."""
    today = timezone.localdate()
    covered = Consent.objects.filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=today),
        child_id=OuterRef("team__child_id"),
        withdrawn_at__isnull=True,
        valid_from__lte=today,
        units=OuterRef("to_unit_id"),
    )
    return Transition.objects.filter(
        Exists(covered),
        to_unit_id__in=unit_ids,
        status=TransitionStatus.OPEN,
        team__status=TeamStatus.OPEN,
    )


def transitions_incoming(*, unit: Unit, page: str | int | None = 1) -> Page[Transition]:
    """Open transitions to the unit on open teams while a consent in force covers the unit,
    oldest first. Names no child: the page shows kind, sender and dates."""
    transitions = (
        _incoming(unit_ids=[unit.pk])
        .select_related("from_unit", "started_by")
        .order_by("created_at")
    )
    return Paginator(transitions, INCOMING_PAGE_SIZE).get_page(page)


def transitions_waiting_by_unit(*, unit_ids: list[uuid.UUID]) -> dict[uuid.UUID, int]:
    """How many transitions wait for an answer from each of the units, in one query; units
    with none are left out. For Mitt arbeid, which links only where something waits."""
    rows = (
        _incoming(unit_ids=unit_ids)
        .order_by()
        .values("to_unit_id")
        .annotate(waiting=Count("pk"))
        .values_list("to_unit_id", "waiting")
    )
    return dict(rows)
