"""The rental surface's frame (rental.md 1): its envelope, POST only,
CORS preflights, landlord routes checked before any parameter."""

import pytest

from rental_client import Rental, check


@pytest.fixture(scope="module")
def anon():
    return Rental()


def test_method_not_allowed(anon):
    r = anon.raw("/bill/getbill", method="GET")
    body = check(r, 405)
    assert body["data"] is None
    assert r.headers["Allow"] == "POST, OPTIONS"


def test_preflight(anon):
    r = anon.raw("/build/add", method="OPTIONS",
                 headers={"Origin": "https://servicewechat.com",
                          "Access-Control-Request-Method": "POST",
                          "Access-Control-Request-Headers": "authorization"})
    assert r.status_code == 204 and r.content == b""
    assert r.headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in r.headers["Access-Control-Allow-Methods"]
    assert "Authorization" in r.headers["Access-Control-Allow-Headers"]


def test_cors_on_answers(anon):
    r = anon.raw("/build/add", json={},
                 headers={"Origin": "https://servicewechat.com"})
    check(r, 401)
    assert r.headers["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize("path", ["/build/add", "/build/allbuild/1/10",
                                  "/build/house/0/1/10/9", "/contr/init"])
def test_landlord_routes_need_a_token(anon, path):
    body = check(anon.raw(path, json={}), 401)
    assert body["data"] is None
    body = check(anon.raw(path, json={}, token="f" * 64), 401)


def test_unknown_route(anon):
    check(anon.raw("/build/nothing", json={}), 404)


def test_refusals_name_the_parameter_in_chinese():
    from rental_people import landlord
    c = landlord()
    body = check(c.raw("/build/add", json={
        "buildInfo": {"name": "x", "layer": 61, "count": 10, "net": 1,
                      "electricity": 1, "water": 1},
        "houseType": [{"unitType": 1, "bathroom": 0, "air_condition": 0,
                       "geyser": 0, "gas": 0, "broadband": 0, "clear": 0,
                       "rent": 100}]}), 202)
    msg = body["meta"]["msg"]
    assert "buildInfo.layer：" in msg and "1 到 60" in msg, msg
    body = check(c.raw("/build/add", json={}), 202)
    assert "buildInfo：该字段是必填项。" in body["meta"]["msg"], body
