"""Every validation rule of /create_userinfo, /user_identification and
/house_identification with a refused example: status 2 (or 7/10 where the
contract says so), msg "<param>: ...", and nothing changed."""

import datetime

import pytest

from conftest import (CONSTELLATIONS, EDUCATIONS, INVALID_ID, VALID_ID,
                      VALID_PROFILE, idcard, png, today_utc)

FUTURE = (today_utc() + datetime.timedelta(days=2)).isoformat()

# (parameter, refused value, why)
PROFILE_BAD = [
    ("nickname", "", "empty"),
    ("nickname", "x" * 31, "31 chars"),
    ("nickname", "😀" * 31, "31 emoji"),
    ("sex", "3", "not 0-2"),
    ("sex", "-1", "negative"),
    ("sex", "男", "text"),
    ("sex", "1.0", "decimal"),
    ("sex", "", "empty"),
    ("user_type", "0", "not 1-3"),
    ("user_type", "4", "not 1-3"),
    ("user_type", "landlord", "text"),
    ("addressProvince", "", "empty"),
    ("addressProvince", "省" * 65, "65 chars"),
    ("addressCity", "", "empty"),
    ("addressCity", "市" * 65, "65 chars"),
    ("birthday", "1990-02-30", "no such day"),
    ("birthday", "1990-13-01", "no such month"),
    ("birthday", "1990/05/17", "slashes"),
    ("birthday", "17-05-1990", "day first"),
    ("birthday", "19900517", "no dashes"),
    ("birthday", "1990-05-17T00:00:00", "a time"),
    ("birthday", FUTURE, "in the future"),
    ("birthday", "", "empty"),
    ("constellations", "呵呵", "the old doc's example"),
    ("constellations", "Aries", "english"),
    ("constellations", "金牛", "short form"),
    ("education", "小学", "the old doc's example"),
    ("education", "bachelor", "english"),
    ("education", "", "empty"),
    ("occupation", "", "empty"),
    ("occupation", "职" * 31, "31 chars"),
    ("self_description", "字" * 1001, "1001 chars"),
    ("account_name", "张", "1 char"),
    ("account_name", "张" * 31, "31 chars"),
    ("account_number", "123", "3 chars"),
    ("account_number", "1" * 65, "65 chars"),
    ("account_number", "6222 0212 3456", "spaces"),
    ("account_number", "卡号12345", "not ascii"),
    ("account_number", "a;DROP TABLE", "punctuation"),
    ("account_idcardnumber", INVALID_ID, "check digit"),
    ("account_idcardnumber", "11010519491231", "14 chars"),
    ("tel", "12812345678", "12x prefix"),
    ("tel", "1381234567", "10 digits"),
    ("tel", "138123456789", "12 digits"),
    ("tel", "+8613812345678", "country code"),
    ("tel", "1381234567a", "letter"),
    ("tel", "02812345678", "landline"),
    ("virtual_tel", "4001234567-1234567", "7-digit extension"),
    ("virtual_tel", "400123456", "6 digits after 400"),
    ("virtual_tel", "40012345678", "8 digits after 400"),
    ("virtual_tel", "8001234567", "800"),
    ("virtual_tel", "400-123-4567", "dashes"),
    ("virtual_tel", "4001234567-", "empty extension"),
    ("virtual_tel_flag", "2", "not 0/1"),
    ("virtual_tel_flag", "yes", "text"),
    ("wechat", "1abcdef", "starts with a digit"),
    ("wechat", "abcde", "5 chars"),
    ("wechat", "a" * 21, "21 chars"),
    ("wechat", "abc def", "space"),
    ("wechat", "abc.def", "dot"),
    ("wechat", "微信abcdef", "not ascii"),
    ("qq", "1234", "4 digits"),
    ("qq", "0123456", "leading 0"),
    ("qq", "1234567890123", "13 digits"),
    ("qq", "12345a", "letter"),
]

