"""Transitions between services (overganger): a sending unit hands the child's team and plan to
a receiving unit, which accepts or declines. A checklist per kind (`checklists.toml`) gives
the deadlines that become the team's tasks."""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class TransitionKind(models.TextChoices):
    KINDERGARTEN_SCHOOL = "kindergarten_school", _("Kindergarten to school")
    LOWER_UPPER_SECONDARY = "lower_upper_secondary", _("Lower to upper secondary school")
    SCHOOL_OT = "school_ot", _("School to the follow-up service (OT)")
    TO_NAV = "to_nav", _("School or the follow-up service to NAV")
    AGE_18 = "age_18", _("Turning 18")


class TransitionStatus(models.TextChoices):
    OPEN = "open", _("Waiting for the receiving unit")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class Transition(models.Model):
    """One transition of a child's team from a sending to a receiving unit. Held by the
    child's home municipality, like the team. Open until someone in the receiving unit
    accepts (and joins the team) or declines; both sides see it meanwhile."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    municipality = models.ForeignKey(
        "municipalities.Municipality",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("municipality"),
    )
    team = models.ForeignKey(
        "teams.Team", on_delete=models.CASCADE, related_name="transitions", verbose_name=_("team")
    )
    kind = models.CharField(_("transition"), max_length=32, choices=TransitionKind.choices)
    from_unit = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("sending unit")
    )
    to_unit = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("receiving unit")
    )
    starts_on = models.DateField(_("date of the transition"))
    note = models.TextField(_("what the receiving unit should know"))
    young_person_words = models.TextField(
        _("the young person's own words on what they need"), blank=True
    )
    status = models.CharField(
        _("status"), max_length=16, choices=TransitionStatus.choices, default=TransitionStatus.OPEN
    )
    started_by = models.ForeignKey(
        "people.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("started by")
    )
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    decided_by = models.ForeignKey(
        "people.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    decided_at = models.DateTimeField(_("answered"), null=True, blank=True)
    decision_note = models.TextField(_("answer from the receiving unit"), blank=True)
    # Set by the daily job when the coordinator and the sending unit's leader were told that
    # the transition was declined or left unanswered, so they are told once.
    flagged_at = models.DateTimeField(_("flagged"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "to_unit"],
                condition=Q(status="open"),
                name="one_open_transition_per_receiving_unit",
            )
        ]
        indexes = [
            models.Index(fields=["to_unit", "status"]),
            models.Index(fields=["status", "flagged_at"]),
        ]
        verbose_name = _("transition")
        verbose_name_plural = _("transitions")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.to_unit}"

    @property
    def is_open(self) -> bool:
        return self.status == TransitionStatus.OPEN


class ChecklistTick(models.Model):
    """An item of the transition's checklist marked as done."""

    transition = models.ForeignKey(
        Transition, on_delete=models.CASCADE, related_name="ticks", verbose_name=_("transition")
    )
    item = models.CharField(_("item"), max_length=64)
    done_by = models.ForeignKey(
        "people.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("done by")
    )
    done_at = models.DateTimeField(_("done"), auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["transition", "item"], name="one_tick_per_item")
        ]
        verbose_name = _("checklist item done")
        verbose_name_plural = _("checklist items done")

    def __str__(self) -> str:
        return self.item
