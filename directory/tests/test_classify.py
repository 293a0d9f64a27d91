"""Classifying services from their own text, and Norwegian word forms in queries (issue 18)."""

from __future__ import annotations

import uuid

import pytest

from directory.classify import classification_decide, classify_text, services_classify
from directory.models import ClassificationStatus, ServiceClassification, TaxonomyTerm
from directory.reference import taxonomies_load
from directory.search import query_variants
from directory.selectors import SearchFilters, service_search
from directory.tests.factories import service

MENTAL, BULLYING, SUBSTANCE, WORK = (uuid.uuid4() for _ in range(4))
VOCABULARY = [
    ("angst", MENTAL),
    ("trist", MENTAL),
    ("psykisk helse", MENTAL),
    ("mobbing", BULLYING),
    ("fyll", SUBSTANCE),
    ("jobb", WORK),
]


def test_suggests_needs_from_words_inflections_and_compounds_with_their_triggers():
    found = classify_text(
        "Samtaler for unge med tristhet og eksamensangst. Psykisk helse for alle. Nettmobbing.",
        VOCABULARY,
    )
    assert found[MENTAL] == ["eksamensangst", "psykisk helse", "tristhet"]
    assert found[BULLYING] == ["nettmobbing"]


def test_does_not_suggest_from_look_alike_words():
    # "fyller" is no form of "fyll", "jobber" (we work) no need for a job, "mobbe" is shorter
    # than "mobbing"; a phrase of two words must appear whole.
    found = classify_text(
        "Barn som fyller ett år. Vi jobber med helse. Psykisk sterk. Ikke mobbe.", VOCABULARY
    )
    assert found == {}


@pytest.mark.parametrize(
    ("query", "forms"),
    [
        ("helsesykepleieren", {"helsesykepleier"}),  # definite form
        ("skolefravær", {"skole", "fravær"}),  # compound split
        ("fravær fra skolen", {"skolefravær"}),  # ... and joined
        ("lesevansker", {"lese", "vansker"}),
        ("skulefråvær", {"skolefravær"}),  # nynorsk
        ("helsesjukepleiar", {"helsesykepleier"}),
        ("school nurse", {"skole", "helsesykepleier"}),  # English
    ],
)
def test_query_variants_add_the_other_forms(query, forms):
    words = set(query_variants(query).split())
    assert set(query.split()) <= words
    assert forms <= words


def test_query_variants_leave_plain_words_alone():
    assert query_variants("mobbing") == "mobbing"
    assert query_variants("gravid") == "gravid"


@pytest.mark.django_db
def test_classifies_on_write_keeps_the_owners_decisions_and_search_weighs_them():
    taxonomies_load()
    mental = TaxonomyTerm.objects.get(code="need:mental-health")
    bullying = TaxonomyTerm.objects.get(code="need:bullying")
    # Saving the service (as on import and edit) classifies it.
    talk = service(
        "Samtaletilbud",
        municipality=None,
        description="Samtaler for deg som sliter med angst eller mobbing.",
    )
    suggested = {c.taxonomy_term_id: c for c in ServiceClassification.objects.filter(service=talk)}
    assert set(suggested) >= {mental.id, bullying.id}
    assert suggested[mental.id].status == ClassificationStatus.SUGGESTED
    assert "angst" in suggested[mental.id].triggers

    classification_decide(classification=suggested[mental.id], confirmed=True)
    classification_decide(classification=suggested[bullying.id], confirmed=False)
    services_classify(service_ids=[talk.id])  # again, as on the next edit
    statuses = dict(
        ServiceClassification.objects.filter(service=talk).values_list("taxonomy_term", "status")
    )
    assert statuses[mental.id] == ClassificationStatus.CONFIRMED
    assert statuses[bullying.id] == ClassificationStatus.REJECTED

    # "deppa" is in neither name nor text: the confirmed need finds it.
    page = service_search(text="deppa", filters=SearchFilters())
    assert talk in page.services
    # A rejected need no longer counts: "mobbing" is still in the text, the need is not.
    assert not ServiceClassification.objects.filter(
        service=talk, taxonomy_term=bullying, status=ClassificationStatus.SUGGESTED
    ).exists()


@pytest.mark.django_db
def test_classify_command_and_hsds_search_use_the_page_engine(client):
    from django.core.management import call_command

    taxonomies_load()
    talk = service(
        "Samtaletilbud", municipality=None, description="For deg som har angst eller er trist."
    )
    other = service("Sommerjobb", municipality=None, description="Jobb i parken om sommeren.")
    ServiceClassification.objects.all().delete()
    call_command("classify_services", stdout=__import__("io").StringIO())
    assert ServiceClassification.objects.filter(service=talk).exists()

    # "deppa" is in no service's text: a substring match found nothing; the engine finds the
    # service its need was suggested for, and not the other.
    response = client.get("/api/hsds/services", {"search": "deppa"})
    names = [item["name"] for item in response.json()["contents"]]
    assert names == ["Samtaletilbud"]
    response = client.get(
        "/api/hsds/services", {"search": "sommerjobb", "organization_id": str(talk.organization_id)}
    )
    assert [item["name"] for item in response.json()["contents"]] == ["Sommerjobb"]
    assert other.organization_id == talk.organization_id
