"""Amounts of money: the currency of an amount, and the conversion a text gives in brackets
after it ("3 billion yuan (about 450 million US dollars)", "罚款50万元（约合7万美元）")."""

from archive.extract.figure_rules import rules
from archive.extract.numbers import REACH, Number, find_numbers


def find_currency(text: str, number: Number) -> str:
    """The currency of an amount: a word after it ("yuan", "元"), else a sign before it ("$")."""
    r = rules()
    word = r.currencies.match(text, number.end, number.end + REACH)
    if word:
        return r.currency_of[word.group().strip().lower()]
    sign = r.currency_signs.search(text, max(0, number.start - 4), number.start)
    return r.currency_of_sign[" ".join(sign.group().lower().split())] if sign else ""


def find_conversion(text: str, number: Number) -> tuple[int, str, int] | None:
    """(value, currency, end) of a converted amount in brackets right after an amount of money."""
    r = rules()
    at = number.end
    while currency := r.currencies.match(text, at, at + REACH):  # "元人民币", "yuan renminbi"
        at = currency.end()
    bracket = r.conversion.match(text, at, at + REACH)
    if not bracket:
        return None
    amount = bracket.group("amount")
    found = find_numbers(amount)
    if not found or found[0].start != 0:
        return None
    word = r.currencies.match(amount, found[0].end)
    sign = bracket.group("sign")
    if bracket.group("word"):  # "（約新台幣6100萬元）": the word before outranks 元 after
        code = r.currency_of[bracket.group("word").lower()]
    elif word:
        code = r.currency_of[word.group().strip().lower()]
    elif sign:
        code = r.currency_of_sign[" ".join(sign.lower().split())]
    else:
        return None  # "(including 30 apps)": no amount of money
    return found[0].value, code, bracket.end()
