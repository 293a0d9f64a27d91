"""Demo directory: a realistic "Hvem kan hjelpe?" for Porsgrunn (4001) and national services.

The data is in directory/demo/data/ (read by `directory.demo.readers`). Everything about people
is fictional: contact persons, e-mail addresses (at `.invalid` domains) and phone numbers. Local
demo numbers are all in the invented block "35 99 …"; real national numbers appear only where
they are the public way in (116 117, 116 111, 02800). The national services carry only facts
checked against the public page recorded in their `source`.

Deterministic and idempotent: every row has a fixed id from `uuid5(NAMESPACE, stable name)`, rows
are updated in place, and a service's children (phones, contacts, opening hours, languages,
areas, locations, taxonomy links) are replaced on every run.
"""

from __future__ import annotations

from django.db import transaction

from directory.demo.readers import DemoDirectory, DemoService, demo_directory_read, stable_id
from directory.models import (
    Address,
    Attribute,
    Collaboration,
    Contact,
    Language,
    Location,
    LocationType,
    Organization,
    OrganizationIdentifier,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    TaxonomyTerm,
)
from directory.reference import reference_data, reference_terms, taxonomies_load
from directory.search import search_index_update
from municipalities.models import Municipality
from units.demo import DEMO_MUNICIPALITY, demo_units_seed
from units.models import Unit

__all__ = ["demo_directory_read", "demo_directory_seed", "stable_id"]


def _age_band_codes(minimum: int | None, maximum: int | None) -> list[str]:
    low = 0 if minimum is None else minimum
    high = 200 if maximum is None else maximum
    bands = reference_data().age_bands
    return [band.code for band in bands if band.low <= high and low <= band.high]


def _term_codes(service: DemoService) -> list[str]:
    codes = [*service.needs, f"sector:{service.sector.value}"]
    codes += _age_band_codes(service.min_age, service.max_age)
    if service.self_referral:
        codes.append("access:self-referral")
    codes += [route for route in service.routes if route not in codes]
    return codes


def _email_of(name: str, domain: str) -> str:
    local = name.lower().replace(" ", ".")
    for plain, letter in (("æ", "ae"), ("ø", "o"), ("å", "a")):
        local = local.replace(plain, letter)
    return f"{local}@{domain}"


def _organizations_seed(
    demo: DemoDirectory, *, porsgrunn: Municipality, units: dict[str, Unit]
) -> dict[str, Organization]:
    organizations: dict[str, Organization] = {}
    for seed in demo.organizations:
        org_id = stable_id(f"organization/{seed.key}")
        unit = units[seed.unit] if seed.unit else None
        if unit is not None:
            # The unit link is one-to-one: take it over from any other organisation.
            Organization.objects.filter(unit=unit).exclude(id=org_id).update(unit=None)
        organizations[seed.key], _ = Organization.objects.update_or_create(
            id=org_id,
            defaults={
                "name": seed.name,
                "description": seed.description,
                "parent_organization": organizations[seed.parent] if seed.parent else None,
                "municipality": porsgrunn if seed.local else None,
                "unit": unit,
                "website": seed.website,
                "email": seed.email,
            },
        )
        OrganizationIdentifier.objects.filter(organization_id=org_id).delete()
        if seed.orgnr:
            OrganizationIdentifier.objects.create(
                id=stable_id(f"organization/{seed.key}/orgnr"),
                organization_id=org_id,
                identifier_scheme="NO-BRC",
                identifier_type="Organisasjonsnummer",
                identifier=seed.orgnr,
            )
    return organizations


def _locations_seed(
    demo: DemoDirectory, *, organizations: dict[str, Organization]
) -> dict[str, Location]:
    locations: dict[str, Location] = {}
    for seed in demo.locations:
        location_id = stable_id(f"location/{seed.key}")
        locations[seed.key], _ = Location.objects.update_or_create(
            id=location_id,
            defaults={
                "name": seed.name,
                "organization": organizations[seed.organization],
                "location_type": LocationType.PHYSICAL,
                "description": seed.description,
                "transportation": seed.transportation,
            },
        )
        Address.objects.filter(location_id=location_id).delete()
        if seed.address:
            Address.objects.create(
                id=stable_id(f"location/{seed.key}/address"),
                location_id=location_id,
                address_1=seed.address,
                city=seed.city,
                postal_code=seed.postal_code,
                state_province=demo.county,
                country="NO",
            )
    return locations


