"""The map of duties: what the law requires of the services around a child, by sector, with
sources and dates – the duty to collaborate, the duty to inform child welfare, the individual
plan and coordinator, and the barnekoordinator (issue 15, item 5).

The duties live in `rights/duties/*.toml` (one file per kind, the laws and the version in
`laws.toml`), shaped like the rights table (`rights.table`, whose `Law`, `Statute` and law
loader it reuses): each duty has its statutes, a source that was read, the day it was last
checked, whether it is confirmed (and why not), the sectors it binds, `in_force_from` and perhaps
`in_force_until` (exclusive), and explanations in the child's voice (bokmål, nynorsk, English)
and the professional's (bokmål, English). A change in the law is a new duty with dates, never an
edit.

`applicable_duties` works out which duties apply to one child's team from facts the team has:
the services on it, the child's age, and two facts the coordinator records (long-term and
coordinated needs; serious illness, injury or disability).
"""

from __future__ import annotations

import datetime
import itertools
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.db import models
from django.utils.translation import gettext_lazy as _

from rights.table import (
    Law,
    Statute,
    in_english,
    in_nynorsk,
    prose,
    read_laws,
    texts_check,
)
from units.models import Sector

DUTIES_DIR = Path(__file__).resolve().parent / "duties"
# The day the 2022 amendments to the welfare laws entered into force (Prop. 100 L (2020–2021)).
AMENDMENTS_2022 = datetime.date(2022, 8, 1)


class DutyKind(models.TextChoices):
    COLLABORATE = "collaborate", _("Duty to collaborate")
    INFORM = "inform", _("Duty to inform child welfare")
    PLAN = "plan", _("Right to an individual plan")
    COORDINATOR = "coordinator", _("Right to a coordinator")
    CHILD_COORDINATOR = "child_coordinator", _("Right to a barnekoordinator")


class DutyTableError(ValueError):
    """The duty files are broken; the message lists every problem found."""


@dataclass(frozen=True)
class Duty:
    id: str
    kind: DutyKind
    sectors: tuple[Sector, ...]
    statutes: tuple[Statute, ...]
    in_force_from: datetime.date
    in_force_until: datetime.date | None
    # Exclusive, in whole years: the duty concerns children under this age (None: no limit).
    age_until: int | None
    last_checked: datetime.date
    verified: bool
    source_url: str
    conditions_nb: str
    conditions_en: str
    explanation_nb: str
    explanation_en: str
    # The child's voice in nynorsk; the conditions, the reasons a duty is not confirmed and the
    # professional's voice stay bokmål or English, like the rights table's.
    explanation_nn: str
    professional_nb: str
    professional_en: str
    unconfirmed_nb: str = ""
    unconfirmed_en: str = ""

    def in_force_on(self, on: datetime.date) -> bool:
        return self.in_force_from <= on and (
            self.in_force_until is None or on < self.in_force_until
        )

    def applies_at(self, age: int) -> bool:
        return self.age_until is None or age < self.age_until

    @property
    def conditions(self) -> str:
        return self.conditions_en if in_english() else self.conditions_nb

    @property
    def explanation(self) -> str:
        """In the child's voice, for the public page, in the reader's language: bokmål, nynorsk
        or English."""
        if in_nynorsk():
            return self.explanation_nn
        return self.explanation_en if in_english() else self.explanation_nb

    @property
    def professional_explanation(self) -> str:
        """In the professional's voice, for the team page."""
        return self.professional_en if in_english() else self.professional_nb

    @property
    def unconfirmed(self) -> str:
        return self.unconfirmed_en if in_english() else self.unconfirmed_nb

    @property
    def sector_labels(self) -> list[str]:
        return [str(sector.label) for sector in self.sectors]

    @property
    def source_host(self) -> str:
        host = urlsplit(self.source_url).hostname or self.source_url
        return host.removeprefix("www.")


