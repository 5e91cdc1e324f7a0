"""Shared fixtures: a clean search index per test, the seed pages, ingest helpers."""

import json
from pathlib import Path

import pytest
from haystack import connections

from archive.gazetteer import load_gazetteer
from archive.ingest.pipeline import ingest_paths
from archive.ingest.store import forget_entity_ids

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEEDS = ROOT.parent / "shared" / "seeds"
SEEDS_GOLD = ROOT.parent / "shared" / "seeds-gold.json"
SAMPLES = ROOT / "archive" / "samples"


@pytest.fixture(autouse=True)
def empty_index():
    """Each test starts with an empty search index, and no entity ids remembered from the
    database of an earlier test (rolled back)."""
    forget_entity_ids()
    backend = connections["default"].get_backend()
    backend.clear()
    yield
    backend.clear()


@pytest.fixture
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is absent (the client's pages are not shipped)")
    return SEEDS


@pytest.fixture
def seeds_gold(seeds_dir) -> dict:
    return json.loads(SEEDS_GOLD.read_text())["seeds"]


@pytest.fixture
def gazetteer(db):
    """The data files loaded, as `make run` does before any ingest."""
    return load_gazetteer()


@pytest.fixture
def ingest(gazetteer):
    """Ingest files or folders through the real pipeline; returns the report."""

    def run(*paths):
        return ingest_paths([Path(p) for p in paths])

    return run


@pytest.fixture
def ingested_seeds(ingest, seeds_dir):
    report = ingest(seeds_dir)
    assert report.ok, report.outcomes
    return report


def by_name(report, name: str) -> int:
    """The article id of the ingested file called `name`."""
    return next(o.article_id for o in report.outcomes if Path(o.source).name == name)
