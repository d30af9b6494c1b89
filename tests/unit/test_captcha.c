/* Unit tests for lib/captcha.c. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <gd.h>

#include "captcha.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

#define FONT "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"

static const unsigned char png_magic[8] = {0x89, 'P',  'N',  'G',
                                           '\r', '\n', 0x1a, '\n'};

/* Skip a test that needs the DejaVu font when it is not installed. */
static void
need_font(void)
{
	if (access(FONT, R_OK) != 0)
		skip();
}

/* Draw text, check the answer is rc and a PNG, decode it; caller destroys
 * the image. */
static gdImagePtr
draw(const char *text, const char *font, int rc)
{
	unsigned char *png = NULL;
	gdImagePtr im;
	size_t len = 0;

	assert_int_equal(captcha_png(text, font, &png, &len), rc);
	assert_non_null(png);
	assert_true(len > sizeof(png_magic) && len < 1000000);
	assert_memory_equal(png, png_magic, sizeof(png_magic));
	im = gdImageCreateFromPngPtr((int)len, png);
	free(png);
	assert_non_null(im);
	return im;
}

static int
cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

/* The number of distinct colours and of dark pixels (channels summing to
 * less than 3 * 128) in im. */
static void
colour_stats(gdImagePtr im, size_t *distinct, size_t *dark)
{
	size_t w = (size_t)gdImageSX(im), h = (size_t)gdImageSY(im), n = 0, i;
	int *px = malloc(w * h * sizeof(*px)), x, y, c;

	assert_non_null(px);
	*dark = 0;
	for (y = 0; y < (int)h; y++)
		for (x = 0; x < (int)w; x++) {
			c = gdImageGetTrueColorPixel(im, x, y);
			px[n++] = c & 0xffffff;
			if (gdTrueColorGetRed(c) + gdTrueColorGetGreen(c) +
			            gdTrueColorGetBlue(c) <
			    3 * 128)
				(*dark)++;
		}
	qsort(px, n, sizeof(*px), cmp_int);
	*distinct = n > 0;
	for (i = 1; i < n; i++)
		if (px[i] != px[i - 1])
			(*distinct)++;
	free(px);
}

/* Bounds every picture meets, whatever the font. */
static void
check_picture(gdImagePtr im)
{
	size_t distinct, dark;

	assert_true(gdImageSX(im) >= 120 && gdImageSX(im) <= 200);
	assert_true(gdImageSY(im) >= 40 && gdImageSY(im) <= 75);
	assert_int_equal(gdImageGetTransparent(im), -1);
	colour_stats(im, &distinct, &dark);
	assert_true(distinct >= 50);
	assert_true(dark >= 100);
}

/* ---- text ---- */

static void
test_text_alphabet_and_length(void **state)
{
	char t[CAPTCHA_LEN + 1];
	size_t i;
	int k;

	(void)state;
	for (k = 0; k < 2000; k++) {
		memset(t, 'x', sizeof(t));
		assert_int_equal(captcha_text(t), 0);
		assert_int_equal(strlen(t), CAPTCHA_LEN);
		for (i = 0; i < CAPTCHA_LEN; i++)
			assert_non_null(strchr(CAPTCHA_ALPHABET, t[i]));
	}
}

static void
test_text_alphabet_has_no_confusables(void **state)
{
	(void)state;
	assert_int_equal(strlen(CAPTCHA_ALPHABET), 32);
	assert_null(
	        strpbrk(CAPTCHA_ALPHABET, "IO01abcdefghijklmnopqrstuvwxyz"));
}

/* 10,000 texts are 40,000 characters, 1250 expected of each (standard
 * deviation about 35): every one appears, none far from its share. */
static void
test_text_every_character_roughly_uniform(void **state)
{
	size_t count[sizeof(CAPTCHA_ALPHABET) - 1] = {0}, i;
	char t[CAPTCHA_LEN + 1];
	const char *p;
	int k;

	(void)state;
	for (k = 0; k < 10000; k++) {
		assert_int_equal(captcha_text(t), 0);
		for (i = 0; i < CAPTCHA_LEN; i++) {
			p = strchr(CAPTCHA_ALPHABET, t[i]);
			assert_non_null(p);
			count[p - CAPTCHA_ALPHABET]++;
		}
	}
	for (i = 0; i < NELEM(count); i++) {
		assert_true(count[i] > 0);
		assert_in_range(count[i], 1000, 1500);
	}
}

