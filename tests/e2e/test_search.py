"""/search_house (qsz.md 4) against a small hand-made data set whose right
answers are known: distances (haversine, R = 6378.137), radius edges, every
filter with its edges, '|'-lists, every sort order, paging, released-only,
photos in upload order, and each invalid filter refused with status 2.

The listings lie in a desert (around longitude 90, latitude 40) where no
other test puts any, and are created through /house_create and
/house_release.  SQL sets what the API cannot: release times (so that
"newest" is not a tie of one second), praise counts and photo rows (their
upload endpoint is tested elsewhere).  Every search is compared with what a
plain Python reading of the contract answers for the same data set."""

import datetime
import math
import re

import pytest

from conftest import VALID_PROFILE, new_openid, png

R = 6378.137
LNG0, LAT0 = 90.0, 40.0  # the centre of every search here


def haversine(lat1, lng1, lat2, lng2):
    p = math.radians
    h = (math.sin(p(lat2 - lat1) / 2) ** 2 + math.cos(p(lat1)) *
         math.cos(p(lat2)) * math.sin(p(lng2 - lng1) / 2) ** 2)
    return 2 * R * math.asin(math.sqrt(min(1.0, h)))


def destination(km, bearing, lat=LAT0, lng=LNG0):
    """The point km away from (lat, lng) in direction bearing (degrees),
    rounded to 7 decimals as a client would send it."""
    p1, l1 = math.radians(lat), math.radians(lng)
    t, d = math.radians(bearing), km / R
    p2 = math.asin(math.sin(p1) * math.cos(d) +
                   math.cos(p1) * math.sin(d) * math.cos(t))
    l2 = l1 + math.atan2(math.sin(t) * math.sin(d) * math.cos(p1),
                         math.cos(d) - math.sin(p1) * math.sin(p2))
    return round(math.degrees(p2), 7), round(math.degrees(l2), 7)


# The released listings: (name, km from the centre, bearing, publisher's
# user_type, attributes).  Distances are distinct except a and a2 (same
# point: ties by id); rents, sizes and praise counts have ties on purpose.
LISTINGS = [
    ("a", 0.10, 10, 1, dict(house_rent=1500, house_size=20, rooms=1,
                            time=2, room=2, direction="南", deco="精装",
                            tags="近地铁|有阳台", htype="1室1厅",
                            title="近地铁 精装单间 100%真实", sub=900001,
                            subway=7001, praise=5, source=1)),
    ("a2", 0.10, 10, 2, dict(house_rent=2500, house_size=35, rooms=1,
                             time=2, room=1, direction="北", deco="简装",
                             tags="", htype="1室0厅", title="同一地点 一居",
                             sub=900001, subway=None, praise=5, source=2)),
    ("b", 0.35, 80, 3, dict(house_rent=2500, house_size=50, rooms=2,
                            time=1, room=1, direction="南北", deco="精装",
                            tags="有阳台|可养宠物", htype="2室1厅",
                            title="南北通透两居_急租", sub=900002,
                            subway=7001, praise=12, source=3)),
    ("c", 0.60, 150, 1, dict(house_rent=3000, house_size=50, rooms=2,
                             time=2, room=1, direction="东", deco="豪装",
                             tags="拎包入住", htype="2室2厅",
                             title="豪装两居 拎包入住", sub=900002,
                             subway=None, praise=0, source=1)),
    ("d", 0.85, 200, 2, dict(house_rent=800, house_size=12, rooms=1,
                             time=1, room=2, direction="西", deco="毛坯",
                             tags="近地铁", htype="1室1厅",
                             title="便宜单间", sub=900003, subway=7002,
                             praise=30, source=2)),
    ("e", 1.10, 260, 3, dict(house_rent=4200, house_size=88, rooms=3,
                             time=2, room=1, direction="南", deco="精装",
                             tags="近地铁|拎包入住|有阳台", htype="3室1厅",
                             title="三居 近地铁", sub=900003, subway=7002,
                             praise=12, source=1)),
    ("f", 1.40, 300, 1, dict(house_rent=3000, house_size=60, rooms=2,
                             time=2, room=1, direction="北", deco="简装",
                             tags="", htype="2室1厅", title="普通两居",
                             sub=900004, subway=None, praise=2, source=1)),
    ("g", 1.90, 330, 2, dict(house_rent=5000, house_size=120, rooms=4,
                             time=2, room=1, direction="南北", deco="豪装",
                             tags="可养宠物", htype="4室2厅",
                             title="大四居 可养宠物", sub=900004,
                             subway=7003, praise=7, source=3)),
    ("h", 2.50, 45, 3, dict(house_rent=1800, house_size=25, rooms=1,
                            time=1, room=2, direction="东南", deco="简装",
                            tags="有阳台", htype="1室1厅", title="短租单间",
                            sub=900005, subway=None, praise=1, source=2)),
]

