"""The indicators from the work, one by one: what each counts, its parts and its headline.
`docs/indicators.md` describes each with its definition and what it can and cannot say."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from units.models import Sector

# How an indicator's headline is made from its counts.
COUNTS = "counts"  # the counts alone
RATE = "rate"  # the first part's share of the whole, in per cent
MEDIAN = "median"  # the median of a number per case (days)
MEAN = "mean"  # the mean of a number per case (sectors)

# Quarters kept and shown: three years.
QUARTERS_KEPT = 12
# Hand-overs and unit invitations are unanswered when still open after this many days.
UNANSWERED_DAYS = 14
# An evaluation up to this many days before the evaluation date counts as made for it.
EVALUATION_EARLY_DAYS = 30


@dataclass(frozen=True)
class Indicator:
    key: str
    kind: str
    title: Promise
    counted: Promise  # what one case is, for the table's whole ("concerns")
    parts: tuple[tuple[str, Promise], ...] = ()
    # Indicators over the same cases share their whole (concerns by level and by sector).
    family: str = ""
    unit: Promise | None = None  # of a median or a mean ("days")

    @property
    def family_key(self) -> str:
        return self.family or self.key


# Sectors of the raising unit, in groups big enough to count in a small municipality.
SECTOR_GROUPS: dict[str, tuple[Promise, tuple[str, ...]]] = {
    "school": (
        _("Kindergarten and school"),
        (
            Sector.KINDERGARTEN,
            Sector.PRIMARY_SCHOOL,
            Sector.LOWER_SECONDARY,
            Sector.UPPER_SECONDARY,
            Sector.APPRENTICESHIP,
        ),
    ),
    "health": (
        _("Health services"),
        (Sector.HEALTH_STATION, Sector.MENTAL_HEALTH, Sector.SPECIALIST_BUP),
    ),
    "child_welfare": (_("Child welfare service"), (Sector.CHILD_WELFARE,)),
    "nav": (_("NAV and the follow-up service"), (Sector.NAV, Sector.FOLLOW_UP_SERVICE)),
    "other": (
        _("Other services"),
        (
            Sector.PPT,
            Sector.REFUGEE,
            Sector.CULTURE_LEISURE,
            Sector.POLICE_SLT,
            Sector.STATPED,
            Sector.FAMILY_COUNSELLING,
            Sector.OTHER,
        ),
    ),
}
SECTOR_GROUP_OF = {
    sector: group for group, (_l, sectors) in SECTOR_GROUPS.items() for sector in sectors
}

# The rights engine's ages: heard from 12 (and earlier), own say over much from 15, of age at 18.
AGE_BANDS: tuple[tuple[str, Promise, int], ...] = (
    ("0-11", _("0–11 years"), 0),
    ("12-14", _("12–14 years"), 12),
    ("15-17", _("15–17 years"), 15),
    ("18+", _("18 years and older"), 18),
)
AGE_PARTS = tuple((key, label) for key, label, _start in AGE_BANDS)

ANSWERS = (
    ("accepted", pgettext_lazy("hand-over", "Accepted")),
    ("declined", pgettext_lazy("hand-over", "Declined")),
    ("unanswered", _("Unanswered after 14 days")),
    ("waiting", _("Waiting, under 14 days")),
)
YES_NO = (("yes", _("Yes")), ("no", _("No")))

INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        "concerns_level",
        COUNTS,
        _("Concerns raised, by level"),
        _("Concerns"),
        parts=(
            ("0", _("Level 0")),
            ("1", _("Level 1")),
            ("2", _("Level 2")),
            ("3", _("Level 3")),
        ),
        family="concerns",
    ),
    Indicator(
        "concerns_sector",
        COUNTS,
        _("Concerns raised, by the sector of the unit that raised them"),
        _("Concerns"),
        parts=tuple((key, label) for key, (label, _sectors) in SECTOR_GROUPS.items()),
        family="concerns",
    ),
    Indicator(
        "days_to_measure",
        MEDIAN,
        _("Days from concern to the first measure (median)"),
        _("Concerns that got a first measure"),
        unit=_("days"),
    ),
    Indicator(
        "days_to_team",
        MEDIAN,
        _("Days from concern to team (median)"),
        _("Teams opened"),
        unit=_("days"),
    ),
    Indicator(
        "sectors_per_team",
        MEAN,
        _("Sectors per team (mean)"),
        _("Teams opened"),
        unit=_("sectors"),
    ),
    Indicator(
        "teams_with_plan",
        RATE,
        _("Teams with a plan"),
        _("Teams opened"),
        parts=(("yes", _("With a plan")), ("no", _("Without a plan"))),
    ),
    Indicator(
        "goals_childs_words",
        RATE,
        _("Goals in the child's own words"),
        _("Goals in the plans"),
        parts=(("yes", _("In the child's own words")), ("no", _("In other words"))),
    ),
    Indicator(
        "child_view_meetings",
        RATE,
        _("Meetings with the child's view recorded beforehand"),
        _("Meetings held"),
        parts=(("yes", _("The child's view recorded")), ("no", _("Not recorded"))),
    ),
    Indicator(
        "measures_evaluated",
        RATE,
        _("Measures evaluated by their evaluation date"),
        _("Measures due for evaluation"),
        parts=(
            ("on_time", _("Evaluated by the date")),
            ("late", _("Evaluated later")),
            ("none", _("Not evaluated")),
        ),
    ),
    Indicator(
        "handovers",
        RATE,
        _("Hand-overs of the coordinator role accepted"),
        _("Hand-overs proposed"),
        parts=ANSWERS,
    ),
    Indicator(
        "unit_invitations",
        RATE,
        _("Invitations to units accepted"),
        _("Units invited"),
        parts=ANSWERS,
    ),
    Indicator(
        "consents_given",
        COUNTS,
        _("Consents given, by the child's age"),
        _("Consents given"),
        parts=AGE_PARTS,
    ),
    Indicator(
        "consents_withdrawn",
        COUNTS,
        _("Consents withdrawn, by the child's age"),
        _("Consents withdrawn"),
        parts=AGE_PARTS,
    ),
    Indicator(
        "welfare_deadlines",
        RATE,
        _("Deadlines of reports to child welfare met"),
        _("Deadlines due"),
        parts=(
            ("met", _("Done by the deadline")),
            ("late", _("Done after the deadline")),
            ("open", _("Not done, past the deadline")),
        ),
    ),
)
BY_KEY = {indicator.key: indicator for indicator in INDICATORS}