def _service_children_replace(
    demo: DemoDirectory,
    service: Service,
    seed: DemoService,
    *,
    location: Location | None,
    terms: dict[str, TaxonomyTerm],
    area: Municipality | None,
) -> None:
    """Replace the service's children with the seeded ones, each with a fixed id."""
    prefix = f"service/{seed.key}"
    Contact.objects.filter(service=service).delete()
    Phone.objects.filter(service=service).delete()
    Schedule.objects.filter(service=service).delete()
    Language.objects.filter(service=service).delete()
    ServiceArea.objects.filter(service=service).delete()
    ServiceAtLocation.objects.filter(service=service).delete()
    Attribute.objects.filter(link_entity="service", link_id=service.id).delete()

    if seed.phone:
        Phone.objects.create(
            id=stable_id(f"{prefix}/phone"), service=service, number=seed.phone, type="voice"
        )
    if seed.contact:
        name, title = seed.contact
        domain = seed.email.partition("@")[2]
        Contact.objects.create(
            id=stable_id(f"{prefix}/contact"),
            service=service,
            name=name,
            title=title,
            email=_email_of(name, domain) if domain else "",
            # A named member of staff: on professionals' pages, not in the open HSDS API.
            public=False,
        )
    if seed.hours:
        Schedule.objects.create(
            id=stable_id(f"{prefix}/schedule"),
            service=service,
            description=seed.hours.description,
            freq="WEEKLY" if seed.hours.byday else "",
            byday=seed.hours.byday,
            opens_at=seed.hours.opens,
            closes_at=seed.hours.closes,
        )
    Language.objects.bulk_create(
        Language(
            id=stable_id(f"{prefix}/language/{code}"),
            service=service,
            name=demo.language_names[code],
            code=code,
        )
        for code in seed.languages
    )
    ServiceArea.objects.create(
        id=stable_id(f"{prefix}/area"),
        service=service,
        name=area.name if area else demo.national_area,
        municipality=area,
        description=f"Kommunenummer {area.number}" if area else "Tjenesten gjelder hele landet.",
    )
    if location is not None:
        ServiceAtLocation.objects.create(
            id=stable_id(f"{prefix}/at/{location.id}"), service=service, location=location
        )
    Attribute.objects.bulk_create(
        Attribute(
            id=stable_id(f"{prefix}/attribute/{code}"),
            link_entity="service",
            link_id=service.id,
            taxonomy_term=terms[code],
        )
        for code in _term_codes(seed)
    )


def _services_seed(
    demo: DemoDirectory,
    *,
    organizations: dict[str, Organization],
    locations: dict[str, Location],
    terms: dict[str, TaxonomyTerm],
    porsgrunn: Municipality,
) -> dict[str, Service]:
    services: dict[str, Service] = {}
    for seed in demo.services:
        service, _ = Service.objects.update_or_create(
            id=stable_id(f"service/{seed.key}"),
            defaults={
                "organization": organizations[seed.organization],
                "name": seed.name,
                "description": seed.description,
                "url": seed.url,
                "email": seed.email,
                "interpretation_services": seed.interpreter,
                "application_process": seed.application,
                "wait_time": seed.wait_time,
                "fees": seed.fees,
                "eligibility_description": seed.eligibility,
                "minimum_age": seed.min_age,
                "maximum_age": seed.max_age,
                "is_national": seed.national,
                "legal_basis": seed.legal_basis,
                "self_referral": seed.self_referral,
                "referral_from": seed.referral_from,
                "expects_to_receive": seed.expects,
                "internal_referral_route": seed.internal_route,
                "last_reviewed": seed.reviewed,
                "source": seed.source,
            },
        )
        _service_children_replace(
            demo,
            service,
            seed,
            location=locations[seed.location] if seed.location else None,
            terms=terms,
            area=None if seed.national else porsgrunn,
        )
        services[seed.key] = service
    return services


def _collaborations_seed(
    demo: DemoDirectory,
    *,
    services: dict[str, Service],
    terms: dict[str, TaxonomyTerm],
    porsgrunn: Municipality,
) -> None:
    for title, need, description, keys in demo.collaborations:
        collaboration, _ = Collaboration.objects.update_or_create(
            id=stable_id(f"collaboration/{title}"),
            defaults={
                "municipality": porsgrunn,
                "title": title,
                "description": description,
                "need": terms[need],
            },
        )
        collaboration.services.set([services[key] for key in keys])


def demo_directory_seed() -> int:
    """Create or update the demo directory for Porsgrunn and the national services.

    Reads the data files first (DataFileError, nothing written, when one is broken). Loads the
    reference taxonomies and the demo units first (both idempotent); needs the municipalities
    loaded. One transaction, which also re-indexes the services for search. Returns the number
    of services seeded.
    """
    demo = demo_directory_read()
    with transaction.atomic():
        taxonomies_load()
        units = demo_units_seed()
        porsgrunn = Municipality.objects.get(number=DEMO_MUNICIPALITY)
        terms = reference_terms()
        organizations = _organizations_seed(demo, porsgrunn=porsgrunn, units=units)
        locations = _locations_seed(demo, organizations=organizations)
        services = _services_seed(
            demo,
            organizations=organizations,
            locations=locations,
            terms=terms,
            porsgrunn=porsgrunn,
        )
        _collaborations_seed(demo, services=services, terms=terms, porsgrunn=porsgrunn)
        search_index_update(service_ids=[service.id for service in services.values()])
    return len(services)
