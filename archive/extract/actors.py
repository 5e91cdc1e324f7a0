"""Who acted: a platform that says what it did itself ("Kuaishou said it had removed …", "the
platform said …", "抖音…发布公告称，平台已清理…") acted itself, not the regulator named before.
The cues are in archive/data/figures.toml ([self_action])."""

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import cache

from archive import data
from archive.extract.entities import Found
from archive.extract.patterns import alternation
from archive.text import HAN_CHAR

SUBJECT_GAP = (
    60  # characters between a speaker's name and its verb ("Kuaishou, the short-video platform, said")
)


@dataclass(frozen=True)
class Cues:
    speech: re.Pattern
    self_words: re.Pattern


@cache
def cues() -> Cues:
    d = data.load("figures")["self_action"]
    latin = [w for w in d["speech"] if not HAN_CHAR.search(w)]
    han = [w for w in d["speech"] if HAN_CHAR.search(w)]
    return Cues(
        speech=re.compile(rf"\b(?:{alternation(latin)})\b|{alternation(han)}"),
        self_words=re.compile(rf"(?i:{alternation(d['self_words'], ignore_case=True)})\s*$"),
    )


def acting_platform(text: str, position: int, mentions: list[tuple[int, Found]], last_platform: str) -> str:
    """The platform that says, before `position` in this sentence, what it did: its slug, or
    "" when the speaker is an agency, nobody known, or an agency is named after it."""
    c = cues()
    spoken = list(c.speech.finditer(text, max(0, position - 400), position))
    if not spoken:
        return ""
    verb = spoken[-1]
    offsets = [offset for offset, _ in mentions]
    after = bisect_left(offsets, verb.end())
    if any(m.kind == "agency" for _, m in mentions[after : bisect_left(offsets, position)]):
        return ""  # "Weibo said the CAC had fined it …": the agency acted
    if c.self_words.search(text, max(0, verb.start() - 20), verb.start()):
        return last_platform
    before = bisect_left(offsets, verb.start())
    if not before:
        return ""
    offset, speaker = mentions[before - 1]
    if verb.start() - (offset + len(speaker.surface)) > SUBJECT_GAP:
        return ""
    return speaker.slug if speaker.kind == "platform" else ""
