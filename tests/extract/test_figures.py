import pytest

from archive.extract import chinese, extract_facts
from archive.text import to_simplified


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
        "It began on 3 May.",
        "2021年3月17日，网信办约谈了快手。",
    ],
)
def test_years_percentages_ages_laws_and_dates_are_not_figures(text):
    assert figures(text) == ()


def test_the_digits_of_a_known_name_are_no_figure():
    text = "2345浏览器和360安全卫士被要求整改，网信办清理违规链接1200条。"
    assert [f.value for f in figures(text)] == [1200]


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


def test_an_agency_that_directs_the_subject_is_not_the_subject():
    text = (
        "四川省公安厅通报了去年的战果。按照公安部统一部署，全省公安机关侦破案件1.2万余起。"
        "一是打击电信诈骗。全省打掉犯罪团伙210个。"
    )
    assert [(f.value, f.agency) for f in figures(text)] == [(12_000, "sichuan-psd"), (210, "sichuan-psd")]


def test_the_whole_province_points_to_its_office_over_a_city_named_before():
    text = (
        "The Sichuan Provincial Public Security Department briefed reporters. "
        "The Chengdu Municipal Public Security Bureau cited one case of data theft. "
        "Across the province, police broke up 23 troll gangs."
    )
    assert [(f.value, f.agency) for f in figures(text)] == [(23, "sichuan-psd")]
    text = "四川省公安厅召开发布会。成都市公安局侦破一起案件。全省打掉网络水军团伙23个；侦破黑客案件78起。"
    assert [(f.value, f.agency) for f in figures(text)] == [(23, "sichuan-psd"), (78, "sichuan-psd")]


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


@pytest.mark.parametrize(
    ("text", "value", "currency", "converted"),
    [
        (
            "The market regulator fined the retailer 3 billion yuan (about 450 million US dollars).",
            3_000_000_000,
            "CNY",
            (450_000_000, "USD"),
        ),
        ("市场监管总局对该公司罚款50万元（约合7万美元）。", 500_000, "CNY", (70_000, "USD")),
        ("監管機構對該平台罰款1.2億港元（約1540萬美元）。", 120_000_000, "HKD", (15_400_000, "USD")),
        ("The regulator fined the app 80,000 yuan (or $11,000).", 80_000, "CNY", (11_000, "USD")),
        # the currency written before the converted amount outranks the 元 after it
        ("網信辦對微博罰款共1430萬元人民幣（約新台幣6100萬元）。", 14_300_000, "CNY", (61_000_000, "TWD")),
    ],
)
def test_a_conversion_in_brackets_is_an_attribute_of_its_figure(text, value, currency, converted):
    found = [f for f in figures(text) if f.kind == "enforcement"]
    assert [(f.value, f.currency, f.converted_value, f.converted_currency) for f in found] == [
        (value, currency, *converted)
    ]


def test_brackets_without_money_are_no_conversion():
    found = figures("The office fined the firm 90,000 yuan (its second fine) and closed 300 accounts.")
    assert [(f.value, f.converted_value) for f in found] == [(90_000, None), (300, None)]


def test_a_headline_restating_the_conversion_is_the_same_figure():
    text = (
        "Shop fined $70 million\n\n"
        "The regulator fined the shop 500 million yuan (about 70 million US dollars)."
    )
    assert [f.value for f in figures(text)] == [500_000_000]


@pytest.mark.parametrize(
    "text",
    [
        "The ministry has run 15 campaigns against online gambling since 2018.",
        "The regulator published three batches of app lists.",
        "版权局先后发布7批重点作品预警名单。",
        "Sites such as 4kplay.tv and 77bet.live closed their pages.",
        "The post went up at 16:15:10 and was deleted an hour later.",
        "Police cracked the '5·20' case and deleted the page.",
        "Police closed the 0824 case file after deleting the posts.",
        "Stores were given five working days to take the apps down.",  # a deadline, not a count
        "平台须在5个工作日内下架相关应用。",
    ],
)
def test_counts_of_campaigns_batches_names_and_times_are_no_figures(text):
    assert [f.value for f in figures(text) if f.kind == "enforcement"] == []


