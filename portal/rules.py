"""What a guardian may see in the portal, decided by the rights engine (rights/rules/*.toml).

Two questions, both answered by `rights.selectors.rights_for`:

- Are the guardians told at all? Family law, "be informed": from 18 only the young person is,
  so from 18 a guardian sees nothing in the portal (vergemålsloven § 2: majority at 18).
- Are the guardians told about health? Health, "be informed" (pasient- og
  brukerrettighetsloven § 3-4): under 12 they are; from 12 to 15 the child may ask that
  health information is withheld from them (the child is *asked*); from 16 the young person
  decides (weight *decides*), so it is withheld unless they share it; from 18 they are not told.

Health information is what a health service holds: measures run by a unit in a health sector,
their evaluations, the team members acting for such a unit, and consents that cover the kind
"health".
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext as _

from rights.selectors import RightsAnswer, domain_of_sector, rights_for
from rights.table import Domain, Party, Weight


class HealthMode(StrEnum):
    SHOWN = "shown"  # under 12: the guardians are told
    WITHHOLD_ON_REQUEST = "withhold_on_request"  # 12–15: unless the child asks otherwise
    HIDDEN_UNLESS_SHARED = "hidden_unless_shared"  # 16–17: only if the young person shares
    NOT_INFORMED = "not_informed"  # 18 and older


def health_mode(answer: RightsAnswer) -> HealthMode:
    if Party.GUARDIANS not in answer.informed:
        return HealthMode.NOT_INFORMED
    if answer.weight == Weight.DECIDES:
        return HealthMode.HIDDEN_UNLESS_SHARED
    if Party.CHILD in answer.asked:
        return HealthMode.WITHHOLD_ON_REQUEST
    return HealthMode.SHOWN


@dataclass(frozen=True)
class HealthView:
    """Whether the guardians see the child's health information today, and why."""

    age: int
    answer: RightsAnswer
    mode: HealthMode
    # The young person's choice under the rule in force, if they made one.
    choice: str | None

    @property
    def hidden_from_guardians(self) -> bool:
        if self.mode == HealthMode.SHOWN:
            return False
        if self.mode == HealthMode.WITHHOLD_ON_REQUEST:
            return self.choice == "withhold"
        if self.mode == HealthMode.HIDDEN_UNLESS_SHARED:
            return self.choice != "share"
        return True

    @property
    def young_person_may_choose(self) -> bool:
        return self.mode in (HealthMode.WITHHOLD_ON_REQUEST, HealthMode.HIDDEN_UNLESS_SHARED)

    @property
    def rule_id(self) -> str:
        return self.answer.rule.id

    @property
    def statutes(self) -> str:
        return ", ".join(statute.citation for statute in self.answer.statutes)

    def guardian_note(self, *, name: str) -> str:
        """For the guardian, in plain words: why some information is not shown (never what)."""
        if self.mode == HealthMode.WITHHOLD_ON_REQUEST:
            text = _(
                "Some information about %(name)s's health is not shown here. From 12 to 15, a "
                "child can ask that health information is not given to the parents, and "
                "%(name)s has asked for that. What you need to know to take care of %(name)s, "
                "the health service still tells you."
            )
        elif self.mode == HealthMode.HIDDEN_UNLESS_SHARED:
            text = _(
                "Information about %(name)s's health is not shown here. From 16, a young person "
                "decides themselves who is told about their health. What you need to know to "
                "take care of %(name)s, the health service still tells you."
            )
        else:
            text = _("Information about %(name)s's health is not shown here.")
        return text % {"name": name}


def guardians_informed(*, age: int) -> RightsAnswer:
    return rights_for(age=age, domain=Domain.FAMILY_LAW, action="be_informed")


def guardians_may_see(*, age: int) -> bool:
    """Guardians see the child in the portal while family law tells them (until 18)."""
    return Party.GUARDIANS in guardians_informed(age=age).informed


def health_answer(*, age: int) -> RightsAnswer:
    return rights_for(age=age, domain=Domain.HEALTH, action="be_informed")


def health_view(*, age: int, choice: str | None, choice_rule_id: str | None) -> HealthView:
    """A choice counts only under the rule it was made under."""
    answer = health_answer(age=age)
    current = choice if choice_rule_id == answer.rule.id else None
    return HealthView(age=age, answer=answer, mode=health_mode(answer), choice=current)


def consent_decider(*, age: int, sector: str) -> RightsAnswer:
    """Who says yes to a unit sharing information about the child, at this age."""
    return rights_for(age=age, domain=domain_of_sector(sector), action="consent_share")
