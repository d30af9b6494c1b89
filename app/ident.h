/* Identity (platform.md): the shared real-name record (users.real_name,
 * idcard_enc, idcard_masked, real_name_status, the document paths), which
 * QSZ's /user_identification and iHome's user/auth write through one
 * function, and the landlord's property certificate (house_certs). */
#ifndef ZF_IDENT_H
#define ZF_IDENT_H

#include "app.h"

/* real_name_status values. */
enum { RN_NONE, RN_PENDING, RN_APPROVED, RN_REJECTED };

/* Columns of ident_realname_get's row: real name, masked number, status
 * (the first two NULL when nothing was submitted). */
enum { RN_COL_NAME, RN_COL_MASKED, RN_COL_STATUS, RN_COL_REASON };

enum status ident_realname_get(long long uid, struct db_res **row);

/* Submit name and idcard (a valid resident ID, upper case) for uid: the
 * number sealed, its masked copy kept, real_name_status 1 (pending).  docs,
 * when not NULL, are the three placed private documents (portrait, front,
 * back), which replace the stored ones (removed after the commit); the
 * caller discards them on a failure.  Refused with ST_EXISTS (*status the
 * current one) when approved, or pending and refuse_pending is set. */
enum status ident_realname_submit(long long uid, const char *name, size_t n,
                                  const char *idcard, char *const docs[3],
                                  int refuse_pending, int *status);

/* Whether uid's real-name record holds name (n bytes) and idcard (upper
 * case): *same 1 or 0 (0 when nothing was submitted).  ST_OK; ST_AUTH for
 * no such user; ST_INTERNAL when the stored number does not open; ST_DB. */
enum status ident_realname_same(long long uid, const char *name, size_t n,
                                const char *idcard, int *same);

/* A property certificate as submitted (values already valid). */
struct ident_house {
	const char *certname;
	size_t certname_n;
	const char *idcard; /* a valid resident ID, upper case */
	const char *number; /* the certificate's number */
	size_t number_n;
	long long type; /* 1 owned, 2 leased */
};

/* Submit uid's property certificate h with its placed private documents:
 * docs[0] the certificate's photo, docs[1] the lease (NULL when none).  A
 * number first seen makes a record; the user's own number updates it, the
 * replaced documents removed after the commit.  The user's landlord status
 * becomes pending.  ST_OK; ST_CONFLICT when the number is another user's;
 * ST_INTERNAL or ST_DB.  The caller discards docs on a failure. */
enum status ident_house_submit(long long uid, const struct ident_house *h,
                               char *const docs[2]);

#endif
