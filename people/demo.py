"""Demo staff: fictional people with the roles Laget knows, in Porsgrunn and Skien, and in the
county's, the health trust's and the training office's units that serve them."""

from __future__ import annotations

from dataclasses import dataclass

from municipalities.models import County, Municipality
from people.models import AnalystAccess, Role, User
from people.services import membership_grant_seed
from units.demo import demo_organisations_seed
from units.models import Organisation, Unit

# Shared by every demo account, printed by `make demo`. Demo mode only.
DEMO_PASSWORD = "demo-passord-2026"  # noqa: S105


@dataclass(frozen=True)
class DemoPerson:
    username: str
    first_name: str
    last_name: str
    role: Role | None
    unit: str | None
    title: str
    municipality: str = "4001"
    # For an organisation's administrator: the key of the organisation (units.demo).
    organisation: str = ""


# The first five are the log-ins printed by `make demo`; the rest fill the units.
DEMO_PEOPLE: list[DemoPerson] = [
    DemoPerson(
        "kari.nordmann",
        "Kari",
        "Nordmann",
        Role.PROFESSIONAL,
        "Helsestasjon og skolehelsetjeneste",
        "Helsesykepleier",
    ),
    DemoPerson(
        "ola.nordmann", "Ola", "Nordmann", Role.UNIT_LEADER, "Vestsiden ungdomsskole", "Rektor"
    ),
    DemoPerson(
        "anne.admin", "Anne", "Administrator", Role.MUNICIPAL_ADMIN, None, "Kommunal administrator"
    ),
    DemoPerson("sven.statistikk", "Sven", "Statistikk", None, None, "Analytiker"),
    DemoPerson(
        "per.skien",
        "Per",
        "Skiensen",
        Role.PROFESSIONAL,
        "Helsestasjonen i Skien",
        "Helsesykepleier",
        "4003",
    ),
    DemoPerson(
        "lise.lunde", "Lise", "Lunde", Role.PROFESSIONAL, "Vestsiden ungdomsskole", "Kontaktlærer"
    ),
    DemoPerson(
        "jonas.berg", "Jonas", "Berg", Role.PROFESSIONAL, "Vestsiden ungdomsskole", "Sosiallærer"
    ),
    DemoPerson(
        "hilde.strand",
        "Hilde",
        "Strand",
        Role.UNIT_LEADER,
        "Helsestasjon og skolehelsetjeneste",
        "Avdelingsleder",
    ),
    DemoPerson("amir.haddad", "Amir", "Haddad", Role.PROFESSIONAL, "PPT Porsgrunn", "PP-rådgiver"),
    DemoPerson("eva.moen", "Eva", "Moen", Role.UNIT_LEADER, "PPT Porsgrunn", "Leder PPT"),
    DemoPerson(
        "tor.lie", "Tor", "Lie", Role.PROFESSIONAL, "Barneverntjenesten", "Barnevernspedagog"
    ),
    DemoPerson(
        "nina.dahl", "Nina", "Dahl", Role.UNIT_LEADER, "Barneverntjenesten", "Barnevernleder"
    ),
    DemoPerson(
        "sara.holm", "Sara", "Holm", Role.PROFESSIONAL, "Heistad barnehage", "Pedagogisk leder"
    ),
    DemoPerson(
        "ali.karimi", "Ali", "Karimi", Role.PROFESSIONAL, "Stridsklev skole", "Kontaktlærer"
    ),
    DemoPerson("marit.aas", "Marit", "Aas", Role.UNIT_LEADER, "Stridsklev skole", "Rektor"),
    DemoPerson("lars.vik", "Lars", "Vik", Role.PROFESSIONAL, "NAV Porsgrunn", "Veileder ungdom"),
    DemoPerson(
        "ida.foss",
        "Ida",
        "Foss",
        Role.PROFESSIONAL,
        "Psykisk helse og rus for barn og unge",
        "Psykologspesialist",
    ),
    DemoPerson(
        "omar.yusuf",
        "Omar",
        "Yusuf",
        Role.PROFESSIONAL,
        "Flyktning- og integreringstjenesten",
        "Programrådgiver",
    ),
    DemoPerson("kine.bakke", "Kine", "Bakke", Role.PROFESSIONAL, "OT Telemark", "OT-rådgiver"),
    DemoPerson(
        "erik.sand", "Erik", "Sand", Role.PROFESSIONAL, "Porsgrunn videregående skole", "Rådgiver"
    ),
    DemoPerson(
        "mona.rud", "Mona", "Rud", Role.PROFESSIONAL, "SLT og politikontakt", "SLT-koordinator"
    ),
    DemoPerson(
        "stine.skien",
        "Stine",
        "Skiensen",
        Role.UNIT_LEADER,
        "Skien barneverntjeneste",
        "Barnevernleder",
        "4003",
    ),
    DemoPerson(
        "geir.skien",
        "Geir",
        "Skiensen",
        Role.MUNICIPAL_ADMIN,
        None,
        "Kommunal administrator",
        "4003",
    ),
    # The county's, the health trust's and the training office's staff (units.demo).
    DemoPerson("rolf.nes", "Rolf", "Nes", Role.UNIT_LEADER, "OT Telemark", "Leder OT"),
    DemoPerson(
        "maja.solberg",
        "Maja",
        "Solberg",
        Role.PROFESSIONAL,
        "Skogmo videregående skole",
        "Kontaktlærer",
        "4003",
    ),
    DemoPerson(
        "trond.aasen",
        "Trond",
        "Aasen",
        Role.PROFESSIONAL,
        "Fagopplæringen i Telemark",
        "Rådgiver fagopplæring",
        "4003",
    ),
    DemoPerson(
        "siri.moe",
        "Siri",
        "Moe",
        Role.PROFESSIONAL,
        "Grenland opplæringskontor",
        "Opplæringskonsulent",
    ),
    DemoPerson(
        "heidi.brekke",
        "Heidi",
        "Brekke",
        Role.PROFESSIONAL,
        "BUP-poliklinikken",
        "Psykologspesialist",
    ),
    DemoPerson(
        "frida.fylke",
        "Frida",
        "Fylkesen",
        Role.ORGANISATION_ADMIN,
        None,
        "Administrator i fylkeskommunen",
        organisation="county",
    ),
]
ANALYST_COUNTY = "40"  # Telemark: the analyst works for the county governor


def demo_staff_seed(
    *, units: dict[str, Unit], organisations: dict[str, Organisation] | None = None
) -> list[User]:
    """Create or update the demo staff with their roles. Deterministic and idempotent."""
    organisations = organisations or demo_organisations_seed()
    users = []
    for person in DEMO_PEOPLE:
        user, _created = User.objects.update_or_create(
            username=person.username,
            defaults={
                "first_name": person.first_name,
                "last_name": person.last_name,
                "email": f"{person.username}@demo.laget.invalid",
                "is_active": True,
            },
        )
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        if person.organisation:
            membership_grant_seed(
                user=user,
                municipality=None,
                unit=None,
                role=person.role or "",
                title=person.title,
                organisation=organisations[person.organisation],
            )
        elif person.role is not None:
            # Recorded as approved by the seed: no person asked for or approved these.
            membership_grant_seed(
                user=user,
                municipality=Municipality.objects.get(number=person.municipality),
                unit=units[person.unit] if person.unit else None,
                role=person.role,
                title=person.title,
            )
        else:
            AnalystAccess.objects.update_or_create(
                user=user,
                defaults={
                    "county": County.objects.get(number=ANALYST_COUNTY),
                    "organisation": "Statsforvalteren i Vestfold og Telemark",
                },
            )
        users.append(user)
    return users
