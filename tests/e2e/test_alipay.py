"""Viewing requests paid through Alipay, Alipay binding, Zhima score and
transfers (qsz.md 6), end to end: the service through nginx, the fake
Alipay of tests/fakes/alipay.py through the service's real client.

The fake verifies our RSA2 signatures and signs its answers and notifies
with its own key; forged notifies below are signed here with that key (or
another one) to exercise every check of /payment/ali/notify."""

import base64
import concurrent.futures
import http.client
import json
import os
import re
import subprocess
import urllib.parse

import pytest
import requests
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from conftest import LOGIN_FIRST, need_env

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))

APP_ID = "2021000000000001"
SELLER_ID = "2088000000000001"
RETURN_URL = "https://m.zufang.example/paid?x=1"
RELEASABLE = {"longitude": "116.397", "latitude": "39.909", "house_rent": "2000",
              "house_size": "50", "description_title": "整租一居"}


class Fake:
    """The fake Alipay's control API."""

    def __init__(self, base):
        self.base = base.rstrip("/")
        self.s = requests.Session()

    def get(self, path, **params):
        r = self.s.get(self.base + path, params=params, timeout=30)
        r.raise_for_status()
        return r.json()

    def post(self, path, body):
        r = self.s.post(self.base + path, json=body, timeout=60)
        r.raise_for_status()
        return r.json()

    def calls(self, method):
        return self.get("/__fake__/calls", method=method)

    def transfers(self, out_biz_no):
        return [t for t in self.get("/__fake__/transfers")
                if t["out_biz_no"] == out_biz_no]


@pytest.fixture(scope="session")
def fake():
    return Fake(need_env("ZUFANG_TEST_ALIPAY"))


@pytest.fixture(scope="session")
def alipay_key():
    """The fake Alipay's private key: what genuine notifies are signed
    with."""
    path = os.path.join(need_env("ZUFANG_TEST_ALIPAY_KEYS"),
                        "alipay_private_key.pem")
    with open(path, "rb") as f:
        return serialization.load_pem_private_key(f.read(), None)


def sign_v1(key, form):
    """The notify signature: every field but sign and sign_type, empty
    ones skipped, sorted, k=v joined with &."""
    text = "&".join("%s=%s" % (k, form[k]) for k in sorted(form)
                    if k not in ("sign", "sign_type") and form[k] != "")
    sig = key.sign(text.encode(), padding.PKCS1v15(), hashes.SHA256())
    return base64.b64encode(sig).decode()


def notify_form(out_trade_no, amount="10.00", status="TRADE_SUCCESS", **over):
    form = {
        "notify_time": "2026-11-22 12:00:00", "notify_type": "trade_status_sync",
        "notify_id": "n" + os.urandom(8).hex(), "app_id": APP_ID,
        "auth_app_id": APP_ID, "charset": "utf-8", "version": "1.0",
        "trade_no": "2026112222001400" + os.urandom(4).hex(),
        "out_trade_no": out_trade_no, "buyer_id": "2088102177846880",
        "buyer_logon_id": "abc***@example.com", "seller_id": SELLER_ID,
        "trade_status": status, "total_amount": amount,
        "receipt_amount": amount, "buyer_pay_amount": amount,
        "subject": "信息费", "gmt_create": "2026-11-22 11:59:00",
        "gmt_payment": "2026-11-22 11:59:30",
        "fund_bill_list": '[{"amount":"%s","fundChannel":"ALIPAYACCOUNT"}]'
                          % amount,
    }
    form.update(over)
    return form


def post_notify(api, form, key, sign_type="RSA2"):
    form = dict(form)
    form["sign_type"] = sign_type
    form["sign"] = sign_v1(key, form)
    r = requests.post(api.url("/payment/ali/notify"), data=form, timeout=30)
    assert r.status_code == 200
    return r.text


def listing(api, owner):
    hid = api.ok("/house_create", token=owner.token,
                 data=RELEASABLE)["house_id"]
    api.ok("/house_release", token=owner.token, data={"house_id": hid})
    return hid


@pytest.fixture
def preorder(api, make_user):
    """(renter, owner, pre_order_id) of a new unpaid viewing request."""
    owner, renter = make_user(), make_user()
    pid = api.ok("/order/create_preorder", token=renter.token,
                 data={"owner_id": owner.id, "house_id": listing(api, owner)})
    return renter, owner, pid


