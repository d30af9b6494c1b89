/* Unit tests for lib/arena.c. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "arena.h"

static int
is_zero(const unsigned char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] != 0)
			return 0;
	return 1;
}

static void
test_alloc_is_aligned_16(void **state)
{
	static const size_t sizes[] = {1, 3, 7, 8, 15, 16, 17, 33, 100, 4095};
	struct arena *a = arena_new();
	size_t i, round;
	void *p;

	(void)state;
	for (round = 0; round < 20; round++) {
		for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
			p = arena_alloc(a, sizes[i]);
			assert_int_equal((uintptr_t)p % 16, 0);
		}
	}
	arena_free(a);
}

static void
test_alloc_is_zeroed_and_disjoint(void **state)
{
	struct arena *a = arena_new();
	unsigned char *p, *q;

	(void)state;
	p = arena_alloc(a, 100);
	assert_true(is_zero(p, 100));
	memset(p, 0xee, 100);
	q = arena_alloc(a, 100);
	assert_true(is_zero(q, 100));
	assert_true(q >= p + 100 || q + 100 <= p);
	arena_free(a);
}

static void
test_big_allocations(void **state)
{
	struct arena *a = arena_new();
	unsigned char *small, *big, *big2, *after;

	(void)state;
	small = arena_alloc(a, 10);
	memset(small, 1, 10);
	big = arena_alloc(a, 1 << 20);
	assert_int_equal((uintptr_t)big % 16, 0);
	assert_true(is_zero(big, 1 << 20));
	memset(big, 2, 1 << 20);
	big2 = arena_alloc(a, 100000);
	assert_int_equal((uintptr_t)big2 % 16, 0);
	memset(big2, 3, 100000);
	/* The current block stays in use after a big allocation. */
	after = arena_alloc(a, 10);
	assert_true(after > small && after < small + 16384);
	memset(after, 4, 10);
	assert_int_equal(small[9], 1);
	assert_int_equal(big[(1 << 20) - 1], 2);
	assert_int_equal(big2[0], 3);
	arena_free(a);
}

static void
test_many_blocks(void **state)
{
	struct arena *a = arena_new();
	unsigned char *p[200];
	size_t i;

	(void)state;
	/* 200 * 4000 bytes needs many blocks; all must stay valid. */
	for (i = 0; i < 200; i++) {
		p[i] = arena_alloc(a, 4000);
		assert_int_equal((uintptr_t)p[i] % 16, 0);
		memset(p[i], (int)i, 4000);
	}
	for (i = 0; i < 200; i++) {
		assert_int_equal(p[i][0], (unsigned char)i);
		assert_int_equal(p[i][3999], (unsigned char)i);
	}
	arena_free(a);
}

static void
test_reset_reuses_first_block(void **state)
{
	struct arena *a = arena_new();
	unsigned char *first, *again;
	size_t i;

	(void)state;
	first = arena_alloc(a, 64);
	memset(first, 0x55, 64);
	for (i = 0; i < 50; i++)
		(void)arena_alloc(a, 3000);
	(void)arena_alloc(a, 50000);
	arena_reset(a);
	again = arena_alloc(a, 64);
	assert_ptr_equal(again, first);
	assert_true(is_zero(again, 64));
	/* And it keeps working after the reset. */
	for (i = 0; i < 50; i++)
		memset(arena_alloc(a, 3000), 1, 3000);
	arena_reset(a);
	arena_reset(a);
	arena_free(a);
}

static void
test_alloc_zero_bytes(void **state)
{
	struct arena *a = arena_new();
	void *p, *q;

	(void)state;
	p = arena_alloc(a, 0);
	q = arena_alloc(a, 0);
	assert_non_null(p);
	assert_non_null(q);
	arena_free(a);
}

static void
test_strndup_and_strdup(void **state)
{
	struct arena *a = arena_new();
	char *s;

	(void)state;
	s = arena_strndup(a, "abcdef", 3);
	assert_string_equal(s, "abc");
	s = arena_strndup(a, "a\0c", 3);
	assert_memory_equal(s, "a\0c\0", 4);
	s = arena_strndup(a, "", 0);
	assert_string_equal(s, "");
	s = arena_strdup(a, "\xe5\x8c\x97\xe4\xba\xac");
	assert_string_equal(s, "\xe5\x8c\x97\xe4\xba\xac");
	arena_free(a);
}

static void
test_printf(void **state)
{
	struct arena *a = arena_new();
	char *s;

	(void)state;
	s = arena_printf(a, "%s:%d", "user", 42);
	assert_string_equal(s, "user:42");
	s = arena_printf(a, "%020000d", 7);
	assert_int_equal(strlen(s), 20000);
	assert_int_equal(s[19999], '7');
	s = arena_printf(a, "%s", "");
	assert_string_equal(s, "");
	arena_free(a);
}

static void
test_free_null(void **state)
{
	(void)state;
	arena_free(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_alloc_is_aligned_16),
	        cmocka_unit_test(test_alloc_is_zeroed_and_disjoint),
	        cmocka_unit_test(test_big_allocations),
	        cmocka_unit_test(test_many_blocks),
	        cmocka_unit_test(test_reset_reuses_first_block),
	        cmocka_unit_test(test_alloc_zero_bytes),
	        cmocka_unit_test(test_strndup_and_strdup),
	        cmocka_unit_test(test_printf),
	        cmocka_unit_test(test_free_null),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
