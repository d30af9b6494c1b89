"""directory.md 2, 4: zufang-admin user add|role|passwd, priv
list|grant|revoke (a change applies to the next request) and demo-data
(idempotent: a second run changes nothing)."""

import os

import pytest

from conftest import Api
from dir_accounts import (PASSWORD, account, add_user, login, new_mobile,
                          new_name, token_of)
from dir_client import FORBIDDEN, admin_cli, check
from dir_people import anonymous, base, db, grant, person, revoke


def users_named(name):
    return int(db().value("SELECT COUNT(*) FROM users WHERE username = '%s'"
                          % name))


def roles_of(uid):
    return {r[0] for r in db().rows(
        "SELECT role_id FROM user_roles WHERE user_id = %d" % uid)}


def is_admin(uid):
    return db().value("SELECT is_admin FROM users WHERE id = %d" % uid) == "1"


def new_agent():
    name = "代理" + os.urandom(3).hex()
    db().run("INSERT INTO agents (name, tel) VALUES ('%s', '13800000000')"
             % name)
    return int(db().value("SELECT id FROM agents WHERE name = '%s'" % name))


def agent_user(agent):
    return db().value("SELECT COALESCE(user_id, 0) FROM agents WHERE id = %d"
                      % agent)


# -- user add --------------------------------------------------------------

def test_user_add():
    name, mobile = new_name(), new_mobile()
    email = name + "@Example.com"
    uid, _ = add_user(name, mobile=mobile, email=email,
                      roles=["landlord", "admin"])
    row = db().rows("SELECT username, mobile, email, password_hash FROM users "
                    "WHERE id = %d" % uid)[0]
    assert row[:3] == [name, mobile, email]
    assert row[3].startswith("$argon2id$") and PASSWORD not in row[3]
    assert roles_of(uid) == {"3"} and is_admin(uid)
    assert login(name, PASSWORD)["code"] == 30000


@pytest.mark.parametrize("which", ["username", "mobile", "email"])
def test_user_add_taken_identity(which):
    a = account()
    args = {"name": new_name(), "mobile": new_mobile(),
            "email": new_name() + "@example.com"}
    if which == "username":
        args["name"] = a.name.upper()
    elif which == "mobile":
        args["mobile"] = a.mobile
    else:
        args["email"] = a.email.upper()
    uid, p = add_user(check_rc=1, **args)
    assert uid is None and p.stdout == ""
    assert db().value(
        "SELECT COUNT(*) FROM users WHERE username = '%s' OR mobile = '%s' "
        "OR email = '%s'" % (args["name"], args["mobile"],
                             args["email"])) == "1"


@pytest.mark.parametrize("args,password", [
    (["1abc"], PASSWORD), (["ab"], PASSWORD), (["a" * 21], PASSWORD),
    (["a@b.cn"], PASSWORD), (["ab-cd"], PASSWORD),
    (["NAME", "--mobile", "23800138000"], PASSWORD),
    (["NAME", "--mobile"], PASSWORD),
    (["NAME", "--email", "no-at.example.com"], PASSWORD),
    (["NAME", "--email", "a@b"], PASSWORD),
    (["NAME", "--role", "user"], PASSWORD),
    (["NAME", "--role", "root"], PASSWORD),
    (["NAME", "--colour", "red"], PASSWORD),
    (["NAME"], "short7!"), (["NAME"], "x" * 65), (["NAME"], ""),
    (["NAME"], "SAME"),
])
def test_user_add_bad_arguments(args, password):
    name = new_name()
    args = [name if a == "NAME" else a for a in args]
    if password == "SAME":
        password = name.upper()
    p = admin_cli("user", "add", *args, stdin=password + "\n", check_rc=2)
    assert p.stdout == ""
    assert users_named(args[0]) == 0
    assert users_named(name) == 0


def test_user_add_eight_and_sixty_four_characters():
    for pw in ("密" * 8, "p" * 64):
        name = new_name()
        add_user(name, password=pw)
        assert login(name, pw)["code"] == 30000


# -- user role -------------------------------------------------------------

def test_user_role_by_name_and_id():
    a = account()
    admin_cli("user", "role", a.name, "add", "landlord")
    assert roles_of(a.id) == {"3"}
    admin_cli("user", "role", str(a.id), "add", "admin")
    assert is_admin(a.id)
    assert str(a.id) in admin_cli("admin", "list").stdout
    admin_cli("user", "role", a.name, "remove", "admin")
    admin_cli("user", "role", a.name, "remove", "landlord")
    assert roles_of(a.id) == set() and not is_admin(a.id)


def test_user_role_agent_link():
    a, b = account(), account()
    ag1, ag2 = new_agent(), new_agent()
    admin_cli("user", "role", a.name, "add", "agent", "--agent", ag1)
    assert roles_of(a.id) == {"4"} and agent_user(ag1) == str(a.id)
    # One record per account: a moves to ag2, ag1 loses it.
    admin_cli("user", "role", a.name, "add", "agent", "--agent", ag2)
    assert agent_user(ag1) == "0" and agent_user(ag2) == str(a.id)
    # One account per record: b takes ag2 over.
    admin_cli("user", "role", b.name, "add", "agent", "--agent", ag2)
    assert agent_user(ag2) == str(b.id)
    admin_cli("user", "role", b.name, "remove", "agent")
    assert agent_user(ag2) == "0" and roles_of(b.id) == set()


