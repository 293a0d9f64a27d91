"""Organisations and their units (tjenester/enheter), the services where staff work.

An organisation is the body a unit belongs to: a municipality, a county authority, a health
trust, a state agency or a private or voluntary body with an agreement. It lives here, in the
lowest app that owns units, because every unit has one and people, teams and consents (all above)
ask it which municipalities it serves; it is not personal data, so it has no row-level security."""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
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
    # The county's fagopplæring and the training offices (opplæringskontor) it approves: they
    # follow up apprentices and training in a company (opplæring i bedrift).
    APPRENTICESHIP = "apprenticeship", _("Apprenticeship and training office")
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


class OrganisationKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("Municipality")
    COUNTY_AUTHORITY = "county_authority", _("County authority")
    HEALTH_TRUST = "health_trust", _("Health trust")
    STATE_AGENCY = "state_agency", _("State agency")
    AGREEMENT_BODY = "agreement_body", _("Private or voluntary body with an agreement")


class Organisation(models.Model):
    """The body above units. A municipality is one (`municipality` set, serving itself); a county
    authority serves the municipalities of its county (`county` set; both kept in step with the
    reference data by `load_organisations`); the other kinds serve what an administrator sets."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=32, choices=OrganisationKind.choices)
    name = models.CharField(_("name"), max_length=200, unique=True)
    # Blank only where nobody has entered it: the reference data has no organisation numbers.
    organisation_number = models.CharField(
        _("organisation number"),
        max_length=9,
        blank=True,
        validators=[validate_organisation_number],
    )
    municipality = models.OneToOneField(
        "municipalities.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisation",
        verbose_name=_("the municipality it is"),
    )
    county = models.OneToOneField(
        "municipalities.County",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="authority",
        verbose_name=_("the county it is the authority of"),
    )
    serves = models.ManyToManyField(
        "municipalities.Municipality",
        blank=True,
        related_name="served_by",
        verbose_name=_("municipalities it serves"),
        help_text=_("Its units may be named in consents and join teams of these municipalities."),
    )

    class Meta:
        ordering = ["kind", "name"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind=OrganisationKind.MUNICIPALITY) & Q(municipality__isnull=False))
                | (~Q(kind=OrganisationKind.MUNICIPALITY) & Q(municipality__isnull=True)),
                name="organisation_municipality_matches_kind",
            ),
            models.CheckConstraint(
                condition=Q(county__isnull=True) | Q(kind=OrganisationKind.COUNTY_AUTHORITY),
                name="organisation_county_only_for_county_authority",
            ),
            models.UniqueConstraint(
                fields=["organisation_number"],
                condition=~Q(organisation_number=""),
                name="unique_organisation_number",
            ),
        ]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class Unit(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    municipality = models.ForeignKey(
        "municipalities.Municipality",
        on_delete=models.PROTECT,
        related_name="units",
        verbose_name=_("municipality"),
    )
    # Where the unit sits; the body it belongs to is `organisation` (a county's school sits in
    # one municipality and serves many).
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="units",
        verbose_name=_("organisation"),
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
