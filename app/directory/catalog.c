/* Agents, estates, house types and tags (directory.md 6-8, 11): their
 * parameter tables, body schemas and answers over app/catalog.c. */
#include <stdio.h>
#include <string.h>

#include "catalog.h"
#include "directory/directory.h"
#include "directory/handlers.h"
#include "directory/pages.h"

#define ID_MAX 999999999999999999LL

/* Messages of refusals the validators cannot know (DRF's wording where it
 * has one). */
#define MSG_NO_OBJECT    "无效主键 “%lld” － 对象不存在。"
#define MSG_TAKEN_ESTATE "name: 具有该名称的楼盘已存在。"
#define MSG_TAKEN_TYPE   "name: 具有该名称的户型已存在。"
#define MSG_TAKEN_TAG    "content: 具有该内容的标签已存在。"
#define MSG_IN_USE       "该户型仍有房源使用"

/* ---- shared pieces ---- */

static double
num(const struct db_res *rows, size_t i, size_t col)
{
	return (double)db_int(rows, i, col, 0);
}

static const char *
str(const struct db_res *rows, size_t i, size_t col)
{
	const char *s = db_str(rows, i, col);

	return s != NULL ? s : "";
}

/* A body member as an int, or def when absent (or null). */
static long long
int_or(const struct jv *b, const char *name, long long def)
{
	const struct jv *v = jv_get(b, name);

	return v != NULL ? jv_int(v) : def;
}

/* Telephone numbers (directory.md 6): digits and '-', mobile or fixed
 * line; the length is the schema's. */
static int
tel_check(const char *s, size_t n, char *err, size_t errlen)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!(s[i] >= '0' && s[i] <= '9') && s[i] != '-') {
			snprintf(err, errlen,
			         "请填写有效的电话号码（数字和 -）。");
			return -1;
		}
	return 0;
}

/* The page's answer: rows (possibly NULL) turned into results by each,
 * which consumes the rows of one object from *i. */
static enum status
answer_page(struct req *r, struct resp *res, const struct dir_page *pg,
            long long count, struct db_res *rows,
            cJSON *(*each)(const struct db_res *, size_t *))
{
	cJSON *results;
	size_t i = 0;
	enum status st = dir_page_check(pg, count, res);

	if (st != ST_OK) {
		db_res_free(rows);
		return st;
	}
	results = cJSON_CreateArray();
	while (rows != NULL && i < rows->nrows)
		cJSON_AddItemToArray(results, each(rows, &i));
	db_res_free(rows);
	dir_page_answer(r, res, pg, count, results);
	return ST_OK;
}

/* ---- agents (directory.md 6) ---- */

/* The agent of the rows from *i, its estates by id; *i moves past them. */
static cJSON *
agent_json(const struct db_res *rows, size_t *i)
{
	cJSON *o = cJSON_CreateObject(), *es, *e;
	size_t k = *i;
	long long id = db_int(rows, k, AG_ID, 0);

	cJSON_AddNumberToObject(o, "agentid", (double)id);
	es = cJSON_AddArrayToObject(o, "estates");
	for (; k < rows->nrows && db_int(rows, k, AG_ID, 0) == id; k++) {
		if (db_cell(rows, k, AG_ESTATE_ID)->t == DBT_NULL)
			continue;
		e = cJSON_CreateObject();
		cJSON_AddNumberToObject(e, "estateid",
		                        num(rows, k, AG_ESTATE_ID));
		cJSON_AddStringToObject(e, "name",
		                        str(rows, k, AG_ESTATE_NAME));
		cJSON_AddNumberToObject(e, "hot", num(rows, k, AG_ESTATE_HOT));
		cJSON_AddItemToArray(es, e);
	}
	cJSON_AddStringToObject(o, "name", str(rows, *i, AG_NAME));
	cJSON_AddStringToObject(o, "tel", str(rows, *i, AG_TEL));
	cJSON_AddNumberToObject(o, "servstar", num(rows, *i, AG_SERVSTAR));
	cJSON_AddNumberToObject(o, "realstar", num(rows, *i, AG_REALSTAR));
	cJSON_AddNumberToObject(o, "profstar", num(rows, *i, AG_PROFSTAR));
	cJSON_AddBoolToObject(o, "certificated",
	                      db_int(rows, *i, AG_CERTIFICATED, 0) != 0);
	*i = k;
	return o;
}

