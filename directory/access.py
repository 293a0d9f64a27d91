"""Who may change a directory entry. Reading is public: every entry is published."""

from __future__ import annotations

import uuid

from django.core.exceptions import PermissionDenied
from django.http import Http404

from directory.models import Service, ServiceStatus
from people.models import User
from people.selectors import municipalities_administered


def access_service(user: User, service_id: uuid.UUID, *, for_write: bool = False) -> Service:
    """A service's owner and its municipality's administrators may change it (operators: any).

    Missing is 404; anyone else trying to change a published entry is 403, since the entry
    itself is public.
    """
    service = (
        Service.objects.exclude(status=ServiceStatus.DEFUNCT)
        .select_related("organization__municipality", "owner")
        .filter(id=service_id)
        .first()
    )
    if service is None:
        raise Http404
    if for_write and not service_editable_by(service=service, user=user):
        raise PermissionDenied
    return service


def access_service_owned(user: User, service_id: uuid.UUID) -> Service:
    """The service, for pages only its editors see at all (the review of suggested needs).

    The same rule as changing it (service_editable_by); anyone else gets 404, like a missing
    service, since these pages show what is not published.
    """
    service = access_service(user, service_id)
    if not service_editable_by(service=service, user=user):
        raise Http404
    return service


def service_editable_by(*, service: Service, user: User) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser or service.owner_id == user.pk:
        return True
    municipality = service.organization.municipality
    return municipality is not None and (
        municipalities_administered(user=user).filter(pk=municipality.pk).exists()
    )
