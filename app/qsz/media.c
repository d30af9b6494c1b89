/* QSZ's listing media routes (qsz.md 4): /create_house_photo,
 * /update_house_photo, /delete_house_photo and the same for videos, over
 * the media module (media.h). */
#include <limits.h>
#include <stdlib.h>

#include "app.h"
#include "media.h"
#include "qsz.h"
#include "qsz/handlers.h"
#include "upload.h"

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
h_media_photo_create(struct req *r, struct resp *res)
{
	const struct pval *p = r->p;
	int bedroom = p[P_ROOMS_TYPE].i == 1 || p[P_ROOMS_TYPE].i == 2;
	size_t i, n = p[P_PHOTO].nfiles;
	char **paths = arena_alloc(r->a, n * sizeof(*paths) + 1);
	uint64_t *ids = arena_alloc(r->a, n * sizeof(*ids) + 1);
	struct photo_room room;
	cJSON *urls, *idl, *ans;
	long long have;
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
	st = media_photos_add(r->uid, p[P_HOUSE_ID].i, p[P_PHOTO].files, n,
	                      &room, paths, ids, &have);
	if (st == ST_UPLOAD && have < 0)
		return resp_fail(res, ST_UPLOAD,
		                 "house_photo: at most %d photos per listing",
		                 app.cfg.max_photos);
	if (st == ST_UPLOAD)
		return resp_fail(res, ST_UPLOAD,
		                 "house_photo: at most %d photos per listing "
		                 "(%lld already)",
		                 app.cfg.max_photos, have);
	if (st != ST_OK)
		return qsz_house_fail(res, st, p[P_HOUSE_ID].i);
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

/* Replace the file of row id of kind k with f (f NULL: delete the row). */
static enum status
replace(struct resp *res, long long uid, enum media_kind k, long long id,
        struct upfile *f)
{
	const char *what = k == MEDIA_PHOTO ? "photo" : "video";
	char *path = NULL;
	enum status st;
	cJSON *ans;

	st = media_replace(uid, k, id, f, &path);
	if (st == ST_NOT_FOUND)
		return resp_fail(res, ST_NOT_FOUND, "%s %lld not found", what,
		                 id);
	if (st == ST_FORBIDDEN)
		return resp_fail(res, ST_FORBIDDEN, "not the owner of %s %lld",
		                 what, id);
	if (st == ST_OK && path != NULL) {
		ans = cJSON_CreateObject();
		cJSON_AddNumberToObject(ans, "id", (double)id);
		cJSON_AddStringToObject(ans, "url", path);
		resp_ans(res, ans);
	}
	free(path);
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
	return replace(res, r->uid, MEDIA_PHOTO, r->p[U_ID].i,
	               r->p[U_FILE].files[0]);
}

const struct pspec h_media_photo_delete_params[] = {
        PARAM_INT("photo_id", PF_REQUIRED, 1, LLONG_MAX),
        PARAM_END,
};

enum status
h_media_photo_delete(struct req *r, struct resp *res)
{
	return replace(res, r->uid, MEDIA_PHOTO, r->p[0].i, NULL);
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
	return replace(res, r->uid, MEDIA_VIDEO, r->p[U_ID].i,
	               r->p[U_FILE].files[0]);
}

const struct pspec h_media_video_delete_params[] = {
        PARAM_INT("video_id", PF_REQUIRED, 1, LLONG_MAX),
        PARAM_END,
};

enum status
h_media_video_delete(struct req *r, struct resp *res)
{
	return replace(res, r->uid, MEDIA_VIDEO, r->p[0].i, NULL);
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
	char *path = NULL;
	uint64_t id = 0;
	enum status st;
	cJSON *ans;

	st = media_video_add(r->uid, r->p[V_HOUSE_ID].i, r->p[V_FILE].files[0],
	                     &path, &id);
	if (st == ST_UPLOAD)
		return resp_fail(res, ST_UPLOAD,
		                 "house_video: at most %d videos per listing",
		                 app.cfg.max_videos);
	if (st != ST_OK)
		return qsz_house_fail(res, st, r->p[V_HOUSE_ID].i);
	ans = cJSON_CreateObject();
	cJSON_AddNumberToObject(ans, "id", (double)id);
	cJSON_AddStringToObject(ans, "url", path);
	free(path);
	resp_ans(res, ans);
	return ST_OK;
}
