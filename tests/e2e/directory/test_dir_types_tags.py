"""House types (directory.md 8) and tags (11): the catalogue with its
ETag, uniqueness, the caps, 409 on a used type, random tags, the tag
page, deletes with their links, the privileges."""

import threading

import pytest

from dir_catalog_util import callers, house, token, walk
from dir_client import BAD_PAGE, FORBIDDEN, NOT_FOUND, REQUIRED, UNAUTHORIZED
from dir_people import anonymous, db, person


@pytest.fixture(scope="module")
def admin():
    return person("admin")


def types_answer():
    r = anonymous().raw("GET", "/api/housetypes/")
    assert r.status_code == 200 and r.headers["Cache-Control"] == "no-cache"
    return r.json(), r.headers["ETag"]


def test_types_catalogue_and_etag(admin):
    before, tag = types_answer()
    ids = [t["typeid"] for t in before]
    assert ids == sorted(ids) and all(set(t) == {"typeid", "name"}
                                      for t in before)
    r = anonymous().raw("GET", "/api/housetypes", headers={
        "If-None-Match": tag})
    assert r.status_code == 304 and r.content == b""
    assert anonymous().raw("HEAD", "/api/housetypes/").status_code == 200
    t = admin.post("/api/housetypes/", json={"name": "三室" + token()})
    assert set(t) == {"typeid", "name"}
    after, tag2 = types_answer()
    assert tag2 != tag and after == before + [t]
    r = anonymous().raw("GET", "/api/housetypes/", headers={
        "If-None-Match": tag})
    assert r.status_code == 200 and r.json() == after
    path = "/api/housetypes/%d" % t["typeid"]
    assert anonymous().get(path) == t == anonymous().get(path + "/")
    u = admin.put(path, json={"name": t["name"] + "改"})
    assert u == dict(t, name=t["name"] + "改")
    _, tag3 = types_answer()
    assert tag3 not in (tag, tag2)
    admin.delete(path + "/")
    final, tag4 = types_answer()
    assert final == before and tag4 not in (tag2, tag3)
    assert anonymous().get(path, 404) == NOT_FOUND


def test_type_validation_and_uniqueness(admin):
    assert admin.post("/api/housetypes/", 400, json={}) == {
        "name": [REQUIRED]}
    assert list(admin.post("/api/housetypes/", 400,
                           json={"name": "x" * 21})) == ["name"]
    name = "两室" + token()
    t = admin.post("/api/housetypes/", data={"name": name})
    assert admin.post("/api/housetypes/", 400, json={"name": name}) == {
        "name": ["具有该名称的户型已存在。"]}
    other = admin.post("/api/housetypes/", json={"name": name + "b"})
    assert admin.put("/api/housetypes/%d" % other["typeid"], 400,
                     json={"name": name}) == {
        "name": ["具有该名称的户型已存在。"]}
    assert admin.put("/api/housetypes/%d" % t["typeid"], json={
        "name": name}) == t
    assert admin.put("/api/housetypes/999999999", 404,
                     json={"name": "n" + token()}) == NOT_FOUND
    for p in ("/api/housetypes/abc", "/api/housetypes/0/"):
        assert anonymous().get(p, 404) == NOT_FOUND


@pytest.mark.parametrize("path,field", [("/api/housetypes/", "name"),
                                        ("/api/tags/", "content")])
def test_concurrent_creates_one_wins(admin, path, field):
    for _ in range(4):
        value = "并" + token()
        codes, go = [], threading.Barrier(2)

        def create():
            go.wait()
            r = admin.raw("POST", path, json={field: value})
            codes.append((r.status_code, r.text))

        ts = [threading.Thread(target=create) for _ in range(2)]
        [t.start() for t in ts]
        [t.join() for t in ts]
        assert sorted(c for c, _ in codes) == [201, 400], codes


def test_types_cap(admin):
    n = int(db().value("SELECT COUNT(*) FROM house_types"))
    t = "cap" + token()
    fill = 100 - n - 1
    try:
        if fill > 0:
            db().run("INSERT INTO house_types (name) VALUES %s" % ", ".join(
                "('%s%d')" % (t, i) for i in range(fill)))
        last = admin.post("/api/housetypes/", json={"name": t + "last"})
        assert admin.post("/api/housetypes/", 400, json={
            "name": t + "over"}) == {"non_field_errors": [
                "户型最多只能有 100 个。"]}
        admin.delete("/api/housetypes/%d" % last["typeid"])
        admin.post("/api/housetypes/", json={"name": t + "again"})
    finally:
        db().run("DELETE FROM house_types WHERE name LIKE '%s%%'" % t)


def test_used_type_409_deleted_listing_loses_it(admin):
    owner = person("landlord")
    t = admin.post("/api/housetypes/", json={"name": "用" + token()})
    hid = house(owner.id, house_type_id=t["typeid"])
    path = "/api/housetypes/%d" % t["typeid"]
    assert admin.delete(path, 409) == {"detail": "该户型仍有房源使用"}
    assert anonymous().get(path) == t
    db().run("UPDATE houses SET status = 2 WHERE id = %d" % hid)
    assert admin.delete(path, 409) == {"detail": "该户型仍有房源使用"}
    db().run("UPDATE houses SET status = 3 WHERE id = %d" % hid)
    admin.delete(path)
    assert db().value("SELECT house_type_id IS NULL FROM houses WHERE id = "
                      "%d" % hid) == "1"
    assert admin.delete(path, 404) == NOT_FOUND


