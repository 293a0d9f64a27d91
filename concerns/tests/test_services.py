from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from children.identity import identity_number_q
from children.models import Child
from children.services import ChildData, GuardianData, PossibleDuplicateError, child_register
from concerns.models import Level
from concerns.services import (
    StaleConcernError,
    concern_raise,
    concern_raise_for_child,
    concern_update,
    welfare_report_send,
)
from teams.models import Task
from tests.world import FICTIONAL_FNR

pytestmark = pytest.mark.django_db


def test_a_known_identity_number_links_to_the_same_child(world):
    again = child_register(
        actor=world.colleague,
        unit=world.school,
        given_name="Sara",
        family_name="Testesen",
        birth_date=datetime.date(2012, 1, 1),
        identity_number=FICTIONAL_FNR,
    )
    assert again.pk == world.child.pk
    assert Child.objects.filter(identity_number_q(FICTIONAL_FNR)).count() == 1


def test_the_same_name_and_birth_date_in_the_same_unit_asks_first(world):
    with pytest.raises(PossibleDuplicateError):
        child_register(
            actor=world.colleague,
            unit=world.school,
            given_name="jonas",
            family_name="PRØVESEN",
            birth_date=datetime.date(2011, 5, 5),
        )
    other = child_register(
        actor=world.colleague,
        unit=world.school,
        given_name="Jonas",
        family_name="Prøvesen",
        birth_date=datetime.date(2011, 5, 5),
        not_a_duplicate=True,
    )
    assert other.pk != world.small_concern.child_id


def test_another_unit_is_not_told_that_a_child_with_that_name_exists(world):
    child = child_register(
        actor=world.outsider,
        unit=world.primary,
        given_name="Jonas",
        family_name="Prøvesen",
        birth_date=datetime.date(2011, 5, 5),
    )
    assert child.pk != world.small_concern.child_id


def test_a_concern_starts_at_level_0_or_1_in_the_raisers_own_unit(world):
    with pytest.raises(ValidationError) as error:
        concern_raise(
            actor=world.colleague,
            unit=world.school,
            child=world.child,
            observed="x",
            level=Level.COLLABORATION,
        )
    assert "level" in error.value.message_dict
    with pytest.raises(PermissionDenied):
        concern_raise(actor=world.outsider, unit=world.school, child=world.child, observed="x")


def test_the_responsible_person_must_work_in_the_unit(world):
    with pytest.raises(ValidationError) as error:
        concern_update(
            actor=world.coordinator,
            concern=world.small_concern,
            version=world.small_concern.version,
            observed="x",
            child_view="",
            guardians_view="",
            level=Level.OWN_UNIT,
            responsible=world.member,
        )
    assert "responsible" in error.value.message_dict


def test_a_stale_concern_edit_is_refused(world):
    concern = world.small_concern
    kwargs = {"observed": "Ny", "child_view": "", "guardians_view": "", "level": 1}
    concern_update(
        actor=world.coordinator,
        concern=concern,
        version=concern.version,
        responsible=world.colleague,
        **kwargs,
    )
    with pytest.raises(StaleConcernError):
        concern_update(
            actor=world.colleague,
            concern=concern,
            version=concern.version,
            responsible=world.colleague,
            **kwargs,
        )


def test_a_report_to_child_welfare_needs_no_team_or_consent_and_tracks_the_deadlines(world):
    report = welfare_report_send(
        actor=world.colleague,
        unit=world.school,
        child=world.small_concern.child,
        concern=world.small_concern,
        grounds="Jonas forteller om vold hjemme.",
        urgent=True,
        guardians_informed=False,
    )
    assert report.legal_basis == "barnevernsloven § 13-2"
    days = sorted(
        (task.due_on - timezone.localdate(report.sent_at)).days
        for task in Task.objects.filter(welfare_report=report)
    )
    assert days == [7, 21, 92]


def test_health_personnel_report_on_their_own_duty_too(world):
    report = welfare_report_send(
        actor=world.member,
        unit=world.health,
        child=world.child,
        grounds="Blåmerker.",
        urgent=False,
        guardians_informed=False,
    )
    assert "helsepersonelloven § 33" in report.legal_basis


def test_the_report_pdf_holds_the_grounds_and_the_legal_basis(world):
    import io

    from django.urls import reverse
    from pypdf import PdfReader

    from conftest import verified_client

    report = welfare_report_send(
        actor=world.colleague,
        unit=world.school,
        child=world.small_concern.child,
        concern=world.small_concern,
        grounds="Jonas har fortalt om vold hjemme.",
        urgent=True,
        guardians_informed=False,
    )
    response = verified_client(world.colleague).get(
        reverse("concerns:report_pdf", args=[report.pk])
    )
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "Jonas har fortalt om vold hjemme." in text
    assert "barnevernsloven § 13-2" in text
    assert (
        verified_client(world.outsider)
        .get(reverse("concerns:report_pdf", args=[report.pk]))
        .status_code
        == 404
    )


def test_registering_a_child_and_raising_a_concern_is_one_transaction(world):
    """A concern that cannot be raised leaves no child record (nor guardian) behind."""
    child = ChildData(
        given_name="Ine",
        family_name="Eksempelsen",
        birth_date=datetime.date(2013, 4, 4),
        guardians=[GuardianData("Per Eksempelsen", "far", True)],
    )
    children_before = Child.objects.count()
    with pytest.raises(ValidationError) as refused:
        concern_raise_for_child(
            actor=world.coordinator,
            unit=world.school,
            child=child,
            not_a_duplicate=False,
            observed="   ",
        )
    assert "observed" in refused.value.message_dict
    assert Child.objects.count() == children_before
    concern = concern_raise_for_child(
        actor=world.coordinator,
        unit=world.school,
        child=child,
        not_a_duplicate=False,
        observed="Gråter ofte i friminuttene.",
    )
    assert concern.child.given_name == "Ine"
    assert list(concern.child.guardians.values_list("name", flat=True)) == ["Per Eksempelsen"]
    assert Child.objects.count() == children_before + 1
