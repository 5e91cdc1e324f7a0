"""The public article record (DESIGN.md), its JSON Lines and CSV forms, and the streamed
downloads of articles and figures (/export/...)."""

import csv
import gzip
import io
import itertools
import json
import tempfile
from collections.abc import Collection, Iterable, Iterator, Sequence
from decimal import Decimal
from urllib.parse import quote

from django.http import FileResponse, Http404, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from archive.explore import FigureQuery, selected_article_ids, selected_figures
from archive.ingest.pipeline import read_capture
from archive.ingest.read import UnreadableInput
from archive.ingest.web import requisites
from archive.models import Article, Candidate, CandidateMention, Capture, Figure, Mention
from archive.public import original_url, public_source
from archive.search.query import SearchParams
from archive.totals import TOTAL_COLUMNS, figure_totals, total_record
from archive.webarchive import writer

FORMATS = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson; charset=utf-8"}
WEB_ARCHIVE_FORMATS = ("warc.gz", "wacz")
CHUNK = 200
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MAX_NAME, MAX_NAME_VALUE = 150, 40  # characters of a download's file name, and of each value in it

ARTICLE_FIELDS = ("id", "title", "outlet", "author", "published_on", "url", "language")
NAMED = (  # the record's lists of names: key, the table linking articles to them, the entity
    ("agencies", Mention, "agency"),
    ("platforms", Mention, "platform"),
    ("categories", Article.categories.through, "category"),
)
FIGURE_FACTS = ("value", "qualifier", "object", "action", "kind", "currency", "agency", "platform")
FIGURE_FACTS += ("sentence", "start", "end", "verified", "converted_value", "converted_currency")
FIGURE_ROW = tuple(f"{f}__name" if f in ("agency", "platform") else f for f in FIGURE_FACTS)

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


UNCONFIRMED_COLUMNS = ["unconfirmed_agencies", "unconfirmed_platforms"]


def article_record(pk: int, *, unconfirmed: bool = False) -> dict:
    """One article as other tools see it; keep the keys stable."""
    return article_records([pk], unconfirmed=unconfirmed)[pk]


def article_records(ids: Collection[int], *, unconfirmed: bool = False) -> dict[int, dict]:
    """The records of these articles (a chunk of them) by id, from five queries of plain rows:
    building model objects took most of an export's time. Names are listed in the order the
    database sorts them (each entity's own ordering), figures in their order in the text.
    `unconfirmed` adds the names no curator has confirmed yet (candidates), apart: never facts."""
    articles = Article.objects.filter(pk__in=ids).values(
        *ARTICLE_FIELDS, "capture__source", "capture__sha256"
    )
    found = {row["id"]: _record(row) for row in articles}
    for key, model, entity in NAMED:
        rows = model.objects.filter(article_id__in=list(found), **{f"{entity}__isnull": False})
        rows = rows.order_by("article_id", f"{entity}__name", f"{entity}_id")
        for article_id, name in rows.values_list("article_id", f"{entity}__name"):
            found[article_id][key].append(name)
    figures = Figure.objects.filter(article_id__in=list(found)).order_by("article_id", "start", "id")
    for article_id, *values in figures.values_list("article_id", *FIGURE_ROW):
        facts = dict(zip(FIGURE_FACTS, values, strict=True))
        found[article_id]["figures"].append({**facts, "converted_value": _amount(facts["converted_value"])})
    if unconfirmed:
        for record in found.values():
            record |= {column: [] for column in UNCONFIRMED_COLUMNS}
        pending = CandidateMention.objects.filter(
            article_id__in=list(found), candidate__status=Candidate.Status.PENDING
        ).order_by("article_id", "first_offset")
        for article_id, kind, name in pending.values_list("article_id", "candidate__kind", "candidate__name"):
            found[article_id][f"unconfirmed_{'agencies' if kind == 'agency' else 'platforms'}"].append(name)
    return found


def _amount(value: Decimal | None) -> int | float | None:
    """A converted amount as JSON gives numbers: whole, or with its cents."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _record(row: dict) -> dict:
    """The record of an article's row, its lists still empty."""
    return {
        "id": row["id"],
        "title": row["title"],
        "outlet": row["outlet"],
        "author": row["author"],
        "published_on": row["published_on"].isoformat() if row["published_on"] else None,
        "url": original_url(row["url"]),
        "language": row["language"],
        "agencies": [],
        "platforms": [],
        "categories": [],
        "figures": [],
        "source": public_source(row["capture__source"]),
        "sha256": row["capture__sha256"],
    }


def figure_facts(figure: Figure) -> dict:
    """A figure as the article record and the figure record give it."""
    names = {
        "agency": figure.agency.name if figure.agency else None,
        "platform": figure.platform.name if figure.platform else None,
    }
    facts = {key: names[key] if key in names else getattr(figure, key) for key in FIGURE_FACTS}
    return {**facts, "converted_value": _amount(figure.converted_value)}


