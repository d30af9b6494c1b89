/* zufang-admin backup, restore and media-sweep.
 *
 * Why mariadb-dump --single-transaction and not mariadb-backup: the dump
 * runs as the service's own database account through the configured socket
 * and holds only the service's database (mariadb-backup copies the whole
 * instance's files, needs RELOAD/PROCESS privileges and the datadir, and
 * its restore needs the server stopped and the datadir replaced); one
 * REPEATABLE READ snapshot is consistent for InnoDB without locking the
 * workers out; and the text restores into any MariaDB of the same or a
 * later version.  The price is restore time (rows are inserted again and
 * the indexes rebuilt): see scripts/bench-backup.
 *
 * A backup folder:
 *   MANIFEST       what, when, the schema (the migrations applied), and the
 *                  SHA-256 and size of every other file; its last line is
 *                  the SHA-256 of the lines before it
 *   database.sql   the dump
 *   media/data/userphoto/..., media/data/private/...   the media files
 * Files 0600, folders 0700: identity documents and personal data are in it.
 *
 * Media and the snapshot: files are never changed in place (a new upload
 * gets a new name), so the media are copied before the dump and again after
 * it (only the files new since): every file a row of the snapshot names is
 * in the backup, with at most a few unreferenced ones that media-sweep
 * removes after a restore. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <openssl/evp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "admin_backup.h"
#include "app.h"
#include "buf.h"
#include "crypto.h"
#include "valid.h"

#define MANIFEST_MAGIC "zufang-backup 1"

enum {
	B_MIGRATIONS,
	B_SESSIONS,
	B_TABLES,
	B_ROUTINES,
	B_EVENTS,
	B_MEDIA_PATHS,
	B__MAX
};

static const char *const backup_sql[B__MAX] = {
        [B_MIGRATIONS] = "SELECT version, name, checksum FROM "
                         "schema_migrations ORDER BY version",
        /* Other sessions of our account on the database (an account
         * without PROCESS sees only its own): the running workers. */
        [B_SESSIONS] = "SELECT COUNT(*) FROM information_schema.PROCESSLIST "
                       "WHERE ID <> CONNECTION_ID() AND DB = DATABASE()",
        [B_TABLES] = "SELECT TABLE_NAME, TABLE_TYPE FROM "
                     "information_schema.TABLES WHERE TABLE_SCHEMA = "
                     "DATABASE()",
        [B_ROUTINES] = "SELECT ROUTINE_TYPE, ROUTINE_NAME FROM "
                       "information_schema.ROUTINES WHERE ROUTINE_SCHEMA = "
                       "DATABASE()",
        [B_EVENTS] = "SELECT EVENT_NAME FROM information_schema.EVENTS "
                     "WHERE EVENT_SCHEMA = DATABASE()",
        /* Every column that stores a media path (relative to media_dir):
         * portraits and avatars, identity documents, property
         * certificates and leases, listing photos and videos.
         * houses.photo_urls repeats house_photos.url. */
        [B_MEDIA_PATHS] =
                "SELECT headimgurl FROM users WHERE headimgurl IS NOT NULL "
                "UNION ALL SELECT id_portrait FROM users "
                "WHERE id_portrait IS NOT NULL "
                "UNION ALL SELECT idcard_front FROM users "
                "WHERE idcard_front IS NOT NULL "
                "UNION ALL SELECT idcard_back FROM users "
                "WHERE idcard_back IS NOT NULL "
                "UNION ALL SELECT property_cert_photo FROM house_certs "
                "UNION ALL SELECT lease_agreement_photo FROM house_certs "
                "WHERE lease_agreement_photo IS NOT NULL "
                "UNION ALL SELECT url FROM house_photos "
                "UNION ALL SELECT url FROM house_videos",
};

/* The media areas, under media_dir/data. */
static const char *const areas[] = {"userphoto", "private"};
#define NAREAS (sizeof(areas) / sizeof(areas[0]))

struct entry {
	char *path; /* relative to the backup folder */
	char sha[65];
	long long size;
	long long mtime;
};

struct entries {
	struct entry *v;
	size_t n, cap;
};

static void
entries_add(struct entries *e, const char *path, const char *sha,
            long long size, long long mtime)
{
	if (e->n == e->cap) {
		e->cap = e->cap ? e->cap * 2 : 64;
		e->v = xrealloc(e->v, e->cap * sizeof(*e->v));
	}
	e->v[e->n].path = xstrdup(path);
	memcpy(e->v[e->n].sha, sha, 65);
	e->v[e->n].size = size;
	e->v[e->n].mtime = mtime;
	e->n++;
}

static void
entries_free(struct entries *e)
{
	size_t i;

	for (i = 0; i < e->n; i++)
		free(e->v[i].path);
	free(e->v);
	e->v = NULL;
	e->n = e->cap = 0;
}

static double
now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void
fail(const char *what, const char *path)
{
	fprintf(stderr, "zufang-admin: %s %s: %s\n", what, path,
	        strerror(errno));
}

/* Copy src to a new file dst (mode, mtime kept) and hash it; with want
 * not NULL, fail unless the copy's SHA-256 is want.  0 or -1 (said). */