# Listings that must never appear: (name, km, bearing, what happens).
HIDDEN = [("draft", 0.05, 100, "draft"), ("pulled", 0.15, 120, "pulloff"),
          ("deleted", 0.20, 140, "delete")]


def create_user(api, wechat, user_type):
    openid = new_openid()
    code = wechat.code(openid, kind="oauth")
    token = api.ok("/wx_fetch_userinfo", data={"code": code})["token"]
    api.ok("/create_userinfo", token=token,
           data=dict(VALID_PROFILE, user_type=str(user_type)),
           files={"portrait": ("me.png", png(), "image/png")})
    return token


def listing_params(km, bearing, a=None):
    lat, lng = destination(km, bearing)
    p = {"longitude": "%.7f" % lng, "latitude": "%.7f" % lat,
         "house_rent": "1000", "house_size": "30", "description_title": "隐藏"}
    if a:
        p.update({
            "house_rent": str(a["house_rent"]),
            "house_size": str(a["house_size"]),
            "house_rooms": str(a["rooms"]),
            "rent_time_type": str(a["time"]),
            "rent_room_type": str(a["room"]),
            "house_direction": a["direction"],
            "house_decoration": a["deco"],
            "house_type": a["htype"],
            "description_title": a["title"],
            "subdistrict_code": str(a["sub"]),
            "house_source": str(a["source"]),
            "payment_type": "1|3",
        })
        if a["tags"]:
            p["house_characteristic"] = a["tags"]
        if a["subway"]:
            p["subway_station_code"] = str(a["subway"])
    return p, lat, lng


