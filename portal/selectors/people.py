"""Who the logged-in person is: the records they may open."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from children.identity import identity_number_q
from children.models import Child, Guardian
from portal.rules import guardians_may_see


@dataclass(frozen=True)
class PortalEntry:
    child: Child
    is_young_person: bool
    age: int
    guardian: Guardian | None
    # False for a guardian of someone who is 18 or older: shown with a note, never opened.
    visible: bool


def portal_entries_for(*, pid: str) -> list[PortalEntry]:
    """The records the person may open: their own (as the young person) and the children they
    have parental responsibility for. Empty when we know nothing about them."""
    today = timezone.localdate()
    entries = [
        PortalEntry(
            child=child, is_young_person=True, age=child.age_on(today), guardian=None, visible=True
        )
        for child in Child.objects.filter(identity_number_q(pid)).select_related("municipality")
    ]
    guardianships = Guardian.objects.filter(
        identity_number_q(pid), has_parental_responsibility=True
    ).select_related("child__municipality")
    for guardian in guardianships:
        age = guardian.child.age_on(today)
        entries.append(
            PortalEntry(
                child=guardian.child,
                is_young_person=False,
                age=age,
                guardian=guardian,
                visible=guardians_may_see(age=age),
            )
        )
    return entries
