"""The catalogue of public statistics (`statistics.toml`): every file, its source and its series.

Read and checked once per process; a broken catalogue fails loudly with the key that is wrong.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from oversikt.models import Topic, ValueUnit

CATALOGUE = Path(__file__).resolve().parent / "statistics.toml"

LAYOUTS = frozenset(
    {
        "completion_by_county",
        "completion_national_key_figures",
        "completion_by_school_county",
        "neet_by_county",
        "share_by_region",
        "low_income_national",
    }
)
DIVISIONS = frozenset({"2024", "before_2020"})

_SOURCE_TEXT = (
    "file",
    "layout",
    "publisher_nb",
    "publisher_en",
    "table",
    "title_nb",
    "title_en",
    "url",
    "provenance_nb",
    "provenance_en",
)
# Options some layouts need (which column holds the value, a fixed period or age group).
_SOURCE_OPTIONS = ("division", "period", "value_column", "period_column", "age_column", "age")
_SERIES_TEXT = (
    "key",
    "topic",
    "unit",
    "name_nb",
    "name_en",
    "definition_nb",
    "definition_en",
    "limits_nb",
    "limits_en",
)


class CatalogueError(Exception):
    """statistics.toml is broken; the message names the source or series."""


@dataclass(frozen=True)
class SeriesSpec:
    key: str
    topic: str
    unit: str
    decimals: int
    name_nb: str
    name_en: str
    definition_nb: str
    definition_en: str
    limits_nb: str
    limits_en: str


@dataclass(frozen=True)
class SourceSpec:
    key: str
    file: str
    layout: str
    division: str
    publisher_nb: str
    publisher_en: str
    table: str
    title_nb: str
    title_en: str
    url: str
    provenance_nb: str
    provenance_en: str
    options: dict[str, str]
    series: tuple[SeriesSpec, ...]

    def series_keys(self) -> set[str]:
        return {series.key for series in self.series}


def _text(where: str, table: dict[str, Any], key: str) -> str:
    value = table.get(key)
    if not isinstance(value, str):
        raise CatalogueError(f"{where}: {key} must be text.")
    return value


def _series(where: str, table: dict[str, Any]) -> SeriesSpec:
    unknown = set(table) - {*_SERIES_TEXT, "decimals"}
    if unknown:
        raise CatalogueError(f"{where}: unknown keys {', '.join(sorted(unknown))}.")
    texts = {key: _text(where, table, key) for key in _SERIES_TEXT}
    if texts["topic"] not in Topic.values:
        raise CatalogueError(f"{where}: unknown topic {texts['topic']!r}.")
    if texts["unit"] not in ValueUnit.values:
        raise CatalogueError(f"{where}: unknown unit {texts['unit']!r}.")
    decimals = table.get("decimals")
    if not isinstance(decimals, int) or not 0 <= decimals <= 3:
        raise CatalogueError(f"{where}: decimals must be a whole number from 0 to 3.")
    return SeriesSpec(decimals=decimals, **texts)


def _source(key: str, table: dict[str, Any]) -> SourceSpec:
    where = f"sources.{key}"
    unknown = set(table) - {*_SOURCE_TEXT, *_SOURCE_OPTIONS, "series"}
    if unknown:
        raise CatalogueError(f"{where}: unknown keys {', '.join(sorted(unknown))}.")
    texts = {name: _text(where, table, name) for name in _SOURCE_TEXT}
    if texts["layout"] not in LAYOUTS:
        raise CatalogueError(f"{where}: unknown layout {texts['layout']!r}.")
    division = table.get("division", "2024")
    if division not in DIVISIONS:
        raise CatalogueError(f"{where}: division must be one of {', '.join(sorted(DIVISIONS))}.")
    options = {name: _text(where, table, name) for name in _SOURCE_OPTIONS if name in table}
    options.pop("division", None)
    series = table.get("series")
    if not isinstance(series, list) or not series:
        raise CatalogueError(f"{where}: at least one [[series]] is needed.")
    return SourceSpec(
        key=key,
        division=division,
        options=options,
        series=tuple(_series(f"{where}.series[{i}]", item) for i, item in enumerate(series)),
        **texts,
    )


def catalogue_parse(data: dict[str, Any]) -> tuple[SourceSpec, ...]:
    sources = data.get("sources")
    if not isinstance(sources, dict) or not sources:
        raise CatalogueError("statistics.toml: no [sources.*] tables.")
    specs = tuple(_source(key, table) for key, table in sources.items())
    files = [spec.file for spec in specs]
    keys = [series.key for spec in specs for series in spec.series]
    for label, values in (("file", files), ("series key", keys)):
        repeated = sorted({value for value in values if values.count(value) > 1})
        if repeated:
            raise CatalogueError(f"statistics.toml: {label} given twice: {', '.join(repeated)}.")
    return specs


@cache
def catalogue() -> tuple[SourceSpec, ...]:
    """Every statistics file Laget loads, in the catalogue's order."""
    with CATALOGUE.open("rb") as handle:
        return catalogue_parse(tomllib.load(handle))
