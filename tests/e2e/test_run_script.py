"""scripts/run as a newcomer uses it: it comes up on the configured ports
(the fakes' fixed ones included), the README's walkthrough works against it
as written, a part that dies is started again, one that keeps dying stops
everything, and SIGTERM stops it cleanly.

Each run has its own state folder and free ports; only the build is shared
with the test stack (scripts/run finds it up to date)."""

import json
import os
import queue
import re
import signal
import socket
import subprocess
import threading
import time

import pytest
import requests

from test_readme import REPO, walkthrough


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Run:
    """scripts/run in the background, its output read line by line."""

    def __init__(self, state, **env):
        self.port = free_port()
        self.wport, self.aport = free_port(), free_port()
        e = {k: v for k, v in os.environ.items()
             if not k.startswith("ZUFANG_")}
        e.update(ZUFANG_STATE_DIR=str(state), ZUFANG_PORT=str(self.port),
                 ZUFANG_DEV_WECHAT_PORT=str(self.wport),
                 ZUFANG_DEV_ALIPAY_PORT=str(self.aport), ZUFANG_WORKERS="2")
        e.update(env)
        self.base = "http://127.0.0.1:%d" % self.port
        self.state = state
        self.lines = queue.Queue()
        self.seen = []
        self.p = subprocess.Popen(
            [os.path.join(REPO, "scripts", "run")], cwd=REPO, env=e,
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True, start_new_session=True)
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.p.stdout:
            self.lines.put(line.rstrip("\n"))
        self.lines.put(None)

    def wait_for(self, pattern, secs=120):
        """The first new line matching pattern (a regex)."""
        deadline = time.monotonic() + secs
        while True:
            left = deadline - time.monotonic()
            try:
                line = self.lines.get(timeout=max(left, 0.01))
            except queue.Empty:
                line = ""
            if line is None or left <= 0:
                pytest.fail("no line like %r; got:\n%s" %
                            (pattern, "\n".join(self.seen)))
            self.seen.append(line)
            if re.search(pattern, line):
                return line

    def children(self, name):
        out = subprocess.run(["pgrep", "-P", str(self.p.pid), "-x", name],
                             capture_output=True, text=True).stdout
        return [int(x) for x in out.split()]

    def stop(self):
        if self.p.poll() is None:
            self.p.send_signal(signal.SIGTERM)
            try:
                self.p.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(self.p.pid, signal.SIGKILL)
                self.p.wait()
        return self.p.returncode


def pid_file(path):
    with open(path) as f:
        return int(f.read().strip())


def db_answers(base):
    r = requests.get(base + "/regions", timeout=10).json()
    return r["status"] == 0 and len(r["ans"]) > 0


@pytest.fixture(scope="module")
def state(tmp_path_factory):
    return tmp_path_factory.mktemp("run-state")


def test_run_restarts_what_dies(state):
    run = Run(state)
    try:
        run.wait_for(r"^zufang is up at %s/" % re.escape(run.base))
        run.wait_for(r"WX=http://127\.0\.0\.1:%d ALI=http://127\.0\.0\.1:%d"
                     % (run.wport, run.aport), 5)
        # The walkthrough, as written, with the ports scripts/run chose.
        env = dict(os.environ, Z=run.base,
                   WX="http://127.0.0.1:%d" % run.wport,
                   ALI="http://127.0.0.1:%d" % run.aport)
        p = subprocess.run(["bash", "-euo", "pipefail", "-c", walkthrough()],
                           cwd=REPO, env=env, capture_output=True, text=True,
                           timeout=120)
        assert p.returncode == 0, (p.stdout, p.stderr)
        out = p.stdout.strip().split("\n")
        assert json.loads("\n".join(out[5:]))["state"] == 2, p.stdout

        os.kill(pid_file(state / "run" / "mysqld.pid"), signal.SIGKILL)
        run.wait_for(r"mariadb exited unexpectedly: restarting it in 1s")
        run.wait_for(r"mariadb restarted")
        assert db_answers(run.base)

        os.kill(pid_file(state / "nginx" / "nginx.pid"), signal.SIGKILL)
        run.wait_for(r"nginx exited unexpectedly: restarting it")
        run.wait_for(r"nginx restarted")
        assert requests.get(run.base + "/ping", timeout=10).json()["status"] == 0

        masters = run.children("zufang-fcgi")
        assert len(masters) == 1, masters
        os.kill(masters[0], signal.SIGKILL)
        run.wait_for(r"workers exited unexpectedly: restarting it")
        run.wait_for(r"workers restarted")
        assert db_answers(run.base)
        assert len(run.children("zufang-fcgi")) == 1

        os.kill(run.children("python3")[0], signal.SIGKILL)
        run.wait_for(r"(wechat|alipay) exited unexpectedly")
        run.wait_for(r"(wechat|alipay) restarted")
    finally:
        rc = run.stop()
    assert rc == 0, "\n".join(run.seen)
    assert any("stopped (data kept in" in l for l in run.seen) or \
        run.wait_for(r"stopped \(data kept in", 10)
    assert not run.children("mariadbd") and not run.children("nginx")


def test_run_gives_up_after_its_restarts(state):
    # The fake WeChat's port is taken: it listens on another, and says so.
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen(1)
    run = Run(state, ZF_RUN_RESTARTS="0",
              ZUFANG_DEV_WECHAT_PORT=str(taken.getsockname()[1]))
    try:
        line = run.wait_for(r"port %d is taken: the fake WeChat listens on "
                            r"\d+ instead" % taken.getsockname()[1])
        other = int(re.search(r"listens on (\d+)", line).group(1))
        run.wait_for(r"^zufang is up at ")
        run.wait_for(r"fake WeChat runs at|http://127\.0\.0\.1:%d " % other)
        run.wait_for(r"http://127\.0\.0\.1:%d" % other, 5)
        os.kill(pid_file(state / "nginx" / "nginx.pid"), signal.SIGKILL)
        run.wait_for(r"nginx exited unexpectedly, restarted 0 times already: "
                     r"giving up")
        run.wait_for(r"stopped \(data kept in", 60)
        assert run.p.wait(timeout=60) != 0
    finally:
        run.stop()
    taken.close()
    with pytest.raises(requests.ConnectionError):
        requests.get(run.base + "/ping", timeout=5)
