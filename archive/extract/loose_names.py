"""Names the gazetteer's forms miss: several local offices named in one phrase ("the cyberspace
offices of Zhejiang and Jiangsu"), and a known platform's name misspelt by one letter where the
sentence speaks of platforms ("Kuaishuo, Douyin's main rival")."""

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache

from archive import data
from archive.extract.patterns import alternation

MISSPELT_MIN = 6  # letters: shorter names are too close to ordinary words to allow a typo
CAPITALISED = re.compile(r"(?<![\w@./-])[A-Z][a-z]{5,}(?![\w@-]|\.[A-Za-z])")


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


@dataclass(frozen=True)
class Typos:
    by_deletion: dict[str, tuple[str, ...]]  # a name less one letter (or whole) → platform slugs
    cues: re.Pattern  # words that show a sentence speaks of platforms


def typos(names: tuple[tuple[str, str], ...]) -> Typos:
    """From (name, slug) pairs of one-word platform names."""
    index = defaultdict(set)
    for name, slug in names:
        if len(name) >= MISSPELT_MIN and name.isalpha():
            for variant in _deletions(name.lower()):
                index[variant].add(slug)
    cues = data.load("discovery")["platform_cues"]
    return Typos(
        by_deletion={k: tuple(sorted(v)) for k, v in index.items()},
        cues=re.compile(rf"\b(?:{alternation(cues, flexible=True, ignore_case=True)})\b", re.I),
    )


def _deletions(word: str) -> set[str]:
    return {word} | {word[:i] + word[i + 1 :] for i in range(len(word))}


def misspelt(word: str, t: Typos, exact: set[str]) -> str:
    """The one platform a capitalised word misspells by one letter (swapped, missing, extra or
    wrong), or ""; a word that is some name exactly is never a misspelling."""
    lower = word.lower()
    if lower in exact:
        return ""
    slugs = {slug for variant in _deletions(lower) for slug in t.by_deletion.get(variant, ())}
    return next(iter(slugs)) if len(slugs) == 1 else ""
