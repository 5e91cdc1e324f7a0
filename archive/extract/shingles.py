"""The shingles two copies of one text share: runs of words, and of Chinese characters.

Reprints differ in their furniture, their headline, a word here and there, and the script
(simplified or traditional); shingles are taken from the clean body folded to simplified
characters, with case, punctuation and spacing set aside.
"""

import re

from archive.text import HAN, to_simplified

WORDS = 3  # Latin words in a shingle
CHARACTERS = 4  # Chinese characters in a shingle
LATIN_WORD = re.compile(rf"[^\W\d_{HAN}]+|\d+")
HAN_RUN = re.compile(f"[{HAN}]+")


def shingles(text: str) -> set[str]:
    folded = to_simplified(text).casefold()
    words = LATIN_WORD.findall(HAN_RUN.sub(" ", folded))
    found = {" ".join(words[i : i + WORDS]) for i in range(max(1, len(words) - WORDS + 1)) if words}
    characters = "".join(HAN_RUN.findall(folded))
    found |= {characters[i : i + CHARACTERS] for i in range(len(characters) - CHARACTERS + 1)}
    return found
