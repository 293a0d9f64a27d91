"""What the portal itself keeps: the young person's choice about showing health information to
their guardians (pasient- og brukerrettighetsloven § 3-4)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class HealthChoice(models.TextChoices):
    WITHHOLD = "withhold", _("Do not show my health information to my parents")
    SHARE = "share", _("My parents may see my health information")


class HealthInformationChoice(models.Model):
    """One choice, never changed: the newest row for the child decides, but only under the age
    rule it was made under (`rule_id`). When the child passes an age limit, the new rule's default
    applies until they choose again."""

    municipality = models.ForeignKey(
        "municipalities.Municipality",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("municipality"),
    )
    child = models.ForeignKey(
        "children.Child",
        on_delete=models.CASCADE,
        related_name="health_information_choices",
        verbose_name=_("child"),
    )
    choice = models.CharField(_("choice"), max_length=16, choices=HealthChoice.choices)
    # The rights-table rule (health, be informed) in force for the child's age when chosen.
    rule_id = models.CharField(_("rule"), max_length=64)
    made_at = models.DateTimeField(_("time"))
    # Staff who recorded it, or empty when the young person chose in the portal.
    made_by = models.ForeignKey(
        "people.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    made_by_label = models.CharField(_("chosen by"), max_length=200, blank=True)

    class Meta:
        ordering = ["-made_at", "-id"]
        indexes = [models.Index(fields=["child", "made_at"])]
        verbose_name = _("choice about health information")
        verbose_name_plural = _("choices about health information")

    def __str__(self) -> str:
        return f"{self.get_choice_display()} ({self.made_at:%Y-%m-%d})"
