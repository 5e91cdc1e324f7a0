"""The archive's search: a query and filters in, a page of hits with facets out.

Shared by the HTML search page and /api/search/. Any text whatsoever gets results or a
message, never an exception.
"""

import calendar
import logging
import re
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from functools import cache

from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from haystack.constants import DJANGO_CT
from haystack.inputs import Raw
from haystack.query import SearchQuerySet

from archive import data
from archive.extract.entities import entities
from archive.models import Article
from archive.search import UnrunnableQuery
from archive.search.highlight import snippet
from archive.search.parse import ParsedQuery, parse_query, resolve_entity

log = logging.getLogger(__name__)

PER_PAGE = 20
EARLIEST_YEAR = 1990  # the web before this is not in anyone's archive of regulation news
MAX_QUERY = 500
# URL parameter → index field; also the facets, in the order pages show them.
FILTERS = {
    "agency": "agencies",
    "platform": "platforms",
    "campaign": "campaigns",
    "law": "laws",
    "category": "categories",
    "language": "language",
    "outlet": "outlet",
    "year": "year",
}
MONTH = "month"  # its facet counts the matching articles per month ("2021-03")
MONTH_FIELD = "month_exact"  # the facet's field: each month one term, as written
EVERY = DJANGO_CT  # every document holds the one value: its facet counts the matches, every copy
MAX_SERIES = 3  # queries on one chart of attention over time (the search and compare=)
MAX_COMPARE_READ = 20  # compare= values read at most (the rest are left out unread)
SORTS = {"relevance": None, "newest": "-published_on", "oldest": "published_on"}
STORY_FIELD = "story_exact"  # the copies of one story share it (archive/stories.py)
LANGUAGES = {"en": "English", "zh-hans": "Chinese (simplified)", "zh-hant": "Chinese (traditional)"}
CANNOT_RUN = "That search could not be run as written"  # the start of the note when it fails
ANY_PART = "No article holds every part of the query: these hold some of them, those holding most first."


@dataclass(frozen=True)
class SearchParams:
    q: str = ""
    filters: dict[str, str] = field(default_factory=dict)  # keys of FILTERS
    date_from: date | None = None
    date_to: date | None = None
    sort: str = "relevance"
    page: int = 1
    words: bool = False  # search the words even when the query names an entity
    copies: bool = False  # every copy of a story, not the story once
    compare: tuple[str, ...] = ()  # other queries charted beside this one (compare=, repeated)

    @property
    def searches(self) -> bool:
        """Whether there is a search to run: words, filters or dates."""
        return bool(self.q or self.filters or self.date_from or self.date_to)

    @classmethod
    def from_query_dict(cls, params) -> tuple["SearchParams", list[str]]:
        """Parse request parameters, leniently: what cannot be read is dropped, with a note."""
        notes = []
        q = clean_query(params.get("q", ""))
        filters = {name: clean_query(params.get(name, ""))[:200] for name in FILTERS}
        filters = {name: value for name, value in filters.items() if value}
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
        copies = params.get("copies", "") in ("1", "true", "on")
        found = cls(q, filters, dates.get("from"), dates.get("to"), sort, page, words, copies)
        compare, note = _compared(found, params)
        return replace(found, compare=compare), [*notes, *([note] if note else [])]

    def as_params(self) -> dict[str, str]:
        """The parameters as read, defaults left out: links to this search in another form or
        page repeat these, not the raw query string (which may hold 100 KB of anything)."""
        found = {"q": self.q, **self.filters, "sort": "" if self.sort == "relevance" else self.sort}
        found |= {"from": self.date_from.isoformat() if self.date_from else ""}
        found |= {"to": self.date_to.isoformat() if self.date_to else ""}
        found |= {"page": str(self.page) if self.page > 1 else "", "words": "1" if self.words else ""}
        found |= {"copies": "1" if self.copies else ""}
        return {name: value for name, value in found.items() if value}


