"""The weekly digest by e-mail: who subscribes to what, and which digests were sent
(docs/digest.md).

A subscription keeps as little as possible: the address, the filters (codes of the directory's
vocabularies and the knowledge base's audiences), the municipality, the language and when it was
confirmed. Nothing is stored before the address is confirmed: the confirmation link carries the
request, signed. A send is recorded once per subscription and week, which is what makes the
weekly job safe to run again.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class Subscription(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    email = models.EmailField(_("e-mail address"), max_length=254, unique=True)
    # Codes: "need:…" of the directory's needs, sectors as in `units.models.Sector`, audiences
    # as in `knowledge.models.Audience`. Empty: any.
    needs = models.JSONField(_("topics"), default=list, blank=True)
    sectors = models.JSONField(_("sectors"), default=list, blank=True)
    audiences = models.JSONField(_("audiences"), default=list, blank=True)
    municipality = models.ForeignKey(
        "municipalities.Municipality",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("municipality"),
    )
    language = models.CharField(_("language"), max_length=5, default="nb")
    confirmed_at = models.DateTimeField(_("confirmed"))

    class Meta:
        ordering = ["confirmed_at"]
        verbose_name = _("digest subscription")
        verbose_name_plural = _("digest subscriptions")

    def __str__(self) -> str:
        return str(self.pk)


class DigestSend(models.Model):
    """One digest sent to one subscription in one week (the Monday of the ISO week): recorded
    in the transaction that sends it, unique, so nothing is sent twice. `changes` are the
    changes in the law it reported (id and status), so that the next one reports only news."""

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="sends")
    week = models.DateField(_("week"))
    sent_at = models.DateTimeField(_("sent"))
    changes = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-week"]
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "week"], name="digest_one_send_per_week"
            )
        ]
        verbose_name = _("digest sent")
        verbose_name_plural = _("digests sent")

    def __str__(self) -> str:
        return f"{self.subscription_id} {self.week}"
