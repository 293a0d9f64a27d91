"""What the young person and the guardians do in the portal. Each function is one transaction
and writes its access event inside it (actor None, the person's label); changes the team should
know about also get a line in the team's log."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, override

from audit.models import Action
from audit.services import access_event_record
from consents.models import BasisKind, Consent, GivenBy, InformationKind, Method
from people.models import User
from portal.access import PortalAccess, portal_label
from portal.models import HealthChoice, HealthInformationChoice
from portal.rules import health_answer
from teamlog.models import LogKind
from teamlog.services import log_text, log_write
from teams.models import Meeting, Task, Team
from teams.services import team_consent_withdraw
from units.models import Unit

if TYPE_CHECKING:
    from children.models import Child
    from portal.selectors import PortalEntry, TeamView, UnitAsking

INPUT_MAX_LENGTH = 4000
# The law gives a month to answer a request for correction (GDPR art. 12(3)).
CORRECTION_DAYS = 30
CONSENT_DAYS = 365


def _audit(
    access: PortalAccess,
    *,
    action: Action,
    object_type: str,
    object_id: object,
    purpose: str,
    detail: dict[str, object] | None = None,
    team_id: object = None,
) -> None:
    # A part of a team names its team, as the staff's services do (the change feed).
    if team_id is not None:
        detail = {**(detail or {}), "team": str(team_id)}
    access_event_record(
        actor=None,
        actor_label=access.label,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        child_id=access.child.pk,
        municipality=access.child.municipality,
        purpose=purpose,
        legal_basis=access.legal_basis,
        detail=detail,
    )


# --- Log-in and log-out -----------------------------------------------------------------------


@transaction.atomic
def portal_session_record(*, entries: list[PortalEntry], action: Action) -> None:
    """A log-in or log-out, once in each record the person may open (so the young person sees
    when a guardian logged in), or once on the national chain when we know nothing about them.
    The identity number itself is never written to the log."""
    visible = [entry for entry in entries if entry.visible]
    for entry in visible:
        access_event_record(
            actor=None,
            actor_label=portal_label(child=entry.child, guardian=entry.guardian),
            action=action,
            object_type="portal",
            child_id=entry.child.pk,
            municipality=entry.child.municipality,
            purpose=gettext_noop("logging in to the portal")
            if action == Action.LOGIN
            else gettext_noop("logging out of the portal"),
            legal_basis="ID-porten",
        )
    if not visible:
        with override(settings.LANGUAGE_CODE):
            label = _("unknown person (portal)")
        access_event_record(
            actor=None,
            actor_label=label,
            action=action,
            object_type="portal",
            purpose="logging in to the portal"
            if action == Action.LOGIN
            else "logging out of the portal",
            legal_basis="ID-porten",
            detail={"records": 0},
        )


@transaction.atomic
def portal_login_failed_record(*, reason: str) -> None:
    access_event_record(
        actor=None,
        actor_label="portal",
        action=Action.LOGIN_FAILED,
        object_type="portal",
        purpose="logging in to the portal",
        legal_basis="ID-porten",
        detail={"reason": reason[:300]},
    )


# --- The child's voice before a meeting -------------------------------------------------------


@transaction.atomic
def portal_meeting_input_save(*, access: PortalAccess, meeting: Meeting, text: str) -> Meeting:
    """What the young person (into `child_input`) or a guardian (into `guardians_input`) wants
    to say before the meeting. The team's log says that it was written, not what."""
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write what you want to say, or leave the page.")})
    if len(text) > INPUT_MAX_LENGTH:
        raise ValidationError(
            {"text": _("Keep it under %(count)d characters.") % {"count": INPUT_MAX_LENGTH}}
        )
    meeting = Meeting.objects.select_for_update().select_related("team__concern").get(pk=meeting.pk)
    field = "child_input" if access.is_young_person else "guardians_input"
    setattr(meeting, field, text)
    meeting.save(update_fields=[field])
    team = meeting.team
    log_write(
        concern=team.concern,
        team=team,
        kind=LogKind.MEETING,
        author=None,
        author_label=access.label,
        text=log_text(
            gettext_noop("%(who)s wrote what they want to say before the meeting on %(when)s."),
            {
                "who": access.label,
                "when": timezone.localtime(meeting.starts_at).strftime("%d.%m.%Y %H:%M"),
            },
        ),
    )
    _audit(
        access,
        action=Action.UPDATE,
        object_type="meeting",
        object_id=meeting.pk,
        team_id=meeting.team_id,
        purpose=gettext_noop("the young person says what they want to say before a meeting")
        if access.is_young_person
        else gettext_noop("a guardian says what they want to say before a meeting"),
    )
    return meeting


