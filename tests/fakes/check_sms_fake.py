#!/usr/bin/python3
"""Self-check of the fake Aliyun SendSms endpoint (tests/fakes/sms.py).

Starts the fake on a free port and uses it as the backend would: signs
requests with an independent implementation of Aliyun's signature
version 1.0 (checked first against the spec's worked examples), sends
good and bad ones, and checks the answers, the messages endpoints,
scripted failures and that the secret never shows up.  Prints one line
per failed check and "N passed, N failed"; exits 1 when anything failed.

Usage: /usr/bin/python3 tests/fakes/check_sms_fake.py [-v]
"""

import base64
import hashlib
import hmac
import http.client
import json
import os
import re
import shutil
import socket
import sys
import tempfile
import time
import urllib.parse
import uuid
from datetime import datetime, timedelta, timezone

from fakecheck import (VERBOSE, check, control, http_req, run_parts, start,
                       summary)

HERE = os.path.dirname(os.path.abspath(__file__))
FAKE = os.path.join(HERE, "sms.py")
KEY_ID = "LTAIfake000000000001"
SECRET = "fake-sms-secret+/=&0123456789"
SIGN_NAME = "租房"
TEMPLATE = "SMS_000000001"
PHONE = "13800138000"



# -- Aliyun's signature, written from the spec (not from the fake) ---------

UNRESERVED = set(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                 b"0123456789-_.~")


def pct(s):
    return "".join(chr(b) if b in UNRESERVED else "%%%02X" % b
                   for b in s.encode("utf-8"))


def canonical(params):
    items = sorted(((k.encode("utf-8"), k, v) for k, v in params.items()
                    if k != "Signature"))
    return "&".join(pct(k) + "=" + pct(v) for _, k, v in items)


def sts_of(method, params):
    return method + "&" + pct("/") + "&" + pct(canonical(params))


def signature(secret, method, params):
    mac = hmac.new((secret + "&").encode("utf-8"),
                   sts_of(method, params).encode("utf-8"), hashlib.sha1)
    return base64.b64encode(mac.digest()).decode("ascii")


def utc(delta=0):
    t = datetime.now(timezone.utc) + timedelta(seconds=delta)
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def params_for(phone=PHONE, code="123456", **over):
    p = {"AccessKeyId": KEY_ID, "Action": "SendSms", "Format": "JSON",
         "RegionId": "cn-hangzhou", "SignatureMethod": "HMAC-SHA1",
         "SignatureNonce": str(uuid.uuid4()), "SignatureVersion": "1.0",
         "Timestamp": utc(), "Version": "2017-05-25",
         "PhoneNumbers": phone, "SignName": SIGN_NAME,
         "TemplateCode": TEMPLATE,
         "TemplateParam": json.dumps({"code": code}, separators=(",", ":"))}
    for k, v in over.items():
        if v is None:
            p.pop(k, None)
        else:
            p[k] = v
    return p


def signed(method="POST", secret=SECRET, **over):
    p = params_for(**over)
    p["Signature"] = signature(secret, method, p)
    return p


