"""zufang-admin check-config: a good configuration passes ("configuration
OK", exit 0); each class of error is one line naming the key and the fix
(exit 1): a secret readable by others, one owned by another user, a
missing file, a key that does not parse, a bad URL, an out-of-range
integer, a folder the service cannot write, a rule between keys; bad usage
exits 2.  scripts/run refuses to start on a world-readable Alipay key.

Each test builds its own state folder; only the build is shared."""

import os
import pwd
import shutil
import subprocess
import tempfile

import pytest

from test_readme import REPO
from test_run_script import Run

ADMIN = os.path.join(REPO, "build", "zufang-admin")
KEY = "alipay_app_private_key_file"


def secret(path, text, mode=0o600):
    with open(path, "w") as f:
        f.write(text + "\n")
    os.chmod(path, mode)
    return str(path)


@pytest.fixture(scope="module")
def alipay_keys(tmp_path_factory):
    d = tmp_path_factory.mktemp("cc-alipay")
    subprocess.run(["/usr/bin/python3",
                    os.path.join(REPO, "tests", "fakes", "alipay.py"),
                    "--gen-keys", str(d)], check=True, capture_output=True)
    for n in os.listdir(d):
        os.chmod(d / n, 0o600)
    return d


@pytest.fixture
def conf(tmp_path, alipay_keys):
    """A complete, valid configuration (Alipay, WeChat and SMS set up) in
    a fresh state folder: the environment for zufang-admin."""
    state = tmp_path / "state"
    (state / "secrets").mkdir(parents=True)
    (state / "log").mkdir()
    (state / "run").mkdir()
    os.chmod(state / "secrets", 0o700)
    keys = state / "secrets" / "alipay"
    shutil.copytree(alipay_keys, keys)
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZUFANG_")}
    env.update(
        ZUFANG_CONFIG=os.path.join(REPO, "zufang.conf"),
        ZUFANG_STATE_DIR=str(state),
        ZUFANG_MIGRATIONS_DIR=os.path.join(REPO, "migrations"),
        ZUFANG_DB_PASSWORD_FILE=secret(state / "secrets" / "db_password",
                                       "pw" * 12),
        ZUFANG_DATA_KEY_FILE=secret(state / "secrets" / "data_key",
                                    "ab" * 32),
        ZUFANG_WECHAT_APPID="wxtestappid",
        ZUFANG_WECHAT_SECRET_FILE=secret(state / "secrets" / "wechat",
                                         "s" * 32),
        ZUFANG_ALIPAY_APP_ID="2021000000000001",
        ZUFANG_ALIPAY_SELLER_ID="2088000000000001",
        ZUFANG_ALIPAY_APP_PRIVATE_KEY_FILE=str(keys / "app_private_key.pem"),
        ZUFANG_ALIPAY_PUBLIC_KEY_FILE=str(keys / "alipay_public_key.txt"),
        ZUFANG_PUBLIC_BASE_URL="https://zufang.example.com",
        ZUFANG_RETURN_URL_HOSTS="m.zufang.example,127.0.0.1:8080",
        ZUFANG_CORS_ORIGINS="https://m.zufang.example http://127.0.0.1:8080",
        ZUFANG_SMS_ACCESS_KEY_ID="LTAItestkey",
        ZUFANG_SMS_ACCESS_KEY_SECRET_FILE=secret(state / "secrets" / "sms",
                                                 "x" * 30),
        ZUFANG_SMS_SIGN_NAME="zufang",
        ZUFANG_SMS_TEMPLATE_CODE="SMS_000000",
    )
    return env


def check(env, *args, **extra):
    e = dict(env, **extra)
    return subprocess.run([ADMIN, "check-config", *args], env=e,
                          capture_output=True, text=True, timeout=60)


def errors(env, **extra):
    """The error lines of a failing check, as {key: line}."""
    p = check(env, **extra)
    assert p.returncode == 1, (p.stdout, p.stderr)
    assert "configuration OK" not in p.stdout
    out = {}
    for line in p.stderr.splitlines():
        if line.startswith(("warning: ", "zufang-admin: ")):
            continue
        key, _, rest = line.partition(": ")
        assert key and rest and ": " in rest, line  # key: problem: fix
        out[key] = line
    assert out, p.stderr
    return out


def test_good_configuration_passes(conf):
    p = check(conf)
    assert p.returncode == 0, p.stderr
    assert p.stdout.strip() == "configuration OK"
    assert p.stderr == ""


