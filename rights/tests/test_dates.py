"""Dated rules: the engine answers for any date, the changes in the law enter into force on
their date (from the files, or recorded by a national administrator), and a table that would
overlap or leave a gap on some date is refused when it loads."""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

import pytest
from django.utils import translation

from rights.models import RuleChangeDate
from rights.selectors import NoRuleError, change_dates, law_changes, rights_for
from rights.table import (
    RULES_DIR,
    TABLE,
    ChangeStatus,
    Decider,
    Evidence,
    RuleTableError,
    load_table,
)

DAY = datetime.timedelta(days=1)
PARTY_12 = datetime.date(2027, 7, 1)  # a date an administrator might record


def _copy_table(tmp_path: Path) -> Path:
    target = tmp_path / "rules"
    shutil.copytree(RULES_DIR, target)
    return target


def _party(age: int, on: datetime.date) -> Decider:
    return rights_for(age=age, domain="child_welfare", action="be_party", on=on).decides


# --- The day before, on and after each change in force ----------------------------------------


@pytest.mark.django_db
def test_party_rights_from_12_apply_from_the_recorded_date_and_not_the_day_before():
    """Innst. 524 L (2024–2025); Dagsavisen, June 2025: party rights from 12 instead of 15.
    Adopted, date not known: the answer changes only once an administrator records it."""
    assert _party(13, PARTY_12) == Decider.GUARDIANS  # no date recorded: the old rule stands
    RuleChangeDate.objects.create(
        change_id="bvl-party-12", in_force_from=PARTY_12, source="Kongelig resolusjon"
    )
    assert _party(13, PARTY_12 - DAY) == Decider.GUARDIANS
    assert _party(13, PARTY_12) == Decider.CHILD_AND_GUARDIANS
    assert _party(13, PARTY_12 + DAY) == Decider.CHILD_AND_GUARDIANS
    # and the ages at the boundaries, before and after
    assert _party(11, PARTY_12) == Decider.GUARDIANS
    assert _party(12, PARTY_12) == Decider.CHILD_AND_GUARDIANS
    assert _party(14, PARTY_12 - DAY) == Decider.GUARDIANS
    assert _party(15, PARTY_12 - DAY) == Decider.CHILD_AND_GUARDIANS
    assert _party(17, PARTY_12) == Decider.CHILD_AND_GUARDIANS
    answer = rights_for(age=12, domain="child_welfare", action="be_party", on=PARTY_12)
    assert answer.rule.id == "child_welfare.party.12-17"


@pytest.mark.django_db
def test_a_rule_is_in_force_from_its_acts_date_and_not_the_day_before():
    """The Child Welfare Act of 2021 is in force from 1 January 2023 (the law's title in
    table.toml); the table answers for child welfare from that day."""
    start = datetime.date(2023, 1, 1)
    with pytest.raises(NoRuleError):
        _party(15, start - DAY)
    assert _party(15, start) == Decider.CHILD_AND_GUARDIANS
    assert _party(15, start + DAY) == Decider.CHILD_AND_GUARDIANS


@pytest.mark.django_db
def test_the_proposed_digital_age_of_15_never_applies_before_it_is_adopted():
    """Advokatforeningen's consultation response (October 2025): the ministry proposed 15
    instead of 13. Proposed only: a 14-year-old decides on any date."""
    for on in (datetime.date(2026, 12, 4), datetime.date(2040, 1, 1)):
        answer = rights_for(age=14, domain="digital", action="consent_share", on=on)
        assert answer.decides == Decider.CHILD
        assert answer.rule.id == "digital.consent.13-"
    assert TABLE.changes["popplyl-digital-15"].status == ChangeStatus.PROPOSED
    assert "popplyl-digital-15" not in TABLE.undated_changes()


@pytest.mark.django_db
def test_the_default_date_is_today_and_dates_save_the_query(django_assert_num_queries):
    dates = change_dates()
    with django_assert_num_queries(0):
        rights_for(age=13, domain="child_welfare", action="be_party", dates=dates)
    # An area whose rules name no change needs no query for the dates at all.
    with django_assert_num_queries(0):
        rights_for(age=13, domain="health", action="consent_help")
    with django_assert_num_queries(1):
        rights_for(age=13, domain="child_welfare", action="be_party")


# --- The table refuses overlaps and gaps on any date ------------------------------------------

OVERLAP = """

[[rule]]
id = "health.party.0-15-new"
actions = ["be_party"]
age_from = 0
age_until = 16
decides = "guardians"
asked = []
informed = []
weight = "none"
statutes = [{ law = "pbrl", section = "kapittel 7" }]
last_checked = 2026-12-04
in_force_from = 2030-01-01
verified = false
source_url = "https://www.helsedirektoratet.no/"
evidence = "none"
evidence_urls = []
explanation_nb = "Dette er en ny regel for deg."
explanation_en = "This is a new rule for you."
explanation_nn = "Dette er ein ny regel for deg."
professional_nb = "Dette er en ny regel for barnet."
professional_en = "This is a new rule for the child."
unconfirmed_nb = "Et eksempel."
unconfirmed_en = "An example."
"""


