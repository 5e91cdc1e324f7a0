"""Measure the pipeline against hand-labelled pages (the format of ../shared/seeds-gold.json).

Runs read → clean → describe → extract in memory; writes nothing.
"""

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from archive.extract import extract_facts
from archive.extract.entities import entities, normalise_name
from archive.ingest.clean import clean_document
from archive.ingest.describe import describe_page
from archive.ingest.read import read_file
from archive.stories import group, signature


@dataclass
class Scores:
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0

    def add(self, found: Counter, wanted: Counter) -> None:
        hits = sum((found & wanted).values())
        self.true_positives += hits
        self.false_positives += sum(found.values()) - hits
        self.false_negatives += sum(wanted.values()) - hits

    @property
    def precision(self) -> float:
        guessed = self.true_positives + self.false_positives
        return self.true_positives / guessed if guessed else 1.0

    @property
    def recall(self) -> float:
        wanted = self.true_positives + self.false_negatives
        return self.true_positives / wanted if wanted else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Evaluation:
    pages: int = 0
    sets: dict[str, Scores] = field(
        default_factory=lambda: {"agencies": Scores(), "platforms": Scores(), "figures": Scores()}
    )
    exact: Counter = field(default_factory=Counter)  # field → pages where it matched
    invented_dates: int = 0  # a date given where the gold has another or none
    acting_agency: Counter = field(
        default_factory=Counter
    )  # "right" / "labelled": figures the gold names an agency for
    disagreements: list[str] = field(default_factory=list)
    stories: Scores = field(default_factory=Scores)  # pairs of pages put in one story
    named: dict[str, Scores] = field(default_factory=lambda: {"campaigns": Scores(), "laws": Scores()})
    # kind of fact → cause → the pages (or page: value) where it went wrong
    errors: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    converted: Counter = field(default_factory=Counter)  # "right" / "labelled": conversions in brackets
    actor: Counter = field(default_factory=Counter)  # "right" / "labelled": figures a platform did itself
    # platforms again, the unconfirmed candidates' names counted too, every name compared
    # normalised: what the archive would know once a curator accepted what it noticed
    with_candidates: Scores = field(default_factory=Scores)

    def error(self, kind: str, cause: str, where: str) -> None:
        self.errors.setdefault(kind, {}).setdefault(cause, []).append(where)


def series_names() -> dict[str, str]:
    """Any name of a campaign or a law, folded → the slug of its series (a campaign's edition
    counts as its series) or of the law: labels name campaigns by series."""
    found = {}
    for kind in ("campaign", "law"):
        rows = {row["slug"]: row for row in entities(kind)}
        for slug, row in rows.items():
            top = slug
            # a series whose name another's shares (the police's 净网 and the anti-porn office's)
            # answers a label of that name
            while rows.get(top, {}).get("parent") or rows.get(top, {}).get("same_name_as"):
                top = rows[top]["parent"] or rows[top]["same_name_as"]
            for name in (row["name"], *row["aliases"], *row["acronyms"], *row["names_zh"]):
                found.setdefault(normalise_name(name), top)
    return found


def score_named(result: Evaluation, filename: str, facts, wanted: dict, names: dict[str, str]) -> None:
    """Campaigns (by series) and laws a page names, against its labels."""
    for key, kind in (("campaigns", "campaign"), ("laws", "law")):
        found = Counter({_top(names, slug, kind) for slug in facts.slugs(kind)})
        expected = Counter({names.get(normalise_name(n), f"unknown: {n}") for n in wanted.get(key, [])})
        result.named[key].add(found, expected)
        extra, missing = found - expected, expected - found
        if extra or missing:
            result.disagreements.append(
                f"{filename}: {key}: extra {sorted(extra.elements())}, missing {sorted(missing.elements())}"
            )


def _top(names: dict[str, str], slug: str, kind: str) -> str:
    row = next(r for r in entities(kind) if r["slug"] == slug)
    return names.get(normalise_name(row["name"]), slug)


def score_stories(result: Evaluation, bodies: dict[str, str], gold: dict[str, dict]) -> None:
    """Pairs of labelled pages grouped together, against the pairs the labels put together."""
    names = sorted(name for name in bodies if gold[name].get("story"))
    roots = group(list(range(len(names))), [signature(bodies[name]) for name in names])
    pairs = [(a, b) for i, a in enumerate(names) for b in names[i + 1 :]]
    found = Counter(pair for pair in pairs if roots[names.index(pair[0])] == roots[names.index(pair[1])])
    wanted = Counter(pair for pair in pairs if gold[pair[0]]["story"] == gold[pair[1]]["story"])
    result.stories.add(found, wanted)
    for a, b in sorted((found - wanted).elements()):
        result.disagreements.append(f"stories: {a} and {b} grouped, but they are different texts")
    for a, b in sorted((wanted - found).elements()):
        result.disagreements.append(f"stories: {a} and {b} not grouped, but they are one story")


