"""How text becomes index terms, as Whoosh analyzers.

Part of the Whoosh boundary: this module, backend.py and postings.py are the only ones that
import whoosh (see backend.py for what another engine must provide instead).

- A word is archive.text.WORD: Latin words and digits, and every Chinese character on its own
  (matched as phrases, so a word matches inside unspaced text). Words are lowercased,
  traditional characters folded to simplified, English stop words dropped, and stemmed.
- With `pairs`, every pair of neighbouring common words (or Chinese characters) is one term
  ("social_media"): backend.py searches phrases through those pairs, a common phrase being
  one posting list instead of a position check over tens of thousands of documents.
"""

from functools import cache, lru_cache

from whoosh.analysis import Analyzer, Filter, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter, Token

from archive import data
from archive.text import WORD, simplified_char


class SimplifiedFilter(Filter):
    """Fold traditional Chinese characters to simplified ones, so both forms match."""

    def __call__(self, tokens):
        for token in tokens:
            if len(token.text) == 1 and token.text >= "\u3400":
                token.text = simplified_char(token.text)
            yield token


class PairFilter(Filter):
    """Each common token joined to the next common one: "social", "media" → "social_media"."""

    def __call__(self, tokens):
        previous = None
        for token in tokens:
            text = token.text
            if previous is not None and pairs_with(previous, text):
                token.text = f"{previous}_{text}"
                yield token
            previous = text


def archive_analyzer():
    return (
        RegexTokenizer(WORD) | LowercaseFilter() | SimplifiedFilter() | StopFilter(minsize=1) | StemFilter()
    )


class WordAnalyzer(Analyzer):
    """archive_analyzer() in one pass: each distinct word is analysed once by the chain and
    remembered (`term`), instead of every token going through five generators; with `pairs`,
    the pair terms of PairFilter. Indexing spends most of its time here."""

    def __init__(self, *, pairs: bool = False):
        self.pairs = pairs

    def __eq__(self, other):
        return type(other) is type(self) and other.pairs == self.pairs

    def has_morph(self) -> bool:
        return True  # it stems: Whoosh keeps a separate unstemmed word list for spelling

    def __call__(
        self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
        start_pos=0, start_char=0, tokenize=True, mode="", **kwargs,
    ):  # fmt: skip
        chain = PAIR_CHAIN if self.pairs else CHAIN
        if not tokenize or not removestops or kwargs.get("no_morph"):  # rare: the chain itself
            yield from chain(value, positions=positions, chars=chars, keeporiginal=keeporiginal,
                             removestops=removestops, start_pos=start_pos, start_char=start_char,
                             tokenize=tokenize, mode=mode, **kwargs)  # fmt: skip
            return
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        pos, previous = None, None
        for raw_pos, match in enumerate(WORD.finditer(value), start_pos):
            word_term = term(match.group())
            if word_term is None:  # a stop word: dropped
                continue
            # StopFilter's renumbering: the first kept word keeps its place, the rest follow on
            pos = raw_pos if pos is None else pos + 1
            if self.pairs:
                if previous is None or not pairs_with(previous, word_term):
                    previous = word_term
                    continue
                token.text, previous = f"{previous}_{word_term}", word_term
            else:
                token.text = word_term
            token.stopped, token.boost = False, 1.0
            if keeporiginal:
                token.original = match.group()
            if positions:
                token.pos = pos
            if chars:
                token.startchar, token.endchar = start_char + match.start(), start_char + match.end()
            yield token


CHAIN = archive_analyzer()
PAIR_CHAIN = archive_analyzer() | PairFilter()
ANALYZER = WordAnalyzer()
PAIR_ANALYZER = WordAnalyzer(pairs=True)


@lru_cache(maxsize=200_000)
def term(word: str) -> str | None:
    """The one index term a word becomes (None for stop words)."""
    tokens = [token.text for token in CHAIN(word)]
    return tokens[0] if len(tokens) == 1 else None


@cache
def common_words() -> frozenset[str]:
    """The common words of archive/data/common_words.toml, as the analyzer leaves them."""
    terms = {term(word) for word in data.load("common_words")["words"].split()}
    return frozenset(terms - {None})


def pairs_with(first: str, second: str) -> bool:
    common = common_words()
    if first in common and second in common:
        return True
    return len(first) == 1 == len(second) and first >= "\u3400" and second >= "\u3400"
