#!/usr/bin/python3
"""A local fake of the Alipay OpenAPI gateway and openauth host.

Real HTTP on loopback, shaped like openapi.alipay.com/gateway.do and
openauth.alipay.com as far as the backend can tell (see
shared/spec/payments-protocols.md sections 1-7 and 10-11):

  GET|POST /gateway.do                    the RSA2 OpenAPI gateway
  GET      /oauth2/publicAppAuthorize.htm ?app_id=&scope=&redirect_uri=&state=
           -> 302 redirect_uri?app_id=&source=alipay_wallet&scope=
                  &auth_code=&state=
  POST     /__pay/<trade_no>              the "pay" button of the cashier
           page; marks the trade TRADE_SUCCESS, sends the notify, then
           302 to return_url with the signed return parameters

Gateway requests: query string and urlencoded body are merged (the first
occurrence of a key wins, so charset may appear in both) and form-decoded
once in the request's charset (utf-8 or gbk; gbk when charset is absent,
Alipay's old default).  The RSA2 signature (all parameters but sign, empty
values skipped, keys sorted, raw values joined with &, SHA256withRSA) is
checked with our app's public key.  Answers are
{"<method_with_underscores>_response":{...},"sign":"..."} with the node
first and sign last, signed over the exact node bytes with the fake
Alipay's private key, sent as text/html;charset=utf-8 (gbk bytes and
charset=gbk for a gbk request).  Gateway-level
failures (missing or unknown method) and alipay.system.oauth.token
failures use the node "error_response"; an unknown app_id is never signed;
other errors are signed unless options.sign_errors is false.
alipay.trade.wap.pay is a page: it answers HTML (a cashier page with a
pay form, or an error page whose sub_code is in <span id="sub_code"> and
in the X-Fake-Alipay-Error header).

Methods: alipay.trade.wap.pay, alipay.trade.query,
alipay.trade.refund, alipay.trade.fastpay.refund.query,
alipay.system.oauth.token, zhima.credit.score.get,
alipay.fund.trans.toaccount.transfer, alipay.fund.trans.order.query.

Refunds are idempotent by (trade, out_request_no) as Alipay's: the same
request again answers the same refund with fund_change "N" and refunds
nothing more; the same number with another amount is
ACQ.DISCORDANT_REPEAT_REQUEST; refunds beyond the trade's total are
ACQ.REFUND_AMT_NOT_EQUAL_TOTAL; a trade refunded in full is TRADE_CLOSED.

Notifies are POSTed synchronously, once, from the request that caused
them (no automatic retries: replay them through /__fake__/notify); only
HTTP 200 with the exact body "success" counts as acknowledged.

Test control (not Alipay's; JSON in, JSON out):

  GET  /__fake__/config  -> {"app_id", "seller_id", "alipay_public_key"
                             (bare base64 SPKI)}
  GET  /__fake__/options -> the options below
  POST /__fake__/options {"sign_errors": true,        sign error answers
                          "max_skew": 900|null,       timestamp window (s)
                          "oauth_success_code": false, add code/msg to a
                                                      successful oauth.token
                          "redirect_prefix": null}    redirect_uri must
                                                      start with this
                         -> the options now in force
  POST /__fake__/reset   forget everything, options back to defaults
  GET  /__fake__/calls   [?method=M] -> [{"kind": "gateway"|"authorize"|
                         "pay", "http_method", "method", "params" (sign
                         left out), "in_query", "in_body" (key lists),
                         "signature_ok", "code", "sub_code", "answer" (the
                         node's fields), "time"}]
  GET  /__fake__/trades  [?out_trade_no=X] -> [{"out_trade_no",
                         "trade_no", "trade_status", "total_amount",
                         "subject", "notify_url", "return_url",
                         "buyer_id", "gmt_create", "gmt_payment", ...,
                         "notifies": [{"notify_id", "url", "form",
                         "status", "body", "acked", "error", "replay",
                         "time"}]}]
  GET  /__fake__/transfers -> [{"out_biz_no", "order_id", "payee_type",
                         "payee_account", "amount", "remark", "pay_date",
                         "requests"}]   one entry per executed transfer
  GET  /__fake__/refunds [?out_trade_no=X] -> [{"out_trade_no",
                         "trade_no", "out_request_no", "refund_amount",
                         "refund_reason", "gmt_refund_pay", "requests"}]
                         one entry per refund made
  GET  /__fake__/script  -> the queued scripted answers
  POST /__fake__/script  {"method": "alipay.fund.trans.toaccount.transfer"
                          (or "*" for any), "code": "40004",
                          "sub_code": "SYSTEM_ERROR", "sub_msg": "...",
                          "count": 1, "always": false, "out_trade_no": null,
                          "execute": false, "hang_up": false,
                          "delay": 0}  (or a list of such)
                         the next count calls of the method (after the
                         signature check) answer that error (always: every
                         call, until /__fake__/reset; out_trade_no: only
                         calls whose biz_content names that trade); execute:
                         true runs the method first (the transfer IS made,
                         the answer says it failed); hang_up: true closes
                         the connection without an answer; delay: seconds
                         to wait first (without code/hang_up the call then
                         proceeds normally).  code defaults to 20000 for
                         isp.* sub_codes, else 40004.  -> {"queued": N}
  POST /__fake__/next_user {"user_id": "2088...", "scope": "a,b" (granted
                          instead of the requested scope), "zm_score",
                          "name" (real name, checked against a transfer's
                          payee_real_name), "sticky": false}
                         the user the next authorization yields (every
                         authorization while sticky); default: a fresh
                         random 2088 id per authorization
  POST /__fake__/code    {"user_id" (default random), "scope" (default
                          "auth_user"), "ttl" (300), "code" (chosen text),
                          "zm_score", "name"} -> {"code", "user_id"}
  POST /__fake__/expire_token {"user_id" | "access_token",
                          "refresh": false (also expire refresh tokens)}
                         -> {"expired": N}
  POST /__fake__/notify  {"out_trade_no", "trade_status": "TRADE_SUCCESS",
                          "notify_url" (default: the trade's),
                          "tamper": {field: value|null (null removes)},
                          "resign": true (false: tamper after signing),
                          "sign_with": "other" (a random other key),
                          "replay": notify_id (resend that exact form)}
                         -> {"status", "body", "acked", "notify_id",
                             "form", "url", "error"}
                         Only a genuine notify (no tamper, sign_with or
                         replay) moves the trade to trade_status.
  POST /__fake__/pay     {"out_trade_no", "buyer_id", "buyer_logon_id",
                          "notify": true (false: the notify is "lost")}
                         pays a WAIT_BUYER_PAY trade without the browser
                         -> {"notify": {as above}|null,
                             "return_location": URL|null, "trade": {...}}
                         (404 unknown trade, 409 already paid or closed)

Usage: alipay.py --port P [--host 127.0.0.1] --app-id APPID
         --app-public-key FILE (our app's public key: PEM or bare base64)
         --private-key FILE (the fake Alipay's private key: PEM or base64)
         --seller-id SELLER [--notify-timeout S] [--quiet]
       alipay.py --gen-keys DIR   writes app_private_key.pem (PKCS#1),
         app_public_key.pem, alipay_private_key.pem, alipay_public_key.pem
         and alipay_public_key.txt (bare base64 SPKI, as Alipay gives it)
(--port 0 picks a free port; the line "alipay fake listening on PORT"
tells which.)
"""

import argparse
import base64
import binascii
import hashlib
import html
import http.client
import json
import os
import re
import secrets
import socket
import ssl
import sys
import threading
import time
import urllib.parse
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

MAX_BODY = 1 << 20          # bytes of a request body
MAX_FIELDS = 1000           # parameters in one request
MAX_CALLS = 10000           # calls remembered for /__fake__/calls
CODE_TTL = 300              # auth_code lifetime (s)
TOKEN_TTL = 1296000         # access token lifetime (s), sandbox value
REFRESH_TTL = 2592000       # refresh token lifetime (s), sandbox value
ZHIMA_PRODUCT = "w1010100100000000001"
ZHIMA_REUSE = 86400         # same transaction_id -> same answer (s)
MIN_TRANSFER = Decimal("0.10")
MAX_TRANSFER = Decimal("50000")   # per transfer to a person
DEFAULT_BUYER = ("2088102177846880", "159****5620")
BEIJING = timezone(timedelta(hours=8))
PAGE_METHODS = ("alipay.trade.wap.pay",)
DEFAULT_OPTIONS = {"sign_errors": True, "max_skew": 900,
                   "oauth_success_code": False, "redirect_prefix": None}

