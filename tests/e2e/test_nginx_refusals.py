"""nginx's own refusals answer JSON in the envelope of the surface that owns
the path (nginx/zufang.conf.in, the maps before the upstream), never
nginx's HTML: a header over the limit (494, sent as 400), a malformed path
(400, refused before nginx has a URI), a request line over the limit
(414), a body over the limit (413), a missing static file (404), a method
a static file does not take (405).  Sent with raw_http, byte for byte."""

import json
import pathlib

import pytest

from conftest import raw_http

# One path per surface (README's table) and the envelope it answers in.
SURFACES = {
    "qsz": "/fetch_userinfo",
    "ihome": "/api/v1.0/session",
    "directory": "/api/houseinfos/",
    "rental": "/login/auth",
}


def envelope(surface, body, status):
    """The refusal's JSON, checked against the surface's shape."""
    assert b"<html" not in body.lower(), body[:300]
    doc = json.loads(body.decode("utf-8"))
    if surface == "qsz":
        assert set(doc) == {"status", "msg", "ans"}, doc
        assert isinstance(doc["status"], int) and doc["status"] != 0, doc
    elif surface == "ihome":
        assert set(doc) == {"errno", "errmsg"}, doc
        assert isinstance(doc["errno"], str) and doc["errno"] != "0", doc
    elif surface == "directory":
        assert set(doc) == {"detail"}, doc
    else:
        assert doc["data"] is None and doc["meta"]["status"] == status, doc
    return doc


def refused(base, surface, status, method, path, headers=None, body=b""):
    got, hdrs, raw = raw_http(base, method, path, headers, body)
    assert got == status, (got, raw[:300])
    assert hdrs["content-type"] == "application/json; charset=utf-8", hdrs
    assert hdrs["x-content-type-options"] == "nosniff", hdrs
    assert len(hdrs.get("x-request-id", "")) == 32, hdrs
    return envelope(surface, raw, status)


@pytest.mark.parametrize("surface", SURFACES)
def test_header_over_the_limit(base, surface):
    # large_client_header_buffers is 4 x 8k: one line longer than 8k.
    doc = refused(base, surface, 400, "GET", SURFACES[surface],
                  {"X-Big": "a" * 20000})
    assert {"qsz": lambda: doc["status"] == 2,
            "ihome": lambda: doc["errno"] == "4103",
            "directory": lambda: "请求头过大" in doc["detail"],
            "rental": lambda: "请求头过大" in doc["meta"]["msg"]}[surface](), doc


@pytest.mark.parametrize("surface", SURFACES)
def test_too_many_headers(base, surface):
    many = {"X-H%d" % i: "a" * 7000 for i in range(6)}
    refused(base, surface, 400, "GET", SURFACES[surface], many)


@pytest.mark.parametrize("surface", SURFACES)
def test_malformed_path(base, surface):
    # Above the root: nginx refuses it before it has a URI.
    prefix = SURFACES[surface].rsplit("/", 1)[0]
    doc = refused(base, surface, 400, "GET",
                  prefix + "/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd")
    if surface == "ihome":
        assert doc["errno"] == "4103", doc


def test_malformed_file_path(base):
    refused(base, "qsz", 400, "GET",
            "/file/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd")


@pytest.mark.parametrize("surface", SURFACES)
def test_uri_over_the_limit(base, surface):
    path = SURFACES[surface] + "?q=" + "a" * 40000
    doc = refused(base, surface, 414, "GET", path)
    if surface == "qsz":
        assert doc["status"] == 2, doc


@pytest.mark.parametrize("surface", SURFACES)
def test_body_over_the_limit(base, surface):
    # 1 MiB outside the upload routes; announced, not sent.
    doc = refused(base, surface, 413, "POST", SURFACES[surface],
                  {"Content-Type": "application/json",
                   "Content-Length": str(5 * 1024 * 1024)})
    assert {"qsz": lambda: doc["status"] == 10,
            "ihome": lambda: doc["errno"] == "4302",
            "directory": lambda: doc["detail"] == "请求体过大。",
            "rental": lambda: doc["meta"]["status"] == 413}[surface](), doc


def test_unknown_http_version(base):
    # nginx has no URI for it either; the owner comes from the line.
    refused(base, "ihome", 505, "GET", "/api/v1.0/session HTTP/9.9\r\nX: y")


def test_garbage_request_line(base):
    # No method nginx knows: the owner still comes from the line's path.
    refused(base, "ihome", 400, "G@T", "/api/v1.0/session")
    refused(base, "qsz", 400, "G@T", "/fetch_userinfo")


@pytest.mark.parametrize("path", ["/file/data/userphoto/nope.jpg",
                                  "/file/data/userphoto/refusals/",
                                  "/file/data/userphoto/refusals",
                                  "/file/elsewhere"])
def test_static_not_found(base, media, path):
    # A folder (with or without its "/") is not found either.
    (pathlib.Path(media.root) / "data" / "userphoto" / "refusals").mkdir(
        parents=True, exist_ok=True)
    doc = refused(base, "qsz", 404, "GET", path)
    assert doc["status"] == 6, doc


def test_static_method_not_allowed(base, media):
    d = pathlib.Path(media.root) / "data" / "userphoto" / "refusals"
    d.mkdir(parents=True, exist_ok=True)
    (d / "a.jpg").write_bytes(b"\xff\xd8\xff")
    refused(base, "qsz", 405, "POST", "/file/data/userphoto/refusals/a.jpg",
            {"Content-Length": "0"})
    refused(base, "qsz", 416, "GET", "/file/data/userphoto/refusals/a.jpg",
            {"Range": "bytes=100-200"})


def test_internal_page_is_not_reachable(base):
    # The page the refusals without a URI go to is internal; its
    # argument cannot pick an envelope that does not exist.
    doc = refused(base, "qsz", 404, "GET", "/.zufang-refusal?surface=x")
    assert doc["status"] == 6, doc
