"""Demo data for the grants: the catalogue, and one grant of Porsgrunn recorded by its
municipal leader (with a report due), so the programme page has something to show."""

from __future__ import annotations

import datetime

from django.utils import timezone

from grants.catalogue import schemes_load
from grants.models import Grant, GrantStatus, Scheme
from grants.services import grant_record
from people.models import User
from units.models import Unit

DEMO_SCHEME = "bufdir-inkludering-barn-unge"
DEMO_UNITS = ("Vestsiden ungdomsskole",)


def grants_demo_seed(*, leader: User) -> int:
    """Load the catalogue and record the demo grant once. Returns the number of schemes."""
    count = schemes_load()
    municipality = leader.memberships.get(role="municipal_leader").municipality
    assert municipality is not None  # noqa: S101 - a municipal leader's membership has one
    if not Grant.objects.filter(municipality=municipality).exists():
        year = timezone.localdate().year
        grant_record(
            actor=leader,
            municipality=municipality,
            scheme=Scheme.objects.get(key=DEMO_SCHEME),
            status=GrantStatus.GRANTED,
            amount_applied=450_000,
            amount_granted=300_000,
            period_start=datetime.date(year, 1, 1),
            period_end=datetime.date(year + 1, 12, 31),
            measures="Åpen møteplass for ungdom fredag kveld\nLos for elever med høyt fravær",
            units=list(Unit.objects.filter(municipality=municipality, name__in=DEMO_UNITS)),
            report_dates=[datetime.date(year + 1, 1, 31), datetime.date(year + 2, 1, 31)],
        )
    return count
