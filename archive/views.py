"""HTML pages: home, articles, agencies and platforms, the figures explorer, search."""

import logging

from django.db.models import Exists, F, Func, OuterRef, Subquery
from django.http import HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.views.generic import DetailView, ListView
from haystack.query import SearchQuerySet

from archive import data
from archive.attention import attention
from archive.captures import REPLAYED_TYPES, text_diff, versions
from archive.charts import month_chart
from archive.explore import FIGURE_SORTS, FigureQuery, attach_sources, entity_profile, figure_page
from archive.models import Agency, Article, Campaign, Candidate, Category, Figure, Law, Mention, Platform
from archive.public import original_url, public_source
from archive.search.query import FILTERS, MAX_SERIES, SearchParams, label, search
from archive.text import TABLE_ROW
from archive.totals import SHOWN, figure_totals

log = logging.getLogger(__name__)


def home(request):
    """Counts, the latest articles and the most-named agencies and platforms.

    Template: archive/home.html
    """
    return render(request, "archive/home.html", home_context())


def home_context() -> dict:
    return {
        "article_count": Article.objects.current().count(),
        "figure_count": Figure.objects.count(),
        "latest": Article.objects.current().newest_first()[:10],
        "top_agencies": _most_named(Agency),
        "top_platforms": _most_named(Platform),
        "agency_count": Agency.objects.filter(Exists(_mentions_of(Agency))).count(),
        "platform_count": Platform.objects.filter(Exists(_mentions_of(Platform))).count(),
    }


def entity_counts(model):
    """Every agency or platform with the number of articles naming it, most named first.
    An article names an entity in one Mention at most, so the count is the entity's range
    of mentions (a grouped join over every mention took 0.6 s at 100k articles)."""
    counts = _mentions_of(model).annotate(n=Func("pk", function="COUNT")).values("n")
    return model.objects.annotate(article_count=Subquery(counts)).order_by("-article_count", "name")


def _mentions_of(model):
    """The mentions of the agency or platform of the enclosing query."""
    return Mention.objects.filter(**{model._meta.model_name: OuterRef("pk")}).order_by()


def _most_named(model, limit: int = 10):
    return entity_counts(model).filter(Exists(_mentions_of(model)))[:limit]


class ArticleListView(ListView):
    """Every article, newest first. Template: archive/article_list.html"""

    queryset = Article.objects.current().newest_first()
    paginate_by = 25

    def get_context_data(self, **kwargs):
        return super().get_context_data(selection=QueryDict(), **kwargs)  # it reads only the page


class ArticleDetailView(DetailView):
    """An article, its facts, and its original capture. Template: archive/article_detail.html"""

    queryset = Article.objects.with_facts()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        article = self.object
        figures = list(article.figures.all())
        context["figures"] = figures
        context["body_html"] = mark_sentences(article.body, figures)
        context["capture_text"] = article.capture.text()
        context["source"] = public_source(article.capture.source)
        context["original_url"] = original_url(article.url)
        context["related"] = related_articles(article)
        context["permalink"] = self.request.build_absolute_uri(article.get_absolute_url())
        context["versions"] = version_history(article)
        context["story_copies"] = story_copies(article)
        context["candidates"] = article.candidate_mentions.filter(
            candidate__status=Candidate.Status.PENDING
        ).select_related("candidate")
        context["replayable"] = article.capture.media_type in REPLAYED_TYPES
        return context


def story_copies(article: Article, limit: int = 50) -> list[Article]:
    """The other articles that carry the same text (reprints, other scripts), oldest first."""
    if not article.story_key:
        return []
    copies = Article.objects.current().filter(story_key=article.story_key).exclude(pk=article.pk)
    return list(copies.order_by(F("published_on").asc(nulls_last=True), "pk")[:limit])


def version_history(article: Article) -> list[dict]:
    """Every capture of the article's URL by date, each with what changed from the one before
    (none when the URL was captured once)."""
    found = versions(article)
    if len(found) < 2:
        return []
    history, before = [], None
    for version in found:
        diff = text_diff(before.body, version.body) if before is not None else ""
        history.append({"article": version, "diff": diff, "this": version.pk == article.pk})
        before = version
    return history


def related_articles(article: Article, limit: int = 5) -> list[Article]:
    """Articles most like this one, by the search index's more-like-this; [] if it cannot say."""
    if article.superseded_by_id:  # an earlier version: the index holds only the latest
        return []
    try:
        ids = [int(hit.pk) for hit in SearchQuerySet().more_like_this(article)[:limit]]
    except Exception:  # related articles are a garnish: never fail the page over them
        log.exception("more like this failed for article %s", article.pk)
        return []
    found = Article.objects.in_bulk(ids)
    # its own reprints are listed as the same story, not as related articles
    return [found[i] for i in ids if i in found and found[i].story_key != article.story_key]


