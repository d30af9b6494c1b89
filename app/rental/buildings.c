/* Buildings and their rooms (rental.md 3).
 * STUB: every route answers 404 until it is written. */
#include "rental/handlers.h"
#include "rental/rental.h"

static const struct js h_rent_build_add_m[] = {JSD_TEXT("stub", 0, 0, 1, NULL)};
const struct js h_rent_build_add_body = JSD_OBJECT(NULL, 0, h_rent_build_add_m);
const struct pspec h_rent_build_add_params[] = {
        PARAM_END,
};
enum status
h_rent_build_add(struct req *r, struct resp *res)
{
	(void)r;
	return resp_fail(res, ST_NOT_FOUND, "not written yet");
}

static const struct js h_rent_build_all_m[] = {JSD_TEXT("stub", 0, 0, 1, NULL)};
const struct js h_rent_build_all_body = JSD_OBJECT(NULL, 0, h_rent_build_all_m);
const struct pspec h_rent_build_all_params[] = {
        PARAM_TEXT("page", PF_REQUIRED | PF_PATH, 1, 20, NULL),
        PARAM_TEXT("size", PF_REQUIRED | PF_PATH, 1, 20, NULL),
        PARAM_END,
};
enum status
h_rent_build_all(struct req *r, struct resp *res)
{
	(void)r;
	return resp_fail(res, ST_NOT_FOUND, "not written yet");
}

static const struct js h_rent_build_info_m[] = {JSD_TEXT("stub", 0, 0, 1, NULL)};
const struct js h_rent_build_info_body = JSD_OBJECT(NULL, 0, h_rent_build_info_m);
const struct pspec h_rent_build_info_params[] = {
        PARAM_END,
};
enum status
h_rent_build_info(struct req *r, struct resp *res)
{
	(void)r;
	return resp_fail(res, ST_NOT_FOUND, "not written yet");
}

static const struct js h_rent_build_update_m[] = {JSD_TEXT("stub", 0, 0, 1, NULL)};
const struct js h_rent_build_update_body = JSD_OBJECT(NULL, 0, h_rent_build_update_m);
const struct pspec h_rent_build_update_params[] = {
        PARAM_END,
};
enum status
h_rent_build_update(struct req *r, struct resp *res)
{
	(void)r;
	return resp_fail(res, ST_NOT_FOUND, "not written yet");
}

static const struct js h_rent_rooms_all_m[] = {JSD_TEXT("stub", 0, 0, 1, NULL)};
const struct js h_rent_rooms_all_body = JSD_OBJECT(NULL, 0, h_rent_rooms_all_m);
const struct pspec h_rent_rooms_all_params[] = {
        PARAM_END,
};
enum status
h_rent_rooms_all(struct req *r, struct resp *res)
{
	(void)r;
	return resp_fail(res, ST_NOT_FOUND, "not written yet");
}

static const struct js h_rent_rooms_m[] = {JSD_TEXT("stub", 0, 0, 1, NULL)};
const struct js h_rent_rooms_body = JSD_OBJECT(NULL, 0, h_rent_rooms_m);
const struct pspec h_rent_rooms_params[] = {
        PARAM_TEXT("type", PF_REQUIRED | PF_PATH, 1, 20, NULL),
        PARAM_TEXT("page", PF_REQUIRED | PF_PATH, 1, 20, NULL),
        PARAM_TEXT("size", PF_REQUIRED | PF_PATH, 1, 20, NULL),
        PARAM_TEXT("status", PF_REQUIRED | PF_PATH, 1, 20, NULL),
        PARAM_END,
};
enum status
h_rent_rooms(struct req *r, struct resp *res)
{
	(void)r;
	return resp_fail(res, ST_NOT_FOUND, "not written yet");
}

static const struct js h_rent_room_status_m[] = {JSD_TEXT("stub", 0, 0, 1, NULL)};
const struct js h_rent_room_status_body = JSD_OBJECT(NULL, 0, h_rent_room_status_m);
const struct pspec h_rent_room_status_params[] = {
        PARAM_END,
};
enum status
h_rent_room_status(struct req *r, struct resp *res)
{
	(void)r;
	return resp_fail(res, ST_NOT_FOUND, "not written yet");
}

static const struct js h_rent_room_update_m[] = {JSD_TEXT("stub", 0, 0, 1, NULL)};
const struct js h_rent_room_update_body = JSD_OBJECT(NULL, 0, h_rent_room_update_m);
const struct pspec h_rent_room_update_params[] = {
        PARAM_END,
};
enum status
h_rent_room_update(struct req *r, struct resp *res)
{
	(void)r;
	return resp_fail(res, ST_NOT_FOUND, "not written yet");
}

static const struct js h_rent_room_new_m[] = {JSD_TEXT("stub", 0, 0, 1, NULL)};
const struct js h_rent_room_new_body = JSD_OBJECT(NULL, 0, h_rent_room_new_m);
const struct pspec h_rent_room_new_params[] = {
        PARAM_END,
};
enum status
h_rent_room_new(struct req *r, struct resp *res)
{
	(void)r;
	return resp_fail(res, ST_NOT_FOUND, "not written yet");
}

static const struct js h_rent_room_show_m[] = {JSD_TEXT("stub", 0, 0, 1, NULL)};
const struct js h_rent_room_show_body = JSD_OBJECT(NULL, 0, h_rent_room_show_m);
const struct pspec h_rent_room_show_params[] = {
        PARAM_END,
};
enum status
h_rent_room_show(struct req *r, struct resp *res)
{
	(void)r;
	return resp_fail(res, ST_NOT_FOUND, "not written yet");
}

static const struct js h_rent_rooms_public_m[] = {JSD_TEXT("stub", 0, 0, 1, NULL)};
const struct js h_rent_rooms_public_body = JSD_OBJECT(NULL, 0, h_rent_rooms_public_m);
const struct pspec h_rent_rooms_public_params[] = {
        PARAM_TEXT("page", PF_REQUIRED | PF_PATH, 1, 20, NULL),
        PARAM_TEXT("size", PF_REQUIRED | PF_PATH, 1, 20, NULL),
        PARAM_END,
};
enum status
h_rent_rooms_public(struct req *r, struct resp *res)
{
	(void)r;
	return resp_fail(res, ST_NOT_FOUND, "not written yet");
}
