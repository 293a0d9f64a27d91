"""The demo directory as its data files in directory/demo/data/ describe it, read and checked.

`common.toml` holds what the others share (county, language names, opening hours),
`organizations.toml` and `locations.toml` the organisations and their locations,
`porsgrunn.toml` the services in Porsgrunn and who does what there, `national.toml` the national
services. Each file's header says what its keys mean. Every key of a record is checked, and so is
every reference to another record or to a reference term, before anything is written.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Container
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from core.datafiles import DataFileError, Kind, record_read, toml_read
from directory.reference import reference_data
from units.models import Sector

DATA_DIR = Path(__file__).resolve().parent / "data"
NAMESPACE = uuid.UUID("8f1c9a52-3d47-4e0b-9a6e-2c51f07b8d31")
# The files of services in the order they are seeded; only Porsgrunn's has collaborations.
SERVICE_FILES = ("porsgrunn.toml", "national.toml")
COLLABORATIONS_FILE = "porsgrunn.toml"


def stable_id(name: str) -> uuid.UUID:
    """The fixed id of a demo row, the same on every installation."""
    return uuid.uuid5(NAMESPACE, name)


class Hours(NamedTuple):
    description: str
    byday: str
    opens: datetime.time | None
    closes: datetime.time | None


class DemoOrganization(NamedTuple):
    key: str
    name: str
    description: str
    parent: str | None
    local: bool  # belongs to Porsgrunn; False for county, regional and national bodies
    unit: str | None  # the demo unit (units/demo.py) this organisation is
    website: str
    email: str
    orgnr: str


class DemoLocation(NamedTuple):
    key: str
    name: str
    organization: str
    address: str  # empty: no published street address
    postal_code: str
    city: str
    description: str
    transportation: str


@dataclass(frozen=True, kw_only=True)
class DemoService:
    key: str
    name: str
    organization: str
    sector: Sector
    needs: tuple[str, ...]
    description: str
    eligibility: str
    application: str
    min_age: int | None
    max_age: int | None
    self_referral: bool
    referral_from: str
    routes: tuple[str, ...]  # access routes besides self-referral: referral, gp, school
    legal_basis: str
    wait_time: str
    expects: str
    internal_route: str
    reviewed: datetime.date
    phone: str
    email: str
    url: str
    location: str | None
    hours: Hours | None
    languages: tuple[str, ...]
    interpreter: str
    contact: tuple[str, str] | None  # (name, title): a fictional person
    fees: str
    national: bool
    source: str


class DemoCollaboration(NamedTuple):
    title: str
    need: str
    description: str
    services: tuple[str, ...]


@dataclass(frozen=True)
class DemoDirectory:
    county: str
    national_area: str
    language_names: dict[str, str]
    organizations: tuple[DemoOrganization, ...]
    locations: tuple[DemoLocation, ...]
    services: tuple[DemoService, ...]
    collaborations: tuple[DemoCollaboration, ...]


# What a record may leave out when its file's [defaults] does not say: no text, no list, none.
_ORGANIZATION: dict[str, Kind] = {
    "key": str,
    "name": str,
    "description": str,
    "parent": str,
    "local": bool,
    "unit": str,
    "website": str,
    "email": str,
    "orgnr": str,
}
_ORGANIZATION_EMPTY = {"parent": None, "unit": None, "website": "", "email": "", "orgnr": ""}
_LOCATION: dict[str, Kind] = {
    "key": str,
    "name": str,
    "organization": str,
    "address": str,
    "postal_code": str,
    "city": str,
    "description": str,
    "transportation": str,
}
_LOCATION_EMPTY = dict.fromkeys(("address", "postal_code", "description", "transportation"), "")
_HOURS: dict[str, Kind] = {
    "description": str,
    "byday": str,
    "opens": datetime.time,
    "closes": datetime.time,
}
_HOURS_EMPTY = {"byday": "", "opens": None, "closes": None}
_SERVICE: dict[str, Kind] = {
    "key": str,
    "name": str,
    "organization": str,
    "sector": str,
    "needs": (str,),
    "description": str,
    "eligibility": str,
    "application": str,
    "min_age": int,
    "max_age": int,
    "self_referral": bool,
    "referral_from": str,
    "routes": (str,),
    "legal_basis": str,
    "wait_time": str,
    "expects": str,
    "internal_route": str,
    "reviewed": datetime.date,
    "phone": str,
    "email": str,
    "url": str,
    "location": str,
    "hours": object,  # a name in common.toml or a table; checked below
    "languages": (str,),
    "interpreter": str,
    "contact": dict,
    "fees": str,
    "national": bool,
    "source": str,
}
_SERVICE_EMPTY: dict[str, Any] = {
    **dict.fromkeys(("referral_from", "legal_basis", "wait_time", "expects", "internal_route"), ""),
    **dict.fromkeys(("phone", "email", "url", "source"), ""),
    **dict.fromkeys(("min_age", "max_age", "location", "hours", "contact"), None),
    "routes": [],
}
_COLLABORATION: dict[str, Kind] = {
    "title": str,
    "need": str,
    "description": str,
    "services": (str,),
}


def _records(
    path: Path,
    name: str,
    kinds: dict[str, Kind],
    empty: dict[str, Any],
    data: dict[str, Any],
    *,
    also: tuple[str, ...] = (),
) -> list[dict[str, Any]]:
    """The file's [[name]] records, each with the file's [defaults] and then `empty` filled in;
    `also` names the other tables the file may have."""
    unknown = sorted(set(data) - {"defaults", name, *also})
    if unknown:
        raise DataFileError(f"{path}: unknown table {', '.join(unknown)}")
    defaults = record_read(
        data.get("defaults", {}), kinds, where=f"{path}: [defaults]", partial=True
    )
    records = []
    for index, fields in enumerate(data.get(name, []), start=1):
        where = f"{path}: {name} {fields.get('key', index) if isinstance(fields, dict) else index}"
        records.append(record_read(fields, kinds, where=where, defaults={**empty, **defaults}))
    if not records:
        raise DataFileError(f"{path}: no [[{name}]]")
    return records


def _unknown(where: str, what: str, values: list[str | None], known: Container[str]) -> None:
    """Fail on the first values not in `known` (None stands for no reference and is fine)."""
    missing = [str(value) for value in values if value is not None and value not in known]
    if missing:
        raise DataFileError(f"{where}: unknown {what} {', '.join(missing)}")


def _keys_unique(path: Path, records: list[dict[str, Any]]) -> None:
    keys = [record["key"] for record in records]
    twice = sorted({key for key in keys if keys.count(key) > 1})
    if twice:
        raise DataFileError(f"{path}: key used twice: {', '.join(twice)}")


def _common_read(path: Path) -> tuple[dict[str, Any], dict[str, Hours]]:
    kinds: dict[str, Kind] = {"county": str, "national_area": str, "languages": dict, "hours": dict}
    common = record_read(toml_read(path), kinds, where=str(path))
    for code, name in common["languages"].items():
        record_read({"name": name}, {"name": str}, where=f"{path}: languages.{code}")
    hours = {
        name: Hours(
            **record_read(fields, _HOURS, where=f"{path}: hours.{name}", defaults=_HOURS_EMPTY)
        )
        for name, fields in common["hours"].items()
    }
    return common, hours


def _hours(value: object, named: dict[str, Hours], where: str) -> Hours | None:
    """No hours, the shared hours of that name, or the service's own."""
    if value is None:
        return None
    if isinstance(value, str):
        _unknown(where, "hours", [value], named)
        return named[value]
    return Hours(**record_read(value, _HOURS, where=where, defaults=_HOURS_EMPTY))


