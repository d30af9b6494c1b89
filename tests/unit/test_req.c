/* Unit tests for lib/req.c: query and form decoding, JSON, boundaries,
 * the streaming multipart parser and file parts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "req.h"

#define B        "zfB0undary"
#define MP_CTYPE "multipart/form-data; boundary=" B

/* Per-test state: a request, limits and a private temporary directory. */
struct fx {
	struct req r;
	struct req_limits lim;
	char dir[64];
	uint64_t fmax; /* file limit for names not starting with "drop" */
};

static uint64_t
fx_file_max(void *ctx, const char *name)
{
	const struct fx *f = ctx;

	return strncmp(name, "drop", 4) == 0 ? 0 : f->fmax;
}

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	snprintf(f->dir, sizeof(f->dir), "/tmp/test_req-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	req_init(&f->r);
	f->lim.field_max = 1000;
	f->lim.fields_max = 20;
	f->lim.tmpdir = f->dir;
	f->lim.file_max = fx_file_max;
	f->lim.ctx = f;
	f->fmax = 1 << 20;
	*state = f;
	return 0;
}

/* Entries in dir other than "." and "..". */
static int
dir_count(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	req_cleanup(&f->r);
	/* Every test leaves the temporary directory empty. */
	assert_int_equal(dir_count(f->dir), 0);
	assert_int_equal(rmdir(f->dir), 0);
	free(f);
	return 0;
}

/* A body in memory, handed out in chunks. */
struct mem {
	const char *p;
	size_t n;
	size_t off;
	size_t chunk;  /* 0: as much as asked; SIZE_MAX: random sizes */
	unsigned seed; /* for random sizes */
	int calls;     /* read calls */
	int zeros;     /* calls that returned 0 */
	int fail;      /* return -1 once the body is consumed */
};

static ssize_t
mem_read(void *ctx, char *buf, size_t n)
{
	struct mem *m = ctx;
	size_t k = m->n - m->off;

	m->calls++;
	if (k == 0) {
		if (m->fail)
			return -1;
		m->zeros++;
		return 0;
	}
	if (m->chunk == SIZE_MAX) {
		m->seed = m->seed * 1103515245u + 12345u;
		n = n < 1 + (m->seed >> 16) % 97 ? n : 1 + (m->seed >> 16) % 97;
	} else if (m->chunk != 0 && m->chunk < n) {
		n = m->chunk;
	}
	if (k > n)
		k = n;
	memcpy(buf, m->p + m->off, k);
	m->off += k;
	return (ssize_t)k;
}

static enum req_err
read_body(struct fx *f, const char *ctype, const char *body, size_t n,
          size_t chunk)
{
	struct mem m = {body, n, 0, chunk, 7, 0, 0, 0};
	enum req_err e;

	f->r.ctype = ctype;
	e = req_read_body(&f->r, &f->lim, mem_read, &m);
	/* Always drained. */
	assert_int_equal(m.off, m.n);
	assert_int_equal(m.zeros, 1);
	return e;
}

static enum req_err
read_str(struct fx *f, const char *ctype, const char *body)
{
	return read_body(f, ctype, body, strlen(body), 0);
}

static const struct field *
field_at(const struct fx *f, size_t i)
{
	assert_true(i < f->r.nfields);
	return &f->r.fields[i];
}

static void
assert_field(const struct fx *f, size_t i, const char *name, const char *value)
{
	const struct field *fl = field_at(f, i);

	assert_string_equal(fl->name, name);
	assert_non_null(fl->value);
	assert_int_equal(fl->len, strlen(value));
	assert_memory_equal(fl->value, value, fl->len);
	assert_int_equal(fl->value[fl->len], '\0');
	assert_null(fl->file);
}

/* The whole contents of a file. */
static void
slurp(const char *path, struct buf *out)
{
	char b[4096];
	ssize_t k;
	int fd = open(path, O_RDONLY);

	assert_true(fd >= 0);
	while ((k = read(fd, b, sizeof(b))) > 0)
		buf_add(out, b, (size_t)k);
	assert_int_equal(k, 0);
	close(fd);
}

/* The fields as one comparable string, file contents included. */
static char *
render(const struct req *r)
{
	struct buf o = {0};
	const struct field *fl;
	size_t i;

	for (i = 0; i < r->nfields; i++) {
		fl = &r->fields[i];
		buf_addf(&o, "[%s|%d|", fl->name, (int)fl->from);
		if (fl->file == NULL) {
			buf_add(&o, fl->value, fl->len);
		} else {
			buf_addf(&o, "file size=%llu big=%d path=%d:",
			         (unsigned long long)fl->file->size,
			         fl->file->too_big, fl->file->path != NULL);
			if (fl->file->path != NULL)
				slurp(fl->file->path, &o);
		}
		buf_adds(&o, "]");
	}
	return buf_take(&o, NULL);
}

/* Query strings and urlencoded bodies. */

static void
test_urlenc_basic(void **state)
{
	struct fx *f = *state;
	const char *q = "a=1&bb=two";

	assert_int_equal(
	        req_parse_urlencoded(&f->r, &f->lim, q, strlen(q), FROM_QUERY),
	        REQ_OK);
	assert_int_equal(f->r.nfields, 2);
	assert_field(f, 0, "a", "1");
	assert_field(f, 1, "bb", "two");
	assert_int_equal(field_at(f, 0)->from, FROM_QUERY);
}

static void
test_urlenc_plus(void **state)
{
	struct fx *f = *state;
	const char *q = "first+name=Li+Lei+&x=a+%2B+b";

	assert_int_equal(
	        req_parse_urlencoded(&f->r, &f->lim, q, strlen(q), FROM_BODY),
	        REQ_OK);
	assert_field(f, 0, "first name", "Li Lei ");
	assert_field(f, 1, "x", "a + b");
	assert_int_equal(field_at(f, 0)->from, FROM_BODY);
}

static void
test_urlenc_percent(void **state)
{
	struct fx *f = *state;
	const char *q = "k=%26%3d%3D%25%2f%7E&%61=b";

	assert_int_equal(
	        req_parse_urlencoded(&f->r, &f->lim, q, strlen(q), FROM_QUERY),
	        REQ_OK);
	assert_field(f, 0, "k", "&==%/~");
	assert_field(f, 1, "a", "b");
}

static void
test_urlenc_utf8(void **state)
{
	struct fx *f = *state;
	const char *q = "city=%E5%8C%97%E4%BA%AC&raw=\xe4\xb8\x8a";

	assert_int_equal(
	        req_parse_urlencoded(&f->r, &f->lim, q, strlen(q), FROM_QUERY),
	        REQ_OK);
	assert_field(f, 0, "city", "\xe5\x8c\x97\xe4\xba\xac");
	assert_field(f, 1, "raw", "\xe4\xb8\x8a");
}

