/* One MariaDB connection per worker, prepared statements only.  The caller
 * registers all its SQL once (an array indexed by its own enum); statements
 * are prepared on first use and again after a reconnect.  A statement that
 * fails because the server went away before it ran is retried once on a
 * fresh connection.
 *
 * The connection goes to a unix socket, or over TCP (optionally TLS) to
 * the first host of a list that answers; after a lost connection the next
 * connect starts at the following host, so a worker moves on to another
 * Galera node when its node dies, and stays there. */
#ifndef ZF_DB_H
#define ZF_DB_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "arena.h"

#define DB_MAX_HOSTS 8

/* One "host:port" of a host list. */
struct db_host {
	char name[256]; /* a name, an IPv4 address or an IPv6 one (no []) */
	unsigned port;
};

/* Parse a list "host[:port],host[:port],..." (an IPv6 address in
 * brackets, "[::1]:3306"; port 3306 when absent; spaces around entries
 * allowed) into out[0..max).  Returns the number of hosts (0 for an empty
 * or blank list), or -1 with the reason in err. */
int db_hosts_parse(const char *list, struct db_host *out, size_t max, char *err,
                   size_t errlen);

struct db_conf {
	const char *socket;   /* unix socket, or NULL to use hosts */
	const char *hosts;    /* a host list (db_hosts_parse), when no socket */
	const char *tls_ca;   /* TCP: CA file; set means TLS is required */
	const char *tls_cert; /* TCP: client certificate and key, or NULL */
	const char *tls_key;
	int tls_verify; /* TCP with TLS: check that the server's certificate
	                   names the host (its chain against tls_ca is
	                   checked always) */
	const char *user;
	const char *password;
	const char *name;     /* database */
	unsigned timeout_s;   /* connect/read/write timeout */
	int multi_statements; /* allow several statements in db_run */
};

enum db_type {
	DBT_NULL,
	DBT_INT,
	DBT_DOUBLE,
	DBT_TEXT, /* text in the connection's character set */
	DBT_BLOB  /* bytes (parameters only; results come back as DBT_TEXT) */
};

/* A parameter or a result cell. */
struct db_val {
	enum db_type t;
	long long i;
	double d;
	const char *s; /* DBT_TEXT: bytes, NUL-terminated in results */
	size_t n;
};

#define DB_NULLV        ((struct db_val){.t = DBT_NULL})
#define DB_INT(x)       ((struct db_val){.t = DBT_INT, .i = (x)})
#define DB_DBL(x)       ((struct db_val){.t = DBT_DOUBLE, .d = (x)})
#define DB_TEXT(p, len) ((struct db_val){.t = DBT_TEXT, .s = (p), .n = (len)})
#define DB_BLOB(p, len)                                                        \
	((struct db_val){.t = DBT_BLOB, .s = (const char *)(p), .n = (len)})
/* A NUL-terminated string, or NULL as SQL NULL. */
static inline struct db_val
db_strval(const char *p)
{
	struct db_val v = {.t = DBT_NULL};

	if (p != NULL) {
		v.t = DBT_TEXT;
		v.s = p;
		v.n = strlen(p);
	}
	return v;
}
#define DB_STR(p) db_strval(p)

/* All rows of a result, in memory. */
struct db_res {
	size_t nrows;
	size_t ncols;
	struct db_val *v; /* row-major */
	struct arena *a;  /* holds the cells' text */
};

/* Return codes. */
enum {
	DB_OK = 0,
	DB_ERR = -1,  /* anything else; logged */
	DB_DUP = -2,  /* duplicate key */
	DB_GONE = -3, /* the server is unreachable */
	DB_RETRY = -4 /* deadlock, lock wait timeout, a Galera certification
	                 conflict (also at COMMIT), a node not ready: nothing
	                 was committed, run the transaction again */
};

struct db;

/* A handle for conf (copied) and the statement texts sql[0..nsql) (kept by
 * reference: pass static strings).  Does not connect yet. */
struct db *db_new(const struct db_conf *, const char *const *sql, size_t nsql);

/* Close and free; accepts NULL. */
void db_free(struct db *);

/* Connect now (also done lazily).  DB_OK or DB_GONE. */
int db_connect(struct db *);

#define DB_MAX_ARGS 48

/* Execute statement id with args (at most DB_MAX_ARGS).  When res is not NULL
 * the rows are fetched into *res (free with db_res_free).  affected/insert_id
 * may be NULL. */
int db_exec(struct db *, unsigned id, const struct db_val *args, size_t nargs,
            struct db_res **res, uint64_t *affected, uint64_t *insert_id);

/* The cell at (row, col); never NULL for valid indices. */
const struct db_val *db_cell(const struct db_res *, size_t row, size_t col);

/* Cell helpers: NULL cells give def / NULL. */
long long db_int(const struct db_res *, size_t row, size_t col, long long def);
const char *db_str(const struct db_res *, size_t row, size_t col);

void db_res_free(struct db_res *);

/* Transactions on the connection.  DB_OK or an error; db_commit gives
 * DB_RETRY when Galera refused the commit (certification conflict), and
 * DB_GONE when the connection broke or the Galera node left the cluster
 * during it (the outcome is unknown). */
int db_begin(struct db *);
int db_commit(struct db *);
int db_rollback(struct db *);

/* 1 when sql only reads: it begins (after blanks) with SELECT or WITH,
 * in any case, and holds no FOR UPDATE.  Such a statement, outside a
 * transaction, runs once more on a new connection (to the next host) when
 * the connection broke while it ran (CR_SERVER_LOST): a lost write may
 * have been applied, a lost read has changed nothing.  (No function or
 * procedure the schema has writes from a SELECT.) */
int db_sql_reads_only(const char *sql);

/* How many times a transaction runs at most (db_tx_again). */
#define DB_TX_TRIES 4

/* After a failed transaction attempt (rc its error, already rolled back),
 * attempt counting from 0: 1 when it should run again, after a short
 * backoff slept here: rc is DB_RETRY, or DB_GONE from anything but a
 * COMMIT (the server rolled the transaction back; the next attempt
 * connects, to the next host), and fewer than DB_TX_TRIES attempts ran.
 * 0 otherwise.  The idiom:
 *
 *	for (attempt = 0;; attempt++) {
 *		rc = db_begin(d) ... statements ... db_commit(d);
 *		if (rc == DB_OK)
 *			break;
 *		db_rollback(d);
 *		if (!db_tx_again(d, rc, attempt))
 *			break;
 *	}
 *
 * Everything the body computes must be reset at the top of each attempt,
 * and nothing outside the database (a file, an HTTP call) may happen
 * inside it. */
int db_tx_again(struct db *, int rc, int attempt);

/* What the last db_begin, db_exec or db_commit returned (DB_OK or its
 * error; db_rollback does not change it): for a caller that sees only
 * its callee's failure, to pass to db_tx_again. */
int db_last(const struct db *);

/* Run a plain statement with no parameters and no result (DDL, used by
 * the migration runner).  DB_OK or an error with the server's text in err. */
int db_run(struct db *, const char *sql, char *err, size_t errlen);

/* Prepare every registered statement; returns the number that failed,
 * each reported in the log.  For the schema test. */
int db_prepare_all(struct db *);

#endif
