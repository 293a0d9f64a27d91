"""Who has seen my information: the access events about the child."""

from __future__ import annotations

import uuid

from django.db.models import Q, QuerySet

from audit.models import AccessEvent
from audit.selectors import access_events_for_child
from children.access_log import Audience
from consents.models import Consent
from plans.models import Evaluation, Measure
from portal.access import PortalAccess
from portal.selectors.health import is_health_consent
from teams.access_log import AccessLogPage, AccessRow, access_log_page, access_rows
from teams.models import (
    MemberRole,
    MemberStatus,
    TeamMember,
)
from units.models import HEALTH_SECTORS


def _health_consent_ids(access: PortalAccess) -> list[uuid.UUID]:
    return [c.pk for c in Consent.objects.filter(child=access.child) if is_health_consent(c)]


def _hidden_event_filter(access: PortalAccess, consent_ids: list[uuid.UUID]) -> Q:
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
    return (
        Q(actor_id__in=actor_ids)
        | Q(object_type="measure", object_id__in=measure_ids)
        | Q(object_type="evaluation", object_id__in=evaluation_ids)
        | Q(object_type="consent", object_id__in=[str(pk) for pk in consent_ids])
        | Q(object_type="health_information_choice")
    )


def _events(access: PortalAccess, hidden_consents: list[uuid.UUID]) -> QuerySet[AccessEvent]:
    events = access_events_for_child(child_id=access.child.pk)
    if access.hides_health:
        events = events.exclude(_hidden_event_filter(access, hidden_consents))
    return events


def access_log_events(*, access: PortalAccess) -> QuerySet[AccessEvent]:
    """Every access event about the child, newest first; for a guardian without the health
    events the rules withhold."""
    return _events(access, _health_consent_ids(access) if access.hides_health else [])


def _audience(access: PortalAccess) -> Audience:
    return Audience.YOUNG_PERSON if access.is_young_person else Audience.GUARDIAN


def access_log_page_for(*, access: PortalAccess, page_number: str | None) -> AccessLogPage:
    """One page of the log in plain words, in the reader's voice; a guardian who may not know
    of a health consent reads "a consent" where it was the basis."""
    hidden = _health_consent_ids(access) if access.hides_health else []
    return access_log_page(
        child=access.child,
        audience=_audience(access),
        page_number=page_number,
        events=_events(access, hidden),
        unnamed_consents=hidden,
    )


def access_log_rows(*, access: PortalAccess) -> list[AccessRow]:
    """The whole log in plain words, newest first, for the export."""
    hidden = _health_consent_ids(access) if access.hides_health else []
    return access_rows(
        _events(access, hidden),
        children=[access.child],
        audience=_audience(access),
        unnamed_consents=hidden,
    )
