"""The stored figure totals, updated group by group after each writing run, are always what
adding up every figure again gives (rebuild_totals)."""

import pytest
from django.db.models import Q

from archive import gazetteer, totals
from archive.extract.entities import entities
from archive.ingest.pipeline import ingest_document, reprocess
from archive.ingest.read import read_file
from archive.models import Agency, Article, Figure, FigureTotal, StaleTotal
from archive.totals import GROUPS, SUMS, rebuild_totals
from tests.conftest import FIXTURES, SAMPLES

STORIES = FIXTURES / "stories"


BUSY = """Regulators close accounts and remove apps

Harbour Wire, 2021-08-02

The Cyberspace Administration of China said on Monday it had closed 1,200 accounts on Weibo.

The Ministry of Industry and Information Technology said it had removed 85 apps that sold data.

Police in Shenzhen fined 12 websites for running gambling advertisements.
"""


def stored() -> list[tuple]:
    return sorted(FigureTotal.objects.values_list(*GROUPS, *SUMS), key=repr)


def assert_as_rebuilt() -> list[tuple]:
    """The totals as the run left them equal those added up afresh; returns them."""
    updated = stored()
    assert not StaleTotal.objects.exists()
    rebuild_totals()
    assert updated == stored()
    return updated


def lending_apps() -> list[tuple]:
    """The totals of the lending-apps story's fact."""
    return [row for row in stored() if row[0] == "apps"]


def dated(tmp_path, name: str, when: str):
    """The wire story again (a reprint), dated otherwise."""
    text = (STORIES / "wire-original.txt").read_text().replace("2023-06-14", when)
    path = tmp_path / name
    path.write_text(text.replace("Harbour Wire", "Delta Post"))
    return path


@pytest.fixture
def admin_post(admin_client):
    def post(url: str, form: dict):
        response = admin_client.post(url, form)
        assert response.status_code == 302, response.content.decode()[:2000]

    return post


@pytest.fixture
def group_by_group(monkeypatch):
    """Stale totals added up group by group, however many (a small archive's runs would mark
    more than REBUILD_SHARE allows, and have every total added up again)."""
    monkeypatch.setattr(totals, "REBUILD_SHARE", 0)


def test_totals_updated_run_by_run_are_the_figures_added_up(ingest, tmp_path, admin_post, group_by_group):
    assert ingest(STORIES / "reprint-changed-figure.txt").ok  # 361 apps, 15 June 2023
    assert [row[-4:-2] for row in assert_as_rebuilt() if row[0] == "apps"] == [(361, 1)]

    # an earlier copy with another number: it leads now, the fact is in conflict
    assert ingest(STORIES / "wire-original.txt").ok
    [row] = lending_apps()
    assert row[-4:] == (316, 1, 0, 1) and row == assert_as_rebuilt()[stored().index(row)]

    # an earlier copy still, from another year: the fact moves to that year's total
    assert ingest(dated(tmp_path, "reprint-2022.txt", "2022-12-01")).ok
    assert [(row[4], row[-4]) for row in lending_apps()] == [(2022, 316)]
    assert_as_rebuilt()

    # new pages: totals of their own, and those of other groups left as they were
    untouched = set(FigureTotal.objects.values_list("pk", flat=True))
    busy = tmp_path / "busy.txt"
    busy.write_text(BUSY)
    assert ingest(FIXTURES / "facts", busy).ok
    assert untouched <= set(FigureTotal.objects.values_list("pk", flat=True))
    assert len(assert_as_rebuilt()) > len(untouched)

    # a curator corrects the leading figure: another number, action and agency
    lead = Figure.objects.get(unit="apps", lead=True, year=2022)
    form = {name: getattr(lead, name) for name in ("qualifier", "object", "kind", "sentence", "start", "end")}
    cac = Agency.objects.get(slug="cac")
    form |= {"value": 400, "action": "blocked", "agency": cac.pk, "currency": "", "article": lead.article_id}
    admin_post(f"/admin/archive/figure/{lead.pk}/change/", form)
    assert ("blocked", cac.pk, 400) in [(*row[1:3], row[-4]) for row in lending_apps()]
    assert_as_rebuilt()

    # …and deletes a figure of another page, which a reprocess of that page brings back
    counted = Figure.objects.filter(article__capture__source=str(busy), kind=Figure.Kind.ENFORCEMENT)
    assert counted.exclude(unit="").count() > 1
    other = counted.exclude(unit="").first()
    admin_post(f"/admin/archive/figure/{other.pk}/delete/", {"post": "yes"})
    without = assert_as_rebuilt()
    # (its other figures as older rules read them, and the corrected one, which a reprocess
    # keeps, as older data files folded its unit: reprocessing reads and folds them anew)
    counted.update(action="misread")
    Figure.objects.filter(pk=lead.pk).update(unit="lending apps")
    rebuild_totals()
    assert {"misread", "blocked"} <= set(FigureTotal.objects.values_list("action", flat=True))
    assert reprocess(Article.objects.filter(pk__in=[other.article_id, lead.article_id])).ok
    assert assert_as_rebuilt() != without
    assert not FigureTotal.objects.filter(Q(action="misread") | Q(unit="lending apps")).exists()

    # a curator deletes the corrected figure's article: another copy leads the fact
    admin_post(f"/admin/archive/article/{lead.article_id}/delete/", {"post": "yes"})
    assert ("blocked", cac.pk, 400) not in [(*row[1:3], row[-4]) for row in lending_apps()]
    assert Figure.objects.filter(unit="apps", action="removed", year=2023, lead=True).exists()
    assert_as_rebuilt()

    # every article reprocessed: its totals rebuilt whole
    assert reprocess(Article.objects.all(), every=True).ok
    assert_as_rebuilt()