@pytest.fixture(scope="module")
def data(api, wechat, db):
    """The data set: {name: listing dict with id, lat, lng, user_type,
    release (seconds), photos}, created once for the module."""
    tokens = {t: create_user(api, wechat, t) for t in (1, 2, 3)}
    owners = {t: api.ok("/fetch_userinfo", token=tok)["id"]
              for t, tok in tokens.items()}
    now = datetime.datetime.now(datetime.timezone.utc).replace(
        tzinfo=None, microsecond=0)
    out = {}
    for i, (name, km, bearing, utype, a) in enumerate(LISTINGS):
        p, lat, lng = listing_params(km, bearing, a)
        hid = api.ok("/house_create", token=tokens[utype], data=p)["house_id"]
        api.ok("/house_release", token=tokens[utype], data={"house_id": hid})
        # Released i hours apart, the first listing the newest... except
        # that a2 shares a's release time (ties by id).
        hours = i if name != "a2" else 0
        release = now - datetime.timedelta(hours=hours + 1)
        db.run("UPDATE houses SET release_time = '%s', praise_count = %d "
               "WHERE id = %d" % (release.isoformat(sep=" "), a["praise"],
                                  hid))
        out[name] = dict(a, id=hid, lat=lat, lng=lng, user_type=utype,
                         owner=owners[utype], release=release, photos=[])
    # Photos of a: uploaded in the order position 2, 0, 1 (ids ascending);
    # the answer lists them by position.
    for pos in (2, 0, 1):
        url = "data/userphoto/user_1/house_photo-search-%d-%d.jpg" % (
            out["a"]["id"], pos)
        db.run("INSERT INTO house_photos (house_id, user_id, url, position) "
               "SELECT id, user_id, '%s', %d FROM houses WHERE id = %d" % (
                   url, pos, out["a"]["id"]))
    out["a"]["photos"] = [
        "data/userphoto/user_1/house_photo-search-%d-%d.jpg" % (
            out["a"]["id"], pos) for pos in (0, 1, 2)]
    url = "data/userphoto/user_1/house_photo-search-%d-0.jpg" % out["c"]["id"]
    db.run("INSERT INTO house_photos (house_id, user_id, url, position) "
           "SELECT id, user_id, '%s', 0 FROM houses WHERE id = %d" % (
               url, out["c"]["id"]))
    out["c"]["photos"] = [url]
    # What the service does in every change of a listing's photos
    # (app/media.c; the upload endpoints are tested with their effect on
    # the answer in test_photos_follow_uploads).
    for name in ("a", "c"):
        db.run("UPDATE houses SET photo_urls = (SELECT GROUP_CONCAT(url "
               "ORDER BY position, id SEPARATOR '\\n') FROM house_photos "
               "WHERE house_id = %d) WHERE id = %d" % (out[name]["id"],
                                                      out[name]["id"]))
    hidden = []
    for name, km, bearing, what in HIDDEN:
        p, _, _ = listing_params(km, bearing)
        hid = api.ok("/house_create", token=tokens[1], data=p)["house_id"]
        if what != "draft":
            api.ok("/house_release", token=tokens[1], data={"house_id": hid})
            route = "/pulloff_house" if what == "pulloff" else \
                "/delete_house_info"
            api.ok(route, token=tokens[1], data={"house_id": hid})
        hidden.append(hid)
    return {"listings": out, "hidden": hidden, "token": tokens[1]}


# -- the contract, read plainly ---------------------------------------------------

def interval(text, maxv):
    lo, hi = text.strip()[1:-1].split(",")
    return (int(lo) if lo.strip() else 0, int(hi) if hi.strip() else maxv)


def expected(data, params):
    """The ids /search_house should answer for params, in order."""
    lat = float(params["latitude"])
    lng = float(params["longitude"])
    radius = float(params.get("radius", 10))
    rows = []
    for name, x in data["listings"].items():
        d = haversine(lat, lng, x["lat"], x["lng"])
        if d > radius:
            continue
        ok = True
        if "house_name" in params:
            ok &= params["house_name"] in x["title"]
        if "house_type" in params:
            ok &= params["house_type"] in x["htype"]
        for key, attr in (("house_rent_time_type", "time"),
                          ("house_rent_room_type", "room"),
                          ("house_rooms", "rooms"),
                          ("house_source", "user_type")):
            if key in params:
                ok &= str(x[attr]) in params[key].split("|")
        for key, attr in (("house_direction", "direction"),
                          ("house_decoration", "deco")):
            if key in params:
                ok &= x[attr] in params[key].split("|")
        if "house_characteristic" in params:
            mine = set(x["tags"].split("|")) if x["tags"] else set()
            ok &= bool(mine & set(params["house_characteristic"].split("|")))
        if "house_rent_fee" in params:
            lo, hi = interval(params["house_rent_fee"], 10 ** 6)
            ok &= lo <= x["house_rent"] <= hi
        if "house_size" in params:
            lo, hi = interval(params["house_size"], 10 ** 4)
            ok &= lo <= x["house_size"] <= hi
        if "subdistrict_code" in params:
            ok &= x["sub"] == int(params["subdistrict_code"])
        if "subway_station_code" in params:
            ok &= x["subway"] == int(params["subway_station_code"])
        if ok:
            rows.append((name, d, x))
    sort = int(params.get("sort", 1))
    # Ties by id, in the direction of the order.
    key = {
        1: lambda r: (r[1], r[2]["id"]),
        2: lambda r: (-r[2]["release"].timestamp(), -r[2]["id"]),
        3: lambda r: (-r[2]["praise"], -r[2]["id"]),
        4: lambda r: (r[2]["house_rent"], r[2]["id"]),
        5: lambda r: (-r[2]["house_rent"], -r[2]["id"]),
        6: lambda r: (r[2]["house_size"], r[2]["id"]),
    }[sort]
    rows.sort(key=key)
    shift = int(params.get("shift", 0))
    count = int(params.get("count", 20))
    return [r[2]["id"] for r in rows[shift:shift + count]]