def check_vectors():
    check("percentEncode: the Java SDK vector",
          pct("123abc!@#$%^&*()-=_+ ~|\\/") ==
          "123abc%21%40%23%24%25%5E%26%2A%28%29-%3D_%2B%20~%7C%5C%2F")
    p = {"AccessKeyId": "LTAIacc00000000000001", "Action": "SendSms",
         "Format": "JSON", "OutId": "7 a*b~c", "PhoneNumbers": "13800138000",
         "RegionId": "cn-hangzhou", "SignName": "租房",
         "SignatureMethod": "HMAC-SHA1",
         "SignatureNonce": "3f1c2a5e-8b7d-4e21-9a60-0c4b5d6e7f80",
         "SignatureVersion": "1.0", "TemplateCode": "SMS_000000001",
         "TemplateParam": '{"code":"123456"}',
         "Timestamp": "2026-01-15T08:30:00Z", "Version": "2017-05-25"}
    sec = "acc-sms-secret-0123456789"
    check("worked example: GET signature",
          signature(sec, "GET", p) == "NnOEX2hLwA+48W60TUaCybcIu5E=")
    check("worked example: POST signature",
          signature(sec, "POST", p) == "eyAyB27fHt1tcvyduMqs4l64sVk=")
    d = {"AccessKeyId": "testId", "Action": "SendSms", "Format": "XML",
         "OutId": "123", "PhoneNumbers": "15300000001",
         "RegionId": "cn-hangzhou", "SignName": "阿里云短信测试专用",
         "SignatureMethod": "HMAC-SHA1",
         "SignatureNonce": "45e25e9b-0a6f-4070-8c85-2956eda1b466",
         "SignatureVersion": "1.0", "TemplateCode": "SMS_71390007",
         "TemplateParam": '{"customer":"test"}',
         "Timestamp": "2017-07-12T02:42:19Z", "Version": "2017-05-25"}
    check("Aliyun's documented example",
          signature("testSecret", "GET", d) == "zJDF+Lrzhj/ThnlvIToysFRq6t4=")


# -- HTTP -------------------------------------------------------------------



def enc(params):
    return "&".join(pct(k) + "=" + pct(v) for k, v in params.items())


def send(port, params, method="POST", where="body", raw=None):
    """status, headers, parsed JSON (None when not JSON), raw body."""
    q = raw if raw is not None else enc(params)
    if method == "GET" or where == "query":
        st, hdr, body = http_req(port, method, "/?" + q)
    else:
        st, hdr, body = http_req(
            port, method, "/", q.encode("utf-8"),
            {"Content-Type": "application/x-www-form-urlencoded"})
    try:
        ans = json.loads(body.decode("utf-8"))
    except ValueError:
        ans = None
    return st, hdr, ans, body


def gateway_shaped(ans, code):
    return isinstance(ans, dict) and ans.get("Code") == code and \
        sorted(ans) == ["Code", "HostId", "Message", "Recommend",
                        "RequestId"]


def business_shaped(ans, code):
    return isinstance(ans, dict) and ans.get("Code") == code and \
        sorted(ans) == ["Code", "Message", "RequestId"]


RID_RE = re.compile(r"^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-"
                    r"[0-9A-F]{12}$")
BIZ_RE = re.compile(r"^[0-9]{18}\^0$")


def check_success(port):
    for method, where in (("POST", "body"), ("GET", "query"),
                          ("POST", "query")):
        p = signed(method, code="4%d1234" % len(where))
        st, hdr, ans, _ = send(port, p, method, where)
        check("%s in the %s: HTTP 200 OK" % (method, where),
              st == 200 and isinstance(ans, dict) and
              list(ans) == ["Message", "RequestId", "Code", "BizId"] and
              ans["Code"] == "OK" and ans["Message"] == "OK" and
              RID_RE.match(ans["RequestId"]) is not None and
              BIZ_RE.match(ans["BizId"]) is not None, (st, ans))
        check("%s in the %s: JSON content type" % (method, where),
              hdr.get("Content-Type") == "application/json;charset=utf-8",
              hdr)
    # Split between the query and the body: signed together.
    p = signed("POST", code="555000")
    keys = list(p)
    q = {k: p[k] for k in keys[:5]}
    b = {k: p[k] for k in keys[5:]}
    st, _, body = http_req(port, "POST", "/?" + enc(q),
                           enc(b).encode(),
                           {"Content-Type":
                            "application/x-www-form-urlencoded; "
                            "charset=UTF-8"})
    ans = json.loads(body)
    check("POST split between query and body: OK",
          st == 200 and ans["Code"] == "OK", ans)
    # Format absent: Aliyun answers XML.
    p = signed("GET", Format=None)
    st, hdr, ans, raw = send(port, p, "GET")
    check("no Format: an XML answer", st == 200 and ans is None and
          raw.startswith(b"<?xml") and b"<Code>OK</Code>" in raw and
          hdr.get("Content-Type", "").startswith("text/xml"), raw[:200])
    st, msgs = control(port, "messages")
    check("messages: one per accepted request, newest last",
          st == 200 and [m["code"] for m in msgs] ==
          ["441234", "451234", "451234", "555000", "123456"], msgs)
    m = msgs[-1] if msgs else {}
    check("a message's fields",
          m.get("phone") == PHONE and m.get("sign_name") == SIGN_NAME and
          m.get("template_code") == TEMPLATE and
          isinstance(m.get("time"), float) and
          BIZ_RE.match(m.get("biz_id", "")) is not None, m)
    p = signed(phone="13900139000", code="999111")
    st, _, ans, _ = send(port, p)
    st, msgs = control(port, "messages", query="phone=13900139000")
    check("messages?phone= filters",
          st == 200 and [m["code"] for m in msgs] == ["999111"] and
          msgs[0]["biz_id"] == ans["BizId"], msgs)
    st, last = control(port, "last", query="phone=" + PHONE)
    check("last?phone= gives the newest code",
          st == 200 and last.get("code") == "123456", last)
    st, last = control(port, "last", query="phone=13700137000")
    check("last for a number never sent to: 404", st == 404, last)
    st, last = control(port, "last")
    check("last without phone: 400", st == 400, last)


