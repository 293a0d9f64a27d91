"""The public pages: the age-limit table and the one-question check, in bokmål, nynorsk and
English."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.formats import date_format
from django.utils.html import escape

from rights.models import LocalPractice
from rights.selectors import table_updated_on
from rights.table import TABLE
from tests.factories import municipality


@pytest.fixture
def places(db):
    return municipality("4001"), municipality("4003")


def _practice(place, rule_id="health.share.16-17", age=15):
    return LocalPractice.objects.create(
        municipality=place,
        rule_id=rule_id,
        practised_age=age,
        note="Ungdom samtykker selv til Stafettloggen fra 15 år.",
        source="Rutine for Stafettloggen",
    )


def _english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_the_age_limit_page_is_public_and_in_bokmal_by_default(client, places):
    response = client.get("/rights/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "<h1" in body
    assert "Aldersgrenser" in body
    assert TABLE.rule("health.consent.16-17").explanation_nb.split("\n")[0] in body
    assert "Ikke bekreftet" in body
    assert "Bekreftet" in body
    assert "pasient- og brukerrettighetsloven § 4-3 første ledd bokstav b" in body
    assert 'href="https://lovdata.no/dokument/NL/lov/1999-07-02-63"' in body
    # The table's version as a date in words, never the code "2026-12-01.1".
    assert TABLE.version not in body
    with translation.override("nb"):
        assert date_format(table_updated_on(), "j. F Y") in body
    assert "<script" not in body
    assert "style=" not in body


def test_the_age_limit_page_in_english_shows_the_english_explanations(client, places):
    body = _english(client).get("/rights/").content.decode()
    assert "Age limits" in body
    assert TABLE.rule("health.consent.16-17").explanation_en.split("\n")[0] in body
    assert TABLE.rule("health.consent.16-17").explanation_nb.split("\n")[0] not in body
    assert "Not confirmed" in body


def test_the_age_limit_page_in_nynorsk_speaks_to_the_child_in_nynorsk(client, places):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nn"
    body = client.get("/rights/").content.decode()
    assert 'lang="nn"' in body
    shown = [rule for rule in TABLE.rules if f'id="{rule.id}"' in body]
    assert len(shown) > 40
    for rule in shown:
        assert escape(rule.explanation_nn) in body, rule.id
        assert escape(rule.explanation_nb) not in body, rule.id
    assert "Frå du er 16 år, bestemmer du sjølv om du vil ha helsehjelp." in body


def test_every_rule_is_on_the_page_with_its_unverified_reason(client, places):
    body = client.get("/rights/").content.decode()
    for rule in TABLE.rules:
        assert f'id="{rule.id}"' in body
        if not rule.verified:
            assert rule.unconfirmed_nb.split("\n")[0] in body


def test_one_area_can_be_chosen(client, places):
    response = client.get("/rights/", {"domain": "child_welfare"})
    ids = [rule.id for section in response.context["sections"] for rule in section.rules]
    assert ids
    assert all(rule_id.startswith("child_welfare.") for rule_id in ids)


def test_an_unknown_area_on_the_page_is_a_clear_error(client, places):
    response = client.get("/rights/", {"domain": "moon", "municipality": "9999"})
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"domain", "municipality"}
    assert "Velg et område fra listen." in response.content.decode()


def test_the_page_shows_a_municipalitys_deviation(client, places):
    porsgrunn, _skien = places
    _practice(porsgrunn)
    body = client.get("/rights/", {"municipality": "4001"}).content.decode()
    assert "Lokal praksis i Porsgrunn avviker" in body
    assert "Rutine for Stafettloggen" in body
    other = client.get("/rights/", {"municipality": "4003"}).content.decode()
    assert "Lokal praksis" not in other


def test_staff_see_their_own_municipalitys_deviations_without_choosing(cast, client_for):
    _practice(cast.unit.municipality)
    body = client_for(cast.colleague).get("/rights/").content.decode()
    assert "Lokal praksis i Porsgrunn avviker" in body


def test_the_table_page_needs_the_same_queries_with_more_local_practice(client, places):
    porsgrunn, _ = places
    with CaptureQueriesContext(connection) as few:
        client.get("/rights/", {"municipality": "4001"})
    for rule_id in ("health.share.16-17", "education.choice.15-17", "digital.consent.13-"):
        _practice(porsgrunn, rule_id=rule_id, age=14)
    with CaptureQueriesContext(connection) as many:
        client.get("/rights/", {"municipality": "4001"})
    assert len(many) == len(few)


def test_the_check_page_starts_empty(client, places):
    response = client.get("/rights/check/")
    assert response.status_code == 200
    assert response.context["answer"] is None
    assert "Sjekk en aldersgrense" in response.content.decode()


def test_the_check_gives_the_national_answer_with_its_law(client, places):
    response = client.get(
        "/rights/check/", {"age": "16", "domain": "health", "action": "consent_help"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert response.context["answer"].rule.id == "health.consent.16-17"
    assert "Fra du er 16 år, bestemmer du selv" in body
    assert "pasient- og brukerrettighetsloven § 4-3 første ledd bokstav b" in body
    assert "Bekreftet" in body


def test_the_check_in_english(client, places):
    body = (
        _english(client)
        .get("/rights/check/", {"age": "15", "domain": "child_welfare", "action": "be_party"})
        .content.decode()
    )
    assert "From age 15 you are a party to your own case" in body
    assert "Not confirmed:" in body


def test_an_unverified_answer_says_so_in_plain_words(client, places):
    body = client.get(
        "/rights/check/", {"age": "15", "domain": "child_welfare", "action": "be_party"}
    ).content.decode()
    assert "Ikke bekreftet:" in body
    assert "har vi ikke kontrollert mot Lovdata" in body


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"age": "31", "domain": "health", "action": "be_heard"}, "age", "mellom 0 og 30"),
        ({"age": "-1", "domain": "health", "action": "be_heard"}, "age", "mellom 0 og 30"),
        ({"age": "tolv", "domain": "health", "action": "be_heard"}, "age", "et helt tall"),
        ({"age": "", "domain": "health", "action": "be_heard"}, "age", "Skriv alderen"),
        ({"age": "12", "domain": "moon", "action": "be_heard"}, "domain", "fra listen"),
        ({"age": "12", "domain": "health", "action": "fly"}, "action", "fra listen"),
        ({"age": "12", "domain": "digital", "action": "be_party"}, "action", "ingen regel"),
        (
            {"age": "12", "domain": "health", "action": "be_heard", "municipality": "9999"},
            "municipality",
            "fra listen",
        ),
    ],
)
def test_bad_input_gets_a_field_specific_error_not_a_crash(client, places, params, field, message):
    response = client.get("/rights/check/", params)
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert list(errors) == [field]
    assert message in errors[field][0]
    assert response.context["answer"] is None
    assert f'id="id_{field}_error"' in response.content.decode()


def test_the_check_shows_the_deviation_beside_the_national_answer(client, places):
    porsgrunn, _ = places
    _practice(porsgrunn)
    response = client.get(
        "/rights/check/",
        {"age": "15", "domain": "health", "action": "consent_share", "municipality": "4001"},
    )
    body = response.content.decode()
    assert response.context["answer"].decides == "guardians_child_heard"
    assert "Lokal praksis i Porsgrunn avviker" in body
    assert "fra 15 år, mens den nasjonale regelen sier 16" in body
    assert "I denne alderen gir den lokale praksisen et annet svar" in body
