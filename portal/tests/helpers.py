"""Fictional people for the portal tests: H-numbers (month + 40) with valid check digits, which
are never in the population register."""

from __future__ import annotations

import datetime
import time

from django.utils import timezone
from stdnum.no import fodselsnummer

from children.identity import IDENTITY_NUMBER_FIELDS
from children.models import Child, Guardian
from children.services import GuardianData, child_register
from people.models import User
from units.models import Unit


def h_number(birth_date: datetime.date, individual: int = 512) -> str:
    """An H-number for the birth date; the individual number must fit the century (500–999
    for 2000–2039)."""
    base = f"{birth_date.day:02d}{birth_date.month + 40:02d}{birth_date.year % 100:02d}"
    for number in range(individual, 1000):
        first = base + f"{number:03d}"
        d1 = fodselsnummer.calc_check_digit1(first)
        if d1 == "-" or len(d1) != 1:
            continue
        d2 = fodselsnummer.calc_check_digit2(first + d1)
        if len(d2) != 1:
            continue
        candidate = first + d1 + d2
        if fodselsnummer.is_valid(candidate):
            return candidate
    raise ValueError("no H-number found")


def born_years_ago(years: int, *, days: int = 30) -> datetime.date:
    """A birth date that makes the child exactly `years` old today (and for a month more)."""
    today = timezone.localdate()
    try:
        date = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        date = today.replace(year=today.year - years, day=28)
    return date - datetime.timedelta(days=days)


def child_with_guardian(
    *,
    actor: User,
    unit: Unit,
    given_name: str,
    family_name: str,
    age: int,
    guardian_name: str,
    individual: int = 512,
    guardian_individual: int = 100,
) -> tuple[Child, Guardian]:
    birth = born_years_ago(age)
    child = child_register(
        actor=actor,
        unit=unit,
        given_name=given_name,
        family_name=family_name,
        birth_date=birth,
        identity_number=h_number(birth, individual),
        guardians=[GuardianData(guardian_name, "mor", True, "+47 41 00 00 31")],
    )
    guardian = child.guardians.get()
    guardian.identity_number = h_number(datetime.date(1985, 4, 2), individual=guardian_individual)
    guardian.save(update_fields=IDENTITY_NUMBER_FIELDS)
    return child, guardian


def portal_log_in(client, pid: str) -> None:
    """Put a portal log-in in the test client's session, as the OIDC callback does."""
    session = client.session
    now = time.time()
    session["portal"] = {
        "pid": pid,
        "sub": f"sub-{pid[-4:]}",
        "logged_in_at": now,
        "seen_at": now,
        "id_token": "",
    }
    session.save()
