#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <errmsg.h>
#include <mysql.h>
#include <mysqld_error.h>

#include "arena.h"
#include "buf.h"
#include "db.h"
#include "log.h"
#include "metrics.h"

struct db {
	struct db_conf conf; /* strings owned */
	const char *const *sql;
	size_t nsql;
	MYSQL *m;         /* NULL when not connected */
	MYSQL_STMT **st;  /* prepared statements by id, NULL when not yet */
	MYSQL_RES **meta; /* their result metadata, NULL when none */
	int in_tx;
	int down;        /* the last connection attempt failed */
	int commit_lost; /* the last COMMIT broke off: outcome unknown */
	int last;        /* what the last db_begin/db_exec/db_commit gave */
	struct timespec last_try;
	struct db_host hosts[DB_MAX_HOSTS]; /* TCP, when no socket */
	size_t nhosts;
	size_t cur; /* the host to try first */
};

/* While the server is down, try again at most this often (ms); requests in
 * between fail fast instead of each waiting for a refused connect. */
#define RETRY_MS 200

static const char *init_sql =
        "SET time_zone = '+00:00', sql_mode = 'STRICT_ALL_TABLES,"
        "NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,"
        "NO_ENGINE_SUBSTITUTION', group_concat_max_len = 1048576";

static char *
dupnull(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

struct db *
db_new(const struct db_conf *c, const char *const *sql, size_t nsql)
{
	struct db *d = xcalloc(1, sizeof(*d));

	char err[256];
	int n;

	d->conf = *c;
	d->conf.socket = dupnull(c->socket);
	d->conf.hosts = dupnull(c->hosts);
	d->conf.tls_ca = dupnull(c->tls_ca);
	d->conf.tls_cert = dupnull(c->tls_cert);
	d->conf.tls_key = dupnull(c->tls_key);
	if (d->conf.socket == NULL && c->hosts != NULL) {
		n = db_hosts_parse(c->hosts, d->hosts, DB_MAX_HOSTS, err,
		                   sizeof(err));
		if (n < 0)
			log_err("db: db_hosts: %s", err); /* connects fail */
		else
			d->nhosts = (size_t)n;
	}
	d->conf.user = dupnull(c->user);
	d->conf.password = dupnull(c->password);
	d->conf.name = dupnull(c->name);
	d->sql = sql;
	d->nsql = nsql;
	d->st = xcalloc(nsql ? nsql : 1, sizeof(*d->st));
	d->meta = xcalloc(nsql ? nsql : 1, sizeof(*d->meta));
	return d;
}

/* Server messages quote values ("Duplicate entry '...'"): never log
 * what is between quotes, it may be personal data. */
static void
log_server_error(const char *what, unsigned id, unsigned no, const char *msg)
{
	char clean[256];
	size_t i, j = 0;
	int quoted = 0;

	for (i = 0; msg[i] != '\0' && j < sizeof(clean) - 4; i++) {
		if (msg[i] == '\'') {
			if (!quoted) {
				clean[j++] = '\'';
				clean[j++] = '?';
			} else {
				clean[j++] = '\'';
			}
			quoted = !quoted;
		} else if (!quoted) {
			clean[j++] = msg[i];
		}
	}
	clean[j] = '\0';
	log_err("db: %s %u failed: error %u: %s", what, id, no, clean);
	metrics_add(MET_DB_ERRORS, 1);
}

static void
db_disconnect(struct db *d)
{
	size_t i;

	for (i = 0; i < d->nsql; i++) {
		if (d->meta[i] != NULL)
			mysql_free_result(d->meta[i]);
		if (d->st[i] != NULL)
			mysql_stmt_close(d->st[i]);
		d->st[i] = NULL;
		d->meta[i] = NULL;
	}
	if (d->m != NULL)
		mysql_close(d->m);
	d->m = NULL;
	d->in_tx = 0;
}

void
db_free(struct db *d)
{
	if (d == NULL)
		return;
	db_disconnect(d);
	free((char *)d->conf.socket);
	free((char *)d->conf.hosts);
	free((char *)d->conf.tls_ca);
	free((char *)d->conf.tls_cert);
	free((char *)d->conf.tls_key);
	if (d->conf.password != NULL) {
		memset((char *)d->conf.password, 0, strlen(d->conf.password));
		free((char *)d->conf.password);
	}
	free((char *)d->conf.user);
	free((char *)d->conf.name);
	free(d->st);
	free(d->meta);
	free(d);
}

static int
host_char(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
}

/* One entry p[0..n) (no spaces around it) into h. */
static int
host_parse(const char *p, size_t n, struct db_host *h, char *err, size_t errlen)
{
	const char *name = p, *port = NULL;
	size_t namelen, i;
	unsigned long v = 0;

	if (n > 0 && p[0] == '[') {
		const char *close = memchr(p, ']', n);

		if (close == NULL) {
			snprintf(err, errlen, "\"%.*s\": no ] after [", (int)n,
			         p);
			return -1;
		}
		name = p + 1;
		namelen = (size_t)(close - name);
		for (i = 0; i < namelen; i++)
			if (!(host_char(name[i]) || name[i] == ':')) {
				snprintf(err, errlen,
				         "\"%.*s\": not an IPv6 address",
				         (int)n, p);
				return -1;
			}
		if (close + 1 < p + n) {
			if (close[1] != ':') {
				snprintf(err, errlen, "\"%.*s\": junk after ]",
				         (int)n, p);
				return -1;
			}
			port = close + 2;
		}
	} else {
		const char *colon = memchr(p, ':', n);

		if (colon != NULL &&
		    memchr(colon + 1, ':', n - (size_t)(colon + 1 - p))) {
			snprintf(err, errlen,
			         "\"%.*s\": an IPv6 address goes in brackets "
			         "([::1]:3306)",
			         (int)n, p);
			return -1;
		}
		namelen = colon ? (size_t)(colon - p) : n;
		if (colon != NULL)
			port = colon + 1;
		for (i = 0; i < namelen; i++)
			if (!host_char(name[i])) {
				snprintf(err, errlen,
				         "\"%.*s\": a host name, an IPv4 "
				         "address or [IPv6], then :port",
				         (int)n, p);
				return -1;
			}
	}
	if (namelen == 0 || namelen >= sizeof(h->name)) {
		snprintf(err, errlen, "\"%.*s\": %s host", (int)n, p,
		         namelen == 0 ? "no" : "too long a");
		return -1;
	}
	memcpy(h->name, name, namelen);
	h->name[namelen] = '\0';
	h->port = 3306;
	if (port == NULL)
		return 0;
	if (port == p + n) {
		snprintf(err, errlen, "\"%.*s\": no port after :", (int)n, p);
		return -1;
	}
	for (; port < p + n; port++) {
		if (*port < '0' || *port > '9' || v > 65535) {
			snprintf(err, errlen, "\"%.*s\": not a port number",
			         (int)n, p);
			return -1;
		}
		v = v * 10 + (unsigned long)(*port - '0');
	}
	if (v == 0 || v > 65535) {
		snprintf(err, errlen, "\"%.*s\": port out of 1-65535", (int)n,
		         p);
		return -1;
	}
	h->port = (unsigned)v;
	return 0;
}

int
db_hosts_parse(const char *list, struct db_host *out, size_t max, char *err,
               size_t errlen)
{
	const char *p = list, *e, *end;
	size_t n = 0, blank = 1;

	for (e = list; *e != '\0'; e++)
		if (*e != ' ' && *e != '\t')
			blank = 0;
	if (blank)
		return 0;
	for (;;) {
		end = strchr(p, ',');
		if (end == NULL)
			end = p + strlen(p);
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		e = end;
		while (e > p && (e[-1] == ' ' || e[-1] == '\t'))
			e--;
		if (e == p) {
			snprintf(err, errlen, "an empty entry (two commas?)");
			return -1;
		}
		if (n == max) {
			snprintf(err, errlen, "more than %lu hosts",
			         (unsigned long)max);
			return -1;
		}
		if (host_parse(p, (size_t)(e - p), &out[n], err, errlen) < 0)
			return -1;
		n++;
		if (*end == '\0')
			break;
		p = end + 1;
	}
	return (int)n;
}

/* A new handle with every option but the address. */
static MYSQL *
db_handle(struct db *d)
{
	unsigned timeout = d->conf.timeout_s ? d->conf.timeout_s : 5;
	my_bool off = 0, on = 1, verify = d->conf.tls_verify != 0;
	unsigned proto = MYSQL_PROTOCOL_TCP;
	MYSQL *m = mysql_init(NULL);

	if (m == NULL)
		abort();
	mysql_optionsv(m, MYSQL_OPT_CONNECT_TIMEOUT, &timeout);
	mysql_optionsv(m, MYSQL_OPT_READ_TIMEOUT, &timeout);
	mysql_optionsv(m, MYSQL_OPT_WRITE_TIMEOUT, &timeout);
	mysql_optionsv(m, MYSQL_OPT_RECONNECT, &off);
	mysql_optionsv(m, MYSQL_SET_CHARSET_NAME, "utf8mb4");
	mysql_optionsv(m, MYSQL_INIT_COMMAND, init_sql);
	if (d->conf.socket != NULL)
		return m;
	/* "localhost" would otherwise mean the default socket. */
	mysql_optionsv(m, MYSQL_OPT_PROTOCOL, &proto);
	if (d->conf.tls_ca != NULL && *d->conf.tls_ca != '\0') {
		/* TLS or no connection at all, never a silent fallback to
		 * plain text. */
		mysql_optionsv(m, MYSQL_OPT_SSL_ENFORCE, &on);
		mysql_optionsv(m, MYSQL_OPT_SSL_CA, d->conf.tls_ca);
		if (d->conf.tls_cert != NULL && *d->conf.tls_cert != '\0')
			mysql_optionsv(m, MYSQL_OPT_SSL_CERT, d->conf.tls_cert);
		if (d->conf.tls_key != NULL && *d->conf.tls_key != '\0')
			mysql_optionsv(m, MYSQL_OPT_SSL_KEY, d->conf.tls_key);
		/* The chain is checked against tls_ca whenever it is set
		 * (measured with Connector/C 3.3: a wrong CA fails either
		 * way); this adds the certificate's name against the host. */
		mysql_optionsv(m, MYSQL_OPT_SSL_VERIFY_SERVER_CERT, &verify);
	}
	return m;
}

int
db_connect(struct db *d)
{
	unsigned long flags = 0;
	struct timespec now;
	size_t i, n, h = 0;
	unsigned no = 0;

	if (d->m != NULL)
		return DB_OK;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (d->down &&
	    (now.tv_sec - d->last_try.tv_sec) * 1000 +
	                    (now.tv_nsec - d->last_try.tv_nsec) / 1000000 <
	            RETRY_MS)
		return DB_GONE;
	d->last_try = now;
	if (d->conf.multi_statements)
		flags |= CLIENT_MULTI_STATEMENTS;
	/* The socket once, or every host once from the current one. */
	n = d->conf.socket != NULL ? 1 : d->nhosts;
	for (i = 0; i < n; i++) {
		h = (d->cur + i) % (n ? n : 1);
		d->m = db_handle(d);
		if (mysql_real_connect(
		            d->m, d->conf.socket ? NULL : d->hosts[h].name,
		            d->conf.user, d->conf.password, d->conf.name,
		            d->conf.socket ? 0 : d->hosts[h].port,
		            d->conf.socket, flags) != NULL)
			break;
		no = mysql_errno(d->m);
		if (!d->down && d->conf.socket == NULL)
			log_warn("db: cannot connect to %s:%u: error %u",
			         d->hosts[h].name, d->hosts[h].port, no);
		mysql_close(d->m);
		d->m = NULL;
	}
	if (d->m == NULL) {
		if (!d->down)
			log_err("db: cannot connect: error %u; retrying every "
			        "%d ms",
			        no, RETRY_MS);
		d->down = 1;
		metrics_add(MET_DB_CONNECT_FAILED, 1);
		return DB_GONE;
	}
	if (d->conf.socket == NULL && (h != d->cur || d->down))
		log_info("db: connected to %s:%u", d->hosts[h].name,
		         d->hosts[h].port);
	else if (d->down)
		log_info("db: connected again");
	d->cur = h;
	d->down = 0;
	return DB_OK;
}

/* After a lost connection: the next connect starts at the next host (a
 * Galera node that died or left the cluster). */
static void
db_lost(struct db *d)
{
	db_disconnect(d);
	if (d->nhosts > 1)
		d->cur = (d->cur + 1) % d->nhosts;
}

/* A Galera node outside the primary component, or still joining, refuses
 * every statement with 1047 "WSREP has not yet prepared node for
 * application use": nothing ran; another node may serve. */
static int
not_ready(unsigned no)
{
	return no == ER_UNKNOWN_COM_ERROR;
}

/* Nothing was committed: the transaction may run again. */
static int
retryable(unsigned no)
{
	return no == ER_LOCK_DEADLOCK || no == ER_LOCK_WAIT_TIMEOUT;
}

static int
gone(unsigned no)
{
	return no == CR_SERVER_GONE_ERROR || no == CR_SERVER_LOST ||
	       no == CR_CONNECTION_ERROR || no == CR_CONN_HOST_ERROR ||
	       no == ER_CONNECTION_KILLED || no == ER_SERVER_SHUTDOWN;
}

/* The prepared statement for id, preparing it if needed; NULL with *no
 * set on failure. */
static MYSQL_STMT *
db_stmt(struct db *d, unsigned id, unsigned *no)
{
	MYSQL_STMT *st;
	my_bool on = 1;

	*no = 0;
	if (d->st[id] != NULL)
		return d->st[id];
	st = mysql_stmt_init(d->m);
	if (st == NULL)
		abort();
	if (mysql_stmt_prepare(st, d->sql[id], (unsigned long)-1) != 0) {
		*no = mysql_stmt_errno(st);
		if (!gone(*no))
			log_server_error("prepare", id, *no,
			                 mysql_stmt_error(st));
		mysql_stmt_close(st);
		return NULL;
	}
	mysql_stmt_attr_set(st, STMT_ATTR_UPDATE_MAX_LENGTH, &on);
	d->st[id] = st;
	/* Kept for every execution: fetching it again costs allocations. */
	d->meta[id] = mysql_stmt_result_metadata(st);
	return st;
}

static void
bind_params(MYSQL_BIND *b, const struct db_val *args, size_t n, long long *ints,
            double *dbls)
{
	size_t i;

	memset(b, 0, n * sizeof(*b));
	for (i = 0; i < n; i++) {
		switch (args[i].t) {
		case DBT_NULL:
			b[i].buffer_type = MYSQL_TYPE_NULL;
			break;
		case DBT_INT:
			ints[i] = args[i].i;
			b[i].buffer_type = MYSQL_TYPE_LONGLONG;
			b[i].buffer = &ints[i];
			break;
		case DBT_DOUBLE:
			dbls[i] = args[i].d;
			b[i].buffer_type = MYSQL_TYPE_DOUBLE;
			b[i].buffer = &dbls[i];
			break;
		case DBT_TEXT:
		case DBT_BLOB:
			b[i].buffer_type = args[i].t == DBT_TEXT
			                           ? MYSQL_TYPE_STRING
			                           : MYSQL_TYPE_BLOB;
			b[i].buffer = (void *)(args[i].s ? args[i].s : "");
			b[i].buffer_length = (unsigned long)args[i].n;
			break;
		}
	}
}

static int
is_int_type(enum enum_field_types t)
{
	return t == MYSQL_TYPE_TINY || t == MYSQL_TYPE_SHORT ||
	       t == MYSQL_TYPE_LONG || t == MYSQL_TYPE_INT24 ||
	       t == MYSQL_TYPE_LONGLONG || t == MYSQL_TYPE_YEAR ||
	       t == MYSQL_TYPE_BIT;
}

/* Fetch every row of an executed statement into a new result. */
static int
fetch_all(MYSQL_STMT *st, MYSQL_RES *meta, unsigned id, struct db_res **out)
{
	MYSQL_FIELD *fld;
	MYSQL_BIND *b = NULL;
	struct db_res *res = xcalloc(1, sizeof(*res));
	struct {
		long long i;
		double d;
		char *buf;
		unsigned long cap, len;
		my_bool null, err;
	} *c = NULL;
	size_t i, cap = 0;
	int rc, ret = DB_ERR;

	*out = res;
	if (meta == NULL)
		return DB_OK;
	res->a = arena_new();
	if (mysql_stmt_store_result(st) != 0) {
		log_server_error("store", id, mysql_stmt_errno(st),
		                 mysql_stmt_error(st));
		goto out;
	}
	res->ncols = mysql_num_fields(meta);
	fld = mysql_fetch_fields(meta);
	b = xcalloc(res->ncols, sizeof(*b));
	c = xcalloc(res->ncols, sizeof(*c));
	for (i = 0; i < res->ncols; i++) {
		b[i].is_null = &c[i].null;
		b[i].error = &c[i].err;
		if (is_int_type(fld[i].type)) {
			b[i].buffer_type = MYSQL_TYPE_LONGLONG;
			b[i].buffer = &c[i].i;
			b[i].is_unsigned = (fld[i].flags & UNSIGNED_FLAG) != 0;
		} else if (fld[i].type == MYSQL_TYPE_DOUBLE ||
		           fld[i].type == MYSQL_TYPE_FLOAT) {
			b[i].buffer_type = MYSQL_TYPE_DOUBLE;
			b[i].buffer = &c[i].d;
		} else {
			c[i].cap = fld[i].max_length + 1;
			if (c[i].cap < 64)
				c[i].cap = 64;
			c[i].buf = xmalloc(c[i].cap);
			b[i].buffer_type = MYSQL_TYPE_STRING;
			b[i].buffer = c[i].buf;
			b[i].buffer_length = c[i].cap;
			b[i].length = &c[i].len;
		}
	}
	if (mysql_stmt_bind_result(st, b) != 0) {
		log_server_error("bind", id, mysql_stmt_errno(st),
		                 mysql_stmt_error(st));
		goto out;
	}
	while ((rc = mysql_stmt_fetch(st)) == 0 || rc == MYSQL_DATA_TRUNCATED) {
		struct db_val *row;

		if (res->nrows == cap) {
			cap = cap ? cap * 2 : 8;
			res->v = xrealloc(res->v,
			                  cap * res->ncols * sizeof(*res->v));
		}
		row = res->v + res->nrows * res->ncols;
		res->nrows++;
		for (i = 0; i < res->ncols; i++) {
			memset(&row[i], 0, sizeof(row[i]));
			if (c[i].null) {
				row[i].t = DBT_NULL;
			} else if (b[i].buffer_type == MYSQL_TYPE_LONGLONG) {
				row[i].t = DBT_INT;
				row[i].i = c[i].i;
			} else if (b[i].buffer_type == MYSQL_TYPE_DOUBLE) {
				row[i].t = DBT_DOUBLE;
				row[i].d = c[i].d;
			} else {
				if (c[i].err) { /* longer than max_length said
					         */
					MYSQL_BIND one = b[i];

					c[i].cap = c[i].len + 1;
					c[i].buf = xrealloc(c[i].buf, c[i].cap);
					one.buffer = c[i].buf;
					one.buffer_length = c[i].cap;
					b[i].buffer = c[i].buf;
					b[i].buffer_length = c[i].cap;
					if (mysql_stmt_fetch_column(st, &one,
					                            (unsigned)i,
					                            0) != 0)
						goto out;
					mysql_stmt_bind_result(st, b);
				}
				row[i].t = DBT_TEXT;
				row[i].s = arena_strndup(res->a, c[i].buf,
				                         c[i].len);
				row[i].n = c[i].len;
			}
		}
	}
	if (rc != MYSQL_NO_DATA) {
		log_server_error("fetch", id, mysql_stmt_errno(st),
		                 mysql_stmt_error(st));
		goto out;
	}
	ret = DB_OK;
out:
	mysql_stmt_free_result(st);
	if (c != NULL)
		for (i = 0; i < res->ncols; i++)
			free(c[i].buf);
	free(c);
	free(b);
	if (ret != DB_OK) {
		db_res_free(res);
		*out = NULL;
	}
	return ret;
}

int
db_sql_reads_only(const char *sql)
{
	const char *s = sql, *w;
	size_t n;

	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' ||
	       *s == '(')
		s++;
	if (strncasecmp(s, "SELECT", 6) == 0)
		n = 6;
	else if (strncasecmp(s, "WITH", 4) == 0)
		n = 4;
	else
		return 0;
	if (s[n] != ' ' && s[n] != '\t' && s[n] != '\n' && s[n] != '\r')
		return 0;
	for (w = s; (w = strcasestr(w, "FOR")) != NULL; w += 3) {
		const char *u = w + 3;

		while (*u == ' ' || *u == '\t' || *u == '\n' || *u == '\r')
			u++;
		if (u > w + 3 && strncasecmp(u, "UPDATE", 6) == 0)
			return 0;
	}
	return 1;
}

