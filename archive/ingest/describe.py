"""Describe: who published a page, who wrote it, when, and in which language.

A wrong date is worse than none: only bylines, page metadata, datelines and URLs count;
site clocks, copyright years and dates inside sentences never do.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cache
from urllib.parse import urlparse

from archive import data
from archive.ingest.clean import CleanPage, is_furniture, is_prose
from archive.ingest.urls import web_url
from archive.text import HAN, HAN_CHAR, MONTH_NAMES, MONTHS, to_simplified

MONTH = rf"(?P<month>{MONTH_NAMES})\.?"
YMD = r"(?P<y>(?:19|20)\d\d)[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})"
ZH_YMD = r"(?P<y>(?:19|20)\d\d)\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日"
MDY = MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d\d)"
DMY = r"(?P<day>\d{1,2})\s+" + MONTH + r",?\s+(?P<year>(?:19|20)\d\d)"
# 27/08/2021 or 08/27/2021: read only when the day is unmistakable (over 12).
NUMERIC_DMY = r"(?<![\d/])(?P<a>\d{1,2})[/.](?P<b>\d{1,2})[/.](?P<year>(?:19|20)\d\d)(?![\d/])"
LANGUAGE_SAMPLE = 200_000  # characters of the body: enough to tell, and a 20 MB page stays cheap
BYLINE_REACH = 8  # a byline sits within a few lines below the headline
COMPACT_DATE = re.compile(r"^(?P<y>(?:19|20)\d\d)(?P<m>[01]\d)(?P<d>[0-3]\d)")  # 20210705, in metadata only
DATE_FORMS = [re.compile(form, re.I) for form in (YMD, ZH_YMD, MDY, DMY, NUMERIC_DMY)]

BYLINE_DATE = re.compile(r"\b(updated|published|posted|released|date)\b\s*(on|at)?\s*:?|^by\s+\S", re.I)
ZH_BYLINE_DATE = re.compile(
    r"(发布|發佈|發布|更新|日期|时间|時間|来源|來源|作者|编辑|編輯|记者|記者)\s*[:：]?"
)
# "BEIJING, Jan. 13 (Xinhua) --": the place in capitals, the month and day, no year.
DATELINE = re.compile(
    r"^[A-Z][A-Z .'-]{2,30},\s*" + MONTH + r"\s+(?P<day>\d{1,2})\b(?:,\s*(?P<year>(?:19|20)\d\d))?"
    r"[^\n]{0,40}?(--|—|–|-)",
    re.I,
)
URL_DATE = re.compile(r"/[a-z]?(?P<y>(?:19|20)\d\d)[-/]?(?P<m>[01]\d)[-/]?(?P<d>[0-3]\d)(?:/|\b|_)")
URL_LIKE = re.compile(
    r"https?://[^\s\"'<>]+|(?:[\w-]+\.)+(?:com|cn|net|org|tw|hk|uk)(?:\.\w\w)?(?:/[^\s]*)?", re.I
)
BYLINE_AUTHOR = re.compile(r"^by\s+(?P<name>[^|,;\n]{3,60}?)\s*(?:\||,|;|$)", re.I)
ZH_AUTHOR = re.compile(rf"(?:记者|記者|作者)\s*[:：]?\s*(?P<name>[{HAN}]{{2,4}})")
HOST_LIKE = re.compile(r"[\w-]+(\.[\w-]+)+")
LABEL = re.compile(r"\d{4}|\d{1,2}[:/]\d|[:：]")  # a date, a time or "来源：…" is no site name
# "Headline - Site Name", "标题-网站名"
TITLE_SUFFIX = re.compile(rf"(?:\s[-|–—_]\s|(?<=\S)[-|_](?=[{HAN}]))(?P<name>[^-|–—_]{{2,60}})$")
ZH_SOURCE = re.compile(r"(?:来源|來源)\s*[:：]\s*(?P<name>\S+)")
# "Copyright © 2024 The Peking Ledger. All rights reserved." / "版權所有 香江時事網"
COPYRIGHT_HOLDER = re.compile(
    r"(?:copyright|©|\(c\))\s*(?:©\s*)?(?:(?:19|20)\d\d\s*(?:[-–]\s*(?:(?:19|20)\d\d)?\s*)?)?"
    r"(?P<name>[A-Z][\w'&-]*(?:\.\w+)*(?:\s+[A-Z&][\w'&-]*(?:\.\w+)*){0,5})",
)
ZH_COPYRIGHT = re.compile(
    rf"(?:版权所有|版權所有)\s*[:：©]?\s*(?P<name>[{HAN}]{{2,12}})"
    rf"|(?P<before>[{HAN}]{{2,12}})\s*(?:©\s*)?(?:\d{{4}}(?:\s*[-–]\s*\d{{4}})?)?\s*(?:版权所有|版權所有)"
    rf"|(?:©|copyright)\s*(?:\d{{4}}(?:\s*[-–]\s*\d{{4}})?)?\s*(?P<holder>[{HAN}]{{2,12}})",
    re.I,
)


@dataclass(frozen=True)
class Description:
    title: str
    outlet: str
    author: str
    published_on: date | None
    date_source: str
    url: str
    language: str


def describe_page(page: CleanPage, *, source: str = "", today: date | None = None) -> Description:
    today = today or datetime.now(UTC).date()
    url = _page_url(page, source)
    published_on, date_source = find_date(page, url=url, today=today)
    return Description(
        title=page.title,
        outlet=find_outlet(page, url=url),
        author=find_author(page),
        published_on=published_on,
        date_source=date_source,
        url=url,
        language=detect_language(page.title + "\n" + page.body[:LANGUAGE_SAMPLE]),
    )


def find_date(page: CleanPage, *, url: str, today: date) -> tuple[date | None, str]:
    """The publication date and how it was found, or (None, "")."""
    candidates = [
        ("metadata", _parse(page.meta.get("date", "")) or _parse_compact(page.meta.get("date", ""))),
        ("byline", _byline_date(page.header, page.title) or _marked_date(page.footer)),
        ("dateline", _dateline_date(page.body, url=url)),
        ("url", _url_date(url)),
    ]
    for how, found in candidates:
        if found and date(1994, 1, 1) <= found <= today:
            return found, how
    return None, ""


def _first_date(text: str) -> re.Match | None:
    found = [m for form in DATE_FORMS if (m := form.search(text or ""))]
    return min(found, key=lambda m: m.start()) if found else None


def _parse(text: str) -> date | None:
    match = _first_date(text)
    if not match:
        return None
    groups = match.groupdict()
    try:
        if groups.get("y"):
            return date(int(groups["y"]), int(groups["m"]), int(groups["d"]))
        if groups.get("a"):
            a, b = int(groups["a"]), int(groups["b"])
            if (a > 12) == (b > 12):
                return None  # 03/04/2021 could be either
            day, month = (a, b) if a > 12 else (b, a)
            return date(int(groups["year"]), month, day)
        return date(int(groups["year"]), MONTHS[groups["month"].lower()], int(groups["day"]))
    except ValueError:
        return None


def _parse_compact(text: str) -> date | None:
    match = COMPACT_DATE.match(text.strip())
    if not match:
        return None
    try:
        return date(int(match["y"]), int(match["m"]), int(match["d"]))
    except ValueError:
        return None


def _byline_date(lines: tuple[str, ...], title: str) -> date | None:
    """A date beside a byline marker, else a short line holding a date below the headline.

    Only the head of the page counts, down to a few lines under the headline: a bare date
    above the headline is the site's clock, and dates further down belong to other stories.
    """
    at = lines.index(title) if title in lines else -1
    if at >= 1 and (found := _breadcrumb_date(lines[at - 1])):
        return found
    head = lines[: at + 1 + BYLINE_REACH] if at >= 0 else lines
    for line in head:
        if (BYLINE_DATE.search(line) or ZH_BYLINE_DATE.search(line)) and (found := _parse(line)):
            return found
    for line in head[at + 1 :] if at >= 0 else head:
        if len(line) <= 100 and not is_prose(line) and (found := _parse(line)):
            return found
    return None


BREADCRUMB_END = re.compile(r"\s[|｜/>»]\s*(?P<date>[^|｜/>»]+)$")
TIME_OF_DAY = re.compile(r"\d{1,2}:\d\d")


def _breadcrumb_date(line: str) -> date | None:
    """ "港澳法苑 | 內地新聞 | 2024-01-10" right above the headline: the path to the story ends
    with its date. (A clock tells the time too, and stands apart from the headline.)"""
    end = BREADCRUMB_END.search(line) if len(line) <= 100 and not TIME_OF_DAY.search(line) else None
    if not end or not _parse(end["date"]):
        return None
    match = _first_date(end["date"])
    return _parse(end["date"]) if match and match.group(0).strip() == end["date"].strip() else None


def _marked_date(lines: tuple[str, ...]) -> date | None:
    """Below the article only a date that says what it is counts ("First published: …")."""
    for line in lines:
        marker = BYLINE_DATE.search(line)
        if marker and not line.lower().startswith("by ") and (found := _parse(line[marker.start() :])):
            return found
    return None


def _dateline_date(body: str, *, url: str) -> date | None:
    match = DATELINE.match(body[:200])
    if not match:
        return None
    year = match.group("year") or (_url_date(url).year if _url_date(url) else None)
    if not year:
        return None
    try:
        return date(int(year), MONTHS[match.group("month").lower()], int(match.group("day")))
    except ValueError:
        return None


def _url_date(url: str) -> date | None:
    match = URL_DATE.search(urlparse(url).path if url else "")
    if not match:
        return None
    try:
        return date(int(match["y"]), int(match["m"]), int(match["d"]))
    except ValueError:
        return None


def _page_url(page: CleanPage, source: str) -> str:
    """The page's own http(s) URL: as its markup declares it, else where it was fetched
    from, else an address in its header or footer."""
    if found := web_url(page.meta.get("url", "")) or web_url(source):
        return found
    for line in page.furniture:
        match = URL_LIKE.search(line)
        if match and "/" in match.group(0).split("//")[-1]:
            found = match.group(0)
            return found if found.startswith("http") else f"https://{found}"
    return ""


@cache
def _outlets() -> tuple[dict[str, str], dict[str, str]]:
    """(host → outlet name, lowercased name or alias → outlet name)"""
    by_host, by_name = {}, {}
    for outlet in data.load("outlets")["outlet"]:
        for host in outlet["domains"]:
            by_host[host] = outlet["name"]
        for name in [outlet["name"], *outlet["aliases"], *outlet["names_zh"]]:
            by_name[name.casefold()] = outlet["name"]
    return by_host, by_name


def find_outlet(page: CleanPage, *, url: str) -> str:
    """Who published the page, from what it says about itself (never from outlets it cites)."""
    by_host, by_name = _outlets()
    for host in _hosts(page, url):
        for known, name in by_host.items():
            if host == known or host.endswith("." + known):
                return name
    for found in _self_names(page):
        name = _tidy_outlet(found)
        if name:
            return by_name.get(name.casefold(), name)
    return (urlparse(url).hostname or "").removeprefix("www.")  # a site known only from its URL


def _hosts(page: CleanPage, url: str) -> list[str]:
    hosts = [urlparse(url).hostname or "", page.meta.get("hostname", "")]
    hosts += [
        m.group(0).split("/")[0]
        for line in page.furniture
        for m in URL_LIKE.finditer(line)
        if not m.group(0).startswith("http")
    ]
    return [h.lower().removeprefix("www.") for h in hosts if h]


def _self_names(page: CleanPage) -> Iterator[str]:
    """Candidate site names, most trustworthy first."""
    yield page.meta.get("sitename", "")
    suffix = TITLE_SUFFIX.search(page.meta.get("html_title", ""))
    if suffix and page.title and page.meta["html_title"].startswith(page.title[:20]):
        yield suffix["name"]
    for line in reversed(page.furniture):
        holder = ZH_COPYRIGHT.search(line) or COPYRIGHT_HOLDER.search(line)
        if holder:
            yield next(v for v in holder.groupdict().values() if v)
    for line in page.furniture:
        if source := ZH_SOURCE.search(line):
            yield source["name"]
    _, by_name = _outlets()
    header = _header(page)
    yield from (line for line in header[:3] if line.casefold() in by_name)
    banner = header[0] if header else ""
    if banner.isupper() and 1 <= len(banner.split()) <= 4 and banner.casefold() != page.title.casefold():
        yield " ".join(word if len(word) <= 2 else word.title() for word in banner.split())  # "AI", "TV"
    yield _banner_name(page)


def _header(page: CleanPage) -> list[str]:
    """The lines above the article but the furniture ("View this email in your browser")."""
    return [line for line in page.header if not is_furniture(line)]


BANNER_WORDS = 5  # a site's name is short: "NewsWire247 Daily", "文化产业报道网"
BODY_TAIL = 500  # characters at the end of the body where a site signs off ("（科技前线网综合整理）")


def _banner_name(page: CleanPage) -> str:
    """The site's name the page's first line opens with ("热点资讯网 - 每日更新…", "Asia Gamer
    Pulse - Menu", "財經快報網 首頁 ｜ 金融"), when the page names it again below ("热点资讯网
    © 2023"), or the line holds a name alone above the headline ("Sino-Web Archive Notes"), or
    a Chinese name ending as sites' names do (…网, …报)."""
    lines = [line for line in _header(page)[:3] if line.casefold() != page.title.casefold()][:1]
    if not lines:
        return ""
    line = lines[0]
    d = data.load("outlets")
    cuts = [line.index(mark) for mark in d["banner_separators"] if mark in line]
    head = line[: min(cuts)].strip() if cuts else line.strip()
    if HAN_CHAR.search(head) and " " in head:
        head = head.split()[0]  # "財經快報網 首頁": the name, then the menu
    if not head or len(head.split()) > BANNER_WORDS or len(head) > 40 or is_prose(head) or LABEL.search(head):
        return ""
    again = any(head in other for other in page.furniture[1:]) or head in page.body[-BODY_TAIL:]
    if HAN_CHAR.search(head):
        return head if again or head.endswith(tuple(d["site_endings_zh"])) else ""
    if sum(line.count(mark) for mark in d["banner_separators"]) >= 2:
        return ""  # "Latest | Politics | Tech": a menu
    alone = not cuts and all(word[:1].isupper() or not word[:1].isalpha() for word in head.split())
    return head if again or alone else ""


@cache
def _not_outlets() -> frozenset[str]:
    return frozenset(name.casefold() for name in data.load("outlets")["not_outlets"])


def _tidy_outlet(name: str) -> str:
    """ "平安资讯网综合）" → "平安资讯网"; "Dragon Ledger Media Ltd." → "Dragon Ledger"."""
    name = name.strip().strip("()（）[]【】.,，。|:： ")
    if not name or name.casefold().startswith("all rights") or name.casefold() in _not_outlets():
        return ""
    if HOST_LIKE.fullmatch(name):
        return ""
    for suffix in data.load("outlets")["name_suffixes"]:
        if name.casefold().endswith(suffix.casefold()) and len(name) > len(suffix) + 1:
            name = name[: -len(suffix)].strip(" ,.")
    for office, paper in data.load("outlets")["newspaper_offices_zh"].items():
        if name.endswith(office) and len(name) > len(office) + 1:
            name = name[: -len(office)] + paper
    return name


def find_author(page: CleanPage) -> str:
    if page.meta.get("author"):
        return page.meta["author"]
    for line in page.furniture:
        match = BYLINE_AUTHOR.match(line) or ZH_AUTHOR.search(line)
        if match:
            name = match["name"].strip()
            return name.title() if name.isupper() else name
    return ""


def detect_language(text: str) -> str:
    """'en', 'zh-hans' or 'zh-hant', from the share and the form of Chinese characters."""
    han = HAN_CHAR.findall(text)
    letters = len(re.findall(r"[A-Za-z]", text))
    if len(han) < max(20, letters // 4):
        return "en"
    sample = "".join(han[:2000])
    changed = sum(a != b for a, b in zip(sample, to_simplified(sample), strict=False))
    return "zh-hant" if changed > len(sample) * 0.05 else "zh-hans"
