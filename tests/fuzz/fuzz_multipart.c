/* libFuzzer target: multipart bodies.  The first byte picks the size of
 * the reads (0: as much as asked), the rest is the body.  The body goes
 * through req_read_body, file parts into a directory of this process, and
 * through the raw mp_* API, whole and in chunks, which must agree. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "req.h"

#define BOUNDARY "zfBoundary"
#define FILE_MAX 64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char tmpdir[64];

static void
rm_tmpdir(void)
{
	rmdir(tmpdir);
}

static const char *
get_tmpdir(void)
{
	int k;

	if (tmpdir[0] != '\0')
		return tmpdir;
	k = snprintf(tmpdir, sizeof(tmpdir), "/tmp/zf-fuzz-mp-XXXXXX");
	if (k < 0 || (size_t)k >= sizeof(tmpdir) || mkdtemp(tmpdir) == NULL)
		abort();
	atexit(rm_tmpdir);
	return tmpdir;
}

/* Abort unless the directory is empty: no temporary file may outlive its
 * request. */
static void
check_empty(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (d == NULL)
		abort();
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, ".."))
			abort();
	closedir(d);
}

static uint64_t
file_max(void *ctx, const char *name)
{
	(void)ctx;
	return name[0] == 'f' ? FILE_MAX : 0;
}

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

static void
check_fields(const struct req *r, const struct req_limits *lim)
{
	const struct field *f;
	struct stat st;
	size_t i;

	if (r->nfields > lim->fields_max)
		abort();
	for (i = 0; i < r->nfields; i++) {
		f = &r->fields[i];
		if (f->name == NULL || f->from != FROM_BODY)
			abort();
		if (f->file == NULL) {
			if (f->value == NULL || f->value[f->len] != '\0' ||
			    f->len > lim->field_max)
				abort();
			continue;
		}
		if (f->value != NULL)
			abort();
		if ((f->name[0] == 'f') != (f->file->path != NULL))
			abort();
		if (f->file->too_big !=
		    (f->file->size > FILE_MAX && f->file->path != NULL))
			abort();
		if (f->file->path == NULL)
			continue;
		if (stat(f->file->path, &st) != 0)
			abort();
		if ((uint64_t)st.st_size !=
		    (f->file->too_big ? 0 : f->file->size))
			abort();
	}
}

/* The raw parser's events as text. */
static int
ev_begin(void *ctx, const char *name, const char *filename)
{
	buf_addf(ctx, "<%s|%s>", name, filename ? filename : "-");
	return 0;
}

static int
ev_data(void *ctx, const char *b, size_t n)
{
	if (n == 0)
		abort();
	buf_add(ctx, b, n);
	return 0;
}

static int
ev_end(void *ctx)
{
	buf_adds(ctx, "</>");
	return 0;
}

static const struct mp_cb ev_cb = {ev_begin, ev_data, ev_end};

static int
raw(const char *p, size_t n, size_t chunk, struct buf *ev)
{
	struct mp *mp = mp_new(BOUNDARY, &ev_cb, ev);
	size_t i = 0, k;
	int rc = 0;

	if (mp == NULL)
		abort();
	while (i < n && rc == 0) {
		k = n - i < chunk ? n - i : chunk;
		rc = mp_feed(mp, p + i, k);
		i += k;
	}
	if (rc == 0)
		rc = mp_finish(mp);
	mp_free(mp);
	return rc;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct req_limits lim = {256, 16, NULL, file_max, NULL, 0};
	struct mem m = {NULL, 0, 0, 0, 0};
	struct buf ev1 = {0}, ev2 = {0};
	struct req r;
	enum req_err e;
	int rc1, rc2;

	if (size == 0)
		return 0;
	lim.tmpdir = get_tmpdir();
	m.chunk = data[0] != 0 ? data[0] : SIZE_MAX;
	m.p = (const char *)data + 1;
	m.n = size - 1;

	req_init(&r);
	r.ctype = "multipart/form-data; boundary=" BOUNDARY;
	e = req_read_body(&r, &lim, mem_read, &m);
	if (e != REQ_OK && e != REQ_MALFORMED && e != REQ_TOO_MANY)
		abort();
	if (m.off != m.n || m.zeros != 1)
		abort();
	check_fields(&r, &lim);
	req_cleanup(&r);
	check_empty(lim.tmpdir);

	/* Any split gives the same events. */
	rc1 = raw(m.p, m.n, SIZE_MAX, &ev1);
	rc2 = raw(m.p, m.n, m.chunk, &ev2);
	if (rc1 != rc2 || ev1.len != ev2.len ||
	    (ev1.len != 0 && memcmp(ev1.p, ev2.p, ev1.len) != 0))
		abort();
	if (e == REQ_OK && m.n != 0 && rc1 != 0)
		abort();
	buf_free(&ev1);
	buf_free(&ev2);
	return 0;
}
