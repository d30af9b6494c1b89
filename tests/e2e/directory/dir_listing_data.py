"""Data for the listing tests (directory.md 9, 10): catalogue rows made by
SQL (the catalogue routes are tested elsewhere), each with a unique name,
and listings made through POST /api/houseinfos/."""

import os

from dir_people import db

# Counties no other test uses (Bayingolin, Xinjiang), their city and
# province, and a city without counties (Jiayuguan).
COUNTY_A, COUNTY_A_NAME = 652824, "若羌县"
COUNTY_B, COUNTY_B_NAME = 652825, "且末县"
CITY, PROVINCE = 652800, 650000
NO_COUNTY_CITY, NO_COUNTY_CITY_NAME = 620200, "嘉峪关市"
CITY_WITH_COUNTIES = 510100

PATH = "/api/houseinfos/"


def uniq(prefix=""):
    return prefix + os.urandom(4).hex()


def last_id(table):
    return int(db().value("SELECT MAX(id) FROM %s" % table))


def make_type():
    name = uniq("户")
    db().run("INSERT INTO house_types (name) VALUES ('%s')" % name)
    return {"typeid": int(db().value(
        "SELECT id FROM house_types WHERE name = '%s'" % name)), "name": name}


def make_estate(district=COUNTY_A, hot=7):
    city = int(db().value("SELECT parent_code FROM regions WHERE code = %d"
                          % district))
    level = int(db().value("SELECT level FROM regions WHERE code = %d"
                           % district))
    if level == 2:
        province, city = city, district
    else:
        province = int(db().value(
            "SELECT parent_code FROM regions WHERE code = %d" % city))
    name = uniq("楼盘")
    db().run("INSERT INTO estates (district_code, city_code, province_code, "
             "name, hot) VALUES (%d, %d, %d, '%s', %d)"
             % (district, city, province, name, hot))
    return {"estateid": int(db().value(
        "SELECT id FROM estates WHERE name = '%s'" % name)), "name": name,
        "hot": hot}


def make_agent(servstar=4):
    name = uniq("经纪")
    tel = "0755-%s" % str(int(os.urandom(3).hex(), 16) % 10000000).zfill(7)
    db().run("INSERT INTO agents (name, tel, servstar) VALUES ('%s', '%s', "
             "%d)" % (name, tel, servstar))
    return {"agentid": int(db().value(
        "SELECT id FROM agents WHERE name = '%s'" % name)), "name": name,
        "tel": tel, "servstar": servstar}


def make_tag():
    content = uniq("标")
    db().run("INSERT INTO tags (content) VALUES ('%s')" % content)
    return {"tagid": int(db().value(
        "SELECT id FROM tags WHERE content = '%s'" % content)),
        "content": content}


def body(htype, **kw):
    """A valid POST body with the required fields; kw adds or replaces."""
    b = {"title": uniq("房源"), "area": 60, "floor": 5, "totalfloor": 20,
         "direction": "南", "price": 3000, "street": "人民路1号",
         "type": htype["typeid"], "district": COUNTY_A}
    b.update(kw)
    return {k: v for k, v in b.items() if v is not None}


def create(p, htype, http=201, **kw):
    return p.post(PATH, http=http, json=body(htype, **kw))


def unknown_house():
    return int(db().value("SELECT COALESCE(MAX(id), 0) + 100000 FROM houses"))
