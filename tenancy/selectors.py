"""Which municipalities a request may reach in the database (the scope the middleware sets).

These read across municipalities on purpose: the caller runs them inside `scope.unrestricted`,
before the request's own scope exists. They decide nothing about access; the Python `access_*`
helpers still do. The scope only bounds what any query of the request can return."""

from __future__ import annotations

from django.db.models import QuerySet

from people.models import User
from people.selectors import memberships_active
from portal.selectors.people import portal_entries_for
from teams.models import Handover, HandoverStatus, MemberStatus, TeamMember


def municipalities_of_staff(*, user: User) -> list[str]:
    """The municipalities of the user's active memberships, and of the teams in another
    municipality they are on or are offered to coordinate (a hand-over after a move)."""
    if not user.is_active:
        return []
    own: QuerySet = (
        memberships_active(user=user).order_by().values_list("municipality_id", flat=True)
    )
    teams: QuerySet = (
        TeamMember.objects.filter(user=user, status__in=[MemberStatus.INVITED, MemberStatus.ACTIVE])
        .order_by()
        .values_list("team__municipality_id", flat=True)
    )
    handovers: QuerySet = (
        Handover.objects.filter(to_user=user, status=HandoverStatus.OPEN)
        .order_by()
        .values_list("team__municipality_id", flat=True)
    )
    return sorted(set(own.union(teams, handovers)))


def municipalities_of_portal_person(*, pid: str) -> list[str]:
    """The municipalities of the young person's own record and of the children the person is
    a guardian of, as the portal finds them."""
    return sorted({entry.child.municipality_id for entry in portal_entries_for(pid=pid)})
