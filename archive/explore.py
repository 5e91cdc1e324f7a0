"""What the figures explorer, the exports and the feeds select, read from URL parameters.

One place, so that a page, its JSON twin, its download and its feed always hold exactly the
same rows.
"""

import itertools
import time
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from datetime import date

from django.core.paginator import Page, Paginator
from django.db.models import Count, F, Q, QuerySet

from archive.models import Agency, Article, Figure, Mention, Platform
from archive.search.parse import resolve_entity
from archive.search.query import SearchParams, matching_ids
from archive.units import named_unit, unit_forms

FIGURE_SORTS = {
    "newest": (F("article__published_on").desc(nulls_last=True), "-value"),
    "oldest": (F("article__published_on").asc(nulls_last=True), "-value"),
    # by the figure's own columns, so a partial index gives the order (at 100k articles sorting
    # every figure took most of a second); ties newest year first, undated last
    "largest": ("-value", F("year").desc(nulls_last=True), "-pk"),
    "smallest": ("value", F("year").asc(nulls_first=True), "pk"),
}
CHUNK = 200
COMMON = 50  # one figure in 50: see FigureQuery._common
LEADS_FOR = 60  # seconds _common trusts its count of every distinct figure (only speed hangs on it)
_leads = (0.0, 0)  # (when counted, how many)
NONE = "none"  # agency=none: the figures that name no agency (platform and year alike)
YES = ("1", "true", "yes", "on")


@dataclass(frozen=True)
class FigureQuery:
    """The explorer's filters: every one optional, each a URL parameter of the same name.

    One row per fact (the earliest copy of it in its story, with the others as its sources)
    unless `copies`; `conflicts` keeps the facts whose copies disagree; `exact` matches the
    agency or platform alone (not its offices or products); `none` matches figures naming no
    agency, no platform, or an undated article's.
    """

    agency: str = ""
    platform: str = ""
    action: str = ""
    object: str = ""
    unit: str = ""
    year: str = ""
    kind: str = ""
    sort: str = "newest"
    copies: bool = False
    conflicts: bool = False
    exact: bool = False

    @classmethod
    def from_query_dict(cls, params) -> tuple["FigureQuery", list[str]]:
        notes = []
        values = {name: params.get(name, "").strip()[:200] for name in ("agency", "platform", "action")}
        values["object"] = params.get("object", "").strip()[:200]
        values["unit"] = params.get("unit", "").strip()[:200]
        if (unit := named_unit(values["object"])) and values["unit"] in ("", unit):
            # "accounts" counts 账号 and 賬號 too: the unit, not the words
            values["object"], values["unit"] = "", unit
            notes.append(f"Counted {unit}: figures of {', '.join(unit_forms(unit))}.")
        year = params.get("year", "").strip()
        if year and year != NONE and not (year.isdigit() and len(year) == 4):
            notes.append(f"Ignored the year {year[:20]!r}: use four digits.")
            year = ""
        kind = params.get("kind", "").strip()
        if kind and kind not in Figure.Kind.values:
            notes.append(f"Unknown kind {kind[:40]!r}: use {' or '.join(Figure.Kind.values)}.")
            kind = ""
        sort = params.get("sort", "newest")
        if sort not in FIGURE_SORTS:
            notes.append(f"Unknown sort {sort[:40]!r}; newest first.")
            sort = "newest"
        for name in ("agency", "platform"):
            if values[name] and values[name] != NONE and not resolve_entity(values[name], kind=name):
                notes.append(f"No {name} is called {values[name]!r}.")
        flags = {name: params.get(name, "").strip() in YES for name in ("copies", "conflicts", "exact")}
        return cls(**values, year=year, kind=kind, sort=sort, **flags), notes

    def figures(self) -> QuerySet[Figure]:
        """The selection in its order, to count, add up or read whole."""
        return self._rows(walk=False)

    def paged(self) -> QuerySet[Figure]:
        """The selection to read one page of (see _common)."""
        return self._rows(walk=self._common())

    def _rows(self, *, walk: bool) -> QuerySet[Figure]:
        # a row shows its article's title and date and its entities' names, nothing heavier
        rows = Figure.objects.select_related("article", "agency", "platform").only(
            *(f.name for f in Figure._meta.concrete_fields),
            *("article__title", "article__outlet", "article__published_on"),
            *("agency__slug", "agency__name", "platform__slug", "platform__name"),
        )
        rows = self.narrow(rows, year="article__published_on__year", walk=walk)
        if self.object:
            rows = rows.filter(object__icontains=self.object)
        if self.kind:
            rows = rows.filter(kind=self.kind)
        if not self.copies and self.object:
            # a substring of every distinct figure's object is read from the table: written
            # so, no partial index on the distinct figures serves, whose every row SQLite's
            # planner would look up (1.7 s at 100k articles, against a scan's 0.1 s)
            rows = rows.filter(lead__in=[True])
        elif not self.copies:
            rows = rows.filter(lead=True)
        if self.conflicts:
            rows = rows.filter(conflict=True)
        order = FIGURE_SORTS[self.sort]
        return rows.order_by(*order, *(() if order[-1] in ("pk", "-pk") else ("pk",)))

    def narrow(self, rows: QuerySet, *, year: str = "year", walk: bool = False) -> QuerySet:
        """Rows with agency, platform, action and unit columns (figures, or the totals stored of
        them) narrowed by those filters and the year's, `year` being the lookup of their year.
        `walk`: match the entities so that no index on them can serve (see _common)."""
        for name in ("agency", "platform"):
            rows = self._by_entity(rows, name, walk=walk)
        if self.action:
            rows = rows.filter(action__iexact=self.action)
        if self.unit:
            rows = rows.filter(unit=self.unit)
        if self.year == NONE:
            rows = rows.filter(**{f"{year.removesuffix('__year')}__isnull": True})
        elif self.year:
            rows = rows.filter(**{year: int(self.year)})
        return rows

    def _by_entity(self, rows: QuerySet, name: str, *, walk: bool) -> QuerySet:
        value = getattr(self, name)
        if not value:
            return rows
        if value == NONE:
            return rows.filter(**{f"{name}__isnull": True})
        found = resolve_entity(value, kind=name)
        slug = found[1] if found else value
        model = Agency if name == "agency" else Platform
        family = Q(slug=slug) if self.exact else Q(slug=slug) | Q(parent__slug=slug)
        # an agency's figures include those of its own offices; ids, so the index on them serves
        ids = list(model.objects.filter(family).values_list("pk", flat=True))
        if walk:  # "+ 0" hides the column from the planner
            return rows.alias(**{f"{name}_plain": F(f"{name}_id") + 0}).filter(**{f"{name}_plain__in": ids})
        return rows.filter(**{f"{name}_id__in": ids})

    def _common(self) -> bool:
        """Whether the agency or platform asked for states one in COMMON of the archive's figures
        or more. The first of those in the order asked are found soonest by walking the index
        that gives the order (the articles' dates, the figures' values) past the figures of
        others, not by sorting every figure of theirs (the CAC's 55,000 at 100k articles, newest
        first: 300 → 7 ms); for rarer ones the other way round."""
        if not any(getattr(self, name) not in ("", NONE) for name in ("agency", "platform")):
            return False
        leads = Figure.objects.filter(lead=True)  # counted from partial indexes
        return self.narrow(leads).count() * COMMON > _lead_count(leads)

    def as_params(self) -> dict[str, str]:
        """The non-default filters, for links to this selection in another form."""
        chosen = {k: v for k, v in asdict(self).items() if v and not (k == "sort" and v == "newest")}
        return {k: "1" if v is True else v for k, v in chosen.items()}


