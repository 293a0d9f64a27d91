"""Import of HSDS 3.0 data: JSON objects, lists, API pages, folders and CSV datapackages.

The contract, for every entity:
- rows are upserted by their HSDS `id`, so importing again updates and never duplicates;
- a key that is absent leaves the stored value alone; a key that is present (even empty or null)
  is authoritative, and a child list that is present replaces that parent's children;
- each top-level record (one JSON object, one CSV row) is one transaction: a record that fails
  validation writes nothing of itself, and the others still import;
- a file that cannot be read as a whole (not JSON, larger than `MAX_FILE_BYTES`, nested deeper
  than `MAX_DEPTH`) is rejected as a whole, and nothing of it is imported;
- records of one file (or one CSV table) that share an id are all rejected: which of them
  should win is not ours to guess;
- texts are normalised and checked as everywhere (core.text);
- contacts are imported as not public (HSDS has no such flag) unless `contacts_public`.
"""

from __future__ import annotations

import csv
import json
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from directory.hsds_in.records import (
    _delete,
    _import_record,
    _prune,
    _ptr,
    _reindex,
    _resolve_pending,
    _Run,
    _uuid,
    _Where,
)
from directory.hsds_in.report import (
    HsdsImportError,
    ImportReport,
    Notice,
    Rejection,
)
from directory.hsds_in.specs import (
    _OWNED,
    _SPEC_LIST,
    _SPECS,
    _TABLE_ORDER,
    _TOP_LEVEL,
)
from directory.models import (
    Attribute,
)

__all__ = ["HsdsImportError", "ImportReport", "Notice", "Rejection", "hsds_import_path"]

# The deepest real HSDS nesting (an API page of organisations with full services, down to a
# contact's phone's languages or an attribute's taxonomy) is about 15 levels.
MAX_DEPTH = 32
# A national directory of 20 000 fully nested services is well under 200 MB.
MAX_FILE_BYTES = 200 * 1024 * 1024
_UNREADABLE = object()


def hsds_import_path(path: Path, *, contacts_public: bool = False) -> ImportReport:
    """Import a JSON file (one object, a list, or an API page with `contents`), a folder of
    them, or an HSDS CSV datapackage. Each top-level record commits on its own. Imported
    contacts are public (in the open HSDS API) only with `contacts_public`."""
    if not path.exists():
        raise HsdsImportError(_("%(path)s does not exist.") % {"path": path})
    run = _Run(root=path if path.is_dir() else path.parent, contacts_public=contacts_public)
    if path.is_dir():
        _import_folder(run, path)
    else:
        _import_file(run, path)
    _resolve_pending(run)
    return run.report


def _entity_from_name(name: str) -> str | None:
    stem = Path(name).stem.lower().replace("-", "_").replace("organisation", "organization")
    prefixes = (
        ("service_at_location", "service_at_location"),
        ("taxonomy_term", "taxonomy_term"),
        ("taxonom", "taxonomy"),
        ("organization", "organization"),
        ("service", "service"),
        ("location", "location"),
    )
    return next((entity for prefix, entity in prefixes if stem.startswith(prefix)), None)


def _entity_of(data: Mapping[str, object], hint: str | None) -> str | None:
    """The top-level entity whose required keys the object has and whose keys it shares most."""
    keys = set(data)
    scores: dict[str, int] = {}
    for entity in _TOP_LEVEL:
        spec = _SPECS[entity]
        if not set(spec.required) <= keys:
            continue
        if entity == "service_at_location" and not keys & {
            *spec.nested,
            "service_id",
            "location_id",
        }:
            continue
        scores[entity] = len(keys & spec.keys())
    if not scores:
        return hint
    best = [entity for entity, score in scores.items() if score == max(scores.values())]
    if len(best) == 1:
        return best[0]
    return hint if hint in best else None


def _import_folder(run: _Run, folder: Path) -> None:
    files = sorted(folder.iterdir())
    tables = [f for f in files if f.suffix.lower() == ".csv" and _table_entity(f.name)]
    if (folder / "datapackage.json").is_file() or tables:
        _import_datapackage(run, folder)
    order = {entity: index for index, entity in enumerate(_TOP_LEVEL)}

    def priority(path: Path) -> tuple[int, str]:
        return order.get(_entity_from_name(path.name) or "", len(order)), path.name

    for path in sorted(files, key=priority):
        if path.is_dir():
            _import_folder(run, path)
        elif path.suffix.lower() == ".json" and path.name != "datapackage.json":
            _import_file(run, path)


