"""What the team's services share: the audit event of a write on the team."""

from __future__ import annotations

from audit.models import Action
from audit.services import child_event_record
from people.models import User
from teams.models import Team


def _audit(
    actor: User, team: Team, action: Action, object_type: str, object_id: object, purpose: str
) -> None:
    child_event_record(
        actor=actor,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        child=team.child,
        purpose=purpose,
        legal_basis="team member with consent",
    )
