"""The knowledge base's seeded national materials: read and checked from
knowledge/data/materials.toml before anything is written (core.datafiles)."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from core.datafiles import DataFileError, record_read, toml_read
from directory.models import TaxonomyTerm
from knowledge.models import Audience, Kind, MaterialLanguage
from knowledge.services import MaterialData, materials_load
from municipalities.models import Municipality

MATERIALS_FILE = Path(__file__).resolve().parent / "data" / "materials.toml"
# The demo's local routines (fictional, Porsgrunn): the same records with a municipality.
DEMO_ROUTINES_FILE = Path(__file__).resolve().parent / "data" / "demo_routines.toml"
KINDS: dict[str, Any] = {
    "key": str,
    "kind": str,
    "title": str,
    "publisher": str,
    "date": datetime.date,
    "url": str,
    "checked": bool,
    "summary": str,
    "language": str,
    "audience": (str,),
    "needs": (str,),
    "sectors": (str,),
    "ages": (str,),
}
OPTIONAL = ("date",)
# The kinds a national file may hold: a local routine is a municipality's own.
NATIONAL_KINDS = set(Kind.values) - {Kind.LOCAL_ROUTINE}


def materials_read(
    path: Path = MATERIALS_FILE, *, local: bool = False
) -> list[tuple[str, MaterialData]]:
    """Every material of the file as (key, data), checked; DataFileError names the file and
    the record of the first mistake. A `local` file holds local routines, each with the
    `municipality` (its number) it belongs to."""
    kinds = {**KINDS, "municipality": str} if local else KINDS
    allowed = {Kind.LOCAL_ROUTINE.value} if local else NATIONAL_KINDS
    municipalities = {m.number: m for m in Municipality.objects.all()} if local else {}
    content = toml_read(path)
    unknown = sorted(set(content) - {"defaults", "material"})
    if unknown:
        raise DataFileError(f"{path.name}: unknown table {', '.join(unknown)}")
    defaults = record_read(
        content.get("defaults", {}), kinds, where=f"{path.name} [defaults]", partial=True
    )
    terms = {term.code: term for term in TaxonomyTerm.objects.exclude(code="")}
    records: list[tuple[str, MaterialData]] = []
    seen: set[str] = set()
    for number, table in enumerate(content.get("material", []), start=1):
        where = f"{path.name} material {number}"
        if isinstance(table, dict) and isinstance(table.get("key"), str):
            where += f" ({table['key']})"
        record = record_read(
            table, kinds, where=where, defaults={**dict.fromkeys(OPTIONAL), **defaults}
        )
        key = record["key"]
        if key in seen:
            raise DataFileError(f"{where}: key {key} is used twice")
        seen.add(key)
        if record["kind"] not in allowed:
            raise DataFileError(f"{where}: kind must be one of {', '.join(sorted(allowed))}")
        municipality = None
        if local:
            municipality = municipalities.get(record["municipality"])
            if municipality is None:
                raise DataFileError(f"{where}: no municipality {record['municipality']}")
        if record["language"] not in MaterialLanguage.values:
            raise DataFileError(f"{where}: unknown language {record['language']}")
        bad = [a for a in record["audience"] if a not in Audience.values]
        if bad or not record["audience"]:
            raise DataFileError(f"{where}: audience must name one or more of {Audience.values}")
        if record["checked"] and not record["url"]:
            raise DataFileError(f"{where}: checked without an address")
        codes = [
            *(f"need:{c}" for c in record["needs"]),
            *(f"sector:{c}" for c in record["sectors"]),
            *(f"age:{c}" for c in record["ages"]),
        ]
        missing = [code for code in codes if code not in terms]
        if missing:
            raise DataFileError(
                f"{where}: unknown {', '.join(missing)} (load_directory_taxonomies first?)"
            )
        records.append(
            (
                key,
                MaterialData(
                    kind=record["kind"],
                    title=record["title"].strip(),
                    publisher=record["publisher"],
                    summary=" ".join(record["summary"].split()),
                    issued_on=record["date"],
                    url=record["url"],
                    url_checked=record["checked"],
                    language=record["language"],
                    municipality=municipality,
                    audiences=record["audience"],
                    terms=[terms[code] for code in codes],
                ),
            )
        )
    return records


def materials_seed(path: Path = MATERIALS_FILE, *, local: bool = False) -> tuple[int, int]:
    """Read the file, then create or update its materials (published): (created, updated)."""
    return materials_load(records=materials_read(path, local=local))
