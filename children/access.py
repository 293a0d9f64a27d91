"""Recording the reads of lists of children. Who may see a child's record (a concern in one's own
unit, or a team with consent) is `teams.access.access_child`: teams stand above concerns and
children and know both ways in."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from audit.models import Action
from audit.services import EventSpec, access_events_record_many
from children.models import Child
from people.models import User


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
