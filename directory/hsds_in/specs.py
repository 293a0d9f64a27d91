"""How each HSDS entity maps onto our models: fields, children and links."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from django.db import models

from directory.models import (
    Address,
    Attribute,
    Contact,
    CostOption,
    Funding,
    Language,
    Location,
    LocationType,
    Organization,
    OrganizationIdentifier,
    Phone,
    RequiredDocument,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceStatus,
    Taxonomy,
    TaxonomyTerm,
)


class _Child(NamedTuple):
    key: str
    entity: str
    fk: str
    # Owned children are replaced by the list; the others (an organisation's services and
    # locations) are entities in their own right and only upserted.
    owned: bool


@dataclass(frozen=True)
class _Spec:
    """How one HSDS table maps to its model. Model fields have the HSDS names unless renamed;
    a foreign key `x` is HSDS's `x_id`; a child list's rows point back with the parent's name."""

    entity: str
    model: type[models.Model]
    table: str
    required: tuple[str, ...]
    fields: tuple[str, ...]
    links: tuple[str, ...]
    children: tuple[_Child, ...]
    nested: Mapping[str, str]  # key of a nested object -> its entity (and foreign key name)
    deferred: Mapping[str, str]  # parent of the same table, linked at the end of the import
    renames: Mapping[str, str]
    enums: Mapping[str, Collection[str]]
    needs_link: bool  # must belong to at least one of its links
    ignored: tuple[str, ...]  # HSDS keys not modelled; they only help recognise the entity

    def field_map(self) -> dict[str, str]:
        """HSDS key -> model field, for plain values."""
        return {key: key for key in self.fields} | dict(self.renames)

    def key_of(self, model_field: str) -> str:
        if model_field in self.links:
            return f"{model_field}_id"
        back = {value: key for key, value in (*self.renames.items(), *self.deferred.items())}
        return back.get(model_field, model_field)

    def keys(self) -> set[str]:
        return {
            "id",
            "attributes",
            "metadata",
            *self.field_map(),
            *(f"{link}_id" for link in self.links),
            *(child.key for child in self.children),
            *self.nested,
            *self.deferred,
            *self.ignored,
        }


_PLURALS = {"addresses": "address", "funding": "funding"}


def _spec(
    entity: str,
    model: type[models.Model],
    table: str,
    required: str,
    fields: str,
    *,
    links: str = "",
    children: str = "",
    shared: str = "",
    nested: Mapping[str, str] | None = None,
    deferred: Mapping[str, str] | None = None,
    renames: Mapping[str, str] | None = None,
    enums: Mapping[str, Collection[str]] | None = None,
    needs_link: bool = False,
    ignored: str = "",
) -> _Spec:
    def child(key: str, owned: bool) -> _Child:
        return _Child(key, _PLURALS.get(key, key.removesuffix("s")), entity, owned)

    return _Spec(
        entity,
        model,
        table,
        tuple(required.split()),
        tuple(fields.split()),
        tuple(links.split()),
        (
            *(child(key, owned=True) for key in children.split()),
            *(child(key, owned=False) for key in shared.split()),
        ),
        nested or {},
        deferred or {},
        renames or {},
        enums or {},
        needs_link,
        tuple(ignored.split()),
    )


_SCHEDULE_FIELDS = (
    "valid_from valid_to dtstart timezone until count wkst freq interval byday byweekno"
    " bymonthday byyearday description opens_at closes_at schedule_link attending_type notes"
)
_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")

