/* Listings (platform.md "Listings, media and money"): one `houses` row
 * whatever surface made it.  Creation, the status machine, attribute
 * updates and the owner's list (app/houses.c); values come in checked,
 * outcomes go out as a status with the detail a surface words. */
#ifndef ZF_HOUSES_H
#define ZF_HOUSES_H

#include <stdint.h>

#include "app.h"
#include "regions.h"

/* A listing's status; a deleted one is "not found" to everyone. */
enum { HS_DRAFT, HS_RELEASED, HS_PULLED_OFF, HS_DELETED };

/* The attributes a listing is created with, in the column order of
 * Q_HOUSE_INSERT (their names are the columns'). */
enum {
	HA_PROVINCE_CODE,
	HA_PROVINCE_NAME,
	HA_CITY_CODE,
	HA_CITY_NAME,
	HA_COUNTY_CODE,
	HA_COUNTY_NAME,
	HA_DISTRICT_CODE,
	HA_DISTRICT_NAME,
	HA_SUBDISTRICT_CODE,
	HA_SUBWAY_STATION_CODE,
	HA_HOUSE_NUMBER,
	HA_LONGITUDE,
	HA_LATITUDE,
	HA_RENT_TIME_TYPE,
	HA_RENT_ROOM_TYPE,
	HA_HOUSE_SIZE,
	HA_HOUSE_TYPE,
	HA_HOUSE_FLOOR,
	HA_HOUSE_DIRECTION,
	HA_HOUSE_DECORATION,
	HA_HOUSE_MAX_LIVEIN,
	HA_HOUSE_RENT,
	HA_PAYMENT_TYPE,
	HA_PROPERTY_MANAGEMENT_FEE,
	HA_HEATING_CHARGE,
	HA_DESCRIPTION_TITLE,
	HA_DESCRIPTION,
	HA_TRAFFIC_CONDITION,
	HA_AROUND_CONDITION,
	HA_FACILITY,
	HA_HOUSE_ROOMS,
	HA_HOUSE_CHARACTERISTIC,
	HA_HOUSE_SOURCE,
	HA_ALL_FLOOR,
	HA_EARLIEST_CHECKIN_TIME,
	HA_EXTRA_FEE,
	HA__MAX
};

/* A new draft of uid with the values v[0..HA__MAX) (NULL when not given):
 * ST_OK with *id, or ST_DB. */
enum status houses_create(long long uid, const struct db_val *v, uint64_t *id);

/* What a listing lacks to be released (houses_set_status's *missing). */
enum { HN_LOCATION = 1, HN_RENT = 2, HN_SIZE = 4, HN_TITLE = 8 };

/* Move uid's listing id from a status in the mask from (bit per status)
 * to status to.  ST_OK; houses_lock's refusals; ST_CONFLICT when its
 * status (*now, -1 when not read) is not in from; ST_PARAM with *missing
 * (HN_*) when a release lacks attributes; ST_DB. */
enum status houses_set_status(long long uid, long long id, unsigned from,
                              int to, long long *now, unsigned *missing);

/* An administrator's pull-off (issue 13, 1): anyone's released listing
 * id to HS_PULLED_OFF through houses_set_status's machine, recorded in
 * listing_pulloffs with admin_id (0: the command line), its owner and
 * reason (n bytes), which the owner sees while it stays pulled off; its
 * open reports are resolved (state 1) by the same decision.  ST_OK;
 * ST_NOT_FOUND for no such (or a deleted) listing; ST_CONFLICT when it is
 * not released (*now its status); ST_DB. */
enum status houses_admin_pulloff(long long admin_id, long long id,
                                 const char *reason, size_t n, long long *now);

/* Columns of houses_admin_get's *row and of its *history (newest first). */
enum { HG_ID, HG_OWNER, HG_TITLE, HG_STATUS, HG_PULLOFF_REASON };
enum { HP_ADMIN, HP_REASON, HP_AT };

/* Listing id's essentials (*row) and its pull-offs (*history), the caller
 * frees both.  ST_OK; ST_NOT_FOUND (deleted ones too); ST_DB. */
enum status houses_admin_get(long long id, struct db_res **row,
                             struct db_res **history);

/* Set plain attribute k (HA_*, not a region code or name) of uid's
 * listing id to v.  ST_OK, houses_lock's refusals, ST_INTERNAL, ST_DB. */
enum status houses_set_attr(long long uid, long long id, int k,
                            struct db_val v);

/* Set the region of level lv of uid's listing id to c (its chain): the
 * levels above from c, the stored ones below kept when they lie inside
 * it and cleared otherwise.  ST_OK, houses_lock's refusals, ST_DB. */
enum status houses_set_region(long long uid, long long id, int lv,
                              const struct region_chain *c);

/* The stored region code (*code, -1 when none) and name (*name in arena
 * a, NULL when none) of level lv of uid's listing id.  ST_OK,
 * houses_lock's refusals, ST_DB. */
enum status houses_region(struct arena *a, long long uid, long long id, int lv,
                          long long *code, const char **name);

/* Columns of houses_mine's listings; its photos and videos are rows of
 * house_id, id, url. */
enum {
	HM_ID,
	HM_SIZE,
	HM_TYPE,
	HM_RENT,
	HM_PAYMENT,
	HM_PRAISE,
	HM_STATUS,
	HM_DATE,
	HM_DURATION,
	HM_PULLOFF_REASON /* an administrator's, while pulled off */
};

/* uid's listings with their photos and videos: ST_OK with the three
 * results (the caller frees them), or ST_DB. */
enum status houses_mine(long long uid, struct db_res **rows,
                        struct db_res **photos, struct db_res **videos);

#endif
