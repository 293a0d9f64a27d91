"""Access events in plain words: what was seen or done, by whom (name, unit, role), when (local
time, "13. nov. 2026 kl. 14.05"), why, and on which basis – a consent named by who gave it and
when ("samtykke fra Emma 13.11.2026"), a duty by what it is ("opplysningsplikt til barnevernet").

The log keeps what the services wrote – English purposes, bases that name a consent by its id –
so that its chain never changes. This is the one place that turns that into words for the people
who read it: the young person and the guardians in the portal and its export, and the
coordinator's "who has seen this child". Nothing it returns is an id, a code or an ISO time, and
everything is in the active language (bokmål, nynorsk or English).
"""

from __future__ import annotations

import datetime
import re
import uuid
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from django.utils import dateformat, timezone
from django.utils.functional import Promise
from django.utils.text import get_text_list
from django.utils.translation import (
    get_language,
    gettext,
    gettext_lazy,
    gettext_noop,
    pgettext,
    pgettext_lazy,
)

from audit.models import AccessEvent, Action
from children.models import Child
from consents.models import BasisKind, Consent, GivenBy
from people.models import Membership, Role
from teams.models import MemberRole, TeamMember


class Audience(StrEnum):
    """Who reads the rows: the voice of the words depends on it ("your details")."""

    YOUNG_PERSON = "young_person"
    GUARDIAN = "guardian"
    STAFF = "staff"


# --- Vocabulary ---------------------------------------------------------------------------------

# Every purpose the services write, marked so that the catalogue has it; the rows show the
# translation. A purpose missing here is shown as written (tests/test_plain_pages.py finds it).
PURPOSES = (
    gettext_noop("work in the team around the child"),
    gettext_noop("reading the team page"),
    gettext_noop("reading the plan"),
    gettext_noop("printing the plan"),
    gettext_noop("reading consents"),
    gettext_noop("reading a meeting"),
    gettext_noop("reading a concern"),
    gettext_noop("reading the child's record"),
    gettext_noop("reading who has seen the child"),
    gettext_noop("reading the access log"),
    gettext_noop("registering a child for a concern"),
    gettext_noop("registering a guardian"),
    gettext_noop("raising a concern"),
    gettext_noop("following up a concern"),
    gettext_noop("follow-up of a concern"),
    gettext_noop("closing a concern"),
    gettext_noop("report of concern to child welfare"),
    gettext_noop("printing a report to child welfare"),
    gettext_noop("recording consent to share"),
    gettext_noop("withdrawing consent"),
    gettext_noop("checking whether information may be shared"),
    gettext_noop("the child passed an age limit for consent"),
    gettext_noop("reminding the coordinator that a consent ends"),
    gettext_noop("opening a team around the child"),
    gettext_noop("inviting a team member"),
    gettext_noop("answering an invitation"),
    gettext_noop("answering an invitation to a team"),
    gettext_noop("a member leaving the team"),
    gettext_noop("writing in the log"),
    gettext_noop("planning a meeting"),
    gettext_noop("recording the child's voice"),
    gettext_noop("writing minutes"),
    gettext_noop("recording a decision as a task"),
    gettext_noop("creating a task"),
    gettext_noop("completing a task"),
    gettext_noop("proposing a hand-over"),
    gettext_noop("answering a hand-over"),
    gettext_noop("closing the team"),
    gettext_noop("making the shared plan"),
    gettext_noop("adding a goal"),
    gettext_noop("changing a goal"),
    gettext_noop("adding a measure"),
    gettext_noop("changing a measure"),
    gettext_noop("evaluating a measure"),
    gettext_noop("deleting personal data after the retention period"),
    gettext_noop("re-encrypting identity numbers under the current keys"),
    gettext_noop("logging in to the portal"),
    gettext_noop("logging out of the portal"),
    gettext_noop("asking for a correction"),
    gettext_noop("giving consent in the portal"),
    gettext_noop("narrowing a consent in the portal"),
    gettext_noop("the young person chooses who sees their health information"),
    gettext_noop("recording the young person's wish about health information"),
    gettext_noop("API: reading the child's record"),
    gettext_noop("API: reading a concern"),
    gettext_noop("API list of concerns"),
    gettext_noop("API list of teams"),
    gettext_noop("API: reading the team"),
    gettext_noop("API: reading the team's members"),
    gettext_noop("API: choosing whom to invite"),
    gettext_noop("API: reading the log"),
    gettext_noop("API: reading the meetings"),
    gettext_noop("API: reading the tasks"),
    gettext_noop("API: reading the plan"),
    gettext_noop("API: reading consents"),
)

