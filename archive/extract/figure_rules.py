"""The patterns and word lists figures are found with, from archive/data/figures.toml."""

import re
from dataclasses import dataclass
from functools import cache

from archive import data
from archive.extract.patterns import alternation
from archive.text import HAN_CHAR


@dataclass(frozen=True)
class Rules:
    words: re.Pattern  # "seven million", "half a million"
    multipliers: re.Pattern
    qualifiers_before: re.Pattern
    qualifiers_zh: dict[str, str]
    qualifiers_after: re.Pattern  # "+", "-plus" right after the number; group q<i>: qualifier i
    qualifier_after_of: dict[int, str]
    actions: re.Pattern
    action_of: dict[str, str]
    counted_action_of: dict[str, str]  # "arrests" → arrested: a noun counting actions
    currencies: re.Pattern
    currency_of: dict[str, str]
    stops: frozenset[str]
    partitives: frozenset[str]
    not_counts: re.Pattern
    not_count_prefixes: re.Pattern
    qualifier_of: dict[str, str]
    small_words: re.Pattern  # "four programmes"
    spelled: re.Pattern  # any word a spelled number needs ("million", "four"), lowercase
    statistic_markers: re.Pattern
    statistic_markers_before: re.Pattern  # only before the number: "used by"
    object_number: re.Pattern  # a number right after a verb, a qualifier between at most
    possessives: re.Pattern  # "had", "with" right before the number (and its qualifier)
    number_words: dict[str, float]
    multiplier_of: dict[str, int]
    refers_back: re.Pattern
    referent_word: dict[str, str]  # lowercased phrase → word the agency's names contain
    whole_place: re.Pattern  # "全省", "across the province": refers back before any other phrase
    other_sense: re.Pattern  # an action word that means processing here ("处理…个人信息")
    directed_by: re.Pattern  # "按照", "under" just before an agency that is not the subject
    currency_signs: re.Pattern  # "$", "HK$" just before an amount
    currency_of_sign: dict[str, str]
    conversion: re.Pattern  # "(about 450 million US dollars)" just after an amount
    uncounted_objects: frozenset[str]  # "campaigns", "batches": no enforcement count
    money_actions: frozenset[str]  # the actions an amount of money can take
    partner: re.Pattern  # "会同", "together with" just before an agency: not the subject
    recipient: re.Pattern  # "向", "referred to" just before an agency: not the subject either
    defined_name: re.Pattern  # （以下简称“三只羊公司”）: group "name", the short name
    ceilings: re.Pattern  # "maximum fine": an amount after it is a legal ceiling
    ceilings_after: re.Pattern  # "10万元以上": an amount with it is a bound the law sets
    ranges: re.Pattern  # "a fine of between": the next two amounts are a range the law sets
    auxiliaries: re.Pattern  # what may stand between a counted thing and its passive verb
    subject_verb: re.Pattern  # a few words after a number, the verb it is the subject of
    describing_stops: frozenset[str]  # "for", "by": where the words saying what a number is end
    year_gap: re.Pattern  # what may stand between a figure and its count for another year
    notice_nouns: tuple[str, ...]  # "cessation notices": what an issuing verb sends as warnings
    issued: re.Pattern  # "sent more than" just before a number
    chinese_numerals: re.Pattern  # "两千二百余万" and the measure word after it
    measure: re.Pattern  # the measure words (and 万, 余 …) after a Chinese count: "2200万条"
    numeral_value: dict[str, int]  # 三 → 3, 百 → 100


def _any(forms) -> str:
    return alternation(forms, ignore_case=True)  # every pattern here ignores case


def _lookbehinds(words) -> str:
    """A look-behind body that fails after any of these words and a space (fixed widths only)."""
    return ")(?<!".join(rf"\b{re.escape(w)} " for w in words)


def _english_words(forms) -> str:
    """Whole words for Latin forms, plain substrings for Chinese ones."""
    latin = _any(f for f in forms if not HAN_CHAR.search(f))
    return rf"(?:(?<![\w-])(?:{latin})(?![\w-])|{_any(f for f in forms if HAN_CHAR.search(f))})"


def _split_actions(split: dict[str, list[str]]) -> tuple[str, dict[str, str]]:
    """ "taken … offline": the verb, when the word completing it follows within its clause; each
    action's verbs in a group of their own, since one verb completes to several ("ordered … to
    pay", "ordered … to change"). Returns the pattern and group name → action."""
    groups, action_of = [], {}
    for i, (action, forms) in enumerate(split.items()):
        branches = []
        for form in forms:
            verb, word = (part.strip() for part in form.split("…"))
            branches.append(rf"{re.escape(verb)}(?=[^;；。]{{1,80}}?\b{re.escape(word)}\b)")
        groups.append(rf"(?P<split{i}>{'|'.join(branches)})")
        action_of[f"split{i}"] = action
    return rf"(?<![\w-])(?:{'|'.join(groups)})" if groups else "(?!)", action_of


