"""ihome.md 7 (bookings: POST orders, GET orders, PUT orders accept /
reject / cancel, holds that lapse, POST orders/{id}/payment through the
fake Alipay and the shared /payment/ali/notify, PUT orders/comment), with
5 (order_count and the comments of GET houses/{id}).

Counties used here: 110105 and 110108 (110119 belongs to
test_ihome_search.py alone)."""

import json
import re
import threading
import time

import pytest

from conftest import Api, need_env
from ihome_client import IHome
from ihome_people import (PAGE_SIZE, act, add_image, book, booking,
                          china_today, d, detail, masked, order_in, orders,
                          person, publish, status_of, verified_person)
# The fake Alipay's fixture and helpers (tests/e2e/test_alipay.py).
from test_alipay import (APP_ID, RETURN_URL, fake, open_cashier,  # noqa: F401
                         payment_row, url_params)

TIME_RE = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$")
ORDER_FIELDS = {"order_id", "house_id", "title", "img_url", "start_date",
                "end_date", "ctime", "days", "amount", "status", "comment"}


class Stay:
    """A landlord, one of their houses (300.00 a night, one image) and a
    guest."""

    def __init__(self, base, **house):
        self.landlord = verified_person(base)
        house.setdefault("area_id", 110105)
        house.setdefault("title", "朝阳短租")
        self.hid = publish(self.landlord.ih, **house)
        self.img = add_image(self.landlord.ih, self.hid)
        self.guest = person(base)


@pytest.fixture
def stay(base):
    return Stay(base)


@pytest.fixture(scope="module")
def shared_stay(base):
    """For refusal tables that must create nothing."""
    return Stay(base, area_id=110108)


def bookings_of(db, hid):
    return int(db.value("SELECT COUNT(*) FROM bookings WHERE house_id = %d"
                        % hid))


def live_bookings_of(db, hid):
    return int(db.value(
        "SELECT COUNT(*) FROM bookings WHERE house_id = %d AND status IN "
        "('WAIT_ACCEPT', 'WAIT_PAYMENT', 'WAIT_COMMENT', 'COMPLETE')" % hid))


def lapse(db, oid):
    db.run("UPDATE bookings SET hold_until = UTC_TIMESTAMP() - INTERVAL 1 "
           "SECOND WHERE id = %d" % oid)


def pay_url(ih, oid, **body):
    data = ih.ok("POST", "orders/%d/payment" % oid, json=body)
    assert set(data) == {"pay_url"}, data
    return data["pay_url"]


def wait_status(ih, role, oid, want, timeout=15):
    """Poll the order list until oid shows status want (the notify is
    delivered by the fake from another process)."""
    deadline = time.monotonic() + timeout
    while True:
        got = status_of(ih, role, oid)
        if got == want or time.monotonic() > deadline:
            assert got == want, (oid, got, want)
            return
        time.sleep(0.1)


def accepted(stay, start=3, end=5):
    oid = booking(stay.guest.ih, stay.hid, d(start), d(end))
    assert act(stay.landlord.ih, oid, "accept")["errno"] == "0"
    return oid


def paid(stay, fake, start=3, end=5):
    """A booking through acceptance and payment -> (oid, out_trade_no)."""
    oid = accepted(stay, start, end)
    out = open_cashier(fake, pay_url(stay.guest.ih, oid))
    res = fake.post("/__fake__/pay", {"out_trade_no": out})
    assert res["notify"]["body"] == "success", res
    wait_status(stay.guest.ih, "custom", oid, "WAIT_COMMENT")
    return oid, out


# -- booking: parameters and rules --------------------------------------------------------

BAD = [
    ({"start_date": d(-1), "end_date": d(1)}, ("start_date",)),
    ({"start_date": d(5), "end_date": d(5)}, ("start_date", "end_date")),
    ({"start_date": d(6), "end_date": d(5)}, ("start_date", "end_date")),
    ({"start_date": d(1), "end_date": d(367)}, ("start_date", "end_date")),
    ({"start_date": "2026-02-30", "end_date": d(3)}, ("start_date",)),
    ({"start_date": d(1), "end_date": "2031-02-29"}, ("end_date",)),
    ({"start_date": "2030/01/05", "end_date": d(3)}, ("start_date",)),
    ({"start_date": None}, ("start_date",)),
    ({"end_date": None}, ("end_date",)),
    ({"house_id": None}, ("house_id",)),
    ({"house_id": "abc"}, ("house_id",)),
    ({"house_id": 0}, ("house_id",)),
]


