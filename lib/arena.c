#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"

#define ARENA_BLOCK 16384
#define ARENA_ALIGN 16

struct block {
	struct block *next;
	size_t used;
	size_t cap;
	_Alignas(ARENA_ALIGN) unsigned char data[];
};

struct arena {
	struct block *head; /* current block; the first one is kept on reset */
	struct block *first;
};

static struct block *
block_new(size_t cap)
{
	struct block *b = xmalloc(sizeof(*b) + cap);

	b->next = NULL;
	b->used = 0;
	b->cap = cap;
	return b;
}

struct arena *
arena_new(void)
{
	struct arena *a = xcalloc(1, sizeof(*a));

	a->first = a->head = block_new(ARENA_BLOCK);
	return a;
}

void *
arena_alloc(struct arena *a, size_t n)
{
	struct block *b = a->head;
	size_t off;
	void *p;

	if (n > SIZE_MAX - ARENA_BLOCK)
		abort();
	off = (b->used + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
	if (off + n > b->cap) {
		b = block_new(n > ARENA_BLOCK / 2 ? n : ARENA_BLOCK);
		/* Big blocks go behind the current one so it stays usable. */
		if (n > ARENA_BLOCK / 2) {
			b->next = a->head->next;
			a->head->next = b;
			b->used = n;
			memset(b->data, 0, n);
			return b->data;
		}
		b->next = a->head;
		a->head = b;
		off = 0;
	}
	p = b->data + off;
	b->used = off + n;
	memset(p, 0, n);
	return p;
}

char *
arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *
arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	char *p;
	int n;

	if (fmt == NULL) /* also keeps gcc -fsanitize=undefined from warning */
		abort();
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		abort();
	p = arena_alloc(a, (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

static void
free_chain(struct block *b, const struct block *keep)
{
	while (b != NULL) {
		struct block *next = b->next;

		if (b != keep)
			free(b);
		b = next;
	}
}

void
arena_reset(struct arena *a)
{
	free_chain(a->head, a->first);
	a->head = a->first;
	a->first->next = NULL;
	a->first->used = 0;
}

void
arena_free(struct arena *a)
{
	if (a == NULL)
		return;
	free_chain(a->head, NULL);
	free(a);
}
