"""Snippets (archive/search/highlight.py): made from the stored text, escaped there, marked
with our own <em>; no engine's highlight reaches the page."""

import re

import pytest
from haystack import connections

from archive.search.highlight import snippet
from archive.search.query import SearchParams, search

MARKUP = (
    "Regulators ban <script>alert(1)</script> in posts\n\n"
    'Censors said the <em>ban</em> covers <img src=x onerror="alert(2)"> & <b>bold</b> markup too.'
)


def tags(html: str) -> set[str]:
    return set(re.findall(r"<[^>]*>", html))


def test_the_query_words_are_marked_and_everything_else_escaped():
    found = snippet(MARKUP, "censors ban", term_of=str.lower)
    assert tags(found) == {"<em>", "</em>"}
    assert re.findall(r"<em>(.*?)</em>", found) == ["ban", "Censors", "ban"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in found
    assert "&lt;em&gt;<em>ban</em>&lt;/em&gt;" in found  # the text's own <em> is text
    assert "onerror=&quot;alert(2)&quot;" in found and "&amp; &lt;b&gt;bold&lt;/b&gt;" in found


def test_words_are_compared_as_the_index_holds_them():
    term_of = connections["default"].get_backend().term_of  # stems, folds traditional characters
    found = snippet("Regulators regulate 網絡 rules", "regulator 网", term_of=term_of)
    assert re.findall(r"<em>(.*?)</em>", found) == ["Regulators", "regulate", "網"]


@pytest.mark.parametrize(("text", "query"), [("", "ban"), (MARKUP, ""), (MARKUP, "the"), (MARKUP, "wechat")])
def test_no_snippet_without_a_word_to_mark(text, query):
    assert snippet(text, query, term_of=lambda word: None if word == "the" else word.lower()) == ""


@pytest.fixture
def markup(ingest, tmp_path):
    (tmp_path / "markup.txt").write_text(MARKUP)
    return ingest(tmp_path)


def test_markup_in_an_article_is_shown_escaped_in_search_results(client, markup):
    html = client.get("/search/", {"q": "censors"}).content.decode()
    shown = re.search(r'<p class="result__snippet">(.*?)</p>', html, re.S).group(1)
    assert tags(shown) == {"<em>", "</em>"}
    assert "<em>Censors</em>" in shown and "&lt;script&gt;alert(1)&lt;/script&gt;" in shown
    assert "<script>alert(1)</script>" not in html and "<img src=x" not in html
    api = client.get("/api/search/", {"q": "censors"}).json()["results"][0]["snippet"]
    assert api == shown


def test_an_engines_own_highlight_never_reaches_the_page(client, markup, monkeypatch):
    """A backend that highlights (haystack's Solr backend does, unescaped) is not listened to."""
    backend = type(connections["default"].get_backend())
    results = backend._results

    def highlighting(self, *args):
        found = results(self, *args)
        for result in found:
            result.highlighted = {"text": ['<script>alert("engine")</script>']}
        return found

    monkeypatch.setattr(backend, "_results", highlighting)
    page = search(SearchParams(q="censors"))
    assert page.total == 1 and "<em>Censors</em>" in page.hits[0].snippet
    assert "engine" not in client.get("/search/", {"q": "censors"}).content.decode()
