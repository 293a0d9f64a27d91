"""Reading for the portal, always for one child after `portal.access.access_portal_child`, and
always through the viewer's eyes: for a guardian, health information the rules withhold is left
out here, so no page or export can show it by mistake."""

from portal.selectors.access_log import (
    access_log_events,
    access_log_page_for,
    access_log_rows,
)
from portal.selectors.consents import (
    ConsentPage,
    ConsentRow,
    UnitAsking,
    consent_for_portal,
    consent_page,
    unit_asking,
)
from portal.selectors.people import PortalEntry, portal_entries_for
from portal.selectors.team import (
    MeetingView,
    PlanView,
    TeamView,
    meeting_for_input,
    meeting_views,
    plan_views,
    team_views,
    teams_for_correction,
)

__all__ = [
    "ConsentPage",
    "ConsentRow",
    "MeetingView",
    "PlanView",
    "PortalEntry",
    "TeamView",
    "UnitAsking",
    "access_log_events",
    "access_log_page_for",
    "access_log_rows",
    "consent_for_portal",
    "consent_page",
    "meeting_for_input",
    "meeting_views",
    "plan_views",
    "portal_entries_for",
    "team_views",
    "teams_for_correction",
    "unit_asking",
]
