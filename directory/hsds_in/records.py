"""Importing one record: validate, upsert, replace its children, all in one transaction."""

from __future__ import annotations

import uuid
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, NamedTuple

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import DatabaseError, models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from stdnum.no import orgnr

from core.text import text_error, text_normalise
from directory.hsds_in.report import (
    ImportReport,
    Notice,
    Rejection,
)
from directory.hsds_in.specs import (
    _MICRODEGREE,
    _MUNICIPALITY_NUMBER,
    _PROSE_LENGTH,
    _SPEC_LIST,
    _SPECS,
    _UUID,
    _Child,
    _Spec,
)
from directory.models import (
    Attribute,
    Contact,
    OrganizationIdentifier,
    Service,
    ServiceArea,
)
from directory.search import search_index_update
from municipalities.models import Municipality


@dataclass(frozen=True)
class _Where:
    source: str
    line: int | None = None
    # JSON says what type each value is, and the import holds it to that; CSV (and the tabular
    # format written as JSON) is text read by the model fields.
    typed: bool = True

    def at(self, pointer: str) -> str:
        if self.line is None:
            return pointer or "/"
        column = pointer.strip("/").split("/")[0]
        if column:
            return _("line %(line)d, column %(column)s") % {"line": self.line, "column": column}
        return _("line %(line)d") % {"line": self.line}


class _Pending(NamedTuple):
    """A link to a row of the same table that may come later in the import."""

    spec: _Spec
    pk: uuid.UUID
    fk: str
    target: uuid.UUID
    where: _Where
    pointer: str


@dataclass
class _Record:
    """What one top-level record did; merged into the run only when its transaction commits."""

    where: _Where
    contacts_public: bool = False
    touched: dict[tuple[str, uuid.UUID], bool] = field(default_factory=dict)
    deleted: Counter[str] = field(default_factory=Counter)
    notices: list[tuple[str, str]] = field(default_factory=list)
    # None: the link was set (or emptied) now, which overrides an earlier record's pending link.
    pending: dict[tuple[str, uuid.UUID, str], _Pending | None] = field(default_factory=dict)

    def notice(self, pointer: str, reason: str) -> None:
        self.notices.append((pointer, reason))


@dataclass
class _Run:
    root: Path
    # HSDS has no flag for it: imported contacts are public only when the import says so.
    contacts_public: bool = False
    report: ImportReport = field(default_factory=ImportReport)
    seen: set[tuple[str, uuid.UUID]] = field(default_factory=set)
    pending: dict[tuple[str, uuid.UUID, str], _Pending] = field(default_factory=dict)

    def source(self, path: Path) -> str:
        return str(path.relative_to(self.root)) if path.is_relative_to(self.root) else str(path)

    def commit(self, record: _Record) -> None:
        for key, created in record.touched.items():
            if key not in self.seen:
                self.seen.add(key)
                (self.report.created if created else self.report.updated)[key[0]] += 1
        self.report.deleted.update(+record.deleted)
        for pointer, reason in record.notices:
            self.notice(record.where, pointer, reason)
        for link, pending in record.pending.items():
            if pending is None:
                self.pending.pop(link, None)
            else:
                self.pending[link] = pending

    def notice(self, where: _Where, pointer: str, reason: str) -> None:
        self.report.notices.append(Notice(where.source, where.at(pointer), reason))

    def reject(self, where: _Where, pointer: str, reason: str) -> None:
        self.report.rejections.append(Rejection(where.source, where.at(pointer), reason))


class _InvalidRecordError(Exception):
    def __init__(self, pointer: str, errors: Mapping[str, str]) -> None:
        super().__init__(pointer)
        self.pointer = pointer
        self.errors = dict(errors)

    def render(self) -> tuple[str, str]:
        """(pointer, reason): the field itself when only one is wrong, else the object."""
        if len(self.errors) == 1:
            return next(iter(self.errors.items()))
        prefix = len(self.pointer) + 1
        return self.pointer, "; ".join(
            f"{where[prefix:] or '/'}: {reason}" for where, reason in self.errors.items()
        )