@pytest.mark.parametrize("over,names", BAD, ids=[
    ",".join("%s=%s" % kv for kv in o.items()) for o, _ in BAD])
def test_booking_refused(shared_stay, db, over, names):
    s = shared_stay
    body = {"house_id": s.hid, "start_date": d(1), "end_date": d(3)}
    body.update(over)
    body = {k: v for k, v in body.items() if v is not None}
    before = bookings_of(db, s.hid)
    r = s.guest.ih.call("POST", "orders", json=body)
    assert r["errno"] == "4103", r
    assert any(n in r["errmsg"] for n in names), r
    assert bookings_of(db, s.hid) == before


def test_booking_today_and_365_nights(base, db):
    s = Stay(base, area_id=110108)
    a = booking(s.guest.ih, s.hid, d(0), d(1))
    b = booking(s.guest.ih, s.hid, d(1), d(366))
    o = order_in(s.guest.ih, "custom", b)
    assert o["days"] == 365 and o["amount"] == 365 * 30000
    assert order_in(s.guest.ih, "custom", a)["days"] == 1


def test_nights_within_min_and_max_days(base, db):
    s = Stay(base, min_days=2, max_days=3)
    r = book(s.guest.ih, s.hid, d(1), d(2))
    assert r["errno"] == "4103" and "min_days" in r["errmsg"], r
    r = book(s.guest.ih, s.hid, d(1), d(5))
    assert r["errno"] == "4103" and "max_days" in r["errmsg"], r
    assert bookings_of(db, s.hid) == 0
    booking(s.guest.ih, s.hid, d(1), d(3))      # 2 nights
    booking(s.guest.ih, s.hid, d(10), d(13))    # 3 nights


def test_unknown_house(base):
    g = person(base)
    r = book(g.ih, 999999999, d(1), d(2))
    assert r["errno"] == "4002", r


def test_qsz_listing_is_not_bookable(base, db):
    g = person(base)
    qid = Api(base).ok("/house_create", token=g.token,
                       data={"description_title": "整租"})["house_id"]
    other = person(base)
    r = book(other.ih, qid, d(1), d(2))
    assert r["errno"] == "4002", r
    assert bookings_of(db, qid) == 0


def test_own_house_refused(stay, db):
    r = book(stay.landlord.ih, stay.hid, d(1), d(2))
    assert r["errno"] == "4105", r
    assert bookings_of(db, stay.hid) == 0


def test_overlap_refused_back_to_back_allowed(stay, base, db):
    g = stay.guest.ih
    booking(g, stay.hid, d(10), d(13))
    other = person(base)
    for s, e in ((10, 13), (9, 11), (12, 14), (11, 12), (8, 20)):
        r = book(other.ih, stay.hid, d(s), d(e))
        assert r["errno"] == "4004", (s, e, r)
        assert r["errmsg"] == "房屋已被预订", r
    assert bookings_of(db, stay.hid) == 1
    # The check-out day is free for the next check-in, both ways.
    booking(other.ih, stay.hid, d(13), d(15))
    booking(other.ih, stay.hid, d(8), d(10))
    assert bookings_of(db, stay.hid) == 3


def test_concurrent_overlapping_bookings_one_wins(stay, db):
    n = 8
    clients = [stay.guest.clone() for _ in range(n)]
    for c in clients:
        c.csrf()
    barrier = threading.Barrier(n)
    results = [None] * n

    def run(i):
        try:
            barrier.wait(timeout=60)
            # All overlap on the night of day 30.
            results[i] = book(clients[i], stay.hid, d(30 - i % 3),
                              d(31 + i % 4))
        except Exception as ex:  # reported below, not lost in the thread
            results[i] = {"errno": "exception", "error": repr(ex)}

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    errnos = [r["errno"] for r in results]
    assert errnos.count("0") == 1, results
    assert sorted(errnos) == ["0"] + ["4004"] * (n - 1), results
    assert bookings_of(db, stay.hid) == 1


# -- the lists ------------------------------------------------------------------------------