def _lead_count(leads: QuerySet[Figure]) -> int:
    """How many distinct figures there are, counted again once a minute at most (10 ms at 100k
    articles, on every page of an agency or a platform)."""
    global _leads
    if time.monotonic() - _leads[0] > LEADS_FOR:
        _leads = (time.monotonic(), leads.count())
    return _leads[1]


def figure_page(query: FigureQuery, per_page: int, number) -> Page:
    """One page of the explorer's figures: its rows' ids first, without the joins that show
    them (joined to the articles, SQLite's planner sorted every figure by value, 0.7 s at 100k
    articles, rather than walk the index on it), then those rows."""
    rows = query.paged()
    paginator = Paginator(page_ids(rows), per_page)
    paginator.count = query.figures().count()  # from the entities' indexes, not through a walk
    page = paginator.get_page(number)
    ids = list(page.object_list)
    found = rows.in_bulk(ids)
    page.object_list = [found[pk] for pk in ids]
    return page


def page_ids(rows: QuerySet[Figure]) -> QuerySet:
    """The ids of the rows, in their order, read without joining what the rows show."""
    return rows.select_related(None).values_list("pk", flat=True)


def attach_sources(figures: Iterable[Figure]) -> list[Figure]:
    """The figures, each with `sources`: the copies of its fact in its story's articles,
    earliest first (itself alone when no other article states it)."""
    figures = list(figures)
    facts = {figure.fact for figure in figures if figure.fact}
    found: dict[str, list[Figure]] = {}
    # not empty: the partial index on facts serves; sorted here, or the planner walks the dates
    copies = Figure.objects.filter(fact__in=facts).exclude(fact="").select_related("article")
    copies = copies.only(
        *("pk", "fact", "value", "qualifier", "currency", "article__title", "article__outlet"),
        "article__published_on",
    )
    for copy in sorted(copies.order_by(), key=_earliest):
        found.setdefault(copy.fact, []).append(copy)
    for figure in figures:
        figure.sources = found.get(figure.fact, [figure]) if figure.fact else [figure]
    return figures


def _earliest(figure: Figure) -> tuple:
    published = figure.article.published_on
    return (published is None, published or date.min, figure.article_id, figure.pk)


