"""Notice names the gazetteer does not know: platforms named by a cue ("apps including A, B and
C", "the X app", "platform X", a site's address, “某某”平台) and agencies named as a place and
an office ("Foshan Municipal Public Security Bureau", 佛山市公安局). What is found is a candidate
for a curator, never a fact: the cues are in archive/data/discovery.toml."""

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import cache
from itertools import accumulate

from archive import data
from archive.extract.entities import Found, normalise_name
from archive.extract.loose_names import site_address
from archive.extract.patterns import alternation
from archive.text import HAN, TABLE_ROW

NAME = r"[A-Z0-9][\w.&'’+-]*(?:\s+[A-Z0-9][\w.&'’+-]*){0,2}"
ZH_NAME = rf"[{HAN}A-Za-z0-9·]{{2,12}}"
ZH_QUOTED = rf"[“\"「『《]{ZH_NAME}[”\"」』》]"
ZH_JOIN = r"\s*(?:[、,，及和与與]|以及)\s*"  # “A”、“B”和“C”App: the cue after the last names them all


@dataclass(frozen=True)
class Candidate:
    kind: str  # "platform" or "agency"
    name: str
    start: int
    end: int
    cue: str  # which kind of cue found it


@dataclass(frozen=True)
class Cues:
    listed: re.Pattern
    item: re.Pattern
    after: re.Pattern
    before: re.Pattern
    appositive: re.Pattern  # ", a dating app": the name is looked for just before it
    name_before: re.Pattern  # a name ending where the text is cut
    zh_quoted: re.Pattern  # one or more quoted names, then a cue
    zh_quoted_after: re.Pattern  # a cue, then one or more quoted names
    zh_one: re.Pattern  # one quoted name inside such a match
    domain: re.Pattern
    office: re.Pattern
    office_words: re.Pattern  # where an office may be named: the pattern runs near them only
    zh_office: re.Pattern
    table_heads: tuple[str, ...]  # lowercased
    not_names: frozenset[str]


@cache
def cues() -> Cues:
    d = data.load("discovery")
    heads = alternation(d["list_heads"], flexible=True, ignore_case=True)
    joins = alternation(d["list_joins"], flexible=True, ignore_case=True)
    return Cues(
        # "apps on the list included A and B": a few lower-case words may stand between
        listed=re.compile(
            rf"\b(?i:{heads})(?:\s+[a-z]+,?){{0,3}}\s+(?i:{joins})\s+"
            rf"(?P<items>{NAME}(?:\s*,\s*{NAME})*(?:,?\s+(?:and|or)\s+{NAME})?)"
        ),
        item=re.compile(NAME),
        after=re.compile(
            rf"(?P<name>{NAME})(?:['’]s)?\s+(?:{alternation(d['after_name'], flexible=True)})\b"
        ),
        # in lower case, as the cue is written: "China App Watch" is one name, not the app "Watch"
        before=re.compile(rf"\b(?:{alternation(d['before_name'], flexible=True)})\s+(?P<name>{NAME})"),
        appositive=re.compile(
            rf",\s+an?\s+(?:[\w-]+\s+){{0,3}}?(?:{alternation(d['appositive_kinds'], flexible=True)})\b"
        ),
        name_before=re.compile(rf"(?<![\w.&'’+-])(?P<name>{NAME})\Z"),
        zh_quoted=re.compile(
            rf"(?P<names>{ZH_QUOTED}(?:(?:{ZH_JOIN})?{ZH_QUOTED})*)\s*(?:等[{HAN}]{{0,6}}?)?\s*"
            rf"(?:{alternation(d['zh_after_quoted'])})"
        ),
        zh_quoted_after=re.compile(
            rf"(?:{alternation(d['zh_before_quoted'])})[如为為是叫]?\s*"
            rf"(?P<names>{ZH_QUOTED}(?:(?:{ZH_JOIN})?{ZH_QUOTED})*)(?!等?(?:{alternation(d['zh_not_after_quoted'])}))"
        ),
        zh_one=re.compile(rf"[“\"「『《](?P<name>{ZH_NAME})[”\"」』》]"),
        domain=site_address(),
        office=re.compile(
            rf"(?P<name>(?:[A-Z][a-z]+\s+){{1,2}}(?:(?:{alternation(d['agency_places'])})\s+)?"
            rf"(?:{alternation(d['agency_offices'])}))"
        ),
        office_words=re.compile(alternation(d["agency_offices"])),
        zh_office=re.compile(
            rf"(?!{alternation(d['zh_not_places'])})"
            rf"(?P<name>[{HAN}]{{2,4}}(?:{alternation(d['zh_place_suffixes'])})?"
            rf"(?:{alternation(d['zh_agency_offices'])}))"
        ),
        table_heads=tuple(head.lower() for head in d["table_heads"]),
        not_names=frozenset(word.lower() for word in d["not_names"]),
    )


