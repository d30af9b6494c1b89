"""Buildings and rooms (rental.md 3): room generation, the building and room
routes with their refusals, ownership (another landlord's: 404; a plain
user: 403), pages, filters and counts, status changes (2 -> 1 ends the
live contract), the public room view and list."""

import copy
import datetime
import threading

import pytest

from rental_buildings_util import (FLAGS, build_body, building, landlord,
                                   live_contract, person, room_named, rooms,
                                   tpl)
from rental_client import Rental, check, uniq

ROOM_KEYS = {"_id", "buildId", "houseName", "houseType", "houseStatus",
             "houseConfig", "houseCost", "views"}


def china_today():
    tz = datetime.timezone(datetime.timedelta(hours=8))
    return datetime.datetime.now(tz).date().isoformat()


def refused(c, path, body, status=202, word=None):
    b = c.call(path, body, status)
    assert b["data"] is None, b
    if word is not None:
        assert word in b["meta"]["msg"], b
    return b["meta"]["msg"]


@pytest.fixture(scope="module")
def owner():
    return landlord()


@pytest.fixture(scope="module")
def other():
    return landlord()


@pytest.fixture(scope="module")
def plain():
    return person()


# -- generation ---------------------------------------------------------------

def test_add_generates_five_floors_of_ten(owner):
    body = build_body(layer=5, count=10, net="30", electricity=1.2,
                      water="5.00",
                      templates=[tpl(2, clear=50, rent="1200.5", gas=1)])
    r = owner.call("/build/add", body)
    assert r["meta"] == {"status": 200, "msg": "添加成功"}
    b = r["data"]
    assert set(b) == {"_id", "landlordId", "buildInfo", "buildCost",
                      "houseType", "roomCount"}
    assert isinstance(b["_id"], str) and b["_id"].isdigit()
    assert b["landlordId"] == str(owner.id)
    assert b["buildInfo"] == {"buildName": body["buildInfo"]["name"],
                              "buildLayer": 5, "layerCount": 10}
    assert b["buildCost"] == {"net": 30, "electricity": 1.2, "water": 5}
    assert b["houseType"] == [dict(tpl(2, clear=50, rent=1200.5, gas=1))]
    assert b["roomCount"] == 50
    rs = rooms(owner, b["_id"])
    names = [r["houseName"] for r in rs]
    want = ["%d%02d房" % (f, n) for f in range(1, 6) for n in range(1, 11)]
    assert sorted(names) == sorted(want)
    assert names == sorted(names)  # by name
    assert names[0] == "101房" and names[-1] == "510房"
    for r in rs:
        assert set(r) == ROOM_KEYS
        assert r["buildId"] == b["_id"] and r["_id"].isdigit()
        assert r["houseStatus"] == 0 and r["houseType"] == 2
        assert r["views"] == 0
        assert r["houseConfig"] == {f: (1 if f == "gas" else 0)
                                    for f in FLAGS}
        assert r["houseCost"] == {"clear": 50, "rent": 1200.5, "net": 30,
                                  "electricity": 1.2, "water": 5}


def test_add_twelve_floors_fewer_templates_last_repeats(owner, db):
    ts = [tpl(1, rent=100), tpl(2, rent=200.01, bathroom=1),
          tpl(3, clear=0.05, rent=300, broadband=1)]
    b = building(owner, layer=12, count=3, templates=ts)
    assert b["roomCount"] == 36
    assert db.value("SELECT COUNT(*) FROM rooms WHERE building_id = %s"
                    % b["_id"]) == "36"
    by = {r["houseName"]: r for r in rooms(owner, b["_id"])}
    want = {"%d%02d房" % (f, n) for f in range(1, 13) for n in range(1, 4)}
    assert set(by) == want
    assert {"1001房", "1203房", "903房"} <= set(by)
    assert by["101房"]["houseType"] == 1
    assert by["202房"]["houseType"] == 2
    assert by["202房"]["houseConfig"]["bathroom"] == 1
    assert by["202房"]["houseCost"]["rent"] == 200.01
    for f in range(3, 13):
        r = by["%d01房" % f]
        assert r["houseType"] == 3, r
        assert r["houseCost"]["clear"] == 0.05
        assert r["houseCost"]["rent"] == 300
        assert r["houseConfig"]["broadband"] == 1
    # Stored in fen.
    assert db.value("SELECT rent_fen FROM rooms WHERE building_id = %s AND "
                    "name = '202房'" % b["_id"]) == "20001"


