/* Unit tests for lib/buf.c. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "buf.h"

static void
test_add_keeps_nul(void **state)
{
	struct buf b = {0};

	(void)state;
	buf_add(&b, "abc", 3);
	assert_int_equal(b.len, 3);
	assert_string_equal(b.p, "abc");
	buf_adds(&b, "def");
	buf_addc(&b, 'g');
	assert_int_equal(b.len, 7);
	assert_string_equal(b.p, "abcdefg");
	assert_true(b.cap > b.len);
	buf_free(&b);
}

static void
test_add_binary_with_nul(void **state)
{
	struct buf b = {0};

	(void)state;
	buf_add(&b, "a\0b", 3);
	assert_int_equal(b.len, 3);
	assert_memory_equal(b.p, "a\0b\0", 4);
	buf_free(&b);
}

static void
test_add_nothing_to_empty(void **state)
{
	struct buf b = {0};

	(void)state;
	buf_add(&b, NULL, 0);
	assert_non_null(b.p);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.p, "");
	buf_free(&b);
}

static void
test_add_grows_across_many_appends(void **state)
{
	struct buf b = {0};
	size_t i;

	(void)state;
	for (i = 0; i < 10000; i++)
		buf_addc(&b, (char)('a' + i % 26));
	assert_int_equal(b.len, 10000);
	assert_int_equal(strlen(b.p), 10000);
	for (i = 0; i < 10000; i++)
		assert_int_equal(b.p[i], 'a' + i % 26);
	buf_free(&b);
}

static void
test_addf_formats(void **state)
{
	struct buf b = {0};

	(void)state;
	buf_addf(&b, "%d-%s-%zu", 42, "x", (size_t)7);
	assert_string_equal(b.p, "42-x-7");
	buf_addf(&b, "%s", "");
	assert_string_equal(b.p, "42-x-7");
	assert_int_equal(b.len, 6);
	buf_free(&b);
}

static void
test_addf_grows_past_initial_capacity(void **state)
{
	struct buf b = {0};
	char want[1001];

	(void)state;
	buf_adds(&b, "x");
	buf_addf(&b, "%0999d", 5);
	assert_int_equal(b.len, 1000);
	memset(want, '0', 1000);
	want[0] = 'x';
	want[999] = '5';
	want[1000] = '\0';
	assert_string_equal(b.p, want);
	buf_free(&b);
}

static void
test_urlenc_unreserved_kept(void **state)
{
	static const char s[] = "AZaz09-._~";
	struct buf b = {0};

	(void)state;
	buf_add_urlenc(&b, s, strlen(s));
	assert_string_equal(b.p, s);
	buf_free(&b);
}

static void
test_urlenc_reserved_encoded(void **state)
{
	static const char s[] = " !#$&'()*+,/:;=?@[]%\"<>\n";
	struct buf b = {0};

	(void)state;
	buf_add_urlenc(&b, s, strlen(s));
	assert_string_equal(b.p, "%20%21%23%24%26%27%28%29%2A%2B%2C%2F%3A%3B"
	                         "%3D%3F%40%5B%5D%25%22%3C%3E%0A");
	buf_free(&b);
}

static void
test_urlenc_utf8_bytes(void **state)
{
	struct buf b = {0};

	(void)state;
	buf_adds(&b, "q=");
	/* 北京 and an emoji, byte by byte in upper-case hex. */
	buf_add_urlenc(&b, "\xe5\x8c\x97\xe4\xba\xac\xf0\x9f\x8f\xa0", 10);
	assert_string_equal(b.p, "q=%E5%8C%97%E4%BA%AC%F0%9F%8F%A0");
	buf_free(&b);
}

static void
test_urlenc_nul_and_high_bytes(void **state)
{
	struct buf b = {0};

	(void)state;
	buf_add_urlenc(&b, "\0\xff", 2);
	assert_string_equal(b.p, "%00%FF");
	buf_free(&b);
}

static void
test_reset_keeps_memory(void **state)
{
	struct buf b = {0};
	size_t cap;

	(void)state;
	buf_adds(&b, "hello world");
	cap = b.cap;
	buf_reset(&b);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, cap);
	assert_string_equal(b.p, "");
	buf_adds(&b, "again");
	assert_string_equal(b.p, "again");
	buf_free(&b);
}

static void
test_free_then_reuse(void **state)
{
	struct buf b = {0};

	(void)state;
	buf_adds(&b, "one");
	buf_free(&b);
	assert_null(b.p);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, 0);
	buf_adds(&b, "two");
	assert_string_equal(b.p, "two");
	buf_free(&b);
	buf_free(&b);
}

static void
test_take_hands_over_contents(void **state)
{
	struct buf b = {0};
	size_t len = 0;
	char *p;

	(void)state;
	buf_adds(&b, "taken");
	p = buf_take(&b, &len);
	assert_string_equal(p, "taken");
	assert_int_equal(len, 5);
	assert_null(b.p);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, 0);
	free(p);
	buf_adds(&b, "fresh");
	assert_string_equal(b.p, "fresh");
	buf_free(&b);
}

static void
test_take_of_empty_is_empty_string(void **state)
{
	struct buf b = {0};
	size_t len = 99;
	char *p;

	(void)state;
	p = buf_take(&b, &len);
	assert_non_null(p);
	assert_string_equal(p, "");
	assert_int_equal(len, 0);
	free(p);
	p = buf_take(&b, NULL);
	assert_string_equal(p, "");
	free(p);
}

static void
test_xstrndup(void **state)
{
	char *p;

	(void)state;
	p = xstrndup("abcdef", 3);
	assert_string_equal(p, "abc");
	free(p);
	p = xstrdup("");
	assert_string_equal(p, "");
	free(p);
	p = xcalloc(4, 4);
	assert_memory_equal(p, (char[16]){0}, 16);
	free(p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_add_keeps_nul),
	        cmocka_unit_test(test_add_binary_with_nul),
	        cmocka_unit_test(test_add_nothing_to_empty),
	        cmocka_unit_test(test_add_grows_across_many_appends),
	        cmocka_unit_test(test_addf_formats),
	        cmocka_unit_test(test_addf_grows_past_initial_capacity),
	        cmocka_unit_test(test_urlenc_unreserved_kept),
	        cmocka_unit_test(test_urlenc_reserved_encoded),
	        cmocka_unit_test(test_urlenc_utf8_bytes),
	        cmocka_unit_test(test_urlenc_nul_and_high_bytes),
	        cmocka_unit_test(test_reset_keeps_memory),
	        cmocka_unit_test(test_free_then_reuse),
	        cmocka_unit_test(test_take_hands_over_contents),
	        cmocka_unit_test(test_take_of_empty_is_empty_string),
	        cmocka_unit_test(test_xstrndup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
