/* Listings (qsz.md 4): creation, the status machine, attribute updates and
 * the owner's list.  Status: 0 draft, 1 released, 2 pulled off, 3 deleted
 * (soft; a deleted listing is "not found" to everyone). */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "buf.h"
#include "qsz/handlers.h"
#include "log.h"
#include "regions.h"
#include "schema.h"
#include "vlist.h"

enum { HS_DRAFT, HS_RELEASED, HS_PULLED_OFF, HS_DELETED };

/* ---- the listing's parameters ---------------------------------------- */

/* The order is the column order of Q_HOUSE_INSERT; the names are the
 * document's and the columns'.  release_time and submission_time are the
 * server's: not parameters, ignored when sent. */
enum {
	H_PROVINCE_CODE,
	H_PROVINCE_NAME,
	H_CITY_CODE,
	H_CITY_NAME,
	H_COUNTY_CODE,
	H_COUNTY_NAME,
	H_DISTRICT_CODE,
	H_DISTRICT_NAME,
	H_SUBDISTRICT_CODE,
	H_SUBWAY_STATION_CODE,
	H_HOUSE_NUMBER,
	H_LONGITUDE,
	H_LATITUDE,
	H_RENT_TIME_TYPE,
	H_RENT_ROOM_TYPE,
	H_HOUSE_SIZE,
	H_HOUSE_TYPE,
	H_HOUSE_FLOOR,
	H_HOUSE_DIRECTION,
	H_HOUSE_DECORATION,
	H_HOUSE_MAX_LIVEIN,
	H_HOUSE_RENT,
	H_PAYMENT_TYPE,
	H_PROPERTY_MANAGEMENT_FEE,
	H_HEATING_CHARGE,
	H_DESCRIPTION_TITLE,
	H_DESCRIPTION,
	H_TRAFFIC_CONDITION,
	H_AROUND_CONDITION,
	H_FACILITY,
	H_HOUSE_ROOMS,
	H_HOUSE_CHARACTERISTIC,
	H_HOUSE_SOURCE,
	H_ALL_FLOOR,
	H_EARLIEST_CHECKIN_TIME,
	H_EXTRA_FEE,
	H__MAX
};

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
        [H_PROVINCE_CODE] =
                PARAM_INT("province_code", PF_EMPTY, 100000, 999999),
        [H_PROVINCE_NAME] = PARAM_TEXT("province_name", PF_EMPTY, 1, 64, NULL),
        [H_CITY_CODE] = PARAM_INT("city_code", PF_EMPTY, 100000, 999999),
        [H_CITY_NAME] = PARAM_TEXT("city_name", PF_EMPTY, 1, 64, NULL),
        [H_COUNTY_CODE] = PARAM_INT("county_code", PF_EMPTY, 100000, 999999),
        [H_COUNTY_NAME] = PARAM_TEXT("county_name", PF_EMPTY, 1, 64, NULL),
        [H_DISTRICT_CODE] =
                PARAM_INT("district_code", PF_EMPTY, 1, EXT_CODE_MAX),
        [H_DISTRICT_NAME] = PARAM_TEXT("district_name", PF_EMPTY, 1, 60, NULL),
        [H_SUBDISTRICT_CODE] =
                PARAM_INT("subdistrict_code", PF_EMPTY, 1, EXT_CODE_MAX),
        [H_SUBWAY_STATION_CODE] =
                PARAM_INT("subway_station_code", PF_EMPTY, 1, EXT_CODE_MAX),
        [H_HOUSE_NUMBER] = PARAM_INT("house_number", PF_EMPTY, 0, 99999),
        /* Degrees; both or neither. */
        [H_LONGITUDE] = PARAM_NUM("longitude", PF_EMPTY, -180.0, 180.0),
        [H_LATITUDE] = PARAM_NUM("latitude", PF_EMPTY, -90.0, 90.0),
        /* 1 short, 2 long. */
        [H_RENT_TIME_TYPE] = PARAM_INT("rent_time_type", PF_EMPTY, 1, 2),
        /* 1 whole, 2 a room. */
        [H_RENT_ROOM_TYPE] = PARAM_INT("rent_room_type", PF_EMPTY, 1, 2),
        /* Whole square metres. */
        [H_HOUSE_SIZE] = PARAM_INT("house_size", PF_EMPTY, 1, 10000),
        /* Layout, e.g. 2室1厅1卫. */
        [H_HOUSE_TYPE] = PARAM_TEXT("house_type", PF_EMPTY, 1, 20, NULL),
        /* Floor, e.g. 5 or 中层. */
        [H_HOUSE_FLOOR] = PARAM_TEXT("house_floor", PF_EMPTY, 1, 20, NULL),
        /* Orientation, e.g. 南 or 南北. */
        [H_HOUSE_DIRECTION] =
                PARAM_TEXT("house_direction", PF_EMPTY, 1, 10, NULL),
        /* Decoration, e.g. 精装. */
        [H_HOUSE_DECORATION] =
                PARAM_TEXT("house_decoration", PF_EMPTY, 1, 10, NULL),
        [H_HOUSE_MAX_LIVEIN] = PARAM_INT("house_max_livein", PF_EMPTY, 1, 50),
        /* Whole yuan a month. */
        [H_HOUSE_RENT] = PARAM_INT("house_rent", PF_EMPTY, 0, 1000000),
        /* Deposit|months paid at once. */
        [H_PAYMENT_TYPE] =
                PARAM_CHOICE("payment_type", PF_EMPTY, payment_types),
        /* 1 landlord, 2 tenant, 3 to be agreed. */
        [H_PROPERTY_MANAGEMENT_FEE] =
                PARAM_INT("property_management_fee", PF_EMPTY, 1, 3),
        [H_HEATING_CHARGE] = PARAM_INT("heating_charge", PF_EMPTY, 1, 3),
        [H_DESCRIPTION_TITLE] =
                PARAM_TEXT("description_title", PF_EMPTY, 1, 60, NULL),
        [H_DESCRIPTION] = PARAM_TEXT("description", PF_EMPTY, 1, 2000, NULL),
        [H_TRAFFIC_CONDITION] =
                PARAM_TEXT("traffic_condition", PF_EMPTY, 1, 500, NULL),
        [H_AROUND_CONDITION] =
                PARAM_TEXT("around_condition", PF_EMPTY, 1, 500, NULL),
        /* A |-list of distinct 1-12. */
        [H_FACILITY] = PARAM_TEXT("facility", PF_EMPTY, 1, 30, check_facility),
        /* Bedrooms. */
        [H_HOUSE_ROOMS] = PARAM_INT("house_rooms", PF_EMPTY, 0, 50),
        /* A |-list of up to 10 distinct tags of 1-20 characters. */
        [H_HOUSE_CHARACTERISTIC] = PARAM_TEXT("house_characteristic", PF_EMPTY,
                                              1, 200, check_tags),
        /* 1 landlord, 2 sub-landlord, 3 a tenant subletting. */
        [H_HOUSE_SOURCE] = PARAM_INT("house_source", PF_EMPTY, 1, 3),
        [H_ALL_FLOOR] = PARAM_INT("all_floor", PF_EMPTY, 1, 200),
        /* YYYY-MM-DD. */
        [H_EARLIEST_CHECKIN_TIME] =
                PARAM_OF("earliest_checkin_time", PT_DATE, PF_EMPTY),
        /* A |-list of distinct 1-8. */
        [H_EXTRA_FEE] =
                PARAM_TEXT("extra_fee", PF_EMPTY, 1, 20, check_extra_fee),
        [H__MAX] = PARAM_END,
};