# What an event was about, in words; the child's own record depends on who reads.
OBJECT_TYPES: dict[str, str] = {
    "guardian": gettext_noop("a guardian's details"),
    "concern": gettext_noop("a concern"),
    "welfare_report": gettext_noop("a report to child welfare"),
    "team": gettext_noop("the team"),
    "team_member": gettext_noop("who is on the team"),
    "members": gettext_noop("who is on the team"),
    "team_invitation": gettext_noop("an invitation to the team"),
    "candidates": gettext_noop("who can be invited"),
    "log": gettext_noop("the log"),
    "log_entry": gettext_noop("the log"),
    "meeting": gettext_noop("a meeting"),
    "meetings": gettext_noop("the meetings"),
    "task": gettext_noop("a task"),
    "tasks": gettext_noop("the tasks"),
    "handover": gettext_noop("a new coordinator"),
    "consent": gettext_noop("a consent"),
    "consents": gettext_noop("the consents"),
    "sharing": gettext_noop("sharing information"),
    "plan": gettext_noop("the plan"),
    "goal": gettext_noop("a goal"),
    "measure": gettext_noop("something the team does"),
    "evaluation": gettext_noop("a check of how it is going"),
    "health_information_choice": gettext_noop("who sees health information"),
    "audit log": gettext_noop("who has seen the information"),
    "portal": gettext_noop("the portal"),
    "portal_team": gettext_noop("the team, in the portal"),
    "portal_plan": gettext_noop("the plan, in the portal"),
    "portal_meetings": gettext_noop("the meetings, in the portal"),
    "portal_consents": gettext_noop("the consents, in the portal"),
    "portal_access_log": gettext_noop("who has seen it, in the portal"),
    "portal_privacy": gettext_noop("health information, in the portal"),
    "portal_correction": gettext_noop("the page for corrections, in the portal"),
}

ACTIONS: dict[str, Promise] = {
    Action.READ: pgettext_lazy("access log", "looked at"),
    Action.CREATE: pgettext_lazy("access log", "added"),
    Action.UPDATE: gettext_lazy("changed"),
    Action.DELETE: pgettext_lazy("access log", "deleted"),
    Action.EXPORT: pgettext_lazy("access log", "printed or downloaded"),
}

# Whole phrases where verb + object would read badly.
PHRASES: dict[tuple[str, str], Promise] = {
    (Action.LOGIN, "portal"): pgettext_lazy("access log", "logged in to the portal"),
    (Action.LOGOUT, "portal"): pgettext_lazy("access log", "logged out of the portal"),
    (Action.EXPORT, "export_json"): pgettext_lazy("access log", "downloaded everything as data"),
    (Action.EXPORT, "export_pdf"): pgettext_lazy("access log", "downloaded everything as a PDF"),
    (Action.EXPORT, "plan"): pgettext_lazy("access log", "printed the plan"),
    (Action.EXPORT, "sharing"): pgettext_lazy("access log", "shared information with a service"),
    (Action.EXPORT, "welfare_report"): pgettext_lazy(
        "access log", "printed a report to child welfare"
    ),
    (Action.CREATE, "welfare_report"): pgettext_lazy(
        "access log", "sent a report to child welfare"
    ),
}

DUTY_TO_REPORT = pgettext_lazy("access log", "duty to report to child welfare")
DANGER = pgettext_lazy("access log", "to avert danger to the child's life or health")

# Legal references the services write, by what they mean.
CITATIONS: dict[str, Promise] = {
    "barnevernsloven § 13-2": DUTY_TO_REPORT,
    "helsepersonelloven § 33": DUTY_TO_REPORT,
    "helsepersonelloven § 33; barnevernsloven § 13-2": DUTY_TO_REPORT,
    "straffeloven § 196; forvaltningsloven § 13 b": DANGER,
    "helsepersonelloven § 23 nr. 4; straffeloven § 196": DANGER,
    "forvaltningsloven § 13 a nr. 2": pgettext_lazy(
        "access log", "discussed without saying who the child is"
    ),
    "pasient- og brukerrettighetsloven § 3-4": pgettext_lazy(
        "access log", "the rules on who is told about a young person's health"
    ),
}

