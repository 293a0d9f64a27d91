"""The map of duties (issue 15, item 5): the table's checks, the dates, which duties apply to a
team's facts, and the public page."""

from __future__ import annotations

import datetime
import re
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.html import escape

from rights.duties import (
    AMENDMENTS_2022,
    DUTIES,
    DUTIES_DIR,
    DutyKind,
    DutyTableError,
    TeamFacts,
    applicable_duties,
    load_duties,
)
from rights.tests.words import BOKMAL_ONLY, SECOND_PERSON_NB

TODAY = datetime.date(2026, 12, 4)


@pytest.fixture(autouse=True)
def _language_kept():
    """The pages here are read in English; the language active before each test is restored
    after it, so the next test does not read in English by accident."""
    with translation.override(translation.get_language()):
        yield


DAY = datetime.timedelta(days=1)


def facts(**changes) -> TeamFacts:
    values = {
        "units": 2,
        "sectors": frozenset({"primary_school", "health_station"}),
        "age": 9,
        "long_term_needs": False,
        "serious_illness_or_disability": False,
        **changes,
    }
    return TeamFacts(**values)


# --- The table -----------------------------------------------------------------------------------


def test_every_duty_has_statutes_dates_a_source_and_both_voices():
    assert DUTIES.duties
    for duty in DUTIES.duties:
        assert duty.statutes
        assert duty.source_url.startswith("https://")
        assert duty.in_force_from <= TODAY or duty.in_force_until is None
        for text in (duty.explanation_nb, duty.explanation_en):
            assert text
        for text in (duty.professional_nb, duty.professional_en):
            assert text
        assert duty.verified == (not duty.unconfirmed_nb)


@pytest.mark.parametrize("duty", DUTIES.duties, ids=[duty.id for duty in DUTIES.duties])
def test_every_duty_speaks_to_the_child_in_nynorsk_too(duty):
    assert len(duty.explanation_nn) > 20
    assert duty.explanation_nn != duty.explanation_nb
    assert SECOND_PERSON_NB.search(duty.explanation_nn), duty.explanation_nn
    assert not BOKMAL_ONLY.search(duty.explanation_nn), duty.explanation_nn


def test_a_nynorsk_reader_gets_the_childs_voice_in_nynorsk_and_the_rest_in_bokmal():
    duty = DUTIES.duty("inform.health")
    assert duty is not None
    with translation.override("nn"):
        assert duty.explanation == duty.explanation_nn
        assert duty.explanation.startswith("Viss helsepersonell er uroa for at du ikkje har det")
        assert duty.professional_explanation == duty.professional_nb
        assert duty.conditions == duty.conditions_nb
    with translation.override("nb"):
        assert duty.explanation == duty.explanation_nb
    with translation.override("en"):
        assert duty.explanation == duty.explanation_en


def test_every_kind_of_the_issue_is_in_the_map_today():
    kinds = {duty.kind for duty in DUTIES.in_force(TODAY)}
    assert kinds == set(DutyKind)


def test_the_barnekoordinator_is_in_force_from_1_august_2022_for_children_under_18():
    """Source: Helsedirektoratet, comments on pasient- og brukerrettighetsloven § 2-5 c:
    «trådte i kraft 1. august 2022»; the right belongs to families who have or expect a child."""
    duty = DUTIES.duty("child_coordinator.health")
    assert duty is not None
    assert duty.verified
    assert duty.in_force_from == AMENDMENTS_2022
    assert [s.citation for s in duty.statutes] == [
        "pasient- og brukerrettighetsloven § 2-5 c",
        "helse- og omsorgstjenesteloven § 7-2 a",
    ]
    assert duty.applies_at(17)
    assert not duty.applies_at(18)


@pytest.mark.parametrize(
    ("on", "law"),
    [
        (datetime.date(2024, 7, 31), "opplæringslova (1998)"),
        (datetime.date(2024, 8, 1), "opplæringslova"),
        (datetime.date(2024, 8, 2), "opplæringslova"),
    ],
)
def test_the_schools_duty_to_collaborate_follows_the_education_act_in_force(on, law):
    """Prop. 57 L (2022–2023) ch. 23: the 1998 act § 15-8 held the duty from 1 August 2022;
    the 2023 act replaced it on 1 August 2024."""
    [duty] = DUTIES.for_sectors(DutyKind.COLLABORATE, ["primary_school"], on=on, age=10)
    assert duty.statutes[0].law.short_name == law


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "duties"
    shutil.copytree(DUTIES_DIR, target)
    return target


