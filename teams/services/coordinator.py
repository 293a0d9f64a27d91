"""When the coordinator can no longer reach the team: the unit leader is told, and chooses a new
coordinator (issue 10).

A coordinator is not taken off the team when their unit loses its consent (only a hand-over
changes who coordinates, `teams.services.coverage`), so without this they would stay "active"
and shut out. When a withdrawal leaves the coordinator's unit uncovered, the coordinator and the
unit's leaders get a task and an e-mail, in the withdrawal's transaction; the team shows on the
unit's gap list (`teams.gaps`) until the leader chooses a new coordinator among the members who
can see the team. Tasks and e-mails name the team by the unit that started it and the day it
opened, never the child."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, override

from audit.models import Action
from audit.services import child_event_record
from core.errors import state_conflict
from people.models import Role, User
from teamlog.models import LogKind
from teamlog.services import log_text, log_write
from teams.access import COORDINATORS_LEADER_BASIS, team_access_basis
from teams.gaps import team_reference
from teams.models import (
    LEADER_TASK_PREFIX,
    MemberRole,
    MemberStatus,
    Task,
    TaskStatus,
    Team,
    TeamMember,
)
from teams.services._shared import mail_on_commit, task_once
from units.models import Unit

# How long the leader and the new coordinator have.
COORDINATOR_DAYS = 7
PURPOSE_UNCOVERED = "the coordinator's unit is no longer covered by consent"
PURPOSE_CHOOSE = "choosing a new coordinator as the unit's leader"


def leader_task_key(*, team: Team, key: str, leader: User) -> str:
    """A leader's task about a team: the prefix and team first, so that choosing a new
    coordinator finds it, then a digest of what caused it (`Task.source_key` holds 100)."""
    digest = hashlib.sha256(f"{key}:{leader.pk}".encode()).hexdigest()[:16]
    return f"{LEADER_TASK_PREFIX}{team.pk}:{digest}"


def _leaders(unit: Unit) -> list[User]:
    today = timezone.localdate()
    return list(
        User.objects.filter(
            Q(memberships__ended_on__isnull=True) | Q(memberships__ended_on__gte=today),
            memberships__unit=unit,
            memberships__role=Role.UNIT_LEADER,
            memberships__started_on__lte=today,
            is_active=True,
        )
        .distinct()
        .order_by("pk")
    )


def coordinator_unit_uncovered(
    *, team: Team, uncovered: list[Unit], actor: User | None, actor_label: str, key: str
) -> list[User]:
    """When the units a withdrawal left uncovered include the coordinator's: a task and an
    e-mail for the coordinator (unless the withdrawal already gave them one) and for each
    leader of their unit. Runs in the caller's transaction; `key` (the consent) makes each task
    once, however often it runs. Whom it told."""
    coordinator = (
        TeamMember.objects.select_related("user", "unit")
        .filter(
            team=team,
            role=MemberRole.COORDINATOR,
            status=MemberStatus.ACTIVE,
            unit__in=uncovered,
        )
        .first()
    )
    if coordinator is None:
        return []
    told: list[User] = []
    unit = coordinator.unit
    gaps_url = settings.LAGET_BASE_URL + reverse("gaps:unit", args=[unit.pk])
    with override(settings.LANGUAGE_CODE):
        values = {
            "name": coordinator.user.display_name(),
            "team": team_reference(team),
            "unit": unit.name,
        }
        made = task_once(
            team=None,
            child_team=team,
            due_in_days=COORDINATOR_DAYS,
            owner=coordinator.user,
            # The same key as the withdrawal's own task for the coordinator: one task each.
            key=f"coverage-ended:{key}:{team.pk}:coordinator",
            title=_(
                "You coordinate %(team)s, but no consent covers %(unit)s any longer, so you "
                "cannot open it. The leader of %(unit)s chooses a new coordinator."
            )
            % values,
            actor=actor,
            actor_label=actor_label,
            purpose=PURPOSE_UNCOVERED,
            legal_basis="consent withdrawn",
        )
        if made:
            told.append(coordinator.user)
            mail_on_commit(
                coordinator.user,
                _("Laget: a change in a team you coordinate"),
                _(
                    "No consent covers %(unit)s in %(team)s any longer, so you cannot open it. "
                    "The leader of %(unit)s chooses a new coordinator. Your work in Laget: "
                    "%(url)s"
                )
                % {**values, "url": settings.LAGET_BASE_URL + reverse("teams:work")},
            )
        for leader in _leaders(unit):
            if leader.pk == coordinator.user_id:
                continue
            made = task_once(
                team=None,
                child_team=team,
                due_in_days=COORDINATOR_DAYS,
                owner=leader,
                key=leader_task_key(team=team, key=key, leader=leader),
                title=_(
                    "%(name)s coordinates %(team)s for %(unit)s, but no consent covers "
                    "%(unit)s any longer, so they cannot open it. Choose a new coordinator."
                )
                % values,
                actor=actor,
                actor_label=actor_label,
                purpose=PURPOSE_UNCOVERED,
                legal_basis="consent withdrawn",
            )
            if made:
                told.append(leader)
                mail_on_commit(
                    leader,
                    _("Laget: a team in your unit needs a new coordinator"),
                    _(
                        "%(name)s coordinates %(team)s for %(unit)s, but no consent covers "
                        "%(unit)s any longer, so they cannot open it. Choose a new coordinator "
                        "on your unit's list of responsibility gaps: %(url)s"
                    )
                    % {**values, "url": gaps_url},
                )
    return told


@transaction.atomic
def team_coordinator_choose(
    *, actor: User, coordinator: TeamMember, member: TeamMember
) -> TeamMember:
    """The leader of the coordinator's unit makes `member` the coordinator of a team the
    coordinator can no longer reach; the caller has checked that
    (`teams.access.access_team_as_unit_leader`). The previous coordinator leaves the team (they
    cannot open it); the new one gets a task; the leader's tasks about the team are done.
    Audited, and written in the team's log."""
    locked = {
        m.pk: m
        for m in TeamMember.objects.select_for_update(of=("self",))
        .select_related("user", "unit", "team__child", "team__concern", "team__originating_unit")
        .filter(pk__in=[coordinator.pk, member.pk], team_id=coordinator.team_id)
    }
    previous, chosen = locked.get(coordinator.pk), locked.get(member.pk)
    if previous is None or previous.role != MemberRole.COORDINATOR:
        raise state_conflict(_("The team has a new coordinator already."))
    team = previous.team
    if (
        chosen is None
        or chosen.role != MemberRole.MEMBER
        or chosen.status != MemberStatus.ACTIVE
        or team_access_basis(user=chosen.user, team=team) is None
    ):
        raise ValidationError({"member": _("Choose a member who is on the team and can see it.")})
    now = timezone.now()
    previous.role = MemberRole.MEMBER
    previous.status = MemberStatus.LEFT
    previous.left_at = now
    previous.save(update_fields=["role", "status", "left_at"])
    chosen.role = MemberRole.COORDINATOR
    chosen.save(update_fields=["role"])
    values = {
        "name": chosen.user.display_name(),
        "unit": chosen.unit.name,
        "leader": actor.display_name(),
        "previous": previous.user.display_name(),
        "previous_unit": previous.unit.name,
    }
    log_write(
        concern=team.concern,
        team=team,
        kind=LogKind.MEMBER,
        author=actor,
        text=log_text(
            gettext_noop(
                "%(name)s (%(unit)s) is now the coordinator, chosen by %(leader)s, leader of "
                "%(previous_unit)s, because %(previous)s could no longer open the team."
            ),
            values,
        ),
    )
    for changed in (previous, chosen):
        child_event_record(
            actor=actor,
            action=Action.UPDATE,
            object_type="team_member",
            object_id=str(changed.pk),
            child=team.child,
            purpose=PURPOSE_CHOOSE,
            legal_basis=COORDINATORS_LEADER_BASIS,
            team_id=team.pk,
        )
    with override(settings.LANGUAGE_CODE):
        title = (
            _(
                "You are now the coordinator: %(leader)s, leader of %(previous_unit)s, chose you "
                "because %(previous)s could no longer open the team. Look at the plan, the tasks "
                "and the consents."
            )
            % values
        )
        subject = _("Laget: you are now a team's coordinator")
        body = _(
            "%(leader)s, leader of %(previous_unit)s, chose you as the coordinator of %(team)s, "
            "because %(previous)s could no longer open it. The team: %(url)s"
        ) % {
            **values,
            "team": team_reference(team),
            "url": settings.LAGET_BASE_URL + reverse("teams:detail", args=[team.pk]),
        }
    task_once(
        team=team,
        child_team=team,
        due_in_days=COORDINATOR_DAYS,
        owner=chosen.user,
        title=title,
        key=f"coordinator-chosen:{chosen.pk}:{previous.pk}",
        actor=actor,
        actor_label="",
        purpose=PURPOSE_CHOOSE,
        legal_basis=COORDINATORS_LEADER_BASIS,
    )
    mail_on_commit(chosen.user, subject, body)
    Task.objects.filter(
        Q(source_key__startswith=f"{LEADER_TASK_PREFIX}{team.pk}:")
        | Q(
            owner_id=previous.user_id,
            team__isnull=True,
            source_key__startswith="coverage-ended:",
            source_key__endswith=f":{team.pk}:coordinator",
        ),
        status=TaskStatus.OPEN,
    ).update(status=TaskStatus.DONE, completed_at=now)
    return chosen
