/* The GB/T 2260 regions (migration 0002): the lists behind the /regions
 * endpoint and the lookup that listings use to check and name their region
 * codes. */
#ifndef ZF_REGIONS_H
#define ZF_REGIONS_H

#include "db.h"
#include "req.h"
#include "resp.h"

/* Levels of the regions table. */
enum { REGION_PROVINCE = 1, REGION_CITY = 2, REGION_COUNTY = 3 };

/* A region and its parents, indexed by level. */
struct region_chain {
	int level;           /* the looked-up region's level; 0: unknown */
	long long code[4];   /* [1] province, [2] city, [3] county; 0 none */
	const char *name[4]; /* in the given arena; NULL none */
};

/* Columns of the regions_top, regions_hot and regions_children rows: code,
 * name, parent code (NULL for a province).  A row whose code is NULL
 * stands for no region: skip it. */
enum { REGION_COL_CODE, REGION_COL_NAME, REGION_COL_PARENT };

/* The provinces, the hot cities, or the children of parent, into *rows
 * (the caller frees them).  ST_OK; ST_NOT_FOUND (regions_children) when
 * there is no region parent; ST_DB. */
enum status regions_top(struct db_res **rows);
enum status regions_hot(struct db_res **rows);
enum status regions_children(long long parent, struct db_res **rows);

/* Columns of regions_detail's rows. */
enum { REGION_D_NAME, REGION_D_INTRO, REGION_D_CHILD, REGION_D_CHILD_NAME };

/* Region code with its children, one row each (one row whose child is
 * NULL when it has none), by code.  ST_OK; ST_NOT_FOUND for no such
 * region; ST_DB. */
enum status regions_detail(long long code, struct db_res **rows);

/* Look code up with its parents into *c (level 0 when there is no such
 * region).  ST_OK, or ST_INTERNAL after logging. */
enum status regions_chain(struct arena *, long long code,
                          struct region_chain *c);

/* The code of the region called name (n bytes) among the children of
 * parent, or among the provinces when parent is 0: *code, 0 when there is
 * none.  ST_OK or ST_DB. */
enum status regions_named(long long parent, const char *name, size_t n,
                          long long *code);

#endif
