/* Unit tests for lib/valid.c. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "valid.h"

#define ERRLEN   256
#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* 2024-06-15 12:00:00 UTC, and the last second of that day. */
#define NOON_20240615 ((time_t)1718452800)
#define LAST_20240615 ((time_t)1718495999)

/* ---- valid_utf8 / valid_utf8_chars ---- */

struct bytes {
	const char *s;
	size_t n;
};

#define B(lit)                                                                 \
	{                                                                      \
		lit, sizeof(lit) - 1                                           \
	}

static void
test_utf8_accepts_well_formed(void **state)
{
	static const struct bytes ok[] = {
	        B(""),
	        B("plain ascii"),
	        B("\xc2\x80"),                 /* U+0080, smallest 2-byte */
	        B("\xdf\xbf"),                 /* U+07FF */
	        B("\xe0\xa0\x80"),             /* U+0800, smallest 3-byte */
	        B("\xe4\xb8\xad\xe6\x96\x87"), /* 中文 */
	        B("\xed\x9f\xbf"),             /* U+D7FF, below surrogates */
	        B("\xee\x80\x80"),             /* U+E000, above surrogates */
	        B("\xef\xbf\xbf"),             /* U+FFFF */
	        B("\xf0\x90\x80\x80"),         /* U+10000, smallest 4-byte */
	        B("\xf0\x9f\x98\x80"),         /* U+1F600 emoji */
	        B("\xf4\x8f\xbf\xbf"),         /* U+10FFFF, the last */
	};
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(ok); i++)
		assert_int_equal(valid_utf8(ok[i].s, ok[i].n), 1);
}

static void
test_utf8_refuses_overlongs(void **state)
{
	static const struct bytes bad[] = {
	        B("\xc0\x80"),     B("\xc1\xbf"),         B("\xe0\x80\x80"),
	        B("\xe0\x9f\xbf"), B("\xf0\x80\x80\x80"), B("\xf0\x8f\xbf\xbf"),
	};
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(bad); i++)
		assert_int_equal(valid_utf8(bad[i].s, bad[i].n), 0);
}

static void
test_utf8_refuses_surrogates(void **state)
{
	(void)state;
	assert_int_equal(valid_utf8("\xed\xa0\x80", 3), 0); /* U+D800 */
	assert_int_equal(valid_utf8("\xed\xbf\xbf", 3), 0); /* U+DFFF */
	/* A CESU-8 encoded surrogate pair. */
	assert_int_equal(valid_utf8("\xed\xa0\xbd\xed\xb8\x80", 6), 0);
}

static void
test_utf8_refuses_past_10ffff(void **state)
{
	(void)state;
	assert_int_equal(valid_utf8("\xf4\x90\x80\x80", 4), 0);
	assert_int_equal(valid_utf8("\xf7\xbf\xbf\xbf", 4), 0);
}

static void
test_utf8_refuses_f5_to_ff(void **state)
{
	char s[4] = {0, '\x80', '\x80', '\x80'};
	int c;

	(void)state;
	for (c = 0xf5; c <= 0xff; c++) {
		s[0] = (char)c;
		assert_int_equal(valid_utf8(s, 1), 0);
		assert_int_equal(valid_utf8(s, 4), 0);
	}
}

static void
test_utf8_refuses_truncated(void **state)
{
	static const struct bytes bad[] = {
	        B("\xc3"),
	        B("\xe4\xb8"),
	        B("\xf0\x9f\x98"),
	        B("a\xe4\xb8"),
	        B("\xe4\xb8z"),
	        B("\xf0\x9f\x98z"),
	        B("\xe4\xb8\xe4\xb8\xad"),
	};
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(bad); i++)
		assert_int_equal(valid_utf8(bad[i].s, bad[i].n), 0);
}

static void
test_utf8_refuses_stray_continuation(void **state)
{
	(void)state;
	assert_int_equal(valid_utf8("\x80", 1), 0);
	assert_int_equal(valid_utf8("a\xbf", 2), 0);
	assert_int_equal(valid_utf8("\xc3\xa9\xa9", 3), 0);
}

static void
test_utf8_refuses_nul(void **state)
{
	(void)state;
	assert_int_equal(valid_utf8("a\0b", 3), 0);
	assert_int_equal(valid_utf8("\0", 1), 0);
}