def _bound_actions(bound: dict[str, list[str]], qualifiers) -> tuple[str, dict[str, str]]:
    """ "named 106 apps": the verb, when a number follows it; group name → action."""
    groups, action_of = [], {}
    for i, (action, forms) in enumerate(bound.items()):
        groups.append(rf"(?P<bound{i}>{_any(forms)})(?=\s+(?:(?:{_any(qualifiers)})\s+)?\d)")
        action_of[f"bound{i}"] = action
    return rf"(?<![\w-])(?:{'|'.join(groups)})" if groups else "(?!)", action_of


@cache
def rules() -> Rules:
    d = data.load("figures")
    words_of = {w.lower(): a for a, words in d["actions"].items() for w in words}
    split_actions, split_action_of = _split_actions(d["split_actions"])
    # a split verb alone ("ordered", "taken") is no action: only with its completing word, and
    # its action is its group's ("split0" → "removed"), looked up by the match's group name
    qualifier_of = {w.lower(): q for q, words in d["qualifiers"].items() for w in words}
    bound_actions, bound_action_of = _bound_actions(d["bound_actions"], qualifier_of)
    action_of = {**split_action_of, **bound_action_of, **words_of}
    sign_of = {w.lower(): c for c, signs in d["currency_signs"].items() for w in signs}
    currency_of = {w.lower(): c for c, words in d["currencies"].items() for w in words}
    multipliers = d["multipliers"]
    zh = d["chinese_numerals"]
    numerals = "".join([*zh["digits"], *zh["units"]])
    latin_mult = [m for m in multipliers if not HAN_CHAR.search(m)]
    return Rules(
        words=re.compile(
            rf"(?<![\w-])({_any(d['number_words'])})\s+"
            rf"({_any(m for m in latin_mult if len(m) > 2)})\b",
            re.I,
        ),
        multipliers=re.compile(
            rf"(?:\s*({_any(m for m in latin_mult if len(m) > 2)})\b"
            rf"|({_any(m for m in latin_mult if len(m) <= 2)})(?![\w])"
            rf"|\s*[余餘多]?\s*([{''.join(m for m in multipliers if HAN_CHAR.search(m))}]))",
            re.I,
        ),
        qualifiers_before=re.compile(
            rf"(?<![\w-])(?<!{_lookbehinds(d['qualifier_lookalikes']['after'])})({_any(qualifier_of)})\s*[\"“]?\s*$",
            re.I,
        ),
        qualifiers_zh={w: q for q, words in d["qualifiers_zh"].items() for w in words},
        qualifiers_after=re.compile(
            "|".join(
                rf"(?P<q{i}>\s?(?:{_any(forms)}))(?![\w+])"
                for i, forms in enumerate(d["qualifiers_after"].values())
            ),
            re.I,
        ),
        qualifier_after_of=dict(enumerate(d["qualifiers_after"])),
        actions=re.compile(f"{split_actions}|{bound_actions}|{_english_words(words_of)}", re.I),
        action_of=action_of,
        counted_action_of={w.lower(): a for a, words in d["counted_actions"].items() for w in words},
        currencies=re.compile(rf"\s*(?:{_english_words(currency_of)})", re.I),
        currency_of=currency_of,
        stops=frozenset(d["counting"]["object_stops"]),
        partitives=frozenset(d["counting"]["partitives"]),
        # a closing bracket may stand between: "昨（13）日" is a day
        not_counts=re.compile(rf"\s*[)）]?\s*(?:{_any(d['counting']['not_counts'])})(?![a-z])", re.I),
        not_count_prefixes=re.compile(
            rf"(?:{_english_words(d['counting']['not_count_prefixes'])})\s*$", re.I
        ),
        qualifier_of=qualifier_of,
        small_words=re.compile(
            rf"(?<![\w-])({_any(w for w, v in d['number_words'].items() if 2 <= v <= 20)})"
            rf"\s+(?=(?:[a-z][\w-]*\s+){{0,2}}[a-z][\w-]*s\b)",  # a plural within three words
            re.I,
        ),
        spelled=re.compile(  # not ignoring case, and without a look-behind: the engine skips fast
            alternation(
                [m.lower() for m in latin_mult if len(m) > 2]
                + [w.lower() for w, v in d["number_words"].items() if 2 <= v <= 20]
            )
        ),
        statistic_markers=re.compile(_english_words(d["counting"]["statistic_markers"]), re.I),
        statistic_markers_before=re.compile(
            _english_words([*d["counting"]["statistic_markers"], *d["counting"]["statistic_markers_before"]]),
            re.I,
        ),
        object_number=re.compile(rf"\s+(?:(?:{_any(qualifier_of)})\s+)?\d", re.I),
        possessives=re.compile(
            rf"(?<![\w-])(?:{_any(d['counting']['possessives'])})\s+(?:(?:{_any(qualifier_of)})\s+)?$", re.I
        ),
        number_words=d["number_words"],
        multiplier_of={k.lower(): v for k, v in multipliers.items()},
        refers_back=re.compile(_english_words(d["refers_back"]), re.I),
        referent_word={k.lower(): v for k, v in (d["refers_back"] | d["whole_place"]).items()},
        whole_place=re.compile(_english_words(d["whole_place"]), re.I),
        other_sense=re.compile(
            rf"(?:{_english_words(d['other_sense']['verbs'])})"
            rf"(?=[^，。；,;]{{0,{d['other_sense']['reach']}}}?(?:{_any(d['other_sense']['objects'])})"
            rf"(?!\s*(?:{_any(d['other_sense']['not_before'])})))",
            re.I,
        ),
        defined_name=re.compile(
            rf"(?:{_any(d['defined_names']['words'])})[\s,，:：]*[“\"「『](?P<name>[^”\"」』\n]{{1,30}})[”\"」』]",
            re.I,
        ),
        partner=re.compile(rf"(?:{_english_words(d['partners']['words'])})(?:\s+the)?\s*$", re.I),
        recipient=re.compile(rf"(?:{_english_words(d['recipients']['words'])})(?:\s+the)?\s*$", re.I),
        directed_by=re.compile(rf"(?:{_english_words(d['directed_by']['words'])})(?:\s+the)?\s*$", re.I),
        currency_signs=re.compile(rf"(?:{_any(sign_of)})\s*$", re.I),
        currency_of_sign=sign_of,
        conversion=re.compile(
            rf"\s*[(（]\s*(?:{_english_words(d['conversions']['leads'])})?\s*"
            rf"(?:(?P<sign>{_any(sign_of)})|(?P<word>{_english_words(currency_of)}))?"
            rf"\s*(?P<amount>\d[^()（）]{{0,60}}?)\s*[)）]",
            re.I,
        ),
        uncounted_objects=frozenset(w.lower() for w in d["counting"]["uncounted_objects"]),
        money_actions=frozenset(d["counting"]["money_actions"]),
        ceilings=re.compile(_english_words(d["counting"]["ceilings"]), re.I),
        ranges=re.compile(_english_words(d["counting"]["ranges"]), re.I),
        ceilings_after=re.compile(
            rf"\s*(?:{_english_words(currency_of)})?\s*(?:{_any(d['counting']['ceilings_after'])})"
        ),
        chinese_numerals=re.compile(
            rf"(?<![{numerals}])(?:[{''.join(zh['digits'])}十]|(?<=[{''.join(zh['bare_unit_after'])}])[百千])"
            rf"[{numerals}{''.join(zh['inside'])}]*"
            rf"(?=[{zh['measures']}])"
        ),
        numeral_value={**zh["digits"], **zh["units"]},
        # 万, 余 … then one measure word at most: "则起底" is 则 and the object's 起
        measure=re.compile(f"[万萬亿億{''.join(zh['inside'])}]+[{zh['measures']}]?|[{zh['measures']}]"),
        describing_stops=frozenset(d["counting"]["describing_stops"]),
        year_gap=re.compile(
            rf"(?:[\s,;]|\b(?:(?:19|20)\d\d|{_any(d['counting']['year_gap_words'])})\b)*", re.I
        ),
        notice_nouns=tuple(d["counting"]["notice_nouns"]),
        issued=re.compile(
            rf"(?<![\w-])(?:{_any(d['counting']['issuing_verbs'])})\s+(?:(?:{_any(qualifier_of)})\s+)?$", re.I
        ),
        subject_verb=re.compile(
            rf"(?:\s+[\w'-]+){{0,12}}?\s+(?:{_any(d['counting']['subject_verbs'])})\b", re.I
        ),
        auxiliaries=re.compile(rf"\s*(?:(?:{_any(d['counting']['auxiliaries'])})\s+)*", re.I),
    )
