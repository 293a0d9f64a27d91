"""The sharing assistant ("kan jeg dele dette?"): given who shares, with whom and why, say
whether a consent covers it, whether the law gives a right or a duty to disclose, or that it may
not be shared. Pure reads; `consents.services.sharing_record` records a decision.

The legal references are the ones a professional is pointed to; where a reference was not
confirmed against the law text, `verified` is False and the page says so."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from children.models import Child
from consents.models import Consent, SharingOutcome, SharingSituation
from consents.selectors import consents_in_force
from consents.words import citation_words, consent_name
from units.models import HEALTH_SECTORS, Sector, Unit


@dataclass(frozen=True)
class Regime:
    """The confidentiality rules a unit's staff work under."""

    citation: str
    label: str | Promise
    verified: bool


def report_legal_basis(*, unit: Unit) -> str:
    """The duty to report to child welfare that applies to the reporter's service: every public
    employee has it under barnevernsloven § 13-2, health personnel also under
    helsepersonelloven § 33."""
    if unit.sector in HEALTH_SECTORS:
        return "helsepersonelloven § 33; barnevernsloven § 13-2"
    return "barnevernsloven § 13-2"


def confidentiality_regime(unit: Unit) -> Regime:
    if unit.sector in HEALTH_SECTORS:
        return Regime(
            "helsepersonelloven § 21", _("health personnel's duty of confidentiality"), True
        )
    if unit.sector == Sector.CHILD_WELFARE:
        return Regime(
            "barnevernsloven § 13-1; forvaltningsloven § 13",
            _("child welfare's duty of confidentiality"),
            False,
        )
    if unit.sector == Sector.NAV:
        return Regime(
            "NAV-loven § 7; sosialtjenesteloven § 44", _("NAV's duty of confidentiality"), False
        )
    return Regime(
        "forvaltningsloven § 13", _("the public administration's duty of confidentiality"), True
    )


@dataclass(frozen=True)
class SharingAssessment:
    outcome: SharingOutcome
    legal_basis: str
    explanation: str | Promise
    regime: Regime
    verified: bool
    consent: Consent | None = None

    @property
    def may_share(self) -> bool:
        return self.outcome != SharingOutcome.NOT_ALLOWED

    @property
    def basis_text(self) -> str:
        """The basis in words, for the page: the consent by who gave it and when, the duty or
        right by what it is, or the duty of confidentiality that stops it. `legal_basis` is what
        the record and the access log keep."""
        if self.consent is not None:
            return consent_name(self.consent, child=self.consent.child)
        if self.outcome == SharingOutcome.NOT_ALLOWED:
            return f"{self.regime.label} ({self.regime.citation})"
        return citation_words(self.legal_basis)


def sharing_assess(
    *,
    child: Child,
    sender_unit: Unit,
    recipient_unit: Unit,
    situation: str,
    information_kinds: Iterable[str],
) -> SharingAssessment:
    """The answer for this situation. A consent must cover both units and every kind."""
    regime = confidentiality_regime(sender_unit)
    kinds = set(information_kinds)
    if situation == SharingSituation.ANONYMOUS:
        return SharingAssessment(
            SharingOutcome.NO_PERSONAL_DATA,
            "forvaltningsloven § 13 a nr. 2",
            _(
                "You may discuss the case to get advice as long as nobody can tell who the child "
                "is: no name, no details that point to the child."
            ),
            regime,
            True,
        )
    if situation == SharingSituation.REPORT_CHILD_WELFARE:
        if recipient_unit.sector != Sector.CHILD_WELFARE:
            return SharingAssessment(
                SharingOutcome.NOT_ALLOWED,
                regime.citation,
                _(
                    "The duty to report is a duty towards child welfare. Send the report to the "
                    "child welfare service, not to another unit."
                ),
                regime,
                True,
            )
        return SharingAssessment(
            SharingOutcome.DUTY,
            report_legal_basis(unit=sender_unit),
            _(
                "When there is reason to believe a child is being mistreated or seriously "
                "neglected, you must tell child welfare yourself, without consent and in spite "
                "of your duty of confidentiality."
            ),
            regime,
            False,
        )
    if situation == SharingSituation.DANGER:
        basis = "straffeloven § 196; forvaltningsloven § 13 b"
        if sender_unit.sector in HEALTH_SECTORS:
            basis = "helsepersonelloven § 23 nr. 4; straffeloven § 196"
        return SharingAssessment(
            SharingOutcome.RIGHT,
            basis,
            _(
                "To avert serious danger to the child's life or health you may share what is "
                "needed, and you must act to prevent serious crimes against the child. Share "
                "only what is needed, and tell your leader."
            ),
            regime,
            False,
        )
    consent = _covering_consent(child, sender_unit, recipient_unit, kinds)
    if consent is not None and situation == SharingSituation.COLLABORATION:
        return SharingAssessment(
            SharingOutcome.CONSENT,
            f"{consent.legal_reference or 'consent'} ({consent.pk})",
            _("A consent in force covers both units and these kinds of information."),
            regime,
            True,
            consent,
        )
    return SharingAssessment(
        SharingOutcome.NOT_ALLOWED,
        regime.citation,
        _(
            "No consent in force covers this, and no right or duty to disclose applies to the "
            "situation you chose. Ask the child and the guardians for consent, or talk with "
            "your leader."
        ),
        regime,
        True,
    )


def _covering_consent(
    child: Child, sender: Unit, recipient: Unit, kinds: set[str]
) -> Consent | None:
    in_force = consents_in_force(child_id=child.pk, on=timezone.localdate())
    # The child and the guardians name the consent on the page (`basis_text`).
    for consent in in_force.select_related("child").prefetch_related("units", "guardians"):
        unit_ids = {unit.pk for unit in consent.units.all()}
        if {sender.pk, recipient.pk} <= unit_ids and kinds <= set(consent.information_kinds):
            return consent
    return None
