/* '|'-separated value lists of the QSZ API ("1|3|6", "近地铁|可养宠物"):
 * parsing, checking and a canonical form.  Items are never empty and never
 * repeat. */
#ifndef ZF_VLIST_H
#define ZF_VLIST_H

#include <stddef.h>

/* The most items a list may hold. */
#define VLIST_MAX 64

/* s (n bytes) as a list of 1..maxn distinct integers in [min, max], each
 * in valid_int's syntax (no sign but '-', no leading zeros, no spaces).
 * out (room for maxn, at most VLIST_MAX) gets them in the given order and
 * *count their number.  0, or -1 with the broken rule in err. */
int vlist_ints(const char *s, size_t n, long long min, long long max,
               size_t maxn, long long *out, size_t *count, char *err,
               size_t errlen);

/* The canonical text of v[0..count): ascending, joined by '|'.  Sorts v in
 * place.  0, or -1 when it does not fit in out (outlen bytes, with the
 * NUL). */
int vlist_join(long long *v, size_t count, char *out, size_t outlen);

/* s as a list of 1..maxn distinct items of 1..maxc UTF-8 characters
 * without control characters or ','.  0, or -1 with the broken rule in
 * err.  The text must already be valid UTF-8. */
int vlist_texts(const char *s, size_t n, size_t maxn, size_t maxc, char *err,
                size_t errlen);

#endif