def payment_url(api, renter, pid, return_url=RETURN_URL):
    ans = api.ok("/order/get_preorder_paymenturl", token=renter.token,
                 data={"pre_order_id": pid, "return_url": return_url})
    assert ans["result"] == "SUCCESS"
    return ans["payment_url"]


def url_params(url):
    return dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(url).query,
                                       keep_blank_values=True))


def open_cashier(fake, url):
    """What the browser does with payment_url: the fake's cashier page,
    which records the trade.  Returns out_trade_no."""
    r = requests.get(url, timeout=30, allow_redirects=False)
    assert r.status_code == 200, r.text
    assert 'id="pay"' in r.text, r.text
    return json.loads(url_params(url)["biz_content"])["out_trade_no"]


def state_of(db, pid):
    return db.value("SELECT state FROM preorders WHERE id = %d" % pid)


def payment_row(db, out_trade_no):
    return db.rows("SELECT state, amount_fen, trade_status, paid_at IS NOT NULL "
                   "FROM payments WHERE out_trade_no = '%s'" % out_trade_no)


# -- the whole path ------------------------------------------------------------------

def test_pay_a_viewing_request(api, fake, preorder, db):
    renter, owner, pid = preorder
    url = payment_url(api, renter, pid)
    gateway = need_env("ZUFANG_TEST_ALIPAY") + "/gateway.do"
    assert url.startswith(gateway + "?")
    p = url_params(url)
    assert p["method"] == "alipay.trade.wap.pay" and p["app_id"] == APP_ID
    assert p["sign_type"] == "RSA2" and p["charset"] == "utf-8"
    assert p["version"] == "1.0" and p["return_url"] == RETURN_URL
    assert p["notify_url"] == api.url("/payment/ali/notify")
    biz = json.loads(p["biz_content"])
    assert biz["total_amount"] == "10.00" and biz["subject"] == "信息费"
    assert biz["product_code"] == "QUICK_WAP_WAY"
    out = biz["out_trade_no"]
    assert re.match(r"^[A-Za-z0-9_]{1,64}$", out)
    assert payment_row(db, out) == [["0", "1000", "NULL", "0"]]
    assert state_of(db, pid) == "1"

    # The browser: the cashier page (the fake checked our signature), then
    # "pay", which sends the signed notify and redirects to return_url.
    r = requests.get(url, timeout=30)
    assert r.status_code == 200 and 'id="pay"' in r.text, r.text
    action = re.search(r'<form id="pay" method="post" action="([^"]+)"',
                       r.text).group(1)
    r = requests.post(need_env("ZUFANG_TEST_ALIPAY") + action,
                      data={"buyer_id": "2088102177846880"},
                      allow_redirects=False, timeout=60)
    assert r.status_code == 302, r.text
    back = r.headers["Location"]
    assert back.startswith("https://m.zufang.example/paid?x=1&")
    assert url_params(back)["method"] == "alipay.trade.wap.pay.return"
    trade = fake.get("/__fake__/trades", out_trade_no=out)[0]
    assert trade["notifies"][-1]["acked"] is True, trade
    assert trade["notifies"][-1]["body"] == "success"

    assert state_of(db, pid) == "2"
    assert payment_row(db, out) == [["1", "1000", "TRADE_SUCCESS", "1"]]
    lst = api.ok("/order/preorder_list", token=renter.token)
    assert lst[0]["pre_order_id"] == pid and lst[0]["state"] == 2
    assert lst[0]["paid_time"] is not None
    # Paid: no second payment URL, no cancel.
    body = api.call("/order/get_preorder_paymenturl", token=renter.token,
                    data={"pre_order_id": pid, "return_url": RETURN_URL})
    assert body["status"] == 8, body
    body = api.call("/order/cancel_preorder", token=renter.token,
                    data={"pre_order_id": pid})
    assert body["status"] == 8, body

    # A replayed notify changes nothing and still gets success.
    nid = trade["notifies"][-1]["notify_id"]
    again = fake.post("/__fake__/notify", {"replay": nid})
    assert again["body"] == "success", again
    assert state_of(db, pid) == "2"
    assert payment_row(db, out) == [["1", "1000", "TRADE_SUCCESS", "1"]]
    # TRADE_FINISHED later: still paid, nothing else changes.
    fin = fake.post("/__fake__/notify", {"out_trade_no": out,
                                         "trade_status": "TRADE_FINISHED"})
    assert fin["body"] == "success", fin
    assert payment_row(db, out) == [["1", "1000", "TRADE_SUCCESS", "1"]]


