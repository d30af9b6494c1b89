#!/usr/bin/python3
"""Self-check of the fake Alipay (tests/fakes/alipay.py).

Starts the fake on a free port with freshly generated keys and uses it as
the backend would: signs requests with the app key, verifies answers,
notifies and return redirects with the fake's public key (and once with
openssl).  Prints one line per failed check and "N passed, N failed";
exits 1 when anything failed.

Usage: /usr/bin/python3 tests/fakes/check_alipay_fake.py [-v]
"""

import base64
import http.client
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import urllib.parse
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from fakecheck import (VERBOSE, check, control, http_req, run_parts, start,
                       summary)

HERE = os.path.dirname(os.path.abspath(__file__))
FAKE = os.path.join(HERE, "alipay.py")
APP_ID = "2021000000000001"
SELLER = "2088000000000001"



# -- crypto as the backend does it ------------------------------------------

def sign(key, text):
    sig = key.sign(text.encode("utf-8"), padding.PKCS1v15(), hashes.SHA256())
    return base64.b64encode(sig).decode("ascii")


def verify(pub, text, sig):
    try:
        pub.verify(base64.b64decode(sig, validate=True),
                   text.encode("utf-8") if isinstance(text, str) else text,
                   padding.PKCS1v15(), hashes.SHA256())
        return True
    except (ValueError, InvalidSignature):
        return False


def content(params, drop):
    return "&".join("%s=%s" % (k, v) for k, v in sorted(params.items())
                    if k not in drop and v != "")


def verify_v1(pub, params):
    """The notify/return check: drop sign and sign_type, skip empties."""
    return verify(pub, content(params, ("sign", "sign_type")),
                  params.get("sign", ""))


def extract(raw, node, enc="utf-8"):
    """The raw text of the answer's node and its sign (a quote- and
    escape-aware brace matcher, as the C client must do)."""
    text = raw.decode(enc)
    i = text.find('"%s"' % node)
    if i < 0:
        return None, None
    i = text.index("{", i)
    depth, in_str, esc = 0, False, False
    for j in range(i, len(text)):
        c = text[j]
        if in_str:
            if esc:
                esc = False
            elif c == "\\":
                esc = True
            elif c == '"':
                in_str = False
        elif c == '"':
            in_str = True
        elif c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                node_text = text[i:j + 1]
                m = re.match(r'^,"sign":"([^"]*)"}$', text[j + 1:])
                return node_text, (m.group(1) if m else None)
    return None, None


# -- HTTP -------------------------------------------------------------------



def beijing_now(delta=0):
    t = datetime.now(timezone(timedelta(hours=8))) + timedelta(seconds=delta)
    return t.strftime("%Y-%m-%d %H:%M:%S")


class Client:
    def __init__(self, port, app_key, ali_pub):
        self.port = port
        self.app_key = app_key
        self.ali_pub = ali_pub

    def signed(self, method, biz=None, extra=None, key=None):
        p = {"app_id": APP_ID, "method": method, "format": "JSON",
             "charset": "utf-8", "sign_type": "RSA2",
             "timestamp": beijing_now(), "version": "1.0"}
        if biz is not None:
            p["biz_content"] = json.dumps(biz, ensure_ascii=False,
                                          separators=(",", ":"))
        p.update(extra or {})
        p = {k: v for k, v in p.items() if v is not None}
        p["sign"] = sign(key or self.app_key, content(p, ("sign",)))
        return p

    def send(self, p, shape="body"):
        enc = urllib.parse.urlencode
        ctype = {"Content-Type":
                 "application/x-www-form-urlencoded;charset=utf-8"}
        if shape == "get":
            return http_req(self.port, "GET", "/gateway.do?" + enc(p))
        if shape == "split":
            # java/py-sdk: protocol params (with sign) in the query, the
            # rest in the body; charset given in both.
            q = {k: v for k, v in p.items() if k != "biz_content"}
            b = {k: v for k, v in p.items() if k in ("biz_content",
                                                     "charset")}
            return http_req(self.port, "POST", "/gateway.do?" + enc(q),
                            enc(b).encode(), ctype)
        return http_req(self.port, "POST", "/gateway.do", enc(p).encode(),
                        ctype)

    def call(self, method, biz=None, extra=None, shape="body", key=None):
        """-> (node fields or None, signed-and-valid, raw body)."""
        st, hdr, raw = self.send(self.signed(method, biz, extra, key), shape)
        return self.parse(method, raw)

    def parse(self, method, raw, enc="utf-8"):
        node = method.replace(".", "_") + "_response"
        text, sig = extract(raw, node, enc)
        if text is None:
            text, sig = extract(raw, "error_response", enc)
        if text is None:
            return None, False, raw
        ok = sig is not None and verify(self.ali_pub, text.encode(enc),
                                        sig)
        return json.loads(text), ok, raw


# -- a notify receiver like the backend's -----------------------------------

class Notified:
    def __init__(self, ali_pub):
        self.ali_pub = ali_pub
        self.got = []           # (form, signature_ok)
        self.answer = None      # None: success/failure by signature
        self.lock = threading.Lock()


def notify_server(notified):
    class H(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *a):
            pass

        def do_POST(self):
            n = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(n).decode("utf-8")
            pairs = urllib.parse.parse_qsl(raw, keep_blank_values=True)
            form = dict(pairs)
            ok = verify_v1(notified.ali_pub, form)
            with notified.lock:
                notified.got.append((form, ok, self.path, len(pairs)))
                ans = notified.answer
            body = (ans if ans is not None else
                    ("success" if ok else "failure")).encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    srv = ThreadingHTTPServer(("127.0.0.1", 0), H)
    srv.daemon_threads = True
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv


# -- the checks -------------------------------------------------------------

def check_openssl(d, app_key, cli):
    msg = os.path.join(d, "msg.txt")
    sigf = os.path.join(d, "sig.bin")
    text = ("app_id=%s&biz_content={\"subject\":\"信息费\"}&charset=utf-8"
            "&method=alipay.trade.query&sign_type=RSA2"
            "&timestamp=2024-01-01 12:00:00&version=1.0" % APP_ID)
    with open(msg, "wb") as f:
        f.write(text.encode("utf-8"))
    ours = sign(app_key, text)
    with open(sigf, "wb") as f:
        f.write(base64.b64decode(ours))
    r = subprocess.run(["openssl", "dgst", "-sha256", "-verify",
                        os.path.join(d, "app_public_key.pem"), "-signature",
                        sigf, msg], capture_output=True, text=True)
    check("openssl verifies our RSA2 signature",
          r.returncode == 0 and "Verified OK" in r.stdout, r.stdout +
          r.stderr)
    r = subprocess.run(["openssl", "dgst", "-sha256", "-sign",
                        os.path.join(d, "app_private_key.pem"), msg],
                       capture_output=True)
    check("openssl makes the same signature (PKCS#1 v1.5 determinism)",
          r.returncode == 0 and base64.b64encode(r.stdout).decode() == ours)
    check("a 2048-bit signature is 344 base64 chars", len(ours) == 344)
    # The fake's answer signature, checked by openssl over the raw node.
    st, _, raw = cli.send(cli.signed("alipay.trade.query",
                                     {"out_trade_no": "nope"}))
    node, sig = extract(raw, "alipay_trade_query_response")
    with open(msg, "wb") as f:
        f.write(node.encode("utf-8"))
    with open(sigf, "wb") as f:
        f.write(base64.b64decode(sig))
    r = subprocess.run(["openssl", "dgst", "-sha256", "-verify",
                        os.path.join(d, "alipay_public_key.pem"),
                        "-signature", sigf, msg], capture_output=True,
                       text=True)
    check("openssl verifies the fake's answer signature",
          r.returncode == 0 and "Verified OK" in r.stdout)


