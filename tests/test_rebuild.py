"""A full rebuild writes in a child process and swaps the new index in; when anything fails,
on either side, the live index stays as it was and nothing half written is left behind."""

from functools import partial
from pathlib import Path

import pytest
from django.conf import settings
from haystack import connections

from archive.search import indexing
from archive.search.query import SearchParams, search
from tests.conftest import SAMPLES


@pytest.fixture
def samples(ingest):
    report = ingest(SAMPLES)
    indexing.rebuild()
    return report


def versions() -> list[Path]:
    live = Path(settings.HAYSTACK_CONNECTIONS["default"]["PATH"])
    return sorted(live.parent.glob(f"{live.name}.*"))


def test_a_rebuild_holds_every_article(samples):
    before = search(SearchParams(q="WeChat")).total
    assert indexing.rebuild() == len(samples.outcomes)
    assert search(SearchParams(q="WeChat")).total == before > 0
    assert connections["default"].get_backend().searcher().doc_count() == len(samples.outcomes)


@pytest.mark.parametrize("side", ["preparing", "writing"])
def test_a_failed_rebuild_leaves_the_live_index_alone(samples, monkeypatch, side):
    before, folders = search(SearchParams(q="WeChat")).total, versions()
    backend = connections["default"].get_backend()
    prepare, calls = backend.document, []

    def failing(index, obj):
        calls.append(obj)
        if side == "preparing" and len(calls) == 3:
            raise ValueError("no such article")
        document = prepare(index, obj)
        return document | {"no_such_field": "x"} if side == "writing" else document

    monkeypatch.setattr(backend, "document", failing)
    monkeypatch.setattr(indexing, "writer_process", partial(indexing.writer_process, chunk=2))
    expected = (ValueError, "no such article") if side == "preparing" else (RuntimeError, "writer failed")
    with pytest.raises(expected[0], match=expected[1]):
        indexing.rebuild()
    assert versions() == folders
    assert search(SearchParams(q="WeChat")).total == before
