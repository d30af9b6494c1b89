"""Listings pulled off by administrators (issue 13, 1: "listings reported
or flagged can be pulled off with a reason"): GET /admin/api/listings/{id}
and POST /admin/api/listings/{id}/pulloff, for administrators only (401
anonymous, 403 anyone else); a released listing goes to status 2 through
the listings' status machine, as after the owner's /pulloff_house: the
owner's /my_house_list shows it pulled off, the directory's
/api/houseinfos/{id} and QSZ's /search_house stop showing it; the decision
is recorded in listing_pulloffs (who, when, which listing, why)."""

import random

import pytest
import requests

from admin_util import adm, new_admin

ROUTES = [
    ("GET", "/listings/{id}", None),
    ("POST", "/listings/{id}/pulloff", {"reason": "reported as a scam"}),
]


@pytest.fixture(scope="module")
def admin(api):
    return new_admin(api)


def released(api, u):
    """A released listing of u that the directory and the search show, at
    a place of its own -> (id, longitude, latitude)."""
    lng = 116.2 + random.random() * 0.3
    lat = 39.8 + random.random() * 0.2
    hid = api.ok("/house_create", token=u.token, data={
        "longitude": "%.6f" % lng, "latitude": "%.6f" % lat,
        "house_rent": "2300", "house_size": "45",
        "description_title": "举报测试房源", "county_code": "110105",
    })["house_id"]
    assert api.call("/house_release", token=u.token,
                    data={"house_id": str(hid)})["status"] == 0
    return hid, lng, lat


def status_of(db, hid):
    return int(db.value("SELECT status FROM houses WHERE id = %d" % hid))


def directory_detail(base, hid):
    return requests.get(base + "/api/houseinfos/%d" % hid, timeout=30)


def searched(api, lng, lat):
    ans = api.ok("/search_house", data={
        "longitude": "%.6f" % lng, "latitude": "%.6f" % lat,
        "radius": "0.5", "count": "100"})
    return {x["house_id"] for x in ans}


def mine(api, u, hid):
    ans = api.ok("/my_house_list", token=u.token)
    return [x for x in ans if x["id"] == hid]


@pytest.mark.parametrize("method,path,form", ROUTES)
def test_anonymous_401_non_admin_403(api, db, user, method, path, form):
    hid, _, _ = released(api, user)
    p = path.format(id=hid)
    assert adm(api, method, p, http=401, data=form) == \
        "sign in as an administrator"
    assert adm(api, method, p, token="0" * 64, http=401, data=form)
    assert adm(api, method, p, token=user.token, http=403,
               data=form) == "administrators only"
    _, _, plain = new_admin(api, roles=())
    assert adm(api, method, p, token=plain, http=403, data=form)
    assert status_of(db, hid) == 1
    assert db.value("SELECT COUNT(*) FROM listing_pulloffs WHERE "
                    "house_id = %d" % hid) == "0"


def test_get_listing(api, admin, user):
    hid, _, _ = released(api, user)
    got = adm(api, "GET", "/listings/%d" % hid, token=admin[2])
    assert got == {"id": hid, "owner_id": user.id, "title": "举报测试房源",
                   "status": 1, "status_text": "released",
                   "pulloff_reason": None, "pulloffs": [], "reports": []}


def test_pulloff(api, db, base, admin, user):
    uid, _, token = admin
    hid, lng, lat = released(api, user)
    assert directory_detail(base, hid).status_code == 200
    assert hid in searched(api, lng, lat)
    assert mine(api, user, hid)[0]["status"] == 1

    ans = adm(api, "POST", "/listings/%d/pulloff" % hid, token=token,
              data={"reason": "虚假房源，多人举报"})
    assert ans == {"id": hid, "status": 2, "status_text": "pulled_off"}
    assert status_of(db, hid) == 2

    # the record: who, when, which listing (and its owner), why
    rows = db.rows("SELECT admin_id, owner_id, HEX(reason), "
                   "TIMESTAMPDIFF(SECOND, created_at, NOW()) "
                   "FROM listing_pulloffs WHERE house_id = %d" % hid)
    assert len(rows) == 1, rows
    a, o, reason, age = rows[0]
    assert (int(a), int(o)) == (uid, user.id)
    assert bytes.fromhex(reason).decode() == "虚假房源，多人举报"
    assert abs(int(age)) < 120

    got = adm(api, "GET", "/listings/%d" % hid, token=token)
    assert got["status"] == 2 and got["status_text"] == "pulled_off"
    assert len(got["pulloffs"]) == 1
    assert got["pulloffs"][0]["admin_id"] == uid
    assert got["pulloffs"][0]["reason"] == "虚假房源，多人举报"

    # shown to the owner, gone from the directory and the search
    assert mine(api, user, hid)[0]["status"] == 2
    assert directory_detail(base, hid).status_code == 404
    assert hid not in searched(api, lng, lat)

    # a second pull-off (a retried click): 409, nothing more recorded
    err = adm(api, "POST", "/listings/%d/pulloff" % hid, token=token,
              data={"reason": "again"}, http=409)
    assert err == ("listing %d is pulled_off; only a released listing "
                   "can be pulled off" % hid)
    assert db.value("SELECT COUNT(*) FROM listing_pulloffs WHERE "
                    "house_id = %d" % hid) == "1"

    # the owner may release it again (the owner's machine is unchanged)
    assert api.call("/house_release", token=user.token,
                    data={"house_id": str(hid)})["status"] == 0
    assert directory_detail(base, hid).status_code == 200


def test_not_released_409(api, db, admin, user):
    draft = api.ok("/house_create", token=user.token,
                   data={"description_title": "草稿"})["house_id"]
    err = adm(api, "POST", "/listings/%d/pulloff" % draft, token=admin[2],
              data={"reason": "flagged"}, http=409)
    assert "is draft" in err
    assert status_of(db, draft) == 0


def test_unknown_and_deleted_404(api, db, admin, user):
    token = admin[2]
    top = int(db.value("SELECT COALESCE(MAX(id), 0) FROM houses"))
    assert adm(api, "GET", "/listings/%d" % (top + 1000), token=token,
               http=404) == "no listing %d" % (top + 1000)
    assert adm(api, "POST", "/listings/%d/pulloff" % (top + 1000),
               token=token, data={"reason": "x"}, http=404)
    hid, _, _ = released(api, user)
    assert api.call("/delete_house_info", token=user.token,
                    data={"house_id": str(hid)})["status"] == 0
    assert adm(api, "GET", "/listings/%d" % hid, token=token, http=404)
    assert adm(api, "POST", "/listings/%d/pulloff" % hid, token=token,
               data={"reason": "x"}, http=404)
    assert adm(api, "GET", "/listings/abc", token=token, http=404)


@pytest.mark.parametrize("form", [{}, {"reason": ""}, {"reason": "长" * 201}])
def test_reason_required_1_to_200(api, db, admin, user, form):
    hid, _, _ = released(api, user)
    assert adm(api, "POST", "/listings/%d/pulloff" % hid, token=admin[2],
               data=form, http=400)
    assert status_of(db, hid) == 1


def test_reason_of_200_accepted(api, db, admin, user):
    hid, _, _ = released(api, user)
    adm(api, "POST", "/listings/%d/pulloff" % hid, token=admin[2],
        data={"reason": "长" * 200})
    assert status_of(db, hid) == 2
