/* The directory's catalogues (directory.md 6-8, 11): agents, estates,
 * house types and tags.  Names are unique by the tables' unique keys, so
 * two creates of one name at once end in one row and one ST_EXISTS; the
 * caps on types and tags hold because creates lock the whole (small)
 * catalogue before they count it. */
#include <string.h>

#include "catalog.h"
#include "crypto.h"
#include "log.h"
#include "regions.h"
#include "schema.h"

/* A LIKE pattern with '!' as its escape matching s literally: as a prefix,
 * or anywhere when contained; "%" (everything) for NULL. */
static char *
like_pattern(struct arena *a, const char *s, int contained)
{
	size_t n = s != NULL ? strlen(s) : 0, i, k = 0;
	char *p = arena_alloc(a, 2 * n + 3);

	if (contained || s == NULL)
		p[k++] = '%';
	for (i = 0; i < n; i++) {
		if (s[i] == '!' || s[i] == '%' || s[i] == '_')
			p[k++] = '!';
		p[k++] = s[i];
	}
	if (s != NULL)
		p[k++] = '%';
	p[k] = '\0';
	return p;
}

/* Count with qcount, then read the page with qpage (the same arguments,
 * then limit and offset) when offset lies before the count. */
static enum status
page_of(unsigned qcount, unsigned qpage, struct db_val *args, size_t nargs,
        long long offset, long long limit, long long *count,
        struct db_res **rows, const char *what)
{
	struct db_res *c = NULL;
	int rc;

	*rows = NULL;
	rc = db_exec(app.db, qcount, args, nargs, &c, NULL, NULL);
	if (rc != DB_OK)
		return app_db_status(rc, what);
	*count = db_int(c, 0, 0, 0);
	db_res_free(c);
	if (offset < 0 || offset >= *count)
		return ST_OK;
	args[nargs] = DB_INT(limit);
	args[nargs + 1] = DB_INT(offset);
	rc = db_exec(app.db, qpage, args, nargs + 2, rows, NULL, NULL);
	return rc == DB_OK ? ST_OK : app_db_status(rc, what);
}

/* Rows of one object by id through q: ST_OK, ST_NOT_FOUND, ST_DB. */
static enum status
get_one(unsigned q, long long id, struct db_res **rows, const char *what)
{
	struct db_val arg = DB_INT(id);
	int rc = db_exec(app.db, q, &arg, 1, rows, NULL, NULL);

	if (rc != DB_OK) {
		*rows = NULL;
		return app_db_status(rc, what);
	}
	if ((*rows)->nrows == 0) {
		db_res_free(*rows);
		*rows = NULL;
		return ST_NOT_FOUND;
	}
	return ST_OK;
}

/* Lock row id through q inside the open transaction: DB_OK with *found. */
static int
lock_row(unsigned q, long long id, int *found)
{
	struct db_val arg = DB_INT(id);
	struct db_res *r = NULL;
	int rc = db_exec(app.db, q, &arg, 1, &r, NULL, NULL);

	*found = rc == DB_OK && r->nrows == 1;
	db_res_free(r);
	return rc;
}

/* Delete row id through q (cascades do the rest): ST_OK, ST_NOT_FOUND. */
static enum status
delete_one(unsigned q, long long id, const char *what)
{
	struct db_val arg = DB_INT(id);
	uint64_t n = 0;
	int rc = db_exec(app.db, q, &arg, 1, NULL, &n, NULL);

	if (rc != DB_OK)
		return app_db_status(rc, what);
	if (n == 0)
		return ST_NOT_FOUND;
	log_info("%s %lld deleted", what, id);
	return ST_OK;
}

/* ---- agents ---- */

static struct db_val
star(int v)
{
	return v < 0 ? DB_NULLV : DB_INT(v);
}

enum status
catalog_agents(struct arena *a, const struct catalog_agent_filter *f,
               long long offset, long long limit, long long *count,
               struct db_res **rows)
{
	struct db_val args[6];

