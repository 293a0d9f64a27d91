"""Who may open the overview's statistics, and for which municipalities.

The statistics page shows aggregates only, never a person. It is for the state and regional
analysts (their county's municipalities, or every municipality for a national analyst) and the
municipal leaders (their own municipality). Anyone else gets 404, as for a page that is not
there.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from municipalities.models import County, Municipality
from oversikt.models import Programme
from people.models import User
from people.selectors import analyst_scope, municipalities_led


@dataclass(frozen=True)
class StatisticsAccess:
    """The municipalities the person may choose between, and the one shown first."""

    municipalities: QuerySet[Municipality]
    default: Municipality
    analyst_county: County | None
    is_analyst: bool


def access_statistics(user: User) -> StatisticsAccess:
    led = municipalities_led(user=user)
    is_analyst, county = analyst_scope(user=user)
    if is_analyst:
        municipalities = Municipality.objects.all()
        if county is not None:
            municipalities = municipalities.filter(county=county)
        # An analyst who also leads a municipality sees that one first.
        municipalities = (municipalities | led).distinct()
    else:
        municipalities = led
    municipalities = municipalities.select_related("county").order_by("number")
    default = led.select_related("county").first() or municipalities.first()
    if default is None:
        raise Http404
    return StatisticsAccess(
        municipalities=municipalities,
        default=default,
        analyst_county=county,
        is_analyst=is_analyst,
    )


@dataclass(frozen=True)
class StateAccess:
    """An analyst's side-by-side page: their county, or None for the whole country."""

    county: County | None


def access_state(user: User) -> StateAccess:
    """The places side by side are for the state and regional analysts only."""
    is_analyst, county = analyst_scope(user=user)
    if not is_analyst:
        raise Http404
    return StateAccess(county=county)


@dataclass(frozen=True)
class ProgrammesAccess:
    """Who reads which follow-up programmes: an analyst those of their county (and may start
    one) or every county's (national, read only); a municipal leader those of the
    municipalities they lead, and the shared notes of their counties."""

    county: County | None
    is_analyst: bool
    may_write: bool
    led: QuerySet[Municipality]


def access_programmes(user: User) -> ProgrammesAccess:
    is_analyst, county = analyst_scope(user=user)
    led = municipalities_led(user=user)
    if not is_analyst and not led.exists():
        raise Http404
    return ProgrammesAccess(
        county=county, is_analyst=is_analyst, may_write=is_analyst and county is not None, led=led
    )


@dataclass(frozen=True)
class ProgrammeAccess:
    """One programme: `municipality` is set for a municipal leader, who reads the part about
    their municipality and the shared notes only."""

    programme: Programme
    may_write: bool
    municipality: Municipality | None


def access_programme(user: User, programme_id: int, *, for_write: bool = False) -> ProgrammeAccess:
    """The programme, for the county's analyst (read and write), a national analyst (read)
    and the leader of one of its municipalities (read). Missing and not theirs: 404; a
    reader trying to write: 403."""
    is_analyst, county = analyst_scope(user=user)
    if is_analyst:
        found = Programme.objects.select_related("county")
        if county is not None:
            found = found.filter(county=county)
        programme = found.filter(pk=programme_id).first()
        if programme is None:
            raise Http404
        if for_write and county is None:
            raise PermissionDenied
        return ProgrammeAccess(programme=programme, may_write=county is not None, municipality=None)
    led = (
        Programme.municipalities.through.objects.filter(
            programme_id=programme_id, municipality__in=municipalities_led(user=user)
        )
        .select_related("programme__county", "municipality")
        .order_by("municipality__number")
        .first()
    )
    if led is None:
        raise Http404
    if for_write:
        raise PermissionDenied
    return ProgrammeAccess(programme=led.programme, may_write=False, municipality=led.municipality)
