"""Attention over time: the articles a search matches per month, and up to two more queries on
the same chart (compare=), each with the search's filters and dates, counted from the search
index's month facet (every copy of a story counted), never from the database."""

from dataclasses import dataclass, field, replace

from archive.charts import MonthChart, Series, series_chart
from archive.search.query import SearchPage, SearchParams, search_timeline

EVERYTHING = "every matching article"  # the label of a search with filters but no words
STALE = (
    "The search index was built before it counted months: the chart leaves out dated articles "
    "until `manage.py rebuild_index` runs."
)


@dataclass(frozen=True)
class Attention:
    chart: MonthChart
    notes: list[str] = field(default_factory=list)

    @property
    def series(self) -> tuple[Series, ...]:
        return self.chart.series


def attention(params: SearchParams, page: SearchPage | None) -> Attention | None:
    """The chart of `page` (the search, when it ran) and of each compared query; None when
    there is neither."""
    series, notes, stale = [], [], False
    if page is not None:
        found = page.timeline
        series.append(Series(params.q or EVERYTHING, found.per_month, found.undated))
        stale = not found.complete
    for q in params.compare:
        found, why = search_timeline(replace(params, q=q, page=1, sort="relevance", compare=()))
        if found is None:
            notes.append(f"Compared “{q[:40]}”: {why}.")
            continue
        series.append(Series(q, found.per_month, found.undated))
        stale = stale or not found.complete
    if not series:
        return None
    if stale:
        notes.append(STALE)
    return Attention(series_chart(series), notes)


def as_json(found: Attention | None) -> dict:
    """The chart as data: each series with its months ("2021-03": n), undated count and summary."""
    if found is None:
        return {"series": [], "notes": []}
    return {
        "series": [
            {
                "query": one.label,
                "articles": one.total,
                "undated": one.undated,
                "per_month": {f"{month:%Y-%m}": n for month, n in sorted(one.counts.items())},
                "summary": one.summary,
            }
            for one in found.series
        ],
        "notes": found.notes,
    }
