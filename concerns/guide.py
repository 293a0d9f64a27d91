"""The BTI action guide's default levels, used where a municipality has not written its own.

Texts follow the BTI model as Helsedirektoratet and Udir describe it ("bedre tverrfaglig
innsats", https://www.helsedirektoratet.no/veiledere/samarbeid-om-tjenester-til-barn-unge-og-deres-familier)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from concerns.models import Level


@dataclass(frozen=True)
class GuideLevel:
    level: int
    title: str | Promise
    description: str | Promise
    steps: tuple[str | Promise, ...]
    checklist: tuple[str | Promise, ...]
    routines: str | Promise = ""


DEFAULT_LEVELS: tuple[GuideLevel, ...] = (
    GuideLevel(
        level=Level.WONDERING,
        title=_("Level 0: wondering or concern"),
        description=_(
            "You wonder about a child or young person, or someone has told you they are worried. "
            "Find out more before you decide what to do."
        ),
        steps=(
            _("Write down what you have seen and heard, with dates."),
            _("Talk with the child or young person about what you have noticed."),
            _("Talk with the guardians, unless that would put the child at risk."),
            _("Discuss the concern anonymously with your leader or a colleague."),
            _("Decide: no action, action in your own unit (level 1), or report to child welfare."),
        ),
        checklist=(
            _("Is the child in danger now? Call 112, 113 or the child welfare emergency service."),
            _("Does the duty to report to child welfare apply?"),
            _("Has the child been heard?"),
        ),
    ),
    GuideLevel(
        level=Level.OWN_UNIT,
        title=_("Level 1: action in the own unit"),
        description=_(
            "Your own unit tries measures with the child and the family, and follows up. "
            "The concern stays inside your unit."
        ),
        steps=(
            _("Agree with the child and the guardians what you will try."),
            _("Name a responsible person (stafettholder)."),
            _("Set a date to evaluate the measures."),
            _("Evaluate: close, continue, or move to level 2 with consent."),
        ),
        checklist=(
            _("Is the child's own view written down?"),
            _("Are the guardians' views written down?"),
            _("Is there an evaluation date?"),
        ),
    ),
    GuideLevel(
        level=Level.COLLABORATION,
        title=_("Level 2: collaboration with other services"),
        description=_(
            "Other services are needed. With consent, a team is formed with a coordinator, and "
            "the team makes a shared plan."
        ),
        steps=(
            _("Ask for consent to share with the services that are needed."),
            _("Open a team and name the coordinator."),
            _("Invite members from the other services."),
            _("Make a shared plan with goals in the child's own words."),
            _("Hold meetings, follow up tasks and evaluate the measures."),
        ),
        checklist=(
            _("Does the consent cover every unit on the team?"),
            _("Has the child been heard before each meeting?"),
            _("Does every measure have a responsible person and an evaluation date?"),
        ),
    ),
    GuideLevel(
        level=Level.COORDINATED,
        title=_("Level 3: extensive coordinated effort"),
        description=_(
            "The child needs long-lasting, coordinated services. The team has a coordinator and "
            "a plan; consider an individual plan (IP)."
        ),
        steps=(
            _("Consider an individual plan and a coordinator under the health and care law."),
            _("Agree who does what, and put it in the plan."),
            _("Plan transitions in good time (school, 18 years, moving)."),
            _("Evaluate the plan at least twice a year."),
        ),
        checklist=(
            _("Is there a hand-over plan for the next transition?"),
            _("Is the plan period and the next evaluation date set?"),
        ),
    ),
)