def test_a_run_killed_before_its_totals_leaves_them_to_the_next(ingest):
    assert ingest(STORIES / "wire-original.txt").ok
    before = stored()
    # stored in its transaction, then killed before the run's end updated the totals
    ingest_document(read_file(FIXTURES / "facts" / "en-accounts.txt"))
    assert stored() == before and StaleTotal.objects.exists()
    assert ingest(STORIES / "wire-original.txt").ok  # a run that adds nothing
    assert assert_as_rebuilt() != before


def test_pruning_a_platform_moves_its_figures_to_the_totals_naming_none(ingest, monkeypatch):
    assert ingest(SAMPLES).ok
    rows = {kind: entities(kind) for kind in ("agency", "platform", "campaign", "law")}
    named = FigureTotal.objects.exclude(platform=None).values_list("platform__slug", flat=True)
    slug = named.order_by("-figures").first()
    rows["platform"] = [row for row in rows["platform"] if row["slug"] != slug]
    monkeypatch.setattr(gazetteer, "entities", lambda kind: rows[kind])
    before = stored()
    gazetteer.load_gazetteer(prune=True)
    assert not FigureTotal.objects.filter(platform__slug=slug).exists()
    assert assert_as_rebuilt() != before


def test_a_run_marking_many_totals_stale_adds_them_all_up_again(ingest):
    assert ingest(STORIES / "wire-original.txt").ok
    kept = set(FigureTotal.objects.values_list("pk", flat=True))
    assert kept
    # the samples mark far more than a 50th of the one story's totals stale
    assert ingest(SAMPLES).ok
    assert not kept & set(FigureTotal.objects.values_list("pk", flat=True))  # all written anew
    assert_as_rebuilt()


def test_what_was_counted_named_as_a_unit_counts_it_in_every_language(ingest, tmp_path, client):
    (tmp_path / "en.txt").write_text(BUSY)
    zh = "网信办关闭违规账号\n\n城市晨报 2021-08-03\n\n"
    zh += "国家网信办日前依法关闭微博违规账号3400个，并约谈平台负责人。\n"
    (tmp_path / "zh.txt").write_text(zh)
    ingest(tmp_path)
    response = client.get("/figures/", {"object": "accounts"})
    values = {figure.value for figure in response.context["figures"]}
    assert values == {1200, 3400}  # 账号 as well as "accounts"
    assert response.context["query"].unit == "accounts" and not response.context["query"].object
    assert "Counted accounts: figures of account, accounts, 账号" in response.content.decode()
    assert [(t.unit, t.total) for t in response.context["totals"]] == [("accounts", 4600)]
    # words that name no unit are still looked for in what was counted
    response = client.get("/figures/", {"object": "apps that"})
    assert not response.context["query"].unit
