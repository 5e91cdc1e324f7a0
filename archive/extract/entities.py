"""Find the agencies and platforms a text names, from the gazetteer in archive/data."""

import re
from bisect import bisect_left, insort
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from datetime import date
from functools import cache

from archive import data
from archive.data.places import local_offices
from archive.extract.loose_names import (
    CAPITALISED,
    Typos,
    coordinated_offices,
    level_offices,
    loose_offices,
    misspelt,
    phrases,
    site_address,
    site_names,
    typos,
)
from archive.extract.patterns import alternation
from archive.extract.spans import Spans
from archive.text import HAN_CHAR

# entity kind → data file
KINDS = {"agency": "agencies", "platform": "platforms", "campaign": "campaigns", "law": "laws"}
# Where an English name or acronym can stand: a run of ASCII, spaces, dashes and apostrophes
# (and the letters that ignoring case folds onto ASCII ones). Scanning only these spares the
# name patterns the Chinese text between them.
LATIN_RUN = re.compile(r"[\x20-\x7e\s‐–’\u0130\u0131\u017f\u212a]+")
# A Latin name has a letter, but for a few numbers ("12306"), looked for apart: the name
# patterns then run only where a letter is (a Chinese page has a run at every number).
LETTER = re.compile(r"[A-Za-z\u0130\u0131\u017f\u212a]")
# An acronym (or one-word name) never stands inside an address, a host name or a word:
ACRONYM_BEFORE = "A-Za-z0-9_@./"  # no such character just before it
ACRONYM_AFTER = r"(?![A-Za-z0-9_@]|\.[A-Za-z])"  # nor such a one just after it
AFTER_WORD = re.compile(f"[{ACRONYM_BEFORE}]")
# Where a Chinese name can stand: a run of characters outside ASCII. A Chinese name that
# starts in ASCII ("QQ群", "e租宝") is looked for only at the edges of such runs, so that
# English text, full of the letters those names start with, is not scanned for them.
NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")
ASCII_EDGES = re.compile(r"^([\x00-\x7f]*).*?([\x00-\x7f]*)$", re.S)


@dataclass(frozen=True)
class Found:
    kind: str  # "agency" or "platform"
    slug: str
    start: int
    end: int
    surface: str


@dataclass(frozen=True)
class Gazetteer:
    names: re.Pattern  # English names, aliases, former names: case-insensitive
    acronyms: re.Pattern  # and one-word names: by case, never inside an address or host name
    numbers: re.Pattern | None  # names without a letter ("12306"): of the whole text
    chinese: re.Pattern  # Chinese names that start outside ASCII
    mixed: re.Pattern  # and those that start in ASCII ("QQ群")
    mixed_reach: tuple[int, int]  # how far their ASCII ends reach out of a non-ASCII run
    forms: dict[str, tuple[tuple[str, str], ...]]  # normalised surface → ((kind, slug), ...)
    false_friends: dict[tuple[str, str], tuple[str, ...]]  # (kind, slug) → its not_within words
    all_names: dict[tuple[str, str], str]  # (kind, slug) → every name of it, lowercased, one string
    typos: Typos  # platform names less a letter, to find them misspelt
    counties: "LookedUp"  # the counties' offices, too many for the patterns above
    counties_of: dict[tuple[str, str], dict]  # (kind, slug) of a county's office → the county


@dataclass(frozen=True)
class LookedUp:
    """Names found by looking up the text before their last words ("…公安分局", "… Branch"):
    some 9,000 county offices with ten names each would take the patterns a minute to compile."""

    forms: frozenset[str]  # normalised names
    chinese_ends: re.Pattern  # the last two characters of a Chinese name, anywhere
    chinese_lengths: dict[str, tuple[int, ...]]  # those two characters → lengths of names, longest first
    english_ends: re.Pattern  # the last word of an English name
    english_reach: int  # characters the longest English name spans


@dataclass(frozen=True)
class Spot:
    """A name found by lookup, where the matcher keeps regular expressions' matches."""

    string: str
    at: int
    to: int

    def start(self) -> int:
        return self.at

    def end(self) -> int:
        return self.to

    def span(self) -> tuple[int, int]:
        return self.at, self.to

    def group(self) -> str:
        return self.string[self.at : self.to]


