"""What the archive knows about writing, defined once: the range of Chinese characters, what a
word is, the fold from traditional to simplified characters, and the English month names."""

import re
from functools import cache

import opencc

# CJK unified ideographs with Extension A, and the compatibility ideographs
HAN = "\u3400-\u9fff\uf900-\ufaff"
HAN_CHAR = re.compile(f"[{HAN}]")
# A word as search reads it: a run of Latin letters or digits, or one Chinese character on its
# own. Hyphens and dots part words ("anti-fraud" holds "fraud", "JD.com" holds "JD"; written
# whole they are searched as a phrase), and a possessive's "s" is no word ("China's" is "China").
WORD = re.compile(rf"(?!(?<=['’])s\b)[^\W_{HAN}]+|[{HAN}]")
# A row of an article's table as cleaning keeps it, one row a paragraph: "| 1 | 乐拍修图 |"
# (trafilatura's form); its cells are what stands between " | " marks.
# the date under an official notice, on a line of its own ("2024年9月26日")
SIGNED_ON = re.compile(r"(?:19|20)\d\d\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日")
TABLE_ROW = re.compile(r"(?m)^\|(?: [^|\n]+ \|){2,}$")
MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
# any month name or its abbreviation, longest first (to put inside a pattern)
MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
# the three-letter forms, which start every month's name and abbreviation
MONTH_STEMS = "|".join(name for name in MONTHS if len(name) == 3)


def is_han(char: str) -> bool:
    return bool(HAN_CHAR.fullmatch(char))


@cache
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional characters folded to simplified (simplified text comes back the same)."""
    return _t2s().convert(text)


@cache
def _s2t() -> opencc.OpenCC:
    return opencc.OpenCC("s2t")


def to_traditional(text: str) -> str:
    """Simplified characters in their traditional forms (for names the data files write once)."""
    return _s2t().convert(text)


@cache
def simplified_char(char: str) -> str:
    return _t2s().convert(char)
