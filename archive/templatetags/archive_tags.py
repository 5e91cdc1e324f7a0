"""Facets are URLs: tags that add, replace or remove one query-string parameter.

They start from the page's parameters as its view read them (`selection` in the context) when
it gives them, so a link never repeats whatever else the query string held; else from the
request's query string."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def with_param(context, name: str, value) -> str:
    """The current URL's query string with `name` set to `value` (and back to page 1)."""
    params = _current(context)
    params[name] = value
    params.pop("page", None) if name != "page" else None
    return "?" + params.urlencode()


@register.simple_tag(takes_context=True)
def without_param(context, *names: str) -> str:
    """The current URL's query string without these parameters (and back to page 1)."""
    params = _current(context)
    for name in (*names, "page"):
        params.pop(name, None)
    return "?" + params.urlencode()


def _current(context):
    selection = context.get("selection")
    return (selection if selection is not None else context["request"].GET).copy()


TITLES = {
    "agency": "Agencies",
    "platform": "Platforms and companies",
    "campaign": "Campaigns",
    "law": "Laws and regulations",
}


@register.filter
def title_of(kind: str) -> str:
    """The heading of a list of entities of this kind."""
    return TITLES.get(kind, kind.title())