def check_gateway(port, cli, other_key):
    # Layout, content type, signature.
    st, hdr, raw = cli.send(cli.signed("alipay.trade.query",
                                       {"out_trade_no": "missing1"}))
    check("answer content type", hdr.get("Content-Type") ==
          "text/html;charset=utf-8", hdr.get("Content-Type"))
    check("answer layout: node first, sign last",
          raw.startswith(b'{"alipay_trade_query_response":{') and
          re.search(rb',"sign":"[A-Za-z0-9+/=]{344}"}$', raw) is not None,
          raw[:200])
    node, ok, _ = cli.parse("alipay.trade.query", raw)
    check("unknown trade: ACQ.TRADE_NOT_EXIST, signed",
          ok and node["code"] == "40004" and
          node["sub_code"] == "ACQ.TRADE_NOT_EXIST", node)

    # The three transport shapes, and values that need encoding.
    biz = {"out_trade_no": "shape_1"}
    for shape in ("body", "get", "split"):
        node, ok, raw = cli.call("alipay.trade.query", biz, shape=shape)
        check("transport shape %s accepted" % shape,
              ok and node.get("sub_code") == "ACQ.TRADE_NOT_EXIST", raw)
    st, calls = control(port, "calls?method=alipay.trade.query")
    last = calls[-1]
    check("calls: split shape recorded", "sign" in last["in_query"] and
          "biz_content" in last["in_body"] and
          "sign" not in last["params"] and last["signature_ok"] is True,
          last)

    # Bad signatures.
    p = cli.signed("alipay.trade.query", {"out_trade_no": "x1"})
    p["biz_content"] = '{"out_trade_no":"x2"}'
    node, ok, raw = cli.parse("alipay.trade.query", cli.send(p)[2])
    check("tampered request: isv.invalid-signature, signed",
          ok and node["code"] == "40002" and
          node["sub_code"] == "isv.invalid-signature", raw)
    node, ok, raw = cli.call("alipay.trade.query", {"out_trade_no": "x"},
                             key=other_key)
    check("request signed with another key: isv.invalid-signature",
          node and node["sub_code"] == "isv.invalid-signature", raw)
    control(port, "options", {"sign_errors": False})
    node, ok, raw = cli.call("alipay.trade.query", {"out_trade_no": "x"},
                             key=other_key)
    check("sign_errors false: the same error unsigned",
          node and node["sub_code"] == "isv.invalid-signature" and
          b'"sign"' not in raw, raw)
    control(port, "options", {"sign_errors": True})
    for bad in ("@@@not-base64@@@", "QUJD", "", "a" * 2000):
        p = cli.signed("alipay.trade.query", {"out_trade_no": "x"})
        p["sign"] = bad
        node, ok, raw = cli.parse("alipay.trade.query", cli.send(p)[2])
        want = "isv.missing-signature" if bad == "" else \
            "isv.invalid-signature"
        check("malformed sign %r: %s" % (bad[:10], want),
              node and node["sub_code"] == want, raw)
    p = cli.signed("alipay.trade.query", {"out_trade_no": "x"})
    p["sign"] = p["sign"].replace("+", " ")
    if "+" in cli.signed("alipay.trade.query", {"out_trade_no": "x"})[
            "sign"] or " " in p["sign"]:
        node, ok, raw = cli.parse("alipay.trade.query", cli.send(p)[2])
        check("a sign with + sent unencoded fails",
              node and node["sub_code"] == "isv.invalid-signature", raw)

    # Public parameters.
    p = cli.signed("alipay.trade.query", {"out_trade_no": "x"},
                   {"app_id": "2021999999999999"})
    node, ok, raw = cli.parse("alipay.trade.query", cli.send(p)[2])
    check("unknown app_id: isv.invalid-app-id, unsigned",
          node and node["sub_code"] == "isv.invalid-app-id" and
          b'"sign"' not in raw, raw)
    node, ok, raw = cli.call("alipay.no.such.method", {})
    check("unknown method: error_response isv.invalid-method",
          raw.startswith(b'{"error_response"') and
          node["sub_code"] == "isv.invalid-method", raw)
    node, ok, raw = cli.call("alipay.trade.query", {"out_trade_no": "x"},
                             {"timestamp": beijing_now(-3600)})
    check("timestamp an hour off: isv.invalid-timestamp",
          node and node["sub_code"] == "isv.invalid-timestamp", raw)
    node, ok, raw = cli.call("alipay.trade.query", {"out_trade_no": "x"},
                             {"sign_type": "RSA"})
    check("sign_type RSA: isv.invalid-signature-type",
          node and node["sub_code"] == "isv.invalid-signature-type", raw)
    p = cli.signed("alipay.trade.query", None,
                   {"biz_content": "{not json"})
    node, ok, raw = cli.parse("alipay.trade.query", cli.send(p)[2])
    check("biz_content not JSON: isv.invalid-parameter",
          node and node["sub_code"] == "isv.invalid-parameter", raw)
    # Missing charset: decoded as GBK, so UTF-8 Chinese no longer verifies.
    p = cli.signed("alipay.trade.query", {"out_trade_no": "x", "s": "信息费"},
                   {"charset": None})
    st, hdr, raw = cli.send(p)
    node, ok, raw = cli.parse("alipay.trade.query", raw, "gbk")
    check("no charset + UTF-8 Chinese: signature fails (GBK assumed), "
          "answered in GBK", ok and hdr.get("Content-Type") ==
          "text/html;charset=gbk" and
          node["sub_code"] == "isv.invalid-signature", raw)

    # Robustness.
    st, _, _ = http_req(port, "POST", "/gateway.do", b"x" * 10,
                        {"Content-Length": str(2 << 20)})
    check("oversized body: 413", st == 413, st)
    st, _, _ = http_req(port, "POST", "/gateway.do", b"",
                        {"Content-Length": "-5"})
    check("bad Content-Length: 400", st == 400, st)
    st, _, raw = http_req(port, "POST", "/gateway.do",
                          b"\xff\xfe%zz&&==&method=%E4", {
                              "Content-Type":
                              "application/x-www-form-urlencoded"})
    check("garbage form: an Alipay error, not a crash",
          st == 200 and b"sub_code" in raw, raw)
    st, _, raw = http_req(port, "GET", "/gateway.do")
    check("empty request: isv.missing-method", b"isv.missing-method" in raw,
          raw)
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(b"\x00\x01garbage\r\n\r\n")
    s.recv(100)
    s.close()
    st, cfg = control(port, "config")
    check("still alive after garbage", st == 200 and
          cfg["app_id"] == APP_ID)


