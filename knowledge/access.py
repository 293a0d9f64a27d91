"""Who may read and curate the knowledge base.

Published national materials are public. A municipality's local routines are read by its
staff only, and edited by its knowledge editors; national material by the national editors.
Missing and forbidden both answer 404, with the same queries.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from django.http import Http404

from knowledge.models import Editor, Material, Status
from municipalities.models import Municipality
from people.models import User
from people.selectors import municipalities_of_user


@dataclass(frozen=True)
class EditorScopes:
    """What a person may curate: national material, and these municipalities' routines."""

    national: bool = False
    municipalities: list[Municipality] = field(default_factory=list)

    @property
    def any(self) -> bool:
        return self.national or bool(self.municipalities)

    def covers(self, municipality_id: str | None) -> bool:
        if municipality_id is None:
            return self.national
        return any(municipality.pk == municipality_id for municipality in self.municipalities)

    def q(self) -> Q:
        """The materials these scopes cover, as a filter on Material."""
        condition = Q(pk__in=[])
        if self.national:
            condition |= Q(municipality__isnull=True)
        if self.municipalities:
            condition |= Q(municipality__in=[m.pk for m in self.municipalities])
        return condition


def editor_scopes(*, user: User | AnonymousUser) -> EditorScopes:
    if not isinstance(user, User) or not user.is_active:
        return EditorScopes()
    rows = list(Editor.objects.filter(user=user).select_related("municipality"))
    return EditorScopes(
        national=any(row.municipality is None for row in rows),
        municipalities=sorted(
            (row.municipality for row in rows if row.municipality is not None),
            key=lambda municipality: municipality.name,
        ),
    )


def readable_q(*, user: User | AnonymousUser) -> Q:
    """The published materials this person may read: national ones, and the routines of the
    municipalities they work in."""
    condition = Q(municipality__isnull=True)
    if isinstance(user, User) and user.is_active:
        condition |= Q(
            municipality__in=municipalities_of_user(user=user).values("pk"),
        )
    return Q(status=Status.PUBLISHED) & condition


def access_material(user: User | AnonymousUser, material_id: uuid.UUID) -> Material:
    """A material this person may read: published and theirs to see, or one they curate
    (drafts too). Anyone else, and a missing id, get 404."""
    scopes = editor_scopes(user=user)
    material = (
        Material.objects.filter(readable_q(user=user) | scopes.q(), id=material_id)
        .select_related("municipality")
        .first()
    )
    if material is None:
        raise Http404
    return material


def access_material_edit(user: User | AnonymousUser, material_id: uuid.UUID) -> Material:
    """A material this person curates (its scope is theirs); anyone else gets 404, as for a
    missing one, since the edit page shows drafts."""
    scopes = editor_scopes(user=user)
    material = (
        Material.objects.filter(scopes.q(), id=material_id).select_related("municipality").first()
    )
    if material is None:
        raise Http404
    return material


def access_editing(user: User | AnonymousUser) -> EditorScopes:
    """The scopes of an editor, for the pages only editors see (the list, a new material);
    404 for everyone else."""
    scopes = editor_scopes(user=user)
    if not scopes.any:
        raise Http404
    return scopes
