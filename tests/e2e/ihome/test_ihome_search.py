"""ihome.md 6 (GET /api/v1.0/houses?aid=&sd=&ed=&sk=&p=), with the live
bookings of 7 (WAIT_ACCEPT and WAIT_PAYMENT while their hold runs block
their nights; REJECTED, CANCELED and lapsed ones never) and the basic
house object of 5.

A hand-made set of houses in county 110119 (延庆区), which no other test
file uses, so exact answers are computed here in Python.  Searches over
the whole city only assert what holds with other files' houses present."""

import math
import re
from decimal import Decimal

import pytest

from ihome_client import IHome
from ihome_people import (PAGE_SIZE, add_image, booking, act, china_today,
                          d, person, publish, verified_person)

AID = 110119
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
SORTS = ("new", "booking", "price-inc", "price-des")

# name, price (yuan), order_count (set by SQL), min_days, max_days
SPECS = [
    ("a", "100.00", 3, 1, 0),     # has two images
    ("b", "200.00", 3, 1, 0),     # accepted, then its payment hold lapsed
    ("c", "150.00", 0, 1, 0),     # accepted, then cancelled by the guest
    ("d", "150.00", 5, 1, 0),
    ("e", "300.00", 1, 3, 0),     # at least 3 nights
    ("f", "250.00", 0, 1, 2),     # at most 2 nights
    ("g", "120.00", 2, 1, 0),     # WAIT_ACCEPT [10, 13)
    ("h", "130.00", 0, 1, 0),     # WAIT_PAYMENT [10, 12)
    ("i", "140.00", 4, 1, 0),     # rejected [10, 13)
    ("j", "160.00", 0, 1, 0),     # cancelled [10, 13)
    ("k", "170.00", 1, 1, 0),     # WAIT_ACCEPT lapsed [10, 13)
    ("l", "180.00", 5, 2, 5),     # WAIT_PAYMENT [20, 22)
    ("m", "99.99", 0, 1, 0),      # published last
]

# house, first night, check-out day (days from today), what becomes of it
BOOKINGS = [
    ("g", 10, 13, "wait"),
    ("h", 10, 12, "accept"),
    ("i", 10, 13, "reject"),
    ("j", 10, 13, "cancel"),
    ("k", 10, 13, "lapse"),
    ("c", 10, 13, "accept_cancel"),
    ("b", 10, 13, "accept_lapse"),
    ("l", 20, 22, "accept"),
]
LIVE = {"wait", "accept"}


class House:
    def __init__(self, name, price, order_count, min_days, max_days):
        self.name = name
        self.price_text = price
        self.price = int(Decimal(price) * 100)
        self.order_count = order_count
        self.min_days = min_days
        self.max_days = max_days
        self.bookings = []   # (start offset, end offset, live)
        self.hid = None
        self.images = []


class World:
    def __init__(self, landlord, guest, houses):
        self.landlord = landlord
        self.guest = guest
        self.houses = houses
        self.by_name = {h.name: h for h in houses}
        self.by_id = {h.hid: h for h in houses}


def ok(body):
    assert body["errno"] == "0", body
    return body


@pytest.fixture(scope="module")
def world(base, db):
    landlord = verified_person(base, real_name="延庆房东")
    guest = person(base)
    houses = [House(*s) for s in SPECS]
    by = {h.name: h for h in houses}
    for h in houses[:-1]:
        h.hid = publish(landlord.ih, title="延庆" + h.name, area_id=AID,
                        price=h.price_text, min_days=h.min_days,
                        max_days=h.max_days, address="延庆区%s路" % h.name)
    a = by["a"]
    a.images = [add_image(landlord.ih, a.hid), add_image(landlord.ih, a.hid)]

    for name, s, e, fate in BOOKINGS:
        h = by[name]
        oid = booking(guest.ih, h.hid, d(s), d(e))
        if fate in ("accept", "accept_cancel", "accept_lapse"):
            ok(act(landlord.ih, oid, "accept"))
        if fate == "reject":
            ok(act(landlord.ih, oid, "reject", reason="日期不便"))
        if fate in ("cancel", "accept_cancel"):
            ok(act(guest.ih, oid, "cancel"))
        if fate in ("lapse", "accept_lapse"):
            db.run("UPDATE bookings SET hold_until = UTC_TIMESTAMP() - "
                   "INTERVAL 1 SECOND WHERE id = %d" % oid)
        h.bookings.append((s, e, fate in LIVE))

    for h in houses[:-1]:
        db.run("UPDATE houses SET order_count = %d WHERE id = %d"
               % (h.order_count, h.hid))
    # The last house is published after every SQL change above: an API
    # write that changes every answer here, so no cache can be older.
    m = by["m"]
    m.hid = publish(landlord.ih, title="延庆m", area_id=AID,
                    price=m.price_text, min_days=m.min_days,
                    max_days=m.max_days, address="延庆区m路")
    return World(landlord, guest, houses)


