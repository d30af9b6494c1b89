/* Unit tests for lib/route.c: parameter validation against declared specs
 * (route_validate) and the dispatcher (route_find, route_dispatch). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cJSON.h>

#include "arena.h"
#include "buf.h"
#include "req.h"
#include "resp.h"
#include "qsz/qsz.h"
#include "route.h"
#include "upload.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define MIB      (1024ULL * 1024)

/* A 1x1 PNG (tests/data/tiny.png). */
static const char png[] =
        "\x89\x50\x4e\x47\x0d\x0a\x1a\x0a\x00\x00\x00\x0d\x49\x48\x44\x52"
        "\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90\x77\x53"
        "\xde\x00\x00\x00\x0c\x49\x44\x41\x54\x78\xda\x63\x38\x21\x27\x07"
        "\x00\x02\xb6\x01\x05\x0a\x5b\xa6\x06\x00\x00\x00\x00\x49\x45\x4e"
        "\x44\xae\x42\x60\x82";

static const char text[] = "This is not an image, whatever its name says.\n";

/* A valid resident ID number (check digit X). */
#define IDNO "11010519491231002X"

/* Files shared by all tests, written by the group setup. */
static char tmpdir[64];
static char png_path[128];
static char txt_path[128];

/* ---- the parameter table: every type and flag ---- */

static const uint64_t ten_mib = 10 * MIB;
static const uint64_t two_kib = 2048;
static const uint64_t sixteen = 16;

static const char *const kinds[] = {"whole", "shared", NULL};

static int check_calls;

/* A custom rule: no spaces. */
static int
no_spaces(const char *s, size_t n, char *err, size_t errlen)
{
	check_calls++;
	assert_int_equal(strlen(s), n); /* NUL-terminated, as long as n */
	if (memchr(s, ' ', n) != NULL) {
		snprintf(err, errlen, "must not contain spaces");
		return -1;
	}
	return 0;
}

enum {
	P_AGE,
	P_PRICE,
	P_NAME,
	P_NOTE,
	P_KIND,
	P_BIRTH,
	P_MOVEIN,
	P_IDNO,
	P_MOBILE,
	P_CODE,
	P_PETS,
	P_TAG,
	P_PHOTO,
	P_PHOTOS,
	P_DOC,
	P__MAX
};

static const struct pspec spec[P__MAX] = {
        [P_AGE] = {.name = "age",
                   .type = PT_INT,
                   .flags = PF_REQUIRED,
                   .min = 0,
                   .max = 100},
        [P_PRICE] = {.name = "price",
                     .type = PT_NUM,
                     .dmin = 0,
                     .dmax = 100000},
        [P_NAME] = {.name = "name",
                    .type = PT_TEXT,
                    .min = 1,
                    .max = 5,
                    .alias = "nick"},
        [P_NOTE] = {.name = "note",
                    .type = PT_TEXT,
                    .flags = PF_EMPTY,
                    .min = 1,
                    .max = 10},
        [P_KIND] = {.name = "kind", .type = PT_CHOICE, .choices = kinds},
        [P_BIRTH] = {.name = "birth", .type = PT_DATE, .flags = PF_PAST},
        [P_MOVEIN] = {.name = "movein", .type = PT_DATE},
        [P_IDNO] = {.name = "idno", .type = PT_IDCARD},
        [P_MOBILE] = {.name = "mobile", .type = PT_MOBILE},
        [P_CODE] = {.name = "code", .type = PT_DIGITS, .min = 6, .max = 6},
        [P_PETS] = {.name = "pets", .type = PT_BOOL},
        [P_TAG] = {.name = "tag",
                   .type = PT_TEXT,
                   .min = 1,
                   .max = 20,
                   .check = no_spaces},
        [P_PHOTO] = {.name = "photo",
                     .type = PT_FILE,
                     .ftypes = FT_IMAGE,
                     .fmax = &ten_mib},
        [P_PHOTOS] = {.name = "photos",
                      .type = PT_FILE,
                      .flags = PF_MULTI,
                      .max = 3,
                      .ftypes = FT_IMAGE,
                      .fmax = &ten_mib},
        [P_DOC] = {.name = "doc",
                   .type = PT_FILE,
                   .flags = PF_REQUIRED,
                   .ftypes = FT_DOC,
                   .fmax = &two_kib},
};

/* ---- fixtures ---- */

static void
write_file(const char *path, const char *bytes, size_t n)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, bytes, n), (ssize_t)n);
	assert_int_equal(close(fd), 0);
}

static int
group_setup(void **state)
{
	(void)state;
	if (upload_init() < 0)
		return -1;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/test_route-XXXXXX");
	if (mkdtemp(tmpdir) == NULL)
		return -1;
	snprintf(png_path, sizeof(png_path), "%s/a.png", tmpdir);
	snprintf(txt_path, sizeof(txt_path), "%s/a.txt", tmpdir);
	write_file(png_path, png, sizeof(png) - 1);
	write_file(txt_path, text, sizeof(text) - 1);
	return 0;
}

static int
group_teardown(void **state)
{
	char cmd[128];

	(void)state;
	upload_done();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

/* Per-test state: a request and its answer. */
struct fx {
	struct req r;
	struct resp res;
};

static const struct req_limits limits = {
        .field_max = 65536,
        .fields_max = 256,
};

static void
fx_start(struct fx *f)
{
	req_init(&f->r);
	resp_init(&f->res);
	f->r.method = "GET";
	f->r.path = "/";
	f->r.query = "";
	f->r.ctype = "";
	f->r.rid = "test";
}

static void
fx_end(struct fx *f)
{
	req_cleanup(&f->r);
	resp_free(&f->res);
}

/* A fresh request and answer, for table-driven tests. */
static void
fx_reset(struct fx *f)
{
	fx_end(f);
	fx_start(f);
}

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	fx_start(f);
	check_calls = 0;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	fx_end(f);
	free(f);
	return 0;
}

/* Add a value field of n bytes. */
static void
addn(struct fx *f, const char *name, const char *value, size_t n)
{
	assert_int_equal(req_add_field(&f->r, &limits, name, strlen(name),
	                               value, n, FROM_BODY),
	                 REQ_OK);
}

static void
add(struct fx *f, const char *name, const char *value)
{
	addn(f, name, value, strlen(value));
}

/* Add a file field by hand, as the multipart reader would.  The files
 * are shared by the tests: kept, so req_cleanup leaves them alone. */
static struct upfile *
add_file(struct fx *f, const char *name, const char *path, uint64_t size,
         int too_big)
{
	struct req *r = &f->r;
	struct upfile *u = arena_alloc(r->a, sizeof(*u));
	struct field *fl;

	u->path = path != NULL ? arena_strdup(r->a, path) : NULL;
	u->size = size;
	u->too_big = too_big;
	u->kept = 1;
	if (r->nfields == r->capfields) {
		r->capfields = r->capfields ? r->capfields * 2 : 16;
		r->fields =
		        xrealloc(r->fields, r->capfields * sizeof(*r->fields));
	}
	fl = &r->fields[r->nfields++];
	memset(fl, 0, sizeof(*fl));
	fl->name = arena_strdup(r->a, name);
	fl->file = u;
	fl->from = FROM_BODY;
	return u;
}

static struct upfile *
add_png(struct fx *f, const char *name)
{
	return add_file(f, name, png_path, sizeof(png) - 1, 0);
}

static struct upfile *
add_txt(struct fx *f, const char *name)
{
	return add_file(f, name, txt_path, sizeof(text) - 1, 0);
}

/* Validate against the one spec i; the value lands in r.p[0]. */
static enum status
validate_one(struct fx *f, size_t i)
{
	return route_validate(&spec[i], 1, &f->r, &f->res);
}

static void
assert_fails(struct fx *f, size_t i, enum status st, const char *msg)
{
	assert_int_equal(validate_one(f, i), st);
	assert_string_equal(f->res.msg, msg);
}

/* t's UTC day as YYYY-MM-DD. */
static void
utc_day(time_t t, char out[11])
{
	struct tm tm;

	assert_non_null(gmtime_r(&t, &tm));
	assert_int_equal(strftime(out, 11, "%Y-%m-%d", &tm), 10);
}

/* ---- route_validate: presence ---- */

static void
test_required_missing(void **state)
{
	struct fx *f = *state;

	add(f, "other", "1");
	assert_fails(f, P_AGE, ST_PARAM, "age: required");
	assert_int_equal(f->r.p[0].set, 0);
}

static void
test_optional_missing(void **state)
{
	struct fx *f = *state;

	assert_int_equal(validate_one(f, P_PRICE), ST_OK);
	assert_int_equal(f->r.p[0].set, 0);
	assert_string_equal(f->res.msg, "");
}

static void
test_given_twice(void **state)
{
	struct fx *f = *state;

	add(f, "age", "1");
	add(f, "age", "1");
	assert_fails(f, P_AGE, ST_PARAM, "age: given more than once");
}

static void
test_given_in_query_and_body(void **state)
{
	struct fx *f = *state;

	assert_int_equal(
	        req_add_field(&f->r, &limits, "age", 3, "1", 1, FROM_QUERY),
	        REQ_OK);
	add(f, "age", "2");
	assert_fails(f, P_AGE, ST_PARAM, "age: given more than once");
}

static void
test_alias_accepted(void **state)
{
	struct fx *f = *state;

	add(f, "nick", "Li");
	assert_int_equal(validate_one(f, P_NAME), ST_OK);
	assert_int_equal(f->r.p[0].set, 1);
	assert_string_equal(f->r.p[0].s, "Li");
}

static void
test_name_and_alias_twice(void **state)
{
	struct fx *f = *state;

	add(f, "name", "Li");
	add(f, "nick", "Wang");
	assert_fails(f, P_NAME, ST_PARAM, "name: given more than once");
}