/* Answer agent id as it is now. */
static enum status
answer_agent(struct resp *res, long long id)
{
	struct db_res *rows = NULL;
	enum status st = catalog_agent(id, &rows);
	size_t i = 0;

	if (st != ST_OK)
		return st;
	resp_ans(res, agent_json(rows, &i));
	db_res_free(rows);
	return ST_OK;
}

static const struct js estate_id_item =
        JSD_INT("estates", JS_DIGITSTR, 1, ID_MAX);
static const struct js dir_agent_body_m[] = {
        JSD_TEXT("name", JS_REQUIRED, 1, 30, NULL),
        JSD_TEXT("tel", JS_REQUIRED, 7, 20, tel_check),
        JSD_INT("servstar", JS_DIGITSTR, 0, 5),
        JSD_INT("realstar", JS_DIGITSTR, 0, 5),
        JSD_INT("profstar", JS_DIGITSTR, 0, 5),
        JSD_BOOL("certificated", JS_LOOSE),
        JSD_ARRAY("estates", JS_UNIQUE, 0, CATALOG_AGENT_ESTATES,
                  &estate_id_item),
};
const struct js dir_agent_body = JSD_OBJECT(NULL, 0, dir_agent_body_m);

/* The body as an agent to write; estates are arena memory. */
static void
agent_in(struct req *r, struct catalog_agent_in *in)
{
	const struct jv *b = r->json, *es = jv_get(b, "estates"), *cert;
	long long *ids;
	size_t i;

	memset(in, 0, sizeof(*in));
	in->name = jv_str(jv_get(b, "name"), NULL);
	in->tel = jv_str(jv_get(b, "tel"), NULL);
	in->servstar = (int)int_or(b, "servstar", -1);
	in->realstar = (int)int_or(b, "realstar", -1);
	in->profstar = (int)int_or(b, "profstar", -1);
	cert = jv_get(b, "certificated");
	in->certificated = cert != NULL ? jv_bool(cert) : -1;
	if (es == NULL)
		return;
	in->has_estates = 1;
	in->nestates = jv_len(es);
	ids = arena_alloc(r->a, (in->nestates + 1) * sizeof(*ids));
	for (i = 0; i < in->nestates; i++)
		ids[i] = jv_int(jv_at(es, i));
	in->estates = ids;
}

enum { PAL_NAME, PAL_KEY, PAL_SERVSTAR, PAL_CERT, PAL_PAGE, PAL_SIZE };
const struct pspec h_dir_agents_params[] = {
        PARAM_TEXT("name", 0, 1, 30, NULL),
        PARAM_INT("key", 0, 0, 5),
        PARAM_INT("servstar", 0, 0, 5),
        PARAM_INT("cert", 0, 0, 1),
        DIR_PAGE_PARAMS,
        PARAM_END,
};

enum status
h_dir_agents(struct req *r, struct resp *res)
{
	struct catalog_agent_filter f = {NULL, 0, -1};
	struct db_res *rows = NULL;
	struct dir_page pg;
	long long count = 0;
	enum status st;

	/* key is the document's name of servstar: both may come, alike. */
	if (r->p[PAL_KEY].set && r->p[PAL_SERVSTAR].set &&
	    r->p[PAL_KEY].i != r->p[PAL_SERVSTAR].i)
		return resp_fail(res, ST_PARAM,
		                 "key: 与 servstar 的值不一致。; "
		                 "servstar: 与 key 的值不一致。");
	if (r->p[PAL_NAME].set)
		f.name = r->p[PAL_NAME].s;
	if (r->p[PAL_KEY].set)
		f.minstar = (int)r->p[PAL_KEY].i;
	if (r->p[PAL_SERVSTAR].set)
		f.minstar = (int)r->p[PAL_SERVSTAR].i;
	if (r->p[PAL_CERT].set)
		f.cert = (int)r->p[PAL_CERT].i;
	dir_page_of(r, PAL_PAGE, PAL_SIZE, &pg);
	st = catalog_agents(r->a, &f, pg.offset, pg.size, &count, &rows);
	if (st != ST_OK)
		return st;
	return answer_page(r, res, &pg, count, rows, agent_json);
}