def _ptr(base: str, *parts: str | int) -> str:
    escaped = (str(part).replace("~", "~0").replace("/", "~1") for part in parts)
    return "/".join((base, *escaped))


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _uuid(value: object) -> uuid.UUID | None:
    if isinstance(value, str) and _UUID.fullmatch(value.strip()):
        return uuid.UUID(value.strip())
    return None


# --- one record --------------------------------------------------------------------------------


def _import_record(
    run: _Run, spec: _Spec, data: object, where: _Where, pointer: str
) -> models.Model | None:
    record = _Record(where, contacts_public=run.contacts_public)
    try:
        with transaction.atomic():
            instance = _upsert(record, spec, data, pointer, {})
            _reindex(record.touched)
    except _InvalidRecordError as invalid:
        run.reject(where, *invalid.render())
        return None
    except DatabaseError as error:
        # What validation cannot foresee, e.g. a row changed by someone else meanwhile.
        run.reject(
            where, pointer, _("the database refused the record: %(error)s") % {"error": error}
        )
        return None
    run.commit(record)
    return instance


def _reindex(touched: Iterable[tuple[str, uuid.UUID]]) -> None:
    """Search indexes the services these rows are part of, in the record's transaction."""
    ids: dict[str, list[uuid.UUID]] = defaultdict(list)
    for entity, pk in touched:
        ids[entity].append(pk)
    linked = (
        Q(pk__in=ids["service"])
        | Q(organization__in=ids["organization"])
        | Q(service_at_locations__location__in=ids["location"])
        | Q(service_at_locations__location__addresses__in=ids["address"])
        | Q(languages__in=ids["language"])
        | Q(service_areas__in=ids["service_area"])
    )
    services = set(Service.objects.filter(linked).values_list("pk", flat=True))
    tagged = Attribute.objects.filter(link_entity="service").filter(
        Q(pk__in=ids["attribute"]) | Q(taxonomy_term__in=ids["taxonomy_term"])
    )
    services |= set(tagged.values_list("link_id", flat=True))
    search_index_update(service_ids=services)


