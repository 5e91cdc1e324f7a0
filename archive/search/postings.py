"""Matching and ranking read from Whoosh's posting lists a block at a time.

Whoosh matches, scores and sorts one document at a time through layers of matcher and
collector objects, some 4 µs a posting: a word in half of 100k articles costs 200 ms before
a hit is shown. Here a block's ids and weights are read at once and scored in one
comprehension with Whoosh's own BM25F formula, so the ranking is Whoosh's; a rare word
AND-ed with a common one probes the common word's list only at the rare word's documents.
Query shapes other than terms under AND / OR / NOT are left to Whoosh (`ranked` says so by
returning None).

Part of the Whoosh boundary (with backend.py and analysis.py), and the one module that reads
Whoosh's private parts: INTERNALS names each, and `missing_internals` checks them, so that a
test fails naming the one a Whoosh upgrade changed (here, reading falls back to Whoosh's
public, slower paths where it can).
"""

import heapq
from array import array
from collections import OrderedDict

from whoosh import query as wq
from whoosh.codec import whoosh3
from whoosh.scoring import BM25F

# Probe a posting list at each candidate instead of reading it whole when it holds this
# many times more documents than there are candidates (a probe may read a block of 128).
PROBE_RATIO = 16
# Posting lists kept between queries, the latest used first, up to this many postings (ids and
# weights in arrays, 8 bytes a posting: some 4 MB a worker). Reading one means unpickling
# Whoosh's blocks (a word in 3 of 4 articles at 100k: 40 ms), and the common words recur query
# after query.
KEEP_POSTINGS = 500_000
# The private names of Whoosh 2.7 this module reads, by what holds them.
INTERNALS = {
    "whoosh.codec.whoosh3": ("_lenfield", "LENGTHS_COLUMN"),  # the length column of a field
    "W3LeafMatcher": ("_ids", "_weights", "_i", "_blocklength", "_read_ids", "_read_weights"),  # blocks
    "SegmentReader": ("_perdoc",),  # its per-document reader, whose length columns are loaded once
    "W3PerDocReader": ("_readers", "_cached_reader"),
    "BM25F": ("_field_B",),  # a field's own B
}


