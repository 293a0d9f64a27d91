"""Import of HSDS 3.0 data: JSON objects, lists, API pages, folders and CSV datapackages.

The contract, for every entity:
- rows are upserted by their HSDS `id`, so importing again updates and never duplicates;
- a key that is absent leaves the stored value alone; a key that is present (even empty or null)
  is authoritative, and a child list that is present replaces that parent's children;
- each top-level record (one JSON object, one CSV row) is one transaction: a record that fails
  validation writes nothing of itself, and the others still import.
"""

from __future__ import annotations

import csv
import json
import re
import uuid
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, NamedTuple

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import DatabaseError, models, transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from stdnum.no import orgnr

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
from directory.search import search_index_update
from municipalities.models import Municipality


class HsdsImportError(Exception):
    """The input as a whole cannot be read (e.g. the path does not exist)."""


@dataclass(frozen=True)
class Rejection:
    """A record that was not imported; `location` is a JSON pointer or a CSV line (and column)."""

    source: str
    location: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source} {self.location}: {self.reason}"


@dataclass(frozen=True)
class Notice:
    """Something imported with a value left out or a link left empty, or a file skipped."""

    source: str
    location: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source} {self.location}: {self.reason}"


@dataclass
class ImportReport:
    """Counts per HSDS entity name ("service", "phone", …). A row counts once per import, as
    created or (when it existed before) updated, however often the files repeat it."""

    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    deleted: Counter[str] = field(default_factory=Counter)
    rejections: list[Rejection] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)


# --- what HSDS holds and where it goes ----------------------------------------------------------


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
          " legal_status logo uri",
          children="organization_identifiers funding contacts phones", shared="locations services",
          deferred={"parent_organization_id": "parent_organization"}, ignored="programs"),
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
          " alert",
          links="organization", nested={"organization": "organization"},
          children="service_at_locations phones schedules service_areas languages funding"
          " cost_options required_documents contacts",
          enums={"status": ServiceStatus.values}, ignored="program program_id last_modified"),
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
          "name description extent extent_type uri", links="service"),
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


@dataclass(frozen=True)
class _Where:
    source: str
    line: int | None = None

    def at(self, pointer: str) -> str:
        if self.line is None:
            return pointer or "/"
        column = pointer.strip("/").split("/")[0]
        if column:
            return _("line %(line)d, column %(column)s") % {"line": self.line, "column": column}
        return _("line %(line)d") % {"line": self.line}


class _Pending(NamedTuple):
    """A link to a row of the same table that may come later in the import."""

    spec: _Spec
    pk: uuid.UUID
    fk: str
    target: uuid.UUID
    where: _Where
    pointer: str


@dataclass
class _Record:
    """What one top-level record did; merged into the run only when its transaction commits."""

    where: _Where
    touched: dict[tuple[str, uuid.UUID], bool] = field(default_factory=dict)
    deleted: Counter[str] = field(default_factory=Counter)
    notices: list[tuple[str, str]] = field(default_factory=list)
    # None: the link was set (or emptied) now, which overrides an earlier record's pending link.
    pending: dict[tuple[str, uuid.UUID, str], _Pending | None] = field(default_factory=dict)

    def notice(self, pointer: str, reason: str) -> None:
        self.notices.append((pointer, reason))


@dataclass
class _Run:
    root: Path
    report: ImportReport = field(default_factory=ImportReport)
    seen: set[tuple[str, uuid.UUID]] = field(default_factory=set)
    pending: dict[tuple[str, uuid.UUID, str], _Pending] = field(default_factory=dict)

    def source(self, path: Path) -> str:
        return str(path.relative_to(self.root)) if path.is_relative_to(self.root) else str(path)

    def commit(self, record: _Record) -> None:
        for key, created in record.touched.items():
            if key not in self.seen:
                self.seen.add(key)
                (self.report.created if created else self.report.updated)[key[0]] += 1
        self.report.deleted.update(+record.deleted)
        for pointer, reason in record.notices:
            self.notice(record.where, pointer, reason)
        for link, pending in record.pending.items():
            if pending is None:
                self.pending.pop(link, None)
            else:
                self.pending[link] = pending

    def notice(self, where: _Where, pointer: str, reason: str) -> None:
        self.report.notices.append(Notice(where.source, where.at(pointer), reason))

    def reject(self, where: _Where, pointer: str, reason: str) -> None:
        self.report.rejections.append(Rejection(where.source, where.at(pointer), reason))