MSG = {
    "10000": "Success",
    "20000": "Service Currently Unavailable",
    "20001": "Insufficient Token Permissions",
    "40001": "Missing Required Arguments",
    "40002": "Invalid Arguments",
    "40003": "Insufficient Conditions",
    "40004": "Business Failed",
    "40005": "Call Limited",
    "40006": "Insufficient Permissions",
}

USER_ID_RE = re.compile(r"^2088[0-9]{12}$")
OUT_NO_RE = re.compile(r"^[A-Za-z0-9_]{1,64}$")
OUT_BIZ_NO_RE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
AMOUNT_RE = re.compile(r"^(0|[1-9][0-9]{0,8})(\.[0-9]{1,2})?$")


class ApiError(Exception):
    """An Alipay error answer: code, sub_code, sub_msg; node None means
    the method's own node, else e.g. "error_response"; signed None means
    "as options.sign_errors says"."""

    def __init__(self, code, sub_code, sub_msg="", node=None, signed=None):
        Exception.__init__(self, sub_code)
        self.code = code
        self.sub_code = sub_code
        self.sub_msg = sub_msg
        self.node = node
        self.signed = signed

    def fields(self):
        d = {"code": self.code, "msg": MSG.get(self.code, "Business Failed"),
             "sub_code": self.sub_code}
        if self.sub_msg:
            d["sub_msg"] = self.sub_msg
        return d


class HangUp(Exception):
    """Close the connection without an answer (scripted)."""


# -- RSA2 -------------------------------------------------------------------

def load_private_key(path):
    """An RSA private key from a PEM file (PKCS#1 or PKCS#8) or a file
    holding bare base64 DER."""
    with open(path, "rb") as f:
        data = f.read().strip()
    der = None
    if data.startswith(b"-----"):
        try:
            return serialization.load_pem_private_key(data, password=None)
        except (ValueError, TypeError, UnsupportedAlgorithm):
            # PKCS#8 under a PKCS#1 label, as php-sdk writes it.
            body = b"".join(l for l in data.splitlines()
                            if not l.startswith(b"-----"))
            der = base64.b64decode(body)
    else:
        der = base64.b64decode(b"".join(data.split()))
    key = serialization.load_der_private_key(der, password=None)
    if not isinstance(key, rsa.RSAPrivateKey):
        raise ValueError("%s: not an RSA private key" % path)
    return key


def load_public_key(path):
    """An RSA public key from PEM (SPKI or PKCS#1) or bare base64 SPKI."""
    with open(path, "rb") as f:
        data = f.read().strip()
    if data.startswith(b"-----"):
        key = serialization.load_pem_public_key(data)
    else:
        key = serialization.load_der_public_key(
            base64.b64decode(b"".join(data.split())))
    if not isinstance(key, rsa.RSAPublicKey):
        raise ValueError("%s: not an RSA public key" % path)
    return key


def spki_base64(pub):
    """The public key as Alipay hands it out: bare base64 of the SPKI."""
    der = pub.public_bytes(serialization.Encoding.DER,
                           serialization.PublicFormat.SubjectPublicKeyInfo)
    return base64.b64encode(der).decode("ascii")


def rsa2_sign(key, data):
    """SHA256withRSA (PKCS#1 v1.5) of bytes, as one line of base64."""
    sig = key.sign(data, padding.PKCS1v15(), hashes.SHA256())
    return base64.b64encode(sig).decode("ascii")


def rsa2_verify(pub, data, sig_b64):
    """True when sig_b64 is a valid RSA2 signature of bytes data; any
    malformed input is simply False."""
    try:
        sig = base64.b64decode(sig_b64, validate=True)
        pub.verify(sig, data, padding.PKCS1v15(), hashes.SHA256())
        return True
    except (binascii.Error, ValueError, TypeError, InvalidSignature):
        return False


def sign_content(params, drop):
    """The canonical string: keys sorted, empty values and the keys in
    drop left out, raw values, joined with &."""
    return "&".join("%s=%s" % (k, v) for k, v in sorted(params.items())
                    if k not in drop and v is not None and v != "")


def gen_keys(directory):
    """Write a fresh app key pair and a fresh fake-Alipay key pair."""
    os.makedirs(directory, mode=0o700, exist_ok=True)

    def write(name, data, mode):
        path = os.path.join(directory, name)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(path, mode)

    app = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ali = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pkcs1 = serialization.PrivateFormat.TraditionalOpenSSL
    spki = serialization.PublicFormat.SubjectPublicKeyInfo
    pem = serialization.Encoding.PEM
    none = serialization.NoEncryption()
    write("app_private_key.pem", app.private_bytes(pem, pkcs1, none), 0o600)
    write("app_public_key.pem",
          app.public_key().public_bytes(pem, spki), 0o644)
    write("alipay_private_key.pem", ali.private_bytes(pem, pkcs1, none),
          0o600)
    write("alipay_public_key.pem",
          ali.public_key().public_bytes(pem, spki), 0o644)
    write("alipay_public_key.txt",
          (spki_base64(ali.public_key()) + "\n").encode("ascii"), 0o644)


# -- small helpers ----------------------------------------------------------

def now_bj():
    """Beijing time as Alipay writes it."""
    return datetime.now(BEIJING).strftime("%Y-%m-%d %H:%M:%S")


def digits(n):
    return "".join(secrets.choice("0123456789") for _ in range(n))


def new_user_id():
    return "2088" + digits(12)


def parse_amount(v):
    """A yuan amount (JSON string or number, at most 2 decimals) as a
    Decimal, or None."""
    if isinstance(v, bool):
        return None
    if isinstance(v, (int, Decimal)):
        v = str(v)
    if not isinstance(v, str) or not AMOUNT_RE.match(v):
        return None
    return Decimal(v)


def yuan(d):
    return "%.2f" % d


def mask_logon(s):
    """Mask a logon id the way Alipay shows it (159****5620,
    abc***@example.com)."""
    if "*" in s:
        return s
    if "@" in s:
        name, dom = s.split("@", 1)
        return name[:3] + "***@" + dom
    if len(s) >= 7:
        return s[:3] + "****" + s[-4:]
    return s[:1] + "***"


def add_query(url, params):
    """url with params appended to its query (the original query kept)."""
    u = urllib.parse.urlsplit(url)
    q = urllib.parse.urlencode(params)
    query = u.query + "&" + q if u.query else q
    return urllib.parse.urlunsplit((u.scheme, u.netloc, u.path, query,
                                    u.fragment))


def http_url(s, limit=256):
    if not isinstance(s, str) or not s or len(s) > limit:
        return False
    u = urllib.parse.urlsplit(s)
    return u.scheme in ("http", "https") and bool(u.hostname)


def raw_pairs(s):
    """Form-decode a latin-1 string into (name, value) byte pairs, so the
    bytes can be decoded later in the request's charset."""
    pairs = urllib.parse.parse_qsl(s, keep_blank_values=True,
                                   encoding="latin-1", errors="strict",
                                   max_num_fields=MAX_FIELDS)
    return [(k.encode("latin-1"), v.encode("latin-1")) for k, v in pairs]


def post_form(url, form, timeout):
    """POST a urlencoded form; never raises.  -> {"status", "body",
    "error"} (status None when no HTTP answer came back)."""
    u = urllib.parse.urlsplit(url)
    if u.scheme not in ("http", "https") or not u.hostname:
        return {"status": None, "body": None, "error": "bad URL"}
    path = (u.path or "/") + ("?" + u.query if u.query else "")
    body = urllib.parse.urlencode(form).encode("utf-8")
    conn = None
    try:
        if u.scheme == "https":
            conn = http.client.HTTPSConnection(
                u.hostname, u.port, timeout=timeout,
                context=ssl.create_default_context())
        else:
            conn = http.client.HTTPConnection(u.hostname, u.port,
                                              timeout=timeout)
        conn.request("POST", path, body=body, headers={
            "Content-Type":
                "application/x-www-form-urlencoded; charset=utf-8",
            "User-Agent": "Mozilla/4.0",
            "Connection": "close"})
        r = conn.getresponse()
        data = r.read(65536)
        return {"status": r.status, "body": data.decode("utf-8", "replace"),
                "error": None}
    except (OSError, http.client.HTTPException, ValueError) as ex:
        return {"status": None, "body": None,
                "error": "%s: %s" % (type(ex).__name__, ex)}
    finally:
        if conn is not None:
            conn.close()


# -- state ------------------------------------------------------------------