def check_gateway(port):
    p = signed()
    p["Signature"] = signature("other-secret", "POST", p)
    st, _, ans, _ = send(port, p)
    check("wrong secret: 400 SignatureDoesNotMatch",
          st == 400 and gateway_shaped(ans, "SignatureDoesNotMatch"), ans)
    check("SignatureDoesNotMatch gives the server's StringToSign",
          ans and ans["Message"].endswith("server string to sign is:" +
                                          sts_of("POST", p)), ans)
    p = signed("GET")
    st, _, ans, _ = send(port, p, "POST")
    check("signed for GET, sent as POST: SignatureDoesNotMatch",
          st == 400 and gateway_shaped(ans, "SignatureDoesNotMatch"), ans)
    p = signed()
    p["SignName"] = "改了"
    st, _, ans, _ = send(port, p)
    check("a parameter changed after signing: SignatureDoesNotMatch",
          st == 400 and gateway_shaped(ans, "SignatureDoesNotMatch"), ans)
    # A bare '+' in the signature arrives as a space.
    for _ in range(200):
        p = signed()
        if "+" in p["Signature"]:
            break
    raw = "&".join(pct(k) + "=" + (v if k == "Signature" else pct(v))
                   for k, v in p.items())
    st, _, ans, _ = send(port, p, raw=raw)
    check("a bare + in the Signature: SignatureDoesNotMatch",
          "+" in p["Signature"] and st == 400 and
          gateway_shaped(ans, "SignatureDoesNotMatch"), (p["Signature"], ans))

    p = signed()
    st1, _, a1, _ = send(port, p)
    st2, _, a2, _ = send(port, p)
    check("the same nonce twice: OK, then 400 SignatureNonceUsed",
          st1 == 200 and a1["Code"] == "OK" and st2 == 400 and
          gateway_shaped(a2, "SignatureNonceUsed"), (a1, a2))
    p = signed(AccessKeyId="LTAIunknown000000001")
    st, _, ans, _ = send(port, p)
    check("unknown AccessKeyId: 404 InvalidAccessKeyId.NotFound",
          st == 404 and gateway_shaped(ans, "InvalidAccessKeyId.NotFound"),
          ans)
    for name, delta in (("20 minutes old", -1200), ("20 minutes ahead",
                                                     1200)):
        st, _, ans, _ = send(port, signed(Timestamp=utc(delta)))
        check("Timestamp %s: 400 InvalidTimeStamp.Expired" % name,
              st == 400 and gateway_shaped(ans, "InvalidTimeStamp.Expired"),
              ans)
    st, _, ans, _ = send(port, signed(Timestamp=utc(-600)))
    check("Timestamp 10 minutes old: OK", st == 200 and
          ans["Code"] == "OK", ans)
    local = (datetime.now(timezone.utc) + timedelta(hours=8)).strftime(
        "%Y-%m-%dT%H:%M:%SZ")
    st, _, ans, _ = send(port, signed(Timestamp=local))
    check("local time (UTC+8) as UTC: InvalidTimeStamp.Expired",
          st == 400 and gateway_shaped(ans, "InvalidTimeStamp.Expired"), ans)
    now = datetime.now(timezone.utc)
    for bad in (now.strftime("%Y-%m-%dT%H:%M:%S.123Z"),
                now.strftime("%Y-%m-%dT%H:%M:%S+00:00"),
                now.strftime("%Y-%m-%d %H:%M:%S"),
                now.strftime("%Y-%m-%dT%H:%M:%S"), "2026-13-45T25:00:00Z"):
        st, _, ans, _ = send(port, signed(Timestamp=bad))
        check("Timestamp %r: 400 InvalidTimeStamp.Format" % bad,
              st == 400 and gateway_shaped(ans, "InvalidTimeStamp.Format"),
              ans)
    for name, value, code, status in (
            ("Action", "SendBatchSms", "InvalidAction.NotFound", 404),
            ("Version", "2018-01-01", "InvalidVersion", 400),
            ("SignatureMethod", "HMAC-SHA256", "InvalidSignatureMethod", 400),
            ("SignatureVersion", "2.0", "InvalidSignatureVersion", 400)):
        st, _, ans, _ = send(port, signed(**{name: value}))
        check("%s=%s: %d %s" % (name, value, status, code),
              st == status and gateway_shaped(ans, code), (st, ans))
    for name in ("AccessKeyId", "Action", "Version", "SignatureMethod",
                 "SignatureVersion", "SignatureNonce", "Timestamp",
                 "RegionId", "PhoneNumbers", "SignName", "TemplateCode"):
        st, _, ans, _ = send(port, signed(**{name: None}))
        check("without %s: 400 Missing%s" % (name, name),
              st == 400 and gateway_shaped(ans, "Missing" + name) and
              ans["Message"] == "%s is mandatory for this action." % name,
              (st, ans))
    p = params_for()
    st, _, ans, _ = send(port, p)
    check("without Signature: 400 MissingSignature",
          st == 400 and gateway_shaped(ans, "MissingSignature"), ans)
    st, _, ans, _ = send(port, signed(PhoneNumbers=""))
    check("empty PhoneNumbers: MissingPhoneNumbers",
          st == 400 and gateway_shaped(ans, "MissingPhoneNumbers"), ans)
    p = signed("GET")
    st, _, body = http_req(port, "GET", "/sms?" + enc(p))
    check("a path other than /: 404", st == 404, body)
    st, _, body = http_req(port, "PUT", "/", b"")
    check("PUT: 405", st == 405, body)


