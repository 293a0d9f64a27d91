"""The team's work: opening a team, members, the log, meetings, tasks, hand-overs, closing.
Each function is one transaction and audits what it writes inside it.

One module per subject; the public names are re-exported here, so `from teams.services import
…` works for all of them."""

from teams.services.consent_jobs import (
    CONSENT_RENEWAL_NOTICE_DAYS,
    consent_authority_tasks_create,
    consent_renewal_tasks_create,
)
from teams.services.coordinator import coordinator_unit_uncovered, team_coordinator_choose
from teams.services.coverage import CoverageEnded, coverage_end, team_consent_withdraw
from teams.services.duties import team_duty_facts_set
from teams.services.handovers import (
    handover_propose,
    handover_respond,
    move_check,
    moved_members_leave,
)
from teams.services.lifecycle import team_close, team_open
from teams.services.log import log_note_add
from teams.services.meetings import (
    Invitees,
    meeting_input_record,
    meeting_minutes_record,
    meeting_participants_invite,
    meeting_plan,
)
from teams.services.members import (
    member_invite,
    member_join_active,
    member_leave,
    member_respond,
    unit_invitation_answer,
    unit_invite,
)
from teams.services.retention import RetentionResult, retention_apply
from teams.services.tasks import (
    task_complete,
    task_create,
    task_owner_change,
    task_reminders_send,
)

__all__ = [
    "CONSENT_RENEWAL_NOTICE_DAYS",
    "CoverageEnded",
    "Invitees",
    "RetentionResult",
    "consent_authority_tasks_create",
    "consent_renewal_tasks_create",
    "coordinator_unit_uncovered",
    "coverage_end",
    "handover_propose",
    "handover_respond",
    "log_note_add",
    "meeting_input_record",
    "meeting_minutes_record",
    "meeting_participants_invite",
    "meeting_plan",
    "member_invite",
    "member_join_active",
    "member_leave",
    "member_respond",
    "move_check",
    "moved_members_leave",
    "retention_apply",
    "task_complete",
    "task_create",
    "task_owner_change",
    "task_reminders_send",
    "team_close",
    "team_consent_withdraw",
    "team_coordinator_choose",
    "team_duty_facts_set",
    "team_open",
    "unit_invitation_answer",
    "unit_invite",
]
