"""Agents (directory.md 6): the page and its filters, create, read,
update keeping omitted fields, delete with its links, the privileges."""

import pytest

from dir_catalog_util import callers, house, token, walk
from dir_client import (BAD_PAGE, FORBIDDEN, NOT_FOUND, REQUIRED,
                        UNAUTHORIZED)
from dir_people import anonymous, base, db, person

KEYS = {"agentid", "estates", "name", "tel", "servstar", "realstar",
        "profstar", "certificated"}


@pytest.fixture(scope="module")
def admin():
    return person("admin")


@pytest.fixture(scope="module")
def estates(admin):
    t = token()
    return [admin.post("/api/estates/", json={
        "name": "经理人楼盘%s%d" % (t, i), "distid": 440303, "hot": i})
        for i in range(3)]


def make(admin, name, **kw):
    return admin.post("/api/agents/", json=dict({"name": name,
                                                 "tel": "13800991234"}, **kw))


def test_create_defaults_and_read(admin):
    a = make(admin, "孙小美" + token())
    assert set(a) == KEYS
    assert a["estates"] == [] and a["tel"] == "13800991234"
    assert (a["servstar"], a["realstar"], a["profstar"]) == (0, 0, 0)
    assert a["certificated"] is False
    aid = a["agentid"]
    assert anonymous().get("/api/agents/%d/" % aid) == a
    assert anonymous().get("/api/agents/%d" % aid) == a


def test_create_all_fields(admin, estates):
    ids = [e["estateid"] for e in estates]
    a = make(admin, "袁晓梦" + token(), tel="158173555285", servstar=5,
             realstar="4", profstar=3, certificated="true",
             estates=[ids[2], str(ids[0])])
    assert (a["servstar"], a["realstar"], a["profstar"]) == (5, 4, 3)
    assert a["certificated"] is True
    assert a["estates"] == [
        {"estateid": e["estateid"], "name": e["name"], "hot": e["hot"]}
        for e in (estates[0], estates[2])]


def test_create_as_form(admin, estates):
    ids = [e["estateid"] for e in estates]
    a = admin.post("/api/agents/", data=[
        ("name", "表单" + token()), ("tel", "0755-12345678"),
        ("certificated", "1"), ("estates", str(ids[1])),
        ("estates", str(ids[0]))])
    assert a["certificated"] is True and a["tel"] == "0755-12345678"
    assert [e["estateid"] for e in a["estates"]] == sorted(ids[:2])


def test_validation_every_field(admin):
    assert admin.post("/api/agents/", 400, json={}) == {
        "name": [REQUIRED], "tel": [REQUIRED]}
    body = admin.post("/api/agents/", 400, json={
        "name": "x" * 31, "tel": "12ab567", "servstar": 6, "realstar": -1,
        "profstar": "a", "certificated": "maybe", "estates": [1, 1]})
    assert set(body) == {"name", "tel", "servstar", "realstar", "profstar",
                         "certificated", "estates"}
    assert all(isinstance(v, list) and v for v in body.values())
    assert admin.post("/api/agents/", 400, json={
        "name": "n", "tel": "123456"})["tel"]
    assert admin.post("/api/agents/", 400, json={
        "name": "n", "tel": "1" * 21})["tel"]
    assert admin.post("/api/agents/", 400, json={
        "name": "n", "tel": "1234567", "estates": list(range(1, 102))}
    )["estates"]


def test_unknown_estate(admin, estates):
    name = "无楼盘" + token()
    body = admin.post("/api/agents/", 400, json={
        "name": name, "tel": "1234567",
        "estates": [estates[0]["estateid"], 999999999]})
    assert list(body) == ["estates"] and "999999999" in body["estates"][0]
    assert db().value("SELECT COUNT(*) FROM agents WHERE name = '%s'"
                      % name) == "0"


