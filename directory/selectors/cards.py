"""Result cards: what the search page shows of each service it found."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db.models import CharField, Value
from django.db.models.functions import Cast

from directory.models import (
    Attribute,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    TaxonomyTerm,
)
from directory.selectors.thesaurus import search_reference


class CardPhone(NamedTuple):
    number: str
    description: str


@dataclass
class ServiceCard:
    """What a result card shows: the service and its lists (see service_cards)."""

    service: Service  # with CARD_FIELDS only
    phones: list[CardPhone] = field(default_factory=list)
    opening_hours: list[str] = field(default_factory=list)
    located: bool = False  # offered at places of its own (their addresses may be unlisted)
    addresses: list[str] = field(default_factory=list)
    areas: list[str] = field(default_factory=list)
    needs: list[TaxonomyTerm] = field(default_factory=list)


# The fields a result card shows (directory/_service_card.html); the rest are not read.
CARD_FIELDS = (
    "name",
    "is_national",
    "description",
    "eligibility_description",
    "minimum_age",
    "maximum_age",
    "self_referral",
    "referral_from",
    "application_process",
    "email",
    "url",
    "organization__name",
)


def service_cards(*, service_ids: list[uuid.UUID]) -> list[ServiceCard]:
    """Result cards for these services, in this order, in two queries whatever their number.

    The services with CARD_FIELDS only, then every list the cards show as one UNION ALL of
    plain values: prefetch_related would run a query and build a queryset per card for each
    relation, which cost more than the search itself.
    """
    if not service_ids:
        return []
    services = (
        Service.objects.filter(id__in=service_ids)
        .select_related("organization")
        .only("organization", *CARD_FIELDS)
        .order_by()
    )
    cards = {service.id: ServiceCard(service=service) for service in services}
    # (kind, service id, three texts): the same columns in each part of the union.
    lists = (
        Phone.objects.filter(service_id__in=service_ids)
        .values_list(Value("phone"), "service_id", "number", "description", Value(""))
        .union(
            Schedule.objects.filter(service_id__in=service_ids).values_list(
                Value("hours"), "service_id", "description", Value(""), Value("")
            ),
            # Every place, with or without an address: one kept secret (a crisis centre's)
            # still means the card names no other place.
            ServiceAtLocation.objects.filter(service_id__in=service_ids).values_list(
                Value("place"),
                "service_id",
                "location__addresses__address_1",
                "location__addresses__postal_code",
                "location__addresses__city",
            ),
            ServiceArea.objects.filter(service_id__in=service_ids).values_list(
                Value("area"), "service_id", "name", Value(""), Value("")
            ),
            Attribute.objects.filter(
                link_entity="service",
                link_id__in=service_ids,
                taxonomy_term__code__startswith="need:",
            ).values_list(
                Value("need"),
                "link_id",
                Cast("taxonomy_term_id", CharField()),
                Value(""),
                Value(""),
            ),
            all=True,
        )
    )
    terms = search_reference().terms
    for kind, service_id, first, second, third in lists:
        card = cards[service_id]
        if kind == "phone":
            card.phones.append(CardPhone(number=first, description=second))
        elif kind == "hours":
            card.opening_hours.append(first)
        elif kind == "place":
            card.located = True
            if first is not None:
                card.addresses.append(f"{first}, {second} {third}")
        elif kind == "area":
            card.areas.append(first)
        else:
            term_id = uuid.UUID(first)
            if term_id not in terms:  # a need added since the reference was loaded
                terms = search_reference(refresh=True).terms
            card.needs.append(terms[term_id])
    for card in cards.values():
        card.needs.sort(key=lambda term: term.code)
    return [cards[service_id] for service_id in service_ids if service_id in cards]
