/* Unit tests for lib/metrics.c.  The module's state is process-wide, so the
 * tests run in order: before metrics_init, then after it. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "metrics.h"

static struct resp_code codes[ST__MAX];
static const struct envelope env = {.name = "t", .codes = codes};
static int row_none, row_item;

static void
test_before_init_nothing_counts(void **state)
{
	struct buf b = {0};

	(void)state;
	assert_false(metrics_on());
	metrics_add(MET_WORKER_STARTS, 1);
	metrics_request(0, 200, ST_OK, 0.001);
	metrics_render(&b);
	assert_int_equal(b.len, 0);
	buf_free(&b);
	row_none = metrics_row("s", NULL, &env);
	row_item = metrics_row("s", "/item/{id}", &env);
	assert_int_equal(row_none, 0);
	assert_int_equal(row_item, 1);
	assert_int_equal(metrics_init(), 0);
	assert_true(metrics_on());
	/* The table is fixed once mapped. */
	assert_int_equal(metrics_row("s", "/late", &env), -1);
}

static void
test_requests_by_route_and_outcome(void **state)
{
	struct buf b = {0};

	(void)state;
	metrics_request(row_item, 200, ST_OK, 0.0004);
	metrics_request(row_item, 200, ST_OK, 0.003);
	metrics_request(row_item, 404, ST_NOT_FOUND, 20.0);
	metrics_request(row_none, 418, ST_NOT_FOUND, 0.001);
	metrics_request(99, 200, ST_OK, 0.001); /* no such row: ignored */
	metrics_render(&b);
	assert_non_null(strstr(b.p, "zufang_requests_total{surface=\"s\","
	                            "route=\"/item/{id}\",status=\"200\","
	                            "code=\"0\"} 2\n"));
	assert_non_null(strstr(b.p, "zufang_requests_total{surface=\"s\","
	                            "route=\"/item/{id}\",status=\"404\","
	                            "code=\"4\"} 1\n"));
	assert_non_null(strstr(b.p, "route=\"(unmatched)\",status=\"other\""));
	/* Cumulative buckets; +Inf and _count agree. */
	assert_non_null(strstr(b.p, "zufang_request_duration_seconds_bucket{"
	                            "surface=\"s\",route=\"/item/{id}\","
	                            "le=\"0.001\"} 1\n"));
	assert_non_null(strstr(b.p, "zufang_request_duration_seconds_bucket{"
	                            "surface=\"s\",route=\"/item/{id}\","
	                            "le=\"10\"} 2\n"));
	assert_non_null(strstr(b.p, "zufang_request_duration_seconds_bucket{"
	                            "surface=\"s\",route=\"/item/{id}\","
	                            "le=\"+Inf\"} 3\n"));
	assert_non_null(strstr(b.p, "zufang_request_duration_seconds_count{"
	                            "surface=\"s\",route=\"/item/{id}\"} 3\n"));
	assert_non_null(strstr(b.p, "zufang_request_duration_seconds_sum{"
	                            "surface=\"s\",route=\"/item/{id}\"} "
	                            "20.003400\n"));
	buf_free(&b);
}

static void
test_children_add_to_the_same_counters(void **state)
{
	struct buf b = {0};
	int i, st;

	(void)state;
	for (i = 0; i < 4; i++) {
		pid_t pid = fork();

		assert_true(pid >= 0);
		if (pid == 0) {
			int k;

			for (k = 0; k < 1000; k++)
				metrics_add(MET_UPLOAD_BYTES, 3);
			metrics_sms(MS_IP_DAY);
			metrics_call(MP_SMS, MC_TRANSPORT, 0.2);
			_exit(0);
		}
	}
	for (i = 0; i < 4; i++) {
		assert_true(wait(&st) > 0);
		assert_int_equal(st, 0);
	}
	metrics_render(&b);
	assert_non_null(strstr(b.p, "\nzufang_upload_bytes_total 12000\n"));
	assert_non_null(
	        strstr(b.p, "zufang_sms_total{outcome=\"ip_daily\"} 4\n"));
	assert_non_null(strstr(b.p,
	                       "zufang_third_party_calls_total{peer=\"sms\","
	                       "outcome=\"transport\"} 4\n"));
	assert_non_null(strstr(b.p, "# TYPE zufang_third_party_call_duration_"
	                            "seconds histogram\n"));
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_before_init_nothing_counts),
	        cmocka_unit_test(test_requests_by_route_and_outcome),
	        cmocka_unit_test(test_children_add_to_the_same_counters),
	};
	size_t i;

	for (i = 0; i < ST__MAX; i++)
		codes[i].code = "9";
	codes[ST_OK].code = "0";
	codes[ST_NOT_FOUND].code = "4";
	return cmocka_run_group_tests(tests, NULL, NULL);
}
