"""A municipality's local practice that differs from a national rule in the rights table.

The engine never applies a local practice: it answers with the national rule and shows the
practice next to it as a deviation, so everyone sees both.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from rights.table import FILES_DIGEST, TABLE, Evidence, Rule


def validate_rule_id(value: str) -> None:
    if TABLE.rule(value) is None:
        raise ValidationError(
            _("%(value)s is not a rule in the rights table."),
            params={"value": value},
            code="unknown_rule",
        )


class SourcedRecord(models.Model):
    """What a national or municipal record in the rights table shares: where it is written
    down (`source`), who recorded it and when. Subclasses may narrow `source`'s help text."""

    source = models.CharField(_("source"), max_length=500)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now=True)

    class Meta:
        abstract = True


class LocalPractice(SourcedRecord):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    municipality = models.ForeignKey(
        "municipalities.Municipality",
        on_delete=models.PROTECT,
        related_name="local_practices",
        verbose_name=_("municipality"),
    )
    rule_id = models.CharField(_("national rule"), max_length=100, validators=[validate_rule_id])
    practised_age = models.PositiveSmallIntegerField(
        _("age practised locally"),
        validators=[MaxValueValidator(30)],
        help_text=_("The age from which the municipality applies this rule's answer."),
    )
    note = models.TextField(
        _("what the municipality does"),
        help_text=_("For example: young people consent to the Stafettlogg themselves from 15."),
    )
    source = models.CharField(
        _("source"),
        max_length=500,
        help_text=_("Where the practice is written down, for example a routine or a decision."),
    )

    class Meta:
        ordering = ["municipality", "rule_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "rule_id"], name="unique_local_practice_per_rule"
            )
        ]
        verbose_name = _("local practice")
        verbose_name_plural = _("local practices")

    def __str__(self) -> str:
        return f"{self.municipality}: {self.rule_id} ({self.practised_age})"

    def clean(self) -> None:
        rule = TABLE.rule(self.rule_id)
        if rule is not None and self.practised_age == rule.age_from:
            raise ValidationError(
                {
                    "practised_age": _(
                        "The national rule already starts at %(age)s: that is not a deviation."
                    )
                    % {"age": rule.age_from}
                }
            )


def validate_undated_change(value: str) -> None:
    if value not in TABLE.undated_changes():
        raise ValidationError(
            _("%(value)s is not an adopted change without a date in the rights table."),
            params={"value": value},
            code="unknown_change",
        )


class RuleChangeDate(SourcedRecord):
    """The date an adopted change in the law enters into force, when the rule files do not
    give it: a national administrator records it once it is known (in the admin, audited)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    change_id = models.CharField(
        _("change in the law"), max_length=100, unique=True, validators=[validate_undated_change]
    )
    in_force_from = models.DateField(_("in force from"))
    source = models.CharField(
        _("source"),
        max_length=500,
        help_text=_("Where the date is decided, for example the royal decree on Lovdata."),
    )

    class Meta:
        ordering = ["in_force_from"]
        verbose_name = _("date a change in the law enters into force")
        verbose_name_plural = _("dates changes in the law enter into force")

    def __str__(self) -> str:
        return f"{self.change_id}: {self.in_force_from:%d.%m.%Y}"


class RuleEditor(models.Model):
    """A national rule editor: proposes reviews and corrections of the rights table, and
    approves or rejects other editors' proposals. Appointed like the knowledge base's national
    editors (`knowledge.models.Editor` without a municipality), by `rule_editor_appoint`."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="rule_editing",
        verbose_name=_("user"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("rule editor")
        verbose_name_plural = _("rule editors")

    def __str__(self) -> str:
        return str(self.user)


class ReviewKind(models.TextChoices):
    REVIEWED = "reviewed", _("Rule reviewed")
    CORRECTION = "correction", _("Correction")


class ReviewStatus(models.TextChoices):
    PROPOSED = "proposed", _("Awaiting a second editor")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class RuleReview(SourcedRecord):
    """A rule editor's proposal about one rule: that it was reviewed against a source (read on a
    date, with the strength of the evidence), or that it must be corrected (the new wording or
    section, with sources). A second, different rule editor approves or rejects it.

    `recorded_by` and `recorded_at` are the proposer and the time of the proposal: a decision
    saves only its own fields. The rule text stays in the rule files: an approved correction is
    a decision that the files must change, not a change."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    rule_id = models.CharField(_("rule"), max_length=100, validators=[validate_rule_id])
    kind = models.CharField(_("proposal"), max_length=20, choices=ReviewKind.choices)
    read_on = models.DateField(_("date read"), null=True, blank=True)
    evidence = models.CharField(
        _("strength of the evidence"), max_length=20, choices=Evidence.choices, blank=True
    )
    proposed_text = models.TextField(
        _("proposed wording or section"),
        max_length=4000,
        blank=True,
        help_text=_("What the rule should say instead, or the section it should cite."),
    )
    note = models.TextField(_("note"), max_length=2000, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.PROPOSED
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True, editable=False)
    decision_note = models.CharField(_("reason"), max_length=500, blank=True)
    # The digest of the rule files when the proposal was decided: an approved correction
    # waits for the files to change while the digest is the same.
    files_digest = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        ordering = ["-recorded_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(decided_by__isnull=True) | ~Q(decided_by=F("recorded_by")),
                name="rule_review_decided_by_another",
            ),
            models.CheckConstraint(
                condition=Q(status=ReviewStatus.PROPOSED, decided_at__isnull=True)
                | Q(
                    status__in=[ReviewStatus.APPROVED, ReviewStatus.REJECTED],
                    decided_at__isnull=False,
                ),
                name="rule_review_decided_when_not_proposed",
            ),
            models.CheckConstraint(
                condition=~Q(kind=ReviewKind.REVIEWED)
                | (Q(read_on__isnull=False) & ~Q(evidence="")),
                name="rule_review_reviewed_has_date_and_evidence",
            ),
        ]
        verbose_name = _("rule review")
        verbose_name_plural = _("rule reviews")

    def __str__(self) -> str:
        return f"{self.rule_id}: {self.get_kind_display()} ({self.get_status_display()})"

    @property
    def rule(self) -> Rule | None:
        return TABLE.rule(self.rule_id)

    @property
    def waiting_for_table(self) -> bool:
        """An approved correction whose rule files have not changed since the approval."""
        return (
            self.status == ReviewStatus.APPROVED
            and self.kind == ReviewKind.CORRECTION
            and self.files_digest == FILES_DIGEST
        )

    @property
    def source_is_address(self) -> bool:
        return self.source.startswith("https://") and not any(c.isspace() for c in self.source)

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.kind == ReviewKind.REVIEWED:
            if self.read_on is None:
                errors["read_on"] = _("Write the date you read the source.")
            if not self.evidence:
                errors["evidence"] = _("Choose how strong the evidence is.")
        if self.kind == ReviewKind.CORRECTION and not self.proposed_text.strip():
            errors["proposed_text"] = _("Write what the rule should say, or the section.")
        if errors:
            raise ValidationError(errors)
