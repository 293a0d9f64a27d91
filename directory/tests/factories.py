"""A small directory built with the ORM for tests that should not depend on the demo data."""

from __future__ import annotations

from directory.models import (
    Address,
    Language,
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from directory.services import service_saved
from municipalities.models import Municipality


def term(code: str, name: str, name_en: str = "") -> TaxonomyTerm:
    taxonomy, _ = Taxonomy.objects.get_or_create(
        name=code.split(":")[0], defaults={"description": code.split(":")[0]}
    )
    found, _ = TaxonomyTerm.objects.get_or_create(
        code=code,
        defaults={"name": name, "name_en": name_en, "description": name, "taxonomy": taxonomy},
    )
    return found


def service(
    name: str,
    *,
    municipality: Municipality | None,
    description: str = "",
    terms: tuple[TaxonomyTerm, ...] = (),
    self_referral: bool = False,
    minimum_age: int | None = None,
    maximum_age: int | None = None,
    languages: tuple[tuple[str, str], ...] = (("nob", "norsk"),),
    **fields: object,
) -> Service:
    organization, _ = Organization.objects.get_or_create(
        name=f"Org {municipality.name if municipality else 'Norge'}",
        defaults={"description": "Test", "municipality": municipality},
    )
    created = Service.objects.create(
        organization=organization,
        name=name,
        description=description,
        self_referral=self_referral,
        minimum_age=minimum_age,
        maximum_age=maximum_age,
        is_national=municipality is None,
        **fields,  # type: ignore[arg-type]
    )
    Phone.objects.create(service=created, number="35 00 00 00")
    Schedule.objects.create(service=created, description="Mandag–fredag 08.00–15.30")
    for code, language_name in languages:
        Language.objects.create(service=created, code=code, name=language_name)
    if municipality is not None:
        ServiceArea.objects.create(
            service=created, name=municipality.name, municipality=municipality
        )
        location = Location.objects.create(organization=organization, name=name)
        Address.objects.create(
            location=location,
            address_1="Storgata 1",
            city=municipality.name,
            state_province="Telemark",
            postal_code="3921",
        )
        ServiceAtLocation.objects.create(service=created, location=location)
    else:
        ServiceArea.objects.create(service=created, name="Hele Norge")
    service_saved(service=created, terms=terms)
    return created
