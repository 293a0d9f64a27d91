"""Which legal duties apply to the team around a child (issue 15, item 5): the facts the team
has – the services on it, the child's age, what the coordinator recorded – put to the map of
duties (`rights.duties`). Reads only what the team page has already loaded: no queries."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from rights.duties import TeamDuties, TeamFacts, applicable_duties
from teams.models import MemberStatus, Team, TeamMember


def team_facts(*, team: Team, members: Iterable[TeamMember], on: datetime.date) -> TeamFacts:
    """The facts from the active members' units (each unit one service) and the team's record."""
    units = {
        member.unit_id: member.unit for member in members if member.status == MemberStatus.ACTIVE
    }
    return TeamFacts(
        units=len(units),
        sectors=frozenset(unit.sector for unit in units.values()),
        age=team.child.age_on(on),
        long_term_needs=team.long_term_needs,
        serious_illness_or_disability=team.serious_illness_or_disability,
    )


def team_duties(*, team: Team, members: Iterable[TeamMember], on: datetime.date) -> TeamDuties:
    return applicable_duties(team_facts(team=team, members=members, on=on), on=on)