def search(api, **params):
    p = {"longitude": str(LNG0), "latitude": str(LAT0), "radius": "3"}
    p.update({k: str(v) for k, v in params.items()})
    return p, api.ok("/search_house", data=p)


def check(api, data, **params):
    p, ans = search(api, **params)
    assert [x["house_id"] for x in ans] == expected(data, p), (p, ans)
    return ans


# -- the answers ---------------------------------------------------------------------

def test_fields_and_distances(api, data):
    ans = check(api, data)
    byid = {x["id"]: x for x in data["listings"].values()}
    assert len(ans) == 9
    for item in ans:
        x = byid[item["house_id"]]
        assert set(item) == {
            "house_id", "owner_id", "house_rent", "status", "create_date", "distance",
            "house_size", "user_type", "photos", "duration", "payment_type",
            "praise_count", "house_type", "description_title", "longitude",
            "latitude"}
        assert item["status"] == 1
        assert item["owner_id"] == x["owner"]
        assert abs(item["distance"] -
                   haversine(LAT0, LNG0, x["lat"], x["lng"])) < 1e-6
        assert item["house_rent"] == x["house_rent"]
        assert item["house_size"] == x["house_size"]
        assert item["user_type"] == x["user_type"]
        assert item["praise_count"] == x["praise"]
        assert item["house_type"] == x["htype"]
        assert item["description_title"] == x["title"]
        assert item["payment_type"] == "1|3"
        assert abs(item["longitude"] - x["lng"]) < 1e-7
        assert abs(item["latitude"] - x["lat"]) < 1e-7
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", item["create_date"])
        now = datetime.datetime.now(datetime.timezone.utc).replace(
            tzinfo=None)
        assert abs(item["duration"] -
                   (now - x["release"]).total_seconds()) < 120
        assert item["photos"] == x["photos"]


def test_distance_order_and_ties(api, data):
    ans = check(api, data, sort=1)
    d = [x["distance"] for x in ans]
    assert d == sorted(d)
    ids = [x["house_id"] for x in ans]
    a, a2 = data["listings"]["a"]["id"], data["listings"]["a2"]["id"]
    assert ids.index(min(a, a2)) < ids.index(max(a, a2))


def test_photos_in_upload_order(api, data):
    ans = check(api, data, house_name="100%")
    assert ans[0]["photos"] == data["listings"]["a"]["photos"]
    assert [p.rsplit("-", 1)[1] for p in ans[0]["photos"]] == [
        "0.jpg", "1.jpg", "2.jpg"]


@pytest.mark.parametrize("name", ["a", "b", "e", "g", "h"])
def test_radius_edges(api, data, name):
    x = data["listings"][name]
    d = haversine(LAT0, LNG0, x["lat"], x["lng"])
    for sort in (1, 4):
        inside = check(api, data, radius="%.6f" % (d + 0.001), sort=sort)
        assert x["id"] in [i["house_id"] for i in inside]
        outside = check(api, data, radius="%.6f" % (d - 0.001), sort=sort)
        assert x["id"] not in [i["house_id"] for i in outside]


def test_default_radius_is_10_km(api, data):
    p = {"longitude": str(LNG0), "latitude": str(LAT0)}
    ans = api.ok("/search_house", data=p)
    assert [x["house_id"] for x in ans] == expected(data, p)
    assert len(ans) == 9


