"""People for the rental tests, made through the real mini-program login
(/login/auth with the fake WeChat's mini code) and certification
(/login/update/{cert}): tenant() a logged-in person, landlord() a
certified landlord.  Each is a Rental client with .id (the user id as a
string), .token, .openid and .data (the last answer about them)."""

from conftest import WeChat, idcard, need_env, new_openid
from rental_client import Rental

# A location that passes: [province, city, county] as names and as codes.
LOCATION_NAMES = ["四川省", "成都市", "武侯区"]
LOCATION_CODES = [510000, 510100, 510107]


def wx_code(openid):
    return WeChat(need_env("ZUFANG_TEST_WECHAT")).code(openid, kind="mini")


def tenant(openid=None, **wxinfo):
    """A person logged in with a wx.login code (wxinfo as given)."""
    openid = openid or new_openid()
    c = Rental()
    data = c.ok("/login/auth", {"code": wx_code(openid), "wxinfo": wxinfo})
    c.token = data["token"]
    c.id = data["userid"]
    c.openid = openid
    c.data = data
    return c


def new_idcard(birth="19900517"):
    """A valid resident ID number, different on every call."""
    import os
    seq = "%03d" % (int.from_bytes(os.urandom(2), "big") % 1000)
    return idcard("510107" + birth + seq)


def cert_body(**over):
    """A certification body that passes; over replaces fields."""
    body = {
        "name": "张三",
        "phone": "13800138000",
        "idcard": new_idcard(),
        "location": list(LOCATION_NAMES),
        "village": "桂溪街道",
        "wxnumber": "zhangsan_wx",
    }
    body.update(over)
    return body


def certify(c, cert=0, **over):
    """Send c's certification update; returns the answer's data."""
    body = cert_body(**over)
    c.data = c.ok("/login/update/%d" % cert, body)
    c.cert = body
    return c.data


def landlord(openid=None, **over):
    """A certified landlord (/login/update/1)."""
    c = tenant(openid, nickName="房东")
    data = certify(c, 1, **over)
    assert data["role"] == 1, data
    return c
