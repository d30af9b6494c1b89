/* The directory's listing counts through a shared cache that is never
 * stale (migration 0012): an entry holds only while the version of its
 * scope (a city, a province, everything) is the one it was counted at,
 * and every write that may change a count bumps its city's version in the
 * writing transaction. */
#ifndef ZF_DIRCOUNTS_H
#define ZF_DIRCOUNTS_H

#include <stddef.h>

#include "resp.h"

/* What a count's filter covers: one city (a city or one of its counties),
 * one province, or every listing. */
enum dircount_scope { DC_ALL, DC_PROVINCE, DC_CITY };

/* Counts the matches of the caller's filter into *n: ST_OK or a failure. */
typedef enum status (*dircount_fn)(void *ctx, long long *n);

/* The count of the filter whose canonical text is key (klen bytes; equal
 * filters, equal texts) within scope (code: the city or province): from
 * the cache when its entry is current, else counted by count(ctx) and
 * stored.  With directory_count_cache 0 it always counts.  ST_OK with *n,
 * or count's failure, or ST_DB. */
enum status dircounts_get(enum dircount_scope scope, long long code,
                          const char *key, size_t klen, dircount_fn count,
                          void *ctx, long long *n);

#endif