# (parameter, accepted value) at the edges of the rules
PROFILE_GOOD = [
    ("nickname", "😀" * 30),
    ("nickname", "x"),
    ("sex", "0"), ("sex", "2"),
    ("user_type", "1"),
    ("addressProvince", "省" * 64),
    ("addressCity", "c"),
    ("birthday", "2000-02-29"),
    ("birthday", "1990-01-01"),
    ("occupation", "职" * 30),
    ("self_description", "字" * 1000),
    ("self_description", "第一行\n第二行"),
    ("account_name", "张三"),
    ("account_name", "名" * 30),
    ("account_number", "1234"),
    ("account_number", "9" * 64),
    ("account_number", "a.b_c+d-e@example.com"),
    ("account_idcardnumber", VALID_ID),
    ("tel", "13000000000"), ("tel", "19999999999"),
    ("virtual_tel", "4001234567"),
    ("virtual_tel", "4001234567-1"),
    ("virtual_tel", "4001234567-123456"),
    ("virtual_tel_flag", "0"),
    ("wechat", "abcdef"),
    ("wechat", "a" + "_-9" * 6 + "z"),
    ("qq", "10000"), ("qq", "999999999999"),
]

PROFILE_REQUIRED = ["nickname", "sex", "user_type", "addressProvince",
                    "addressCity", "birthday", "constellations", "education",
                    "occupation"]


@pytest.mark.parametrize("param,value,why", PROFILE_BAD,
                         ids=["%s-%s" % (p, w) for p, _, w in PROFILE_BAD])
def test_profile_refused(profiled, refused, param, value, why):
    u = profiled()  # a landlord, so virtual_tel is allowed
    refused(u, "/create_userinfo", 2, param,
            data=dict(VALID_PROFILE, **{param: value}))


@pytest.mark.parametrize("param", PROFILE_REQUIRED)
def test_profile_required(profiled, refused, param):
    u = profiled()
    data = dict(VALID_PROFILE)
    del data[param]
    refused(u, "/create_userinfo", 2, param, data=data)


@pytest.mark.parametrize("param,value", PROFILE_GOOD,
                         ids=["%s-%d" % (p, i) for i, (p, _) in
                              enumerate(PROFILE_GOOD)])
def test_profile_edges_accepted(api, profiled, param, value):
    u = profiled()
    api.ok("/create_userinfo", token=u.token,
           data=dict(VALID_PROFILE, **{param: value}))
    got = api.fetch(u.token)
    shown = {"sex": int, "user_type": int, "virtual_tel_flag": int}
    if param == "account_number":
        # all but the last 4 masked; a 4-character number may be masked whole
        assert got[param] in ("*" * (len(value) - 4) + value[-4:],
                              "*" * len(value)), got[param]
    elif param == "account_idcardnumber":
        assert got[param] == value[:4] + "*" * 10 + value[-4:]
    else:
        assert got[param] == shown.get(param, str)(value), got[param]


def test_every_constellation_and_education(api, profiled):
    u = profiled()
    for c in CONSTELLATIONS:
        api.ok("/create_userinfo", token=u.token,
               data=dict(VALID_PROFILE, constellations=c))
        assert api.fetch(u.token)["constellations"] == c
    for e in EDUCATIONS:
        api.ok("/create_userinfo", token=u.token,
               data=dict(VALID_PROFILE, education=e))
        assert api.fetch(u.token)["education"] == e


def test_today_is_not_in_the_future(api, profiled):
    """Yesterday is always accepted, whatever the server's time zone."""
    u = profiled()
    y = (today_utc() - datetime.timedelta(days=1)).isoformat()
    api.ok("/create_userinfo", token=u.token,
           data=dict(VALID_PROFILE, birthday=y))
    assert api.fetch(u.token)["birthday"] == y


# -- /user_identification -----------------------------------------------------------------

def id_files(files):
    return {"portrait": ("p.png", png(), "image/png"),
            "idcardfront": ("f.jpg", files["jpg"], "image/jpeg"),
            "idcardback": ("b.pdf", files["pdf"], "application/pdf")}


ID_OK = {"realname": "李小龙", "idcardnumber": VALID_ID}

