"""Find the figures an article states: value, what was counted, the action, who acted."""

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace
from itertools import islice, takewhile
from operator import itemgetter

from archive.extract.actors import acting_platform, subject_platform
from archive.extract.chinese import read_chinese
from archive.extract.entities import Found, gazetteer
from archive.extract.figure_rules import rules
from archive.extract.money import find_conversion, find_currency
from archive.extract.numbers import DIGIT, REACH, Number, find_numbers
from archive.extract.sentences import Sentence, split_sentences
from archive.extract.spans import Spans
from archive.text import HAN, HAN_CHAR

CLAUSE = re.compile(r";|；|，|, (?:while|whereas|but|and the|and)\b| while | whereas ")
TOKEN = re.compile(r"[\"“”'‘’]?\w[\w'’-]*[\"“”'‘’]?|[^\w\s]")
CLAUSE_END = re.compile(r"[,;，；。、]")
AMOUNT = re.compile(r"\d[\d,.]*")  # a number as written
RANGE_END = re.compile(r"[;；。、，]|,(?!\d)")  # a clause's end, not a thousands comma
CJK_AFTER = re.compile(rf"\s*[{HAN}]")
CJK_WORD_AFTER = re.compile(rf"\s*([{HAN}]{{1,8}})")
CJK_WORD_BEFORE = re.compile(rf"([{HAN}]{{1,8}})$")
# Every look around a number reads a bounded window, never the rest of the sentence: the work
# per number stays constant however long the sentence is (REACH characters after it).
NEAR = 60  # characters before a number its qualifier may take ("no fewer than", "approximately")
START, END = itemgetter(0), itemgetter(1)  # of the spans kept in Marks


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
    campaign: str = ""  # slug of the campaign the sentence names, or ""
    # an amount the article converts in brackets: "3 billion yuan (about 450 million US dollars)"
    converted_value: int | None = None
    converted_currency: str = ""


@dataclass(frozen=True)
class Marks:
    """What one sentence holds, each found in one pass over it, so that every number looks up
    its clause, nearest action and nearest names by bisection instead of rescanning."""

    sentence: Sentence
    agencies: list[tuple[int, Found]]  # (offset in the sentence, mention), in text order
    platforms: list[tuple[int, Found]]
    clauses: list[tuple[int, int]]  # the spans of the clause boundaries
    actions: list[tuple[int, int, str]]  # (start, end, canonical action)
    refers_back: list[tuple[int, int, str]]  # (start, end, the word the agency's names contain)