enum { PA_ID };
const struct pspec h_dir_agent_params[] = {
        PARAM_INT("agentid", PF_REQUIRED | PF_PATH, 1, ID_MAX),
        PARAM_END,
};

enum status
h_dir_agent(struct req *r, struct resp *res)
{
	return answer_agent(res, r->p[PA_ID].i);
}

const struct pspec h_dir_agent_create_params[] = {PARAM_END};

enum status
h_dir_agent_create(struct req *r, struct resp *res)
{
	struct catalog_agent_in in;
	long long id = 0, bad = 0;
	enum status st;

	agent_in(r, &in);
	st = catalog_agent_create(&in, &id, &bad);
	if (st == ST_PARAM)
		return resp_fail(res, ST_PARAM, "estates: " MSG_NO_OBJECT, bad);
	if (st != ST_OK)
		return st;
	res->http = 201;
	return answer_agent(res, id);
}

const struct pspec h_dir_agent_update_params[] = {
        PARAM_INT("agentid", PF_REQUIRED | PF_PATH, 1, ID_MAX),
        PARAM_END,
};

enum status
h_dir_agent_update(struct req *r, struct resp *res)
{
	struct catalog_agent_in in;
	long long bad = 0;
	enum status st;

	agent_in(r, &in);
	st = catalog_agent_update(r->p[PA_ID].i, &in, &bad);
	if (st == ST_PARAM)
		return resp_fail(res, ST_PARAM, "estates: " MSG_NO_OBJECT, bad);
	if (st != ST_OK)
		return st;
	return answer_agent(res, r->p[PA_ID].i);
}

const struct pspec h_dir_agent_delete_params[] = {
        PARAM_INT("agentid", PF_REQUIRED | PF_PATH, 1, ID_MAX),
        PARAM_END,
};

enum status
h_dir_agent_delete(struct req *r, struct resp *res)
{
	enum status st = catalog_agent_delete(r->p[PA_ID].i);

	if (st == ST_OK)
		res->http = 204;
	return st;
}

/* ---- estates (directory.md 7) ---- */

/* The read form of the estate of the rows from *i, agents by id. */
static cJSON *
estate_json(const struct db_res *rows, size_t *i)
{
	cJSON *o = cJSON_CreateObject(), *d, *as, *a;
	size_t k = *i;
	long long id = db_int(rows, k, ES_ID, 0);

	cJSON_AddNumberToObject(o, "estateid", (double)id);
	d = cJSON_AddObjectToObject(o, "district");
	cJSON_AddNumberToObject(d, "distid", num(rows, k, ES_DISTRICT));
	cJSON_AddStringToObject(d, "name", str(rows, k, ES_DISTRICT_NAME));
	as = cJSON_AddArrayToObject(o, "agents");
	for (; k < rows->nrows && db_int(rows, k, ES_ID, 0) == id; k++) {
		if (db_cell(rows, k, ES_AGENT_ID)->t == DBT_NULL)
			continue;
		a = cJSON_CreateObject();
		cJSON_AddNumberToObject(a, "agentid",
		                        num(rows, k, ES_AGENT_ID));
		cJSON_AddStringToObject(a, "name", str(rows, k, ES_AGENT_NAME));
		cJSON_AddStringToObject(a, "tel", str(rows, k, ES_AGENT_TEL));
		cJSON_AddNumberToObject(a, "servstar",
		                        num(rows, k, ES_AGENT_SERVSTAR));
		cJSON_AddItemToArray(as, a);
	}
	cJSON_AddStringToObject(o, "name", str(rows, *i, ES_NAME));
	cJSON_AddNumberToObject(o, "hot", num(rows, *i, ES_HOT));
	cJSON_AddStringToObject(o, "intro", str(rows, *i, ES_INTRO));
	*i = k;
	return o;
}

/* The write form (the answer of POST and PUT, as the document shows). */
static cJSON *
estate_written(const struct db_res *row)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddNumberToObject(o, "estateid", num(row, 0, EW_ID));
	cJSON_AddNumberToObject(o, "district", num(row, 0, EW_DISTRICT));
	cJSON_AddStringToObject(o, "name", str(row, 0, EW_NAME));
	cJSON_AddNumberToObject(o, "hot", num(row, 0, EW_HOT));
	cJSON_AddStringToObject(o, "intro", str(row, 0, EW_INTRO));
	return o;
}

