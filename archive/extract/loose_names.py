"""Names the gazetteer's forms miss: local offices named loosely ("Shenzhen's cyberspace
authorities", "the cyberspace offices of Zhejiang and Jiangsu": one office each, 全省网信部门:
the province the article is about), a known platform named by its site's address ("huya.com"),
and a known platform's name misspelt by one letter where the sentence speaks of platforms
("Kuaishuo, Douyin's main rival", "the Tencent Vidoe app")."""

import re
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Container
from dataclasses import dataclass
from functools import cache

from archive import data
from archive.data.places import local_offices
from archive.extract.patterns import alternation
from archive.text import SIGNED_ON

MISSPELT_MIN = 6  # letters: shorter names are too close to ordinary words to allow a typo
CAPITALISED = re.compile(r"(?<![\w@./-])[A-Z][a-z]{5,}(?![\w@-]|\.[A-Za-z])")
# A phrase of several words that may misspell a name of as many words ("Baidu Teiba"): each of
# its words capitalised, as names are written ("Baidu and" is no "Baidu Pan"), one space apart.
PHRASE_START = re.compile(r"(?<![\w@./-])[A-Z][A-Za-z]*")
NEXT_WORD = re.compile(r" [A-Z][A-Za-z]*")
WORD_REACH = 40  # characters a word of a name may take: a match is never handed the rest of the text


# How far before its office words a phrase of places may start: every pattern below is tried only
# around those words, so that a page costs one scan for them however many places there are.
BEFORE_REACH = 160
AFTER_REACH = 320


@dataclass(frozen=True)
class LooseOffices:
    words: re.Pattern  # the office words, where every phrase below ends or starts
    after: re.Pattern  # "cyberspace offices of A, B and C", "internet regulators in A"
    before: re.Pattern  # "Shenzhen's cyberspace authorities", "the Zhejiang and Jiangsu cyberspace offices"
    chinese: re.Pattern  # "广州、深圳两市网信办"
    level: re.Pattern  # "the provincial police" (Chinese levels are one character: 省网信办)
    place: re.Pattern  # one place's name inside a match (English or Chinese)
    levels_of: dict[str, tuple[str, ...]]  # a level word ("省", "provincial") → the levels it may mean
    level_prefix_zh: frozenset[str]  # 全, 本: the level word of the article's own place (全省)
    key_of: dict[str, str]  # loose words, lowercased → office key ("cac")
    plural: frozenset[str]  # the loose words that name offices of several places
    office_of: dict[tuple[str, str], str]  # (office key, place name lowercased) → office slug
    place_of: dict[str, tuple[str, str]]  # office slug → (place slug, level)
    place_named: dict[str, tuple[str, str]]  # a place's name, lowercased → (its slug, its province's)


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
    for office in local_offices():
        if "county" in office:  # named by level only: 县公安局, 区市场监管局
            county = office["county"]
            place_of[office["slug"]] = (county["slug"], county["level"])
            office_of[county["key"], county["slug"]] = office["slug"]
    place_named = {
        name.lower(): (place["slug"], place.get("province", ""))
        for place in places["place"]
        for name in [*place["names"], *place["zh"], *place["short_zh"]]
    }
    english = alternation([w for w in key_of if w.isascii()], flexible=True, ignore_case=True)
    chinese = alternation([w for w in key_of if not w.isascii()])
    named = [n for p in places["place"] for n in p["names"]]
    one = rf"(?:{alternation(named, ignore_case=True)})\b"
    several = rf"{one}(?:\s*,\s*{one})*(?:,?\s+(?:and|&)\s+{one})?"
    zh = alternation([n for p in places["place"] for n in (*p["zh"], *p["short_zh"])])
    levels_of = {word: tuple(levels) for word, levels in places["level_words"].items()}
    level_words = alternation([w for w in levels_of if w.isascii()], flexible=True, ignore_case=True)
    return LooseOffices(
        words=re.compile(rf"\b(?:{english})\b|{chinese}", re.I),
        after=re.compile(rf"(?P<words>{english})\s+(?:of|in)\s+(?P<places>{several})", re.I),
        before=re.compile(
            rf"\b(?P<places>{several})(?:['’]s)?\s+(?:(?:city|municipal|provincial|local)\s+)?"
            rf"(?P<words>{english})$",
            re.I,
        ),
        chinese=re.compile(
            rf"(?P<places>(?:{zh})(?:[、和与與及](?:{zh}))*)(?:[两兩二三四五六七八九]+[省市地区區])?"
            rf"(?P<words>{chinese})$"
        ),
        level=re.compile(
            rf"\bthe\s+(?P<level>{level_words})\s+(?P<words>{english})$",
            re.I,
        ),
        place=re.compile(rf"\b{one}|{zh}", re.I),
        levels_of=levels_of,
        level_prefix_zh=frozenset(places["level_prefix_zh"]),
        key_of=key_of,
        plural=frozenset(plural),
        office_of=office_of,
        place_of=place_of,
        place_named=place_named,
    )


def _normal(words: str) -> str:
    return " ".join(words.lower().replace("’", "'").split())


