"""Reading a child's record. Callers have checked access with `teams.access.access_child`."""

from __future__ import annotations

from django.db.models import QuerySet

from children.models import Child, Guardian


def guardians_of_child(*, child: Child) -> QuerySet[Guardian]:
    """The guardians, those with parental responsibility (who can consent) first."""
    return Guardian.objects.filter(child=child).order_by("-has_parental_responsibility", "name")