def figure_record(figure: Figure, *, base_url: str = "") -> dict:
    """One figure with its article, as the figures explorer's JSON and exports give it: with
    the copies of its fact in its story's other articles (`sources`, when attach_sources()
    found them) and whether they disagree (`conflict`)."""
    article = figure.article
    record = {
        "id": figure.pk,
        **figure_facts(figure),
        "article_id": article.pk,
        "article_title": article.title,
        "outlet": article.outlet,
        "published_on": article.published_on.isoformat() if article.published_on else None,
        "link": f"{base_url}{article.get_absolute_url()}#figure-{figure.pk}",
        "unit": figure.unit,
        "copies": figure.copies,
        "conflict": figure.conflict,
    }
    if hasattr(figure, "sources"):
        record["sources"] = [_source(copy, base_url) for copy in figure.sources]
    return record


def _source(copy: Figure, base_url: str) -> dict:
    article = copy.article
    return {
        "article_id": copy.article_id,
        "outlet": article.outlet,
        "title": article.title,
        "published_on": article.published_on.isoformat() if article.published_on else None,
        "value": copy.value,
        "link": f"{base_url}{reverse('article_detail', args=[copy.article_id])}#figure-{copy.pk}",
    }


FIGURE_COLUMNS = [
    *("id", "value", "qualifier", "object", "action", "kind", "currency", "agency", "platform"),
    *("sentence", "start", "end", "verified", "article_id", "article_title", "outlet"),
    *("published_on", "link", "converted_value", "converted_currency"),
    *("unit", "copies", "conflict", "sources"),
]


def _figure_row(record: dict) -> list:
    """A figure record as a CSV row: its sources as their links, joined with ' '."""
    row = dict(record, sources=" ".join(source["link"] for source in record.get("sources", [])))
    return _row(row, FIGURE_COLUMNS)


def records(ids: Sequence[int], *, unconfirmed: bool = False) -> Iterator[dict]:
    """The records of these articles in this order, read a chunk at a time."""
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        found = article_records(chunk, unconfirmed=unconfirmed)
        yield from (found[pk] for pk in chunk if pk in found)


def jsonl_lines(ids: Sequence[int], *, unconfirmed: bool = False) -> Iterator[str]:
    return _jsonl(records(ids, unconfirmed=unconfirmed))


def _jsonl(records: Iterable[dict]) -> Iterator[str]:
    for record in records:
        yield json.dumps(record, ensure_ascii=False) + "\n"


def _row(record: dict, columns: list[str]) -> list:
    return [_cell(record[column]) for column in columns]


def _cell(value):
    """A CSV cell a spreadsheet shows as text: one that starts like a formula gets a leading
    single quote (OWASP's rule against CSV injection: "=cmd|' /C calc'!A0")."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_rows(ids: Sequence[int], *, unconfirmed: bool = False) -> Iterator[list]:
    """Rows for csv.writer, header first; lists joined with '; ', figures as JSON."""
    columns = CSV_COLUMNS + (UNCONFIRMED_COLUMNS if unconfirmed else [])
    yield columns
    for record in records(ids, unconfirmed=unconfirmed):
        row = dict(record)
        for key in ("agencies", "platforms", "categories", *UNCONFIRMED_COLUMNS):
            if key in row:
                row[key] = "; ".join(row[key])
        row["figures"] = json.dumps(row["figures"], ensure_ascii=False)
        yield _row(row, columns)


def write(ids: Sequence[int], out, *, fmt: str, unconfirmed: bool = False) -> int:
    """Write these articles to the open text file `out`; returns the count."""
    lines = article_lines(ids, fmt, unconfirmed=unconfirmed)
    count = 0
    for line in lines:
        out.write(line)
        count += 1
    return count - (fmt == "csv")  # the CSV header is no article


def article_lines(ids: Sequence[int], fmt: str, *, unconfirmed: bool = False) -> Iterator[str]:
    if fmt == "jsonl":
        return jsonl_lines(ids, unconfirmed=unconfirmed)
    return _csv_text(csv_rows(ids, unconfirmed=unconfirmed))


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
    """/export/articles.csv|.jsonl|.warc.gz|.wacz with the search page's parameters: every
    matching article, streamed (a WACZ is built first: its index comes before its end)."""
    if fmt in WEB_ARCHIVE_FORMATS:
        return _web_archive_download(request.GET, fmt)
    ids = selected_article_ids(request.GET)
    lines = article_lines(ids, fmt, unconfirmed=asks_unconfirmed(request.GET))
    return _download(lines, "articles", article_selection(request.GET), fmt)


def asks_unconfirmed(params) -> bool:
    return params.get("unconfirmed", "") in ("1", "true", "on")


def web_archive_items(params=None) -> Iterator[tuple[Capture, dict | None]]:
    """Captures and their articles' facts for a WARC or WACZ: every capture of the archive
    (all versions of every page, and the images and stylesheets kept for replay), or for a
    search or filter its articles' captures and what their pages load."""
    selection = article_selection(params) if params else {}
    if not selection:
        ids = list(Capture.objects.order_by("pk").values_list("pk", flat=True))
    else:
        ids = _capture_ids(selected_article_ids(params))
        ids += [pk for pk in _resources_of(ids) if pk not in set(ids)]
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        captures = Capture.objects.in_bulk(chunk)
        articles = dict(Article.objects.filter(capture__in=chunk).values_list("pk", "capture_id"))
        facts = {articles[pk]: record for pk, record in article_records(articles).items()}
        for pk in chunk:
            if pk in captures:
                yield captures[pk], facts.get(pk)