def _compared(params: SearchParams, raw) -> tuple[tuple[str, ...], str]:
    """The compare= queries (repeated parameter) that fit on the chart beside the search, and a
    note naming those left out: the chart holds MAX_SERIES queries, the search's own among them
    when there is one."""
    values = (
        raw.getlist("compare")[:MAX_COMPARE_READ] if hasattr(raw, "getlist") else [raw.get("compare", "")]
    )
    seen = {params.q.casefold()} if params.searches else set()
    wanted = []
    for value in map(clean_query, values):
        if value and value.casefold() not in seen:
            seen.add(value.casefold())
            wanted.append(value)
    room = MAX_SERIES - (1 if params.searches else 0)
    if len(wanted) <= room:
        return tuple(wanted), ""
    left_out = ", ".join(f"“{value[:40]}”" for value in wanted[room:])
    return tuple(wanted[:room]), f"Only {MAX_SERIES} queries fit on one chart: left out {left_out}."


@dataclass(frozen=True)
class Timeline:
    """The articles a search matches per month (every copy of a story), and those without a date."""

    per_month: dict[date, int] = field(default_factory=dict)
    undated: int = 0
    complete: bool = True  # False: dated matches the index holds no month for (built before it did)


def timeline(counts: dict[str, list[tuple[str, int]]]) -> Timeline:
    """A Timeline from the facet counts of MONTH, the year and EVERY."""
    per_month = {}
    for value, count in counts.get(MONTH, []):
        try:
            per_month[date.fromisoformat(f"{value}-01")] = count
        except ValueError:  # not a month: nothing we wrote
            continue
    dated = sum(count for value, count in counts.get(FILTERS["year"], []) if value)
    documents = sum(count for _, count in counts.get(EVERY, []))
    return Timeline(per_month, max(0, documents - dated), complete=sum(per_month.values()) >= dated)


@dataclass
class Hit:
    id: int
    title: str
    outlet: str
    published_on: date | None
    url: str
    snippet: str  # HTML, escaped apart from <em> (highlight.py)
    story: str = ""
    copies: int = 0  # other articles of the same story that the search matched (not shown)
    story_size: int = 1  # articles in the story


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
    entity: tuple[str, str] | None = None  # (kind, slug) when the whole query was a name
    understood: tuple[tuple[str, str, str], ...] = ()  # (kind, slug, as typed) for every name
    suggestion: str = ""
    notes: list[str] = field(default_factory=list)
    timeline: Timeline = field(default_factory=Timeline)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // PER_PAGE))


def clean_query(raw: str) -> str:
    """Drop control and unassigned characters, collapse spaces, bound the length."""
    kept = "".join(ch for ch in raw if unicodedata.category(ch)[0] not in "C" or ch in " \t")
    return " ".join(kept.split())[:MAX_QUERY]


def label(param: str, value: str) -> str:
    """The display name of a filter value: an agency's name for its slug, and so on."""
    return _names(FILTERS.get(param, "")).get(value, value)


@cache
def _names(field: str) -> dict[str, str]:
    """slug → name for a facet field, from the data files the gazetteer is loaded from (no
    database query on every search)."""
    kinds = {"agencies": "agency", "platforms": "platform", "campaigns": "campaign", "laws": "law"}
    if field in kinds:
        return {e["slug"]: e["name"] for e in entities(kinds[field])}
    if field == "language":
        return LANGUAGES
    if field == "categories":
        return {c["slug"]: c["name"] for c in data.load("categories")["category"]}
    return {}


def load_tables() -> None:
    """Read what searches read from the data files (names and their misspellings, category
    labels, common words, the Chinese converter) before the first search needs them."""
    parse_query("Kuiashou CAC")
    for name in FILTERS.values():
        _names(name)
    snippet("微信 social media", "微信 social media", term_of=SearchQuerySet().query.backend.term_of)