static void
test_texts_differ(void **state)
{
	char a[CAPTCHA_LEN + 1], b[CAPTCHA_LEN + 1];
	int k, same = 0;

	(void)state;
	/* 32^4 texts: a few equal pairs in 100 would be a broken source. */
	for (k = 0; k < 100; k++) {
		assert_int_equal(captcha_text(a), 0);
		assert_int_equal(captcha_text(b), 0);
		same += strcmp(a, b) == 0;
	}
	assert_true(same <= 1);
}

/* ---- png ---- */

static void
test_png_decodes_within_bounds(void **state)
{
	gdImagePtr im;

	(void)state;
	need_font();
	im = draw("AB2Z", FONT, 0);
	assert_int_equal(gdImageSX(im), CAPTCHA_WIDTH);
	assert_int_equal(gdImageSY(im), CAPTCHA_HEIGHT);
	check_picture(im);
	gdImageDestroy(im);
}

static void
test_png_of_fresh_texts(void **state)
{
	char t[CAPTCHA_LEN + 1];
	gdImagePtr im;
	int k;

	(void)state;
	need_font();
	for (k = 0; k < 50; k++) {
		assert_int_equal(captcha_text(t), 0);
		im = draw(t, FONT, 0);
		check_picture(im);
		gdImageDestroy(im);
	}
}

/* The same text twice: angles, offsets, colours and noise are drawn
 * afresh, so most pixels differ. */
static void
test_png_two_of_one_text_differ(void **state)
{
	gdImagePtr a, b;
	int x, y, differ = 0;

	(void)state;
	need_font();
	a = draw("WMWM", FONT, 0);
	b = draw("WMWM", FONT, 0);
	for (y = 0; y < CAPTCHA_HEIGHT; y++)
		for (x = 0; x < CAPTCHA_WIDTH; x++)
			differ += gdImageGetTrueColorPixel(a, x, y) !=
			          gdImageGetTrueColorPixel(b, x, y);
	assert_true(differ > CAPTCHA_WIDTH * CAPTCHA_HEIGHT / 4);
	gdImageDestroy(a);
	gdImageDestroy(b);
}

static void
test_png_refuses_bad_text(void **state)
{
	static const char *const bad[] = {
	        "",
	        "A",
	        "ABC",
	        "ABCDE",
	        "ABCDEFGH",
	        "ABI2",
	        "O0AB",
	        "AB1C",
	        "abcd",
	        "ABcD",
	        "AB D",
	        "AB-D",
	        "AB\nD",
	        "\xc3\x89"
	        "AB",
	        "ABC\x80",
	};
	unsigned char *png = (unsigned char *)"sentinel";
	size_t len = 99, i;

	(void)state;
	for (i = 0; i < NELEM(bad); i++) {
		png = (unsigned char *)"sentinel";
		len = 99;
		assert_int_equal(captcha_png(bad[i], FONT, &png, &len), -1);
		assert_null(png);
		assert_int_equal(len, 0);
	}
	assert_int_equal(captcha_png(NULL, FONT, &png, &len), -1);
	assert_null(png);
}

static void
test_png_refuses_null_outputs(void **state)
{
	unsigned char *png = NULL;
	size_t len = 0;

	(void)state;
	assert_int_equal(captcha_png("ABCD", FONT, NULL, &len), -1);
	assert_int_equal(len, 0);
	assert_int_equal(captcha_png("ABCD", FONT, &png, NULL), -1);
	assert_null(png);
}

/* No usable font: the built-in font draws it, and the answer says so. */
static void
test_png_without_font_uses_builtin(void **state)
{
	static const char junk[] = "this is not a font\n";
	char path[] = "/tmp/zf-test-font-XXXXXX";
	const char *fonts[] = {NULL, "", "/nonexistent/zf/font.ttf", path};
	gdImagePtr im;
	size_t i;
	int fd;

	(void)state;
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, junk, sizeof(junk) - 1),
	                 (ssize_t)(sizeof(junk) - 1));
	assert_int_equal(close(fd), 0);
	for (i = 0; i < NELEM(fonts); i++) {
		im = draw("XY34", fonts[i], CAPTCHA_BUILTIN_FONT);
		check_picture(im);
		gdImageDestroy(im);
	}
	unlink(path);
}

