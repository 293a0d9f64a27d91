"""Loading the Norwegian reference data from ../shared/data/no/ (see its README for sources)."""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from core.datafiles import DataFileError
from municipalities.models import (
    County,
    Municipality,
    MunicipalityParallelName,
    ParallelNameLanguage,
    PopulationByAge,
    PopulationTotal,
    PostalCode,
    PostalCodeCategory,
)

COUNTIES_FILE = "fylker_2024.csv"
MUNICIPALITIES_FILE = "kommuner_2024.csv"
POPULATION_BY_AGE_FILE = "befolkning_kommune_ettarig_alder_0_24_2024_2026.csv"
POPULATION_GROUPS_FILE = "befolkning_kommune_aldersgrupper_2024_2026.csv"
POSTAL_CODES_FILE = "postnummer_2024.csv"
# In Bring's register but not municipalities: their postcodes are kept without one.
NOT_MUNICIPALITIES = {"2100": "Svalbard", "2211": "Jan Mayen"}

EXPECTED_COUNTIES = 15
EXPECTED_MUNICIPALITIES = 357

_LANGUAGE_WORDS = {
    "nordsamisk": ParallelNameLanguage.NORTHERN_SAMI,
    "lulesamisk": ParallelNameLanguage.LULE_SAMI,
    "sørsamisk": ParallelNameLanguage.SOUTHERN_SAMI,
    "kvensk": ParallelNameLanguage.KVEN,
    "språk ikke oppgitt i kildene": ParallelNameLanguage.UNKNOWN,
}
_PARALLEL_NAME = re.compile(r"^(?P<name>[^()]+?)\s*\((?P<language>[^()]+)\)$")


class ReferenceDataError(DataFileError):
    """The reference data could not be read; the message names the file, line and field."""


@dataclass(frozen=True)
class ReferenceDataReport:
    counties: int
    municipalities: int
    parallel_names: int
    population_by_age_rows: int
    population_total_rows: int
    postal_codes: int


def _read_csv(
    directory: Path, filename: str, columns: set[str]
) -> list[tuple[int, dict[str, str]]]:
    path = directory / filename
    if not path.is_file():
        raise ReferenceDataError(f"{path}: file not found.")
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        try:
            missing = columns - set(reader.fieldnames or [])
            if missing:
                raise ReferenceDataError(f"{path}: missing columns {', '.join(sorted(missing))}.")
            # Line numbers count the header as line 1, as an editor shows them.
            return [(number, row) for number, row in enumerate(reader, start=2)]
        except csv.Error as error:
            raise ReferenceDataError(f"{path} line {reader.line_num}: {error}.") from None
        except UnicodeDecodeError:
            raise ReferenceDataError(
                f"{path} after line {reader.line_num}: the file is not UTF-8."
            ) from None


def _int(path: str, line: int, row: dict[str, str], column: str) -> int:
    value = row[column].strip()
    if not value.isdigit():
        raise ReferenceDataError(
            f"{path} line {line}: {column} must be a whole number, not {value!r}."
        )
    return int(value)


def _text(where: str, row: Mapping[str, str | None], column: str) -> str:
    """The stripped value of a column; a control character (a NUL, a stray tab) is an error:
    PostgreSQL cannot store a NUL, and none belongs in a register."""
    value = (row.get(column) or "").strip()
    for char in value:
        if unicodedata.category(char) == "Cc":
            raise ReferenceDataError(
                f"{where}: {column} has a control character (U+{ord(char):04X})."
            )
    return value


def parse_parallel_names(value: str) -> list[tuple[str, str]]:
    """Split the source's parallel-name field into (name, language code) pairs.

    'Omasvuotna (nordsamisk); Omasvuono (kvensk)' -> [('Omasvuotna', 'sme'), ('Omasvuono', 'fkv')]
    """
    names = []
    for part in filter(None, (piece.strip() for piece in value.split(";"))):
        match = _PARALLEL_NAME.match(part)
        if match is None or match["language"] not in _LANGUAGE_WORDS:
            raise ReferenceDataError(f"cannot read the parallel name {part!r}.")
        names.append((match["name"], _LANGUAGE_WORDS[match["language"]].value))
    return names


