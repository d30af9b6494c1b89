"""qsz.md section 2: /wx_fetch_userinfo by code, js_code and (insecure
switch only) openid, against the fake WeChat server."""

import re

import pytest

from conftest import USER_FIELDS, new_openid

TOKEN_RE = re.compile(r"[0-9a-f]{64}")


def calls_for(wechat, path, **match):
    return [c for c in wechat.calls() if c["path"] == path and
            all(c["query"].get(k) == v for k, v in match.items())]


def assert_user_object(ans, with_token):
    for f in USER_FIELDS:
        assert f in ans, "missing field " + f
    assert isinstance(ans["id"], int) and ans["id"] > 0
    assert ("token" in ans) == with_token


def test_login_by_code_with_userinfo(api, wechat):
    openid = new_openid()
    cfg = wechat.config()
    code = wechat.code(openid, nickname="阿花😀", sex=2, province="广东",
                       city="广州", country="中国",
                       headimgurl="https://thirdwx.qlogo.cn/mmopen/abc/132")
    ans = api.ok("/wx_fetch_userinfo", data={"code": code})
    assert_user_object(ans, with_token=True)
    assert TOKEN_RE.fullmatch(ans["token"]), ans["token"]
    assert ans["wx_openid"] == openid
    assert ans["wx_nickname"] == "阿花😀"
    assert ans["wx_sex"] == 2
    assert (ans["wx_province"], ans["wx_city"], ans["wx_country"]) == (
        "广东", "广州", "中国")
    assert ans["wx_headimgurl"] == "https://thirdwx.qlogo.cn/mmopen/abc/132"
    # a new user: nothing filled in yet
    for f in ("headimgurl", "birthday", "tel", "real_name",
              "idcardnumber", "account_number"):
        assert ans[f] is None, f
    assert ans["real_name_status"] == 0 and ans["landlord_status"] == 0
    # what the backend sent to WeChat
    tok = calls_for(wechat, "/sns/oauth2/access_token", code=code)
    assert len(tok) == 1
    q = tok[0]["query"]
    assert q["appid"] == cfg["appid"] and tok[0]["secret_ok"] is True
    assert q["grant_type"] == "authorization_code"
    info = calls_for(wechat, "/sns/userinfo", openid=openid)
    assert len(info) == 1 and info[0]["query"].get("access_token")


def test_login_by_js_code(api, wechat):
    openid = new_openid()
    code = wechat.code(openid, kind="mini", unionid="u" + openid)
    ans = api.ok("/wx_fetch_userinfo", data={"js_code": code})
    assert_user_object(ans, with_token=True)
    assert TOKEN_RE.fullmatch(ans["token"])
    assert ans["wx_openid"] == openid
    assert ans["wx_nickname"] is None
    assert "session_key" not in ans
    s = calls_for(wechat, "/sns/jscode2session", js_code=code)
    assert len(s) == 1 and s[0]["secret_ok"] is True
    assert s[0]["query"]["grant_type"] == "authorization_code"
    assert calls_for(wechat, "/sns/userinfo", openid=openid) == []


def test_unionid_is_kept(api, wechat, db):
    openid = new_openid()
    ans = api.ok("/wx_fetch_userinfo", data={
        "code": wechat.code(openid, unionid="U" + openid)})
    assert db.value("SELECT wx_unionid FROM users WHERE id = %d" %
                    ans["id"]) == "U" + openid


def test_same_openid_same_user(api, wechat):
    openid = new_openid()
    a = api.ok("/wx_fetch_userinfo", data={"code": wechat.code(openid)})
    b = api.ok("/wx_fetch_userinfo", data={"code": wechat.code(openid)})
    c = api.ok("/wx_fetch_userinfo",
               data={"js_code": wechat.code(openid, kind="mini")})
    assert a["id"] == b["id"] == c["id"]
    assert len({a["token"], b["token"], c["token"]}) == 3
    for t in (a["token"], b["token"], c["token"]):
        assert api.fetch(t)["id"] == a["id"]


def test_different_openids_different_users(api, wechat):
    a = api.ok("/wx_fetch_userinfo", data={"code": wechat.code(new_openid())})
    b = api.ok("/wx_fetch_userinfo", data={"code": wechat.code(new_openid())})
    assert a["id"] != b["id"]


@pytest.mark.parametrize("param,kind", [("code", "oauth"), ("js_code", "mini")])
def test_reused_code_is_refused(api, wechat, param, kind):
    code = wechat.code(new_openid(), kind=kind)
    api.ok("/wx_fetch_userinfo", data={param: code})
    body = api.call("/wx_fetch_userinfo", data={param: code})
    assert body["status"] == 9, body
    assert body["msg"].startswith("wechat:"), body
    assert "token" not in str(body["ans"])


@pytest.mark.parametrize("param", ["code", "js_code"])
def test_unknown_code_is_refused(api, param):
    body = api.call("/wx_fetch_userinfo", data={param: "0" * 32})
    assert body["status"] == 9 and body["msg"].startswith("wechat:"), body