static void
test_utf8_chars_counts_code_points(void **state)
{
	(void)state;
	assert_int_equal(valid_utf8_chars("", 0), 0);
	assert_int_equal(valid_utf8_chars("abc", 3), 3);
	assert_int_equal(valid_utf8_chars("\xe4\xb8\xad\xe6\x96\x87", 6), 2);
	assert_int_equal(valid_utf8_chars("\xf0\x9f\x98\x80", 4), 1);
	assert_int_equal(valid_utf8_chars("a\xc3\xa9\xf0\x9f\x98\x80z", 8), 4);
}

/* ---- valid_int ---- */

struct int_case {
	const char *s;
	long long min, max, want;
};

static void
test_int_accepts(void **state)
{
	static const struct int_case ok[] = {
	        {"0", 0, 100, 0},
	        {"100", 0, 100, 100},
	        {"-5", -10, 10, -5},
	        {"-0", -10, 10, 0},
	        {"42", LLONG_MIN, LLONG_MAX, 42},
	        {"9223372036854775807", LLONG_MIN, LLONG_MAX, LLONG_MAX},
	        {"-9223372036854775808", LLONG_MIN, LLONG_MAX, LLONG_MIN},
	};
	char err[ERRLEN];
	long long v;
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(ok); i++) {
		v = 12345;
		assert_int_equal(valid_int(ok[i].s, strlen(ok[i].s), ok[i].min,
		                           ok[i].max, &v, err, sizeof(err)),
		                 0);
		assert_true(v == ok[i].want);
	}
}

static void
test_int_refuses_malformed(void **state)
{
	static const char *const bad[] = {
	        "",    "-",   "+1",   "007", "00", "-01", " 1",           "1 ",
	        "1.0", "1e3", "0x10", "abc", "1a", "--1", "\xef\xbc\x91",
	};
	char err[ERRLEN];
	long long v = 7;
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(bad); i++) {
		err[0] = '\0';
		assert_int_equal(valid_int(bad[i], strlen(bad[i]), -100, 100,
		                           &v, err, sizeof(err)),
		                 -1);
		assert_string_equal(err,
		                    "must be an integer between -100 and 100");
		assert_true(v == 7);
	}
}

static void
test_int_refuses_out_of_range(void **state)
{
	char err[ERRLEN];
	long long v;

	(void)state;
	assert_int_equal(valid_int("101", 3, 0, 100, &v, err, sizeof(err)), -1);
	assert_string_equal(err, "must be an integer between 0 and 100");
	assert_int_equal(valid_int("-1", 2, 0, 100, &v, err, sizeof(err)), -1);
	assert_string_equal(err, "must be an integer between 0 and 100");
}

static void
test_int_refuses_overflow(void **state)
{
	char err[ERRLEN];
	long long v;

	(void)state;
	assert_int_equal(valid_int("9223372036854775808", 19, LLONG_MIN,
	                           LLONG_MAX, &v, err, sizeof(err)),
	                 -1);
	assert_int_equal(valid_int("-9223372036854775809", 20, LLONG_MIN,
	                           LLONG_MAX, &v, err, sizeof(err)),
	                 -1);
	assert_int_equal(valid_int("99999999999999999999999", 23, LLONG_MIN,
	                           LLONG_MAX, &v, err, sizeof(err)),
	                 -1);
	assert_string_equal(err, "must be an integer between "
	                         "-9223372036854775808 and "
	                         "9223372036854775807");
}

static void
test_int_reads_only_n_bytes(void **state)
{
	char err[ERRLEN];
	long long v;

	(void)state;
	assert_int_equal(valid_int("12x", 2, 0, 100, &v, err, sizeof(err)), 0);
	assert_true(v == 12);
}

static void
test_int_small_err_buffer_is_terminated(void **state)
{
	/* Cut, terminated, and marked as cut. */
	char err[8];

	(void)state;
	memset(err, 'z', sizeof(err));
	assert_int_equal(valid_int("x", 1, 0, 1, NULL, err, sizeof(err)), -1);
	assert_string_equal(err, "must...");
	assert_int_equal(valid_int("x", 1, 0, 1, NULL, NULL, 0), -1);
}

/* ---- valid_num ---- */

static void
test_num_accepts(void **state)
{
	static const struct {
		const char *s;
		double want;
	} ok[] = {
	        {"-12", -12}, {"12.5", 12.5}, {"0.001", 0.001},     {"0", 0},
	        {"100", 100}, {"-0.5", -0.5}, {"3.14159", 3.14159},
	};
	char err[ERRLEN];
	double v;
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(ok); i++) {
		assert_int_equal(valid_num(ok[i].s, strlen(ok[i].s), -100, 100,
		                           &v, err, sizeof(err)),
		                 0);
		assert_true(v == ok[i].want);
	}
}

