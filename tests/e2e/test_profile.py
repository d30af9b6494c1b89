"""qsz.md sections 2 and 3: /create_userinfo, portraits and their files."""

import os

import pytest

from conftest import (IMAGE_LIMIT, VALID_PROFILE, idcard, mask_account,
                      mask_id, oversized_png, path_re, png)

FULL = dict(VALID_PROFILE,
            account_name="张三",
            account_number="6222021234567890123",
            account_idcardnumber=idcard("44030619900101123"),
            tel="13812345678",
            virtual_tel_flag="1",
            virtual_tel="4001234567-8888",
            wechat="zhang_san-1",
            qq="123456789")


def portrait(data, name="me.png", ctype="image/png"):
    return {"portrait": (name, data, ctype)}


def test_create_full_profile(api, user, media):
    ans = api.ok("/create_userinfo", token=user.token, data=FULL,
                 files=portrait(png()))
    assert ans == {}
    got = api.fetch(user.token)
    assert got["id"] == user.id and got["wx_openid"] == user.openid
    assert got["nickname"] == "小明😀"
    assert got["sex"] == 1 and got["user_type"] == 1
    assert got["addressProvince"] == FULL["addressProvince"]
    assert got["addressCity"] == FULL["addressCity"]
    assert got["birthday"] == "1990-05-17"
    assert got["constellations"] == "金牛座" and got["education"] == "本科"
    assert got["occupation"] == FULL["occupation"]
    assert got["self_description"] == FULL["self_description"]
    assert got["tel"] == "13812345678"
    assert got["virtual_tel_flag"] == 1
    assert got["virtual_tel"] == "4001234567-8888"
    assert got["wechat"] == "zhang_san-1"
    assert got["qq"] == "123456789"
    assert got["account_name"] == "张三"
    assert got["account_number"] == mask_account(FULL["account_number"])
    assert got["account_number"] == "***************0123"
    assert got["account_idcardnumber"] == mask_id(FULL["account_idcardnumber"])
    assert path_re(user.id, "portrait", ["png"]).match(got["headimgurl"]), got
    assert os.path.isfile(media.path(got["headimgurl"]))
    # the WeChat side is untouched
    for f in ("wx_openid", "wx_nickname", "wx_sex", "wx_headimgurl"):
        assert got[f] == user.obj[f]


@pytest.mark.parametrize("nickname", ["小明😀", "🏠租房👍🏻", "😀" * 30, "a",
                                      "Zoë & 李 <b>", "x" * 30])
def test_nickname_round_trip(api, profiled, nickname):
    u = profiled()
    api.ok("/create_userinfo", token=u.token,
           data=dict(VALID_PROFILE, nickname=nickname))
    assert api.fetch(u.token)["nickname"] == nickname


def test_portrait_required_while_the_user_has_none(api, user, refused):
    body = refused(user, "/create_userinfo", 2, "portrait", data=VALID_PROFILE)
    assert body["msg"].startswith("portrait: required"), body


def test_update_without_portrait_keeps_it(api, profiled):
    u = profiled()
    api.ok("/create_userinfo", token=u.token,
           data=dict(VALID_PROFILE, nickname="新名字"))
    got = api.fetch(u.token)
    assert got["nickname"] == "新名字"
    assert got["headimgurl"] == u.obj["headimgurl"]


def test_omitted_optional_fields_keep_their_values(api, user):
    api.ok("/create_userinfo", token=user.token, data=FULL,
           files=portrait(png()))
    first = api.fetch(user.token)
    api.ok("/create_userinfo", token=user.token,
           data=dict(VALID_PROFILE, occupation="教师"))
    second = api.fetch(user.token)
    assert second["occupation"] == "教师"
    for f in ("tel", "virtual_tel_flag", "virtual_tel", "wechat", "qq",
              "account_name", "account_number", "account_idcardnumber",
              "headimgurl", "self_description"):
        assert second[f] == first[f], f


def test_optional_fields_can_be_changed(api, profiled):
    u = profiled()
    api.ok("/create_userinfo", token=u.token, data=FULL)
    api.ok("/create_userinfo", token=u.token,
           data=dict(VALID_PROFILE, tel="19912345678", qq="99999",
                     wechat="other_id", account_number="alice.w+pay@example.com"))
    got = api.fetch(u.token)
    assert got["tel"] == "19912345678" and got["qq"] == "99999"
    assert got["wechat"] == "other_id"
    assert got["account_number"] == mask_account("alice.w+pay@example.com")
    assert got["account_name"] == "张三"


def test_account_numbers_encrypted_at_rest(api, profiled, db):
    u = profiled()
    api.ok("/create_userinfo", token=u.token, data=FULL)
    num, idn = db.rows("SELECT HEX(account_number_enc), HEX(account_idcard_enc) "
                       "FROM users WHERE id = %d" % u.id)[0]
    assert num != "NULL" and idn != "NULL"
    for plain, stored in ((FULL["account_number"], num),
                          (FULL["account_idcardnumber"], idn)):
        assert plain.encode().hex().upper() not in stored
        assert plain.upper() not in stored
        assert plain[-8:].encode().hex().upper() not in stored