# The bases written as words (portal.access, people, children, concerns, plans, teams).
OWN_DATA_BASIS = "own data (personopplysningsloven / GDPR art. 15)"
GUARDIAN_BASIS = "parental responsibility (barneloven § 30, GDPR art. 15)"
MEMBER_WITH_CONSENT = "team member with consent"
BASES: dict[str, Promise] = {
    "own unit": pgettext_lazy("access log", "the concern is in their own unit"),
    "duty to report": DUTY_TO_REPORT,
    "consent": gettext_lazy("a consent"),
    MEMBER_WITH_CONSENT: pgettext_lazy("access log", "a member of the team, with consent"),
    "ID-porten": pgettext_lazy("access log", "logged in with ID-porten"),
    "security of processing (GDPR art. 32)": pgettext_lazy(
        "access log", "keeping the information safe"
    ),
}
OWN_DATA_WORDS = {
    Audience.YOUNG_PERSON: pgettext_lazy("access log", "your right to see your own information"),
    Audience.GUARDIAN: pgettext_lazy(
        "access log", "the young person's right to see their own information"
    ),
    Audience.STAFF: pgettext_lazy(
        "access log", "the young person's right to see their own information"
    ),
}
GUARDIAN_WORDS = {
    Audience.YOUNG_PERSON: pgettext_lazy(
        "access log", "a parent's right to see their child's information"
    ),
    Audience.GUARDIAN: pgettext_lazy("access log", "your right as a parent to see the information"),
    Audience.STAFF: pgettext_lazy(
        "access log", "a parent's right to see their child's information"
    ),
}
RETENTION_PURPOSE = "deleting personal data after the retention period"
RETENTION_WORDS = pgettext_lazy("access log", "the rules on how long information is kept")

# Laget's own jobs, by the label they write.
JOBS = {"retention job", "identity number rotation", "anchor job", ""}

_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.I)
_CONSENT_ID = re.compile(rf"^consent ({_UUID.pattern})$", re.I)
_REFERENCE_AND_ID = re.compile(rf"^(.*?) ?\(({_UUID.pattern})\)$", re.I)
_SHARING_WITH = re.compile(r"^sharing with (.+)$")
# "Name (young person, portal)": the portal's label, in the municipality's language.
_PORTAL_LABEL = re.compile(r"^(.+?) \([^()]*\)$")


# --- Time -------------------------------------------------------------------------------------

# "13. nov. 2026 kl. 14.05" and "13.11.2026" in Norwegian; English has its own order.
_WHEN_FORMATS = {"en": "j M Y, H:i"}
_WHEN_NORWEGIAN = r"j. N Y \k\l. H.i"
_DAY_FORMATS = {"en": "j M Y"}
_DAY_NORWEGIAN = "j.n.Y"


def _language() -> str:
    return (get_language() or "nb").split("-")[0]


def when_text(moment: datetime.datetime) -> str:
    """A moment in local time (Europe/Oslo), as people write it: "13. nov. 2026 kl. 14.05"."""
    return dateformat.format(
        timezone.localtime(moment), _WHEN_FORMATS.get(_language(), _WHEN_NORWEGIAN)
    )


def day_text(day: datetime.date) -> str:
    """A date as people write it: "13.11.2026"."""
    return dateformat.format(day, _DAY_FORMATS.get(_language(), _DAY_NORWEGIAN))


# --- Rows -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AccessRow:
    """One access event as a person reads it."""

    event_id: int
    occurred_at: datetime.datetime
    when: str
    who: str
    role: str
    unit: str
    what: str
    why: str
    basis: str


