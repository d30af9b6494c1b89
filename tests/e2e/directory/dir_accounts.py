"""Helpers (not tests) for the directory's accounts (directory.md 2, 3):
accounts made by `zufang-admin user add`, logins, SMS codes through the
fake provider (the iHome tests' helpers), and what login_log holds."""

import os
import sys

from dir_client import admin_cli, check
from dir_people import anonymous, db

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "ihome"))

from test_ihome_sms import last_code, new_mobile, sms_base  # noqa: E402

PASSWORD = "open sesame 42"
OK = {"code": 30000, "message": "用户登录成功"}
WRONG = {"code": 30001, "message": "用户名或密码错误"}
WRONG_SMS = {"code": 30001, "message": "手机号或验证码错误"}
LOCKED = {"code": 30002, "message": "登录失败次数过多，请稍后再试"}
BLANK = "该字段不能为空。"


def new_name(prefix="u"):
    """A fresh username (letters, digits, '_'; at most 20)."""
    return prefix + os.urandom(5).hex()


def add_user(name=None, password=PASSWORD, mobile=None, email=None,
             roles=(), check_rc=0):
    """zufang-admin user add -> (id or None, CompletedProcess)."""
    name = name or new_name()
    args = ["user", "add", name]
    if mobile:
        args += ["--mobile", mobile]
    if email:
        args += ["--email", email]
    for r in roles:
        args += ["--role", r]
    p = admin_cli(*args, stdin=password + "\n", check_rc=check_rc)
    uid = None
    if p.returncode == 0:
        assert p.stdout.strip().isdigit(), p.stdout
        assert p.stdout == p.stdout.strip() + "\n", p.stdout
        uid = int(p.stdout)
    return uid, p


class Account:
    def __init__(self, name, password, mobile, email, uid):
        self.name, self.password = name, password
        self.mobile, self.email, self.id = mobile, email, uid


def account(roles=(), mobile=True, email=True):
    """A new account with a username (and a mobile and e-mail)."""
    name = new_name()
    m = new_mobile() if mobile else None
    e = (name + "@example.com") if email else None
    uid, _ = add_user(name, mobile=m, email=e, roles=roles)
    return Account(name, PASSWORD, m, e, uid)


def login_raw(http=200, **body):
    return check(anonymous().raw("POST", "/api/login/", json=body), http)


def login(username, password, http=200):
    return login_raw(http, username=username, password=password)


def token_of(username, password=PASSWORD):
    body = login(username, password)
    assert {k: body[k] for k in ("code", "message")} == OK, body
    return body["token"]


def send_code(tel, http=200):
    """GET /api/mobile_code/{tel}/ -> the answer."""
    return check(anonymous().raw("GET", "/api/mobile_code/%s/" % tel), http)


def age_code(mobile, seconds=61):
    """Move the last accepted send back in time: the resend window is
    over without sleeping."""
    db().run("UPDATE sms_codes SET sent_at = sent_at - INTERVAL %d SECOND "
             "WHERE mobile = '%s'" % (seconds, mobile))


def fresh_code(mobile):
    """A new code for mobile through the directory route -> the code the
    fake provider received."""
    age_code(mobile)
    assert send_code(mobile) == {"code": 10001, "msg": "短信验证码发送成功"}
    return last_code(mobile)


def log_rows(uid):
    """login_log rows of uid as (ip, outcome, method), oldest first."""
    return [tuple(r) for r in db().rows(
        "SELECT ip, outcome, method FROM login_log WHERE user_id = %d "
        "ORDER BY id" % uid)]
