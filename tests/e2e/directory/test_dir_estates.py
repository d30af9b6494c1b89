"""Estates (directory.md 7): the read and write forms, the page and its
filters (name contained, dist as a region with what lies in it, hot
range), districts an estate may lie in, uniqueness within a district,
update keeping omitted fields, delete with its links, the privileges."""

import threading

import pytest

from dir_catalog_util import callers, house, token, walk
from dir_client import BAD_PAGE, FORBIDDEN, NOT_FOUND, REQUIRED, UNAUTHORIZED
from dir_people import anonymous, db, person

WRITE = {"estateid", "district", "name", "hot", "intro"}
READ = {"estateid", "district", "agents", "name", "hot", "intro"}
NAMES = {440303: "罗湖区", 440304: "福田区", 441900: "东莞市",
         510107: "武侯区"}


@pytest.fixture(scope="module")
def admin():
    return person("admin")


def test_create_write_form_and_read_form(admin):
    name = "世纪锦苑" + token()
    e = admin.post("/api/estates/", json={"name": name, "distid": 510107,
                                          "hot": 100})
    assert set(e) == WRITE
    assert e["district"] == 510107 and e["hot"] == 100 and e["intro"] == ""
    assert e["name"] == name
    got = anonymous().get("/api/estates/%d" % e["estateid"])
    assert got == {"estateid": e["estateid"],
                   "district": {"distid": 510107, "name": "武侯区"},
                   "agents": [], "name": name, "hot": 100, "intro": ""}
    assert anonymous().get("/api/estates/%d/" % e["estateid"]) == got
    row = db().rows("SELECT district_code, city_code, province_code FROM "
                    "estates WHERE id = %d" % e["estateid"])
    assert row == [["510107", "510100", "510000"]]


def test_city_without_counties(admin):
    e = admin.post("/api/estates/", data={"name": "东莞" + token(),
                                          "distid": "441900",
                                          "intro": " 介绍 "})
    assert e["district"] == 441900 and e["intro"] == "介绍"
    assert db().rows("SELECT city_code, province_code FROM estates WHERE "
                     "id = %d" % e["estateid"]) == [["441900", "440000"]]


@pytest.mark.parametrize("distid", [440300, 440000, 999999, 110100, 1])
def test_district_must_be_county(admin, distid):
    body = admin.post("/api/estates/", 400, json={"name": "x" + token(),
                                                  "distid": distid})
    assert list(body) == ["distid"]


def test_validation_every_field(admin):
    assert admin.post("/api/estates/", 400, json={}) == {
        "name": [REQUIRED], "distid": [REQUIRED]}
    body = admin.post("/api/estates/", 400, json={
        "name": "x" * 51, "distid": "abc", "hot": 1000000001,
        "intro": "y" * 512})
    assert set(body) == {"name", "distid", "hot", "intro"}
    assert set(admin.post("/api/estates/", 400, json={
        "name": "", "distid": 440303, "hot": -1})) == {"name", "hot"}


def test_unique_within_district(admin):
    name = "同名" + token()
    a = admin.post("/api/estates/", json={"name": name, "distid": 440303})
    assert admin.post("/api/estates/", 400, json={
        "name": name, "distid": 440303}) == {
        "name": ["具有该名称的楼盘已存在。"]}
    b = admin.post("/api/estates/", json={"name": name, "distid": 440304})
    # Moving b into a's district under the same name is refused too.
    path = "/api/estates/%d" % b["estateid"]
    assert list(admin.put(path, 400, json={"name": name,
                                           "distid": 440303})) == ["name"]
    assert admin.put(path, json={"name": name, "distid": 440304}) == b
    assert a["estateid"] != b["estateid"]


def test_concurrent_creates_one_wins(admin):
    for _ in range(3):
        name = "并发" + token()
        codes, go = [], threading.Barrier(2)

        def create():
            go.wait()
            r = admin.raw("POST", "/api/estates/",
                          json={"name": name, "distid": 440303})
            codes.append(r.status_code)

        ts = [threading.Thread(target=create) for _ in range(2)]
        [t.start() for t in ts]
        [t.join() for t in ts]
        assert sorted(codes) == [201, 400]


def test_put_keeps_omitted(admin):
    e = admin.post("/api/estates/", json={"name": "改" + token(),
                                          "distid": 440303, "hot": 7,
                                          "intro": "原介绍"})
    path = "/api/estates/%d/" % e["estateid"]
    got = admin.put(path, json={"name": e["name"] + "新", "distid": 441900})
    assert got == dict(e, name=e["name"] + "新", district=441900)
    got = admin.put(path, json={"name": got["name"], "distid": 441900,
                                "hot": 0, "intro": ""})
    assert got["hot"] == 0 and got["intro"] == ""
    assert admin.put(path, 400, json={}) == {"name": [REQUIRED],
                                             "distid": [REQUIRED]}
    assert list(admin.put(path, 400, json={"name": "n", "distid": 440300})
                ) == ["distid"]
    assert admin.put("/api/estates/999999999", 404, json={
        "name": "n", "distid": 440303}) == NOT_FOUND


