"""The rule table itself: every rule has its provenance, and the ages have no gaps or overlaps."""

from __future__ import annotations

import datetime
import re
import shutil
from pathlib import Path

import pytest
from django.utils import timezone, translation

from rights.table import (
    CORE_DOMAINS,
    RULES_DIR,
    TABLE,
    Action,
    RuleTableError,
    Voice,
    coverage_problems,
    dated_coverage_problems,
    load_table,
)
from rights.tests.words import BOKMAL_ONLY, SECOND_PERSON_EN, SECOND_PERSON_NB

RULE_IDS = [rule.id for rule in TABLE.rules]
LOVDATA_LAW = r"https://lovdata\.no/dokument/NL/lov/\d{4}-\d{2}-\d{2}(-\d+)?"


@pytest.mark.parametrize("rule", TABLE.rules, ids=RULE_IDS)
def test_every_rule_has_statute_source_date_and_both_explanations(rule):
    assert rule.statutes
    for statute in rule.statutes:
        assert statute.section.strip()
        assert statute.url.startswith("https://lovdata.no/dokument/NL/lov/")
    assert rule.source_url.startswith("https://")
    assert datetime.date(2026, 1, 1) <= rule.last_checked <= timezone.localdate()
    assert len(rule.explanation_nb) > 20
    assert len(rule.explanation_en) > 20
    assert rule.explanation_nb != rule.explanation_en


@pytest.mark.parametrize("rule", TABLE.rules, ids=RULE_IDS)
def test_every_rule_speaks_to_the_child_and_about_the_child_to_professionals(rule):
    assert SECOND_PERSON_NB.search(rule.explanation_nb), rule.explanation_nb
    assert SECOND_PERSON_EN.search(rule.explanation_en), rule.explanation_en
    assert not SECOND_PERSON_NB.search(rule.professional_nb), rule.professional_nb
    assert not SECOND_PERSON_EN.search(rule.professional_en), rule.professional_en
    assert len(rule.professional_nb) > 20
    assert rule.professional_nb != rule.professional_en


def test_the_voice_is_chosen_by_data_in_the_readers_language():
    rule = TABLE.rule("education.represent.15-17")
    assert rule is not None
    with translation.override("nb"):
        assert rule.explanation_for(Voice.CHILD) == rule.explanation_nb
        assert rule.explanation_for(Voice.PROFESSIONAL).startswith("Fra 15 år bestemmer ungdommen")
    assert "Ungdommen og de foresatte må" in rule.professional_nb
    with translation.override("en"):
        assert rule.explanation_for(Voice.PROFESSIONAL) == rule.professional_en


@pytest.mark.parametrize("rule", TABLE.rules, ids=RULE_IDS)
def test_every_rule_speaks_to_the_child_in_nynorsk_too(rule):
    assert len(rule.explanation_nn) > 20
    assert rule.explanation_nn != rule.explanation_nb
    assert SECOND_PERSON_NB.search(rule.explanation_nn), rule.explanation_nn
    assert not BOKMAL_ONLY.search(rule.explanation_nn), rule.explanation_nn


def test_a_nynorsk_reader_gets_the_childs_voice_in_nynorsk_and_the_professionals_in_bokmal():
    rule = TABLE.rule("health.consent.16-17")
    assert rule is not None
    with translation.override("nn"):
        assert rule.explanation == rule.explanation_nn
        assert rule.explanation.startswith("Frå du er 16 år, bestemmer du sjølv")
        assert rule.explanation_for(Voice.CHILD) == rule.explanation_nn
        assert rule.explanation_for(Voice.PROFESSIONAL) == rule.professional_nb
    with translation.override("nb"):
        assert rule.explanation == rule.explanation_nb
    with translation.override("en"):
        assert rule.explanation == rule.explanation_en


def test_a_rule_without_the_childs_voice_in_nynorsk_is_refused(tmp_path):
    rules = _copy_table(tmp_path)
    nav = rules / "nav.toml"
    text = nav.read_text(encoding="utf-8")
    nav.write_text(text.replace("explanation_nn", "explanation_xx", 1), encoding="utf-8")
    with pytest.raises(RuleTableError) as raised:
        load_table(rules)
    assert (
        "rule nav.minor.0-11: unknown keys ['explanation_xx'], missing keys ['explanation_nn']"
        in (str(raised.value))
    )


def test_a_rule_with_an_empty_nynorsk_text_is_refused(tmp_path):
    rules = _copy_table(tmp_path)
    nav = rules / "nav.toml"
    text = nav.read_text(encoding="utf-8")
    emptied = re.sub(
        r'(?s)explanation_nn = """.*?"""', 'explanation_nn = """\n  \n"""', text, count=1
    )
    assert emptied != text
    nav.write_text(emptied, encoding="utf-8")
    with pytest.raises(RuleTableError) as raised:
        load_table(rules)
    assert str(raised.value).splitlines()[1:] == ["rule nav.minor.0-11: explanation_nn is empty"]


