"""Recording and withdrawing consents and legal bases. One transaction each, audited inside."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import Action
from audit.services import child_event_record
from children.models import Child, Guardian
from consents.models import (
    BasisKind,
    Consent,
    GivenBy,
    InformationKind,
    Method,
    SharingDecision,
)
from consents.selectors import TeamLike, consent_authority
from core.errors import state_conflict
from municipalities.models import Municipality
from people.models import User
from units.models import Unit
from units.selectors import units_serving


def _authority_errors(
    child: Child, units: list[Unit], on: datetime.date, given_by: str, guardians: list[Guardian]
) -> dict[str, str]:
    """Who must consent at the child's age, by the rights engine (consents.selectors)."""
    authority = consent_authority(child=child, units=units, on=on)
    errors: dict[str, str] = {}
    if not authority.satisfied_by(given_by):
        errors["given_by"] = _(
            "At %(age)s years, this consent must be given by: %(who)s (%(rules)s)."
        ) % {
            "age": authority.age,
            "who": GivenBy(authority.given_by).label,
            "rules": authority.citations,
        }
    elif authority.needs_guardians and given_by != GivenBy.YOUNG_PERSON:
        missing = [g.name for g in authority.guardians if g not in guardians]
        if not authority.guardians:
            errors["guardians"] = _(
                "Register the guardians with parental responsibility first: at this age they "
                "must consent."
            )
        elif missing:
            errors["guardians"] = _(
                "Every guardian with parental responsibility must consent. Missing: %(names)s."
            ) % {"names": ", ".join(missing)}
    return errors


@transaction.atomic
def consent_record(
    *,
    actor: User,
    child: Child,
    units: list[Unit],
    information_kinds: list[str],
    purpose: str,
    text: str,
    method: str,
    valid_from: datetime.date,
    valid_until: datetime.date | None = None,
    kind: str = BasisKind.CONSENT,
    given_by: str = "",
    guardians: list[Guardian] | None = None,
    legal_reference: str = "",
    evidence_note: str = "",
    team: TeamLike | None = None,
    moving_to: Municipality | None = None,
    kept_until: datetime.date | None = None,
) -> Consent:
    """One entry in the ledger. A consent says who gave it; guardians who gave it must have
    parental responsibility for this child. A legal basis names its law and section.

    A consent that allows a move names the municipality the young person is moving to
    (`moving_to`): it may then also name units that serve that municipality, and must name at
    least one; `kept_until` is the end of the transition period during which the named units
    of the old municipality stay on the team after the case has moved."""
    guardians = guardians or []
    errors: dict[str, str] = {}
    if not units:
        errors["units"] = _("Choose at least one unit that may share.")
    unit_ids = [unit.pk for unit in units]
    serving = set(
        units_serving(municipality_id=child.municipality_id)
        .filter(pk__in=unit_ids)
        .values_list("pk", flat=True)
    )
    serving_new: set[object] = set()
    if moving_to is not None:
        if moving_to.pk == child.municipality_id:
            errors["moving_to"] = _("The young person already lives in %(municipality)s.") % {
                "municipality": moving_to.name
            }
        else:
            serving_new = set(
                units_serving(municipality_id=moving_to.pk)
                .filter(pk__in=unit_ids)
                .values_list("pk", flat=True)
            )
            if units and not serving_new:
                errors["units"] = _(
                    "Choose at least one unit in %(municipality)s, where the young person is "
                    "moving."
                ) % {"municipality": moving_to.name}
    if any(unit.pk not in serving | serving_new for unit in units):
        errors["units"] = (
            _(
                "Every unit must belong to an organisation that serves the child's municipality "
                "or the one the young person is moving to."
            )
            if moving_to is not None
            else _(
                "Every unit must belong to an organisation that serves the child's municipality."
            )
        )
    if kept_until is not None:
        if moving_to is None:
            errors["kept_until"] = _(
                "A transition period is only for a move: choose where the young person is moving."
            )
        elif kept_until < valid_from:
            errors["kept_until"] = _("The transition period ends before the consent starts.")
        elif valid_until is not None and kept_until > valid_until:
            errors["kept_until"] = _("The transition period cannot last longer than the consent.")
    unknown = set(information_kinds) - set(InformationKind.values)
    if not information_kinds or unknown:
        errors["information_kinds"] = _("Choose which kinds of information it covers.")
    if not purpose.strip():
        errors["purpose"] = _("Say what the information is shared for.")
    if not text.strip():
        errors["text"] = _("Write the text exactly as it was given or read out.")
    if valid_until is not None and valid_until < valid_from:
        errors["valid_until"] = _("The end date is before the start date.")
    if valid_from < child.birth_date:
        errors["valid_from"] = _("A consent cannot start before the child was born.")
    if kind == BasisKind.CONSENT:
        if given_by not in GivenBy.values:
            errors["given_by"] = _("Say who gave the consent.")
        if given_by in (GivenBy.GUARDIANS, GivenBy.YOUNG_PERSON_AND_GUARDIANS):
            if not guardians:
                errors["guardians"] = _("Choose the guardians who gave the consent.")
            elif any(
                g.child_id != child.pk or not g.has_parental_responsibility for g in guardians
            ):
                errors["guardians"] = _(
                    "Only this child's guardians with parental responsibility can consent."
                )
        if method not in (Method.PAPER, Method.ORAL, Method.PORTAL):
            errors["method"] = _("Say how the consent was given.")
        if units and "given_by" not in errors and "valid_from" not in errors:
            errors.update(_authority_errors(child, units, valid_from, given_by, guardians))
    elif kind == BasisKind.LEGAL_BASIS:
        if not legal_reference.strip():
            errors["legal_reference"] = _("Name the law and section, e.g. helsepersonelloven § 33.")
        method = Method.NOT_APPLICABLE
        given_by = ""
        guardians = []
    else:
        errors["kind"] = _("Choose consent or legal basis.")
    if errors:
        raise ValidationError(errors)
    consent = Consent.objects.create(
        municipality=child.municipality,
        child=child,
        team_id=team.pk if team is not None else None,
        kind=kind,
        given_by=given_by,
        legal_reference=legal_reference.strip(),
        information_kinds=sorted(set(information_kinds)),
        purpose=purpose.strip(),
        text=text.strip(),
        method=method,
        evidence_note=evidence_note.strip(),
        valid_from=valid_from,
        valid_until=valid_until,
        moving_to=moving_to,
        kept_until=kept_until if moving_to is not None else None,
        recorded_by=actor,
    )
    consent.units.set(units)
    consent.guardians.set(guardians)
    child_event_record(
        actor=actor,
        action=Action.CREATE,
        object_type="consent",
        object_id=consent.pk,
        child=child,
        team_id=consent.team_id,
        purpose="recording consent to share",
        legal_basis=consent.legal_reference or "consent",
        detail={
            "units": sorted(str(unit.pk) for unit in units),
            **({"moving_to": moving_to.pk} if moving_to is not None else {}),
        },
    )
    return consent