static void
test_num_negative_zero_becomes_zero(void **state)
{
	char err[ERRLEN];
	double v;

	(void)state;
	assert_int_equal(valid_num("-0.0", 4, -1, 1, &v, err, sizeof(err)), 0);
	assert_true(v == 0);
	assert_int_equal(signbit(v) != 0, 0);
}

static void
test_num_refuses_malformed(void **state)
{
	static const char *const bad[] = {
	        "1e5", "1E5",   "inf",  "-inf", "nan",  "NaN",      ".5",
	        "5.",  "-.5",   "0x10", " 1",   "1 ",   "",         "-",
	        "+1",  "1.2.3", "1,5",  "007",  "1..2", "infinity",
	};
	char err[ERRLEN];
	double v = 9;
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(bad); i++) {
		err[0] = '\0';
		assert_int_equal(valid_num(bad[i], strlen(bad[i]), -1e9, 1e9,
		                           &v, err, sizeof(err)),
		                 -1);
		assert_string_equal(
		        err, "must be a number between -1e+09 and 1e+09");
		assert_true(v == 9);
	}
}

static void
test_num_refuses_out_of_range(void **state)
{
	char err[ERRLEN];
	double v;

	(void)state;
	assert_int_equal(valid_num("12.5", 4, 0, 12, &v, err, sizeof(err)), -1);
	assert_string_equal(err, "must be a number between 0 and 12");
	assert_int_equal(valid_num("-0.001", 6, 0, 0.5, &v, err, sizeof(err)),
	                 -1);
	assert_string_equal(err, "must be a number between 0 and 0.5");
}

static void
test_num_refuses_overlong_text(void **state)
{
	char s[200], err[ERRLEN];
	double v;

	(void)state;
	memset(s, '1', sizeof(s));
	assert_int_equal(
	        valid_num(s, sizeof(s), 0, 1e300, &v, err, sizeof(err)), -1);
}

/* ---- valid_text ---- */

static void
test_text_accepts(void **state)
{
	static const struct bytes ok[] = {
	        B("hello"), B("line\nnext\r\n\ttab"),
	        B("\xe6\x9c\x9d\xe9\x98\xb3\xe5\x8c\xba"), /* 朝阳区 */
	        B("\xf0\x9f\x8f\xa0 ok"),                  /* 🏠 ok */
	};
	char err[ERRLEN];
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(ok); i++)
		assert_int_equal(
		        valid_text(ok[i].s, ok[i].n, 1, 20, err, sizeof(err)),
		        0);
}

static void
test_text_counts_code_points(void **state)
{
	char err[ERRLEN];

	(void)state;
	/* One emoji is one character, though it is four bytes. */
	assert_int_equal(
	        valid_text("\xf0\x9f\x98\x80", 4, 1, 1, err, sizeof(err)), 0);
	/* Three CJK characters are nine bytes. */
	assert_int_equal(valid_text("\xe6\x9c\x9d\xe9\x98\xb3\xe5\x8c\xba", 9,
	                            3, 3, err, sizeof(err)),
	                 0);
	assert_int_equal(valid_text("\xe6\x9c\x9d\xe9\x98\xb3\xe5\x8c\xba", 9,
	                            1, 2, err, sizeof(err)),
	                 -1);
	assert_string_equal(err, "must be 1 to 2 characters");
}

static void
test_text_length_messages(void **state)
{
	char err[ERRLEN];

	(void)state;
	assert_int_equal(valid_text("", 0, 1, 50, err, sizeof(err)), -1);
	assert_string_equal(err, "must be 1 to 50 characters");
	assert_int_equal(valid_text("abcdef", 6, 1, 5, err, sizeof(err)), -1);
	assert_string_equal(err, "must be 1 to 5 characters");
	assert_int_equal(valid_text("abc", 3, 4, 4, err, sizeof(err)), -1);
	assert_string_equal(err, "must be 4 characters");
	assert_int_equal(valid_text("", 0, 0, 5, err, sizeof(err)), 0);
}

