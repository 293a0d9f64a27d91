"""Demo data for transitions: a 16-year-old in Porsgrunn mid-transition from lower to upper
secondary school. The lead's `load_demo` calls `transitions_demo_seed` with the demo's own
people and units (this app stands below `laget` and knows none of them by name).

Everything is fictional; the young person has no identity number."""

from __future__ import annotations

import datetime

from django.utils import timezone

from children.services import GuardianData, child_register
from concerns.models import Level
from concerns.services import concern_raise
from consents.models import InformationKind, Method
from consents.selectors import consent_authority
from consents.services import consent_record
from people.models import User
from plans.services import goal_add, measure_add, plan_create
from teams.services import team_open
from transitions.models import Transition, TransitionKind
from transitions.services import transition_start
from units.models import Unit

GIVEN_NAME, FAMILY_NAME = "Jonas", "Overgang"
WORDS = (
    "Jeg blir sliten av mye støy. Jeg trenger å vite hvem jeg kan gå til når det blir for mye, "
    "og å få sitte litt for meg selv i friminuttene. Jeg vil gå elektro."
)


def _school_start(today: datetime.date) -> datetime.date:
    """The next 17 August: the first school day of the demo's upper secondary school."""
    start = datetime.date(today.year, 8, 17)
    return start if start > today else datetime.date(today.year + 1, 8, 17)


def transitions_demo_seed(
    *, coordinator: User, sending_unit: Unit, receiving_unit: Unit
) -> Transition:
    """Jonas (16) at `sending_unit` (a lower secondary school in Porsgrunn, where
    `coordinator` works), with a concern, a team, consent covering both schools and a plan,
    and an open transition to `receiving_unit` (an upper secondary school of the county
    authority) before the next school start, with his own words. Idempotent: a second call
    returns the transition of the first."""
    existing = Transition.objects.filter(
        team__child__given_name=GIVEN_NAME,
        team__child__family_name=FAMILY_NAME,
        to_unit=receiving_unit,
    ).first()
    if existing is not None:
        return existing
    today = timezone.localdate()
    # Always 16 (and a bit): born a little over sixteen years before the day of the demo.
    born = datetime.date(today.year - 16, today.month, 1) - datetime.timedelta(days=100)
    child = child_register(
        actor=coordinator,
        unit=sending_unit,
        given_name=GIVEN_NAME,
        family_name=FAMILY_NAME,
        birth_date=born,
        guardians=[GuardianData("Tone Overgang", "mor", True, "+47 41 00 00 16")],
    )
    concern = concern_raise(
        actor=coordinator,
        unit=sending_unit,
        child=child,
        observed="Mye fravær i 10. klasse, sier selv at han gruer seg til videregående.",
        child_view="Jonas vil gå elektro, men er redd for store klasser.",
        level=Level.OWN_UNIT,
    )
    units = [sending_unit, receiving_unit]
    # Who must consent at 16 is the rights engine's answer, not ours.
    authority = consent_authority(child=child, units=units)
    consent = consent_record(
        actor=coordinator,
        child=child,
        units=units,
        information_kinds=[InformationKind.PLAN, InformationKind.LOG, InformationKind.SCHOOL],
        purpose="Overgang fra ungdomsskole til videregående",
        text=(
            "Vi samtykker til at ungdomsskolen og den videregående skolen kan dele planen og "
            "det som trengs for en god overgang."
        ),
        method=Method.PAPER,
        given_by=authority.given_by,
        guardians=list(authority.guardians) if authority.needs_guardians else [],
        valid_from=today - datetime.timedelta(days=20),
        valid_until=today + datetime.timedelta(days=345),
    )
    team = team_open(actor=coordinator, concern=concern, consent=consent, level=Level.COLLABORATION)
    plan = plan_create(
        actor=coordinator,
        team=team,
        period_start=today - datetime.timedelta(days=14),
        period_end=today + datetime.timedelta(days=365),
    )
    goal = goal_add(actor=coordinator, plan=plan, text="Jeg vil begynne på elektro og bli der.")
    measure_add(
        actor=coordinator,
        plan=plan,
        goal=goal,
        title="Hospitering på videregående",
        description="To dager på elektrolinja før søknadsfristen, sammen med kontaktlærer.",
        responsible_unit=sending_unit,
        responsible_person=coordinator,
        starts_on=today,
        ends_on=today + datetime.timedelta(days=60),
        evaluate_on=today + datetime.timedelta(days=30),
    )
    return transition_start(
        actor=coordinator,
        team=team,
        from_unit=sending_unit,
        kind=TransitionKind.LOWER_UPPER_SECONDARY,
        to_unit=receiving_unit,
        starts_on=_school_start(today),
        note=(
            "Jonas trenger en fast voksen fra første dag og et sted å trekke seg tilbake. "
            "Ukentlige samtaler har hjulpet; planen viser hva som er prøvd."
        ),
        young_person_words=WORDS,
    )