def mark_sentences(body: str, figures: list[Figure]) -> str:
    """The body as HTML paragraphs, each figure's sentence marked and anchored (figures that
    share or overlap a sentence share one mark, with an anchor for each)."""
    regions: list[list] = []  # [start, end, figure ids]
    spans = sorted((f.start, f.end, f.pk) for f in figures if 0 <= f.start < f.end <= len(body))
    for start, end, pk in spans:
        if regions and start < regions[-1][1]:
            regions[-1][1] = max(regions[-1][1], end)
            regions[-1][2].append(pk)
        else:
            regions.append([start, end, [pk]])
    html, position = [], 0
    for start, end, pks in regions:
        anchors = "".join(f'<span id="figure-{pk}"></span>' for pk in pks[1:])
        html.append(escape(body[position:start]))
        html.append(
            f'<mark class="figure-sentence" id="figure-{pks[0]}">{anchors}{escape(body[start:end])}</mark>'
        )
        position = end
    html.append(escape(body[position:]))
    blocks, rows = [], []
    for paragraph in [p for p in "".join(html).split("\n\n") if p.strip()] + [""]:
        if TABLE_ROW.fullmatch(paragraph):  # a row of the article's table, as cleaning keeps it
            rows.append(paragraph[2:-2].split(" | "))
            continue
        if rows:
            head, *rest = rows
            cells = "".join(f'<th scope="col">{c}</th>' for c in head)
            body_rows = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rest)
            blocks.append(f'<table class="article__table"><tr>{cells}</tr>{body_rows}</table>')
            rows = []
        if paragraph:
            blocks.append(f"<p>{paragraph}</p>")
    return mark_safe("".join(blocks))


class EntityDetailView(DetailView):
    """An agency or platform: its names, articles per month, figures, and the other side.

    Template: archive/entity_detail.html
    """

    template_name = "archive/entity_detail.html"
    context_object_name = "entity"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        entity = self.object
        profile = entity_profile(entity)
        figures = profile["figures"]
        context.update(
            profile,
            articles=Article.objects.current().mentioning(entity).newest_first()[:25],
            chart=month_chart(profile["per_month"]),
            figures=figures[:50],
        )
        return context


class EntityListView(ListView):
    """Every agency or platform with how many articles name it, a page at a time (the places'
    offices make thousands of agencies). Template: archive/entity_list.html"""

    template_name = "archive/entity_list.html"
    context_object_name = "entities"
    paginate_by = 100

    def get_queryset(self):
        return entity_counts(self.model)

    def get_context_data(self, **kwargs):
        return super().get_context_data(kind=self.model._meta.model_name, **kwargs)


class AgencyDetailView(EntityDetailView):
    model = Agency


class PlatformDetailView(EntityDetailView):
    model = Platform


class CampaignDetailView(EntityDetailView):
    model = Campaign


class LawDetailView(EntityDetailView):
    model = Law


class AgencyListView(EntityListView):
    model = Agency


class PlatformListView(EntityListView):
    model = Platform


class CampaignListView(EntityListView):
    model = Campaign


class LawListView(EntityListView):
    model = Law


def figures_page(request):
    """Every fact in the archive (or every copy, with copies=1), filtered and sorted by URL
    parameters, with the totals of the selection.

    Template: archive/figures.html
    Context: query, notes, page_obj and figures (each with its sources), totals, actions,
    sorts, selection (the parameters as read, for links).
    """
    query, notes = FigureQuery.from_query_dict(request.GET)
    page = figure_page(query, 50, request.GET.get("page"))
    actions = sorted(data.load("figures")["actions"])  # the actions figures are read with
    context = {"query": query, "notes": notes, "page_obj": page, "figures": attach_sources(page.object_list)}
    context.update(actions=list(actions), sorts=list(FIGURE_SORTS), totals=figure_totals(query, SHOWN))
    context["selection"] = as_query_dict(query.as_params())  # for links; pages add their number
    return render(request, "archive/figures.html", context)


FACET_TITLES = {
    "agency": "Agency",
    "platform": "Platform",
    "campaign": "Campaign",
    "law": "Law",
    "category": "Category",
    "language": "Language",
    "outlet": "Outlet",
    "year": "Year",
}


def health(request):
    """A bare view for load balancers and for the benchmark's baseline: no database, no index."""
    return HttpResponse("ok\n", content_type="text/plain")


def search_page(request):
    """Full-text search with facets and a chart of matches per month; the filters are URL
    parameters.

    Template: archive/search.html
    Context: params, notes, results (a SearchPage or None before any search), facets,
    chips (the active filters), understood (the entity the query was read as), selection
    (the parameters as read, for links), attention (the chart, with the compared queries).
    """
    params, notes = SearchParams.from_query_dict(request.GET)
    context = {"params": params, "notes": notes, "results": None}
    context["selection"] = as_query_dict(params.as_params())
    if params.compare:
        context["selection"].setlist("compare", list(params.compare))
    context["compare_boxes"] = [*params.compare, *[""] * (MAX_SERIES - 1 - len(params.compare))]
    if params.searches:
        results = search(params)
        context.update(
            results=results,
            facets=[
                {"title": FACET_TITLES[param], "param": param, "values": results.facets.get(field, [])}
                for param, field in FILTERS.items()
            ],
            chips=[
                {"param": param, "label": FACET_TITLES[param], "value": label(param, value)}
                for param, value in params.filters.items()
            ],
            understood=_entity(results.entity),
            names=[(typed, _entity((kind, slug))) for kind, slug, typed in results.understood],
        )
    context["attention"] = attention(params, context["results"])
    return render(request, "archive/search.html", context)


def as_query_dict(params: dict[str, str]) -> QueryDict:
    """A page's parameters as read, for its links (archive_tags.with_param reads them)."""
    query = QueryDict(mutable=True)
    query.update(params)
    return query


UNDERSTOOD = {"agency": Agency, "platform": Platform, "campaign": Campaign, "law": Law, "category": Category}


def _entity(ref: tuple[str, str] | None):
    """The entity (or category) a query was read as."""
    if ref is None:
        return None
    return UNDERSTOOD[ref[0]].objects.filter(slug=ref[1]).first()
