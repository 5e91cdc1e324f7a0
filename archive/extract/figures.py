"""Find the figures an article states: value, what was counted, the action, who acted."""

import re
from dataclasses import dataclass
from functools import cache

from archive import data
from archive.extract.entities import Found, entities
from archive.extract.sentences import Sentence, split_sentences

DIGITS = re.compile(r"(?<![A-Za-z0-9_.,/:-])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?![\d,]*\.\d)")
MEASURE_WORDS = "个個家条條名起款部篇次件人户戶位项項批张張台臺只隻万萬亿億余餘多"
CLAUSE = re.compile(r";|；|，|, (?:while|whereas|but|and the|and)\b| while | whereas ")
CJK = re.compile(r"[\u3400-\u9fff]")
MONTH_NEAR = re.compile(r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s*$", re.I)


@dataclass(frozen=True)
class FigureFact:
    value: int
    qualifier: str
    object: str
    action: str
    kind: str  # "enforcement" or "statistic"
    currency: str
    agency: str  # slug, or ""
    platform: str  # slug, or ""
    sentence: str
    start: int
    end: int


@dataclass(frozen=True)
class Number:
    value: int
    start: int
    end: int  # after the multiplier and any Chinese measure word
    spelled: bool = False  # "four video programmes": counts only beside an action


@dataclass(frozen=True)
class Rules:
    words: re.Pattern  # "seven million", "half a million"
    multipliers: re.Pattern
    qualifiers_before: re.Pattern
    qualifiers_zh: dict[str, str]
    actions: re.Pattern
    action_of: dict[str, str]
    currencies: re.Pattern
    currency_of: dict[str, str]
    stops: frozenset[str]
    partitives: frozenset[str]
    not_counts: re.Pattern
    not_count_prefixes: re.Pattern
    qualifier_of: dict[str, str]
    small_words: re.Pattern  # "four programmes"
    statistic_markers: re.Pattern
    number_words: dict[str, float]
    multiplier_of: dict[str, int]
    refers_back: re.Pattern
    referent_word: dict[str, str]  # lowercased phrase → word the agency's names contain


def _alternation(forms) -> str:
    return "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))


def _english_words(forms) -> str:
    """Whole words for Latin forms, plain substrings for Chinese ones."""
    return rf"(?:(?<![\w-])(?:{_alternation(f for f in forms if not CJK.search(f))})(?![\w-])" + (
        f"|{_alternation(f for f in forms if CJK.search(f))})"
    )


@cache
def rules() -> Rules:
    d = data.load("figures")
    action_of = {w.lower(): a for a, words in d["actions"].items() for w in words}
    currency_of = {w.lower(): c for c, words in d["currencies"].items() for w in words}
    qualifier_of = {w.lower(): q for q, words in d["qualifiers"].items() for w in words}
    multipliers = d["multipliers"]
    latin_mult = [m for m in multipliers if not CJK.search(m)]
    return Rules(
        words=re.compile(
            rf"(?<![\w-])({_alternation(d['number_words'])})\s+"
            rf"({_alternation(m for m in latin_mult if len(m) > 2)})\b",
            re.I,
        ),
        multipliers=re.compile(
            rf"^(?:\s*({_alternation(m for m in latin_mult if len(m) > 2)})\b"
            rf"|({_alternation(m for m in latin_mult if len(m) <= 2)})(?![\w])"
            rf"|\s*[余餘多]?\s*([{''.join(m for m in multipliers if CJK.search(m))}]))",
            re.I,
        ),
        qualifiers_before=re.compile(rf"(?<![\w-])({_alternation(qualifier_of)})\s*[\"“]?\s*$", re.I),
        qualifiers_zh={w: q for q, words in d["qualifiers_zh"].items() for w in words},
        actions=re.compile(_english_words(action_of), re.I),
        action_of=action_of,
        currencies=re.compile(rf"^\s*(?:{_english_words(currency_of)})", re.I),
        currency_of=currency_of,
        stops=frozenset(d["counting"]["object_stops"]),
        partitives=frozenset(d["counting"]["partitives"]),
        not_counts=re.compile(rf"^\s*(?:{_alternation(d['counting']['not_counts'])})(?![a-z])", re.I),
        not_count_prefixes=re.compile(
            rf"(?:{_english_words(d['counting']['not_count_prefixes'])})\s*$", re.I
        ),
        qualifier_of=qualifier_of,
        small_words=re.compile(
            rf"(?<![\w-])({_alternation(w for w, v in d['number_words'].items() if 2 <= v <= 20)})"
            rf"\s+(?=(?:[a-z][\w-]*\s+){{0,2}}[a-z][\w-]*s\b)",  # a plural within three words
            re.I,
        ),
        statistic_markers=re.compile(_english_words(d["counting"]["statistic_markers"]), re.I),
        number_words=d["number_words"],
        multiplier_of={k.lower(): v for k, v in multipliers.items()},
        refers_back=re.compile(_english_words(d["refers_back"]), re.I),
        referent_word={k.lower(): v for k, v in d["refers_back"].items()},
    )


def extract_figures(text: str, mentions: list[Found]) -> list[FigureFact]:
    facts, seen = [], set()
    previous_agency = ""
    all_agencies = [m for m in mentions if m.kind == "agency"]
    for sentence in split_sentences(text):
        in_sentence = [m for m in mentions if sentence.start <= m.start < sentence.end]
        for number in find_numbers(sentence.text):
            referred = _referred_agency(sentence, number, all_agencies)
            fact = _describe(sentence, number, in_sentence, referred or previous_agency)
            if (number.spelled and not fact.action) or _uncounted(fact, number):
                continue
            key = (fact.value, fact.object.split(" ")[-1].lower(), fact.action)
            if key not in seen:
                seen.add(key)
                facts.append(fact)
        named = [m.slug for m in in_sentence if m.kind == "agency"]
        previous_agency = named[-1] if named else previous_agency
    # A bare number that restates an enforcement figure of the same article is that figure.
    enforced = {f.value for f in facts if f.kind == "enforcement"}
    return [f for f in facts if f.kind == "enforcement" or f.value not in enforced]


def _referred_agency(sentence: Sentence, number: Number, agencies: list[Found]) -> str:
    """The agency a phrase like "the administration" or "该部" before the number points to."""
    r = rules()
    phrases = list(r.refers_back.finditer(sentence.text[: number.start]))
    if not phrases:
        return ""
    word = r.referent_word[phrases[-1].group().lower()]
    fitting = [a for a in agencies if word.lower() in _all_names(a.slug)]
    at = sentence.start + phrases[-1].start()
    before = [a for a in fitting if a.start < at]
    after = [a for a in fitting if a.start >= at]
    return before[-1].slug if before else (after[0].slug if after else "")


@cache
def _all_names(slug: str) -> str:
    entity = next(e for e in entities("agency") if e["slug"] == slug)
    names = [entity["name"], *entity["aliases"], *entity["names_zh"], *(f["name"] for f in entity["former"])]
    return " ".join(names).lower()


def _uncounted(fact: FigureFact, number: Number) -> bool:
    """A small bare number with nothing counted ("players under 18 in China") is no figure."""
    return not fact.object and fact.value < 1000 and not CJK.search(fact.sentence)


def find_numbers(text: str) -> list[Number]:
    r = rules()
    found = []
    for match in r.words.finditer(text):
        words, multiplier = match.group(1).lower(), match.group(2).lower()
        value = r.number_words[words] * r.multiplier_of[multiplier]
        found.append(Number(int(value), match.start(), match.end()))
    for match in r.small_words.finditer(text):
        after = text[match.end() :]
        if not r.multipliers.match(after) and not r.not_counts.match(after):
            value = r.number_words[match.group(1).lower()]
            found.append(Number(int(value), match.start(), match.end(), spelled=True))
    taken = [(n.start, n.end) for n in found]
    for match in DIGITS.finditer(text):
        if any(s <= match.start() < e for s, e in taken):
            continue
        number = _digits(text, match)
        if number:
            found.append(number)
    return sorted(found, key=lambda n: n.start)


def _digits(text: str, match: re.Match) -> Number | None:
    r = rules()
    raw, end = match.group(1), match.end()
    before, after = text[: match.start()], text[end:]
    if r.not_count_prefixes.search(before[-12:]) or MONTH_NEAR.search(before[-10:]):
        return None
    value = float(raw.replace(",", ""))
    scaled = False
    while True:  # "1.4m", "2200万", "13.4亿", "7200余个", "1.8万"
        mult = r.multipliers.match(text[end:])
        if not mult:
            break
        value *= r.multiplier_of[next(g for g in mult.groups() if g).lower()]
        end += mult.end()
        scaled = True
    after = text[end:]
    if r.not_counts.match(after) or re.match(r"^\s*(st|nd|rd|th)\b", after):
        return None
    if re.match(r"^\s*(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b", after, re.I):
        return None  # "20 October"
    if not scaled and ("." in raw or value < 2):
        return None
    if not scaled and "," not in raw and 1900 <= value <= 2100:
        return None  # a year
    measure = re.match(rf"^[{MEASURE_WORDS}]+", text[end:])
    if measure:
        end += measure.end()
    return Number(int(round(value)), match.start(), end)


def _describe(sentence: Sentence, number: Number, mentions: list[Found], previous_agency: str) -> FigureFact:
    r = rules()
    text = sentence.text
    clause_start, clause_end = _clause(text, number.start)
    currency = r.currencies.match(text[number.end :])
    obj = "" if currency else _object(text, number)  # an amount of money counts money: see currency
    action = _action(text, number, clause_start, clause_end)
    if _statistic(text, number, obj):
        action = ""  # revenue, users, staff: a fact about the world, not an enforcement count
    absolute = [(m, m.start - sentence.start) for m in mentions]
    return FigureFact(
        value=number.value,
        qualifier=_qualifier(text, number),
        object=obj,
        action=action,
        kind="enforcement" if action else "statistic",
        currency=r.currency_of[currency.group().strip().lower()] if currency else "",
        agency=_agency(absolute, number, clause_start) or (previous_agency if action else ""),
        platform=_platform(absolute, number, clause_start, clause_end),
        sentence=text,
        start=sentence.start,
        end=sentence.end,
    )


def _statistic(text: str, number: Number, obj: str) -> bool:
    """Is the number a size (sales, users, staff) rather than what was done to something?"""
    r = rules()
    after = " ".join(text[number.end :].split()[:4])
    before = text[max(0, number.start - 50) : number.start]
    marker_before = list(r.statistic_markers.finditer(before))
    acted_since = marker_before and r.actions.search(before[marker_before[-1].end() :])
    return bool(
        r.statistic_markers.search(obj)
        or r.statistic_markers.search(after)
        or (marker_before and not acted_since)
    )


def _clause(text: str, position: int) -> tuple[int, int]:
    start, end = 0, len(text)
    for boundary in CLAUSE.finditer(text):
        if boundary.end() <= position:
            start = boundary.end()
        elif boundary.start() >= position:
            end = boundary.start()
            break
    return start, end


def _qualifier(text: str, number: Number) -> str:
    r = rules()
    before = r.qualifiers_before.search(text[: number.start])
    if before:
        return r.qualifier_of[before.group(1).lower()]
    tail = text[number.start : number.end + 2]
    head = text[max(0, number.start - 2) : number.start]
    for word, qualifier in sorted(r.qualifiers_zh.items(), key=lambda wq: -len(wq[0])):
        if word in head or (word in tail and word in "余餘多左右"):
            return qualifier
    return "exactly"


def _object(text: str, number: Number) -> str:
    r = rules()
    after = text[number.end :]
    if CJK.match(after.lstrip()) or CJK.search(text[max(0, number.start - 1) : number.start]):
        return _chinese_object(text, number)
    tokens = [t.strip("\"“”'‘’") for t in re.findall(r"[\"“”'‘’]?\w[\w'’-]*[\"“”'‘’]?|[^\w\s]", after)[:10]]
    words: list[str] = []
    for i, word in enumerate(tokens):
        lower = word.lower()
        following = tokens[i + 1].lower() if i + 1 < len(tokens) else ""
        joins = lower in ("and", "or") and words and following and following not in r.stops
        if (lower == "of" and words and words[-1].lower() in r.partitives) or joins:
            words.append(word)  # "pieces of illegal content", "pornography and illegal websites"
            continue
        if (
            not re.match(r"\w", word)
            or word.isdigit()
            or lower in r.stops
            or lower == "of"
            or r.actions.fullmatch(word)
            or len(words) >= 6
        ):
            break
        words.append(word)
    while words and words[-1].lower() in ("and", "or", "of"):
        words.pop()
    return " ".join(words)


def _chinese_object(text: str, number: Number) -> str:
    after = re.match(r"^\s*([\u3400-\u9fff]{1,8})", text[number.end :])
    if after and not rules().actions.match(after.group(1)):
        return re.split(r"[的和及与]", after.group(1))[0][:6]
    before = re.search(r"([\u3400-\u9fff]{1,8})$", text[: number.start])
    if not before:
        return ""
    chunk = before.group(1)
    verbs = list(rules().actions.finditer(chunk))
    verb = verbs[-1] if verbs else None
    chunk = chunk[verb.end() :] if verb else chunk
    return re.sub(r"^(了|共|累计|累計|共计|共計)", "", chunk).rstrip("超过逾近约")[:8]


def _action(text: str, number: Number, clause_start: int, clause_end: int) -> str:
    r = rules()
    candidates = list(r.actions.finditer(text))
    in_clause = [m for m in candidates if m.start() >= clause_start and m.end() <= clause_end]
    pool = in_clause or candidates
    if not pool:
        return ""

    def distance(m: re.Match) -> int:
        return number.start - m.end() if m.end() <= number.start else m.start() - number.end + 1

    best = min(pool, key=distance)
    return r.action_of[best.group().lower()]


def _agency(mentions: list[tuple[Found, int]], number: Number, clause_start: int) -> str:
    agencies = [(m, at) for m, at in mentions if m.kind == "agency"]
    before = [m for m, at in agencies if at < number.start]
    if before:
        return before[-1].slug
    after = [m for m, at in agencies if at >= number.end]
    return after[0].slug if after else ""


def _platform(mentions: list[tuple[Found, int]], number: Number, clause_start: int, clause_end: int) -> str:
    platforms = [(m, at) for m, at in mentions if m.kind == "platform" and clause_start <= at < clause_end]
    if not platforms:
        return ""
    return min(platforms, key=lambda p: abs(p[1] - number.end))[0].slug