def test_add_one_floor_one_room_and_the_largest(owner):
    b = building(owner, layer=1, count=1)
    assert [r["houseName"] for r in rooms(owner, b["_id"])] == ["101房"]
    b = building(owner, layer=60, count=50, templates=[tpl(9)])
    assert b["roomCount"] == 3000
    rs = rooms(owner, b["_id"])
    assert len(rs) == 3000
    assert {"6050房", "101房", "5001房"} <= {r["houseName"] for r in rs}


def mutate(body, path, value):
    b = copy.deepcopy(body)
    node = b
    for k in path[:-1]:
        node = node[k]
    if value is KeyError:
        del node[path[-1]]
    else:
        node[path[-1]] = value
    return b


ADD_REFUSALS = [
    (("buildInfo", "name"), KeyError, "buildInfo.name"),
    (("buildInfo", "name"), "", "buildInfo.name"),
    (("buildInfo", "name"), "楼" * 31, "buildInfo.name"),
    (("buildInfo", "layer"), 0, "buildInfo.layer"),
    (("buildInfo", "layer"), 61, "buildInfo.layer"),
    (("buildInfo", "layer"), "x", "buildInfo.layer"),
    (("buildInfo", "count"), 0, "buildInfo.count"),
    (("buildInfo", "count"), 51, "buildInfo.count"),
    (("buildInfo", "net"), -1, "buildInfo.net"),
    (("buildInfo", "net"), "1.234", "buildInfo.net"),
    (("buildInfo", "electricity"), 1000000.01, "buildInfo.electricity"),
    (("buildInfo", "water"), KeyError, "buildInfo.water"),
    (("buildInfo",), KeyError, "buildInfo"),
    (("houseType",), KeyError, "houseType"),
    (("houseType",), [], "houseType"),
    (("houseType", 0, "unitType"), 0, "houseType[0].unitType"),
    (("houseType", 0, "unitType"), 10, "houseType[0].unitType"),
    (("houseType", 0, "gas"), 2, "houseType[0].gas"),
    (("houseType", 0, "bathroom"), KeyError, "houseType[0].bathroom"),
    (("houseType", 0, "clear"), -0.01, "houseType[0].clear"),
    (("houseType", 0, "rent"), 0, "houseType[0].rent"),
    (("houseType", 0, "rent"), "12.345", "houseType[0].rent"),
]


@pytest.mark.parametrize("path,value,word", ADD_REFUSALS)
def test_add_refusals(owner, db, path, value, word):
    before = db.value("SELECT COUNT(*) FROM buildings WHERE landlord_id = %d"
                      % owner.id)
    refused(owner, "/build/add", mutate(build_body(), path, value), 202, word)
    assert db.value("SELECT COUNT(*) FROM buildings WHERE landlord_id = %d"
                    % owner.id) == before


def test_add_more_templates_than_floors(owner, db):
    body = build_body(layer=2, templates=[tpl(), tpl(2), tpl(3)])
    refused(owner, "/build/add", body, 202, "houseType")
    assert db.value("SELECT COUNT(*) FROM buildings WHERE name = '%s'"
                    % body["buildInfo"]["name"]) == "0"
    # As many as the floors is right.
    body = build_body(layer=3, templates=[tpl(), tpl(2), tpl(3)])
    assert owner.ok("/build/add", body)["roomCount"] == 30


def test_add_name_unique_per_landlord(owner, other, db):
    name = uniq("同名")
    building(owner, name=name, layer=1, count=2)
    msg = refused(owner, "/build/add", build_body(name=name), 202)
    assert "name" in msg
    assert db.value("SELECT COUNT(*) FROM rooms r JOIN buildings b ON "
                    "b.id = r.building_id WHERE b.name = '%s'" % name) == "2"
    # Another landlord may use it.
    assert building(other, name=name, layer=1, count=1)["roomCount"] == 1


def test_add_landlord_id_must_be_the_caller(owner, other):
    refused(owner, "/build/add", build_body(landlordId=other.id), 403,
            "landlordId")
    b = owner.ok("/build/add", build_body(landlordId=str(owner.id),
                                          layer=1, count=1))
    assert b["landlordId"] == str(owner.id)


