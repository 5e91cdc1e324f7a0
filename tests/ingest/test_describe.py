from datetime import date

import pytest

from archive.ingest.clean import CleanPage, clean_html, clean_text
from archive.ingest.describe import describe_page, detect_language, find_date
from tests.conftest import FIXTURES

TODAY = date(2026, 11, 21)


def page(furniture=(), body="Some text.", meta=None, title="A title"):
    return CleanPage(title=title, body=body, header=tuple(furniture), meta=meta or {})


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("By CAO YIN | chinadaily.com.cn | Updated: 2018-11-16 20:06", date(2018, 11, 16)),
        ("Published Nov. 13, 2015 at 10:02", date(2015, 11, 13)),
        ("Posted on 3 March 2020", date(2020, 3, 3)),
        ("2021年3月17日 10:05  来源：新华网", date(2021, 3, 17)),
        ("发布时间：2019-07-01", date(2019, 7, 1)),
    ],
)
def test_it_reads_bylines(line, expected):
    assert find_date(page([line]), url="", today=TODAY) == (expected, "byline")


def test_a_site_clock_is_not_a_publication_date():
    assert find_date(page(["CHINA TOPIX", "11/02/2024 07:30:05 am"]), url="", today=TODAY) == (None, "")


def test_a_copyright_year_is_not_a_publication_date():
    assert find_date(page(["Copyright 2019 Some Site. All rights reserved."]), url="", today=TODAY) == (
        None,
        "",
    )


def test_a_date_inside_a_sentence_is_not_a_publication_date():
    body = "The rules were published on March 3, 2021 and took effect on May 1, 2021."
    assert find_date(page(body=body), url="", today=TODAY) == (None, "")


def test_a_dateline_takes_its_year_from_the_url():
    body = "BEIJING, Jan. 13 (Xinhua) -- China's cyberspace regulator said on Tuesday it had closed accounts."
    found = find_date(
        page(body=body), url="http://news.example.cn/english/2015-01/13/c_133917.htm", today=TODAY
    )
    assert found == (date(2015, 1, 13), "dateline")


def test_a_url_date_counts_when_nothing_better_exists():
    assert find_date(page(), url="https://example.com/news/2015/0113/story.html", today=TODAY) == (
        date(2015, 1, 13),
        "url",
    )


def test_dates_in_the_future_are_refused():
    assert find_date(page(["Updated: 2031-01-01"]), url="", today=TODAY) == (None, "")


def test_page_metadata_wins():
    described = describe_page(clean_html((FIXTURES / "page.html").read_text()), today=TODAY)
    assert described.published_on == date(2021, 10, 8)
    assert described.date_source == "metadata"
    assert described.outlet == "Harbour Tech Daily"
    assert described.author == "Li Wei"


def test_byline_author_and_known_outlet_from_a_host_name():
    text = (
        "Site\n\nHeadline of the story here\n\n"
        "By CAO YIN | chinadaily.com.cn | Updated: 2018-11-16 20:06\n\n"
        "The watchdog said on Friday that it had summoned ten platforms over their content.\n"
    )
    described = describe_page(clean_text(text), today=TODAY)
    assert (described.outlet, described.author) == ("China Daily", "Cao Yin")


def test_chinese_source_line_names_the_outlet():
    text = (FIXTURES / "zh-gbk.txt").read_bytes().decode("gbk")
    described = describe_page(clean_text(text), today=TODAY)
    assert described.published_on == date(2019, 1, 3)
    assert described.outlet == "晨讯网"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("The Cyberspace Administration of China closed accounts on Monday.", "en"),
        ("国家互联网信息办公室近日宣布开展专项行动，重点整治网络谣言和色情低俗信息。", "zh-hans"),
        ("公安部表示，今年以來全國公安機關共偵破網絡賭博案件，並提醒公眾切勿參與。", "zh-hant"),
    ],
)
def test_it_tells_english_from_simplified_and_traditional_chinese(text, language):
    assert detect_language(text) == language


HEAD = '<html><head><meta property="og:url" content="{og}"><link rel="canonical" href="{canonical}"></head>'
BODY = (
    "<body><article><h1>Regulator closes accounts in campaign</h1><p>The regulator said on Friday that"
    " it had closed many accounts in a long campaign against rumours online.</p><p>More sentences"
    " follow here so that the extractor finds an article body to keep.</p></article></body></html>"
)


