"""What the fakes' self-checks (check_alipay_fake.py, check_sms_fake.py)
share: counted checks, plain HTTP to a fake and its /__fake__ control
routes, starting a fake on a free port and running the parts."""

import http.client
import json
import re
import subprocess
import sys
import traceback

VERBOSE = "-v" in sys.argv[1:]

passed = 0
failed = 0


def check(name, cond, detail=""):
    global passed, failed
    if cond:
        passed += 1
        if VERBOSE:
            print("ok   %s" % name)
    else:
        failed += 1
        print("FAIL %s %s" % (name, detail), flush=True)
    return cond


def http_req(port, method, path, body=None, headers=None, timeout=30):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        r = conn.getresponse()
        return r.status, dict(r.getheaders()), r.read()
    finally:
        conn.close()


def control(port, name, spec=None, query=""):
    """GET /__fake__/name[?query], or POST spec to it as JSON -> (status,
    the decoded answer)."""
    path = "/__fake__/" + name + ("?" + query if query else "")
    if spec is None:
        st, _, body = http_req(port, "GET", path)
    else:
        st, _, body = http_req(port, "POST", path,
                               json.dumps(spec).encode(),
                               {"Content-Type": "application/json"})
    return st, json.loads(body.decode("utf-8"))


def start(argv, log, name):
    """Start a fake (argv after the interpreter) that prints "<name> fake
    listening on PORT" -> (process, port), port None when it did not."""
    proc = subprocess.Popen([sys.executable] + argv, stdout=subprocess.PIPE,
                            stderr=log, text=True)
    line = proc.stdout.readline()
    m = re.match(r"^%s fake listening on (\d+)$" % name, line.strip())
    check("the fake says its port", m is not None, line)
    return proc, int(m.group(1)) if m else None


def run_parts(parts):
    """Call each part; a crash in one fails it and the others still run."""
    for part in parts:
        try:
            part()
        except Exception as ex:
            traceback.print_exc()
            check("no exception in %s" % getattr(part, "__name__", "part"),
                  False, repr(ex))


def summary():
    """Print the counts -> the exit status."""
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0
