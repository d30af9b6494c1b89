"""directory.md 2: POST /api/login/ by username, e-mail or mobile and
password (one answer for every refusal, the shared lock-out), every login a
new shared session (QSZ's token too), DELETE /api/login/, login_log."""

import re

import pytest

from conftest import Api
from dir_accounts import (BLANK, LOCKED, OK, PASSWORD, WRONG, account,
                          log_rows, login, login_raw, new_name, token_of)
from ihome_client import IHome
from dir_client import FORBIDDEN, REQUIRED, UNAUTHORIZED, check
from dir_people import anonymous, base, db, person


def qsz_id(token):
    body = Api(base()).call("/fetch_userinfo", token=token)
    return body["ans"]["id"] if body["status"] == 0 else None


def test_login_by_username_email_and_mobile():
    a = account()
    for ident in (a.name, a.name.upper(), a.email, a.email.upper(),
                  a.mobile):
        body = login(ident, PASSWORD)
        assert set(body) == {"code", "message", "token"}, body
        assert {k: body[k] for k in ("code", "message")} == OK
        assert re.fullmatch(r"[0-9a-f]{64}", body["token"]), body
        assert qsz_id(body["token"]) == a.id


def test_form_body():
    a = account()
    r = anonymous().raw("POST", "/api/login/",
                        data={"username": a.name, "password": PASSWORD})
    assert check(r, 200)["code"] == 30000


def test_every_login_a_new_session_older_ones_kept():
    a = account()
    t1, t2 = token_of(a.name), token_of(a.name)
    assert t1 != t2
    assert qsz_id(t1) == a.id and qsz_id(t2) == a.id


@pytest.mark.parametrize("case", ["unknown", "wrong", "no password"])
def test_refusals_answer_alike(case):
    a = account()
    if case == "unknown":
        body = login(new_name(), PASSWORD)
    elif case == "wrong":
        body = login(a.name, PASSWORD + "x")
    else:
        db().run("UPDATE users SET password_hash = NULL WHERE id = %d" % a.id)
        body = login(a.name, PASSWORD)
    assert body == WRONG


@pytest.mark.parametrize("body,errors", [
    ({}, {"username": [REQUIRED], "password": [REQUIRED]}),
    ({"username": "jackfrued"}, {"password": [REQUIRED]}),
    ({"password": "x"}, {"username": [REQUIRED]}),
    ({"username": "", "password": "x"}, {"username": [BLANK]}),
    ({"username": "  ", "password": ""}, {"username": [BLANK],
                                          "password": [BLANK]}),
    ({"tel": "13800138000"}, {"code": [REQUIRED]}),
    ({"code": "123456"}, {"tel": [REQUIRED]}),
])
def test_missing_or_empty_fields_named(body, errors):
    assert login_raw(400, **body) == errors


def test_too_long_fields_named():
    body = login_raw(400, username="a" * 255, password="p" * 129)
    assert set(body) == {"username", "password"}, body


def test_bad_json():
    r = anonymous().raw("POST", "/api/login/", data=b"{",
                        headers={"Content-Type": "application/json"})
    assert check(r, 400) == {"detail": "JSON 解析错误"}


def test_lock_out_after_five_failures():
    a = account()
    for _ in range(5):
        assert login(a.name, "wrong password") == WRONG
    # The right password no longer helps, however the name is typed ...
    assert login(a.name, PASSWORD, http=429) == LOCKED
    assert login(a.name.upper(), PASSWORD, http=429) == LOCKED
    # ... and the same person's other identifiers are other keys.
    assert login(a.email, PASSWORD)["code"] == 30000
    assert log_rows(a.id) == [("127.0.0.1", "1", "1")] * 5 + \
        [("127.0.0.1", "2", "1")] * 2 + [("127.0.0.1", "0", "1")]


def test_lock_out_shared_with_ihome():
    a = account()
    for _ in range(5):
        assert login(a.mobile, "wrong password") == WRONG
    assert login(a.mobile, PASSWORD, http=429) == LOCKED
    ih = IHome(base())
    r = ih.raw("POST", "session",
               json={"mobile": a.mobile, "password": PASSWORD})
    assert "登录失败次数过多" in r.text, r.text


def test_a_refused_body_is_no_failure():
    a = account()
    for _ in range(8):
        login_raw(400, username=a.name, password="")
    assert login(a.name, PASSWORD)["code"] == 30000


def test_unknown_names_are_counted():
    name = new_name()
    for _ in range(5):
        assert login(name, PASSWORD) == WRONG
    assert login(name, PASSWORD, http=429) == LOCKED


def test_login_log_without_identifiers(service_log):
    a = account()
    login(a.name, "not it")
    token = token_of(a.email)
    assert log_rows(a.id) == [("127.0.0.1", "1", "1"), ("127.0.0.1", "0", "1")]
    cols = [r[0] for r in db().rows(
        "SELECT column_name FROM information_schema.columns WHERE "
        "table_schema = DATABASE() AND table_name = 'login_log' "
        "ORDER BY ordinal_position")]
    assert cols == ["id", "user_id", "ip", "at", "outcome", "method"]
    recent = db().value(
        "SELECT COUNT(*) FROM login_log WHERE user_id = %d AND "
        "at > UTC_TIMESTAMP() - INTERVAL 5 MINUTE" % a.id)
    assert recent == "2"
    log = service_log()
    for secret in (a.name, a.email, a.mobile, PASSWORD, token):
        assert secret not in log


def test_token_works_on_directory_writes_by_role():
    admin = account(roles=["admin"])
    plain = account()
    path = "/api/housetypes/"
    body = {"name": "型" + new_name()[:8]}
    r = anonymous().raw("POST", path, token=token_of(plain.name), json=body)
    assert check(r, 403) == FORBIDDEN
    r = anonymous().raw("POST", path, token=token_of(admin.name), json=body)
    assert r.status_code not in (401, 403), r.text
    r = anonymous().raw("POST", path, json=body)
    assert check(r, 401) == UNAUTHORIZED


def test_logout_revokes_the_presented_token():
    a = account()
    t1, t2 = token_of(a.name), token_of(a.name)
    assert anonymous().call("DELETE", "/api/login/", http=204,
                            token=t1) is None
    assert qsz_id(t1) is None
    assert qsz_id(t2) == a.id
    r = anonymous().raw("DELETE", "/api/login/", token=t1)
    assert check(r, 401) == UNAUTHORIZED
    assert r.headers.get("WWW-Authenticate") == "Token"


def test_logout_without_a_token():
    assert check(anonymous().raw("DELETE", "/api/login/"), 401) == \
        UNAUTHORIZED
    assert check(anonymous().raw("DELETE", "/api/login", token="f" * 64),
                 401) == UNAUTHORIZED


def test_qsz_token_logs_out_here():
    p = person()
    assert anonymous().call("DELETE", "/api/login/", http=204,
                            token=p.token) is None
    assert qsz_id(p.token) is None
