"""The grant catalogue's data file: reading and checking `grants/data/schemes.toml`, and
loading it (`manage.py load_grant_schemes`, `load_demo`).

A scheme's needs, age bands and sectors are the directory's own vocabularies
(`directory.reference`, `units.models.Sector`), so that matching compares like with like.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from audit.models import Action
from audit.services import access_event_record
from core.datafiles import DataFileError, Kind, record_read, toml_read
from directory.reference import reference_data
from grants.models import DeadlineKind, Indicator, Owner, Scheme, SchemeDeadline, SchemeStatus
from units.models import Sector

DATA_FILE = Path(__file__).resolve().parent / "data" / "schemes.toml"

_KINDS: dict[str, Kind] = {
    "key": str,
    "name": str,
    "owner": str,
    "purpose": str,
    "applicants": str,
    "target_group": str,
    "needs": (str,),
    "sectors": (str,),
    "age_bands": (str,),
    "indicators": (str,),
    "amount_min": int,
    "amount_max": int,
    "deadlines": (dict,),
    "deadlines_text": str,
    "reporting": str,
    "regulation": str,
    "regulation_url": str,
    "url": str,
    "status": str,
    "status_year": int,
    "source": str,
    "checked_on": datetime.date,
}
_OPTIONAL = {"amount_min": None, "amount_max": None, "regulation_url": "", "deadlines_text": ""}
_DEADLINE_KINDS: dict[str, Kind] = {"kind": str, "on": datetime.date}


@dataclass(frozen=True)
class SchemeSeed:
    fields: dict[str, Any]
    deadlines: tuple[tuple[str, datetime.date], ...]


def _codes(where: str, name: str, values: list[str], known: set[str]) -> None:
    unknown = sorted(set(values) - known)
    if unknown:
        raise DataFileError(f"{where}: {name} has unknown codes {', '.join(unknown)}")


def schemes_read(path: Path = DATA_FILE) -> list[SchemeSeed]:
    """The schemes in the file, checked; DataFileError naming the scheme and key when wrong."""
    content = toml_read(path)
    reference = reference_data()
    need_codes = {term.code for term in reference.terms if term.taxonomy == "need"}
    age_codes = {band.code for band in reference.age_bands}
    seeds: list[SchemeSeed] = []
    seen: set[str] = set()
    for index, table in enumerate(content.get("scheme", []), start=1):
        where = f"{path.name}: scheme {index}"
        record = record_read(table, _KINDS, where=where, defaults=_OPTIONAL)
        where = f"{path.name}: scheme {record['key']}"
        if record["key"] in seen:
            raise DataFileError(f"{where}: the key is used twice")
        seen.add(record["key"])
        for name, choices in (("owner", Owner), ("status", SchemeStatus)):
            if record[name] not in choices.values:
                raise DataFileError(f"{where}: {name} must be one of {', '.join(choices.values)}")
        _codes(where, "needs", record["needs"], need_codes)
        _codes(where, "age_bands", record["age_bands"], age_codes)
        _codes(where, "sectors", record["sectors"], set(Sector.values))
        _codes(where, "indicators", record["indicators"], set(Indicator.values))
        low, high = record["amount_min"], record["amount_max"]
        if any(amount is not None and amount < 0 for amount in (low, high)):
            raise DataFileError(f"{where}: an amount cannot be negative")
        if low is not None and high is not None and low > high:
            raise DataFileError(f"{where}: amount_min is larger than amount_max")
        deadlines = []
        for number, deadline in enumerate(record.pop("deadlines"), start=1):
            found = record_read(deadline, _DEADLINE_KINDS, where=f"{where}: deadline {number}")
            if found["kind"] not in DeadlineKind.values:
                raise DataFileError(f"{where}: deadline {number} has an unknown kind")
            deadlines.append((found["kind"], found["on"]))
        record["source_url"] = record.pop("source")
        seeds.append(SchemeSeed(fields=record, deadlines=tuple(sorted(set(deadlines)))))
    if not seeds:
        raise DataFileError(f"{path.name}: no [[scheme]]")
    return seeds


def schemes_load(path: Path = DATA_FILE) -> int:
    """Create or update the schemes in the file, matched by key, with exactly its deadlines.
    Reads the whole file first (nothing written when it is wrong), then writes in one
    transaction and records the load in the national access log. Returns the count."""
    seeds = schemes_read(path)
    now = timezone.now()
    with transaction.atomic():
        for seed in seeds:
            fields = dict(seed.fields)
            scheme, _created = Scheme.objects.update_or_create(
                key=fields.pop("key"), defaults={**fields, "loaded_at": now}
            )
            SchemeDeadline.objects.filter(scheme=scheme).delete()
            SchemeDeadline.objects.bulk_create(
                SchemeDeadline(scheme=scheme, kind=kind, due_on=on) for kind, on in seed.deadlines
            )
        access_event_record(
            actor=None,
            actor_label="load_grant_schemes",
            action=Action.UPDATE,
            object_type="grant_catalogue",
            purpose="loading the grant catalogue",
            detail={"schemes": len(seeds)},
        )
    return len(seeds)
