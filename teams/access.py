"""Who may see or change a team and everything in it (plan, log, meetings, tasks), and who may
see a child's record (`access_child`: a concern in one's own unit, or the child's team).

DESIGN §5: a professional sees a child's team only as an active member, acting for a unit they
still work in, **and** while a consent or recorded legal basis in force covers that unit.
Withdrawing the consent or leaving the team or the unit removes access at once, because every
request asks again."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.utils import timezone

from audit.models import Action
from audit.reads import reads_recorded
from audit.services import access_event_record
from children.identity import identity_number_q
from children.models import Child
from concerns.access import concerns_visible
from concerns.models import Concern
from consents.models import BasisKind, Consent
from consents.selectors import consent_covering
from people.models import UNIT_ROLES, Membership, Role, User
from people.selectors import works_in
from teams.models import (
    Handover,
    HandoverStatus,
    MemberRole,
    MemberStatus,
    Task,
    Team,
    TeamMember,
    TeamStatus,
    UnitInvitation,
    UnitInvitationStatus,
)
from teams.selectors_owners import owner_sees_team


def _user_id(user: User) -> int:
    """The id to look objects up by. Anonymous and deactivated users get one that matches no
    row (ids start at 1), so they take the same path as everyone else who is not allowed."""
    return user.pk if user.is_authenticated and user.is_active else 0


def basis_label(consent: Consent) -> str:
    """How an access event names the consent or legal basis that allowed it."""
    if consent.kind == BasisKind.LEGAL_BASIS:
        return f"{consent.legal_reference} ({consent.pk})"
    return f"consent {consent.pk}"


@dataclass(frozen=True)
class TeamBasis:
    """Why a user may see a team: their membership and the consent or legal basis covering
    their unit."""

    member: TeamMember
    consent: Consent

    @property
    def legal_basis(self) -> str:
        return basis_label(self.consent)

    @property
    def is_coordinator(self) -> bool:
        return self.member.role == MemberRole.COORDINATOR


@dataclass(frozen=True)
class TeamAccess:
    team: Team
    basis: TeamBasis

    @property
    def is_coordinator(self) -> bool:
        return self.basis.is_coordinator

    @property
    def can_write(self) -> bool:
        return self.team.is_open


def _member_basis(*, user: User, member: TeamMember, team: Team) -> TeamBasis | None:
    """The basis of an active membership: the user still works in the member's unit and a
    consent or legal basis in force covers it – and, for a member of the old municipality kept
    after a move, the transition period has not ended (the daily job then takes them off)."""
    today = timezone.localdate()
    if member.leaves_on is not None and member.leaves_on < today:
        return None
    if not works_in(user=user, unit_id=member.unit_id):
        return None
    consent = consent_covering(child_id=team.child_id, unit_id=member.unit_id, on=today)
    if consent is None:
        return None
    return TeamBasis(member=member, consent=consent)


def team_access_basis(*, user: User, team: Team) -> TeamBasis | None:
    """The user's active membership and the consent covering its unit, or None."""
    if not user.is_authenticated or not user.is_active:
        return None
    member = (
        TeamMember.objects.select_related("unit")
        .filter(team=team, user=user, status=MemberStatus.ACTIVE)
        .first()
    )
    if member is None:
        return None
    return _member_basis(user=user, member=member, team=team)


def access_team(
    user: User,
    team_id: uuid.UUID,
    *,
    for_write: bool = False,
    as_coordinator: bool = False,
    record_read: bool | None = None,
    read_action: Action = Action.READ,
    purpose: str = "",
    object_type: str = "team",
    object_id: str | int | uuid.UUID | None = None,
) -> TeamAccess:
    """The team if the user may see it, else 404; 403 when they may see but not do this
    (writing to a closed team, or a coordinator's task by a member).

    A read (a GET, `audit.reads`) writes one access event with the basis that allowed it,
    in a transaction of its own; a write is audited by the service that makes it."""
    # Look the team up through the user's own active membership: a team that does not exist
    # and one the user is not on cost the same single query, so timing does not tell them apart.
    member = (
        TeamMember.objects.select_related(
            "unit",
            "team__child",
            "team__municipality",
            "team__concern",
            "team__originating_unit",
        )
        .filter(team_id=team_id, user_id=_user_id(user), status=MemberStatus.ACTIVE)
        .first()
    )
    if member is None:
        raise Http404
    team = member.team
    basis = _member_basis(user=user, member=member, team=team)
    if basis is None:
        raise Http404
    access = TeamAccess(team=team, basis=basis)
    if (as_coordinator and not basis.is_coordinator) or (for_write and not team.is_open):
        raise PermissionDenied
    if not reads_recorded(record_read):
        return access
    with transaction.atomic():
        access_event_record(
            actor=user,
            action=read_action,
            object_type=object_type,
            object_id=object_id if object_id is not None else team.pk,
            child_id=team.child_id,
            municipality=team.municipality,
            purpose=purpose or "work in the team around the child",
            legal_basis=basis.legal_basis,
        )
    return access


