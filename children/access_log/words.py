"""The words of the access log: what each purpose, kind of object, action and basis the
services write means, and dates and times as people write them. `rows.py` uses them."""

from __future__ import annotations

import datetime
from enum import StrEnum

from django.utils import dateformat, timezone
from django.utils.functional import Promise
from django.utils.translation import (
    get_language,
    gettext_lazy,
    gettext_noop,
    pgettext_lazy,
)

from audit.models import Action


class Audience(StrEnum):
    """Who reads the rows: the voice of the words depends on it ("your details")."""

    YOUNG_PERSON = "young_person"
    GUARDIAN = "guardian"
    STAFF = "staff"


# --- Vocabulary ---------------------------------------------------------------------------------

# Every purpose the services write, marked so that the catalogue has it; the rows show the
# translation. A purpose missing here is shown as written; audit/tests/test_presentation.py reads
# the code for the purposes it writes and fails on one missing here.
PURPOSES = (
    gettext_noop("work in the team around the child"),
    gettext_noop("reading the team page"),
    gettext_noop("reading the plan"),
    gettext_noop("printing the plan"),
    gettext_noop("reading consents"),
    gettext_noop("reading a meeting"),
    gettext_noop("reading a concern"),
    gettext_noop("reading the child's record"),
    gettext_noop("reading who has seen the child"),
    gettext_noop("reading the access log"),
    gettext_noop("registering a child for a concern"),
    gettext_noop("registering a guardian"),
    gettext_noop("raising a concern"),
    gettext_noop("following up a concern"),
    gettext_noop("follow-up of a concern"),
    gettext_noop("closing a concern"),
    gettext_noop("report of concern to child welfare"),
    gettext_noop("printing a report to child welfare"),
    gettext_noop("recording consent to share"),
    gettext_noop("withdrawing consent"),
    gettext_noop("checking whether information may be shared"),
    gettext_noop("the child passed an age limit for consent"),
    gettext_noop("reminding the coordinator that a consent ends"),
    gettext_noop("opening a team around the child"),
    gettext_noop("inviting a team member"),
    gettext_noop("answering an invitation"),
    gettext_noop("answering an invitation to a team"),
    gettext_noop("a member leaving the team"),
    gettext_noop("writing in the log"),
    gettext_noop("planning a meeting"),
    gettext_noop("recording the child's voice"),
    gettext_noop("writing minutes"),
    gettext_noop("recording a decision as a task"),
    gettext_noop("creating a task"),
    gettext_noop("completing a task"),
    gettext_noop("proposing a hand-over"),
    gettext_noop("answering a hand-over"),
    gettext_noop("starting a transition"),
    gettext_noop("answering a transition"),
    gettext_noop("working on a transition"),
    gettext_noop("reading the team's transitions"),
    gettext_noop("ticking off a transition's checklist"),
    gettext_noop("a deadline of a transition"),
    gettext_noop("flagging a declined or unanswered transition"),
    gettext_noop("the unit's incoming transitions"),
    gettext_noop("closing the team"),
    gettext_noop("making the shared plan"),
    gettext_noop("a measure in the own unit"),
    gettext_noop("checking who must consent"),
    gettext_noop("API: reading the team's unit invitations"),
    gettext_noop("inviting a unit"),
    gettext_noop("answering an invitation to a team for a unit"),
    gettext_noop("API: choosing a unit to invite"),
    gettext_noop("a unit no longer covered by consent leaves the team"),
    gettext_noop("giving a task a new owner"),
    gettext_noop("evaluating a measure in the own unit"),
    gettext_noop("adding a goal"),
    gettext_noop("changing a goal"),
    gettext_noop("adding a measure"),
    gettext_noop("changing a measure"),
    gettext_noop("evaluating a measure"),
    gettext_noop("deleting personal data after the retention period"),
    gettext_noop("re-encrypting identity numbers under the current keys"),
    gettext_noop("logging in to the portal"),
    gettext_noop("logging out of the portal"),
    gettext_noop("asking for a correction"),
    gettext_noop("giving consent in the portal"),
    gettext_noop("narrowing a consent in the portal"),
    gettext_noop("the young person chooses who sees their health information"),
    gettext_noop("recording the young person's wish about health information"),
    gettext_noop("API: reading the child's record"),
    gettext_noop("API: reading a concern"),
    gettext_noop("API list of concerns"),
    gettext_noop("API list of teams"),
    gettext_noop("API: reading the team"),
    gettext_noop("API: reading the team's members"),
    gettext_noop("API: choosing whom to invite"),
    gettext_noop("API: reading the log"),
    gettext_noop("API: reading the meetings"),
    gettext_noop("API: reading the tasks"),
    gettext_noop("API: reading the plan"),
    gettext_noop("API: reading a goal"),
    gettext_noop("API: reading a measure"),
    gettext_noop("API: reading consents"),
    gettext_noop("recording child welfare's receipt of a report"),
    gettext_noop("following up the unit's responsibility gaps"),
    gettext_noop("following up young people handed to the follow-up service"),
    gettext_noop("choosing a new coordinator as the unit's leader"),
    gettext_noop("the coordinator's unit is no longer covered by consent"),
    gettext_noop("moving the case to the new home municipality"),
    gettext_noop("ending the transition period after a move"),
    gettext_noop("reading the facts behind the legal duties"),
    gettext_noop("a change in the law that affects the child entered into force"),
    gettext_noop("loading the grant catalogue"),
)

