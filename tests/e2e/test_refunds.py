"""Refunds and reconciliation (issue 13, 2), end to end: zufang-admin
refund ... and reconcile through the service's real Alipay client against
the fake Alipay of tests/fakes/alipay.py, which verifies our signatures,
signs its answers and keeps refunds idempotent by out_request_no.

A payment to refund is made the way it happens: a viewing request's trade
opened at the cashier, the request cancelled, then paid at Alipay (the
notify keeps it as payment state 2)."""

import json
import os
import re
import subprocess
import urllib.parse

import pytest
import requests

from conftest import need_env

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
ADMIN = os.path.join(REPO, "build", "zufang-admin")
REFUND = "alipay.trade.refund"
QUERY = "alipay.trade.fastpay.refund.query"
RELEASABLE = {"longitude": "116.397", "latitude": "39.909",
              "house_rent": "2000", "house_size": "50",
              "description_title": "整租一居"}


class Fake:
    def __init__(self, base):
        self.base = base.rstrip("/")

    def get(self, path, **params):
        r = requests.get(self.base + path, params=params, timeout=30)
        r.raise_for_status()
        return r.json()

    def post(self, path, body):
        r = requests.post(self.base + path, json=body, timeout=60)
        r.raise_for_status()
        return r.json()

    def refunds(self, out_trade_no):
        return self.get("/__fake__/refunds", out_trade_no=out_trade_no)

    def calls(self, method, out_trade_no):
        return [c for c in self.get("/__fake__/calls", method=method)
                if json.loads(c["params"].get("biz_content", "{}"))
                .get("out_trade_no") == out_trade_no]

    def script(self, **entry):
        self.post("/__fake__/script", entry)


@pytest.fixture(scope="module")
def fake():
    return Fake(need_env("ZUFANG_TEST_ALIPAY"))


def admin(*args):
    return subprocess.run([ADMIN] + list(args), capture_output=True,
                          text=True, timeout=120)


def open_trade(api, make_user):
    """(renter, pre_order_id, out_trade_no) of a viewing request whose
    trade was opened at the fake's cashier (10.00 yuan)."""
    owner, renter = make_user(), make_user()
    hid = api.ok("/house_create", token=owner.token,
                 data=RELEASABLE)["house_id"]
    api.ok("/house_release", token=owner.token, data={"house_id": hid})
    pid = api.ok("/order/create_preorder", token=renter.token,
                 data={"owner_id": owner.id, "house_id": hid})
    url = api.ok("/order/get_preorder_paymenturl", token=renter.token,
                 data={"pre_order_id": pid,
                       "return_url": "https://m.zufang.example/paid"}
                 )["payment_url"]
    r = requests.get(url, timeout=30)
    assert r.status_code == 200 and 'id="pay"' in r.text, r.text
    q = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(url).query))
    return renter, pid, json.loads(q["biz_content"])["out_trade_no"]


@pytest.fixture
def to_refund(api, fake, make_user, db):
    """(payment id, out_trade_no) of a payment kept as state 2."""
    renter, pid, out = open_trade(api, make_user)
    api.ok("/order/cancel_preorder", token=renter.token,
           data={"pre_order_id": pid})
    paid = fake.post("/__fake__/pay", {"out_trade_no": out})
    assert paid["notify"]["body"] == "success", paid
    row = db.rows("SELECT id, state, amount_fen FROM payments "
                  "WHERE out_trade_no = '%s'" % out)
    assert row[0][1:] == ["2", "1000"], row
    return int(row[0][0]), out


def refunds_of(db, payment):
    return db.rows("SELECT out_request_no, amount_fen, state, attempts "
                   "FROM refunds WHERE payment_id = %d ORDER BY id" % payment)


def made(fake, out):
    """The refunds the fake made for trade out: [(request, amount)]."""
    return sorted((r["out_request_no"], r["refund_amount"])
                  for r in fake.refunds(out))


