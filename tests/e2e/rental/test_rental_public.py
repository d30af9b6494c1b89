"""The public room list's count (/open/houseshow, rental.md 3) comes from
counts that triggers keep (migration 0016), not from counting rooms: after
every kind of change it equals a count of the table.  Each check compares
both in ONE statement, so it reads one snapshot while other test files
write rooms meanwhile."""

import pytest

import os

from conftest import Db, need_env
from rental_buildings_util import building, landlord, rooms, tpl
from rental_client import Rental


def db():
    return Db(need_env("ZUFANG_TEST_DB_SOCKET"), need_env("ZUFANG_TEST_DB_USER"),
              os.environ.get("ZUFANG_TEST_DB_NAME") or "zufang")


def consistent():
    rows = db().rows(
        "SELECT c.unit_type, c.n, (SELECT COUNT(*) FROM rooms r WHERE "
        "r.status = 1 AND (c.unit_type = 0 OR r.unit_type = c.unit_type)) "
        "FROM room_public_counts c ORDER BY c.unit_type")
    assert len(rows) == 10, rows
    for unit, kept, counted in rows:
        assert kept == counted, (unit, kept, counted)


@pytest.fixture(scope="module")
def owner():
    return landlord()


def test_counts_follow_every_change(owner):
    b = building(owner, layer=3, count=4,
                 templates=[tpl(unit=2), tpl(unit=5), tpl(unit=7)])
    rs = rooms(owner, b["_id"])
    consistent()
    for room in rs[:6]:
        owner.ok("/build/changestatus", {"id": room["_id"], "status": 1})
    consistent()
    owner.ok("/build/changestatus", {"id": rs[0]["_id"], "status": 0})
    consistent()
    # A published room changes its type.
    r = rs[1]
    owner.ok("/build/houseupdata", {
        "id": r["_id"], "houseName": r["houseName"], "houseType": 9,
        "houseConfig": r["houseConfig"], "houseCost": r["houseCost"]})
    consistent()
    # A new room, published then rented by hand.
    db().run("UPDATE rooms SET status = 2 WHERE id = %s" % rs[2]["_id"])
    consistent()
    db().run("DELETE FROM rooms WHERE id = %s" % rs[3]["_id"])
    consistent()


def test_answer_uses_the_kept_count():
    anon = Rental()

    def kept():
        return int(db().value("SELECT n FROM room_public_counts "
                              "WHERE unit_type = 5"))
    # Other files may publish meanwhile: try until nothing moved around
    # one answer.
    for _ in range(20):
        before = kept()
        body = anon.call("/open/houseshow/1/5", {"unitType": 5})
        if kept() == before:
            assert body["count"] == before
            return
    pytest.fail("the count kept moving")