static int
copy_file(const char *src, const char *dst, mode_t mode, char sha[65],
          long long *size, const char *want)
{
	unsigned char buf[65536], md[32];
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	struct stat st;
	struct timespec ts[2];
	long long total = 0;
	int in = -1, out = -1, rc = -1;
	ssize_t n;

	if (ctx == NULL || EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) != 1)
		abort();
	if ((in = open(src, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) < 0 ||
	    fstat(in, &st) < 0) {
		fail("cannot read", src);
		goto out;
	}
	if ((out = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)) <
	    0) {
		fail("cannot create", dst);
		goto out;
	}
	while ((n = read(in, buf, sizeof(buf))) > 0) {
		if (write(out, buf, (size_t)n) != n) {
			fail("cannot write", dst);
			goto out;
		}
		EVP_DigestUpdate(ctx, buf, (size_t)n);
		total += n;
	}
	if (n < 0) {
		fail("cannot read", src);
		goto out;
	}
	ts[0] = st.st_atim;
	ts[1] = st.st_mtim;
	if (fchmod(out, mode) < 0 || futimens(out, ts) < 0 || fsync(out) < 0) {
		fail("cannot write", dst);
		goto out;
	}
	EVP_DigestFinal_ex(ctx, md, NULL);
	crypto_hex(md, sizeof(md), sha);
	*size = total;
	if (want != NULL && strcmp(sha, want) != 0) {
		fprintf(stderr, "zufang-admin: %s changed while restoring\n",
		        src);
		goto out;
	}
	rc = 0;
out:
	if (in >= 0)
		close(in);
	if (out >= 0 && close(out) < 0 && rc == 0) {
		fail("cannot write", dst);
		rc = -1;
	}
	if (rc < 0 && out >= 0)
		unlink(dst);
	EVP_MD_CTX_free(ctx);
	return rc;
}

/* The SHA-256 and size of a file. */
static int
hash_file(const char *path, char sha[65], long long *size)
{
	unsigned char buf[65536], md[32];
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	long long total = 0;
	ssize_t n;
	int fd, rc = -1;

	if (ctx == NULL || EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) != 1)
		abort();
	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) < 0) {
		fail("cannot read", path);
		goto out;
	}
	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		EVP_DigestUpdate(ctx, buf, (size_t)n);
		total += n;
	}
	close(fd);
	if (n < 0) {
		fail("cannot read", path);
		goto out;
	}
	EVP_DigestFinal_ex(ctx, md, NULL);
	crypto_hex(md, sizeof(md), sha);
	*size = total;
	rc = 0;
out:
	EVP_MD_CTX_free(ctx);
	return rc;
}

/* A name our walks take: no newline (the manifest is line-based), not
 * "." or "..". */
static int
plain_name(const char *n)
{
	return strcmp(n, ".") != 0 && strcmp(n, "..") != 0 &&
	       strchr(n, '\n') == NULL;
}

/* Copy the regular files under src/rel into dst/rel (folders made 0700),
 * recorded in e as prefix/rel; files already in dst are skipped (the
 * second pass).  0 or -1 (said). */
static int
copy_tree(const char *src, const char *dst, const char *rel, const char *prefix,
          struct entries *e, long long *bytes)
{
	struct buf s = {0}, d = {0}, r = {0}, p = {0};
	struct dirent *de;
	struct stat st;
	DIR *dir = NULL;
	int rc = -1;

	buf_addf(&s, "%s/%s", src, rel);
	buf_addf(&d, "%s/%s", dst, rel);
	if (mkdir(d.p, 0700) < 0 && errno != EEXIST) {
		fail("cannot create", d.p);
		goto out;
	}
	if ((dir = opendir(s.p)) == NULL) {
		if (errno == ENOENT) /* no such area yet */
			rc = 0;
		else
			fail("cannot read", s.p);
		goto out;
	}
	while ((errno = 0, de = readdir(dir)) != NULL) {
		char sha[65];
		long long size;

		if (!plain_name(de->d_name))
			continue;
		buf_reset(&s);
		buf_reset(&d);
		buf_reset(&r);
		buf_reset(&p);
		buf_addf(&r, "%s/%s", rel, de->d_name);
		buf_addf(&s, "%s/%s", src, r.p);
		buf_addf(&d, "%s/%s", dst, r.p);
		if (lstat(s.p, &st) < 0) {
			if (errno == ENOENT) /* removed meanwhile */
				continue;
			fail("cannot read", s.p);
			goto out;
		}
		if (S_ISDIR(st.st_mode)) {
			if (copy_tree(src, dst, r.p, prefix, e, bytes) < 0)
				goto out;
			continue;
		}
		if (!S_ISREG(st.st_mode) || access(d.p, F_OK) == 0)
			continue;
		if (copy_file(s.p, d.p, 0600, sha, &size, NULL) < 0) {
			if (errno == ENOENT)
				continue;
			goto out;
		}
		buf_addf(&p, "%s/%s", prefix, r.p);
		entries_add(e, p.p, sha, size, (long long)st.st_mtim.tv_sec);
		*bytes += size;
	}
	if (errno != 0) {
		fail("cannot read", src);
		goto out;
	}
	rc = 0;
out:
	if (dir != NULL)
		closedir(dir);
	buf_free(&s);
	buf_free(&d);
	buf_free(&r);
	buf_free(&p);
	return rc;
}

