"""The demo history: six quarters of fictional work that make every indicator on the municipal
leader's page say something, with consistent dates, idempotent."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db.models import F, Max, Min
from django.urls import reverse
from django.utils import translation

from children.models import Child
from concerns.models import Concern, UnitMeasureEvaluation
from conftest import verified_client
from consents.models import Consent
from laget.demo_history import LEADER, PORSGRUNN, SKIEN, demo_history_seed
from oversikt.indicators.catalogue import INDICATORS
from oversikt.indicators.page import municipality_page
from people.models import User
from plans.models import Evaluation, Measure
from teams.models import Handover, Meeting, Team, UnitInvitation
from tests.factories import municipality
from units.demo import demo_units_seed

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 11, 20, 3, 0, tzinfo=ZoneInfo("Europe/Oslo"))


@pytest.fixture
def history():
    porsgrunn = municipality(PORSGRUNN)
    municipality(SKIEN)
    demo_units_seed()
    report = demo_history_seed(now=NOW)
    return porsgrunn, report


def test_every_indicator_has_figures_some_cells_are_hidden_and_the_dates_hold(history):
    porsgrunn, report = history
    assert report.indicators is not None
    assert report.indicators.municipalities == 2
    assert report.teams > 100
    with translation.override("en"):
        page = municipality_page(municipality=porsgrunn)
    assert [section.indicator.key for section in page.sections] == [i.key for i in INDICATORS]
    for section in page.sections:
        # Porsgrunn's own figure in two quarters at least: the headline, or the whole count.
        own = len(section.indicator.parts)
        shown = [
            row[0 if chart.kind == "line" else own]
            for chart in section.charts
            for row in chart.cells
            if row[0 if chart.kind == "line" else own].number is not None
        ]
        assert len(shown) >= 2, section.indicator.key
    # Porsgrunn's share of teams with a plan is shown in most of the six quarters (where
    # Skien's small cells would be given away through the county, it is not).
    plans = next(c for s in page.sections for c in s.charts if c.key == "teams_with_plan-trend")
    assert sum(row[0].number is not None for row in plans.cells[-6:]) >= 3
    # Small cells are hidden with their reason, so the page shows suppression at work.
    notes = {value.note for *_rest, value in page.values() if value.note}
    assert "hidden: fewer than 5" in notes
    with translation.override("en"):
        skien = municipality_page(municipality=municipality(SKIEN))
    teams = next(c for s in skien.sections for c in s.charts if c.key == "days_to_team-trend")
    assert any(row[0].note == "not shown: fewer than 20 cases" for row in teams.cells)

    # The dates are consistent, and none is in the future.
    assert not Team.objects.filter(opened_at__lt=F("concern__created_at")).exists()
    assert not Team.objects.filter(closed_at__lt=F("opened_at")).exists()
    assert not Team.objects.exclude(status="closed").exists()
    assert not Measure.objects.filter(starts_on__lt=F("plan__team__opened_at__date")).exists()
    latest = [
        Concern.objects.aggregate(m=Max("created_at"))["m"],
        Team.objects.aggregate(m=Max("closed_at"))["m"],
        Consent.objects.aggregate(m=Max("recorded_at"))["m"],
        Consent.objects.aggregate(m=Max("withdrawn_at"))["m"],
        Meeting.objects.aggregate(m=Max("starts_at"))["m"],
        Handover.objects.aggregate(m=Max("created_at"))["m"],
        UnitInvitation.objects.aggregate(m=Max("invited_at"))["m"],
        UnitMeasureEvaluation.objects.aggregate(m=Max("evaluated_at"))["m"],
    ]
    assert all(moment is not None and moment < NOW for moment in latest), latest
    assert Evaluation.objects.aggregate(m=Max("evaluated_on"))["m"] < NOW.date()
    oldest = Concern.objects.aggregate(m=Min("created_at"))["m"]
    assert oldest.date() >= datetime.date(2025, 7, 1)

    # The municipal leader of the demo sees it.
    leader = User.objects.get(username=LEADER)
    response = verified_client(leader).get(reverse("oversikt:municipality"))
    assert response.status_code == 200
    assert response.context["page"].municipality.number == PORSGRUNN


def test_running_it_again_adds_nothing(history):
    counts = (Child.objects.count(), Concern.objects.count(), Team.objects.count())
    again = demo_history_seed(now=NOW)
    assert (again.children, again.teams) == (0, 0)
    assert (Child.objects.count(), Concern.objects.count(), Team.objects.count()) == counts
    # Nothing new to count: the counting is left to the nightly job.
    assert again.indicators is None
