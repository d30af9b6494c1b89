"""Listings (qsz.md 4): /house_create, /house_release, /pulloff_house,
/delete_house_info, /update_house_info, /my_house_list.

Every validation rule has a refused example, every status change is tried
legal and illegal, ownership and unknown ids are checked on every route.
Photos and videos are inserted with SQL: their endpoints come later."""

import datetime

import pytest

from conftest import LOGIN_FIRST, today_utc

# A listing that can be released: every parameter, valid.
FULL = {
    "province_code": "510000",
    "city_code": "510100",
    "county_code": "510104",
    "district_code": "5101040001",
    "district_name": "锦江花园",
    "subdistrict_code": "510104001",
    "subway_station_code": "2001",
    "house_number": "18",
    "longitude": "104.0817",
    "latitude": "30.6570",
    "rent_time_type": "2",
    "rent_room_type": "1",
    "house_size": "89",
    "house_type": "2室1厅1卫",
    "house_floor": "12",
    "house_direction": "南北",
    "house_decoration": "精装",
    "house_max_livein": "3",
    "house_rent": "3200",
    "payment_type": "1|3",
    "property_management_fee": "1",
    "heating_charge": "3",
    "description_title": "春熙路地铁口精装两居😀",
    "description": "南北通透,拎包入住。\n家电齐全。",
    "traffic_condition": "地铁2号线春熙路站步行5分钟",
    "around_condition": "商场、医院、学校",
    "facility": "8|1|2|11",
    "house_rooms": "2",
    "house_characteristic": "近地铁|拎包入住",
    "house_source": "1",
    "all_floor": "30",
    "earliest_checkin_time": "2030-09-01",
    "extra_fee": "2|1",
}

# What FULL stores, column by column (as the mariadb client prints it).
FULL_STORED = dict(FULL, province_name="四川省", city_name="成都市",
                   county_name="锦江区", facility="1|2|8|11", extra_fee="1|2",
                   longitude="104.0817", latitude="30.657")

# What a release needs.
RELEASABLE = {"longitude": "116.397", "latitude": "39.909", "house_rent": "2000",
              "house_size": "50", "description_title": "整租一居"}

# (parameter, refused value, companions needed to isolate the rule, why)
BAD = [
    ("province_code", "abc", {}, "text"),
    ("province_code", "51000", {}, "5 digits"),
    ("province_code", "5100000", {}, "7 digits"),
    ("province_code", "999999", {}, "no such region"),
    ("province_code", "510100", {}, "a city"),
    ("province_code", "510104", {}, "a county"),
    ("province_name", "四川省", {}, "without its code"),
    ("province_name", "省" * 65, {"province_code": "510000"}, "65 chars"),
    ("province_name", "四川", {"province_code": "510000"}, "not the code's name"),
    ("city_code", "510000", {}, "a province"),
    ("city_code", "510104", {}, "a county"),
    ("city_code", "510199", {}, "no such region"),
    ("city_name", "成都市", {}, "without its code"),
    ("city_name", "北京市", {"city_code": "510100"}, "not the code's name"),
    ("county_code", "510100", {}, "a city"),
    ("county_code", "510000", {}, "a province"),
    ("county_code", "510199", {}, "no such region"),
    ("county_name", "锦江区", {}, "without its code"),
    ("county_name", "青羊区", {"county_code": "510104"}, "not the code's name"),
    ("district_code", "0", {}, "zero"),
    ("district_code", "1000000000000", {}, "13 digits"),
    ("district_code", "12a", {}, "letter"),
    ("district_name", "园" * 61, {}, "61 chars"),
    ("subdistrict_code", "-1", {}, "negative"),
    ("subdistrict_code", "1000000000000", {}, "13 digits"),
    ("subway_station_code", "1.5", {}, "decimal"),
    ("subway_station_code", "0", {}, "zero"),
    ("house_number", "-1", {}, "negative"),
    ("house_number", "100000", {}, "6 digits"),
    ("house_number", "18号", {}, "text"),
    ("longitude", "180.0001", {"latitude": "30"}, "over 180"),
    ("longitude", "-181", {"latitude": "30"}, "under -180"),
    ("longitude", "1e2", {"latitude": "30"}, "exponent"),
    ("longitude", "东经104", {"latitude": "30"}, "text"),
    ("longitude", "104.06", {}, "without latitude"),
    ("latitude", "90.5", {"longitude": "104"}, "over 90"),
    ("latitude", "-90.0001", {"longitude": "104"}, "under -90"),
    ("latitude", "nan", {"longitude": "104"}, "nan"),
    ("latitude", "30.67", {}, "without longitude"),
    ("rent_time_type", "0", {}, "not 1-2"),
    ("rent_time_type", "3", {}, "not 1-2"),
    ("rent_time_type", "长租", {}, "text"),
    ("rent_room_type", "0", {}, "not 1-2"),
    ("rent_room_type", "3", {}, "not 1-2"),
    ("house_size", "0", {}, "zero"),
    ("house_size", "10001", {}, "too big"),
    ("house_size", "45.5", {}, "decimal"),
    ("house_type", "户" * 21, {}, "21 chars"),
    ("house_floor", "层" * 21, {}, "21 chars"),
    ("house_direction", "南" * 11, {}, "11 chars"),
    ("house_decoration", "装" * 11, {}, "11 chars"),
    ("house_max_livein", "0", {}, "zero"),
    ("house_max_livein", "51", {}, "too many"),
    ("house_rent", "-1", {}, "negative"),
    ("house_rent", "1000001", {}, "too much"),
    ("house_rent", "2500.50", {}, "decimal"),
    ("house_rent", "2,500", {}, "comma"),
    ("payment_type", "1|2", {}, "not listed"),
    ("payment_type", "2|1", {}, "not listed"),
    ("payment_type", "13", {}, "no bar"),
    ("payment_type", "1|3|6", {}, "a list"),
    ("property_management_fee", "0", {}, "not 1-3"),
    ("property_management_fee", "4", {}, "not 1-3"),
    ("heating_charge", "0", {}, "not 1-3"),
    ("heating_charge", "4", {}, "not 1-3"),
    ("description_title", "标" * 61, {}, "61 chars"),
    ("description_title", "a\x01b", {}, "control character"),
    ("description", "字" * 2001, {}, "2001 chars"),
    ("traffic_condition", "交" * 501, {}, "501 chars"),
    ("around_condition", "周" * 501, {}, "501 chars"),
    ("facility", "0", {}, "zero"),
    ("facility", "13", {}, "13"),
    ("facility", "1|1", {}, "repeated"),
    ("facility", "1,2", {}, "commas"),
    ("facility", "1|", {}, "trailing bar"),
    ("facility", "|1", {}, "leading bar"),
    ("facility", "1||2", {}, "empty item"),
    ("facility", "空调", {}, "text"),
    ("facility", "01", {}, "leading zero"),
    ("house_rooms", "-1", {}, "negative"),
    ("house_rooms", "51", {}, "too many"),
    ("house_characteristic", "近地铁,拎包入住", {}, "comma"),
    ("house_characteristic", "近地铁||拎包入住", {}, "empty item"),
    ("house_characteristic", "近地铁|近地铁", {}, "repeated"),
    ("house_characteristic", "特" * 21, {}, "21-char tag"),
    ("house_characteristic", "|".join(str(i) for i in range(11)), {}, "11 tags"),
    ("house_source", "0", {}, "not 1-3"),
    ("house_source", "4", {}, "not 1-3"),
    ("all_floor", "0", {}, "zero"),
    ("all_floor", "201", {}, "too high"),
    ("earliest_checkin_time", "2030-02-30", {}, "no such day"),
    ("earliest_checkin_time", "2030/09/01", {}, "slashes"),
    ("earliest_checkin_time", "20300901", {}, "no dashes"),
    ("earliest_checkin_time", "2030-09-01 12:00", {}, "a time"),
    ("extra_fee", "0", {}, "zero"),
    ("extra_fee", "9", {}, "9"),
    ("extra_fee", "2|2", {}, "repeated"),
    ("extra_fee", "1|2|", {}, "trailing bar"),
]

