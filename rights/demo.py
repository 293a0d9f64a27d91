"""The rights table's review in the demo: two national rule editors, so that one proposes and
the other approves. Deterministic and idempotent."""

from __future__ import annotations

from people.models import User
from rights.services import rule_editor_appoint

# The state's analyst and the Statsforvalter: national people, no child's information.
RULE_EDITORS = ("sven.statistikk", "siri.statsforvalter")


def rights_demo_seed(*, users: dict[str, User]) -> None:
    for username in RULE_EDITORS:
        rule_editor_appoint(actor=None, user=users[username])
