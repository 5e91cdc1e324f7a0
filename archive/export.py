"""The public article record (DESIGN.md), its JSON Lines and CSV forms, and the streamed
downloads of articles and figures (/export/...)."""

import csv
import io
import itertools
import json
from collections.abc import Iterable, Iterator

from django.http import Http404, StreamingHttpResponse

from archive.explore import selected_articles, selected_figures
from archive.models import Article, Figure
from archive.public import original_url, public_source

FORMATS = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson; charset=utf-8"}

CSV_COLUMNS = [
    "id",
    "title",
    "outlet",
    "author",
    "published_on",
    "url",
    "language",
    "agencies",
    "platforms",
    "categories",
    "figures",
    "source",
    "sha256",
]


def article_record(article: Article) -> dict:
    """One article as other tools see it; keep the keys stable."""
    return {
        "id": article.pk,
        "title": article.title,
        "outlet": article.outlet,
        "author": article.author,
        "published_on": article.published_on.isoformat() if article.published_on else None,
        "url": original_url(article.url),
        "language": article.language,
        "agencies": [agency.name for agency in article.agencies.all()],
        "platforms": [platform.name for platform in article.platforms.all()],
        "categories": [category.name for category in article.categories.all()],
        "figures": [figure_facts(figure) for figure in article.figures.all()],
        "source": public_source(article.capture.source),
        "sha256": article.capture.sha256,
    }


def figure_facts(figure: Figure) -> dict:
    """A figure as the article record and the figure record give it."""
    return {
        "value": figure.value,
        "qualifier": figure.qualifier,
        "object": figure.object,
        "action": figure.action,
        "kind": figure.kind,
        "currency": figure.currency,
        "agency": figure.agency.name if figure.agency else None,
        "platform": figure.platform.name if figure.platform else None,
        "sentence": figure.sentence,
        "start": figure.start,
        "end": figure.end,
        "verified": figure.verified,
    }


def figure_record(figure: Figure, *, base_url: str = "") -> dict:
    """One figure with its article, as the figures explorer's JSON and exports give it."""
    article = figure.article
    return {
        "id": figure.pk,
        **figure_facts(figure),
        "article_id": article.pk,
        "article_title": article.title,
        "outlet": article.outlet,
        "published_on": article.published_on.isoformat() if article.published_on else None,
        "link": f"{base_url}{article.get_absolute_url()}#figure-{figure.pk}",
    }


FIGURE_COLUMNS = [
    *("id", "value", "qualifier", "object", "action", "kind", "currency", "agency", "platform"),
    *("sentence", "start", "end", "verified", "article_id", "article_title", "outlet"),
    *("published_on", "link"),
]


def records(articles: Iterable[Article]) -> Iterator[dict]:
    for article in articles:
        yield article_record(article)


def jsonl_lines(articles: Iterable[Article]) -> Iterator[str]:
    return _jsonl(records(articles))


def _jsonl(records: Iterable[dict]) -> Iterator[str]:
    for record in records:
        yield json.dumps(record, ensure_ascii=False) + "\n"


def _row(record: dict, columns: list[str]) -> list:
    return [record[column] if record[column] is not None else "" for column in columns]


def csv_rows(articles: Iterable[Article]) -> Iterator[list]:
    """Rows for csv.writer, header first; lists joined with '; ', figures as JSON."""
    yield CSV_COLUMNS
    for record in records(articles):
        row = dict(record)
        for key in ("agencies", "platforms", "categories"):
            row[key] = "; ".join(row[key])
        row["figures"] = json.dumps(row["figures"], ensure_ascii=False)
        yield _row(row, CSV_COLUMNS)


def write(articles: Iterable[Article], out, *, fmt: str) -> int:
    """Write every article to the open text file `out`; returns the count."""
    lines = jsonl_lines(articles) if fmt == "jsonl" else _csv_lines(articles)
    count = 0
    for line in lines:
        out.write(line)
        count += 1
    return count - (fmt == "csv")  # the CSV header is no article


def _csv_lines(articles: Iterable[Article]) -> Iterator[str]:
    return _csv_text(csv_rows(articles))


def _csv_text(rows: Iterable[list]) -> Iterator[str]:
    """Each row as one line of CSV text, written as it comes (for streaming)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow(row)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


def articles_download(request, fmt: str):
    """/export/articles.csv|.jsonl with the search page's parameters: every matching article,
    streamed."""
    articles = selected_articles(request.GET)
    return _download(jsonl_lines(articles) if fmt == "jsonl" else _csv_lines(articles), "articles", fmt)


def figures_download(request, fmt: str):
    """/export/figures.csv|.jsonl with the figures explorer's parameters, streamed."""
    base = request.build_absolute_uri("/")[:-1]
    records = (figure_record(figure, base_url=base) for figure in selected_figures(request.GET))
    if fmt == "jsonl":
        lines = _jsonl(records)
    else:
        lines = _csv_text(itertools.chain([FIGURE_COLUMNS], (_row(r, FIGURE_COLUMNS) for r in records)))
    return _download(lines, "figures", fmt)


def _download(lines: Iterator[str], name: str, fmt: str) -> StreamingHttpResponse:
    if fmt not in FORMATS:
        raise Http404(f"No export format {fmt!r}: use csv or jsonl.")
    response = StreamingHttpResponse(lines, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