def test_released_only(api, data):
    for sort in range(1, 7):
        for radius in ("0.5", "3", "50"):
            _, ans = search(api, sort=sort, radius=radius, count=100)
            ids = {x["house_id"] for x in ans}
            assert not ids & set(data["hidden"])


@pytest.mark.parametrize("sort", [1, 2, 3, 4, 5, 6])
@pytest.mark.parametrize("radius", ["3", "50"])  # cell by cell; whole circle
def test_sort_orders(api, data, sort, radius):
    check(api, data, sort=sort, radius=radius, count=100)


@pytest.mark.parametrize("sort", [1, 2, 3, 4, 5, 6])
def test_paging_without_duplicates_or_gaps(api, data, sort):
    whole = check(api, data, sort=sort, count=100)
    pages = []
    for shift in range(0, 12, 2):
        pages += check(api, data, sort=sort, shift=shift, count=2)
    assert [x["house_id"] for x in pages] == [x["house_id"] for x in whole]
    assert check(api, data, sort=sort, shift=9, count=5) == []
    assert len(check(api, data, sort=sort, shift=8, count=5)) == 1


FILTERS = [
    {"house_name": "两居"},
    {"house_name": "100%"},          # a wildcard of LIKE, taken literally
    {"house_name": "_"},
    {"house_name": "无此房源"},
    {"house_type": "2室"},
    {"house_type": "1厅"},
    {"house_rent_time_type": "1"},
    {"house_rent_time_type": "1|2"},
    {"house_rent_room_type": "2"},
    {"house_rent_room_type": "2|1"},
    {"house_rent_fee": "[1500,3000]"},   # both edges inclusive
    {"house_rent_fee": "[1500, 3000]"},  # the document's spelling
    {"house_rent_fee": "[,2500]"},
    {"house_rent_fee": "[2500,]"},
    {"house_rent_fee": "[3000,3000]"},
    {"house_rent_fee": "[3001,4199]"},
    {"house_size": "[20, 50]"},
    {"house_size": "[,12]"},
    {"house_size": "[88,]"},
    {"house_source": "1"},               # the publisher's user_type
    {"house_source": "2|3"},
    {"house_source": "1|2|3"},
    {"house_direction": "南"},           # exact: not 南北 nor 东南
    {"house_direction": "南|北"},
    {"house_decoration": "精装|豪装"},
    {"house_rooms": "1"},
    {"house_rooms": "2|4"},
    {"house_rooms": "3|5|50"},
    {"house_characteristic": "有阳台"},
    {"house_characteristic": "可养宠物|拎包入住"},
    {"house_characteristic": "有阳台|近地铁|可养宠物|拎包入住|电梯房|采光好|"
                             "南北通透|押一付一"},  # 8 tags
    {"house_characteristic": "地铁"},    # a whole tag, not a substring
    {"subdistrict_code": "900002"},
    {"subway_station_code": "7002"},
    # Three at once, and more.
    {"house_rent_fee": "[1000,3000]", "house_rent_room_type": "1",
     "house_rooms": "1|2"},
    {"house_rent_fee": "[,5000]", "house_source": "1|3",
     "house_characteristic": "近地铁|有阳台", "house_direction": "南",
     "house_decoration": "精装", "house_size": "[20,]"},
]


@pytest.mark.parametrize("filters", FILTERS,
                         ids=lambda f: "&".join("%s=%s" % kv
                                                for kv in f.items()))
def test_filters(api, data, filters):
    for sort in (1, 2, 4):
        for radius in ("3", "50"):
            check(api, data, sort=sort, radius=radius, count=100, **filters)


EMPTY = ({"house_name": "无此房源"}, {"house_rent_fee": "[3001,4199]"},
         {"house_characteristic": "地铁"})


def test_filters_have_answers(api, data):
    """The data set makes the filters meaningful: each but EMPTY keeps some
    listings."""
    for f in FILTERS:
        p = dict({"longitude": str(LNG0), "latitude": str(LAT0),
                  "radius": "3", "count": "100"}, **f)
        assert (len(expected(data, p)) == 0) == (f in EMPTY), f


