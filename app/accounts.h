/* Accounts shared by every surface (platform.md "Accounts"): sessions,
 * WeChat and mobile + password identities, login failure limits, the
 * profile.  Knows no envelope and no transport: a surface carries the
 * token as its document says. */
#ifndef ZF_ACCOUNTS_H
#define ZF_ACCOUNTS_H

#include <stddef.h>

#include "crypto.h"
#include "db.h"
#include "req.h"
#include "resp.h"

struct wx_user;

/* Columns of accounts_session_user's and accounts_user's rows (the latter
 * has the first three only). */
enum { ACC_U_ID, ACC_U_ADMIN, ACC_U_PROFILE, ACC_U_EXPIRES, ACC_U_NAME };

/* The live session of token (n bytes): ST_OK with its user's row in *row
 * (id, is_admin, profile_json, expiry, display name or NULL; the caller
 * frees it), ST_AUTH when the token is unknown, revoked or expired, or
 * ST_DB. */
enum status accounts_session_user(const char *token, size_t n,
                                  struct db_res **row);

/* The user of a WeChat login (u->openid set): made on the first login,
 * its WeChat fields refreshed with what is known.  A unionid that belongs
 * to another account already is left out.  ST_OK with *uid, or ST_DB. */
enum status accounts_wechat_login(const struct wx_user *u, long long *uid);

/* The row of uid (id, is_admin, profile_json; the caller frees it).
 * ST_AUTH when there is no such user, or ST_DB. */
enum status accounts_user(long long uid, struct db_res **row);

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

/* The login identifiers of an account (platform.md "Accounts"). */
enum acc_ident { ACC_BY_MOBILE, ACC_BY_USERNAME, ACC_BY_EMAIL };

/* Log in by identifier ident of kind (a mobile already valid, a username
 * or an e-mail, either case) and password pw (n bytes) from ip: ST_OK
 * with *uid; ST_RATE when the identifier (lower-cased) or the IP has had
 * login_max_failures / login_ip_max_failures failures within
 * login_failure_window_s (the password is not looked at); ST_NO_ACCOUNT
 * (none, or one without a password) or ST_PASSWORD, as slow as each other
 * and counted as a failure; ST_DB.  *known (when not NULL) is the account
 * the identifier names, 0 when none, for a login log. */
enum status accounts_login(enum acc_ident kind, const char *ident,
                           const char *pw, size_t n, const char *ip,
                           long long *uid, long long *known);

/* accounts_login by mobile (iHome). */
enum status accounts_login_mobile(const char *mobile, const char *pw, size_t n,
                                  const char *ip, long long *uid);

/* Log in by the SMS code (n bytes) of mobile (already valid) from ip, as
 * codes_sms_check takes it: ST_OK with *uid of the person with that
 * mobile identity; ST_RATE (the limiter of accounts_login, keyed by the
 * mobile); ST_CODE for a wrong, expired, used or burnt code or nobody
 * with that mobile (counted as a failure; never an account made); ST_DB.
 * *known as accounts_login's. */
enum status accounts_login_sms(const char *mobile, const char *code, size_t n,
                               const char *ip, long long *uid,
                               long long *known);

/* Log a login attempt (directory.md 2): uid (0 when not known), ip,
 * outcome (0 logged in, 1 refused, 2 locked out), method (1 password,
 * 2 SMS code).  Never the identifier.  ST_OK or ST_DB. */
enum status accounts_login_log(long long uid, const char *ip, int outcome,
                               int method);

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

/* Fields of the QSZ profile (accounts_profile_update), in the order of
 * users' columns.  ACP_SELF_DESC and those after it are optional. */
enum {
	ACP_NICKNAME,
	ACP_SEX,
	ACP_USER_TYPE, /* 1 landlord, 2, 3 */
	ACP_PROVINCE,
	ACP_CITY,
	ACP_BIRTHDAY,
	ACP_CONSTELLATIONS,
	ACP_EDUCATION,
	ACP_OCCUPATION,
	ACP_SELF_DESC,
	ACP_ACCOUNT_NAME,
	ACP_ACCOUNT_NUMBER, /* sealed, with a masked copy */
	ACP_ACCOUNT_IDCARD, /* sealed, with a masked copy */
	ACP_TEL,
	ACP_VTEL_FLAG, /* an integer */
	ACP_VTEL,      /* the 400 number */
	ACP_WECHAT,
	ACP_QQ,
	ACP__MAX
};

/* A field's value: text (s, n) or integer i.  An optional field that is
 * not given keeps the stored value; given but not set, it is cleared. */
struct accounts_val {
	int given;
	int set;
	const char *s;
	size_t n;
	long long i;
};

/* What accounts_profile_update found missing (ST_PARAM). */
enum { ACC_NEED_PORTRAIT = 1, ACC_NEED_VTEL };

/* Store the QSZ profile of uid (values already valid) with portrait, a
 * validated image upload or NULL to keep the stored one.  ST_OK;
 * ST_FORBIDDEN when a non-landlord sets a 400 number or its flag;
 * ST_PARAM with *missing when there is neither a stored nor a new portrait
 * or when virtual_tel_flag 1 has no number, given or stored; ST_AUTH for
 * an unknown user; ST_INTERNAL or ST_DB.  A landlord's listings follow a
 * changed user type. */
enum status accounts_profile_update(long long uid,
                                    const struct accounts_val v[ACP__MAX],
                                    struct upfile *portrait, int *missing);

#endif