def test_a_passive_clause_reads_the_verb_after_the_figure():
    figure = one("More than 700 betting sites hosted abroad were shut down during the operation.")
    assert (figure.value, figure.qualifier, figure.action) == (700, "more than", "closed")


def test_coordinated_verbs_each_act_on_their_own_number():
    found = figures("The stores acted on the notice, removing 40 apps and suspending the updates of 7.")
    assert [(f.value, f.action) for f in found] == [(40, "removed"), (7, "suspended")]
    found = figures("It also summoned 9 developers and fined 3 of them.")
    assert [(f.value, f.action) for f in found] == [(9, "summoned"), (3, "fined")]


def test_a_split_verb_gives_both_figures_of_its_clause_an_action():
    found = figures(
        "The watchdog has taken more than 8,100 short series offline, totalling 410,000 episodes."
    )
    assert [(f.value, f.action) for f in found] == [(8100, "removed"), (410_000, "removed")]


def test_money_that_no_penalty_acts_on_is_a_statistic():
    found = figures("Police detained 40 suspects whose channels moved an estimated 2.3 billion yuan.")
    assert [(f.value, f.kind) for f in found] == [(40, "enforcement"), (2_300_000_000, "statistic")]
    found = figures("The rules raise the maximum fine for serious breaches to 10 million yuan.")
    assert [(f.value, f.kind) for f in found] == [(10_000_000, "statistic")]


@pytest.mark.parametrize(
    "text",
    [
        "A merchant that misleads buyers can be fined up to five times its gains or up to 500,000 yuan.",
        "情节严重的，责令停业整顿，并处10万元以上50万元以下的罚款。",  # a range the law sets
        "Violations attract a fine of between RMB 100,000 and RMB 500,000 under the law.",
        "平台经营者不履行核验义务的，可处2万元罚款。",
    ],
)
def test_what_the_law_allows_is_no_fine_imposed(text):
    assert {f.kind for f in figures(text)} == {"statistic"}


@pytest.mark.parametrize(
    ("text", "readings"),
    [
        ("公安机关侦办网络谣言类案件2300余起。", [(2300, "investigated", "网络谣言类案件", "more than")]),
        ("网信部门整治违规互联网平台企业近8000家。", [(8000, "rectified", "违规互联网平台企业", "nearly")]),
        ("各地累计清理违法广告信息35万条。", [(350_000, "removed", "违法广告信息", "exactly")]),
        (
            "网信办关停违规账号1.2万个、网站300余个。",
            [(12_000, "closed", "违规账号", "exactly"), (300, "closed", "网站", "more than")],
        ),
        (
            "共查处案件900起，其中刑事案件120起。",
            [(900, "handled", "案件", "exactly"), (120, "handled", "刑事案件", "exactly")],
        ),
        ("下架拒不整改的应用程序65款。", [(65, "removed", "拒不整改的应用程序", "exactly")]),
        ("对1.5万家违规企业予以行政处罚。", [(15_000, "punished", "违规企业", "exactly")]),
        ("紧急拦截涉案资金80亿元。", [(8_000_000_000, "blocked", "", "exactly")]),
        ("警方抓获犯罪嫌疑人2000余名。", [(2000, "arrested", "犯罪嫌疑人", "more than")]),
    ],
)
def test_chinese_figures_read_verb_object_qualifier_number(text, readings):
    found = [f for f in figures(text) if f.kind == "enforcement"]
    assert [(f.value, f.action, f.object, f.qualifier) for f in found] == readings


def test_a_chinese_clause_without_a_verb_is_no_enforcement_figure():
    found = figures("版权局先后发布共90部重点作品的预警名单，并删除侵权链接3000条。")
    assert [(f.value, f.kind) for f in found] == [(90, "statistic"), (3000, "enforcement")]


@pytest.mark.parametrize(
    "text",
    [
        "據統計，網信辦今年關閉違規帳號1.2萬個；其中包括App 300款、網站ABC.com等。",
        "公安机关侦办案件2300余起:抓获嫌疑人 500名!另有3起\r\n，在办。",
    ],
)
def test_a_sentence_tagged_clause_by_clause_has_the_words_of_the_whole(text):
    """jieba cuts each run of Han characters, letters and digits apart, so tagging a clause
    alone gives the words the whole sentence gives (read from the simplified form)."""
    import jieba.posseg

    whole, at = [], 0
    for pair in jieba.posseg.cut(to_simplified(text), HMM=False):
        whole.append((at, text[at : at + len(pair.word)], pair.flag))
        at += len(pair.word)
    assert [(w.start, w.text, w.tag) for w in chinese.Tagged(text).words(0, len(text))] == whole


