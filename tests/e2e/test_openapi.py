"""The API described (issue 13 §6): /openapi.json and the /docs/ page.

The document is made by the workers from their route tables (app/openapi.c).
These tests check that a real validator (Redocly CLI, installed by
scripts/test from tests/openapi/) accepts it, that every route of every
table is in it (against a list read here from the C sources, so a route
added to a table but missing from the description fails), a few schemas
in detail, and that /docs/ serves its viewer with nothing from elsewhere.
"""

import glob
import json
import os
import re
import subprocess
import urllib.parse

import pytest
import requests

REPO = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
METHODS = {"M_GET": "get", "M_POST": "post", "M_PUT": "put",
           "M_DELETE": "delete", "M_OPTIONS": "options"}


@pytest.fixture(scope="module")
def doc(base):
    r = requests.get(base + "/openapi.json", timeout=10)
    assert r.status_code == 200
    return r.json()


# -- the route tables, read from the C sources --------------------------------

def _strip_comments(src):
    return re.sub(r"/\*.*?\*/", " ", src, flags=re.S)


def _split_top(text):
    """Split text at commas outside parentheses, braces and strings."""
    parts, depth, cur, i = [], 0, [], 0
    while i < len(text):
        c = text[i]
        if c == '"':
            j = i + 1
            while text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            cur.append(text[i:j + 1])
            i = j + 1
            continue
        if c in "({[":
            depth += 1
        elif c in ")}]":
            depth -= 1
        if c == "," and depth == 0:
            parts.append("".join(cur).strip())
            cur = []
        else:
            cur.append(c)
        i += 1
    if "".join(cur).strip():
        parts.append("".join(cur).strip())
    return parts


def _methods(expr, args=None):
    """M_GET | M_POST -> {"get", "post"}; a macro argument is looked up."""
    expr = expr.strip().strip("()")
    if args is not None and expr in args:
        expr = args[expr]
    return {METHODS[m] for m in re.findall(r"M_[A-Z]+", expr)
            if m in METHODS}


def table_routes(path):
    """[(path key, {methods})] of the `routes[]` table of a routes.c."""
    src = _strip_comments(open(path, encoding="utf-8").read())
    macros = {}
    for m in re.finditer(r"#define\s+(\w+)\(([^)]*)\)((?:.*\\\n)*.*)", src):
        body = m.group(3).replace("\\\n", " ")
        mm = re.search(r"\.methods\s*=\s*([^,}]+)", body)
        pp = re.search(r"\.path\s*=\s*\(?(\w+)\)?", body)
        macros[m.group(1)] = ([a.strip() for a in m.group(2).split(",")],
                              mm.group(1) if mm else "", pp.group(1))
    table = re.search(r"static struct route routes\[\] = \{(.*?)\n\};",
                      src, re.S).group(1)
    out = []
    for entry in _split_top(table):
        if not entry:
            continue
        if entry.startswith("{"):
            path = re.search(r'\.path\s*=\s*"([^"]*)"', entry).group(1)
            meth = _methods(re.search(r"\.methods\s*=\s*([^,}]+)",
                                      entry).group(1))
            prefix = re.search(r"\.prefix\s*=\s*1", entry) is not None
        else:
            name, inner = re.match(r"(\w+)\((.*)\)$", entry, re.S).groups()
            params, mexpr, pname = macros[name]
            args = dict(zip(params, _split_top(inner)))
            path = json.loads(args[pname])
            meth = _methods(mexpr, args)
            prefix = False
        out.append((path + ("{rest}" if prefix else ""), meth))
    return out


def all_tables():
    tables = {}
    for f in sorted(glob.glob(os.path.join(REPO, "app", "*", "routes.c"))):
        tables[os.path.basename(os.path.dirname(f))] = table_routes(f)
    return tables


