"""Invitations (qsz.md 5) and viewing requests without payment (qsz.md 6):
/invitation/getcode, /invitation/setcode, /order/create_preorder,
/order/preorder_list, /order/cancel_preorder."""

import concurrent.futures
import re

import pytest

from conftest import LOGIN_FIRST

CODE_RE = re.compile(r"^[23456789ABCDEFGHJKLMNPQRSTUVWXYZ]{8}$")

RELEASABLE = {"longitude": "116.397", "latitude": "39.909", "house_rent": "2000",
              "house_size": "50", "description_title": "整租一居"}


def listing(api, owner, release=True, **fields):
    hid = api.ok("/house_create", token=owner.token,
                 data=dict(RELEASABLE, **fields))["house_id"]
    if release:
        api.ok("/house_release", token=owner.token, data={"house_id": hid})
    return hid


# -- invitations ----------------------------------------------------------------

def test_getcode_makes_one_code_and_keeps_it(api, user):
    a = api.ok("/invitation/getcode", token=user.token)
    assert CODE_RE.match(a["my_invite_code"]), a
    assert a["friend_invite_code"] is None
    assert api.ok("/invitation/getcode", token=user.token) == a


def test_getcode_needs_login(api):
    assert api.call("/invitation/getcode")["status"] == 4


def test_codes_are_unique(api, make_user):
    codes = {api.ok("/invitation/getcode", token=make_user().token)
             ["my_invite_code"] for _ in range(5)}
    assert len(codes) == 5


def test_first_requests_at_once_make_one_code(api, user):
    with concurrent.futures.ThreadPoolExecutor(6) as ex:
        got = list(ex.map(lambda _: api.ok("/invitation/getcode",
                                           token=user.token), range(6)))
    assert len({g["my_invite_code"] for g in got}) == 1


def test_setcode_case_insensitive_once(api, make_user, db):
    a, b, c = make_user(), make_user(), make_user()
    code_b = api.ok("/invitation/getcode", token=b.token)["my_invite_code"]
    code_c = api.ok("/invitation/getcode", token=c.token)["my_invite_code"]
    ans = api.ok("/invitation/setcode", token=a.token,
                 data={"invite_code": code_b.lower()})
    assert ans["friend_invite_code"] == code_b
    assert CODE_RE.match(ans["my_invite_code"])
    assert api.ok("/invitation/getcode", token=a.token) == ans
    # Once only, even with another valid code.
    body = api.call("/invitation/setcode", token=a.token,
                    data={"invite_code": code_c})
    assert body["status"] == 8 and "already set" in body["msg"], body
    assert db.value("SELECT friend_id FROM invite_codes WHERE user_id = %d"
                    % a.id) == str(b.id)


def test_setcode_own_code_refused(api, user):
    mine = api.ok("/invitation/getcode", token=user.token)["my_invite_code"]
    body = api.call("/invitation/setcode", token=user.token,
                    data={"invite_code": mine})
    assert body["status"] == 8, body
    assert api.ok("/invitation/getcode",
                  token=user.token)["friend_invite_code"] is None


def test_setcode_unknown_code(api, user):
    body = api.call("/invitation/setcode", token=user.token,
                    data={"invite_code": "ZZZZZZZZ"})
    assert body["status"] == 6, body
    assert api.ok("/invitation/getcode",
                  token=user.token)["friend_invite_code"] is None


@pytest.mark.parametrize("bad", ["", "ABC", "ABCDEFGHJ", "ABCDEF0O", "ABCD EFG",
                                 "ABCDEFG1", "ABCDÉFGH"])
def test_setcode_malformed(api, user, bad):
    body = api.call("/invitation/setcode", token=user.token,
                    data={"invite_code": bad})
    assert body["status"] == 2 and body["msg"].startswith("invite_code:"), body


def test_setcode_needs_login(api):
    body = api.call("/invitation/setcode", data={"invite_code": "ABCDEFGH"})
    assert body["status"] == 4 and body["msg"] == LOGIN_FIRST


# -- viewing requests -------------------------------------------------------------