def test_a_new_rule_that_overlaps_an_old_one_on_its_date_is_refused(tmp_path):
    rules = _copy_table(tmp_path)
    with (rules / "health.toml").open("a", encoding="utf-8") as handle:
        handle.write(OVERLAP)
    with pytest.raises(RuleTableError) as raised:
        load_table(rules)
    assert "health/be_party on 2030-01-01: health.party.0-15-new overlaps" in str(raised.value)


def test_the_same_rule_is_accepted_when_the_old_one_ends_that_day(tmp_path):
    rules = _copy_table(tmp_path)
    health = rules / "health.toml"
    text = health.read_text(encoding="utf-8")
    start = text.index('id = "health.party.0-15"')
    line = text.index("in_force_from = ", start)
    end = text.index("\n", line)
    text = text[: end + 1] + "in_force_until = 2030-01-01\n" + text[end + 1 :]
    health.write_text(text + OVERLAP, encoding="utf-8")
    table = load_table(rules)
    assert table.find(*_health_party(14), on=datetime.date(2029, 12, 31)).id == "health.party.0-15"
    assert (
        table.find(*_health_party(14), on=datetime.date(2030, 1, 1)).id == "health.party.0-15-new"
    )


def _health_party(age: int):
    from rights.table import Action, Domain

    return Domain.HEALTH, Action.BE_PARTY, age


def test_a_rule_that_ends_without_a_successor_leaves_a_gap_and_is_refused(tmp_path):
    rules = _copy_table(tmp_path)
    health = rules / "health.toml"
    text = health.read_text(encoding="utf-8")
    start = text.index('id = "health.party.0-15"')
    line = text.index("in_force_from = ", start)
    end = text.index("\n", line)
    health.write_text(text[: end + 1] + "in_force_until = 2030-01-01\n" + text[end + 1 :])
    with pytest.raises(RuleTableError) as raised:
        load_table(rules)
    assert "health/be_party on 2030-01-01: no rule for ages 0–15" in str(raised.value)


def test_a_change_whose_new_rules_leave_a_gap_is_refused_before_any_date_is_set(tmp_path):
    """The new rules of an undated change must fit whenever it enters into force."""
    rules = _copy_table(tmp_path)
    welfare = rules / "child_welfare.toml"
    text = welfare.read_text(encoding="utf-8")
    welfare.write_text(text.replace("age_until = 12\n", "age_until = 11\n", 1), encoding="utf-8")
    with pytest.raises(RuleTableError) as raised:
        load_table(rules)
    assert "with bvl-party-12 in force: no rule for ages 11–11" in str(raised.value)


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        ('evidence = "secondary"', 'evidence = "strong"', "is not a Evidence"),
        ('change = "bvl-party-12"', 'change = "bvl-party-13"', "is not a change in table.toml"),
        ("in_force_from = 2023-01-01", 'in_force_from = "soon"', "in_force_from must be a date"),
    ],
)
def test_bad_dates_and_evidence_are_refused(tmp_path, old, new, problem):
    rules = _copy_table(tmp_path)
    welfare = rules / "child_welfare.toml"
    welfare.write_text(welfare.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    with pytest.raises(RuleTableError) as raised:
        load_table(rules)
    assert problem in str(raised.value)


def test_a_verified_rule_needs_statute_text_or_authoritative_guidance(tmp_path):
    rules = _copy_table(tmp_path)
    education = rules / "education.toml"
    text = education.read_text(encoding="utf-8")
    start = text.index('id = "education.choice.22-"')
    at = text.index('evidence = "guidance"', start)
    education.write_text(text[:at] + 'evidence = "secondary"' + text[at + 21 :])
    with pytest.raises(RuleTableError) as raised:
        load_table(rules)
    assert "a verified rule needs statute text or authoritative guidance" in str(raised.value)


# --- Evidence -----------------------------------------------------------------------------------


@pytest.mark.parametrize("rule", TABLE.rules, ids=[rule.id for rule in TABLE.rules])
def test_every_rule_records_the_strength_of_its_evidence_and_what_was_read(rule):
    assert rule.evidence in Evidence
    assert bool(rule.evidence_urls) == (rule.evidence != Evidence.NONE)
    assert all(url.startswith("https://") for url in rule.evidence_urls)
    if rule.verified:
        assert rule.evidence in (Evidence.STATUTE, Evidence.GUIDANCE)


# --- The page -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_changes_are_listed_with_their_status_in_plain_words(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = client.get("/rights/").content.decode()
    assert "Changes in the law" in body
    assert "Adopted – date not set" in body
    assert "Proposed – not adopted" in body
    with translation.override("en"):
        assert "In force since 1 August 2024" in body
    RuleChangeDate.objects.create(
        change_id="bvl-party-12", in_force_from=datetime.date(2027, 7, 1), source="Lovdata"
    )
    body = client.get("/rights/").content.decode()
    assert "Adopted – in force from 1 July 2027" in body


@pytest.mark.django_db
def test_changes_not_in_force_come_first_and_proposals_last():
    views = law_changes(on=datetime.date(2026, 12, 4))
    keys = [view.change.id for view in views]
    assert keys == [
        "bvl-party-12",
        "barnelova-2025",
        "popplyl-digital-15",
        "oppl-2023-participation",
    ]
    assert views[-1].in_force
