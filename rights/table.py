"""The rights table: Norwegian age rules as reviewable data with provenance.

The rules live in `rights/rules/*.toml` (one file per domain, laws and the table version in
`table.toml`), so a change to the law is a small diff a lawyer can review. This module defines the
vocabulary, loads and validates the files once at start, and fails loudly on a broken table:
unknown keys, unknown laws, an unverified rule without a reason, and gaps or overlaps in age
within a domain and action are all errors.

Ages are whole years. `age_from` is inclusive and `age_until` exclusive; a rule without
`age_until` has no upper limit.

Rules are dated too: a rule is in force from `in_force_from` (inclusive) until `in_force_until`
(exclusive, open when absent). A change in the law is a new rule with dates, never an edit of the
old one. A change whose date is not known yet is a `[changes.<id>]` entry in `table.toml`: its
new rules name it in `change` (they enter into force with it) and the rules it replaces name it
in `ends_with_change`. Its date comes from the file, or, for an adopted change without one, from
what a national administrator records (`rights.models.RuleChangeDate`). The table must be whole
and without overlaps on every date, whether or not each change has entered into force.
"""

from __future__ import annotations

import datetime
import hashlib
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from itertools import product
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.db import models
from django.utils import timezone
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

RULES_DIR = Path(__file__).resolve().parent / "rules"


class Domain(models.TextChoices):
    HEALTH = "health", _("Health")
    CHILD_WELFARE = "child_welfare", _("Child welfare")
    EDUCATION = "education", _("Kindergarten, school and education")
    FAMILY_LAW = "family_law", _("Family and parents")
    SOCIAL_SERVICES = "social_services", _("Social services in NAV")
    NAV = "nav", _("NAV: work and benefits")
    DIGITAL = "digital", _("Apps and online services")


# The six domains of the issue must answer every action; other domains may cover fewer actions.
CORE_DOMAINS = (
    Domain.HEALTH,
    Domain.CHILD_WELFARE,
    Domain.EDUCATION,
    Domain.FAMILY_LAW,
    Domain.SOCIAL_SERVICES,
    Domain.NAV,
)


class Action(models.TextChoices):
    CONSENT_HELP = "consent_help", _("Say yes or no to help")
    CONSENT_SHARE = "consent_share", _("Say yes or no to sharing information")
    BE_INFORMED = "be_informed", _("Be told what is going on")
    BE_HEARD = "be_heard", _("Be heard")
    BE_PARTY = "be_party", _("Be a party to the case")
    ACCESS_RECORD = "access_record", _("See own records")


class Decider(models.TextChoices):
    CHILD = "child", _("The child or young person decides")
    CHILD_AND_GUARDIANS = "child_and_guardians", _("The child and the guardians together")
    GUARDIANS_CHILD_HEARD = "guardians_child_heard", _("The guardians, after hearing the child")
    GUARDIANS = "guardians", _("The guardians, on the child's behalf")
    SERVICE = "service", _("The service or authority")
    NOT_APPLICABLE = "not_applicable", _("Nobody: the service does not apply at this age")


class Party(models.TextChoices):
    CHILD = "child", _("the child or young person")
    GUARDIANS = "guardians", _("the guardians (those with parental responsibility)")
    CHILD_WELFARE = "child_welfare", _("the child welfare service")


class Weight(models.TextChoices):
    """How much the child's own view counts, from nothing to deciding."""

    NONE = "none", _("The child's view does not decide this")
    HEARD = "heard", _("Heard as soon as the child can form own views")
    INCREASING = "increasing", _("Must be heard; counts more with age and maturity")
    GREAT = "great", _("Must be heard and given great weight")
    DECIDES = "decides", _("The child's own view decides")


class Evidence(models.TextChoices):
    """How strong the evidence behind a rule is: what was actually read."""

    STATUTE = "statute", _("Statute text read")
    GUIDANCE = "guidance", _("Authoritative guidance")
    SECONDARY = "secondary", _("Secondary source")
    NONE = "none", _("No source")


class ChangeStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed, not adopted")
    ADOPTED = "adopted", _("Adopted")