static void
test_text_refuses_invalid_utf8(void **state)
{
	static const struct bytes bad[] = {
	        B("a\0b"), B("\xc0\x80"), B("\xed\xa0\x80"),
	        B("\xff"), B("\xe4\xb8"),
	};
	char err[ERRLEN];
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(bad); i++) {
		assert_int_equal(valid_text(bad[i].s, bad[i].n, 0, 100, err,
		                            sizeof(err)),
		                 -1);
		assert_string_equal(err, "must be valid UTF-8 text");
	}
}

static void
test_text_refuses_control_characters(void **state)
{
	static const struct bytes bad[] = {
	        B("a\x01"),      B("\x1b[31m"), B("a\x7f"),
	        B("\x0b"),       B("\x0c"),     B("\xc2\x80"), /* U+0080 */
	        B("\xc2\x9f"),                                 /* U+009F */
	        B("x\xc2\x85y"),                               /* U+0085 NEL */
	};
	char err[ERRLEN];
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(bad); i++) {
		assert_int_equal(valid_text(bad[i].s, bad[i].n, 0, 100, err,
		                            sizeof(err)),
		                 -1);
		assert_string_equal(err, "must not contain control characters");
	}
	/* U+00A0 is past the C1 block. */
	assert_int_equal(valid_text("\xc2\xa0", 2, 0, 100, err, sizeof(err)),
	                 0);
}

/* ---- valid_choice ---- */

static const char *const colours[] = {"red", "green", "blue", NULL};

static void
test_choice_accepts_and_sets_index(void **state)
{
	char err[ERRLEN];
	int idx = -1;

	(void)state;
	assert_int_equal(
	        valid_choice("red", 3, colours, &idx, err, sizeof(err)), 0);
	assert_int_equal(idx, 0);
	assert_int_equal(
	        valid_choice("blue", 4, colours, &idx, err, sizeof(err)), 0);
	assert_int_equal(idx, 2);
}

static void
test_choice_is_exact(void **state)
{
	static const char *const bad[] = {"Red",  "re", "redd",
	                                  " red", "",   "blue\n"};
	char err[ERRLEN];
	size_t i;
	int idx = -1;

	(void)state;
	for (i = 0; i < NELEM(bad); i++) {
		assert_int_equal(valid_choice(bad[i], strlen(bad[i]), colours,
		                              &idx, err, sizeof(err)),
		                 -1);
		assert_string_equal(err, "must be one of: red, green, blue");
	}
	assert_int_equal(
	        valid_choice("red\0", 4, colours, &idx, err, sizeof(err)), -1);
	assert_int_equal(idx, -1);
}

static void
test_choice_message_truncates_safely(void **state)
{
	char err[20];

	(void)state;
	assert_int_equal(valid_choice("x", 1, colours, NULL, err, sizeof(err)),
	                 -1);
	assert_string_equal(err, "must be one of: red");
}

/* ---- valid_date ---- */

static void
test_date_accepts(void **state)
{
	static const struct {
		const char *s;
		long want;
	} ok[] = {
	        {"2024-02-29", 20240229}, {"2000-02-29", 20000229},
	        {"1900-01-01", 19000101}, {"2100-12-31", 21001231},
	        {"2023-12-31", 20231231}, {"2024-04-30", 20240430},
	};
	char err[ERRLEN];
	long ymd;
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(ok); i++) {
		ymd = 0;
		assert_int_equal(valid_date(ok[i].s, strlen(ok[i].s), 0, &ymd,
		                            err, sizeof(err)),
		                 0);
		assert_int_equal(ymd, ok[i].want);
	}
}

static void
test_date_refuses_impossible_or_malformed(void **state)
{
	static const char *const bad[] = {
	        "2023-02-29", "1900-02-29",  "2100-02-29",       "2024-13-01",
	        "2024-00-10", "2024-01-00",  "2024-04-31",       "2024-01-32",
	        "1899-12-31", "2101-01-01",  "2024-1-01",        "2024/01/01",
	        "20240101",   "2024-01-01 ", " 2024-01-01",      "2024-01-0a",
	        "",           "+024-01-01",  "2024-01-01T00:00",
	};
	char err[ERRLEN];
	long ymd = 5;
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(bad); i++) {
		assert_int_equal(valid_date(bad[i], strlen(bad[i]), 0, &ymd,
		                            err, sizeof(err)),
		                 -1);
		assert_string_equal(err, "must be a date YYYY-MM-DD");
		assert_int_equal(ymd, 5);
	}
}

