"""People, buildings and rooms for the contract and bill tests, made
without the accounts and building routes (written in parallel): people
through QSZ's WeChat login (the same sessions table), landlords with
zufang-admin, buildings and rooms by SQL.  Money in fen, readings in
tenths, as stored."""

import datetime
import os
import subprocess

from conftest import Api, WeChat, need_env, new_openid
from rental_client import Rental, check

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
ADMIN = os.path.join(REPO, "build", "zufang-admin")

# The worked example of rental.md 5: rent 1,200.00, clear 50.00, net
# 30.00, water 5.00 a m3, electricity 1.20 a kWh.
COSTS = {"clear": 5000, "rent": 120000, "net": 3000, "electricity": 120,
         "water": 500}
CONFIG = {"bathroom": 1, "air_condition": 1, "geyser": 0, "gas": 1,
          "broadband": 0}
FLAGS = ("bathroom", "air_condition", "geyser", "gas", "broadband")
COST_KEYS = ("clear", "rent", "net", "electricity", "water")


def person():
    """A new person logged in through QSZ's WeChat login: a Rental
    client with .id."""
    openid = new_openid()
    code = WeChat(need_env("ZUFANG_TEST_WECHAT")).code(openid, kind="oauth")
    ans = Api(need_env("ZUFANG_TEST_BASE")).ok("/wx_fetch_userinfo",
                                               data={"code": code})
    c = Rental(token=ans["token"])
    c.id = int(ans["id"])
    return c


def landlord():
    c = person()
    p = subprocess.run([ADMIN, "user", "role", str(c.id), "add", "landlord"],
                       capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, (p.stdout, p.stderr)
    return c


def yuan(fen):
    """fen as the API shows yuan: an int when whole, else a float with at
    most two decimals (what json gives for 12.5 or 1460.58)."""
    return fen // 100 if fen % 100 == 0 else round(fen / 100, 2)


def tenths(t):
    return t // 10 if t % 10 == 0 else round(t / 10, 1)


def china_today():
    return (datetime.datetime.now(datetime.timezone.utc) +
            datetime.timedelta(hours=8)).date()


def day(n=0):
    return (china_today() + datetime.timedelta(days=n)).isoformat()


def add_months(d, k):
    """Calendar months from d, the day clamped (the test's own
    arithmetic)."""
    m = d.month - 1 + k
    y, m = d.year + m // 12, m % 12 + 1
    last = [31, 29 if (y % 4 == 0 and y % 100 != 0) or y % 400 == 0 else 28,
            31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
    return datetime.date(y, m, min(d.day, last))


def sql_str(s):
    return "'" + s.replace("\\", "\\\\").replace("'", "''") + "'"


class Building:
    """A building of landlord owner with n rooms (status 0), by SQL."""

    def __init__(self, db, owner, n=2, costs=None, config=None, unit_type=2):
        self.db, self.owner = db, owner
        self.name = "楼" + os.urandom(4).hex()
        costs = dict(COSTS, **(costs or {}))
        db.run("INSERT INTO buildings (landlord_id, name, layers, per_floor, "
               "net_fen, electricity_fen, water_fen, templates, room_count) "
               "VALUES (%d, %s, 1, %d, %d, %d, %d, '[]', %d)"
               % (owner.id, sql_str(self.name), n, costs["net"],
                  costs["electricity"], costs["water"], n))
        self.id = int(db.value("SELECT id FROM buildings WHERE landlord_id = "
                               "%d AND name = %s" % (owner.id,
                                                     sql_str(self.name))))
        self.rooms = [self.add_room("1%02d房" % (i + 1), costs, config,
                                    unit_type) for i in range(n)]

    def add_room(self, name, costs=None, config=None, unit_type=2):
        costs = dict(COSTS, **(costs or {}))
        config = dict(CONFIG, **(config or {}))
        self.db.run(
            "INSERT INTO rooms (building_id, landlord_id, name, unit_type, "
            "status, bathroom, air_condition, geyser, gas, broadband, "
            "clear_fen, rent_fen, net_fen, electricity_fen, water_fen) VALUES "
            "(%d, %d, %s, %d, 0, %s, %s)"
            % (self.id, self.owner.id, sql_str(name), unit_type,
               ", ".join(str(config[k]) for k in FLAGS),
               ", ".join(str(costs[k]) for k in COST_KEYS)))
        rid = int(self.db.value("SELECT id FROM rooms WHERE building_id = %d "
                                "AND name = %s" % (self.id, sql_str(name))))
        return {"id": rid, "name": name, "type": unit_type, "costs": costs,
                "config": config}


def init_body(room, owner=None, begin=None, electric=2000, water=100,
              **over):
    """A /contr/init body for room (as Building made it) with the client's
    copies equal to the stored room; readings in units."""
    body = {
        "roomId": str(room["id"]),
        "beginTime": begin or day(0),
        "houseName": room["name"],
        "houseType": room["type"],
        "houseConfig": dict(room["config"]),
        "houseCost": {k: yuan(v) for k, v in room["costs"].items()},
        "Baseinfo": {"electric": electric, "water": water},
    }
    if owner is not None:
        body["landlordId"] = str(owner.id)
    body.update(over)
    return body


def init(owner, room, **kw):
    """A new waiting contract of room: its id (int)."""
    data = owner.ok("/contr/init", init_body(room, owner, **kw))
    assert set(data) == {"id"} and isinstance(data["id"], str), data
    return int(data["id"])


def sign(tenant, cid, persons=2, **kw):
    body = dict({"id": str(cid), "persons": persons}, **kw)
    r = check(tenant.raw("/contr/visa", json=body), 200)
    assert r["data"] is None and r["meta"]["msg"] == "合同签订成功", r
    return r


def bills_of(db, cid):
    """(id, period, status, before, merged, water_init, electric_init,
    start, end) of contract cid's bills by period, as ints/strings."""
    rows = db.rows("SELECT id, period, status, before_cost_fen, merged, "
                   "water_init, electric_init, start_date, end_date "
                   "FROM bills WHERE contract_id = %d ORDER BY period" % cid)
    return [[int(x) for x in r[:7]] + r[7:] for r in rows]


def first_bill(db, cid):
    return bills_of(db, cid)[0][0]


class Lease:
    """A landlord, a building of two rooms, a tenant and a signed
    contract of the first room (move-in readings electric 2000.0, water
    100.0): .cid, .bill (the first bill's id)."""

    def __init__(self, db, begin=None, **kw):
        self.db = db
        self.owner = landlord()
        self.building = Building(db, self.owner, **kw)
        self.room = self.building.rooms[0]
        self.tenant = person()
        self.cid = init(self.owner, self.room)
        if begin is not None:
            # Dates outside init's window (31 days back, a year ahead):
            # the first bill is computed from the stored begin at signing.
            db.run("UPDATE contracts SET begin_date = '%s' WHERE id = %d"
                   % (begin, self.cid))
        sign(self.tenant, self.cid)
        self.bill = first_bill(db, self.cid)

    def set(self, bill=None, water=106.5, electric=2123.4, **kw):
        body = dict({"id": str(bill or self.bill), "curWater": water,
                     "curElectric": electric}, **kw)
        return self.owner.ok("/bill/setbills", body)
