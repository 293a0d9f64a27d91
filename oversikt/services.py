"""Loading the public statistics from ../shared/data/no into sources, series and figures."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from municipalities.models import County, Municipality
from oversikt.catalogue import SourceSpec, catalogue
from oversikt.models import Figure, RegionLevel, Series, Source
from oversikt.readers import NATION_NAME, RawFigure, StatisticsDataError, figures_read

# How the files name the whole country: SSB's "01-99 Total" in table 14882, "0" elsewhere.
NATION_CODES = frozenset({"0", "01-99"})
_DIVISION_SUFFIX = re.compile(r"\s*\(-\d{4}\)$")

# What the loader compares to decide whether a figure changed.
_FIGURE_FIELDS = (
    "region_level",
    "region_name",
    "county_id",
    "municipality_id",
    "older_division",
    "period_start",
    "period_end",
    "value",
    "numerator",
    "denominator",
    "missing_symbol",
    "url",
    "line",
)


@dataclass
class StatisticsReport:
    sources: int = 0
    series: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    files: list[str] = field(default_factory=list)


def county_name_key(name: str) -> str:
    """The Norwegian form of a county's name, to match the counties before 2020 with today's:
    'Troms - Romsa (-2019)' -> 'troms', 'Oslo - Oslove' -> 'oslo'."""
    return _DIVISION_SUFFIX.sub("", name).split(" - ")[0].strip().casefold()


class _Regions:
    """Looks up the region of a figure in today's counties and municipalities."""

    def __init__(self) -> None:
        self.counties = {county.number: county for county in County.objects.all()}
        self.counties_by_name = {
            county.name_norwegian.casefold(): county for county in self.counties.values()
        }
        self.municipalities = set(Municipality.objects.values_list("number", flat=True))
        if not self.municipalities:
            raise StatisticsDataError(
                "No municipalities in the database: run manage.py load_reference_data first."
            )

    def resolve(self, raw: RawFigure, division: str) -> dict[str, Any]:
        code, name = raw.region_code, raw.region_name
        if code in NATION_CODES or name == NATION_NAME:
            return {"region_level": RegionLevel.NATION, "region_code": "0"}
        if re.fullmatch(r"\d{4}", code):
            if code not in self.municipalities:
                raise StatisticsDataError(f"{raw.where}: {code} is not a municipality from 2024.")
            return {"region_level": RegionLevel.MUNICIPALITY, "municipality_id": code}
        if division == "before_2020":
            # A county before 2020 is linked to today's county of the same name, marked as the
            # older division; the merged ones (Hedmark, Hordaland …) have no county today.
            county = self.counties_by_name.get(county_name_key(name))
            return {
                "region_level": RegionLevel.COUNTY,
                "county_id": county.number if county else None,
                "older_division": True,
            }
        if code in self.counties:
            return {"region_level": RegionLevel.COUNTY, "county_id": code}
        raise StatisticsDataError(
            f"{raw.where}: {code!r} is neither a county nor a municipality from 2024."
        )


def _source_update(spec: SourceSpec, sha256: str, now: Any) -> tuple[Source, bool]:
    texts = {
        "file_name": spec.file,
        "publisher_nb": spec.publisher_nb,
        "publisher_en": spec.publisher_en,
        "table": spec.table,
        "title_nb": spec.title_nb,
        "title_en": spec.title_en,
        "url": spec.url,
        "provenance_nb": spec.provenance_nb,
        "provenance_en": spec.provenance_en,
    }
    source = Source.objects.filter(key=spec.key).first()
    if source is None:
        return Source.objects.create(key=spec.key, sha256=sha256, loaded_at=now, **texts), True
    changed = [name for name, value in texts.items() if getattr(source, name) != value]
    if source.sha256 != sha256:
        source.sha256, source.loaded_at = sha256, now
        changed += ["sha256", "loaded_at"]
    if changed:
        for name in changed:
            if name in texts:
                setattr(source, name, texts[name])
        source.save(update_fields=changed)
    return source, False


