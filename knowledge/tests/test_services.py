from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from audit.models import AccessEvent
from core.datafiles import DataFileError
from knowledge.models import Kind, Material, Status
from knowledge.reference import MATERIALS_FILE, materials_read, materials_seed
from knowledge.selectors import materials_new_public
from knowledge.services import (
    MaterialData,
    material_create,
    material_publish,
    material_unpublish,
)
from tests.factories import UserFactory, municipality


@pytest.mark.django_db
def test_the_data_file_has_forty_materials_from_the_collaboration_each_address_marked(seeded):
    records = materials_read()
    assert len(records) >= 40
    publishers = {data.publisher.split(" ")[0] for _key, data in records}
    assert {"Utdanningsdirektoratet", "Helsedirektoratet", "Bufdir", "NAV", "IMDi"} <= publishers
    assert all(data.url for _key, data in records)
    assert any(not data.url_checked for _key, data in records)


@pytest.mark.django_db
def test_loading_again_changes_nothing_and_writes_no_event(seeded):
    count, events = Material.objects.count(), AccessEvent.objects.count()
    assert materials_seed() == (0, 0)
    assert (Material.objects.count(), AccessEvent.objects.count()) == (count, events)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "message"),
    [
        ('needs = ["bullying"]', 'needs = ["no-such-need"]'),
        ('kind = "guide"', 'kind = "local_routine"'),
        ("checked = true", 'checked = "yes"'),
    ],
)
def test_a_mistake_in_the_data_file_names_the_record(seeded, tmp_path: Path, change, message):
    text = MATERIALS_FILE.read_text(encoding="utf-8").replace(change, message, 1)
    broken = tmp_path / "materials.toml"
    broken.write_text(text, encoding="utf-8")
    with pytest.raises(
        DataFileError, match=r"materials\.toml material 1 \(udir-aktivitetsplikten\)"
    ):
        materials_read(broken)


@pytest.mark.django_db
def test_a_routine_needs_a_municipality_and_national_material_none(seeded):
    data = MaterialData(kind=Kind.LOCAL_ROUTINE, title="R", publisher="P", summary="S")
    with pytest.raises(ValidationError):
        material_create(actor=None, data=data)
    data = MaterialData(
        kind=Kind.GUIDE, title="G", publisher="P", summary="S", municipality=municipality("4001")
    )
    with pytest.raises(ValidationError):
        material_create(actor=None, data=data)


@pytest.mark.django_db
def test_new_public_materials_since_a_moment_leave_out_routines_and_drafts(seeded):
    editor = UserFactory()
    since = timezone.now()
    assert not materials_new_public(since=since).exists()
    draft = material_create(
        actor=editor,
        data=MaterialData(kind=Kind.REPORT, title="Ny rapport", publisher="NAV", summary="S"),
    )
    routine = material_create(
        actor=editor,
        data=MaterialData(
            kind=Kind.LOCAL_ROUTINE,
            title="Ny rutine",
            publisher="Porsgrunn kommune",
            summary="S",
            municipality=municipality("4001"),
        ),
        publish=True,
    )
    assert routine.status == Status.PUBLISHED
    assert list(materials_new_public(since=since)) == []
    material_publish(actor=editor, material=draft)
    assert [m.title for m in materials_new_public(since=since)] == ["Ny rapport"]
    later = timezone.now() + datetime.timedelta(seconds=1)
    assert list(materials_new_public(since=later)) == []
    material_unpublish(actor=editor, material=draft)
    assert list(materials_new_public(since=since)) == []
