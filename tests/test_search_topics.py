"""Search across languages: a topic, a term or a campaign typed in one language finds the pages
that write it in another (categories, the translations of data/spellings.toml, campaign stems),
and `manage.py evaluate_search` scores judged queries."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from archive.search.parse import parse_query
from archive.search.query import SearchParams, matching_ids
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
