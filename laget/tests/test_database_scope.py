"""Which municipalities a staff request may reach in the database (`laget.database_scope`). The
scope itself is PostgreSQL's (tenancy/tests); who is in it is decided here, on any database."""

from __future__ import annotations

import pytest

from laget.database_scope import municipalities_of_staff
from teams.models import MemberRole, MemberStatus, TeamMember

pytestmark = pytest.mark.django_db

PORSGRUNN, SKIEN = "4001", "4003"


def test_a_team_in_another_municipality_is_in_the_scope_only_while_on_the_team(world):
    on_team = TeamMember.objects.create(
        team=world.team,
        user=world.foreigner,
        unit=world.skien_health,
        role=MemberRole.MEMBER,
        status=MemberStatus.ACTIVE,
    )
    assert municipalities_of_staff(user=world.foreigner) == [PORSGRUNN, SKIEN]

    TeamMember.objects.filter(pk=on_team.pk).update(status=MemberStatus.LEFT)
    assert municipalities_of_staff(user=world.foreigner) == [SKIEN]
