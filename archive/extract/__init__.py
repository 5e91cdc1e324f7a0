"""Extract: the facts in a clean article (who, against whom, how many, about what).

Plain Python with no Django import: text in, frozen dataclasses out.
"""

import bisect
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date

from archive.extract.categories import extract_categories
from archive.extract.discover import Candidate, discover
from archive.extract.entities import Found, as_of, find_entities
from archive.extract.figures import FigureFact, extract_figures


@dataclass(frozen=True)
class EntityCount:
    kind: str
    slug: str
    count: int
    first_offset: int


@dataclass(frozen=True)
class Facts:
    entities: tuple[EntityCount, ...]
    figures: tuple[FigureFact, ...]
    categories: tuple[str, ...]
    candidates: tuple[Candidate, ...] = ()  # names the gazetteer does not know: not facts

    def slugs(self, kind: str) -> list[str]:
        return [e.slug for e in self.entities if e.kind == kind]


def extract_facts(body: str, published: date | None = None) -> Facts:
    """The facts of an article; its publication date, when known, dates the names it uses."""
    found = find_entities(body)
    if published is not None:
        found = as_of(found, published)
    return Facts(
        entities=_count(found),
        figures=tuple(_with_campaigns(extract_figures(body, found), found)),
        categories=tuple(extract_categories(body)),
        candidates=tuple(discover(body, found)),
    )


def _with_campaigns(figures: list[FigureFact], found: list[Found]) -> list[FigureFact]:
    """Each enforcement figure with the campaign its sentence names (the first, if several);
    in an article that names one campaign only, that one (its results are the article)."""
    campaigns = [f for f in found if f.kind == "campaign"]
    if not campaigns:
        return figures
    starts = [c.start for c in campaigns]
    only = campaigns[0].slug if len({c.slug for c in campaigns}) == 1 else ""
    placed = []
    for figure in figures:
        at = bisect.bisect_left(starts, figure.start)
        named = campaigns[at].slug if at < len(campaigns) and campaigns[at].start < figure.end else only
        placed.append(replace(figure, campaign=named) if figure.kind == "enforcement" else figure)
    return placed


def _count(found: list[Found]) -> tuple[EntityCount, ...]:
    counts = Counter((f.kind, f.slug) for f in found)
    first: dict[tuple[str, str], int] = {}
    for f in found:
        first.setdefault((f.kind, f.slug), f.start)
    return tuple(EntityCount(kind, slug, counts[kind, slug], first[kind, slug]) for kind, slug in first)
