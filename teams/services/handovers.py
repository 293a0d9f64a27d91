"""Handing over the coordinator role, and moving the case to another municipality with it.

A move (`Transition.MOVING`, issue 9 part 6) is a hand-over to a unit in the municipality the
young person is moving to, allowed by a consent that names that municipality
(`Consent.moving_to`). When the receiver accepts, the whole case becomes the new municipality's
in the same transaction: every row that carries the tenancy key (`settings.CASE_MOVE`, which
stands above every app that has such rows), a "moved out" and a "moved in" event in the two
access-log chains, and the members of the old municipality leave, unless the consent keeps
their unit for a transition period (`Consent.kept_until`); the daily job takes those off when
it ends. See docs/access-model.md#moving-municipality."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from audit.models import Action
from audit.services import access_events_record_move, child_event_record
from children.models import Child
from concerns.models import Concern, ConcernStatus
from consents.models import Consent
from consents.selectors import consent_covering, consents_in_force
from municipalities.models import Municipality
from people.models import User
from people.selectors import works_in
from teamlog.models import LogKind
from teamlog.services import log_text, log_write
from teams.models import (
    Handover,
    HandoverStatus,
    MemberRole,
    MemberStatus,
    Task,
    TaskStatus,
    Team,
    TeamMember,
    Transition,
    UnitInvitation,
    UnitInvitationStatus,
)
from teams.services._shared import _audit
from teams.services.members import member_join_active
from units.models import Unit
from units.selectors import unit_serves, units_serving

# What `settings.CASE_MOVE` names: moves every row of the child's case that carries the
# municipality, and answers how many rows of each table it moved.
CaseRowsMove = Callable[..., dict[str, int]]


@dataclass(frozen=True)
class MoveCheck:
    """What a move rests on, or why it cannot happen (`refusal`, a sentence for the user)."""

    consent: Consent | None
    refusal: str = ""

    @property
    def moving_to(self) -> Municipality | None:
        return self.consent.moving_to if self.consent is not None else None


def move_check(*, team: Team, to_unit: Unit, on: datetime.date) -> MoveCheck:
    """Whether the team can move with the coordinator role to `to_unit`: a consent in force
    names the municipality the young person is moving to and covers the unit, the unit serves
    that municipality, the young person has no record there already (we refuse rather than
    merge two records), and no other concern of theirs is open in a unit that does not serve
    the new municipality (it stays with the unit that raised it, which could no longer see it)."""
    consent = (
        consents_in_force(child_id=team.child_id, on=on)
        .filter(units__id=to_unit.pk, moving_to__isnull=False)
        .exclude(moving_to_id=team.municipality_id)
        .select_related("moving_to")
        .order_by("-valid_from", "-recorded_at")
        .first()
    )
    if consent is None or consent.moving_to is None:
        return MoveCheck(
            None,
            _(
                "A move needs a consent in force that names the municipality the young person "
                "is moving to and covers %(unit)s. Record such a consent first."
            )
            % {"unit": to_unit.name},
        )
    moving_to = consent.moving_to
    if not unit_serves(unit_id=to_unit.pk, municipality_id=moving_to.pk):
        return MoveCheck(
            None,
            _("%(unit)s does not serve %(municipality)s, where the young person is moving.")
            % {"unit": to_unit.name, "municipality": moving_to.name},
        )
    child = team.child
    if (
        child.identity_number_hash
        and Child.objects.filter(
            municipality_id=moving_to.pk, identity_number_hash=child.identity_number_hash
        )
        .exclude(pk=child.pk)
        .exists()
    ):
        return MoveCheck(
            None,
            _(
                "%(municipality)s already has a record of this young person. Laget does not "
                "merge two records: the receiving municipality must close its own first."
            )
            % {"municipality": moving_to.name},
        )
    if (
        Concern.objects.filter(child_id=team.child_id, status=ConcernStatus.OPEN)
        .exclude(pk=team.concern_id)
        .exclude(unit__in=units_serving(municipality_id=moving_to.pk))
        .exists()
    ):
        return MoveCheck(
            None,
            _(
                "The young person has another open concern in a unit of %(municipality)s. It "
                "stays with that unit: close it before the case moves."
            )
            % {"municipality": team.municipality.name},
        )
    return MoveCheck(consent)


@transaction.atomic
def handover_propose(
    *, actor: User, team: Team, to_user: User, to_unit: Unit, transition: str, note: str
) -> Handover:
    """Offer the coordinator role to someone in another unit. A consent in force must cover
    the receiving unit; a move (`Transition.MOVING`) to another municipality needs one that
    names that municipality (`move_check`), and only a move may go to a unit that does not
    serve the child's municipality."""
    errors: dict[str, str] = {}
    today = timezone.localdate()
    moving_to: Municipality | None = None
    if Handover.objects.filter(team=team, status=HandoverStatus.OPEN).exists():
        errors["to_user"] = _("There is already an open hand-over for this team.")
    elif not works_in(user=to_user, unit_id=to_unit.pk):
        errors["to_user"] = _("This person does not work in that unit.")
    elif to_user.pk == actor.pk:
        errors["to_user"] = _("Choose someone else.")
    elif consent_covering(child_id=team.child_id, unit_id=to_unit.pk, on=today) is None:
        errors["to_unit"] = _(
            "No consent in force covers %(unit)s. Record a consent that covers it first."
        ) % {"unit": to_unit.name}
    elif transition == Transition.MOVING:
        check = move_check(team=team, to_unit=to_unit, on=today)
        if check.refusal:
            errors["transition"] = check.refusal
        moving_to = check.moving_to
    elif not unit_serves(unit_id=to_unit.pk, municipality_id=team.municipality_id):
        errors["to_unit"] = _(
            "%(unit)s does not serve %(municipality)s. If the young person is moving there, "
            "choose the transition “Moving to another municipality”."
        ) % {"unit": to_unit.name, "municipality": team.municipality.name}
    if transition not in Transition.values:
        errors["transition"] = _("Choose a transition.")
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
        moving_to=moving_to,
        note=note.strip(),
    )
    log_write(
        concern=team.concern,
        team=team,
        kind=LogKind.HANDOVER,
        author=actor,
        text=log_text(
            gettext_noop("Hand-over of the coordinator role offered to %(name)s (%(unit)s).")
            if moving_to is None
            else gettext_noop(
                "Hand-over to %(name)s (%(unit)s) offered: the case moves to %(municipality)s "
                "when it is accepted."
            ),
            {
                "name": to_user.display_name(),
                "unit": to_unit.name,
                **({"municipality": moving_to.name} if moving_to is not None else {}),
            },
        ),
    )
    _audit(actor, team, Action.CREATE, "handover", handover.pk, "proposing a hand-over")
    return handover


