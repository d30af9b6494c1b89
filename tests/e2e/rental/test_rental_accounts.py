"""Rental accounts (rental.md 2): the mini-program login, the certification
update, the user info with the live contract, logout; the same person and
the same real-name record as on QSZ."""

import re

import pytest

from conftest import (Api, VALID_ID, WeChat, idcard, mask_id, need_env,
                      new_openid)
from rental_client import Rental, check
from rental_people import (LOCATION_CODES, LOCATION_NAMES, cert_body,
                           certify, landlord, new_idcard, tenant, wx_code)

TOKEN_RE = re.compile(r"[0-9a-f]{64}")
LOGIN_KEYS = {"userid", "openid", "role", "userinfo", "nickName", "avatarUrl",
              "token"}
USER_KEYS = {"nickName", "role", "avatarUrl", "name", "phone", "idcard",
             "provinces", "city", "area", "town", "token"}


@pytest.fixture(scope="module")
def anon():
    return Rental()


@pytest.fixture(scope="module")
def wechat():
    return WeChat(need_env("ZUFANG_TEST_WECHAT"))


@pytest.fixture(scope="module")
def qsz():
    return Api(need_env("ZUFANG_TEST_BASE"))


def refused(c, path, body, word, status=202):
    """A refusal whose msg names word; returns the body."""
    b = c.call(path, body, status)
    assert b["data"] is None, b
    assert word in b["meta"]["msg"], (word, b)
    return b


# ---- /login/auth --------------------------------------------------------------

def test_login_answer(anon):
    openid = new_openid()
    b = anon.call("/login/auth", {"code": wx_code(openid), "wxinfo": {
        "nickName": "小王", "avatarUrl": "https://wx.qlogo.cn/a/1.png",
        "gender": 1, "city": "Chengdu", "province": "Sichuan",
        "country": "China"}})
    assert b["meta"] == {"status": 200, "msg": "登录成功"}
    d = b["data"]
    assert set(d) == LOGIN_KEYS, d
    assert re.fullmatch(r"[1-9][0-9]*", d["userid"]), d
    assert d["openid"] == openid
    assert d["role"] == 0 and d["userinfo"] is None
    assert d["nickName"] == "小王"
    assert d["avatarUrl"] == "https://wx.qlogo.cn/a/1.png"
    assert TOKEN_RE.fullmatch(d["token"])
    assert "session_key" not in b


def test_login_without_wxinfo(anon):
    openid = new_openid()
    d = anon.ok("/login/auth", {"code": wx_code(openid)})
    assert d["openid"] == openid and d["nickName"] is None
    assert d["avatarUrl"] is None


def test_wxinfo_refreshes_the_profile(anon, db):
    openid = new_openid()
    a = anon.ok("/login/auth", {"code": wx_code(openid), "wxinfo": {
        "nickName": "旧名", "avatarUrl": "https://wx.qlogo.cn/old.png",
        "gender": 2, "city": "成都"}})
    b = anon.ok("/login/auth", {"code": wx_code(openid), "wxinfo": {
        "nickName": "新名", "city": ""}})
    assert a["userid"] == b["userid"] and a["token"] != b["token"]
    assert b["nickName"] == "新名"
    # absent or empty fields keep what was stored
    assert b["avatarUrl"] == "https://wx.qlogo.cn/old.png"
    row = db.rows("SELECT wx_nickname, wx_sex, wx_city FROM users "
                  "WHERE id = %s" % b["userid"])
    assert row == [["新名", "2", "成都"]]


@pytest.mark.parametrize("wxinfo,word", [
    ({"nickName": "x" * 101}, "wxinfo.nickName"),
    ({"avatarUrl": "not a url"}, "wxinfo.avatarUrl"),
    ({"avatarUrl": "https://x/" + "a" * 510}, "wxinfo.avatarUrl"),
    ({"gender": 3}, "wxinfo.gender"),
    ({"gender": "male"}, "wxinfo.gender"),
    ({"city": "c" * 65}, "wxinfo.city"),
    ({"province": "p" * 65}, "wxinfo.province"),
    ({"country": "c" * 65}, "wxinfo.country"),
    ({"nickName": 5}, "wxinfo.nickName"),
    ("just text", "wxinfo"),
])
def test_wxinfo_refused(anon, wechat, wxinfo, word):
    openid = new_openid()
    code = wx_code(openid)
    refused(anon, "/login/auth", {"code": code, "wxinfo": wxinfo}, word)
    # refused before WeChat was asked: the code is still good
    assert anon.ok("/login/auth", {"code": code})["openid"] == openid


