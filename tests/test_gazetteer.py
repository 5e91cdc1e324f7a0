"""Loading the data files: adds and updates, keeps a curator's changes, removes only when asked."""

import copy

import pytest
from django.core.management import call_command
from haystack import connections

from archive import gazetteer
from archive.extract.entities import entities, find_entities
from archive.models import Agency, Article, Platform
from archive.search import indexing
from archive.search.query import SearchParams, search
from tests.conftest import SAMPLES


@pytest.fixture
def files(monkeypatch):
    """The data files' entries, editable by the test: what load_gazetteer reads."""
    rows = {kind: copy.deepcopy(entities(kind)) for kind in ("agency", "platform", "campaign", "law")}
    monkeypatch.setattr(gazetteer, "entities", lambda kind: rows[kind])
    return rows


def entry(rows, slug):
    return next(row for row in rows if row["slug"] == slug)


def test_merge_applies_the_files_change_over_the_curators():
    assert gazetteer.merge(["a", "curator"], ["a", "b"], ["a", "c"]) == ["a", "c", "curator"]
    assert gazetteer.merge("Curated name", "Old", "New") == "Curated name"
    assert gazetteer.merge("Old", "Old", "New") == "New"
    assert gazetteer.merge(["a"], ["a", "b"], ["a", "b", "c"]) == ["a", "c"]  # a curator removed b


def test_a_curators_additions_survive_a_reload(gazetteer_loaded, files):
    wechat = Platform.objects.get(slug="wechat")
    wechat.aliases = [*wechat.aliases, "Weixin Pay"]
    wechat.note = "A curator's note."
    wechat.save()
    own = Platform.objects.create(slug="curated-app", name="Curated App", aliases=["CuratedApp"])
    entry(files["platform"], "wechat")["aliases"].append("WeChat Channels")
    entry(files["platform"], "wechat")["kind"] = "super app"
    call_command("load_gazetteer", "--no-progress")
    wechat.refresh_from_db()
    assert "Weixin Pay" in wechat.aliases and "WeChat Channels" in wechat.aliases
    assert wechat.note == "A curator's note."
    assert wechat.kind == "super app"
    own.refresh_from_db()
    assert own.aliases == ["CuratedApp"] and own.loaded is None


def test_an_entry_gone_from_the_files_stays_until_pruned(ingest, files, capsys):
    ingest(SAMPLES)
    named = set(Article.objects.filter(platforms__slug="weibo").values_list("pk", flat=True))
    assert named and search(SearchParams(filters={"platform": "weibo"})).total == len(named)
    files["platform"].remove(entry(files["platform"], "weibo"))
    call_command("load_gazetteer", "--no-progress")
    assert (
        "kept 1 platforms the data files no longer hold (weibo); --prune removes them"
        in capsys.readouterr().err
    )
    assert Platform.objects.filter(slug="weibo").exists()
    call_command("load_gazetteer", "--prune", "--no-progress")
    out = capsys.readouterr().out
    assert "removed 1 platforms: weibo" in out and f"{len(named)} articles named them" in out
    assert not Platform.objects.filter(slug="weibo").exists()
    assert indexing.pending() == 0
    searcher = connections["default"].get_backend().searcher()
    platforms = [fields["platforms"] for fields in searcher.all_stored_fields()]
    assert platforms and not any("weibo" in value.split(",") for value in platforms)  # reindexed


def test_a_curators_own_entity_is_never_pruned(gazetteer_loaded, files):
    Agency.objects.create(slug="curated-office", name="Curated Office")
    call_command("load_gazetteer", "--prune", "--no-progress")
    assert Agency.objects.filter(slug="curated-office").exists()


def test_a_reload_of_unchanged_files_writes_nothing(gazetteer_loaded, django_assert_max_num_queries):
    with django_assert_max_num_queries(16):  # a read per table and its references, no write
        report = gazetteer.load_gazetteer()
    assert (report.created, report.updated) == (0, 0)


@pytest.fixture
def gazetteer_loaded(gazetteer):
    return gazetteer


def found_offices(text):
    """The slugs of the courts, procuratorates and the other local offices of places.toml's later
    templates that a text names."""
    suffixes = (
        "-high-court",
        "-intermediate-court",
        "-procuratorate",
        "-copyright",
        "-culture",
        "-radio-tv",
        "-anti-porn-office",
        "-education",
    )
    return [f.slug for f in find_entities(text) if f.slug.endswith(suffixes) and "internet" not in f.slug]


def test_courts_procuratorates_and_other_local_offices_are_found_in_both_languages():
    assert found_offices("杭州市中级人民法院二审维持原判。") == ["hangzhou-intermediate-court"]
    assert found_offices("The Hangzhou Intermediate People's Court upheld the ruling.") == [
        "hangzhou-intermediate-court"
    ]
    assert found_offices("杭州中院、杭州市中級人民法院") == ["hangzhou-intermediate-court"] * 2
    assert found_offices("江苏省人民检察院发布典型案例。") == ["jiangsu-procuratorate"]
    assert found_offices("The Jiangsu Provincial People's Procuratorate said.") == ["jiangsu-procuratorate"]
    assert (
        found_offices("prosecutors in Hangzhou and the Hangzhou People's Procuratorate")
        == ["hangzhou-procuratorate"] * 2
    )
    assert (
        found_offices("浙江省“扫黄打非”办公室、浙江省「掃黃打非」辦公室、浙江省扫黄打非办")
        == ["zhejiang-anti-porn-office"] * 3
    )
    assert (
        found_offices("浙江高院 and the Zhejiang Provincial High People's Court")
        == ["zhejiang-high-court"] * 2
    )
    assert found_offices(
        "广东省文化和旅游厅; the Shanghai Municipal Administration of Culture and Tourism"
    ) == [
        "guangdong-culture",
        "shanghai-culture",
    ]
    assert found_offices("广东省广播电视局、浙江省版权局、北京市教委") == [
        "guangdong-radio-tv",
        "zhejiang-copyright",
        "beijing-education",
    ]
    # by level: the court and procuratorate of the place the article names
    assert found_offices("杭州市公安局通报，市中院、市检察院依法审理。") == [
        "hangzhou-intermediate-court",
        "hangzhou-procuratorate",
    ]


