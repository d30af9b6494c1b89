"""A client of the directory surface (directory.md): the token in header
`token`, answers that are the resources themselves, and checks of DRF's
shapes ({"detail": ...}, {"<field>": [...]}, pages)."""

import os
import subprocess

import requests

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
ADMIN = os.path.join(REPO, "build", "zufang-admin")

JSON_TYPE = "application/json; charset=utf-8"
NOT_FOUND = {"detail": "未找到。"}
BAD_PAGE = {"detail": "无效页面。"}
UNAUTHORIZED = {"detail": "不正确的身份认证信息。"}
FORBIDDEN = {"detail": "您没有执行该操作的权限。"}
REQUIRED = "该字段是必填项。"


class Dir:
    """One client; token (when set) goes in header `token`."""

    def __init__(self, base, token=None):
        self.base = base.rstrip("/")
        self.token = token
        self.s = requests.Session()

    def url(self, path):
        return self.base + path

    def raw(self, method, path, token=None, headers=None, **kw):
        h = dict(headers or {})
        tok = token if token is not None else self.token
        if tok:
            h["token"] = tok
        return self.s.request(method, self.url(path), headers=h, timeout=60,
                              allow_redirects=False, **kw)

    def call(self, method, path, http=200, **kw):
        r = self.raw(method, path, **kw)
        return check(r, http)

    def get(self, path, http=200, **kw):
        return self.call("GET", path, http, **kw)

    def post(self, path, http=201, **kw):
        return self.call("POST", path, http, **kw)

    def put(self, path, http=200, **kw):
        return self.call("PUT", path, http, **kw)

    def delete(self, path, http=204, **kw):
        return self.call("DELETE", path, http, **kw)


def check(r, http):
    """The body of r (None for 204 and 304) after checking its status and
    framing."""
    assert r.status_code == http, (r.status_code, r.text[:500])
    assert r.headers.get("X-Request-Id"), "no X-Request-Id"
    if http in (204, 304):
        assert r.content == b"", r.content[:200]
        return None
    assert r.headers.get("Content-Type") == JSON_TYPE, r.headers
    return r.json()


def admin_cli(*args, stdin=None, check_rc=0):
    """Run zufang-admin with args; returns the CompletedProcess."""
    p = subprocess.run([ADMIN] + [str(a) for a in args], input=stdin,
                       capture_output=True, text=True, timeout=60)
    if check_rc is not None:
        assert p.returncode == check_rc, (p.returncode, p.stdout, p.stderr)
    return p