static void
test_name_case_sensitive(void **state)
{
	struct fx *f = *state;

	add(f, "AGE", "5");
	assert_fails(f, P_AGE, ST_PARAM, "age: required");
}

static void
test_empty_counts_as_absent(void **state)
{
	struct fx *f = *state;

	add(f, "note", "");
	assert_int_equal(validate_one(f, P_NOTE), ST_OK);
	assert_int_equal(f->r.p[0].set, 0);
}

static void
test_empty_required(void **state)
{
	struct fx *f = *state;
	struct pspec s = spec[P_NOTE];

	s.flags |= PF_REQUIRED;
	add(f, "note", "");
	assert_int_equal(route_validate(&s, 1, &f->r, &f->res), ST_PARAM);
	assert_string_equal(f->res.msg, "note: required");
}

static void
test_empty_without_flag(void **state)
{
	struct fx *f = *state;

	/* Without PF_EMPTY an empty value is a value, checked as such. */
	add(f, "name", "");
	assert_fails(f, P_NAME, ST_PARAM, "name: must be 1 to 5 characters");
}

static void
test_empty_given_twice(void **state)
{
	struct fx *f = *state;

	add(f, "note", "");
	add(f, "note", "x");
	assert_fails(f, P_NOTE, ST_PARAM, "note: given more than once");
}

static void
test_nul_byte(void **state)
{
	struct fx *f = *state;

	addn(f, "name", "ab\0c", 4);
	assert_fails(f, P_NAME, ST_PARAM, "name: must not contain NUL bytes");
	fx_reset(f);
	addn(f, "age", "1\0", 2);
	assert_fails(f, P_AGE, ST_PARAM, "age: must not contain NUL bytes");
}

static void
test_file_for_value(void **state)
{
	struct fx *f = *state;

	add_png(f, "age");
	assert_fails(f, P_AGE, ST_PARAM, "age: must be a value, not a file");
}

/* ---- route_validate: types ---- */

static void
test_int(void **state)
{
	static const struct {
		const char *s;
		long long v;
	} ok[] = {{"0", 0}, {"42", 42}, {"100", 100}};
	static const char *const bad[] = {"101",
	                                  "-1",
	                                  "abc",
	                                  "007",
	                                  "+5",
	                                  " 5",
	                                  "5 ",
	                                  "1.0",
	                                  "1e2",
	                                  "",
	                                  "99999999999999999999"};
	struct fx *f = *state;
	size_t i;

	for (i = 0; i < NELEM(ok); i++) {
		fx_reset(f);
		add(f, "age", ok[i].s);
		assert_int_equal(validate_one(f, P_AGE), ST_OK);
		assert_int_equal(f->r.p[0].set, 1);
		assert_int_equal(f->r.p[0].i, ok[i].v);
		assert_string_equal(f->r.p[0].s, ok[i].s);
	}
	for (i = 0; i < NELEM(bad); i++) {
		fx_reset(f);
		add(f, "age", bad[i]);
		assert_fails(f, P_AGE, ST_PARAM,
		             "age: must be an integer between 0 and 100");
		assert_int_equal(f->r.p[0].set, 0);
	}
}

static void
test_num(void **state)
{
	struct fx *f = *state;

	add(f, "price", "1234.5");
	assert_int_equal(validate_one(f, P_PRICE), ST_OK);
	assert_true(f->r.p[0].d == 1234.5);
	fx_reset(f);
	add(f, "price", "1e3");
	assert_fails(f, P_PRICE, ST_PARAM,
	             "price: must be a number between 0 and 100000");
	fx_reset(f);
	add(f, "price", "100000.01");
	assert_int_equal(validate_one(f, P_PRICE), ST_PARAM);
}

static void
test_text_counts_characters(void **state)
{
	/* Five emoji: 20 bytes, 5 characters. */
	static const char five[] = "\xf0\x9f\x98\x80\xf0\x9f\x8f\xa0"
	                           "\xf0\x9f\x94\x91\xf0\x9f\x9b\x8f"
	                           "\xf0\x9f\x90\xb1";
	struct fx *f = *state;
	char six[sizeof(five) + 4];

	add(f, "name", five);
	assert_int_equal(validate_one(f, P_NAME), ST_OK);
	assert_string_equal(f->r.p[0].s, five);
	assert_int_equal(f->r.p[0].n, 20);

	fx_reset(f);
	snprintf(six, sizeof(six), "%s\xf0\x9f\x98\x80", five);
	add(f, "name", six);
	assert_fails(f, P_NAME, ST_PARAM, "name: must be 1 to 5 characters");
}

static void
test_text_chinese(void **state)
{
	struct fx *f = *state;

	add(f, "name", "\xe5\xbc\xa0\xe4\xb8\x89"); /* 2 characters */
	assert_int_equal(validate_one(f, P_NAME), ST_OK);
	assert_int_equal(f->r.p[0].n, 6);
}

static void
test_text_invalid_utf8(void **state)
{
	struct fx *f = *state;

	add(f, "name", "\xc3\x28");
	assert_fails(f, P_NAME, ST_PARAM, "name: must be valid UTF-8 text");
	fx_reset(f);
	add(f, "name", "a\x01");
	assert_fails(f, P_NAME, ST_PARAM,
	             "name: must not contain control characters");
}

static void
test_choice(void **state)
{
	static const char *const bad[] = {"Whole", "whole ", "", "share",
	                                  "shared\n"};
	struct fx *f = *state;
	size_t i;

	add(f, "kind", "shared");
	assert_int_equal(validate_one(f, P_KIND), ST_OK);
	assert_int_equal(f->r.p[0].i, 1);
	assert_string_equal(f->r.p[0].s, "shared");
	fx_reset(f);
	add(f, "kind", "whole");
	assert_int_equal(validate_one(f, P_KIND), ST_OK);
	assert_int_equal(f->r.p[0].i, 0);
	for (i = 0; i < NELEM(bad); i++) {
		fx_reset(f);
		add(f, "kind", bad[i]);
		assert_fails(f, P_KIND, ST_PARAM,
		             "kind: must be one of: whole, shared");
	}
}

static void
test_date(void **state)
{
	struct fx *f = *state;

	add(f, "movein", "2000-02-29");
	assert_int_equal(validate_one(f, P_MOVEIN), ST_OK);
	assert_int_equal(f->r.p[0].i, 20000229);
	fx_reset(f);
	add(f, "movein", "2001-02-29");
	assert_fails(f, P_MOVEIN, ST_PARAM,
	             "movein: must be a date YYYY-MM-DD");
}

/* "Today" anywhere on earth (up to UTC+14) is not the future; two days
 * ahead always is. */
static void
test_date_past_refuses_two_days_ahead(void **state)
{
	struct fx *f = *state;
	char day[11];

	utc_day(time(NULL) + 2 * 86400, day);
	add(f, "birth", day);
	assert_fails(f, P_BIRTH, ST_PARAM, "birth: must not be in the future");
}

static void
test_date_past_accepts_today(void **state)
{
	struct fx *f = *state;
	char day[11];

	utc_day(time(NULL), day);
	add(f, "birth", day);
	assert_int_equal(validate_one(f, P_BIRTH), ST_OK);
	fx_reset(f);
	add(f, "birth", "1990-01-31");
	assert_int_equal(validate_one(f, P_BIRTH), ST_OK);
	assert_int_equal(f->r.p[0].i, 19900131);
}

static void
test_date_future_without_flag(void **state)
{
	struct fx *f = *state;
	char day[11];

	utc_day(time(NULL) + 86400, day);
	add(f, "movein", day);
	assert_int_equal(validate_one(f, P_MOVEIN), ST_OK);
}

static void
test_idcard_upper_cased(void **state)
{
	struct fx *f = *state;

	add(f, "idno", "11010519491231002x");
	assert_int_equal(validate_one(f, P_IDNO), ST_OK);
	assert_int_equal(f->r.p[0].set, 1);
	assert_string_equal(f->r.p[0].s, IDNO);
	assert_int_equal(f->r.p[0].n, 18);
}

static void
test_idcard_refused(void **state)
{
	struct fx *f = *state;

	add(f, "idno", "110105194912310021");
	assert_fails(f, P_IDNO, ST_PARAM, "idno: has a wrong check digit");
	fx_reset(f);
	add(f, "idno", "1101051949");
	assert_fails(f, P_IDNO, ST_PARAM,
	             "idno: must be an 18-character resident ID number");
}

static void
test_mobile(void **state)
{
	static const char *const bad[] = {"12800138000", "1380013800",
	                                  "138001380000", "+8613800138000",
	                                  "1380013800a"};
	struct fx *f = *state;
	size_t i;

	add(f, "mobile", "13800138000");
	assert_int_equal(validate_one(f, P_MOBILE), ST_OK);
	assert_string_equal(f->r.p[0].s, "13800138000");
	for (i = 0; i < NELEM(bad); i++) {
		fx_reset(f);
		add(f, "mobile", bad[i]);
		assert_fails(f, P_MOBILE, ST_PARAM,
		             "mobile: must be a mainland mobile number (11 "
		             "digits, 13x-19x)");
	}
}

static void
test_digits(void **state)
{
	static const char *const bad[] = {"12345", "1234567", "12345a",
	                                  "-12345"};
	struct fx *f = *state;
	size_t i;

	add(f, "code", "012345");
	assert_int_equal(validate_one(f, P_CODE), ST_OK);
	assert_string_equal(f->r.p[0].s, "012345");
	for (i = 0; i < NELEM(bad); i++) {
		fx_reset(f);
		add(f, "code", bad[i]);
		assert_fails(f, P_CODE, ST_PARAM, "code: must be 6 digits");
	}
}

