"""No log line carries personal data, whatever route it came on.

Parameters may come in the query string (qsz.md 1), so nginx's access log
must not record it, and the service log records routes and statuses only.
"""

import os
import time

from conftest import VALID_ID, need_env

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
