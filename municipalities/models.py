"""Norwegian counties and municipalities (the 2024 division) and their population by age.

The municipality is the tenant: every row with personal data elsewhere carries one.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class County(models.Model):
    number = models.CharField(_("county number"), max_length=2, primary_key=True)
    name = models.CharField(_("official name"), max_length=200)
    name_norwegian = models.CharField(_("Norwegian name"), max_length=200)

    class Meta:
        ordering = ["number"]
        verbose_name = _("county")
        verbose_name_plural = _("counties")

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    number = models.CharField(_("municipality number"), max_length=4, primary_key=True)
    # Kartverket's official name with every language form in official order,
    # e.g. "Guovdageaidnu - Kautokeino".
    name = models.CharField(_("official name"), max_length=200)
    name_norwegian = models.CharField(_("Norwegian name"), max_length=200)
    name_ssb = models.CharField(_("name in SSB KLASS 131"), max_length=200)
    county = models.ForeignKey(
        County, on_delete=models.PROTECT, related_name="municipalities", verbose_name=_("county")
    )
    # None where the source has no value (1580 Haram did not exist 2020–2023).
    sami_administrative_area = models.BooleanField(
        _("in the Sami language administrative area"), null=True
    )
    note = models.TextField(_("note on the sources"), blank=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        """The name to show and to type: SSB's form where two municipalities share a name
        ("Herøy (Nordland)"), else the official one."""
        return self.name_ssb if "(" in self.name_ssb else self.name


class ParallelNameLanguage(models.TextChoices):
    NORTHERN_SAMI = "sme", _("Northern Sami")
    LULE_SAMI = "smj", _("Lule Sami")
    SOUTHERN_SAMI = "sma", _("Southern Sami")
    KVEN = "fkv", _("Kven")
    UNKNOWN = "", _("language not given in the sources")


class MunicipalityParallelName(models.Model):
    """An official Sami or Kven name that stands beside the Norwegian one."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="parallel_names"
    )
    name = models.CharField(_("name"), max_length=200)
    language = models.CharField(
        _("language"), max_length=3, choices=ParallelNameLanguage.choices, blank=True
    )

    class Meta:
        ordering = ["municipality", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"], name="unique_parallel_name_per_municipality"
            )
        ]
        verbose_name = _("parallel name")
        verbose_name_plural = _("parallel names")

    def __str__(self) -> str:
        return self.name


class PopulationByAge(models.Model):
    """Residents of one age (0–24) in a municipality on 1 January of a year (SSB table 07459)."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="population_by_age"
    )
    year = models.PositiveSmallIntegerField(_("as of 1 January"))
    age = models.PositiveSmallIntegerField(_("age"))
    count = models.PositiveIntegerField(_("residents"))

    class Meta:
        ordering = ["municipality", "year", "age"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "year", "age"], name="unique_population_per_age"
            ),
            models.CheckConstraint(condition=models.Q(age__lte=24), name="population_age_0_24"),
        ]
        verbose_name = _("population by age")
        verbose_name_plural = _("population by age")

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.year} age {self.age}: {self.count}"


class PopulationTotal(models.Model):
    """All residents of a municipality on 1 January of a year (SSB table 07459)."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="population_totals"
    )
    year = models.PositiveSmallIntegerField(_("as of 1 January"))
    count = models.PositiveIntegerField(_("residents"))

    class Meta:
        ordering = ["municipality", "year"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "year"], name="unique_population_total")
        ]
        verbose_name = _("population")
        verbose_name_plural = _("population")

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.year}: {self.count}"


class PostalCodeCategory(models.TextChoices):
    """How a postcode is used, as Bring's register says."""

    STREET = "G", _("street and place addresses")
    PO_BOX = "P", _("post office boxes")
    BOTH = "B", _("street addresses and post office boxes")
    SERVICE = "S", _("service postcode")
    SEVERAL = "F", _("several uses")


class PostalCode(models.Model):
    """A postcode with its place and primary municipality (Posten/Bring's register).

    A postcode may cover parts of several municipalities; the register names only the primary
    one, so a postcode tells where someone most likely lives, not for certain.
    """

    code = models.CharField(_("postcode"), max_length=4, primary_key=True)
    place = models.CharField(_("postal place"), max_length=200)
    # Svalbard (2100) and Jan Mayen (2211) are in the register but are not municipalities.
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="postal_codes",
        verbose_name=_("municipality"),
    )
    municipality_number = models.CharField(_("municipality number in the register"), max_length=4)
    category = models.CharField(_("category"), max_length=1, choices=PostalCodeCategory.choices)

    class Meta:
        ordering = ["code"]
        verbose_name = _("postcode")
        verbose_name_plural = _("postcodes")

    def __str__(self) -> str:
        return f"{self.code} {self.place}"
