"""Clean: page text in, the headline and the article body out, furniture set aside."""

import re
from dataclasses import dataclass, field
from functools import cache
from html import unescape
from itertools import islice

import trafilatura
from trafilatura.settings import set_date_params

from archive import data
from archive.ingest.read import Document
from archive.ingest.urls import web_url
from archive.text import HAN, HAN_CHAR, SIGNED_ON, TABLE_ROW

HTML_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.I | re.S)
TITLE_SEPARATOR = re.compile(r"\s+(?:::|[-|–—»·])\s+|_(?=[^_]+$)")
H1 = re.compile(r"<h1[^>]*>(.*?)</h1>", re.I | re.S)
TAG = re.compile(r"<[^>]+>")
INVISIBLE = re.compile(r"<(script|style|noscript|template)\b.*?</\1\s*>|<!--.*?-->", re.I | re.S)
BLOCK_TAG = re.compile(
    r"<(?:/?(?:p|div|br|li|ul|ol|h[1-6]|tr|table|header|footer|nav|section|article|aside|main|"
    r"blockquote|figure|figcaption|title|dd|dt|dl|form|pre|hr)\b[^>]*)>",
    re.I,
)
META_TAG = re.compile(r"<meta\s[^>]*>", re.I)
META_ATTRIBUTE = re.compile(r"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
JSON_LD_DATE = re.compile(r'"datePublished"\s*:\s*"([^"]+)"')
DATE_TAGS = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "dc.date.issued",
    "dc.date",
    "date",
    "parsely-pub-date",
    "sailthru.date",
)
SENTENCE_END = re.compile(r"""[.!?。！？…][\s"'”’」』)）\]】]*$""")
WORD = re.compile(r"[A-Za-z0-9][\w'’-]*")
LEAD_IN = re.compile(r"[:：]$")
BULLET = re.compile(r"[·•▪►◦‧・．*]\s*\S")  # an item of a list of links
SIGNER = 30  # characters of an issuing body's name under a notice
# A list item that states a figure: "- Platforms summoned: 14", "Accounts closed: 8,430"
LIST_FIGURE = re.compile(r"(?:[-–•*·]\s*)?[A-Za-z][\w'’ -]{1,60}[:：]\s*\d[\d,.]*(?:\s+[A-Za-z]+)?")
DATE_LIKE = re.compile(
    r"\b(19|20)\d\d[-/.]\d{1,2}[-/.]\d{1,2}|\d{4}\s*年\s*\d{1,2}\s*月|"
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+(19|20)\d\d",
    re.I,
)
SEPARATORS = re.compile(r"\s(?:[|/>»›｜▏│┃丨]|>>)\s|\s·\s|\]\s*\[")
ADDRESS = re.compile(r"https?://|www\.|\b[\w-]+\.(com|cn|net|org|xyz|top|vip|cc|tw|hk)\b", re.I)
# "From our correspondent", "From Xinhua": not "From website licences to tax bills: …", a headline
BYLINE = re.compile(r"(?i:by|posted by|written by|reported by)\s|(?i:from)\s+(?:(?i:our)\b|[A-Z])")
# Pinyin in brackets right after a Chinese character: with a tone mark, or any lowercase syllable
TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
PINYIN_MARKED = re.compile(rf"(?<=[{HAN}])[(（][a-zü]*[{TONED}][a-zü{TONED}]*[)）]")
PINYIN_ANY = re.compile(rf"(?<=[{HAN}])[(（][a-zü{TONED}]{{1,6}}[)）]")
PINYIN_SCAN = 200_000  # characters looked at to tell whether a page prints pinyin
# Whitespace that normalising changes: a run, or one character other than a space (matching
# every space made a 20 MB line into millions of pieces before joining them: 280 MB)
SPACES = re.compile(r"\s{2,}|[^\S ]")
HEADLINE = 500  # characters: a longer line is a paragraph, never a headline
# Characters past which a line is never furniture: the rules describe menus, share bars and
# spam lines, and on a report pasted as one line one word anywhere would discard it all.
FURNITURE_MAX = 5_000
LEAD = 20_000  # characters of the opening paragraphs a headline is compared with
# Characters of HTML past which a page skips trafilatura for the visible-text cleaning: over a
# second per MB and several copies of the page's tree (a 20 MB page: 24 s and 600 MB).
TRAFILATURA_LIMIT = 5_000_000
TABLE_RULE = re.compile(r"(?m)^\|(?:-+\|)+\s*$")


