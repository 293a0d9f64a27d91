"""Members: invitations, answers and leaving."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from audit.models import Action
from consents.selectors import consent_covering
from people.models import User
from people.selectors import works_in
from teams.models import LogKind, MemberRole, MemberStatus, Team, TeamMember
from teams.services._shared import _audit
from teams.services.log import log_text, log_write
from units.models import Unit


@transaction.atomic
def member_invite(*, actor: User, team: Team, user: User, unit: Unit) -> TeamMember:
    """Invite a professional to act for their unit on the team. The unit must be covered by a
    consent in force first: nobody outside sees anything before that."""
    errors: dict[str, str] = {}
    if unit.municipality_id != team.municipality_id:
        errors["unit"] = _("The unit must be in the child's municipality.")
    elif not works_in(user=user, unit_id=unit.pk):
        errors["user"] = _("This person does not work in that unit.")
    elif consent_covering(child_id=team.child_id, unit_id=unit.pk, on=timezone.localdate()) is None:
        errors["unit"] = _(
            "No consent in force covers %(unit)s. Record a consent that covers it first."
        ) % {"unit": unit.name}
    elif TeamMember.objects.filter(
        team=team, user=user, status__in=[MemberStatus.INVITED, MemberStatus.ACTIVE]
    ).exists():
        errors["user"] = _("This person is already on the team or invited.")
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
