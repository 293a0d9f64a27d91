"""Concerns (undring/bekymring), the municipality's action guide (BTI levels 0–3) and reports to
child welfare (bekymringsmelding)."""

from __future__ import annotations

import uuid

from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.IntegerChoices):
    """The BTI model's levels ("bedre tverrfaglig innsats")."""

    WONDERING = 0, _("Level 0: wondering or concern")
    OWN_UNIT = 1, _("Level 1: action in the own unit")
    COLLABORATION = 2, _("Level 2: collaboration with other services")
    COORDINATED = 3, _("Level 3: extensive coordinated effort")


# Levels 0–1 stay inside the unit; from level 2 other services join in a team.
TEAM_LEVELS = (Level.COLLABORATION, Level.COORDINATED)


class ActionGuideLevel(models.Model):
    """A municipality's own text for one level of its action guide (handlingsveileder). Where a
    municipality has none, the BTI default in `concerns.guide` applies."""

    municipality = models.ForeignKey(
        "municipalities.Municipality",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("municipality"),
    )
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    steps = models.TextField(_("steps"), help_text=_("One step per line."))
    checklist = models.TextField(_("checklist"), blank=True, help_text=_("One item per line."))
    routines = models.TextField(_("routines and contacts"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["municipality", "level"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "level"], name="unique_action_guide_level"
            )
        ]
        verbose_name = _("action guide level")
        verbose_name_plural = _("action guide levels")

    def __str__(self) -> str:
        return f"{self.municipality} – {self.title}"


class ConcernStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Concern(models.Model):
    """A professional's wondering or concern about a child, raised in their own unit. It always
    has a named responsible person (stafettholder)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    municipality = models.ForeignKey(
        "municipalities.Municipality",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("municipality"),
    )
    unit = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    child = models.ForeignKey(
        "children.Child", on_delete=models.CASCADE, related_name="concerns", verbose_name=_("child")
    )
    level = models.PositiveSmallIntegerField(
        _("level"),
        choices=Level.choices,
        default=Level.WONDERING,
        validators=[MaxValueValidator(3)],
    )
    observed = models.TextField(_("what was observed"))
    child_view = models.TextField(_("the child's own view"), blank=True)
    guardians_view = models.TextField(_("the guardians' view"), blank=True)
    raised_by = models.ForeignKey(
        "people.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("raised by")
    )
    responsible = models.ForeignKey(
        "people.User",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("responsible (stafettholder)"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ConcernStatus.choices, default=ConcernStatus.OPEN
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["unit", "status"]),
            models.Index(fields=["municipality", "status"]),
        ]
        verbose_name = _("concern")
        verbose_name_plural = _("concerns")

    def __str__(self) -> str:
        return f"{self.get_level_display()} ({self.unit})"

    @property
    def stays_in_unit(self) -> bool:
        return self.level not in TEAM_LEVELS


class ReportStatus(models.TextChoices):
    SENT = "sent", _("Sent")


class ChildWelfareReport(models.Model):
    """A report of concern to child welfare (bekymringsmelding). Sent on the duty to report,
    never on consent, so it needs neither a team nor consent."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    municipality = models.ForeignKey(
        "municipalities.Municipality",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("municipality"),
    )
    unit = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("reporting unit")
    )
    child = models.ForeignKey(
        "children.Child",
        on_delete=models.CASCADE,
        related_name="welfare_reports",
        verbose_name=_("child"),
    )
    concern = models.ForeignKey(
        Concern,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="welfare_reports",
        verbose_name=_("concern"),
    )
    reporter = models.ForeignKey(
        "people.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("reporter")
    )
    grounds = models.TextField(_("grounds for the report"))
    urgent = models.BooleanField(_("urgent"), default=False)
    guardians_informed = models.BooleanField(_("the guardians have been told"), default=False)
    legal_basis = models.CharField(_("legal basis"), max_length=200)
    sent_at = models.DateTimeField(_("sent"))
    status = models.CharField(
        _("status"), max_length=16, choices=ReportStatus.choices, default=ReportStatus.SENT
    )
    # Child welfare confirms receipt to a public reporter within three weeks (barnevernsloven
    # § 13-2); the reporter, or the reporting unit's leader, records the day it came.
    receipt_received_on = models.DateField(_("receipt received on"), null=True, blank=True)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("report to child welfare")
        verbose_name_plural = _("reports to child welfare")

    def __str__(self) -> str:
        return f"{self.unit} {self.sent_at:%Y-%m-%d}"


class UnitMeasureStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    ENDED = "ended", _("Ended")
    CARRIED = "carried", _("Carried into the team's plan")


class UnitMeasure(models.Model):
    """A measure at level 1 (tiltak i egen enhet, as Stafettloggen keeps them): what the unit
    does, who owns it and when it is evaluated. When the concern moves up to a team, the active
    ones become measures of the team's plan."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    municipality = models.ForeignKey(
        "municipalities.Municipality",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("municipality"),
    )
    concern = models.ForeignKey(
        Concern, on_delete=models.CASCADE, related_name="measures", verbose_name=_("concern")
    )
    title = models.CharField(_("measure"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    owner = models.ForeignKey(
        "people.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("owner")
    )
    starts_on = models.DateField(_("start"))
    evaluate_on = models.DateField(_("evaluation date"))
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=UnitMeasureStatus.choices,
        default=UnitMeasureStatus.ACTIVE,
    )
    created_by = models.ForeignKey(
        "people.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["evaluate_on", "created_at"]
        indexes = [models.Index(fields=["owner", "status", "evaluate_on"])]
        verbose_name = _("measure in the unit")
        verbose_name_plural = _("measures in the unit")

    def __str__(self) -> str:
        return self.title


class UnitMeasureEvaluation(models.Model):
    """An evaluation of a level-1 measure: what came of it, and whether it goes on."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    measure = models.ForeignKey(
        UnitMeasure,
        on_delete=models.CASCADE,
        related_name="evaluations",
        verbose_name=_("measure"),
    )
    text = models.TextField(_("evaluation"))
    child_view = models.TextField(_("the child's view"), blank=True)
    continues = models.BooleanField(_("the measure continues"), default=True)
    next_evaluation = models.DateField(_("next evaluation"), null=True, blank=True)
    evaluated_by = models.ForeignKey(
        "people.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("evaluated by")
    )
    evaluated_at = models.DateTimeField(_("evaluated"), auto_now_add=True)

    class Meta:
        ordering = ["evaluated_at"]
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")

    def __str__(self) -> str:
        return f"{self.measure} {self.evaluated_at:%d.%m.%Y}"
