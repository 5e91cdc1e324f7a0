"""Search over small fixtures: entities, Chinese, and input that must not break it."""

import logging

import pytest
from haystack import connections

from archive.search.backend import UnrunnableQuery
from archive.search.query import CANNOT_RUN, SearchParams, search
from tests.conftest import FIXTURES, errors_logged


def found(q="", **filters):
    return search(SearchParams(q=q, filters=filters))


def names(page):
    return sorted(hit.title[:20] for hit in page.hits)


def test_wechat_finds_the_three_articles_that_name_it(search_corpus):
    page = found("WeChat")
    assert page.total == 3
    assert page.entity == ("platform", "wechat")


def test_the_ministry_of_public_security_filter_gives_its_one_article(search_corpus):
    page = found(agency="mps")
    assert [hit.title for hit in page.hits] == ["公安部破獲網絡賭博案件"]


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
def test_every_name_of_the_cac_finds_every_article_that_names_it(search_corpus, q):
    page = found(q)
    assert page.entity == ("agency", "cac")
    assert page.total == 4


def test_search_the_words_instead(search_corpus):
    page = search(SearchParams(q="CAC", words=True))
    assert page.entity is None
    assert page.total == 1  # only one article spells out the acronym


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
        "NOT NOT WeChat",
        "NOT -WeChat",
        "a NOT NOT b",
    ],
)
def test_any_input_gets_results_or_a_message_never_an_error(client, chinese, caplog, q):
    for url in ("/search/", "/api/search/"):
        response = client.get(url, {"q": q})
        assert response.status_code == 200
    page = client.get("/search/", {"q": q}).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert CANNOT_RUN not in page
    assert not [n for n in client.get("/api/search/", {"q": q}).json()["notes"] if CANNOT_RUN in n]
    assert errors_logged(caplog) == []


def _backend_raises(monkeypatch, error: Exception) -> None:
    def fail(*args, **kwargs):
        raise error

    monkeypatch.setattr(connections["default"].get_backend(), "search", fail)


def test_a_query_the_backend_cannot_run_is_a_note_and_one_warning_line(chinese, caplog, monkeypatch):
    _backend_raises(monkeypatch, UnrunnableQuery("Phrase search: 'x' field has no positions"))
    with caplog.at_level(logging.INFO):
        page = found("专项行动")
    assert page.total == 0
    assert page.notes == [f"{CANNOT_RUN}: try fewer symbols or filters."]
    [record] = caplog.records
    assert record.levelno == logging.WARNING and record.exc_info is None
    assert "\n" not in record.getMessage()


def test_a_backend_bug_is_logged_with_its_traceback_and_still_answers(client, chinese, caplog, monkeypatch):
    _backend_raises(monkeypatch, RuntimeError("a bug"))
    response = client.get("/api/search/", {"q": "专项行动"})
    assert response.status_code == 200
    assert response.json()["notes"] == [f"{CANNOT_RUN}: try fewer symbols or filters."]
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors and all(r.exc_info and r.exc_info[0] is RuntimeError for r in errors)


def test_a_download_of_a_query_the_backend_cannot_run_is_empty_with_one_warning(
    client, chinese, caplog, monkeypatch
):
    _backend_raises(monkeypatch, UnrunnableQuery("Phrase search: 'x' field has no positions"))
    response = client.get("/export/articles.jsonl", {"q": "专项行动"})
    assert b"".join(response.streaming_content) == b""
    [record] = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert record.levelno == logging.WARNING and record.exc_info is None


@pytest.mark.parametrize("name", ["agency", "platform", "category", "outlet", "year"])
def test_a_filter_value_never_reaches_the_parser_as_syntax(chinese, caplog, name):
    page = search(SearchParams(filters={name: 'x\n" NOT NOT ( \\ y'}))
    assert page.total == 0 and page.notes == []
    assert errors_logged(caplog) == []


def test_when_no_article_holds_every_part_those_holding_some_come_with_a_note(search_corpus):
    from archive.search.query import ANY_PART, matching_ids

    page = found("WeChat qwxzzy")
    assert page.total == 3 and page.notes[0] == ANY_PART
    assert len(matching_ids(SearchParams(q="WeChat qwxzzy"))) == 3  # exports and feeds agree
    written = found("WeChat AND qwxzzy")  # operators the person wrote are meant
    assert written.total == 0 and ANY_PART not in written.notes
    assert found("WeChat").notes == []  # the whole query found: no note
