"""Who may open the overview's statistics, and for which municipalities.

The statistics page shows aggregates only, never a person. It is for the state and regional
analysts (their county's municipalities, or every municipality for a national analyst) and the
municipal leaders (their own municipality). Anyone else gets 404, as for a page that is not
there.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404

from municipalities.models import County, Municipality
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
