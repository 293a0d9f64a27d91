from __future__ import annotations

import uuid

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from audit.models import AccessEvent, Action
from conftest import verified_client, without_tokens
from knowledge.models import Editor, Kind, Material, Status
from knowledge.services import editor_appoint
from tests.factories import UserFactory, municipality

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def editors(seeded, cast):
    national = UserFactory(username="national_editor")
    local = cast.owner  # the Porsgrunn school's leader, also its municipality's editor
    editor_appoint(actor=None, user=national, municipality=None)
    editor_appoint(actor=None, user=local, municipality=municipality("4001"))
    return national, local


def routine() -> Material:
    return Material.objects.get(key="demo-porsgrunn-skolefravaer")


def national() -> Material:
    return Material.objects.get(key="udir-aktivitetsplikten")


@pytest.mark.django_db
def test_the_public_page_lists_national_material_without_log_in(seeded):
    response = Client().get(reverse("knowledge:search"), **EN)
    assert response.status_code == 200
    assert b"Knowledge base" in response.content
    assert "Hvem kan hjelpe" not in response.content.decode()
    # The weekly digest is offered where its news comes from.
    assert f'href="{reverse("digest:subscribe")}"' in response.content.decode()
    assert routine().title not in response.content.decode()


@pytest.mark.django_db
def test_a_search_finds_material_and_shows_an_unchecked_address_as_such(seeded):
    response = Client().get(reverse("knowledge:search"), {"q": "ung.no"}, **EN)
    assert response.status_code == 200
    assert "ung.no" in response.content.decode()
    detail = Client().get(
        reverse("knowledge:material", args=[Material.objects.get(key="bufdir-ung-no").id]), **EN
    )
    assert b"Address not checked" in detail.content
    checked = Client().get(reverse("knowledge:material", args=[national().id]), **EN)
    assert b"Address not checked" not in checked.content
    assert national().url.encode() in checked.content


@pytest.mark.django_db
def test_a_routine_is_for_its_municipality_s_staff_only(seeded, cast):
    url = reverse("knowledge:material", args=[routine().id])
    assert verified_client(cast.colleague).get(url, **EN).status_code == 200
    # Another municipality's staff and anyone not logged in: as if it did not exist.
    for client in (verified_client(cast.foreigner), Client()):
        response = client.get(url, **EN)
        assert response.status_code == 404
        missing = client.get(reverse("knowledge:material", args=[uuid.uuid4()]), **EN)
        assert without_tokens(missing.content) == without_tokens(response.content)


@pytest.mark.django_db
def test_the_search_shows_routines_to_their_municipality_only(seeded, cast):
    query = {"q": "skolefravær"}
    title = routine().title
    own = verified_client(cast.colleague).get(reverse("knowledge:search"), query, **EN)
    assert title in own.content.decode()
    other = verified_client(cast.foreigner).get(reverse("knowledge:search"), query, **EN)
    assert title not in other.content.decode()
    assert title not in Client().get(reverse("knowledge:search"), query).content.decode()


@pytest.mark.django_db
def test_a_national_editor_writes_a_draft_and_publishes_it(editors):
    national_editor, _local = editors
    client = verified_client(national_editor)
    before = AccessEvent.objects.count()
    response = client.post(
        reverse("knowledge:material_new"),
        {
            "scope": "national",
            "kind": Kind.GUIDE,
            "title": "Veileder om samtaler med barn",
            "publisher": "Bufdir",
            "issued_on": "12.03.2026",
            "url": "https://www.bufdir.no/",
            "summary": "Hvordan du snakker med barn om vanskelige ting.",
            "language": "nb",
            "audiences": ["professionals"],
            "needs": ["need:violence-abuse"],
        },
        **EN,
    )
    assert response.status_code == 302
    material = Material.objects.get(title="Veileder om samtaler med barn")
    assert material.status == Status.DRAFT
    assert material.issued_on.isoformat() == "2026-03-12"
    assert [t.code for t in material.terms.all()] == ["need:violence-abuse"]
    # A draft is nobody's but its editors'.
    assert Client().get(reverse("knowledge:material", args=[material.id])).status_code == 404
    client.post(reverse("knowledge:material_publish", args=[material.id]))
    material.refresh_from_db()
    assert material.status == Status.PUBLISHED
    assert material.published_at is not None
    page = Client().get(reverse("knowledge:search"), {"q": "samtaler med barn"}, **EN)
    assert material.title in page.content.decode()
    events = list(AccessEvent.objects.order_by("id")[before:])
    assert [(e.action, e.object_type, e.actor, e.detail.get("status")) for e in events] == [
        (Action.CREATE, "knowledge.material", national_editor, "draft"),
        (Action.UPDATE, "knowledge.material", national_editor, "published"),
    ]
    client.post(reverse("knowledge:material_publish", args=[material.id]), {"unpublish": "1"})
    material.refresh_from_db()
    assert material.status == Status.DRAFT
    assert material.published_at is None


