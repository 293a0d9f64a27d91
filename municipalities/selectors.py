"""Reading reference data: municipalities, counties and population aggregates."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import IntegerField, Max, Q, Sum
from django.db.models.functions import Coalesce

from municipalities.models import County, PopulationByAge

AGE_GROUPS: tuple[tuple[str, int, int], ...] = (
    ("0–5", 0, 5),
    ("6–12", 6, 12),
    ("13–15", 13, 15),
    ("16–19", 16, 19),
    ("20–24", 20, 24),
)


@dataclass(frozen=True)
class PopulationRow:
    code: str
    name: str
    groups: tuple[int, ...]

    @property
    def total(self) -> int:
        return sum(self.groups)


def population_latest_year() -> int | None:
    return PopulationByAge.objects.aggregate(year=Max("year"))["year"]


def population_by_age_group(*, county: County | None, year: int) -> list[PopulationRow]:
    """Residents 0–24 by age group: per municipality within a county, or per county nationally.

    One query, summed in the database.
    """
    sums = {
        f"g{index}": Coalesce(
            Sum("count", filter=Q(age__gte=low, age__lte=high)), 0, output_field=IntegerField()
        )
        for index, (_label, low, high) in enumerate(AGE_GROUPS)
    }
    rows = PopulationByAge.objects.filter(year=year)
    if county is not None:
        grouped = (
            rows.filter(municipality__county=county)
            .values("municipality__number", "municipality__name")
            .annotate(**sums)
            .order_by("municipality__number")
        )
        code_key, name_key = "municipality__number", "municipality__name"
    else:
        grouped = (
            rows.values("municipality__county__number", "municipality__county__name")
            .annotate(**sums)
            .order_by("municipality__county__number")
        )
        code_key, name_key = "municipality__county__number", "municipality__county__name"
    return [
        PopulationRow(
            code=row[code_key],
            name=row[name_key],
            groups=tuple(row[f"g{index}"] for index in range(len(AGE_GROUPS))),
        )
        for row in grouped
    ]