@dataclass(frozen=True)
class CleanPage:
    title: str
    body: str
    # Lines above and below the body (banners, bylines, clocks, footers): describe reads them.
    header: tuple[str, ...] = ()
    footer: tuple[str, ...] = ()
    # What the page's own markup said (HTML only): title, author, date, sitename, url.
    meta: dict = field(default_factory=dict)

    @property
    def furniture(self) -> tuple[str, ...]:
        return self.header + self.footer


@cache
def _patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern, tuple[str, ...]]:
    """(furniture, captions, spam words, spam words lowercased)"""
    rules = data.load("boilerplate")
    furniture = re.compile("|".join(f"(?:{p})" for p in rules["furniture"]), re.I)
    captions = re.compile("|".join(f"(?:{p})" for p in rules["captions"]), re.I)
    # an English spam word where a word starts ("cialis" is not in "socialist"), a Chinese one anywhere
    spam = "|".join(rf"(?<![a-z0-9]){re.escape(w)}" if w.isascii() else re.escape(w) for w in rules["spam"])
    return furniture, captions, re.compile(spam, re.I), tuple(w.lower() for w in rules["spam"])


def normalise(line: str) -> str:
    return SPACES.sub(" ", line).strip()  # not " ".join(line.split()): a list of every word


def _has(pattern: re.Pattern, line: str, count: int) -> bool:
    """Does the line hold `count` matches? (Stops there: a line may be a whole 20 MB page.)"""
    return sum(1 for _ in islice(pattern.finditer(line), count)) == count


def is_furniture(line: str) -> bool:
    if len(line) > FURNITURE_MAX:
        return False
    furniture, _, spam, spam_words = _patterns()
    if furniture.match(line):
        return True
    lowered = line.lower()
    if not any(word in lowered for word in spam_words):  # most lines: substring tests are fast
        return False
    # Spam is an advert: two of its words, or one in a line that is no sentence. One in a
    # sentence is news about it ("police closed 300 casino sites").
    found = {match[0].casefold() for match in islice(spam.finditer(line), 20)}
    return len(found) >= 2 or (len(found) == 1 and not is_prose(line))


def is_prose(line: str) -> bool:
    """A sentence-ending line long enough to be a paragraph, not a headline or a button, or a
    row of the article's table ("| 1 | 乐拍修图 | 小米应用商店 |", as trafilatura writes it)."""
    if TABLE_ROW.fullmatch(line):
        return True
    if not SENTENCE_END.search(line):
        return False
    return _has(HAN_CHAR, line, 12) or _has(WORD, line, 7)


def strip_pinyin(text: str) -> str:
    """ "網(wǎng)絡(luò)" → "網絡": the pinyin some pages print after each character. A bracket
    counts when it holds a syllable with a tone mark; plain lowercase syllables count too on a
    page that does it with tone marks ("違(wei)法"), never a word like "(App)"."""
    marked = len(PINYIN_MARKED.findall(text, 0, PINYIN_SCAN))
    if not marked:
        return text
    return (PINYIN_ANY if marked >= 3 else PINYIN_MARKED).sub("", text)


def _lead_in(line: str) -> bool:
    """A paragraph leading into a list ("现将有关情况通报如下：", "The results were as follows:")."""
    return bool(LEAD_IN.search(line)) and (_has(HAN_CHAR, line, 20) or _has(WORD, line, 10))


def _signature(after: list[str]) -> int:
    """How many of the lines after the last paragraph sign it off: the issuing body and the
    date, as an official notice ends ("合肥市市场监督管理局" / "2024年9月26日"), or the date alone."""
    for length in (2, 1):
        lines = after[:length]
        if len(lines) == length and SIGNED_ON.fullmatch(lines[-1]):
            if all(len(line) <= SIGNER and not SENTENCE_END.search(line) for line in lines[:-1]):
                return length
    return 0


def clean_text(text: str, *, title: str = "") -> CleanPage:
    text, title = strip_pinyin(text), strip_pinyin(title)
    lines, runs_on, blank = [], set(), True  # runs_on: lines the next follows without a blank
    for line in map(normalise, text.splitlines()):
        if line and not blank:
            runs_on.add(len(lines) - 1)
        if line:
            lines.append(line)
        blank = not line
    captions = _patterns()[1]
    repeated_captions = set()
    kept: list[int] = []
    listed = furniture = False  # in the list of links a furniture line heads ("Related:", 【延伸閱讀】)
    for i, line in enumerate(lines):
        credit = captions.match(line)
        listed = bool(BULLET.match(line)) and (listed or furniture)
        furniture = is_furniture(line)
        if credit:
            repeated_captions.add(line[credit.end() :].casefold())
        elif not listed and not furniture:
            kept.append(i)
    kept = [i for i in kept if lines[i].casefold() not in repeated_captions]
    prose = [i for i in kept if is_prose(lines[i]) or _lead_in(lines[i])]
    first, last = (prose[0], prose[-1]) if prose else (kept[0] if kept else 0, len(lines) - 1)
    last += _signature(lines[last + 1 : last + 3]) if prose else 0
    lead = " ".join(lines[i] for i in prose[:3])[:LEAD]
    if not title:
        above = [i for i in kept if i < first]
        title = _two_lines(_pick_title([lines[i] for i in above], lines, lead), above, lines, runs_on)
    body = _body_lines([lines[i] for i in kept if first <= i <= last], title)
    if not title and body:
        title = _first_sentence(body[0])
    return CleanPage(title, "\n\n".join(body), tuple(lines[:first]), tuple(lines[last + 1 :]))