static void
test_bool(void **state)
{
	static const struct {
		const char *s;
		long long v;
	} ok[] = {{"1", 1},     {"0", 0},    {"true", 1},
	          {"false", 0}, {"TRUE", 1}, {"False", 0}};
	static const char *const bad[] = {"yes", "2", "", "on", "t"};
	struct fx *f = *state;
	size_t i;

	for (i = 0; i < NELEM(ok); i++) {
		fx_reset(f);
		add(f, "pets", ok[i].s);
		assert_int_equal(validate_one(f, P_PETS), ST_OK);
		assert_int_equal(f->r.p[0].set, 1);
		assert_int_equal(f->r.p[0].i, ok[i].v);
	}
	for (i = 0; i < NELEM(bad); i++) {
		fx_reset(f);
		add(f, "pets", bad[i]);
		assert_fails(f, P_PETS, ST_PARAM, "pets: must be 0 or 1");
	}
}

static void
test_check_refuses(void **state)
{
	struct fx *f = *state;

	add(f, "tag", "two words");
	assert_fails(f, P_TAG, ST_PARAM, "tag: must not contain spaces");
	assert_int_equal(check_calls, 1);
	assert_int_equal(f->r.p[0].set, 0);
}

static void
test_check_accepts(void **state)
{
	struct fx *f = *state;

	add(f, "tag", "quiet");
	assert_int_equal(validate_one(f, P_TAG), ST_OK);
	assert_int_equal(check_calls, 1);
	assert_int_equal(f->r.p[0].set, 1);
}

static void
test_check_after_type(void **state)
{
	struct fx *f = *state;

	/* The type's own rule first; the check never sees bad text. */
	add(f, "tag", "a\x01 b");
	assert_fails(f, P_TAG, ST_PARAM,
	             "tag: must not contain control characters");
	assert_int_equal(check_calls, 0);
}

static void
test_check_sees_upper_cased_idcard(void **state)
{
	struct fx *f = *state;
	struct pspec s = spec[P_IDNO];

	s.check = no_spaces;
	add(f, "idno", "11010519491231002x");
	assert_int_equal(route_validate(&s, 1, &f->r, &f->res), ST_OK);
	assert_int_equal(check_calls, 1);
}

/* ---- route_validate: files ---- */

static void
test_file_ok(void **state)
{
	struct fx *f = *state;
	struct upfile *u = add_png(f, "photo");

	assert_int_equal(validate_one(f, P_PHOTO), ST_OK);
	assert_int_equal(f->r.p[0].set, 1);
	assert_int_equal(f->r.p[0].nfiles, 1);
	assert_ptr_equal(f->r.p[0].files[0], u);
	assert_int_equal(u->type, FT_PNG);
}

static void
test_file_optional_missing(void **state)
{
	struct fx *f = *state;

	assert_int_equal(validate_one(f, P_PHOTO), ST_OK);
	assert_int_equal(f->r.p[0].set, 0);
	assert_int_equal(f->r.p[0].nfiles, 0);
}

static void
test_file_required_missing(void **state)
{
	struct fx *f = *state;

	assert_fails(f, P_DOC, ST_PARAM, "doc: required");
}

static void
test_file_given_a_value(void **state)
{
	struct fx *f = *state;

	add(f, "photo", "a.png");
	assert_int_equal(validate_one(f, P_PHOTO), ST_PARAM);
	assert_int_equal(strncmp(f->res.msg, "photo: must be a file", 21), 0);
}

static void
test_file_given_a_value_and_a_file(void **state)
{
	struct fx *f = *state;

	add_png(f, "photo");
	add(f, "photo", "x");
	assert_int_equal(validate_one(f, P_PHOTO), ST_PARAM);
	assert_int_equal(strncmp(f->res.msg, "photo: must be a file", 21), 0);
}

static void
test_file_too_big_flag(void **state)
{
	struct fx *f = *state;

	/* The reader dropped the bytes: size says little, the flag decides. */
	add_file(f, "photo", png_path, 100, 1);
	assert_fails(f, P_PHOTO, ST_UPLOAD, "photo: larger than 10 MiB");
}

static void
test_file_size_over_fmax(void **state)
{
	struct fx *f = *state;

	add_file(f, "photo", png_path, 10 * MIB + 1, 0);
	assert_fails(f, P_PHOTO, ST_UPLOAD, "photo: larger than 10 MiB");
}

static void
test_file_size_at_fmax(void **state)
{
	struct fx *f = *state;

	add_file(f, "photo", png_path, 10 * MIB, 0);
	assert_int_equal(validate_one(f, P_PHOTO), ST_OK);
}

static void
test_file_limit_units(void **state)
{
	static const struct {
		uint64_t fmax;
		const char *msg;
	} vec[] = {
	        {2048, "photo: larger than 2 KiB"},
	        {1000, "photo: larger than 1000 bytes"},
	        {1536, "photo: larger than 1536 bytes"},
	        {3 * MIB, "photo: larger than 3 MiB"},
	        {MIB + 1024, "photo: larger than 1025 KiB"},
	};
	struct fx *f = *state;
	struct pspec s = spec[P_PHOTO];
	size_t i;

	for (i = 0; i < NELEM(vec); i++) {
		fx_reset(f);
		s.fmax = &vec[i].fmax;
		add_file(f, "photo", png_path, vec[i].fmax + 1, 0);
		assert_int_equal(route_validate(&s, 1, &f->r, &f->res),
		                 ST_UPLOAD);
		assert_string_equal(f->res.msg, vec[i].msg);
	}
}

static void
test_file_empty(void **state)
{
	struct fx *f = *state;

	add_file(f, "photo", png_path, 0, 0);
	assert_fails(f, P_PHOTO, ST_UPLOAD, "photo: empty file");
}

static void
test_file_discarded(void **state)
{
	struct fx *f = *state;

	/* Bytes came but were not kept (no limit for the name). */
	add_file(f, "photo", NULL, 10, 0);
	assert_fails(f, P_PHOTO, ST_UPLOAD, "photo: empty file");
}

static void
test_file_wrong_type(void **state)
{
	struct fx *f = *state;

	add_txt(f, "photo");
	assert_fails(f, P_PHOTO, ST_UPLOAD,
	             "photo: image/jpeg, image/png or image/webp only");
}

static void
test_file_doc_types(void **state)
{
	struct fx *f = *state;

	add_txt(f, "doc");
	assert_fails(f, P_DOC, ST_UPLOAD,
	             "doc: image/jpeg, image/png or application/pdf only");
	fx_reset(f);
	add_png(f, "doc");
	assert_int_equal(validate_one(f, P_DOC), ST_OK);
}

static void
test_file_twice_not_multi(void **state)
{
	struct fx *f = *state;

	add_png(f, "photo");
	add_png(f, "photo");
	assert_fails(f, P_PHOTO, ST_PARAM, "photo: given more than once");
}

static void
test_file_multi(void **state)
{
	struct fx *f = *state;
	struct upfile *u[3];
	size_t i;

	for (i = 0; i < 3; i++)
		u[i] = add_png(f, "photos");
	assert_int_equal(validate_one(f, P_PHOTOS), ST_OK);
	assert_int_equal(f->r.p[0].nfiles, 3);
	for (i = 0; i < 3; i++)
		assert_ptr_equal(f->r.p[0].files[i], u[i]);
}

static void
test_file_multi_one(void **state)
{
	struct fx *f = *state;

	add_png(f, "photos");
	assert_int_equal(validate_one(f, P_PHOTOS), ST_OK);
	assert_int_equal(f->r.p[0].nfiles, 1);
}

static void
test_file_multi_too_many(void **state)
{
	struct fx *f = *state;
	size_t i;

	for (i = 0; i < 4; i++)
		add_png(f, "photos");
	assert_fails(f, P_PHOTOS, ST_UPLOAD, "photos: at most 3 files");
}

static void
test_file_multi_one_bad(void **state)
{
	struct fx *f = *state;

	add_png(f, "photos");
	add_txt(f, "photos");
	assert_fails(f, P_PHOTOS, ST_UPLOAD,
	             "photos: image/jpeg, image/png or image/webp only");
}

static void
test_scalars_before_files(void **state)
{
	struct fx *f = *state;
	const struct pspec two[] = {spec[P_PHOTO], spec[P_AGE]};
	struct upfile *u = add_txt(f, "photo");

	/* The file comes first in the table and is bad, but the missing
	 * value is reported, and libmagic never looked at the file. */
	assert_int_equal(route_validate(two, 2, &f->r, &f->res), ST_PARAM);
	assert_string_equal(f->res.msg, "age: required");
	assert_int_equal(u->type, 0);
}

static void
test_all_valid(void **state)
{
	struct fx *f = *state;
	struct pval *p = f->r.p;

	add(f, "age", "30");
	add(f, "price", "2500.5");
	add(f, "nick", "Li");
	add(f, "note", "");
	add(f, "kind", "whole");
	add(f, "birth", "1994-05-06");
	add(f, "movein", "2030-01-01");
	add(f, "idno", IDNO);
	add(f, "mobile", "13912345678");
	add(f, "code", "654321");
	add(f, "pets", "false");
	add(f, "tag", "sunny");
	add(f, "unknown", "ignored");
	add_png(f, "photo");
	add_png(f, "photos");
	add_png(f, "photos");
	add_png(f, "doc");
	assert_int_equal(route_validate(spec, P__MAX, &f->r, &f->res), ST_OK);
	assert_int_equal(p[P_AGE].i, 30);
	assert_true(p[P_PRICE].d == 2500.5);
	assert_string_equal(p[P_NAME].s, "Li");
	assert_int_equal(p[P_NOTE].set, 0);
	assert_int_equal(p[P_KIND].i, 0);
	assert_int_equal(p[P_BIRTH].i, 19940506);
	assert_int_equal(p[P_MOVEIN].i, 20300101);
	assert_string_equal(p[P_IDNO].s, IDNO);
	assert_string_equal(p[P_MOBILE].s, "13912345678");
	assert_string_equal(p[P_CODE].s, "654321");
	assert_int_equal(p[P_PETS].set, 1);
	assert_int_equal(p[P_PETS].i, 0);
	assert_string_equal(p[P_TAG].s, "sunny");
	assert_int_equal(p[P_PHOTO].nfiles, 1);
	assert_int_equal(p[P_PHOTOS].nfiles, 2);
	assert_int_equal(p[P_DOC].nfiles, 1);
	assert_int_equal(p[P_DOC].files[0]->type, FT_PNG);
}