# -- the expected answers ---------------------------------------------------------

def expected(world, sd=None, ed=None, sk="new"):
    """The set's houses a search shows, in order (day offsets)."""
    if sd is not None and ed is not None:
        lo, hi = sd, ed
    elif sd is not None:
        lo, hi = sd, sd + 1
    elif ed is not None:
        lo, hi = ed - 1, ed
    else:
        lo = hi = None
    out = []
    for h in world.houses:
        if lo is not None and any(live and s < hi and e > lo
                                  for s, e, live in h.bookings):
            continue
        if sd is not None and ed is not None:
            n = ed - sd
            if n < h.min_days or (h.max_days and n > h.max_days):
                continue
        out.append(h)
    key = {
        "new": lambda h: -h.hid,
        "booking": lambda h: (-h.order_count, -h.hid),
        "price-inc": lambda h: (h.price, -h.hid),
        "price-des": lambda h: (-h.price, -h.hid),
    }[sk]
    return [h.hid for h in sorted(out, key=key)]


def params_of(sd=None, ed=None, sk=None, aid=AID):
    p = {}
    if aid is not None:
        p["aid"] = str(aid)
    if sd is not None:
        p["sd"] = d(sd)
    if ed is not None:
        p["ed"] = d(ed)
    if sk is not None:
        p["sk"] = sk
    return p


def search(ih, params, page=None):
    q = dict(params)
    if page is not None:
        q["p"] = str(page)
    body = ih.call("GET", "houses", params=q)
    assert body["errno"] == "0", body
    assert body["errmsg"] == "请求成功", body
    data = body["data"]
    assert set(data) == {"houses", "total_page"}, data
    assert isinstance(data["total_page"], int)
    return data


def walk(ih, params):
    """Every page in turn -> (house ids in order, total_page).  Checks
    full pages but the last and an empty page past the end."""
    first = search(ih, params, 1)
    total = first["total_page"]
    ids = [h["house_id"] for h in first["houses"]]
    pages = [first["houses"]]
    for p in range(2, total + 1):
        data = search(ih, params, p)
        pages.append(data["houses"])
        ids += [h["house_id"] for h in data["houses"]]
    for pg in pages[:-1]:
        assert len(pg) == PAGE_SIZE, [len(x) for x in pages]
    assert len(pages[-1]) <= PAGE_SIZE
    if total == 0:
        assert first["houses"] == []
    past = search(ih, params, total + 1)
    assert past["houses"] == [], past
    assert len(ids) == len(set(ids)), ids
    return ids, total


# -- windows and sorts in the county ----------------------------------------------------

# (sd, ed) as day offsets; None: absent.
WINDOWS = [
    (None, None),
    (10, 13),   # g, h blocked; i, j, k, b, c not; f too short a max
    (13, 15),   # back-to-back after g and others: nothing blocked
    (12, 13),   # g blocked, h (out on 12) not
    (8, 10),    # check-out on the day g and h check in
    (5, 25),    # 20 nights: g, h, l blocked; f excluded by max_days
    (0, 1),     # today
    (21, 23),   # l blocked
    (22, 24),   # back-to-back after l; l's min 2 met
    (1, 366),   # 365 nights
    (12, None), (11, None), (13, None), (20, None), (0, None),
    (None, 10), (None, 11), (None, 13), (None, 21), (None, 22),
]


@pytest.mark.parametrize("sd,ed", WINDOWS,
                         ids=["sd%s-ed%s" % w for w in WINDOWS])
def test_search_window(world, base, sd, ed):
    ih = IHome(base)
    for sk in SORTS:
        want = expected(world, sd, ed, sk)
        ids, total = walk(ih, params_of(sd, ed, sk))
        assert ids == want, (sk, [world.by_id[i].name for i in ids
                                  if i in world.by_id],
                             [world.by_id[i].name for i in want])
        assert total == math.ceil(len(want) / PAGE_SIZE)


def test_the_windows_mean_something(world):
    """The set is built so the interesting cases differ (a guard on the
    test itself)."""
    names = lambda *w: {world.by_id[i].name for i in expected(world, *w)}
    everything = {h.name for h in world.houses}
    assert names() == everything
    assert names(10, 13) == everything - {"g", "h", "f"}
    assert names(13, 15) == everything - {"e"}
    assert names(12, 13) == everything - {"g", "e", "l"}
    assert names(12, None) == everything - {"g"}
    assert names(None, 11) == everything - {"g", "h"}
    assert names(5, 25) == everything - {"g", "h", "l", "f"}


def test_default_sort_is_new(world, base):
    ih = IHome(base)
    ids, _ = walk(ih, params_of())
    assert ids == expected(world, sk="new")
    assert ids == sorted(ids, reverse=True)


