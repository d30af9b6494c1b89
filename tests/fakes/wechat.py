#!/usr/bin/python3
"""A local fake of the WeChat APIs the backend calls at login.

Real HTTP on loopback, shaped like api.weixin.qq.com as far as the
backend can tell (see shared/spec/payments-protocols.md sections 8-10):

  GET /sns/oauth2/access_token?appid=&secret=&code=&grant_type=authorization_code
  GET /sns/userinfo?access_token=&openid=&lang=
  GET /sns/jscode2session?appid=&secret=&js_code=&grant_type=authorization_code

Errors are HTTP 200 with {"errcode": N, "errmsg": "..., rid: ..."}; every
answer is JSON sent as text/plain.  Codes are single-use and expire after
five minutes.

Test control (not WeChat's):

  POST /__fake__/code    {"kind": "oauth"|"mini", "openid": ...,
                          "scope": "snsapi_userinfo"|"snsapi_base",
                          "unionid", "nickname", "sex", "province", "city",
                          "country", "headimgurl", "is_snapshotuser": 1,
                          "code": "<chosen code text>",   (optional)
                          "ttl": <seconds>,               (optional, 300)
                          "errcode": N, "errmsg": "..."}  (optional: the
                          exchange of this code answers that error)
                         -> {"code": "..."}
  GET  /__fake__/calls   -> [{"method", "path", "query": {k: v}, "url",
                              "secret_ok"}]  (secret replaced by "***")
  POST /__fake__/reset   forget codes, tokens and calls
  GET  /__fake__/config  -> {"appid", "secret"} so tests can check that the
                            secret never shows up in the service's log

Usage: wechat.py --port P --appid APPID --secret-file FILE [--host H]
(--port 0 picks a free port; the line "wechat fake listening on PORT"
tells which.)
"""

import argparse
import base64
import json
import os
import secrets
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

CODE_TTL = 300
TOKEN_TTL = 7200


def rid():
    return "%s-%s-%s" % (secrets.token_hex(4), secrets.token_hex(4),
                         secrets.token_hex(4))


def err(code, msg):
    return {"errcode": code, "errmsg": "%s, rid: %s" % (msg, rid())}


