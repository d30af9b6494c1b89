/* Unit tests for lib/jschema.c: the strict JSON parser, the schema
 * validator and its messages, and the typed getters. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "arena.h"
#include "jschema.h"

#define ERRLEN   512
#define DEPTH    16
#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* A JSON text given with its length, so it may hold NUL bytes. */
struct text {
	const char *s;
	size_t n;
};

#define T(lit)                                                                 \
	{                                                                      \
		lit, sizeof(lit) - 1                                           \
	}

/* Parse a NUL-terminated text. */
static int
parse(struct arena *a, const char *s, unsigned depth, struct jv **v, char *err)
{
	return jv_parse(a, s, strlen(s), depth, v, err, ERRLEN);
}

/* ---- parser: accepted texts ---- */

static void
test_parse_accepts(void **state)
{
	static const struct text ok[] = {
	        T("0"),
	        T("-0"),
	        T("1"),
	        T("-1"),
	        T("1.5"),
	        T("-0.0e0"),
	        T("1e5"),
	        T("1E+5"),
	        T("1e-5"),
	        T("123456789012345678901234567890"),
	        T("\"\""),
	        T("true"),
	        T("false"),
	        T("null"),
	        T("[]"),
	        T("{}"),
	        T(" \t\r\n[ 1 , 2 ]\n "),
	        T("{\"a\":{\"b\":[{}, [], null]}}"),
	        T("{\"\":1}"),
	        T("\"\\u00e9\""),
	        T("\"\\ud83d\\ude00\""),
	        T("\"\\uD83D\\uDE00\""),
	        T("\"\xe4\xb8\xad\xe6\x96\x87\""),
	        T("\"\xf4\x8f\xbf\xbf\""),
	        T("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\""),
	        T("{\"a\":1,\"ab\":2,\"b\":3}"),
	        T("{\"a\":{\"a\":1},\"b\":{\"a\":1}}"),
	};
	char err[ERRLEN];
	struct arena *a = arena_new();
	struct jv *v;
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(ok); i++) {
		int rc = jv_parse(a, ok[i].s, ok[i].n, DEPTH, &v, err,
		                  sizeof(err));

		if (rc != JV_OK)
			fail_msg("refused %s: %s", ok[i].s, err);
		assert_non_null(v);
	}
	arena_free(a);
}

/* ---- parser: refused texts (JSONTestSuite's n_ cases and more) ---- */

static void
test_parse_refuses_syntax(void **state)
{
	static const struct text bad[] = {
	        T(""),
	        T(" "),
	        T("01"),
	        T("-01"),
	        T("-"),
	        T("- 1"),
	        T("--1"),
	        T("+1"),
	        T("1."),
	        T("1.e3"),
	        T(".5"),
	        T("1e"),
	        T("1e+"),
	        T("1.5e"),
	        T("0x1"),
	        T("NaN"),
	        T("Infinity"),
	        T("-Infinity"),
	        T("tru"),
	        T("nul"),
	        T("True"),
	        T("truefalse"),
	        T("1 2"),
	        T("[1]x"),
	        T("[1] [2]"),
	        T("[1,]"),
	        T("[,1]"),
	        T("[1,,2]"),
	        T("[1 2]"),
	        T("[]]"),
	        T("["),
	        T("[1"),
	        T("{"),
	        T("{\"a\":"),
	        T("{\"a\":1,}"),
	        T("{,}"),
	        T("{\"a\" 1}"),
	        T("{\"a\":1 \"b\":2}"),
	        T("{\"a\":1}}"),
	        T("{a:1}"),
	        T("{'a':1}"),
	        T("{1:1}"),
	        T("/*c*/1"),
	        T("1 //c"),
	        T("\xef\xbb\xbf{}"), /* a byte order mark */
	        T("\"abc"),
	        T("\"\\\""),
	        T("\"\\x\""),
	        T("\"\\U0041\""),
	        T("\"\\u12\""),
	        T("\"\\uZZZZ\""),
	        T("\"\\u00e\""),
	        T("\"a\tb\""),           /* raw tab */
	        T("\"a\nb\""),           /* raw newline */
	        T("\"\x01\""),           /* raw control character */
	        T("\"\x1f\""),           /* raw control character */
	        T("\"a\0b\""),           /* raw NUL in a string */
	        T("[1]\0"),              /* NUL after the value */
	        T("\0"),                 /* NUL alone */
	        T("\"\\u0000\""),        /* escaped NUL */
	        T("\"\\ud800\""),        /* lone high surrogate */
	        T("\"\\udc00\""),        /* lone low surrogate */
	        T("\"\\ud800\\u0041\""), /* high then not low */
	        T("\"\\ud800\\ud800\""), /* high then high */
	        T("\"\\ud800x\""),
	        T("\"\\ud800\\\""),
	        T("\"\xff\""),             /* never UTF-8 */
	        T("\"\x80\""),             /* stray continuation */
	        T("\"\xc3\""),             /* truncated */
	        T("\"\xe4\xb8\""),         /* truncated */
	        T("\"\xc0\x80\""),         /* overlong NUL */
	        T("\"\xc1\xbf\""),         /* overlong */
	        T("\"\xe0\x80\x80\""),     /* overlong */
	        T("\"\xf0\x80\x80\x80\""), /* overlong */
	        T("\"\xed\xa0\x80\""),     /* encoded surrogate */
	        T("\"\xf4\x90\x80\x80\""), /* past U+10FFFF */
	        T("\"\xf5\x80\x80\x80\""),
	        T("{\"\xff\":1}"), /* in a member name too */
	        T("{\"\\u0000\":1}"),
	        T("\xe4\xb8\xad"), /* a bare non-ASCII value */
	};
	char err[ERRLEN];
	struct arena *a = arena_new();
	struct jv *v;
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(bad); i++) {
		v = (struct jv *)1;
		if (jv_parse(a, bad[i].s, bad[i].n, DEPTH, &v, err,
		             sizeof(err)) != JV_ERR_SYNTAX)
			fail_msg("accepted case %zu: %s", i, bad[i].s);
		assert_null(v);
		assert_int_equal(strncmp(err, "invalid JSON at byte ", 21), 0);
	}
	arena_free(a);
}