@dataclass(frozen=True)
class DutyTable:
    version: str
    laws: Mapping[str, Law]
    duties: tuple[Duty, ...]

    def duty(self, duty_id: str) -> Duty | None:
        return next((duty for duty in self.duties if duty.id == duty_id), None)

    def in_force(self, on: datetime.date) -> list[Duty]:
        return [duty for duty in self.duties if duty.in_force_on(on)]

    def of_kind(self, kind: DutyKind, *, on: datetime.date | None = None) -> list[Duty]:
        """The duties of one kind, in force on `on` (every date when None), oldest first."""
        return sorted(
            (
                duty
                for duty in self.duties
                if duty.kind == kind and (on is None or duty.in_force_on(on))
            ),
            key=lambda duty: (duty.in_force_from, duty.id),
        )

    def for_sectors(
        self, kind: DutyKind, sectors: Iterable[str], *, on: datetime.date, age: int
    ) -> list[Duty]:
        wanted = set(sectors)
        return [
            duty
            for duty in self.of_kind(kind, on=on)
            if wanted & set(duty.sectors) and duty.applies_at(age)
        ]

    @property
    def updated_on(self) -> datetime.date:
        return max(duty.last_checked for duty in self.duties)

    def uncovered_sectors(self, kind: DutyKind, *, on: datetime.date) -> list[Sector]:
        """Sectors no duty of this kind names on the date: not in the map, not "no duty"."""
        named = {sector for duty in self.of_kind(kind, on=on) for sector in duty.sectors}
        return [sector for sector in Sector if sector not in named]


_DUTY_KEYS = {
    "id",
    "sectors",
    "statutes",
    "in_force_from",
    "in_force_until",
    "age_until",
    "last_checked",
    "verified",
    "source_url",
    "conditions_nb",
    "conditions_en",
    "explanation_nb",
    "explanation_en",
    "explanation_nn",
    "professional_nb",
    "professional_en",
    "unconfirmed_nb",
    "unconfirmed_en",
}
_OPTIONAL_KEYS = {"in_force_until", "age_until", "unconfirmed_nb", "unconfirmed_en"}


def _duty(
    fields: Mapping[str, Any], kind: DutyKind, laws: Mapping[str, Law], problems: list[str]
) -> Duty | None:
    where = f"duty {fields.get('id', '?')}"
    unknown = set(fields) - _DUTY_KEYS
    missing = (_DUTY_KEYS - _OPTIONAL_KEYS) - set(fields)
    if unknown or missing:
        problems.append(f"{where}: unknown keys {sorted(unknown)}, missing keys {sorted(missing)}")
        return None
    if not str(fields["id"]).startswith(f"{kind.value}."):
        problems.append(f"{where}: the id must start with {kind.value}.")
    for key in ("in_force_from", "last_checked"):
        if not isinstance(fields[key], datetime.date):
            problems.append(f"{where}: {key} must be a date (YYYY-MM-DD)")
    until = fields.get("in_force_until")
    if until is not None and (
        not isinstance(until, datetime.date)
        or not isinstance(fields["in_force_from"], datetime.date)
        or until <= fields["in_force_from"]
    ):
        problems.append(f"{where}: in_force_until must be a date after in_force_from")
    age_until = fields.get("age_until")
    if age_until is not None and (
        not isinstance(age_until, int) or isinstance(age_until, bool) or age_until <= 0
    ):
        problems.append(f"{where}: age_until must be a whole number above 0")
    if not isinstance(fields["verified"], bool):
        problems.append(f"{where}: verified must be true or false")
    if not str(fields["source_url"]).startswith("https://"):
        problems.append(f"{where}: source_url must be an https address")
    texts_check(
        fields,
        where,
        problems,
        texts=("conditions", "explanation", "professional"),
        unconfirmed="an unconfirmed duty",
        confirmed="a confirmed duty",
    )
    sectors = []
    for value in fields["sectors"]:
        try:
            sectors.append(Sector(value))
        except ValueError:
            problems.append(f"{where}: {value!r} is not a sector")
    if not sectors:
        problems.append(f"{where}: at least one sector is needed")
    statutes = []
    for statute in fields["statutes"]:
        law = laws.get(statute.get("law", ""))
        if law is None or not str(statute.get("section", "")).strip():
            problems.append(f"{where}: statute {statute!r} needs a known law and a section")
            continue
        statutes.append(Statute(law=law, section=str(statute["section"])))
    if not statutes:
        problems.append(f"{where}: at least one statute is needed")
    return Duty(
        id=str(fields["id"]),
        kind=kind,
        sectors=tuple(sectors),
        statutes=tuple(statutes),
        in_force_from=fields["in_force_from"],
        in_force_until=until,
        age_until=age_until,
        last_checked=fields["last_checked"],
        verified=fields["verified"],
        source_url=str(fields["source_url"]),
        conditions_nb=prose(fields["conditions_nb"]),
        conditions_en=prose(fields["conditions_en"]),
        explanation_nb=prose(fields["explanation_nb"]),
        explanation_en=prose(fields["explanation_en"]),
        explanation_nn=prose(fields["explanation_nn"]),
        professional_nb=prose(fields["professional_nb"]),
        professional_en=prose(fields["professional_en"]),
        unconfirmed_nb=prose(fields.get("unconfirmed_nb", "")),
        unconfirmed_en=prose(fields.get("unconfirmed_en", "")),
    )