def _upsert(
    record: _Record, spec: _Spec, data: object, pointer: str, given: Mapping[str, object]
) -> models.Model:
    """Validate and write one object and everything nested in it. Raises _InvalidRecordError at
    the first object that is wrong; the caller's transaction then undoes the rest."""
    if not isinstance(data, dict):
        raise _InvalidRecordError(pointer, {pointer: _("expected a JSON object.")})
    pk = _uuid(data.get("id"))
    if pk is None:
        reason = _("is required.") if _blank(data.get("id")) else _("must be a UUID.")
        raise _InvalidRecordError(pointer, {_ptr(pointer, "id"): reason})
    existing = spec.model._default_manager.filter(pk=pk).first()
    instance = existing or spec.model(pk=pk)
    errors: dict[str, str] = {}
    assigned: set[str] = set()

    # Nested objects first: this row points at them, so they must exist before it is saved.
    # Their errors are collected with this object's, so that one pass reports them all.
    failed: set[str] = set()
    for key, entity in spec.nested.items():
        # The nested object's entity is also the name of the foreign key that points at it.
        if entity not in given and data.get(key) is not None:
            try:
                nested = _upsert(record, _SPECS[entity], data[key], _ptr(pointer, key), {})
            except _InvalidRecordError as invalid:
                errors.update(invalid.errors)
                failed.add(entity)
                continue
            setattr(instance, entity, nested)
            assigned.add(entity)
    for name, value in given.items():
        setattr(instance, name, value)
        assigned.add(name)

    for key in spec.required:
        if key != "id" and _blank(data.get(key)):
            errors[_ptr(pointer, key)] = _("is required.")
    for key, name in spec.field_map().items():
        if key in data and name not in given:
            try:
                value = _value(spec, name, data[key], record, _ptr(pointer, key))
            except ValueError as error:
                errors.setdefault(_ptr(pointer, key), str(error))
                continue
            setattr(instance, _field(spec.model, name).attname, value)
            assigned.add(name)
    for fk in spec.links:
        if fk not in assigned and fk not in failed and f"{fk}_id" in data:
            _link(record, spec, instance, fk, data[f"{fk}_id"], _ptr(pointer, f"{fk}_id"), errors)
            assigned.add(fk)
    for key, fk in spec.deferred.items():
        if key in data:
            _link_later(record, spec, instance, fk, data[key], _ptr(pointer, key), errors)
            assigned.add(fk)
    # A link already reported (an unknown id, a nested object in error) is not also "required".
    for where, reason in _missing_links(spec, instance, pointer, failed).items():
        errors.setdefault(where, reason)

    kept_time = _last_modified(data, pointer, errors) if isinstance(instance, Service) else None
    if isinstance(instance, ServiceArea) and "municipality" not in assigned:
        # Plain HSDS: an area named by a kommunenummer is that municipality.
        instance.municipality = _municipality_of(instance)
        assigned.add("municipality")
    if isinstance(instance, Contact) and (existing is None or record.contacts_public):
        # A new contact is public only when the import says so; an existing one keeps what
        # its owner chose unless the import says public.
        instance.public = record.contacts_public
        assigned.add("public")
    # Every error of the object at once: ours first (more specific), then the model's.
    try:
        instance.full_clean(
            validate_constraints=False, exclude=[*_failed_fields(spec, errors, pointer), *failed]
        )
    except ValidationError as error:
        for where, reason in _django_errors(spec, error, pointer).items():
            errors.setdefault(where, reason)
    if not errors:
        errors.update(_profile_checks(instance, pointer))
    if errors:
        raise _InvalidRecordError(pointer, errors)
    try:
        instance.validate_constraints()
    except ValidationError as error:
        raise _InvalidRecordError(pointer, _django_errors(spec, error, pointer)) from None

    if existing is None:
        instance.save(force_insert=True)
    else:
        auto = {f.name for f in spec.model._meta.concrete_fields if getattr(f, "auto_now", False)}
        instance.save(update_fields=assigned | auto)
    if kept_time is not None:
        spec.model._default_manager.filter(pk=pk).update(last_modified=kept_time)
    record.touched.setdefault((spec.entity, pk), existing is None)

    for child in spec.children:
        if data.get(child.key) is not None:
            try:
                _children(record, child, instance, data[child.key], _ptr(pointer, child.key))
            except _InvalidRecordError as invalid:
                errors.update(invalid.errors)
    if spec.entity != "attribute" and data.get("attributes") is not None:
        try:
            _attributes(record, spec, pk, data["attributes"], _ptr(pointer, "attributes"))
        except _InvalidRecordError as invalid:
            errors.update(invalid.errors)
    if errors:
        raise _InvalidRecordError(pointer, errors)
    return instance


def _field(model: type[models.Model], name: str) -> models.Field[Any, Any]:
    found = model._meta.get_field(name)
    if not isinstance(found, models.Field):
        raise TypeError(name)
    return found


def _value(spec: _Spec, name: str, value: object, record: _Record, pointer: str) -> object:
    """The raw JSON or CSV value, made ready for the model field (which validates the rest)."""
    model_field = _field(spec.model, name)
    if _blank(value):
        return None if model_field.null else ""
    if isinstance(value, dict | list):
        raise ValueError(_("expected a single value, not a list or an object."))
    if isinstance(model_field, models.BooleanField):
        return _boolean(value)
    if isinstance(value, bool):
        raise ValueError(_("expected a text or a number, not true or false."))
    if name == "municipality":
        return _municipality_number(value)
    if record.where.typed and record.where.line is None:
        _check_json_type(model_field, name, value)
    allowed = spec.enums.get(name)
    if allowed is not None and value not in allowed:
        raise ValueError(
            _("%(value)s is not one of %(allowed)s.")
            % {"value": f'"{value}"', "allowed": ", ".join(allowed)}
        )
    if name in ("latitude", "longitude"):
        return _coordinate(name, value, record, pointer)
    if isinstance(model_field, models.CharField | models.TextField):
        text = _text(value if isinstance(value, str) else str(value), model_field, record, pointer)
        limit = model_field.max_length
        if limit is not None and limit >= _PROSE_LENGTH and len(text) > limit:
            # HSDS sets no lengths. Prose longer than the column is cut and reported; a code that
            # is too long is wrong, and the model's validation rejects it.
            record.notice(
                pointer,
                _("longer than %(limit)d characters; the rest was cut off.") % {"limit": limit},
            )
            return text[: limit - 1] + "…"
        return text
    if isinstance(model_field, models.IntegerField) and isinstance(value, Decimal | float):
        if value != int(value):
            raise ValueError(_("must be a whole number."))
        return int(value)
    return value