static void
test_parse_error_names_byte(void **state)
{
	static const struct {
		const char *json;
		const char *err;
	} cases[] = {
	        {"[1, x]", "invalid JSON at byte 4: expected a value"},
	        {"{\"a\" 1}", "invalid JSON at byte 5: expected ':'"},
	        {"[1 2]", "invalid JSON at byte 3: expected ',' or ']'"},
	        {"{\"a\":1]", "invalid JSON at byte 6: expected ',' or '}'"},
	        {"{\"a\":1,}",
	         "invalid JSON at byte 7: expected a member name"},
	        {"[1", "invalid JSON at byte 2: unexpected end"},
	        {"01", "invalid JSON at byte 0: leading zero in a number"},
	        {"[1] 2", "invalid JSON at byte 4: unexpected data after the "
	                  "value"},
	        {"\"ab", "invalid JSON at byte 0: unterminated string"},
	        {"\"a\\u0000\"", "invalid JSON at byte 2: \\u0000 in a string"},
	        {"\"a\\udc00\"",
	         "invalid JSON at byte 2: lone surrogate escape"},
	        {"\"a\x01\"",
	         "invalid JSON at byte 2: control character in a string"},
	        {"\"a\xc0\x80\"", "invalid JSON at byte 2: invalid UTF-8"},
	};
	char err[ERRLEN];
	struct arena *a = arena_new();
	struct jv *v;
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(cases); i++) {
		assert_int_equal(parse(a, cases[i].json, DEPTH, &v, err),
		                 JV_ERR_SYNTAX);
		assert_string_equal(err, cases[i].err);
	}
	arena_free(a);
}

/* ---- parser: duplicates ---- */

static void
test_parse_refuses_duplicates(void **state)
{
	static const struct {
		const char *json;
		const char *err;
	} cases[] = {
	        {"{\"a\":1,\"a\":2}", "a: given more than once"},
	        {"{\"a\":1,\"a\":null}", "a: given more than once"},
	        /* compared after unescaping */
	        {"{\"a\":1,\"\\u0061\":2}", "a: given more than once"},
	        {"{\"\xc3\xa9\":1,\"\\u00e9\":2}",
	         "\xc3\xa9: given more than once"},
	        /* the earliest repetition is named */
	        {"{\"b\":1,\"a\":1,\"a\":2,\"b\":2}",
	         "a: given more than once"},
	        {"{\"facility\":[1],\"title\":\"x\",\"facility\":[]}",
	         "facility: given more than once"},
	        {"{\"items\":[{\"name\":1},{\"name\":1},"
	         "{\"name\":1,\"x\":{},\"name\":2}]}",
	         "items[2].name: given more than once"},
	        {"[{\"a\":1,\"a\":1}]", "[0].a: given more than once"},
	        {"{\"a\":{\"b\":[0,{\"c\":{\"d\":1,\"d\":1}}]}}",
	         "a.b[1].c.d: given more than once"},
	        /* client names are shown without control characters */
	        {"{\"x\\ny\":1,\"x\\ny\":2}", "x?y: given more than once"},
	        /* many members: found by sorting */
	        {"{\"k1\":1,\"k2\":1,\"k3\":1,\"k4\":1,\"k5\":1,\"k6\":1,"
	         "\"k7\":1,\"k8\":1,\"k9\":1,\"k10\":1,\"k4\":2,\"k2\":2}",
	         "k4: given more than once"},
	        {"{\"o\":{\"k1\":1,\"k2\":1,\"k3\":1,\"k4\":1,\"k5\":1,"
	         "\"k6\":1,\"k7\":1,\"k8\":1,\"k9\":1,\"k10\":1,\"k9\":1}}",
	         "o.k9: given more than once"},
	};
	char err[ERRLEN];
	struct arena *a = arena_new();
	struct jv *v;
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(cases); i++) {
		assert_int_equal(parse(a, cases[i].json, DEPTH, &v, err),
		                 JV_ERR_DUPLICATE);
		assert_null(v);
		assert_string_equal(err, cases[i].err);
	}
	arena_free(a);
}

static void
test_parse_distinct_names_in_big_object(void **state)
{
	char json[4096], err[ERRLEN];
	struct arena *a = arena_new();
	struct jv *v;
	size_t len = 0, i;

	(void)state;
	json[len++] = '{';
	for (i = 0; i < 300; i++) {
		int r = snprintf(json + len, sizeof(json) - len,
		                 "%s\"m%zu\":%zu", i ? "," : "", i, i);

		assert_true(r > 0 && (size_t)r < sizeof(json) - len);
		len += (size_t)r;
	}
	json[len++] = '}';
	json[len] = '\0';
	assert_int_equal(parse(a, json, DEPTH, &v, err), JV_OK);
	assert_int_equal(jv_len(v), 300);
	assert_int_equal(jv_int(jv_get(v, "m299")), 299);
	arena_free(a);
}