static void
test_urlenc_empty_values(void **state)
{
	struct fx *f = *state;
	const char *q = "a=&b=&=c";

	assert_int_equal(
	        req_parse_urlencoded(&f->r, &f->lim, q, strlen(q), FROM_QUERY),
	        REQ_OK);
	assert_int_equal(f->r.nfields, 3);
	assert_field(f, 0, "a", "");
	assert_field(f, 1, "b", "");
	assert_field(f, 2, "", "c");
}

static void
test_urlenc_empty_segments(void **state)
{
	struct fx *f = *state;
	const char *q = "&&a=1&&&b=2&";

	assert_int_equal(
	        req_parse_urlencoded(&f->r, &f->lim, q, strlen(q), FROM_QUERY),
	        REQ_OK);
	assert_int_equal(f->r.nfields, 2);
	assert_field(f, 0, "a", "1");
	assert_field(f, 1, "b", "2");
}

static void
test_urlenc_empty_string(void **state)
{
	struct fx *f = *state;

	assert_int_equal(
	        req_parse_urlencoded(&f->r, &f->lim, "", 0, FROM_QUERY),
	        REQ_OK);
	assert_int_equal(f->r.nfields, 0);
}

static void
test_urlenc_missing_equals(void **state)
{
	struct fx *f = *state;
	const char *q = "flag&x=1";

	assert_int_equal(
	        req_parse_urlencoded(&f->r, &f->lim, q, strlen(q), FROM_QUERY),
	        REQ_OK);
	assert_field(f, 0, "flag", "");
	assert_field(f, 1, "x", "1");
}

static void
test_urlenc_second_equals(void **state)
{
	struct fx *f = *state;
	const char *q = "a==b=";

	assert_int_equal(
	        req_parse_urlencoded(&f->r, &f->lim, q, strlen(q), FROM_QUERY),
	        REQ_OK);
	assert_field(f, 0, "a", "=b=");
}

static void
test_urlenc_bad_escapes(void **state)
{
	static const char *const bad[] = {
	        "a=%",    "a=%4",      "a=%zz", "a=%4g",
	        "a%G0=1", "x=1&b=50%", "%=1",   "a=%%41",
	};
	struct fx *f = *state;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(req_parse_urlencoded(&f->r, &f->lim, bad[i],
		                                      strlen(bad[i]),
		                                      FROM_QUERY),
		                 REQ_MALFORMED);
}

static void
test_urlenc_nul_kept(void **state)
{
	struct fx *f = *state;
	const char *q = "a=x%00y";

	assert_int_equal(
	        req_parse_urlencoded(&f->r, &f->lim, q, strlen(q), FROM_QUERY),
	        REQ_OK);
	assert_int_equal(field_at(f, 0)->len, 3);
	assert_memory_equal(field_at(f, 0)->value, "x\0y", 4);
}

static void
test_urlenc_length_bound(void **state)
{
	struct fx *f = *state;
	const char q[] = {'a', '=', 'b', '&', 'c', '=', 'd'};

	/* Only n bytes are read: no NUL needed. */
	assert_int_equal(req_parse_urlencoded(&f->r, &f->lim, q, 5, FROM_QUERY),
	                 REQ_OK);
	assert_int_equal(f->r.nfields, 2);
	assert_field(f, 1, "c", "");
}

/* Limits. */

static void
test_fields_max(void **state)
{
	struct fx *f = *state;
	const char *q = "a=1&b=2&c=3&d=4";

	f->lim.fields_max = 3;
	assert_int_equal(
	        req_parse_urlencoded(&f->r, &f->lim, q, 11, FROM_QUERY),
	        REQ_OK);
	assert_int_equal(
	        req_parse_urlencoded(&f->r, &f->lim, "e=5", 3, FROM_BODY),
	        REQ_TOO_MANY);
	f->r.nfields = 0;
	assert_int_equal(
	        req_parse_urlencoded(&f->r, &f->lim, q, strlen(q), FROM_QUERY),
	        REQ_TOO_MANY);
}

static void
test_field_max(void **state)
{
	struct fx *f = *state;

	f->lim.field_max = 4;
	assert_int_equal(
	        req_parse_urlencoded(&f->r, &f->lim, "a=%41bcd", 8, FROM_QUERY),
	        REQ_OK);
	assert_int_equal(
	        req_parse_urlencoded(&f->r, &f->lim, "a=abcde", 7, FROM_QUERY),
	        REQ_TOO_MANY);
	assert_int_equal(
	        req_add_field(&f->r, &f->lim, "n", 1, "abcd", 4, FROM_BODY),
	        REQ_OK);
	assert_int_equal(
	        req_add_field(&f->r, &f->lim, "n", 1, "abcde", 5, FROM_BODY),
	        REQ_TOO_MANY);
	assert_int_equal(f->r.nfields, 2);
}

static void
test_add_field_copies(void **state)
{
	struct fx *f = *state;
	char name[] = "nameX", value[] = "v\0w";

	assert_int_equal(
	        req_add_field(&f->r, &f->lim, name, 4, value, 3, FROM_BODY),
	        REQ_OK);
	name[0] = value[0] = '?';
	assert_string_equal(field_at(f, 0)->name, "name");
	assert_int_equal(field_at(f, 0)->len, 3);
	assert_memory_equal(field_at(f, 0)->value, "v\0w", 4);
}

static void
test_many_fields_grow(void **state)
{
	struct fx *f = *state;
	char name[16];
	size_t i;

	f->lim.fields_max = 1000;
	for (i = 0; i < 1000; i++) {
		snprintf(name, sizeof(name), "f%zu", i);
		assert_int_equal(req_add_field(&f->r, &f->lim, name,
		                               strlen(name), "v", 1, FROM_BODY),
		                 REQ_OK);
	}
	assert_int_equal(
	        req_add_field(&f->r, &f->lim, "x", 1, "v", 1, FROM_BODY),
	        REQ_TOO_MANY);
	assert_string_equal(field_at(f, 999)->name, "f999");
}

static void
test_count(void **state)
{
	struct fx *f = *state;
	const char *q = "a=1&b=2&a=3&c=4&a=5";
	size_t first = 0;

	assert_int_equal(
	        req_parse_urlencoded(&f->r, &f->lim, q, strlen(q), FROM_QUERY),
	        REQ_OK);
	assert_int_equal(req_count(&f->r, "a", &first), 3);
	assert_int_equal(first, 0);
	assert_int_equal(req_count(&f->r, "c", &first), 1);
	assert_int_equal(first, 3);
	assert_int_equal(req_count(&f->r, "zz", &first), 0);
	assert_true(first == SIZE_MAX);
	assert_int_equal(req_count(&f->r, "b", NULL), 1);
}

/* JSON. */

static enum req_err
json(struct fx *f, const char *s)
{
	return req_parse_json(&f->r, &f->lim, s, strlen(s));
}