def _import_file(run: _Run, path: Path) -> None:
    where = _Where(run.source(path))
    if path.name == "datapackage.json":
        _import_datapackage(run, path.parent)
        return
    if path.suffix.lower() == ".csv":
        entity = _table_entity(path.name)
        table = _read_csv(run, path, ",") if entity else None
        if entity is None:
            run.notice(where, "", _("this table is not kept here; skipped."))
        elif table is not None:
            _import_tables(run, {entity: table})
        return
    data = _read_json(run, path)
    if data is _UNREADABLE:
        return
    hint = _entity_from_name(path.name)
    if isinstance(data, dict) and data and all(key.endswith(".csv") for key in data):
        # The tabular format written as JSON (as in HSDS's examples/tabular.json).
        rows = {}
        where = _Where(where.source, typed=False)
        for key, value in data.items():
            entity = _table_entity(key)
            if entity is None:
                run.notice(where, _ptr("", key), _("this table is not kept here; skipped."))
            elif isinstance(value, list):
                rows[entity] = [(where, _ptr("", key, i), row) for i, row in enumerate(value)]
            else:
                run.reject(where, _ptr("", key), _("expected a list of rows."))
        _import_tables(run, rows)
        return
    if isinstance(data, dict) and "openapi_url" in data and "id" not in data:
        run.notice(where, "", _("API information, not records; skipped."))
        return
    if isinstance(data, dict) and isinstance(data.get("contents"), list):
        items: Iterable[tuple[str, object]] = (
            (_ptr("", "contents", i), item) for i, item in enumerate(data["contents"])
        )
    elif isinstance(data, list):
        items = ((_ptr("", i), item) for i, item in enumerate(data))
    else:
        items, hint = [("", data)], None
    items = _without_duplicates(run, where, list(items))
    for pointer, item in items:
        entity = hint
        if entity is None and isinstance(item, dict):
            entity = _entity_of(item, _entity_from_name(path.name))
        if entity is None:
            run.reject(
                where,
                pointer,
                _("cannot tell which HSDS object this is (service, organization, …)."),
            )
            continue
        _import_record(run, _SPECS[entity], item, where, pointer)


