"""The audit spine: an append-only, hash-chained log of every access to personal data.

Each municipality has its own chain (the municipality is also the shard key); events without a
municipality, such as a failed log-in for an unknown user name, go on the national chain.
"""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

NATIONAL_CHAIN = "national"
GENESIS_HASH = "0" * 64


class Action(models.TextChoices):
    READ = "read", _("read")
    CREATE = "create", _("create")
    UPDATE = "update", _("update")
    DELETE = "delete", _("delete")
    EXPORT = "export", _("export")
    LOGIN = "login", _("logged in")
    LOGIN_FAILED = "login_failed", _("failed log-in")
    LOGIN_LOCKED_OUT = "login_locked_out", _("log-in locked out")
    SECOND_FACTOR_VERIFIED = "second_factor_verified", _("second factor verified")
    SECOND_FACTOR_FAILED = "second_factor_failed", _("second factor failed")
    SECOND_FACTOR_ENROLLED = "second_factor_enrolled", _("second factor set up")
    ENROLMENT_LINK_ISSUED = "enrolment_link_issued", _("enrolment link issued")
    SECOND_FACTOR_RESET = "second_factor_reset", _("second factor reset")
    RECOVERY_CODE_USED = "recovery_code_used", _("recovery code used")
    RECOVERY_CODES_RENEWED = "recovery_codes_renewed", _("new recovery codes")
    LOGOUT = "logout", _("logged out")
    LOGOUT_EVERYWHERE = "logout_everywhere", _("logged out everywhere")
    ADMIN_CREATE = "admin_create", _("created in administration")
    ADMIN_UPDATE = "admin_update", _("changed in administration")
    ADMIN_DELETE = "admin_delete", _("deleted in administration")
    MOVED_OUT = "moved_out", _("case moved to another municipality")
    MOVED_IN = "moved_in", _("case moved here from another municipality")


class AppendOnlyError(Exception):
    pass


class AccessEvent(models.Model):
    """One access to personal data. Written only by `audit.services.access_event_record`."""

    chain = models.CharField(_("chain"), max_length=16, editable=False)
    # Empty (NULL, "", "") while the event is unsealed: a read is written without its place in
    # the chain, and `audit.services.access_events_seal` fills these three once, in id order.
    sequence = models.PositiveBigIntegerField(
        _("number in chain"), null=True, blank=True, editable=False
    )
    occurred_at = models.DateTimeField(_("time"), editable=False)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    # The user name at the time, also for failed log-ins where no user exists.
    actor_label = models.CharField(_("actor name"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=32, choices=Action.choices)
    object_type = models.CharField(_("object type"), max_length=64, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    # Kept as a plain value so the log outlives the child's record under the retention rules.
    # Indexed with the id (Meta.indexes), which serves "who has seen this child" newest first.
    child_id = models.UUIDField(_("child"), null=True, blank=True)
    municipality = models.ForeignKey(
        "municipalities.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("municipality"),
    )
    purpose = models.CharField(_("purpose"), max_length=200, blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=200, blank=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    previous_hash = models.CharField(max_length=64, blank=True, default="", editable=False)
    hash = models.CharField(max_length=64, blank=True, default="", editable=False)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["chain", "sequence"], name="unique_sequence_per_chain")
        ]
        indexes = [
            models.Index(fields=["municipality", "occurred_at"]),
            models.Index(fields=["actor", "occurred_at"]),
            # A child's log a page at a time, newest first: an index scan of one child's rows
            # in order, stopping after the page, however long the log is.
            models.Index(fields=["child_id", "-id"], name="audit_event_child_newest"),
            # The sealer's work list: each chain's unsealed events in id order (a small index,
            # since rows leave it within seconds).
            models.Index(
                fields=["chain", "id"],
                condition=models.Q(sequence__isnull=True),
                name="audit_event_unsealed",
            ),
        ]
        verbose_name = _("access event")
        verbose_name_plural = _("access events")

    def __str__(self) -> str:
        place = self.sequence if self.sequence is not None else "unsealed"
        return f"{self.chain}#{place} {self.action} {self.object_type}:{self.object_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("Access events are append-only and cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("Access events are append-only and cannot be deleted.")

    @property
    def sealed(self) -> bool:
        """Whether the sealer has given the event its place in the chain yet."""
        return self.sequence is not None


class ChainHead(models.Model):
    """The last sealed event of each chain. Locked while an event is appended or the sealer
    seals, so chains never fork, and compared by the verifier so that removing the newest events
    is detected too."""

    chain = models.CharField(max_length=16, primary_key=True)
    sequence = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default=GENESIS_HASH)

    class Meta:
        verbose_name = _("chain head")

    def __str__(self) -> str:
        return f"{self.chain}#{self.sequence}"


class AnchorRecipient(models.Model):
    """Where a municipality wants its signed chain head e-mailed every day: a mailbox outside
    Laget (the archive, the data protection officer), so that the anchor is out of reach of
    anyone who can change Laget's database."""

    municipality = models.OneToOneField(
        "municipalities.Municipality",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("municipality"),
    )
    email = models.EmailField(
        _("e-mail address"),
        help_text=_(
            "Every day the signed newest entry of the municipality's access log is sent here. "
            "Use a mailbox outside Laget that keeps its mail, such as the archive's."
        ),
    )

    class Meta:
        verbose_name = _("recipient of access log anchors")
        verbose_name_plural = _("recipients of access log anchors")

    def __str__(self) -> str:
        return self.email


class AnchorRun(models.Model):
    """One run of the anchoring job: which file it wrote and with which key."""

    anchored_at = models.DateTimeField(_("time"))
    file_path = models.CharField(_("file"), max_length=500)
    key_id = models.CharField(_("key id"), max_length=16)

    class Meta:
        ordering = ["-anchored_at"]
        verbose_name = _("anchoring of the access log")
        verbose_name_plural = _("anchorings of the access log")

    def __str__(self) -> str:
        return f"{self.anchored_at:%Y-%m-%d %H:%M} {self.file_path}"


class Anchor(models.Model):
    """One signed chain head of one run, and where it was e-mailed (blank: nowhere)."""

    run = models.ForeignKey(AnchorRun, on_delete=models.PROTECT, related_name="anchors")
    chain = models.CharField(max_length=16)
    sequence = models.PositiveBigIntegerField()
    hash = models.CharField(max_length=64)
    signature = models.CharField(max_length=100)
    emailed_to = models.EmailField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["chain", "emailed_to"])]
        verbose_name = _("anchor")
        verbose_name_plural = _("anchors")

    def __str__(self) -> str:
        return f"{self.chain}#{self.sequence}"
