"""rental.md 5: bill periods from the begin date, totals in fen (the
worked example), /bill/getbills, getbill, setbills, oldbill (merge),
payment, paymenturl through the fake Alipay and the shared notify."""

import datetime
import json
import threading
import time

import pytest

from rental_money_util import (COSTS, Building, Lease, add_months, bills_of,
                               china_today, init, landlord, person, sign,
                               tenths, yuan)
# The fake Alipay's fixture and helpers (tests/e2e/test_alipay.py).
from test_alipay import (RETURN_URL, fake, open_cashier,  # noqa: F401
                         payment_row, url_params)

BILL_FIELDS = {"_id", "contractId", "roomId", "houseName", "startTime",
               "endTime", "rent", "clear", "net", "water", "electric",
               "beforeCost", "max", "toalCost", "status", "pay", "paidTime"}


@pytest.fixture
def lease(db):
    return Lease(db)


def total_fen(rent, clear, net, wprice, w0, w1, eprice, e0, e1, before=0):
    """The test's own total: prices in fen, readings in tenths, half up."""
    def use(p, a, b):
        return (p * (b - a) + 5) // 10
    return rent + clear + net + use(wprice, w0, w1) + use(eprice, e0, e1) + \
        before


def bill(who, bid):
    return who.ok("/bill/getbill", {"id": str(bid)})


def status(db, bid):
    return int(db.value("SELECT status FROM bills WHERE id = %d" % bid))


# -- the bill and the worked example ---------------------------------------------------

def test_first_bill_object(lease):
    b = bill(lease.owner, lease.bill)
    today = china_today()
    assert b == {
        "_id": str(lease.bill), "contractId": str(lease.cid),
        "roomId": str(lease.room["id"]), "houseName": lease.room["name"],
        "startTime": today.isoformat(),
        "endTime": add_months(today, 1).isoformat(),
        "rent": 1200, "clear": 50, "net": 30,
        "water": {"price": 5, "init": 100, "cur": None},
        "electric": {"price": 1.2, "init": 2000, "cur": None},
        "beforeCost": 0, "max": 0, "toalCost": None, "status": 0,
        "pay": None, "paidTime": None,
    }


def test_worked_example_1460_58(lease, db):
    assert total_fen(120000, 5000, 3000, 500, 1000, 1065, 120, 20000,
                     21234) == 146058
    r = lease.owner.call("/bill/setbills",
                         {"id": lease.bill, "curWater": 106.5,
                          "curElectric": "2123.4", "toalCost": 1460.57}, 202)
    assert r["meta"]["msg"] == "账单有误: 应为 1460.58", r
    assert status(db, lease.bill) == 0
    b = lease.set(toalCost="1460.58")
    assert b["toalCost"] == 1460.58 and b["status"] == 1
    assert b["water"] == {"price": 5, "init": 100, "cur": 106.5}
    assert b["electric"] == {"price": 1.2, "init": 2000, "cur": 2123.4}
    assert db.value("SELECT total_fen FROM bills WHERE id = %d"
                    % lease.bill) == "146058"
    # The answer's text has the decimals as written, not a float's.
    raw = lease.owner.raw("/bill/getbill", json={"id": lease.bill}).text
    assert '"toalCost":1460.58' in raw and '"cur":2123.4' in raw


def test_set_without_total_computes_it_and_may_be_set_again(lease, db):
    assert lease.set()["toalCost"] == 1460.58
    # Sent, not paid: new readings replace the old ones.
    b = lease.set(water=100, electric=2000)
    assert b["toalCost"] == 1280 and b["status"] == 1


@pytest.mark.parametrize("prices,readings", [
    ({"rent": 99999, "clear": 1, "net": 0, "water": 333, "electricity": 77},
     (1000, 1003, 20000, 20001)),
    ({"rent": 1, "clear": 0, "net": 0, "water": 1, "electricity": 1},
     (1000, 1005, 20000, 20004)),
    ({"rent": 250050, "clear": 9999, "net": 1234, "water": 789,
      "electricity": 165}, (1000, 1999, 20000, 99999)),
])
def test_totals_against_our_own_figures(db, prices, readings):
    lease = Lease(db, costs=prices)
    w0, w1, e0, e1 = readings
    want = total_fen(prices["rent"], prices["clear"], prices["net"],
                     prices["water"], w0, w1, prices["electricity"], e0, e1)
    b = lease.set(water=tenths(w1), electric=tenths(e1), toalCost=yuan(want))
    assert b["toalCost"] == yuan(want)