def test_a_chinese_figure_is_read_from_the_words_of_its_own_clause_only(monkeypatch):
    tagged = []
    tagger = chinese._tagger()

    class Recording:
        def cut(self, text, HMM):
            tagged.append(text)
            return tagger.cut(text, HMM=HMM)

    monkeypatch.setattr(chinese, "_tagger", Recording)
    chinese._sentence.cache_clear()  # a sentence read before is not tagged again
    figure = one("今年以来各地围绕重点领域持续开展多轮专项检查工作，网信部门清理违法信息35万条。")
    assert (figure.value, figure.action, figure.object) == (350_000, "removed", "违法信息")
    assert tagged == ["网信部门清理违法信息35万条。"]


def test_a_conversion_to_us_dollars_written_with_full_stops():
    figure = one("Police returned 5.6 million yuan (about 780,000 U.S. dollars) to victims.")
    assert (figure.value, figure.converted_value, figure.converted_currency) == (5_600_000, 780_000, "USD")


@pytest.mark.parametrize(
    ("text", "value", "qualifier"),
    [
        ("网信办下架违规小程序三百余个。", 300, "more than"),
        ("網信辦清理違法和不良信息兩千二百餘萬條。", 22_000_000, "more than"),
        ("网信办处置账号一百三十四万个。", 1_340_000, "exactly"),
        ("网信办关闭违法违规网站一万一千余个。", 11_000, "more than"),
        ("两市网信办关停违规网站一百二十家。", 120, "exactly"),
    ],
)
def test_chinese_numerals(text, value, qualifier):
    figure = one(text)
    assert (figure.value, figure.qualifier) == (value, qualifier)


def test_chinese_numerals_passive_verb_after():
    assert one("另有两千多个账号被禁言。").value == 2000


@pytest.mark.parametrize(
    "text",
    [
        "这是网信办连续第四个暑期开展整治。",  # an ordinal
        "百家号与千家万户的平台都被整改。",  # a platform's name, an idiom
        "网信办今年共部署十三项专项行动。",  # a count of campaigns
    ],
)
def test_chinese_numerals_that_are_no_figures(text):
    assert [f for f in figures(text) if f.kind == "enforcement"] == []


def test_a_number_in_words_far_from_the_action_is_no_figure():
    text = (
        "The office summoned Weibo on Sunday over its list, days after fans of two pop stars clashed online."
    )
    assert [f.value for f in figures(text) if f.kind == "enforcement"] == []


def test_a_number_in_words_beside_its_verb_counts():
    assert one("The office ordered two well-known sellers to pay back taxes.").value == 2


def test_a_split_verb_alone_is_no_action():
    # "ordered" completes a fine only with "to pay": here the 60 accounts were closed
    text = "The watchdog ordered web companies to rein in gossip, followed by the closure of 60 accounts."
    assert {f.action for f in figures(text) if f.value == 60} != {"fined"}


def test_a_count_of_meetings_is_no_figure():
    text = "The CAC summoned platform executives to 12 meetings and closed 300 accounts."
    assert [f.value for f in figures(text) if f.kind == "enforcement"] == [300]


def test_the_verb_right_after_what_is_counted_acts_on_it():
    found = {
        f.value: f.action for f in figures("Some 3,000 accounts have been banned and 120 groups dissolved.")
    }
    assert found == {3000: "banned", 120: "closed"}


def test_a_passive_verb_after_auxiliaries():
    figure = one("More than 900 gambling sites run from abroad were shut down, the ministry said.")
    assert (figure.value, figure.action, figure.qualifier) == (900, "closed", "more than")


def test_the_tax_bureau_is_the_local_tax_office_not_the_national_administration():
    text = (
        "The tax authority in Hangzhou fined Viya, the State Administration of Taxation said. "
        "The tax bureau said it had also fined 3 other streamers who hid income."
    )
    facts = extract_facts(text)
    assert [(f.value, f.agency) for f in facts.figures if f.value == 3] == [(3, "hangzhou-tax")]


