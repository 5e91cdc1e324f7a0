"""Read what a person typed into the search box; never fails.

- words and "quoted phrases"; AND, OR, NOT, a leading -word, balanced parentheses;
- field syntax: agency:CAC, platform:微信, category:gambling, outlet:"China Daily",
  year:2018, title:word;
- any name of an agency, a platform, a campaign or a law — acronym, Chinese, former name, or
  a close misspelling ("Cyberspace Adminstration", "Kuiashou") — stands for that entity: the
  articles tagged with it, or whose text holds any of its names (one missed tag hides none);
- a short title in some of a law's own words, in any order ("anti-fraud law"), stands for
  the one law whose names hold them together;
- the name of a category in any language ("fraud", "饭圈", "假訊息") stands for the category:
  the articles tagged with it, or holding the words typed; a keyword naming a narrower topic
  (大数据杀熟) stands for itself and its translations;
- a word with another spelling (British and American, "livestreaming" and "live streaming")
  finds both.

The output is a query string in the Lucene-like syntax haystack's backends share, with every
user word quoted, so nothing typed can reach the query parser as syntax, and every AND written
out, so it means the same under any engine's default operator.
"""

import difflib
import re
from dataclasses import dataclass, replace
from functools import cache

from archive import data
from archive.data.places import county_namesakes
from archive.extract.entities import entities, gazetteer, known_entities, normalise_name
from archive.extract.loose_names import coordinated_offices, loose_offices
from archive.text import HAN, to_simplified

TOKEN = re.compile(r'"[^"]*"?|\(|\)|[\w.-]+:(?:"[^"]*"?|[^\s()"]+)|-?[^\s()"]+')
OPERATORS = {"AND", "OR", "NOT"}
ENTITY_FIELDS = {
    "agency": "agencies_exact",
    "platform": "platforms_exact",
    "campaign": "campaigns_exact",
    "law": "laws_exact",
}
KINDS = tuple(ENTITY_FIELDS)
MAX_NAMES = 64  # of an entity's names a query looks for in the text (the longest left out); Tibet's has 48
OTHER_FIELDS = {
    "category": "categories_exact",
    "outlet": "outlet_exact",
    "year": "year_exact",
    "title": "title",
}
MAX_NAME_WORDS = 28  # the longest official names (a judicial interpretation) run to 26 words
MAX_LOOSE_WORDS = 8  # a longer run of words names an entity only as one of its names, exactly
MAX_FUZZY_TOKENS = 8  # misspelt names are looked for in short queries only (it is slow)
MAX_TYPOS = 2  # a misspelling is a letter or two off ("Pinduduo"), not another word ("office", "police")
LONG_NAME = 9  # letters: a shorter name is one letter off at most ("China's" is not ChinaSo)
# words a question opens with, which no page about its answer need hold
QUESTION_WORDS = {"who", "what", "when", "where", "which", "why", "how", "did", "does", "do", "has", "have"}
# of a national body, or of the Chinese version of a foreign platform (中国版推特)
NATIONAL = re.compile(r"^(?:the\s+)?(?:china['’]?s?|chinese|prc|national)\s+|^中[国國](?:版|的)", re.I)
OF_CHINA = re.compile(r"\s+of\s+(?:the\s+)?(?:people['’]s\s+republic\s+of\s+china|prc|china)$", re.I)
POSSESSIVE = re.compile(r"(?<=\w)['’]s\b")
LIKENED = re.compile(
    r"^(?:(?:answer|version|equivalent|counterpart|alternative)\s+(?:of|to)\s+|own\s+)", re.I
)
# words that say nothing of a term's own ("killing the familiar")
TERM_FILLERS = {"the", "a", "an", "of", "and", "or", "to", "in", "on", "for", "by", "with"}
# words of laws' English titles that tell no law from another (every law is China's)
LAW_FILLERS = {"the", "of", "on", "and", "for", "in", "s", "china", "people", "republic", "prc"}


