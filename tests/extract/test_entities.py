from datetime import date

import pytest

from archive.extract import extract_facts
from archive.extract.entities import find_entities


def slugs(text, kind=None):
    return {f.slug for f in find_entities(text) if kind is None or f.kind == kind}


@pytest.mark.parametrize(
    "text",
    [
        "The Cyberspace Administration of China said on Monday.",
        "The CAC said on Monday.",
        "The Office of the Central Cyberspace Affairs Commission said on Monday.",
        "国家网信办周一表示。",
        "國家互聯網信息辦公室周一表示。",
    ],
)
def test_every_name_of_the_cac_is_the_cac(text):
    assert slugs(text) == {"cac"}


def test_hyphenated_and_spaced_aliases_match():
    assert slugs("Chinese cyber-police opened an account.") == {"mps"}
    assert slugs("Chinese cyber police opened an account.") == {"mps"}


def test_an_acronym_the_text_defines_decides_a_shared_acronym():
    assert slugs("The Ministry of Culture (MOC) probed platforms. The MOC said so.") == {"moc"}
    assert slugs("The Ministry of Commerce (MOC) issued rules. The MOC said so.") == {"mofcom"}


def test_a_shared_acronym_follows_the_full_name_in_the_text():
    assert slugs("The Ministry of Commerce issued export rules. Later the MOC said more.") == {"mofcom"}


def test_a_shared_acronym_alone_is_left_out():
    assert slugs("The MOC said so.") == set()


def test_qq_in_an_email_address_is_no_mention():
    assert slugs("Send tips to tips@QQ.com or call.") == set()
    assert slugs("Send tips to QQ.com or call.") == set()
    assert slugs("It closed 400,000 QQ groups.") == {"qq"}


def test_sina_weibo_is_weibo_and_sina_alone_is_the_company():
    assert slugs("Sina Weibo said so.") == {"weibo"}
    assert slugs("Sina said so.") == {"sina"}


def test_outlets_are_not_agencies():
    assert slugs("Xinhua News Agency and the Global Times reported it.", "agency") == set()


def test_one_word_names_are_matched_by_case():
    assert slugs("He searched his soul.") == set()
    assert slugs("WeChat and WECHAT and Wechat.") == {"wechat"}


def test_offsets_point_at_the_surface_text():
    text = "Regulators summoned Tencent's WeChat."
    found = find_entities(text)
    assert [(f.slug, text[f.start : f.end]) for f in found] == [("tencent", "Tencent"), ("wechat", "WeChat")]


def test_words_that_contain_a_name_but_mean_something_else_are_no_mention():
    assert slugs("各地公安部门加强了巡查。") == set()
    assert slugs("公安部发布通知。") == {"mps"}
    assert slugs("他住在北京东城区。") == set()
    assert slugs("京东发布公告。") == {"jd"}
    assert slugs("一股新浪潮。") == set()


def test_a_share_button_is_no_mention_once_the_page_is_cleaned():
    from archive.ingest.clean import clean_text

    page = clean_text(
        "A headline about app rules here\n\nShare - WeChat\n\n"
        "The ministry said on Monday that it had ordered app stores to remove 20 apps.\n"
    )
    assert slugs(page.body) == set()


def test_tiktok_and_douyin_are_two_platforms():
    assert slugs("TikTok and its Chinese sister app Douyin.") == {"tiktok", "douyin"}
    assert slugs("抖音国际版和抖音。") == {"tiktok", "douyin"}


def test_a_foreign_platform_named_in_a_comparison_is_no_mention():
    assert slugs("Weibo, China’s answer to Twitter, said so.") == {"weibo"}
    assert slugs("Weibo, a Twitter-like service, said so.") == {"weibo"}
    assert slugs("Twitter and Facebook are blocked.") == {"twitter", "facebook"}


