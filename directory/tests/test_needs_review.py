"""The owner reviews the needs suggested from a service's own text (issue 18)."""

from __future__ import annotations

import pytest

from audit.models import AccessEvent, Action
from directory.models import ClassificationStatus, ServiceClassification, TaxonomyTerm
from directory.reference import taxonomies_load
from directory.services import SuggestionsChangedError, classifications_decide
from directory.tests.factories import service
from tests.factories import UserFactory, admin_of, municipality


@pytest.fixture
def entry(cast):
    taxonomies_load()
    found = service(
        "Samtaletilbud for unge",
        municipality=municipality("4001"),
        description="Samtaler for deg som sliter med angst eller mobbing.",
    )
    found.owner = cast.owner
    found.save(update_fields=["owner"])
    return found


def _suggestion(entry, code: str) -> ServiceClassification:
    return ServiceClassification.objects.get(service=entry, taxonomy_term__code=code)


def _field(classification: ServiceClassification) -> str:
    return f"decision_{classification.id.hex}"


def _url(entry) -> str:
    return f"/directory/services/{entry.id}/needs/"


def test_the_owner_sees_each_suggestion_with_its_words_and_decides(cast, client_for, entry):
    mental = _suggestion(entry, "need:mental-health")
    bullying = _suggestion(entry, "need:bullying")
    client = client_for(cast.owner)
    edit = client.get(f"/directory/services/{entry.id}/edit/")
    waiting = ServiceClassification.objects.filter(
        service=entry, status=ClassificationStatus.SUGGESTED
    ).count()
    assert waiting >= 2
    assert f"{waiting} venter på deg" in edit.content.decode()
    page = client.get(_url(entry))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Psykisk helse" in text
    assert "angst" in text
    assert "mobbing" in text

    before = AccessEvent.objects.count()
    response = client.post(_url(entry), {_field(mental): "confirm", _field(bullying): "reject"})
    assert response.status_code == 302
    mental.refresh_from_db()
    bullying.refresh_from_db()
    assert mental.status == ClassificationStatus.CONFIRMED
    assert bullying.status == ClassificationStatus.REJECTED
    events = list(AccessEvent.objects.order_by("id")[before:])
    assert len(events) == 1
    assert events[0].action == Action.UPDATE
    assert events[0].object_type == "directory.service_classification"
    assert events[0].detail == {"confirmed": ["need:mental-health"], "rejected": ["need:bullying"]}
    # Decided ones are listed, no longer offered; the edit page counts what is left.
    page = client.get(_url(entry)).content.decode()
    assert _field(mental) not in page
    assert "Bestemt tidligere" in page
    assert (
        f"{waiting - 2} venter på deg"
        in client.get(f"/directory/services/{entry.id}/edit/").content.decode()
    )


@pytest.mark.parametrize(
    "data",
    [
        {},  # nothing chosen
        {"MENTAL": "maybe"},  # not a choice
        {"MENTAL": "confirm\x00"},  # a NUL byte
    ],
    ids=["empty", "bad-choice", "nul"],
)
def test_bad_input_is_a_clear_error_and_saves_nothing(cast, client_for, entry, data):
    mental = _suggestion(entry, "need:mental-health")
    post = {(_field(mental) if key == "MENTAL" else key): value for key, value in data.items()}
    before = AccessEvent.objects.count()
    response = client_for(cast.owner).post(_url(entry), post)
    assert response.status_code == 400
    text = response.content.decode()
    assert "Ingenting ble lagret" in text or "Velg ja, nei eller bestem senere" in text
    mental.refresh_from_db()
    assert mental.status == ClassificationStatus.SUGGESTED
    assert AccessEvent.objects.count() == before


def test_a_suggestion_decided_elsewhere_saves_nothing_of_the_sending(cast, client_for, entry):
    mental = _suggestion(entry, "need:mental-health")
    bullying = _suggestion(entry, "need:bullying")
    client = client_for(cast.owner)
    # Another window rejects "mental health" after this one was opened: the service refuses the
    # whole sending, so "bullying" is not confirmed either.
    classifications_decide(actor=cast.owner, service=entry, decisions={mental.id: False})
    with pytest.raises(SuggestionsChangedError):
        classifications_decide(
            actor=cast.owner, service=entry, decisions={mental.id: True, bullying.id: True}
        )
    bullying.refresh_from_db()
    assert bullying.status == ClassificationStatus.SUGGESTED
    # Through the page: a decision on a suggestion no longer waiting is not dropped quietly;
    # nothing of the sending is saved and the page shows the suggestions as they are now.
    response = client.post(_url(entry), {_field(mental): "confirm", _field(bullying): "confirm"})
    assert response.status_code == 409
    assert _field(bullying) in response.content.decode()
    mental.refresh_from_db()
    bullying.refresh_from_db()
    assert (mental.status, bullying.status) == (
        ClassificationStatus.REJECTED,
        ClassificationStatus.SUGGESTED,
    )
    assert client.post(_url(entry), {_field(bullying): "confirm"}).status_code == 302
    bullying.refresh_from_db()
    assert bullying.status == ClassificationStatus.CONFIRMED


def test_same_rule_as_editing_an_administrator_may_everyone_else_gets_404(cast, client_for, entry):
    admin = UserFactory(username="dirigent")
    admin_of(admin, municipality("4001"))
    assert client_for(admin).get(_url(entry)).status_code == 200
    mental = _suggestion(entry, "need:mental-health")
    for person in (cast.colleague, cast.outsider, cast.foreigner):
        client = client_for(person)
        assert client.get(_url(entry)).status_code == 404
        assert client.post(_url(entry), {_field(mental): "confirm"}).status_code == 404
    mental.refresh_from_db()
    assert mental.status == ClassificationStatus.SUGGESTED
    assert TaxonomyTerm.objects.filter(code="need:mental-health").exists()


def test_a_confirmed_need_is_kept_when_the_text_changes(cast, client_for, entry):
    from directory.classify import services_classify

    mental = _suggestion(entry, "need:mental-health")
    client_for(cast.owner).post(_url(entry), {_field(mental): "confirm"})
    services_classify(service_ids=[entry.id])
    mental.refresh_from_db()
    assert mental.status == ClassificationStatus.CONFIRMED