@dataclass(frozen=True)
class ParsedQuery:
    text: str  # the backend query; "" when nothing is left to search for
    entities: tuple[tuple[str, str, str], ...]  # (kind, slug, what the person typed)
    notes: tuple[str, ...]
    # the parts of a query of plain words and names joined by OR, for when no article holds
    # them all ("" for a query of one part, or one the person wrote operators or fields in)
    any_text: str = ""

    def any_part(self) -> "ParsedQuery":
        """The query with its parts joined by OR (for when no article holds them all)."""
        return replace(self, text=self.any_text, any_text="")

    @property
    def only_entity(self) -> tuple[str, str] | None:
        """The entity (or the category, kind "category"), when the whole query was one name."""
        if len(self.entities) == 1:
            kind, slug, typed = self.entities[0]
            if self.text == _understood_clause(kind, slug, typed):
                return kind, slug
        return None


def parse_query(q: str, *, words_only: bool = False) -> ParsedQuery:
    tokens = TOKEN.findall(q)
    if not _nested(tokens):
        tokens = [t for t in tokens if t not in "()"]
    while len(tokens) > 2 and tokens[0].lower() in QUESTION_WORDS:  # "who fined Ant Group"
        tokens = tokens[1:]
    notes, entities, parts = [], [], []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        found = None if words_only else _entity_at(tokens, i)
        term_length = _term_at(tokens, i)
        if found and found[2] < term_length:  # "minors mode" is a term, not the category minors
            found = None
        if found:
            kind, slug, length = found
            typed = " ".join(tokens[i : i + length])
            entities.append((kind, slug, typed))
            parts.append(_understood_clause(kind, slug, typed))
            i += length
            continue
        if length := term_length:  # a term of several words ("mini programs")
            term = " ".join(tokens[i : i + length])
            # "online gambling" (网赌): the category one of its spellings names, and the term
            spellings = (term, *_variants().get(_key(term), ()))
            slug = None if words_only else next(filter(None, map(_category, spellings)), None)
            if slug:
                entities.append(("category", slug, term))
                parts.append(_understood_clause("category", slug, term))
            else:
                parts.append(_term_clause(tokens[i : i + length]))
            i += length
            continue
        parts.extend(_clauses(token, notes, entities, words_only))
        i += 1
    parts = [p for p in parts if p]
    plain = not any(t in OPERATORS or t in "()" or t.startswith("-") or ":" in t for t in tokens)
    any_text = " OR ".join(parts) if plain and len(parts) > 1 else ""
    return ParsedQuery(_join(parts), tuple(entities), tuple(notes), any_text)


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
        found = None if words_only else _resolve(word, kinds=KINDS, fuzzy=False)
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
    if re.fullmatch(r"\w{3,}\*", token):
        return [token.lower()]  # a prefix search: regul*
    if YEAR.fullmatch(token):  # "Didi 2021": published that year, or saying it
        return [f'({OTHER_FIELDS["year"]}:"{token}" OR "{token}")']
    if not words_only and (pieces := _compound(token)):
        return [_piece_clause(piece, entities) for piece in pieces]
    return [_spellings(token)]


def _piece_clause(piece: str, entities: list) -> str:
    """One known term of a compound: an entity or category as a whole query's would be."""
    if found := _entity_at([piece], 0):
        kind, slug, _ = found
        entities.append((kind, slug, piece))
        return _understood_clause(kind, slug, piece)
    return _spellings(piece)


def _compound(token: str) -> list[str] | None:
    """A Chinese query of known terms written together (主播偷逃税: 主播, 偷逃税), cut into
    them, longest first, when they cover it whole and it is no term itself; else None."""
    if not HAN_RUN.fullmatch(token) or _known(token):
        return None
    best: dict[int, list[str]] = {len(token): []}  # from a position, the cut of the rest
    for start in range(len(token) - 2, -1, -1):
        for end in range(len(token), start + 1, -1):
            if end in best and _known(token[start:end]):
                best[start] = [token[start:end], *best[end]]
                break
    pieces = best.get(0)
    return pieces if pieces and len(pieces) > 1 else None


HAN_RUN = re.compile(rf"[{HAN}]{{3,}}")


def _known(term: str) -> bool:
    return bool(_key(term) in _variants() or _category(term) or _names().get(normalise_name(term)))