def discover(text: str, known: list[Found]) -> list[Candidate]:
    """Candidates in text order, one per place in the text, none where a known name stands."""
    c = cues()
    found: list[Candidate] = []
    for match in c.listed.finditer(text):
        offset = match.start("items")
        for item in c.item.finditer(match.group("items")):
            if item.group().lower() not in ("and", "or"):
                found.append(_candidate("platform", item.group(), offset + item.start(), "list"))
    for pattern, cue in ((c.zh_quoted, "“X”平台"), (c.zh_quoted_after, "平台“X”")):
        for match in pattern.finditer(text):
            offset = match.start("names")
            for one in c.zh_one.finditer(match.group("names")):
                found.append(_candidate("platform", one.group("name"), offset + one.start("name"), cue))
    for matches, kind, cue in (
        (_appositives(c, text), "platform", "X, a … app"),
        (c.after.finditer(text), "platform", "the X app"),
        (c.before.finditer(text), "platform", "platform X"),
        (c.domain.finditer(text), "platform", "a site's address"),
        (_offices(c, text), "agency", "a place and an office"),
        (c.zh_office.finditer(text), "agency", "a place and an office"),
        (_table_column(c, text), "platform", "a table's column of apps"),
    ):
        for match in matches:
            found.append(_candidate(kind, match.group("name"), match.start("name"), cue))
    return _keep(found, known, c.not_names)


SENTENCE_END = re.compile(r"[.!?]\s")
POSSESSIVE = re.compile(r"['’]s$")
OFFICE_REACH = 100  # characters: two capitalised words and a place word before an office


def _offices(c: Cues, text: str):
    """The office pattern's matches, as finditer gives them, looked for only just before the
    offices' own words: tried at every capital letter of an English page it was most of
    discovery's time."""
    end = 0
    for words in c.office_words.finditer(text):
        if words.end() <= end:
            continue
        match = c.office.search(text, max(end, words.start() - OFFICE_REACH), words.end())
        if match:
            end = match.end()
            yield match


CELL = re.compile(r"\| (?P<name>[^|\n]+?) (?=\|)")


def _table_column(c: Cues, text: str):
    """The cells under a header cell that names apps ("APP名称"), row by row to the table's end."""
    column, last_end = None, -1
    for row in TABLE_ROW.finditer(text):
        if text[last_end : row.start()].strip():
            column = None  # other text between: another table
        last_end = row.end()
        cells = list(CELL.finditer(row.group()))
        heads = [i for i, cell in enumerate(cells) if any(h in cell["name"].lower() for h in c.table_heads)]
        if heads:
            column = heads[0]
        elif column is not None and column < len(cells) and cells[column]["name"].strip("—-– "):
            yield _Shifted(cells[column], row.start())


@dataclass(frozen=True)
class _Shifted:
    """A match inside a row, answering for where it stands in the text."""

    match: re.Match
    offset: int

    def group(self, name: str) -> str:
        return self.match.group(name)

    def start(self, name: str) -> int:
        return self.offset + self.match.start(name)


NAME_REACH = 60  # characters: a name of three words before ", a … app"


def _appositives(c: Cues, text: str):
    """Names just before ", a/an … app": looked for only where such a phrase stands."""
    for phrase in c.appositive.finditer(text):
        match = c.name_before.search(text, max(0, phrase.start() - NAME_REACH), phrase.start())
        if match:
            yield match


def _candidate(kind: str, name: str, start: int, cue: str) -> Candidate:
    name = SENTENCE_END.split(name, maxsplit=1)[0]  # "Watch. Unsubscribe" runs over a full stop
    name = POSSESSIVE.sub("", name.rstrip(".,;:'’"))
    for lead in ("www.", "The ", "the "):  # "the Foshan Municipal …" is Foshan's office
        if name.startswith(lead):
            start, name = start + len(lead), name[len(lead) :]
    return Candidate(kind, name, start, start + len(name), cue)


def _keep(found: list[Candidate], known: list[Found], not_names: frozenset[str]) -> list[Candidate]:
    spans = sorted((f.start, f.end) for f in known)
    known_starts = [start for start, _ in spans]
    # the furthest a known name reaches among those starting up to each: a candidate overlaps a
    # known name when one starting before its end reaches past its start (looked up, not
    # compared with every known name: a 20 MB page held 40,000)
    known_reach = list(accumulate((end for _, end in spans), max))
    known_names = {normalise_name(f.surface) for f in known}
    kept, taken_reach = [], -1
    for candidate in sorted(found, key=lambda c: (c.start, -len(c.name))):
        words = candidate.name.split()
        before_end = bisect_left(known_starts, candidate.end)
        if (
            len(candidate.name) < 2
            or candidate.name.isdigit()
            or all(word.lower() in not_names or word.isdigit() for word in words)
            or normalise_name(candidate.name) in known_names
            or (before_end and known_reach[before_end - 1] > candidate.start)
            or candidate.start < taken_reach  # those kept start no later than it
        ):
            continue
        kept.append(candidate)
        taken_reach = max(taken_reach, candidate.end)
    return kept
