/* Unit tests for app/vlist.c: '|'-separated lists. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "vlist.h"

#define ERRLEN   256
#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* ---- vlist_ints ---- */

struct ints_ok {
	const char *s;
	size_t count;
	long long v[4];
};

static void
test_ints_accepts(void **state)
{
	static const struct ints_ok ok[] = {
	        {"1", 1, {1}},
	        {"12", 1, {12}},
	        {"1|2|3", 3, {1, 2, 3}},
	        {"3|1", 2, {3, 1}},
	        {"12|1|7|5", 4, {12, 1, 7, 5}},
	};
	long long v[12];
	char err[ERRLEN];
	size_t i, j, k;

	(void)state;
	for (i = 0; i < NELEM(ok); i++) {
		k = 99;
		assert_int_equal(vlist_ints(ok[i].s, strlen(ok[i].s), 1, 12, 12,
		                            v, &k, err, sizeof(err)),
		                 0);
		assert_int_equal(k, ok[i].count);
		for (j = 0; j < k; j++)
			assert_int_equal(v[j], ok[i].v[j]);
	}
}

static void
test_ints_refuses(void **state)
{
	static const char *const bad[] = {
	        "",
	        "|",
	        "1|",
	        "|1",
	        "1||2",
	        "0",
	        "13",
	        "-1",
	        "01",
	        "1 |2",
	        " 1",
	        "1,2",
	        "a",
	        "1|a",
	        "1.0",
	        "+1",
	        "1|13",
	        "1|0",
	        "999999999999999999999",
	        "1|2|",
	        "||",
	        "1|-",
	};
	long long v[12];
	char err[ERRLEN];
	size_t i, k;

	(void)state;
	for (i = 0; i < NELEM(bad); i++) {
		err[0] = '\0';
		assert_int_equal(vlist_ints(bad[i], strlen(bad[i]), 1, 12, 12,
		                            v, &k, err, sizeof(err)),
		                 -1);
		assert_string_equal(err, "must be integers between 1 and 12 "
		                         "separated by | (e.g. 1|2)");
	}
}

static void
test_ints_refuses_repeats(void **state)
{
	long long v[12];
	char err[ERRLEN];
	size_t k;

	(void)state;
	assert_int_equal(
	        vlist_ints("1|2|1", 5, 1, 12, 12, v, &k, err, sizeof(err)), -1);
	assert_string_equal(err, "must not repeat 1");
	assert_int_equal(vlist_ints("3|3", 3, 1, 8, 8, v, &k, err, sizeof(err)),
	                 -1);
	assert_string_equal(err, "must not repeat 3");
}

static void
test_ints_limits_items(void **state)
{
	long long v[2];
	char err[ERRLEN];
	size_t k;

	(void)state;
	assert_int_equal(vlist_ints("1|2", 3, 1, 9, 2, v, &k, err, sizeof(err)),
	                 0);
	assert_int_equal(k, 2);
	assert_int_equal(
	        vlist_ints("1|2|3", 5, 1, 9, 2, v, &k, err, sizeof(err)), -1);
	assert_string_equal(err, "must have at most 2 items");
}

static void
test_ints_not_nul_terminated(void **state)
{
	const char s[] = "1|23";
	long long v[4];
	size_t k;

	(void)state;
	/* Only "1|2" is looked at. */
	assert_int_equal(vlist_ints(s, 3, 1, 9, 4, v, &k, NULL, 0), 0);
	assert_int_equal(k, 2);
	assert_int_equal(v[1], 2);
}

/* ---- vlist_join ---- */

static void
test_join_sorts(void **state)
{
	long long v[4] = {12, 1, 7, 5};
	char out[32];

	(void)state;
	assert_int_equal(vlist_join(v, 4, out, sizeof(out)), 0);
	assert_string_equal(out, "1|5|7|12");
	assert_int_equal(vlist_join(v, 1, out, sizeof(out)), 0);
	assert_string_equal(out, "1");
	assert_int_equal(vlist_join(v, 0, out, sizeof(out)), 0);
	assert_string_equal(out, "");
}

static void
test_join_too_small(void **state)
{
	long long v[3] = {10, 11, 12};
	char out[9];

	(void)state;
	/* "10|11|12" needs 9 bytes. */
	assert_int_equal(vlist_join(v, 3, out, sizeof(out) - 1), -1);
	assert_string_equal(out, "");
	assert_int_equal(vlist_join(v, 3, out, sizeof(out)), 0);
	assert_string_equal(out, "10|11|12");
}

/* ---- vlist_texts ---- */

static void
test_texts_accepts(void **state)
{
	static const char *const ok[] = {
	        "近地铁",
	        "近地铁|可养宠物",
	        "a|b|c",
	        "精装修 拎包入住",
	        "0123456789abcdefghij", /* 20 characters */
	        "一二三四五六七八九十一二三四五六七八九十",
	        "1|2|3|4|5|6|7|8|9|10",
	};
	char err[ERRLEN];
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(ok); i++)
		assert_int_equal(vlist_texts(ok[i], strlen(ok[i]), 10, 20, err,
		                             sizeof(err)),
		                 0);
}

static void
test_texts_refuses(void **state)
{
	static const char *const bad[] = {
	        "",
	        "|",
	        "a|",
	        "|a",
	        "a||b",
	        "a,b",
	        "a\tb",
	        "a\nb",
	        "0123456789abcdefghijk", /* 21 characters */
	        "一二三四五六七八九十一二三四五六七八九十一",
	};
	char err[ERRLEN];
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(bad); i++) {
		err[0] = '\0';
		assert_int_equal(vlist_texts(bad[i], strlen(bad[i]), 10, 20,
		                             err, sizeof(err)),
		                 -1);
		assert_string_equal(err, "must be 1 to 10 items of 1 to 20 "
		                         "characters (no commas) separated by "
		                         "|");
	}
}

static void
test_texts_repeats_and_count(void **state)
{
	const char *eleven = "1|2|3|4|5|6|7|8|9|10|11";
	char err[ERRLEN];

	(void)state;
	assert_int_equal(vlist_texts("近地铁|南北通透|近地铁",
	                             strlen("近地铁|南北通透|近地铁"), 10, 20,
	                             err, sizeof(err)),
	                 -1);
	assert_string_equal(err, "must not repeat an item");
	assert_int_equal(
	        vlist_texts(eleven, strlen(eleven), 10, 20, err, sizeof(err)),
	        -1);
	assert_string_equal(err, "must have at most 10 items");
	/* Different items that share a prefix are distinct. */
	assert_int_equal(vlist_texts("ab|abc|a", 8, 10, 20, err, sizeof(err)),
	                 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_ints_accepts),
	        cmocka_unit_test(test_ints_refuses),
	        cmocka_unit_test(test_ints_refuses_repeats),
	        cmocka_unit_test(test_ints_limits_items),
	        cmocka_unit_test(test_ints_not_nul_terminated),
	        cmocka_unit_test(test_join_sorts),
	        cmocka_unit_test(test_join_too_small),
	        cmocka_unit_test(test_texts_accepts),
	        cmocka_unit_test(test_texts_refuses),
	        cmocka_unit_test(test_texts_repeats_and_count),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