def check_business(port):
    for bad in ("+8613800138000", "8613800138000", "12800138000",
                "1380013800", "138001380001", "13800138000,13900139000",
                "1380013800a"):
        st, _, ans, _ = send(port, signed(phone=bad))
        check("PhoneNumbers %r: 200 isv.MOBILE_NUMBER_ILLEGAL" % bad,
              st == 200 and business_shaped(ans,
                                            "isv.MOBILE_NUMBER_ILLEGAL"),
              ans)
    for name, tp, code in (
            ("a number", '{"code":123456}', "isv.INVALID_JSON_PARAM"),
            ("not JSON", "code=123456", "isv.INVALID_JSON_PARAM"),
            ("a list", '["123456"]', "isv.INVALID_JSON_PARAM"),
            ("no code", '{"otp":"123456"}',
             "isv.TEMPLATE_MISSING_PARAMETERS"),
            ("a long code", '{"code":"%s"}' % ("1" * 21),
             "isv.PARAM_LENGTH_LIMIT")):
        st, _, ans, _ = send(port, signed(TemplateParam=tp))
        check("TemplateParam %s: 200 %s" % (name, code),
              st == 200 and business_shaped(ans, code), ans)
    st, _, ans, _ = send(port, signed(TemplateParam=None))
    check("no TemplateParam: isv.TEMPLATE_MISSING_PARAMETERS",
          st == 200 and business_shaped(ans,
                                        "isv.TEMPLATE_MISSING_PARAMETERS"),
          ans)
    st, _, ans, _ = send(port, signed(OutId="x" * 256))
    check("OutId of 256: isv.PARAM_LENGTH_LIMIT",
          st == 200 and business_shaped(ans, "isv.PARAM_LENGTH_LIMIT"), ans)
    st, _, ans, _ = send(port, signed(OutId="7 a*b~c", code="707070"))
    st2, last = control(port, "last", query="phone=" + PHONE)
    check("OutId kept in the message",
          st == 200 and ans["Code"] == "OK" and
          last.get("out_id") == "7 a*b~c" and last["code"] == "707070",
          (ans, last))
    st, _, ans, _ = send(port, signed(SignName="别的签名", code="808080"))
    check("another sign name (none configured): OK",
          st == 200 and ans["Code"] == "OK", ans)