def clean_document(document: Document) -> CleanPage:
    if document.media_type == "text/html":
        return clean_html(document.text)
    return clean_text(document.text)


def clean_html(html: str) -> CleanPage:
    meta = html_meta(html)
    extracted = _extract_article(html) if len(html) <= TRAFILATURA_LIMIT else None
    visible = visible_lines(html)
    if extracted is None or not (extracted.text or "").strip():
        # trafilatura found no article: clean the page's visible text like a scraped dump
        page = clean_text("\n".join(visible), title=meta["title"])
        return CleanPage(page.title, page.body, page.header, page.footer, meta)
    meta["url"] = web_url(meta["url"]) or web_url(extracted.url or "")  # og:url, else canonical
    meta["hostname"] = extracted.hostname or ""
    meta["author"] = meta["author"] or extracted.author or ""
    text = TABLE_RULE.sub("", extracted.text)  # "|---|---|" under a table's header row
    page = clean_text(text, title=meta["title"] or normalise(extracted.title or ""))
    # The page's own lines outside the article: its header and byline above, its footer below.
    inside = set(page.body.split("\n\n"))
    start = next((i for i, line in enumerate(visible) if line in inside), len(visible))
    header = tuple(line for line in visible[:start] if line not in inside)
    footer = tuple(line for line in visible[start:] if line not in inside)
    return CleanPage(page.title, page.body, header + page.header, footer + page.footer, meta)


def _extract_article(html: str):
    return trafilatura.bare_extraction(
        html,
        with_metadata=True,  # for the url, host, author and title; its date is not used,
        date_extraction_params=set_date_params(extensive=False),  # so no slow extensive search
        include_comments=False,
        include_tables=True,  # a notice's list of apps is a table: its rows are the article's
        favor_precision=True,
    )


def html_meta(html: str) -> dict[str, str]:
    """What the page declares about itself: only explicit tags, never a guess from its text."""
    head = html[:200_000]
    tags = {}
    for tag in META_TAG.findall(head):
        attributes = {k.lower(): unescape(a or b) for k, a, b in META_ATTRIBUTE.findall(tag)}
        key = (
            attributes.get("property") or attributes.get("name") or attributes.get("itemprop") or ""
        ).lower()
        if key and "content" in attributes:
            tags.setdefault(key, normalise(attributes["content"]))
    json_ld_date = JSON_LD_DATE.search(head)
    title = HTML_TITLE.search(head)
    html_title = normalise(unescape(title.group(1))) if title else ""
    return {
        "title": tags.get("og:title") or _headline(head, html_title),
        "html_title": html_title,
        "sitename": tags.get("og:site_name") or tags.get("application-name", ""),
        "author": tags.get("author") or tags.get("article:author", ""),
        "date": next((tags[k] for k in DATE_TAGS if tags.get(k)), "")
        or (json_ld_date.group(1) if json_ld_date else ""),
        "url": tags.get("og:url", ""),
    }


def _headline(html: str, html_title: str) -> str:
    """The <h1> the page's <title> repeats (sites also put their name in an <h1>), else the
    longest <h1>, else the longest part of the <title>."""
    headings = [normalise(unescape(TAG.sub(" ", h))) for h in H1.findall(html)]
    headings = [h for h in headings if h]
    for heading in sorted(headings, key=len, reverse=True):
        if heading in html_title:
            return heading
    if headings:
        return max(headings, key=len)
    parts = TITLE_SEPARATOR.split(html_title)
    return max(parts, key=len).strip() if html_title else ""


def visible_lines(html: str) -> list[str]:
    """The page's text, one line per block element (scripts, styles and comments dropped)."""
    text = INVISIBLE.sub(" ", html)
    text = BLOCK_TAG.sub("\n", text)
    text = strip_pinyin(unescape(TAG.sub(" ", text)))
    return [line for line in (normalise(raw) for raw in text.splitlines()) if line]


