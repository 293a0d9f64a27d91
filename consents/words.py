"""A consent in plain words: by who gave it and when, or a legal basis by what it means. For the
sharing assistant and the access log's rows (`teams.access_log`)."""

from __future__ import annotations

from django.utils.text import get_text_list
from django.utils.translation import pgettext

from children.access_log.words import BASES, CITATIONS, day_text
from children.models import Child
from consents.models import BasisKind, Consent, GivenBy


def consent_name(consent: Consent, *, child: Child) -> str:
    """A consent by who gave it and from when ("consent from Emma 13.11.2026"), or a legal
    basis by what it is. Needs `consent.guardians` (prefetch it for many)."""
    if consent.kind == BasisKind.LEGAL_BASIS:
        return citation_words(consent.legal_reference)
    names: list[str] = []
    if consent.given_by in (GivenBy.YOUNG_PERSON, GivenBy.YOUNG_PERSON_AND_GUARDIANS):
        names.append(child.given_name)
    if consent.given_by in (GivenBy.GUARDIANS, GivenBy.YOUNG_PERSON_AND_GUARDIANS):
        guardians = sorted(guardian.name for guardian in consent.guardians.all())
        names += guardians or [pgettext("access log", "the guardians")]
    if not names:
        return pgettext("access log", "consent of %(date)s") % {
            "date": day_text(consent.valid_from)
        }
    return pgettext("access log", "consent from %(who)s %(date)s") % {
        "who": get_text_list(names, pgettext("list", "and")),
        "date": day_text(consent.valid_from),
    }


def citation_words(reference: str) -> str:
    """A legal reference by what it means, with the reference ("duty to report to child
    welfare (barnevernsloven § 13-2)"); one we do not know, as the reference to the law."""
    reference = reference.strip()
    if not reference:
        return str(BASES["consent"])
    words = CITATIONS.get(reference)
    if words is None:
        return pgettext("access log", "the law: %(reference)s") % {"reference": reference}
    return f"{words} ({reference})"
