"""Helpers (not tests) for the iHome tests of ihome.md 4-7: fresh people
(each with a client of their own), a verified publisher, houses with sane
defaults, images, bookings and dates in China time.

Every helper makes new people, so test files can run side by side against
one shared database."""

import random
from datetime import datetime, timedelta, timezone

from conftest import idcard, png
from ihome_client import IHome, check
from test_ihome_accounts import registered

CHINA = timezone(timedelta(hours=8))
PAGE_SIZE = 10          # ihome_page_size of the test stack (the default)
MAX_PHOTOS = 30         # max_photos (app/config.c default, not overridden)
MAX_IMAGE_BYTES = 10 * 1024 * 1024

# ihome_city_code 110100: Beijing's 16 counties (GB/T 2260, cn-districts.tsv).
BEIJING = {
    110101: "东城区", 110102: "西城区", 110105: "朝阳区", 110106: "丰台区",
    110107: "石景山区", 110108: "海淀区", 110109: "门头沟区", 110111: "房山区",
    110112: "通州区", 110113: "顺义区", 110114: "昌平区", 110115: "大兴区",
    110116: "怀柔区", 110117: "平谷区", 110118: "密云区", 110119: "延庆区",
}

# POST houses: every parameter (all are required), valid.
HOUSE = {
    "title": "东城胡同小院",
    "price": "300.00",
    "deposit": "100",
    "area_id": 110101,
    "address": "东城区南锣鼓巷1号",
    "room_count": 2,
    "acreage": 60,
    "unit": "2室1厅",
    "capacity": 3,
    "beds": "双人床1张",
    "min_days": 1,
    "max_days": 0,
    "facility": [1, 2, 3],
}

DROP = object()   # publish(ih, title=DROP) leaves the parameter out


def china_today():
    return datetime.now(CHINA).date()


def d(n):
    """The ISO date n days after today (China time)."""
    return (china_today() + timedelta(days=n)).isoformat()


def masked(mobile):
    """How a name that is still its person's mobile is shown to others."""
    return mobile[:3] + "****" + mobile[-4:]


def new_id_card(ending_x=False):
    """A random valid resident ID (Dongcheng, born 1950-1999)."""
    while True:
        birth = "19%02d%02d%02d" % (random.randint(50, 99),
                                     random.randint(1, 12),
                                     random.randint(1, 28))
        n = idcard("110101" + birth + "%03d" % random.randint(0, 999))
        if not ending_x or n.endswith("X"):
            return n


def mask_id(number):
    return number[:4] + "*" * 10 + number[-4:]


class Person:
    """A registered, logged-in person with a client of their own."""

    def __init__(self, ih, uid, mobile):
        self.ih = ih
        self.uid = uid
        self.mobile = mobile
        self.id_card = None
        self.real_name = None

    @property
    def token(self):
        """The session cookie's token (also a QSZ token)."""
        return self.ih.s.cookies.get("session")

    def clone(self):
        """Another client (own requests.Session) with the same cookies:
        for threads, since a requests.Session is not thread-safe."""
        c = IHome(self.ih.base)
        c.s.cookies.update(self.ih.s.cookies)
        return c

    def __repr__(self):
        return "Person(%d, %s)" % (self.uid, self.mobile)


def person(base):
    ih = IHome(base)
    mobile, uid = registered(ih)
    return Person(ih, uid, mobile)


def verified_person(base, real_name="王小明"):
    """A person who has submitted a real name (real_name_status 1), so
    may publish."""
    p = person(base)
    p.id_card = new_id_card()
    p.real_name = real_name
    p.ih.ok("POST", "user/auth", json={"real_name": real_name,
                                       "id_card": p.id_card})
    return p


def house_body(**over):
    """HOUSE with overrides; a value DROP leaves the parameter out."""
    body = dict(HOUSE)
    body.update(over)
    return {k: v for k, v in body.items() if v is not DROP}


def publish(ih, **over):
    """POST houses with HOUSE's defaults and overrides -> house_id."""
    data = ih.ok("POST", "houses", json=house_body(**over))
    assert set(data) == {"house_id"} and isinstance(data["house_id"], int), \
        data
    return data["house_id"]


def upload_image(ih, hid, data=None, name="h.png", ctype="image/png"):
    """POST houses/{hid}/images; returns the raw response."""
    return ih.raw("POST", "houses/%d/images" % hid, files={
        "house_image": (name, png() if data is None else data, ctype)})


def add_image(ih, hid, data=None):
    """Add one image (a fresh PNG by default) -> its absolute URL."""
    body = check(upload_image(ih, hid, data))
    assert body["errno"] == "0", body
    assert set(body["data"]) == {"url"}, body
    return body["data"]["url"]


def detail(ih, hid):
    return ih.ok("GET", "houses/%d" % hid)


# -- bookings (ihome.md 7) ------------------------------------------------------

def book(ih, hid, start, end):
    """POST orders -> the envelope."""
    return ih.call("POST", "orders", json={
        "house_id": hid, "start_date": start, "end_date": end})


def booking(ih, hid, start, end):
    """A new booking -> order_id (asserts success)."""
    body = book(ih, hid, start, end)
    assert body["errno"] == "0", body
    assert set(body["data"]) == {"order_id"}, body
    return body["data"]["order_id"]


def act(ih, oid, action, reason=None):
    """PUT orders {order_id, action[, reason]} -> the envelope."""
    body = {"order_id": oid, "action": action}
    if reason is not None:
        body["reason"] = reason
    return ih.call("PUT", "orders", json=body)


def orders(ih, role, p=None):
    params = {"role": role}
    if p is not None:
        params["p"] = p
    return ih.ok("GET", "orders", params=params)


def order_in(ih, role, oid):
    """The order oid as the list of that role shows it (pages walked),
    or None."""
    p = 1
    while True:
        data = orders(ih, role, p)
        for o in data["orders"]:
            if o["order_id"] == oid:
                return o
        if p >= data["total_page"]:
            return None
        p += 1


def status_of(ih, role, oid):
    o = order_in(ih, role, oid)
    assert o is not None, (role, oid)
    return o["status"]
