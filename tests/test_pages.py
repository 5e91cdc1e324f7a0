"""The HTML pages: each answers, shows what it promises, and escapes what it shows."""

import re

import pytest
from django.urls import reverse

from archive.models import Article, Figure
from tests.conftest import FIXTURES, by_name


@pytest.fixture
def corpus(ingest):
    return ingest(FIXTURES / "page.html", FIXTURES / "furniture.txt", FIXTURES / "zh-gbk.txt")


def test_home_shows_counts_latest_and_top_entities(client, corpus):
    page = client.get("/").content.decode()
    assert "<strong>3</strong> articles" in page
    assert "Market regulator fines food delivery giant" in page
    assert 'href="/agencies/cac/"' in page and 'href="/platforms/weibo/"' in page


def test_article_list_is_newest_first_with_undated_last(client, corpus):
    page = client.get(reverse("article_list")).content.decode()
    titles = ["Market regulator fines food delivery giant", "Regulators summon Kuaishou", "国家网信办启动"]
    positions = [page.index(t) for t in titles]
    assert positions == sorted(positions)


def test_article_page_shows_facts_sentence_marks_and_the_capture_as_text(client, corpus):
    article = Article.objects.get(pk=by_name(corpus, "page.html"))
    page = client.get(article.get_absolute_url()).content.decode()
    assert 'href="/agencies/samr/"' in page and 'href="/platforms/meituan/"' in page
    figure = article.figures.get(value=3_440_000_000)
    assert f'<mark class="figure-sentence" id="figure-{figure.pk}">' in page
    assert f'href="#figure-{figure.pk}"' in page
    assert "&lt;script&gt; tags" in page and "<script> tags" not in page
    assert "&lt;article&gt;" in page  # the original capture, shown as text
    assert article.capture.sha256 in page


def test_entity_pages_list_names_and_articles(client, corpus):
    page = client.get("/agencies/cac/").content.decode()
    assert "Cyberspace Administration of China" in page and "网信办" in page
    assert "Regulators summon Kuaishou over vulgar live streams" in page
    platform = client.get("/platforms/wechat/").content.decode()
    assert "微信" in platform and "Weixin" in platform


def test_unknown_things_are_404(client, db):
    assert client.get("/articles/999/").status_code == 404
    assert client.get("/agencies/nobody/").status_code == 404
    assert client.get("/api/articles/999/").status_code == 404


def test_the_admin_lists_every_model(admin_client, corpus):
    for model in ["capture", "article", "agency", "platform", "category", "figure", "mention"]:
        assert admin_client.get(f"/admin/archive/{model}/").status_code == 200


def test_health_answers_without_the_database(client):
    response = client.get("/health/")  # no db fixture: a query here would fail the test
    assert response.status_code == 200
    assert response.content == b"ok\n"


def test_figures_sharing_a_sentence_each_get_an_anchor():
    from archive.views import mark_sentences

    body = "Intro. The CAC closed 12 sites and 40 accounts. End."
    start, end = body.index("The"), body.index(" End")
    figures = [Figure(pk=1, start=start, end=end), Figure(pk=2, start=start, end=end)]
    html = mark_sentences(body, figures)
    assert html.count("<mark") == 1
    assert 'id="figure-1"' in html and 'id="figure-2"' in html


def test_an_article_s_table_is_a_table_again():
    from archive.views import mark_sentences

    body = "名单如下。\n\n| 序号 | APP名称 |\n\n| 1 | 乐拍修图 |\n\n| 2 | <b>快清理</b> |\n\n下一段。"
    html = mark_sentences(body, [])
    assert html == (
        '<p>名单如下。</p><table class="article__table"><tr><th scope="col">序号</th>'
        '<th scope="col">APP名称</th></tr><tr><td>1</td><td>乐拍修图</td></tr>'
        "<tr><td>2</td><td>&lt;b&gt;快清理&lt;/b&gt;</td></tr></table><p>下一段。</p>"
    )


def _links(page: str) -> list[str]:
    return re.findall(r'(?:href|src|action)="([^"]*)"', page)


def test_a_page_that_declares_a_script_url_gets_no_link_to_it(client, ingest):
    report = ingest(FIXTURES / "script-url.html")  # og:url javascript:, canonical " JaVaScRiPt:"
    article = Article.objects.get(pk=by_name(report, "script-url.html"))
    assert article.url == ""
    page = client.get(article.get_absolute_url()).content.decode()
    assert "original URL" not in page
    for link in _links(page):
        assert link.startswith(("/", "#", "?", "http://", "https://")), link


def test_a_script_url_stored_before_the_check_is_never_shown(client, corpus):
    article = Article.objects.get(pk=by_name(corpus, "page.html"))
    Article.objects.filter(pk=article.pk).update(url=" JaVaScRiPt:alert(1)")
    page = client.get(article.get_absolute_url()).content.decode()
    assert "original URL" not in page
    assert "JaVaScRiPt:alert(1)" not in page.split('id="citation"')[1].split("</p>")[0]
    assert all(not link.lower().lstrip().startswith("javascript:") for link in _links(page))
    assert client.get(f"/api/articles/{article.pk}/").json()["url"] == ""


def test_an_http_url_is_linked(client, corpus):
    article = Article.objects.get(pk=by_name(corpus, "page.html"))
    Article.objects.filter(pk=article.pk).update(url="https://example.org/fine.html")
    page = client.get(article.get_absolute_url()).content.decode()
    assert '<a href="https://example.org/fine.html" rel="nofollow noopener">original URL</a>' in page


@pytest.mark.parametrize(
    ("url", "params"),
    [
        ("/search/", {"q": "x" * 100_000, "agency": "网" * 30_000, "junk": "y" * 100_000}),
        ("/figures/", {"object": "x" * 100_000, "junk": "y" * 100_000}),
        ("/articles/", {"junk": "y" * 100_000}),
    ],
)
def test_links_repeat_the_parameters_as_read_not_the_raw_query_string(client, corpus, url, params):
    # every facet and page link once repeated the whole query string: 100 KB in, megabytes out
    page = client.get(url, params)
    assert page.status_code == 200
    assert len(page.content) < 60_000
