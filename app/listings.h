/* The directory's house listings and their photos (directory.md 9, 10,
 * 12): the shared `houses` rows it shows (migration 0011: released,
 * monthly, with a title, a size, a rent and a district), their pages,
 * their writes with the directory's references (type, estate, agent,
 * tags), and the main photo over the shared media store (media.h).
 * Values come in checked by the surface; outcomes go out as a status with
 * the detail a surface words. */
#ifndef ZF_LISTINGS_H
#define ZF_LISTINGS_H

#include <stdint.h>

#include "app.h"
#include "regions.h"

/* ---- reading ---------------------------------------------------------- */

/* Columns of a listing's row (listings_page, listings_get). */
enum {
	LC_ID,
	LC_TITLE,
	LC_AREA,
	LC_FLOOR, /* NULL: QSZ's house_floor is no number */
	LC_TOTALFLOOR,
	LC_DIRECTION,
	LC_PRICE,
	LC_DETAIL,
	LC_MAINPHOTO, /* relative path; NULL: none */
	LC_PUBDATE,   /* YYYY-MM-DD, China time */
	LC_STREET,
	LC_HASSUBWAY,
	LC_ISSHARED,
	LC_HASAGENTFEES,
	LC_TYPE_ID, /* NULL: no type (and so on for the estate, the agent) */
	LC_TYPE_NAME,
	LC_DISTRICT,
	LC_DISTRICT_NAME,
	LC_ESTATE_ID,
	LC_ESTATE_NAME,
	LC_ESTATE_HOT,
	LC_AGENT_ID,
	LC_AGENT_NAME,
	LC_AGENT_TEL,
	LC_AGENT_SERVSTAR
};

/* Columns of the tag rows: listing, tag id, content (by listing, tag). */
enum { LT_HOUSE, LT_ID, LT_CONTENT };

/* Columns of the photo rows: id, relative path, main (upload order). */
enum { LP_ID, LP_PATH, LP_MAIN };

/* Sort orders of the list; ties by id the same way. */
enum {
	LO_PUBDATE_DESC, /* the default: newest first */
	LO_PUBDATE,
	LO_PRICE,
	LO_PRICE_DESC,
	LO_AREA,
	LO_AREA_DESC,
	LO__MAX
};

/* What a list asks for. */
struct listing_query {
	int level;      /* scope: 0 every listing, else REGION_* of code */
	long long code; /* the region (a county: also a city without them) */
	long long city; /* the city of a county or city scope (counts) */
	long long price_lo, price_hi, area_lo, area_hi; /* inclusive */
	long long type, estate;                         /* 0: any */
	const char *title; /* contained in the title; NULL: any */
	int order;         /* LO_* */
};

/* The number of listings q matches into *n, through the shared count cache
 * (dircounts.h): ST_OK or ST_DB. */
enum status listings_count(const struct listing_query *q, long long *n);

/* The limit listings of q after offset, in q's order, into *rows (LC_*),
 * with their tags in *tags (LT_*); the caller frees both.  ST_OK, ST_DB. */
enum status listings_page(const struct listing_query *q, long long limit,
                          long long offset, struct db_res **rows,
                          struct db_res **tags);

/* Listing id if shown: ST_OK with its row (LC_*), tags (LT_*) and, when
 * photos is not NULL, its photos (LP_*), the caller frees them;
 * ST_NOT_FOUND; ST_DB. */
enum status listings_get(long long id, struct db_res **row,
                         struct db_res **tags, struct db_res **photos);

/* Which of a list's type and estate (0: not asked) exist: ST_OK with
 * *unknown a mask of LB_TYPE and LB_ESTATE; ST_DB. */
enum status listings_known(long long type, long long estate, unsigned *unknown);

/* ---- writing ------------------------------------------------------------ */

/* A listing as written (directory.md 9).  The surface checked every
 * value's type and range; the references and the rules across fields are
 * checked here.  Optional fields: *_set 0 when omitted (an update keeps
 * the stored value), and estate, agent 0 for "none". */
struct listing_in {
	const char *title;
	long long area, floor, totalfloor;
	const char *direction; /* without the prefix 朝 */
	long long price;
	const char *street;
	long long type;
	long long district;
	int detail_set;
	const char *detail;
	int hassubway_set, hassubway;
	int isshared_set, isshared;
	int hasagentfees_set, hasagentfees;
	int estate_set;
	long long estate;
	int agent_set;
	long long agent;
	int tags_set;
	size_t ntags;
	const long long *tags;
	int coords_set; /* longitude and latitude, both given */
	double longitude, latitude;
};

/* The fields a write refused (ST_PARAM), a bit each. */
enum {
	LB_TYPE = 1 << 0,       /* no such type */
	LB_DISTRICT = 1 << 1,   /* not a county nor a city without counties */
	LB_ESTATE = 1 << 2,     /* no such estate */
	LB_ESTATE_OUT = 1 << 3, /* the estate lies in another district */
	LB_AGENT = 1 << 4,      /* no such agent */
	LB_TAGS = 1 << 5        /* a tag that does not exist: bad_tag */
};

struct listing_bad {
	unsigned mask; /* LB_* */
	long long bad_tag;
};

/* A new listing of uid from in (region names in the arena), released at
 * once: ST_OK with *id; ST_PARAM
 * with *bad (nothing written); ST_DB. */
enum status listings_create(struct arena *, long long uid,
                            const struct listing_in *in,
                            struct listing_bad *bad, uint64_t *id);

/* Rewrite listing id from in for the caller (uid, admin: an
 * administrator), omitted optional fields kept, given tags replacing the
 * set.  ST_OK; ST_PARAM with *bad; ST_NOT_FOUND when it is not shown;
 * ST_FORBIDDEN when the caller is neither its owner, nor the account of
 * its agent, nor an administrator (directory.md 4); ST_DB. */
enum status listings_update(struct arena *, long long uid, int admin,
                            long long id, const struct listing_in *in,
                            struct listing_bad *bad);

/* The shared soft delete of listing id by the caller (status 3, gone
 * here and from QSZ): ST_OK, listings_update's refusals, ST_DB. */
enum status listings_delete(long long uid, int admin, long long id);

/* ---- photos (directory.md 10) -------------------------------------------- */

/* The photos of shown listing id (LP_*; the caller frees them): ST_OK,
 * ST_NOT_FOUND, ST_DB. */
enum status listings_photos(long long id, struct db_res **rows);

/* Add the validated image f to listing house for the caller, through the
 * shared media store (under the owner's folder, photo_urls in step): the
 * new photo is main when make_main is set (the only one) or when the listing
 * had none.  ST_OK with *photo, *path (relative, malloc'ed: the caller
 * frees it) and *is_main; ST_UPLOAD at max_photos (nothing kept);
 * listings_update's refusals; ST_INTERNAL, ST_DB. */
enum status listings_photo_add(long long uid, int admin, long long house,
                               struct upfile *f, int make_main, uint64_t *photo,
                               char **path, int *is_main);

/* Photo photo of listing house for the caller; make_main set: make it the only
 * main photo (unset: leave it as it is).  ST_OK with its row (LP_*, the
 * caller frees it); ST_NOT_FOUND when the listing is not shown or the
 * photo is not one of it; listings_update's refusals; ST_DB. */
enum status listings_photo_main(long long uid, int admin, long long house,
                                long long photo, int make_main,
                                struct db_res **row);

/* Delete photo photo of listing house for the caller: the row, then the
 * file; when it was main the earliest remaining photo becomes main.
 * listings_photo_main's outcomes (no row). */
enum status listings_photo_delete(long long uid, int admin, long long house,
                                  long long photo);

#endif
