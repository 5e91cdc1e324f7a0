"""Matching and ranking from posting blocks (archive/search/postings.py) give exactly what
Whoosh gives, over several segments, with deleted documents, for every query shape they take."""

from array import array
from datetime import UTC, datetime

import pytest
from haystack import connections
from haystack.query import SearchQuerySet
from whoosh import query as wq
from whoosh import versionstring
from whoosh.codec.whoosh3 import W3LeafMatcher

from archive.bench.synthetic import Generator
from archive.ingest.pipeline import ingest_document
from archive.ingest.read import read_bytes
from archive.models import Article
from archive.search.backend import NO_DATE, phrases_to_pairs
from archive.search.postings import Postings, missing_internals


@pytest.fixture
def backend(db):
    """150 synthetic articles written as three segments, the last rewriting ten of the first
    (so the first segment has deletions)."""
    generator = Generator(seed=7)
    for n in range(150):
        page = generator.article(n)
        ingest_document(read_bytes(page.text.encode(), media_type="text/plain", source=page.name))
    backend = connections["default"].get_backend()
    index = connections["default"].get_unified_index().get_index(Article)
    articles = list(index.index_queryset().order_by("pk"))
    for chunk in (articles[:60], articles[60:120], articles[120:] + articles[:10]):
        writer = backend.index.refresh().writer()
        for article in chunk:
            writer.update_document(**backend.document(index, article))
        writer.commit(merge=False)
    backend.searcher()
    return backend


def queries(backend):
    words = Generator(seed=7).words
    texts = [
        words[60],
        words[400],
        f"{words[60]} {words[90]}",
        f"{words[60]} OR {words[2000]}",
        f"{words[60]} NOT {words[90]}",
        f"{words[3000]} {words[60]}",  # a rare word and a common one: the common one is probed
        f"({words[60]} OR {words[150]}) AND {words[90]}",
        f"{words[60]}^3 {words[150]}",
        f"agencies_exact:cac {words[60]}",
        '"social media"',
        "social media",
    ]
    return [phrases_to_pairs(backend.parser.parse(text), backend.content_field_name) for text in texts]


def test_the_whoosh_internals_postings_reads_are_all_there(backend):
    """postings.py reads private parts of Whoosh, falling back to slower public paths when
    they are gone: an upgrade that changes one must fail here, by name, not go unnoticed."""
    missing = missing_internals(backend.searcher())
    assert not missing, f"Whoosh {versionstring()} lacks what archive/search/postings.py reads: {missing}"


def test_a_missing_whoosh_internal_is_named(backend, monkeypatch):
    monkeypatch.delattr(W3LeafMatcher, "_read_ids")
    assert missing_internals(backend.searcher()) == ["W3LeafMatcher._read_ids"]


def test_segments_and_deletions_are_present(backend):
    searcher = backend.searcher()
    assert len(searcher.leaf_searchers()) == 3
    assert searcher.reader().has_deletions()


def test_matches_are_whooshs(backend):
    searcher, postings = backend.searcher(), backend._postings
    for q in queries(backend):
        theirs = set(searcher.docs_for_query(q))
        assert postings.doc_set(q) == theirs, q
        assert postings.doc_set(q) == theirs, q  # from the posting lists kept


@pytest.mark.parametrize("narrowed", [False, True])
def test_ranking_is_whooshs_scores_and_order(backend, narrowed):
    searcher, postings = backend.searcher(), backend._postings
    checked = 0
    for q in queries(backend):
        matched = postings.doc_set(q)
        if narrowed:
            matched = {docnum for docnum in matched if docnum % 3}
        if not matched:
            continue
        ours = postings.ranked(q, matched, 10)
        theirs = searcher.search(q, limit=10, filter=matched)
        assert [docnum for docnum, _ in ours] == [hit.docnum for hit in theirs], q
        assert [score for _, score in ours] == pytest.approx([hit.score for hit in theirs]), q
        checked += 1
    assert checked >= 9


def test_other_shapes_are_left_to_whoosh(backend):
    postings = backend._postings
    for q in (wq.Phrase("text", ["alpha", "beta"]), wq.Prefix("text", "reg"), wq.Not(wq.Term("text", "x"))):
        assert postings.ranked(q, {0, 1}, 10) is None


