"""Every URL that takes parameters answers anything put in it without a server error and logs
nothing at ERROR (property-based): control characters, every Unicode plane, 100 KB values,
repeated parameters, odd slugs. Streamed downloads are read to the end; feeds must be valid Atom.

HYPOTHESIS_EXAMPLES sets how many requests to make in all, shared between the URLs (default 360,
about 15 s); the README says how the 3,000-request run is made.
"""

import logging
import os
from collections import Counter
from urllib.parse import quote

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from archive.ingest.pipeline import ingest_paths
from tests.conftest import FIXTURES
from tests.test_search_properties import SYNTAX, queries
from tests.test_web_archives import warc_of

EXAMPLES = int(os.environ.get("HYPOTHESIS_EXAMPLES", "360"))
SEARCH = ["q", "agency", "platform", "category", "outlet", "year", "from", "to", "sort", "page", "words"]
SEARCH += ["compare"]  # repeated: the queries charted beside the search
FIGURES = ["agency", "platform", "action", "object", "unit", "year", "kind", "sort", "page"]
FIGURES += ["copies", "conflicts", "exact"]
URLS = {
    "/search/": SEARCH,
    "/api/search/": SEARCH,
    "/feeds/search/": SEARCH,
    "/export/articles.csv": [*SEARCH, "unconfirmed"],
    "/export/articles.jsonl": [*SEARCH, "unconfirmed"],
    "/export/articles.warc.gz": SEARCH,
    "/export/articles.wacz": SEARCH,
    "/changes/": ["page"],
    "/api/changes/": ["page"],
    "/feeds/changes/": ["page"],
    "/export/figures.csv": FIGURES,
    "/export/figures.jsonl": FIGURES,
    "/export/figure-totals.csv": FIGURES,
    "/export/figure-totals.jsonl": FIGURES,
    "/figures/": FIGURES,
    "/api/figures/": FIGURES,
    "/articles/": ["page"],
    "/api/articles/": ["page"],
    "/api/articles/{slug}/": ["unconfirmed"],  # the slug drawn is any text: mostly a 404
    "/feeds/latest/": ["q", "page"],
    **{
        path: ["page", "q", "sort"]
        for path in (
            "/agencies/{slug}/",
            "/platforms/{slug}/",
            "/api/agencies/{slug}/",
            "/api/platforms/{slug}/",
            "/agencies/{slug}/feed/",
            "/platforms/{slug}/feed/",
            "/campaigns/{slug}/",
            "/laws/{slug}/",
            "/api/campaigns/{slug}/",
            "/api/laws/{slug}/",
            "/campaigns/{slug}/feed/",
            "/laws/{slug}/feed/",
            "/captures/{slug}/",
            "/captures/{slug}/replay/",
            "/captures/{slug}/resource/",
            "/captures/{slug}.warc.gz",
        )
    },
}
ATOM = etree.RelaxNG(etree.parse(str(FIXTURES / "atom.rng")))

# U+0001..U+001F, U+007F, the non-characters U+FFFE and U+FFFF; private use in the BMP and in
# planes 15 and 16; astral letters and emoji; right-to-left and combining marks; a BOM.
ODD = [*map(chr, range(1, 32)), "\x7f", "\ufffe", "\uffff", "\ue000", "\uf8ff", "\U000f0000", "\U0010fffd"]
ODD += ["\U0001f600", "\U00020000", "\U0001d11e", "\u202e", "\u0301", "\ufeff", "\u2028"]
chars = st.one_of(st.sampled_from(ODD), st.characters(exclude_categories=("Cs",), exclude_characters="\x00"))
texts = st.text(chars, max_size=40)
huge = st.builds(lambda text: (text or "x") * (100_000 // max(1, len(text or "x"))), texts)  # ~100 KB
values = st.one_of(
    texts,
    queries.map(lambda q: q.replace("\x00", "")),
    st.sampled_from([*SYNTAX[:-6], "cac", "wechat", "2021", "2021-02-30", "-1", "0", "9" * 5000, "newest"]),
    st.sampled_from(["1", "none", "accounts", "CNY", "账号"]),
)
slugs = st.one_of(
    st.sampled_from(["cac", "mps", "wechat", "weibo", "qinglang", "cybersecurity-law", "1", "2", "3"]),
    st.sampled_from(["nobody", "CAC", "a" * 300, "-", "_", "..", "%2e%2e", "cac/../..", "cac%00"]),
    texts,
)


@st.composite
def parameters(draw, template: str) -> dict[str, list[str]]:
    """A URL's own parameters and a few it does not read, each absent, given once, or repeated
    (?q=a&q=b); in half the requests one of them 100 KB long."""
    names = [*URLS[template], "x", "Q", "q[]"]
    params = draw(
        st.fixed_dictionaries({}, optional=dict.fromkeys(names, st.lists(values, min_size=1, max_size=3)))
    )
    if draw(st.booleans()):
        params.setdefault(draw(st.sampled_from(names)), []).append(draw(huge))
    return params


@pytest.fixture
def corpus(search_corpus, tmp_path):
    """The search corpus, three pages from a WARC (captures from the web, with versions), and
    stories with reprints whose figures agree and disagree."""
    warc = tmp_path / "pages.warc.gz"
    warc.write_bytes(warc_of(3))
    assert ingest_paths([warc, FIXTURES / "stories", FIXTURES / "facts"]).ok  # reprints, a conflict
    return search_corpus


@pytest.mark.parametrize("template", sorted(URLS))
def test_no_url_answers_a_server_error_or_logs_an_error(corpus, caplog, template):
    answered: Counter = Counter()
    client = Client(raise_request_exception=False)  # a server error is an answer to count
    examples = -(-EXAMPLES // len(URLS))

    @settings(max_examples=examples, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(slug=slugs, params=parameters(template))
    def answers(slug, params):
        caplog.clear()
        url = template.format(slug=quote(slug, safe=""))
        response = client.get(url, params)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        answered[response.status_code] += 1
        assert response.status_code < 500, (url, params)
        errors = [r.getMessage()[:300] for r in caplog.records if r.levelno >= logging.ERROR]
        assert errors == [], (url, params)
        if response.status_code == 200 and "/feed" in url:
            assert ATOM.validate(etree.fromstring(body)), (url, params, ATOM.error_log.last_error)

    answers()
    # shown with `pytest -s`: how many requests were made and what they answered
    print(f"\n{template} {sum(answered.values())} requests, by status: {dict(sorted(answered.items()))}")
    assert sum(answered.values()) >= examples
