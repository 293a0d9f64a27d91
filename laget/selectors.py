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
from people.models import Membership, Role, User
from people.selectors import (
    analyst_scope,
    memberships_active,
    municipalities_administered,
    municipalities_led,
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
    page = StartPage(is_operator=user.is_superuser)
    page.unit_memberships = list(
        memberships_active(user=user).filter(role__in=[Role.PROFESSIONAL, Role.UNIT_LEADER])
    )
    # Operators administer everything through their own section, not one card per municipality.
    administered = (
        Municipality.objects.none()
        if user.is_superuser
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
    page.led = list(municipalities_led(user=user))
    keeping = grant_municipalities(user)
    page.keeps_grants = keeping.exists()
    if page.keeps_grants:
        page.grants_due = grants_due_soon(municipalities=keeping)
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