def _boolean(value: object) -> bool:
    """true or false: JSON's, or CSV's words for them."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    raise ValueError(_("expected true or false, not %(value)s.") % {"value": _shown(value)})


def _municipality_number(value: object) -> str:
    """Norwegian profile: a municipality by its four-digit number (kommunenummer)."""
    number = value.strip() if isinstance(value, str) else None
    if number is None or not _MUNICIPALITY_NUMBER.fullmatch(number):
        raise ValueError(
            _("expected a four-digit municipality number, not %(value)s.")
            % {"value": _shown(value)}
        )
    if not Municipality.objects.filter(number=number).exists():
        raise ValueError(_("unknown municipality %(number)s.") % {"number": number})
    return number


def _last_modified(data: Mapping[str, object], pointer: str, errors: dict[str, str]) -> Any:
    """The source's `last_modified`, kept so that a `modified_after` sync after the import sees
    what changed at the source, not everything imported. None: the import time."""
    value = data.get("last_modified")
    if _blank(value):
        return None
    moment = parse_datetime(value.strip()) if isinstance(value, str) else None
    if moment is None or timezone.is_naive(moment):
        errors[_ptr(pointer, "last_modified")] = _(
            "expected a date-time with an offset, e.g. 2025-01-31T12:00:00+01:00."
        )
        return None
    return moment


def _check_json_type(model_field: models.Field[Any, Any], name: str, value: object) -> None:
    """JSON says what a value is: the type must be the one HSDS's schema gives (CSV cells are all
    text, and are read by the model field). `"name": 12345` is refused, not turned into text."""
    numeric = isinstance(model_field, models.IntegerField | models.DecimalField | models.FloatField)
    if name in ("latitude", "longitude") or numeric:
        if not isinstance(value, int | float | Decimal):
            raise ValueError(_("expected a number, not %(value)s.") % {"value": _shown(value)})
    elif not isinstance(value, str):
        raise ValueError(_("expected a text, not %(value)s.") % {"value": _shown(value)})


def _shown(value: object) -> str:
    return repr(value)[:50] if isinstance(value, str) else str(value)[:50]


def _text(text: str, model_field: models.Field[Any, Any], record: _Record, pointer: str) -> str:
    """The text normalised as everywhere (core.text). HSDS has no single-line fields, so a line
    break in what is a single line here (a name, a title) becomes a space and is reported;
    what no text may hold (NUL, bidirectional overrides, control characters) rejects the
    record."""
    text = text_normalise(text)
    multiline = isinstance(model_field, models.TextField)
    if not multiline and "\n" in text:
        text = " ".join(part.strip() for part in text.split("\n") if part.strip())
        record.notice(pointer, _("line breaks were replaced by spaces."))
    error = text_error(text, multiline=multiline)
    if error is not None:
        raise ValueError(" ".join(error.messages))
    return text


def _coordinate(name: str, value: object, record: _Record, pointer: str) -> Decimal | None:
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        number = Decimal("NaN")
    if not number.is_finite():
        raise ValueError(_("must be a number."))
    limit = 90 if name == "latitude" else 180
    if not -limit <= number <= limit:
        # A wrong position must not hide the rest of the location; it is left out and reported.
        record.notice(
            pointer,
            _("%(value)s is outside -%(limit)d…%(limit)d; the location was imported without it.")
            % {"value": value, "limit": limit},
        )
        return None
    return number.quantize(_MICRODEGREE)


def _link(
    record: _Record,
    spec: _Spec,
    instance: models.Model,
    fk: str,
    raw: object,
    pointer: str,
    errors: dict[str, str],
) -> None:
    model_field = _field(spec.model, fk)
    target_spec = next(s for s in _SPEC_LIST if s.model is model_field.related_model)
    attname = f"{fk}_id"
    if _blank(raw):
        setattr(instance, attname, None)
        return
    target = _uuid(raw)
    if target is None:
        errors[pointer] = _("must be a UUID.")
        return
    if target_spec.model._default_manager.filter(pk=target).exists():
        setattr(instance, attname, target)
        return
    missing = {"entity": target_spec.entity, "id": target}
    if model_field.null:
        setattr(instance, attname, None)
        record.notice(
            pointer, _("no %(entity)s %(id)s in the directory; the link was left empty.") % missing
        )
    else:
        errors[pointer] = (
            _("unknown %(entity)s %(id)s: not in the directory nor earlier in the import.")
            % missing
        )


def _link_later(
    record: _Record,
    spec: _Spec,
    instance: models.Model,
    fk: str,
    raw: object,
    pointer: str,
    errors: dict[str, str],
) -> None:
    """A parent of the same kind: linked now if it exists, else after the whole import."""
    attname = f"{fk}_id"
    setattr(instance, attname, None)
    record.pending[(spec.entity, instance.pk, fk)] = None
    if _blank(raw):
        return
    target = _uuid(raw)
    if target is None:
        errors[pointer] = _("must be a UUID.")
    elif target == instance.pk:
        errors[pointer] = _("cannot be its own parent.")
    elif spec.model._default_manager.filter(pk=target).exists():
        setattr(instance, attname, target)
    else:
        pending = _Pending(spec, instance.pk, fk, target, record.where, pointer)
        record.pending[(spec.entity, instance.pk, fk)] = pending


def _failed_fields(spec: _Spec, errors: Mapping[str, str], pointer: str) -> list[str]:
    """The model fields whose HSDS key already has an error: the model need not check them."""
    keys = {where[len(pointer) + 1 :] for where in errors if where.startswith(pointer + "/")}
    fields = [name for key, name in spec.field_map().items() if key in keys]
    return fields + [fk for fk in spec.links if f"{fk}_id" in keys]


def _missing_links(
    spec: _Spec, instance: models.Model, pointer: str, failed: Collection[str] = ()
) -> dict[str, str]:
    def ways(fk: str) -> str:
        nested = [key for key, entity in spec.nested.items() if entity == fk]
        return _(" or ").join([*nested, f"{fk}_id"])

    empty = [fk for fk in spec.links if getattr(instance, f"{fk}_id") is None and fk not in failed]
    for fk in empty:
        if not _field(spec.model, fk).null:
            return {
                _ptr(pointer, f"{fk}_id"): _("is required (give %(keys)s).") % {"keys": ways(fk)}
            }
    if spec.needs_link and len(empty) == len(spec.links):
        keys = ", ".join(f"{fk}_id" for fk in spec.links)
        return {pointer: _("belongs to nothing: give one of %(keys)s.") % {"keys": keys}}
    return {}


def _profile_checks(instance: models.Model, pointer: str) -> dict[str, str]:
    """Rules beyond the model fields: HSDS's and the Norwegian profile's."""
    errors: dict[str, str] = {}
    if isinstance(instance, Service):
        low, high = instance.minimum_age, instance.maximum_age
        if low is not None and high is not None and low > high:
            errors[_ptr(pointer, "minimum_age")] = _(
                "minimum_age %(low)d is above maximum_age %(high)d."
            ) % {"low": low, "high": high}
    elif isinstance(instance, OrganizationIdentifier):
        is_orgnr = instance.identifier_scheme.strip().upper() == "NO-BRC" or (
            "organisasjonsnummer" in instance.identifier_type.lower()
        )
        if is_orgnr:
            if orgnr.is_valid(instance.identifier):
                instance.identifier = orgnr.compact(instance.identifier)
            else:
                errors[_ptr(pointer, "identifier")] = _(
                    "%(value)s is not a valid Norwegian organisation number."
                ) % {"value": instance.identifier}
    return errors


def _municipality_of(area: ServiceArea) -> Municipality | None:
    """Norwegian profile: an area named by a kommunenummer is that municipality."""
    numbers = [
        value.strip()
        for value in (area.name, area.extent)
        if _MUNICIPALITY_NUMBER.fullmatch(value.strip())
    ]
    return Municipality.objects.filter(number__in=numbers).first() if numbers else None


def _django_errors(spec: _Spec, error: ValidationError, pointer: str) -> dict[str, str]:
    return {
        (pointer if name == NON_FIELD_ERRORS else _ptr(pointer, spec.key_of(name))): " ".join(
            messages
        )
        for name, messages in error.message_dict.items()
    }


def _children(
    record: _Record, child: _Child, parent: models.Model, items: object, pointer: str
) -> None:
    if not isinstance(items, list):
        raise _InvalidRecordError(pointer, {pointer: _("expected a list.")})
    spec = _SPECS[child.entity]
    if child.owned:
        keep = {i for item in items if isinstance(item, dict) and (i := _uuid(item.get("id")))}
        record.deleted[spec.entity] += _prune(spec, child.fk, [parent.pk], keep)
    _each_item(record, spec, items, pointer, {child.fk: parent})


def _each_item(
    record: _Record, spec: _Spec, items: list[object], pointer: str, given: Mapping[str, object]
) -> None:
    """Upsert every item, then report the errors of all of them, not only the first's."""
    errors: dict[str, str] = {}
    for index, item in enumerate(items):
        try:
            _upsert(record, spec, item, _ptr(pointer, index), given)
        except _InvalidRecordError as invalid:
            errors.update(invalid.errors)
    if errors:
        raise _InvalidRecordError(pointer, errors)