# (parameter, accepted value, stored value) at the edges of the rules
GOOD = [
    ("house_rent", "0", "0"),
    ("house_rent", "1000000", "1000000"),
    ("house_size", "1", "1"),
    ("house_size", "10000", "10000"),
    ("house_max_livein", "1", "1"),
    ("house_max_livein", "50", "50"),
    ("house_rooms", "0", "0"),
    ("house_rooms", "50", "50"),
    ("all_floor", "1", "1"),
    ("all_floor", "200", "200"),
    ("house_number", "0", "0"),
    ("house_number", "99999", "99999"),
    ("district_code", "999999999999", "999999999999"),
    ("rent_time_type", "1", "1"),
    ("rent_room_type", "2", "2"),
    ("payment_type", "1|1", "1|1"),
    ("payment_type", "1|6", "1|6"),
    ("property_management_fee", "3", "3"),
    ("heating_charge", "1", "1"),
    ("house_source", "3", "3"),
    ("facility", "12", "12"),
    ("facility", "12|11|10|9|8|7|6|5|4|3|2|1",
     "1|2|3|4|5|6|7|8|9|10|11|12"),
    ("extra_fee", "8|1", "1|8"),
    ("extra_fee", "1|2|3|4|5|6|7|8", "1|2|3|4|5|6|7|8"),
    ("house_characteristic", "特" * 20, "特" * 20),
    ("house_characteristic", "|".join(str(i) for i in range(10)),
     "|".join(str(i) for i in range(10))),
    ("description_title", "标" * 60, "标" * 60),
    ("description_title", "😀" * 60, "😀" * 60),
    ("description", "字" * 2000, "字" * 2000),
    ("traffic_condition", "交" * 500, "交" * 500),
    ("district_name", "园" * 60, "园" * 60),
    ("house_type", "户" * 20, "户" * 20),
    ("house_direction", "南" * 10, "南" * 10),
    ("earliest_checkin_time", "2000-02-29", "2000-02-29"),
]

STATUS_ROUTES = ["/house_release", "/pulloff_house", "/delete_house_info"]
ALL_ROUTES = STATUS_ROUTES + ["/house_create", "/update_house_info",
                              "/my_house_list"]


# -- helpers --------------------------------------------------------------------

def create(api, u, **params):
    ans = api.ok("/house_create", token=u.token, data=params)
    assert set(ans) == {"house_id"} and isinstance(ans["house_id"], int), ans
    return ans["house_id"]


def row(db, hid, *cols):
    """The stored values of a listing as text ("NULL" for NULL).  Through
    hex: the client's connection may not be utf8mb4, and -B escapes
    newlines."""
    sql = ", ".join("HEX(CAST(%s AS CHAR CHARACTER SET utf8mb4))" % c
                    for c in cols)
    r = db.rows("SELECT %s FROM houses WHERE id = %d" % (sql, hid))
    assert len(r) == 1, r
    return {c: v if v == "NULL" else bytes.fromhex(v).decode()
            for c, v in zip(cols, r[0])}


def status_of(db, hid):
    return int(db.value("SELECT status FROM houses WHERE id = %d" % hid))


def count(db, u):
    return int(db.value("SELECT COUNT(*) FROM houses WHERE user_id = %d" % u.id))


