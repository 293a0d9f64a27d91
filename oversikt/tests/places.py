"""Today's counties and municipalities for tests, without the population the statistics do not
need (loading all of the reference data takes several seconds)."""

from __future__ import annotations

import csv
from pathlib import Path

from municipalities.models import County, Municipality


def places_create(directory: Path) -> None:
    """The 15 counties and 357 municipalities of 2024, straight from the reference files."""
    with (directory / "fylker_2024.csv").open(encoding="utf-8") as handle:
        County.objects.bulk_create(
            [
                County(
                    number=row["fylkesnummer"],
                    name=row["fylkesnavn"],
                    name_norwegian=row["fylkesnavn_norsk"],
                )
                for row in csv.DictReader(handle)
            ],
            ignore_conflicts=True,
        )
    with (directory / "kommuner_2024.csv").open(encoding="utf-8") as handle:
        Municipality.objects.bulk_create(
            [
                Municipality(
                    number=row["kommunenummer"],
                    name=row["kommunenavn_kartverket_2024"],
                    name_norwegian=row["kommunenavn_norsk"],
                    name_ssb=row["kommunenavn_ssb_klass_2024"],
                    county_id=row["fylkesnummer"],
                )
                for row in csv.DictReader(handle)
            ],
            ignore_conflicts=True,
        )
