/* The directory's catalogues (directory.md 6-8, 11): agents (经理人) and
 * the estates they serve, estates (楼盘) in a county, house types (户型)
 * and tags (标签).  Values come in checked by the surface; outcomes go out
 * as a status with rows whose columns are named below, never a message. */
#ifndef ZF_CATALOG_H
#define ZF_CATALOG_H

#include "app.h"

/* The caps of the shared catalogues. */
#define CATALOG_TYPES_MAX     100
#define CATALOG_TAGS_MAX      1000
#define CATALOG_AGENT_ESTATES 100

/* ---- agents ---- */

/* Columns of catalog_agents' and catalog_agent's rows: one row per linked
 * estate (by estate id), or one whose AG_ESTATE_* cells are NULL when the
 * agent has none; the rows of one agent are consecutive. */
enum {
	AG_ID,
	AG_NAME,
	AG_TEL,
	AG_SERVSTAR,
	AG_REALSTAR,
	AG_PROFSTAR,
	AG_CERTIFICATED,
	AG_ESTATE_ID,
	AG_ESTATE_NAME,
	AG_ESTATE_HOT
};

struct catalog_agent_filter {
	const char *name; /* a prefix of the name (taken literally), or NULL */
	int minstar;      /* service stars at least this */
	int cert;         /* certificated 0 or 1; -1 either */
};

/* The count of agents matching f and, when offset < *count (offset >= 0),
 * the page of at most limit of them by service stars descending, then id,
 * in *rows (NULL when no page was read; the caller frees it).  ST_OK,
 * ST_DB. */
enum status catalog_agents(struct arena *, const struct catalog_agent_filter *f,
                           long long offset, long long limit, long long *count,
                           struct db_res **rows);

/* Agent id into *rows.  ST_OK, ST_NOT_FOUND, ST_DB. */
enum status catalog_agent(long long id, struct db_res **rows);

/* An agent as written: -1 in a star or certificated means the default (0)
 * on create and the stored value on update; estates (nestates distinct
 * ids) replace the links when has_estates. */
struct catalog_agent_in {
	const char *name, *tel;
	int servstar, realstar, profstar, certificated;
	int has_estates;
	const long long *estates;
	size_t nestates;
};

/* Create an agent: ST_OK with *id; ST_PARAM with *bad the first estate id
 * that does not exist (nothing made); ST_DB. */
enum status catalog_agent_create(const struct catalog_agent_in *, long long *id,
                                 long long *bad);

/* Update agent id: ST_OK; ST_NOT_FOUND; ST_PARAM with *bad as above
 * (nothing changed); ST_DB. */
enum status catalog_agent_update(long long id, const struct catalog_agent_in *,
                                 long long *bad);

/* Delete agent id with its estate and account links; its listings keep no
 * agent.  ST_OK, ST_NOT_FOUND, ST_DB. */
enum status catalog_agent_delete(long long id);

/* ---- estates ---- */

/* Columns of catalog_estates' and catalog_estate's rows (the read form):
 * one row per linked agent (by agent id), or one whose ES_AGENT_* cells
 * are NULL; the rows of one estate are consecutive. */
enum {
	ES_ID,
	ES_DISTRICT,
	ES_DISTRICT_NAME,
	ES_NAME,
	ES_HOT,
	ES_INTRO,
	ES_AGENT_ID,
	ES_AGENT_NAME,
	ES_AGENT_TEL,
	ES_AGENT_SERVSTAR
};

/* Columns of the write form's row (catalog_estate_create, _update). */
enum { EW_ID, EW_DISTRICT, EW_NAME, EW_HOT, EW_INTRO };

struct catalog_estate_filter {
	const char *name; /* contained in the name (literally), or NULL */
	long long dist;   /* a region code the estate lies in; 0 any */
	long long minhot, maxhot; /* inclusive */
};

/* As catalog_agents, by hot descending, then id; ST_PARAM when f->dist is
 * no region. */
enum status catalog_estates(struct arena *,
                            const struct catalog_estate_filter *f,
                            long long offset, long long limit, long long *count,
                            struct db_res **rows);

/* Estate id into *rows.  ST_OK, ST_NOT_FOUND, ST_DB. */
enum status catalog_estate(long long id, struct db_res **rows);

/* An estate as written: hot -1 and intro NULL mean the default (0, "") on
 * create and the stored value on update. */
struct catalog_estate_in {
	const char *name;
	long long district; /* a county, or a city without counties */
	long long hot;
	const char *intro;
};

/* Create an estate: ST_OK with its write form in *row (the caller frees
 * it); ST_PARAM when district is no county nor a city without counties;
 * ST_EXISTS when its district has an estate of that name; ST_DB. */
enum status catalog_estate_create(struct arena *,
                                  const struct catalog_estate_in *,
                                  struct db_res **row);

/* Update estate id: as catalog_estate_create, and ST_NOT_FOUND. */
enum status catalog_estate_update(struct arena *, long long id,
                                  const struct catalog_estate_in *,
                                  struct db_res **row);

/* Delete estate id with its agent links; its listings keep no estate.
 * ST_OK, ST_NOT_FOUND, ST_DB. */
enum status catalog_estate_delete(long long id);

/* ---- house types and tags: rows of (id, name or content) ---- */

enum { CT_ID, CT_NAME };

/* Every house type by id.  ST_OK, ST_DB. */
enum status catalog_types(struct db_res **rows);

/* Type id.  ST_OK, ST_NOT_FOUND, ST_DB. */
enum status catalog_type(long long id, struct db_res **rows);

/* A new type named name: ST_OK with *id; ST_EXISTS when the name is
 * taken; ST_CONFLICT when the catalogue holds CATALOG_TYPES_MAX; ST_DB. */
enum status catalog_type_create(const char *name, long long *id);

/* Rename type id: ST_OK, ST_NOT_FOUND, ST_EXISTS, ST_DB. */
enum status catalog_type_update(long long id, const char *name);

/* Delete type id: ST_OK (listings that were deleted lose it);
 * ST_NOT_FOUND; ST_CONFLICT while a listing that is not deleted uses it;
 * ST_DB. */
enum status catalog_type_delete(long long id);

/* The count of tags and, as catalog_agents, the page of them by id. */
enum status catalog_tags(long long offset, long long limit, long long *count,
                         struct db_res **rows);

/* n distinct tags drawn uniformly at random (every tag, shuffled, when
 * there are fewer), in the order drawn, into *rows.  ST_OK, ST_INTERNAL
 * (no randomness), ST_DB. */
enum status catalog_tags_random(size_t n, struct db_res **rows);

/* Tag id.  ST_OK, ST_NOT_FOUND, ST_DB. */
enum status catalog_tag(long long id, struct db_res **rows);

/* A new tag: as catalog_type_create, capped at CATALOG_TAGS_MAX. */
enum status catalog_tag_create(const char *content, long long *id);

/* Delete tag id with its listing links.  ST_OK, ST_NOT_FOUND, ST_DB. */
enum status catalog_tag_delete(long long id);

#endif