static void
test_date_not_after_is_the_utc_day(void **state)
{
	char err[ERRLEN];
	long ymd;

	(void)state;
	/* Same day is fine whatever the time of day. */
	assert_int_equal(valid_date("2024-06-15", 10, NOON_20240615, &ymd, err,
	                            sizeof(err)),
	                 0);
	assert_int_equal(valid_date("2024-06-15", 10, LAST_20240615, &ymd, err,
	                            sizeof(err)),
	                 0);
	assert_int_equal(valid_date("2024-06-14", 10, NOON_20240615, &ymd, err,
	                            sizeof(err)),
	                 0);
	assert_int_equal(valid_date("2024-06-16", 10, NOON_20240615, &ymd, err,
	                            sizeof(err)),
	                 -1);
	assert_string_equal(err, "must not be in the future");
	assert_int_equal(valid_date("2024-06-16", 10, LAST_20240615 + 1, &ymd,
	                            err, sizeof(err)),
	                 0);
}

static void
test_date_future_allowed_without_limit(void **state)
{
	char err[ERRLEN];
	long ymd;

	(void)state;
	assert_int_equal(
	        valid_date("2099-01-01", 10, 0, &ymd, err, sizeof(err)), 0);
	assert_int_equal(ymd, 20990101);
}

/* ---- valid_idcard ---- */

/* The GB 11643 check character of 17 digits. */
static char
id_check(const char *s)
{
	static const int w[17] = {7, 9, 10, 5,  8, 4, 2, 1, 6,
	                          3, 7, 9,  10, 5, 8, 4, 2};
	int i, sum = 0;

	for (i = 0; i < 17; i++)
		sum += w[i] * (s[i] - '0');
	return "10X98765432"[sum % 11];
}

static void
test_idcard_check_digit_vectors(void **state)
{
	/* Published examples and bases checked by hand; every check
	 * character class appears (digits, 0 and X). */
	static const char *const ok[] = {
	        "11010519491231002X", "110101199003070011",
	        "320102198511234562", "510104200002291233",
	        "44030619991231000X", "110105200001011238",
	        "330106190001010017", "110101198001010010",
	        "110101199003070070",
	};
	char out[19], err[ERRLEN];
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(ok); i++) {
		assert_int_equal(id_check(ok[i]), ok[i][17]);
		assert_int_equal(valid_idcard(ok[i], 18, out, err, sizeof(err)),
		                 0);
		assert_string_equal(out, ok[i]);
	}
}

static void
test_idcard_lower_x_is_upper_cased(void **state)
{
	char out[19], err[ERRLEN];

	(void)state;
	assert_int_equal(
	        valid_idcard("11010519491231002x", 18, out, err, sizeof(err)),
	        0);
	assert_string_equal(out, "11010519491231002X");
}

static void
test_idcard_wrong_check_digit(void **state)
{
	static const char *const bad[] = {
	        "110105194912310021",
	        "110101199003070012",
	        "11010119900307001X",
	        "440306199912310001",
	};
	char out[19], err[ERRLEN];
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(bad); i++) {
		assert_int_equal(
		        valid_idcard(bad[i], 18, out, err, sizeof(err)), -1);
		assert_string_equal(err, "has a wrong check digit");
		assert_string_equal(out, "");
	}
}

static void
test_idcard_malformed(void **state)
{
	static const char *const bad[] = {
	        "",
	        "11010519491231002",   /* 17 */
	        "11010519491231002X1", /* 19 */
	        "110105194912310",     /* old 15-digit number */
	        "1101051949123100XX",  /* X not last */
	        "11010519491231002Y",
	        "1101051949123100 2",
	        "A1010519491231002X",
	        "\357\274\221101051949123100", /* full-width one */
	};
	char out[19], err[ERRLEN];
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(bad); i++) {
		assert_int_equal(valid_idcard(bad[i], strlen(bad[i]), out, err,
		                              sizeof(err)),
		                 -1);
		assert_string_equal(
		        err, "must be an 18-character resident ID number");
	}
}

/* Build an ID for a birth date with a correct check character. */
static void
make_id(char id[19], const char *yyyymmdd)
{
	memcpy(id, "110101", 6);
	memcpy(id + 6, yyyymmdd, 8);
	memcpy(id + 14, "123", 3);
	id[17] = id_check(id);
	id[18] = '\0';
}

