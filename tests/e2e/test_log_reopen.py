"""Logs reopened on SIGUSR1 (workers through their master, and nginx), the
repository's logrotate file, and the slow-request line.

These run on a private stack (its own worker pool with its own log file and
slow_request_ms = 0, its own nginx, the shared MariaDB), so moving log files
away never disturbs the shared stack's log that tests/e2e/test_logs.py reads.
"""

import grp
import os
import pwd
import re
import signal
import socket
import subprocess
import time

import pytest
import requests

from conftest import need_env

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(
    __file__))))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(pred, what, secs=20):
    deadline = time.time() + secs
    while not pred():
        if time.time() > deadline:
            pytest.fail("timed out waiting for " + what)
        time.sleep(0.05)


class Stack:
    pass


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    need_env("ZUFANG_TEST_BASE")
    root = tmp_path_factory.mktemp("logstack")
    st = Stack()
    st.log = root / "log"
    st.prefix = root / "nginx"
    for d in (st.log, st.prefix):
        d.mkdir()
    st.zlog = st.log / "zufang.log"
    sock = root / "fcgi.sock"
    # Its own upload folder too: a master sweeps its folder at start.
    env = dict(os.environ, ZUFANG_SOCKET=str(sock),
               ZUFANG_LOG_FILE=str(st.zlog), ZUFANG_SLOW_REQUEST_MS="0",
               ZUFANG_WORKERS="2",
               ZUFANG_UPLOAD_TMP_DIR=str(root / "uploads"))
    st.master = subprocess.Popen(
        ["spawn-fcgi", "-n", "-s", str(sock), "-M", "0660", "--",
         os.path.join(REPO, "build", "zufang-fcgi")],
        env=env, stdin=subprocess.DEVNULL, start_new_session=True)
    wait_for(sock.exists, "the private workers' socket")
    port = free_port()
    script = r'''
set -euo pipefail
ZF_PROG=test-log-reopen
. "$1/scripts/lib/common.sh"
. "$1/scripts/lib/nginx.sh"
zf_nginx_render_site "$2/zufang.conf" "$3" "$ZUFANG_TEST_MEDIA" \
	"127.0.0.1:$4" localhost "$5"
zf_nginx_prefix "$2" "$5" "$2/zufang.conf"
exec nginx -p "$2" -c conf/nginx.conf -e "$2/logs/error.log" \
	-g 'daemon off;' </dev/null
'''
    st.nginx = subprocess.Popen(
        ["bash", "-c", script, "test-log-reopen", REPO, str(st.prefix),
         str(sock), str(port), str(st.log)], start_new_session=True)
    st.base = "http://127.0.0.1:%d" % port

    def up():
        try:
            return requests.get(st.base + "/ping", timeout=2).ok
        except requests.RequestException:
            return False
    wait_for(up, "the private stack's /ping")
    yield st
    st.nginx.terminate()
    st.nginx.wait(timeout=20)
    st.master.terminate()  # the master stops its workers
    st.master.wait(timeout=20)


def ping(st, path="/ping"):
    r = requests.get(st.base + path, timeout=30)
    return r.headers["X-Request-Id"]


def reopen(st, logfile):
    """Move logfile away and SIGUSR1 the master; returns the moved path
    once the master wrote to the new file (its workers got the signal)."""
    old = logfile.with_name(logfile.name + ".1")
    os.rename(logfile, old)
    os.kill(st.master.pid, signal.SIGUSR1)
    wait_for(lambda: logfile.exists() and
             "log reopened" in logfile.read_text(), "the master's reopen")
    time.sleep(0.3)  # the workers' signals, sent after that line
    return old


def test_workers_reopen_their_log_on_sigusr1(stack):
    before = ping(stack)
    wait_for(lambda: before in stack.zlog.read_text(), "the first line")
    old = reopen(stack, stack.zlog)
    # Both workers: enough requests that each answers some.
    rids = [ping(stack) for _ in range(12)]
    new_text = stack.zlog.read_text()
    old_text = old.read_text()
    assert before in old_text
    for rid in rids:
        assert rid in new_text and rid not in old_text
    old.unlink()


