"""The archive's search: a query and filters in, a page of hits with facets out.

Shared by the HTML search page and /api/search/. Any text whatsoever gets results or a
message, never an exception.
"""

import logging
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime

from django.urls import reverse
from django.utils.html import escape
from haystack.inputs import AutoQuery
from haystack.query import SearchQuerySet

from archive.extract.entities import gazetteer, normalise_name
from archive.models import Agency, Article, Category, Platform

log = logging.getLogger(__name__)

PER_PAGE = 20
MAX_QUERY = 500
# URL parameter → index field; also the facets, in the order pages show them.
FILTERS = {
    "agency": "agencies",
    "platform": "platforms",
    "category": "categories",
    "outlet": "outlet",
    "year": "year",
}
LABELLED = {"agencies": Agency, "platforms": Platform, "categories": Category}
SORTS = {"relevance": None, "newest": "-published_on", "oldest": "published_on"}


@dataclass(frozen=True)
class SearchParams:
    q: str = ""
    filters: dict[str, str] = field(default_factory=dict)  # keys of FILTERS
    date_from: date | None = None
    date_to: date | None = None
    sort: str = "relevance"
    page: int = 1
    words: bool = False  # search the words even when the query names an entity

    @classmethod
    def from_query_dict(cls, params) -> tuple["SearchParams", list[str]]:
        """Parse request parameters, leniently: what cannot be read is dropped, with a note."""
        notes = []
        q = clean_query(params.get("q", ""))
        filters = {
            name: params.get(name, "").strip()[:200] for name in FILTERS if params.get(name, "").strip()
        }
        dates = {}
        for name in ("from", "to"):
            raw = params.get(name, "").strip()
            if raw:
                try:
                    dates[name] = date.fromisoformat(raw[:10])
                except ValueError:
                    notes.append(f"Ignored the {name!r} date {raw[:40]!r}: use YYYY-MM-DD.")
        sort = params.get("sort", "relevance")
        if sort not in SORTS:
            notes.append(f"Unknown sort {sort[:40]!r}; sorted by relevance.")
            sort = "relevance"
        try:
            page = max(1, min(int(params.get("page", 1)), 10_000))
        except (TypeError, ValueError):
            page = 1
        words = params.get("words", "") in ("1", "true", "on")
        return cls(q, filters, dates.get("from"), dates.get("to"), sort, page, words), notes


@dataclass
class Hit:
    id: int
    title: str
    outlet: str
    published_on: date | None
    url: str
    snippet: str  # HTML, escaped apart from <em>


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int


@dataclass
class SearchPage:
    params: SearchParams
    total: int = 0
    hits: list[Hit] = field(default_factory=list)
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    entity: tuple[str, str] | None = None  # (kind, slug) the query was understood as
    suggestion: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // PER_PAGE))


def clean_query(raw: str) -> str:
    """Drop control and unassigned characters, collapse spaces, bound the length."""
    kept = "".join(ch for ch in raw if unicodedata.category(ch)[0] not in "C" or ch in " \t")
    return " ".join(kept.split())[:MAX_QUERY]


def label(param: str, value: str) -> str:
    """The display name of a filter value: an agency's name for its slug, and so on."""
    model = LABELLED.get(FILTERS.get(param, ""))
    found = model.objects.filter(slug=value).values_list("name", flat=True).first() if model else None
    return found or value


def understood_entity(q: str) -> tuple[str, str] | None:
    """The agency or platform a whole query names ("CAC", "微信", "Sina Weibo"), if exactly one."""
    refs = gazetteer().forms.get(normalise_name(q)) if q else None
    return refs[0] if refs and len(refs) == 1 else None


def search(params: SearchParams) -> SearchPage:
    result = SearchPage(params)
    sqs = SearchQuerySet().models(Article)
    q = params.q
    entity = None if params.words else understood_entity(q)
    if entity:
        result.entity = entity
        sqs = sqs.narrow(f'{FILTERS[entity[0]]}_exact:"{entity[1]}"')
    elif q:
        sqs = sqs.filter(content=AutoQuery(q))
    for name, value in params.filters.items():
        sqs = sqs.narrow(f'{FILTERS[name]}_exact:"{_quote(value)}"')
    if params.date_from:
        sqs = sqs.filter(published_on__gte=params.date_from)
    if params.date_to:
        sqs = sqs.filter(published_on__lte=params.date_to)
    if SORTS[params.sort]:
        sqs = sqs.order_by(SORTS[params.sort])
    elif not q or entity:
        sqs = sqs.order_by("-published_on")
    for name in FILTERS.values():
        sqs = sqs.facet(name)
    if q and not entity:
        sqs = sqs.highlight()
    try:
        _fill(result, sqs, q if not entity else "")
    except Exception:  # a query Whoosh cannot run must not become a server error
        log.exception("search failed for %r", q)
        result.notes.append("That search could not be run as written; showing a search for its plain words.")
        plain = " ".join(re.findall(r"\w+", q))
        if plain and plain != q:
            return search(
                SearchParams(
                    plain,
                    params.filters,
                    params.date_from,
                    params.date_to,
                    params.sort,
                    params.page,
                    params.words,
                )
            )
    if not result.total and q and not entity:
        result.suggestion = _suggest(q)
    return result


def _quote(value: str) -> str:
    return value.replace("\\", "").replace('"', "")


def _fill(result: SearchPage, sqs: SearchQuerySet, q: str) -> None:
    start = (result.params.page - 1) * PER_PAGE
    page = list(sqs[start : start + PER_PAGE])
    result.total = sqs.count()
    counts = sqs.facet_counts().get("fields", {})
    result.facets = {name: _labelled(name, counts.get(name, [])) for name in FILTERS.values()}
    for hit in page:
        highlighted = (getattr(hit, "highlighted", None) or {}).get("text", [""])
        result.hits.append(
            Hit(
                id=int(hit.pk),
                title=getattr(hit, "title", ""),
                outlet=getattr(hit, "outlet", ""),
                published_on=_as_date(getattr(hit, "published_on", None)),
                url=reverse("article_detail", args=[hit.pk]),
                snippet=highlighted[0] or escape(_opening(getattr(hit, "text", ""))),
            )
        )


def _labelled(name: str, counts: list[tuple[str, int]]) -> list[FacetValue]:
    model = LABELLED.get(name)
    names = (
        dict(model.objects.filter(slug__in=[v for v, _ in counts]).values_list("slug", "name"))
        if model
        else {}
    )
    return [FacetValue(value, names.get(value, value), count) for value, count in counts if value]


def _as_date(value) -> date | None:
    """Whoosh stores dates as datetimes."""
    return value.date() if isinstance(value, datetime) else value


def _opening(text: str, limit: int = 240) -> str:
    body = text.split("\n\n", 1)[-1]  # the indexed text starts with the title
    return body[:limit] + ("…" if len(body) > limit else "")


def _suggest(q: str) -> str:
    try:
        suggestion = SearchQuerySet().models(Article).spelling_suggestion(q) or ""
    except Exception:
        return ""
    return suggestion if suggestion and suggestion.lower() != q.lower() else ""
