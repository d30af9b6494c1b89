/* Listing photos and videos: public media under
 * data/userphoto/user_<uid>/, rows in house_photos / house_videos.  Files
 * are moved into place before the transaction and removed again when it
 * fails; a replaced or deleted file goes only after the commit. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "media.h"
#include "qsz/handlers.h"
#include "log.h"
#include "schema.h"
#include "upload.h"

enum { HS_DELETED = 3 };

/* Columns of Q_PHOTO_LOCK / Q_VIDEO_LOCK. */
enum { M_HOUSE, M_URL, M_OWNER, M_STATUS };

/* Lock one photo or video row (stmt) and check it belongs to a listing of
 * the caller that is not deleted.  ST_OK with the row in *row inside an
 * open transaction, or a failure after the rollback. */
static enum status
media_lock(struct req *r, struct resp *res, unsigned stmt, const char *what,
           long long id, struct db_res **row)
{
	struct db_val arg = DB_INT(id);
	enum status st;
	int rc;

	*row = NULL;
	if ((rc = db_begin(app.db)) != DB_OK ||
	    (rc = db_exec(app.db, stmt, &arg, 1, row, NULL, NULL)) != DB_OK) {
		st = app_db_status(rc, "media lock");
		goto fail;
	}
	if ((*row)->nrows != 1 ||
	    db_int(*row, 0, M_STATUS, HS_DELETED) == HS_DELETED) {
		st = resp_fail(res, ST_NOT_FOUND, "%s %lld not found", what,
		               id);
		goto fail;
	}
	if (db_int(*row, 0, M_OWNER, 0) != r->uid) {
		st = resp_fail(res, ST_FORBIDDEN, "not the owner of %s %lld",
		               what, id);
		goto fail;
	}
	return ST_OK;
fail:
	db_rollback(app.db);
	db_res_free(*row);
	*row = NULL;
	return st;
}

