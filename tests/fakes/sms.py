#!/usr/bin/python3
"""A local fake of Aliyun Dysmsapi's SendSms endpoint (API 2017-05-25).

Real HTTP on loopback, shaped like dysmsapi.aliyuncs.com as far as the
backend can tell (see shared/spec/sms-protocol.md sections 1-6):

  GET  /?<parameters>                      parameters in the query string
  POST /   (application/x-www-form-urlencoded body and/or query string;
            query and body parameters are merged, the first occurrence of
            a name wins, and signed together)

Everything is checked as Aliyun does, in this order; the first failure
answers (gateway errors are {"RequestId","Message","Recommend","HostId",
"Code"}, business errors HTTP 200 {"Message","RequestId","Code"}):

  path not "/"                         404 InvalidAction.NotFound
  method not GET or POST               405 UnsupportedHTTPMethod
  Format absent or XML                 the same answers as XML
  Format other than JSON/XML           400 InvalidParameter.Format
  Action missing / not SendSms         400 MissingAction /
                                       404 InvalidAction.NotFound
  Version missing / not 2017-05-25     400 MissingVersion / 400 InvalidVersion
  AccessKeyId missing / unknown        400 MissingAccessKeyId /
                                       404 InvalidAccessKeyId.NotFound
  SignatureMethod missing / not HMAC-SHA1
                                       400 MissingSignatureMethod /
                                       400 InvalidSignatureMethod
  SignatureVersion missing / not 1.0   400 MissingSignatureVersion /
                                       400 InvalidSignatureVersion
  Timestamp missing / not YYYY-MM-DDThh:mm:ssZ / over 15 minutes off
                                       400 MissingTimestamp /
                                       400 InvalidTimeStamp.Format /
                                       400 InvalidTimeStamp.Expired
  SignatureNonce missing               400 MissingSignatureNonce
  Signature missing / wrong            400 MissingSignature /
                                       400 SignatureDoesNotMatch (Message
                                       ends "server string to sign is:"
                                       and the fake's StringToSign)
  SignatureNonce seen before           400 SignatureNonceUsed (nonces are
                                       remembered once the signature is
                                       right, until reset)
  -- a scripted failure answers here (see /__fake__/script) --
  RegionId, PhoneNumbers, SignName, TemplateCode missing or empty
                                       400 Missing<Name> ("<Name> is
                                       mandatory for this action.")
  PhoneNumbers not one mainland number (11 digits, 1[3-9]..., no +86,
  no list)                             200 isv.MOBILE_NUMBER_ILLEGAL
  SignName / TemplateCode not the configured one (when --sign-name /
  --template-code are given)           200 isv.SMS_SIGNATURE_ILLEGAL /
                                       200 isv.SMS_TEMPLATE_ILLEGAL
  TemplateParam missing                200 isv.TEMPLATE_MISSING_PARAMETERS
  TemplateParam not a JSON object of string values
                                       200 isv.INVALID_JSON_PARAM
  TemplateParam without "code"         200 isv.TEMPLATE_MISSING_PARAMETERS
  "code" over 20 characters, OutId 256 or more
                                       200 isv.PARAM_LENGTH_LIMIT
  flow control (off unless enabled: 1 a minute, 5 an hour, 10 a day per
  sign name and number)                200 isv.BUSINESS_LIMIT_CONTROL
  otherwise                            200 {"Message":"OK","RequestId",
                                       "Code":"OK","BizId"} and the message
                                       is recorded

The statuses of InvalidVersion, InvalidAction.NotFound, the path and the
method are not confirmed for Aliyun (spec section 9); these are guesses.
JSON answers are sent as application/json;charset=utf-8.

Test control (not Aliyun's; JSON in, JSON out):

  GET  /__fake__/messages[?phone=N] -> [{"phone", "code", "sign_name",
                         "template_code", "time" (epoch seconds),
                         "biz_id", "request_id", "out_id" (or null)}]
                         every accepted SendSms, newest last
  GET  /__fake__/last?phone=N -> the newest message to N (its "code"
                         among the fields above), or 404 {"error"}
  POST /__fake__/script  {"code": "isv.BUSINESS_LIMIT_CONTROL" (any Code;
                          HTTP 200 for isv.*/isp.*, the spec's status for
                          known gateway codes, else 400),
                          "message": "..." (default: Aliyun's text),
                          "http_status": N (e.g. 500/503 alone answers
                          Aliyun's InternalError/ServiceUnavailable),
                          "garbage": true (a body that is not JSON),
                          "hang_up": true (close without an answer),
                          "delay_ms": N (wait first; alone, the request
                          then proceeds normally),
                          "count": K (default 1)}  (or a list of such)
                         the next K SendSms requests that pass the gateway
                         checks (signature, nonce, time) answer that way
                         and record no message  -> {"queued": N}
  GET  /__fake__/script  -> the queued scripted answers
  POST /__fake__/options {"flow_control": false, "max_skew": 900}
                         -> the options now in force (GET: the same)
  POST /__fake__/reset   forget messages, calls, nonces, scripts, flow
                         counts; options back to their defaults
  GET  /__fake__/calls   -> [{"method", "path", "params" (query and body
                         merged, the secret replaced by "***"), "in_query",
                         "in_body" (name lists), "content_type",
                         "signature_ok" (true/false, null when not
                         checked), "string_to_sign" (the fake's, null when
                         not computed), "http_status", "code" (answered),
                         "scripted", "time"}]  every request but control
  GET  /__fake__/config  -> {"access_key_id", "sign_name", "template_code"}
                         (never the secret)

Usage: sms.py --port P --access-key-id ID --secret-file FILE [--host H]
              [--sign-name S] [--template-code T] [--flow-control]
              [--quiet]
(--port 0 picks a free port; the line "sms fake listening on PORT" tells
which.  One log line per request goes to stderr unless --quiet; it never
holds the secret, the number or the code.)
"""