def _pick_title(candidates: list[str], lines: list[str], lead: str) -> str:
    """The headline among the lines above the body.

    A line the page prints twice close together is the headline. Otherwise the headline is
    the line that shares most of its words with the opening paragraphs (menus, taglines and
    site names share few); on a tie, the earlier (a headline comes before its standfirst).
    """
    headline_like = [c for c in candidates if _headline_shaped(c)]
    for candidate in headline_like:
        at = lines.index(candidate)
        if candidate in lines[at + 1 : at + 8]:  # a banner repeated in the footer is no headline
            return candidate
    if not headline_like:
        return ""
    lead_terms = _terms(lead)
    scores = [len(_terms(c) & lead_terms) / max(1, len(_terms(c))) for c in headline_like]
    best = max(scores)
    if best < 0.2:
        return max(headline_like, key=len)
    return headline_like[scores.index(best)]


HEADLINE_PART = 30  # characters: the longest line of a Chinese headline set on two lines
STOPS = "。！？；!?;"


def _two_lines(title: str, above: list[int], lines: list[str], runs_on: set[int]) -> str:
    """A Chinese headline set on two lines with no blank line between ("我省…成果发布" over
    "全年查处…47起"), whichever of them was picked: both, joined by a space."""
    if not title or title not in lines:
        return title
    at = lines.index(title)
    for first in (at - 1, at):
        pair = (first, first + 1)
        if first in runs_on and all(i in above and _headline_part(lines[i]) for i in pair):
            return f"{lines[first]} {lines[first + 1]}"
    return title


def _headline_part(line: str) -> bool:
    han = len(HAN_CHAR.findall(line))
    return (
        han >= 6
        and han * 2 > len(line)
        and len(line) <= HEADLINE_PART
        and line[-1] not in STOPS
        and _headline_shaped(line)
    )


def _terms(text: str) -> set[str]:
    """Content words, and pairs of Chinese characters, for comparing a line with the lead."""
    words = {w.lower()[:5] for w in WORD.findall(text) if len(w) > 3}  # "ranking" ~ "rankings"
    han = "".join(HAN_CHAR.findall(text))
    return words | {han[i : i + 2] for i in range(len(han) - 1)}


def _length(line: str) -> int:
    return len(HAN_CHAR.findall(line)) + len(WORD.findall(line))


def _headline_shaped(line: str) -> bool:
    if len(line) > HEADLINE:
        return False
    if line.isupper() and len(line.split()) <= 4 and not HAN_CHAR.search(line):  # "CHINA TOPIX"
        return False
    if DATE_LIKE.search(line) or len(SEPARATORS.findall(line)) >= 2 or BYLINE.match(line):
        return False  # a byline, a dateline, a menu or a breadcrumb
    if SEPARATORS.search(line) and all(_length(part) <= 3 for part in SEPARATORS.split(line)):
        return False  # "Regulation | Weekly roundup": a section and its subsection
    if ADDRESS.search(line) or _is_menu(line) or _is_banner(line):
        return False
    return len(HAN_CHAR.findall(line)) >= 6 or len(WORD.findall(line)) >= 3


def _is_menu(line: str) -> bool:
    """ "首页 要闻 警方动态 反诈专栏": four or more short items side by side."""
    items = line.split()
    if len(items) >= 3 and all(HAN_CHAR.search(item) and len(item) <= 4 for item in items):
        return True
    # "Home World China Business Sci-Tech Sports": capitalised words and nothing else
    return len(items) >= 4 and all(item[:1].isupper() and item.isalpha() or "-" in item for item in items)


def _is_banner(line: str) -> bool:
    """ "PACIFIC WIRE | News that moves markets": a site name in capitals, then a tagline."""
    head = SEPARATORS.split(line, maxsplit=1)[0] if SEPARATORS.search(line) else ""
    head = head or re.split(r"\s[-–—]\s", line, maxsplit=1)[0] if re.search(r"\s[-–—]\s", line) else head
    letters = re.sub(r"[^A-Za-z]", "", head)
    return bool(letters) and letters.isupper() and len(head.split()) <= 4


def _body_lines(lines: list[str], title: str) -> list[str]:
    seen = {title.casefold()}
    body = []
    for line in lines:
        key = line.casefold()
        short = not is_prose(line) and not _has(WORD, line, 4) and not HAN_CHAR.search(line)
        if key in seen or (short and not LIST_FIGURE.fullmatch(line)):
            continue
        seen.add(key)
        body.append(line)
    return body


def _first_sentence(paragraph: str) -> str:
    sentence = re.split(r"(?<=[。！？])\s*|(?<=[.!?])\s+", paragraph, maxsplit=1)[0]  # not at "1.2"
    return sentence[:200]
