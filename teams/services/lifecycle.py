"""Opening a team around a concern, and closing it."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from audit.models import Action
from concerns.models import TEAM_LEVELS, Concern, ConcernStatus
from consents.models import Consent
from core.errors import state_conflict
from people.models import User
from teamlog.models import LogKind
from teamlog.services import log_text, log_write
from teams.models import (
    Handover,
    HandoverStatus,
    MemberRole,
    MemberStatus,
    Team,
    TeamMember,
    TeamStatus,
)
from teams.services._shared import _audit


@transaction.atomic
def team_open(*, actor: User, concern: Concern, consent: Consent, level: int) -> Team:
    """Move a concern to level 2 or 3 and open its team, with the concern's responsible person as
    the first coordinator. The consent (or legal basis) must cover the concern's unit."""
    concern = Concern.objects.select_for_update().select_related("child", "unit").get(pk=concern.pk)
    if actor.pk != concern.responsible_id:
        raise PermissionDenied
    if hasattr(concern, "team"):
        raise state_conflict(_("This concern already has a team."))
    if level not in TEAM_LEVELS:
        raise ValidationError({"level": _("A team works at level 2 or 3.")})
    if consent.child_id != concern.child_id or not consent.in_force_on(timezone.localdate()):
        raise ValidationError({"consent": _("The consent is not in force for this child.")})
    if not consent.units.filter(pk=concern.unit_id).exists():
        raise ValidationError({"consent": _("The consent must cover the unit the concern is in.")})
    team = Team.objects.create(
        municipality=concern.municipality,
        child=concern.child,
        concern=concern,
        originating_unit=concern.unit,
    )
    Consent.objects.filter(pk=consent.pk).update(team=team)
    TeamMember.objects.create(
        team=team,
        user=actor,
        unit=concern.unit,
        role=MemberRole.COORDINATOR,
        status=MemberStatus.ACTIVE,
        invited_by=actor,
        joined_at=timezone.now(),
    )
    old_level = concern.level
    concern.level = level
    concern.version += 1
    concern.save(update_fields=["level", "version", "updated_at"])
    log_write(
        concern=concern,
        team=team,
        kind=LogKind.LEVEL,
        author=actor,
        text=log_text(
            gettext_noop(
                "Moved from %(old)s to %(new)s. Team opened with %(name)s as coordinator."
            ),
            {"old": old_level, "new": level, "name": actor.display_name()},
        ),
    )
    _audit(actor, team, Action.CREATE, "team", team.pk, "opening a team around the child")
    return team


@transaction.atomic
def team_close(*, actor: User, team: Team, reason: str, final_evaluation: str) -> Team:
    """Close the team with a reason and a final evaluation; the concern closes with it. The
    retention rules decide when the record is deleted."""
    errors: dict[str, str] = {}
    if not reason.strip():
        errors["reason"] = _("Say why the team is closed.")
    if not final_evaluation.strip():
        errors["final_evaluation"] = _("Write the final evaluation.")
    if errors:
        raise ValidationError(errors)
    team = Team.objects.select_for_update().get(pk=team.pk)
    if team.status != TeamStatus.OPEN:
        raise state_conflict(_("The team is already closed."))
    team.status = TeamStatus.CLOSED
    team.closed_at = timezone.now()
    team.close_reason = reason.strip()
    team.final_evaluation = final_evaluation.strip()
    team.save(update_fields=["status", "closed_at", "close_reason", "final_evaluation"])
    Handover.objects.filter(team=team, status=HandoverStatus.OPEN).update(
        status=HandoverStatus.DECLINED, decided_at=timezone.now()
    )
    concern = team.concern
    concern.status = ConcernStatus.CLOSED
    concern.closed_at = team.closed_at
    concern.version += 1
    concern.save(update_fields=["status", "closed_at", "version", "updated_at"])
    log_write(
        concern=concern,
        team=team,
        kind=LogKind.CLOSED,
        author=actor,
        text=log_text(gettext_noop("Team closed: %(reason)s"), {"reason": team.close_reason}),
    )
    _audit(actor, team, Action.UPDATE, "team", team.pk, "closing the team")
    return team