def location(db, hid):
    return db.value("SELECT ST_AsText(location) FROM houses WHERE id = %d" % hid)


def act(api, u, route, hid):
    return api.call(route, token=u.token, data={"house_id": str(hid)})


def update(api, u, hid, name, value):
    return api.call("/update_house_info", token=u.token,
                    data={"house_id": str(hid), "attr_name": name,
                          "attr_value": value})


def in_state(api, db, u, state):
    """A listing of u in state 0 draft, 1 released, 2 pulled off, 3 deleted."""
    hid = create(api, u, **RELEASABLE)
    if state in (1, 2):
        assert act(api, u, "/house_release", hid)["status"] == 0
    if state == 2:
        assert act(api, u, "/pulloff_house", hid)["status"] == 0
    if state == 3:
        assert act(api, u, "/delete_house_info", hid)["status"] == 0
    assert status_of(db, hid) == state
    return hid


def unknown_id(db):
    return int(db.value("SELECT COALESCE(MAX(id), 0) + 1000 FROM houses"))


# -- /house_create ------------------------------------------------------------------

def test_create_empty_draft(api, db, user):
    hid = create(api, user)
    r = row(db, hid, "user_id", "status", "longitude", "latitude",
            "house_rent", "praise_count", "release_time", "submission_time",
            "province_code", "province_name")
    assert r == {"user_id": str(user.id), "status": "0", "longitude": "NULL",
                 "latitude": "NULL", "house_rent": "NULL", "praise_count": "0",
                 "release_time": "NULL", "submission_time": "NULL",
                 "province_code": "NULL", "province_name": "NULL"}
    assert location(db, hid) == "POINT(0 0)"


def test_create_answer(api, user):
    body = api.call("/house_create", token=user.token, data={"house_rent": "1"})
    assert body["status"] == 0 and body["msg"] == ""
    assert list(body["ans"]) == ["house_id"]


def test_create_keeps_every_field(api, db, user):
    hid = create(api, user, **FULL)
    assert row(db, hid, *FULL_STORED) == FULL_STORED
    assert location(db, hid) == "POINT(104.0817 30.657)"
    assert status_of(db, hid) == 0


def test_create_by_json_and_get(api, db, user):
    a = api.ok("/house_create", token=user.token,
               json={"house_rent": 1500, "longitude": 121.47, "latitude": 31.23,
                     "facility": "3|1"})["house_id"]
    b = api.ok("/house_create", token=user.token, method="GET",
               params={"house_rent": "1600", "description_title": "GET 也行"})["house_id"]
    assert row(db, a, "house_rent", "longitude", "latitude", "facility") == {
        "house_rent": "1500", "longitude": "121.47", "latitude": "31.23",
        "facility": "1|3"}
    assert row(db, b, "house_rent", "description_title") == {
        "house_rent": "1600", "description_title": "GET 也行"}


def test_create_ids_grow(api, user):
    a, b = create(api, user), create(api, user)
    assert b > a


def test_server_set_times_ignored(api, db, user):
    hid = create(api, user, release_time="2017-06-21 10:00:00",
                 submission_time="2017-06-21", house_rent="100")
    assert row(db, hid, "release_time", "submission_time", "house_rent") == {
        "release_time": "NULL", "submission_time": "NULL", "house_rent": "100"}


def test_empty_values_count_as_not_given(api, db, user):
    hid = create(api, user, house_rent="", description_title="", facility="",
                 house_size="40")
    assert row(db, hid, "house_rent", "description_title", "facility",
               "house_size") == {"house_rent": "NULL", "description_title": "NULL",
                                 "facility": "NULL", "house_size": "40"}


# The parameter a refusal names when it is not the one given.
NAMED = {("longitude", "without latitude"): "latitude",
         ("latitude", "without longitude"): "longitude"}


@pytest.mark.parametrize("param,value,extra,why", BAD,
                         ids=["%s-%s" % (p, w) for p, _, _, w in BAD])
def test_create_refused(api, db, user, param, value, extra, why):
    before = count(db, user)
    body = api.call("/house_create", token=user.token,
                    data=dict(extra, **{param: value}))
    assert body["status"] == 2, body
    assert body["msg"].startswith(NAMED.get((param, why), param) + ":"), body
    assert count(db, user) == before


def test_coordinates_go_together(api, user):
    body = api.call("/house_create", token=user.token, data={"longitude": "1"})
    assert body["msg"] == "latitude: required with longitude"
    body = api.call("/house_create", token=user.token, data={"latitude": "1"})
    assert body["msg"] == "longitude: required with latitude"


@pytest.mark.parametrize("param,value,stored", GOOD,
                         ids=["%s-%d" % (p, i) for i, (p, _, _) in enumerate(GOOD)])
def test_create_accepted(api, db, user, param, value, stored):
    hid = create(api, user, **{param: value})
    assert row(db, hid, param)[param] == stored


@pytest.mark.parametrize("lon,lat", [("-180", "-90"), ("180", "90"), ("0", "0"),
                                     ("104.123456789", "30.987654321")])
def test_coordinates_edges(api, db, user, lon, lat):
    hid = create(api, user, longitude=lon, latitude=lat)
    r = row(db, hid, "ST_X(location)", "ST_Y(location)", "longitude", "latitude")
    assert float(r["ST_X(location)"]) == pytest.approx(float(lon), abs=1e-9)
    assert float(r["ST_Y(location)"]) == pytest.approx(float(lat), abs=1e-9)
    assert float(r["longitude"]) == pytest.approx(float(lon), abs=1e-9)


def test_parameter_given_twice_refused(api, db, user):
    before = count(db, user)
    body = api.call("/house_create", token=user.token,
                    data=[("house_rent", "1"), ("house_rent", "2")])
    assert body["status"] == 2 and body["msg"].startswith("house_rent:"), body
    assert count(db, user) == before


