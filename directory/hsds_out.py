"""The directory as HSDS 3.0 JSON: the shapes of the standard's compiled schemas.

See ../shared/standards/hsds-3.0/schema/compiled/. A full service, organisation or service at
location nests everything about it; a list item (`*_list.json`) has only one-to-one fields.
HSDS fields and the Norwegian profile's public fields are written (docs/hsds-profile/): legal
basis, self-referral, referral from, national service, last reviewed, source and the
municipality number of an organisation or a service area. The profile's fields for professionals
(what a service expects to receive, internal referral routes, owners) never leave the directory
this way, nor do contacts that are not marked public (`Contact.public`), with their names,
e-mails and phones.

Empty values are left out unless the schema requires the key. Child rows (phones, schedules,
addresses, …) are only ever written inside their parent, so their foreign keys, which would repeat
the parent's id, are left out as in the standard's examples.

To serialize a page in a fixed number of queries, load it through `services_for_hsds()` (and the
like) and pass the whole page to `services_to_hsds()` (and the like): they fetch the attributes of
every object on the page in one query.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, time
from decimal import Decimal
from typing import Any, TypeAlias

from django.db.models import Model, Prefetch, QuerySet

from directory.models import (
    Address,
    Attribute,
    Contact,
    Location,
    Organization,
    Phone,
    Service,
    ServiceArea,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)

Json = dict[str, Any]
AttributeMap = dict[tuple[str, uuid.UUID], list[Attribute]]
# Prefetch is generic only to the type checker.
Lookups: TypeAlias = "list[str | Prefetch[Any]]"

# HSDS's `link_entity` is the table the attribute points into. The directory tags these four.
LINK_ENTITIES: dict[type[Model], str] = {
    Organization: "organization",
    Service: "service",
    Location: "location",
    ServiceAtLocation: "service_at_location",
}

# The one-to-one fields of each HSDS table (the model fields have the same names), and the keys
# its schema requires.
_SERVICE = (
    "id organization_id name alternate_name description url email status interpretation_services"
    " application_process fees_description wait_time fees accreditations eligibility_description"
    " minimum_age maximum_age assured_date assurer_email licenses alert last_modified"
    # The Norwegian profile (docs/hsds-profile/): public fields only.
    " is_national legal_basis self_referral referral_from last_reviewed source deleted_at"
)
_SERVICE_REQUIRED = ("id", "name", "status")
_ORGANIZATION = (
    "id name alternate_name description email website tax_status tax_id year_incorporated"
    " legal_status logo uri parent_organization_id"
    # The Norwegian profile: the municipality's number, empty for national bodies.
    " municipality_id"
)
_ORGANIZATION_REQUIRED = ("id", "name", "description")
_LOCATION = (
    "id location_type url organization_id name alternate_name description transportation"
    " latitude longitude external_identifier external_identifier_type"
)
_LOCATION_REQUIRED = ("id", "location_type")
_SERVICE_AT_LOCATION = "id service_id location_id description"
_SCHEDULE = (
    "id valid_from valid_to dtstart timezone until count wkst freq interval byday byweekno"
    " bymonthday byyearday description opens_at closes_at schedule_link attending_type notes"
)
_ADDRESS = (
    "id attention address_1 address_2 city region state_province postal_code country address_type"
)
_ADDRESS_REQUIRED = (
    "id",
    "address_1",
    "city",
    "state_province",
    "postal_code",
    "country",
    "address_type",
)
_TAXONOMY = "id name description uri version"
_TAXONOMY_TERM = "id code name description parent_id language taxonomy_id term_uri"
_NAMED_REQUIRED = ("id", "name", "description")


# Model attributes published under another key: a municipality is named by its number.
_KEYS = {"municipality_id": "municipality_number"}


def _hsds(obj: Model, fields: str, required: tuple[str, ...] = ("id",), **nested: Any) -> Json:
    """These fields of `obj` and the nested values, without empty ones unless required."""
    data = {_KEYS.get(name, name): _json_value(getattr(obj, name)) for name in fields.split()}
    data.update(nested)
    return {key: value for key, value in data.items() if key in required or not _empty(value)}


def _json_value(value: object) -> object:
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, date | time):  # datetimes too: aware, so with their offset
        return value.isoformat()
    if isinstance(value, Decimal):  # a JSON number, not the string Django's encoder would make
        return float(value)
    return value


def _empty(value: object) -> bool:
    return value is None or value == "" or value == []


# --- attributes and taxonomies ----------------------------------------------------------------


def attributes_for(objects: Iterable[Model]) -> AttributeMap:
    """The attributes of these objects, keyed by (link_entity, link_id), in one query."""
    keys = {(LINK_ENTITIES[type(obj)], obj.pk) for obj in objects}
    found: AttributeMap = defaultdict(list)
    if not keys:
        return found
    attributes = (
        Attribute.objects.filter(
            link_entity__in={entity for entity, _ in keys}, link_id__in={pk for _, pk in keys}
        )
        .select_related("taxonomy_term__taxonomy")
        .order_by("taxonomy_term__code", "taxonomy_term__name", "id")
    )
    for attribute in attributes:
        found[(attribute.link_entity, attribute.link_id)].append(attribute)
    return found


def _attributes(obj: Model, attributes: AttributeMap) -> list[Json]:
    found = attributes.get((LINK_ENTITIES[type(obj)], obj.pk), [])
    return [
        _hsds(
            attribute,
            "id taxonomy_term_id link_type link_entity value",
            taxonomy_term=taxonomy_term_to_hsds(attribute.taxonomy_term),
        )
        for attribute in found
    ]


def taxonomy_to_hsds(taxonomy: Taxonomy) -> Json:
    return _hsds(taxonomy, _TAXONOMY, _NAMED_REQUIRED)


def taxonomy_term_to_hsds(term: TaxonomyTerm) -> Json:
    """Load terms with `taxonomy_terms_for_hsds`: a term carries its taxonomy's details."""
    taxonomy = term.taxonomy
    return _hsds(
        term,
        _TAXONOMY_TERM,
        _NAMED_REQUIRED,
        taxonomy=term.taxonomy_name or (taxonomy.name if taxonomy else ""),
        taxonomy_detail=taxonomy_to_hsds(taxonomy) if taxonomy else None,
    )


