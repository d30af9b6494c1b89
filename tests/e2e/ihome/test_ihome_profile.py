"""ihome.md 4 (accounts: GET user, user/name, user/avatar, user/auth), with
1 (login required, CSRF on unsafe methods, refusals change nothing) and
8 (name, portrait and real-name record shared with QSZ)."""

import os
import time
from datetime import timedelta

import pytest
import requests

from conftest import Api, idcard, png
from ihome_client import IHome, check
from ihome_people import (china_today, mask_id, new_id_card, person,
                          verified_person)


def file_rel(p, url):
    """The stored relative path of an absolute /file/ URL."""
    prefix = p.ih.base + "/file/"
    assert url.startswith(prefix), url
    rel = url[len(prefix):]
    assert rel.startswith("data/userphoto/user_%d/" % p.uid), rel
    return rel


def avatar(p, data, name="me.png", ctype="image/png", **kw):
    return p.ih.raw("POST", "user/avatar",
                    files={"avatar": (name, data, ctype)}, **kw)


# -- GET user ----------------------------------------------------------------------

def test_profile_of_a_new_person(base):
    p = person(base)
    data = p.ih.ok("GET", "user")
    assert data == {"user_id": p.uid, "name": p.mobile, "mobile": p.mobile,
                    "avatar_url": "", "real_name_status": 0,
                    "real_name_reason": None}


# -- user/name ---------------------------------------------------------------------

@pytest.mark.parametrize("sent,stored", [
    ("  小明  ", "小明"),
    ("a", "a"),
    ("名" * 30, "名" * 30),
    ("  " + "名" * 30 + " ", "名" * 30),
    ("😀" * 30, "😀" * 30),
    ("Zoë & 李 <b>", "Zoë & 李 <b>"),
])
def test_name_set_trimmed(base, sent, stored):
    p = person(base)
    assert p.ih.call("POST", "user/name", json={"name": sent})["errno"] == "0"
    assert p.ih.ok("GET", "user")["name"] == stored
    assert p.ih.ok("GET", "session") == {"user_id": p.uid, "name": stored}


def test_name_is_the_shared_nickname(base):
    p = person(base)
    p.ih.ok("POST", "user/name", json={"name": "房东老王"})
    assert Api(base).fetch(p.token)["nickname"] == "房东老王"


def test_names_need_not_be_unique(base):
    a, b = person(base), person(base)
    a.ih.ok("POST", "user/name", json={"name": "同名"})
    b.ih.ok("POST", "user/name", json={"name": "同名"})
    assert b.ih.ok("GET", "user")["name"] == "同名"


@pytest.mark.parametrize("name", [
    "", "   ", "名" * 31, "x" * 31, "a\u0001b", "a\nb", "a\u007fb",
    "a\u009fb", "a\u0000b",
])
def test_name_refused(base, name):
    p = person(base)
    body = p.ih.call("POST", "user/name", json={"name": name})
    # A JSON body holding \u0000 is refused whole, before its members
    # are read; every other refusal names the parameter.
    named = "body" if "\x00" in name else "name"
    assert body["errno"] == "4103" and named in body["errmsg"], body
    assert p.ih.ok("GET", "user")["name"] == p.mobile


def test_name_missing(base):
    p = person(base)
    body = p.ih.call("POST", "user/name", json={})
    assert body["errno"] == "4103" and "name" in body["errmsg"], body


# -- user/avatar -------------------------------------------------------------------

def test_avatar_png_stored_and_served(base, media):
    p = person(base)
    img = png(width=3, height=2)
    body = check(avatar(p, img))
    assert body["errno"] == "0", body
    assert set(body["data"]) == {"avatar_url"}, body
    url = body["data"]["avatar_url"]
    rel = file_rel(p, url)
    assert os.path.isfile(media.path(rel))
    assert p.ih.ok("GET", "user")["avatar_url"] == url
    r = requests.get(url, timeout=30)
    assert r.status_code == 200 and r.content == img
    assert r.headers["Content-Type"] == "image/png"
    # The shared portrait: QSZ's headimgurl is the relative path.
    assert Api(base).fetch(p.token)["headimgurl"] == rel


def test_avatar_type_by_content_not_name(base, media, files):
    p = person(base)
    body = check(avatar(p, files["jpg"], name="x.png", ctype="image/png"))
    assert body["errno"] == "0", body
    assert file_rel(p, body["data"]["avatar_url"]).endswith((".jpg", ".jpeg"))


def test_avatar_text_file_refused(base, media, files):
    p = person(base)
    before = media.snapshot(p.uid)
    body = check(avatar(p, files["txt"], name="me.png", ctype="image/png"))
    assert body["errno"] == "4302", body
    assert media.snapshot(p.uid) == before
    assert p.ih.ok("GET", "user")["avatar_url"] == ""


