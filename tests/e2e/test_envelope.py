"""qsz.md section 1: the envelope, methods, routes, parameter sources,
duplicate parameters, invalid UTF-8 and body limits."""

import json
import urllib.parse

import pytest

from conftest import (VALID_PROFILE, check_envelope, new_openid, png,
                      raw_http)


def test_success_envelope(api, user):
    r = api.raw("/fetch_userinfo", token=user.token, method="GET")
    body = check_envelope(r)
    assert body["status"] == 0
    assert isinstance(body["ans"], dict)


def test_request_ids_differ(api, user):
    a = api.raw("/fetch_userinfo", token=user.token)
    b = api.raw("/fetch_userinfo", token=user.token)
    assert a.headers["X-Request-Id"] != b.headers["X-Request-Id"]


def test_error_answers_are_enveloped_too(api):
    body = api.call("/fetch_userinfo")
    assert body["status"] == 4


def test_get_and_post_give_the_same(api, user):
    g = api.ok("/fetch_userinfo", token=user.token, method="GET")
    p = api.ok("/fetch_userinfo", token=user.token, method="POST")
    assert g == p


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("route", ["/no_such_route", "/fetch_userinfo/x",
                                   "/house_createx"])
def test_unknown_route_is_404(api, method, route):
    body = check_envelope(api.raw(route, method=method), http=404)
    assert body["status"] == 6


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
@pytest.mark.parametrize("route", ["/fetch_userinfo", "/wx_fetch_userinfo",
                                   "/create_userinfo"])
def test_other_methods_are_405_with_allow(api, user, method, route):
    r = api.raw(route, token=user.token, method=method, data={"x": "1"})
    assert r.status_code == 405, (r.status_code, r.text[:300])
    allow = [m.strip().upper() for m in r.headers.get("Allow", "").split(",")]
    assert "GET" in allow and "POST" in allow, r.headers.get("Allow")


def test_head_is_allowed(api, user):
    r = api.raw("/fetch_userinfo", token=user.token, method="HEAD")
    assert r.status_code == 200
    assert r.headers.get("X-Request-Id")


# -- where parameters come from ----------------------------------------------------

@pytest.mark.parametrize("form", ["query", "urlencoded", "multipart", "json"])
def test_parameter_sources(api, wechat, form):
    openid = new_openid()
    code = wechat.code(openid)
    kw = {
        "query": {"params": {"code": code}},
        "urlencoded": {"data": {"code": code}},
        "multipart": {"files": {"code": (None, code)}},
        "json": {"json": {"code": code}},
    }[form]
    ans = api.ok("/wx_fetch_userinfo", **kw)
    assert ans["wx_openid"] == openid


def test_json_body_on_create_userinfo(api, profiled):
    u = profiled()
    ans = api.ok("/create_userinfo", token=u.token,
                 json=dict(VALID_PROFILE, nickname="JSON😀", sex=2, user_type=1))
    assert ans == {}
    got = api.fetch(u.token)
    assert got["nickname"] == "JSON😀" and got["sex"] == 2


@pytest.mark.parametrize("how", ["query", "urlencoded", "multipart",
                                 "query+body"])
def test_scalar_given_twice(api, wechat, how):
    a, b = wechat.code(new_openid()), wechat.code(new_openid())
    kw = {
        "query": {"params": [("code", a), ("code", b)]},
        "urlencoded": {"data": [("code", a), ("code", b)]},
        "multipart": {"files": [("code", (None, a)), ("code", (None, b))]},
        "query+body": {"params": {"code": a}, "data": {"code": b}},
    }[how]
    body = api.call("/wx_fetch_userinfo", **kw)
    assert body["status"] == 2, body
    assert body["msg"].startswith("code:"), body


def test_same_parameter_twice_on_a_form(api, profiled, refused):
    u = profiled()
    data = list(VALID_PROFILE.items()) + [("nickname", "another")]
    refused(u, "/create_userinfo", 2, "nickname", data=data)


@pytest.mark.parametrize("bad", [b"\xff\xfe", b"abc\xc0\xaf", b"\xed\xa0\x80",
                                 b"\xf4\x90\x80\x80", b"ab\xe4\xb8", b"a\x00b"],
                         ids=["ff-fe", "overlong", "surrogate", "past-10ffff",
                              "truncated", "nul"])
@pytest.mark.parametrize("form", ["urlencoded", "multipart", "query"])
def test_invalid_utf8_or_nul(api, profiled, refused, bad, form):
    u = profiled()
    fields = dict(VALID_PROFILE)
    del fields["nickname"]
    if form == "urlencoded":
        body = urllib.parse.urlencode(fields) + "&nickname=" + \
            urllib.parse.quote_from_bytes(bad)
        kw = {"data": body.encode(), "headers": {
            "Content-Type": "application/x-www-form-urlencoded"}}
    elif form == "multipart":
        kw = {"files": [(k, (None, v.encode())) for k, v in fields.items()] +
              [("nickname", (None, bad))]}
    else:
        kw = {"data": fields,
              "params": "nickname=" + urllib.parse.quote_from_bytes(bad)}
    body = refused(u, "/create_userinfo", 2, None, **kw)
    assert "nickname" in body["msg"], body