def test_refund_once(fake, db, to_refund):
    pay, out = to_refund
    lst = admin("refund", "list")
    assert lst.returncode == 0, lst.stderr
    line = [x for x in lst.stdout.splitlines()
            if x.split("\t")[0] == str(pay)]
    assert line and line[0].split("\t")[1:4] == [out, "10.00",
                                                 "refunded 0.00"], lst.stdout

    r = admin("refund", str(pay))
    assert r.returncode == 0, r.stderr
    m = re.match(r"refund (\S+): payment %d, 10\.00 yuan: refunded$" % pay,
                 r.stdout.strip())
    assert m, r.stdout
    req = m.group(1)
    assert refunds_of(db, pay) == [[req, "1000", "1", "1"]]
    # the command line's refunds have no administrator account
    assert db.value("SELECT admin_id FROM refunds WHERE payment_id = %d"
                    % pay) in ("NULL", None)
    assert made(fake, out) == [(req, "10.00")]
    # The fake checked our signature and the trade is closed now.
    calls = fake.calls(REFUND, out)
    assert len(calls) == 1 and calls[0]["signature_ok"] is True, calls
    biz = json.loads(calls[0]["params"]["biz_content"])
    assert biz == {"out_trade_no": out, "refund_amount": "10.00",
                   "out_request_no": req}, biz
    assert fake.get("/__fake__/trades", out_trade_no=out)[0][
        "trade_status"] == "TRADE_CLOSED"

    # Nothing left: refused here, before Alipay is asked.
    again = admin("refund", str(pay))
    assert again.returncode == 1
    assert "over what was paid: 0.00 yuan left" in again.stderr, again.stderr
    assert len(fake.calls(REFUND, out)) == 1
    assert made(fake, out) == [(req, "10.00")]
    assert str(pay) not in [x.split("\t")[0] for x in
                            admin("refund", "list").stdout.splitlines()]
    q = admin("refund", "query", req)
    assert q.returncode == 0, q.stderr
    assert q.stdout.startswith("refund %s: payment %d, 10.00 yuan: refunded"
                               % (req, pay)), q.stdout


def test_partial_refunds_up_to_the_total(fake, db, to_refund):
    pay, out = to_refund
    r = admin("refund", str(pay), "--amount", "3", "--reason", "重复支付")
    assert r.returncode == 0, r.stderr
    over = admin("refund", str(pay), "--amount", "7.01")
    assert over.returncode == 1
    assert "7.00 yuan left to refund, asked 7.01" in over.stderr, over.stderr
    r2 = admin("refund", str(pay), "--amount", "7.00")
    assert r2.returncode == 0, r2.stderr
    rows = refunds_of(db, pay)
    assert [x[1:3] for x in rows] == [["300", "1"], ["700", "1"]], rows
    assert made(fake, out) == sorted([(rows[0][0], "3.00"),
                                      (rows[1][0], "7.00")])
    assert json.loads(fake.calls(REFUND, out)[0]["params"]["biz_content"])[
        "refund_reason"] == "重复支付"
    assert admin("refund", str(pay), "--amount", "0.01").returncode == 1
    assert len(fake.calls(REFUND, out)) == 2


def test_bad_amounts_and_payments(api, fake, make_user, db, to_refund):
    pay, out = to_refund
    for bad in ("0", "-1", "1.001", "abc", "01.00"):
        r = admin("refund", str(pay), "--amount", bad)
        assert r.returncode == 2, (bad, r.stdout, r.stderr)
    assert admin("refund", "x").returncode == 2
    r = admin("refund", "999999999")
    assert r.returncode == 1 and "no payment 999999999" in r.stderr
    # A payment that settled its request (state 1) is not one to refund.
    renter, pid, out1 = open_trade(api, make_user)
    fake.post("/__fake__/pay", {"out_trade_no": out1})
    p1 = int(db.value("SELECT id FROM payments WHERE out_trade_no = '%s' "
                      "AND state = 1" % out1))
    r = admin("refund", str(p1))
    assert r.returncode == 1 and "not one to refund" in r.stderr, r.stderr
    assert fake.refunds(out1) == [] and fake.calls(REFUND, out1) == []
    q = admin("refund", "query", "R_nope")
    assert q.returncode == 1 and "no refund R_nope" in q.stderr
    assert fake.calls(REFUND, out) == []