static void
test_idcard_impossible_birth_dates(void **state)
{
	static const char *const bad[] = {
	        "20230229", "19991301", "19990001", "19990100",
	        "19990431", "18991231", "20990101", /* in the future */
	};
	char id[19], out[19], err[ERRLEN];
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(bad); i++) {
		make_id(id, bad[i]);
		assert_int_equal(valid_idcard(id, 18, out, err, sizeof(err)),
		                 -1);
		assert_string_equal(err, "has an impossible birth date");
	}
}

static void
test_idcard_1880_vector_refused_for_birth_date(void **state)
{
	/* 440524188001010014 has a right check digit but was born before
	 * 1900, which the rules refuse. */
	char out[19], err[ERRLEN];

	(void)state;
	assert_int_equal(id_check("440524188001010014"), '4');
	assert_int_equal(
	        valid_idcard("440524188001010014", 18, out, err, sizeof(err)),
	        -1);
	assert_string_equal(err, "has an impossible birth date");
}

static void
test_idcard_born_today_and_1900(void **state)
{
	char id[19], out[19], err[ERRLEN], day[9];
	time_t now = time(NULL);
	struct tm tm;
	int r;

	(void)state;
	assert_non_null(gmtime_r(&now, &tm));
	r = snprintf(day, sizeof(day), "%04d%02d%02d", tm.tm_year + 1900,
	             tm.tm_mon + 1, tm.tm_mday);
	assert_int_equal(r, 8);
	make_id(id, day);
	assert_int_equal(valid_idcard(id, 18, out, err, sizeof(err)), 0);
	make_id(id, "19000101");
	assert_int_equal(valid_idcard(id, 18, out, err, sizeof(err)), 0);
}

/* ---- valid_mobile ---- */

static void
test_mobile(void **state)
{
	static const char *const ok[] = {"13800138000", "19912345678",
	                                 "15000000000", "17012345678"};
	static const char *const bad[] = {
	        "12800138000",  "10800138000", "23800138000",    "1380013800",
	        "138001380000", "1380013800a", "+8613800138000", "",
	        "138 0013 800",
	};
	char err[ERRLEN];
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(ok); i++)
		assert_int_equal(
		        valid_mobile(ok[i], strlen(ok[i]), err, sizeof(err)),
		        0);
	for (i = 0; i < NELEM(bad); i++) {
		assert_int_equal(
		        valid_mobile(bad[i], strlen(bad[i]), err, sizeof(err)),
		        -1);
		assert_string_equal(err, "must be a mainland mobile number "
		                         "(11 digits, 13x-19x)");
	}
}

/* ---- valid_digits ---- */

static void
test_digits(void **state)
{
	char err[ERRLEN];

	(void)state;
	assert_int_equal(valid_digits("123456", 6, 4, 8, err, sizeof(err)), 0);
	assert_int_equal(valid_digits("0000", 4, 4, 8, err, sizeof(err)), 0);
	assert_int_equal(valid_digits("123", 3, 4, 8, err, sizeof(err)), -1);
	assert_string_equal(err, "must be 4 to 8 digits");
	assert_int_equal(valid_digits("123456789", 9, 4, 8, err, sizeof(err)),
	                 -1);
	assert_string_equal(err, "must be 4 to 8 digits");
	assert_int_equal(valid_digits("12a4", 4, 4, 8, err, sizeof(err)), -1);
	assert_string_equal(err, "must be 4 to 8 digits");
	assert_int_equal(valid_digits("-123", 4, 4, 8, err, sizeof(err)), -1);
	assert_int_equal(valid_digits("12345", 5, 6, 6, err, sizeof(err)), -1);
	assert_string_equal(err, "must be 6 digits");
	assert_int_equal(valid_digits("123456", 6, 6, 6, err, sizeof(err)), 0);
}

/* ---- valid_bool ---- */

static void
test_bool(void **state)
{
	static const struct {
		const char *s;
		int want;
	} ok[] = {
	        {"0", 0},    {"1", 1},     {"true", 1}, {"false", 0},
	        {"TRUE", 1}, {"False", 0}, {"tRuE", 1},
	};
	static const char *const bad[] = {"",  "2",     "yes", "no", "on",
	                                  "t", "truee", " 1",  "01", "-1"};
	char err[ERRLEN];
	size_t i;
	int v;

	(void)state;
	for (i = 0; i < NELEM(ok); i++) {
		v = -1;
		assert_int_equal(valid_bool(ok[i].s, strlen(ok[i].s), &v, err,
		                            sizeof(err)),
		                 0);
		assert_int_equal(v, ok[i].want);
	}
	for (i = 0; i < NELEM(bad); i++) {
		assert_int_equal(valid_bool(bad[i], strlen(bad[i]), &v, err,
		                            sizeof(err)),
		                 -1);
		assert_string_equal(err, "must be 0 or 1");
	}
}

