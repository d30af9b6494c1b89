"""Every role against every write (directory.md 4): the privilege table
seeded by migration 0010, checked by the dispatcher before any parameter
or handler.  A refused write answers 401 (no valid token) or 403 (logged
in) with the document's texts and changes nothing; an allowed one reaches
its handler (here: an empty body is refused by validation with 400, an
unknown id with 404), which proves the guard let it through."""

import pytest

from dir_client import FORBIDDEN, NOT_FOUND, UNAUTHORIZED
from dir_people import anonymous, db, person

ROLES = ("anonymous", "user", "landlord", "agent", "admin")

# (method, path) of every write, and the roles the seeded table allows.
ADMIN = {"admin"}
LISTING = {"landlord", "agent", "admin"}
WRITES = [
    ("POST", "/api/agents/", ADMIN),
    ("PUT", "/api/agents/999999999/", ADMIN),
    ("DELETE", "/api/agents/999999999/", ADMIN),
    ("POST", "/api/estates/", ADMIN),
    ("PUT", "/api/estates/999999999", ADMIN),
    ("DELETE", "/api/estates/999999999", ADMIN),
    ("POST", "/api/housetypes/", ADMIN),
    ("PUT", "/api/housetypes/999999999", ADMIN),
    ("DELETE", "/api/housetypes/999999999", ADMIN),
    ("POST", "/api/houseinfos/", LISTING),
    ("PUT", "/api/houseinfos/999999999", LISTING),
    ("DELETE", "/api/houseinfos/999999999", LISTING),
    ("POST", "/api/houseinfos/999999999/photos/", LISTING),
    ("PUT", "/api/houseinfos/999999999/photos/1", LISTING),
    ("DELETE", "/api/houseinfos/999999999/photos/1", LISTING),
    ("POST", "/api/tags/", {"agent", "admin"}),
    ("DELETE", "/api/tags/999999999", ADMIN),
]
READS = ["/api/districts/", "/api/hotcities/", "/api/agents/",
         "/api/estates/", "/api/housetypes/", "/api/houseinfos/",
         "/api/tags/"]


@pytest.fixture(scope="module")
def people():
    return {"anonymous": anonymous(), "user": person(),
            "landlord": person("landlord"), "agent": person("agent"),
            "admin": person("admin")}


def counts():
    return db().rows("SELECT (SELECT COUNT(*) FROM agents), "
                     "(SELECT COUNT(*) FROM estates), "
                     "(SELECT COUNT(*) FROM house_types), "
                     "(SELECT COUNT(*) FROM tags)")[0]


@pytest.mark.parametrize("method,path,allowed", WRITES,
                         ids=["%s %s" % (m, p) for m, p, _ in WRITES])
def test_write_privileges(people, method, path, allowed):
    for role in ROLES:
        c = people[role]
        # A JSON body that no route accepts: an allowed write is refused
        # by its validation (400) or finds no object (404); nothing is
        # made either way.
        r = c.raw(method, path, json={})
        if role in allowed:
            assert r.status_code in (400, 404), (role, r.status_code,
                                                 r.text[:300])
            if r.status_code == 404:
                assert r.json() == NOT_FOUND
        elif role == "anonymous":
            assert r.status_code == 401, (role, r.text[:300])
            assert r.json() == UNAUTHORIZED
            assert r.headers["WWW-Authenticate"] == "Token"
        else:
            assert r.status_code == 403, (role, r.text[:300])
            assert r.json() == FORBIDDEN


def test_refused_writes_change_nothing(people):
    before = counts()
    for role in ("anonymous", "user", "landlord"):
        c = people[role]
        c.raw("POST", "/api/agents/", json={"name": "越权", "tel": "13800000000"})
        c.raw("POST", "/api/housetypes/", json={"name": "越权户型x"})
        c.raw("POST", "/api/estates/", json={"name": "越权", "distid": 440305})
        if role != "agent":
            c.raw("POST", "/api/tags/", json={"content": "越权标签x"})
    assert counts() == before


@pytest.mark.parametrize("path", READS)
def test_everyone_reads(people, path):
    for role in ROLES:
        r = people[role].raw("GET", path)
        assert r.status_code == 200, (role, path, r.text[:200])
        if path not in ("/api/districts/", "/api/hotcities/",
                        "/api/housetypes/"):
            assert r.headers["Cache-Control"] == "private, no-cache"


def test_invalid_token_is_anonymous(people):
    c = anonymous()
    c.token = "0" * 64
    assert c.raw("GET", "/api/tags/").status_code == 200
    r = c.raw("POST", "/api/tags/", json={"content": "x"})
    assert r.status_code == 401 and r.json() == UNAUTHORIZED


def test_privilege_before_parameters(people):
    # Invalid input from someone without the privilege: 401/403, not 400.
    r = people["anonymous"].raw("POST", "/api/agents/", data="{not json",
                                headers={"Content-Type": "application/json"})
    assert r.status_code == 401
    r = people["user"].raw("PUT", "/api/estates/abc", json={})
    assert r.status_code == 403
    # The method comes first: 405 whoever asks.
    r = people["anonymous"].raw("PATCH", "/api/agents/")
    assert r.status_code == 405
    assert r.json() == {"detail": "方法 “PATCH” 不被允许。"}


def test_body_refusals(people):
    c = people["admin"]
    r = c.raw("POST", "/api/housetypes/", data="{bad",
              headers={"Content-Type": "application/json"})
    assert r.status_code == 400 and r.json() == {"detail": "JSON 解析错误"}
    r = c.raw("POST", "/api/housetypes/", data="[1]",
              headers={"Content-Type": "application/json"})
    assert r.status_code == 400 and r.json() == {"detail": "JSON 解析错误"}
    r = c.raw("POST", "/api/housetypes/", data="name=x",
              headers={"Content-Type": "text/plain"})
    assert r.status_code == 415
    assert r.json() == {"detail": "不支持请求中的媒体类型。"}
