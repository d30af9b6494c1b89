"""qsz.md section 3: /file serves public media and nothing outside the media
roots; identity documents only to their owner.  Paths are sent raw (no
client-side normalisation) through a socket."""

import json
import os
import uuid

import pytest

from conftest import png, raw_get

SECRET_MARK = b"root:"


def assert_nothing_served(status, headers, body, forbidden=()):
    assert SECRET_MARK not in body, body[:200]
    for f in forbidden:
        assert f not in body
    if status == 200:
        env = json.loads(body)
        assert set(env) == {"status", "msg", "ans"}, env
        assert env["status"] in (2, 4, 6, 7), env
    else:
        assert status in (400, 403, 404), (status, body[:200])


@pytest.fixture
def two_users(api, make_user, files):
    """(owner, other, private rel path, its bytes): owner has submitted an
    identity document (a unique PNG) and a portrait."""
    owner, other = make_user(), make_user()
    doc = png()
    api.ok("/user_identification", token=owner.token,
           data={"realname": "李小龙", "idcardnumber": "11010519491231002X"},
           files={"portrait": ("p.png", doc, "image/png"),
                  "idcardfront": ("f.pdf", files["pdf"], "application/pdf"),
                  "idcardback": ("b.jpg", files["jpg"], "image/jpeg")})
    return owner, other, doc


def owner_doc(media, owner, doc):
    for rel in media.private(owner.id):
        with open(media.path(rel), "rb") as f:
            if f.read() == doc:
                return rel
    raise AssertionError("the owner's document is not on disk")


PLAIN = [
    "/file/../../etc/passwd",
    "/file/../../../../../../etc/passwd",
    "/file/data/userphoto/../../../etc/passwd",
    "/file/data/userphoto/../../../../../../../../etc/passwd",
    "/file/data/userphoto/%2e%2e/%2e%2e/etc/passwd",
    "/file/data/userphoto/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/file/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/file/data/userphoto/..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd",
    "/file/data/userphoto/%2E%2E%2F%2E%2E%2F%2E%2E%2F%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
    "/file/data/userphoto/..%252f..%252f..%252f..%252fetc%252fpasswd",
    "/file/data/userphoto/..\\..\\..\\..\\..\\etc\\passwd",
    "/file/data/userphoto/%5c..%5c..%5c..%5c..%5cetc%5cpasswd",
    "/file//etc/passwd",
    "/file/%2fetc%2fpasswd",
    "/file/data/userphoto/%2fetc%2fpasswd",
    "/file/data/private/../../../../../../etc/passwd",
    "/file/data/private/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/file/data/private/..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd",
    "/file/data/userphoto/....//....//....//etc/passwd",
    "/file/data/userphoto/%c0%ae%c0%ae/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd",
    "/file/data/userphoto/..%00/etc/passwd",
    "/file/.tmp/",
    "/file/data/",
    "/file/data/private/",
]


@pytest.mark.parametrize("path", PLAIN)
@pytest.mark.parametrize("with_token", [False, True], ids=["anon", "token"])
def test_traversal_outside_the_media_root(base, user, path, with_token):
    headers = {"token": user.token} if with_token else {}
    assert_nothing_served(*raw_get(base, path, headers))


CROSS_USER = [
    "/file/data/private/user_{other}/../user_{owner}/{name}",
    "/file/data/private/user_{other}/%2e%2e/user_{owner}/{name}",
    "/file/data/private/user_{other}/..%2fuser_{owner}%2f{name}",
    "/file/data/private/..%2fuser_{owner}%2f{name}",
    "/file/data/private/user_{other}%2f..%2fuser_{owner}%2f{name}",
    "/file/data/userphoto/../private/user_{owner}/{name}",
    "/file/data/userphoto/..%2fprivate%2fuser_{owner}%2f{name}",
    "/file/data/userphoto/user_{other}/../../private/user_{owner}/{name}",
    "/file/data/private//user_{owner}/{name}",
    "/file/data/private/./user_{owner}/{name}",
    "/file/data/private/user_{owner}/./{name}",
    "/file/data/Private/user_{owner}/{name}",
    "/file/./data/private/user_{owner}/{name}",
    "/file/data/private/user_{owner}/{name}",
    "/file/data/private/user_{owner}/{name}?x=1",
    "/file/data/private/user_{owner}%2f{name}",
    "/file/data/private/user_0{owner}/{name}",
    "/file/data/private/user_{owner}/{name}%00.png",
    "/file/%64ata/private/user_{owner}/{name}",
]