def _too_large(run: _Run, path: Path) -> bool:
    if path.stat().st_size <= MAX_FILE_BYTES:
        return False
    run.reject(
        _Where(run.source(path)),
        "",
        _("the file is larger than %(limit)d MB; nothing in it was imported. Split it up.")
        % {"limit": MAX_FILE_BYTES // (1024 * 1024)},
    )
    return True


def _depth_exceeds(data: object, limit: int) -> bool:
    """Whether lists and objects nest deeper than `limit`; without recursion, so that the
    check itself cannot run out of stack."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if not isinstance(value, dict | list):
            continue
        if depth > limit:
            return True
        children = value.values() if isinstance(value, dict) else value
        stack.extend((child, depth + 1) for child in children)
    return False


def _read_json(run: _Run, path: Path) -> Any:
    """The file's JSON, or `_UNREADABLE` after rejecting the whole file: too large, not JSON,
    or nested deeper than MAX_DEPTH (which Python's parser may not even survive)."""
    where = _Where(run.source(path))
    if _too_large(run, path):
        return _UNREADABLE
    too_deep = _(
        "nested more than %(limit)d levels deep, which no HSDS data is; nothing in this file "
        "was imported."
    ) % {"limit": MAX_DEPTH}
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"), parse_float=Decimal)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        run.reject(
            where,
            "",
            _("not valid JSON: %(error)s; nothing in this file was imported.") % {"error": error},
        )
        return _UNREADABLE
    except RecursionError:
        run.reject(where, "", too_deep)
        return _UNREADABLE
    if _depth_exceeds(data, MAX_DEPTH):
        run.reject(where, "", too_deep)
        return _UNREADABLE
    return data


def _without_duplicates(
    run: _Run, where: _Where, items: list[tuple[str, object]]
) -> list[tuple[str, object]]:
    """The items of one file whose id no other item of the file has; see `_unique_rows`."""
    rows = _unique_rows(run, [(where, pointer, item) for pointer, item in items])
    return [(pointer, item) for _where, pointer, item in rows]


def _unique_rows(run: _Run, rows: list[tuple[_Where, str, Any]]) -> list[tuple[_Where, str, Any]]:
    """The records whose id no other record of the same file or table has. Records that share
    an id are all rejected, each naming where the id is given: which should win is not for the
    import to guess."""
    places: dict[uuid.UUID, list[str]] = defaultdict(list)
    for where, pointer, item in rows:
        pk = _uuid(item.get("id")) if isinstance(item, dict) else None
        if pk is not None:
            places[pk].append(f"{where.source} {where.at(pointer)}")
    kept = []
    for where, pointer, item in rows:
        pk = _uuid(item.get("id")) if isinstance(item, dict) else None
        if pk is None or len(places[pk]) == 1:
            kept.append((where, pointer, item))
            continue
        run.reject(
            where,
            pointer,
            _("the id %(id)s is given more than once (%(places)s); none of them was imported.")
            % {"id": pk, "places": "; ".join(places[pk])},
        )
    return kept


# --- CSV datapackages ----------------------------------------------------------------------------


def _table_entity(name: str) -> str | None:
    stem = Path(name).name.lower().removesuffix(".csv")
    for spec in _SPEC_LIST:
        if stem in (spec.table.removesuffix(".csv"), spec.entity, f"{spec.entity}s"):
            return spec.entity
    return "taxonomy" if stem == "taxonomies" else None


def _import_datapackage(run: _Run, folder: Path) -> None:
    descriptor = folder / "datapackage.json"
    resources: list[tuple[Path, str, str]] = []
    if descriptor.is_file():
        where = _Where(run.source(descriptor))
        package = _read_json(run, descriptor)
        if package is _UNREADABLE:
            return
        listed = package.get("resources") if isinstance(package, dict) else None
        if not isinstance(listed, list):
            run.reject(where, "/resources", _("expected a list."))
            return
        for index, resource in enumerate(listed):
            path = resource.get("path") if isinstance(resource, dict) else None
            target = (folder / path).resolve() if isinstance(path, str) else None
            if target is None or not target.is_relative_to(folder.resolve()):
                run.notice(where, _ptr("", "resources", index), _("not a local CSV file; skipped."))
                continue
            dialect = resource.get("dialect")
            delimiter = dialect.get("delimiter") if isinstance(dialect, dict) else None
            name = str(resource.get("name") or target.name)
            resources.append((target, name, str(delimiter or ",")))
    if not resources:
        resources = [(path, path.name, ",") for path in sorted(folder.glob("*.csv"))]

    rows: dict[str, list[tuple[_Where, str, dict[str, Any]]]] = {}
    for path, name, delimiter in resources:
        source = run.source(path)
        entity = _table_entity(path.name) or _table_entity(name)
        if entity is None:
            run.notice(_Where(source), "", _("this table is not kept here; skipped."))
            continue
        if not path.is_file():
            run.reject(_Where(source), "", _("file not found."))
            continue
        table = _read_csv(run, path, delimiter)
        if table is not None:
            rows.setdefault(entity, []).extend(table)
    _import_tables(run, rows)


def _read_csv(
    run: _Run, path: Path, delimiter: str
) -> list[tuple[_Where, str, dict[str, Any]]] | None:
    """The rows with the line each starts on, or None (and a rejection) if the file cannot be
    read: then its table is left out entirely, so that nothing is pruned for want of rows."""
    source = run.source(path)
    if _too_large(run, path):
        return None
    rows = []
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle, delimiter=delimiter)
            reader.fieldnames  # noqa: B018 -- reads the header, so that line_num counts it
            line = reader.line_num + 1
            for row in reader:
                # A quoted cell may span lines; a record is reported at the line where it starts.
                cells = {k.strip(): v for k, v in row.items() if k and v is not None}
                rows.append((_Where(source, line), "", cells))
                line = reader.line_num + 1
    except (UnicodeDecodeError, csv.Error) as error:
        run.reject(_Where(source), "", _("cannot read the CSV file: %(error)s") % {"error": error})
        return None
    return rows


def _import_tables(
    run: _Run, tables: Mapping[str, list[tuple[_Where, str, dict[str, Any]]]]
) -> None:
    """Import rows table by table, parents first; then, for each table given, take from the
    imported parents the children the table no longer lists."""
    imported: dict[str, set[uuid.UUID]] = defaultdict(set)
    present: dict[str, set[uuid.UUID]] = defaultdict(set)
    for entity in _TABLE_ORDER:
        rows = tables.get(entity, [])
        # Rows rejected as duplicates still count as present: they must not be pruned.
        present[entity].update(
            pk
            for _where, _pointer, row in rows
            if isinstance(row, dict) and (pk := _uuid(row.get("id")))
        )
        for where, pointer, row in _unique_rows(run, rows):
            instance = _import_record(run, _SPECS[entity], row, where, pointer)
            if instance is not None:
                imported[entity].add(instance.pk)
    with transaction.atomic():
        deleted = Counter[str]()
        for (child, fk), parent in _OWNED.items():
            if child in tables and imported[parent]:
                deleted[child] += _prune(_SPECS[child], fk, imported[parent], present[child])
        if "attribute" in tables:
            for entity, pks in list(imported.items()):
                stale = Attribute.objects.filter(link_entity=entity, link_id__in=pks)
                deleted["attribute"] += _delete(stale.exclude(pk__in=present["attribute"]))
        if deleted.total():
            _reindex((entity, pk) for entity, pks in imported.items() for pk in pks)
    run.report.deleted.update(+deleted)
