/* QSZ's listing routes (qsz.md 4): /house_create, the status machine
 * (/house_release, /pulloff_house, /delete_house_info), /update_house_info
 * and /my_house_list, over the listings module (houses.h). */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "buf.h"
#include "houses.h"
#include "qsz.h"
#include "qsz/handlers.h"
#include "regions.h"
#include "vlist.h"

/* ---- the listing's parameters ---------------------------------------- */

/* Indexed by the listing's attributes (houses.h); release_time and
 * submission_time are the server's: not parameters, ignored when sent. */

/* facility: 1 air conditioning .. 12 parking; extra_fee: 1 water .. 8
 * property management.  Stored ascending. */
#define FACILITY_MAX  12
#define EXTRA_FEE_MAX 8
/* house_characteristic: free tags (the search matches any of them). */
#define TAGS_MAX      10
#define TAG_CHARS_MAX 20

static int
check_facility(const char *s, size_t n, char *err, size_t len)
{
	long long v[FACILITY_MAX];
	size_t k;

	return vlist_ints(s, n, 1, FACILITY_MAX, FACILITY_MAX, v, &k, err, len);
}

static int
check_extra_fee(const char *s, size_t n, char *err, size_t len)
{
	long long v[EXTRA_FEE_MAX];
	size_t k;

	return vlist_ints(s, n, 1, EXTRA_FEE_MAX, EXTRA_FEE_MAX, v, &k, err,
	                  len);
}

static int
check_tags(const char *s, size_t n, char *err, size_t len)
{
	return vlist_texts(s, n, TAGS_MAX, TAG_CHARS_MAX, err, len);
}

static const char *const payment_types[] = {"1|1", "1|3", "1|6", NULL};

/* Codes of the QSZ configuration (compounds, street offices, subway
 * stations) that this service does not hold: positive, at most 12 digits
 * (a GB/T 10114 street-office code has 9 or 12). */
#define EXT_CODE_MAX 999999999999LL

/* Every parameter optional (a draft is completed later); an empty value
 * counts as not given.  Ranges and lengths: */