/* The region parameters by level (regions.h). */
static const int code_param[4] = {-1, H_PROVINCE_CODE, H_CITY_CODE,
                                  H_COUNTY_CODE};
static const int name_param[4] = {-1, H_PROVINCE_NAME, H_CITY_NAME,
                                  H_COUNTY_NAME};
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

/* The statement setting each plain attribute (schema.h). */
static const int set_stmt[H__MAX] = {
#define X(up, col) [H_##up] = Q_HOUSE_SET_##up,
        HOUSE_PLAIN_ATTRS(X)
#undef X
};

/* Rewrite the integer lists of v (indexed by H_*) in their stored form:
 * ascending.  They were checked already. */
static void
canonical_lists(struct arena *a, struct pval *v)
{
	static const int lists[2] = {H_FACILITY, H_EXTRA_FEE};
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
	struct db_val a[H__MAX + 4];
	struct region_chain c;
	uint64_t id = 0;
	int i, lv, is_name, rc;
	size_t n = 0;
	enum status st;
	cJSON *ans;

	if (p[H_LONGITUDE].set != p[H_LATITUDE].set)
		return resp_fail(res, ST_PARAM, "%s: required with %s",
		                 p[H_LONGITUDE].set ? "latitude" : "longitude",
		                 p[H_LONGITUDE].set ? "longitude" : "latitude");
	if ((st = resolve_regions(r, res, &c)) != ST_OK)
		return st;
	canonical_lists(r->a, p);
	a[n++] = DB_INT(r->uid);
	for (i = 0; i < H__MAX; i++) {
		lv = region_level(i, &is_name);
		if (lv == 0)
			a[n++] =
			        value_of(&p[i], h_houses_create_params[i].type);
		else if (lv > c.level)
			a[n++] = DB_NULLV;
		else
			a[n++] = is_name ? DB_STR(c.name[lv])
			                 : DB_INT(c.code[lv]);
	}
	a[n++] = value_of(&p[H_LONGITUDE], PT_NUM);
	a[n++] = value_of(&p[H_LATITUDE], PT_NUM);
	a[n++] = DB_INT(r->uid); /* owner_type */
	rc = db_exec(app.db, Q_HOUSE_INSERT, a, n, NULL, NULL, &id);
	if (rc != DB_OK)
		return app_db_status(rc, "house insert");
	ans = cJSON_CreateObject();
	cJSON_AddNumberToObject(ans, "house_id", (double)id);
	resp_ans(res, ans);
	log_info("house %llu created by user %lld", (unsigned long long)id,
	         r->uid);
	return ST_OK;
}