SPACING = re.compile(r"[\s\-‐–]+")


def normalise_name(surface: str) -> str:
    """The form two spellings of one name share: case, spaces and hyphens folded."""
    return SPACING.sub(" ", surface.replace("’", "'")).strip().casefold()


def _case_variants(word: str) -> set[str]:
    return {word, word.upper(), word[0].upper() + word[1:].lower()}


NAME_LISTS = ("aliases", "acronyms", "names_zh")
# What curators added in the admin: whole entities, and names of entities of the data files
# (the pipeline hands them over from the database at the start of each run: use_curated()).
_curated: dict[str, tuple[dict, ...]] = dict.fromkeys(KINDS, ())


def entities(kind: str) -> list[dict]:
    """The entries of one kind: the data file's, and for agencies the offices places.toml makes;
    campaigns and laws with their names where agencies and platforms keep theirs."""
    listed = data.load(KINDS[kind])[kind]
    if kind == "agency":
        return [*listed, *local_offices()]
    if kind == "campaign":
        return [_campaign(row) for row in listed]
    if kind == "law":
        return [_law(row) for row in listed]
    return listed


STEM_BEFORE = ("“", "「", "『", '"')
STEM_AFTER = ("·", "‧", "20", "19", "行动", "行動", "专项", "專項", "系列", "”", "」", "』")


def _campaign(row: dict) -> dict:
    """A campaign's names as an entity's: its pinyin are aliases; its stems make the forms
    editions and sub-campaigns use (“清朗·…”, 剑网2019), but never the stem alone."""
    stems = row.get("stems_zh", [])
    forms = [f"{stem}{after}" for stem in stems for after in STEM_AFTER]
    forms += [f"{before}{stem}" for stem in stems for before in STEM_BEFORE]
    return {
        "acronyms": [],
        "former": [],
        **row,
        "aliases": [*row["aliases"], *row["pinyin"]],
        "stem_forms": forms,
    }


def _law(row: dict) -> dict:
    """A law's names as an entity's: short names in capitals are acronyms ("PIPL"), the rest
    aliases; its Chinese titles, short names and 《》 forms all Chinese names."""
    short = row.get("short", [])
    acronyms = [name for name in short if name.isupper() and " " not in name]
    chinese = [*row.get("names_zh", []), *row.get("short_zh", []), *row.get("quoted_zh", [])]
    return {
        **row,
        "acronyms": acronyms,
        "aliases": [name for name in short if name not in acronyms],
        "names_zh": list(dict.fromkeys(chinese)),
        "former": row.get("former", []),
    }


def known_entities(kind: str) -> list[dict]:
    """The entries matched in texts: the data files' with what curators added and removed."""
    by_slug = {entry["slug"]: entry for entry in entities(kind)}
    for change in _curated[kind]:
        base = by_slug.get(change["slug"])
        if base is None:
            by_slug[change["slug"]] = {"former": [], **{key: [] for key in NAME_LISTS}, **change}
            continue
        merged = dict(base)
        for key in NAME_LISTS:
            kept = [name for name in base.get(key, []) if name not in change.get("dropped", ())]
            merged[key] = kept + [name for name in change.get(key, []) if name not in kept]
        by_slug[change["slug"]] = merged
    return list(by_slug.values())


def use_curated(changes: dict[str, list[dict]]) -> None:
    """Match what curators changed: per kind, entries with a slug and the names added
    (`aliases`, `acronyms`, `names_zh`) and removed (`dropped`); a new slug is a new entity."""
    frozen = {kind: tuple(changes.get(kind, ())) for kind in KINDS}
    if frozen != _curated:
        _curated.update(frozen)
        gazetteer.cache_clear()


