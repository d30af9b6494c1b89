"""Listing photos (directory.md 10): uploads through the shared media store
(QSZ's house_photos, photo_urls in step), the main photo's rules, refusals
that leave no file, the object rule, and photos shared with QSZ."""

import os

import pytest

from conftest import Api, need_env, png, sample
from dir_client import FORBIDDEN, NOT_FOUND, UNAUTHORIZED, Dir
from dir_listing_data import PATH, create, make_agent, make_type, unknown_house
from dir_people import anonymous, base, db, person

MAX_PHOTOS = int(os.environ.get("ZUFANG_MAX_PHOTOS") or 30)


@pytest.fixture(scope="module")
def htype():
    return make_type()


@pytest.fixture
def owner():
    return person("landlord")


def media_root():
    return need_env("ZUFANG_TEST_MEDIA")


def files_of(uid):
    """Every file of the user's public folder and of the upload tmp dir."""
    out = set()
    for top in ("data/userphoto/user_%d" % uid, ".tmp"):
        for d, _, names in os.walk(os.path.join(media_root(), top)):
            out |= {os.path.relpath(os.path.join(d, n), media_root())
                    for n in names}
    return out


def upload(p, hid, http=201, data=None, name="a.png", content=None,
           ctype="image/png"):
    return p.post(PATH + "%d/photos/" % hid, http=http, data=data or {},
                  files={"photo": (name, content or png(), ctype)})


def rel(path):
    prefix = base().rstrip("/") + "/file/"
    assert path.startswith(prefix), path
    return path[len(prefix):]


def photo_urls(hid):
    v = db().value("SELECT COALESCE(REPLACE(photo_urls, '\\n', ','), '') "
                   "FROM houses WHERE id = %d" % hid)
    return v.split(",") if v else []


def mains(hid):
    return [int(r[0]) for r in db().rows(
        "SELECT id FROM house_photos WHERE house_id = %d AND is_main = 1"
        % hid)]


def test_upload_list_and_main(owner, htype):
    hid = create(owner, htype)["houseid"]
    assert anonymous().get(PATH + "%d/photos/" % hid) == []
    a = upload(owner, hid)
    assert set(a) == {"photoid", "path", "ismain"} and a["ismain"] is True
    assert os.path.isfile(os.path.join(media_root(), rel(a["path"])))
    assert rel(a["path"]).startswith("data/userphoto/user_%d/" % owner.id)
    b = upload(owner, hid, data={"ismain": "false"}, name="b.jpg",
               content=sample("tiny.jpg"), ctype="image/jpeg")
    assert b["ismain"] is False
    c = upload(owner, hid, name="c.webp", content=sample("tiny.webp"),
               ctype="image/webp")
    assert c["ismain"] is False
    assert anonymous().get(PATH + "%d/photos" % hid) == [a, b, c]
    d = upload(owner, hid, data={"ismain": "1"})
    assert d["ismain"] is True and mains(hid) == [d["photoid"]]
    listed = anonymous().get(PATH + "%d/photos/" % hid)
    assert [x["photoid"] for x in listed] == [x["photoid"] for x in (a, b, c, d)]
    assert [x["ismain"] for x in listed] == [False, False, False, True]
    detail = anonymous().get(PATH + "%d" % hid)
    assert detail["mainphoto"] == d["path"] and detail["photos"] == listed
    assert photo_urls(hid) == [rel(x["path"]) for x in (a, b, c, d)]
    page = anonymous().get(PATH, params={"title": detail["title"]})
    assert page["results"][0]["mainphoto"] == d["path"]
    # QSZ's own listing of the photos.
    mine = Api(base()).ok("/my_house_list", token=owner.token)
    assert [x["id"] for x in mine[0]["house_photo"]] == [
        x["photoid"] for x in listed]