# -- regions of a listing ----------------------------------------------------------

REGION_COLS = ("province_code", "province_name", "city_code", "city_name",
               "county_code", "county_name")


def regions_of(db, hid):
    return row(db, hid, *REGION_COLS)


def chain(p=None, pn=None, c=None, cn=None, k=None, kn=None):
    v = [p, pn, c, cn, k, kn]
    return {col: ("NULL" if x is None else str(x)) for col, x in zip(REGION_COLS, v)}


@pytest.mark.parametrize("given,stored", [
    ({"province_code": "510000"}, chain(510000, "四川省")),
    ({"city_code": "510100"}, chain(510000, "四川省", 510100, "成都市")),
    ({"county_code": "510104"},
     chain(510000, "四川省", 510100, "成都市", 510104, "锦江区")),
    ({"province_code": "110000", "county_code": "110108"},
     chain(110000, "北京市", 110100, "北京市", 110108, "海淀区")),
    ({"province_code": "440000", "province_name": "广东省", "city_code": "440300",
      "city_name": "深圳市", "county_code": "440305", "county_name": "南山区"},
     chain(440000, "广东省", 440300, "深圳市", 440305, "南山区")),
], ids=["province", "city", "county", "province-and-county", "all-named"])
def test_regions_filled_from_codes(api, db, user, given, stored):
    hid = create(api, user, **given)
    assert regions_of(db, hid) == stored


@pytest.mark.parametrize("given,param,msg", [
    ({"city_code": "110100", "county_code": "510104"}, "county_code",
     "county_code: county 510104 is not in city 110100"),
    ({"province_code": "110000", "county_code": "510104"}, "county_code",
     "county_code: county 510104 is not in province 110000"),
    ({"province_code": "110000", "city_code": "510100"}, "city_code",
     "city_code: city 510100 is not in province 110000"),
    ({"province_code": "510000", "city_code": "510100", "county_code": "510502"},
     "county_code", "county_code: county 510502 is not in city 510100"),
    ({"city_code": "510104"}, "city_code", "city_code: 510104 is not a city"),
    ({"county_code": "510100"}, "county_code",
     "county_code: 510100 is not a county"),
    ({"province_code": "999999"}, "province_code",
     "province_code: 999999 is not a province"),
    ({"county_code": "510104", "city_name": "成都市"}, "city_name",
     "city_name: only with city_code (the name is filled from the code)"),
    ({"city_code": "510100", "city_name": "绵阳市"}, "city_name",
     "city_name: does not match city_code 510100 (成都市)"),
    ({"county_code": "510104", "province_code": "510000",
      "province_name": "四川"}, "province_name",
     "province_name: does not match province_code 510000 (四川省)"),
], ids=["county-not-in-city", "county-not-in-province", "city-not-in-province",
        "county-of-another-city", "county-as-city", "city-as-county", "unknown",
        "name-without-code", "city-name-mismatch", "province-name-mismatch"])
def test_region_checks(api, db, user, given, param, msg):
    before = count(db, user)
    body = api.call("/house_create", token=user.token, data=given)
    assert body["status"] == 2, body
    assert body["msg"] == msg
    assert count(db, user) == before


# -- the status machine ------------------------------------------------------------------

# (state before, route) -> (status, state after); states 0 draft, 1
# released, 2 pulled off, 3 deleted.
MACHINE = {
    (0, "/house_release"): (0, 1),
    (0, "/pulloff_house"): (8, 0),
    (0, "/delete_house_info"): (0, 3),
    (1, "/house_release"): (8, 1),
    (1, "/pulloff_house"): (0, 2),
    (1, "/delete_house_info"): (0, 3),
    (2, "/house_release"): (0, 1),
    (2, "/pulloff_house"): (8, 2),
    (2, "/delete_house_info"): (0, 3),
    (3, "/house_release"): (6, 3),
    (3, "/pulloff_house"): (6, 3),
    (3, "/delete_house_info"): (6, 3),
}


@pytest.mark.parametrize("state,route", sorted(MACHINE),
                         ids=["%d%s" % k for k in sorted(MACHINE)])
def test_status_machine(api, db, user, state, route):
    hid = in_state(api, db, user, state)
    want, after = MACHINE[(state, route)]
    body = act(api, user, route, hid)
    assert body["status"] == want, body
    if want == 0:
        assert body["ans"] == {} and body["msg"] == ""
    elif want == 6:
        assert body["msg"] == "house %d not found" % hid
    elif want == 8:
        assert body["msg"].startswith("house %d is " % hid), body
    assert status_of(db, hid) == after


def test_conflict_messages(api, db, user):
    hid = in_state(api, db, user, 1)
    assert act(api, user, "/house_release", hid)["msg"] == (
        "house %d is released; only a draft or a pulled-off listing can be "
        "released" % hid)
    hid = in_state(api, db, user, 0)
    assert act(api, user, "/pulloff_house", hid)["msg"] == (
        "house %d is a draft; only a released listing can be pulled off" % hid)


def test_release_sets_times(api, db, user):
    hid = in_state(api, db, user, 0)
    assert act(api, user, "/house_release", hid)["status"] == 0
    r = row(db, hid, "release_time IS NOT NULL", "submission_time IS NOT NULL",
            "TIMESTAMPDIFF(SECOND, release_time, UTC_TIMESTAMP()) < 60")
    assert set(r.values()) == {"1"}
    # A second release after a pull-off starts the clock again.
    db.run("UPDATE houses SET release_time = '2020-01-01 00:00:00' "
           "WHERE id = %d" % hid)
    assert act(api, user, "/pulloff_house", hid)["status"] == 0
    assert act(api, user, "/house_release", hid)["status"] == 0
    assert row(db, hid, "release_time > '2020-01-01'")["release_time > '2020-01-01'"] == "1"


