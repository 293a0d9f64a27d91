"""Who may see a child's record: someone who sees a concern about the child through their own
unit (`concerns.access`), or an active, consented member of the child's team (`teams.access`)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.http import Http404

from audit.models import Action
from audit.reads import reads_recorded
from audit.services import EventSpec, access_event_record, access_events_record_many
from children.models import Child
from concerns.access import concerns_visible
from people.models import User
from teams.access import team_access_basis
from teams.models import MemberStatus, Team, TeamMember


def child_access_basis(*, user: User, child: Child) -> str:
    """Why the user may see the child (for the access event), or '' when they may not."""
    if not user.is_authenticated or not user.is_active:
        return ""
    if concerns_visible(user=user).filter(child_id=child.pk).exists():
        return "own unit"
    for team in Team.objects.filter(child=child).select_related("child", "municipality"):
        basis = team_access_basis(user=user, team=team)
        if basis is not None:
            return basis.legal_basis
    return ""


def access_child(
    user: User, child_id: uuid.UUID, *, record_read: bool | None = None, purpose: str = ""
) -> Child:
    """The child if the user may see them, else 404 (missing and forbidden look the same).

    A read (a GET, `audit.reads`) writes one access event with the basis that allowed it,
    in a transaction of its own."""
    if not user.is_authenticated or not user.is_active:
        raise Http404
    # Look up only a child the user could see (a concern in their own unit, or a team they are
    # an active member of), so a missing child and someone else's cost the same single query
    # and cannot be told apart by timing; the basis is then worked out for that child.
    child = (
        Child.objects.select_related("municipality")
        .filter(
            Exists(concerns_visible(user=user).filter(child_id=OuterRef("pk")))
            | Exists(
                TeamMember.objects.filter(
                    team__child_id=OuterRef("pk"), user=user, status=MemberStatus.ACTIVE
                )
            ),
            pk=child_id,
        )
        .first()
    )
    if child is None:
        raise Http404
    basis = child_access_basis(user=user, child=child)
    if not basis:
        raise Http404
    if reads_recorded(record_read):
        with transaction.atomic():
            access_event_record(
                actor=user,
                action=Action.READ,
                object_type="child",
                object_id=child.pk,
                child_id=child.pk,
                municipality=child.municipality,
                purpose=purpose or "reading the child's record",
                legal_basis=basis,
            )
    return child


def children_list_read_record(
    *, user: User, reads: Iterable[tuple[Child, str, object, str]], purpose: str
) -> None:
    """One READ event per child in a list that was answered: (child, object type, object id,
    legal basis) each. The caller has already limited the list to what the user may see."""
    with transaction.atomic():
        access_events_record_many(
            actor=user,
            events=[
                EventSpec(
                    action=Action.READ,
                    object_type=object_type,
                    object_id=str(object_id),
                    municipality=child.municipality,
                    child_id=child.pk,
                    purpose=purpose,
                    legal_basis=legal_basis,
                )
                for child, object_type, object_id, legal_basis in reads
            ],
        )
