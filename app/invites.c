/* Invitation codes (migration 0005): made at random from an alphabet
 * without look-alikes, unique by the table's key. */
#include <string.h>

#include "app.h"
#include "crypto.h"
#include "invites.h"
#include "log.h"
#include "schema.h"

/* Upper case and digits without look-alikes (0 O, 1 I): 32 symbols, so
 * each random byte's low 5 bits pick one without bias; 40 bits a code. */
static const char alphabet[] = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

static char
upper(char c)
{
	return c >= 'a' && c <= 'z' ? (char)(c - 32) : c;
}

int
invites_code_chars(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		char c = upper(s[i]);

		if (c == '\0' || strchr(alphabet, c) == NULL)
			return 0;
	}
	return 1;
}

void
invites_code_norm(const char *s, char out[INVITE_CODE_LEN + 1])
{
	size_t i;

	for (i = 0; i < INVITE_CODE_LEN; i++)
		out[i] = upper(s[i]);
	out[INVITE_CODE_LEN] = '\0';
}

/* A fresh random code; 0, or -1. */
static int
code_new(char out[INVITE_CODE_LEN + 1])
{
	unsigned char rnd[INVITE_CODE_LEN];
	size_t i;

	if (crypto_random(rnd, sizeof(rnd)) != 0)
		return -1;
	for (i = 0; i < INVITE_CODE_LEN; i++)
		out[i] = alphabet[rnd[i] & 31];
	out[INVITE_CODE_LEN] = '\0';
	return 0;
}

enum status
invites_mine(long long uid, struct db_res **rows)
{
	char code[INVITE_CODE_LEN + 1];
	struct db_val a[2];
	int rc, tries;

	*rows = NULL;
	for (tries = 0; tries < 8; tries++) {
		a[0] = DB_INT(uid);
		if ((rc = db_exec(app.db, Q_INVITE_MINE, a, 1, rows, NULL,
		                  NULL)) != DB_OK)
			return app_db_status(rc, "invite code");
		if ((*rows)->nrows == 1)
			return ST_OK;
		db_res_free(*rows);
		*rows = NULL;
		/* None yet: add one; a code taken by someone else leaves no
		 * row, and the next round tries another. */
		if (code_new(code) != 0) {
			log_err("invite: no random bytes");
			return ST_INTERNAL;
		}
		a[1] = DB_TEXT(code, INVITE_CODE_LEN);
		if ((rc = db_exec(app.db, Q_INVITE_ADD, a, 2, NULL, NULL,
		                  NULL)) != DB_OK)
			return app_db_status(rc, "invite code");
	}
	log_err("invite: no free code after %d tries", tries);
	return ST_INTERNAL;
}

enum status
invites_set_friend(long long uid, const char code[INVITE_CODE_LEN + 1])
{
	struct db_res *rows = NULL, *owner = NULL;
	struct db_val a[2];
	uint64_t changed = 0;
	long long friend;
	enum status st;
	int rc;

	/* The user's own row first: a friend is set on it. */
	if ((st = invites_mine(uid, &rows)) != ST_OK)
		return st;
	if (db_str(rows, 0, INV_COL_FRIEND) != NULL) {
		db_res_free(rows);
		return ST_EXISTS;
	}
	if (strcmp(db_str(rows, 0, INV_COL_MINE), code) == 0) {
		db_res_free(rows);
		return ST_CONFLICT;
	}
	db_res_free(rows);
	a[0] = DB_TEXT(code, INVITE_CODE_LEN);
	if ((rc = db_exec(app.db, Q_INVITE_OWNER, a, 1, &owner, NULL, NULL)) !=
	    DB_OK)
		return app_db_status(rc, "invite code");
	if (owner->nrows != 1) {
		db_res_free(owner);
		return ST_NOT_FOUND;
	}
	friend = db_int(owner, 0, 0, 0);
	db_res_free(owner);
	a[0] = DB_INT(friend);
	a[1] = DB_INT(uid);
	if ((rc = db_exec(app.db, Q_INVITE_SET_FRIEND, a, 2, NULL, &changed,
	                  NULL)) != DB_OK)
		return app_db_status(rc, "invite code");
	if (changed != 1)
		return ST_EXISTS;
	log_info("invite: user %lld entered the code of user %lld", uid,
	         friend);
	return ST_OK;
}