def test_create_preorder_and_ask_again(api, make_user, db):
    owner, renter = make_user(), make_user()
    hid = listing(api, owner)
    body = api.call("/order/create_preorder", token=renter.token,
                    data={"owner_id": owner.id, "house_id": hid})
    assert body["status"] == 0 and body["msg"] == "OK", body
    pid = body["ans"]
    assert isinstance(pid, int) and pid > 0
    # The open request again.
    assert api.ok("/order/create_preorder", token=renter.token,
                  data={"owner_id": owner.id, "house_id": hid}) == pid
    assert db.value("SELECT COUNT(*) FROM preorders WHERE renter_id = %d"
                    % renter.id) == "1"
    assert db.value("SELECT state FROM preorders WHERE id = %d" % pid) == "1"


def test_create_preorder_at_once_makes_one(api, make_user, db):
    owner, renter = make_user(), make_user()
    hid = listing(api, owner)
    with concurrent.futures.ThreadPoolExecutor(6) as ex:
        got = list(ex.map(lambda _: api.call(
            "/order/create_preorder", token=renter.token,
            data={"owner_id": owner.id, "house_id": hid}), range(6)))
    assert {g["status"] for g in got} == {0}, got
    assert len({g["ans"] for g in got}) == 1
    assert db.value("SELECT COUNT(*) FROM preorders WHERE renter_id = %d"
                    % renter.id) == "1"


def test_create_preorder_refusals(api, make_user, db):
    owner, renter, other = make_user(), make_user(), make_user()
    hid = listing(api, owner)
    draft = listing(api, owner, release=False)
    pulled = listing(api, owner)
    api.ok("/pulloff_house", token=owner.token, data={"house_id": pulled})
    gone = listing(api, owner)
    api.ok("/delete_house_info", token=owner.token, data={"house_id": gone})
    cases = [
        (renter, {"owner_id": owner.id, "house_id": 10 ** 12}, 6, "not found"),
        (renter, {"owner_id": other.id, "house_id": hid}, 6, "not found"),
        (renter, {"owner_id": owner.id, "house_id": draft}, 6, "not found"),
        (renter, {"owner_id": owner.id, "house_id": gone}, 6, "not found"),
        (renter, {"owner_id": owner.id, "house_id": pulled}, 8, "not released"),
        (owner, {"owner_id": owner.id, "house_id": hid}, 7, "your own"),
    ]
    for who, data, status, words in cases:
        body = api.call("/order/create_preorder", token=who.token, data=data)
        assert body["status"] == status and words in body["msg"], (data, body)
    assert db.value("SELECT COUNT(*) FROM preorders WHERE house_id IN "
                    "(%d, %d, %d, %d)" % (hid, draft, pulled, gone)) == "0"


@pytest.mark.parametrize("data,param", [
    ({"house_id": "1"}, "owner_id"),
    ({"owner_id": "1"}, "house_id"),
    ({"owner_id": "x", "house_id": "1"}, "owner_id"),
    ({"owner_id": "1", "house_id": "0"}, "house_id"),
    ({"owner_id": "-3", "house_id": "1"}, "owner_id"),
    ({"owner_id": "1", "house_id": "1.5"}, "house_id"),
])
def test_create_preorder_bad_params(api, user, data, param):
    body = api.call("/order/create_preorder", token=user.token, data=data)
    assert body["status"] == 2 and body["msg"].startswith(param + ":"), body


def test_create_preorder_needs_login(api):
    body = api.call("/order/create_preorder",
                    data={"owner_id": "1", "house_id": "1"})
    assert body["status"] == 4