/* ---- the caller's listing, locked -------------------------------------- */

/* Columns of Q_HOUSE_LOCK. */
enum {
	K_USER,
	K_STATUS,
	K_HAS_LOCATION,
	K_HAS_RENT,
	K_HAS_SIZE,
	K_HAS_TITLE,
	K_PROVINCE_CODE /* then name, city code, name, county code, name */
};

/* The row is Q_HOUSE_LOCK's (app.h). */
enum status
houses_lock(struct req *r, struct resp *res, long long id, struct db_res **row)
{
	struct db_val arg = DB_INT(id);
	enum status st;
	int rc;

	*row = NULL;
	if ((rc = db_begin(app.db)) != DB_OK ||
	    (rc = db_exec(app.db, Q_HOUSE_LOCK, &arg, 1, row, NULL, NULL)) !=
	            DB_OK) {
		st = app_db_status(rc, "house lock");
		goto fail;
	}
	if ((*row)->nrows != 1 ||
	    db_int(*row, 0, K_STATUS, HS_DELETED) == HS_DELETED) {
		st = resp_fail(res, ST_NOT_FOUND, "house %lld not found", id);
		goto fail;
	}
	if (db_int(*row, 0, K_USER, 0) != r->uid) {
		st = resp_fail(res, ST_FORBIDDEN, "not the owner of house %lld",
		               id);
		goto fail;
	}
	return ST_OK;
fail:
	db_rollback(app.db);
	db_res_free(*row);
	*row = NULL;
	return st;
}