# In import order: every table comes after the tables its rows point at.
_SPEC_LIST = (
    _spec("taxonomy", Taxonomy, "taxonomies.csv", "id name description",
          "name description uri version"),
    _spec("taxonomy_term", TaxonomyTerm, "taxonomy_terms.csv", "id name description",
          "code name description language term_uri", links="taxonomy",
          nested={"taxonomy_detail": "taxonomy"}, deferred={"parent_id": "parent"},
          renames={"taxonomy": "taxonomy_name"}),
    _spec("organization", Organization, "organizations.csv", "id name description",
          "name alternate_name description email website tax_status tax_id year_incorporated"
          " legal_status logo uri municipality_number",
          children="organization_identifiers funding contacts phones", shared="locations services",
          deferred={"parent_organization_id": "parent_organization"}, ignored="programs",
          renames={"municipality_number": "municipality"}),
    _spec("organization_identifier", OrganizationIdentifier, "organization_identifiers.csv",
          "id identifier_type identifier", "identifier_scheme identifier_type identifier",
          links="organization"),
    _spec("location", Location, "locations.csv", "id location_type",
          "location_type url name alternate_name description transportation latitude longitude"
          " external_identifier external_identifier_type",
          links="organization", children="addresses contacts phones schedules languages",
          enums={"location_type": LocationType.values}, ignored="accessibility"),
    _spec("address", Address, "addresses.csv",
          "id address_1 city state_province postal_code country address_type",
          "attention address_1 address_2 city region state_province postal_code country"
          " address_type",
          links="location", enums={"address_type": LocationType.values}),
    # Service at locations come first among the children: removing one cascades to its
    # contacts, phones and schedules, which the lists after it then put back where they belong.
    _spec("service", Service, "services.csv", "id name status",
          "name alternate_name description url email status interpretation_services"
          " application_process fees_description wait_time fees accreditations"
          " eligibility_description minimum_age maximum_age assured_date assurer_email licenses"
          " alert is_national legal_basis self_referral referral_from last_reviewed source"
          " deleted_at",
          links="organization", nested={"organization": "organization"},
          children="service_at_locations phones schedules service_areas languages funding"
          " cost_options required_documents contacts",
          enums={"status": ServiceStatus.values}, ignored="program program_id"),
    _spec("service_at_location", ServiceAtLocation, "service_at_location.csv", "id",
          "description", links="service location",
          nested={"service": "service", "location": "location"},
          children="contacts phones schedules"),
    _spec("contact", Contact, "contacts.csv", "id", "name title department email",
          links="organization service service_at_location location", children="phones",
          needs_link=True),
    _spec("phone", Phone, "phones.csv", "id number", "number extension type description",
          links="location service organization contact service_at_location",
          children="languages", needs_link=True),
    _spec("language", Language, "languages.csv", "id", "name code note",
          links="service location phone", needs_link=True),
    _spec("schedule", Schedule, "schedules.csv", "id", _SCHEDULE_FIELDS,
          links="service location service_at_location",
          enums={"wkst": _WEEKDAYS, "freq": ("WEEKLY", "MONTHLY")}, needs_link=True),
    _spec("service_area", ServiceArea, "service_areas.csv", "id",
          "name description extent extent_type uri municipality_number", links="service",
          renames={"municipality_number": "municipality"}),
    _spec("funding", Funding, "funding.csv", "id", "source", links="organization service",
          needs_link=True),
    _spec("cost_option", CostOption, "cost_options.csv", "id",
          "valid_from valid_to option currency amount amount_description", links="service"),
    _spec("required_document", RequiredDocument, "required_documents.csv", "id",
          "document uri", links="service"),
    _spec("attribute", Attribute, "attributes.csv", "id", "link_id link_type link_entity value",
          links="taxonomy_term", nested={"taxonomy_term": "taxonomy_term"}),
)  # fmt: skip
_SPECS = {spec.entity: spec for spec in _SPEC_LIST}
# The order of _SPEC_LIST: every table comes after the tables its rows point at.
_TABLE_ORDER = tuple(spec.entity for spec in _SPEC_LIST)
_TOP_LEVEL = (
    "taxonomy",
    "taxonomy_term",
    "organization",
    "location",
    "service",
    "service_at_location",
)
_OWNED = {
    (child.entity, child.fk): spec.entity
    for spec in _SPEC_LIST
    for child in spec.children
    if child.owned
}
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_MUNICIPALITY_NUMBER = re.compile(r"\d{4}")
_MICRODEGREE = Decimal("0.000001")
_PROSE_LENGTH = 200


# --- bookkeeping -------------------------------------------------------------------------------
