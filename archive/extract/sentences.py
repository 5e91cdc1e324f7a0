"""Split a clean body into sentences, keeping their character offsets."""

import re
from dataclasses import dataclass

from archive.text import HAN, MONTHS

# abbreviations a full stop does not end a sentence after ("may" is a word, not only a month)
ABBREVIATIONS = {name for name in MONTHS if len(name) <= 4} - {"may"} | {
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "no",
    "nos",
    "st",
    "co",
    "ltd",
    "inc",
    "corp",
    "vs",
    "u.s",
    "u.k",
    "e.g",
    "i.e",
    "approx",
    "gov",
    "dept",
    "est",
}
# A sentence ends after its punctuation and closing quotes; the gap after it belongs to neither.
BOUNDARY = re.compile(
    rf"""[.!?]["'”’)\]]*(?P<en>\s+)(?=["“'‘(\[]?[A-Z0-9{HAN}])"""
    r"""|[。！？；]["'”’」』)）]*(?P<zh>\s*)"""
    r"""|(?P<para>\n\s*\n)"""
)
# Real sentences stay under ~350 characters; a longer run (a page with no punctuation) is cut
# into pieces of at most this many, so the work per number and each figure's sentence stay small.
MAX_SENTENCE = 1000
BREAKS = (" ", "\n", "，", ",", "；", ";", "、", "：", ":")


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int
    end: int


def split_sentences(text: str) -> list[Sentence]:
    sentences, start = [], 0
    for boundary in BOUNDARY.finditer(text):
        if boundary["en"] is not None and _after_abbreviation(text, boundary.start() + 1):
            continue
        gap = next(g for g in ("en", "zh", "para") if boundary[g] is not None)
        _add(sentences, text, start, boundary.start(gap))
        start = boundary.end()
    _add(sentences, text, start, len(text))
    return sentences


def _after_abbreviation(text: str, position: int) -> bool:
    word = re.search(r"([\w.]+)\.$", text[max(0, position - 12) : position])
    return bool(word) and word.group(1).lower() in ABBREVIATIONS


def _add(sentences: list[Sentence], text: str, start: int, end: int) -> None:
    while end - start > MAX_SENTENCE:
        cut = _cut(text, start, start + MAX_SENTENCE)
        _add_one(sentences, text, start, cut)
        start = cut
    _add_one(sentences, text, start, end)


def _cut(text: str, start: int, limit: int) -> int:
    """Where to end an over-long piece: after the last space or comma in its second half."""
    at = max(text.rfind(mark, (start + limit) // 2, limit) for mark in BREAKS)
    return at + 1 if at >= 0 else limit


def _add_one(sentences: list[Sentence], text: str, start: int, end: int) -> None:
    chunk = text[start:end]
    stripped = chunk.strip()
    if stripped:
        offset = start + len(chunk) - len(chunk.lstrip())
        sentences.append(Sentence(stripped, offset, offset + len(stripped)))