/* Remove a tree (no symlinks followed).  0 or -1. */
static int
remove_tree(const char *path)
{
	struct dirent *de;
	struct stat st;
	struct buf p = {0};
	DIR *dir;
	int rc = 0;

	if (lstat(path, &st) < 0)
		return errno == ENOENT ? 0 : -1;
	if (!S_ISDIR(st.st_mode))
		return unlink(path);
	if ((dir = opendir(path)) == NULL)
		return -1;
	while ((de = readdir(dir)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		buf_reset(&p);
		buf_addf(&p, "%s/%s", path, de->d_name);
		if (remove_tree(p.p) < 0)
			rc = -1;
	}
	closedir(dir);
	buf_free(&p);
	return rmdir(path) < 0 ? -1 : rc;
}

/* ---- the database's client programs ----------------------------------- */

/* A private folder with a client option file (0600) holding the account,
 * password and socket: the password never reaches a command line or the
 * environment.  Its path in cnf; remove with client_cnf_remove. */
static int
client_cnf(char dir[64], char cnf[96])
{
	const struct config *c = &app.cfg;
	struct buf b = {0};
	const char *tmp = getenv("TMPDIR"), *s;
	int fd, rc = -1;

	if (tmp == NULL || *tmp == '\0' || strlen(tmp) > 40)
		tmp = "/tmp";
	snprintf(dir, 64, "%s/zufang-admin.XXXXXX", tmp);
	if (mkdtemp(dir) == NULL) {
		fail("cannot create", dir);
		return -1;
	}
	snprintf(cnf, 96, "%s/client.cnf", dir);
	/* Option-file values in double quotes, \ and " escaped. */
	buf_adds(&b, "[client]\nuser = \"");
	for (s = c->db_user; *s; s++) {
		if (*s == '\\' || *s == '"')
			buf_addc(&b, '\\');
		buf_addc(&b, *s);
	}
	buf_adds(&b, "\"\npassword = \"");
	for (s = c->db_password ? c->db_password : ""; *s; s++) {
		if (*s == '\\' || *s == '"')
			buf_addc(&b, '\\');
		buf_addc(&b, *s);
	}
	buf_addf(&b, "\"\nsocket = \"%s\"\ndefault-character-set = utf8mb4\n",
	         c->db_socket);
	fd = open(cnf, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0 || write(fd, b.p, b.len) != (ssize_t)b.len) {
		fail("cannot write", cnf);
		if (fd >= 0)
			close(fd);
		goto out;
	}
	close(fd);
	rc = 0;
out:
	crypto_wipe(b.p, b.len);
	buf_free(&b);
	if (rc < 0)
		rmdir(dir);
	return rc;
}

static void
client_cnf_remove(const char *dir, const char *cnf)
{
	unlink(cnf);
	rmdir(dir);
}

/* Run argv (PATH searched) with stdin from fd in (-1: /dev/null); its exit
 * status, or -1. */
static int
run_prog(char *const argv[], int in)
{
	pid_t pid;
	int st;

	fflush(NULL);
	if ((pid = fork()) < 0) {
		perror("zufang-admin: fork");
		return -1;
	}
	if (pid == 0) {
		if (in < 0)
			in = open("/dev/null", O_RDONLY);
		if (in < 0 || dup2(in, 0) < 0)
			_exit(127);
		execvp(argv[0], argv);
		fprintf(stderr, "zufang-admin: cannot run %s: %s\n", argv[0],
		        strerror(errno));
		_exit(127);
	}
	if (in >= 0)
		close(in);
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* The applied migrations: "migration VERSION NAME CHECKSUM" lines in out,
 * their count in *n and the highest version in *top. */
static int
read_schema(struct db *d, struct buf *out, size_t *n, long long *top)
{
	struct db_res *rows = NULL;
	size_t i;

	if (db_exec(d, B_MIGRATIONS, NULL, 0, &rows, NULL, NULL) != DB_OK) {
		fprintf(stderr,
		        "zufang-admin: cannot read schema_migrations of "
		        "the database (is it migrated?)\n");
		return -1;
	}
	*n = rows->nrows;
	*top = 0;
	for (i = 0; i < rows->nrows; i++) {
		buf_addf(out, "migration %lld %s %s\n", db_int(rows, i, 0, 0),
		         db_str(rows, i, 1), db_str(rows, i, 2));
		*top = db_int(rows, i, 0, 0);
	}
	db_res_free(rows);
	return 0;
}

/* DIR ready for a backup: made 0700, or an existing empty folder. */
static int
backup_dir(const char *dir)
{
	struct dirent *de;
	DIR *dd;
	int empty = 1;

	if (mkdir(dir, 0700) == 0)
		return 0;
	if (errno != EEXIST) {
		fail("cannot create", dir);
		return -1;
	}
	if ((dd = opendir(dir)) == NULL) {
		fail("cannot read", dir);
		return -1;
	}
	while ((de = readdir(dd)) != NULL)
		if (strcmp(de->d_name, ".") != 0 &&
		    strcmp(de->d_name, "..") != 0)
			empty = 0;
	closedir(dd);
	if (!empty) {
		fprintf(stderr,
		        "zufang-admin: %s is not empty: a backup goes into a "
		        "new or empty folder\n",
		        dir);
		return -1;
	}
	if (chmod(dir, 0700) < 0) {
		fail("cannot chmod", dir);
		return -1;
	}
	return 0;
}

static int
write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

int
cmd_backup(int argc, char **argv)
{
	const struct config *c = &app.cfg;
	struct db *d = NULL;
	struct buf schema = {0}, schema2 = {0}, m = {0}, path = {0}, src = {0};
	struct entries e = {0};
	char cnfdir[64] = "", cnf[96] = "", sha[65], stamp[32];
	unsigned char md[32];
	long long dbsize = 0, mbytes = 0, top = 0, top2;
	size_t nmig = 0, nmig2, i, nfiles;
	double t0 = now_s(), t1, t2;
	time_t now = time(NULL);
	struct tm tm;
	const char *dir;
	int rc = 1, fd, st;

	if (argc != 3 || argv[2][0] == '-') {
		fprintf(stderr, "usage: zufang-admin backup DIR\n");
		return 2;
	}
	dir = argv[2];
	umask(077);
	if (backup_dir(dir) < 0)
		return 1;
	d = app_db_new(backup_sql, B__MAX, 30, 0);
	if (read_schema(d, &schema, &nmig, &top) < 0)
		goto out;

	/* Media, first pass. */
	buf_addf(&path, "%s/media", dir);
	if (mkdir(path.p, 0700) < 0) {
		fail("cannot create", path.p);
		goto out;
	}
	buf_adds(&path, "/data");
	if (mkdir(path.p, 0700) < 0) {
		fail("cannot create", path.p);
		goto out;
	}
	buf_addf(&src, "%s/data", c->media_dir);
	for (i = 0; i < NAREAS; i++)
		if (copy_tree(src.p, path.p, areas[i], "media/data", &e,
		              &mbytes) < 0)
			goto out;

	/* The database: one snapshot. */
	t1 = now_s();
	if (client_cnf(cnfdir, cnf) < 0)
		goto out;
	{
		struct buf a1 = {0}, a2 = {0};
		char *args[16];
		int k = 0;

		buf_addf(&a1, "--defaults-file=%s", cnf);
		buf_addf(&a2, "--result-file=%s/database.sql", dir);
		args[k++] = "mariadb-dump";
		args[k++] = a1.p;
		args[k++] = "--single-transaction";
		/* No LOCK TABLES around each table's rows (on by default):
		 * Galera does not support it, and InnoDB does not need it
		 * for a restore. */
		args[k++] = "--skip-add-locks";
		args[k++] = "--routines";
		args[k++] = "--events";
		args[k++] = "--triggers";
		args[k++] = "--hex-blob";
		args[k++] = "--no-tablespaces";
		args[k++] = "--max-allowed-packet=1G";
		args[k++] = a2.p;
		args[k++] = (char *)c->db_name;
		args[k] = NULL;
		st = run_prog(args, -1);
		buf_free(&a1);
		buf_free(&a2);
	}
	client_cnf_remove(cnfdir, cnf);
	if (st != 0) {
		fprintf(stderr, "zufang-admin: mariadb-dump failed (exit %d)\n",
		        st);
		goto out;
	}
	t2 = now_s();
	/* A migration meanwhile would make the recorded schema a lie. */
	if (read_schema(d, &schema2, &nmig2, &top2) < 0)
		goto out;
	if (schema.len != schema2.len ||
	    memcmp(schema.p, schema2.p, schema.len) != 0) {
		fprintf(stderr, "zufang-admin: the schema changed during the "
		                "backup (a migration ran): take it again\n");
		goto out;
	}
	buf_reset(&path);
	buf_addf(&path, "%s/database.sql", dir);
	if (chmod(path.p, 0600) < 0 || hash_file(path.p, sha, &dbsize) < 0)
		goto out;

	/* Media, second pass: what appeared while the dump ran. */
	buf_reset(&path);
	buf_addf(&path, "%s/media/data", dir);
	for (i = 0; i < NAREAS; i++)
		if (copy_tree(src.p, path.p, areas[i], "media/data", &e,
		              &mbytes) < 0)
			goto out;
	nfiles = e.n;

	gmtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", &tm);
	buf_addf(&m, "%s\ncreated %s\ndatabase %s\nschema %lld\n",
	         MANIFEST_MAGIC, stamp, c->db_name, top);
	buf_add(&m, schema.p, schema.len);
	buf_addf(&m, "file %s %lld %lld database.sql\n", sha, dbsize,
	         (long long)now);
	for (i = 0; i < e.n; i++)
		buf_addf(&m, "file %s %lld %lld %s\n", e.v[i].sha, e.v[i].size,
		         e.v[i].mtime, e.v[i].path);
	crypto_sha256(m.p, m.len, md);
	crypto_hex(md, sizeof(md), sha);
	buf_addf(&m, "manifest-sha256 %s\n", sha);
	buf_reset(&path);
	buf_addf(&path, "%s/MANIFEST", dir);
	fd = open(path.p, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0 || write_all(fd, m.p, m.len) < 0 || fsync(fd) < 0) {
		fail("cannot write", path.p);
		if (fd >= 0)
			close(fd);
		goto out;
	}
	close(fd);
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
		fsync(fd);
		close(fd);
	}
	printf("backup: database %s, schema %04lld (%zu migrations): "
	       "database.sql, %lld bytes, dumped in %.2f s\n",
	       c->db_name, top, nmig, dbsize, t2 - t1);
	printf("backup: media %s/data/{userphoto,private}: %zu files, %lld "
	       "bytes\n",
	       c->media_dir, nfiles, mbytes);
	printf("backup: %s/MANIFEST with the SHA-256 of %zu files; done in "
	       "%.2f s\n",
	       dir, nfiles + 1, now_s() - t0);
	rc = 0;
out:
	if (rc != 0)
		fprintf(stderr,
		        "zufang-admin: backup failed; %s is incomplete\n", dir);
	buf_free(&schema);
	buf_free(&schema2);
	buf_free(&m);
	buf_free(&path);
	buf_free(&src);
	entries_free(&e);
	db_free(d);
	return rc;
}

/* ---- restore ------------------------------------------------------------ */

struct manifest {
	char database[128];
	long long schema;
	struct buf migrations; /* the "migration ..." lines */
	struct entries files;
};

/* A path of the manifest: relative, without "." or ".." parts. */
static int
safe_rel(const char *p)
{
	const char *s = p;

	if (*p == '\0' || *p == '/')
		return 0;
	while (*s) {
		const char *e = strchr(s, '/');
		size_t n = e ? (size_t)(e - s) : strlen(s);

		if (n == 0 || (n == 1 && s[0] == '.') ||
		    (n == 2 && s[0] == '.' && s[1] == '.'))
			return 0;
		s += n;
		if (*s == '/')
			s++;
	}
	return 1;
}

/* Read and check DIR/MANIFEST.  0, or -1 (said). */
static int
read_manifest(const char *dir, struct manifest *mf)
{
	struct buf path = {0}, body = {0};
	char line[8192], sha[65], want[65] = "";
	unsigned char md[32];
	int rc = -1, n = 0, ended = 0;
	FILE *f;

	buf_addf(&path, "%s/MANIFEST", dir);
	if ((f = fopen(path.p, "re")) == NULL) {
		fail("cannot read", path.p);
		buf_free(&path);
		return -1;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		size_t len = strlen(line);
		char p[4096];
		long long a, b;

		if (ended || len == 0 || line[len - 1] != '\n')
			goto bad;
		if (strncmp(line, "manifest-sha256 ", 16) == 0) {
			if (sscanf(line + 16, "%64s", want) != 1)
				goto bad;
			ended = 1;
			continue;
		}
		buf_add(&body, line, len);
		line[len - 1] = '\0';
		if (n++ == 0) {
			if (strcmp(line, MANIFEST_MAGIC) != 0)
				goto bad;
		} else if (strncmp(line, "created ", 8) == 0) {
			continue;
		} else if (sscanf(line, "database %127s", mf->database) == 1) {
			continue;
		} else if (sscanf(line, "schema %lld", &mf->schema) == 1) {
			continue;
		} else if (strncmp(line, "migration ", 10) == 0) {
			buf_addf(&mf->migrations, "%s\n", line);
		} else if (sscanf(line, "file %64s %lld %lld %4095[^\n]", sha,
		                  &a, &b, p) == 4 &&
		           strlen(sha) == 64 && safe_rel(p)) {
			entries_add(&mf->files, p, sha, a, b);
		} else {
			goto bad;
		}
	}
	if (!ended || n == 0)
		goto bad;
	crypto_sha256(body.p, body.len, md);
	crypto_hex(md, sizeof(md), sha);
	if (strcmp(sha, want) != 0) {
		fprintf(stderr,
		        "zufang-admin: %s does not match its checksum: "
		        "the backup is damaged\n",
		        path.p);
		goto out;
	}
	rc = 0;
	goto out;
bad:
	fprintf(stderr,
	        "zufang-admin: %s is not a zufang backup manifest "
	        "(or it is damaged)\n",
	        path.p);
out:
	fclose(f);
	buf_free(&path);
	buf_free(&body);
	return rc;
}

static int
cmp_entry(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->path,
	              ((const struct entry *)b)->path);
}

