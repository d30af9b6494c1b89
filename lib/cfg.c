#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <openssl/crypto.h>

#include "buf.h"
#include "cfg.h"

struct cfg {
	const struct cfg_key *keys;
	size_t nkeys;
	char **file; /* value from the file per key, or NULL */
	char **env;  /* value from the environment per key, or NULL */
};

static void cfg_err(char *err, size_t errlen, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

static void
cfg_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL || errlen == 0)
		return;
	va_start(ap, fmt);
	if (vsnprintf(err, errlen, fmt, ap) >= (int)errlen)
		err[errlen - 1] = '\0'; /* truncated message is fine */
	va_end(ap);
}

static long
cfg_index(const struct cfg *c, const char *name, size_t n)
{
	size_t i;

	for (i = 0; i < c->nkeys; i++)
		if (strlen(c->keys[i].name) == n &&
		    memcmp(c->keys[i].name, name, n) == 0)
			return (long)i;
	return -1;
}

static char *
trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

static int
cfg_read_file(struct cfg *c, const char *path, int may_miss, char *err,
              size_t errlen)
{
	char line[4096];
	unsigned lineno = 0;
	FILE *f;
	int rc = -1;

	f = fopen(path, "re");
	if (f == NULL) {
		if (errno == ENOENT && may_miss)
			return 0;
		cfg_err(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		char *p, *eq, *key, *val;
		long idx;

		lineno++;
		if (strchr(line, '\n') == NULL && !feof(f)) {
			cfg_err(err, errlen, "%s:%u: line too long", path,
			        lineno);
			goto out;
		}
		p = trim(line);
		if (*p == '\0' || *p == '#')
			continue;
		eq = strchr(p, '=');
		if (eq == NULL) {
			cfg_err(err, errlen, "%s:%u: expected key = value",
			        path, lineno);
			goto out;
		}
		*eq = '\0';
		key = trim(p);
		val = trim(eq + 1);
		idx = cfg_index(c, key, strlen(key));
		if (idx < 0) {
			cfg_err(err, errlen, "%s:%u: unknown key '%s'", path,
			        lineno, key);
			goto out;
		}
		free(c->file[idx]);
		c->file[idx] = xstrdup(val);
	}
	rc = 0;
out:
	fclose(f);
	return rc;
}

struct cfg *
cfg_load(const char *path, int may_miss, const char *env_prefix,
         const struct cfg_key *keys, size_t nkeys, char *err, size_t errlen)
{
	struct cfg *c = xcalloc(1, sizeof(*c));
	size_t i, j;

	c->keys = keys;
	c->nkeys = nkeys;
	c->file = xcalloc(nkeys, sizeof(char *));
	c->env = xcalloc(nkeys, sizeof(char *));
	if (path != NULL && *path != '\0' &&
	    cfg_read_file(c, path, may_miss, err, errlen) < 0) {
		cfg_free(c);
		return NULL;
	}
	for (i = 0; i < nkeys; i++) {
		struct buf name = {0};
		const char *v;

		buf_adds(&name, env_prefix);
		for (j = 0; keys[i].name[j] != '\0'; j++)
			buf_addc(&name,
			         (char)toupper((unsigned char)keys[i].name[j]));
		v = getenv(name.p);
		if (v != NULL)
			c->env[i] = xstrdup(v);
		buf_free(&name);
	}
	return c;
}

const char *
cfg_get(const struct cfg *c, const char *key)
{
	long i = cfg_index(c, key, strlen(key));

	if (i < 0)
		return NULL;
	if (c->env[i] != NULL)
		return c->env[i];
	if (c->file[i] != NULL)
		return c->file[i];
	return c->keys[i].def;
}

char *
cfg_read_secret(const char *path, char *err, size_t errlen)
{
	char line[1024];
	struct stat st;
	char *s = NULL;
	FILE *f;
	size_t n;

	f = fopen(path, "re");
	if (f == NULL) {
		cfg_err(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	if (fstat(fileno(f), &st) < 0 || (st.st_mode & S_IROTH)) {
		cfg_err(err, errlen, "%s: readable by others; chmod 600 it",
		        path);
		goto out;
	}
	if (fgets(line, sizeof(line), f) == NULL) {
		cfg_err(err, errlen, "%s: empty", path);
		goto out;
	}
	n = strlen(line);
	if (n == sizeof(line) - 1 && line[n - 1] != '\n' && !feof(f)) {
		cfg_err(err, errlen, "%s: first line longer than %d bytes",
		        path, (int)sizeof(line) - 2);
		goto out;
	}
	while (n > 0 && isspace((unsigned char)line[n - 1]))
		line[--n] = '\0';
	if (n == 0)
		cfg_err(err, errlen, "%s: empty", path);
	else
		s = xstrdup(line);
out:
	OPENSSL_cleanse(line, sizeof(line));
	fclose(f);
	return s;
}

void
cfg_secret_free(char *s)
{
	if (s == NULL)
		return;
	OPENSSL_cleanse(s, strlen(s));
	free(s);
}

void
cfg_free(struct cfg *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < c->nkeys; i++) {
		free(c->file[i]);
		free(c->env[i]);
	}
	free(c->file);
	free(c->env);
	free(c);
}
