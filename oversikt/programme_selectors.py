"""Reading the follow-up programmes: the list, one programme as its reader may see it, and
the experience notes shared with a county's municipalities. A fixed number of queries each."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from municipalities.models import County, Municipality
from oversikt.indicators.places import PlacesPage, places_page, quarter_default, quarters_stored
from oversikt.models import (
    ExperienceNote,
    Programme,
    ProgrammeAction,
    ProgrammeGoal,
    ProgrammeMeeting,
)

PROGRAMMES_PAGE_SIZE = 20
NOTES_PAGE_SIZE = 20
MEETINGS_SHOWN = 50


def programmes_list(
    *, county: County | None, led: QuerySet[Municipality] | None, page: str | int | None
) -> Page[Programme]:
    """The programmes of a county (an analyst), of every county (a national analyst, `county`
    None and `led` None), or of the municipalities a leader leads (`led`)."""
    found = Programme.objects.select_related("county").prefetch_related(
        Prefetch("municipalities", queryset=Municipality.objects.order_by("name"))
    )
    if led is not None:
        found = found.filter(municipalities__in=led).distinct()
    elif county is not None:
        found = found.filter(county=county)
    return Paginator(
        found.order_by("county__number", "title", "pk"), PROGRAMMES_PAGE_SIZE
    ).get_page(page)


def shared_notes(*, counties: Iterable[str], page: str | int | None) -> Page[ExperienceNote]:
    """The experience notes shared with the municipalities of these counties, newest first."""
    found = (
        ExperienceNote.objects.filter(shared=True, programme__county_id__in=list(counties))
        .select_related("programme__county", "municipality")
        .order_by("-created_at", "-pk")
    )
    return Paginator(found, NOTES_PAGE_SIZE).get_page(page)


@dataclass
class ProgrammeView:
    programme: Programme
    municipalities: list[Municipality]
    goals: list[ProgrammeGoal]
    actions: list[ProgrammeAction]
    meetings: list[ProgrammeMeeting]
    notes: list[ExperienceNote]
    comparison: PlacesPage


def programme_view(
    *,
    programme: Programme,
    municipality: Municipality | None,
    quarter: tuple[int, int] | None = None,
) -> ProgrammeView:
    """The programme as its reader sees it: everything for an analyst; for the leader of
    `municipality`, what is about that municipality or the whole programme, and the shared
    notes only. Its municipalities' indicators beside the county and the country."""
    municipalities = list(programme.municipalities.order_by("name"))
    about = Q(municipality__isnull=True) | Q(municipality=municipality)
    goals = ProgrammeGoal.objects.filter(programme=programme).select_related("municipality")
    actions = ProgrammeAction.objects.filter(programme=programme).select_related("municipality")
    notes = ExperienceNote.objects.filter(programme=programme).select_related("municipality")
    if municipality is not None:
        goals, actions = goals.filter(about), actions.filter(municipality=municipality)
        notes = notes.filter(shared=True)
    meetings = ProgrammeMeeting.objects.filter(programme=programme)[:MEETINGS_SHOWN]
    compared = [municipality] if municipality is not None else municipalities
    quarters = quarters_stored()
    if quarter is None or quarter not in quarters:
        quarter = quarter_default(quarters, timezone.localdate())
    return ProgrammeView(
        programme=programme,
        municipalities=municipalities,
        goals=list(goals),
        actions=list(actions),
        meetings=list(meetings),
        notes=list(notes),
        comparison=places_page(
            county=programme.county, municipalities=compared, quarter=quarter, quarters=quarters
        ),
    )