@pytest.mark.parametrize("template", CROSS_USER)
@pytest.mark.parametrize("who", ["other", "anon"])
def test_other_users_identity_documents(base, media, two_users, template, who):
    owner, other, doc = two_users
    rel = owner_doc(media, owner, doc)
    name = os.path.basename(rel)
    path = template.format(owner=owner.id, other=other.id, name=name)
    headers = {"token": other.token} if who == "other" else {}
    assert_nothing_served(*raw_get(base, path, headers), forbidden=[doc])


def test_owner_reads_own_document_raw(base, media, two_users):
    owner, _, doc = two_users
    rel = owner_doc(media, owner, doc)
    status, headers, body = raw_get(base, "/file/" + rel,
                                    {"token": owner.token})
    assert status == 200 and body == doc


def test_private_internal_location_not_reachable(base, media, two_users):
    """Whatever name nginx's internal location has, the private folder is
    not a public static root: guessing common names gives nothing."""
    owner, other, doc = two_users
    rel = owner_doc(media, owner, doc)
    for prefix in ("/private/", "/internal/", "/_private/", "/protected/",
                   "/media/", "/data/", "/"):
        for tail in (rel, rel[len("data/"):], rel[len("data/private/"):]):
            status, _, body = raw_get(base, prefix + tail)
            assert doc not in body, prefix + tail
            assert status != 200 or body.startswith(b"{"), prefix + tail


def test_public_file_served_by_nginx(api, profiled):
    u = profiled()
    r = api.get_file(u.obj["headimgurl"])
    assert r.status_code == 200
    assert r.headers["Content-Type"].split(";")[0] == "image/png"
    assert r.headers.get("X-Content-Type-Options", "").lower() == "nosniff"
    assert r.content.startswith(b"\x89PNG")


def test_missing_public_file(api, profiled):
    u = profiled()
    r = api.get_file("data/userphoto/user_%d/portrait-%s.png"
                     % (u.id, uuid.uuid4()))
    if r.status_code == 200:
        assert r.json()["status"] == 6
    else:
        assert r.status_code == 404


def test_missing_private_file_for_its_owner(api, user):
    r = api.get_file("data/private/user_%d/idcardfront-%s.png"
                     % (user.id, uuid.uuid4()), token=user.token)
    if r.status_code == 200:
        assert r.json()["status"] == 6
    else:
        assert r.status_code == 404


def test_symlink_in_the_media_root_is_not_followed(api, profiled, media, base):
    u = profiled()
    folder = os.path.dirname(media.path(u.obj["headimgurl"]))
    link = os.path.join(folder, "portrait-%s.png" % uuid.uuid4())
    os.symlink("/etc/passwd", link)
    try:
        rel = os.path.relpath(link, media.root)
        assert_nothing_served(*raw_get(base, "/file/" + rel))
    finally:
        os.unlink(link)


def test_symlink_in_a_private_folder_is_not_followed(api, two_users, media,
                                                    base):
    """The owner asking for a link in their own private folder that points
    outside the media root gets nothing."""
    owner, _, doc = two_users
    folder = os.path.dirname(media.path(owner_doc(media, owner, doc)))
    link = os.path.join(folder, "idcardfront-%s.png" % uuid.uuid4())
    os.symlink("/etc/passwd", link)
    try:
        path = "/file/" + os.path.relpath(link, media.root)
        assert_nothing_served(*raw_get(base, path, {"token": owner.token}))
    finally:
        os.unlink(link)


def test_file_route_refuses_other_methods(api, profiled):
    u = profiled()
    r = api.raw("/file/" + u.obj["headimgurl"], method="PUT", data=b"x")
    assert r.status_code in (403, 405), r.status_code
    r = api.raw("/file/" + u.obj["headimgurl"], method="DELETE")
    assert r.status_code in (403, 405), r.status_code
    assert api.get_file(u.obj["headimgurl"]).status_code == 200