static const struct js dir_estate_body_m[] = {
        JSD_TEXT("name", JS_REQUIRED, 1, 50, NULL),
        JSD_INT("distid", JS_REQUIRED | JS_DIGITSTR, 1, 999999),
        JSD_INT("hot", JS_DIGITSTR, 0, 1000000000),
        JSD_TEXT("intro", 0, 0, 511, NULL),
};
const struct js dir_estate_body = JSD_OBJECT(NULL, 0, dir_estate_body_m);

/* Write the body as estate id (0: a new one) and answer its write form. */
static enum status
estate_write(struct req *r, struct resp *res, long long id)
{
	const struct jv *b = r->json;
	struct catalog_estate_in in;
	struct db_res *row = NULL;
	enum status st;

	in.name = jv_str(jv_get(b, "name"), NULL);
	in.district = jv_int(jv_get(b, "distid"));
	in.hot = int_or(b, "hot", -1);
	in.intro = jv_str(jv_get(b, "intro"), NULL);
	st = id == 0 ? catalog_estate_create(r->a, &in, &row)
	             : catalog_estate_update(r->a, id, &in, &row);
	if (st == ST_PARAM)
		return resp_fail(res, ST_PARAM,
		                 "distid: 请选择区县，或没有区县的城市。");
	if (st == ST_EXISTS)
		return resp_fail(res, ST_PARAM, MSG_TAKEN_ESTATE);
	if (st != ST_OK)
		return st;
	resp_ans(res, estate_written(row));
	db_res_free(row);
	if (id == 0)
		res->http = 201;
	return ST_OK;
}

enum { PEL_NAME, PEL_DIST, PEL_MINHOT, PEL_MAXHOT, PEL_PAGE, PEL_SIZE };
const struct pspec h_dir_estates_params[] = {
        PARAM_TEXT("name", 0, 1, 50, NULL),
        PARAM_INT("dist", 0, 1, 999999),
        PARAM_INT("minhot", 0, 0, 4294967295LL),
        PARAM_INT("maxhot", 0, 0, 4294967295LL),
        DIR_PAGE_PARAMS,
        PARAM_END,
};

enum status
h_dir_estates(struct req *r, struct resp *res)
{
	struct catalog_estate_filter f = {NULL, 0, 0, 4294967295LL};
	struct db_res *rows = NULL;
	struct dir_page pg;
	long long count = 0;
	enum status st;

	if (r->p[PEL_NAME].set)
		f.name = r->p[PEL_NAME].s;
	if (r->p[PEL_DIST].set)
		f.dist = r->p[PEL_DIST].i;
	if (r->p[PEL_MINHOT].set)
		f.minhot = r->p[PEL_MINHOT].i;
	if (r->p[PEL_MAXHOT].set)
		f.maxhot = r->p[PEL_MAXHOT].i;
	dir_page_of(r, PEL_PAGE, PEL_SIZE, &pg);
	st = catalog_estates(r->a, &f, pg.offset, pg.size, &count, &rows);
	if (st == ST_PARAM)
		return resp_fail(res, ST_PARAM,
		                 "dist: “%lld” 不是有效的行政区域编号。",
		                 f.dist);
	if (st != ST_OK)
		return st;
	return answer_page(r, res, &pg, count, rows, estate_json);
}

enum { PE_ID };
const struct pspec h_dir_estate_params[] = {
        PARAM_INT("estateid", PF_REQUIRED | PF_PATH, 1, ID_MAX),
        PARAM_END,
};

enum status
h_dir_estate(struct req *r, struct resp *res)
{
	struct db_res *rows = NULL;
	enum status st = catalog_estate(r->p[PE_ID].i, &rows);
	size_t i = 0;

	if (st != ST_OK)
		return st;
	resp_ans(res, estate_json(rows, &i));
	db_res_free(rows);
	return ST_OK;
}

const struct pspec h_dir_estate_create_params[] = {PARAM_END};

