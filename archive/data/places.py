"""The local offices of places.toml (a province's cyberspace administration, a city's police)
as agency entries, one per place and office template."""

import re
from functools import cache

from archive import data


@cache
def local_offices() -> tuple[dict, ...]:
    """Every office of every place, with the keys of an agencies.toml entry."""
    places = data.load("places")
    provinces = {place["slug"]: place for place in places["place"]}
    return tuple(
        _office(template, place, places, provinces.get(place.get("province", "")))
        for template in places["office"]
        for place in places["place"]
        if place["level"] in template["levels"]
    )


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
