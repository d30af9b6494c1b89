"""rental.md 4: /contr/init (the room's snapshot, the client's copies, the
begin date), /contr/visa (one transaction with the room locked, the first
bill, expiry, two signatures at once), /contr/search."""

import datetime
import os
import threading

import pytest

from conftest import idcard
from rental_client import Rental, check
from rental_money_util import (Building, add_months, bills_of, china_today,
                               day, init, init_body, landlord, person, sign)


@pytest.fixture
def owner():
    return landlord()


@pytest.fixture
def building(db, owner):
    return Building(db, owner, n=3)


def contract_row(db, cid):
    return db.rows("SELECT state, room_id, tenant_id, house_name, unit_type, "
                   "bathroom, air_condition, geyser, gas, broadband, clear_fen, "
                   "rent_fen, net_fen, electricity_fen, water_fen, "
                   "base_electric, base_water, begin_date, persons, phone, "
                   "idcard_enc IS NOT NULL FROM contracts WHERE id = %d"
                   % cid)[0]


def room_status(db, rid):
    return int(db.value("SELECT status FROM rooms WHERE id = %d" % rid))


def contracts_of_room(db, rid):
    return int(db.value("SELECT COUNT(*) FROM contracts WHERE room_id = %d"
                        % rid))


# -- /contr/init -----------------------------------------------------------------------

def test_init_snapshots_the_stored_room(owner, building, db):
    room = building.rooms[0]
    body = check(owner.raw("/contr/init",
                           json=init_body(room, owner, electric="2000.5",
                                          water=100)), 200)
    assert body["meta"]["msg"] == "添加成功"
    cid = int(body["data"]["id"])
    row = contract_row(db, cid)
    assert row[:5] == ["0", str(room["id"]), "NULL", room["name"], "2"]
    assert row[5:10] == ["1", "1", "0", "1", "0"]
    assert row[10:15] == ["5000", "120000", "3000", "120", "500"]
    assert row[15:18] == ["20005", "1000", day(0)]
    # Not signed yet: no bill.
    assert bills_of(db, cid) == []
    # The room is not rented by an initialisation.
    assert room_status(db, room["id"]) == 0


def test_init_begin_as_epoch_milliseconds_is_a_china_date(owner, building, db):
    # 23:30 China time of a day is 15:30 UTC: the China date is kept.
    d = china_today() + datetime.timedelta(days=3)
    ms = int(datetime.datetime(d.year, d.month, d.day, 15, 30,
                               tzinfo=datetime.timezone.utc).timestamp() * 1000)
    cid = init(owner, building.rooms[0], begin=ms)
    assert contract_row(db, cid)[17] == d.isoformat()
    # 16:30 UTC is already the next China day.
    cid = init(owner, building.rooms[1], begin=ms + 3600 * 1000)
    assert contract_row(db, cid)[17] == (d + datetime.timedelta(1)).isoformat()


def test_init_begin_window(owner, building):
    room = building.rooms[0]
    init(owner, room, begin=day(-31))
    init(owner, room, begin=add_months(china_today(), 12).isoformat())
    for bad in (day(-32),
                (add_months(china_today(), 12) +
                 datetime.timedelta(1)).isoformat()):
        body = owner.call("/contr/init", init_body(room, begin=bad), 202)
        assert body["meta"]["msg"].startswith("beginTime:"), body


BAD = [
    ({"beginTime": None}, "beginTime"),
    ({"beginTime": "2026/12/01"}, "beginTime"),
    ({"beginTime": "2026-02-30"}, "beginTime"),
    ({"beginTime": 1.5}, "beginTime"),
    ({"beginTime": True}, "beginTime"),
    ({"beginTime": 1000}, "beginTime"),          # 1970
    ({"roomId": "abc"}, "roomId"),
    ({"roomId": None}, "roomId"),
    ({"houseName": ""}, "houseName"),
    ({"houseType": 10}, "houseType"),
    ({"houseConfig": None}, "houseConfig"),
    ({"Baseinfo": None}, "Baseinfo"),
    ({"Baseinfo": {"electric": 1.25, "water": 1}}, "Baseinfo.electric"),
    ({"Baseinfo": {"electric": -1, "water": 1}}, "Baseinfo.electric"),
    ({"Baseinfo": {"electric": 1}}, "Baseinfo.water"),
    ({"Baseinfo": {"electric": 1, "water": 10000000.1}}, "Baseinfo.water"),
]


