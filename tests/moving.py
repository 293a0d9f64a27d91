"""A move from Porsgrunn to Skien on the world's team (tests/world.py): a consent that names
Skien and keeps the health station for a transition period, and a hand-over to the health
station in Skien. Shared by the move's tests and both access matrices."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from consents.models import Consent, GivenBy, InformationKind, Method
from consents.services import consent_record
from people.models import User
from teams.models import Handover, Transition
from teams.services import handover_propose
from tests.factories import UserFactory, member, municipality
from tests.world import World

# The health station of Porsgrunn stays on the team this long after the move.
KEPT_DAYS = 30


@dataclass
class Move:
    consent: Consent
    handover: Handover
    receiver: User  # works at the health station in Skien: becomes the coordinator
    skien_staff: User  # also works there, not on the team


def moving_consent(world: World, *, kept_days: int | None = KEPT_DAYS) -> Consent:
    today = timezone.localdate()
    return consent_record(
        actor=world.coordinator,
        child=world.child,
        units=[world.health, world.skien_health],
        information_kinds=[InformationKind.PLAN, InformationKind.LOG],
        purpose="Flytting til Skien",
        text="Vi samtykker til at saken flyttes til Skien, og at helsestasjonen i Porsgrunn "
        "er med i laget en overgangsperiode.",
        method=Method.PAPER,
        given_by=GivenBy.YOUNG_PERSON_AND_GUARDIANS,
        guardians=list(world.child.guardians.filter(has_parental_responsibility=True)),
        valid_from=today,
        moving_to=municipality("4003"),
        kept_until=today + datetime.timedelta(days=kept_days) if kept_days is not None else None,
    )


def move_propose(world: World, *, kept_days: int | None = KEPT_DAYS) -> Move:
    consent = moving_consent(world, kept_days=kept_days)
    skien_staff = UserFactory(username="skien_staff", first_name="Skien")
    member(skien_staff, world.skien_health)
    handover = handover_propose(
        actor=world.coordinator,
        team=world.team,
        to_user=world.foreigner,
        to_unit=world.skien_health,
        transition=Transition.MOVING,
        note="Sara flytter til Skien etter sommeren.",
    )
    return Move(consent, handover, world.foreigner, skien_staff)
