"""ihome.md 2-4: captcha -> SMS -> register -> login -> session -> logout
through the fake SMS provider; wrong and reused codes, the attempt cap,
login failures, no session fixation, the shared session."""

import random
import uuid

import pytest
import requests

from ihome_client import IHome, check
from test_ihome_sms import captcha, last_code, new_mobile, send

PASSWORD = "correct horse 9"


@pytest.fixture
def ih(base):
    return IHome(base)


def sms_code(ih, mobile):
    cur, text = captcha(ih)
    body = check(send(ih, mobile, cur, text))
    assert body["errno"] == "0", body
    return last_code(mobile)


def register(ih, mobile, code, password=PASSWORD, **kw):
    return ih.raw("POST", "user", json={
        "mobile": mobile, "phonecode": code, "password": password}, **kw)


def registered(ih):
    mobile = new_mobile()
    body = check(register(ih, mobile, sms_code(ih, mobile)))
    assert body["errno"] == "0", body
    return mobile, body["data"]["user_id"]


def test_register_logs_in(ih, db):
    mobile = new_mobile()
    code = sms_code(ih, mobile)
    r = register(ih, mobile, code)
    body = check(r)
    assert body["errno"] == "0" and body["errmsg"] == "注册成功", body
    uid = body["data"]["user_id"]
    assert body["data"]["name"] == mobile
    cookie = r.headers["Set-Cookie"]
    assert cookie.startswith("session=")
    attrs = [a.strip().lower() for a in cookie.split(";")[1:]]
    assert "httponly" in attrs and "samesite=lax" in attrs
    assert "path=/" in attrs and "max-age=604800" in attrs
    s = ih.ok("GET", "session")
    assert s == {"user_id": uid, "name": mobile}
    stored = db.value("SELECT password_hash FROM users WHERE id = %d" % uid)
    assert stored.startswith("$argon2id$v=19$")
    assert PASSWORD not in stored


def test_code_is_consumed(ih):
    mobile = new_mobile()
    code = sms_code(ih, mobile)
    assert check(register(ih, mobile, code))["errno"] == "0"
    other = IHome(ih.base)
    assert check(register(other, mobile, code))["errno"] == "4004"


def test_registered_twice_refused(ih):
    mobile, _ = registered(ih)
    cur, text = captcha(ih)
    assert check(send(ih, mobile, cur, text))["errno"] == "4003"


def test_wrong_code_then_right(ih):
    mobile = new_mobile()
    code = sms_code(ih, mobile)
    wrong = "%06d" % ((int(code) + 1) % 1000000)
    assert check(register(ih, mobile, wrong))["errno"] == "4004"
    assert check(register(ih, mobile, code))["errno"] == "0"


def test_fifth_wrong_try_burns_the_code(ih):
    mobile = new_mobile()
    code = sms_code(ih, mobile)
    wrong = "%06d" % ((int(code) + 1) % 1000000)
    for _ in range(5):
        assert check(register(ih, mobile, wrong))["errno"] == "4004"
    body = check(register(ih, mobile, code), http=429)
    assert body["errno"] == "4201"


def test_no_code_sent(ih):
    assert check(register(ih, new_mobile(), "123456"))["errno"] == "4004"


@pytest.mark.parametrize("field,value", [
    ("mobile", "1234"), ("phonecode", "12345"), ("phonecode", "abcdef"),
    ("password", "short"), ("password", "x" * 65),
])
def test_register_validation(ih, field, value):
    body = {"mobile": new_mobile(), "phonecode": "123456",
            "password": PASSWORD}
    body[field] = value
    r = check(ih.raw("POST", "user", json=body))
    assert r["errno"] == "4103" and field in r["errmsg"], r


def test_password_not_the_mobile(ih):
    m = new_mobile()
    r = check(ih.raw("POST", "user", json={"mobile": m, "phonecode": "123456",
                                          "password": m}))
    assert r["errno"] == "4103" and "password" in r["errmsg"]


def test_login_logout(ih, base):
    mobile, uid = registered(ih)
    other = IHome(base)
    r = other.raw("POST", "session", json={"mobile": mobile,
                                           "password": PASSWORD})
    body = check(r)
    assert body["errno"] == "0" and body["errmsg"] == "登录成功", body
    assert body["data"]["user_id"] == uid
    assert other.ok("GET", "session")["user_id"] == uid
    token = other.s.cookies.get("session")
    # The cookie's token is a QSZ token too.
    q = requests.post(base + "/fetch_userinfo", headers={"token": token},
                      timeout=30).json()
    assert q["status"] == 0 and q["ans"]["id"] == uid
    r = other.raw("DELETE", "session")
    assert check(r)["errno"] == "0"
    assert "max-age=0" in r.headers["Set-Cookie"].lower()
    r = requests.get(base + "/api/v1.0/session",
                     cookies={"session": token}, timeout=30)
    assert check(r)["errno"] == "4101"
    # The first session is untouched.
    assert ih.ok("GET", "session")["user_id"] == uid


def test_logout_without_session(ih):
    assert check(ih.raw("DELETE", "session"))["errno"] == "0"


def test_login_revokes_the_cookie_sent(ih, base):
    mobile, uid = registered(ih)
    old = ih.s.cookies.get("session")
    check(ih.raw("POST", "session", json={"mobile": mobile,
                                          "password": PASSWORD}))
    new = ih.s.cookies.get("session")
    assert new and new != old
    r = requests.get(base + "/api/v1.0/session", cookies={"session": old},
                     timeout=30)
    assert check(r)["errno"] == "4101"


def test_login_unknown_and_wrong(ih):
    mobile, _ = registered(ih)
    other = IHome(ih.base)
    r = check(other.raw("POST", "session", json={"mobile": new_mobile(),
                                                 "password": PASSWORD}))
    assert r["errno"] == "4104"
    r = check(other.raw("POST", "session", json={"mobile": mobile,
                                                 "password": "nope"}))
    assert r["errno"] == "4106"
    assert other.s.cookies.get("session") is None


def test_login_locked_after_five_failures(ih):
    mobile, _ = registered(ih)
    other = IHome(ih.base)
    for _ in range(5):
        r = check(other.raw("POST", "session", json={"mobile": mobile,
                                                     "password": "nope"}))
        assert r["errno"] == "4106"
    # Even the right password, without looking at it.
    r = check(other.raw("POST", "session", json={"mobile": mobile,
                                                 "password": PASSWORD}),
              http=429)
    assert r["errno"] == "4201"


def test_login_needs_csrf(ih):
    mobile, _ = registered(ih)
    other = IHome(ih.base)
    r = check(other.raw("POST", "session", csrf=False,
                        json={"mobile": mobile, "password": PASSWORD}),
              http=403)
    assert r["errno"] == "4201"
    assert other.s.cookies.get("session") is None


def test_logout_needs_csrf(ih):
    registered(ih)
    r = check(ih.raw("DELETE", "session", csrf=False), http=403)
    assert r["errno"] == "4201"
    assert ih.ok("GET", "session")["user_id"] > 0
