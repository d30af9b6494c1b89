#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "valid.h"
#include "vlist.h"

static void vlist_err(char *err, size_t errlen, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

/* err may be truncated (vsnprintf keeps it NUL-terminated). */
static void
vlist_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL || errlen == 0)
		return;
	va_start(ap, fmt);
	if (vsnprintf(err, errlen, fmt, ap) < 0)
		err[0] = '\0';
	va_end(ap);
}

/* The item of s[pos..n) up to the next '|' or the end: its length in *len;
 * 1 when a '|' follows (another item comes), 0 for the last item. */
static int
item_at(const char *s, size_t n, size_t pos, size_t *len)
{
	const char *bar = memchr(s + pos, '|', n - pos);

	*len = bar ? (size_t)(bar - (s + pos)) : n - pos;
	return bar != NULL;
}

int
vlist_ints(const char *s, size_t n, long long min, long long max, size_t maxn,
           long long *out, size_t *count, char *err, size_t errlen)
{
	size_t pos = 0, len, i, k = 0;
	long long v;
	int more;

	if (maxn > VLIST_MAX)
		maxn = VLIST_MAX;
	do {
		more = item_at(s, n, pos, &len);
		if (valid_int(s + pos, len, min, max, &v, NULL, 0) < 0)
			goto bad;
		for (i = 0; i < k; i++)
			if (out[i] == v) {
				vlist_err(err, errlen, "must not repeat %lld",
				          v);
				return -1;
			}
		if (k == maxn) {
			vlist_err(err, errlen, "must have at most %zu items",
			          maxn);
			return -1;
		}
		out[k++] = v;
		pos += len + 1;
	} while (more);
	*count = k;
	return 0;
bad:
	vlist_err(err, errlen,
	          "must be integers between %lld and %lld separated by | "
	          "(e.g. %lld|%lld)",
	          min, max, min, min + 1 <= max ? min + 1 : min);
	return -1;
}

static int
cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return (x > y) - (x < y);
}

int
vlist_join(long long *v, size_t count, char *out, size_t outlen)
{
	size_t i, pos = 0;
	int w;

	if (outlen == 0)
		return -1;
	out[0] = '\0';
	qsort(v, count, sizeof(*v), cmp_ll);
	for (i = 0; i < count; i++) {
		w = snprintf(out + pos, outlen - pos, "%s%lld", i ? "|" : "",
		             v[i]);
		if (w < 0 || (size_t)w >= outlen - pos) {
			out[0] = '\0';
			return -1;
		}
		pos += (size_t)w;
	}
	return 0;
}

int
vlist_texts(const char *s, size_t n, size_t maxn, size_t maxc, char *err,
            size_t errlen)
{
	struct {
		const char *p;
		size_t len;
	} seen[VLIST_MAX];
	size_t pos = 0, len, i, j, k = 0, chars;
	const char *item;
	int more;

	if (maxn > VLIST_MAX)
		maxn = VLIST_MAX;
	do {
		more = item_at(s, n, pos, &len);
		item = s + pos;
		chars = valid_utf8_chars(item, len);
		if (len == 0 || chars > maxc)
			goto bad;
		for (j = 0; j < len; j++)
			if ((unsigned char)item[j] < 0x20 || item[j] == 0x7f ||
			    item[j] == ',')
				goto bad;
		for (i = 0; i < k; i++)
			if (seen[i].len == len &&
			    memcmp(seen[i].p, item, len) == 0) {
				vlist_err(err, errlen,
				          "must not repeat an item");
				return -1;
			}
		if (k == maxn) {
			vlist_err(err, errlen, "must have at most %zu items",
			          maxn);
			return -1;
		}
		seen[k].p = item;
		seen[k++].len = len;
		pos += len + 1;
	} while (more);
	return 0;
bad:
	vlist_err(err, errlen,
	          "must be 1 to %zu items of 1 to %zu characters (no commas) "
	          "separated by |",
	          maxn, maxc);
	return -1;
}