@pytest.mark.parametrize("body", [{}, {"code": ""}, {"code": 12},
                                  {"code": "c" * 257}])
def test_code_required(anon, body):
    refused(anon, "/login/auth", body, "code")


def test_code_is_single_use(anon):
    code = wx_code(new_openid())
    d = anon.ok("/login/auth", {"code": code})
    b = refused(anon, "/login/auth", {"code": code}, "code")
    assert "40029" in b["meta"]["msg"] and "只能用一次" in b["meta"]["msg"]
    assert d["token"] not in str(b)


def test_unknown_code(anon):
    b = refused(anon, "/login/auth", {"code": "0" * 32}, "code")
    assert "40029" in b["meta"]["msg"]


def test_code_used_40163(anon, wechat):
    code = wechat.code(new_openid(), kind="mini", errcode=40163,
                       errmsg="code been used")
    b = refused(anon, "/login/auth", {"code": code}, "code")
    assert "40163" in b["meta"]["msg"] and "已使用" in b["meta"]["msg"]


def test_other_wechat_errors_are_202(anon, wechat):
    code = wechat.code(new_openid(), kind="mini", errcode=45011,
                       errmsg="api minute-quota reach limit")
    b = refused(anon, "/login/auth", {"code": code}, "wechat")
    assert "45011" in b["meta"]["msg"]


def test_an_oauth_code_is_not_a_mini_code(anon, wechat):
    code = wechat.code(new_openid(), kind="oauth")
    refused(anon, "/login/auth", {"code": code}, "code")


# ---- one person on QSZ and rental --------------------------------------------------

def test_same_person_as_qsz_oauth(anon, wechat, qsz):
    openid = new_openid()
    q = qsz.ok("/wx_fetch_userinfo", data={"code": wechat.code(openid)})
    d = anon.ok("/login/auth", {"code": wx_code(openid)})
    assert d["userid"] == str(q["id"])
    # and each surface's token works on the other (one sessions table)
    assert qsz.fetch(d["token"])["id"] == q["id"]
    assert Rental(token=q["token"]).ok("/query/userinfo")["token"] == \
        q["token"]


def test_same_person_as_qsz_js_code(anon, qsz):
    openid = new_openid()
    d = anon.ok("/login/auth", {"code": wx_code(openid),
                                "wxinfo": {"nickName": "同一人"}})
    q = qsz.ok("/wx_fetch_userinfo", data={"js_code": wx_code(openid)})
    assert q["id"] == int(d["userid"])
    assert q["wx_openid"] == openid and q["wx_nickname"] == "同一人"


def test_different_openids_different_people(anon):
    a = anon.ok("/login/auth", {"code": wx_code(new_openid())})
    b = anon.ok("/login/auth", {"code": wx_code(new_openid())})
    assert a["userid"] != b["userid"]


# ---- /login/update/{cert} -----------------------------------------------------------

def test_update_answer(db):
    c = tenant(nickName="租客甲", avatarUrl="https://wx.qlogo.cn/t.png")
    number = new_idcard()
    b = c.call("/login/update/0", cert_body(idcard=number))
    assert b["meta"] == {"status": 200, "msg": "信息更新成功"}
    d = b["data"]
    assert set(d) >= USER_KEYS, d
    assert d["nickName"] == "租客甲"
    assert d["avatarUrl"] == "https://wx.qlogo.cn/t.png"
    assert d["role"] == 0
    assert d["name"] == "张三" and d["phone"] == "13800138000"
    assert d["idcard"] == mask_id(number)
    assert d["idcard"][:4] == number[:4] and d["idcard"][-4:] == number[-4:]
    assert d["provinces"] == "四川省" and d["city"] == "成都市"
    assert d["area"] == "武侯区" and d["town"] == "桂溪街道"
    assert d["token"] == c.token
    row = db.rows("SELECT tel, loc_province_code, loc_city_code, "
                  "loc_county_code, village, wxnumber FROM users "
                  "WHERE id = %s" % c.id)
    assert row == [["13800138000", "510000", "510100", "510107", "桂溪街道",
                    "zhangsan_wx"]]


