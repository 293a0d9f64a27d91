"""The directory's reference taxonomies and search thesaurus, read from directory/data/.

`taxonomies.toml` holds the four taxonomies that describe a service – the needs it meets, its
sector, the ages it serves and how to get in – with their terms, each under a fixed UUID so ids
stay the same on every installation and in every HSDS export. `thesaurus.toml` maps the words
people actually use ("deppa", "slått hjemme", "skule", "anxiety", common misspellings) to need
codes; search expands a query with it. Administrators extend it in the admin; loading again
updates the seeded phrases and leaves added ones alone.
"""

from __future__ import annotations

import dataclasses
import functools
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple

from django.core.cache import cache
from django.db import transaction
from django.utils import translation

from core.datafiles import DataFileError, Kind, record_read, toml_read
from directory.models import Taxonomy, TaxonomyTerm, ThesaurusEntry
from directory.selectors import THESAURUS_CACHE_KEY
from units.models import Sector

DATA_DIR = Path(__file__).resolve().parent / "data"

_TEXTS: dict[str, Kind] = {
    "name": str,
    "description": str,
    "name_en": str,
    "description_en": str,
}
_KINDS: dict[str, dict[str, Kind]] = {
    "taxonomy": {"key": str, "id": str, **_TEXTS},
    "need": {"id": str, "code": str, **_TEXTS},
    "sector": {"id": str, "sector": str, "name": str, "description": str, "description_en": str},
    "age_band": {"id": str, "code": str, "low": int, "high": int, **_TEXTS},
    "access_route": {"id": str, "code": str, **_TEXTS},
}
# Which taxonomy each kind of term belongs to, in the order they are loaded.
_TAXONOMY_OF = {"need": "need", "sector": "sector", "age_band": "age", "access_route": "access"}


class TaxonomySeed(NamedTuple):
    id: uuid.UUID
    key: str
    name: str
    description: str
    name_en: str
    description_en: str


class TermSeed(NamedTuple):
    id: uuid.UUID
    taxonomy: str  # the key of its taxonomy
    code: str
    name: str
    description: str
    name_en: str
    description_en: str


class AgeBand(NamedTuple):
    code: str
    low: int
    high: int


@dataclasses.dataclass(frozen=True)
class ReferenceData:
    version: str
    language: str
    taxonomies: tuple[TaxonomySeed, ...]
    terms: tuple[TermSeed, ...]
    age_bands: tuple[AgeBand, ...]
    thesaurus: tuple[tuple[str, tuple[str, ...]], ...]

    @property
    def need_codes(self) -> tuple[str, ...]:
        return tuple(term.code for term in self.terms if term.taxonomy == "need")


