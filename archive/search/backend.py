"""Our haystack backend for Whoosh: the search engine's side of the boundary.

Only this module, analysis.py (how text becomes terms), postings.py (reading posting lists)
and versions.py (the index folders) know the engine; only the first three import whoosh
(tests/test_search_boundary.py keeps it so). The query layer (parse.py, query.py,
highlight.py, indexing.py) speaks haystack's SearchQuerySet and query strings.

What it changes from haystack's stock backend, and why:
- Text is analysed (analysis.py) so that Chinese reads as single characters (matched as
  phrases, so a word matches inside unspaced text) with traditional forms folded to simplified.
- Every pair of neighbouring words is also indexed as one term ("social_media"), and
  phrases are searched through those pairs: a common phrase is one posting list instead of
  a position check over tens of thousands of documents.
- Matches are counted and ranked from whole posting blocks (postings.py), with Whoosh's own
  BM25F, instead of one document at a time through its collector.
- Facet fields hold exact values; facets are counted from per-value bitsets cached per
  index version, not by grouping every hit.
- A web worker keeps one searcher open and refreshes it only when the index changed
  (a fresh searcher per query costs ~0.4 s at 100k articles).
- Writes go through one writer per batch; a rebuild is written into a new folder and the
  index path, a link, is switched to it in one rename, so searches answer throughout.
- Segments are separate files, not Whoosh's compound file, which each reader copies whole
  into memory (60 MB per worker at 10k articles).
- No highlighting (`highlight` is ignored): the query layer makes snippets from the stored
  text with highlight.py, asking `term_of` what a word becomes (the stock highlighter is
  English-only and analyses every word of every hit).
- A spelling suggestion is made only when asked and nothing matched.

Another haystack backend (Solr, Elasticsearch) can replace this one in HAYSTACK_CONNECTIONS,
the query layer unchanged, by subclassing haystack's and providing:
- Query strings in the Lucene syntax haystack's backends share: quoted words and phrases;
  AND, OR, NOT and parentheses, every operator written (parse.py leaves none implied, so the
  engine's default operator does not matter); `field:"value"`; `word*` for a prefix. The
  fields: `text` (the document), `title`, `month` and `day` ("2015-04", "2015-04-13"), and
  the `<field>_exact` fields holding exact values (agencies, platforms, campaigns, laws,
  categories, language, outlet, year, story).
- Text analysed as analysis.py does (Chinese characters matched as phrases, traditional
  folded to simplified, English stop words dropped and stems matched), and `term_of(word)`:
  the one term a word becomes, None for a stop word, so that snippets mark what matched.
  An engine's own highlights are never shown (its `highlighted` is not read).
- Each result with its stored `text`, `title`, `outlet`, `published_on` and `story`; facet
  counts over every match as (value, count) pairs; `published_on` sorting either way with
  undated documents last; `more_like_this` answering the slice asked for.
- `collapse=<field>` in `search` (set through ArchiveSearchQuery): one result per value of
  the field, its best-ranked match, the total counting values, each result with `copies`
  (the other matches with its value) and `group_size` (the documents with it). Solr: the
  collapse query parser and expand; Elasticsearch: field collapsing with inner hits.
- archive.search.UnrunnableQuery raised for a query the engine parses but cannot run.
- For indexing.py: `document(index, obj)`; `update(index, objs, removed=article ids)` as one
  batch; `stored_versions()`; `remove_stale_versions()`; and `rebuilding()`, yielding
  `open_writer` (a writer with add_document, commit and cancel, usable in a forked process)
  on a new index that replaces the live one when the block ends (Solr: a new core swapped
  in; Elasticsearch: a new index moved behind an alias).
- Optionally a spelling suggestion (`create_spelling_suggestion`) when nothing matched.
"""

import difflib
import os
import re
import shutil
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any

from haystack.backends import BaseEngine
from haystack.backends.whoosh_backend import WhooshSearchBackend, WhooshSearchQuery
from haystack.constants import DJANGO_CT, DJANGO_ID
from haystack.constants import ID as ID_FIELD
from haystack.exceptions import SkipDocument
from haystack.models import SearchResult
from haystack.utils import get_identifier
from haystack.utils.app_loading import haystack_get_model
from whoosh import index as whoosh_index
from whoosh import query as whoosh_query
from whoosh.fields import DATETIME, ID, STORED, TEXT

