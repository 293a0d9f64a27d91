"""National-scale synthetic data: every municipality, in proportion to its 0–24 population.

`national_generate` fills an empty PostgreSQL database (reference data loaded, nothing else) with
fictional staff, units, children, guardians, concerns, teams with their members and consents, the
teams' plans, meetings, tasks and hand-overs, reports to child welfare, team logs, access events
on valid hash chains and services in the directory, at the sizes of issue 12 for scale 1.
Everything comes from random generators seeded with the seed, so a seed gives the same rows
every time (ids, times and ciphertexts included). Rows go in with PostgreSQL's COPY, in one
transaction: a failure leaves nothing behind. See docs/national-data.md.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import json
import random
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.db.models import Model, Sum
from stdnum.no import fodselsnummer

from audit.hashing import event_content_hash
from audit.models import GENESIS_HASH, AccessEvent, ChainHead
from audit.partitions import access_log_partitions_create, access_log_partitions_ensure
from children.identity import identity_number_encrypt, identity_number_lookup_hash
from children.models import Child, Guardian
from concerns.models import ChildWelfareReport, Concern
from consents.models import Consent
from directory.models import Organization, Service
from directory.search import search_index_update
from municipalities.models import Municipality, PopulationByAge
from people.models import Role, User
from plans.models import Plan
from teamlog.models import LogEntry
from teams.models import Handover, Meeting, Task, Team, TeamMember
from tenancy import scope
from units.models import Organisation, OrganisationKind, Sector, Unit


class NationalDataError(Exception):
    """The database is not one the generator may fill (the message says why)."""


@dataclass(frozen=True)
class NationalSizes:
    children: int
    concerns: int
    teams: int
    members: int
    log_entries: int
    access_events: int
    services: int
    staff: int
    extra_units: int


# Issue 12's national sizes (staff and units are not in the issue: about four teams per member
# of staff and the kindergartens and schools of a country beyond one unit of each kind).
SCALE_1 = NationalSizes(
    children=150_000,
    concerns=200_000,
    teams=80_000,
    members=320_000,
    log_entries=1_000_000,
    access_events=3_000_000,
    services=20_000,
    staff=64_000,
    extra_units=7_000,
)

# "Now" for the generated world: fixed, so that a seed always gives the same times.
WORLD_NOW = datetime.datetime(2026, 11, 30, 12, 0, tzinfo=datetime.UTC)
# Of the teams, about this share has a member from a county authority's or a health trust's unit.
CROSS_ORGANISATION_SHARE = 0.10
# The municipal units every municipality has, and the sector of its extra units.
MUNICIPAL_SECTORS = [
    (Sector.KINDERGARTEN, "barnehage"),
    (Sector.PRIMARY_SCHOOL, "skole"),
    (Sector.LOWER_SECONDARY, "ungdomsskole"),
    (Sector.HEALTH_STATION, "helsestasjon"),
    (Sector.CHILD_WELFARE, "barnevernstjeneste"),
    (Sector.NAV, "NAV"),
    (Sector.PPT, "PPT"),
    (Sector.MENTAL_HEALTH, "psykisk helse og rus"),
    (Sector.CULTURE_LEISURE, "fritidsklubb"),
]
EXTRA_SECTORS = [
    (Sector.KINDERGARTEN, "barnehage"),
    (Sector.KINDERGARTEN, "barnehage"),
    (Sector.PRIMARY_SCHOOL, "skole"),
    (Sector.LOWER_SECONDARY, "ungdomsskole"),
]
PLACES = [
    "Bakken", "Haugen", "Sentrum", "Nordre", "Søndre", "Øvre", "Nedre", "Skogen", "Åsen",
    "Strand", "Vestsiden", "Østsiden", "Lia", "Moen", "Elvebakken", "Fjellet",
]  # fmt: skip
GIVEN_NAMES = [
    "Emma", "Nora", "Ella", "Sofie", "Olivia", "Ingrid", "Leah", "Sara", "Maja", "Frida",
    "Jakob", "Noah", "Emil", "Lucas", "Oliver", "Filip", "William", "Aksel", "Theo", "Isak",
    "Ali", "Amina", "Mohammed", "Zara", "Aleksander", "Hedda", "Tiril", "Sander", "Mathias",
]  # fmt: skip
FAMILY_NAMES = [
    "Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Kristiansen",
    "Jensen", "Karlsen", "Johnsen", "Pettersen", "Eriksen", "Berg", "Haugen", "Hagen",
    "Johannessen", "Andreassen", "Jacobsen", "Dahl", "Jørgensen", "Henriksen", "Lund", "Halvorsen",
]  # fmt: skip
OBSERVATIONS = [
    "Er mye borte fra skolen, og virker sliten når hen kommer.",
    "Trekker seg unna de andre i friminuttene.",
    "Har gått ned i vekt siden i høst.",
    "Foreldrene har bedt om hjelp med søvn og rutiner.",
    "Blir lett sint og har kommet i slåsskamper.",
    "Forteller om mye krangling hjemme.",
    "Språkutviklingen ligger etter det vi venter for alderen.",
]
NOTES = [
    "Samtale med foreldrene om søvn og rutiner.",
    "Avtalt at helsesykepleier tar en samtale med barnet.",
    "Kontaktlærer følger opp fraværet ukentlig.",
    "Barnet sier selv at det går bedre i klassen nå.",
    "Neste møte er avtalt; alle har fått referatet.",
    "PPT er bedt om en vurdering.",
]
SERVICE_KINDS = [
    ("Helsestasjon for ungdom", "Åpen helsestasjon for ungdom mellom 13 og 24 år.", 13, 24),
    ("Foreldreveiledning", "Veiledning til foreldre om samspill og grensesetting.", 0, 18),
    ("Fritidsklubb", "Møteplass for ungdom etter skoletid.", 12, 18),
    ("Leksehjelp", "Hjelp med lekser for elever på barne- og ungdomstrinnet.", 6, 16),
    ("Samtaletilbud", "Samtaler for barn og unge som har det vanskelig.", 8, 24),
    ("Familiesenter", "Hjelp til familier med små barn.", 0, 6),
    ("Oppfølgingstjenesten", "Hjelp til ungdom som ikke er i skole eller arbeid.", 16, 21),
]
RELATIONS = ["mor", "far", "fosterforelder"]
READ_PURPOSES = ["follow-up of a concern", "the team's work", "preparing a meeting"]
ACCESS_OBJECTS = ["child", "concern", "team"]


@dataclass
class GenerationReport:
    scale: float
    seed: int
    rows: dict[str, int] = field(default_factory=dict)


def national_sizes(scale: float) -> NationalSizes:
    """The sizes for `scale` (1 is the issue's national size)."""
    if not 0 < scale <= 10:
        raise NationalDataError("The scale must be above 0 and at most 10.")
    values = {
        name: max(1, round(getattr(SCALE_1, name) * scale))
        for name in NationalSizes.__dataclass_fields__
    }
    return NationalSizes(**values)


def apportion(total: int, weights: Sequence[float]) -> list[int]:
    """`total` split in proportion to `weights` by largest remainder: whole numbers that sum to
    `total`, ties broken by position (so the split is the same every time)."""
    weight_sum = sum(weights)
    if total <= 0 or weight_sum <= 0:
        return [0 for _ in weights]
    quotas = [total * weight / weight_sum for weight in weights]
    shares = [int(quota) for quota in quotas]
    left = total - sum(shares)
    order = sorted(range(len(weights)), key=lambda index: (shares[index] - quotas[index], index))
    for index in order[:left]:
        shares[index] += 1
    return shares


def synthetic_identity_number(birth_date: datetime.date, individual: int) -> str | None:
    """A synthetic fødselsnummer as the Norwegian Tax Administration issues them for tests
    (Tenor): the month plus 80, valid check digits. No real person has one, and the project's
    validator refuses it (`children.models.validate_identity_number`: no such month). None when
    the individual number gives no valid check digit (as for real numbers)."""
    if birth_date.year >= 2000:
        individual += 500  # 500–999 are for births 2000–2039
    start = f"{birth_date.day:02d}{birth_date.month + 80:02d}{birth_date.year % 100:02d}"
    number = f"{start}{individual:03d}"
    first = fodselsnummer.calc_check_digit1(number)
    if len(first) != 1:
        return None
    second = fodselsnummer.calc_check_digit2(number + first)
    if len(second) != 1:
        return None
    return number + first + second


def is_synthetic_identity_number(value: str) -> bool:
    """Whether `value` has the synthetic month (81–92) this generator writes."""
    return len(value) == 11 and value.isdigit() and 81 <= int(value[2:4]) <= 92


# --- writing with COPY ------------------------------------------------------------------------

_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_value(value: Any) -> str:
    kind = type(value)
    if kind is str:
        return str(value).translate(_ESCAPES)
    if kind is int or kind is uuid.UUID:
        return str(value)
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False).translate(_ESCAPES)
    return str(value).translate(_ESCAPES)


