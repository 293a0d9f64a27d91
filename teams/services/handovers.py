"""Handing over the coordinator role."""

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
from teamlog.models import LogKind
from teamlog.services import log_text, log_write
from teams.models import Handover, HandoverStatus, MemberRole, MemberStatus, Team, TeamMember
from teams.services._shared import _audit
from units.models import Unit


@transaction.atomic
def handover_propose(
    *, actor: User, team: Team, to_user: User, to_unit: Unit, transition: str, note: str
) -> Handover:
    """Offer the coordinator role to someone in another unit (or another municipality's unit
    after a move). A consent in force must cover the receiving unit."""
    errors: dict[str, str] = {}
    if Handover.objects.filter(team=team, status=HandoverStatus.OPEN).exists():
        errors["to_user"] = _("There is already an open hand-over for this team.")
    elif not works_in(user=to_user, unit_id=to_unit.pk):
        errors["to_user"] = _("This person does not work in that unit.")
    elif to_user.pk == actor.pk:
        errors["to_user"] = _("Choose someone else.")
    elif (
        consent_covering(child_id=team.child_id, unit_id=to_unit.pk, on=timezone.localdate())
        is None
    ):
        errors["to_unit"] = _(
            "No consent in force covers %(unit)s. Record a consent that covers it first."
        ) % {"unit": to_unit.name}
    if not note.strip():
        errors["note"] = _("Write what the receiver should know.")
    if errors:
        raise ValidationError(errors)
    handover = Handover.objects.create(
        team=team,
        transition=transition,
        from_user=actor,
        to_user=to_user,
        to_unit=to_unit,
        note=note.strip(),
    )
    log_write(
        concern=team.concern,
        team=team,
        kind=LogKind.HANDOVER,
        author=actor,
        text=log_text(
            gettext_noop("Hand-over of the coordinator role offered to %(name)s (%(unit)s)."),
            {"name": to_user.display_name(), "unit": to_unit.name},
        ),
    )
    _audit(actor, team, Action.CREATE, "handover", handover.pk, "proposing a hand-over")
    return handover


@transaction.atomic
def handover_respond(*, actor: User, handover: Handover, accept: bool, note: str = "") -> Handover:
    """The receiver accepts (and becomes the coordinator, the previous one stays a member) or
    declines (nothing changes)."""
    handover = (
        Handover.objects.select_for_update()
        .select_related("team", "team__concern", "to_unit")
        .get(pk=handover.pk)
    )
    if handover.to_user_id != actor.pk or handover.status != HandoverStatus.OPEN:
        raise PermissionDenied
    team = handover.team
    handover.status = HandoverStatus.ACCEPTED if accept else HandoverStatus.DECLINED
    handover.decided_at = timezone.now()
    handover.decision_note = note.strip()
    handover.save(update_fields=["status", "decided_at", "decision_note"])
    if accept:
        TeamMember.objects.filter(
            team=team, role=MemberRole.COORDINATOR, status=MemberStatus.ACTIVE
        ).update(role=MemberRole.MEMBER)
        current = TeamMember.objects.filter(
            team=team, user=actor, status__in=[MemberStatus.INVITED, MemberStatus.ACTIVE]
        ).first()
        if current is None:
            TeamMember.objects.create(
                team=team,
                user=actor,
                unit=handover.to_unit,
                role=MemberRole.COORDINATOR,
                status=MemberStatus.ACTIVE,
                invited_by=handover.from_user,
                joined_at=timezone.now(),
            )
        else:
            current.role = MemberRole.COORDINATOR
            current.status = MemberStatus.ACTIVE
            current.unit = handover.to_unit
            current.joined_at = current.joined_at or timezone.now()
            current.save(update_fields=["role", "status", "unit", "joined_at"])
    log_write(
        concern=team.concern,
        team=team,
        kind=LogKind.HANDOVER,
        author=actor,
        text=log_text(
            gettext_noop("%(name)s accepted the hand-over and is now the coordinator.")
            if accept
            else gettext_noop("%(name)s declined the hand-over."),
            {"name": actor.display_name()},
        ),
    )
    _audit(actor, team, Action.UPDATE, "handover", handover.pk, "answering a hand-over")
    return handover
