"""Tag an article with topics from the keyword lists in archive/data/categories.toml."""

from functools import cache

import ahocorasick

from archive import data


@cache
def _automaton() -> tuple[ahocorasick.Automaton, list[str]]:
    """Every keyword, lowercased, → (its category's place in the data file, its length, whether
    it must start a word): English keywords start a word, Chinese ones are substrings of
    unspaced text. One pass over a text finds them all (a substring search per keyword read
    the text 800 times; one regular expression of them all was slower still)."""
    automaton = ahocorasick.Automaton()
    slugs = []
    for place, category in enumerate(data.load("categories")["category"]):
        slugs.append(category["slug"])
        keywords = [(k, True) for k in category["keywords"]] + [(k, False) for k in category["keywords_zh"]]
        for keyword, word_start in keywords:
            key = keyword.lower()
            # a keyword two categories share tags both
            entries = automaton.get(key, ()) + ((place, len(key), word_start),)
            automaton.add_word(key, entries)
    automaton.make_automaton()
    return automaton, slugs


def extract_categories(text: str) -> list[str]:
    """Slugs of the categories whose keywords the text uses, in data-file order."""
    automaton, slugs = _automaton()
    lowered = text.lower()
    found = set()
    for end, entries in automaton.iter(lowered):
        for place, length, word_start in entries:
            if place not in found and (not word_start or _starts_word(lowered, end + 1 - length)):
                found.add(place)
    return [slugs[place] for place in sorted(found)]


def _starts_word(lowered: str, at: int) -> bool:
    return at == 0 or not (lowered[at - 1].isalnum() or lowered[at - 1] in "_-")