@pytest.mark.parametrize("location", [
    LOCATION_CODES,
    [str(x) for x in LOCATION_CODES],
    ["四川省", 510100, "武侯区"],
    ["北京市", "北京市", "海淀区"],
    [130000, "石家庄市", "长安区"],
])
def test_location_by_names_and_codes(location):
    c = tenant()
    d = certify(c, 0, location=location)
    if location[0] in ("北京市",):
        assert (d["provinces"], d["city"], d["area"]) == \
            ("北京市", "北京市", "海淀区")
    elif location[0] == 130000:
        assert (d["provinces"], d["city"], d["area"]) == \
            ("河北省", "石家庄市", "长安区")
    else:
        assert (d["provinces"], d["city"], d["area"]) == \
            tuple(LOCATION_NAMES)


@pytest.mark.parametrize("location,word", [
    # unknown codes, at each level
    ([990000, 510100, 510107], "location[0]"),
    ([510000, 519900, 510107], "location[1]"),
    ([510000, 510100, 510199], "location[2]"),
    # a code of the wrong level
    ([510100, 510100, 510107], "location[0]"),
    ([510000, 510107, 510107], "location[1]"),
    ([510000, 510100, 510100], "location[2]"),
    # nesting by codes: a county of another city, a city of another province
    ([510000, 510100, 510703], "location[2]"),
    ([510000, 130100, 130102], "location[1]"),
    # by names: unknown, or not in the item before it
    (["火星省", "成都市", "武侯区"], "location[0]"),
    (["四川省", "石家庄市", "长安区"], "location[1]"),
    (["四川省", "成都市", "涪城区"], "location[2]"),
    (["陕西省", "西安市", "不存在区"], "location[2]"),
    # mixed: a name that is not in the city given by its code
    ([510000, 510100, "长安区"], "location[2]"),
    # shape
    (["四川省", "成都市"], "location"),
    (["四川省", "成都市", "武侯区", "桂溪"], "location"),
    ("四川省成都市武侯区", "location"),
    (["四川省", "成都市", True], "location[2]"),
    (["四川省", "成都市", ""], "location[2]"),
    (["四川省", "成都市", None], "location[2]"),
    (["四川省", "成都市", 5101070], "location[2]"),
    (["四川省", "成都市", 5101.5], "location[2]"),
    (["四川省", "成都市", {"code": 510107}], "location[2]"),
    (["四川省", "成都市", "区" * 65], "location[2]"),
])
def test_location_refused(db, location, word):
    c = tenant()
    refused(c, "/login/update/0", cert_body(location=location), word)
    # a refused update changes nothing
    assert db.rows("SELECT tel, real_name, village, loc_county_code FROM "
                   "users WHERE id = %s" % c.id) == \
        [["NULL", "NULL", "NULL", "NULL"]]


def test_location_refusal_names_the_parent():
    c = tenant()
    b = refused(c, "/login/update/0",
                cert_body(location=[510000, 510100, 510703]), "location[2]")
    assert "涪城区" in b["meta"]["msg"] and "成都市" in b["meta"]["msg"]
    b = refused(c, "/login/update/0",
                cert_body(location=[990000, 510100, 510107]), "location[0]")
    assert "990000" in b["meta"]["msg"]


@pytest.mark.parametrize("field,value", [
    ("name", "张"), ("name", "张" * 31), ("name", ""), ("name", 12),
    ("name", "张\x01三"),
    ("phone", "12345678901"), ("phone", "1380013800"),
    ("phone", "138001380001"), ("phone", "+8613800138000"), ("phone", ""),
    ("idcard", "110105194912310021"),       # wrong check digit
    ("idcard", "11010519491231002"),        # 17 characters
    ("idcard", "11010519491231002XX"),      # 19
    ("idcard", idcard("11010519491331002")[:18]),  # month 13
    ("idcard", ""),
    ("village", ""), ("village", "村" * 61), ("village", 3),
    ("wxnumber", ""), ("wxnumber", "w" * 65), ("wxnumber", 7),
    ("id", "abc"), ("id", -1),
])
def test_update_field_refused(field, value):
    c = tenant()
    refused(c, "/login/update/0", cert_body(**{field: value}), field)


@pytest.mark.parametrize("field", ["name", "phone", "idcard", "location",
                                   "village"])