@pytest.mark.parametrize("errcode", [-1, 40226, 45011])
def test_wechat_errors_are_status_9(api, wechat, errcode):
    code = wechat.code(new_openid(), kind="mini", errcode=errcode,
                       errmsg="scripted failure")
    body = api.call("/wx_fetch_userinfo", data={"js_code": code})
    assert body["status"] == 9 and body["msg"].startswith("wechat:"), body


def test_snsapi_base_scope_logs_in_without_userinfo(api, wechat):
    openid = new_openid()
    code = wechat.code(openid, scope="snsapi_base", nickname="not to be read")
    ans = api.ok("/wx_fetch_userinfo", data={"code": code})
    assert ans["wx_openid"] == openid
    assert ans["wx_nickname"] is None
    assert calls_for(wechat, "/sns/userinfo", openid=openid) == []
    assert api.fetch(ans["token"])["id"] == ans["id"]


def test_snapshot_user_is_refused(api, wechat, db):
    openid = new_openid()
    code = wechat.code(openid, is_snapshotuser=1)
    body = api.call("/wx_fetch_userinfo", data={"code": code})
    assert body["status"] == 9 and body["msg"].startswith("wechat:"), body
    assert db.value("SELECT COUNT(*) FROM users WHERE wx_openid = '%s'"
                    % openid) == "0"


def test_no_credential(api):
    body = api.call("/wx_fetch_userinfo")
    assert body["status"] == 2 and body["msg"].startswith("code:"), body


def test_empty_code(api):
    body = api.call("/wx_fetch_userinfo", data={"code": ""})
    assert body["status"] == 2 and body["msg"].startswith("code:"), body


def test_code_and_js_code_together(api, wechat):
    openid = new_openid()
    code = wechat.code(openid)
    js = wechat.code(openid, kind="mini")
    body = api.call("/wx_fetch_userinfo", data={"code": code, "js_code": js})
    assert body["status"] == 2, body
    # refused before WeChat was asked: both codes are still good
    api.ok("/wx_fetch_userinfo", data={"code": code})
    api.ok("/wx_fetch_userinfo", data={"js_code": js})


def test_openid_refused_without_the_insecure_switch(api, wechat, db):
    openid = new_openid()
    body = api.call("/wx_fetch_userinfo", data={"openid": openid})
    assert body["status"] == 2 and body["msg"].startswith("openid:"), body
    assert db.value("SELECT COUNT(*) FROM users WHERE wx_openid = '%s'"
                    % openid) == "0"
    body = api.call("/wx_fetch_userinfo",
                    data={"openid": openid, "code": wechat.code(openid)})
    assert body["status"] == 2, body


def test_openid_login_with_the_insecure_switch(insecure_api):
    openid = new_openid()
    a = insecure_api.ok("/wx_fetch_userinfo", data={"openid": openid})
    assert_user_object(a, with_token=True)
    assert TOKEN_RE.fullmatch(a["token"]) and a["wx_openid"] == openid
    b = insecure_api.ok("/wx_fetch_userinfo", params={"openid": openid})
    assert a["id"] == b["id"] and a["token"] != b["token"]
    assert insecure_api.fetch(a["token"])["wx_openid"] == openid


@pytest.mark.parametrize("other", ["code", "js_code"])
def test_openid_with_a_code_on_insecure_base(insecure_api, wechat, other):
    openid = new_openid()
    kind = "oauth" if other == "code" else "mini"
    body = insecure_api.call("/wx_fetch_userinfo", data={
        "openid": openid, other: wechat.code(openid, kind=kind)})
    assert body["status"] == 2, body


def test_code_login_on_insecure_base_still_works(insecure_api, wechat):
    openid = new_openid()
    ans = insecure_api.ok("/wx_fetch_userinfo",
                          data={"code": wechat.code(openid)})
    assert ans["wx_openid"] == openid


def test_js_code_is_url_encoded(api, wechat):
    """A code with characters that mean something in a query string must
    reach WeChat intact (or be refused as a parameter, never mangled)."""
    openid = new_openid()
    weird = 'a+b&c=d/e f"%g'
    code = wechat.code(openid, kind="mini", code=weird)
    body = api.call("/wx_fetch_userinfo", data={"js_code": code})
    if body["status"] == 2:
        assert body["msg"].startswith("js_code:"), body
        return
    assert body["status"] == 0, body
    assert body["ans"]["wx_openid"] == openid
    sent = [c for c in wechat.calls() if c["path"] == "/sns/jscode2session"
            and c["query"].get("js_code") == weird]
    assert len(sent) == 1


def test_secrets_never_in_the_service_log(api, wechat, service_log):
    secret = wechat.config()["secret"]
    openid = new_openid()
    a = api.ok("/wx_fetch_userinfo", data={"code": wechat.code(openid)})
    b = api.ok("/wx_fetch_userinfo",
               data={"js_code": wechat.code(openid, kind="mini")})
    api.call("/wx_fetch_userinfo", data={"code": "0" * 32})  # a failure too
    api.fetch(a["token"])
    log = service_log()
    assert secret not in log
    assert a["token"] not in log and b["token"] not in log