def taxonomy_terms_for_hsds(queryset: QuerySet[TaxonomyTerm]) -> QuerySet[TaxonomyTerm]:
    return queryset.select_related("taxonomy")


# --- child rows, always nested ----------------------------------------------------------------


def _languages(owner: Phone | Location | Service) -> list[Json]:
    return [_hsds(language, "id name code note") for language in owner.languages.all()]


def _phones(owner: Contact | Location | Organization | Service | ServiceAtLocation) -> list[Json]:
    return [
        _hsds(
            phone,
            "id number extension type description",
            ("id", "number"),
            languages=_languages(phone),
        )
        for phone in owner.phones.all()
    ]


def _contacts(owner: Location | Organization | Service | ServiceAtLocation) -> list[Json]:
    # Only contacts the owner marked public: named staff are for professionals' pages. Filtered
    # here, on the prefetched rows, so that the number of queries stays fixed.
    return [
        _hsds(contact, "id name title department email", phones=_phones(contact))
        for contact in owner.contacts.all()
        if contact.public
    ]


def _schedules(owner: Location | Service | ServiceAtLocation) -> list[Json]:
    return [_hsds(schedule, _SCHEDULE) for schedule in owner.schedules.all()]


def _address(address: Address) -> Json:
    return _hsds(address, _ADDRESS, _ADDRESS_REQUIRED)


def _service_area(area: ServiceArea) -> Json:
    data = _hsds(area, "id name description extent extent_type uri municipality_id")
    if not area.name and area.municipality:
        # An area given only as a municipality still gets a name a reader can use.
        data["name"] = area.municipality.name
    return data


# --- locations --------------------------------------------------------------------------------


def _location(location: Location, attributes: AttributeMap) -> Json:
    return _hsds(
        location,
        _LOCATION,
        _LOCATION_REQUIRED,
        languages=_languages(location),
        addresses=[_address(address) for address in location.addresses.all()],
        contacts=_contacts(location),
        phones=_phones(location),
        schedules=_schedules(location),
        attributes=_attributes(location, attributes),
    )


def _location_lookups(prefix: str) -> Lookups:
    return [
        f"{prefix}addresses",
        f"{prefix}languages",
        f"{prefix}schedules",
        f"{prefix}phones__languages",
        f"{prefix}contacts__phones__languages",
    ]


# --- organisations ----------------------------------------------------------------------------


def organization_list_item_to_hsds(organization: Organization) -> Json:
    """compiled/organization_list.json: one-to-one fields only."""
    return _hsds(organization, _ORGANIZATION, _ORGANIZATION_REQUIRED)


