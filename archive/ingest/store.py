"""Store: a read, cleaned, described and extracted page into the database, in one transaction."""

import hashlib
from datetime import datetime
from functools import cache
from operator import itemgetter

from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from archive.extract import Facts
from archive.extract.entities import normalise_name
from archive.ingest.describe import Description
from archive.ingest.read import Document
from archive.models import (
    Agency,
    Article,
    Campaign,
    Candidate,
    CandidateMention,
    Capture,
    Category,
    Figure,
    Law,
    Mention,
    Platform,
)
from archive.totals import GROUPS, mark_stale, mark_stale_figures
from archive.units import unit_of

MAX_URL = Capture._meta.get_field("url").max_length


@transaction.atomic
def store_page(
    document: Document, description: Description, body: str, facts: Facts, *, first_version: bool = False
) -> Article:
    """A new capture and its article; `first_version` says its URL has no other (versions_of()
    found none), so there are no versions to link."""
    capture = new_capture(
        document.content,
        source=document.source,
        media_type=document.media_type,
        encoding=document.encoding,
        origin=document.origin,
    )
    article = Article(capture=capture)
    _write(article, description, body, facts, new=True)
    if capture.url and not first_version:
        link_versions(capture.url)
    return article


def new_capture(content: bytes, *, source: str, media_type: str, encoding: str = "", origin=None) -> Capture:
    """The capture of these bytes, with where and when they came from the web, if they did."""
    digest = hashlib.sha256(content).hexdigest()
    fields = {"sha256": digest, "content": content, "source": source, "media_type": media_type}
    fields |= {"encoding": encoding, "payload_digest": f"sha256:{digest}"}
    if origin is not None:
        fields |= {
            "url": origin.url[:MAX_URL],
            "captured_at": origin.captured_at,
            "http_status": origin.http_status,
            "payload_digest": origin.payload_digest,
            "warc": origin.warc,
            "request": origin.request,
        }
    return Capture.objects.create(**fields)


def versions_of(url: str) -> list[tuple[int, int | None, datetime]]:
    """(id, superseded by, captured at) of the articles filed under `url` (as a capture keeps
    it), in the archive's order of articles."""
    rows = Article.objects.filter(capture__url=url[:MAX_URL])
    return list(rows.values_list("pk", "superseded_by", "capture__captured_at"))


def link_versions(url: str) -> None:
    """The latest capture of a URL is its current version; the earlier ones point to it (and
    get a new version each, so the index drops them)."""
    versions = list(
        Article.objects.filter(capture__url=url)
        .order_by("capture__captured_at", "pk")
        .values_list("pk", "superseded_by_id")
    )
    if not versions:
        return
    latest = versions[-1][0]
    stale = [pk for pk, by in versions[:-1] if by != latest]
    if stale:  # a new URL has none: no update to build (two per page stored from a WARC file)
        Article.objects.filter(pk__in=stale).update(superseded_by=latest)
        Article.objects.filter(pk__in=stale).touch()
    if versions[-1][1] is not None:
        Article.objects.filter(pk=latest).update(superseded_by=None)
        Article.objects.filter(pk=latest).touch()


@transaction.atomic
def update_article(article: Article, description: Description, body: str, facts: Facts) -> None:
    """Write the derived fields and facts again; keep figures a curator has verified."""
    _write(article, description, body, facts, new=False)


def _write(article: Article, description: Description, body: str, facts: Facts, *, new: bool) -> None:
    article.title = description.title[:500]
    article.slug = slugify(description.title, allow_unicode=True)[:120]
    article.body = body
    article.outlet = description.outlet[:200]
    article.author = description.author[:200]
    article.published_on = description.published_on
    article.date_source = description.date_source
    article.url = description.url[:2000]
    article.language = description.language
    article.processed_at = timezone.now()
    article.save()
    ids = entity_ids()
    _save_mentions(article, facts, ids, new=new)
    _save_figures(article, facts, ids, new=new)
    _save_categories(article, facts, ids, new=new)
    _save_candidates(article, facts, new=new)


@cache
def entity_ids() -> dict[str, dict[str, int]]:
    """kind → slug → primary key, read once per run (forget_entity_ids() after the gazetteer
    changed): a lookup per page and kind was a third of the time spent storing."""
    return {
        "agency": dict(Agency.objects.values_list("slug", "pk")),
        "platform": dict(Platform.objects.values_list("slug", "pk")),
        "campaign": dict(Campaign.objects.values_list("slug", "pk")),
        "law": dict(Law.objects.values_list("slug", "pk")),
        "category": dict(Category.objects.values_list("slug", "pk")),
    }