@pytest.mark.parametrize("body,param", [
    ({"curWater": 99.9}, "curWater"),
    ({"curElectric": 1999.9}, "curElectric"),
    ({"curWater": 101.25}, "curWater"),
    ({"curWater": None}, "curWater"),
    ({"curElectric": "x"}, "curElectric"),
    ({"toalCost": 1.234}, "toalCost"),
    ({"toalCost": -1}, "toalCost"),
    ({"id": "abc"}, "id"),
])
def test_set_refused(lease, db, body, param):
    req = {"id": lease.bill, "curWater": 106.5, "curElectric": 2123.4}
    for k, v in body.items():
        if v is None:
            req.pop(k)
        else:
            req[k] = v
    r = lease.owner.call("/bill/setbills", req, 202)
    assert r["meta"]["msg"].startswith(param), r
    assert status(db, lease.bill) == 0


# -- who sees and changes a bill ---------------------------------------------------------

def test_tenant_sees_but_does_not_change(lease, db):
    assert bill(lease.tenant, lease.bill)["_id"] == str(lease.bill)
    body = {"id": lease.bill, "curWater": 106.5, "curElectric": 2123.4}
    lease.tenant.call("/bill/setbills", body, 403)
    lease.set()
    for path in ("/bill/oldbill", "/bill/payment"):
        lease.tenant.call(path, {"id": lease.bill}, 403)
    assert status(db, lease.bill) == 1


def test_other_people_do_not_see_it(lease, db):
    lease.set()
    for who in (landlord(), person()):
        who.call("/bill/getbill", {"id": lease.bill}, 404)
        who.call("/bill/setbills", {"id": lease.bill, "curWater": 200,
                                    "curElectric": 3000}, 404)
        who.call("/bill/oldbill", {"id": lease.bill}, 404)
        who.call("/bill/payment", {"id": lease.bill}, 404)
        who.call("/bill/getbills", {"id": lease.building.id}, 404)
    lease.owner.call("/bill/getbill", {"id": 10 ** 12}, 404)
    assert status(db, lease.bill) == 1
    assert len(bills_of(db, lease.cid)) == 1


# -- getbills -----------------------------------------------------------------------------

def test_bills_of_a_building_newest_first_paged(db):
    lease = Lease(db)
    other = lease.building.rooms[1]
    cid2 = init(lease.owner, other)
    sign(person(), cid2)
    # Four bills: two periods of the first contract, one of the second...
    lease.set()
    nxt = lease.owner.ok("/bill/payment", {"id": lease.bill})
    second = int(db.value("SELECT id FROM bills WHERE contract_id = %d AND "
                          "period = 1" % lease.cid))
    assert nxt["status"] == 2
    ids = [second, lease.bill]
    r = lease.owner.call("/bill/getbills", {"id": lease.building.id}, 200)
    assert r["count"] == 3 and r["meta"]["msg"] == "查询成功"
    got = [b["_id"] for b in r["data"]]
    assert set(BILL_FIELDS) == set(r["data"][0])
    # Newest period first: period 1 of the first contract starts a month
    # later than both first bills.
    assert got[0] == str(ids[0]), got
    r = lease.owner.call("/bill/getbills", {"id": str(lease.building.id),
                                            "page": 2, "size": "2"}, 200)
    assert r["count"] == 3 and len(r["data"]) == 1
    r = lease.owner.call("/bill/getbills", {"id": lease.building.id,
                                            "page": 9}, 200)
    assert r["count"] == 3 and r["data"] == []
    # Another building of the same landlord has none.
    empty = Building(db, lease.owner, n=1)
    r = lease.owner.call("/bill/getbills", {"id": empty.id}, 200)
    assert r["count"] == 0 and r["data"] == []


