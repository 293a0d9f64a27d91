"""Registering children and guardians."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import Action
from audit.services import access_event_record, child_event_record
from children.identity import (
    IDENTITY_NUMBER_FIELDS,
    identity_number_key_id,
    identity_number_lookup_hash,
    identity_number_q,
    keyring,
)
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
    identity_number: str = ""


@dataclass
class ChildData:
    """What a professional types about a child they register (with their guardians)."""

    given_name: str
    family_name: str
    birth_date: datetime.date
    identity_number: str = ""
    languages: str = ""
    interpreter_needed: bool = False
    interpreter_language: str = ""
    guardians: list[GuardianData] = field(default_factory=list)


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
    municipality = unit.municipality
    if identity_number:
        existing = Child.objects.filter(
            identity_number_q(identity_number), municipality=municipality
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
            # Known in the unit through a concern (`concerns.Concern.child`, named from here
            # by its relation: concerns stand above children).
            pk__in=Child.objects.filter(concerns__unit=unit).values("pk"),
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
        languages=languages,
        interpreter_needed=interpreter_needed,
        interpreter_language=interpreter_language,
        created_by=actor,
    )
    child.identity_number = identity_number
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
        guardian.identity_number = data.identity_number
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


@transaction.atomic
def guardian_add(
    *, actor: User, child: Child, data: GuardianData, identity_number: str = ""
) -> Guardian:
    """Add a guardian to the child's record (e.g. the second parent with responsibility, who
    must then also consent)."""
    guardian = Guardian(
        municipality=child.municipality,
        child=child,
        name=data.name.strip(),
        relation=data.relation.strip(),
        has_parental_responsibility=data.has_parental_responsibility,
        phone=data.phone.strip(),
        email=data.email.strip(),
    )
    guardian.identity_number = identity_number
    guardian.full_clean()
    guardian.save()
    child_event_record(
        actor=actor,
        action=Action.CREATE,
        object_type="guardian",
        object_id=guardian.pk,
        child=child,
        purpose="registering a guardian",
        legal_basis="team member with consent",
    )
    return guardian


@dataclass
class RotationResult:
    checked: int = 0
    rewritten: int = 0
    batches: int = 0


def identity_numbers_rotate(*, batch_size: int = 500) -> dict[str, RotationResult]:
    """Re-encrypt every identity number under the current key (the first of
    IDENTITY_NUMBER_KEYS) and recompute its lookup hash under IDENTITY_NUMBER_HMAC_KEY.

    Rows are read in primary-key order, `batch_size` at a time; each batch is one transaction
    that locks its rows and writes one access event (actor "identity number rotation") when it
    changed any. Rows already under the current keys are left alone, so a second run, or a run
    after an interrupted one, changes nothing more. A value that does not decrypt stops the run
    with the row named (`IdentityNumberKeyError`, `IdentityNumberDecryptionError`)."""
    current = keyring().current_id
    results: dict[str, RotationResult] = {}
    for model in (Child, Guardian):
        result = results.setdefault(model._meta.label, RotationResult())
        last_pk: uuid.UUID | None = None
        while True:
            with transaction.atomic():
                rows = model.objects.exclude(identity_number_encrypted="").order_by("pk")
                if last_pk is not None:
                    rows = rows.filter(pk__gt=last_pk)
                batch = list(
                    rows.select_for_update().only("pk", *IDENTITY_NUMBER_FIELDS)[:batch_size]
                )
                if not batch:
                    break
                changed: list[Any] = []
                for row in batch:
                    plain = row.identity_number
                    if identity_number_key_id(
                        row.identity_number_encrypted
                    ) != current or row.identity_number_hash != identity_number_lookup_hash(plain):
                        row.identity_number = plain
                        changed.append(row)
                if changed:
                    model.objects.bulk_update(changed, IDENTITY_NUMBER_FIELDS)
                    access_event_record(
                        actor=None,
                        actor_label="identity number rotation",
                        action=Action.UPDATE,
                        object_type=model._meta.model_name or "",
                        purpose="re-encrypting identity numbers under the current keys",
                        legal_basis="security of processing (GDPR art. 32)",
                        detail={"rows": len(changed), "key": current},
                    )
                last_pk = batch[-1].pk
                result.checked += len(batch)
                result.rewritten += len(changed)
                result.batches += 1
    return results