enum status
h_dir_estate_create(struct req *r, struct resp *res)
{
	return estate_write(r, res, 0);
}

const struct pspec h_dir_estate_update_params[] = {
        PARAM_INT("estateid", PF_REQUIRED | PF_PATH, 1, ID_MAX),
        PARAM_END,
};

enum status
h_dir_estate_update(struct req *r, struct resp *res)
{
	return estate_write(r, res, r->p[PE_ID].i);
}

const struct pspec h_dir_estate_delete_params[] = {
        PARAM_INT("estateid", PF_REQUIRED | PF_PATH, 1, ID_MAX),
        PARAM_END,
};

enum status
h_dir_estate_delete(struct req *r, struct resp *res)
{
	enum status st = catalog_estate_delete(r->p[PE_ID].i);

	if (st == ST_OK)
		res->http = 204;
	return st;
}

/* ---- house types (directory.md 8) and tags (11): {id, text} ---- */

/* {"<idname>": id, "<textname>": text} of row i. */
static cJSON *
pair_json(const struct db_res *rows, size_t i, const char *idname,
          const char *textname)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddNumberToObject(o, idname, num(rows, i, CT_ID));
	cJSON_AddStringToObject(o, textname, str(rows, i, CT_NAME));
	return o;
}

static cJSON *
type_json(const struct db_res *rows, size_t *i)
{
	return pair_json(rows, (*i)++, "typeid", "name");
}

static cJSON *
tag_json(const struct db_res *rows, size_t *i)
{
	return pair_json(rows, (*i)++, "tagid", "content");
}

/* Answer the one object that get finds by id. */
static enum status
answer_one(struct resp *res, long long id,
           enum status (*get)(long long, struct db_res **),
           cJSON *(*each)(const struct db_res *, size_t *))
{
	struct db_res *rows = NULL;
	enum status st = get(id, &rows);
	size_t i = 0;

	if (st != ST_OK)
		return st;
	resp_ans(res, each(rows, &i));
	db_res_free(rows);
	return ST_OK;
}

static const struct js dir_housetype_body_m[] = {
        JSD_TEXT("name", JS_REQUIRED, 1, 20, NULL),
};
const struct js dir_housetype_body = JSD_OBJECT(NULL, 0, dir_housetype_body_m);

const struct pspec h_dir_housetypes_params[] = {PARAM_END};

/* The whole catalogue, revalidated on every use (no-cache) by a strong
 * ETag of its bytes, which every change of a type changes. */
enum status
h_dir_housetypes(struct req *r, struct resp *res)
{
	struct db_res *rows = NULL;
	enum status st = catalog_types(&rows);
	cJSON *a;
	size_t i = 0;

	if (st != ST_OK)
		return st;
	a = cJSON_CreateArray();
	while (i < rows->nrows)
		cJSON_AddItemToArray(a, type_json(rows, &i));
	db_res_free(rows);
	return dir_answer_cached(r, res, a, "no-cache");
}

enum { PHT_ID };
const struct pspec h_dir_housetype_params[] = {
        PARAM_INT("typeid", PF_REQUIRED | PF_PATH, 1, ID_MAX),
        PARAM_END,
};

enum status
h_dir_housetype(struct req *r, struct resp *res)
{
	return answer_one(res, r->p[PHT_ID].i, catalog_type, type_json);
}

const struct pspec h_dir_housetype_create_params[] = {PARAM_END};

enum status
h_dir_housetype_create(struct req *r, struct resp *res)
{
	long long id = 0;
	enum status st =
	        catalog_type_create(jv_str(jv_get(r->json, "name"), NULL), &id);

	if (st == ST_EXISTS)
		return resp_fail(res, ST_PARAM, MSG_TAKEN_TYPE);
	if (st == ST_CONFLICT)
		return resp_fail(res, ST_PARAM, "body: 户型最多只能有 %d 个。",
		                 CATALOG_TYPES_MAX);
	if (st != ST_OK)
		return st;
	res->http = 201;
	return answer_one(res, id, catalog_type, type_json);
}

const struct pspec h_dir_housetype_update_params[] = {
        PARAM_INT("typeid", PF_REQUIRED | PF_PATH, 1, ID_MAX),
        PARAM_END,
};

