"""Users' reports of listings (issue 13, 1: "listings reported or flagged
can be pulled off with a reason"): anyone logged in reports someone else's
released listing through QSZ (/report_house), iHome (POST
houses/{id}/report) or the directory (POST /api/reports/); one open report
per person and listing; administrators see the reported listings in
GET /admin/api/reports (oldest report first), pull one off (its reports
resolved, the reason shown to the owner in /my_house_list until the
listing changes state again) or dismiss its reports; the same from
`zufang-admin listings`."""

import pytest
import requests

from admin_util import adm, admin_cli, new_admin
from test_admin_pulloff import mine, released, status_of


@pytest.fixture(scope="module")
def admin(api):
    return new_admin(api)


def report(api, u, hid, reason="虚假房源"):
    return api.call("/report_house", token=u.token,
                    data={"house_id": str(hid), "reason": reason})


def reported(api, u, hid, reason="虚假房源"):
    body = report(api, u, hid, reason)
    assert body["status"] == 0, body
    return body["ans"]["report_id"]


def reports_of(db, hid):
    return db.rows("SELECT reporter_id, reason, state, admin_id IS NULL, "
                   "resolved_at IS NULL FROM listing_reports "
                   "WHERE house_id = %d ORDER BY id" % hid)


def queue(api, token):
    """Every listing of the reports queue, walked page by page."""
    items, page = [], 1
    while True:
        q = adm(api, "GET", "/reports?size=100&page=%d" % page, token=token)
        items += q["items"]
        if len(q["items"]) < 100:
            assert q["total"] == len(items), q
            return items
        page += 1


def ihome_as(base, token):
    """An iHome client of the QSZ user with token (one session table)."""
    s = requests.Session()
    s.cookies.set("session", token)
    s.get(base + "/api/v1.0/session", timeout=30)
    return s


def ihome_report(base, token, hid, body):
    s = ihome_as(base, token)
    return s.post(base + "/api/v1.0/houses/%d/report" % hid, json=body,
                  headers={"X-CSRFToken": s.cookies.get("csrf_token")},
                  timeout=30)


def dir_report(base, token, body):
    return requests.post(base + "/api/reports/", json=body,
                         headers={"token": token} if token else {},
                         timeout=30)


# -- filing reports --------------------------------------------------------

def test_report_from_qsz(api, db, make_user):
    owner, who = make_user(), make_user()
    hid, _, _ = released(api, owner)
    rid = reported(api, who, hid, "房源照片与实际不符")
    assert rid > 0
    assert reports_of(db, hid) == [[str(who.id), "房源照片与实际不符", "0",
                                    "1", "1"]]
    # again while open: the same report, its reason replaced
    assert reported(api, who, hid, "联系不上房东") == rid
    assert reports_of(db, hid) == [[str(who.id), "联系不上房东", "0", "1",
                                    "1"]]