def test_invalid_utf8_in_json_body(api, profiled, refused):
    u = profiled()
    raw = json.dumps(dict(VALID_PROFILE, nickname="@@"),
                     ensure_ascii=False).encode().replace(b"@@", b"\xff\xfe")
    refused(u, "/create_userinfo", 2, None, data=raw,
            headers={"Content-Type": "application/json"})


@pytest.mark.parametrize("raw", [b"[1, 2]", b"\"code\"", b"{\"code\": ",
                                 b"{\"code\": [\"a\"]}", b"{\"code\": {\"a\": 1}}"],
                         ids=["array", "string", "truncated", "list-value",
                              "object-value"])
def test_json_body_must_be_an_object_of_scalars(api, raw):
    body = api.call("/wx_fetch_userinfo", data=raw,
                    headers={"Content-Type": "application/json"})
    assert body["status"] == 2, body


# -- body limits ----------------------------------------------------------------------

def test_body_over_nginx_limit_is_413(base, user):
    """41 MiB announced to an upload route: nginx answers 413 from the
    headers alone, with the envelope's status 10."""
    boundary = "zzBOUNDARYzz"
    status, hdrs, body = raw_http(base, "POST", "/create_userinfo", {
        "token": user.token,
        "Content-Type": "multipart/form-data; boundary=" + boundary,
        "Content-Length": str(41 * 1024 * 1024),
    }, body=b"--" + boundary.encode() + b"\r\n")
    assert status == 413, (status, body[:300])
    assert hdrs.get("content-type", "").startswith("application/json"), hdrs
    env = json.loads(body)
    assert env["status"] == 10, env


def test_big_but_allowed_body_reaches_the_worker(api, profiled, refused):
    """A 12 MiB portrait is under nginx's limit, so the worker refuses it
    with status 10 (and HTTP 200), leaving nothing behind."""
    u = profiled()
    big = png((9, 9, 9))[:33] + b"\x00" * (12 * 1024 * 1024)
    refused(u, "/create_userinfo", 10, "portrait", data=VALID_PROFILE,
            files={"portrait": ("big.png", big, "image/png")})
    # the user can still upload a normal portrait afterwards
    api.ok("/create_userinfo", token=u.token, data=VALID_PROFILE,
           files={"portrait": ("ok.png", png(), "image/png")})


# -- JSON types ------------------------------------------------------------------------

@pytest.mark.parametrize("value", [True, False], ids=["true", "false"])
def test_json_boolean_is_not_an_integer(api, db, user, value):
    count = "SELECT COUNT(*) FROM houses WHERE user_id = %d" % user.id
    before = db.value(count)
    body = api.call("/house_create", token=user.token,
                    json={"house_rent": value, "description_title": "布尔"})
    assert body["status"] == 2, body
    assert body["msg"] == "house_rent: must be a number, not a boolean", body
    assert db.value(count) == before


def test_json_boolean_is_not_text(api, profiled, refused):
    u = profiled()
    body = refused(u, "/create_userinfo", 2, "nickname",
                   json=dict(VALID_PROFILE, nickname=True))
    assert body["msg"] == "nickname: must be a string, not a boolean", body


def test_json_numbers_and_numeric_strings_are_integers(api, db, user):
    for rent in (1500, "1500"):
        hid = api.ok("/house_create", token=user.token,
                     json={"house_rent": rent})["house_id"]
        assert db.value("SELECT house_rent FROM houses WHERE id = %d"
                        % hid) == "1500"


def test_json_boolean_for_a_boolean(api, profiled):
    u = profiled()
    api.ok("/create_userinfo", token=u.token,
           json=dict(VALID_PROFILE, virtual_tel_flag=False))
    assert api.fetch(u.token)["virtual_tel_flag"] in (0, "0", False)


# -- every failure in one answer -----------------------------------------------------

def test_every_missing_parameter_named_at_once(api, user, refused):
    body = refused(user, "/create_userinfo", 2, "nickname", data={})
    assert body["msg"] == "; ".join(
        "%s: required" % p for p in (
            "nickname", "sex", "user_type", "addressProvince",
            "addressCity", "birthday", "constellations", "education",
            "occupation")), body


def test_missing_and_invalid_parameters_named_together(api, profiled,
                                                       refused):
    u = profiled()
    data = dict(VALID_PROFILE, sex="5", education="幼儿园", tel="12")
    del data["nickname"]
    body = refused(u, "/create_userinfo", 2, "nickname", data=data)
    parts = body["msg"].split("; ")
    assert [p.split(":")[0] for p in parts] == [
        "nickname", "sex", "education", "tel"], body
    assert parts[0] == "nickname: required"


# -- the service log -----------------------------------------------------------------

def test_unknown_route_logged_with_its_path(api, service_log):
    r = api.raw("/no/such\x01route", method="GET",
                params={"tel": "13812345678"})
    assert r.status_code == 404
    rid = r.headers["X-Request-Id"]
    lines = [l for l in service_log().splitlines() if rid in l]
    assert any("GET /no/such?route -> 404" in l for l in lines), lines
    assert "13812345678" not in service_log()
