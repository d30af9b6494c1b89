"""The listing count of a page (issue 11: `count` must not scan the
table): it comes from the shared cache of migration 0012, which is never
stale.  Checked in a city no other test uses (海西州, Qinghai): every kind
of write, by the directory, by hand in SQL, by QSZ, shows in the very next
count; an entry is served while its city's version is current (a poisoned
entry proves it) and dropped by the next write there; counts of the city,
a county and the province agree with SQL."""

import pytest

from dir_listing_data import body, make_type
from dir_people import anonymous, db, person

CITY, COUNTY, COUNTY2, PROVINCE = 632800, 632801, 632802, 630000


def count(c, **q):
    r = c.get("/api/houseinfos/", params=q)
    return r["count"]


def sql_count(where):
    return int(db().value(
        "SELECT COUNT(*) FROM houses WHERE dir_district IS NOT NULL AND "
        + where))


def version():
    return int(db().value("SELECT COALESCE(SUM(v), 0) FROM dir_versions "
                          "WHERE city_code = %d" % CITY))


@pytest.fixture(scope="module")
def landlord():
    return person("landlord")


def test_every_write_shows_at_once(landlord):
    t = make_type()
    anon = anonymous()
    q = {"dist": CITY, "type": t["typeid"]}
    assert count(anon, **q) == 0
    ids = []
    for i in range(3):
        ids.append(landlord.post("/api/houseinfos/", json=body(
            t, district=COUNTY if i < 2 else COUNTY2, price=1000 + i))["houseid"])
        assert count(anon, **q) == i + 1
        assert count(anon, dist=COUNTY, type=t["typeid"]) == min(i + 1, 2)
    assert count(anon, dist=PROVINCE, type=t["typeid"]) == 3
    # By hand in SQL: the rent moves out of a price window.
    assert count(anon, max_price=1001, **q) == 2
    db().run("UPDATE houses SET house_rent = 5000 WHERE id = %d" % ids[0])
    assert count(anon, max_price=1001, **q) == 1
    # Pulled off (as QSZ does it), then released again.
    db().run("UPDATE houses SET status = 2 WHERE id = %d" % ids[1])
    assert count(anon, **q) == 2
    db().run("UPDATE houses SET status = 1 WHERE id = %d" % ids[1])
    assert count(anon, **q) == 3
    # Deleted through the directory.
    landlord.delete("/api/houseinfos/%d" % ids[2])
    assert count(anon, **q) == 2
    assert count(anon, **q) == sql_count("city_code = %d AND house_type_id "
                                         "= %d" % (CITY, t["typeid"]))


def test_entries_are_served_only_while_current(landlord):
    t = make_type()
    anon = anonymous()
    q = {"dist": COUNTY, "type": t["typeid"], "minarea": 10}
    landlord.post("/api/houseinfos/", json=body(t, district=COUNTY))
    assert count(anon, **q) == 1
    v = version()
    # Poison every entry counted at the city's current version: the
    # next answer comes from the cache, so it shows.
    db().run("UPDATE dir_counts SET n = n + 1000 WHERE v = %d AND "
             "at >= UTC_TIMESTAMP() - INTERVAL 60 SECOND AND n = 1" % v)
    assert count(anon, **q) == 1001
    # Any write in the city moves its version: counted anew.
    landlord.post("/api/houseinfos/", json=body(make_type(), district=COUNTY2))
    assert version() > v
    assert count(anon, **q) == 1


def test_other_cities_keep_their_entries(landlord):
    # A write elsewhere (Sichuan) leaves this city's version alone.
    v = version()
    landlord.post("/api/houseinfos/", json=body(make_type(), district=510104))
    assert version() == v


def test_iHome_and_drafts_do_not_bump(landlord):
    v = version()
    uid = landlord.id
    # A draft (status 0) and a nightly house are never shown here.
    db().run("INSERT INTO houses (user_id, status, city_code, county_code, "
             "province_code, location) VALUES (%d, 0, %d, %d, %d, "
             "POINT(0, 0))" % (uid, CITY, COUNTY, PROVINCE))
    db().run("INSERT INTO houses (user_id, status, city_code, county_code, "
             "province_code, night_price_fen, rent_time_type, location) "
             "VALUES (%d, 1, %d, %d, %d, 30000, 1, POINT(0, 0))"
             % (uid, CITY, COUNTY, PROVINCE))
    assert version() == v