class Voice(StrEnum):
    """Who a rule's explanation speaks to: the child in the portal and on the public pages
    ("Foreldrene dine …"), the professional on staff pages ("Foreldrene til barnet …")."""

    CHILD = "child"
    PROFESSIONAL = "professional"


class RuleTableError(ValueError):
    """The rule files are broken; the message lists every problem found."""


@dataclass(frozen=True)
class Law:
    key: str
    short_name: str
    name_nb: str
    name_en: str
    url: str

    @property
    def name(self) -> str:
        return self.name_en if in_english() else self.name_nb


@dataclass(frozen=True)
class Statute:
    law: Law
    section: str

    @property
    def citation(self) -> str:
        return f"{self.law.short_name} {self.section}"

    @property
    def url(self) -> str:
        return self.law.url


@dataclass(frozen=True)
class Source:
    title: str
    url: str


@dataclass(frozen=True)
class LawChange:
    """A change in the law that moves rules in the table: adopted or only proposed, with the
    date it enters into force when that is known."""

    id: str
    title_nb: str
    title_en: str
    status: ChangeStatus
    in_force_from: datetime.date | None
    sources: tuple[Source, ...]
    note_nb: str = ""
    note_en: str = ""

    @property
    def title(self) -> str:
        return self.title_en if in_english() else self.title_nb

    @property
    def note(self) -> str:
        return self.note_en if in_english() else self.note_nb

    @property
    def adopted(self) -> bool:
        return self.status == ChangeStatus.ADOPTED


# The date each change enters into force (None: not known, or not adopted), by the change's id.
ChangeDates = Mapping[str, datetime.date | None]


@dataclass(frozen=True)
class Rule:
    id: str
    domain: Domain
    actions: tuple[Action, ...]
    age_from: int
    age_until: int | None
    decides: Decider
    asked: tuple[Party, ...]
    informed: tuple[Party, ...]
    weight: Weight
    statutes: tuple[Statute, ...]
    last_checked: datetime.date
    verified: bool
    source_url: str
    explanation_nb: str
    explanation_en: str
    # The child's voice in nynorsk; staff pages keep bokmål or English (the professional voice).
    explanation_nn: str
    # The same rule explained to a professional, about the child in the third person.
    professional_nb: str
    professional_en: str
    # Why the rule is unverified, in plain words; empty for verified rules.
    unconfirmed_nb: str = ""
    unconfirmed_en: str = ""
    # In force from this date (inclusive) until `in_force_until` (exclusive). A rule that
    # enters into force with a change has no date of its own: it names the change instead.
    in_force_from: datetime.date | None = None
    in_force_until: datetime.date | None = None
    change: str = ""
    ends_with_change: str = ""
    evidence: Evidence = Evidence.NONE
    # The addresses actually read for this rule.
    evidence_urls: tuple[str, ...] = ()

    def applies_at(self, age: int) -> bool:
        return self.age_from <= age and (self.age_until is None or age < self.age_until)

    def starts_on(self, dates: ChangeDates) -> datetime.date | None:
        """The date the rule enters into force; None while its change has no date."""
        return dates.get(self.change) if self.change else self.in_force_from

    def ends_on(self, dates: ChangeDates) -> datetime.date | None:
        """The first date the rule is no longer in force; None: no end known."""
        ends = [self.in_force_until] if self.in_force_until else []
        replaced = dates.get(self.ends_with_change) if self.ends_with_change else None
        if replaced is not None:
            ends.append(replaced)
        return min(ends) if ends else None

    def in_force_on(self, on: datetime.date, dates: ChangeDates) -> bool:
        starts, ends = self.starts_on(dates), self.ends_on(dates)
        return starts is not None and starts <= on and (ends is None or on < ends)

    @property
    def age_last(self) -> int | None:
        """The oldest age the rule covers, in whole years."""
        return None if self.age_until is None else self.age_until - 1

    @property
    def ages_label(self) -> str:
        last = self.age_last
        if last is None:
            return gettext("%(age)s and older") % {"age": self.age_from}
        if last == self.age_from:
            return gettext("%(age)s years") % {"age": self.age_from}
        return gettext("%(low)s–%(high)s years") % {"low": self.age_from, "high": last}

    @property
    def explanation(self) -> str:
        """In the child's voice ("du"/"you"), in the reader's language: bokmål, nynorsk or
        English."""
        if in_nynorsk():
            return self.explanation_nn
        return self.explanation_en if in_english() else self.explanation_nb

    @property
    def professional_explanation(self) -> str:
        """In a professional's voice (about "barnet"/"ungdommen"), in the reader's language."""
        return self.professional_en if in_english() else self.professional_nb

    def explanation_for(self, voice: Voice) -> str:
        if voice == Voice.PROFESSIONAL:
            return self.professional_explanation
        return self.explanation

    @property
    def unconfirmed(self) -> str:
        return self.unconfirmed_en if in_english() else self.unconfirmed_nb

    @property
    def source_host(self) -> str:
        host = urlsplit(self.source_url).hostname or self.source_url
        return host.removeprefix("www.")

    @property
    def evidence_hosts(self) -> list[tuple[str, str]]:
        """The addresses read, each with its host for a short link text."""
        return [
            (url, (urlsplit(url).hostname or url).removeprefix("www."))
            for url in self.evidence_urls
        ]

    @property
    def action_labels(self) -> list[str]:
        return [str(action.label) for action in self.actions]

    @property
    def asked_labels(self) -> list[str]:
        return [str(party.label) for party in self.asked]

    @property
    def informed_labels(self) -> list[str]:
        return [str(party.label) for party in self.informed]


