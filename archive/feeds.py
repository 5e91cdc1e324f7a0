"""Atom feeds: the latest articles, any search (a saved search is a feed URL), any agency or
platform. Valid Atom 1.0 (RFC 4287): a feed-level author, a rel="self" link, <published>
only for articles with a publication date, each entry in its article's language."""

import re
from dataclasses import dataclass
from datetime import UTC, datetime, time

from django.contrib.syndication.views import Feed
from django.http import QueryDict
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.xmlutils import SimplerXMLGenerator

from archive.captures import changes_list
from archive.explore import selected_articles
from archive.models import Agency, Article, Campaign, Law, Platform, SourceCheck
from archive.search.query import SearchParams

ITEMS = 50
# Characters XML 1.0 cannot hold (most C0 controls, lone surrogates, U+FFFE, U+FFFF): a query
# typed with one must not make the feed a server error.
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    return NOT_XML.sub("", text)


def language_tag(language: str) -> str:
    """Our language codes as BCP 47 tags: zh-hans → zh-Hans (a script subtag is title case)."""
    first, *rest = language.split("-")
    return "-".join([first.lower(), *(part.title() if len(part) == 4 else part.upper() for part in rest)])


class XmlSafeGenerator(SimplerXMLGenerator):
    """Drops what XML 1.0 cannot hold from text and attribute values (Django refuses them)."""

    def characters(self, content):
        super().characters(xml_text(content) if content else content)

    def startElement(self, name, attrs):
        super().startElement(name, {key: xml_text(value) for key, value in (attrs or {}).items()})


class ArchiveAtomFeed(Atom1Feed):
    def write(self, outfile, encoding):
        handler = XmlSafeGenerator(outfile, encoding, short_empty_elements=True)
        handler.startDocument()
        handler.startElement("feed", self.root_attributes())
        self.add_root_elements(handler)
        self.write_items(handler)
        handler.endElement("feed")

    def item_attributes(self, item):
        return {"xml:lang": item["language"]} if item.get("language") else {}


class ArticleFeed(Feed):
    feed_type = ArchiveAtomFeed
    author_name = "Internet regulation archive"

    def item_title(self, item: Article) -> str:
        return item.title

    def item_description(self, item: Article) -> str:
        """The opening paragraph, escaped: Atom's summary is HTML, the article plain text."""
        body = item.body.split("\n\n", 1)[0]
        return escape(body[:400] + ("…" if len(body) > 400 else ""))

    def item_pubdate(self, item: Article) -> datetime | None:
        """The publication date, or none: the capture time is not when it was published."""
        return datetime.combine(item.published_on, time.min, tzinfo=UTC) if item.published_on else None

    def item_updateddate(self, item: Article) -> datetime:
        return item.processed_at

    def item_author_name(self, item: Article) -> str | None:
        return item.outlet or None

    def item_categories(self, item: Article) -> list[str]:
        return [*(a.name for a in item.agencies.all()), *(p.name for p in item.platforms.all())]

    def item_extra_kwargs(self, item: Article) -> dict:
        return {"language": language_tag(item.language) if item.language else ""}


class LatestArticlesFeed(ArticleFeed):
    title = "Internet regulation archive: latest articles"
    subtitle = "The newest articles in the archive."

    def link(self):
        return reverse("article_list")

    def items(self):
        return Article.objects.current().with_facts().newest_first()[:ITEMS]


@dataclass(frozen=True)
class SavedSearch:
    params: QueryDict  # the search page's parameters, newest first
    path: str  # this feed's own URL with its query: a saved search is this URL


class SearchFeed(ArticleFeed):
    """/feeds/search/?q=…&agency=… — the same parameters as the search page, newest first."""

    def get_object(self, request):
        params = request.GET.copy()
        params["sort"] = "newest"
        return SavedSearch(params, request.get_full_path())

    def title(self, saved: SavedSearch) -> str:
        search, _ = SearchParams.from_query_dict(saved.params)
        named = [
            f"{k}: {search.filters[k]}" for k in ("agency", "platform", "category") if k in search.filters
        ]
        words = [search.q, *named]
        return "Internet regulation archive: " + (" · ".join(w for w in words if w) or "all articles")

    def link(self, saved: SavedSearch) -> str:
        return reverse("search") + "?" + saved.params.urlencode()

    def feed_url(self, saved: SavedSearch) -> str:
        return saved.path

    def items(self, saved: SavedSearch):
        return list(selected_articles(saved.params, limit=ITEMS))


class EntityFeed(ArticleFeed):
    model: type[Agency] | type[Platform]

    def get_object(self, request, slug: str):
        return get_object_or_404(self.model, slug=slug)

    def title(self, entity) -> str:
        return f"Internet regulation archive: {entity.name}"

    def link(self, entity) -> str:
        return entity.get_absolute_url()

    def items(self, entity):
        return Article.objects.current().with_facts().mentioning(entity).newest_first()[:ITEMS]


class AgencyFeed(EntityFeed):
    model = Agency


class PlatformFeed(EntityFeed):
    model = Platform


class CampaignFeed(EntityFeed):
    model = Campaign


class LawFeed(EntityFeed):
    model = Law


class ChangesFeed(Feed):
    """/feeds/changes/: archived sources edited or gone, newest first."""

    feed_type = ArchiveAtomFeed
    author_name = "Internet regulation archive"
    title = "Internet regulation archive: edited and deleted sources"
    subtitle = "Archived pages that changed or disappeared when fetched again."

    def link(self):
        return reverse("changes")

    def items(self):
        return changes_list()[:ITEMS]

    def item_title(self, item: SourceCheck) -> str:
        what = "Gone" if item.outcome == "gone" else "Edited"
        return f"{what}: {item.article.title if item.article else item.url}"

    def item_description(self, item: SourceCheck) -> str:
        return escape(f"{item.url} — {item.reason or item.get_outcome_display()}")

    def item_link(self, item: SourceCheck) -> str:
        if item.article is None:
            return reverse("changes")
        return item.article.get_absolute_url() + ("#versions" if item.outcome == "changed" else "")

    def item_guid(self, item: SourceCheck) -> str:
        return f"{reverse('changes')}#check-{item.pk}"

    def item_updateddate(self, item: SourceCheck) -> datetime:
        return item.checked_at