static void
test_parse_long_duplicate_name_is_cut(void **state)
{
	char json[400], err[ERRLEN], name[101];
	struct arena *a = arena_new();
	struct jv *v;
	int r;

	(void)state;
	memset(name, 'n', 100);
	name[100] = '\0';
	r = snprintf(json, sizeof(json), "{\"%s\":1,\"%s\":2}", name, name);
	assert_true(r > 0 && (size_t)r < sizeof(json));
	assert_int_equal(parse(a, json, DEPTH, &v, err), JV_ERR_DUPLICATE);
	assert_string_equal(
	        err, "nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn"
	             "nnnnnnnnn...: given more than once");
	arena_free(a);
}

/* ---- parser: depth ---- */

static void
test_parse_depth_limit(void **state)
{
	char err[ERRLEN];
	struct arena *a = arena_new();
	struct jv *v;

	(void)state;
	assert_int_equal(parse(a, "[[[1]]]", 3, &v, err), JV_OK);
	assert_int_equal(parse(a, "[[[[1]]]]", 3, &v, err), JV_ERR_DEPTH);
	assert_null(v);
	assert_string_equal(err, "nested deeper than 3 levels at byte 3");
	assert_int_equal(parse(a, "{\"a\":[{\"b\":1}]}", 3, &v, err), JV_OK);
	assert_int_equal(parse(a, "{\"a\":[{\"b\":{}}]}", 3, &v, err),
	                 JV_ERR_DEPTH);
	/* Siblings do not add up. */
	assert_int_equal(parse(a, "[[1],[2],[[3]]]", 3, &v, err), JV_OK);
	/* 0 allows a scalar only. */
	assert_int_equal(parse(a, "1", 0, &v, err), JV_OK);
	assert_int_equal(parse(a, "[]", 0, &v, err), JV_ERR_DEPTH);
	assert_int_equal(parse(a, "[]", 1, &v, err), JV_OK);
	arena_free(a);
}

/* Deep nesting needs no deep C stack: the parser never recurses. */
static void
test_parse_deep_nesting_iterative(void **state)
{
	enum { N = 200000 };
	char *json = malloc(2 * N), err[ERRLEN];
	struct arena *a = arena_new();
	const struct jv *p;
	struct jv *v;
	size_t d;

	(void)state;
	assert_non_null(json);
	memset(json, '[', N);
	memset(json + N, ']', N);
	assert_int_equal(jv_parse(a, json, 2 * N, N, &v, err, sizeof(err)),
	                 JV_OK);
	for (p = v, d = 1; jv_len(p) == 1; d++)
		p = jv_at(p, 0);
	assert_int_equal(d, N);
	assert_int_equal(jv_parse(a, json, 2 * N, N - 1, &v, err, sizeof(err)),
	                 JV_ERR_DEPTH);
	free(json);
	arena_free(a);
}

/* ---- parser: the tree ---- */

static void
test_parse_keeps_number_text(void **state)
{
	static const char *const nums[] = {
	        "0",       "-0",
	        "1.50",    "1E+02",
	        "-2.5e-3", "12345678901234567890123456789.000000000000001",
	};
	char err[ERRLEN], json[256];
	struct arena *a = arena_new();
	struct jv *v;
	size_t i;

	(void)state;
	assert_int_equal(parse(a,
	                       "[0,-0,1.50 , 1E+02\t,-2.5e-3,"
	                       "12345678901234567890123456789.000000000000001]",
	                       DEPTH, &v, err),
	                 JV_OK);
	assert_int_equal(v->type, JV_ARRAY);
	assert_int_equal(jv_len(v), NELEM(nums));
	for (i = 0; i < NELEM(nums); i++) {
		const struct jv *x = jv_at(v, i);

		assert_int_equal(x->type, JV_NUMBER);
		assert_string_equal(x->s, nums[i]);
		assert_int_equal(x->n, strlen(nums[i]));
	}
	/* A number at the very end of the input. */
	memcpy(json, "[1.25]", 6);
	assert_int_equal(jv_parse(a, json, 5, DEPTH, &v, err, sizeof(err)),
	                 JV_ERR_SYNTAX);
	assert_int_equal(jv_parse(a, "-7.5e1", 6, DEPTH, &v, err, sizeof(err)),
	                 JV_OK);
	assert_string_equal(v->s, "-7.5e1");
	arena_free(a);
}

static void
test_parse_decodes_strings(void **state)
{
	char err[ERRLEN];
	struct arena *a = arena_new();
	const struct jv *x;
	struct jv *v;
	size_t n;

	(void)state;
	assert_int_equal(
	        parse(a,
	              "{\"k\\u00e9y\":\"a\\u00e9\\ud83d\\ude00\\n\\\"\","
	              "\"raw\":\"\xe4\xb8\xad\",\"e\":\"\"}",
	              DEPTH, &v, err),
	        JV_OK);
	assert_int_equal(v->type, JV_OBJECT);
	assert_int_equal(v->n, 3);
	assert_int_equal(v->k[0].n, 4);
	assert_memory_equal(v->k[0].s, "k\xc3\xa9y", 5);
	x = jv_get(v, "k\xc3\xa9y");
	assert_non_null(x);
	assert_string_equal(jv_str(x, &n), "a\xc3\xa9\xf0\x9f\x98\x80\n\"");
	assert_int_equal(n, 9);
	assert_string_equal(jv_str(jv_get(v, "raw"), &n), "\xe4\xb8\xad");
	assert_int_equal(n, 3);
	assert_string_equal(jv_str(jv_get(v, "e"), &n), "");
	assert_int_equal(n, 0);
	arena_free(a);
}