def test_two_duties_of_a_kind_for_one_sector_at_once_are_refused(tmp_path):
    folder = _copy(tmp_path)
    path = folder / "collaborate.toml"
    path.write_text(path.read_text().replace("in_force_until = 2024-08-01\n", ""))
    with pytest.raises(DutyTableError, match=r"collaborate\.school\.1998 and collaborate\.school"):
        load_duties(folder)


def test_an_unconfirmed_duty_must_say_why_and_a_law_must_be_on_lovdata(tmp_path):
    folder = _copy(tmp_path)
    plan = folder / "plan.toml"
    plan.write_text(plan.read_text().replace("verified = true", "verified = false", 1))
    laws = folder / "laws.toml"
    laws.write_text(
        laws.read_text().replace(
            "https://lovdata.no/dokument/NL/lov/2011", "https://example.org/2011"
        )
    )
    with pytest.raises(DutyTableError) as error:
        load_duties(folder)
    assert "plan.health: an unconfirmed duty must say why in unconfirmed_nb" in str(error.value)
    assert "law hol: the URL must point to Lovdata" in str(error.value)


def test_a_duty_without_the_childs_voice_in_nynorsk_is_refused(tmp_path):
    folder = _copy(tmp_path)
    path = folder / "coordinator.toml"
    path.write_text(path.read_text().replace("explanation_nn", "explanation_xx", 1))
    with pytest.raises(DutyTableError) as error:
        load_duties(folder)
    assert (
        "duty coordinator.health: unknown keys ['explanation_xx'], missing keys ['explanation_nn']"
        in str(error.value)
    )


def test_a_duty_with_an_empty_nynorsk_text_is_refused(tmp_path):
    folder = _copy(tmp_path)
    path = folder / "coordinator.toml"
    text = path.read_text()
    emptied = re.sub(r'(?s)explanation_nn = """.*?"""', 'explanation_nn = """\n  \n"""', text)
    assert emptied != text
    path.write_text(emptied)
    with pytest.raises(DutyTableError) as error:
        load_duties(folder)
    assert str(error.value).splitlines()[1:] == ["duty coordinator.health: explanation_nn is empty"]


def test_an_unknown_sector_is_refused(tmp_path):
    folder = _copy(tmp_path)
    path = folder / "inform.toml"
    path.write_text(path.read_text().replace('"nav"]', '"moon"]', 1))
    with pytest.raises(DutyTableError, match="'moon' is not a sector"):
        load_duties(folder)


# --- Which duties apply ----------------------------------------------------------------------


def test_one_service_has_no_duty_to_collaborate_and_two_have():
    assert DutyKind.COLLABORATE not in applicable_duties(facts(units=1), on=TODAY).kinds()
    two = applicable_duties(facts(units=2), on=TODAY)
    assert DutyKind.COLLABORATE in two.kinds()
    [collaborate] = [d for d in two.applies if d.kind == DutyKind.COLLABORATE]
    assert {d.id for d in collaborate.duties} == {"collaborate.school", "collaborate.health"}


def test_the_duty_to_collaborate_starts_with_the_2022_amendments():
    before = applicable_duties(facts(), on=AMENDMENTS_2022 - DAY)
    on = applicable_duties(facts(), on=AMENDMENTS_2022)
    after = applicable_duties(facts(), on=AMENDMENTS_2022 + DAY)
    assert DutyKind.COLLABORATE not in before.kinds()
    assert DutyKind.COLLABORATE in on.kinds()
    assert DutyKind.COLLABORATE in after.kinds()


def test_the_individual_plan_needs_long_term_needs_and_two_services():
    without = applicable_duties(facts(), on=TODAY)
    assert DutyKind.PLAN not in without.kinds()
    assert [m.kind for m in without.missing] == [DutyKind.PLAN, DutyKind.CHILD_COORDINATOR]
    one = applicable_duties(facts(units=1, long_term_needs=True), on=TODAY)
    assert DutyKind.PLAN not in one.kinds()
    two = applicable_duties(facts(long_term_needs=True), on=TODAY)
    assert {DutyKind.PLAN, DutyKind.COORDINATOR} <= set(two.kinds())
    assert DutyKind.PLAN not in [m.kind for m in two.missing]