def _uuid(value: str, where: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError:
        raise DataFileError(f"{where}: id {value!r} is not a UUID") from None


def _sector_name_en(sector: Sector) -> str:
    # The Sector labels are English msgids; read them untranslated whatever the active language.
    with translation.override("en"):
        return str(sector.label)


def _term(kind: str, fields: dict[str, Any], where: str) -> TermSeed:
    """A term of any kind in the common shape: a sector is named by its Sector."""
    if kind == "sector":
        try:
            sector = Sector(fields["sector"])
        except ValueError:
            raise DataFileError(f"{where}: {fields['sector']!r} is not a Sector") from None
        fields = {**fields, "code": f"sector:{sector.value}", "name_en": _sector_name_en(sector)}
    code = str(fields["code"])
    if not code.startswith(f"{_TAXONOMY_OF[kind]}:"):
        raise DataFileError(f"{where}: code must start with {_TAXONOMY_OF[kind]}:")
    return TermSeed(
        id=_uuid(str(fields["id"]), where),
        taxonomy=_TAXONOMY_OF[kind],
        code=code,
        **{name: str(fields[name]) for name in _TEXTS},
    )


def _duplicates(values: Sequence[object]) -> list[str]:
    return sorted({str(value) for value in values if values.count(value) > 1})


def _taxonomies_read(path: Path) -> ReferenceData:
    records = {kind: [] for kind in _KINDS} | toml_read(path)
    kinds: dict[str, Kind] = {"version": str, "language": str, **dict.fromkeys(_KINDS, list)}
    head = record_read(records, kinds, where=str(path))
    taxonomies = []
    for index, fields in enumerate(records["taxonomy"], start=1):
        where = f"{path}: taxonomy {index}"
        taxonomy = record_read(fields, _KINDS["taxonomy"], where=where)
        taxonomies.append(TaxonomySeed(**{**taxonomy, "id": _uuid(taxonomy["id"], where)}))
    terms, age_bands = [], []
    for kind in _TAXONOMY_OF:
        for index, fields in enumerate(records[kind], start=1):
            where = f"{path}: {kind} {index}"
            term = _term(kind, record_read(fields, _KINDS[kind], where=where), where)
            terms.append(term)
            if kind == "age_band":
                age_bands.append(AgeBand(term.code, fields["low"], fields["high"]))
    keys = [taxonomy.key for taxonomy in taxonomies]
    codes = [term.code for term in terms]
    ids = [taxonomy.id for taxonomy in taxonomies] + [term.id for term in terms]
    problems = [
        *(f"id {id} is used twice" for id in _duplicates(ids)),
        *(f"code {code} is used twice" for code in _duplicates(codes)),
        *(f"no sector {value}" for value in Sector.values if f"sector:{value}" not in codes),
    ]
    if sorted(keys) != sorted(set(_TAXONOMY_OF.values())):
        problems.append(f"the taxonomies must be {', '.join(sorted(set(_TAXONOMY_OF.values())))}")
    if problems:
        raise DataFileError(f"{path}: {'; '.join(problems)}")
    return ReferenceData(
        version=head["version"],
        language=head["language"],
        taxonomies=tuple(taxonomies),
        terms=tuple(terms),
        age_bands=tuple(age_bands),
        thesaurus=(),
    )


def _thesaurus_read(path: Path, need_codes: set[str]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    entries = []
    for phrase, codes in toml_read(path).items():
        where = f"{path}: {phrase!r}"
        if not (isinstance(codes, list) and codes and all(isinstance(c, str) for c in codes)):
            raise DataFileError(f"{where}: expected a list of need codes")
        if phrase != phrase.strip().lower():
            raise DataFileError(f"{where}: a phrase is written in lower case, without spaces round")
        unknown = [code for code in codes if code not in need_codes]
        if unknown:
            raise DataFileError(f"{where}: unknown need {', '.join(unknown)}")
        entries.append((phrase, tuple(codes)))
    return tuple(entries)


@functools.cache
def reference_data(directory: Path = DATA_DIR) -> ReferenceData:
    """The taxonomies, terms and thesaurus in `directory`; DataFileError when a file is broken."""
    reference = _taxonomies_read(directory / "taxonomies.toml")
    thesaurus = _thesaurus_read(directory / "thesaurus.toml", set(reference.need_codes))
    return dataclasses.replace(reference, thesaurus=thesaurus)


def reference_terms() -> dict[str, TaxonomyTerm]:
    """The loaded reference terms by code, matched by their fixed ids (not by code alone)."""
    ids = [term.id for term in reference_data().terms]
    return {term.code: term for term in TaxonomyTerm.objects.filter(id__in=ids)}


def taxonomies_load() -> dict[str, int]:
    """Create or update the reference taxonomies, their terms and the seeded thesaurus.

    Reads the files first (DataFileError, nothing written, when one is broken), then writes in
    one transaction, idempotently: taxonomies and terms are matched by their fixed ids,
    thesaurus entries by phrase (their needs are set to the seeded ones). Returns the counts.
    """
    reference = reference_data()
    with transaction.atomic():
        taxonomies: dict[str, Taxonomy] = {}
        for seed in reference.taxonomies:
            taxonomies[seed.key], _ = Taxonomy.objects.update_or_create(
                id=seed.id,
                defaults={
                    "name": seed.name,
                    "description": seed.description,
                    "name_en": seed.name_en,
                    "description_en": seed.description_en,
                    "version": reference.version,
                },
            )
        terms: dict[str, TaxonomyTerm] = {}
        for term in reference.terms:
            taxonomy = taxonomies[term.taxonomy]
            terms[term.code], _ = TaxonomyTerm.objects.update_or_create(
                id=term.id,
                defaults={
                    "code": term.code,
                    "name": term.name,
                    "description": term.description,
                    "name_en": term.name_en,
                    "description_en": term.description_en,
                    "taxonomy": taxonomy,
                    "taxonomy_name": taxonomy.name,
                    "language": reference.language,
                    "parent": None,
                },
            )
        for phrase, codes in reference.thesaurus:
            entry, _ = ThesaurusEntry.objects.get_or_create(phrase=phrase)
            entry.terms.set([terms[code] for code in codes])
    # Searches read the thesaurus from a cache; make them see the new words at once.
    cache.delete(THESAURUS_CACHE_KEY)
    return {
        "taxonomies": len(taxonomies),
        "terms": len(terms),
        "thesaurus_entries": len(reference.thesaurus),
    }