def extract_figures(text: str, mentions: list[Found]) -> list[FigureFact]:
    facts, seen = [], set()
    previous_agency = last_platform = ""
    mentions = sorted(mentions, key=lambda m: m.start)
    starts = [m.start for m in mentions]
    referable = Referable([m for m in mentions if m.kind == "agency"])
    # digits of a name ("2345浏览器", a defined “三只羊公司”) count nothing
    in_names = Spans([(m.start, m.end) for m in mentions] + defined_names(text))
    for sentence in split_sentences(text):
        in_sentence = mentions[bisect_left(starts, sentence.start) : bisect_left(starts, sentence.end)]
        at = [(m.start - sentence.start, m) for m in in_sentence if m.kind in ("agency", "platform")]
        numbers = find_numbers(sentence.text)
        marks = _marks(sentence, in_sentence) if numbers else Marks(sentence, [], [], [], [], [])
        converted_until = -1  # numbers in a conversion's brackets belong to the amount before them
        enforced: FigureFact | None = None  # the sentence's last enforcement figure
        enforced_end = 0  # where its number ends
        referred = ""  # the agency "the administration", "全省" … points to
        for number in numbers:
            if (
                number.start < converted_until
                or in_names.covers(sentence.start + number.start)
                # "| 10 | 快清理大师 | …": a table row's serial number
                or SERIAL.match(sentence.text, number.end)
                and not sentence.text[: number.start].strip(" |")
                or number.times
                and not _acted_on(marks, number)  # "viewed 5,000 times" counts nothing done
            ):
                continue
            referred = _referred_agency(marks, number, referable) or referred
            fact = _describe(marks, number, referred or previous_agency)
            labelled = not fact.action and not fact.currency and _label_action(marks, number)
            if labelled:  # "Warnings: 6,767 in 2022; 4,871 in 2023"
                fact = replace(
                    fact, action=labelled, kind="enforcement", agency=fact.agency or previous_agency
                )
            part = bool(enforced and not fact.currency and PART.match(sentence.text, number.end))
            if part:  # "investigated 724 cases, 177 of them criminal": a part of that figure
                action = fact.action if _acted_on(marks, number) else enforced.action  # "fined 3 of them"
                fact = replace(fact, action=action, kind="enforcement", object=enforced.object)
            elif (
                enforced
                and not fact.object
                and not fact.currency
                and _year_paired(sentence.text, number, enforced, enforced_end)
            ):  # "fined 512 platforms in 2022 but only 88 in 2023": the same count another year
                part = True
                fact = replace(fact, action=enforced.action, kind="enforcement", object=enforced.object)
            if fact.action and (
                acting := acting_platform(sentence.text, number.start, at, last_platform)
                or subject_platform(sentence.text, number.start, at, last_platform)
            ):
                fact = replace(fact, agency="", platform=acting)
            if fact.converted_value is not None:
                converted_until = find_conversion(sentence.text, number)[2]
            if (
                not part
                and not labelled
                and (
                    (number.spelled and not _spelled_acted_on(marks, fact, number))
                    or _uncounted(marks, fact, number)
                )
            ):
                continue
            if fact.kind == "enforcement" and not fact.currency:
                if not fact.object and enforced and not _in_chinese(sentence.text, number):
                    fact = replace(fact, object=enforced.object)  # "removed 40 accounts and suspended 7"
                enforced, enforced_end = fact, number.end
            key = (fact.value, fact.object.split(" ")[-1].lower(), fact.action)
            if key not in seen:
                seen.add(key)
                facts.append(fact)
        named = [m.slug for m in in_sentence if m.kind == "agency"]
        subjects = [
            m.slug
            for m in in_sentence
            if m.kind == "agency" and not _directing(sentence.text, m.start - sentence.start)
        ]
        previous_agency = (subjects or named or [referred or previous_agency])[0]  # the subject comes first
        platforms = [m.slug for m in in_sentence if m.kind == "platform"]
        last_platform = platforms[-1] if platforms else last_platform
    # A bare number that restates an enforcement figure of the same article is that figure,
    # and so is an amount that restates a figure's conversion ("$533.7 million" in a headline).
    enforced = {f.value for f in facts if f.kind == "enforcement"}
    converted = {f.converted_value for f in facts if f.converted_value is not None}
    return [
        f
        for f in facts
        if (f.kind == "enforcement" or f.value not in enforced)
        and (f.value not in converted or f.converted_value is not None)
    ]


def defined_names(text: str) -> list[tuple[int, int]]:
    """Where the text uses a short name it defines, when the name holds a number."""
    spans = []
    for name in {m.group("name") for m in rules().defined_name.finditer(text)}:
        if find_numbers(name):
            spans.extend(m.span() for m in re.finditer(re.escape(name), text))
    return spans


def _marks(sentence: Sentence, mentions: list[Found]) -> Marks:
    r = rules()
    text = sentence.text
    at = [(m.start - sentence.start, m) for m in mentions]
    other_sense = {m.start() for m in r.other_sense.finditer(text)}  # "处理…个人信息": processing
    return Marks(
        sentence=sentence,
        agencies=[(offset, m) for offset, m in at if m.kind == "agency"],
        platforms=[(offset, m) for offset, m in at if m.kind == "platform"],
        clauses=[m.span() for m in CLAUSE.finditer(text)],
        actions=[
            (m.start(), m.end(), r.action_of[m.lastgroup or m.group().lower()])
            for m in r.actions.finditer(text)
            if m.start() not in other_sense
        ],
        refers_back=[
            (m.start(), m.end(), r.referent_word[m.group().lower()])
            for m in (list(r.whole_place.finditer(text)) or r.refers_back.finditer(text))
        ],
    )


class Referable:
    """The article's agencies, grouped by a word of their names ("Ministry", "部") on demand."""

    def __init__(self, agencies: list[Found]):
        self.agencies = agencies
        self.by_word: dict[str, tuple[list[int], list[Found]]] = {}

    def fitting(self, word: str) -> tuple[list[int], list[Found]]:
        if word not in self.by_word:
            fitting = [a for a in self.agencies if word.lower() in _all_names(a.slug)]
            self.by_word[word] = ([a.start for a in fitting], fitting)
        return self.by_word[word]


def _directing(text: str, offset: int) -> bool:
    """Whether the agency at offset directs the subject rather than being it ("按照公安部部署")."""
    return bool(rules().directed_by.search(text, max(0, offset - 24), offset))


