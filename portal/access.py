"""Who may see which child in the portal: the young person themselves, or a guardian with
parental responsibility while family law still tells the guardians (under 18). Anything else is
404, as on the staff side, so a child's existence does not leak.

Every read through `access_portal_child` writes one access event (actor None, the person's
label), in the child's municipality's chain: the young person sees those reads too."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, override

from audit.models import Action
from audit.reads import reads_recorded
from audit.services import access_event_record
from children.identity import identity_number_q
from children.models import Child, Guardian
from portal.models import HealthInformationChoice
from portal.rules import HealthView, guardians_may_see, health_view
from portal.session import PortalLogin

OWN_DATA_BASIS = "own data (personopplysningsloven / GDPR art. 15)"
GUARDIAN_BASIS = "parental responsibility (barneloven § 30, GDPR art. 15)"


class Viewer(StrEnum):
    YOUNG_PERSON = "young_person"
    GUARDIAN = "guardian"


# What each portal page is for, as the access log records it: (young person, guardian).
PURPOSES: dict[str, tuple[str, str]] = {
    "team": (
        gettext_noop("the young person reads their team"),
        gettext_noop("a guardian reads the child's team"),
    ),
    "plan": (
        gettext_noop("the young person reads their plan"),
        gettext_noop("a guardian reads the child's plan"),
    ),
    "meetings": (
        gettext_noop("the young person reads their meetings"),
        gettext_noop("a guardian reads the child's meetings"),
    ),
    "consents": (
        gettext_noop("the young person reads their consents"),
        gettext_noop("a guardian reads the child's consents"),
    ),
    "access_log": (
        gettext_noop("the young person reads who has seen their information"),
        gettext_noop("a guardian reads who has seen the child's information"),
    ),
    "privacy": (
        gettext_noop("the young person reads who may see their health information"),
        gettext_noop("a guardian reads who may see the child's health information"),
    ),
    "export": (
        gettext_noop("the young person downloads their data"),
        gettext_noop("a guardian downloads the child's data"),
    ),
    "correction": (
        gettext_noop("the young person asks for a correction"),
        gettext_noop("a guardian asks for a correction"),
    ),
}


@dataclass(frozen=True)
class PortalAccess:
    child: Child
    viewer: Viewer
    guardian: Guardian | None
    age: int
    health: HealthView

    @property
    def is_young_person(self) -> bool:
        return self.viewer == Viewer.YOUNG_PERSON

    @property
    def hides_health(self) -> bool:
        """Health information is left out of everything this viewer sees."""
        return self.viewer == Viewer.GUARDIAN and self.health.hidden_from_guardians

    @property
    def legal_basis(self) -> str:
        return OWN_DATA_BASIS if self.is_young_person else GUARDIAN_BASIS

    @property
    def label(self) -> str:
        return portal_label(child=self.child, guardian=self.guardian)

    def purpose(self, page: str) -> str:
        young, guardian = PURPOSES[page]
        return young if self.is_young_person else guardian


def portal_label(*, child: Child, guardian: Guardian | None) -> str:
    """Who did it, for the access log and the team's log: in the municipality's language, like
    the other labels written there."""
    with override(settings.LANGUAGE_CODE):
        if guardian is not None:
            return _("%(name)s (guardian, portal)") % {"name": guardian.name}
        return _("%(name)s (young person, portal)") % {"name": child.full_name}


def _health_choice(child: Child) -> tuple[str | None, str | None]:
    latest = HealthInformationChoice.objects.filter(child=child).order_by("-made_at", "-id").first()
    return (latest.choice, latest.rule_id) if latest else (None, None)


def portal_access_for(*, pid: str, child_id: uuid.UUID) -> PortalAccess | None:
    """Whether the person with this identity number may see the child, and as whom."""
    if not pid:
        return None
    # Look up only a child that is the person or has them as a guardian: a missing child and
    # someone else's cost the same single query, so timing does not tell them apart.
    child = (
        Child.objects.select_related("municipality")
        .filter(
            identity_number_q(pid)
            | Exists(
                Guardian.objects.filter(
                    identity_number_q(pid), child=OuterRef("pk"), has_parental_responsibility=True
                )
            ),
            pk=child_id,
        )
        .first()
    )
    if child is None:
        return None
    guardian = None
    if child.identity_number == pid:
        viewer = Viewer.YOUNG_PERSON
    else:
        guardian = Guardian.objects.filter(
            identity_number_q(pid), child=child, has_parental_responsibility=True
        ).first()
        if guardian is None:
            return None
        viewer = Viewer.GUARDIAN
    age = child.age_on(timezone.localdate())
    if viewer == Viewer.GUARDIAN and not guardians_may_see(age=age):
        return None
    choice, rule_id = _health_choice(child)
    return PortalAccess(
        child=child,
        viewer=viewer,
        guardian=guardian,
        age=age,
        health=health_view(age=age, choice=choice, choice_rule_id=rule_id),
    )


def access_portal_child(
    request: HttpRequest,
    child_id: uuid.UUID,
    *,
    page: str,
    record_read: bool | None = None,
    action: Action = Action.READ,
    object_type: str = "",
    object_id: str | uuid.UUID | None = None,
) -> PortalAccess:
    """The child if the logged-in person may see them, else 404. A read writes one access
    event in a transaction of its own; a write is audited by the portal service that makes it."""
    # Set by `portal_login_required` (portal/session.py) on every page that calls this.
    login: PortalLogin = request.portal  # type: ignore[attr-defined]
    access = portal_access_for(pid=login.pid, child_id=child_id)
    if access is None:
        raise Http404
    if reads_recorded(record_read):
        with transaction.atomic():
            access_event_record(
                actor=None,
                actor_label=access.label,
                action=action,
                object_type=object_type or f"portal_{page}",
                object_id=object_id if object_id is not None else access.child.pk,
                child_id=access.child.pk,
                municipality=access.child.municipality,
                purpose=access.purpose(page),
                legal_basis=access.legal_basis,
                detail={"viewer": str(access.viewer)},
            )
    return access