def test_report_from_ihome_and_directory(api, db, base, make_user):
    owner, a, b = make_user(), make_user(), make_user()
    hid, _, _ = released(api, owner)
    r = ihome_report(base, a.token, hid, {"reason": "价格虚假"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["errno"] == "0" and body["data"]["report_id"] > 0, body
    r = dir_report(base, b.token, {"house": hid, "reason": "中介冒充房东"})
    assert r.status_code == 201, r.text
    assert r.json()["house"] == hid and r.json()["reason"] == "中介冒充房东"
    got = {(x[0], x[1]) for x in reports_of(db, hid)}
    assert got == {(str(a.id), "价格虚假"), (str(b.id), "中介冒充房东")}


def test_report_refusals_change_nothing(api, db, base, make_user):
    owner, who = make_user(), make_user()
    hid, _, _ = released(api, owner)
    draft = api.ok("/house_create", token=owner.token, data={
        "house_rent": "2000", "description_title": "草稿"})["house_id"]
    # one's own listing
    b = report(api, owner, hid)
    assert b["status"] == 7 and "own" in b["msg"], b
    # not released (a draft), or no such listing
    for h in (draft, 999999999999):
        b = report(api, who, h)
        assert b["status"] == 6 and str(h) in b["msg"], b
    # the reason: required, 1-200 characters
    for reason in ("", "字" * 201):
        b = report(api, who, hid, reason)
        assert b["status"] == 2 and "reason" in b["msg"], b
    b = api.call("/report_house", token=who.token,
                 data={"house_id": str(hid)})
    assert b["status"] == 2 and "reason" in b["msg"], b
    # logged in
    b = api.call("/report_house", data={"house_id": str(hid), "reason": "x"})
    assert b["status"] == 4, b
    # iHome and the directory say the same in their envelopes
    r = ihome_report(base, owner.token, hid, {"reason": "x"})
    assert r.json()["errno"] == "4105", r.text
    r = ihome_report(base, who.token, draft, {"reason": "x"})
    assert r.json()["errno"] == "4002", r.text
    r = dir_report(base, who.token, {"house": draft, "reason": "x"})
    assert r.status_code == 400 and "house" in r.json(), r.text
    r = dir_report(base, who.token, {"house": hid})
    assert r.status_code == 400 and "reason" in r.json(), r.text
    r = dir_report(base, None, {"house": hid, "reason": "x"})
    assert r.status_code == 401, r.text
    assert reports_of(db, hid) == [] and reports_of(db, draft) == []
    assert status_of(db, hid) == 1


def test_reports_a_day_are_limited(api, db, make_user):
    owner, who = make_user(), make_user()
    hids = [released(api, owner)[0] for _ in range(31)]
    for h in hids[:30]:
        reported(api, who, h)
    b = report(api, who, hids[30])
    assert b["status"] == 11 and "30" in b["msg"], b
    assert reports_of(db, hids[30]) == []


# -- the administrators' side ----------------------------------------------

@pytest.mark.parametrize("method,path,form", [
    ("GET", "/reports", None),
    ("POST", "/listings/1/dismiss", None),
])
def test_anonymous_401_non_admin_403(api, user, method, path, form):
    assert adm(api, method, path, http=401, data=form)
    assert adm(api, method, path, token=user.token, http=403, data=form)


def test_queue_then_pulloff(api, db, admin, make_user):
    uid, _, token = admin
    owner, a, b = make_user(), make_user(), make_user()
    first, _, _ = released(api, owner)
    second, _, _ = released(api, owner)
    reported(api, a, first, "第一条举报")
    reported(api, a, second, "另一套房")
    reported(api, b, first, "最新的举报")
    items = {x["id"]: x for x in queue(api, token)}
    assert items[first] == {
        "id": first, "title": "举报测试房源", "owner_id": owner.id,
        "status": 1, "status_text": "released", "open_reports": 2,
        "since": items[first]["since"], "last_reason": "最新的举报"}
    assert items[second]["open_reports"] == 1
    order = [x["id"] for x in queue(api, token)]
    assert order.index(first) < order.index(second)     # oldest first

    got = adm(api, "GET", "/listings/%d" % first, token=token)
    assert [(x["reporter_id"], x["reason"], x["state"])
            for x in got["reports"]] == [(b.id, "最新的举报", "open"),
                                         (a.id, "第一条举报", "open")]

    reason = "经核实为虚假房源"
    adm(api, "POST", "/listings/%d/pulloff" % first, token=token,
        data={"reason": reason})
    assert status_of(db, first) == 2
    # every open report resolved by the pull-off, by this administrator
    assert db.rows("SELECT state, admin_id, resolved_at IS NOT NULL FROM "
                   "listing_reports WHERE house_id = %d" % first) == \
        [["1", str(uid), "1"]] * 2
    got = adm(api, "GET", "/listings/%d" % first, token=token)
    assert got["pulloff_reason"] == reason
    assert {x["state"] for x in got["reports"]} == {"pulled_off"}
    assert {x["resolved_by"] for x in got["reports"]} == {uid}
    assert first not in [x["id"] for x in queue(api, token)]
    assert second in [x["id"] for x in queue(api, token)]

    # the owner sees why; a report of the pulled-off listing is refused
    assert mine(api, owner, first)[0]["pulloff_reason"] == reason
    assert mine(api, owner, second)[0]["pulloff_reason"] is None
    assert report(api, b, first)["status"] == 6
    # released again by its owner: the reason goes with the state
    assert api.call("/house_release", token=owner.token,
                    data={"house_id": str(first)})["status"] == 0
    assert mine(api, owner, first)[0]["pulloff_reason"] is None
    # and may be reported anew (the old reports stay, resolved)
    reported(api, b, first, "又发布了")
    assert len(reports_of(db, first)) == 3


def test_dismiss(api, db, admin, make_user):
    uid, _, token = admin
    owner, a = make_user(), make_user()
    hid, _, _ = released(api, owner)
    reported(api, a, hid, "误报")
    d = adm(api, "POST", "/listings/%d/dismiss" % hid, token=token)
    assert d == {"id": hid, "dismissed": 1}
    assert reports_of(db, hid) == [[str(a.id), "误报", "2", "0", "0"]]
    assert status_of(db, hid) == 1
    assert hid not in [x["id"] for x in queue(api, token)]
    err = adm(api, "POST", "/listings/%d/dismiss" % hid, token=token,
              http=409)
    assert "no open report" in err
    err = adm(api, "POST", "/listings/999999999999/dismiss", token=token,
              http=404)
    assert "999999999999" in err


# -- the same from the command line ----------------------------------------

def test_cli(api, db, make_user):
    owner, a = make_user(), make_user()
    hid, _, _ = released(api, owner)
    other, _, _ = released(api, owner)
    reported(api, a, hid, "命令行举报")
    reported(api, a, other, "另一条")
    lines = admin_cli("listings", "reported").stdout.splitlines()
    mine_line = [l.split("\t") for l in lines if l.startswith("%d\t" % hid)]
    assert len(mine_line) == 1, lines
    f = mine_line[0]
    assert (f[1], f[2], f[3]) == (str(owner.id), "1", "1")
    assert f[5] == "举报测试房源" and f[6] == "命令行举报"

    out = admin_cli("listings", "show", hid).stdout
    assert "命令行举报" in out and "owner %d" % owner.id in out

    reason = "命令行下架"
    out = admin_cli("listings", "pulloff", hid, "--reason", reason).stdout
    assert "pulled off" in out
    assert status_of(db, hid) == 2
    assert mine(api, owner, hid)[0]["pulloff_reason"] == reason
    # recorded with no administrator: the machine's operator
    assert db.rows("SELECT admin_id IS NULL, reason FROM listing_pulloffs "
                   "WHERE house_id = %d" % hid) == [["1", reason]]
    assert reports_of(db, hid)[0][2:4] == ["1", "1"]
    assert "by cli" in admin_cli("listings", "show", hid).stdout

    p = admin_cli("listings", "pulloff", hid, "--reason", "x", check_rc=1)
    assert "only a released listing" in p.stderr
    assert "1 report dismissed" in admin_cli("listings", "dismiss",
                                             other).stdout
    p = admin_cli("listings", "dismiss", other, check_rc=1)
    assert "no open report" in p.stderr
    p = admin_cli("listings", "show", 999999999999, check_rc=1)
    assert "no listing" in p.stderr
    for bad in (("listings",), ("listings", "show", "x"),
                ("listings", "pulloff", hid),
                ("listings", "pulloff", hid, "--reason", ""),
                ("listings", "pulloff", hid, "--reason", "字" * 201),
                ("listings", "remove", hid)):
        assert admin_cli(*bad, check_rc=2).stderr.startswith("usage") or \
            "--reason" in admin_cli(*bad, check_rc=2).stderr

