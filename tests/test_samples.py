"""The sample corpus that `make run` loads: every page ingests and reads as its labels say."""

import json

import pytest

from archive.models import Article
from tests.conftest import ROOT, SAMPLES, by_name

GOLD = json.loads((ROOT / "tests" / "samples-gold.json").read_text())["seeds"]


@pytest.fixture
def samples(ingest):
    report = ingest(SAMPLES)
    assert report.ok, report.with_status("failed")
    return report


def test_the_corpus_is_big_and_mixed_enough():
    files = sorted(p.name for p in SAMPLES.iterdir())
    assert len(files) >= 15 and set(files) == set(GOLD)
    assert {p.suffix for p in SAMPLES.iterdir()} == {".txt", ".html"}


def test_every_page_reads_as_labelled(samples):
    for name, gold in GOLD.items():
        article = Article.objects.get(pk=by_name(samples, name))
        published = article.published_on.isoformat() if article.published_on else None
        publishers = gold["publisher"] if isinstance(gold["publisher"], list) else [gold["publisher"]]
        assert article.title == gold["title"], name
        assert published in gold["published"], name
        assert (article.outlet or None) in publishers, name
        assert article.body.startswith(gold["body_starts"]), name
        assert article.body.endswith(gold["body_ends"]), name
        assert not [line for line in gold["not_in_body"] if line in article.body], name
        assert {a.name for a in article.agencies.all()} == set(gold["agencies"]), name
        assert {p.name for p in article.platforms.all()} == set(gold["platforms"]), name


def test_chinese_pages_are_detected_as_such(samples):
    languages = set(Article.objects.values_list("language", flat=True))
    assert languages == {"en", "zh-hans", "zh-hant"}
    encodings = set(Article.objects.values_list("capture__encoding", flat=True))
    assert {"gb18030", "utf-8-sig", "utf-8"} <= encodings and encodings & {"big5hkscs", "cp950"}
