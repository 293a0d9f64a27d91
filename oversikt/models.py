"""Figures for the overview: public statistics with their sources (loaded from
../shared/data/no, see `oversikt/statistics.toml`), and the shape later aggregate tables share.

Nothing here is personal data: a figure is a number for a whole municipality, county or the
country. The later indicator tables (counts from the work itself) build on `AggregateFigure`
and pass through `oversikt.suppression` before anyone sees them.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class RegionLevel(models.TextChoices):
    NATION = "nation", _("Country")
    COUNTY = "county", _("County")
    MUNICIPALITY = "municipality", _("Municipality")


class ValueUnit(models.TextChoices):
    PERCENT = "percent", _("per cent")
    COUNT = "count", _("number")
    POINTS = "points", _("percentage points")


class Topic(models.TextChoices):
    """What a figure is about; the page has one section per topic."""

    COMPLETION = "completion", _("Completion of upper secondary school")
    NEET = "neet", _("Young people outside work, education and training")
    CHILD_WELFARE = "child_welfare", _("Children with child welfare measures")
    LOW_INCOME = "low_income", _("Children in households with persistent low income")


class MissingSymbol(models.TextChoices):
    """Why a source gives no number: the symbols SSB and FHI use, and an empty field."""

    EMPTY = "", _("no number in the source")
    NOT_APPLICABLE = ".", _("cannot occur, or not applicable")
    NOT_AVAILABLE = "..", _("not available")
    NOT_YET = "...", _("not yet available")
    SUPPRESSED = ":", _("hidden by the source to protect privacy")


def _localised(row: models.Model, field: str) -> str:
    """The bokmål or English form of a text field (`<field>_nb`, `<field>_en`)."""
    language = (get_language() or "nb").split("-")[0]
    suffix = "en" if language == "en" else "nb"
    return str(getattr(row, f"{field}_{suffix}"))


class Source(models.Model):
    """One statistics file and where its numbers come from (publisher, table, address)."""

    key = models.SlugField(_("key"), max_length=60, unique=True)
    file_name = models.CharField(_("file"), max_length=200, unique=True)
    publisher_nb = models.CharField(_("publisher (bokmål)"), max_length=200)
    publisher_en = models.CharField(_("publisher (English)"), max_length=200)
    # The table's number in the publisher's statistics bank (SSB 14882, FHI 337); empty when
    # the numbers come from an article or a press release.
    table = models.CharField(_("table"), max_length=40, blank=True)
    title_nb = models.CharField(_("title (bokmål)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300)
    url = models.URLField(_("address"), max_length=500, blank=True)
    provenance_nb = models.TextField(_("how the file was made (bokmål)"))
    provenance_en = models.TextField(_("how the file was made (English)"))
    # SHA-256 of the file as last loaded: a file that has not changed is not read into rows.
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64)
    loaded_at = models.DateTimeField(_("loaded"))

    class Meta:
        ordering = ["key"]
        verbose_name = _("statistics source")
        verbose_name_plural = _("statistics sources")

    def __str__(self) -> str:
        return self.file_name

    @property
    def publisher(self) -> str:
        return _localised(self, "publisher")

    @property
    def title(self) -> str:
        return _localised(self, "title")

    @property
    def provenance(self) -> str:
        return _localised(self, "provenance")


class Series(models.Model):
    """One measure in a source file: what is counted, how, and in which unit."""

    key = models.SlugField(_("key"), max_length=60, unique=True)
    source = models.ForeignKey(
        Source, on_delete=models.CASCADE, related_name="series", verbose_name=_("source")
    )
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    name_nb = models.CharField(_("name (bokmål)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    definition_nb = models.TextField(_("definition (bokmål)"))
    definition_en = models.TextField(_("definition (English)"))
    limits_nb = models.TextField(_("what it cannot say (bokmål)"), blank=True)
    limits_en = models.TextField(_("what it cannot say (English)"), blank=True)
    unit = models.CharField(_("unit"), max_length=10, choices=ValueUnit.choices)
    decimals = models.PositiveSmallIntegerField(_("decimals shown"), default=1)

    class Meta:
        ordering = ["key"]
        verbose_name = _("statistics series")
        verbose_name_plural = _("statistics series")

    def __str__(self) -> str:
        return self.key

    @property
    def name(self) -> str:
        return _localised(self, "name")

    @property
    def definition(self) -> str:
        return _localised(self, "definition")

    @property
    def limits(self) -> str:
        return _localised(self, "limits")


class AggregateFigure(models.Model):
    """A number for a whole place and period: the nation, a county or a municipality.

    Shared by the public statistics and the later indicator tables. `region_code` and
    `region_name` are as the source gives them; `county` and `municipality` link to today's
    (2024) division where there is one. `older_division` marks a region from the county
    division before 2020 (Telemark before 2020 is not the same area as Telemark from 2024 in
    every case). A figure without `value` is missing, never zero. `numerator` and
    `denominator` are the counts behind a rate where the source gives them.
    """

    region_level = models.CharField(_("level"), max_length=12, choices=RegionLevel.choices)
    region_code = models.CharField(_("region code in the source"), max_length=100)
    region_name = models.CharField(_("region name in the source"), max_length=200)
    county = models.ForeignKey(
        "municipalities.County",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("county"),
    )
    municipality = models.ForeignKey(
        "municipalities.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("municipality"),
    )
    older_division = models.BooleanField(_("county division before 2020"), default=False)
    # "2014–2020" (a cohort), "2024" (a year) or "2021–2023" (a three-year period); the first
    # and last year make periods sortable.
    period = models.CharField(_("period"), max_length=20)
    period_start = models.PositiveSmallIntegerField(_("first year"))
    period_end = models.PositiveSmallIntegerField(_("last year"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=3, null=True, blank=True)
    numerator = models.PositiveIntegerField(_("numerator"), null=True, blank=True)
    denominator = models.PositiveIntegerField(_("denominator"), null=True, blank=True)

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        region_level=RegionLevel.MUNICIPALITY,
                        municipality__isnull=False,
                        county__isnull=True,
                    )
                    | Q(region_level=RegionLevel.COUNTY, municipality__isnull=True)
                    | Q(
                        region_level=RegionLevel.NATION,
                        municipality__isnull=True,
                        county__isnull=True,
                    )
                ),
                name="%(app_label)s_%(class)s_region_matches_level",
            ),
            models.CheckConstraint(
                condition=Q(period_start__lte=models.F("period_end")),
                name="%(app_label)s_%(class)s_period_in_order",
            ),
        ]


class Figure(AggregateFigure):
    """One published number from a statistics file, with the line it came from."""

    series = models.ForeignKey(
        Series, on_delete=models.CASCADE, related_name="figures", verbose_name=_("series")
    )
    # A part of the whole as the source names it ("Yrkesfag, gutter", "15–29 år"); empty for
    # the whole.
    breakdown = models.CharField(_("breakdown"), max_length=200, blank=True)
    missing_symbol = models.CharField(
        _("symbol for a missing value"), max_length=3, choices=MissingSymbol.choices, blank=True
    )
    # Where the source names an address for this very row (SSB's articles).
    url = models.URLField(_("address"), max_length=500, blank=True)
    line = models.PositiveIntegerField(_("line in the file"))
    # When this figure was first loaded or last changed; a run that changes nothing keeps it.
    loaded_at = models.DateTimeField(_("loaded"))

    class Meta(AggregateFigure.Meta):
        ordering = ["series", "region_level", "region_code", "period_start", "breakdown"]
        constraints = [
            *AggregateFigure.Meta.constraints,
            models.UniqueConstraint(
                fields=["series", "region_code", "period", "breakdown"],
                name="unique_figure_per_series_region_period",
            ),
        ]
        verbose_name = _("statistics figure")
        verbose_name_plural = _("statistics figures")

    def __str__(self) -> str:
        return f"{self.series_id} {self.region_code} {self.period} {self.breakdown}: {self.value}"


class WorkIndicator(AggregateFigure):
    """One count from the work in Laget for a place and a quarter, computed by the daily job
    (`oversikt.indicators.compute`); never computed on request, never about one person.

    `part` names a part of the cases (a level, a sector group, an age band, an answer); the
    empty part is all of them. `numerator` is the count itself, kept whole so that the job can
    suppress consistently; `hidden` says why it may not be shown (empty: it may). On the whole
    (part empty), `value` is the headline the indicator has – a rate in per cent, a median or
    a mean – or empty when it may not be shown (`value_hidden` says why). `denominator` is
    not used. The period is the quarter: `period` "2026-1", both years the quarter's year.
    """

    key = models.CharField(_("indicator"), max_length=40)
    part = models.CharField(_("part"), max_length=40, blank=True)
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    hidden = models.CharField(_("why the count is hidden"), max_length=12, blank=True)
    value_hidden = models.CharField(_("why the value is hidden"), max_length=12, blank=True)
    computed_at = models.DateTimeField(_("computed"))

    class Meta(AggregateFigure.Meta):
        ordering = ["key", "region_level", "region_code", "period_start", "quarter", "part"]
        constraints = [
            *AggregateFigure.Meta.constraints,
            models.UniqueConstraint(
                fields=["key", "part", "region_level", "region_code", "period"],
                name="unique_work_indicator",
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4), name="work_indicator_quarter"
            ),
        ]
        indexes = [
            models.Index(fields=["municipality", "key"]),
            models.Index(fields=["region_level", "county", "key"]),
        ]
        verbose_name = _("indicator from the work")
        verbose_name_plural = _("indicators from the work")

    def __str__(self) -> str:
        return f"{self.key} {self.part} {self.region_code} {self.period}: {self.numerator}"


class Programme(models.Model):
    """A follow-up programme (oppfølgingsprogram) of a Statsforvalter with some municipalities
    of the county: goals, agreed actions, meetings and experience notes.

    Nothing in a programme is about a child or any other person in the municipalities' care:
    the texts are about how the municipalities work together. Owners and participants are
    named as free text (work contacts). Written only through `oversikt.programme_services`,
    which audits every write."""

    county = models.ForeignKey(
        "municipalities.County",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("county"),
    )
    title = models.CharField(_("title"), max_length=200)
    municipalities = models.ManyToManyField(
        "municipalities.Municipality", related_name="+", verbose_name=_("municipalities")
    )
    created_by = models.ForeignKey(
        "people.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"))

    class Meta:
        ordering = ["county", "title"]
        constraints = [
            models.UniqueConstraint(fields=["county", "title"], name="unique_programme_title"),
        ]
        verbose_name = _("follow-up programme")
        verbose_name_plural = _("follow-up programmes")

    def __str__(self) -> str:
        return self.title


class ProgrammeEntry(models.Model):
    """What every record of a programme has: the programme, who wrote it and when."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="+", verbose_name=_("programme")
    )
    created_by = models.ForeignKey(
        "people.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("written by"),
    )
    created_at = models.DateTimeField(_("written"))

    class Meta:
        abstract = True


