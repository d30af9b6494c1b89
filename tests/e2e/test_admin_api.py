"""Review by administrators (issue 13, 1): /admin/api/... for
administrators only (401 anonymous, 403 anyone else), the queues, one
submission with its private documents, approve and reject, every decision
recorded and shown to the person (QSZ /fetch_userinfo, iHome user/auth);
nginx admits /admin/ only from admin_allow; `zufang-admin review`."""

import pytest
import requests

from admin_util import (adm, admin_cli, envelope, new_admin, pending_landlord,
                        pending_realname)

# Every route: (method, path, form) with {uid} for a pending real-name user.
ROUTES = [
    ("GET", "/whoami", None),
    ("GET", "/queue/real-name", None),
    ("GET", "/queue/landlord", None),
    ("GET", "/submissions/real-name/{uid}", None),
    ("GET", "/submissions/landlord/{uid}", None),
    ("POST", "/submissions/real-name/{uid}/approve", {}),
    ("POST", "/submissions/landlord/{uid}/reject", {"reason": "blurred"}),
]


@pytest.fixture(scope="module")
def admin(api):
    return new_admin(api)


def ihome_auth(base, token):
    r = requests.get(base + "/api/v1.0/user/auth",
                     cookies={"session": token}, timeout=30)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["errno"] == "0", body
    return body["data"]


@pytest.mark.parametrize("method,path,form", ROUTES)
def test_anonymous_401_non_admin_403(api, user, method, path, form):
    p = path.format(uid=user.id)
    assert adm(api, method, p, http=401, data=form) == \
        "sign in as an administrator"
    assert adm(api, method, p, token="0" * 64, http=401, data=form)
    assert adm(api, method, p, token=user.token, http=403,
               data=form) == "administrators only"


def test_directory_account_without_admin_role_403(api):
    _, _, token = new_admin(api, roles=())
    assert adm(api, "GET", "/queue/real-name", token=token, http=403)


def test_checked_before_parameters(api, user):
    # a bad parameter still gets 401/403 first
    assert adm(api, "GET", "/queue/real-name?page=x", http=401)
    assert adm(api, "GET", "/queue/real-name?page=x", token=user.token,
               http=403)
    assert adm(api, "POST", "/submissions/real-name/1/reject", http=401)


def test_whoami(api, admin):
    uid, name, token = admin
    me = adm(api, "GET", "/whoami", token=token)
    assert me["id"] == uid


def test_unknown_route_and_method(api, admin):
    token = admin[2]
    assert adm(api, "GET", "/nothing", token=token, http=404)
    assert adm(api, "GET", "/queue/tenant", token=token, http=404)
    assert adm(api, "GET", "/submissions/real-name/abc", token=token,
               http=404)
    assert adm(api, "DELETE", "/queue/landlord", token=token, http=405)
    assert adm(api, "GET", "/queue/landlord?size=101", token=token,
               http=400)


def test_realname_queue_oldest_first_and_paged(api, admin, make_user, files,
                                               db):
    token = admin[2]
    a, _ = pending_realname(api, make_user, files)
    b, _ = pending_realname(api, make_user, files)
    # a is older; both older than whatever else other tests left pending
    db.run("UPDATE users SET updated_at = '2001-01-01 00:00:00' "
           "WHERE id = %d" % a.id)
    db.run("UPDATE users SET updated_at = '2001-01-01 00:00:01' "
           "WHERE id = %d" % b.id)
    q = adm(api, "GET", "/queue/real-name?size=100", token=token)
    ids = [it["user_id"] for it in q["items"]]
    assert a.id in ids and b.id in ids and ids.index(a.id) < ids.index(b.id)
    assert q["total"] >= 2 and q["page"] == 1 and q["size"] == 100
    it = q["items"][ids.index(a.id)]
    assert it["name"] == "李小龙" and "*" * 10 in it["id_card"]
    one = adm(api, "GET", "/queue/real-name?size=1&page=1", token=token)
    assert len(one["items"]) == 1 and one["total"] == q["total"]
    two = adm(api, "GET", "/queue/real-name?size=1&page=2", token=token)
    assert two["items"][0]["user_id"] == ids[1]