/* Every regular file under dir/rel must be listed in (sorted) e. */
static int
check_unlisted(const char *dir, const char *rel, const struct entries *e)
{
	struct buf p = {0}, r = {0};
	struct dirent *de;
	struct stat st;
	DIR *dd;
	int rc = 0;

	buf_addf(&p, "%s%s%s", dir, *rel ? "/" : "", rel);
	if ((dd = opendir(p.p)) == NULL) {
		buf_free(&p);
		return errno == ENOENT ? 0 : -1;
	}
	while (rc == 0 && (de = readdir(dd)) != NULL) {
		struct entry key;

		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		buf_reset(&r);
		buf_addf(&r, "%s%s%s", rel, *rel ? "/" : "", de->d_name);
		buf_reset(&p);
		buf_addf(&p, "%s/%s", dir, r.p);
		if (lstat(p.p, &st) < 0) {
			rc = -1;
		} else if (S_ISDIR(st.st_mode)) {
			rc = check_unlisted(dir, r.p, e);
		} else if (strcmp(r.p, "MANIFEST") != 0) {
			key.path = r.p;
			if (bsearch(&key, e->v, e->n, sizeof(*e->v),
			            cmp_entry) == NULL) {
				fprintf(stderr,
				        "zufang-admin: %s is not in the "
				        "manifest\n",
				        p.p);
				rc = -1;
			}
		}
	}
	closedir(dd);
	buf_free(&p);
	buf_free(&r);
	return rc;
}