def test_put_main(owner, htype):
    hid = create(owner, htype)["houseid"]
    a, b = upload(owner, hid), upload(owner, hid)
    url = PATH + "%d/photos/%d" % (hid, b["photoid"])
    assert owner.put(url, json={"ismain": True}) == dict(b, ismain=True)
    assert mains(hid) == [b["photoid"]]
    assert owner.put(url + "/", data={"ismain": "true"})["ismain"] is True
    # false leaves it as it is: a listing keeps its main photo.
    assert owner.put(PATH + "%d/photos/%d" % (hid, a["photoid"]),
                     json={"ismain": False}) == dict(a, ismain=False)
    assert mains(hid) == [b["photoid"]]
    assert list(owner.put(url, 400, json={})) == ["ismain"]
    assert list(owner.put(url, 400, json={"ismain": "maybe"})) == ["ismain"]


def test_delete_and_the_next_main(owner, htype):
    hid = create(owner, htype)["houseid"]
    a, b, c = upload(owner, hid), upload(owner, hid), upload(owner, hid)
    owner.put(PATH + "%d/photos/%d" % (hid, b["photoid"]), json={"ismain": 1})
    # Deleting one that is not main changes no main.
    assert owner.delete(PATH + "%d/photos/%d" % (hid, c["photoid"])) is None
    assert not os.path.exists(os.path.join(media_root(), rel(c["path"])))
    assert mains(hid) == [b["photoid"]]
    # Deleting the main one: the earliest left becomes main.
    assert owner.delete(PATH + "%d/photos/%d/" % (hid, b["photoid"])) is None
    assert not os.path.exists(os.path.join(media_root(), rel(b["path"])))
    assert anonymous().get(PATH + "%d/photos/" % hid) == [dict(a, ismain=True)]
    assert photo_urls(hid) == [rel(a["path"])]
    owner.delete(PATH + "%d/photos/%d" % (hid, a["photoid"]))
    assert anonymous().get(PATH + "%d/photos/" % hid) == []
    assert anonymous().get(PATH + "%d" % hid)["mainphoto"] == ""
    assert photo_urls(hid) == []
    # The next upload is main again.
    assert upload(owner, hid)["ismain"] is True


def test_wrong_type_leaves_nothing(owner, htype):
    hid = create(owner, htype)["houseid"]
    before = files_of(owner.id)
    errs = upload(owner, hid, 400, name="x.jpg",
                  content=sample("not-an-image.txt"), ctype="image/jpeg")
    assert list(errs) == ["photo"] and errs["photo"][0]
    errs = upload(owner, hid, 400, name="x.pdf", content=sample("tiny.pdf"),
                  ctype="application/pdf")
    assert list(errs) == ["photo"]
    assert files_of(owner.id) == before
    assert anonymous().get(PATH + "%d/photos/" % hid) == []
    # No file part, or another name.
    r = owner.raw("POST", PATH + "%d/photos/" % hid,
                  files={"image": ("a.png", png(), "image/png")})
    assert r.status_code == 400 and list(r.json()) == ["photo"]
    assert list(upload(owner, hid, 400, data={"ismain": "perhaps"})) == ["ismain"]
    assert files_of(owner.id) == before


def test_limit(owner, htype):
    hid = create(owner, htype)["houseid"]
    db().run("INSERT INTO house_photos (house_id, user_id, url, position) "
             "SELECT %d, %d, CONCAT('data/userphoto/none-', seq, '.png'), "
             "seq FROM seq_1_to_%d" % (hid, owner.id, MAX_PHOTOS - 1))
    last = upload(owner, hid)
    assert last["ismain"] is True  # none of those was main
    before = files_of(owner.id)
    errs = upload(owner, hid, 400)
    assert errs == {"photo": ["每个房源最多 %d 张图片。" % MAX_PHOTOS]}
    assert files_of(owner.id) == before
    assert len(anonymous().get(PATH + "%d/photos/" % hid)) == MAX_PHOTOS


