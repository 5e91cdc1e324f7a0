"""The JSON API: /api/search/ and /api/articles/<id>/ (documented in the README)."""

from django.http import JsonResponse
from django.shortcuts import get_object_or_404

from archive.export import article_record
from archive.models import Article
from archive.search.query import SearchParams, search


def search_json(request):
    params, notes = SearchParams.from_query_dict(request.GET)
    results = search(params)
    return JsonResponse(
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
                }
                for hit in results.hits
            ],
            "facets": {
                name: [{"value": f.value, "label": f.label, "count": f.count} for f in values]
                for name, values in results.facets.items()
            },
            "suggestion": results.suggestion,
            "notes": [*notes, *results.notes],
        },
        json_dumps_params={"ensure_ascii": False},
    )


def _entity(entity):
    return {"kind": entity[0], "slug": entity[1]} if entity else None


def article_json(request, pk: int):
    article = get_object_or_404(Article.objects.with_facts(), pk=pk)
    return JsonResponse(article_record(article), json_dumps_params={"ensure_ascii": False})
