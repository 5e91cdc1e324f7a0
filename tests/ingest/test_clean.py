from archive.extract import extract_facts
from archive.extract.entities import find_entities
from archive.ingest.clean import clean_html, clean_text, is_furniture, is_prose, strip_pinyin
from tests.conftest import FIXTURES


def furniture_page():
    return clean_text((FIXTURES / "furniture.txt").read_text())


def test_it_finds_the_headline_under_banner_clock_and_breadcrumbs():
    assert furniture_page().title == "Regulators summon Kuaishou over vulgar live streams"


def test_the_body_runs_from_the_first_to_the_last_paragraph():
    body = furniture_page().body
    assert body.startswith("The Cyberspace Administration of China summoned managers")
    assert body.endswith("review its content systems.")


def test_furniture_lines_are_removed():
    body = furniture_page().body
    for line in [
        "Like us on Facebook",
        "READ MORE",
        "Share - Weibo",
        "Leave a Reply",
        "A phone showing",
        "Copyright",
    ]:
        assert line not in body


def test_lines_around_the_body_are_kept_for_describe():
    furniture = furniture_page().furniture
    assert "By JANE DOE | policywire.example | Updated: 2021-03-12 18:40" in furniture
    assert "THE POLICY WIRE" in furniture


def test_a_headline_printed_twice_is_the_title_and_not_in_the_body():
    text = (
        "Site\n\nBig news about Weibo today\n\nBig news about Weibo today\n\n"
        "Weibo said on Monday that it had removed thousands of posts from its platform.\n"
    )
    page = clean_text(text)
    assert page.title == "Big news about Weibo today"
    assert page.body == "Weibo said on Monday that it had removed thousands of posts from its platform."


def test_a_caption_repeated_as_a_standfirst_goes_with_the_caption():
    text = (
        "Headline about a campaign against gambling\n\n"
        "Police have cracked down on online gambling across the country this year.\n\n"
        "(Photo : Agency) Police have cracked down on online gambling across the country this year.\n\n"
        "The Ministry of Public Security said on Monday that it had solved hundreds of cases.\n"
    )
    page = clean_text(text)
    assert page.body == "The Ministry of Public Security said on Monday that it had solved hundreds of cases."


def test_chinese_furniture_is_removed():
    text = (FIXTURES / "zh-gbk.txt").read_bytes().decode("gbk")
    page = clean_text(text)
    assert page.title == "国家网信办启动网络生态专项治理行动"
    assert page.body.startswith("国家互联网信息办公室近日宣布")
    assert page.body.endswith("关闭违规账号7200余个。")
    assert "ICP" not in page.body and "分享到" not in page.body


def test_html_keeps_the_article_and_drops_navigation_and_asides():
    page = clean_html((FIXTURES / "page.html").read_text())
    assert page.title == "Market regulator fines food delivery giant"
    assert page.body.startswith("The State Administration for Market Regulation fined Meituan")
    assert "Related stories" not in page.body and "Something else entirely" not in page.body
    assert "<script> tags" in page.body  # markup in the text stays text
    assert page.meta["sitename"] == "Harbour Tech Daily"


def test_prose_needs_a_sentence_end_and_some_length():
    assert is_prose("The ministry said it had closed more than a thousand websites last year.")
    assert not is_prose("Regulators summon Kuaishou over vulgar live streams")
    assert not is_prose("Share.")
    assert is_prose("国家互联网信息办公室近日宣布开展专项行动。")


def test_a_report_pasted_as_one_line_is_kept_whatever_words_it_holds():
    report = "网信办通报称，已关闭违规账号一万个，清理发票广告和赌博信息三千条 " * 200
    assert is_furniture("代开发票 联系电话 138")
    assert clean_text(report).body == report.strip()


def test_spam_is_an_advert_not_a_sentence_that_names_its_trade():
    assert is_furniture("Buy Viagra Online Without Prescription - 80% OFF - Fast Discreet Shipping")
    assert is_furniture("Cheap Meds Online - Viagra, Cialis, Levitra - Up To 90% Off!!!")  # two spam words
    assert is_furniture("【澳门新葡京】官方娱乐城 注册即送88元 首存再送百分百")
    # a spam word inside another word, and one spam word in a sentence of news, are no advert
    assert not is_furniture(
        "The office told the firms to promote socialist core values and stop offering a stage to gossip."
    )
    assert not is_furniture("Police said they had shut down more than 300 illegal casino websites in May.")
    assert not is_furniture("警方共查处境外博彩网站三百余个，抓获犯罪嫌疑人一百二十名。")


def test_pinyin_printed_after_characters_is_removed():
    assert (
        strip_pinyin("中央網(wǎng)信辦開(kāi)展“打擊違(wei)法”專(zhuān)項行動")
        == "中央網信辦開展“打擊違法”專項行動"
    )
    page = clean_text(
        "網(wǎng)信辦關(guān)閉網(wǎng)站300家\n\n網(wǎng)信辦日前關(guān)閉違(wéi)規網站300家，並約談平台負責人。"
    )
    assert page.title == "網信辦關閉網站300家"
    assert "(" not in page.body


def test_a_word_in_brackets_after_chinese_is_no_pinyin():
    assert strip_pinyin("下架违规应用(app)共30款") == "下架违规应用(app)共30款"


def test_a_spam_word_inside_an_ordinary_word_is_no_spam():
    assert not is_furniture("Officials urged platforms to promote socialist core values and stop gossip.")
    assert is_furniture("Buy cialis online today")


