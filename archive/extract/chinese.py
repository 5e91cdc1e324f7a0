"""Chinese figures read as verb – object – qualifier – number – classifier.

`侦办网络谣言类案件2300余起`: the verb is the last action of the lexicon (figures.toml) that
starts a word before the number in its clause, the object what stands between them, less the
adverbs and particles at its edges (共, 累计, 了). Words come from jieba's part-of-speech
tagger (its shipped dictionary), run only on the clauses a Chinese number's reading looks at, so
that an action is never read from inside another word and the object never loses its first
character.
"""

import logging
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from operator import attrgetter
from typing import NamedTuple

from archive import data
from archive.text import to_simplified

# Where a Chinese clause ends: a figure's verb and object are in its own clause.
CLAUSE_MARK = re.compile(r"[，,；;。：:！？!?]")
# Parts of speech an object never starts or ends with: adverbs (共, 累计), prepositions,
# particles (了, 的), conjunctions, numerals and time words (近 is tagged a time word).
EDGE_TAGS = ("d", "p", "u", "c", "m", "t", "f", "r", "q")
DIGIT = re.compile(r"\d")
OBJECT_LENGTH = 30  # characters: a longer run before the number keeps its last words


class Word(NamedTuple):
    start: int
    end: int
    text: str
    tag: str


QUOTES = re.compile('["“”「」『』]')
START = attrgetter("start")  # a key to bisect words by where they start


@dataclass(frozen=True)
class Reading:
    action: str  # canonical action, or "" when the clause has none
    object: str


def read_chinese(text: str, start: int, end: int, actions: list[tuple[int, int, str]]) -> Reading:
    """The action and object of the number at text[start:end], from the sentence's actions
    (start, end, canonical action; in text order). The action is "" when none acts on it."""
    sentence = _sentence(text)
    clause_start = _clause_start(text, start)
    before = _verbs(sentence, [a for a in actions if clause_start <= a[0] and a[1] <= start])
    if not before and _continues(text, clause_start):
        # "其中刑事案件160件": the clause details the one before it, and shares its verb
        previous = _clause_start(text, max(0, clause_start - 1))
        before = _verbs(sentence, [a for a in actions if previous <= a[0] and a[1] <= clause_start])
        if before:
            return Reading(
                _pick(before)[2], _object(text, sentence.words(clause_start, start), clause_start, start)
            )
    if before:
        verb = _pick(before)
        return Reading(verb[2], _object(text, sentence.words(verb[1], start), verb[1], start))
    # The verb after the number: in its clause ("违规账号1200个被关闭", "予以行政处罚"), or
    # further on when the clause names its object with 对 or the next one opens with 被 / 遭.
    clause_end = _clause_end(text, end)
    reach = clause_end
    if text.startswith(_rules()["passive"], clause_end + 1) or any(
        marker in text[clause_start:start] for marker in _rules()["object_markers"]
    ):
        reach = len(text)
    # a verbal noun before a noun names a kind of thing ("15项检测指标": test indicators)
    after = [a for a in actions if end <= a[0] and a[1] <= reach and not sentence.modifies_noun(a[0], a[1])]
    if not after:
        return Reading("", "")
    stop = min(after[0][0], clause_end)
    counted = _object_after(text, sentence.words(end, stop), end, stop)
    if not counted and any(marker in text[end:stop] for marker in _rules()["passive"]):
        # "违规账号1200个被关闭": what was closed stands before the number
        counted = _object(text, sentence.words(clause_start, start), clause_start, start)
    return Reading(after[0][2], counted)


def _object_after(text: str, words: list[Word], begin: int, end: int) -> str:
    """What follows the number up to its verb: "对208万款App进行了检测" counted apps."""
    inside = words[bisect_left(words, begin, key=START) : bisect_left(words, end, key=START)]
    kept = []
    for word in inside:
        if word.tag.startswith(("v", "p", "d")) and kept:
            break
        kept.append(word)
    return _object(text, kept, begin, end)


def _verbs(sentence: "Tagged", actions: list[tuple[int, int, str]]) -> list:
    """The actions that can govern an object: each starts a word, and none qualifies a noun
    ("拒不整改的App": 整改 describes the apps; 下架 acts on them) unless in the passive
    ("被关闭的网站共160家": the sites counted are the ones closed)."""
    text, particle, fused = sentence.text, _rules()["modifier_particle"], _rules()["fused_adverbs"]
    return [
        a
        for a in actions
        if (sentence.starts_word(a[0]) or sentence.after_adverb(a[0], a[1], fused))
        and (not text.startswith(particle, a[1]) or _passive_before(text, a[0]))
    ]


def _passive_before(text: str, position: int) -> bool:
    """Does a passive mark (被, 遭到) stand just before the action, past an adverb or two
    (被依法关闭的, 已被下架的)?"""
    window = text[max(0, position - PASSIVE_REACH) : position]
    return any(marker in window for marker in _rules()["passive"])


PASSIVE_REACH = 4  # characters between 被 and the verb it makes passive ("被依法关闭")


