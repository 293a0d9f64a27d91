"""Readers for the statistics files: one per file layout (see `statistics.toml`).

A reader turns a file's rows into `RawFigure`s and refuses anything it cannot read with the file,
line and column. A value the source leaves out – an empty field, or one of the symbols SSB and FHI
use (".", "..", "...", ":") – becomes a missing value, never zero. Numbers use a decimal point,
as the data folder's README says.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from core.datafiles import DataFileError
from oversikt.catalogue import SourceSpec
from oversikt.models import MissingSymbol

MISSING = frozenset(MissingSymbol.values)
_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?$")
_PERIOD = re.compile(r"^(\d{4})(?:\s*[-–]\s*(\d{4}))?$")
_AGES = re.compile(r"^(\d{1,2})\s*[-–]\s*(\d{1,2})$")
NATION_NAME = "Hele landet"


class StatisticsDataError(DataFileError):
    """A statistics file could not be read; the message names the file, line and column."""


@dataclass(frozen=True)
class RawFigure:
    """One number as the file gives it, before its region is looked up."""

    series: str
    region_code: str
    region_name: str
    period: str
    period_start: int
    period_end: int
    value: Decimal | None
    line: int
    # Where the region is in the file ("file line 3, column 1 (region_kode)"), for errors.
    where: str
    breakdown: str = ""
    missing_symbol: str = ""
    numerator: int | None = None
    denominator: int | None = None
    url: str = ""


class Row:
    """One line of a file, with its fields by column name and errors that say where."""

    def __init__(self, file: str, line: int, columns: dict[str, int], fields: list[str]) -> None:
        self.file = file
        self.line = line
        self.columns = columns
        self.fields = fields

    @property
    def where(self) -> str:
        return f"{self.file} line {self.line}"

    def at(self, column: str) -> str:
        return f"{self.where}, column {self.columns[column] + 1} ({column})"

    def error(self, column: str, message: str) -> StatisticsDataError:
        return StatisticsDataError(f"{self.at(column)}: {message}")

    def text(self, column: str) -> str:
        return self.fields[self.columns[column]].strip()

    def required(self, column: str) -> str:
        value = self.text(column)
        if not value:
            raise self.error(column, "is empty.")
        return value

    def number(self, column: str) -> tuple[Decimal | None, str]:
        """(value, "") for a number, (None, symbol) for a value the source leaves out."""
        raw = self.text(column)
        if raw in MISSING:
            return None, raw
        if not _NUMBER.match(raw):
            raise self.error(
                column,
                f"{raw!r} is not a number (a decimal point, no spaces; a missing value is "
                "empty or one of . .. ... :).",
            )
        return Decimal(raw), ""

    def count(self, column: str) -> int | None:
        value, _symbol = self.number(column)
        if value is None:
            return None
        if value < 0 or value != value.to_integral_value():
            raise self.error(column, f"{self.text(column)!r} is not a whole number of people.")
        return int(value)

    def period(self, column: str) -> tuple[str, int, int]:
        return period_parse(self.text(column), lambda message: self.error(column, message))

    def ages(self, column: str) -> str:
        return age_label(self.text(column), lambda message: self.error(column, message))


def period_parse(raw: str, error: Callable[[str], StatisticsDataError]) -> tuple[str, int, int]:
    """'2014-2020' -> ('2014–2020', 2014, 2020); '2024' -> ('2024', 2024, 2024)."""
    match = _PERIOD.match(raw.strip())
    if match is None:
        raise error(f"{raw!r} is not a year or a period like 2014-2020.")
    start = int(match[1])
    end = int(match[2] or match[1])
    if end < start:
        raise error(f"the period {raw!r} ends before it starts.")
    label = f"{start}–{end}" if match[2] else str(start)
    return label, start, end


def age_label(raw: str, error: Callable[[str], StatisticsDataError]) -> str:
    """'15-29' -> '15–29 år': the age group as the page shows it."""
    match = _AGES.match(raw.strip())
    if match is None:
        raise error(f"{raw!r} is not an age group like 15-29.")
    return f"{int(match[1])}–{int(match[2])} år"


def rows_read(path: Path, columns: set[str]) -> Iterator[Row]:
    """The file's rows after the header, checked for the columns, field count and characters."""
    name = path.name
    if not path.is_file():
        raise StatisticsDataError(f"{name}: file not found in {path.parent}.")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        try:
            header = [column.strip() for column in next(reader, [])]
            missing = columns - set(header)
            if missing:
                raise StatisticsDataError(
                    f"{name} line 1: missing columns {', '.join(sorted(missing))}."
                )
            index = {column: number for number, column in enumerate(header)}
            for fields in reader:
                if not any(field.strip() for field in fields):
                    continue
                row = Row(name, reader.line_num, index, fields)
                if len(fields) != len(header):
                    raise StatisticsDataError(
                        f"{row.where}: {len(fields)} fields, but the header has {len(header)}."
                    )
                for number, field in enumerate(fields):
                    for char in field:
                        if unicodedata.category(char) == "Cc":
                            raise StatisticsDataError(
                                f"{row.where}, column {number + 1} ({header[number]}): "
                                f"a control character (U+{ord(char):04X})."
                            )
                yield row
        except csv.Error as error:
            raise StatisticsDataError(f"{name} line {reader.line_num}: {error}.") from None
        except UnicodeDecodeError:
            raise StatisticsDataError(
                f"{name} after line {reader.line_num}: the file is not UTF-8."
            ) from None