def forget_entity_ids() -> None:
    entity_ids.cache_clear()


def _save_mentions(article: Article, facts: Facts, ids: dict, *, new: bool) -> None:
    if not new:
        article.mentions.all().delete()
    none = dict.fromkeys(("agency_id", "platform_id", "campaign_id", "law_id"))
    mentions = []
    for entity in facts.entities:
        pk = ids[entity.kind].get(entity.slug)
        if pk is not None:
            mentions.append(
                none
                | {
                    "article_id": article.pk,
                    "count": entity.count,
                    "first_offset": entity.first_offset,
                    f"{entity.kind}_id": pk,
                }
            )
    insert_rows(Mention, mentions)


def _save_figures(article: Article, facts: Facts, ids: dict, *, new: bool) -> None:
    corrected = set()
    if not new:
        corrected = set(article.figures.filter(verified=True).values_list("start", "end", "extracted_value"))
        gone = article.figures.filter(verified=False)
        mark_stale_figures(gone)
        gone.delete()
    year = article.published_on.year if article.published_on else None
    figures = [
        {
            "article_id": article.pk,
            "value": fact.value,
            "qualifier": fact.qualifier,
            "object": fact.object[:200],
            "action": fact.action,
            "kind": fact.kind,
            "currency": fact.currency,
            "converted_value": fact.converted_value,
            "converted_currency": fact.converted_currency,
            "agency_id": ids["agency"].get(fact.agency),
            "platform_id": ids["platform"].get(fact.platform),
            "campaign_id": ids["campaign"].get(fact.campaign),
            "sentence": fact.sentence,
            "start": fact.start,
            "end": fact.end,
            "extracted_value": fact.value,
            "unit": unit_of(fact.object[:200], fact.currency),  # as archive/facts.py keeps them
            "year": year,
        }
        for fact in facts.figures
        if (fact.start, fact.end, fact.value) not in corrected
    ]
    mark_stale(map(itemgetter(*GROUPS), figures))  # group_of, of rows
    insert_rows(Figure, figures)


PLAIN = (int, str, bool, float, type(None))
INSERT_BATCH = 2000


def insert_rows(model, rows: list[dict]) -> None:
    """bulk_create without making an instance of the model for each row: making them and
    compiling their fields was most of the time spent storing a page's facts (a third of a
    20 MB page's). Every row names the same fields (attnames); the others take their defaults."""
    if not rows:
        return
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    defaults = {f.attname: f.get_default() for f in fields if f.attname not in rows[0]}
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    sql = f"INSERT INTO {model._meta.db_table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"
    values = []
    for row in rows:
        row = defaults | row
        values.append(
            [
                v if type(v) in PLAIN else f.get_db_prep_save(v, connection)
                for f in fields
                for v in [row[f.attname]]
            ]
        )
    with connection.cursor() as cursor:
        for start in range(0, len(values), INSERT_BATCH):
            cursor.executemany(sql, values[start : start + INSERT_BATCH])


def _save_categories(article: Article, facts: Facts, ids: dict, *, new: bool) -> None:
    through = Article.categories.through
    if not new:
        through.objects.filter(article=article).delete()
    through.objects.bulk_create(
        through(article_id=article.pk, category_id=ids["category"][slug])
        for slug in facts.categories
        if slug in ids["category"]
    )


def _save_candidates(article: Article, facts: Facts, *, new: bool) -> None:
    """Names the gazetteer does not know, as unconfirmed mentions (a rejected name is left out)."""
    if not new:
        article.candidate_mentions.all().delete()
    if not facts.candidates:
        return
    seen: dict[tuple[str, str], list] = {}
    for found in facts.candidates:
        seen.setdefault((found.kind, normalise_name(found.name)), []).append(found)
    mentions = []
    for (kind, key), occurrences in seen.items():
        first = occurrences[0]
        candidate, _ = Candidate.objects.get_or_create(
            kind=kind, key=key[:200], defaults={"name": first.name[:200], "cue": first.cue[:60]}
        )
        if candidate.status == Candidate.Status.REJECTED:
            continue
        mentions.append(
            CandidateMention(
                candidate=candidate,
                article=article,
                count=len(occurrences),
                first_offset=first.start,
                sentence=_around(article.body, first.start, first.end),
            )
        )
    CandidateMention.objects.bulk_create(mentions)


def _around(body: str, start: int, end: int, reach: int = 120) -> str:
    """The text around a name, to show a curator how it was used."""
    before, after = max(0, start - reach), min(len(body), end + reach)
    return (
        ("…" if before else "") + body[before:after].replace("\n", " ") + ("…" if after < len(body) else "")
    )