def _pick(actions: list[tuple[int, int, str]]) -> tuple[int, int, str]:
    """The last action before the number; "涉案" (involved) only when there is no other."""
    acting = [a for a in actions if a[2] not in _rules()["weak_actions"]]
    return (acting or actions)[-1]


def _object(text: str, words: list[Word], begin: int, end: int) -> str:
    inside = words[bisect_left(words, begin, key=START) : bisect_left(words, end, key=START)]
    if inside and inside[-1].end > end:  # "近百人" is one word: the number's qualifier, no object
        inside = inside[:-1]
    counted = [i for i, w in enumerate(inside) if DIGIT.search(w.text)]
    if counted:  # "账号620万余个、网站1200余个": the second object starts after the first count
        inside = inside[counted[-1] + 1 :]
    trim = _rules()["object_trim"]
    while inside and (inside[0].tag.startswith(EDGE_TAGS) or inside[0].text in trim or inside[0].tag == "x"):
        inside = inside[1:]
    while inside and (inside[-1].tag.startswith(EDGE_TAGS) or inside[-1].text in trim):
        inside = inside[:-1]
    if not inside:
        return ""
    while inside[-1].end - inside[0].start > OBJECT_LENGTH and len(inside) > 1:
        inside = inside[1:]
    return QUOTES.sub("", text[inside[0].start : inside[-1].end]).strip()  # “自媒体”账号: 自媒体账号


def _continues(text: str, clause_start: int) -> bool:
    return text.startswith(tuple(_rules()["continuing"]), clause_start)


def _clause_start(text: str, position: int) -> int:
    marks = [m.end() for m in CLAUSE_MARK.finditer(text, max(0, position - 200), position)]
    return marks[-1] if marks else max(0, position - 200)


def _clause_end(text: str, position: int) -> int:
    mark = CLAUSE_MARK.search(text, position, position + 200)
    return mark.start() if mark else min(len(text), position + 200)


class Tagged:
    """A sentence's words and their parts of speech (read from its simplified form), tagged a
    clause at a time as they are asked for: jieba cuts each run of Han characters, letters and
    digits apart from the rest, and a clause mark ends such a run, so a clause's words are the
    ones the whole sentence would give. Most of a sentence is never asked for."""

    def __init__(self, text: str):
        simplified = to_simplified(text)
        self.text = text
        self.tagged = simplified if len(simplified) == len(text) else text
        self.bounds = [0] + [m.end() for m in CLAUSE_MARK.finditer(self.tagged)]
        self.pieces: dict[int, tuple[list[Word], set[int]]] = {}

    def words(self, begin: int, end: int) -> list[Word]:
        """The words of the clauses text[begin:end] touches, in text order."""
        first, last = self._piece(begin), self._piece(max(begin, end - 1))
        return [word for at in range(first, last + 1) for word in self._tag(at)[0]]

    def starts_word(self, position: int) -> bool:
        return position in self._tag(self._piece(position))[1]

    def after_adverb(self, start: int, end: int, adverbs: frozenset[str]) -> bool:
        """Is text[start:end] the end of a word that one of these adverbs begins ("依法查处")?"""
        words, starts = self._tag(self._piece(start))
        at = bisect_right(words, start, key=START) - 1
        word = words[at] if at >= 0 else None
        return word is not None and word.end == end and self.text[word.start : start] in adverbs

    def modifies_noun(self, start: int, end: int) -> bool:
        """Is text[start:end] a verbal noun (jieba's vn) with a noun right after it?"""
        words, _ = self._tag(self._piece(start))
        at = bisect_left(words, start, key=START)
        return (
            at + 1 < len(words)
            and words[at].start == start
            and words[at].end == end
            and words[at].tag == "vn"
            and words[at + 1].tag.startswith("n")
        )

    def _piece(self, position: int) -> int:
        return bisect_right(self.bounds, position) - 1

    def _tag(self, at: int) -> tuple[list[Word], set[int]]:
        if at not in self.pieces:
            start = self.bounds[at]
            end = self.bounds[at + 1] if at + 1 < len(self.bounds) else len(self.text)
            words = []
            for pair in _tagger().cut(self.tagged[start:end], HMM=False):
                words.append(
                    Word(start, start + len(pair.word), self.text[start : start + len(pair.word)], pair.flag)
                )
                start += len(pair.word)
            self.pieces[at] = (words, {w.start for w in words})
        return self.pieces[at]


@lru_cache(maxsize=64)
def _sentence(text: str) -> Tagged:
    return Tagged(text)


@lru_cache(maxsize=1)
def _tagger():
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    for word in data.load("figures")["chinese"]["nouns"]:
        jieba.add_word(word, tag="n")
    return jieba.posseg


@lru_cache(maxsize=1)
def _rules() -> dict:
    zh = data.load("figures")["chinese"]
    return {
        "object_trim": frozenset(zh["object_trim"]),
        "continuing": tuple(zh["continuing"]),
        "weak_actions": frozenset(zh["weak_actions"]),
        "passive": tuple(zh["passive"]),
        "object_markers": tuple(zh["object_markers"]),
        "modifier_particle": tuple(zh["modifier_particles"]),
        "fused_adverbs": frozenset(zh["fused_adverbs"]),
    }