def test_avatar_pdf_refused(base, media, files):
    p = person(base)
    before = media.snapshot(p.uid)
    body = check(avatar(p, files["pdf"], name="me.pdf",
                        ctype="application/pdf"))
    assert body["errno"] == "4302", body
    assert media.snapshot(p.uid) == before


def test_avatar_replaced_file_removed(base, media):
    p = person(base)
    first = check(avatar(p, png()))["data"]["avatar_url"]
    old = file_rel(p, first)
    assert os.path.isfile(media.path(old))
    second = check(avatar(p, png()))["data"]["avatar_url"]
    new = file_rel(p, second)
    assert new != old
    assert p.ih.ok("GET", "user")["avatar_url"] == second
    # Removed once the database changed (before the answer; a short grace
    # in case the removal runs just after it).
    deadline = time.monotonic() + 5
    while os.path.exists(media.path(old)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not os.path.exists(media.path(old))
    assert media.listing("data/userphoto/user_%d" % p.uid) == {new}


def test_avatar_refused_keeps_the_old_one(base, media, files):
    p = person(base)
    url = check(avatar(p, png()))["data"]["avatar_url"]
    before = media.snapshot(p.uid)
    assert check(avatar(p, files["txt"]))["errno"] == "4302"
    assert media.snapshot(p.uid) == before
    assert p.ih.ok("GET", "user")["avatar_url"] == url


# -- user/auth ---------------------------------------------------------------------

NULLS = {"real_name": None, "id_card": None, "real_name_status": 0,
         "real_name_reason": None}


def auth(p, real_name, id_card, **kw):
    return p.ih.call("POST", "user/auth",
                     json={"real_name": real_name, "id_card": id_card}, **kw)


def test_auth_nulls_before(base):
    p = person(base)
    assert p.ih.ok("GET", "user/auth") == NULLS


def test_auth_submitted(base, db):
    p = person(base)
    number = new_id_card()
    body = auth(p, "王小明", number)
    assert body["errno"] == "0", body
    assert p.ih.ok("GET", "user/auth") == {
        "real_name": "王小明", "id_card": mask_id(number),
        "real_name_status": 1, "real_name_reason": None}
    assert mask_id(number) == number[:4] + "**********" + number[-4:]
    assert p.ih.ok("GET", "user")["real_name_status"] == 1
    # The shared record (QSZ's): encrypted at rest, masked copy.
    q = Api(base).fetch(p.token)
    assert q["real_name"] == "王小明" and q["real_name_status"] == 1
    assert q["idcardnumber"] == mask_id(number)
    enc = db.value("SELECT HEX(idcard_enc) FROM users WHERE id = %d" % p.uid)
    assert enc != "NULL" and number.encode().hex().upper() not in enc


def test_auth_lowercase_x_stored_upper(base):
    p = person(base)
    number = new_id_card(ending_x=True)
    assert auth(p, "李小龙", number.lower())["errno"] == "0"
    got = p.ih.ok("GET", "user/auth")
    assert got["id_card"] == mask_id(number) and got["id_card"].endswith("X")


def wrong_check_digit(number):
    return number[:17] + ("0" if number[17] != "0" else "1")


def future_birth():
    day = china_today() + timedelta(days=400)
    return idcard("110101" + day.strftime("%Y%m%d") + "123")


@pytest.mark.parametrize("real_name,id_card,param", [
    ("王小明", wrong_check_digit(new_id_card()), "id_card"),
    ("王小明", future_birth(), "id_card"),
    ("王小明", idcard("110101" + "19990230" + "123"), "id_card"),
    ("王小明", idcard("110101" + "19991301" + "123"), "id_card"),
    ("王小明", new_id_card()[:17], "id_card"),
    ("王小明", new_id_card() + "1", "id_card"),
    ("王小明", "11010119900101123Y", "id_card"),
    ("王小明", "", "id_card"),
    ("王小明", None, "id_card"),
    ("王", new_id_card(), "real_name"),
    ("王" * 31, new_id_card(), "real_name"),
    ("", new_id_card(), "real_name"),
    (None, new_id_card(), "real_name"),
])
def test_auth_refused(base, real_name, id_card, param):
    p = person(base)
    body = {}
    if real_name is not None:
        body["real_name"] = real_name
    if id_card is not None:
        body["id_card"] = id_card
    r = p.ih.call("POST", "user/auth", json=body)
    assert r["errno"] == "4103" and param in r["errmsg"], r
    assert p.ih.ok("GET", "user/auth") == NULLS


def test_auth_accepts_30_chars(base):
    p = person(base)
    assert auth(p, "王" * 30, new_id_card())["errno"] == "0"
    assert p.ih.ok("GET", "user/auth")["real_name"] == "王" * 30


def test_auth_second_submit_refused(base):
    p = verified_person(base, real_name="王小明")
    before = p.ih.ok("GET", "user/auth")
    body = auth(p, "张三丰", new_id_card())
    assert body["errno"] == "4003", body
    assert p.ih.ok("GET", "user/auth") == before


def test_auth_approved_cannot_be_rewritten(base, db):
    p = verified_person(base)
    db.run("UPDATE users SET real_name_status = 2 WHERE id = %d" % p.uid)
    assert auth(p, "张三丰", new_id_card())["errno"] == "4003"
    got = p.ih.ok("GET", "user/auth")
    assert got["real_name"] == p.real_name and got["real_name_status"] == 2


def test_auth_resubmit_after_rejection(base, db):
    p = verified_person(base, real_name="王小明")
    db.run("UPDATE users SET real_name_status = 3 WHERE id = %d" % p.uid)
    assert p.ih.ok("GET", "user/auth")["real_name_status"] == 3
    number = new_id_card()
    assert auth(p, "张三丰", number)["errno"] == "0"
    assert p.ih.ok("GET", "user/auth") == {
        "real_name": "张三丰", "id_card": mask_id(number),
        "real_name_status": 1, "real_name_reason": None}


def test_auth_rejection_reason_shown(base):
    """An administrator's rejection (issue 13, 1) shows its reason in
    user/auth and user until the person submits again."""
    from admin_util import adm, new_admin
    api = Api(base)
    p = verified_person(base)
    token = new_admin(api)[2]
    reason = "姓名与身份证号不符"
    adm(api, "POST", "/submissions/real-name/%d/reject" % p.uid,
        token=token, data={"reason": reason})
    got = p.ih.ok("GET", "user/auth")
    assert (got["real_name_status"], got["real_name_reason"]) == (3, reason)
    got = p.ih.ok("GET", "user")
    assert (got["real_name_status"], got["real_name_reason"]) == (3, reason)
    assert auth(p, p.real_name, new_id_card())["errno"] == "0"
    got = p.ih.ok("GET", "user/auth")
    assert (got["real_name_status"], got["real_name_reason"]) == (1, None)
    assert p.ih.ok("GET", "user")["real_name_reason"] is None


# -- login and CSRF ------------------------------------------------------------------

NEED_LOGIN = [
    ("GET", "user", {}),
    ("POST", "user/name", {"json": {"name": "x"}}),
    ("POST", "user/avatar", {"files": {"avatar": ("a.png", png(),
                                                  "image/png")}}),
    ("GET", "user/auth", {}),
    ("POST", "user/auth", {"json": {"real_name": "王小明",
                                    "id_card": new_id_card()}}),
    ("GET", "user/houses", {}),
    ("POST", "houses", {"json": {}}),
    ("POST", "houses/1/images", {"files": {"house_image": (
        "h.png", png(), "image/png")}}),
    ("POST", "orders", {"json": {"house_id": 1, "start_date": "2030-01-01",
                                 "end_date": "2030-01-02"}}),
    ("GET", "orders", {"params": {"role": "custom"}}),
    ("PUT", "orders", {"json": {"order_id": 1, "action": "cancel"}}),
    ("POST", "orders/1/payment", {"json": {}}),
    ("PUT", "orders/comment", {"json": {"order_id": 1, "comment": "好"}}),
]


@pytest.mark.parametrize("method,path,kw", NEED_LOGIN,
                         ids=["%s %s" % (m, p) for m, p, _ in NEED_LOGIN])
def test_login_required(base, method, path, kw):
    ih = IHome(base)
    body = ih.call(method, path, **kw)
    assert body["errno"] == "4101", body
    # with the trailing slash too
    assert ih.call(method, path + "/", **kw)["errno"] == "4101"


def test_revoked_session_is_logged_out(base):
    p = person(base)
    token = p.token
    p.ih.ok("DELETE", "session")
    r = requests.get(base + "/api/v1.0/user", cookies={"session": token},
                     timeout=30)
    assert check(r)["errno"] == "4101"


def test_csrf_missing_on_name(base):
    p = person(base)
    body = p.ih.call("POST", "user/name", json={"name": "新名字"}, csrf=False,
                     http=403)
    assert body["errno"] == "4201", body
    body = p.ih.call("POST", "user/name", json={"name": "新名字"}, http=403,
                     headers={"X-CSRFToken": "0" * 32})
    assert body["errno"] == "4201", body
    assert p.ih.ok("GET", "user")["name"] == p.mobile


def test_csrf_missing_on_auth(base):
    p = person(base)
    body = auth(p, "王小明", new_id_card(), csrf=False, http=403)
    assert body["errno"] == "4201", body
    assert p.ih.ok("GET", "user/auth") == NULLS


def test_csrf_missing_on_avatar(base, media):
    p = person(base)
    before = media.snapshot(p.uid)
    body = check(avatar(p, png(), csrf=False), http=403)
    assert body["errno"] == "4201", body
    assert media.snapshot(p.uid) == before
    assert p.ih.ok("GET", "user")["avatar_url"] == ""