@cache
def gazetteer() -> Gazetteer:
    forms: dict[str, list[tuple[str, str]]] = defaultdict(list)
    names, acronyms, chinese = [], [], []
    all_names, counties_of, looked_up = {}, {}, []
    for kind in KINDS:
        for entity in known_entities(kind):
            ref = (kind, entity["slug"])
            if "county" in entity:  # a county's office
                counties_of[ref] = entity["county"]
                own = [entity["name"], *entity["aliases"], *entity["names_zh"]]
                all_names[ref] = " ".join(own).lower()
                for form in map(normalise_name, own):
                    looked_up.append(form)
                    if ref not in forms[form]:
                        forms[form].append(ref)
                continue
            english = [entity["name"], *entity["aliases"], *(f["name"] for f in entity["former"])]
            english += _turned_round(english)
            if kind == "agency":
                english += _said_of_china(english)
            english += _spelt_otherwise(english)
            all_names[ref] = " ".join([*english, *entity["names_zh"]]).lower()
            # One-word names ("Soul", "Didi") are matched by case, like acronyms, so that
            # ordinary words do not count as mentions.
            single = {s for s in english if " " not in s}
            words = [*entity["acronyms"], *(v for s in single for v in _case_variants(s))]
            for surface, bucket in (
                *((s, names) for s in english if s not in single),
                *((s, acronyms) for s in words),
                *((s, chinese) for s in _regional([*entity["names_zh"], *entity.get("stem_forms", [])])),
            ):
                bucket.append(surface)
                if ref not in forms[normalise_name(surface)]:
                    forms[normalise_name(surface)].append(ref)
    mixed = [s for s in chinese if s[0].isascii()]
    platform_words = tuple(
        (name, entity["slug"])
        for entity in known_entities("platform")
        for name in [entity["name"], *entity["aliases"]]
    )
    false_friends = {
        (kind, entity["slug"]): tuple(entity["not_within"])
        for kind in KINDS
        for entity in known_entities(kind)
        if entity.get("not_within")
    }
    return Gazetteer(
        names=re.compile(
            rf"(?<![A-Za-z0-9_])(?:{alternation(names, flexible=True, ignore_case=True)})(?![A-Za-z0-9_])",
            re.I,
        ),
        # Latin neighbours only: "QQ群" (Chinese right beside it) is a mention, "tips@qq.com" is not.
        acronyms=_acronyms([s for s in acronyms if LETTER.search(s)]),
        # no look-behind: a pattern starting with its digits is scanned for fast
        numbers=re.compile(rf"(?:{alternation(numbers)}){ACRONYM_AFTER}")
        if (numbers := [s for s in acronyms if not LETTER.search(s)])
        else None,
        chinese=re.compile(alternation(s for s in chinese if not s[0].isascii())),
        mixed=re.compile(alternation(mixed)),
        mixed_reach=_reach(mixed),
        forms={key: tuple(refs) for key, refs in forms.items()},
        false_friends=false_friends,
        all_names=all_names,
        typos=typos(platform_words),
        counties=_looked_up(looked_up),
        counties_of=counties_of,
    )


def _looked_up(forms: list[str]) -> LookedUp:
    chinese = [f for f in forms if HAN_CHAR.search(f[-1])]
    english = [f for f in forms if not HAN_CHAR.search(f[-1])]
    lengths: dict[str, set[int]] = defaultdict(set)
    for form in chinese:
        lengths[form[-2:]].add(len(form))
    return LookedUp(
        forms=frozenset(forms),
        chinese_ends=re.compile(f"(?=({alternation(lengths)}))"),
        chinese_lengths={end: tuple(sorted(n, reverse=True)) for end, n in lengths.items()},
        english_ends=re.compile(
            rf"(?<![A-Za-z])(?:{alternation({f.split()[-1] for f in english})})(?![A-Za-z])", re.I
        ),
        english_reach=max(map(len, english), default=0),
    )


WORD_START = re.compile(r"(?<![\w'’-])\w")


