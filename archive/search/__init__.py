"""Full-text search. The query layer (parse.py, query.py, highlight.py, indexing.py) speaks
haystack and knows no search engine; the engine, Whoosh, is behind haystack's backend
(backend.py, with analysis.py and postings.py), chosen by HAYSTACK_CONNECTIONS."""


class UnrunnableQuery(Exception):
    """A query the engine parses but cannot run (a phrase on a field that keeps no positions):
    the person's query, not a bug. The backend raises it; the query layer says so."""