@transaction.atomic
def consent_withdraw(
    *, actor: User | None, consent: Consent, withdrawn_by: str, note: str = ""
) -> Consent:
    """Withdraw the ledger entry with immediate effect: from this commit on, no access rests
    on it. This is the ledger's part only: pages and the API withdraw through
    `teams.services.team_consent_withdraw`, which also lets the child's teams know in the same
    transaction (the units it alone covered leave them)."""
    locked = Consent.objects.select_for_update().get(pk=consent.pk)
    if locked.withdrawn_at is not None:
        raise state_conflict(_("This consent is already withdrawn."))
    if not withdrawn_by.strip():
        raise ValidationError({"withdrawn_by": _("Say who withdrew the consent.")})
    locked.withdrawn_at = timezone.now()
    locked.withdrawn_by_label = withdrawn_by.strip()
    locked.withdrawal_note = note.strip()
    locked.save(update_fields=["withdrawn_at", "withdrawn_by_label", "withdrawal_note"])
    child_event_record(
        actor=actor,
        action=Action.UPDATE,
        object_type="consent",
        object_id=locked.pk,
        child=locked.child,
        team_id=locked.team_id,
        purpose="withdrawing consent",
        legal_basis="consent",
        actor_label=None if actor else locked.withdrawn_by_label,
    )
    return locked


@transaction.atomic
def sharing_record(
    *,
    actor: User,
    child: Child,
    team: TeamLike | None,
    sender_unit: Unit,
    recipient_unit: Unit,
    situation: str,
    information_kinds: list[str],
    note: str,
) -> SharingDecision:
    """Record that the professional shares, with the basis the assistant found. Refused when
    the assistant says it may not be shared. The access event is an export to the recipient."""
    from consents.sharing import sharing_assess

    assessment = sharing_assess(
        child=child,
        sender_unit=sender_unit,
        recipient_unit=recipient_unit,
        situation=situation,
        information_kinds=information_kinds,
    )
    if not assessment.may_share:
        raise ValidationError({"situation": str(assessment.explanation)})
    if assessment.outcome == "no_personal_data":
        raise ValidationError(
            {"situation": _("Nothing to record: no personal data is shared when anonymous.")}
        )
    decision = SharingDecision.objects.create(
        municipality=child.municipality,
        child=child,
        team_id=team.pk if team is not None else None,
        sender=actor,
        sender_unit=sender_unit,
        recipient_unit=recipient_unit,
        situation=situation,
        information_kinds=sorted(set(information_kinds)),
        outcome=assessment.outcome,
        legal_basis=assessment.legal_basis,
        consent=assessment.consent,
        note=note.strip(),
    )
    child_event_record(
        actor=actor,
        action=Action.EXPORT,
        object_type="sharing",
        object_id=decision.pk,
        child=child,
        purpose=f"sharing with {recipient_unit.name}",
        legal_basis=assessment.legal_basis,
        detail={"situation": situation, "outcome": assessment.outcome},
    )
    return decision
