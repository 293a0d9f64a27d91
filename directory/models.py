"""The directory "Hvem kan hjelpe?": Open Referral HSDS 3.0 with a Norwegian profile.

Field names follow HSDS 3.0 (../shared/standards/hsds-3.0/schema/) so import, export and the API
map one to one. The Norwegian profile adds: organisation number (scheme NO-BRC), service area by
municipality, the service's legal basis, access routes, a named owner and a last-reviewed date.
Ids are UUIDs, as HSDS requires.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.validators import validate_phone_number


def _id() -> models.UUIDField:
    return models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)


class Timestamped(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_modified = models.DateTimeField(_("last modified"), auto_now=True, db_index=True)

    class Meta:
        abstract = True


class Organization(Timestamped):
    id = _id()
    name = models.CharField(_("name"), max_length=250)
    alternate_name = models.CharField(_("alternate name"), max_length=250, blank=True)
    description = models.TextField(_("description"))
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    tax_status = models.CharField(_("tax status"), max_length=100, blank=True)
    tax_id = models.CharField(_("tax id"), max_length=100, blank=True)
    year_incorporated = models.PositiveSmallIntegerField(_("year founded"), null=True, blank=True)
    legal_status = models.CharField(_("legal status"), max_length=100, blank=True)
    logo = models.URLField(_("logo"), blank=True)
    uri = models.URLField(_("uri"), blank=True)
    parent_organization = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="children"
    )
    # Norwegian profile: the municipality the organisation belongs to (empty for national bodies),
    # and the Laget unit it is, when it is one.
    municipality = models.ForeignKey(
        "municipalities.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="directory_organizations",
        verbose_name=_("municipality"),
    )
    unit = models.OneToOneField(
        "units.Unit",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="directory_organization",
        verbose_name=_("unit"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class OrganizationIdentifier(models.Model):
    id = _id()
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="organization_identifiers"
    )
    identifier_scheme = models.CharField(_("scheme"), max_length=50, blank=True)
    identifier_type = models.CharField(_("type"), max_length=100)
    identifier = models.CharField(_("identifier"), max_length=100)

    class Meta:
        verbose_name = _("organisation identifier")
        verbose_name_plural = _("organisation identifiers")

    def __str__(self) -> str:
        return f"{self.identifier_scheme}:{self.identifier}"


class ServiceStatus(models.TextChoices):
    ACTIVE = "active", _("active")
    INACTIVE = "inactive", _("inactive")
    DEFUNCT = "defunct", _("defunct")
    TEMPORARILY_CLOSED = "temporarily closed", _("temporarily closed")


class LiveServiceManager(models.Manager["Service"]):
    """Services not withdrawn: what every page, search and list shows."""

    def get_queryset(self) -> models.QuerySet[Service]:
        return super().get_queryset().filter(deleted_at__isnull=True)


class Service(Timestamped):
    id = _id()
    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="services",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=250)
    alternate_name = models.CharField(_("alternate name"), max_length=250, blank=True)
    description = models.TextField(_("what the service does"), blank=True)
    url = models.URLField(_("web page"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ServiceStatus.choices, default=ServiceStatus.ACTIVE
    )
    interpretation_services = models.TextField(_("interpreter"), blank=True)
    application_process = models.TextField(_("how to get in"), blank=True)
    fees_description = models.TextField(_("fees"), blank=True)
    wait_time = models.CharField(_("typical waiting time"), max_length=200, blank=True)
    fees = models.CharField(_("fees (short)"), max_length=200, blank=True)
    accreditations = models.TextField(_("accreditations"), blank=True)
    eligibility_description = models.TextField(_("who it is for"), blank=True)
    minimum_age = models.PositiveSmallIntegerField(
        _("minimum age"), null=True, blank=True, validators=[MaxValueValidator(120)]
    )
    maximum_age = models.PositiveSmallIntegerField(
        _("maximum age"), null=True, blank=True, validators=[MaxValueValidator(120)]
    )
    assured_date = models.DateField(_("assured date"), null=True, blank=True)
    assurer_email = models.EmailField(_("assurer e-mail"), blank=True)
    licenses = models.TextField(_("licences"), blank=True)
    alert = models.TextField(_("alert"), blank=True)
    # Norwegian profile.
    is_national = models.BooleanField(_("national service"), default=False)
    legal_basis = models.CharField(
        _("legal basis"),
        max_length=250,
        blank=True,
        help_text=_("Law and section, e.g. opplæringsloven § 11-5."),
    )
    self_referral = models.BooleanField(_("you can contact the service yourself"), default=False)
    referral_from = models.CharField(
        _("referral from"),
        max_length=250,
        blank=True,
        help_text=_("Who can refer, e.g. GP, school, child welfare."),
    )
    expects_to_receive = models.TextField(
        _("what the service expects to receive"),
        blank=True,
        help_text=_("Shown to professionals only."),
    )
    internal_referral_route = models.TextField(
        _("internal referral route"), blank=True, help_text=_("Shown to professionals only.")
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_services",
        verbose_name=_("owner"),
    )
    last_reviewed = models.DateField(_("last reviewed"), null=True, blank=True)
    source = models.URLField(
        _("source"),
        blank=True,
        help_text=_("Where the facts about a national service were verified."),
    )
    # A withdrawn service stays as a tombstone (status inactive, this time set) so that an HSDS
    # sync with modified_after sees it go; `Service.objects` leaves tombstones out.
    deleted_at = models.DateTimeField(_("withdrawn"), null=True, blank=True, editable=False)

    # The default manager (the admin, the import, relations) sees tombstones too.
    all_objects = models.Manager()
    objects = LiveServiceManager()

    class Meta:
        default_manager_name = "all_objects"
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(minimum_age__isnull=True)
                | models.Q(maximum_age__isnull=True)
                | models.Q(minimum_age__lte=models.F("maximum_age")),
                name="service_age_range_in_order",
            )
        ]
        indexes = [
            # Every municipality's search includes the national services: keep them one hop away.
            models.Index(
                fields=["is_national"],
                condition=models.Q(is_national=True),
                name="directory_service_national",
            )
        ]
        verbose_name = _("service")
        verbose_name_plural = _("services")

    def __str__(self) -> str:
        return self.name


class LocationType(models.TextChoices):
    PHYSICAL = "physical", _("physical")
    POSTAL = "postal", _("postal")
    VIRTUAL = "virtual", _("virtual")


class Location(Timestamped):
    id = _id()
    location_type = models.CharField(
        _("type"), max_length=20, choices=LocationType.choices, default=LocationType.PHYSICAL
    )
    url = models.URLField(_("web address"), blank=True)
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, null=True, blank=True, related_name="locations"
    )
    name = models.CharField(_("name"), max_length=250, blank=True)
    alternate_name = models.CharField(_("alternate name"), max_length=250, blank=True)
    description = models.TextField(_("description"), blank=True)
    transportation = models.TextField(_("how to get there"), blank=True)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    external_identifier = models.CharField(_("external identifier"), max_length=100, blank=True)
    external_identifier_type = models.CharField(
        _("external identifier type"), max_length=100, blank=True
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("location")
        verbose_name_plural = _("locations")

    def __str__(self) -> str:
        return self.name or str(self.id)


class Address(models.Model):
    id = _id()
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="addresses")
    attention = models.CharField(_("attention"), max_length=250, blank=True)
    address_1 = models.CharField(_("address"), max_length=250)
    address_2 = models.CharField(_("address line 2"), max_length=250, blank=True)
    city = models.CharField(_("postal town"), max_length=100)
    region = models.CharField(_("region"), max_length=100, blank=True)
    state_province = models.CharField(_("county"), max_length=100)
    postal_code = models.CharField(_("postal code"), max_length=20)
    country = models.CharField(_("country"), max_length=2, default="NO")
    address_type = models.CharField(_("address type"), max_length=20, default="physical")

    class Meta:
        verbose_name = _("address")
        verbose_name_plural = _("addresses")

    def __str__(self) -> str:
        return f"{self.address_1}, {self.postal_code} {self.city}"


class ServiceAtLocation(Timestamped):
    id = _id()
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="service_at_locations"
    )
    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, related_name="service_at_locations"
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("service at location")
        verbose_name_plural = _("services at locations")

    def __str__(self) -> str:
        return f"{self.service} @ {self.location}"


class Contact(models.Model):
    """A contact person or a contact point. Professionals' pages show every contact; the public
    HSDS API and `export_hsds` only those the owner has marked `public` (a named member of staff
    is not public unless they are meant to be reached by anyone)."""

    id = _id()
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, null=True, blank=True, related_name="contacts"
    )
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, null=True, blank=True, related_name="contacts"
    )
    service_at_location = models.ForeignKey(
        ServiceAtLocation, on_delete=models.CASCADE, null=True, blank=True, related_name="contacts"
    )
    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, null=True, blank=True, related_name="contacts"
    )
    name = models.CharField(_("name"), max_length=250, blank=True)
    title = models.CharField(_("title"), max_length=250, blank=True)
    department = models.CharField(_("department"), max_length=250, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    public = models.BooleanField(
        _("public"),
        default=False,
        help_text=_(
            "Publish this contact in the open HSDS API and export. Leave it off for named staff "
            "who are contacts for professionals only."
        ),
    )

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self) -> str:
        return self.name or self.email or str(self.id)


class Phone(models.Model):
    id = _id()
    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, null=True, blank=True, related_name="phones"
    )
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, null=True, blank=True, related_name="phones"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, null=True, blank=True, related_name="phones"
    )
    contact = models.ForeignKey(
        Contact, on_delete=models.CASCADE, null=True, blank=True, related_name="phones"
    )
    service_at_location = models.ForeignKey(
        ServiceAtLocation, on_delete=models.CASCADE, null=True, blank=True, related_name="phones"
    )
    number = models.CharField(_("number"), max_length=50, validators=[validate_phone_number])
    extension = models.PositiveIntegerField(_("extension"), null=True, blank=True)
    type = models.CharField(_("type"), max_length=20, blank=True)
    description = models.CharField(_("description"), max_length=250, blank=True)

    class Meta:
        verbose_name = _("phone")
        verbose_name_plural = _("phones")

    def __str__(self) -> str:
        return self.number


class Schedule(models.Model):
    """Opening hours as HSDS (iCalendar RRULE fields) plus a plain-language description."""

    id = _id()
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, null=True, blank=True, related_name="schedules"
    )
    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, null=True, blank=True, related_name="schedules"
    )
    service_at_location = models.ForeignKey(
        ServiceAtLocation, on_delete=models.CASCADE, null=True, blank=True, related_name="schedules"
    )
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    dtstart = models.DateField(null=True, blank=True)
    timezone = models.FloatField(null=True, blank=True)
    until = models.DateField(null=True, blank=True)
    count = models.PositiveIntegerField(null=True, blank=True)
    wkst = models.CharField(max_length=2, blank=True)
    freq = models.CharField(max_length=10, blank=True)
    interval = models.PositiveIntegerField(null=True, blank=True)
    byday = models.CharField(max_length=50, blank=True)
    byweekno = models.CharField(max_length=50, blank=True)
    bymonthday = models.CharField(max_length=50, blank=True)
    byyearday = models.CharField(max_length=50, blank=True)
    description = models.TextField(_("opening hours"), blank=True)
    opens_at = models.TimeField(null=True, blank=True)
    closes_at = models.TimeField(null=True, blank=True)
    schedule_link = models.URLField(blank=True)
    attending_type = models.CharField(max_length=100, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")

    def __str__(self) -> str:
        return self.description or f"{self.byday} {self.opens_at}–{self.closes_at}"


class Language(models.Model):
    id = _id()
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, null=True, blank=True, related_name="languages"
    )
    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, null=True, blank=True, related_name="languages"
    )
    phone = models.ForeignKey(
        Phone, on_delete=models.CASCADE, null=True, blank=True, related_name="languages"
    )
    name = models.CharField(_("language"), max_length=100, blank=True)
    code = models.CharField(_("language code"), max_length=10, blank=True)
    note = models.CharField(_("note"), max_length=250, blank=True)

    class Meta:
        verbose_name = _("language")
        verbose_name_plural = _("languages")

    def __str__(self) -> str:
        return self.name or self.code


class ServiceArea(models.Model):
    id = _id()
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="service_areas")
    name = models.CharField(_("name"), max_length=250, blank=True)
    description = models.TextField(_("description"), blank=True)
    extent = models.TextField(_("extent"), blank=True)
    extent_type = models.CharField(_("extent type"), max_length=50, blank=True)
    uri = models.URLField(_("uri"), blank=True)
    # Norwegian profile: the municipality (kommunenummer) the area is, when it is one.
    municipality = models.ForeignKey(
        "municipalities.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="service_areas",
    )

    class Meta:
        verbose_name = _("service area")
        verbose_name_plural = _("service areas")

    def __str__(self) -> str:
        return self.name


class Funding(models.Model):
    id = _id()
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, null=True, blank=True, related_name="funding"
    )
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, null=True, blank=True, related_name="funding"
    )
    source = models.TextField(_("source"), blank=True)

    class Meta:
        verbose_name = _("funding")
        verbose_name_plural = _("funding")

    def __str__(self) -> str:
        return self.source


class CostOption(models.Model):
    id = _id()
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="cost_options")
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    option = models.CharField(_("option"), max_length=250, blank=True)
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    amount = models.DecimalField(
        _("amount"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    amount_description = models.CharField(_("amount description"), max_length=250, blank=True)

    class Meta:
        verbose_name = _("cost option")
        verbose_name_plural = _("cost options")

    def __str__(self) -> str:
        return self.option


class RequiredDocument(models.Model):
    id = _id()
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="required_documents"
    )
    document = models.TextField(_("document"), blank=True)
    uri = models.URLField(_("uri"), blank=True)

    class Meta:
        verbose_name = _("required document")
        verbose_name_plural = _("required documents")

    def __str__(self) -> str:
        return self.document


class Taxonomy(models.Model):
    id = _id()
    name = models.CharField(_("name"), max_length=250)
    description = models.TextField(_("description"))
    uri = models.URLField(_("uri"), blank=True)
    version = models.CharField(_("version"), max_length=50, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=250, blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("taxonomy")
        verbose_name_plural = _("taxonomies")

    def __str__(self) -> str:
        return self.name


class TaxonomyTerm(models.Model):
    id = _id()
    code = models.CharField(_("code"), max_length=100, blank=True, db_index=True)
    name = models.CharField(_("name"), max_length=250)
    description = models.TextField(_("description"))
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    taxonomy = models.ForeignKey(
        Taxonomy, on_delete=models.CASCADE, null=True, blank=True, related_name="terms"
    )
    # HSDS's free-text taxonomy name, kept for imported terms without a taxonomy object.
    taxonomy_name = models.CharField(_("taxonomy name"), max_length=250, blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    term_uri = models.URLField(_("term uri"), blank=True)
    name_en = models.CharField(_("name (English)"), max_length=250, blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)

    class Meta:
        ordering = ["taxonomy__name", "code", "name"]
        verbose_name = _("taxonomy term")
        verbose_name_plural = _("taxonomy terms")

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        """The name in the active language (bokmål, or English when chosen and known)."""
        return self.name_en if get_language() == "en" and self.name_en else self.name


class Attribute(models.Model):
    """Links a taxonomy term to any entity (HSDS's polymorphic attribute)."""

    id = _id()
    link_id = models.UUIDField(db_index=True)
    link_type = models.CharField(max_length=100, blank=True)
    link_entity = models.CharField(max_length=50, db_index=True)
    taxonomy_term = models.ForeignKey(
        TaxonomyTerm, on_delete=models.CASCADE, related_name="attributes"
    )
    value = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["link_entity", "link_id", "taxonomy_term"], name="unique_attribute_link"
            )
        ]
        verbose_name = _("attribute")
        verbose_name_plural = _("attributes")

    def __str__(self) -> str:
        return f"{self.link_entity}:{self.link_id} {self.taxonomy_term_id}"