def test_lists_by_role(stay):
    before = china_today().isoformat()
    oid = booking(stay.guest.ih, stay.hid, d(3), d(5))
    mine = orders(stay.guest.ih, "custom")
    assert mine["total_page"] == 1 and len(mine["orders"]) == 1
    o = mine["orders"][0]
    assert set(o) == ORDER_FIELDS, o
    assert o["order_id"] == oid and o["house_id"] == stay.hid
    assert o["title"] == "朝阳短租" and o["img_url"] == stay.img
    assert o["start_date"] == d(3) and o["end_date"] == d(5)
    assert TIME_RE.match(o["ctime"]), o
    assert o["ctime"][:10] in (before, china_today().isoformat())
    assert o["days"] == 2 and o["amount"] == 60000
    assert o["status"] == "WAIT_ACCEPT" and o["comment"] == ""
    theirs = orders(stay.landlord.ih, "landlord")
    assert theirs == mine
    # Each sees nothing in the other role.
    assert orders(stay.guest.ih, "landlord") == {"orders": [],
                                                 "total_page": 0}
    assert orders(stay.landlord.ih, "custom") == {"orders": [],
                                                  "total_page": 0}


def test_amount_uses_the_nightly_price(base):
    s = Stay(base, price="123.45")
    oid = booking(s.guest.ih, s.hid, d(2), d(5))
    o = order_in(s.guest.ih, "custom", oid)
    assert o["days"] == 3 and o["amount"] == 3 * 12345


def test_lists_newest_first_and_paged(stay):
    g = stay.guest.ih
    ids = [booking(g, stay.hid, d(2 * i + 1), d(2 * i + 2))
           for i in range(PAGE_SIZE + 1)]
    one = orders(g, "custom")
    two = orders(g, "custom", 2)
    assert one["total_page"] == two["total_page"] == 2
    got = [o["order_id"] for o in one["orders"] + two["orders"]]
    assert got == sorted(ids, reverse=True)
    assert len(one["orders"]) == PAGE_SIZE and len(two["orders"]) == 1
    assert orders(g, "custom", 3) == {"orders": [], "total_page": 2}
    land = orders(stay.landlord.ih, "landlord", 2)
    assert [o["order_id"] for o in land["orders"]] == [min(ids)]


@pytest.mark.parametrize("params,name", [
    ({}, "role"), ({"role": "admin"}, "role"), ({"role": "CUSTOM"}, "role"),
    ({"role": "custom", "p": "0"}, "p"), ({"role": "custom", "p": "x"}, "p"),
    ({"role": "custom", "p": "10001"}, "p"),
])
def test_list_refused(base, params, name):
    g = person(base)
    body = g.ih.call("GET", "orders", params=params)
    assert body["errno"] == "4103" and name in body["errmsg"], body


# -- accept, reject, cancel -------------------------------------------------------------

def test_accept_by_owner_only(stay, base):
    oid = booking(stay.guest.ih, stay.hid, d(3), d(5))
    assert act(stay.guest.ih, oid, "accept")["errno"] == "4105"
    assert act(stay.guest.ih, oid, "reject", "不要")["errno"] == "4105"
    stranger = person(base)
    assert act(stranger.ih, oid, "accept")["errno"] in ("4002", "4105")
    assert status_of(stay.guest.ih, "custom", oid) == "WAIT_ACCEPT"
    assert act(stay.landlord.ih, oid, "accept")["errno"] == "0"
    assert status_of(stay.guest.ih, "custom", oid) == "WAIT_PAYMENT"
    assert status_of(stay.landlord.ih, "landlord", oid) == "WAIT_PAYMENT"


def test_reject_needs_a_reason_shown_as_comment(stay):
    oid = booking(stay.guest.ih, stay.hid, d(3), d(5))
    for reason in (None, "", "理" * 501):
        body = act(stay.landlord.ih, oid, "reject", reason)
        assert body["errno"] == "4103" and "reason" in body["errmsg"], body
    assert status_of(stay.guest.ih, "custom", oid) == "WAIT_ACCEPT"
    assert act(stay.landlord.ih, oid, "reject", "装修中")["errno"] == "0"
    for ih, role in ((stay.guest.ih, "custom"),
                     (stay.landlord.ih, "landlord")):
        o = order_in(ih, role, oid)
        assert o["status"] == "REJECTED" and o["comment"] == "装修中", o


