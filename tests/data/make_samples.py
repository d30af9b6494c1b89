#!/usr/bin/python3
"""Writes the tiny sample files the end-to-end tests upload.

Standard library only; run it to regenerate the files next to it:

  tiny.png   1x1 RGB PNG (zlib + struct)
  tiny.jpg   1x1 greyscale baseline JPEG, written marker by marker
  tiny.webp  1x1 lossy WebP (VP8 key frame)
  tiny.pdf   one empty A4 page, with a correct xref table
  not-an-image.txt  plain text

`file --mime-type` (file 5.44, Debian 12) must say image/png, image/jpeg,
image/webp, application/pdf and text/plain for them; test_samples.py checks.
"""

import base64
import os
import struct
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))


def png(rgb=(200, 30, 30), width=1, height=1):
    """A valid 8-bit RGB PNG filled with one colour."""

    def chunk(kind, data):
        c = struct.pack(">I", len(data)) + kind + data
        return c + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    row = b"\x00" + bytes(rgb) * width
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) +
            chunk(b"IDAT", zlib.compress(row * height, 9)) +
            chunk(b"IEND", b""))


def jpeg():
    """A 1x1 greyscale baseline JPEG (JFIF), mid grey.

    One 8x8 block: DC difference 0 (category 0) and an immediate EOB.
    Both Huffman tables hold a single 2-bit code ("00") for symbol 0, so
    the scan is the bits 00 00 padded with ones: 0x0F.
    """

    def seg(marker, payload):
        return b"\xff" + bytes([marker]) + struct.pack(">H", len(payload) + 2) + payload

    app0 = b"JFIF\x00" + bytes([1, 1, 0]) + struct.pack(">HH", 1, 1) + b"\x00\x00"
    dqt = b"\x00" + bytes([1] * 64)
    sof0 = bytes([8]) + struct.pack(">HH", 1, 1) + bytes([1, 1, 0x11, 0])
    counts = bytes([0, 1] + [0] * 14)  # one code of length 2
    dht_dc = b"\x00" + counts + b"\x00"
    dht_ac = b"\x10" + counts + b"\x00"
    sos = bytes([1, 1, 0x00, 0, 63, 0])
    return (b"\xff\xd8" + seg(0xE0, app0) + seg(0xDB, dqt) +
            seg(0xC0, sof0) + seg(0xC4, dht_dc) + seg(0xC4, dht_ac) +
            seg(0xDA, sos) + b"\x0f" + b"\xff\xd9")


# A 1x1 lossy WebP (RIFF/WEBP/VP8 key frame), the well-known feature-test
# image used by browsers' WebP detection snippets.
WEBP = base64.b64decode(
    "UklGRiIAAABXRUJQVlA4IBYAAAAwAQCdASoBAAEADsD+JaQAA3AAAAAA")


def pdf():
    """A minimal valid PDF 1.4: catalog, pages, one empty page, xref."""
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << >> >>",
    ]
    out = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"
    offs = []
    for i, o in enumerate(objs, 1):
        offs.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n" % (len(objs) + 1)
    out += b"0000000000 65535 f \n"
    for off in offs:
        out += b"%010d 00000 n \n" % off
    out += (b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
            % (len(objs) + 1, xref))
    return out


TEXT = b"This is not an image, whatever its name says.\n"

SAMPLES = {
    "tiny.png": png(),
    "tiny.jpg": jpeg(),
    "tiny.webp": WEBP,
    "tiny.pdf": pdf(),
    "not-an-image.txt": TEXT,
}


def main():
    for name, data in SAMPLES.items():
        with open(os.path.join(HERE, name), "wb") as f:
            f.write(data)
        print(name, len(data))


if __name__ == "__main__":
    main()