def test_empty_answer(api, data):
    assert check(api, data, house_name="无此房源") == []
    _, ans = search(api, longitude="-170", latitude="-80")
    assert ans == []


def test_login_optional(api, data):
    p = {"longitude": str(LNG0), "latitude": str(LAT0), "radius": "3"}
    answers = [api.ok("/search_house", data=p, **kw)
               for kw in ({"token": data["token"]}, {"token": "0" * 64}, {})]
    ids = [[x["house_id"] for x in ans] for ans in answers]
    assert ids[0] == ids[1] == ids[2] == expected(data, p)


# -- refused filters -------------------------------------------------------------------

RULE = "expected [lo,hi], [,hi] or [lo,]"

BAD = [
    ("house_rent_fee", "100,500"),
    ("house_rent_fee", "[100,500"),
    ("house_rent_fee", "[,]"),
    ("house_rent_fee", "[a,5]"),
    ("house_rent_fee", "[1.5,2]"),
    ("house_rent_fee", "[-1,5]"),
    ("house_rent_fee", "[1,2,3]"),
    ("house_rent_fee", "[500,100]"),
    ("house_rent_fee", "[1,1000001]"),
    ("house_size", "[20,50"),
    ("house_size", "(20,50)"),
    ("house_size", "[,10001]"),
    ("house_rent_time_type", "3"),
    ("house_rent_time_type", "1|1"),
    ("house_rent_time_type", "1,2"),
    ("house_rent_time_type", "短租"),
    ("house_rent_room_type", "0"),
    ("house_rent_room_type", "1|"),
    ("house_source", "4"),
    ("house_source", "1|2|4"),
    ("house_rooms", "51"),
    ("house_rooms", "-1"),
    ("house_rooms", "a"),
    ("house_direction", "南,北"),
    ("house_direction", "南||北"),
    ("house_direction", "|".join("向%d" % i for i in range(17))),
    ("house_decoration", "精装|精装"),
    ("house_characteristic", "|".join("特色%d" % i for i in range(9))),
    ("house_characteristic", "字" * 21),
    ("house_name", "名" * 61),
    ("house_type", "型" * 21),
    ("subdistrict_code", "abc"),
    ("subdistrict_code", "0"),
    ("subway_station_code", "1.5"),
    ("radius", "50.001"),
    ("radius", "-1"),
    ("radius", "abc"),
    ("shift", "-1"),
    ("shift", "10001"),
    ("count", "0"),
    ("count", "101"),
    ("sort", "0"),
    ("sort", "7"),
    ("sort", "distance"),
    ("longitude", "180.5"),
    ("longitude", "东经90"),
    ("latitude", "-90.5"),
]


@pytest.mark.parametrize("param,value", BAD)
def test_invalid_filter_refused(api, param, value):
    p = {"longitude": str(LNG0), "latitude": str(LAT0), param: value}
    body = api.call("/search_house", data=p)
    assert body["status"] == 2, body
    assert body["msg"].startswith(param + ": "), body
    assert body["ans"] == {}


@pytest.mark.parametrize("param,value", [
    ("house_rent_fee", "100,500"), ("house_rent_fee", "[,]"),
    ("house_size", "[20,50")])
def test_interval_message(api, param, value):
    p = {"longitude": str(LNG0), "latitude": str(LAT0), param: value}
    body = api.call("/search_house", data=p)
    assert body["msg"] == "%s: %s" % (param, RULE)


def test_point_required(api):
    for missing in ("longitude", "latitude"):
        p = {"longitude": str(LNG0), "latitude": str(LAT0)}
        del p[missing]
        body = api.call("/search_house", data=p)
        assert body["status"] == 2
        assert body["msg"] == missing + ": required"