@pytest.mark.parametrize(
    "text",
    [
        "涉案人员多被判处3至5年有期徒刑。",  # a range: the unit after its end says what both are
        "Officials said the gang members were aged 25 to 40 years.",
        "要求各地在年底前完成对“两个清单”的核查。",  # lists are no enforcement count
        "It added that 6 of its 13 cities had set up teams, which detained people.",  # the whole
        "The office removed apps that let users under 18 get around time limits.",  # an age
    ],
)
def test_numbers_that_are_no_figures(text):
    assert [f.value for f in figures(text) if f.kind == "enforcement"] == []


def test_a_size_just_before_the_number_but_not_a_use_after_what_was_counted():
    assert (
        one("The ministry checked 2,400 apps. They are used by an estimated 800 million people.").value
        == 2400
    )
    assert one("More than 760 phone cards used by the gangs were seized.").value == 760


@pytest.mark.parametrize(
    ("text", "value", "action"),
    [
        ("上海市公安局已刑事拘留犯罪嫌疑人9名。", 9, "arrested"),  # 刑事拘留 is one word to the tagger
        ("The bureau said it had also found 3 other streamers who hid income.", 3, "found"),
        ("The ministry ordered 318 of them to change the way they collect data.", 318, "rectified"),
    ],
)
def test_actions(text, value, action):
    figure = one(text)
    assert (figure.value, figure.action) == (value, action)


def test_a_chinese_qualifier_stands_right_before_the_number():
    assert one("沪网信办已约谈3家电商平台。").qualifier == "exactly"  # 约 of 约谈 is no "about"


def test_agencies_listed_with_the_are_credited_to_the_first():
    text = (
        "The Ministry of Industry and Information Technology, the Ministry of Public Security and "
        "the State Administration for Market Regulation said they had inspected more than 2,400 apps."
    )
    assert one(text).agency == "miit"


@pytest.mark.parametrize(
    ("text", "value", "action", "obj"),
    [
        ("据介绍，被关闭的违规网站共计160家。", 160, "closed", "违规网站"),
        ("被依法封禁的直播間共計830個。", 830, "banned", "直播間"),
    ],
)
def test_a_passive_participle_before_the_object_acts_on_it(text, value, action, obj):
    figure = one(text)
    assert (figure.value, figure.action, figure.object) == (value, action, obj)


def test_an_active_participle_before_the_object_still_only_describes_it():
    assert one("下架拒不整改的应用程序65款。").action == "removed"


@pytest.mark.parametrize(
    "text",
    [
        "One fake trading app had 1 million users before it was found.",
        "Regulators fined the studio, with more than 668 million players in China.",
        "The app, which has over 20 million users, was fined.",
    ],
)
def test_what_something_has_is_a_statistic(text):
    assert not [f for f in figures(text) if f.kind == "enforcement"]


@pytest.mark.parametrize(
    ("text", "value", "action"),
    [
        ("The drive ended with some 470,000 pieces of content cleaned up.", 470_000, "removed"),
        ("Police said the raids ended with 4,100 suspects detained.", 4_100, "arrested"),
        ("The office had already dealt with over 4,000 accounts.", 4_000, "punished"),
    ],
)
def test_having_yields_to_a_verb_that_acts_on_the_number(text, value, action):
    figure = one(text)
    assert (figure.value, figure.action) == (value, action)


def test_an_object_ends_where_an_action_starts():
    figure = one("The drive ended with some 470,000 pieces of content cleaned up.")
    assert figure.object == "pieces of content"


def test_a_bare_small_number_counts_with_a_passive_verb_after_it():
    figure = one("Of the accounts reported, 640 were disposed of by permanent suspension.")
    assert (figure.value, figure.action) == (640, "punished")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("The ministry on Friday named 106 apps that collected data without consent.", 106),
        ("The ministry published its third batch, naming more than 38 apps.", 38),
    ],
)
def test_a_bound_verb_acts_on_the_number_right_after_it(text, value):
    figure = one(text)
    assert (figure.value, figure.action) == (value, "warned")


def test_a_bound_verb_without_a_number_after_it_is_no_action():
    text = "A startup named Ruixing said 2 million people had used its app."
    assert not [f for f in figures(text) if f.kind == "enforcement"]