def test_object_rule(htype):
    agent_rec = make_agent()
    owner = person("landlord")
    agent = person("agent", agent=agent_rec["agentid"])
    admin = person("admin")
    other = person("landlord")
    plain = person()
    hid = create(owner, htype, agent=agent_rec["agentid"])["houseid"]
    mine = upload(owner, hid)
    url = PATH + "%d/photos/%d" % (hid, mine["photoid"])
    for who in (other, plain):
        before = files_of(owner.id) | files_of(who.id)
        assert upload(who, hid, 403) == FORBIDDEN
        assert files_of(owner.id) | files_of(who.id) == before
        assert who.put(url, 403, json={"ismain": True}) == FORBIDDEN
        assert who.delete(url, 403) == FORBIDDEN
    anon = anonymous()
    assert upload(anon, hid, 401) == UNAUTHORIZED
    assert anon.put(url, 401, json={"ismain": True}) == UNAUTHORIZED
    assert anon.delete(url, 401) == UNAUTHORIZED
    # The linked agent and an administrator may; the files are the owner's.
    for who in (agent, admin):
        p = upload(who, hid, data={"ismain": "true"})
        assert rel(p["path"]).startswith("data/userphoto/user_%d/" % owner.id)
        assert who.put(PATH + "%d/photos/%d" % (hid, mine["photoid"]),
                       json={"ismain": True})["ismain"] is True
        assert who.delete(PATH + "%d/photos/%d" % (hid, p["photoid"])) is None
    assert len(anonymous().get(PATH + "%d/photos/" % hid)) == 1


def test_photo_of_another_listing(owner, htype):
    h1 = create(owner, htype)["houseid"]
    h2 = create(owner, htype)["houseid"]
    p = upload(owner, h1)
    for m, kw in (("PUT", {"json": {"ismain": True}}), ("DELETE", {})):
        assert owner.call(m, PATH + "%d/photos/%d" % (h2, p["photoid"]), 404,
                          **kw) == NOT_FOUND
        assert owner.call(m, PATH + "%d/photos/%d" % (h1, p["photoid"] + 10 ** 9),
                          404, **kw) == NOT_FOUND
    assert anonymous().get(PATH + "%d/photos/" % h1) == [p]


def test_listing_not_shown(owner, htype):
    hid = create(owner, htype)["houseid"]
    p = upload(owner, hid)
    Api(base()).ok("/pulloff_house", token=owner.token,
                   data={"house_id": str(hid)})
    before = files_of(owner.id)
    for h in (hid, unknown_house()):
        assert anonymous().get(PATH + "%d/photos/" % h, 404) == NOT_FOUND
        assert upload(owner, h, 404) == NOT_FOUND
        assert owner.put(PATH + "%d/photos/%d" % (h, p["photoid"]), 404,
                         json={"ismain": True}) == NOT_FOUND
        assert owner.delete(PATH + "%d/photos/%d" % (h, p["photoid"]),
                            404) == NOT_FOUND
    assert files_of(owner.id) == before


def test_qsz_photos_shown_here(htype):
    api = Api(base())
    u = person()
    hid = api.ok("/house_create", token=u.token, data={
        "county_code": "652824", "house_rent": "900", "house_size": "20",
        "description_title": "QSZ带图", "longitude": "88.3",
        "latitude": "39.2"})["house_id"]
    ans = api.ok("/create_house_photo", token=u.token,
                 data={"house_id": str(hid), "rooms_type": "3"},
                 files=[("house_photo", ("a.png", png(), "image/png")),
                        ("house_photo", ("b.png", png(), "image/png"))])
    api.ok("/house_release", token=u.token, data={"house_id": str(hid)})
    listed = anonymous().get(PATH + "%d/photos/" % hid)
    assert [x["photoid"] for x in listed] == ans["id"]
    assert [rel(x["path"]) for x in listed] == ans["url"]
    assert [x["ismain"] for x in listed] == [False, False]
    assert anonymous().get(PATH + "%d" % hid)["mainphoto"] == ""


def test_concurrent_uploads_make_one_main(owner, htype):
    """Uploads racing on a listing without photos: exactly one is main."""
    from concurrent.futures import ThreadPoolExecutor

    hid = create(owner, htype)["houseid"]

    def one(i):
        c = Dir(base(), owner.token)
        return upload(c, hid, data={"ismain": "true"} if i % 3 == 2 else {})

    with ThreadPoolExecutor(6) as ex:
        done = list(ex.map(one, range(6)))
    listed = anonymous().get(PATH + "%d/photos/" % hid)
    assert sorted(x["photoid"] for x in listed) == sorted(
        x["photoid"] for x in done)
    assert len(mains(hid)) == 1
    assert photo_urls(hid) == [rel(x["path"]) for x in listed]
