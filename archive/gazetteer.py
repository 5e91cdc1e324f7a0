"""Load the gazetteer (archive/data/*.toml) into the Agency, Platform, Campaign, Law and
Category tables.

The data files and the curators share these tables. Each row remembers what the files last
said of it (`loaded`); a reload applies what the files changed since then and keeps what a
curator changed since then, so names added in the admin survive. Rows a curator created are
never touched. An entry gone from the files is removed only when asked (`prune`), and the
articles that named it get a new version, so the index drops it from them too.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction

from archive import data
from archive.extract.entities import entities
from archive.ingest.store import forget_entity_ids
from archive.models import Agency, Article, Campaign, Category, Figure, Law, Mention, Platform
from archive.totals import GROUPS, mark_stale, update_totals

ENTITY_FIELDS = ("name", "acronyms", "names_zh", "aliases", "former", "kind", "note", "parent")
# model, kind, fields, the fields that name an entry of another table (by slug)
ENTITY_TABLES = (
    (Agency, "agency", ENTITY_FIELDS, {}),
    (Platform, "platform", ENTITY_FIELDS, {}),
    (Campaign, "campaign", (*ENTITY_FIELDS, "lead", "start_year", "end_year"), {"lead": Agency}),
    (Law, "law", (*ENTITY_FIELDS, "issuer", "adopted", "effective"), {"issuer": Agency}),
)
DATA_KEYS = {"start_year": "from", "end_year": "to"}  # a field read from another key of the file
CATEGORY_FIELDS = ("name", "keywords", "keywords_zh", "note")
LISTS = {"acronyms", "names_zh", "aliases", "former", "keywords", "keywords_zh"}


@dataclass
class LoadReport:
    in_files: dict[str, int] = field(default_factory=dict)  # table → rows the files hold
    created: int = 0
    updated: int = 0
    gone: dict[str, list[str]] = field(default_factory=dict)  # table → slugs no longer in the files
    removed: dict[str, list[str]] = field(default_factory=dict)
    articles_touched: int = 0


@transaction.atomic
def load_gazetteer(*, prune: bool = False) -> LoadReport:
    """Create or update every entry of the data files; with `prune`, remove the entries they
    no longer hold (and only those: never a curator's own)."""
    report = LoadReport()
    for model, kind, fields, refs in ENTITY_TABLES:
        rows = [_entity_row(row, fields) for row in entities(kind)]
        _load(model, rows, fields, report, refs={"parent": model, **refs} if "parent" in fields else refs)
    categories = [_category_row(row) for row in data.load("categories")["category"]]
    _load(Category, categories, CATEGORY_FIELDS, report)
    if prune:
        _prune(report)
        update_totals()
    forget_entity_ids()
    return report


def missing_slugs() -> list[str]:
    """Entries of the data files the database lacks (a load is due)."""
    wanted = {(kind, row["slug"]) for _, kind, _, _ in ENTITY_TABLES for row in entities(kind)}
    have = {
        (kind, s) for model, kind, _, _ in ENTITY_TABLES for s in model.objects.values_list("slug", flat=True)
    }
    return sorted(slug for _, slug in wanted - have)


def _entity_row(row: dict, fields: tuple[str, ...]) -> dict:
    values = {}
    for name in fields:
        value = row.get(DATA_KEYS.get(name, name), [] if name in LISTS else None)
        values[name] = value.isoformat() if hasattr(value, "isoformat") else value
    for name in ("name", "kind", "note", "parent", "lead", "issuer"):  # text: "" when absent
        if name in values and values[name] is None:
            values[name] = ""
    return {"slug": row["slug"], **values}


def _category_row(row: dict) -> dict:
    return {"slug": row["slug"], **{f: row.get(f, [] if f in LISTS else "") for f in CATEGORY_FIELDS}}


BATCH = 500  # rows a statement


def _load(model, rows: list[dict], fields: tuple[str, ...], report: LoadReport, *, refs=None) -> None:
    """refs: field → the model whose entry it names by slug (a parent is of the same table)."""
    refs = refs or {}
    existing = {obj.slug: obj for obj in model.objects.all()}
    slugs = {field: dict(target.objects.values_list("pk", "slug")) for field, target in refs.items()}
    changed, new = [], []
    for row in rows:
        after = {f: row[f] for f in fields}
        obj = existing.get(row["slug"])
        if obj is None:
            obj = existing[row["slug"]] = model(slug=row["slug"])
            current, before = _empty(fields), _empty(fields)
            report.created += 1
        else:
            current = _state(obj, fields, slugs)
            before = obj.loaded or _empty(fields)  # a curator's own row: the files add to it
        merged = {f: merge(current[f], before[f], after[f]) for f in fields}
        if obj.pk is None or merged != current or obj.loaded != after:
            for f in fields:
                if f not in refs:
                    setattr(obj, f, merged[f])
            obj.loaded = after
            obj._named = {f: merged[f] for f in refs}
            report.updated += obj.pk is not None
            if obj.pk is None:
                new.append(obj)  # created together below: thousands of rows, one statement a batch
            else:
                obj.save()
            changed.append(obj)
    model.objects.bulk_create(new, batch_size=BATCH)
    for name, target in refs.items():  # once every row exists (a parent may come later)
        if target is model:
            by_slug = {o.slug: o.pk for o in existing.values()}
        else:
            by_slug = dict(target.objects.values_list("slug", "pk"))
        linked = defaultdict(list)  # the entry named → the rows that name it: one update each
        for obj in changed:
            wanted = by_slug.get(obj._named[name])
            if getattr(obj, f"{name}_id") != wanted:
                setattr(obj, f"{name}_id", wanted)
                linked[wanted].append(obj.pk)
        for wanted, pks in linked.items():
            model.objects.filter(pk__in=pks).update(**{f"{name}_id": wanted})
    table = model._meta.verbose_name_plural
    report.in_files[table] = len(rows)
    in_files = {row["slug"] for row in rows}
    gone = [slug for slug, obj in existing.items() if obj.loaded is not None and slug not in in_files]
    if gone:
        report.gone[table] = sorted(gone)


def merge(current, before, after):
    """One field three ways: the files' change from `before` to `after`, applied over a
    curator's change from `before` to `current`."""
    if isinstance(after, list):
        added = [x for x in current if x not in before and x not in after]
        dropped = [x for x in before if x not in current]
        return [x for x in after if x not in dropped] + added
    return current if current != before else after


def _state(obj, fields: tuple[str, ...], slugs: dict[str, dict[int, str]]) -> dict:
    """The row as it stands, in the files' terms: other entries by slug, dates as text."""
    state = {}
    for name in fields:
        if name in slugs:
            state[name] = slugs[name].get(getattr(obj, f"{name}_id"), "")
        else:
            value = getattr(obj, name)
            state[name] = value.isoformat() if hasattr(value, "isoformat") else value
    return state


def _empty(fields: tuple[str, ...]) -> dict:
    return {f: [] if f in LISTS else "" for f in fields}


def _prune(report: LoadReport) -> None:
    """Remove what the files no longer hold; the articles that named it get a new version."""
    for model in (Agency, Platform, Campaign, Law, Category):
        table = model._meta.verbose_name_plural
        slugs = report.gone.get(table, [])
        if not slugs:
            continue
        doomed = model.objects.filter(slug__in=slugs)
        if model is Category:
            named = Article.objects.filter(categories__in=doomed)
        else:
            kind = model._meta.model_name
            named = Article.objects.filter(
                pk__in=Mention.objects.filter(**{f"{kind}__in": doomed}).values("article")
            )
            if kind in ("agency", "platform", "campaign"):  # figures name them too
                named |= Article.objects.filter(
                    pk__in=Figure.objects.filter(**{f"{kind}__in": doomed}).values("article")
                )
        if model in (Agency, Platform):  # their figures move to the totals that name none
            _mark_unnamed(Figure.objects.filter(**{f"{model._meta.model_name}__in": doomed}), model)
        ids = list(named.values_list("pk", flat=True))
        report.articles_touched += Article.objects.filter(pk__in=ids).touch()
        doomed.delete()
        report.removed[table] = slugs


def _mark_unnamed(figures, model) -> None:
    """The totals these figures count in, and those they will once `model` is gone from them, are stale."""
    column = GROUPS.index(f"{model._meta.model_name}_id")
    groups = set(figures.values_list(*GROUPS))
    mark_stale(groups | {(*g[:column], None, *g[column + 1 :]) for g in groups})


def curated_changes() -> dict[str, list[dict]]:
    """What curators changed in the admin, as extraction's use_curated() takes it: entities
    they created whole, and the names they added to or removed from the data files' ones."""
    changes: dict[str, list[dict]] = {}
    for model, kind in ((Agency, "agency"), (Platform, "platform")):
        found = []
        # rows, not instances: this runs at every ingest, over some 12,000 entities
        for entity in model.objects.values("slug", "name", "former", "loaded", *NAME_KEYS).iterator(2000):
            loaded = entity["loaded"]
            if loaded is None:
                found.append({key: entity[key] for key in ("slug", "name", "former", *NAME_KEYS)})
                continue
            change = {"slug": entity["slug"]}
            for key in NAME_KEYS:
                said = loaded.get(key, [])
                change[key] = [name for name in entity[key] if name not in said]
            change["dropped"] = [n for key in NAME_KEYS for n in loaded.get(key, []) if n not in entity[key]]
            if any(change[key] for key in (*NAME_KEYS, "dropped")):
                found.append(change)
        changes[kind] = found
    return changes


NAME_KEYS = ("aliases", "acronyms", "names_zh")