def test_submission_and_documents(api, admin, make_user, files, user):
    token = admin[2]
    u, sent = pending_realname(api, make_user, files)
    s = adm(api, "GET", "/submissions/real-name/%d" % u.id, token=token)
    assert s["status"] == 1 and s["status_text"] == "pending"
    assert s["real_name"] == "李小龙" and s["user_id"] == u.id
    assert [d["label"] for d in s["documents"]] == \
        ["portrait", "front", "back"]
    got = []
    for d in s["documents"]:
        assert d["url"].startswith("/file/data/private/user_%d/" % u.id)
        r = api.s.get(api.url(d["url"]), headers={"token": token},
                      timeout=30)
        assert r.status_code == 200, r.text
        assert "no-store" in r.headers["Cache-Control"]
        got.append(r.content)
        # another user still may not (QSZ's envelope: status 7)
        r = api.s.get(api.url(d["url"]), headers={"token": user.token},
                      timeout=30)
        assert r.json()["status"] == 7, r.text
    assert got == [sent["portrait"], sent["idcardfront"], sent["idcardback"]]
    assert adm(api, "GET", "/submissions/real-name/999999999", token=token,
               http=404)


def test_approve_realname(api, base, admin, make_user, files, db):
    uid, _, token = admin
    u, _ = pending_realname(api, make_user, files)
    d = adm(api, "POST", "/submissions/real-name/%d/approve" % u.id,
            token=token, data={})
    assert d == {"kind": "real-name", "user_id": u.id, "status": 2,
                 "status_text": "approved"}
    assert api.fetch(u.token)["real_name_status"] == 2
    assert ihome_auth(base, u.token)["real_name_status"] == 2
    assert db.rows("SELECT admin_id, kind, decision, reason FROM "
                   "review_decisions WHERE user_id = %d" % u.id) == \
        [[str(uid), "1", "2", "NULL"]]
    # decided once: a second decision is a conflict, and it leaves the queue
    assert adm(api, "POST", "/submissions/real-name/%d/approve" % u.id,
               token=token, data={}, http=409)
    assert adm(api, "POST", "/submissions/real-name/%d/reject" % u.id,
               token=token, data={"reason": "x"}, http=409)
    q = adm(api, "GET", "/queue/real-name?size=100", token=token)
    assert u.id not in [it["user_id"] for it in q["items"]]
    s = adm(api, "GET", "/submissions/real-name/%d" % u.id, token=token)
    assert s["status_text"] == "approved"
    assert s["decisions"][0]["decision"] == "approved"
    assert s["decisions"][0]["admin_id"] == uid


def test_reject_landlord_with_reason(api, admin, make_user, files, db):
    uid, _, token = admin
    u = pending_landlord(api, make_user, files)
    q = adm(api, "GET", "/queue/landlord?size=100", token=token)
    assert u.id in [it["user_id"] for it in q["items"]]
    s = adm(api, "GET", "/submissions/landlord/%d" % u.id, token=token)
    assert s["status"] == 1 and len(s["certificates"]) == 1
    assert s["documents"][0]["label"] == "certificate"
    r = api.s.get(api.url(s["documents"][0]["url"]),
                  headers={"token": token}, timeout=30)
    assert r.status_code == 200
    reason = "证件照片模糊，请重新上传"
    d = adm(api, "POST", "/submissions/landlord/%d/reject" % u.id,
            token=token, data={"reason": reason})
    assert d["status"] == 3
    assert api.fetch(u.token)["landlord_status"] == 3
    # the reason is shown to the person (QSZ's user object)
    assert api.fetch(u.token)["landlord_reason"] == reason
    assert db.value("SELECT status FROM house_certs WHERE user_id = %d"
                    % u.id) == "3"
    assert db.rows("SELECT admin_id, kind, decision, reason FROM "
                   "review_decisions WHERE user_id = %d" % u.id) == \
        [[str(uid), "2", "3", reason]]
    s = adm(api, "GET", "/submissions/landlord/%d" % u.id, token=token)
    assert s["decisions"][0]["reason"] == reason


def test_reject_needs_a_reason(api, admin, make_user, files):
    token = admin[2]
    u, _ = pending_realname(api, make_user, files)
    p = "/submissions/real-name/%d/reject" % u.id
    assert "reason" in adm(api, "POST", p, token=token, data={}, http=400)
    assert adm(api, "POST", p, token=token, data={"reason": ""}, http=400)
    assert adm(api, "POST", p, token=token, data={"reason": "字" * 201},
               http=400)
    assert api.fetch(u.token)["real_name_status"] == 1
    adm(api, "POST", p, token=token, data={"reason": "字" * 200})
    assert api.fetch(u.token)["real_name_status"] == 3


