"""What the search index holds for each article (haystack finds this module by its name)."""

from django.conf import settings
from haystack import indexes

from archive.models import Article


class ArticleIndex(indexes.SearchIndex, indexes.Indexable):
    text = indexes.CharField(document=True)
    title = indexes.CharField(model_attr="title", boost=2.0)
    outlet = indexes.CharField(model_attr="outlet", faceted=True)
    published_on = indexes.DateField(model_attr="published_on", null=True)
    year = indexes.CharField(faceted=True, null=True)
    # Coarse dates, so that a date range is a few terms: "2015-04" (searched as the facet's
    # month_exact, which is also the search page's chart of matching articles per month) and
    # "20150413" (one word: a text field parts words at hyphens).
    month = indexes.CharField(null=True, faceted=True)
    day = indexes.CharField(null=True)
    language = indexes.CharField(model_attr="language", faceted=True)
    # Slugs, not names: haystack's Whoosh backend splits multi-value fields on commas.
    agencies = indexes.MultiValueField(faceted=True)
    platforms = indexes.MultiValueField(faceted=True)
    categories = indexes.MultiValueField(faceted=True)
    campaigns = indexes.MultiValueField(faceted=True)
    laws = indexes.MultiValueField(faceted=True)
    # The story's key: a search shows a story once (story_exact, a column), with its size.
    story = indexes.CharField(model_attr="story_key", faceted=True)
    # The article's version, stored only: `manage.py verify` checks the index holds the current one.
    version = indexes.IntegerField(model_attr="version", indexed=False)

    def get_model(self):
        return Article

    def index_queryset(self, using=None):
        """Current versions only: an earlier capture of a URL is kept, but not searched."""
        return Article.objects.filter(superseded_by=None).prefetch_related(
            "agencies", "platforms", "categories"
        )

    def prepare_text(self, article: Article) -> str:
        """Title and body, up to SEARCH_MAX_CHARS: a report of millions of characters is
        searched by its first million (indexing all of a 20 MB page took most of a minute)."""
        return f"{article.title}\n\n{article.body}"[: settings.SEARCH_MAX_CHARS]

    def prepare_year(self, article: Article) -> str | None:
        return str(article.published_on.year) if article.published_on else None

    def prepare_month(self, article: Article) -> str | None:
        return article.published_on.strftime("%Y-%m") if article.published_on else None

    def prepare_day(self, article: Article) -> str | None:
        return article.published_on.strftime("%Y%m%d") if article.published_on else None

    def prepare_agencies(self, article: Article) -> list[str]:
        return [agency.slug for agency in article.agencies.all()]

    def prepare_platforms(self, article: Article) -> list[str]:
        return [platform.slug for platform in article.platforms.all()]

    def prepare_categories(self, article: Article) -> list[str]:
        return [category.slug for category in article.categories.all()]

    def prepare_campaigns(self, article: Article) -> list[str]:
        """Each campaign named, and the series it belongs to (a search for the series finds
        its editions)."""
        slugs = []
        for campaign in article.campaigns.all():
            slugs += [campaign.slug, *([campaign.parent.slug] if campaign.parent_id else [])]
        return list(dict.fromkeys(slugs))

    def prepare_laws(self, article: Article) -> list[str]:
        return [law.slug for law in article.laws.all()]