@pytest.mark.django_db
def test_a_municipal_editor_edits_its_routines_and_nothing_national(editors):
    _national, local = editors
    client = verified_client(local)
    assert client.get(reverse("knowledge:material_edit", args=[routine().id])).status_code == 200
    assert client.get(reverse("knowledge:material_edit", args=[national().id])).status_code == 404
    response = client.post(
        reverse("knowledge:material_new"),
        {
            "scope": "national",
            "kind": Kind.GUIDE,
            "title": "Nasjonalt fra en kommune",
            "publisher": "Porsgrunn kommune",
            "summary": "Skal ikke gå.",
            "language": "nb",
            "audiences": ["professionals"],
        },
        **EN,
    )
    assert response.status_code == 400
    assert not Material.objects.filter(title="Nasjonalt fra en kommune").exists()


@pytest.mark.django_db
def test_an_edit_is_saved_audited_and_indexed(editors):
    national_editor, _local = editors
    client = verified_client(national_editor)
    material = national()
    form = client.get(reverse("knowledge:material_edit", args=[material.id])).context["form"]
    data = {key: value for key, value in form.initial.items() if value not in (None, "")}
    data["issued_on"] = material.issued_on.isoformat()
    data["audiences"] = list(data["audiences"])
    for name in ("needs", "sectors", "ages"):
        data[name] = [term.code for term in data.get(name, [])]
    data["title"] = "Aktivitetsplikten – ny tittel om krenkelser"
    before = AccessEvent.objects.count()
    response = client.post(reverse("knowledge:material_edit", args=[material.id]), data)
    assert response.status_code == 302
    material.refresh_from_db()
    assert material.title == "Aktivitetsplikten – ny tittel om krenkelser"
    [event] = AccessEvent.objects.order_by("id")[before:]
    assert event.detail == {"fields": ["title"]}
    found = Client().get(reverse("knowledge:search"), {"q": "ny tittel krenkelser"}, **EN)
    assert material.title in found.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("bad", ["Tittel\x00med null", "x" * 251])
def test_bad_input_is_refused_with_a_specific_error_and_nothing_lost(editors, bad):
    national_editor, _local = editors
    data = {
        "scope": "national",
        "kind": Kind.REPORT,
        "title": bad,
        "publisher": "Udir",
        "summary": "Et sammendrag som ikke skal gå tapt.",
        "language": "nb",
        "audiences": ["leaders"],
    }
    response = verified_client(national_editor).post(reverse("knowledge:material_new"), data, **EN)
    assert response.status_code == 400
    assert response.context["form"].errors["title"]
    assert "Et sammendrag som ikke skal gå tapt." in response.content.decode()
    assert not Material.objects.filter(publisher="Udir").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["knowledge:editing", "knowledge:material_new"])
def test_people_who_edit_nothing_get_404_on_the_editors_pages(seeded, cast, name):
    assert verified_client(cast.colleague).get(reverse(name)).status_code == 404
    assert not Editor.objects.filter(user=cast.colleague).exists()


@pytest.mark.django_db
def test_the_list_pages_and_costs_the_same_for_one_page_as_for_another(
    seeded, django_assert_max_num_queries
):
    client = Client()
    first = client.get(reverse("knowledge:search"), **EN)
    assert first.context["results"].pages == 2
    second = client.get(reverse("knowledge:search"), {"page": 2}, **EN)
    assert len(first.context["results"].materials) == 20
    assert second.context["results"].materials
    assert {m.id for m in first.context["results"].materials}.isdisjoint(
        {m.id for m in second.context["results"].materials}
    )
    with django_assert_max_num_queries(12):
        client.get(reverse("knowledge:search"), {"q": "mobbing"}, **EN)
    with django_assert_max_num_queries(12):
        client.get(reverse("knowledge:search"), **EN)


@pytest.mark.django_db
def test_dates_are_written_as_people_write_them(seeded):
    with translation.override("nb"):
        response = Client().get(
            reverse("knowledge:material", args=[national().id]), HTTP_ACCEPT_LANGUAGE="nb"
        )
    assert "1. august 2017" in response.content.decode()
    assert "2017-08-01" not in response.content.decode()
