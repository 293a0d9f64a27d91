"""Writing the knowledge base. Every write is one transaction, audited and re-indexed in it."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import Action
from audit.services import access_event_record
from directory.models import TaxonomyTerm
from knowledge.models import Editor, Kind, Material, MaterialAudience, Status
from knowledge.search import material_index_update
from municipalities.models import Municipality
from people.models import User

OBJECT_TYPE = "knowledge.material"
PURPOSE = "knowledge base upkeep"
# The fields of a material a MaterialData sets, besides audiences, terms and municipality.
FIELDS = ("kind", "title", "publisher", "issued_on", "url", "url_checked", "summary", "language")


@dataclass(frozen=True)
class MaterialData:
    """What an editor (or the data file) says about a material."""

    kind: str
    title: str
    publisher: str
    summary: str
    issued_on: datetime.date | None = None
    url: str = ""
    url_checked: bool = False
    language: str = "nb"
    municipality: Municipality | None = None
    audiences: Sequence[str] = ()
    terms: Sequence[TaxonomyTerm] = field(default_factory=list)


def _check(data: MaterialData) -> None:
    if (data.kind == Kind.LOCAL_ROUTINE) != (data.municipality is not None):
        raise ValidationError(
            {
                "municipality": _(
                    "A local routine belongs to a municipality; other material is national."
                )
            }
        )
    if data.url_checked and not data.url:
        raise ValidationError({"url_checked": _("There is no address to have checked.")})


def _event(actor: User | None, material: Material, action: Action, detail: dict[str, Any]) -> None:
    """The access event of a write, on the municipality's chain (national: the national one)."""
    access_event_record(
        actor=actor,
        action=action,
        object_type=OBJECT_TYPE,
        object_id=material.pk,
        municipality=material.municipality,
        purpose=PURPOSE,
        detail=detail,
    )


def _apply(material: Material, data: MaterialData) -> list[str]:
    """Set the fields; the names of those that changed."""
    changed = []
    for name in FIELDS:
        value = getattr(data, name)
        if getattr(material, name) != value:
            setattr(material, name, value)
            changed.append(name)
    if material.municipality_id != (data.municipality.pk if data.municipality else None):
        material.municipality = data.municipality
        changed.append("municipality")
    return changed


def _relations_set(material: Material, data: MaterialData) -> list[str]:
    changed = []
    wanted = set(data.audiences)
    have = set(material.audiences.values_list("audience", flat=True))
    if wanted != have:
        material.audiences.exclude(audience__in=wanted).delete()
        MaterialAudience.objects.bulk_create(
            MaterialAudience(material=material, audience=audience)
            for audience in sorted(wanted - have)
        )
        changed.append("audiences")
    terms = {term.pk for term in data.terms}
    if terms != set(material.terms.values_list("pk", flat=True)):
        material.terms.set(list(data.terms))
        changed.append("terms")
    return changed


@transaction.atomic
def material_create(
    *, actor: User | None, data: MaterialData, publish: bool = False, key: str | None = None
) -> Material:
    """A new material, a draft unless `publish`; audited and indexed."""
    _check(data)
    material = Material(key=key)
    _apply(material, data)
    if publish:
        material.status, material.published_at = Status.PUBLISHED, timezone.now()
    material.full_clean(exclude=["terms"])
    material.save()
    _relations_set(material, data)
    material_index_update(material_ids=[material.pk])
    _event(actor, material, Action.CREATE, {"status": material.status})
    return material


@transaction.atomic
def material_update(*, actor: User | None, material: Material, data: MaterialData) -> Material:
    """Save an editor's changes, audited (which fields changed) and indexed again."""
    _check(data)
    material = Material.objects.select_for_update().get(pk=material.pk)
    changed = _apply(material, data)
    material.full_clean(exclude=["terms"])
    material.save(update_fields=[*changed, "updated_at"])
    changed += _relations_set(material, data)
    material_index_update(material_ids=[material.pk])
    _event(actor, material, Action.UPDATE, {"fields": sorted(changed)})
    return material


@transaction.atomic
def material_publish(*, actor: User, material: Material) -> Material:
    """Publish a draft: public (national) or for the municipality's staff (a routine) from
    now, and new in the digest from now."""
    material = Material.objects.select_for_update().get(pk=material.pk)
    if material.status == Status.PUBLISHED:
        return material
    material.status, material.published_at = Status.PUBLISHED, timezone.now()
    material.save(update_fields=["status", "published_at", "updated_at"])
    _event(actor, material, Action.UPDATE, {"status": Status.PUBLISHED})
    return material


@transaction.atomic
def material_unpublish(*, actor: User, material: Material) -> Material:
    """Take a material back to draft: nobody but its editors sees it."""
    material = Material.objects.select_for_update().get(pk=material.pk)
    if material.status == Status.DRAFT:
        return material
    material.status, material.published_at = Status.DRAFT, None
    material.save(update_fields=["status", "published_at", "updated_at"])
    _event(actor, material, Action.UPDATE, {"status": Status.DRAFT})
    return material


@transaction.atomic
def editor_appoint(*, actor: User | None, user: User, municipality: Municipality | None) -> Editor:
    """Make someone a national editor (no municipality) or one municipality's editor."""
    editor, created = Editor.objects.get_or_create(user=user, municipality=municipality)
    if created:
        access_event_record(
            actor=actor,
            action=Action.CREATE,
            object_type="knowledge.editor",
            object_id=editor.pk,
            municipality=municipality,
            purpose=PURPOSE,
            detail={"user": user.get_username()},
        )
    return editor


@transaction.atomic
def materials_load(*, records: Sequence[tuple[str, MaterialData]]) -> tuple[int, int]:
    """Create or update the seeded materials by key, published; (created, updated).

    Idempotent: loading the same file again changes nothing and writes no event."""
    existing = {m.key: m for m in Material.objects.filter(key__in=[key for key, _ in records])}
    created = updated = 0
    for key, data in records:
        material = existing.get(key)
        if material is None:
            material_create(actor=None, data=data, publish=True, key=key)
            created += 1
            continue
        _check(data)
        changed = _apply(material, data)
        if changed:
            material.full_clean(exclude=["terms"])
            material.save(update_fields=[*changed, "updated_at"])
        changed += _relations_set(material, data)
        if changed:
            material_index_update(material_ids=[material.pk])
            _event(None, material, Action.UPDATE, {"fields": sorted(changed)})
            updated += 1
    return created, updated
