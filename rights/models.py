"""A municipality's local practice that differs from a national rule in the rights table.

The engine never applies a local practice: it answers with the national rule and shows the
practice next to it as a deviation, so everyone sees both.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from rights.table import TABLE


def validate_rule_id(value: str) -> None:
    if TABLE.rule(value) is None:
        raise ValidationError(
            _("%(value)s is not a rule in the rights table."),
            params={"value": value},
            code="unknown_rule",
        )


class LocalPractice(models.Model):
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


class RuleChangeDate(models.Model):
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
        ordering = ["in_force_from"]
        verbose_name = _("date a change in the law enters into force")
        verbose_name_plural = _("dates changes in the law enter into force")

    def __str__(self) -> str:
        return f"{self.change_id}: {self.in_force_from:%d.%m.%Y}"
