/* The process-wide state of a worker: configuration, the database
 * connection.  Handlers reach it through `app`. */
#ifndef ZF_APP_H
#define ZF_APP_H

#include <cJSON.h>

#include "config.h"
#include "db.h"
#include "req.h"
#include "resp.h"
#include "route.h"

struct app {
	struct config cfg;
	struct db *db;
};

extern struct app app;

/* A database handle with the configured connection for the statements
 * sql[0..nsql) (no connection yet).  Free with db_free(). */
struct db *app_db_new(const char *const *sql, size_t nsql, unsigned timeout_s,
                      int multi_statements);

/* Map a db_* failure to ST_DB, logging what failed. */
enum status app_db_status(int rc, const char *what);

/* After attempt (from 0) of a function that runs one transaction and
 * nothing else that a second run would repeat (no file, no HTTP call, no
 * earlier commit) ended in st, rolled back: 1 when it should run again,
 * after a short pause: st is ST_DB and the database call that failed
 * gave an error that left nothing committed (db_tx_again: a deadlock, a
 * Galera certification conflict, a connection lost before COMMIT).  The
 * idiom, with f resetting its outputs:
 *
 *	int attempt = 0;
 *
 *	do
 *		st = f(...);
 *	while (app_tx_again(st, attempt++));
 */
int app_tx_again(enum status st, int attempt);

/* Begin a transaction and lock row id through stmt (one row or none),
 * for a change by uid: ST_OK with the row in *row inside the open
 * transaction (the caller frees it and commits or rolls back); after the
 * rollback, ST_NOT_FOUND when there is no row or its status_col holds gone
 * (status_col < 0: no such column), ST_FORBIDDEN when its owner_col is not
 * uid, ST_DB. */
enum status app_lock_owned(unsigned stmt, long long id, long long uid,
                           int owner_col, int status_col, long long gone,
                           const char *what, struct db_res **row);

/* Authenticate r by its token (r->token: QSZ's token header, iHome's
 * session cookie) through accounts_session_user (qsz/users.c). */
enum status users_authenticate(struct req *, struct resp *);

/* The display name of the authenticated user ("" when none). */
const char *users_name(const struct req *);

/* 1 when cookies must be Secure (public_base_url is https). */
int app_cookie_secure(void);

/* Seal / open a personal number bound to its column and owner
 * (accounts.c).
 * users_seal returns the sealed length or -1; users_open writes a
 * NUL-terminated plaintext into out and returns 0, or -1. */
long users_seal(const char *column, long long uid, const char *plain,
                unsigned char *out, size_t outlen);
int users_open(const char *column, long long uid, const struct db_val *v,
               char *out, size_t outlen);

/* Begin a transaction and lock listing id of user uid (houses.c) for a
 * change by the caller: ST_OK with the row in *row (the caller frees it
 * and commits or rolls back), or, after the rollback, ST_NOT_FOUND for an
 * unknown or deleted listing, ST_FORBIDDEN for another user's, ST_DB.
 * The row's first columns: user_id, status. */
enum status houses_lock(long long uid, long long id, struct db_res **row);

/* Move a validated upload into place under data/<area>/user_<uid>/
 * (area "userphoto" or "private") with the given name prefix.  Returns the
 * relative path (malloc'ed) or NULL. */
char *files_place(struct upfile *, const char *area, long long uid,
                  const char *prefix);

/* Remove files placed by this request after a failure (paths freed). */
void files_discard(char **paths, size_t n);

/* Remove replaced files once the database agreed (paths not freed). */
void files_remove_old(const char *const *paths, size_t n);

/* Cell (i, col) of rows as JSON: its number or text, or null for NULL. */
cJSON *app_cell_int(const struct db_res *rows, size_t i, size_t col);
cJSON *app_cell_str(const struct db_res *rows, size_t i, size_t col);

/* The service's public base URL without a trailing '/': public_base_url,
 * else http://listen:port. */
const char *app_public_base(void);

/* The absolute URL of a stored media file (a path relative to the media
 * root) in arena a; "" for NULL or "". */
char *app_media_url(struct arena *a, const char *rel);

/* The caller's report of listing id with reason (n bytes) through
 * reports_file, answered as QSZ's /report_house and iHome's houses/{id}/
 * report both do: {"report_id"}, or the refusal named. */
enum status app_report(struct req *r, struct resp *res, long long id,
                       const char *reason, size_t n);

#endif