static void
test_builtin_pictures_differ(void **state)
{
	gdImagePtr a, b;
	int x, y, differ = 0;

	(void)state;
	a = draw("HKR7", NULL, CAPTCHA_BUILTIN_FONT);
	b = draw("HKR7", NULL, CAPTCHA_BUILTIN_FONT);
	for (y = 0; y < CAPTCHA_HEIGHT; y++)
		for (x = 0; x < CAPTCHA_WIDTH; x++)
			differ += gdImageGetTrueColorPixel(a, x, y) !=
			          gdImageGetTrueColorPixel(b, x, y);
	assert_true(differ > CAPTCHA_WIDTH * CAPTCHA_HEIGHT / 4);
	gdImageDestroy(a);
	gdImageDestroy(b);
}

/* ---- equal ---- */

static void
test_equal_cases(void **state)
{
	static const struct {
		const char *typed;
		size_t n;
		const char *kept;
		int want;
	} v[] = {
	        {"ABCD", 4, "ABCD", 1},
	        {"abcd", 4, "ABCD", 1},
	        {"aBcD", 4, "ABCD", 1},
	        {"AbCd", 4, "aBcD", 1},
	        {"AB23", 4, "ab23", 1},
	        {"ABCDEF", 4, "ABCD", 1}, /* n bounds what was typed */
	        {"ABCE", 4, "ABCD", 0},
	        {"XBCD", 4, "ABCD", 0},
	        {"ABC", 3, "ABCD", 0},
	        {"ABCDE", 5, "ABCD", 0},
	        {"ABCD", 3, "ABCD", 0},
	        {"AB\0D", 4, "ABCD", 0},
	        {"ABCD\0", 5, "ABCD", 0},
	        {"", 0, "ABCD", 0},
	        {"ABCD", 4, "", 0},
	        {"", 0, "", 0},
	        /* Only letters fold: '@' ^ 32 is '`', '2' ^ 32 is 0x12. */
	        {"@", 1, "`", 0},
	        {"`", 1, "@", 0},
	        {"\x12", 1, "2", 0},
	        {"[", 1, "{", 0},
	};
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(v); i++)
		assert_int_equal(captcha_equal(v[i].typed, v[i].n, v[i].kept),
		                 v[i].want);
}

static void
test_equal_nulls(void **state)
{
	(void)state;
	assert_int_equal(captcha_equal(NULL, 0, "ABCD"), 0);
	assert_int_equal(captcha_equal(NULL, 4, "ABCD"), 0);
	assert_int_equal(captcha_equal("ABCD", 4, NULL), 0);
	assert_int_equal(captcha_equal(NULL, 0, NULL), 0);
}

static void
test_equal_own_text(void **state)
{
	char t[CAPTCHA_LEN + 1], lower[CAPTCHA_LEN + 1];
	size_t i;

	(void)state;
	assert_int_equal(captcha_text(t), 0);
	for (i = 0; i <= CAPTCHA_LEN; i++)
		lower[i] =
		        (t[i] >= 'A' && t[i] <= 'Z') ? (char)(t[i] + 32) : t[i];
	assert_int_equal(captcha_equal(t, CAPTCHA_LEN, t), 1);
	assert_int_equal(captcha_equal(lower, CAPTCHA_LEN, t), 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_text_alphabet_and_length),
	        cmocka_unit_test(test_text_alphabet_has_no_confusables),
	        cmocka_unit_test(test_text_every_character_roughly_uniform),
	        cmocka_unit_test(test_texts_differ),
	        cmocka_unit_test(test_png_decodes_within_bounds),
	        cmocka_unit_test(test_png_of_fresh_texts),
	        cmocka_unit_test(test_png_two_of_one_text_differ),
	        cmocka_unit_test(test_png_refuses_bad_text),
	        cmocka_unit_test(test_png_refuses_null_outputs),
	        cmocka_unit_test(test_png_without_font_uses_builtin),
	        cmocka_unit_test(test_builtin_pictures_differ),
	        cmocka_unit_test(test_equal_cases),
	        cmocka_unit_test(test_equal_nulls),
	        cmocka_unit_test(test_equal_own_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