@dataclass(frozen=True)
class RuleTable:
    version: str
    laws: Mapping[str, Law]
    rules: tuple[Rule, ...]
    changes: Mapping[str, LawChange] = field(default_factory=dict)
    # The SHA-256 of every rule file (names and contents, in order) as read: changes whenever a
    # file does, so a decision can tell whether the files changed after it.
    files_digest: str = ""

    def rule(self, rule_id: str) -> Rule | None:
        return next((rule for rule in self.rules if rule.id == rule_id), None)

    def file_dates(self) -> dict[str, datetime.date | None]:
        """Each change's date as the files give it (adopted changes only)."""
        return {
            key: change.in_force_from if change.adopted else None
            for key, change in self.changes.items()
        }

    def undated_changes(self) -> list[str]:
        """Adopted changes whose date the files do not give: an administrator records it."""
        return [
            key
            for key, change in self.changes.items()
            if change.adopted and change.in_force_from is None
        ]

    def for_pair(self, domain: Domain, action: Action) -> list[Rule]:
        """The rules of one domain and action on every date, youngest first."""
        return sorted(
            (rule for rule in self.rules if rule.domain == domain and action in rule.actions),
            key=lambda rule: rule.age_from,
        )

    def in_force(
        self, on: datetime.date | None = None, dates: ChangeDates | None = None
    ) -> list[Rule]:
        """The rules in force on a date (default today), with the changes' dates `dates`
        (default: the files' own)."""
        on = on or timezone.localdate()
        dates = self.file_dates() if dates is None else dates
        return [rule for rule in self.rules if rule.in_force_on(on, dates)]

    def find(
        self,
        domain: Domain,
        action: Action,
        age: int,
        on: datetime.date | None = None,
        dates: ChangeDates | None = None,
    ) -> Rule | None:
        on = on or timezone.localdate()
        dates = self.file_dates() if dates is None else dates
        return next(
            (
                rule
                for rule in self.for_pair(domain, action)
                if rule.applies_at(age) and rule.in_force_on(on, dates)
            ),
            None,
        )

    def actions_of(self, domain: Domain) -> list[Action]:
        present = {
            action for rule in self.rules if rule.domain == domain for action in rule.actions
        }
        return [action for action in Action if action in present]

    def domains(self) -> list[Domain]:
        present = {rule.domain for rule in self.rules}
        return [domain for domain in Domain if domain in present]


def in_english() -> bool:
    """Whether the reader reads English (otherwise bokmål or nynorsk)."""
    return (get_language() or "nb").startswith("en")


def in_nynorsk() -> bool:
    """Whether the reader reads nynorsk (the child's voice only; the rest falls back to bokmål)."""
    return (get_language() or "nb").startswith("nn")


