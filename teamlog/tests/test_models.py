"""The team log moved from `teams` to `teamlog` without moving its table."""

from __future__ import annotations

import pytest
from django.utils import translation

from teamlog.models import LogEntry, LogKind
from teamlog.services import log_text, log_write


def test_the_log_keeps_its_table():
    assert LogEntry._meta.db_table == "teams_logentry"


@pytest.mark.django_db
def test_a_line_names_levels_by_the_concerns_level_names(world):
    entry = log_write(
        concern=world.concern,
        team=world.team,
        kind=LogKind.LEVEL,
        author=world.coordinator,
        text=log_text("Level changed from %(old)s to %(new)s.", {"old": 2, "new": 3}),
    )
    entry.refresh_from_db()
    assert entry.team_id == world.team.pk
    assert entry.child_id == world.concern.child_id
    with translation.override("en"):
        assert entry.display_text() == (
            "Level changed from Level 2: collaboration with other services to Level 3: extensive "
            "coordinated effort."
        )