enum status
h_dir_housetype_update(struct req *r, struct resp *res)
{
	enum status st = catalog_type_update(
	        r->p[PHT_ID].i, jv_str(jv_get(r->json, "name"), NULL));

	if (st == ST_EXISTS)
		return resp_fail(res, ST_PARAM, MSG_TAKEN_TYPE);
	if (st != ST_OK)
		return st;
	return answer_one(res, r->p[PHT_ID].i, catalog_type, type_json);
}

const struct pspec h_dir_housetype_delete_params[] = {
        PARAM_INT("typeid", PF_REQUIRED | PF_PATH, 1, ID_MAX),
        PARAM_END,
};

enum status
h_dir_housetype_delete(struct req *r, struct resp *res)
{
	enum status st = catalog_type_delete(r->p[PHT_ID].i);

	if (st == ST_CONFLICT)
		return resp_fail(res, ST_CONFLICT, MSG_IN_USE);
	if (st == ST_OK)
		res->http = 204;
	return st;
}

static const struct js dir_tag_body_m[] = {
        JSD_TEXT("content", JS_REQUIRED, 1, 20, NULL),
};
const struct js dir_tag_body = JSD_OBJECT(NULL, 0, dir_tag_body_m);

/* One path, two endpoints (directory.md 11): random=N draws N tags, the
 * rest is the page of all tags by id. */
enum { PTL_RANDOM, PTL_PAGE, PTL_SIZE };
const struct pspec h_dir_tags_params[] = {
        PARAM_INT("random", 0, 1, 50),
        DIR_PAGE_PARAMS,
        PARAM_END,
};

enum status
h_dir_tags(struct req *r, struct resp *res)
{
	struct db_res *rows = NULL;
	struct dir_page pg;
	long long count = 0;
	enum status st;
	cJSON *a;
	size_t i = 0;

	if (r->p[PTL_RANDOM].set && (r->p[PTL_PAGE].set || r->p[PTL_SIZE].set))
		return resp_fail(res, ST_PARAM,
		                 "random: 不能与 page 或 size 同时使用。");
	if (r->p[PTL_RANDOM].set) {
		st = catalog_tags_random((size_t)r->p[PTL_RANDOM].i, &rows);
		if (st != ST_OK)
			return st;
		a = cJSON_CreateArray();
		while (i < rows->nrows)
			cJSON_AddItemToArray(a, tag_json(rows, &i));
		db_res_free(rows);
		resp_ans(res, a);
		return ST_OK;
	}
	dir_page_of(r, PTL_PAGE, PTL_SIZE, &pg);
	st = catalog_tags(pg.offset, pg.size, &count, &rows);
	if (st != ST_OK)
		return st;
	return answer_page(r, res, &pg, count, rows, tag_json);
}

enum { PG_TAGID };
const struct pspec h_dir_tag_params[] = {
        PARAM_INT("tagid", PF_REQUIRED | PF_PATH, 1, ID_MAX),
        PARAM_END,
};

enum status
h_dir_tag(struct req *r, struct resp *res)
{
	return answer_one(res, r->p[PG_TAGID].i, catalog_tag, tag_json);
}

const struct pspec h_dir_tag_create_params[] = {PARAM_END};

enum status
h_dir_tag_create(struct req *r, struct resp *res)
{
	long long id = 0;
	enum status st = catalog_tag_create(
	        jv_str(jv_get(r->json, "content"), NULL), &id);

	if (st == ST_EXISTS)
		return resp_fail(res, ST_PARAM, MSG_TAKEN_TAG);
	if (st == ST_CONFLICT)
		return resp_fail(res, ST_PARAM, "body: 标签最多只能有 %d 个。",
		                 CATALOG_TAGS_MAX);
	if (st != ST_OK)
		return st;
	res->http = 201;
	return answer_one(res, id, catalog_tag, tag_json);
}

const struct pspec h_dir_tag_delete_params[] = {
        PARAM_INT("tagid", PF_REQUIRED | PF_PATH, 1, ID_MAX),
        PARAM_END,
};

enum status
h_dir_tag_delete(struct req *r, struct resp *res)
{
	enum status st = catalog_tag_delete(r->p[PG_TAGID].i);

	if (st == ST_OK)
		res->http = 204;
	return st;
}