def test_unclear_then_retry_reuses_out_request_no(fake, db, to_refund):
    """SYSTEM_ERROR for the refund and for its query: unknown, kept
    unfinished; the next run takes up the same out_request_no (asks
    first, Alipay has none, refunds with it), one refund in all."""
    pay, out = to_refund
    fake.script(method=REFUND, sub_code="ACQ.SYSTEM_ERROR", out_trade_no=out)
    fake.script(method=QUERY, sub_code="SYSTEM_ERROR", out_trade_no=out)
    r = admin("refund", str(pay))
    assert r.returncode == 1
    assert "outcome unknown (SYSTEM_ERROR)" in r.stderr, r.stderr
    rows = refunds_of(db, pay)
    assert len(rows) == 1 and rows[0][1:3] == ["1000", "0"], rows
    req = rows[0][0]
    assert made(fake, out) == []
    # Another amount while it is unfinished: refused, nothing sent.
    other = admin("refund", str(pay), "--amount", "5")
    assert other.returncode == 1
    assert "unfinished refund %s of 10.00 yuan" % req in other.stderr
    assert len(fake.calls(REFUND, out)) == 1
    # Listed with its unfinished amount.
    line = [x for x in admin("refund", "list").stdout.splitlines()
            if x.startswith("%d\t" % pay)]
    assert line and "unfinished 10.00" in line[0], line

    r = admin("refund", str(pay))
    assert r.returncode == 0, r.stderr
    assert "refund %s:" % req in r.stdout and "taken up again" in r.stdout
    assert [x[:3] for x in refunds_of(db, pay)] == [[req, "1000", "1"]]
    assert made(fake, out) == [(req, "10.00")]
    reqs = [json.loads(c["params"]["biz_content"])["out_request_no"]
            for c in fake.calls(REFUND, out)]
    assert reqs == [req, req], reqs
    assert fake.refunds(out)[0]["requests"] == 1


def test_system_error_but_made_the_query_finds_it(fake, db, to_refund):
    """Alipay made the refund yet answered ACQ.SYSTEM_ERROR: the query
    finds it; no second refund call, no duplicate."""
    pay, out = to_refund
    fake.script(method=REFUND, sub_code="ACQ.SYSTEM_ERROR", out_trade_no=out,
                execute=True)
    r = admin("refund", str(pay), "--amount", "4.00")
    assert r.returncode == 0, r.stderr
    rows = refunds_of(db, pay)
    assert [x[1:3] for x in rows] == [["400", "1"]], rows
    assert made(fake, out) == [(rows[0][0], "4.00")]
    assert len(fake.calls(REFUND, out)) == 1
    assert len(fake.calls(QUERY, out)) == 1
    assert fake.refunds(out)[0]["requests"] == 1


def test_hang_up_then_refund_query_command(fake, db, to_refund):
    """The connection drops after Alipay made the refund and the query
    fails too: unknown; `refund query` later finds it and records it."""
    pay, out = to_refund
    fake.script(method=REFUND, hang_up=True, execute=True, out_trade_no=out)
    fake.script(method=QUERY, sub_code="SYSTEM_ERROR", out_trade_no=out)
    r = admin("refund", str(pay))
    assert r.returncode == 1 and "outcome unknown" in r.stderr, r.stderr
    req, _, state, _ = refunds_of(db, pay)[0]
    assert state == "0"
    q = admin("refund", "query", req)
    assert q.returncode == 0, q.stderr
    assert "10.00 yuan: refunded" in q.stdout, q.stdout
    assert refunds_of(db, pay)[0][2] == "1"
    assert made(fake, out) == [(req, "10.00")]
    # Done: nothing left, and a new run makes no call.
    n = len(fake.calls(REFUND, out))
    assert admin("refund", str(pay)).returncode == 1
    assert len(fake.calls(REFUND, out)) == n