def test_the_repositorys_logrotate_file(stack, tmp_path):
    """systemd/zufang.logrotate run by logrotate itself, pointed at the
    private stack: its log path, owner and the master's pid put in."""
    text = open(os.path.join(REPO, "systemd", "zufang.logrotate")).read()
    assert "/var/log/zufang/zufang.log {" in text
    directives = [l.split()[0] for l in text.splitlines()
                  if l.strip() and not l.lstrip().startswith("#")]
    assert "copytruncate" not in directives  # moved and reopened
    me = "%s %s" % (pwd.getpwuid(os.getuid()).pw_name,
                    grp.getgrgid(os.getgid()).gr_name)
    text = text.replace("/var/log/zufang/zufang.log", str(stack.zlog))
    text = text.replace("zufang www-data", me)
    text, n = re.subn(r"systemctl kill --signal=USR1 --kill-whom=main "
                      r"zufang.service", "kill -USR1 %d" % stack.master.pid,
                      text)
    assert n == 1
    conf = tmp_path / "zufang.logrotate"
    conf.write_text(text)
    conf.chmod(0o644)
    before = ping(stack)
    wait_for(lambda: before in stack.zlog.read_text(), "the first line")
    subprocess.run(["logrotate", "-f", "-s", str(tmp_path / "state"),
                    str(conf)], check=True, timeout=60)
    rotated = stack.zlog.with_name("zufang.log.1")
    assert rotated.exists() and before in rotated.read_text()
    wait_for(lambda: "log reopened" in stack.zlog.read_text(),
             "the master's reopen")
    time.sleep(0.3)
    rids = [ping(stack) for _ in range(8)]
    text = stack.zlog.read_text()
    for rid in rids:
        assert rid in text and rid not in rotated.read_text()


def test_nginx_reopens_its_log_on_sigusr1(stack):
    access = stack.log / "nginx-access.log"
    rid = ping(stack)
    wait_for(lambda: access.exists() and rid in access.read_text(),
             "nginx's first line")
    old = access.with_name("nginx-access.log.1")
    os.rename(access, old)
    pid = int((stack.prefix / "nginx.pid").read_text())
    os.kill(pid, signal.SIGUSR1)
    wait_for(access.exists, "nginx's new access log")
    rid2 = ping(stack)
    wait_for(lambda: rid2 in access.read_text(), "nginx's line (flush 1 s)")
    assert rid2 not in old.read_text()


def test_slow_request_line_names_the_route_not_the_path(stack):
    mobile, big_id = "13987654321", "98765432101"
    r = requests.get(stack.base + "/api/v1.0/houses/" + big_id,
                     params={"tel": mobile}, timeout=30)
    rid = r.headers["X-Request-Id"]
    r2 = requests.get(stack.base + "/no/such/" + mobile, timeout=30)
    rid2 = r2.headers["X-Request-Id"]
    wait_for(lambda: rid2 in stack.zlog.read_text(), "the lines")
    lines = [l for l in stack.zlog.read_text().splitlines()
             if "slow request" in l]
    mine = [l for l in lines if rid in l]
    assert len(mine) == 1, lines[-5:]
    assert re.search(r"WARN .* slow request: GET /api/v1\.0/houses/\{id\} "
                     r"surface ihome -> %d \S+ [0-9.]+ ms "
                     r"\(slow_request_ms 0\)" % r.status_code, mine[0]), mine
    unmatched = [l for l in lines if rid2 in l]
    assert len(unmatched) == 1 and "(unmatched)" in unmatched[0]
    for l in lines:
        assert mobile not in l and big_id not in l


def test_private_pool_counts_its_slow_requests(stack):
    """Its own master, its own counters: every request is slow here."""
    def slow():
        r = requests.get(stack.base + "/metrics", timeout=30)
        m = re.search(r"^zufang_slow_requests_total (\d+)$", r.text, re.M)
        return int(m.group(1))
    a = slow()
    for _ in range(5):
        ping(stack)
    assert slow() - a == 6  # the five pings and the first scrape