def test_the_source_reader_sees_the_tables():
    t = all_tables()
    assert {"qsz", "ihome", "directory", "rental"} <= set(t)
    assert ("/api/agents/", {"post"}) in t["directory"]
    assert ("/ping", {"get", "post"}) in t["qsz"]
    assert ("/build/allbuild/{page}/{size}", {"post"}) in t["rental"]
    assert ("/api/v1.0/houses/{id}/images", {"post"}) in t["ihome"]
    assert ("/file/data/private/{rest}", {"get"}) in t["qsz"]
    assert ("/openapi.json", {"get"}) in t["qsz"]


# -- /openapi.json -----------------------------------------------------------

def test_served_as_json(base):
    r = requests.get(base + "/openapi.json", timeout=10)
    assert r.status_code == 200
    assert r.headers["Content-Type"].startswith("application/json")
    assert r.json()["openapi"] == "3.1.0"
    h = requests.head(base + "/openapi.json", timeout=10)
    assert h.status_code == 200 and h.content == b""
    # Made once per worker: every worker answers the same text.
    again = {requests.get(base + "/openapi.json", timeout=10).content
             for _ in range(6)}
    assert again == {r.content}


def test_a_real_validator_accepts_it(doc, tmp_path):
    lint = os.environ.get("ZUFANG_TEST_REDOCLY") or os.path.join(
        REPO, "tests", "openapi", "node_modules", ".bin", "redocly")
    assert os.access(lint, os.X_OK), \
        "Redocly CLI missing: scripts/test installs it (npm ci tests/openapi)"
    f = tmp_path / "openapi.json"
    f.write_text(json.dumps(doc))
    env = dict(os.environ, REDOCLY_TELEMETRY="off",
               REDOCLY_SUPPRESS_UPDATE_NOTICE="true", NO_COLOR="1")
    p = subprocess.run(
        [lint, "lint", "--config",
         os.path.join(REPO, "tests", "openapi", "redocly.yaml"),
         "--format", "stylish", "--max-problems", "1000", str(f)],
        capture_output=True, text=True, timeout=120, env=env)
    assert p.returncode == 0, p.stdout + p.stderr
    # Warnings are findings too: none is expected.
    assert not re.search(r"\bwarning\b", p.stdout), p.stdout


def _operations(doc):
    """{(tag, path, method): operation}"""
    ops = {}
    for path, item in doc["paths"].items():
        for method, op in item.items():
            if method.startswith("x-"):
                continue
            for tag in op["tags"]:
                assert (tag, path, method) not in ops
                ops[(tag, path, method)] = op
    return ops


def test_every_route_of_every_table_is_described(doc):
    tables = all_tables()
    want = {(s, p, m) for s, routes in tables.items()
            for p, ms in routes for m in ms}
    got = set(_operations(doc))
    assert want - got == set(), "routes missing from the description"
    assert got - want == set(), "operations no table has"
    # The document's own count of routes, and each operation's route.
    assert doc["info"]["x-zufang-routes"] == sum(map(len, tables.values()))
    tags = {t["name"]: t for t in doc["tags"]}
    seen = {}
    for (tag, _, _), op in _operations(doc).items():
        s, i = op["x-zufang-route"].split("#")
        assert s == tag
        seen.setdefault(s, set()).add(int(i))
    for s, routes in tables.items():
        assert tags[s]["x-zufang-routes"] == len(routes)
        assert seen[s] == set(range(len(routes)))


def test_operation_ids_are_unique(doc):
    ids = [op["operationId"] for op in _operations(doc).values()]
    assert len(ids) == len(set(ids))
    assert "directory_post_api_agents" in ids
    assert "qsz_get_search_house" in ids