_RULE_KEYS = {
    "id",
    "actions",
    "age_from",
    "age_until",
    "decides",
    "asked",
    "informed",
    "weight",
    "statutes",
    "last_checked",
    "verified",
    "source_url",
    "explanation_nb",
    "explanation_en",
    "explanation_nn",
    "professional_nb",
    "professional_en",
    "unconfirmed_nb",
    "unconfirmed_en",
    "in_force_from",
    "in_force_until",
    "change",
    "ends_with_change",
    "evidence",
    "evidence_urls",
}
_REQUIRED_RULE_KEYS = _RULE_KEYS - {
    "age_until",
    "unconfirmed_nb",
    "unconfirmed_en",
    "in_force_from",
    "in_force_until",
    "change",
    "ends_with_change",
}
_LAW_KEYS = {"short_name", "name_nb", "name_en", "url"}
_CHANGE_KEYS = {"title_nb", "title_en", "status", "in_force_from", "sources", "note_nb", "note_en"}
_REQUIRED_CHANGE_KEYS = {"title_nb", "title_en", "status", "sources"}


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def texts_check(
    fields: Mapping[str, Any],
    where: str,
    problems: list[str],
    *,
    texts: tuple[str, ...],
    unconfirmed: str,
    confirmed: str,
) -> None:
    """The texts of a rule or a duty: each of `texts` in bokmål and English and the child's
    voice in nynorsk are not empty, and the reason it is not confirmed (`unconfirmed_nb`/`_en`)
    is there exactly when `verified` is false. `unconfirmed` and `confirmed` name the record in
    the problem ("an unverified rule", "a verified rule")."""
    if not str(fields["explanation_nn"]).strip():
        problems.append(f"{where}: explanation_nn is empty")
    for language in ("nb", "en"):
        for text in texts:
            if not str(fields[f"{text}_{language}"]).strip():
                problems.append(f"{where}: {text}_{language} is empty")
        has_reason = bool(str(fields.get(f"unconfirmed_{language}", "")).strip())
        if fields["verified"] is False and not has_reason:
            problems.append(f"{where}: {unconfirmed} must say why in unconfirmed_{language}")
        if fields["verified"] is True and has_reason:
            problems.append(f"{where}: {confirmed} cannot have unconfirmed_{language}")


def prose(value: Any) -> str:
    """Text from a multi-line TOML string as one paragraph: the line breaks are only layout."""
    return " ".join(str(value).split())


def _enum(kind: type[models.TextChoices], value: Any, where: str, problems: list[str]) -> Any:
    try:
        return kind(value)
    except ValueError:
        problems.append(f"{where}: {value!r} is not a {kind.__name__}")
        return None


def _enums(
    kind: type[models.TextChoices], values: Any, where: str, problems: list[str]
) -> tuple[Any, ...]:
    if not isinstance(values, list):
        problems.append(f"{where}: expected a list")
        return ()
    return tuple(_enum(kind, value, where, problems) for value in values)


def read_laws(data: Mapping[str, Any], problems: list[str]) -> dict[str, Law]:
    """The `[laws.<key>]` tables of a header file (the rights table's and the map of duties'),
    each with a Lovdata address; a broken law is added to `problems`."""
    laws = {}
    for key, fields in data.get("laws", {}).items():
        if set(fields) != _LAW_KEYS:
            problems.append(f"law {key}: keys must be exactly {sorted(_LAW_KEYS)}")
            continue
        if not str(fields["url"]).startswith("https://lovdata.no/"):
            problems.append(f"law {key}: the URL must point to Lovdata")
        laws[key] = Law(key=key, **{name: str(fields[name]) for name in _LAW_KEYS})
    return laws