/* ---- valid_url ---- */

static void
test_url(void **state)
{
	static const char *const ok[] = {
	        "http://a",
	        "https://m.zufang.example/paid?x=1",
	        "HTTPS://M.Zufang.Example:8443/a-b_c.d~e/%E6%94%AF?x=(1)&y=*#t",
	        "http://[::1]:8080/ok;p=1,2+3!$'@:",
	};
	static const struct {
		const char *s, *err;
	} bad[] = {
	        {"http://a/ok\r\nSet-Cookie: x=1",
	         "must not contain control characters (byte 12)"},
	        {"http://a/\tx",
	         "must not contain control characters (byte 10)"},
	        {"http://a/\x7f",
	         "must not contain control characters (byte 10)"},
	        {"http://a/ x", "must contain only URL characters (RFC 3986; "
	                        "byte 10 is not one: percent-encode it)"},
	        {"http://a/\xe6\x94\xaf", "must contain only URL characters "
	                                  "(RFC 3986; byte 10 is not one: "
	                                  "percent-encode it)"},
	        {"http://a/\"", "must contain only URL characters (RFC 3986; "
	                        "byte 10 is not one: percent-encode it)"},
	        {"http://a/<", "must contain only URL characters (RFC 3986; "
	                       "byte 10 is not one: percent-encode it)"},
	        {"http://a/\\", "must contain only URL characters (RFC 3986; "
	                        "byte 10 is not one: percent-encode it)"},
	        {"http://a/%zz", "must contain only URL characters (RFC 3986; "
	                         "byte 10 is not one: percent-encode it)"},
	        {"http://a/%4", "must contain only URL characters (RFC 3986; "
	                        "byte 10 is not one: percent-encode it)"},
	        {"ftp://a/", "must be an http or https URL"},
	        {"javascript:alert(1)", "must be an http or https URL"},
	        {"//a/", "must be an http or https URL"},
	        {"http://", "must name a host"},
	        {"http:///x", "must name a host"},
	        {"http://?x", "must name a host"},
	};
	char err[ERRLEN], big[300];
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(ok); i++)
		assert_int_equal(valid_url(ok[i], strlen(ok[i]), 1, 256, err,
		                           sizeof(err)),
		                 0);
	for (i = 0; i < NELEM(bad); i++) {
		assert_int_equal(valid_url(bad[i].s, strlen(bad[i].s), 1, 256,
		                           err, sizeof(err)),
		                 -1);
		assert_string_equal(err, bad[i].err);
	}
	memset(big, 'a', sizeof(big));
	memcpy(big, "http://", 7);
	assert_int_equal(valid_url(big, 257, 1, 256, err, sizeof(err)), -1);
	assert_string_equal(err, "must be a URL of 1 to 256 bytes");
	assert_int_equal(valid_url(big, 256, 1, 256, err, sizeof(err)), 0);
	/* A NUL inside the length is a control character too. */
	assert_int_equal(
	        valid_url("http://a/\0b", 11, 1, 256, err, sizeof(err)), -1);
}

/* ---- valid_mask ---- */

static void
test_mask_examples(void **state)
{
	char out[64];

	(void)state;
	valid_mask("11010519491231002X", 18, 4, 4, out, sizeof(out));
	assert_string_equal(out, "1101**********002X");
	valid_mask("6222021234567890", 16, 0, 4, out, sizeof(out));
	assert_string_equal(out, "************7890");
	valid_mask("13800138000", 11, 3, 4, out, sizeof(out));
	assert_string_equal(out, "138****8000");
}

static void
test_mask_short_input_is_all_stars(void **state)
{
	char out[64];

	(void)state;
	valid_mask("12345678", 8, 4, 4, out, sizeof(out));
	assert_string_equal(out, "********");
	valid_mask("abc", 3, 4, 4, out, sizeof(out));
	assert_string_equal(out, "***");
	valid_mask("", 0, 1, 1, out, sizeof(out));
	assert_string_equal(out, "");
	valid_mask("abc", 3, 0, 0, out, sizeof(out));
	assert_string_equal(out, "***");
}

