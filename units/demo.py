"""Demo units: a realistic set of services in Porsgrunn and a few in Skien (both Telemark)."""

from __future__ import annotations

from municipalities.models import Municipality
from units.models import Sector, Unit
from units.services import organisation_of_municipality

DEMO_MUNICIPALITY = "4001"  # Porsgrunn, about 37 000 residents
SECOND_MUNICIPALITY = "4003"  # Skien, the neighbour: shows that tenants are kept apart

DEMO_UNITS: dict[str, list[tuple[str, Sector]]] = {
    DEMO_MUNICIPALITY: [
        ("Heistad barnehage", Sector.KINDERGARTEN),
        ("Brevik barnehage", Sector.KINDERGARTEN),
        ("Stridsklev skole", Sector.PRIMARY_SCHOOL),
        ("Tveten skole", Sector.PRIMARY_SCHOOL),
        ("Vestsiden ungdomsskole", Sector.LOWER_SECONDARY),
        ("Porsgrunn videregående skole", Sector.UPPER_SECONDARY),
        ("PPT Porsgrunn", Sector.PPT),
        ("Helsestasjon og skolehelsetjeneste", Sector.HEALTH_STATION),
        ("Barneverntjenesten", Sector.CHILD_WELFARE),
        ("NAV Porsgrunn", Sector.NAV),
        ("Psykisk helse og rus for barn og unge", Sector.MENTAL_HEALTH),
        ("Flyktning- og integreringstjenesten", Sector.REFUGEE),
        ("Oppfølgingstjenesten", Sector.FOLLOW_UP_SERVICE),
        ("Fritid og kultur for unge", Sector.CULTURE_LEISURE),
        ("SLT og politikontakt", Sector.POLICE_SLT),
        ("BUP-poliklinikken", Sector.SPECIALIST_BUP),
    ],
    SECOND_MUNICIPALITY: [
        ("Helsestasjonen i Skien", Sector.HEALTH_STATION),
        ("Skien barneverntjeneste", Sector.CHILD_WELFARE),
    ],
}


def demo_units_seed() -> dict[str, Unit]:
    """Create or update the demo units; returns them by name. Deterministic and idempotent."""
    units = {}
    for number, entries in DEMO_UNITS.items():
        municipality = Municipality.objects.get(number=number)
        organisation = organisation_of_municipality(municipality=municipality)
        for name, sector in entries:
            unit, _created = Unit.objects.update_or_create(
                municipality=municipality,
                name=name,
                defaults={"sector": sector, "is_active": True, "organisation": organisation},
            )
            units[name] = unit
    return units
