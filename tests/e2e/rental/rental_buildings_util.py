"""People and buildings for the building and room tests (rental.md 3):
people log in through QSZ's WeChat login (the token works on rental: one
sessions table), landlords get the role through zufang-admin."""

import os
import subprocess

from conftest import Api, WeChat, need_env, new_openid
from rental_client import Rental, uniq

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
ADMIN = os.path.join(REPO, "build", "zufang-admin")


def admin_cli(*args):
    p = subprocess.run([ADMIN] + [str(a) for a in args], capture_output=True,
                       text=True, timeout=60)
    assert p.returncode == 0, (p.returncode, p.stdout, p.stderr)
    return p


def person():
    """A new person logged in (QSZ's official-account WeChat login): a
    rental client with .id."""
    openid = new_openid()
    code = WeChat(need_env("ZUFANG_TEST_WECHAT")).code(openid, kind="oauth")
    ans = Api(need_env("ZUFANG_TEST_BASE")).ok("/wx_fetch_userinfo",
                                               data={"code": code})
    c = Rental(token=ans["token"])
    c.id = ans["id"]
    return c


def landlord():
    c = person()
    admin_cli("user", "role", c.id, "add", "landlord")
    return c


FLAGS = ("bathroom", "air_condition", "geyser", "gas", "broadband")


def tpl(unit=1, clear=0, rent=100, **flags):
    t = {"unitType": unit, "clear": clear, "rent": rent}
    for f in FLAGS:
        t[f] = flags.get(f, 0)
    return t


def build_body(layer=5, count=10, templates=None, name=None, net=5,
               electricity=1.2, water=3.5, **extra):
    body = {"buildInfo": {"name": name or uniq("公寓"), "layer": layer,
                          "count": count, "net": net,
                          "electricity": electricity, "water": water},
            "houseType": templates if templates is not None else [tpl()]}
    body.update(extra)
    return body


def building(c, **kw):
    """A new building of landlord c; its object."""
    return c.ok("/build/add", build_body(**kw))


def rooms(c, bid):
    return c.ok("/build/allhouse", {"id": bid})


def room_named(c, bid, name):
    return next(r for r in rooms(c, bid) if r["houseName"] == name)


def live_contract(db, room, landlord_id, tenant_id, state=1):
    """A contract row of room (an object) made by SQL, as contr/visa
    leaves it (state 1 with the room rented); its id."""
    cost = room["houseCost"]

    def fen(y):
        return int(round(float(y) * 100))

    db.run("INSERT INTO contracts (room_id, building_id, landlord_id, "
           "tenant_id, state, begin_date, house_name, unit_type, bathroom, "
           "air_condition, geyser, gas, broadband, clear_fen, rent_fen, "
           "net_fen, electricity_fen, water_fen, base_electric, base_water) "
           "VALUES (%s, %s, %s, %s, %d, '2024-01-31', '%s', %d, 0, 0, 0, 0, "
           "0, %d, %d, %d, %d, %d, 0, 0)"
           % (room["_id"], room["buildId"], landlord_id, tenant_id, state,
              room["houseName"], room["houseType"], fen(cost["clear"]),
              fen(cost["rent"]), fen(cost["net"]), fen(cost["electricity"]),
              fen(cost["water"])))
    if state == 1:
        db.run("UPDATE rooms SET status = 2 WHERE id = %s" % room["_id"])
    return db.value("SELECT MAX(id) FROM contracts WHERE room_id = %s"
                    % room["_id"])