def selected_article_ids(params, limit: int | None = None) -> list[int]:
    """The ids of every article a search or filter selects (all of them when none is given),
    in its order."""
    search, _ = SearchParams.from_query_dict(params)
    if search.q or search.filters or search.date_from or search.date_to:
        return matching_ids(search, limit)
    return list(Article.objects.current().newest_first().values_list("pk", flat=True)[:limit])


def selected_articles(params, limit: int | None = None) -> Iterator[Article]:
    """The articles selected_article_ids() names, read from the database in chunks so memory
    stays flat."""
    ids = selected_article_ids(params, limit)
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        found = Article.objects.for_records().in_bulk(chunk)
        yield from (found[pk] for pk in chunk if pk in found)


def cited_profile(entity) -> dict:
    """A campaign's page (with its editions') or a law's: articles per month, the figures of
    the enforcement behind it (a campaign: the figures whose sentence names it; a law: those of
    the articles that cite it), and the agencies and platforms named with it."""
    kind = entity._meta.model_name
    articles = Article.objects.current().mentioning(entity)
    per_month = articles_per_month(articles)
    if kind == "campaign":
        figures = Figure.objects.filter(campaign__in=[entity, *entity.children.all()])
    else:
        figures = Figure.objects.filter(article__in=articles.values("pk"), kind=Figure.Kind.ENFORCEMENT)
    figures = figures.select_related("article", "agency", "platform").order_by(
        F("article__published_on").desc(nulls_last=True), "-pk"
    )
    named = {}
    for other in ("agency", "platform"):
        rows = (
            Mention.objects.filter(article__in=articles.values("pk"), **{f"{other}__isnull": False})
            .values(f"{other}__slug", f"{other}__name")
            .annotate(articles=Count("article", distinct=True))
            .order_by("-articles", f"{other}__name")[:10]
        )
        named[other] = [
            {"slug": r[f"{other}__slug"], "name": r[f"{other}__name"], "articles": r["articles"]}
            for r in rows
        ]
    return {
        "kind": kind,
        "other": "",
        "article_count": articles.count(),
        "per_month": per_month,
        "figures": figures,
        "figure_count": figures.count(),
        "acted_with": [],
        "named_with": [],
        "agencies_with": named["agency"],
        "platforms_with": named["platform"],
    }


def articles_per_month(articles: QuerySet[Article]) -> dict[date, int]:
    """First day of each month → how many of the articles were published in it: counted by
    day in the database and added up here (SQLite truncates a date to its month by calling
    Python once a row: most of an agency's page at 100k articles)."""
    per_month: dict[date, int] = {}
    days = articles.exclude(published_on=None).order_by().values_list("published_on")
    for day, n in days.annotate(n=Count("id")):
        month = day.replace(day=1)
        per_month[month] = per_month.get(month, 0) + n
    return per_month


def selected_figures(params) -> Iterator[Figure]:
    """The explorer's figures for a download, each with its sources, a chunk at a time."""
    query, _ = FigureQuery.from_query_dict(params)
    rows = query.figures().iterator(chunk_size=CHUNK)
    while chunk := list(itertools.islice(rows, CHUNK)):
        yield from attach_sources(chunk)


def entity_profile(entity) -> dict:
    """What an agency's or platform's page and its JSON twin show: its articles per month,
    its figures (with its offices'), and the other side ("platforms this agency acted on"
    and back). A campaign's or a law's: see cited_profile."""
    if not isinstance(entity, Agency | Platform):
        return cited_profile(entity)
    kind = "agency" if isinstance(entity, Agency) else "platform"
    other = "platform" if kind == "agency" else "agency"
    query = FigureQuery(**{kind: entity.slug})
    articles = Article.objects.mentioning(entity)
    per_month = articles_per_month(articles)
    acted = (
        Figure.objects.filter(**{kind: entity})
        .exclude(**{f"{other}__isnull": True})
        .values(f"{other}__slug", f"{other}__name")
        .annotate(figures=Count("id"))
        .order_by("-figures", f"{other}__name")[:10]
    )
    # one mention per article and entity: its mentions count its articles, no article read
    mentions = Mention.objects.filter(**{kind: entity})
    named_with = (
        Mention.objects.filter(article__in=mentions.values("article"), **{f"{other}__isnull": False})
        .values(f"{other}__slug", f"{other}__name")
        .annotate(articles=Count("pk"))
        .order_by("-articles", f"{other}__name")[:10]
    )
    return {
        "kind": kind,
        "other": other,
        "article_count": mentions.count(),
        "per_month": per_month,
        "figures": query.paged(),
        "figure_count": query.figures().count(),
        "acted_with": [
            {"slug": r[f"{other}__slug"], "name": r[f"{other}__name"], "figures": r["figures"]} for r in acted
        ],
        "named_with": [
            {"slug": r[f"{other}__slug"], "name": r[f"{other}__name"], "articles": r["articles"]}
            for r in named_with
        ],
    }
