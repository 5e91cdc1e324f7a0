"""Store: a read, cleaned, described and extracted page into the database, in one transaction."""

import hashlib
import re

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from archive.extract import Facts
from archive.ingest.describe import Description
from archive.ingest.read import Document
from archive.models import Agency, Article, Capture, Category, Figure, Mention, Platform


@transaction.atomic
def store_page(document: Document, description: Description, body: str, facts: Facts) -> Article:
    capture = Capture.objects.create(
        sha256=document.sha256,
        content=document.content,
        source=document.source,
        media_type=document.media_type,
        encoding=document.encoding,
    )
    article = Article(capture=capture)
    update_article(article, description, body, facts)
    return article


@transaction.atomic
def update_article(article: Article, description: Description, body: str, facts: Facts) -> None:
    """Write the derived fields and facts; keep figures a curator has verified."""
    article.title = description.title[:500]
    article.slug = slugify(description.title, allow_unicode=True)[:120]
    article.body = body
    article.outlet = description.outlet[:200]
    article.author = description.author[:200]
    article.published_on = description.published_on
    article.date_source = description.date_source
    article.url = description.url[:2000]
    article.language = description.language
    article.story_key = story_key(description.title)
    article.processed_at = timezone.now()
    article.save()
    _save_mentions(article, facts)
    _save_figures(article, facts)
    article.categories.set(Category.objects.filter(slug__in=facts.categories))


def story_key(title: str) -> str:
    """Copies of one story under the same headline share a key."""
    words = re.findall(r"\w+", title.casefold())
    return hashlib.sha1(" ".join(words).encode()).hexdigest()[:16] if words else ""


def _save_mentions(article: Article, facts: Facts) -> None:
    article.mentions.all().delete()
    agencies = Agency.objects.only("slug").in_bulk(facts.slugs("agency"), field_name="slug")
    platforms = Platform.objects.only("slug").in_bulk(facts.slugs("platform"), field_name="slug")
    mentions = []
    for entity in facts.entities:
        target = {"agency": agencies, "platform": platforms}[entity.kind].get(entity.slug)
        if target is not None:
            mentions.append(
                Mention(
                    article=article,
                    count=entity.count,
                    first_offset=entity.first_offset,
                    **{entity.kind: target},
                )
            )
    Mention.objects.bulk_create(mentions)


def _save_figures(article: Article, facts: Facts) -> None:
    corrected = set(article.figures.filter(verified=True).values_list("start", "end", "extracted_value"))
    article.figures.filter(verified=False).delete()
    agencies = Agency.objects.only("slug").in_bulk(
        {f.agency for f in facts.figures if f.agency}, field_name="slug"
    )
    platforms = Platform.objects.only("slug").in_bulk(
        {f.platform for f in facts.figures if f.platform}, field_name="slug"
    )
    Figure.objects.bulk_create(
        Figure(
            article=article,
            value=fact.value,
            qualifier=fact.qualifier,
            object=fact.object[:200],
            action=fact.action,
            kind=fact.kind,
            currency=fact.currency,
            agency=agencies.get(fact.agency),
            platform=platforms.get(fact.platform),
            sentence=fact.sentence,
            start=fact.start,
            end=fact.end,
            extracted_value=fact.value,
        )
        for fact in facts.figures
        if (fact.start, fact.end, fact.value) not in corrected
    )