def check_oauth_zhima(port, cli):
    uid = "2088123412341234"
    control(port, "next_user", {"user_id": uid, "scope":
                                "auth_user,auth_zhima", "zm_score": "733"})
    state = "st/+= ate%"
    qs = urllib.parse.urlencode({
        "app_id": APP_ID, "scope": "auth_user,auth_zhima",
        "redirect_uri": "http://127.0.0.1:9/cb?x=1", "state": state})
    st, hdr, _ = http_req(port, "GET", "/oauth2/publicAppAuthorize.htm?" +
                          qs)
    loc = hdr.get("Location", "")
    q = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(loc).query))
    check("authorize: 302 to redirect_uri with auth_code and state",
          st == 302 and loc.startswith("http://127.0.0.1:9/cb?x=1&") and
          q.get("state") == state and q.get("source") == "alipay_wallet"
          and q.get("app_id") == APP_ID and q.get("auth_code"), loc)
    st, _, raw = http_req(port, "GET", "/oauth2/publicAppAuthorize.htm?" +
                          urllib.parse.urlencode({
                              "app_id": "bad", "scope": "auth_user",
                              "redirect_uri": "http://127.0.0.1:9/"}))
    check("authorize with a wrong app_id: error page", st == 200 and
          b"isv.invalid-app-id" in raw)
    code = q.get("auth_code", "")
    node, ok, raw = cli.call("alipay.system.oauth.token", None,
                             {"grant_type": "authorization_code",
                              "code": code})
    check("oauth.token: user_id and tokens, signed", ok and
          node.get("user_id") == uid and node.get("access_token") and
          node.get("refresh_token") and node.get("expires_in") and
          node.get("re_expires_in") and node.get("auth_start"), raw)
    token = (node or {}).get("access_token")
    refresh = (node or {}).get("refresh_token")
    node2, ok2, raw2 = cli.call("alipay.system.oauth.token", None,
                                {"grant_type": "authorization_code",
                                 "code": code})
    check("oauth code is single-use: error_response isv.code-invalid",
          raw2.startswith(b'{"error_response"') and ok2 and
          node2["code"] == "40002" and node2["sub_code"] == "isv.code-invalid",
          raw2)
    node, ok, raw = cli.call("alipay.system.oauth.token", None,
                             {"grant_type": "password", "code": "x"})
    check("grant_type unknown: isv.grant-type-invalid",
          node and node["sub_code"] == "isv.grant-type-invalid", raw)

    # zhima
    zbiz = {"transaction_id": "tx_1", "product_code":
            "w1010100100000000001"}
    node, ok, raw = cli.call("zhima.credit.score.get", zbiz)
    check("zhima without auth_token: 20001 aop.invalid-auth-token",
          node and node["code"] == "20001" and
          node["sub_code"] == "aop.invalid-auth-token", raw)
    node, ok, raw = cli.call("zhima.credit.score.get", zbiz,
                             {"auth_token": token})
    check("zhima with the token: the score", ok and
          node.get("zm_score") == "733" and node.get("biz_no"), raw)
    biz_no = (node or {}).get("biz_no")
    control(port, "next_user", {"user_id": uid, "zm_score": "600"})
    node, ok, raw = cli.call("zhima.credit.score.get", zbiz,
                             {"auth_token": token})
    check("zhima same transaction_id: the first answer", ok and
          node.get("biz_no") == biz_no and node.get("zm_score") == "733", raw)
    node, ok, raw = cli.call("zhima.credit.score.get",
                             dict(zbiz, product_code="x"),
                             {"auth_token": token})
    check("zhima wrong product_code: error",
          node and node.get("code") != "10000", raw)
    st, r = control(port, "expire_token", {"user_id": uid})
    check("expire_token", st == 200 and r["expired"] >= 1, r)
    node, ok, raw = cli.call("zhima.credit.score.get",
                             dict(zbiz, transaction_id="tx_2"),
                             {"auth_token": token})
    check("zhima with an expired token: 20001 aop.auth-token-time-out",
          node and node["code"] == "20001" and
          node["sub_code"] == "aop.auth-token-time-out", raw)
    node, ok, raw = cli.call("alipay.system.oauth.token", None,
                             {"grant_type": "refresh_token",
                              "refresh_token": refresh})
    check("refresh_token grant: new token", ok and
          node.get("user_id") == uid and node.get("access_token") != token,
          raw)
    token2 = (node or {}).get("access_token")
    node, ok, raw = cli.call("zhima.credit.score.get",
                             dict(zbiz, transaction_id="tx_2"),
                             {"auth_token": token2})
    check("zhima with the refreshed token: the new score", ok and
          node.get("zm_score") == "600", raw)
    node, ok, raw = cli.call("alipay.system.oauth.token", None,
                             {"grant_type": "refresh_token",
                              "refresh_token": refresh})
    check("a refresh token is single-use: isv.refresh-token-invalid",
          node and node["sub_code"] == "isv.refresh-token-invalid", raw)

    # A code minted directly, without auth_zhima.
    st, r = control(port, "code", {"scope": "auth_base"})
    node, ok, raw = cli.call("alipay.system.oauth.token", None,
                             {"grant_type": "authorization_code",
                              "code": r["code"]})
    check("minted code: its user", ok and node.get("user_id") ==
          r["user_id"], raw)
    node, ok, raw = cli.call("zhima.credit.score.get",
                             dict(zbiz, transaction_id="tx_3"),
                             {"auth_token": node.get("access_token")})
    check("zhima without the auth_zhima scope: 40006",
          node and node["code"] == "40006", raw)
    st, r = control(port, "code", {"ttl": -1})
    node, ok, raw = cli.call("alipay.system.oauth.token", None,
                             {"grant_type": "authorization_code",
                              "code": r["code"]})
    check("expired code: isv.code-invalid",
          node and node["sub_code"] == "isv.code-invalid", raw)


