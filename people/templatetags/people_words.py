"""What an API key or a system client may do, in words: `{{ token.scopes|scope_words }}`."""

from __future__ import annotations

from django import template

from people.tokens import scope_choices

register = template.Library()


@register.filter
def scope_words(scopes: str) -> str:
    """ "teams:read plans:write" → "Lese: lag, logg, møter og oppgaver; Skrive: planer", in the
    order of the form's choices."""
    labels = dict(scope_choices())
    chosen = set(scopes.split())
    return "; ".join(str(label) for scope, label in labels.items() if scope in chosen)
