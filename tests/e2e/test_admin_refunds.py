"""Refunds from the administrators' surface (issue 13, 2): GET
/admin/api/refunds lists the payments kept to refund (payments_refundable)
and POST /admin/api/refunds/{payment_id} refunds one through
payments_refund, the function `zufang-admin refund` calls, against the
fake Alipay (tests/fakes/alipay.py), as test_refunds.py does for the
command line."""

import json

import pytest

from admin_util import adm, new_admin
from test_refunds import (REFUND, fake, made, open_trade,  # noqa: F401
                          refunds_of, to_refund)

ROUTES = [("GET", "/refunds", None), ("POST", "/refunds/1", {})]


@pytest.fixture(scope="module")
def admin(api):
    return new_admin(api)


def listed(api, token, pay):
    items = adm(api, "GET", "/refunds", token=token)["items"]
    return [x for x in items if x["payment_id"] == pay]


@pytest.mark.parametrize("method,path,form", ROUTES)
def test_anonymous_401_non_admin_403(api, user, method, path, form):
    assert adm(api, method, path, http=401, data=form)
    assert adm(api, method, path, token=user.token, http=403,
               data=form) == "administrators only"


def test_list_then_refund_all(api, fake, db, admin, to_refund):
    pay, out = to_refund
    token = admin[2]
    item = listed(api, token, pay)
    assert len(item) == 1, item
    assert {k: item[0][k] for k in ("out_trade_no", "amount", "refunded",
                                    "unfinished", "left")} == {
        "out_trade_no": out, "amount": "10.00", "refunded": "0.00",
        "unfinished": "0.00", "left": "10.00"}
    assert item[0]["paid_for"]

    ans = adm(api, "POST", "/refunds/%d" % pay, token=token,
              data={"reason": "房源下架"})
    rows = refunds_of(db, pay)
    assert [x[1:3] for x in rows] == [["1000", "1"]], rows
    # who asked is kept with the refund
    assert db.value("SELECT admin_id FROM refunds WHERE payment_id = %d"
                    % pay) == str(admin[0])
    assert ans == {"payment_id": pay, "out_request_no": rows[0][0],
                   "amount": "10.00", "resumed": False}
    assert made(fake, out) == [(rows[0][0], "10.00")]
    assert json.loads(fake.calls(REFUND, out)[0]["params"]["biz_content"])[
        "refund_reason"] == "房源下架"
    # nothing left: off the list, a second refund refused, no new call
    assert listed(api, token, pay) == []
    err = adm(api, "POST", "/refunds/%d" % pay, token=token, http=409)
    assert "0.00 yuan left to refund" in err or "not one to refund" in err
    assert len(fake.calls(REFUND, out)) == 1


def test_partial_then_over(api, fake, db, admin, to_refund):
    pay, out = to_refund
    token = admin[2]
    ans = adm(api, "POST", "/refunds/%d" % pay, token=token,
              data={"amount": "3.50"})
    assert ans["amount"] == "3.50"
    assert listed(api, token, pay)[0]["left"] == "6.50"
    err = adm(api, "POST", "/refunds/%d" % pay, token=token,
              data={"amount": "6.51"}, http=409)
    assert "6.50 yuan left to refund" in err, err
    adm(api, "POST", "/refunds/%d" % pay, token=token, data={"amount": "6.50"})
    rows = refunds_of(db, pay)
    assert [x[1:3] for x in rows] == [["350", "1"], ["650", "1"]], rows
    assert len(made(fake, out)) == 2


def test_bad_amounts_unknown_and_settled(api, fake, make_user, db, admin,
                                         to_refund):
    pay, out = to_refund
    token = admin[2]
    for bad in ("0", "-1", "1.001", "abc"):
        assert adm(api, "POST", "/refunds/%d" % pay, token=token,
                   data={"amount": bad}, http=400), bad
    assert adm(api, "POST", "/refunds/%d" % pay, token=token,
               data={"reason": "长" * 81}, http=400)
    assert fake.calls(REFUND, out) == []
    assert adm(api, "POST", "/refunds/999999999", token=token,
               http=404) == "no payment 999999999"
    # a payment that settled its request (state 1) is not one to refund
    _, _, out1 = open_trade(api, make_user)
    fake.post("/__fake__/pay", {"out_trade_no": out1})
    p1 = int(db.value("SELECT id FROM payments WHERE out_trade_no = '%s' "
                      "AND state = 1" % out1))
    assert listed(api, token, p1) == []
    assert "not one to refund" in adm(api, "POST", "/refunds/%d" % p1,
                                      token=token, http=409)
    assert fake.calls(REFUND, out1) == []


def test_refused_by_alipay_502(api, fake, db, admin, to_refund):
    pay, out = to_refund
    fake.script(method=REFUND, sub_code="ACQ.SELLER_BALANCE_NOT_ENOUGH",
                out_trade_no=out)
    err = adm(api, "POST", "/refunds/%d" % pay, token=admin[2], http=502)
    assert "refused by Alipay: ACQ.SELLER_BALANCE_NOT_ENOUGH" in err, err
    assert [x[1:3] for x in refunds_of(db, pay)] == [["1000", "2"]]
    adm(api, "POST", "/refunds/%d" % pay, token=admin[2])
    assert len(made(fake, out)) == 1