const struct pspec h_houses_create_params[] = {
        /* GB/T 2260 codes, checked against the regions table. */
        [HA_PROVINCE_CODE] =
                PARAM_INT("province_code", PF_EMPTY, 100000, 999999),
        [HA_PROVINCE_NAME] = PARAM_TEXT("province_name", PF_EMPTY, 1, 64, NULL),
        [HA_CITY_CODE] = PARAM_INT("city_code", PF_EMPTY, 100000, 999999),
        [HA_CITY_NAME] = PARAM_TEXT("city_name", PF_EMPTY, 1, 64, NULL),
        [HA_COUNTY_CODE] = PARAM_INT("county_code", PF_EMPTY, 100000, 999999),
        [HA_COUNTY_NAME] = PARAM_TEXT("county_name", PF_EMPTY, 1, 64, NULL),
        [HA_DISTRICT_CODE] =
                PARAM_INT("district_code", PF_EMPTY, 1, EXT_CODE_MAX),
        [HA_DISTRICT_NAME] = PARAM_TEXT("district_name", PF_EMPTY, 1, 60, NULL),
        [HA_SUBDISTRICT_CODE] =
                PARAM_INT("subdistrict_code", PF_EMPTY, 1, EXT_CODE_MAX),
        [HA_SUBWAY_STATION_CODE] =
                PARAM_INT("subway_station_code", PF_EMPTY, 1, EXT_CODE_MAX),
        [HA_HOUSE_NUMBER] = PARAM_INT("house_number", PF_EMPTY, 0, 99999),
        /* Degrees; both or neither. */
        [HA_LONGITUDE] = PARAM_NUM("longitude", PF_EMPTY, -180.0, 180.0),
        [HA_LATITUDE] = PARAM_NUM("latitude", PF_EMPTY, -90.0, 90.0),
        /* 1 short, 2 long. */
        [HA_RENT_TIME_TYPE] = PARAM_INT("rent_time_type", PF_EMPTY, 1, 2),
        /* 1 whole, 2 a room. */
        [HA_RENT_ROOM_TYPE] = PARAM_INT("rent_room_type", PF_EMPTY, 1, 2),
        /* Whole square metres. */
        [HA_HOUSE_SIZE] = PARAM_INT("house_size", PF_EMPTY, 1, 10000),
        /* Layout, e.g. 2室1厅1卫. */
        [HA_HOUSE_TYPE] = PARAM_TEXT("house_type", PF_EMPTY, 1, 20, NULL),
        /* Floor, e.g. 5 or 中层. */
        [HA_HOUSE_FLOOR] = PARAM_TEXT("house_floor", PF_EMPTY, 1, 20, NULL),
        /* Orientation, e.g. 南 or 南北. */
        [HA_HOUSE_DIRECTION] =
                PARAM_TEXT("house_direction", PF_EMPTY, 1, 10, NULL),
        /* Decoration, e.g. 精装. */
        [HA_HOUSE_DECORATION] =
                PARAM_TEXT("house_decoration", PF_EMPTY, 1, 10, NULL),
        [HA_HOUSE_MAX_LIVEIN] = PARAM_INT("house_max_livein", PF_EMPTY, 1, 50),
        /* Whole yuan a month. */
        [HA_HOUSE_RENT] = PARAM_INT("house_rent", PF_EMPTY, 0, 1000000),
        /* Deposit|months paid at once. */
        [HA_PAYMENT_TYPE] =
                PARAM_CHOICE("payment_type", PF_EMPTY, payment_types),
        /* 1 landlord, 2 tenant, 3 to be agreed. */
        [HA_PROPERTY_MANAGEMENT_FEE] =
                PARAM_INT("property_management_fee", PF_EMPTY, 1, 3),
        [HA_HEATING_CHARGE] = PARAM_INT("heating_charge", PF_EMPTY, 1, 3),
        [HA_DESCRIPTION_TITLE] =
                PARAM_TEXT("description_title", PF_EMPTY, 1, 60, NULL),
        [HA_DESCRIPTION] = PARAM_TEXT("description", PF_EMPTY, 1, 2000, NULL),
        [HA_TRAFFIC_CONDITION] =
                PARAM_TEXT("traffic_condition", PF_EMPTY, 1, 500, NULL),
        [HA_AROUND_CONDITION] =
                PARAM_TEXT("around_condition", PF_EMPTY, 1, 500, NULL),
        /* A |-list of distinct 1-12. */
        [HA_FACILITY] = PARAM_TEXT("facility", PF_EMPTY, 1, 30, check_facility),
        /* Bedrooms. */
        [HA_HOUSE_ROOMS] = PARAM_INT("house_rooms", PF_EMPTY, 0, 50),
        /* A |-list of up to 10 distinct tags of 1-20 characters. */
        [HA_HOUSE_CHARACTERISTIC] = PARAM_TEXT("house_characteristic", PF_EMPTY,
                                               1, 200, check_tags),
        /* 1 landlord, 2 sub-landlord, 3 a tenant subletting. */
        [HA_HOUSE_SOURCE] = PARAM_INT("house_source", PF_EMPTY, 1, 3),
        [HA_ALL_FLOOR] = PARAM_INT("all_floor", PF_EMPTY, 1, 200),
        /* YYYY-MM-DD. */
        [HA_EARLIEST_CHECKIN_TIME] =
                PARAM_OF("earliest_checkin_time", PT_DATE, PF_EMPTY),
        /* A |-list of distinct 1-8. */
        [HA_EXTRA_FEE] =
                PARAM_TEXT("extra_fee", PF_EMPTY, 1, 20, check_extra_fee),
        [HA__MAX] = PARAM_END,
};

/* The region parameters by level (regions.h). */
static const int code_param[4] = {-1, HA_PROVINCE_CODE, HA_CITY_CODE,
                                  HA_COUNTY_CODE};
static const int name_param[4] = {-1, HA_PROVINCE_NAME, HA_CITY_NAME,
                                  HA_COUNTY_NAME};
static const char *const level_word[4] = {"", "province", "city", "county"};

/* The level of a region code or name parameter, or 0. */
static int
region_level(int i, int *is_name)
{
	int lv;

	for (lv = REGION_PROVINCE; lv <= REGION_COUNTY; lv++)
		if (i == code_param[lv] || i == name_param[lv]) {
			*is_name = i == name_param[lv];
			return lv;
		}
	return 0;
}

