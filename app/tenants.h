/* The rental profile (rental.md 2, 6): what a mini-program user shows and
 * certifies beside the shared account — the location picked as
 * [province, city, county], the village, the WeChat number, the phone
 * (users.tel) and the shared real-name record (ident.c) — and the live
 * contract a tenant holds.  No envelope. */
#ifndef ZF_TENANTS_H
#define ZF_TENANTS_H

#include "app.h"

/* Columns of tenants_profile's row. */
enum {
	TP_OPENID,
	TP_NICKNAME, /* WeChat's, else the shared display name */
	TP_AVATAR,   /* WeChat's avatar URL */
	TP_REAL_NAME,
	TP_IDCARD_MASKED,
	TP_REAL_NAME_STATUS,
	TP_PHONE,
	TP_PROVINCE_CODE,
	TP_PROVINCE,
	TP_CITY_CODE,
	TP_CITY,
	TP_COUNTY_CODE,
	TP_COUNTY,
	TP_VILLAGE, /* NULL until the first certification update */
	TP_WXNUMBER,
	TP_REAL_NAME_REASON /* a rejection's, NULL unless status 3 */
};

/* The rental profile of uid into *row (the caller frees it).  ST_OK,
 * ST_AUTH when there is no such user, ST_DB. */
enum status tenants_profile(long long uid, struct db_res **row);

/* One item of a location as the client gave it: a GB/T 2260 code (code
 * > 0) or a name (code 0, name of n bytes). */
struct tenant_place {
	long long code;
	const char *name;
	size_t n;
};

/* Why tenants_location refused an item. */
enum {
	TL_UNKNOWN = 1, /* no region of that level with that code or name */
	TL_NOT_IN       /* a region of that level, not in the item before */
};

/* A resolved location: codes and names of [province, city, county]; on a
 * refusal the index of the refused item and why. */
struct tenant_loc {
	long long code[3];
	const char *name[3]; /* in the arena; for a refused item the given
	                      * name or NULL */
	int bad;
	int why;
};

/* Resolve in[0..3) as a province, a city in it, a county in that city.
 * ST_OK; ST_PARAM with out->bad and out->why; ST_DB or ST_INTERNAL. */
enum status tenants_location(struct arena *, const struct tenant_place in[3],
                             struct tenant_loc *out);

/* A certification update (values already valid). */
struct tenant_cert {
	const char *name;
	size_t name_n;
	const char *phone;  /* a mainland mobile number */
	const char *idcard; /* a valid resident ID, upper case */
	long long code[3];  /* resolved by tenants_location */
	const char *village;
	size_t village_n;
	const char *wxnumber; /* NULL keeps the stored one */
	size_t wxnumber_n;
	int landlord; /* 1: uid becomes a landlord */
};

/* Store c for uid: the name and ID number as the shared real-name record
 * (ident_realname_submit: pending unless approved), the phone, location,
 * village and WeChat number, and the landlord role when asked.  ST_OK;
 * ST_EXISTS when the real name is approved already and c names someone
 * else (another name or number: an approved record is not replaced);
 * ST_AUTH for no such user; ST_INTERNAL or ST_DB. */
enum status tenants_certify(long long uid, const struct tenant_cert *c);

#endif
