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
            "The Lishui Municipal Public Security Bureau said it had acted.",
            [("agency", "Lishui Municipal Public Security Bureau")],
        ),
        ("丽水市公安局通报了案件。", [("agency", "丽水市公安局")]),
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
    "text",
    [
        "You subscribed to China App Watch. Unsubscribe here.",  # a title-case name, no app "Watch"
        "Apple removed 60 VPN apps from the store.",  # a number and a generic word
        "China's app stores and the Store's owners were told.",  # possessives of ordinary words
    ],
)
def test_no_candidate_from_furniture_numbers_or_possessives(text):
    assert found(text) == []
