"""Tag an article with topics from the keyword lists in archive/data/categories.toml."""

import re
from functools import cache

from archive import data


@cache
def _patterns() -> list[tuple[str, re.Pattern]]:
    patterns = []
    for category in data.load("categories")["category"]:
        english = "|".join(re.escape(k) for k in category["keywords"])
        chinese = "|".join(re.escape(k) for k in category["keywords_zh"])
        parts = [rf"(?<![\w-])(?:{english})"] if english else []
        parts += [f"(?:{chinese})"] if chinese else []
        patterns.append((category["slug"], re.compile("|".join(parts) or "(?!)", re.I)))
    return patterns


def extract_categories(text: str) -> list[str]:
    """Slugs of the categories whose keywords the text uses, in data-file order."""
    return [slug for slug, pattern in _patterns() if pattern.search(text)]