/* Commit, or roll back and discard the files this request placed. */
static enum status
media_finish(enum status st, char **placed, size_t n, const char *what)
{
	int rc;

	if (st == ST_OK && (rc = db_commit(app.db)) != DB_OK)
		st = app_db_status(rc, what);
	if (st != ST_OK) {
		db_rollback(app.db);
		files_discard(placed, n);
	}
	return st;
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

/* ---- /create_house_photo ------------------------------------------- */

enum { P_HOUSE_ID, P_PHOTO, P_ROOMS_TYPE, P_ROOMS_AREA, P_ORIENTATION, P__MAX };

const struct pspec h_media_photo_create_params[] = {
        [P_HOUSE_ID] = PARAM_INT("house_id", PF_REQUIRED, 1, LLONG_MAX),
        [P_PHOTO] = PARAM_FILE("house_photo", PF_REQUIRED | PF_MULTI, FT_IMAGE,
                               &app.cfg.max_image_bytes, 1000),
        [P_ROOMS_TYPE] = PARAM_INT("rooms_type", PF_REQUIRED, 1, 7),
        [P_ROOMS_AREA] = PARAM_INT("rooms_area", 0, 1, 1000),
        [P_ORIENTATION] = PARAM_TEXT("rooms_orientation", 0, 1, 10, NULL),
        [P__MAX] = PARAM_END,
};

enum status
media_photos_add(struct req *r, struct resp *res, long long house,
                 struct upfile *const *files, size_t n,
                 const struct photo_room *room, const char *field, char **paths,
                 uint64_t *ids)
{
	struct db_res *row = NULL, *count = NULL;
	struct db_val a[7];
	long long have, next;
	enum status st = ST_OK;
	size_t i;
	int rc;

	if (n > (size_t)app.cfg.max_photos)
		return resp_fail(res, ST_UPLOAD,
		                 "%s: at most %d photos per listing", field,
		                 app.cfg.max_photos);
	for (i = 0; i < n; i++) {
		paths[i] = files_place(files[i], "userphoto", r->uid,
		                       "house_photo");
		if (paths[i] == NULL) {
			files_discard(paths, i);
			return ST_INTERNAL;
		}
	}
	st = houses_lock(r, res, house, &row);
	if (st != ST_OK) {
		files_discard(paths, n);
		return st;
	}
	db_res_free(row);
	a[0] = DB_INT(house);
	if ((rc = db_exec(app.db, Q_PHOTO_COUNT, a, 1, &count, NULL, NULL)) !=
	    DB_OK) {
		st = app_db_status(rc, "photo count");
		return media_finish(st, paths, n, "photo");
	}
	have = db_int(count, 0, 0, 0);
	next = db_int(count, 0, 1, -1) + 1;
	db_res_free(count);
	if (have + (long long)n > app.cfg.max_photos) {
		st = resp_fail(res, ST_UPLOAD,
		               "%s: at most %d photos per listing "
		               "(%lld already)",
		               field, app.cfg.max_photos, have);
		return media_finish(st, paths, n, "photo");
	}
	for (i = 0; i < n && st == ST_OK; i++) {
		a[0] = DB_INT(house);
		a[1] = DB_INT(r->uid);
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
	return media_finish(st, paths, n, "photo");
}

enum status
h_media_photo_create(struct req *r, struct resp *res)
{
	const struct pval *p = r->p;
	int bedroom = p[P_ROOMS_TYPE].i == 1 || p[P_ROOMS_TYPE].i == 2;
	size_t i, n = p[P_PHOTO].nfiles;
	char **paths = arena_alloc(r->a, n * sizeof(*paths) + 1);
	uint64_t *ids = arena_alloc(r->a, n * sizeof(*ids) + 1);
	struct photo_room room;
	cJSON *urls, *idl, *ans;
	enum status st;

	if (!bedroom && (p[P_ROOMS_AREA].set || p[P_ORIENTATION].set))
		return resp_fail(res, ST_PARAM,
		                 "%s: only for bedrooms (rooms_type 1 or 2)",
		                 p[P_ROOMS_AREA].set ? "rooms_area"
		                                     : "rooms_orientation");
	if (bedroom && !p[P_ROOMS_AREA].set)
		return resp_fail(res, ST_PARAM,
		                 "rooms_area: required for bedrooms");
	if (bedroom && !p[P_ORIENTATION].set)
		return resp_fail(res, ST_PARAM,
		                 "rooms_orientation: required for bedrooms");
	room.type = p[P_ROOMS_TYPE].i;
	room.area = bedroom ? p[P_ROOMS_AREA].i : -1;
	room.orientation = bedroom ? p[P_ORIENTATION].s : NULL;
	st = media_photos_add(r, res, p[P_HOUSE_ID].i, p[P_PHOTO].files, n,
	                      &room, "house_photo", paths, ids);
	if (st != ST_OK)
		return st;
	urls = cJSON_CreateArray();
	idl = cJSON_CreateArray();
	for (i = 0; i < n; i++) {
		cJSON_AddItemToArray(urls, cJSON_CreateString(paths[i]));
		cJSON_AddItemToArray(idl, cJSON_CreateNumber((double)ids[i]));
		free(paths[i]);
	}
	ans = cJSON_CreateObject();
	cJSON_AddItemToObject(ans, "url", urls);
	cJSON_AddItemToObject(ans, "id", idl);
	resp_ans(res, ans);
	return ST_OK;
}

/* ---- replace / delete one photo or video ---------------------------- */

struct kind {
	const char *what;   /* "photo" */
	const char *prefix; /* file name prefix */
	unsigned lock, set_url, del;
	int urls; /* kept in houses.photo_urls */
};

static const struct kind photo = {
        "photo",         "house_photo",  Q_PHOTO_LOCK,
        Q_PHOTO_SET_URL, Q_PHOTO_DELETE, 1,
};
static const struct kind video = {
        "video",         "house_video",  Q_VIDEO_LOCK,
        Q_VIDEO_SET_URL, Q_VIDEO_DELETE, 0,
};

/* Replace the file of row id with f (f NULL: delete the row). */
static enum status
replace(struct req *r, struct resp *res, const struct kind *k, long long id,
        struct upfile *f)
{
	struct db_res *row = NULL;
	char *path = NULL, *old = NULL;
	struct db_val a[2];
	long long house;
	enum status st;
	int rc;

	if (f != NULL &&
	    (path = files_place(f, "userphoto", r->uid, k->prefix)) == NULL)
		return ST_INTERNAL;
	st = media_lock(r, res, k->lock, k->what, id, &row);
	if (st != ST_OK) {
		files_discard(&path, path ? 1 : 0);
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
	st = media_finish(st, &path, path ? 1 : 0, k->what);
	if (st == ST_OK)
		files_remove_old((const char *const *)&old, 1);
	if (st == ST_OK && path != NULL) {
		cJSON *ans = cJSON_CreateObject();

		cJSON_AddNumberToObject(ans, "id", (double)id);
		cJSON_AddStringToObject(ans, "url", path);
		resp_ans(res, ans);
	}
	free(path);
	free(old);
	return st;
}

enum { U_ID, U_FILE, U__MAX };

const struct pspec h_media_photo_update_params[] = {
        [U_ID] = PARAM_INT("photo_id", PF_REQUIRED, 1, LLONG_MAX),
        [U_FILE] = PARAM_FILE("house_photo", PF_REQUIRED, FT_IMAGE,
                              &app.cfg.max_image_bytes, 0),
        [U__MAX] = PARAM_END,
};

enum status
h_media_photo_update(struct req *r, struct resp *res)
{
	return replace(r, res, &photo, r->p[U_ID].i, r->p[U_FILE].files[0]);
}

const struct pspec h_media_photo_delete_params[] = {
        PARAM_INT("photo_id", PF_REQUIRED, 1, LLONG_MAX),
        PARAM_END,
};

enum status
h_media_photo_delete(struct req *r, struct resp *res)
{
	return replace(r, res, &photo, r->p[0].i, NULL);
}

const struct pspec h_media_video_update_params[] = {
        [U_ID] = PARAM_INT("video_id", PF_REQUIRED, 1, LLONG_MAX),
        [U_FILE] = PARAM_FILE("house_video", PF_REQUIRED, FT_VIDEO,
                              &app.cfg.max_video_bytes, 0),
        [U__MAX] = PARAM_END,
};

enum status
h_media_video_update(struct req *r, struct resp *res)
{
	return replace(r, res, &video, r->p[U_ID].i, r->p[U_FILE].files[0]);
}

const struct pspec h_media_video_delete_params[] = {
        PARAM_INT("video_id", PF_REQUIRED, 1, LLONG_MAX),
        PARAM_END,
};

enum status
h_media_video_delete(struct req *r, struct resp *res)
{
	return replace(r, res, &video, r->p[0].i, NULL);
}

/* ---- /create_house_video --------------------------------------------- */

enum { V_HOUSE_ID, V_FILE, V__MAX };

const struct pspec h_media_video_create_params[] = {
        [V_HOUSE_ID] = PARAM_INT("house_id", PF_REQUIRED, 1, LLONG_MAX),
        [V_FILE] = PARAM_FILE("house_video", PF_REQUIRED, FT_VIDEO,
                              &app.cfg.max_video_bytes, 0),
        [V__MAX] = PARAM_END,
};

enum status
h_media_video_create(struct req *r, struct resp *res)
{
	struct db_res *row = NULL, *count = NULL;
	char *path;
	struct db_val a[3];
	uint64_t id = 0;
	enum status st;
	cJSON *ans;
	int rc;

	path = files_place(r->p[V_FILE].files[0], "userphoto", r->uid,
	                   "house_video");
	if (path == NULL)
		return ST_INTERNAL;
	st = houses_lock(r, res, r->p[V_HOUSE_ID].i, &row);
	if (st != ST_OK) {
		files_discard(&path, 1);
		return st;
	}
	db_res_free(row);
	a[0] = DB_INT(r->p[V_HOUSE_ID].i);
	if ((rc = db_exec(app.db, Q_VIDEO_COUNT, a, 1, &count, NULL, NULL)) !=
	    DB_OK)
		st = app_db_status(rc, "video count");
	else if (db_int(count, 0, 0, 0) >= app.cfg.max_videos)
		st = resp_fail(res, ST_UPLOAD,
		               "house_video: at most %d videos per listing",
		               app.cfg.max_videos);
	db_res_free(count);
	if (st == ST_OK) {
		a[1] = DB_INT(r->uid);
		a[2] = DB_STR(path);
		rc = db_exec(app.db, Q_VIDEO_INSERT, a, 3, NULL, NULL, &id);
		if (rc != DB_OK)
			st = app_db_status(rc, "video insert");
	}
	st = media_finish(st, &path, 1, "video");
	if (st != ST_OK)
		return st;
	ans = cJSON_CreateObject();
	cJSON_AddNumberToObject(ans, "id", (double)id);
	cJSON_AddStringToObject(ans, "url", path);
	free(path);
	resp_ans(res, ans);
	return ST_OK;
}