def test_user_role_refusals():
    a = account()
    admin_cli("user", "role", "nobody" + os.urandom(4).hex(), "add",
              "landlord", check_rc=1)
    admin_cli("user", "role", "999999999999", "add", "landlord", check_rc=1)
    admin_cli("user", "role", a.name, "add", "agent", "--agent",
              "999999999999", check_rc=1)
    assert roles_of(a.id) == set()
    for args in (["add", "user"], ["add", "anonymous"], ["grant", "admin"],
                 ["add", "landlord", "--agent", "1"], ["add"],
                 ["add", "agent", "--agent", "x"]):
        admin_cli("user", "role", a.name, *args, check_rc=2)
    assert roles_of(a.id) == set() and not is_admin(a.id)


def test_people_helpers_use_the_cli():
    p = person("landlord", "admin")
    assert roles_of(p.id) == {"3"} and is_admin(p.id)
    revoke(p.id, "landlord")
    revoke(p.id, "admin")
    assert roles_of(p.id) == set() and not is_admin(p.id)
    ag = new_agent()
    grant(p.id, "agent", agent=ag)
    assert roles_of(p.id) == {"4"} and agent_user(ag) == str(p.id)


# -- user passwd -----------------------------------------------------------

def test_user_passwd_revokes_sessions():
    a = account()
    t = token_of(a.name)
    admin_cli("user", "passwd", a.name, stdin="another secret 7\n")
    assert Api(base()).call("/fetch_userinfo", token=t)["status"] != 0
    assert login(a.name, PASSWORD)["code"] == 30001
    assert login(a.name, "another secret 7")["code"] == 30000


def test_user_passwd_refusals():
    a = account()
    admin_cli("user", "passwd", a.name, stdin="short\n", check_rc=2)
    admin_cli("user", "passwd", a.name, stdin=a.name + "\n", check_rc=2)
    admin_cli("user", "passwd", "nobody" + os.urandom(4).hex(),
              stdin="long enough 1\n", check_rc=1)
    assert login(a.name, PASSWORD)["code"] == 30000


# -- priv ------------------------------------------------------------------

def test_priv_list():
    out = admin_cli("priv", "list").stdout.splitlines()
    assert "GET\t/api/tags/\tanonymous,user\t查看标签" in out
    assert "POST\t/api/houseinfos/\tlandlord,agent,admin\t发布房源" in out


def test_priv_grant_and_revoke_apply_to_the_next_request():
    u = person()
    body = {"content": "标" + os.urandom(4).hex()}
    r = u.raw("POST", "/api/tags/", json=body)
    assert check(r, 403) == FORBIDDEN
    try:
        admin_cli("priv", "grant", "user", "POST", "/api/tags/")
        r = u.raw("POST", "/api/tags/", json=body)
        assert r.status_code not in (401, 403), r.text
    finally:
        admin_cli("priv", "revoke", "user", "POST", "/api/tags/")
    r = u.raw("POST", "/api/tags/", json=body)
    assert check(r, 403) == FORBIDDEN


def test_priv_grant_makes_the_privilege():
    prefix = "/api/x%s/" % os.urandom(4).hex()
    admin_cli("priv", "grant", "landlord", "GET", prefix)
    assert "GET\t%s\tlandlord\t" % prefix in \
        admin_cli("priv", "list").stdout.splitlines()
    admin_cli("priv", "grant", "landlord", "GET", prefix)   # again: as it was
    admin_cli("priv", "revoke", "landlord", "GET", prefix)
    admin_cli("priv", "revoke", "landlord", "GET", prefix)
    assert "GET\t%s\t\t" % prefix in \
        admin_cli("priv", "list").stdout.splitlines()


@pytest.mark.parametrize("args", [
    ["grant", "root", "GET", "/api/tags/"],
    ["grant", "user", "PATCH", "/api/tags/"],
    ["grant", "user", "get", "/api/tags/"],
    ["grant", "user", "GET", "tags"],
    ["grant", "user", "GET", "/api/a b/"],
    ["grant", "user", "GET"],
    ["give", "user", "GET", "/api/tags/"],
])
def test_priv_bad_arguments(args):
    admin_cli("priv", *args, check_rc=2)


def test_usage():
    p = admin_cli(check_rc=2)
    for word in ("user add", "user role", "user passwd", "priv list",
                 "priv grant", "demo-data"):
        assert word in p.stderr


# -- demo-data -------------------------------------------------------------

DEMO_USERS = {"jackfrued": "123456", "wangdachui": "123123",
              "hellokitty": "123123", "wuzetian": "123456"}
