"""Fixtures for the overview: today's counties and municipalities (without population, which
the statistics do not need) and the public statistics loaded from the shared data."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from oversikt.services import StatisticsReport, statistics_load
from oversikt.tests.places import places_create


@pytest.fixture
def places(db, settings) -> None:
    places_create(settings.LAGET_REFERENCE_DATA_DIR)


@pytest.fixture
def statistics(places, settings) -> StatisticsReport:
    return statistics_load(directory=settings.LAGET_REFERENCE_DATA_DIR)


@pytest.fixture
def data_copy(settings, tmp_path) -> Path:
    """A copy of the shared data folder that a test may change."""
    target = tmp_path / "no"
    shutil.copytree(settings.LAGET_REFERENCE_DATA_DIR, target)
    return target


def line_replace(path: Path, starts: str, old: str, new: str) -> int:
    """Replace text on the first line that starts with `starts`; returns its number as an
    editor shows it (the header is line 1)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    number = next(n for n, line in enumerate(lines) if line.startswith(starts))
    assert old in lines[number], lines[number]
    lines[number] = lines[number].replace(old, new, 1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return number + 1
