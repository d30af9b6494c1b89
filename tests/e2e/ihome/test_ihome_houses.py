"""ihome.md 5 (areas, publishing, images, house detail, index, my houses,
how QSZ sees an iHome house), with 1 (money in fen, absolute image URLs,
refusals change nothing and leave no file) and 8 (the shared listing).

Counties used here: 110101, 110105, 110108 (110119 belongs to
test_ihome_search.py alone)."""

import re

import pytest
import requests

from conftest import Api, png
from ihome_client import IHome, check
from ihome_people import (BEIJING, DROP, HOUSE, MAX_PHOTOS, add_image,
                          china_today, detail, house_body, masked, person,
                          publish, upload_image, verified_person)

DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def houses_of(db, uid):
    return int(db.value("SELECT COUNT(*) FROM houses WHERE user_id = %d"
                        % uid))


def file_url_ok(base, url, uid):
    assert url.startswith(base.rstrip("/") + "/file/data/userphoto/user_%d/"
                          % uid), url


# -- areas --------------------------------------------------------------------------

def test_areas_are_beijing_counties(base):
    data = IHome(base).ok("GET", "areas")
    assert data == [{"aid": aid, "aname": BEIJING[aid]}
                    for aid in sorted(BEIJING)]
    assert len(data) == 16


def test_areas_cache_headers_and_etag(base):
    ih = IHome(base)
    r = ih.raw("GET", "areas")
    check(r)
    cc = {v.strip().lower() for v in r.headers["Cache-Control"].split(",")}
    assert cc == {"public", "max-age=3600"}, r.headers["Cache-Control"]
    etag = r.headers["ETag"]
    assert etag
    again = ih.raw("GET", "areas/", headers={"If-None-Match": etag})
    assert again.status_code == 304, again.status_code
    assert again.content == b""
    other = ih.raw("GET", "areas", headers={"If-None-Match": '"nope"'})
    assert other.status_code == 200 and check(other)["data"] == \
        check(r)["data"]


# -- publishing: who may ---------------------------------------------------------------

def test_publish_needs_login(base):
    body = IHome(base).call("POST", "houses", json=house_body())
    assert body["errno"] == "4101", body


def test_publish_needs_real_name(base, db):
    p = person(base)
    body = p.ih.call("POST", "houses", json=house_body())
    assert body["errno"] == "4105", body
    assert houses_of(db, p.uid) == 0


def test_publish_with_real_name_rejected(base, db):
    p = verified_person(base)
    db.run("UPDATE users SET real_name_status = 3 WHERE id = %d" % p.uid)
    assert p.ih.call("POST", "houses", json=house_body())["errno"] == "4105"
    assert houses_of(db, p.uid) == 0


def test_publish_with_real_name_approved(base, db):
    p = verified_person(base)
    db.run("UPDATE users SET real_name_status = 2 WHERE id = %d" % p.uid)
    hid = publish(p.ih)
    assert houses_of(db, p.uid) == 1
    assert detail(p.ih, hid)["house"]["hid"] == hid


def test_publish_needs_csrf(base, db):
    p = verified_person(base)
    body = p.ih.call("POST", "houses", json=house_body(), csrf=False,
                     http=403)
    assert body["errno"] == "4201"
    assert houses_of(db, p.uid) == 0


# -- publishing: parameters --------------------------------------------------------------

@pytest.fixture(scope="module")
def publisher(base):
    """One verified person for the refusal table (nothing is created)."""
    return verified_person(base)


