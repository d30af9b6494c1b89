"""zufang-admin backup, restore and media-sweep (issue 13, section 5).

The shared test stack is only read: its database and media are backed up
(with data this file loads through the API), and that backup is restored
into a database and a media folder of this file's own (ZUFANG_DB_NAME,
ZUFANG_MEDIA_DIR), copy A.  The round trip under test is then A's: backed up,
changed (rows added, updated and deleted, a table added, files added and
removed), restored, and every table (its definition, a hash of its rows, its
row count), every trigger and every media file compared with what they were
at backup time.  Other test files keep running on the shared database
meanwhile: nothing here writes to it or to its media."""

import hashlib
import os
import random
import shutil
import signal
import subprocess
import time

import pytest

from conftest import VALID_PROFILE, Db, idcard, need_env, new_openid, png

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(
    __file__))))
ADMIN = os.path.join(REPO, "build", "zufang-admin")


def admin(*args, env=None, check_rc=0, timeout=300):
    e = dict(os.environ)
    e.update(env or {})
    p = subprocess.run([ADMIN] + [str(a) for a in args], env=e,
                       capture_output=True, text=True, timeout=timeout)
    if check_rc is not None:
        assert p.returncode == check_rc, (p.returncode, p.stdout, p.stderr)
    return p


def config(key):
    return admin("config", key).stdout.strip()