def _field_clause(field: str, value: str, notes: list[str], entities: list) -> str:
    if field in ENTITY_FIELDS:
        found = _resolve(value, kinds=(field,))
        if not found:
            notes.append(f"No {field} is called “{value}”; searched the words instead.")
            return _quoted(value)
        entities.append((*found, value))
        return _entity_clause(*found)
    if field == "category":
        slug = _category(value)
        if not slug:
            notes.append(f"No category is called “{value}”; searched the words instead.")
            return _quoted(value)
        return f'{OTHER_FIELDS[field]}:"{slug}"'
    return f"{OTHER_FIELDS[field]}:{_quoted(value)}"


def _entity_clause(kind: str, slug: str) -> str:
    clauses = [f'{ENTITY_FIELDS[kind]}:"{s}"' for s in _namesakes(kind, slug)]
    return clauses[0] if len(clauses) == 1 else f"({' OR '.join(clauses)})"


def _understood_clause(kind: str, slug: str, typed: str) -> str:
    """The articles tagged with the entity or category, or holding its names (a category:
    the words typed, and their other spellings)."""
    if kind == "category":
        return f'({OTHER_FIELDS["category"]}:"{slug}" OR {_spellings(typed)})'
    names = " OR ".join(
        dict.fromkeys(_quoted(name) for s in _namesakes(kind, slug) for name in _text_names(kind, s))
    )
    clause = _entity_clause(kind, slug)
    return f"({clause} OR {names})" if names else clause


@cache
def _namesakes(kind: str, slug: str) -> tuple[str, ...]:
    """The entity and those that share its name: the series of the police's 净网 and the
    anti-porn office's (campaigns.toml's same_name_as); the offices of counties of one name in
    two places (普陀区市场监管局, Shanghai's and Zhoushan's)."""
    if kind == "agency":
        return county_namesakes().get(slug, (slug,))
    if kind != "campaign":
        return (slug,)
    rows = entities("campaign")
    own = next((r.get("same_name_as") for r in rows if r["slug"] == slug), None)
    return (slug, *(r["slug"] for r in rows if r.get("same_name_as") == slug), *([own] if own else []))


@cache
def _rows(kind: str) -> dict[str, dict]:
    return {row["slug"]: row for row in known_entities(kind)}


@cache
def _text_names(kind: str, slug: str) -> tuple[str, ...]:
    """The names of an entity worth looking for in a text: its own (no other entity but its
    namesakes has them) and no term of the trade, none that holds another (网络安全法 finds
    中华人民共和国网络安全法), shortest first, at most MAX_NAMES; acronyms of two letters left
    out. Traditional characters are folded at search."""
    row = _rows(kind).get(slug)
    if row is None:
        return ()
    forms = gazetteer().forms
    names = [row["name"], *row["aliases"], *row["acronyms"], *row["names_zh"]]
    names += [former["name"] for former in row.get("former", [])]
    namesakes = {(kind, s) for s in _namesakes(kind, slug)}
    own = {
        _plain(name): name
        for name in names
        if set(forms.get(normalise_name(name), ((kind, ""),))) <= namesakes
        and (len(name) > 2 or not name.isascii())
        and not _common_term(name)
    }
    kept: list[str] = []
    for plain in sorted(own, key=len):
        if not any(_holds(plain, shorter) for shorter in kept):
            kept.append(plain)
    return tuple(own[plain] for plain in kept[:MAX_NAMES])


def _common_term(name: str) -> bool:
    """Is a name, case aside, also a term of the trade ("App Store": any app store)? The index
    ignores case, so the text would find every article using the term."""
    return name.isascii() and (_key(name) in _variants() or _category(name) is not None)


def _plain(name: str) -> str:
    """A name as its words: case, quotation and title marks set aside, simplified."""
    return to_simplified(normalise_name(re.sub(r"[《》“”「」『』\"']", " ", name))).strip()


def _holds(name: str, other: str) -> bool:
    """Does `name` contain `other` as whole words (Chinese: anywhere)?"""
    if other.isascii():
        return re.search(rf"(?<!\w){re.escape(other)}(?!\w)", name) is not None
    return other in name