def test_rejected_dates_are_free(stay, base):
    oid = booking(stay.guest.ih, stay.hid, d(3), d(5))
    assert act(stay.landlord.ih, oid, "reject", "不便")["errno"] == "0"
    booking(person(base).ih, stay.hid, d(3), d(5))


def test_cancel_by_guest_only(stay, base):
    oid = booking(stay.guest.ih, stay.hid, d(3), d(5))
    assert act(stay.landlord.ih, oid, "cancel")["errno"] == "4105"
    assert status_of(stay.guest.ih, "custom", oid) == "WAIT_ACCEPT"
    assert act(stay.guest.ih, oid, "cancel")["errno"] == "0"
    assert status_of(stay.guest.ih, "custom", oid) == "CANCELED"
    assert order_in(stay.guest.ih, "custom", oid)["comment"] == ""
    # Its nights are free again.
    booking(person(base).ih, stay.hid, d(3), d(5))


def test_cancel_while_waiting_for_payment(stay, base):
    oid = accepted(stay)
    assert act(stay.guest.ih, oid, "cancel")["errno"] == "0"
    assert status_of(stay.landlord.ih, "landlord", oid) == "CANCELED"
    booking(person(base).ih, stay.hid, d(3), d(5))


def test_illegal_transitions(stay):
    g, o = stay.guest.ih, stay.landlord.ih
    a = accepted(stay, 1, 2)
    assert act(o, a, "accept")["errno"] == "4004"             # twice
    assert act(o, a, "reject", "晚了")["errno"] == "4004"      # after accept
    assert status_of(g, "custom", a) == "WAIT_PAYMENT"
    r = booking(g, stay.hid, d(3), d(4))
    assert act(o, r, "reject", "不便")["errno"] == "0"
    assert act(g, r, "cancel")["errno"] == "4004"             # rejected
    assert act(o, r, "accept")["errno"] == "4004"
    assert status_of(g, "custom", r) == "REJECTED"
    c = booking(g, stay.hid, d(5), d(6))
    assert act(g, c, "cancel")["errno"] == "0"
    assert act(g, c, "cancel")["errno"] == "4004"             # twice
    assert act(o, c, "accept")["errno"] == "4004"
    assert status_of(g, "custom", c) == "CANCELED"


def test_unknown_order_and_bad_action(stay):
    assert act(stay.landlord.ih, 999999999, "accept")["errno"] == "4002"
    assert act(stay.guest.ih, 999999999, "cancel")["errno"] == "4002"
    oid = booking(stay.guest.ih, stay.hid, d(3), d(5))
    for action in ("approve", "", "ACCEPT"):
        body = act(stay.landlord.ih, oid, action)
        assert body["errno"] == "4103" and "action" in body["errmsg"], body
    body = stay.landlord.ih.call("PUT", "orders", json={"action": "accept"})
    assert body["errno"] == "4103" and "order_id" in body["errmsg"], body
    assert status_of(stay.guest.ih, "custom", oid) == "WAIT_ACCEPT"


def test_lapsed_wait_accept_is_canceled_and_free(stay, base, db):
    oid = booking(stay.guest.ih, stay.hid, d(3), d(5))
    lapse(db, oid)
    assert status_of(stay.guest.ih, "custom", oid) == "CANCELED"
    assert status_of(stay.landlord.ih, "landlord", oid) == "CANCELED"
    assert act(stay.landlord.ih, oid, "accept")["errno"] == "4004"
    booking(person(base).ih, stay.hid, d(3), d(5))


def test_lapsed_wait_payment_is_canceled_and_free(stay, base, db):
    oid = accepted(stay)
    lapse(db, oid)
    assert status_of(stay.guest.ih, "custom", oid) == "CANCELED"
    body = stay.guest.ih.call("POST", "orders/%d/payment" % oid,
                              json={"return_url": RETURN_URL})
    assert body["errno"] == "4004", body
    booking(person(base).ih, stay.hid, d(3), d(5))


# -- payment ------------------------------------------------------------------------------

def payment_count(db, oid):
    return int(db.value("SELECT COUNT(*) FROM payments WHERE booking_id = %d"
                        % oid))