def test_update_field_required(field):
    c = tenant()
    body = cert_body()
    del body[field]
    b = refused(c, "/login/update/1", body, field)
    assert "required" in b["meta"]["msg"] or "必" in b["meta"]["msg"], b
    assert c.ok("/query/userinfo")["role"] == 0


def test_wxnumber_optional_and_kept(db):
    c = tenant()
    certify(c, 0, wxnumber="first_wx")
    body = cert_body()
    del body["wxnumber"]
    c.ok("/login/update/0", body)
    assert db.value("SELECT wxnumber FROM users WHERE id = %s" % c.id) == \
        "first_wx"


def test_lower_case_x_is_upper_cased(db):
    c = tenant()
    d = certify(c, 0, idcard=VALID_ID.lower())
    assert d["idcard"] == mask_id(VALID_ID)


@pytest.mark.parametrize("cert", ["2", "-1", "x", "01", "1.0"])
def test_cert_must_be_0_or_1(cert):
    c = tenant()
    refused(c, "/login/update/" + cert, cert_body(), "cert")
    assert c.ok("/query/userinfo")["role"] == 0


def test_id_must_be_the_caller():
    a, b = tenant(), tenant()
    refused(a, "/login/update/1", cert_body(id=b.id), "id", 403)
    refused(a, "/login/update/1", cert_body(id=int(b.id)), "id", 403)
    assert a.ok("/query/userinfo")["role"] == 0
    assert a.ok("/query/userinfo")["name"] is None
    # the caller's own id, as a string or a number
    assert certify(a, 0, id=a.id)["name"] == "张三"
    assert certify(a, 0, id=int(a.id))["name"] == "张三"


def test_certification_makes_a_landlord(db):
    c = tenant()
    check(c.raw("/build/add", {}), 403)
    d = certify(c, 0)
    assert d["role"] == 0
    check(c.raw("/build/add", {}), 403)
    d = certify(c, 1)
    assert d["role"] == 1 and d["token"] == c.token
    # the same token: roles are read on every request
    r = c.raw("/build/add", {})
    assert r.status_code not in (401, 403), r.text
    r = c.raw("/build/allbuild/1/10", {"id": c.id})
    assert r.status_code not in (401, 403), r.text
    assert db.value("SELECT COUNT(*) FROM user_roles WHERE user_id = %s "
                    "AND role_id = 3" % c.id) == "1"
    # a later plain update keeps the role; a second cert adds no row
    assert certify(c, 0)["role"] == 1
    assert certify(c, 1)["role"] == 1
    assert db.value("SELECT COUNT(*) FROM user_roles WHERE user_id = %s"
                    % c.id) == "1"
    # and the next login says so
    d = c.ok("/login/auth", {"code": wx_code(c.openid)})
    assert d["role"] == 1 and d["userid"] == c.id


def test_landlord_helper():
    c = landlord()
    assert c.data["role"] == 1 and TOKEN_RE.fullmatch(c.token)
    assert c.ok("/query/userinfo")["role"] == 1


def test_login_userinfo_after_certification():
    c = tenant()
    number = new_idcard()
    certify(c, 1, idcard=number, location=LOCATION_CODES)
    d = c.ok("/login/auth", {"code": wx_code(c.openid)})
    u = d["userinfo"]
    assert u["name"] == "张三" and u["phone"] == "13800138000"
    assert u["idcard"] == mask_id(number) and number not in str(d)
    assert (u["provinces"], u["city"], u["area"], u["town"]) == \
        ("四川省", "成都市", "武侯区", "桂溪街道")
    assert d["role"] == 1


def test_idcard_encrypted_at_rest(db):
    c = tenant()
    number = new_idcard()
    d = certify(c, 0, idcard=number)
    assert number not in str(d)
    enc, masked, status = db.rows(
        "SELECT HEX(idcard_enc), idcard_masked, real_name_status FROM users "
        "WHERE id = %s" % c.id)[0]
    assert enc and enc != "NULL"
    assert number.encode().hex().upper() not in enc
    assert db.value("SELECT idcard_enc = '%s' FROM users WHERE id = %s"
                    % (number, c.id)) == "0"
    assert masked == mask_id(number) and status == "1"


def test_real_name_record_shared_with_qsz(qsz):
    c = tenant()
    number = new_idcard()
    certify(c, 1, name="李四", idcard=number, phone="13912345678")
    u = qsz.fetch(c.token)
    assert u["id"] == int(c.id)
    assert u["real_name"] == "李四"
    assert u["idcardnumber"] == mask_id(number)
    assert u["real_name_status"] == 1
    assert u["tel"] == "13912345678"


