"""The search's match counts (ihome.md 6, total_page) come from the shared
stay_counts cache (migration 0009) and are never stale: every write that
changes an answer bumps its county's version in its own transaction, and
an entry that depended on a hold is good only until that hold lapses,
which no write announces.

County 110118 (密云区) is this file's alone, so its counts are exact here.
The whole city is shared with other files running meanwhile: its count is
checked against SQL read just before and just after."""

import time

from ihome_client import IHome
from ihome_people import (PAGE_SIZE, act, booking, d, publish,
                          verified_person, person)

AID = 110118


def total_page(ih, **params):
    body = ih.call("GET", "houses", params=params)
    assert body["errno"] == "0", body
    return body["data"]["total_page"], [h["house_id"]
                                        for h in body["data"]["houses"]]


def version(db):
    return int(db.value("SELECT COALESCE(MAX(v), 0) FROM stay_versions "
                        "WHERE county_code = %d" % AID))


def entries(db):
    return int(db.value("SELECT COUNT(*) FROM stay_counts "
                        "WHERE county_code = %d" % AID))


def test_counts_follow_every_write(base, db):
    landlord = verified_person(base, real_name="密云房东")
    guest = person(base)
    ih = IHome(base)
    window = {"aid": AID, "sd": d(30), "ed": d(33), "sk": "price-inc"}

    first = [publish(landlord.ih, title="密云%d" % i, area_id=AID,
                     price="%d.00" % (100 + i)) for i in range(PAGE_SIZE)]
    assert total_page(ih, **window) == (1, first)
    assert total_page(ih, **window) == (1, first)  # asked twice: cached
    assert entries(db) >= 1

    # A new house: one more match, a second page.
    extra = publish(landlord.ih, title="密云x", area_id=AID, price="99.00")
    pages, ids = total_page(ih, **window)
    assert pages == 2 and ids == [extra] + first[:PAGE_SIZE - 1]
    two, ids2 = total_page(ih, p=2, **window)
    assert two == 2 and ids2 == [first[-1]]

    # A booking of those nights (WAIT_ACCEPT, live): one fewer.
    v = version(db)
    oid = booking(guest.ih, extra, d(31), d(32))
    assert version(db) > v
    assert total_page(ih, **window) == (1, first)
    # Past the end: an empty page, the count still right.
    assert total_page(ih, p=2, **window) == (1, [])
    # Nights beside it are not blocked.
    assert total_page(ih, aid=AID, sd=d(32), ed=d(34))[0] == 2

    # Rejected: free again.
    assert act(landlord.ih, oid, "reject", reason="装修")["errno"] == "0"
    assert total_page(ih, **window)[0] == 2

    # Accepted and then cancelled by the guest: blocked, then free.
    oid = booking(guest.ih, first[0], d(30), d(33))
    assert total_page(ih, **window) == (1, [extra] + first[1:])
    assert act(landlord.ih, oid, "accept")["errno"] == "0"
    assert total_page(ih, **window) == (1, [extra] + first[1:])
    assert act(guest.ih, oid, "cancel")["errno"] == "0"
    assert total_page(ih, **window)[0] == 2

    # The length rule: a minimum of 4 nights leaves the house out of a
    # 3-night search (a write through SQL is a write too).
    db.run("UPDATE houses SET min_days = 4 WHERE id = %d" % first[1])
    pages, ids = total_page(ih, **window)
    assert pages == 1 and first[1] not in ids
    db.run("UPDATE houses SET min_days = 1 WHERE id = %d" % first[1])
    assert total_page(ih, **window)[0] == 2

    # Without dates: every house of the county.
    assert total_page(ih, aid=AID)[0] == 2


def test_a_lapsing_hold_outdates_its_count(base, db):
    """No write announces that a WAIT_ACCEPT hold ran out: the count that
    left its house out must not outlive the hold."""
    landlord = verified_person(base, real_name="密云房东二")
    guest = person(base)
    ih = IHome(base)
    hid = publish(landlord.ih, title="密云限时", area_id=AID, price="88.00")
    window = {"aid": AID, "sd": d(60), "ed": d(61), "sk": "new"}
    count = int(db.value(
        "SELECT COUNT(*) FROM houses WHERE county_code = %d AND status = 1 "
        "AND rent_time_type = 1" % AID))
    pages, before = total_page(ih, **window)
    assert pages == -(-count // PAGE_SIZE) and before[0] == hid
    oid = booking(guest.ih, hid, d(60), d(61))
    # Its hold lapses 3 seconds from now (this write bumps the version).
    db.run("UPDATE bookings SET hold_until = UTC_TIMESTAMP() + INTERVAL 3 "
           "SECOND WHERE id = %d" % oid)
    v = version(db)
    seen_out = False
    deadline = time.monotonic() + 20
    while True:
        body = ih.call("GET", "houses", params=window)
        assert body["errno"] == "0", body
        ids = [h["house_id"] for h in body["data"]["houses"]]
        if hid not in ids:
            seen_out = True
            # While it is out, the count says so (new first: hid would
            # be on page 1).
            assert body["data"]["total_page"] == \
                -(-(count - 1) // PAGE_SIZE), body
        else:
            assert body["data"]["total_page"] == -(-count // PAGE_SIZE)
            break
        assert time.monotonic() < deadline, "never came back"
        time.sleep(0.2)
    assert seen_out
    # It came back without any write.
    assert version(db) == v


def test_whole_city_count_is_exact(base, db):
    """The whole city's count, through the cache, against SQL read just
    before and after (other files write meanwhile: retried until the two
    agree)."""
    ih = IHome(base)
    sql = ("SELECT COUNT(*) FROM houses WHERE city_code = 110100 AND "
           "county_code IS NOT NULL AND status = 1 AND rent_time_type = 1 "
           "AND night_price_fen IS NOT NULL")
    for _ in range(50):
        a = int(db.value(sql))
        pages, _ids = total_page(ih)
        b = int(db.value(sql))
        if a == b:
            assert pages == -(-a // PAGE_SIZE)
            return
    raise AssertionError("the city never stood still")
