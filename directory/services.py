"""Writing the directory. Every change is audited and re-indexed in the same transaction."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from audit.models import Action
from audit.services import access_event_record
from directory.models import (
    Attribute,
    ClassificationStatus,
    Service,
    ServiceClassification,
    ServiceStatus,
    TaxonomyTerm,
)
from directory.search import search_index_update
from directory.selectors import services_due_for_review
from people.models import User


def service_terms_set(*, service: Service, terms: Iterable[TaxonomyTerm]) -> None:
    """Make the service's taxonomy terms (needs, sector, ages, access) exactly these."""
    wanted = {term.id for term in terms}
    existing = Attribute.objects.filter(link_entity="service", link_id=service.id)
    existing.exclude(taxonomy_term_id__in=wanted).delete()
    have = set(existing.values_list("taxonomy_term_id", flat=True))
    Attribute.objects.bulk_create(
        Attribute(link_entity="service", link_id=service.id, taxonomy_term_id=term_id)
        for term_id in wanted - have
    )


@transaction.atomic
def service_saved(*, service: Service, terms: Iterable[TaxonomyTerm]) -> None:
    """After a service and its parts were saved: set its terms and re-index it.

    The caller audits the change (the admin through its log_change)."""
    service_terms_set(service=service, terms=terms)
    search_index_update(service_ids=[service.id])


class StaleEditError(Exception):
    """Someone else changed the entry since the form was opened; nothing was saved."""

    def __init__(self, current: Service) -> None:
        super().__init__("The service was changed by someone else.")
        self.current = current


def _service_event(
    actor: User | None,
    service: Service,
    action: Action,
    detail: dict[str, Any],
    *,
    purpose: str = "directory upkeep",
    object_type: str = "directory.service",
) -> None:
    """The access event of a write to a service, on its municipality's chain."""
    access_event_record(
        actor=actor,
        action=action,
        object_type=object_type,
        object_id=service.pk,
        municipality=service.organization.municipality,
        purpose=purpose,
        detail=detail,
    )


def service_version(service: Service) -> str:
    return service.last_modified.isoformat()


@transaction.atomic
def service_update(
    *, actor: User, service_id: Any, version: str, changes: dict[str, Any]
) -> Service:
    """Save an owner's changes and mark the entry reviewed, audited and re-indexed.

    The row is locked and its version compared, so two people editing at once never silently
    overwrite each other: the second gets StaleEditError and the other change to look at.
    """
    service = Service.objects.select_for_update().select_related("organization").get(id=service_id)
    if service_version(service) != version:
        raise StaleEditError(service)
    changed = {field: value for field, value in changes.items() if getattr(service, field) != value}
    for field, value in changed.items():
        setattr(service, field, value)
    service.last_reviewed = timezone.localdate()
    service.save(update_fields=[*changed, "last_reviewed", "last_modified"])
    search_index_update(service_ids=[service.id])
    _service_event(actor, service, Action.UPDATE, {"fields": sorted(changed)})
    return service


@transaction.atomic
def service_mark_reviewed(*, actor: User, service: Service) -> Service:
    service.last_reviewed = timezone.localdate()
    service.save(update_fields=["last_reviewed", "last_modified"])
    _service_event(
        actor,
        service,
        Action.UPDATE,
        {"last_reviewed": service.last_reviewed.isoformat()},
        purpose="directory review",
    )
    return service


def review_reminders_send() -> int:
    """E-mail each owner the list of their services not reviewed for 12 months.

    Idempotent per run (one message per owner); returns the number of messages sent.
    """
    by_owner: dict[User, list[Service]] = defaultdict(list)
    for service in services_due_for_review().filter(owner__isnull=False, owner__is_active=True):
        if service.owner is not None:
            by_owner[service.owner].append(service)
    sent = 0
    for owner, services in by_owner.items():
        if not owner.email:
            continue
        with override(settings.LANGUAGE_CODE):
            names = "\n".join(f"- {service.name}" for service in services)
            send_mail(
                subject=_("Laget: directory entries to review"),
                message=_(
                    "These services you own have not been reviewed for 12 months. "
                    "Please check that they are still right:\n\n%(names)s"
                )
                % {"names": names},
                from_email=None,
                recipient_list=[owner.email],
            )
        sent += 1
    return sent


@transaction.atomic
def service_withdraw(*, actor: User | None, service: Service) -> Service:
    """Withdraw a service from the directory, leaving a tombstone: status inactive and the time
    it went, so that an HSDS sync (modified_after) sees it go. Pages, search and the API's lists
    no longer show it. Audited."""
    service.status = ServiceStatus.INACTIVE
    service.deleted_at = timezone.now()
    service.save(update_fields=["status", "deleted_at", "last_modified"])
    search_index_update(service_ids=[service.id])
    _service_event(actor, service, Action.DELETE, {"withdrawn": service.deleted_at.isoformat()})
    return service


class SuggestionsChangedError(Exception):
    """A suggestion decided on is no longer waiting (decided in another window, or the text
    changed and it went); nothing was saved."""


@transaction.atomic
def classifications_decide(
    *, actor: User, service: Service, decisions: dict[uuid.UUID, bool]
) -> dict[str, list[str]]:
    """The owner confirms (True) or rejects (False) needs suggested from the service's text,
    all or none, audited and re-indexed once. The caller has checked the actor may edit it.

    The service row is locked, so two windows deciding at once never both succeed on the same
    suggestion: the second gets SuggestionsChangedError and nothing of it is saved.
    """
    Service.objects.select_for_update().filter(id=service.id).first()
    waiting = {
        c.id: c
        for c in ServiceClassification.objects.filter(
            service=service, id__in=list(decisions), status=ClassificationStatus.SUGGESTED
        ).select_related("taxonomy_term")
    }
    if not decisions or set(waiting) != set(decisions):
        raise SuggestionsChangedError
    decided: dict[str, list[str]] = {"confirmed": [], "rejected": []}
    now = timezone.now()
    for classification_id, confirmed in decisions.items():
        classification = waiting[classification_id]
        classification.status = (
            ClassificationStatus.CONFIRMED if confirmed else ClassificationStatus.REJECTED
        )
        classification.updated = now
        decided["confirmed" if confirmed else "rejected"].append(classification.taxonomy_term.code)
    ServiceClassification.objects.bulk_update(waiting.values(), ["status", "updated"])
    search_index_update(service_ids=[service.id], classify=False)
    _service_event(
        actor,
        service,
        Action.UPDATE,
        {key: sorted(codes) for key, codes in decided.items()},
        object_type="directory.service_classification",
    )
    return decided
