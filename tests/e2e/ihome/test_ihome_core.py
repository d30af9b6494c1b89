"""ihome.md 1-2: the surface's envelope, 404/405, the trailing slash, the
csrf_token cookie and the CSRF refusal, and the shared session."""

import pytest
import requests

from ihome_client import CSRF_RE, IHome, check


@pytest.fixture
def ih(base):
    return IHome(base)


def test_unknown_path_is_404_nodata(ih):
    body = ih.call("GET", "no/such/route", http=404)
    assert body["errno"] == "4002"
    assert "data" not in body


def test_session_logged_out(ih):
    r = ih.raw("GET", "session")
    body = check(r)
    assert body == {"errno": "4101", "errmsg": "未登录"}


def test_trailing_slash_served(ih):
    assert ih.call("GET", "session/")["errno"] == "4101"
    # (nginx merges repeated slashes before the workers see the path.)
    assert ih.call("GET", "session/x", http=404)["errno"] == "4002"


def test_csrf_cookie_set_once(ih):
    r = ih.raw("GET", "session")
    cookie = r.headers["Set-Cookie"]
    name, _, rest = cookie.partition("=")
    value = rest.split(";")[0]
    assert name == "csrf_token" and CSRF_RE.match(value), cookie
    attrs = [a.strip().lower() for a in cookie.split(";")[1:]]
    assert "path=/" in attrs and "samesite=lax" in attrs, cookie
    assert "httponly" not in attrs, "the page's script reads it"
    again = ih.raw("GET", "session")
    assert "Set-Cookie" not in again.headers
    assert ih.s.cookies.get("csrf_token") == value


def test_malformed_csrf_cookie_replaced(base):
    r = requests.get(base + "/api/v1.0/session",
                     cookies={"csrf_token": "XYZ"}, timeout=30)
    assert CSRF_RE.match(r.cookies.get("csrf_token") or ""), r.headers


def test_cookie_on_refusals_too(base):
    r = requests.get(base + "/api/v1.0/nothing", timeout=30)
    assert r.status_code == 404
    assert CSRF_RE.match(r.cookies.get("csrf_token") or "")


def test_qsz_paths_set_no_csrf_cookie(base):
    r = requests.get(base + "/ping", timeout=30)
    assert "Set-Cookie" not in r.headers
    assert r.json()["status"] == 0


@pytest.mark.parametrize("method", ["PUT", "PATCH"])
def test_wrong_method_is_405_reqerr(ih, method):
    """The method is checked before CSRF: 405, errno 4201, Allow."""
    r = ih.raw(method, "session", csrf=False)
    body = check(r, http=405)
    assert body["errno"] == "4201"
    assert "GET" in r.headers["Allow"].split(", ")


def test_qsz_token_is_an_ihome_session(base, user):
    r = requests.get(base + "/api/v1.0/session",
                     cookies={"session": user.token}, timeout=30)
    body = check(r)
    assert body["errno"] == "0", body
    assert body["data"]["user_id"] == user.id
    assert isinstance(body["data"]["name"], str)


@pytest.mark.parametrize("cookie", ["", "x", "0" * 64, "a" * 200])
def test_bad_session_cookie_is_logged_out(base, cookie):
    r = requests.get(base + "/api/v1.0/session",
                     cookies={"session": cookie}, timeout=30)
    assert check(r)["errno"] == "4101"