class CopyBuffer:
    """Rows per table, written with COPY when `flush` is called (in the order tables were
    first added to, which is the order of their foreign keys)."""

    def __init__(self) -> None:
        self.tables: dict[str, tuple[tuple[str, ...], list[str]]] = {}
        self.counts: dict[str, int] = {}

    def add(self, table: str, columns: tuple[str, ...], row: Sequence[Any]) -> None:
        entry = self.tables.setdefault(table, (columns, []))
        if len(row) != len(columns):
            raise ValueError(f"{table}: {len(row)} values for {len(columns)} columns")
        entry[1].append("\t".join(_copy_value(value) for value in row))
        self.counts[table] = self.counts.get(table, 0) + 1

    def lines(self, table: str, columns: tuple[str, ...]) -> list[str]:
        """The list to append whole, escaped lines to (the caller counts them)."""
        return self.tables.setdefault(table, (columns, []))[1]

    def pending(self) -> int:
        return sum(len(lines) for _columns, lines in self.tables.values())

    def flush(self) -> None:
        with connection.cursor() as cursor:
            for table, (columns, lines) in self.tables.items():
                if not lines:
                    continue
                statement = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
                with cursor.cursor.copy(statement) as copy:
                    for start in range(0, len(lines), 5000):
                        copy.write("\n".join(lines[start : start + 5000]) + "\n")
                lines.clear()


# --- the world ---------------------------------------------------------------------------------


@dataclass
class StaffMember:
    id: int
    username: str
    unit_id: uuid.UUID


@dataclass
class Place:
    """One municipality's share and what was made for it."""

    number: str
    county: str
    weight: int
    units: list[uuid.UUID] = field(default_factory=list)
    staff: list[StaffMember] = field(default_factory=list)
    # Units of other organisations (county authority, health trust) that serve it, with staff.
    partners: list[StaffMember] = field(default_factory=list)


class Generator:
    def __init__(self, *, scale: float, seed: int, staff_password: str | None) -> None:
        self.scale = scale
        self.seed = seed
        self.sizes = national_sizes(scale)
        self.random = random.Random(seed)  # noqa: S311 – synthetic data, not secrets
        self.buffer = CopyBuffer()
        self.next_user_id = 1
        self.next_membership_id = 1
        self.next_member_id = 1
        self.next_log_id = 1
        self.next_event_id = 1
        self.next_consent_link_id = 1
        self.used_numbers: dict[datetime.date, int] = {}
        self.nonce_key = hashlib.sha256(f"laget-national-nonce:{seed}".encode()).digest()
        self.password = (
            make_password(staff_password, salt=f"national{seed:08d}")
            if staff_password
            else f"!national-{seed}"  # unusable: a password hash never starts with "!"
        )

    # ids and numbers

    def new_uuid(self, rng: random.Random) -> uuid.UUID:
        return uuid.UUID(int=rng.getrandbits(128), version=4)

    def moment(self, rng: random.Random, *, days: int) -> datetime.datetime:
        return WORLD_NOW - datetime.timedelta(seconds=rng.randrange(days * 86_400))

    def identity(self, birth_date: datetime.date, *, column: str, row_id: uuid.UUID) -> list[str]:
        while True:
            individual = self.used_numbers.get(birth_date, 0)
            if individual >= 500:
                raise NationalDataError("Too many synthetic numbers on one birth date.")
            self.used_numbers[birth_date] = individual + 1
            number = synthetic_identity_number(birth_date, individual)
            if number is not None:
                break
        nonce = hmac.new(self.nonce_key, f"{column}:{row_id}".encode(), "sha256").digest()[:12]
        return [
            identity_number_encrypt(number, column=column, row_id=row_id, nonce=nonce),
            identity_number_lookup_hash(number),
        ]

    # rows

    def user(self, *, municipality: str, unit_id: uuid.UUID, role: str) -> StaffMember:
        rng = self.random
        user_id = self.next_user_id
        self.next_user_id += 1
        username = f"n{municipality}.{user_id:06d}"
        given, family = rng.choice(GIVEN_NAMES), rng.choice(FAMILY_NAMES)
        joined = self.moment(rng, days=3 * 365)
        self.buffer.add(
            "people_user",
            USER_COLUMNS,
            [user_id, self.password, None, False, username, given, family,
             f"{username}@example.invalid", False, True, joined, self.new_uuid(rng)],
        )  # fmt: skip
        self.buffer.add(
            "people_membership",
            ("id", "user_id", "municipality_id", "organisation_id", "unit_id", "role", "title",
             "started_on", "ended_on"),
            [self.next_membership_id, user_id, municipality, None, unit_id, role, "",
             joined.date(), None],
        )  # fmt: skip
        self.next_membership_id += 1
        return StaffMember(id=user_id, username=username, unit_id=unit_id)

    def unit(
        self, *, municipality: str, organisation: uuid.UUID, name: str, sector: str
    ) -> uuid.UUID:
        unit_id = self.new_uuid(self.random)
        self.buffer.add(
            "units_unit",
            ("id", "municipality_id", "organisation_id", "name", "sector", "organisation_number",
             "email", "phone", "is_active", "created_at", "updated_at"),
            [unit_id, municipality, organisation, name, sector, "", "", "", True,
             WORLD_NOW - datetime.timedelta(days=3 * 365), WORLD_NOW],
        )  # fmt: skip
        return unit_id