def overlap_problems(duties: Iterable[Duty]) -> list[str]:
    """Two duties of one kind for the same sector in force on the same day are an error: a
    change ends the old duty (`in_force_until`) on the day the new one starts."""
    problems = []
    by_key: dict[tuple[DutyKind, Sector], list[Duty]] = {}
    for duty in duties:
        for sector in duty.sectors:
            by_key.setdefault((duty.kind, sector), []).append(duty)
    for (kind, sector), found in sorted(by_key.items()):
        found.sort(key=lambda duty: duty.in_force_from)
        for before, after in itertools.pairwise(found):
            if before.in_force_until is None or after.in_force_from < before.in_force_until:
                problems.append(f"{kind}/{sector}: {before.id} and {after.id} overlap in time")
    return problems


def load_duties(directory: Path = DUTIES_DIR) -> DutyTable:
    """Read and check every duty file; raise DutyTableError listing all problems."""
    problems: list[str] = []
    with (directory / "laws.toml").open("rb") as handle:
        header = tomllib.load(handle)
    laws = read_laws(header, problems)
    duties: list[Duty] = []
    for path in sorted(directory.glob("*.toml")):
        if path.name == "laws.toml":
            continue
        with path.open("rb") as handle:
            data = tomllib.load(handle)
        try:
            kind = DutyKind(str(data.get("kind", "")))
        except ValueError:
            problems.append(f"{path.name}: {data.get('kind')!r} is not a kind of duty")
            continue
        if path.stem != kind.value:
            problems.append(f"{path.name}: the file for kind {kind.value} must be named so")
        for fields in data.get("duty", []):
            duty = _duty(fields, kind, laws, problems)
            if duty is not None:
                duties.append(duty)
    ids = [duty.id for duty in duties]
    problems.extend(
        f"duty {duty_id}: the id is used twice"
        for duty_id in sorted(set(ids))
        if ids.count(duty_id) > 1
    )
    if not problems:
        problems.extend(overlap_problems(duties))
    if problems:
        raise DutyTableError("The map of duties is broken:\n" + "\n".join(problems))
    return DutyTable(version=str(header["version"]), laws=laws, duties=tuple(duties))


DUTIES = load_duties()


# --- Which duties apply to one child's team ------------------------------------------------------


@dataclass(frozen=True)
class TeamFacts:
    """What the team knows that decides the duties: the services (units) on it and their
    sectors, the child's age, and the two facts the coordinator records."""

    units: int
    sectors: frozenset[str]
    age: int
    long_term_needs: bool
    serious_illness_or_disability: bool


@dataclass(frozen=True)
class ApplicableDuty:
    kind: DutyKind
    # Why it applies here, in the professional's voice.
    reason: str
    # The duties of the table behind it, for the sectors on the team.
    duties: tuple[Duty, ...]


@dataclass(frozen=True)
class MissingFact:
    """A duty that would apply if the coordinator recorded a fact the team does not have."""

    kind: DutyKind
    needs: str


@dataclass(frozen=True)
class TeamDuties:
    applies: tuple[ApplicableDuty, ...]
    missing: tuple[MissingFact, ...]

    def kinds(self) -> list[DutyKind]:
        return [duty.kind for duty in self.applies]


def _all_sectors(table: DutyTable, kind: DutyKind, on: datetime.date) -> list[str]:
    """A right the child has whichever services are on the team: every sector that gives it."""
    return [sector for duty in table.of_kind(kind, on=on) for sector in duty.sectors]