@pytest.mark.parametrize(
    ("text", "value", "action"),
    [
        ("Police cracked 460 cases involving online gambling.", 460, "handled"),
        ("The office shut down 85 websites hosting pirated films.", 85, "closed"),
    ],
)
def test_a_present_participle_after_the_object_describes_it_and_does_not_act(text, value, action):
    figure = one(text)
    assert (figure.value, figure.action) == (value, action)


@pytest.mark.parametrize(
    ("text", "objects"),
    [
        ("The platform removed 40 accounts and suspended 7, it said.", ["accounts", "accounts"]),
        ("Of the 300 apps inspected, 28 were removed from stores.", ["apps", "apps"]),
        ("The regulator fined 3 companies 1.5 million yuan.", ["companies", ""]),  # money counts money
    ],
)
def test_a_number_with_nothing_counted_counts_what_the_figure_before_it_counted(text, objects):
    assert [f.object for f in figures(text)] == objects


def test_xiaxian_takes_content_offline():
    figure = one("北京市网信办指导属地网站下线有害信息4.6万条。")
    assert (figure.value, figure.action, figure.object) == (46000, "removed", "有害信息")


@pytest.mark.parametrize(
    ("text", "value", "action"),
    [
        ("The operation resulted in 520 arrests across the country.", 520, "arrested"),
        ("Regulators issued 1,300 warnings to livestreamers.", 1300, "warned"),
        ("Police closed 30 dens and made 140 arrests.", 140, "arrested"),
    ],
)
def test_a_noun_counting_actions_is_that_action(text, value, action):
    assert {f.value: f.action for f in figures(text)}[value] == action


def test_and_before_a_verb_and_its_number_ends_the_object():
    found = figures("Police detained 9 suspects and questioned 21 others.")
    assert [(f.value, f.object, f.action) for f in found] == [
        (9, "suspects", "arrested"),
        (21, "others", "investigated"),
    ]


@pytest.mark.parametrize(
    ("text", "obj"),
    [
        ("依法处置“自媒体”账号1.2万余个。", "自媒体账号"),  # 自 alone would read as a preposition
        ("关闭违规公众号300个。", "违规公众号"),  # 号 alone would read as a measure word
    ],
)
def test_a_word_of_the_field_is_not_cut_apart(text, obj):
    assert one(text).object == obj


@pytest.mark.parametrize(
    ("text", "value", "action"),
    [
        ("依法对138名造谣传谣人员作出处理。", 138, "punished"),
        ("责令停业整顿15家。", 15, "suspended"),
    ],
)
def test_chinese_dispositions(text, value, action):
    figure = one(text)
    assert (figure.value, figure.action) == (value, action)


@pytest.mark.parametrize(
    ("text", "value", "obj"),
    [
        ("The regulator said 1,100 novels had been taken down.", 1_100, "novels"),  # no "Nov"
        ("The regulator removed 2,000 decoy apps.", 2_000, "decoy apps"),  # no "Dec"
        ("各级网信部门处理违规账号8.6万个。", 86_000, "违规账号"),
        ("杭州警方抓獲犯罪嫌疑人近百人。", 100, "犯罪嫌疑人"),  # 近百: nearly a hundred
    ],
)
def test_words_that_once_hid_a_figure(text, value, obj):
    figure = one(text)
    assert (figure.value, figure.object) == (value, obj)


@pytest.mark.parametrize(
    "text",
    [
        "处理个人信息达到100万人的，应当指定个人信息保护负责人。",
        "处理100万人以上个人信息的数据处理者向境外提供个人信息，应当申报安全评估。",
        "An assessment is needed by any handler that processed the personal information of 1 million people.",
    ],
)
def test_processing_personal_information_is_no_enforcement(text):
    assert [f.kind for f in figures(text)] == ["statistic"]


def test_handling_cases_of_personal_information_is_enforcement():
    figure = one("公安机关处理侵犯个人信息案件300起。")
    assert (figure.value, figure.action) == (300, "handled")


def test_gone_from_a_store_after_the_apps_removed_them():
    figure = one("By Monday more than 60 VPN apps were gone from the storefront.")
    assert (figure.value, figure.action, figure.qualifier) == (60, "removed", "more than")