@dataclass(frozen=True)
class _Staff:
    unit: str
    role: str
    # The unit they acted for on the child's team, to find the consent that covered it.
    team_unit_id: uuid.UUID | None


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _staff_of(child_ids: set[uuid.UUID], user_ids: set[int]) -> dict[int, _Staff]:
    """For each staff member: the unit and role they acted in. On one of the child's teams that
    is their unit and role there (with their job title in that unit); else the units they work
    in. Two queries, whatever the number of people."""
    if not user_ids:
        return {}
    memberships: dict[int, list[Membership]] = {}
    for membership in Membership.objects.filter(
        user_id__in=user_ids, unit__isnull=False
    ).select_related("unit"):
        memberships.setdefault(membership.user_id, []).append(membership)
    team_members: dict[int, TeamMember] = {}
    for row in (
        TeamMember.objects.filter(team__child_id__in=child_ids, user_id__in=user_ids)
        .select_related("unit")
        .order_by("invited_at", "pk")
    ):
        team_members[row.user_id] = row
    today = timezone.localdate()
    staff = {}
    for user_id in user_ids:
        own = memberships.get(user_id, [])
        team_member = team_members.get(user_id)
        if team_member is not None:
            titles = [
                m.title or m.get_role_display() for m in own if m.unit_id == team_member.unit_id
            ]
            team_role = (
                gettext("coordinator")
                if team_member.role == MemberRole.COORDINATOR
                else gettext("team member")
            )
            staff[user_id] = _Staff(
                unit=team_member.unit.name,
                role=", ".join([*titles[:1], team_role]),
                team_unit_id=team_member.unit_id,
            )
            continue
        current = [
            m for m in own if m.started_on <= today and (m.ended_on is None or m.ended_on >= today)
        ] or own
        staff[user_id] = _Staff(
            unit=", ".join(sorted({m.unit.name for m in current if m.unit})),
            role=", ".join(sorted({m.title or str(Role(m.role).label) for m in current})),
            team_unit_id=None,
        )
    return staff


def consent_name(consent: Consent, *, child: Child) -> str:
    """A consent by who gave it and from when ("consent from Emma 13.11.2026"), or a legal
    basis by what it is. Needs `consent.guardians` (prefetch it for many)."""
    if consent.kind == BasisKind.LEGAL_BASIS:
        return citation_words(consent.legal_reference)
    names: list[str] = []
    if consent.given_by in (GivenBy.YOUNG_PERSON, GivenBy.YOUNG_PERSON_AND_GUARDIANS):
        names.append(child.given_name)
    if consent.given_by in (GivenBy.GUARDIANS, GivenBy.YOUNG_PERSON_AND_GUARDIANS):
        guardians = sorted(guardian.name for guardian in consent.guardians.all())
        names += guardians or [pgettext("access log", "the guardians")]
    if not names:
        return pgettext("access log", "consent of %(date)s") % {
            "date": day_text(consent.valid_from)
        }
    return pgettext("access log", "consent from %(who)s %(date)s") % {
        "who": get_text_list(names, pgettext("list", "and")),
        "date": day_text(consent.valid_from),
    }


def citation_words(reference: str) -> str:
    """A legal reference by what it means, with the reference ("duty to report to child
    welfare (barnevernsloven § 13-2)"); one we do not know, as the reference to the law."""
    reference = reference.strip()
    if not reference:
        return str(BASES["consent"])
    words = CITATIONS.get(reference)
    if words is None:
        return pgettext("access log", "the law: %(reference)s") % {"reference": reference}
    return f"{words} ({reference})"


class _Consents:
    """The consents the events may name, fetched once (three queries) when first needed."""

    def __init__(self, child_ids: set[uuid.UUID]) -> None:
        self._child_ids = child_ids
        self._by_id: dict[uuid.UUID, Consent] | None = None

    def all(self) -> dict[uuid.UUID, Consent]:
        if self._by_id is None:
            self._by_id = {
                consent.pk: consent
                for consent in Consent.objects.filter(child_id__in=self._child_ids)
                .prefetch_related("guardians", "units")
                .order_by("-valid_from", "-recorded_at")
            }
        return self._by_id

    def get(self, value: str) -> Consent | None:
        try:
            return self.all().get(uuid.UUID(value))
        except ValueError:
            return None

    def covering(self, unit_id: uuid.UUID, moment: datetime.datetime) -> Consent | None:
        """The consent that let a member of that unit in at that moment."""
        day = timezone.localtime(moment).date()
        for consent in self.all().values():
            in_force = (
                consent.valid_from <= day
                and (consent.valid_until is None or day <= consent.valid_until)
                and (consent.withdrawn_at is None or consent.withdrawn_at > moment)
            )
            if in_force and unit_id in {unit.pk for unit in consent.units.all()}:
                return consent
        return None


@dataclass
class _Context:
    children: dict[uuid.UUID, Child]
    staff: dict[int, _Staff]
    consents: _Consents
    audience: Audience
    unnamed_consents: Collection[uuid.UUID]


def _consent_words(consent: Consent | None, context: _Context) -> str:
    child = context.children.get(consent.child_id) if consent is not None else None
    if consent is None or child is None or consent.pk in context.unnamed_consents:
        return str(BASES["consent"])
    return consent_name(consent, child=child)


