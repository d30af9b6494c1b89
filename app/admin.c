/* zufang-admin: configuration, migrations and the schema check. */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "accounts.h"
#include "admin_backup.h"
#include "admin_config.h"
#include "admin_refunds.h"
#include "admin_listings.h"
#include "admin_review.h"
#include "app.h"
#include "buf.h"
#include "crypto.h"
#include "demo.h"
#include "log.h"
#include "privileges.h"
#include "schema.h"
#include "valid.h"

enum { M_LOCK, M_STEAL, M_HOLDER, M_UNLOCK, M_APPLIED, M_RECORD, M__MAX };

/* The administrator role (qsz.md 6: /payment/ali/pay_to_customer). */
enum { A_SET, A_GET, A_LIST, A__MAX };

static const char *const admin_sql[A__MAX] = {
        [A_SET] = "UPDATE users SET is_admin = ? WHERE id = ?",
        [A_GET] = "SELECT is_admin FROM users WHERE id = ?",
        [A_LIST] = "SELECT id, nickname FROM users WHERE is_admin = 1 "
                   "ORDER BY id",
};

/* Accounts, roles and privileges (directory.md 2, 4). */
enum {
	U_TAKEN,
	U_INSERT,
	U_BY_ID,
	U_BY_NAME,
	U_ROLE_ADD,
	U_ROLE_DEL,
	U_ADMIN_SET,
	U_AGENT_FIND,
	U_AGENT_UNLINK_USER,
	U_AGENT_LINK,
	U_SET_HASH,
	U_REVOKE_SESSIONS,
	U_PRIV_LIST,
	U_PRIV_ENSURE,
	U_PRIV_ID,
	U_PRIV_GRANT,
	U_PRIV_REVOKE,
	U__MAX
};

static const char *const user_sql[U__MAX] = {
        /* username, mobile (twice), e-mail (twice); the collation makes
         * the names case-insensitive. */
        [U_TAKEN] = "SELECT COUNT(*) FROM users WHERE username = ? OR "
                    "(? IS NOT NULL AND mobile = ?) OR "
                    "(? IS NOT NULL AND email = ?)",
        [U_INSERT] = "INSERT INTO users (username, mobile, email, "
                     "password_hash, nickname) VALUES (?, ?, ?, ?, ?)",
        [U_BY_ID] = "SELECT id, username FROM users WHERE id = ?",
        [U_BY_NAME] = "SELECT id, username FROM users WHERE username = ?",
        [U_ROLE_ADD] = SQL_ROLE_GRANT,
        [U_ROLE_DEL] = "DELETE FROM user_roles WHERE user_id = ? AND "
                       "role_id = ?",
        [U_ADMIN_SET] = "UPDATE users SET is_admin = ? WHERE id = ?",
        [U_AGENT_FIND] = "SELECT id FROM agents WHERE id = ? FOR UPDATE",
        [U_AGENT_UNLINK_USER] = "UPDATE agents SET user_id = NULL "
                                "WHERE user_id = ?",
        [U_AGENT_LINK] = "UPDATE agents SET user_id = ? WHERE id = ?",
        [U_SET_HASH] = "UPDATE users SET password_hash = ? WHERE id = ?",
        [U_REVOKE_SESSIONS] = "UPDATE sessions SET revoked_at = "
                              "UTC_TIMESTAMP() WHERE user_id = ? AND "
                              "revoked_at IS NULL",
        [U_PRIV_LIST] = "SELECT p.method, p.prefix, "
                        "COALESCE(GROUP_CONCAT(r.name ORDER BY r.id), ''), "
                        "p.description FROM privileges p "
                        "LEFT JOIN role_privileges rp ON rp.privilege_id = "
                        "p.id LEFT JOIN roles r ON r.id = rp.role_id "
                        "GROUP BY p.id ORDER BY p.prefix, p.method",
        [U_PRIV_ENSURE] = "INSERT IGNORE INTO privileges (method, prefix) "
                          "VALUES (?, ?)",
        [U_PRIV_ID] = "SELECT id FROM privileges WHERE method = ? AND "
                      "prefix = ?",
        [U_PRIV_GRANT] = "INSERT IGNORE INTO role_privileges (role_id, "
                         "privilege_id) VALUES (?, ?)",
        [U_PRIV_REVOKE] = "DELETE rp FROM role_privileges rp "
                          "JOIN privileges p ON p.id = rp.privilege_id "
                          "WHERE rp.role_id = ? AND p.method = ? AND "
                          "p.prefix = ?",
};

