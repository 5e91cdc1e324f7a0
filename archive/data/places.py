"""The local offices of places.toml (a province's cyberspace administration, a city's police)
and of counties.toml (a district's market regulator, a county's police) as agency entries, one
per place and office template."""

import re
from collections import Counter
from functools import cache

from archive import data
from archive.text import to_traditional


@cache
def local_offices() -> tuple[dict, ...]:
    """Every office of every place, with the keys of an agencies.toml entry."""
    places = data.load("places")
    provinces = {place["slug"]: place for place in places["place"]}
    offices = tuple(
        _office(template, place, places, provinces.get(place.get("province", "")))
        for template in places["office"]
        for place in places["place"]
        if place["level"] in template["levels"]
    )
    taken = {name.casefold() for office in offices for name in [office["name"], *office["aliases"]]}
    return offices + _county_offices(places, provinces, taken)


def _county_offices(places: dict, by_slug: dict[str, dict], taken: set[str]) -> tuple[dict, ...]:
    counties = data.load("counties")
    offices, slugs = [], set()
    for upper_slug, names in counties["counties"].items():
        upper = by_slug[upper_slug]
        for zh, name in names.items():
            level, formal = (
                counties["levels"][zh[-1]] if zh[-1] in counties["levels"] else counties["levels"]["县"]
            )
            slug = f"{upper_slug}-{re.sub(r'[^a-z]', '', name.lower())}"
            slug = slug if slug not in slugs else f"{slug}-{level.split('_')[0]}"
            slugs.add(slug)
            words = {
                "name": name,
                "level": level,
                "formal": formal.format(name=name),
                "zh": zh,
                "short": zh[:-1] if zh[-1] in counties["levels"] else zh[:2],
                "city": upper["names"][0],
                "city_formal": upper["formal"][0],
                "city_zh": upper["zh"][0],
                "city_short": upper["short_zh"][0],
            }
            words["traditional"] = {
                **words,
                "zh": to_traditional(zh),
                "short": to_traditional(words["short"]),
            }
            words["traditional"].update(city_zh=upper["zh"][1], city_short=upper["short_zh"][1])
            offices += [
                _county_office(template, words, slug, upper, places)
                for template in counties["office"]
                if level in template["levels"]
            ]
    names = Counter(office["name"] for office in offices)
    return tuple(
        _placed(office, taken) if names[office["name"]] > 1 or office["name"].casefold() in taken else office
        for office in offices
    )


def _placed(office: dict, taken: set[str]) -> dict:
    """The office named with its place's name; its own name an alias, that its namesakes share,
    unless a place's office has it (晋州市's and 锦州's "Jinzhou Municipal …")."""
    aliases = [name for name in [office["name"], *office["aliases"]] if name.casefold() not in taken]
    return {**office, "name": office["placed"], "aliases": _unique(aliases)}


@cache
def county_namesakes() -> dict[str, tuple[str, ...]]:
    """Each county office that shares a name with others → all of them: 普陀区's market
    regulators of Shanghai and Zhoushan, the Chaoyang District offices of Beijing (朝阳区),
    Changchun (朝阳区) and Shantou (潮阳区)."""
    owners: dict[str, set[str]] = {}
    for office in local_offices():
        if "county" in office:
            for name in {office["name"], *office["aliases"], *office["names_zh"]}:
                owners.setdefault(name.casefold(), set()).add(office["slug"])
    groups: dict[str, set[str]] = {}
    for slugs in owners.values():
        if len(slugs) > 1:
            merged = set(slugs).union(*(groups.get(slug, ()) for slug in slugs))
            for slug in merged:
                groups[slug] = merged
    return {slug: tuple(sorted(group)) for slug, group in groups.items()}


@cache
def _traditional_template(form: str) -> str:
    return to_traditional(form)


def _county_office(template: dict, words: dict, slug: str, upper: dict, places: dict) -> dict:
    short_ok = len(words["short"]) >= 2
    forms = [f for f in template["names_zh"] if short_ok or "{short}" not in f]
    # the traditional forms from the traditional template and words (one conversion a name,
    # not one a form: some 80,000 forms)
    traditional = words["traditional"]
    chinese = [
        form for f in forms for form in (f.format(**words), _traditional_template(f).format(**traditional))
    ]
    upper_template = next(
        t for t in places["office"] if t["key"] == template["key"] and upper["level"] in t["levels"]
    )
    return {
        "slug": template["slug"].format(place=slug),
        "name": template["name"].format(**words),
        "placed": template.get("placed", template["name"]).format(**words),
        "acronyms": [],
        "names_zh": _unique(chinese),
        "aliases": _unique(a.format(**words) for a in template["aliases"]),
        "former": [],
        "parent": _slug(upper_template, upper),
        "kind": template["kind"],
        "note": template["note"].format(**words),
        # the county: to name its offices by level (县公安局: archive/extract/loose_names.py), and
        # to tell a name two counties share (南山区) apart by the names of the place above it
        "county": {
            "slug": slug,
            "level": words["level"],
            "key": template["key"],
            "zh": words["zh"],
            "within": _unique([*upper["names"], *upper["zh"], *upper["short_zh"]]),
        },
    }


def _office(template: dict, place: dict, places: dict, province: dict | None) -> dict:
    names = [
        {"name": name, "formal": formal, "scope": places["levels"][place["level"]]}
        for name in place["names"]
        for formal in place["formal"]
    ]
    aliases = template["aliases"]
    if place["level"] == "city":  # some 300 cities: the loose names are read at match time instead
        aliases = [a for a in aliases if not _loose(a, template)]
    english = _unique(form.format(**n) for form in [template["name"], *aliases] for n in names)
    scripts = [{"zh": place["zh"][i], "short": place["short_zh"][i]} for i in (0, 1)]
    # "沪网信办": the names with the short form also take the one-character abbreviation
    scripts += [{"zh": place["zh"][i], "short": place["abbr_zh"][i]} for i in (0, 1) if "abbr_zh" in place]
    chinese = _unique(
        pair[i % 2].format(**script)
        for pair in template["names_zh"]
        for i, script in enumerate(scripts)
        if i < 2 or "{short}" in pair[i % 2]
    )
    return {
        "slug": _slug(template, place),
        "name": english[0],
        "acronyms": [],
        "names_zh": chinese,
        "aliases": english[1:],
        "former": [],
        "parent": _parent(template, places, province),
        "kind": template["kind"].format(**names[0]),
        "note": place.get("notes", {}).get(template["key"]) or template["note"].format(**names[0]),
    }


def _loose(alias: str, template: dict) -> bool:
    """Is the alias a place and one of the template's loose words ("{name}'s internet
    regulator", "cyberspace office of {name}"), which archive/extract/loose_names.py reads
    around any place's name without a form per place?"""
    words = " ".join(re.sub(r"\{name\}(?:'s)?|\{formal\}", " ", alias.lower()).split())
    words = re.sub(r"^the |^(?:of|in) | (?:of|in)$", "", words)
    return words in {w.lower() for w in template.get("loose", ())}


def _parent(template: dict, places: dict, province: dict | None) -> str:
    """A city's office belongs to its province's office of the same key, a province's to the
    national body."""
    if province is None:
        return template["parent"]
    key, level = template["key"], province["level"]
    return _slug(next(t for t in places["office"] if t["key"] == key and level in t["levels"]), province)


def _slug(template: dict, place: dict) -> str:
    return template["slug"].format(place=place["slug"])


def _unique(forms) -> list[str]:
    return list(dict.fromkeys(forms))