TYPES = ["单间", "一室一厅", "两室一厅", "两室两厅", "三室一厅", "三室两厅",
         "四室两厅", "别墅", "其他"]
TAGS = ["家电齐全", "拎包入住", "豪华装修", "配套齐全", "随时入住", "交通便利",
        "阳光充足", "地铁沿线"]
AGENTS = ["袁晓孟", "杨伟", "谭笛", "郭志鹏", "宋伟英", "肖利丽", "赵嘉茵"]
ESTATES = ["今日家园", "翡翠园", "万科城市花园", "万象新天", "汇庭居", "幸福里",
           "信兴广场", "罗湖大厦", "中海天钻", "宏发前城一期", "灵芝新村",
           "名仕阁", "太白居", "都市名园", "骏庭名园", "金豪花园"]


def sql_list(names):
    return ", ".join("'%s'" % n for n in names)


def demo_counts():
    q = {
        "users": "SELECT COUNT(*) FROM users WHERE username IN (%s)"
                 % sql_list(DEMO_USERS),
        "types": "SELECT COUNT(*) FROM house_types WHERE name IN (%s)"
                 % sql_list(TYPES),
        "tags": "SELECT COUNT(*) FROM tags WHERE content IN (%s)"
                % sql_list(TAGS),
        "agents": "SELECT COUNT(*) FROM agents WHERE name IN (%s)"
                  % sql_list(AGENTS),
        "estates": "SELECT COUNT(*) FROM estates WHERE district_code IN "
                   "(440303, 440304, 440306) AND name IN (%s)"
                   % sql_list(ESTATES),
        "links": "SELECT COUNT(*) FROM agent_estates ae JOIN agents a ON "
                 "a.id = ae.agent_id JOIN estates e ON e.id = ae.estate_id "
                 "WHERE a.name IN (%s) AND e.name IN (%s)"
                 % (sql_list(AGENTS), sql_list(ESTATES)),
        "houses": "SELECT COUNT(*) FROM houses h JOIN users u ON "
                  "u.id = h.user_id WHERE u.username = 'wuzetian' AND "
                  "h.status = 1 AND h.rent_time_type = 2",
        "complete": "SELECT COUNT(*) FROM houses h JOIN users u ON "
                    "u.id = h.user_id WHERE u.username = 'wuzetian' AND "
                    "h.description_title IS NOT NULL AND h.house_size > 0 "
                    "AND h.house_floor IS NOT NULL AND h.all_floor > 0 AND "
                    "h.house_direction LIKE '朝%%' AND h.house_rent > 0 AND "
                    "h.address IS NOT NULL AND h.house_type_id IS NOT NULL "
                    "AND h.county_code IN (440303, 440306) AND "
                    "h.city_code = 440300 AND h.province_code = 440000 AND "
                    "h.agent_id IS NOT NULL AND h.release_time IS NOT NULL "
                    "AND h.estate_id IN (SELECT id FROM estates e WHERE "
                    "e.district_code = h.county_code)",
        "house_tags": "SELECT COUNT(*) FROM house_tags ht JOIN houses h ON "
                      "h.id = ht.house_id JOIN users u ON u.id = h.user_id "
                      "WHERE u.username = 'wuzetian'",
        "photos": "SELECT COUNT(*) FROM house_photos p JOIN houses h ON "
                  "h.id = p.house_id JOIN users u ON u.id = h.user_id "
                  "WHERE u.username = 'wuzetian'",
    }
    return {k: int(db().value(v)) for k, v in q.items()}


def test_demo_data_twice():
    admin_cli("demo-data")
    first = demo_counts()
    assert first == {"users": 4, "types": 9, "tags": 8, "agents": 7,
                     "estates": 16, "links": 14, "houses": 9, "complete": 9,
                     "house_tags": 21, "photos": 0}
    snapshot = db().rows("SELECT id, password_hash, mobile, email FROM users "
                         "WHERE username IN (%s) ORDER BY id"
                         % sql_list(DEMO_USERS))
    p = admin_cli("demo-data")
    assert "made 0 accounts, 0 house types, 0 tags, 0 agents, 0 estates, " \
        "0 agent-estate links, 0 listings, 0 listing tags" in p.stdout
    assert demo_counts() == first
    assert db().rows("SELECT id, password_hash, mobile, email FROM users "
                     "WHERE username IN (%s) ORDER BY id"
                     % sql_list(DEMO_USERS)) == snapshot
    for name, password in DEMO_USERS.items():
        assert login(name, password)["code"] == 30000, name
    roles = dict(db().rows(
        "SELECT u.username, CONCAT(u.is_admin, ':', COALESCE(GROUP_CONCAT("
        "ur.role_id ORDER BY ur.role_id), '')) FROM users u LEFT JOIN "
        "user_roles ur ON ur.user_id = u.id WHERE u.username IN (%s) "
        "GROUP BY u.id" % sql_list(DEMO_USERS)))
    assert roles == {"jackfrued": "1:", "wangdachui": "0:",
                     "hellokitty": "0:4", "wuzetian": "0:3"}
