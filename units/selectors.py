"""Reading units and organisations."""

from __future__ import annotations

import uuid

from django.db.models import QuerySet

from units.models import Unit


def units_serving(*, municipality_id: str) -> QuerySet[Unit]:
    """The active units whose organisation serves the municipality: the units a consent or a
    team of a child living there may name (the municipality's own, and those of the county
    authority, a health trust or another body that serves it). One rule for pages and API."""
    return Unit.objects.filter(organisation__serves=municipality_id, is_active=True)


def unit_serves(*, unit_id: uuid.UUID, municipality_id: str) -> bool:
    return units_serving(municipality_id=municipality_id).filter(pk=unit_id).exists()