def test_ordinary_words_are_no_platforms():
    text = (
        "Keep in mind that the rules apply. Zoom in on the chart. Honor the rules. The Amazon rainforest. "
        "In a perfect world. A giant network of bots. The new oriental style. The app is now live."
    )
    assert slugs(text) == set()
    text_zh = (
        "互联网飞速发展，各地力推特色产业，比特币安全，娱乐视频，要应用宝贵经验，喝小米粥，登喜马拉雅山。"
    )
    assert slugs(text_zh) == set()


def test_chinese_names_of_new_platforms_match_in_either_script():
    assert slugs("小红书、得物App和閒魚") == {"xiaohongshu", "dewu", "xianyu"}
    assert slugs("企業微信與騰訊會議") == {"wecom", "tencent-meeting"}


def test_a_chinese_name_that_starts_in_latin_letters_is_found_where_it_stands():
    assert slugs("e租宝案和QQ浏览器") == {"ezubao", "qq-browser"}
    assert slugs("The P2P lender e租宝 collapsed; QQ群 were closed.") == {"ezubao", "qq"}
    assert slugs("eeee QQ QQ浏览器") == {"qq", "qq-browser"}


def _slugs(text, kind):
    return [f.slug for f in find_entities(text) if f.kind == kind]


@pytest.mark.parametrize(
    ("text", "slugs"),
    [
        ("China's Cyberspace Administration said it acted.", ["cac"]),
        ("Guangzhou's internet regulator fined a news app.", ["guangzhou-cac"]),
        ("Shenzhen's market regulator opened a case.", ["shenzhen-amr"]),
        (
            "The cyberspace offices of Zhejiang and Jiangsu summoned 11 platforms.",
            ["zhejiang-cac", "jiangsu-cac"],
        ),
        (
            "The internet regulators of Hubei, Hunan and Anhui met.",
            ["hubei-cac", "hunan-cac", "anhui-cac"],
        ),
        ("The CAC's Shanghai bureau has run clinics.", ["shanghai-cac"]),
        ("Hangzhou tax inspectors found that she hid income.", ["hangzhou-tax"]),
        # a level word takes the place its own sentence names before it over the article's
        (
            "Jiangxi police said so. In Guangdong, the provincial cyber police removed posts.",
            ["jiangxi-psd", "guangdong-psd"],
        ),
    ],
)
def test_agencies_named_loosely_or_turned_round(text, slugs):
    assert _slugs(text, "agency") == slugs


@pytest.mark.parametrize(
    ("text", "slugs"),
    [
        ("Kuaishuo, the short-video app, said it would comply.", ["kuaishou"]),
        ("Kuaishuo, Douyin's main rival, said it would comply.", ["kuaishou", "douyin"]),
        ("Mr Kuaishuo said he would comply.", []),  # no platform cue: a name, not a typo
        # a misspelling keeps the first letter: "Reader" is a word, not iReader less its "i"
        ("The Reader app and the iReader app were pulled.", ["ireader"]),
        ("Little Red Book and Today's Headlines followed.", ["xiaohongshu", "toutiao"]),
        ("位元組跳動旗下的App", ["bytedance"]),  # ByteDance as Taiwan writes it
        ("Glory of the King and Station B", ["honor-of-kings", "bilibili"]),  # English renderings
        ("公署指，訊息集中在連登、高登討論區等本地論壇。", ["hkgolden"]),
        ("部分论坛、贴吧和小程序成为传播渠道。", []),  # generic words, no platform
        ("The lifestyle app, often compared to Instagram, followed.", []),
        ("The app has drawn comparisons with YouTube.", []),  # a comparison not spelt out per name
        ("Temu在海外市场与亚马逊正面竞争。", ["temu"]),
        ("Apple removed WhatsApp from its store.", ["whatsapp"]),
    ],
)
def test_platforms_misspelt_translated_generic_or_compared(text, slugs):
    assert _slugs(text, "platform") == slugs


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Shenzhen's cyberspace authorities closed the sites.", {"shenzhen-cac"}),
        ("Dongguan's market supervision bureau fined the agency.", {"dongguan-amr"}),
        ("The internet regulators in Fujian and Jiangxi suspended accounts.", {"fujian-cac", "jiangxi-cac"}),
        ("The Zhejiang and Jiangsu cyberspace offices summoned apps.", {"zhejiang-cac", "jiangsu-cac"}),
        ("Police in Hangzhou and Ningbo detained suspects.", {"hangzhou-psb", "ningbo-psb"}),
        ("广州、深圳两市网信办关停违规网站。", {"guangzhou-cac", "shenzhen-cac"}),
        ("据“浙江网信”消息，该平台被约谈。", {"zhejiang-cac"}),  # the office's own short name
    ],
)
def test_local_offices_named_loosely_are_one_office_per_place(text, expected):
    assert slugs(text, "agency") == expected


