/* Every SQL statement of the service, one id each.  Only here; the
 * schema test (zufang-admin check-sql) prepares them all against the
 * migrated schema. */
#ifndef ZF_SCHEMA_H
#define ZF_SCHEMA_H

enum q {
	Q_PING,
	Q_SESSION_USER,
	Q_SESSION_INSERT,
	Q_SESSION_REVOKE,
	Q_USER_UPSERT_WX,
	Q_USER_GET,
	Q_USER_LOCK_PROFILE,
	Q_USER_UPDATE_PROFILE,
	Q_USER_LOCK_IDENT,
	Q_USER_UPDATE_IDENT,
	Q_USER_LANDLORD_PENDING,
	Q_CERT_LOCK_BY_NUMBER,
	Q_CERT_INSERT,
	Q_CERT_UPDATE,
	Q_REGION_TOP,
	Q_REGION_CHILDREN,
	Q_REGION_HOT,
	Q_REGION_CHAIN,
	Q__MAX
};

extern const char *const schema_sql[Q__MAX];

#endif