USER_COLUMNS = (
    "id", "password", "last_login", "is_superuser", "username", "first_name", "last_name",
    "email", "is_staff", "is_active", "date_joined", "session_token",
)  # fmt: skip


# Tables that must be empty before the generator runs: everything it writes, and the rest of
# what only people or the demo write.
MUST_BE_EMPTY: list[type[Model]] = [
    User, Unit, Child, Guardian, Concern, Team, TeamMember, Consent, LogEntry, Service, Plan,
    Meeting, Task, Handover, ChildWelfareReport,
]  # fmt: skip


def database_check() -> None:
    """Refuse anything but PostgreSQL with the reference data and no other data."""
    if connection.vendor != "postgresql":
        raise NationalDataError("The national generator writes with COPY: it needs PostgreSQL.")
    if not Municipality.objects.exists() or not PopulationByAge.objects.exists():
        raise NationalDataError(
            "The municipalities and their population are missing: run load_reference_data first."
        )
    filled = [model._meta.db_table for model in MUST_BE_EMPTY if model._default_manager.exists()]
    if AccessEvent.objects.exists() or ChainHead.objects.exclude(sequence=0).exists():
        filled.append(AccessEvent._meta.db_table)
    if Organisation.objects.exclude(
        kind__in=[OrganisationKind.MUNICIPALITY, OrganisationKind.COUNTY_AUTHORITY]
    ).exists():
        filled.append(Organisation._meta.db_table)
    if Organization.objects.exists():
        filled.append(Organization._meta.db_table)
    if filled:
        raise NationalDataError(
            "The database already holds data (in "
            + ", ".join(filled)
            + "). The generator fills only an empty database with the reference data loaded: "
            "create a new database, migrate it and run load_reference_data."
        )
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user")
        row = cursor.fetchone()
    if not row or not row[0]:
        raise NationalDataError(
            "COPY into tables with row-level security needs a role that bypasses it: run the "
            "generator with a DATABASE_URL of a superuser or a role with BYPASSRLS."
        )


def _places() -> list[Place]:
    year = PopulationByAge.objects.order_by("-year").values_list("year", flat=True).first()
    if year is None:
        raise NationalDataError("No population figures: run load_reference_data first.")
    totals = dict(
        PopulationByAge.objects.filter(year=year)
        .values("municipality_id")
        .annotate(total=Sum("count"))
        .values_list("municipality_id", "total")
    )
    return [
        Place(number=number, county=county, weight=totals.get(number, 0))
        for number, county in Municipality.objects.order_by("number").values_list(
            "number", "county_id"
        )
    ]


def _rng(seed: int, *parts: object) -> random.Random:
    digest = hashlib.sha256(":".join(str(part) for part in (seed, *parts)).encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))  # noqa: S311