def check_transfers(port, cli):
    T = "alipay.fund.trans.toaccount.transfer"
    Q = "alipay.fund.trans.order.query"
    base = {"out_biz_no": "ob_1", "payee_type": "ALIPAY_USERID",
            "payee_account": "2088000011112222", "amount": "12.50",
            "remark": "退款"}
    node, ok, raw = cli.call(T, dict(base, amount="0.09"))
    check("transfer 0.09: EXCEED_LIMIT_SM_MIN_AMOUNT", ok and
          node["code"] == "40004" and
          node["sub_code"] == "EXCEED_LIMIT_SM_MIN_AMOUNT", raw)
    node, ok, raw = cli.call(T, dict(base, payee_type="ALIPAY_USER_ID"))
    check("transfer payee_type with underscore: INVALID_PARAMETER",
          node and node["sub_code"] == "INVALID_PARAMETER", raw)
    node, ok, raw = cli.call(T, base)
    check("transfer: success", ok and node["code"] == "10000" and
          node["out_biz_no"] == "ob_1" and node.get("order_id") and
          node.get("pay_date"), raw)
    order_id = (node or {}).get("order_id")
    node, ok, raw = cli.call(T, dict(base, amount="12.5"))
    check("transfer repeated (12.5 == 12.50): the original success",
          ok and node["code"] == "10000" and node["order_id"] == order_id,
          raw)
    node, ok, raw = cli.call(T, dict(base, amount="13.00"))
    check("same out_biz_no, other amount: PAYMENT_INFO_INCONSISTENCY",
          node and node["sub_code"] == "PAYMENT_INFO_INCONSISTENCY", raw)
    node, ok, raw = cli.call(Q, {"order_id": order_id})
    check("order.query by order_id: SUCCESS", ok and
          node.get("status") == "SUCCESS" and node["out_biz_no"] == "ob_1",
          raw)
    node, ok, raw = cli.call(Q, {"out_biz_no": "nope"})
    check("order.query unknown: ORDER_NOT_EXIST", ok and
          node["sub_code"] == "ORDER_NOT_EXIST", raw)

    # Scripted SYSTEM_ERROR without execution: query, then retry.
    b2 = dict(base, out_biz_no="ob_2")
    control(port, "script", {"method": T, "sub_code": "SYSTEM_ERROR",
                             "count": 1})
    node, ok, raw = cli.call(T, b2)
    check("scripted SYSTEM_ERROR", ok and node["code"] == "40004" and
          node["sub_code"] == "SYSTEM_ERROR", raw)
    node, ok, raw = cli.call(Q, {"out_biz_no": "ob_2"})
    check("... not executed: ORDER_NOT_EXIST",
          node and node["sub_code"] == "ORDER_NOT_EXIST", raw)
    node, ok, raw = cli.call(T, b2)
    check("... retry succeeds", ok and node["code"] == "10000", raw)

    # Executed, but the answer says SYSTEM_ERROR.
    b3 = dict(base, out_biz_no="ob_3")
    control(port, "script", {"method": T, "sub_code": "SYSTEM_ERROR",
                             "execute": True})
    node, ok, raw = cli.call(T, b3)
    check("ambiguous: SYSTEM_ERROR answered", node and
          node["sub_code"] == "SYSTEM_ERROR", raw)
    node, ok, raw = cli.call(Q, {"out_biz_no": "ob_3"})
    check("... yet the query finds it", ok and node.get("status") ==
          "SUCCESS", raw)
    oid3 = (node or {}).get("order_id")
    node, ok, raw = cli.call(T, b3)
    check("... a retry returns the same order", ok and
          node.get("order_id") == oid3, raw)

    # 20000 isp.unknow-error, twice, and a hang-up.
    control(port, "script", {"method": T, "sub_code": "isp.unknow-error",
                             "count": 2})
    n1, _, _ = cli.call(T, dict(base, out_biz_no="ob_4"))
    n2, _, _ = cli.call(T, dict(base, out_biz_no="ob_4"))
    n3, ok3, raw = cli.call(T, dict(base, out_biz_no="ob_4"))
    check("scripted 20000 isp.unknow-error twice, then success",
          n1["code"] == "20000" and n2["sub_code"] == "isp.unknow-error" and
          ok3 and n3["code"] == "10000", raw)
    control(port, "script", {"method": T, "hang_up": True, "execute": True})
    try:
        cli.call(T, dict(base, out_biz_no="ob_5"))
        hung = False
    except (http.client.HTTPException, OSError):
        hung = True
    check("scripted hang-up closes without an answer", hung)

    st, xs = control(port, "transfers")
    by = {x["out_biz_no"]: x for x in xs}
    check("transfers: each out_biz_no paid once",
          sorted(by) == ["ob_1", "ob_2", "ob_3", "ob_4", "ob_5"] and
          len(xs) == 5 and by["ob_1"]["requests"] == 2 and
          by["ob_3"]["requests"] == 2, xs)
    st, sc = control(port, "script")
    check("script queue used up", sc == [], sc)