	args[0] = DB_STR(like_pattern(a, f->name, 0));
	args[1] = DB_INT(f->minstar);
	args[2] = DB_INT(f->cert < 0 ? 0 : f->cert);
	args[3] = DB_INT(f->cert < 0 ? 1 : f->cert);
	return page_of(Q_AGENT_COUNT, Q_AGENT_PAGE, args, 4, offset, limit,
	               count, rows, "agents");
}

enum status
catalog_agent(long long id, struct db_res **rows)
{
	return get_one(Q_AGENT_GET, id, rows, "agent");
}

/* Replace agent id's estate links by in's: DB_OK, DB_OK with *bad set to
 * an estate that does not exist, or a failure. */
static int
agent_link(long long id, const struct catalog_agent_in *in, long long *bad)
{
	struct db_val args[2];
	uint64_t n;
	size_t i;
	int rc;

	args[0] = DB_INT(id);
	if ((rc = db_exec(app.db, Q_AGENT_UNLINK_ALL, args, 1, NULL, NULL,
	                  NULL)) != DB_OK)
		return rc;
	for (i = 0; i < in->nestates; i++) {
		args[1] = DB_INT(in->estates[i]);
		n = 0;
		rc = db_exec(app.db, Q_AGENT_LINK, args, 2, NULL, &n, NULL);
		if (rc != DB_OK)
			return rc;
		if (n == 0) {
			*bad = in->estates[i];
			return DB_OK;
		}
	}
	return DB_OK;
}

/* Create (id 0) or update agent id: one transaction, run again after a
 * deadlock. */
static enum status
agent_write(long long *id, const struct catalog_agent_in *in, long long *bad)
{
	struct db_val v[7];
	uint64_t newid = 0;
	int rc = DB_OK, tries, found = 1;
	int create = *id == 0;

	*bad = 0;
	for (tries = 0; tries < DB_TX_TRIES; tries++) {
		if ((rc = db_begin(app.db)) != DB_OK)
			break;
		v[0] = DB_STR(in->name);
		v[1] = DB_STR(in->tel);
		if (create) {
			v[2] = DB_INT(in->servstar < 0 ? 0 : in->servstar);
			v[3] = DB_INT(in->realstar < 0 ? 0 : in->realstar);
			v[4] = DB_INT(in->profstar < 0 ? 0 : in->profstar);
			v[5] = DB_INT(in->certificated < 0 ? 0
			                                   : in->certificated);
			rc = db_exec(app.db, Q_AGENT_INSERT, v, 6, NULL, NULL,
			             &newid);
			*id = (long long)newid;
		} else {
			v[2] = star(in->servstar);
			v[3] = star(in->realstar);
			v[4] = star(in->profstar);
			v[5] = star(in->certificated);
			v[6] = DB_INT(*id);
			rc = lock_row(Q_AGENT_LOCK, *id, &found);
			if (rc == DB_OK && found)
				rc = db_exec(app.db, Q_AGENT_UPDATE, v, 7, NULL,
				             NULL, NULL);
		}
		if (rc == DB_OK && found && (create || in->has_estates))
			rc = agent_link(*id, in, bad);
		if (rc == DB_OK && found && *bad == 0 &&
		    (rc = db_commit(app.db)) == DB_OK) {
			log_info("agent %lld %s", *id,
			         create ? "created" : "updated");
			return ST_OK;
		}
		db_rollback(app.db);
		if (create)
			*id = 0;
		if (rc == DB_OK)
			return !found ? ST_NOT_FOUND : ST_PARAM;
		if (!db_tx_again(app.db, rc, tries))
			break;
	}
	return app_db_status(rc, "agent write");
}

enum status
catalog_agent_create(const struct catalog_agent_in *in, long long *id,
                     long long *bad)
{
	*id = 0;
	return agent_write(id, in, bad);
}

enum status
catalog_agent_update(long long id, const struct catalog_agent_in *in,
                     long long *bad)
{
	return agent_write(&id, in, bad);
}

enum status
catalog_agent_delete(long long id)
{
	return delete_one(Q_AGENT_DELETE, id, "agent");
}

/* ---- estates ---- */

enum status
catalog_estates(struct arena *a, const struct catalog_estate_filter *f,
                long long offset, long long limit, long long *count,
                struct db_res **rows)
{
	struct region_chain c;
	struct db_val args[9];
	enum status st;