class Collaboration(models.Model):
    """A "who does what" agreement: services that work together on one need."""

    id = _id()
    municipality = models.ForeignKey(
        "municipalities.Municipality", on_delete=models.PROTECT, related_name="collaborations"
    )
    title = models.CharField(_("title"), max_length=250)
    description = models.TextField(_("who does what"))
    services = models.ManyToManyField(Service, related_name="collaborations")
    need = models.ForeignKey(
        TaxonomyTerm,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="collaborations",
    )

    class Meta:
        ordering = ["title"]
        verbose_name = _("collaboration agreement")
        verbose_name_plural = _("collaboration agreements")

    def __str__(self) -> str:
        return self.title


class ThesaurusEntry(models.Model):
    """An everyday word or phrase ("deppa", "slått hjemme") and the needs it means.

    Data that administrators extend in the admin; search expands a query with it.
    """

    phrase = models.CharField(_("word or phrase"), max_length=100, unique=True)
    terms = models.ManyToManyField(
        TaxonomyTerm, related_name="thesaurus_entries", verbose_name=_("needs")
    )

    class Meta:
        ordering = ["phrase"]
        verbose_name = _("thesaurus entry")
        verbose_name_plural = _("thesaurus")

    def __str__(self) -> str:
        return self.phrase


class ClassificationStatus(models.TextChoices):
    SUGGESTED = "suggested", _("suggested")
    CONFIRMED = "confirmed", _("confirmed")
    REJECTED = "rejected", _("rejected")


class ServiceClassification(models.Model):
    """A need, sector or other term a service's own text points to (issue 18).

    Written on import, on edit and in bulk by directory.classify as *suggested*, with the words
    that triggered it; the owner confirms or rejects it. Search counts suggested and confirmed
    terms (confirmed weigh more) and never a rejected one. Classifying again keeps the owner's
    decisions and only refreshes suggestions.
    """

    id = _id()
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="classifications")
    taxonomy_term = models.ForeignKey(
        TaxonomyTerm, on_delete=models.CASCADE, related_name="classifications"
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ClassificationStatus.choices,
        default=ClassificationStatus.SUGGESTED,
    )
    triggers = models.CharField(_("triggering words"), max_length=500, blank=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("service classification")
        verbose_name_plural = _("service classifications")
        constraints = [
            models.UniqueConstraint(
                fields=["service", "taxonomy_term"], name="directory_classification_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.service_id} {self.taxonomy_term_id} {self.status}"