MISSING = [
    (("longitude", "latitude"), "longitude and latitude"),
    (("house_rent",), "house_rent"),
    (("house_size",), "house_size"),
    (("description_title",), "description_title"),
]


@pytest.mark.parametrize("drop,what", MISSING, ids=[w for _, w in MISSING])
def test_release_needs_the_essentials(api, db, user, drop, what):
    hid = create(api, user, **{k: v for k, v in RELEASABLE.items()
                               if k not in drop})
    body = act(api, user, "/house_release", hid)
    assert body["status"] == 2, body
    assert body["msg"] == ("house_id: house %d lacks %s; set them before "
                           "releasing it" % (hid, what))
    assert status_of(db, hid) == 0


def test_release_names_everything_missing(api, db, user):
    hid = create(api, user, house_rent="100")
    body = act(api, user, "/house_release", hid)
    assert body["status"] == 2
    assert body["msg"] == ("house_id: house %d lacks longitude and latitude, "
                           "house_size, description_title; set them before "
                           "releasing it" % hid)


def test_release_after_completing_a_draft(api, db, user):
    hid = create(api, user)
    for k, v in RELEASABLE.items():
        assert act(api, user, "/house_release", hid)["status"] == 2
        assert update(api, user, hid, k, v)["status"] == 0
    assert act(api, user, "/house_release", hid)["status"] == 0
    assert status_of(db, hid) == 1


def test_a_full_life(api, db, user):
    hid = create(api, user, **FULL)
    for route, state in [("/house_release", 1), ("/pulloff_house", 2),
                         ("/house_release", 1), ("/pulloff_house", 2),
                         ("/delete_house_info", 3)]:
        assert act(api, user, route, hid)["status"] == 0
        assert status_of(db, hid) == state


# -- ownership, unknown ids, authentication ---------------------------------------

@pytest.mark.parametrize("state", [0, 1, 2])
@pytest.mark.parametrize("route", STATUS_ROUTES)
def test_another_users_listing(api, db, make_user, route, state):
    owner, other = make_user(), make_user()
    hid = in_state(api, db, owner, state)
    body = act(api, other, route, hid)
    assert body["status"] == 7, body
    assert body["msg"] == "not the owner of house %d" % hid
    assert status_of(db, hid) == state


def test_another_users_listing_update(api, db, make_user):
    owner, other = make_user(), make_user()
    hid = create(api, owner, house_rent="1000")
    body = update(api, other, hid, "house_rent", "1")
    assert body["status"] == 7, body
    assert body["msg"] == "not the owner of house %d" % hid
    assert row(db, hid, "house_rent")["house_rent"] == "1000"


def test_another_users_deleted_listing_is_not_found(api, db, make_user):
    owner, other = make_user(), make_user()
    hid = in_state(api, db, owner, 3)
    assert act(api, other, "/house_release", hid)["status"] == 6
    assert update(api, other, hid, "house_rent", "1")["status"] == 6


@pytest.mark.parametrize("route", STATUS_ROUTES)
def test_unknown_id(api, db, user, route):
    hid = unknown_id(db)
    body = act(api, user, route, hid)
    assert body["status"] == 6, body
    assert body["msg"] == "house %d not found" % hid


def test_unknown_id_update(api, db, user):
    hid = unknown_id(db)
    body = update(api, user, hid, "house_rent", "1")
    assert body["status"] == 6 and body["msg"] == "house %d not found" % hid


def test_deleted_listing_cannot_be_updated(api, db, user):
    hid = in_state(api, db, user, 3)
    body = update(api, user, hid, "house_rent", "1")
    assert body["status"] == 6 and body["msg"] == "house %d not found" % hid


@pytest.mark.parametrize("value", ["", "0", "-1", "abc", "1.5",
                                   "99999999999999999999"])
@pytest.mark.parametrize("route", STATUS_ROUTES + ["/update_house_info"])
def test_house_id_checked(api, user, route, value):
    data = {"attr_name": "house_rent", "attr_value": "1"}
    if value != "":
        data["house_id"] = value
    body = api.call(route, token=user.token, data=data)
    assert body["status"] == 2, body
    assert body["msg"].startswith("house_id:"), body


@pytest.mark.parametrize("route", ALL_ROUTES)
def test_login_required(api, route):
    for token in (None, "0" * 64):
        body = api.call(route, token=token, data={"house_id": "1"})
        assert body["status"] == 4, body
        assert body["msg"] == LOGIN_FIRST


@pytest.mark.parametrize("route", ALL_ROUTES)
def test_get_and_post_only(api, user, route):
    r = api.raw(route, token=user.token, method="PUT")
    assert r.status_code == 405
    assert r.headers["Allow"] == "GET, HEAD, POST"


def test_status_routes_by_get(api, db, user):
    hid = in_state(api, db, user, 0)
    body = api.call("/house_release", token=user.token, method="GET",
                    params={"house_id": str(hid)})
    assert body["status"] == 0, body
    assert status_of(db, hid) == 1


# -- /update_house_info ---------------------------------------------------------------