def _looked_up_names(text: str, runs: list[tuple[int, int]], g: "Gazetteer") -> list[Spot]:
    """The county offices a text names: at each of their names' last words, the longest text
    before it that is one of their names."""
    c, found = g.counties, []
    for end_match in c.chinese_ends.finditer(text):
        end = end_match.start() + 2
        for length in c.chinese_lengths[end_match.group(1)]:
            if length <= end and text[end - length : end] in c.forms:
                found.append(Spot(text, end - length, end))
                break
    for start, stop in runs:
        for last in c.english_ends.finditer(text, start, stop):
            low = max(start, last.end() - c.english_reach)
            for word in WORD_START.finditer(text, low, last.start() + 1):
                if normalise_name(text[word.start() : last.end()]) in c.forms:
                    found.append(Spot(text, word.start(), last.end()))
                    break
    return found


def _acronyms(words: list[str]) -> re.Pattern:
    if not words:
        return re.compile("(?!)")  # matches nothing
    return re.compile(rf"(?<![{ACRONYM_BEFORE}])(?:{alternation(words)}){ACRONYM_AFTER}")


# "Cyberspace Administration of China", "China Film Administration": the country at either end
TURNED = re.compile(r"^(?:the\s+)?(?:(?P<head>.+?)\s+of\s+China|China\s+(?P<tail>.+\s.+))$", re.I)


def _regional(names: list[str]) -> list[str]:
    """The names and their forms with Taiwan's words (網路 for 網絡: spellings.toml zh_regional)."""
    pairs = data.load("spellings")["zh_regional"]
    return [*names, *(name.replace(a, b) for a, b in pairs for name in names if a in name)]


def _turned_round(names: list[str]) -> list[str]:
    """A national body's name with the country said first ("China's Cyberspace Administration",
    "China's Film Administration")."""
    return [f"China's {m['head'] or m['tail']}" for name in names if (m := TURNED.match(name))]


def _spelt_otherwise(names: list[str]) -> list[str]:
    """A name with British and American spellings of its words ("Reporting Centre" for
    "Reporting Center"), from spellings.toml."""
    found = []
    for name in names:
        words = name.split(" ")
        for i, word in enumerate(words):
            for other in _other_spellings().get(word.lower(), ()):
                spelt = other.capitalize() if word[0].isupper() else other
                found.append(" ".join([*words[:i], spelt, *words[i + 1 :]]))
    return [name for name in found if name not in names]


@cache
def _other_spellings() -> dict[str, tuple[str, ...]]:
    """A one-word spelling → the other ways of writing the word (spellings.toml's variants)."""
    groups = [g for g in data.load("spellings")["variants"] if all(" " not in w and "-" not in w for w in g)]
    return {w: tuple(o for o in g if o != w) for g in groups for w in g}


def _said_of_china(names: list[str]) -> list[str]:
    """A national body's "China's X" as an article also says it: "the country's X", "the
    nation's top X", "the top X" (agencies.toml's china_possessives)."""
    said = []
    for name in names:
        if name.startswith("China's "):
            role = name.removeprefix("China's ")
            twice = role.startswith("top ")  # no "the nation's top top market regulator"
            said += [f"{w} {role}" for w in _china_possessives() if not (twice and w.endswith(" top"))]
    return said


@cache
def _china_possessives() -> tuple[str, ...]:
    return tuple(data.load("agencies")["china_possessives"])


@cache
def _successors() -> dict[str, tuple[tuple[date, str], ...]]:
    """Agency slug → (day, successor slug) of the bodies that took over its work, oldest first."""
    return {
        entity["slug"]: tuple((s["from"], s["slug"]) for s in entity["succeeded_by"])
        for entity in entities("agency")
        if entity.get("succeeded_by")
    }


def as_of(found: list[Found], day: date) -> list[Found]:
    """The mentions as a reader on `day` takes them: a body's name used after it was merged
    away ("SARFT" in 2019) means the body that then did its work (the NRTA)."""
    successors = _successors()
    return [
        replace(f, slug=next((s for since, s in reversed(successors[f.slug]) if since <= day), f.slug))
        if f.kind == "agency" and f.slug in successors
        else f
        for f in found
    ]