def sha(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def media_state(root):
    """{path under root: (sha256, mode)} of every file under root/data."""
    out = {}
    for d, dirs, names in os.walk(os.path.join(root, "data")):
        for n in names:
            p = os.path.join(d, n)
            out[os.path.relpath(p, root)] = (sha(p),
                                             oct(os.stat(p).st_mode & 0o777))
    return out


def rows_hash(name, table):
    """SHA-256 of every row of table, all columns as the client's raw bytes,
    sorted: equal content whatever the physical history (CHECKSUM TABLE
    was seen to differ for users between the migrated table and the dump's
    re-created one with the same rows)."""
    p = subprocess.run(["mariadb", "--socket=" + need_env(
        "ZUFANG_TEST_DB_SOCKET"), "-u", need_env("ZUFANG_TEST_DB_USER"),
        name, "-N", "-B", "--quick", "-e", "SELECT * FROM `%s`" % table],
        capture_output=True, timeout=60)
    assert p.returncode == 0, p.stderr
    return hashlib.sha256(b"\n".join(sorted(p.stdout.split(b"\n")))) \
        .hexdigest()


def db_state(db, name):
    """Every table's definition, rows (a hash of every row, sorted) and
    count, and every trigger.  Not CHECKSUM TABLE: it hashes the stored
    row format, which a dump and reload may change (columns a migration
    added with ALTER TABLE) while every value stays the same (seen with
    preorders and users)."""
    tables = [r[0] for r in db.rows(
        "SELECT TABLE_NAME FROM information_schema.TABLES WHERE "
        "TABLE_SCHEMA = '%s' ORDER BY TABLE_NAME" % name)]
    out = {}
    for t in tables:
        create = db.rows("SHOW CREATE TABLE `%s`" % t)[0][1]
        count = db.value("SELECT COUNT(*) FROM `%s`" % t)
        out[t] = (create, rows_hash(name, t), count)
    out["(triggers)"] = db.rows(
        "SELECT TRIGGER_NAME, EVENT_OBJECT_TABLE, ACTION_TIMING, "
        "EVENT_MANIPULATION, ACTION_STATEMENT FROM information_schema.TRIGGERS "
        "WHERE TRIGGER_SCHEMA = '%s' ORDER BY TRIGGER_NAME" % name)
    return out


def manifest(path):
    with open(os.path.join(path, "MANIFEST")) as f:
        return f.read()


def new_id():
    return idcard("110105" + "19%02d%02d%02d" % (random.randint(50, 99),
                                                  random.randint(1, 12),
                                                  random.randint(1, 28)) +
                  "%03d" % random.randint(0, 999))


@pytest.fixture(scope="module")
def loaded(api, wechat):
    """Data of every kind on the shared stack: users with portraits, an
    identity submission (private documents), a property certificate, a
    listing with photos, a viewing request."""
    def login():
        code = wechat.code(new_openid(), kind="oauth")
        return api.ok("/wx_fetch_userinfo", data={"code": code})["token"]

    owner, renter = login(), login()
    for t in (owner, renter):
        api.ok("/create_userinfo", token=t, data=dict(VALID_PROFILE),
               files={"portrait": ("me.png", png(), "image/png")})
    api.ok("/user_identification", token=owner,
           data={"realname": "李小龙", "idcardnumber": new_id()},
           files={k: (k + ".png", png(), "image/png")
                  for k in ("portrait", "idcardfront", "idcardback")})
    api.ok("/house_identification", token=owner,
           data={"certname": "王大锤", "idcardnumber": new_id(),
                 "property_cert_number":
                 "京(2024)朝阳区不动产权第%07d号" % random.randint(0, 9999999),
                 "house_type": "1"},
           files={"property_cert_photo": ("c.png", png(), "image/png")})
    house = api.ok("/house_create", token=owner, data={
        "house_rent": "3200", "house_size": "89",
        "description_title": "备份测试", "longitude": "104.0668",
        "latitude": "30.5728"})["house_id"]
    api.ok("/create_house_photo", token=owner,
           data={"house_id": str(house), "rooms_type": "3"},
           files=[("house_photo", ("p%d.png" % i, png(), "image/png"))
                  for i in range(3)])
    api.ok("/house_release", token=owner, data={"house_id": str(house)})
    oid = api.fetch(owner)["id"]
    api.call("/order/create_preorder", token=renter,
             data={"owner_id": str(oid), "house_id": str(house)})
    return {"owner": oid, "house": house}


@pytest.fixture(scope="module")
def copy_a(loaded, tmp_path_factory):
    """The shared stack backed up, then restored into database A and media
    folder A: (env for A, Db of A, A's name, A's media root, the first
    backup's folder)."""
    root = tmp_path_factory.mktemp("backup")
    sock = need_env("ZUFANG_TEST_DB_SOCKET")
    root_db = Db(sock, need_env("ZUFANG_TEST_DB_USER"), "mysql")
    name = "zbk_%d_%d" % (os.getpid(), random.randint(0, 99999))
    user = config("db_user")
    root_db.run("CREATE DATABASE `%s` CHARACTER SET utf8mb4 COLLATE "
                "utf8mb4_unicode_ci" % name)
    root_db.run("GRANT ALL ON `%s`.* TO '%s'@'localhost'" % (name, user))
    media = root / "media-a"
    media.mkdir()
    b1 = root / "b1"
    p = admin("backup", b1)
    assert "database.sql" in p.stdout and " s" in p.stdout, p.stdout
    env = {"ZUFANG_DB_NAME": name, "ZUFANG_MEDIA_DIR": str(media)}
    admin("restore", b1, env=env)
    yield env, Db(sock, need_env("ZUFANG_TEST_DB_USER"), name), name, \
        str(media), b1, root
    root_db.run("DROP DATABASE `%s`" % name)


def test_backup_of_the_shared_stack(loaded, copy_a, media, db):
    env, dba, name, ma, b1, _ = copy_a
    # Folder and files private.
    assert os.stat(b1).st_mode & 0o777 == 0o700
    for d, dirs, names in os.walk(b1):
        for n in dirs:
            assert os.stat(os.path.join(d, n)).st_mode & 0o777 == 0o700
        for n in names:
            assert os.stat(os.path.join(d, n)).st_mode & 0o777 == 0o600
    m = manifest(b1)
    top = max(int(f[:4]) for f in os.listdir(os.path.join(REPO, "migrations"))
              if f.endswith(".sql"))
    assert "\nschema %d\n" % top in m and "\ndatabase %s\n" % \
        config("db_name") in m
    assert "migration 1 0001_users.sql " in m
    # What this file loaded is in the backup and in copy A, byte for byte.
    owner = loaded["owner"]
    paths = [r[0] for r in db.rows(
        "SELECT headimgurl FROM users WHERE id = %d UNION ALL "
        "SELECT id_portrait FROM users WHERE id = %d UNION ALL "
        "SELECT idcard_front FROM users WHERE id = %d UNION ALL "
        "SELECT property_cert_photo FROM house_certs WHERE user_id = %d "
        "UNION ALL SELECT url FROM house_photos WHERE house_id = %d" %
        (owner, owner, owner, owner, loaded["house"]))]
    assert len(paths) == 7 and any("/private/" in p for p in paths), paths
    for p in paths:
        want = sha(media.path(p))
        assert "file %s " % want in m and m.split("file %s " % want)[1] \
            .split("\n")[0].endswith(" media/" + p)
        assert sha(os.path.join(ma, p)) == want
    assert dba.value("SELECT COUNT(*) FROM house_photos WHERE house_id = %d"
                     % loaded["house"]) == "3"
    assert dba.value("SELECT COUNT(*) FROM schema_migrations") == \
        db.value("SELECT COUNT(*) FROM schema_migrations")


def corrupt(src, dst, rel):
    shutil.copytree(src, dst)
    p = os.path.join(dst, rel)
    with open(p, "r+b") as f:
        f.seek(os.path.getsize(p) // 2)
        b = f.read(1)
        f.seek(-1, os.SEEK_CUR)
        f.write(bytes([b[0] ^ 0x01]))


def test_round_trip_gives_back_every_table_and_file(copy_a):
    env, dba, name, ma, _, root = copy_a
    before_db, before_media = db_state(dba, name), media_state(ma)
    assert len(before_media) >= 7 and len(before_db) > 30
    b2 = root / "b2"
    p = admin("backup", b2, env=env)
    assert "done in" in p.stdout

    # Not into a folder with something in it.
    r = admin("backup", b2, env=env, check_rc=1)
    assert "not empty" in r.stderr
    (root / "nonempty").mkdir()
    (root / "nonempty" / "x").write_text("x")
    assert "not empty" in admin("backup", root / "nonempty", env=env,
                                check_rc=1).stderr
    assert admin("backup", env=env, check_rc=2).returncode == 2

    # Change everything: rows added, updated, deleted, a table added; files
    # added and removed.
    uid = int(dba.value("SELECT MAX(id) FROM users"))
    dba.run("INSERT INTO users (nickname) VALUES ('after the backup')")
    dba.run("UPDATE users SET nickname = 'changed' WHERE id = %d" % uid)
    dba.run("UPDATE houses SET house_rent = house_rent + 1")
    dba.run("DELETE FROM house_photos ORDER BY id DESC LIMIT 1")
    dba.run("DELETE FROM sessions")
    dba.run("CREATE TABLE later_migration (id INT PRIMARY KEY)")
    victim = sorted(before_media)[0]
    os.unlink(os.path.join(ma, victim))
    extra = os.path.join(ma, "data", "userphoto", "user_1", "new.png")
    os.makedirs(os.path.dirname(extra), exist_ok=True)
    with open(extra, "wb") as f:
        f.write(png())
    changed_db, changed_media = db_state(dba, name), media_state(ma)
    assert changed_db != before_db and changed_media != before_media

    # A damaged backup is refused before anything changes: a byte of a
    # media file, a byte of the dump, a byte of the manifest.
    media_rel = next(l.split(" ", 4)[4] for l in manifest(b2).splitlines()
                     if l.startswith("file ") and " media/" in l)
    for i, rel in enumerate((media_rel, "database.sql", "MANIFEST")):
        bad = root / ("bad%d" % i)
        corrupt(b2, bad, rel)
        r = admin("restore", bad, env=env, check_rc=1)
        assert "damaged" in r.stderr, r.stderr
        assert db_state(dba, name) == changed_db
        assert media_state(ma) == changed_media
    # So is a file the manifest does not list.
    shutil.copytree(b2, root / "bad-extra")
    (root / "bad-extra" / "media" / "data" / "private" / "x").write_text("x")
    assert "not in the manifest" in admin("restore", root / "bad-extra",
                                          env=env, check_rc=1).stderr

    p = admin("restore", b2, env=env)
    assert "verified" in p.stdout and "done in" in p.stdout, p.stdout
    assert db_state(dba, name) == before_db
    assert media_state(ma) == before_media
    assert not [n for n in os.listdir(os.path.join(ma, "data"))
                if n.startswith(".")]


def rewrite_manifest(path, edit):
    text = manifest(path)
    body = "".join(l + "\n" for l in text.splitlines()
                   if not l.startswith("manifest-sha256 "))
    body = edit(body)
    with open(os.path.join(path, "MANIFEST"), "w") as f:
        f.write(body + "manifest-sha256 %s\n" %
                hashlib.sha256(body.encode()).hexdigest())


def test_restore_refuses_a_newer_schema(copy_a):
    env, dba, name, ma, b1, root = copy_a
    newer = root / "newer"
    shutil.copytree(b1, newer)
    rewrite_manifest(newer, lambda b: b.replace(
        "\nfile ", "\nmigration 9999 9999_future.sql %s\nfile " % ("0" * 64),
        1))
    before = db_state(dba, name)
    r = admin("restore", newer, env=env, check_rc=1)
    assert "newer than these binaries" in r.stderr, r.stderr
    assert db_state(dba, name) == before


def test_restore_refuses_while_the_service_is_connected(copy_a):
    env, dba, name, ma, b1, root = copy_a
    cnf = root / "client.cnf"
    with open(os.path.join(need_env("ZUFANG_TEST_STATE"), "secrets",
                           "db_password")) as f:
        pw = f.readline().strip()
    fd = os.open(cnf, os.O_WRONLY | os.O_CREAT, 0o600)
    os.write(fd, ("[client]\nuser=%s\npassword=%s\nsocket=%s\n" % (
        config("db_user"), pw, need_env("ZUFANG_TEST_DB_SOCKET"))).encode())
    os.close(fd)
    worker = subprocess.Popen(["mariadb", "--defaults-file=%s" % cnf, name,
                               "-e", "SELECT SLEEP(60)"],
                              start_new_session=True)
    try:
        deadline = time.monotonic() + 10
        while True:
            r = admin("restore", b1, env=env, check_rc=None)
            if r.returncode == 1 or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        assert r.returncode == 1 and "stop the service" in r.stderr, r
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait()


def test_media_sweep(loaded, copy_a):
    env, dba, name, ma, b1, root = copy_a
    refs = {r[0] for r in dba.rows(
        "SELECT headimgurl FROM users WHERE headimgurl IS NOT NULL UNION "
        "SELECT id_portrait FROM users WHERE id_portrait IS NOT NULL UNION "
        "SELECT idcard_front FROM users WHERE idcard_front IS NOT NULL UNION "
        "SELECT idcard_back FROM users WHERE idcard_back IS NOT NULL UNION "
        "SELECT property_cert_photo FROM house_certs UNION "
        "SELECT lease_agreement_photo FROM house_certs WHERE "
        "lease_agreement_photo IS NOT NULL UNION "
        "SELECT url FROM house_photos UNION SELECT url FROM house_videos")}
    # Only the referenced files that are there: other test files insert
    # rows by SQL that name files never uploaded (test_houses.py's photo
    # and video rows), and the backup copies only files that exist.  What
    # matters is that the sweep removes none of those that were there.
    present = {r for r in refs if os.path.exists(os.path.join(ma, r))}
    assert any("/private/" in r for r in present)
    uploaded = {r[0] for r in dba.rows(
        "SELECT url FROM house_photos WHERE house_id = %d" % loaded["house"])}
    assert len(uploaded) == 3 and uploaded <= present, uploaded - present
    d = os.path.join(ma, "data", "private", "user_999999")
    os.makedirs(d, exist_ok=True)
    orphan = os.path.join(d, "idcard_front-orphan.png")
    with open(orphan, "wb") as f:
        f.write(png())
    time.sleep(2.5)
    young = os.path.join(ma, "data", "userphoto", "user_999999",
                         "avatar-young.png")
    os.makedirs(os.path.dirname(young), exist_ok=True)
    with open(young, "wb") as f:
        f.write(png())
    orphan_rel = os.path.relpath(orphan, ma)

    # The default grace period (an hour) protects everything just placed.
    p = admin("media-sweep", env=env)
    assert orphan_rel not in p.stdout and "dry run" in p.stdout
    # Dry run: listed, kept.
    p = admin("media-sweep", "--older-than", "2", env=env)
    listed = [l.split("\t")[0] for l in p.stdout.splitlines() if "\t" in l]
    assert orphan_rel in listed and os.path.relpath(young, ma) not in listed
    assert not refs & set(listed)
    assert os.path.exists(orphan)
    p = admin("media-sweep", "--delete", "--older-than", "2", env=env)
    assert orphan_rel in p.stdout and "removed" in p.stdout
    assert not os.path.exists(orphan) and os.path.exists(young)
    for r in present:
        assert os.path.exists(os.path.join(ma, r)), r
    assert admin("media-sweep", "--older-than", "x", env=env,
                 check_rc=2).returncode == 2
