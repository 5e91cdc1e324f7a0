"""What a researcher can type: names in any language or spelling, operators, fields, dates.

Over the small corpus of tests/fixtures (see conftest.search_corpus); every search here must
run as written (no fallback note) and log nothing at ERROR.
"""

from datetime import date

import pytest
from haystack import connections
from whoosh.qparser import OrGroup, QueryParser

from archive.search.parse import parse_query
from archive.search.query import CANNOT_RUN, SearchParams, date_clause, search

pytestmark = pytest.mark.usefixtures("no_error_logged")

WATCHDOG = "Internet watchdog shuts self-media accounts in cleanup"  # 2018-11-16, China Daily
RULES = "New rules make group chat owners answer for posts"  # 2017-09-07: the CAC by its full name
ADVERTS = "Search and chat apps told to remove gambling adverts"  # undated: Baidu and WeChat
MEITUAN = "Market regulator fines food delivery giant"  # 2021-10-08 (page.html): SAMR, Weibo
KUAISHOU = "Regulators summon Kuaishou over vulgar live streams"  # 2021-03-12 (furniture.txt): CAC
ZH_CAC = "国家网信办启动网络生态专项治理行动"  # 2019-01-03 (zh-gbk.txt): 网信办, 微博, 百度, gambling
ZH_MPS = "公安部破獲網絡賭博案件"  # undated, traditional (zh-big5.txt): gambling


def titles(q="", **kwargs) -> set[str]:
    page = search(SearchParams(q=q, **kwargs))
    assert not [note for note in page.notes if note.startswith(CANNOT_RUN)], (q, page.notes)
    return {hit.title for hit in page.hits}


def test_a_chinese_name_finds_english_articles_and_an_english_name_chinese_ones(search_corpus):
    weibo = titles("微博")
    assert weibo == {WATCHDOG, MEITUAN, ZH_CAC}  # "Sina Weibo", "its Weibo account", 微博
    assert titles("Weibo") == weibo


def test_names_inside_a_longer_query_stand_for_the_entity(search_corpus):
    assert titles("CAC self-media") == {WATCHDOG, RULES}


def test_or_and_not(search_corpus):
    assert titles("Kuaishou OR Meituan") == {MEITUAN, KUAISHOU}
    assert titles("WeChat NOT Baidu") == {WATCHDOG, RULES}
    assert titles("WeChat -Baidu") == titles("WeChat NOT Baidu")


@pytest.mark.parametrize(
    ("q", "same_as"),
    [
        ("NOT NOT WeChat", "WeChat"),
        ("NOT -WeChat", "WeChat"),
        ("WeChat NOT NOT Baidu", "WeChat Baidu"),
        ("WeChat AND NOT NOT NOT Baidu", "WeChat NOT Baidu"),
        ("( NOT NOT WeChat )", "WeChat"),
    ],
)
def test_a_double_negation_cancels(search_corpus, q, same_as):
    assert titles(q) == titles(same_as) != set()


def test_field_syntax(search_corpus):
    assert titles("agency:CAC") == titles("CAC") == {WATCHDOG, RULES, KUAISHOU, ZH_CAC}
    assert titles("platform:微信") == titles("WeChat") == {WATCHDOG, RULES, ADVERTS}
    assert (
        titles("category:gambling") == titles(filters={"category": "gambling"}) == {ADVERTS, ZH_MPS, ZH_CAC}
    )
    assert titles('outlet:"China Daily"') == {WATCHDOG}
    assert titles("year:2018") == {WATCHDOG}


def test_phrases(search_corpus):
    assert titles('"self-media accounts"') == {WATCHDOG, RULES}
    assert titles('"accounts self-media"') == set()


def test_filters_accept_names_as_well_as_slugs(search_corpus):
    assert titles(filters={"agency": "CAC"}) == titles(filters={"agency": "cac"}) != set()


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2018, 11, 1), date(2018, 11, 30), {WATCHDOG}),
        (date(2018, 11, 16), date(2018, 11, 16), {WATCHDOG}),
        (date(2018, 11, 17), date(2019, 1, 2), set()),
        (date(2019, 1, 1), None, {MEITUAN, KUAISHOU, ZH_CAC}),
        (None, date(2019, 1, 3), {WATCHDOG, RULES, ZH_CAC}),
    ],
)
def test_date_ranges(search_corpus, start, end, expected):
    assert titles(date_from=start, date_to=end) == expected


def test_a_date_range_is_a_few_coarse_terms():
    clause = date_clause(date(2015, 3, 30), date(2017, 2, 2))
    assert clause.split(" OR ") == [
        'day:"20150330"',
        'day:"20150331"',
        'month_exact:"2015-04"',
        'month_exact:"2015-05"',
        'month_exact:"2015-06"',
        'month_exact:"2015-07"',
        'month_exact:"2015-08"',
        'month_exact:"2015-09"',
        'month_exact:"2015-10"',
        'month_exact:"2015-11"',
        'month_exact:"2015-12"',
        'year_exact:"2016"',
        'month_exact:"2017-01"',
        'day:"20170201"',
        'day:"20170202"',
    ]


