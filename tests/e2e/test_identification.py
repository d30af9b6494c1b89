"""qsz.md sections 2 and 3: /user_identification and /house_identification
with real files, encryption at rest, private storage and certificate
ownership."""

import os
import random

import pytest

from conftest import idcard, mask_id, path_re, png


def new_id(ending_x=False):
    """A random valid resident ID number (optionally one ending in X)."""
    while True:
        birth = "19%02d%02d%02d" % (random.randint(50, 99),
                                     random.randint(1, 12),
                                     random.randint(1, 28))
        n = idcard("110105" + birth + "%03d" % random.randint(0, 999))
        if not ending_x or n.endswith("X"):
            return n


def new_cert():
    return "京(2024)朝阳区不动产权第%07d号" % random.randint(0, 9999999)


def submit_identity(api, u, number, files, realname="李小龙"):
    """Submit with unique images; returns (answer, {name: bytes})."""
    sent = {"portrait": png(), "idcardfront": png(),
            "idcardback": files["pdf"]}
    ans = api.ok("/user_identification", token=u.token,
                 data={"realname": realname, "idcardnumber": number},
                 files={k: (k + ".bin", v, "application/octet-stream")
                        for k, v in sent.items()})
    return ans, sent


def test_user_identification(api, user, files, media, db, service_log):
    number = new_id(ending_x=True)
    ans, sent = submit_identity(api, user, number.lower(), files)
    assert ans == ["李小龙", number]  # upper-cased
    got = api.fetch(user.token)
    assert got["real_name_status"] == 1
    assert got["real_name"] == "李小龙"
    assert got["idcardnumber"] == mask_id(number)
    assert got["idcardnumber"] == number[:4] + "*" * 10 + number[-4:]
    assert got["landlord_status"] == 0
    # stored encrypted
    enc = db.value("SELECT HEX(idcard_enc) FROM users WHERE id = %d" % user.id)
    assert enc != "NULL"
    assert number.encode().hex().upper() not in enc
    assert number.lower().encode().hex().upper() not in enc
    assert number not in enc
    # three private files, none public
    private = media.private(user.id)
    assert len(private) == 3, private
    for rel in private:
        assert rel.startswith("data/private/user_%d/" % user.id)
    assert media.listing("data/userphoto/user_%d" % user.id) == set()
    with_bytes = {}
    for rel in private:
        with open(media.path(rel), "rb") as f:
            with_bytes[f.read()] = rel
    assert set(with_bytes) == set(sent.values())
    assert with_bytes[files["pdf"]].endswith(".pdf")
    # never in the log
    log = service_log()
    assert number not in log and number.lower() not in log


def test_identity_documents_only_for_their_owner(api, make_user, files,
                                                 media):
    owner, other = make_user(), make_user()
    _, sent = submit_identity(api, owner, new_id(), files)
    for rel in media.private(owner.id):
        with open(media.path(rel), "rb") as f:
            content = f.read()
        r = api.get_file(rel, token=owner.token)
        assert r.status_code == 200, (rel, r.status_code, r.text[:200])
        assert r.content == content
        body = api.call("/file/" + rel, method="GET", token=other.token)
        assert body["status"] == 7, body
        assert content not in body["msg"].encode()
        body = api.call("/file/" + rel, method="GET")
        assert body["status"] == 4 and body["msg"] == "Login first.", body
        body = api.call("/file/" + rel, method="GET", token="0" * 64)
        assert body["status"] == 4, body


def test_second_submission_while_pending_replaces_the_files(api, user, files,
                                                            media):
    submit_identity(api, user, new_id(), files)
    first = media.private(user.id)
    number = new_id()
    ans, sent = submit_identity(api, user, number, files, realname="李四")
    assert ans == ["李四", number]
    second = media.private(user.id)
    assert len(second) == 3 and not (first & second), (first, second)
    got = api.fetch(user.token)
    assert got["real_name"] == "李四" and got["idcardnumber"] == mask_id(number)
    assert got["real_name_status"] == 1


def test_submission_after_approval_is_a_conflict(api, user, files, db,
                                                 refused):
    submit_identity(api, user, new_id(), files)
    db.run("UPDATE users SET real_name_status = 2 WHERE id = %d" % user.id)
    refused(user, "/user_identification", 8, None,
            data={"realname": "王五", "idcardnumber": new_id()},
            files={"portrait": ("p.png", png(), "image/png"),
                   "idcardfront": ("f.png", png(), "image/png"),
                   "idcardback": ("b.png", png(), "image/png")})
    assert api.fetch(user.token)["real_name_status"] == 2


@pytest.mark.parametrize("front", ["jpg", "png", "pdf"])
def test_document_types(api, user, files, front):
    data = files[front]
    api.ok("/user_identification", token=user.token,
           data={"realname": "赵六", "idcardnumber": new_id()},
           files={"portrait": ("p", files["webp"], "image/webp"),
                  "idcardfront": ("f", data, "application/octet-stream"),
                  "idcardback": ("b", files["jpg"], "image/jpeg")})