# (attribute, new value, stored value) for every plain attribute
ATTRS = [
    ("district_code", "4403050001", "4403050001"),
    ("district_name", "华侨城", "华侨城"),
    ("subdistrict_code", "440305001", "440305001"),
    ("subway_station_code", "101", "101"),
    ("house_number", "7", "7"),
    ("rent_time_type", "1", "1"),
    ("rent_room_type", "2", "2"),
    ("house_size", "120", "120"),
    ("house_type", "3室2厅2卫", "3室2厅2卫"),
    ("house_floor", "高层", "高层"),
    ("house_direction", "南", "南"),
    ("house_decoration", "简装", "简装"),
    ("house_max_livein", "6", "6"),
    ("house_rent", "8800", "8800"),
    ("payment_type", "1|6", "1|6"),
    ("property_management_fee", "2", "2"),
    ("heating_charge", "2", "2"),
    ("description_title", "新标题😀", "新标题😀"),
    ("description", "第一行\n第二行", "第一行\n第二行"),
    ("traffic_condition", "公交", "公交"),
    ("around_condition", "公园", "公园"),
    ("facility", "12|3|1", "1|3|12"),
    ("house_rooms", "3", "3"),
    ("house_characteristic", "南北通透", "南北通透"),
    ("house_source", "2", "2"),
    ("all_floor", "33", "33"),
    ("earliest_checkin_time", "2031-01-15", "2031-01-15"),
    ("extra_fee", "8|3", "3|8"),
]


@pytest.mark.parametrize("attr,value,stored", ATTRS, ids=[a for a, _, _ in ATTRS])
def test_update_each_attribute(api, db, user, attr, value, stored):
    hid = create(api, user, **FULL)
    before = row(db, hid, *FULL_STORED)
    body = update(api, user, hid, attr, value)
    assert body["status"] == 0 and body["ans"] == {}, body
    after = row(db, hid, *FULL_STORED)
    assert after[attr] == stored
    # Nothing else moved.
    del before[attr], after[attr]
    assert after == before


def test_every_create_parameter_is_updatable():
    """The update tests cover every /house_create parameter."""
    covered = {a for a, _, _ in ATTRS} | set(REGION_COLS) | {"longitude",
                                                             "latitude"}
    assert covered == set(FULL_STORED)


# The create rules that hold for one attribute alone (not the pairs: a
# coordinate without the other, a name without or against its code).
BAD_UPDATES = [(p, v, w) for p, v, _, w in BAD
               if "without" not in w and "code's name" not in w]


@pytest.mark.parametrize("attr,value,why", BAD_UPDATES,
                         ids=["%s-%s" % (p, w) for p, _, w in BAD_UPDATES])
def test_update_value_checked_by_the_attribute_rule(api, db, user, attr, value,
                                                    why):
    hid = create(api, user, **FULL)
    before = row(db, hid, *FULL_STORED)
    body = update(api, user, hid, attr, value)
    assert body["status"] == 2, body
    # Control characters are no text at all: attr_value's own rule.
    named = "attr_value" if why == "control character" else attr
    assert body["msg"].startswith(named + ":"), body
    assert row(db, hid, *FULL_STORED) == before


@pytest.mark.parametrize("attr,value", [
    ("longitude", "180.5"), ("latitude", "-90.5"), ("longitude", "abc"),
    ("house_rent", ""), ("description_title", ""),
])
def test_update_coordinates_and_empty_refused(api, db, user, attr, value):
    hid = create(api, user, **FULL)
    before = row(db, hid, *FULL_STORED)
    body = update(api, user, hid, attr, value)
    assert body["status"] == 2, body
    assert body["msg"].startswith(attr + ":"), body
    assert row(db, hid, *FULL_STORED) == before


@pytest.mark.parametrize("name", [
    "user_id", "status", "id", "praise_count", "location", "created_at",
    "updated_at", "release_time", "submission_time", "id; DROP TABLE houses",
    "house_rent = 0, user_id", "HOUSE_RENT", "house_rent ", " house_rent",
    "houses.house_rent", "`house_rent`", "house_rent--", "province_code_x",
    "token", "attr_name",
])
def test_update_whitelist(api, db, user, name):
    hid = create(api, user, **FULL)
    before = row(db, hid, "user_id", "status", *FULL_STORED)
    body = update(api, user, hid, name, "1")
    assert body["status"] == 2, body
    assert body["msg"].startswith("attr_name:"), body
    assert row(db, hid, "user_id", "status", *FULL_STORED) == before
    assert int(db.value("SELECT COUNT(*) FROM houses WHERE id = %d" % hid)) == 1


@pytest.mark.parametrize("missing", ["house_id", "attr_name", "attr_value"])
def test_update_parameters_required(api, db, user, missing):
    hid = create(api, user, house_rent="1")
    data = {"house_id": str(hid), "attr_name": "house_rent", "attr_value": "2"}
    del data[missing]
    body = api.call("/update_house_info", token=user.token, data=data)
    assert body["status"] == 2 and body["msg"].startswith(missing + ":"), body
    assert row(db, hid, "house_rent")["house_rent"] == "1"


def test_update_released_listing(api, db, user):
    hid = in_state(api, db, user, 1)
    assert update(api, user, hid, "house_rent", "2100")["status"] == 0
    assert row(db, hid, "house_rent", "status") == {"house_rent": "2100",
                                                    "status": "1"}


def test_update_by_json(api, db, user):
    hid = create(api, user)
    body = api.call("/update_house_info", token=user.token,
                    json={"house_id": hid, "attr_name": "house_rent",
                          "attr_value": 4500})
    assert body["status"] == 0, body
    assert row(db, hid, "house_rent")["house_rent"] == "4500"


def test_update_keeps_location_in_sync(api, db, user):
    hid = create(api, user, **FULL)
    assert update(api, user, hid, "longitude", "121.4737")["status"] == 0
    assert location(db, hid) == "POINT(121.4737 30.657)"
    assert update(api, user, hid, "latitude", "31.2304")["status"] == 0
    assert location(db, hid) == "POINT(121.4737 31.2304)"
    assert row(db, hid, "longitude", "latitude") == {"longitude": "121.4737",
                                                     "latitude": "31.2304"}


