"""Listing photos and videos (issue 3 section 3): /create_house_photo,
/update_house_photo, /delete_house_photo, /create_house_video,
/update_house_video, /delete_house_video.

Types come from the bytes, limits from the configuration (10 MiB per
image, 30 photos per listing, 5 videos per listing), files are replaced or
deleted only after the database agreed, and a refused request leaves
nothing on disk.
"""

import os
import re
import struct

import pytest

from conftest import IMAGE_LIMIT, UUID_RE, oversized_png, png


def mp4():
    """A minimal MP4 (ftyp box): libmagic says video/mp4."""
    return (struct.pack(">I", 24) + b"ftypmp42" + b"\0\0\0\0" + b"mp42isom" +
            struct.pack(">I", 8) + b"free" + os.urandom(64))


def webm():
    """A minimal WebM (EBML header, DocType webm)."""
    def el(i, data):
        return i + bytes([0x80 | len(data)]) + data
    head = (el(b"\x42\x86", b"\x01") + el(b"\x42\xf7", b"\x01") +
            el(b"\x42\xf2", b"\x04") + el(b"\x42\xf3", b"\x08") +
            el(b"\x42\x82", b"webm") + el(b"\x42\x87", b"\x02") +
            el(b"\x42\x85", b"\x02"))
    return (b"\x1a\x45\xdf\xa3" + bytes([0x80 | len(head)]) + head +
            b"\x18\x53\x80\x67\x01" + b"\0" * 7 + os.urandom(64))


def photo_re(uid, kind, ext):
    return re.compile(r"^data/userphoto/user_%d/%s-%s\.%s$" %
                      (uid, kind, UUID_RE, ext))


@pytest.fixture
def house(api, user):
    return api.ok("/house_create", token=user.token,
                  data={"description_title": "media test"})["house_id"]


def add_photos(api, user, house, *blobs, **extra):
    data = {"house_id": str(house), "rooms_type": "3"}
    data.update(extra)
    files = [("house_photo", ("p%d.jpg" % i, b, "image/jpeg"))
             for i, b in enumerate(blobs)]
    return api.call("/create_house_photo", token=user.token, data=data,
                    files=files)


def listed(api, user, house):
    for h in api.ok("/my_house_list", token=user.token):
        if h["id"] == house:
            return h
    raise AssertionError("house %d not listed" % house)


# -- photos ------------------------------------------------------------------

def test_photos_in_upload_order(api, media, user, house, files):
    body = add_photos(api, user, house, files["png"], files["jpg"],
                      files["webp"])
    assert body["status"] == 0, body
    urls, ids = body["ans"]["url"], body["ans"]["id"]
    assert len(urls) == len(ids) == 3 and ids == sorted(ids)
    for url, ext in zip(urls, ("png", "jpg", "webp")):
        assert photo_re(user.id, "house_photo", ext).match(url), url
        assert os.path.exists(media.path(url))
    shown = listed(api, user, house)["house_photo"]
    assert [p["url"] for p in shown] == urls
    assert [p["id"] for p in shown] == ids


def test_photo_served_by_nginx(api, user, house):
    url = add_photos(api, user, house, png())["ans"]["url"][0]
    r = api.get_file(url)
    assert r.status_code == 200
    assert r.headers["Content-Type"] == "image/png"
    assert r.headers.get("X-Content-Type-Options") == "nosniff"


def test_bedroom_photo_keeps_room_data(api, db, user, house):
    body = add_photos(api, user, house, png(), rooms_type="1",
                      rooms_area="18", rooms_orientation="南")
    assert body["status"] == 0, body
    pid = body["ans"]["id"][0]
    row = db.rows("SELECT rooms_type, rooms_area, rooms_orientation "
                  "FROM house_photos WHERE id = %d" % pid)
    assert row == [["1", "18", "南"]]