BAD = [("missing", k, DROP, {}) for k in HOUSE] + [
    ("empty", "title", "", {}),
    ("long", "title", "题" * 61, {}),
    ("zero", "price", "0", {}),
    ("zero", "price", "0.00", {}),
    ("negative", "price", "-1", {}),
    ("over", "price", "100000.01", {}),
    ("3 decimals", "price", "300.001", {}),
    ("3 decimals number", "price", 1.005, {}),
    ("text", "price", "abc", {}),
    ("negative", "deposit", "-0.01", {}),
    ("over", "deposit", "1000000.01", {}),
    ("3 decimals", "deposit", "1.001", {}),
    ("not beijing", "area_id", 310101, {}),
    ("the city itself", "area_id", 110100, {}),
    ("abolished", "area_id", 110103, {}),
    ("text", "area_id", "abc", {}),
    ("empty", "address", "", {}),
    ("long", "address", "址" * 513, {}),
    ("zero", "room_count", 0, {}),
    ("over", "room_count", 51, {}),
    ("text", "room_count", "two", {}),
    ("zero", "acreage", 0, {}),
    ("over", "acreage", 10001, {}),
    ("empty", "unit", "", {}),
    ("long", "unit", "室" * 21, {}),
    ("zero", "capacity", 0, {}),
    ("over", "capacity", 101, {}),
    ("empty", "beds", "", {}),
    ("long", "beds", "床" * 65, {}),
    ("zero", "min_days", 0, {}),
    ("over", "min_days", 366, {}),
    ("negative", "max_days", -1, {}),
    ("over", "max_days", 366, {}),
    ("below min_days", "max_days", 2, {"min_days": 3}),
    ("below min_days", "max_days", 1, {"min_days": 5}),
    ("unknown id", "facility", [1, 24], {}),
    ("zero id", "facility", [0], {}),
    ("negative id", "facility", [-1], {}),
    ("duplicate", "facility", [2, 3, 2], {}),
    ("not an array", "facility", "1", {}),
    ("not an array", "facility", 5, {}),
]


@pytest.mark.parametrize("why,param,value,companions", BAD,
                         ids=["%s %s" % (p, w) for w, p, _, _ in BAD])
def test_publish_refused(publisher, db, why, param, value, companions):
    before = houses_of(db, publisher.uid)
    body = publisher.ih.call("POST", "houses",
                             json=house_body(**dict(companions,
                                                    **{param: value})))
    assert body["errno"] == "4103", body
    assert param in body["errmsg"], body
    assert houses_of(db, publisher.uid) == before


def test_publish_accepts_digit_strings_and_bounds(base, db):
    p = verified_person(base)
    hid = publish(p.ih, title="题" * 60, price="100000.00",
                  deposit="1000000.00", area_id="110108", address="址" * 512,
                  room_count="50", acreage="10000", unit="室" * 20,
                  capacity="100", beds="床" * 64, min_days="365",
                  max_days="365", facility=[])
    h = detail(p.ih, hid)["house"]
    assert h["price"] == 10000000 and h["deposit"] == 100000000
    assert h["area_id"] == 110108 and h["area_name"] == "海淀区"
    assert (h["room_count"], h["acreage"], h["capacity"]) == (50, 10000, 100)
    assert (h["min_days"], h["max_days"]) == (365, 365)
    assert h["facility"] == [] and h["facilities"] == []
    hid2 = publish(p.ih, price="0.01", deposit="0", room_count=1, acreage=1,
                   capacity=1, min_days=1, max_days=1)
    h2 = detail(p.ih, hid2)["house"]
    assert h2["price"] == 1 and h2["deposit"] == 0
    assert (h2["min_days"], h2["max_days"]) == (1, 1)
    assert houses_of(db, p.uid) == 2


@pytest.mark.parametrize("price,fen", [
    ("300.00", 30000), ("300", 30000), ("123.45", 12345), ("0.5", 50),
    (99.9, 9990), (88, 8800), ("1234.5", 123450),
])
def test_price_read_as_decimal(base, price, fen):
    p = verified_person(base)
    hid = publish(p.ih, price=price, deposit=price)
    h = detail(p.ih, hid)["house"]
    assert h["price"] == fen and h["deposit"] == fen


# -- detail ---------------------------------------------------------------------------

SAMPLE = dict(title="朝阳公园旁两居", price="456.78", deposit="1000.5",
              area_id=110105, address="朝阳区农展馆南路1号", room_count=2,
              acreage=75, unit="2室1厅", capacity=4, beds="双人床2张",
              min_days=2, max_days=30, facility=[23, 5, 1, 12])


def test_detail_every_field(base):
    owner = verified_person(base)
    hid = publish(owner.ih, **SAMPLE)
    urls = [add_image(owner.ih, hid) for _ in range(3)]
    viewer = person(base)
    data = detail(viewer.ih, hid)
    assert set(data) == {"user_id", "house"}
    assert data["user_id"] == viewer.uid
    h = data["house"]
    want = {
        "hid": hid, "user_id": owner.uid, "user_name": masked(owner.mobile),
        "user_avatar": "", "title": SAMPLE["title"],
        "address": SAMPLE["address"], "unit": "2室1厅", "beds": "双人床2张",
        "price": 45678, "deposit": 100050, "area_id": 110105,
        "area_name": "朝阳区", "room_count": 2, "acreage": 75, "capacity": 4,
        "min_days": 2, "max_days": 30, "facility": [1, 5, 12, 23],
        "facilities": [1, 5, 12, 23], "img_urls": urls, "comments": [],
    }
    for k, v in want.items():
        assert h[k] == v, (k, h[k], v)
        assert type(h[k]) is type(v), (k, h[k])
    for u in urls:
        file_url_ok(base, u, owner.uid)


