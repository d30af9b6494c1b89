/* The GB/T 2260 regions (migration 0002): the /regions endpoint and the
 * lookup that listings use to check and name their region codes. */
#ifndef ZF_REGIONS_H
#define ZF_REGIONS_H

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

/* Look code up with its parents into *c (level 0 when there is no such
 * region).  ST_OK, or ST_INTERNAL after logging. */
enum status regions_chain(struct arena *, long long code,
                          struct region_chain *c);

#endif