	*rows = NULL;
	if (f->dist != 0) {
		if ((st = regions_chain(a, f->dist, &c)) != ST_OK)
			return st;
		if (c.level == 0)
			return ST_PARAM;
	}
	args[0] = DB_STR(like_pattern(a, f->name, 1));
	args[1] = args[2] = args[3] = args[4] = DB_INT(f->dist);
	args[5] = DB_INT(f->minhot);
	args[6] = DB_INT(f->maxhot);
	return page_of(Q_ESTATE_COUNT, Q_ESTATE_PAGE, args, 7, offset, limit,
	               count, rows, "estates");
}

enum status
catalog_estate(long long id, struct db_res **rows)
{
	return get_one(Q_ESTATE_GET, id, rows, "estate");
}

/* The chain of a district an estate may lie in (a county, or a city
 * without counties) into *c: ST_OK, ST_PARAM for any other code, ST_DB. */
static enum status
estate_district(struct arena *a, long long code, struct region_chain *c)
{
	struct db_res *kids = NULL;
	enum status st = regions_chain(a, code, c);
	int leaf;

	if (st != ST_OK)
		return st;
	if (c->level == REGION_COUNTY)
		return ST_OK;
	if (c->level != REGION_CITY)
		return ST_PARAM;
	/* One row of NULLs: the city has no counties. */
	if ((st = regions_children(code, &kids)) != ST_OK)
		return st == ST_NOT_FOUND ? ST_PARAM : st;
	leaf = kids->nrows == 1 &&
	       db_cell(kids, 0, REGION_COL_CODE)->t == DBT_NULL;
	db_res_free(kids);
	if (!leaf)
		return ST_PARAM;
	c->code[REGION_COUNTY] = code;
	return ST_OK;
}

/* Create (*id 0) or update estate *id, then read its write form. */
static enum status
estate_write(struct arena *a, long long *id, const struct catalog_estate_in *in,
             struct db_res **row)
{
	struct region_chain c;
	struct db_val v[7];
	uint64_t newid = 0;
	enum status st;
	int rc = DB_OK, tries, found = 1, create = *id == 0;

	*row = NULL;
	if ((st = estate_district(a, in->district, &c)) != ST_OK)
		return st;
	v[0] = DB_INT(c.code[REGION_COUNTY]);
	v[1] = DB_INT(c.code[REGION_CITY]);
	v[2] = DB_INT(c.code[REGION_PROVINCE]);
	v[3] = DB_STR(in->name);
	for (tries = 0; tries < DB_TX_TRIES; tries++) {
		if ((rc = db_begin(app.db)) != DB_OK)
			break;
		if (create) {
			v[4] = DB_INT(in->hot < 0 ? 0 : in->hot);
			v[5] = DB_STR(in->intro != NULL ? in->intro : "");
			rc = db_exec(app.db, Q_ESTATE_INSERT, v, 6, NULL, NULL,
			             &newid);
			*id = (long long)newid;
		} else {
			v[4] = in->hot < 0 ? DB_NULLV : DB_INT(in->hot);
			v[5] = DB_STR(in->intro);
			v[6] = DB_INT(*id);
			rc = lock_row(Q_ESTATE_LOCK, *id, &found);
			if (rc == DB_OK && found)
				rc = db_exec(app.db, Q_ESTATE_UPDATE, v, 7,
				             NULL, NULL, NULL);
		}
		if (rc == DB_OK && found) {
			struct db_val arg = DB_INT(*id);

			rc = db_exec(app.db, Q_ESTATE_ROW, &arg, 1, row, NULL,
			             NULL);
		}
		if (rc == DB_OK && found && (rc = db_commit(app.db)) == DB_OK) {
			log_info("estate %lld %s", *id,
			         create ? "created" : "updated");
			return ST_OK;
		}
		db_rollback(app.db);
		db_res_free(*row);
		*row = NULL;
		if (create)
			*id = 0;
		if (rc == DB_OK)
			return ST_NOT_FOUND;
		if (rc == DB_DUP)
			return ST_EXISTS;
		if (!db_tx_again(app.db, rc, tries))
			break;
	}
	return app_db_status(rc, "estate write");
}

