"""Reading data files strictly: a TOML file, and its records with known keys of known kinds.

An error names the file and the line (a TOML syntax error, as the parser reports it) or the
record and the key (a value that has no place there), so whoever edits a data file sees at once
what to fix. Nothing is guessed: an unknown key, a missing one or a value of the wrong kind is an
error, not a default.
"""

from __future__ import annotations

import datetime
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

# A key's kind: the type its value has, or a one-element tuple for a list of that type; `object`
# takes any value, for the caller to check.
Kind = type | tuple[type]

_KIND_NAMES: dict[type, str] = {
    str: "a text",
    int: "a whole number",
    bool: "true or false",
    datetime.date: "a date (YYYY-MM-DD)",
    datetime.time: "a time (HH:MM:SS)",
    dict: "a table",
    list: "a list",
}


class DataFileError(Exception):
    """A data file could not be read; the message names the file and the line or the key."""


def toml_read(path: Path) -> dict[str, Any]:
    """The content of the TOML file at `path`; DataFileError when it cannot be read or parsed."""
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except OSError as error:
        raise DataFileError(f"{path}: cannot be read ({error.strerror})") from None
    except tomllib.TOMLDecodeError as error:
        raise DataFileError(f"{path}: {error}") from None


def _of_kind(value: object, kind: Kind) -> bool:
    # Exact types: TOML's true is no number, and a date-time is no date.
    if isinstance(kind, tuple):
        return type(value) is list and all(type(item) is kind[0] for item in value)
    return kind is object or type(value) is kind


def _kind_name(kind: Kind) -> str:
    if isinstance(kind, tuple):
        return f"a list of {_KIND_NAMES[kind[0]].removeprefix('a ')}s"
    return _KIND_NAMES[kind]


def record_read(
    table: object,
    kinds: Mapping[str, Kind],
    *,
    where: str,
    defaults: Mapping[str, Any] | None = None,
    partial: bool = False,
) -> dict[str, Any]:
    """The record `table` with its values checked against `kinds`.

    A key the record leaves out takes its value from `defaults`; one missing from both is an
    error unless `partial` (for reading a table of defaults). Unknown keys and values of another
    kind are errors. Every error is a DataFileError that starts with `where`.
    """
    if not isinstance(table, dict):
        raise DataFileError(f"{where}: expected a table")
    unknown = sorted(set(table) - set(kinds))
    if unknown:
        raise DataFileError(f"{where}: unknown key {', '.join(unknown)}")
    record = {**(defaults or {}), **table}
    missing = [key for key in kinds if key not in record]
    if missing and not partial:
        raise DataFileError(f"{where}: missing key {', '.join(missing)}")
    for key, value in table.items():
        if not _of_kind(value, kinds[key]):
            raise DataFileError(f"{where}: {key} must be {_kind_name(kinds[key])}")
    return record