static void
test_mask_counts_utf8_characters(void **state)
{
	char out[64];

	(void)state;
	/* 张三丰 keeps its first character. */
	valid_mask("\xe5\xbc\xa0\xe4\xb8\x89\xe4\xb8\xb0", 9, 1, 0, out,
	           sizeof(out));
	assert_string_equal(out, "\xe5\xbc\xa0**");
	/* 张三 with head 1 and tail 1 is all stars, one per character. */
	valid_mask("\xe5\xbc\xa0\xe4\xb8\x89", 6, 1, 1, out, sizeof(out));
	assert_string_equal(out, "**");
}

static void
test_mask_truncates_without_overflow(void **state)
{
	char out[8];

	(void)state;
	memset(out, 'z', sizeof(out));
	valid_mask("11010519491231002X", 18, 4, 4, out, sizeof(out));
	assert_string_equal(out, "1101***");
	valid_mask("11010519491231002X", 18, 4, 4, out, 1);
	assert_string_equal(out, "");
	/* A multi-byte character that does not fit whole is left out. */
	valid_mask("\xe5\xbc\xa0\xe4\xb8\x89\xe4\xb8\xb0", 9, 1, 0, out, 3);
	assert_string_equal(out, "");
	valid_mask("ab", 2, 0, 0, NULL, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_utf8_accepts_well_formed),
	        cmocka_unit_test(test_utf8_refuses_overlongs),
	        cmocka_unit_test(test_utf8_refuses_surrogates),
	        cmocka_unit_test(test_utf8_refuses_past_10ffff),
	        cmocka_unit_test(test_utf8_refuses_f5_to_ff),
	        cmocka_unit_test(test_utf8_refuses_truncated),
	        cmocka_unit_test(test_utf8_refuses_stray_continuation),
	        cmocka_unit_test(test_utf8_refuses_nul),
	        cmocka_unit_test(test_utf8_chars_counts_code_points),
	        cmocka_unit_test(test_int_accepts),
	        cmocka_unit_test(test_int_refuses_malformed),
	        cmocka_unit_test(test_int_refuses_out_of_range),
	        cmocka_unit_test(test_int_refuses_overflow),
	        cmocka_unit_test(test_int_reads_only_n_bytes),
	        cmocka_unit_test(test_int_small_err_buffer_is_terminated),
	        cmocka_unit_test(test_num_accepts),
	        cmocka_unit_test(test_num_negative_zero_becomes_zero),
	        cmocka_unit_test(test_num_refuses_malformed),
	        cmocka_unit_test(test_num_refuses_out_of_range),
	        cmocka_unit_test(test_num_refuses_overlong_text),
	        cmocka_unit_test(test_text_accepts),
	        cmocka_unit_test(test_text_counts_code_points),
	        cmocka_unit_test(test_text_length_messages),
	        cmocka_unit_test(test_text_refuses_invalid_utf8),
	        cmocka_unit_test(test_text_refuses_control_characters),
	        cmocka_unit_test(test_choice_accepts_and_sets_index),
	        cmocka_unit_test(test_choice_is_exact),
	        cmocka_unit_test(test_choice_message_truncates_safely),
	        cmocka_unit_test(test_date_accepts),
	        cmocka_unit_test(test_date_refuses_impossible_or_malformed),
	        cmocka_unit_test(test_date_not_after_is_the_utc_day),
	        cmocka_unit_test(test_date_future_allowed_without_limit),
	        cmocka_unit_test(test_idcard_check_digit_vectors),
	        cmocka_unit_test(test_idcard_lower_x_is_upper_cased),
	        cmocka_unit_test(test_idcard_wrong_check_digit),
	        cmocka_unit_test(test_idcard_malformed),
	        cmocka_unit_test(test_idcard_impossible_birth_dates),
	        cmocka_unit_test(
	                test_idcard_1880_vector_refused_for_birth_date),
	        cmocka_unit_test(test_idcard_born_today_and_1900),
	        cmocka_unit_test(test_mobile),
	        cmocka_unit_test(test_digits),
	        cmocka_unit_test(test_bool),
	        cmocka_unit_test(test_url),
	        cmocka_unit_test(test_mask_examples),
	        cmocka_unit_test(test_mask_short_input_is_all_stars),
	        cmocka_unit_test(test_mask_counts_utf8_characters),
	        cmocka_unit_test(test_mask_truncates_without_overflow),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