static void
test_every_error_named(void **state)
{
	struct fx *f = *state;

	add(f, "age", "200");
	add(f, "kind", "castle");
	assert_int_equal(route_validate(spec, P__MAX, &f->r, &f->res),
	                 ST_PARAM);
	assert_string_equal(f->res.msg,
	                    "age: must be an integer between 0 and 100; "
	                    "kind: must be one of: whole, shared; "
	                    "doc: required");
}

static void
test_first_error_gives_the_status(void **state)
{
	struct fx *f = *state;
	int i;

	add_png(f, "doc");
	for (i = 0; i < 4; i++)
		add_png(f, "photos");
	add(f, "age", "x");
	assert_int_equal(route_validate(spec, P__MAX, &f->r, &f->res),
	                 ST_PARAM);
	assert_string_equal(f->res.msg, "age: must be an integer between 0 "
	                                "and 100; photos: at most 3 files");
}

static void
test_long_error_list_cut_between_errors(void **state)
{
	struct fx *f = *state;
	struct pspec many[40];
	char names[40][40];
	size_t i, len;

	for (i = 0; i < 40; i++) {
		snprintf(names[i], sizeof(names[i]), "parameter_number_%02zu",
		         i);
		many[i] = (struct pspec)PARAM_INT(names[i], PF_REQUIRED, 0, 1);
	}
	assert_int_equal(route_validate(many, 40, &f->r, &f->res), ST_PARAM);
	len = strlen(f->res.msg);
	assert_true(len < RESP_MSG_MAX);
	assert_true(len > RESP_MSG_MAX / 2);
	assert_string_equal(f->res.msg + len - 5, "; ...");
	assert_memory_equal(f->res.msg + len - 5 - strlen(": required"),
	                    ": required", strlen(": required"));
}

static void
test_too_many_specs(void **state)
{
	struct fx *f = *state;
	struct pspec *many = calloc(REQ_MAXP + 1, sizeof(*many));
	size_t i;

	assert_non_null(many);
	for (i = 0; i < REQ_MAXP + 1; i++) {
		many[i].name = "x";
		many[i].type = PT_INT;
		many[i].max = 1;
	}
	assert_int_equal(route_validate(many, REQ_MAXP + 1, &f->r, &f->res),
	                 ST_INTERNAL);
	free(many);
}

/* ---- the dispatcher ---- */

/* What handlers and the authenticator saw. */
static struct {
	int calls;
	int auth_calls;
	long long uid;
	int admin;
	char msg[RESP_MSG_MAX]; /* res->msg when the handler started */
	const char *path;
	const char *method;
	long long p0, p1; /* r->p[0].i, r->p[1].i when set, else -1 */
} seen;

static enum status
h_record(struct req *r, struct resp *res)
{
	cJSON *o = cJSON_CreateObject();

	seen.calls++;
	seen.uid = r->uid;
	seen.admin = r->admin;
	seen.path = r->path;
	seen.method = r->method;
	seen.p0 = r->p[0].set ? r->p[0].i : -1;
	seen.p1 = r->p[1].set ? r->p[1].i : -1;
	snprintf(seen.msg, sizeof(seen.msg), "%s", res->msg);
	cJSON_AddTrueToObject(o, "ok");
	resp_ans(res, o);
	return ST_OK;
}

static enum status
h_boom(struct req *r, struct resp *res)
{
	cJSON *o = cJSON_CreateObject();

	(void)r;
	seen.calls++;
	cJSON_AddStringToObject(o, "dsn", "mysql://zufang:hunter2@db");
	resp_ans(res, o);
	return resp_fail(res, ST_INTERNAL, "db said: access denied hunter2");
}

static enum status
h_gone(struct req *r, struct resp *res)
{
	(void)r;
	seen.calls++;
	return resp_fail(res, ST_NOT_FOUND, "house %d not found", 9);
}

static enum status
authenticate(struct req *r, struct resp *res)
{
	seen.auth_calls++;
	if (r->token == NULL)
		return resp_fail(res, ST_AUTH, "no token");
	if (strcmp(r->token, "user") == 0) {
		r->uid = 7;
		return ST_OK;
	}
	if (strcmp(r->token, "admin") == 0) {
		r->uid = 1;
		r->admin = 1;
		return ST_OK;
	}
	if (strcmp(r->token, "broken") == 0)
		return resp_fail(res, ST_INTERNAL, "session store down");
	return resp_fail(res, ST_AUTH, "bad token");
}

static const struct pspec echo_params[] = {
        {.name = "a", .type = PT_INT, .min = 0, .max = 1000},
        {.name = "b", .type = PT_TEXT, .min = 0, .max = 100},
};

static const struct pspec upload_params[] = {
        {.name = "photo",
         .type = PT_FILE,
         .flags = PF_REQUIRED,
         .ftypes = FT_IMAGE,
         .fmax = &ten_mib},
};

static const struct pspec tiny_params[] = {
        {.name = "photo",
         .type = PT_FILE,
         .flags = PF_REQUIRED,
         .ftypes = FT_IMAGE,
         .fmax = &sixteen},
};

enum {
	R_ECHO,
	R_GET,
	R_POST,
	R_ME,
	R_ADMIN,
	R_MAYBE,
	R_BOOM,
	R_GONE,
	R_SMALL,
	R_UPLOAD,
	R_TINY,
	R_PRIVATE,
	R_SCHEMA,
	R__MAX
};

/* A declared body: an integer and an array of distinct integers. */
static const struct js tag_item = JSD_INT("tags", JS_DIGITSTR, 1, 9);
static const struct js schema_members[] = {
        JSD_INT("n", JS_REQUIRED | JS_DIGITSTR, 1, 5),
        JSD_ARRAY("tags", JS_REQUIRED | JS_UNIQUE, 0, 4, &tag_item),
};
static const struct js schema_body = JSD_OBJECT(NULL, 0, schema_members);

static const struct route routes[R__MAX] = {
        [R_ECHO] = {"/echo", 0, M_GET | M_POST, h_record, echo_params, 2,
                    AUTH_NONE, 0, 0},
        [R_GET] = {"/get", 0, M_GET, h_record, NULL, 0, AUTH_NONE, 0, 0},
        [R_POST] = {"/post", 0, M_POST, h_record, NULL, 0, AUTH_NONE, 0, 0},
        [R_ME] = {"/me", 0, M_GET, h_record, NULL, 0, AUTH_USER, 0, 0},
        [R_ADMIN] = {"/admin", 0, M_GET, h_record, NULL, 0, AUTH_ADMIN, 0, 0},
        [R_MAYBE] = {"/maybe", 0, M_GET, h_record, NULL, 0, AUTH_OPTIONAL, 0,
                     0},
        [R_BOOM] = {"/boom", 0, M_GET, h_boom, NULL, 0, AUTH_NONE, 0, 0},
        [R_GONE] = {"/gone", 0, M_GET, h_gone, NULL, 0, AUTH_NONE, 0, 0},
        [R_SMALL] = {"/small", 0, M_POST, h_record, echo_params, 2, AUTH_NONE,
                     10, 0},
        [R_UPLOAD] = {"/upload", 0, M_POST, h_record, upload_params, 1,
                      AUTH_NONE, 0, 0},
        [R_TINY] = {"/tiny", 0, M_POST, h_record, tiny_params, 1, AUTH_NONE, 0,
                    0},
        [R_PRIVATE] = {"/file/data/private/", 1, M_GET, h_record, NULL, 0,
                       AUTH_NONE, 0, 0},
        [R_SCHEMA] = {.path = "/schema",
                      .methods = M_POST,
                      .handler = h_record,
                      .auth = AUTH_NONE,
                      .body = &schema_body},
};

/* A body read from memory in chunks. */
struct mem {
	const char *p;
	size_t n, pos;
	size_t chunk;
	int reads;
	int ended; /* the reader returned 0 */
	int fail;  /* return -1 instead of data */
};

static ssize_t
mem_read(void *ctx, char *buf, size_t n)
{
	struct mem *m = ctx;
	size_t k = m->n - m->pos;

	m->reads++;
	if (m->fail)
		return -1;
	if (k == 0) {
		m->ended = 1;
		return 0;
	}
	if (k > n)
		k = n;
	if (m->chunk > 0 && k > m->chunk)
		k = m->chunk;
	memcpy(buf, m->p + m->pos, k);
	m->pos += k;
	return (ssize_t)k;
}

static struct router
router(void)
{
	struct router rt;

	memset(&rt, 0, sizeof(rt));
	rt.routes = routes;
	rt.nroutes = R__MAX;
	rt.authenticate = authenticate;
	rt.body_max = 1024;
	rt.limits.field_max = 65536;
	rt.limits.fields_max = 256;
	rt.limits.tmpdir = tmpdir;
	return rt;
}

/* Run one request: method, path (with an optional "?query"), token,
 * Content-Type and body (n bytes, Content-Length n). */
static void
run_on(const struct router *rt, struct fx *f, struct mem *m, const char *method,
       const char *url, const char *token, const char *ctype, const char *body,
       size_t n)
{
	const char *q = strchr(url, '?');

	memset(&seen, 0, sizeof(seen));
	memset(m, 0, sizeof(*m));
	m->p = body;
	m->n = n;
	m->chunk = 7;
	f->r.method = method;
	f->r.path = q ? arena_strndup(f->r.a, url, (size_t)(q - url)) : url;
	f->r.query = q ? q + 1 : "";
	f->r.token = token;
	f->r.ctype = ctype;
	f->r.clen = n;
	route_dispatch(rt, &f->r, &f->res, mem_read, m);
}

