"""The fake WeChat server itself (tests/fakes/wechat.py): started here on a
free port, so these run without the stack."""

import base64
import json
import os
import subprocess
import sys
import urllib.parse

import pytest
import requests

FAKE = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                    "fakes", "wechat.py")
APPID = "wx0123456789abcdef"
SECRET = "s3cr3t-0123456789abcdef0123456789"


@pytest.fixture(scope="module")
def fake(tmp_path_factory):
    d = tmp_path_factory.mktemp("wechat")
    sf = d / "secret"
    sf.write_text(SECRET + "\nignored second line\n")
    p = subprocess.Popen([sys.executable, FAKE, "--port", "0", "--appid", APPID,
                          "--secret-file", str(sf)],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         text=True)
    try:
        line = p.stdout.readline()
        assert line.startswith("wechat fake listening on "), (
            line, p.stderr.read() if p.poll() is not None else "")
        port = int(line.split()[-1])
        yield "http://127.0.0.1:%d" % port
    finally:
        p.terminate()
        p.wait(timeout=10)


@pytest.fixture
def wx(fake):
    requests.post(fake + "/__fake__/reset", timeout=5).raise_for_status()

    class Wx:
        base = fake

        def code(self, openid="oFAKE0000000000000000000001", **kw):
            kw.setdefault("kind", "oauth")
            r = requests.post(fake + "/__fake__/code",
                              json=dict(kw, openid=openid), timeout=5)
            assert r.status_code == 200, r.text
            return r.json()["code"]

        def get(self, path, **q):
            r = requests.get(fake + path, params=q, timeout=5)
            assert r.status_code == 200
            # WeChat says text/plain without a charset; the bytes are UTF-8
            assert r.headers["Content-Type"] == "text/plain"
            return json.loads(r.content.decode("utf-8"))

        def token(self, code, appid=APPID, secret=SECRET):
            return self.get("/sns/oauth2/access_token", appid=appid,
                            secret=secret, code=code,
                            grant_type="authorization_code")

        def session(self, js_code, appid=APPID, secret=SECRET):
            return self.get("/sns/jscode2session", appid=appid,
                            secret=secret, js_code=js_code,
                            grant_type="authorization_code")

        def calls(self):
            return requests.get(fake + "/__fake__/calls", timeout=5).json()

    return Wx()


def test_oauth_code_then_userinfo(wx):
    code = wx.code(unionid="uABC", nickname="阿花😀", sex=2, province="广东",
                   city="广州", country="中国",
                   headimgurl="https://thirdwx.qlogo.cn/x/132")
    t = wx.token(code)
    assert "errcode" not in t
    assert t["openid"] == "oFAKE0000000000000000000001"
    assert t["expires_in"] == 7200 and t["scope"] == "snsapi_userinfo"
    assert t["access_token"] and t["refresh_token"] and t["unionid"] == "uABC"
    assert "is_snapshotuser" not in t
    u = wx.get("/sns/userinfo", access_token=t["access_token"],
               openid=t["openid"], lang="zh_CN")
    assert u == {"openid": t["openid"], "nickname": "阿花😀", "sex": 2,
                 "province": "广东", "city": "广州", "country": "中国",
                 "headimgurl": "https://thirdwx.qlogo.cn/x/132",
                 "privilege": [], "unionid": "uABC"}


def test_no_unionid_unless_set(wx):
    t = wx.token(wx.code())
    assert "unionid" not in t
    u = wx.get("/sns/userinfo", access_token=t["access_token"],
               openid=t["openid"])
    assert "unionid" not in u and isinstance(u["sex"], int)


def test_code_is_single_use(wx):
    code = wx.code()
    assert "access_token" in wx.token(code)
    e = wx.token(code)
    assert e["errcode"] == 40029 and e["errmsg"].startswith("invalid code, rid: ")


def test_unknown_and_expired_codes(wx):
    assert wx.token("nosuchcode")["errcode"] == 40029
    assert wx.token(wx.code(ttl=0))["errcode"] == 40029
    assert wx.session(wx.code(kind="mini", ttl=-1))["errcode"] == 40029


def test_wrong_appid_and_secret(wx):
    code = wx.code()
    e = wx.token(code, appid="wxnotours")
    assert e["errcode"] == 40013 and e["errmsg"].startswith("invalid appid, rid: ")
    assert wx.token(code, secret="wrong")["errcode"] == 40125
    assert wx.session(code, appid="wxnotours")["errcode"] == 40013
    assert wx.session(code, secret="wrong")["errcode"] == 40125
    # the code survived the refused attempts
    assert "access_token" in wx.token(code)


