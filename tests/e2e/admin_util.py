"""Helpers (not tests) for the administrators' surface (/admin/api/...,
README "Review by administrators"): administrator accounts made with
`zufang-admin user add --role admin`, their directory login, pending
submissions made through QSZ, and the admin envelope."""

import os
import subprocess

from test_identification import new_cert, new_id, submit_house, submit_identity

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
ADMIN = os.path.join(REPO, "build", "zufang-admin")
PASSWORD = "review sesame 42"
JSON_TYPE = "application/json; charset=utf-8"


def admin_cli(*args, stdin=None, check_rc=0):
    p = subprocess.run([ADMIN] + [str(a) for a in args], input=stdin,
                       capture_output=True, text=True, timeout=60)
    if check_rc is not None:
        assert p.returncode == check_rc, (p.returncode, p.stdout, p.stderr)
    return p


def new_admin(api, roles=("admin",)):
    """A new directory account (an administrator by default), logged in
    through POST /api/login/ -> (id, username, token)."""
    name = "adm" + os.urandom(5).hex()
    args = ["user", "add", name]
    for r in roles:
        args += ["--role", r]
    uid = int(admin_cli(*args, stdin=PASSWORD + "\n").stdout)
    r = api.raw("/api/login/", json={"username": name, "password": PASSWORD})
    assert r.status_code == 200, r.text
    return uid, name, r.json()["token"]


def envelope(r, http=200):
    """The admin envelope of r after checking status and framing: data on
    success, the error text on a refusal."""
    assert r.status_code == http, (r.status_code, r.text[:500])
    assert r.headers.get("Content-Type") == JSON_TYPE, r.headers
    assert r.headers.get("X-Request-Id")
    body = r.json()
    if http == 200:
        assert set(body) == {"ok", "data"} and body["ok"] is True, body
        return body["data"]
    assert set(body) == {"ok", "error"} and body["ok"] is False, body
    assert isinstance(body["error"], str) and body["error"], body
    return body["error"]


def adm(api, method, path, token=None, http=200, **kw):
    return envelope(api.raw("/admin/api" + path, method=method, token=token,
                            **kw), http)


def pending_realname(api, make_user, files, name="李小龙"):
    """A new user with a pending real-name submission -> (user, sent
    documents by field)."""
    u = make_user()
    _, sent = submit_identity(api, u, new_id(), files, realname=name)
    return u, sent


def pending_landlord(api, make_user, files):
    u = make_user()
    body = submit_house(api, u, files, new_cert())
    assert body["status"] == 0, body
    return u