def _term_clause(words: list[str]) -> str:
    """A term of several words: the term in its spellings and translations, or its words apart
    (a page may say "extorting money from news sources" for "news extortion")."""
    apart = " AND ".join(_spellings(word) for word in words if word.lower() not in TERM_FILLERS)
    return f"({_spellings(' '.join(words))} OR ({apart}))" if apart else _spellings(" ".join(words))


def _spellings(word: str) -> str:
    """A word or phrase, or it and its other spellings ("rumours" finds "rumors")."""
    others = _variants().get(_key(word), ())
    spellings = list(dict.fromkeys(_quoted(w) for w in (word, *others)))
    return spellings[0] if len(spellings) == 1 else "(" + " OR ".join(spellings) + ")"


@cache
def _variants() -> dict[str, tuple[str, ...]]:
    """Each spelling → the other spellings and translations of its groups
    (archive/data/spellings.toml), and a place's or an outlet's names in both languages
    (places.toml, outlets.toml)."""
    table = data.load("spellings")
    places = [[*p["names"], *p["short_zh"]] for p in data.load("places")["place"]]  # Guangdong, 广东
    # an outlet's names: 新华社 finds the "(Xinhua)" of an English dateline
    outlets = [
        [o["name"], *o.get("aliases", []), *o.get("names_zh", [])] for o in data.load("outlets")["outlet"]
    ]
    merged: dict[str, list[str]] = {}  # groups that share a spelling are one group
    for group in [*table["variants"], *table.get("translations", []), *places, *outlets]:
        spellings = list(group)
        for spelling in group:
            for other in merged.get(_key(spelling), []):
                if other not in spellings:
                    spellings.append(other)
        for spelling in spellings:
            merged[_key(spelling)] = spellings
    # as written: "miniprograms" is one word to the index, "mini-programs" two
    return {key: tuple(s for s in spellings if _key(s) != key) for key, spellings in merged.items()}


def _key(term: str) -> str:
    """A term as the spellings file is looked up by: case and spaces folded, simplified (熱搜
    is 热搜)."""
    return to_simplified(normalise_name(term))


def _quoted(word: str) -> str:
    """One phrase on one line: Whoosh's phrase pattern stops at a line break, which would
    leave its quotes unpaired and the words inside read as syntax."""
    cleaned = " ".join(word.replace('"', " ").replace("\\", " ").split())
    return f'"{cleaned}"' if cleaned else ""


def _join(parts: list[str]) -> str:
    """Drop operators with nothing to join (a lone AND, NOT at the end, AND OR), empty
    parentheses, and double negations (NOT NOT x is x; Whoosh's parser fails on it: it reads
    prefix operators left to right, so the first NOT takes the second one and leaves an empty
    group); then write out the AND between parts side by side."""
    joined: list[str] = []
    emptied = False  # just dropped empty parentheses, and the operator before them
    for part in parts:
        if part in ("AND", "OR") and (emptied or not joined or joined[-1] in OPERATORS | {"("}):
            continue
        emptied = False
        if part == "NOT" and joined and joined[-1] == "NOT":
            joined.pop()
            continue
        if part == ")" and joined and joined[-1] in OPERATORS:
            joined.pop()
        if part == ")" and joined and joined[-1] == "(":
            joined.pop()
            if joined and joined[-1] in OPERATORS:
                joined.pop()
            emptied = True
            continue
        joined.append(part)
    while joined and joined[-1] in OPERATORS | {"("}:
        joined.pop()
    return " ".join(_with_and(joined))