import argparse
import base64
import calendar
import hashlib
import hmac
import json
import re
import secrets
import sys
import threading
import time
import urllib.parse
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import escape as xml_escape

MAX_BODY = 64 * 1024        # bytes of a request body
MAX_CALLS = 10000           # calls remembered for /__fake__/calls
CODE_LEN_MAX = 20           # characters of the "code" variable
OUT_ID_MAX = 256            # OutId must be shorter
DEFAULT_OPTIONS = {"flow_control": False, "max_skew": 900}
FLOW_LIMITS = ((60, 1, "触发分钟级流控Permits:1"),
               (3600, 5, "触发小时级流控Permits:5"),
               (86400, 10, "触发天级流控Permits:10"))
HOST_ID = "dysmsapi.aliyuncs.com"
PHONE_RE = re.compile(r"^1[3-9][0-9]{9}$")
TIMESTAMP_RE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:"
                          r"[0-9]{2}Z$")

# Gateway codes: HTTP status and Aliyun's message.
GATEWAY = {
    "SignatureDoesNotMatch": (400, "Specified signature is not matched "
                              "with our calculation. server string to "
                              "sign is:"),
    "InvalidAccessKeyId.NotFound": (404, "Specified access key is not "
                                    "found."),
    "SignatureNonceUsed": (400, "Specified signature nonce was used "
                           "already."),
    "InvalidTimeStamp.Expired": (400, "Specified time stamp or date value "
                                 "is expired."),
    "InvalidTimeStamp.Format": (400, "Specified time stamp or date value "
                                "is not well formatted."),
    "InvalidVersion": (400, "Specified parameter Version is not valid."),
    "InvalidAction.NotFound": (404, "Specified api is not found, please "
                               "check your url and method."),
    "InvalidSignatureMethod": (400, "Specified signature method is not "
                               "supported."),
    "InvalidSignatureVersion": (400, "Specified signature version is not "
                                "valid."),
    "InvalidParameter.Format": (400, "Specified parameter Format is not "
                                "valid."),
    "UnsupportedHTTPMethod": (405, "Specified HTTP method is not "
                              "supported."),
    "InternalError": (500, "The request processing has failed due to some "
                      "unknown error, exception or failure."),
    "ServiceUnavailable": (503, "The request has failed due to a temporary "
                           "failure of the server."),
}