/* Each migration of the backup must be one these binaries have (a file of
 * migrations_dir): a backup of a newer schema is refused. */
static int
check_schema(const struct manifest *mf, long long *ours)
{
	const char *s = mf->migrations.p ? mf->migrations.p : "";
	struct buf path = {0};
	long long known = 0;
	int rc = 0;
	DIR *dd;
	struct dirent *de;

	if ((dd = opendir(app.cfg.migrations_dir)) == NULL) {
		fail("cannot read", app.cfg.migrations_dir);
		return -1;
	}
	while ((de = readdir(dd)) != NULL) {
		const char *n = de->d_name;
		long long v = 0;
		int i;

		/* NNNN_name.sql, as zufang-admin migrate takes them. */
		if (strlen(n) < 10 || n[4] != '_' ||
		    strcmp(n + strlen(n) - 4, ".sql") != 0)
			continue;
		for (i = 0; i < 4 && n[i] >= '0' && n[i] <= '9'; i++)
			v = v * 10 + (n[i] - '0');
		if (i == 4 && v > known)
			known = v;
	}
	closedir(dd);
	*ours = known;
	while (*s) {
		long long v;
		char name[256];
		const char *e = strchr(s, '\n');

		if (sscanf(s, "migration %lld %255s", &v, name) != 2)
			break;
		buf_reset(&path);
		buf_addf(&path, "%s/%s", app.cfg.migrations_dir, name);
		if (access(path.p, R_OK) != 0) {
			fprintf(stderr,
			        "zufang-admin: the backup's schema is newer "
			        "than "
			        "these binaries know (migration %s is not in "
			        "%s; they know up to %04lld): restore it with "
			        "the release that made it\n",
			        name, app.cfg.migrations_dir, known);
			rc = -1;
			break;
		}
		s = e ? e + 1 : s + strlen(s);
	}
	buf_free(&path);
	return rc;
}

/* A backquoted identifier (` doubled) for the DROP statements of a
 * restore: names come from information_schema, not from a user. */
static void
add_ident(struct buf *b, const char *name)
{
	buf_addc(b, '`');
	for (; *name; name++) {
		if (*name == '`')
			buf_addc(b, '`');
		buf_addc(b, *name);
	}
	buf_addc(b, '`');
}

/* DROP statements for everything in the database now: the restore replaces
 * its content, also what a later migration made. */
