"""Read what a person typed into the search box; never fails.

- words and "quoted phrases"; AND, OR, NOT, a leading -word, balanced parentheses;
- field syntax: agency:CAC, platform:微信, category:gambling, outlet:"China Daily",
  year:2018, title:word;
- any name of an agency or platform — acronym, Chinese, former name, or a close misspelling
  ("Cyberspace Adminstration", "Kuiashou") — stands for that entity, whatever words the
  article itself uses.

The output is a query string in the Lucene-like syntax haystack's backends share, with every
user word quoted, so nothing typed can reach the query parser as syntax.
"""

import difflib
import re
from dataclasses import dataclass
from functools import cache

from archive import data
from archive.extract.entities import entities, gazetteer, normalise_name

TOKEN = re.compile(r'"[^"]*"?|\(|\)|[\w.-]+:(?:"[^"]*"?|[^\s()"]+)|-?[^\s()"]+')
OPERATORS = {"AND", "OR", "NOT"}
ENTITY_FIELDS = {"agency": "agencies_exact", "platform": "platforms_exact"}
OTHER_FIELDS = {
    "category": "categories_exact",
    "outlet": "outlet_exact",
    "year": "year_exact",
    "title": "title",
}
MAX_NAME_WORDS = 8
MAX_FUZZY_TOKENS = 8  # misspelt names are looked for in short queries only (it is slow)


@dataclass(frozen=True)
class ParsedQuery:
    text: str  # the backend query; "" when nothing is left to search for
    entities: tuple[tuple[str, str, str], ...]  # (kind, slug, what the person typed)
    notes: tuple[str, ...]

    @property
    def only_entity(self) -> tuple[str, str] | None:
        """The entity, when the whole query was one name."""
        if len(self.entities) == 1 and self.text == _entity_clause(*self.entities[0][:2]):
            return self.entities[0][:2]
        return None


def parse_query(q: str, *, words_only: bool = False) -> ParsedQuery:
    tokens = TOKEN.findall(q)
    if not _nested(tokens):
        tokens = [t for t in tokens if t not in "()"]
    notes, entities, parts = [], [], []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if not words_only and (found := _entity_at(tokens, i)):
            kind, slug, length = found
            entities.append((kind, slug, " ".join(tokens[i : i + length])))
            parts.append(_entity_clause(kind, slug))
            i += length
            continue
        parts.extend(_clauses(token, notes, entities, words_only))
        i += 1
    return ParsedQuery(_join([p for p in parts if p]), tuple(entities), tuple(notes))


def _nested(tokens: list[str]) -> bool:
    """Whether every parenthesis closes one opened before it (") NOT (" has as many of each,
    and Whoosh's parser fails on it)."""
    depth = 0
    for token in tokens:
        depth += (token == "(") - (token == ")")
        if depth < 0:
            return False
    return depth == 0


def _clauses(token: str, notes: list[str], entities: list, words_only: bool) -> list[str]:
    """The query parts of one token: an operator, a parenthesis, a clause, or a -word as
    NOT and its clause (a separate NOT, so that _join sees every negation)."""
    if token in OPERATORS or token in "()":
        return [token]
    if token.startswith("-") and len(token) > 1:
        word = token[1:]
        found = None if words_only else _resolve(word, kinds=("agency", "platform"), fuzzy=False)
        if found:
            inner = [_entity_clause(*found)]
        elif word in OPERATORS:  # -NOT is the word "not", not a second operator
            inner = [_quoted(word)]
        else:
            inner = _clauses(word, notes, entities, words_only)
        return ["NOT", *inner] if any(inner) else []
    field, sep, value = token.partition(":")
    if sep and field.lower() in ENTITY_FIELDS | OTHER_FIELDS and value.strip('"'):
        return [_field_clause(field.lower(), value.strip('"'), notes, entities)]
    if re.fullmatch(r"[\w-]{3,}\*", token):
        return [token.lower()]  # a prefix search: regul*
    return [_quoted(token)]


def _field_clause(field: str, value: str, notes: list[str], entities: list) -> str:
    if field in ENTITY_FIELDS:
        found = _resolve(value, kinds=(field,))
        if not found:
            notes.append(f"No {field} is called “{value}”; searched the words instead.")
            return _quoted(value)
        entities.append((*found, value))
        return _entity_clause(*found)
    if field == "category":
        slug = _categories().get(normalise_name(value))
        if not slug:
            notes.append(f"No category is called “{value}”; searched the words instead.")
            return _quoted(value)
        return f'{OTHER_FIELDS[field]}:"{slug}"'
    return f"{OTHER_FIELDS[field]}:{_quoted(value)}"


def _entity_clause(kind: str, slug: str) -> str:
    return f'{ENTITY_FIELDS[kind]}:"{slug}"'