def test_payment_url_one_payable_trade(api, fake, preorder, db):
    """A request has one payable trade at a time: asked again within its
    30 minutes, the URL pays the same trade; after that, a new one."""
    renter, _, pid = preorder
    a = json.loads(url_params(payment_url(api, renter, pid))["biz_content"])
    assert a["timeout_express"] == "30m"
    b = json.loads(url_params(payment_url(api, renter, pid))["biz_content"])
    assert a["out_trade_no"] == b["out_trade_no"]
    assert db.value("SELECT COUNT(*) FROM payments WHERE preorder_id = %d"
                    % pid) == "1"
    db.run("UPDATE payments SET created_at = created_at - INTERVAL 31 MINUTE "
           "WHERE preorder_id = %d" % pid)
    c = json.loads(url_params(payment_url(api, renter, pid))["biz_content"])
    assert c["out_trade_no"] != a["out_trade_no"]
    assert db.value("SELECT COUNT(*) FROM payments WHERE preorder_id = %d"
                    % pid) == "2"


def test_notify_after_a_cancel_is_kept_for_a_refund(api, fake, preorder, db):
    """Paid at Alipay after the request was cancelled: the money is
    recorded (payment state 2, to refund), the request stays cancelled."""
    renter, _, pid = preorder
    out = open_cashier(fake, payment_url(api, renter, pid))
    api.ok("/order/cancel_preorder", token=renter.token,
           data={"pre_order_id": pid})
    paid = fake.post("/__fake__/pay", {"out_trade_no": out})
    assert paid["notify"]["body"] == "success", paid
    assert state_of(db, pid) == "6"
    assert payment_row(db, out) == [["2", "1000", "TRADE_SUCCESS", "1"]]


def test_fake_refuses_a_tampered_payment_url(api, fake, preorder):
    """Our signature covers the amount: a client that edits it is caught
    by Alipay (here the fake)."""
    renter, _, pid = preorder
    url = payment_url(api, renter, pid)
    evil = url.replace("%2210.00%22", "%220.01%22")
    assert evil != url
    r = requests.get(evil, timeout=30)
    assert "isv.invalid-signature" in r.text


# -- notifies that must change nothing -------------------------------------------------

@pytest.fixture
def opened(api, fake, preorder):
    """A viewing request with a trade opened at the fake: (renter, pid,
    out_trade_no)."""
    renter, _, pid = preorder
    out = open_cashier(fake, payment_url(api, renter, pid))
    return renter, pid, out


@pytest.mark.parametrize("tamper", [
    {"total_amount": "0.01"},
    {"total_amount": "100.00"},
    {"app_id": "2021999999999999"},
    {"seller_id": "2088999999999999"},
    {"out_trade_no": "V1_0000000000000000"},
])
def test_notify_with_other_content_changes_nothing(api, fake, opened, db,
                                                   tamper):
    _, pid, out = opened
    sent = fake.post("/__fake__/notify", {"out_trade_no": out,
                                          "tamper": tamper, "resign": True})
    assert sent["body"] == "failure", sent
    assert state_of(db, pid) == "1"
    assert payment_row(db, out)[0][0] == "0"


def test_notify_signed_by_another_key(api, fake, opened, db):
    _, pid, out = opened
    sent = fake.post("/__fake__/notify", {"out_trade_no": out,
                                          "sign_with": "other"})
    assert sent["body"] == "failure", sent
    assert state_of(db, pid) == "1"


def test_notify_tampered_after_signing(api, fake, opened, db):
    _, pid, out = opened
    sent = fake.post("/__fake__/notify", {"out_trade_no": out,
                                          "tamper": {"total_amount": "10.01"},
                                          "resign": False})
    assert sent["body"] == "failure", sent
    assert state_of(db, pid) == "1"


def test_notify_trade_closed(api, fake, opened, db):
    _, pid, out = opened
    sent = fake.post("/__fake__/notify", {"out_trade_no": out,
                                          "trade_status": "TRADE_CLOSED"})
    assert sent["body"] == "success", sent
    assert state_of(db, pid) == "1"
    assert payment_row(db, out)[0][0] == "0"