# --- Consent ----------------------------------------------------------------------------------


@transaction.atomic
def portal_consent_withdraw(
    *, access: PortalAccess, consent: Consent, unit: Unit | None = None
) -> Consent | None:
    """Withdraw a consent with immediate effect – all of it, or only for one unit.

    The ledger never changes an entry, so withdrawing for one unit withdraws the entry and
    records a new one with the other units (same text, kinds and end date); both happen in
    this transaction, so the other units never lose access for a moment. Returns the new entry,
    if any."""
    units = list(consent.units.all())
    replacement = None
    if unit is not None:
        if unit.pk not in {u.pk for u in units}:
            raise ValidationError({"unit": _("This consent does not cover that unit.")})
        remaining = [u for u in units if u.pk != unit.pk]
        if remaining:
            replacement = Consent.objects.create(
                municipality=consent.municipality,
                child=consent.child,
                team=consent.team,
                kind=BasisKind.CONSENT,
                given_by=consent.given_by,
                information_kinds=consent.information_kinds,
                purpose=consent.purpose,
                text=consent.text,
                method=Method.PORTAL,
                evidence_note=(
                    f"Narrowed in the portal from consent {consent.pk}: {unit.name} removed."
                ),
                valid_from=timezone.localdate(),
                valid_until=consent.valid_until,
                recorded_by=None,
                recorded_by_label=access.label,
            )
            replacement.units.set(remaining)
            replacement.guardians.set(list(consent.guardians.all()))
            _audit(
                access,
                action=Action.CREATE,
                object_type="consent",
                object_id=replacement.pk,
                purpose=gettext_noop("narrowing a consent in the portal"),
                detail={"replaces": str(consent.pk), "removed_unit": str(unit.pk)},
                team_id=replacement.team_id,
            )
    note = f"Withdrawn for {unit.name} in the portal." if unit else "Withdrawn in the portal."
    withdrawn = team_consent_withdraw(
        actor=None, consent=consent, withdrawn_by=access.label, note=note
    )
    if unit is not None and withdrawn.team is not None:
        log_write(
            concern=withdrawn.team.concern,
            team=withdrawn.team,
            kind=LogKind.CONSENT,
            author=None,
            author_label=access.label,
            text=log_text(
                gettext_noop("%(who)s stopped %(unit)s from sharing. It no longer sees the team."),
                {"who": access.label, "unit": unit.name},
            ),
        )
    # consents.services writes the access event, labelled with who withdrew it.
    return replacement


@transaction.atomic
def portal_consent_give(
    *, access: PortalAccess, asking: UnitAsking, purpose: str, text: str
) -> Consent:
    """A consent for one unit the team asks for, given in the portal by whoever the rights
    engine says decides at the child's age (see `portal.selectors.UnitAsking.may_give`)."""
    if not asking.may_give:
        raise ValidationError(_("At your age, you cannot say yes to this alone."))
    guardians = [access.guardian] if access.guardian is not None else []
    given_by = GivenBy.YOUNG_PERSON if access.is_young_person else GivenBy.GUARDIANS
    today = timezone.localdate()
    consent = Consent.objects.create(
        municipality=access.child.municipality,
        child=access.child,
        team=asking.team,
        kind=BasisKind.CONSENT,
        given_by=given_by,
        information_kinds=[InformationKind.LOG, InformationKind.PLAN],
        purpose=purpose,
        text=text,
        method=Method.PORTAL,
        evidence_note=(
            f"Given in the portal after log-in with ID-porten; rule {asking.answer.rule.id}."
        ),
        valid_from=today,
        valid_until=today + datetime.timedelta(days=CONSENT_DAYS),
        recorded_by=None,
        recorded_by_label=access.label,
    )
    consent.units.set([asking.unit])
    consent.guardians.set(guardians)
    log_write(
        concern=asking.team.concern,
        team=asking.team,
        kind=LogKind.CONSENT,
        author=None,
        author_label=access.label,
        text=log_text(
            gettext_noop("%(who)s gave consent in the portal: %(unit)s may share in the team."),
            {"who": access.label, "unit": asking.unit.name},
        ),
    )
    _audit(
        access,
        action=Action.CREATE,
        object_type="consent",
        object_id=consent.pk,
        purpose=gettext_noop("giving consent in the portal"),
        team_id=asking.team.pk,
        detail={"units": [str(asking.unit.pk)]},
    )
    return consent