ID_BAD = [
    ("realname", "李", "1 char"),
    ("realname", "李" * 31, "31 chars"),
    ("realname", "", "empty"),
    ("idcardnumber", INVALID_ID, "check digit"),
    ("idcardnumber", VALID_ID[:17], "17 chars"),
    ("idcardnumber", VALID_ID + "1", "19 chars"),
    ("idcardnumber", "A" + VALID_ID[1:], "letter"),
    ("idcardnumber", idcard("11010519490230001"), "30 February"),
    ("idcardnumber", "", "empty"),
]


@pytest.mark.parametrize("param,value,why", ID_BAD,
                         ids=["%s-%s" % (p, w) for p, _, w in ID_BAD])
def test_identification_refused(user, refused, files, param, value, why):
    refused(user, "/user_identification", 2, param,
            data=dict(ID_OK, **{param: value}), files=id_files(files))


@pytest.mark.parametrize("param", ["realname", "idcardnumber", "portrait",
                                   "idcardfront", "idcardback"])
def test_identification_required(user, refused, files, param):
    data, f = dict(ID_OK), id_files(files)
    data.pop(param, None)
    f.pop(param, None)
    refused(user, "/user_identification", 2, param, data=data, files=f)


@pytest.mark.parametrize("param,kind", [
    ("portrait", "pdf"), ("portrait", "txt"), ("portrait", "big"),
    ("idcardfront", "txt"), ("idcardfront", "webp"),
    ("idcardback", "txt"), ("idcardback", "webp"),
])
def test_identification_upload_refused(user, refused, files, param, kind):
    f = id_files(files)
    data = files.get(kind) or (png()[:33] + b"\x00" * (10 * 1024 * 1024 + 1024))
    f[param] = ("x.jpg", data, "image/jpeg")
    refused(user, "/user_identification", 10, param, data=ID_OK, files=f)


# -- /house_identification ------------------------------------------------------------------

def house_ok(n):
    return {"certname": "王大锤", "idcardnumber": VALID_ID,
            "property_cert_number": "京(2024)朝阳区不动产权第%07d号" % n,
            "house_type": "1"}


def house_files(files):
    return {"property_cert_photo": ("c.pdf", files["pdf"], "application/pdf")}


HOUSE_BAD = [
    ("certname", "王", "1 char"),
    ("certname", "王" * 31, "31 chars"),
    ("certname", "", "empty"),
    ("idcardnumber", INVALID_ID, "check digit"),
    ("idcardnumber", "123456", "short"),
    ("property_cert_number", "", "empty"),
    ("property_cert_number", "号" * 65, "65 chars"),
    ("house_type", "3", "not 1-2"),
    ("house_type", "0", "not 1-2"),
    ("house_type", "own", "text"),
]


@pytest.mark.parametrize("param,value,why", HOUSE_BAD,
                         ids=["%s-%s" % (p, w) for p, _, w in HOUSE_BAD])
def test_house_refused(user, refused, files, param, value, why):
    data = dict(house_ok(user.id), **{param: value})
    refused(user, "/house_identification", 2, param, data=data,
            files=house_files(files))


@pytest.mark.parametrize("param", ["certname", "idcardnumber",
                                   "property_cert_number",
                                   "property_cert_photo"])
def test_house_required(user, refused, files, param):
    data, f = house_ok(user.id), house_files(files)
    data.pop(param, None)
    f.pop(param, None)
    refused(user, "/house_identification", 2, param, data=data, files=f)


def test_lease_required_when_subletting(user, refused, files):
    body = refused(user, "/house_identification", 2,
                   "lease_agreement_photo_url",
                   data=dict(house_ok(user.id), house_type="2"),
                   files=house_files(files))
    assert body["msg"].startswith("lease_agreement_photo_url: required"), body


@pytest.mark.parametrize("param,kind", [
    ("property_cert_photo", "txt"), ("property_cert_photo", "webp"),
    ("lease_agreement_photo_url", "txt"),
    ("lease_agreement_photo_url", "webp"),
])
def test_house_upload_refused(user, refused, files, param, kind):
    f = dict(house_files(files), lease_agreement_photo_url=(
        "l.png", png(), "image/png"))
    f[param] = ("x.pdf", files[kind], "application/pdf")
    refused(user, "/house_identification", 10, param,
            data=dict(house_ok(user.id), house_type="2"), files=f)