def _with_and(tokens: list[str]) -> list[str]:
    """The query with the AND between parts side by side written out (`a b` is `a AND b`:
    Whoosh's default operator, not every engine's). Parts side by side bind less closely than
    an AND or OR written between them, so a run holding an OR is bracketed: `a b OR c` is
    `a AND (b OR c)`, as Whoosh reads it."""
    groups: list[list[list[str]]] = [[[]]]  # the open groups, each a list of runs of tokens
    for token in tokens:
        if token == "(":
            groups.append([[]])
        elif token == ")" and len(groups) > 1:
            _extend(groups[-2], ["(", *_runs_joined(groups.pop()), ")"])
        elif token in ("AND", "OR"):
            groups[-1][-1].append(token)
        elif token != ")":  # a clause, or NOT before one
            _extend(groups[-1], [token])
    while len(groups) > 1:  # never left open by parse_query, but a query must come out whole
        _extend(groups[-2], ["(", *_runs_joined(groups.pop()), ")"])
    return _runs_joined(groups[0])


def _extend(runs: list[list[str]], tokens: list[str]) -> None:
    """Add the tokens that start an operand: to the last run when an operator waits for them,
    else as a new run."""
    if runs[-1] and runs[-1][-1] not in OPERATORS:
        runs.append([])
    runs[-1].extend(tokens)


def _runs_joined(runs: list[list[str]]) -> list[str]:
    if len(runs) == 1:
        return runs[0]
    joined: list[str] = []
    for run in runs:
        joined += ["AND"] if joined else []
        joined += ["(", *run, ")"] if _holds_or(run) else run
    return joined


def _holds_or(run: list[str]) -> bool:
    """Whether an OR joins parts of the run (not one inside its parentheses)."""
    depth = 0
    for token in run:
        depth += (token == "(") - (token == ")")
        if token == "OR" and depth == 0:
            return True
    return False


def _term_at(tokens: list[str], i: int) -> int:
    """How many plain words starting at i (two or more) make one term of the spellings file."""
    for length in range(min(MAX_LOOSE_WORDS, len(tokens) - i), 1, -1):
        run = tokens[i : i + length]
        if any(t in OPERATORS or t in "()" or t.startswith("-") or ":" in t or '"' in t for t in run):
            continue
        if _key(" ".join(run)) in _variants():
            return length
    return 0


def _entity_at(tokens: list[str], i: int) -> tuple[str, str, int] | None:
    """The longest run of plain words starting at i that names one entity."""
    fuzzy = len(tokens) <= MAX_FUZZY_TOKENS
    for length in range(min(MAX_NAME_WORDS, len(tokens) - i), 0, -1):
        run = tokens[i : i + length]
        if any(t in OPERATORS or t in "()" or t.startswith("-") or ":" in t.rstrip(":") for t in run):
            continue  # "Honkai: Star Rail" is a name, "agency:CAC" a field
        name = " ".join(t.strip('"') for t in run)
        if length > MAX_LOOSE_WORDS:  # a long official name, typed whole: only as written
            typed = NATIONAL.sub("", name)  # "China's Office of the …"
            if typed.split()[0].lower() not in _long_name_starts():
                continue
            refs = _names().get(normalise_name(typed), ())
            if len(refs) == 1:
                return *refs[0], length
            continue
        found = (
            _resolve(name, kinds=KINDS, fuzzy=fuzzy and len(name) >= 6)
            or _office_beside(run)
            or _with_type_word(run)
        )
        if found:
            return *found, length
        if slug := _category(name):
            return "category", slug, length
    return None


@cache
def _long_name_starts() -> frozenset[str]:
    """The first words of names longer than MAX_LOOSE_WORDS words, lower-cased."""
    return frozenset(form.split()[0] for form in _names() if len(form.split()) > MAX_LOOSE_WORDS)


def _office_beside(run: list[str]) -> tuple[str, str] | None:
    """A national body, or an office's loose word, and a place beside it, in either order
    ("Cyberspace Administration Guangdong", "广东 网信办", "police Guangdong"): that place's
    office, which the pages name in their own words."""
    for cut in (1, 2):
        for place, rest in ((run[-cut:], run[:-cut]), (run[:cut], run[cut:])):
            words = re.sub(r"\s+(?:of|in|for)$", "", " ".join(rest), flags=re.I)  # "… Regulation of Hangzhou"
            found = rest and _resolve(words, kinds=("agency",), fuzzy=False)
            key = _office_keys().get(found[1]) if found else loose_offices().key_of.get(words.lower())
            office = key and loose_offices().office_of.get((key, " ".join(place).strip('"').lower()))
            if office:
                return "agency", office
    return None


