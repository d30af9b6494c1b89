/* Roles and privileges as data (directory.md 4): a request is allowed when
 * one of its caller's roles holds a privilege (method, URL prefix) that
 * matches it.  Read from the database on every request, so a grant or a
 * revocation applies to the next one. */
#ifndef ZF_PRIVILEGES_H
#define ZF_PRIVILEGES_H

#include "resp.h"

/* The fixed ids of the roles table (migration 0010). */
enum {
	ROLE_ANONYMOUS = 1,
	ROLE_USER = 2,
	ROLE_LANDLORD = 3,
	ROLE_AGENT = 4,
	ROLE_ADMIN = 5
};

/* 1 when the privilege (pmethod, prefix) allows method on path: the same
 * method (HEAD counts as GET) and prefix starts path, with a '/' appended
 * to path when it has none at its end.  0 otherwise. */
int privileges_match(const char *pmethod, const char *prefix,
                     const char *method, const char *path);

/* Whether the caller (uid, 0 for none; admin: an administrator) may make
 * the request: *allowed 1 or 0.  ST_OK or ST_DB. */
enum status privileges_allow(long long uid, int admin, const char *method,
                             const char *path, int *allowed);

/* Whether user uid has role (ROLE_LANDLORD, ROLE_AGENT or ROLE_ADMIN):
 * *yes 1 or 0.  A landlord is one by a user_roles row or by declaring it
 * (QSZ user_type 1-3).  ST_OK or ST_DB. */
enum status privileges_has_role(long long uid, int role, int *yes);

/* Give user uid role (ROLE_LANDLORD or ROLE_AGENT: a user_roles row);
 * having it already is no error.  ST_OK or ST_DB. */
enum status privileges_grant(long long uid, int role);

/* The role id of a role name (anonymous, user, landlord, agent, admin),
 * or 0. */
int privileges_role(const char *name);

#endif
