/* The rental profile: location, village, WeChat number, phone and the
 * shared real-name record of a mini-program user; a tenant's live
 * contract (rental.md 2, migration 0013). */
#include <string.h>

#include "app.h"
#include "ident.h"
#include "log.h"
#include "privileges.h"
#include "regions.h"
#include "schema.h"
#include "tenants.h"

enum status
tenants_profile(long long uid, struct db_res **row)
{
	struct db_val a = DB_INT(uid);
	int rc = db_exec(app.db, Q_RENT_PROFILE, &a, 1, row, NULL, NULL);

	if (rc != DB_OK)
		return app_db_status(rc, "rental profile");
	if ((*row)->nrows != 1) {
		db_res_free(*row);
		*row = NULL;
		return ST_AUTH;
	}
	return ST_OK;
}

/* Item i (level i + 1) of a location, inside parent (0 for a province). */
static enum status
place(struct arena *a, const struct tenant_place *in, int i, long long parent,
      struct tenant_loc *out)
{
	struct region_chain c;
	enum status st;
	long long code = 0;

	if (in->code > 0) {
		if ((st = regions_chain(a, in->code, &c)) != ST_OK)
			return st;
		if (c.level != i + 1)
			goto unknown;
		if (i > 0 && c.code[i] != parent) {
			out->name[i] = c.name[i + 1];
			goto not_in;
		}
		out->code[i] = in->code;
		out->name[i] = c.name[i + 1];
		return ST_OK;
	}
	out->name[i] = arena_strndup(a, in->name, in->n);
	if ((st = regions_named(parent, in->name, in->n, &code)) != ST_OK)
		return st;
	if (code == 0) {
		/* A name is looked up among its parent's children only: a
		 * province's name is unknown, a city's or county's is not in
		 * its parent. */
		if (i == 0)
			goto unknown;
		goto not_in;
	}
	out->code[i] = code;
	if ((st = regions_chain(a, code, &c)) != ST_OK)
		return st;
	out->name[i] = c.name[i + 1];
	return ST_OK;
not_in:
	out->bad = i;
	out->why = TL_NOT_IN;
	return ST_PARAM;
unknown:
	out->bad = i;
	out->why = TL_UNKNOWN;
	return ST_PARAM;
}

enum status
tenants_location(struct arena *a, const struct tenant_place in[3],
                 struct tenant_loc *out)
{
	enum status st;
	int i;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < 3; i++)
		if ((st = place(a, &in[i], i, i > 0 ? out->code[i - 1] : 0,
		                out)) != ST_OK)
			return st;
	return ST_OK;
}

/* The profile and the landlord role, one transaction. */
static enum status
certify_tx(long long uid, const struct tenant_cert *c)
{
	struct db_val a[7];
	enum status st;
	int rc;

	a[0] = DB_STR(c->phone);
	a[1] = DB_INT(c->code[0]);
	a[2] = DB_INT(c->code[1]);
	a[3] = DB_INT(c->code[2]);
	a[4] = DB_TEXT(c->village, c->village_n);
	a[5] = c->wxnumber != NULL ? DB_TEXT(c->wxnumber, c->wxnumber_n)
	                           : DB_NULLV;
	a[6] = DB_INT(uid);
	if ((rc = db_begin(app.db)) != DB_OK ||
	    (rc = db_exec(app.db, Q_RENT_PROFILE_SET, a, 7, NULL, NULL,
	                  NULL)) != DB_OK) {
		st = app_db_status(rc, "rental profile update");
		goto fail;
	}
	if (c->landlord && (st = privileges_grant(uid, ROLE_LANDLORD)) != ST_OK)
		goto fail;
	if ((rc = db_commit(app.db)) != DB_OK) {
		st = app_db_status(rc, "rental profile commit");
		goto fail;
	}
	return ST_OK;
fail:
	db_rollback(app.db);
	return st;
}

enum status
tenants_certify(long long uid, const struct tenant_cert *c)
{
	enum status st;
	int status, same, attempt = 0;

	st = ident_realname_submit(uid, c->name, c->name_n, c->idcard, NULL, 0,
	                           &status);
	if (st == ST_EXISTS) {
		/* Approved: kept as it is, so it must be the same person. */
		if ((st = ident_realname_same(uid, c->name, c->name_n,
		                              c->idcard, &same)) != ST_OK)
			return st;
		if (!same)
			return ST_EXISTS;
	} else if (st != ST_OK) {
		return st;
	}
	do
		st = certify_tx(uid, c);
	while (app_tx_again(st, attempt++));
	if (st != ST_OK)
		return st;
	log_info("rental certification update by user %lld%s", uid,
	         c->landlord ? " (landlord)" : "");
	return ST_OK;
}