def _check_unit_covered(
    *,
    user: User,
    team: Team,
    unit_id: uuid.UUID,
    object_type: str,
    object_id: object,
    purpose: str,
    record_read: bool | None,
) -> None:
    """For someone not (yet) on the team: 404 unless they work in the unit and a consent in
    force covers it; a read writes one access event with that consent as its basis."""
    consent = consent_covering(child_id=team.child_id, unit_id=unit_id, on=timezone.localdate())
    if consent is None or not works_in(user=user, unit_id=unit_id):
        raise Http404
    if reads_recorded(record_read):
        with transaction.atomic():
            access_event_record(
                actor=user,
                action=Action.READ,
                object_type=object_type,
                object_id=str(object_id),
                child_id=team.child_id,
                municipality=team.municipality,
                purpose=purpose,
                legal_basis=basis_label(consent),
            )


def access_invitation(
    user: User, team_id: uuid.UUID, *, record_read: bool | None = None
) -> TeamMember:
    """The user's own open invitation to a team. The consent covering their unit was checked
    when they were invited and is checked again here."""
    member = (
        TeamMember.objects.select_related(
            "team__child", "team__municipality", "team__originating_unit", "unit", "invited_by"
        )
        .filter(team_id=team_id, user=user, status=MemberStatus.INVITED)
        .first()
    )
    if member is None or not member.team.is_open:
        raise Http404
    _check_unit_covered(
        user=user,
        team=member.team,
        unit_id=member.unit_id,
        object_type="team_invitation",
        object_id=member.pk,
        purpose="answering an invitation to a team",
        record_read=record_read,
    )
    return member


def access_unit_invitation(
    user: User, team_id: uuid.UUID, invitation_id: uuid.UUID, *, record_read: bool | None = None
) -> UnitInvitation:
    """An open invitation to a unit the user works in (as a professional or its leader), on an
    open team, while a consent in force covers the unit. Looked up through the user's own
    memberships, so a missing invitation and another unit's cost the same single query."""
    today = timezone.localdate()
    works_there = Membership.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=today),
        user_id=_user_id(user),
        unit_id=OuterRef("unit_id"),
        role__in=UNIT_ROLES,
        started_on__lte=today,
    )
    invitation = (
        UnitInvitation.objects.select_related(
            "team__child", "team__municipality", "team__originating_unit", "unit", "invited_by"
        )
        .filter(
            Exists(works_there),
            pk=invitation_id,
            team_id=team_id,
            status=UnitInvitationStatus.OPEN,
            team__status=TeamStatus.OPEN,
        )
        .first()
    )
    if invitation is None:
        raise Http404
    _check_unit_covered(
        user=user,
        team=invitation.team,
        unit_id=invitation.unit_id,
        object_type="unit_invitation",
        object_id=invitation.pk,
        purpose="answering an invitation to a team for a unit",
        record_read=record_read,
    )
    return invitation


def access_handover(
    user: User, team_id: uuid.UUID, handover_id: uuid.UUID, *, record_read: bool | None = None
) -> Handover:
    """An open hand-over offered to the user, while a consent covers the receiving unit."""
    handover = (
        Handover.objects.select_related(
            "team__child",
            "team__municipality",
            "team__originating_unit",
            "from_user",
            "to_unit",
            "moving_to",
        )
        .filter(pk=handover_id, team_id=team_id, to_user=user, status=HandoverStatus.OPEN)
        .first()
    )
    if handover is None:
        raise Http404
    _check_unit_covered(
        user=user,
        team=handover.team,
        unit_id=handover.to_unit_id,
        object_type="handover",
        object_id=handover.pk,
        purpose="answering a hand-over",
        record_read=record_read,
    )
    return handover


def access_task(user: User, task_id: uuid.UUID) -> Task:
    """For completing a task: its owner, or the team's coordinator. Team tasks also need access
    to the team."""
    # Only the user's own tasks and tasks of teams they are on are looked up, so a missing task
    # and someone else's cost the same single query.
    user_id = _user_id(user)
    task = (
        Task.objects.select_related("team", "child__municipality")
        .filter(pk=task_id)
        .filter(
            Q(owner_id=user_id)
            | Exists(
                TeamMember.objects.filter(
                    team_id=OuterRef("team_id"), user_id=user_id, status=MemberStatus.ACTIVE
                )
            )
        )
        .first()
    )
    if task is None:
        raise Http404
    if task.team_id is None:
        if task.owner_id != user.pk:
            raise Http404
        return task
    # Selected with the task; None only where the team's row is out of the request's reach.
    team = task.team
    basis = team_access_basis(user=user, team=team) if team is not None else None
    if basis is None:
        raise Http404
    if task.owner_id != user.pk and not basis.is_coordinator:
        raise PermissionDenied
    return task


def team_visible_to(*, user: User, team_id: uuid.UUID) -> bool:
    """Whether the user may still see the team (after a change that may have ended access)."""
    team = Team.objects.filter(pk=team_id).first()
    return team is not None and team_access_basis(user=user, team=team) is not None