@pytest.mark.parametrize("body,param", [
    ({"size": 0}, "size"), ({"size": 101}, "size"), ({"page": 0}, "page"),
    ({"page": "x"}, "page"), ({"id": None}, "id"),
])
def test_bills_refused(lease, body, param):
    req = dict({"id": lease.building.id}, **body)
    if body.get("id", 1) is None:
        req.pop("id")
    r = lease.owner.call("/bill/getbills", req, 202)
    assert r["meta"]["msg"].startswith(param), r


def test_bills_size_100(lease):
    r = lease.owner.call("/bill/getbills", {"id": lease.building.id,
                                            "size": 100}, 200)
    assert r["count"] == 1


# -- merge ---------------------------------------------------------------------------------

def test_merge_carries_the_debt_three_times_then_refused(lease, db):
    r = lease.owner.call("/bill/oldbill", {"id": lease.bill}, 202)
    assert r["meta"]["msg"].startswith("status"), r      # open, not sent
    cur = lease.bill
    carried = 0
    readings = [(106.5, 2123.4), (110, 2200), (120.5, 2250.1),
                (130, 2300)]
    w0, e0 = 1000, 20000
    for k, (w, e) in enumerate(readings):
        b = lease.set(cur, water=w, electric=e)
        w1, e1 = round(w * 10), round(e * 10)
        want = total_fen(120000, 5000, 3000, 500, w0, w1, 120, e0, e1,
                         carried)
        assert b["toalCost"] == yuan(want) and b["max"] == k
        if k == 3:
            r = lease.owner.call("/bill/oldbill", {"id": cur}, 202)
            assert r["meta"]["msg"].startswith("max"), r
            assert status(db, cur) == 1
            break
        r = lease.owner.call("/bill/oldbill", {"id": str(cur)}, 200)
        new = r["data"]
        assert status(db, cur) == 3
        assert new["beforeCost"] == yuan(want) and new["max"] == k + 1
        assert new["water"]["init"] == tenths(w1)
        assert new["electric"]["init"] == tenths(e1)
        assert new["status"] == 0 and new["toalCost"] is None
        # A merged bill is neither merged again nor paid.
        lease.owner.call("/bill/oldbill", {"id": cur}, 202)
        lease.owner.call("/bill/payment", {"id": cur}, 202)
        lease.owner.call("/bill/setbills", {"id": cur, "curWater": 500,
                                            "curElectric": 5000}, 202)
        cur, carried, w0, e0 = int(new["_id"]), want, w1, e1
    assert len(bills_of(db, lease.cid)) == 4
    # Settling the last resets the debt.
    paid = lease.owner.ok("/bill/payment", {"id": cur})
    assert paid["status"] == 2
    nxt = bills_of(db, lease.cid)[-1]
    assert nxt[1:7] == [4, 0, 0, 0, 1300, 23000]


# -- payment --------------------------------------------------------------------------------

def test_payment_by_the_landlord(lease, db):
    r = lease.owner.call("/bill/payment", {"id": lease.bill}, 202)
    assert r["meta"]["msg"].startswith("status"), r      # open, not sent
    lease.set()
    r = lease.owner.call("/bill/payment", {"id": lease.bill}, 200)
    b = r["data"]
    assert b["status"] == 2 and b["pay"] == 3 and b["toalCost"] == 1460.58
    assert len(b["paidTime"]) == 19
    # paidTime is China time.
    now = datetime.datetime.now(datetime.timezone.utc) + \
        datetime.timedelta(hours=8)
    paid = datetime.datetime.strptime(b["paidTime"], "%Y-%m-%d %H:%M:%S")
    assert abs((now.replace(tzinfo=None) - paid).total_seconds()) < 120
    rows = bills_of(db, lease.cid)
    today = china_today()
    assert [r[1:] for r in rows] == [
        [0, 2, 0, 0, 1000, 20000, today.isoformat(),
         add_months(today, 1).isoformat()],
        [1, 0, 0, 0, 1065, 21234, add_months(today, 1).isoformat(),
         add_months(today, 2).isoformat()]]
    r = lease.owner.call("/bill/payment", {"id": lease.bill, "pay": 1}, 202)
    assert r["meta"]["msg"] == "already paid", r
    assert len(bills_of(db, lease.cid)) == 2
    lease.owner.call("/bill/oldbill", {"id": lease.bill}, 202)
    lease.owner.call("/bill/setbills", {"id": lease.bill, "curWater": 200,
                                        "curElectric": 3000}, 202)


