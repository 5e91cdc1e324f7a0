"""What a figure counted, folded to one unit per thing (archive/data/units.toml): "账号",
"賬號" and "accounts" are all accounts; a sum of money is counted in its currency."""

import re
from functools import cache, lru_cache

from archive import data
from archive.text import HAN_CHAR, to_simplified


@cache
def _forms() -> tuple[re.Pattern, dict[str, str], re.Pattern, dict[str, str]]:
    """One pattern for the English forms (whole words) and one for the Chinese, each with its
    form → unit table; longer forms first, so "mini programs" wins over "programs"."""
    latin, han = {}, {}
    for unit, forms in data.load("units")["units"].items():
        for form in forms:
            if HAN_CHAR.search(form):
                han[to_simplified(form)] = unit
            else:
                latin[form.casefold()] = unit
    words = "|".join(re.escape(f) for f in sorted(latin, key=len, reverse=True))
    chars = "|".join(re.escape(f) for f in sorted(han, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{words})(?![\w-])"), latin, re.compile(chars), han


@lru_cache(maxsize=20_000)
def unit_of(obj: str, currency: str = "") -> str:
    """The unit a figure counts in: its currency for money, else the folded thing counted (the
    thing itself, simplified and in lower case, when the table does not know it)."""
    if currency:
        return currency
    folded = " ".join(to_simplified(obj).casefold().split())
    if not folded:
        return ""
    latin, latin_unit, han, han_unit = _forms()
    if HAN_CHAR.search(folded):
        found = list(_overlapping(han, folded))
        if found:  # the head of a Chinese noun phrase comes last
            start, end, form = max(found, key=lambda m: (m[1], m[1] - m[0]))
            return han_unit[form]
    first = latin.search(folded)
    return latin_unit[first.group()] if first else folded[:200]


def named_unit(words: str) -> str:
    """The unit some words name as a whole ("accounts", "賬號"), or "": a search for what was
    counted that names a unit finds it in every language."""
    folded = " ".join(to_simplified(words).casefold().split())
    _, latin, _, han = _forms()
    return latin.get(folded) or han.get(folded, "")


def unit_forms(unit: str) -> list[str]:
    return data.load("units")["units"].get(unit, [])


def _overlapping(pattern: re.Pattern, text: str):
    """(start, end, form) of every match starting at each position (forms may overlap)."""
    for start in range(len(text)):
        found = pattern.match(text, start)
        if found:
            yield start, found.end(), found.group()


def is_money(unit: str) -> bool:
    """A currency code (CNY, USD…): what figures with a currency count in."""
    return len(unit) == 3 and unit.isupper() and unit.isalpha()