def test_notify_forms_without_signature_or_fields(api, opened, db,
                                                  alipay_key):
    _, pid, out = opened
    form = notify_form(out)
    cases = [dict(form, sign_type="RSA2"),  # no sign at all
             dict(form, sign_type="RSA2", sign="not base64 !!")]
    for c in cases:
        r = requests.post(api.url("/payment/ali/notify"), data=c, timeout=30)
        assert r.status_code == 200 and r.text == "failure"
    # RSA (SHA1) is not accepted; a missing amount is not a payment.
    assert post_notify(api, form, alipay_key, sign_type="RSA") == "failure"
    f = dict(form)
    del f["total_amount"]
    assert post_notify(api, f, alipay_key) == "failure"
    assert state_of(db, pid) == "1"
    # The amount compared as money: "10" is 10.00.
    assert post_notify(api, notify_form(out, amount="10"),
                       alipay_key) == "success"
    assert state_of(db, pid) == "2"


def test_concurrent_identical_notifies_pay_once(api, opened, db, alipay_key):
    _, pid, out = opened
    form = notify_form(out)
    form["sign_type"] = "RSA2"
    form["sign"] = sign_v1(alipay_key, form)

    def send(_):
        return requests.post(api.url("/payment/ali/notify"), data=form,
                             timeout=30).text

    with concurrent.futures.ThreadPoolExecutor(8) as ex:
        got = list(ex.map(send, range(8)))
    assert got == ["success"] * 8
    assert state_of(db, pid) == "2"
    assert db.value("SELECT COUNT(*) FROM payments WHERE preorder_id = %d "
                    "AND state = 1" % pid) == "1"


def test_notify_query_string_is_not_trusted(api, opened, db, alipay_key):
    """Fields in the query string are not signed: they are ignored, and a
    form that lacks them does not verify."""
    _, pid, out = opened
    form = notify_form(out)
    form["sign_type"] = "RSA2"
    form["sign"] = sign_v1(alipay_key, form)
    q = {"total_amount": form.pop("total_amount")}
    r = requests.post(api.url("/payment/ali/notify"), params=q, data=form,
                      timeout=30)
    assert r.text == "failure"
    assert state_of(db, pid) == "1"


# -- payment URL refusals ------------------------------------------------------------

@pytest.mark.parametrize("url", [
    "https://evil.example/paid",
    "https://m.zufang.example.evil.example/",
    "https://m.zufang.example@evil.example/",
    "javascript:alert(1)//m.zufang.example/",
    "ftp://m.zufang.example/",
    "//m.zufang.example/",
    "https://m.zufang.example:8443/",
    "https://m.zufang.example\\@evil.example/",
])
def test_return_url_on_a_foreign_host_refused(api, preorder, db, url):
    renter, _, pid = preorder
    body = api.call("/order/get_preorder_paymenturl", token=renter.token,
                    data={"pre_order_id": pid, "return_url": url})
    assert body["status"] == 2 and body["msg"].startswith("return_url:"), body
    assert db.value("SELECT COUNT(*) FROM payments WHERE preorder_id = %d"
                    % pid) == "0"


@pytest.mark.parametrize("url", [
    "http://m.zufang.example/ok\r\nSet-Cookie: x=1",
    "https://m.zufang.example/ok\nx",
    "https://m.zufang.example/ok\tx",
    "https://m.zufang.example/ok\x7f",
    "https://m.zufang.example/o k",
    "https://m.zufang.example/\u652f\u4ed8",
    "https://m.zufang.example/\"x\"",
    "https://m.zufang.example/<x>",
    "https://m.zufang.example/%zz",
])
def test_return_url_not_printable_rfc3986_refused(api, preorder, db, url):
    renter, _, pid = preorder
    body = api.call("/order/get_preorder_paymenturl", token=renter.token,
                    data={"pre_order_id": pid, "return_url": url})
    assert body["status"] == 2 and body["msg"].startswith("return_url:"), body
    assert db.value("SELECT COUNT(*) FROM payments WHERE preorder_id = %d"
                    % pid) == "0"


def test_return_url_allowed_hosts(api, preorder):
    renter, _, pid = preorder
    payment_url(api, renter, pid, "http://M.Zufang.Example/back")
    payment_url(api, renter, pid, api.url("/after-payment"))
    payment_url(api, renter, pid,
                "https://m.zufang.example/a-b_c.d~e/%E6%94%AF?x=1&y=(2)#top")


def test_someone_elses_request_refused(api, make_user, preorder, db):
    renter, owner, pid = preorder
    for who in (owner, make_user()):
        body = api.call("/order/get_preorder_paymenturl", token=who.token,
                        data={"pre_order_id": pid, "return_url": RETURN_URL})
        assert body["status"] == 7, body
    body = api.call("/order/get_preorder_paymenturl", token=renter.token,
                    data={"pre_order_id": 10 ** 12, "return_url": RETURN_URL})
    assert body["status"] == 6, body
    assert db.value("SELECT COUNT(*) FROM payments WHERE preorder_id = %d"
                    % pid) == "0"