@pytest.mark.parametrize(
    "text",
    [
        "海曙区委网信办对其作出警告。",  # a district's office the gazetteer lacks
        "隆回县网信办督促平台删除谣言信息。",
        "可向宁波市互联网违法和不良信息举报中心举报。",  # the city's centre, not the national one
    ],
)
def test_a_national_name_after_a_level_of_place_is_a_local_office(text):
    assert slugs(text, "agency") == set()
    assert slugs("国家网信办约谈了平台。", "agency") == {"cac"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("宁波市海曙区委网信办对其作出警告。", {"ningbo-haishu-cac"}),
        ("无锡市公安局梁溪分局破获一起案件，梁溪分局在三省收网。", {"wuxi-liangxi-psb"}),
        ("绵阳市公安局涪城区分局对其处以行政拘留。", {"mianyang-fucheng-psb"}),
        ("无锡警方通报：江阴市公安局接群众举报。", {"wuxi-psb", "wuxi-jiangyin-psb"}),
        (
            "The Shanghai Putuo District Administration for Market Regulation fined it.",
            {"shanghai-putuo-amr"},
        ),
        (
            "Longhui County police said the Longhui County Cyberspace Administration agreed.",
            {"shaoyang-longhui-psb", "shaoyang-longhui-cac"},
        ),
        ("The public security bureau of Zhenkang county said so.", {"lincang-zhenkang-psb"}),
        (
            "Officers of the Kongtong district branch of the Pingliang police came.",
            {"pingliang-kongtong-psb"},
        ),
        # a county's name two places share: the office of the one the article names
        ("深圳南山区市场监管局对其罚款。", {"shenzhen-nanshan-amr"}),
        (
            "In Shanghai, the Putuo District Administration for Market Regulation fined it.",
            {"shanghai-putuo-amr"},
        ),
        ("普陀区市场监管局对其罚款。", set()),
        # a county's office by level: the county the article names
        (
            "三台县某公司冒充医生。三台县委网信办发现后，将线索移交县市场监管局。",
            {"mianyang-santai-cac", "mianyang-santai-amr"},
        ),
        # 会同 is "together with" here: no office of 会同县, but the article's county's
        (
            "隆回县公安局通报，会同县委网信办督促平台删除谣言。隆回县开展净网行动。",
            {"shaoyang-longhui-psb", "shaoyang-longhui-cac"},
        ),
    ],
)
def test_district_and_county_offices(text, expected):
    assert slugs(text, "agency") == expected


def test_taiwan_s_word_for_the_internet_in_a_law_s_name():
    facts = extract_facts("立法院參考了中國的《網路安全法》與《數據安全法》。")
    assert {"cybersecurity-law", "data-security-law"} <= set(facts.slugs("law"))


def test_a_ministry_s_bureau_is_the_ministry():
    assert slugs("工業和信息化部網絡安全管理局約談了相關企業。", "agency") == {"miit"}


