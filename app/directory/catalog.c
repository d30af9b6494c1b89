/* Agents, estates, house types and tags (directory.md 6-8, 11).
 * STUB: every route answers 404 until it is written. */
#include "directory/directory.h"
#include "directory/handlers.h"

static const struct js dir_agent_body_m[] = {JSD_TEXT("stub", 0, 0, 1, NULL)};
const struct js dir_agent_body = JSD_OBJECT(NULL, 0, dir_agent_body_m);

static const struct js dir_estate_body_m[] = {JSD_TEXT("stub", 0, 0, 1, NULL)};
const struct js dir_estate_body = JSD_OBJECT(NULL, 0, dir_estate_body_m);

static const struct js dir_housetype_body_m[] = {JSD_TEXT("stub", 0, 0, 1, NULL)};
const struct js dir_housetype_body = JSD_OBJECT(NULL, 0, dir_housetype_body_m);

static const struct js dir_tag_body_m[] = {JSD_TEXT("stub", 0, 0, 1, NULL)};
const struct js dir_tag_body = JSD_OBJECT(NULL, 0, dir_tag_body_m);

const struct pspec h_dir_agents_params[] = {PARAM_END};
enum status
h_dir_agents(struct req *r, struct resp *res)
{
	(void)r;
	return resp_fail(res, ST_NOT_FOUND, "not written yet");
}

const struct pspec h_dir_agent_params[] = {PARAM_END};
enum status
h_dir_agent(struct req *r, struct resp *res)
{
	(void)r;
	return resp_fail(res, ST_NOT_FOUND, "not written yet");
}

const struct pspec h_dir_agent_create_params[] = {PARAM_END};
enum status
h_dir_agent_create(struct req *r, struct resp *res)
{
	(void)r;
	return resp_fail(res, ST_NOT_FOUND, "not written yet");
}

const struct pspec h_dir_agent_update_params[] = {PARAM_END};
enum status
h_dir_agent_update(struct req *r, struct resp *res)
{
	(void)r;
	return resp_fail(res, ST_NOT_FOUND, "not written yet");
}

const struct pspec h_dir_agent_delete_params[] = {PARAM_END};
enum status
h_dir_agent_delete(struct req *r, struct resp *res)
{
	(void)r;
	return resp_fail(res, ST_NOT_FOUND, "not written yet");
}

const struct pspec h_dir_estates_params[] = {PARAM_END};
enum status
h_dir_estates(struct req *r, struct resp *res)
{
	(void)r;
	return resp_fail(res, ST_NOT_FOUND, "not written yet");
}

const struct pspec h_dir_estate_params[] = {PARAM_END};
enum status
h_dir_estate(struct req *r, struct resp *res)
{
	(void)r;
	return resp_fail(res, ST_NOT_FOUND, "not written yet");
}

const struct pspec h_dir_estate_create_params[] = {PARAM_END};
enum status
h_dir_estate_create(struct req *r, struct resp *res)
{
	(void)r;
	return resp_fail(res, ST_NOT_FOUND, "not written yet");
}

const struct pspec h_dir_estate_update_params[] = {PARAM_END};
enum status
h_dir_estate_update(struct req *r, struct resp *res)
{
	(void)r;
	return resp_fail(res, ST_NOT_FOUND, "not written yet");
}

const struct pspec h_dir_estate_delete_params[] = {PARAM_END};
enum status
h_dir_estate_delete(struct req *r, struct resp *res)
{
	(void)r;
	return resp_fail(res, ST_NOT_FOUND, "not written yet");
}

const struct pspec h_dir_housetypes_params[] = {PARAM_END};
enum status
h_dir_housetypes(struct req *r, struct resp *res)
{
	(void)r;
	return resp_fail(res, ST_NOT_FOUND, "not written yet");
}

const struct pspec h_dir_housetype_params[] = {PARAM_END};
enum status
h_dir_housetype(struct req *r, struct resp *res)
{
	(void)r;
	return resp_fail(res, ST_NOT_FOUND, "not written yet");
}

const struct pspec h_dir_housetype_create_params[] = {PARAM_END};
enum status
h_dir_housetype_create(struct req *r, struct resp *res)
{
	(void)r;
	return resp_fail(res, ST_NOT_FOUND, "not written yet");
}

const struct pspec h_dir_housetype_update_params[] = {PARAM_END};
enum status
h_dir_housetype_update(struct req *r, struct resp *res)
{
	(void)r;
	return resp_fail(res, ST_NOT_FOUND, "not written yet");
}

const struct pspec h_dir_housetype_delete_params[] = {PARAM_END};
enum status
h_dir_housetype_delete(struct req *r, struct resp *res)
{
	(void)r;
	return resp_fail(res, ST_NOT_FOUND, "not written yet");
}

const struct pspec h_dir_tags_params[] = {PARAM_END};
enum status
h_dir_tags(struct req *r, struct resp *res)
{
	(void)r;
	return resp_fail(res, ST_NOT_FOUND, "not written yet");
}

const struct pspec h_dir_tag_params[] = {PARAM_END};
enum status
h_dir_tag(struct req *r, struct resp *res)
{
	(void)r;
	return resp_fail(res, ST_NOT_FOUND, "not written yet");
}

const struct pspec h_dir_tag_create_params[] = {PARAM_END};
enum status
h_dir_tag_create(struct req *r, struct resp *res)
{
	(void)r;
	return resp_fail(res, ST_NOT_FOUND, "not written yet");
}

const struct pspec h_dir_tag_delete_params[] = {PARAM_END};
enum status
h_dir_tag_delete(struct req *r, struct resp *res)
{
	(void)r;
	return resp_fail(res, ST_NOT_FOUND, "not written yet");
}
