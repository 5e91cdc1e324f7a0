"""Names the archive does not know: noticed as candidates, shown apart, never facts; a curator
makes one an entity (it reaches every article at reprocess) or rejects it (it disappears); the
decisions survive a reload of the data files and are written out as TOML."""

import csv
import io
import json
import tomllib
from io import StringIO

import pytest
from django.core.management import call_command

from archive import curation
from archive.models import Article, Candidate, Platform
from tests.conftest import FIXTURES

UNKNOWN = FIXTURES / "unknown"


@pytest.fixture
def noticed(ingest):
    report = ingest(UNKNOWN)
    assert report.ok, report.outcomes
    return {c.name: c for c in Candidate.objects.all()}


def test_unknown_names_are_candidates_not_facts(noticed, client):
    assert {"Zorblat", "Quivvy"} <= set(noticed)
    zorblat = noticed["Zorblat"]
    assert zorblat.kind == "platform" and zorblat.status == "pending"
    assert zorblat.mentions.count() == 2
    assert "Zorblat app" in zorblat.mentions.first().sentence
    article = Article.objects.get(title__contains="pull the Zorblat app")
    assert article.platforms.count() == 0  # not a fact
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Not yet known" in page and "Zorblat" in page
    record = client.get(f"/api/articles/{article.pk}/").json()
    assert record["platforms"] == [] and "unconfirmed_platforms" not in record


def test_exports_give_unconfirmed_names_apart_only_when_asked(noticed, client, capsys):
    article = Article.objects.get(title__contains="pull the Zorblat app")
    record = client.get(f"/api/articles/{article.pk}/", {"unconfirmed": "1"}).json()
    assert "Zorblat" in record["unconfirmed_platforms"] and record["platforms"] == []
    plain = client.get("/export/articles.jsonl").getvalue().decode()
    assert "Zorblat" not in "".join(json.dumps(json.loads(line)["platforms"]) for line in plain.splitlines())
    assert "unconfirmed" not in plain
    asked = client.get("/export/articles.csv", {"unconfirmed": "1"}).getvalue().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(asked)))
    assert any("Zorblat" in row["unconfirmed_platforms"] for row in rows)
    capsys.readouterr()
    call_command("export", "--format", "jsonl", "--unconfirmed")  # to the process's standard output
    lines = capsys.readouterr().out.splitlines()
    assert any("Zorblat" in json.loads(line)["unconfirmed_platforms"] for line in lines)
    curation.reject(noticed["Zorblat"])  # a rejected name is no longer listed, even when asked
    record = client.get(f"/api/articles/{article.pk}/", {"unconfirmed": "1"}).json()
    assert "Zorblat" not in record["unconfirmed_platforms"]


def test_accepted_as_a_new_platform_it_reaches_every_article_at_reprocess(noticed, client):
    platform = curation.accept_as_new(noticed["Zorblat"])
    assert platform.loaded is None and platform.names_zh == [] and platform.name == "Zorblat"
    call_command("reprocess", "--no-progress", stdout=StringIO())
    named = Article.objects.filter(platforms=platform)
    assert named.count() == 2
    page = client.get(platform.get_absolute_url()).content.decode()
    assert all(article.title in page for article in named)
    assert not Candidate.objects.get(pk=noticed["Zorblat"].pk).mentions.exists()  # a known name now


def test_accepted_as_an_alias_of_a_known_platform(noticed):
    wechat = Platform.objects.get(slug="wechat")
    curation.accept_as_alias(noticed["Quivvy"], wechat)
    call_command("reprocess", "--no-progress", stdout=StringIO())
    assert (
        Article.objects.get(title__startswith="Recruiting platform").platforms.filter(slug="wechat").exists()
    )
    call_command("load_gazetteer", "--no-progress", stdout=StringIO())
    wechat.refresh_from_db()
    assert "Quivvy" in wechat.aliases  # a curator's addition survives a reload


def test_a_rejected_name_disappears_and_stays_away(noticed, client):
    article = Article.objects.get(title__startswith="Recruiting platform")
    shown = 'class="tag tag--unconfirmed"'
    assert ">Quivvy</span>" in client.get(article.get_absolute_url()).content.decode()
    curation.reject(noticed["Quivvy"])
    page = client.get(article.get_absolute_url()).content.decode()
    assert ">Quivvy</span>" not in page and shown not in page
    assert not article.candidate_mentions.exists()
    call_command("reprocess", "--no-progress", stdout=StringIO())
    assert not article.candidate_mentions.exists()
    assert Candidate.objects.get(name="Quivvy").status == "rejected"


def test_dump_gazetteer_writes_the_decisions_as_toml(noticed):
    curation.accept_as_new(noticed["Zorblat"])
    curation.accept_as_alias(noticed["Quivvy"], Platform.objects.get(slug="wechat"))
    out = StringIO()
    call_command("dump_gazetteer", stdout=out)
    written = tomllib.loads(out.getvalue())
    assert [p["name"] for p in written["platform"]] == ["Zorblat"]
    assert written["added"] == [
        {
            "kind": "platform",
            "slug": "wechat",
            "acronyms": [],
            "names_zh": [],
            "aliases": ["Quivvy"],
            "dropped": [],
        }
    ]
