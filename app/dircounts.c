/* Listing counts of the directory through dir_counts (migration 0012). */
#include "app.h"
#include "crypto.h"
#include "dircounts.h"
#include "schema.h"

/* One store in this many also prunes entries a day old. */
#define PRUNE_EVERY 256

enum status
dircounts_get(enum dircount_scope scope, long long code, const char *key,
              size_t klen, dircount_fn count, void *ctx, long long *n)
{
	static const unsigned lookup[] = {[DC_ALL] = Q_DIRC_LOOKUP_ALL,
	                                  [DC_PROVINCE] = Q_DIRC_LOOKUP_PROVINCE,
	                                  [DC_CITY] = Q_DIRC_LOOKUP_CITY};
	static unsigned stores;
	unsigned char k[32];
	struct db_val a[3];
	struct db_res *rows = NULL;
	long long v;
	enum status st;
	int rc;

	if (!app.cfg.directory_count_cache)
		return count(ctx, n);
	crypto_sha256(key, klen, k);
	/* The scope's version, and the entry counted at it if any: read
	 * before counting, so a write committed meanwhile leaves an entry
	 * that the next lookup finds outdated. */
	if (scope == DC_ALL) {
		a[0] = DB_BLOB(k, sizeof(k));
		rc = db_exec(app.db, lookup[scope], a, 1, &rows, NULL, NULL);
	} else {
		a[0] = DB_INT(code);
		a[1] = DB_BLOB(k, sizeof(k));
		rc = db_exec(app.db, lookup[scope], a, 2, &rows, NULL, NULL);
	}
	if (rc != DB_OK)
		return app_db_status(rc, "listing count lookup");
	v = db_int(rows, 0, 0, 0);
	if (rows->nrows == 1 && db_cell(rows, 0, 1)->t != DBT_NULL) {
		*n = db_int(rows, 0, 1, 0);
		db_res_free(rows);
		return ST_OK;
	}
	db_res_free(rows);
	if ((st = count(ctx, n)) != ST_OK)
		return st;
	a[0] = DB_BLOB(k, sizeof(k));
	a[1] = DB_INT(v);
	a[2] = DB_INT(*n);
	rc = db_exec(app.db, Q_DIRC_PUT, a, 3, NULL, NULL, NULL);
	if (rc != DB_OK)
		return app_db_status(rc, "listing count store");
	if (++stores % PRUNE_EVERY == 0)
		db_exec(app.db, Q_DIRC_PRUNE, NULL, 0, NULL, NULL, NULL);
	return ST_OK;
}
