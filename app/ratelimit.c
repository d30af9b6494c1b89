/* Fixed-window counters in rate_counts (migration 0008). */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "crypto.h"
#include "ratelimit.h"
#include "schema.h"

/* The UTC start of the current window as "YYYY-MM-DD hh:mm:ss". */
static int
window_start(long long window_s, long long offset_s, char out[20])
{
	long long t = (long long)time(NULL) + offset_s;
	time_t start = (time_t)(t - t % window_s - offset_s);
	struct tm tm;

	return gmtime_r(&start, &tm) == NULL ||
	                       strftime(out, 20, "%Y-%m-%d %H:%M:%S", &tm) == 0
	               ? -1
	               : 0;
}

static enum status
count(const char *kind, const char *key, long long window_s, long long offset_s,
      int hit, long long *n)
{
	struct db_res *rows = NULL;
	struct db_val args[3];
	char start[20];
	unsigned char r;
	int rc;

	*n = 0;
	if (window_start(window_s, offset_s, start) < 0)
		return ST_INTERNAL;
	args[0] = DB_STR(kind);
	args[1] = DB_STR(key);
	args[2] = DB_STR(start);
	if (hit) {
		rc = db_exec(app.db, Q_RATE_HIT, args, 3, NULL, NULL, NULL);
		if (rc != DB_OK)
			return app_db_status(rc, "rate count");
		/* Now and then, forget windows long gone. */
		if (crypto_random(&r, 1) == 0 && r == 0)
			db_exec(app.db, Q_RATE_SWEEP, NULL, 0, NULL, NULL,
			        NULL);
	}
	rc = db_exec(app.db, Q_RATE_GET, args, 3, &rows, NULL, NULL);
	if (rc != DB_OK)
		return app_db_status(rc, "rate count");
	*n = rows->nrows ? db_int(rows, 0, 0, 0) : 0;
	db_res_free(rows);
	return ST_OK;
}

enum status
limits_hit(const char *kind, const char *key, long long window_s,
           long long offset_s, long long *n)
{
	return count(kind, key, window_s, offset_s, 1, n);
}

enum status
limits_count(const char *kind, const char *key, long long window_s,
             long long offset_s, long long *n)
{
	return count(kind, key, window_s, offset_s, 0, n);
}
