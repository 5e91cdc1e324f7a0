"""Whatever is typed or put in the URL, the search page and the search API answer: results or a
message, never a server error, never a fallback over a backend failure, nothing logged as an
error (property-based); and a search during an index rebuild answers."""

import json
import threading
from pathlib import Path

import pytest
from django.conf import settings as settings_module
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive.search import indexing
from archive.search.query import CANNOT_RUN, SearchParams, search
from tests.conftest import SAMPLES, errors_logged

SYNTAX = [
    '"', "(", ")", "AND", "OR", "NOT", "-", "+", "*", "?", "~", "^", ":", "[", "]", "{", "}",
    "agency:", "platform:", "title:", "year:", "TO", "\\", "/", "'", ";", "--", "<", ">", "&",
    "<script>", "%", "%00", "\x00", "\n", "\t", "\u200b", "\ufeff",
    "CAC", "网信办", "微信", "WeChat", "Kuiashou", "專項行動", "2021", "1e9", "-1",
]  # fmt: skip


@pytest.fixture
def samples(ingest):
    return ingest(SAMPLES)


# runs of operators, so that they often meet: NOT NOT, AND OR, "( NOT )", "NOT -WeChat"
operators = st.lists(st.sampled_from(["AND", "OR", "NOT", "(", ")", "-WeChat", "-"]), min_size=1, max_size=4)
queries = st.lists(
    st.one_of(operators.map(" ".join), st.sampled_from(SYNTAX), st.text(max_size=30)), max_size=12
).map(" ".join)
values = st.one_of(
    st.sampled_from(["", "cac", "mps", "wechat", "2021", "2021-13-45", "-1", "0"]), st.text(), queries
)
parameters = st.fixed_dictionaries(
    {"q": queries},
    optional=dict.fromkeys(("agency", "platform", "category", "outlet", "year"), values)
    | dict.fromkeys(("from", "to", "sort", "page", "words"), values),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(params=parameters)
def test_no_input_makes_a_server_error(client, samples, caplog, params):
    caplog.clear()
    params = {k: v.replace("\x00", "") for k, v in params.items()}  # the test client refuses NUL
    page = client.get("/search/", params)
    assert page.status_code == 200
    html = page.content.decode()
    assert "<script>" not in html
    assert CANNOT_RUN not in html
    api = client.get("/api/search/", params)
    assert api.status_code == 200
    body = json.loads(api.content)
    assert isinstance(body["results"], list)
    assert not [note for note in body["notes"] if CANNOT_RUN in note]
    assert errors_logged(caplog) == []


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(q=queries)
def test_the_search_function_takes_any_query(samples, caplog, q):
    caplog.clear()
    page = search(SearchParams(q=q))
    assert page.total >= 0
    assert not [note for note in page.notes if CANNOT_RUN in note]
    assert errors_logged(caplog) == []


def test_a_search_during_a_rebuild_answers(samples, transactional_db):
    before = search(SearchParams(q="WeChat")).total
    answers, stop = [], threading.Event()

    def keep_searching():
        while not stop.is_set():
            answers.append(search(SearchParams(q="WeChat")).total)

    searcher = threading.Thread(target=keep_searching)
    searcher.start()
    try:
        for _ in range(3):
            indexing.rebuild()
    finally:
        stop.set()
        searcher.join()
    assert before > 0
    assert answers, "no search ran during the rebuilds"
    assert set(answers) == {before}
    assert search(SearchParams(q="WeChat")).total == before
    live = Path(settings_module.HAYSTACK_CONNECTIONS["default"]["PATH"])
    assert live.is_symlink()
    assert len(list(live.parent.glob(f"{live.name}.*"))) == 2  # the live version and the one before
