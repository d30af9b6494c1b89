"""directory.md 3 and 2: GET /api/mobile_code/{tel}/ through the fake
SMS provider (every answer HTTP 200 {code, msg}: the 60 s window and the
per-number daily cap are real; the test stack lifts the per-IP cap), and
the SMS login {tel, code} of the person with that mobile identity."""

import json
import os
import time

import requests

from conftest import Api
from dir_accounts import (LOCKED, WRONG_SMS, account, age_code, fresh_code,
                          last_code, log_rows, login, login_raw, new_mobile,
                          send_code, sms_base)
from dir_client import admin_cli
from dir_people import base, db

import pytest

SENT = {"code": 10001, "msg": "短信验证码发送成功"}
WINDOW = {"code": 10002, "msg": "请不要在60秒以内重复发送手机验证码"}
DAILY = {"code": 10002, "msg": "今日验证码发送次数已达上限"}
BAD_TEL = {"code": 10003, "msg": "请提供有效的手机号"}
DOWN = {"code": 10004, "msg": "短信服务暂时无法使用"}


def script(**spec):
    r = requests.post(sms_base() + "/__fake__/script", json=spec, timeout=10)
    assert r.status_code == 200, r.text


def stored(mobile):
    return db().value("SELECT COUNT(*) FROM sms_codes WHERE mobile = '%s'"
                      % mobile) == "1"


def ihome_person():
    """A person registered through iHome: (mobile, id, iHome password)."""
    from ihome_client import IHome
    from test_ihome_accounts import PASSWORD, registered
    mobile, uid = registered(IHome(base()))
    return mobile, uid, PASSWORD


def sms_login(tel, code, http=200):
    return login_raw(http, tel=tel, code=code)


def test_send():
    mobile = new_mobile()
    assert send_code(mobile) == SENT
    code = last_code(mobile)
    assert code is not None and len(code) == 6 and code.isdigit()


def test_without_trailing_slash():
    mobile = new_mobile()
    r = requests.get(base() + "/api/mobile_code/" + mobile, timeout=30)
    assert r.status_code == 200 and r.json() == SENT


@pytest.mark.parametrize("tel", [
    "+8613800138000", "1380013800", "138001380001", "12345678901",
    "10012345678", "1380013800x", "abcdefghijk", "２３８００１３８０００",
    "8613800138000",
])
def test_bad_number_never_reaches_the_provider(tel):
    before = requests.get(sms_base() + "/__fake__/calls", timeout=10).json()
    assert send_code(requests.utils.quote(tel)) == BAD_TEL
    after = requests.get(sms_base() + "/__fake__/calls", timeout=10).json()
    assert len(after) == len(before)


def test_sixty_second_window():
    mobile = new_mobile()
    assert send_code(mobile) == SENT
    first = last_code(mobile)
    assert send_code(mobile) == WINDOW
    assert last_code(mobile) == first
    age_code(mobile)
    assert send_code(mobile) == SENT


def test_daily_cap_per_number():
    cap = int(admin_cli("config", "sms_mobile_daily_max").stdout)
    mobile = new_mobile()
    assert send_code(mobile) == SENT
    # cap - 1 more sends today, as if made an hour apart.
    db().run("UPDATE rate_counts SET n = %d WHERE kind = 'sms-mobile' AND "
             "k = '%s'" % (cap, mobile))
    age_code(mobile)
    assert send_code(mobile) == DAILY
    assert send_code(new_mobile()) == SENT


def test_provider_failure_stores_nothing_and_allows_a_retry():
    mobile = new_mobile()
    script(code="isv.BUSINESS_LIMIT_CONTROL")
    assert send_code(mobile) == DOWN
    assert not stored(mobile) and last_code(mobile) is None
    assert send_code(mobile) == SENT


@pytest.mark.parametrize("spec", [{"http_status": 500}, {"garbage": True},
                                  {"hang_up": True}])
def test_provider_trouble(spec):
    mobile = new_mobile()
    script(**spec)
    assert send_code(mobile) == DOWN
    assert not stored(mobile)


def test_a_late_sms_never_works():
    timeout = int(admin_cli("config", "http_timeout_ms").stdout)
    a = account()
    script(delay_ms=timeout + 700)
    assert send_code(a.mobile) == DOWN
    assert not stored(a.mobile)
    # It arrives late all the same.
    deadline = time.monotonic() + 5
    while (code := last_code(a.mobile)) is None and \
            time.monotonic() < deadline:
        time.sleep(0.1)
    assert code is not None
    assert sms_login(a.mobile, code) == WRONG_SMS


def test_sms_login_of_an_ihome_person():
    mobile, uid, _ = ihome_person()
    code = fresh_code(mobile)
    body = sms_login(mobile, code)
    assert body["code"] == 30000 and body["message"] == "用户登录成功"
    assert Api(base()).fetch(body["token"])["id"] == uid
    # One use.
    assert sms_login(mobile, code) == WRONG_SMS
    assert log_rows(uid)[-2:] == [("127.0.0.1", "0", "2"),
                                  ("127.0.0.1", "1", "2")]


def test_ihome_mobile_and_password_as_username():
    mobile, uid, password = ihome_person()
    body = login(mobile, password)
    assert body["code"] == 30000
    assert Api(base()).fetch(body["token"])["id"] == uid


def test_sms_login_never_makes_an_account():
    mobile = new_mobile()
    assert send_code(mobile) == SENT
    assert sms_login(mobile, last_code(mobile)) == WRONG_SMS
    assert db().value("SELECT COUNT(*) FROM users WHERE mobile = '%s'"
                      % mobile) == "0"


def test_wrong_code_and_lock_out():
    a = account()
    code = fresh_code(a.mobile)
    wrong = "%06d" % ((int(code) + 1) % 1000000)
    for _ in range(5):
        assert sms_login(a.mobile, wrong) == WRONG_SMS
    assert sms_login(a.mobile, code, http=429) == LOCKED
    assert log_rows(a.id)[-1] == ("127.0.0.1", "2", "2")


@pytest.mark.parametrize("tel,code,bad", [
    ("+8613800138000", "123456", {"tel"}),
    ("13800138000", "12345", {"code"}),
    ("13800138000", "12345a", {"code"}),
    ("1380013800", "1234567", {"tel", "code"}),
])
def test_bad_sms_form(tel, code, bad):
    body = sms_login(tel, code, http=400)
    assert set(body) == bad
    if "tel" in bad:
        assert body["tel"] == ["请填写有效的中国大陆手机号。"]
    if "code" in bad:
        assert body["code"] == ["请填写 6 位数字的验证码。"]


def test_answers_are_json_200():
    r = requests.get(base() + "/api/mobile_code/123/", timeout=30)
    assert r.status_code == 200
    assert r.headers["Content-Type"] == "application/json; charset=utf-8"
    assert json.loads(r.text) == BAD_TEL


def test_no_mobile_in_any_log():
    mobile = new_mobile()
    r = requests.get(base() + "/api/mobile_code/%s/" % mobile, timeout=30)
    assert r.json() == SENT
    code = last_code(mobile)
    login_raw(200, tel=mobile, code="%06d" % ((int(code) + 1) % 10**6))
    time.sleep(1.5)  # nginx flushes its buffered access log every second
    state = os.environ["ZUFANG_TEST_STATE"]
    text = ""
    for name in ("nginx-access.log", "nginx-error.log", "zufang.log"):
        path = os.path.join(state, "log", name)
        if os.path.exists(path):
            with open(path, "rb") as f:
                text += f.read().decode("utf-8", errors="replace")
    assert r.headers["X-Request-Id"] in text
    assert mobile not in text