def test_type_privileges():
    c = callers()
    body = {"name": "权" + token()}
    assert c["anonymous"].post("/api/housetypes/", 401,
                               json=body) == UNAUTHORIZED
    for who in ("user", "landlord", "agent"):
        assert c[who].post("/api/housetypes/", 403, json=body) == FORBIDDEN
    t = c["admin"].post("/api/housetypes/", json=body)
    path = "/api/housetypes/%d" % t["typeid"]
    assert c["anonymous"].put(path, 401, json=body) == UNAUTHORIZED
    assert c["anonymous"].delete(path, 401) == UNAUTHORIZED
    for who in ("user", "landlord", "agent"):
        assert c[who].put(path, 403, json=body) == FORBIDDEN
        assert c[who].delete(path, 403) == FORBIDDEN
        assert c[who].get(path) == t
    c["admin"].delete(path)


# ---- tags ----

def test_tag_create_read_delete(admin):
    content = "近地铁" + token()
    t = admin.post("/api/tags/", json={"content": content})
    assert t == {"tagid": t["tagid"], "content": content}
    path = "/api/tags/%d" % t["tagid"]
    assert anonymous().get(path) == t == anonymous().get(path + "/")
    assert admin.post("/api/tags/", 400, json={"content": content}) == {
        "content": ["具有该内容的标签已存在。"]}
    assert admin.post("/api/tags/", 400, json={}) == {"content": [REQUIRED]}
    assert list(admin.post("/api/tags/", 400,
                           json={"content": "x" * 21})) == ["content"]
    owner = person("landlord")
    hid = house(owner.id)
    db().run("INSERT INTO house_tags (house_id, tag_id) VALUES (%d, %d)"
             % (hid, t["tagid"]))
    admin.delete(path + "/")
    assert anonymous().get(path, 404) == NOT_FOUND
    assert admin.delete(path, 404) == NOT_FOUND
    assert db().value("SELECT COUNT(*) FROM house_tags WHERE house_id = %d"
                      % hid) == "0"
    for p in ("/api/tags/abc", "/api/tags/0", "/api/tags/-3/"):
        assert anonymous().get(p, 404) == NOT_FOUND


def test_tag_page(admin):
    made = [admin.post("/api/tags/", json={"content": "页%s" % token()})
            for _ in range(7)]
    d = anonymous()
    everything = walk(d, "/api/tags/", {}, 3)
    ids = [t["tagid"] for t in everything]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    assert all(t in everything for t in made)
    n = len(everything)
    assert d.get("/api/tags/?size=50&page=%d" % (n // 50 + 2), 404) == BAD_PAGE
    for q, field in (("page=0", "page"), ("size=x", "size"),
                     ("size=1&size=1", "size")):
        assert field in d.get("/api/tags?" + q, 400)


def test_random_tags(admin):
    for _ in range(3):
        admin.post("/api/tags/", json={"content": "随%s" % token()})
    d = anonymous()
    total = int(db().value("SELECT COUNT(*) FROM tags"))
    for n in (1, 2, 3):
        got = d.get("/api/tags/?random=%d" % n)
        assert len(got) == n and len({t["tagid"] for t in got}) == n
        for t in got:
            assert d.get("/api/tags/%d" % t["tagid"]) == t
    if total <= 50:
        every = {t["tagid"] for t in walk(d, "/api/tags/", {}, 50)}
        orders = set()
        for _ in range(20):
            got = d.get("/api/tags?random=50")
            assert {t["tagid"] for t in got} == every
            assert len(got) == len(every)
            orders.add(tuple(t["tagid"] for t in got))
        assert len(orders) > 1, "never shuffled"
        seen = {d.get("/api/tags/?random=1")[0]["tagid"] for _ in range(60)}
        assert len(seen) > 1
    for q, field in (("random=0", "random"), ("random=51", "random"),
                     ("random=x", "random"), ("random=2&random=2", "random"),
                     ("random=2&page=1", "random"),
                     ("random=2&size=5", "random")):
        assert field in d.get("/api/tags/?" + q, 400), q


def test_tags_cap(admin):
    n = int(db().value("SELECT COUNT(*) FROM tags"))
    t = "cap" + token()
    fill = 1000 - n - 1
    try:
        if fill > 0:
            db().run("INSERT INTO tags (content) VALUES %s" % ", ".join(
                "('%s%d')" % (t, i) for i in range(fill)))
        admin.post("/api/tags/", json={"content": t + "last"})
        assert admin.post("/api/tags/", 400, json={
            "content": t + "over"}) == {"non_field_errors": [
                "标签最多只能有 1000 个。"]}
        assert len(anonymous().get("/api/tags/?random=50")) == 50
    finally:
        db().run("DELETE FROM tags WHERE content LIKE '%s%%'" % t)


def test_tag_privileges():
    c = callers()
    assert c["anonymous"].post("/api/tags/", 401, json={
        "content": "x"}) == UNAUTHORIZED
    for who in ("user", "landlord"):
        assert c[who].post("/api/tags/", 403, json={
            "content": "x"}) == FORBIDDEN
    t = c["agent"].post("/api/tags/", json={"content": "经" + token()})
    path = "/api/tags/%d" % t["tagid"]
    assert c["anonymous"].delete(path, 401) == UNAUTHORIZED
    for who in ("user", "landlord", "agent"):
        assert c[who].delete(path, 403) == FORBIDDEN
        assert c[who].get(path) == t
    # No PUT on tags (directory.md 1.1).
    assert c["admin"].raw("PUT", path, json={"content": "y"}).status_code \
        == 405
    c["admin"].delete(path)
    c["admin"].post("/api/tags/", json={"content": "管" + token()})