def check_scripts(port):
    st, r = control(port, "script", {"code": "isv.BUSINESS_LIMIT_CONTROL",
                                     "count": 2})
    check("script queued", st == 200 and r == {"queued": 1}, r)
    answers = [send(port, signed(code="30000%d" % i)) for i in range(3)]
    check("script count 2: two refusals then OK",
          [a[0] for a in answers] == [200, 200, 200] and
          [a[2]["Code"] for a in answers] ==
          ["isv.BUSINESS_LIMIT_CONTROL", "isv.BUSINESS_LIMIT_CONTROL",
           "OK"] and "BizId" not in answers[0][2] and
          business_shaped(answers[0][2], "isv.BUSINESS_LIMIT_CONTROL"),
          [a[2] for a in answers])
    st, msgs = control(port, "messages", query="phone=" + PHONE)
    check("scripted refusals record no message",
          [m["code"] for m in msgs][-1:] == ["300002"] and
          "300000" not in [m["code"] for m in msgs], msgs[-3:])

    # A bad signature does not consume a script.
    control(port, "script", {"code": "isv.DAY_LIMIT_CONTROL"})
    p = signed()
    p["Signature"] = signature("nope", "POST", p)
    st, _, a1, _ = send(port, p)
    st2, _, a2, _ = send(port, signed())
    check("scripts apply after the signature check",
          a1["Code"] == "SignatureDoesNotMatch" and
          a2["Code"] == "isv.DAY_LIMIT_CONTROL", (a1, a2))

    control(port, "script", {"http_status": 503})
    st, _, ans, _ = send(port, signed())
    check("script http_status 503: ServiceUnavailable",
          st == 503 and gateway_shaped(ans, "ServiceUnavailable"), ans)
    control(port, "script", {"http_status": 500})
    st, _, ans, _ = send(port, signed())
    check("script http_status 500: InternalError",
          st == 500 and gateway_shaped(ans, "InternalError"), ans)
    control(port, "script", {"code": "SignatureDoesNotMatch"})
    st, _, ans, _ = send(port, signed())
    check("script a gateway code: its status",
          st == 400 and gateway_shaped(ans, "SignatureDoesNotMatch"), ans)
    control(port, "script", {"garbage": True})
    st, hdr, ans, raw = send(port, signed())
    check("script garbage: 200 and not JSON",
          st == 200 and ans is None and raw, raw)
    control(port, "script", {"delay_ms": 400})
    t0 = time.time()
    st, _, ans, _ = send(port, signed(code="400400"))
    check("script delay_ms alone: slow, then OK",
          time.time() - t0 >= 0.4 and st == 200 and ans["Code"] == "OK",
          ans)
    control(port, "script", {"hang_up": True})
    try:
        st, _, ans, _ = send(port, signed())
        hung = False
    except (http.client.HTTPException, ConnectionError, socket.timeout):
        hung = True
    check("script hang_up: no answer", hung)
    control(port, "script", [{"code": "isp.SYSTEM_ERROR"},
                             {"code": "isv.AMOUNT_NOT_ENOUGH"}])
    st, queued = control(port, "script")
    codes = [send(port, signed())[2]["Code"] for _ in range(2)]
    check("a list of scripts, in order",
          len(queued) == 2 and
          codes == ["isp.SYSTEM_ERROR", "isv.AMOUNT_NOT_ENOUGH"], codes)
    for bad in ({}, {"count": 0, "code": "x"}, {"http_status": 99},
                {"code": "OK"}, {"garbage": "yes"}, "x"):
        st, r = control(port, "script", bad)
        check("bad script %r: 400" % (bad,), st == 400, r)


