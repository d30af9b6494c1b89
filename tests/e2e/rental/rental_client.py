"""A client of the rental surface (rental.md): POST with JSON bodies, the
token in header Authorization, answers {"data", "meta": {"status", "msg"}}
whose meta.status is the HTTP status; and people: a person logged in
through the mini-program login (the fake WeChat's jscode2session)."""

import os

import requests

from conftest import WeChat, need_env, new_openid

JSON_TYPE = "application/json; charset=utf-8"


def check(r, status):
    assert r.status_code == status, (r.status_code, r.text[:500])
    assert r.headers.get("Content-Type") == JSON_TYPE, r.headers
    assert r.headers.get("X-Request-Id")
    body = r.json()
    assert set(body) >= {"data", "meta"}, body
    assert body["meta"]["status"] == status, body
    assert isinstance(body["meta"]["msg"], str), body
    return body


class Rental:
    def __init__(self, base=None, token=None):
        self.base = (base or need_env("ZUFANG_TEST_BASE")).rstrip("/")
        self.token = token
        self.s = requests.Session()

    def raw(self, path, json=None, token=None, headers=None, method="POST",
            **kw):
        h = dict(headers or {})
        tok = token if token is not None else self.token
        if tok:
            h["Authorization"] = tok
        return self.s.request(method, self.base + path, json=json, headers=h,
                              timeout=60, allow_redirects=False, **kw)

    def call(self, path, json=None, status=200, **kw):
        return check(self.raw(path, json=json, **kw), status)

    def ok(self, path, json=None, **kw):
        return self.call(path, json, 200, **kw)["data"]


def login(openid=None, **wxinfo):
    """A person logged in with a wx.login code; returns (client, data)."""
    openid = openid or new_openid()
    code = WeChat(need_env("ZUFANG_TEST_WECHAT")).code(openid, kind="mini")
    c = Rental()
    data = c.ok("/login/auth", {"code": code, "wxinfo": wxinfo})
    c.token = data["token"]
    c.id = data["userid"]
    c.openid = openid
    return c, data


def uniq(prefix=""):
    return prefix + os.urandom(4).hex()
