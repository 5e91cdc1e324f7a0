"""Seeded synthetic articles for benchmarks: realistic shape, real entity names and figures.

Filler words follow a Zipf-like law over a fixed vocabulary, so term frequencies range from
"in most articles" to "in a handful"; "social media" is deliberately common, as in real
coverage, so phrase queries meet a long posting list.
"""

import bisect
import itertools
import random
from dataclasses import dataclass
from datetime import date, timedelta

from archive.extract.entities import entities

COMMON = (
    "the of and to in a is that for on with as was by it said at from be has have are this "
    "which its were an or been their more after also will not but they than over new other "
    "its year into two about who under more all one would can most last against some such "
    "government law rules online internet content users accounts platform platforms companies "
    "campaign regulator officials public information security data market services network "
    "media news order measures apps video live streaming minors rumors pornography fraud "
    "gambling violations crackdown inspection rectification management review notice"
).split()
SYLLABLES = [consonant + vowel for consonant in "bdklmnrstvz" for vowel in "aeiou"]
OBJECTS = [
    "accounts",
    "websites",
    "apps",
    "posts",
    "videos",
    "live-streaming rooms",
    "groups",
    "cases",
    "pieces of illegal content",
    "links",
]
MONTHS = ["January", "March", "June", "September"]
ACTIONS = ["closed", "removed", "deleted", "blocked", "banned", "punished", "suspended", "investigated"]
OUTLETS = [
    f"{a} {b}"
    for a, b in itertools.product(
        ["Asia", "China", "Pacific", "Beijing", "Harbour", "Dragon"],
        ["Tech Daily", "Ledger", "Wire", "Review", "Herald"],
    )
]


@dataclass(frozen=True)
class SyntheticArticle:
    name: str
    title: str
    published_on: date
    outlet: str
    text: str  # the page as a scraper would save it, furniture included


class Generator:
    def __init__(self, *, seed: int = 1, vocabulary: int = 30_000):
        self.rng = random.Random(seed)
        words = list(COMMON)
        seen = set(words)
        while len(words) < vocabulary:
            word = "".join(self.rng.choice(SYLLABLES) for _ in range(self.rng.randint(2, 4)))
            if word not in seen:
                seen.add(word)
                words.append(word)
        self.words = words
        weights = [1 / (rank + 1) ** 1.05 for rank in range(len(words))]
        self.cumulative = list(itertools.accumulate(weights))
        self.agencies = [e["name"] for e in entities("agency")] + [
            a for e in entities("agency") for a in e["acronyms"]
        ]
        self.platforms = [e["name"] for e in entities("platform")]

    def word(self) -> str:
        return self.words[bisect.bisect(self.cumulative, self.rng.random() * self.cumulative[-1])]

    def filler(self, length: int) -> str:
        words = [self.word() for _ in range(length)]
        if self.rng.random() < 0.35:
            at = self.rng.randrange(len(words))
            words[at : at + 1] = ["social", "media"]
        return " ".join(words).capitalize() + "."

    def figure(self) -> str:
        value = self.rng.choice(
            [
                f"{self.rng.randint(2, 999):,}",
                f"{self.rng.randint(1_000, 99_999):,}",
                f"{self.rng.randint(1, 9)}.{self.rng.randint(1, 9)} million",
                f"nearly {self.rng.randint(2, 90) * 1000:,}",
                f"more than {self.rng.randint(100, 900_000):,}",
            ]
        )
        rng = self.rng
        return (
            f"The {rng.choice(self.agencies)} said it had {rng.choice(ACTIONS)} {value} "
            f"{rng.choice(OBJECTS)} on {rng.choice(self.platforms)} since {rng.choice(MONTHS)}."
        )

    def article(self, number: int) -> SyntheticArticle:
        rng = self.rng
        published = date(2010, 1, 1) + timedelta(days=rng.randrange(15 * 365))
        words = " ".join(self.word() for _ in range(5))
        title = f"{rng.choice(self.agencies)} acts on {rng.choice(self.platforms)} in {words}"
        sentences, words = [], 0
        target = rng.randint(400, 800)
        while words < target:
            sentence = self.figure() if rng.random() < 0.12 else self.filler(rng.randint(8, 24))
            sentences.append(sentence)
            words += len(sentence.split())
        paragraphs = [" ".join(sentences[i : i + 4]) for i in range(0, len(sentences), 4)]
        outlet = rng.choice(OUTLETS)
        text = "\n\n".join(
            [
                outlet.upper(),
                title,
                f"By Staff Reporter | Updated: {published.isoformat()} 10:00",
                *paragraphs,
                f"Copyright {published.year} {outlet}. All rights reserved.",
            ]
        )
        return SyntheticArticle(f"synthetic-{number:06d}.txt", title, published, outlet, text + "\n")

    def articles(self, count: int):
        for number in range(count):
            yield self.article(number)