def find_entities(text: str) -> list[Found]:
    """Every mention of a known agency or platform, in text order, without overlaps.

    A name shared by several entities ("MOC": culture or commerce) goes to the one the text
    defines it as ("Ministry of Culture (MOC)"), else to the one the text also names in
    full, else to none.
    """
    g = gazetteer()
    runs = [run.span() for run in LATIN_RUN.finditer(text) if LETTER.search(text, *run.span())]
    matches = [m for p in (g.names, g.acronyms) for start, end in runs for m in p.finditer(text, start, end)]
    if g.numbers:
        numbers = g.numbers.finditer(text)
        matches += [m for m in numbers if not (m.start() and AFTER_WORD.match(text, m.start() - 1))]
    matches += g.chinese.finditer(text)
    matches += [m for start, end in _edges(text, g.mixed_reach) for m in g.mixed.finditer(text, start, end)]
    matches += _looked_up_names(text, runs, g)
    matches.sort(key=lambda m: (m.start(), -(m.end() - m.start())))
    kept, last_end = [], -1
    for match in matches:
        if match.start() >= last_end:
            kept.append(match)
            last_end = match.end()
    unique = {m: g.forms[normalise_name(m.group())] for m in kept if not _false_friend(text, m, g)}
    named = {refs[0] for refs in unique.values() if len(refs) == 1}
    defined = _definitions(text, unique)
    found = []
    for match, refs in unique.items():
        ref = (
            refs[0]
            if len(refs) == 1
            else defined.get(match.group())
            or _only([r for r in refs if r in named])
            or _only([r for r in refs if r in g.counties_of and _names_place(text, g.counties_of[r])])
        )
        if ref and _placed_in_text(text, match, g.counties_of.get(ref)):
            found.append(Found(ref[0], ref[1], match.start(), match.end(), match.group()))
    return _with_loose_names(text, _with_bare_names(text, found), runs, g)


PLACE_MENTIONS = 2  # times an article names a place to be about it


def _with_bare_names(text: str, found: list[Found]) -> list[Found]:
    """Add the bodies of the place an article is about named by their bare names ("the
    Department of Justice" in a Hong Kong story), where no other name stands."""
    taken = Spans([(f.start, f.end) for f in found])
    extra = [
        Found("agency", slug, m.start(), m.end(), m.group())
        for where, bodies in _bare_names()
        if len(where.findall(text)) >= PLACE_MENTIONS
        for names, slug in bodies
        for m in names.finditer(text)
        if not taken.overlaps(*m.span())
    ]
    return sorted(found + extra, key=lambda f: f.start) if extra else found


@cache
def _bare_names() -> tuple[tuple[re.Pattern, tuple[tuple[re.Pattern, str], ...]], ...]:
    """For each place some body goes by a bare name in: the place's words, and each such
    body's bare names and slug (agencies.toml's place_words, bare and bare_in)."""
    table = data.load("agencies")
    bodies: dict[str, list[tuple[re.Pattern, str]]] = defaultdict(list)
    for agency in table["agency"]:
        if agency.get("bare"):
            names = re.compile(rf"(?<![A-Za-z])(?:{alternation(agency['bare'])})(?![A-Za-z])")
            bodies[agency["bare_in"]].append((names, agency["slug"]))
    return tuple((re.compile(alternation(table["place_words"][p])), tuple(b)) for p, b in bodies.items())