/* Rewrite the integer lists of v (indexed by H_*) in their stored form:
 * ascending.  They were checked already. */
static void
canonical_lists(struct arena *a, struct pval *v)
{
	static const int lists[2] = {HA_FACILITY, HA_EXTRA_FEE};
	long long items[VLIST_MAX];
	char text[VLIST_MAX * 4];
	size_t i, k;

	for (i = 0; i < 2; i++) {
		struct pval *p = &v[lists[i]];

		if (!p->set ||
		    vlist_ints(p->s, p->n, 1, LLONG_MAX, VLIST_MAX, items, &k,
		               NULL, 0) < 0 ||
		    vlist_join(items, k, text, sizeof(text)) < 0)
			continue;
		p->s = arena_strdup(a, text);
		p->n = strlen(text);
	}
}

/* A checked value as a statement argument (NULL when not given). */
static struct db_val
value_of(const struct pval *v, enum ptype t)
{
	if (!v->set)
		return DB_NULLV;
	if (t == PT_INT)
		return DB_INT(v->i);
	if (t == PT_NUM)
		return DB_DBL(v->d);
	return DB_TEXT(v->s, v->n); /* text, a choice, a YYYY-MM-DD date */
}

/* ---- regions of a listing -------------------------------------------- */

/* The regions of /house_create into *c: the lowest code given decides;
 * a higher code given must be its parent, a name given must be its code's
 * name; the rest is filled from the chain.  No code given: c->level 0. */
static enum status
resolve_regions(struct req *r, struct resp *res, struct region_chain *c)
{
	const struct pval *p = r->p;
	long long code;
	int lv, low = 0;
	enum status st;

	memset(c, 0, sizeof(*c));
	for (lv = REGION_PROVINCE; lv <= REGION_COUNTY; lv++) {
		if (p[name_param[lv]].set && !p[code_param[lv]].set)
			return resp_fail(res, ST_PARAM,
			                 "%s_name: only with %s_code (the name "
			                 "is filled from the code)",
			                 level_word[lv], level_word[lv]);
		if (p[code_param[lv]].set)
			low = lv;
	}
	if (low == 0)
		return ST_OK;
	code = p[code_param[low]].i;
	if ((st = regions_chain(r->a, code, c)) != ST_OK)
		return st;
	if (c->level != low)
		return resp_fail(res, ST_PARAM, "%s_code: %lld is not a %s",
		                 level_word[low], code, level_word[low]);
	for (lv = REGION_PROVINCE; lv < low; lv++)
		if (p[code_param[lv]].set && p[code_param[lv]].i != c->code[lv])
			return resp_fail(res, ST_PARAM,
			                 "%s_code: %s %lld is not in %s %lld",
			                 level_word[low], level_word[low], code,
			                 level_word[lv], p[code_param[lv]].i);
	for (lv = REGION_PROVINCE; lv <= low; lv++)
		if (p[name_param[lv]].set &&
		    strcmp(p[name_param[lv]].s, c->name[lv]) != 0)
			return resp_fail(res, ST_PARAM,
			                 "%s_name: does not match %s_code %lld "
			                 "(%s)",
			                 level_word[lv], level_word[lv],
			                 c->code[lv], c->name[lv]);
	return ST_OK;
}

/* ---- /house_create -------------------------------------------------- */

enum status
h_houses_create(struct req *r, struct resp *res)
{
	struct pval *p = r->p;
	struct db_val a[HA__MAX];
	struct region_chain c;
	uint64_t id = 0;
	int i, lv, is_name;
	enum status st;
	cJSON *ans;

	if (p[HA_LONGITUDE].set != p[HA_LATITUDE].set)
		return resp_fail(res, ST_PARAM, "%s: required with %s",
		                 p[HA_LONGITUDE].set ? "latitude" : "longitude",
		                 p[HA_LONGITUDE].set ? "longitude"
		                                     : "latitude");
	if ((st = resolve_regions(r, res, &c)) != ST_OK)
		return st;
	canonical_lists(r->a, p);
	for (i = 0; i < HA__MAX; i++) {
		lv = region_level(i, &is_name);
		if (lv == 0)
			a[i] = value_of(&p[i], h_houses_create_params[i].type);
		else if (lv > c.level)
			a[i] = DB_NULLV;
		else
			a[i] = is_name ? DB_STR(c.name[lv])
			               : DB_INT(c.code[lv]);
	}
	if ((st = houses_create(r->uid, a, &id)) != ST_OK)
		return st;
	ans = cJSON_CreateObject();
	cJSON_AddNumberToObject(ans, "house_id", (double)id);
	resp_ans(res, ans);
	return ST_OK;
}