static const char *const migrate_sql[M__MAX] = {
        /* One migration at a time, on any node of a Galera cluster: a
         * committed row (GET_LOCK holds on one node only; migration 0022
         * says more).  A runner that died leaves it: taken over after an
         * hour, or deleted by hand. */
        [M_LOCK] = "INSERT INTO schema_lock (name, holder) VALUES "
                   "('migrate', ?)",
        [M_STEAL] = "UPDATE schema_lock SET holder = ?, taken_at = NOW() "
                    "WHERE name = 'migrate' AND taken_at < NOW() - "
                    "INTERVAL 3600 SECOND",
        [M_HOLDER] = "SELECT holder, DATE_FORMAT(taken_at, "
                     "'%Y-%m-%d %H:%i:%s') FROM schema_lock "
                     "WHERE name = 'migrate'",
        [M_UNLOCK] = "DELETE FROM schema_lock WHERE name = 'migrate' AND "
                     "holder = ?",
        [M_APPLIED] = "SELECT version, checksum FROM schema_migrations",
        [M_RECORD] = "INSERT INTO schema_migrations (version, name, checksum) "
                     "VALUES (?, ?, ?)",
};

static const char *const migrate_table =
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        "version INT UNSIGNED NOT NULL PRIMARY KEY, "
        "name VARCHAR(255) NOT NULL, "
        "checksum CHAR(64) NOT NULL, "
        "applied_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP"
        ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4";

/* The runner's lock, made before any migration (see M_LOCK). */
static const char *const migrate_lock_table =
        "CREATE TABLE IF NOT EXISTS schema_lock ("
        "name VARCHAR(16) CHARACTER SET ascii NOT NULL PRIMARY KEY, "
        "holder VARCHAR(128) NOT NULL, "
        "taken_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP"
        ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4";

/* Take the migration lock as holder, waiting up to 60 s for another
 * runner: 0, or -1 (said why). */
static int
migrate_lock(struct db *d, const char *holder)
{
	struct db_val v = DB_STR(holder);
	struct db_res *r = NULL;
	uint64_t n = 0;
	int rc, i;

	for (i = 0; i < 60; i++) {
		rc = db_exec(d, M_LOCK, &v, 1, NULL, NULL, NULL);
		if (rc == DB_OK)
			return 0;
		if (rc != DB_DUP && rc != DB_RETRY)
			break;
		rc = db_exec(d, M_STEAL, &v, 1, NULL, &n, NULL);
		if (rc == DB_OK && n == 1) {
			fprintf(stderr, "zufang-admin: took over a migration "
			                "lock older than an hour\n");
			return 0;
		}
		if (rc != DB_OK && rc != DB_RETRY)
			break;
		sleep(1);
	}
	if (rc != DB_DUP && rc != DB_RETRY && rc != DB_OK) {
		fprintf(stderr, "zufang-admin: cannot take the migration lock "
		                "(schema_lock)\n");
		return -1;
	}
	if (db_exec(d, M_HOLDER, NULL, 0, &r, NULL, NULL) == DB_OK &&
	    r->nrows == 1)
		fprintf(stderr,
		        "zufang-admin: another migration is running (%s, "
		        "since %s UTC); if it is not, DELETE FROM schema_lock "
		        "and run again\n",
		        db_str(r, 0, 0) ? db_str(r, 0, 0) : "?",
		        db_str(r, 0, 1) ? db_str(r, 0, 1) : "?");
	else
		fprintf(stderr, "zufang-admin: another migration is running\n");
	db_res_free(r);
	return -1;
}
static void
usage(void)
{
	fprintf(stderr,
	        "usage: zufang-admin config [KEY]   print the configuration\n"
	        "       zufang-admin check-config   check every key; names "
	        "the key and the fix\n"
	        "       zufang-admin migrate        apply new migrations\n"
	        "       zufang-admin check-sql      prepare every statement\n"
	        "       zufang-admin admin grant USER_ID    make a user an "
	        "administrator\n"
	        "       zufang-admin admin revoke USER_ID   take the role "
	        "back\n"
	        "       zufang-admin admin list             list the "
	        "administrators\n"
	        "       zufang-admin password-hash          print the argon2id "
	        "hash of the\n"
	        "                                           password on stdin "
	        "(one line)\n"
	        "       zufang-admin user add USERNAME [--mobile M] [--email "
	        "E] "
	        "[--role ROLE]...\n"
	        "                        a directory account; the password is "
	        "stdin's first\n"
	        "                        line (8-64 characters); prints the "
	        "new id\n"
	        "       zufang-admin user role USER add|remove ROLE "
	        "[--agent AGENTID]\n"
	        "                        ROLE landlord, agent or admin; USER "
	        "an "
	        "id or a username\n"
	        "       zufang-admin user passwd USER   a new password from "
	        "stdin; logs USER out\n"
	        "       zufang-admin priv list          the privileges and "
	        "their roles\n"
	        "       zufang-admin priv grant|revoke ROLE METHOD PREFIX\n"
	        "                        ROLE anonymous, user, landlord, agent "
	        "or admin\n"
	        "       zufang-admin refund list    payments to refund\n"
	        "       zufang-admin refund PAYMENT_ID [--amount YUAN] "
	        "[--reason TEXT]\n"
	        "       zufang-admin refund query OUT_REQUEST_NO\n"
	        "       zufang-admin reconcile [--since HOURS]   our "
	        "payments in doubt\n"
	        "                        against Alipay, a line per "
	        "difference\n"
	        "       zufang-admin demo-data          load the document's "
	        "demo accounts and\n"
	        "                                       catalogue (public "
	        "passwords!)\n"
	        "       zufang-admin backup DIR     database and media into a "
	        "new folder\n"
	        "       zufang-admin restore [--force] DIR   verify DIR, then "
	        "replace both\n"
	        "       zufang-admin media-sweep [--delete] [--older-than S]  "
	        "unreferenced media\n"
	        "       zufang-admin review list|approve|reject ...  pending "
	        "submissions (review -h)\n"
	        "       zufang-admin listings reported|show|pulloff|dismiss ... "
	        " reported listings\n");
}