def _with_loose_names(
    text: str, found: list[Found], runs: list[tuple[int, int]], g: Gazetteer
) -> list[Found]:
    """Add the offices loose phrases name, and where a sentence speaks of platforms, those
    named by their sites' addresses ("Send tips to QQ.com" does not) and misspelt by one letter. A
    misspelt name of several words takes the place of a platform named inside it ("Baidu" of
    "Baidu Teiba"): a company's name inside a product's is no mention of the company."""
    placed = coordinated_offices(text)
    agencies = [(f.start, f.slug) for f in found if f.kind == "agency"] + [(p[1], p[0]) for p in placed]
    in_phrases = Spans([span for *_, span in placed])
    # 市网信办 inside 广州、深圳两市网信办 is no office named by level
    by_level = [o for o in level_offices(text, sorted(agencies)) if not in_phrases.overlaps(*o[4])]
    # A loose phrase ("广州、深圳两市网信办", "省网信办") stands for the offices it names, not
    # for the national body a word of it names (网信办, "internet police"); but of a phrase
    # naming one place, a match on the place's name is the office itself ("湖北省网信办").
    several = Counter(span for *_, span in placed)
    clear = Spans([span for *_, span in by_level + placed])
    own = Spans([(start, end) for _, start, end, _, span in placed if several[span] == 1])
    found = [f for f in found if not clear.contains(f.start, f.end) or own.overlaps(f.start, f.end)]
    extra = [
        Found("agency", slug, start, end, surface) for slug, start, end, surface, _ in [*placed, *by_level]
    ]
    t = g.typos
    platforms_at = [f.start for f in found if f.kind == "platform"]
    misspelt_phrases = []
    for start, end in runs:
        for word in CAPITALISED.finditer(text, start, end):
            slug = misspelt(word.group(), t, g.forms)
            if slug and _speaks_of_platforms(text, word.span(), t, platforms_at):
                extra.append(Found("platform", slug, word.start(), word.end(), word.group()))
        for address in site_address().finditer(text, start, end):
            slug = _platform_named(address, g)
            if slug and _speaks_of_platforms(text, address.span(), t, platforms_at):
                extra.append(Found("platform", slug, address.start(), address.end(), address.group()))
        last_end = start
        for low, high in phrases(text, start, end, t):
            slug = misspelt(text[low:high], t, g.forms) if low >= last_end else ""
            if slug and _speaks_of_platforms(text, (low, high), t, platforms_at):
                misspelt_phrases.append(Found("platform", slug, low, high, text[low:high]))
                last_end = high
    if misspelt_phrases:
        found = [
            f for f in found if not (f.kind == "platform" and any(_within(f, p) for p in misspelt_phrases))
        ]
        extra += misspelt_phrases
    taken = Spans([(f.start, f.end) for f in found])
    kept, kept_spans = [], []  # without overlaps, in order of start
    for f in extra:  # the first of overlapping extras wins
        at = bisect_left(kept_spans, (f.start, f.end))
        neighbours = kept_spans[max(0, at - 1) : at + 1]
        if not taken.overlaps(f.start, f.end) and not any(s < f.end and f.start < e for s, e in neighbours):
            kept.append(f)
            insort(kept_spans, (f.start, f.end))
    return sorted(found + kept, key=lambda f: f.start) if kept else found


def _platform_named(address: re.Match, g: Gazetteer) -> str:
    """The one platform a site's address names, or ""."""
    for name in site_names(address):
        refs = [ref for ref in g.forms.get(normalise_name(name), ()) if ref[0] == "platform"]
        if len(refs) == 1:
            return refs[0][1]
    return ""


def _within(inner: Found, outer: Found) -> bool:
    return outer.start <= inner.start and inner.end <= outer.end


SENTENCE_MARK = re.compile(r"[.!?。！？\n]")
CUE_REACH = 200  # characters either side of a misspelt name its sentence is looked for in


def _speaks_of_platforms(text: str, name: tuple[int, int], t, platforms_at: list[int]) -> bool:
    """Does the sentence around a name name a platform or use a platform cue? (The name's own
    full stops, as in "huya.com", end no sentence.)"""
    position = name[0]
    low, high = max(0, position - CUE_REACH), min(len(text), name[1] + CUE_REACH)
    marks = [m.end() for m in SENTENCE_MARK.finditer(text, low, position)]
    start = marks[-1] if marks else low
    after = SENTENCE_MARK.search(text, name[1], high)
    end = after.start() if after else high
    at = bisect_left(platforms_at, start)
    return bool(t.cues.search(text, start, end)) or (at < len(platforms_at) and platforms_at[at] < end)


def _reach(forms: list[str]) -> tuple[int, int]:
    """The longest ASCII start and end of these names."""
    edges = [ASCII_EDGES.match(form).groups() for form in forms]
    return max((len(a) for a, _ in edges), default=0), max((len(b) for _, b in edges), default=0)