def test_plain_user_and_anonymous(plain):
    for path, body in [("/build/add", build_body()),
                       ("/build/allbuild/1/10", {"id": plain.id}),
                       ("/build/buildinfo", {"id": 1}),
                       ("/build/allhouse", {"id": 1}),
                       ("/build/house/0/1/10/9", {"id": 1}),
                       ("/build/changestatus", {"id": 1, "status": 1}),
                       ("/build/houseupdata", {"id": 1}),
                       ("/build/newhouse", {"buildId": 1})]:
        refused(plain, path, body, 403)
        refused(Rental(), path, body, 401)


# -- buildings ----------------------------------------------------------------

def test_allbuild_pages(db):
    c = landlord()
    names = [uniq("b%d-" % i) for i in range(3)]
    made = {n: building(c, name=n, layer=1, count=2) for n in names}
    order = sorted(names)
    r = c.call("/build/allbuild/1/2", {"id": str(c.id)})
    assert r["meta"]["msg"] == "查询成功"
    d = r["data"]
    assert d["count"] == 3
    assert [b["buildInfo"]["buildName"] for b in d["ret"]] == order[:2]
    assert set(d["ret"][0]) == {"_id", "buildInfo"}
    assert d["ret"][0]["_id"] == made[order[0]]["_id"]
    assert [x["houseName"] for x in d["rooms"]] == ["101房", "102房"]
    assert {x["buildId"] for x in d["rooms"]} == {made[order[0]]["_id"]}
    d = c.ok("/build/allbuild/2/2", {"id": c.id})
    assert [b["buildInfo"]["buildName"] for b in d["ret"]] == order[2:]
    assert d["rooms"][0]["buildId"] == made[order[2]]["_id"]
    d = c.ok("/build/allbuild/3/2", {"id": c.id})
    assert d == {"ret": [], "rooms": [], "count": 3}
    refused(c, "/build/allbuild/1/2", {"id": c.id + 1}, 403, "id")
    refused(c, "/build/allbuild/0/2", {"id": c.id}, 202, "page")
    refused(c, "/build/allbuild/1/51", {"id": c.id}, 202, "size")
    refused(c, "/build/allbuild/1/0", {"id": c.id}, 202, "size")
    refused(c, "/build/allbuild/1/2", {}, 202, "id")


def test_buildinfo(owner, other):
    b = building(owner, layer=2, count=3, templates=[tpl(4, rent=9.9)])
    r = owner.call("/build/buildinfo", {"id": b["_id"]})
    assert r["meta"]["msg"] == "信息获取成功"
    assert r["data"] == b
    refused(other, "/build/buildinfo", {"id": b["_id"]}, 404)
    refused(owner, "/build/buildinfo", {"id": "999999999999"}, 404)
    refused(owner, "/build/buildinfo", {"id": "abc"}, 202, "id")


def test_buildupdata(owner, other, db):
    b = building(owner, layer=2, count=2, net=5, electricity=1, water=2,
                 templates=[tpl(1, rent=100), tpl(2, rent=200)])
    rid = room_named(owner, b["_id"], "201房")["_id"]
    owner.ok("/build/changestatus", {"id": rid, "status": 1})
    name = uniq("新名")
    body = {"id": b["_id"],
            "buildInfo": {"name": name, "layer": "2", "count": 2, "net": 6,
                          "electricity": "1.5", "water": 2.25},
            "houseType": [tpl(5, clear=10, rent=500)]}
    r = owner.call("/build/buildupdata", body)
    assert r["meta"]["msg"] == "信息修改成功"
    d = r["data"]
    assert d["_id"] == b["_id"] and d["roomCount"] == 4
    assert d["buildInfo"] == {"buildName": name, "buildLayer": 2,
                              "layerCount": 2}
    assert d["buildCost"] == {"net": 6, "electricity": 1.5, "water": 2.25}
    assert d["houseType"] == [tpl(5, clear=10, rent=500)]
    assert owner.ok("/build/buildinfo", {"id": b["_id"]}) == d
    for r in rooms(owner, b["_id"]):
        # The three prices on every room; type, rent and status kept.
        assert r["houseCost"]["net"] == 6
        assert r["houseCost"]["electricity"] == 1.5
        assert r["houseCost"]["water"] == 2.25
        floor = int(r["houseName"][0])
        assert r["houseType"] == floor
        assert r["houseCost"]["rent"] == 100 * floor
    assert room_named(owner, b["_id"], "201房")["houseStatus"] == 1
    # layer and count cannot change; without them the change is fine.
    for k, v in (("layer", 3), ("count", 1)):
        bad = copy.deepcopy(body)
        bad["buildInfo"][k] = v
        refused(owner, "/build/buildupdata", bad, 202, k)
    ok = copy.deepcopy(body)
    del ok["buildInfo"]["layer"], ok["buildInfo"]["count"]
    owner.ok("/build/buildupdata", ok)
    # More templates than floors; a name of another building of this
    # landlord; another landlord's building.
    bad = copy.deepcopy(body)
    bad["houseType"] = [tpl(), tpl(), tpl()]
    refused(owner, "/build/buildupdata", bad, 202, "houseType")
    taken = building(owner, layer=1, count=1)["buildInfo"]["buildName"]
    bad = copy.deepcopy(body)
    bad["buildInfo"]["name"] = taken
    refused(owner, "/build/buildupdata", bad, 202, "name")
    refused(other, "/build/buildupdata", body, 404)
    bad = copy.deepcopy(body)
    bad["buildInfo"]["net"] = "x"
    refused(owner, "/build/buildupdata", bad, 202, "buildInfo.net")
    assert owner.ok("/build/buildinfo", {"id": b["_id"]}) == d