def _with_type_word(run: list[str]) -> tuple[str, str] | None:
    """A platform typed with what it is ("Telegram app", "抖音 平台") or its site's address
    ("Huya.com"): the platform, the word adding nothing a page must say."""
    name = " ".join(run)
    if len(run) > 1 and _key(run[-1]) in _type_words():
        found = _resolve(" ".join(run[:-1]), kinds=("platform",), fuzzy=False)
        if found:
            return found
    bare = _without_company_words(name)  # "Tencent Holdings Ltd", "腾讯控股有限公司"
    if bare != name and bare:
        return _resolve(bare, kinds=("platform",), fuzzy=False)
    if len(run) == 1 and (bare := DOMAIN_END.sub("", name)) != name and bare:
        return _resolve(bare, kinds=("platform",), fuzzy=False)
    return None


def _without_company_words(name: str) -> str:
    """A company's name without what it is in law, at its end (discovery.toml's company_words)."""
    latin, chinese = _company_words()
    words = name.split()
    while len(words) > 1 and words[-1].lower() in latin:
        words.pop()
    name = " ".join(words)
    while cut := next((w for w in chinese if name.endswith(w) and len(name) > len(w)), None):
        name = name[: -len(cut)]
    return name


@cache
def _company_words() -> tuple[frozenset[str], tuple[str, ...]]:
    words = data.load("discovery")["company_words"]
    return frozenset(w for w in words if w.isascii()), tuple(
        sorted((w for w in words if not w.isascii()), key=len, reverse=True)
    )


YEAR = re.compile(r"(?:19|20)\d\d")
DOMAIN_END = re.compile(r"\.(?:com|cn|net|tv|org|com\.cn|hk|tw)$", re.I)


@cache
def _type_words() -> frozenset[str]:
    return frozenset(_key(word) for word in data.load("discovery")["after_name"]) | {"平台", "应用"}


@cache
def _office_keys() -> dict[str, str]:
    """A national body's slug → the key of its local offices in places.toml ("mps": "police")."""
    return {template["parent"]: template["key"] for template in data.load("places")["office"]}


def _category(name: str) -> str | None:
    """The category a name or keyword names in any language, or whose English keyword the
    word begins with ("scams" for "scam", as the tagger matches them), when only one fits. A
    longer Chinese term is not its keyword's category: 网络水军 is narrower than 水军's."""
    wanted = normalise_name(name)
    if slug := _categories().get(wanted):
        return slug
    if not wanted.isascii():
        return None
    fits = {slug for keyword, slug in _keywords_by_start().get(wanted[:4], ()) if keyword.fullmatch(wanted)}
    return fits.pop() if len(fits) == 1 else None


@cache
def _keywords_by_start() -> dict[str, list[tuple[re.Pattern, str]]]:
    """The English keywords of four letters or more, inflected, by their first four: a name is
    compared with those it starts like only (some 70,000 names of offices are checked)."""
    found: dict[str, list[tuple[re.Pattern, str]]] = {}
    for keyword, slug in _categories().items():
        if keyword.isascii() and len(keyword) >= 4:
            found.setdefault(keyword[:4], []).append((re.compile(_inflected(keyword)), slug))
    return found


def _inflected(keyword: str) -> str:
    """A keyword with the endings English adds (scam-s, scam-mers, gambl-ing, pornograph-y), not
    any letters ("scamp" is not a scam)."""
    return f"{re.escape(keyword)}{re.escape(keyword[-1])}?(?:e|y|ic|s|es|ed|d|er|ers|ing|ings|ies)?"


def resolve_entity(name: str, *, kind: str) -> tuple[str, str] | None:
    return _resolve(name, kinds=(kind,))