def child_access_basis(*, user: User, child: Child) -> str:
    """Why the user may see the child (for the access event), or '' when they may not."""
    if not user.is_authenticated or not user.is_active:
        return ""
    if concerns_visible(user=user).filter(child_id=child.pk).exists():
        return "own unit"
    for team in Team.objects.filter(child=child).select_related("child", "municipality"):
        basis = team_access_basis(user=user, team=team)
        if basis is not None:
            return basis.legal_basis
    return ""


def access_child(
    user: User, child_id: uuid.UUID, *, record_read: bool | None = None, purpose: str = ""
) -> Child:
    """The child if the user may see them, else 404 (missing and forbidden look the same).

    A read (a GET, `audit.reads`) writes one access event with the basis that allowed it,
    in a transaction of its own."""
    return _child_access(user, Q(pk=child_id), record_read=record_read, purpose=purpose)


def access_child_by_identity_number(user: User, identity_number: str, *, purpose: str) -> Child:
    """The child with this identity number if the user may see them, else 404: an unknown
    number and someone else's child answer alike, after the same single look-up. Always
    recorded as a read with the caller's `purpose` (the look-up is a POST, so that the number
    is never in a URL). A number is held by one child record per municipality; the user sees
    at most the ones they work with, and gets the first of those."""
    return _child_access(
        user, identity_number_q(identity_number), record_read=True, purpose=purpose
    )


def _child_access(user: User, which: Q, *, record_read: bool | None, purpose: str) -> Child:
    if not user.is_authenticated or not user.is_active:
        raise Http404
    # Look up only a child the user could see (a concern in their own unit, or a team they are
    # an active member of), so a missing child and someone else's cost the same single query
    # and cannot be told apart by timing; the basis is then worked out for that child.
    child = (
        Child.objects.select_related("municipality")
        .filter(
            Exists(concerns_visible(user=user).filter(child_id=OuterRef("pk")))
            | Exists(
                TeamMember.objects.filter(
                    team__child_id=OuterRef("pk"), user=user, status=MemberStatus.ACTIVE
                )
            ),
            which,
        )
        .order_by("pk")
        .first()
    )
    if child is None:
        raise Http404
    basis = child_access_basis(user=user, child=child)
    if not basis:
        raise Http404
    if reads_recorded(record_read):
        with transaction.atomic():
            access_event_record(
                actor=user,
                action=Action.READ,
                object_type="child",
                object_id=child.pk,
                child_id=child.pk,
                municipality=child.municipality,
                purpose=purpose or "reading the child's record",
                legal_basis=basis,
            )
    return child


class ConcernTeamAccess:
    """The team's part in who may see a concern, for `concerns.access` (which stands below
    teams and asks through `settings.CONCERN_TEAM_ACCESS`)."""

    @staticmethod
    def on_team(*, user: User, concern: OuterRef) -> Exists:
        return Exists(
            TeamMember.objects.filter(team__concern=concern, user=user, status=MemberStatus.ACTIVE)
        )

    @staticmethod
    def basis(*, user: User, concern: Concern) -> str | None:
        team = getattr(concern, "team", None)
        team_basis = team_access_basis(user=user, team=team) if team is not None else None
        return team_basis.legal_basis if team_basis is not None else None


# How the access log names the basis of a unit leader choosing a new coordinator.
COORDINATORS_LEADER_BASIS = "leader of the coordinator's unit"


def access_team_as_unit_leader(
    user: User, unit_id: uuid.UUID, team_id: uuid.UUID, *, record_read: bool | None = None
) -> TeamMember:
    """For the leader of a unit whose coordinator can no longer reach the team (deactivated,
    left the unit, or the unit no longer covered by consent): the coordinator's membership, so
    that the leader can choose a new coordinator among the members who can see the team. The
    leader is not a member and sees nothing else of the team; 404 for everyone else and once
    the coordinator can reach the team again.

    Looked up through the user's own leader membership in one query, so a missing team and
    another unit's cost the same. A read (GET) writes one access event for the child."""
    today = timezone.localdate()
    leads = Membership.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=today),
        user_id=_user_id(user),
        unit_id=OuterRef("unit_id"),
        role=Role.UNIT_LEADER,
        started_on__lte=today,
    )
    coordinator = (
        TeamMember.objects.select_related(
            "user", "unit", "team__child", "team__municipality", "team__originating_unit"
        )
        .filter(
            Exists(leads),
            ~Q(owner_sees_team(team_id=OuterRef("team_id"), user_id=OuterRef("user_id"))),
            team_id=team_id,
            unit_id=unit_id,
            role=MemberRole.COORDINATOR,
            status=MemberStatus.ACTIVE,
            team__status=TeamStatus.OPEN,
        )
        .first()
    )
    if coordinator is None:
        raise Http404
    if reads_recorded(record_read):
        team = coordinator.team
        with transaction.atomic():
            access_event_record(
                actor=user,
                action=Action.READ,
                object_type="team_member",
                object_id=coordinator.pk,
                child_id=team.child_id,
                municipality=team.municipality,
                purpose="choosing a new coordinator as the unit's leader",
                legal_basis=COORDINATORS_LEADER_BASIS,
            )
    return coordinator
