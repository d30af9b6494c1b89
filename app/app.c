#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "buf.h"
#include "log.h"
#include "reports.h"
#include "schema.h"
#include "upload.h"

struct app app;

struct db *
app_db_new(const char *const *sql, size_t nsql, unsigned timeout_s,
           int multi_statements)
{
	struct db_conf c = {
	        .socket = app.cfg.db_hosts ? NULL : app.cfg.db_socket,
	        .hosts = app.cfg.db_hosts,
	        .tls_ca = app.cfg.db_tls_ca,
	        .tls_cert = app.cfg.db_tls_cert,
	        .tls_key = app.cfg.db_tls_key,
	        .tls_verify = app.cfg.db_tls_verify,
	        .user = app.cfg.db_user,
	        .password = app.cfg.db_password,
	        .name = app.cfg.db_name,
	        .timeout_s = timeout_s,
	        .multi_statements = multi_statements,
	};

	return db_new(&c, sql, nsql);
}

enum status
app_db_status(int rc, const char *what)
{
	if (rc == DB_GONE)
		log_debug("%s: the database is unreachable", what);
	else
		log_err("%s: database error %d", what, rc);
	return ST_DB;
}

int
app_tx_again(enum status st, int attempt)
{
	return st == ST_DB && db_tx_again(app.db, db_last(app.db), attempt);
}

enum status
app_lock_owned(unsigned stmt, long long id, long long uid, int owner_col,
               int status_col, long long gone, const char *what,
               struct db_res **row)
{
	struct db_val arg = DB_INT(id);
	enum status st;
	int rc;

	*row = NULL;
	if ((rc = db_begin(app.db)) != DB_OK ||
	    (rc = db_exec(app.db, stmt, &arg, 1, row, NULL, NULL)) != DB_OK) {
		st = app_db_status(rc, what);
		goto fail;
	}
	if ((*row)->nrows != 1 ||
	    (status_col >= 0 &&
	     db_int(*row, 0, (size_t)status_col, gone) == gone)) {
		st = ST_NOT_FOUND;
		goto fail;
	}
	if (db_int(*row, 0, (size_t)owner_col, 0) != uid) {
		st = ST_FORBIDDEN;
		goto fail;
	}
	return ST_OK;
fail:
	db_rollback(app.db);
	db_res_free(*row);
	*row = NULL;
	return st;
}

int
app_cookie_secure(void)
{
	const char *b = app.cfg.public_base_url;

	return b != NULL && strncmp(b, "https://", 8) == 0;
}

char *
files_place(struct upfile *f, const char *area, long long uid,
            const char *prefix)
{
	struct buf dir = {0};
	char *rel;

	buf_addf(&dir, "data/%s/user_%lld", area, uid);
	rel = upload_place(f->path, app.cfg.media_dir, dir.p, prefix, f->type);
	buf_free(&dir);
	if (rel != NULL)
		f->kept = 1;
	return rel;
}

void
files_discard(char **paths, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		upload_remove(app.cfg.media_dir, paths[i]);
		free(paths[i]);
		paths[i] = NULL;
	}
}

void
files_remove_old(const char *const *paths, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (paths[i] != NULL)
			upload_remove(app.cfg.media_dir, paths[i]);
}

const char *
app_public_base(void)
{
	static char base[300];
	const struct config *c = &app.cfg;
	const char *listen;
	size_t n;

	if (base[0] != '\0')
		return base;
	if (c->public_base_url != NULL) {
		snprintf(base, sizeof(base), "%s", c->public_base_url);
	} else {
		listen = config_value(c, "listen");
		snprintf(base, sizeof(base),
		         strchr(listen, ':') ? "http://[%s]:%s"
		                             : "http://%s:%s",
		         listen, config_value(c, "port"));
	}
	n = strlen(base);
	while (n > 0 && base[n - 1] == '/')
		base[--n] = '\0';
	return base;
}

char *
app_media_url(struct arena *a, const char *rel)
{
	if (rel == NULL || rel[0] == '\0')
		return arena_strdup(a, "");
	return arena_printf(a, "%s/file/%s", app_public_base(), rel);
}

cJSON *
app_cell_int(const struct db_res *rows, size_t i, size_t col)
{
	if (db_cell(rows, i, col)->t == DBT_NULL)
		return cJSON_CreateNull();
	return cJSON_CreateNumber((double)db_int(rows, i, col, 0));
}

cJSON *
app_cell_str(const struct db_res *rows, size_t i, size_t col)
{
	const char *s = db_str(rows, i, col);

	return s != NULL ? cJSON_CreateString(s) : cJSON_CreateNull();
}

enum status
app_report(struct req *r, struct resp *res, long long id, const char *reason,
           size_t n)
{
	long long rid = 0;
	enum status st = reports_file(r->uid, id, reason, n, &rid);
	cJSON *o;

	if (st == ST_NOT_FOUND)
		return resp_fail(res, st, "house %lld not found", id);
	if (st == ST_FORBIDDEN)
		return resp_fail(res, st, "you cannot report your own listing");
	if (st == ST_RATE)
		return resp_fail(res, st,
		                 "at most %d reports a day; try again tomorrow",
		                 REPORTS_PER_DAY);
	if (st != ST_OK)
		return st;
	o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "report_id", (double)rid);
	resp_ans(res, o);
	return ST_OK;
}
