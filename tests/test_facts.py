"""Figures across reprints: one row per fact of a story with every article that states it,
conflicts between copies flagged, and totals of distinct figures with units folded."""

import csv
import io
import json

import pytest
from django.core.management import call_command

from archive.explore import FigureQuery
from archive.facts import refresh_all_facts
from archive.models import Article, Figure
from archive.totals import figure_totals
from archive.units import is_money, unit_of
from tests.conftest import FIXTURES

STORIES = FIXTURES / "stories"
FACTS = FIXTURES / "facts"
WIRE_AND_REPRINT = ("wire-original.txt", "reprint-with-furniture.html")


def lending_apps(**filters):
    return Figure.objects.filter(action="removed", unit="apps", **filters)


@pytest.fixture
def reprints(ingest):
    """The wire story and its reprint with furniture: the same figure twice."""
    assert ingest(*(STORIES / name for name in WIRE_AND_REPRINT)).ok


@pytest.fixture
def conflicting(reprints, ingest):
    """…and a third copy that gives another number (361 for 316)."""
    assert ingest(STORIES / "reprint-changed-figure.txt").ok


def test_two_reprints_of_a_figure_are_one_fact_with_two_sources(client, reprints):
    copies = lending_apps()
    assert copies.count() == 2 and len({f.fact for f in copies}) == 1 and copies[0].fact
    data = client.get("/api/figures/", {"action": "removed"}).json()
    assert data["total"] == 1
    [row] = data["results"]
    assert row["copies"] == 2 and row["conflict"] is False and row["value"] == 316
    wire, reprint = (Article.objects.get(capture__source__endswith=name).pk for name in WIRE_AND_REPRINT)
    assert [source["article_id"] for source in row["sources"]] == [wire, reprint]
    assert row["article_id"] == wire  # the earliest copy is the one listed
    page = client.get("/figures/", {"action": "removed"}).content.decode()
    assert "2 sources:" in page and "Dragon Ledger" in page and "1 distinct figure" in page


def test_copies_shows_every_copy(client, reprints):
    every = client.get("/api/figures/", {"action": "removed", "copies": "1"}).json()
    assert every["total"] == 2 and every["filters"]["copies"] == "1"
    assert len({row["article_id"] for row in every["results"]}) == 2
    assert all(len(row["sources"]) == 2 for row in every["results"])
    rows = _csv(client.get("/export/figures.csv", {"action": "removed", "copies": "1"}))
    assert len(rows) == 2
    assert len(_csv(client.get("/export/figures.csv", {"action": "removed"}))) == 1


def test_different_numbers_for_one_fact_are_a_conflict(client, conflicting):
    copies = lending_apps()
    assert sorted(f.value for f in copies) == [316, 316, 361]
    assert all(f.conflict and f.copies == 3 for f in copies) and sum(f.lead for f in copies) == 1
    [row] = client.get("/api/figures/", {"action": "removed"}).json()["results"]
    assert row["conflict"] is True and sorted(s["value"] for s in row["sources"]) == [316, 316, 361]
    only = client.get("/api/figures/", {"conflicts": "1"}).json()
    assert only["total"] == 1 and only["results"][0]["id"] == row["id"]
    assert client.get("/api/figures/", {"conflicts": "1", "copies": "1"}).json()["total"] == 3
    page = client.get("/figures/", {"conflicts": "1"}).content.decode()
    assert "badge--conflict" in page and "(361)" in page


