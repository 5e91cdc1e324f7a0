"""Find the numbers a sentence states: digits, multipliers, measure words, spelled numbers."""

import re
from dataclasses import dataclass

from archive.extract.figure_rules import rules
from archive.extract.spans import Spans
from archive.text import MONTH_NAMES

# Not inside a date, time, address or name: no letter, digit or joining mark just before it, no
# decimal point or time separator with digits just after it ("16:15:10", "5·20", "2023.05.09").
DIGITS = re.compile(
    r"(?<![A-Za-z0-9_.,/:·-])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?![\d,]*\.\d)(?!\s?[:：·]\s?\d)"
)
LETTER = re.compile(r"[A-Za-z]")
DIGIT = re.compile(r"\d")
# A month's name or abbreviation as a whole word ("20 Oct.", but not "2,100 novels"); "may"
# only as the month ("3 May", not "300 may be")
MONTH = rf"(?:(?i:{MONTH_NAMES.replace('|may', '')})|May)\b\.?"
MONTH_NEAR = re.compile(rf"\b{MONTH}\s*$")
MONTH_AFTER = re.compile(rf"\s*{MONTH}")
# "44 times", but not "three times the fine" or "10 times more"
TIMES = re.compile(
    r"\s+times\b(?!\s+(?:the|a|as|more|less|higher|lower|larger|smaller|bigger|greater|that|what|over|its|their)\b)",
    re.I,
)
ORDINAL = re.compile(r"\s*(st|nd|rd|th)\b")
# The second number of a range ("3至5年", "25 to 40 years"): what follows it says what the first is.
RANGE_END = re.compile(r"\s*(?:至|到|~|～|–|—|to)\s*\d[\d,]*(?:\.\d+)?")
PREFIX_REACH = 20  # characters before a number a word that makes it no count may take ("children under")
# What follows a number is read in a window of this many characters, never the rest of the
# sentence: multipliers, measure words, currencies, the counted object (ten words).
REACH = 200


@dataclass(frozen=True)
class Number:
    value: int
    start: int
    end: int  # after the multiplier and any Chinese measure word
    spelled: bool = False  # "four video programmes": counts only beside an action
    times: bool = False  # "punished Weibo 44 times": counts only right after an action


def find_numbers(text: str) -> list[Number]:
    r = rules()
    found = []
    # most sentences hold no number: a quick test spares them the scans of the patterns
    spelled = r.spelled.search(text.lower())
    for match in r.words.finditer(text) if spelled else ():
        words, multiplier = match.group(1).lower(), match.group(2).lower()
        value = r.number_words[words] * r.multiplier_of[multiplier]
        found.append(Number(int(value), match.start(), match.end()))
    for match in r.small_words.finditer(text) if spelled else ():
        end = match.end()
        if not r.multipliers.match(text, end, end + REACH) and not r.not_counts.match(text, end, end + REACH):
            value = r.number_words[match.group(1).lower()]
            found.append(Number(int(value), match.start(), end, spelled=True))
    for match in r.chinese_numerals.finditer(text):
        value = chinese_value(match.group())
        start, end = match.span()
        if (
            value >= 2
            and not r.not_counts.match(text, end, end + REACH)
            and not r.not_count_prefixes.search(text, max(0, start - PREFIX_REACH), start)  # 第四个
        ):
            measure = rules().measure.match(text, match.end(), match.end() + REACH)
            found.append(
                Number(value, match.start(), measure.end() if measure else match.end(), spelled=True)
            )
    taken = Spans([(n.start, n.end) for n in found])
    for match in DIGITS.finditer(text) if DIGIT.search(text) else ():
        if taken.covers(match.start()):
            continue
        number = _digits(text, match)
        if number:
            found.append(number)
    return sorted(found, key=lambda n: n.start)


def chinese_value(numerals: str) -> int:
    """三百 → 300, 两千二百余万 → 22,000,000, 一万一千 → 11,000 (余 and 多 are skipped)."""
    values = rules().numeral_value
    total = section = digit = 0
    for char in numerals:
        value = values.get(char)
        if value is None:
            continue
        if value < 10:
            digit = value
        elif value < 10_000:
            section += (digit or (1 if value == 10 or not (total or section) else 0)) * value  # 百 = 100
            digit = 0
        elif value == 10_000:
            total += (section + digit) * value
            section = digit = 0
        else:
            total = (total + section + digit) * value
            section = digit = 0
    return total + section + digit


def _digits(text: str, match: re.Match) -> Number | None:
    r = rules()
    raw, start, end = match.group(1), match.start(), match.end()
    if r.not_count_prefixes.search(text, max(0, start - PREFIX_REACH), start) or MONTH_NEAR.search(
        text, max(0, start - 10), start
    ):
        return None
    value = float(raw.replace(",", ""))
    scaled = False
    while mult := r.multipliers.match(text, end, end + REACH):  # "1.4m", "2200万", "13.4亿", "7200余个"
        value *= r.multiplier_of[next(g for g in mult.groups() if g).lower()]
        end = mult.end()
        scaled = True
    if not scaled and LETTER.match(text, end):
        return None  # inside a name: "9kan.tv", "360Safe"
    if times := TIMES.match(text, end, end + REACH):
        return Number(int(round(value)), start, times.end(), times=True)
    if r.not_counts.match(text, end, end + REACH) or ORDINAL.match(text, end, end + REACH):
        return None
    if (upper := RANGE_END.match(text, end, end + REACH)) and r.not_counts.match(
        text, upper.end(), end + REACH
    ):
        return None  # "3至5年有期徒刑", "aged 25 to 40 years": a span or an age
    if MONTH_AFTER.match(text, end, end + REACH):
        return None  # "20 October"
    if not scaled and ("." in raw or value < 2):
        return None
    if not scaled and "," not in raw and 1900 <= value <= 2100 and not rules().measure.match(text, end):
        return None  # a year (not "2000余名")
    measure = rules().measure.match(text, end, end + REACH)
    if measure:
        end = measure.end()
    return Number(int(round(value)), start, end)