def test_defaults_with_nothing_configured_pass(conf):
    # WeChat, Alipay and SMS not configured: the service says so at use.
    p = check(conf, ZUFANG_WECHAT_APPID="", ZUFANG_ALIPAY_APP_ID="",
              ZUFANG_SMS_ACCESS_KEY_ID="", ZUFANG_SMS_SIGN_NAME="",
              ZUFANG_SMS_TEMPLATE_CODE="",
              ZUFANG_ALIPAY_APP_PRIVATE_KEY_FILE="/nonexistent",
              ZUFANG_WECHAT_SECRET_FILE="/nonexistent")
    assert p.returncode == 0, p.stderr


def test_media_folders_made_at_start_pass(conf, tmp_path):
    # zufang-fcgi makes media_dir and upload_tmp_dir when missing.
    p = check(conf, ZUFANG_MEDIA_DIR=str(tmp_path / "new"),
              ZUFANG_UPLOAD_TMP_DIR=str(tmp_path / "new" / ".tmp"))
    assert p.returncode == 0, p.stderr


def test_insecure_switches_warn_only(conf):
    p = check(conf, ZUFANG_WECHAT_TRUST_CLIENT_OPENID="1",
              ZUFANG_CAPTCHA_TEST_ECHO="1")
    assert p.returncode == 0, p.stderr
    assert "warning: wechat_trust_client_openid" in p.stderr
    assert "warning: captcha_test_echo" in p.stderr


def test_bad_usage(conf):
    assert check(conf, "extra").returncode == 2


def test_world_readable_secret(conf):
    path = conf["ZUFANG_ALIPAY_APP_PRIVATE_KEY_FILE"]
    os.chmod(path, 0o644)
    line = errors(conf)[KEY]
    assert line == ("%s: %s is readable by others (mode 0644): chmod 600 %s"
                    % (KEY, path, path))


def test_group_readable_secret(conf):
    path = conf["ZUFANG_DATA_KEY_FILE"]
    os.chmod(path, 0o640)
    line = errors(conf)["data_key_file"]
    assert "readable by its group (mode 0640)" in line
    assert line.endswith("chmod 600 " + path)


def test_secret_owned_by_another_user(conf):
    path = conf["ZUFANG_DB_PASSWORD_FILE"]
    if os.geteuid() != 0:
        pytest.skip("only root can give a file away")
    os.chown(path, pwd.getpwnam("nobody").pw_uid, -1)
    line = errors(conf)["db_password_file"]
    assert "is owned by nobody" in line
    assert line.endswith("chown root " + path)


def test_missing_secret_file(conf, tmp_path):
    gone = str(tmp_path / "nope")
    line = errors(conf, ZUFANG_WECHAT_SECRET_FILE=gone)["wechat_secret_file"]
    assert gone + " does not exist" in line and "chmod 600" in line


def test_missing_key_while_app_id_set(conf):
    # Cross-key: alipay_app_id set, its key file missing.
    os.unlink(conf["ZUFANG_ALIPAY_APP_PRIVATE_KEY_FILE"])
    assert "does not exist" in errors(conf)[KEY]


def test_key_files_that_do_not_parse(conf, tmp_path):
    junk = secret(tmp_path / "junk", "not a key")
    got = errors(conf, ZUFANG_ALIPAY_APP_PRIVATE_KEY_FILE=junk,
                 ZUFANG_ALIPAY_PUBLIC_KEY_FILE=junk, ZUFANG_DATA_KEY_FILE=junk)
    assert "is not an RSA private key" in got[KEY]
    assert "is not a public key" in got["alipay_public_key_file"]
    assert "64 hex characters" in got["data_key_file"]
    assert "openssl rand -hex 32" in got["data_key_file"]


def test_public_key_as_private_key(conf, alipay_keys):
    pub = str(alipay_keys / "app_public_key.pem")
    assert "is not an RSA private key" in errors(
        conf, ZUFANG_ALIPAY_APP_PRIVATE_KEY_FILE=pub)[KEY]


def test_bad_urls(conf):
    got = errors(conf, ZUFANG_WECHAT_API_BASE="ftp://api.weixin.qq.com",
                 ZUFANG_ALIPAY_GATEWAY="https:///gateway.do",
                 ZUFANG_PUBLIC_BASE_URL="zufang.example.com",
                 ZUFANG_CORS_ORIGINS="https://a.example/path")
    for key in ("wechat_api_base", "alipay_gateway", "public_base_url"):
        assert "is not an http:// or https:// URL with a host" in got[key]
    assert "is not an origin" in got["cors_origins"]