static int
cmd_config(int argc, char **argv)
{
	size_t i;
	const char *v;

	if (config_load(&app.cfg, 0) < 0)
		return 1;
	if (argc > 2) {
		v = config_value(&app.cfg, argv[2]);
		if (v == NULL) {
			fprintf(stderr, "zufang-admin: unknown key %s\n",
			        argv[2]);
			return 2;
		}
		if (strcmp(argv[2], "wechat_secret") == 0 && *v != '\0')
			v = "(set)";
		printf("%s\n", v);
		return 0;
	}
	for (i = 0; i < config_nkeys; i++) {
		v = config_value(&app.cfg, config_keys[i].name);
		if (strcmp(config_keys[i].name, "wechat_secret") == 0 && v &&
		    *v != '\0')
			v = "(set)";
		printf("%s = %s\n", config_keys[i].name, v ? v : "");
	}
	return 0;
}

/* NNNN_name.sql */
static int
is_migration(const struct dirent *d)
{
	size_t n = strlen(d->d_name);
	int i;

	if (n < 10 || strcmp(d->d_name + n - 4, ".sql") != 0 ||
	    d->d_name[4] != '_')
		return 0;
	for (i = 0; i < 4; i++)
		if (d->d_name[i] < '0' || d->d_name[i] > '9')
			return 0;
	return 1;
}

static char *
read_file(const char *path, size_t *len)
{
	struct buf b = {0};
	char chunk[8192];
	size_t n;
	FILE *f = fopen(path, "re");

	if (f == NULL)
		return NULL;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	return buf_take(&b, len);
}

static int
cmd_migrate(void)
{
	struct dirent **list = NULL;
	struct db_res *done = NULL;
	struct db *d = app_db_new(migrate_sql, M__MAX, 60, 1);
	char err[512], holder[128], host[64] = "?";
	int i, n = 0, rc = 1, applied = 0, locked = 0;

	if (db_run(d, migrate_table, err, sizeof(err)) != DB_OK ||
	    db_run(d, migrate_lock_table, err, sizeof(err)) != DB_OK) {
		fprintf(stderr, "zufang-admin: %s\n", err);
		goto out;
	}
	gethostname(host, sizeof(host) - 1);
	host[sizeof(host) - 1] = '\0';
	if (snprintf(holder, sizeof(holder), "%s pid %ld", host,
	             (long)getpid()) >= (int)sizeof(holder))
		holder[sizeof(holder) - 1] = '\0';
	if (migrate_lock(d, holder) < 0)
		goto out;
	locked = 1;
	if (db_exec(d, M_APPLIED, NULL, 0, &done, NULL, NULL) != DB_OK) {
		fprintf(stderr,
		        "zufang-admin: cannot read schema_migrations\n");
		goto out;
	}
	n = scandir(app.cfg.migrations_dir, &list, is_migration, alphasort);
	if (n < 0) {
		fprintf(stderr, "zufang-admin: %s: %s\n",
		        app.cfg.migrations_dir, strerror(errno));
		goto out;
	}
	for (i = 0; i < n; i++) {
		const char *name = list[i]->d_name;
		long version = (name[0] - '0') * 1000 + (name[1] - '0') * 100 +
		               (name[2] - '0') * 10 + (name[3] - '0');
		unsigned char sum[32];
		char hex[65], *sql;
		struct buf path = {0};
		struct db_val a[3];
		size_t len, j;
		int seen = 0;

		buf_addf(&path, "%s/%s", app.cfg.migrations_dir, name);
		sql = read_file(path.p, &len);
		buf_free(&path);
		if (sql == NULL) {
			fprintf(stderr, "zufang-admin: cannot read %s\n", name);
			goto out;
		}
		crypto_sha256(sql, len, sum);
		crypto_hex(sum, sizeof(sum), hex);
		for (j = 0; j < done->nrows; j++) {
			if (db_int(done, j, 0, -1) != version)
				continue;
			seen = 1;
			if (strcmp(db_str(done, j, 1), hex) != 0) {
				fprintf(stderr,
				        "zufang-admin: %s changed after it was "
				        "applied; add a new migration "
				        "instead\n",
				        name);
				free(sql);
				goto out;
			}
		}
		if (seen) {
			free(sql);
			continue;
		}
		if (db_run(d, sql, err, sizeof(err)) != DB_OK) {
			fprintf(stderr, "zufang-admin: %s: %s\n", name, err);
			free(sql);
			goto out;
		}
		free(sql);
		a[0] = DB_INT(version);
		a[1] = DB_STR(name);
		a[2] = DB_TEXT(hex, 64);
		if (db_exec(d, M_RECORD, a, 3, NULL, NULL, NULL) != DB_OK) {
			fprintf(stderr, "zufang-admin: cannot record %s\n",
			        name);
			goto out;
		}
		printf("applied %s\n", name);
		applied++;
	}
	printf("migrations: %d applied, schema up to date\n", applied);
	rc = 0;
out:
	if (list != NULL) {
		for (i = 0; i < n; i++)
			free(list[i]);
		free(list);
	}
	db_res_free(done);
	if (locked) {
		struct db_val v = DB_STR(holder);

		if (db_exec(d, M_UNLOCK, &v, 1, NULL, NULL, NULL) != DB_OK) {
			fprintf(stderr, "zufang-admin: the migration lock "
			                "stays (DELETE FROM schema_lock)\n");
			rc = 1;
		}
	}
	db_free(d);
	return rc;
}