def _resolve(name: str, *, kinds: tuple[str, ...], fuzzy: bool = True) -> tuple[str, str] | None:
    """(kind, slug) of the one entity of these kinds called `name` (or nearly so), if any."""
    names = _names()

    def named(form: str) -> set[tuple[str, str]]:
        return {r for r in names.get(normalise_name(form), ()) if r[0] in kinds}

    refs = named(name)
    if not refs and "law" in kinds and (law := _law_in_other_words(normalise_name(name))):
        refs = {("law", law)}
    if not refs and "agency" in kinds:
        refs = _loose_office(name)
    if not refs and (bare := POSSESSIVE.sub("", name)) != name:  # "CAC's"
        refs = named(bare)
    if not refs and (bare := OF_CHINA.sub("", name)) != name:  # "… of the People's Republic of China"
        refs = named(bare)
    if not refs and (rest := NATIONAL.sub("", name)) != name and rest:  # "China's anti-porn office"
        likened = _likened().get(normalise_name(LIKENED.sub("", rest)))  # "China's Twitter": Weibo
        refs = ({likened} if likened[0] in kinds else set()) if likened else named(rest)
    if not refs and " " in name.strip() and "agency" in kinds:  # "market regulator": China's
        refs = {r for r in named(f"China's {name}") if r[0] == "agency"}
    if not refs and fuzzy and not _known(name):  # "Jiangsu" is a place, not a misspelt Jianshu
        wanted = normalise_name(name)
        allowed = 1 if len(wanted) < LONG_NAME else MAX_TYPOS
        # difflib's quick bounds narrow the names fast; the edits decide ("Hauwei" rates 0.83)
        candidates = difflib.get_close_matches(wanted, _fuzzy_forms().get(wanted[:1], []), n=5, cutoff=0.75)
        edits = {form: _edits(wanted, form) for form in candidates}
        fewest = min(edits.values(), default=allowed + 1)
        close = [
            form for form, n in edits.items() if n == fewest <= allowed and _misspelt_words(wanted, form)
        ]
        # misspellings of agencies' and platforms' names only: a law's or a campaign's are
        # made of ordinary words a query may well hold on purpose
        refs = {r for form in close for r in names[form] if r[0] in kinds and r[0] in ("agency", "platform")}
    if len(refs) > 1 and all(_namesakes(*r) == _namesakes(*min(refs)) for r in refs):
        refs = {min(refs)}  # 普陀区市场监管局: Shanghai's and Zhoushan's, one query for both
    return refs.pop() if len(refs) == 1 else None


def _misspelt_words(typed: str, form: str) -> bool:
    """Whether the words of `typed` that `form` lacks may be misspellings: a word some name
    is made of is no misspelling of another ("Hangzhou tax" is not "Hangzhou CAC"); words
    spaced otherwise ("Tao Bao") are no other words."""
    typed_words, form_words = typed.split(), form.split()
    if len(typed_words) != len(form_words):
        return True
    return not any(t in _name_words() for t, f in zip(typed_words, form_words, strict=True) if t != f)


@cache
def _name_words() -> frozenset[str]:
    return frozenset(word for form in _names() for word in form.split())


def _loose_office(name: str) -> set[tuple[str, str]]:
    """The local office a loose phrase names as a whole ("Hangzhou police", "police in
    Zhejiang", "Shenzhen's internet regulator"): a city's has no such form in the gazetteer,
    and extraction reads the phrase around the place's name, as here."""
    name = name.strip()
    return {("agency", slug) for slug, *_, span in coordinated_offices(name) if span == (0, len(name))}


def _edits(one: str, other: str) -> int:
    """Letters inserted, deleted, changed or swapped with a neighbour to turn one into the
    other (optimal string alignment)."""
    before, row = None, list(range(len(other) + 1))
    for i, a in enumerate(one, 1):
        current = [i]
        for j, b in enumerate(other, 1):
            cost = min(row[j] + 1, current[j - 1] + 1, row[j - 1] + (a != b))
            if before and i > 1 and j > 1 and a == other[j - 2] and one[i - 2] == b:
                cost = min(cost, before[j - 2] + 1)
            current.append(cost)
        before, row = row, current
    return row[-1]


