/* zufang-admin: configuration, migrations and the schema check. */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accounts.h"
#include "app.h"
#include "buf.h"
#include "crypto.h"
#include "log.h"
#include "schema.h"
#include "valid.h"

enum { M_LOCK, M_APPLIED, M_RECORD, M__MAX };

/* The administrator role (qsz.md 6: /payment/ali/pay_to_customer). */
enum { A_SET, A_GET, A_LIST, A__MAX };

static const char *const admin_sql[A__MAX] = {
        [A_SET] = "UPDATE users SET is_admin = ? WHERE id = ?",
        [A_GET] = "SELECT is_admin FROM users WHERE id = ?",
        [A_LIST] = "SELECT id, nickname FROM users WHERE is_admin = 1 "
                   "ORDER BY id",
};

static const char *const migrate_sql[M__MAX] = {
        [M_LOCK] = "SELECT GET_LOCK('zufang.migrate', 60)",
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

static void
usage(void)
{
	fprintf(stderr,
	        "usage: zufang-admin config [KEY]   print the configuration\n"
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
	        "(one line)\n");
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
	char err[512];
	int i, n, rc = 1, applied = 0;

	if (db_run(d, migrate_table, err, sizeof(err)) != DB_OK) {
		fprintf(stderr, "zufang-admin: %s\n", err);
		goto out;
	}
	if (db_exec(d, M_LOCK, NULL, 0, &done, NULL, NULL) != DB_OK ||
	    done->nrows != 1 || db_int(done, 0, 0, 0) != 1) {
		fprintf(stderr, "zufang-admin: another migration is running\n");
		goto out;
	}
	db_res_free(done);
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
	if (config_load(&app.cfg, 1) < 0)
		return 1;
	log_open(NULL, LOG_WARN); /* errors to stderr */
	if (strcmp(argv[1], "migrate") == 0) {
		rc = cmd_migrate();
	} else if (strcmp(argv[1], "check-sql") == 0) {
		rc = cmd_check_sql();
	} else if (strcmp(argv[1], "admin") == 0) {
		rc = cmd_admin(argc, argv);
	} else if (strcmp(argv[1], "password-hash") == 0 && argc == 2) {
		rc = cmd_password_hash();
	} else {
		usage();
		rc = 2;
	}
	config_free(&app.cfg);
	return rc;
}