def test_a_plural_office_word_with_one_place_is_no_office():
    # the market regulators of every level in Zhejiang, not its provincial administration
    assert slugs("Market regulators in Zhejiang have run campaigns.", "agency") == set()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("浙江省公安厅通报。全省网信部门关闭网站。", {"zhejiang-psd", "zhejiang-cac"}),
        ("广东省网信办表示，省网信办已约谈平台。", {"guangdong-cac"}),
        (
            "Zhejiang's internet police said so. The provincial cyberspace office agreed.",
            {"zhejiang-psd", "zhejiang-cac"},
        ),
        (
            "The Shenzhen Municipal Public Security Bureau said so. The city’s internet regulator agreed.",
            {"shenzhen-psb", "shenzhen-cac"},
        ),
        ("北京市公安局通报。本市网信部门约谈平台。", {"beijing-psb", "beijing-cac"}),
    ],
)
def test_an_office_named_by_level_is_that_office_of_the_place_the_article_names(text, expected):
    assert slugs(text, "agency") == expected


def test_an_office_named_by_level_with_no_place_named_is_left_as_it_was():
    assert slugs("全市网信部门开展整治。", "agency") == set()


def test_a_national_name_with_china_first():
    assert slugs("China's Film Administration said so.", "agency") == {"china-film-administration"}
    assert slugs("China's Internet Society said so.", "agency") == {"isc"}


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("SARFT ordered the dramas taken down.", date(2019, 3, 1), {"nrta"}),
        ("SARFT ordered the dramas taken down.", date(2015, 3, 1), {"sapprft"}),
        ("SARFT ordered the dramas taken down.", date(2010, 3, 1), {"sarft"}),
        ("SARFT ordered the dramas taken down.", None, {"sarft"}),
        (
            "The State Administration for Industry and Commerce summoned Alibaba.",
            date(2020, 11, 10),
            {"samr"},
        ),
        ("國家工商總局通報。", date(2019, 11, 25), {"samr"}),
        ("The General Administration of Press and Publication approved games.", date(2020, 1, 1), {"nppa"}),
        ("The Ministry of Culture (MOC) fined live-streaming sites.", date(2019, 5, 1), {"mct"}),
        ("The Ministry of Culture (MOC) fined live-streaming sites.", date(2017, 4, 21), {"moc"}),
    ],
)
def test_a_former_body_named_after_its_merger_is_its_successor(text, published, expected):
    assert set(extract_facts(text, published).slugs("agency")) == expected


@pytest.mark.parametrize(
    ("text", "slugs"),
    [
        # a name of several words misspelt by one letter, where the sentence speaks of platforms,
        # is the product, not the company named inside it
        ("The notice named the Baidu Teiba forums.", ["baidu-tieba"]),
        ("The music app NetEase Clod Music was told to check uploads.", ["netease-cloud-music"]),
        ("The platform Tencent Vidoe removed the clips.", ["tencent-video"]),
        # every word of such a name is capitalised: "Baidu and" is no misspelt "Baidu Pan"
        ("Forums run by companies including Tencent, Baidu and NetEase.", ["tencent", "baidu", "netease"]),
        ("Baidu Maps and the Baidu Tieba app were named.", ["baidu-maps", "baidu-tieba"]),  # exact names
    ],
)
def test_names_of_several_words_misspelt(text, slugs):
    assert _slugs(text, "platform") == slugs


@pytest.mark.parametrize(
    ("text", "slugs"),
    [
        ("Clips were reposted on Huya.com and on other live-streaming sites.", ["huya"]),
        ("The streaming site zhanqi.tv was fined.", ["zhanqi"]),  # X.tv for "X TV"
        ("Send tips to QQ.com or call.", []),  # no sentence about platforms
        ("Write to tips@huya.com about the platform.", []),  # an e-mail address
    ],
)
def test_a_known_platform_named_by_its_sites_address(text, slugs):
    assert _slugs(text, "platform") == slugs


