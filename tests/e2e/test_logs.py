"""No log line carries personal data, whatever route it came on.

Parameters may come in the query string (qsz.md 1), so nginx's access log
must not record it, and the service log records routes and statuses only.
"""

import os
import socket
import subprocess
import time
import urllib.parse

import pytest

from conftest import VALID_ID, need_env, raw_get, raw_http

TEL = "13812345678"
ACCOUNT = "6222021234567890"


def read_logs():
    state = need_env("ZUFANG_TEST_STATE")
    text = ""
    for name in ("nginx-access.log", "nginx-error.log", "zufang.log"):
        path = os.path.join(state, "log", name)
        if os.path.exists(path):
            with open(path, "rb") as f:
                text += f.read().decode("utf-8", errors="replace")
    return text


def test_query_string_personal_data_never_logged(api, user):
    r1 = api.raw("/user_identification", token=user.token,
                 params={"idcardnumber": VALID_ID, "realname": "张三"})
    r2 = api.raw("/create_userinfo", token=user.token,
                 params={"tel": TEL, "account_number": ACCOUNT})
    assert r1.status_code == 200 and r2.status_code == 200
    time.sleep(1.5)  # nginx flushes its buffered access log every second
    logs = read_logs()
    for rid in (r1.headers["X-Request-Id"], r2.headers["X-Request-Id"]):
        assert rid in logs  # the requests were logged ...
    for secret in (VALID_ID, TEL, ACCOUNT, user.token):
        assert secret not in logs  # ... without what they carried


def test_access_log_has_route_and_request_id(api):
    r = api.raw("/ping", method="GET", params={"x": "secret-value"})
    time.sleep(1.5)
    logs = read_logs()
    line = [l for l in logs.splitlines() if r.headers["X-Request-Id"] in l]
    assert any('"GET /ping"' in l for l in line), line
    assert "secret-value" not in logs


# -- nginx's error log, as scripts/run renders the site ----------------------
#
# nginx ends every message about a request with its request line, query
# string included, whatever the message's level.  These are the three ways
# a request makes nginx write one: a body over the limit (413), a refused
# login (429 of limit_req) and an unreachable worker pool (502).  The site
# is rendered and started by the same functions scripts/run uses, in a
# private prefix whose FastCGI socket nobody listens on.

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(
    __file__))))
PERSONAL = {"idcardnumber": VALID_ID, "tel": TEL}
WX_CODE = "0a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def dev_nginx(tmp_path_factory):
    """A development nginx (scripts/run's rendering) in front of nothing:
    yields (base URL, its log folder)."""
    root = tmp_path_factory.mktemp("devnginx")
    prefix, logdir, media = root / "nginx", root / "log", root / "files"
    for d in (prefix, logdir, media):
        d.mkdir()
    port = free_port()
    script = r'''
set -euo pipefail
ZF_PROG=test-logs
. "$1/scripts/lib/common.sh"
. "$1/scripts/lib/nginx.sh"
zf_nginx_render_site "$2/zufang.conf" "$3/dead.sock" "$4" "127.0.0.1:$5" \
	localhost "$6"
zf_nginx_prefix "$2" "$6" "$2/zufang.conf"
zf_nginx_test "$2"
exec nginx -p "$2" -c conf/nginx.conf -e "$2/logs/error.log" \
	-g 'daemon off;' </dev/null
'''
    proc = subprocess.Popen(
        ["bash", "-c", script, "test-logs", REPO, str(prefix), str(root),
         str(media), str(port), str(logdir)])
    base = "http://127.0.0.1:%d" % port
    deadline = time.time() + 20
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if proc.poll() is not None or time.time() > deadline:
                proc.kill()
                pytest.fail("the development nginx did not start")
            time.sleep(0.05)
    yield base, logdir, prefix
    proc.terminate()
    proc.wait(timeout=20)


def dev_logs(logdir, prefix):
    text = ""
    for path in list(logdir.iterdir()) + list((prefix / "logs").iterdir()):
        if path.is_file():
            text += path.read_bytes().decode("utf-8", errors="replace")
    return text


def assert_no_query_in_logs(logdir, prefix, secrets):
    time.sleep(1.2)  # the access log is flushed every second
    logs = dev_logs(logdir, prefix)
    for s in secrets:
        assert s not in logs, logs[-2000:]
    assert "request: " not in logs, logs[-2000:]


def test_dev_nginx_413_writes_no_query_string(dev_nginx):
    base, logdir, prefix = dev_nginx
    query = urllib.parse.urlencode(dict(PERSONAL, realname="张三"))
    status, _, body = raw_http(
        base, "POST", "/user_identification?" + query,
        {"Content-Type": "application/octet-stream",
         "Content-Length": str(50 * 1024 * 1024)}, b"x" * 65536)
    assert status == 413 and b'"status":10' in body
    assert_no_query_in_logs(logdir, prefix, PERSONAL.values())


def test_dev_nginx_429_writes_no_query_string(dev_nginx):
    base, logdir, prefix = dev_nginx
    seen = set()
    for _ in range(30):
        status, _, _ = raw_get(base, "/wx_fetch_userinfo?code=" + WX_CODE)
        seen.add(status)
        if status == 429:
            break
    assert 429 in seen, seen
    assert_no_query_in_logs(logdir, prefix, [WX_CODE])


def test_dev_nginx_upstream_error_writes_no_query_string(dev_nginx):
    base, logdir, prefix = dev_nginx
    status, _, body = raw_get(
        base, "/create_userinfo?" + urllib.parse.urlencode(PERSONAL))
    assert status == 502 and b'"status":5' in body
    assert_no_query_in_logs(logdir, prefix, PERSONAL.values())


def test_test_stack_413_writes_no_query_string(base):
    query = urllib.parse.urlencode(dict(PERSONAL, realname="张三"))
    status, hdrs, _ = raw_http(
        base, "POST", "/user_identification?" + query,
        {"Content-Type": "application/octet-stream",
         "Content-Length": str(50 * 1024 * 1024)}, b"x" * 65536)
    assert status == 413
    time.sleep(1.2)
    logs = read_logs()
    assert hdrs["x-request-id"] in logs
    for s in PERSONAL.values():
        assert s not in logs