def _changes(data: Mapping[str, Any], problems: list[str]) -> dict[str, LawChange]:
    changes = {}
    for key, fields in data.get("changes", {}).items():
        where = f"change {key}"
        unknown, missing = set(fields) - _CHANGE_KEYS, _REQUIRED_CHANGE_KEYS - set(fields)
        if unknown or missing:
            problems.append(
                f"{where}: unknown keys {sorted(unknown)}, missing keys {sorted(missing)}"
            )
            continue
        status = _enum(ChangeStatus, fields["status"], where, problems)
        in_force_from = fields.get("in_force_from")
        if in_force_from is not None and not isinstance(in_force_from, datetime.date):
            problems.append(f"{where}: in_force_from must be a date (YYYY-MM-DD)")
            in_force_from = None
        if in_force_from is not None and status != ChangeStatus.ADOPTED:
            problems.append(f"{where}: only an adopted change can have a date")
        sources = []
        for source in fields["sources"]:
            url = str(source.get("url", ""))
            if not url.startswith("https://") or not str(source.get("title", "")).strip():
                problems.append(f"{where}: source {source!r} needs a title and an https address")
                continue
            sources.append(Source(title=str(source["title"]), url=url))
        if not sources:
            problems.append(f"{where}: at least one source is needed")
        changes[key] = LawChange(
            id=key,
            title_nb=prose(fields["title_nb"]),
            title_en=prose(fields["title_en"]),
            status=status,
            in_force_from=in_force_from,
            sources=tuple(sources),
            note_nb=prose(fields.get("note_nb", "")),
            note_en=prose(fields.get("note_en", "")),
        )
    return changes


def _dates(
    fields: Mapping[str, Any], where: str, changes: Mapping[str, LawChange], problems: list[str]
) -> tuple[datetime.date | None, datetime.date | None, str, str]:
    in_force_from, in_force_until = fields.get("in_force_from"), fields.get("in_force_until")
    change, ends_with = str(fields.get("change", "")), str(fields.get("ends_with_change", ""))
    for name, value in (("in_force_from", in_force_from), ("in_force_until", in_force_until)):
        if value is not None and not isinstance(value, datetime.date):
            problems.append(f"{where}: {name} must be a date (YYYY-MM-DD)")
            return None, None, "", ""
    if bool(in_force_from) == bool(change):
        problems.append(f"{where}: give either in_force_from or the change it comes with")
    for name, key in (("change", change), ("ends_with_change", ends_with)):
        if key and key not in changes:
            problems.append(f"{where}: {name} {key!r} is not a change in table.toml")
    if change and change == ends_with:
        problems.append(f"{where}: a rule cannot start and end with the same change")
    if in_force_from and in_force_until and in_force_until <= in_force_from:
        problems.append(f"{where}: in_force_until must be after in_force_from")
    return in_force_from, in_force_until, change, ends_with


def _evidence(
    fields: Mapping[str, Any], where: str, problems: list[str]
) -> tuple[Any, tuple[str, ...]]:
    evidence = _enum(Evidence, fields["evidence"], where, problems)
    urls = fields["evidence_urls"]
    if not isinstance(urls, list) or not all(str(url).startswith("https://") for url in urls):
        problems.append(f"{where}: evidence_urls must be a list of https addresses")
        return evidence, ()
    if evidence == Evidence.NONE and urls:
        problems.append(f"{where}: evidence none cannot list addresses read")
    if evidence not in (Evidence.NONE, None) and not urls:
        problems.append(f"{where}: evidence {evidence} needs the addresses read")
    if fields["verified"] is True and evidence not in (Evidence.STATUTE, Evidence.GUIDANCE):
        problems.append(f"{where}: a verified rule needs statute text or authoritative guidance")
    return evidence, tuple(str(url) for url in urls)


