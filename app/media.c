/* Listing photos and videos (media.h).  Files are moved into place before
 * the transaction and removed again when it fails; a replaced or deleted
 * file goes only after the commit. */
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "houses.h"
#include "log.h"
#include "media.h"
#include "schema.h"
#include "upload.h"

/* Columns of Q_PHOTO_LOCK / Q_VIDEO_LOCK. */
enum { M_HOUSE, M_URL, M_OWNER, M_STATUS };

/* Lock one photo or video row (stmt) and check it belongs to a listing of
 * uid that is not deleted.  ST_OK with the row in *row inside an open
 * transaction, or a failure after the rollback. */
static enum status
media_lock(long long uid, unsigned stmt, long long id, struct db_res **row)
{
	return app_lock_owned(stmt, id, uid, M_OWNER, M_STATUS, HS_DELETED,
	                      "media lock", row);
}

/* Commit, or roll back. */
static enum status
media_finish(enum status st, const char *what)
{
	int rc;

	if (st == ST_OK && (rc = db_commit(app.db)) != DB_OK)
		st = app_db_status(rc, what);
	if (st != ST_OK)
		db_rollback(app.db);
	return st;
}

/* After a failed transaction (st, rolled back): 1 when it runs again
 * (app_tx_again; the files this request placed stay for it), otherwise
 * the files are discarded and 0. */
static int
media_again(enum status st, char **placed, size_t n, int *attempt)
{
	if (app_tx_again(st, (*attempt)++))
		return 1;
	files_discard(placed, n);
	return 0;
}

/* houses.photo_urls of listing house from its photos in this transaction,
 * which holds the listing's row lock (houses_lock or Q_PHOTO_LOCK, its
 * first statement: every change of a listing's photos waits for that lock,
 * and the plain read here sees what was committed before it was taken).
 * A plain read, not UPDATE ... SET photo_urls = (SELECT ...): the subquery
 * of an UPDATE would share-lock the photo rows, which a Q_PHOTO_LOCK
 * waiting for this listing holds, and deadlock. */
static enum status
photo_urls_sync(long long house)
{
	struct db_res *urls = NULL;
	struct db_val a[2];
	int rc;

	a[0] = DB_INT(house);
	if ((rc = db_exec(app.db, Q_PHOTO_URLS, a, 1, &urls, NULL, NULL)) ==
	    DB_OK) {
		a[0] = DB_STR(db_str(urls, 0, 0)); /* NULL: no photo left */
		a[1] = DB_INT(house);
		rc = db_exec(app.db, Q_HOUSE_SET_PHOTO_URLS, a, 2, NULL, NULL,
		             NULL);
	}
	db_res_free(urls);
	return rc == DB_OK ? ST_OK : app_db_status(rc, "photo urls");
}

enum status
media_photos_add(long long uid, long long house, struct upfile *const *files,
                 size_t n, const struct photo_room *room, char **paths,
                 uint64_t *ids, long long *have)
{
	struct db_res *row = NULL, *count = NULL;
	struct db_val a[7];
	long long next;
	enum status st = ST_OK;
	size_t i;
	int rc, attempt = 0;

	*have = -1;
	if (n > (size_t)app.cfg.max_photos)
		return ST_UPLOAD;
	for (i = 0; i < n; i++) {
		paths[i] =
		        files_place(files[i], "userphoto", uid, "house_photo");
		if (paths[i] == NULL) {
			files_discard(paths, i);
			return ST_INTERNAL;
		}
	}
again:
	st = houses_lock(uid, house, &row);
	if (st != ST_OK)
		goto done;
	db_res_free(row);
	a[0] = DB_INT(house);
	if ((rc = db_exec(app.db, Q_PHOTO_COUNT, a, 1, &count, NULL, NULL)) !=
	    DB_OK) {
		st = media_finish(app_db_status(rc, "photo count"), "photo");
		goto done;
	}
	*have = db_int(count, 0, 0, 0);
	next = db_int(count, 0, 1, -1) + 1;
	db_res_free(count);
	count = NULL;
	if (*have + (long long)n > app.cfg.max_photos) {
		st = media_finish(ST_UPLOAD, "photo");
		goto done;
	}
	for (i = 0; i < n && st == ST_OK; i++) {
		a[0] = DB_INT(house);
		a[1] = DB_INT(uid);
		a[2] = DB_STR(paths[i]);
		a[3] = room ? DB_INT(room->type) : DB_NULLV;
		a[4] = room && room->area >= 0 ? DB_INT(room->area) : DB_NULLV;
		a[5] = room ? DB_STR(room->orientation) : DB_NULLV;
		a[6] = DB_INT(next + (long long)i);
		ids[i] = 0;
		rc = db_exec(app.db, Q_PHOTO_INSERT, a, 7, NULL, NULL, &ids[i]);
		if (rc != DB_OK)
			st = app_db_status(rc, "photo insert");
	}
	if (st == ST_OK)
		st = photo_urls_sync(house);
	st = media_finish(st, "photo");
done:
	if (st != ST_OK && media_again(st, paths, n, &attempt))
		goto again;
	return st;
}