def test_allhouse(owner, other):
    b = building(owner, layer=3, count=4)
    r = owner.call("/build/allhouse", {"id": b["_id"]})
    assert r["meta"]["msg"] == "查询成功"
    assert len(r["data"]) == 12
    refused(other, "/build/allhouse", {"id": b["_id"]}, 404)
    refused(owner, "/build/allhouse", {}, 202, "id")


# -- rooms by filter -----------------------------------------------------------

@pytest.fixture(scope="module")
def filtered(owner):
    """5 floors of 10: floor f of unit type f; rooms x01-x04 published,
    x05 rented (by SQL)."""
    b = building(owner, layer=5, count=10,
                 templates=[tpl(u) for u in range(1, 6)])
    rs = rooms(owner, b["_id"])
    for r in rs:
        if r["houseName"][-3:-1] in ("01", "02", "03", "04"):
            owner.ok("/build/changestatus", {"id": r["_id"], "status": 1})
    return b


def house(c, bid, t, page, size, status, code=200):
    return c.call("/build/house/%s/%s/%s/%s" % (t, page, size, status),
                  {"id": bid}, code)


def test_house_any(owner, filtered):
    r = house(owner, filtered["_id"], 0, 1, 10, 9)
    assert r["meta"]["msg"] == "条件查询成功"
    assert r["count"] == 50 and "count" not in r["meta"]
    assert isinstance(r["data"], list) and len(r["data"]) == 10
    names = [x["houseName"] for x in r["data"]]
    everything = sorted(x["houseName"] for x in rooms(owner, filtered["_id"]))
    assert names == everything[:10]
    pages = []
    for p in range(1, 6):
        pages += [x["houseName"] for x in
                  house(owner, filtered["_id"], 0, p, 10, 9)["data"]]
    assert pages == everything
    r = house(owner, filtered["_id"], 0, 6, 10, 9)
    assert r["data"] == [] and r["count"] == 50
    r = house(owner, filtered["_id"], 0, 2, 50, 9)
    assert r["data"] == [] and r["count"] == 50


def test_house_type_status(owner, filtered):
    bid = filtered["_id"]
    r = house(owner, bid, 3, 1, 50, 9)
    assert r["count"] == 10
    assert [x["houseName"] for x in r["data"]] == \
        sorted("3%02d房" % n for n in range(1, 11))
    assert {x["houseType"] for x in r["data"]} == {3}
    r = house(owner, bid, 0, 1, 50, 1)
    assert r["count"] == 20 and len(r["data"]) == 20
    assert {x["houseStatus"] for x in r["data"]} == {1}
    r = house(owner, bid, 0, 1, 50, 0)
    assert r["count"] == 30
    r = house(owner, bid, 0, 1, 50, 2)
    assert r["count"] == 0 and r["data"] == []
    r = house(owner, bid, 2, 1, 3, 1)
    assert r["count"] == 4
    assert [x["houseName"] for x in r["data"]] == ["201房", "202房", "203房"]
    r = house(owner, bid, 2, 2, 3, 1)
    assert [x["houseName"] for x in r["data"]] == ["204房"]
    r = house(owner, bid, 9, 1, 10, 9)
    assert r["count"] == 0 and r["data"] == []