static void
run(struct fx *f, struct mem *m, const char *method, const char *url,
    const char *token, const char *ctype, const char *body, size_t n)
{
	struct router rt = router();

	run_on(&rt, f, m, method, url, token, ctype, body, n);
}

#define RUN(f, m, method, url, token) run(f, m, method, url, token, "", "", 0)

static void
test_find(void **state)
{
	static const struct {
		const char *path;
		int idx; /* -1: none */
	} vec[] = {
	        {"/get", R_GET},
	        {"/echo", R_ECHO},
	        {"/get/", -1},
	        {"/ge", -1},
	        {"/gets", -1},
	        {"/GET", -1},
	        {"", -1},
	        {"/", -1},
	        {"/file/data/private/", R_PRIVATE},
	        {"/file/data/private/user_1/a.png", R_PRIVATE},
	        {"/file/data/private", -1},
	        {"/file/data/privateX/a", -1},
	};
	struct router rt = router();
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(vec); i++) {
		if (vec[i].idx < 0)
			assert_null(route_find(&rt, vec[i].path));
		else
			assert_ptr_equal(route_find(&rt, vec[i].path),
			                 &routes[vec[i].idx]);
	}
}

static void
test_dispatch_ok(void **state)
{
	struct fx *f = *state;
	struct mem m;

	RUN(f, &m, "GET", "/get", NULL);
	assert_int_equal(seen.calls, 1);
	assert_int_equal(f->res.http, 200);
	assert_int_equal(f->res.st, ST_OK);
	assert_string_equal(f->res.msg, "");
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(f->res.ans, "ok")));
	assert_ptr_equal(f->r.route, &routes[R_GET]);
}

static void
test_dispatch_unknown_path(void **state)
{
	struct fx *f = *state;
	struct mem m;

	run(f, &m, "POST", "/nowhere", "user",
	    "application/x-www-form-urlencoded", "a=1&b=2", 7);
	assert_int_equal(f->res.http, 404);
	assert_int_equal(f->res.st, ST_NOT_FOUND);
	assert_int_equal(seen.calls, 0);
	assert_int_equal(seen.auth_calls, 0);
	assert_true(m.ended);
	assert_int_equal(f->r.nfields, 0);
}

static void
test_dispatch_wrong_method(void **state)
{
	struct fx *f = *state;
	struct mem m;

	run(f, &m, "PUT", "/echo", NULL, "application/x-www-form-urlencoded",
	    "a=1", 3);
	assert_int_equal(f->res.http, 405);
	assert_string_equal(f->res.allow, "GET, HEAD, POST");
	assert_int_equal(f->res.st, ST_METHOD);
	assert_string_equal(resp_code(&qsz_envelope, f->res.st), "2");
	assert_int_equal(seen.calls, 0);
	assert_true(m.ended);
}

static void
test_dispatch_allow_header(void **state)
{
	static const struct {
		const char *method, *path, *allow;
	} vec[] = {
	        {"POST", "/get", "GET, HEAD"},
	        {"GET", "/post", "POST"},
	        {"HEAD", "/post", "POST"},
	        {"DELETE", "/echo", "GET, HEAD, POST"},
	        {"get", "/get", "GET, HEAD"},
	        {"OPTIONS", "/file/data/private/x", "GET, HEAD"},
	};
	struct fx *f = *state;
	struct mem m;
	size_t i;

	for (i = 0; i < NELEM(vec); i++) {
		fx_reset(f);
		RUN(f, &m, vec[i].method, vec[i].path, NULL);
		assert_int_equal(f->res.http, 405);
		assert_string_equal(f->res.allow, vec[i].allow);
		assert_int_equal(seen.calls, 0);
	}
}

static void
test_dispatch_head_like_get(void **state)
{
	struct fx *f = *state;
	struct mem m;

	RUN(f, &m, "HEAD", "/get", NULL);
	assert_int_equal(f->res.http, 200);
	assert_int_equal(f->res.st, ST_OK);
	assert_int_equal(seen.calls, 1);
	assert_string_equal(seen.method, "HEAD");
	assert_string_equal(f->res.allow, "");
}

static void
test_dispatch_body_too_large(void **state)
{
	static char body[5000];
	struct fx *f = *state;
	struct mem m;

	memset(body, 'a', 5000);
	memcpy(body, "b=", 2);
	run(f, &m, "POST", "/echo", NULL, "application/x-www-form-urlencoded",
	    body, 5000);
	assert_int_equal(f->res.http, 413);
	assert_int_equal(f->res.st, ST_UPLOAD);
	assert_int_equal(seen.calls, 0);
	/* Read to its end, so the peer is not cut off. */
	assert_true(m.ended);
	assert_int_equal(m.pos, 5000);
	assert_int_equal(f->r.nfields, 0);
}

static void
test_dispatch_body_at_limit(void **state)
{
	static char body[1024];
	struct fx *f = *state;
	struct mem m;

	memset(body, 'a', 1024);
	memcpy(body, "b=", 2);
	/* b is then 1022 characters: too long for the spec, but the body
	 * size is fine. */
	run(f, &m, "POST", "/echo", NULL, "application/x-www-form-urlencoded",
	    body, 1024);
	assert_int_equal(f->res.http, 200);
	assert_int_equal(f->res.st, ST_PARAM);
	assert_string_equal(f->res.msg, "b: must be 0 to 100 characters");
}

static void
test_dispatch_route_body_max(void **state)
{
	struct fx *f = *state;
	struct mem m;

	run(f, &m, "POST", "/small", NULL, "application/x-www-form-urlencoded",
	    "a=1&b=abcd", 10);
	assert_int_equal(f->res.st, ST_OK);
	assert_int_equal(f->r.p[0].i, 1);
	assert_string_equal(f->r.p[1].s, "abcd");

	fx_reset(f);
	run(f, &m, "POST", "/small", NULL, "application/x-www-form-urlencoded",
	    "a=1&b=abcde", 11);
	assert_int_equal(f->res.http, 413);
	assert_int_equal(f->res.st, ST_UPLOAD);
	assert_true(m.ended);
	assert_int_equal(seen.calls, 0);
}

static void
test_dispatch_auth_none_ignores_token(void **state)
{
	struct fx *f = *state;
	struct mem m;

	RUN(f, &m, "GET", "/get", "user");
	assert_int_equal(seen.auth_calls, 0);
	assert_int_equal(seen.uid, 0);
}

static void
test_dispatch_auth_user_fails(void **state)
{
	static const char *const tokens[] = {NULL, "nonsense", ""};
	struct fx *f = *state;
	struct mem m;
	size_t i;

	for (i = 0; i < NELEM(tokens); i++) {
		fx_reset(f);
		run(f, &m, "GET", "/me", tokens[i],
		    "application/x-www-form-urlencoded", "a=1", 3);
		assert_int_equal(f->res.st, ST_AUTH);
		assert_int_equal(f->res.http, 200);
		assert_int_equal(seen.auth_calls, 1);
		assert_int_equal(seen.calls, 0);
		assert_true(m.ended);
	}
}

static void
test_dispatch_auth_user_ok(void **state)
{
	struct fx *f = *state;
	struct mem m;

	RUN(f, &m, "GET", "/me", "user");
	assert_int_equal(f->res.st, ST_OK);
	assert_int_equal(seen.calls, 1);
	assert_int_equal(seen.uid, 7);
	assert_int_equal(seen.admin, 0);
}

static void
test_dispatch_admin_refuses_user(void **state)
{
	struct fx *f = *state;
	struct mem m;

	RUN(f, &m, "GET", "/admin", "user");
	assert_int_equal(f->res.st, ST_FORBIDDEN);
	assert_int_equal(seen.calls, 0);
	assert_true(m.ended);
}

static void
test_dispatch_admin_needs_login(void **state)
{
	struct fx *f = *state;
	struct mem m;

	RUN(f, &m, "GET", "/admin", NULL);
	assert_int_equal(f->res.st, ST_AUTH);
	assert_int_equal(seen.calls, 0);
}

static void
test_dispatch_admin_ok(void **state)
{
	struct fx *f = *state;
	struct mem m;

	RUN(f, &m, "GET", "/admin", "admin");
	assert_int_equal(f->res.st, ST_OK);
	assert_int_equal(seen.calls, 1);
	assert_int_equal(seen.admin, 1);
}

static void
test_dispatch_optional_fails_still_runs(void **state)
{
	struct fx *f = *state;
	struct mem m;

	RUN(f, &m, "GET", "/maybe", "nonsense");
	assert_int_equal(seen.auth_calls, 1);
	assert_int_equal(seen.calls, 1);
	assert_int_equal(seen.uid, 0);
	/* The authenticator's complaint does not leak into the answer. */
	assert_string_equal(seen.msg, "");
	assert_int_equal(f->res.st, ST_OK);
	assert_string_equal(f->res.msg, "");
}

static void
test_dispatch_optional_ok(void **state)
{
	struct fx *f = *state;
	struct mem m;

	RUN(f, &m, "GET", "/maybe", "user");
	assert_int_equal(seen.calls, 1);
	assert_int_equal(seen.uid, 7);
}

static void
test_dispatch_auth_internal(void **state)
{
	struct fx *f = *state;
	struct mem m;

	RUN(f, &m, "GET", "/maybe", "broken");
	assert_int_equal(f->res.st, ST_INTERNAL);
	assert_string_equal(f->res.msg, "");
	assert_int_equal(seen.calls, 0);
	assert_true(m.ended);
}

static void
test_dispatch_handler_internal_cleared(void **state)
{
	struct fx *f = *state;
	struct mem m;

	RUN(f, &m, "GET", "/boom", NULL);
	assert_int_equal(seen.calls, 1);
	assert_int_equal(f->res.st, ST_INTERNAL);
	assert_null(f->res.ans);
	assert_string_equal(f->res.msg, "");
}

