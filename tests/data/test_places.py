"""The local offices made from places.toml: one per place and office, named and linked."""

from archive import data
from archive.data.places import local_offices
from archive.extract.entities import entities, find_entities


def office(slug):
    return next(o for o in local_offices() if o["slug"] == slug)


def test_every_place_has_its_offices():
    places = data.load("places")["place"]
    assert len(local_offices()) == sum(
        place["level"] in template["levels"] for template in data.load("places")["office"] for place in places
    )
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
    assert not [name for name, slugs in owners.items() if len(slugs) > 1 and slugs & offices]


def test_an_abbreviation_names_the_offices_with_a_short_name_only():
    names = set(office("shanghai-cac")["names_zh"])
    assert {"沪网信办", "滬網信辦"} <= names
    assert "沪市网信办" not in names
    assert not {n for n in office("nanjing-cac")["names_zh"] if len(n) == 4}  # no 宁网信办
