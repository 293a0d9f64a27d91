"""Who may see or change a unit: its members and its organisation's administrators (a unit's
access follows memberships, so it lives with them in people). A county school sited in Porsgrunn
is the county's: Porsgrunn's administrators do not manage it."""

from __future__ import annotations

import uuid

from django.core.exceptions import PermissionDenied
from django.http import Http404

from people.models import Role, User
from people.selectors import memberships_active, organisations_administered
from units.models import Unit


def access_unit(user: User, unit_id: uuid.UUID, *, for_write: bool = False) -> Unit:
    """A unit its members and its organisation's administrators may see; its leaders and the
    administrators may change it. Missing and not yours are both 404."""
    unit = Unit.objects.select_related("municipality").filter(pk=unit_id).first()
    if unit is None:
        raise Http404
    roles = set(memberships_active(user=user).filter(unit=unit).values_list("role", flat=True))
    is_admin = organisations_administered(user=user).filter(pk=unit.organisation_id).exists()
    if not roles and not is_admin:
        raise Http404
    if for_write and not (is_admin or Role.UNIT_LEADER in roles):
        raise PermissionDenied
    return unit
