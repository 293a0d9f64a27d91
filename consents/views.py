"""The consent form as the pages of other apps use it – a team's consents and opening a team
(`teams.views.consents_sharing`, `concerns.views`). Those pages check access first and call
these; nothing here is routed on its own.

Who must consent depends on the units ticked and the child's age (the rights engine). The form
shows it while the units are ticked: htmx asks the page's "givers" address for the part of the
form that says who must consent, and without JavaScript a "check" button and the submit give
the same answer. A consent is never recorded with givers the person did not see and confirm."""

from __future__ import annotations

import datetime
import re
import uuid
from collections.abc import Iterable
from typing import Any

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.translation import gettext as _

from children.models import Child
from consents.forms import ConsentForm, ConsentGiversForm
from consents.models import BasisKind
from consents.selectors import (
    ConsentGivers,
    consent_form_choices,
    consent_givers,
    consent_units_named,
)
from units.forms import UNIT_SEARCH

CHECK_ACTION = "check"
MUNICIPALITY_NUMBER = re.compile(r"^[0-9]{4}$")


def _as_query(values: dict[str, Any]) -> QueryDict:
    query = QueryDict(mutable=True)
    for name, value in values.items():
        if isinstance(value, list | tuple):
            query.setlist(name, [str(getattr(item, "pk", item)) for item in value])
        elif isinstance(value, datetime.date):
            query[name] = value.isoformat()
        elif value is not None:
            query[name] = str(value)
    return query


def moving_to_sent(data: QueryDict) -> str | None:
    """The municipality number a consent form that allows a move sent, if it is one."""
    number = data.get("moving_to", "")
    return number if MUNICIPALITY_NUMBER.match(number) else None


def consent_givers_read(data: QueryDict, *, child: Child) -> ConsentGivers | None:
    """Who must consent for the units, start date and choice sent. None when what was sent
    names units or guardians the form does not offer (a made-up request); a date that is not
    one yet (being typed) counts as today."""
    units, guardians = consent_form_choices(child=child, moving_to=moving_to_sent(data))
    form = ConsentGiversForm(data, units=units, guardians=guardians)
    form.is_valid()
    if set(form.errors) - {"valid_from"}:
        return None
    sent = form.cleaned_data
    on = sent.get("valid_from")
    return consent_givers(
        child=child,
        units=sent.get("units") or [],
        given_by=sent.get("given_by") or "",
        guardians=sent.get("guardians") or [],
        on=on if on and on >= child.birth_date else None,
        kind=sent.get("kind") or BasisKind.CONSENT,
    )


def consent_form_build(
    request: HttpRequest,
    *,
    form_class: type[ConsentForm],
    child: Child,
    initial: dict[str, Any],
    suggested_units: Iterable[uuid.UUID] = (),
    named_units: Iterable[uuid.UUID] | None = None,
) -> ConsentForm:
    """The consent form for a GET, a "check who must consent" (sent back unsaved, with no
    errors for what is not filled in yet) or a submit. On a submit whose "who gave it" the
    rule for the ticked units does not allow, the choice is moved to the rule's answer with
    an error on the field: the caller must not save then (`form.givers.changed`).

    `named_units` are the units the child's consents name (`consent_units_named`), when the
    caller has read the ledger already; else they are read here."""
    posted = request.POST if request.method == "POST" else None
    units, guardians = consent_form_choices(
        child=child, moving_to=moving_to_sent(posted) if posted is not None else None
    )
    sent: QueryDict
    if posted is not None and posted.get("action") != CHECK_ACTION:
        form = form_class(posted, units=units, guardians=guardians)
        sent = posted
    else:
        values = {**initial, **(ConsentForm.initial_from(posted) if posted is not None else {})}
        form = form_class(units=units, guardians=guardians, initial=values)
        sent = _as_query(values)
    nobody_yet = consent_givers(child=child, units=[], given_by="", guardians=[])
    if posted is None and not _decides_givers(initial):
        # Nothing ticked or chosen yet: nobody must consent yet, as reading it would answer.
        givers = nobody_yet
    else:
        givers = consent_givers_read(sent, child=child) or nobody_yet
    if form.is_bound:
        form.is_valid()
    form.limit_units(
        suggested={
            *suggested_units,
            *(named_units if named_units is not None else consent_units_named(child=child)),
        },
        search=posted.get(UNIT_SEARCH, "") if posted is not None else "",
    )
    form.show_givers(givers)
    if form.is_bound and givers.changed:
        form.add_error("given_by", givers_changed_message(givers))
    return form


def _decides_givers(values: dict[str, Any]) -> bool:
    """Whether the form's values say anything that decides who must consent: units, who gave
    it, guardians, or a basis other than a consent."""
    return bool(
        values.get("units")
        or values.get("given_by")
        or values.get("guardians")
        or values.get("kind", BasisKind.CONSENT) != BasisKind.CONSENT
    )


def givers_changed_message(givers: ConsentGivers) -> str:
    authority = givers.authority
    if authority is None:  # only a rule moves the choice; nothing to say without one
        return ""
    return _(
        "At %(age)s years and with these units, the consent must be given by: %(who)s "
        "(%(rules)s). The choice is changed to that: check that these people gave it, and "
        "record again."
    ) % {"age": authority.age, "who": givers.given_by_label, "rules": authority.citations}


def consent_form_is_checking(request: HttpRequest) -> bool:
    return request.method == "POST" and request.POST.get("action") == CHECK_ACTION


def consent_givers_partial(request: HttpRequest, *, child: Child) -> HttpResponse:
    """The part of the consent form that says who must consent, for htmx to swap in while
    the units are ticked (GET with the form's units, "who gave it", guardians, start date and
    basis). 400 for units or guardians the form does not offer."""
    givers = consent_givers_read(request.GET, child=child)
    if givers is None:
        return HttpResponse(_("Choose units and guardians from the form."), status=400)
    units, guardians = consent_form_choices(child=child)
    form = ConsentForm(units=units, guardians=guardians)
    form.show_givers(givers)
    return render(
        request,
        "consents/_givers.html",
        {"form": form, "givers": givers, "live": True},
    )
