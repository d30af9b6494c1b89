"""ihome.md 3: GET /api/v1.0/imagecode draws a real PNG, keeps its text
under cur (one shot, checked by the SMS route), refuses a bad cur with
HTTP 400 and errno 4103."""

import io
import struct
import uuid
import zlib

import pytest

from ihome_client import IHome, check


@pytest.fixture
def ih(base):
    return IHome(base)


def png_size(data):
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    w, h = struct.unpack(">II", data[16:24])
    return w, h


def png_pixels_vary(data):
    """Decode IDAT enough to see more than one byte value."""
    pos, idat = 8, b""
    while pos < len(data):
        n = struct.unpack(">I", data[pos:pos + 4])[0]
        kind = data[pos + 4:pos + 8]
        if kind == b"IDAT":
            idat += data[pos + 8:pos + 8 + n]
        pos += 12 + n
    raw = zlib.decompress(idat)
    return len(set(raw)) > 8


def test_imagecode_is_a_png(ih):
    cur = str(uuid.uuid4())
    r = ih.raw("GET", "imagecode", params={"cur": cur})
    assert r.status_code == 200, r.text[:200]
    assert r.headers["Content-Type"] == "image/png"
    assert r.headers["Cache-Control"] == "no-store"
    w, h = png_size(r.content)
    assert 120 <= w <= 200 and 40 <= h <= 75, (w, h)
    assert png_pixels_vary(r.content)
    text = r.headers["X-Captcha-Text"]
    assert len(text) == 4
    assert set(text) <= set("ABCDEFGHJKLMNPQRSTUVWXYZ23456789")


def test_imagecode_with_slash_and_pre(ih):
    a, b = str(uuid.uuid4()), str(uuid.uuid4())
    assert ih.raw("GET", "imagecode/", params={"cur": a}).status_code == 200
    r = ih.raw("GET", "imagecode", params={"cur": b, "pre": a})
    assert r.status_code == 200
    # An empty pre is absent (the front end sends pre=).
    r = ih.raw("GET", "imagecode", params={"cur": a, "pre": ""})
    assert r.status_code == 200


def test_two_images_differ(ih):
    cur = str(uuid.uuid4())
    one = ih.raw("GET", "imagecode", params={"cur": cur}).content
    two = ih.raw("GET", "imagecode", params={"cur": cur}).content
    assert one != two


@pytest.mark.parametrize("params", [
    {}, {"cur": ""}, {"cur": "short"}, {"cur": "a" * 65},
    {"cur": "abc def ghi"}, {"cur": "../../etc/passwd"},
    {"cur": "abcdefgh", "pre": "bad id!"},
    {"cur": "abcdefgh", "pre": "x"},
])
def test_bad_cur_is_400(ih, params):
    body = check(ih.raw("GET", "imagecode", params=params), http=400)
    assert body["errno"] == "4103"
    assert "参数错误" in body["errmsg"]


def test_post_is_405(ih):
    body = check(ih.raw("POST", "imagecode", params={"cur": "abcdefgh"}),
                 http=405)
    assert body["errno"] == "4201"