def _organization(organization: Organization, attributes: AttributeMap, **services: Any) -> Json:
    return _hsds(
        organization,
        _ORGANIZATION,
        _ORGANIZATION_REQUIRED,
        funding=[_hsds(funding, "id source") for funding in organization.funding.all()],
        contacts=_contacts(organization),
        phones=_phones(organization),
        locations=[_location(location, attributes) for location in organization.locations.all()],
        organization_identifiers=[
            _hsds(
                identifier,
                "id identifier_scheme identifier_type identifier",
                ("id", "identifier_type", "identifier"),
            )
            for identifier in organization.organization_identifiers.all()
        ],
        attributes=_attributes(organization, attributes),
        **services,
    )


def _organization_objects(organization: Organization, *, full_services: bool) -> Iterator[Model]:
    yield organization
    yield from organization.locations.all()
    if full_services:
        for service in organization.services.all():
            yield from _service_objects(service, organization=False, service_at_locations=True)


def _organization_lookups(prefix: str) -> Lookups:
    return [
        f"{prefix}organization_identifiers",
        f"{prefix}funding",
        f"{prefix}phones__languages",
        f"{prefix}contacts__phones__languages",
        f"{prefix}locations",
        *_location_lookups(f"{prefix}locations__"),
    ]


def organization_to_hsds(
    organization: Organization,
    *,
    full_services: bool = False,
    attributes: AttributeMap | None = None,
) -> Json:
    """compiled/organization.json. Its services are list items (no nested arrays) unless
    `full_services`; either way without their organisation, which is this one. Load it through
    `organizations_for_hsds` with the same `full_services`."""
    if attributes is None:
        attributes = attributes_for(
            _organization_objects(organization, full_services=full_services)
        )
    services = [
        _service(service, attributes, organization=False, service_at_locations=True)
        if full_services
        else _hsds(service, _SERVICE, _SERVICE_REQUIRED)
        for service in organization.services.all()
    ]
    # The change history (HSDS metadata) is not recorded in the directory.
    return {**_organization(organization, attributes, services=services), "metadata": []}


def organizations_to_hsds(
    organizations: Sequence[Organization], *, full_services: bool = False
) -> list[Json]:
    attributes = attributes_for(
        obj
        for organization in organizations
        for obj in _organization_objects(organization, full_services=full_services)
    )
    return [
        organization_to_hsds(organization, full_services=full_services, attributes=attributes)
        for organization in organizations
    ]


def organizations_for_hsds(
    queryset: QuerySet[Organization], *, full_services: bool = False
) -> QuerySet[Organization]:
    services = Prefetch("services", queryset=Service.objects.order_by("name", "id"))
    lookups: Lookups = [*_organization_lookups(""), services]
    if full_services:
        lookups += _service_lookups("services__", service_at_locations=True)
    return queryset.prefetch_related(*lookups)


# --- services ---------------------------------------------------------------------------------


def service_list_item_to_hsds(service: Service) -> Json:
    """compiled/service_list.json: one-to-one fields and the organisation's."""
    return _hsds(
        service,
        _SERVICE,
        _SERVICE_REQUIRED,
        organization=organization_list_item_to_hsds(service.organization),
    )


def service_list_for_hsds(queryset: QuerySet[Service]) -> QuerySet[Service]:
    return queryset.select_related("organization")


def _service(
    service: Service, attributes: AttributeMap, *, organization: bool, service_at_locations: bool
) -> Json:
    return _hsds(
        service,
        _SERVICE,
        _SERVICE_REQUIRED,
        phones=_phones(service),
        schedules=_schedules(service),
        service_areas=[_service_area(area) for area in service.service_areas.all()],
        service_at_locations=[
            _service_at_location(sal, attributes) for sal in service.service_at_locations.all()
        ]
        if service_at_locations
        else None,
        languages=_languages(service),
        organization=_organization(service.organization, attributes) if organization else None,
        funding=[_hsds(funding, "id source") for funding in service.funding.all()],
        cost_options=[
            _hsds(option, "id valid_from valid_to option currency amount amount_description")
            for option in service.cost_options.all()
        ],
        required_documents=[
            _hsds(document, "id document uri") for document in service.required_documents.all()
        ],
        contacts=_contacts(service),
        attributes=_attributes(service, attributes),
    )


def _service_objects(
    service: Service, *, organization: bool, service_at_locations: bool
) -> Iterator[Model]:
    yield service
    if organization:
        yield from _organization_objects(service.organization, full_services=False)
    if service_at_locations:
        for sal in service.service_at_locations.all():
            yield sal
            yield sal.location