@transaction.atomic
def handover_respond(*, actor: User, handover: Handover, accept: bool, note: str = "") -> Handover:
    """The receiver accepts (and becomes the coordinator, the previous one stays a member) or
    declines (nothing changes). Accepting a move also moves the case (`_case_move`) in this
    transaction; if the move is no longer allowed, a ValidationError (`answer`) is raised and
    nothing is written."""
    handover = (
        Handover.objects.select_for_update()
        .select_related("team", "team__concern", "team__child", "team__municipality", "to_unit")
        .get(pk=handover.pk)
    )
    if handover.to_user_id != actor.pk or handover.status != HandoverStatus.OPEN:
        raise PermissionDenied
    team = handover.team
    moving = accept and handover.transition == Transition.MOVING
    check = MoveCheck(None)
    if moving:
        check = move_check(team=team, to_unit=handover.to_unit, on=timezone.localdate())
        if check.refusal:
            raise ValidationError({"answer": check.refusal})
    handover.status = HandoverStatus.ACCEPTED if accept else HandoverStatus.DECLINED
    handover.decided_at = timezone.now()
    handover.decision_note = note.strip()
    handover.save(update_fields=["status", "decided_at", "decision_note"])
    if accept:
        TeamMember.objects.filter(
            team=team, role=MemberRole.COORDINATOR, status=MemberStatus.ACTIVE
        ).update(role=MemberRole.MEMBER)
        member_join_active(
            team=team,
            user=actor,
            unit=handover.to_unit,
            invited_by=handover.from_user,
            coordinator=True,
        )
    if moving and check.consent is not None:
        team = _case_move(actor=actor, handover=handover, consent=check.consent)
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


