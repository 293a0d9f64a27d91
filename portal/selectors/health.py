"""What counts as health information, for leaving it out of what a guardian sees."""

from __future__ import annotations

from consents.models import Consent, InformationKind
from portal.access import PortalAccess
from teams.models import (
    MemberRole,
    TeamMember,
)
from units.models import HEALTH_SECTORS, Unit


def is_health_unit(unit: Unit) -> bool:
    return unit.sector in HEALTH_SECTORS


def is_health_consent(consent: Consent) -> bool:
    return InformationKind.HEALTH in (consent.information_kinds or [])


def visible_members(access: PortalAccess, members: list[TeamMember]) -> list[TeamMember]:
    """The coordinator is always shown: the guardians need their contact person."""
    if not access.hides_health:
        return members
    return [m for m in members if m.role == MemberRole.COORDINATOR or not is_health_unit(m.unit)]