def test_update_coordinates_of_a_draft_one_by_one(api, db, user):
    hid = create(api, user)
    assert update(api, user, hid, "latitude", "39.9")["status"] == 0
    # Half a location is no location.
    assert location(db, hid) == "POINT(0 0)"
    assert update(api, user, hid, "longitude", "116.4")["status"] == 0
    assert location(db, hid) == "POINT(116.4 39.9)"


# -- regions by /update_house_info --------------------------------------------------

CHENGDU = chain(510000, "四川省", 510100, "成都市", 510104, "锦江区")


@pytest.mark.parametrize("attr,value,stored", [
    # A county brings its city and province.
    ("county_code", "440305", chain(440000, "广东省", 440300, "深圳市", 440305,
                                    "南山区")),
    ("county_code", "510105", chain(510000, "四川省", 510100, "成都市", 510105,
                                    "青羊区")),
    # A city: its province; the county stays only if it lies in it.
    ("city_code", "510100", CHENGDU),
    ("city_code", "510700", chain(510000, "四川省", 510700, "绵阳市")),
    ("city_code", "110100", chain(110000, "北京市", 110100, "北京市")),
    # A province: the city and county stay only if they lie in it.
    ("province_code", "510000", CHENGDU),
    ("province_code", "440000", chain(440000, "广东省")),
    # Names: accepted when they are the stored code's, and change nothing.
    ("province_name", "四川省", CHENGDU),
    ("city_name", "成都市", CHENGDU),
    ("county_name", "锦江区", CHENGDU),
], ids=["county-elsewhere", "county-same-city", "city-same", "city-same-province",
        "city-elsewhere", "province-same", "province-elsewhere", "province-name",
        "city-name", "county-name"])
def test_update_regions(api, db, user, attr, value, stored):
    hid = create(api, user, **FULL)
    body = update(api, user, hid, attr, value)
    assert body["status"] == 0, body
    assert regions_of(db, hid) == stored


@pytest.mark.parametrize("attr,value,msg", [
    ("county_code", "510100", "county_code: 510100 is not a county"),
    ("county_code", "510199", "county_code: 510199 is not a county"),
    ("city_code", "510104", "city_code: 510104 is not a city"),
    ("city_code", "510000", "city_code: 510000 is not a city"),
    ("province_code", "510100", "province_code: 510100 is not a province"),
    ("province_code", "abc", None),
    ("province_name", "广东省",
     "province_name: does not match province_code 510000 (四川省)"),
    ("city_name", "绵阳市", "city_name: does not match city_code 510100 (成都市)"),
    ("county_name", "", "county_name: must not be empty"),
])
def test_update_regions_refused(api, db, user, attr, value, msg):
    hid = create(api, user, **FULL)
    body = update(api, user, hid, attr, value)
    assert body["status"] == 2, body
    assert body["msg"].startswith(attr + ":"), body
    if msg is not None:
        assert body["msg"] == msg
    assert regions_of(db, hid) == CHENGDU


def test_update_region_name_without_code(api, db, user):
    hid = create(api, user)
    body = update(api, user, hid, "city_name", "成都市")
    assert body["status"] == 2, body
    assert body["msg"] == ("city_name: set city_code instead (the name is "
                           "filled from the code)")
    assert regions_of(db, hid) == chain()


def test_update_regions_of_an_empty_draft(api, db, user):
    hid = create(api, user)
    assert update(api, user, hid, "province_code", "330000")["status"] == 0
    assert regions_of(db, hid) == chain(330000, "浙江省")
    assert update(api, user, hid, "city_code", "330100")["status"] == 0
    assert regions_of(db, hid) == chain(330000, "浙江省", 330100, "杭州市")
    assert update(api, user, hid, "county_code", "330106")["status"] == 0
    assert regions_of(db, hid) == chain(330000, "浙江省", 330100, "杭州市",
                                        330106, "西湖区")


# -- /my_house_list ----------------------------------------------------------------

LIST_FIELDS = {"id", "user_id", "house_size", "house_type", "house_rent", "payment_type",
               "praise_count", "status", "create_date", "create_time_duration",
               "house_photo", "house_video",
               # an administrator's pull-off reason, null otherwise (issue 13)
               "pulloff_reason"}


def mine(api, u, **kw):
    return api.ok("/my_house_list", token=u.token, **kw)


def add_photo(db, hid, uid, url, position):
    db.run("INSERT INTO house_photos (house_id, user_id, url, rooms_type, "
           "position) VALUES (%d, %d, '%s', 3, %d)" % (hid, uid, url, position))
    return int(db.value("SELECT MAX(id) FROM house_photos WHERE house_id = %d"
                        % hid))


def add_video(db, hid, uid, url):
    db.run("INSERT INTO house_videos (house_id, user_id, url) VALUES "
           "(%d, %d, '%s')" % (hid, uid, url))
    return int(db.value("SELECT MAX(id) FROM house_videos WHERE house_id = %d"
                        % hid))


def test_list_empty(api, user):
    body = api.call("/my_house_list", token=user.token)
    assert body == {"status": 0, "msg": "", "ans": []}


def test_list_shape(api, db, user):
    hid = create(api, user, **FULL)
    ans = mine(api, user)
    assert len(ans) == 1
    h = ans[0]
    assert set(h) == LIST_FIELDS
    assert h["id"] == hid and h["user_id"] == user.id
    assert h["house_size"] == 89 and h["house_rent"] == 3200
    assert h["house_type"] == "2室1厅1卫" and h["payment_type"] == "1|3"
    assert h["praise_count"] == 0 and h["status"] == 0
    assert h["create_date"] == today_utc().isoformat()
    assert isinstance(h["create_time_duration"], int)
    assert 0 <= h["create_time_duration"] < 120
    assert h["house_photo"] == [] and h["house_video"] == []
    assert h["pulloff_reason"] is None