enum status
catalog_estate_create(struct arena *a, const struct catalog_estate_in *in,
                      struct db_res **row)
{
	long long id = 0;

	return estate_write(a, &id, in, row);
}

enum status
catalog_estate_update(struct arena *a, long long id,
                      const struct catalog_estate_in *in, struct db_res **row)
{
	return estate_write(a, &id, in, row);
}

enum status
catalog_estate_delete(long long id)
{
	return delete_one(Q_ESTATE_DELETE, id, "estate");
}

/* ---- house types and tags ---- */

/* A new row of a capped catalogue: lock it all, count, insert. */
static enum status
capped_create(unsigned qlock, unsigned qinsert, long long cap,
              const char *value, long long *id, const char *what)
{
	struct db_val arg = DB_STR(value);
	struct db_val table = DB_STR(qlock == Q_TAG_LOCK_ALL ? "tags"
	                                                     : "house_types");
	struct db_res *c = NULL;
	uint64_t newid = 0;
	long long n;
	int rc = DB_OK, tries;

	*id = 0;
	for (tries = 0; tries < DB_TX_TRIES; tries++) {
		if ((rc = db_begin(app.db)) != DB_OK)
			break;
		/* Creates take turns on the catalogue's lock row, then count
		 * what is committed. */
		rc = db_exec(app.db, Q_CATALOG_LOCK, &table, 1, &c, NULL,
		             NULL);
		db_res_free(c);
		c = NULL;
		if (rc == DB_OK)
			rc = db_exec(app.db, qlock, NULL, 0, &c, NULL, NULL);
		n = rc == DB_OK ? db_int(c, 0, 0, 0) : 0;
		db_res_free(c);
		c = NULL;
		if (rc == DB_OK && n >= cap) {
			db_rollback(app.db);
			return ST_CONFLICT;
		}
		if (rc == DB_OK)
			rc = db_exec(app.db, qinsert, &arg, 1, NULL, NULL,
			             &newid);
		if (rc == DB_OK && (rc = db_commit(app.db)) == DB_OK) {
			*id = (long long)newid;
			log_info("%s %lld created", what, *id);
			return ST_OK;
		}
		db_rollback(app.db);
		if (rc == DB_DUP)
			return ST_EXISTS;
		if (!db_tx_again(app.db, rc, tries))
			break;
	}
	return app_db_status(rc, what);
}

enum status
catalog_types(struct db_res **rows)
{
	int rc = db_exec(app.db, Q_TYPE_LIST, NULL, 0, rows, NULL, NULL);

	if (rc != DB_OK) {
		*rows = NULL;
		return app_db_status(rc, "house types");
	}
	return ST_OK;
}

enum status
catalog_type(long long id, struct db_res **rows)
{
	return get_one(Q_TYPE_GET, id, rows, "house type");
}

enum status
catalog_type_create(const char *name, long long *id)
{
	return capped_create(Q_TYPE_LOCK_ALL, Q_TYPE_INSERT, CATALOG_TYPES_MAX,
	                     name, id, "house type");
}

enum status
catalog_type_update(long long id, const char *name)
{
	struct db_val v[2] = {DB_STR(name), DB_INT(id)};
	int rc = DB_OK, tries, found = 0;

	for (tries = 0; tries < DB_TX_TRIES; tries++) {
		if ((rc = db_begin(app.db)) != DB_OK)
			break;
		rc = lock_row(Q_TYPE_LOCK, id, &found);
		if (rc == DB_OK && found)
			rc = db_exec(app.db, Q_TYPE_UPDATE, v, 2, NULL, NULL,
			             NULL);
		if (rc == DB_OK && found && (rc = db_commit(app.db)) == DB_OK) {
			log_info("house type %lld renamed", id);
			return ST_OK;
		}
		db_rollback(app.db);
		if (rc == DB_OK)
			return ST_NOT_FOUND;
		if (rc == DB_DUP)
			return ST_EXISTS;
		if (!db_tx_again(app.db, rc, tries))
			break;
	}
	return app_db_status(rc, "house type update");
}