class State:
    def __init__(self, appid, secret):
        self.appid = appid
        self.secret = secret
        self.lock = threading.Lock()
        self.reset()

    def reset(self):
        self.codes = {}   # code -> dict (kind, openid, ..., expires)
        self.tokens = {}  # access token -> dict (openid, scope, profile)
        self.calls = []

    def redact(self, text):
        if self.secret:
            text = text.replace(self.secret, "***")
            quoted = urllib.parse.quote(self.secret, safe="")
            text = text.replace(quoted, "***")
            text = text.replace(urllib.parse.quote_plus(self.secret), "***")
        return text


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "fake-wechat/1"
    state = None  # set in main

    # -- plumbing ---------------------------------------------------------

    def log_message(self, fmt, *args):
        if self.server.verbose:
            sys.stderr.write("wechat fake: %s\n" %
                             self.state.redact(fmt % args))

    def send(self, obj, status=200, ctype="text/plain"):
        body = json.dumps(obj, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def read_body(self):
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n > 0 else b""

    def query(self):
        u = urllib.parse.urlsplit(self.path)
        q = urllib.parse.parse_qs(u.query, keep_blank_values=True)
        # WeChat takes the first value of a repeated parameter.
        return u.path, u.query, {k: v[0] for k, v in q.items()}

    def record(self, path, rawq, q):
        st = self.state
        red = {k: ("***" if k == "secret" else v) for k, v in q.items()}
        pairs = []
        for pair in rawq.split("&") if rawq else []:
            name = urllib.parse.unquote_plus(pair.split("=", 1)[0])
            pairs.append(name + "=***" if name == "secret" else pair)
        url = path + ("?" + "&".join(pairs) if pairs else "")
        call = {"method": self.command, "path": path, "query": red,
                "url": st.redact(url), "time": time.time()}
        if "secret" in q:
            call["secret_ok"] = q["secret"] == st.secret
        with st.lock:
            st.calls.append(call)

    # -- methods ----------------------------------------------------------

    def do_GET(self):
        path, rawq, q = self.query()
        if path.startswith("/__fake__/"):
            return self.control(path, b"")
        self.record(path, rawq, q)
        route = {
            "/sns/oauth2/access_token": self.oauth_token,
            "/sns/userinfo": self.userinfo,
            "/sns/jscode2session": self.jscode2session,
        }.get(path)
        if route is None:
            return self.send({"errcode": 404, "errmsg":
                              "not found, rid: %s" % rid()}, 404)
        return self.send(route(q))

    def do_HEAD(self):
        return self.do_GET()

    def do_POST(self):
        path, rawq, q = self.query()
        body = self.read_body()
        if path.startswith("/__fake__/"):
            return self.control(path, body)
        # WeChat's sns APIs are GET; a POST with the same query works there.
        return self.do_GET()

    # -- WeChat -----------------------------------------------------------

    def check_app(self, q):
        st = self.state
        if q.get("appid", "") != st.appid:
            return err(40013, "invalid appid")
        if q.get("secret", "") != st.secret:
            return err(40125, "invalid appsecret")
        if q.get("grant_type") != "authorization_code":
            return err(40002, "invalid grant_type")
        return None

    def take_code(self, code, kind):
        """The code's record, removed (single use), or None."""
        st = self.state
        with st.lock:
            c = st.codes.pop(code, None)
        if c is None or c["kind"] != kind or c["expires"] < time.time():
            return None
        return c

    def oauth_token(self, q):
        e = self.check_app(q)
        if e:
            return e
        if not q.get("code"):
            return err(41008, "missing code")
        c = self.take_code(q["code"], "oauth")
        if c is None:
            return err(40029, "invalid code")
        if c.get("errcode"):
            return err(c["errcode"], c.get("errmsg") or "error")
        tok = secrets.token_urlsafe(48)
        with self.state.lock:
            self.state.tokens[tok] = dict(c, expires=time.time() + TOKEN_TTL)
        ans = {
            "access_token": tok,
            "expires_in": TOKEN_TTL,
            "refresh_token": secrets.token_urlsafe(48),
            "openid": c["openid"],
            "scope": c["scope"],
        }
        if c.get("unionid"):
            ans["unionid"] = c["unionid"]
        if c.get("is_snapshotuser") == 1:
            ans["is_snapshotuser"] = 1
        return ans

    def userinfo(self, q):
        tok = q.get("access_token", "")
        if not tok:
            return err(41001, "access_token missing")
        with self.state.lock:
            t = self.state.tokens.get(tok)
        if t is None:
            return err(40001, "invalid credential, access_token is "
                       "invalid or not latest")
        if t["expires"] < time.time():
            return err(42001, "access_token expired")
        if q.get("openid", "") != t["openid"]:
            return err(40003, "invalid openid")
        if "snsapi_userinfo" not in t["scope"].split(","):
            return err(48001, "api unauthorized")
        ans = {
            "openid": t["openid"],
            "nickname": t.get("nickname", "微信用户"),
            "sex": t.get("sex", 0),
            "province": t.get("province", ""),
            "city": t.get("city", ""),
            "country": t.get("country", ""),
            "headimgurl": t.get("headimgurl", ""),
            "privilege": [],
        }
        if t.get("unionid"):
            ans["unionid"] = t["unionid"]
        return ans

    def jscode2session(self, q):
        e = self.check_app(q)
        if e:
            return e
        if not q.get("js_code"):
            return err(41008, "missing code")
        c = self.take_code(q["js_code"], "mini")
        if c is None:
            return err(40029, "invalid code")
        if c.get("errcode"):
            return err(c["errcode"], c.get("errmsg") or "error")
        ans = {
            "session_key": base64.b64encode(os.urandom(16)).decode(),
            "openid": c["openid"],
        }
        if c.get("unionid"):
            ans["unionid"] = c["unionid"]
        return ans

    # -- test control -----------------------------------------------------

    def control(self, path, body):
        st = self.state
        if path == "/__fake__/calls" and self.command in ("GET", "HEAD"):
            with st.lock:
                calls = list(st.calls)
            return self.send(calls, ctype="application/json")
        if path == "/__fake__/config" and self.command in ("GET", "HEAD"):
            return self.send({"appid": st.appid, "secret": st.secret},
                             ctype="application/json")
        if path == "/__fake__/reset" and self.command == "POST":
            with st.lock:
                st.reset()
            return self.send({}, ctype="application/json")
        if path == "/__fake__/code" and self.command == "POST":
            try:
                spec = json.loads(body.decode("utf-8") or "{}")
                code = self.new_code(spec)
            except (ValueError, TypeError, KeyError) as ex:
                return self.send({"error": str(ex)}, 400,
                                 ctype="application/json")
            return self.send({"code": code}, ctype="application/json")
        return self.send({"error": "unknown control " + path}, 404,
                         ctype="application/json")

    def new_code(self, spec):
        if not isinstance(spec, dict):
            raise ValueError("body must be a JSON object")
        kind = spec.get("kind")
        if kind not in ("oauth", "mini"):
            raise ValueError("kind: oauth or mini")
        openid = spec.get("openid")
        if not isinstance(openid, str) or not openid:
            raise ValueError("openid: a non-empty string")
        scope = spec.get("scope", "snsapi_userinfo")
        if kind == "oauth" and scope not in ("snsapi_userinfo",
                                              "snsapi_base"):
            raise ValueError("scope: snsapi_userinfo or snsapi_base")
        c = {"kind": kind, "openid": openid, "scope": scope}
        for k in ("unionid", "nickname", "sex", "province", "city",
                  "country", "headimgurl", "is_snapshotuser", "errcode",
                  "errmsg"):
            if spec.get(k) is not None:
                c[k] = spec[k]
        ttl = float(spec.get("ttl", CODE_TTL))
        c["expires"] = time.time() + ttl
        code = spec.get("code")
        if code is None:
            code = secrets.token_hex(16)
        elif not isinstance(code, str) or not code:
            raise ValueError("code: a non-empty string")
        with self.state.lock:
            self.state.codes[code] = c
        return code


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    verbose = False


def main(argv=None):
    ap = argparse.ArgumentParser(description="fake WeChat API server")
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--appid", required=True)
    ap.add_argument("--secret-file", required=True)
    ap.add_argument("--verbose", action="store_true",
                    help="log requests (secret redacted) to stderr")
    a = ap.parse_args(argv)
    with open(a.secret_file, encoding="utf-8") as f:
        secret = (f.readline()).strip()
    if not secret:
        ap.error("the secret file's first line is empty")
    Handler.state = State(a.appid, secret)
    srv = Server((a.host, a.port), Handler)
    srv.verbose = a.verbose
    print("wechat fake listening on %d" % srv.server_address[1], flush=True)
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        srv.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
