"""People for the directory tests (directory.md 2, 4): each a new account
logged in through the shared WeChat login (its QSZ token works here), with
the roles a test asks for, and a Dir client carrying its token.

Roles through `zufang-admin user role` (admin is QSZ's administrator
record; "agent" optionally linked to an agent record)."""

import os

from conftest import Api, Db, WeChat, need_env, new_openid
from dir_client import Dir, admin_cli


def base():
    return need_env("ZUFANG_TEST_BASE")


def db():
    return Db(need_env("ZUFANG_TEST_DB_SOCKET"), need_env("ZUFANG_TEST_DB_USER"),
              os.environ.get("ZUFANG_TEST_DB_NAME") or "zufang")


def anonymous():
    return Dir(base())


class Person(Dir):
    def __init__(self, token, uid):
        super().__init__(base(), token)
        self.id = uid

    def __repr__(self):
        return "Person(%d)" % self.id


def person(*roles, agent=None):
    """A new logged-in person with roles (any of "landlord", "agent",
    "admin"); agent: the agent record an "agent" acts as."""
    openid = new_openid()
    code = WeChat(need_env("ZUFANG_TEST_WECHAT")).code(openid, kind="oauth")
    ans = Api(base()).ok("/wx_fetch_userinfo", data={"code": code})
    p = Person(ans["token"], ans["id"])
    for role in roles:
        grant(p.id, role, agent=agent if role == "agent" else None)
    return p


def grant(uid, role, agent=None):
    args = ["user", "role", uid, "add", role]
    if agent is not None:
        args += ["--agent", int(agent)]
    admin_cli(*args)


def revoke(uid, role):
    admin_cli("user", "role", uid, "remove", role)
