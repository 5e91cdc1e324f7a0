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

from archive.models import Article, Figure
from archive.units import unit_of

FIELDS = ("unit", "year", "fact", "lead", "copies", "conflict")
STORIES = 500  # stories refreshed per query


def refresh_facts(story_keys: Iterable[str], *, model=Figure) -> int:
    """Group the figures of these stories afresh; returns how many figures changed."""
    keys = sorted({key for key in story_keys if key})
    changed = 0
    for start in range(0, len(keys), STORIES):
        chunk = keys[start : start + STORIES]
        figures = model.objects.filter(article__story_key__in=chunk).select_related("article")
        figures = figures.only("pk", *FIELDS, *COMPUTED_FROM, "article__story_key", "article__published_on")
        changed += _save(list(figures), model)
    return changed


COMPUTED_FROM = ("article_id", "start", "action", "object", "currency", "value")


def refresh_all_facts(*, model=Figure, article_model=Article) -> int:
    """Every story's figures grouped afresh (after a regroup, or a migration)."""
    keys = article_model.objects.exclude(story_key="").values_list("story_key", flat=True).distinct()
    changed = refresh_facts(list(keys), model=model)
    alone = model.objects.filter(article__story_key="").select_related("article")  # no story yet
    alone = alone.only("pk", *FIELDS, *COMPUTED_FROM, "article__story_key", "article__published_on")
    return changed + _save(list(alone), model)


def _save(figures: list, model) -> int:
    before = {f.pk: tuple(getattr(f, name) for name in FIELDS) for f in figures}
    group_facts(figures)
    changed = [f for f in figures if tuple(getattr(f, name) for name in FIELDS) != before[f.pk]]
    model.objects.bulk_update(changed, FIELDS, batch_size=500)
    return len(changed)


def group_facts(figures: list) -> None:
    """Set unit, year, fact, lead, copies and conflict on these figures (every figure of their
    stories, each with its article loaded)."""
    facts: dict[tuple, list] = defaultdict(list)
    rank: dict[tuple, int] = defaultdict(int)
    for figure in sorted(figures, key=lambda f: (f.article_id, f.start, f.pk)):
        article = figure.article
        figure.unit = unit_of(figure.object, figure.currency)
        figure.year = article.published_on.year if article.published_on else None
        story = article.story_key or f"a{article.pk}"
        key = (story, figure.action, figure.unit)
        facts[(*key, rank[(article.pk, *key)])].append(figure)
        rank[(article.pk, *key)] += 1
    for key, copies in facts.items():
        copies.sort(key=_earliest)
        fact = hashlib.sha1("\x1f".join(map(str, key)).encode()).hexdigest() if len(copies) > 1 else ""
        conflict = len({figure.value for figure in copies}) > 1
        for number, figure in enumerate(copies):
            figure.fact, figure.lead, figure.copies, figure.conflict = (
                fact,
                number == 0,
                len(copies),
                conflict,
            )


def _earliest(figure) -> tuple:
    """The article published first (undated ones last), then the one stored first."""
    published = figure.article.published_on
    return (published is None, published or 0, figure.article_id, figure.start)


def stories_of(article_ids: Iterable[int]) -> set[str]:
    return set(Article.objects.filter(pk__in=list(article_ids)).values_list("story_key", flat=True))
