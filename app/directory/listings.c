/* House listings and their photos (directory.md 9, 10).
 * STUB: every route answers 404 until it is written. */
#include "directory/directory.h"
#include "directory/handlers.h"

static const struct js dir_houseinfo_body_m[] = {JSD_TEXT("stub", 0, 0, 1, NULL)};
const struct js dir_houseinfo_body = JSD_OBJECT(NULL, 0, dir_houseinfo_body_m);

static const struct js dir_photo_body_m[] = {JSD_TEXT("stub", 0, 0, 1, NULL)};
const struct js dir_photo_body = JSD_OBJECT(NULL, 0, dir_photo_body_m);

const struct pspec h_dir_houseinfos_params[] = {PARAM_END};
enum status
h_dir_houseinfos(struct req *r, struct resp *res)
{
	(void)r;
	return resp_fail(res, ST_NOT_FOUND, "not written yet");
}

const struct pspec h_dir_houseinfo_params[] = {PARAM_END};
enum status
h_dir_houseinfo(struct req *r, struct resp *res)
{
	(void)r;
	return resp_fail(res, ST_NOT_FOUND, "not written yet");
}

const struct pspec h_dir_houseinfo_create_params[] = {PARAM_END};
enum status
h_dir_houseinfo_create(struct req *r, struct resp *res)
{
	(void)r;
	return resp_fail(res, ST_NOT_FOUND, "not written yet");
}

const struct pspec h_dir_houseinfo_update_params[] = {PARAM_END};
enum status
h_dir_houseinfo_update(struct req *r, struct resp *res)
{
	(void)r;
	return resp_fail(res, ST_NOT_FOUND, "not written yet");
}

const struct pspec h_dir_houseinfo_delete_params[] = {PARAM_END};
enum status
h_dir_houseinfo_delete(struct req *r, struct resp *res)
{
	(void)r;
	return resp_fail(res, ST_NOT_FOUND, "not written yet");
}

const struct pspec h_dir_photos_params[] = {PARAM_END};
enum status
h_dir_photos(struct req *r, struct resp *res)
{
	(void)r;
	return resp_fail(res, ST_NOT_FOUND, "not written yet");
}

const struct pspec h_dir_photo_create_params[] = {PARAM_END};
enum status
h_dir_photo_create(struct req *r, struct resp *res)
{
	(void)r;
	return resp_fail(res, ST_NOT_FOUND, "not written yet");
}

const struct pspec h_dir_photo_update_params[] = {PARAM_END};
enum status
h_dir_photo_update(struct req *r, struct resp *res)
{
	(void)r;
	return resp_fail(res, ST_NOT_FOUND, "not written yet");
}

const struct pspec h_dir_photo_delete_params[] = {PARAM_END};
enum status
h_dir_photo_delete(struct req *r, struct resp *res)
{
	(void)r;
	return resp_fail(res, ST_NOT_FOUND, "not written yet");
}