static int
exec_stmt(struct db *d, unsigned id, const struct db_val *args, size_t nargs,
          struct db_res **res, uint64_t *affected, uint64_t *insert_id)
{
	MYSQL_BIND pb[DB_MAX_ARGS];
	long long ints[DB_MAX_ARGS];
	double dbls[DB_MAX_ARGS];
	MYSQL_STMT *st;
	unsigned no = 0;
	int attempt;

	if (res != NULL)
		*res = NULL;
	if (id >= d->nsql || nargs > DB_MAX_ARGS)
		return DB_ERR;
	for (attempt = 0; attempt < 2; attempt++) {
		if (d->m == NULL && db_connect(d) != DB_OK)
			return DB_GONE;
		st = db_stmt(d, id, &no);
		if (st == NULL)
			goto failed;
		if (mysql_stmt_param_count(st) != nargs) {
			log_err("db: statement %u wants %lu parameters, got "
			        "%lu",
			        id, mysql_stmt_param_count(st),
			        (unsigned long)nargs);
			return DB_ERR;
		}
		bind_params(pb, args, nargs, ints, dbls);
		if (nargs && mysql_stmt_bind_param(st, pb) != 0) {
			no = mysql_stmt_errno(st);
			goto failed;
		}
		if (mysql_stmt_execute(st) != 0) {
			no = mysql_stmt_errno(st);
			if (no == ER_DUP_ENTRY || no == ER_DUP_KEY)
				return DB_DUP;
			if (retryable(no))
				return DB_RETRY;
			if (not_ready(no)) {
				int was_tx = d->in_tx;

				log_warn("db: node not ready (error %u), "
				         "trying the next one",
				         no);
				metrics_add(MET_DB_RECONNECTS, 1);
				db_lost(d);
				if (was_tx)
					return DB_RETRY;
				continue;
			}
			if (no == ER_NEED_REPREPARE && attempt == 0) {
				if (d->meta[id] != NULL)
					mysql_free_result(d->meta[id]);
				mysql_stmt_close(st);
				d->st[id] = NULL;
				d->meta[id] = NULL;
				continue;
			}
			if (!gone(no))
				log_server_error("statement", id, no,
				                 mysql_stmt_error(st));
			goto failed;
		}
		if (affected != NULL)
			*affected = mysql_stmt_affected_rows(st);
		if (insert_id != NULL)
			*insert_id = mysql_stmt_insert_id(st);
		/* A statement whose columns are known only once it ran
		 * (DELETE ... RETURNING) gets its metadata now: unread rows
		 * would put the connection out of sync. */
		if (d->meta[id] == NULL && mysql_stmt_field_count(st) > 0)
			d->meta[id] = mysql_stmt_result_metadata(st);
		if (res != NULL)
			return fetch_all(st, d->meta[id], id, res);
		mysql_stmt_free_result(st);
		return DB_OK;
	failed:
		if (!gone(no))
			return DB_ERR;
		/* The server went away.  Only "gone before it ran" outside a
		 * transaction is safe to run again on a new connection. */
		log_warn("db: connection lost (error %u), reconnecting", no);
		metrics_add(MET_DB_RECONNECTS, 1);
		{
			int was_tx = d->in_tx;

			db_lost(d);
			if (was_tx || (no == CR_SERVER_LOST &&
			               !db_sql_reads_only(d->sql[id])))
				return DB_GONE;
		}
	}
	return DB_GONE;
}