static int
drop_all(struct db *d, struct buf *sql)
{
	struct db_res *rows = NULL;
	size_t i;

	buf_adds(sql, "SET FOREIGN_KEY_CHECKS = 0;\n");
	if (db_exec(d, B_TABLES, NULL, 0, &rows, NULL, NULL) != DB_OK)
		goto fail;
	for (i = 0; i < rows->nrows; i++) {
		int view = strcmp(db_str(rows, i, 1), "VIEW") == 0;

		buf_adds(sql, view ? "DROP VIEW IF EXISTS "
		                   : "DROP TABLE IF EXISTS ");
		add_ident(sql, db_str(rows, i, 0));
		buf_adds(sql, ";\n");
	}
	db_res_free(rows);
	if (db_exec(d, B_ROUTINES, NULL, 0, &rows, NULL, NULL) != DB_OK)
		goto fail;
	for (i = 0; i < rows->nrows; i++) {
		int fn = strcmp(db_str(rows, i, 0), "FUNCTION") == 0;

		buf_adds(sql, fn ? "DROP FUNCTION IF EXISTS "
		                 : "DROP PROCEDURE IF EXISTS ");
		add_ident(sql, db_str(rows, i, 1));
		buf_adds(sql, ";\n");
	}
	db_res_free(rows);
	if (db_exec(d, B_EVENTS, NULL, 0, &rows, NULL, NULL) != DB_OK)
		goto fail;
	for (i = 0; i < rows->nrows; i++) {
		buf_adds(sql, "DROP EVENT IF EXISTS ");
		add_ident(sql, db_str(rows, i, 0));
		buf_adds(sql, ";\n");
	}
	db_res_free(rows);
	return 0;
fail:
	db_res_free(rows);
	fprintf(stderr, "zufang-admin: cannot list the database's tables\n");
	return -1;
}

/* Feed the drops and the dump to the mariadb client on the database. */
static int
load_dump(const char *dump, const struct buf *pre)
{
	struct buf a1 = {0}, a2 = {0};
	char cnfdir[64], cnf[96], chunk[65536], *args[8];
	int pfd[2] = {-1, -1}, in = -1, rc = -1, st, k = 0;
	pid_t pid = -1;
	ssize_t n;

	if ((in = open(dump, O_RDONLY | O_CLOEXEC)) < 0) {
		fail("cannot read", dump);
		return -1;
	}
	if (client_cnf(cnfdir, cnf) < 0) {
		close(in);
		return -1;
	}
	buf_addf(&a1, "--defaults-file=%s", cnf);
	buf_addf(&a2, "--database=%s", app.cfg.db_name);
	args[k++] = "mariadb";
	args[k++] = a1.p;
	args[k++] = "--batch";
	args[k++] = "--max-allowed-packet=1G";
	args[k++] = a2.p;
	args[k] = NULL;
	if (pipe2(pfd, O_CLOEXEC) < 0) {
		perror("zufang-admin: pipe");
		goto out;
	}
	fflush(NULL);
	if ((pid = fork()) < 0) {
		perror("zufang-admin: fork");
		goto out;
	}
	if (pid == 0) {
		if (dup2(pfd[0], 0) < 0)
			_exit(127);
		execvp(args[0], args);
		fprintf(stderr, "zufang-admin: cannot run mariadb: %s\n",
		        strerror(errno));
		_exit(127);
	}
	close(pfd[0]);
	pfd[0] = -1;
	/* A client that stops reading shows as its exit status. */
	signal(SIGPIPE, SIG_IGN);
	if (write_all(pfd[1], pre->p, pre->len) < 0)
		goto wait;
	while ((n = read(in, chunk, sizeof(chunk))) > 0)
		if (write_all(pfd[1], chunk, (size_t)n) < 0)
			break;
wait:
	close(pfd[1]);
	pfd[1] = -1;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR) {
			st = -1;
			break;
		}
	if (st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == 0)
		rc = 0;
	else
		fprintf(stderr, "zufang-admin: loading the dump failed: the "
		                "database is partly restored; run the restore "
		                "again\n");
out:
	if (pfd[0] >= 0)
		close(pfd[0]);
	if (pfd[1] >= 0)
		close(pfd[1]);
	close(in);
	client_cnf_remove(cnfdir, cnf);
	buf_free(&a1);
	buf_free(&a2);
	return rc;
}

/* Make the folders of rel (a file's path under root) with mode 0750,
 * owned like root when we are root. */
static int
make_parents(const char *root, const char *rel, const struct stat *owner)
{
	struct buf p = {0};
	const char *s = rel, *e;
	int rc = 0;

	buf_adds(&p, root);
	while ((e = strchr(s, '/')) != NULL) {
		buf_addc(&p, '/');
		buf_add(&p, s, (size_t)(e - s));
		if (mkdir(p.p, 0750) == 0) {
			if (geteuid() == 0 &&
			    chown(p.p, owner->st_uid, owner->st_gid) < 0)
				rc = -1;
		} else if (errno != EEXIST) {
			rc = -1;
		}
		if (rc < 0) {
			fail("cannot create", p.p);
			break;
		}
		s = e + 1;
	}
	buf_free(&p);
	return rc;
}

/* Build every area from the backup in a staging folder under
 * media_dir/data, then swap each in with rename(2) and remove the old one:
 * the service never sees a half-copied area. */