static void
test_dispatch_handler_status_kept(void **state)
{
	struct fx *f = *state;
	struct mem m;

	RUN(f, &m, "GET", "/gone", NULL);
	assert_int_equal(f->res.st, ST_NOT_FOUND);
	assert_string_equal(f->res.msg, "house 9 not found");
	assert_int_equal(f->res.http, 200);
}

static void
test_dispatch_query_and_body(void **state)
{
	struct fx *f = *state;
	struct mem m;
	size_t i;
	int q = 0, b = 0;

	run(f, &m, "POST", "/echo?a=5", NULL,
	    "application/x-www-form-urlencoded", "b=hello+world", 13);
	assert_int_equal(f->res.st, ST_OK);
	assert_int_equal(seen.calls, 1);
	assert_int_equal(f->r.p[0].set, 1);
	assert_int_equal(f->r.p[0].i, 5);
	assert_string_equal(f->r.p[1].s, "hello world");
	for (i = 0; i < f->r.nfields; i++) {
		q += f->r.fields[i].from == FROM_QUERY;
		b += f->r.fields[i].from == FROM_BODY;
	}
	assert_int_equal(q, 1);
	assert_int_equal(b, 1);
}

static void
test_dispatch_query_and_body_same_name(void **state)
{
	struct fx *f = *state;
	struct mem m;

	run(f, &m, "POST", "/echo?a=5", NULL,
	    "application/x-www-form-urlencoded", "a=6", 3);
	assert_int_equal(f->res.st, ST_PARAM);
	assert_string_equal(f->res.msg, "a: given more than once");
	assert_int_equal(seen.calls, 0);
}

static void
test_dispatch_json_body(void **state)
{
	static const char body[] = "{\"a\": 7, \"b\": \"x\"}";
	struct fx *f = *state;
	struct mem m;

	run(f, &m, "POST", "/echo", NULL, "application/json; charset=utf-8",
	    body, sizeof(body) - 1);
	assert_int_equal(f->res.st, ST_OK);
	assert_int_equal(f->r.p[0].i, 7);
	assert_string_equal(f->r.p[1].s, "x");
}

static void
test_dispatch_invalid_param(void **state)
{
	struct fx *f = *state;
	struct mem m;

	RUN(f, &m, "GET", "/echo?a=1001", NULL);
	assert_int_equal(f->res.st, ST_PARAM);
	assert_string_equal(f->res.msg,
	                    "a: must be an integer between 0 and 1000");
	assert_int_equal(seen.calls, 0);
}

static void
test_dispatch_malformed_query(void **state)
{
	struct fx *f = *state;
	struct mem m;

	run(f, &m, "POST", "/echo?a=%zz", NULL,
	    "application/x-www-form-urlencoded", "b=1", 3);
	assert_int_equal(f->res.st, ST_PARAM);
	assert_string_equal(f->res.msg, "query string: malformed");
	assert_int_equal(seen.calls, 0);
	assert_true(m.ended);
}

static void
test_dispatch_unsupported_body(void **state)
{
	struct fx *f = *state;
	struct mem m;

	run(f, &m, "POST", "/echo", NULL, "text/plain", "a=1", 3);
	assert_int_equal(f->res.st, ST_MEDIA);
	assert_string_equal(f->res.msg,
	                    "body: malformed or unsupported Content-Type");
	assert_int_equal(seen.calls, 0);
	assert_true(m.ended);
}

static void
test_dispatch_read_error(void **state)
{
	struct fx *f = *state;
	struct router rt = router();
	struct mem m;

	memset(&seen, 0, sizeof(seen));
	memset(&m, 0, sizeof(m));
	m.fail = 1;
	f->r.method = "POST";
	f->r.path = "/echo";
	f->r.ctype = "application/x-www-form-urlencoded";
	f->r.clen = 3;
	route_dispatch(&rt, &f->r, &f->res, mem_read, &m);
	assert_int_equal(f->res.st, ST_INTERNAL);
	assert_string_equal(f->res.msg, "");
	assert_int_equal(seen.calls, 0);
}

static void
test_dispatch_prefix_route(void **state)
{
	struct fx *f = *state;
	struct mem m;

	RUN(f, &m, "GET", "/file/data/private/user_1/a.png", NULL);
	assert_int_equal(seen.calls, 1);
	assert_string_equal(seen.path, "/file/data/private/user_1/a.png");
	assert_ptr_equal(f->r.route, &routes[R_PRIVATE]);

	fx_reset(f);
	RUN(f, &m, "GET", "/file/data/private", NULL);
	assert_int_equal(f->res.http, 404);
	assert_int_equal(seen.calls, 0);
}

#define JSON_CTYPE "application/json"
#define FORM_CTYPE "application/x-www-form-urlencoded"

static void
post_schema(struct fx *f, struct mem *m, const char *ctype, const char *body)
{
	run(f, m, "POST", "/schema", NULL, ctype, body, strlen(body));
}

static void
test_schema_json_body(void **state)
{
	struct fx *f = *state;
	const struct jv *tags;
	struct mem m;

	post_schema(f, &m, JSON_CTYPE, "{\"n\": \"3\", \"tags\": [1, \"2\"]}");
	assert_int_equal(f->res.st, ST_OK);
	assert_int_equal(seen.calls, 1);
	assert_non_null(f->r.json);
	assert_int_equal(jv_int(jv_get(f->r.json, "n")), 3);
	tags = jv_get(f->r.json, "tags");
	assert_int_equal(jv_len(tags), 2);
	assert_int_equal(jv_int(jv_at(tags, 1)), 2);
}

static void
test_schema_form_body(void **state)
{
	static const struct {
		const char *body;
		size_t ntags;
	} vec[] = {
	        {"n=3&tags=1&tags=2", 2},
	        {"n=3&tags%5B%5D=4", 1},
	        {"tags=&n=1", 0},
	};
	struct fx *f = *state;
	struct mem m;
	size_t i;

	for (i = 0; i < sizeof(vec) / sizeof(vec[0]); i++) {
		fx_reset(f);
		post_schema(f, &m, FORM_CTYPE, vec[i].body);
		assert_int_equal(f->res.st, ST_OK);
		assert_int_equal(jv_len(jv_get(f->r.json, "tags")),
		                 vec[i].ntags);
	}
}

static void
test_schema_refusals(void **state)
{
	static const struct {
		const char *ctype, *body, *msg;
	} vec[] = {
	        {JSON_CTYPE, "{\"n\": 0, \"tags\": [1, 1]}",
	         "n: must be an integer between 1 and 5; tags: items must be "
	         "distinct"},
	        {JSON_CTYPE, "{}", "n: required; tags: required"},
	        {JSON_CTYPE, "{\"n\": 1, \"n\": 2, \"tags\": []}",
	         "n: given more than once"},
	        {JSON_CTYPE, "{\"n\": 1, \"tags\": [10]}",
	         "tags[0]: must be an integer between 1 and 9"},
	        {FORM_CTYPE, "n=1&n=2&tags=1", "n: given more than once"},
	        {FORM_CTYPE, "n=x", "n: must be an integer between 1 and 5"},
	};
	struct fx *f = *state;
	struct mem m;
	size_t i;

	for (i = 0; i < sizeof(vec) / sizeof(vec[0]); i++) {
		fx_reset(f);
		post_schema(f, &m, vec[i].ctype, vec[i].body);
		assert_int_equal(f->res.st, ST_PARAM);
		assert_int_equal(seen.calls, 0);
		if (strstr(f->res.msg, vec[i].msg) == NULL)
			fail_msg("%s: got \"%s\", want \"%s\"", vec[i].body,
			         f->res.msg, vec[i].msg);
	}
}

/* A multipart body with one file part named name. */
static char *
multipart(const char *name, const char *bytes, size_t n, size_t *len)
{
	struct buf b = {0};

	buf_addf(&b,
	         "--zfB\r\nContent-Disposition: form-data; name=\"%s\"; "
	         "filename=\"x.png\"\r\nContent-Type: image/png\r\n\r\n",
	         name);
	buf_add(&b, bytes, n);
	buf_adds(&b, "\r\n--zfB--\r\n");
	return buf_take(&b, len);
}

#define MP_CTYPE "multipart/form-data; boundary=zfB"

static void
test_dispatch_upload(void **state)
{
	struct fx *f = *state;
	struct mem m;
	size_t len;
	char *body = multipart("photo", png, sizeof(png) - 1, &len);
	struct upfile *u;

	run(f, &m, "POST", "/upload", NULL, MP_CTYPE, body, len);
	assert_int_equal(f->res.st, ST_OK);
	assert_int_equal(seen.calls, 1);
	assert_int_equal(f->r.p[0].nfiles, 1);
	u = f->r.p[0].files[0];
	assert_int_equal(u->type, FT_PNG);
	assert_int_equal(u->size, sizeof(png) - 1);
	assert_non_null(u->path);
	assert_int_equal(strncmp(u->path, tmpdir, strlen(tmpdir)), 0);
	free(body);
}

static void
test_dispatch_upload_over_fmax(void **state)
{
	struct fx *f = *state;
	struct mem m;
	size_t len;
	char *body = multipart("photo", png, sizeof(png) - 1, &len);

	/* The route's file limit (16 bytes) reaches the reader. */
	run(f, &m, "POST", "/tiny", NULL, MP_CTYPE, body, len);
	assert_int_equal(f->res.st, ST_UPLOAD);
	assert_string_equal(f->res.msg, "photo: larger than 16 bytes");
	assert_int_equal(seen.calls, 0);
	assert_true(m.ended);
	free(body);
}

static void
test_dispatch_upload_wrong_type(void **state)
{
	struct fx *f = *state;
	struct mem m;
	size_t len;
	char *body = multipart("photo", text, sizeof(text) - 1, &len);

	run(f, &m, "POST", "/upload", NULL, MP_CTYPE, body, len);
	assert_int_equal(f->res.st, ST_UPLOAD);
	assert_string_equal(f->res.msg,
	                    "photo: image/jpeg, image/png or image/webp only");
	assert_int_equal(seen.calls, 0);
	free(body);
}

