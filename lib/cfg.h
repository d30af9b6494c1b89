/* Configuration: a file of "key = value" lines ('#' starts a comment),
 * where every key can be overridden by the environment variable
 * PREFIX + the key in upper case (ZUFANG_PORT overrides "port"). */
#ifndef ZF_CFG_H
#define ZF_CFG_H

#include <stddef.h>

/* One known key and its default (NULL: no default, value absent). */
struct cfg_key {
	const char *name;
	const char *def;
};

struct cfg;

/* Read path (a missing file is fine when path is NULL or may_miss is set)
 * and the environment.  Unknown keys in the file and malformed lines are
 * errors, written to err.  Returns NULL on error.  Free with cfg_free(). */
struct cfg *cfg_load(const char *path, int may_miss, const char *env_prefix,
                     const struct cfg_key *keys, size_t nkeys, char *err,
                     size_t errlen);

/* The effective value of a known key: environment, else file, else default;
 * NULL when none.  Owned by the cfg. */
const char *cfg_get(const struct cfg *, const char *key);

/* Read the first line of a secret file (trailing whitespace removed).
 * Refuses files readable by others (mode & 004).  Caller frees with
 * cfg_secret_free(), which wipes the memory.  NULL on error, with err. */
char *cfg_read_secret(const char *path, char *err, size_t errlen);
void cfg_secret_free(char *);

void cfg_free(struct cfg *);

#endif
