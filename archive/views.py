"""HTML pages: home, article list and page, agency and platform pages, search."""

import logging

from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.views.generic import DetailView, ListView
from haystack.query import SearchQuerySet

from archive.models import Agency, Article, Figure, Platform
from archive.search.query import FILTERS, SearchParams, label, search

log = logging.getLogger(__name__)


def home(request):
    """Counts, the latest articles and the most-named agencies and platforms.

    Template: archive/home.html
    """
    context = {
        "article_count": Article.objects.count(),
        "figure_count": Figure.objects.count(),
        "latest": Article.objects.newest_first()[:10],
        "top_agencies": _most_named(Agency),
        "top_platforms": _most_named(Platform),
    }
    context["agency_count"] = Agency.objects.filter(articles__isnull=False).distinct().count()
    context["platform_count"] = Platform.objects.filter(articles__isnull=False).distinct().count()
    return render(request, "archive/home.html", context)


def _most_named(model, limit: int = 10):
    return (
        model.objects.annotate(article_count=Count("articles", distinct=True))
        .filter(article_count__gt=0)
        .order_by("-article_count", "name")[:limit]
    )


class ArticleListView(ListView):
    """Every article, newest first. Template: archive/article_list.html"""

    queryset = Article.objects.newest_first()
    paginate_by = 25


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
        context["related"] = related_articles(article)
        return context


def related_articles(article: Article, limit: int = 5) -> list[Article]:
    """Articles most like this one, by the search index's more-like-this; [] if it cannot say."""
    try:
        ids = [int(hit.pk) for hit in SearchQuerySet().more_like_this(article)[:limit]]
    except Exception:  # related articles are a garnish: never fail the page over them
        log.exception("more like this failed for article %s", article.pk)
        return []
    found = Article.objects.in_bulk(ids)
    return [found[i] for i in ids if i in found]


def mark_sentences(body: str, figures: list[Figure]) -> str:
    """The body as HTML paragraphs, each figure's sentence marked and anchored."""
    spans = sorted({(f.start, f.end, f.pk) for f in figures if 0 <= f.start < f.end <= len(body)})
    html, position = [], 0
    for start, end, pk in spans:
        if start < position:
            continue
        html.append(escape(body[position:start]))
        html.append(f'<mark class="figure-sentence" id="figure-{pk}">{escape(body[start:end])}</mark>')
        position = end
    html.append(escape(body[position:]))
    paragraphs = "".join(html).split("\n\n")
    return mark_safe("".join(f"<p>{p}</p>" for p in paragraphs if p.strip()))


class EntityDetailView(DetailView):
    """An agency or platform: its names, and the articles naming it.

    Template: archive/entity_detail.html
    """

    template_name = "archive/entity_detail.html"
    context_object_name = "entity"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        entity = self.object
        articles = Article.objects.mentioning(entity).newest_first()
        field = "agency" if isinstance(entity, Agency) else "platform"
        context.update(
            kind=field,
            articles=articles[:50],
            article_count=articles.count(),
            figures=Figure.objects.filter(Q(**{field: entity})).select_related("article")[:50],
            search_param=field,
        )
        return context


class AgencyDetailView(EntityDetailView):
    model = Agency


class PlatformDetailView(EntityDetailView):
    model = Platform


FACET_TITLES = {
    "agency": "Agency",
    "platform": "Platform",
    "category": "Category",
    "outlet": "Outlet",
    "year": "Year",
}


def health(request):
    """A bare view for load balancers and for the benchmark's baseline: no database, no index."""
    return HttpResponse("ok\n", content_type="text/plain")


def search_page(request):
    """Full-text search with facets; the filters are URL parameters.

    Template: archive/search.html
    Context: params, notes, results (a SearchPage or None before any search), facets,
    chips (the active filters), understood (the entity the query was read as).
    """
    params, notes = SearchParams.from_query_dict(request.GET)
    context = {"params": params, "notes": notes, "results": None}
    if params.q or params.filters or params.date_from or params.date_to:
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
    return render(request, "archive/search.html", context)


def _entity(ref: tuple[str, str] | None) -> Agency | Platform | None:
    if ref is None:
        return None
    model = Agency if ref[0] == "agency" else Platform
    return model.objects.filter(slug=ref[1]).first()
