"""Apprenticeship or training in a company (læreplass / opplæring i bedrift): a measure kind that
the county's fagopplæring or a training office answers for, and whose unit a consent covers."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from conftest import verified_client
from plans.models import Measure, MeasureKind
from plans.services import measure_add, measure_update
from teams.services import member_invite, member_respond
from tests.factories import UnitFactory, UserFactory, member
from tests.world import World, _consent
from units.models import OrganisationKind, Sector, Unit

pytestmark = pytest.mark.django_db


def _training_office(world: World, *, consented: bool = True) -> tuple[Unit, object]:
    """The county's fagopplæring, with a member on the team."""
    training = UnitFactory(
        municipality=world.school.municipality,
        organisation=world.county,
        name="Fagopplæringen",
        sector=Sector.APPRENTICESHIP,
    )
    adviser = UserFactory(username="adviser")
    member(adviser, training)
    consent = _consent(world.coordinator, world.child, [training], team=world.team)
    invitation = member_invite(
        actor=world.coordinator, team=world.team, user=adviser, unit=training
    )
    member_respond(actor=adviser, member=invitation, accept=True)
    if not consented:
        consent.withdrawn_at = timezone.now()
        consent.save(update_fields=["withdrawn_at"])
    return training, adviser


def _add(world: World, unit: Unit, person, kind: str = MeasureKind.APPRENTICESHIP) -> Measure:
    today = timezone.localdate()
    return measure_add(
        actor=world.coordinator,
        plan=world.plan,
        kind=kind,
        title="Opplæring i bedrift",
        description="Lærekandidat med tilpassede mål.",
        responsible_unit=unit,
        responsible_person=person,
        starts_on=today,
        ends_on=today + datetime.timedelta(days=300),
        evaluate_on=today + datetime.timedelta(days=60),
    )


def test_fagopplaering_answers_for_an_apprenticeship(world):
    training, adviser = _training_office(world)
    measure = _add(world, training, adviser)
    assert measure.kind == MeasureKind.APPRENTICESHIP
    assert measure.responsible_unit == training


def test_a_training_office_with_an_agreement_answers_for_one_too(world):
    office = world.county.__class__.objects.create(
        kind=OrganisationKind.AGREEMENT_BODY, name="Prøve opplæringskontor"
    )
    office.serves.add(world.school.municipality)
    unit = UnitFactory(
        municipality=world.school.municipality,
        organisation=office,
        name="Prøve opplæringskontor",
        sector=Sector.APPRENTICESHIP,
    )
    person = UserFactory(username="office")
    member(person, unit)
    _consent(world.coordinator, world.child, [unit], team=world.team)
    member_respond(
        actor=person,
        member=member_invite(actor=world.coordinator, team=world.team, user=person, unit=unit),
        accept=True,
    )
    assert _add(world, unit, person).responsible_unit == unit


def test_another_unit_cannot_answer_for_an_apprenticeship_and_nothing_is_written(world):
    before = Measure.objects.count()
    with pytest.raises(ValidationError) as error:
        _add(world, world.health, world.member)
    assert "responsible_unit" in error.value.message_dict
    assert Measure.objects.count() == before
    # The same unit may answer for an ordinary measure.
    assert _add(world, world.health, world.member, MeasureKind.GENERAL).kind == "general"


def test_changing_a_measure_to_an_apprenticeship_checks_the_unit(world):
    measure = world.measure
    with pytest.raises(ValidationError) as error:
        measure_update(
            actor=world.coordinator,
            measure=measure,
            version=measure.version,
            title=measure.title,
            description=measure.description,
            responsible_unit=measure.responsible_unit,
            responsible_person=measure.responsible_person,
            starts_on=measure.starts_on,
            ends_on=measure.ends_on,
            evaluate_on=measure.evaluate_on,
            status=measure.status,
            kind=MeasureKind.APPRENTICESHIP,
        )
    assert "responsible_unit" in error.value.message_dict
    measure.refresh_from_db()
    assert measure.kind == MeasureKind.GENERAL


def test_a_unit_no_consent_covers_cannot_answer_for_a_measure(world):
    training, adviser = _training_office(world, consented=False)
    before = Measure.objects.count()
    with pytest.raises(ValidationError) as error:
        _add(world, training, adviser)
    assert "responsible_unit" in error.value.message_dict
    assert Measure.objects.count() == before


def test_an_unknown_kind_is_a_field_error(world):
    with pytest.raises(ValidationError) as error:
        _add(world, world.health, world.member, "lottery")
    assert "kind" in error.value.message_dict


def test_the_form_offers_the_kind_and_the_plan_shows_it(world):
    training, adviser = _training_office(world)
    _add(world, training, adviser)
    client = verified_client(world.coordinator)
    with translation.override("en"):
        form = client.get(reverse("plans:measure_new", args=[world.team.pk]))
        plan = client.get(reverse("plans:plan", args=[world.team.pk]))
    assert 'name="kind"' in form.content.decode()
    assert 'value="apprenticeship"' in form.content.decode()
    with translation.override("nb"):  # the page speaks bokmål, whatever the test's language
        label = str(MeasureKind.APPRENTICESHIP.label)
    assert label in plan.content.decode()