class Postings:
    """One searcher's posting lists, with the per-document numbers ranking needs kept in
    memory for as long as the searcher is open."""

    def __init__(self, searcher):
        self.searcher = searcher
        self.leaves = [(sub.reader(), offset) for sub, offset in searcher.leaf_searchers()]
        for reader, _ in self.leaves:
            _lengths_in_memory(reader)
        self._norms: dict[tuple[int, str], array] = {}
        self._columns: dict[str, list | array] = {}  # field → its value for each document
        self._read: OrderedDict[tuple[str, str], list[tuple[int, array, array]]] = OrderedDict()
        self._kept = 0  # postings in _read

    # -- matching ----------------------------------------------------------------------------

    def doc_set(self, q: wq.Query) -> set[int]:
        """Every document matching `q`, from whole posting blocks and set operations."""
        if isinstance(q, wq.Term):
            return self.term_docs(q.fieldname, q.text)
        if isinstance(q, wq.Every) and q.fieldname is None:
            return set(self.searcher.reader().all_doc_ids())
        if isinstance(q, wq.Or):
            return set().union(*(self.doc_set(sub) for sub in q.subqueries))
        if isinstance(q, wq.AndNot):
            return self.doc_set(q.a) - self.doc_set(q.b)
        if isinstance(q, wq.And):
            wanted = [sub for sub in q.subqueries if not isinstance(sub, wq.Not)]
            unwanted = [sub.query for sub in q.subqueries if isinstance(sub, wq.Not)]
            found = self._intersection(wanted) if wanted else self.doc_set(wq.Every())
            return found.difference(*(self.doc_set(sub) for sub in unwanted))
        return set(self.searcher.docs_for_query(q))

    def _intersection(self, queries: list[wq.Query]) -> set[int]:
        """Smallest first; a term far more common than what is left is probed, not read."""
        terms = sorted((sub for sub in queries if isinstance(sub, wq.Term)), key=self._frequency)
        sets = sorted((self.doc_set(sub) for sub in queries if not isinstance(sub, wq.Term)), key=len)
        if not sets or (terms and self._frequency(terms[0]) < len(sets[0])):
            found = self.term_docs(terms[0].fieldname, terms[0].text)
            terms = terms[1:]
        else:
            found = set(sets.pop(0))
        for other in sets:
            found &= other
        for term in terms:
            if not found:
                break
            if self._frequency(term) > PROBE_RATIO * len(found):
                found = {
                    self.leaves[leaf][1] + i
                    for leaf, ids, _ in self._probe(term.fieldname, term.text, found)
                    for i in ids
                }
            else:
                found &= self.term_docs(term.fieldname, term.text)
        return found

    def term_docs(self, fieldname: str, text: str) -> set[int]:
        found: set[int] = set()
        for leaf, ids, _ in self._blocks(fieldname, text):
            offset = self.leaves[leaf][1]
            found.update([offset + docnum for docnum in ids] if offset else ids)
        return found

    def _frequency(self, term: wq.Term) -> int:
        return self.searcher.doc_frequency(term.fieldname, term.text)

    # -- ranking -----------------------------------------------------------------------------

    def ranked(self, q: wq.Query, matched: set[int], limit: int) -> list[tuple[int, float]] | None:
        """The best `limit` of `matched` for `q` as (docnum, score), best first, ties in
        index order, as Whoosh ranks them; None for a query shape left to Whoosh."""
        shape = _scored_terms(q)
        if shape is None or not shape[0] or not isinstance(self.searcher.weighting, BM25F):
            return None
        terms, constant = shape
        if len(terms) == 1 and not constant:
            scored = self._term_scores(terms[0], matched)
        else:
            total = dict.fromkeys((-docnum for docnum in matched), constant) if constant else {}
            for term in terms:
                for score, negative in self._term_scores(term, matched):
                    total[negative] = total.get(negative, 0.0) + score
            scored = [(score, negative) for negative, score in total.items()]
        return [(-negative, score) for score, negative in heapq.nlargest(limit, scored)]

    def by_column(self, fieldname: str, matched: set[int], limit: int, *, reverse: bool, last: int):
        """The first `limit` of `matched` ordered by a sortable column, ties in index order;
        documents whose value is `last` (Whoosh's "no value", its largest) come last either way."""
        column = self.column(fieldname)
        if reverse:
            key = lambda d: (-1 if column[d] == last else column[d], -d)  # noqa: E731
            return [(docnum, 0.0) for docnum in heapq.nlargest(limit, matched, key=key)]
        return [(docnum, 0.0) for docnum in heapq.nsmallest(limit, matched, key=lambda d: (column[d], d))]

    def _term_scores(self, term: wq.Term, matched: set[int]) -> list[tuple[float, int]]:
        """(score, -docnum) for each document of `matched` holding the term."""
        fieldname, text, boost = term.fieldname, term.text, term.boost
        searcher = self.searcher
        if searcher.doc_frequency(fieldname, text) > PROBE_RATIO * len(matched):
            groups = self._probe(fieldname, text, matched)
        else:
            groups = self._blocks(fieldname, text)
        scorable = searcher.schema[fieldname].scorable
        idf, k1p = searcher.idf(fieldname, text), searcher.weighting.K1 + 1
        scores = []
        for leaf, ids, weights in groups:
            if scorable:
                norms = self._norms_for(leaf, fieldname)
                values = [idf * ((w * k1p) / (w + norms[i])) for i, w in zip(ids, weights, strict=True)]
            else:
                values = list(weights)
            if boost != 1:
                values = [v * boost for v in values]
            offset = self.leaves[leaf][1]
            scores.extend(
                (v, -(offset + i)) for i, v in zip(ids, values, strict=True) if offset + i in matched
            )
        return scores

    # -- reading -----------------------------------------------------------------------------

    def _blocks(self, fieldname: str, text: str) -> list[tuple[int, array, array]]:
        """(segment number, ids, weights) per segment holding the term; ids are the segment's
        own. Kept for the next queries, within KEEP_POSTINGS."""
        key = (fieldname, text)
        if key in self._read:
            self._read.move_to_end(key)
            return self._read[key]
        found = {}
        for leaf, ids, weights in self._read_blocks(fieldname, text):
            kept = found.setdefault(leaf, (array("I"), array("f")))
            kept[0].extend(ids)
            kept[1].extend(weights)
        lists = [(leaf, ids, weights) for leaf, (ids, weights) in found.items()]
        size = sum(len(ids) for _, ids, _ in lists)
        while self._read and self._kept + size > KEEP_POSTINGS:
            _, dropped = self._read.popitem(last=False)
            self._kept -= sum(len(ids) for _, ids, _ in dropped)
        if size <= KEEP_POSTINGS:
            self._read[key] = lists
            self._kept += size
        return lists

    def _read_blocks(self, fieldname: str, text: str):
        for leaf, (reader, _) in enumerate(self.leaves):
            if (fieldname, text) not in reader:
                continue
            matcher = reader.postings(fieldname, text)
            if reader.has_deletions() or not hasattr(matcher, "_read_ids"):
                postings = []
                while matcher.is_active():
                    postings.append((matcher.id(), matcher.weight()))
                    matcher.next()
                yield leaf, tuple(d for d, _ in postings), tuple(w for _, w in postings)
                continue
            while matcher.is_active():  # Whoosh's block reader, a block at a time
                if matcher._ids is None:
                    matcher._read_ids()
                if matcher._weights is None:
                    matcher._read_weights()
                start = matcher._i
                yield leaf, matcher._ids[start:], matcher._weights[start:]
                matcher._i = matcher._blocklength - 1
                matcher.next()

    def _probe(self, fieldname: str, text: str, candidates: set[int]):
        """Like _blocks, but only the candidates holding the term, skipping from one to the next."""
        for leaf, (reader, offset) in enumerate(self.leaves):
            if (fieldname, text) not in reader:
                continue
            matcher = reader.postings(fieldname, text)
            wanted = sorted(d - offset for d in candidates if 0 <= d - offset < reader.doc_count_all())
            found = []
            for docnum in wanted:
                if not matcher.is_active():
                    break
                matcher.skip_to(docnum)
                if matcher.is_active() and matcher.id() == docnum:
                    found.append((docnum, matcher.weight()))
            yield leaf, [d for d, _ in found], [w for _, w in found]

    def _norms_for(self, leaf: int, fieldname: str) -> array:
        """BM25's length part, K1 × (1 − B + B × length / average length), per document of a
        segment: computed once, as Whoosh computes it for every hit."""
        key = (leaf, fieldname)
        if key not in self._norms:
            reader, _ = self.leaves[leaf]
            weighting = self.searcher.weighting
            b = weighting._field_B.get(fieldname, weighting.B)
            k1 = weighting.K1
            avgfl = self.searcher.avg_field_length(fieldname) or 1
            lengths = _lengths(reader, fieldname)
            self._norms[key] = array("d", (k1 * ((1 - b) + b * fl / avgfl) for fl in lengths))
        return self._norms[key]

    def column(self, fieldname: str) -> list | array:
        """The column's value for every document, segment by segment: Whoosh's multi-segment
        reader leaves out a segment without the column (none of its documents has a date), so
        its values would shift; a segment's own reader gives the default for each instead.
        Numbers (dates) are kept in an array: 8 bytes each instead of a Python int's 36."""
        if fieldname not in self._columns:
            values: list = []
            for reader, _ in self.leaves:
                values.extend(reader.column_reader(fieldname, translate=False))
            try:
                self._columns[fieldname] = array("Q", values)
            except (TypeError, OverflowError):  # text, or a negative number
                self._columns[fieldname] = values
        return self._columns[fieldname]


