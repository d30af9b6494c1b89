"""Shared helpers for the end-to-end tests.

The stack (nginx, workers, MariaDB, the fake WeChat server) is started by
scripts/test, which exports:

  ZUFANG_TEST_BASE           nginx in front of the normal workers
  ZUFANG_TEST_INSECURE_BASE  nginx whose workers accept a bare openid
  ZUFANG_TEST_WECHAT         the fake WeChat server (tests/fakes/wechat.py)
  ZUFANG_TEST_DB_SOCKET, ZUFANG_TEST_DB_USER, ZUFANG_TEST_DB_NAME (default
                             zufang) for `mariadb --socket -u NAME`
  ZUFANG_TEST_MEDIA          the media root (data/..., .tmp/)
  ZUFANG_TEST_LOG            the service log file

Without ZUFANG_TEST_BASE every test that needs the stack is skipped; the
fake's own tests and the sample checks run anyway.

SQL is used only to reach states the API cannot (an expired token, an
approved identity) and to look at what is stored (hashes, ciphertext).
"""

import datetime
import hashlib
import os
import re
import socket
import struct
import subprocess
import time
import urllib.parse
import uuid
import zlib

import pytest
import requests

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(os.path.dirname(HERE), "data")

# Test modules that need nothing but Python.
STANDALONE = {"test_fake_wechat.py", "test_samples.py"}

# -- the contract's constants ------------------------------------------------

USER_FIELDS = (
    "id", "wx_openid", "wx_nickname", "wx_sex", "wx_country", "wx_province",
    "wx_city", "wx_headimgurl", "headimgurl", "qq", "wechat",
    "virtual_tel_flag", "virtual_tel", "birthday", "constellations",
    "education", "occupation", "addressProvince", "addressCity", "nickname",
    "sex", "user_type", "self_description", "tel", "real_name_status",
    "landlord_status", "real_name", "idcardnumber", "account_name",
    "account_number", "account_idcardnumber",
    # a rejection's reason while the submission stays rejected (issue 13)
    "real_name_reason", "landlord_reason",
)

CONSTELLATIONS = ("白羊座", "金牛座", "双子座", "巨蟹座", "狮子座", "处女座",
                  "天秤座", "天蝎座", "射手座", "摩羯座", "水瓶座", "双鱼座")
EDUCATIONS = ("博士", "硕士", "本科", "大专", "中专", "高中", "初中")

LOGIN_FIRST = "Login first."
MIB = 1024 * 1024
IMAGE_LIMIT = 10 * MIB

VALID_ID = "11010519491231002X"      # check digit right
INVALID_ID = "110105194912310021"    # check digit wrong

# A profile that passes every rule; tests change one field at a time.
VALID_PROFILE = {
    "nickname": "小明😀",
    "sex": "1",
    "user_type": "1",
    "addressProvince": "四川省",
    "addressCity": "成都市",
    "birthday": "1990-05-17",
    "constellations": "金牛座",
    "education": "本科",
    "occupation": "软件工程师",
    "self_description": "爱干净,不养宠物。",
}

UUID_RE = r"[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}"
EXT_OF = {"image/png": ("png",), "image/jpeg": ("jpg", "jpeg"),
          "image/webp": ("webp",), "application/pdf": ("pdf",)}


def idcard(first17):
    """first17 with its GB 11643 check digit appended."""
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    s = sum(int(c) * w for c, w in zip(first17, weights))
    return first17 + "10X98765432"[s % 11]


def mask_id(number):
    """The contract's mask of an ID number: first 4 and last 4 kept."""
    return number[:4] + "*" * (len(number) - 8) + number[-4:]


def mask_account(number):
    """Everything but the last 4 characters replaced by '*'."""
    return "*" * (len(number) - 4) + number[-4:]


# -- skipping without a stack -------------------------------------------------

def pytest_collection_modifyitems(config, items):
    if os.environ.get("ZUFANG_TEST_BASE"):
        return
    skip = pytest.mark.skip(
        reason="ZUFANG_TEST_BASE is not set: end-to-end tests need the "
        "stack that scripts/test starts")
    for item in items:
        path = str(getattr(item, "path", item.fspath))
        if (os.path.dirname(path) == HERE and
                os.path.basename(path) not in STANDALONE):
            item.add_marker(skip)


def need_env(name):
    v = os.environ.get(name)
    if not v:
        pytest.fail("%s is not set (scripts/test exports it)" % name)
    return v


# -- sample files --------------------------------------------------------------

def sample(name):
    with open(os.path.join(DATA, name), "rb") as f:
        return f.read()


def png(rgb=None, width=1, height=1):
    """A valid PNG; a random colour by default so every upload differs."""
    if rgb is None:
        rgb = tuple(os.urandom(3))

    def chunk(kind, data):
        c = struct.pack(">I", len(data)) + kind + data
        return c + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    row = b"\x00" + bytes(rgb) * width
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) +
            chunk(b"IDAT", zlib.compress(row * height, 9)) +
            chunk(b"IEND", b""))


