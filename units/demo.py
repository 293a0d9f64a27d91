"""Demo units: a realistic set of services in Porsgrunn and a few in Skien (both Telemark), and
the county's, the health trust's and a training office's units that serve them.

Whose unit is whose:

- Telemark fylkeskommune (the county authority from the reference data, `load_organisations`)
  has the upper secondary schools, the follow-up service (OT Telemark) and fagopplæring. The
  reference data has no organisation numbers, so none is set.
- Sykehuset Telemark HF, the health trust, has BUP. Its organisation number here, 999999999, is
  fictional (a valid check digit, obviously not a real one): we could not confirm the real one
  from the reference data or the docs.
- Grenland opplæringskontor is a fictional training office, a body with an agreement with the
  county (no organisation number).
- NAV Porsgrunn stays Porsgrunn kommune's unit. A NAV office is a partnership of the state
  (Arbeids- og velferdsetaten) and the municipality (NAV-loven § 13), and a unit in Laget has one
  organisation; the office's work with young people in the demo (social services, the
  qualification programme, the youth guarantee follow-up) is the municipality's, so its
  confidentiality and its consent domain (`nav`) are the same either way. A state NAV unit (for
  example the county's NAV Arbeidslivssenter) would be a unit of a state agency organisation.
"""

from __future__ import annotations

from dataclasses import dataclass

from municipalities.models import County, Municipality
from units.models import Organisation, OrganisationKind, Sector, Unit
from units.services import organisation_of_municipality

DEMO_MUNICIPALITY = "4001"  # Porsgrunn, about 37 000 residents
SECOND_MUNICIPALITY = "4003"  # Skien, the neighbour: shows that tenants are kept apart
DEMO_COUNTY = "40"  # Telemark

# Organisations other than the municipalities, by key: (kind, name, organisation number).
COUNTY = "county"
HEALTH_TRUST = "health_trust"
TRAINING_OFFICE = "training_office"
HEALTH_TRUST_NAME = "Sykehuset Telemark HF"
HEALTH_TRUST_NUMBER = "999999999"  # fictional, see the module's docstring
TRAINING_OFFICE_NAME = "Grenland opplæringskontor"
MUNICIPALITY = "municipality"  # the unit's own municipality


@dataclass(frozen=True)
class DemoUnit:
    name: str
    sector: Sector
    organisation: str = MUNICIPALITY


DEMO_UNITS: dict[str, list[DemoUnit]] = {
    DEMO_MUNICIPALITY: [
        DemoUnit("Heistad barnehage", Sector.KINDERGARTEN),
        DemoUnit("Brevik barnehage", Sector.KINDERGARTEN),
        DemoUnit("Stridsklev skole", Sector.PRIMARY_SCHOOL),
        DemoUnit("Tveten skole", Sector.PRIMARY_SCHOOL),
        DemoUnit("Vestsiden ungdomsskole", Sector.LOWER_SECONDARY),
        DemoUnit("Porsgrunn videregående skole", Sector.UPPER_SECONDARY, COUNTY),
        DemoUnit("PPT Porsgrunn", Sector.PPT),
        DemoUnit("Helsestasjon og skolehelsetjeneste", Sector.HEALTH_STATION),
        DemoUnit("Barneverntjenesten", Sector.CHILD_WELFARE),
        DemoUnit("NAV Porsgrunn", Sector.NAV),
        DemoUnit("Psykisk helse og rus for barn og unge", Sector.MENTAL_HEALTH),
        DemoUnit("Flyktning- og integreringstjenesten", Sector.REFUGEE),
        DemoUnit("OT Telemark", Sector.FOLLOW_UP_SERVICE, COUNTY),
        DemoUnit("Fritid og kultur for unge", Sector.CULTURE_LEISURE),
        DemoUnit("SLT og politikontakt", Sector.POLICE_SLT),
        DemoUnit("BUP-poliklinikken", Sector.SPECIALIST_BUP, HEALTH_TRUST),
        DemoUnit(TRAINING_OFFICE_NAME, Sector.APPRENTICESHIP, TRAINING_OFFICE),
    ],
    SECOND_MUNICIPALITY: [
        DemoUnit("Helsestasjonen i Skien", Sector.HEALTH_STATION),
        DemoUnit("Skien barneverntjeneste", Sector.CHILD_WELFARE),
        DemoUnit("Skogmo videregående skole", Sector.UPPER_SECONDARY, COUNTY),
        DemoUnit("Fagopplæringen i Telemark", Sector.APPRENTICESHIP, COUNTY),
    ],
}
# Units an earlier demo named otherwise: renamed in place, so an existing demo database keeps
# their teams, measures and staff.
RENAMED = {"Oppfølgingstjenesten": "OT Telemark"}


def demo_organisations_seed() -> dict[str, Organisation]:
    """The county authority (from the reference data), the health trust and the training
    office, each serving Porsgrunn and Skien. Idempotent."""
    served = list(Municipality.objects.filter(number__in=DEMO_UNITS))
    county = Organisation.objects.filter(county_id=DEMO_COUNTY).first()
    if county is None:
        # Before load_organisations has run (a test's few municipalities): the same authority.
        county = Organisation.objects.create(
            kind=OrganisationKind.COUNTY_AUTHORITY,
            name=f"{County.objects.get(number=DEMO_COUNTY).name_norwegian} fylkeskommune",
            county_id=DEMO_COUNTY,
        )
        county.serves.add(*served)
    trust, _created = Organisation.objects.update_or_create(
        name=HEALTH_TRUST_NAME,
        defaults={
            "kind": OrganisationKind.HEALTH_TRUST,
            "organisation_number": HEALTH_TRUST_NUMBER,
        },
    )
    office, _created = Organisation.objects.update_or_create(
        name=TRAINING_OFFICE_NAME, defaults={"kind": OrganisationKind.AGREEMENT_BODY}
    )
    for organisation in (trust, office):
        organisation.serves.add(*served)
    return {COUNTY: county, HEALTH_TRUST: trust, TRAINING_OFFICE: office}


def demo_units_seed(*, organisations: dict[str, Organisation] | None = None) -> dict[str, Unit]:
    """Create or update the demo units; returns them by name. Deterministic and idempotent: a
    unit already there (an older demo's municipal upper secondary school, OT or BUP) is moved
    to its organisation, not duplicated."""
    organisations = organisations or demo_organisations_seed()
    units = {}
    for number, entries in DEMO_UNITS.items():
        municipality = Municipality.objects.get(number=number)
        own = organisation_of_municipality(municipality=municipality)
        for old, new in RENAMED.items():
            place = Unit.objects.filter(municipality=municipality)
            if not place.filter(name=new).exists():
                place.filter(name=old).update(name=new)
        for entry in entries:
            organisation = (
                own if entry.organisation == MUNICIPALITY else organisations[entry.organisation]
            )
            unit, _created = Unit.objects.update_or_create(
                municipality=municipality,
                name=entry.name,
                defaults={
                    "sector": entry.sector,
                    "is_active": True,
                    "organisation": organisation,
                },
            )
            units[entry.name] = unit
    return units