def _rule(
    fields: Mapping[str, Any],
    domain: Domain,
    laws: Mapping[str, Law],
    problems: list[str],
    changes: Mapping[str, LawChange] | None = None,
) -> Rule | None:
    where = f"rule {fields.get('id', '?')}"
    unknown = set(fields) - _RULE_KEYS
    missing = _REQUIRED_RULE_KEYS - set(fields)
    if unknown or missing:
        problems.append(f"{where}: unknown keys {sorted(unknown)}, missing keys {sorted(missing)}")
        return None
    age_from, age_until = fields["age_from"], fields.get("age_until")
    if not _whole(age_from) or age_from < 0:
        problems.append(f"{where}: age_from must be a whole number from 0")
        age_from = 0
    if age_until is not None and (not _whole(age_until) or age_until <= age_from):
        problems.append(f"{where}: age_until must be a whole number above age_from")
    if not isinstance(fields["last_checked"], datetime.date):
        problems.append(f"{where}: last_checked must be a date (YYYY-MM-DD)")
    if not isinstance(fields["verified"], bool):
        problems.append(f"{where}: verified must be true or false")
    if not str(fields["source_url"]).startswith("https://"):
        problems.append(f"{where}: source_url must be an https address")
    texts_check(
        fields,
        where,
        problems,
        texts=("explanation", "professional"),
        unconfirmed="an unverified rule",
        confirmed="a verified rule",
    )
    statutes = []
    for statute in fields["statutes"]:
        law = laws.get(statute.get("law", ""))
        if law is None or not str(statute.get("section", "")).strip():
            problems.append(f"{where}: statute {statute!r} needs a known law and a section")
            continue
        statutes.append(Statute(law=law, section=str(statute["section"])))
    if not statutes:
        problems.append(f"{where}: at least one statute is needed")
    actions = _enums(Action, fields["actions"], where, problems)
    if not actions:
        problems.append(f"{where}: at least one action is needed")
    in_force_from, in_force_until, change, ends_with = _dates(
        fields, where, changes or {}, problems
    )
    evidence, evidence_urls = _evidence(fields, where, problems)
    return Rule(
        id=str(fields["id"]),
        domain=domain,
        actions=actions,
        age_from=age_from,
        age_until=age_until,
        decides=_enum(Decider, fields["decides"], where, problems),
        asked=_enums(Party, fields["asked"], where, problems),
        informed=_enums(Party, fields["informed"], where, problems),
        weight=_enum(Weight, fields["weight"], where, problems),
        statutes=tuple(statutes),
        last_checked=fields["last_checked"],
        verified=fields["verified"],
        source_url=str(fields["source_url"]),
        explanation_nb=prose(fields["explanation_nb"]),
        explanation_en=prose(fields["explanation_en"]),
        explanation_nn=prose(fields["explanation_nn"]),
        professional_nb=prose(fields["professional_nb"]),
        professional_en=prose(fields["professional_en"]),
        unconfirmed_nb=prose(fields.get("unconfirmed_nb", "")),
        unconfirmed_en=prose(fields.get("unconfirmed_en", "")),
        in_force_from=in_force_from,
        in_force_until=in_force_until,
        change=change,
        ends_with_change=ends_with,
        evidence=evidence,
        evidence_urls=evidence_urls,
    )


def _age_problems(domain: Domain, action: Action, found: list[Rule], when: str) -> list[str]:
    problems = []
    found = sorted(found, key=lambda rule: rule.age_from)
    expected_from: int | None = 0
    for rule in found:
        if expected_from is None or rule.age_from < expected_from:
            problems.append(f"{domain}/{action}{when}: {rule.id} overlaps an earlier rule")
        elif rule.age_from > expected_from:
            problems.append(
                f"{domain}/{action}{when}: no rule for ages {expected_from}–{rule.age_from - 1}"
            )
        expected_from = rule.age_until
    if expected_from is not None:
        problems.append(f"{domain}/{action}{when}: no rule from age {expected_from}")
    return problems


def dated_coverage_problems(rules: Iterable[Rule]) -> list[str]:
    """Gaps and overlaps in age on every date, for each domain and action: from the first date
    a rule of the pair is in force, on every date a rule starts or ends, and whether or not
    each change the pair's rules name has entered into force. A change's date may be set later
    (by an administrator), so every combination must hold."""
    problems: list[str] = []
    pairs: dict[tuple[Domain, Action], list[Rule]] = {}
    for rule in rules:
        for action in rule.actions:
            pairs.setdefault((rule.domain, action), []).append(rule)
    for (domain, action), found in sorted(pairs.items()):
        fixed = sorted(
            {r.in_force_from for r in found if r.in_force_from}
            | {r.in_force_until for r in found if r.in_force_until}
        )
        if not fixed:
            problems.append(f"{domain}/{action}: no rule has a date of its own")
            continue
        keys = sorted(
            {r.change for r in found if r.change}
            | {r.ends_with_change for r in found if r.ends_with_change}
        )
        seen: set[str] = set()
        for on, states in product(fixed, product((False, True), repeat=len(keys))):
            entered = {key for key, state in zip(keys, states, strict=True) if state}
            in_force = [
                r
                for r in found
                if (r.change in entered if r.change else r.in_force_from and r.in_force_from <= on)
                and not (r.in_force_until and on >= r.in_force_until)
                and r.ends_with_change not in entered
            ]
            when = f" on {on.isoformat()}" + (
                f" with {', '.join(sorted(entered))} in force" if entered else ""
            )
            for problem in _age_problems(domain, action, in_force, when):
                # One report per rule and kind, however many dates show it.
                kind = problem.split(": ", 1)[1]
                if kind not in seen:
                    seen.add(kind)
                    problems.append(problem)
    return problems