def _referred_agency(marks: Marks, number: Number, referable: Referable) -> str:
    """The agency a phrase like "the administration" or "该部" before the number points to."""
    before = bisect_right(marks.refers_back, number.start, key=END)
    if not before:
        return ""
    phrase_start, _, word = marks.refers_back[before - 1]
    if rules().recipient.search(marks.sentence.text, max(0, phrase_start - 24), phrase_start):
        return ""  # "向公安机关移送": the police receive, the subject acts
    starts, fitting = referable.fitting(word)
    at = bisect_left(starts, marks.sentence.start + phrase_start)
    if at:
        return fitting[at - 1].slug
    return fitting[at].slug if at < len(fitting) else ""


def _all_names(slug: str) -> str:
    return gazetteer().all_names[("agency", slug)]


def _uncounted(marks: Marks, fact: FigureFact, number: Number) -> bool:
    """A small bare number with nothing counted ("players under 18 in China") is no figure,
    unless a verb acts on it ("removing 40 apps and suspending 7", "640 were disposed of"); nor is a count of
    campaigns or batches ("15 campaigns")."""
    r = rules()
    if r.uncounted_objects & set(fact.object.lower().split()) or fact.object.startswith(
        tuple(w for w in r.uncounted_objects if HAN_CHAR.search(w))
    ):
        return True
    bare = not fact.object and fact.value < 1000 and not HAN_CHAR.search(fact.sentence)
    return bare and not (fact.action and (_acted_on(marks, number) or _passive(marks, number, "")))


def _spelled_acted_on(marks: Marks, fact: FigureFact, number: Number) -> bool:
    """A number in words counts only beside an action that acts on it: just before it ("closed
    four sites") or just after what it counts ("four apps were removed"), not one elsewhere in
    the sentence ("summoned Weibo…, days after fans of two pop stars clashed"). A Chinese one
    when its reading found a verb (被 may open the next clause)."""
    if not fact.action:
        return False
    if _in_chinese(marks.sentence.text, number) or _acted_on(marks, number):
        return True
    after = bisect_left(marks.actions, number.end, key=START)
    reach = number.end + len(fact.object) + PASSIVE_GAP
    return after < len(marks.actions) and marks.actions[after][0] <= reach


PASSIVE_GAP = 20  # characters between what is counted and its verb ("apps have now been removed")


ACTED_ON = 30  # characters between a verb and the bare number it acts on ("suspending the updates of 4")


def _acted_on(marks: Marks, number: Number) -> bool:
    """Does an action end just before the number, in its clause, with no other number between?"""
    before = bisect_right(marks.actions, number.start, key=END)
    if not before:
        return False
    end = marks.actions[before - 1][1]
    clause_start, _ = _clause(marks, number.start, len(marks.sentence.text))
    return (
        end >= clause_start
        and number.start - end <= ACTED_ON
        and not DIGIT.search(marks.sentence.text, end, number.start)
    )


def _describe(marks: Marks, number: Number, previous_agency: str) -> FigureFact:
    r = rules()
    sentence = marks.sentence
    text = sentence.text
    clause_start, clause_end = _clause(marks, number.start, len(text))
    currency = find_currency(text, number)
    chinese = (
        read_chinese(text, number.start, number.end, marks.actions) if _in_chinese(text, number) else None
    )
    starts = {start for start, _, _ in marks.actions}
    # money counts money
    obj = "" if currency else (chinese and chinese.object) or _object(text, number, starts)
    passive = "" if chinese else _passive(marks, number, obj)
    action = chinese.action if chinese else passive or _action(marks, number, clause_start, clause_end)
    if not chinese and not passive and _subject_of_other_verb(marks, number, clause_start, clause_end):
        action = ""  # "some 500 actors signed a statement calling on platforms to take down …"
    action = r.counted_action_of.get(obj.split(" ")[0].lower(), action) if not chinese else action
    if not chinese and obj.lower().endswith(r.notice_nouns) and r.issued.search(text, 0, number.start):
        action = "warned"  # "sent more than 1,900 cessation notices"
    if (
        _statistic(text, number, obj)
        or (not passive and _possessed(marks, number))
        or (currency and (action not in r.money_actions or _ceiling(text, number)))
        # a fine's amount is written loosely ("fined the company … 1.5 million yuan"); any other
        # amount counts only when its verb acts on it
        or (currency and action != "fined" and not _acts_on_money(marks, number, clause_end))
    ):
        action = ""  # revenue, users, staff, an amount involved: a fact about the world
    conversion = find_conversion(text, number) if currency else None
    return FigureFact(
        value=number.value,
        qualifier=_qualifier(text, number),
        object=obj,
        action=action,
        kind="enforcement" if action else "statistic",
        currency=currency,
        agency=_agency(marks, number) or (previous_agency if action else ""),
        platform=_platform(marks, number, clause_start, clause_end),
        sentence=text,
        start=sentence.start,
        end=sentence.end,
        converted_value=conversion[0] if conversion else None,
        converted_currency=conversion[1] if conversion else "",
    )


