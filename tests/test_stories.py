"""Stories: copies of one text (reprints with other furniture, headlines and a changed figure;
a simplified and a traditional copy) are grouped, another text on the same topic is not."""

import pytest
from django.core.management import call_command

from archive.models import Article
from archive.stories import regroup, signature, similarity
from tests.conftest import FIXTURES

STORIES = FIXTURES / "stories"


@pytest.fixture
def stories(ingest):
    report = ingest(STORIES)
    assert report.ok, report.outcomes
    return {o.source.rsplit("/", 1)[-1]: Article.objects.get(pk=o.article_id) for o in report.outcomes}


def test_copies_of_one_text_share_a_story_and_other_texts_do_not(stories):
    wire = stories["wire-original.txt"].story_key
    assert stories["reprint-with-furniture.html"].story_key == wire
    assert stories["reprint-changed-figure.txt"].story_key == wire
    assert stories["same-topic-other-text.txt"].story_key != wire
    assert stories["zh-traditional.txt"].story_key == stories["zh-simplified.txt"].story_key != wire


def test_similarity_separates_copies_from_other_texts(stories):
    def alike(first, second):
        return similarity(signature(stories[first].body), signature(stories[second].body))

    assert alike("wire-original.txt", "reprint-with-furniture.html") > 0.9
    assert alike("zh-simplified.txt", "zh-traditional.txt") > 0.9
    assert alike("wire-original.txt", "same-topic-other-text.txt") < 0.1


def test_a_regroup_finds_the_same_stories_in_any_order(stories):
    before = dict(Article.objects.values_list("pk", "story_key"))
    Article.objects.update(story_key="", minhash=b"")
    regroup()
    after = dict(Article.objects.values_list("pk", "story_key"))
    grouping = lambda keys: {frozenset(pk for pk in keys if keys[pk] == k) for k in keys.values()}  # noqa: E731
    assert grouping(after) == grouping(before)


def test_reprocess_regroups(stories, capsys):
    Article.objects.update(story_key="")
    call_command("reprocess", "--no-progress")
    assert len(set(Article.objects.values_list("story_key", flat=True))) == 3


def test_a_search_shows_a_story_once_with_its_reprints(stories, client):
    from archive.search.query import SearchParams, search

    found = search(SearchParams(q="lending apps licence", words=True))
    wire = stories["wire-original.txt"]
    story_hits = [hit for hit in found.hits if hit.story == wire.story_key]
    assert len(story_hits) == 1 and story_hits[0].copies == 2 and story_hits[0].story_size == 3
    every = search(SearchParams(q="lending apps licence", words=True, copies=True))
    assert sum(hit.story == wire.story_key for hit in every.hits) == 3
    assert every.total == found.total + 2
    page = client.get("/search/", {"q": "lending apps licence", "words": "1"}).content.decode()
    assert "+2 reprints" in page
    api = client.get("/api/search/", {"q": "lending apps licence", "words": "1"}).json()
    listed = next(r for r in api["results"] if r["story"]["id"] == wire.story_key)
    assert listed["story"] == {"id": wire.story_key, "size": 3} and listed["copies_matched"] == 2


def test_the_article_page_lists_the_same_story_elsewhere(stories, client):
    page = client.get(stories["zh-simplified.txt"].get_absolute_url()).content.decode()
    assert "The same story in 1 other article" in page
    assert stories["zh-traditional.txt"].get_absolute_url() in page


def test_the_dev_sets_story_groups_are_found():
    """Pairs of pages grouped against the labels' pairs (reprints, both scripts, conflict
    copies grouped; near misses on the same topic apart)."""
    import json

    from archive.evaluate import Evaluation, score_stories
    from archive.ingest.clean import clean_document
    from archive.ingest.read import read_file
    from tests.test_evaluate import DEVSET

    labels = json.loads((DEVSET / "gold.json").read_text())["seeds"]
    bodies = {name: clean_document(read_file(DEVSET / "pages" / name)).body for name in labels}
    result = Evaluation()
    score_stories(result, bodies, labels)
    assert result.stories.true_positives >= 18  # the pairs the labels put together
    assert result.stories.precision >= 0.95 and result.stories.recall >= 0.95, result.disagreements


def test_a_signature_is_the_one_datasketch_makes():
    """The permutations drawn once give the very values a fresh MinHash of the seed gives (the
    signatures stored by earlier versions stay comparable)."""
    from datasketch import MinHash

    from archive.extract.shingles import shingles
    from archive.stories import NUM_PERM, SEED, signature

    text = "The regulator closed 300 accounts that spread rumours about the floods."
    fresh = MinHash(num_perm=NUM_PERM, seed=SEED)
    fresh.update_batch([shingle.encode() for shingle in shingles(text)])
    assert signature(text) == fresh.hashvalues.astype("<u4").tobytes()


def test_a_long_page_is_signed_by_its_start_in_bounded_batches():
    """Hashed in batches, a text's signature is the one of all its shingles at once; a page
    past SIGNATURE_CHARS is signed by its start, so a huge page costs no more than that."""
    from datasketch import MinHash

    from archive.extract.shingles import shingles
    from archive.stories import BATCH, NUM_PERM, SEED, SIGNATURE_CHARS, signature

    words = [f"w{n}" for n in range(3 * BATCH)]
    text = " ".join(words)
    assert len(shingles(text)) > BATCH  # more than one batch
    fresh = MinHash(num_perm=NUM_PERM, seed=SEED)
    fresh.update_batch([shingle.encode() for shingle in shingles(text[:SIGNATURE_CHARS])])
    assert signature(text) == fresh.hashvalues.astype("<u4").tobytes()
    assert signature(text + " different ending" * 10_000) == signature(text)