def test_a_title_is_not_cut_at_a_decimal_point_nor_taken_from_a_menu():
    head = "视频网 ▏ 科技 ▏ 政策 ▏ 专栏\n\n平台一个月处置“AI换脸”视频1.2万条\n\n"
    page = clean_text(head + "平台日前表示，已清理违规视频1.2万余条，处置违规账号850个，并将持续治理。\n")
    assert page.title == "平台一个月处置“AI换脸”视频1.2万条"
    untitled = clean_text(
        "平台日前表示，已清理违规视频1.2万余条。处置违规账号850个，并将持续治理相关问题。\n"
    )
    assert untitled.title == "平台日前表示，已清理违规视频1.2万余条。"


def test_a_chinese_headline_on_two_lines_is_one_title():
    head = "首页 > 新闻 > 法治\n\n我省专项行动成果发布\n全年查处涉未成年人网络案件47起\n\n"
    head += "2024-12-18 来源：城市晨报\n\n"
    body = "记者昨天获悉，全年共查处涉未成年人网络案件47起，关闭违规账号1900余个，清理有害信息3万余条。\n"
    assert clean_text(head + body).title == "我省专项行动成果发布 全年查处涉未成年人网络案件47起"
    # a blank line between them: a headline, then something else
    apart = "我省专项行动成果发布\n\n全年查处涉未成年人网络案件47起\n\n2024-12-18 来源：城市晨报\n\n"
    assert " " not in clean_text(apart + body).title


def test_a_list_item_that_states_a_figure_stays_in_the_body():
    text = (
        "Regulator reports results\n\nThe regulator published the results on Sunday, as follows.\n\n"
        "- Accounts closed: 8,430\n\n- Platforms summoned: 14\n\nThe campaign ended in September, it said.\n"
    )
    body = clean_text(text).body
    assert "- Platforms summoned: 14" in body and "- Accounts closed: 8,430" in body


def test_a_headline_starting_with_from_is_no_byline():
    text = (
        "Digital Economy Monitor\n\nFrom website licences to tax bills: two decades of rules\n\n"
        "From our correspondent\n\nBack in 2005, the ministry required every website to register, "
        "a rule that has since grown into the licence system for tax bills and websites.\n"
    )
    assert clean_text(text).title == "From website licences to tax bills: two decades of rules"


def test_a_section_and_its_subsection_are_no_headline():
    page = clean_text(
        "Regulation | Weekly roundup\n\nA week of rules: games, streamers and payments\n\n"
        "By A. Writer | Review | 2021-09-03\n\n"
        "Regulators said this week that makers of games must hold weekly checks of the hours "
        "minors play.\n\nThey added that hosts must report what they earn."
    )
    assert page.title == "A week of rules: games, streamers and payments"


def test_a_notice_s_table_of_apps_is_part_of_its_article():
    paragraph = "<p>工业和信息化部对存在问题的应用进行了检测，现将未整改到位的应用予以通报，名单如下。</p>"
    rows = "".join(
        f"<tr><td>{n}</td><td>{app}</td><td>{store}</td></tr>"
        for n, app, store in [(1, "乐拍修图", "小米应用商店"), (2, "快清理大师", "华为应用市场")]
    )
    html = (
        "<html><head><title>通报</title></head><body><article><h1>关于侵害用户权益行为的APP通报</h1>"
        f"{paragraph * 2}<table><tr><th>序号</th><th>APP名称</th><th>应用来源</th></tr>{rows}</table>"
        "</article><footer>版权所有</footer></body></html>"
    )
    body = clean_html(html).body
    assert "| 2 | 快清理大师 | 华为应用市场 |" in body.split("\n\n")
    assert "---" not in body
    assert [f.value for f in extract_facts(body).figures] == []  # the rows' serial numbers count nothing
    assert {"huawei-appgallery", "xiaomi-app-store"} <= {m.slug for m in find_entities(body)}


def test_a_notice_keeps_the_paragraph_leading_into_its_list_and_its_signature():
    text = "\n".join(
        [
            "首页 > 通知公告",
            "近期，网民反映某公司在直播带货中存在虚假宣传等问题，市场监管部门依法开展调查。现将调查处理情况通报如下：",
            "一、经查，该公司构成虚假宣传，市场监管局依法对其罚款十万元。",
            "合肥市市场监督管理局",
            "2024年9月26日",
            "【打印本页】【关闭窗口】",
        ]
    )
    body = clean_text(text, title="通报").body
    assert body.startswith("近期，网民反映")
    assert body.endswith("合肥市市场监督管理局\n\n2024年9月26日")


def test_a_copyright_line_ends_the_article_before_its_related_links():
    text = "\n".join(
        [
            "國安局檢測5款中國App，發現個資恐傳回中國，並已通報相關部會。",
            "【延伸閱讀】",
            "．網路詐騙手法翻新 刑事局籲勿點陌生連結",
            "科技島日報版權所有，未經同意不得轉載。",
        ]
    )
    assert clean_text(text, title="x").body == "國安局檢測5款中國App，發現個資恐傳回中國，並已通報相關部會。"


def test_the_links_a_related_heading_lists_go_with_it():
    text = "\n".join(
        [
            "The ministry said the new identity would be voluntary for every user of the apps.",
            "Related:",
            "· Police crack down on gangs selling citizens' data, 3,400 detained",
            "· Explainer: What is a network certificate and how do I get one?",
        ]
    )
    body = clean_text(text, title="x").body
    assert body == "The ministry said the new identity would be voluntary for every user of the apps."