CEILING_REACH = 120  # characters before an amount a "maximum fine" may stand


LABEL_WORDS = 8  # a list's label before its colon is short: "Apps removed from stores:"


def _label_action(marks: Marks, number: Number) -> str:
    """The action a line's label names before its colon ("Summonses of platforms: 8,608",
    "Accounts closed: 1.2 million"): a noun counting actions first, else an action in it."""
    text = marks.sentence.text
    colon = text.rfind(":", 0, number.start)
    label = text[:colon].strip()
    if (
        colon < 0
        or not label
        or len(label.split()) > LABEL_WORDS
        or DIGIT.search(label)
        or _in_chinese(text, number)
    ):
        return ""
    r = rules()
    counted = r.counted_action_of.get(label.split()[0].lower())
    actions = [a for a in marks.actions if a[1] <= colon]
    return counted or (actions[-1][2] if actions else "")


def _acts_on_money(marks: Marks, number: Number, clause_end: int) -> bool:
    """Is an amount frozen, seized or refunded itself: the verb just before it ("froze 20
    million yuan") or after it in its clause ("20 million yuan of gains was confiscated"), not
    one acting on something else ("suspended access after it sought a fee of 10 million yuan")?"""
    after = bisect_left(marks.actions, number.end, key=START)
    return _acted_on(marks, number) or (after < len(marks.actions) and marks.actions[after][0] < clause_end)


def _ceiling(text: str, number: Number) -> bool:
    """Is the amount a legal ceiling: "maximum fine" before it, and no other number between,
    or a bound of a range right after it ("10万元以上50万元以下")?"""
    if rules().ceilings_after.match(text, number.end):
        return True
    marks = list(rules().ceilings.finditer(text, max(0, number.start - CEILING_REACH), number.start))
    if marks and not DIGIT.search(text, marks[-1].end(), number.start):
        return True
    # either bound of "a fine of between RMB 100,000 and RMB 500,000"
    ranges = list(rules().ranges.finditer(text, max(0, number.start - CEILING_REACH), number.start))
    between = text[ranges[-1].end() : number.start] if ranges else ""
    return bool(ranges) and len(AMOUNT.findall(between)) <= 1 and not RANGE_END.search(between)


def _statistic(text: str, number: Number, obj: str) -> bool:
    """Is the number a size (sales, users, staff) rather than what was done to something?"""
    r = rules()
    words = CLAUSE_END.split(text[number.end : number.end + REACH], maxsplit=1)[0].split()[:4]
    # what the number is: the words after it up to a preposition ("fined … 93 million yuan for
    # hiding income" counts no income)
    after = " ".join(takewhile(lambda word: word.lower() not in r.describing_stops, words))
    before = text[max(0, number.start - 50) : number.start]
    marker_before = list(r.statistic_markers_before.finditer(before))
    acted_since = marker_before and r.actions.search(before[marker_before[-1].end() :])
    return bool(
        r.statistic_markers.search(obj)
        or r.statistic_markers.search(after)
        or (marker_before and not acted_since)
    )


def _possessed(marks: Marks, number: Number) -> bool:
    """Is the number what something has ("had 1 million users", "with 668 million players"),
    the word of having no part of an action ("dealt with over 4,000 accounts")?"""
    found = rules().possessives.search(marks.sentence.text, max(0, number.start - NEAR), number.start)
    if not found:
        return False
    at = bisect_right(marks.actions, found.start(), key=START)
    return not at or marks.actions[at - 1][1] <= found.start()


def _clause(marks: Marks, position: int, length: int) -> tuple[int, int]:
    """The clause around a position: from the last boundary ending before it to the first
    boundary starting after it (a boundary straddling it bounds nothing)."""
    clauses = marks.clauses
    before, after = bisect_right(clauses, position, key=END), bisect_left(clauses, position, key=START)
    return (clauses[before - 1][1] if before else 0), (clauses[after][0] if after < len(clauses) else length)


