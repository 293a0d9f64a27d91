from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from audit.models import AccessEvent, Action
from conftest import verified_client
from consents.models import SharingDecision, SharingOutcome
from consents.services import sharing_record
from consents.sharing import sharing_assess
from tests.factories import UnitFactory
from units.models import Sector

pytestmark = pytest.mark.django_db


def _assess(world, sender, recipient, situation, kinds=("plan",)):
    return sharing_assess(
        child=world.child,
        sender_unit=sender,
        recipient_unit=recipient,
        situation=situation,
        information_kinds=kinds,
    )


def test_a_consent_covering_both_units_and_the_kind_allows_sharing(world):
    answer = _assess(world, world.health, world.school, "collaboration")
    assert answer.outcome == SharingOutcome.CONSENT
    assert answer.consent == world.consent


def test_a_kind_the_consent_does_not_cover_may_not_be_shared(world):
    answer = _assess(world, world.health, world.school, "collaboration", kinds=("health",))
    assert answer.outcome == SharingOutcome.NOT_ALLOWED


def test_a_unit_outside_the_consent_may_not_be_told(world):
    assert _assess(world, world.health, world.ppt, "collaboration").outcome == "not_allowed"


def test_the_duty_to_report_goes_to_child_welfare_only(world):
    welfare = UnitFactory(
        municipality=world.school.municipality, name="Barnevernet", sector=Sector.CHILD_WELFARE
    )
    to_welfare = _assess(world, world.health, welfare, "report_child_welfare")
    assert to_welfare.outcome == SharingOutcome.DUTY
    assert "helsepersonelloven § 33" in to_welfare.legal_basis
    assert _assess(world, world.school, welfare, "report_child_welfare").legal_basis == (
        "barnevernsloven § 13-2"
    )
    assert _assess(world, world.health, world.ppt, "report_child_welfare").outcome == (
        SharingOutcome.NOT_ALLOWED
    )


def test_recording_a_share_writes_the_decision_and_an_export_event(world):
    decision = sharing_record(
        actor=world.member,
        child=world.child,
        team=world.team,
        sender_unit=world.health,
        recipient_unit=world.school,
        situation="collaboration",
        information_kinds=["plan"],
        note="Tiltaksplanen",
    )
    event = AccessEvent.objects.get(object_type="sharing", object_id=str(decision.pk))
    assert event.action == Action.EXPORT
    assert event.legal_basis == decision.legal_basis
    with pytest.raises(ValidationError):
        sharing_record(
            actor=world.member,
            child=world.child,
            team=world.team,
            sender_unit=world.health,
            recipient_unit=world.ppt,
            situation="other",
            information_kinds=["plan"],
            note="",
        )
    assert SharingDecision.objects.count() == 1


def test_the_page_answers_and_records(world):
    client = verified_client(world.member)
    url = reverse("teams:share", args=[world.team.pk])
    data = {
        "recipient_unit": world.school.pk,
        "situation": "collaboration",
        "information_kinds": ["plan"],
    }
    response = client.post(url, {**data, "action": "assess"})
    assert response.status_code == 200
    assert response.context["assessment"].outcome == SharingOutcome.CONSENT
    assert client.post(url, {**data, "action": "record", "note": "x"}).status_code == 302
    assert SharingDecision.objects.get().sender == world.member
    bad = client.post(url, {"action": "assess", "situation": "nonsense"})
    assert bad.status_code == 400
    assert {"recipient_unit", "situation", "information_kinds"} <= set(bad.context["form"].errors)


def test_the_basis_is_named_in_words_not_by_its_id(world):
    welfare = UnitFactory(
        municipality=world.school.municipality, name="Barnevernet", sector=Sector.CHILD_WELFARE
    )
    with translation.override("en"):
        given = f"{world.consent.valid_from.day} {world.consent.valid_from:%b %Y}"
        consent = _assess(world, world.health, world.school, "collaboration")
        assert consent.basis_text == f"consent from Sara and Mona Testesen {given}"
        duty = _assess(world, world.health, welfare, "report_child_welfare")
        assert duty.basis_text == (
            "duty to report to child welfare (helsepersonelloven § 33; barnevernsloven § 13-2)"
        )
        refused = _assess(world, world.health, world.ppt, "collaboration")
        assert refused.basis_text == (
            "health personnel's duty of confidentiality (helsepersonelloven § 21)"
        )
    assert str(world.consent.pk) in consent.legal_basis  # the record keeps which consent


def test_the_page_shows_no_id_before_or_after_sharing(world):
    client = verified_client(world.member)
    url = reverse("teams:share", args=[world.team.pk])
    data = {
        "recipient_unit": world.school.pk,
        "situation": "collaboration",
        "information_kinds": ["plan"],
    }
    page = client.post(url, {**data, "action": "assess"}, HTTP_ACCEPT_LANGUAGE="en")
    assert "Basis: consent from Sara and Mona Testesen" in page.content.decode()
    client.post(url, {**data, "action": "record", "note": "Planen"})
    for answer in (page, client.get(url)):
        assert str(world.consent.pk) not in answer.content.decode()
