"""The models that hold personal data. Views and API modules must not query them directly
(`scripts/check_access_rules.py` enforces it); later apps add their models here."""

PERSONAL_DATA_MODELS = frozenset(
    {
        "people.User",
        "people.Membership",
        "people.AnalystAccess",
        "people.ApiToken",
        "audit.AccessEvent",
        "children.Child",
        "children.Guardian",
        "concerns.Concern",
        "concerns.ChildWelfareReport",
        "consents.Consent",
        "teams.Team",
        "teams.TeamMember",
        "teams.LogEntry",
        "teams.Meeting",
        "teams.Task",
        "teams.Handover",
        "teams.UnitInvitation",
        "teams.MeetingParticipant",
        "plans.Plan",
        "plans.Goal",
        "plans.Measure",
        "plans.Evaluation",
        "plans.Revision",
        "portal.HealthInformationChoice",
        "transitions.Transition",
        "transitions.ChecklistTick",
        "digest.Subscription",
    }
)
