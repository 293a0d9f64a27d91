"""Keeping entries true: the owner edits, others cannot, and concurrent edits never collide."""

import pytest

from audit.models import AccessEvent, Action
from directory.models import Service
from directory.search import search_text
from directory.services import service_version
from directory.tests.factories import service, term
from tests.factories import UserFactory, admin_of, municipality


@pytest.fixture
def entry(cast):
    found = service(
        "Ungdomskontakten",
        municipality=municipality("4001"),
        description="Samtaler for unge.",
        terms=(term("need:mental-health", "Psykisk helse"),),
    )
    found.owner = cast.owner
    found.save(update_fields=["owner"])
    return found


def _form(entry, **changes):
    data = {
        "description": entry.description,
        "eligibility_description": "",
        "application_process": "",
        "referral_from": "",
        "wait_time": "",
        "url": "",
        "email": "",
        "expects_to_receive": "",
        "internal_referral_route": "",
        "version": service_version(entry),
    }
    data.update(changes)
    return data


def test_owner_edits_and_the_change_is_audited_indexed_and_reviewed(cast, client_for, entry):
    client = client_for(cast.owner)
    assert client.get(f"/directory/services/{entry.id}/edit/").status_code == 200
    response = client.post(
        f"/directory/services/{entry.id}/edit/",
        _form(entry, description="Samtaler om søvnproblemer for unge.", wait_time="1 uke"),
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.wait_time == "1 uke"
    assert entry.last_reviewed is not None
    assert entry.id in search_text("søvnproblemer")
    event = AccessEvent.objects.get(action=Action.UPDATE, object_id=str(entry.id))
    assert event.actor == cast.owner
    assert event.detail == {"fields": ["description", "wait_time"]}


def test_colleague_who_is_not_owner_gets_403(cast, client_for, entry):
    response = client_for(cast.colleague).post(
        f"/directory/services/{entry.id}/edit/", _form(entry)
    )
    assert response.status_code == 403


def test_administrator_of_the_municipality_may_edit(cast, client_for, entry):
    admin = UserFactory(username="admin")
    admin_of(admin, municipality("4001"))
    assert client_for(admin).get(f"/directory/services/{entry.id}/edit/").status_code == 200


def test_administrator_of_another_municipality_may_not(cast, client_for, entry):
    admin = UserFactory(username="skien-admin")
    admin_of(admin, municipality("4003"))
    assert client_for(admin).get(f"/directory/services/{entry.id}/edit/").status_code == 403


def test_anonymous_is_sent_to_log_in(client, entry):
    assert client.get(f"/directory/services/{entry.id}/edit/").status_code == 302


def test_broken_contact_data_is_refused_and_nothing_is_saved(cast, client_for, entry):
    response = client_for(cast.owner).post(
        f"/directory/services/{entry.id}/edit/",
        _form(entry, email="ikke-en-epost", url="ikke en adresse", description="Ny tekst"),
    )
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"email", "url"}
    entry.refresh_from_db()
    assert entry.description == "Samtaler for unge."


def test_a_concurrent_edit_gets_409_and_loses_nothing(cast, client_for, entry):
    stale = _form(entry, description="Min versjon")
    Service.objects.filter(id=entry.id).update(description="Den andres versjon")
    entry.refresh_from_db()
    entry.save(update_fields=["last_modified"])  # the other person's save moves the version
    response = client_for(cast.owner).post(f"/directory/services/{entry.id}/edit/", stale)
    assert response.status_code == 409
    assert "Den andres versjon" in response.content.decode()
    entry.refresh_from_db()
    assert entry.description == "Den andres versjon"
