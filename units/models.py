"""Units (tjenester/enheter): the services in a municipality where staff work."""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import ValidationError as StdnumValidationError
from stdnum.no import orgnr

from core.validators import validate_phone_number


class Sector(models.TextChoices):
    KINDERGARTEN = "kindergarten", _("Kindergarten")
    PRIMARY_SCHOOL = "primary_school", _("Primary school")
    LOWER_SECONDARY = "lower_secondary", _("Lower secondary school")
    UPPER_SECONDARY = "upper_secondary", _("Upper secondary school")
    PPT = "ppt", _("Educational and psychological counselling service (PPT)")
    HEALTH_STATION = "health_station", _("Health station and school health service")
    CHILD_WELFARE = "child_welfare", _("Child welfare service")
    NAV = "nav", _("NAV")
    MENTAL_HEALTH = "mental_health", _("Mental health and substance abuse service")
    REFUGEE = "refugee", _("Refugee and integration service")
    FOLLOW_UP_SERVICE = "follow_up_service", _("Follow-up service (OT)")
    CULTURE_LEISURE = "culture_leisure", _("Culture and leisure")
    POLICE_SLT = "police_slt", _("Police and SLT")
    SPECIALIST_BUP = "specialist_bup", _("Child and adolescent mental health (BUP)")
    STATPED = "statped", _("Statped")
    FAMILY_COUNSELLING = "family_counselling", _("Family counselling service")
    OTHER = "other", _("Other")


# Units whose staff are health personnel (helsepersonelloven), with its duty of confidentiality
# and its own duty to report to child welfare.
HEALTH_SECTORS = frozenset({Sector.HEALTH_STATION, Sector.MENTAL_HEALTH, Sector.SPECIALIST_BUP})


def validate_organisation_number(value: str) -> None:
    try:
        orgnr.validate(value)
    except StdnumValidationError:
        raise ValidationError(
            _("%(value)s is not a valid organisation number (9 digits with a valid check digit)."),
            params={"value": value},
            code="invalid_orgnr",
        ) from None


class Unit(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    municipality = models.ForeignKey(
        "municipalities.Municipality",
        on_delete=models.PROTECT,
        related_name="units",
        verbose_name=_("municipality"),
    )
    name = models.CharField(_("name"), max_length=200)
    sector = models.CharField(_("sector"), max_length=32, choices=Sector.choices)
    organisation_number = models.CharField(
        _("organisation number"),
        max_length=9,
        blank=True,
        validators=[validate_organisation_number],
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(
        _("phone"), max_length=32, blank=True, validators=[validate_phone_number]
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["municipality", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"], name="unique_unit_name_per_municipality"
            )
        ]
        verbose_name = _("unit")
        verbose_name_plural = _("units")

    def __str__(self) -> str:
        return self.name
