"""Seeded synthetic articles for benchmarks: realistic shape, real entity names and figures.

Filler words follow a Zipf-like law over a fixed vocabulary, so term frequencies range from
"in most articles" to "in a handful"; "social media" is deliberately common, as in real
coverage, so phrase queries meet a long posting list.
"""

import bisect
import html
import itertools
import random
import re
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
# Chinese filler: common characters, so the text reads as Chinese to every detector.
HAN = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动"
    "同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自"
    "二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日"
    "那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变"
    "条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总"
    "次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指"
    "几九区强放决西被干做必战先回则任取据处理府研质"
)
ZH_OBJECTS = ["账号", "网站", "应用程序", "违法信息", "直播间", "群组", "案件", "链接"]
ZH_ACTIONS = ["关闭", "清理", "删除", "下架", "处置", "封禁", "约谈", "查处"]
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
    paragraphs: tuple[str, ...]

    def as_html(self) -> str:
        """The article as a news site serves it: head, navigation, the article, a footer."""
        day, title, outlet = self.published_on.isoformat(), html.escape(self.title), html.escape(self.outlet)
        return "\n".join(
            [
                '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">',
                f"<title>{title} - {outlet}</title>",
                f'<meta property="article:published_time" content="{day}T10:00:00+08:00">',
                "</head>\n<body>",
                f'<header><div class="logo">{outlet}</div><nav>Home | China | Tech | Business</nav></header>',
                f'<main><article>\n<h1>{title}</h1>\n<p class="byline">By Staff Reporter | {day}</p>',
                *(f"<p>{html.escape(paragraph)}</p>" for paragraph in self.paragraphs),
                "</article></main>",
                f"<footer>Copyright {self.published_on.year} {outlet}. All rights reserved.</footer>",
                "</body>\n</html>\n",
            ]
        )


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
        self.agencies_zh = [n for e in entities("agency") for n in e["names_zh"][:1]]
        self.campaigns = [e["name"] for e in entities("campaign")]
        self.laws = [e["name"] for e in entities("law")]
        # campaigns and laws drawn apart, so the pages' other words stay those of earlier benches
        self.context = random.Random(seed + 1_000_003)

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
        context = self.context
        if context.random() < 0.2:
            sentences.insert(
                context.randrange(len(sentences)), f"It was part of the {context.choice(self.campaigns)}."
            )
        if context.random() < 0.15:
            sentences.insert(
                context.randrange(len(sentences)), f"Officials cited the {context.choice(self.laws)}."
            )
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
        name = f"synthetic-{number:06d}.txt"
        return SyntheticArticle(name, title, published, outlet, text + "\n", tuple(paragraphs))

    def long_page(self, megabytes: float, *, chinese: bool = False, punctuated: bool = True) -> str:
        """One page of about `megabytes` of UTF-8 (a long report pasted as text); without
        punctuation, one endless line with no sentence or paragraph break."""
        paragraphs, size, limit = [], 0, int(megabytes * 2**20)
        while size < limit:
            paragraph = self._paragraph_zh() if chinese else self._paragraph_en()
            if not punctuated:
                paragraph = re.sub(r"[.,;:!?。，；：！？]", "", paragraph)
            paragraphs.append(paragraph)
            size += len(paragraph.encode()) + 2
        return ("\n\n" if punctuated else " ").join(paragraphs) + "\n"

    def _paragraph_en(self) -> str:
        rng = self.rng
        return " ".join(
            self.figure() if rng.random() < 0.12 else self.filler(rng.randint(8, 24)) for _ in range(4)
        )

    def _paragraph_zh(self) -> str:
        rng = self.rng
        sentences = []
        for _ in range(4):
            filler = "".join(rng.choice(HAN) for _ in range(rng.randint(12, 40)))
            if rng.random() < 0.2:
                agency = rng.choice(self.agencies_zh)
                value = rng.choice([f"{rng.randint(2, 9999)}", f"{rng.randint(1, 99)}.{rng.randint(1, 9)}万"])
                filler += f"，{agency}{rng.choice(ZH_ACTIONS)}{rng.choice(ZH_OBJECTS)}{value}个"
            sentences.append(filler + "。")
        return "".join(sentences)

    def articles(self, count: int):
        for number in range(count):
            yield self.article(number)
