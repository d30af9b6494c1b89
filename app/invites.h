/* Invitations (qsz.md 5): each user's own code, made on first request and
 * never changed, and the friend's code a user enters once. */
#ifndef ZF_INVITES_H
#define ZF_INVITES_H

#include <stddef.h>

#include "db.h"
#include "resp.h"

#define INVITE_CODE_LEN 8

/* Columns of invites_mine's row: the user's code, the friend's (NULL when
 * none). */
enum { INV_COL_MINE, INV_COL_FRIEND };

/* 1 when the n bytes of s are symbols of invitation codes, in either
 * case. */
int invites_code_chars(const char *s, size_t n);

/* The code of s (INVITE_CODE_LEN symbols, either case) as stored, upper
 * case, NUL-terminated into out. */
void invites_code_norm(const char *s, char out[INVITE_CODE_LEN + 1]);

/* uid's codes into *row (the caller frees it), making uid's own code
 * first when needed.  ST_OK, ST_INTERNAL or ST_DB. */
enum status invites_mine(long long uid, struct db_res **row);

/* Enter code (as invites_code_norm makes it) as uid's friend's code:
 * ST_OK; ST_EXISTS when uid entered one already; ST_CONFLICT when it is
 * uid's own code; ST_NOT_FOUND when no user has it; ST_INTERNAL or ST_DB.
 */
enum status invites_set_friend(long long uid,
                               const char code[INVITE_CODE_LEN + 1]);

#endif
