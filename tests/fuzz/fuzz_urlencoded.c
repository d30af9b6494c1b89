/* libFuzzer target: urlencoded bodies through req_read_body.  The first
 * byte picks the size of the reads, the rest is the body. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "req.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct mem {
	const char *p;
	size_t n;
	size_t off;
	size_t chunk;
	int zeros;
};

static ssize_t
mem_read(void *ctx, char *buf, size_t n)
{
	struct mem *m = ctx;
	size_t k = m->n - m->off;

	if (k == 0) {
		m->zeros++;
		return 0;
	}
	if (k > n)
		k = n;
	if (k > m->chunk)
		k = m->chunk;
	memcpy(buf, m->p + m->off, k);
	m->off += k;
	return (ssize_t)k;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct req_limits lim = {4096, 64, NULL, NULL, NULL, 0};
	struct mem m = {NULL, 0, 0, 0, 0};
	const struct field *f;
	struct req r;
	enum req_err e;
	size_t i;

	if (size == 0)
		return 0;
	m.chunk = 1 + data[0] % 32;
	m.p = (const char *)data + 1;
	m.n = size - 1;
	req_init(&r);
	r.ctype = "application/x-www-form-urlencoded; charset=UTF-8";
	e = req_read_body(&r, &lim, mem_read, &m);
	if (e != REQ_OK && e != REQ_MALFORMED && e != REQ_TOO_MANY)
		abort();
	/* Always drained, exactly once to the end. */
	if (m.off != m.n || m.zeros != 1)
		abort();
	if (r.nfields > lim.fields_max)
		abort();
	for (i = 0; i < r.nfields; i++) {
		f = &r.fields[i];
		if (f->value == NULL || f->value[f->len] != '\0' ||
		    f->len > lim.field_max || f->from != FROM_BODY)
			abort();
	}
	req_cleanup(&r);
	return 0;
}
