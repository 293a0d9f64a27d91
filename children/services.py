"""Registering children and guardians."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import Action
from audit.services import child_event_record
from children.models import Child, Guardian
from people.models import User
from units.models import Unit


@dataclass
class GuardianData:
    name: str
    relation: str
    has_parental_responsibility: bool
    phone: str = ""
    email: str = ""


class PossibleDuplicateError(Exception):
    """A child with the same name and birth date is already known in the user's own unit."""

    def __init__(self, existing: Child) -> None:
        super().__init__("A child with this name and birth date is already registered.")
        self.existing = existing


@transaction.atomic
def child_register(
    *,
    actor: User,
    unit: Unit,
    given_name: str,
    family_name: str,
    birth_date: datetime.date,
    identity_number: str = "",
    languages: str = "",
    interpreter_needed: bool = False,
    interpreter_language: str = "",
    guardians: list[GuardianData] | None = None,
    not_a_duplicate: bool = False,
) -> Child:
    """The child's record in the unit's municipality.

    One record per child: an identity number already known in the municipality links to that
    record (nothing of it is shown to the caller beyond what they typed). Without a number, a
    child with the same name and birth date in the caller's own unit raises
    `PossibleDuplicateError` unless the caller said it is another child."""
    from concerns.models import Concern

    municipality = unit.municipality
    if identity_number:
        existing = Child.objects.filter(
            municipality=municipality, identity_number=identity_number
        ).first()
        if existing is not None:
            return existing
    if not not_a_duplicate:
        # Names are compared case-folded in Python: SQLite's case-insensitive match knows only
        # ASCII, and Norwegian names have æ, ø and å.
        wanted = (given_name.strip().casefold(), family_name.strip().casefold())
        same_birth_date = Child.objects.filter(
            municipality=municipality,
            birth_date=birth_date,
            pk__in=Concern.objects.filter(unit=unit).values("child_id"),
        ).order_by("created_at")
        for twin in same_birth_date:
            if (twin.given_name.casefold(), twin.family_name.casefold()) == wanted:
                raise PossibleDuplicateError(twin)
    if birth_date > timezone.localdate():
        raise ValidationError({"birth_date": _("The birth date cannot be in the future.")})
    child = Child(
        municipality=municipality,
        given_name=given_name.strip(),
        family_name=family_name.strip(),
        birth_date=birth_date,
        identity_number=identity_number,
        languages=languages,
        interpreter_needed=interpreter_needed,
        interpreter_language=interpreter_language,
        created_by=actor,
    )
    child.full_clean()
    child.save()
    for data in guardians or []:
        guardian = Guardian(
            municipality=municipality,
            child=child,
            name=data.name,
            relation=data.relation,
            has_parental_responsibility=data.has_parental_responsibility,
            phone=data.phone,
            email=data.email,
        )
        guardian.full_clean()
        guardian.save()
    child_event_record(
        actor=actor,
        action=Action.CREATE,
        object_type="child",
        object_id=child.pk,
        child=child,
        purpose="registering a child for a concern",
        legal_basis="own unit",
    )
    return child