def test_real_name_from_qsz_shows_on_rental(qsz, db):
    """A rental update after a QSZ-side approval keeps the approved record,
    and refuses to replace it with another person's."""
    c = tenant()
    number = new_idcard()
    certify(c, 0, name="王五", idcard=number)
    db.run("UPDATE users SET real_name_status = 2 WHERE id = %s" % c.id)
    b = refused(c, "/login/update/0",
                cert_body(name="王五", idcard=new_idcard("19800101")),
                "idcard")
    refused(c, "/login/update/0", cert_body(name="赵六", idcard=number),
            "name")
    # the same person again: fine, still approved
    d = certify(c, 1, name="王五", idcard=number, village="新村")
    assert d["role"] == 1 and d["town"] == "新村"
    assert qsz.fetch(c.token)["real_name_status"] == 2
    assert b["data"] is None


def test_rejection_reason_shown(qsz):
    """An administrator's rejection of the real name (issue 13, 1) shows
    in /query/userinfo with its reason, until the person certifies again."""
    from admin_util import adm, new_admin
    c = tenant()
    certify(c, 0, name="王五")
    u = c.ok("/query/userinfo")
    assert (u["real_name_status"], u["real_name_reason"]) == (1, None)
    reason = "身份证号与姓名不符"
    adm(qsz, "POST", "/submissions/real-name/%s/reject" % c.id,
        token=new_admin(qsz)[2], data={"reason": reason})
    u = c.ok("/query/userinfo")
    assert (u["real_name_status"], u["real_name_reason"]) == (3, reason)
    d = certify(c, 0, name="王五")
    assert (d["real_name_status"], d["real_name_reason"]) == (1, None)


def test_update_needs_a_token(anon):
    check(anon.raw("/login/update/1", cert_body()), 401)
    check(anon.raw("/login/update/1", cert_body(), token="f" * 64), 401)


# ---- /query/userinfo -----------------------------------------------------------------

def test_userinfo_of_a_new_person(anon):
    c = tenant(nickName="新人")
    b = c.call("/query/userinfo")
    assert b["meta"]["status"] == 200 and b["meta"]["msg"] == "查询成功"
    d = b["data"]
    assert set(d) >= USER_KEYS | {"village", "contract", "buildName"}, d
    assert d["nickName"] == "新人" and d["role"] == 0
    for k in ("name", "phone", "idcard", "provinces", "city", "area", "town",
              "village", "contract", "buildName"):
        assert d[k] is None, k
    assert d["token"] == c.token
    check(anon.raw("/query/userinfo", {}), 401)


def test_userinfo_after_certification():
    c = tenant()
    number = new_idcard()
    certify(c, 0, idcard=number)
    d = c.ok("/query/userinfo", {})
    assert d["idcard"] == mask_id(number)
    assert d["village"] == d["town"] == "桂溪街道"
    assert (d["provinces"], d["city"], d["area"]) == tuple(LOCATION_NAMES)


