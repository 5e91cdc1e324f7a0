"""Snippets of a hit's stored text with the query's words marked, escaped here: the only HTML a
search result shows. It knows no search engine: what a word becomes in the index is asked of
the `term_of` function the backend provides."""

import bisect
import re
from collections.abc import Callable
from html import escape

from archive.text import HAN, HAN_CHAR, WORD

FIELD_CLAUSE = re.compile(r'\w+:(?:"[^"]*"|\S+)')  # filters in the query string are not words to mark
SNIPPET_CHARS, SNIPPET_LEAD = 240, 60
MAX_MARKS = 500
LATIN_CHAR = re.compile(rf"[^\W_{HAN}]")
LATIN_WORD = re.compile(rf"[^\W_{HAN}]*")


def snippet(text: str, query: str, *, term_of: Callable[[str], str | None], top: int = 2) -> str:
    """An HTML snippet of `text`, up to `top` passages dense in the query's terms, each term
    in <em>, everything else escaped; '' when none occurs. `term_of` gives the one index term
    a word becomes (None for a stop word). Only words that could be a query term are analysed
    (Whoosh's highlighter analyses every word of every hit, most of a search page's time)."""
    terms = {term_of(word.group()) for word in WORD.finditer(FIELD_CLAUSE.sub(" ", query))} - {None}
    if not terms or not text:
        return ""
    spans = []
    for start, end in _candidates(text, terms):
        if term_of(text[start:end]) in terms:  # the term the index holds, traditional folded too
            spans.append((start, end))
            if len(spans) >= MAX_MARKS:
                break
    if not spans:
        return ""
    return " … ".join(_passage(text, spans, start) for start in _densest(spans, top))


def _candidates(text: str, terms: set[str]) -> list[tuple[int, int]]:
    """Spans of the words of `text` that may analyse to one of `terms`: a stem is a prefix of
    its word but for a last letter changed ("compani" from "company"); a Chinese term may be
    written traditional, so every Chinese character is a candidate. Found with str.find, not
    a regular expression scanning every position."""
    starts = {t[:-1] if len(t) > 3 else t[:2] for t in terms if t[0] < "\u3400"}
    lowered = text.lower()
    if len(lowered) != len(text):  # a letter whose lower case is longer: offsets would shift
        lowered = "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in text)
    found = set()
    for start in starts:
        at = lowered.find(start)
        while at != -1:
            if at == 0 or not LATIN_CHAR.match(lowered, at - 1):
                found.add((at, LATIN_WORD.match(text, at + len(start)).end()))
            at = lowered.find(start, at + 1)
    if any(t[0] >= "\u3400" for t in terms):
        found.update(match.span() for match in HAN_CHAR.finditer(text))
    return sorted(found)


def _densest(spans: list[tuple[int, int]], top: int) -> list[int]:
    """Start offsets of the `top` non-overlapping windows holding the most matches, in text order."""
    starts = [start for start, _ in spans]  # in text order
    windows, end = [], 0
    for i, start in enumerate(starts):
        begin = max(0, start - SNIPPET_LEAD)
        end = max(end, i)
        while end < len(starts) and starts[end] < begin + SNIPPET_CHARS:
            end += 1
        first = bisect.bisect_left(starts, begin, 0, i + 1)
        windows.append((end - first, -begin, begin))
    chosen: list[int] = []
    for _, _, begin in sorted(windows, reverse=True):
        if all(abs(begin - other) >= SNIPPET_CHARS for other in chosen):
            chosen.append(begin)
        if len(chosen) == top:
            break
    return sorted(chosen)


def _passage(text: str, spans: list[tuple[int, int]], begin: int) -> str:
    """The passage of about SNIPPET_CHARS from `begin`, cut at spaces, its marks in <em>."""
    end = min(len(text), begin + SNIPPET_CHARS)
    if begin > 0 and (space := text.find(" ", begin, begin + 20)) != -1:
        begin = space + 1
    if end < len(text) and (space := text.rfind(" ", end - 20, end)) != -1:
        end = space
    parts, position = [], begin
    for start, stop in spans:
        if start >= begin and stop <= end:
            parts += [escape(text[position:start]), f"<em>{escape(text[start:stop])}</em>"]
            position = stop
    parts.append(escape(text[position:end]))
    return ("…" if begin > 0 else "") + "".join(parts) + ("…" if end < len(text) else "")