class _InvalidRecordError(Exception):
    def __init__(self, pointer: str, errors: Mapping[str, str]) -> None:
        super().__init__(pointer)
        self.pointer = pointer
        self.errors = dict(errors)

    def render(self) -> tuple[str, str]:
        """(pointer, reason): the field itself when only one is wrong, else the object."""
        if len(self.errors) == 1:
            return next(iter(self.errors.items()))
        prefix = len(self.pointer) + 1
        return self.pointer, "; ".join(
            f"{where[prefix:] or '/'}: {reason}" for where, reason in self.errors.items()
        )


def _ptr(base: str, *parts: str | int) -> str:
    escaped = (str(part).replace("~", "~0").replace("/", "~1") for part in parts)
    return "/".join((base, *escaped))


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _uuid(value: object) -> uuid.UUID | None:
    if isinstance(value, str) and _UUID.fullmatch(value.strip()):
        return uuid.UUID(value.strip())
    return None


# --- one record --------------------------------------------------------------------------------


def _import_record(
    run: _Run, spec: _Spec, data: object, where: _Where, pointer: str
) -> models.Model | None:
    record = _Record(where)
    try:
        with transaction.atomic():
            instance = _upsert(record, spec, data, pointer, {})
            _reindex(record.touched)
    except _InvalidRecordError as invalid:
        run.reject(where, *invalid.render())
        return None
    except DatabaseError as error:
        # What validation cannot foresee, e.g. a row changed by someone else meanwhile.
        run.reject(
            where, pointer, _("the database refused the record: %(error)s") % {"error": error}
        )
        return None
    run.commit(record)
    return instance


def _reindex(touched: Iterable[tuple[str, uuid.UUID]]) -> None:
    """Search indexes the services these rows are part of, in the record's transaction."""
    ids: dict[str, list[uuid.UUID]] = defaultdict(list)
    for entity, pk in touched:
        ids[entity].append(pk)
    linked = (
        Q(pk__in=ids["service"])
        | Q(organization__in=ids["organization"])
        | Q(service_at_locations__location__in=ids["location"])
        | Q(service_at_locations__location__addresses__in=ids["address"])
        | Q(languages__in=ids["language"])
        | Q(service_areas__in=ids["service_area"])
    )
    services = set(Service.objects.filter(linked).values_list("pk", flat=True))
    tagged = Attribute.objects.filter(link_entity="service").filter(
        Q(pk__in=ids["attribute"]) | Q(taxonomy_term__in=ids["taxonomy_term"])
    )
    services |= set(tagged.values_list("link_id", flat=True))
    search_index_update(service_ids=services)