def _service_lookups(prefix: str, *, service_at_locations: bool) -> Lookups:
    areas = ServiceArea.objects.select_related("municipality")
    lookups: Lookups = [
        f"{prefix}phones__languages",
        f"{prefix}schedules",
        Prefetch(f"{prefix}service_areas", queryset=areas),
        f"{prefix}languages",
        f"{prefix}funding",
        f"{prefix}cost_options",
        f"{prefix}required_documents",
        f"{prefix}contacts__phones__languages",
    ]
    if service_at_locations:
        sals = ServiceAtLocation.objects.select_related("location").order_by("location__name", "id")
        lookups += [
            Prefetch(f"{prefix}service_at_locations", queryset=sals),
            *_service_at_location_lookups(f"{prefix}service_at_locations__"),
        ]
    return lookups


def service_to_hsds(service: Service, *, attributes: AttributeMap | None = None) -> Json:
    """compiled/service.json: the service with everything about it, its organisation included
    (without the organisation's services). Load it through `services_for_hsds`."""
    if attributes is None:
        attributes = attributes_for(
            _service_objects(service, organization=True, service_at_locations=True)
        )
    data = _service(service, attributes, organization=True, service_at_locations=True)
    return {**data, "metadata": []}


def services_to_hsds(services: Sequence[Service]) -> list[Json]:
    attributes = attributes_for(
        obj
        for service in services
        for obj in _service_objects(service, organization=True, service_at_locations=True)
    )
    return [service_to_hsds(service, attributes=attributes) for service in services]


def services_for_hsds(queryset: QuerySet[Service]) -> QuerySet[Service]:
    return queryset.select_related("organization").prefetch_related(
        *_service_lookups("", service_at_locations=True),
        *_organization_lookups("organization__"),
    )


# --- services at locations --------------------------------------------------------------------


def _service_at_location(sal: ServiceAtLocation, attributes: AttributeMap, **service: Any) -> Json:
    return _hsds(
        sal,
        _SERVICE_AT_LOCATION,
        contacts=_contacts(sal),
        phones=_phones(sal),
        schedules=_schedules(sal),
        location=_location(sal.location, attributes),
        attributes=_attributes(sal, attributes),
        **service,
    )


def _service_at_location_lookups(prefix: str) -> Lookups:
    return [
        f"{prefix}phones__languages",
        f"{prefix}schedules",
        f"{prefix}contacts__phones__languages",
        *_location_lookups(f"{prefix}location__"),
    ]


def service_at_location_list_item_to_hsds(sal: ServiceAtLocation) -> Json:
    """compiled/service_at_location_list.json: one-to-one fields, the location's and the
    service's (with its organisation's)."""
    return _hsds(
        sal,
        _SERVICE_AT_LOCATION,
        location=_hsds(sal.location, _LOCATION, _LOCATION_REQUIRED),
        service=service_list_item_to_hsds(sal.service),
    )


def service_at_location_list_for_hsds(
    queryset: QuerySet[ServiceAtLocation],
) -> QuerySet[ServiceAtLocation]:
    return queryset.select_related("location", "service__organization")


def _service_at_location_objects(sal: ServiceAtLocation) -> Iterator[Model]:
    yield sal
    yield sal.location
    yield from _service_objects(sal.service, organization=True, service_at_locations=False)


def service_at_location_to_hsds(
    sal: ServiceAtLocation, *, attributes: AttributeMap | None = None
) -> Json:
    """compiled/service_at_location.json: with its full location and its full service (without
    the service's other locations). Load it through `service_at_locations_for_hsds`."""
    if attributes is None:
        attributes = attributes_for(_service_at_location_objects(sal))
    service = _service(sal.service, attributes, organization=True, service_at_locations=False)
    return {**_service_at_location(sal, attributes, service=service), "metadata": []}


def service_at_locations_to_hsds(sals: Sequence[ServiceAtLocation]) -> list[Json]:
    attributes = attributes_for(obj for sal in sals for obj in _service_at_location_objects(sal))
    return [service_at_location_to_hsds(sal, attributes=attributes) for sal in sals]


def service_at_locations_for_hsds(
    queryset: QuerySet[ServiceAtLocation],
) -> QuerySet[ServiceAtLocation]:
    return queryset.select_related("location", "service__organization").prefetch_related(
        *_service_at_location_lookups(""),
        *_service_lookups("service__", service_at_locations=False),
        *_organization_lookups("service__organization__"),
    )