def test_put_keeps_omitted_and_replaces_estates(admin, estates):
    ids = [e["estateid"] for e in estates]
    a = make(admin, "改" + token(), servstar=4, realstar=2, profstar=1,
             certificated=True, estates=[ids[0]])
    path = "/api/agents/%d/" % a["agentid"]
    b = admin.put(path, json={"name": a["name"] + "x", "tel": "7654321"})
    assert b == dict(a, name=a["name"] + "x", tel="7654321")
    c = admin.put(path.rstrip("/"), json={
        "name": b["name"], "tel": b["tel"], "servstar": 0,
        "certificated": False, "estates": [ids[2], ids[1]]})
    assert c["servstar"] == 0 and c["certificated"] is False
    assert c["realstar"] == 2 and c["profstar"] == 1
    assert [e["estateid"] for e in c["estates"]] == sorted(ids[1:])
    d = admin.put(path, json={"name": b["name"], "tel": b["tel"],
                              "estates": []})
    assert d["estates"] == []
    assert admin.get(path) == d
    # name and tel are required; a bad estate changes nothing.
    assert admin.put(path, 400, json={}) == {"name": [REQUIRED],
                                             "tel": [REQUIRED]}
    assert list(admin.put(path, 400, json={
        "name": "y", "tel": "1234567", "estates": [ids[0], 999999998]})
    ) == ["estates"]
    assert admin.get(path) == d
    assert admin.put("/api/agents/999999999/", 404, json={
        "name": "y", "tel": "1234567"}) == NOT_FOUND


def test_delete_links_go_listings_keep_none(admin, estates):
    owner = person("landlord")
    a = make(admin, "删" + token(), estates=[estates[0]["estateid"]])
    aid = a["agentid"]
    db().run("UPDATE agents SET user_id = %d WHERE id = %d" % (owner.id, aid))
    hid = house(owner.id, agent_id=aid)
    admin.delete("/api/agents/%d/" % aid)
    assert anonymous().get("/api/agents/%d/" % aid, 404) == NOT_FOUND
    assert admin.delete("/api/agents/%d" % aid, 404) == NOT_FOUND
    assert db().value("SELECT COUNT(*) FROM agent_estates WHERE agent_id = %d"
                      % aid) == "0"
    assert db().value("SELECT agent_id IS NULL FROM houses WHERE id = %d"
                      % hid) == "1"
    est = anonymous().get("/api/estates/%d" % estates[0]["estateid"])
    assert aid not in [x["agentid"] for x in est["agents"]]


def test_ids_that_are_no_number(admin):
    for p in ("/api/agents/abc/", "/api/agents/0", "/api/agents/-1/",
              "/api/agents/1x", "/api/agents/9999999999999999999/"):
        assert anonymous().get(p, 404) == NOT_FOUND, p
    assert admin.delete("/api/agents/abc/", 404) == NOT_FOUND


@pytest.fixture(scope="module")
def mine(admin):
    """A hand-made set under a unique prefix, with % _ and \\ in names."""
    p = "q" + token()
    specs = [("a", 3, True), ("ab", 5, False), ("%x", 1, True),
             ("_y", 4, False), ("\\z", 0, True), ("b", 3, False),
             ("a_", 2, True), ("", 5, True)]
    out = []
    for suffix, stars, cert in specs:
        out.append(make(admin, p + suffix, servstar=stars,
                        certificated=cert))
    return p, out


def expect(rows, prefix, minstar=0, cert=None):
    got = [a for a in rows if a["name"].startswith(prefix)
           and a["servstar"] >= minstar
           and (cert is None or a["certificated"] == bool(cert))]
    return sorted(got, key=lambda a: (-a["servstar"], a["agentid"]))


@pytest.mark.parametrize("suffix", ["", "a", "%", "_", "\\", "a_", "ab"])
def test_name_prefix_literal(mine, suffix):
    p, rows = mine
    got = walk(anonymous(), "/api/agents/", {"name": p + suffix}, 3)
    assert got == expect(rows, p + suffix)


