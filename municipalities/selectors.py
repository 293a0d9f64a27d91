"""Reading reference data: municipalities, counties, population aggregates, and where a
postcode or a place name is."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from django.db.models import IntegerField, Max, Q, Sum
from django.db.models.functions import Coalesce

from municipalities.models import (
    County,
    Municipality,
    MunicipalityParallelName,
    PopulationByAge,
    PostalCode,
)

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


@dataclass(frozen=True)
class Place:
    """Where someone says they live, as understood: a municipality, or why not.

    `problem` is None when `municipality` is found; otherwise "unknown_postcode",
    "not_municipality" (Svalbard, Jan Mayen), "ambiguous" (several municipalities have the
    name; `choices` lists them) or "unknown" (`choices` lists names like it, if any).
    """

    text: str
    municipality: Municipality | None = None
    postal_code: PostalCode | None = None
    problem: str | None = None
    choices: tuple[Municipality, ...] = ()


def _place_key(text: str) -> str:
    words = re.sub(r"[\s\-–]+", " ", text.casefold()).strip()
    return re.sub(r"^(?:kommunen )|(?: kommune)$", "", words).strip()


def _municipality_names() -> dict[str, set[str]]:
    """Every name a municipality goes by (official, Norwegian, SSB's, each language form and
    parallel name), as a search key, with the municipalities that have it."""
    names: dict[str, set[str]] = {}
    for number, name, norwegian, ssb in Municipality.objects.values_list(
        "number", "name", "name_norwegian", "name_ssb"
    ):
        forms = {name, norwegian, ssb, *name.split(" - "), *ssb.split(" - ")}
        for form in forms:
            names.setdefault(_place_key(form), set()).add(number)
    for number, name in MunicipalityParallelName.objects.values_list("municipality_id", "name"):
        names.setdefault(_place_key(name), set()).add(number)
    return names


def place_resolve(*, text: str) -> Place:
    """The municipality for a postcode (four digits) or a municipality's or postal place's name.

    A postcode gives the register's primary municipality. A name is compared without regard to
    case, hyphens or a trailing "kommune"; a postal place ("Brevik") counts when no municipality
    has the name. At most three queries.
    """
    text = text.strip()
    if re.fullmatch(r"\d{4}", text):
        code = PostalCode.objects.select_related("municipality").filter(code=text).first()
        if code is None:
            return Place(text=text, problem="unknown_postcode")
        if code.municipality is None:
            return Place(text=text, postal_code=code, problem="not_municipality")
        return Place(text=text, municipality=code.municipality, postal_code=code)
    key = _place_key(text)
    names = _municipality_names()
    numbers = names.get(key, set())
    if len(numbers) == 1:
        return Place(text=text, municipality=Municipality.objects.get(number=numbers.pop()))
    if numbers:
        return Place(text=text, problem="ambiguous", choices=_by_name(numbers))
    # No municipality has the name: a postal place may ("Brevik").
    found = tuple(
        Municipality.objects.filter(postal_codes__place=key.upper()).distinct().order_by("name_ssb")
        if key
        else ()
    )
    if len(found) == 1:
        return Place(text=text, municipality=found[0])
    if found:
        return Place(text=text, problem="ambiguous", choices=found)
    like = difflib.get_close_matches(key, list(names), n=3, cutoff=0.8) if key else []
    return Place(
        text=text, problem="unknown", choices=_by_name(set().union(*(names[n] for n in like)))
    )


def _by_name(numbers: set[str]) -> tuple[Municipality, ...]:
    if not numbers:
        return ()
    return tuple(Municipality.objects.filter(number__in=numbers).order_by("name_ssb"))
