"""/metrics (Prometheus text 0.0.4) and nginx's stub_status, loopback only.

The counters are the whole worker pool's (one shared mapping made by the
master before it forks), so they move with requests whichever worker
answered them.  Other test files share the stack: counts are compared
exactly only for a route and outcome no other test produces (a POST to
/metrics), and with >= elsewhere.
"""

import os
import re
import signal
import socket
import subprocess
import time

import pytest
import requests

from conftest import need_env, raw_get

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(
    __file__))))
CTYPE = "text/plain; version=0.0.4; charset=utf-8"
SERIES = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)$')
LABEL = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"')


def scrape(base):
    r = requests.get(base + "/metrics", timeout=30)
    assert r.status_code == 200, r.text[:500]
    assert r.headers["Content-Type"] == CTYPE
    return r.text


def parse(text):
    """{(name, frozenset(labels.items())): value}"""
    out = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        m = SERIES.match(line)
        assert m, line
        labels = frozenset(LABEL.findall(m.group(3) or ""))
        out[(m.group(1), labels)] = float(m.group(4))
    return out


def value(series, name, **labels):
    want = set(labels.items())
    return sum(v for (n, ls), v in series.items()
               if n == name and want <= set(ls))


def test_scrape_passes_promtool(base, api, user):
    api.raw("/fetch_userinfo", token=user.token)  # at least one request row
    text = scrape(base)
    p = subprocess.run(["promtool", "check", "metrics"], input=text.encode(),
                       capture_output=True, timeout=60)
    assert p.returncode == 0, (p.stdout + p.stderr).decode()[-2000:]
    for name in ("zufang_requests_total", "zufang_request_duration_seconds",
                 "zufang_worker_starts_total", "zufang_worker_deaths_total",
                 "zufang_db_reconnects_total", "zufang_db_errors_total",
                 "zufang_third_party_calls_total",
                 "zufang_third_party_call_duration_seconds",
                 "zufang_sms_total", "zufang_upload_bytes_total"):
        assert "# TYPE %s " % name in text, name
    s = parse(text)
    assert value(s, "zufang_requests_total", surface="qsz",
                 route="/fetch_userinfo", status="200", code="0") >= 1
    # The workers' start: every worker of the pool counted.
    assert value(s, "zufang_worker_starts_total") >= 1


def test_counts_move_exactly_with_requests(base):
    """Only this test POSTs to /metrics (a 405 of QSZ) or scrapes it."""
    before = parse(scrape(base))
    n = 7
    for _ in range(n):
        r = requests.post(base + "/metrics", timeout=30)
        assert r.status_code == 405, r.text
    after = parse(scrape(base))

    def refused(s):
        return value(s, "zufang_requests_total", surface="qsz",
                     route="/metrics", status="405")

    def hist_count(s):
        return value(s, "zufang_request_duration_seconds_count",
                     surface="qsz", route="/metrics")

    assert refused(after) - refused(before) == n
    # The POSTs and the first scrape (counted once it was answered).
    assert hist_count(after) - hist_count(before) == n + 1
    inf = value(after, "zufang_request_duration_seconds_bucket",
                surface="qsz", route="/metrics", le="+Inf")
    assert inf == hist_count(after)


def test_other_surfaces_and_unmatched_paths(base, api):
    before = parse(scrape(base))
    for _ in range(3):
        assert requests.get(base + "/api/v1.0/no-such-route-m",
                            timeout=30).status_code in (200, 404)
        requests.get(base + "/api/v1.0/areas", timeout=30)
    after = parse(scrape(base))
    for route in ("(unmatched)", "/api/v1.0/areas"):
        got = (value(after, "zufang_requests_total", surface="ihome",
                     route=route) -
               value(before, "zufang_requests_total", surface="ihome",
                     route=route))
        assert got >= 3, route


def test_no_raw_paths_ids_mobiles_or_tokens(base, api, user):
    mobile, big_id = "13987654321", "98765432101"
    requests.get(base + "/api/v1.0/houses/" + big_id, timeout=30)
    requests.get(base + "/no/such/" + mobile, timeout=30)
    requests.get(base + "/file/data/private/" + big_id + "/x.png",
                 headers={"token": user.token}, timeout=30)
    api.raw("/fetch_userinfo", token=user.token, params={"tel": mobile})
    text = scrape(base)
    for secret in (mobile, big_id, user.token, "no/such"):
        assert secret not in text, secret
    assert 'route="/api/v1.0/houses/{id}"' in text
    for labels in re.findall(r'route="([^"]*)"', text):
        assert labels == "(unmatched)" or labels.startswith("/"), labels