def _upsert(
    record: _Record, spec: _Spec, data: object, pointer: str, given: Mapping[str, object]
) -> models.Model:
    """Validate and write one object and everything nested in it. Raises _InvalidRecordError at
    the first object that is wrong; the caller's transaction then undoes the rest."""
    if not isinstance(data, dict):
        raise _InvalidRecordError(pointer, {pointer: _("expected a JSON object.")})
    pk = _uuid(data.get("id"))
    if pk is None:
        reason = _("is required.") if _blank(data.get("id")) else _("must be a UUID.")
        raise _InvalidRecordError(pointer, {_ptr(pointer, "id"): reason})
    existing = spec.model._default_manager.filter(pk=pk).first()
    instance = existing or spec.model(pk=pk)
    errors: dict[str, str] = {}
    assigned: set[str] = set()

    # Nested objects first: this row points at them, so they must exist before it is saved.
    for key, entity in spec.nested.items():
        # The nested object's entity is also the name of the foreign key that points at it.
        if entity not in given and data.get(key) is not None:
            nested = _upsert(record, _SPECS[entity], data[key], _ptr(pointer, key), {})
            setattr(instance, entity, nested)
            assigned.add(entity)
    for name, value in given.items():
        setattr(instance, name, value)
        assigned.add(name)

    for key in spec.required:
        if key != "id" and _blank(data.get(key)):
            errors[_ptr(pointer, key)] = _("is required.")
    for key, name in spec.field_map().items():
        if key in data and name not in given:
            try:
                value = _value(spec, name, data[key], record, _ptr(pointer, key))
            except ValueError as error:
                errors.setdefault(_ptr(pointer, key), str(error))
                continue
            setattr(instance, _field(spec.model, name).attname, value)
            assigned.add(name)
    for fk in spec.links:
        if fk not in assigned and f"{fk}_id" in data:
            _link(record, spec, instance, fk, data[f"{fk}_id"], _ptr(pointer, f"{fk}_id"), errors)
            assigned.add(fk)
    for key, fk in spec.deferred.items():
        if key in data:
            _link_later(record, spec, instance, fk, data[key], _ptr(pointer, key), errors)
            assigned.add(fk)
    errors.update(_missing_links(spec, instance, pointer))
    if errors:
        raise _InvalidRecordError(pointer, errors)

    if isinstance(instance, ServiceArea):
        instance.municipality = _municipality_of(instance)
        assigned.add("municipality")
    try:
        instance.full_clean(validate_constraints=False)
    except ValidationError as error:
        raise _InvalidRecordError(pointer, _django_errors(spec, error, pointer)) from None
    errors.update(_profile_checks(instance, pointer))
    if errors:
        raise _InvalidRecordError(pointer, errors)
    try:
        instance.validate_constraints()
    except ValidationError as error:
        raise _InvalidRecordError(pointer, _django_errors(spec, error, pointer)) from None

    if existing is None:
        instance.save(force_insert=True)
    else:
        auto = {f.name for f in spec.model._meta.concrete_fields if getattr(f, "auto_now", False)}
        instance.save(update_fields=assigned | auto)
    record.touched.setdefault((spec.entity, pk), existing is None)

    for child in spec.children:
        if data.get(child.key) is not None:
            _children(record, child, instance, data[child.key], _ptr(pointer, child.key))
    if spec.entity != "attribute" and data.get("attributes") is not None:
        _attributes(record, spec, pk, data["attributes"], _ptr(pointer, "attributes"))
    return instance


def _field(model: type[models.Model], name: str) -> models.Field[Any, Any]:
    found = model._meta.get_field(name)
    if not isinstance(found, models.Field):
        raise TypeError(name)
    return found


def _value(spec: _Spec, name: str, value: object, record: _Record, pointer: str) -> object:
    """The raw JSON or CSV value, made ready for the model field (which validates the rest)."""
    model_field = _field(spec.model, name)
    if _blank(value):
        return None if model_field.null else ""
    if isinstance(value, dict | list):
        raise ValueError(_("expected a single value, not a list or an object."))
    if isinstance(value, bool):
        raise ValueError(_("expected a text or a number, not true or false."))
    allowed = spec.enums.get(name)
    if allowed is not None and value not in allowed:
        raise ValueError(
            _("%(value)s is not one of %(allowed)s.")
            % {"value": f'"{value}"', "allowed": ", ".join(allowed)}
        )
    if name in ("latitude", "longitude"):
        return _coordinate(name, value, record, pointer)
    if isinstance(model_field, models.CharField | models.TextField):
        text = value if isinstance(value, str) else str(value)
        limit = model_field.max_length
        if limit is not None and limit >= _PROSE_LENGTH and len(text) > limit:
            # HSDS sets no lengths. Prose longer than the column is cut and reported; a code that
            # is too long is wrong, and the model's validation rejects it.
            record.notice(
                pointer,
                _("longer than %(limit)d characters; the rest was cut off.") % {"limit": limit},
            )
            return text[: limit - 1] + "…"
        return text
    if isinstance(model_field, models.IntegerField) and isinstance(value, Decimal | float):
        if value != int(value):
            raise ValueError(_("must be a whole number."))
        return int(value)
    return value