@pytest.mark.parametrize("over,param", BAD)
def test_init_refused(owner, building, db, over, param):
    room = building.rooms[0]
    body = init_body(room, owner)
    for k, v in over.items():
        if v is None:
            body.pop(k)
        else:
            body[k] = v
    r = owner.call("/contr/init", body, 202)
    assert r["meta"]["msg"].startswith(param), r
    assert contracts_of_room(db, room["id"]) == 0


@pytest.mark.parametrize("part,key,value", [
    (None, "houseName", "999房"),
    (None, "houseType", 3),
    ("houseConfig", "geyser", 1),
    ("houseCost", "rent", 1199.99),
    ("houseCost", "water", "5.01"),
])
def test_init_client_copy_must_be_the_stored_room(owner, building, db, part,
                                                  key, value):
    room = building.rooms[0]
    body = init_body(room, owner)
    (body[part] if part else body)[key] = value
    r = owner.call("/contr/init", body, 202)
    assert r["meta"]["msg"] == "room changed, reload it", r
    assert contracts_of_room(db, room["id"]) == 0


def test_init_money_as_strings_and_numbers(owner, building):
    room = building.rooms[0]
    body = init_body(room, owner)
    body["houseCost"] = {"clear": "50.00", "rent": "1200", "net": 30,
                         "electricity": "1.2", "water": 5.0}
    body["houseConfig"] = {k: str(v) for k, v in room["config"].items()}
    assert owner.ok("/contr/init", body)["id"]


def test_init_landlord_id_must_be_the_caller(owner, building, db):
    room = building.rooms[0]
    other = landlord()
    r = owner.call("/contr/init", init_body(room, other), 403)
    assert r["meta"]["msg"].startswith("landlordId"), r
    assert contracts_of_room(db, room["id"]) == 0


def test_init_another_landlords_room_not_visible(owner, building, db):
    room = building.rooms[0]
    other = landlord()
    other.call("/contr/init", init_body(room), 404)
    owner.call("/contr/init", init_body(dict(room, id=room["id"] + 10 ** 9)),
               404)
    assert contracts_of_room(db, room["id"]) == 0


def test_init_needs_a_landlord(building, db):
    room = building.rooms[0]
    tenant = person()
    r = tenant.call("/contr/init", init_body(room), 403)
    assert r["data"] is None
    Rental().call("/contr/init", init_body(room), 401)


def test_init_refused_for_a_rented_room(owner, building, db):
    room = building.rooms[0]
    cid = init(owner, room)
    init(owner, room)                 # several may wait for a tenant
    sign(person(), cid)
    assert room_status(db, room["id"]) == 2
    r = owner.call("/contr/init", init_body(room), 202)
    assert r["meta"]["msg"].startswith("roomId"), r
    # A live contract also blocks a room whose status was changed by hand.
    db.run("UPDATE rooms SET status = 1 WHERE id = %d" % room["id"])
    owner.call("/contr/init", init_body(room), 202)


def test_init_published_room(owner, building, db):
    room = building.rooms[0]
    db.run("UPDATE rooms SET status = 1 WHERE id = %d" % room["id"])
    assert init(owner, room)


# -- /contr/visa -----------------------------------------------------------------------