@pytest.mark.parametrize("t,page,size,status,word", [
    (10, 1, 10, 9, "type"), (-1, 1, 10, 9, "type"), ("a", 1, 10, 9, "type"),
    (0, 0, 10, 9, "page"), (0, 1, 0, 9, "size"), (0, 1, 51, 9, "size"),
    (0, 1, 10, 3, "status"), (0, 1, 10, 8, "status"),
])
def test_house_refusals(owner, filtered, t, page, size, status, word):
    b = house(owner, filtered["_id"], t, page, size, status, 202)
    assert word in b["meta"]["msg"], b


def test_house_other_landlord(other, filtered):
    b = house(other, filtered["_id"], 0, 1, 10, 9, 404)
    assert b["data"] is None


# -- status changes ------------------------------------------------------------

def test_changestatus_legal_and_illegal(owner, other, db):
    b = building(owner, layer=1, count=3)
    r = room_named(owner, b["_id"], "101房")
    rid = r["_id"]

    def change(status, code=200, who=owner):
        return who.call("/build/changestatus", {"id": rid, "status": status},
                        code)

    a = change(1)
    assert a["meta"]["msg"] == "状态改变成功"
    assert a["data"]["houseStatus"] == 1 and a["data"]["_id"] == rid
    assert set(a["data"]) == ROOM_KEYS
    assert change(1)["data"]["houseStatus"] == 1  # no change
    assert change(0)["data"]["houseStatus"] == 0
    assert change(0)["data"]["houseStatus"] == 0
    assert "status" in change(2, 202)["meta"]["msg"]
    change(1)
    assert "status" in change(2, 202)["meta"]["msg"]
    assert db.value("SELECT status FROM rooms WHERE id = %s" % rid) == "1"
    assert "status" in change(3, 202)["meta"]["msg"]
    assert "status" in change("x", 202)["meta"]["msg"]
    refused(owner, "/build/changestatus", {"id": rid}, 202, "status")
    change(0, 404, who=other)
    assert db.value("SELECT status FROM rooms WHERE id = %s" % rid) == "1"
    refused(owner, "/build/changestatus", {"id": "999999999999",
                                           "status": 1}, 404)


def test_changestatus_rented_ends_the_contract(owner, db):
    tenant = person()
    b = building(owner, layer=1, count=2)
    r = room_named(owner, b["_id"], "101房")
    cid = live_contract(db, r, owner.id, tenant.id)
    # A contract of the other room stays live.
    r2 = room_named(owner, b["_id"], "102房")
    cid2 = live_contract(db, r2, owner.id, tenant.id)
    for s in (2, 0):  # 2 -> 2 and 2 -> 0 are refused, nothing changes
        refused(owner, "/build/changestatus", {"id": r["_id"], "status": s},
                202, "status")
        assert db.value("SELECT state FROM contracts WHERE id = %s"
                        % cid) == "1"
    a = owner.ok("/build/changestatus", {"id": r["_id"], "status": "1"})
    assert a["houseStatus"] == 1
    assert db.rows("SELECT state, end_date, live_room IS NULL FROM contracts "
                   "WHERE id = %s" % cid) == [["2", china_today(), "1"]]
    assert db.value("SELECT status FROM rooms WHERE id = %s"
                    % r["_id"]) == "1"
    assert db.rows("SELECT state, end_date FROM contracts WHERE id = %s"
                   % cid2) == [["1", "NULL"]]
    # The room can be let again: a new live contract is allowed.
    live_contract(db, r, owner.id, tenant.id)


# -- room changes --------------------------------------------------------------

def room_body(**kw):
    body = {"houseName": kw.pop("name", uniq("r")[:12]),
            "houseType": kw.pop("unit", 2),
            "houseConfig": {f: kw.pop(f, 0) for f in FLAGS},
            "houseCost": kw.pop("cost", {"clear": 10, "rent": 880.8})}
    body.update(kw)
    return body


