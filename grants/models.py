"""State grant schemes for children and young people (the catalogue), and a municipality's own
applications and grants (its programme).

Nothing here is about a person: a scheme is public knowledge, and a grant is money a
municipality applied for or received, with the measures and units it finances. The catalogue is
loaded from `grants/data/schemes.toml` (`manage.py load_grant_schemes`); a municipality's grants
are written only through `grants.services`, which audits every write.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class Owner(models.TextChoices):
    """The directorate that owns (forvalter) a scheme."""

    BUFDIR = (
        "bufdir",
        _("The Norwegian Directorate for Children, Youth and Family Affairs (Bufdir)"),
    )
    HELSEDIR = "helsedir", _("The Norwegian Directorate of Health (Helsedirektoratet)")
    IMDI = "imdi", _("The Directorate of Integration and Diversity (IMDi)")
    UDIR = "udir", _("The Norwegian Directorate for Education and Training (Udir)")
    NAV = "nav", _("The Norwegian Labour and Welfare Directorate (NAV)")


class SchemeStatus(models.TextChoices):
    """Where the scheme stands this year."""

    OPEN = "open", _("Open for applications")
    ANNOUNCED = "announced", _("To be announced")
    CLOSED = "closed", _("This year's deadline has passed")
    CONTINUED = "continued", _("Continued; dates not yet confirmed")
    ENDED = "ended", _("Ended or merged into another scheme")


class Indicator(models.TextChoices):
    """The public figures a scheme answers to (see `oversikt.models.Topic`)."""

    NEET = "neet", _("young people outside work, education and training")
    LOW_INCOME = "low_income", _("children in households with persistent low income")
    COMPLETION = "completion", _("completion of upper secondary school")


class Scheme(models.Model):
    """One grant scheme (tilskuddsordning) of a directorate, as its own pages describe it.

    `needs`, `sectors` and `age_bands` are codes of the directory's vocabularies
    (`directory/data/taxonomies.toml`, `units.models.Sector`), checked when loaded.
    """

    key = models.SlugField(_("key"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=250)
    owner = models.CharField(_("owner"), max_length=20, choices=Owner.choices)
    purpose = models.TextField(_("purpose"))
    applicants = models.TextField(_("who may apply"))
    target_group = models.TextField(_("target group"))
    needs = models.JSONField(_("needs"), default=list)
    sectors = models.JSONField(_("sectors"), default=list)
    age_bands = models.JSONField(_("age bands"), default=list)
    indicators = models.JSONField(_("indicators it answers to"), default=list)
    amount_min = models.PositiveBigIntegerField(_("smallest amount"), null=True, blank=True)
    amount_max = models.PositiveBigIntegerField(_("largest amount"), null=True, blank=True)
    deadlines_text = models.TextField(_("deadlines"), blank=True)
    reporting = models.TextField(_("reporting duties"))
    regulation = models.CharField(_("regulation"), max_length=300)
    regulation_url = models.URLField(_("address of the regulation"), max_length=500, blank=True)
    url = models.URLField(_("address"), max_length=500)
    status = models.CharField(_("status"), max_length=20, choices=SchemeStatus.choices)
    status_year = models.PositiveSmallIntegerField(_("status for the year"))
    source_url = models.URLField(_("source"), max_length=500)
    checked_on = models.DateField(_("checked"))
    loaded_at = models.DateTimeField(_("loaded"))

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_min__isnull=True)
                | Q(amount_max__isnull=True)
                | Q(amount_min__lte=F("amount_max")),
                name="grants_scheme_amounts_in_order",
            )
        ]
        verbose_name = _("grant scheme")
        verbose_name_plural = _("grant schemes")

    def __str__(self) -> str:
        return self.name

    @property
    def is_ended(self) -> bool:
        return self.status == SchemeStatus.ENDED

    @property
    def status_label(self) -> str:
        """The status as the pages show it: with the year it holds for, except for an ended
        scheme (it has ended, not only this year)."""
        if self.is_ended:
            return str(self.get_status_display())
        return f"{self.get_status_display()} ({self.status_year})"


class DeadlineKind(models.TextChoices):
    APPLICATION = "application", _("Application deadline")
    REPORT = "report", _("Reporting deadline")


class SchemeDeadline(models.Model):
    """A dated deadline of a scheme: for applying, or for reporting on last year's grant."""

    scheme = models.ForeignKey(
        Scheme, on_delete=models.CASCADE, related_name="deadlines", verbose_name=_("scheme")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=DeadlineKind.choices)
    due_on = models.DateField(_("date"))

    class Meta:
        ordering = ["due_on", "scheme__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "kind", "due_on"], name="grants_unique_scheme_deadline"
            )
        ]
        indexes = [models.Index(fields=["kind", "due_on"])]
        verbose_name = _("scheme deadline")
        verbose_name_plural = _("scheme deadlines")

    def __str__(self) -> str:
        return f"{self.scheme_id} {self.kind} {self.due_on}"


class GrantStatus(models.TextChoices):
    APPLIED = "applied", _("Applied for")
    GRANTED = "granted", _("Granted")
    REFUSED = "refused", _("Refused")


class Grant(models.Model):
    """An application of the municipality to a scheme, and what it was granted: the amount, the
    period, the measures it finances and the units that carry them out."""

    municipality = models.ForeignKey(
        "municipalities.Municipality",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("municipality"),
    )
    scheme = models.ForeignKey(
        Scheme, on_delete=models.PROTECT, related_name="grants", verbose_name=_("scheme")
    )
    status = models.CharField(_("status"), max_length=20, choices=GrantStatus.choices)
    amount_applied = models.PositiveBigIntegerField(_("amount applied for"))
    amount_granted = models.PositiveBigIntegerField(_("amount granted"), null=True, blank=True)
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("until"))
    measures = models.TextField(_("measures financed"))
    units = models.ManyToManyField(
        "units.Unit", related_name="+", blank=True, verbose_name=_("units involved")
    )
    created_by = models.ForeignKey(
        "people.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded"))

    class Meta:
        ordering = ["-period_start", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_start__lte=F("period_end")), name="grants_grant_period_in_order"
            ),
            models.CheckConstraint(
                condition=~Q(status=GrantStatus.GRANTED) | Q(amount_granted__isnull=False),
                name="grants_granted_has_amount",
            ),
        ]
        indexes = [models.Index(fields=["municipality", "scheme"])]
        verbose_name = _("grant")
        verbose_name_plural = _("grants")

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.scheme_id} {self.period_start}"


class GrantReport(models.Model):
    """A report the municipality owes on a grant, by a date; `done_on` when it was sent."""

    grant = models.ForeignKey(
        Grant, on_delete=models.CASCADE, related_name="reports", verbose_name=_("grant")
    )
    due_on = models.DateField(_("due"))
    done_on = models.DateField(_("sent"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["grant", "due_on"], name="grants_unique_report_date")
        ]
        verbose_name = _("grant report")
        verbose_name_plural = _("grant reports")

    def __str__(self) -> str:
        return f"{self.grant_id} {self.due_on}"