def score_figures(result: Evaluation, filename: str, facts, wanted: dict, names: dict) -> None:
    """Why figure values went wrong, where the labels tell: a statistic taken for enforcement,
    a conversion or a number the labels call no figure kept, an enforcement figure read as a
    statistic or not read at all; and whether conversions and platforms' own actions were read."""
    enforced = {f.value: f for f in facts.figures if f.kind == "enforcement"}
    statistics = {f.value for f in facts.figures if f.kind == "statistic"}
    labelled = {f["value"] for f in wanted["figures"]}
    sizes = {s.get("value") for s in wanted.get("statistics", [])}
    conversions = {f.get("converted_value") for f in wanted["figures"]} - {None}
    for value in sorted(set(enforced) - labelled):
        cause = (
            "a conversion kept as a figure"
            if value in conversions
            else "a statistic read as enforcement"
            if value in sizes
            else "no figure (a count of campaigns, a name, a date …) or unlabelled"
        )
        result.error("figures invented", cause, f"{filename}: {value}")
    for value in sorted(labelled - set(enforced)):
        cause = "read as a statistic" if value in statistics else "not read as a number of the text"
        result.error("figures missed", cause, f"{filename}: {value}")
    for figure in wanted["figures"]:
        found = enforced.get(figure["value"])
        if figure.get("converted_value") and found:
            result.converted["labelled"] += 1
            right = found.converted_value == figure["converted_value"]
            result.converted["right"] += right
            if not right:
                result.error("conversions", "missed or wrong", f"{filename}: {figure['value']}")
        if figure.get("actor") == "platform" and figure.get("platform") and found:
            result.actor["labelled"] += 1
            right = not found.agency and names["platform"].get(found.platform) == figure["platform"]
            result.actor["right"] += right
            if not right:
                result.error(
                    "who acted",
                    "a platform's own action credited elsewhere",
                    f"{filename}: {figure['value']}",
                )


def labels_known(kind: str) -> dict[str, str]:
    """A label that is another name the gazetteer gives one entity ("Shanghai Municipal People's
    Procuratorate" for its "Shanghai People's Procuratorate") → that entity's canonical name:
    labels name entities the gazetteer lacked in their usual English."""
    owners: dict[str, set[str]] = {}
    for entity in entities(kind):
        for name in (entity["name"], *entity["aliases"], *(f["name"] for f in entity["former"])):
            owners.setdefault(normalise_name(name), set()).add(entity["name"])
    return {form: next(iter(names)) for form, names in owners.items() if len(names) == 1}


def evaluate(gold: dict[str, dict], pages: Path) -> Evaluation:
    names = {kind: {e["slug"]: e["name"] for e in entities(kind)} for kind in ("agency", "platform")}
    known = {kind: labels_known(kind) for kind in ("agency", "platform")}
    result = Evaluation()
    bodies: dict[str, str] = {}
    named_series = series_names()
    for filename, wanted in sorted(gold.items()):
        path = next(pages.rglob(filename), None)
        if path is None:
            result.disagreements.append(f"{filename}: page not found under {pages}")
            continue
        result.pages += 1
        document = read_file(path)
        page = clean_document(document)
        bodies[filename] = page.body
        description = describe_page(page, source=str(path))
        facts = extract_facts(page.body, description.published_on)
        found = {
            "agencies": Counter({names["agency"][s] for s in facts.slugs("agency")}),
            "platforms": Counter({names["platform"][s] for s in facts.slugs("platform")}),
            "figures": Counter(f.value for f in facts.figures if f.kind == "enforcement"),
        }
        expected = {
            "agencies": Counter({known["agency"].get(normalise_name(n), n) for n in wanted["agencies"]}),
            "platforms": Counter({known["platform"].get(normalise_name(n), n) for n in wanted["platforms"]}),
            "figures": Counter(f["value"] for f in wanted["figures"]),
        }
        score_named(result, filename, facts, wanted, named_series)
        # a candidate named as the page writes it ("乐拍修图") is the platform its labels call so
        forms = {**wanted.get("platform_aliases_in_text", {}), **wanted.get("unknown_aliases", {})}
        as_labelled = {normalise_name(form): name for form, name in forms.items()}
        noticed = {
            as_labelled.get(normalise_name(c.name), c.name) for c in facts.candidates if c.kind == "platform"
        }
        result.with_candidates.add(
            Counter({normalise_name(n) for n in {*found["platforms"], *noticed}}),
            Counter({normalise_name(n) for n in expected["platforms"]}),
        )
        for key, scores in result.sets.items():
            scores.add(found[key], expected[key])
            extra, missing = found[key] - expected[key], expected[key] - found[key]
            if extra or missing:
                extra_, missing_ = sorted(extra.elements()), sorted(missing.elements())
                result.disagreements.append(f"{filename}: {key}: extra {extra_}, missing {missing_}")
                if key != "figures":  # figures are told apart by cause in score_figures
                    for cause, names_ in (("missed", missing_), ("invented", extra_)):
                        if names_:
                            result.errors.setdefault(key, {}).setdefault(cause, []).extend(
                                f"{filename}: {n}" for n in names_
                            )
        score_figures(result, filename, facts, wanted, names)
        by_value = {f.value: names["agency"].get(f.agency) for f in facts.figures if f.kind == "enforcement"}
        for figure in wanted["figures"]:
            if figure.get("agency") and figure["value"] in by_value:
                result.acting_agency["labelled"] += 1
                right = by_value[figure["value"]] == figure["agency"]
                result.acting_agency["right"] += right
                if not right:
                    result.disagreements.append(
                        f"{filename}: agency of {figure['value']}: got {by_value[figure['value']]!r}, "
                        f"want {figure['agency']!r}"
                    )
        published = description.published_on.isoformat() if description.published_on else None
        publishers = wanted.get("publisher")
        publishers = publishers if isinstance(publishers, list) else [publishers]
        checks = {
            "title": (description.title, description.title == wanted["title"], wanted["title"]),
            "date": (published, published in wanted["published"], wanted["published"]),
            "outlet": (description.outlet or None, (description.outlet or None) in publishers, publishers),
        }
        for key, (got, ok, want) in checks.items():
            result.exact[key] += ok
            if not ok:
                result.disagreements.append(f"{filename}: {key}: got {got!r}, want {want!r}")
                result.error(f"{key}s", "none found" if got is None or got == "" else "wrong", filename)
        if published is not None and published not in wanted["published"]:
            result.invented_dates += 1
            result.error("dates", "invented", filename)
    score_stories(result, bodies, gold)
    return result
