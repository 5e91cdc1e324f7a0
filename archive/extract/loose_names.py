"""Names the gazetteer's forms miss: several local offices named in one phrase ("the cyberspace
offices of Zhejiang and Jiangsu"), a known platform named by its site's address ("huya.com"),
and a known platform's name misspelt by one letter where the sentence speaks of platforms
("Kuaishuo, Douyin's main rival", "the Tencent Vidoe app")."""

import re
from collections import defaultdict
from collections.abc import Container
from dataclasses import dataclass
from functools import cache

from archive import data
from archive.extract.patterns import alternation

MISSPELT_MIN = 6  # letters: shorter names are too close to ordinary words to allow a typo
CAPITALISED = re.compile(r"(?<![\w@./-])[A-Z][a-z]{5,}(?![\w@-]|\.[A-Za-z])")
# A phrase of several words that may misspell a name of as many words ("Baidu Teiba"): each of
# its words capitalised, as names are written ("Baidu and" is no "Baidu Pan"), one space apart.
PHRASE_START = re.compile(r"(?<![\w@./-])[A-Z][A-Za-z]*")
NEXT_WORD = re.compile(r" [A-Z][A-Za-z]*")
WORD_REACH = 40  # characters a word of a name may take: a match is never handed the rest of the text


@dataclass(frozen=True)
class Plurals:
    pattern: re.Pattern  # "cyberspace offices of A, B and C"
    place: re.Pattern  # one place's name inside the match
    office_of: dict[tuple[str, str], str]  # (plural words lowercased, place name lowercased) → slug


@cache
def plurals() -> Plurals:
    places = data.load("places")
    office_of = {}
    for template in places["office"]:
        for words in template.get("plurals", ()):
            for place in places["place"]:
                if place["level"] in template["levels"]:
                    for name in place["names"]:
                        office_of[words.lower(), name.lower()] = template["slug"].format(place=place["slug"])
    words = alternation({w for w, _ in office_of}, flexible=True, ignore_case=True)
    place = alternation({n for _, n in office_of}, ignore_case=True)
    one = rf"(?:{place})\b"
    return Plurals(
        pattern=re.compile(
            rf"\b(?P<words>{words})\s+(?:of|in)\s+(?P<places>{one}(?:\s*,\s*{one})*,?\s+(?:and|&)\s+{one})",
            re.I,
        ),
        place=re.compile(rf"\b{one}", re.I),
        office_of=office_of,
    )


def coordinated_offices(text: str) -> list[tuple[str, int, int, str]]:
    """(slug, start, end, surface) of each office a plural phrase names, at its place's name."""
    p = plurals()
    found = []
    for match in p.pattern.finditer(text):
        words = " ".join(match.group("words").lower().split())
        for place in p.place.finditer(match.group("places")):
            slug = p.office_of.get((words, place.group().lower()))
            if slug:
                start = match.start("places") + place.start()
                found.append((slug, start, start + len(place.group()), place.group()))
    return found


@cache
def site_address() -> re.Pattern:
    """A site named by its address ("9kan.tv", "www.huya.com"), never inside an e-mail address or
    a longer URL; groups: the address without "www." (name), its label and its top-level domain."""
    domains = alternation(data.load("discovery")["domains"])
    return re.compile(
        rf"(?<![\w@./-])(?:www\.)?(?P<name>(?P<label>[a-z0-9][a-z0-9-]{{1,30}})\.(?P<domain>{domains}))"
        r"(?![\w-]|\.\w)",
        re.I,
    )


def site_names(address: re.Match) -> tuple[str, ...]:
    """The names a site's address may stand for: "huya.com" for Huya, "zhanqi.tv" for Zhanqi TV."""
    return (address["label"], f"{address['label']} {address['domain']}")


@dataclass(frozen=True)
class Typos:
    by_deletion: dict[str, tuple[str, ...]]  # a name less one letter (or whole) → platform slugs
    cues: re.Pattern  # words that show a sentence speaks of platforms
    # first words of names of several words, less one letter or whole: only a phrase starting
    # with one of these is looked up, which spares looking up the phrase at every capital letter
    first_words: frozenset[str]
    most_words: int  # of the longest such name


def typos(names: tuple[tuple[str, str], ...]) -> Typos:
    """From (name, slug) pairs of platform names: those of letters and single spaces only."""
    index, first_words, most_words = defaultdict(set), set(), 1
    for name, slug in names:
        words = name.lower().split()
        if sum(map(len, words)) >= MISSPELT_MIN and all(word.isalpha() for word in words):
            for variant in _deletions(" ".join(words)):
                index[variant].add(slug)
            if len(words) > 1:
                first_words |= _deletions(words[0])
                most_words = max(most_words, len(words))
    cues = data.load("discovery")["platform_cues"]
    return Typos(
        by_deletion={k: tuple(sorted(v)) for k, v in index.items()},
        cues=re.compile(rf"\b(?:{alternation(cues, flexible=True, ignore_case=True)})\b", re.I),
        first_words=frozenset(first_words),
        most_words=most_words,
    )


def _deletions(name: str) -> set[str]:
    """The name, and the name less each of its letters (never a space: words stay words)."""
    return {name} | {name[:i] + name[i + 1 :] for i in range(len(name)) if name[i] != " "}


def phrases(text: str, start: int, end: int, t: Typos):
    """(start, end) of each phrase of two or more words, longest first at each capital letter,
    that might misspell a platform's name of as many words."""
    for first in PHRASE_START.finditer(text, start, end):
        if not (_deletions(first.group().lower()) & t.first_words):
            continue
        spans, position = [], first.end()
        for _ in range(t.most_words - 1):
            word = NEXT_WORD.match(text, position, min(end, position + WORD_REACH))
            if not word:
                break
            position = word.end()
            spans.append((first.start(), position))
        yield from reversed(spans)


def misspelt(word: str, t: Typos, exact: Container[str]) -> str:
    """The one platform a capitalised word (or a phrase of words) misspells by one letter
    (swapped, missing, extra or wrong), or ""; what is some name exactly is never a misspelling."""
    lower = " ".join(word.lower().split())
    if lower in exact:
        return ""
    slugs = {slug for variant in _deletions(lower) for slug in t.by_deletion.get(variant, ())}
    return next(iter(slugs)) if len(slugs) == 1 else ""