def test_refund_refused_by_alipay(fake, db, to_refund):
    """A refusal of its own (not SYSTEM_ERROR) is surely not made: recorded
    refused, and the money counts as still to refund."""
    pay, out = to_refund
    fake.script(method=REFUND, sub_code="ACQ.SELLER_BALANCE_NOT_ENOUGH",
                out_trade_no=out)
    r = admin("refund", str(pay))
    assert r.returncode == 1
    assert "refused by Alipay: ACQ.SELLER_BALANCE_NOT_ENOUGH" in r.stderr
    assert [x[1:3] for x in refunds_of(db, pay)] == [["1000", "2"]]
    r = admin("refund", str(pay))
    assert r.returncode == 0, r.stderr
    rows = refunds_of(db, pay)
    assert [x[2] for x in rows] == ["2", "1"] and rows[0][0] != rows[1][0]
    assert made(fake, out) == [(rows[1][0], "10.00")]


def test_reconcile_reports_a_missed_notify(api, fake, make_user, db,
                                           to_refund):
    pay, out = to_refund
    # Refunded and consistent: no line about it.
    assert admin("refund", str(pay)).returncode == 0
    # Paid at Alipay, its notify lost: still waiting here.
    renter, pid, lost = open_trade(api, make_user)
    res = fake.post("/__fake__/pay", {"out_trade_no": lost, "notify": False})
    assert res["notify"] is None
    db.run("UPDATE payments SET created_at = created_at - INTERVAL 40 MINUTE "
           "WHERE out_trade_no = '%s'" % lost)
    lid = int(db.value("SELECT id FROM payments WHERE out_trade_no = '%s'"
                       % lost))
    r = admin("reconcile", "--since", "2")
    assert r.returncode == 1, (r.stdout, r.stderr)
    lines = r.stdout.splitlines()
    assert ("payment %d %s: waiting here, TRADE_SUCCESS at Alipay (10.00 "
            "yuan): its notify was missed" % (lid, lost)) in lines, r.stdout
    assert not [x for x in lines if out in x], r.stdout
    assert re.match(r"reconcile: \d+ checked, \d+ differences?$", lines[-1])
    # Reported, not changed.
    assert db.value("SELECT state FROM payments WHERE id = %d" % lid) == "0"
    assert admin("reconcile", "--since", "x").returncode == 2


def test_reconcile_unfinished_refund(fake, db, to_refund):
    pay, out = to_refund
    fake.script(method=REFUND, sub_code="ACQ.SYSTEM_ERROR", out_trade_no=out)
    fake.script(method=QUERY, sub_code="SYSTEM_ERROR", out_trade_no=out)
    assert admin("refund", str(pay)).returncode == 1
    req = refunds_of(db, pay)[0][0]
    r = admin("reconcile", "--since", "2")
    assert r.returncode == 1
    assert ("refund %s (payment %d): unfinished here; Alipay has none: "
            "zufang-admin refund PAYMENT_ID takes it up again" % (req, pay)
            ) in r.stdout.splitlines(), r.stdout
    assert refunds_of(db, pay)[0][2] == "0"
    assert made(fake, out) == []


def test_concurrent_runs_make_one_refund(fake, db, to_refund):
    """Four administrators at once: the payment's row lock lets one store
    the refund, the others take up that same one; Alipay refunds once."""
    pay, out = to_refund
    procs = [subprocess.Popen([ADMIN, "refund", str(pay)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True) for _ in range(4)]
    outs = [p.communicate(timeout=120) + (p.returncode,) for p in procs]
    assert any(rc == 0 for _, _, rc in outs), outs
    rows = refunds_of(db, pay)
    assert len(rows) == 1 and rows[0][1:3] == ["1000", "1"], rows
    assert made(fake, out) == [(rows[0][0], "10.00")]
    reqs = {json.loads(c["params"]["biz_content"])["out_request_no"]
            for c in fake.calls(REFUND, out)}
    assert reqs == {rows[0][0]}, reqs