def make_contract(db, landlord_id, tenant_id, state=1, bills=0):
    """A building, a room and a contract written directly: the contract
    routes are another part of the surface; this reads what they write."""
    name = "楼" + new_openid()[-8:]
    db.run("INSERT INTO buildings (landlord_id, name, layers, per_floor, "
           "net_fen, electricity_fen, water_fen, templates, room_count) "
           "VALUES (%s, '%s', 1, 1, 3000, 120, 500, '[]', 1)"
           % (landlord_id, name))
    bid = db.value("SELECT id FROM buildings WHERE landlord_id = %s AND "
                   "name = '%s'" % (landlord_id, name))
    db.run("INSERT INTO rooms (building_id, landlord_id, name, unit_type, "
           "status, clear_fen, rent_fen, net_fen, electricity_fen, "
           "water_fen) VALUES (%s, %s, '101房', 2, 2, 5000, 120050, 3000, "
           "120, 500)" % (bid, landlord_id))
    rid = db.value("SELECT id FROM rooms WHERE building_id = %s" % bid)
    db.run("INSERT INTO contracts (room_id, building_id, landlord_id, "
           "tenant_id, state, begin_date, house_name, unit_type, bathroom, "
           "air_condition, geyser, gas, broadband, clear_fen, rent_fen, "
           "net_fen, electricity_fen, water_fen, base_electric, base_water, "
           "persons) VALUES (%s, %s, %s, %s, %d, '2024-01-31', '101房', 2, "
           "1, 0, 1, 0, 1, 5000, 120050, 3000, 120, 500, 20000, 1005, 2)"
           % (rid, bid, landlord_id, tenant_id, state))
    cid = db.value("SELECT MAX(id) FROM contracts WHERE room_id = %s" % rid)
    ids = []
    for k in range(bills):
        db.run("INSERT INTO bills (contract_id, room_id, building_id, "
               "landlord_id, period, start_date, end_date, house_name, "
               "rent_fen, clear_fen, net_fen, water_price_fen, water_init, "
               "electric_price_fen, electric_init) VALUES (%s, %s, %s, %s, "
               "%d, '2024-01-31', '2024-02-29', '101房', 120050, 5000, 3000, "
               "500, 1005, 120, 20000)" % (cid, rid, bid, landlord_id, k))
        ids.append(db.value("SELECT id FROM bills WHERE contract_id = %s "
                            "AND period = %d" % (cid, k)))
    return name, bid, rid, cid, ids


def test_userinfo_with_a_live_contract(db):
    owner, t = landlord(), tenant()
    name, bid, rid, cid, bills = make_contract(db, owner.id, t.id, bills=2)
    d = t.ok("/query/userinfo")
    assert d["buildName"] == name
    assert d["contract"] == {
        "_id": cid, "roomId": rid, "houseName": "101房", "state": 1,
        "time": {"beginTime": "2024-01-31", "endTime": None},
        "roomConfig": {
            "houseType": 2,
            "houseConfig": {"bathroom": 1, "air_condition": 0, "geyser": 1,
                            "gas": 0, "broadband": 1},
            "houseCost": {"clear": 50, "rent": 1200.5, "net": 30,
                          "electricity": 1.2, "water": 5}},
        "Baseinfo": {"electric": 2000, "water": 100.5},
        "persons": 2, "tenantId": t.id, "landlordId": owner.id,
        "billId": bills[-1],
    }
    # the landlord is not the tenant of it
    d = owner.ok("/query/userinfo")
    assert d["contract"] is None and d["buildName"] is None


def test_userinfo_contract_without_bill(db):
    owner, t = landlord(), tenant()
    make_contract(db, owner.id, t.id)
    assert t.ok("/query/userinfo")["contract"]["billId"] is None


@pytest.mark.parametrize("state", [0, 2, 3])
def test_userinfo_ignores_contracts_not_live(db, state):
    owner, t = landlord(), tenant()
    make_contract(db, owner.id, t.id, state=state)
    d = t.ok("/query/userinfo")
    assert d["contract"] is None and d["buildName"] is None


# ---- /login/outlogin, the Authorization header ----------------------------------------------

def test_logout_revokes(qsz):
    c = tenant()
    other = Rental(token=c.ok("/login/auth",
                              {"code": wx_code(c.openid)})["token"])
    b = c.call("/login/outlogin")
    assert b["meta"]["status"] == 200 and b["data"] is None
    check(c.raw("/query/userinfo", {}), 401)
    check(c.raw("/login/outlogin", {}), 401)
    # on QSZ too (one sessions table); the person's other session lives
    assert qsz.call("/fetch_userinfo", token=c.token)["status"] != 0
    assert other.ok("/query/userinfo")["token"] == other.token


def test_logout_needs_a_token(anon):
    check(anon.raw("/login/outlogin", {}), 401)


@pytest.mark.parametrize("fmt", ["Bearer %s", "bearer %s", "Bearer  %s",
                                 "%s"])
def test_bearer_prefix_accepted(fmt):
    c = tenant()
    d = c.ok("/query/userinfo", token=fmt % c.token)
    assert d["token"] == c.token
    d = c.ok("/login/update/0", cert_body(), token=fmt % c.token)
    assert d["token"] == c.token


@pytest.mark.parametrize("value", ["Bearer", "Bearer ", "Basic %s",
                                   "Token %s", "%sx"])
def test_bad_authorization_refused(value):
    c = tenant()
    v = value % c.token if "%s" in value else value
    check(c.raw("/query/userinfo", {}, token=v), 401)