def _qualifier(text: str, number: Number) -> str:
    r = rules()
    if after := r.qualifiers_after.match(text, number.end):
        return r.qualifier_after_of[int(after.lastgroup[1:])]
    before = r.qualifiers_before.search(text, max(0, number.start - NEAR), number.start)
    if before:
        return r.qualifier_of[before.group(1).lower()]
    tail = text[number.start : number.end + 2]
    head = text[max(0, number.start - 2) : number.start]
    for word, qualifier in sorted(r.qualifiers_zh.items(), key=lambda wq: -len(wq[0])):
        if head.endswith(word) or (word in tail and word in "余餘多左右"):  # 约谈3家: no 约
            return qualifier
    return "exactly"


def _in_chinese(text: str, number: Number) -> bool:
    return bool(
        CJK_AFTER.match(text, number.end, number.end + REACH)
        or HAN_CHAR.search(text, max(0, number.start - 1), number.start)
    )


def _object(text: str, number: Number, action_starts: set[int]) -> str:
    """The words after the number that name what it counts, up to a stop word or an action
    ("pieces of content cleaned up": the object ends where "cleaned up" starts)."""
    r = rules()
    if _in_chinese(text, number):
        return _chinese_object(text, number)
    after = r.qualifiers_after.match(text, number.end)  # "300+ apps": the apps follow the +
    begin = after.end() if after else number.end
    matches = list(islice(TOKEN.finditer(text, begin, begin + REACH), 10))
    tokens = [t.group().strip("\"“”'‘’") for t in matches]
    words: list[str] = []
    for i, word in enumerate(tokens):
        if matches[i].start() in action_starts:
            break
        lower = word.lower()
        following = tokens[i + 1].lower() if i + 1 < len(tokens) else ""
        beyond = tokens[i + 2] if i + 2 < len(tokens) else ""
        # "pornography and illegal websites" joins; "suspects and questioned 21 others" does not
        joins = lower in ("and", "or") and words and following and following not in r.stops
        joins = joins and not DIGIT.search(beyond)
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
    after = CJK_WORD_AFTER.match(text, number.end, number.end + REACH)
    if after and not rules().actions.match(after.group(1)):
        return re.split(r"[的和及与]", after.group(1))[0][:6]
    before = CJK_WORD_BEFORE.search(text, max(0, number.start - 8), number.start)
    if not before:
        return ""
    chunk = before.group(1)
    verbs = list(rules().actions.finditer(chunk))
    verb = verbs[-1] if verbs else None
    chunk = chunk[verb.end() :] if verb else chunk
    return re.sub(r"^(了|共|累计|累計|共计|共計)", "", chunk).rstrip("超过逾近约")[:8]


def _action(marks: Marks, number: Number, clause_start: int, clause_end: int) -> str:
    """The action nearest the number within its clause, else within its sentence."""
    actions = marks.actions
    low, high = bisect_left(actions, clause_start, key=START), bisect_right(actions, clause_end, key=END)
    if low >= high:
        low, high = 0, len(actions)
    if low >= high:
        return ""
    # Actions never overlap, so their ends rise with their starts: the nearest is the last
    # one ending before the number or the first one after it (the earlier on a tie).
    after = bisect_right(actions, number.start, low, high, key=END)
    if after < high and rules().object_number.match(marks.sentence.text, actions[after][1]):
        high = after  # "42 platforms, asking them to remove 28,000 messages": it acts on the 28,000
    if after == low:
        return actions[after][2] if after < high else ""
    if after == high:
        return actions[after - 1][2]
    gap_before = number.start - actions[after - 1][1]
    gap_after = actions[after][0] - number.end + 1
    return actions[after - 1][2] if gap_before <= gap_after else actions[after][2]


def _subject_of_other_verb(marks: Marks, number: Number, clause_start: int, clause_end: int) -> bool:
    """Is the number, with no action before it in its clause, the subject of a verb that is no
    action, a few words on and before any action?"""
    actions = marks.actions
    before = bisect_left(actions, number.start, key=START)
    if before and actions[before - 1][0] >= clause_start:
        return False
    text = marks.sentence.text
    verb = rules().subject_verb.match(text, number.end, clause_end)
    if not verb:
        return False
    after = bisect_left(actions, number.end, key=START)
    if after < len(actions) and actions[after][0] < verb.end():
        return False
    # "600 shops that had bought reviews were removed": a passive action later is the number's
    return not any(
        PASSIVE_BEFORE.search(text, max(0, start - 12), start)
        for start, _, _ in actions[after:]
        if start < clause_end
    )