def test_detail_anonymous_and_owner(base):
    owner = verified_person(base)
    hid = publish(owner.ih, area_id=110105)
    anon = detail(IHome(base), hid)
    assert anon["user_id"] == -1
    assert anon["house"]["user_name"] == masked(owner.mobile)
    mine = detail(owner.ih, hid)
    assert mine["user_id"] == owner.uid
    # The owner sees their own mobile-name unmasked.
    assert mine["house"]["user_name"] == owner.mobile


def test_detail_shows_a_chosen_name_and_avatar(base):
    owner = verified_person(base)
    hid = publish(owner.ih)
    owner.ih.ok("POST", "user/name", json={"name": "房东老王"})
    av = owner.ih.ok("POST", "user/avatar", files={
        "avatar": ("a.png", png(), "image/png")})["avatar_url"]
    h = detail(IHome(base), hid)["house"]
    assert h["user_name"] == "房东老王" and h["user_avatar"] == av


def test_detail_images_fetchable(base):
    owner = verified_person(base)
    hid = publish(owner.ih)
    imgs = [png(width=2), png(width=3)]
    urls = [add_image(owner.ih, hid, b) for b in imgs]
    assert detail(IHome(base), hid)["house"]["img_urls"] == urls
    for u, b in zip(urls, imgs):
        r = requests.get(u, timeout=30)
        assert r.status_code == 200 and r.content == b


def test_detail_unknown_house(base):
    body = IHome(base).call("GET", "houses/999999999")
    assert body["errno"] == "4002", body


@pytest.mark.parametrize("hid", ["0", "abc", "-1", "1x"])
def test_detail_bad_id(base, hid):
    body = IHome(base).call("GET", "houses/" + hid)
    assert body["errno"] == "4103", body


def test_detail_of_a_qsz_draft_is_nodata(base):
    """A QSZ listing (a draft, no nightly price) is not an iHome house."""
    p = person(base)
    qid = Api(base).ok("/house_create", token=p.token,
                       data={"description_title": "整租"})["house_id"]
    body = IHome(base).call("GET", "houses/%d" % qid)
    assert body["errno"] == "4002", body


# -- images -----------------------------------------------------------------------------

def test_images_owner_only(base, media, db):
    owner, other = verified_person(base), verified_person(base)
    hid = publish(owner.ih)
    before = media.snapshot(owner.uid, other.uid)
    body = check(upload_image(other.ih, hid))
    assert body["errno"] == "4105", body
    assert media.snapshot(owner.uid, other.uid) == before
    assert detail(owner.ih, hid)["house"]["img_urls"] == []


def test_images_unknown_house(base, media):
    p = verified_person(base)
    before = media.snapshot(p.uid)
    body = check(upload_image(p.ih, 999999999))
    assert body["errno"] == "4002", body
    assert media.snapshot(p.uid) == before


def test_images_wrong_type(base, media, files):
    p = verified_person(base)
    hid = publish(p.ih)
    before = media.snapshot(p.uid)
    for data, name, ctype in ((files["txt"], "h.png", "image/png"),
                              (files["pdf"], "h.jpg", "image/jpeg")):
        body = check(upload_image(p.ih, hid, data, name, ctype))
        assert body["errno"] == "4302", body
    assert media.snapshot(p.uid) == before
    assert detail(p.ih, hid)["house"]["img_urls"] == []


def test_images_jpeg_and_webp_accepted(base, files):
    p = verified_person(base)
    hid = publish(p.ih)
    a = add_image(p.ih, hid, files["jpg"])
    b = add_image(p.ih, hid, files["webp"])
    assert a.endswith((".jpg", ".jpeg")) and b.endswith(".webp")


def test_images_at_most_max_photos(base, media):
    p = verified_person(base)
    hid = publish(p.ih)
    urls = [add_image(p.ih, hid) for _ in range(MAX_PHOTOS)]
    before = media.snapshot(p.uid)
    body = check(upload_image(p.ih, hid))
    assert body["errno"] == "4302", body
    assert media.snapshot(p.uid) == before
    assert detail(p.ih, hid)["house"]["img_urls"] == urls


