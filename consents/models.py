"""The consent ledger: who agreed that which units may share which kinds of information about a
child, for what purpose and for how long – or the legal basis that allows it without consent."""

from __future__ import annotations

import datetime
import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class BasisKind(models.TextChoices):
    CONSENT = "consent", _("Consent")
    LEGAL_BASIS = "legal_basis", _("Legal basis (right or duty to share)")


class GivenBy(models.TextChoices):
    YOUNG_PERSON = "young_person", _("The young person alone")
    YOUNG_PERSON_AND_GUARDIANS = (
        "young_person_and_guardians",
        _("The young person and the guardians"),
    )
    GUARDIANS = "guardians", _("The guardians")


class Method(models.TextChoices):
    PAPER = "paper", _("On paper (scanned or filed)")
    ORAL = "oral", _("Orally (with a note)")
    PORTAL = "portal", _("In the portal")
    NOT_APPLICABLE = "not_applicable", _("Not applicable (legal basis)")


class InformationKind(models.TextChoices):
    PLAN = "plan", _("The plan, goals and measures")
    LOG = "log", _("The log and meetings")
    SCHOOL = "school", _("School and kindergarten information")
    HEALTH = "health", _("Health information")
    CHILD_WELFARE = "child_welfare", _("Child welfare information")
    NAV = "nav", _("NAV and social services information")


class Consent(models.Model):
    """One entry in the ledger. Never changed after it is recorded, except that it can be
    withdrawn (with immediate effect on access). Its text is kept exactly as it was given."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    municipality = models.ForeignKey(
        "municipalities.Municipality",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("municipality"),
    )
    child = models.ForeignKey(
        "children.Child", on_delete=models.CASCADE, related_name="consents", verbose_name=_("child")
    )
    team = models.ForeignKey(
        "teams.Team",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="consents",
        verbose_name=_("team"),
    )
    kind = models.CharField(
        _("basis"), max_length=16, choices=BasisKind.choices, default=BasisKind.CONSENT
    )
    given_by = models.CharField(_("given by"), max_length=32, choices=GivenBy.choices, blank=True)
    guardians = models.ManyToManyField(
        "children.Guardian", blank=True, related_name="consents", verbose_name=_("guardians")
    )
    legal_reference = models.CharField(
        _("legal reference"),
        max_length=200,
        blank=True,
        help_text=_("For a legal basis: the law and section, e.g. “helsepersonelloven § 33”."),
    )
    units = models.ManyToManyField(
        "units.Unit", related_name="+", verbose_name=_("units that may share")
    )
    information_kinds = models.JSONField(_("kinds of information"), default=list)
    purpose = models.CharField(_("purpose"), max_length=300)
    text = models.TextField(_("the text as it was given"))
    method = models.CharField(_("how it was given"), max_length=16, choices=Method.choices)
    evidence_note = models.TextField(_("note on how it was given"), blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    # A consent that allows a move (issue 9 part 6): it may name units of the municipality the
    # young person is moving to, and keep the named units of the old one on the team until
    # `kept_until` after the case has moved (docs/access-model.md#moving-municipality).
    moving_to = models.ForeignKey(
        "municipalities.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("moving to"),
    )
    kept_until = models.DateField(
        _("units of the old municipality stay on the team until"), null=True, blank=True
    )
    # Staff who recorded it; empty when the young person or a guardian gave it in the portal
    # (then `recorded_by_label` says who).
    recorded_by = models.ForeignKey(
        "people.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_by_label = models.CharField(_("given in the portal by"), max_length=200, blank=True)
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawn_by_label = models.CharField(_("withdrawn by"), max_length=200, blank=True)
    withdrawal_note = models.TextField(_("note on the withdrawal"), blank=True)

    class Meta:
        ordering = ["-valid_from", "-recorded_at"]
        indexes = [models.Index(fields=["child", "withdrawn_at"])]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.purpose}"

    def in_force_on(self, day: datetime.date) -> bool:
        return (
            self.withdrawn_at is None
            and self.valid_from <= day
            and (self.valid_until is None or day <= self.valid_until)
        )


class SharingSituation(models.TextChoices):
    COLLABORATION = "collaboration", _("Working together in the team (plan, measures, meetings)")
    REPORT_CHILD_WELFARE = (
        "report_child_welfare",
        _("Telling child welfare about a serious concern"),
    )
    DANGER = "danger", _("Danger to the child's life or health")
    ANONYMOUS = "anonymous", _("Discussing the case without saying who the child is")
    OTHER = "other", _("Something else")


class SharingOutcome(models.TextChoices):
    CONSENT = "consent", _("You may share: a consent covers it")
    DUTY = "duty", _("You must share: the law gives a duty to disclose")
    RIGHT = "right", _("You may share: the law gives a right to disclose")
    NO_PERSONAL_DATA = "no_personal_data", _("You may discuss it without personal data")
    NOT_ALLOWED = "not_allowed", _("You may not share this: ask for consent first")


class SharingDecision(models.Model):
    """What a professional shared, with whom, and on which basis – recorded by the sharing
    assistant when they share."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    municipality = models.ForeignKey(
        "municipalities.Municipality",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("municipality"),
    )
    child = models.ForeignKey(
        "children.Child",
        on_delete=models.CASCADE,
        related_name="sharing_decisions",
        verbose_name=_("child"),
    )
    team = models.ForeignKey(
        "teams.Team",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="sharing_decisions",
        verbose_name=_("team"),
    )
    sender = models.ForeignKey(
        "people.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("shared by")
    )
    sender_unit = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("from unit")
    )
    recipient_unit = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("to unit")
    )
    situation = models.CharField(_("situation"), max_length=32, choices=SharingSituation.choices)
    information_kinds = models.JSONField(_("kinds of information"), default=list)
    outcome = models.CharField(_("outcome"), max_length=32, choices=SharingOutcome.choices)
    legal_basis = models.CharField(_("basis"), max_length=300)
    consent = models.ForeignKey(
        Consent,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("consent"),
    )
    note = models.TextField(_("what was shared"), blank=True)
    shared_at = models.DateTimeField(_("shared"), auto_now_add=True)

    class Meta:
        ordering = ["-shared_at"]
        verbose_name = _("sharing decision")
        verbose_name_plural = _("sharing decisions")

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} ({self.legal_basis})"