static void
test_json_types(void **state)
{
	struct fx *f = *state;

	assert_int_equal(json(f, "{\"s\":\"hi\",\"t\":true,\"f\":false,"
	                         "\"n\":null,\"e\":\"\"}"),
	                 REQ_OK);
	assert_int_equal(f->r.nfields, 4);
	assert_field(f, 0, "s", "hi");
	assert_field(f, 1, "t", "1");
	assert_field(f, 2, "f", "0");
	assert_field(f, 3, "e", "");
	assert_int_equal(field_at(f, 0)->from, FROM_BODY);
	assert_int_equal(field_at(f, 0)->vtype, RV_TEXT);
	assert_int_equal(field_at(f, 1)->vtype, RV_JSON_BOOL);
	assert_int_equal(field_at(f, 2)->vtype, RV_JSON_BOOL);
	assert_int_equal(field_at(f, 3)->vtype, RV_TEXT);
}

static void
test_json_number_vtype(void **state)
{
	struct fx *f = *state;

	assert_int_equal(json(f, "{\"n\":12,\"s\":\"12\"}"), REQ_OK);
	assert_int_equal(field_at(f, 0)->vtype, RV_JSON_NUMBER);
	assert_int_equal(field_at(f, 1)->vtype, RV_TEXT);
	assert_int_equal(
	        req_parse_urlencoded(&f->r, &f->lim, "q=true", 6, FROM_QUERY),
	        REQ_OK);
	assert_int_equal(field_at(f, 2)->vtype, RV_TEXT);
}

static void
test_json_numbers(void **state)
{
	static const struct {
		const char *in, *out;
	} v[] = {
	        {"42", "42"},
	        {"-7", "-7"},
	        {"0", "0"},
	        {"-0", "0"},
	        {"116.397128", "116.397128"},
	        {"39.916527", "39.916527"},
	        {"1.5e3", "1500"},
	        {"0.1", "0.1"},
	        {"9007199254740991", "9007199254740991"},
	        {"9007199254740992", "9.00719925474099e+15"},
	        {"1e20", "1e+20"},
	        {"-2.5", "-2.5"},
	};
	struct fx *f = *state;
	char in[64];
	size_t i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		snprintf(in, sizeof(in), "{\"x\":%s}", v[i].in);
		assert_int_equal(json(f, in), REQ_OK);
		assert_field(f, i, "x", v[i].out);
	}
}

static void
test_json_null_skipped(void **state)
{
	struct fx *f = *state;

	assert_int_equal(json(f, "{\"a\":null,\"b\":null}"), REQ_OK);
	assert_int_equal(f->r.nfields, 0);
}

static void
test_json_nested_refused(void **state)
{
	struct fx *f = *state;

	assert_int_equal(json(f, "{\"a\":\"1\",\"o\":{\"x\":1}}"),
	                 REQ_MALFORMED);
	assert_int_equal(json(f, "{\"a\":[1,2]}"), REQ_MALFORMED);
	assert_int_equal(json(f, "{\"a\":[]}"), REQ_MALFORMED);
	/* Nothing was added before the refusal. */
	assert_int_equal(f->r.nfields, 0);
}

static void
test_json_not_object(void **state)
{
	static const char *const bad[] = {
	        "[]", "\"x\"",    "1",         "null", "true", "",
	        "{",  "{\"a\":}", "{\"a\" 1}", "{}x",  "{}{}", "{'a':1}",
	};
	struct fx *f = *state;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(json(f, bad[i]), REQ_MALFORMED);
	assert_int_equal(f->r.nfields, 0);
}

static void
test_json_whitespace(void **state)
{
	struct fx *f = *state;

	assert_int_equal(json(f, " \r\n\t{ \"a\" : 1 }\n "), REQ_OK);
	assert_field(f, 0, "a", "1");
	assert_int_equal(json(f, "{}"), REQ_OK);
	assert_int_equal(f->r.nfields, 1);
}

static void
test_json_duplicates_kept(void **state)
{
	struct fx *f = *state;
	size_t first;

	assert_int_equal(json(f, "{\"a\":\"1\",\"b\":2,\"a\":\"3\"}"), REQ_OK);
	assert_int_equal(req_count(&f->r, "a", &first), 2);
	assert_int_equal(first, 0);
	assert_field(f, 2, "a", "3");
}

static void
test_json_escapes(void **state)
{
	struct fx *f = *state;

	assert_int_equal(json(f, "{\"c\":\"\\u5317\\u4eac\",\"q\":\"a\\\"b\","
	                         "\"bs\":\"\\\\u0000\"}"),
	                 REQ_OK);
	assert_field(f, 0, "c", "\xe5\x8c\x97\xe4\xba\xac");
	assert_field(f, 1, "q", "a\"b");
	assert_field(f, 2, "bs", "\\u0000");
}

static void
test_json_nul_refused(void **state)
{
	struct fx *f = *state;
	const char raw[] = "{\"a\":\"x\0y\"}";

	assert_int_equal(json(f, "{\"a\":\"x\\u0000y\"}"), REQ_MALFORMED);
	assert_int_equal(json(f, "{\"a\\u0000b\":\"x\"}"), REQ_MALFORMED);
	assert_int_equal(req_parse_json(&f->r, &f->lim, raw, sizeof(raw) - 1),
	                 REQ_MALFORMED);
	assert_int_equal(f->r.nfields, 0);
}

static void
test_json_limits(void **state)
{
	struct fx *f = *state;

	f->lim.fields_max = 2;
	f->lim.field_max = 3;
	assert_int_equal(json(f, "{\"a\":\"abcd\"}"), REQ_TOO_MANY);
	assert_int_equal(json(f, "{\"a\":1,\"b\":2,\"c\":3}"), REQ_TOO_MANY);
}

/* Content-Type boundaries. */

static void
test_boundary_token(void **state)
{
	char b[80];

	(void)state;
	assert_int_equal(
	        req_boundary("multipart/form-data; boundary=abc", b, sizeof(b)),
	        0);
	assert_string_equal(b, "abc");
	assert_int_equal(req_boundary("multipart/form-data;boundary="
	                              "----WebKitFormBoundary7MA4YWxkTrZu0gW",
	                              b, sizeof(b)),
	                 0);
	assert_string_equal(b, "----WebKitFormBoundary7MA4YWxkTrZu0gW");
}

static void
test_boundary_quoted(void **state)
{
	char b[80];

	(void)state;
	assert_int_equal(req_boundary("multipart/form-data; boundary=\"a b:c\"",
	                              b, sizeof(b)),
	                 0);
	assert_string_equal(b, "a b:c");
	assert_int_equal(req_boundary("multipart/form-data; boundary=\"a\\=b\"",
	                              b, sizeof(b)),
	                 0);
	assert_string_equal(b, "a=b");
}

static void
test_boundary_case(void **state)
{
	char b[80];

	(void)state;
	assert_int_equal(
	        req_boundary("Multipart/Form-Data; BOUNDARY=XyZ", b, sizeof(b)),
	        0);
	assert_string_equal(b, "XyZ");
}

static void
test_boundary_other_params(void **state)
{
	char b[80];

	(void)state;
	assert_int_equal(req_boundary(" multipart/form-data ; charset=utf-8 ;"
	                              " boundary = q1 ; x=\"y;z\"",
	                              b, sizeof(b)),
	                 0);
	assert_string_equal(b, "q1");
}