def test_security_schemes_per_surface(doc):
    sch = doc["components"]["securitySchemes"]
    assert sch["qsz_token"] == {**sch["qsz_token"], "type": "apiKey",
                                "in": "header", "name": "token"}
    assert sch["dir_token"]["in"] == "header"
    assert sch["dir_token"]["name"] == "token"
    assert (sch["ihome_session"]["in"], sch["ihome_session"]["name"]) == \
        ("cookie", "session")
    assert (sch["ihome_csrf"]["in"], sch["ihome_csrf"]["name"]) == \
        ("header", "X-CSRFToken")
    assert (sch["rental_token"]["in"], sch["rental_token"]["name"]) == \
        ("header", "Authorization")
    ops = _operations(doc)
    assert ops[("qsz", "/fetch_userinfo", "get")]["security"] == \
        [{"qsz_token": []}]
    assert ops[("qsz", "/regions", "get")]["security"] == []
    # iHome: every unsafe method carries the CSRF header, logged in or not.
    assert ops[("ihome", "/api/v1.0/user/name", "post")]["security"] == \
        [{"ihome_session": [], "ihome_csrf": []}]
    assert ops[("ihome", "/api/v1.0/session", "post")]["security"] == \
        [{"ihome_csrf": []}]
    assert ops[("ihome", "/api/v1.0/user", "get")]["security"] == \
        [{"ihome_session": []}]
    assert ops[("rental", "/bill/getbills", "post")]["security"] == \
        [{"rental_token": []}]


def test_envelopes_and_codes(doc):
    sch = doc["components"]["schemas"]
    assert set(sch["qsz_envelope"]["required"]) == {"status", "msg", "ans"}
    assert set(sch["ihome_envelope"]["required"]) == {"errno", "errmsg"}
    assert sch["ihome_envelope"]["properties"]["errno"]["type"] == "string"
    assert set(sch["rental_envelope"]["properties"]["meta"]["required"]) \
        == {"status", "msg"}
    op = _operations(doc)[("qsz", "/house_create", "post")]
    assert op["responses"]["200"]["$ref"] == \
        "#/components/responses/qsz_success"
    # The code tables, from the surfaces' own tables.
    desc = doc["components"]["responses"]["ihome_refusal"]["description"]
    assert "| 200 | 4101 | 未登录 |" in desc
    desc = doc["components"]["responses"]["directory_refusal"]["description"]
    assert "| 401 | 401 |" in desc


def test_directory_agent_body(doc):
    op = _operations(doc)[("directory", "/api/agents/", "post")]
    body = op["requestBody"]
    assert body["required"] is True
    for ctype in ("application/json", "application/x-www-form-urlencoded"):
        s = body["content"][ctype]["schema"]
        assert s["type"] == "object"
        assert {"name", "tel"} <= set(s["required"])
        assert s["properties"]["name"] == {"type": "string", "minLength": 1,
                                           "maxLength": 30}
        est = s["properties"]["estates"]
        assert est["type"] == "array" and est["uniqueItems"] is True
        assert est["items"]["type"] == ["integer", "string"]
        assert s["properties"]["servstar"]["maximum"] == 5
    path_item = doc["paths"]["/api/agents/"]
    assert path_item["x-zufang-trailing-slash-optional"] is True


def test_rental_path_parameters(doc):
    op = _operations(doc)[("rental", "/build/allbuild/{page}/{size}",
                           "post")]
    params = {p["name"]: p for p in op["parameters"]}
    assert set(params) == {"page", "size"}
    for p in params.values():
        assert p["in"] == "path" and p["required"] is True
        assert p["schema"]["type"] == "integer"
        assert p["schema"]["minimum"] == 1
    assert params["size"]["schema"]["maximum"] == 50
    op = _operations(doc)[("rental", "/login/auth", "post")]
    assert "application/json" in op["requestBody"]["content"]
    assert op["security"] == []


def test_ihome_file_upload(doc):
    op = _operations(doc)[("ihome", "/api/v1.0/houses/{id}/images", "post")]
    (p,) = op["parameters"]
    assert (p["name"], p["in"]) == ("id", "path")
    content = op["requestBody"]["content"]
    # A file cannot travel urlencoded: multipart only.
    assert list(content) == ["multipart/form-data"]
    mp = content["multipart/form-data"]
    img = mp["schema"]["properties"]["house_image"]
    assert (img["type"], img["format"]) == ("string", "binary")
    assert mp["schema"]["required"] == ["house_image"]
    assert "image/png" in mp["encoding"]["house_image"]["contentType"]