@pytest.mark.parametrize("pay", [0, 1, 2, "3"])
def test_payment_ways(db, pay):
    lease = Lease(db)
    lease.set()
    assert lease.owner.ok("/bill/payment", {"id": lease.bill,
                                            "pay": pay})["pay"] == int(pay)


@pytest.mark.parametrize("pay", [4, -1, "cash", 1.5])
def test_payment_way_refused(lease, db, pay):
    lease.set()
    r = lease.owner.call("/bill/payment", {"id": lease.bill, "pay": pay}, 202)
    assert r["meta"]["msg"].startswith("pay"), r
    assert status(db, lease.bill) == 1


def test_no_next_bill_after_the_contract_ended(lease, db):
    lease.set()
    db.run("UPDATE contracts SET state = 2, end_date = CURDATE() WHERE "
           "id = %d" % lease.cid)
    r = lease.owner.call("/bill/oldbill", {"id": lease.bill}, 202)
    assert r["meta"]["msg"].startswith("contract"), r
    assert lease.owner.ok("/bill/payment", {"id": lease.bill})["status"] == 2
    assert len(bills_of(db, lease.cid)) == 1


@pytest.mark.parametrize("begin,starts", [
    ("2028-01-31", ["2028-01-31", "2028-02-29", "2028-03-31", "2028-04-30",
                    "2028-05-31"]),
    ("2027-01-31", ["2027-01-31", "2027-02-28", "2027-03-31", "2027-04-30",
                    "2027-05-31"]),
])
def test_periods_from_the_begin_date(db, begin, starts):
    lease = Lease(db, begin=begin)
    cur = lease.bill
    for k in range(3):
        lease.set(cur, water=100 + k, electric=2000 + k)
        # Paying and merging both make the next period's bill.
        path = "/bill/payment" if k % 2 == 0 else "/bill/oldbill"
        lease.owner.ok(path, {"id": cur})
        cur = bills_of(db, lease.cid)[-1][0]
    rows = bills_of(db, lease.cid)
    assert [r[7] for r in rows] == starts[:4]
    assert [r[8] for r in rows] == starts[1:5]
    assert bill(lease.tenant, cur)["startTime"] == starts[3]


def race(calls):
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


def test_settle_and_merge_at_once_one_wins(db):
    lease = Lease(db)
    for _ in range(4):
        lease.set()
        paths = ["/bill/payment", "/bill/oldbill", "/bill/payment"]
        codes = race([lambda p=p: lease.owner.raw(
            p, json={"id": lease.bill}).status_code for p in paths])
        assert sorted(codes) == [200, 202, 202], codes
        assert status(db, lease.bill) in (2, 3)
        rows = bills_of(db, lease.cid)
        assert len(rows) == rows[-1][1] + 1     # one bill a period
        assert rows[-1][2] == 0
        lease.bill = rows[-1][0]


# -- online payment -------------------------------------------------------------------------

def pay_url(who, bid, **body):
    data = who.ok("/bill/paymenturl", dict({"id": str(bid)}, **body))
    assert set(data) == {"payment_url"}, data
    return data["payment_url"]


def wait_status(db, bid, want, timeout=15):
    deadline = time.monotonic() + timeout
    while True:
        got = status(db, bid)
        if got == want or time.monotonic() > deadline:
            assert got == want, (bid, got, want)
            return
        time.sleep(0.1)