def _basis(event: AccessEvent, context: _Context) -> str:
    basis = event.legal_basis.strip()
    if event.purpose == RETENTION_PURPOSE:
        return str(RETENTION_WORDS)
    if basis == OWN_DATA_BASIS:
        return str(OWN_DATA_WORDS[context.audience])
    if basis == GUARDIAN_BASIS:
        return str(GUARDIAN_WORDS[context.audience])
    if match := _CONSENT_ID.match(basis):
        return _consent_words(context.consents.get(match.group(1)), context)
    if match := _REFERENCE_AND_ID.match(basis):
        return _consent_words(context.consents.get(match.group(2)), context)
    if basis == "consent" and event.object_type == "consent":
        return _consent_words(context.consents.get(event.object_id), context)
    if basis == MEMBER_WITH_CONSENT and event.actor_id in context.staff:
        unit_id = context.staff[event.actor_id].team_unit_id
        consent = context.consents.covering(unit_id, event.occurred_at) if unit_id else None
        if consent is not None:
            return _consent_words(consent, context)
    if basis in BASES:
        return str(BASES[basis])
    if not basis:
        return ""
    return citation_words(_UUID.sub("", basis).replace("()", "").strip())


def _what(event: AccessEvent, context: _Context) -> str:
    phrase = PHRASES.get((event.action, event.object_type))
    if phrase is not None:
        return _capitalised(str(phrase))
    action = ACTIONS.get(event.action)
    if action is None:
        return _capitalised(str(Action(event.action).label)) if event.action in Action else ""
    if event.object_type == "child":
        about = (
            gettext("your details")
            if context.audience == Audience.YOUNG_PERSON
            else pgettext("access log", "the child's details")
        )
    elif event.object_type in OBJECT_TYPES:
        about = gettext(OBJECT_TYPES[event.object_type])
    else:
        about = pgettext("access log", "the information")
    return _capitalised(
        pgettext("access log", "%(action)s %(about)s") % {"action": action, "about": about}
    )


def _why(event: AccessEvent) -> str:
    if match := _SHARING_WITH.match(event.purpose):
        return pgettext("access log", "sharing with %(unit)s") % {"unit": match.group(1)}
    return gettext(event.purpose) if event.purpose else ""


def _who(event: AccessEvent, context: _Context) -> tuple[str, str, str]:
    """Name, role and unit."""
    if event.actor is not None:
        staff = context.staff.get(event.actor.pk)
        name = event.actor.display_name()
        return (name, staff.role, staff.unit) if staff else (name, "", "")
    label = event.actor_label.strip()
    if label in JOBS:
        return "Laget", pgettext("access log", "an automatic job"), ""
    match = _PORTAL_LABEL.match(label)
    name = match.group(1) if match else label
    child = context.children.get(event.child_id) if event.child_id else None
    viewer = (event.detail or {}).get("viewer")
    young_person = viewer == "young_person" or (
        viewer is None and child is not None and name == child.full_name
    )
    if not match and viewer is None and not young_person:
        # Someone who withdrew a consent on paper, as the coordinator wrote it down.
        return name, "", ""
    if young_person:
        if context.audience == Audience.YOUNG_PERSON:
            return pgettext("access log", "You"), pgettext("access log", "in the portal"), ""
        return name, pgettext("access log", "the young person, in the portal"), ""
    return name, pgettext("access log", "guardian, in the portal"), ""


def access_rows(
    events: Iterable[AccessEvent],
    *,
    children: Sequence[Child],
    audience: Audience,
    unnamed_consents: Collection[uuid.UUID] = (),
) -> list[AccessRow]:
    """The events (with `actor` selected) as rows, in the order given, in a fixed number of
    queries: the staff's units and roles (two), and the consents the bases name (three, only if
    a basis names one). `children` are the children the events are about; a consent in
    `unnamed_consents` is called "a consent" (what a guardian may not know of)."""
    events = list(events)
    child_map = {child.pk: child for child in children}
    context = _Context(
        children=child_map,
        staff=_staff_of(set(child_map), {e.actor_id for e in events if e.actor_id is not None}),
        consents=_Consents(set(child_map)),
        audience=audience,
        unnamed_consents=unnamed_consents,
    )
    rows = []
    for event in events:
        who, role, unit = _who(event, context)
        rows.append(
            AccessRow(
                event_id=event.pk,
                occurred_at=event.occurred_at,
                when=when_text(event.occurred_at),
                who=who,
                role=role,
                unit=unit,
                what=_what(event, context),
                why=_why(event),
                basis=_basis(event, context),
            )
        )
    return rows
