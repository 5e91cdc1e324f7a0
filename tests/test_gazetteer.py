"""Loading the data files: adds and updates, keeps a curator's changes, removes only when asked."""

import copy

import pytest
from django.core.management import call_command
from haystack import connections

from archive import gazetteer
from archive.extract.entities import entities
from archive.models import Agency, Article, Platform
from archive.search import indexing
from archive.search.query import SearchParams, search
from tests.conftest import SAMPLES


@pytest.fixture
def files(monkeypatch):
    """The data files' entries, editable by the test: what load_gazetteer reads."""
    rows = {kind: copy.deepcopy(entities(kind)) for kind in ("agency", "platform", "campaign", "law")}
    monkeypatch.setattr(gazetteer, "entities", lambda kind: rows[kind])
    return rows


def entry(rows, slug):
    return next(row for row in rows if row["slug"] == slug)


def test_merge_applies_the_files_change_over_the_curators():
    assert gazetteer.merge(["a", "curator"], ["a", "b"], ["a", "c"]) == ["a", "c", "curator"]
    assert gazetteer.merge("Curated name", "Old", "New") == "Curated name"
    assert gazetteer.merge("Old", "Old", "New") == "New"
    assert gazetteer.merge(["a"], ["a", "b"], ["a", "b", "c"]) == ["a", "c"]  # a curator removed b


def test_a_curators_additions_survive_a_reload(gazetteer_loaded, files):
    wechat = Platform.objects.get(slug="wechat")
    wechat.aliases = [*wechat.aliases, "Weixin Pay"]
    wechat.note = "A curator's note."
    wechat.save()
    own = Platform.objects.create(slug="curated-app", name="Curated App", aliases=["CuratedApp"])
    entry(files["platform"], "wechat")["aliases"].append("WeChat Channels")
    entry(files["platform"], "wechat")["kind"] = "super app"
    call_command("load_gazetteer", "--no-progress")
    wechat.refresh_from_db()
    assert "Weixin Pay" in wechat.aliases and "WeChat Channels" in wechat.aliases
    assert wechat.note == "A curator's note."
    assert wechat.kind == "super app"
    own.refresh_from_db()
    assert own.aliases == ["CuratedApp"] and own.loaded is None


def test_an_entry_gone_from_the_files_stays_until_pruned(ingest, files, capsys):
    ingest(SAMPLES)
    named = set(Article.objects.filter(platforms__slug="weibo").values_list("pk", flat=True))
    assert named and search(SearchParams(filters={"platform": "weibo"})).total == len(named)
    files["platform"].remove(entry(files["platform"], "weibo"))
    call_command("load_gazetteer", "--no-progress")
    assert (
        "kept 1 platforms the data files no longer hold (weibo); --prune removes them"
        in capsys.readouterr().err
    )
    assert Platform.objects.filter(slug="weibo").exists()
    call_command("load_gazetteer", "--prune", "--no-progress")
    out = capsys.readouterr().out
    assert "removed 1 platforms: weibo" in out and f"{len(named)} articles named them" in out
    assert not Platform.objects.filter(slug="weibo").exists()
    assert indexing.pending() == 0
    searcher = connections["default"].get_backend().searcher()
    platforms = [fields["platforms"] for fields in searcher.all_stored_fields()]
    assert platforms and not any("weibo" in value.split(",") for value in platforms)  # reindexed


def test_a_curators_own_entity_is_never_pruned(gazetteer_loaded, files):
    Agency.objects.create(slug="curated-office", name="Curated Office")
    call_command("load_gazetteer", "--prune", "--no-progress")
    assert Agency.objects.filter(slug="curated-office").exists()


def test_a_reload_of_unchanged_files_writes_nothing(gazetteer_loaded, django_assert_max_num_queries):
    with django_assert_max_num_queries(16):  # a read per table and its references, no write
        report = gazetteer.load_gazetteer()
    assert (report.created, report.updated) == (0, 0)


@pytest.fixture
def gazetteer_loaded(gazetteer):
    return gazetteer