def test_out_of_range_integers_all_reported(conf):
    got = errors(conf, ZUFANG_WORKERS="0", ZUFANG_IHOME_PAGE_SIZE="500",
                 ZUFANG_PORT="http", ZUFANG_DEV_ALIPAY_PORT="70000",
                 ZUFANG_LOG_LEVEL="loud")
    assert got["workers"] == ("workers: '0' is not an integer from 1 to "
                              "256: set it to one")
    assert "from 1 to 50" in got["ihome_page_size"]
    assert "from 1 to 65535" in got["port"]
    assert "from 1 to 65535" in got["dev_alipay_port"]
    assert "debug, info, warn or error" in got["log_level"]


def test_missing_folder(conf, tmp_path):
    line = errors(conf, ZUFANG_LOG_FILE=str(tmp_path / "a" / "b" / "z.log"))
    assert "mkdir -p" in line["log_file"]


def test_not_writable_folder(conf):
    # Root writes anywhere: as root the check runs as nobody, on a copy of
    # the state folder that nobody owns, outside pytest's 0700 folders.
    top = tempfile.mkdtemp(prefix="zf-cc-")
    try:
        old = conf["ZUFANG_STATE_DIR"]
        state = os.path.join(top, "state")
        shutil.copytree(old, state)
        env = {k: v.replace(old, state) for k, v in conf.items()}
        # The checkout may sit in a folder nobody cannot enter (a clone
        # in a 0700 mktemp folder): the binary, the configuration and
        # the migrations go to the copy too.
        admin = os.path.join(top, "zufang-admin")
        shutil.copy2(ADMIN, admin)
        if env.get("ZUFANG_CONFIG"):
            shutil.copy2(env["ZUFANG_CONFIG"], os.path.join(top, "zufang.conf"))
            env["ZUFANG_CONFIG"] = os.path.join(top, "zufang.conf")
        if env.get("ZUFANG_MIGRATIONS_DIR"):
            shutil.copytree(env["ZUFANG_MIGRATIONS_DIR"],
                            os.path.join(top, "migrations"))
            env["ZUFANG_MIGRATIONS_DIR"] = os.path.join(top, "migrations")
        ro = os.path.join(top, "ro")
        os.mkdir(ro)
        cmd = [admin, "check-config"]
        if os.geteuid() == 0:
            nobody = pwd.getpwnam("nobody")
            for d, _, names in os.walk(top):
                os.chown(d, nobody.pw_uid, nobody.pw_gid)
                for n in names:
                    os.chown(os.path.join(d, n), nobody.pw_uid,
                             nobody.pw_gid)
            cmd = ["setpriv", "--reuid=nobody",
                   "--regid=%d" % nobody.pw_gid, "--clear-groups"] + cmd
        os.chmod(top, 0o755)
        os.chmod(ro, 0o555)
        # The copy as it is passes: only the folders below fail.
        good = subprocess.run(cmd, env=env, capture_output=True, text=True,
                              timeout=60, cwd="/")
        env.update(ZUFANG_MEDIA_DIR=ro,
                   ZUFANG_UPLOAD_TMP_DIR=os.path.join(ro, ".tmp"),
                   ZUFANG_LOG_FILE=os.path.join(ro, "zufang.log"))
        p = subprocess.run(cmd, env=env, capture_output=True, text=True,
                           timeout=60, cwd="/")
    finally:
        shutil.rmtree(top, ignore_errors=True)
    assert good.returncode == 0, good.stderr
    assert p.returncode == 1, (p.stdout, p.stderr)
    lines = {l.split(": ")[0]: l for l in p.stderr.splitlines()}
    assert "is not writable by" in lines["media_dir"], p.stderr
    assert "chown" in lines["media_dir"]
    assert "is not writable by" in lines["log_file"], p.stderr


def test_sms_rules(conf):
    got = errors(conf, ZUFANG_SMS_ACCESS_KEY_SECRET="inline",
                 ZUFANG_SMS_SIGN_NAME="")
    assert "keep the file" in got["sms_access_key_secret"]
    assert "approved SMS signature" in got["sms_sign_name"]
    got = errors(conf, ZUFANG_SMS_ACCESS_KEY_SECRET_FILE="")
    assert "without a secret" in got["sms_access_key_id"]