# --- one reader per layout -----------------------------------------------------------------------


def _completion_by_county(path: Path, spec: SourceSpec) -> Iterator[RawFigure]:
    """SSB 14882: per region and cohort, those who started and those who completed (1a, 2a)."""
    on_time_n, on_time_pct = "fullfort_normert_tid_antall", "fullfort_normert_tid_prosent"
    later_n, later_pct = "fullfort_utover_normert_tid_antall", "fullfort_utover_normert_tid_prosent"
    total = "fullfort_studie_eller_yrkeskompetanse_prosent_BEREGNET"
    columns = {"region_kode", "region_navn_ssb", "kull", "startaar", "elever_startet"}
    for row in rows_read(path, columns | {on_time_n, on_time_pct, later_n, later_pct, total}):
        period, start, end = row.period("kull")
        if row.text("startaar") != str(start):
            raise row.error(
                "startaar", f"{row.text('startaar')!r} is not the first year of {period}."
            )
        started = row.count("elever_startet")
        completed = [row.count(on_time_n), row.count(later_n)]
        common: dict[str, Any] = {
            "region_code": row.required("region_kode"),
            "region_name": row.required("region_navn_ssb"),
            "period": period,
            "period_start": start,
            "period_end": end,
            "line": row.line,
            "where": row.at("region_kode"),
        }
        value, symbol = row.number("elever_startet")
        yield RawFigure(series="completion_started", value=value, missing_symbol=symbol, **common)
        for key, column, numerator in (
            ("completion_on_time", on_time_pct, completed[0]),
            ("completion_later", later_pct, completed[1]),
            (
                "completion_total",
                total,
                None if None in completed else sum(n for n in completed if n is not None),
            ),
        ):
            value, symbol = row.number(column)
            yield RawFigure(
                series=key,
                value=value,
                missing_symbol=symbol,
                numerator=numerator,
                denominator=started,
                **common,
            )


def _sentence_case(text: str) -> str:
    return text[:1].lower() + text[1:]


def _completion_national_key_figures(path: Path, spec: SourceSpec) -> Iterator[RawFigure]:
    """SSB's key table for one cohort: per programme and sex, the share and its changes."""
    period, start, end = period_parse(
        spec.options.get("period", ""),
        lambda message: StatisticsDataError(f"statistics.toml sources.{spec.key}: {message}"),
    )
    share = "andel_fullfort_studie_eller_yrkeskompetanse_innen_5_6_aar_prosent"
    change_2018 = "endring_fra_kull_2018_2024_prosentpoeng"
    change_2006 = "endring_fra_kull_2006_2012_prosentpoeng"
    started = f"elever_startet_{start}"
    columns = {"utdanningsprogram", "kjonn", started, share, change_2018, change_2006}
    for row in rows_read(path, columns):
        common: dict[str, Any] = {
            "region_code": "0",
            "region_name": NATION_NAME,
            "period": period,
            "period_start": start,
            "period_end": end,
            "breakdown": f"{row.required('utdanningsprogram')}, "
            f"{_sentence_case(row.required('kjonn'))}",
            "line": row.line,
            "where": row.where,
        }
        value, symbol = row.number(share)
        yield RawFigure(
            series="completion_national",
            value=value,
            missing_symbol=symbol,
            denominator=row.count(started),
            **common,
        )
        for key, column in (
            ("completion_national_change_2018", change_2018),
            ("completion_national_change_2006", change_2006),
        ):
            value, symbol = row.number(column)
            yield RawFigure(series=key, value=value, missing_symbol=symbol, **common)


_COHORT_COLUMN = re.compile(r"^kull_(\d{4})_(\d{4})_prosent$")