def test_houseupdata(owner, other, db):
    tenant = person()
    b = building(owner, layer=1, count=3, net=5, electricity=1, water=2)
    r = room_named(owner, b["_id"], "101房")
    cid = live_contract(db, r, owner.id, tenant.id)
    body = room_body(id=r["_id"], name="1024房", unit=7, gas=1,
                     cost={"clear": "20", "rent": 1500.25, "water": 6})
    a = owner.call("/build/houseupdata", body)
    assert a["data"] is None and a["meta"] == {"status": 200,
                                               "msg": "信息更新成功"}
    n = room_named(owner, b["_id"], "1024房")
    assert n["_id"] == r["_id"] and n["houseType"] == 7
    assert n["houseStatus"] == 2  # a change keeps the status
    assert n["houseConfig"]["gas"] == 1
    assert n["houseCost"] == {"clear": 20, "rent": 1500.25, "net": 5,
                              "electricity": 1, "water": 6}
    # The live contract keeps its snapshot.
    assert db.rows("SELECT house_name, unit_type, rent_fen, water_fen FROM "
                   "contracts WHERE id = %s" % cid) == \
        [["101房", str(r["houseType"]), "10000", "200"]]
    refused(owner, "/build/houseupdata", dict(body, houseName="102房"), 202,
            "houseName")
    refused(other, "/build/houseupdata", body, 404)
    for bad, word in [({"houseName": ""}, "houseName"),
                      ({"houseName": "房" * 21}, "houseName"),
                      ({"houseType": 0}, "houseType"),
                      ({"houseType": 10}, "houseType"),
                      ({"houseConfig": {"gas": 1}}, "houseConfig.bathroom"),
                      ({"houseCost": {"clear": 1, "rent": 0}},
                       "houseCost.rent"),
                      ({"houseCost": {"rent": 1}}, "houseCost.clear"),
                      ({"houseCost": {"clear": 1, "rent": 1, "net": -1}},
                       "houseCost.net"),
                      ({"id": None}, "id")]:
        b2 = dict(body, **bad)
        if b2.get("id") is None:
            del b2["id"]
        refused(owner, "/build/houseupdata", b2, 202, word)
    assert room_named(owner, b["_id"], "1024房") == n


def test_newhouse(owner, other, db):
    b = building(owner, layer=1, count=2, net=5, electricity=1.1, water=2)
    body = room_body(buildId=b["_id"], name="阁楼", unit=4, bathroom=1)
    a = owner.call("/build/newhouse", body)
    assert a["meta"]["msg"] == "添加成功"
    r = a["data"]
    assert set(r) == ROOM_KEYS
    assert r["houseName"] == "阁楼" and r["houseStatus"] == 0
    assert r["buildId"] == b["_id"] and r["houseType"] == 4
    assert r["houseConfig"]["bathroom"] == 1
    # The building's prices when the room names none.
    assert r["houseCost"] == {"clear": 10, "rent": 880.8, "net": 5,
                              "electricity": 1.1, "water": 2}
    assert owner.ok("/build/buildinfo", {"id": b["_id"]})["roomCount"] == 3
    assert r in rooms(owner, b["_id"])
    own = owner.ok("/build/newhouse", room_body(
        buildId=b["_id"], cost={"clear": 0, "rent": 1, "net": 0,
                                "electricity": "0.5", "water": 9}))
    assert own["houseCost"] == {"clear": 0, "rent": 1, "net": 0,
                                "electricity": 0.5, "water": 9}
    refused(owner, "/build/newhouse", dict(body, houseName="101房"), 202,
            "houseName")
    refused(other, "/build/newhouse", body, 404, "buildId")
    refused(owner, "/build/newhouse", dict(body, buildId="0"), 202,
            "buildId")
    refused(owner, "/build/newhouse", dict(body, houseType=None), 202,
            "houseType")
    assert db.value("SELECT COUNT(*) FROM rooms WHERE building_id = %s"
                    % b["_id"]) == "4"


def test_newhouse_full_building(owner):
    b = building(owner, layer=60, count=50)
    refused(owner, "/build/newhouse", room_body(buildId=b["_id"]), 202,
            "3000")


# -- the public view -----------------------------------------------------------