def test_unknown_key_in_the_file(conf, tmp_path):
    f = tmp_path / "zufang.conf"
    f.write_text("no_such_key = 1\n")
    p = check(conf, ZUFANG_CONFIG=str(f))
    assert p.returncode == 1 and "unknown key 'no_such_key'" in p.stderr


def tls_files(tmp_path):
    """A CA, a client certificate and its key (contents are not parsed by
    check-config: only the files, their modes and owners)."""
    d = tmp_path / "db-tls"
    d.mkdir()
    ca = secret(d / "ca.pem", "CA", 0o644)
    cert = secret(d / "client.pem", "CERT", 0o644)
    key = secret(d / "client-key.pem", "KEY", 0o600)
    return dict(ZUFANG_DB_HOSTS="10.0.0.1:3306, 10.0.0.2:3307,[::1]",
                ZUFANG_DB_TLS_CA=ca, ZUFANG_DB_TLS_CERT=cert,
                ZUFANG_DB_TLS_KEY=key)


def test_db_hosts_with_tls_pass(conf, tmp_path):
    # A Galera cluster over TCP and TLS (issue 14, 1); db_socket unused.
    p = check(conf, ZUFANG_DB_SOCKET="", **tls_files(tmp_path))
    assert p.returncode == 0, p.stderr
    assert p.stderr == ""


def test_db_hosts_without_tls_warns(conf):
    p = check(conf, ZUFANG_DB_HOSTS="127.0.0.1:3306")
    assert p.returncode == 0, p.stderr
    assert "warning: db_hosts: plain TCP without TLS" in p.stderr


def test_db_tls_verify_off_warns(conf, tmp_path):
    p = check(conf, ZUFANG_DB_TLS_VERIFY="0", **tls_files(tmp_path))
    assert p.returncode == 0, p.stderr
    assert "warning: db_tls_verify: 0 accepts a certificate" in p.stderr


@pytest.mark.parametrize("hosts,why", [
    ("db1,,db2", "an empty entry"),
    ("db1:", "no port after :"),
    ("db1:65536", "port out of 1-65535"),
    ("::1:3306", "an IPv6 address goes in brackets"),
    ("db1;x", "a host name"),
])
def test_bad_db_hosts(conf, hosts, why):
    line = errors(conf, ZUFANG_DB_HOSTS=hosts)["db_hosts"]
    assert why in line, line
    assert line.endswith("set it to host:port[,host:port]..."), line


def test_db_tls_key_readable_by_others(conf, tmp_path):
    env = tls_files(tmp_path)
    os.chmod(env["ZUFANG_DB_TLS_KEY"], 0o644)
    line = errors(conf, **env)["db_tls_key"]
    assert "is readable by others (mode 0644): chmod 600" in line


def test_db_tls_files_missing_or_half(conf, tmp_path):
    env = tls_files(tmp_path)
    out = errors(conf, **dict(env, ZUFANG_DB_TLS_CA=str(tmp_path / "no.pem"),
                              ZUFANG_DB_TLS_KEY=""))
    assert "does not exist" in out["db_tls_ca"]
    assert "give both the client certificate and its key" in \
        out["db_tls_key"]
    out = errors(conf, **dict(env, ZUFANG_DB_TLS_CA=""))
    assert "set db_tls_ca too" in out["db_tls_cert"]


def test_run_refuses_a_world_readable_alipay_key(tmp_path, alipay_keys):
    state = tmp_path / "state"
    keys = tmp_path / "keys"
    shutil.copytree(alipay_keys, keys)
    os.chmod(keys / "app_private_key.pem", 0o644)
    run = Run(state, ZUFANG_ALIPAY_APP_ID="2021000000000001",
              ZUFANG_ALIPAY_APP_PRIVATE_KEY_FILE=str(
                  keys / "app_private_key.pem"),
              ZUFANG_ALIPAY_PUBLIC_KEY_FILE=str(
                  keys / "alipay_public_key.txt"))
    try:
        line = run.wait_for(r"^%s: " % KEY, 120)
        assert "is readable by others (mode 0644): chmod 600 " in line
        run.wait_for(r"configuration has errors", 10)
        assert run.p.wait(timeout=60) != 0
    finally:
        run.stop()
    assert not any("zufang is up" in l for l in run.seen)
    assert not (state / "run" / "mysqld.pid").exists()