static void
test_boundary_missing(void **state)
{
	char b[80];

	(void)state;
	assert_int_equal(req_boundary("multipart/form-data", b, sizeof(b)), -1);
	assert_int_equal(
	        req_boundary("multipart/form-data; charset=x", b, sizeof(b)),
	        -1);
	assert_int_equal(
	        req_boundary("multipart/form-data; boundary=", b, sizeof(b)),
	        -1);
	assert_int_equal(req_boundary("multipart/form-data; boundary=\"\"", b,
	                              sizeof(b)),
	                 -1);
	assert_int_equal(req_boundary("", b, sizeof(b)), -1);
	assert_int_equal(req_boundary(NULL, b, sizeof(b)), -1);
}

static void
test_boundary_wrong_type(void **state)
{
	char b[80];

	(void)state;
	assert_int_equal(
	        req_boundary("multipart/mixed; boundary=abc", b, sizeof(b)),
	        -1);
	assert_int_equal(req_boundary("application/x-www-form-urlencoded;"
	                              " boundary=abc",
	                              b, sizeof(b)),
	                 -1);
	assert_int_equal(req_boundary("multipart/form-datax; boundary=abc", b,
	                              sizeof(b)),
	                 -1);
}

static void
test_boundary_length(void **state)
{
	char ct[160], b[80];
	int k;

	(void)state;
	k = snprintf(ct, sizeof(ct), "multipart/form-data; boundary=%.70s",
	             "0123456789012345678901234567890123456789"
	             "0123456789012345678901234567890123456789");
	assert_true(k > 0 && (size_t)k < sizeof(ct));
	assert_int_equal(req_boundary(ct, b, sizeof(b)), 0);
	assert_int_equal(strlen(b), 70);
	/* The out buffer must hold it. */
	assert_int_equal(req_boundary(ct, b, 70), -1);
	k = snprintf(ct, sizeof(ct), "multipart/form-data; boundary=%.71s",
	             "0123456789012345678901234567890123456789"
	             "0123456789012345678901234567890123456789");
	assert_true(k > 0 && (size_t)k < sizeof(ct));
	assert_int_equal(req_boundary(ct, b, sizeof(b)), -1);
}

static void
test_boundary_invalid(void **state)
{
	static const char *const bad[] = {
	        "multipart/form-data; boundary=a@b",
	        "multipart/form-data; boundary=\"ab \"",
	        "multipart/form-data; boundary=\"abc",
	        "multipart/form-data; boundary=a; boundary=b",
	        "multipart/form-data; boundary",
	        "multipart/form-data boundary=x",
	        "multipart/form-data; =x; boundary=y",
	        "multipart/form-data; boundary=\"a\rb\"",
	};
	char b[80];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(req_boundary(bad[i], b, sizeof(b)), -1);
}

/* The raw multipart parser: events recorded as text. */

struct rec {
	struct buf o;
	int stop_at_begin; /* begin returns 7 */
};

static int
rec_begin(void *ctx, const char *name, const char *filename)
{
	struct rec *r = ctx;

	buf_addf(&r->o, "<%s|%s>", name, filename ? filename : "(null)");
	return r->stop_at_begin ? 7 : 0;
}

static int
rec_data(void *ctx, const char *b, size_t n)
{
	struct rec *r = ctx;

	assert_true(n > 0);
	buf_add(&r->o, b, n);
	return 0;
}

static int
rec_end(void *ctx)
{
	struct rec *r = ctx;

	buf_adds(&r->o, "</>");
	return 0;
}

static const struct mp_cb rec_cb = {rec_begin, rec_data, rec_end};

/* Feed body in chunks of size chunk (0: whole, SIZE_MAX: random); returns
 * the events and sets *rc to the first non-zero mp_feed or mp_finish. */
static char *
mp_run(const char *body, size_t n, size_t chunk, int *rc)
{
	struct rec r = {{0}, 0};
	struct mp *p = mp_new(B, &rec_cb, &r);
	unsigned seed = 1;
	size_t i = 0, k;

	assert_non_null(p);
	*rc = 0;
	while (i < n && *rc == 0) {
		k = n - i;
		if (chunk == SIZE_MAX) {
			seed = seed * 1103515245u + 12345u;
			k = 1 + (seed >> 16) % 13;
		} else if (chunk != 0) {
			k = chunk;
		}
		if (k > n - i)
			k = n - i;
		*rc = mp_feed(p, body + i, k);
		i += k;
	}
	if (*rc == 0)
		*rc = mp_finish(p);
	mp_free(p);
	return buf_take(&r.o, NULL);
}

/* Every split gives the same events and outcome; returns them. */
static char *
mp_all_splits(const char *body, int *rc)
{
	static const size_t chunks[] = {1, 2, 3, 5, 7, 16, 64, SIZE_MAX};
	size_t n = strlen(body), i;
	char *want = mp_run(body, n, 0, rc), *got;
	int rc2;

	for (i = 0; i < sizeof(chunks) / sizeof(chunks[0]); i++) {
		got = mp_run(body, n, chunks[i], &rc2);
		assert_string_equal(got, want);
		assert_int_equal(rc2, *rc);
		free(got);
	}
	/* Every split into two pieces. */
	for (i = 1; i < n; i++) {
		struct rec r = {{0}, 0};
		struct mp *p = mp_new(B, &rec_cb, &r);

		rc2 = mp_feed(p, body, i);
		if (rc2 == 0)
			rc2 = mp_feed(p, body + i, n - i);
		if (rc2 == 0)
			rc2 = mp_finish(p);
		mp_free(p);
		assert_int_equal(rc2, *rc);
		if (*rc == 0)
			assert_string_equal(r.o.p ? r.o.p : "", want);
		buf_free(&r.o);
	}
	return want;
}

static void
expect_mp(const char *body, const char *events)
{
	int rc;
	char *got = mp_all_splits(body, &rc);

	assert_int_equal(rc, 0);
	assert_string_equal(got, events);
	free(got);
}

static void
expect_mp_bad(const char *body)
{
	int rc;
	char *got = mp_all_splits(body, &rc);

	assert_int_equal(rc, -1);
	free(got);
}

static void
test_mp_basic(void **state)
{
	(void)state;
	expect_mp("--" B "\r\n"
	          "Content-Disposition: form-data; name=\"a\"\r\n\r\n"
	          "hello\r\n"
	          "--" B "\r\n"
	          "Content-Disposition: form-data; name=\"f\"; "
	          "filename=\"x.jpg\"\r\n"
	          "Content-Type: image/jpeg\r\n\r\n"
	          "\xff\xd8\xff\r\n\r\n"
	          "--" B "--\r\n",
	          "<a|(null)>hello</><f|x.jpg>\xff\xd8\xff\r\n</>");
}