def test_same_plaintext_different_ciphertext(api, profiled, db):
    a, b = profiled(), profiled()
    for u in (a, b):
        api.ok("/create_userinfo", token=u.token, data=FULL)
    rows = db.rows("SELECT HEX(account_number_enc) FROM users WHERE id IN "
                   "(%d, %d)" % (a.id, b.id))
    assert rows[0][0] != rows[1][0]


@pytest.mark.parametrize("kind,sent_as,mime,exts", [
    ("png", ("x.jpg", "image/jpeg"), "image/png", ["png"]),
    ("png", ("x.png", "image/png"), "image/png", ["png"]),
    ("jpg", ("x.png", "image/png"), "image/jpeg", ["jpg", "jpeg"]),
    ("jpg", ("x", "application/octet-stream"), "image/jpeg", ["jpg", "jpeg"]),
    ("webp", ("x.gif", "image/gif"), "image/webp", ["webp"]),
], ids=["png-as-jpg", "png", "jpg-as-png", "jpg-no-name", "webp-as-gif"])
def test_portrait_type_from_the_bytes(api, user, files, kind, sent_as, mime,
                                      exts):
    data = files[kind]
    api.ok("/create_userinfo", token=user.token, data=VALID_PROFILE,
           files=portrait(data, *sent_as))
    url = api.fetch(user.token)["headimgurl"]
    assert path_re(user.id, "portrait", exts).match(url), url
    r = api.get_file(url)
    assert r.status_code == 200
    assert r.content == data
    assert r.headers["Content-Type"].split(";")[0].strip() == mime
    assert r.headers.get("X-Content-Type-Options", "").lower() == "nosniff"


def test_public_portrait_needs_no_token(api, profiled, make_user):
    u = profiled()
    other = make_user()
    for tok in (None, other.token, "garbage"):
        r = api.get_file(u.obj["headimgurl"], token=tok)
        assert r.status_code == 200 and r.content.startswith(b"\x89PNG")


def test_replacing_the_portrait_deletes_the_old_file(api, profiled, media):
    u = profiled()
    old = u.obj["headimgurl"]
    assert os.path.isfile(media.path(old))
    new_bytes = png((1, 2, 3))
    api.ok("/create_userinfo", token=u.token, data=VALID_PROFILE,
           files=portrait(new_bytes))
    new = api.fetch(u.token)["headimgurl"]
    assert new != old
    assert os.path.isfile(media.path(new))
    assert not os.path.exists(media.path(old))
    assert api.get_file(old).status_code == 404
    assert api.get_file(new).content == new_bytes
    # only the new portrait is left in the user's public folder
    assert media.listing("data/userphoto/user_%d" % u.id) == {new}


@pytest.mark.parametrize("user_type", ["2", "3"])
@pytest.mark.parametrize("field,value", [("virtual_tel", "4001234567"),
                                         ("virtual_tel_flag", "1")])
def test_virtual_tel_is_for_landlords_only(api, profiled, refused, user_type,
                                           field, value):
    u = profiled()
    body = refused(u, "/create_userinfo", 7, None,
                   data=dict(VALID_PROFILE, user_type=user_type,
                             **{field: value}))
    assert body["msg"].startswith(field), body


def test_non_landlord_profile_without_virtual_tel(api, profiled):
    u = profiled(user_type="3")
    assert u.obj["user_type"] == 3 and u.obj["virtual_tel"] is None


# -- refused uploads --------------------------------------------------------------------

@pytest.mark.parametrize("what", ["text-as-jpg", "pdf", "oversized", "empty",
                                  "truncated-png-header"])
@pytest.mark.parametrize("has_portrait", [False, True],
                         ids=["new-user", "has-portrait"])
def test_refused_portraits(api, make_user, profiled, refused, files, what,
                           has_portrait):
    u = profiled() if has_portrait else make_user()
    data, name, ctype = {
        "text-as-jpg": (files["txt"], "x.jpg", "image/jpeg"),
        "pdf": (files["pdf"], "x.png", "image/png"),
        "oversized": (oversized_png(IMAGE_LIMIT + 1024), "big.png", "image/png"),
        "empty": (b"", "x.png", "image/png"),
        "truncated-png-header": (b"\x89PNG", "x.png", "image/png"),
    }[what]
    # an empty part is "required" (2) or "refused upload" (10)
    status = (2, 10) if what == "empty" else 10
    refused(u, "/create_userinfo", status, "portrait",
            data=VALID_PROFILE, files=portrait(data, name, ctype))


def test_image_exactly_at_the_limit_is_accepted(api, user):
    data = oversized_png(IMAGE_LIMIT)
    api.ok("/create_userinfo", token=user.token, data=VALID_PROFILE,
           files=portrait(data))
    got = api.fetch(user.token)
    assert path_re(user.id, "portrait", ["png"]).match(got["headimgurl"])


def test_refused_profile_leaves_the_old_portrait(api, profiled, refused,
                                                media):
    u = profiled()
    refused(u, "/create_userinfo", 2, "sex", data=dict(VALID_PROFILE, sex="9"),
            files=portrait(png()))
    assert media.listing("data/userphoto/user_%d" % u.id) == {
        u.obj["headimgurl"]}