def test_a_rule_without_the_professionals_voice_is_refused(tmp_path):
    rules = _copy_table(tmp_path)
    digital = rules / "digital.toml"
    text = digital.read_text(encoding="utf-8")
    digital.write_text(text.replace("professional_en", "professional_xx", 1), encoding="utf-8")
    with pytest.raises(RuleTableError) as raised:
        load_table(rules)
    assert "missing keys ['professional_en']" in str(raised.value)


@pytest.mark.parametrize("rule", TABLE.rules, ids=RULE_IDS)
def test_an_unverified_rule_says_in_both_languages_what_is_unconfirmed(rule):
    if rule.verified:
        assert rule.unconfirmed_nb == rule.unconfirmed_en == ""
    else:
        assert len(rule.unconfirmed_nb) > 20
        assert len(rule.unconfirmed_en) > 20


def test_rule_ids_name_their_domain_and_are_unique():
    assert len(set(RULE_IDS)) == len(RULE_IDS)
    for rule in TABLE.rules:
        assert rule.id.startswith(f"{rule.domain.value}.")


@pytest.mark.parametrize(
    "dates",
    [
        TABLE.file_dates(),
        # and with every adopted change in force, as when an administrator has dated them
        {**TABLE.file_dates(), **dict.fromkeys(TABLE.undated_changes(), datetime.date(2027, 1, 1))},
    ],
)
def test_the_table_has_no_gaps_or_overlaps_in_age_per_domain_and_action(dates):
    assert dated_coverage_problems(TABLE.rules) == []
    for on in (datetime.date(2026, 12, 4), datetime.date(2027, 1, 1)):
        in_force = TABLE.in_force(on, dates)
        assert coverage_problems(in_force) == []
        for domain in TABLE.domains():
            for action in TABLE.actions_of(domain):
                for age in range(41):
                    matching = [
                        rule.id
                        for rule in TABLE.for_pair(domain, action)
                        if rule.applies_at(age) and rule in in_force
                    ]
                    assert len(matching) == 1, (domain, action, age, matching)


def test_every_core_domain_answers_every_action():
    for domain in CORE_DOMAINS:
        assert TABLE.actions_of(domain) == list(Action), domain


def test_the_version_is_a_review_date_and_a_number():
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}\.\d+", TABLE.version)
    reviewed = datetime.date.fromisoformat(TABLE.version.split(".")[0])
    assert max(rule.last_checked for rule in TABLE.rules) <= reviewed


def test_every_law_links_to_its_lovdata_page():
    for law in TABLE.laws.values():
        assert re.fullmatch(LOVDATA_LAW, law.url)
        assert law.short_name
        assert law.name_nb
        assert law.name_en


def test_the_key_statutes_of_the_issue_are_in_the_table():
    citations = {statute.citation for rule in TABLE.rules for statute in rule.statutes}
    for wanted in (
        "barneloven § 31",
        "barneloven § 32",
        "barneloven § 33",
        "vergemålsloven § 2",
        "pasient- og brukerrettighetsloven § 4-4",
        "pasient- og brukerrettighetsloven § 3-4 andre ledd",
        "pasient- og brukerrettighetsloven § 5-1",
        "barnevernsloven § 1-4",
        "barnevernsloven § 12-3",
        "barnevernsloven § 13-2",
        "helsepersonelloven § 33",
        "personopplysningsloven § 5",
    ):
        assert wanted in citations, wanted


def _copy_table(tmp_path: Path) -> Path:
    target = tmp_path / "rules"
    shutil.copytree(RULES_DIR, target)
    return target


def test_a_copy_of_the_real_table_loads_the_same(tmp_path):
    assert load_table(_copy_table(tmp_path)) == TABLE


def test_a_broken_table_is_refused_with_every_problem_listed(tmp_path):
    rules = _copy_table(tmp_path)
    digital = rules / "digital.toml"
    text = digital.read_text(encoding="utf-8")
    # An unknown law here, and a misspelt key in another file.
    text = text.replace('law = "popplyl"', 'law = "nope"', 1)
    digital.write_text(text, encoding="utf-8")
    (rules / "nav.toml").write_text(
        (rules / "nav.toml").read_text(encoding="utf-8").replace("unconfirmed_nb", "oops_nb", 1),
        encoding="utf-8",
    )
    with pytest.raises(RuleTableError) as raised:
        load_table(rules)
    message = str(raised.value)
    assert "needs a known law" in message
    assert "unknown keys ['oops_nb']" in message


def test_a_gap_and_an_overlap_are_both_reported(tmp_path):
    rules = _copy_table(tmp_path)
    health = rules / "health.toml"
    text = health.read_text(encoding="utf-8")
    text = text.replace("age_until = 7\n", "age_until = 6\n", 1)  # gap at 6
    text = text.replace("age_from = 16\nage_until = 18", "age_from = 15\nage_until = 18", 1)
    health.write_text(text, encoding="utf-8")
    with pytest.raises(RuleTableError) as raised:
        load_table(rules)
    message = str(raised.value)
    assert "no rule for ages 6–6" in message
    assert "health.consent.16-17 overlaps an earlier rule" in message


def test_a_file_must_be_named_after_its_domain(tmp_path):
    rules = _copy_table(tmp_path)
    (rules / "digital.toml").rename(rules / "online.toml")
    with pytest.raises(RuleTableError, match="must be named so"):
        load_table(rules)
