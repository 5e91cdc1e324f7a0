"""Names the gazetteer's forms miss: local offices named loosely ("Shenzhen's cyberspace
authorities", "the cyberspace offices of Zhejiang and Jiangsu": one office each, 全省网信部门:
the province the article is about), and a known platform's name misspelt by one letter where the
sentence speaks of platforms ("Kuaishuo, Douyin's main rival")."""

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache

from archive import data
from archive.extract.patterns import alternation

MISSPELT_MIN = 6  # letters: shorter names are too close to ordinary words to allow a typo
CAPITALISED = re.compile(r"(?<![\w@./-])[A-Z][a-z]{5,}(?![\w@-]|\.[A-Za-z])")


# Words before an office's name that mean "this province's" or "this city's": the office of the
# place the article names at that level ("全省网信部门", "the provincial police").
LEVEL_WORDS = {
    "省": ("province",),
    "区": ("region",),
    "區": ("region",),
    "市": ("city", "municipality"),
    "provincial": ("province", "region"),
    "province's": ("province", "region"),
    "municipal": ("city", "municipality"),
    "city": ("city", "municipality"),
    "city's": ("city", "municipality"),
}


@dataclass(frozen=True)
class LooseOffices:
    after: re.Pattern  # "cyberspace offices of A, B and C", "internet regulators in A"
    before: re.Pattern  # "Shenzhen's cyberspace authorities", "the Zhejiang and Jiangsu cyberspace offices"
    chinese: re.Pattern  # "广州、深圳两市网信办"
    level: re.Pattern  # "全省网信部门", "the provincial police"
    place: re.Pattern  # one place's name inside a match (English or Chinese)
    key_of: dict[str, str]  # loose words, lowercased → office key ("cac")
    plural: frozenset[str]  # the loose words that name offices of several places
    office_of: dict[tuple[str, str], str]  # (office key, place name lowercased) → office slug
    place_of: dict[str, tuple[str, str]]  # office slug → (place slug, level)


@cache
def loose_offices() -> LooseOffices:
    places = data.load("places")
    key_of, office_of, place_of, plural = {}, {}, {}, set()
    for template in places["office"]:
        for words in [
            *template.get("loose", ()),
            *template.get("loose_plural", ()),
            *template.get("loose_zh", ()),
        ]:
            key_of[words.lower()] = template["key"]
        plural.update(w.lower() for w in template.get("loose_plural", ()))
        for place in places["place"]:
            if place["level"] in template["levels"]:
                slug = template["slug"].format(place=place["slug"])
                place_of[slug] = (place["slug"], place["level"])
                for name in [*place["names"], *place["zh"], *place["short_zh"], place["slug"]]:
                    office_of[template["key"], name.lower()] = slug
    english = [w for w in key_of if w.isascii()]
    chinese = [w for w in key_of if not w.isascii()]
    words = alternation(english, flexible=True, ignore_case=True)
    named = [n for p in places["place"] for n in p["names"]]
    one = rf"(?:{alternation(named, ignore_case=True)})\b"
    several = rf"{one}(?:\s*,\s*{one})*(?:,?\s+(?:and|&)\s+{one})?"
    zh = alternation([n for p in places["place"] for n in (*p["zh"], *p["short_zh"])])
    return LooseOffices(
        after=re.compile(rf"\b(?P<words>{words})\s+(?:of|in)\s+(?P<places>{several})", re.I),
        before=re.compile(
            rf"\b(?P<places>{several})(?:['’]s)?\s+(?:(?:city|municipal|provincial|local)\s+)?"
            rf"(?P<words>{words})\b",
            re.I,
        ),
        chinese=re.compile(
            rf"(?P<places>(?:{zh})(?:[、和与與及](?:{zh}))*)(?:[两兩二三四五六七八九]+[省市地区區])?"
            rf"(?P<words>{alternation(chinese)})"
        ),
        level=re.compile(
            rf"(?:[全本该該]?(?P<zh>[省市区區])(?P<zh_words>{alternation(chinese)}))"
            rf"|\bthe\s+(?P<en>provincial|province['’]s|municipal|city['’]s|city)\s+(?P<en_words>{words})\b",
            re.I,
        ),
        place=re.compile(rf"\b{one}|{zh}", re.I),
        key_of=key_of,
        plural=frozenset(plural),
        office_of=office_of,
        place_of=place_of,
    )


def coordinated_offices(text: str) -> list[tuple[str, int, int, str, tuple[int, int]]]:
    """(slug, start, end, surface, span of the phrase) of each office a loose phrase names
    after or before the names of places, at each place's name."""
    o = loose_offices()
    found = []
    for pattern in (o.after, o.before, o.chinese):
        for match in pattern.finditer(text):
            words = " ".join(match.group("words").lower().replace("’", "'").split())
            named = list(o.place.finditer(match.group("places")))
            if words in o.plural and len(named) < 2:
                continue
            key = o.key_of.get(words)
            for place in named:
                slug = o.office_of.get((key, place.group().lower()))
                if slug:
                    start = match.start("places") + place.start()
                    found.append((slug, start, start + len(place.group()), place.group(), match.span()))
    return found


def level_offices(
    text: str, named: list[tuple[int, str]]
) -> list[tuple[str, int, int, str, tuple[int, int]]]:
    """(slug, start, end, surface, span) of offices named by level ("全省网信部门", "the provincial
    police"): that office of the place whose office the article names at that level, the
    nearest before (else the first after). `named`: (start, agency slug) in text order."""
    o = loose_offices()
    found = []
    for match in o.level.finditer(text):
        if match.group("zh"):
            level, words = match.group("zh"), match.group("zh_words")
        else:
            level, words = match.group("en").lower().replace("’", "'"), match.group("en_words")
        places = [
            (at, o.place_of[slug][0])
            for at, slug in named
            if slug in o.place_of and o.place_of[slug][1] in LEVEL_WORDS[level]
        ]
        if not places:
            continue
        before = [place for at, place in places if at < match.start()]
        place = before[-1] if before else places[0][1]
        slug = o.office_of.get((o.key_of.get(" ".join(words.lower().split()), ""), place))
        if slug:
            found.append((slug, match.start(), match.end(), match.group(), match.span()))
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