def test_cancelled_request_cannot_be_paid(api, preorder):
    renter, _, pid = preorder
    api.ok("/order/cancel_preorder", token=renter.token,
           data={"pre_order_id": pid})
    body = api.call("/order/get_preorder_paymenturl", token=renter.token,
                    data={"pre_order_id": pid, "return_url": RETURN_URL})
    assert body["status"] == 8 and "cancelled" in body["msg"], body


@pytest.mark.parametrize("data,param", [
    ({"return_url": RETURN_URL}, "pre_order_id"),
    ({"pre_order_id": "1"}, "return_url"),
    ({"pre_order_id": "x", "return_url": RETURN_URL}, "pre_order_id"),
    ({"pre_order_id": "1", "return_url": "https://m.zufang.example/" + "a" * 300},
     "return_url"),
])
def test_payment_url_bad_params(api, user, data, param):
    body = api.call("/order/get_preorder_paymenturl", token=user.token,
                    data=data)
    assert body["status"] == 2 and body["msg"].startswith(param + ":"), body


def test_payment_routes_need_login(api):
    for route in ("/order/get_preorder_paymenturl", "/payment/ali/get_auth_url",
                  "/payment/ali/binding_status", "/payment/ali/zhima"):
        body = api.call(route)
        assert body["status"] == 4 and body["msg"] == LOGIN_FIRST, route


def test_without_alipay_configuration(insecure_api, wechat):
    """The second worker pool runs without Alipay configuration."""
    code = wechat.code("noalipay" + os.urandom(4).hex(), kind="oauth")
    tok = insecure_api.ok("/wx_fetch_userinfo", data={"code": code})["token"]
    for route, data in (("/payment/ali/get_auth_url", {}),
                        ("/payment/ali/binding_status", {}),
                        ("/payment/ali/zhima", {"refresh": "Y"}),
                        ("/payment/ali/zhima", {"refresh": "N"}),
                        ("/order/get_preorder_paymenturl",
                         {"pre_order_id": "1", "return_url": RETURN_URL})):
        body = insecure_api.call(route, token=tok, data=data)
        assert body["status"] == 9 and "not configured" in body["msg"], body
    r = requests.post(insecure_api.url("/payment/ali/notify"),
                      data={"out_trade_no": "x"}, timeout=30)
    assert r.text == "failure"


# -- binding ---------------------------------------------------------------------

def auth_url(api, u):
    ans = api.ok("/payment/ali/get_auth_url", token=u.token)
    assert ans["result"] == "SUCCESS"
    return ans["auth_url"]


def authorize(fake, url, **user):
    """The browser at Alipay's authorization page: returns where it is
    sent back to (our auth_notify with auth_code and state)."""
    if user:
        fake.post("/__fake__/next_user", user)
    r = requests.get(url, allow_redirects=False, timeout=30)
    assert r.status_code == 302, r.text
    return r.headers["Location"]


def bind(api, fake, u, **user):
    back = authorize(fake, auth_url(api, u), **user)
    r = requests.get(back, allow_redirects=False, timeout=60)
    assert r.status_code == 200 and "授权成功" in r.text, r.text
    assert r.headers["Content-Type"].startswith("text/html")
    return back


def test_auth_url_shape(api, user):
    url = auth_url(api, user)
    base = need_env("ZUFANG_TEST_ALIPAY") + "/oauth2/publicAppAuthorize.htm?"
    assert url.startswith(base)
    p = url_params(url)
    assert p["app_id"] == APP_ID
    assert p["redirect_uri"] == api.url("/payment/ali/auth_notify")
    assert "auth_zhima" in p["scope"].split(",")
    assert re.match(r"^[0-9a-f]{48}$", p["state"])
    assert p["state"] != url_params(auth_url(api, user))["state"]