int
db_exec(struct db *d, unsigned id, const struct db_val *args, size_t nargs,
        struct db_res **res, uint64_t *affected, uint64_t *insert_id)
{
	d->last = exec_stmt(d, id, args, nargs, res, affected, insert_id);
	return d->last;
}

int
db_last(const struct db *d)
{
	return d->last;
}

const struct db_val *
db_cell(const struct db_res *r, size_t row, size_t col)
{
	return &r->v[row * r->ncols + col];
}

long long
db_int(const struct db_res *r, size_t row, size_t col, long long def)
{
	const struct db_val *v = db_cell(r, row, col);

	if (v->t == DBT_INT)
		return v->i;
	if (v->t == DBT_DOUBLE)
		return (long long)v->d;
	return def;
}

const char *
db_str(const struct db_res *r, size_t row, size_t col)
{
	const struct db_val *v = db_cell(r, row, col);

	return v->t == DBT_TEXT ? v->s : NULL;
}

void
db_res_free(struct db_res *r)
{
	if (r == NULL)
		return;
	arena_free(r->a);
	free(r->v);
	free(r);
}

/* A statement without parameters (START TRANSACTION, COMMIT, ROLLBACK);
 * may_retry: run it again on a new connection when the server went away
 * (only before anything ran). */
static int
db_simple(struct db *d, const char *sql, int may_retry)
{
	unsigned no;

	if (d->m == NULL && db_connect(d) != DB_OK)
		return DB_GONE;
	if (mysql_real_query(d->m, sql, (unsigned long)strlen(sql)) == 0)
		return DB_OK;
	no = mysql_errno(d->m);
	/* Galera reports a certification conflict at COMMIT as a deadlock
	 * (1213); the transaction was rolled back. */
	if (retryable(no) || no == ER_ERROR_DURING_COMMIT) {
		log_debug("db: %s: error %u, to retry", sql, no);
		return DB_RETRY;
	}
	if (not_ready(no)) {
		log_warn("db: node not ready (error %u), trying the next one",
		         no);
		metrics_add(MET_DB_RECONNECTS, 1);
		db_lost(d);
		/* At COMMIT the node may have left the cluster while its
		 * write set went out: the outcome is unknown. */
		if (strcmp(sql, "COMMIT") == 0)
			return DB_GONE;
		if (!may_retry || db_connect(d) != DB_OK)
			return DB_RETRY;
		return mysql_real_query(d->m, sql,
		                        (unsigned long)strlen(sql)) == 0
		               ? DB_OK
		               : DB_RETRY;
	}
	if (!gone(no)) {
		log_server_error("query", 0, no, mysql_error(d->m));
		return DB_ERR;
	}
	metrics_add(MET_DB_RECONNECTS, 1);
	db_lost(d);
	if (!may_retry || db_connect(d) != DB_OK)
		return DB_GONE;
	return mysql_real_query(d->m, sql, (unsigned long)strlen(sql)) == 0
	               ? DB_OK
	               : DB_ERR;
}

