"""Who acted: a platform's own action is its own; the subject of a sentence acts on in the next."""

import pytest

from archive.extract import extract_facts


def acted(text):
    return [(f.value, f.agency, f.platform) for f in extract_facts(text).figures if f.kind == "enforcement"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The Cyberspace Administration of China told platforms to act. "
            "Weibo said on Friday it had suspended 80 accounts.",
            [(80, "", "weibo")],
        ),
        (
            "Kuaishou, the video app, was summoned by the Cyberspace Administration of China. "
            "The platform said it had banned 150 accounts.",
            [(150, "", "kuaishou")],
        ),
        ("国家网信办部署整治。抖音发布公告称，平台已清理违规视频3000条。", [(3000, "", "douyin")]),
        (
            "The Cyberspace Administration of China issued the guidelines. "
            "Douyin told me it had banned 12,400 accounts this year.",
            [(12_400, "", "douyin")],
        ),
        (  # the platform is the subject of what someone else said
            "The Cyberspace Administration of China summoned the firms. "
            "A spokesman said Huoshan had closed more than 3,000 accounts.",
            [(3000, "", "huoshan")],
        ),
        (  # the speaker is the name an aside follows
            "The Cyberspace Administration of China summoned the firms. "
            "Kuaishou, backed by Tencent, said it had deleted more than 50,000 videos.",
            [(50_000, "", "kuaishou")],
        ),
        (  # told to: the regulator's doing
            "The Beijing Municipal Cyberspace Administration said Weibo had been told to close "
            "4,000 accounts.",
            [(4000, "beijing-cac", "weibo")],
        ),
    ],
)
def test_a_platform_that_says_what_it_did_acted_itself(text, expected):
    assert acted(text) == expected


def test_an_agency_named_after_the_speaker_acted():
    found = acted("Weibo said the Cyberspace Administration of China had fined it 500,000 yuan.")
    assert found == [(500_000, "cac", "weibo")]


def test_the_subject_of_the_sentence_before_acts_not_the_last_agency_it_names():
    found = acted(
        "The Ministry of Public Security, at a briefing of the State Council Information Office, "
        "reviewed the year. Over the year 4,000 suspects were arrested."
    )
    assert found == [(4000, "mps", "")]


def test_of_agencies_named_together_the_first_acts():
    found = acted("The cyberspace offices of Hubei and Hunan summoned 14 live-streaming platforms.")
    assert found == [(14, "hubei-cac", "")]
    found = acted("湖北省网信办、湖南省网信办约谈直播平台14家。")
    assert found == [(14, "hubei-cac", "")]


def test_a_partner_the_subject_acts_with_is_not_the_subject():
    found = acted("宁波市网信办围绕专项行动，会同市公安局开展联合执法检查，依法约谈属地网站平台12家。")
    assert found == [(12, "ningbo-cac", "")]
    found = acted(
        "The Cyberspace Administration of China, together with the Ministry of Public Security, "
        "closed 300 websites."
    )
    assert found == [(300, "cac", "")]


def test_an_agency_the_subject_hands_something_to_is_not_the_subject():
    text = "国家网信办部署专项行动。全国网信系统清理信息3.2万余条，向公安机关移送线索21条。"
    text += "南京市公安局依法处理。"
    assert (21, "cac", "") in acted(text)
    found = acted("上海市网信办向上海市公安局移送违法线索15条。")
    assert found == [(15, "shanghai-cac", "")]


def test_a_platform_opening_its_own_clause_acted_itself_not_one_an_office_directs():
    text = (
        "省委网信办督促抖音、快手等平台开展自查，其中，快手平台自查清理摆拍类短视频4700余条。"
        "成都市委网信办约谈该机构负责人，指导抖音平台关闭涉事账号12个。"
    )
    assert acted(text) == [(4700, "", "kuaishou"), (12, "chengdu-cac", "douyin")]