static void
test_parse_tree_shape(void **state)
{
	char err[ERRLEN];
	struct arena *a = arena_new();
	struct jv *v;

	(void)state;
	assert_int_equal(parse(a,
	                       "{\"b\":true,\"f\":false,\"z\":null,"
	                       "\"a\":[{},[]],\"o\":{\"x\":1}}",
	                       DEPTH, &v, err),
	                 JV_OK);
	assert_int_equal(v->n, 5);
	assert_string_equal(v->k[0].s, "b");
	assert_string_equal(v->k[4].s, "o");
	assert_int_equal(v->v[0].type, JV_BOOL);
	assert_int_equal(v->v[0].b, 1);
	assert_int_equal(v->v[1].type, JV_BOOL);
	assert_int_equal(v->v[1].b, 0);
	assert_int_equal(v->v[2].type, JV_NULL);
	assert_int_equal(v->v[3].type, JV_ARRAY);
	assert_int_equal(v->v[3].n, 2);
	assert_int_equal(v->v[3].v[0].type, JV_OBJECT);
	assert_int_equal(v->v[3].v[0].n, 0);
	assert_int_equal(v->v[3].v[1].type, JV_ARRAY);
	assert_int_equal(v->v[4].type, JV_OBJECT);
	assert_string_equal(v->v[4].v[0].s, "1");
	/* The input need not be NUL-terminated nor outlive the tree. */
	{
		char buf[] = {'[', '"', 'x', '"', ']', 'J', 'U', 'N', 'K'};

		assert_int_equal(
		        jv_parse(a, buf, 5, DEPTH, &v, err, sizeof(err)),
		        JV_OK);
		memset(buf, 0, sizeof(buf));
		assert_string_equal(jv_str(jv_at(v, 0), NULL), "x");
	}
	/* err may be NULL. */
	assert_int_equal(jv_parse(a, "[", 1, DEPTH, &v, NULL, 0),
	                 JV_ERR_SYNTAX);
	arena_free(a);
}

/* ---- schemas ---- */

static int
no_spaces(const char *s, size_t n, char *err, size_t errlen)
{
	int r;

	if (memchr(s, ' ', n) == NULL)
		return 0;
	r = snprintf(err, errlen, "must not contain spaces");
	if (r < 0 || (size_t)r >= errlen)
		err[0] = '\0';
	return -1;
}

static const char *const kinds[] = {"apartment", "house", "room", NULL};
static const char *const periods[] = {"month", "once", NULL};

/* An iHome-like house. */
static const struct js facility_item = JSD_INT(NULL, JS_DIGITSTR, 1, 23);
static const struct js house_m[] = {
        JSD_TEXT("title", JS_REQUIRED, 1, 64, NULL),
        JSD_DEC("price", JS_REQUIRED, 2, 1, 10000000),
        JSD_INT("area_id", JS_REQUIRED | JS_DIGITSTR, 1, 1000000),
        JSD_ARRAY("facility", JS_UNIQUE, 0, 23, &facility_item),
        JSD_CHOICE("kind", 0, kinds),
        JSD_BOOL("pets", 0),
        JSD_TEXT("code", 0, 1, 8, no_spaces),
};
static const struct js house = JSD_OBJECT(NULL, 0, house_m);

/* A rental-like contract: nested objects, an array of objects. */
static const struct js fee_m[] = {
        JSD_TEXT("name", JS_REQUIRED, 1, 20, NULL),
        JSD_DEC("amount", JS_REQUIRED, 2, 0, 100000000),
        JSD_CHOICE("period", 0, periods),
};
static const struct js fee = JSD_OBJECT(NULL, JS_STRICT, fee_m);
static const struct js tenant_m[] = {
        JSD_TEXT("name", JS_REQUIRED, 1, 32, NULL),
        JSD_INT("age", 0, 18, 120),
};
static const struct js tag = JSD_TEXT(NULL, 0, 1, 10, NULL);
static const struct js rental_m[] = {
        JSD_INT("room_id", JS_REQUIRED, 1, LLONG_MAX),
        JSD_OBJECT("tenant", JS_REQUIRED, tenant_m),
        JSD_ARRAY("fees", 0, 1, 5, &fee),
        JSD_TEXT("note", JS_NULLABLE, 0, 200, NULL),
        JSD_ARRAY("tags", JS_UNIQUE, 0, 10, &tag),
};
static const struct js rental = JSD_OBJECT("rental", JS_STRICT, rental_m);

/* Odds and ends: negative money, unique decimals and booleans, nullable
 * items, a required member that may be null. */
static const struct js money = JSD_DEC(NULL, 0, 2, 0, 100000);
static const struct js flag = JSD_BOOL(NULL, 0);
static const struct js maybe = JSD_INT(NULL, JS_NULLABLE, 0, 9);
static const struct js whole = JSD_DEC(NULL, 0, 0, 0, 1000);
static const struct js misc_m[] = {
        JSD_DEC("delta", 0, 2, -500, 500),
        JSD_ARRAY("amounts", JS_UNIQUE, 0, 10, &money),
        JSD_ARRAY("flags", JS_UNIQUE, 0, 2, &flag),
        JSD_ARRAY("maybe", 0, 0, 3, &maybe),
        JSD_TEXT("memo", JS_NULLABLE | JS_REQUIRED, 0, 5, NULL),
        JSD_ARRAY("pair", 0, 2, 2, &whole),
        JSD_ARRAY("any", 0, 0, 2, NULL),
};
static const struct js misc = JSD_OBJECT(NULL, 0, misc_m);

struct ccase {
	const struct js *schema;
	const char *json;
	const char *msg; /* NULL: valid */
};

#define H(members)                                                             \
	"{\"title\":\"Two "                                                    \
	"rooms\",\"price\":\"3500.50\",\"area_id\":\"12\"" members "}"
#define R(members)                                                             \
	"{\"room_id\":5,\"tenant\":{\"name\":\"\xe5\xbc\xa0\"}" members "}"
#define M(members) "{\"memo\":null" members "}"

