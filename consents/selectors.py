"""Reading the consent ledger."""

from __future__ import annotations

import datetime
import uuid

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from children.models import Child, Guardian
from consents.models import Consent
from units.models import Unit


def consents_in_force(*, child_id: uuid.UUID, on: datetime.date) -> QuerySet[Consent]:
    """Consents and legal bases for the child that are in force on the day."""
    return Consent.objects.filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=on),
        child_id=child_id,
        withdrawn_at__isnull=True,
        valid_from__lte=on,
    )


def consent_covering(
    *, child_id: uuid.UUID, unit_id: uuid.UUID, on: datetime.date
) -> Consent | None:
    """The consent or legal basis in force that lets this unit share about the child, if any."""
    return (
        consents_in_force(child_id=child_id, on=on)
        .filter(units__id=unit_id)
        .order_by("-valid_from", "-recorded_at")
        .first()
    )


def consents_for_child(*, child_id: uuid.UUID) -> QuerySet[Consent]:
    """The whole ledger for a child, newest first, with who gave it and what it covers."""
    return (
        Consent.objects.filter(child_id=child_id)
        .select_related("recorded_by")
        .prefetch_related("units", "guardians")
        .order_by("-recorded_at")
    )


def consent_form_choices(*, child: Child) -> tuple[QuerySet[Unit], QuerySet[Guardian]]:
    """The units a consent can name (the child's municipality) and the guardians who can give
    it (those with parental responsibility)."""
    units = Unit.objects.filter(municipality_id=child.municipality_id, is_active=True).order_by(
        "name"
    )
    guardians = Guardian.objects.filter(child=child, has_parental_responsibility=True)
    return units, guardians


def consent_for_team(*, team: object, consent_id: object) -> Consent:
    """A consent in the ledger of the team's child (the caller has checked access to the team)."""
    return get_object_or_404(Consent, pk=consent_id, child_id=team.child_id)  # type: ignore[attr-defined]
