"""Downloads and `manage.py export`: CSV a spreadsheet opens safely and cleanly, named for what
it holds."""

import csv
import io
import json
from urllib.parse import quote

import pytest
from django.core.management import call_command
from django.utils import timezone

from archive.export import _cell, article_record, article_records
from archive.models import Article
from archive.public import original_url, public_source
from archive.webarchive.reader import read_archive
from tests.conftest import FIXTURES, SAMPLES

FORMULA = "=cmd|' /C calc'!A0"


@pytest.fixture
def formula(ingest):
    report = ingest(FIXTURES / "formula.html")  # byline, title and outlet start like formulas
    assert report.ok, report.outcomes
    return report


def _download(client, url, params=None) -> tuple[bytes, object]:
    response = client.get(url, params or {})
    assert response.status_code == 200
    return b"".join(response.streaming_content), response


def _rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_cell_that_starts_like_a_formula_is_quoted(start):
    assert _cell(f"{start}1+1") == f"'{start}1+1"


@pytest.mark.parametrize("value", ["CAC", " =1", "1-2", "", 12, -5, True])
def test_other_cells_are_left_alone(value):
    assert _cell(value) == value
    assert _cell(None) == ""


def test_article_csv_neutralises_formulas(client, formula):
    content, _ = _download(client, "/export/articles.csv")
    [row] = _rows(content.decode("utf-8-sig"))
    assert row["author"] == "'" + FORMULA
    assert row["title"] == "'+Regulator fines an app maker over user data"
    assert row["outlet"] == "'@Formula Daily"


def test_figure_csv_neutralises_formulas(client, formula):
    content, _ = _download(client, "/export/figures.csv")
    rows = _rows(content.decode("utf-8-sig"))
    assert rows and all(r["article_title"].startswith("'+Regulator") for r in rows)
    assert all(r["outlet"] == "'@Formula Daily" for r in rows)


def test_the_export_command_neutralises_formulas(formula, capsys):
    call_command("export", "--format", "csv")
    [row] = _rows(capsys.readouterr().out)
    assert row["author"] == "'" + FORMULA and row["outlet"] == "'@Formula Daily"


def test_jsonl_keeps_values_as_they_are(client, formula):
    content, _ = _download(client, "/export/articles.jsonl")
    assert f'"author": "{FORMULA}"' in content.decode()  # JSON is data, not a spreadsheet


@pytest.mark.parametrize("url", ["/export/articles.csv", "/export/figures.csv"])
def test_csv_downloads_start_with_a_byte_order_mark(client, formula, url):
    content, response = _download(client, url)
    assert content.startswith(b"\xef\xbb\xbfid,")
    assert response["Content-Type"] == "text/csv; charset=utf-8"


def test_jsonl_downloads_have_no_byte_order_mark(client, formula):
    content, _ = _download(client, "/export/articles.jsonl")
    assert content.startswith(b"{")


def _record_from_models(article: Article) -> dict:
    """The article record as the models give it, relation by relation: the bulk reading must equal it."""
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
        "figures": [
            {
                "value": f.value,
                "qualifier": f.qualifier,
                "object": f.object,
                "action": f.action,
                "kind": f.kind,
                "currency": f.currency,
                "agency": f.agency.name if f.agency else None,
                "platform": f.platform.name if f.platform else None,
                "sentence": f.sentence,
                "start": f.start,
                "end": f.end,
                "verified": f.verified,
                "converted_value": f.converted_value,
                "converted_currency": f.converted_currency,
            }
            for f in article.figures.all()
        ],
        "source": public_source(article.capture.source),
        "sha256": article.capture.sha256,
    }


def test_records_read_in_bulk_are_the_records_the_models_give(ingest):
    assert ingest(SAMPLES, FIXTURES / "formula.html").ok
    article = Article.objects.filter(figures__isnull=False).first()
    article.figures.update(verified=True, agency=None)  # a curator's correction, with no agency
    articles = list(Article.objects.order_by("pk"))
    expected = {a.pk: _record_from_models(a) for a in articles}
    assert article_records([a.pk for a in articles]) == expected
    assert sum(len(r["figures"]) for r in expected.values()) > 10
    assert max(len(r["agencies"]) for r in expected.values()) > 1
    assert max(len(r["categories"]) for r in expected.values()) > 1
    assert article_record(article.pk) == expected[article.pk]


def test_a_warc_download_of_a_search_holds_its_articles_in_order(client, search_corpus, tmp_path):
    params = {"q": "Weibo", "sort": "newest"}
    jsonl, _ = _download(client, "/export/articles.jsonl", params)
    expected = [json.loads(line) for line in jsonl.decode().splitlines()]
    warc, _ = _download(client, "/export/articles.warc.gz", params)
    (tmp_path / "search.warc.gz").write_bytes(warc)
    facts = [
        json.loads(r.block)
        for r in read_archive(tmp_path / "search.warc.gz", max_bytes=2**20)
        if r.type == "metadata"
    ]
    assert 1 < len(expected) < Article.objects.count()
    assert facts == expected


def _today() -> str:
    return timezone.now().date().isoformat()


@pytest.mark.parametrize(
    ("url", "params", "name"),
    [
        ("/export/articles.csv", {}, "articles-{today}.csv"),
        (
            "/export/articles.csv",
            {"q": "WeChat", "agency": "cac"},
            "articles-{today}-agency-cac-q-wechat.csv",
        ),
        (
            "/export/articles.jsonl",
            {"q": "self-media", "from": "2021-01-01", "sort": "newest", "page": "3"},
            "articles-{today}-from-2021-01-01-q-self-media-sort-newest.jsonl",
        ),
        (
            "/export/figures.csv",
            {"action": "fined", "sort": "largest"},
            "figures-{today}-action-fined-sort-largest.csv",
        ),
        (
            "/export/figures.csv",
            {"sort": "newest", "year": "20x1"},
            "figures-{today}.csv",
        ),  # defaults, bad values
        ("/export/articles.csv", {"q": 'a"b\r\nContent-Type: x'}, "articles-{today}-q-abcontent-type-x.csv"),
    ],
)
def test_a_download_is_named_for_its_day_and_filters(client, db, url, params, name):
    _, response = _download(client, url, params)
    assert response["Content-Disposition"] == f'attachment; filename="{name.format(today=_today())}"'


def test_a_non_ascii_name_is_given_as_rfc_6266_filename_star(client, db):
    _, response = _download(client, "/export/articles.csv", {"q": "网信办 微信", "platform": "wechat"})
    plain = f"articles-{_today()}-platform-wechat.csv"
    full = quote(f"articles-{_today()}-platform-wechat-q-网信办-微信.csv")
    assert response["Content-Disposition"] == f"attachment; filename=\"{plain}\"; filename*=UTF-8''{full}"


def test_a_huge_filter_makes_a_bounded_name(client, db):
    _, response = _download(client, "/export/articles.csv", {"q": "x" * 100_000, "outlet": "y" * 5000})
    header = response["Content-Disposition"]
    assert len(header) < 200 and header.endswith('.csv"')