def test_the_barnekoordinator_needs_serious_illness_long_term_needs_and_an_age_under_18():
    both = facts(long_term_needs=True, serious_illness_or_disability=True)
    assert DutyKind.CHILD_COORDINATOR in applicable_duties(both, on=TODAY).kinds()
    illness_only = facts(serious_illness_or_disability=True)
    assert DutyKind.CHILD_COORDINATOR not in applicable_duties(illness_only, on=TODAY).kinds()
    at_17 = applicable_duties(TeamFacts(**{**both.__dict__, "age": 17}), on=TODAY)
    at_18 = applicable_duties(TeamFacts(**{**both.__dict__, "age": 18}), on=TODAY)
    assert DutyKind.CHILD_COORDINATOR in at_17.kinds()
    assert DutyKind.CHILD_COORDINATOR not in at_18.kinds()
    assert (
        DutyKind.CHILD_COORDINATOR not in applicable_duties(both, on=AMENDMENTS_2022 - DAY).kinds()
    )


def test_the_duty_to_inform_child_welfare_ends_at_18_for_health_personnel():
    at_17 = applicable_duties(facts(age=17), on=TODAY)
    at_18 = applicable_duties(facts(age=18), on=TODAY)
    assert DutyKind.INFORM in at_17.kinds()
    assert DutyKind.INFORM not in at_18.kinds()


# --- The public page -------------------------------------------------------------------------


@pytest.mark.django_db
def test_anyone_reads_the_map_of_duties_with_sources_and_dates():
    response = Client().get(reverse("rights:duties"), HTTP_ACCEPT_LANGUAGE="en")
    body = response.content.decode()
    assert response.status_code == 200
    assert "The map of duties" in body
    for kind in DutyKind:
        assert f'id="{kind.value}"' in body
    assert "pasient- og brukerrettighetsloven § 2-5 c" in body
    assert "https://lovdata.no/dokument/NL/lov/2011-06-24-30" in body
    assert "No longer in force" in body  # the 1998 Education Act's duty, kept with its dates
    assert "Not confirmed:" in body
    assert "1 August 2022" in body


@pytest.mark.django_db
def test_the_map_of_duties_in_nynorsk_speaks_to_the_child_in_nynorsk():
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nn"
    body = client.get(reverse("rights:duties")).content.decode()
    assert 'lang="nn"' in body
    for duty in DUTIES.duties:
        assert f'id="{duty.id}"' in body
        assert escape(duty.explanation_nn) in body, duty.id
        assert escape(duty.explanation_nb) not in body, duty.id
    assert "Treng du hjelp frå fleire over lang tid, kan du få ein koordinator" in body


MONTHS_EN = "January|February|March|April|May|June|July|August|September|October|November|December"
MONTHS_NB = "januar|februar|mars|april|mai|juni|juli|august|september|oktober|november|desember"
# A date in words, in any of the styles a page could mix: "1 August 2022", "1. August 2022",
# "Aug. 1, 2022", "August 1, 2022", "1. august 2022".
DATE_IN_WORDS = re.compile(
    rf"\b\d{{1,2}}\.? (?:{MONTHS_EN}|{MONTHS_NB}) \d{{4}}\b"
    rf"|\b(?:{MONTHS_EN}|Jan|Feb|Aug|Sept|Oct|Nov|Dec)\.? \d{{1,2}}, \d{{4}}\b"
)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "style"),
    [
        ("en", rf"\d{{1,2}} (?:{MONTHS_EN}) \d{{4}}"),
        ("nb", rf"\d{{1,2}}\. (?:{MONTHS_NB}) \d{{4}}"),
        ("nn", rf"\d{{1,2}}\. (?:{MONTHS_NB}) \d{{4}}"),
    ],
)
def test_the_map_of_duties_writes_every_date_in_one_style_of_the_readers_language(language, style):
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    body = client.get(reverse("rights:duties")).content.decode()
    text = re.sub(r"<[^>]+>", " ", body)
    dates = DATE_IN_WORDS.findall(text)
    assert len(dates) > 20
    assert [date for date in dates if not re.fullmatch(style, date)] == []
    with translation.override(language):
        assert date_format(DUTIES.updated_on, "DATE_FORMAT") in text


@pytest.mark.django_db
def test_the_public_page_writes_no_access_event():
    from audit.models import AccessEvent

    before = AccessEvent.objects.count()
    Client().get(reverse("rights:duties"))
    assert AccessEvent.objects.count() == before