@pytest.mark.parametrize("params,minstar,cert", [
    ({"key": 3}, 3, None), ({"servstar": 4}, 4, None),
    ({"key": 2, "servstar": 2}, 2, None), ({"cert": 1}, 0, 1),
    ({"cert": 0, "key": 3}, 3, 0), ({"key": 0}, 0, None),
    ({"servstar": 5, "cert": 1}, 5, 1)])
def test_filters(mine, params, minstar, cert):
    p, rows = mine
    got = walk(anonymous(), "/api/agents", dict(params, name=p), 2)
    assert got == expect(rows, p, minstar, cert)


def test_bad_filters(mine):
    p, _ = mine
    d = anonymous()
    for q, field in (("key=6", "key"), ("key=abc", "key"),
                     ("servstar=-1", "servstar"), ("cert=2", "cert"),
                     ("cert=true", "cert"), ("name=", "name"),
                     ("name=" + "x" * 31, "name"), ("page=0", "page"),
                     ("size=0", "size"), ("page=x", "page"),
                     ("key=1&key=1", "key"), ("cert=1&cert=1", "cert"),
                     ("name=a&name=a", "name")):
        body = d.get("/api/agents/?" + q, 400)
        assert field in body, (q, body)
    body = d.get("/api/agents/?key=3&servstar=4", 400)
    assert set(body) <= {"key", "servstar"} and body
    body = d.get("/api/agents/?key=7&cert=5&size=0", 400)
    assert set(body) == {"key", "cert", "size"}
    # Unknown names are ignored.
    assert d.get("/api/agents/?name=%s&_=1" % p)["count"] == 8


def test_paging(admin):
    p = "pg" + token()
    made = [make(admin, p + "%02d" % i, servstar=i % 3) for i in range(53)]
    d = anonymous()
    want = expect(made, p)
    assert walk(d, "/api/agents/", {"name": p}, 7) == want
    body = d.get("/api/agents/?name=%s&size=100" % p)
    assert len(body["results"]) == 50 and body["count"] == 53
    assert body["next"] == base() + "/api/agents/?name=%s&size=100&page=2" % p
    last = d.get("/api/agents/?name=%s&size=100&page=2" % p)
    assert last["results"] == want[50:] and last["next"] is None
    assert last["previous"] == base() + "/api/agents/?name=%s&size=100" % p
    assert d.get("/api/agents/?name=%s&size=100&page=3" % p, 404) == BAD_PAGE
    assert d.get("/api/agents/?name=%s&page=99999999" % p, 404) == BAD_PAGE
    # page 1 always exists, default size 5.
    empty = d.get("/api/agents/?name=nobody" + token())
    assert empty == {"count": 0, "next": None, "previous": None,
                     "results": []}
    assert len(d.get("/api/agents/?name=" + p)["results"]) == 5


def test_privileges(estates):
    c = callers()
    body = {"name": "权限" + token(), "tel": "1234567"}
    assert c["anonymous"].post("/api/agents/", 401, json=body) == UNAUTHORIZED
    for who in ("user", "landlord", "agent"):
        assert c[who].post("/api/agents/", 403, json=body) == FORBIDDEN
    a = c["admin"].post("/api/agents/", json=body)
    path = "/api/agents/%d/" % a["agentid"]
    assert c["anonymous"].put(path, 401, json=body) == UNAUTHORIZED
    assert c["anonymous"].delete(path, 401) == UNAUTHORIZED
    for who in ("user", "landlord", "agent"):
        assert c[who].put(path, 403, json=body) == FORBIDDEN
        assert c[who].delete(path, 403) == FORBIDDEN
        assert c[who].get(path) == a
    # The privilege check comes before the parameters.
    assert c["user"].post("/api/agents/", 403, json={}) == FORBIDDEN
    assert c["admin"].put(path, json=body) == a
    c["admin"].delete(path)