def _completion_by_school_county(path: Path, spec: SourceSpec) -> Iterator[RawFigure]:
    """Finnmark County Council's table: one column per cohort, and the change between them."""
    change = "endring_prosentpoeng_oppgitt_i_kilden"
    for row in rows_read(path, {"skolefylke_ved_oppstart", change}):
        cohorts = sorted(
            (int(match[1]), int(match[2]), column)
            for column in row.columns
            if (match := _COHORT_COLUMN.match(column))
        )
        if not cohorts:
            raise StatisticsDataError(
                f"{path.name} line 1: no columns like kull_2016_2022_prosent."
            )
        name = row.required("skolefylke_ved_oppstart")
        common: dict[str, Any] = {
            "region_code": name,
            "region_name": name,
            "line": row.line,
            "where": row.at("skolefylke_ved_oppstart"),
        }
        for start, end, column in cohorts:
            value, symbol = row.number(column)
            yield RawFigure(
                series="completion_school_county",
                period=f"{start}–{end}",
                period_start=start,
                period_end=end,
                value=value,
                missing_symbol=symbol,
                **common,
            )
        start, end, _column = cohorts[-1]
        value, symbol = row.number(change)
        yield RawFigure(
            series="completion_school_county_change",
            period=f"{start}–{end}",
            period_start=start,
            period_end=end,
            value=value,
            missing_symbol=symbol,
            **common,
        )


_AGE_COLUMN = re.compile(r"_(\d{1,2})_(\d{1,2})_prosent$")


def _neet_by_county(path: Path, spec: SourceSpec) -> Iterator[RawFigure]:
    """Per county and year, one column per age group."""
    (series,) = spec.series
    for row in rows_read(path, {"fylkesnummer", "fylke", "aar"}):
        ages = [
            (f"{int(match[1])}–{int(match[2])} år", column)
            for column in row.columns
            if (match := _AGE_COLUMN.search(column))
        ]
        if not ages:
            raise StatisticsDataError(f"{path.name} line 1: no columns like ..._15_29_prosent.")
        period, start, end = row.period("aar")
        for label, column in ages:
            value, symbol = row.number(column)
            yield RawFigure(
                series=series.key,
                region_code=row.required("fylkesnummer"),
                region_name=row.required("fylke"),
                period=period,
                period_start=start,
                period_end=end,
                breakdown=label,
                value=value,
                missing_symbol=symbol,
                line=row.line,
                where=row.at("fylkesnummer"),
            )


def _share_by_region(path: Path, spec: SourceSpec) -> Iterator[RawFigure]:
    """One value per region and period, with the age group from a column or the catalogue."""
    (series,) = spec.series
    value_column, period_column = spec.options["value_column"], spec.options["period_column"]
    age_column = spec.options.get("age_column")
    columns = {"region_kode", "region", value_column, period_column}
    for row in rows_read(path, columns | ({age_column} if age_column else set())):
        period, start, end = row.period(period_column)
        breakdown = row.ages(age_column) if age_column else spec.options.get("age", "")
        value, symbol = row.number(value_column)
        yield RawFigure(
            series=series.key,
            region_code=row.required("region_kode"),
            region_name=row.required("region"),
            period=period,
            period_start=start,
            period_end=end,
            breakdown=breakdown,
            value=value,
            missing_symbol=symbol,
            line=row.line,
            where=row.at("region_kode"),
        )


def _low_income_national(path: Path, spec: SourceSpec) -> Iterator[RawFigure]:
    """SSB's articles: per three-year period the number and share of children, with the address."""
    columns = {"treaarsperiode", "antall_barn_under_18", "andel_prosent", "kilde_url"}
    for row in rows_read(path, columns):
        period, start, end = row.period("treaarsperiode")
        url = row.required("kilde_url")
        if not re.match(r"^https?://[^\s/]+\.[^\s]+$", url):
            raise row.error("kilde_url", f"{url!r} is not a web address.")
        common: dict[str, Any] = {
            "region_code": "0",
            "region_name": NATION_NAME,
            "period": period,
            "period_start": start,
            "period_end": end,
            "url": url,
            "line": row.line,
            "where": row.where,
        }
        count, count_symbol = row.number("antall_barn_under_18")
        row.count("antall_barn_under_18")
        share, share_symbol = row.number("andel_prosent")
        yield RawFigure(
            series="low_income_children_national",
            value=count,
            missing_symbol=count_symbol,
            **common,
        )
        yield RawFigure(
            series="low_income_share_national",
            value=share,
            missing_symbol=share_symbol,
            **common,
        )


READERS: dict[str, Callable[[Path, SourceSpec], Iterator[RawFigure]]] = {
    "completion_by_county": _completion_by_county,
    "completion_national_key_figures": _completion_national_key_figures,
    "completion_by_school_county": _completion_by_school_county,
    "neet_by_county": _neet_by_county,
    "share_by_region": _share_by_region,
    "low_income_national": _low_income_national,
}


def figures_read(directory: Path, spec: SourceSpec) -> list[RawFigure]:
    """Every figure in one file, or StatisticsDataError naming the first problem."""
    figures = list(READERS[spec.layout](directory / spec.file, spec))
    unknown = {figure.series for figure in figures} - spec.series_keys()
    if unknown:
        raise StatisticsDataError(
            f"{spec.file}: the reader gives series {', '.join(sorted(unknown))}, "
            f"which statistics.toml does not list for sources.{spec.key}."
        )
    return figures