/* Commit after a successful change; roll back otherwise. */
static enum status
house_done(enum status st, struct db_res *row, const char *what)
{
	int rc;

	if (st == ST_OK && (rc = db_commit(app.db)) != DB_OK)
		st = app_db_status(rc, what);
	if (st != ST_OK)
		db_rollback(app.db);
	db_res_free(row);
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
		int col;
		const char *what;
	} needed[] = {
	        {K_HAS_LOCATION, "longitude and latitude"},
	        {K_HAS_RENT, "house_rent"},
	        {K_HAS_SIZE, "house_size"},
	        {K_HAS_TITLE, "description_title"},
	};
	long long id = r->p[S_HOUSE_ID].i;
	struct db_res *row = NULL;
	struct db_val a[2];
	struct buf missing = {0};
	long long now;
	size_t i;
	enum status st;
	int rc;

	if ((st = houses_lock(r, res, id, &row)) != ST_OK)
		return st;
	now = db_int(row, 0, K_STATUS, 0);
	if (now < HS_DRAFT || now > HS_DELETED || !(t->from & (1u << now))) {
		st = resp_fail(res, ST_CONFLICT, "house %lld is %s; %s", id,
		               now >= HS_DRAFT && now <= HS_DELETED
		                       ? status_word[now]
		                       : "in an unknown state",
		               t->rule);
		return house_done(st, row, "house status");
	}
	if (t->to == HS_RELEASED) {
		for (i = 0; i < sizeof(needed) / sizeof(needed[0]); i++)
			if (!db_int(row, 0, (size_t)needed[i].col, 0))
				buf_addf(&missing, "%s%s",
				         missing.len ? ", " : "",
				         needed[i].what);
		if (missing.len > 0) {
			st = resp_fail(res, ST_PARAM,
			               "house_id: house %lld lacks %s; set "
			               "them before releasing it",
			               id, missing.p);
			buf_free(&missing);
			return house_done(st, row, "house status");
		}
		a[0] = DB_INT(id);
		rc = db_exec(app.db, Q_HOUSE_RELEASE, a, 1, NULL, NULL, NULL);
	} else {
		a[0] = DB_INT(t->to);
		a[1] = DB_INT(id);
		rc = db_exec(app.db, Q_HOUSE_SET_STATUS, a, 2, NULL, NULL,
		             NULL);
	}
	st = rc == DB_OK ? ST_OK : app_db_status(rc, "house status");
	st = house_done(st, row, "house status");
	if (st == ST_OK)
		log_info("house %lld: %s -> %s by user %lld", id,
		         status_word[now], status_word[t->to], r->uid);
	return st;
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

/* The region triple after setting the code of level lv to the region c
 * (its chain): the levels above come from c; the stored ones below stay
 * when they lie inside it (the stored codes form a chain, so they do when
 * the stored code of level lv is the new one) and are cleared otherwise.
 * Returns the arguments of Q_HOUSE_SET_REGION. */
static void
region_args(const struct db_res *row, int lv, const struct region_chain *c,
            long long id, struct db_val a[7])
{
	int keep = db_int(row, 0, K_PROVINCE_CODE + 2 * (size_t)(lv - 1), 0) ==
	           c->code[lv];
	int l;

	for (l = REGION_PROVINCE; l <= REGION_COUNTY; l++) {
		size_t col = K_PROVINCE_CODE + 2 * (size_t)(l - 1);

		if (l <= lv) {
			a[2 * (l - 1)] = DB_INT(c->code[l]);
			a[2 * (l - 1) + 1] = DB_STR(c->name[l]);
		} else if (keep) {
			a[2 * (l - 1)] = *db_cell(row, 0, col);
			a[2 * (l - 1) + 1] = *db_cell(row, 0, col + 1);
		} else {
			a[2 * (l - 1)] = DB_NULLV;
			a[2 * (l - 1) + 1] = DB_NULLV;
		}
	}
	a[6] = DB_INT(id);
}

enum status
h_houses_update(struct req *r, struct resp *res)
{
	struct pval v[H__MAX];
	struct region_chain c;
	struct db_res *row = NULL;
	struct db_val a[7];
	long long id = r->p[U_HOUSE_ID].i;
	int k, lv, is_name = 0, rc = DB_OK;
	enum status st;

	for (k = 0; k < H__MAX; k++)
		if (strcmp(h_houses_create_params[k].name,
		           r->p[U_ATTR_NAME].s) == 0)
			break;
	if (k == H__MAX)
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

	if ((st = houses_lock(r, res, id, &row)) != ST_OK)
		return st;
	if (lv != 0 && is_name) {
		/* Names follow codes: a name is accepted only as the stored
		 * code's, and changes nothing. */
		size_t col = K_PROVINCE_CODE + 2 * (size_t)(lv - 1);
		const char *stored = db_str(row, 0, col + 1);

		if (db_cell(row, 0, col)->t == DBT_NULL)
			st = resp_fail(res, ST_PARAM,
			               "%s_name: set %s_code instead (the "
			               "name is filled from the code)",
			               level_word[lv], level_word[lv]);
		else if (stored == NULL || strcmp(stored, v[k].s) != 0)
			st = resp_fail(res, ST_PARAM,
			               "%s_name: does not match %s_code %lld "
			               "(%s)",
			               level_word[lv], level_word[lv],
			               db_int(row, 0, col, 0),
			               stored ? stored : "");
		return house_done(st, row, "house update");
	}
	if (lv != 0) {
		region_args(row, lv, &c, id, a);
		rc = db_exec(app.db, Q_HOUSE_SET_REGION, a, 7, NULL, NULL,
		             NULL);
	} else {
		unsigned q = k == H_LONGITUDE  ? Q_HOUSE_SET_LONGITUDE
		             : k == H_LATITUDE ? Q_HOUSE_SET_LATITUDE
		                               : (unsigned)set_stmt[k];

		if (q == 0) { /* a parameter missing from HOUSE_PLAIN_ATTRS */
			log_err("update_house_info: no statement for %s",
			        h_houses_create_params[k].name);
			return house_done(ST_INTERNAL, row, "house update");
		}
		a[0] = value_of(&v[k], h_houses_create_params[k].type);
		a[1] = DB_INT(id);
		rc = db_exec(app.db, q, a, 2, NULL, NULL, NULL);
	}
	st = rc == DB_OK ? ST_OK : app_db_status(rc, "house update");
	return house_done(st, row, "house update");
}