def test_sign_makes_the_contract_live_the_room_rented_and_the_first_bill(
        owner, building, db):
    room = building.rooms[0]
    cid = init(owner, room, electric=2000, water="100.5")
    other = init(owner, room)
    elsewhere = init(owner, building.rooms[1])
    tenant = person()
    number = idcard("11010519491231002")
    sign(tenant, cid, persons="3", tenantId=str(tenant.id),
         phone="13800138000", idcard=number.lower())
    row = contract_row(db, cid)
    assert row[0] == "1" and row[2] == str(tenant.id)
    assert row[18:21] == ["3", "13800138000", "1"]
    # The ID number is sealed, not stored as text.
    enc = db.value("SELECT HEX(idcard_enc) FROM contracts WHERE id = %d" % cid)
    assert number.encode().hex().upper() not in enc
    assert number[:17].encode().hex().upper() not in enc
    assert room_status(db, room["id"]) == 2
    # The room's other waiting contract expired; another room's did not.
    assert contract_row(db, other)[0] == "3"
    assert contract_row(db, elsewhere)[0] == "0"
    # The first bill: period 0 from the begin date, the move-in readings.
    today = china_today()
    b = bills_of(db, cid)
    assert b == [[b[0][0], 0, 0, 0, 0, 1005, 20000, today.isoformat(),
                  add_months(today, 1).isoformat()]]
    assert db.rows("SELECT rent_fen, clear_fen, net_fen, water_price_fen, "
                   "electric_price_fen, house_name, building_id, landlord_id "
                   "FROM bills WHERE id = %d" % b[0][0]) == \
        [["120000", "5000", "3000", "500", "120", room["name"],
          str(building.id), str(owner.id)]]
    signed = db.value("SELECT signed_at IS NOT NULL FROM contracts WHERE "
                      "id = %d" % cid)
    assert signed == "1"


def test_sign_without_optional_fields(owner, building, db):
    cid = init(owner, building.rooms[0])
    sign(person(), cid, phone="", idcard="")
    assert contract_row(db, cid)[19:21] == ["NULL", "0"]


GOOD_ID = idcard("11010519491231002")


@pytest.mark.parametrize("over,param", [
    ({"persons": 0}, "persons"),
    ({"persons": 21}, "persons"),
    ({"persons": None}, "persons"),
    ({"persons": 1.5}, "persons"),
    ({"phone": "12345678901"}, "phone"),
    ({"phone": "1380013800"}, "phone"),
    ({"idcard": GOOD_ID[:17] + ("0" if GOOD_ID[17] != "0" else "1")},
     "idcard"),                                     # wrong check digit
    ({"idcard": "11010519491331002X"}, "idcard"),   # no 13th month
    ({"id": "x"}, "id"),
    ({"id": None}, "id"),
])
def test_sign_refused(owner, building, db, over, param):
    cid = init(owner, building.rooms[0])
    body = {"id": str(cid), "persons": 2}
    for k, v in over.items():
        if v is None:
            body.pop(k, None)
        else:
            body[k] = v
    r = person().call("/contr/visa", body, 202)
    assert r["meta"]["msg"].startswith(param), r
    assert contract_row(db, cid)[0] == "0"


def test_sign_tenant_id_must_be_the_caller(owner, building, db):
    cid = init(owner, building.rooms[0])
    tenant, other = person(), person()
    r = tenant.call("/contr/visa", {"id": cid, "persons": 1,
                                    "tenantId": other.id}, 403)
    assert r["meta"]["msg"].startswith("tenantId"), r
    assert contract_row(db, cid)[0] == "0"


def test_landlord_cannot_sign(owner, building, db):
    cid = init(owner, building.rooms[0])
    owner.call("/contr/visa", {"id": cid, "persons": 1}, 403)
    assert contract_row(db, cid)[0] == "0"


def test_sign_unknown_contract(owner):
    person().call("/contr/visa", {"id": 10 ** 12, "persons": 1}, 404)


def test_sign_twice_refused(owner, building, db):
    cid = init(owner, building.rooms[0])
    tenant = person()
    sign(tenant, cid)
    for who in (tenant, person()):
        r = who.call("/contr/visa", {"id": cid, "persons": 1}, 202)
        assert "signed" in r["meta"]["msg"], r
    assert len(bills_of(db, cid)) == 1
    assert contract_row(db, cid)[2] == str(tenant.id)


