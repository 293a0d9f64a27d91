"""Who sees which child in the portal, and what a guardian sees at each age (the rights engine's
health and family-law rules)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from audit.models import AccessEvent
from children.identity import IDENTITY_NUMBER_FIELDS
from children.models import Child, Guardian
from portal.access import Viewer, portal_access_for
from portal.models import HealthInformationChoice
from portal.rules import HealthMode
from portal.services import portal_health_choice_set
from portal.tests.helpers import born_years_ago, portal_log_in
from tests.world import build_world

pytestmark = pytest.mark.django_db

MONA = "02448510185"


@pytest.fixture
def world():
    world = build_world()
    for guardian in Guardian.objects.filter(child=world.child):
        guardian.identity_number = MONA
        guardian.save(update_fields=IDENTITY_NUMBER_FIELDS)
    return world


def _age(world, years: int) -> None:
    Child.objects.filter(pk=world.child.pk).update(birth_date=born_years_ago(years))


def _withhold(world) -> None:
    access = portal_access_for(pid=world.child.identity_number, child_id=world.child.pk)
    portal_health_choice_set(access=access, choice="withhold")


def test_the_young_person_sees_their_own_child_and_nobody_else(client, world):
    portal_log_in(client, world.child.identity_number)
    assert client.get(f"/portal/{world.child.pk}/").status_code == 200
    other = world.small_concern.child
    assert client.get(f"/portal/{other.pk}/").status_code == 404
    assert client.get(f"/portal/{other.pk}/data/laget.json").status_code == 404


def test_a_guardian_of_another_child_gets_404(client, world):
    other = world.small_concern.child
    Guardian.objects.create(
        municipality=other.municipality,
        child=other,
        name="Per Prøvesen",
        relation="far",
        has_parental_responsibility=True,
        identity_number="02448510266",
    )
    portal_log_in(client, "02448510266")
    assert client.get(f"/portal/{other.pk}/").status_code == 200
    assert client.get(f"/portal/{world.child.pk}/").status_code == 404
    assert client.get(f"/portal/{world.child.pk}/plan/").status_code == 404


def test_a_guardian_without_parental_responsibility_gets_404(client, world):
    Guardian.objects.filter(child=world.child).update(has_parental_responsibility=False)
    portal_log_in(client, MONA)
    assert client.get(f"/portal/{world.child.pk}/").status_code == 404


def test_staff_log_in_is_not_a_portal_log_in(client, world):
    client.force_login(world.coordinator)
    assert client.get(f"/portal/{world.child.pk}/")["Location"] == "/portal/"


def test_every_read_writes_one_access_event(client, world):
    portal_log_in(client, MONA)
    before = AccessEvent.objects.filter(child_id=world.child.pk).count()
    client.get(f"/portal/{world.child.pk}/plan/")
    events = AccessEvent.objects.filter(child_id=world.child.pk).order_by("-id")
    assert events.count() == before + 1
    event = events.first()
    assert event.actor is None
    assert event.purpose == "a guardian reads the child's plan"
    assert "barneloven § 30" in event.legal_basis


def _guardian_plan(client, world) -> str:
    portal_log_in(client, MONA)
    answer = client.get(f"/portal/{world.child.pk}/plan/", HTTP_ACCEPT_LANGUAGE="en")
    assert answer.status_code == 200
    return answer.content.decode()


def test_at_11_guardians_see_health_measures_and_the_child_cannot_choose(client, world):
    _age(world, 11)
    access = portal_access_for(pid=world.child.identity_number, child_id=world.child.pk)
    assert access.health.mode == HealthMode.SHOWN
    assert not access.health.young_person_may_choose
    assert "Samtaler med helsesykepleier" in _guardian_plan(client, world)


@pytest.mark.parametrize("years", [12, 15])
def test_from_12_to_15_health_is_withheld_when_the_child_asks(client, world, years):
    _age(world, years)
    assert "Samtaler med helsesykepleier" in _guardian_plan(client, world)
    _withhold(world)
    page = _guardian_plan(client, world)
    assert "Samtaler med helsesykepleier" not in page
    assert "Helsestasjonen Porsgrunn" not in page
    assert "pasient- og brukerrettighetsloven § 3-4 andre ledd" in page
    assert "has asked for that" in page


def test_from_12_to_15_the_health_consent_is_hidden_too(client, world):
    _age(world, 13)
    world.consent.information_kinds = ["health", "plan"]
    world.consent.save(update_fields=["information_kinds"])
    _withhold(world)
    portal_log_in(client, MONA)
    page = client.get(f"/portal/{world.child.pk}/consents/", HTTP_ACCEPT_LANGUAGE="en")
    assert str(world.consent.pk) not in page.content.decode()
    assert "1 consent is not shown here" in page.content.decode()


def test_at_16_health_is_hidden_unless_the_young_person_shares(client, world):
    _age(world, 16)
    page = _guardian_plan(client, world)
    assert "Samtaler med helsesykepleier" not in page
    assert "pasient- og brukerrettighetsloven § 3-4 fjerde ledd" in page
    access = portal_access_for(pid=world.child.identity_number, child_id=world.child.pk)
    portal_health_choice_set(access=access, choice="share")
    assert "Samtaler med helsesykepleier" in _guardian_plan(client, world)


def test_a_choice_made_at_15_does_not_carry_over_to_16(client, world):
    _age(world, 15)
    access = portal_access_for(pid=world.child.identity_number, child_id=world.child.pk)
    portal_health_choice_set(access=access, choice="share")
    assert HealthInformationChoice.objects.get().rule_id == "health.informed.12-15"
    _age(world, 16)
    assert "Samtaler med helsesykepleier" not in _guardian_plan(client, world)


def test_from_18_guardians_see_nothing(client, world):
    _age(world, 18)
    assert portal_access_for(pid=MONA, child_id=world.child.pk) is None
    portal_log_in(client, MONA)
    assert client.get(f"/portal/{world.child.pk}/").status_code == 404
    start = client.get("/portal/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "is 18 or older" in start
    # The young person still sees everything.
    access = portal_access_for(pid=world.child.identity_number, child_id=world.child.pk)
    assert access.viewer == Viewer.YOUNG_PERSON
    assert not access.hides_health


def test_the_young_person_always_sees_their_own_health_information(client, world):
    _age(world, 13)
    _withhold(world)
    portal_log_in(client, world.child.identity_number)
    page = client.get(f"/portal/{world.child.pk}/plan/").content.decode()
    assert "Samtaler med helsesykepleier" in page


def test_a_guardian_cannot_make_the_health_choice(client, world):
    _age(world, 13)
    portal_log_in(client, MONA)
    answer = client.post(f"/portal/{world.child.pk}/health/", {"choice": "share"})
    assert answer.status_code == 404
    assert not HealthInformationChoice.objects.exists()


def test_the_guardian_access_log_leaves_out_the_health_service(client, world):
    _age(world, 13)
    _withhold(world)
    portal_log_in(client, MONA)
    page = client.get(f"/portal/{world.child.pk}/seen/").content.decode()
    assert world.member.display_name() not in page
    assert world.coordinator.display_name() in page
    assert timezone.now()


def test_staff_can_record_the_young_persons_wish(client, world):
    from portal.services import health_choice_record

    _age(world, 14)
    world.child.refresh_from_db()
    health_choice_record(actor=world.member, child=world.child, choice="withhold")
    event = AccessEvent.objects.filter(object_type="health_information_choice").get()
    assert event.actor == world.member
    assert "Samtaler med helsesykepleier" not in _guardian_plan(client, world)