static int
cmd_check_sql(void)
{
	int bad;

	app.db = app_db_new(schema_sql, Q__MAX, 5, 0);
	if (db_connect(app.db) != DB_OK) {
		fprintf(stderr, "zufang-admin: cannot connect\n");
		return 1;
	}
	bad = db_prepare_all(app.db);
	printf("check-sql: %d statements, %d failed\n", (int)Q__MAX, bad);
	db_free(app.db);
	return bad == 0 ? 0 : 1;
}

/* zufang-admin admin grant|revoke USER_ID, admin list. */
static int
cmd_admin(int argc, char **argv)
{
	struct db *d = app_db_new(admin_sql, A__MAX, 5, 0);
	struct db_res *rows = NULL;
	struct db_val a[2];
	long long uid = 0;
	int grant, rc = 1;
	size_t i;

	if (argc == 3 && strcmp(argv[2], "list") == 0) {
		if (db_exec(d, A_LIST, NULL, 0, &rows, NULL, NULL) != DB_OK) {
			fprintf(stderr, "zufang-admin: cannot read users\n");
			goto out;
		}
		for (i = 0; i < rows->nrows; i++)
			printf("%lld\t%s\n", db_int(rows, i, 0, 0),
			       db_str(rows, i, 1) ? db_str(rows, i, 1) : "");
		rc = 0;
		goto out;
	}
	if (argc != 4 ||
	    (strcmp(argv[2], "grant") != 0 && strcmp(argv[2], "revoke") != 0) ||
	    valid_int(argv[3], strlen(argv[3]), 1, LLONG_MAX, &uid, NULL, 0) <
	            0) {
		usage();
		rc = 2;
		goto out;
	}
	grant = strcmp(argv[2], "grant") == 0;
	a[0] = DB_INT(uid);
	if (db_exec(d, A_GET, a, 1, &rows, NULL, NULL) != DB_OK) {
		fprintf(stderr, "zufang-admin: cannot read users\n");
		goto out;
	}
	if (rows->nrows != 1) {
		fprintf(stderr, "zufang-admin: no user %lld\n", uid);
		goto out;
	}
	a[0] = DB_INT(grant);
	a[1] = DB_INT(uid);
	if (db_exec(d, A_SET, a, 2, NULL, NULL, NULL) != DB_OK) {
		fprintf(stderr, "zufang-admin: cannot update user %lld\n", uid);
		goto out;
	}
	printf("user %lld %s\n", uid,
	       grant ? "is an administrator" : "is not an administrator");
	rc = 0;
out:
	db_res_free(rows);
	db_free(d);
	return rc;
}

/* zufang-admin password-hash: the stored form (argon2id, the configured
 * cost) of the password on stdin's first line, for accounts made by
 * operators or by generators of test data.  The password never appears in
 * argv (ps) or in the output. */