enum status
qsz_house_fail(struct resp *res, enum status st, long long id)
{
	if (st == ST_NOT_FOUND)
		return resp_fail(res, ST_NOT_FOUND, "house %lld not found", id);
	if (st == ST_FORBIDDEN)
		return resp_fail(res, ST_FORBIDDEN,
		                 "not the owner of house %lld", id);
	return st;
}

/* ---- the status machine -------------------------------------------- */

#define HOUSE_ID_PARAMS                                                        \
	{                                                                      \
		PARAM_INT("house_id", PF_REQUIRED, 1, LLONG_MAX), PARAM_END    \
	}
enum { S_HOUSE_ID };

const struct pspec h_houses_release_params[] = HOUSE_ID_PARAMS;
const struct pspec h_houses_pulloff_params[] = HOUSE_ID_PARAMS;
const struct pspec h_houses_delete_params[] = HOUSE_ID_PARAMS;

static const char *const status_word[] = {
        [HS_DRAFT] = "a draft",
        [HS_RELEASED] = "released",
        [HS_PULLED_OFF] = "pulled off",
        [HS_DELETED] = "deleted",
};

/* One legal change: from the states in the mask `from` to `to`. */
struct transition {
	unsigned from;
	int to;
	const char *rule; /* for the conflict message */
};

static enum status
transition(struct req *r, struct resp *res, const struct transition *t)
{
	static const struct {
		unsigned bit;
		const char *what;
	} needed[] = {
	        {HN_LOCATION, "longitude and latitude"},
	        {HN_RENT, "house_rent"},
	        {HN_SIZE, "house_size"},
	        {HN_TITLE, "description_title"},
	};
	long long id = r->p[S_HOUSE_ID].i, now;
	struct buf missing = {0};
	unsigned lacks;
	size_t i;
	enum status st;

	st = houses_set_status(r->uid, id, t->from, t->to, &now, &lacks);
	if (st == ST_CONFLICT)
		return resp_fail(res, ST_CONFLICT, "house %lld is %s; %s", id,
		                 now >= HS_DRAFT && now <= HS_DELETED
		                         ? status_word[now]
		                         : "in an unknown state",
		                 t->rule);
	if (st == ST_PARAM) {
		for (i = 0; i < sizeof(needed) / sizeof(needed[0]); i++)
			if (lacks & needed[i].bit)
				buf_addf(&missing, "%s%s",
				         missing.len ? ", " : "",
				         needed[i].what);
		st = resp_fail(res, ST_PARAM,
		               "house_id: house %lld lacks %s; set "
		               "them before releasing it",
		               id, missing.p);
		buf_free(&missing);
		return st;
	}
	return qsz_house_fail(res, st, id);
}

enum status
h_houses_release(struct req *r, struct resp *res)
{
	static const struct transition t = {
	        (1u << HS_DRAFT) | (1u << HS_PULLED_OFF),
	        HS_RELEASED,
	        "only a draft or a pulled-off listing can be released",
	};

	return transition(r, res, &t);
}

enum status
h_houses_pulloff(struct req *r, struct resp *res)
{
	static const struct transition t = {
	        1u << HS_RELEASED,
	        HS_PULLED_OFF,
	        "only a released listing can be pulled off",
	};

	return transition(r, res, &t);
}

enum status
h_houses_delete(struct req *r, struct resp *res)
{
	static const struct transition t = {
	        (1u << HS_DRAFT) | (1u << HS_RELEASED) | (1u << HS_PULLED_OFF),
	        HS_DELETED,
	        "it cannot be deleted",
	};

	return transition(r, res, &t);
}

/* ---- /report_house ------------------------------------------------- */

