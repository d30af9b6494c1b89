"""Districts and hot cities (directory.md 5): the region table, its intro
column, children by code, 16 hot cities, validators and 304."""

import pytest

from conftest import need_env
from dir_client import Dir, NOT_FOUND

SICHUAN_INTRO = ("位于中国西南地区内陆，东连重庆，南邻云南、贵州，西接西藏，北界陕西、甘肃、"
                 "青海，四川省总面积48.6万平方千米，省会成都。截至2018年底，四川省下辖18个"
                 "省辖市，3个自治州，17个县级市，108个县，4个自治县，54个市辖区。")
HOT = [110100, 120100, 130100, 210200, 220100, 310100, 330100, 410100,
       420100, 430100, 440100, 440300, 450100, 500100, 510100, 530100]


@pytest.fixture(scope="module")
def d():
    return Dir(need_env("ZUFANG_TEST_BASE"))


def test_provinces(d):
    body = d.get("/api/districts/")
    assert len(body) == 34
    assert [x["distid"] for x in body] == sorted(x["distid"] for x in body)
    assert all(set(x) == {"distid", "name"} for x in body)
    assert {"distid": 510000, "name": "四川省"} in body
    assert d.get("/api/districts") == body


def test_sichuan_detail(d):
    body = d.get("/api/districts/510000/")
    assert set(body) == {"distid", "name", "intro", "cities"}
    assert body["distid"] == 510000 and body["name"] == "四川省"
    assert body["intro"] == SICHUAN_INTRO
    ids = [c["distid"] for c in body["cities"]]
    assert ids == sorted(ids) and 510100 in ids and 510300 in ids
    assert body["cities"][0] == {"distid": 510100, "name": "成都市"}


def test_municipality_city_county(d):
    assert d.get("/api/districts/110000")["cities"] == [
        {"distid": 110100, "name": "北京市"}]
    city = d.get("/api/districts/110100/")
    assert city["intro"] == "" and len(city["cities"]) == 16
    county = d.get("/api/districts/110101/")
    assert county == {"distid": 110101, "name": "东城区", "intro": "",
                      "cities": []}


def test_unknown_and_bad_codes(d):
    for path in ("/api/districts/999999/", "/api/districts/abc/",
                 "/api/districts/0/", "/api/districts/1234567/",
                 "/api/districts/-1/", "/api/nothing/", "/api/"):
        assert d.get(path, 404) == NOT_FOUND, path


def test_hot_cities(d):
    body = d.get("/api/hotcities/")
    assert [x["distid"] for x in body] == HOT
    assert {"distid": 130100, "name": "石家庄市"} in body


@pytest.mark.parametrize("path", ["/api/districts/", "/api/districts/510000/",
                                  "/api/hotcities/"])
def test_validators(d, path):
    r = d.raw("GET", path)
    assert r.status_code == 200
    assert r.headers["Cache-Control"] == "public, max-age=86400"
    tag = r.headers["ETag"]
    assert tag.startswith('"') and tag.endswith('"') and len(tag) > 10
    again = d.raw("GET", path, headers={"If-None-Match": tag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["ETag"] == tag
    listed = d.raw("GET", path, headers={"If-None-Match": '"x", ' + tag})
    assert listed.status_code == 304
    other = d.raw("GET", path, headers={"If-None-Match": '"other"'})
    assert other.status_code == 200 and other.json() == r.json()
    head = d.raw("HEAD", path)
    assert head.status_code == 200 and head.content == b""


def test_method_not_allowed(d):
    r = d.raw("PATCH", "/api/districts/")
    assert r.status_code == 405
    assert r.json() == {"detail": "方法 “PATCH” 不被允许。"}
    assert "GET" in r.headers["Allow"]
    r = d.raw("POST", "/api/hotcities/")
    assert r.status_code == 405
    assert r.json() == {"detail": "方法 “POST” 不被允许。"}


def test_invalid_token_counts_as_anonymous_for_reads(d):
    r = d.raw("GET", "/api/districts/", token="f" * 64)
    assert r.status_code == 200
