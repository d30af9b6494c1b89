"""Helpers of the catalogue tests (directory.md 6-8, 11): unique names,
page walks, listings made by SQL, and the callers of every role."""

import os
from urllib.parse import urlencode

from dir_people import base, db, person


def token():
    """A short unique token for names (lower-case hex)."""
    return os.urandom(4).hex()


def walk(d, path, params, size):
    """Every result of the pages of path?params (size a page), following
    the next links; checks each link is the absolute one expected."""
    q = dict(params, size=size)
    url = path + "?" + urlencode(q)
    out, page = [], 1
    while True:
        body = d.get(url)
        assert set(body) == {"count", "next", "previous", "results"}
        assert len(body["results"]) <= size
        prev = body["previous"]
        if page == 1:
            assert prev is None
        elif page == 2:
            assert prev == base() + path + "?" + urlencode(q)
        else:
            assert prev == base() + path + "?" + urlencode(
                dict(q, page=page - 1))
        out += body["results"]
        if body["next"] is None:
            assert len(out) == body["count"]
            return out
        page += 1
        assert body["next"] == base() + path + "?" + urlencode(
            dict(q, page=page))
        url = body["next"][len(base()):]


def house(uid, status=1, **cols):
    """A listing of uid made by SQL (houses.location is NOT NULL), with
    more integer columns: its id."""
    names = ["user_id", "status", "location"] + list(cols)
    vals = [str(int(uid)), str(int(status)), "POINT(0,0)"]
    vals += [str(int(v)) for v in cols.values()]
    return int(db().value(
        "INSERT INTO houses (%s) VALUES (%s) RETURNING id"
        % (", ".join(names), ", ".join(vals))))


def callers():
    """One client of every kind: anonymous, user, landlord, agent, admin."""
    from dir_people import anonymous
    return {"anonymous": anonymous(), "user": person(),
            "landlord": person("landlord"), "agent": person("agent"),
            "admin": person("admin")}