def _lengths_in_memory(reader) -> None:
    """Scoring reads every hit's field lengths; from the segment files that is a seek and a
    read per document, so the length columns (a byte per document and field) are loaded once,
    for Whoosh's own scoring too. Reaches into Whoosh's reader; if that changes, lengths are
    simply read from the files."""
    perdoc = getattr(reader, "_perdoc", None)
    if not hasattr(perdoc, "_readers") or not hasattr(perdoc, "_cached_reader"):
        return
    for name, field in reader.schema.items():
        lengths = whoosh3._lenfield(name)
        column = perdoc._cached_reader(lengths, whoosh3.LENGTHS_COLUMN) if field.scorable else None
        if column is not None:
            perdoc._readers[lengths] = column.load()


def _lengths(reader, fieldname: str) -> list[float]:
    """Every document's length of a field as Whoosh's scorer sees it (1 when missing)."""
    return [reader.doc_field_length(d, fieldname, 1) or 1 for d in range(reader.doc_count_all())]


def _scored_terms(q: wq.Query) -> tuple[list[wq.Term], float] | None:
    """The terms whose scores add up to a matching document's score — every term outside a
    NOT, as Whoosh's AND and OR add their parts — and what the NOTs in an AND add (Whoosh
    scores each 1), or None for any other shape."""
    if isinstance(q, wq.Term):
        return [q], 0.0
    if isinstance(q, wq.AndNot) and q.boost == 1:
        return _scored_terms(q.a)
    if type(q) in (wq.And, wq.Or) and q.boost == 1 and not getattr(q, "scale", None):
        terms, constant = [], 0.0
        for sub in q.subqueries:
            if isinstance(sub, wq.Not) and type(q) is wq.And:
                constant += 1.0
                continue
            found = _scored_terms(sub)
            if found is None:
                return None
            terms += found[0]
            constant += found[1]
        return terms, constant
    return None


def missing_internals(searcher) -> list[str]:
    """The parts of INTERNALS the running Whoosh lacks, as "W3LeafMatcher._ids" (none: []).
    `searcher` must have a segment without deletions holding a term in two documents: such a
    term's postings are read by a block matcher (a rarer term's are kept inline)."""
    readers = [sub.reader() for sub, _ in searcher.leaf_searchers()]
    reader = next((reader for reader in readers if not reader.has_deletions()), None)
    common = next((t for t in reader.all_terms() if reader.doc_frequency(*t) > 1), None) if reader else None
    if common is None:
        raise ValueError("no segment without deletions holds a term in two documents: nothing to check")
    holders = {
        "whoosh.codec.whoosh3": whoosh3,
        "W3LeafMatcher": reader.postings(*common),
        "SegmentReader": reader,
        "W3PerDocReader": getattr(reader, "_perdoc", None),
        "BM25F": searcher.weighting,
    }
    missing = []
    for holder, names in INTERNALS.items():
        found = holders[holder]
        kind = found.__name__ if holder == "whoosh.codec.whoosh3" else type(found).__name__
        if kind != holder:
            missing.append(f"{holder} (Whoosh has {kind} instead)")
        else:
            missing += [f"{holder}.{name}" for name in names if not hasattr(found, name)]
    return missing