def test_bind_alipay(api, fake, user, db):
    assert api.ok("/payment/ali/binding_status", token=user.token) == -1
    # 12 random digits (5 random bytes reach 13 digits 9% of the time).
    uid = "2088" + "%012d" % (int.from_bytes(os.urandom(5), "big") % 10**12)
    bind(api, fake, user, user_id=uid)
    assert api.ok("/payment/ali/binding_status", token=user.token) == 1
    # Stored sealed: neither the Alipay user id nor the token in clear.
    row = db.rows("SELECT HEX(alipay_user_enc), HEX(access_token_enc) FROM "
                  "alipay_accounts WHERE user_id = %d" % user.id)[0]
    assert uid.encode().hex().upper() not in row[0]
    tok = fake.calls("alipay.system.oauth.token")[-1]
    assert tok["params"]["grant_type"] == "authorization_code"
    assert tok["signature_ok"] is True


def test_bind_with_a_reused_state(api, fake, user):
    back = bind(api, fake, user)
    r = requests.get(back, allow_redirects=False, timeout=30)
    assert r.status_code == 400 and "used" in r.text, r.text


def test_bind_with_a_forged_state(api, fake, user):
    url = auth_url(api, user)
    back = authorize(fake, url)
    forged = re.sub(r"state=[0-9a-f]+", "state=" + "ab" * 24, back)
    assert forged != back
    r = requests.get(forged, allow_redirects=False, timeout=30)
    assert r.status_code == 400 and "unknown" in r.text, r.text
    assert api.ok("/payment/ali/binding_status", token=user.token) == -1
    # The genuine one still works once.
    r = requests.get(back, allow_redirects=False, timeout=30)
    assert r.status_code == 200, r.text


def test_bind_with_an_expired_state(api, fake, user, db):
    url = auth_url(api, user)
    db.run("UPDATE alipay_auth_states SET expires_at = UTC_TIMESTAMP() - "
           "INTERVAL 1 MINUTE WHERE user_id = %d" % user.id)
    r = requests.get(authorize(fake, url), allow_redirects=False, timeout=30)
    assert r.status_code == 400 and "expired" in r.text, r.text
    assert api.ok("/payment/ali/binding_status", token=user.token) == -1


def test_bind_without_code_or_state(api, user):
    for q in ("", "?state=abc", "?auth_code=abc"):
        r = requests.get(api.url("/payment/ali/auth_notify") + q,
                         allow_redirects=False, timeout=30)
        assert r.status_code == 400, r.text
    assert api.ok("/payment/ali/binding_status", token=user.token) == -1


def test_bind_with_a_code_alipay_refuses(api, fake, user):
    back = authorize(fake, auth_url(api, user))
    bad = re.sub(r"auth_code=[^&]+", "auth_code=bogus", back)
    r = requests.get(bad, allow_redirects=False, timeout=30)
    assert r.status_code == 502, r.text
    assert api.ok("/payment/ali/binding_status", token=user.token) == -1


# -- Zhima -------------------------------------------------------------------------

def zhima(api, u, mode=None):
    data = {} if mode is None else {"refresh": mode}
    return api.call("/payment/ali/zhima", token=u.token, data=data)


def test_zhima_unbound(api, fake, user):
    n = len(fake.calls("zhima.credit.score.get"))
    for mode in ("N", "Y", "AUTO", None, "auto", "y"):
        body = zhima(api, user, mode)
        assert body["status"] == 0 and body["ans"] == "-1", (mode, body)
    assert len(fake.calls("zhima.credit.score.get")) == n


def test_zhima_bound_modes(api, fake, user, db):
    bind(api, fake, user, zm_score="733")
    n = len(fake.calls("zhima.credit.score.get"))
    # N: only the cache, none yet.
    assert zhima(api, user, "N")["ans"] == "-1"
    assert len(fake.calls("zhima.credit.score.get")) == n
    # AUTO with no cache asks Alipay; then the cache answers.
    assert zhima(api, user)["ans"] == "733"
    assert len(fake.calls("zhima.credit.score.get")) == n + 1
    assert zhima(api, user, "auto")["ans"] == "733"
    assert zhima(api, user, "n")["ans"] == "733"
    assert len(fake.calls("zhima.credit.score.get")) == n + 1
    # Y asks every time, each with its own transaction_id.
    assert zhima(api, user, "Y")["ans"] == "733"
    assert zhima(api, user, "Y")["ans"] == "733"
    calls = fake.calls("zhima.credit.score.get")[n:]
    assert len(calls) == 3
    ids = [json.loads(c["params"]["biz_content"])["transaction_id"]
           for c in calls]
    assert len(set(ids)) == 3
    assert all(c["params"].get("auth_token") for c in calls)
    assert json.loads(calls[0]["params"]["biz_content"])["product_code"] == \
        "w1010100100000000001"


