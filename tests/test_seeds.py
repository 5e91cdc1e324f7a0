"""The five seed pages against ../shared/seeds-gold.json (skipped when ../shared is absent)."""

import pytest

from archive.models import Article
from tests.conftest import by_name

SEED_NAMES = [
    "000_c8dfe599a0a130a7.txt",
    "001_9b8fcf90da6aef14.txt",
    "002_ec61fe9c56f79e40.txt",
    "003_937bd7f651714594.txt",
    "004_b515af161bf3d852.txt",
]


@pytest.fixture
def seeds(ingested_seeds, seeds_gold):
    return {
        name: (Article.objects.get(pk=by_name(ingested_seeds, name)), seeds_gold[name]) for name in SEED_NAMES
    }


def test_five_articles_then_none(ingest, seeds_dir, ingested_seeds):
    assert len(ingested_seeds.with_status("added")) == 5
    again = ingest(seeds_dir)
    assert (len(again.with_status("added")), len(again.with_status("unchanged"))) == (0, 5)
    assert Article.objects.count() == 5


@pytest.mark.parametrize("name", SEED_NAMES)
def test_title_date_and_body_match_the_gold(seeds, name):
    article, gold = seeds[name]
    assert article.title == gold["title"]
    published = article.published_on.isoformat() if article.published_on else None
    assert published in gold["published"]
    assert article.body.startswith(gold["body_starts"])
    assert article.body.endswith(gold["body_ends"])
    for line in gold["not_in_body"]:
        assert line not in article.body


@pytest.mark.parametrize("name", SEED_NAMES)
def test_agencies_and_platforms_are_exactly_the_gold_sets(seeds, name):
    article, gold = seeds[name]
    assert {a.name for a in article.agencies.all()} == set(gold["agencies"])
    assert {p.name for p in article.platforms.all()} == set(gold["platforms"])


@pytest.mark.parametrize("name", SEED_NAMES)
def test_enforcement_figure_values_are_the_gold_values(seeds, name):
    article, gold = seeds[name]
    found = sorted(article.figures.filter(kind="enforcement").values_list("value", flat=True))
    assert found == sorted(f["value"] for f in gold["figures"])