class State:
    def __init__(self, app_id, app_pub, key, seller_id, notify_timeout):
        self.app_id = app_id
        self.app_pub = app_pub          # verifies our requests
        self.key = key                  # the fake Alipay's private key
        self.seller_id = seller_id
        self.notify_timeout = notify_timeout
        self.other_key = None           # for sign_with "other", lazily
        self.lock = threading.Lock()
        self.reset()

    def reset(self):
        self.options = dict(DEFAULT_OPTIONS)
        self.calls = []
        self.trades = {}        # out_trade_no -> trade dict
        self.trade_nos = {}     # trade_no -> out_trade_no
        self.sent = {}          # notify_id -> (out_trade_no, url, form)
        self.codes = {}         # auth_code -> {user_id, scope, expires}
        self.tokens = {}        # access token -> {user_id, scope, expires}
        self.refresh = {}       # refresh token -> {user_id, scope, expires}
        self.users = {}         # user_id -> {zm_score, name}
        self.next_user = None   # {user_id, scope, sticky}
        self.zhima = {}         # transaction_id -> first result
        self.transfers = {}     # out_biz_no -> executed transfer
        self.refunds = {}       # (out_trade_no, out_request_no) -> refund
        self.orders = {}        # order_id -> out_biz_no
        self.script = []        # queued scripted answers

    def record(self, call):
        with self.lock:
            self.calls.append(call)
            del self.calls[:-MAX_CALLS]

    def other(self):
        with self.lock:
            if self.other_key is None:
                self.other_key = rsa.generate_private_key(
                    public_exponent=65537, key_size=2048)
            return self.other_key

    def take_script(self, method, out_trade_no=None):
        """The first queued scripted answer for method (and trade, when
        the entry names one), used up once (never, when always)."""
        with self.lock:
            for e in self.script:
                if e["method"] not in (method, "*") or e["count"] <= 0:
                    continue
                if e.get("out_trade_no") and \
                        e["out_trade_no"] != out_trade_no:
                    continue
                if not e.get("always"):
                    e["count"] -= 1
                    if e["count"] == 0:
                        self.script.remove(e)
                return dict(e)
        return None

    def profile(self, user_id):
        with self.lock:
            return dict(self.users.get(user_id, {}))

    def set_profile(self, user_id, spec):
        p = {}
        if spec.get("zm_score") is not None:
            p["zm_score"] = str(spec["zm_score"])
        if spec.get("name") is not None:
            p["name"] = str(spec["name"])
        if p:
            with self.lock:
                self.users.setdefault(user_id, {}).update(p)

    def sign_node(self, node_name, fields, enc="utf-8"):
        """The answer body: the node, then its signature."""
        node = json.dumps(fields, ensure_ascii=False, separators=(",", ":"))
        data = node.encode(enc, "replace")
        sig = rsa2_sign(self.key, data)
        head = ('{"%s":' % node_name).encode(enc, "replace")
        return head + data + (',"sign":"%s"}' % sig).encode(enc)

    def unsigned_node(self, node_name, fields, enc="utf-8"):
        node = json.dumps(fields, ensure_ascii=False, separators=(",", ":"))
        return ('{"%s":%s}' % (node_name, node)).encode(enc, "replace")


def trade_view(t):
    """A trade as /__fake__/trades shows it."""
    v = {k: x for k, x in t.items() if k != "notifies"}
    v["notifies"] = [dict(n) for n in t["notifies"]]
    return v


# -- the HTTP side ----------------------------------------------------------