def _coordinate(name: str, value: object, record: _Record, pointer: str) -> Decimal | None:
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        number = Decimal("NaN")
    if not number.is_finite():
        raise ValueError(_("must be a number."))
    limit = 90 if name == "latitude" else 180
    if not -limit <= number <= limit:
        # A wrong position must not hide the rest of the location; it is left out and reported.
        record.notice(
            pointer,
            _("%(value)s is outside -%(limit)d…%(limit)d; the location was imported without it.")
            % {"value": value, "limit": limit},
        )
        return None
    return number.quantize(_MICRODEGREE)


def _link(
    record: _Record,
    spec: _Spec,
    instance: models.Model,
    fk: str,
    raw: object,
    pointer: str,
    errors: dict[str, str],
) -> None:
    model_field = _field(spec.model, fk)
    target_spec = next(s for s in _SPEC_LIST if s.model is model_field.related_model)
    attname = f"{fk}_id"
    if _blank(raw):
        setattr(instance, attname, None)
        return
    target = _uuid(raw)
    if target is None:
        errors[pointer] = _("must be a UUID.")
        return
    if target_spec.model._default_manager.filter(pk=target).exists():
        setattr(instance, attname, target)
        return
    missing = {"entity": target_spec.entity, "id": target}
    if model_field.null:
        setattr(instance, attname, None)
        record.notice(
            pointer, _("no %(entity)s %(id)s in the directory; the link was left empty.") % missing
        )
    else:
        errors[pointer] = _("no %(entity)s %(id)s in the directory.") % missing


def _link_later(
    record: _Record,
    spec: _Spec,
    instance: models.Model,
    fk: str,
    raw: object,
    pointer: str,
    errors: dict[str, str],
) -> None:
    """A parent of the same kind: linked now if it exists, else after the whole import."""
    attname = f"{fk}_id"
    setattr(instance, attname, None)
    record.pending[(spec.entity, instance.pk, fk)] = None
    if _blank(raw):
        return
    target = _uuid(raw)
    if target is None:
        errors[pointer] = _("must be a UUID.")
    elif target == instance.pk:
        errors[pointer] = _("cannot be its own parent.")
    elif spec.model._default_manager.filter(pk=target).exists():
        setattr(instance, attname, target)
    else:
        pending = _Pending(spec, instance.pk, fk, target, record.where, pointer)
        record.pending[(spec.entity, instance.pk, fk)] = pending


def _missing_links(spec: _Spec, instance: models.Model, pointer: str) -> dict[str, str]:
    def ways(fk: str) -> str:
        nested = [key for key, entity in spec.nested.items() if entity == fk]
        return _(" or ").join([*nested, f"{fk}_id"])

    empty = [fk for fk in spec.links if getattr(instance, f"{fk}_id") is None]
    for fk in empty:
        if not _field(spec.model, fk).null:
            return {
                _ptr(pointer, f"{fk}_id"): _("is required (give %(keys)s).") % {"keys": ways(fk)}
            }
    if spec.needs_link and len(empty) == len(spec.links):
        keys = ", ".join(f"{fk}_id" for fk in spec.links)
        return {pointer: _("belongs to nothing: give one of %(keys)s.") % {"keys": keys}}
    return {}


def _profile_checks(instance: models.Model, pointer: str) -> dict[str, str]:
    """Rules beyond the model fields: HSDS's and the Norwegian profile's."""
    errors: dict[str, str] = {}
    if isinstance(instance, Service):
        low, high = instance.minimum_age, instance.maximum_age
        if low is not None and high is not None and low > high:
            errors[_ptr(pointer, "minimum_age")] = _(
                "minimum_age %(low)d is above maximum_age %(high)d."
            ) % {"low": low, "high": high}
    elif isinstance(instance, OrganizationIdentifier):
        is_orgnr = instance.identifier_scheme.strip().upper() == "NO-BRC" or (
            "organisasjonsnummer" in instance.identifier_type.lower()
        )
        if is_orgnr:
            if orgnr.is_valid(instance.identifier):
                instance.identifier = orgnr.compact(instance.identifier)
            else:
                errors[_ptr(pointer, "identifier")] = _(
                    "%(value)s is not a valid Norwegian organisation number."
                ) % {"value": instance.identifier}
    return errors