def check_refunds(port, cli):
    R = "alipay.trade.refund"
    Q = "alipay.trade.fastpay.refund.query"

    def paid_trade(out_no, amount):
        """A trade opened at the cashier and paid (no notify_url)."""
        biz = {"out_trade_no": out_no, "total_amount": amount,
               "subject": "退款", "product_code": "QUICK_WAP_WAY"}
        p = cli.signed("alipay.trade.wap.pay", biz)
        http_req(port, "GET", "/gateway.do?" + urllib.parse.urlencode(p))
        st, r = control(port, "pay", {"out_trade_no": out_no,
                                      "notify": False})
        return st == 200 and r["notify"] is None

    check("refund: two paid trades", paid_trade("rf_1", "10.00") and
          paid_trade("rf_2", "5.00"))
    node, ok, raw = cli.call(R, {"out_trade_no": "nope",
                                 "refund_amount": "1.00",
                                 "out_request_no": "r0"})
    check("refund of an unknown trade: ACQ.TRADE_NOT_EXIST", ok and
          node["sub_code"] == "ACQ.TRADE_NOT_EXIST", raw)
    node, ok, raw = cli.call(R, {"out_trade_no": "rf_1",
                                 "refund_amount": "3.00",
                                 "out_request_no": "r1"})
    check("refund 3.00: signed success, fund_change Y, refund_fee 3.00",
          ok and node["code"] == "10000" and node["fund_change"] == "Y" and
          node["refund_fee"] == "3.00" and node.get("gmt_refund_pay"), raw)
    node, ok, raw = cli.call(R, {"out_trade_no": "rf_1",
                                 "refund_amount": "3", "out_request_no": "r1"})
    check("the same request again: fund_change N, nothing more", ok and
          node["code"] == "10000" and node["fund_change"] == "N" and
          node["refund_fee"] == "3.00", raw)
    node, ok, raw = cli.call(R, {"out_trade_no": "rf_1",
                                 "refund_amount": "4.00",
                                 "out_request_no": "r1"})
    check("same out_request_no, other amount: DISCORDANT_REPEAT_REQUEST",
          ok and node["sub_code"] == "ACQ.DISCORDANT_REPEAT_REQUEST", raw)
    node, ok, raw = cli.call(R, {"out_trade_no": "rf_1",
                                 "refund_amount": "7.01",
                                 "out_request_no": "r2"})
    check("over the total: ACQ.REFUND_AMT_NOT_EQUAL_TOTAL", ok and
          node["sub_code"] == "ACQ.REFUND_AMT_NOT_EQUAL_TOTAL", raw)
    node, ok, raw = cli.call(Q, {"out_trade_no": "rf_1",
                                 "out_request_no": "r1"})
    check("refund.query: REFUND_SUCCESS 3.00", ok and
          node.get("refund_status") == "REFUND_SUCCESS" and
          node.get("refund_amount") == "3.00" and
          node.get("total_amount") == "10.00", raw)
    node, ok, raw = cli.call(Q, {"out_trade_no": "rf_1",
                                 "out_request_no": "r2"})
    check("refund.query of a refund never made: success, no refund",
          ok and node["code"] == "10000" and "refund_amount" not in node and
          "refund_status" not in node, raw)
    node, ok, raw = cli.call(R, {"out_trade_no": "rf_1",
                                 "refund_amount": "7.00",
                                 "out_request_no": "r3"})
    check("the rest (7.00): refund_fee 10.00", ok and
          node.get("refund_fee") == "10.00", raw)
    node, ok, raw = cli.call("alipay.trade.query", {"out_trade_no": "rf_1"})
    check("refunded in full: TRADE_CLOSED", ok and
          node.get("trade_status") == "TRADE_CLOSED", raw)
    node, ok, raw = cli.call(R, {"out_trade_no": "rf_1",
                                 "refund_amount": "0.01",
                                 "out_request_no": "r4"})
    check("a closed trade: ACQ.TRADE_STATUS_ERROR", ok and
          node["sub_code"] == "ACQ.TRADE_STATUS_ERROR", raw)

    # Scripted SYSTEM_ERROR for one trade only, executed: the query finds
    # the refund, the retry makes no second one.
    control(port, "script", {"method": R, "sub_code": "ACQ.SYSTEM_ERROR",
                             "out_trade_no": "rf_2", "execute": True})
    node, ok, raw = cli.call(R, {"out_trade_no": "rf_1",
                                 "refund_amount": "0.01",
                                 "out_request_no": "r5"})
    check("a script for another trade leaves this one alone", ok and
          node["sub_code"] == "ACQ.TRADE_STATUS_ERROR", raw)
    node, ok, raw = cli.call(R, {"out_trade_no": "rf_2",
                                 "refund_amount": "1.00",
                                 "out_request_no": "s1"})
    check("scripted ACQ.SYSTEM_ERROR for rf_2", ok and
          node["sub_code"] == "ACQ.SYSTEM_ERROR", raw)
    node, ok, raw = cli.call(Q, {"out_trade_no": "rf_2",
                                 "out_request_no": "s1"})
    check("... yet refund.query finds it", ok and
          node.get("refund_status") == "REFUND_SUCCESS", raw)
    node, ok, raw = cli.call(R, {"out_trade_no": "rf_2",
                                 "refund_amount": "1.00",
                                 "out_request_no": "s1"})
    check("... a retry: the same refund, fund_change N", ok and
          node.get("fund_change") == "N" and
          node.get("refund_fee") == "1.00", raw)
    # always: every call until reset.
    control(port, "script", {"method": Q, "sub_code": "SYSTEM_ERROR",
                             "always": True})
    a, _, _ = cli.call(Q, {"out_trade_no": "rf_2", "out_request_no": "s1"})
    b, ok, raw = cli.call(Q, {"out_trade_no": "rf_2",
                              "out_request_no": "s1"})
    check("always: SYSTEM_ERROR on every call", a["sub_code"] ==
          "SYSTEM_ERROR" and ok and b["sub_code"] == "SYSTEM_ERROR", raw)
    st, sc = control(port, "script")
    check("... and it stays queued", len(sc) == 1 and sc[0]["always"], sc)
    st, rs = control(port, "refunds")
    by = {(r["out_trade_no"], r["out_request_no"]): r for r in rs}
    check("refunds: one per request made, requests counted",
          sorted(by) == [("rf_1", "r1"), ("rf_1", "r3"), ("rf_2", "s1")] and
          by[("rf_1", "r1")]["requests"] == 2 and
          by[("rf_2", "s1")]["requests"] == 2 and
          by[("rf_1", "r3")]["refund_amount"] == "7.00", rs)
    st, _ = control(port, "reset", {})
    st, sc = control(port, "script")
    check("reset drops always entries", sc == [], sc)


