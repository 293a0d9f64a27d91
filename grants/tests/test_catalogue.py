"""The catalogue's data file: every scheme checks against the directory's vocabularies, loading
is idempotent and audited, and a broken file names the scheme and writes nothing."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.core.management import call_command

from audit.models import AccessEvent
from core.datafiles import DataFileError
from grants.catalogue import DATA_FILE, schemes_load, schemes_read
from grants.models import Scheme, SchemeDeadline
from grants.selectors import schemes_with_deadlines_within


def test_the_seeded_schemes_read_and_each_names_its_source():
    seeds = schemes_read()
    assert len(seeds) >= 6
    owners = {seed.fields["owner"] for seed in seeds}
    assert owners == {"bufdir", "helsedir", "imdi", "udir", "nav"}
    assert all(seed.fields["source_url"].startswith("https://") for seed in seeds)
    keys = {seed.fields["key"] for seed in seeds}
    assert "bufdir-inkludering-barn-unge" in keys


@pytest.mark.django_db
def test_loading_twice_changes_nothing_and_each_load_is_audited():
    first = schemes_load()
    deadlines = SchemeDeadline.objects.count()
    second = schemes_load()
    assert first == second == Scheme.objects.count()
    assert SchemeDeadline.objects.count() == deadlines
    assert AccessEvent.objects.filter(object_type="grant_catalogue").count() == 2


@pytest.mark.django_db
def test_the_command_loads_the_catalogue():
    call_command("load_grant_schemes")
    bufdir = Scheme.objects.get(key="bufdir-inkludering-barn-unge")
    assert bufdir.amount_min == 50_000
    assert bufdir.deadlines.get().due_on == datetime.date(2025, 10, 31)


def _broken(tmp_path: Path, old: str, new: str) -> Path:
    text = DATA_FILE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "schemes.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            '"need:leisure", "need:money',
            '"need:fun", "need:money',
            "needs has unknown codes need:fun",
        ),
        ('sectors = ["culture_leisure"', 'sectors = ["circus"', "sectors has unknown codes circus"),
        ('owner = "bufdir"', 'owner = "nasa"', "owner must be one of"),
        ("amount_min = 50000", "amount_min = -5", "an amount cannot be negative"),
        ('status = "closed"', 'status = "maybe"', "status must be one of"),
        ("checked_on = 2026-12-04", 'checked_on = "yesterday"', "checked_on must be a date"),
    ],
)
def test_a_broken_scheme_is_named_and_nothing_is_written(tmp_path, old, new, message):
    path = _broken(tmp_path, old, new)
    with pytest.raises(DataFileError, match=message) as error:
        schemes_load(path)
    assert "bufdir-inkludering-barn-unge" in str(error.value) or "scheme 1" in str(error.value)
    assert not Scheme.objects.exists()


@pytest.mark.django_db
def test_deadlines_within_n_days_are_the_digests_window():
    schemes_load()
    bufdir = Scheme.objects.get(key="bufdir-inkludering-barn-unge")
    today = datetime.date(2025, 10, 1)
    found = schemes_with_deadlines_within(days=30, today=today)
    assert [(d.scheme, d.due_on) for d in found] == [(bufdir, datetime.date(2025, 10, 31))]
    assert schemes_with_deadlines_within(days=29, today=today) == []
    # Today counts; yesterday does not.
    assert len(schemes_with_deadlines_within(days=0, today=datetime.date(2025, 10, 31))) == 1
    assert schemes_with_deadlines_within(days=60, today=datetime.date(2025, 11, 1)) == []
    with pytest.raises(ValueError, match="negative"):
        schemes_with_deadlines_within(days=-1)