def test_list_nulls_of_a_draft(api, user):
    hid = create(api, user)
    h = mine(api, user)[0]
    assert h["id"] == hid
    for k in ("house_size", "house_type", "house_rent", "payment_type"):
        assert h[k] is None, (k, h)


def test_list_dates_and_durations(api, db, user):
    hid = create(api, user)
    db.run("UPDATE houses SET created_at = UTC_TIMESTAMP() - INTERVAL 3 DAY "
           "- INTERVAL 5 SECOND WHERE id = %d" % hid)
    want_date = db.value("SELECT DATE(created_at) FROM houses WHERE id = %d" % hid)
    h = mine(api, user)[0]
    assert h["create_date"] == want_date
    assert 3 * 86400 + 5 <= h["create_time_duration"] < 3 * 86400 + 120
    db.run("UPDATE houses SET created_at = '2017-06-21 23:59:59' WHERE id = %d" % hid)
    h = mine(api, user)[0]
    assert h["create_date"] == "2017-06-21"  # not the old year-day-month
    assert h["create_time_duration"] > 8 * 365 * 86400


def test_list_order_statuses_and_owner(api, db, make_user):
    u, other = make_user(), make_user()
    draft = in_state(api, db, u, 0)
    released = in_state(api, db, u, 1)
    pulled = in_state(api, db, u, 2)
    deleted = in_state(api, db, u, 3)
    create(api, other)
    # Created within the same second: newest first means highest id first.
    ans = mine(api, u)
    assert [h["id"] for h in ans] == [pulled, released, draft]
    assert [h["status"] for h in ans] == [2, 1, 0]
    assert deleted not in [h["id"] for h in ans]
    # created_at decides over the id.
    db.run("UPDATE houses SET created_at = UTC_TIMESTAMP() + INTERVAL 1 HOUR "
           "WHERE id = %d" % draft)
    db.run("UPDATE houses SET created_at = UTC_TIMESTAMP() - INTERVAL 1 DAY "
           "WHERE id = %d" % pulled)
    assert [h["id"] for h in mine(api, u)] == [draft, released, pulled]


def test_list_photos_and_videos(api, db, make_user):
    u, other = make_user(), make_user()
    a, b, c = create(api, u, house_rent="1"), create(api, u), create(api, u)
    gone = create(api, u)
    theirs = create(api, other)
    pa = [add_photo(db, a, u.id, "data/userphoto/user_%d/a%d.png" % (u.id, i), i)
          for i in range(3)]
    # Upload order (position) decides, not the id.
    pc2 = add_photo(db, c, u.id, "data/userphoto/user_%d/c2.png" % u.id, 2)
    pc1 = add_photo(db, c, u.id, "data/userphoto/user_%d/c1.png" % u.id, 1)
    va = add_video(db, a, u.id, "data/userphoto/user_%d/va.mp4" % u.id)
    vb1 = add_video(db, b, u.id, "data/userphoto/user_%d/vb1.mp4" % u.id)
    vb2 = add_video(db, b, u.id, "data/userphoto/user_%d/vb2.mp4" % u.id)
    add_photo(db, gone, u.id, "data/userphoto/user_%d/gone.png" % u.id, 0)
    add_photo(db, theirs, other.id, "data/userphoto/user_%d/x.png" % other.id, 0)
    assert act(api, u, "/delete_house_info", gone)["status"] == 0

    by_id = {h["id"]: h for h in mine(api, u)}
    assert set(by_id) == {a, b, c}
    assert by_id[a]["house_photo"] == [
        {"id": pa[i], "url": "data/userphoto/user_%d/a%d.png" % (u.id, i)}
        for i in range(3)]
    assert by_id[a]["house_video"] == [
        {"id": va, "url": "data/userphoto/user_%d/va.mp4" % u.id}]
    assert by_id[b]["house_photo"] == []
    assert by_id[b]["house_video"] == [
        {"id": vb1, "url": "data/userphoto/user_%d/vb1.mp4" % u.id},
        {"id": vb2, "url": "data/userphoto/user_%d/vb2.mp4" % u.id}]
    assert by_id[c]["house_photo"] == [
        {"id": pc1, "url": "data/userphoto/user_%d/c1.png" % u.id},
        {"id": pc2, "url": "data/userphoto/user_%d/c2.png" % u.id}]
    assert by_id[c]["house_video"] == []


def statements_executed(db):
    return int(db.rows("SHOW GLOBAL STATUS LIKE 'Com_stmt_execute'")[0][1])


def test_list_query_count_does_not_follow_the_listings(api, db, make_user):
    """Photos and videos come in one query each, not one per listing."""
    small, big = make_user(), make_user()
    hid = create(api, small)
    add_photo(db, hid, small.id, "data/userphoto/user_%d/s.png" % small.id, 0)
    for i in range(12):
        hid = create(api, big, house_rent=str(i))
        for j in range(3):
            add_photo(db, hid, big.id, "data/userphoto/user_%d/%d-%d.png"
                      % (big.id, i, j), j)
        add_video(db, hid, big.id, "data/userphoto/user_%d/%d.mp4" % (big.id, i))
    costs = []
    for u in (small, big, small, big):
        before = statements_executed(db)
        ans = mine(api, u)
        costs.append(statements_executed(db) - before)
    assert len(ans) == 12
    assert all(len(h["house_photo"]) == 3 and len(h["house_video"]) == 1
               for h in ans)
    assert costs[0] == costs[1] == costs[2] == costs[3], costs
    assert costs[0] <= 4, costs  # the session, the listings, photos, videos


def test_list_by_get(api, user):
    hid = create(api, user)
    assert [h["id"] for h in mine(api, user, method="GET")] == [hid]
