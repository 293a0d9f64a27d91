"""The facts behind the legal duties that the coordinator records on the team: long-term and
coordinated needs, serious illness or disability, and whether the coordinator is the family's
barnekoordinator (rights.duties, teams.duties)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import Action
from people.models import User
from teams.models import DUTY_FACTS_NOTE_MAX, MemberRole, MemberStatus, Team, TeamMember
from teams.services._shared import _audit


@transaction.atomic
def team_duty_facts_set(
    *,
    actor: User,
    team: Team,
    long_term_needs: bool,
    serious_illness_or_disability: bool,
    barnekoordinator: bool,
    note: str,
) -> Team:
    """Record the facts and the barnekoordinator mark in one transaction, audited. Only the
    active coordinator records them (the view checks it through `access_team`); a
    barnekoordinator needs the facts that give the right to one."""
    team = Team.objects.select_for_update().select_related("child__municipality").get(pk=team.pk)
    note = note.strip()
    errors = {}
    if len(note) > DUTY_FACTS_NOTE_MAX:
        errors["note"] = _("Write at most %(max)s characters.") % {"max": DUTY_FACTS_NOTE_MAX}
    if barnekoordinator and not (long_term_needs and serious_illness_or_disability):
        errors["barnekoordinator"] = _(
            "A barnekoordinator is for a child with serious illness, injury or disability and "
            "long-term needs: tick both first."
        )
    coordinator = (
        TeamMember.objects.select_for_update()
        .filter(team=team, role=MemberRole.COORDINATOR, status=MemberStatus.ACTIVE)
        .first()
    )
    if coordinator is None or coordinator.user_id != actor.pk:
        raise ValidationError(_("Only the team's coordinator records these facts."))
    if errors:
        raise ValidationError(errors)
    team.long_term_needs = long_term_needs
    team.serious_illness_or_disability = serious_illness_or_disability
    team.duty_facts_note = note
    team.duty_facts_recorded_at = timezone.now()
    team.save(
        update_fields=[
            "long_term_needs",
            "serious_illness_or_disability",
            "duty_facts_note",
            "duty_facts_recorded_at",
        ]
    )
    if coordinator.is_barnekoordinator != barnekoordinator:
        coordinator.is_barnekoordinator = barnekoordinator
        coordinator.save(update_fields=["is_barnekoordinator"])
    _audit(
        actor,
        team,
        Action.UPDATE,
        "team_duty_facts",
        team.pk,
        "recording the facts behind the legal duties",
    )
    return team