from archive.search import UnrunnableQuery, versions
from archive.search.analysis import ANALYZER, PAIR_ANALYZER, common_words, pairs_with, term
from archive.search.postings import Postings

PAIRS_FIELD = "pairs"
SPELLING_FIELD = "title"
WRITER_MB = 256
MORE_LIKE_TERMS = 5  # Whoosh's more_like default
NO_DATE = 2**64 - 1  # what a sortable DATETIME column holds for a document without a date


def phrases_to_pairs(q: whoosh_query.Query, content_field: str) -> whoosh_query.Query:
    """Rewrite phrases of paired words into AND-ed pair terms (one posting list each)."""
    if isinstance(q, whoosh_query.Phrase) and q.fieldname == content_field and len(q.words) > 1:
        words = q.words
        if all(pairs_with(a, b) for a, b in zip(words, words[1:], strict=False)):
            terms = [
                whoosh_query.Term(PAIRS_FIELD, f"{a}_{b}") for a, b in zip(words, words[1:], strict=False)
            ]
            return terms[0] if len(terms) == 1 else whoosh_query.And(terms)
        return q
    if q.is_leaf():
        return q
    return q.apply(lambda sub: phrases_to_pairs(sub, content_field))


class ArchiveWhooshBackend(WhooshSearchBackend):
    def __init__(self, connection_alias, **connection_options):
        super().__init__(connection_alias, **connection_options)
        self._searcher = None
        self._searcher_key = None
        self._postings = None
        self._facet_masks = {}
        self._spelling = None
        common_words()  # read now, with the tables wsgi.py reads before gunicorn forks

    def setup(self):
        """A new index starts as a versioned folder behind a link, the layout a rebuild swaps
        (versions.py), so that every folder beside the link is a version."""
        path = Path(self.path)
        if not path.exists() and not path.is_symlink():
            versions.point_to(path, versions.new_version(path))
        super().setup()

    # -- schema and documents ------------------------------------------------------------

    def build_schema(self, fields):
        content_field_name, schema = super().build_schema(fields)
        for field_class in fields.values():
            name = field_class.index_fieldname
            if not field_class.indexed and not field_class.is_multivalued:
                schema.remove(name)
                schema.add(name, STORED())  # kept with the document, never searched
                continue
            if not isinstance(schema[name], TEXT):
                continue
            schema.remove(name)
            if getattr(field_class, "facet_for", None):
                schema.add(name, ID(stored=True, sortable=True))
            else:
                text = TEXT(
                    stored=True,
                    analyzer=ANALYZER,
                    field_boost=field_class.boost,
                    multitoken_query="phrase",
                    # words for "did you mean" come from titles only: a word list of
                    # every text would cost 40 % of the indexing time
                    spelling=name == SPELLING_FIELD,
                )
                schema.add(name, text)
        schema.add(PAIRS_FIELD, TEXT(analyzer=PAIR_ANALYZER, phrase=False, stored=False))
        return content_field_name, schema

    def document(self, index, obj) -> dict:
        """The Whoosh document for one object (raises SkipDocument to leave it out)."""
        doc = index.full_prepare(obj)
        doc = {key: self._from_python(value) for key, value in doc.items() if key != "boost"}
        doc[PAIRS_FIELD] = doc.get(self.content_field_name, "")
        return doc

    def term_of(self, word: str) -> str | None:
        """The one term `word` becomes in a text field (None for a stop word): the words the
        query layer's snippets mark (highlight.py)."""
        return term(word)

    def delete_index(self):
        """Empty the index, the versioned folder behind the link (versions.py) too."""
        versions.remove_live(Path(self.path))
        self.setup()

    def remove_stale_versions(self) -> None:
        """Remove what no searcher reads any more: index versions of earlier rebuilds, and
        what a rebuild killed half way left behind."""
        versions.remove_stale_versions(Path(self.path))

    @contextmanager
    def rebuilding(self) -> Iterator[Callable[[], Any]]:
        """A complete new index, written beside the live one and swapped in when the block
        ends, so that searches answer throughout; if the block raises, the new index is
        removed and the live one stays as it was. Yields `open_writer`, which opens a writer
        on the new index (add_document(**fields), commit(), cancel()) in any process: the
        caller may write from a forked child (indexing.writer_process)."""
        live = Path(self.path)
        versions.remove_stale_versions(live)
        fresh = versions.new_version(live)
        try:
            new_index = whoosh_index.create_in(str(fresh), self.schema)
            yield partial(new_index.writer, limitmb=WRITER_MB, compound=False)
        except BaseException:
            shutil.rmtree(fresh, ignore_errors=True)
            raise
        versions.swap_in(live, fresh)
        self.index = whoosh_index.open_dir(str(live), schema=self.schema)

    def update(self, index, iterable, commit=True, *, removed: Iterable[int] = ()):
        """One writer for the whole batch (haystack's opens an async writer per call); the
        documents of the `removed` article ids are deleted first."""
        if not self.setup_complete:
            self.setup()
        self.index = self.index.refresh()
        writer = self.index.writer(limitmb=WRITER_MB, compound=False)
        try:
            for pk in removed:
                writer.delete_by_term(ID_FIELD, f"archive.article.{pk}")
            for obj in iterable:
                try:
                    writer.update_document(**self.document(index, obj))
                except SkipDocument:
                    continue
        except BaseException:
            writer.cancel()
            raise
        writer.commit()

    def stored_versions(self) -> dict[int, list[int]]:
        """article id → the `version` of each document the index holds for it."""
        searcher = self.searcher()
        found: dict[int, list[int]] = {}
        for docnum in searcher.reader().all_doc_ids():
            fields = searcher.stored_fields(docnum)
            found.setdefault(int(fields[DJANGO_ID]), []).append(int(fields.get("version") or 0))
        return found

    # -- reading -----------------------------------------------------------------------------

    def searcher(self):
        """This process's searcher, reopened only when the index changed or was swapped."""
        if not self.setup_complete:
            self.setup()
        try:
            folder = os.stat(self.path).st_ino  # the versioned folder behind the link
        except FileNotFoundError:  # an index being replaced by hand: keep the one we have
            if self._searcher is None:
                raise
            return self._searcher
        if self._searcher is not None and self._searcher_key == folder:
            if self._searcher.up_to_date():
                return self._searcher
        if self._searcher is not None:
            self._searcher.close()
        self.index = whoosh_index.open_dir(self.path, schema=self.schema)
        self._searcher = self.index.searcher()
        self._postings = Postings(self._searcher)
        self._searcher_key = folder
        self._facet_masks = {}
        self._spelling = None
        return self._searcher

    def search(
        self,
        query_string,
        sort_by=None,
        start_offset=0,
        end_offset=None,
        fields="",
        highlight=False,
        facets=None,
        date_facets=None,
        query_facets=None,
        narrow_queries=None,
        spelling_query=None,
        within=None,
        dwithin=None,
        distance_point=None,
        models=None,
        limit_to_registered_models=None,
        result_class=None,
        **kwargs,
    ):
        if date_facets or query_facets or within or dwithin:
            return super().search(
                query_string,
                sort_by,
                start_offset,
                end_offset,
                fields,
                highlight,
                facets,
                date_facets,
                query_facets,
                narrow_queries,
                spelling_query,
                within,
                dwithin,
                distance_point,
                models,
                limit_to_registered_models,
                result_class,
                **kwargs,
            )
        empty = {"results": [], "hits": 0, "facets": {}, "spelling_suggestion": None}
        if not query_string or (len(query_string) <= 1 and query_string != "*"):
            return empty
        searcher = self.searcher()
        parsed = self.parser.parse(query_string)
        if parsed is None or parsed is whoosh_query.NullQuery:
            return empty
        parsed = phrases_to_pairs(parsed, self.content_field_name)
        if isinstance(parsed, whoosh_query.Every):
            parsed = whoosh_query.Every()  # every document, not every term of a field
        allowed = None
        for narrow in narrow_queries or ():
            try:
                docs = self._postings.doc_set(
                    phrases_to_pairs(self.parser.parse(narrow), self.content_field_name)
                )
            except whoosh_query.QueryError:  # a filter value no document could hold
                docs = set()
            allowed = docs if allowed is None else allowed & docs
        try:
            matched = self._postings.doc_set(parsed)
        except whoosh_query.QueryError as error:
            raise UnrunnableQuery(str(error)) from error
        if allowed is not None:
            matched &= allowed
        if not matched:
            return {**empty, "spelling_suggestion": self._suggestion(spelling_query)}
        page_num, page_length = self.calculate_page(start_offset, end_offset)
        limit = page_num * page_length
        rank = partial(self._ranked, searcher, parsed, matched, sort_by=sort_by, narrowed=allowed is not None)
        if kwargs.get("collapse"):
            hits, total, copies = self._collapsed(rank, matched, kwargs["collapse"], limit)
        else:
            hits, total, copies = rank(limit), len(matched), {}
        hits = hits[(page_num - 1) * page_length :]
        results = self._results(searcher, hits, result_class or SearchResult)
        for result, (docnum, _) in zip(results, hits, strict=True):
            result.copies = copies.get(docnum, 0)
            if kwargs.get("collapse"):  # the copies of the hit's story, read from its posting list
                story = self._postings.column(kwargs["collapse"])[docnum]
                result.group_size = len(self._postings.term_docs(kwargs["collapse"], story.decode()))
        return {
            "results": results,
            "hits": total,
            "facets": {
                "fields": self._count_facets(searcher, facets or [], matched),
                "dates": {},
                "queries": {},
            },
            "spelling_suggestion": None,  # offered only when nothing matched
        }

    def more_like_this(
        self,
        model_instance,
        additional_query_string=None,
        start_offset=0,
        end_offset=None,
        models=None,
        limit_to_registered_models=None,
        result_class=None,
        **kwargs,
    ):
        """Documents ranked by the most telling words of this one's text (Whoosh's key terms,
        as its more_like does), with the open searcher; haystack's version opens two new
        searchers and loads the stored fields of every match."""
        empty = {"results": [], "hits": 0, "spelling_suggestion": None}
        searcher = self.searcher()
        docnum = searcher.document_number(**{ID_FIELD: get_identifier(model_instance)})
        if docnum is None:
            return empty
        key_terms = searcher.key_terms([docnum], self.content_field_name, numterms=MORE_LIKE_TERMS)
        q = whoosh_query.Or(
            [whoosh_query.Term(self.content_field_name, word, boost=weight) for word, weight in key_terms]
        )
        matched = self._postings.doc_set(q) - {docnum}
        if additional_query_string and additional_query_string != "*":
            matched &= self._postings.doc_set(self.parser.parse(additional_query_string))
        if not matched:
            return empty
        page_num, page_length = self.calculate_page(start_offset, end_offset)
        hits = self._postings.ranked(q, matched, page_num * page_length)[(page_num - 1) * page_length :]
        return {
            "results": self._results(searcher, hits, result_class or SearchResult),
            "hits": len(matched),
            "spelling_suggestion": None,
        }

    def _collapsed(self, rank, matched: set[int], field: str, limit: int):
        """The first `limit` hits with one document per value of `field` (a story shown once,
        by its best-ranked copy), how many values the matches hold, and for each hit shown how
        many other matches share its value."""
        column = self._postings.column(field)
        sizes = Counter(column[docnum] for docnum in matched)
        wanted = limit * 2
        while True:
            ranked, seen, hits = rank(wanted), set(), []
            for docnum, score in ranked:
                if column[docnum] not in seen:
                    seen.add(column[docnum])
                    hits.append((docnum, score))
            if len(hits) >= limit or len(ranked) >= len(matched):
                break
            wanted *= 4
        hits = hits[:limit]
        return hits, len(sizes), {docnum: sizes[column[docnum]] - 1 for docnum, _ in hits}

    def _ranked(self, searcher, parsed, matched, limit, sort_by, *, narrowed) -> list[tuple[int, float]]:
        """The first `limit` matches as (docnum, score): from the posting blocks where the
        query's shape allows (see postings.py), else through Whoosh's collector."""
        fields = [field.lstrip("-") for field in sort_by or ()]
        reverse = bool(sort_by) and sort_by[0].startswith("-")
        if not fields:
            ranked = self._postings.ranked(parsed, matched, limit)
            if ranked is not None:
                return ranked
        elif len(fields) == 1 and isinstance(self.schema[fields[0]], DATETIME):
            # Newest or oldest first, undated last either way (Whoosh's "no date" is the largest value).
            return self._postings.by_column(fields[0], matched, limit, reverse=reverse, last=NO_DATE)
        raw = searcher.search(
            parsed,
            limit=limit,
            filter=matched if narrowed else None,  # a filter slows Whoosh: only to narrow
            sortedby=(fields[0] if len(fields) == 1 else fields) or None,
            reverse=reverse,
        )
        # not list(raw): len() of Whoosh's results counts every match again
        return [(raw.docnum(i), raw.score(i) or 0.0) for i in range(raw.scored_length())]

    def _results(self, searcher, hits, result_class) -> list:
        """SearchResults from Whoosh hits (haystack's version also asks for a spelling
        suggestion on every query, which costs more than the search)."""
        from haystack import connections

        unified = connections[self.connection_alias].get_unified_index()
        results = []
        for docnum, score in hits:
            fields = dict(searcher.stored_fields(docnum))
            app_label, model_name = fields.pop(DJANGO_CT).split(".")
            pk = fields.pop(DJANGO_ID)
            index = unified.get_index(haystack_get_model(app_label, model_name))
            for key, value in fields.items():
                field = index.fields.get(key)
                if field is not None and field.is_multivalued:
                    fields[key] = value.split(",") if value else []
                elif field is not None and hasattr(field, "convert"):
                    fields[key] = field.convert(value)
                else:
                    fields[key] = self._to_python(value)
            results.append(result_class(app_label, model_name, pk, score, **fields))
        return results

    def _count_facets(self, searcher, fields, matched) -> dict:
        if not fields:
            return {}
        size = searcher.doc_count_all()
        bits = bytearray((size + 8) // 8)
        for docnum in matched:
            bits[docnum >> 3] |= 1 << (docnum & 7)
        hits = int.from_bytes(bits, "little")
        counts = {}
        for field in fields:
            masks = self._masks(searcher, field)
            found = ((value, (hits & mask).bit_count()) for value, mask in masks.items())
            counts[field] = sorted((pair for pair in found if pair[1]), key=lambda pair: (-pair[1], pair[0]))
        return counts

    def _masks(self, searcher, field) -> dict[str, int]:
        """value → bitset of the documents holding it, built once per index version."""
        if field not in self._facet_masks:
            size = searcher.doc_count_all()
            masks = {}
            for value in searcher.lexicon(field):
                bits = bytearray((size + 8) // 8)
                for docnum in searcher.postings(field, value).all_ids():
                    bits[docnum >> 3] |= 1 << (docnum & 7)
                masks[value.decode() if isinstance(value, bytes) else value] = int.from_bytes(bits, "little")
            self._facet_masks[field] = masks
        return self._facet_masks[field]

    def _spelling_words(self, searcher) -> dict[str, list[str]]:
        """The words of every title, by their first two letters, read once per index version."""
        if self._spelling is None:
            field = self.schema[SPELLING_FIELD].spelling_fieldname(SPELLING_FIELD)
            self._spelling = {}
            for term in searcher.lexicon(field):
                word = term.decode() if isinstance(term, bytes) else term
                self._spelling.setdefault(word[:2], []).append(word)
        return self._spelling

    def _suggestion(self, spelling_query: str | None) -> str | None:
        """Only when asked for (haystack's backend corrects every query, at a cost)."""
        return (
            self.create_spelling_suggestion(spelling_query)
            if spelling_query and self.include_spelling
            else None
        )

    def create_spelling_suggestion(self, query_string):
        """Each word the index lacks replaced by the closest title word sharing its first two
        letters (Whoosh's corrector searches the term files on disk: ~60 ms a word)."""
        searcher = self.searcher()
        words = re.findall(r"[^\W\d_]{4,}", query_string.lower())[:6]
        changed, suggested = False, []
        for word in words:
            if searcher.doc_frequency(self.content_field_name, term(word) or word):
                suggested.append(word)
                continue
            close = difflib.get_close_matches(word, self._spelling_words(searcher).get(word[:2], []), 1, 0.8)
            suggested.append(close[0] if close else word)
            changed = changed or bool(close)
        return " ".join(suggested) if changed else None


class ArchiveSearchQuery(WhooshSearchQuery):
    """haystack's query, able to show one document per value of a field (`collapse`)."""

    collapse = ""

    def build_params(self, *args, **kwargs):
        params = super().build_params(*args, **kwargs)
        if self.collapse:
            params["collapse"] = self.collapse
        return params

    def _clone(self, klass=None, using=None):
        clone = super()._clone(klass, using)
        clone.collapse = self.collapse
        return clone

    def run_mlt(self, **kwargs):
        """haystack's run_mlt drops the slice asked for, so every match became a result."""
        kwargs.setdefault("start_offset", self.start_offset)
        kwargs.setdefault("end_offset", self.end_offset)
        return super().run_mlt(**kwargs)


class ArchiveWhooshEngine(BaseEngine):
    backend = ArchiveWhooshBackend
    query = ArchiveSearchQuery
