"""Who may open a municipality's grant programme and the aggregates.

A municipality's grants are for its municipal leaders and administrators (both record them);
the aggregates per county and scheme for the state and regional analysts (their county, or the
whole country). Anyone else – another municipality's leader included – gets 404, as for a page
that is not there. The catalogue is public and needs no helper.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404

from grants.models import GrantReport
from municipalities.models import County, Municipality
from people.models import MUNICIPAL_ROLES, User
from people.selectors import analyst_scope, memberships_active


def grant_municipalities(user: User) -> QuerySet[Municipality]:
    """The municipalities whose grant programme the person keeps: those they lead or
    administer today."""
    if not user.is_authenticated or not user.is_active:
        return Municipality.objects.none()
    return Municipality.objects.filter(
        pk__in=memberships_active(user=user).filter(role__in=MUNICIPAL_ROLES).values("municipality")
    ).order_by("name")


@dataclass(frozen=True)
class ProgrammeAccess:
    """The municipality shown, and every one the person may choose between."""

    municipality: Municipality
    municipalities: QuerySet[Municipality]


def access_grant_programme(user: User, number: str | None) -> ProgrammeAccess:
    """The programme of municipality `number` (or the person's first), for its leaders and
    administrators; missing and not theirs alike: 404."""
    mine = grant_municipalities(user)
    found = (mine.filter(number=number) if number else mine).select_related("county").first()
    if found is None:
        raise Http404
    return ProgrammeAccess(municipality=found, municipalities=mine)


def access_grant_report(user: User, report_id: int) -> GrantReport:
    """A report owed on a grant of one of the person's municipalities (to mark it sent)."""
    report = (
        GrantReport.objects.filter(pk=report_id, grant__municipality__in=grant_municipalities(user))
        .select_related("grant__municipality", "grant__scheme")
        .first()
    )
    if report is None:
        raise Http404
    return report


@dataclass(frozen=True)
class AggregatesAccess:
    county: County | None


def access_grant_aggregates(user: User) -> AggregatesAccess:
    """The aggregates are for analysts only: their county, or the country (county None)."""
    is_analyst, county = analyst_scope(user=user)
    if not is_analyst:
        raise Http404
    return AggregatesAccess(county=county)