def test_paging(world, base):
    ih = IHome(base)
    want = expected(world, sk="price-inc")
    assert len(want) == 13
    one = search(ih, params_of(sk="price-inc"), 1)
    two = search(ih, params_of(sk="price-inc"), 2)
    assert one["total_page"] == two["total_page"] == 2
    assert [h["house_id"] for h in one["houses"]] == want[:10]
    assert [h["house_id"] for h in two["houses"]] == want[10:]
    three = search(ih, params_of(sk="price-inc"), 3)
    assert three == {"houses": [], "total_page": 2}
    last = search(ih, params_of(sk="price-inc"), 10000)
    assert last == {"houses": [], "total_page": 2}
    # p absent is page 1
    assert search(ih, params_of(sk="price-inc")) == one


def test_exactly_one_full_page(world, base):
    """Ten matches: one page, and page 2 is past the end."""
    assert len(expected(world, 10, 13)) == PAGE_SIZE
    ih = IHome(base)
    one = search(ih, params_of(10, 13), 1)
    assert one["total_page"] == 1 and len(one["houses"]) == PAGE_SIZE
    two = search(ih, params_of(10, 13), 2)
    assert two == {"houses": [], "total_page": 1}


def test_empty_values_are_absent(world, base):
    ih = IHome(base)
    plain = search(ih, {"aid": str(AID)})
    blank = search(ih, {"aid": str(AID), "sd": "", "ed": "", "sk": "",
                        "p": ""})
    assert blank == plain


def test_logged_in_sees_the_same(world, base):
    anon = search(IHome(base), params_of(10, 13, "booking"))
    mine = search(world.guest.ih, params_of(10, 13, "booking"))
    assert mine == anon


def test_basic_house_object(world, base):
    a = world.by_name["a"]
    before = china_today().isoformat()
    data = search(IHome(base), params_of(sk="price-inc"), 1)
    after = china_today().isoformat()
    got = [h for h in data["houses"] if h["house_id"] == a.hid]
    assert len(got) == 1, data
    h = got[0]
    assert set(h) == {"house_id", "title", "price", "area_name", "img_url",
                      "img_urls", "room_count", "order_count", "address",
                      "user_avatar", "ctime"}, h
    assert h["title"] == "延庆a" and h["price"] == 10000
    assert h["area_name"] == "延庆区" and h["address"] == "延庆区a路"
    assert h["img_url"] == a.images[0] and h["img_urls"] == a.images
    assert h["room_count"] == 2 and h["order_count"] == 3
    assert h["user_avatar"] == ""
    assert DATE_RE.match(h["ctime"]) and h["ctime"] in (before, after)
    m = [x for x in data["houses"] if x["house_id"] ==
         world.by_name["m"].hid][0]
    assert m["img_url"] == "" and m["img_urls"] == [] and m["price"] == 9999


# -- the whole city ---------------------------------------------------------------------

@pytest.mark.parametrize("sk", SORTS)
def test_whole_city_keeps_relative_order(world, base, sk):
    """Other files' houses are in the city too: only the relative order of
    this set and the absence of duplicates are checked."""
    ih = IHome(base)
    ids, _ = walk(ih, {"sk": sk})
    ours = [i for i in ids if i in world.by_id]
    assert ours == expected(world, sk=sk)


def test_whole_city_with_dates(world, base):
    ih = IHome(base)
    ids, _ = walk(ih, {"sd": d(10), "ed": d(13), "sk": "price-des"})
    ours = [i for i in ids if i in world.by_id]
    assert ours == expected(world, 10, 13, "price-des")


# -- refusals ---------------------------------------------------------------------------

BAD = [
    ({"sd": d(-1)}, ("sd",)),
    ({"sd": d(-1), "ed": d(2)}, ("sd",)),
    ({"ed": d(-1)}, ("ed",)),
    ({"sd": d(5), "ed": d(5)}, ("sd", "ed")),
    ({"sd": d(6), "ed": d(5)}, ("sd", "ed")),
    ({"sd": d(1), "ed": d(367)}, ("sd", "ed")),
    ({"sd": "2026-02-30"}, ("sd",)),
    ({"ed": "2031-02-29"}, ("ed",)),
    ({"sd": "2030-1-05"}, ("sd",)),
    ({"sd": "20300105"}, ("sd",)),
    ({"sd": "tomorrow"}, ("sd",)),
    ({"sk": "hot"}, ("sk",)),
    ({"sk": "price"}, ("sk",)),
    ({"p": "0"}, ("p",)),
    ({"p": "10001"}, ("p",)),
    ({"p": "-1"}, ("p",)),
    ({"p": "x"}, ("p",)),
    ({"aid": "310101"}, ("aid",)),
    ({"aid": "110100"}, ("aid",)),
    ({"aid": "abc"}, ("aid",)),
]


@pytest.mark.parametrize("params,names", BAD,
                         ids=["&".join("%s=%s" % kv for kv in p.items())
                              for p, _ in BAD])
def test_search_refused(base, params, names):
    body = IHome(base).call("GET", "houses", params=params)
    assert body["errno"] == "4103", body
    assert any(n in body["errmsg"] for n in names), body
    assert "data" not in body or not body["data"], body