def test_a_city_court_belongs_to_its_provinces_high_court():
    offices = {o["slug"]: o for o in entities("agency")}
    assert offices["hangzhou-intermediate-court"]["parent"] == "zhejiang-high-court"
    assert offices["zhejiang-high-court"]["parent"] == "spc"
    assert offices["hangzhou-procuratorate"]["parent"] == "zhejiang-procuratorate"
    assert offices["hangzhou-internet-court"]["name"] == "Hangzhou Internet Court"  # kept
    assert "hangzhou-copyright" not in offices  # provincial-level only


def test_ordinary_words_name_no_court_or_local_office():
    # without a place's name
    assert not found_offices(
        "The court sentenced him to three years. Prosecutors said a higher court would hear the "
        "appeal, and the intermediate court agreed; the high court, the procuratorate, the copyright "
        "office, the culture bureau, the anti-porn office and the education bureau said nothing."
    )
    # a place's name beside a word that names no court of its level
    assert not found_offices(
        "Beijing courts foreign publishers; a Guangdong court ruled; the court in Hangzhou."
    )
    assert not found_offices(
        "全省法院审结案件。各地“扫黄打非”部门开展行动，全国“扫黄打非”办公室部署。"
        "最高人民法院、最高人民检察院、杭州市西湖区人民法院、义乌市人民检察院、北京一中院、国家版权局。"
    )


def named_platforms(text):
    from archive.extract.entities import find_entities

    return {f.slug for f in find_entities(text) if f.kind == "platform"}


def test_every_platform_name_belongs_to_one_entry_and_no_entry_has_64_names():
    from collections import defaultdict

    from archive.extract.entities import normalise_name

    owners = defaultdict(set)
    for row in entities("platform"):
        names = [row["name"], *row["aliases"], *row["names_zh"], *(f["name"] for f in row["former"])]
        assert len(names) + len(row["acronyms"]) < 64, row["slug"]
        for name in names:
            owners[normalise_name(name)].add(row["slug"])
    assert not {name: slugs for name, slugs in owners.items() if len(slugs) > 1}


@pytest.mark.parametrize(
    ("text", "slugs"),
    [
        ("蔚来汽车、比亚迪和特斯拉被约谈。", {"nio", "byd", "tesla"}),
        ("小鵬汽車與理想汽車的App", {"xpeng", "li-auto"}),
        ("“美颜相机”“彩云天气”“印象笔记”App被通报。", {"beautycam", "caiyun-weather", "yinxiang-biji"}),
        ("土巴兔、宝宝树、洋码头和瑞幸咖啡", {"to8to", "babytree", "ymatou", "luckin"}),
        ("开心消消乐、荒野行动与光与夜之恋", {"anipop", "knives-out", "light-and-night"}),
        (
            "NIO, BYD and Tesla said so; Jianshu and CSDN removed posts.",
            {"nio", "byd", "tesla", "jianshu", "csdn"},
        ),
        ("简书、水木社区和宽带山关闭了版块。", {"jianshu", "newsmth", "kuandaishan"}),
        ("津心办、冀时办、三晋通和秦务员上线。", {"jinxinban", "jishiban", "sanjintong", "qinwuyuan"}),
    ],
)
def test_apps_of_miit_notices_and_top_charts_are_named(text, slugs):
    assert named_platforms(text) == slugs


@pytest.mark.parametrize(
    "text",
    [
        # Chinese words that contain a short app name but mean something else
        "民警每天巡逻，今天巡查了网吧。",  # 天巡 (Skyscanner)
        "武汉庭审直播，用户访问界面。",  # 汉庭, 问界
        "许多邻国都有年轻颜值高的主播，娱乐元素很多。",  # 多邻国, 轻颜, 乐元素
        "帮助宝宝树立信心，宝贝店铺打折800元，一键统一淘汰。",  # 宝宝树, 贝店, 折800, 一淘
        "车来了，他去了王府井大街网吧，快乐刷抖音。",  # 车来了, 大街网, 乐刷
        "三晋通讯公司在宽带山区铺设光纤，珠宝付款。",  # 三晋通, 宽带山, 宝付
        # English words one letter from a new app's name, in sentences about apps
        "Jiangsu police said the app was removed; Leshan and Weihai apps followed.",
        "Deng Xiaoping never used an app. Nikola Tesla had no app either.",
        "Journalists who cover news on the platform said the app was a mini world of its own.",
    ],
)
def test_ordinary_words_are_no_new_platforms(text):
    assert named_platforms(text) <= {"douyin"}


def test_foreign_services_that_china_coverage_names():
    text = "Fraud rings moved money in USDT (泰达币); Midjourney images spread; PayPal and Substack too."
    assert named_platforms(text) == {"tether", "midjourney", "paypal", "substack"}
    assert named_platforms("They tether the boat; a slack rope; a notion of justice.") == set()
