/* Invitations (qsz.md 5): each user's own code, made on first request and
 * never changed, and the friend's code a user enters once. */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "crypto.h"
#include "qsz/handlers.h"
#include "log.h"
#include "schema.h"

#define CODE_LEN 8

/* Upper case and digits without look-alikes (0 O, 1 I): 32 symbols, so
 * each random byte's low 5 bits pick one without bias; 40 bits a code. */
static const char alphabet[] = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

/* A fresh random code; 0, or -1. */
static int
code_new(char out[CODE_LEN + 1])
{
	unsigned char rnd[CODE_LEN];
	size_t i;

	if (crypto_random(rnd, sizeof(rnd)) != 0)
		return -1;
	for (i = 0; i < CODE_LEN; i++)
		out[i] = alphabet[rnd[i] & 31];
	out[CODE_LEN] = '\0';
	return 0;
}

/* The user's code and the friend's (NULL when none) into *rows, making the
 * user's code first when needed.  ST_OK, or a failure. */
static enum status
mine(long long uid, struct db_res **rows)
{
	char code[CODE_LEN + 1];
	struct db_val a[2];
	int rc, tries;

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
		a[1] = DB_TEXT(code, CODE_LEN);
		if ((rc = db_exec(app.db, Q_INVITE_ADD, a, 2, NULL, NULL,
		                  NULL)) != DB_OK)
			return app_db_status(rc, "invite code");
	}
	log_err("invite: no free code after %d tries", tries);
	return ST_INTERNAL;
}

/* {"my_invite_code", "friend_invite_code"} of the user. */
static enum status
answer(struct req *r, struct resp *res)
{
	struct db_res *rows = NULL;
	enum status st;
	cJSON *o;

	if ((st = mine(r->uid, &rows)) != ST_OK)
		return st;
	o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "my_invite_code", db_str(rows, 0, 0));
	if (db_str(rows, 0, 1) != NULL)
		cJSON_AddStringToObject(o, "friend_invite_code",
		                        db_str(rows, 0, 1));
	else
		cJSON_AddNullToObject(o, "friend_invite_code");
	resp_ans(res, o);
	db_res_free(rows);
	return ST_OK;
}

const struct pspec h_invite_get_params[] = {PARAM_END};

enum status
h_invite_get(struct req *r, struct resp *res)
{
	return answer(r, res);
}

static int
check_code(const char *s, size_t n, char *err, size_t len)
{
	size_t i;

	for (i = 0; i < n; i++) {
		char c = s[i] >= 'a' && s[i] <= 'z' ? (char)(s[i] - 32) : s[i];

		if (c == '\0' || strchr(alphabet, c) == NULL) {
			snprintf(err, len,
			         "expected %d letters and digits "
			         "of an invitation code",
			         CODE_LEN);
			return -1;
		}
	}
	return 0;
}

const struct pspec h_invite_set_params[] = {
        PARAM_TEXT("invite_code", PF_REQUIRED, CODE_LEN, CODE_LEN, check_code),
        PARAM_END,
};

enum status
h_invite_set(struct req *r, struct resp *res)
{
	struct db_res *rows = NULL, *owner = NULL;
	char code[CODE_LEN + 1];
	struct db_val a[2];
	uint64_t changed = 0;
	long long friend;
	enum status st;
	size_t i;
	int rc;

	for (i = 0; i < CODE_LEN; i++) {
		char c = r->p[0].s[i];

		code[i] = c >= 'a' && c <= 'z' ? (char)(c - 32) : c;
	}
	code[CODE_LEN] = '\0';
	/* The user's own row first: a friend is set on it. */
	if ((st = mine(r->uid, &rows)) != ST_OK)
		return st;
	if (db_str(rows, 0, 1) != NULL) {
		db_res_free(rows);
		return resp_fail(res, ST_CONFLICT, "invite code already set");
	}
	if (strcmp(db_str(rows, 0, 0), code) == 0) {
		db_res_free(rows);
		return resp_fail(res, ST_CONFLICT,
		                 "invite_code: that is your own code");
	}
	db_res_free(rows);
	a[0] = DB_TEXT(code, CODE_LEN);
	if ((rc = db_exec(app.db, Q_INVITE_OWNER, a, 1, &owner, NULL, NULL)) !=
	    DB_OK)
		return app_db_status(rc, "invite code");
	if (owner->nrows != 1) {
		db_res_free(owner);
		return resp_fail(res, ST_NOT_FOUND, "invite code %s not found",
		                 code);
	}
	friend = db_int(owner, 0, 0, 0);
	db_res_free(owner);
	a[0] = DB_INT(friend);
	a[1] = DB_INT(r->uid);
	if ((rc = db_exec(app.db, Q_INVITE_SET_FRIEND, a, 2, NULL, &changed,
	                  NULL)) != DB_OK)
		return app_db_status(rc, "invite code");
	if (changed != 1)
		return resp_fail(res, ST_CONFLICT, "invite code already set");
	log_info("invite: user %lld entered the code of user %lld", r->uid,
	         friend);
	return answer(r, res);
}