def test_zhima_refreshes_an_expired_token(api, fake, user, db):
    bind(api, fake, user, zm_score="701")
    db.run("UPDATE alipay_accounts SET access_expires_at = UTC_TIMESTAMP() - "
           "INTERVAL 1 MINUTE WHERE user_id = %d" % user.id)
    n = len(fake.calls("alipay.system.oauth.token"))
    assert zhima(api, user, "Y")["ans"] == "701"
    tok = fake.calls("alipay.system.oauth.token")[n:]
    assert [t["params"]["grant_type"] for t in tok] == ["refresh_token"]


def test_zhima_bad_refresh(api, user):
    for bad in ("yes", "1", "A"):
        body = zhima(api, user, bad)
        assert body["status"] == 2 and body["msg"].startswith("refresh:"), body


# -- transfers ---------------------------------------------------------------------

def admin(make_user):
    u = make_user()
    out = subprocess.run([os.path.join(REPO, "build", "zufang-admin"), "admin",
                          "grant", str(u.id)], capture_output=True, text=True,
                         timeout=30)
    assert out.returncode == 0, out.stderr
    assert "is an administrator" in out.stdout
    return u


def transfer(api, u, **data):
    params = {"order_id": "o" + os.urandom(6).hex(),
              "payee_type": "ALIPAY_LOGONID",
              "payee_acount": "payee@example.com", "amount": "12.30"}
    params.update(data)
    return params, api.call("/payment/ali/pay_to_customer", token=u.token,
                            data=params)


def test_transfer_paid_once(api, fake, make_user):
    a = admin(make_user)
    p, body = transfer(api, a, remark="viewing fee refund")
    assert body["status"] == 0, body
    ans = body["ans"]
    assert ans["status"] == "SUCCESS" and ans["order_id"] == p["order_id"]
    assert ans["amount"] == "12.30" and ans["alipay_order_id"]
    # Again with the same order_id: the recorded answer, no second payment.
    _, again = transfer(api, a, **p)
    assert again == body
    paid = fake.transfers(p["order_id"])
    assert len(paid) == 1 and paid[0]["amount"] == "12.30"
    assert paid[0]["payee_account"] == "payee@example.com"
    # The same order_id with other parameters is a conflict.
    _, other = transfer(api, a, **dict(p, amount="99.00"))
    assert other["status"] == 8, other
    assert len(fake.transfers(p["order_id"])) == 1


def test_transfer_concurrent_same_order(api, fake, make_user):
    a = admin(make_user)
    p = {"order_id": "c" + os.urandom(6).hex(), "payee_type": "ALIPAY_USERID",
         "payee_account": "2088102177846880", "amount": "0.10"}
    with concurrent.futures.ThreadPoolExecutor(4) as ex:
        got = list(ex.map(lambda _: api.call("/payment/ali/pay_to_customer",
                                             token=a.token, data=p), range(4)))
    assert {g["status"] for g in got} <= {0, 8}, got
    assert any(g["status"] == 0 for g in got)
    assert len(fake.transfers(p["order_id"])) == 1


def test_transfer_after_a_system_error(api, fake, make_user):
    """SYSTEM_ERROR is not a failure: ask, and pay only when not paid."""
    a = admin(make_user)
    fake.post("/__fake__/script", {"method":
                                   "alipay.fund.trans.toaccount.transfer",
                                   "sub_code": "SYSTEM_ERROR", "count": 1})
    p, body = transfer(api, a)
    assert body["status"] == 0, body
    assert len(fake.transfers(p["order_id"])) == 1
    methods = [c["method"] for c in fake.get("/__fake__/calls")
               if c.get("params", {}).get("biz_content", "").find(
                   p["order_id"]) >= 0]
    assert methods == ["alipay.fund.trans.toaccount.transfer",
                       "alipay.fund.trans.order.query",
                       "alipay.fund.trans.toaccount.transfer"], methods


def test_transfer_executed_despite_a_system_error(api, fake, make_user):
    a = admin(make_user)
    fake.post("/__fake__/script", {"method":
                                   "alipay.fund.trans.toaccount.transfer",
                                   "sub_code": "SYSTEM_ERROR", "count": 1,
                                   "execute": True})
    p, body = transfer(api, a)
    assert body["status"] == 0, body
    assert len(fake.transfers(p["order_id"])) == 1