/* ---- /my_house_list -------------------------------------------------- */

const struct pspec h_houses_mine_params[] = {PARAM_END};

/* Columns of Q_HOUSE_LIST_MINE. */
enum {
	M_ID,
	M_SIZE,
	M_TYPE,
	M_RENT,
	M_PAYMENT,
	M_PRAISE,
	M_STATUS,
	M_DATE,
	M_DURATION
};

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

static cJSON *
int_or_null(const struct db_res *rows, size_t i, size_t col)
{
	if (db_cell(rows, i, col)->t == DBT_NULL)
		return cJSON_CreateNull();
	return cJSON_CreateNumber((double)db_int(rows, i, col, 0));
}

static cJSON *
str_or_null(const struct db_res *rows, size_t i, size_t col)
{
	const char *s = db_str(rows, i, col);

	return s ? cJSON_CreateString(s) : cJSON_CreateNull();
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
	struct db_val arg = DB_INT(r->uid);
	struct db_res *rows = NULL, *photos = NULL, *videos = NULL;
	struct slot *slots = NULL;
	cJSON *list = NULL, *o;
	enum status st = ST_INTERNAL;
	size_t i;
	int rc;

	if ((rc = db_exec(app.db, Q_HOUSE_LIST_MINE, &arg, 1, &rows, NULL,
	                  NULL)) != DB_OK ||
	    (rc = db_exec(app.db, Q_HOUSE_PHOTOS_MINE, &arg, 1, &photos, NULL,
	                  NULL)) != DB_OK ||
	    (rc = db_exec(app.db, Q_HOUSE_VIDEOS_MINE, &arg, 1, &videos, NULL,
	                  NULL)) != DB_OK) {
		st = app_db_status(rc, "house list");
		goto out;
	}
	list = cJSON_CreateArray();
	slots = arena_alloc(r->a, (rows->nrows + 1) * sizeof(*slots));
	for (i = 0; i < rows->nrows; i++) {
		o = cJSON_CreateObject();
		cJSON_AddItemToObject(o, "id", int_or_null(rows, i, M_ID));
		cJSON_AddNumberToObject(o, "user_id", (double)r->uid);
		cJSON_AddItemToObject(o, "house_size",
		                      int_or_null(rows, i, M_SIZE));
		cJSON_AddItemToObject(o, "house_type",
		                      str_or_null(rows, i, M_TYPE));
		cJSON_AddItemToObject(o, "house_rent",
		                      int_or_null(rows, i, M_RENT));
		cJSON_AddItemToObject(o, "payment_type",
		                      str_or_null(rows, i, M_PAYMENT));
		cJSON_AddItemToObject(o, "praise_count",
		                      int_or_null(rows, i, M_PRAISE));
		cJSON_AddItemToObject(o, "status",
		                      int_or_null(rows, i, M_STATUS));
		cJSON_AddItemToObject(o, "create_date",
		                      str_or_null(rows, i, M_DATE));
		cJSON_AddItemToObject(o, "create_time_duration",
		                      int_or_null(rows, i, M_DURATION));
		slots[i].id = db_int(rows, i, M_ID, 0);
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
