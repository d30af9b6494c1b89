/* Per-request memory: everything allocated here is released at once. */
#ifndef ZF_ARENA_H
#define ZF_ARENA_H

#include <stddef.h>

struct arena;

/* A new empty arena.  Free with arena_free(). */
struct arena *arena_new(void);

/* Zeroed memory owned by the arena, aligned for any type.  Aborts when out
 * of memory. */
void *arena_alloc(struct arena *, size_t);

/* A NUL-terminated copy of n bytes of s, owned by the arena. */
char *arena_strndup(struct arena *, const char *s, size_t n);
char *arena_strdup(struct arena *, const char *s);

/* printf into arena memory. */
char *arena_printf(struct arena *, const char *, ...)
        __attribute__((format(printf, 2, 3)));

/* Release everything allocated so far but keep the first block for reuse. */
void arena_reset(struct arena *);

/* Release the arena and everything in it.  Accepts NULL. */
void arena_free(struct arena *);

#endif