def coordinated_offices(text: str) -> list[tuple[str, int, int, str, tuple[int, int]]]:
    """(slug, start, end, surface, span of the phrase) of each office a loose phrase names
    after or before the names of places, at each place's name."""
    o = loose_offices()
    found = []
    for hit in o.words.finditer(text):
        start, end = hit.span()
        if hit.group().isascii():
            matches = [
                o.after.match(text, start, end + AFTER_REACH),
                o.before.search(text, max(0, start - BEFORE_REACH), end),
            ]
        else:
            matches = [o.chinese.search(text, max(0, start - BEFORE_REACH), end)]
        for match in filter(None, matches):
            words = _normal(match.group("words"))
            named = list(o.place.finditer(match.group("places")))
            if words in o.plural and len(named) < 2:
                continue
            province_before = ""
            for place in named:
                own, province = o.place_named.get(place.group().lower(), ("", ""))
                if own and own == province_before:
                    continue  # "police in Pingliang, Gansu": the city's own province says where it is
                province_before = province
                slug = o.office_of.get((o.key_of.get(words), place.group().lower()))
                if slug:
                    at = match.start("places") + place.start()
                    found.append((slug, at, at + len(place.group()), place.group(), match.span()))
    return found


def level_offices(
    text: str, named: list[tuple[int, str]]
) -> list[tuple[str, int, int, str, tuple[int, int]]]:
    """(slug, start, end, surface, span) of offices named by level ("全省网信部门", "the provincial
    police"): that office of the place whose office the article names at that level, the
    nearest before (else the first after). `named`: (start, agency slug) in text order."""
    o = loose_offices()
    found = []
    by_levels: dict[tuple[str, ...], tuple[list[int], list[str]]] = {}
    signed_from = _signature_start(text)
    signers = [o.place_of[s] for at, s in named if at >= signed_from and s in o.place_of]  # (place, level)
    provinces = _provinces_of(named)
    for hit in o.words.finditer(text):
        start, end = hit.span()
        if hit.group().isascii():
            match = o.level.search(text, max(0, start - BEFORE_REACH), end)
            if not match:
                continue
            level, words, start = _normal(match.group("level")), match.group("words"), match.start()
        else:
            if start == 0 or text[start - 1] not in o.levels_of:
                continue
            level, words, start = text[start - 1], hit.group(), start - 1
            start -= start > 0 and text[start - 1] in o.level_prefix_zh
        levels = o.levels_of[level]
        if levels not in by_levels:
            fitting = [
                (at, o.place_of[s][0]) for at, s in named if s in o.place_of and o.place_of[s][1] in levels
            ]
            by_levels[levels] = ([at for at, _ in fitting], [place for _, place in fitting])
        key = o.key_of.get(_normal(words), "")
        starts, places = by_levels[levels]
        slug = _place_just_before(text, start, key, levels)  # "In Guangdong, the provincial police"
        # a notice signed by an office: its 市公安局 is its own city's, whatever it named before
        signer = next((place for place, level in signers if level in levels), None)
        if not slug and signer:
            slug = o.office_of.get((key, signer))
        if not slug and places:
            before = bisect_left(starts, start)
            slug = o.office_of.get((key, places[before - 1] if before else places[0]))
        if not slug and "province" in levels:  # 省公安厅 in a city's report: its province's
            slug = next(filter(None, (o.office_of.get((key, p)) for p in provinces)), None)
        if slug:
            found.append((slug, start, end, text[start:end], (start, end)))
    return found


def _provinces_of(named: list[tuple[int, str]]) -> list[str]:
    """The provinces of the cities whose offices the article names, in text order."""
    o, province_of = loose_offices(), _province_of()
    return [province_of[o.place_of[s][0]] for _, s in named if province_of.get(o.place_of.get(s, ("",))[0])]


@cache
def _province_of() -> dict[str, str]:
    """A place's slug → its province's ("" for a province)."""
    return dict(loose_offices().place_named.values())


def _signature_start(text: str) -> int:
    """Where the lines signing the text off begin (the issuing body over the date, closing an
    official notice), or the text's length when it ends otherwise."""
    paragraphs = text.rstrip().rsplit("\n\n", 2)
    if len(paragraphs) == 3 and SIGNED_ON.fullmatch(paragraphs[-1].strip()):
        return len(text.rstrip()) - len(paragraphs[-1]) - len(paragraphs[-2]) - 2
    return len(text)


SENTENCE_REACH = 80  # characters before a level word its sentence may name the place in


def _place_just_before(text: str, start: int, key: str, levels: tuple[str, ...]) -> str:
    """The office of that key of the place of those levels named last before `start` in its
    sentence ("In Guangdong, the provincial cyber police …"), or ""."""
    o = loose_offices()
    window = text[max(0, start - SENTENCE_REACH) : start]
    window = re.split(r"[.!?。！？]\s*", window)[-1]
    for match in reversed(list(o.place.finditer(window))):
        slug = o.office_of.get((key, match.group().lower()))
        if slug and o.place_of[slug][1] in levels:
            return slug
    return ""


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
    """The name, and the name less each of its letters but the first (never a space: words
    stay words). A misspelling keeps the first letter: with it dropped, a brand's prefix would
    make an ordinary word a typo ("Reader" of "iReader")."""
    return {name} | {name[:i] + name[i + 1 :] for i in range(1, len(name)) if name[i] != " "}


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
    (swapped, missing, extra or wrong; never the first), or ""; what is some name exactly is
    never a misspelling."""
    lower = " ".join(word.lower().split())
    if lower in exact:
        return ""
    slugs = {slug for variant in _deletions(lower) for slug in t.by_deletion.get(variant, ())}
    return next(iter(slugs)) if len(slugs) == 1 else ""
