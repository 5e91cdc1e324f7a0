"""The JSON twins of the HTML pages (documented in the README): the same selection, as data."""

from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import get_object_or_404

from archive.attention import as_json, attention
from archive.captures import CHANGES, change_record, changes_list
from archive.explore import FigureQuery, attach_sources, entity_profile, figure_page
from archive.export import article_record, asks_unconfirmed, figure_record
from archive.models import Agency, Article, Campaign, Law, Platform
from archive.search.query import SearchParams, search
from archive.totals import figure_totals, total_record
from archive.views import entity_counts, home_context

PER_PAGE = 50
TOTALS = 100  # the most reported; /export/figure-totals.csv has every one


def _json(data) -> JsonResponse:
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


def _page_number(request) -> int:
    try:
        return max(1, int(request.GET.get("page", 1)))
    except ValueError:
        return 1


def home_json(request):
    context = home_context()
    return _json(
        {
            "articles": context["article_count"],
            "figures": context["figure_count"],
            "latest": [_article_summary(request, a) for a in context["latest"]],
            "top_agencies": [_entity_summary(request, e) for e in context["top_agencies"]],
            "top_platforms": [_entity_summary(request, e) for e in context["top_platforms"]],
        }
    )


def article_list_json(request):
    page = Paginator(Article.objects.current().newest_first(), PER_PAGE).get_page(_page_number(request))
    return _json(
        {
            "total": page.paginator.count,
            "page": page.number,
            "pages": page.paginator.num_pages,
            "results": [_article_summary(request, a) for a in page.object_list],
        }
    )


def article_json(request, pk: int):
    article = get_object_or_404(Article.objects.only("pk"), pk=pk)
    return _json(article_record(article.pk, unconfirmed=asks_unconfirmed(request.GET)))


def search_json(request):
    params, notes = SearchParams.from_query_dict(request.GET)
    results = search(params)
    # the chart as on the search page: the search's own series unless only compare= was given
    found = attention(params, results if params.searches or not params.compare else None)
    return _json(
        {
            "query": params.q,
            "understood_as": _entity(results.entity),
            "total": results.total,
            "page": params.page,
            "pages": results.pages,
            "results": [
                {
                    "id": hit.id,
                    "title": hit.title,
                    "outlet": hit.outlet,
                    "published_on": hit.published_on.isoformat() if hit.published_on else None,
                    "url": request.build_absolute_uri(hit.url),
                    "snippet": hit.snippet,
                    "story": {"id": hit.story, "size": hit.story_size},
                    "copies_matched": hit.copies,
                }
                for hit in results.hits
            ],
            "facets": {
                name: [{"value": f.value, "label": f.label, "count": f.count} for f in values]
                for name, values in results.facets.items()
            },
            "attention": as_json(found),
            "suggestion": results.suggestion,
            "notes": [*notes, *results.notes],
        }
    )


def figures_json(request):
    """/api/figures/: the explorer's page of figures (each with its sources) and its totals."""
    query, notes = FigureQuery.from_query_dict(request.GET)
    page = figure_page(query, PER_PAGE, _page_number(request))
    base = request.build_absolute_uri("/")[:-1]
    return _json(
        {
            "filters": query.as_params(),
            "total": page.paginator.count,
            "page": page.number,
            "pages": page.paginator.num_pages,
            "results": [figure_record(f, base_url=base) for f in attach_sources(page.object_list)],
            "totals": [total_record(t, base_url=base) for t in figure_totals(query, TOTALS)],
            "notes": notes,
        }
    )


def agency_list_json(request):
    return _json({"results": [_entity_summary(request, e) for e in entity_counts(Agency)]})


def platform_list_json(request):
    return _json({"results": [_entity_summary(request, e) for e in entity_counts(Platform)]})


def campaign_list_json(request):
    return _json({"results": [_entity_summary(request, e) for e in entity_counts(Campaign)]})


def law_list_json(request):
    return _json({"results": [_entity_summary(request, e) for e in entity_counts(Law)]})


def campaign_json(request, slug: str):
    return _entity_json(request, get_object_or_404(Campaign, slug=slug))


def law_json(request, slug: str):
    return _entity_json(request, get_object_or_404(Law, slug=slug))


def agency_json(request, slug: str):
    return _entity_json(request, get_object_or_404(Agency, slug=slug))


def platform_json(request, slug: str):
    return _entity_json(request, get_object_or_404(Platform, slug=slug))


def _cited(entity) -> dict:
    """What a campaign or a law adds: who leads or issued it, its years or dates."""
    if isinstance(entity, Campaign):
        lead = entity.lead.slug if entity.lead else None
        return {"lead": lead, "from": entity.start_year, "to": entity.end_year}
    if isinstance(entity, Law):
        dates = {"adopted": entity.adopted, "effective": entity.effective}
        return {"issuer": entity.issuer.slug if entity.issuer else None} | {
            key: value.isoformat() if value else None for key, value in dates.items()
        }
    return {}


def _entity_json(request, entity):
    profile = entity_profile(entity)
    base = request.build_absolute_uri("/")[:-1]
    figures = profile["figures"][:PER_PAGE]
    return _json(
        {
            **_entity_summary(request, entity),
            "kind": profile["kind"],
            "acronyms": entity.acronyms,
            "names_zh": entity.names_zh,
            "aliases": entity.aliases,
            "former": entity.former,
            "parent": entity.parent.slug if entity.parent else None,
            "children": [child.slug for child in entity.children.all()],
            "articles": profile["article_count"],
            "articles_per_month": {f"{m:%Y-%m}": n for m, n in sorted(profile["per_month"].items())},
            "acted_with": profile["acted_with"],
            "named_with": profile["named_with"],
            **{key: profile[key] for key in ("agencies_with", "platforms_with") if key in profile},
            **_cited(entity),
            "latest_figures": [figure_record(f, base_url=base) for f in figures],
            "all_figures": request.build_absolute_uri(f"/api/figures/?{profile['kind']}={entity.slug}"),
        }
    )


def _article_summary(request, article: Article) -> dict:
    return {
        "id": article.pk,
        "title": article.title,
        "outlet": article.outlet,
        "published_on": article.published_on.isoformat() if article.published_on else None,
        "url": request.build_absolute_uri(article.get_absolute_url()),
    }


def _entity_summary(request, entity: Agency | Platform) -> dict:
    url = request.build_absolute_uri(entity.get_absolute_url())
    summary = {"slug": entity.slug, "name": entity.name, "url": url}
    if hasattr(entity, "article_count"):
        summary["articles"] = entity.article_count
    return summary


def _entity(entity):
    return {"kind": entity[0], "slug": entity[1]} if entity else None


def changes_json(request):
    """/api/changes/: the twin of /changes/."""
    base = request.build_absolute_uri("/")[:-1]
    return _json({"results": [change_record(check, base_url=base) for check in changes_list()[:CHANGES]]})
