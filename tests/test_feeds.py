"""The Atom feeds are valid Atom 1.0 (RFC 4287, checked with its RELAX NG schema) whatever the
query, and say only what is true of each article."""

import pytest
from lxml import etree

from archive.feeds import ArticleFeed, language_tag, xml_text
from archive.models import Article
from tests.conftest import FIXTURES

ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SCHEMA = etree.RelaxNG(etree.parse(str(FIXTURES / "atom.rng")))
CONTROLS = "".join(map(chr, [*range(1, 32), 0x7F, 0xFFFE, 0xFFFF]))
FEEDS = [
    "/feeds/latest/",
    "/feeds/search/?q=WeChat",
    "/feeds/search/?q=WeChat&agency=cac&sort=oldest",
    "/feeds/search/",
    "/agencies/cac/feed/",
    "/platforms/wechat/feed/",
]


def valid_feed(client, url, params=None) -> etree._Element:
    response = client.get(url, params)
    assert response.status_code == 200, url
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    feed = etree.fromstring(response.content)
    assert SCHEMA.validate(feed), (url, SCHEMA.error_log.last_error)
    # RFC 4287's Schematron rule, which RELAX NG does not check: the feed names an author
    assert feed.find(f"{ATOM}author/{ATOM}name").text == "Internet regulation archive"
    return feed


def entries(feed) -> dict[str, etree._Element]:
    return {entry.findtext(f"{ATOM}title"): entry for entry in feed.findall(f"{ATOM}entry")}


@pytest.mark.parametrize("url", FEEDS)
def test_every_feed_is_valid_atom(client, search_corpus, url):
    assert entries(valid_feed(client, url))


def test_an_empty_feed_is_valid_atom(client, db):
    assert entries(valid_feed(client, "/feeds/latest/")) == {}


@pytest.mark.parametrize(
    ("url", "self_link"),
    [
        ("/feeds/search/?q=WeChat&agency=cac", "http://testserver/feeds/search/?q=WeChat&agency=cac"),
        (
            "/feeds/search/?q=%E7%BD%91%E4%BF%A1%E5%8A%9E",
            "http://testserver/feeds/search/?q=%E7%BD%91%E4%BF%A1%E5%8A%9E",
        ),
        ("/feeds/latest/", "http://testserver/feeds/latest/"),
        ("/agencies/cac/feed/", "http://testserver/agencies/cac/feed/"),
    ],
)
def test_the_self_link_is_the_feed_with_its_query(client, search_corpus, url, self_link):
    feed = valid_feed(client, url)
    [link] = feed.findall(f"{ATOM}link[@rel='self']")
    assert link.get("href") == self_link


def test_published_only_when_the_article_has_a_publication_date(client, search_corpus):
    found = entries(valid_feed(client, "/feeds/latest/"))
    assert len(found) == Article.objects.count() == 7
    for article in Article.objects.all():
        entry = found[article.title]
        published = entry.findtext(f"{ATOM}published")
        if article.published_on:
            assert published == f"{article.published_on.isoformat()}T00:00:00+00:00"
        else:  # never the capture time passed off as a publication date
            assert published is None
        assert entry.findtext(f"{ATOM}updated").startswith(f"{article.processed_at:%Y-%m-%dT%H:%M:%S}")
    assert sum(entry.find(f"{ATOM}published") is None for entry in found.values()) == 2


def test_each_entry_is_in_its_articles_language(client, search_corpus):
    found = entries(valid_feed(client, "/feeds/latest/"))
    assert found["Internet watchdog shuts self-media accounts in cleanup"].get(XML_LANG) == "en"
    assert found["国家网信办启动网络生态专项治理行动"].get(XML_LANG) == "zh-Hans"
    assert found["公安部破獲網絡賭博案件"].get(XML_LANG) == "zh-Hant"


@pytest.mark.parametrize("name", ["q", "agency", "platform", "category", "outlet", "year", "from", "sort"])
def test_characters_xml_cannot_hold_are_dropped_not_a_server_error(client, search_corpus, name):
    feed = valid_feed(client, "/feeds/search/", {name: f"WeChat{CONTROLS}\U0001f600\ue000"})
    title = feed.findtext(f"{ATOM}title")
    assert not set(title) & set(CONTROLS)


def test_the_summary_is_escaped_html():
    article = Article(body="Ban on <script> & co.\n\nMore.")
    assert ArticleFeed().item_description(article) == "Ban on &lt;script&gt; &amp; co."


@pytest.mark.parametrize(
    ("code", "tag"), [("en", "en"), ("zh-hans", "zh-Hans"), ("zh-hant", "zh-Hant"), ("en-gb", "en-GB")]
)
def test_language_tags(code, tag):
    assert language_tag(code) == tag


def test_xml_text_keeps_what_xml_can_hold():
    kept = "\t\n\r\x7f"  # XML 1.0 holds these (DEL is discouraged, not forbidden)
    assert xml_text(f"a{CONTROLS}b\U0001f600\ue000\ufffd") == f"a{kept}b\U0001f600\ue000\ufffd"
