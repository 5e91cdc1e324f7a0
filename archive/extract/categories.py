"""Tag an article with topics from the keyword lists in archive/data/categories.toml."""

import re
from functools import cache

from archive import data
from archive.extract.patterns import alternation


@cache
def _patterns() -> list[tuple[str, tuple[str, ...], re.Pattern]]:
    """(slug, every keyword lowercased, the pattern that confirms a keyword starts a word)."""
    patterns = []
    for category in data.load("categories")["category"]:
        english = alternation(category["keywords"], ignore_case=True)
        chinese = alternation(category["keywords_zh"])
        parts = [rf"(?<![\w-])(?:{english})"] if category["keywords"] else []
        parts += [f"(?:{chinese})"] if category["keywords_zh"] else []
        keywords = tuple(k.lower() for k in (*category["keywords"], *category["keywords_zh"]))
        patterns.append((category["slug"], keywords, re.compile("|".join(parts) or "(?!)", re.I)))
    return patterns


def extract_categories(text: str) -> list[str]:
    """Slugs of the categories whose keywords the text uses, in data-file order."""
    lowered = text.lower()
    # a plain substring test rules most categories out far faster than the regex scan
    return [
        slug
        for slug, keywords, pattern in _patterns()
        if any(k in lowered for k in keywords) and pattern.search(text)
    ]
