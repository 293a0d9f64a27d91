"""Demo of a move (issue 9 part 6): Mia, 16, lives in Porsgrunn and is moving to Skien. Her
team (the lower secondary school and the health station) has a consent that allows the move
and keeps Porsgrunn's health station on the team for 30 days afterwards, and the coordinator
has offered the coordinator role to the health station in Skien: log in as `per.skien` and
accept it under Mitt arbeid; `ola.nordmann` (the old coordinator) then gets 404 on the team.

Not called by `load_demo` (that file is the lead's): call it after `load_demo`, e.g.
`python manage.py shell -c "from laget.demo_moving import moving_demo_seed_from_demo;
moving_demo_seed_from_demo()"`. Deterministic and idempotent. The identity number is an
H-number (month + 40), never in the population register, so it is nobody's."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from children.identity import identity_number_q
from children.models import Child
from children.services import GuardianData, child_register
from concerns.models import Level
from concerns.services import concern_raise
from consents.models import GivenBy, InformationKind, Method
from consents.services import consent_record
from municipalities.models import Municipality
from people.models import User
from plans.services import goal_add, plan_create
from teams.models import Handover, Transition
from teams.services import handover_propose, member_invite, member_respond, team_open
from units.models import Unit

MIA = "21451050076"
SCHOOL, HEALTH = "Vestsiden ungdomsskole", "Helsestasjon og skolehelsetjeneste"
SKIEN_HEALTH = "Helsestasjonen i Skien"
SKIEN = "4003"
KEPT_DAYS = 30


def moving_demo_seed(*, users: dict[str, User], units: dict[str, Unit]) -> Handover:
    """Mia's case in Porsgrunn with an open hand-over to Skien; the hand-over (existing or
    new). `users` by user name and `units` by name, as `load_demo` builds them."""
    existing = Handover.objects.filter(
        team__child__in=Child.objects.filter(identity_number_q(MIA)), transition=Transition.MOVING
    ).first()
    if existing is not None:
        return existing
    today = timezone.localdate()
    ola, kari, per = users["ola.nordmann"], users["kari.nordmann"], users["per.skien"]
    school, health, skien_health = units[SCHOOL], units[HEALTH], units[SKIEN_HEALTH]
    mia = child_register(
        actor=ola,
        unit=school,
        given_name="Mia",
        family_name="Flyttesen",
        birth_date=datetime.date(2010, 5, 21),
        identity_number=MIA,
        guardians=[GuardianData("Tone Flyttesen", "mor", True, "+47 41 00 00 31")],
    )
    concern = concern_raise(
        actor=ola,
        unit=school,
        child=mia,
        observed="Mia har mye fravær etter at familien bestemte seg for å flytte.",
        child_view="Mia gruer seg til å begynne på ny skole i Skien.",
        level=Level.OWN_UNIT,
    )
    guardians = list(mia.guardians.filter(has_parental_responsibility=True))
    consent = consent_record(
        actor=ola,
        child=mia,
        units=[school, health],
        information_kinds=[InformationKind.PLAN, InformationKind.LOG],
        purpose="Samarbeid i laget rundt Mia",
        text="Vi samtykker til at skolen og helsestasjonen samarbeider i et lag rundt Mia.",
        method=Method.PAPER,
        given_by=GivenBy.YOUNG_PERSON_AND_GUARDIANS,
        guardians=guardians,
        valid_from=today - datetime.timedelta(days=60),
    )
    team = team_open(actor=ola, concern=concern, consent=consent, level=Level.COLLABORATION)
    invitation = member_invite(actor=ola, team=team, user=kari, unit=health)
    member_respond(actor=kari, member=invitation, accept=True)
    plan = plan_create(
        actor=ola,
        team=team,
        period_start=today - datetime.timedelta(days=30),
        period_end=today + datetime.timedelta(days=150),
    )
    goal_add(actor=ola, plan=plan, text="Jeg vil få en god start på den nye skolen.")
    consent_record(
        actor=ola,
        child=mia,
        units=[health, skien_health],
        information_kinds=[InformationKind.PLAN, InformationKind.LOG],
        purpose="Flytting til Skien",
        text=(
            "Vi samtykker til at saken og planen flyttes til Skien kommune, og at helsestasjonen "
            "i Porsgrunn er med i laget i 30 dager etter flyttingen."
        ),
        method=Method.PAPER,
        given_by=GivenBy.YOUNG_PERSON_AND_GUARDIANS,
        guardians=guardians,
        valid_from=today,
        moving_to=Municipality.objects.get(pk=SKIEN),
        kept_until=today + datetime.timedelta(days=KEPT_DAYS),
    )
    return handover_propose(
        actor=ola,
        team=team,
        to_user=per,
        to_unit=skien_health,
        transition=Transition.MOVING,
        note="Mia flytter til Skien i august. Planen og målet hennes følger med.",
    )


@transaction.atomic
def moving_demo_seed_from_demo() -> Handover:
    """`moving_demo_seed` with the demo's staff and units as `load_demo` made them."""
    users = User.objects.filter(username__in=["ola.nordmann", "kari.nordmann", "per.skien"])
    units = Unit.objects.filter(
        name__in=[SCHOOL, HEALTH, SKIEN_HEALTH], municipality_id__in=["4001", SKIEN]
    )
    return moving_demo_seed(
        users={user.username: user for user in users}, units={unit.name: unit for unit in units}
    )