def test_payment_guest_only_and_state(stay, base, db):
    oid = booking(stay.guest.ih, stay.hid, d(3), d(5))
    body = stay.guest.ih.call("POST", "orders/%d/payment" % oid, json={})
    assert body["errno"] == "4004", body                    # WAIT_ACCEPT
    assert act(stay.landlord.ih, oid, "accept")["errno"] == "0"
    body = stay.landlord.ih.call("POST", "orders/%d/payment" % oid,
                                 json={"return_url": RETURN_URL})
    assert body["errno"] == "4105", body
    # A stranger: not the guest (4105), or not even visible (4002).
    body = person(base).ih.call("POST", "orders/%d/payment" % oid,
                                json={"return_url": RETURN_URL})
    assert body["errno"] in ("4105", "4002"), body
    body = stay.guest.ih.call("POST", "orders/999999999/payment", json={})
    assert body["errno"] == "4002", body
    assert payment_count(db, oid) == 0


@pytest.mark.parametrize("url", [
    "https://evil.example/paid",
    "https://m.zufang.example.evil.example/",
    "https://m.zufang.example@evil.example/",
    "javascript:alert(1)//m.zufang.example/",
    "ftp://m.zufang.example/",
])
def test_payment_return_url_host(stay, db, url):
    oid = accepted(stay)
    body = stay.guest.ih.call("POST", "orders/%d/payment" % oid,
                              json={"return_url": url})
    assert body["errno"] == "4103" and "return_url" in body["errmsg"], body
    assert payment_count(db, oid) == 0


def test_payment_needs_a_minute_of_hold(stay, db):
    oid = accepted(stay)
    db.run("UPDATE bookings SET hold_until = UTC_TIMESTAMP() + INTERVAL 20 "
           "SECOND WHERE id = %d" % oid)
    body = stay.guest.ih.call("POST", "orders/%d/payment" % oid, json={})
    assert body["errno"] == "4004", body
    assert payment_count(db, oid) == 0


def test_pay_a_booking(stay, fake, db, base):
    oid = accepted(stay, 3, 5)           # 2 nights at 300.00
    url = pay_url(stay.guest.ih, oid, return_url=RETURN_URL)
    gateway = need_env("ZUFANG_TEST_ALIPAY") + "/gateway.do"
    assert url.startswith(gateway + "?"), url
    p = url_params(url)
    assert p["method"] == "alipay.trade.wap.pay" and p["app_id"] == APP_ID
    assert p["sign_type"] == "RSA2" and p["sign"]
    assert p["notify_url"] == base.rstrip("/") + "/payment/ali/notify"
    assert p["return_url"] == RETURN_URL
    biz = json.loads(p["biz_content"])
    assert biz["total_amount"] == "600.00" and biz["subject"] == "房屋预订"
    assert biz["product_code"] == "QUICK_WAP_WAY"
    assert biz["timeout_express"] == "30m"
    assert biz["quit_url"] == RETURN_URL
    out = biz["out_trade_no"]
    assert out != str(oid) and re.match(r"^[A-Za-z0-9_]{1,64}$", out)
    assert db.rows("SELECT booking_id, preorder_id IS NULL, amount_fen FROM "
                   "payments WHERE out_trade_no = '%s'" % out) == \
        [[str(oid), "1", "60000"]]
    assert payment_row(db, out)[0][0] == "0"

    # The cashier accepts our signature; paying sends the signed notify.
    assert open_cashier(fake, url) == out
    res = fake.post("/__fake__/pay", {"out_trade_no": out})
    assert res["notify"]["acked"] is True, res
    wait_status(stay.guest.ih, "custom", oid, "WAIT_COMMENT")
    assert status_of(stay.landlord.ih, "landlord", oid) == "WAIT_COMMENT"
    assert payment_row(db, out) == [["1", "60000", "TRADE_SUCCESS", "1"]]
    # Still blocking its nights.
    assert book(person(base).ih, stay.hid, d(3), d(5))["errno"] == "4004"

    # A replayed notify changes nothing and is still acknowledged.
    trade = fake.get("/__fake__/trades", out_trade_no=out)[0]
    nid = trade["notifies"][-1]["notify_id"]
    again = fake.post("/__fake__/notify", {"replay": nid})
    assert again["body"] == "success", again
    assert status_of(stay.guest.ih, "custom", oid) == "WAIT_COMMENT"
    assert payment_row(db, out) == [["1", "60000", "TRADE_SUCCESS", "1"]]
    assert payment_count(db, oid) == 1
    # Paid: no second payment.
    body = stay.guest.ih.call("POST", "orders/%d/payment" % oid, json={})
    assert body["errno"] == "4004", body


