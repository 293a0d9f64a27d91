"""The engine with local practice: the national answer always, the deviation beside it."""

from __future__ import annotations

import pytest

from rights.models import LocalPractice
from rights.selectors import (
    NoRuleError,
    age_limits_table,
    rights_for,
    rule_choices,
    table_deviations,
)
from rights.table import TABLE, Action, Decider, Domain
from tests.factories import municipality


@pytest.fixture
def stafettlogg_at_15(db):
    porsgrunn = municipality("4001")
    LocalPractice.objects.create(
        municipality=porsgrunn,
        rule_id="health.share.16-17",
        practised_age=15,
        note="Ungdom samtykker selv til Stafettloggen fra 15 år.",
        source="Rutine for Stafettloggen, Porsgrunn kommune",
    )
    return porsgrunn


@pytest.mark.parametrize(
    ("age", "decides", "affects"),
    [
        (14, Decider.GUARDIANS_CHILD_HEARD, False),
        (15, Decider.GUARDIANS_CHILD_HEARD, True),
        (16, Decider.CHILD, False),
    ],
)
def test_a_local_practice_is_shown_as_a_deviation_and_never_applied(
    stafettlogg_at_15, age, decides, affects
):
    answer = rights_for(
        age=age,
        domain=Domain.HEALTH,
        action=Action.CONSENT_SHARE,
        municipality=stafettlogg_at_15,
    )
    assert answer.decides == decides
    [deviation] = answer.deviations
    assert (deviation.practised_age, deviation.national_age) == (15, 16)
    assert deviation.affects_this_age is affects
    assert deviation.municipality == stafettlogg_at_15
    assert "Stafettloggen" in deviation.note


def test_another_municipality_sees_no_deviation(stafettlogg_at_15):
    skien = municipality("4003")
    answer = rights_for(
        age=15, domain=Domain.HEALTH, action=Action.CONSENT_SHARE, municipality=skien
    )
    assert answer.deviations == ()
    assert rights_for(age=15, domain=Domain.HEALTH, action=Action.CONSENT_SHARE).deviations == ()


def test_a_practice_shows_only_for_its_own_domain_and_action(stafettlogg_at_15):
    answer = rights_for(
        age=15,
        domain=Domain.HEALTH,
        action=Action.CONSENT_HELP,
        municipality=stafettlogg_at_15,
    )
    assert answer.deviations == ()


def test_the_table_page_gets_the_deviations_by_rule(stafettlogg_at_15):
    deviations = table_deviations(municipality=stafettlogg_at_15)
    assert list(deviations) == ["health.share.16-17"]
    assert table_deviations(municipality=None) == {}


def test_the_answer_carries_rule_version_and_both_explanations(db):
    answer = rights_for(age=16, domain="health", action="consent_help")
    assert answer.rule.id == "health.consent.16-17"
    assert answer.table_version == TABLE.version
    assert answer.explanation_nb.startswith("Fra du er 16 år")
    assert answer.explanation_en.startswith("From age 16")


def test_a_negative_age_is_an_error(db):
    with pytest.raises(ValueError, match="age"):
        rights_for(age=-1, domain=Domain.HEALTH, action=Action.BE_HEARD)


def test_an_action_a_domain_does_not_answer_is_an_error(db):
    with pytest.raises(NoRuleError):
        rights_for(age=14, domain=Domain.DIGITAL, action=Action.BE_PARTY)


def test_the_age_limit_table_lists_every_rule_in_force_once_by_domain(db):
    sections = age_limits_table()
    listed = [rule.id for section in sections for rule in section.rules]
    assert sorted(listed) == sorted(rule.id for rule in TABLE.in_force())
    # The rules of changes not in force are listed with their change, not in the table.
    assert "child_welfare.party.12-17" not in listed
    assert "child_welfare.party.15-17" in listed
    assert [section.domain for section in sections] == list(Domain)
    [health] = age_limits_table(domain="health")
    assert {rule.domain for rule in health.rules} == {Domain.HEALTH}


def test_rule_choices_name_every_rule():
    assert [rule_id for rule_id, _ in rule_choices()] == [rule.id for rule in TABLE.rules]