def search(params: SearchParams, parsed: ParsedQuery | None = None) -> SearchPage:
    result = SearchPage(params)
    parsed = parsed or parse_query(params.q, words_only=params.words)
    result.entity = parsed.only_entity
    result.understood = parsed.entities
    result.notes.extend(parsed.notes)
    if params.q and not parsed.text:
        result.notes.append("Nothing to search for in that query: try some words or a name.")
        return result
    sqs = _matching(params, parsed)
    if not params.copies:  # a story once, by its best copy
        sqs = sqs._clone()
        sqs.query.collapse = STORY_FIELD
    for name in (*FILTERS.values(), MONTH, EVERY):
        sqs = sqs.facet(name)
    marks = parsed.text if parsed.text and not result.entity else ""  # the words snippets mark
    if marks:
        sqs = sqs.set_spelling_query(params.q)
    try:
        _fill(result, sqs, marks)
    except UnrunnableQuery as error:  # the person's query, not our bug: one line, no traceback
        log.warning("search could not be run: %r (%s)", params.q, error)
        result.notes.append(f"{CANNOT_RUN}: try fewer symbols or filters.")
        return result
    except Exception:  # a bug in the backend: logged in full, but never a server error
        log.exception("search failed for %r with %r", params.q, params.filters)
        plain = " ".join(re.findall(r"\w+", params.q))
        if plain and plain != params.q:
            retried = search(replace(params, q=plain))
            retried.notes.insert(0, f"{CANNOT_RUN}; showing its plain words.")
            return retried
        result.notes.append(f"{CANNOT_RUN}: try fewer symbols or filters.")
        return result
    if not result.total and parsed.any_text:  # the articles holding most of its parts first
        anywhere = search(params, parsed=parsed.any_part())
        if anywhere.total:
            anywhere.notes.insert(0, ANY_PART)
            return anywhere
    if not result.total and parsed.text and not result.entity:
        suggestion = sqs.spelling_suggestion() or ""  # found by the run above, not a new search
        result.suggestion = suggestion if suggestion.lower() != params.q.lower() else ""
    if params.date_from or params.date_to:
        undated = _undated(replace(params, date_from=None, date_to=None), parsed)
        if undated:
            result.notes.append(
                f"The dates leave out {undated:,} matching article{'s' if undated != 1 else ''} "
                "that give no publication date."
            )
    return result


def _undated(params: SearchParams, parsed) -> int:
    """How many articles the search matches without its dates that have no date at all."""
    try:
        return _timeline(params, parsed).undated
    except Exception:  # a count for a note: never the reason a search fails
        log.exception("counting undated articles failed for %r", params.q)
        return 0


def _timeline(params: SearchParams, parsed) -> Timeline:
    """The search's matches per month, from the facets alone (one run, no page of hits)."""
    sqs = _matching(params, parsed).facet(MONTH).facet(FILTERS["year"]).facet(EVERY)
    list(sqs[:1])  # one run: the facets come with it (slice first: see _fill)
    return timeline(sqs.facet_counts().get("fields", {}))


def search_timeline(params: SearchParams) -> tuple[Timeline | None, str]:
    """The matches per month of a search without its page of hits (a compared query), or None
    and a note saying why it cannot say."""
    parsed = parse_query(params.q, words_only=params.words)
    if params.q and not parsed.text:
        return None, "nothing to search for in that query"
    try:
        return _timeline(params, parsed), ""
    except UnrunnableQuery as error:
        log.warning("search could not be run: %r (%s)", params.q, error)
        return None, "that query could not be run as written"
    except Exception:  # a bug in the backend: logged in full, but never a server error
        log.exception("counting per month failed for %r with %r", params.q, params.filters)
        return None, "that query could not be run"


def matching_ids(params: SearchParams, limit: int | None = None) -> list[int]:
    """The ids of every article the search matches (or the first `limit`), in its order,
    for exports and feeds."""
    parsed = parse_query(params.q, words_only=params.words)
    if params.q and not parsed.text:
        return []
    sqs = _matching(params, parsed)
    try:
        if not sqs.count() and parsed.any_text:  # as the search page: any part, most parts first
            sqs = _matching(params, parsed.any_part())
        total = sqs.count() if limit is None else min(sqs.count(), limit)
        return [int(hit.pk) for hit in sqs[:total]] if total else []
    except UnrunnableQuery as error:
        log.warning("search could not be run: %r (%s)", params.q, error)
        return []
    except Exception:  # a bug in the backend: logged in full; the download is empty
        log.exception("search failed for %r", params.q)
        return []