def _attributes(record: _Record, spec: _Spec, pk: uuid.UUID, items: object, pointer: str) -> None:
    if not isinstance(items, list):
        raise _InvalidRecordError(pointer, {pointer: _("expected a list.")})
    keep = {i for item in items if isinstance(item, dict) and (i := _uuid(item.get("id")))}
    # Stale links go first, so that a term moved to a new attribute id does not collide with them.
    stale = Attribute.objects.filter(link_entity=spec.entity, link_id=pk).exclude(pk__in=keep)
    record.deleted["attribute"] += _delete(stale)
    given = {"link_entity": spec.entity, "link_id": pk}
    _each_item(record, _SPECS["attribute"], items, pointer, given)


def _prune(
    spec: _Spec, fk: str, parents: Collection[uuid.UUID], keep: Collection[uuid.UUID]
) -> int:
    """Take the parents' children that are not in `keep` away from them; delete those that
    then belong to nothing. Returns how many rows were deleted."""
    manager = spec.model._default_manager
    gone = list(
        manager.filter(**{f"{fk}_id__in": parents})
        .exclude(pk__in=keep)
        .values_list("pk", flat=True)
    )
    if not gone:
        return 0
    if not _field(spec.model, fk).null:
        return _delete(manager.filter(pk__in=gone))
    manager.filter(pk__in=gone).update(**{f"{fk}_id": None})
    return _delete(manager.filter(pk__in=gone, **{f"{link}_id": None for link in spec.links}))


def _delete(queryset: models.QuerySet[Any]) -> int:
    """Delete and count the rows of the queryset's own model (not what cascades from them)."""
    return queryset.delete()[1].get(queryset.model._meta.label, 0)


def _resolve_pending(run: _Run) -> None:
    for pending in run.pending.values():
        manager = pending.spec.model._default_manager
        if manager.filter(pk=pending.target).exists():
            manager.filter(pk=pending.pk).update(**{f"{pending.fk}_id": pending.target})
        else:
            run.notice(
                pending.where,
                pending.pointer,
                _("no %(entity)s %(id)s in the directory; the link was left empty.")
                % {"entity": pending.spec.entity, "id": pending.target},
            )


# --- files and folders -------------------------------------------------------------------------