def test_first_image_is_the_main_one(base):
    p = verified_person(base)
    hid = publish(p.ih)
    basic = p.ih.ok("GET", "user/houses")["houses"][0]
    assert basic["house_id"] == hid
    assert basic["img_url"] == "" and basic["img_urls"] == []
    first = add_image(p.ih, hid)
    second = add_image(p.ih, hid)
    basic = p.ih.ok("GET", "user/houses")["houses"][0]
    assert basic["img_url"] == first
    assert basic["img_urls"] == [first, second]


# -- my houses ------------------------------------------------------------------------

BASIC_FIELDS = {"house_id", "title", "price", "area_name", "img_url",
                "img_urls", "room_count", "order_count", "address",
                "user_avatar", "ctime"}


def test_my_houses_empty(base):
    assert person(base).ih.ok("GET", "user/houses") == {"houses": []}


def test_my_houses_newest_first(base):
    p, other = verified_person(base), verified_person(base)
    before = china_today().isoformat()
    a = publish(p.ih, title="一号", area_id=110101)
    b = publish(p.ih, title="二号", area_id=110105, price="88.80")
    c = publish(p.ih, title="三号", area_id=110108)
    publish(other.ih)
    after = china_today().isoformat()
    houses = p.ih.ok("GET", "user/houses/")["houses"]
    assert [h["house_id"] for h in houses] == [c, b, a]
    h = houses[1]
    assert set(h) == BASIC_FIELDS, h
    assert h["title"] == "二号" and h["price"] == 8880
    assert h["area_name"] == "朝阳区" and h["address"] == HOUSE["address"]
    assert h["room_count"] == HOUSE["room_count"] and h["order_count"] == 0
    assert h["img_url"] == "" and h["img_urls"] == []
    assert h["user_avatar"] == ""
    assert DATE_RE.match(h["ctime"]) and h["ctime"] in (before, after)


# -- index ------------------------------------------------------------------------------

def test_index_order_and_images(base, db):
    p = verified_person(base)
    a, b, c, bare = (publish(p.ih, title=t, area_id=110108)
                     for t in ("甲", "乙", "丙", "无图"))
    img = {a: add_image(p.ih, a), b: add_image(p.ih, b)}
    add_image(p.ih, a)
    top = 2000000000
    for hid, n in ((a, top + 1), (b, top + 1), (c, top + 2), (bare, top + 5)):
        db.run("UPDATE houses SET order_count = %d WHERE id = %d" % (n, hid))
    # An API write last (c's first image), so any cache is refreshed after
    # the SQL above.
    img[c] = add_image(p.ih, c)

    index = IHome(base).ok("GET", "houses/index")
    assert isinstance(index, list) and 1 <= len(index) <= 5
    for h in index:
        assert set(h) == {"house_id", "img_url", "title"}, h
        assert h["img_url"].startswith(base.rstrip("/") + "/file/"), h
    ids = [h["house_id"] for h in index]
    assert len(set(ids)) == len(ids)
    # Mine, with the highest counts: c, then b and a (same count, newer
    # first); the house without an image never.
    mine = [i for i in ids if i in (a, b, c, bare)]
    assert mine == [c, b, a], (ids, a, b, c)
    assert bare not in ids
    by_id = {h["house_id"]: h for h in index}
    for hid in (a, b, c):
        assert by_id[hid]["img_url"] == img[hid]
    assert by_id[c]["title"] == "丙"
    # The whole list is by order_count, then id, descending.
    counts = {int(r[0]): int(r[1]) for r in db.rows(
        "SELECT id, order_count FROM houses WHERE id IN (%s)"
        % ",".join(str(i) for i in ids))}
    keys = [(counts[i], i) for i in ids]
    assert keys == sorted(keys, reverse=True), keys


# -- how QSZ sees it ----------------------------------------------------------------------

def test_qsz_my_house_list_shows_it(base):
    p = verified_person(base)
    hid = publish(p.ih, price="299.50", acreage=55, unit="1室1厅")
    mine = Api(base).ok("/my_house_list", token=p.token)
    got = [h for h in mine if h["id"] == hid]
    assert len(got) == 1, mine
    h = got[0]
    assert h["user_id"] == p.uid and h["status"] == 1
    assert h["house_size"] == 55 and h["house_type"] == "1室1厅"
    assert h["house_rent"] == 300  # 299.50 yuan, rounded half up
