"""The directory's data files: the shipped ones load, and a broken one is refused with an error
that names the file and the record or line, before anything is written."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from core.datafiles import DataFileError
from directory import demo
from directory.demo import readers
from directory.demo.readers import demo_directory_read
from directory.models import TaxonomyTerm
from directory.reference import DATA_DIR, reference_data


@pytest.fixture
def reference_dir(tmp_path: Path) -> Path:
    return Path(shutil.copytree(DATA_DIR, tmp_path / "data"))


@pytest.fixture
def demo_dir(tmp_path: Path) -> Path:
    return Path(shutil.copytree(readers.DATA_DIR, tmp_path / "demo"))


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_shipped_files_load():
    reference = reference_data()
    assert len(reference.taxonomies) == 4
    assert len(reference.terms) == 43
    demo = demo_directory_read()
    assert len(demo.services) == 80
    assert sum(service.national for service in demo.services) == 8


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        ("taxonomies.toml", 'name = "Behov"', 'name = "Behov', r"taxonomies\.toml: .*line \d+"),
        ("taxonomies.toml", 'code = "need:crisis"', "code = 7", r"need 16: code must be a text"),
        ("taxonomies.toml", 'code = "need:crisis"', 'code = "crisis"', r"need:$"),
        ("taxonomies.toml", 'sector = "ppt"', 'sector = "pp"', r"sector 5: 'pp' is not a Sector"),
        ("taxonomies.toml", 'code = "need:crisis"', 'code = "need:leisure"', r"used twice"),
        (
            "thesaurus.toml",
            '"deppa" = ["need:mental-health"]',
            '"deppa" = ["need:sad"]',
            r"'deppa': unknown need need:sad",
        ),
        (
            "thesaurus.toml",
            '"deppa" = [',
            '"Deppa" = [',
            r"'Deppa': a phrase is written in lower case",
        ),
    ],
)
def test_a_broken_reference_file_is_refused(reference_dir, file, old, new, message):
    _replace(reference_dir / file, old, new)
    with pytest.raises(DataFileError, match=message) as error:
        reference_data(reference_dir)
    assert file in str(error.value)


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        ("porsgrunn.toml", 'fees = "Gratis"', 'fees = "Gratis', r"porsgrunn\.toml: .*line 2[56]"),
        (
            "porsgrunn.toml",
            "min_age = 1\n",
            "min_ages = 1\n",
            r"service heistad-barnehage-plass: unknown key min_ages",
        ),
        (
            "porsgrunn.toml",
            "min_age = 1\n",
            'min_age = "1"\n',
            r"heistad-barnehage-plass: min_age must be a whole number",
        ),
        (
            "porsgrunn.toml",
            'needs = ["need:family-support", ',
            'needs = ["need:family", ',
            r"heistad-barnehage-plass: unknown need need:family",
        ),
        (
            "porsgrunn.toml",
            'hours = "kindergarten"',
            'hours = "nursery"',
            r"heistad-barnehage-plass: hours: unknown hours nursery",
        ),
        (
            "porsgrunn.toml",
            'location = "heistad-barnehage"',
            'location = "heistad"',
            r"heistad-barnehage-plass: unknown location heistad",
        ),
        (
            "porsgrunn.toml",
            'sector = "kindergarten"',
            'sector = "nursery"',
            r"heistad-barnehage-plass: 'nursery' is not a Sector",
        ),
        (
            "porsgrunn.toml",
            '    "ungdomslos",\n',
            '    "ungdomslos2",\n',
            r"collaboration 1: unknown service ungdomslos2",
        ),
        (
            "national.toml",
            'key = "national-kirkens-sos"',
            'key = "national-rusinfo"',
            r"national\.toml: key used twice: national-rusinfo",
        ),
        (
            "organizations.toml",
            'parent = "porsgrunn-kommune"',
            'parent = "kommunen"',
            r"organization heistad-barnehage: unknown parent kommunen",
        ),
        (
            "locations.toml",
            'organization = "nav"',
            'organization = "arbeid"',
            r"location nav: unknown organization arbeid",
        ),
        (
            "common.toml",
            "opens = 08:00:00",
            'opens = "08:00"',
            r"hours\.office: opens must be a time",
        ),
    ],
)
def test_a_broken_demo_file_is_refused(demo_dir, file, old, new, message):
    _replace(demo_dir / file, old, new)
    with pytest.raises(DataFileError, match=message) as error:
        demo_directory_read(demo_dir)
    assert file in str(error.value)


@pytest.mark.django_db
def test_a_broken_file_writes_nothing(demo_dir, monkeypatch):
    _replace(demo_dir / "national.toml", 'sector = "other"', 'sector = "others"')
    monkeypatch.setattr(demo, "demo_directory_read", lambda: demo_directory_read(demo_dir))
    with pytest.raises(DataFileError, match=r"national\.toml"):
        demo.demo_directory_seed()
    assert not TaxonomyTerm.objects.exists()
