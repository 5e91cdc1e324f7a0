"""Atom feeds: the latest articles, any search (a saved search is a feed URL), any agency or
platform."""

from datetime import UTC, datetime, time

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from archive.explore import selected_articles
from archive.models import Agency, Article, Platform

ITEMS = 50


class ArticleFeed(Feed):
    feed_type = Atom1Feed

    def item_title(self, item: Article) -> str:
        return item.title

    def item_description(self, item: Article) -> str:
        body = item.body.split("\n\n", 1)[0]
        return body[:400] + ("…" if len(body) > 400 else "")

    def item_pubdate(self, item: Article) -> datetime:
        if item.published_on:
            return datetime.combine(item.published_on, time.min, tzinfo=UTC)
        return item.capture.captured_at

    def item_updateddate(self, item: Article) -> datetime:
        return item.processed_at

    def item_author_name(self, item: Article) -> str:
        return item.outlet or None

    def item_categories(self, item: Article) -> list[str]:
        return [*(a.name for a in item.agencies.all()), *(p.name for p in item.platforms.all())]


class LatestArticlesFeed(ArticleFeed):
    title = "Internet regulation archive: latest articles"
    subtitle = "The newest articles in the archive."

    def link(self):
        return reverse("article_list")

    def items(self):
        return Article.objects.with_facts().newest_first()[:ITEMS]


class SearchFeed(ArticleFeed):
    """/feeds/search/?q=…&agency=… — the same parameters as the search page, newest first."""

    def get_object(self, request):
        params = request.GET.copy()
        params["sort"] = "newest"
        return params

    def title(self, params) -> str:
        words = [params.get("q", "").strip()]
        words += [f"{k}: {params[k]}" for k in ("agency", "platform", "category") if params.get(k)]
        return "Internet regulation archive: " + (" · ".join(w for w in words if w) or "all articles")

    def link(self, params) -> str:
        return reverse("search") + "?" + params.urlencode()

    def items(self, params):
        return list(selected_articles(params, limit=ITEMS))


class EntityFeed(ArticleFeed):
    model: type[Agency] | type[Platform]

    def get_object(self, request, slug: str):
        return get_object_or_404(self.model, slug=slug)

    def title(self, entity) -> str:
        return f"Internet regulation archive: {entity.name}"

    def link(self, entity) -> str:
        return entity.get_absolute_url()

    def items(self, entity):
        return Article.objects.with_facts().mentioning(entity).newest_first()[:ITEMS]


class AgencyFeed(EntityFeed):
    model = Agency


class PlatformFeed(EntityFeed):
    model = Platform