@pytest.mark.parametrize(
    ("text", "slugs"),
    [
        # phone makers' stores are their own entries: the maker inside the name is no mention
        (
            "The Meizu App Store and the Honor App Market removed apps.",
            ["meizu-app-store", "honor-app-market"],
        ),
        ("Honor said its store had acted.", ["honor"]),
        ("Honor the rules, the regulator said.", []),
        # translations of Chinese names
        ("Fast Hand, Tiger Tooth and Homework Help were warned.", ["kuaishou", "huya", "zuoyebang"]),
        ("The crowdfunding site Water Drop Fund added checks.", ["shuidichou"]),
        # small apps, VPN vendors and news apps, in English and in Chinese
        (
            "GreenVPN and Tianxing VPN shut down; Umetrip and Yupao were named.",
            ["greenvpn", "tianxing-vpn", "umetrip", "yupao"],
        ),
        ("“航旅纵横”App、“鱼泡网”App和「積目」App被通报。", ["umetrip", "yupao", "jimu-dating"]),
        ("Sina News and Phoenix News were summoned.", ["sina-news", "phoenix-news"]),
        ("部分用户通过贴吧、小程序、论坛和网盘传播。", []),
        ("Platforms must check the mini programs and forums they host; app store operators too.", []),
    ],
)
def test_platforms_outside_the_old_gazetteer(text, slugs):
    assert _slugs(text, "platform") == slugs


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The country's internet watchdog closed the sites.", {"cac"}),
        ("The nation's police ministry and the top market regulator acted.", {"mps", "samr"}),
        ("The nation's top market regulator fined them.", {"samr"}),
    ],
)
def test_a_national_body_said_of_the_country_instead_of_china(text, expected):
    assert slugs(text, "agency") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("沪网信办约谈3家平台。", {"shanghai-cac"}),
        ("粤通管局通报。", {"guangdong-ca"}),
        # a place whose name ends with an abbreviation's character keeps its own office
        ("南京网信办通报。北京市网信办通报。", {"nanjing-cac", "beijing-cac"}),
    ],
)
def test_a_provincial_office_named_with_its_one_character_abbreviation(text, expected):
    assert slugs(text, "agency") == expected


def test_a_local_office_named_by_its_place_and_acronym_is_no_mention_of_the_national_body():
    assert slugs("The Jiangsu CAC published the results.", "agency") == {"jiangsu-cac"}


def test_city_offices_named_by_level_after_the_city_is_named():
    text = "市委网信办、市公安局和市市场监管局联合开展整治。其中，广州市公安机关侦破案件46起。"
    assert slugs(text, "agency") == {"guangzhou-cac", "guangzhou-psb", "guangzhou-amr"}


def test_a_signed_notices_offices_by_level_are_its_signers_city():
    text = (
        "市委网信办、市公安局参加调查。涉事月饼在广东省广州市生产，已移交广州市市场监管部门。\n\n"
        "市公安局依法处理。\n\n合肥市市场监督管理局\n\n2024年9月26日"
    )
    assert slugs(text, "agency") == {"hefei-cac", "hefei-psb", "guangzhou-amr", "hefei-amr"}


def test_a_provinces_office_by_level_in_a_citys_report_is_that_citys_province():
    text = "无锡市公安局通报：全年有5起案件被公安部、省公安厅挂牌督办。"
    assert slugs(text, "agency") == {"wuxi-psb", "mps", "jiangsu-psd"}