def check_wap(port, cli, notified, nport, ali_pub):
    notify_url = "http://127.0.0.1:%d/payment/ali/notify" % nport
    return_url = "http://127.0.0.1:9/paid?order=7"
    biz = {"out_trade_no": "pay_1", "total_amount": "10.00",
           "subject": "信息费 a+b/c&d=e", "product_code": "QUICK_WAP_WAY",
           "quit_url": "http://127.0.0.1:9/quit",
           "passback_params": "k%3Dv%26x"}
    p = cli.signed("alipay.trade.wap.pay", biz,
                   {"notify_url": notify_url, "return_url": return_url})
    url = "/gateway.do?" + urllib.parse.urlencode(p)
    st, hdr, page = http_req(port, "GET", url)
    text = page.decode("utf-8")
    m = re.search(r'<form id="pay" method="post" action="([^"]+)"', text)
    check("wap.pay GET: the cashier page with a pay form",
          st == 200 and m is not None and "信息费" in text, text[:500])
    node, ok, raw = cli.call("alipay.trade.query", {"out_trade_no": "pay_1"})
    check("trade.query: WAIT_BUYER_PAY", ok and
          node.get("trade_status") == "WAIT_BUYER_PAY" and
          node.get("total_amount") == "10.00", raw)
    st, hdr, page = http_req(port, "GET", url)
    check("the same page URL again: the same trade", st == 200 and
          b'id="pay"' in page)

    st, hdr, _ = http_req(port, "POST", m.group(1), b"",
                          {"Content-Type":
                           "application/x-www-form-urlencoded"})
    loc = hdr.get("Location", "")
    check("pay: 302 to return_url", st == 302 and
          loc.startswith(return_url + "&"), (st, loc))
    rq = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(loc).query))
    rq.pop("order", None)   # our own param, not signed
    check("return params: V1 signature valid", verify_v1(ali_pub, rq), rq)
    check("return params: method, no trade_status",
          rq.get("method") == "alipay.trade.wap.pay.return" and
          "trade_status" not in rq and rq.get("out_trade_no") == "pay_1" and
          rq.get("seller_id") == SELLER, rq)
    with notified.lock:
        got = list(notified.got)
    check("one notify received", len(got) == 1, got)
    if got:
        form, ok, path, npairs = got[0]
        check("notify: V1 signature valid", ok, form)
        check("notify: fields", form.get("notify_type") ==
              "trade_status_sync" and form.get("trade_status") ==
              "TRADE_SUCCESS" and form.get("total_amount") == "10.00" and
              form.get("app_id") == APP_ID and form.get("seller_id") ==
              SELLER and form.get("sign_type") == "RSA2" and
              form.get("charset") == "utf-8" and
              form.get("subject") == biz["subject"] and
              form.get("passback_params") == "k%3Dv%26x" and
              json.loads(form["fund_bill_list"])[0]["amount"] == "10.00" and
              "*" in form.get("buyer_logon_id", ""), form)
        check("notify: no empty value, no duplicate key",
              all(v != "" for v in form.values()) and npairs == len(form))
        check("notify: posted to the notify_url path",
              path == "/payment/ali/notify", path)
    st, trades = control(port, "trades?out_trade_no=pay_1")
    t = trades[0] if trades else {}
    check("trades: TRADE_SUCCESS, notify acked",
          t.get("trade_status") == "TRADE_SUCCESS" and
          len(t.get("notifies", [])) == 1 and t["notifies"][0]["acked"], t)
    node, ok, raw = cli.call("alipay.trade.query", {"out_trade_no": "pay_1"})
    check("trade.query: TRADE_SUCCESS", ok and
          node.get("trade_status") == "TRADE_SUCCESS" and
          node.get("send_pay_date"), raw)
    st, hdr, page = http_req(port, "GET", url)
    check("the page for a paid trade: ACQ.TRADE_HAS_SUCCESS",
          hdr.get("X-Fake-Alipay-Error") == "ACQ.TRADE_HAS_SUCCESS")

    # notify control: genuine resend, tamper, replay, other key.
    nid = t["notifies"][0]["notify_id"] if t.get("notifies") else ""

    def sent(spec):
        with notified.lock:
            before = len(notified.got)
        st, r = control(port, "notify", spec)
        with notified.lock:
            new = notified.got[before:]
        return st, r, new

    st, r, new = sent({"out_trade_no": "pay_1",
                       "tamper": {"total_amount": "0.01"}})
    check("tamper + resign: valid signature, amount changed",
          st == 200 and len(new) == 1 and new[0][1] and
          new[0][0]["total_amount"] == "0.01" and r["acked"], (r, new))
    st, r, new = sent({"out_trade_no": "pay_1", "resign": False,
                       "tamper": {"out_trade_no": "pay_2"}})
    check("tamper without resign: signature broken, answered failure",
          len(new) == 1 and not new[0][1] and r["body"] == "failure" and
          not r["acked"] and r["form"]["out_trade_no"] == "pay_2", r)
    st, r, new = sent({"out_trade_no": "pay_1", "sign_with": "other"})
    check("sign_with other: rejected by the receiver",
          len(new) == 1 and not new[0][1] and not r["acked"], r)
    st, r, new = sent({"out_trade_no": "pay_1", "tamper": {"app_id": None}})
    check("tamper null removes a field", len(new) == 1 and
          "app_id" not in new[0][0] and new[0][1], new)
    st, r, new = sent({"replay": nid})
    check("replay: the exact same form again",
          len(new) == 1 and r["notify_id"] == nid and new[0][1] and
          new[0][0] == got[0][0] and r["acked"], r)
    notified.answer = "SUCCESS "
    st, r, new = sent({"out_trade_no": "pay_1",
                       "trade_status": "TRADE_FINISHED"})
    check("only the exact body success acks", len(new) == 1 and
          not r["acked"] and r["body"] == "SUCCESS ", r)
    notified.answer = None
    node, ok, raw = cli.call("alipay.trade.query", {"out_trade_no": "pay_1"})
    check("a genuine TRADE_FINISHED notify moves the trade", ok and
          node.get("trade_status") == "TRADE_FINISHED", raw)
    st, r = control(port, "notify", {"out_trade_no": "nope"})
    check("notify for an unknown trade: 404", st == 404, r)

    # control pay, without the browser.
    p = cli.signed("alipay.trade.wap.pay", dict(biz, out_trade_no="pay_3",
                                                total_amount=0.5),
                   {"notify_url": notify_url})
    st, hdr, page = http_req(port, "GET",
                             "/gateway.do?" + urllib.parse.urlencode(p))
    check("wap.pay with a JSON number amount", st == 200 and
          b"0.50" in page, page[:300])
    st, r = control(port, "pay", {"out_trade_no": "pay_3",
                                  "buyer_logon_id": "13912345678"})
    check("control pay: notify sent and acked, no return_url",
          st == 200 and r["notify"] and r["notify"]["acked"] and
          r["return_location"] is None and
          r["notify"]["form"]["buyer_logon_id"] == "139****5678" and
          r["notify"]["form"]["total_amount"] == "0.50", r)
    st, r = control(port, "pay", {"out_trade_no": "pay_3"})
    check("control pay twice: 409", st == 409, r)

    # Validation errors are pages.
    for name, bad in (("amount 0.001", {"total_amount": "0.001"}),
                      ("amount 0", {"total_amount": "0"}),
                      ("amount 100000000.01",
                       {"total_amount": "100000000.01"}),
                      ("product_code", {"product_code": "QUICK_WAP_PAY"}),
                      ("no subject", {"subject": ""})):
        p = cli.signed("alipay.trade.wap.pay",
                       dict(biz, out_trade_no="bad_1", **bad))
        st, hdr, page = cli.send(p, "get")
        check("wap.pay %s: error page" % name,
              hdr.get("X-Fake-Alipay-Error") == "ACQ.INVALID_PARAMETER" and
              b'id="sub_code"' in page, page[:300])
    p = cli.signed("alipay.trade.wap.pay", biz)
    p["sign"] = p["sign"][:-8] + "AAAAAAA="
    st, hdr, page = cli.send(p, "get")
    check("wap.pay with a bad signature: error page",
          hdr.get("X-Fake-Alipay-Error") == "isv.invalid-signature")


