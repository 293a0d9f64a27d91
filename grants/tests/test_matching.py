"""The matching rules on hand-built municipalities: which schemes fit and the reason, in
words, for each."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from grants.matching import Reading, Situation, scheme_matches
from grants.models import Scheme, SchemeStatus

BANDS = {"age:0-5": (0, 5), "age:13-15": (13, 15), "age:16-18": (16, 18), "age:19-24": (19, 24)}


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def scheme(key: str, **fields) -> Scheme:
    defaults = {
        "name": key,
        "status": SchemeStatus.OPEN,
        "indicators": [],
        "needs": [],
        "age_bands": ["age:16-18", "age:19-24"],
    }
    return Scheme(key=key, **{**defaults, **fields})


def town(**fields) -> Situation:
    defaults = {
        "municipality": "Elvby",
        "population": dict.fromkeys(range(25), 100),
        "population_year": 2026,
        "local_services": 12,
    }
    return Situation(**{**defaults, **fields})


def matched(situation: Situation, *schemes: Scheme) -> dict[str, list[str]]:
    return {
        m.scheme.key: m.reasons
        for m in scheme_matches(situation=situation, schemes=schemes, age_bands=BANDS)
    }


def test_a_neet_share_above_the_country_matches_a_neet_scheme_and_says_so():
    situation = town(readings={"neet": Reading(Decimal("10.8"), Decimal("8.1"), "Elvby", "2024")})
    result = matched(situation, scheme("neet", indicators=["neet"]))
    assert result["neet"][0] == (
        "More young people outside work, education and training: 10.8\xa0% in Elvby against "
        "8.1\xa0% in the whole country (2024)."
    )
    # The scale: residents aged 16–24 (nine years of 100).
    assert result["neet"][1] == (
        "900 children and young people aged 16–24 live in Elvby (1 January 2026)."
    )


def test_a_neet_share_at_or_below_the_country_gives_no_match():
    for value in ("8.1", "6.0"):
        situation = town(
            readings={"neet": Reading(Decimal(value), Decimal("8.1"), "Elvby", "2024")}
        )
        assert matched(situation, scheme("neet", indicators=["neet"])) == {}


def test_low_income_above_the_country_matches():
    situation = town(
        readings={"low_income": Reading(Decimal("15"), Decimal("11"), "Elvby", "2021–2023")}
    )
    reasons = matched(situation, scheme("inc", indicators=["low_income"]))["inc"]
    assert reasons[0].startswith("More children in households with persistent low income: 15")


def test_completion_below_the_country_matches_and_names_the_county_it_is_counted_for():
    situation = town(
        readings={"completion": Reading(Decimal("78.0"), Decimal("81.4"), "Telemark", "2017–2023")}
    )
    reasons = matched(situation, scheme("done", indicators=["completion"]))["done"]
    assert "in Telemark against 81.4" in reasons[0]
    # Completion above the country is no reason.
    better = town(
        readings={"completion": Reading(Decimal("85.0"), Decimal("81.4"), "Telemark", "2017–2023")}
    )
    assert matched(better, scheme("done", indicators=["completion"])) == {}


def test_a_need_the_directory_lacks_matches_a_scheme_for_that_need():
    situation = town(needs_lacking={"need:substance-use": "Rus", "need:leisure": "Fritid"})
    result = matched(
        situation,
        scheme("rus", needs=["need:substance-use", "need:mental-health"]),
        scheme("psyk", needs=["need:mental-health"]),
    )
    assert result["rus"][0] == "The directory lists no local service in Elvby for: Rus."
    assert "psyk" not in result


def test_an_empty_directory_gives_no_need_reason():
    situation = town(needs_lacking={"need:substance-use": "Rus"}, local_services=0)
    assert matched(situation, scheme("rus", needs=["need:substance-use"])) == {}


def test_an_ended_scheme_never_matches():
    situation = town(readings={"neet": Reading(Decimal("12"), Decimal("8"), "Elvby", "2024")})
    ended = scheme("old", indicators=["neet"], status=SchemeStatus.ENDED)
    assert matched(situation, ended) == {}


def test_a_scheme_for_ages_no_one_in_the_municipality_has_does_not_match():
    situation = town(
        population={age: (0 if age >= 16 else 50) for age in range(25)},
        readings={"neet": Reading(Decimal("12"), Decimal("8"), "Elvby", "2024")},
    )
    assert matched(situation, scheme("neet", indicators=["neet"])) == {}


def test_without_population_figures_the_match_stands_without_the_scale():
    situation = town(
        population={},
        population_year=None,
        readings={"neet": Reading(Decimal("12"), Decimal("8"), "Elvby", "2024")},
    )
    assert len(matched(situation, scheme("neet", indicators=["neet"]))["neet"]) == 1


def test_schemes_with_more_reasons_come_first():
    situation = town(
        readings={"neet": Reading(Decimal("12"), Decimal("8"), "Elvby", "2024")},
        needs_lacking={"need:work-activity": "Jobb"},
    )
    result = scheme_matches(
        situation=situation,
        schemes=[
            scheme("a-one", indicators=["neet"]),
            scheme("b-two", indicators=["neet"], needs=["need:work-activity"]),
        ],
        age_bands=BANDS,
    )
    assert [m.scheme.key for m in result] == ["b-two", "a-one"]
