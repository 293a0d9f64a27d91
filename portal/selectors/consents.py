"""The consent ledger in plain words, and the units the team asks consent for."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field

from django.utils import timezone

from consents.models import BasisKind, Consent, InformationKind
from consents.selectors import consents_for_child, consents_in_force
from portal.access import PortalAccess
from portal.rules import consent_decider
from portal.selectors.health import is_health_consent, is_health_unit
from rights.selectors import RightsAnswer, domain_of_sector, rights_for
from rights.table import Decider, Domain
from teams.models import (
    MemberStatus,
    Team,
    TeamMember,
    TeamStatus,
)
from units.models import Unit


@dataclass
class ConsentRow:
    consent: Consent
    in_force: bool
    units: list[Unit]
    may_withdraw: bool

    @property
    def kind_labels(self) -> list[str]:
        return [str(InformationKind(kind).label) for kind in self.consent.information_kinds]


@dataclass
class UnitAsking:
    """A unit on the child's team that no consent in force covers yet: the team asks for it."""

    unit: Unit
    team: Team
    answer: RightsAnswer
    may_give: bool


@dataclass
class DomainRule:
    domain_label: str
    answer: RightsAnswer


@dataclass
class ConsentPage:
    rows: list[ConsentRow]
    asking: list[UnitAsking]
    rules: list[DomainRule]
    hidden: int = 0
    today: datetime.date = field(default_factory=timezone.localdate)


def _may_give(access: PortalAccess, answer: RightsAnswer) -> bool:
    if access.is_young_person:
        return answer.decides == Decider.CHILD
    return answer.decides in (Decider.GUARDIANS, Decider.GUARDIANS_CHILD_HEARD)


def _may_withdraw(access: PortalAccess, consent: Consent) -> bool:
    """The young person may withdraw any consent about them; a guardian only one the
    guardians gave (a consent the young person gave alone is theirs)."""
    if consent.kind != BasisKind.CONSENT or consent.withdrawn_at is not None:
        return False
    if access.is_young_person:
        return True
    return consent.given_by in ("guardians", "young_person_and_guardians")


def consent_page(*, access: PortalAccess) -> ConsentPage:
    today = timezone.localdate()
    rows, hidden = [], 0
    for consent in consents_for_child(child_id=access.child.pk):
        if access.hides_health and is_health_consent(consent):
            hidden += 1
            continue
        rows.append(
            ConsentRow(
                consent=consent,
                in_force=consent.in_force_on(today),
                units=list(consent.units.all()),
                may_withdraw=_may_withdraw(access, consent) and consent.in_force_on(today),
            )
        )
    covered = set(
        Unit.objects.filter(
            pk__in=consents_in_force(child_id=access.child.pk, on=today).values("units")
        ).values_list("pk", flat=True)
    )
    asking: list[UnitAsking] = []
    seen: set[uuid.UUID] = set()
    members = TeamMember.objects.filter(
        team__child=access.child,
        team__status=TeamStatus.OPEN,
        status__in=[MemberStatus.ACTIVE, MemberStatus.INVITED],
    ).select_related("unit", "team")
    for member in members:
        unit = member.unit
        if unit.pk in covered or unit.pk in seen:
            continue
        if access.hides_health and is_health_unit(unit):
            continue
        seen.add(unit.pk)
        answer = consent_decider(age=access.age, sector=unit.sector)
        asking.append(
            UnitAsking(
                unit=unit, team=member.team, answer=answer, may_give=_may_give(access, answer)
            )
        )
    domains: list[tuple[Domain, RightsAnswer]] = []
    for row_unit in {u.sector for row in rows for u in row.units} | {a.unit.sector for a in asking}:
        domain = domain_of_sector(row_unit)
        if domain not in [d for d, _ in domains]:
            domains.append(
                (domain, rights_for(age=access.age, domain=domain, action="consent_share"))
            )
    return ConsentPage(
        rows=rows,
        asking=asking,
        rules=[DomainRule(domain_label=str(d.label), answer=a) for d, a in sorted(domains)],
        hidden=hidden,
        today=today,
    )


def consent_for_portal(*, access: PortalAccess, consent_id: uuid.UUID) -> Consent | None:
    consent = (
        Consent.objects.prefetch_related("units", "guardians")
        .select_related("team__concern", "child__municipality")
        .filter(pk=consent_id, child=access.child)
        .first()
    )
    if consent is None or (access.hides_health and is_health_consent(consent)):
        return None
    return consent if _may_withdraw(access, consent) else None


def unit_asking(*, access: PortalAccess, unit_id: uuid.UUID) -> UnitAsking | None:
    return next(
        (a for a in consent_page(access=access).asking if a.unit.pk == unit_id and a.may_give),
        None,
    )
