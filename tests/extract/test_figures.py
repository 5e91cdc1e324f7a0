import pytest

from archive.extract import extract_facts


def figures(text):
    return extract_facts(text).figures


def one(text):
    found = [f for f in figures(text) if f.kind == "enforcement"]
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "value", "qualifier"),
    [
        ("The office closed 2,500 websites.", 2500, "exactly"),
        ("The office removed 3.27 million posts.", 3_270_000, "exactly"),
        ("Douyin removed 1.4m videos.", 1_400_000, "exactly"),
        ("The platform banned 107K accounts.", 107_000, "exactly"),
        ("Regulators closed nearly 10,000 accounts.", 10_000, "nearly"),
        ("Police punished more than half a million portals.", 500_000, "more than"),
        ("The ministry blocked seven million links.", 7_000_000, "exactly"),
        ("The ministry probed some 26 platforms.", 26, "about"),
        ("The ministry deleted over 4,000 apps.", 4_000, "more than"),
        ("网信办清理违法信息2200万条。", 22_000_000, "exactly"),
        ("网信办处置违规账号7200余个。", 7_200, "more than"),
        ("网信办关闭网站1.8万家。", 18_000, "exactly"),
        ("公安部破获案件近3000起。", 3_000, "nearly"),
    ],
)
def test_number_forms(text, value, qualifier):
    figure = one(text)
    assert (figure.value, figure.qualifier) == (value, qualifier)


def test_a_hundred_million_in_chinese():
    assert [f.value for f in figures("微信月活跃用户达13.4亿。")] == [1_340_000_000]


def test_object_action_agency_and_platform():
    figure = one("The CAC has also closed over 400,000 QQ instant messaging groups.")
    assert (figure.object, figure.action, figure.agency, figure.platform) == (
        "QQ instant messaging groups",
        "closed",
        "cac",
        "qq",
    )


def test_each_number_takes_the_nearest_action_in_its_clause():
    found = figures("An estimated 4,313 channels have been closed, while 1,502 performers were removed.")
    assert [(f.value, f.action) for f in found] == [(4313, "closed"), (1502, "removed")]


def test_the_agency_of_the_previous_sentence_acts_when_this_one_names_none():
    found = figures(
        "The Cyberspace Administration of China will punish platforms. "
        "More than 9,800 accounts had been punished."
    )
    assert [(f.value, f.agency) for f in found] == [(9800, "cac")]


def test_fines_carry_a_currency():
    figure = one("The State Administration for Market Regulation fined Alibaba 18.2 billion yuan.")
    assert (figure.value, figure.action, figure.currency, figure.agency, figure.platform) == (
        18_200_000_000,
        "fined",
        "CNY",
        "samr",
        "alibaba",
    )


def test_a_statistic_is_kept_apart():
    found = figures("WeChat has a billion active users per month and Weibo has about 400 million.")
    assert [(f.value, f.kind) for f in found] == [(1_000_000_000, "statistic"), (400_000_000, "statistic")]


@pytest.mark.parametrize(
    "text",
    [
        "The campaign began in 2018 and ended in 2019.",
        "Some 30% of users and 45 percent of posts.",
        "He was 25 years old.",
        "Article 12 of the law applies, said the 3rd notice.",
        "The two-month campaign began on Oct 20.",
        "It began on 20 October.",
        "2021年3月17日，网信办约谈了快手。",
    ],
)
def test_years_percentages_ages_laws_and_dates_are_not_figures(text):
    assert figures(text) == ()


def test_a_restated_figure_is_counted_once():
    text = (
        "China shut down more than 2,500 pornography and illegal websites. "
        "The office closed over 2,500 pornography websites."
    )
    assert [f.value for f in figures(text)] == [2500]


def test_sentence_offsets_point_into_the_text():
    text = "First sentence here. The MPS blocked more than 9 million messages."
    figure = one(text)
    assert (
        text[figure.start : figure.end] == figure.sentence == "The MPS blocked more than 9 million messages."
    )


def test_the_administration_refers_back_to_the_agency_named_before():
    text = (
        "The Cyberspace Administration of China launched a campaign on Monday. "
        "Officials met reporters in Beijing. The administration said it had closed 4,000 accounts."
    )
    assert [(f.value, f.agency) for f in figures(text)] == [(4000, "cac")]


def test_a_description_can_point_forward_to_the_agency_named_later():
    text = (
        "China's cyber authorities closed nearly 10,000 accounts. "
        "Platforms vowed to comply. The Cyberspace Administration of China (CAC) said so on Monday."
    )
    assert [(f.value, f.agency) for f in figures(text)] == [(10_000, "cac")]


def test_chinese_back_reference():
    text = "工业和信息化部近日通报了一批违规应用。据介绍，该部去年共下架违规App 514款。"
    assert [(f.value, f.agency) for f in figures(text)] == [(514, "miit")]


def test_revenue_and_staff_are_statistics_even_beside_a_fine():
    found = figures(
        "The regulator fined Meituan 3.44 billion yuan, 3% of its domestic sales in 2020, "
        "which totalled 114.75 billion yuan."
    )
    assert [(f.value, f.kind) for f in found] == [
        (3_440_000_000, "enforcement"),
        (114_750_000_000, "statistic"),
    ]


def test_phone_hotlines_are_not_figures():
    assert figures("网民可拨打110举报，或通过12377举报中心反映。") == ()
