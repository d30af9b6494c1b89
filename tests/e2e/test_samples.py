"""The sample files the end-to-end tests upload are what libmagic says they
are (file 5.44 on Debian 12 uses the same database as the workers)."""

import os
import shutil
import subprocess
import sys

import pytest

from conftest import DATA, oversized_png, png, IMAGE_LIMIT

sys.path.insert(0, DATA)
import make_samples  # noqa: E402

pytestmark = pytest.mark.skipif(shutil.which("file") is None,
                                reason="the file command is not installed")


def mime(path):
    out = subprocess.run(["file", "--brief", "--mime-type", path],
                         capture_output=True, text=True, check=True)
    return out.stdout.strip()


@pytest.mark.parametrize("name,expected", [
    ("tiny.png", "image/png"),
    ("tiny.jpg", "image/jpeg"),
    ("tiny.webp", "image/webp"),
    ("tiny.pdf", "application/pdf"),
    ("not-an-image.txt", "text/plain"),
])
def test_sample_type(name, expected):
    assert mime(os.path.join(DATA, name)) == expected


@pytest.mark.parametrize("name", sorted(make_samples.SAMPLES))
def test_samples_are_up_to_date(name):
    with open(os.path.join(DATA, name), "rb") as f:
        assert f.read() == make_samples.SAMPLES[name]


def test_generated_pngs(tmp_path):
    p = tmp_path / "a"
    p.write_bytes(png())
    assert mime(str(p)) == "image/png"
    p.write_bytes(oversized_png(IMAGE_LIMIT + 1024))
    assert p.stat().st_size == IMAGE_LIMIT + 1024
    assert mime(str(p)) == "image/png"
