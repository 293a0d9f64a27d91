"""Which grant schemes fit a municipality, and why, in words.

Pure rules over a `Situation` (what `grants.selectors.municipality_situation` reads: the public
figures, the population 0–24 and the needs the directory lacks), so that they can be tested on
hand-built municipalities. A scheme matches when at least one of these holds:

- it answers to an indicator (`Scheme.indicators`) on which the municipality – or its county,
  where the figure is only published per county – does worse than the whole country: more young
  people outside work, education and training, more children in persistent low income, or fewer
  who complete upper secondary school;
- it meets a need (`Scheme.needs`) for which the municipality's directory lists no local service.
  A municipality with no local services in the directory yet gives no such reason: an empty
  directory says nothing about what is missing.

A scheme that has ended never matches; one whose age bands hold no children or young people in
the municipality neither. Each match carries its reasons, and the number of children and young
people in the scheme's age bands as a reason of scale. Matches come with the most reasons first.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from grants.models import Indicator, Scheme, SchemeStatus
from grants.text import percent

# An indicator is "worse" when higher (NEET, low income) or when lower (completion).
HIGHER_IS_WORSE = {Indicator.NEET: True, Indicator.LOW_INCOME: True, Indicator.COMPLETION: False}


@dataclass(frozen=True)
class Reading:
    """A figure for the place (the municipality, or its county) against the country."""

    value: Decimal
    country: Decimal
    place: str
    period: str


@dataclass(frozen=True)
class Situation:
    municipality: str
    # Residents by age (0–24) on 1 January of `population_year`; empty when unknown.
    population: Mapping[int, int] = field(default_factory=dict)
    population_year: int | None = None
    readings: Mapping[str, Reading] = field(default_factory=dict)
    # The need codes no local service meets, with their names; `local_services` counts them.
    needs_lacking: Mapping[str, str] = field(default_factory=dict)
    local_services: int = 0


@dataclass(frozen=True)
class Match:
    scheme: Scheme
    reasons: list[str]
    reached: int | None  # children and young people in the scheme's age bands


def _indicator_reason(indicator: str, reading: Reading) -> str | None:
    worse = (
        reading.value > reading.country
        if HIGHER_IS_WORSE[Indicator(indicator)]
        else reading.value < reading.country
    )
    if not worse:
        return None
    words = {
        Indicator.NEET: _(
            "More young people outside work, education and training: %(value)s in %(place)s "
            "against %(country)s in the whole country (%(period)s)."
        ),
        Indicator.LOW_INCOME: _(
            "More children in households with persistent low income: %(value)s in %(place)s "
            "against %(country)s in the whole country (%(period)s)."
        ),
        Indicator.COMPLETION: _(
            "Fewer complete upper secondary school: %(value)s in %(place)s against "
            "%(country)s in the whole country (%(period)s)."
        ),
    }[Indicator(indicator)]
    return words % {
        "value": percent(reading.value),
        "country": percent(reading.country),
        "place": reading.place,
        "period": reading.period,
    }


def _reached(situation: Situation, bands: Iterable[tuple[int, int]]) -> int | None:
    if not situation.population:
        return None
    ages = {age for low, high in bands for age in range(low, high + 1)}
    return sum(count for age, count in situation.population.items() if age in ages)


def scheme_matches(
    *,
    situation: Situation,
    schemes: Iterable[Scheme],
    age_bands: Mapping[str, tuple[int, int]],
) -> list[Match]:
    """The schemes that fit, each with its reasons in plain words (see the module's rules).
    `age_bands` maps an age band code to its first and last year of age."""
    matches: list[Match] = []
    for scheme in schemes:
        if scheme.status == SchemeStatus.ENDED:
            continue
        reasons = [
            reason
            for indicator in scheme.indicators
            if indicator in situation.readings
            and (reason := _indicator_reason(indicator, situation.readings[indicator]))
        ]
        if situation.local_services:
            lacking = [
                situation.needs_lacking[n] for n in scheme.needs if n in situation.needs_lacking
            ]
            if lacking:
                reasons.append(
                    _("The directory lists no local service in %(place)s for: %(needs)s.")
                    % {"place": situation.municipality, "needs": ", ".join(lacking)}
                )
        if not reasons:
            continue
        bands = [age_bands[code] for code in scheme.age_bands if code in age_bands]
        reached = _reached(situation, bands)
        if reached == 0:
            continue
        if reached is not None:
            low = min(low for low, _high in bands)
            high = max(high for _low, high in bands)
            reasons.append(
                _(
                    "%(count)s children and young people aged %(low)s–%(high)s live in "
                    "%(place)s (1 January %(year)s)."
                )
                % {
                    "count": f"{reached:,}".replace(",", "\xa0"),
                    "low": low,
                    "high": high,
                    "place": situation.municipality,
                    "year": situation.population_year,
                }
            )
        matches.append(Match(scheme=scheme, reasons=reasons, reached=reached))
    matches.sort(key=lambda match: (-len(match.reasons), match.scheme.name))
    return matches