class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "fake-alipay/1"
    timeout = 60        # a stalled client does not hold a thread forever
    state = None        # set in main

    # -- plumbing ---------------------------------------------------------

    def log_request(self, code="-", size="-"):
        # One line per request: no query string (it carries tokens and
        # signatures), the Alipay method and the answer's sub_code.
        if self.server.quiet:
            return
        path = urllib.parse.urlsplit(getattr(self, "path", "") or "").path
        note = getattr(self, "note", "")
        sys.stderr.write("alipay fake: %s %s%s -> %s\n" % (
            self.command, path, note, code))

    def log_message(self, fmt, *args):
        if not self.server.quiet:
            sys.stderr.write("alipay fake: %s\n" % (fmt % args))

    def send(self, status, body, ctype, headers=()):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in headers:
            self.send_header(k, v)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def send_json(self, obj, status=200):
        body = json.dumps(obj, ensure_ascii=False).encode("utf-8")
        self.send(status, body, "application/json")

    def send_html(self, text, status=200, headers=()):
        self.send(status, text.encode("utf-8"), "text/html;charset=utf-8",
                  headers)

    def redirect(self, location):
        self.send(302, b"", "text/html;charset=utf-8",
                  [("Location", location)])

    def read_body(self):
        """The request body, or an int HTTP status to refuse it with."""
        if self.headers.get("Transfer-Encoding"):
            return 411
        cl = self.headers.get("Content-Length")
        if cl is None:
            return b""
        cl = cl.strip()
        if not cl.isdigit():
            return 400
        n = int(cl)
        if n > MAX_BODY:
            return 413
        return self.rfile.read(n) if n > 0 else b""

    # -- methods ----------------------------------------------------------

    def do_GET(self):
        self.dispatch()

    def do_HEAD(self):
        self.dispatch()

    def do_POST(self):
        self.dispatch()

    def dispatch(self):
        self.note = ""
        body = self.read_body()
        if isinstance(body, int):
            self.close_connection = True
            return self.send_json({"error": "request body refused"}, body)
        u = urllib.parse.urlsplit(self.path)
        try:
            if u.path.startswith("/__fake__/"):
                return self.control(u.path[len("/__fake__/"):], u.query,
                                    body)
            if u.path == "/gateway.do" and self.command in ("GET", "HEAD",
                                                            "POST"):
                return self.gateway(u.query, body)
            if u.path == "/oauth2/publicAppAuthorize.htm":
                return self.authorize(u.query)
            if u.path.startswith("/__pay/") and self.command == "POST":
                return self.pay_page(u.path[len("/__pay/"):], body)
            return self.send_json({"error": "not found"}, 404)
        except HangUp:
            self.close_connection = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        except Exception as ex:  # never let one request kill the fake
            sys.stderr.write("alipay fake: internal error %s: %s\n" %
                             (type(ex).__name__, ex))
            self.close_connection = True
            self.send_json({"error": "internal error in the fake"}, 500)

    # -- the gateway ------------------------------------------------------

    def gateway(self, rawq, body):
        st = self.state
        ctype = (self.headers.get("Content-Type") or "").lower()
        call = {"kind": "gateway", "http_method": self.command,
                "method": None, "params": {}, "in_query": [], "in_body": [],
                "signature_ok": None, "code": None, "sub_code": None,
                "time": time.time()}
        st.record(call)
        try:
            qpairs = raw_pairs(rawq)
            bpairs = []
            if body and (not ctype or ctype.startswith(
                    "application/x-www-form-urlencoded")):
                bpairs = raw_pairs(body.decode("latin-1"))
        except ValueError:
            return self.answer(call, "", ApiError(
                "40002", "isv.invalid-parameter", "参数无效",
                node="error_response"))
        cs = None
        for k, v in qpairs + bpairs:
            if k == b"charset":
                cs = v.decode("latin-1").strip().lower()
                break
        enc = {None: "gbk", "utf-8": "utf-8", "utf8": "utf-8",
               "gbk": "gbk", "gb2312": "gbk"}.get(cs)
        params = {}
        for where, pairs in (("in_query", qpairs), ("in_body", bpairs)):
            for k, v in pairs:
                k = k.decode(enc or "utf-8", "replace")
                call[where].append(k)
                params.setdefault(k, v.decode(enc or "utf-8", "replace"))
        method = params.get("method", "")
        call["method"] = method or None
        call["params"] = {k: v for k, v in params.items() if k != "sign"}
        # Logged: only the characters a method name may have.
        self.note = " " + re.sub(r"[^A-Za-z0-9._-]", "?", method[:80]) \
            if method else ""
        try:
            if enc is None:
                raise ApiError("40002", "isv.invalid-charset", "字符集错误")
            result = self.check_and_run(call, params, enc)
        except ApiError as e:
            return self.answer(call, method, e, enc or "utf-8")
        if isinstance(result, str):     # a page
            call["code"] = "10000"
            return self.send_html(result)
        return self.answer(call, method, result, enc)

    def check_and_run(self, call, params, enc):
        """Verify the public parameters and the signature, then run the
        method: its success fields (dict), or a page (str)."""
        st = self.state
        method = params.get("method", "")
        if not method:
            raise ApiError("40001", "isv.missing-method", "缺少方法名参数",
                           node="error_response")
        app_id = params.get("app_id", "")
        if not app_id:
            raise ApiError("40001", "isv.missing-app-id", "缺少AppID参数")
        if app_id != st.app_id:
            raise ApiError("40002", "isv.invalid-app-id", "无效的AppID参数",
                           signed=False)
        run = METHODS.get(method)
        if run is None:
            raise ApiError("40002", "isv.invalid-method", "不存在的方法名",
                           node="error_response")
        fmt = params.get("format", "")
        if fmt and fmt.lower() != "json":
            raise ApiError("40002", "isv.invalid-format", "无效的数据格式")
        if not params.get("sign"):
            raise ApiError("40001", "isv.missing-signature", "缺少签名参数")
        if not params.get("sign_type"):
            raise ApiError("40001", "isv.missing-signature-type",
                           "缺少签名类型参数")
        if params["sign_type"] != "RSA2":
            raise ApiError("40002", "isv.invalid-signature-type",
                           "无效的签名类型")
        content = sign_content(params, ("sign",))
        ok = rsa2_verify(st.app_pub, content.encode(enc, "replace"),
                         params["sign"])
        call["signature_ok"] = ok
        if not ok:
            raise ApiError(
                "40002", "isv.invalid-signature",
                "验签出错，建议检查签名字符串或签名私钥与应用公钥是否匹配，"
                "网关生成的验签字符串为：" + content)
        ts = params.get("timestamp", "")
        if not ts:
            raise ApiError("40001", "isv.missing-timestamp",
                           "缺少时间戳参数")
        try:
            when = datetime.strptime(ts, "%Y-%m-%d %H:%M:%S")
        except ValueError:
            raise ApiError("40002", "isv.invalid-timestamp",
                           "非法的时间戳参数")
        with st.lock:
            skew = st.options["max_skew"]
        if skew is not None and abs(
                (when.replace(tzinfo=BEIJING) -
                 datetime.now(BEIJING)).total_seconds()) > skew:
            raise ApiError("40002", "isv.invalid-timestamp",
                           "非法的时间戳参数")
        if not params.get("version"):
            raise ApiError("40001", "isv.missing-version", "缺少版本参数")
        if params["version"] != "1.0":
            raise ApiError("40002", "isv.invalid-parameter",
                           "参数无效: version")
        try:
            named = json.loads(params.get("biz_content") or "{}")
            named = named.get("out_trade_no") if isinstance(named, dict) \
                else None
        except ValueError:
            named = None
        s = st.take_script(method, named)
        if s is not None:
            if s.get("delay"):
                time.sleep(min(float(s["delay"]), 120))
            if s.get("execute"):
                try:
                    run(self, params)
                except ApiError:
                    pass
            if s.get("hang_up"):
                call["sub_code"] = "(hang up)"
                raise HangUp()
            if s.get("sub_code"):
                raise ApiError(s["code"], s["sub_code"],
                               s.get("sub_msg") or "系统繁忙")
        return run(self, params)

    def answer(self, call, method, res, enc="utf-8"):
        """Send a gateway answer: res is the success fields or an
        ApiError."""
        st = self.state
        if method in PAGE_METHODS and isinstance(res, ApiError):
            call["code"], call["sub_code"] = res.code, res.sub_code
            self.note += " " + res.sub_code
            return self.send_html(error_page(res), headers=[
                ("X-Fake-Alipay-Error", res.sub_code)])
        node_name = (method.replace(".", "_") + "_response" if method
                     else "error_response")
        signed = True
        if isinstance(res, ApiError):
            call["code"], call["sub_code"] = res.code, res.sub_code
            self.note += " " + res.sub_code
            fields = res.fields()
            if res.node:
                node_name = res.node
            with st.lock:
                signed = st.options["sign_errors"]
            if res.signed is not None:
                signed = res.signed
        else:
            fields = res
            call["code"] = res.get("code", "10000")
        call["answer"] = fields
        if signed:
            body = st.sign_node(node_name, fields, enc)
        else:
            body = st.unsigned_node(node_name, fields, enc)
        self.send(200, body, "text/html;charset=" + enc)

    # -- alipay.trade.wap.pay and the cashier page ------------------------

    def wap_pay(self, params):
        st = self.state
        biz = biz_of(params)
        bad = lambda what: ApiError("40004", "ACQ.INVALID_PARAMETER",
                                    "参数无效: " + what)
        out_no = biz.get("out_trade_no")
        if not isinstance(out_no, str) or not OUT_NO_RE.match(out_no):
            raise bad("out_trade_no")
        amount = parse_amount(biz.get("total_amount"))
        if amount is None or not (Decimal("0.01") <= amount
                                  <= Decimal("100000000")):
            raise bad("total_amount")
        subject = biz.get("subject")
        if not isinstance(subject, str) or not subject.strip() \
                or len(subject) > 256:
            raise bad("subject")
        if biz.get("product_code") != "QUICK_WAP_WAY":
            raise bad("product_code")
        for k in ("notify_url", "return_url"):
            if params.get(k) and not http_url(params[k]):
                raise bad(k)
        if biz.get("quit_url") and not http_url(biz["quit_url"], 400):
            raise bad("quit_url")
        seller = biz.get("seller_id")
        if seller and seller != st.seller_id:
            raise ApiError("40004", "ACQ.SELLER_NOT_EXIST", "卖家不存在")
        text = {k: biz[k] for k in ("body", "passback_params", "quit_url",
                                    "timeout_express", "time_expire")
                if isinstance(biz.get(k), str) and biz[k]}
        with st.lock:
            t = st.trades.get(out_no)
            if t is not None:
                if t["trade_status"] in ("TRADE_SUCCESS", "TRADE_FINISHED"):
                    raise ApiError("40004", "ACQ.TRADE_HAS_SUCCESS",
                                   "交易已被支付")
                if t["trade_status"] == "TRADE_CLOSED":
                    raise ApiError("40004", "ACQ.TRADE_HAS_CLOSE",
                                   "交易已经关闭")
                if t["total_amount"] != yuan(amount) or \
                        t["subject"] != subject:
                    raise ApiError("40004", "ACQ.TRADE_INFO_INCONSISTENT",
                                   "交易信息被篡改")
            else:
                now = datetime.now(BEIJING)
                t = {"out_trade_no": out_no,
                     "trade_no": now.strftime("%Y%m%d") + "22001" +
                     digits(15),
                     "trade_status": "WAIT_BUYER_PAY",
                     "total_amount": yuan(amount), "subject": subject,
                     "product_code": "QUICK_WAP_WAY",
                     "gmt_create": now.strftime("%Y-%m-%d %H:%M:%S"),
                     "notifies": []}
                st.trades[out_no] = t
                st.trade_nos[t["trade_no"]] = out_no
            # The latest page request's URLs win, as a re-submitted order
            # would.
            for k in ("notify_url", "return_url"):
                if params.get(k):
                    t[k] = params[k]
            t.update(text)
            view = dict(t)
        return cashier_page(view)

    def pay_page(self, trade_no, body):
        """The cashier's pay button."""
        st = self.state
        st.record({"kind": "pay", "http_method": "POST", "method": None,
                   "params": {"trade_no": trade_no}, "time": time.time()})
        try:
            form = dict(urllib.parse.parse_qsl(
                body.decode("utf-8", "replace"), keep_blank_values=True,
                max_num_fields=MAX_FIELDS))
        except ValueError:
            form = {}
        with st.lock:
            out_no = st.trade_nos.get(urllib.parse.unquote(trade_no))
        if out_no is None:
            return self.send_html(message_page("交易不存在", "no such trade"),
                                  404)
        try:
            res = self.pay(out_no, form.get("buyer_id"),
                           form.get("buyer_logon_id"), browser=True)
        except ApiError as e:
            return self.send_html(error_page(e), 409,
                                  [("X-Fake-Alipay-Error", e.sub_code)])
        if res["return_location"]:
            return self.redirect(res["return_location"])
        return self.send_html(message_page("支付成功", "paid"))

    def pay(self, out_no, buyer_id=None, buyer_logon_id=None, browser=False,
            notify=True):
        """Pay a trade, notify, and build the return redirect."""
        st = self.state
        if not (isinstance(buyer_id, str) and USER_ID_RE.match(buyer_id)):
            buyer_id = DEFAULT_BUYER[0]
        if isinstance(buyer_logon_id, str) and buyer_logon_id:
            buyer_logon_id = mask_logon(buyer_logon_id)
        else:
            buyer_logon_id = DEFAULT_BUYER[1]
        with st.lock:
            t = st.trades.get(out_no)
            if t is None:
                raise ApiError("40004", "ACQ.TRADE_NOT_EXIST", "交易不存在")
            status = t["trade_status"]
            if status == "TRADE_CLOSED":
                raise ApiError("40004", "ACQ.TRADE_HAS_CLOSE", "交易已经关闭")
            fresh = status == "WAIT_BUYER_PAY"
            if not fresh and not browser:
                raise ApiError("40004", "ACQ.TRADE_HAS_SUCCESS",
                               "交易已被支付")
            if fresh:
                t.update(trade_status="TRADE_SUCCESS", buyer_id=buyer_id,
                         buyer_logon_id=buyer_logon_id,
                         gmt_payment=now_bj())
            snap = dict(t)
        res = {"notify": None, "return_location": None}
        if fresh and notify and snap.get("notify_url"):
            form = self.notify_form(snap, "TRADE_SUCCESS")
            form["sign"] = rsa2_sign(st.key, sign_content(
                form, ("sign", "sign_type")).encode("utf-8"))
            res["notify"] = self.deliver(out_no, snap["notify_url"], form)
        if snap.get("return_url"):
            res["return_location"] = self.return_location(snap)
        with st.lock:
            res["trade"] = trade_view(st.trades[out_no])
        return res

    def notify_form(self, t, status):
        """The §3.2 notify fields for trade t in status (unsigned; never an
        empty value; deliberately not in sorted order)."""
        st = self.state
        now = now_bj()
        f = {"gmt_create": t["gmt_create"], "charset": "utf-8",
             "seller_id": st.seller_id, "subject": t["subject"]}
        if t.get("body"):
            f["body"] = t["body"]
        paid = status in ("TRADE_SUCCESS", "TRADE_FINISHED")
        if paid or t.get("buyer_id"):
            f["buyer_id"] = t.get("buyer_id") or DEFAULT_BUYER[0]
        if paid:
            f["invoice_amount"] = t["total_amount"]
        f["notify_id"] = secrets.token_hex(17)
        if paid:
            f["fund_bill_list"] = json.dumps(
                [{"amount": t["total_amount"],
                  "fundChannel": "ALIPAYACCOUNT"}], separators=(",", ":"))
        f["notify_type"] = "trade_status_sync"
        f["trade_status"] = status
        if paid:
            f["receipt_amount"] = t["total_amount"]
            f["buyer_pay_amount"] = t["total_amount"]
        f["app_id"] = st.app_id
        f["sign_type"] = "RSA2"
        if paid:
            f["point_amount"] = "0.00"
        f["notify_time"] = now
        f["version"] = "1.0"
        f["out_trade_no"] = t["out_trade_no"]
        f["total_amount"] = t["total_amount"]
        f["trade_no"] = t["trade_no"]
        f["auth_app_id"] = st.app_id
        if paid or t.get("buyer_logon_id"):
            f["buyer_logon_id"] = t.get("buyer_logon_id") or \
                DEFAULT_BUYER[1]
        if paid:
            f["gmt_payment"] = t.get("gmt_payment") or now
        if status == "TRADE_CLOSED":
            f["gmt_close"] = t.get("gmt_close") or now
        if t.get("passback_params"):
            f["passback_params"] = t["passback_params"]
        return f

    def deliver(self, out_no, url, form, replay=False):
        """POST a notify and remember what came back."""
        st = self.state
        r = post_form(url, form, st.notify_timeout)
        rec = {"notify_id": form.get("notify_id"), "url": url,
               "form": dict(form), "status": r["status"], "body": r["body"],
               "acked": r["status"] == 200 and r["body"] == "success",
               "error": r["error"], "replay": replay, "time": time.time()}
        with st.lock:
            if not replay and form.get("notify_id"):
                st.sent[form["notify_id"]] = (out_no, url, dict(form))
            t = st.trades.get(out_no)
            if t is not None:
                t["notifies"].append(rec)
        return dict(rec)

    def return_location(self, t):
        """return_url with the §4 signed parameters."""
        st = self.state
        p = {"charset": "utf-8", "out_trade_no": t["out_trade_no"],
             "method": "alipay.trade.wap.pay.return",
             "total_amount": t["total_amount"], "sign_type": "RSA2",
             "trade_no": t["trade_no"], "auth_app_id": st.app_id,
             "version": "1.0", "app_id": st.app_id,
             "seller_id": st.seller_id, "timestamp": now_bj()}
        p["sign"] = rsa2_sign(st.key, sign_content(
            p, ("sign", "sign_type")).encode("utf-8"))
        return add_query(t["return_url"], p)

    # -- alipay.trade.query -----------------------------------------------

    def trade_query(self, params):
        st = self.state
        biz = biz_of(params)
        tno, ono = biz.get("trade_no"), biz.get("out_trade_no")
        if not (isinstance(tno, str) and tno) and \
                not (isinstance(ono, str) and ono):
            raise ApiError("40004", "ACQ.INVALID_PARAMETER",
                           "参数无效: out_trade_no, trade_no")
        with st.lock:
            if isinstance(tno, str) and tno:
                ono = st.trade_nos.get(tno)
            t = st.trades.get(ono) if isinstance(ono, str) else None
            t = dict(t) if t is not None else None
        if t is None:
            raise ApiError("40004", "ACQ.TRADE_NOT_EXIST", "交易不存在")
        ans = {"code": "10000", "msg": "Success",
               "trade_no": t["trade_no"], "out_trade_no": t["out_trade_no"],
               "trade_status": t["trade_status"],
               "total_amount": t["total_amount"]}
        if t.get("buyer_id"):
            ans.update(buyer_logon_id=t["buyer_logon_id"],
                       buyer_user_id=t["buyer_id"])
        if t.get("gmt_payment"):
            ans.update(buyer_pay_amount=t["total_amount"],
                       receipt_amount=t["total_amount"],
                       invoice_amount=t["total_amount"],
                       point_amount="0.00", send_pay_date=t["gmt_payment"],
                       fund_bill_list=[{"amount": t["total_amount"],
                                        "fund_channel": "ALIPAYACCOUNT"}])
        return ans

    # -- refunds ------------------------------------------------------------

    def refund_trade(self, biz):
        """The trade biz names (out_trade_no or trade_no), with the lock
        held by the caller; ApiError when unknown."""
        st = self.state
        tno, ono = biz.get("trade_no"), biz.get("out_trade_no")
        if not (isinstance(tno, str) and tno) and \
                not (isinstance(ono, str) and ono):
            raise ApiError("40004", "ACQ.INVALID_PARAMETER",
                           "参数无效: out_trade_no, trade_no")
        if isinstance(tno, str) and tno:
            ono = st.trade_nos.get(tno)
        t = st.trades.get(ono) if isinstance(ono, str) else None
        if t is None:
            raise ApiError("40004", "ACQ.TRADE_NOT_EXIST", "交易不存在")
        return t

    def refund(self, params):
        st = self.state
        biz = biz_of(params)
        amount = parse_amount(biz.get("refund_amount"))
        if amount is None or amount <= 0:
            raise ApiError("40004", "ACQ.INVALID_PARAMETER",
                           "参数无效: refund_amount")
        req = biz.get("out_request_no")
        reason = biz.get("refund_reason")
        if reason is not None and (not isinstance(reason, str) or
                                   len(reason) > 256):
            raise ApiError("40004", "ACQ.INVALID_PARAMETER",
                           "参数无效: refund_reason")
        with st.lock:
            t = self.refund_trade(biz)
            ono = t["out_trade_no"]
            # Without out_request_no Alipay takes the trade's number (one
            # refund per trade).
            if req is None:
                req = ono
            if not isinstance(req, str) or not OUT_BIZ_NO_RE.match(req):
                raise ApiError("40004", "ACQ.INVALID_PARAMETER",
                               "参数无效: out_request_no")
            mine = [r for r in st.refunds.values()
                    if r["out_trade_no"] == ono]
            total = sum((r["amount"] for r in mine), Decimal(0))
            r = st.refunds.get((ono, req))
            if r is not None:
                if r["amount"] != amount:
                    raise ApiError("40004", "ACQ.DISCORDANT_REPEAT_REQUEST",
                                   "请求重复但参数不一致")
                r["requests"] += 1
                fund_change = "N"
            else:
                if t["trade_status"] not in ("TRADE_SUCCESS",):
                    raise ApiError("40004", "ACQ.TRADE_STATUS_ERROR",
                                   "交易状态不合法")
                if total + amount > parse_amount(t["total_amount"]):
                    raise ApiError("40004", "ACQ.REFUND_AMT_NOT_EQUAL_TOTAL",
                                   "退款金额超限")
                r = {"out_trade_no": ono, "trade_no": t["trade_no"],
                     "out_request_no": req, "amount": amount,
                     "refund_amount": yuan(amount),
                     "refund_reason": reason, "gmt_refund_pay": now_bj(),
                     "requests": 1}
                st.refunds[(ono, req)] = r
                total += amount
                fund_change = "Y"
                if total == parse_amount(t["total_amount"]):
                    t["trade_status"] = "TRADE_CLOSED"
                    t["gmt_close"] = r["gmt_refund_pay"]
            ans = {"code": "10000", "msg": "Success",
                   "trade_no": t["trade_no"], "out_trade_no": ono,
                   "buyer_logon_id": t.get("buyer_logon_id") or "",
                   "fund_change": fund_change, "refund_fee": yuan(total),
                   "gmt_refund_pay": r["gmt_refund_pay"],
                   "buyer_user_id": t.get("buyer_id") or ""}
        return {k: v for k, v in ans.items() if v != ""}

    def refund_query(self, params):
        st = self.state
        biz = biz_of(params)
        req = biz.get("out_request_no")
        if not isinstance(req, str) or not req:
            raise ApiError("40004", "ACQ.INVALID_PARAMETER",
                           "参数无效: out_request_no")
        with st.lock:
            t = self.refund_trade(biz)
            r = st.refunds.get((t["out_trade_no"], req))
            r = dict(r) if r is not None else None
            t = dict(t)
        # Alipay answers an unknown refund with a success that carries no
        # refund: only its absence says so.
        ans = {"code": "10000", "msg": "Success", "trade_no": t["trade_no"],
               "out_trade_no": t["out_trade_no"]}
        if r is not None:
            ans.update(out_request_no=req, refund_amount=r["refund_amount"],
                       total_amount=t["total_amount"],
                       refund_status="REFUND_SUCCESS",
                       gmt_refund_pay=r["gmt_refund_pay"])
            if r.get("refund_reason"):
                ans["refund_reason"] = r["refund_reason"]
        return ans

    # -- user authorization -------------------------------------------------

    def authorize(self, rawq):
        """publicAppAuthorize.htm: no consent page, the user (next_user or
        a random one) agrees at once."""
        st = self.state
        try:
            q = dict(urllib.parse.parse_qsl(rawq, keep_blank_values=True,
                                            max_num_fields=MAX_FIELDS))
        except ValueError:
            q = {}
        st.record({"kind": "authorize", "http_method": self.command,
                   "method": None, "params": dict(q), "time": time.time()})
        if q.get("app_id") != st.app_id:
            return self.auth_error("isv.invalid-app-id", "无效的AppID参数")
        scope = q.get("scope", "")
        scopes = [s for s in scope.split(",") if s]
        if not scopes or any(not re.match(r"^auth_[a-z_]{1,40}$", s)
                             for s in scopes):
            return self.auth_error("invalid-scope", "scope参数无效")
        redirect_uri = q.get("redirect_uri", "")
        with st.lock:
            prefix = st.options["redirect_prefix"]
        if not http_url(redirect_uri, 1024) or \
                (prefix and not redirect_uri.startswith(prefix)):
            return self.auth_error("invalid-redirect-uri",
                                   "redirect_uri与应用配置的授权回调地址不一致")
        with st.lock:
            nu = st.next_user
            if nu is not None and not nu.get("sticky"):
                st.next_user = None
        user_id = (nu or {}).get("user_id") or new_user_id()
        granted = (nu or {}).get("scope") or ",".join(scopes)
        code = self.mint_code(user_id, granted, CODE_TTL)
        back = {"app_id": st.app_id, "source": "alipay_wallet",
                "scope": scope, "auth_code": code}
        if "state" in q:
            back["state"] = q["state"]
        return self.redirect(add_query(redirect_uri, back))

    def auth_error(self, sub_code, msg):
        self.note = " " + sub_code
        return self.send_html(
            error_page(ApiError("40002", sub_code, msg)),
            headers=[("X-Fake-Alipay-Error", sub_code)])

    def mint_code(self, user_id, scope, ttl, code=None):
        code = code or secrets.token_hex(16)
        with self.state.lock:
            self.state.codes[code] = {"user_id": user_id, "scope": scope,
                                      "expires": time.time() + ttl}
        return code

    def oauth_token(self, params):
        st = self.state

        def fail(sub_code, msg):
            return ApiError("40002", sub_code, msg, node="error_response")

        grant = params.get("grant_type", "")
        now = time.time()
        if grant == "authorization_code":
            code = params.get("code", "")
            with st.lock:
                c = st.codes.pop(code, None) if code else None
            if c is None or c["expires"] < now:
                raise fail("isv.code-invalid", "授权码code无效")
            user_id, scope = c["user_id"], c["scope"]
        elif grant == "refresh_token":
            rt = params.get("refresh_token", "")
            with st.lock:
                r = st.refresh.get(rt) if rt else None
                if r is not None and r["expires"] >= now:
                    del st.refresh[rt]      # a refresh token is used once
            if r is None:
                raise fail("isv.refresh-token-invalid", "刷新令牌无效")
            if r["expires"] < now:
                raise fail("isv.refresh-token-time-out", "刷新令牌已过期")
            user_id, scope = r["user_id"], r["scope"]
        else:
            raise fail("isv.grant-type-invalid", "grant_type参数无效")
        access = "authusrB" + secrets.token_hex(20)
        refresh = "authusrB" + secrets.token_hex(20)
        with st.lock:
            st.tokens[access] = {"user_id": user_id, "scope": scope,
                                 "expires": now + TOKEN_TTL}
            st.refresh[refresh] = {"user_id": user_id, "scope": scope,
                                   "expires": now + REFRESH_TTL}
            with_code = st.options["oauth_success_code"]
        ans = {"code": "10000", "msg": "Success"} if with_code else {}
        ans.update(access_token=access, alipay_user_id=user_id,
                   auth_start=now_bj(), expires_in=TOKEN_TTL,
                   re_expires_in=REFRESH_TTL, refresh_token=refresh,
                   user_id=user_id)
        return ans

    # -- zhima.credit.score.get ---------------------------------------------

    def zhima_score(self, params):
        st = self.state
        tok = params.get("auth_token", "")
        with st.lock:
            t = st.tokens.get(tok) if tok else None
            t = dict(t) if t is not None else None
        if t is None:
            raise ApiError("20001", "aop.invalid-auth-token", "无效的访问令牌")
        if t["expires"] < time.time():
            raise ApiError("20001", "aop.auth-token-time-out", "访问令牌已过期")
        if "auth_zhima" not in t["scope"].split(","):
            raise ApiError("40006", "isv.insufficient-user-permissions",
                           "用户未授权auth_zhima")
        biz = biz_of(params)
        tid = biz.get("transaction_id")
        if not isinstance(tid, str) or not OUT_NO_RE.match(tid):
            raise ApiError("40002", "isv.invalid-parameter",
                           "参数无效: transaction_id")
        if biz.get("product_code") != ZHIMA_PRODUCT:
            raise ApiError("40002", "isv.invalid-parameter",
                           "参数无效: product_code")
        score = st.profile(t["user_id"]).get("zm_score")
        if score is None:
            h = hashlib.sha256(t["user_id"].encode()).digest()
            score = str(350 + int.from_bytes(h[:4], "big") % 601)
        now = time.time()
        with st.lock:
            first = st.zhima.get(tid)
            if first is None or now - first["time"] > ZHIMA_REUSE:
                first = {"time": now, "user_id": t["user_id"],
                         "biz_no": "ZM" + datetime.now(BEIJING).strftime(
                             "%Y%m%d%H%M%S") + digits(16),
                         "zm_score": score}
                st.zhima[tid] = first
        return {"code": "10000", "msg": "Success", "biz_no": first["biz_no"],
                "zm_score": first["zm_score"]}

    # -- transfers ----------------------------------------------------------

    def transfer(self, params):
        st = self.state
        biz = biz_of(params)
        bad = lambda what: ApiError("40004", "INVALID_PARAMETER",
                                    "参数有误: " + what)
        out_biz_no = biz.get("out_biz_no")
        if not isinstance(out_biz_no, str) or \
                not OUT_BIZ_NO_RE.match(out_biz_no):
            raise bad("out_biz_no")
        ptype = biz.get("payee_type")
        if ptype not in ("ALIPAY_USERID", "ALIPAY_LOGONID"):
            raise bad("payee_type")
        acct = biz.get("payee_account")
        if not isinstance(acct, str) or not acct or len(acct) > 100:
            raise bad("payee_account")
        amount = parse_amount(biz.get("amount"))
        if amount is None:
            raise bad("amount")
        opt = {}
        for k, limit in (("payer_show_name", 100), ("payee_real_name", 100),
                         ("remark", 200)):
            v = biz.get(k)
            if v is None or v == "":
                continue
            if not isinstance(v, str) or len(v) > limit:
                raise bad(k)
            opt[k] = v
        if amount < MIN_TRANSFER:
            raise ApiError("40004", "EXCEED_LIMIT_SM_MIN_AMOUNT",
                           "单笔最低转账金额0.1元")
        if amount > MAX_TRANSFER:
            raise ApiError("40004", "EXCEED_LIMIT_PERSONAL_SM_AMOUNT",
                           "转账给个人支付宝账户单笔最多5万元")
        if amount >= MAX_TRANSFER and not opt.get("remark"):
            raise ApiError("40004", "MEMO_REQUIRED_IN_TRANSFER_ERROR",
                           "根据监管部门的要求，单笔转账金额达到50000元时，"
                           "需要填写付款理由")
        if ptype == "ALIPAY_USERID" and not USER_ID_RE.match(acct):
            raise ApiError("40004", "PAYEE_NOT_EXIST", "收款账号不存在")
        if acct == st.seller_id:
            raise ApiError("40004", "PAYER_PAYEE_CANNOT_SAME",
                           "收付款方不能相同")
        name = st.profile(acct).get("name")
        if opt.get("payee_real_name") and name and \
                opt["payee_real_name"] != name:
            raise ApiError("40004", "PAYEE_USER_INFO_ERROR",
                           "支付宝账号和姓名不匹配，请确认姓名是否正确")
        key = (ptype, acct, amount, opt.get("payee_real_name"),
               opt.get("payer_show_name"), opt.get("remark"))
        with st.lock:
            x = st.transfers.get(out_biz_no)
            if x is not None:
                if x["key"] != key:
                    raise ApiError("40004", "PAYMENT_INFO_INCONSISTENCY",
                                   "两次请求商户单号一样，但是参数不一致")
                x["requests"] += 1
            else:
                now = datetime.now(BEIJING)
                x = {"out_biz_no": out_biz_no,
                     "order_id": now.strftime("%Y%m%d") + "110070001" +
                     digits(15),
                     "payee_type": ptype, "payee_account": acct,
                     "amount": yuan(amount), "pay_date":
                     now.strftime("%Y-%m-%d %H:%M:%S"), "requests": 1,
                     "key": key}
                x.update(opt)
                st.transfers[out_biz_no] = x
                st.orders[x["order_id"]] = out_biz_no
            return {"code": "10000", "msg": "Success",
                    "out_biz_no": out_biz_no, "order_id": x["order_id"],
                    "pay_date": x["pay_date"]}

    def transfer_query(self, params):
        st = self.state
        biz = biz_of(params)
        obn, oid = biz.get("out_biz_no"), biz.get("order_id")
        if not (isinstance(obn, str) and obn) and \
                not (isinstance(oid, str) and oid):
            raise ApiError("40004", "INVALID_PARAMETER",
                           "参数有误: out_biz_no, order_id")
        with st.lock:
            if isinstance(oid, str) and oid:
                obn = st.orders.get(oid)
            x = st.transfers.get(obn) if isinstance(obn, str) else None
            x = dict(x) if x is not None else None
        if x is None:
            raise ApiError("40004", "ORDER_NOT_EXIST", "转账订单不存在")
        return {"code": "10000", "msg": "Success",
                "order_id": x["order_id"], "out_biz_no": x["out_biz_no"],
                "status": "SUCCESS", "pay_date": x["pay_date"],
                "arrival_time_end": x["pay_date"], "order_fee": "0.00"}

    # -- test control -----------------------------------------------------

    def control(self, name, rawq, body):
        st = self.state
        q = dict(urllib.parse.parse_qsl(rawq))
        get = self.command in ("GET", "HEAD")
        post = self.command == "POST"
        spec = {}
        if post:
            try:
                spec = json.loads(body.decode("utf-8") or "{}")
            except ValueError as ex:
                return self.send_json({"error": "bad JSON: %s" % ex}, 400)
            if name != "script" and not isinstance(spec, dict):
                return self.send_json({"error": "a JSON object, please"},
                                      400)
        try:
            if name == "config" and get:
                return self.send_json({
                    "app_id": st.app_id, "seller_id": st.seller_id,
                    "alipay_public_key": spki_base64(st.key.public_key())})
            if name == "options" and (get or post):
                return self.send_json(self.set_options(spec))
            if name == "reset" and post:
                with st.lock:
                    st.reset()
                return self.send_json({})
            if name == "calls" and get:
                with st.lock:
                    calls = [dict(c) for c in st.calls
                             if "method" not in q or
                             c.get("method") == q["method"]]
                return self.send_json(calls)
            if name == "trades" and get:
                with st.lock:
                    ts = [trade_view(t) for t in st.trades.values()
                          if "out_trade_no" not in q or
                          t["out_trade_no"] == q["out_trade_no"]]
                return self.send_json(ts)
            if name == "transfers" and get:
                with st.lock:
                    xs = [{k: v for k, v in x.items() if k != "key"}
                          for x in st.transfers.values()]
                return self.send_json(xs)
            if name == "refunds" and get:
                with st.lock:
                    rs = [{k: v for k, v in r.items() if k != "amount"}
                          for r in st.refunds.values()
                          if "out_trade_no" not in q or
                          r["out_trade_no"] == q["out_trade_no"]]
                return self.send_json(rs)
            if name == "script" and get:
                with st.lock:
                    return self.send_json([dict(e) for e in st.script])
            if name == "script" and post:
                return self.send_json({"queued": self.add_script(spec)})
            if name == "next_user" and post:
                return self.send_json(self.set_next_user(spec))
            if name == "code" and post:
                return self.send_json(self.new_code(spec))
            if name == "expire_token" and post:
                return self.send_json(self.expire_token(spec))
            if name == "notify" and post:
                return self.send_json(self.notify_control(spec))
            if name == "pay" and post:
                out_no = spec.get("out_trade_no")
                if not isinstance(out_no, str):
                    raise ValueError("out_trade_no: a string")
                try:
                    res = self.pay(out_no, spec.get("buyer_id"),
                                   spec.get("buyer_logon_id"),
                                   notify=spec.get("notify", True)
                                   is not False)
                except ApiError as e:
                    return self.send_json({"error": e.sub_code}, 404 if
                                          e.sub_code == "ACQ.TRADE_NOT_EXIST"
                                          else 409)
                return self.send_json(res)
        except (ValueError, TypeError, KeyError) as ex:
            return self.send_json({"error": str(ex)}, 400)
        except LookupError as ex:
            return self.send_json({"error": str(ex)}, 404)
        return self.send_json({"error": "unknown control " + name}, 404)

    def set_options(self, spec):
        st = self.state
        for k, v in spec.items():
            if k not in DEFAULT_OPTIONS:
                raise ValueError("unknown option " + k)
            if k in ("sign_errors", "oauth_success_code") and \
                    not isinstance(v, bool):
                raise ValueError(k + ": true or false")
            if k == "max_skew" and v is not None and \
                    (isinstance(v, bool) or not isinstance(v, (int, float))):
                raise ValueError("max_skew: seconds or null")
            if k == "redirect_prefix" and v is not None and \
                    not isinstance(v, str):
                raise ValueError("redirect_prefix: a string or null")
        with st.lock:
            st.options.update(spec)
            return dict(st.options)

    def add_script(self, spec):
        entries = spec if isinstance(spec, list) else [spec]
        ok = []
        for e in entries:
            if not isinstance(e, dict):
                raise ValueError("script entries are JSON objects")
            method = e.get("method")
            if not isinstance(method, str) or not method:
                raise ValueError("method: a method name or \"*\"")
            sub_code = e.get("sub_code")
            if sub_code is not None and not isinstance(sub_code, str):
                raise ValueError("sub_code: a string")
            code = str(e.get("code") or (
                "20000" if (sub_code or "").startswith("isp.") else "40004"))
            count = int(e.get("count", 1))
            if count < 1:
                raise ValueError("count: at least 1")
            delay = float(e.get("delay") or 0)
            if not 0 <= delay <= 120:
                raise ValueError("delay: 0 to 120 seconds")
            if not sub_code and not e.get("hang_up") and not delay:
                raise ValueError("give sub_code, hang_up or delay")
            only = e.get("out_trade_no")
            if only is not None and (not isinstance(only, str) or not only):
                raise ValueError("out_trade_no: a trade's out_trade_no")
            ok.append({"method": method, "code": code, "sub_code": sub_code,
                       "sub_msg": e.get("sub_msg"), "count": count,
                       "always": bool(e.get("always")),
                       "out_trade_no": only,
                       "execute": bool(e.get("execute")),
                       "hang_up": bool(e.get("hang_up")), "delay": delay})
        with self.state.lock:
            self.state.script.extend(ok)
        return len(ok)

    def set_next_user(self, spec):
        user_id = spec.get("user_id") or new_user_id()
        if not isinstance(user_id, str) or not USER_ID_RE.match(user_id):
            raise ValueError("user_id: 2088 and 12 digits")
        scope = spec.get("scope")
        if scope is not None and (not isinstance(scope, str) or not scope):
            raise ValueError("scope: a non-empty string")
        self.state.set_profile(user_id, spec)
        nu = {"user_id": user_id, "scope": scope,
              "sticky": bool(spec.get("sticky"))}
        with self.state.lock:
            self.state.next_user = nu
        return dict(nu)

    def new_code(self, spec):
        user_id = spec.get("user_id") or new_user_id()
        if not isinstance(user_id, str) or not USER_ID_RE.match(user_id):
            raise ValueError("user_id: 2088 and 12 digits")
        scope = spec.get("scope", "auth_user")
        if not isinstance(scope, str) or not scope:
            raise ValueError("scope: a non-empty string")
        code = spec.get("code")
        if code is not None and (not isinstance(code, str) or not code):
            raise ValueError("code: a non-empty string")
        self.state.set_profile(user_id, spec)
        code = self.mint_code(user_id, scope,
                              float(spec.get("ttl", CODE_TTL)), code)
        return {"code": code, "user_id": user_id}

    def expire_token(self, spec):
        st = self.state
        user_id, token = spec.get("user_id"), spec.get("access_token")
        if not user_id and not token:
            raise ValueError("user_id or access_token")
        past = time.time() - 1
        n = 0
        with st.lock:
            tables = [st.tokens] + ([st.refresh] if spec.get("refresh")
                                    else [])
            for table in tables:
                for tok, t in table.items():
                    if tok == token or t["user_id"] == user_id:
                        t["expires"] = past
                        n += 1
        return {"expired": n}

    def notify_control(self, spec):
        """Send (or replay, or tamper with) a notify; see the docstring."""
        st = self.state
        if spec.get("replay"):
            with st.lock:
                sent = st.sent.get(spec["replay"])
            if sent is None:
                raise LookupError("no notify with that notify_id")
            out_no, url, form = sent
            url = spec.get("notify_url") or url
            if not isinstance(url, str):
                raise ValueError("notify_url: a string")
            return self.deliver(out_no, url, form, replay=True)
        out_no = spec.get("out_trade_no")
        if not isinstance(out_no, str):
            raise ValueError("out_trade_no: a string")
        status = spec.get("trade_status", "TRADE_SUCCESS")
        if not isinstance(status, str) or not status:
            raise ValueError("trade_status: a string")
        tamper = spec.get("tamper") or {}
        if not isinstance(tamper, dict):
            raise ValueError("tamper: an object")
        sign_with = spec.get("sign_with")
        if sign_with not in (None, "other"):
            raise ValueError("sign_with: \"other\"")
        resign = spec.get("resign", True)
        genuine = not tamper and sign_with is None
        with st.lock:
            t = st.trades.get(out_no)
            if t is None:
                raise LookupError("no such trade")
            if genuine and t["trade_status"] != status:
                now = now_bj()
                t["trade_status"] = status
                if status in ("TRADE_SUCCESS", "TRADE_FINISHED"):
                    t.setdefault("buyer_id", DEFAULT_BUYER[0])
                    t.setdefault("buyer_logon_id", DEFAULT_BUYER[1])
                    t.setdefault("gmt_payment", now)
                if status == "TRADE_CLOSED":
                    t.setdefault("gmt_close", now)
            snap = dict(t)
        url = spec.get("notify_url") or snap.get("notify_url")
        if not isinstance(url, str) or not url:
            raise ValueError("the trade has no notify_url; give one")
        form = self.notify_form(snap, status)

        def apply():
            for k, v in tamper.items():
                if v is None:
                    form.pop(k, None)
                else:
                    form[k] = str(v)

        if resign:
            apply()
        key = st.other() if sign_with == "other" else st.key
        form["sign"] = rsa2_sign(key, sign_content(
            form, ("sign", "sign_type")).encode("utf-8"))
        if not resign:
            apply()
        return self.deliver(out_no, url, form)