def check_reset(port):
    st, _ = control(port, "reset", {})
    st2, calls = control(port, "calls")
    st3, trades = control(port, "trades")
    check("reset forgets calls and trades", st == 200 and calls == [] and
          trades == [])
    st, r = control(port, "script", {"method": "x"})
    check("script without sub_code/hang_up/delay: 400", st == 400, r)
    st, r = control(port, "nope", {})
    check("unknown control: 404", st == 404, r)


def main():
    d = tempfile.mkdtemp(prefix="alipay-fake-check.")
    r = subprocess.run([sys.executable, FAKE, "--gen-keys", d])
    if r.returncode != 0:
        print("--gen-keys failed")
        return 1
    files = sorted(os.listdir(d))
    check("--gen-keys writes the five files", files == [
        "alipay_private_key.pem", "alipay_public_key.pem",
        "alipay_public_key.txt", "app_private_key.pem",
        "app_public_key.pem"], files)
    with open(os.path.join(d, "app_private_key.pem"), "rb") as f:
        pem = f.read()
    check("app private key is PKCS#1 PEM",
          pem.startswith(b"-----BEGIN RSA PRIVATE KEY-----"))
    app_key = serialization.load_pem_private_key(pem, password=None)
    with open(os.path.join(d, "alipay_public_key.txt"), "rb") as f:
        bare = f.read().strip()
    check("the fake's public key is bare base64 SPKI",
          bare.startswith(b"MIIBIjANBgkqhkiG9w0BAQEF"))
    ali_pub = serialization.load_der_public_key(base64.b64decode(bare))
    other_key = rsa.generate_private_key(public_exponent=65537,
                                         key_size=2048)

    log = open(os.path.join(d, "fake.log"), "w")
    proc, port = start([FAKE, "--port", "0", "--app-id", APP_ID,
                        "--app-public-key",
                        os.path.join(d, "app_public_key.pem"),
                        "--private-key",
                        os.path.join(d, "alipay_private_key.pem"),
                        "--seller-id", SELLER], log, "alipay")
    try:
        if port is None:
            return 1
        cli = Client(port, app_key, ali_pub)
        notified = Notified(ali_pub)
        nsrv = notify_server(notified)
        st, cfg = control(port, "config")
        check("config gives the fake's public key",
              cfg["alipay_public_key"] == bare.decode(), cfg)
        run_parts([lambda: check_openssl(d, app_key, cli),
                   lambda: check_gateway(port, cli, other_key),
                   lambda: check_oauth_zhima(port, cli),
                   lambda: check_transfers(port, cli),
                   lambda: check_refunds(port, cli),
                   lambda: check_wap(port, cli, notified,
                                     nsrv.server_address[1], ali_pub),
                   lambda: check_reset(port)])
        check("the fake is still running", proc.poll() is None)
        nsrv.shutdown()
    finally:
        proc.terminate()
        proc.wait(10)
        log.close()
    with open(os.path.join(d, "fake.log")) as f:
        logtext = f.read()
    check("the log has one line per request, no tokens or signatures",
          "alipay fake: POST /gateway.do alipay.trade.query" in logtext and
          "auth_token" not in logtext and "sign=" not in logtext and
          "Traceback" not in logtext and "internal error" not in logtext,
          logtext[-2000:])
    if VERBOSE:
        print(logtext[-1500:])
    shutil.rmtree(d, ignore_errors=True)    # throwaway keys included
    return summary()


if __name__ == "__main__":
    sys.exit(main())
