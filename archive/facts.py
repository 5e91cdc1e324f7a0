"""One fact across the copies of a story: the figures that state it in each article grouped,
the earliest article's copy chosen to stand for them, and a conflict flagged where the copies
give different numbers.

A fact is a story, an action, a unit (units.py) and its rank among the article's figures with
that action and unit: the first "closed … accounts" of one copy is the first of every copy.
Kept on the figures (unit, year, fact, lead, copies, conflict) when an article is stored or
reprocessed, when stories merge or regroup, and when a curator corrects a figure.
"""

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

from archive.models import Article, Figure
from archive.totals import group_of, mark_stale
from archive.units import unit_of

FIELDS = ("unit", "year", "fact", "lead", "copies", "conflict")
STORIES = 500  # stories refreshed per query
UPDATE = 900  # figures per update (SQLite takes 999 parameters at most in older versions)


@dataclass(slots=True)
class Copy:
    """What grouping reads of a figure, and what it sets (FIELDS)."""

    pk: int
    article_id: int
    start: int
    action: str
    object: str
    currency: str
    value: int
    agency_id: int | None
    platform_id: int | None
    story: str
    published: date | None
    unit: str
    year: int | None
    fact: str
    lead: bool
    copies: int
    conflict: bool


READ = ("pk", "article_id", "start", "action", "object", "currency", "value", "agency_id", "platform_id")
READ += ("article__story_key", "article__published_on", *FIELDS)


def refresh_facts(story_keys: Iterable[str], *, model=Figure) -> int:
    """Group the figures of these stories afresh; returns how many figures changed."""
    keys = sorted({key for key in story_keys if key})
    changed = 0
    for start in range(0, len(keys), STORIES):
        changed += _save(model.objects.filter(article__story_key__in=keys[start : start + STORIES]), model)
    return changed


def refresh_all_facts(*, model=Figure, article_model=Article) -> int:
    """Every story's figures grouped afresh (after a regroup, or a migration)."""
    keys = article_model.objects.exclude(story_key="").values_list("story_key", flat=True).distinct()
    changed = refresh_facts(list(keys), model=model)
    return changed + _save(model.objects.filter(article__story_key=""), model)  # no story yet


def _save(figures, model) -> int:
    copies = [Copy(*row) for row in figures.order_by().values_list(*READ)]
    before = [tuple(getattr(c, name) for name in FIELDS) for c in copies]
    group_facts(copies)
    alike: dict[tuple, list[int]] = defaultdict(list)  # new values → the figures to get them
    stale = set()  # the totals they leave (unit and year may change) and join
    for copy, old in zip(copies, before, strict=True):
        values = tuple(getattr(copy, name) for name in FIELDS)
        if values != old:
            alike[values].append(copy.pk)
            stale |= {group_of(copy), group_of(replace(copy, **dict(zip(FIELDS, old, strict=True))))}
    mark_stale(stale, model=model)
    for values, pks in alike.items():  # most share them: a figure alone in its story, per unit and year
        for start in range(0, len(pks), UPDATE):
            rows = model.objects.filter(pk__in=pks[start : start + UPDATE])
            rows.update(**dict(zip(FIELDS, values, strict=True)))
    return sum(map(len, alike.values()))


def group_facts(figures: list[Copy]) -> None:
    """Set unit, year, fact, lead, copies and conflict on these figures (every figure of their
    stories)."""
    facts: dict[tuple, list[Copy]] = defaultdict(list)
    rank: dict[tuple, int] = defaultdict(int)
    for figure in sorted(figures, key=lambda f: (f.article_id, f.start, f.pk)):
        figure.unit = unit_of(figure.object, figure.currency)
        figure.year = figure.published.year if figure.published else None
        key = (figure.story or f"a{figure.article_id}", figure.action, figure.unit)
        facts[(*key, rank[(figure.article_id, *key)])].append(figure)
        rank[(figure.article_id, *key)] += 1
    for key, copies in facts.items():
        copies.sort(key=_earliest)
        fact = hashlib.sha1("\x1f".join(map(str, key)).encode()).hexdigest() if len(copies) > 1 else ""
        conflict = len({figure.value for figure in copies}) > 1
        for number, figure in enumerate(copies):
            figure.fact, figure.lead, figure.conflict = fact, number == 0, conflict
            figure.copies = len(copies)


def _earliest(figure: Copy) -> tuple:
    """The article published first (undated ones last), then the one stored first."""
    return (figure.published is None, figure.published or date.min, figure.article_id, figure.start)
