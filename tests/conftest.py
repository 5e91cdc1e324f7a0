"""Shared fixtures: a clean search index per test, the seed pages, ingest helpers, the
small corpus the search tests share."""

import json
import logging
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.db import connection
from django.db import connections as databases
from haystack import connections

from archive.extract.entities import use_curated
from archive.gazetteer import load_gazetteer
from archive.ingest.pipeline import ingest_paths
from archive.ingest.read import Document, Origin, read_web
from archive.ingest.store import forget_entity_ids
from archive.models import Agency, Campaign, Category, Law, Platform
from archive.stories import forget_story_index
from archive.webarchive import records
from tests.webserver import site  # noqa: F401  (the local web site fixture)

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
    forget_story_index()
    use_curated({})
    backend = connections["default"].get_backend()
    backend.clear()
    yield
    backend.clear()


VACUUMED = ("archive_agency", "archive_platform", "archive_campaign", "archive_law", "archive_category")
VACUUM_EVERY = 20  # tests
_tests_since_vacuum = [0]


@pytest.fixture(autouse=True)
def vacuum_entity_tables(django_db_blocker):
    """PostgreSQL on this machine runs without autovacuum, and the tests of real transactions
    load the data files (some 12,000 rows) and empty the tables behind them: left dead, the rows
    make each scan of the entity tables slower than the last."""
    yield
    if connection.vendor != "postgresql":
        return
    _tests_since_vacuum[0] += 1
    if _tests_since_vacuum[0] % VACUUM_EVERY:
        return
    own = databases.create_connection("default")  # VACUUM cannot run inside the test's transaction
    with django_db_blocker.unblock():
        try:
            own.set_autocommit(True)
            with own.cursor() as cursor:
                cursor.execute(f"VACUUM {', '.join(VACUUMED)}")
        finally:
            own.close()


@pytest.fixture
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is absent (the client's pages are not shipped)")
    return SEEDS


@pytest.fixture
def seeds_gold(seeds_dir) -> dict:
    return json.loads(SEEDS_GOLD.read_text())["seeds"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The data files loaded once into the test database (some 12,000 rows, two seconds): each
    test's transaction rolls back to them."""
    with django_db_blocker.unblock():
        load_gazetteer()


@pytest.fixture
def no_gazetteer(db):
    """A database without the data files' entries, as before the first `load_gazetteer`."""
    for model in (Agency, Platform, Campaign, Law, Category):
        model.objects.all().delete()
    forget_entity_ids()


@pytest.fixture
def gazetteer(db):
    """The data files loaded, as `make run` does before any ingest: the tests of the real
    transactions (which empty the tables behind them) load them again."""
    if not Agency.objects.exists():
        load_gazetteer()


@pytest.fixture
def ingest(gazetteer):
    """Ingest files or folders through the real pipeline; returns the report."""

    def run(*paths):
        return ingest_paths([Path(p) for p in paths])

    return run


@pytest.fixture
def search_corpus(ingest):
    """Seven short pages written for the tests (English, simplified and traditional Chinese):
    names in every form, operators, fields, phrases, dated and undated articles."""
    report = ingest(
        FIXTURES / "language",
        *(FIXTURES / name for name in ("zh-gbk.txt", "zh-big5.txt", "furniture.txt", "page.html")),
    )
    assert report.ok, report.outcomes
    return report


@pytest.fixture
def ingested_seeds(ingest, seeds_dir):
    report = ingest(seeds_dir)
    assert report.ok, report.outcomes
    return report


def by_name(report, name: str) -> int:
    """The article id of the ingested file called `name`."""
    return next(o.article_id for o in report.outcomes if Path(o.source).name == name)


def web_page(url: str, *, day: int, words: str) -> Document:
    """A news page about the CAC as a WARC response record of `url` on `day` of January 2024
    gives it to the pipeline (`words` make versions differ)."""
    html = "<html><head><title>CAC closes accounts</title></head><body><article><h1>CAC closes accounts</h1>"
    html += f"<p>The Cyberspace Administration of China closed 3,000 accounts on Weibo. {words}.</p>"
    body = (html + "</article></body></html>").encode()
    block = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + body
    moment = datetime(2024, 1, day, tzinfo=UTC)
    headers = [
        ("WARC-Type", "response"),
        ("WARC-Record-ID", records.stable_id("test", url, str(day))),
        ("WARC-Date", records.warc_date(moment)),
        ("WARC-Target-URI", url),
        ("Content-Type", records.HTTP_RESPONSE),
        ("WARC-Payload-Digest", records.digest(body)),
    ]
    origin = Origin(
        url=url,
        captured_at=moment,
        http_status=200,
        payload_digest=records.digest(body),
        warc={"type": "response", "headers": [list(h) for h in headers]},
    )
    return read_web(block, origin=origin)


def errors_logged(caplog) -> list[str]:
    """What was logged at ERROR or above, as text (a search that fell back on a backend bug
    logs its traceback there)."""
    return [record.getMessage() for record in caplog.records if record.levelno >= logging.ERROR]


@pytest.fixture
def no_error_logged(caplog):
    """The test fails if anything is logged at ERROR while it runs."""
    yield
    assert errors_logged(caplog) == []
