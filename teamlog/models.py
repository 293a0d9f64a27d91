"""The team log (stafettlogg): what happened around a concern and its team, when and by whom.

The services of `concerns`, `consents`, `teams`, `plans` and `portal` write it
(`teamlog.services.log_write`), so it stands below them all; it names the concern and the team
by string references and imports neither."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class LogKind(models.TextChoices):
    NOTE = "note", _("Note")
    LEVEL = "level", _("Level changed")
    MEMBER = "member", _("Membership")
    CONSENT = "consent", _("Consent")
    PLAN = "plan", _("Plan")
    MEASURE = "measure", _("Measure")
    EVALUATION = "evaluation", _("Evaluation")
    DECISION = "decision", _("Decision")
    MEETING = "meeting", _("Meeting")
    TASK = "task", _("Task")
    HANDOVER = "handover", _("Hand-over")
    CLOSED = "closed", _("Closed")


LEVEL_PARAMS = frozenset({"level", "old", "new"})


class LogEntry(models.Model):
    """One line of the stafettlogg: what happened, when and by whom. Written by the services."""

    municipality = models.ForeignKey(
        "municipalities.Municipality",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("municipality"),
    )
    child = models.ForeignKey(
        "children.Child", on_delete=models.CASCADE, related_name="+", verbose_name=_("child")
    )
    concern = models.ForeignKey(
        "concerns.Concern",
        on_delete=models.CASCADE,
        related_name="log",
        verbose_name=_("concern"),
    )
    team = models.ForeignKey(
        "teams.Team",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="log",
        verbose_name=_("team"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=LogKind.choices)
    # A note as written, or (for what the system records) an English message and its values,
    # translated when shown.
    text = models.TextField(_("text"), blank=True)
    message = models.CharField(max_length=300, blank=True)
    params = models.JSONField(default=dict, blank=True)
    # Staff who wrote it; empty for the young person or a guardian in the portal, or a job.
    author = models.ForeignKey(
        "people.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("written by"),
    )
    author_label = models.CharField(_("written by (outside staff)"), max_length=200, blank=True)
    occurred_at = models.DateTimeField(_("time"))

    class Meta:
        ordering = ["-occurred_at", "-id"]
        # The table kept its name when the model moved here from `teams` (no data moved, and
        # its row-level security policy stayed).
        db_table = "teams_logentry"
        indexes = [
            models.Index(fields=["concern", "occurred_at"], name="teams_logen_concern_efec9c_idx")
        ]
        verbose_name = _("log entry")
        verbose_name_plural = _("log entries")

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d} {self.get_kind_display()}"

    def display_text(self) -> str:
        """The line in the reader's language. Values under `level`, `old` and `new` are BTI
        levels and are shown by their translated names."""
        if not self.message:
            return self.text
        labels = _level_labels()
        values = {
            key: labels[value] if key in LEVEL_PARAMS and isinstance(value, int) else value
            for key, value in self.params.items()
        }
        return gettext(self.message) % values if values else gettext(self.message)


def _level_labels() -> dict[Any, Any]:
    """The BTI levels' names, read from the concern's `level` field, whose choices are
    `concerns.models.Level` (the log stands below concerns and does not import them)."""
    concern = apps.get_model("concerns", "Concern")
    return dict(concern._meta.get_field("level").choices or [])