def test_a_rejected_person_may_submit_again(api, admin, make_user, files):
    from test_identification import new_id, submit_identity
    token = admin[2]
    u, _ = pending_realname(api, make_user, files)
    adm(api, "POST", "/submissions/real-name/%d/reject" % u.id, token=token,
        data={"reason": "mismatch"})
    got = api.fetch(u.token)
    assert (got["real_name_status"], got["real_name_reason"]) == \
        (3, "mismatch")
    submit_identity(api, u, new_id(), files)
    got = api.fetch(u.token)
    # a new submission: pending again, the old reason gone
    assert (got["real_name_status"], got["real_name_reason"]) == (1, None)
    q = adm(api, "GET", "/queue/real-name?size=100", token=token)
    assert u.id in [it["user_id"] for it in q["items"]]


# -- nginx ----------------------------------------------------------------

def test_console_served(api):
    r = api.s.get(api.url("/admin/"), timeout=30)
    assert r.status_code == 200
    assert r.headers["Content-Type"].startswith("text/html")
    assert "img-src 'self' blob:" in r.headers["Content-Security-Policy"]
    r = api.s.get(api.url("/admin"), timeout=30, allow_redirects=False)
    assert r.status_code == 301


def test_nginx_refuses_addresses_not_allowed(insecure_api, user):
    # scripts/test renders this site with admin_allow = 192.0.2.1
    for path in ("/admin/", "/admin/api/whoami", "/admin/console.js"):
        r = insecure_api.s.get(insecure_api.url(path), timeout=30,
                               headers={"token": user.token})
        assert envelope(r, 403) == "forbidden", path
    # the rest of that site still answers
    assert insecure_api.s.get(insecure_api.url("/ping"),
                              timeout=30).status_code == 200


# -- zufang-admin review ----------------------------------------------------

def test_cli_list_approve_reject(api, make_user, files, db):
    a, _ = pending_realname(api, make_user, files)
    b = pending_landlord(api, make_user, files)
    lines = admin_cli("review", "list").stdout.splitlines()
    rows = [ln.split("\t") for ln in lines]
    assert all(len(r) == 4 for r in rows), lines
    assert ["real-name", str(a.id)] in [r[:2] for r in rows]
    assert ["landlord", str(b.id)] in [r[:2] for r in rows]
    p = admin_cli("review", "approve", "real-name", a.id)
    assert p.stdout == "real-name %d approved\n" % a.id
    assert api.fetch(a.token)["real_name_status"] == 2
    p = admin_cli("review", "reject", "landlord", b.id, "--reason",
                  "lease missing")
    assert p.stdout == "landlord %d rejected\n" % b.id
    assert api.fetch(b.token)["landlord_status"] == 3
    # recorded like the console's, admin_id NULL for the command line
    assert db.rows("SELECT admin_id, kind, decision, reason FROM "
                   "review_decisions WHERE user_id IN (%d, %d) ORDER BY kind"
                   % (a.id, b.id)) == \
        [["NULL", "1", "2", "NULL"], ["NULL", "2", "3", "lease missing"]]
    lines = admin_cli("review", "list").stdout.splitlines()
    assert str(a.id) not in [ln.split("\t")[1] for ln in lines]
    # not pending any more: 1; no such user: 1
    p = admin_cli("review", "approve", "real-name", a.id, check_rc=1)
    assert "no pending real-name" in p.stderr
    admin_cli("review", "approve", "landlord", 999999999, check_rc=1)


@pytest.mark.parametrize("args", [
    ("review",), ("review", "approve", "tenant", "1"),
    ("review", "approve", "real-name", "x"),
    ("review", "reject", "real-name", "1"),
    ("review", "reject", "real-name", "1", "--reason", ""),
    ("review", "reject", "real-name", "1", "--reason", "字" * 201),
    ("review", "list", "extra"),
])
def test_cli_bad_arguments(args):
    p = admin_cli(*args, check_rc=2)
    assert "review" in p.stderr