# --- Health information and the guardians -----------------------------------------------------


def _choice_save(
    *, child: Child, choice: str, actor: User | None, label: str
) -> HealthInformationChoice:
    if choice not in HealthChoice.values:
        raise ValidationError({"choice": _("Choose one of the answers.")})
    answer = health_answer(age=child.age_on(timezone.localdate()))
    return HealthInformationChoice.objects.create(
        municipality=child.municipality,
        child=child,
        choice=choice,
        rule_id=answer.rule.id,
        made_at=timezone.now(),
        made_by=actor,
        made_by_label=label,
    )


@transaction.atomic
def portal_health_choice_set(*, access: PortalAccess, choice: str) -> HealthInformationChoice:
    """The young person decides whether their guardians see their health information here,
    where the rules let them (12–17)."""
    if not access.is_young_person or not access.health.young_person_may_choose:
        raise ValidationError(_("This is not a choice you can make here at your age."))
    saved = _choice_save(child=access.child, choice=choice, actor=None, label=access.label)
    _audit(
        access,
        action=Action.CREATE,
        object_type="health_information_choice",
        object_id=saved.pk,
        purpose=gettext_noop("the young person chooses who sees their health information"),
        detail={"choice": choice, "rule": saved.rule_id},
    )
    return saved


@transaction.atomic
def health_choice_record(*, actor: User, child: Child, choice: str) -> HealthInformationChoice:
    """Staff record the young person's wish (for example said in a conversation with the
    school nurse). The caller has checked that the staff member may act for the child."""
    saved = _choice_save(child=child, choice=choice, actor=actor, label="")
    access_event_record(
        actor=actor,
        action=Action.CREATE,
        object_type="health_information_choice",
        object_id=saved.pk,
        child_id=child.pk,
        municipality=child.municipality,
        purpose="recording the young person's wish about health information",
        legal_basis="pasient- og brukerrettighetsloven § 3-4",
        detail={"choice": choice, "rule": saved.rule_id},
    )
    return saved


# --- Asking for a correction ------------------------------------------------------------------


@transaction.atomic
def portal_correction_request(
    *, access: PortalAccess, team_view: TeamView, what: str, should_say: str
) -> Task:
    """A task for the team's coordinator to answer within a month, and a line in the log with
    what the person wrote (GDPR art. 16)."""
    what, should_say = what.strip(), should_say.strip()
    errors = {}
    if not what:
        errors["what"] = _("Write what is wrong.")
    elif len(what) > INPUT_MAX_LENGTH:
        errors["what"] = _("Keep it under %(count)d characters.") % {"count": INPUT_MAX_LENGTH}
    if len(should_say) > INPUT_MAX_LENGTH:
        errors["should_say"] = _("Keep it under %(count)d characters.") % {
            "count": INPUT_MAX_LENGTH
        }
    coordinator = team_view.coordinator
    if coordinator is None or not team_view.team.is_open:
        errors["team"] = _("This team has no coordinator who can correct it now.")
    if errors:
        raise ValidationError(errors)
    team: Team = team_view.team
    with override(settings.LANGUAGE_CODE):
        title = _("Correction requested: %(what)s") % {"what": what}
    task = Task.objects.create(
        municipality=access.child.municipality,
        child=access.child,
        team=team,
        title=title[:300],
        owner=coordinator.user,  # type: ignore[union-attr]
        due_on=timezone.localdate() + datetime.timedelta(days=CORRECTION_DAYS),
    )
    log_write(
        concern=team.concern,
        team=team,
        kind=LogKind.TASK,
        author=None,
        author_label=access.label,
        text=log_text(
            gettext_noop("%(who)s asked for a correction: “%(what)s” Should say: “%(should)s”"),
            {"who": access.label, "what": what, "should": should_say or "–"},
        ),
    )
    _audit(
        access,
        action=Action.CREATE,
        object_type="task",
        object_id=task.pk,
        purpose=gettext_noop("asking for a correction"),
        team_id=task.team_id,
    )
    return task