@pytest.mark.parametrize("extra,param", [
    ({"rooms_type": "1", "rooms_orientation": "南"}, "rooms_area"),
    ({"rooms_type": "2", "rooms_area": "12"}, "rooms_orientation"),
    ({"rooms_type": "3", "rooms_area": "12"}, "rooms_area"),
    ({"rooms_type": "4", "rooms_orientation": "北"}, "rooms_orientation"),
    ({"rooms_type": "8"}, "rooms_type"),
    ({"rooms_type": "0"}, "rooms_type"),
    ({"rooms_type": "1", "rooms_area": "0", "rooms_orientation": "南"},
     "rooms_area"),
])
def test_room_rules(api, refused, user, house, extra, param):
    data = {"house_id": str(house)}
    data.update(extra)
    refused(user, "/create_house_photo", 2, param, data=data,
            files=[("house_photo", ("a.png", png(), "image/png"))])


def test_photo_required(api, refused, user, house):
    refused(user, "/create_house_photo", 2, "house_photo",
            data={"house_id": str(house), "rooms_type": "3"})


@pytest.mark.parametrize("kind", ["txt", "pdf"])
def test_photo_wrong_type(api, refused, user, house, files, kind):
    refused(user, "/create_house_photo", 10, "house_photo",
            data={"house_id": str(house), "rooms_type": "3"},
            files=[("house_photo", ("x.jpg", files[kind], "image/jpeg"))])


def test_photo_wrong_type_among_good_ones(api, refused, user, house, files):
    refused(user, "/create_house_photo", 10, "house_photo",
            data={"house_id": str(house), "rooms_type": "3"},
            files=[("house_photo", ("a.png", png(), "image/png")),
                   ("house_photo", ("b.jpg", files["txt"], "image/jpeg"))])


def test_photo_too_large(api, refused, user, house):
    refused(user, "/create_house_photo", 10, "house_photo",
            data={"house_id": str(house), "rooms_type": "3"},
            files=[("house_photo", ("a.png", oversized_png(IMAGE_LIMIT + 1024),
                                    "image/png"))])


def test_at_most_30_photos(api, media, refused, user, house):
    assert add_photos(api, user, house, *[png() for _ in range(28)])[
        "status"] == 0
    refused(user, "/create_house_photo", 10, "house_photo",
            data={"house_id": str(house), "rooms_type": "3"},
            files=[("house_photo", ("a%d.png" % i, png(), "image/png"))
                   for i in range(3)])
    assert add_photos(api, user, house, png(), png())["status"] == 0
    assert len(listed(api, user, house)["house_photo"]) == 30


def test_photo_on_another_users_house(api, refused, make_user, house):
    other = make_user()
    refused(other, "/create_house_photo", 7, None,
            data={"house_id": str(house), "rooms_type": "3"},
            files=[("house_photo", ("a.png", png(), "image/png"))])


def test_photo_on_unknown_or_deleted_house(api, refused, user, house):
    refused(user, "/create_house_photo", 6, None,
            data={"house_id": "999999999", "rooms_type": "3"},
            files=[("house_photo", ("a.png", png(), "image/png"))])
    api.ok("/delete_house_info", token=user.token,
           data={"house_id": str(house)})
    refused(user, "/create_house_photo", 6, None,
            data={"house_id": str(house), "rooms_type": "3"},
            files=[("house_photo", ("a.png", png(), "image/png"))])


def test_update_photo_replaces_the_file(api, media, user, house, files):
    ans = add_photos(api, user, house, png())["ans"]
    pid, old = ans["id"][0], ans["url"][0]
    body = api.call("/update_house_photo", token=user.token,
                    data={"photo_id": str(pid)},
                    files=[("house_photo", ("b.jpg", files["jpg"],
                                            "image/jpeg"))])
    assert body["status"] == 0, body
    new = listed(api, user, house)["house_photo"][0]
    assert new["id"] == pid and new["url"] != old
    assert photo_re(user.id, "house_photo", "jpg").match(new["url"])
    assert not os.path.exists(media.path(old))
    assert os.path.exists(media.path(new["url"]))