METHODS = {
    "alipay.trade.wap.pay": Handler.wap_pay,
    "alipay.trade.query": Handler.trade_query,
    "alipay.trade.refund": Handler.refund,
    "alipay.trade.fastpay.refund.query": Handler.refund_query,
    "alipay.system.oauth.token": Handler.oauth_token,
    "zhima.credit.score.get": Handler.zhima_score,
    "alipay.fund.trans.toaccount.transfer": Handler.transfer,
    "alipay.fund.trans.order.query": Handler.transfer_query,
}


def biz_of(params):
    """biz_content as a dict ({} when absent); numbers stay exact
    (Decimal)."""
    raw = params.get("biz_content", "")
    if raw == "":
        return {}
    try:
        biz = json.loads(raw, parse_float=Decimal)
    except ValueError:
        biz = None
    if not isinstance(biz, dict):
        raise ApiError("40002", "isv.invalid-parameter",
                       "biz_content不是合法的JSON对象")
    return biz


# -- pages ------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>%s</title></head>
<body>
%s
</body></html>
"""


def cashier_page(t):
    e = html.escape
    quit = ""
    if t.get("quit_url"):
        quit = '<p><a id="quit" href="%s">cancel</a></p>\n' % e(t["quit_url"])
    return PAGE % ("支付宝 - 收银台", """<h1>支付宝</h1>
