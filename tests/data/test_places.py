"""The local offices made from places.toml: one per place and office, named and linked."""

from archive import data
from archive.data.places import county_namesakes, local_offices
from archive.extract.entities import entities, find_entities


def office(slug):
    return next(o for o in local_offices() if o["slug"] == slug)


def test_every_place_and_county_has_its_offices():
    places, counties = data.load("places"), data.load("counties")
    of_places = sum(place["level"] in t["levels"] for t in places["office"] for place in places["place"])
    of_counties = sum(
        counties["levels"].get(zh[-1], counties["levels"]["县"])[0] in t["levels"]
        for t in counties["office"]
        for county in counties["counties"].values()
        for zh in county
    )
    assert len(local_offices()) == of_places + of_counties > 10_000
    assert {"guangdong-cac", "guangdong-psd", "guangdong-amr", "guangdong-ca", "guangzhou-psb"} <= {
        o["slug"] for o in local_offices()
    }


def test_an_office_takes_the_names_of_its_place_in_both_scripts():
    cac = office("guangdong-cac")
    assert cac["name"] == "Guangdong Provincial Cyberspace Administration"
    assert "Cyberspace Administration of Guangdong" in cac["aliases"]
    assert {"广东省网信办", "廣東省網信辦", "广东网信办", "广东省互联网信息办公室"} <= set(cac["names_zh"])


def test_provincial_offices_belong_to_the_national_body_and_city_offices_to_the_provincial():
    assert office("zhejiang-psd")["parent"] == "mps"
    assert office("hangzhou-psb")["parent"] == "zhejiang-psd"
    assert office("shenzhen-cac")["parent"] == "guangdong-cac"
    assert office("beijing-amr")["parent"] == "samr"


def test_a_place_can_give_an_office_its_own_note():
    assert "Li Wenliang" in office("wuhan-psb")["note"]
    assert (
        office("chengdu-psb")["note"]
        == "Chengdu's city police, whose cyber police (网警) investigate online crime."
    )


def test_the_matcher_sees_the_offices():
    found = {
        f.slug
        for f in find_entities(
            "成都市公安局和四川省网信办约谈了平台。The Xinjiang Public Security Department said."
        )
    }
    assert found == {"chengdu-psb", "sichuan-cac", "xinjiang-psd"}


def test_no_office_shares_a_name_with_another_entity():
    agencies = entities("agency")
    assert len({a["slug"] for a in agencies}) == len(agencies)
    assert len({a["name"] for a in agencies}) == len(agencies)
    owners = {}
    for agency in agencies:
        for name in {agency["name"], *agency["aliases"], *agency["names_zh"]}:
            owners.setdefault(name.casefold(), set()).add(agency["slug"])
    offices = {o["slug"] for o in local_offices()}
    # but two counties of one name in two places (普陀区 of Shanghai and of Zhoushan), told apart
    # by the place the article names
    shared = [slugs for name, slugs in owners.items() if len(slugs) > 1 and slugs & offices]
    assert shared and all(slugs <= set(county_namesakes().get(min(slugs), ())) for slugs in shared)


def test_a_county_s_offices_belong_to_its_city_s():
    assert office("ningbo-haishu-cac")["parent"] == "ningbo-cac"
    assert office("wuxi-liangxi-psb")["name"] == "Wuxi Municipal Public Security Bureau Liangxi Branch"
    assert {"梁溪公安分局", "无锡市公安局梁溪分局", "無錫市公安局梁溪分局"} <= set(
        office("wuxi-liangxi-psb")["names_zh"]
    )
    assert office("shaoyang-longhui-psb")["parent"] == "shaoyang-psb"
    # two offices of one name (晋州市, Hebei's county-level city, and 锦州, a prefecture): the
    # county's is named with its place
    assert (
        office("shijiazhuang-jinzhou-cac")["name"]
        == "Shijiazhuang Jinzhou Municipal Cyberspace Administration"
    )


def test_an_abbreviation_names_the_offices_with_a_short_name_only():
    names = set(office("shanghai-cac")["names_zh"])
    assert {"沪网信办", "滬網信辦"} <= names
    assert "沪市网信办" not in names
    assert not {n for n in office("nanjing-cac")["names_zh"] if len(n) == 4}  # no 宁网信办
