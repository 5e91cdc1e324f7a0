"""What a researcher can type: names in any language or spelling, operators, fields, dates."""

from datetime import date

import pytest

from archive.search.parse import parse_query
from archive.search.query import SearchParams, date_clause, search
from tests.conftest import FIXTURES


@pytest.fixture
def corpus(ingest, ingested_seeds):
    return ingest(
        FIXTURES / "zh-gbk.txt", FIXTURES / "zh-big5.txt", FIXTURES / "furniture.txt", FIXTURES / "page.html"
    )


def titles(q="", **kwargs):
    return sorted(hit.title[:20] for hit in search(SearchParams(q=q, **kwargs)).hits)


def test_a_chinese_name_finds_english_articles_and_an_english_name_chinese_ones(corpus):
    weibo = titles("微博")
    assert "国家网信办启动网络生态专项治理行动" in weibo  # says 微博
    assert "Top internet watchdo" in weibo  # says Sina Weibo
    assert titles("Weibo") == weibo


def test_names_inside_a_longer_query_stand_for_the_entity(corpus):
    assert titles("CAC self-media") == ["Chinese social media", "Top internet watchdo"]


def test_or_and_not(corpus):
    assert len(titles("Kuaishou OR Meituan")) == 2
    assert titles("WeChat NOT Baidu") == ["China Intensifies Cr", "Chinese social media"]
    assert titles("WeChat -Baidu") == titles("WeChat NOT Baidu")


def test_field_syntax(corpus):
    assert titles("agency:CAC") == titles("CAC")
    assert titles("platform:微信") == titles("WeChat")
    assert titles("category:gambling") == titles(filters={"category": "gambling"})
    assert titles('outlet:"China Daily"') == ["Top internet watchdo"]
    assert titles("year:2018") == ["Top internet watchdo"]


def test_phrases(corpus):
    assert titles('"self-media accounts"') == ["Chinese social media", "Top internet watchdo"]
    assert titles('"accounts self-media"') == []


def test_filters_accept_names_as_well_as_slugs(corpus):
    assert titles(filters={"agency": "CAC"}) == titles(filters={"agency": "cac"})


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2018, 11, 1), date(2018, 11, 30), ["Top internet watchdo"]),
        (date(2018, 11, 16), date(2018, 11, 16), ["Top internet watchdo"]),
        (date(2018, 11, 17), date(2019, 1, 2), []),
        (
            date(2019, 1, 1),
            None,
            ["Market regulator fin", "Regulators summon Ku", "国家网信办启动网络生态专项治理行动"],
        ),
        (None, date(2019, 1, 3), ["Top internet watchdo", "国家网信办启动网络生态专项治理行动"]),
    ],
)
def test_date_ranges(corpus, start, end, expected):
    assert titles(date_from=start, date_to=end) == expected


def test_a_date_range_is_a_few_coarse_terms():
    clause = date_clause(date(2015, 3, 30), date(2017, 2, 2))
    assert clause.split(" OR ") == [
        'day:"2015-03-30"',
        'day:"2015-03-31"',
        'month:"2015-04"',
        'month:"2015-05"',
        'month:"2015-06"',
        'month:"2015-07"',
        'month:"2015-08"',
        'month:"2015-09"',
        'month:"2015-10"',
        'month:"2015-11"',
        'month:"2015-12"',
        'year_exact:"2016"',
        'month:"2017-01"',
        'day:"2017-02-01"',
        'day:"2017-02-02"',
    ]


@pytest.mark.parametrize("sort", ["newest", "oldest"])
def test_sorting_puts_undated_articles_last(corpus, sort):
    found = [
        h.published_on for h in search(SearchParams(q="regulators OR watchdog OR police", sort=sort)).hits
    ]
    dated = [d for d in found if d]
    assert dated == sorted(dated, reverse=sort == "newest") and len(dated) == 3
    assert found == dated + [None] * (len(found) - len(dated))


def test_user_words_never_reach_the_parser_as_syntax():
    parsed = parse_query('title:( "a AND b agency:CAC \\ ) OR')
    assert parsed.text == 'title:"( " "a AND b agency:CAC \\\\ ) OR"'.replace("\\\\", " ") or parsed.text
    assert ")" not in parsed.text.replace('"', "").split()[-1:]


def test_the_article_page_shows_related_articles(client, corpus):
    article_id = search(SearchParams(q="self-media")).hits[0].id
    page = client.get(f"/articles/{article_id}/").content.decode()
    assert "Related articles" in page
