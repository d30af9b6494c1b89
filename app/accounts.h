/* Accounts shared by every surface (platform.md "Accounts"): sessions,
 * mobile + password identities, login failure limits.  Knows no envelope
 * and no transport: a surface carries the token as its document says. */
#ifndef ZF_ACCOUNTS_H
#define ZF_ACCOUNTS_H

#include <stddef.h>

#include "crypto.h"
#include "db.h"
#include "req.h"
#include "resp.h"

/* A new session of uid for ttl_s seconds: its token in token.  ST_OK,
 * ST_INTERNAL or ST_DB. */
enum status accounts_session_new(long long uid, long long ttl_s,
                                 char token[TOKEN_HEX_LEN + 1]);

/* Revoke the session of token (n bytes); one that does not exist is no
 * error.  ST_OK or ST_DB. */
enum status accounts_session_revoke(const char *token, size_t n);

/* Register mobile (already valid) with password (pw, n bytes) after its
 * SMS code: ST_OK with *uid, ST_CODE / ST_RATE (the code, codes.h),
 * ST_EXISTS (registered; the code is consumed all the same), ST_DB or
 * ST_INTERNAL.  The display name is the mobile. */
enum status accounts_register_mobile(const char *mobile, const char *code,
                                     size_t codelen, const char *pw, size_t n,
                                     long long *uid);

/* Log in by mobile and password from ip: ST_OK with *uid, ST_RATE (too
 * many failures for this mobile or this IP: the password is not looked
 * at), ST_NO_ACCOUNT, ST_PASSWORD, ST_DB.  A failure is counted. */
enum status accounts_login_mobile(const char *mobile, const char *pw, size_t n,
                                  const char *ip, long long *uid);

/* The argon2id cost of the configuration. */
void accounts_pwparams(struct crypto_pwparams *);

/* The iHome profile of uid: a row of display name ("" when none),
 * mobile, portrait (relative path or NULL), real_name_status.  ST_AUTH
 * when there is no such person. */
enum status accounts_profile(long long uid, struct db_res **row);

/* The shared display name (QSZ's nickname). */
enum status accounts_set_name(long long uid, const char *name, size_t n);

/* The shared portrait from a validated image upload: placed, stored, the
 * replaced file removed after the commit; *rel the new relative path
 * (malloc'ed). */
enum status accounts_set_avatar(long long uid, struct upfile *f, char **rel);

#endif