def test_a_name_is_found_in_british_and_american_spelling():
    text = "Complaints reached the Reporting Centre for Illegal and Harmful Information."
    assert slugs(text, "agency") == {"cac-reporting-center"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The tax authority in Hangzhou fined the streamer.", {"hangzhou-tax"}),
        ("国家税务总局杭州市税务局稽查局依法作出处理。", {"hangzhou-tax"}),
    ],
)
def test_a_city_tax_office(text, expected):
    assert slugs(text, "agency") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("早在2005年，原信息产业部就发布办法。", {"miit"}),
        ("原国家卫计委发布通知。", {"nhc"}),
    ],
)
def test_a_former_chinese_name_is_its_successor(text, expected):
    assert slugs(text, "agency") == expected


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("12306 sold the tickets.", ["12306"]),  # a name of digits at the very start
        ("旅客可通过12306购票。", ["12306"]),  # among Chinese characters
        ("Call 012306 or a12306 for help.", []),  # inside longer numbers and words
        ("The 12306 app and Weibo.", ["12306", "Weibo"]),
    ],
)
def test_a_name_of_digits_is_found_wherever_a_letter_is_not(text, found):
    assert [f.surface for f in find_entities(text)] == found


@pytest.mark.parametrize(
    ("text", "office"),
    [
        ("The Beijing branch of the CAC summoned the app.", "beijing-cac"),
        ("The CAC's Shanghai office summoned the app.", "shanghai-cac"),
    ],
)
def test_a_place_s_branch_of_the_cac_is_that_place_s_office(text, office):
    assert slugs(text, "agency") == {office}


@pytest.mark.parametrize(
    ("text", "office"),
    [
        ("Police in Pingliang, Gansu province, detained a man.", "pingliang-psb"),  # not Gansu's police too
        ("The Baotou Municipal Public Security Bureau said it had acted.", "baotou-psb"),
        ("包头市公安局通报了案件。", "baotou-psb"),
        ("The Hangzhou CAC said on Monday it would act.", "hangzhou-cac"),
    ],
)
def test_every_prefecture_level_city_has_its_offices(text, office):
    assert slugs(text, "agency") == {office}


def test_cities_of_one_pinyin_are_told_apart_by_their_province():
    assert slugs("Police in Taizhou, Zhejiang, detained a man.", "agency") == {"taizhou-zhejiang-psb"}
    assert slugs("Taizhou police detained a man.", "agency") == set()  # which Taizhou: no guess


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("依据《中华人民共和国行政处罚法》第三十二条，决定从轻处罚。", "administrative-penalty-law"),
        ("該公司違反《反不正當競爭法》，被處以罰款。", "anti-unfair-competition-law"),
        ("The tax office cited the Tax Collection and Administration Law.", "tax-collection-law"),
        ("The fine rested on the Advertising Law and the Consumer Protection Law.", "advertising-law"),
        ("Interim Measures for the Management of Generative AI Services", "generative-ai-measures"),
        ("依據中國《國家情報法》第7條，企業須配合情報工作。", "national-intelligence-law"),
        ("A draft anti-telecoms and online fraud law is before the NPC.", "anti-telecom-fraud-law"),
        ("根据《网络交易监督管理办法》，平台应当核验经营者身份。", "online-trading-measures"),
    ],
)
def test_laws_regulators_cite_in_their_decisions(text, slug):
    assert slug in {m.slug for m in find_entities(text) if m.kind == "law"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('The ministry said its "Clean Network 2020" operation broke up gangs.', {"jingwang-police-2020"}),
        ("The ministry's Clean Network 2023 operation went on.", {"jingwang-police"}),
        ("A clean network matters to every company.", set()),  # by case: no campaign
        ('The market regulator\'s annual "Net Sword" sweep went on.', {"wangjian"}),
        ("Police ran a 100-day summer campaign in 2023.", set()),  # every year has one: no 2022 edition
    ],
)
def test_the_police_clean_network_campaign(text, expected):
    assert slugs(text, "campaign") == expected


def test_a_place_s_body_goes_by_its_bare_name_only_in_an_article_about_the_place():
    hong_kong = "Hong Kong's court granted the order. The Department of Justice had sought it in Hong Kong."
    assert slugs(hong_kong, "agency") == {"hk-doj"}
    washington = "The Department of Justice sued Google in Washington."
    assert slugs(washington, "agency") == set()