static int
cmd_password_hash(void)
{
	char pw[CRYPTO_PW_MAX + 2], hash[CRYPTO_PWHASH_STRBYTES];
	struct crypto_pwparams pp;
	size_t n;

	if (fgets(pw, sizeof(pw), stdin) == NULL) {
		fprintf(stderr, "zufang-admin: no password on stdin\n");
		return 1;
	}
	n = strcspn(pw, "\r\n");
	pw[n] = '\0';
	accounts_pwparams(&pp);
	if (n == 0 || crypto_pwhash_new(pw, n, &pp, hash) < 0) {
		fprintf(stderr,
		        "zufang-admin: password refused (1 to %d bytes, "
		        "no NUL)\n",
		        CRYPTO_PW_MAX);
		explicit_bzero(pw, sizeof(pw));
		return 1;
	}
	explicit_bzero(pw, sizeof(pw));
	printf("%s\n", hash);
	return 0;
}

/* ---- user and priv (directory.md 2, 4) ---- */

/* ^[A-Za-z][A-Za-z0-9_]{2,19}$: never like a mobile number or an e-mail. */
static int
valid_username(const char *s)
{
	size_t n = strlen(s), i;

	if (n < 3 || n > 20 ||
	    !((s[0] >= 'A' && s[0] <= 'Z') || (s[0] >= 'a' && s[0] <= 'z')))
		return 0;
	for (i = 1; i < n; i++)
		if (!((s[i] >= 'A' && s[i] <= 'Z') ||
		      (s[i] >= 'a' && s[i] <= 'z') ||
		      (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return 0;
	return 1;
}

/* A sane e-mail: printable ASCII without spaces, one '@' with 1-64
 * characters before it and a dotted domain after it, at most 254 in all. */
static int
valid_email(const char *s)
{
	const char *at = strchr(s, '@'), *dot;
	size_t n = strlen(s), i;

	if (at == NULL || strchr(at + 1, '@') != NULL || at == s ||
	    at - s > 64 || n > 254)
		return 0;
	for (i = 0; i < n; i++)
		if (s[i] <= ' ' || s[i] > '~')
			return 0;
	dot = strrchr(at + 1, '.');
	return dot != NULL && dot > at + 1 && dot[1] != '\0';
}

/* The password on stdin's first line, 8-64 characters, not name: its
 * argon2id string in hash.  0, or -1 said on stderr. */
static int
read_password(const char *name, char hash[CRYPTO_PWHASH_STRBYTES])
{
	char pw[CRYPTO_PW_MAX + 2];
	struct crypto_pwparams pp;
	size_t n;
	int rc = -1;

	if (fgets(pw, sizeof(pw), stdin) == NULL) {
		fprintf(stderr, "zufang-admin: no password on stdin\n");
		return -1;
	}
	n = strcspn(pw, "\r\n");
	pw[n] = '\0';
	accounts_pwparams(&pp);
	if (valid_text(pw, n, 8, 64, NULL, 0) < 0 || strchr(pw, '\t'))
		fprintf(stderr, "zufang-admin: the password must be 8 to 64 "
		                "characters\n");
	else if (name != NULL && strcasecmp(pw, name) == 0)
		fprintf(stderr, "zufang-admin: the password must not be the "
		                "username\n");
	else if (crypto_pwhash_new(pw, n, &pp, hash) < 0)
		fprintf(stderr, "zufang-admin: cannot hash the password\n");
	else
		rc = 0;
	explicit_bzero(pw, sizeof(pw));
	return rc;
}

/* The role of the user commands: landlord, agent or admin; 0 otherwise. */
static int
user_role(const char *name)
{
	int r = privileges_role(name);

	return r == ROLE_LANDLORD || r == ROLE_AGENT || r == ROLE_ADMIN ? r : 0;
}

/* Give (on 1) or take uid's role r: admin is users.is_admin, the others
 * rows of user_roles; taking agent also unlinks its agent record. */
static int
set_role(struct db *d, long long uid, int r, int on)
{
	struct db_val a[2] = {DB_INT(uid), DB_INT(r)};

	if (r == ROLE_ADMIN) {
		a[0] = DB_INT(on);
		a[1] = DB_INT(uid);
		return db_exec(d, U_ADMIN_SET, a, 2, NULL, NULL, NULL);
	}
	if (on)
		return db_exec(d, U_ROLE_ADD, a, 2, NULL, NULL, NULL);
	if (r == ROLE_AGENT &&
	    db_exec(d, U_AGENT_UNLINK_USER, a, 1, NULL, NULL, NULL) != DB_OK)
		return DB_ERR;
	return db_exec(d, U_ROLE_DEL, a, 2, NULL, NULL, NULL);
}

/* zufang-admin user add USERNAME [--mobile M] [--email E] [--role R]... */
static int
cmd_user_add(struct db *d, int argc, char **argv)
{
	char hash[CRYPTO_PWHASH_STRBYTES];
	const char *name = argv[3], *mobile = NULL, *email = NULL;
	struct db_res *rows = NULL;
	struct db_val a[5];
	int roles[8], nroles = 0, i, rc = 1;
	uint64_t id = 0;

	if (!valid_username(name)) {
		fprintf(stderr, "zufang-admin: a username is a letter, then 2 "
		                "to 19 letters, digits or '_'\n");
		return 2;
	}
	for (i = 4; i < argc; i++) {
		const char *opt = argv[i],
		           *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (v == NULL)
			goto usage;
		if (strcmp(opt, "--mobile") == 0 && mobile == NULL &&
		    valid_mobile(v, strlen(v), NULL, 0) == 0)
			mobile = v;
		else if (strcmp(opt, "--email") == 0 && email == NULL &&
		         valid_email(v))
			email = v;
		else if (strcmp(opt, "--role") == 0 && user_role(v) &&
		         nroles < (int)(sizeof(roles) / sizeof(roles[0])))
			roles[nroles++] = user_role(v);
		else
			goto usage;
		i++;
	}
	if (read_password(name, hash) < 0)
		return 2;
	a[0] = DB_STR(name);
	a[1] = DB_STR(mobile);
	a[2] = DB_STR(mobile);
	a[3] = DB_STR(email);
	a[4] = DB_STR(email);
	if (db_begin(d) != DB_OK ||
	    db_exec(d, U_TAKEN, a, 5, &rows, NULL, NULL) != DB_OK) {
		fprintf(stderr, "zufang-admin: cannot read users\n");
		goto out;
	}
	if (db_int(rows, 0, 0, 0) > 0) {
		fprintf(stderr, "zufang-admin: the username, mobile or e-mail "
		                "belongs to an account already\n");
		goto out;
	}
	a[1] = DB_STR(mobile);
	a[2] = DB_STR(email);
	a[3] = DB_STR(hash);
	a[4] = DB_STR(name);
	switch (db_exec(d, U_INSERT, a, 5, NULL, NULL, &id)) {
	case DB_OK:
		break;
	case DB_DUP:
		fprintf(stderr, "zufang-admin: the username, mobile or e-mail "
		                "belongs to an account already\n");
		goto out;
	default:
		fprintf(stderr, "zufang-admin: cannot create the account\n");
		goto out;
	}
	for (i = 0; i < nroles; i++)
		if (set_role(d, (long long)id, roles[i], 1) != DB_OK) {
			fprintf(stderr, "zufang-admin: cannot give a role\n");
			goto out;
		}
	if (db_commit(d) != DB_OK) {
		fprintf(stderr, "zufang-admin: cannot create the account\n");
		goto out;
	}
	printf("%llu\n", (unsigned long long)id);
	rc = 0;
out:
	if (rc != 0)
		db_rollback(d);
	db_res_free(rows);
	crypto_wipe(hash, sizeof(hash));
	return rc;
usage:
	usage();
	return 2;
}

/* The account USER names (an id or a username): its id, 0 when none,
 * -1 on a database failure. */
static long long
find_user(struct db *d, const char *user)
{
	struct db_res *rows = NULL;
	struct db_val a;
	long long id = 0;
	int byid =
	        valid_int(user, strlen(user), 1, LLONG_MAX, &id, NULL, 0) == 0;

	a = byid ? DB_INT(id) : DB_STR(user);
	if (db_exec(d, byid ? U_BY_ID : U_BY_NAME, &a, 1, &rows, NULL, NULL) !=
	    DB_OK) {
		fprintf(stderr, "zufang-admin: cannot read users\n");
		return -1;
	}
	id = rows->nrows == 1 ? db_int(rows, 0, 0, 0) : 0;
	db_res_free(rows);
	if (id == 0)
		fprintf(stderr, "zufang-admin: no user %s\n", user);
	return id;
}

/* zufang-admin user role USER add|remove ROLE [--agent AGENTID] */
static int
cmd_user_role(struct db *d, int argc, char **argv)
{
	struct db_res *rows = NULL;
	struct db_val a[2];
	long long uid, agent = 0;
	int on, r, rc = 1;

	if (argc != 6 && argc != 8)
		goto usage;
	on = strcmp(argv[4], "add") == 0;
	r = user_role(argv[5]);
	if ((!on && strcmp(argv[4], "remove") != 0) || r == 0)
		goto usage;
	if (argc == 8 &&
	    (strcmp(argv[6], "--agent") != 0 || !on || r != ROLE_AGENT ||
	     valid_int(argv[7], strlen(argv[7]), 1, LLONG_MAX, &agent, NULL,
	               0) < 0))
		goto usage;
	if ((uid = find_user(d, argv[3])) <= 0)
		return 1;
	if (db_begin(d) != DB_OK)
		goto fail;
	if (agent != 0) {
		a[0] = DB_INT(agent);
		if (db_exec(d, U_AGENT_FIND, a, 1, &rows, NULL, NULL) != DB_OK)
			goto fail;
		if (rows->nrows != 1) {
			fprintf(stderr, "zufang-admin: no agent %lld\n", agent);
			goto out;
		}
		/* One account per agent record, one record per account: the
		 * account's earlier record loses it. */
		a[0] = DB_INT(uid);
		a[1] = DB_INT(agent);
		if (db_exec(d, U_AGENT_UNLINK_USER, a, 1, NULL, NULL, NULL) !=
		            DB_OK ||
		    db_exec(d, U_AGENT_LINK, a, 2, NULL, NULL, NULL) != DB_OK)
			goto fail;
	}
	if (set_role(d, uid, r, on) != DB_OK || db_commit(d) != DB_OK)
		goto fail;
	printf("user %lld %s %s%s%s\n", uid, on ? "has" : "has not", argv[5],
	       agent ? " for agent " : "", agent ? argv[7] : "");
	rc = 0;
	goto out;
fail:
	fprintf(stderr, "zufang-admin: cannot change the roles of user %lld\n",
	        uid);
out:
	if (rc != 0)
		db_rollback(d);
	db_res_free(rows);
	return rc;
usage:
	usage();
	return 2;
}

/* zufang-admin user passwd USER: a new password; every session ends. */
static int
cmd_user_passwd(struct db *d, int argc, char **argv)
{
	char hash[CRYPTO_PWHASH_STRBYTES];
	struct db_res *rows = NULL;
	struct db_val a[2];
	long long uid;
	int rc = 1;

	if (argc != 4) {
		usage();
		return 2;
	}
	if ((uid = find_user(d, argv[3])) <= 0)
		return 1;
	a[0] = DB_INT(uid);
	if (db_exec(d, U_BY_ID, a, 1, &rows, NULL, NULL) != DB_OK ||
	    rows->nrows != 1)
		goto out;
	if (read_password(db_str(rows, 0, 1), hash) < 0) {
		rc = 2;
		goto out;
	}
	a[0] = DB_STR(hash);
	a[1] = DB_INT(uid);
	if (db_begin(d) != DB_OK ||
	    db_exec(d, U_SET_HASH, a, 2, NULL, NULL, NULL) != DB_OK ||
	    (a[0] = DB_INT(uid),
	     db_exec(d, U_REVOKE_SESSIONS, a, 1, NULL, NULL, NULL)) != DB_OK ||
	    db_commit(d) != DB_OK) {
		db_rollback(d);
		fprintf(stderr, "zufang-admin: cannot set the password\n");
		goto out;
	}
	printf("user %lld has a new password; its sessions are revoked\n", uid);
	rc = 0;
out:
	db_res_free(rows);
	crypto_wipe(hash, sizeof(hash));
	return rc;
}

static int
cmd_user(int argc, char **argv)
{
	struct db *d;
	int rc;

	if (argc < 4) {
		usage();
		return 2;
	}
	d = app_db_new(user_sql, U__MAX, 5, 0);
	if (strcmp(argv[2], "add") == 0)
		rc = cmd_user_add(d, argc, argv);
	else if (strcmp(argv[2], "role") == 0)
		rc = cmd_user_role(d, argc, argv);
	else if (strcmp(argv[2], "passwd") == 0)
		rc = cmd_user_passwd(d, argc, argv);
	else {
		usage();
		rc = 2;
	}
	db_free(d);
	return rc;
}

/* A privilege's method and URL prefix: GET, POST, PUT or DELETE, and a
 * path of printable ASCII starting with "/api/". */
static int
valid_privilege(const char *method, const char *prefix)
{
	static const char *const methods[] = {"GET", "POST", "PUT", "DELETE"};
	size_t i, n = strlen(prefix);
	int ok = 0;

	for (i = 0; i < sizeof(methods) / sizeof(methods[0]); i++)
		ok |= strcmp(method, methods[i]) == 0;
	if (!ok || n > 255 || strncmp(prefix, "/api/", 5) != 0)
		return 0;
	for (i = 0; i < n; i++)
		if (prefix[i] <= ' ' || prefix[i] > '~')
			return 0;
	return 1;
}

/* zufang-admin priv list, priv grant|revoke ROLE METHOD PREFIX */
static int
cmd_priv(int argc, char **argv)
{
	struct db *d = app_db_new(user_sql, U__MAX, 5, 0);
	struct db_res *rows = NULL;
	struct db_val a[3];
	uint64_t n = 0;
	int grant, role, rc = 1;
	size_t i;

	if (argc == 3 && strcmp(argv[2], "list") == 0) {
		if (db_exec(d, U_PRIV_LIST, NULL, 0, &rows, NULL, NULL) !=
		    DB_OK) {
			fprintf(stderr,
			        "zufang-admin: cannot read privileges\n");
			goto out;
		}
		for (i = 0; i < rows->nrows; i++)
			printf("%s\t%s\t%s\t%s\n", db_str(rows, i, 0),
			       db_str(rows, i, 1), db_str(rows, i, 2),
			       db_str(rows, i, 3));
		rc = 0;
		goto out;
	}
	grant = argc == 6 && strcmp(argv[2], "grant") == 0;
	if (argc != 6 || (!grant && strcmp(argv[2], "revoke") != 0) ||
	    (role = privileges_role(argv[3])) == 0 ||
	    !valid_privilege(argv[4], argv[5])) {
		usage();
		rc = 2;
		goto out;
	}
	a[0] = DB_STR(argv[4]);
	a[1] = DB_STR(argv[5]);
	if (!grant) {
		a[0] = DB_INT(role);
		a[1] = DB_STR(argv[4]);
		a[2] = DB_STR(argv[5]);
		if (db_exec(d, U_PRIV_REVOKE, a, 3, NULL, &n, NULL) != DB_OK)
			goto fail;
		printf("%s %s %s %s %s\n", argv[3], n ? "lost" : "did not have",
		       argv[4], argv[5], n ? "" : "(nothing changed)");
		rc = 0;
		goto out;
	}
	if (db_begin(d) != DB_OK ||
	    db_exec(d, U_PRIV_ENSURE, a, 2, NULL, NULL, NULL) != DB_OK ||
	    db_exec(d, U_PRIV_ID, a, 2, &rows, NULL, NULL) != DB_OK ||
	    rows->nrows != 1)
		goto fail;
	a[0] = DB_INT(role);
	a[1] = DB_INT(db_int(rows, 0, 0, 0));
	if (db_exec(d, U_PRIV_GRANT, a, 2, NULL, NULL, NULL) != DB_OK ||
	    db_commit(d) != DB_OK)
		goto fail;
	printf("%s has %s %s\n", argv[3], argv[4], argv[5]);
	rc = 0;
	goto out;
fail:
	db_rollback(d);
	fprintf(stderr, "zufang-admin: cannot change the privileges\n");
out:
	db_res_free(rows);
	db_free(d);
	return rc;
}

int
main(int argc, char **argv)
{
	int rc;

	if (argc < 2) {
		usage();
		return 2;
	}
	if (strcmp(argv[1], "config") == 0)
		return cmd_config(argc, argv);
	else if (strcmp(argv[1], "check-config") == 0) /* before the secrets */
		return cmd_check_config(argc, argv);
	if (config_load(&app.cfg, 1) < 0)
		return 1;
	log_open(NULL, LOG_WARN); /* errors to stderr */
	if (strcmp(argv[1], "migrate") == 0) {
		rc = cmd_migrate();
	} else if (strcmp(argv[1], "check-sql") == 0) {
		rc = cmd_check_sql();
	} else if (strcmp(argv[1], "admin") == 0) {
		rc = cmd_admin(argc, argv);
	} else if (strcmp(argv[1], "user") == 0) {
		rc = cmd_user(argc, argv);
	} else if (strcmp(argv[1], "priv") == 0) {
		rc = cmd_priv(argc, argv);
	} else if (strcmp(argv[1], "refund") == 0) {
		rc = cmd_refund(argc, argv);
	} else if (strcmp(argv[1], "reconcile") == 0) {
		rc = cmd_reconcile(argc, argv);
	} else if (strcmp(argv[1], "review") == 0) {
		rc = cmd_review(argc, argv);
	} else if (strcmp(argv[1], "listings") == 0) {
		rc = cmd_listings(argc, argv);
	} else if (strcmp(argv[1], "demo-data") == 0 && argc == 2) {
		rc = demo_load();
	} else if (strcmp(argv[1], "backup") == 0) {
		rc = cmd_backup(argc, argv);
	} else if (strcmp(argv[1], "restore") == 0) {
		rc = cmd_restore(argc, argv);
	} else if (strcmp(argv[1], "media-sweep") == 0) {
		rc = cmd_media_sweep(argc, argv);
	} else if (strcmp(argv[1], "password-hash") == 0 && argc == 2) {
		rc = cmd_password_hash();
	} else {
		usage();
		rc = 2;
	}
	config_free(&app.cfg);
	return rc;
}
