"""Pages about a unit's work: a unit leader's list of responsibility gaps and choosing a new
coordinator (`/units/<unit>/gaps/`), and the follow-up service's work list
(`/units/<unit>/follow-up/`). Beside the unit page of `people`, but in
`teams`, which knows the teams (docs/architecture.md#layers)."""

from django.urls import path

from teams.views import follow_up, gaps

app_name = "gaps"

urlpatterns = [
    path("<uuid:unit_id>/gaps/", gaps.unit_gaps_page, name="unit"),
    path("<uuid:unit_id>/follow-up/", follow_up.follow_up_page, name="follow_up"),
    path(
        "<uuid:unit_id>/gaps/teams/<uuid:team_id>/coordinator/",
        gaps.coordinator_choose,
        name="coordinator",
    ),
]
