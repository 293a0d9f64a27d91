"""Who may see a transition and answer it.

Both sides see an open transition: the team's members (through the team's own rule, a
consent covering their unit) and the staff of the receiving unit while a consent in force
covers it. Once accepted, the one who accepted is on the team and sees it as a member; once
declined, the receiving unit sees it no more."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.utils import timezone

from audit.models import Action
from audit.reads import reads_recorded
from audit.services import access_event_record
from consents.selectors import consent_covering
from people.models import UNIT_ROLES, Membership, User
from people.selectors import works_in
from teams.access import basis_label, team_access_basis
from teams.models import MemberStatus, TeamMember, TeamStatus
from transitions.models import Transition, TransitionStatus
from units.models import Unit

SENDING = "team"
RECEIVING = "receiving"
# The access event of the receiving unit's list of incoming transitions: it names no child.
UNIT_INCOMING = "unit_transitions"


def _user_id(user: User) -> int:
    return user.pk if user.is_authenticated and user.is_active else 0


def _works_there(user_id: int, unit_ref: str) -> Exists:
    today = timezone.localdate()
    return Exists(
        Membership.objects.filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=today),
            user_id=user_id,
            unit_id=OuterRef(unit_ref),
            role__in=UNIT_ROLES,
            started_on__lte=today,
        )
    )


@dataclass(frozen=True)
class TransitionAccess:
    transition: Transition
    side: str  # SENDING: a member of the team; RECEIVING: staff of the receiving unit
    is_coordinator: bool
    legal_basis: str

    @property
    def can_answer(self) -> bool:
        return self.side == RECEIVING and self.transition.is_open


def access_transition(
    user: User,
    transition_id: uuid.UUID,
    *,
    record_read: bool | None = None,
    purpose: str = "",
) -> TransitionAccess:
    """The transition if the user is on its team (with the team's basis) or works in the
    receiving unit while it is open and a consent covers that unit; else 404. Looked up
    through the user's own team memberships and unit memberships, so a missing transition and
    another's cost the same single query. A read writes one access event on the child."""
    user_id = _user_id(user)
    on_team = Exists(
        TeamMember.objects.filter(
            team_id=OuterRef("team_id"), user_id=user_id, status=MemberStatus.ACTIVE
        )
    )
    transition = (
        Transition.objects.select_related(
            "team__child",
            "team__municipality",
            "team__concern",
            "from_unit",
            "to_unit__organisation",
            "started_by",
            "decided_by",
        )
        .filter(pk=transition_id)
        .filter(on_team | Q(_works_there(user_id, "to_unit_id"), status=TransitionStatus.OPEN))
        .first()
    )
    if transition is None:
        raise Http404
    team = transition.team
    basis = team_access_basis(user=user, team=team)
    if basis is not None:
        access = TransitionAccess(
            transition=transition,
            side=SENDING,
            is_coordinator=basis.is_coordinator,
            legal_basis=basis.legal_basis,
        )
    else:
        consent = consent_covering(
            child_id=team.child_id, unit_id=transition.to_unit_id, on=timezone.localdate()
        )
        # Open only: the query above let a non-member through for an open transition alone.
        if (
            consent is None
            or team.status != TeamStatus.OPEN
            or not works_in(user=user, unit_id=transition.to_unit_id)
        ):
            raise Http404
        access = TransitionAccess(
            transition=transition,
            side=RECEIVING,
            is_coordinator=False,
            legal_basis=basis_label(consent),
        )
    if reads_recorded(record_read):
        with transaction.atomic():
            access_event_record(
                actor=user,
                action=Action.READ,
                object_type="transition",
                object_id=transition.pk,
                child_id=team.child_id,
                municipality=team.municipality,
                purpose=purpose or "working on a transition",
                legal_basis=access.legal_basis,
            )
    return access


def access_unit_incoming(
    user: User, unit_id: uuid.UUID, *, record_read: bool | None = None
) -> Unit:
    """A unit the user works in (as a professional or its leader), for its list of incoming
    transitions; 404 for anyone else. Looked up through the user's own memberships. A read
    writes one access event on the unit: the list names no child (opening one is logged on
    its own)."""
    membership = (
        Membership.objects.select_related("unit__municipality")
        .filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=timezone.localdate()),
            user_id=_user_id(user),
            unit_id=unit_id,
            role__in=UNIT_ROLES,
            started_on__lte=timezone.localdate(),
        )
        .first()
    )
    if membership is None or membership.unit is None:
        raise Http404
    unit = membership.unit
    if reads_recorded(record_read):
        with transaction.atomic():
            access_event_record(
                actor=user,
                action=Action.READ,
                object_type=UNIT_INCOMING,
                object_id=unit.pk,
                municipality=unit.municipality,
                purpose="the unit's incoming transitions",
                legal_basis="works in the unit",
            )
    return unit
