"""ihome.md 3: POST /api/v1.0/smscode {mobile, image_code, image_code_id}
through the fake Aliyun SendSms provider: captcha first (one shot),
registered numbers refused, the resend interval, CSRF on the POST."""

import os
import random
import uuid

import pytest
import requests

from ihome_client import IHome, check


def sms_base():
    base = os.environ.get("ZUFANG_TEST_SMS")
    if not base:
        pytest.skip("ZUFANG_TEST_SMS not set")
    return base.rstrip("/")


def last_code(mobile):
    r = requests.get(sms_base() + "/__fake__/last", params={"phone": mobile},
                     timeout=10)
    return r.json()["code"] if r.status_code == 200 else None


def new_mobile():
    return "1" + random.choice("3456789") + "%09d" % random.randrange(10**9)


@pytest.fixture
def ih(base):
    return IHome(base)


def captcha(ih):
    cur = str(uuid.uuid4())
    r = ih.raw("GET", "imagecode", params={"cur": cur})
    assert r.status_code == 200
    return cur, r.headers["X-Captcha-Text"]


def send(ih, mobile, cur, text, **kw):
    return ih.raw("POST", "smscode", json={
        "mobile": mobile, "image_code": text, "image_code_id": cur}, **kw)


def test_send_reaches_the_provider(ih):
    mobile = new_mobile()
    cur, text = captcha(ih)
    body = check(send(ih, mobile, cur, text.lower()))
    assert body == {"errno": "0", "errmsg": "发送成功"}
    code = last_code(mobile)
    assert code is not None and len(code) == 6 and code.isdigit()


def test_captcha_is_one_shot(ih):
    mobile = new_mobile()
    cur, text = captcha(ih)
    wrong = "".join("A" if c != "A" else "B" for c in text)
    assert check(send(ih, mobile, cur, wrong))["errno"] == "4004"
    # gone, right or wrong
    assert check(send(ih, mobile, cur, text))["errno"] == "4004"
    assert last_code(mobile) is None


def test_unknown_captcha(ih):
    assert check(send(ih, new_mobile(), str(uuid.uuid4()),
                      "ABCD"))["errno"] == "4004"


def test_resend_interval(ih):
    mobile = new_mobile()
    cur, text = captcha(ih)
    assert check(send(ih, mobile, cur, text))["errno"] == "0"
    first = last_code(mobile)
    cur, text = captcha(ih)
    body = check(send(ih, mobile, cur, text), http=429)
    assert body["errno"] == "4201"
    assert last_code(mobile) == first


def test_registered_mobile_refused(ih, db, user):
    mobile = new_mobile()
    db.run("UPDATE users SET mobile = '%s' WHERE id = %d" % (mobile, user.id))
    cur, text = captcha(ih)
    assert check(send(ih, mobile, cur, text))["errno"] == "4003"
    assert last_code(mobile) is None


@pytest.mark.parametrize("mobile", [
    "", "12345678901", "1380013800", "138001380001", "+8613800138000",
    "1380013800x", "10012345678", "２３８００１３８０００",
])
def test_bad_mobile(ih, mobile):
    cur, text = captcha(ih)
    body = check(send(ih, mobile, cur, text))
    assert body["errno"] == "4103", body
    assert "mobile" in body["errmsg"]


def test_every_missing_parameter_named(ih):
    body = check(ih.raw("POST", "smscode", json={}))
    assert body["errno"] == "4103"
    for name in ("mobile", "image_code", "image_code_id"):
        assert name in body["errmsg"]


def test_form_body_accepted(ih):
    mobile = new_mobile()
    cur, text = captcha(ih)
    r = ih.raw("POST", "smscode", data={
        "mobile": mobile, "image_code": text, "image_code_id": cur})
    assert check(r)["errno"] == "0"


def test_csrf_missing_or_wrong(ih):
    mobile = new_mobile()
    cur, text = captcha(ih)
    body = check(send(ih, mobile, cur, text, csrf=False), http=403)
    assert body["errno"] == "4201"
    body = check(send(ih, mobile, cur, text,
                      headers={"X-CSRFToken": "0" * 32}), http=403)
    assert body["errno"] == "4201"
    # Refused before anything: the captcha still works.
    assert check(send(ih, mobile, cur, text))["errno"] == "0"


def test_csrf_header_without_cookie(base):
    r = requests.post(base + "/api/v1.0/smscode",
                      headers={"X-CSRFToken": "a" * 32},
                      json={"mobile": new_mobile()}, timeout=30)
    assert check(r, http=403)["errno"] == "4201"