def _matching(params: SearchParams, parsed) -> SearchQuerySet:
    sqs = SearchQuerySet().models(Article)
    if parsed.text:
        sqs = sqs.filter(content=Raw(parsed.text))
    for name, value in params.filters.items():
        sqs = sqs.narrow(f'{FILTERS[name]}_exact:"{_filter_value(name, value)}"')
    if params.date_from or params.date_to:
        sqs = sqs.narrow(date_clause(params.date_from, params.date_to))
    if SORTS[params.sort]:
        sqs = sqs.order_by(SORTS[params.sort])
    elif not parsed.text or (parsed.only_entity and parsed.only_entity[0] != "category"):
        sqs = sqs.order_by("-published_on")
    return sqs


def _filter_value(name: str, value: str) -> str:
    """A slug for agency and platform filters, even when given a name ("CAC", "微信")."""
    if name in ("agency", "platform") and (found := resolve_entity(value, kind=name)):
        return found[1]
    # inside quotes, on one line (Whoosh's phrase pattern stops at a line break)
    return " ".join(value.replace('"', "").replace("\\", "").split())


def date_clause(start: date | None, end: date | None) -> str:
    """A date range as year, month and day terms: a few posting lists, however wide."""
    start = start or date(EARLIEST_YEAR, 1, 1)
    end = min(end or date.max, date(timezone.now().year + 1, 12, 31))
    terms, cursor = [], start
    while cursor <= end:
        year_end = date(cursor.year, 12, 31)
        month_end = date(cursor.year, cursor.month, calendar.monthrange(cursor.year, cursor.month)[1])
        if cursor == date(cursor.year, 1, 1) and year_end <= end:
            terms.append(f'year_exact:"{cursor.year}"')
            cursor = year_end + timedelta(days=1)
        elif cursor.day == 1 and month_end <= end:
            terms.append(f'{MONTH_FIELD}:"{cursor:%Y-%m}"')
            cursor = month_end + timedelta(days=1)
        else:
            terms.append(f'day:"{cursor:%Y%m%d}"')  # one word: a text field parts words at hyphens
            cursor += timedelta(days=1)
    return " OR ".join(terms) if terms else 'day:"none"'


def _fill(result: SearchPage, sqs: SearchQuerySet, marks: str) -> None:
    start = (result.params.page - 1) * PER_PAGE
    page = list(sqs[start : start + PER_PAGE])
    result.total = sqs.count()
    counts = sqs.facet_counts().get("fields", {})
    result.facets = {name: _labelled(name, counts.get(name, [])) for name in FILTERS.values()}
    result.timeline = timeline(counts)
    term_of = sqs.query.backend.term_of
    for hit in page:
        text = getattr(hit, "text", "") or ""
        result.hits.append(
            Hit(
                id=int(hit.pk),
                title=getattr(hit, "title", ""),
                outlet=getattr(hit, "outlet", ""),
                published_on=_as_date(getattr(hit, "published_on", None)),
                url=reverse("article_detail", args=[hit.pk]),
                snippet=(marks and snippet(text, marks, term_of=term_of)) or escape(_opening(text)),
                story=getattr(hit, "story", ""),
                copies=getattr(hit, "copies", 0),
                story_size=getattr(hit, "group_size", 1),
            )
        )


def _labelled(name: str, counts: list[tuple[str, int]]) -> list[FacetValue]:
    names = _names(name)
    return [FacetValue(value, names.get(value, value), count) for value, count in counts if value]


def _as_date(value) -> date | None:
    """Whoosh stores dates as datetimes."""
    return value.date() if isinstance(value, datetime) else value


def _opening(text: str, limit: int = 240) -> str:
    body = text.split("\n\n", 1)[-1]  # the indexed text starts with the title
    return body[:limit] + ("…" if len(body) > limit else "")
