"""A unit leader's pages about their unit's work (`/units/<unit>/gaps/`): the list of
responsibility gaps and choosing a new coordinator. Beside the unit page of `people`, but in
`teams`, which knows the teams (docs/architecture.md#layers)."""

from django.urls import path

from teams.views import gaps

app_name = "gaps"

urlpatterns = [
    path("<uuid:unit_id>/gaps/", gaps.unit_gaps_page, name="unit"),
    path(
        "<uuid:unit_id>/gaps/teams/<uuid:team_id>/coordinator/",
        gaps.coordinator_choose,
        name="coordinator",
    ),
]