def coverage_problems(rules: Iterable[Rule]) -> list[str]:
    """Gaps and overlaps in age within each domain and action: each must run from 0 upwards
    without a hole, end open-ended, and never have two rules for the same age."""
    problems = []
    pairs: dict[tuple[Domain, Action], list[Rule]] = {}
    for rule in rules:
        for action in rule.actions:
            pairs.setdefault((rule.domain, action), []).append(rule)
    for (domain, action), found in sorted(pairs.items()):
        found.sort(key=lambda rule: rule.age_from)
        expected_from: int | None = 0
        for rule in found:
            if expected_from is None or rule.age_from < expected_from:
                problems.append(f"{domain}/{action}: {rule.id} overlaps an earlier rule")
            elif rule.age_from > expected_from:
                problems.append(
                    f"{domain}/{action}: no rule for ages {expected_from}–{rule.age_from - 1}"
                )
            expected_from = rule.age_until
        if expected_from is not None:
            problems.append(f"{domain}/{action}: no rule from age {expected_from}")
    return problems


def load_table(directory: Path = RULES_DIR) -> RuleTable:
    """Read and check every rule file in `directory`; raise RuleTableError listing all problems."""
    problems: list[str] = []
    paths = sorted(directory.glob("*.toml"))
    # Each file is read once: its bytes are both parsed and hashed into the digest.
    digest = hashlib.sha256()
    contents: dict[str, dict[str, Any]] = {}
    for path in paths:
        raw = path.read_bytes()
        digest.update(path.name.encode() + b"\0" + raw + b"\0")
        contents[path.name] = tomllib.loads(raw.decode())
    header = contents["table.toml"]
    laws = read_laws(header, problems)
    changes = _changes(header, problems)
    rules: list[Rule] = []
    for path in paths:
        if path.name == "table.toml":
            continue
        data = contents[path.name]
        domain = _enum(Domain, data.get("domain"), path.name, problems)
        if domain is not None and path.stem != domain.value:
            problems.append(f"{path.name}: the file for domain {domain.value} must be named so")
        for fields in data.get("rule", []):
            rule = _rule(fields, domain, laws, problems, changes)
            if rule is not None:
                rules.append(rule)
    ids = [rule.id for rule in rules]
    problems.extend(
        f"rule {rule_id}: the id is used twice" for rule_id in set(ids) if ids.count(rule_id) > 1
    )
    if not problems:
        problems.extend(dated_coverage_problems(rules))
    if problems:
        raise RuleTableError("The rights table is broken:\n" + "\n".join(problems))
    return RuleTable(
        version=str(header["version"]),
        laws=laws,
        rules=tuple(rules),
        changes=changes,
        files_digest=digest.hexdigest(),
    )


TABLE = load_table()
# The files the loaded table was read from.
FILES_DIGEST = TABLE.files_digest


def whole_years(birth_date: datetime.date, on: datetime.date) -> int:
    """Whole years on a date. Someone born on 29 February is a year older on 1 March in
    ordinary years (the day after 28 February), as Norwegian practice counts it."""
    years = on.year - birth_date.year
    if (on.month, on.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years


def born_by(age: int, on: datetime.date) -> datetime.date:
    """The latest birth date of someone at least `age` whole years old on `on`, as
    `whole_years` counts: born on or before this date, `whole_years(born, on) >= age`. In a
    year without a 29 February, the same day `age` years back is 28 February."""
    year = on.year - age
    try:
        return on.replace(year=year)
    except ValueError:  # 29 February in a year without one
        return datetime.date(year, 2, 28)