static const struct ccase check_cases[] = {
        /* house: valid */
        {&house, H(""), NULL},
        {&house, H(",\"facility\":[1,\"2\",23]"), NULL},
        {&house, H(",\"facility\":[]"), NULL},
        {&house, H(",\"facility\":null"), NULL},
        {&house, H(",\"unknown\":[{\"deep\":[1,true]}]"), NULL},
        {&house, H(",\"kind\":\"room\",\"pets\":false,\"code\":\"A1\""), NULL},
        {&house, "{\"title\":\"x\",\"price\":3500.5,\"area_id\":12}", NULL},
        {&house, "{\"title\":\"x\",\"price\":0.01,\"area_id\":1}", NULL},
        {&house, "{\"title\":\"x\",\"price\":100000.00,\"area_id\":1}", NULL},
        {&house, "{\"title\":\"x\",\"price\":\"7\",\"area_id\":1}", NULL},
        /* title */
        {&house, "{\"price\":1,\"area_id\":1}", "title: required"},
        {&house, "{\"title\":null,\"price\":1,\"area_id\":1}",
         "title: required"},
        {&house, "{\"title\":\"\",\"price\":1,\"area_id\":1}",
         "title: must be 1 to 64 characters"},
        {&house,
         "{\"title\":\"0123456789012345678901234567890123456789"
         "0123456789012345678901234\",\"price\":1,\"area_id\":1}",
         "title: must be 1 to 64 characters"},
        {&house, "{\"title\":12,\"price\":1,\"area_id\":1}",
         "title: must be a string, not a number"},
        {&house, "{\"title\":true,\"price\":1,\"area_id\":1}",
         "title: must be a string, not a boolean"},
        {&house, "{\"title\":[\"x\"],\"price\":1,\"area_id\":1}",
         "title: must be a string, not an array"},
        {&house, "{\"title\":\"a\\u0001b\",\"price\":1,\"area_id\":1}",
         "title: must not contain control characters"},
        /* price */
        {&house, "{\"title\":\"x\",\"price\":0,\"area_id\":1}",
         "price: must be a number between 0.01 and 100000.00"},
        {&house, "{\"title\":\"x\",\"price\":100000.01,\"area_id\":1}",
         "price: must be a number between 0.01 and 100000.00"},
        {&house, "{\"title\":\"x\",\"price\":-1,\"area_id\":1}",
         "price: must be a number between 0.01 and 100000.00"},
        {&house, "{\"title\":\"x\",\"price\":\"12.345\",\"area_id\":1}",
         "price: must have at most 2 decimal places"},
        {&house, "{\"title\":\"x\",\"price\":12.345,\"area_id\":1}",
         "price: must have at most 2 decimal places"},
        {&house, "{\"title\":\"x\",\"price\":1e3,\"area_id\":1}",
         "price: must be a number between 0.01 and 100000.00"},
        {&house, "{\"title\":\"x\",\"price\":\"12,5\",\"area_id\":1}",
         "price: must be a number between 0.01 and 100000.00"},
        {&house, "{\"title\":\"x\",\"price\":\" 12\",\"area_id\":1}",
         "price: must be a number between 0.01 and 100000.00"},
        {&house, "{\"title\":\"x\",\"price\":\"012\",\"area_id\":1}",
         "price: must be a number between 0.01 and 100000.00"},
        {&house, "{\"title\":\"x\",\"price\":\"\",\"area_id\":1}",
         "price: must be a number between 0.01 and 100000.00"},
        {&house, "{\"title\":\"x\",\"price\":[1],\"area_id\":1}",
         "price: must be a number between 0.01 and 100000.00"},
        {&house,
         "{\"title\":\"x\",\"price\":99999999999999999999,\"area_id\":1}",
         "price: must be a number between 0.01 and 100000.00"},
        {&house, "{\"title\":\"x\",\"price\":true,\"area_id\":1}",
         "price: must be a number, not a boolean"},
        /* area_id */
        {&house, "{\"title\":\"x\",\"price\":1}", "area_id: required"},
        {&house, "{\"title\":\"x\",\"price\":1,\"area_id\":1.0}",
         "area_id: must be an integer between 1 and 1000000"},
        {&house, "{\"title\":\"x\",\"price\":1,\"area_id\":1e2}",
         "area_id: must be an integer between 1 and 1000000"},
        {&house, "{\"title\":\"x\",\"price\":1,\"area_id\":0}",
         "area_id: must be an integer between 1 and 1000000"},
        {&house, "{\"title\":\"x\",\"price\":1,\"area_id\":\"012\"}",
         "area_id: must be an integer between 1 and 1000000"},
        {&house, "{\"title\":\"x\",\"price\":1,\"area_id\":\"1x\"}",
         "area_id: must be an integer between 1 and 1000000"},
        {&house, "{\"title\":\"x\",\"price\":1,\"area_id\":\"\"}",
         "area_id: must be an integer between 1 and 1000000"},
        {&house,
         "{\"title\":\"x\",\"price\":1,\"area_id\":99999999999999999999}",
         "area_id: must be an integer between 1 and 1000000"},
        {&house, "{\"title\":\"x\",\"price\":1,\"area_id\":{}}",
         "area_id: must be an integer between 1 and 1000000"},
        {&house, "{\"title\":\"x\",\"price\":1,\"area_id\":false}",
         "area_id: must be a number, not a boolean"},
        /* facility */
        {&house, H(",\"facility\":[1,1]"), "facility: items must be distinct"},
        {&house, H(",\"facility\":[1,\"1\"]"),
         "facility: items must be distinct"},
        {&house, H(",\"facility\":[0]"),
         "facility[0]: must be an integer between 1 and 23"},
        {&house, H(",\"facility\":[2,24,2]"),
         "facility[1]: must be an integer between 1 and 23; "
         "facility: items must be distinct"},
        {&house, H(",\"facility\":[null]"),
         "facility[0]: must be an integer between 1 and 23"},
        {&house, H(",\"facility\":[true]"),
         "facility[0]: must be a number, not a boolean"},
        {&house, H(",\"facility\":\"1,2\""), "facility: must be an array"},
        {&house,
         H(",\"facility\":[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,"
           "19,20,21,22,23,0]"),
         "facility: must have 0 to 23 items"},
        /* kind, pets, code */
        {&house, H(",\"kind\":\"castle\""),
         "kind: must be one of: apartment, house, room"},
        {&house, H(",\"kind\":\"Room\""),
         "kind: must be one of: apartment, house, room"},
        {&house, H(",\"kind\":1"),
         "kind: must be one of: apartment, house, room"},
        {&house, H(",\"pets\":1"), "pets: must be true or false"},
        {&house, H(",\"pets\":\"true\""), "pets: must be true or false"},
        {&house, H(",\"code\":\"a b\""), "code: must not contain spaces"},
        /* the type's own rule comes before the check */
        {&house, H(",\"code\":\"a b c d e\""),
         "code: must be 1 to 8 characters"},
        /* several failures at once, in schema order */
        {&house, "{\"price\":true,\"facility\":[1,1,99],\"pets\":0}",
         "title: required; price: must be a number, not a boolean; "
         "area_id: required; facility[2]: must be an integer between 1 "
         "and 23; facility: items must be distinct; pets: must be true or "
         "false"},
        /* the root */
        {&house, "[]", "body: must be an object"},
        {&house, "null", "body: must be an object"},
        {&house, "{}", "title: required; price: required; area_id: required"},
        /* rental: valid */
        {&rental, R(""), NULL},
        {&rental,
         "{\"room_id\":5,\"tenant\":{\"name\":\"\xe5\xbc\xa0\xe4\xb8\x89\","
         "\"age\":30},\"fees\":[{\"name\":\"rent\",\"amount\":\"2500.00\","
         "\"period\":\"month\"},{\"name\":\"deposit\",\"amount\":5000}],"
         "\"note\":null,\"tags\":[\"quiet\",\"sunny\"]}",
         NULL},
        {&rental, R(",\"note\":\"hi\""), NULL},
        /* rental: failures */
        {&rental, "{\"room_id\":\"5\",\"tenant\":{\"name\":\"x\"}}",
         "room_id: must be a number, not a string"},
        {&rental, "{\"room_id\":5}", "tenant: required"},
        {&rental, "{\"room_id\":5,\"tenant\":null}", "tenant: required"},
        {&rental, "{\"room_id\":5,\"tenant\":[]}", "tenant: must be an object"},
        {&rental, "{\"room_id\":5,\"tenant\":{\"age\":17}}",
         "tenant.name: required; "
         "tenant.age: must be an integer between 18 and 120"},
        {&rental, R(",\"fees\":[]"), "fees: must have 1 to 5 items"},
        {&rental, R(",\"fees\":[1]"), "fees[0]: must be an object"},
        {&rental, R(",\"fees\":[null]"), "fees[0]: must be an object"},
        {&rental, R(",\"fees\":[{\"name\":\"x\",\"amount\":1,\"extra\":1}]"),
         "fees[0].extra: unknown member"},
        {&rental,
         R(",\"fees\":[{\"name\":\"x\",\"amount\":1},"
           "{\"name\":\"y\",\"amount\":\"1.234\",\"period\":\"year\"}]"),
         "fees[1].amount: must have at most 2 decimal places; "
         "fees[1].period: must be one of: month, once"},
        {&rental, R(",\"fees\":[{}]"),
         "fees[0].name: required; fees[0].amount: required"},
        {&rental, R(",\"zzz\":1,\"n\\u0001\":2"),
         "zzz: unknown member; n?: unknown member"},
        {&rental, R(",\"note\":1"), "note: must be a string, not a number"},
        {&rental, R(",\"tags\":[\"a\",\"b\",\"a\"]"),
         "tags: items must be distinct"},
        {&rental, R(",\"tags\":[\"a\",\"\"]"),
         "tags[1]: must be 1 to 10 characters"},
        {&rental, "7", "rental: must be an object"},
        /* misc */
        {&misc, M(",\"delta\":-5"), NULL},
        {&misc, M(",\"delta\":\"-0.5\""), NULL},
        {&misc, M(",\"delta\":-5.01"),
         "delta: must be a number between -5.00 and 5.00"},
        {&misc, M(",\"amounts\":[1.5,\"1.49\",1]"), NULL},
        {&misc, M(",\"amounts\":[1.5,\"1.50\"]"),
         "amounts: items must be distinct"},
        {&misc, M(",\"flags\":[true,false]"), NULL},
        {&misc, M(",\"flags\":[true,true]"), "flags: items must be distinct"},
        {&misc, M(",\"maybe\":[null,1,null]"), NULL},
        {&misc, M(",\"maybe\":[null,10]"),
         "maybe[1]: must be an integer between 0 and 9"},
        {&misc, "{\"memo\":\"abc\"}", NULL},
        {&misc, "{}", "memo: required"},
        {&misc, "{\"memo\":\"abcdef\"}", "memo: must be 0 to 5 characters"},
        {&misc, M(",\"pair\":[1,2]"), NULL},
        {&misc, M(",\"pair\":[1]"), "pair: must have 2 items"},
        {&misc, M(",\"pair\":[1,2.5]"), "pair[1]: must be a whole number"},
        {&misc, M(",\"any\":[{},[]]"), NULL},
        {&misc, M(",\"any\":[1,2,3]"), "any: must have 0 to 2 items"},
};