@pytest.mark.parametrize(
    "bad", ["javascript:alert(1)", " JaVaScRiPt:alert(1)", "\x01javascript:alert(1)", "data:,x", "vbscript:x"]
)
def test_a_page_url_that_is_not_http_is_dropped(bad):
    described = describe_page(clean_html(HEAD.format(og=bad, canonical=bad) + BODY), today=TODAY)
    assert described.url == ""


def test_a_bad_og_url_falls_back_to_the_canonical_link():
    html = HEAD.format(og="javascript:alert(1)", canonical="https://example.org/2021/story.html") + BODY
    assert describe_page(clean_html(html), today=TODAY).url == "https://example.org/2021/story.html"


def test_a_source_that_is_not_http_is_no_url():
    assert describe_page(page(), source="javascript:alert(1)", today=TODAY).url == ""
    assert describe_page(page(), source="/srv/pages/a.html", today=TODAY).url == ""


def _outlet_of(text: str, *, url: str = "") -> str:
    from archive.ingest.clean import clean_text
    from archive.ingest.describe import find_outlet

    return find_outlet(clean_text(text), url=url)


BODY = (
    "Regulators closed 300 accounts on Monday after a month of complaints about fake news.\n\n"
    "The accounts had posted made-up stories about prices, officials said in a statement.\n\n"
)
ZH_BODY = "网信办日前关闭违规账号300个，并约谈相关平台负责人，要求其限期整改。\n"


def test_the_outlet_is_the_banner_name_the_page_repeats():
    text = "Harbour Tech Wire - News that matters\n\nRegulators close accounts\n\n" + BODY
    text += "Harbour Tech Wire 2024\n"
    assert _outlet_of(text) == "Harbour Tech Wire"


def test_a_chinese_site_name_alone_above_the_headline_is_the_outlet():
    text = "城市观察网\n首页 >> 要闻\n\n网信办关闭违规账号300个\n\n" + ZH_BODY
    assert _outlet_of(text) == "城市观察网"


def test_a_newsletter_s_masthead_under_its_browser_link_is_the_outlet():
    text = "View this email in your browser\n\nHARBOUR TECH BRIEF\nWeekly notes on platforms\n\n" + BODY
    assert _outlet_of(text) == "Harbour Tech Brief"


def test_a_newspaper_s_office_in_a_copyright_line_is_the_newspaper():
    text = "网信办关闭违规账号300个\n\n" + ZH_BODY + "\n城市晨报社 版权所有\n"
    assert _outlet_of(text) == "城市晨报"


def test_a_menu_or_a_generic_source_is_no_outlet():
    text = "Latest | Politics | Tech | Opinion\n\nRegulators close accounts\n\n" + BODY
    text += "Latest stories\n"
    assert _outlet_of(text) == ""
    text = "网信办关闭违规账号300个\n\n来源：互联网\n\n" + ZH_BODY
    assert _outlet_of(text) == ""


def test_a_site_known_only_from_its_url_is_its_host():
    text = "Regulators close accounts\n\n" + BODY
    assert _outlet_of(text, url="https://www.policy-notes.example.org/2024/05/accounts/") == (
        "policy-notes.example.org"
    )


def _date_of(text: str):
    from datetime import date

    from archive.ingest.clean import clean_text
    from archive.ingest.describe import find_date

    return find_date(clean_text(text), url="", today=date(2030, 1, 1))[0]


def test_a_breadcrumb_ending_with_a_date_right_above_the_headline_dates_the_page():
    from datetime import date

    text = "法苑 | 内地新闻 | 2024-01-10\n\n公安部通报电诈案件\n\n" + ZH_BODY
    assert _date_of(text) == date(2024, 1, 10)


def test_a_clock_above_the_headline_dates_nothing():
    text = "法苑 | 内地新闻 | 2024-01-10 09:31\n\n公安部通报电诈案件\n\n" + ZH_BODY
    assert _date_of(text) is None
    text = "法苑 | 2024-01-10 | 内地新闻\n\n公安部通报电诈案件\n\n" + ZH_BODY
    assert _date_of(text) is None