def applicable_duties(
    facts: TeamFacts, *, on: datetime.date, table: DutyTable = DUTIES
) -> TeamDuties:
    """The duties that apply to the team on a date, and those a missing fact keeps back.

    - Two or more services on the team: each has the duty to collaborate.
    - The child is under 18: every service has the duty to inform child welfare.
    - Long-term and coordinated needs and two or more services: the right to an individual plan
      and to a coordinator (every sector that gives it, whether or not it is on the team yet).
    - Serious illness, injury or disability with long-term needs, under 18: the right to a
      barnekoordinator (only from 1 August 2022).
    """
    applies: list[ApplicableDuty] = []
    missing: list[MissingFact] = []
    several = facts.units >= 2

    def add(kind: DutyKind, reason: str, *, sectors: Iterable[str] | None = None) -> None:
        found = table.for_sectors(
            kind, facts.sectors if sectors is None else sectors, on=on, age=facts.age
        )
        if found or kind == DutyKind.COLLABORATE:
            applies.append(ApplicableDuty(kind=kind, reason=reason, duties=tuple(found)))

    if several and on >= AMENDMENTS_2022:
        add(
            DutyKind.COLLABORATE,
            str(
                _(
                    "%(count)s services are on the team: each must collaborate with the others "
                    "when it is needed to give the child a whole and coordinated service."
                )
                % {"count": facts.units}
            ),
        )
    if facts.age < 18:
        add(
            DutyKind.INFORM,
            str(
                _(
                    "The child is under 18: every service on the team must tell child welfare "
                    "when there is reason to believe the child is seriously neglected or harmed."
                )
            ),
        )
    if several and facts.long_term_needs:
        add(
            DutyKind.PLAN,
            str(
                _(
                    "The coordinator has recorded long-term and coordinated needs, and several "
                    "services help: the child has a right to an individual plan, if the child "
                    "or the guardians want it."
                )
            ),
            sectors=_all_sectors(table, DutyKind.PLAN, on),
        )
        add(
            DutyKind.COORDINATOR,
            str(
                _(
                    "With long-term and coordinated needs the child has a right to a "
                    "coordinator, also without an individual plan."
                )
            ),
            sectors=_all_sectors(table, DutyKind.COORDINATOR, on),
        )
    elif several:
        missing.append(
            MissingFact(
                kind=DutyKind.PLAN,
                needs=str(_("Record whether the child has long-term and coordinated needs.")),
            )
        )
    child_coordinator_in_force = bool(table.of_kind(DutyKind.CHILD_COORDINATOR, on=on))
    if facts.age < 18 and child_coordinator_in_force:
        if facts.serious_illness_or_disability and facts.long_term_needs:
            add(
                DutyKind.CHILD_COORDINATOR,
                str(
                    _(
                        "The coordinator has recorded serious illness, injury or disability "
                        "and long-term needs: the family has a right to a barnekoordinator, "
                        "appointed by the municipality."
                    )
                ),
                sectors=_all_sectors(table, DutyKind.CHILD_COORDINATOR, on),
            )
        else:
            missing.append(
                MissingFact(
                    kind=DutyKind.CHILD_COORDINATOR,
                    needs=str(
                        _(
                            "Record whether the child has a serious illness, injury or "
                            "disability with long-term needs."
                        )
                    ),
                )
            )
    return TeamDuties(applies=tuple(applies), missing=tuple(missing))


# --- The public map ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DutySection:
    kind: DutyKind
    # Every duty of the kind, the ones no longer in force too, oldest first.
    duties: tuple[Duty, ...]
    # Sectors no duty of this kind in force today names.
    uncovered: tuple[Sector, ...]

    @property
    def uncovered_labels(self) -> list[str]:
        return [str(sector.label) for sector in self.uncovered]


def duty_sections(*, on: datetime.date, table: DutyTable = DUTIES) -> list[DutySection]:
    """The map by kind of duty, for the public page."""
    return [
        DutySection(
            kind=kind,
            duties=tuple(table.of_kind(kind)),
            uncovered=tuple(table.uncovered_sectors(kind, on=on)),
        )
        for kind in DutyKind
        if table.of_kind(kind)
    ]