# What an event was about, in words; the child's own record depends on who reads.
OBJECT_TYPES: dict[str, str] = {
    "guardian": gettext_noop("a guardian's details"),
    "concern": gettext_noop("a concern"),
    "welfare_report": gettext_noop("a report to child welfare"),
    "team": gettext_noop("the team"),
    "team_member": gettext_noop("who is on the team"),
    "members": gettext_noop("who is on the team"),
    "team_invitation": gettext_noop("an invitation to the team"),
    "candidates": gettext_noop("who can be invited"),
    "log": gettext_noop("the log"),
    "log_entry": gettext_noop("the log"),
    "meeting": gettext_noop("a meeting"),
    "meetings": gettext_noop("the meetings"),
    "task": gettext_noop("a task"),
    "tasks": gettext_noop("the tasks"),
    "handover": gettext_noop("a new coordinator"),
    "consent": gettext_noop("a consent"),
    "consents": gettext_noop("the consents"),
    "sharing": gettext_noop("sharing information"),
    "plan": gettext_noop("the plan"),
    "unit_measure": gettext_noop("a measure in the unit"),
    "goal": gettext_noop("a goal"),
    "measure": gettext_noop("something the team does"),
    "evaluation": gettext_noop("a check of how it is going"),
    "health_information_choice": gettext_noop("who sees health information"),
    "audit log": gettext_noop("who has seen the information"),
    "portal": gettext_noop("the portal"),
    "portal_team": gettext_noop("the team, in the portal"),
    "portal_plan": gettext_noop("the plan, in the portal"),
    "portal_meetings": gettext_noop("the meetings, in the portal"),
    "portal_consents": gettext_noop("the consents, in the portal"),
    "portal_access_log": gettext_noop("who has seen it, in the portal"),
    "portal_privacy": gettext_noop("health information, in the portal"),
    "portal_correction": gettext_noop("the page for corrections, in the portal"),
    "unit_gaps": gettext_noop("the unit's responsibility gaps"),
    "follow_up_list": gettext_noop("the follow-up service's work list"),
    "transition": gettext_noop("a transition to another service"),
    "transitions": gettext_noop("the team's transitions"),
    "unit_transitions": gettext_noop("the unit's incoming transitions"),
    "case move": gettext_noop("the case, moving to another municipality"),
}

ACTIONS: dict[str, Promise] = {
    Action.READ: pgettext_lazy("access log", "looked at"),
    Action.CREATE: pgettext_lazy("access log", "added"),
    Action.UPDATE: gettext_lazy("changed"),
    Action.DELETE: pgettext_lazy("access log", "deleted"),
    Action.EXPORT: pgettext_lazy("access log", "printed or downloaded"),
}

# Whole phrases where verb + object would read badly.
PHRASES: dict[tuple[str, str], Promise] = {
    (Action.LOGIN, "portal"): pgettext_lazy("access log", "logged in to the portal"),
    (Action.LOGOUT, "portal"): pgettext_lazy("access log", "logged out of the portal"),
    (Action.EXPORT, "export_json"): pgettext_lazy("access log", "downloaded everything as data"),
    (Action.EXPORT, "export_pdf"): pgettext_lazy("access log", "downloaded everything as a PDF"),
    (Action.EXPORT, "plan"): pgettext_lazy("access log", "printed the plan"),
    (Action.EXPORT, "sharing"): pgettext_lazy("access log", "shared information with a service"),
    (Action.EXPORT, "welfare_report"): pgettext_lazy(
        "access log", "printed a report to child welfare"
    ),
    (Action.CREATE, "welfare_report"): pgettext_lazy(
        "access log", "sent a report to child welfare"
    ),
    (Action.MOVED_OUT, "case move"): pgettext_lazy(
        "access log", "moved the case to another municipality"
    ),
    (Action.MOVED_IN, "case move"): pgettext_lazy(
        "access log", "received the case from another municipality"
    ),
}

DUTY_TO_REPORT = pgettext_lazy("access log", "duty to report to child welfare")
DANGER = pgettext_lazy("access log", "to avert danger to the child's life or health")