enum status
catalog_type_delete(long long id)
{
	struct db_val arg = DB_INT(id);
	struct db_res *use = NULL;
	int rc = DB_OK, tries, found = 0, used;

	/* The type's row lock first: a listing given the type meanwhile
	 * waits for it (its foreign key check reads the row). */
	for (tries = 0; tries < DB_TX_TRIES; tries++) {
		if ((rc = db_begin(app.db)) != DB_OK)
			break;
		rc = lock_row(Q_TYPE_LOCK, id, &found);
		if (rc == DB_OK && found)
			rc = db_exec(app.db, Q_TYPE_IN_USE, &arg, 1, &use, NULL,
			             NULL);
		used = rc == DB_OK && found && use->nrows > 0;
		db_res_free(use);
		use = NULL;
		if (rc == DB_OK && found && !used)
			rc = db_exec(app.db, Q_TYPE_DELETE, &arg, 1, NULL, NULL,
			             NULL);
		if (rc == DB_OK && found && !used &&
		    (rc = db_commit(app.db)) == DB_OK) {
			log_info("house type %lld deleted", id);
			return ST_OK;
		}
		db_rollback(app.db);
		if (rc == DB_OK)
			return !found ? ST_NOT_FOUND : ST_CONFLICT;
		if (!db_tx_again(app.db, rc, tries))
			break;
	}
	return app_db_status(rc, "house type delete");
}

enum status
catalog_tags(long long offset, long long limit, long long *count,
             struct db_res **rows)
{
	struct db_val args[2];

	return page_of(Q_TAG_COUNT, Q_TAG_PAGE, args, 0, offset, limit, count,
	               rows, "tags");
}

/* A uniform random integer in [0, m) (m > 0) from the CSPRNG, by
 * rejection so no value is favoured: 0, or -1 without randomness. */
static int
uniform(uint64_t m, uint64_t *out)
{
	uint64_t x, limit = UINT64_MAX - UINT64_MAX % m;

	do {
		if (crypto_random(&x, sizeof(x)) != 0)
			return -1;
	} while (x >= limit);
	*out = x % m;
	return 0;
}

static void
swap_rows(struct db_res *r, size_t i, size_t j)
{
	struct db_val t;
	size_t k;

	for (k = 0; k < r->ncols; k++) {
		t = r->v[i * r->ncols + k];
		r->v[i * r->ncols + k] = r->v[j * r->ncols + k];
		r->v[j * r->ncols + k] = t;
	}
}

/* The catalogue is capped at CATALOG_TAGS_MAX rows of at most 20
 * characters, so reading it whole (unsorted) is a bounded cost, and a
 * partial Fisher-Yates shuffle of it with the CSPRNG draws every set of n
 * tags with the same chance -- unlike "the next id after a random one",
 * which favours the tags after gaps in the ids. */
enum status
catalog_tags_random(size_t n, struct db_res **rows)
{
	uint64_t j;
	size_t i, k;
	int rc = db_exec(app.db, Q_TAG_ALL, NULL, 0, rows, NULL, NULL);

	if (rc != DB_OK) {
		*rows = NULL;
		return app_db_status(rc, "random tags");
	}
	k = n < (*rows)->nrows ? n : (*rows)->nrows;
	for (i = 0; i < k; i++) {
		if (uniform((*rows)->nrows - i, &j) != 0) {
			log_err("random tags: no randomness");
			db_res_free(*rows);
			*rows = NULL;
			return ST_INTERNAL;
		}
		swap_rows(*rows, i, i + (size_t)j);
	}
	(*rows)->nrows = k;
	return ST_OK;
}

enum status
catalog_tag(long long id, struct db_res **rows)
{
	return get_one(Q_TAG_GET, id, rows, "tag");
}

enum status
catalog_tag_create(const char *content, long long *id)
{
	return capped_create(Q_TAG_LOCK_ALL, Q_TAG_INSERT, CATALOG_TAGS_MAX,
	                     content, id, "tag");
}

enum status
catalog_tag_delete(long long id)
{
	return delete_one(Q_TAG_DELETE, id, "tag");
}