@pytest.mark.parametrize("state", [2, 3])
def test_sign_ended_or_expired_refused(owner, building, db, state):
    cid = init(owner, building.rooms[0])
    db.run("UPDATE contracts SET state = %d WHERE id = %d" % (state, cid))
    person().call("/contr/visa", {"id": cid, "persons": 1}, 202)
    assert bills_of(db, cid) == []


def test_sign_after_the_signing_window_expires_it(owner, building, db):
    room = building.rooms[0]
    cid = init(owner, room)
    db.run("UPDATE contracts SET created_at = UTC_TIMESTAMP() - INTERVAL "
           "604801 SECOND WHERE id = %d" % cid)
    r = person().call("/contr/visa", {"id": cid, "persons": 1}, 202)
    assert "expired" in r["meta"]["msg"], r
    assert contract_row(db, cid)[0] == "3"          # marked, for good
    assert room_status(db, room["id"]) == 0
    assert bills_of(db, cid) == []
    # Just inside the window it still signs.
    cid = init(owner, room)
    db.run("UPDATE contracts SET created_at = UTC_TIMESTAMP() - INTERVAL "
           "604700 SECOND WHERE id = %d" % cid)
    sign(person(), cid)


def race(calls):
    """Run the callables at once; their results in order."""
    out = [None] * len(calls)
    go = threading.Barrier(len(calls))

    def run(i):
        go.wait()
        out[i] = calls[i]()

    ts = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    return out


def test_two_signatures_for_one_room_at_once_one_wins(owner, building, db):
    for _ in range(3):
        room = building.add_room("r" + os.urandom(4).hex())
        cids = [init(owner, room), init(owner, room)]
        tenants = [person(), person()]
        codes = race([
            lambda i=i: tenants[i].raw("/contr/visa",
                                       json={"id": cids[i], "persons": 1}
                                       ).status_code
            for i in range(2)])
        assert sorted(codes) == [200, 202], codes
        states = sorted(contract_row(db, c)[0] for c in cids)
        assert states == ["1", "3"], states
        assert room_status(db, room["id"]) == 2
        assert sum(len(bills_of(db, c)) for c in cids) == 1


def test_two_signatures_of_one_contract_at_once_one_wins(owner, building, db):
    room = building.rooms[2]
    cid = init(owner, room)
    tenants = [person(), person(), person()]
    codes = race([lambda t=t: t.raw("/contr/visa",
                                    json={"id": cid, "persons": 1}
                                    ).status_code for t in tenants])
    assert sorted(codes) == [200, 202, 202], codes
    assert len(bills_of(db, cid)) == 1


# -- /contr/search ---------------------------------------------------------------------

def test_search_for_landlord_and_tenant_only(owner, building, db):
    room = building.rooms[0]
    cid = init(owner, room, electric="2000.5", water=100)
    want = {
        "_id": str(cid), "roomId": str(room["id"]), "houseName": room["name"],
        "state": 0, "time": {"beginTime": day(0), "endTime": None},
        "roomConfig": {"houseType": 2, "houseConfig": room["config"],
                       "houseCost": {"clear": 50, "rent": 1200, "net": 30,
                                     "electricity": 1.2, "water": 5}},
        "Baseinfo": {"electric": 2000.5, "water": 100},
        "persons": None, "tenantId": None, "landlordId": str(owner.id),
        "billId": None,
    }
    r = owner.call("/contr/search", {"id": str(cid)}, 200)
    assert r["data"] == want and r["meta"]["msg"] == "查询成功"
    stranger = person()
    stranger.call("/contr/search", {"id": cid}, 404)
    landlord().call("/contr/search", {"id": cid}, 404)
    tenant = person()
    sign(tenant, cid, persons=2)
    bill = bills_of(db, cid)[0][0]
    want.update(state=1, persons=2, tenantId=str(tenant.id),
                billId=str(bill))
    assert tenant.ok("/contr/search", {"id": cid}) == want
    assert owner.ok("/contr/search", {"id": cid}) == want
    stranger.call("/contr/search", {"id": cid}, 404)
    owner.call("/contr/search", {"id": 10 ** 12}, 404)
    r = owner.call("/contr/search", {}, 202)
    assert r["meta"]["msg"].startswith("id"), r