def _capture_ids(article_ids: list[int]) -> list[int]:
    """The captures of these articles, in their order."""
    found = {}
    for start in range(0, len(article_ids), CHUNK):
        chunk = article_ids[start : start + CHUNK]
        found |= dict(Article.objects.filter(pk__in=chunk).values_list("pk", "capture_id"))
    return [found[pk] for pk in article_ids if pk in found]


def _resources_of(capture_ids: list[int]) -> list[int]:
    """The captures of the images and stylesheets these pages load (as replay finds them)."""
    found = []
    for capture in Capture.objects.filter(pk__in=capture_ids).exclude(url="").iterator(chunk_size=CHUNK):
        try:
            page = read_capture(capture)
        except UnreadableInput:
            continue
        for url in requisites(page):
            nearest = Capture.objects.nearest(url, capture.captured_at)
            if nearest is not None and nearest.pk not in found:
                found.append(nearest.pk)
    return found


def _web_archive_download(params, fmt: str):
    selection = article_selection(params)
    items = web_archive_items(params)
    if fmt == "warc.gz":
        response = StreamingHttpResponse(_warc_chunks(items), content_type="application/warc")
    else:
        bundle = tempfile.TemporaryFile()  # deleted when the response closes it
        writer.write_wacz(items, bundle, title=download_name("articles", selection, "wacz", ascii_only=True))
        bundle.seek(0)
        response = FileResponse(bundle, content_type="application/wacz")
    response["Content-Disposition"] = content_disposition("articles", selection, fmt)
    return response


def _warc_chunks(items) -> Iterator[bytes]:
    for capture, facts in items:
        yield b"".join(gzip.compress(raw, mtime=0) for raw in writer.capture_records(capture, facts))


def figures_download(request, fmt: str):
    """/export/figures.csv|.jsonl with the figures explorer's parameters, streamed."""
    base = request.build_absolute_uri("/")[:-1]
    records = (figure_record(figure, base_url=base) for figure in selected_figures(request.GET))
    if fmt == "jsonl":
        lines = _jsonl(records)
    else:
        lines = _csv_text(itertools.chain([FIGURE_COLUMNS], map(_figure_row, records)))
    return _download(lines, "figures", FigureQuery.from_query_dict(request.GET)[0].as_params(), fmt)


def totals_download(request, fmt: str):
    """/export/figure-totals.csv|.jsonl: every total of the figures explorer's selection."""
    if fmt not in FORMATS:
        raise Http404(f"No export format {fmt!r}: use csv or jsonl.")
    base = request.build_absolute_uri("/")[:-1]
    query = FigureQuery.from_query_dict(request.GET)[0]
    records = (total_record(total, base_url=base) for total in figure_totals(query))
    if fmt == "jsonl":
        lines = _jsonl(records)
    else:
        rows = (_row(record, TOTAL_COLUMNS) for record in records)
        lines = _csv_text(itertools.chain([TOTAL_COLUMNS], rows))
    return _download(lines, "figure-totals", query.as_params(), fmt)


def article_selection(params) -> dict[str, str]:
    """The search parameters a download of articles holds, as read (defaults left out)."""
    chosen = SearchParams.from_query_dict(params)[0].as_params()
    chosen.pop("page", None)  # a download holds every page
    return chosen


def download_name(what: str, selection: dict[str, str], fmt: str, *, ascii_only: bool) -> str:
    """articles-2026-12-04-agency-cac-q-wechat.csv: what, the day, then each filter and its
    value (by name; ASCII only, or with the letters of any script)."""
    parts = [what, timezone.now().date().isoformat()]
    for name, value in sorted(selection.items()):
        words = slugify(value, allow_unicode=not ascii_only)[:MAX_NAME_VALUE].strip("-_")
        parts += [name, words] if words else []
    return "-".join(parts)[:MAX_NAME] + f".{fmt}"


def content_disposition(what: str, selection: dict[str, str], fmt: str) -> str:
    """An attachment header with an ASCII name, and the full name as RFC 6266's filename*
    when it holds other letters."""
    plain = download_name(what, selection, fmt, ascii_only=True)
    full = download_name(what, selection, fmt, ascii_only=False)
    if full == plain:
        return f'attachment; filename="{plain}"'
    return f"attachment; filename=\"{plain}\"; filename*=UTF-8''{quote(full, safe='')}"


def _download(lines: Iterator[str], what: str, selection: dict[str, str], fmt: str) -> StreamingHttpResponse:
    if fmt not in FORMATS:
        raise Http404(f"No export format {fmt!r}: use csv, jsonl, warc.gz or wacz.")
    if fmt == "csv":  # a byte order mark: spreadsheets read the file as UTF-8 (not as Latin-1)
        lines = itertools.chain(["\ufeff"], lines)
    response = StreamingHttpResponse(lines, content_type=FORMATS[fmt])
    response["Content-Disposition"] = content_disposition(what, selection, fmt)
    return response
