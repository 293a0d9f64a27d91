"""Reading the consent ledger."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any, Protocol

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from children.models import Child, Guardian
from consents.models import BasisKind, Consent, GivenBy, SharingDecision
from municipalities.models import Municipality
from rights.selectors import RightsAnswer, domain_of_sector, rights_for
from units.models import Unit
from units.selectors import units_serving


class TeamLike(Protocol):
    """What the ledger needs of a team (`teams.Team`, which stands above consents: a team's
    members are admitted by the consents in force)."""

    @property
    def pk(self) -> Any: ...
    @property
    def child_id(self) -> uuid.UUID: ...


def consents_in_force(*, child_id: uuid.UUID, on: datetime.date) -> QuerySet[Consent]:
    """Consents and legal bases for the child that are in force on the day."""
    return Consent.objects.filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=on),
        child_id=child_id,
        withdrawn_at__isnull=True,
        valid_from__lte=on,
    )


def consent_covering(
    *, child_id: uuid.UUID, unit_id: uuid.UUID, on: datetime.date
) -> Consent | None:
    """The consent or legal basis in force that lets this unit share about the child, if any."""
    return (
        consents_in_force(child_id=child_id, on=on)
        .filter(units__id=unit_id)
        .order_by("-valid_from", "-recorded_at")
        .first()
    )


def consents_for_child(*, child_id: uuid.UUID) -> QuerySet[Consent]:
    """The whole ledger for a child, newest first, with who gave it and what it covers."""
    return (
        Consent.objects.filter(child_id=child_id)
        .select_related("recorded_by", "moving_to")
        .prefetch_related("units", "guardians")
        .order_by("-recorded_at")
    )


def consent_units_named(*, child: Child) -> list[uuid.UUID]:
    """The units the child's consents name (withdrawn ones too: the units the child has had
    to do with), for the consent form's short list."""
    return list(
        Consent.units.through.objects.filter(consent__child=child)
        .values_list("unit_id", flat=True)
        .distinct()
    )


def consent_form_choices(
    *, child: Child, moving_to: str | None = None
) -> tuple[QuerySet[Unit], QuerySet[Guardian]]:
    """The units a consent can name (those of every organisation that serves the child's
    municipality, and for a consent that allows a move those that serve the municipality the
    young person is moving to) and the guardians who can give it (those with parental
    responsibility)."""
    serving = units_serving(municipality_id=child.municipality_id)
    if moving_to and moving_to != child.municipality_id:
        serving = Unit.objects.filter(
            pk__in=Unit.objects.filter(
                organisation__serves__in=[child.municipality_id, moving_to], is_active=True
            ).values("pk")
        )
    units = serving.select_related("organisation").order_by("name")
    guardians = Guardian.objects.filter(child=child, has_parental_responsibility=True)
    return units, guardians


def consent_for_team(*, team: TeamLike, consent_id: uuid.UUID) -> Consent:
    """A consent in the ledger of the team's child (the caller has checked access to the team)."""
    return get_object_or_404(Consent, pk=consent_id, child_id=team.child_id)


CHILD_DECIDES = frozenset({"child", "child_and_guardians"})
GUARDIANS_DECIDE = frozenset(
    {"child_and_guardians", "guardians", "guardians_child_heard", "service", "not_applicable"}
)


@dataclass(frozen=True)
class ConsentAuthority:
    """Who must give a consent to share between these units, for a child of this age, by the
    rights engine: the young person, the guardians with parental responsibility, or both."""

    age: int
    answers: tuple[RightsAnswer, ...]
    needs_young_person: bool
    needs_guardians: bool
    guardians: tuple[Guardian, ...]

    @property
    def given_by(self) -> str:
        if self.needs_young_person and self.needs_guardians:
            return GivenBy.YOUNG_PERSON_AND_GUARDIANS
        return GivenBy.YOUNG_PERSON if self.needs_young_person else GivenBy.GUARDIANS

    @property
    def given_by_label(self) -> str:
        return str(GivenBy(self.given_by).label)

    @property
    def citations(self) -> str:
        """The statutes behind the answer, each once: "barneloven § 32; …"."""
        return "; ".join(
            dict.fromkeys(
                statute.citation for answer in self.answers for statute in answer.statutes
            )
        )

    def satisfied_by(self, given_by: str) -> bool:
        has_child = given_by in (GivenBy.YOUNG_PERSON, GivenBy.YOUNG_PERSON_AND_GUARDIANS)
        has_guardians = given_by in (GivenBy.GUARDIANS, GivenBy.YOUNG_PERSON_AND_GUARDIANS)
        return (has_child or not self.needs_young_person) and (
            has_guardians or not self.needs_guardians
        )

    @property
    def allowed_given_by(self) -> list[str]:
        """The answers to "who gave it?" that satisfy the rule, the rule's own first."""
        others = [value for value in GivenBy.values if value != self.given_by]
        return [self.given_by, *(value for value in others if self.satisfied_by(value))]