static void
test_dispatch_upload_as_value(void **state)
{
	struct fx *f = *state;
	struct mem m;

	run(f, &m, "POST", "/upload", NULL, "application/x-www-form-urlencoded",
	    "photo=a.png", 11);
	assert_int_equal(f->res.st, ST_PARAM);
	assert_int_equal(strncmp(f->res.msg, "photo: must be a file", 21), 0);
}

static void
test_dispatch_upload_undeclared_dropped(void **state)
{
	struct fx *f = *state;
	struct mem m;
	size_t len, i;
	char *body = multipart("other", png, sizeof(png) - 1, &len);

	/* A file part nobody declared is not written anywhere. */
	run(f, &m, "POST", "/upload", NULL, MP_CTYPE, body, len);
	assert_int_equal(f->res.st, ST_PARAM);
	assert_string_equal(f->res.msg, "photo: required");
	for (i = 0; i < f->r.nfields; i++)
		if (f->r.fields[i].file != NULL)
			assert_null(f->r.fields[i].file->path);
	free(body);
}

/* ---- methods, path parameters, trailing slashes ---- */

static const struct pspec id_params[] = {
        {.name = "id",
         .type = PT_INT,
         .flags = PF_REQUIRED | PF_PATH,
         .min = 1,
         .max = 1000000},
};

static const struct pspec page_params[] = {
        {.name = "page",
         .type = PT_INT,
         .flags = PF_REQUIRED | PF_PATH,
         .min = 1,
         .max = 100},
        {.name = "size",
         .type = PT_INT,
         .flags = PF_REQUIRED | PF_PATH,
         .min = 1,
         .max = 50},
};

enum { X_HOUSES, X_HOUSE, X_INDEX, X_IMAGES, X_PAGE, X_DIR, X__MAX };

static const struct route rest_routes[X__MAX] = {
        [X_HOUSES] = {.path = "/api/houses",
                      .methods = M_GET | M_POST,
                      .handler = h_record,
                      .flags = RF_SLASH},
        [X_HOUSE] = {.path = "/api/houses/{id}",
                     .methods = M_GET | M_PUT | M_DELETE,
                     .handler = h_record,
                     .params = id_params,
                     .nparams = 1,
                     .flags = RF_SLASH},
        [X_INDEX] = {.path = "/api/houses/index",
                     .methods = M_GET,
                     .handler = h_record,
                     .flags = RF_SLASH},
        [X_IMAGES] = {.path = "/api/houses/{id}/images",
                      .methods = M_POST,
                      .handler = h_record,
                      .params = id_params,
                      .nparams = 1},
        [X_PAGE] = {.path = "/build/all/{page}/{size}",
                    .methods = M_GET,
                    .handler = h_record,
                    .params = page_params,
                    .nparams = 2},
        [X_DIR] = {.path = "/api/districts/",
                   .methods = M_GET,
                   .handler = h_record},
};

static struct router
rest_router(void)
{
	struct router rt = router();

	rt.routes = rest_routes;
	rt.nroutes = X__MAX;
	return rt;
}

static void
rest(struct fx *f, struct mem *m, const char *method, const char *url,
     const char *ctype, const char *body)
{
	struct router rt = rest_router();

	run_on(&rt, f, m, method, url, NULL, ctype, body, strlen(body));
}

static void
test_match(void **state)
{
	static const struct {
		const char *pattern, *path;
		int slash, score;
		size_t ncaps;
		const char *cap0;
	} vec[] = {
	        {"/", "/", 0, 1, 0, NULL},
	        {"/", "//", 0, -1, 0, NULL},
	        {"/a", "/a", 0, 1, 0, NULL},
	        {"/a", "/a/", 0, -1, 0, NULL},
	        {"/a", "/a/", 1, 1, 0, NULL},
	        {"/a", "/a//", 1, -1, 0, NULL},
	        {"/a/", "/a", 0, -1, 0, NULL},
	        {"/a/", "/a", 1, 1, 0, NULL},
	        {"/a/", "/a/", 0, 2, 0, NULL},
	        {"/a", "/ab", 0, -1, 0, NULL},
	        {"/ab", "/a", 0, -1, 0, NULL},
	        {"/a/b", "/a", 0, -1, 0, NULL},
	        {"/a", "/a/b", 0, -1, 0, NULL},
	        {"/a/{id}", "/a/12", 0, 1, 1, "12"},
	        {"/a/{id}", "/a/12/", 1, 1, 1, "12"},
	        {"/a/{id}", "/a/12/", 0, -1, 0, NULL},
	        {"/a/{id}", "/a/", 0, -1, 0, NULL},
	        {"/a/{id}", "/a/", 1, -1, 0, NULL},
	        {"/a/{id}", "/a", 0, -1, 0, NULL},
	        {"/a/{id}", "/a//", 0, -1, 0, NULL},
	        {"/a/{id}/b", "/a/x/b", 0, 2, 1, "x"},
	        {"/a/{id}/b", "/a//b", 0, -1, 0, NULL},
	        {"/a/{id}/b", "/a/x/c", 0, -1, 0, NULL},
	        {"/{x}/{y}", "/1/2", 0, 0, 2, "1"},
	        {"/{x}/{y}", "/1/2/3", 0, -1, 0, NULL},
	        {"/{}", "/{}", 0, 1, 0, NULL},
	        {"/a", "a", 0, -1, 0, NULL},
	        {"/a", "", 0, -1, 0, NULL},
	        {"/{a}/{b}/{c}/{d}", "/1/2/3/4", 0, 0, 4, "1"},
	        {"/{a}/{b}/{c}/{d}/{e}", "/1/2/3/4/5", 0, -1, 0, NULL},
	};
	struct route_caps caps;
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(vec); i++) {
		int got = route_match(vec[i].pattern, vec[i].path, vec[i].slash,
		                      &caps);

		if (got != vec[i].score)
			fail_msg("%s ~ %s (slash %d): %d, not %d",
			         vec[i].pattern, vec[i].path, vec[i].slash, got,
			         vec[i].score);
		if (got < 0)
			continue;
		assert_int_equal(caps.n, vec[i].ncaps);
		if (vec[i].cap0 != NULL) {
			assert_int_equal(caps.c[0].vlen, strlen(vec[i].cap0));
			assert_memory_equal(caps.c[0].value, vec[i].cap0,
			                    caps.c[0].vlen);
		}
		assert_int_equal(route_match(vec[i].pattern, vec[i].path,
		                             vec[i].slash, NULL),
		                 got);
	}
}

static void
test_match_caps_names(void **state)
{
	struct route_caps caps;

	(void)state;
	assert_int_equal(route_match("/build/all/{page}/{size}",
	                             "/build/all/3/20", 0, &caps),
	                 2);
	assert_int_equal(caps.n, 2);
	assert_int_equal(caps.c[0].nlen, 4);
	assert_memory_equal(caps.c[0].name, "page", 4);
	assert_int_equal(caps.c[1].nlen, 4);
	assert_memory_equal(caps.c[1].name, "size", 4);
	assert_memory_equal(caps.c[1].value, "20", 2);
}

static void
test_lookup(void **state)
{
	static const struct {
		unsigned method;
		const char *path;
		int idx; /* -1: none */
		unsigned allow;
	} vec[] = {
	        {M_GET, "/api/houses", X_HOUSES, M_GET | M_POST},
	        {M_GET, "/api/houses/", X_HOUSES, M_GET | M_POST},
	        {M_POST, "/api/houses", X_HOUSES, M_GET | M_POST},
	        {M_PUT, "/api/houses", -1, M_GET | M_POST},
	        {M_GET, "/api/houses/index", X_INDEX, M_GET},
	        {M_GET, "/api/houses/index/", X_INDEX, M_GET},
	        {M_PUT, "/api/houses/index", -1, M_GET},
	        {M_DELETE, "/api/houses/index", -1, M_GET},
	        {M_GET, "/api/houses/7", X_HOUSE, M_GET | M_PUT | M_DELETE},
	        {M_HEAD, "/api/houses/7", X_HOUSE, M_GET | M_PUT | M_DELETE},
	        {M_DELETE, "/api/houses/7/", X_HOUSE, M_GET | M_PUT | M_DELETE},
	        {M_POST, "/api/houses/7", -1, M_GET | M_PUT | M_DELETE},
	        {M_OPTIONS, "/api/houses/7", -1, M_GET | M_PUT | M_DELETE},
	        {0, "/api/houses/7", -1, M_GET | M_PUT | M_DELETE},
	        {M_POST, "/api/houses/7/images", X_IMAGES, M_POST},
	        {M_POST, "/api/houses/7/images/", -1, 0},
	        {M_GET, "/api/houses/7/images", -1, M_POST},
	        {M_GET, "/api/houses/7/photos", -1, 0},
	        {M_GET, "/api/houses//images", -1, 0},
	        {M_GET, "/api/districts/", X_DIR, M_GET},
	        {M_GET, "/api/districts", -1, 0},
	        {M_GET, "/build/all/1/2", X_PAGE, M_GET},
	        {M_GET, "/build/all/1", -1, 0},
	        {M_GET, "/build/all/1/2/3", -1, 0},
	        {M_GET, "/api", -1, 0},
	};
	struct router rt = rest_router();
	struct route_caps caps;
	unsigned allow;
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(vec); i++) {
		const struct route *r = route_lookup(
		        &rt, vec[i].method, vec[i].path, &allow, &caps);

		if (vec[i].idx < 0)
			assert_null(r);
		else
			assert_ptr_equal(r, &rest_routes[vec[i].idx]);
		if (allow != vec[i].allow)
			fail_msg("%s: allow %#x, not %#x", vec[i].path, allow,
			         vec[i].allow);
	}
}