def _law_in_other_words(wanted: str) -> str | None:
    """The one law a short English name of its own words means, in another order or without
    some of them ("anti-fraud law" for the Anti-Telecom and Online Fraud Law): it ends in a
    word that ends titles ("law", "rules": laws.toml's title_words) and one of the law's
    English names, and the words before it are all in that name and together in no other
    law's names ("online law" is none: four laws are online)."""
    words = _law_name_words(wanted)
    if len(words) < 2 or not wanted.isascii():
        return None
    *others, last = words
    if last not in data.load("laws")["title_words"]:
        return None
    wanted_words = set(others)
    among = {slug for slug, named in _law_names() if wanted_words <= named[0]}
    if len(among) != 1:
        return None
    slug = among.pop()
    ends = any(wanted_words <= named and end == last for s, (named, end) in _law_names() if s == slug)
    return slug if ends else None


def _law_name_words(name: str) -> list[str]:
    return [word for word in re.findall(r"[a-z0-9]+", name.lower()) if word not in LAW_FILLERS]


@cache
def _law_names() -> tuple[tuple[str, tuple[frozenset[str], str]], ...]:
    """(slug, (the words, the last word)) of each English name of each law."""
    found = []
    for law in entities("law"):
        for name in [law["name"], *law["aliases"]]:
            if words := _law_name_words(name):
                found.append((law["slug"], (frozenset(words), words[-1])))
    return tuple(found)


@cache
def _names() -> dict[str, tuple[tuple[str, str], ...]]:
    """Every name of every entity, plus the leading words of long names where only one
    entity starts that way ("Cyberspace Administration" for "... of China")."""
    names = dict(gazetteer().forms)
    for form, refs in gazetteer().forms.items():  # "Taiwan media regulator" for "Taiwan's …"
        if POSSESSIVE.search(form):
            names.setdefault(POSSESSIVE.sub("", form), refs)
    for campaign in entities("campaign"):  # typed alone, a series' stem means it (净网, 清朗)
        for stem in campaign.get("stems_zh", []):
            names.setdefault(normalise_name(stem), (("campaign", campaign["slug"]),))
    leading: dict[str, set] = {}
    for form, refs in gazetteer().forms.items():
        if any(kind not in ("agency", "platform") for kind, _ in refs):
            continue  # a law's or a campaign's first words are ordinary words ("live streaming")
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
    parents = _parents()

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
def _parents() -> dict[tuple[str, str], str]:
    return {(kind, e["slug"]): e.get("parent") for kind in KINDS for e in entities(kind)}


@cache
def _likened() -> dict[str, tuple[str, str]]:
    """Every name of a foreign platform → the Chinese one coverage likens to it (platforms.toml)."""
    likened = {foreign: p["slug"] for p in entities("platform") for foreign in p.get("likened_to", [])}
    return {
        form: ("platform", likened[slug])
        for form, refs in gazetteer().forms.items()
        for kind, slug in refs
        if kind == "platform" and slug in likened
    }


@cache
def _fuzzy_forms() -> dict[str, list[str]]:
    """Names long enough that a near miss is a misspelling, not another word, by first
    character: a misspelt name rarely gets its first letter wrong, and comparing against
    one letter's names keeps a long query fast. The counties' offices are left out: some
    9,000 of them would double the names compared, for misspellings nobody types."""
    counties = {("agency", row["slug"]) for row in entities("agency") if "county" in row}
    forms: dict[str, list[str]] = {}
    for form, refs in _names().items():
        if len(form) >= 6 and not set(refs) <= counties:
            forms.setdefault(form[0], []).append(form)
    return forms


@cache
def _categories() -> dict[str, str]:
    """Every name of a category, and each of its keywords in any language, → its slug (a
    keyword two categories share names neither, nor one the data file calls narrower: typed
    alone, 大数据杀熟 means itself, not every article on algorithms)."""
    found: dict[str, set[str]] = {}
    for category in data.load("categories")["category"]:
        narrower = {normalise_name(term) for term in category.get("narrower", [])}
        names = [category["slug"], category["name"], *category["keywords"], *category["keywords_zh"]]
        for name in names:
            if normalise_name(name) not in narrower:
                found.setdefault(normalise_name(name), set()).add(category["slug"])
    return {name: slugs.pop() for name, slugs in found.items() if len(slugs) == 1}
