"""The README's walkthrough, run exactly as written against the test stack.

The block between <!-- walkthrough --> and <!-- /walkthrough --> is what a
newcomer pastes into a shell; only the three base URLs at its top are set
(through the variables it reads) to the test stack's.
"""

import json
import os
import re
import subprocess

from conftest import need_env

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(
    __file__))))


def walkthrough():
    with open(os.path.join(REPO, "README.md"), encoding="utf-8") as f:
        text = f.read()
    m = re.search(r"<!-- walkthrough -->\n```sh\n(.*?)```\n<!-- /walkthrough -->",
                  text, re.S)
    assert m, "README.md has no walkthrough block"
    return m.group(1)


def test_readme_walkthrough(api):
    env = dict(os.environ, Z=need_env("ZUFANG_TEST_BASE"),
               WX=need_env("ZUFANG_TEST_WECHAT"),
               ALI=need_env("ZUFANG_TEST_ALIPAY"))
    p = subprocess.run(["bash", "-euo", "pipefail", "-c", walkthrough()],
                       cwd=REPO, env=env, capture_output=True, text=True,
                       timeout=120)
    assert p.returncode == 0, (p.stdout, p.stderr)
    lines = p.stdout.strip().split("\n")
    # two profiles, the photo, the release
    for line in lines[:4]:
        assert json.loads(line) == {"status": 0, "msg": ""}, p.stdout
    # the cashier's "pay" sends the browser back to return_url
    assert re.match(r"^302 -> %s/paid\?" % re.escape(env["Z"]), lines[4]), \
        p.stdout
    paid = json.loads("\n".join(lines[5:]))
    assert paid["state"] == 2 and paid["paid_time"], p.stdout
    assert p.stderr == "", p.stderr