def test_qsz_get_and_post(doc):
    ops = _operations(doc)
    get = ops[("qsz", "/search_house", "get")]
    names = {p["name"]: p for p in get["parameters"]}
    assert names["longitude"]["in"] == "query"
    assert names["longitude"]["schema"]["type"] == "number"
    post = ops[("qsz", "/house_create", "post")]
    form = post["requestBody"]["content"]
    assert {"application/x-www-form-urlencoded", "multipart/form-data"} == \
        set(form)
    up = ops[("qsz", "/create_house_photo", "post")]
    photo = up["requestBody"]["content"]["multipart/form-data"]["schema"][
        "properties"]["house_photo"]
    assert photo["type"] == "array"
    assert photo["items"]["format"] == "binary"


# -- /docs/ ------------------------------------------------------------------

# Outside hosts the vendored bundle names in strings it never fetches:
# specification and licence links, XML namespaces, examples.  The one it
# would fetch by itself, the online validator, init.js turns off.  A new
# version naming another host fails here and is looked at.
BUNDLE_HOSTS = {
    "datatracker.ietf.org", "www.w3.org", "www.rfc-editor.org",
    "spec.openapis.org", "github.com", "json-schema.org",
    "validator.swagger.io", "www.tiktok.com", "twitter.com",
    "instagram.com", "example.com", "www.facebook.com", "vladimirgorej.com",
    "swagger.io", "spdx.org", "soundcloud.com", "redux.js.org",
    "reactjs.org", "base", "fb.me",
}
URL = re.compile(r"https?://([A-Za-z0-9.-]+)")


def _docs_assets(base):
    r = requests.get(base + "/docs/", timeout=10)
    assert r.status_code == 200
    assert r.headers["Content-Type"].startswith("text/html")
    refs = re.findall(r'(?:src|href)="([^"]+)"', r.text)
    return r, refs


def test_docs_page_and_its_assets(base):
    r, refs = _docs_assets(base)
    assert "swagger-ui" in r.text
    assert len(refs) >= 3
    for ref in refs:
        assert not re.match(r"^(?:[a-z]+:)?//", ref), ref
        a = requests.get(urllib.parse.urljoin(base + "/docs/", ref),
                         timeout=10)
        assert a.status_code == 200, ref
        assert len(a.content) > 0
    moved = requests.get(base + "/docs", allow_redirects=False, timeout=10)
    assert moved.status_code == 301
    assert moved.headers["Location"].endswith("/docs/")
    missing = requests.get(base + "/docs/nothing.js", timeout=10)
    assert missing.status_code == 404


def test_docs_load_nothing_from_elsewhere(base):
    r, refs = _docs_assets(base)
    served = {"index.html": r.text}
    for ref in refs:
        served[ref] = requests.get(
            urllib.parse.urljoin(base + "/docs/", ref), timeout=10).text
    init = served["init.js"]
    assert re.search(r'url:\s*"/openapi.json"', init)
    assert re.search(r"validatorUrl:\s*null", init)
    for name, text in served.items():
        hosts = set(URL.findall(text))
        if name.endswith("swagger-ui-bundle.js"):
            assert hosts <= BUNDLE_HOSTS, hosts - BUNDLE_HOSTS
        elif name.endswith(".css"):
            # SVG namespaces inside data: URIs only; no url() elsewhere.
            assert hosts <= {"www.w3.org"}, (name, hosts)
            for u in re.findall(r"url\(([^)]*)\)", text):
                assert u.strip("'\"").startswith("data:"), (name, u)
            assert "@import" not in text
        else:
            assert hosts == set(), (name, hosts)