def test_update_photo_refused(api, refused, make_user, user, house, files):
    pid = add_photos(api, user, house, png())["ans"]["id"][0]
    other = make_user()
    refused(other, "/update_house_photo", 7, None,
            data={"photo_id": str(pid)},
            files=[("house_photo", ("a.png", png(), "image/png"))])
    refused(user, "/update_house_photo", 6, None,
            data={"photo_id": "999999999"},
            files=[("house_photo", ("a.png", png(), "image/png"))])
    refused(user, "/update_house_photo", 10, "house_photo",
            data={"photo_id": str(pid)},
            files=[("house_photo", ("a.png", files["txt"], "image/png"))])


def test_delete_photo(api, media, refused, make_user, user, house):
    ans = add_photos(api, user, house, png(), png())["ans"]
    refused(make_user(), "/delete_house_photo", 7, None,
            data={"photo_id": str(ans["id"][0])})
    api.ok("/delete_house_photo", token=user.token,
           data={"photo_id": str(ans["id"][0])})
    assert not os.path.exists(media.path(ans["url"][0]))
    assert [p["id"] for p in listed(api, user, house)["house_photo"]] == \
        [ans["id"][1]]
    body = api.call("/delete_house_photo", token=user.token,
                    data={"photo_id": str(ans["id"][0])})
    assert body["status"] == 6, body


# -- videos ------------------------------------------------------------------

def add_video(api, user, house, blob, name="v.mp4"):
    return api.call("/create_house_video", token=user.token,
                    data={"house_id": str(house)},
                    files=[("house_video", (name, blob, "video/mp4"))])


def test_video_create_and_ranges(api, media, user, house):
    body = add_video(api, user, house, mp4())
    assert body["status"] == 0, body
    ans = body["ans"]
    assert set(ans) == {"id", "url"}
    assert photo_re(user.id, "house_video", "mp4").match(ans["url"])
    assert listed(api, user, house)["house_video"] == [ans]
    r = api.s.get(api.url("/file/" + ans["url"]),
                  headers={"Range": "bytes=0-9"}, timeout=30)
    assert r.status_code == 206
    assert r.headers["Content-Type"] == "video/mp4"
    assert r.headers["Content-Range"].startswith("bytes 0-9/")
    assert len(r.content) == 10


def test_webm_video(api, user, house):
    body = add_video(api, user, house, webm(), "v.mp4")
    assert body["status"] == 0, body
    assert body["ans"]["url"].endswith(".webm")


@pytest.mark.parametrize("kind", ["png", "pdf", "txt"])
def test_video_wrong_type(api, refused, user, house, files, kind):
    refused(user, "/create_house_video", 10, "house_video",
            data={"house_id": str(house)},
            files=[("house_video", ("v.mp4", files[kind], "video/mp4"))])


def test_at_most_5_videos(api, refused, user, house):
    for _ in range(5):
        assert add_video(api, user, house, mp4())["status"] == 0
    refused(user, "/create_house_video", 10, "house_video",
            data={"house_id": str(house)},
            files=[("house_video", ("v.mp4", mp4(), "video/mp4"))])


def test_video_on_another_users_house(api, refused, make_user, house):
    refused(make_user(), "/create_house_video", 7, None,
            data={"house_id": str(house)},
            files=[("house_video", ("v.mp4", mp4(), "video/mp4"))])


def test_update_and_delete_video(api, media, refused, make_user, user,
                                 house):
    ans = add_video(api, user, house, mp4())["ans"]
    refused(make_user(), "/update_house_video", 7, None,
            data={"video_id": str(ans["id"])},
            files=[("house_video", ("v.mp4", mp4(), "video/mp4"))])
    body = api.call("/update_house_video", token=user.token,
                    data={"video_id": str(ans["id"])},
                    files=[("house_video", ("v.webm", webm(), "video/webm"))])
    assert body["status"] == 0, body
    new = listed(api, user, house)["house_video"][0]
    assert new["id"] == ans["id"] and new["url"].endswith(".webm")
    assert not os.path.exists(media.path(ans["url"]))
    api.ok("/delete_house_video", token=user.token,
           data={"video_id": str(ans["id"])})
    assert not os.path.exists(media.path(new["url"]))
    assert listed(api, user, house)["house_video"] == []