class ProgrammeGoal(ProgrammeEntry):
    """A goal of the programme, for one of its municipalities or (empty) for all of them."""

    municipality = models.ForeignKey(
        "municipalities.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("municipality"),
    )
    text = models.TextField(_("goal"))

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("programme goal")
        verbose_name_plural = _("programme goals")

    def __str__(self) -> str:
        return self.text[:60]


class ProgrammeAction(ProgrammeEntry):
    """An agreed action: what a municipality will do, by when, and who answers for it (a named
    person, as free text, in the municipality)."""

    municipality = models.ForeignKey(
        "municipalities.Municipality",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("municipality"),
    )
    text = models.TextField(_("action"))
    owner_name = models.CharField(_("responsible person"), max_length=200)
    due_on = models.DateField(_("due"))
    done_on = models.DateField(_("done"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("agreed action")
        verbose_name_plural = _("agreed actions")

    def __str__(self) -> str:
        return self.text[:60]


class ProgrammeMeeting(ProgrammeEntry):
    """A follow-up meeting: when, who took part (free text) and what was said."""

    held_on = models.DateField(_("date"))
    participants = models.TextField(_("participants"))
    notes = models.TextField(_("notes"))

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("follow-up meeting")
        verbose_name_plural = _("follow-up meetings")

    def __str__(self) -> str:
        return str(self.held_on)


class ExperienceNote(ProgrammeEntry):
    """What the programme has learnt. A shared note is read by the municipal leaders of every
    municipality in the county; an unshared one only by the analysts."""

    municipality = models.ForeignKey(
        "municipalities.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("about the municipality"),
    )
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("experience"))
    shared = models.BooleanField(_("shared with the county's municipalities"), default=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("experience note")
        verbose_name_plural = _("experience notes")

    def __str__(self) -> str:
        return self.title