def _edges(text: str, reach: tuple[int, int]) -> list[tuple[int, int]]:
    """The non-ASCII runs of the text widened by `reach` on either side, overlaps merged."""
    spans: list[tuple[int, int]] = []
    for run in NON_ASCII_RUN.finditer(text):
        start, end = max(0, run.start() - reach[0]), run.end() + reach[1]
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return spans


def _false_friend(text: str, match: re.Match, g: Gazetteer) -> bool:
    """Is the match part of a longer word that means something else ("公安部门"), or a national
    body's Chinese name after a level of place (海曙区网信办: the district's office)?"""
    refs = g.forms[normalise_name(match.group())]
    if _after_a_level(text, match.start()) and HAN_CHAR.match(match.group()):
        if all(kind == "agency" and slug not in loose_offices().place_of for kind, slug in refs):
            return True
    for ref in refs:
        for word in g.false_friends.get(ref, ()):
            # found within these bounds, the word starts at or before the match and ends at or
            # after it (a plain search: a pattern per word would churn re's cache of patterns)
            if text.find(word, max(0, match.end() - len(word)), match.start() + len(word)) != -1:
                return True
    return bool(refs) and all(_comparable(g, ref) for ref in refs) and _compared(text, match)


def _comparable(g: Gazetteer, ref: tuple[str, str]) -> bool:
    """A foreign platform coverage compares Chinese ones to: its not_within spells comparisons."""
    return any(word.startswith("compared with ") for word in g.false_friends.get(ref, ()))


COMPARISON_REACH = 24  # characters before a name its comparison word may end


def _compared(text: str, match: re.Match) -> bool:
    """Is a platform that has comparison phrases named beside a comparison word?"""
    before, after = _comparison()
    window = text[max(0, match.start() - COMPARISON_REACH) : match.start()]
    return bool(before.search(window) or after.match(text, match.end()))


@cache
def _comparison() -> tuple[re.Pattern, re.Pattern]:
    words = data.load("platforms")["comparison"]
    latin = alternation([w for w in words["before"] if w.isascii()], ignore_case=True)
    han = alternation([w for w in words["before"] if not w.isascii()])
    # the word, then at most "the", an article and a space, or a few characters in Chinese
    before = re.compile(rf"(?:\b(?:{latin})\s+(?:the\s+|an?\s+)?|(?:{han})[^\s，。,.]{{0,3}})$", re.I)
    return before, re.compile(rf"\s*(?:{alternation(words['after'], ignore_case=True)})", re.I)


def _placed_in_text(text: str, match, county: dict | None) -> bool:
    """A county's office named in Chinese counts where the text names its place, or the county
    apart from this name: "会同县委网信办" may be "together with the county's internet office"."""
    if county is None or not HAN_CHAR.match(match.group()) or _names_place(text, county):
        return True
    return text.count(county["zh"]) > match.group().count(county["zh"])


def _names_place(text: str, county: dict) -> bool:
    """Does the text name the place a county is in?"""
    return any(place in text for place in county["within"])


def _after_a_level(text: str, start: int) -> bool:
    """Does a level of place (区, 县, 市 …) stand just before, or before 委 (县委网信办)?"""
    levels, gaps = _local_levels()
    for gap in gaps:
        if text.endswith(gap, 0, start):
            start -= len(gap)
            break
    return start > 0 and text[start - 1] in levels


@cache
def _local_levels() -> tuple[frozenset[str], tuple[str, ...]]:
    places = data.load("places")
    return frozenset(places["local_level_zh"]), tuple(places["local_level_gap_zh"])


def _definitions(text: str, unique: dict) -> dict[str, tuple[str, str]]:
    """Acronyms the text defines right after a full name: 'Ministry of Culture (MOC)'."""
    defined = {}
    for match, refs in unique.items():
        if len(refs) != 1:
            continue
        after = re.match(r"\s*[(（]\s*([A-Z][A-Za-z]{1,9})\s*[)）]", text[match.end() : match.end() + 16])
        if after:
            defined[after.group(1)] = refs[0]
    return defined


def _only(refs: list) -> tuple[str, str] | None:
    return refs[0] if len(refs) == 1 else None
