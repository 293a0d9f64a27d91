"""Which municipalities a request may reach in the database: the policy behind the database scope
that `tenancy.middleware.DatabaseScopeMiddleware` sets (`settings.DATABASE_SCOPE_LOOKUP` names
`request_municipalities_lookup`). It is here, on top, because it reads memberships (people), teams,
hand-overs (teams) and transitions and the portal's log-in; tenancy stands below them all.

Who                                         | municipalities the database shows
--------------------------------------------|--------------------------------------------------
staff, fully logged in (or a bearer token,  | their active memberships' and their teams'
  or a system client's access token)        |
  of another organisation (county, trust …) | where their unit sits, and their teams' (not all
                                            | the municipalities it serves: docs/access-model.md)
an organisation's administrator             | none
an operator (superuser) in the admin        | all
a young person or guardian in the portal    | the municipalities of the children they may open
analysts, anyone else, anonymous            | none (aggregates come from tables outside RLS)

The selectors read across municipalities on purpose: the middleware runs them inside
`scope.unrestricted`, before the request's own scope exists. They decide nothing about access; the
Python `access_*` helpers still do. The scope only bounds what any query of the request can
return."""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse

from people.clients import bearer_of
from people.models import User
from people.selectors import memberships_in_force, user_fully_logged_in
from portal.selectors.people import portal_entries_for
from portal.session import portal_login_current
from teams.models import Handover, HandoverStatus, MemberStatus, TeamMember
from transitions.models import Transition, TransitionStatus


def municipalities_of_staff(*, user: User) -> list[str]:
    """The municipalities of the user's active memberships, and of the teams in another
    municipality they are on or are offered to coordinate (a hand-over after a move). The
    memberships are the request's (read once, `memberships_in_force`); the rest is one query."""
    if not user.is_active:
        return []
    memberships = memberships_in_force(user=user)
    # A unit's role reaches the municipality the unit sits in (its own concerns are held
    # there); an organisation administrator's role reaches no municipality at all.
    own = {m.municipality_id for m in memberships if m.municipality_id is not None}
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
    # An open transition to a unit the user works in: its staff may open it (a county school
    # receiving a pupil from another municipality).
    unit_ids = sorted({m.unit_id for m in memberships if m.unit_id is not None})
    transitions: QuerySet = (
        Transition.objects.filter(status=TransitionStatus.OPEN, to_unit_id__in=unit_ids)
        .order_by()
        .values_list("team__municipality_id", flat=True)
    )
    # With no unit, the transitions' part is empty and the union leaves it out.
    return sorted(own | set(teams.union(handovers, transitions)))


def municipalities_of_portal_person(*, pid: str) -> list[str]:
    """The municipalities of the young person's own record and of the children the person is
    a guardian of, as the portal finds them."""
    return sorted({entry.child.municipality_id for entry in portal_entries_for(pid=pid)})


def _bearer_token(request: HttpRequest) -> str | None:
    scheme, _space, credentials = request.headers.get("Authorization", "").partition(" ")
    return credentials.strip() if scheme.lower() == "bearer" and credentials.strip() else None


def request_municipalities_lookup(
    request: HttpRequest,
) -> Callable[[], list[str] | None] | None:
    """How to find the municipalities this request may reach in the database (None from the
    lookup: all), or None when the request reaches none and nothing needs looking up. The
    lookup runs with the limit lifted: it reads team members, hand-overs and children across
    municipalities."""
    user = request.user
    if user_fully_logged_in(user=user):
        assert isinstance(user, User)  # noqa: S101 - user_fully_logged_in checked it
        if user.is_superuser and request.path.startswith(reverse("admin:index")):
            return lambda: None
        return lambda: municipalities_of_staff(user=user)
    raw = _bearer_token(request)
    if raw is not None and request.path.startswith("/api/"):

        def by_token() -> list[str]:
            # The API checks the token's scopes itself and answers 401 or 403 (the lookup is
            # kept on the request, so it runs once). A system client's access token: the
            # municipalities its unit's member reaches.
            found = bearer_of(request, raw)
            return municipalities_of_staff(user=found.user) if found is not None else []

        return by_token
    login = portal_login_current(request, touch=False)
    if login is not None:
        return lambda: municipalities_of_portal_person(pid=login.pid)
    return None