def oversized_png(size):
    """A PNG signature and header followed by padding up to size bytes."""
    head = png((1, 2, 3))[:33]  # signature + IHDR chunk
    return head + b"\x00" * (size - len(head))


@pytest.fixture
def files():
    """Sample bytes by kind."""
    return {
        "png": png(),
        "jpg": sample("tiny.jpg"),
        "webp": sample("tiny.webp"),
        "pdf": sample("tiny.pdf"),
        "txt": sample("not-an-image.txt"),
    }


# -- the API ----------------------------------------------------------------------

def check_envelope(r, http=200):
    """The JSON envelope of r, after checking the contract's framing."""
    assert r.status_code == http, (r.status_code, r.text[:500])
    ctype = r.headers.get("Content-Type", "")
    assert ctype.replace(" ", "").lower() == "application/json;charset=utf-8", ctype
    assert r.headers.get("X-Request-Id"), "no X-Request-Id header"
    body = r.json()
    assert isinstance(body, dict) and set(body) == {"status", "msg", "ans"}, body
    assert isinstance(body["status"], int), body
    assert isinstance(body["msg"], str), body
    return body


class Api:
    """A client of one nginx front.  call() checks the envelope; ok()
    also checks status 0 and returns ans."""

    def __init__(self, base):
        self.base = base.rstrip("/")
        self.s = requests.Session()

    def url(self, route):
        return self.base + route

    def raw(self, route, token=None, method="POST", params=None, data=None,
            files=None, json=None, headers=None, retry429=True, timeout=60):
        h = dict(headers or {})
        if token is not None:
            h["token"] = token
        deadline = time.monotonic() + 60
        while True:
            r = self.s.request(method, self.url(route), params=params,
                               data=data, files=files, json=json, headers=h,
                               timeout=timeout, allow_redirects=False)
            # Login is rate limited by nginx (5 r/s); the tests are not about
            # that (test_z_rate_limit is), so wait for the next slot.
            if r.status_code != 429 or not retry429 or time.monotonic() > deadline:
                return r
            time.sleep(0.2)

    def call(self, route, **kw):
        return check_envelope(self.raw(route, **kw))

    def ok(self, route, **kw):
        body = self.call(route, **kw)
        assert body["status"] == 0, body
        return body["ans"]

    def fetch(self, token):
        return self.ok("/fetch_userinfo", token=token)

    def get_file(self, rel, token=None):
        h = {"token": token} if token is not None else {}
        return self.s.get(self.url("/file/" + rel), headers=h, timeout=60,
                          allow_redirects=False)


def raw_http(base, method, path, headers=None, body=b""):
    """Send a request with the path exactly as written (no normalisation,
    no re-encoding) over a fresh connection.  Returns (status, headers
    with lower-case names, body bytes).  The body is sent as given, so a
    Content-Length header may announce more than is sent."""
    u = urllib.parse.urlsplit(base)
    host, port = u.hostname, u.port or 80
    head = "%s %s HTTP/1.1\r\nHost: %s:%d\r\nConnection: close\r\n" % (
        method, path, host, port)
    for k, v in (headers or {}).items():
        head += "%s: %s\r\n" % (k, v)
    head += "\r\n"
    with socket.create_connection((host, port), timeout=30) as sk:
        sk.sendall(head.encode("latin-1") + body)
        chunks = []
        while True:
            try:
                b = sk.recv(65536)
            except ConnectionResetError:
                break
            if not b:
                break
            chunks.append(b)
    resp = b"".join(chunks)
    head, _, body = resp.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    hdrs = {}
    for line in lines[1:]:
        k, _, v = line.partition(":")
        hdrs[k.strip().lower()] = v.strip()
    if hdrs.get("transfer-encoding", "").lower() == "chunked":
        out, rest = b"", body
        while rest:
            size_line, _, rest = rest.partition(b"\r\n")
            n = int(size_line.split(b";")[0], 16)
            if n == 0:
                break
            out, rest = out + rest[:n], rest[n + 2:]
        body = out
    return status, hdrs, body


def raw_get(base, path, headers=None):
    return raw_http(base, "GET", path, headers)


@pytest.fixture(scope="session")
def base():
    return need_env("ZUFANG_TEST_BASE")


@pytest.fixture(scope="session")
def api(base):
    return Api(base)


@pytest.fixture(scope="session")
def insecure_api():
    return Api(need_env("ZUFANG_TEST_INSECURE_BASE"))


# -- the fake WeChat ----------------------------------------------------------------

class WeChat:
    def __init__(self, base):
        self.base = base.rstrip("/")

    def code(self, openid, kind="oauth", **kw):
        spec = dict(kw, kind=kind, openid=openid)
        r = requests.post(self.base + "/__fake__/code", json=spec, timeout=10)
        assert r.status_code == 200, r.text
        return r.json()["code"]

    def calls(self, since=0):
        r = requests.get(self.base + "/__fake__/calls", timeout=10)
        assert r.status_code == 200, r.text
        return r.json()[since:]

    def ncalls(self):
        return len(self.calls())

    def config(self):
        return requests.get(self.base + "/__fake__/config", timeout=10).json()