def test_source_follows_the_publishers_type(api, wechat):
    """house_source is the publisher's user_type as it is now: a change of
    the profile's user_type moves the listings (and what they show)."""
    token = create_user(api, wechat, 1)
    lat, lng = destination(0.2, 30, lat=40.0, lng=90.5)
    p = {"longitude": "%.7f" % lng, "latitude": "%.7f" % lat,
         "house_rent": "1000", "house_size": "30", "description_title": "换身份"}
    hid = api.ok("/house_create", token=token, data=p)["house_id"]
    api.ok("/house_release", token=token, data={"house_id": hid})
    where = {"longitude": "90.5", "latitude": "40.0", "radius": "1"}

    def found(source):
        ans = api.ok("/search_house", data=dict(where, house_source=source))
        return {x["house_id"]: x["user_type"] for x in ans}

    assert found("1") == {hid: 1} and found("3") == {}
    api.ok("/create_userinfo", token=token,
           data=dict(VALID_PROFILE, user_type="3"))
    assert found("1") == {} and found("3") == {hid: 3}


def test_circle_inside_one_cell(api, wechat):
    """A circle that lies inside one grid cell (0.5 degree) is read with one
    statement per order; every order, a filter and paging agree with the
    contract there too."""
    token = create_user(api, wechat, 2)
    lat0, lng0 = 41.25, 91.25
    made = []
    for i, (km, bearing, rent, size) in enumerate(
            [(0.3, 0, 2000, 40), (0.8, 60, 1500, 40), (1.6, 120, 2000, 25),
             (2.4, 180, 3100, 70), (3.3, 240, 900, 18), (4.1, 300, 1500, 55),
             (6.0, 30, 1000, 30)]):
        lat, lng = destination(km, bearing, lat=lat0, lng=lng0)
        p = {"longitude": "%.7f" % lng, "latitude": "%.7f" % lat,
             "house_rent": str(rent), "house_size": str(size),
             "description_title": "一格之内 %d" % i}
        hid = api.ok("/house_create", token=token, data=p)["house_id"]
        api.ok("/house_release", token=token, data={"house_id": hid})
        made.append(dict(id=hid, km=km, rent=rent, size=size))
    inside = [m for m in made if m["km"] <= 5]
    where = {"longitude": str(lng0), "latitude": str(lat0), "radius": "5",
             "count": "100"}
    orders = {
        1: sorted(inside, key=lambda m: (m["km"], m["id"])),
        2: sorted(inside, key=lambda m: -m["id"]),  # released in id order
        3: sorted(inside, key=lambda m: -m["id"]),  # no praise: ties by id
        4: sorted(inside, key=lambda m: (m["rent"], m["id"])),
        5: sorted(inside, key=lambda m: (-m["rent"], -m["id"])),
        6: sorted(inside, key=lambda m: (m["size"], m["id"])),
    }
    for sort, want in orders.items():
        ans = api.ok("/search_house", data=dict(where, sort=sort))
        assert [x["house_id"] for x in ans] == [m["id"] for m in want], sort
        pages = []
        for shift in range(0, 6, 2):
            pages += api.ok("/search_house", data=dict(
                where, sort=sort, shift=shift, count=2))
        assert [x["house_id"] for x in pages] == [m["id"] for m in want]
    ans = api.ok("/search_house", data=dict(where, sort=4,
                                            house_rent_fee="[1500,2000]"))
    assert [x["house_id"] for x in ans] == [
        m["id"] for m in orders[4] if 1500 <= m["rent"] <= 2000]