def test_agents_in_read_form_and_delete(admin):
    e = admin.post("/api/estates/", json={"name": "删" + token(),
                                          "distid": 440303})
    eid = e["estateid"]
    ags = [admin.post("/api/agents/", json={
        "name": "楼盘经理" + token(), "tel": "13352939550", "servstar": s,
        "estates": [eid]}) for s in (3, 4)]
    got = anonymous().get("/api/estates/%d" % eid)
    assert got["agents"] == [
        {"agentid": a["agentid"], "name": a["name"], "tel": a["tel"],
         "servstar": a["servstar"]} for a in ags]
    owner = person("landlord")
    hid = house(owner.id, estate_id=eid)
    admin.delete("/api/estates/%d/" % eid)
    assert anonymous().get("/api/estates/%d" % eid, 404) == NOT_FOUND
    assert admin.delete("/api/estates/%d" % eid, 404) == NOT_FOUND
    assert db().value("SELECT COUNT(*) FROM agent_estates WHERE estate_id "
                      "= %d" % eid) == "0"
    assert db().value("SELECT estate_id IS NULL FROM houses WHERE id = %d"
                      % hid) == "1"
    for a in ags:
        assert anonymous().get("/api/agents/%d" % a["agentid"])[
            "estates"] == []


@pytest.fixture(scope="module")
def mine(admin):
    t = "e" + token()
    specs = [("甲" + t, 440303, 300), (t + "乙", 440304, 20),
             ("丙" + t + "丙", 441900, 20), (t + "%", 510107, 5),
             (t + "_", 440303, 0), ("丁" + t + "\\", 440304, 1000)]
    out = []
    for name, dist, hot in specs:
        e = admin.post("/api/estates/", json={"name": name, "distid": dist,
                                              "hot": hot})
        out.append(anonymous().get("/api/estates/%d" % e["estateid"]))
    return t, out


CITY = {440303: 440300, 440304: 440300, 441900: 441900, 510107: 510100}
PROV = {440303: 440000, 440304: 440000, 441900: 440000, 510107: 510000}


def expect(rows, name, dist=None, lo=0, hi=None):
    def inside(e):
        d = e["district"]["distid"]
        return dist is None or dist in (d, CITY[d], PROV[d])
    got = [e for e in rows if name in e["name"] and inside(e)
           and e["hot"] >= lo and (hi is None or e["hot"] <= hi)]
    return sorted(got, key=lambda e: (-e["hot"], e["estateid"]))


@pytest.mark.parametrize("extra,params", [
    ("", {}), ("%", {}), ("_", {}), ("\\", {}), ("乙", {}),
    ("", {"dist": 440303}), ("", {"dist": 440300}), ("", {"dist": 440000}),
    ("", {"dist": 441900}), ("", {"dist": 510000}), ("", {"dist": 110000}),
    ("", {"minhot": 20}), ("", {"maxhot": 20}),
    ("", {"minhot": 5, "maxhot": 300}), ("", {"dist": 440000, "minhot": 21}),
])
def test_filters(mine, extra, params):
    t, rows = mine
    got = walk(anonymous(), "/api/estates/", dict(params, name=t + extra), 2)
    assert got == expect(rows, t + extra, params.get("dist"),
                         params.get("minhot", 0), params.get("maxhot"))
    assert all(set(e) == READ for e in got)


def test_bad_filters(mine):
    t, _ = mine
    d = anonymous()
    for q, field in (("dist=999999", "dist"), ("dist=abc", "dist"),
                     ("dist=0", "dist"), ("minhot=-1", "minhot"),
                     ("maxhot=x", "maxhot"), ("name=", "name"),
                     ("name=" + "x" * 51, "name"), ("size=0", "size"),
                     ("dist=440303&dist=440303", "dist"), ("page=-1", "page")):
        body = d.get("/api/estates/?" + q, 400)
        assert field in body, (q, body)
    assert d.get("/api/estates/?name=%s&page=2&size=50" % t, 404) == BAD_PAGE
    assert d.get("/api/estates?name=%s&page=1&size=50" % t)["count"] == 6


def test_ids_that_are_no_number():
    for p in ("/api/estates/abc", "/api/estates/0/", "/api/estates/1.5"):
        assert anonymous().get(p, 404) == NOT_FOUND, p


def test_privileges():
    c = callers()
    body = {"name": "权限" + token(), "distid": 440303}
    assert c["anonymous"].post("/api/estates/", 401,
                               json=body) == UNAUTHORIZED
    for who in ("user", "landlord", "agent"):
        assert c[who].post("/api/estates/", 403, json=body) == FORBIDDEN
    e = c["admin"].post("/api/estates/", json=body)
    path = "/api/estates/%d" % e["estateid"]
    assert c["anonymous"].put(path, 401, json=body) == UNAUTHORIZED
    assert c["anonymous"].delete(path, 401) == UNAUTHORIZED
    for who in ("user", "landlord", "agent"):
        assert c[who].put(path, 403, json=body) == FORBIDDEN
        assert c[who].delete(path + "/", 403) == FORBIDDEN
        assert c[who].get(path)["estateid"] == e["estateid"]
    assert c["admin"].put(path, json=body) == e
    c["admin"].delete(path)
