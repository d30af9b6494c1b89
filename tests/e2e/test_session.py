"""qsz.md section 2: tokens, /fetch_userinfo and /logout."""

import secrets

import pytest

from conftest import LOGIN_FIRST, USER_FIELDS, sha256_hex


def assert_login_first(body):
    assert body["status"] == 4, body
    assert body["msg"] == LOGIN_FIRST, body


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_fetch_userinfo_is_the_login_object_without_token(api, user, method):
    ans = api.ok("/fetch_userinfo", token=user.token, method=method)
    expected = dict(user.obj)
    del expected["token"]
    assert ans == expected
    for f in USER_FIELDS:
        assert f in ans


def test_missing_token(api):
    assert_login_first(api.call("/fetch_userinfo"))


@pytest.mark.parametrize("garbage", [
    "", "abc", "0" * 64, secrets.token_hex(32), secrets.token_hex(31),
    secrets.token_hex(33), "g" * 64, "' OR '1'='1", "令牌".encode(),
], ids=["empty", "short", "zeros", "random", "63", "66", "non-hex", "sql",
        "utf8"])
def test_garbage_token(api, garbage):
    assert_login_first(api.call("/fetch_userinfo", token=garbage))


def test_token_with_one_character_changed(api, user):
    t = user.token
    flipped = t[:-1] + ("0" if t[-1] != "0" else "1")
    assert_login_first(api.call("/fetch_userinfo", token=flipped))
    assert api.fetch(t)["id"] == user.id


def test_the_user_id_is_not_a_token(api, user):
    assert_login_first(api.call("/fetch_userinfo", token=str(user.id)))


def test_logout(api, user):
    body = api.call("/logout", token=user.token)
    assert body["status"] == 0 and body["ans"] == {}, body
    assert_login_first(api.call("/fetch_userinfo", token=user.token))
    assert_login_first(api.call("/logout", token=user.token))


def test_logout_keeps_the_other_sessions(api, make_user):
    a = make_user()
    b = make_user(openid=a.openid)
    assert a.id == b.id and a.token != b.token
    api.ok("/logout", token=a.token)
    assert_login_first(api.call("/fetch_userinfo", token=a.token))
    assert api.fetch(b.token)["id"] == a.id


def test_logout_needs_a_token(api):
    assert_login_first(api.call("/logout"))
    assert_login_first(api.call("/logout", token=secrets.token_hex(32)))


def test_logout_by_get(api, user):
    api.ok("/logout", token=user.token, method="GET")
    assert_login_first(api.call("/fetch_userinfo", token=user.token))


def test_expired_token(api, db, make_user):
    u, other = make_user(), make_user()
    db.run("UPDATE sessions SET expires_at = UTC_TIMESTAMP() - INTERVAL 1 "
           "SECOND WHERE user_id = %d" % u.id)
    assert_login_first(api.call("/fetch_userinfo", token=u.token))
    assert_login_first(api.call("/create_userinfo", token=u.token))
    assert api.fetch(other.token)["id"] == other.id
    # logging in again gives a fresh, working token
    again = make_user(openid=u.openid)
    assert again.id == u.id and api.fetch(again.token)["id"] == u.id


def test_token_lives_five_days(db, user):
    left = int(db.value(
        "SELECT TIMESTAMPDIFF(SECOND, UTC_TIMESTAMP(), MAX(expires_at)) "
        "FROM sessions WHERE user_id = %d" % user.id))
    assert 5 * 86400 - 300 <= left <= 5 * 86400 + 60, left


def test_tokens_are_stored_hashed(db, user):
    stored = [r[0] for r in db.rows(
        "SELECT HEX(token_hash) FROM sessions WHERE user_id = %d" % user.id)]
    assert stored == [sha256_hex(user.token)]
    assert user.token.upper() not in stored
    # the token text is nowhere in the table
    assert db.value("SELECT COUNT(*) FROM sessions WHERE "
                    "HEX(token_hash) = UPPER('%s')" % user.token) == "0"


def test_each_login_gives_a_new_token(make_user):
    a = make_user()
    tokens = {a.token} | {make_user(openid=a.openid).token for _ in range(3)}
    assert len(tokens) == 4


@pytest.mark.parametrize("route", ["/create_userinfo", "/user_identification",
                                   "/house_identification"])
def test_routes_need_login(api, route):
    assert_login_first(api.call(route))
    assert_login_first(api.call(route, token=secrets.token_hex(32)))
