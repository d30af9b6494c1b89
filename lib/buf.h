/* Growable byte buffers. */
#ifndef ZF_BUF_H
#define ZF_BUF_H

#include <stdarg.h>
#include <stddef.h>

/* A byte buffer that always keeps a NUL after its last byte once anything
 * was added.  Zero-initialise it; release it with buf_free(). */
struct buf {
	char *p;
	size_t len;
	size_t cap;
};

/* Append n bytes.  Aborts when out of memory (the supervisor restarts). */
void buf_add(struct buf *, const void *, size_t);

/* Append a NUL-terminated string. */
void buf_adds(struct buf *, const char *);

/* Append one byte. */
void buf_addc(struct buf *, char);

/* Append printf-style output. */
void buf_addf(struct buf *, const char *, ...)
        __attribute__((format(printf, 2, 3)));
void buf_vaddf(struct buf *, const char *, va_list)
        __attribute__((format(printf, 2, 0)));

/* Append s percent-encoded for a URL query (RFC 3986 unreserved kept). */
void buf_add_urlenc(struct buf *, const char *s, size_t n);

/* Forget the contents, keep the memory. */
void buf_reset(struct buf *);

/* Release the memory; the buffer is empty and reusable afterwards. */
void buf_free(struct buf *);

/* Take the contents (NUL-terminated, caller frees); the buffer is empty. */
char *buf_take(struct buf *, size_t *len);

/* malloc/calloc/realloc/strdup that abort on failure. */
void *xmalloc(size_t);
void *xcalloc(size_t, size_t);
void *xrealloc(void *, size_t);
char *xstrdup(const char *);
char *xstrndup(const char *, size_t);

#endif
