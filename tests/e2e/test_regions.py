"""/regions: the GB/T 2260 divisions of migration 0002 (generated from
cn-districts.tsv by scripts/gen-regions), read-only, no login, cacheable."""

import pytest

HOT_CITIES = [
    (110100, "北京市", 110000), (120100, "天津市", 120000),
    (130100, "石家庄市", 130000), (210200, "大连市", 210000),
    (220100, "长春市", 220000), (310100, "上海市", 310000),
    (330100, "杭州市", 330000), (410100, "郑州市", 410000),
    (420100, "武汉市", 420000), (430100, "长沙市", 430000),
    (440100, "广州市", 440000), (440300, "深圳市", 440000),
    (450100, "南宁市", 450000), (500100, "重庆市", 500000),
    (510100, "成都市", 510000), (530100, "昆明市", 530000),
]


def regions(api, method="POST", **params):
    r = api.raw("/regions", method=method, params=params if method == "GET" else None,
                data=params if method == "POST" else None)
    return r


def ok(api, **params):
    r = regions(api, **params)
    body = r.json()
    assert body["status"] == 0, body
    return r, body["ans"]


def test_provinces_without_parent(api):
    r, ans = ok(api)
    assert len(ans) == 34
    assert all(set(x) == {"code", "name", "parent_code"} for x in ans)
    assert all(x["parent_code"] is None for x in ans)
    codes = [x["code"] for x in ans]
    assert codes == sorted(codes)
    assert ans[0] == {"code": 110000, "name": "北京市", "parent_code": None}
    assert {"code": 510000, "name": "四川省", "parent_code": None} in ans
    assert ans[-1]["code"] == 820000


def test_cities_of_a_province(api):
    _, ans = ok(api, parent_code="510000")
    assert ans[0] == {"code": 510100, "name": "成都市", "parent_code": 510000}
    assert all(x["parent_code"] == 510000 for x in ans)
    assert [x["code"] for x in ans] == sorted(x["code"] for x in ans)
    assert len(ans) == 21


def test_counties_of_a_city(api):
    _, ans = ok(api, parent_code="110100")
    assert len(ans) == 16
    assert ans[0] == {"code": 110101, "name": "东城区", "parent_code": 110100}
    assert {"code": 110108, "name": "海淀区", "parent_code": 110100} in ans


def test_a_county_has_no_children(api):
    _, ans = ok(api, parent_code="110101")
    assert ans == []


def test_hot_cities(api):
    _, ans = ok(api, hot="1")
    assert [(x["code"], x["name"], x["parent_code"]) for x in ans] == HOT_CITIES


def test_hot_0_is_the_provinces(api):
    _, ans = ok(api, hot="0")
    assert len(ans) == 34


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_get_and_post(api, method):
    r = regions(api, method=method, parent_code="440000")
    body = r.json()
    assert body["status"] == 0
    assert {"code": 440300, "name": "深圳市", "parent_code": 440000} in body["ans"]


def test_no_login_needed_and_a_token_is_ignored(api, user):
    _, anon = ok(api, parent_code="120100")
    body = api.call("/regions", token=user.token, data={"parent_code": "120100"})
    assert body["status"] == 0 and body["ans"] == anon
    body = api.call("/regions", token="0" * 64, data={"parent_code": "120100"})
    assert body["status"] == 0 and body["ans"] == anon


def test_cacheable(api):
    r, _ = ok(api)
    cc = r.headers.get("Cache-Control", "")
    assert "public" in cc and "max-age=86400" in cc, cc
    assert "no-store" not in cc


def test_errors_are_not_cached(api):
    r = regions(api, parent_code="999999")
    assert r.json()["status"] == 6
    assert "max-age" not in r.headers.get("Cache-Control", "")


@pytest.mark.parametrize("code", ["999999", "110199", "100000"])
def test_unknown_parent(api, code):
    body = api.call("/regions", data={"parent_code": code})
    assert body["status"] == 6, body
    assert body["msg"] == "region %s not found" % code


@pytest.mark.parametrize("param,value", [
    ("parent_code", "abc"),
    ("parent_code", "11000"),
    ("parent_code", "1100000"),
    ("parent_code", "-110000"),
    ("parent_code", "110000.0"),
    ("hot", "2"),
    ("hot", "yes"),
])
def test_refused(api, param, value):
    body = api.call("/regions", data={param: value})
    assert body["status"] == 2, body
    assert body["msg"].startswith(param + ":"), body


def test_hot_with_parent_refused(api):
    body = api.call("/regions", data={"hot": "1", "parent_code": "510000"})
    assert body["status"] == 2, body
    assert body["msg"].startswith("hot:"), body


def test_other_methods(api):
    r = api.raw("/regions", method="DELETE")
    assert r.status_code == 405
    assert "GET" in r.headers.get("Allow", "") and "POST" in r.headers["Allow"]


def test_every_region_is_reachable_from_the_top(api):
    """The tree of /regions holds the 3,226 rows of the list."""
    seen = 0
    _, provinces = ok(api)
    seen += len(provinces)
    for p in provinces:
        _, cities = ok(api, parent_code=str(p["code"]))
        seen += len(cities)
        for c in cities:
            assert c["parent_code"] == p["code"]
            _, counties = ok(api, parent_code=str(c["code"]))
            seen += len(counties)
    assert seen == 3226