def _series_update(source: Source, spec: SourceSpec) -> dict[str, Series]:
    series = {}
    for item in spec.series:
        series[item.key], _created = Series.objects.update_or_create(
            key=item.key,
            defaults={
                "source": source,
                "topic": item.topic,
                "unit": item.unit,
                "decimals": item.decimals,
                "name_nb": item.name_nb,
                "name_en": item.name_en,
                "definition_nb": item.definition_nb,
                "definition_en": item.definition_en,
                "limits_nb": item.limits_nb,
                "limits_en": item.limits_en,
            },
        )
    source.series.exclude(key__in=series).delete()
    return series


def _wanted(raw: RawFigure, region: dict[str, Any]) -> dict[str, Any]:
    return {
        "region_level": region["region_level"],
        "region_name": raw.region_name,
        "county_id": region.get("county_id"),
        "municipality_id": region.get("municipality_id"),
        "older_division": region.get("older_division", False),
        "period_start": raw.period_start,
        "period_end": raw.period_end,
        "value": raw.value,
        "numerator": raw.numerator,
        "denominator": raw.denominator,
        "missing_symbol": raw.missing_symbol,
        "url": raw.url,
        "line": raw.line,
    }


def _same(figure: Figure, wanted: dict[str, Any]) -> bool:
    # Decimals compare by value: 65.800 from the database equals 65.8 from the file.
    return all(getattr(figure, name) == wanted[name] for name in _FIGURE_FIELDS)


def _figures_update(
    *,
    spec: SourceSpec,
    series: dict[str, Series],
    raws: list[RawFigure],
    regions: _Regions,
    now: Any,
    report: StatisticsReport,
) -> None:
    existing = {
        (figure.series_id, figure.region_code, figure.period, figure.breakdown): figure
        for figure in Figure.objects.filter(series__in=series.values())
    }
    seen: dict[tuple[int, str, str, str], RawFigure] = {}
    to_create, to_update = [], []
    for raw in raws:
        region = regions.resolve(raw, spec.division)
        code = region.get("region_code", raw.region_code)
        key = (series[raw.series].pk, code, raw.period, raw.breakdown)
        if key in seen:
            raise StatisticsDataError(
                f"{raw.where}: {raw.region_name} {raw.period} {raw.breakdown} is given again "
                f"(first on line {seen[key].line})."
            )
        seen[key] = raw
        wanted = _wanted(raw, region)
        figure = existing.get(key)
        if figure is None:
            to_create.append(
                Figure(
                    series=series[raw.series],
                    region_code=code,
                    period=raw.period,
                    breakdown=raw.breakdown,
                    loaded_at=now,
                    **wanted,
                )
            )
        elif _same(figure, wanted):
            report.unchanged += 1
        else:
            for name, value in wanted.items():
                setattr(figure, name, value)
            figure.loaded_at = now
            to_update.append(figure)
    Figure.objects.bulk_create(to_create, batch_size=500)
    Figure.objects.bulk_update(to_update, [*_FIGURE_FIELDS, "loaded_at"], batch_size=500)
    gone = [figure.pk for key, figure in existing.items() if key not in seen]
    Figure.objects.filter(pk__in=gone).delete()
    report.created += len(to_create)
    report.updated += len(to_update)
    report.deleted += len(gone)


@transaction.atomic
def statistics_load(*, directory: Path) -> StatisticsReport:
    """Create, update or remove sources, series and figures so that they are the files in
    `directory` as `statistics.toml` describes them; safe to run again, and a run over files
    that have not changed changes nothing (not even a date). Needs the municipalities loaded.

    One transaction: a bad file names its line and column, and nothing is written.
    """
    report = StatisticsReport()
    regions = _Regions()
    now = timezone.now()
    for spec in catalogue():
        raws = figures_read(directory, spec)
        sha256 = hashlib.sha256((directory / spec.file).read_bytes()).hexdigest()
        source, _created = _source_update(spec, sha256, now)
        series = _series_update(source, spec)
        _figures_update(
            spec=spec, series=series, raws=raws, regions=regions, now=now, report=report
        )
        report.sources += 1
        report.series += len(series)
        report.files.append(spec.file)
    Source.objects.exclude(key__in=[spec.key for spec in catalogue()]).delete()
    return report