def test_photos_follow_uploads(api, wechat):
    """The photos of an answer follow /create_house_photo,
    /update_house_photo and /delete_house_photo (the listing keeps their
    urls, migration 0006); a refused upload changes nothing."""
    token = create_user(api, wechat, 1)
    lat, lng = destination(0.1, 200, lat=42.0, lng=92.5)
    p = {"longitude": "%.7f" % lng, "latitude": "%.7f" % lat,
         "house_rent": "1200", "house_size": "30",
         "description_title": "照片跟着上传"}
    hid = api.ok("/house_create", token=token, data=p)["house_id"]
    api.ok("/house_release", token=token, data={"house_id": hid})
    where = {"longitude": "92.5", "latitude": "42.0", "radius": "1"}

    def photos():
        seen = []
        # The spatial index, a grid cell, the strips (a filter).
        for extra in ({"sort": 1}, {"sort": 4},
                      {"sort": 1, "house_rent_fee": "[1000,2000]"}):
            ans = api.ok("/search_house", data=dict(where, **extra))
            assert [x["house_id"] for x in ans] == [hid]
            seen.append(ans[0]["photos"])
        assert seen[0] == seen[1] == seen[2]
        return seen[0]

    def upload(*names):
        return api.ok("/create_house_photo", token=token,
                      data={"house_id": str(hid), "rooms_type": "3"},
                      files=[("house_photo", (n, png(), "image/png"))
                             for n in names])

    assert photos() == []
    first = upload("a.png", "b.png")
    assert photos() == first["url"]
    more = upload("c.png")
    assert photos() == first["url"] + more["url"]
    new = api.ok("/update_house_photo", token=token,
                 data={"photo_id": str(first["id"][0])},
                 files=[("house_photo", ("d.png", png(), "image/png"))])
    assert photos() == [new["url"], first["url"][1], more["url"][0]]
    api.ok("/delete_house_photo", token=token,
           data={"photo_id": str(first["id"][1])})
    assert photos() == [new["url"], more["url"][0]]
    # Refused inside the transaction (2 photos + 29 > 30 per listing) and
    # before it (not an image): nothing changes.
    body = api.call("/create_house_photo", token=token,
                    data={"house_id": str(hid), "rooms_type": "3"},
                    files=[("house_photo", ("e%d.png" % i, png(), "image/png"))
                           for i in range(29)])
    assert body["status"] != 0 and "already" in body["msg"]
    body = api.call("/create_house_photo", token=token,
                    data={"house_id": str(hid), "rooms_type": "3"},
                    files=[("house_photo", ("e.png", png(), "image/png")),
                           ("house_photo", ("f.png", b"not an image",
                                            "image/png"))])
    assert body["status"] != 0
    assert photos() == [new["url"], more["url"][0]]
    for pid in (first["id"][0], more["id"][0]):
        api.ok("/delete_house_photo", token=token,
               data={"photo_id": str(pid)})
    assert photos() == []


def test_distance_with_filters_across_strips(api, wechat):
    """Searches by distance with filters read 0.005-degree strips of
    longitude (migration 0007): listings just east and west of a strip's
    edge, and on it, are all found, in distance order, filtered."""
    token = create_user(api, wechat, 1)
    lat0, lng0 = 43.0, 93.395  # 93.395 + 180 = 273.395: a strip's edge
    made = []
    for i, (metres, bearing, rent) in enumerate(
            [(0, 0, 1500), (8, 90, 1500), (9, 270, 1500), (30, 90, 2500),
             (40, 270, 1500), (120, 80, 1500), (260, 280, 1500),
             (700, 100, 1500), (1400, 260, 1500), (2600, 90, 1500)]):
        lat, lng = destination(metres / 1000.0, bearing, lat=lat0, lng=lng0)
        p = {"longitude": "%.7f" % lng, "latitude": "%.7f" % lat,
             "house_rent": str(rent), "house_size": "30",
             "description_title": "条带边上 %d" % i}
        hid = api.ok("/house_create", token=token, data=p)["house_id"]
        api.ok("/house_release", token=token, data={"house_id": hid})
        made.append(dict(id=hid, m=metres, rent=rent))
    where = {"longitude": str(lng0), "latitude": str(lat0), "radius": "3"}
    want = [m["id"] for m in sorted(made, key=lambda m: (m["m"], m["id"]))
            if m["rent"] <= 2000]
    for count in ("2", "5", "100"):
        ans = api.ok("/search_house", data=dict(
            where, count=count, house_rent_fee="[,2000]"))
        assert [x["house_id"] for x in ans] == want[:int(count)]
    ans = api.ok("/search_house", data=dict(where, house_rent_fee="[2000,]"))
    assert [x["house_id"] for x in ans] == [made[3]["id"]]