def test_pay_url_without_return_url(stay, fake):
    oid = accepted(stay)
    url = pay_url(stay.guest.ih, oid)
    assert "return_url" not in url_params(url)
    assert open_cashier(fake, url)


def test_notify_after_cancel_leaves_the_booking(stay, fake, db):
    oid = accepted(stay)
    out = open_cashier(fake, pay_url(stay.guest.ih, oid))
    assert act(stay.guest.ih, oid, "cancel")["errno"] == "0"
    res = fake.post("/__fake__/pay", {"out_trade_no": out})
    assert res["notify"]["body"] == "success", res
    assert status_of(stay.guest.ih, "custom", oid) == "CANCELED"
    assert payment_row(db, out)[0][0] == "2"   # kept for a refund


# -- comment ------------------------------------------------------------------------------

def comment(ih, oid, text):
    return ih.call("PUT", "orders/comment",
                   json={"order_id": oid, "comment": text})


def test_comment_only_from_wait_comment(stay):
    oid = booking(stay.guest.ih, stay.hid, d(3), d(5))
    assert comment(stay.guest.ih, oid, "好")["errno"] == "4004"
    assert act(stay.landlord.ih, oid, "accept")["errno"] == "0"
    assert comment(stay.guest.ih, oid, "好")["errno"] == "4004"
    assert comment(stay.guest.ih, 999999999, "好")["errno"] == "4002"
    assert status_of(stay.guest.ih, "custom", oid) == "WAIT_PAYMENT"


def test_comment_completes_the_booking(stay, fake, db, base):
    oid, _ = paid(stay, fake)
    g, o = stay.guest.ih, stay.landlord.ih
    assert comment(o, oid, "房东自评")["errno"] == "4105"
    for bad in ("", "评" * 1001):
        body = comment(g, oid, bad)
        assert body["errno"] == "4103" and "comment" in body["errmsg"], body
    body = g.call("PUT", "orders/comment", json={"order_id": oid})
    assert body["errno"] == "4103" and "comment" in body["errmsg"], body
    assert status_of(g, "custom", oid) == "WAIT_COMMENT"
    before = china_today().isoformat()
    assert comment(g, oid, "干净整洁,推荐!")["errno"] == "0"
    for ih, role in ((g, "custom"), (o, "landlord")):
        got = order_in(ih, role, oid)
        assert got["status"] == "COMPLETE", got
        assert got["comment"] == "干净整洁,推荐!", got
    assert db.value("SELECT order_count FROM houses WHERE id = %d"
                    % stay.hid) == "1"
    assert o.ok("GET", "user/houses")["houses"][0]["order_count"] == 1
    h = detail(IHome(base), stay.hid)["house"]
    assert len(h["comments"]) == 1, h["comments"]
    c = h["comments"][0]
    assert set(c) == {"comment", "ctime", "user_name"}, c
    assert c["comment"] == "干净整洁,推荐!"
    assert TIME_RE.match(c["ctime"]), c
    assert c["ctime"][:10] in (before, china_today().isoformat())
    assert c["user_name"] == masked(stay.guest.mobile)
    # Once only.
    assert comment(g, oid, "再评")["errno"] == "4004"
    assert db.value("SELECT order_count FROM houses WHERE id = %d"
                    % stay.hid) == "1"
    # A completed stay still blocks its nights.
    assert book(person(base).ih, stay.hid, d(3), d(5))["errno"] == "4004"


def test_comments_newest_first(stay, fake, base, db):
    stay.guest.ih.ok("POST", "user/name", json={"name": "老住客"})
    first, _ = paid(stay, fake, 3, 5)
    second, _ = paid(stay, fake, 6, 8)
    assert comment(stay.guest.ih, first, "第一次")["errno"] == "0"
    # A minute older, so "newest" does not hinge on the same second; the
    # second comment (an API write) comes after this SQL.
    db.run("UPDATE bookings SET reviewed_at = reviewed_at - INTERVAL 1 "
           "MINUTE WHERE id = %d" % first)
    assert comment(stay.guest.ih, second, "第二次")["errno"] == "0"
    h = detail(IHome(base), stay.hid)["house"]
    assert [c["comment"] for c in h["comments"]] == ["第二次", "第一次"]
    assert {c["user_name"] for c in h["comments"]} == {"老住客"}