def _municipality_of(area: ServiceArea) -> Municipality | None:
    """Norwegian profile: an area named by a kommunenummer is that municipality."""
    numbers = [
        value.strip()
        for value in (area.name, area.extent)
        if _MUNICIPALITY_NUMBER.fullmatch(value.strip())
    ]
    return Municipality.objects.filter(number__in=numbers).first() if numbers else None


def _django_errors(spec: _Spec, error: ValidationError, pointer: str) -> dict[str, str]:
    return {
        (pointer if name == NON_FIELD_ERRORS else _ptr(pointer, spec.key_of(name))): " ".join(
            messages
        )
        for name, messages in error.message_dict.items()
    }


def _children(
    record: _Record, child: _Child, parent: models.Model, items: object, pointer: str
) -> None:
    if not isinstance(items, list):
        raise _InvalidRecordError(pointer, {pointer: _("expected a list.")})
    spec = _SPECS[child.entity]
    if child.owned:
        keep = {i for item in items if isinstance(item, dict) and (i := _uuid(item.get("id")))}
        record.deleted[spec.entity] += _prune(spec, child.fk, [parent.pk], keep)
    for index, item in enumerate(items):
        _upsert(record, spec, item, _ptr(pointer, index), {child.fk: parent})


def _attributes(record: _Record, spec: _Spec, pk: uuid.UUID, items: object, pointer: str) -> None:
    if not isinstance(items, list):
        raise _InvalidRecordError(pointer, {pointer: _("expected a list.")})
    keep = {i for item in items if isinstance(item, dict) and (i := _uuid(item.get("id")))}
    # Stale links go first, so that a term moved to a new attribute id does not collide with them.
    stale = Attribute.objects.filter(link_entity=spec.entity, link_id=pk).exclude(pk__in=keep)
    record.deleted["attribute"] += _delete(stale)
    for index, item in enumerate(items):
        given = {"link_entity": spec.entity, "link_id": pk}
        _upsert(record, _SPECS["attribute"], item, _ptr(pointer, index), given)


def _prune(
    spec: _Spec, fk: str, parents: Collection[uuid.UUID], keep: Collection[uuid.UUID]
) -> int:
    """Take the parents' children that are not in `keep` away from them; delete those that
    then belong to nothing. Returns how many rows were deleted."""
    manager = spec.model._default_manager
    gone = list(
        manager.filter(**{f"{fk}_id__in": parents})
        .exclude(pk__in=keep)
        .values_list("pk", flat=True)
    )
    if not gone:
        return 0
    if not _field(spec.model, fk).null:
        return _delete(manager.filter(pk__in=gone))
    manager.filter(pk__in=gone).update(**{f"{fk}_id": None})
    return _delete(manager.filter(pk__in=gone, **{f"{link}_id": None for link in spec.links}))


def _delete(queryset: models.QuerySet[Any]) -> int:
    """Delete and count the rows of the queryset's own model (not what cascades from them)."""
    return queryset.delete()[1].get(queryset.model._meta.label, 0)


def _resolve_pending(run: _Run) -> None:
    for pending in run.pending.values():
        manager = pending.spec.model._default_manager
        if manager.filter(pk=pending.target).exists():
            manager.filter(pk=pending.pk).update(**{f"{pending.fk}_id": pending.target})
        else:
            run.notice(
                pending.where,
                pending.pointer,
                _("no %(entity)s %(id)s in the directory; the link was left empty.")
                % {"entity": pending.spec.entity, "id": pending.target},
            )


# --- files and folders -------------------------------------------------------------------------


def hsds_import_path(path: Path) -> ImportReport:
    """Import a JSON file (one object, a list, or an API page with `contents`), a folder of
    them, or an HSDS CSV datapackage. Each top-level record commits on its own."""
    if not path.exists():
        raise HsdsImportError(_("%(path)s does not exist.") % {"path": path})
    run = _Run(root=path if path.is_dir() else path.parent)
    if path.is_dir():
        _import_folder(run, path)
    else:
        _import_file(run, path)
    _resolve_pending(run)
    return run.report