static void
test_check_cases(void **state)
{
	char err[ERRLEN];
	struct arena *a = arena_new();
	struct jv *v;
	size_t i;
	int rc;

	(void)state;
	for (i = 0; i < NELEM(check_cases); i++) {
		const struct ccase *c = &check_cases[i];

		if (parse(a, c->json, DEPTH, &v, err) != JV_OK)
			fail_msg("case %zu does not parse: %s", i, err);
		rc = js_check(c->schema, v, err, sizeof(err));
		if (c->msg == NULL && rc != 0)
			fail_msg("case %zu %s refused: %s", i, c->json, err);
		if (c->msg != NULL && rc != -1)
			fail_msg("case %zu %s accepted", i, c->json);
		if (c->msg != NULL && strcmp(err, c->msg) != 0)
			fail_msg("case %zu %s:\n got  %s\n want %s", i, c->json,
			         err, c->msg);
		if (c->msg == NULL)
			assert_string_equal(err, "");
	}
	arena_free(a);
}

/* ---- messages that do not fit ---- */

static void
test_check_message_cut_at_failure(void **state)
{
	/* title: required; price: must be a number, not a boolean;
	 * area_id: required */
	static const char json[] = "{\"price\":true}";
	static const char full[] = "title: required; price: must be a number, "
	                           "not a boolean; area_id: required";
	char err[ERRLEN];
	struct arena *a = arena_new();
	struct jv *v;

	(void)state;
	assert_int_equal(parse(a, json, DEPTH, &v, err), JV_OK);
	/* Exactly fits. */
	assert_int_equal(js_check(&house, v, err, sizeof(full)), -1);
	assert_string_equal(err, full);
	/* One byte short: cut after a whole failure. */
	assert_int_equal(js_check(&house, v, err, sizeof(full) - 1), -1);
	assert_string_equal(err, "title: required; price: must be a number, "
	                         "not a boolean; ...");
	assert_int_equal(js_check(&house, v, err, 40), -1);
	assert_string_equal(err, "title: required; ...");
	/* "title: required; ..." needs 21 bytes. */
	assert_int_equal(js_check(&house, v, err, 21), -1);
	assert_string_equal(err, "title: required; ...");
	/* Not even the first failure fits with the mark: as much as does. */
	assert_int_equal(js_check(&house, v, err, 20), -1);
	assert_string_equal(err, "title: required...");
	assert_int_equal(js_check(&house, v, err, 10), -1);
	assert_string_equal(err, "title:...");
	assert_int_equal(js_check(&house, v, err, 1), -1);
	assert_string_equal(err, "");
	/* No buffer at all: still refused. */
	assert_int_equal(js_check(&house, v, NULL, 0), -1);
	arena_free(a);
}