<p id="subject">%s</p>
<p>¥<span id="total_amount">%s</span></p>
<p>out_trade_no <span id="out_trade_no">%s</span>,
trade_no <span id="trade_no">%s</span></p>
<form id="pay" method="post" action="/__pay/%s">
<input type="hidden" name="buyer_id" value="%s">
<input type="hidden" name="buyer_logon_id" value="%s">
<button type="submit">pay</button>
</form>
%s""" % (e(t["subject"]), e(t["total_amount"]), e(t["out_trade_no"]),
         e(t["trade_no"]), e(urllib.parse.quote(t["trade_no"])),
         DEFAULT_BUYER[0], DEFAULT_BUYER[1], quit))


def error_page(err):
    e = html.escape
    return PAGE % ("支付宝 - 错误", """<h1>出错了</h1>
<p>错误代码 <span id="sub_code">%s</span> (<span id="code">%s</span>)</p>
<p id="sub_msg">%s</p>""" % (e(err.sub_code), e(err.code), e(err.sub_msg)))


def message_page(title, text):
    return PAGE % (html.escape(title), '<p id="message">%s</p>' %
                   html.escape(text))


# -- main -------------------------------------------------------------------

class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    quiet = False


def main(argv=None):
    ap = argparse.ArgumentParser(description="fake Alipay OpenAPI gateway")
    ap.add_argument("--gen-keys", metavar="DIR",
                    help="write fresh test keys into DIR and exit")
    ap.add_argument("--port", type=int)
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--app-id")
    ap.add_argument("--app-public-key", metavar="FILE",
                    help="our app's public key (verifies our requests)")
    ap.add_argument("--private-key", metavar="FILE",
                    help="the fake Alipay's private key (signs answers)")
    ap.add_argument("--seller-id")
    ap.add_argument("--notify-timeout", type=float, default=15,
                    help="seconds to wait for a notify answer")
    ap.add_argument("--quiet", action="store_true",
                    help="no per-request log lines")
    a = ap.parse_args(argv)
    if a.gen_keys:
        gen_keys(a.gen_keys)
        return 0
    for opt in ("port", "app_id", "app_public_key", "private_key",
                "seller_id"):
        if getattr(a, opt) is None:
            ap.error("--%s is required" % opt.replace("_", "-"))
    try:
        app_pub = load_public_key(a.app_public_key)
        key = load_private_key(a.private_key)
    except (OSError, ValueError, TypeError, UnsupportedAlgorithm) as ex:
        ap.error("cannot load a key: %s" % ex)
    Handler.state = State(a.app_id, app_pub, key, a.seller_id,
                          a.notify_timeout)
    srv = Server((a.host, a.port), Handler)
    srv.quiet = a.quiet
    print("alipay fake listening on %d" % srv.server_address[1], flush=True)
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        srv.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
