"""A client of the iHome surface (ihome.md): a cookie jar (session and
csrf_token cookies), the X-CSRFToken header on unsafe methods, and checks
of the envelope {"errno": "<string>", "errmsg": str[, "data"]}."""

import re

import requests

PREFIX = "/api/v1.0"
CSRF_RE = re.compile(r"^[0-9a-f]{32}$")


def check(r, http=200):
    assert r.status_code == http, (r.status_code, r.text[:300])
    assert r.headers["Content-Type"] == "application/json; charset=utf-8"
    body = r.json()
    assert isinstance(body["errno"], str), body
    assert isinstance(body["errmsg"], str), body
    assert set(body) <= {"errno", "errmsg", "data"}, body
    return body


class IHome:
    def __init__(self, base):
        self.base = base.rstrip("/")
        self.s = requests.Session()

    def url(self, path):
        return self.base + (path if path.startswith("/") else
                            PREFIX + "/" + path)

    def csrf(self):
        """The csrf_token cookie, fetched once when there is none."""
        tok = self.s.cookies.get("csrf_token")
        if tok is None:
            self.s.get(self.url("session"), timeout=30)
            tok = self.s.cookies.get("csrf_token")
        assert tok and CSRF_RE.match(tok), tok
        return tok

    def raw(self, method, path, csrf=True, headers=None, **kw):
        h = dict(headers or {})
        if csrf and method not in ("GET", "HEAD"):
            h.setdefault("X-CSRFToken", self.csrf())
        return self.s.request(method, self.url(path), headers=h, timeout=60,
                              allow_redirects=False, **kw)

    def call(self, method, path, http=200, **kw):
        return check(self.raw(method, path, **kw), http)

    def ok(self, method, path, **kw):
        body = self.call(method, path, **kw)
        assert body["errno"] == "0", body
        return body.get("data")