static void
test_mp_near_delimiters(void **state)
{
	(void)state;
	/* Data that starts like the delimiter but is not one. */
	expect_mp("--" B "\r\n"
	          "Content-Disposition: form-data; name=\"a\"\r\n\r\n"
	          "\r\r\n\r\n-\r\n--\r\n--zfB0undar\r\n--zf\r\n\r\n--" B "\r\n"
	          "Content-Disposition: form-data; name=\"b\"\r\n\r\n"
	          "\r\n\r\n--" B "--",
	          "<a|(null)>\r\r\n\r\n-\r\n--\r\n--zfB0undar\r\n--zf\r\n</>"
	          "<b|(null)>\r\n</>");
}

static void
test_mp_preamble_epilogue(void **state)
{
	(void)state;
	expect_mp("This is the preamble.\r\n--zfB0 not it\r\n"
	          "--" B "\r\n"
	          "Content-Disposition: form-data; name=\"a\"\r\n\r\n"
	          "1\r\n"
	          "--" B "--\r\nthe epilogue\r\n--" B "\r\njunk",
	          "<a|(null)>1</>");
}

static void
test_mp_empty_value(void **state)
{
	(void)state;
	expect_mp("--" B "\r\n"
	          "Content-Disposition: form-data; name=\"a\"\r\n\r\n"
	          "\r\n--" B "--",
	          "<a|(null)></>");
}

static void
test_mp_padding(void **state)
{
	(void)state;
	expect_mp("--" B " \t\r\n"
	          "Content-Disposition: form-data; name=\"a\"\r\n\r\n"
	          "x\r\n--" B "\t\r\n"
	          "Content-Disposition: form-data; name=\"b\"\r\n\r\n"
	          "y\r\n--" B "--",
	          "<a|(null)>x</><b|(null)>y</>");
}

static void
test_mp_no_parts(void **state)
{
	(void)state;
	expect_mp("--" B "--\r\n", "");
}

static void
test_mp_header_params(void **state)
{
	(void)state;
	expect_mp("--" B "\r\n"
	          "content-disposition: FORM-DATA;NAME=plain ;  "
	          "FileName=\"C:\\\\a \\\"b\\\".png\"\r\n"
	          "X-Other: whatever; name=\"no\"\r\n\r\n"
	          "z\r\n--" B "--",
	          "<plain|C:\\a \"b\".png>z</>");
}

static void
test_mp_utf8_name(void **state)
{
	(void)state;
	expect_mp("--" B "\r\n"
	          "Content-Disposition: form-data; name=\"\xe5\x90\x8d\"; "
	          "filename=\"\xe5\x9b\xbe.jpg\"\r\n\r\n"
	          "z\r\n--" B "--",
	          "<\xe5\x90\x8d|\xe5\x9b\xbe.jpg>z</>");
}

static void
test_mp_no_closing(void **state)
{
	(void)state;
	expect_mp_bad("--" B "\r\n"
	              "Content-Disposition: form-data; name=\"a\"\r\n\r\n"
	              "1\r\n--" B);
	expect_mp_bad("--" B "\r\n"
	              "Content-Disposition: form-data; name=\"a\"\r\n\r\n"
	              "1\r\n--" B "-");
	expect_mp_bad("no boundary at all");
	expect_mp_bad("");
}

static void
test_mp_no_name(void **state)
{
	(void)state;
	expect_mp_bad("--" B "\r\n"
	              "Content-Disposition: form-data; filename=\"x\"\r\n\r\n"
	              "1\r\n--" B "--");
	expect_mp_bad("--" B "\r\n"
	              "Content-Type: text/plain\r\n\r\n"
	              "1\r\n--" B "--");
	expect_mp_bad("--" B "\r\n\r\n1\r\n--" B "--");
}

static void
test_mp_bad_headers(void **state)
{
	static const char *const bad[] = {
	        "Content-Disposition: attachment; name=\"a\"",
	        "Content-Disposition: form-data; name=\"a",
	        "Content-Disposition: form-data; name=\"a\"; name=\"b\"",
	        ("Content-Disposition: form-data; name=\"a\"\r\n"
	         "Content-Disposition: form-data; name=\"b\""),
	        "Content-Disposition: form-data; name=\"a\"\r\n continued",
	        "Content-Disposition: form-data; name",
	        "no colon here\r\nContent-Disposition: form-data; name=a",
	};
	char body[512];
	size_t i;
	int k;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		k = snprintf(body, sizeof(body),
		             "--" B "\r\n%s\r\n\r\nv\r\n--" B "--", bad[i]);
		assert_true(k > 0 && (size_t)k < sizeof(body));
		expect_mp_bad(body);
	}
}

static void
test_mp_folded_other_header(void **state)
{
	(void)state;
	expect_mp("--" B "\r\n"
	          "X-Long: one\r\n two\r\n"
	          "Content-Disposition: form-data; name=\"a\"\r\n\r\n"
	          "v\r\n--" B "--",
	          "<a|(null)>v</>");
}

static void
test_mp_garbage_after_delimiter(void **state)
{
	(void)state;
	expect_mp_bad("--" B "x\r\n"
	              "Content-Disposition: form-data; name=\"a\"\r\n\r\n"
	              "v\r\n--" B "--");
	expect_mp_bad("--" B "\r\n"
	              "Content-Disposition: form-data; name=\"a\"\r\n\r\n"
	              "v\r\n--" B " -\r\n");
	expect_mp_bad("--" B "\rx");
}

static void
test_mp_headers_too_long(void **state)
{
	struct buf b = {0};
	size_t i;
	int rc;
	char *got;

	(void)state;
	buf_adds(&b, "--" B "\r\nContent-Disposition: form-data; name=a\r\n");
	for (i = 0; i < 200; i++)
		buf_adds(&b,
		         "X-Pad: 0123456789012345678901234567890123456789\r\n");
	buf_adds(&b, "\r\nv\r\n--" B "--");
	got = mp_run(b.p, b.len, 0, &rc);
	assert_int_equal(rc, -1);
	free(got);
	got = mp_run(b.p, b.len, 1, &rc);
	assert_int_equal(rc, -1);
	free(got);
	buf_free(&b);
}

static void
test_mp_headers_at_limit(void **state)
{
	struct buf b = {0};
	const char *cd = "Content-Disposition: form-data; name=a\r\n";
	char *got;
	int rc;

	(void)state;
	/* A header block of exactly 8192 bytes, the final CRLF included. */
	buf_adds(&b, "--" B "\r\n");
	buf_adds(&b, cd);
	buf_adds(&b, "X: ");
	while (b.len < 2 + strlen(B) + 2 + 8192 - 4)
		buf_addc(&b, 'p');
	buf_adds(&b, "\r\n\r\nv\r\n--" B "--");
	got = mp_run(b.p, b.len, 1, &rc);
	assert_int_equal(rc, 0);
	assert_string_equal(got, "<a|(null)>v</>");
	free(got);
	buf_free(&b);
}

static void
test_mp_nul_in_headers(void **state)
{
	const char body[] = "--" B "\r\nContent-Disposition: form-data; "
	                    "name=\"a\0b\"\r\n\r\nv\r\n--" B "--";
	int rc;
	char *got;

	(void)state;
	got = mp_run(body, sizeof(body) - 1, 0, &rc);
	assert_int_equal(rc, -1);
	free(got);
}

