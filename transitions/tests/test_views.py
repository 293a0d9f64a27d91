"""The transition pages: starting one from the team, both sides' view, the incoming list."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from children.services import GuardianData, child_register
from concerns.models import Level
from concerns.services import concern_raise
from conftest import verified_client
from consents.models import Consent
from consents.services import consent_withdraw
from teams.models import MemberStatus, TeamMember
from teams.services import team_open
from tests.factories import UnitFactory
from tests.world import _consent
from transitions.models import Transition, TransitionKind, TransitionStatus
from transitions.services import transition_start
from units.models import Sector


def _form(world, **overrides):
    return {
        "kind": TransitionKind.LOWER_UPPER_SECONDARY,
        "to_unit": str(world.upper_secondary.pk),
        "starts_on": (timezone.localdate() + datetime.timedelta(days=100)).isoformat(),
        "note": "Trenger en fast kontaktlærer.",
        "young_person_words": "Jeg vil sitte ved vinduet.",
        **overrides,
    }


@pytest.mark.django_db
def test_the_coordinator_starts_a_transition_from_the_team(world):
    client = verified_client(world.coordinator)
    team_page = client.get(reverse("teams:detail", args=[world.team.pk]))
    assert reverse("transitions:team", args=[world.team.pk]).encode() in team_page.content
    response = client.post(reverse("transitions:new", args=[world.team.pk]), _form(world))
    transition = Transition.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("transitions:detail", args=[transition.pk])
    assert transition.from_unit == world.school


@pytest.mark.django_db
@pytest.mark.parametrize(
    "bad",
    [
        {"to_unit": "school"},
        {"to_unit": "primary"},
        {"to_unit": "elsewhere"},
        {"note": ""},
    ],
)
def test_bad_input_on_the_form_is_a_field_error_and_nothing_changes(world, bad):
    data = _form(world)
    if bad.get("to_unit") == "elsewhere":
        data["to_unit"] = str(world.skien_health.pk)  # Skien's own: does not serve Porsgrunn
    elif "to_unit" in bad:
        data["to_unit"] = str(getattr(world, bad["to_unit"]).pk)
    else:
        data.update(bad)
    client = verified_client(world.coordinator)
    with override("en"):
        response = client.post(reverse("transitions:new", args=[world.team.pk]), data)
    assert response.status_code == 400
    field = "to_unit" if "to_unit" in bad else "note"
    assert field in response.context["form"].errors
    assert not Transition.objects.exists()


@pytest.mark.django_db
def test_the_county_teacher_sees_it_accepts_and_then_sees_the_plan(world):
    transition = transition_start(
        actor=world.coordinator,
        team=world.team,
        from_unit=world.school,
        kind=TransitionKind.LOWER_UPPER_SECONDARY,
        to_unit=world.upper_secondary,
        starts_on=timezone.localdate() + datetime.timedelta(days=100),
        note="Trenger en fast kontaktlærer.",
        young_person_words="Jeg vil sitte ved vinduet.",
    )
    client = verified_client(world.county_staff)
    assert client.get(reverse("plans:plan", args=[world.team.pk])).status_code == 404
    # Mitt arbeid links to the receiving unit's list, saying how many wait; the sender's
    # Mitt arbeid has no such link (nothing waits for the school).
    incoming_url = reverse("transitions:incoming", args=[world.upper_secondary.pk])
    with override("nb"):
        work = client.get(reverse("teams:work")).content.decode()
        sender_work = verified_client(world.coordinator).get(reverse("teams:work"))
    assert incoming_url in work
    assert "1 overgang til Porsgrunn videregående skole venter på svar" in work
    assert b"/transitions/units/" not in sender_work.content
    incoming = client.get(incoming_url)
    assert reverse("transitions:detail", args=[transition.pk]).encode() in incoming.content
    assert b"Sara" not in incoming.content
    page = client.get(reverse("transitions:detail", args=[transition.pk]))
    assert b"Jeg vil sitte ved vinduet." in page.content
    response = client.post(
        reverse("transitions:detail", args=[transition.pk]), {"action": "accept", "note": ""}
    )
    assert response.status_code == 302
    assert TeamMember.objects.get(team=world.team, user=world.county_staff).status == (
        MemberStatus.ACTIVE
    )
    assert client.get(reverse("plans:plan", args=[world.team.pk])).status_code == 200
    assert client.get(reverse("transitions:detail", args=[transition.pk])).status_code == 200


@pytest.mark.django_db
def test_a_team_member_cannot_answer_for_the_receiving_unit(world):
    transition = transition_start(
        actor=world.coordinator,
        team=world.team,
        from_unit=world.school,
        kind=TransitionKind.SCHOOL_OT,
        to_unit=world.upper_secondary,
        starts_on=timezone.localdate() + datetime.timedelta(days=10),
        note="Slutter på skolen.",
    )
    client = verified_client(world.member)
    response = client.post(
        reverse("transitions:detail", args=[transition.pk]), {"action": "accept"}
    )
    assert response.status_code == 403
    transition.refresh_from_db()
    assert transition.status == TransitionStatus.OPEN


def _another_team(world, number: int):
    child = child_register(
        actor=world.coordinator,
        unit=world.school,
        given_name=f"Elev{number}",
        family_name="Overgangsen",
        birth_date=datetime.date(2010, 3, 3),
        guardians=[GuardianData("Eva Overgangsen", "mor", True, "+47 41 00 00 02")],
    )
    concern = concern_raise(
        actor=world.coordinator,
        unit=world.school,
        child=child,
        observed="Til overgangen.",
        level=Level.OWN_UNIT,
    )
    consent = _consent(world.coordinator, child, [world.school, world.upper_secondary])
    return team_open(
        actor=world.coordinator, concern=concern, consent=consent, level=Level.COLLABORATION
    )


@pytest.mark.django_db
def test_the_lists_have_constant_query_counts(world):
    def counts() -> tuple[int, int]:
        client = verified_client(world.coordinator)
        with CaptureQueriesContext(connection) as listing:
            assert client.get(reverse("transitions:team", args=[world.team.pk])).status_code == 200
        receiver = verified_client(world.county_staff)
        with CaptureQueriesContext(connection) as incoming:
            url = reverse("transitions:incoming", args=[world.upper_secondary.pk])
            assert receiver.get(url).status_code == 200
        return len(listing), len(incoming)

    def start(team, unit) -> None:
        transition_start(
            actor=world.coordinator,
            team=team,
            from_unit=world.school,
            kind=TransitionKind.LOWER_UPPER_SECONDARY,
            to_unit=unit,
            starts_on=timezone.localdate() + datetime.timedelta(days=100),
            note="Notat.",
        )

    start(world.team, world.upper_secondary)
    one = counts()
    for number in range(6):
        start(_another_team(world, number), world.upper_secondary)
        unit = UnitFactory(
            municipality=world.upper_secondary.municipality,
            organisation=world.county,
            name=f"Skole {number}",
            sector=Sector.UPPER_SECONDARY,
        )
        world.consent.units.add(unit)
        start(world.team, unit)
    assert counts() == one


@pytest.mark.django_db
def test_the_receiving_staff_lose_the_transition_when_no_consent_covers_their_unit(world):
    transition = transition_start(
        actor=world.coordinator,
        team=world.team,
        from_unit=world.school,
        kind=TransitionKind.LOWER_UPPER_SECONDARY,
        to_unit=world.upper_secondary,
        starts_on=timezone.localdate() + datetime.timedelta(days=100),
        note="Notat.",
    )
    client = verified_client(world.county_staff)
    url = reverse("transitions:detail", args=[transition.pk])
    assert client.get(url).status_code == 200
    for consent in Consent.objects.filter(units=world.upper_secondary, withdrawn_at__isnull=True):
        consent_withdraw(actor=world.coordinator, consent=consent, withdrawn_by="Sara")
    assert client.get(url).status_code == 404
    incoming = client.get(reverse("transitions:incoming", args=[world.upper_secondary.pk]))
    assert url.encode() not in incoming.content
    response = client.post(url, {"action": "accept"})
    assert response.status_code == 404
    transition.refresh_from_db()
    assert transition.status == TransitionStatus.OPEN
