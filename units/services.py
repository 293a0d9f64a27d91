"""Writing organisations: keeping the municipalities and county authorities in step with the
reference data."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from municipalities.models import County, Municipality
from units.models import Organisation, OrganisationKind


@dataclass(frozen=True)
class OrganisationsReport:
    municipalities: int
    county_authorities: int


def _municipality_name(municipality: Municipality) -> str:
    return f"{municipality.label} kommune"


def organisation_of_municipality(*, municipality: Municipality) -> Organisation:
    """The municipality as an organisation, created (serving itself) if it is not there yet."""
    organisation = Organisation.objects.filter(municipality=municipality).first()
    if organisation is None:
        with transaction.atomic():
            organisation = Organisation.objects.create(
                kind=OrganisationKind.MUNICIPALITY,
                name=_municipality_name(municipality),
                municipality=municipality,
            )
            organisation.serves.add(municipality)
    return organisation


def _is_its_own_county(county: County, municipalities: list[Municipality]) -> bool:
    # Oslo is a county and a municipality at once: Oslo kommune is its county authority too.
    return len(municipalities) == 1 and municipalities[0].name_norwegian == county.name_norwegian


@transaction.atomic
def organisations_sync() -> OrganisationsReport:
    """One organisation per municipality (serving itself) and one county authority per county
    (serving the county's municipalities), by the reference data; idempotent, one transaction.
    Names follow the reference data; organisation numbers are left as they are (the data has
    none, and none are invented); what an administrator set for other kinds is not touched."""
    municipalities = list(Municipality.objects.select_related("county").order_by("number"))
    for municipality in municipalities:
        organisation, _created = Organisation.objects.update_or_create(
            municipality=municipality,
            defaults={
                "kind": OrganisationKind.MUNICIPALITY,
                "name": _municipality_name(municipality),
            },
        )
        organisation.serves.set([municipality])
    authorities = 0
    for county in County.objects.order_by("number"):
        members = [m for m in municipalities if m.county_id == county.number]
        if not members or _is_its_own_county(county, members):
            continue
        authority, _created = Organisation.objects.update_or_create(
            county=county,
            defaults={
                "kind": OrganisationKind.COUNTY_AUTHORITY,
                "name": f"{county.name_norwegian} fylkeskommune",
            },
        )
        authority.serves.set(members)
        authorities += 1
    return OrganisationsReport(municipalities=len(municipalities), county_authorities=authorities)