static void
test_allow_text(void **state)
{
	char out[64];

	(void)state;
	route_allow_text(M_GET | M_PUT | M_DELETE, out, sizeof(out));
	assert_string_equal(out, "GET, HEAD, PUT, DELETE");
	route_allow_text(M_OPTIONS | M_POST, out, sizeof(out));
	assert_string_equal(out, "POST, OPTIONS");
	route_allow_text(0, out, sizeof(out));
	assert_string_equal(out, "");
	route_allow_text(M_GET | M_POST | M_PUT, out, 10);
	assert_true(strlen(out) < 10);
}

static void
test_dispatch_path_param(void **state)
{
	struct fx *f = *state;
	struct mem m;

	rest(f, &m, "GET", "/api/houses/42", "", "");
	assert_int_equal(f->res.st, ST_OK);
	assert_int_equal(seen.calls, 1);
	assert_int_equal(seen.p0, 42);
	assert_ptr_equal(f->r.route, &rest_routes[X_HOUSE]);
}

static void
test_dispatch_path_param_invalid(void **state)
{
	static const char *const bad[] = {
	        "/api/houses/0",   "/api/houses/abc",
	        "/api/houses/-1",  "/api/houses/1000001",
	        "/api/houses/1.5", "/api/houses/99999999999999999999",
	        "/api/houses/%20", "/api/houses/+1",
	};
	struct fx *f = *state;
	struct mem m;
	size_t i;

	for (i = 0; i < NELEM(bad); i++) {
		fx_reset(f);
		rest(f, &m, "GET", bad[i], "", "");
		assert_int_equal(f->res.st, ST_PARAM);
		assert_int_equal(seen.calls, 0);
		if (strncmp(f->res.msg, "id: ", 4) != 0)
			fail_msg("%s: %s", bad[i], f->res.msg);
	}
}

static void
test_dispatch_path_param_not_from_query_or_body(void **state)
{
	struct fx *f = *state;
	struct mem m;

	rest(f, &m, "GET", "/api/houses/7?id=9", "", "");
	assert_int_equal(f->res.st, ST_OK);
	assert_int_equal(seen.p0, 7);
	fx_reset(f);
	rest(f, &m, "PUT", "/api/houses/7", "application/json", "{\"id\": 9}");
	assert_int_equal(f->res.st, ST_OK);
	assert_int_equal(seen.p0, 7);
	fx_reset(f);
	rest(f, &m, "PUT", "/api/houses/7", "application/x-www-form-urlencoded",
	     "id=0");
	assert_int_equal(f->res.st, ST_OK);
	assert_int_equal(seen.p0, 7);
}

static void
test_dispatch_two_path_params(void **state)
{
	struct fx *f = *state;
	struct mem m;

	rest(f, &m, "GET", "/build/all/3/20", "", "");
	assert_int_equal(f->res.st, ST_OK);
	assert_int_equal(seen.p0, 3);
	assert_int_equal(seen.p1, 20);
	fx_reset(f);
	rest(f, &m, "GET", "/build/all/0/51", "", "");
	assert_int_equal(f->res.st, ST_PARAM);
	assert_non_null(strstr(f->res.msg, "page: "));
	assert_non_null(strstr(f->res.msg, "; size: "));
	assert_int_equal(seen.calls, 0);
}

static void
test_dispatch_put_delete(void **state)
{
	struct fx *f = *state;
	struct mem m;

	rest(f, &m, "PUT", "/api/houses/5", "application/json", "{}");
	assert_int_equal(f->res.st, ST_OK);
	assert_string_equal(seen.method, "PUT");
	fx_reset(f);
	rest(f, &m, "DELETE", "/api/houses/5/", "", "");
	assert_int_equal(f->res.st, ST_OK);
	assert_string_equal(seen.method, "DELETE");
	assert_int_equal(seen.p0, 5);
}

static void
test_dispatch_405_allow_union(void **state)
{
	struct fx *f = *state;
	struct mem m;

	rest(f, &m, "POST", "/api/houses/5", "application/json", "{}");
	assert_int_equal(f->res.http, 405);
	assert_int_equal(f->res.st, ST_METHOD);
	assert_string_equal(f->res.allow, "GET, HEAD, PUT, DELETE");
	assert_int_equal(seen.calls, 0);
	assert_true(m.ended);
	fx_reset(f);
	rest(f, &m, "PUT", "/api/houses/index", "", "");
	assert_int_equal(f->res.http, 405);
	assert_string_equal(f->res.allow, "GET, HEAD");
}

static void
test_dispatch_literal_beats_param(void **state)
{
	struct fx *f = *state;
	struct mem m;

	rest(f, &m, "GET", "/api/houses/index", "", "");
	assert_int_equal(f->res.st, ST_OK);
	assert_ptr_equal(f->r.route, &rest_routes[X_INDEX]);
	assert_int_equal(seen.p0, -1);
}

static void
test_dispatch_slash_rules(void **state)
{
	static const struct {
		const char *method, *path;
		int http;
	} vec[] = {
	        {"GET", "/api/houses/", 200},
	        {"GET", "/api/houses/3/", 200},
	        {"GET", "/api/houses//", 404},
	        {"POST", "/api/houses/3/images", 200},
	        {"POST", "/api/houses/3/images/", 404},
	        {"GET", "/api/districts/", 200},
	        {"GET", "/api/districts", 404},
	};
	struct fx *f = *state;
	struct mem m;
	size_t i;

	for (i = 0; i < NELEM(vec); i++) {
		fx_reset(f);
		rest(f, &m, vec[i].method, vec[i].path, "", "");
		if (f->res.http != vec[i].http)
			fail_msg("%s %s: %d", vec[i].method, vec[i].path,
			         f->res.http);
	}
}

int
main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
	        T(test_required_missing),
	        T(test_optional_missing),
	        T(test_given_twice),
	        T(test_given_in_query_and_body),
	        T(test_alias_accepted),
	        T(test_name_and_alias_twice),
	        T(test_name_case_sensitive),
	        T(test_empty_counts_as_absent),
	        T(test_empty_required),
	        T(test_empty_without_flag),
	        T(test_empty_given_twice),
	        T(test_nul_byte),
	        T(test_file_for_value),
	        T(test_int),
	        T(test_num),
	        T(test_text_counts_characters),
	        T(test_text_chinese),
	        T(test_text_invalid_utf8),
	        T(test_choice),
	        T(test_date),
	        T(test_date_past_refuses_two_days_ahead),
	        T(test_date_past_accepts_today),
	        T(test_date_future_without_flag),
	        T(test_idcard_upper_cased),
	        T(test_idcard_refused),
	        T(test_mobile),
	        T(test_digits),
	        T(test_bool),
	        T(test_check_refuses),
	        T(test_check_accepts),
	        T(test_check_after_type),
	        T(test_check_sees_upper_cased_idcard),
	        T(test_file_ok),
	        T(test_file_optional_missing),
	        T(test_file_required_missing),
	        T(test_file_given_a_value),
	        T(test_file_given_a_value_and_a_file),
	        T(test_file_too_big_flag),
	        T(test_file_size_over_fmax),
	        T(test_file_size_at_fmax),
	        T(test_file_limit_units),
	        T(test_file_empty),
	        T(test_file_discarded),
	        T(test_file_wrong_type),
	        T(test_file_doc_types),
	        T(test_file_twice_not_multi),
	        T(test_file_multi),
	        T(test_file_multi_one),
	        T(test_file_multi_too_many),
	        T(test_file_multi_one_bad),
	        T(test_scalars_before_files),
	        T(test_all_valid),
	        T(test_every_error_named),
	        T(test_first_error_gives_the_status),
	        T(test_long_error_list_cut_between_errors),
	        T(test_too_many_specs),
	        T(test_find),
	        T(test_dispatch_ok),
	        T(test_dispatch_unknown_path),
	        T(test_dispatch_wrong_method),
	        T(test_dispatch_allow_header),
	        T(test_dispatch_head_like_get),
	        T(test_dispatch_body_too_large),
	        T(test_dispatch_body_at_limit),
	        T(test_dispatch_route_body_max),
	        T(test_dispatch_auth_none_ignores_token),
	        T(test_dispatch_auth_user_fails),
	        T(test_dispatch_auth_user_ok),
	        T(test_dispatch_admin_refuses_user),
	        T(test_dispatch_admin_needs_login),
	        T(test_dispatch_admin_ok),
	        T(test_dispatch_optional_fails_still_runs),
	        T(test_dispatch_optional_ok),
	        T(test_dispatch_auth_internal),
	        T(test_dispatch_handler_internal_cleared),
	        T(test_dispatch_handler_status_kept),
	        T(test_dispatch_query_and_body),
	        T(test_dispatch_query_and_body_same_name),
	        T(test_dispatch_json_body),
	        T(test_dispatch_invalid_param),
	        T(test_dispatch_malformed_query),
	        T(test_dispatch_unsupported_body),
	        T(test_dispatch_read_error),
	        T(test_dispatch_prefix_route),
	        T(test_schema_json_body),
	        T(test_schema_form_body),
	        T(test_schema_refusals),
	        T(test_dispatch_upload),
	        T(test_dispatch_upload_over_fmax),
	        T(test_dispatch_upload_wrong_type),
	        T(test_dispatch_upload_as_value),
	        T(test_dispatch_upload_undeclared_dropped),
	        T(test_match),
	        T(test_match_caps_names),
	        T(test_lookup),
	        T(test_allow_text),
	        T(test_dispatch_path_param),
	        T(test_dispatch_path_param_invalid),
	        T(test_dispatch_path_param_not_from_query_or_body),
	        T(test_dispatch_two_path_params),
	        T(test_dispatch_put_delete),
	        T(test_dispatch_405_allow_union),
	        T(test_dispatch_literal_beats_param),
	        T(test_dispatch_slash_rules),
	};
#undef T

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