@pytest.fixture(scope="session")
def wechat():
    return WeChat(need_env("ZUFANG_TEST_WECHAT"))


def new_openid():
    """An openid shaped like WeChat's (28 characters), unique per call."""
    return "o" + uuid.uuid4().hex[:27]


class User:
    def __init__(self, token, obj, openid):
        self.token = token
        self.obj = obj
        self.id = obj["id"]
        self.openid = openid

    def __repr__(self):
        return "User(%d, %s)" % (self.id, self.openid)


@pytest.fixture
def make_user(api, wechat):
    """A factory: a new user logged in through an official-account code."""

    def make(openid=None, **profile):
        openid = openid or new_openid()
        code = wechat.code(openid, kind="oauth", **profile)
        ans = api.ok("/wx_fetch_userinfo", data={"code": code})
        return User(ans["token"], ans, openid)

    return make


@pytest.fixture
def user(make_user):
    return make_user()


@pytest.fixture
def profiled(api, make_user):
    """A factory: a new user with a complete profile and a PNG portrait."""

    def make(**fields):
        u = make_user()
        params = dict(VALID_PROFILE, **fields)
        api.ok("/create_userinfo", token=u.token, data=params,
               files={"portrait": ("me.png", png(), "image/png")})
        u.obj = api.fetch(u.token)
        return u

    return make


# -- the database, the media root, the log ------------------------------------------------

class Db:
    def __init__(self, sock, user, name):
        self.cmd = ["mariadb", "--socket=" + sock, "-u", user, name,
                    "-N", "-B", "-e"]

    def rows(self, sql):
        p = subprocess.run(self.cmd + [sql], capture_output=True, timeout=30)
        assert p.returncode == 0, p.stderr.decode(errors="replace")
        out = p.stdout.decode("utf-8", errors="replace")
        return [line.split("\t") for line in out.splitlines()]

    def value(self, sql):
        rows = self.rows(sql)
        assert len(rows) == 1 and len(rows[0]) == 1, rows
        return rows[0][0]

    def run(self, sql):
        self.rows(sql)


@pytest.fixture(scope="session")
def db():
    return Db(need_env("ZUFANG_TEST_DB_SOCKET"), need_env("ZUFANG_TEST_DB_USER"),
              os.environ.get("ZUFANG_TEST_DB_NAME") or "zufang")


class Media:
    def __init__(self, root):
        self.root = root

    def path(self, rel):
        return os.path.join(self.root, rel)

    def listing(self, rel):
        """Relative paths of all files under root/rel (empty if absent)."""
        top = self.path(rel)
        out = set()
        for d, _, names in os.walk(top):
            for n in names:
                out.add(os.path.relpath(os.path.join(d, n), self.root))
        return out

    def snapshot(self, *uids):
        """Files in .tmp and the given users' public and private folders."""
        s = self.listing(".tmp")
        for uid in uids:
            s |= self.listing("data/userphoto/user_%d" % uid)
            s |= self.listing("data/private/user_%d" % uid)
        return s

    def private(self, uid):
        return self.listing("data/private/user_%d" % uid)


@pytest.fixture(scope="session")
def media():
    return Media(need_env("ZUFANG_TEST_MEDIA"))


@pytest.fixture(scope="session")
def service_log():
    path = need_env("ZUFANG_TEST_LOG")

    def read():
        with open(path, "rb") as f:
            return f.read().decode("utf-8", errors="replace")

    return read


# -- refused requests ------------------------------------------------------------------

@pytest.fixture
def refused(api, media):
    """refused(user, route, status, param, **request) sends a request that
    must be refused with that status (or one of a tuple of statuses) and a msg starting with "param:", and
    checks that it changed nothing: the same user object, and no new or
    removed file in .tmp or the user's folders."""

    def check(u, route, status, param, **kw):
        before = api.fetch(u.token)
        files_before = media.snapshot(u.id)
        body = api.call(route, token=u.token, **kw)
        statuses = status if isinstance(status, tuple) else (status,)
        assert body["status"] in statuses, body
        if param is not None:
            assert body["msg"].startswith(param + ":"), body
        assert api.fetch(u.token) == before
        assert media.snapshot(u.id) == files_before
        return body

    return check


def today_utc():
    return datetime.datetime.now(datetime.timezone.utc).date()


def sha256_hex(s):
    return hashlib.sha256(s.encode()).hexdigest().upper()


def path_re(uid, kind, exts, private=False):
    top = "private" if private else "userphoto"
    return re.compile(r"^data/%s/user_%d/%s-%s\.(%s)$" % (
        top, uid, re.escape(kind), UUID_RE, "|".join(exts)))