def check_flow_control(port):
    st, r = control(port, "options", {"flow_control": True})
    check("options: flow control on", st == 200 and r["flow_control"], r)
    phone = "15000150000"
    a = [send(port, signed(phone=phone))[2] for _ in range(2)]
    check("flow control: the second in a minute is refused",
          a[0]["Code"] == "OK" and
          business_shaped(a[1], "isv.BUSINESS_LIMIT_CONTROL") and
          a[1]["Message"] == "触发分钟级流控Permits:1", a)
    a = send(port, signed(phone="15100151000"))[2]
    check("flow control is per number", a["Code"] == "OK", a)
    st, r = control(port, "options", {"nope": 1})
    check("unknown option: 400", st == 400, r)
    control(port, "options", {"flow_control": False})


def check_calls_and_reset(port):
    # A careless client that sends the secret: never echoed.
    p = params_for()
    p["AccessKeySecret"] = SECRET
    p["Signature"] = signature(SECRET, "POST", p)
    send(port, p)
    st, calls = control(port, "calls")
    text = json.dumps(calls, ensure_ascii=False)
    check("calls: the secret is never echoed",
          st == 200 and SECRET not in text and pct(SECRET) not in text and
          urllib.parse.quote_plus(SECRET) not in text, text[-500:])
    check("calls: signature_ok true and false both seen",
          any(c["signature_ok"] is True for c in calls) and
          any(c["signature_ok"] is False for c in calls))
    c = calls[-1] if calls else {}
    check("a call's fields",
          c.get("method") == "POST" and c.get("path") == "/" and
          c.get("params", {}).get("AccessKeySecret") == "***" and
          "PhoneNumbers" in c.get("in_body", []) and
          c.get("http_status") == 200, c)
    st, cfg = control(port, "config")
    check("config: the key id, never the secret",
          st == 200 and cfg.get("access_key_id") == KEY_ID and
          SECRET not in json.dumps(cfg), cfg)
    st, _ = control(port, "reset", {})
    st2, calls = control(port, "calls")
    st3, msgs = control(port, "messages")
    check("reset forgets calls and messages",
          st == 200 and calls == [] and msgs == [])
    st, r = control(port, "nope", {})
    check("unknown control: 404", st == 404, r)


def main():
    d = tempfile.mkdtemp(prefix="sms-fake-check.")
    secret_file = os.path.join(d, "secret")
    with open(secret_file, "w") as f:
        f.write(SECRET + "\n")
    os.chmod(secret_file, 0o600)
    check_vectors()
    log = open(os.path.join(d, "fake.log"), "w")
    proc, port = start([FAKE, "--port", "0", "--access-key-id", KEY_ID,
                        "--secret-file", secret_file], log, "sms")
    try:
        if port is None:
            return 1
        run_parts([lambda f=f: f(port) for f in (
            check_success, check_gateway, check_business, check_scripts,
            check_flow_control, check_calls_and_reset)])
        check("the fake is still running", proc.poll() is None)
    finally:
        proc.terminate()
        proc.wait(10)
        log.close()
    with open(os.path.join(d, "fake.log")) as f:
        logtext = f.read()
    check("the log has one line per request, no secret, number or code",
          "sms fake: POST / -> 200 OK" in logtext and
          SECRET not in logtext and PHONE not in logtext and
          "123456" not in logtext and "Traceback" not in logtext and
          "internal error" not in logtext, logtext[-2000:])
    if VERBOSE:
        print(logtext[-1500:])
    shutil.rmtree(d, ignore_errors=True)
    return summary()


if __name__ == "__main__":
    sys.exit(main())