def _service(
    fields: dict[str, Any], where: str, *, named: dict[str, Hours], languages: dict[str, str]
) -> DemoService:
    reference = reference_data()
    route_codes = {term.code for term in reference.terms if term.taxonomy == "access"}
    _unknown(where, "need", fields["needs"], reference.need_codes)
    _unknown(where, "access route", fields["routes"], route_codes)
    _unknown(where, "language", fields["languages"], languages)
    try:
        sector = Sector(fields["sector"])
    except ValueError:
        raise DataFileError(f"{where}: {fields['sector']!r} is not a Sector") from None
    contact = fields["contact"]
    if contact is not None:
        contact = record_read(contact, {"name": str, "title": str}, where=f"{where}: contact")
    return DemoService(
        **{
            **fields,
            "sector": sector,
            "needs": tuple(fields["needs"]),
            "routes": tuple(fields["routes"]),
            "languages": tuple(fields["languages"]),
            "hours": _hours(fields["hours"], named, f"{where}: hours"),
            "contact": (contact["name"], contact["title"]) if contact else None,
        }
    )


def demo_directory_read(directory: Path = DATA_DIR) -> DemoDirectory:
    """Every record of the demo directory; DataFileError naming the file and record if one is
    broken or refers to something that is not there."""
    common, named = _common_read(directory / "common.toml")

    path = directory / "organizations.toml"
    organizations: dict[str, DemoOrganization] = {}
    records = _records(path, "organization", _ORGANIZATION, _ORGANIZATION_EMPTY, toml_read(path))
    _keys_unique(path, records)
    for fields in records:
        # A parent comes first: the seed links each organisation to one already written.
        where = f"{path}: organization {fields['key']}"
        _unknown(where, "parent", [fields["parent"]], organizations)
        organizations[fields["key"]] = DemoOrganization(**fields)

    path = directory / "locations.toml"
    location_records = _records(path, "location", _LOCATION, _LOCATION_EMPTY, toml_read(path))
    _keys_unique(path, location_records)
    for fields in location_records:
        where = f"{path}: location {fields['key']}"
        _unknown(where, "organization", [fields["organization"]], organizations)
    locations = {fields["key"]: DemoLocation(**fields) for fields in location_records}

    services: dict[str, DemoService] = {}
    collaborations: list[DemoCollaboration] = []
    for name in SERVICE_FILES:
        path = directory / name
        data = toml_read(path)
        also = ("collaboration",) if name == COLLABORATIONS_FILE else ()
        records = _records(path, "service", _SERVICE, _SERVICE_EMPTY, data, also=also)
        _keys_unique(path, records)
        for fields in records:
            where = f"{path}: service {fields['key']}"
            if fields["key"] in services:
                raise DataFileError(f"{where}: the key is used in another file too")
            _unknown(where, "organization", [fields["organization"]], organizations)
            _unknown(where, "location", [fields["location"]], locations)
            services[fields["key"]] = _service(
                fields, where, named=named, languages=common["languages"]
            )
        for index, fields in enumerate(data.get("collaboration", []), start=1):
            where = f"{path}: collaboration {index}"
            collaboration = DemoCollaboration(**record_read(fields, _COLLABORATION, where=where))
            _unknown(where, "need", [collaboration.need], reference_data().need_codes)
            _unknown(where, "service", list(collaboration.services), services)
            collaborations.append(collaboration._replace(services=tuple(collaboration.services)))
    return DemoDirectory(
        county=common["county"],
        national_area=common["national_area"],
        language_names=common["languages"],
        organizations=tuple(organizations.values()),
        locations=tuple(locations.values()),
        services=tuple(services.values()),
        collaborations=tuple(collaborations),
    )
