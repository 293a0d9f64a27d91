"""Children and young people (0–24) and their guardians."""

from __future__ import annotations

import datetime
import uuid

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import ValidationError as StdnumValidationError
from stdnum.no import fodselsnummer

from children.identity import (
    identity_number_decrypt,
    identity_number_encrypt,
    identity_number_lookup_hash,
    identity_number_masked,
    identity_number_normalise,
)
from core.validators import validate_phone_number
from rights.table import whole_years as age_on  # as Norwegian practice counts them


def validate_identity_number(value: str) -> None:
    """A fødselsnummer or D-nummer with valid check digits (python-stdnum). The message never
    repeats the number: it ends up in pages, API answers and logs."""
    try:
        fodselsnummer.validate(value)
    except StdnumValidationError:
        raise ValidationError(
            _(
                "This is not a valid national identity number: a fødselsnummer or D-number "
                "has 11 digits with two check digits."
            ),
            code="invalid_identity_number",
        ) from None


class IdentityNumberMixin(models.Model):
    """The identity number of a row, stored encrypted with a keyed hash (`children.identity`).

    `identity_number` reads and sets the plain number; the columns are never read by hand.
    Setting it encrypts at once (the row id is part of the associated data) and `clean()`
    validates what was set, so `full_clean()` refuses a bad number as before."""

    identity_number_encrypted = models.CharField(
        _("national identity number (encrypted)"), max_length=120, blank=True, editable=False
    )
    identity_number_hash = models.CharField(
        _("national identity number (lookup hash)"),
        max_length=64,
        blank=True,
        editable=False,
        db_index=True,
    )

    class Meta:
        abstract = True

    def _identity_number_column(self) -> str:
        return f"{self._meta.label}.identity_number"

    @property
    def identity_number(self) -> str:
        token = self.identity_number_encrypted
        cached = self.__dict__.get("_identity_number_plain")
        if cached is not None and cached[0] == token:
            return str(cached[1])
        plain = identity_number_decrypt(
            token, column=self._identity_number_column(), row_id=self.pk
        )
        self.__dict__["_identity_number_plain"] = (token, plain)
        return plain

    @identity_number.setter
    def identity_number(self, value: str) -> None:
        token = identity_number_encrypt(
            value, column=self._identity_number_column(), row_id=self.pk
        )
        self.identity_number_encrypted = token
        self.identity_number_hash = identity_number_lookup_hash(value)
        self.__dict__["_identity_number_plain"] = (token, identity_number_normalise(value))
        self.__dict__["_identity_number_set"] = value

    @property
    def identity_number_masked(self) -> str:
        """The birth-date part only: enough to tell two people apart, not to identify one."""
        return identity_number_masked(self.identity_number)

    def clean(self) -> None:
        super().clean()
        value = self.__dict__.get("_identity_number_set")
        if value:
            try:
                validate_identity_number(value)
            except ValidationError as error:
                raise ValidationError({"identity_number": error.error_list}) from None


class Child(IdentityNumberMixin):
    """A child or young person (0–24). Age is computed from the birth date, never stored."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    municipality = models.ForeignKey(
        "municipalities.Municipality",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("municipality"),
    )
    given_name = models.CharField(_("given name"), max_length=120)
    family_name = models.CharField(_("family name"), max_length=120)
    birth_date = models.DateField(_("birth date"))
    # The identity number (`identity_number`, from IdentityNumberMixin) is stored encrypted so
    # that a lookup by number finds the child; pages show it masked, never in lists.
    languages = models.CharField(
        _("languages"),
        max_length=200,
        blank=True,
        help_text=_("The languages the child speaks, e.g. “norsk, arabisk”."),
    )
    interpreter_needed = models.BooleanField(_("needs an interpreter"), default=False)
    interpreter_language = models.CharField(_("interpreter language"), max_length=60, blank=True)
    created_by = models.ForeignKey(
        "people.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["family_name", "given_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "identity_number_hash"],
                condition=~Q(identity_number_hash=""),
                name="unique_child_identity_number_per_municipality",
            )
        ]
        indexes = [models.Index(fields=["municipality", "family_name", "birth_date"])]
        verbose_name = _("child")
        verbose_name_plural = _("children")

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    def age_on(self, on: datetime.date) -> int:
        return age_on(self.birth_date, on)


class Guardian(IdentityNumberMixin):
    """A guardian (foresatt) of a child; parental responsibility decides who consents."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    municipality = models.ForeignKey(
        "municipalities.Municipality",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("municipality"),
    )
    child = models.ForeignKey(
        Child, on_delete=models.CASCADE, related_name="guardians", verbose_name=_("child")
    )
    name = models.CharField(_("name"), max_length=200)
    relation = models.CharField(
        _("relation to the child"),
        max_length=60,
        help_text=_("E.g. mother, father, foster parent."),
    )
    has_parental_responsibility = models.BooleanField(_("has parental responsibility"))
    phone = models.CharField(
        _("phone"), max_length=32, blank=True, validators=[validate_phone_number]
    )
    email = models.EmailField(_("e-mail"), blank=True)

    class Meta:
        ordering = ["child", "name"]
        verbose_name = _("guardian")
        verbose_name_plural = _("guardians")

    def __str__(self) -> str:
        return self.name


class RecordType(models.TextChoices):
    CONCERN = "concern", _("Concern closed at level 0–1 (no team)")
    TEAM = "team", _("Closed team with its plan, log and meetings")
    WELFARE_REPORT = "welfare_report", _("Report to child welfare")


# Years after closing before the record is deleted, where the municipality has set nothing.
# The municipality's archive plan (bevaring og kassasjon) decides; these are starting points.
DEFAULT_RETENTION_YEARS = {
    RecordType.CONCERN: 1,
    RecordType.TEAM: 5,
    RecordType.WELFARE_REPORT: 10,
}


class RetentionRule(models.Model):
    """How long a municipality keeps a kind of record after it is closed."""

    municipality = models.ForeignKey(
        "municipalities.Municipality",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("municipality"),
    )
    record_type = models.CharField(_("record type"), max_length=32, choices=RecordType.choices)
    keep_years = models.PositiveSmallIntegerField(
        _("years to keep after closing"), validators=[MinValueValidator(1)]
    )
    basis = models.CharField(
        _("basis"),
        max_length=300,
        help_text=_("Where the period comes from, e.g. the municipality's archive plan."),
    )

    class Meta:
        ordering = ["municipality", "record_type"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "record_type"], name="unique_retention_rule"
            )
        ]
        verbose_name = _("retention rule")
        verbose_name_plural = _("retention rules")

    def __str__(self) -> str:
        return f"{self.get_record_type_display()}: {self.keep_years}"