@pytest.mark.parametrize(
    "text", [f"The office removed {number} apps." for number in ("300+", "300-plus", "300-odd")]
)
def test_a_mark_after_the_number_qualifies_it(text):
    figure = one(text)
    assert (figure.value, figure.qualifier, figure.object) == (300, "more than", "apps")


def test_an_amount_counts_only_when_the_verb_acts_on_it():
    assert [
        f.kind
        for f in figures("One library suspended access after the database sought a fee of 10 million yuan.")
    ] == ["statistic"]
    assert one("Investigators froze 20 million yuan in funds.").action == "suspended"
    assert one("About 20 million yuan of illegal gains was confiscated.").action == "seized"


def test_a_verb_whose_own_number_follows_it_does_not_act_on_the_number_before():
    found = figures("It wrote to 42 online platforms, asking them to remove over 28,000 doxxing messages.")
    assert [(f.value, f.kind) for f in found] == [(42, "statistic"), (28000, "enforcement")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Agencies investigated 724 piracy cases, 177 of them criminal cases.",
            [(724, "investigated"), (177, "investigated")],
        ),
        ("It also summoned 9 developers and fined 3 of them.", [(9, "summoned"), (3, "fined")]),
    ],
)
def test_a_part_of_a_figure_takes_its_action_unless_a_verb_acts_on_it(text, expected):
    assert [(f.value, f.action) for f in figures(text)] == expected


def test_close_before_a_number_closes_and_close_to_qualifies():
    assert one("Weibo was told to close 4,000 accounts.").action == "closed"
    assert one("Close to 4,000 accounts were found.").qualifier == "nearly"


@pytest.mark.parametrize(
    ("text", "value", "action"),
    [
        ("并处罚款20万元。", 200000, "fined"),  # not 处罚 (punished), which an amount cannot take
        ("向公安机关移送涉嫌犯罪案件57件。", 57, "referred"),
        ("Of those arrested, 126 were referred to police.", 126, "referred"),
        ("Police broke up 39,000 gangs.", 39000, "closed"),
        ("Banks made emergency stop-payment orders on 329.1 billion yuan.", 329100000000, "blocked"),
    ],
)
def test_results_notices_verbs(text, value, action):
    figure = one(text)
    assert (figure.value, figure.action) == (value, action)


@pytest.mark.parametrize("text", ["The 96110 warning hotline made calls.", "Call the 12377 hotline."])
def test_a_hotline_s_number_is_no_figure(text):
    assert figures(text) == ()


@pytest.mark.parametrize(
    ("text", "values", "action"),
    [
        ("Warnings: 6,767 in 2022; 4,871 in 2023.", [6767, 4871], "warned"),
        ("Summonses of website platforms: 8,608 in 2022 and 10,646 in 2023.", [8608, 10646], "summoned"),
        ("Accounts closed: 1.2 million.", [1200000], "closed"),
    ],
)
def test_a_list_label_before_its_colon_names_the_action(text, values, action):
    assert [(f.value, f.action) for f in figures(text)] == [(v, action) for v in values]


def test_a_label_that_names_no_action_makes_no_figure():
    assert [f.kind for f in figures("Users: 1.2 billion.")] == ["statistic"]


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("Apps removed from stores: 420 in 2022, 259 in 2023.", [420, 259]),
        ("The offices fined 512 platforms in 2022 but only 88 in 2023.", [512, 88]),
        ("In 2022 the offices fined more than 500 platforms; in 2023, fewer than 100.", [500, 100]),
    ],
)
def test_a_bare_number_beside_another_year_is_the_figure_before_it_again(text, values):
    found = [f for f in figures(text) if f.kind == "enforcement"]
    assert [f.value for f in found] == values
    assert len({(f.action, f.object) for f in found}) == 1


def test_a_bare_number_after_other_words_is_not_the_figure_before_it():
    found = figures("The office closed 400 websites in 2022, and then hired 30 in 2023.")
    assert [(f.value, f.kind) for f in found if f.kind == "enforcement"] == [(400, "enforcement")]


