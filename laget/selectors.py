"""What the start page shows: one section per role the user holds."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q

from grants.access import grant_municipalities
from grants.selectors import DueItem, grants_due_soon
from municipalities.models import County, Municipality
from municipalities.selectors import (
    AGE_GROUPS,
    PopulationRow,
    population_by_age_group,
    population_latest_year,
)
from people.models import MUNICIPAL_ROLES, Membership, Role, User
from people.selectors import (
    analyst_scope,
    memberships_in_force,
    municipalities_administered,
)


@dataclass
class AdministeredMunicipality:
    municipality: Municipality
    units: int
    staff: int


@dataclass
class AnalystView:
    county: County | None
    year: int | None
    age_groups: tuple[str, ...]
    rows: list[PopulationRow]


@dataclass
class StartPage:
    unit_memberships: list[Membership] = field(default_factory=list)
    administered: list[AdministeredMunicipality] = field(default_factory=list)
    analyst: AnalystView | None = None
    led: list[Municipality] = field(default_factory=list)
    is_operator: bool = False
    # The grant programmes the user keeps (a municipal leader or administrator), and what is
    # due in them: reports and application deadlines (grants.selectors.grants_due_soon).
    keeps_grants: bool = False
    grants_due: list[DueItem] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (
            self.unit_memberships
            or self.administered
            or self.analyst
            or self.led
            or self.is_operator
        )


def start_page_for(*, user: User) -> StartPage:
    """One section per role, from the memberships the header reads too (once per request):
    the administered municipalities' counts and the grants due are read only for a user who
    has such a role."""
    page = StartPage(is_operator=user.is_superuser)
    memberships = memberships_in_force(user=user)
    roles = {m.role for m in memberships}
    page.unit_memberships = [
        m for m in memberships if m.role in (Role.PROFESSIONAL, Role.UNIT_LEADER)
    ]
    # Operators administer everything through their own section, not one card per municipality.
    administered = (
        Municipality.objects.none()
        if user.is_superuser or Role.MUNICIPAL_ADMIN not in roles
        else (municipalities_administered(user=user))
    )
    for municipality in administered.annotate(
        unit_count=Count("units", distinct=True),
        staff_count=Count(
            "memberships__user",
            filter=Q(memberships__unit__isnull=False, memberships__user__is_active=True),
            distinct=True,
        ),
    ):
        page.administered.append(
            AdministeredMunicipality(
                municipality=municipality,
                units=municipality.unit_count,
                staff=municipality.staff_count,
            )
        )
    led = {
        m.municipality.number: m.municipality
        for m in memberships
        if m.role == Role.MUNICIPAL_LEADER and m.municipality is not None
    }
    page.led = [led[number] for number in sorted(led)]
    # The municipalities whose grants the user keeps (grants.access.grant_municipalities).
    page.keeps_grants = any(
        m.role in MUNICIPAL_ROLES and m.municipality_id is not None for m in memberships
    )
    if page.keeps_grants:
        page.grants_due = grants_due_soon(municipalities=grant_municipalities(user))
    is_analyst, county = analyst_scope(user=user)
    if is_analyst:
        year = population_latest_year()
        page.analyst = AnalystView(
            county=county,
            year=year,
            age_groups=tuple(label for label, _low, _high in AGE_GROUPS),
            rows=population_by_age_group(county=county, year=year) if year else [],
        )
    return page