static void
test_check_many_failures(void **state)
{
	char json[8192], err[200];
	struct arena *a = arena_new();
	struct jv *v;
	size_t len = 0, i;
	static const char head[] = "{\"title\":\"x\",\"price\":1,"
	                           "\"area_id\":1,\"facility\":[";

	(void)state;
	memcpy(json, head, sizeof(head) - 1);
	len = sizeof(head) - 1;
	for (i = 0; i < 23; i++) {
		memcpy(json + len, i ? ",99" : "99", i ? 3 : 2);
		len += i ? 3 : 2;
	}
	memcpy(json + len, "]}", 3);
	len += 2;
	assert_true(len < sizeof(json));
	assert_int_equal(parse(a, json, DEPTH, &v, err), JV_OK);
	assert_int_equal(js_check(&house, v, err, sizeof(err)), -1);
	assert_true(strlen(err) < sizeof(err));
	assert_string_equal(err + strlen(err) - 5, "; ...");
	assert_int_equal(strncmp(err,
	                         "facility[0]: must be an integer between 1 "
	                         "and 23; facility[1]: ",
	                         62),
	                 0);
	arena_free(a);
}

/* ---- typed access ---- */

static void
test_getters_after_check(void **state)
{
	char err[ERRLEN];
	struct arena *a = arena_new();
	const struct jv *f, *t;
	struct jv *v;
	size_t n;

	(void)state;
	assert_int_equal(parse(a,
	                       H(",\"facility\":[1,\"2\",23],\"pets\":true,"
	                         "\"kind\":null"),
	                       DEPTH, &v, err),
	                 JV_OK);
	assert_int_equal(js_check(&house, v, err, sizeof(err)), 0);
	assert_string_equal(jv_str(jv_get(v, "title"), &n), "Two rooms");
	assert_int_equal(n, 9);
	assert_int_equal(jv_dec(jv_get(v, "price"), 2), 350050);
	assert_int_equal(jv_int(jv_get(v, "area_id")), 12);
	assert_int_equal(jv_bool(jv_get(v, "pets")), 1);
	f = jv_get(v, "facility");
	assert_int_equal(jv_len(f), 3);
	assert_int_equal(jv_int(jv_at(f, 0)), 1);
	assert_int_equal(jv_int(jv_at(f, 1)), 2);
	assert_int_equal(jv_int(jv_at(f, 2)), 23);
	assert_null(jv_at(f, 3));
	/* null is absent for jv_get, present for jv_member */
	assert_null(jv_get(v, "kind"));
	t = jv_member(v, "kind");
	assert_non_null(t);
	assert_int_equal(t->type, JV_NULL);
	assert_null(jv_get(v, "code"));
	assert_null(jv_member(v, "code"));
	arena_free(a);

	a = arena_new();
	assert_int_equal(
	        parse(a,
	              "{\"room_id\":9007199254740993,\"tenant\":{\"name\":"
	              "\"x\","
	              "\"age\":30},\"fees\":[{\"name\":\"rent\",\"amount\":"
	              "\"2500.5\"}]}",
	              DEPTH, &v, err),
	        JV_OK);
	assert_int_equal(js_check(&rental, v, err, sizeof(err)), 0);
	assert_int_equal(jv_int(jv_get(v, "room_id")), 9007199254740993LL);
	t = jv_get(v, "tenant");
	assert_int_equal(jv_int(jv_get(t, "age")), 30);
	f = jv_at(jv_get(v, "fees"), 0);
	assert_string_equal(jv_str(jv_get(f, "name"), NULL), "rent");
	assert_int_equal(jv_dec(jv_get(f, "amount"), 2), 250050);
	arena_free(a);
}

