"""Facets are URLs: tags that add, replace or remove one query-string parameter."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def with_param(context, name: str, value) -> str:
    """The current URL's query string with `name` set to `value` (and back to page 1)."""
    params = context["request"].GET.copy()
    params[name] = value
    params.pop("page", None) if name != "page" else None
    return "?" + params.urlencode()


@register.simple_tag(takes_context=True)
def without_param(context, *names: str) -> str:
    """The current URL's query string without these parameters (and back to page 1)."""
    params = context["request"].GET.copy()
    for name in (*names, "page"):
        params.pop(name, None)
    return "?" + params.urlencode()
