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
    not_own: re.Pattern
    subject_reach: int
    self_opening: re.Pattern  # a sentence opening with "the platform", 平台


@cache
def cues() -> Cues:
    d = data.load("figures")["self_action"]
    latin = [w for w in d["speech"] if not HAN_CHAR.search(w)]
    han = [w for w in d["speech"] if HAN_CHAR.search(w)]
    return Cues(
        speech=re.compile(rf"\b(?:{alternation(latin)})\b|{alternation(han)}"),
        self_words=re.compile(rf"(?i:{alternation(d['self_words'], ignore_case=True)})\s*$"),
        not_own=re.compile(
            rf"\b(?:{alternation([w for w in d['not_own'] if w.isascii()], ignore_case=True)})\b"
            rf"|{alternation([w for w in d['not_own'] if not w.isascii()])}",
            re.I,
        ),
        subject_reach=d["subject_reach"],
        self_opening=re.compile(
            rf"[^，。,.]{{0,{d['subject_reach']}}}?[，,]?\s*"
            rf"(?i:{alternation(d['self_words'], ignore_case=True)})"
        ),
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
    if after < len(mentions) and (reported := _reported_subject(text, verb.end(), mentions[after])):
        return reported
    before = bisect_left(offsets, verb.start())
    if not before:
        return ""
    offset, speaker = mentions[before - 1]
    if verb.start() - (offset + len(speaker.surface)) > SUBJECT_GAP:
        return ""
    if before > 1 and APPOSITIVE_END.match(text, offset + len(speaker.surface)):
        # "Kuaishou, backed by Tencent, said": the speaker is the name the aside follows
        first_offset, first = mentions[before - 2]
        if text.startswith(",", first_offset + len(first.surface)):
            speaker = first
    return speaker.slug if speaker.kind == "platform" else ""


def subject_platform(text: str, position: int, mentions: list[tuple[int, Found]], last_platform: str) -> str:
    """The platform a sentence opens with, by name or as "the platform" (平台), when it names
    no agency before the number and nothing between says the platform was acted on ("Apple
    removed 674 VPN apps", "今年以来，平台累计下架…"); in Chinese, also the platform a clause
    opens with ("网信办督促…自查，其中，快手平台自查清理…4700余条")."""
    found = _opening_platform(text, 0, position, mentions, last_platform)
    if not found and HAN_CHAR.match(text, max(0, position - 1)):
        start = max(text.rfind(mark, 0, position) for mark in CLAUSE_MARKS) + 1
        if start > 0:
            found = _opening_platform(text, start, position, mentions, last_platform, reach=0)
    return found


CLAUSE_MARKS = "，；："


def _opening_platform(
    text: str, start: int, position: int, mentions: list[tuple[int, Found]], last_platform: str, reach=None
) -> str:
    """The platform `text[start:]` opens with (within `reach` characters, else the sentence's
    subject_reach), if it acts itself on what is counted at `position`."""
    c = cues()
    reach = c.subject_reach if reach is None else reach
    mentions = [(at - start, m) for at, m in mentions if at >= start]
    text, position = text[start:], position - start
    if any(m.kind == "agency" for at, m in mentions if at < position):
        return ""
    if mentions and mentions[0][0] <= reach and mentions[0][0] < position:
        offset, first = mentions[0]
        slug, end = (first.slug if first.kind == "platform" else ""), offset + len(first.surface)
    elif reach and (opening := c.self_opening.match(text)) and opening.end() < position:  # not a clause
        slug, end = last_platform, opening.end()
    else:
        return ""
    between = text[end:position]
    return "" if c.not_own.search(between) or c.speech.search(between) else slug


APPOSITIVE_END = re.compile(r",\s*$|,\s+")
REPORTED = re.compile(r"\s*(?:that\s+)?$")
# "had been told" is not the platform's doing
REPORTED_VERB = re.compile(r"(?:['’]s)?\s+(?:had|has|have|would)\b(?!\s+been)")


def _reported_subject(text: str, verb_end: int, mention: tuple[int, Found]) -> str:
    """A platform that is the subject of what someone said ("an official said Huoshan had
    closed …"): its slug, else ""."""
    offset, found = mention
    if found.kind != "platform" or not REPORTED.match(text[verb_end:offset]):
        return ""
    return found.slug if REPORTED_VERB.match(text, offset + len(found.surface)) else ""