def test_a_corrected_figure_settles_the_conflict(admin_client, conflicting):
    changed = lending_apps().get(value=361)
    form = {field: getattr(changed, field) for field in ("value", "qualifier", "object", "action", "kind")}
    form |= {"value": 316, "currency": "", "sentence": changed.sentence, "article": changed.article_id}
    form |= {"start": changed.start, "end": changed.end}
    response = admin_client.post(f"/admin/archive/figure/{changed.pk}/change/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert not lending_apps(conflict=True).exists()


def test_facts_survive_a_reprocess_and_a_regroup(conflicting):
    before = sorted(lending_apps().values_list("article_id", "fact", "lead", "copies", "conflict"))
    Figure.objects.update(fact="", lead=True, copies=1, conflict=False)
    refresh_all_facts()
    assert sorted(lending_apps().values_list("article_id", "fact", "lead", "copies", "conflict")) == before
    call_command("reprocess", "--no-progress")
    after = lending_apps()
    assert after.count() == 3 and all(f.conflict and f.copies == 3 for f in after)
    assert sum(f.lead for f in after) == 1


def test_totals_fold_units_and_count_a_reprint_once(client, conflicting, ingest):
    assert ingest(FACTS).ok
    totals = figure_totals(FigureQuery())
    accounts = [t for t in totals if t.unit == "accounts" and t.action == "closed"]
    [both] = [t for t in accounts if t.agency and t.agency.slug == "cac" and t.year == 2021]
    assert both.total == 3_000 + 20_000 and both.figures == 2  # "accounts" and "违规账号"
    assert both.platform.slug == "wechat"
    [apps] = [t for t in totals if t.unit == "apps" and t.action == "removed"]
    assert apps.total == 316 and apps.figures == 1 and apps.conflicts == 1  # three copies, one fact
    # the link lists exactly the figures behind the total
    listed = client.get(both.link.replace("/figures/", "/api/figures/")).json()
    assert listed["total"] == 2 and {r["value"] for r in listed["results"]} == {3_000, 20_000}


def test_money_is_never_added_to_a_count():
    assert unit_of("", "CNY") == "CNY" and is_money("CNY")
    assert unit_of("accounts") == "accounts" and not is_money("accounts")


def test_json_and_downloads_carry_the_totals(client, ingest):
    assert ingest(FACTS).ok
    data = client.get("/api/figures/").json()
    [total] = [t for t in data["totals"] if t["unit"] == "accounts"]
    assert total["total"] == 23_000 and total["figures"] == 2 and total["money"] is False
    assert total["link"].startswith("http://testserver/figures/?") and "unit=accounts" in total["link"]
    rows = _csv(client.get("/export/figure-totals.csv", {"action": "closed"}))
    assert [(r["unit"], r["action"], r["total"], r["figures"]) for r in rows] == [
        ("accounts", "closed", "23000", "2")
    ]
    lines = b"".join(client.get("/export/figure-totals.jsonl").streaming_content).decode().splitlines()
    assert any(json.loads(line)["total"] == 23_000 for line in lines)
    page = client.get("/figures/").content.decode()
    assert 'id="totals-title"' in page and "23,000" in page and "figure-totals.csv" in page


def test_the_explorer_answers_every_new_parameter(client, conflicting):
    for params in (
        {"agency": "none", "platform": "none", "year": "none"},
        {"unit": "accounts", "exact": "1", "agency": "cac"},
        {"copies": "yes", "conflicts": "0", "exact": "maybe"},
    ):
        for url in ("/figures/", "/api/figures/", "/export/figures.csv", "/export/figure-totals.jsonl"):
            assert client.get(url, params).status_code == 200, (url, params)
    assert client.get("/export/figure-totals.xml").status_code == 404
    undated = client.get("/api/figures/", {"year": "none", "copies": "1"}).json()
    assert undated["total"] == Figure.objects.filter(article__published_on=None).count()


def _csv(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


def test_the_stored_totals_are_the_figures_added_up(conflicting, ingest):
    from archive.totals import _live, _stored

    assert ingest(FACTS).ok
    stored = list(_stored(FigureQuery()))
    assert stored and stored == list(_live(FigureQuery()))
    cac = FigureQuery(agency="cac", year="2021")
    assert list(_stored(cac)) == list(_live(cac))
    assert _stored(FigureQuery(object="accounts")) is None  # by words: added up from the figures
