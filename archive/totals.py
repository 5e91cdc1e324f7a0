"""The explorer's totals: its distinct figures (one per fact, never a reprint twice) summed by
what was counted (its unit, units.py), action, agency, platform and year.

Enforcement figures only (a sum of revenues or users means nothing), and only those that say
what they counted; money is counted in its currency, so it is never added to a count.
"""

from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import reduce
from operator import or_
from urllib.parse import urlencode

from django.db import connection, transaction
from django.db.models import Count, Q, QuerySet, Sum
from django.urls import reverse

from archive.explore import NONE, FigureQuery
from archive.models import Agency, Figure, FigureTotal, Platform, StaleTotal
from archive.units import is_money

SHOWN = 20  # on the page; the JSON twin gives more, the downloads all


@dataclass(frozen=True)
class Total:
    unit: str
    action: str
    agency: Agency | None
    platform: Platform | None
    year: int | None
    total: int
    figures: int
    approximate: int  # figures that said "more than", "about"…
    conflicts: int  # figures whose story's copies disagree (the earliest copy's number is summed)
    params: dict[str, str]  # the explorer's filters that list the figures behind it

    @property
    def money(self) -> bool:
        return is_money(self.unit)

    @property
    def link(self) -> str:
        """The explorer listing the figures behind this total."""
        return f"{reverse('figures')}?{urlencode(self.params)}"


def figure_totals(query: FigureQuery, limit: int | None = None) -> list[Total]:
    """The totals of the explorer's selection, the most reported first: from the stored totals
    when the selection is one of theirs, else added up from its figures."""
    stored = _stored(query)
    rows = _live(query) if stored is None else stored
    rows = list(rows[:limit] if limit else rows)
    agencies = Agency.objects.only("slug", "name").in_bulk({r["agency_id"] for r in rows} - {None})
    platforms = Platform.objects.only("slug", "name").in_bulk({r["platform_id"] for r in rows} - {None})
    base = {k: v for k, v in query.as_params().items() if k not in ("sort", "copies")}
    return [
        _total(row, agencies.get(row["agency_id"]), platforms.get(row["platform_id"]), base) for row in rows
    ]


GROUPS = ("unit", "action", "agency_id", "platform_id", "year")
SUMS = ("total", "figures", "approximate", "conflicts")
ORDER = ("-figures", "-total", *GROUPS)


def _live(query: FigureQuery, model=Figure, groups: Q | None = None) -> QuerySet:
    figures = replace(query, copies=False).figures() if model is Figure else model.objects.filter(lead=True)
    return (
        figures.filter(groups or Q(), kind=Figure.Kind.ENFORCEMENT)
        .exclude(unit="")
        .order_by()
        .values(*GROUPS)
        .annotate(
            total=Sum("value"),
            figures=Count("pk"),
            approximate=Count("pk", filter=~Q(qualifier=Figure.Qualifier.EXACTLY)),
            conflicts=Count("pk", filter=Q(conflict=True)),
        )
        .order_by(*ORDER)
    )


def _stored(query: FigureQuery) -> QuerySet | None:
    """The stored totals of the selection; None when it filters by what they do not keep (the
    words of the thing counted, conflicts)."""
    if query.object or query.conflicts:
        return None
    if query.kind == Figure.Kind.STATISTIC:
        return FigureTotal.objects.none()
    return query.narrow(FigureTotal.objects.all()).values(*GROUPS, *SUMS).order_by(*ORDER)


def group_of(figure) -> tuple:
    """The total a figure counts in: its values of GROUPS."""
    return tuple(getattr(figure, name) for name in GROUPS)


def mark_stale(groups: Iterable[tuple], *, model=Figure) -> None:
    """Remember that these totals (values of GROUPS) are to be added up again: before the
    figures in them change, in the same transaction, so that no crash can lose them."""
    try:
        stale = model._meta.apps.get_model("archive", "StaleTotal")
    except LookupError:  # a migration before there was a StaleTotal: it rebuilds the totals
        return
    stale.objects.bulk_create(stale(**dict(zip(GROUPS, group, strict=True))) for group in set(groups))


def mark_stale_figures(figures: QuerySet) -> None:
    """The totals these figures count in now are to be added up again."""
    mark_stale(figures.order_by().values_list(*GROUPS).distinct(), model=figures.model)


KEYS = 100  # groups per query: 500 parameters (SQLite took 999 at most in older versions)
# Adding up one stale group costs about as much as adding up a hundred totals in one pass over
# every figure (measured at 7k and 100k articles): when a large ingest marks more than a 50th
# of the totals stale, they are all added up again.
REBUILD_SHARE = 50


@transaction.atomic
def update_totals() -> int:
    """Add up again the totals marked stale (by this writing run, or by one killed before it got
    here) from the same figures rebuild_totals() reads; returns how many groups."""
    groups = list(set(StaleTotal.objects.values_list(*GROUPS)))
    if len(groups) * REBUILD_SHARE > FigureTotal.objects.count():
        rebuild_totals()
        return len(groups)
    for start in range(0, len(groups), KEYS):
        chosen = reduce(or_, (Q(**dict(zip(GROUPS, g, strict=True))) for g in groups[start : start + KEYS]))
        FigureTotal.objects.filter(chosen).delete()
        _insert(_live(FigureQuery(), groups=chosen), FigureTotal)
    StaleTotal.objects.all().delete()
    return len(groups)


@transaction.atomic
def rebuild_totals(*, model=Figure, total_model=FigureTotal) -> int:
    """Add up the whole archive's distinct figures again (after reprocessing every article, or
    a migration); returns how many totals there are."""
    total_model.objects.all().delete()
    _insert(_live(FigureQuery(), model), total_model)
    if model is Figure:  # none are stale now
        StaleTotal.objects.all().delete()
    return total_model.objects.count()


def _insert(totals: QuerySet, total_model) -> None:
    select, params = totals.order_by().query.sql_with_params()
    columns = ", ".join(connection.ops.quote_name(c) for c in (*GROUPS, *SUMS))
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {total_model._meta.db_table} ({columns}) {select}", params)


def _total(row: dict, agency: Agency | None, platform: Platform | None, base: dict) -> Total:
    params = base | {
        "unit": row["unit"],
        "action": row["action"],
        "agency": agency.slug if agency else NONE,
        "platform": platform.slug if platform else NONE,
        "year": str(row["year"]) if row["year"] else NONE,
        "kind": Figure.Kind.ENFORCEMENT,
        "exact": "1",
    }
    return Total(
        unit=row["unit"],
        action=row["action"],
        agency=agency,
        platform=platform,
        year=row["year"],
        total=row["total"],
        figures=row["figures"],
        approximate=row["approximate"],
        conflicts=row["conflicts"],
        params={k: v for k, v in params.items() if v},
    )


def total_record(total: Total, *, base_url: str = "") -> dict:
    """A total as the JSON twin and the downloads give it."""
    return {
        "unit": total.unit,
        "money": total.money,
        "action": total.action,
        "agency": total.agency.name if total.agency else None,
        "platform": total.platform.name if total.platform else None,
        "year": total.year,
        "total": total.total,
        "figures": total.figures,
        "approximate": total.approximate,
        "conflicts": total.conflicts,
        "link": f"{base_url}{total.link}",
    }


TOTAL_COLUMNS = ["unit", "money", "action", "agency", "platform", "year", "total", "figures"]
TOTAL_COLUMNS += ["approximate", "conflicts", "link"]