def _staff_and_units(gen: Generator, places: list[Place]) -> None:
    """Municipal units and staff; the county authorities' upper secondary schools and
    follow-up services and a health trust per county with a child and adolescent mental health
    clinic, each with staff, as partners of the municipalities they serve."""
    organisations = dict(
        Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY).values_list(
            "municipality_id", "id"
        )
    )
    authorities = dict(
        Organisation.objects.filter(kind=OrganisationKind.COUNTY_AUTHORITY).values_list(
            "county_id", "id"
        )
    )
    names = dict(Municipality.objects.values_list("number", "name_norwegian"))
    county_names = dict(Municipality.objects.values_list("county_id", "county__name_norwegian"))
    by_county: dict[str, list[Place]] = {}
    for place in places:
        by_county.setdefault(place.county, []).append(place)
    # The health trusts first: the units below name them.
    trusts: dict[str, uuid.UUID] = {}
    for county, members in sorted(by_county.items()):
        trust_id = trusts[county] = gen.new_uuid(gen.random)
        gen.buffer.add(
            "units_organisation",
            ("id", "kind", "name", "organisation_number", "municipality_id", "county_id"),
            [trust_id, OrganisationKind.HEALTH_TRUST,
             f"Helseforetaket i {county_names[county]} (syntetisk)", "", None, None],
        )  # fmt: skip
        for member in members:
            gen.buffer.add(
                "units_organisation_serves",
                ("organisation_id", "municipality_id"),
                [trust_id, member.number],
            )
    extra = apportion(gen.sizes.extra_units, [place.weight for place in places])
    staff = apportion(gen.sizes.staff, [place.weight for place in places])
    for place, extra_units, staff_count in zip(places, extra, staff, strict=True):
        organisation = organisations[place.number]
        for sector, noun in MUNICIPAL_SECTORS:
            place.units.append(
                gen.unit(
                    municipality=place.number,
                    organisation=organisation,
                    name=f"{names[place.number]} {noun}",
                    sector=sector,
                )
            )
        for index in range(extra_units):
            sector, noun = EXTRA_SECTORS[index % len(EXTRA_SECTORS)]
            place.units.append(
                gen.unit(
                    municipality=place.number,
                    organisation=organisation,
                    name=f"{PLACES[index % len(PLACES)]} {noun} {index // len(PLACES) + 1}",
                    sector=sector,
                )
            )
        for index in range(max(staff_count, 6)):
            unit_id = place.units[index % len(place.units)]
            role = Role.UNIT_LEADER if index < len(place.units) else Role.PROFESSIONAL
            place.staff.append(gen.user(municipality=place.number, unit_id=unit_id, role=role))
    for county, members in sorted(by_county.items()):
        largest = sorted(members, key=lambda place: (-place.weight, place.number))
        trust_id = trusts[county]
        partners: list[StaffMember] = []
        for place in largest[: max(1, len(members) // 3)]:
            kinds = [(trust_id, Sector.SPECIALIST_BUP, "BUP")]
            if county in authorities:  # Oslo is its own county authority
                kinds += [
                    (authorities[county], Sector.UPPER_SECONDARY, "videregående skole"),
                    (authorities[county], Sector.FOLLOW_UP_SERVICE, "oppfølgingstjenesten"),
                ]
            for organisation, sector, noun in kinds:
                unit_id = gen.unit(
                    municipality=place.number,
                    organisation=organisation,
                    name=f"{names[place.number]} {noun} (fylke/helseforetak)",
                    sector=sector,
                )
                for _index in range(3):
                    partners.append(
                        gen.user(municipality=place.number, unit_id=unit_id, role=Role.PROFESSIONAL)
                    )
        for place in members:
            place.partners = partners


def _cases(gen: Generator, place: Place, counts: dict[str, int]) -> None:
    """One municipality's children, guardians, concerns, teams, members, log and access log."""
    rng = _rng(gen.seed, "cases", place.number)
    buffer = gen.buffer
    children: list[uuid.UUID] = []
    guardians: dict[uuid.UUID, uuid.UUID] = {}
    for _index in range(counts["children"]):
        child_id = gen.new_uuid(rng)
        age_days = rng.randrange(25 * 365)
        birth_date = (WORLD_NOW - datetime.timedelta(days=age_days)).date()
        created = gen.moment(rng, days=min(age_days + 1, 3 * 365))
        buffer.add(
            "children_child",
            ("identity_number_encrypted", "identity_number_hash", "id", "municipality_id",
             "given_name", "family_name", "birth_date", "languages", "interpreter_needed",
             "interpreter_language", "created_by_id", "created_at", "updated_at"),
            [*gen.identity(birth_date, column="children.Child.identity_number", row_id=child_id),
             child_id, place.number, rng.choice(GIVEN_NAMES), rng.choice(FAMILY_NAMES),
             birth_date, "norsk", False, "", rng.choice(place.staff).id, created, created],
        )  # fmt: skip
        guardian_id = gen.new_uuid(rng)
        guardian_birth = birth_date - datetime.timedelta(days=rng.randrange(20 * 365, 40 * 365))
        buffer.add(
            "children_guardian",
            ("identity_number_encrypted", "identity_number_hash", "id", "municipality_id",
             "child_id", "name", "relation", "has_parental_responsibility", "phone", "email"),
            [*gen.identity(guardian_birth, column="children.Guardian.identity_number",
                           row_id=guardian_id),
             guardian_id, place.number, child_id,
             f"{rng.choice(GIVEN_NAMES)} {rng.choice(FAMILY_NAMES)}", rng.choice(RELATIONS),
             True, "", ""],
        )  # fmt: skip
        children.append(child_id)
        guardians[child_id] = guardian_id
    concerns: list[tuple[uuid.UUID, uuid.UUID, datetime.datetime, StaffMember]] = []
    levels: dict[uuid.UUID, int] = {}
    for index in range(counts["concerns"] if children else 0):
        concern_id = gen.new_uuid(rng)
        child_id = children[index] if index < len(children) else rng.choice(children)
        raiser = rng.choice(place.staff)
        created = gen.moment(rng, days=3 * 365)
        has_team = index < counts["teams"]
        closed = not has_team and rng.random() < 0.3
        level = rng.randrange(2, 4) if has_team else rng.randrange(0, 2)
        levels[concern_id] = level
        buffer.add(
            "concerns_concern",
            ("id", "municipality_id", "unit_id", "child_id", "level", "observed", "child_view",
             "guardians_view", "raised_by_id", "responsible_id", "status", "version",
             "created_at", "updated_at", "closed_at"),
            [concern_id, place.number, raiser.unit_id, child_id, level, rng.choice(OBSERVATIONS),
             "", "", raiser.id, raiser.id,
             "closed" if closed else "open", 1, created, created,
             created + datetime.timedelta(days=30) if closed else None],
        )  # fmt: skip
        concerns.append((concern_id, child_id, created, raiser))
    teams: dict[uuid.UUID, uuid.UUID] = {}
    opened_teams: list[OpenTeam] = []
    team_count = min(counts["teams"], len(concerns))
    sizes = apportion(counts["members"], [1.0] * team_count)
    for (concern_id, child_id, created, coordinator), size in zip(
        concerns[:team_count], sizes, strict=True
    ):
        team_id = gen.new_uuid(rng)
        opened = created + datetime.timedelta(days=rng.randrange(1, 60))
        opened = min(opened, WORLD_NOW)
        buffer.add(
            "teams_team",
            ("id", "municipality_id", "child_id", "concern_id", "originating_unit_id", "status",
             "opened_at", "closed_at", "close_reason", "final_evaluation"),
            [team_id, place.number, child_id, concern_id, coordinator.unit_id, "open", opened,
             None, "", ""],
        )  # fmt: skip
        members = [coordinator]
        others = [member for member in place.staff if member.id != coordinator.id]
        members += rng.sample(others, min(max(size - 1, 0), len(others)))
        if place.partners and len(members) > 1 and rng.random() < CROSS_ORGANISATION_SHARE:
            members[-1] = rng.choice(place.partners)
        for position, member in enumerate(members):
            buffer.add(
                "teams_teammember",
                ("id", "team_id", "user_id", "unit_id", "role", "status", "invited_by_id",
                 "invited_at", "joined_at", "left_at"),
                [gen.next_member_id, team_id, member.id, member.unit_id,
                 "coordinator" if position == 0 else "member", "active",
                 None if position == 0 else coordinator.id, opened, opened, None],
            )  # fmt: skip
            gen.next_member_id += 1
        teams[concern_id] = team_id
        opened_teams.append(
            OpenTeam(team_id=team_id, child_id=child_id, concern_id=concern_id,
                     level=levels[concern_id], opened=opened, members=members)
        )  # fmt: skip
        _consent(gen, place, rng, team_id=team_id, child_id=child_id,
                 guardian_id=guardians[child_id], coordinator=coordinator,
                 units={member.unit_id for member in members}, given=opened)  # fmt: skip
    _team_work(gen, place, opened_teams)
    for _index in range(counts["log_entries"] if concerns else 0):
        concern_id, child_id, created, _raiser = rng.choice(concerns)
        author = rng.choice(place.staff)
        occurred = created + datetime.timedelta(seconds=rng.randrange(90 * 86_400))
        buffer.add(
            "teams_logentry",
            ("id", "municipality_id", "child_id", "concern_id", "team_id", "kind", "text",
             "message", "params", "author_id", "author_label", "occurred_at"),
            [gen.next_log_id, place.number, child_id, concern_id, teams.get(concern_id), "note",
             rng.choice(NOTES), "", {}, author.id, author.username, min(occurred, WORLD_NOW)],
        )  # fmt: skip
        gen.next_log_id += 1
    _access_events(gen, place, rng, counts["access_events"] if concerns else 0, concerns, teams)


@dataclass
class OpenTeam:
    """What the plan, meetings, tasks, hand-over and report of an open team are made from."""

    team_id: uuid.UUID
    child_id: uuid.UUID
    concern_id: uuid.UUID
    level: int
    opened: datetime.datetime
    members: list[StaffMember]


GOALS = [
    ("Jeg vil gå på skolen hver dag.", True),
    ("Jeg vil ha noen å være sammen med i friminuttene.", True),
    ("Jeg vil sove bedre og ikke være så trøtt.", True),
    ("Jeg vil klare å si ifra når jeg blir sint.", True),
    ("Barnet har stabilt oppmøte og trives på skolen.", False),
    ("Familien har faste rutiner for søvn og måltider.", False),
    ("Språket utvikler seg i takt med alderen.", False),
]
MEASURES = [
    "Ukentlig samtale med helsesykepleier",
    "Tett oppfølging av fraværet hos kontaktlærer",
    "Foreldreveiledning (ICDP)",
    "Språkgruppe i barnehagen",
    "Vurdering fra PPT",
    "Fast voksen i friminuttene",
    "Fritidsaktivitet med støttekontakt",
    "Samtaler om sinnemestring",
]
AGENDAS = [
    "Status siden sist, planens mål og tiltak, veien videre.",
    "Evaluering av tiltakene og barnets egen vurdering.",
    "Oppstart: hva er viktig for barnet, hvem gjør hva.",
]
MINUTES = [
    "Alle tiltak videreføres. Barnet sier det går bedre på skolen.",
    "Fraværet er redusert. PPT kommer med sin vurdering før neste møte.",
    "Foreldrene opplever veiledningen som nyttig. Nytt møte om seks uker.",
]
TASK_TITLES = [
    "Sende referatet til foreldrene",
    "Avtale samtale med barnet før neste møte",
    "Be PPT om en vurdering",
    "Oppdatere planen etter evalueringen",
    "Kontakte fastlegen med samtykke fra foreldrene",
]
HANDOVER_TRANSITIONS = [
    "kindergarten_school", "primary_lower_secondary", "lower_upper_secondary", "other",
]  # fmt: skip
# The deadlines of a report to child welfare, as `concerns.services.welfare_report_send` makes
# them (days after it was sent; the second is met by the receipt).
WELFARE_REPORT_DEADLINES = [
    (7, "Child welfare reviews the report (within 1 week)"),
    (21, "Child welfare confirms receipt to the reporter (within 3 weeks)"),
    (92, "Child welfare completes any investigation (within 3 months)"),
]
# Of the open teams, the share with an open hand-over of the coordinator role; of the level-3
# concerns, the share reported to child welfare.
HANDOVER_SHARE = 0.05
WELFARE_REPORT_SHARE = 0.10

PLAN_COLUMNS = (
    "id", "municipality_id", "team_id", "is_individual_plan", "period_start", "period_end",
    "resources", "version", "updated_at",
)  # fmt: skip
GOAL_COLUMNS = (
    "id", "plan_id", "text", "in_childs_words", "status", "version", "updated_at", "updated_by_id",
)  # fmt: skip
MEASURE_COLUMNS = (
    "id", "plan_id", "goal_id", "title", "description", "kind", "responsible_unit_id",
    "responsible_person_id", "starts_on", "ends_on", "evaluate_on", "status", "version",
    "updated_at", "updated_by_id",
)  # fmt: skip
MEETING_COLUMNS = (
    "id", "team_id", "starts_at", "place", "agenda", "child_input", "guardians_input", "minutes",
    "status", "domain", "created_by_id",
)  # fmt: skip
REPORT_COLUMNS = (
    "id", "municipality_id", "unit_id", "child_id", "concern_id", "reporter_id", "grounds",
    "urgent", "guardians_informed", "legal_basis", "sent_at", "status", "receipt_received_on",
)  # fmt: skip
TASK_COLUMNS = (
    "id", "municipality_id", "child_id", "team_id", "meeting_id", "welfare_report_id", "title",
    "owner_id", "due_on", "status", "completed_at", "reminded_on", "source_key", "created_at",
)  # fmt: skip
HANDOVER_COLUMNS = (
    "id", "team_id", "transition", "from_user_id", "to_user_id", "to_unit_id", "note",
    "moving_to_id", "status", "created_at", "decided_at", "decision_note",
)  # fmt: skip


def _team_work(gen: Generator, place: Place, teams: list[OpenTeam]) -> None:
    """Each open team's plan (goals, measures with a member's unit responsible and evaluation
    dates, some past), meetings (the past ones held with minutes, one planned), tasks (some
    overdue), for about one team in twenty an open hand-over, and for about one level-3
    concern in ten a report to child welfare with its deadlines. From a generator of their own,
    so the rows before them are the same as without them."""
    rng = _rng(gen.seed, "team-work", place.number)
    buffer = gen.buffer
    today = WORLD_NOW.date()
    # First added, first copied: a report before the tasks that name it.
    for table, columns in [
        ("plans_plan", PLAN_COLUMNS), ("plans_goal", GOAL_COLUMNS),
        ("plans_measure", MEASURE_COLUMNS), ("teams_meeting", MEETING_COLUMNS),
        ("concerns_childwelfarereport", REPORT_COLUMNS), ("teams_task", TASK_COLUMNS),
        ("teams_handover", HANDOVER_COLUMNS),
    ]:  # fmt: skip
        buffer.lines(table, columns)
    for team in teams:
        coordinator = team.members[0]
        opened_on = team.opened.date()
        written = min(team.opened + datetime.timedelta(days=rng.randrange(1, 21)), WORLD_NOW)
        plan_id = gen.new_uuid(rng)
        buffer.add(
            "plans_plan",
            PLAN_COLUMNS,
            [plan_id, place.number, team.team_id, rng.random() < 0.3, opened_on,
             opened_on + datetime.timedelta(days=365), "Liker å tegne og å være ute.", 1,
             written],
        )  # fmt: skip
        goals = []
        for text, own_words in rng.sample(GOALS, rng.randint(2, 4)):
            goal_id = gen.new_uuid(rng)
            buffer.add(
                "plans_goal",
                GOAL_COLUMNS,
                [goal_id, plan_id, text, own_words, "active", 1, written, coordinator.id],
            )
            goals.append(goal_id)
        for title in rng.sample(MEASURES, rng.randint(2, 5)):
            responsible = rng.choice(team.members)
            starts = written.date() + datetime.timedelta(days=rng.randrange(0, 14))
            buffer.add(
                "plans_measure",
                MEASURE_COLUMNS,
                [gen.new_uuid(rng), plan_id, rng.choice(goals), title, "", "general",
                 responsible.unit_id, responsible.id, starts,
                 starts + datetime.timedelta(days=180),
                 starts + datetime.timedelta(days=rng.randrange(30, 240)), "active", 1, written,
                 coordinator.id],
            )  # fmt: skip
        held: list[tuple[uuid.UUID | None, datetime.datetime]] = []
        past = int((WORLD_NOW - team.opened).total_seconds())
        for _index in range(rng.randint(1, 3) - 1):
            starts_at = team.opened + datetime.timedelta(seconds=rng.randrange(max(past, 1)))
            starts_at = starts_at.replace(hour=rng.randrange(8, 15), minute=0, second=0)
            meeting_id = gen.new_uuid(rng)
            buffer.add(
                "teams_meeting",
                MEETING_COLUMNS,
                [meeting_id, team.team_id, min(starts_at, WORLD_NOW), "Møterommet på skolen",
                 rng.choice(AGENDAS), "", "", rng.choice(MINUTES), "held", "", coordinator.id],
            )  # fmt: skip
            held.append((meeting_id, min(starts_at, WORLD_NOW)))
        planned = (WORLD_NOW + datetime.timedelta(days=rng.randrange(1, 45))).replace(
            hour=rng.randrange(8, 15), minute=0, second=0
        )
        buffer.add(
            "teams_meeting",
            MEETING_COLUMNS,
            [gen.new_uuid(rng), team.team_id, planned, "Møterommet på skolen",
             rng.choice(AGENDAS), "", "", "", "planned", "", coordinator.id],
        )  # fmt: skip
        for title in rng.sample(TASK_TITLES, rng.randint(1, 4)):
            decided_in, created = rng.choice(held) if held else (None, written)
            due = max(created.date(), today + datetime.timedelta(days=rng.randrange(-30, 45)))
            done = due < today and rng.random() < 0.4
            buffer.add(
                "teams_task",
                TASK_COLUMNS,
                [gen.new_uuid(rng), place.number, team.child_id, team.team_id, decided_in, None,
                 title, rng.choice(team.members).id, due, "done" if done else "open",
                 datetime.datetime.combine(due, datetime.time(12), datetime.UTC) if done else None,
                 None, "", created],
            )  # fmt: skip
        if rng.random() < HANDOVER_SHARE:
            receivers = [member for member in place.staff if member.unit_id != coordinator.unit_id]
            if receivers:
                receiver = rng.choice(receivers)
                buffer.add(
                    "teams_handover",
                    HANDOVER_COLUMNS,
                    [gen.new_uuid(rng), team.team_id, rng.choice(HANDOVER_TRANSITIONS),
                     coordinator.id, receiver.id, receiver.unit_id,
                     "Planen og referatene ligger i teamet.", None, "open",
                     WORLD_NOW - datetime.timedelta(seconds=rng.randrange(14 * 86_400)), None, ""],
                )  # fmt: skip
        if team.level == 3 and rng.random() < WELFARE_REPORT_SHARE:
            _welfare_report(gen, place, rng, team, coordinator)


def _welfare_report(
    gen: Generator, place: Place, rng: random.Random, team: OpenTeam, reporter: StaffMember
) -> None:
    """A report to child welfare on the team's concern, with its three deadlines as tasks for
    the reporter; child welfare's receipt has come for most of those sent over three weeks ago."""
    sent_at = min(team.opened + datetime.timedelta(seconds=rng.randrange(30 * 86_400)), WORLD_NOW)
    sent_on = sent_at.date()
    receipt = None
    if (WORLD_NOW.date() - sent_on).days > 21 and rng.random() < 0.7:
        receipt = sent_on + datetime.timedelta(days=rng.randrange(1, 21))
    report_id = gen.new_uuid(rng)
    gen.buffer.add(
        "concerns_childwelfarereport",
        REPORT_COLUMNS,
        [report_id, place.number, reporter.unit_id, team.child_id, team.concern_id, reporter.id,
         rng.choice(OBSERVATIONS), rng.random() < 0.1, rng.random() < 0.8,
         "barnevernsloven § 13-2", sent_at, "sent", receipt],
    )  # fmt: skip
    for days, title in WELFARE_REPORT_DEADLINES:
        done = receipt is not None and days == 21
        gen.buffer.add(
            "teams_task",
            TASK_COLUMNS,
            [gen.new_uuid(rng), place.number, team.child_id, None, None, report_id, title,
             reporter.id, sent_on + datetime.timedelta(days=days), "done" if done else "open",
             datetime.datetime.combine(receipt, datetime.time(12), datetime.UTC)
             if done and receipt else None,
             None, "", sent_at],
        )  # fmt: skip


def _consent(
    gen: Generator,
    place: Place,
    rng: random.Random,
    *,
    team_id: uuid.UUID,
    child_id: uuid.UUID,
    guardian_id: uuid.UUID,
    coordinator: StaffMember,
    units: set[uuid.UUID],
    given: datetime.datetime,
) -> None:
    """The guardians' consent that admits the team's units (`teams.access` asks for one)."""
    consent_id = gen.new_uuid(rng)
    gen.buffer.add(
        "consents_consent",
        ("id", "municipality_id", "child_id", "team_id", "kind", "given_by", "legal_reference",
         "information_kinds", "purpose", "text", "method", "evidence_note", "valid_from",
         "valid_until", "recorded_by_id", "recorded_by_label", "recorded_at", "withdrawn_at",
         "withdrawn_by_label", "withdrawal_note"),
        [consent_id, place.number, child_id, team_id, "consent", "guardians", "",
         ["plan", "log", "school", "health"], "Samarbeid i teamet rundt barnet.",
         "Vi samtykker til at tjenestene i teamet samarbeider og deler opplysninger.", "paper",
         "", given.date(), None, coordinator.id, coordinator.username, given, None, "", ""],
    )  # fmt: skip
    gen.buffer.add(
        "consents_consent_guardians",
        ("id", "consent_id", "guardian_id"),
        [gen.next_consent_link_id, consent_id, guardian_id],
    )
    gen.next_consent_link_id += 1
    for unit_id in sorted(units):
        gen.buffer.add(
            "consents_consent_units",
            ("id", "consent_id", "unit_id"),
            [gen.next_consent_link_id, consent_id, unit_id],
        )
        gen.next_consent_link_id += 1


def _access_events(
    gen: Generator,
    place: Place,
    rng: random.Random,
    count: int,
    concerns: list[tuple[uuid.UUID, uuid.UUID, datetime.datetime, StaffMember]],
    teams: dict[uuid.UUID, uuid.UUID],
) -> None:
    """The municipality's chain: `count` reads and writes over the last year, in time order,
    each linked to the one before by its hash, as `audit.services` writes them."""
    times = sorted(rng.randrange(365 * 86_400) for _index in range(count))
    previous = GENESIS_HASH
    start = WORLD_NOW - datetime.timedelta(days=365)
    chain = place.number
    # The hot loop of the generator (3 million rows at scale 1): each line is put together
    # directly; every value in it is a number, a uuid, a time or one of the fixed texts above.
    cases = [
        (child_id, str(child_id), str(concern_id), str(teams[concern_id]) if concern_id in teams
         else None)
        for concern_id, child_id, _created, _raiser in concerns
    ]  # fmt: skip
    lines = gen.buffer.lines("audit_accessevent", ACCESS_EVENT_COLUMNS)
    for sequence, offset in enumerate(times, start=1):
        child_id, child_text, concern_text, team_text = rng.choice(cases)
        actor = rng.choice(place.staff)
        kind = rng.choice(ACCESS_OBJECTS)
        if kind == "team" and team_text is None:
            kind = "concern"
        object_id = {"child": child_text, "concern": concern_text, "team": team_text}[kind]
        action = "read" if rng.random() < 0.9 else "update"
        purpose = rng.choice(READ_PURPOSES)
        occurred_at = start + datetime.timedelta(seconds=offset)
        digest = event_content_hash(
            chain=chain,
            sequence=sequence,
            occurred_at=occurred_at,
            actor_id=actor.id,
            actor_label=actor.username,
            action=action,
            object_type=kind,
            object_id=str(object_id),
            child_id=child_id,
            municipality_id=chain,
            purpose=purpose,
            legal_basis="",
            request_id="",
            detail={},
            previous_hash=previous,
        )
        lines.append(
            f"{gen.next_event_id}\t{chain}\t{sequence}\t{occurred_at.isoformat()}\t{actor.id}\t"
            f"{actor.username}\t{action}\t{kind}\t{object_id}\t{child_text}\t{chain}\t"
            f"{purpose}\t\t\t{{}}\t{previous}\t{digest}"
        )
        gen.next_event_id += 1
        previous = digest
    gen.buffer.counts["audit_accessevent"] = gen.buffer.counts.get("audit_accessevent", 0) + count
    if count:
        ChainHead.objects.update_or_create(
            chain=place.number, defaults={"sequence": len(times), "hash": previous}
        )


ACCESS_EVENT_COLUMNS = (
    "id", "chain", "sequence", "occurred_at", "actor_id", "actor_label", "action", "object_type",
    "object_id", "child_id", "municipality_id", "purpose", "legal_basis", "request_id", "detail",
    "previous_hash", "hash",
)  # fmt: skip


def _services(gen: Generator, places: list[Place]) -> list[uuid.UUID]:
    """Services in the directory, each municipality's under its own organisation."""
    names = dict(Municipality.objects.values_list("number", "name_norwegian"))
    counts = apportion(gen.sizes.services, [place.weight for place in places])
    service_ids: list[uuid.UUID] = []
    for place, count in zip(places, counts, strict=True):
        rng = _rng(gen.seed, "services", place.number)
        organization_id = gen.new_uuid(rng)
        gen.buffer.add(
            "directory_organization",
            ("created_at", "last_modified", "id", "name", "alternate_name", "description",
             "email", "website", "tax_status", "tax_id", "legal_status", "logo", "uri",
             "parent_organization_id", "municipality_id", "unit_id"),
            [WORLD_NOW, WORLD_NOW, organization_id, f"{names[place.number]} kommune", "", "", "",
             "", "", "", "", "", "", None, place.number, None],
        )  # fmt: skip
        for index in range(count):
            name, description, minimum, maximum = SERVICE_KINDS[index % len(SERVICE_KINDS)]
            service_id = gen.new_uuid(rng)
            gen.buffer.add(
                "directory_service",
                SERVICE_COLUMNS,
                [WORLD_NOW, WORLD_NOW, service_id, organization_id,
                 f"{name} {PLACES[index % len(PLACES)]} {index // len(PLACES) + 1}", "",
                 description, "", "", "active", "", "", "", "", "", "", "", minimum, maximum,
                 None, "", "", "", False, "", False, "", "", "", None, None, "generated"],
            )  # fmt: skip
            service_ids.append(service_id)
    return service_ids


SERVICE_COLUMNS = (
    "created_at", "last_modified", "id", "organization_id", "name", "alternate_name",
    "description", "url", "email", "status", "interpretation_services", "application_process",
    "fees_description", "wait_time", "fees", "accreditations", "eligibility_description",
    "minimum_age", "maximum_age", "assured_date", "assurer_email", "licenses", "alert",
    "is_national", "legal_basis", "self_referral", "referral_from", "expects_to_receive",
    "internal_referral_route", "owner_id", "last_reviewed", "source",
)  # fmt: skip


def _chunks(items: Sequence[uuid.UUID], size: int) -> Iterator[Sequence[uuid.UUID]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


# The large tables: their indexes (other than primary keys and constraints) are dropped while
# the rows are copied and built again at the end, which is much faster than row by row.
BULK_TABLES = [
    "audit_accessevent", "teams_logentry", "teams_teammember", "teams_team", "concerns_concern",
    "children_child", "children_guardian", "consents_consent", "consents_consent_units",
    "plans_goal", "plans_measure", "teams_meeting", "teams_task",
]  # fmt: skip


def _indexes_drop(cursor: Any) -> list[str]:
    """Drop the plain indexes of the bulk tables; the statements that create them again."""
    cursor.execute(
        "SELECT i.relname, pg_get_indexdef(x.indexrelid) FROM pg_index x "
        "JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid "
        "WHERE t.relname = ANY(%s) "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid) "
        "ORDER BY t.relname, i.relname",
        [BULK_TABLES],
    )
    found = cursor.fetchall()
    for name, _definition in found:
        cursor.execute(f'DROP INDEX "{name}"')
    # A partitioned table's index (the access log's, audit migration 0010) is defined ON ONLY
    # the parent; built again without ONLY, it is built on every partition too.
    return [definition.replace(" ON ONLY ", " ON ", 1) for _name, definition in found]


def _sequences_reset() -> None:
    with connection.cursor() as cursor:
        for table in ["people_user", "people_membership", "teams_teammember", "teams_logentry",
                      "audit_accessevent", "consents_consent_guardians",
                      "consents_consent_units"]:  # fmt: skip
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                f"coalesce((SELECT max(id) FROM {table}), 0) + 1, false)"
            )


def national_generate(
    *,
    scale: float,
    seed: int,
    staff_password: str | None = None,
    progress: Any = None,
) -> GenerationReport:
    """Fill the empty database at `scale` from `seed`, in one transaction; the row counts."""
    gen = Generator(scale=scale, seed=seed, staff_password=staff_password)
    say = progress or (lambda message: None)
    with scope.owner_session():
        _generate(gen, say)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return GenerationReport(scale=scale, seed=seed, rows=dict(gen.buffer.counts))


@transaction.atomic
def _generate(gen: Generator, say: Any) -> None:
    """The rows, in one transaction: a failure leaves nothing behind."""
    database_check()
    scope.scope_set(municipalities=None)
    # The access log is partitioned by month: the generated year and the months ahead.
    access_log_partitions_create(
        first=(WORLD_NOW - datetime.timedelta(days=366)).date(), last=WORLD_NOW.date()
    )
    access_log_partitions_ensure()
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        row = cursor.fetchone()
        if row and row[0]:
            # The rows are consistent by construction: a superuser skips the foreign key
            # triggers for this transaction (the largest part of the time), as pg_restore does.
            cursor.execute("SET LOCAL session_replication_role = replica")
            indexes = _indexes_drop(cursor)
        else:
            indexes = []
            # Checked per row as it is copied, not queued to the end of the transaction.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    places = _places()
    _staff_and_units(gen, places)
    gen.buffer.flush()
    say(f"staff and units: {gen.next_user_id - 1} staff")
    children = apportion(gen.sizes.children, [place.weight for place in places])
    weights = [float(count) for count in children]
    shares = {
        name: apportion(getattr(gen.sizes, name), weights)
        for name in ["concerns", "teams", "members", "log_entries", "access_events"]
    }
    for index, place in enumerate(places):
        counts = {"children": children[index]} | {
            name: values[index] for name, values in shares.items()
        }
        _cases(gen, place, counts)
        if gen.buffer.pending() >= 200_000:
            gen.buffer.flush()
            say(f"cases: {index + 1}/{len(places)} municipalities")
    gen.buffer.flush()
    service_ids = _services(gen, places)
    gen.buffer.flush()
    for chunk in _chunks(service_ids, 2000):
        search_index_update(service_ids=chunk)
    say(f"directory: {len(service_ids)} services indexed")
    _sequences_reset()
    with connection.cursor() as cursor:
        for definition in indexes:
            cursor.execute(definition)
    say(f"indexes: {len(indexes)} rebuilt")


# The tables a digest covers, each in a fixed order.
DIGEST_TABLES = [
    ("people_user", "id"),
    ("people_membership", "id"),
    ("units_unit", "id"),
    ("units_organisation", "id"),
    ("children_child", "id"),
    ("children_guardian", "id"),
    ("concerns_concern", "id"),
    ("teams_team", "id"),
    ("teams_teammember", "id"),
    ("consents_consent", "id"),
    ("consents_consent_units", "id"),
    ("teams_logentry", "id"),
    ("audit_accessevent", "id"),
    ("audit_chainhead", "chain"),
    ("directory_service", "id"),
    ("plans_plan", "id"),
    ("plans_goal", "id"),
    ("plans_measure", "id"),
    ("teams_meeting", "id"),
    ("teams_task", "id"),
    ("teams_handover", "id"),
    ("concerns_childwelfarereport", "id"),
]


def national_digest(tables: Iterable[tuple[str, str]] = DIGEST_TABLES) -> str:
    """A SHA-256 over every row of the generated tables (as PostgreSQL prints them)."""
    digest = hashlib.sha256()
    with connection.cursor() as cursor:
        for table, order in tables:
            cursor.execute(f"SELECT t::text FROM {table} t ORDER BY {order}")  # noqa: S608
            for (row,) in cursor.fetchall():
                digest.update(row.encode())
                digest.update(b"\n")
    return digest.hexdigest()