@pytest.mark.parametrize(
    ("text", "value", "action", "obj"),
    [
        ("警方去年拘捕疑犯7.5萬餘人。", 75_000, "arrested", "疑犯"),
        ("另搗破地下錢莊1960餘個。", 1_960, "closed", "地下錢莊"),
        ("公署要求移除逾1,200則起底訊息。", 1_200, "removed", "起底訊息"),  # 則 counts, 起 is the object's
        ("同年10月，美團亦因「二選一」被罰34.42億元人民幣。", 3_442_000_000, "fined", ""),
        ("另有3个微信小程序被点名。", 3, "warned", "微信小程序"),
        ("另有14個機關因未落實管理，被要求限期改善。", 14, "rectified", "機關"),
    ],
)
def test_hong_kong_and_taiwan_wording_of_actions(text, value, action, obj):
    figure = one(text)
    assert (figure.value, figure.action, figure.object) == (value, action, obj)


@pytest.mark.parametrize("text", ["國家安全局昨（13）日公布檢測結果。", "公署須於兩個工作天內回覆。"])
def test_a_day_in_brackets_and_working_days_are_no_figures(text):
    assert figures(text) == ()


def test_a_fine_for_hiding_income_is_a_fine_not_income():
    found = figures("The tax office fined the hosts a combined 93.22 million yuan for hiding income.")
    assert [(f.value, f.action) for f in found] == [(93_220_000, "fined")]


@pytest.mark.parametrize(
    "text",
    [
        "In April more than 70 studios and some 500 actors signed a statement calling on platforms to "
        "take down unauthorised clips.",
        "其中小紅書在15項檢測指標中全數違規。",  # 检测 names the indicators, it tests nothing here
    ],
)
def test_a_number_that_is_the_subject_of_another_verb_counts_no_action(text):
    assert [f.kind for f in figures(text)] in (["statistic"], ["statistic", "statistic"])


@pytest.mark.parametrize(
    ("text", "value", "action", "obj"),
    [
        ("More than 600 shops that had bought reviews were removed.", 600, "removed", "shops"),
        ("违规账号1200个被关闭。", 1_200, "closed", "违规账号"),
    ],
)
def test_a_passive_verb_later_in_the_clause_is_the_number_s(text, value, action, obj):
    figure = one(text)
    assert (figure.value, figure.action, figure.object) == (value, action, obj)


def test_an_amount_after_ji_restates_the_fine_before_it():
    found = figures("市监总局并处以其2019年境内销售额4557.12亿元4%的罚款，即182.28亿元。")
    assert [(f.value, f.kind, f.action) for f in found] == [
        (455_712_000_000, "statistic", ""),
        (18_228_000_000, "enforcement", "fined"),
    ]


def test_notices_a_regulator_sends_are_its_warnings():
    found = figures("It sent over 1,900 cessation notices to 42 platforms. Google received 3,000 notices.")
    assert [(f.value, f.kind, f.action) for f in found] == [
        (1_900, "enforcement", "warned"),
        (42, "statistic", ""),
        (3_000, "statistic", ""),
    ]


def test_times_count_the_action_just_before_them_and_nothing_else():
    found = figures(
        "The Beijing office has punished Weibo 44 times. The clip was viewed 5,000 times. "
        "The fine was 3 times the illegal income."
    )
    assert [(f.value, f.action) for f in found] == [(44, "punished")]


def test_add_up_to_is_no_qualifier():
    found = figures("The office fined Weibo again; the fines add up to 14.3 million yuan.")
    assert [(f.value, f.qualifier) for f in found] == [(14_300_000, "exactly")]
    assert one("The office fined up to 300 firms.").qualifier == "nearly"


def test_a_number_inside_a_short_name_the_text_defines_is_no_figure():
    text = (
        "网民反映合肥三只羊网络科技有限公司（以下简称“三只羊公司”）存在虚假宣传。"
        "市市场监管局依法对三只羊公司罚款6894.31万元，责令三只羊公司限期整改，已退赔消费者2700余万元。"
    )
    found = [(f.value, f.action) for f in extract_facts(text).figures if f.kind == "enforcement"]
    assert found == [(68_943_100, "fined"), (27_000_000, "refunded")]


def test_a_number_called_a_threshold_is_no_figure():
    text = "Count the people whose data you handle to see whether the 10 million threshold applies."
    assert [f for f in extract_facts(text).figures if f.kind == "enforcement"] == []