static int
restore_media(const char *dir, const struct manifest *mf, long long *nfiles,
              long long *bytes)
{
	const char *md = app.cfg.media_dir;
	struct buf data = {0}, stage = {0}, src = {0}, dst = {0}, old = {0};
	struct stat owner;
	size_t i, k;
	int rc = -1;

	buf_addf(&data, "%s/data", md);
	if (mkdir(md, 0750) < 0 && errno != EEXIST) {
		fail("cannot create", md);
		goto out;
	}
	if (mkdir(data.p, 0750) < 0 && errno != EEXIST) {
		fail("cannot create", data.p);
		goto out;
	}
	if (stat(data.p, &owner) < 0) {
		fail("cannot read", data.p);
		goto out;
	}
	for (k = 0; k < NAREAS; k++) {
		size_t plen;

		buf_reset(&stage);
		buf_addf(&stage, "%s/.restore-%s.%ld", data.p, areas[k],
		         (long)getpid());
		if (remove_tree(stage.p) < 0 || mkdir(stage.p, 0750) < 0 ||
		    (geteuid() == 0 &&
		     chown(stage.p, owner.st_uid, owner.st_gid) < 0)) {
			fail("cannot create", stage.p);
			goto out;
		}
		buf_reset(&src);
		buf_addf(&src, "media/data/%s/", areas[k]);
		plen = src.len;
		for (i = 0; i < mf->files.n; i++) {
			const struct entry *e = &mf->files.v[i];
			char sha[65];
			long long size;

			if (strncmp(e->path, src.p, plen) != 0)
				continue;
			buf_reset(&dst);
			buf_addf(&dst, "%s/%s", stage.p, e->path + plen);
			if (make_parents(stage.p, e->path + plen, &owner) < 0)
				goto out;
			buf_reset(&old);
			buf_addf(&old, "%s/%s", dir, e->path);
			/* The service's own mode for media (lib/upload.c). */
			if (copy_file(old.p, dst.p, 0640, sha, &size, e->sha) <
			    0)
				goto out;
			if (geteuid() == 0 &&
			    chown(dst.p, owner.st_uid, owner.st_gid) < 0) {
				fail("cannot chown", dst.p);
				goto out;
			}
			(*nfiles)++;
			*bytes += size;
		}
	}
	for (k = 0; k < NAREAS; k++) {
		buf_reset(&stage);
		buf_addf(&stage, "%s/.restore-%s.%ld", data.p, areas[k],
		         (long)getpid());
		buf_reset(&dst);
		buf_addf(&dst, "%s/%s", data.p, areas[k]);
		buf_reset(&old);
		buf_addf(&old, "%s/.replaced-%s.%ld", data.p, areas[k],
		         (long)getpid());
		if (rename(dst.p, old.p) < 0 && errno != ENOENT) {
			fail("cannot move", dst.p);
			goto out;
		}
		if (rename(stage.p, dst.p) < 0) {
			fail("cannot move into place", stage.p);
			goto out;
		}
		if (remove_tree(old.p) < 0) {
			fail("cannot remove", old.p);
			goto out;
		}
	}
	rc = 0;
out:
	buf_free(&data);
	buf_free(&stage);
	buf_free(&src);
	buf_free(&dst);
	buf_free(&old);
	return rc;
}

int
cmd_restore(int argc, char **argv)
{
	struct manifest mf = {0};
	struct db *d = NULL;
	struct db_res *rows = NULL;
	struct buf path = {0}, pre = {0};
	long long ours = 0, nfiles = 0, bytes = 0, dbsize = 0;
	double t0 = now_s(), t1, t2, t3;
	const char *dir;
	int force = 0, rc = 1;
	size_t i;

	if (argc == 4 && strcmp(argv[2], "--force") == 0)
		force = 1;
	if (argc != 3 + force || argv[2 + force][0] == '-') {
		fprintf(stderr, "usage: zufang-admin restore [--force] DIR\n");
		return 2;
	}
	dir = argv[2 + force];

	/* Everything is checked before anything changes. */
	if (read_manifest(dir, &mf) < 0)
		goto out;
	qsort(mf.files.v, mf.files.n, sizeof(*mf.files.v), cmp_entry);
	for (i = 0; i < mf.files.n; i++) {
		char sha[65];
		long long size;

		buf_reset(&path);
		buf_addf(&path, "%s/%s", dir, mf.files.v[i].path);
		if (hash_file(path.p, sha, &size) < 0)
			goto out;
		if (size != mf.files.v[i].size ||
		    strcmp(sha, mf.files.v[i].sha) != 0) {
			fprintf(stderr,
			        "zufang-admin: %s does not match the manifest "
			        "(SHA-256 or size): the backup is damaged\n",
			        path.p);
			goto out;
		}
		if (strcmp(mf.files.v[i].path, "database.sql") == 0)
			dbsize = size;
		else if (strncmp(mf.files.v[i].path, "media/data/", 11) != 0) {
			fprintf(stderr,
			        "zufang-admin: unexpected file %s in "
			        "the manifest\n",
			        mf.files.v[i].path);
			goto out;
		}
	}
	if (check_unlisted(dir, "", &mf.files) < 0)
		goto out;
	if (dbsize == 0) {
		fprintf(stderr, "zufang-admin: the manifest lists no "
		                "database.sql\n");
		goto out;
	}
	if (check_schema(&mf, &ours) < 0)
		goto out;
	t1 = now_s();
	printf("restore: %s verified (%zu files, schema %04lld, database %s) "
	       "in %.2f s\n",
	       dir, mf.files.n, mf.schema, mf.database, t1 - t0);

	/* The workers keep a connection each: restoring under them would
	 * let them write between the tables' replacement. */
	d = app_db_new(backup_sql, B__MAX, 30, 0);
	if (db_exec(d, B_SESSIONS, NULL, 0, &rows, NULL, NULL) != DB_OK) {
		fprintf(stderr, "zufang-admin: cannot reach the database %s\n",
		        app.cfg.db_name);
		goto out;
	}
	if (db_int(rows, 0, 0, 0) > 0 && !force) {
		fprintf(stderr,
		        "zufang-admin: %lld other sessions of %s are connected "
		        "to %s: stop the service (its workers) before a "
		        "restore, or pass --force\n",
		        db_int(rows, 0, 0, 0), app.cfg.db_user,
		        app.cfg.db_name);
		goto out;
	}
	if (drop_all(d, &pre) < 0)
		goto out;
	buf_reset(&path);
	buf_addf(&path, "%s/database.sql", dir);
	if (load_dump(path.p, &pre) < 0)
		goto out;
	t2 = now_s();
	printf("restore: database %s replaced from database.sql (%lld "
	       "bytes) in %.2f s\n",
	       app.cfg.db_name, dbsize, t2 - t1);
	if (restore_media(dir, &mf, &nfiles, &bytes) < 0) {
		fprintf(stderr, "zufang-admin: the database is restored but "
		                "the media are not: run the restore again\n");
		goto out;
	}
	t3 = now_s();
	printf("restore: media %s/data/{userphoto,private} replaced: %lld "
	       "files, %lld bytes in %.2f s\n",
	       app.cfg.media_dir, nfiles, bytes, t3 - t2);
	if (ours > mf.schema)
		printf("restore: the backup's schema is %04lld, these binaries "
		       "know %04lld: run zufang-admin migrate\n",
		       mf.schema, ours);
	printf("restore: done in %.2f s\n", t3 - t0);
	rc = 0;
out:
	db_res_free(rows);
	db_free(d);
	buf_free(&path);
	buf_free(&pre);
	buf_free(&mf.migrations);
	entries_free(&mf.files);
	return rc;
}