# -- a worker killed ----------------------------------------------------------

def pool_pids():
    """(master, [workers]) of the normal stack's pool: the zufang-fcgi
    processes of our state folder whose socket is not overridden (the
    openid-trusting pool sets ZUFANG_SOCKET)."""
    state = os.path.realpath(need_env("ZUFANG_TEST_STATE"))
    procs = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open("/proc/%s/cmdline" % d, "rb") as f:
                cmd = f.read().split(b"\0")
            with open("/proc/%s/environ" % d, "rb") as f:
                env = dict(e.split(b"=", 1) for e in f.read().split(b"\0")
                           if b"=" in e)
            with open("/proc/%s/stat" % d) as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        if not cmd or not cmd[0].endswith(b"zufang-fcgi"):
            continue
        sd = env.get(b"ZUFANG_STATE_DIR", b"").decode()
        if os.path.realpath(sd) != state or b"ZUFANG_SOCKET" in env:
            continue
        procs[int(d)] = ppid
    masters = [p for p, pp in procs.items() if pp not in procs]
    assert len(masters) == 1, procs
    return masters[0], sorted(p for p, pp in procs.items()
                              if pp == masters[0])


def test_killed_worker_shows_in_deaths_and_starts(base):
    master, workers = pool_pids()
    assert workers
    before = parse(scrape(base))
    os.kill(workers[0], signal.SIGKILL)
    deadline = time.time() + 20
    while True:
        _, now = pool_pids()
        if workers[0] not in now and len(now) == len(workers):
            break
        assert time.time() < deadline, (workers, now)
        time.sleep(0.1)
    after = parse(scrape(base))
    for name in ("zufang_worker_deaths_total", "zufang_worker_starts_total"):
        assert value(after, name) - value(before, name) >= 1, name
    assert requests.get(base + "/ping", timeout=30).status_code == 200


# -- loopback only -------------------------------------------------------------

def stub(text):
    return re.search(r"Active connections: (\d+)", text)


def test_nginx_stub_status(base):
    r = requests.get(base + "/nginx_status", timeout=30)
    assert r.status_code == 200 and stub(r.text), r.text
    assert re.search(r"\n\s*\d+ \d+ \d+", r.text), r.text


def outside_address():
    """A local address that is not loopback, or None."""
    try:
        out = subprocess.run(["hostname", "-I"], capture_output=True,
                             text=True, timeout=10).stdout.split()
    except OSError:
        return None
    for a in out:
        if "." in a and not a.startswith("127."):
            return a
    return None


def free_port(addr):
    with socket.socket() as s:
        s.bind((addr, 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def outside_nginx(tmp_path_factory):
    """The site as scripts/run renders it, listening on a non-loopback
    address of this machine, in front of the stack's workers: a request to
    that address comes from it, not from loopback."""
    addr = outside_address()
    if addr is None:
        pytest.skip("no non-loopback IPv4 address on this machine")
    state = need_env("ZUFANG_TEST_STATE")
    root = tmp_path_factory.mktemp("outside")
    prefix, logdir = root / "nginx", root / "log"
    for d in (prefix, logdir):
        d.mkdir()
    port = free_port(addr)
    script = r'''
set -euo pipefail
ZF_PROG=test-metrics
. "$1/scripts/lib/common.sh"
. "$1/scripts/lib/nginx.sh"
zf_nginx_render_site "$2/zufang.conf" "$3/run/fcgi.sock" "$3/files" \
	"$4" localhost "$5"
zf_nginx_prefix "$2" "$5" "$2/zufang.conf"
exec nginx -p "$2" -c conf/nginx.conf -e "$2/logs/error.log" \
	-g 'daemon off;' </dev/null
'''
    proc = subprocess.Popen(
        ["bash", "-c", script, "test-metrics", REPO, str(prefix), state,
         "%s:%d" % (addr, port), str(logdir)])
    deadline = time.time() + 20
    while True:
        try:
            socket.create_connection((addr, port), timeout=1).close()
            break
        except OSError:
            if proc.poll() is not None or time.time() > deadline:
                proc.kill()
                pytest.fail("the outside nginx did not start")
            time.sleep(0.05)
    yield "http://%s:%d" % (addr, port)
    proc.terminate()
    proc.wait(timeout=20)


def test_metrics_and_stub_status_refused_off_loopback(outside_nginx):
    assert raw_get(outside_nginx, "/ping")[0] == 200
    for path in ("/metrics", "/nginx_status"):
        status, _, body = raw_get(outside_nginx, path)
        assert status == 403, (path, body[:300])
        assert b"zufang_" not in body and not stub(body.decode(
            "utf-8", "replace"))
