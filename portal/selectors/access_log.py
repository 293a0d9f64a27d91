"""Who has seen my information: the access events about the child."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from audit.models import AccessEvent
from audit.selectors import access_events_for_child
from children.models import Child
from consents.models import Consent
from people.models import Membership, User
from plans.models import Evaluation, Measure
from portal.access import PortalAccess
from portal.purposes import OBJECT_TYPES
from portal.selectors.health import is_health_consent
from teams.models import (
    MemberRole,
    MemberStatus,
    TeamMember,
)
from units.models import HEALTH_SECTORS

ACCESS_LOG_PAGE_SIZE = 50


@dataclass
class AccessRow:
    event: AccessEvent
    who: str
    unit: str

    @property
    def about(self) -> str:
        """What the event was about, in plain words (translated), or the kind as recorded."""
        kind = self.event.object_type
        return gettext(OBJECT_TYPES[kind]) if kind in OBJECT_TYPES else kind

    @property
    def purpose(self) -> str:
        """The purpose as recorded, in the reader's language where it has a translation."""
        return gettext(self.event.purpose) if self.event.purpose else ""


def _hidden_event_filter(access: PortalAccess) -> Q:
    """For a guardian: the events of staff acting for a health unit on the child's teams, and
    events about health items, are what would tell them what the rules withhold."""
    health_members = TeamMember.objects.filter(
        team__child=access.child, unit__sector__in=list(HEALTH_SECTORS)
    )
    coordinators = set(
        TeamMember.objects.filter(
            team__child=access.child, role=MemberRole.COORDINATOR, status=MemberStatus.ACTIVE
        ).values_list("user_id", flat=True)
    )
    actor_ids = set(health_members.values_list("user_id", flat=True)) - coordinators
    measures = Measure.objects.filter(
        plan__team__child=access.child, responsible_unit__sector__in=list(HEALTH_SECTORS)
    )
    measure_ids = [str(pk) for pk in measures.values_list("pk", flat=True)]
    evaluation_ids = [
        str(pk)
        for pk in Evaluation.objects.filter(measure__in=measures).values_list("pk", flat=True)
    ]
    consent_ids = [
        str(c.pk) for c in Consent.objects.filter(child=access.child) if is_health_consent(c)
    ]
    return (
        Q(actor_id__in=actor_ids)
        | Q(object_type="measure", object_id__in=measure_ids)
        | Q(object_type="evaluation", object_id__in=evaluation_ids)
        | Q(object_type="consent", object_id__in=consent_ids)
        | Q(object_type="health_information_choice")
    )


def access_log_events(*, access: PortalAccess) -> QuerySet[AccessEvent]:
    """Every access event about the child, newest first; for a guardian without the health
    events the rules withhold."""
    events = access_events_for_child(child_id=access.child.pk)
    if access.hides_health:
        events = events.exclude(_hidden_event_filter(access))
    return events


def _units_of_actors(child: Child, actors: list[User]) -> dict[int, str]:
    """The unit each staff member acted for: their unit on the child's team, else the units
    they work in now."""
    units: dict[int, str] = {}
    for member in (
        TeamMember.objects.filter(team__child=child, user__in=actors)
        .select_related("unit")
        .order_by("invited_at")
    ):
        units[member.user_id] = member.unit.name
    missing = [actor.pk for actor in actors if actor.pk not in units]
    today = timezone.localdate()
    current = Membership.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=today),
        user_id__in=missing,
        unit__isnull=False,
        started_on__lte=today,
    ).select_related("unit")
    found: dict[int, set[str]] = {}
    for membership in current:
        found.setdefault(membership.user_id, set()).add(membership.unit.name)  # type: ignore[union-attr]
    for user_id, names in found.items():
        units[user_id] = ", ".join(sorted(names))
    return units


def access_log_page(*, access: PortalAccess, page_number: Any) -> tuple[Page, list[AccessRow]]:
    page = Paginator(access_log_events(access=access), ACCESS_LOG_PAGE_SIZE).get_page(page_number)
    events = list(page.object_list)
    actors = list({event.actor_id: event.actor for event in events if event.actor}.values())
    units = _units_of_actors(access.child, actors)
    rows = [
        AccessRow(
            event=event,
            who=event.actor.display_name() if event.actor else event.actor_label,
            unit=units.get(event.actor_id, "") if event.actor_id else "",
        )
        for event in events
    ]
    return page, rows