PASSIVE_BEFORE = re.compile(r"\b(?:was|were|been|be|being|is|are)\s+(?:\w+ly\s+)?$", re.I)


def _passive(marks: Marks, number: Number, obj: str) -> str:
    """The verb right after what the number counts, past only auxiliaries ("120 groups
    dissolved", "3,000 accounts have been banned"): it acts on the number, whatever verb
    stands before it ("…were banned and 120 groups dissolved")."""
    end = number.end + (len(obj) + 1 if obj else 0)
    after = bisect_left(marks.actions, end, key=START)
    if after == len(marks.actions):
        return ""
    start, stop, action = marks.actions[after]
    if marks.sentence.text[start:stop].endswith("ing"):
        return ""  # "460 cases involving gambling": a present participle describes the object
    gap = marks.sentence.text[end:start]
    return action if rules().auxiliaries.fullmatch(gap) else ""


def _year_paired(text: str, number: Number, before: FigureFact, before_end: int) -> bool:
    """Is a bare number the figure before it again for another year ("420 in 2022, 259 in
    2023", "512 platforms in 2022 but only 88 in 2023", "500 platforms; in 2023, fewer than
    100"): only years, connectives and qualifiers between them?"""
    gap = text[before_end : number.start]
    gap = gap[len(before.object) + 1 :] if before.object and gap.lstrip().startswith(before.object) else gap
    return bool(
        rules().year_gap.fullmatch(gap)
        and (IN_YEAR_AFTER.match(text, number.end) or IN_YEAR_BEFORE.search(gap))
    )


IN_YEAR_AFTER = re.compile(r"\s+in\s+(?:19|20)\d\d\b")
IN_YEAR_BEFORE = re.compile(r"\bin\s+(?:19|20)\d\d\b")
SERIAL = re.compile(r"\s*\|")  # after a number alone in a table row's first cell
PART = re.compile(r"\s+(?:of|among)\s+(?:them|which|those|these)\b", re.I)  # "177 of them"
COORDINATED = re.compile(r"\s*(?:,|and|&|,\s*and|、|和|及|与|與|会同|會同)\s*(?:the\s+)?")


def _agency(marks: Marks, number: Number) -> str:
    """The last agency named before the number in its sentence, else the first after it; of
    agencies named together ("the offices of Zhejiang and Jiangsu", "A、B", "A, the B and the C",
    "A会同B"), the first."""
    agencies = marks.agencies
    before = bisect_left(agencies, number.start, key=START)
    if before:
        at = _first_of_group(marks, before - 1)
        # partners the subject acts with ("A…，会同B…约谈"): the subject named before them
        if at and rules().partner.search(marks.sentence.text, max(0, agencies[at][0] - 24), agencies[at][0]):
            at = _first_of_group(marks, at - 1)
        # one the subject hands something to ("向公安机关移送线索21条"): the subject before it
        while at >= 0 and rules().recipient.search(
            marks.sentence.text, max(0, agencies[at][0] - 24), agencies[at][0]
        ):
            at = _first_of_group(marks, at - 1) if at else -1
        return agencies[at][1].slug if at >= 0 else ""
    after = bisect_left(agencies, number.end, key=START)
    return agencies[after][1].slug if after < len(agencies) else ""


def _first_of_group(marks: Marks, at: int) -> int:
    """The first of the agencies named together with the one at `at` ("A、B", "A and the B")."""
    agencies, text = marks.agencies, marks.sentence.text
    while at and COORDINATED.fullmatch(
        text, agencies[at - 1][0] + len(agencies[at - 1][1].surface), agencies[at][0]
    ):
        at -= 1
    return at


def _platform(marks: Marks, number: Number, clause_start: int, clause_end: int) -> str:
    """The platform named nearest the number's end within its clause (the earlier on a tie)."""
    platforms = marks.platforms
    low, high = bisect_left(platforms, clause_start, key=START), bisect_left(platforms, clause_end, key=START)
    if low >= high:
        return ""
    after = bisect_left(platforms, number.end, low, high, key=START)
    if after == low:
        return platforms[after][1].slug
    if after == high or number.end - platforms[after - 1][0] <= platforms[after][0] - number.end:
        return platforms[after - 1][1].slug
    return platforms[after][1].slug