/* ---- media-sweep ----------------------------------------------------- */

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

struct sweep {
	const char **refs; /* sorted */
	size_t nrefs;
	time_t cutoff; /* files changed after it are young */
	int del;
	long long n, bytes, removed;
};

static int
sweep_tree(struct sweep *sw, const char *rel)
{
	struct buf p = {0}, r = {0};
	struct dirent *de;
	struct stat st;
	DIR *dd;
	int rc = 0;

	buf_addf(&p, "%s/%s", app.cfg.media_dir, rel);
	if ((dd = opendir(p.p)) == NULL) {
		rc = errno == ENOENT ? 0 : -1;
		if (rc < 0)
			fail("cannot read", p.p);
		buf_free(&p);
		return rc;
	}
	while (rc == 0 && (de = readdir(dd)) != NULL) {
		const char *key;

		if (!plain_name(de->d_name))
			continue;
		buf_reset(&r);
		buf_addf(&r, "%s/%s", rel, de->d_name);
		buf_reset(&p);
		buf_addf(&p, "%s/%s", app.cfg.media_dir, r.p);
		if (lstat(p.p, &st) < 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			rc = sweep_tree(sw, r.p);
			continue;
		}
		/* rename(2) into place sets ctime: the newer of the two is
		 * when the file arrived. */
		if (!S_ISREG(st.st_mode) || st.st_mtime > sw->cutoff ||
		    st.st_ctime > sw->cutoff)
			continue;
		key = r.p;
		if (bsearch(&key, sw->refs, sw->nrefs, sizeof(*sw->refs),
		            cmp_str) != NULL)
			continue;
		printf("%s\t%lld\n", r.p, (long long)st.st_size);
		sw->n++;
		sw->bytes += st.st_size;
		if (sw->del) {
			if (unlink(p.p) < 0) {
				fail("cannot remove", p.p);
				rc = -1;
			} else {
				sw->removed++;
			}
		}
	}
	closedir(dd);
	buf_free(&p);
	buf_free(&r);
	return rc;
}

int
cmd_media_sweep(int argc, char **argv)
{
	struct sweep sw = {0};
	struct db *d = NULL;
	struct db_res *rows = NULL;
	long long grace = 3600;
	double t0 = now_s();
	size_t i;
	int rc = 1, k;

	for (k = 2; k < argc; k++) {
		if (strcmp(argv[k], "--delete") == 0 && !sw.del) {
			sw.del = 1;
		} else if (strcmp(argv[k], "--older-than") == 0 &&
		           k + 1 < argc &&
		           valid_int(argv[k + 1], strlen(argv[k + 1]), 0,
		                     LLONG_MAX / 2, &grace, NULL, 0) == 0) {
			k++;
		} else {
			fprintf(stderr, "usage: zufang-admin media-sweep "
			                "[--delete] [--older-than SECONDS]\n");
			return 2;
		}
	}
	/* The cutoff before the query: a file placed after it is young, so
	 * a row committed after the query never loses its file. */
	sw.cutoff = time(NULL) - (time_t)grace;
	d = app_db_new(backup_sql, B__MAX, 60, 0);
	if (db_exec(d, B_MEDIA_PATHS, NULL, 0, &rows, NULL, NULL) != DB_OK) {
		fprintf(stderr, "zufang-admin: cannot read the media paths\n");
		goto out;
	}
	sw.nrefs = rows->nrows;
	sw.refs = xcalloc(sw.nrefs ? sw.nrefs : 1, sizeof(*sw.refs));
	for (i = 0; i < rows->nrows; i++)
		sw.refs[i] = db_str(rows, i, 0) ? db_str(rows, i, 0) : "";
	qsort(sw.refs, sw.nrefs, sizeof(*sw.refs), cmp_str);
	for (i = 0; i < NAREAS; i++) {
		struct buf rel = {0};
		int r;

		buf_addf(&rel, "data/%s", areas[i]);
		r = sweep_tree(&sw, rel.p);
		buf_free(&rel);
		if (r < 0)
			goto out;
	}
	if (sw.del)
		printf("media-sweep: %lld orphan files (%lld bytes) older than "
		       "%lld s removed, %zu paths referenced; %.2f s\n",
		       sw.removed, sw.bytes, grace, sw.nrefs, now_s() - t0);
	else
		printf("media-sweep: %lld orphan files (%lld bytes) older than "
		       "%lld s (dry run: --delete removes them), %zu paths "
		       "referenced; %.2f s\n",
		       sw.n, sw.bytes, grace, sw.nrefs, now_s() - t0);
	rc = 0;
out:
	free(sw.refs);
	db_res_free(rows);
	db_free(d);
	return rc;
}
