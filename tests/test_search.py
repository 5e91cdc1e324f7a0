"""Search over the seeds and over small fixtures: entities, Chinese, and input that must not break it."""

import pytest

from archive.search.query import SearchParams, search
from tests.conftest import FIXTURES


def found(q="", **filters):
    return search(SearchParams(q=q, filters=filters))


def names(page):
    return sorted(hit.title[:20] for hit in page.hits)


def test_wechat_finds_the_three_seeds_that_mention_it(ingested_seeds):
    page = found("WeChat")
    assert page.total == 3
    assert page.entity == ("platform", "wechat")


def test_the_ministry_of_public_security_filter_gives_seeds_000_and_002(ingested_seeds):
    page = found(agency="mps")
    assert sorted(hit.title for hit in page.hits) == [
        "China Shuts Down 2,500 Illegal Websites in Anti-Pornography Campaign",
        "Chinese cyber-police set up social media presence to better combat 'illegal & harmful' content",
    ]


@pytest.mark.parametrize(
    "q",
    [
        "CAC",
        "cac",
        "Cyberspace Administration of China",
        "网信办",
        "Office of the Central Cyberspace Affairs Commission",
    ],
)
def test_every_name_of_the_cac_finds_every_seed_that_mentions_it(ingested_seeds, q):
    page = found(q)
    assert page.entity == ("agency", "cac")
    assert page.total == 4


def test_search_the_words_instead(ingested_seeds):
    page = search(SearchParams(q="CAC", words=True))
    assert page.entity is None
    assert page.total == 2  # only two seeds spell out the acronym


@pytest.fixture
def chinese(ingest):
    return ingest(FIXTURES / "zh-gbk.txt", FIXTURES / "zh-big5.txt", FIXTURES / "furniture.txt")


def test_chinese_words_match_inside_unspaced_text(chinese):
    assert found("专项行动").total == 1
    assert found("侦破").total == 1  # only the Big5 page has it, written 偵破


def test_traditional_queries_find_simplified_text(chinese):
    assert found("專項行動").total == 1


def test_snippets_highlight_chinese(chinese):
    page = found("专项行动")
    assert "<em>" in page.hits[0].snippet


@pytest.mark.parametrize("q", ["Kuaishuo", "Kuiashou"])
def test_a_misspelt_name_still_finds_the_entity(chinese, q):
    page = found(q)
    assert page.entity == ("platform", "kuaishou")
    assert page.total == 1


def test_a_misspelt_word_gets_a_suggestion(chinese):
    page = found("regulaters")
    assert page.total == 0
    assert page.suggestion == "regulators"


@pytest.mark.parametrize(
    "q",
    [
        '"unbalanced',
        "AND",
        "OR NOT",
        "(((",
        "agency:",
        "title:(",
        "*",
        "?",
        "a" * 10_000,
        "\x00\x07 control",
        "'; DROP TABLE archive_article; --",
        "<script>alert(1)</script>",
        "NOT",
        "-",
        '""',
        "\\",
        "[1 TO",
        "^2",
        "~",
    ],
)
def test_any_input_gets_results_or_a_message_never_an_error(client, chinese, q):
    for url in ("/search/", "/api/search/"):
        response = client.get(url, {"q": q})
        assert response.status_code == 200
    assert "<script>alert(1)</script>" not in client.get("/search/", {"q": q}).content.decode()
