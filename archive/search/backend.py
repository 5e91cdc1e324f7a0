"""Our haystack Whoosh backend: everything Whoosh-specific lives in this one module.

What it changes from haystack's stock backend:
- text fields use an analyzer that reads Chinese as single characters (matched as phrases,
  so a word matches inside unspaced text) with traditional forms folded to simplified;
- facet fields are stored as exact values, not stemmed text;
- highlighting uses the field's own analyzer (the stock one is English-only).
"""

from functools import cache

import opencc
from haystack.backends import BaseEngine
from haystack.backends.whoosh_backend import (
    WhooshHtmlFormatter,
    WhooshSearchBackend,
    WhooshSearchQuery,
)
from whoosh.analysis import (
    Filter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
)
from whoosh.fields import ID, TEXT
from whoosh.highlight import ContextFragmenter, highlight

# Latin words (with inner apostrophes, dots and hyphens kept: "JD.com", "self-media"), digits,
# and every Chinese character on its own.
HAN = "\u3400-\u9fff\uf900-\ufaff"
TOKEN = rf"[^\W_{HAN}]+(?:['’.\-][^\W_{HAN}]+)*|[{HAN}]"


@cache
def _simplify_char(char: str) -> str:
    return _converter().convert(char)


@cache
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


class SimplifiedFilter(Filter):
    """Fold traditional Chinese characters to simplified ones, so both forms match."""

    def __call__(self, tokens):
        for token in tokens:
            text = token.text
            if len(text) == 1 and text >= "\u3400":
                token.text = _simplify_char(text)
            yield token


def archive_analyzer():
    return (
        RegexTokenizer(TOKEN)
        | LowercaseFilter()
        | SimplifiedFilter()
        | StopFilter(minsize=1)
        | StemFilter(ignore=None)
    )


ANALYZER = archive_analyzer()


class ArchiveWhooshBackend(WhooshSearchBackend):
    def build_schema(self, fields):
        content_field_name, schema = super().build_schema(fields)
        for field_class in fields.values():
            name = field_class.index_fieldname
            if not isinstance(schema[name], TEXT):
                continue
            schema.remove(name)
            if getattr(field_class, "facet_for", None):
                schema.add(name, ID(stored=True, sortable=True))
            else:
                schema.add(
                    name,
                    TEXT(
                        stored=True,
                        analyzer=ANALYZER,
                        field_boost=field_class.boost,
                        multitoken_query="phrase",
                        spelling=name == content_field_name,
                    ),
                )
        return content_field_name, schema

    def _process_results(self, raw_page, highlight=False, query_string="", **kwargs):
        results = super()._process_results(raw_page, highlight=False, query_string=query_string, **kwargs)
        if highlight:
            for result in results["results"]:
                text = getattr(result, self.content_field_name, "") or ""
                result.highlighted = {self.content_field_name: [highlight_text(text, query_string)]}
        return results

    def create_spelling_suggestion(self, query_string):
        # The spelling words are stored lower-cased: "Kuaishuo" must be asked as "kuaishuo".
        return super().create_spelling_suggestion(query_string.lower())


def highlight_text(text: str, query_string: str) -> str:
    """An HTML fragment of `text` with the query's terms in <em>; '' when none occurs."""
    terms = {token.text for token in ANALYZER(query_string)}
    if not terms or not text:
        return ""
    return highlight(
        text, terms, ANALYZER, ContextFragmenter(maxchars=240, surround=60), WhooshHtmlFormatter("em"), top=2
    )


class ArchiveWhooshEngine(BaseEngine):
    backend = ArchiveWhooshBackend
    query = WhooshSearchQuery