def _sami_area(value: str) -> bool | None:
    return {"ja": True, "nei": False, "": None}[value.strip()]


@transaction.atomic
def reference_data_load(*, directory: Path) -> ReferenceDataReport:
    """Create or update counties, municipalities and population; safe to run again.

    One transaction: a file that fails half-way leaves the database as it was.
    """
    county_rows = _read_csv(
        directory, COUNTIES_FILE, {"fylkesnummer", "fylkesnavn", "fylkesnavn_norsk"}
    )
    municipality_rows = _read_csv(
        directory,
        MUNICIPALITIES_FILE,
        {
            "kommunenummer",
            "kommunenavn_ssb_klass_2024",
            "kommunenavn_kartverket_2024",
            "kommunenavn_norsk",
            "parallellnavn_samisk_kvensk",
            "samisk_forvaltningsomrade_kartverket_for_2024",
            "fylkesnummer",
            "merknad",
        },
    )
    if len(county_rows) != EXPECTED_COUNTIES:
        raise ReferenceDataError(
            f"{COUNTIES_FILE}: expected {EXPECTED_COUNTIES} counties, found {len(county_rows)}."
        )
    if len(municipality_rows) != EXPECTED_MUNICIPALITIES:
        raise ReferenceDataError(
            f"{MUNICIPALITIES_FILE}: expected {EXPECTED_MUNICIPALITIES} municipalities, "
            f"found {len(municipality_rows)}."
        )

    for _line, row in county_rows:
        County.objects.update_or_create(
            number=row["fylkesnummer"].strip(),
            defaults={
                "name": row["fylkesnavn"].strip(),
                "name_norwegian": row["fylkesnavn_norsk"].strip(),
            },
        )
    counties = {county.number: county for county in County.objects.all()}

    parallel_count = 0
    for line, row in municipality_rows:
        number = row["kommunenummer"].strip()
        county = counties.get(row["fylkesnummer"].strip())
        if county is None or not re.fullmatch(r"\d{4}", number):
            raise ReferenceDataError(
                f"{MUNICIPALITIES_FILE} line {line}: "
                "unknown county or malformed municipality number."
            )
        try:
            parallel = parse_parallel_names(row["parallellnavn_samisk_kvensk"])
            sami_area = _sami_area(row["samisk_forvaltningsomrade_kartverket_for_2024"])
        except (ReferenceDataError, KeyError) as error:
            raise ReferenceDataError(f"{MUNICIPALITIES_FILE} line {line}: {error}") from None
        municipality, _created = Municipality.objects.update_or_create(
            number=number,
            defaults={
                "name": row["kommunenavn_kartverket_2024"].strip(),
                "name_norwegian": row["kommunenavn_norsk"].strip(),
                "name_ssb": row["kommunenavn_ssb_klass_2024"].strip(),
                "county": county,
                "sami_administrative_area": sami_area,
                "note": row["merknad"].strip(),
            },
        )
        for name, language in parallel:
            MunicipalityParallelName.objects.update_or_create(
                municipality=municipality, name=name, defaults={"language": language}
            )
        municipality.parallel_names.exclude(name__in=[name for name, _ in parallel]).delete()
        parallel_count += len(parallel)

    known = {row["kommunenummer"].strip() for _line, row in municipality_rows}
    by_age, totals = _population(directory, known)
    PopulationByAge.objects.bulk_create(
        by_age,
        update_conflicts=True,
        unique_fields=["municipality", "year", "age"],
        update_fields=["count"],
        batch_size=2000,
    )
    PopulationTotal.objects.bulk_create(
        totals,
        update_conflicts=True,
        unique_fields=["municipality", "year"],
        update_fields=["count"],
        batch_size=2000,
    )
    return ReferenceDataReport(
        counties=len(county_rows),
        municipalities=len(municipality_rows),
        parallel_names=parallel_count,
        population_by_age_rows=len(by_age),
        population_total_rows=len(totals),
        postal_codes=postal_codes_load(directory=directory),
    )


