"""Reading data files strictly: every error names the file and the line or the key."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from core.datafiles import DataFileError, Kind, record_read, toml_read

KINDS: dict[str, Kind] = {
    "key": str,
    "age": int,
    "open": bool,
    "day": datetime.date,
    "words": (str,),
}
VALID = {"key": "a", "age": 1, "open": True, "day": datetime.date(2026, 1, 1), "words": ["b"]}


def test_a_syntax_error_names_the_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text('key = "a"\nage = \n', encoding="utf-8")
    with pytest.raises(DataFileError, match=r"broken\.toml: .*line 2"):
        toml_read(path)


def test_a_key_given_twice_is_a_syntax_error(tmp_path: Path) -> None:
    path = tmp_path / "twice.toml"
    path.write_text('"deppa" = ["a"]\n"deppa" = ["b"]\n', encoding="utf-8")
    with pytest.raises(DataFileError, match=r"twice\.toml: .*line 2"):
        toml_read(path)


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match=r"gone\.toml: cannot be read"):
        toml_read(tmp_path / "gone.toml")


def test_a_record_takes_its_defaults_and_keeps_its_own_values() -> None:
    record = record_read(
        {"key": "a", "age": 3},
        KINDS,
        where="x",
        defaults={"open": True, "day": datetime.date(2026, 1, 1), "words": [], "age": 1},
    )
    assert record == {
        "key": "a",
        "age": 3,
        "open": True,
        "day": datetime.date(2026, 1, 1),
        "words": [],
    }


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"key": "a", "colour": "red"}, "f.toml: thing a: unknown key colour"),
        ({"key": 1}, "key must be a text"),
        ({"age": True}, "age must be a whole number"),
        ({"open": "yes"}, "open must be true or false"),
        (
            {"day": datetime.datetime(2026, 1, 1, 12, tzinfo=datetime.UTC)},
            r"day must be a date \(YYYY-MM-DD\)",
        ),
        ({"words": ["a", 2]}, "words must be a list of texts"),
        ("text", "expected a table"),
    ],
)
def test_a_record_with_a_wrong_key_or_value_is_an_error_naming_it(
    fields: object, message: str
) -> None:
    with pytest.raises(DataFileError, match=message):
        record_read(fields, KINDS, where="f.toml: thing a", defaults=VALID)


def test_a_record_without_a_key_and_no_default_for_it_is_an_error() -> None:
    with pytest.raises(DataFileError, match=r"f\.toml: thing a: missing key age, words"):
        record_read({"key": "a"}, KINDS, where="f.toml: thing a", defaults={"open": 1, "day": 2})


def test_a_partial_record_needs_no_key() -> None:
    assert record_read({"age": 2}, KINDS, where="defaults", partial=True) == {"age": 2}