enum status
media_video_add(long long uid, long long house, struct upfile *f, char **path,
                uint64_t *id)
{
	struct db_res *row = NULL, *count = NULL;
	struct db_val a[3];
	enum status st;
	int rc, attempt = 0;

	*path = files_place(f, "userphoto", uid, "house_video");
	if (*path == NULL)
		return ST_INTERNAL;
again:
	*id = 0;
	count = NULL;
	st = houses_lock(uid, house, &row);
	if (st != ST_OK)
		goto done;
	db_res_free(row);
	a[0] = DB_INT(house);
	if ((rc = db_exec(app.db, Q_VIDEO_COUNT, a, 1, &count, NULL, NULL)) !=
	    DB_OK)
		st = app_db_status(rc, "video count");
	else if (db_int(count, 0, 0, 0) >= app.cfg.max_videos)
		st = ST_UPLOAD;
	db_res_free(count);
	if (st == ST_OK) {
		a[1] = DB_INT(uid);
		a[2] = DB_STR(*path);
		rc = db_exec(app.db, Q_VIDEO_INSERT, a, 3, NULL, NULL, id);
		if (rc != DB_OK)
			st = app_db_status(rc, "video insert");
	}
	st = media_finish(st, "video");
done:
	if (st != ST_OK && media_again(st, path, 1, &attempt))
		goto again;
	return st;
}

/* The statements and files of a kind. */
static const struct kind {
	const char *what;   /* "photo" */
	const char *prefix; /* file name prefix */
	unsigned lock, set_url, del;
	int urls; /* kept in houses.photo_urls */
} kinds[] = {
        [MEDIA_PHOTO] = {"photo", "house_photo", Q_PHOTO_LOCK, Q_PHOTO_SET_URL,
                         Q_PHOTO_DELETE, 1},
        [MEDIA_VIDEO] = {"video", "house_video", Q_VIDEO_LOCK, Q_VIDEO_SET_URL,
                         Q_VIDEO_DELETE, 0},
};

enum status
media_replace(long long uid, enum media_kind kind, long long id,
              struct upfile *f, char **pathp)
{
	const struct kind *k = &kinds[kind];
	struct db_res *row = NULL;
	char *path = NULL, *old = NULL;
	struct db_val a[2];
	long long house;
	enum status st;
	int rc, attempt = 0;

	*pathp = NULL;
	if (f != NULL &&
	    (path = files_place(f, "userphoto", uid, k->prefix)) == NULL)
		return ST_INTERNAL;
again:
	st = media_lock(uid, k->lock, id, &row);
	if (st != ST_OK) {
		if (media_again(st, &path, path ? 1 : 0, &attempt))
			goto again;
		return st;
	}
	old = xstrdup(db_str(row, 0, M_URL));
	house = db_int(row, 0, M_HOUSE, 0);
	db_res_free(row);
	if (path != NULL) {
		a[0] = DB_STR(path);
		a[1] = DB_INT(id);
		rc = db_exec(app.db, k->set_url, a, 2, NULL, NULL, NULL);
	} else {
		a[0] = DB_INT(id);
		rc = db_exec(app.db, k->del, a, 1, NULL, NULL, NULL);
	}
	if (rc != DB_OK)
		st = app_db_status(rc, k->what);
	else if (k->urls)
		st = photo_urls_sync(house);
	st = media_finish(st, k->what);
	if (st != ST_OK) {
		free(old);
		old = NULL;
		if (media_again(st, &path, path ? 1 : 0, &attempt))
			goto again;
		free(path);
		return st;
	}
	files_remove_old((const char *const *)&old, 1);
	free(old);
	*pathp = path;
	return st;
}