# Business codes: Aliyun's message.
BUSINESS = {
    "isv.BUSINESS_LIMIT_CONTROL": "触发分钟级流控Permits:1",
    "isv.MOBILE_NUMBER_ILLEGAL": "非法手机号",
    "isv.TEMPLATE_MISSING_PARAMETERS": "模板缺少变量",
    "isv.INVALID_JSON_PARAM": "JSON参数不合法，只接受字符串值",
    "isv.PARAM_LENGTH_LIMIT": "参数超出长度限制",
    "isv.SMS_SIGNATURE_ILLEGAL": "该账号下找不到对应签名",
    "isv.SMS_TEMPLATE_ILLEGAL": "该账号下找不到对应模板",
    "isv.DAY_LIMIT_CONTROL": "触发日发送限额",
    "isv.AMOUNT_NOT_ENOUGH": "账户余额不足",
    "isv.OUT_OF_SERVICE": "业务停机",
    "isp.SYSTEM_ERROR": "系统错误",
}

# Parameters whose absence is a gateway Missing<Name>, checked after the
# signature (the common ones are checked in order before it).
API_REQUIRED = ("RegionId", "PhoneNumbers", "SignName", "TemplateCode")


def request_id():
    return str(uuid.uuid4()).upper()


def biz_id():
    return "%d%s^0" % (secrets.randbelow(9) + 1,
                       "".join(str(secrets.randbelow(10))
                               for _ in range(17)))


def percent_encode(s):
    """Aliyun's percentEncode: unreserved kept, the rest %XX (upper)."""
    return urllib.parse.quote(s.encode("utf-8"), safe="-_.~")


def string_to_sign(method, params):
    canon = "&".join("%s=%s" % (percent_encode(k), percent_encode(v))
                     for k, v in sorted(params.items(),
                                        key=lambda kv: kv[0].encode("utf-8"))
                     if k != "Signature")
    return "%s&%s&%s" % (method, percent_encode("/"), percent_encode(canon))


def sign(secret, sts):
    mac = hmac.new((secret + "&").encode("utf-8"), sts.encode("utf-8"),
                   hashlib.sha1)
    return base64.b64encode(mac.digest()).decode("ascii")


class Refusal(Exception):
    """An answer other than success: Code, HTTP status, Message."""

    def __init__(self, code, status=None, message=None, gateway=None):
        Exception.__init__(self, code)
        if gateway is None:
            gateway = not code.startswith(("isv.", "isp.")) and code != "OK"
        if status is None:
            status = GATEWAY.get(code, (400,))[0] if gateway else 200
        if message is None:
            message = (GATEWAY.get(code, (0, code))[1] if gateway
                       else BUSINESS.get(code, code))
        self.code = code
        self.status = status
        self.message = message
        self.gateway = gateway

    def body(self):
        rid = request_id()
        if self.gateway:
            return {"RequestId": rid, "Message": self.message,
                    "Recommend": "https://next.api.aliyun.com/troubleshoot"
                    "?q=%s&product=Dysmsapi" % self.code,
                    "HostId": HOST_ID, "Code": self.code}
        return {"Message": self.message, "RequestId": rid,
                "Code": self.code}


def missing(name):
    return Refusal("Missing" + name, 400,
                   "%s is mandatory for this action." % name, gateway=True)