def _entity_from_name(name: str) -> str | None:
    stem = Path(name).stem.lower().replace("-", "_").replace("organisation", "organization")
    prefixes = (
        ("service_at_location", "service_at_location"),
        ("taxonomy_term", "taxonomy_term"),
        ("taxonom", "taxonomy"),
        ("organization", "organization"),
        ("service", "service"),
        ("location", "location"),
    )
    return next((entity for prefix, entity in prefixes if stem.startswith(prefix)), None)


def _entity_of(data: Mapping[str, object], hint: str | None) -> str | None:
    """The top-level entity whose required keys the object has and whose keys it shares most."""
    keys = set(data)
    scores: dict[str, int] = {}
    for entity in _TOP_LEVEL:
        spec = _SPECS[entity]
        if not set(spec.required) <= keys:
            continue
        if entity == "service_at_location" and not keys & {
            *spec.nested,
            "service_id",
            "location_id",
        }:
            continue
        scores[entity] = len(keys & spec.keys())
    if not scores:
        return hint
    best = [entity for entity, score in scores.items() if score == max(scores.values())]
    if len(best) == 1:
        return best[0]
    return hint if hint in best else None


def _import_folder(run: _Run, folder: Path) -> None:
    files = sorted(folder.iterdir())
    tables = [f for f in files if f.suffix.lower() == ".csv" and _table_entity(f.name)]
    if (folder / "datapackage.json").is_file() or tables:
        _import_datapackage(run, folder)
    order = {entity: index for index, entity in enumerate(_TOP_LEVEL)}

    def priority(path: Path) -> tuple[int, str]:
        return order.get(_entity_from_name(path.name) or "", len(order)), path.name

    for path in sorted(files, key=priority):
        if path.is_dir():
            _import_folder(run, path)
        elif path.suffix.lower() == ".json" and path.name != "datapackage.json":
            _import_file(run, path)


def _import_file(run: _Run, path: Path) -> None:
    where = _Where(run.source(path))
    if path.name == "datapackage.json":
        _import_datapackage(run, path.parent)
        return
    if path.suffix.lower() == ".csv":
        entity = _table_entity(path.name)
        table = _read_csv(run, path, ",") if entity else None
        if entity is None:
            run.notice(where, "", _("this table is not kept here; skipped."))
        elif table is not None:
            _import_tables(run, {entity: table})
        return
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"), parse_float=Decimal)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        run.reject(where, "", _("not valid JSON: %(error)s") % {"error": error})
        return
    hint = _entity_from_name(path.name)
    if isinstance(data, dict) and data and all(key.endswith(".csv") for key in data):
        # The tabular format written as JSON (as in HSDS's examples/tabular.json).
        rows = {}
        for key, value in data.items():
            entity = _table_entity(key)
            if entity is None:
                run.notice(where, _ptr("", key), _("this table is not kept here; skipped."))
            elif isinstance(value, list):
                rows[entity] = [(where, _ptr("", key, i), row) for i, row in enumerate(value)]
            else:
                run.reject(where, _ptr("", key), _("expected a list of rows."))
        _import_tables(run, rows)
        return
    if isinstance(data, dict) and "openapi_url" in data and "id" not in data:
        run.notice(where, "", _("API information, not records; skipped."))
        return
    if isinstance(data, dict) and isinstance(data.get("contents"), list):
        items: Iterable[tuple[str, object]] = (
            (_ptr("", "contents", i), item) for i, item in enumerate(data["contents"])
        )
    elif isinstance(data, list):
        items = ((_ptr("", i), item) for i, item in enumerate(data))
    else:
        items, hint = [("", data)], None
    for pointer, item in items:
        entity = hint
        if entity is None and isinstance(item, dict):
            entity = _entity_of(item, _entity_from_name(path.name))
        if entity is None:
            run.reject(
                where,
                pointer,
                _("cannot tell which HSDS object this is (service, organization, …)."),
            )
            continue
        _import_record(run, _SPECS[entity], item, where, pointer)


# --- CSV datapackages ----------------------------------------------------------------------------


def _table_entity(name: str) -> str | None:
    stem = Path(name).name.lower().removesuffix(".csv")
    for spec in _SPEC_LIST:
        if stem in (spec.table.removesuffix(".csv"), spec.entity, f"{spec.entity}s"):
            return spec.entity
    return "taxonomy" if stem == "taxonomies" else None


