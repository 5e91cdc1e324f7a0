"""The data files parse, and every slug one entry names of another exists."""

import pytest

from archive import data
from archive.extract.entities import entities

AGENCIES = {e["slug"] for e in entities("agency")}
PLATFORMS = {e["slug"] for e in entities("platform")}


def rows(name: str, table: str) -> list[dict]:
    return data.load(name)[table]


@pytest.mark.parametrize(("name", "table"), [("campaigns", "campaign"), ("laws", "law")])
def test_slugs_are_unique(name, table):
    slugs = [row["slug"] for row in rows(name, table)]
    assert len(slugs) == len(set(slugs))


@pytest.mark.parametrize(("kind", "known"), [("agency", AGENCIES), ("platform", PLATFORMS)])
def test_every_parent_of_an_agency_or_platform_exists(kind, known):
    assert not [(e["slug"], e["parent"]) for e in entities(kind) if e["parent"] and e["parent"] not in known]


def test_every_campaign_names_known_agencies_and_series():
    campaigns = rows("campaigns", "campaign")
    series = {c["slug"] for c in campaigns}
    for campaign in campaigns:
        assert campaign["lead"] in AGENCIES, campaign["slug"]
        assert set(campaign["partners"]) <= AGENCIES, campaign["slug"]
        assert not campaign["parent"] or campaign["parent"] in series, campaign["slug"]
        assert campaign["names_zh"] and campaign["from"] <= campaign.get("to", 9999), campaign["slug"]


def test_an_edition_runs_within_its_series():
    campaigns = {c["slug"]: c for c in rows("campaigns", "campaign")}
    for campaign in campaigns.values():
        if campaign["parent"]:
            assert campaign["from"] >= campaigns[campaign["parent"]]["from"], campaign["slug"]


def test_every_law_names_known_issuers_and_laws():
    laws = rows("laws", "law")
    slugs = {law["slug"] for law in laws}
    for law in laws:
        assert law["issuer"] in AGENCIES, law["slug"]
        assert set(law["co_issuers"]) <= AGENCIES, law["slug"]
        assert not law["parent"] or law["parent"] in slugs, law["slug"]
        assert not law["replaces"] or law["replaces"] in slugs, law["slug"]
        assert law["adopted"] <= law["effective"], law["slug"]


def test_the_laws_the_archive_needs_are_there():
    names = {law["slug"] for law in rows("laws", "law")}
    assert {"cybersecurity-law", "data-security-law", "pipl", "crime-aiding-cybercrime"} <= names
    assert 25 <= len(names)


@pytest.mark.parametrize("kind", ["agency", "platform"])
def test_every_chinese_name_has_a_chinese_character(kind):
    """The matcher looks for a Chinese name that starts in Latin letters ("QQ群") only next to
    Chinese text: one with no Chinese at all belongs among the acronyms or aliases."""
    assert not [(e["slug"], n) for e in entities(kind) for n in e["names_zh"] if n.isascii()]