def consent_authority(
    *, child: Child, units: Iterable[Unit], on: datetime.date | None = None
) -> ConsentAuthority:
    """Ask the rights engine, for each domain the units belong to, who decides on sharing."""
    rule = _authority(
        age=child.age_on(on or timezone.localdate()),
        sectors=[unit.sector for unit in units],
        municipality=child.municipality,
    )
    guardians = tuple(Guardian.objects.filter(child=child, has_parental_responsibility=True))
    return replace(rule, guardians=guardians)


def consent_authority_by_rule(*, age: int, sectors: Iterable[str]) -> ConsentAuthority:
    """Who must give a consent to share between units of these sectors at this age, by the
    national rule alone and without a query: for a job that asks for many consents. A local
    practice never changes the answer (`rights_for`), and the guardians are not fetched
    (`guardians` is empty)."""
    return _authority(age=age, sectors=sectors, municipality=None)


def _authority(
    *, age: int, sectors: Iterable[str], municipality: Municipality | None
) -> ConsentAuthority:
    domains = sorted({domain_of_sector(sector) for sector in sectors})
    answers = tuple(
        rights_for(age=age, domain=domain, action="consent_share", municipality=municipality)
        for domain in domains or [domain_of_sector("")]
    )
    decides = {answer.decides.value for answer in answers}
    return ConsentAuthority(
        age=age,
        answers=answers,
        needs_young_person=bool(decides & CHILD_DECIDES),
        needs_guardians=bool(decides & GUARDIANS_DECIDE),
        guardians=(),
    )


@dataclass(frozen=True)
class ConsentGivers:
    """What the consent form shows as "who gave it" for the units ticked so far.

    `authority` is None until a unit is ticked (and for a legal basis, which nobody gives).
    `changed` says that the person's own choice no longer satisfied the rule for these units
    and was moved to the rule's answer: the form says so, and never records it unconfirmed."""

    authority: ConsentAuthority | None
    given_by: str
    guardians: tuple[Guardian, ...]
    changed: bool = False
    legal_basis: bool = False

    @property
    def allowed_given_by(self) -> list[str]:
        return self.authority.allowed_given_by if self.authority else list(GivenBy.values)

    @property
    def given_by_label(self) -> str:
        return str(GivenBy(self.given_by).label) if self.given_by in GivenBy.values else ""


def consent_givers(
    *,
    child: Child,
    units: Iterable[Unit],
    given_by: str,
    guardians: Iterable[Guardian],
    on: datetime.date | None = None,
    kind: str = BasisKind.CONSENT,
) -> ConsentGivers:
    """Who the form should show as giving the consent, after the units changed: the person's
    own choice while it satisfies the rights engine's rule for these units and the child's
    age, else the rule's answer. When the answer newly includes the guardians, every guardian
    with parental responsibility is ticked (each of them must consent)."""
    units, chosen = list(units), tuple(guardians)
    if kind != BasisKind.CONSENT or not units:
        return ConsentGivers(
            authority=None,
            given_by=given_by,
            guardians=chosen,
            legal_basis=kind == BasisKind.LEGAL_BASIS,
        )
    authority = consent_authority(child=child, units=units, on=on)
    follows = given_by if authority.satisfied_by(given_by) else authority.given_by
    changed = bool(given_by) and follows != given_by
    if follows == GivenBy.YOUNG_PERSON:
        chosen = ()
    elif follows != given_by or not chosen:
        chosen = authority.guardians
    return ConsentGivers(authority=authority, given_by=follows, guardians=chosen, changed=changed)


def sharing_decisions_for_team(*, team_id: uuid.UUID) -> QuerySet[SharingDecision]:
    return (
        SharingDecision.objects.filter(team_id=team_id)
        .select_related("sender", "sender_unit", "recipient_unit")
        .order_by("-shared_at")
    )