def test_transfer_unknown_then_called_again(api, fake, make_user, db):
    a = admin(make_user)
    fake.post("/__fake__/script", {"method":
                                   "alipay.fund.trans.toaccount.transfer",
                                   "sub_code": "SYSTEM_ERROR", "count": 2,
                                   "execute": False})
    p, body = transfer(api, a)
    assert body["status"] == 9 and "unknown" in body["msg"], body
    assert fake.transfers(p["order_id"]) == []
    _, body = transfer(api, a, **p)
    assert body["status"] == 0, body
    assert len(fake.transfers(p["order_id"])) == 1


def test_transfer_refused_by_alipay(api, fake, make_user):
    a = admin(make_user)
    fake.post("/__fake__/script", {"method":
                                   "alipay.fund.trans.toaccount.transfer",
                                   "sub_code": "PAYEE_NOT_EXIST", "count": 1})
    p, body = transfer(api, a)
    assert body["status"] == 9 and "PAYEE_NOT_EXIST" in body["msg"], body
    assert fake.transfers(p["order_id"]) == []
    # Called again: asked about first, then made once.
    _, body = transfer(api, a, **p)
    assert body["status"] == 0, body
    assert len(fake.transfers(p["order_id"])) == 1
    methods = [c["method"] for c in fake.get("/__fake__/calls")
               if p["order_id"] in c.get("params", {}).get("biz_content", "")]
    assert methods == ["alipay.fund.trans.toaccount.transfer",
                       "alipay.fund.trans.order.query",
                       "alipay.fund.trans.toaccount.transfer"], methods


def test_transfer_not_for_users(api, fake, user):
    p, body = transfer(api, user)
    assert body["status"] == 7, body
    assert fake.transfers(p["order_id"]) == []


def test_transfer_revoked_admin(api, make_user):
    a = admin(make_user)
    out = subprocess.run([os.path.join(REPO, "build", "zufang-admin"), "admin",
                          "revoke", str(a.id)], capture_output=True, text=True,
                         timeout=30)
    assert out.returncode == 0, out.stderr
    _, body = transfer(api, a)
    assert body["status"] == 7, body


def test_transfer_refused_from_outside(api, fake, make_user):
    """nginx lets only the machine itself (127.0.0.1) reach the route; a
    client from another address (127.0.0.2 here) is refused."""
    a = admin(make_user)
    u = urllib.parse.urlsplit(api.base)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=30,
                                      source_address=("127.0.0.2", 0))
    order = "x" + os.urandom(6).hex()
    body = urllib.parse.urlencode({"order_id": order,
                                   "payee_type": "ALIPAY_LOGONID",
                                   "payee_acount": "a@example.com",
                                   "amount": "1.00"})
    conn.request("POST", "/payment/ali/pay_to_customer", body=body,
                 headers={"token": a.token, "Content-Type":
                          "application/x-www-form-urlencoded"})
    r = conn.getresponse()
    data = json.loads(r.read())
    assert r.status == 403 and data["status"] == 7, data
    assert fake.transfers(order) == []
    # Through any other route, that address is served as usual.
    conn.request("GET", "/ping")
    r = conn.getresponse()
    assert r.status == 200 and json.loads(r.read())["status"] == 0


@pytest.mark.parametrize("data,param", [
    ({"amount": "0.09"}, "amount"),
    ({"amount": "0"}, "amount"),
    ({"amount": "1.001"}, "amount"),
    ({"amount": "-5"}, "amount"),
    ({"amount": "50000.01"}, "amount"),
    ({"payee_type": "BANKCARD"}, "payee_type"),
    ({"payee_type": "ALIPAY_USERID", "payee_acount": "2089123412341234"},
     "payee_acount"),
    ({"payee_acount": "not an account"}, "payee_acount"),
    ({"payee_acount": "\U0001F600" * 90 + "@example.com"}, "payee_acount"),
    ({"payee_acount": "a" * 95 + "@ex.com"}, "payee_acount"),
    ({"payee_acount": "\U0001F600" * 20 + "@ex.com"}, "payee_acount"),
    ({"payee_acount": "支付@example.com"}, "payee_acount"),
    ({"payee_acount": "", "payee_account": ""}, "payee_acount"),
    ({"payee_account": "other@example.com"}, "payee_account"),
    ({"order_id": "has space"}, "order_id"),
    ({"order_id": "x" * 65}, "order_id"),
])
def test_transfer_bad_params(api, fake, make_user, data, param):
    a = admin(make_user)
    p, body = transfer(api, a, **data)
    assert body["status"] == 2 and body["msg"].startswith(param + ":"), body
    assert fake.transfers(p["order_id"]) == []