def _quoted(word: str) -> str:
    """One phrase on one line: Whoosh's phrase pattern stops at a line break, which would
    leave its quotes unpaired and the words inside read as syntax."""
    cleaned = " ".join(word.replace('"', " ").replace("\\", " ").split())
    return f'"{cleaned}"' if cleaned else ""


def _join(parts: list[str]) -> str:
    """Drop operators with nothing to join (a lone AND, NOT at the end, AND OR) and cancel
    double negations (NOT NOT x is x; Whoosh's parser fails on it: it reads prefix operators
    left to right, so the first NOT takes the second one and leaves an empty group)."""
    joined: list[str] = []
    for part in parts:
        if part in ("AND", "OR") and (not joined or joined[-1] in OPERATORS | {"("}):
            continue
        if part == "NOT" and joined and joined[-1] == "NOT":
            joined.pop()
            continue
        if part == ")" and joined and joined[-1] in OPERATORS:
            joined.pop()
        joined.append(part)
    while joined and joined[-1] in OPERATORS | {"("}:
        joined.pop()
    text = " ".join(joined)
    return "" if text.replace("(", "").replace(")", "").strip() == "" else text


def _entity_at(tokens: list[str], i: int) -> tuple[str, str, int] | None:
    """The longest run of plain words starting at i that names one entity."""
    fuzzy = len(tokens) <= MAX_FUZZY_TOKENS
    for length in range(min(MAX_NAME_WORDS, len(tokens) - i), 0, -1):
        run = tokens[i : i + length]
        if any(t in OPERATORS or t in "()" or t.startswith("-") or ":" in t for t in run):
            continue
        name = " ".join(t.strip('"') for t in run)
        found = _resolve(name, kinds=("agency", "platform"), fuzzy=fuzzy and len(name) >= 6)
        if found:
            return *found, length
    return None


def resolve_entity(name: str, *, kind: str) -> tuple[str, str] | None:
    return _resolve(name, kinds=(kind,))


def _resolve(name: str, *, kinds: tuple[str, ...], fuzzy: bool = True) -> tuple[str, str] | None:
    """(kind, slug) of the one entity of these kinds called `name` (or nearly so), if any."""
    names = _names()
    refs = {r for r in names.get(normalise_name(name), ()) if r[0] in kinds}
    if not refs and fuzzy:
        wanted = normalise_name(name)
        candidates = _fuzzy_forms().get(wanted[:1], [])
        close = difflib.get_close_matches(wanted, candidates, n=2, cutoff=0.85)
        refs = {r for form in close for r in names[form] if r[0] in kinds}
    return refs.pop() if len(refs) == 1 else None


@cache
def _names() -> dict[str, tuple[tuple[str, str], ...]]:
    """Every name of every entity, plus the leading words of long names where only one
    entity starts that way ("Cyberspace Administration" for "... of China")."""
    names = dict(gazetteer().forms)
    leading: dict[str, set] = {}
    for form, refs in gazetteer().forms.items():
        words = form.split()
        for length in range(2, len(words)):
            if words[length - 1] not in ("of", "for", "and", "the"):
                leading.setdefault(" ".join(words[:length]), set()).update(refs)
    for form, refs in leading.items():
        chosen = _common_parent(refs)
        if form not in names and chosen:
            names[form] = (chosen,)
    return names


def _common_parent(refs: set[tuple[str, str]]) -> tuple[str, str] | None:
    """The one entity, or the one all the others belong to (the national CAC over the
    Beijing and Shenzhen ones)."""
    if len(refs) == 1:
        return next(iter(refs))
    parents = {(kind, e["slug"]): e.get("parent") for kind in ("agency", "platform") for e in entities(kind)}

    def lineage(ref: tuple[str, str]) -> set[str]:
        found = set()
        while ref[1] and ref[1] not in found:
            found.add(ref[1])
            ref = (ref[0], parents.get(ref) or "")
        return found

    for kind, slug in refs:
        if all(slug in lineage(other) for other in refs):
            return kind, slug
    return None


@cache
def _fuzzy_forms() -> dict[str, list[str]]:
    """Names long enough that a near miss is a misspelling, not another word, by first
    character: a misspelt name rarely gets its first letter wrong, and comparing against
    one letter's names keeps a long query fast."""
    forms: dict[str, list[str]] = {}
    for form in _names():
        if len(form) >= 6:
            forms.setdefault(form[0], []).append(form)
    return forms


@cache
def _categories() -> dict[str, str]:
    found = {}
    for category in data.load("categories")["category"]:
        found[normalise_name(category["slug"])] = category["slug"]
        found[normalise_name(category["name"])] = category["slug"]
    return found