def _case_move(*, actor: User, handover: Handover, consent: Consent) -> Team:
    """Move the case to `consent.moving_to`, inside `handover_respond`'s transaction; the
    team as it is now, in its new municipality."""
    team = handover.team
    old, new = team.municipality, consent.moving_to
    assert new is not None  # noqa: S101 - move_check found the consent by it
    rows_move: CaseRowsMove = import_string(settings.CASE_MOVE)
    rows = rows_move(child_id=team.child_id, from_municipality=old, to_municipality=new)
    # The concern the team started from is the case: it goes with the coordinator.
    Concern.objects.filter(pk=team.concern_id).update(
        unit=handover.to_unit,
        responsible=actor,
        updated_at=timezone.now(),
        version=F("version") + 1,  # an edit begun before the move gets its 409
    )
    today, now = timezone.localdate(), timezone.now()
    serving = set(units_serving(municipality_id=new.pk).values_list("pk", flat=True))
    kept_units = set(consent.units.values_list("pk", flat=True))
    keep = consent.kept_until is not None and consent.kept_until >= today
    leaving: list[TeamMember] = []
    kept: list[TeamMember] = []
    members = TeamMember.objects.filter(
        team=team, status__in=[MemberStatus.INVITED, MemberStatus.ACTIVE]
    ).exclude(user=actor)
    for member in members:
        if member.unit_id in serving:
            continue
        if keep and member.status == MemberStatus.ACTIVE and member.unit_id in kept_units:
            member.leaves_on = consent.kept_until
            kept.append(member)
        else:
            member.status, member.left_at = MemberStatus.LEFT, now
            leaving.append(member)
    TeamMember.objects.bulk_update(leaving, ["status", "left_at"])
    TeamMember.objects.bulk_update(kept, ["leaves_on"])
    # Nothing is dropped: open tasks of those who leave go to the new coordinator.
    tasks = Task.objects.filter(
        team=team, status=TaskStatus.OPEN, owner_id__in=[m.user_id for m in leaving]
    ).update(owner=actor)
    UnitInvitation.objects.filter(team=team, status=UnitInvitationStatus.OPEN).exclude(
        unit_id__in=serving
    ).update(status=UnitInvitationStatus.DECLINED, answered_at=now)
    access_events_record_move(
        actor=actor,
        child_id=team.child_id,
        from_municipality=old,
        to_municipality=new,
        object_id=handover.pk,
        legal_basis=f"consent {consent.pk}",
        detail={
            "rows": rows,
            "members_left": len(leaving),
            "members_kept": len(kept),
            "tasks_reassigned": tasks,
        },
    )
    team = Team.objects.select_related("concern", "child", "municipality").get(pk=team.pk)
    text = (
        gettext_noop(
            "The case moved from %(from)s to %(to)s. %(left)s left the team; %(kept)s stay "
            "until %(date)s."
        )
        if kept
        else gettext_noop("The case moved from %(from)s to %(to)s. %(left)s left the team.")
    )
    log_write(
        concern=team.concern,
        team=team,
        kind=LogKind.HANDOVER,
        author=actor,
        text=log_text(
            text,
            {
                "from": old.name,
                "to": new.name,
                "left": len(leaving),
                "kept": len(kept),
                **(
                    {"date": consent.kept_until.strftime("%d.%m.%Y")}
                    if kept and consent.kept_until is not None
                    else {}
                ),
            },
        ),
    )
    return team


def moved_members_leave(*, today: datetime.date) -> int:
    """Take off the team the members a move kept for a transition period that ended before
    `today` (`TeamMember.leaves_on`); their open tasks go to the coordinator. Idempotent; each
    member leaves in a transaction of its own, audited. Returns how many left."""
    ended = TeamMember.objects.filter(status=MemberStatus.ACTIVE, leaves_on__lt=today).values_list(
        "pk", flat=True
    )
    left = 0
    for member_id in list(ended):
        left += _moved_member_leave(member_id=member_id, today=today)
    return left


@transaction.atomic
def _moved_member_leave(*, member_id: int, today: datetime.date) -> int:
    member = (
        TeamMember.objects.select_for_update()
        .select_related("team__concern", "team__child__municipality", "user")
        .filter(pk=member_id, status=MemberStatus.ACTIVE, leaves_on__lt=today)
        .first()
    )
    if member is None:
        return 0
    team = member.team
    member.status, member.left_at = MemberStatus.LEFT, timezone.now()
    member.save(update_fields=["status", "left_at"])
    coordinator = TeamMember.objects.filter(
        team=team, role=MemberRole.COORDINATOR, status=MemberStatus.ACTIVE
    ).first()
    if coordinator is not None:
        Task.objects.filter(team=team, status=TaskStatus.OPEN, owner=member.user).update(
            owner=coordinator.user
        )
    log_write(
        concern=team.concern,
        team=team,
        kind=LogKind.HANDOVER,
        author=None,
        author_label=MOVED_MEMBERS_JOB,
        text=log_text(
            gettext_noop("%(name)s left the team: the transition period after the move ended."),
            {"name": member.user.display_name()},
        ),
    )
    child_event_record(
        actor=None,
        actor_label=MOVED_MEMBERS_JOB,
        action=Action.UPDATE,
        object_type="team_member",
        object_id=str(member.pk),
        child=team.child,
        purpose="ending the transition period after a move",
        legal_basis="end of the transition period in the consent",
        detail={"team": str(team.pk), "leaves_on": str(member.leaves_on)},
    )
    return 1


MOVED_MEMBERS_JOB = "transition period job"
