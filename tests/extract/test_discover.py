"""Names the gazetteer does not know are noticed by their cues, known names and ordinary words
are not, and nothing found this way is a fact."""

import pytest

from archive.extract.discover import discover
from archive.extract.entities import find_entities


def found(text: str) -> list[tuple[str, str]]:
    return [(c.kind, c.name) for c in discover(text, find_entities(text))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Regulators removed apps including Zorblat, Quivvy Reader and Snapdish Pro from the stores.",
            [("platform", "Zorblat"), ("platform", "Quivvy Reader"), ("platform", "Snapdish Pro")],
        ),
        ("Users of the Zorblat app said it was down.", [("platform", "Zorblat")]),
        ("The recruiting platform Quivvy shut 20 accounts.", [("platform", "Quivvy")]),
        (
            "The sites 9kan.tv and www.zorblat.cn were closed.",
            [("platform", "9kan.tv"), ("platform", "zorblat.cn")],
        ),
        ("“星梦漫读”平台和「某某直播」App被下架。", [("platform", "星梦漫读"), ("platform", "某某直播")]),
        (
            "The Zorbu Municipal Public Security Bureau said it had acted.",
            [("agency", "Zorbu Municipal Public Security Bureau")],
        ),
        ("义乌市公安局通报了案件。", [("agency", "义乌市公安局")]),
    ],
)
def test_a_cue_names_a_candidate(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Users of the WeChat app and the platform Douyin were told.",  # known: not candidates
        "The Mobile app and the New platform were praised by the State Council.",  # ordinary words
        "Write to tips@zorblat.com for details.",  # an e-mail address is no site
        "Officials of the Cyberspace Administration of China met.",  # the agency is known
    ],
)
def test_no_candidate_without_an_unknown_name(text):
    assert found(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # several quoted names before one cue are all named by it
        (
            "“星梦漫读”、「云朵直播」和《小树阅读》等App被下架。",
            [("platform", "星梦漫读"), ("platform", "云朵直播"), ("platform", "小树阅读")],
        ),
        # a few words between the list's head and its join
        (
            "Travel apps on the list included Zorblat and Quivvy Go.",
            [("platform", "Zorblat"), ("platform", "Quivvy Go")],
        ),
        (
            "The streams ran on zorblat.live and quivvy.vip.",
            [("platform", "zorblat.live"), ("platform", "quivvy.vip")],
        ),
    ],
)
def test_lists_and_addresses_name_every_member(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a name, then ", a/an" and a few words ending in a kind of platform
        ("Zorblat, a derivatives exchange registered in Malta, left.", [("platform", "Zorblat")]),
        ("Quivvy Market, an app store for smart TVs, was told.", [("platform", "Quivvy Market")]),
        ("However, an app maker said nothing.", []),  # a sentence's first word is no name
        # more kinds of platforms head lists and stand before names
        (
            "Exchanges such as Zorblat, Quivvy, and Snapdish closed.",
            [("platform", "Zorblat"), ("platform", "Quivvy"), ("platform", "Snapdish")],
        ),
        ("Users of the used-book seller Zorblat complained.", [("platform", "Zorblat")]),
        # Chinese: quoted names side by side, and after 等 a few characters before the cue
        (
            "约谈“星梦漫读”“云朵直播”等婚恋交友平台负责人。",
            [("platform", "星梦漫读"), ("platform", "云朵直播")],
        ),
        # the cue before the quoted name
        ("字节跳动旗下交友软件“星梦漫读”已停止运营。", [("platform", "星梦漫读")]),
        ("一些小型平台如「云朵直播」被调查。", [("platform", "云朵直播")]),
        # the platform a mini program runs on, before the cue
        ("在其运营的“云朵直播”微信小程序中售卖漫画。", [("platform", "云朵直播")]),
        # but not a practice or a feature a quoted word names after it
        ("整治平台“二选一”等问题，上线“反诈提醒”功能。", []),
    ],
)
def test_more_cues_name_candidates(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "You subscribed to China App Watch. Unsubscribe here.",  # a title-case name, no app "Watch"
        "Apple removed 60 VPN apps from the store.",  # a number and a generic word
        "China's app stores and the Store's owners were told.",  # possessives of ordinary words
    ],
)
def test_no_candidate_from_furniture_numbers_or_possessives(text):
    assert found(text) == []


def test_a_table_s_column_of_apps_names_candidates():
    text = (
        "工业和信息化部通报了以下应用。\n\n| 序号 | APP名称 | 应用来源 |\n\n"
        "| 1 | 乐拍修图 | 小米应用商店 |\n\n| 2 | 极推SDK | —— |\n\n下一段文字。\n\n| 3 | 不是应用 | 表外 |"
    )
    names = [(c.name, text[c.start : c.end]) for c in discover(text, find_entities(text))]
    assert names == [("乐拍修图", "乐拍修图"), ("极推SDK", "极推SDK")]


def test_every_local_office_is_no_place_s_office():
    assert found("各地通信管理局同步开展检测，兰陵县公安局通报。") == [("agency", "兰陵县公安局")]
