"""Access events as rows in plain words, in a fixed number of queries."""

from __future__ import annotations

import datetime
import re
import uuid
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext, pgettext

from audit.models import AccessEvent, Action
from children.access_log.words import (
    ACTIONS,
    BASES,
    GUARDIAN_BASIS,
    GUARDIAN_WORDS,
    JOBS,
    MEMBER_WITH_CONSENT,
    OBJECT_TYPES,
    OWN_DATA_BASIS,
    OWN_DATA_WORDS,
    PHRASES,
    RETENTION_PURPOSE,
    RETENTION_WORDS,
    Audience,
    when_text,
)
from children.models import Child
from consents.models import Consent
from consents.words import citation_words, consent_name
from people.models import Membership, Role
from teams.models import MemberRole, TeamMember

_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.I)
_CONSENT_ID = re.compile(rf"^consent ({_UUID.pattern})$", re.I)
_REFERENCE_AND_ID = re.compile(rf"^(.*?) ?\(({_UUID.pattern})\)$", re.I)
_SHARING_WITH = re.compile(r"^sharing with (.+)$")
# "Name (young person, portal)": the portal's label, in the municipality's language.
_PORTAL_LABEL = re.compile(r"^(.+?) \([^()]*\)$")


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