static void
test_mp_callback_stops(void **state)
{
	const char *body = "--" B "\r\n"
	                   "Content-Disposition: form-data; name=\"a\"\r\n\r\n"
	                   "v\r\n--" B "--";
	struct rec r = {{0}, 1};
	struct mp *p = mp_new(B, &rec_cb, &r);

	(void)state;
	assert_int_equal(mp_feed(p, body, strlen(body)), 7);
	/* The parser stays stopped. */
	assert_int_equal(mp_feed(p, "x", 1), 7);
	assert_int_equal(mp_finish(p), -1);
	assert_string_equal(r.o.p, "<a|(null)>");
	mp_free(p);
	buf_free(&r.o);
}

static void
test_mp_new_bad_boundary(void **state)
{
	(void)state;
	assert_null(mp_new("", &rec_cb, NULL));
	assert_null(mp_new("a\r\nb", &rec_cb, NULL));
	assert_null(mp_new("01234567890123456789012345678901234567890123456789"
	                   "012345678901234567890",
	                   &rec_cb, NULL));
	mp_free(NULL);
}

/* Bodies through req_read_body. */

static const char mp_body[] =
        "--" B "\r\n"
        "Content-Disposition: form-data; name=\"title\"\r\n\r\n"
        "Two rooms\r\nnear the park\r\n"
        "--" B "\r\n"
        "Content-Disposition: form-data; name=\"pic\"; filename=\"a.png\"\r\n"
        "Content-Type: image/png\r\n\r\n"
        "\x89PNG\r\n\x1a\n\0\0\0\rIHDR--" B "\r\n"
        "--" B "\r\n"
        "Content-Disposition: form-data; name=\"pic\"; filename=\"b.png\"\r\n"
        "\r\n"
        "second\r\n"
        "--" B "\r\n"
        "Content-Disposition: form-data; name=\"price\"\r\n\r\n"
        "3500\r\n"
        "--" B "--\r\n";