def test_sorting_by_date_with_undated_last(backend):
    searcher, postings = backend.searcher(), backend._postings
    matched = set(searcher.docs_for_query(wq.Every()))
    column = searcher.reader().column_reader("published_on", translate=False)
    for reverse in (True, False):
        ranked = postings.by_column("published_on", matched, 200, reverse=reverse, last=NO_DATE)
        dates = [column[docnum] for docnum, _ in ranked]
        dated = [value for value in dates if value != NO_DATE]
        assert len(dates) == len(matched)
        assert dates == sorted(dated, reverse=reverse) + [NO_DATE] * (len(dates) - len(dated))
    assert isinstance(postings.column("published_on"), array)  # 8 bytes a date, not an int object
    assert list(postings.column("published_on")) == [column[d] for d in range(searcher.doc_count_all())]


def test_posting_lists_are_kept_between_queries_within_a_bound(backend, monkeypatch):
    searcher, postings = backend.searcher(), backend._postings
    reads = []
    original = Postings._read_blocks
    monkeypatch.setattr(
        Postings, "_read_blocks", lambda self, *args: reads.append(args) or original(self, *args)
    )
    words = Generator(seed=7).words
    common = wq.Term(backend.content_field_name, backend.term_of(words[60]))
    assert postings.doc_set(common) == postings.doc_set(common) == set(searcher.docs_for_query(common))
    assert reads == [(common.fieldname, common.text)]  # read from Whoosh once
    monkeypatch.setattr(
        "archive.search.postings.KEEP_POSTINGS", searcher.doc_frequency(common.fieldname, common.text)
    )
    for word in words[:200]:
        term = wq.Term(backend.content_field_name, backend.term_of(word) or word)
        assert postings.doc_set(term) == set(searcher.docs_for_query(term)), word
        assert 0 <= postings._kept <= searcher.doc_frequency(common.fieldname, common.text)
    assert postings._kept == sum(len(ids) for lists in postings._read.values() for _, ids, _ in lists)


def test_a_common_word_is_probed_at_a_rare_words_documents(backend, monkeypatch):
    """The shortcut the tests above check the results of is really taken."""
    words = Generator(seed=7).words
    probed = []
    original = Postings._probe
    monkeypatch.setattr(
        Postings, "_probe", lambda self, *args, **kw: probed.append(args[:2]) or original(self, *args, **kw)
    )
    postings = backend._postings
    # a rare word that shares a page with a common one (which pages hold which words varies
    # with the gazetteer the synthetic pages name entities from)
    q, matched = next(
        (q, matched)
        for rare in words[3000:5000]
        if (matched := postings.doc_set(q := backend.parser.parse(f"{rare} {words[60]}")))
    )
    probed.clear()
    matched = postings.doc_set(q)
    assert matched and postings.ranked(q, matched, 10)
    common = q.subqueries[1]
    assert (common.fieldname, common.text) in probed


def test_more_like_this_is_whooshs_and_builds_only_the_page_asked_for(backend, monkeypatch):
    searcher = backend.searcher()

    def whooshs(article):
        docnum = searcher.document_number(id=f"archive.article.{article.pk}")
        hits = searcher.more_like(docnum, "text", top=5)
        return [int(searcher.stored_fields(hit.docnum)["django_id"]) for hit in hits]

    # an article Whoosh finds five others like (the synthetic pages' words vary with the gazetteer)
    article, theirs = next((a, t) for a in Article.objects.order_by("pk")[20:] if len(t := whooshs(a)) == 5)
    built, original = [], type(backend)._results
    monkeypatch.setattr(
        type(backend),
        "_results",
        lambda self, s, hits, *args: built.append(len(hits)) or original(self, s, hits, *args),
    )
    ours = [int(result.pk) for result in SearchQuerySet().more_like_this(article)[:5]]
    assert ours == theirs
    assert built == [5]


def test_date_order_holds_when_a_segment_has_no_dates(db):
    """Whoosh's multi-segment column reader drops a segment that has no value for a column;
    sorting by date must still see every document (it raised IndexError)."""
    from whoosh.fields import DATETIME, ID, Schema
    from whoosh.filedb.filestore import RamStorage

    index = RamStorage().create_index(Schema(id=ID(stored=True, unique=True), day=DATETIME(sortable=True)))
    for number, day in (
        ("1", datetime(2020, 1, 1, tzinfo=UTC)),
        ("2", None),
        ("3", datetime(2021, 1, 1, tzinfo=UTC)),
    ):
        writer = index.writer()
        writer.add_document(id=number, **({"day": day} if day else {}))
        writer.commit(merge=False)
    with index.searcher() as searcher:
        assert len(searcher.reader().leaf_readers()) == 3
        newest = Postings(searcher).by_column("day", {0, 1, 2}, 3, reverse=True, last=NO_DATE)
    assert [docnum for docnum, _ in newest] == [2, 0, 1]  # undated last