def test_preorder_list_both_roles(api, make_user, db):
    owner, renter = make_user(), make_user()
    h1 = listing(api, owner, description_title="第一套")
    h2 = listing(api, owner, description_title="第二套", house_rent="4100")
    db.run("INSERT INTO house_photos (house_id, user_id, url, position) VALUES "
           "(%d, %d, 'data/userphoto/b.png', 2), "
           "(%d, %d, 'data/userphoto/a.png', 1)"
           % (h2, owner.id, h2, owner.id))
    p1 = api.ok("/order/create_preorder", token=renter.token,
                data={"owner_id": owner.id, "house_id": h1})
    p2 = api.ok("/order/create_preorder", token=renter.token,
                data={"owner_id": owner.id, "house_id": h2})
    mine = api.ok("/order/preorder_list", token=renter.token,
                  data={"role": "renter"})
    assert [m["pre_order_id"] for m in mine] == [p2, p1]
    first = mine[0]
    assert first["house_id"] == h2 and first["owner_id"] == owner.id
    assert first["renter_id"] == renter.id and first["state"] == 1
    assert first["state_name"] == "created"
    assert first["description_title"] == "第二套" and first["house_rent"] == 4100
    assert first["house_photo"]["url"] == "data/userphoto/a.png"
    assert mine[1]["house_photo"] is None
    assert re.match(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$", first["create_time"])
    assert first["paid_time"] is None
    # The default role is renter; the owner sees them as owner only.
    assert api.ok("/order/preorder_list", token=renter.token) == mine
    assert api.ok("/order/preorder_list", token=renter.token,
                  data={"role": "owner"}) == []
    assert api.ok("/order/preorder_list", token=owner.token,
                  data={"role": "owner"}) == mine
    assert api.ok("/order/preorder_list", token=owner.token,
                  data={"role": "renter"}) == []


def test_preorder_list_paging(api, make_user):
    owner, renter = make_user(), make_user()
    ids = [api.ok("/order/create_preorder", token=renter.token,
                  data={"owner_id": owner.id, "house_id": listing(api, owner)})
           for _ in range(5)]
    seen = []
    for shift in (0, 2, 4):
        page = api.ok("/order/preorder_list", token=renter.token,
                      data={"shift": shift, "count": 2})
        seen += [p["pre_order_id"] for p in page]
    assert seen == ids[::-1]
    assert api.ok("/order/preorder_list", token=renter.token,
                  data={"shift": 5}) == []


@pytest.mark.parametrize("data,param", [
    ({"role": "landlord"}, "role"),
    ({"shift": "-1"}, "shift"),
    ({"count": "0"}, "count"),
    ({"count": "101"}, "count"),
    ({"count": "x"}, "count"),
])
def test_preorder_list_bad_params(api, user, data, param):
    body = api.call("/order/preorder_list", token=user.token, data=data)
    assert body["status"] == 2 and body["msg"].startswith(param + ":"), body


def test_cancel_preorder(api, make_user, db):
    owner, renter, other = make_user(), make_user(), make_user()
    hid = listing(api, owner)
    pid = api.ok("/order/create_preorder", token=renter.token,
                 data={"owner_id": owner.id, "house_id": hid})
    # Not the renter: neither the owner nor a stranger.
    for who in (owner, other):
        body = api.call("/order/cancel_preorder", token=who.token,
                        data={"pre_order_id": pid})
        assert body["status"] == 7, body
    assert db.value("SELECT state FROM preorders WHERE id = %d" % pid) == "1"
    body = api.call("/order/cancel_preorder", token=renter.token,
                    data={"pre_order_id": 10 ** 12})
    assert body["status"] == 6, body
    assert api.ok("/order/cancel_preorder", token=renter.token,
                  data={"pre_order_id": pid}) == {}
    assert db.value("SELECT state FROM preorders WHERE id = %d" % pid) == "6"
    # Twice: a cancelled request is not unpaid any more.
    body = api.call("/order/cancel_preorder", token=renter.token,
                    data={"pre_order_id": pid})
    assert body["status"] == 8 and "cancelled" in body["msg"], body
    # After a cancel a new request can be made.
    pid2 = api.ok("/order/create_preorder", token=renter.token,
                  data={"owner_id": owner.id, "house_id": hid})
    assert pid2 != pid
    states = api.ok("/order/preorder_list", token=renter.token)
    assert [(s["pre_order_id"], s["state"]) for s in states] == [
        (pid2, 1), (pid, 6)]


def test_cancel_paid_refused(api, make_user, db):
    owner, renter = make_user(), make_user()
    hid = listing(api, owner)
    pid = api.ok("/order/create_preorder", token=renter.token,
                 data={"owner_id": owner.id, "house_id": hid})
    db.run("UPDATE preorders SET state = 2 WHERE id = %d" % pid)
    body = api.call("/order/cancel_preorder", token=renter.token,
                    data={"pre_order_id": pid})
    assert body["status"] == 8 and "paid" in body["msg"], body
    assert db.value("SELECT state FROM preorders WHERE id = %d" % pid) == "2"


def test_cancel_bad_param(api, user):
    for v in ("", "0", "x"):
        body = api.call("/order/cancel_preorder", token=user.token,
                        data={"pre_order_id": v})
        assert body["status"] == 2, body
        assert body["msg"].startswith("pre_order_id:"), body