enum { RP_HOUSE_ID, RP_REASON };
const struct pspec h_houses_report_params[] = {
        [RP_HOUSE_ID] = PARAM_INT("house_id", PF_REQUIRED, 1, LLONG_MAX),
        [RP_REASON] = PARAM_TEXT("reason", PF_REQUIRED, 1, 200, NULL),
        PARAM_END,
};

/* /report_house, house_id and reason (1-200 characters): someone else's
 * released listing reported to the administrators (issue 13, 1); again
 * while the report is open replaces its reason.  {"report_id"}. */
enum status
h_houses_report(struct req *r, struct resp *res)
{
	return app_report(r, res, r->p[RP_HOUSE_ID].i, r->p[RP_REASON].s,
	                  r->p[RP_REASON].n);
}

/* ---- /update_house_info --------------------------------------------- */

enum { U_HOUSE_ID, U_ATTR_NAME, U_ATTR_VALUE, U__MAX };

const struct pspec h_houses_update_params[] = {
        [U_HOUSE_ID] = PARAM_INT("house_id", PF_REQUIRED, 1, LLONG_MAX),
        [U_ATTR_NAME] = PARAM_TEXT("attr_name", PF_REQUIRED, 1, 64, NULL),
        /* Any text, longer than any attribute's limit (so that rule
         * speaks); then checked by the attribute's own rule. */
        [U_ATTR_VALUE] = PARAM_TEXT("attr_value", PF_REQUIRED, 0, 4000, NULL),
        [U__MAX] = PARAM_END,
};

/* Check attr_value by the rule of /house_create parameter k, exactly as
 * the dispatcher would have, into v[k]. */
static enum status
check_attr(struct req *r, int k, struct pval *v, struct resp *res)
{
	const struct pspec *s = &h_houses_create_params[k];
	struct field f = {
	        .name = s->name,
	        .value = r->p[U_ATTR_VALUE].s,
	        .len = r->p[U_ATTR_VALUE].n,
	        .from = FROM_BODY,
	};
	struct req one;
	enum status st;

	memset(&one, 0, sizeof(one));
	one.a = r->a;
	one.fields = &f;
	one.nfields = 1;
	if ((st = route_validate(s, 1, &one, res)) != ST_OK)
		return st;
	if (!one.p[0].set)
		return resp_fail(res, ST_PARAM, "%s: must not be empty",
		                 s->name);
	v[k] = one.p[0];
	canonical_lists(r->a, v);
	return ST_OK;
}

enum status
h_houses_update(struct req *r, struct resp *res)
{
	struct pval v[HA__MAX];
	struct region_chain c;
	long long id = r->p[U_HOUSE_ID].i, code;
	const char *stored;
	int k, lv, is_name = 0;
	enum status st;

	for (k = 0; k < HA__MAX; k++)
		if (strcmp(h_houses_create_params[k].name,
		           r->p[U_ATTR_NAME].s) == 0)
			break;
	if (k == HA__MAX)
		return resp_fail(res, ST_PARAM,
		                 "attr_name: must be a parameter of "
		                 "/house_create (release_time and "
		                 "submission_time are set by the server)");
	memset(v, 0, sizeof(v));
	if ((st = check_attr(r, k, v, res)) != ST_OK)
		return st;
	lv = region_level(k, &is_name);
	memset(&c, 0, sizeof(c));
	if (lv != 0 && !is_name) {
		if ((st = regions_chain(r->a, v[k].i, &c)) != ST_OK)
			return st;
		if (c.level != lv)
			return resp_fail(
			        res, ST_PARAM, "%s_code: %lld is not a %s",
			        level_word[lv], v[k].i, level_word[lv]);
	}

	if (lv != 0 && is_name) {
		/* Names follow codes: a name is accepted only as the stored
		 * code's, and changes nothing. */
		st = houses_region(r->a, r->uid, id, lv, &code, &stored);
		if (st != ST_OK)
			return qsz_house_fail(res, st, id);
		if (code < 0)
			return resp_fail(res, ST_PARAM,
			                 "%s_name: set %s_code instead (the "
			                 "name is filled from the code)",
			                 level_word[lv], level_word[lv]);
		if (stored == NULL || strcmp(stored, v[k].s) != 0)
			return resp_fail(res, ST_PARAM,
			                 "%s_name: does not match %s_code %lld "
			                 "(%s)",
			                 level_word[lv], level_word[lv], code,
			                 stored ? stored : "");
		return ST_OK;
	}
	if (lv != 0)
		st = houses_set_region(r->uid, id, lv, &c);
	else
		st = houses_set_attr(
		        r->uid, id, k,
		        value_of(&v[k], h_houses_create_params[k].type));
	return qsz_house_fail(res, st, id);
}

