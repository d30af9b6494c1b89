/* Unit tests for app/rentcalc.c: bill periods by calendar months and the
 * bill total in fen (rental.md 5), table-driven. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include <cmocka.h>

#include "rentcalc.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static void
test_add_months(void **state)
{
	static const struct {
		struct rdate begin;
		int k;
		struct rdate want;
	} vec[] = {
	        {{2024, 1, 31}, 0, {2024, 1, 31}},
	        {{2024, 1, 31}, 1, {2024, 2, 29}}, /* leap year */
	        {{2023, 1, 31}, 1, {2023, 2, 28}},
	        {{2024, 1, 31}, 2, {2024, 3, 31}}, /* from begin, not chained */
	        {{2024, 1, 31}, 3, {2024, 4, 30}},
	        {{2024, 1, 31}, 4, {2024, 5, 31}},
	        {{2024, 1, 31}, 13, {2025, 2, 28}},
	        {{2024, 1, 31}, 11, {2024, 12, 31}},
	        {{2024, 1, 31}, 12, {2025, 1, 31}},
	        {{2024, 2, 29}, 12, {2025, 2, 28}},
	        {{2024, 2, 29}, 48, {2028, 2, 29}},
	        {{1900, 1, 31}, 1, {1900, 2, 28}}, /* 1900: no leap year */
	        {{2000, 1, 31}, 1, {2000, 2, 29}}, /* 2000: leap year */
	        {{2024, 3, 31}, 1, {2024, 4, 30}},
	        {{2024, 8, 31}, 1, {2024, 9, 30}},
	        {{2024, 12, 31}, 2, {2025, 2, 28}},
	        {{2024, 5, 15}, 1, {2024, 6, 15}},
	        {{2024, 12, 1}, 1, {2025, 1, 1}},
	        {{2024, 10, 30}, 4, {2025, 2, 28}},
	        {{2024, 1, 1}, 120, {2034, 1, 1}},
	};
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(vec); i++) {
		struct rdate got = rent_add_months(vec[i].begin, vec[i].k);

		if (got.y != vec[i].want.y || got.m != vec[i].want.m ||
		    got.d != vec[i].want.d)
			fail_msg("%04d-%02d-%02d + %d months: got %04d-%02d-%02d",
			         vec[i].begin.y, vec[i].begin.m, vec[i].begin.d,
			         vec[i].k, got.y, got.m, got.d);
	}
}

static void
test_days(void **state)
{
	static const struct {
		struct rdate d;
		long long days;
	} vec[] = {
	        {{1970, 1, 1}, 0},      {{1970, 1, 2}, 1},
	        {{1969, 12, 31}, -1},   {{2000, 3, 1}, 11017},
	        {{2024, 2, 29}, 19782}, {{2024, 3, 1}, 19783},
	        {{2038, 1, 19}, 24855}, {{1900, 3, 1}, -25508},
	};
	long long n;
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(vec); i++) {
		struct rdate back = rent_from_days(vec[i].days);

		assert_int_equal(rent_days(vec[i].d), vec[i].days);
		assert_int_equal(back.y, vec[i].d.y);
		assert_int_equal(back.m, vec[i].d.m);
		assert_int_equal(back.d, vec[i].d.d);
	}
	/* Round trips across four centuries. */
	for (n = -80000; n < 80000; n += 37) {
		struct rdate d = rent_from_days(n);

		assert_int_equal(rent_days(d), n);
		assert_true(d.d >= 1 && d.d <= rent_month_days(d.y, d.m));
	}
}

static void
test_month_days(void **state)
{
	(void)state;
	assert_int_equal(rent_month_days(2024, 2), 29);
	assert_int_equal(rent_month_days(2023, 2), 28);
	assert_int_equal(rent_month_days(2100, 2), 28);
	assert_int_equal(rent_month_days(2400, 2), 29);
	assert_int_equal(rent_month_days(2024, 4), 30);
	assert_int_equal(rent_month_days(2024, 12), 31);
	assert_int_equal(rent_month_days(2024, 13), 0);
}

static void
test_usage(void **state)
{
	static const struct {
		long long price, from, to, want;
	} vec[] = {
	        {500, 1000, 1065, 3250},     /* 5.00/m3 x 6.5 m3 */
	        {120, 20000, 21234, 14808},  /* 1.20/kWh x 123.4 kWh */
	        {0, 0, 100, 0},              {100, 50, 50, 0},
	        {1, 0, 5, 1},                /* 0.5 fen: half up */
	        {1, 0, 4, 0},                /* 0.4 fen: down */
	        {3, 0, 5, 2},                /* 1.5 fen: half up */
	        {333, 0, 1, 33},             /* 33.3 fen */
	        {335, 0, 1, 34},             /* 33.5 fen: half up */
	        {100000000, 0, 100000000, 1000000000000000LL},
	};
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(vec); i++)
		if (rent_usage_fen(vec[i].price, vec[i].from, vec[i].to) !=
		    vec[i].want)
			fail_msg("%lld x (%lld - %lld): got %lld, want %lld",
			         vec[i].price, vec[i].to, vec[i].from,
			         rent_usage_fen(vec[i].price, vec[i].from,
			                        vec[i].to),
			         vec[i].want);
}

static void
test_total(void **state)
{
	static const struct {
		struct rent_bill b;
		long long want;
	} vec[] = {
	        /* rental.md 5's worked example: 1460.58 yuan. */
	        {{120000, 5000, 3000, 0, 500, 1000, 1065, 120, 20000, 21234},
	         146058},
	        /* The same with a merged bill's total carried. */
	        {{120000, 5000, 3000, 146058, 500, 1000, 1065, 120, 20000,
	          21234},
	         292116},
	        /* No use at all. */
	        {{80000, 0, 0, 0, 500, 300, 300, 120, 900, 900}, 80000},
	        /* Half fen on both meters: each rounds up. */
	        {{0, 0, 0, 0, 1, 0, 5, 1, 0, 5}, 2},
	};
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(vec); i++)
		assert_int_equal(rent_bill_total(&vec[i].b), vec[i].want);
}

/* Fixed-point amounts as JSON number text. */
static void
test_json(void **state)
{
	static const struct {
		long long v;
		int yuan;
		const char *want;
	} vec[] = {
	        {0, 1, "0"},
	        {1, 1, "0.01"},
	        {10, 1, "0.1"},
	        {20000, 1, "200"},
	        {1250, 1, "12.5"},
	        {146058, 1, "1460.58"},
	        {100000000, 1, "1000000"},
	        {-5, 1, "-0.05"},
	        {0, 0, "0"},
	        {1065, 0, "106.5"},
	        {20000, 0, "2000"},
	        {7, 0, "0.7"},
	};
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(vec); i++) {
		cJSON *j = vec[i].yuan ? rent_yuan_json(vec[i].v)
		                       : rent_tenths_json(vec[i].v);
		char *s = cJSON_PrintUnformatted(j);

		assert_string_equal(s, vec[i].want);
		cJSON_free(s);
		cJSON_Delete(j);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_add_months),
	        cmocka_unit_test(test_days),
	        cmocka_unit_test(test_month_days),
	        cmocka_unit_test(test_usage),
	        cmocka_unit_test(test_total),
	        cmocka_unit_test(test_json),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
