"""Members: invitations, answers and leaving."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from audit.models import Action
from consents.selectors import consent_covering
from core.errors import state_conflict
from people.models import UNIT_ROLES, User
from people.selectors import memberships_active, works_in
from teamlog.models import LogKind
from teamlog.services import log_text, log_write
from teams.models import (
    MemberRole,
    MemberStatus,
    Team,
    TeamMember,
    UnitInvitation,
    UnitInvitationStatus,
)
from teams.services._shared import _audit
from units.models import Unit
from units.selectors import unit_serves


@transaction.atomic
def member_invite(*, actor: User, team: Team, user: User, unit: Unit) -> TeamMember:
    """Invite a professional to act for their unit on the team. The unit must be covered by a
    consent in force first: nobody outside sees anything before that."""
    errors: dict[str, str] = {}
    if not unit_serves(unit_id=unit.pk, municipality_id=team.municipality_id):
        errors["unit"] = _(
            "The unit must belong to an organisation that serves the child's municipality."
        )
    elif not works_in(user=user, unit_id=unit.pk):
        errors["user"] = _("This person does not work in that unit.")
    elif consent_covering(child_id=team.child_id, unit_id=unit.pk, on=timezone.localdate()) is None:
        errors["unit"] = _(
            "No consent in force covers %(unit)s. Record a consent that covers it first."
        ) % {"unit": unit.name}
    elif TeamMember.objects.filter(
        team=team, user=user, status__in=[MemberStatus.INVITED, MemberStatus.ACTIVE]
    ).exists():
        raise state_conflict(_("This person is already on the team or invited."), field="user")
    if errors:
        raise ValidationError(errors)
    member = TeamMember.objects.create(
        team=team,
        user=user,
        unit=unit,
        role=MemberRole.MEMBER,
        status=MemberStatus.INVITED,
        invited_by=actor,
    )
    log_write(
        concern=team.concern,
        team=team,
        kind=LogKind.MEMBER,
        author=actor,
        text=log_text(
            gettext_noop("%(name)s (%(unit)s) invited to the team."),
            {"name": user.display_name(), "unit": unit.name},
        ),
    )
    _audit(actor, team, Action.CREATE, "team_member", member.pk, "inviting a team member")
    return member


@transaction.atomic
def member_respond(*, actor: User, member: TeamMember, accept: bool) -> TeamMember:
    """The invited person accepts or declines."""
    member = TeamMember.objects.select_for_update().select_related("team", "unit").get(pk=member.pk)
    if member.user_id != actor.pk or member.status != MemberStatus.INVITED:
        raise PermissionDenied
    member.status = MemberStatus.ACTIVE if accept else MemberStatus.DECLINED
    member.joined_at = timezone.now() if accept else None
    member.save(update_fields=["status", "joined_at"])
    team = member.team
    log_write(
        concern=team.concern,
        team=team,
        kind=LogKind.MEMBER,
        author=actor,
        text=log_text(
            gettext_noop("%(name)s joined the team.")
            if accept
            else gettext_noop("%(name)s declined the invitation."),
            {"name": actor.display_name()},
        ),
    )
    _audit(actor, team, Action.UPDATE, "team_member", member.pk, "answering an invitation")
    return member


@transaction.atomic
def member_leave(*, actor: User, team: Team, member: TeamMember) -> TeamMember:
    """A member leaves (or the coordinator removes them); access ends at once. The coordinator
    cannot leave without handing over first."""
    member = TeamMember.objects.select_for_update().get(pk=member.pk, team=team)
    if member.role == MemberRole.COORDINATOR:
        raise ValidationError(_("The coordinator must hand over the role before leaving."))
    member.status = MemberStatus.LEFT
    member.left_at = timezone.now()
    member.save(update_fields=["status", "left_at"])
    log_write(
        concern=team.concern,
        team=team,
        kind=LogKind.MEMBER,
        author=actor,
        text=log_text(
            gettext_noop("%(name)s left the team."), {"name": member.user.display_name()}
        ),
    )
    _audit(actor, team, Action.UPDATE, "team_member", member.pk, "a member leaving the team")
    return member


@transaction.atomic
def unit_invite(*, actor: User, team: Team, unit: Unit, note: str = "") -> UnitInvitation:
    """Invite a unit (a service) rather than a named person: its leader or anyone on its staff
    may accept. The unit must be covered by a consent in force, like a person's unit."""
    if not unit_serves(unit_id=unit.pk, municipality_id=team.municipality_id):
        raise ValidationError(
            {
                "unit": _(
                    "The unit must belong to an organisation that serves the child's municipality."
                )
            }
        )
    if consent_covering(child_id=team.child_id, unit_id=unit.pk, on=timezone.localdate()) is None:
        raise ValidationError(
            {
                "unit": _(
                    "No consent in force covers %(unit)s. Record a consent that covers it first."
                )
                % {"unit": unit.name}
            }
        )
    if UnitInvitation.objects.filter(
        team=team, unit=unit, status=UnitInvitationStatus.OPEN
    ).exists():
        raise state_conflict(_("This unit is already invited."), field="unit")
    invitation = UnitInvitation.objects.create(
        team=team, unit=unit, note=note.strip(), invited_by=actor
    )
    log_write(
        concern=team.concern,
        team=team,
        kind=LogKind.MEMBER,
        author=actor,
        text=log_text(gettext_noop("%(unit)s invited to the team."), {"unit": unit.name}),
    )
    _audit(actor, team, Action.CREATE, "unit_invitation", invitation.pk, "inviting a unit")
    return invitation