@transaction.atomic
def postal_codes_load(*, directory: Path) -> int:
    """Create, update or remove postcodes so that the table is Bring's register; safe to run
    again. Needs the municipalities loaded first. Returns how many postcodes there are.

    One transaction: a bad row names its line and column, and nothing is written.
    """
    rows = _read_csv(
        directory,
        POSTAL_CODES_FILE,
        {"postnummer", "poststed", "kommunenummer", "kommunenavn", "kategori"},
    )
    municipalities = set(Municipality.objects.values_list("number", flat=True))
    categories = set(PostalCodeCategory.values)
    first_line: dict[str, int] = {}
    codes = []
    for line, row in rows:
        where = f"{POSTAL_CODES_FILE} line {line}"
        code, place, number, category = (
            _text(where, row, column)
            for column in ("postnummer", "poststed", "kommunenummer", "kategori")
        )
        if not re.fullmatch(r"\d{4}", code):
            raise ReferenceDataError(f"{where}: postnummer must be four digits, not {code!r}.")
        if code in first_line:
            raise ReferenceDataError(
                f"{where}: postnummer {code} is given again (first on line {first_line[code]})."
            )
        first_line[code] = line
        if not place:
            raise ReferenceDataError(f"{where}: poststed is empty.")
        if number not in municipalities and number not in NOT_MUNICIPALITIES:
            raise ReferenceDataError(
                f"{where}: kommunenummer {number!r} is not a known municipality."
            )
        if category not in categories:
            raise ReferenceDataError(
                f"{where}: kategori must be one of {', '.join(sorted(categories))}, "
                f"not {category!r}."
            )
        codes.append(
            PostalCode(
                code=code,
                place=place,
                municipality_id=number if number in municipalities else None,
                municipality_number=number,
                category=category,
            )
        )
    PostalCode.objects.bulk_create(
        codes,
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["place", "municipality", "municipality_number", "category"],
        batch_size=2000,
    )
    # A postcode Bring has taken out of the register goes here too.
    PostalCode.objects.exclude(code__in=first_line).delete()
    return len(codes)


def _population(
    directory: Path, known: set[str]
) -> tuple[list[PopulationByAge], list[PopulationTotal]]:
    by_age = []
    for line, row in _read_csv(
        directory, POPULATION_BY_AGE_FILE, {"kommunenummer", "per_1_januar", "alder", "antall"}
    ):
        number = row["kommunenummer"].strip()
        if number not in known:
            raise ReferenceDataError(
                f"{POPULATION_BY_AGE_FILE} line {line}: unknown municipality {number!r}."
            )
        age = _int(POPULATION_BY_AGE_FILE, line, row, "alder")
        if age > 24:
            raise ReferenceDataError(f"{POPULATION_BY_AGE_FILE} line {line}: age {age} is over 24.")
        by_age.append(
            PopulationByAge(
                municipality_id=number,
                year=_int(POPULATION_BY_AGE_FILE, line, row, "per_1_januar"),
                age=age,
                count=_int(POPULATION_BY_AGE_FILE, line, row, "antall"),
            )
        )
    totals = []
    for line, row in _read_csv(
        directory,
        POPULATION_GROUPS_FILE,
        {"kommunenummer", "per_1_januar", "folkemengde_totalt"},
    ):
        number = row["kommunenummer"].strip()
        if number not in known:
            raise ReferenceDataError(
                f"{POPULATION_GROUPS_FILE} line {line}: unknown municipality {number!r}."
            )
        totals.append(
            PopulationTotal(
                municipality_id=number,
                year=_int(POPULATION_GROUPS_FILE, line, row, "per_1_januar"),
                count=_int(POPULATION_GROUPS_FILE, line, row, "folkemengde_totalt"),
            )
        )
    return by_age, totals
