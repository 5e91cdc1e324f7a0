"""Search across languages: a topic, a term or a campaign typed in one language finds the pages
that write it in another (categories, the translations of data/spellings.toml, campaign stems),
and `manage.py evaluate_search` scores judged queries."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from archive import data
from archive.extract.categories import extract_categories
from archive.extract.entities import known_entities
from archive.search.analysis import term
from archive.search.parse import KINDS, MAX_NAMES, _edits, _text_names, parse_query
from archive.search.query import SearchParams, matching_ids
from archive.text import WORD
from tests.conftest import FIXTURES, by_name

TOPICS = FIXTURES / "topics"


@pytest.fixture
def topics(ingest):
    report = ingest(TOPICS)
    assert report.ok, report.outcomes
    return report


def found(report, q: str) -> set[str]:
    names = {o.article_id: o.source.rsplit("/", 1)[-1] for o in report.outcomes}
    return {names[pk] for pk in matching_ids(SearchParams(q=q, copies=True))}


@pytest.mark.parametrize(
    "q, expected",
    [
        # an English word that begins with a category's keyword stands for the category
        ("scams", {"en_scam_rings.txt", "zh_fraud.txt", "zht_fraud.txt"}),
        # a Chinese term and its English translation, either way; traditional folded to simplified
        ("电信网络诈骗", {"zh_fraud.txt", "zht_fraud.txt"}),
        ("telecom fraud", {"zh_fraud.txt", "zht_fraud.txt"}),
        ("mini programs", {"en_mini_programs.txt", "zh_mini_programs.txt"}),  # "mini-programs" too
        ("小程序", {"en_mini_programs.txt", "zh_mini_programs.txt"}),
        ("cyberbullying", {"zh_bullying.txt"}),
        # typed alone, a campaign series' stem is the campaign, found by its English names too
        ("清朗", {"en_qinglang.txt"}),
    ],
)
def test_a_query_in_one_language_finds_pages_in_another(topics, q, expected):
    assert found(topics, q) == expected


def test_a_longer_chinese_term_is_not_its_keywords_category():
    assert parse_query("诈骗").entities == (("category", "fraud", "诈骗"),)
    assert parse_query("电信网络诈骗").entities == ()  # narrower than fraud: its words and translations
    assert parse_query("scamp").entities == ()  # not "scam" and a few letters more of another word
    assert parse_query("scams").entities == (("category", "fraud", "scams"),)


def test_the_search_page_says_what_it_understood(topics, client):
    page = client.get("/search/", {"q": "清朗"}).content.decode()
    assert "Qinglang" in page and by_name(topics, "en_qinglang.txt")


def write_queries(tmp_path, queries) -> str:
    path = tmp_path / "queries.json"
    path.write_text(json.dumps(queries, ensure_ascii=False), encoding="utf-8")
    return str(path)


def test_evaluate_search_scores_recall_and_precision(topics, tmp_path, capsys):
    queries = [
        {"query": "小程序", "kind": "topic", "relevant": ["en_mini_programs.txt", "zh_mini_programs.txt"]},
        {"query": "scams", "kind": "topic", "relevant": ["en_scam_rings.txt", "zh_bullying.txt"]},
    ]
    call_command("evaluate_search", write_queries(tmp_path, queries))
    out = capsys.readouterr().out
    assert "小程序" in out and "recall 1.00  P@10 1.00" in out
    # the second query: one of two relevant pages found, one of three found relevant
    assert "recall 0.50  P@10 0.33" in out and "missed: zh_bullying.txt" in out
    assert "all       mean recall 0.75  mean P@10 0.67" in out


def test_evaluate_search_refuses_pages_the_archive_lacks(topics, tmp_path):
    queries = [{"query": "scams", "kind": "topic", "relevant": ["never_ingested.txt"]}]
    with pytest.raises(CommandError, match="not in the archive.*ingest"):
        call_command("evaluate_search", write_queries(tmp_path, queries))
    with pytest.raises(CommandError, match="cannot read queries file"):
        call_command("evaluate_search", write_queries(tmp_path, {"query": 1}))


OTHER_WORDS = FIXTURES / "other_words"


@pytest.fixture
def other_words(ingest):
    """Pages naming a topic, a law or an entity in other words than a query's: Taiwan and
    Hong Kong usage, short names, other English renderings, a brand for its company."""
    report = ingest(OTHER_WORDS)
    assert report.ok, report.outcomes
    return report


@pytest.mark.parametrize(
    "q, expected",
    [
        # a category's synonyms in any language and script reach each other
        ("rumours", {"zht_false_messages.txt"}),
        ("disinformation", {"zht_false_messages.txt"}),
        ("网暴", {"en_cyber_violence.txt"}),
        # doxxing is of the topic too: it exposes a person's data
        ("personal information", {"zht_personal_data.txt", "en_cyber_violence.txt"}),
        ("个人信息", {"zht_personal_data.txt", "en_cyber_violence.txt"}),
        # a short English name in other words than the law's titles, its Chinese short form
        ("anti-fraud law", {"en_fraud_law.txt", "zh_fraud_law.txt"}),
        ("反电诈法", {"en_fraud_law.txt", "zh_fraud_law.txt"}),
        # a local office by its Chinese title without 委; an app by its English name
        ("Shenzhen Municipal Cyberspace Administration", {"zh_shenzhen_office.txt"}),
        ("Phoenix News", {"zh_phoenix_app.txt"}),
        # a narrower keyword is a phrase, not its whole category: 大数据 and 杀熟 apart are not it
        ("大数据杀熟", {"zh_price_discrimination.txt"}),
        ("算法", {"zh_price_discrimination.txt", "zh_algorithm_filing.txt"}),
        # a Chinese query of known terms written together; one in traditional script
        ("主播偷逃税", {"en_streamer_taxes.txt"}),
        ("熱搜", {"en_trending_list.txt"}),
    ],
)
def test_a_query_finds_pages_that_say_it_in_other_words(other_words, q, expected):
    assert found(other_words, q) == expected


def test_a_narrower_keyword_typed_alone_means_itself():
    assert parse_query("算法").entities == (("category", "algorithms", "算法"),)
    assert parse_query("大数据杀熟").entities == ()
    assert "big data price discrimination" in parse_query("大数据杀熟").text  # and its translations
    assert parse_query("杀猪盘").entities == ()


def test_narrower_terms_are_keywords_of_their_category():
    """The tagger reads only the keywords: a narrower term that is none would tag nothing."""
    for category in data.load("categories")["category"]:
        keywords = {k.lower() for k in [*category["keywords"], *category["keywords_zh"]]}
        assert {term.lower() for term in category.get("narrower", [])} <= keywords, category["slug"]


@pytest.mark.parametrize(
    "q, law",
    [
        ("anti-fraud law", "anti-telecom-fraud-law"),
        ("fraud law", "anti-telecom-fraud-law"),
        ("comment rules", "comment-provisions"),
        # words in several laws' names name none of them
        ("online law", None),
        ("security law", None),
        ("personal information law", None),
        ("the law", None),
        ("telecom fraud", None),  # not a title: the words of the topic
    ],
)
def test_a_law_named_in_some_of_its_words(q, law):
    entities = [e for e in parse_query(q).entities if e[0] == "law"]
    assert entities == ([("law", law, q)] if law else [])


def test_an_entity_query_looks_for_every_name_it_owns():
    """No entity, a local office with its generated names included, has more names to look
    for than a query holds: one left out would hide the articles that use only it."""
    for kind in KINDS:
        for row in known_entities(kind):
            names = _text_names(kind, row["slug"])
            assert len(names) < MAX_NAMES, (kind, row["slug"])
    assert "App Store" not in _text_names("platform", "apple-app-store")  # case aside, any app store
    shenzhen = _text_names("agency", "shenzhen-cac")
    assert "Shenzhen Municipal Cyberspace Administration" in shenzhen
    assert {"深圳網信辦", "深圳市網絡安全和信息化委員會辦公室"} <= set(shenzhen)


def test_no_spelling_of_several_words_is_one_word_to_the_index():
    """Stop words leave a phrase: "we media" would find every article saying "media"."""
    table = data.load("spellings")
    for group in [*table["variants"], *table["translations"]]:
        for spelling in group:
            words = WORD.findall(spelling)
            assert len(words) == 1 or sum(term(word) is not None for word in words) >= 2, spelling


def test_the_common_nouns_beside_a_topic_reach_the_other_language():
    assert parse_query("gambling content").text == (
        '(categories_exact:"gambling" OR ("gambling" OR "赌博" OR "涉赌")) AND ("content" OR "内容")'
    )
    assert '"micro-drama"' in parse_query("微短剧").text


def test_a_term_whose_word_names_a_category_is_the_category_and_the_term():
    parsed = parse_query("online gambling")
    assert parsed.entities == (("category", "gambling", "online gambling"),)
    assert parsed.text.startswith('(categories_exact:"gambling" OR ("online gambling" OR "网络赌博"')


def test_a_chinese_query_of_known_terms_is_cut_into_them_only_when_they_cover_it():
    assert '"tax evasion"' in parse_query("主播偷逃税").text
    assert parse_query("侵害某某权益").text == '"侵害某某权益"'  # not all of it is known: as typed


def test_a_campaign_name_two_series_share_finds_both():
    text = parse_query("净网").text
    assert 'campaigns_exact:"jingwang"' in text and 'campaigns_exact:"jingwang-police"' in text
    assert parse_query("-净网 fraud").text.startswith('NOT (campaigns_exact:"jingwang" OR ')


def test_a_county_s_office_whose_name_two_places_share_finds_both():
    text = parse_query("普陀区市场监管局").text
    assert 'agencies_exact:"shanghai-putuo-amr"' in text and 'agencies_exact:"zhoushan-putuo-amr"' in text
    assert '"普陀區市場監管局"' in text  # the shared name, in any article
    assert [e[:2] for e in parse_query("海曙区网信办").entities] == [("agency", "ningbo-haishu-cac")]


def test_a_known_term_of_several_words_beats_the_category_of_its_first_word():
    parsed = parse_query("minors mode")
    assert parsed.entities == ()  # not the category minors and the word "mode"
    assert '"青少年模式"' in parsed.text


@pytest.mark.parametrize(
    "q, slug",
    [
        ("Hangzhou police", "hangzhou-psb"),  # a city's loose names are no gazetteer forms
        ("police in Zhejiang", "zhejiang-psd"),
        ("Shenzhen internet regulator", "shenzhen-cac"),
        ("Guangzhou's internet regulator", "guangzhou-cac"),
        ("Chengdu market regulator", "chengdu-amr"),
        ("浙江网信", "zhejiang-cac"),
        # a national body, or an office's word, beside a place: the place's office
        ("Cyberspace Administration Guangdong", "guangdong-cac"),
        ("广东 网信办", "guangdong-cac"),
        ("Shanghai SAMR", "shanghai-amr"),
        ("MPS Inner Mongolia", "inner-mongolia-psd"),
        ("police Guangdong", "guangdong-psd"),
        ("Jiangsu PSB", "jiangsu-psd"),  # a place is no misspelt platform (Jianshu)
        ("China's anti-pornography office", "noapip"),  # "China's" says nothing more
    ],
)
def test_a_local_office_typed_loosely_is_that_office(q, slug):
    assert [e[:2] for e in parse_query(q).entities] == [("agency", slug)]


def test_a_misspelling_is_a_slip_of_a_letter_or_two_not_another_word():
    assert [e[:2] for e in parse_query("Pinduduo").entities] == [("platform", "pinduoduo")]
    assert _edits("hangzhou police", "hangzhou office") == 3  # close to difflib, yet other words
    assert _edits("kuaishuo", "kuaishou") == 1  # letters swapped
    assert parse_query("Hangzhuo pollice").entities == ()
    assert parse_query("China's").entities == ()  # not ChinaSo: a short name is one letter off at most
    assert parse_query("Hangzhou tax").entities == ()  # "tax" is a word of names, no slip of "CAC"


def test_a_place_and_an_action_reach_the_other_language():
    assert '"广东"' in parse_query("Guangdong").text
    assert '"Guangdong"' in parse_query("广东诈骗").text
    assert '"罚款"' in parse_query("Didi fine").text
    assert '"summoned"' in parse_query("快手 约谈").text
    assert '"celebrity gossip"' in parse_query("明星八卦").text
    assert '"虚构原价"' in parse_query("fake prices").text


def test_a_term_is_found_in_the_other_language_or_by_its_words_apart():
    assert '"algorithm"' in parse_query("演算法").text  # Taiwan's word for 算法
    assert '"新闻敲诈"' in parse_query("news extortion").text
    apart = '("news" OR "新闻") AND ("extortion"'  # "extorting money from news sources"
    assert '"网络"' in parse_query("protecting minors online").text  # "online" keeps no Chinese page out
    assert '"doxxing"' in parse_query("起底").text  # Hong Kong's word for it
    assert apart in parse_query("news extortion").text


def test_a_category_query_ranks_the_pages_holding_its_words_first(ingest, tmp_path):
    """A page only tagged with the category (a newer one here) comes after one that says it."""
    (tmp_path / "old_en.txt").write_text(
        "Police break up scam rings\n\n2021-03-02\n\nPolice said they had broken up 14 scam rings.\n"
    )
    (tmp_path / "new_zh.txt").write_text(
        "公安机关通报诈骗案件\n\n2024-06-01\n\n公安机关破获诈骗案件三百余起。\n"
    )
    report = ingest(tmp_path)
    assert report.ok, report.outcomes
    names = {o.article_id: o.source.rsplit("/", 1)[-1] for o in report.outcomes}
    ranked = [names[pk] for pk in matching_ids(SearchParams(q="scam", copies=True))]
    assert ranked == ["old_en.txt", "new_zh.txt"]


@pytest.mark.parametrize(
    "q, entity",
    [
        ("Telegram app", ("platform", "telegram")),  # what it is adds nothing a page must say
        ("抖音 平台", ("platform", "douyin")),
        ("Huya.com", ("platform", "huya")),  # its site's address
        ("Hauwei", ("platform", "huawei")),  # letters swapped, however difflib rates it
        ("Honkai: Star Rail", ("platform", "honkai-star-rail")),  # a colon inside a name
        # a name longer than eight words, typed whole, is not cut into a body and its parent
        ("Office of the Cyberspace Affairs Commission of the CPC Central Committee", ("agency", "cac")),
        ("港警", ("agency", "hkpf")),
        ("Tao Bao", ("platform", "taobao")),  # spaced otherwise, still one slip
        ("Tencent Holdings Ltd", ("platform", "tencent")),  # what the company is in law
        ("腾讯控股有限公司", ("platform", "tencent")),
        ("CAC's", ("agency", "cac")),  # an acronym's possessive
        ("Ministry of Education of the People's Republic of China", ("agency", "moe")),
        ("market regulator", ("agency", "samr")),  # a role, as pages write "the market regulator"
        ("gaming regulator", ("agency", "nppa")),  # not the category online games and a word
        ("China's Twitter", ("platform", "weibo")),  # platforms.toml's likened_to
        ("China's answer to YouTube", ("platform", "bilibili")),
        ("中国版推特", ("platform", "weibo")),
        ("Taiwan media regulator", ("agency", "tw-ncc")),  # "Taiwan's …" without its 's
        ("杭州市 税务", ("agency", "hangzhou-tax")),  # a place and an office's word in Chinese
        ("上海 市场监管", ("agency", "shanghai-amr")),
    ],
)
def test_a_name_typed_with_more_or_less_than_its_forms_is_its_entity(q, entity):
    assert [e[:2] for e in parse_query(q).entities] == [entity]


def test_a_year_typed_is_the_year_published_or_written():
    assert parse_query("Didi 2021").text.endswith('AND (year_exact:"2021" OR "2021")')


def test_an_outlet_and_a_question_reach_the_pages():
    assert '"Xinhua"' in parse_query("新华社").text  # an English page's "(Xinhua)" dateline
    parsed = parse_query("who fined Ant Group")  # no page about the answer need say "who"
    assert [e[:2] for e in parsed.entities] == [("platform", "ant-group")]
    assert '"who"' not in parsed.text


def test_a_story_about_the_game_trade_is_tagged_online_games():
    text = "Regulators pulled 3,000 unlicensed games from stores as the game market slowed."
    assert "online-games" in extract_categories(text)
