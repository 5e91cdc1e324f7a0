"""No public output shows the server path a page was ingested from: only its URL or its name."""

import json

import pytest
from django.core.management import call_command

from archive.models import Article
from archive.public import original_url, public_source
from tests.conftest import FIXTURES, ROOT, by_name


@pytest.mark.parametrize(
    ("source", "shown"),
    [
        ("/srv/archive/inbox/2021/page.html", "page.html"),
        ("relative/dir/a b.txt", "a b.txt"),
        ("C:\\Users\\me\\pages\\x.htm", "x.htm"),
        ("https://example.org/news/1.html", "https://example.org/news/1.html"),
        ("page.html", "page.html"),
    ],
)
def test_public_source_is_a_url_or_a_file_name(source, shown):
    assert public_source(source) == shown


def test_original_url_keeps_only_web_addresses():
    assert original_url("https://example.org/a") == "https://example.org/a"
    assert original_url("javascript:alert(1)") == ""


@pytest.fixture
def article(ingest):
    report = ingest(FIXTURES / "page.html")
    article = Article.objects.get(pk=by_name(report, "page.html"))
    assert article.capture.source == str(FIXTURES / "page.html")  # the database keeps the path
    return article


def _body(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8-sig")


def test_no_public_output_shows_the_server_path(client, article, capsys):
    shows_source = {
        article.get_absolute_url(): "page.html",
        f"/api/articles/{article.pk}/": '"source": "page.html"',
        "/export/articles.csv": ",page.html,",
        "/export/articles.jsonl": '"source": "page.html"',
    }
    others = [
        "/feeds/latest/",
        "/feeds/search/?q=Meituan",
        "/agencies/samr/feed/",
        "/platforms/meituan/feed/",
        "/export/figures.csv",
        "/export/figures.jsonl",
        "/search/?q=Meituan",
        "/api/search/?q=Meituan",
        "/api/figures/",
    ]
    for url in [*shows_source, *others]:
        response = client.get(url)
        assert response.status_code == 200, url
        body = _body(response)
        assert str(ROOT) not in body, url
        assert shows_source.get(url, "") in body, url
    for fmt in ("jsonl", "csv"):
        call_command("export", "--format", fmt)
        out = capsys.readouterr().out
        assert str(ROOT) not in out and "page.html" in out
    record = json.loads(_body(client.get("/export/articles.jsonl")))
    assert record["source"] == "page.html"
