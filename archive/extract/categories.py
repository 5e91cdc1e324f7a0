"""Tag an article with topics from the keyword lists in archive/data/categories.toml."""

from functools import cache

from archive import data


@cache
def _categories() -> list[tuple[str, tuple[tuple[str, bool], ...]]]:
    """(slug, ((keyword lowercased, whether it must start a word), ...)), in data-file order:
    English keywords start a word, Chinese ones are substrings of unspaced text."""
    return [
        (
            category["slug"],
            tuple((k.lower(), True) for k in category["keywords"])
            + tuple((k.lower(), False) for k in category["keywords_zh"]),
        )
        for category in data.load("categories")["category"]
    ]


def extract_categories(text: str) -> list[str]:
    """Slugs of the categories whose keywords the text uses, in data-file order."""
    lowered = text.lower()
    return [
        slug
        for slug, keywords in _categories()
        # `in` first: most keywords are absent, and it costs no Python call
        if any(k in lowered and _uses(lowered, k, word_start) for k, word_start in keywords)
    ]


def _uses(lowered: str, keyword: str, word_start: bool) -> bool:
    """Substring searches, not a regular expression: a keyword found only inside words
    ("idol" in "kaidolu") made the pattern scan a whole 20 MB page per category."""
    at = lowered.find(keyword)
    while at >= 0:
        if not word_start or at == 0 or not (lowered[at - 1].isalnum() or lowered[at - 1] in "_-"):
            return True
        at = lowered.find(keyword, at + 1)
    return False