# Legal references the services write, by what they mean.
CITATIONS: dict[str, Promise] = {
    "barnevernsloven § 13-2": DUTY_TO_REPORT,
    "helsepersonelloven § 33": DUTY_TO_REPORT,
    "helsepersonelloven § 33; barnevernsloven § 13-2": DUTY_TO_REPORT,
    "straffeloven § 196; forvaltningsloven § 13 b": DANGER,
    "helsepersonelloven § 23 nr. 4; straffeloven § 196": DANGER,
    "forvaltningsloven § 13 a nr. 2": pgettext_lazy(
        "access log", "discussed without saying who the child is"
    ),
    "pasient- og brukerrettighetsloven § 3-4": pgettext_lazy(
        "access log", "the rules on who is told about a young person's health"
    ),
}

# The bases written as words (portal.access, people, children, concerns, plans, teams).
OWN_DATA_BASIS = "own data (personopplysningsloven / GDPR art. 15)"
GUARDIAN_BASIS = "parental responsibility (barneloven § 30, GDPR art. 15)"
MEMBER_WITH_CONSENT = "team member with consent"
BASES: dict[str, Promise] = {
    "own unit": pgettext_lazy("access log", "the concern is in their own unit"),
    "duty to report": DUTY_TO_REPORT,
    "consent": gettext_lazy("a consent"),
    MEMBER_WITH_CONSENT: pgettext_lazy("access log", "a member of the team, with consent"),
    "ID-porten": pgettext_lazy("access log", "logged in with ID-porten"),
    "security of processing (GDPR art. 32)": pgettext_lazy(
        "access log", "keeping the information safe"
    ),
    "leader of the unit": pgettext_lazy("access log", "the leader of the unit"),
    "staff of the follow-up service": pgettext_lazy("access log", "works in the follow-up service"),
    "leader of the coordinator's unit": pgettext_lazy(
        "access log", "the leader of the coordinator's unit"
    ),
    "works in the unit": pgettext_lazy("access log", "works in the unit"),
    "the team's coordinator and the sending unit's leader follow up": pgettext_lazy(
        "access log", "the coordinator and the sending unit's leader follow up a transition"
    ),
    "end of the transition period in the consent": pgettext_lazy(
        "access log", "the transition period in the consent ended"
    ),
}
OWN_DATA_WORDS = {
    Audience.YOUNG_PERSON: pgettext_lazy("access log", "your right to see your own information"),
    Audience.GUARDIAN: pgettext_lazy(
        "access log", "the young person's right to see their own information"
    ),
    Audience.STAFF: pgettext_lazy(
        "access log", "the young person's right to see their own information"
    ),
}
GUARDIAN_WORDS = {
    Audience.YOUNG_PERSON: pgettext_lazy(
        "access log", "a parent's right to see their child's information"
    ),
    Audience.GUARDIAN: pgettext_lazy("access log", "your right as a parent to see the information"),
    Audience.STAFF: pgettext_lazy(
        "access log", "a parent's right to see their child's information"
    ),
}
RETENTION_PURPOSE = "deleting personal data after the retention period"
RETENTION_WORDS = pgettext_lazy("access log", "the rules on how long information is kept")

# Laget's own jobs, by the label they write.
JOBS = {"retention job", "identity number rotation", "anchor job", ""}


# --- Time -------------------------------------------------------------------------------------

# "13. nov. 2026 kl. 14.05" and "13.11.2026" in Norwegian; English has its own order.
_WHEN_FORMATS = {"en": "j M Y, H:i"}
_WHEN_NORWEGIAN = r"j. N Y \k\l. H.i"
_DAY_FORMATS = {"en": "j M Y"}
_DAY_NORWEGIAN = "j.n.Y"
_LONG_DAY_FORMATS = {"en": "j F Y"}
_LONG_DAY_NORWEGIAN = "j. F Y"


def _language() -> str:
    return (get_language() or "nb").split("-")[0]


def when_text(moment: datetime.datetime) -> str:
    """A moment in local time (Europe/Oslo), as people write it: "13. nov. 2026 kl. 14.05"."""
    return dateformat.format(
        timezone.localtime(moment), _WHEN_FORMATS.get(_language(), _WHEN_NORWEGIAN)
    )


def day_text(day: datetime.date) -> str:
    """A date as people write it: "13.11.2026"."""
    return dateformat.format(day, _DAY_FORMATS.get(_language(), _DAY_NORWEGIAN))


def long_day_text(day: datetime.date) -> str:
    """A date written out, as in a letter: "12. november 2026"."""
    return dateformat.format(day, _LONG_DAY_FORMATS.get(_language(), _LONG_DAY_NORWEGIAN))
