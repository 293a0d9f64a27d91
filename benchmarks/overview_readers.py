"""The overview's readers for the benchmarks (`dashboards.py`, `pages.py`): the municipal
leader of the largest municipality, an analyst of its county and a national analyst, made if
missing. Import after `django.setup()`."""

from __future__ import annotations

from municipalities.models import Municipality, PopulationTotal
from people.models import AnalystAccess, Membership, Role, User


def _reader(username: str) -> User:
    user, _ = User.objects.get_or_create(
        username=username, defaults={"first_name": "Benk", "last_name": "Leser"}
    )
    return user


def largest_municipality() -> Municipality:
    """The municipality with the most inhabitants in the newest year (the first by number
    when no population is loaded)."""
    biggest = PopulationTotal.objects.values("municipality_id").order_by("-year", "-count").first()
    if biggest is None:
        return Municipality.objects.select_related("county").order_by("number")[0]
    return Municipality.objects.select_related("county").get(pk=biggest["municipality_id"])


def overview_readers() -> tuple[Municipality, User, User, User]:
    """(the largest municipality, its municipal leader, its county's analyst, a national
    analyst)."""
    place = largest_municipality()
    leader = _reader("benk.leder")
    Membership.objects.get_or_create(
        user=leader, municipality=place, role=Role.MUNICIPAL_LEADER, unit=None
    )
    county_analyst, national_analyst = _reader("benk.fylke"), _reader("benk.nasjonal")
    AnalystAccess.objects.get_or_create(
        user=county_analyst, defaults={"county": place.county, "organisation": "Benk"}
    )
    AnalystAccess.objects.get_or_create(
        user=national_analyst, defaults={"county": None, "organisation": "Benk"}
    )
    return place, leader, county_analyst, national_analyst
