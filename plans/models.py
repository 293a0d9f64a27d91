"""The shared plan of a team: goals in the child's own words, measures (tiltak) with owner,
period and evaluation date, evaluations – with the content the individual-plan regulation
requires. Every change is kept as a revision."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class Plan(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    municipality = models.ForeignKey(
        "municipalities.Municipality",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("municipality"),
    )
    team = models.OneToOneField(
        "teams.Team", on_delete=models.CASCADE, related_name="plan", verbose_name=_("team")
    )
    is_individual_plan = models.BooleanField(
        _("individual plan (IP)"),
        default=False,
        help_text=_("The plan is the child's individual plan under the IP regulation."),
    )
    period_start = models.DateField(_("plan period from"))
    period_end = models.DateField(_("plan period until"))
    resources = models.TextField(
        _("the child's resources"), blank=True, help_text=_("What works well, strengths.")
    )
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")

    def __str__(self) -> str:
        return str(
            _("Plan %(start)s–%(end)s") % {"start": self.period_start, "end": self.period_end}
        )


class ItemStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    ACHIEVED = "achieved", _("Achieved")
    ENDED = "ended", _("Ended")


class MeasureKind(models.TextChoices):
    """What kind of measure it is, where the kind carries a rule of its own."""

    GENERAL = "general", _("Measure")
    # Læreplass / opplæring i bedrift: an apprenticeship or training in a company, followed up
    # by the county's fagopplæring or a training office (opplæringskontor) – for pupils with
    # disabilities too (opplæring i bedrift with adapted goals, lærekandidat).
    APPRENTICESHIP = "apprenticeship", _("Apprenticeship or training in a company")


class Goal(models.Model):
    """A goal, written in the child's own words where the child can give them."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="goals")
    text = models.TextField(_("goal"))
    in_childs_words = models.BooleanField(_("in the child's own words"), default=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ItemStatus.choices, default=ItemStatus.ACTIVE
    )
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        "people.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("changed by")
    )

    class Meta:
        ordering = ["plan", "updated_at"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")

    def __str__(self) -> str:
        return self.text[:60]


class Measure(models.Model):
    """A measure (tiltak): what is done, by which unit and person, for how long, and when it is
    evaluated."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="measures")
    goal = models.ForeignKey(
        Goal,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="measures",
        verbose_name=_("goal"),
    )
    title = models.CharField(_("measure"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(
        _("kind of measure"),
        max_length=32,
        choices=MeasureKind.choices,
        default=MeasureKind.GENERAL,
    )
    responsible_unit = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("responsible unit")
    )
    responsible_person = models.ForeignKey(
        "people.User",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("responsible person"),
    )
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("end"))
    evaluate_on = models.DateField(_("evaluation date"))
    status = models.CharField(
        _("status"), max_length=16, choices=ItemStatus.choices, default=ItemStatus.ACTIVE
    )
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        "people.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("changed by")
    )

    class Meta:
        ordering = ["plan", "evaluate_on"]
        verbose_name = _("measure")
        verbose_name_plural = _("measures")

    def __str__(self) -> str:
        return self.title


class Evaluation(models.Model):
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="evaluations")
    evaluated_on = models.DateField(_("date"))
    result = models.TextField(_("result"))
    child_view = models.TextField(_("the child's view"), blank=True)
    author = models.ForeignKey(
        "people.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("evaluated by")
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["-evaluated_on", "-created_at"]
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")

    def __str__(self) -> str:
        return f"{self.measure} {self.evaluated_on}"


class Revision(models.Model):
    """A snapshot of a plan, goal or measure as it was saved: the plan's history."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="revisions")
    object_type = models.CharField(max_length=16)
    object_id = models.UUIDField()
    version = models.PositiveIntegerField()
    data = models.JSONField()
    changed_by = models.ForeignKey(
        "people.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("changed by")
    )
    changed_at = models.DateTimeField(_("changed"))

    class Meta:
        ordering = ["-changed_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["object_type", "object_id", "version"], name="unique_revision"
            )
        ]
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")

    def __str__(self) -> str:
        return f"{self.object_type} v{self.version}"