def test_grant_type_checked(wx):
    e = wx.get("/sns/oauth2/access_token", appid=APPID, secret=SECRET,
               code=wx.code(), grant_type="client_credential")
    assert e["errcode"] == 40002


def test_base_scope_token_cannot_read_userinfo(wx):
    t = wx.token(wx.code(scope="snsapi_base"))
    assert t["scope"] == "snsapi_base"
    e = wx.get("/sns/userinfo", access_token=t["access_token"],
               openid=t["openid"])
    assert e["errcode"] == 48001 and e["errmsg"].startswith("api unauthorized")


def test_unknown_access_token(wx):
    e = wx.get("/sns/userinfo", access_token="nope", openid="x")
    assert e["errcode"] == 40001


def test_snapshot_user_flag(wx):
    t = wx.token(wx.code(is_snapshotuser=1))
    assert t["is_snapshotuser"] == 1


def test_jscode2session(wx):
    s = wx.session(wx.code(kind="mini", openid="oMINI1", unionid="uM"))
    assert "errcode" not in s
    assert s["openid"] == "oMINI1" and s["unionid"] == "uM"
    assert len(base64.b64decode(s["session_key"], validate=True)) == 16
    s = wx.session(wx.code(kind="mini", openid="oMINI2"))
    assert set(s) == {"openid", "session_key"}


def test_codes_do_not_cross_kinds(wx):
    assert wx.session(wx.code(kind="oauth"))["errcode"] == 40029
    assert wx.token(wx.code(kind="mini"))["errcode"] == 40029


def test_scripted_error(wx):
    e = wx.session(wx.code(kind="mini", errcode=-1, errmsg="system error"))
    assert e["errcode"] == -1 and e["errmsg"].startswith("system error, rid: ")


def test_chosen_code_text_needs_url_encoding(wx):
    code = wx.code(kind="mini", code='a+b&c="d" e')
    raw = ("/sns/jscode2session?appid=%s&secret=%s&js_code=%s"
           "&grant_type=authorization_code" % (APPID, SECRET, 'a+b&c="d" e'))
    r = requests.get(wx.base + raw, timeout=5)
    assert r.json()["errcode"] == 40029  # mangled by the missing encoding
    assert "openid" in wx.session(code)  # requests encodes it


def test_calls_hide_the_secret(wx):
    wx.token(wx.code())
    wx.session("x", secret="wrong-but-maybe-real")
    calls = wx.calls()
    assert [c["path"] for c in calls] == ["/sns/oauth2/access_token",
                                          "/sns/jscode2session"]
    assert calls[0]["secret_ok"] is True and calls[1]["secret_ok"] is False
    for c in calls:
        assert c["query"]["secret"] == "***"
        assert "secret=***" in c["url"]
        assert SECRET not in str(c) and "wrong-but-maybe-real" not in str(c)
        assert urllib.parse.parse_qs(urllib.parse.urlsplit(c["url"]).query)["appid"] == [APPID]


def test_reset_forgets_everything(wx):
    code = wx.code()
    wx.token("x")
    requests.post(wx.base + "/__fake__/reset", timeout=5).raise_for_status()
    assert wx.calls() == []
    assert wx.token(code)["errcode"] == 40029


def test_bad_control_requests(wx):
    r = requests.post(wx.base + "/__fake__/code", json={"kind": "x"}, timeout=5)
    assert r.status_code == 400
    r = requests.post(wx.base + "/__fake__/code",
                      json={"kind": "oauth", "openid": "o", "scope": "snsapi_login"},
                      timeout=5)
    assert r.status_code == 400
    r = requests.get(wx.base + "/__fake__/config", timeout=5)
    assert r.json() == {"appid": APPID, "secret": SECRET}


def test_unknown_path_is_404(wx):
    r = requests.get(wx.base + "/cgi-bin/nothing", timeout=5)
    assert r.status_code == 404


def test_parallel_requests(wx):
    import concurrent.futures
    codes = [wx.code(openid="oP%d" % i) for i in range(20)]
    with concurrent.futures.ThreadPoolExecutor(8) as ex:
        res = list(ex.map(wx.token, codes))
    assert sorted(t["openid"] for t in res) == sorted("oP%d" % i for i in range(20))