class State:
    def __init__(self, key_id, secret, sign_name, template_code, flow):
        self.key_id = key_id
        self.secret = secret
        self.sign_name = sign_name
        self.template_code = template_code
        self.flow_default = flow
        self.lock = threading.Lock()
        self.reset()

    def reset(self):
        self.messages = []
        self.calls = []
        self.nonces = {}
        self.scripts = []
        self.sent = {}      # (sign_name, phone) -> [times]
        self.options = dict(DEFAULT_OPTIONS)
        self.options["flow_control"] = self.flow_default

    def redact(self, text):
        if not self.secret or not isinstance(text, str):
            return text
        for form in (self.secret, urllib.parse.quote(self.secret, safe=""),
                     urllib.parse.quote_plus(self.secret),
                     percent_encode(self.secret)):
            text = text.replace(form, "***")
        return text

    def take_script(self):
        with self.lock:
            if not self.scripts:
                return None
            s = self.scripts[0]
            s["count"] -= 1
            if s["count"] <= 0:
                self.scripts.pop(0)
            return dict(s)


def parse_script(spec):
    if not isinstance(spec, dict):
        raise ValueError("a script is a JSON object")
    s = {"count": spec.get("count", 1)}
    if not isinstance(s["count"], int) or s["count"] < 1:
        raise ValueError("count: a positive integer")
    if spec.get("code") is not None:
        if not isinstance(spec["code"], str) or not spec["code"] or \
                spec["code"] == "OK":
            raise ValueError("code: a non-empty Code other than OK")
        s["code"] = spec["code"]
    if spec.get("message") is not None:
        if not isinstance(spec["message"], str):
            raise ValueError("message: a string")
        s["message"] = spec["message"]
    if spec.get("http_status") is not None:
        st = spec["http_status"]
        if not isinstance(st, int) or not 100 <= st <= 599:
            raise ValueError("http_status: 100 to 599")
        s["http_status"] = st
    if spec.get("delay_ms") is not None:
        d = spec["delay_ms"]
        if not isinstance(d, (int, float)) or d < 0 or d > 60000:
            raise ValueError("delay_ms: 0 to 60000")
        s["delay_ms"] = d
    for flag in ("garbage", "hang_up"):
        if spec.get(flag) is not None:
            if not isinstance(spec[flag], bool):
                raise ValueError("%s: true or false" % flag)
            s[flag] = spec[flag]
    if not any(k in s for k in ("code", "http_status", "delay_ms")) and \
            not s.get("garbage") and not s.get("hang_up"):
        raise ValueError("a script needs code, http_status, garbage, "
                         "hang_up or delay_ms")
    return s