def member_join_active(
    *, team: Team, user: User, unit: Unit, invited_by: User | None, coordinator: bool = False
) -> TeamMember:
    """Part of an answer that brings someone onto the team (a hand-over, a transition): the
    user becomes an active member acting for the unit – a new member, or an invited one who now
    joins. As the new coordinator an active member takes the role and acts for the unit; any
    other active member stays as they are. Runs inside the caller's transaction, which audits
    the answer."""
    now = timezone.now()
    current = TeamMember.objects.filter(
        team=team, user=user, status__in=[MemberStatus.INVITED, MemberStatus.ACTIVE]
    ).first()
    role = MemberRole.COORDINATOR if coordinator else MemberRole.MEMBER
    if current is None:
        return TeamMember.objects.create(
            team=team,
            user=user,
            unit=unit,
            role=role,
            status=MemberStatus.ACTIVE,
            invited_by=invited_by,
            joined_at=now,
        )
    if current.status == MemberStatus.ACTIVE and not coordinator:
        return current
    if coordinator:
        current.role = role
    current.status = MemberStatus.ACTIVE
    current.unit = unit
    current.leaves_on = None
    current.joined_at = current.joined_at or now
    current.save(update_fields=["role", "status", "unit", "leaves_on", "joined_at"])
    return current


@transaction.atomic
def unit_invitation_answer(
    *, actor: User, invitation: UnitInvitation, accept: bool
) -> UnitInvitation:
    """Someone on the unit's staff (its leader or any professional) answers for the unit.
    Accepting makes them the member acting for the unit; declining closes the invitation for
    everyone in the unit. The first answer counts: a second one finds it answered."""
    invitation = (
        UnitInvitation.objects.select_for_update()
        .select_related("team__concern", "team__child", "unit")
        .get(pk=invitation.pk)
    )
    team = invitation.team
    if invitation.status != UnitInvitationStatus.OPEN or not team.is_open:
        raise state_conflict(_("Someone in the unit has already answered this invitation."))
    if (
        not memberships_active(user=actor)
        .filter(unit=invitation.unit, role__in=UNIT_ROLES)
        .exists()
    ):
        raise PermissionDenied
    if (
        accept
        and TeamMember.objects.filter(
            team=team, user=actor, status__in=[MemberStatus.INVITED, MemberStatus.ACTIVE]
        ).exists()
    ):
        raise state_conflict(_("You are already on the team or invited to it."))
    now = timezone.now()
    if accept:
        invitation.member = TeamMember.objects.create(
            team=team,
            user=actor,
            unit=invitation.unit,
            role=MemberRole.MEMBER,
            status=MemberStatus.ACTIVE,
            invited_by=invitation.invited_by,
            joined_at=now,
        )
    invitation.status = UnitInvitationStatus.ACCEPTED if accept else UnitInvitationStatus.DECLINED
    invitation.answered_by = actor
    invitation.answered_at = now
    invitation.save(update_fields=["status", "answered_by", "answered_at", "member"])
    log_write(
        concern=team.concern,
        team=team,
        kind=LogKind.MEMBER,
        author=actor,
        text=log_text(
            gettext_noop("%(name)s joined the team for %(unit)s.")
            if accept
            else gettext_noop("%(name)s declined the invitation for %(unit)s."),
            {"name": actor.display_name(), "unit": invitation.unit.name},
        ),
    )
    _audit(actor, team, Action.UPDATE, "unit_invitation", invitation.pk, "answering for a unit")
    return invitation
