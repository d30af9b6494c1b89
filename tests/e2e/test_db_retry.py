"""A transaction that loses a deadlock runs again (issue 14, 1): Galera
reports a certification conflict as a deadlock (1213), and every writing
transaction of the service then runs again when nothing was committed.
Proved here on one node with a real InnoDB deadlock: /update_house_info on
a released listing locks the listing, then the listing's trigger bumps its
city's row of dir_versions; a session that holds that row and then asks
for the listing's lock closes the circle, and InnoDB rolls back the lighter
transaction, the request's.  The request must still succeed, once."""

import os
import subprocess
import threading
import time

from test_houses import FULL, act, create, update
from test_metrics import parse, scrape, value


class Session:
    """One mariadb client kept open: statements run as they are written."""

    def __init__(self, db):
        self.p = subprocess.Popen(db.cmd[:-1] + ["--unbuffered", "--force"],
                                  stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT, text=True)

    def send(self, sql):
        self.p.stdin.write(sql + "\n")
        self.p.stdin.flush()

    def mark(self, word, timeout=30):
        """Wait until everything sent so far has run; the lines before."""
        self.send("SELECT '%s';" % word)
        seen, end = [], time.time() + timeout
        while time.time() < end:
            line = self.p.stdout.readline()
            assert line, "the session ended: %s" % seen
            if line.strip() == word:
                return seen
            seen.append(line.strip())
        raise AssertionError("no %s from the session: %s" % (word, seen))

    def close(self):
        self.p.stdin.close()
        self.p.wait(timeout=30)


def retries(base):
    return value(parse(scrape(base)), "zufang_db_tx_retries_total")


def lock_waits(db):
    return int(db.value("SELECT COUNT(*) FROM information_schema.innodb_trx "
                        "WHERE trx_state = 'LOCK WAIT'"))


def test_deadlock_victim_runs_again(api, base, db, user):
    hid = create(api, user, **FULL)
    assert act(api, user, "/house_release", hid)["status"] == 0
    city, province = db.rows("SELECT city_code, province_code FROM houses "
                             "WHERE id = %d" % hid)[0]
    before = retries(base)
    s = Session(db)
    try:
        s.send("SET SESSION innodb_lock_wait_timeout = 30;")
        s.send("START TRANSACTION;")
        # Weight (rows changed): InnoDB's victim is the lighter side.
        tag = os.urandom(3).hex()
        s.send("INSERT INTO catalog_locks (name) VALUES %s;" % ", ".join(
            "('dl%s%02d')" % (tag, i) for i in range(40)))
        s.send("INSERT INTO dir_versions (city_code, province_code, v) "
               "VALUES (%s, %s, 1) ON DUPLICATE KEY UPDATE v = v + 1;"
               % (city, province))
        s.mark("held")

        got = {}
        t = threading.Thread(target=lambda: got.update(
            body=update(api, user, hid, "house_rent", "3300")))
        t.start()
        end = time.time() + 20
        while lock_waits(db) == 0:
            assert time.time() < end, "the request never waited"
            time.sleep(0.05)
        # The circle: the request holds the listing and waits for the
        # city's row; this session holds that row and asks for the
        # listing.  The request is rolled back, runs again and waits.
        s.send("SELECT id FROM houses WHERE id = %d FOR UPDATE;" % hid)
        out = s.mark("locked")
        assert not any("1213" in l for l in out), out  # not this side
        s.send("ROLLBACK;")
        s.mark("released")
        t.join(30)
        assert not t.is_alive()
    finally:
        s.close()
    assert got["body"]["status"] == 0, got
    assert db.value("SELECT house_rent FROM houses WHERE id = %d"
                    % hid) == "3300"
    assert retries(base) >= before + 1