def to_xml(obj):
    root = "SendSmsResponse" if obj.get("Code") == "OK" or \
        "Recommend" not in obj else "Error"
    parts = ['<?xml version=\'1.0\' encoding=\'UTF-8\'?><%s>' % root]
    for k, v in obj.items():
        parts.append("<%s>%s</%s>" % (k, xml_escape(str(v)), k))
    parts.append("</%s>" % root)
    return "".join(parts)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "fake-dysmsapi/1"
    state = None  # set in main

    # -- plumbing ---------------------------------------------------------

    def log_request(self, code="-", size="-"):
        pass  # one line per request is written by handle_api/control

    def log_message(self, fmt, *args):
        if not self.server.quiet:
            sys.stderr.write("sms fake: %s\n" %
                             self.state.redact(fmt % args))

    def send_body(self, status, body, ctype):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def send_json(self, obj, status=200):
        body = json.dumps(obj, ensure_ascii=False).encode("utf-8")
        self.send_body(status, body, "application/json;charset=utf-8")

    def read_body(self):
        try:
            n = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            n = -1
        if n < 0 or n > MAX_BODY:
            self.close_connection = True
            return None
        return self.rfile.read(n) if n > 0 else b""

    # -- methods ----------------------------------------------------------

    def do_GET(self):
        self.dispatch()

    def do_POST(self):
        self.dispatch()

    def do_PUT(self):
        self.dispatch()

    def do_DELETE(self):
        self.dispatch()

    def dispatch(self):
        u = urllib.parse.urlsplit(self.path)
        body = self.read_body()
        if body is None:
            return self.send_json({"error": "body too large"}, 413)
        if u.path.startswith("/__fake__/"):
            return self.control(u.path, u.query, body)
        try:
            self.handle_api(u, body)
        except (BrokenPipeError, ConnectionResetError):
            pass
        except Exception as ex:  # a bug in the fake: say so, keep serving
            sys.stderr.write("sms fake: internal error %s: %s\n" %
                             (type(ex).__name__, ex))
            self.send_json({"error": "internal error in the fake"}, 500)

    # -- Aliyun -----------------------------------------------------------

    def handle_api(self, u, body):
        st = self.state
        qpairs = urllib.parse.parse_qsl(u.query, keep_blank_values=True,
                                        errors="replace")
        ctype = self.headers.get("Content-Type") or ""
        bpairs = []
        if self.command == "POST" and ctype.split(";")[0].strip().lower() \
                == "application/x-www-form-urlencoded":
            bpairs = urllib.parse.parse_qsl(body.decode("utf-8", "replace"),
                                            keep_blank_values=True,
                                            errors="replace")
        params = {}
        for k, v in qpairs + bpairs:
            params.setdefault(k, v)
        call = {"method": self.command, "path": u.path,
                "params": {k: ("***" if k == "AccessKeySecret"
                               else st.redact(v))
                           for k, v in params.items()},
                "in_query": [k for k, _ in qpairs],
                "in_body": [k for k, _ in bpairs],
                "content_type": ctype, "signature_ok": None,
                "string_to_sign": None, "scripted": False,
                "time": time.time()}
        fmt = params.get("Format", "XML")
        xml = fmt.upper() == "XML"
        script = None
        try:
            script = self.verify(u.path, params, call)
            if script is not None:
                call["scripted"] = True
                if script.get("delay_ms"):
                    time.sleep(script["delay_ms"] / 1000.0)
                if script.get("hang_up"):
                    call["http_status"] = None
                    call["code"] = None
                    self.record(call)
                    self.log_message("%s %s -> hang up (scripted)",
                                     self.command, u.path)
                    self.close_connection = True
                    return
                if script.get("garbage"):
                    status = script.get("http_status", 200)
                    call["http_status"] = status
                    call["code"] = None
                    self.record(call)
                    self.log_message("%s %s -> %d garbage (scripted)",
                                     self.command, u.path, status)
                    return self.send_body(
                        status, b"<html><body>upstream busy</body></html>",
                        "text/html;charset=utf-8")
                if "code" in script:
                    raise Refusal(script["code"],
                                  script.get("http_status"),
                                  script.get("message"))
                if "http_status" in script:
                    hs = script["http_status"]
                    code = {500: "InternalError",
                            503: "ServiceUnavailable"}.get(hs,
                                                          "InternalError")
                    raise Refusal(code, hs, script.get("message"),
                                  gateway=True)
            answer = self.send_sms(params)
            status = 200
        except Refusal as r:
            answer = r.body()
            status = r.status
        call["http_status"] = status
        call["code"] = answer["Code"]
        self.record(call)
        self.log_message("%s %s -> %d %s%s", self.command, u.path, status,
                         answer["Code"], " (scripted)" if script else "")
        if xml:
            return self.send_body(status, to_xml(answer).encode("utf-8"),
                                  "text/xml;charset=utf-8")
        return self.send_json(answer, status)

    def record(self, call):
        st = self.state
        with st.lock:
            st.calls.append(call)
            del st.calls[:-MAX_CALLS]

    def verify(self, path, p, call):
        """The gateway's checks; returns a scripted answer or None."""
        st = self.state
        if path != "/":
            raise Refusal("InvalidAction.NotFound")
        if self.command not in ("GET", "POST"):
            raise Refusal("UnsupportedHTTPMethod")
        if p.get("Format", "XML").upper() not in ("JSON", "XML"):
            raise Refusal("InvalidParameter.Format")
        for name, want, bad in (("Action", "SendSms",
                                 "InvalidAction.NotFound"),
                                ("Version", "2017-05-25", "InvalidVersion")):
            if not p.get(name):
                raise missing(name)
            if p[name] != want:
                raise Refusal(bad)
        if not p.get("AccessKeyId"):
            raise missing("AccessKeyId")
        if p["AccessKeyId"] != st.key_id:
            raise Refusal("InvalidAccessKeyId.NotFound")
        for name, want, bad in (("SignatureMethod", "HMAC-SHA1",
                                 "InvalidSignatureMethod"),
                                ("SignatureVersion", "1.0",
                                 "InvalidSignatureVersion")):
            if not p.get(name):
                raise missing(name)
            if p[name] != want:
                raise Refusal(bad)
        if not p.get("Timestamp"):
            raise missing("Timestamp")
        ts = p["Timestamp"]
        if not TIMESTAMP_RE.match(ts):
            raise Refusal("InvalidTimeStamp.Format")
        try:
            t = calendar.timegm(time.strptime(ts, "%Y-%m-%dT%H:%M:%SZ"))
        except ValueError:
            raise Refusal("InvalidTimeStamp.Format")
        with st.lock:
            skew = st.options["max_skew"]
        if abs(time.time() - t) > skew:
            raise Refusal("InvalidTimeStamp.Expired")
        if not p.get("SignatureNonce"):
            raise missing("SignatureNonce")
        if not p.get("Signature"):
            raise missing("Signature")
        sts = string_to_sign(self.command, p)
        call["string_to_sign"] = sts
        ok = hmac.compare_digest(sign(st.secret, sts).encode("utf-8"),
                                 p["Signature"].encode("utf-8"))
        call["signature_ok"] = ok
        if not ok:
            raise Refusal("SignatureDoesNotMatch", 400,
                          GATEWAY["SignatureDoesNotMatch"][1] + sts)
        with st.lock:
            used = p["SignatureNonce"] in st.nonces
            if not used:
                st.nonces[p["SignatureNonce"]] = time.time()
        if used:
            raise Refusal("SignatureNonceUsed")
        return st.take_script()

    def send_sms(self, p):
        st = self.state
        for name in API_REQUIRED:
            if not p.get(name):
                raise missing(name)
        phone = p["PhoneNumbers"]
        if not PHONE_RE.match(phone):
            raise Refusal("isv.MOBILE_NUMBER_ILLEGAL")
        if st.sign_name is not None and p["SignName"] != st.sign_name:
            raise Refusal("isv.SMS_SIGNATURE_ILLEGAL")
        if st.template_code is not None and \
                p["TemplateCode"] != st.template_code:
            raise Refusal("isv.SMS_TEMPLATE_ILLEGAL")
        if not p.get("TemplateParam"):
            raise Refusal("isv.TEMPLATE_MISSING_PARAMETERS")
        try:
            tp = json.loads(p["TemplateParam"])
        except ValueError:
            raise Refusal("isv.INVALID_JSON_PARAM")
        if not isinstance(tp, dict) or \
                not all(isinstance(v, str) for v in tp.values()):
            raise Refusal("isv.INVALID_JSON_PARAM")
        if "code" not in tp:
            raise Refusal("isv.TEMPLATE_MISSING_PARAMETERS")
        code = tp["code"]
        if len(code) > CODE_LEN_MAX or \
                len(p.get("OutId", "")) >= OUT_ID_MAX:
            raise Refusal("isv.PARAM_LENGTH_LIMIT")
        now = time.time()
        key = (p["SignName"], phone)
        with st.lock:
            if st.options["flow_control"]:
                times = [x for x in st.sent.get(key, []) if now - x < 86400]
                for window, limit, msg in FLOW_LIMITS:
                    if sum(1 for x in times if now - x < window) >= limit:
                        raise Refusal("isv.BUSINESS_LIMIT_CONTROL", 200, msg)
                st.sent[key] = times + [now]
            rid, bid = request_id(), biz_id()
            st.messages.append({
                "phone": phone, "code": code, "sign_name": p["SignName"],
                "template_code": p["TemplateCode"], "time": now,
                "biz_id": bid, "request_id": rid,
                "out_id": p.get("OutId")})
        return {"Message": "OK", "RequestId": rid, "Code": "OK",
                "BizId": bid}

    # -- test control -----------------------------------------------------

    def control(self, path, rawq, body):
        st = self.state
        q = dict(urllib.parse.parse_qsl(rawq, keep_blank_values=True))
        get = self.command == "GET"
        post = self.command == "POST"
        if path == "/__fake__/messages" and get:
            with st.lock:
                msgs = [dict(m) for m in st.messages
                        if "phone" not in q or m["phone"] == q["phone"]]
            return self.send_json(msgs)
        if path == "/__fake__/last" and get:
            if not q.get("phone"):
                return self.send_json({"error": "phone is required"}, 400)
            with st.lock:
                msgs = [m for m in st.messages if m["phone"] == q["phone"]]
                last = dict(msgs[-1]) if msgs else None
            if last is None:
                return self.send_json({"error": "no message to that "
                                       "number"}, 404)
            return self.send_json(last)
        if path == "/__fake__/calls" and get:
            with st.lock:
                calls = [dict(c) for c in st.calls]
            return self.send_json(calls)
        if path == "/__fake__/config" and get:
            return self.send_json({"access_key_id": st.key_id,
                                   "sign_name": st.sign_name,
                                   "template_code": st.template_code})
        if path == "/__fake__/reset" and post:
            with st.lock:
                st.reset()
            return self.send_json({})
        if path == "/__fake__/script" and get:
            with st.lock:
                return self.send_json([dict(s) for s in st.scripts])
        if path == "/__fake__/options" and get:
            with st.lock:
                return self.send_json(dict(st.options))
        if path in ("/__fake__/script", "/__fake__/options") and post:
            try:
                spec = json.loads(body.decode("utf-8") or "{}")
                if path.endswith("script"):
                    specs = spec if isinstance(spec, list) else [spec]
                    scripts = [parse_script(s) for s in specs]
                    with st.lock:
                        st.scripts.extend(scripts)
                        n = len(st.scripts)
                    return self.send_json({"queued": n})
                opts = self.parse_options(spec)
            except (ValueError, TypeError, UnicodeDecodeError) as ex:
                return self.send_json({"error": str(ex)}, 400)
            with st.lock:
                st.options.update(opts)
                return self.send_json(dict(st.options))
        return self.send_json({"error": "unknown control " + path}, 404)

    @staticmethod
    def parse_options(spec):
        if not isinstance(spec, dict):
            raise ValueError("options are a JSON object")
        out = {}
        for k, v in spec.items():
            if k == "flow_control" and isinstance(v, bool):
                out[k] = v
            elif k == "max_skew" and isinstance(v, (int, float)) and \
                    not isinstance(v, bool) and v >= 0:
                out[k] = v
            else:
                raise ValueError("unknown or bad option %s" % k)
        return out


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    quiet = False


def main(argv=None):
    ap = argparse.ArgumentParser(description="fake Aliyun SendSms server")
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--access-key-id", required=True)
    ap.add_argument("--secret-file", required=True)
    ap.add_argument("--sign-name", help="the only SignName accepted")
    ap.add_argument("--template-code", help="the only TemplateCode accepted")
    ap.add_argument("--flow-control", action="store_true",
                    help="enforce Aliyun's default flow control")
    ap.add_argument("--quiet", action="store_true",
                    help="no per-request log lines")
    a = ap.parse_args(argv)
    with open(a.secret_file, encoding="utf-8") as f:
        secret = f.readline().rstrip("\r\n")
    if not secret:
        ap.error("the secret file's first line is empty")
    Handler.state = State(a.access_key_id, secret, a.sign_name,
                          a.template_code, a.flow_control)
    srv = Server((a.host, a.port), Handler)
    srv.quiet = a.quiet
    print("sms fake listening on %d" % srv.server_address[1], flush=True)
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        srv.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