# -- /house_identification -----------------------------------------------------------------------

def submit_house(api, u, files, cert, house_type="1", certname="王大锤",
                 number=None, lease=None):
    data = {"certname": certname, "idcardnumber": number or new_id(),
            "property_cert_number": cert, "house_type": house_type}
    f = {"property_cert_photo": ("cert.jpg", png(), "image/jpeg")}
    if lease is not None:
        f["lease_agreement_photo_url"] = ("lease.pdf", lease, "application/pdf")
    return api.call("/house_identification", token=u.token, data=data, files=f)


def test_house_identification_own_property(api, user, files, media, db):
    cert, number = new_cert(), new_id(ending_x=True)
    body = submit_house(api, user, files, cert, number=number.lower())
    assert body["status"] == 0, body
    ans = body["ans"]
    assert len(ans) == 5
    assert ans[:3] == ["王大锤", number, cert]
    assert path_re(user.id, "property_cert_photo", ["png"],
                   private=True).match(ans[3]), ans
    assert ans[4] is None
    assert os.path.isfile(media.path(ans[3]))
    assert media.private(user.id) == {ans[3]}
    got = api.fetch(user.token)
    assert got["landlord_status"] == 1
    enc = db.value("SELECT HEX(idcard_enc) FROM house_certs WHERE user_id = %d"
                   % user.id)
    assert number.encode().hex().upper() not in enc
    # the certificate photo is private
    r = api.get_file(ans[3], token=user.token)
    assert r.status_code == 200 and r.content.startswith(b"\x89PNG")
    assert api.call("/file/" + ans[3], method="GET")["status"] == 4


def test_house_identification_sublet(api, user, files, media):
    cert = new_cert()
    body = submit_house(api, user, files, cert, house_type="2",
                        lease=files["pdf"])
    assert body["status"] == 0, body
    ans = body["ans"]
    assert path_re(user.id, "lease_agreement_photo_url", ["pdf"],
                   private=True).match(ans[4]), ans
    assert media.private(user.id) == {ans[3], ans[4]}
    with open(media.path(ans[4]), "rb") as f:
        assert f.read() == files["pdf"]


def test_house_type_defaults_to_own(api, user, files):
    ans = api.ok("/house_identification", token=user.token,
                 data={"certname": "王大锤", "idcardnumber": new_id(),
                       "property_cert_number": new_cert()},
                 files={"property_cert_photo": ("c.pdf", files["pdf"],
                                                "application/pdf")})
    assert ans[4] is None and ans[3].endswith(".pdf")


def test_another_users_certificate_is_refused(api, make_user, files, media,
                                              db, refused):
    first, second = make_user(), make_user()
    cert = new_cert()
    assert submit_house(api, first, files, cert)["status"] == 0
    row = db.rows("SELECT * FROM house_certs WHERE user_id = %d" % first.id)
    first_files = media.snapshot(first.id)
    first_obj = api.fetch(first.token)
    body = refused(second, "/house_identification", 8, None,
                   data={"certname": "冒名者", "idcardnumber": new_id(),
                         "property_cert_number": cert, "house_type": "2"},
                   files={"property_cert_photo": ("c.png", png(), "image/png"),
                          "lease_agreement_photo_url": ("l.pdf", files["pdf"],
                                                        "application/pdf")})
    assert body["ans"] in ({}, [], None), body
    assert db.rows("SELECT * FROM house_certs WHERE user_id = %d"
                   % first.id) == row
    assert db.value("SELECT COUNT(*) FROM house_certs WHERE user_id = %d"
                    % second.id) == "0"
    assert media.snapshot(first.id) == first_files
    assert media.private(second.id) == set()
    assert api.fetch(first.token) == first_obj
    assert api.fetch(second.token)["landlord_status"] == 0


def test_same_user_resubmits_the_same_certificate(api, user, files, media, db):
    cert = new_cert()
    a = submit_house(api, user, files, cert)
    assert a["status"] == 0, a
    b = submit_house(api, user, files, cert, certname="王大锤二", house_type="2",
                     lease=files["pdf"])
    assert b["status"] == 0, b
    assert b["ans"][0] == "王大锤二"
    rows = db.rows("SELECT certname, house_type FROM house_certs "
                   "WHERE user_id = %d" % user.id)
    assert rows == [["王大锤二", "2"]]
    old = a["ans"][3]
    assert not os.path.exists(media.path(old))
    assert media.private(user.id) == {b["ans"][3], b["ans"][4]}
    assert api.fetch(user.token)["landlord_status"] == 1


def test_identity_and_house_files_live_side_by_side(api, user, files, media):
    submit_identity(api, user, new_id(), files)
    body = submit_house(api, user, files, new_cert())
    assert body["status"] == 0, body
    private = media.private(user.id)
    assert len(private) == 4 and body["ans"][3] in private