def test_houseinfo_visibility_views_and_phone(owner, plain, db):
    db.run("UPDATE users SET tel = '13800138000' WHERE id = %d" % owner.id)
    b = building(owner, layer=1, count=3, net=1, electricity=2, water=3)
    r = room_named(owner, b["_id"], "101房")
    anon = Rental()
    # Not published: only its landlord.
    refused(anon, "/query/houseinfo", {"id": r["_id"]}, 404)
    refused(plain, "/query/houseinfo", {"id": r["_id"]}, 404)
    d = owner.call("/query/houseinfo", {"id": r["_id"]})
    assert d["meta"]["msg"] == "查询成功"
    d = d["data"]
    assert set(d) == ROOM_KEYS | {"buildName", "buildCost", "landlord"}
    assert d["buildName"] == b["buildInfo"]["buildName"]
    assert d["buildCost"] == {"net": 1, "electricity": 2, "water": 3}
    assert d["landlord"]["phone"] == "13800138000"
    assert d["views"] == 1
    owner.ok("/build/changestatus", {"id": r["_id"], "status": 1})
    d = anon.ok("/query/houseinfo", {"id": r["_id"]})
    assert d["views"] == 2 and d["landlord"]["phone"] is None
    assert "nickName" in d["landlord"]
    d = plain.ok("/query/houseinfo", {"id": r["_id"]})
    assert d["views"] == 3 and d["landlord"]["phone"] == "13800138000"
    # A bad token is nobody.
    d = anon.ok("/query/houseinfo", {"id": r["_id"]}, token="f" * 64)
    assert d["landlord"]["phone"] is None
    assert db.value("SELECT views FROM rooms WHERE id = %s" % r["_id"]) == "4"
    # Rented: its tenant sees it, others do not.
    tenant = person()
    r2 = room_named(owner, b["_id"], "102房")
    live_contract(db, r2, owner.id, tenant.id)
    assert tenant.ok("/query/houseinfo", {"id": r2["_id"]})["houseStatus"] == 2
    refused(plain, "/query/houseinfo", {"id": r2["_id"]}, 404)
    refused(anon, "/query/houseinfo", {"id": r2["_id"]}, 404)
    refused(anon, "/query/houseinfo", {"id": "999999999999"}, 404)
    refused(anon, "/query/houseinfo", {}, 202, "id")


def test_houseinfo_views_atomic(owner, db):
    b = building(owner, layer=1, count=1)
    r = room_named(owner, b["_id"], "101房")
    owner.ok("/build/changestatus", {"id": r["_id"], "status": 1})
    errors = []

    def view():
        try:
            Rental().ok("/query/houseinfo", {"id": r["_id"]})
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(e)

    ts = [threading.Thread(target=view) for _ in range(20)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    assert not errors, errors
    assert db.value("SELECT views FROM rooms WHERE id = %s" % r["_id"]) == "20"


def test_houseshow(owner):
    b = building(owner, layer=1, count=4,
                 templates=[tpl(8, rent=66.6)])
    rs = rooms(owner, b["_id"])
    for r in rs[:3]:
        owner.ok("/build/changestatus", {"id": r["_id"], "status": 1})
    mine = sorted((int(r["_id"]) for r in rs[:3]), reverse=True)
    anon = Rental()
    a = anon.call("/open/houseshow/1/50", {"unitType": 8})
    assert a["meta"]["msg"] == "查询成功"
    assert a["count"] >= 3
    got = [int(x["_id"]) for x in a["data"]]
    assert got == sorted(got, reverse=True)  # newest first
    assert all(x["houseStatus"] == 1 and x["houseType"] == 8
               for x in a["data"])
    assert [i for i in got if i in mine] == mine
    assert int(rs[3]["_id"]) not in got
    everything = anon.call("/open/houseshow/1/5", {})
    assert len(everything["data"]) <= 5
    assert everything["count"] >= a["count"]
    assert all(x["houseStatus"] == 1 for x in everything["data"])
    # Withdrawn: gone from the list.
    owner.ok("/build/changestatus", {"id": str(mine[0]), "status": 0})
    got = [int(x["_id"]) for x in
           anon.ok("/open/houseshow/1/50", {"unitType": "8"})]
    assert mine[0] not in got and mine[1] in got
    b2 = anon.call("/open/houseshow/2/1", {"unitType": 8})
    assert len(b2["data"]) == 1 and b2["count"] >= 2
    for path, body, word in [("/open/houseshow/1/51", {}, "size"),
                             ("/open/houseshow/0/10", {}, "page"),
                             ("/open/houseshow/1/10", {"unitType": 10},
                              "unitType")]:
        refused(anon, path, body, 202, word)