def test_pay_a_bill_online(lease, fake, db, base):
    # Open: nothing to pay yet.
    r = lease.tenant.call("/bill/paymenturl", {"id": lease.bill}, 202)
    assert r["meta"]["msg"].startswith("status"), r
    lease.set()
    # The landlord does not pay online; strangers do not see it.
    lease.owner.call("/bill/paymenturl", {"id": lease.bill}, 403)
    person().call("/bill/paymenturl", {"id": lease.bill}, 404)
    landlord().call("/bill/paymenturl", {"id": lease.bill}, 404)
    url = pay_url(lease.tenant, lease.bill, return_url=RETURN_URL)
    p = url_params(url)
    assert p["method"] == "alipay.trade.wap.pay"
    assert p["notify_url"] == base.rstrip("/") + "/payment/ali/notify"
    assert p["return_url"] == RETURN_URL
    biz = json.loads(p["biz_content"])
    assert biz["total_amount"] == "1460.58" and biz["subject"] == "房租账单"
    out = biz["out_trade_no"]
    assert db.rows("SELECT bill_id, preorder_id IS NULL, booking_id IS NULL, "
                   "amount_fen, user_id FROM payments WHERE out_trade_no = "
                   "'%s'" % out) == \
        [[str(lease.bill), "1", "1", "146058", str(lease.tenant.id)]]
    # The same payable trade again.
    again = json.loads(url_params(pay_url(lease.tenant, lease.bill))
                       ["biz_content"])
    assert again["out_trade_no"] == out

    assert open_cashier(fake, url) == out
    res = fake.post("/__fake__/pay", {"out_trade_no": out})
    assert res["notify"]["body"] == "success", res
    wait_status(db, lease.bill, 2)
    b = bill(lease.tenant, lease.bill)
    assert b["pay"] == 2 and b["paidTime"]
    assert payment_row(db, out) == [["1", "146058", "TRADE_SUCCESS", "1"]]
    rows = bills_of(db, lease.cid)
    assert len(rows) == 2 and rows[1][1:7] == [1, 0, 0, 0, 1065, 21234]

    # A replayed notify changes nothing.
    trade = fake.get("/__fake__/trades", out_trade_no=out)[0]
    nid = trade["notifies"][-1]["notify_id"]
    assert fake.post("/__fake__/notify", {"replay": nid})["body"] == "success"
    assert bills_of(db, lease.cid) == rows
    assert payment_row(db, out) == [["1", "146058", "TRADE_SUCCESS", "1"]]
    # Paid: no second payment.
    r = lease.tenant.call("/bill/paymenturl", {"id": lease.bill}, 202)
    assert r["meta"]["msg"] == "already paid", r
    lease.owner.call("/bill/payment", {"id": lease.bill}, 202)
    assert len(bills_of(db, lease.cid)) == 2


def test_online_payment_of_a_bill_paid_meanwhile_is_kept_for_refund(
        lease, fake, db):
    lease.set()
    out = open_cashier(fake, pay_url(lease.tenant, lease.bill))
    lease.owner.ok("/bill/payment", {"id": lease.bill, "pay": 3})
    res = fake.post("/__fake__/pay", {"out_trade_no": out})
    assert res["notify"]["body"] == "success", res
    time.sleep(0.5)
    assert payment_row(db, out)[0][0] == "2"      # kept, to refund
    b = bill(lease.owner, lease.bill)
    assert b["status"] == 2 and b["pay"] == 3
    assert len(bills_of(db, lease.cid)) == 2


def test_online_payment_of_changed_readings_is_kept_for_refund(lease, fake,
                                                               db):
    lease.set()
    out = open_cashier(fake, pay_url(lease.tenant, lease.bill))
    lease.set(water=107)                 # a new total: the old trade is stale
    res = fake.post("/__fake__/pay", {"out_trade_no": out})
    assert res["notify"]["body"] == "success", res
    time.sleep(0.5)
    assert payment_row(db, out)[0][0] == "2"
    assert status(db, lease.bill) == 1
    # The new total gets a new trade.
    url = pay_url(lease.tenant, lease.bill)
    biz = json.loads(url_params(url)["biz_content"])
    assert biz["out_trade_no"] != out
    want = total_fen(120000, 5000, 3000, 500, 1000, 1070, 120, 20000, 21234)
    assert biz["total_amount"] == "%d.%02d" % divmod(want, 100)


@pytest.mark.parametrize("url", ["https://evil.example/x",
                                 "javascript:alert(1)",
                                 "https://m.zufang.example@evil.example/"])
def test_pay_url_return_host_refused(lease, db, url):
    lease.set()
    r = lease.tenant.call("/bill/paymenturl", {"id": lease.bill,
                                               "return_url": url}, 202)
    assert r["meta"]["msg"].startswith("return_url"), r
    assert db.value("SELECT COUNT(*) FROM payments WHERE bill_id = %d"
                    % lease.bill) == "0"


def test_costs_fixture_is_the_worked_example():
    assert COSTS == {"clear": 5000, "rent": 120000, "net": 3000,
                     "electricity": 120, "water": 500}