def _import_datapackage(run: _Run, folder: Path) -> None:
    descriptor = folder / "datapackage.json"
    resources: list[tuple[Path, str, str]] = []
    if descriptor.is_file():
        where = _Where(run.source(descriptor))
        try:
            package = json.loads(descriptor.read_text(encoding="utf-8-sig"))
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            run.reject(where, "", _("not valid JSON: %(error)s") % {"error": error})
            return
        listed = package.get("resources") if isinstance(package, dict) else None
        if not isinstance(listed, list):
            run.reject(where, "/resources", _("expected a list."))
            return
        for index, resource in enumerate(listed):
            path = resource.get("path") if isinstance(resource, dict) else None
            target = (folder / path).resolve() if isinstance(path, str) else None
            if target is None or not target.is_relative_to(folder.resolve()):
                run.notice(where, _ptr("", "resources", index), _("not a local CSV file; skipped."))
                continue
            dialect = resource.get("dialect")
            delimiter = dialect.get("delimiter") if isinstance(dialect, dict) else None
            name = str(resource.get("name") or target.name)
            resources.append((target, name, str(delimiter or ",")))
    if not resources:
        resources = [(path, path.name, ",") for path in sorted(folder.glob("*.csv"))]

    rows: dict[str, list[tuple[_Where, str, dict[str, Any]]]] = {}
    for path, name, delimiter in resources:
        source = run.source(path)
        entity = _table_entity(path.name) or _table_entity(name)
        if entity is None:
            run.notice(_Where(source), "", _("this table is not kept here; skipped."))
            continue
        if not path.is_file():
            run.reject(_Where(source), "", _("file not found."))
            continue
        table = _read_csv(run, path, delimiter)
        if table is not None:
            rows.setdefault(entity, []).extend(table)
    _import_tables(run, rows)


def _read_csv(
    run: _Run, path: Path, delimiter: str
) -> list[tuple[_Where, str, dict[str, Any]]] | None:
    """The rows with the line each starts on, or None (and a rejection) if the file cannot be
    read: then its table is left out entirely, so that nothing is pruned for want of rows."""
    source = run.source(path)
    rows = []
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle, delimiter=delimiter)
            reader.fieldnames  # noqa: B018 -- reads the header, so that line_num counts it
            line = reader.line_num + 1
            for row in reader:
                # A quoted cell may span lines; a record is reported at the line where it starts.
                cells = {k.strip(): v for k, v in row.items() if k and v is not None}
                rows.append((_Where(source, line), "", cells))
                line = reader.line_num + 1
    except (UnicodeDecodeError, csv.Error) as error:
        run.reject(_Where(source), "", _("cannot read the CSV file: %(error)s") % {"error": error})
        return None
    return rows


def _import_tables(
    run: _Run, tables: Mapping[str, list[tuple[_Where, str, dict[str, Any]]]]
) -> None:
    """Import rows table by table, parents first; then, for each table given, take from the
    imported parents the children the table no longer lists."""
    imported: dict[str, set[uuid.UUID]] = defaultdict(set)
    present: dict[str, set[uuid.UUID]] = defaultdict(set)
    for entity in _TABLE_ORDER:
        for where, pointer, row in tables.get(entity, []):
            pk = _uuid(row.get("id")) if isinstance(row, dict) else None
            if pk is not None:
                present[entity].add(pk)
            instance = _import_record(run, _SPECS[entity], row, where, pointer)
            if instance is not None:
                imported[entity].add(instance.pk)
    with transaction.atomic():
        deleted = Counter[str]()
        for (child, fk), parent in _OWNED.items():
            if child in tables and imported[parent]:
                deleted[child] += _prune(_SPECS[child], fk, imported[parent], present[child])
        if "attribute" in tables:
            for entity, pks in list(imported.items()):
                stale = Attribute.objects.filter(link_entity=entity, link_id__in=pks)
                deleted["attribute"] += _delete(stale.exclude(pk__in=present["attribute"]))
        if deleted.total():
            _reindex((entity, pk) for entity, pks in imported.items() for pk in pks)
    run.report.deleted.update(+deleted)
