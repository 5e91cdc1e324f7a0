"""Score search against hand-judged queries (a queries.json beside a dev or held-out set).

Each query lists the pages (file names) a careful reader counts as relevant. The archive must
hold those pages (`manage.py ingest DIR` into a fresh data folder); every copy of a story counts,
so the search runs with `copies`.
"""

from dataclasses import dataclass, field
from pathlib import PurePath

from archive.models import Capture
from archive.search.query import SearchParams, matching_ids

TOP = 10


class MissingPages(Exception):
    """The archive lacks pages the queries judge."""


@dataclass
class QueryScore:
    query: str
    kind: str
    recall: float
    precision_at_top: float  # relevant among the first TOP results (or all, when fewer)
    missed: list[str] = field(default_factory=list)  # relevant pages the search did not find
    stray: list[str] = field(default_factory=list)  # pages in the first TOP not judged relevant


@dataclass
class SearchEvaluation:
    queries: list[QueryScore]

    def mean(self, attribute: str, kind: str | None = None) -> float:
        scores = [getattr(q, attribute) for q in self.queries if kind in (None, q.kind)]
        return sum(scores) / len(scores) if scores else 1.0

    @property
    def kinds(self) -> list[str]:
        return sorted({q.kind for q in self.queries})


def article_files() -> dict[int, str]:
    """Article id → the file name it was ingested from (web captures have none)."""
    return {
        article: PurePath(source).name
        for article, source in Capture.objects.exclude(article=None).values_list("article", "source")
    }


def evaluate_search(queries: list[dict]) -> SearchEvaluation:
    files = article_files()
    held = set(files.values())
    if missing := sorted({name for q in queries for name in q["relevant"]} - held):
        raise MissingPages(
            f"{len(missing)} judged pages are not in the archive, e.g. {', '.join(missing[:3])}"
        )
    scores = []
    for judged in queries:
        relevant = set(judged["relevant"])
        found = [files.get(pk, f"#{pk}") for pk in matching_ids(SearchParams(q=judged["query"], copies=True))]
        top = found[:TOP]
        scores.append(
            QueryScore(
                query=judged["query"],
                kind=judged.get("kind", ""),
                recall=len(relevant & set(found)) / len(relevant) if relevant else 1.0,
                precision_at_top=sum(name in relevant for name in top) / len(top) if top else 0.0,
                missed=sorted(relevant - set(found)),
                stray=[name for name in top if name not in relevant],
            )
        )
    return SearchEvaluation(scores)