@pytest.mark.parametrize("sort", ["newest", "oldest"])
def test_sorting_puts_undated_articles_last(search_corpus, sort):
    found = [
        h.published_on for h in search(SearchParams(q="police OR watchdog OR regulator", sort=sort)).hits
    ]
    dated = [d for d in found if d]
    assert len(dated) == 4
    assert dated == sorted(dated, reverse=sort == "newest")
    assert None in found and found == [*dated, *[None] * (len(found) - len(dated))]


def test_user_words_never_reach_the_parser_as_syntax():
    parsed = parse_query('title:( "a AND b agency:CAC \\ ) OR')
    # a field with no value is a word; the rest one quoted phrase, without its backslash
    assert parsed.text == '"title:" AND "a AND b agency:CAC ) OR"'
    assert parsed.entities == ()


@pytest.mark.parametrize(
    ("q", "text"),
    [
        ("NOT NOT x", '"x"'),
        ("a NOT NOT NOT b", '"a" AND NOT "b"'),
        ("NOT -x", '"x"'),
        ("-NOT x", 'NOT "NOT" AND "x"'),
        ("x NOT", '"x"'),
        ("( NOT NOT )", ""),
        (") NOT ( x", 'NOT "x"'),  # parentheses that do not nest are dropped
        ('"line\nbreak" NOT x', '"line break" AND NOT "x"'),  # a phrase on one line
        ("a ( ) OR b", '"a" AND "b"'),  # empty parentheses go, with the operator they held
    ],
)
def test_what_whoosh_cannot_parse_is_never_written(q, text):
    assert parse_query(q, words_only=True).text == text


# What a person typed, and Whoosh's reading of it with AND its default operator.
SIDE_BY_SIDE = [  # words of no spellings group, so that each stands for itself alone
    ("wechat weibo", '"wechat" "weibo"'),
    ("pledge quota OR tally", '"pledge" "quota" OR "tally"'),
    ("pledge OR quota tally", '"pledge" OR "quota" "tally"'),
    ("pledge AND quota OR tally ledger", '"pledge" AND "quota" OR "tally" "ledger"'),
    ("pledge NOT quota -tally", '"pledge" NOT "quota" NOT "tally"'),
    (
        "(pledge OR quota) (tally ledger OR memo) ethos",
        '("pledge" OR "quota") ("tally" "ledger" OR "memo") "ethos"',
    ),
    ("licence ethics", '("licence" OR "license") "ethics"'),
]


@pytest.mark.parametrize(
    ("q", "text"),
    [
        ("wechat weibo", '"wechat" AND "weibo"'),
        ("a b OR c", '"a" AND ( "b" OR "c" )'),
        ("a OR b c", '( "a" OR "b" ) AND "c"'),
        ("a AND b OR c", '"a" AND "b" OR "c"'),  # operators written are kept as written
        ("a NOT b", '"a" AND NOT "b"'),
        ("(a OR b) c", '( "a" OR "b" ) AND "c"'),
    ],
)
def test_words_side_by_side_are_joined_by_a_written_and(q, text):
    assert parse_query(q, words_only=True).text == text


@pytest.mark.parametrize(("q", "implicit"), SIDE_BY_SIDE)
def test_the_written_and_means_what_words_side_by_side_meant(db, q, implicit):
    parser = connections["default"].get_backend().parser
    assert parser.parse(parse_query(q, words_only=True).text) == parser.parse(implicit)


@pytest.mark.parametrize(("q", "implicit"), SIDE_BY_SIDE)
def test_a_query_means_the_same_whatever_the_engines_default_operator(db, q, implicit):
    """Solr's default operator is OR, Whoosh's AND: the query must not rest on either."""
    backend = connections["default"].get_backend()
    or_parser = QueryParser(backend.content_field_name, schema=backend.schema, group=OrGroup)
    text = parse_query(q, words_only=True).text
    assert or_parser.parse(text) == backend.parser.parse(text)
    assert or_parser.parse(implicit) != backend.parser.parse(implicit)  # as it would without


def test_the_article_page_shows_related_articles(client, search_corpus):
    article_id = search(SearchParams(q="self-media")).hits[0].id
    page = client.get(f"/articles/{article_id}/").content.decode()
    assert "Related articles" in page


def test_the_parts_of_hyphenated_dotted_and_possessive_words_are_words(ingest, tmp_path):
    page = tmp_path / "joined.txt"
    page.write_text(
        "Regulator's anti-counterfeiting drive reaches ticket resellers\n\n"
        "A provincial regulator's anti-counterfeiting drive has reached ticket resellers on "
        "shop.example.com, officials said on Tuesday, and a second round is planned for the spring.\n",
        encoding="utf-8",
    )
    assert ingest(page).ok
    found = {"Regulator's anti-counterfeiting drive reaches ticket resellers"}
    assert titles("counterfeiting") == found  # a part of a hyphenated word
    assert titles("anti-counterfeiting") == found  # written whole: a phrase of its parts
    assert titles("regulator") == found  # "regulator's"
    assert titles("example") == titles("shop.example.com") == found
    assert titles("anti counterfeiting resellers") == found
    assert titles("counterfeiting-anti") == set()  # a phrase keeps its order