static void
test_getters_wrong_types_are_safe(void **state)
{
	char err[ERRLEN];
	struct arena *a = arena_new();
	const struct jv *s, *num, *b, *arr, *nul;
	struct jv *v;
	size_t n = 99;

	(void)state;
	assert_int_equal(parse(a,
	                       "{\"s\":\"abc\",\"n\":1.5,\"b\":true,\"a\":[1],"
	                       "\"z\":null}",
	                       DEPTH, &v, err),
	                 JV_OK);
	s = jv_get(v, "s");
	num = jv_get(v, "n");
	b = jv_get(v, "b");
	arr = jv_get(v, "a");
	nul = jv_member(v, "z");
	assert_int_equal(jv_int(NULL), 0);
	assert_int_equal(jv_int(s), 0);
	assert_int_equal(jv_int(num), 0); /* not an integer */
	assert_int_equal(jv_int(b), 0);
	assert_int_equal(jv_int(arr), 0);
	assert_int_equal(jv_int(nul), 0);
	assert_int_equal(jv_dec(NULL, 2), 0);
	assert_int_equal(jv_dec(b, 2), 0);
	assert_int_equal(jv_dec(num, 0), 0); /* too many fraction digits */
	assert_int_equal(jv_dec(num, 1), 15);
	assert_int_equal(jv_dec(num, -1), 0);
	assert_int_equal(jv_dec(num, 19), 0);
	assert_null(jv_str(num, &n));
	assert_int_equal(n, 0);
	assert_null(jv_str(NULL, NULL));
	assert_int_equal(jv_bool(NULL), 0);
	assert_int_equal(jv_bool(num), 0);
	assert_int_equal(jv_bool(s), 0);
	assert_int_equal(jv_len(NULL), 0);
	assert_int_equal(jv_len(s), 0);
	assert_int_equal(jv_len(v), 5);
	assert_null(jv_at(NULL, 0));
	assert_null(jv_at(v, 0)); /* an object is not an array */
	assert_null(jv_at(s, 0));
	assert_null(jv_get(NULL, "s"));
	assert_null(jv_get(arr, "s"));
	assert_null(jv_get(v, NULL));
	assert_null(jv_get(v, "S"));
	assert_null(jv_get(v, "ss"));
	arena_free(a);
}

static void
test_getters_numbers_exact(void **state)
{
	static const struct {
		const char *json;
		int scale;
		long long dec;
		long long i;
	} cases[] = {
	        {"0", 2, 0, 0},
	        {"-0", 2, 0, 0},
	        {"\"-0.00\"", 2, 0, 0},
	        {"12", 0, 12, 12},
	        {"\"12.5\"", 2, 1250, 0},
	        {"0.1", 1, 1, 0},
	        {"\"-0.5\"", 2, -50, 0},
	        {"19.99", 2, 1999, 0},
	        {"1e2", 2, 0, 0},
	        {"92233720368547758.07", 2, LLONG_MAX, 0},
	        {"92233720368547758.08", 2, 0, 0},
	        {"-92233720368547758.08", 2, LLONG_MIN, 0},
	        {"9223372036854775807", 0, LLONG_MAX, LLONG_MAX},
	        {"\"-9223372036854775808\"", 0, LLONG_MIN, LLONG_MIN},
	        {"9223372036854775808", 0, 0, 0},
	        {"0.000000000000000001", 18, 1, 0},
	        {"\"007\"", 0, 0, 0},
	};
	char err[ERRLEN];
	struct arena *a = arena_new();
	struct jv *v;
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(cases); i++) {
		assert_int_equal(parse(a, cases[i].json, DEPTH, &v, err),
		                 JV_OK);
		if (jv_dec(v, cases[i].scale) != cases[i].dec ||
		    jv_int(v) != cases[i].i)
			fail_msg("%s: dec %lld int %lld", cases[i].json,
			         jv_dec(v, cases[i].scale), jv_int(v));
	}
	arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_parse_accepts),
	        cmocka_unit_test(test_parse_refuses_syntax),
	        cmocka_unit_test(test_parse_error_names_byte),
	        cmocka_unit_test(test_parse_refuses_duplicates),
	        cmocka_unit_test(test_parse_distinct_names_in_big_object),
	        cmocka_unit_test(test_parse_long_duplicate_name_is_cut),
	        cmocka_unit_test(test_parse_depth_limit),
	        cmocka_unit_test(test_parse_deep_nesting_iterative),
	        cmocka_unit_test(test_parse_keeps_number_text),
	        cmocka_unit_test(test_parse_decodes_strings),
	        cmocka_unit_test(test_parse_tree_shape),
	        cmocka_unit_test(test_check_cases),
	        cmocka_unit_test(test_check_message_cut_at_failure),
	        cmocka_unit_test(test_check_many_failures),
	        cmocka_unit_test(test_getters_after_check),
	        cmocka_unit_test(test_getters_wrong_types_are_safe),
	        cmocka_unit_test(test_getters_numbers_exact),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