int
db_begin(struct db *d)
{
	int rc = db_simple(d, "START TRANSACTION", 1);

	d->commit_lost = 0;
	d->in_tx = rc == DB_OK;
	return d->last = rc;
}

int
db_commit(struct db *d)
{
	int rc = db_simple(d, "COMMIT", 0);

	d->commit_lost = rc == DB_GONE;
	d->in_tx = 0;
	return d->last = rc;
}

int
db_rollback(struct db *d)
{
	int rc;

	if (d->m == NULL) {
		d->in_tx = 0;
		return DB_OK;
	}
	rc = db_simple(d, "ROLLBACK", 0);
	d->in_tx = 0;
	return rc;
}

int
db_tx_again(struct db *d, int rc, int attempt)
{
	struct timespec ts;
	long ms;

	if (attempt + 1 >= DB_TX_TRIES)
		return 0;
	if (rc != DB_RETRY && (rc != DB_GONE || d->commit_lost))
		return 0;
	/* 5, 10, 20 ms and a random part up to as much again, so that the
	 * two sides of a conflict do not meet again. */
	ms = 5L << attempt;
	ms += random() % (ms + 1);
	ts.tv_sec = 0;
	ts.tv_nsec = ms * 1000000L;
	nanosleep(&ts, NULL);
	metrics_add(MET_DB_TX_RETRIES, 1);
	log_debug("db: transaction attempt %d failed (%d), again", attempt + 1,
	          rc);
	return 1;
}

int
db_run(struct db *d, const char *sql, char *err, size_t errlen)
{
	int status;

	if (d->m == NULL && db_connect(d) != DB_OK) {
		snprintf(err, errlen, "cannot connect to the database");
		return DB_GONE;
	}
	status = mysql_real_query(d->m, sql, (unsigned long)strlen(sql));
	for (;;) {
		MYSQL_RES *r;

		if (status != 0) {
			if (snprintf(err, errlen, "error %u: %s",
			             mysql_errno(d->m),
			             mysql_error(d->m)) >= (int)errlen)
				err[errlen - 1] = '\0';
			/* Skip whatever results remain. */
			db_disconnect(d);
			return DB_ERR;
		}
		r = mysql_store_result(d->m);
		mysql_free_result(r);
		status = mysql_next_result(d->m);
		if (status == -1)
			return DB_OK;
		if (status > 0)
			status = 1;
	}
}

int
db_prepare_all(struct db *d)
{
	unsigned no;
	size_t i;
	int bad = 0;

	if (d->m == NULL && db_connect(d) != DB_OK)
		return (int)d->nsql;
	for (i = 0; i < d->nsql; i++)
		if (db_stmt(d, (unsigned)i, &no) == NULL)
			bad++;
	return bad;
}
