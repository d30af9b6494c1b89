-- Issue 14, 1: nothing Galera refuses.  A Galera cluster replicates only
-- InnoDB rows, certifies a transaction's write set at COMMIT and does not
-- replicate locks: LOCK TABLES and GET_LOCK() hold on one node only, and
-- every table needs a primary key (migrations 0001-0021 checked: every
-- table is InnoDB with one; the runner's schema_migrations and
-- schema_lock too).
--
-- What changed: a transfer to a person (/payment/ali/pay_to_customer)
-- took GET_LOCK('zufang.transfer.<order_id>') so that one order is paid
-- through Alipay by one worker at a time.  Two workers on two nodes would
-- both have had it.  It is now a lease: a committed row of this table,
-- keyed by the order.  Its insert is replicated before the Alipay call; a
-- second taker's insert, on any node, fails on the key (a duplicate, or a
-- certification conflict that Galera's autocommit retry turns into one).
-- The holder deletes it when done; a worker that died holding it leaves
-- it, and it may be taken over once older than 600 s (longer than the
-- Alipay calls the holder makes, which are bounded by http_timeout_ms).
-- A row lock (SELECT ... FOR UPDATE) would not do: it is local to a node
-- too, and would keep a transaction open across the HTTP calls.
--
-- The migration lock (zufang-admin migrate, GET_LOCK('zufang.migrate')) is
-- the same lease in schema_lock, a table the runner makes, like
-- schema_migrations: it must exist before any migration runs.
CREATE TABLE transfer_locks (
	order_id VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
	-- Random per taking: only the taker releases it, even after a
	-- takeover of a stale lease.
	holder CHAR(32) CHARACTER SET ascii NOT NULL,
	taken_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	PRIMARY KEY (order_id)
) ENGINE=InnoDB DEFAULT CHARSET=ascii;