static void
test_body_multipart(void **state)
{
	struct fx *f = *state;
	struct buf c = {0};
	struct stat st;
	const struct field *fl;

	assert_int_equal(
	        read_body(f, MP_CTYPE, mp_body, sizeof(mp_body) - 1, 0),
	        REQ_OK);
	assert_int_equal(f->r.nfields, 4);
	assert_field(f, 0, "title", "Two rooms\r\nnear the park");
	assert_field(f, 3, "price", "3500");
	fl = field_at(f, 1);
	assert_string_equal(fl->name, "pic");
	assert_null(fl->value);
	assert_non_null(fl->file);
	assert_int_equal(fl->from, FROM_BODY);
	assert_int_equal(fl->file->size, 18 + strlen(B));
	assert_int_equal(fl->file->too_big, 0);
	assert_non_null(fl->file->path);
	assert_int_equal(strncmp(fl->file->path, f->dir, strlen(f->dir)), 0);
	assert_int_equal(strncmp(fl->file->path + strlen(f->dir), "/up-", 4),
	                 0);
	assert_int_equal(stat(fl->file->path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	slurp(fl->file->path, &c);
	assert_int_equal(c.len, 18 + strlen(B));
	assert_memory_equal(c.p, "\x89PNG\r\n\x1a\n\0\0\0\rIHDR--" B, c.len);
	buf_free(&c);
	assert_int_equal(req_count(&f->r, "pic", NULL), 2);
	assert_int_equal(dir_count(f->dir), 2);
}

/* The same body read whole, byte by byte and in random chunks. */
static void
test_body_multipart_splits(void **state)
{
	static const size_t chunks[] = {1, 2, 3, 10, 64, SIZE_MAX};
	struct fx *f = *state;
	char *want, *got;
	size_t i;

	assert_int_equal(
	        read_body(f, MP_CTYPE, mp_body, sizeof(mp_body) - 1, 0),
	        REQ_OK);
	want = render(&f->r);
	for (i = 0; i < sizeof(chunks) / sizeof(chunks[0]); i++) {
		req_cleanup(&f->r);
		assert_int_equal(dir_count(f->dir), 0);
		req_init(&f->r);
		assert_int_equal(read_body(f, MP_CTYPE, mp_body,
		                           sizeof(mp_body) - 1, chunks[i]),
		                 REQ_OK);
		got = render(&f->r);
		assert_string_equal(got, want);
		free(got);
	}
	free(want);
}

static const char mp_file[] =
        "--" B "\r\n"
        "Content-Disposition: form-data; name=\"%s\"; filename=\"%s\"\r\n"
        "\r\n"
        "%s\r\n"
        "--" B "--\r\n";

static enum req_err
read_file_part(struct fx *f, const char *name, const char *filename,
               const char *data, size_t chunk)
{
	char body[1024];
	int k;

	k = snprintf(body, sizeof(body), mp_file, name, filename, data);
	assert_true(k > 0 && (size_t)k < sizeof(body));
	return read_body(f, MP_CTYPE, body, (size_t)k, chunk);
}

static void
test_file_too_big(void **state)
{
	struct fx *f = *state;
	const struct field *fl;
	struct stat st;

	f->fmax = 10;
	assert_int_equal(read_file_part(f, "pic", "a.jpg",
	                                "0123456789abcdefghijklmno", 3),
	                 REQ_OK);
	assert_int_equal(f->r.nfields, 1);
	fl = field_at(f, 0);
	assert_int_equal(fl->file->too_big, 1);
	assert_int_equal(fl->file->size, 25);
	assert_non_null(fl->file->path);
	assert_int_equal(stat(fl->file->path, &st), 0);
	assert_int_equal(st.st_size, 0);
}

static void
test_file_at_limit(void **state)
{
	struct fx *f = *state;
	const struct field *fl;
	struct stat st;

	f->fmax = 10;
	assert_int_equal(read_file_part(f, "pic", "a.jpg", "0123456789", 1),
	                 REQ_OK);
	fl = field_at(f, 0);
	assert_int_equal(fl->file->too_big, 0);
	assert_int_equal(fl->file->size, 10);
	assert_int_equal(stat(fl->file->path, &st), 0);
	assert_int_equal(st.st_size, 10);
}

static void
test_file_discarded(void **state)
{
	struct fx *f = *state;
	const struct field *fl;

	assert_int_equal(read_file_part(f, "dropme", "a.jpg", "abcdef", 0),
	                 REQ_OK);
	assert_int_equal(f->r.nfields, 1);
	fl = field_at(f, 0);
	assert_string_equal(fl->name, "dropme");
	assert_null(fl->value);
	assert_non_null(fl->file);
	assert_null(fl->file->path);
	assert_int_equal(fl->file->size, 6);
	assert_int_equal(dir_count(f->dir), 0);
}

static void
test_file_no_file_max(void **state)
{
	struct fx *f = *state;

	f->lim.file_max = NULL;
	assert_int_equal(read_file_part(f, "pic", "a.jpg", "abcdef", 0),
	                 REQ_OK);
	assert_null(field_at(f, 0)->file->path);
	assert_int_equal(dir_count(f->dir), 0);
}

static void
test_file_empty_input_skipped(void **state)
{
	struct fx *f = *state;

	assert_int_equal(read_file_part(f, "pic", "", "", 1), REQ_OK);
	assert_int_equal(f->r.nfields, 0);
	assert_int_equal(dir_count(f->dir), 0);
}

static void
test_file_empty_filename_with_data(void **state)
{
	struct fx *f = *state;

	assert_int_equal(read_file_part(f, "pic", "", "xyz", 1), REQ_OK);
	assert_int_equal(f->r.nfields, 1);
	assert_int_equal(field_at(f, 0)->file->size, 3);
	assert_non_null(field_at(f, 0)->file->path);
}

static void
test_file_empty_with_name(void **state)
{
	struct fx *f = *state;
	struct stat st;

	assert_int_equal(read_file_part(f, "pic", "a.jpg", "", 0), REQ_OK);
	assert_int_equal(f->r.nfields, 1);
	assert_int_equal(field_at(f, 0)->file->size, 0);
	assert_int_equal(stat(field_at(f, 0)->file->path, &st), 0);
	assert_int_equal(st.st_size, 0);
}

static void
test_file_bad_tmpdir(void **state)
{
	struct fx *f = *state;

	f->lim.tmpdir = "/nonexistent/zufang-test";
	assert_int_equal(read_file_part(f, "pic", "a.jpg", "abc", 0), REQ_IO);
}

static void
test_file_kept_not_unlinked(void **state)
{
	struct fx *f = *state;
	char path[128];
	int k;

	assert_int_equal(read_file_part(f, "pic", "a.jpg", "abc", 0), REQ_OK);
	k = snprintf(path, sizeof(path), "%s", field_at(f, 0)->file->path);
	assert_true(k > 0 && (size_t)k < sizeof(path));
	field_at(f, 0)->file->kept = 1;
	req_cleanup(&f->r);
	req_init(&f->r);
	assert_int_equal(access(path, F_OK), 0);
	assert_int_equal(unlink(path), 0);
}

static void
test_cleanup_removes_files(void **state)
{
	struct fx *f = *state;

	assert_int_equal(
	        read_body(f, MP_CTYPE, mp_body, sizeof(mp_body) - 1, 0),
	        REQ_OK);
	assert_int_equal(dir_count(f->dir), 2);
	req_cleanup(&f->r);
	assert_int_equal(dir_count(f->dir), 0);
	assert_null(f->r.fields);
	assert_int_equal(f->r.nfields, 0);
	req_init(&f->r);
}

static void
test_cleanup_after_error(void **state)
{
	struct fx *f = *state;
	const char *body = "--" B "\r\n"
	                   "Content-Disposition: form-data; name=\"p\"; "
	                   "filename=\"a\"\r\n\r\n"
	                   "partial data, then the peer stops";

	assert_int_equal(read_str(f, MP_CTYPE, body), REQ_MALFORMED);
	assert_int_equal(dir_count(f->dir), 1);
	req_cleanup(&f->r);
	assert_int_equal(dir_count(f->dir), 0);
	req_init(&f->r);
}

static void
test_body_multipart_fields_max(void **state)
{
	struct fx *f = *state;

	f->lim.fields_max = 1;
	assert_int_equal(
	        read_body(f, MP_CTYPE, mp_body, sizeof(mp_body) - 1, 5),
	        REQ_TOO_MANY);
	assert_int_equal(f->r.nfields, 1);
	/* No temporary file was made for the refused part. */
	assert_int_equal(dir_count(f->dir), 0);
}

static void
test_body_multipart_field_max(void **state)
{
	struct fx *f = *state;
	const char *body = "--" B "\r\n"
	                   "Content-Disposition: form-data; name=\"a\"\r\n\r\n"
	                   "12345\r\n--" B "--";

	f->lim.field_max = 5;
	assert_int_equal(read_str(f, MP_CTYPE, body), REQ_OK);
	req_cleanup(&f->r);
	req_init(&f->r);
	f->lim.field_max = 4;
	assert_int_equal(read_body(f, MP_CTYPE, body, strlen(body), 1),
	                 REQ_TOO_MANY);
	assert_int_equal(f->r.nfields, 0);
}

static void
test_body_multipart_bad_boundary(void **state)
{
	struct fx *f = *state;

	assert_int_equal(read_body(f, "multipart/form-data", mp_body,
	                           sizeof(mp_body) - 1, 0),
	                 REQ_MALFORMED);
	assert_int_equal(read_body(f, "multipart/form-data; boundary=other",
	                           mp_body, sizeof(mp_body) - 1, 0),
	                 REQ_MALFORMED);
	assert_int_equal(f->r.nfields, 0);
}

static void
test_body_multipart_no_name(void **state)
{
	struct fx *f = *state;

	assert_int_equal(read_str(f, MP_CTYPE,
	                          "--" B "\r\nContent-Disposition: form-data"
	                          "\r\n\r\nv\r\n--" B "--"),
	                 REQ_MALFORMED);
}

static void
test_body_urlencoded(void **state)
{
	struct fx *f = *state;

	assert_int_equal(read_str(f,
	                          "Application/X-WWW-Form-Urlencoded; "
	                          "charset=UTF-8",
	                          "mobile=13800138000&name=%E5%BC%A0"),
	                 REQ_OK);
	assert_field(f, 0, "mobile", "13800138000");
	assert_field(f, 1, "name", "\xe5\xbc\xa0");
	assert_int_equal(field_at(f, 0)->from, FROM_BODY);
}

static void
test_body_urlencoded_chunks(void **state)
{
	struct fx *f = *state;
	const char *b = "a=%E5%BC%A0&b=x+y";

	assert_int_equal(read_body(f, "application/x-www-form-urlencoded", b,
	                           strlen(b), 1),
	                 REQ_OK);
	assert_field(f, 0, "a", "\xe5\xbc\xa0");
	assert_field(f, 1, "b", "x y");
}

static void
test_body_urlencoded_too_big(void **state)
{
	struct fx *f = *state;
	size_t n = 1024 * 1024 + 1;
	char *b = malloc(n);

	assert_non_null(b);
	memset(b, 'a', n);
	assert_int_equal(
	        read_body(f, "application/x-www-form-urlencoded", b, n, 1000),
	        REQ_TOO_MANY);
	assert_int_equal(f->r.nfields, 0);
	free(b);
}

static void
test_body_urlencoded_1mib(void **state)
{
	struct fx *f = *state;
	size_t n = 1024 * 1024;
	char *b = malloc(n);

	assert_non_null(b);
	memset(b, 'a', n);
	b[0] = 'k';
	b[1] = '=';
	f->lim.field_max = n;
	assert_int_equal(
	        read_body(f, "application/x-www-form-urlencoded", b, n, 0),
	        REQ_OK);
	assert_int_equal(field_at(f, 0)->len, n - 2);
	free(b);
}

static void
test_body_json(void **state)
{
	struct fx *f = *state;

	assert_int_equal(read_str(f, "application/json; charset=utf-8",
	                          "{\"lng\":116.397128,\"n\":42}"),
	                 REQ_OK);
	assert_field(f, 0, "lng", "116.397128");
	assert_field(f, 1, "n", "42");
}

static void
test_body_json_malformed(void **state)
{
	struct fx *f = *state;

	assert_int_equal(read_str(f, "application/json", "{\"a\":"),
	                 REQ_MALFORMED);
}

static void
test_body_empty(void **state)
{
	static const char *const ct[] = {
	        NULL,
	        "",
	        "application/json",
	        "application/x-www-form-urlencoded",
	        MP_CTYPE,
	        "multipart/form-data",
	        "text/plain",
	};
	struct fx *f = *state;
	size_t i;

	for (i = 0; i < sizeof(ct) / sizeof(ct[0]); i++)
		assert_int_equal(read_body(f, ct[i], "", 0, 0), REQ_OK);
	assert_int_equal(f->r.nfields, 0);
}

static void
test_body_other_type(void **state)
{
	struct fx *f = *state;

	assert_int_equal(read_str(f, "text/plain", "a=1"), REQ_MEDIA);
	assert_int_equal(read_str(f, NULL, "a=1"), REQ_MALFORMED);
	assert_int_equal(read_str(f, "", "a=1"), REQ_MALFORMED);
	assert_int_equal(read_str(f, "application/jsonx", "{}"), REQ_MEDIA);
	assert_int_equal(f->r.nfields, 0);
}

/* After an early error the rest of a large body is still read. */
static void
test_drain_after_error(void **state)
{
	struct fx *f = *state;
	size_t n = 300000;
	char *b = malloc(n);
	const char *h = "--" B "\r\nbad header\r\n\r\n";
	struct mem m;

	assert_non_null(b);
	memset(b, 'x', n);
	memcpy(b, h, strlen(h));
	memset(&m, 0, sizeof(m));
	m.p = b;
	m.n = n;
	m.chunk = 100;
	f->r.ctype = MP_CTYPE;
	assert_int_equal(req_read_body(&f->r, &f->lim, mem_read, &m),
	                 REQ_MALFORMED);
	assert_int_equal(m.off, n);
	assert_int_equal(m.zeros, 1);
	assert_int_equal(m.calls, 3001);
	free(b);
}

static void
test_read_error(void **state)
{
	struct fx *f = *state;
	struct mem m = {"a=1", 3, 0, 0, 0, 0, 0, 1};

	f->r.ctype = "application/x-www-form-urlencoded";
	assert_int_equal(req_read_body(&f->r, &f->lim, mem_read, &m), REQ_IO);
	assert_int_equal(f->r.nfields, 0);
}

static void
test_read_error_multipart(void **state)
{
	struct fx *f = *state;
	const char *body = "--" B "\r\n"
	                   "Content-Disposition: form-data; name=\"p\"; "
	                   "filename=\"a\"\r\n\r\nsome bytes";
	struct mem m = {body, strlen(body), 0, 4, 0, 0, 0, 1};

	f->r.ctype = MP_CTYPE;
	assert_int_equal(req_read_body(&f->r, &f->lim, mem_read, &m), REQ_IO);
	/* The partial file is removed by the teardown's cleanup. */
}

static void
test_read_body_null_limits(void **state)
{
	struct fx *f = *state;
	struct mem m = {"a=1&b=2", 7, 0, 0, 0, 0, 0, 0};

	f->r.ctype = "application/x-www-form-urlencoded";
	assert_int_equal(req_read_body(&f->r, NULL, mem_read, &m), REQ_OK);
	assert_int_equal(f->r.nfields, 2);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        T(test_urlenc_basic),
	        T(test_urlenc_plus),
	        T(test_urlenc_percent),
	        T(test_urlenc_utf8),
	        T(test_urlenc_empty_values),
	        T(test_urlenc_empty_segments),
	        T(test_urlenc_empty_string),
	        T(test_urlenc_missing_equals),
	        T(test_urlenc_second_equals),
	        T(test_urlenc_bad_escapes),
	        T(test_urlenc_nul_kept),
	        T(test_urlenc_length_bound),
	        T(test_fields_max),
	        T(test_field_max),
	        T(test_add_field_copies),
	        T(test_many_fields_grow),
	        T(test_count),
	        T(test_json_types),
	        T(test_json_number_vtype),
	        T(test_json_numbers),
	        T(test_json_null_skipped),
	        T(test_json_nested_refused),
	        T(test_json_not_object),
	        T(test_json_whitespace),
	        T(test_json_duplicates_kept),
	        T(test_json_escapes),
	        T(test_json_nul_refused),
	        T(test_json_limits),
	        T(test_boundary_token),
	        T(test_boundary_quoted),
	        T(test_boundary_case),
	        T(test_boundary_other_params),
	        T(test_boundary_missing),
	        T(test_boundary_wrong_type),
	        T(test_boundary_length),
	        T(test_boundary_invalid),
	        T(test_mp_basic),
	        T(test_mp_near_delimiters),
	        T(test_mp_preamble_epilogue),
	        T(test_mp_empty_value),
	        T(test_mp_padding),
	        T(test_mp_no_parts),
	        T(test_mp_header_params),
	        T(test_mp_utf8_name),
	        T(test_mp_no_closing),
	        T(test_mp_no_name),
	        T(test_mp_bad_headers),
	        T(test_mp_folded_other_header),
	        T(test_mp_garbage_after_delimiter),
	        T(test_mp_headers_too_long),
	        T(test_mp_headers_at_limit),
	        T(test_mp_nul_in_headers),
	        T(test_mp_callback_stops),
	        T(test_mp_new_bad_boundary),
	        T(test_body_multipart),
	        T(test_body_multipart_splits),
	        T(test_file_too_big),
	        T(test_file_at_limit),
	        T(test_file_discarded),
	        T(test_file_no_file_max),
	        T(test_file_empty_input_skipped),
	        T(test_file_empty_filename_with_data),
	        T(test_file_empty_with_name),
	        T(test_file_bad_tmpdir),
	        T(test_file_kept_not_unlinked),
	        T(test_cleanup_removes_files),
	        T(test_cleanup_after_error),
	        T(test_body_multipart_fields_max),
	        T(test_body_multipart_field_max),
	        T(test_body_multipart_bad_boundary),
	        T(test_body_multipart_no_name),
	        T(test_body_urlencoded),
	        T(test_body_urlencoded_chunks),
	        T(test_body_urlencoded_too_big),
	        T(test_body_urlencoded_1mib),
	        T(test_body_json),
	        T(test_body_json_malformed),
	        T(test_body_empty),
	        T(test_body_other_type),
	        T(test_drain_after_error),
	        T(test_read_error),
	        T(test_read_error_multipart),
	        T(test_read_body_null_limits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