/* ---- /my_house_list -------------------------------------------------- */

const struct pspec h_houses_mine_params[] = {PARAM_END};

/* A listing's position in the answer, found by id. */
struct slot {
	long long id;
	cJSON *photos, *videos;
};

static int
cmp_slot(const void *a, const void *b)
{
	long long x = ((const struct slot *)a)->id;
	long long y = ((const struct slot *)b)->id;

	return (x > y) - (x < y);
}

/* Add the media rows (house_id, id, url) to their listings' lists. */
static void
attach_media(const struct db_res *media, struct slot *slots, size_t n,
             int videos)
{
	struct slot key, *s;
	cJSON *o;
	size_t i;

	for (i = 0; i < media->nrows; i++) {
		key.id = db_int(media, i, 0, 0);
		s = bsearch(&key, slots, n, sizeof(*slots), cmp_slot);
		if (s == NULL)
			continue; /* a listing created meanwhile */
		o = cJSON_CreateObject();
		cJSON_AddNumberToObject(o, "id",
		                        (double)db_int(media, i, 1, 0));
		cJSON_AddStringToObject(o, "url", db_str(media, i, 2));
		cJSON_AddItemToArray(videos ? s->videos : s->photos, o);
	}
}

enum status
h_houses_mine(struct req *r, struct resp *res)
{
	struct db_res *rows = NULL, *photos = NULL, *videos = NULL;
	struct slot *slots = NULL;
	cJSON *list = NULL, *o;
	enum status st = ST_INTERNAL;
	size_t i;

	if ((st = houses_mine(r->uid, &rows, &photos, &videos)) != ST_OK)
		goto out;
	list = cJSON_CreateArray();
	slots = arena_alloc(r->a, (rows->nrows + 1) * sizeof(*slots));
	for (i = 0; i < rows->nrows; i++) {
		o = cJSON_CreateObject();
		cJSON_AddItemToObject(o, "id", app_cell_int(rows, i, HM_ID));
		cJSON_AddNumberToObject(o, "user_id", (double)r->uid);
		cJSON_AddItemToObject(o, "house_size",
		                      app_cell_int(rows, i, HM_SIZE));
		cJSON_AddItemToObject(o, "house_type",
		                      app_cell_str(rows, i, HM_TYPE));
		cJSON_AddItemToObject(o, "house_rent",
		                      app_cell_int(rows, i, HM_RENT));
		cJSON_AddItemToObject(o, "payment_type",
		                      app_cell_str(rows, i, HM_PAYMENT));
		cJSON_AddItemToObject(o, "praise_count",
		                      app_cell_int(rows, i, HM_PRAISE));
		cJSON_AddItemToObject(o, "status",
		                      app_cell_int(rows, i, HM_STATUS));
		cJSON_AddItemToObject(o, "create_date",
		                      app_cell_str(rows, i, HM_DATE));
		cJSON_AddItemToObject(o, "create_time_duration",
		                      app_cell_int(rows, i, HM_DURATION));
		/* Why an administrator pulled it off (issue 13, 1), null
		 * otherwise. */
		cJSON_AddItemToObject(o, "pulloff_reason",
		                      app_cell_str(rows, i, HM_PULLOFF_REASON));
		slots[i].id = db_int(rows, i, HM_ID, 0);
		slots[i].photos = cJSON_AddArrayToObject(o, "house_photo");
		slots[i].videos = cJSON_AddArrayToObject(o, "house_video");
		cJSON_AddItemToArray(list, o);
	}
	qsort(slots, rows->nrows, sizeof(*slots), cmp_slot);
	attach_media(photos, slots, rows->nrows, 0);
	attach_media(videos, slots, rows->nrows, 1);
	resp_ans(res, list);
	st = ST_OK;
out:
	db_res_free(rows);
	db_res_free(photos);
	db_res_free(videos);
	return st;
}
