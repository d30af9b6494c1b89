/* Validators for raw parameter text.  Everything here is hand-written
 * scanning over (pointer, length): no locale, no sscanf, no regex. */
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "valid.h"

/* Longest number text valid_num hands to strtod. */
#define NUM_MAX 64

void
valid_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;
	int r;

	if (err == NULL || errlen == 0)
		return;
	va_start(ap, fmt);
	r = vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	if (r < 0)
		err[0] = '\0';
	else if ((size_t)r >= errlen && errlen > 4)
		memcpy(err + errlen - 4, "...", 4);
}

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int
all_digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!is_digit(s[i]))
			return 0;
	return 1;
}

/* The value of n decimal digits (n <= 9, already checked). */
static long
digits_val(const char *s, size_t n)
{
	long v = 0;
	size_t i;

	for (i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

static char
ascii_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* Decode the code point at s[*i], advancing *i.  0, or -1 when the bytes
 * there are not well-formed UTF-8. */
static int
utf8_next(const char *str, size_t n, size_t *i, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	unsigned char c = s[*i];
	size_t len, k;
	uint32_t v;

	if (c < 0x80) {
		*cp = c;
		*i += 1;
		return 0;
	}
	if (c < 0xc2) /* stray continuation, or overlong C0/C1 lead */
		return -1;
	if (c < 0xe0) {
		len = 2;
		v = c & 0x1f;
	} else if (c < 0xf0) {
		len = 3;
		v = c & 0x0f;
	} else if (c < 0xf5) {
		len = 4;
		v = c & 0x07;
	} else {
		return -1;
	}
	if (n - *i < len)
		return -1;
	for (k = 1; k < len; k++) {
		if ((s[*i + k] & 0xc0) != 0x80)
			return -1;
		v = (v << 6) | (s[*i + k] & 0x3f);
	}
	if ((len == 3 && v < 0x800) || (len == 4 && v < 0x10000))
		return -1; /* overlong */
	if (v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
		return -1;
	*cp = v;
	*i += len;
	return 0;
}

int
valid_utf8(const char *s, size_t n)
{
	size_t i = 0;
	uint32_t cp;

	while (i < n) {
		if (utf8_next(s, n, &i, &cp) == -1 || cp == 0)
			return 0;
	}
	return 1;
}

size_t
valid_utf8_chars(const char *s, size_t n)
{
	size_t i, c = 0;

	for (i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			c++;
	return c;
}

int
valid_int(const char *s, size_t n, long long min, long long max, long long *out,
          char *err, size_t errlen)
{
	unsigned long long mag = 0, lim = LLONG_MAX;
	long long v;
	size_t i = 0;

	if (i < n && s[i] == '-') {
		lim = (unsigned long long)LLONG_MAX + 1;
		i++;
	}
	if (i == n || (s[i] == '0' && n - i > 1))
		goto bad;
	for (; i < n; i++) {
		unsigned int d;

		if (!is_digit(s[i]))
			goto bad;
		d = (unsigned int)(s[i] - '0');
		if (mag > (lim - d) / 10)
			goto bad;
		mag = mag * 10 + d;
	}
	if (lim == (unsigned long long)LLONG_MAX)
		v = (long long)mag;
	else if (mag == lim)
		v = LLONG_MIN;
	else
		v = -(long long)mag;
	if (v < min || v > max)
		goto bad;
	if (out != NULL)
		*out = v;
	return 0;
bad:
	valid_err(err, errlen, "must be an integer between %lld and %lld", min,
	          max);
	return -1;
}

int
valid_num(const char *s, size_t n, double min, double max, double *out,
          char *err, size_t errlen)
{
	char tmp[NUM_MAX + 1];
	size_t i = 0, start;
	double v;

	if (n > NUM_MAX)
		goto bad;
	if (i < n && s[i] == '-')
		i++;
	start = i;
	while (i < n && is_digit(s[i]))
		i++;
	if (i == start || (s[start] == '0' && i - start > 1))
		goto bad;
	if (i < n && s[i] == '.') {
		start = ++i;
		while (i < n && is_digit(s[i]))
			i++;
		if (i == start)
			goto bad;
	}
	if (i != n)
		goto bad;
	/* Only [-]digits[.digits] reaches strtod; the C locale is never
	 * changed, so '.' is the radix character. */
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	v = strtod(tmp, NULL);
	if (v == 0)
		v = 0; /* no negative zero */
	if (!(v >= min && v <= max))
		goto bad;
	if (out != NULL)
		*out = v;
	return 0;
bad:
	valid_err(err, errlen, "must be a number between %g and %g", min, max);
	return -1;
}

/* C0 controls other than \t \n \r, DEL, and C1 controls. */
static int
is_control(uint32_t cp)
{
	if (cp == '\t' || cp == '\n' || cp == '\r')
		return 0;
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f);
}

int
valid_text(const char *s, size_t n, long long minc, long long maxc, char *err,
           size_t errlen)
{
	size_t i = 0, count = 0;
	uint32_t cp;
	int ctl = 0;

	while (i < n) {
		if (utf8_next(s, n, &i, &cp) == -1 || cp == 0) {
			valid_err(err, errlen, "must be valid UTF-8 text");
			return -1;
		}
		if (is_control(cp))
			ctl = 1;
		count++;
	}
	if (ctl) {
		valid_err(err, errlen, "must not contain control characters");
		return -1;
	}
	if (count > (unsigned long long)LLONG_MAX || (long long)count < minc ||
	    (long long)count > maxc) {
		if (minc == maxc)
			valid_err(err, errlen, "must be %lld characters", minc);
		else
			valid_err(err, errlen,
			          "must be %lld to %lld characters", minc,
			          maxc);
		return -1;
	}
	return 0;
}

int
valid_choice(const char *s, size_t n, const char *const *choices, int *idx,
             char *err, size_t errlen)
{
	size_t pos;
	int i, r;

	for (i = 0; choices[i] != NULL; i++) {
		if (strlen(choices[i]) == n && memcmp(choices[i], s, n) == 0) {
			if (idx != NULL)
				*idx = i;
			return 0;
		}
	}
	if (err == NULL || errlen == 0)
		return -1;
	r = snprintf(err, errlen, "must be one of: ");
	if (r < 0 || (size_t)r >= errlen)
		return -1; /* truncated: err holds what fitted */
	pos = (size_t)r;
	for (i = 0; choices[i] != NULL; i++) {
		r = snprintf(err + pos, errlen - pos, "%s%s", i ? ", " : "",
		             choices[i]);
		if (r < 0 || (size_t)r >= errlen - pos)
			break; /* truncated: err holds what fitted */
		pos += (size_t)r;
	}
	return -1;
}

static int
is_leap(long y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* 1 when y-m-d is a real calendar date in 1900..2100. */
static int
real_date(long y, long m, long d)
{
	static const int mdays[12] = {31, 28, 31, 30, 31, 30,
	                              31, 31, 30, 31, 30, 31};
	long last;

	if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1)
		return 0;
	last = mdays[m - 1] + (m == 2 && is_leap(y));
	return d <= last;
}

/* t's UTC calendar day as y*10000+m*100+d, or -1. */
static long
utc_ymd(time_t t)
{
	struct tm tm;

	if (gmtime_r(&t, &tm) == NULL)
		return -1;
	return (tm.tm_year + 1900L) * 10000 + (tm.tm_mon + 1L) * 100 +
	       tm.tm_mday;
}

int
valid_date(const char *s, size_t n, time_t not_after, long *ymd, char *err,
           size_t errlen)
{
	long y, m, d, v, lim;

	if (n != 10 || s[4] != '-' || s[7] != '-' || !all_digits(s, 4) ||
	    !all_digits(s + 5, 2) || !all_digits(s + 8, 2))
		goto bad;
	y = digits_val(s, 4);
	m = digits_val(s + 5, 2);
	d = digits_val(s + 8, 2);
	if (!real_date(y, m, d))
		goto bad;
	v = y * 10000 + m * 100 + d;
	if (not_after != 0) {
		lim = utc_ymd(not_after);
		if (lim == -1 || v > lim) {
			valid_err(err, errlen, "must not be in the future");
			return -1;
		}
	}
	if (ymd != NULL)
		*ymd = v;
	return 0;
bad:
	valid_err(err, errlen, "must be a date YYYY-MM-DD");
	return -1;
}

int
valid_idcard(const char *s, size_t n, char out[19], char *err, size_t errlen)
{
	static const int weight[17] = {7, 9, 10, 5,  8, 4, 2, 1, 6,
	                               3, 7, 9,  10, 5, 8, 4, 2};
	static const char check[11] = "10X98765432";
	long y, m, d, today;
	int i, sum = 0;
	char last;

	if (out != NULL)
		out[0] = '\0';
	if (n != 18 || !all_digits(s, 17) ||
	    !(is_digit(s[17]) || s[17] == 'X' || s[17] == 'x')) {
		valid_err(err, errlen,
		          "must be an 18-character resident ID number");
		return -1;
	}
	y = digits_val(s + 6, 4);
	m = digits_val(s + 10, 2);
	d = digits_val(s + 12, 2);
	today = utc_ymd(time(NULL));
	if (!real_date(y, m, d) || today == -1 ||
	    y * 10000 + m * 100 + d > today) {
		valid_err(err, errlen, "has an impossible birth date");
		return -1;
	}
	for (i = 0; i < 17; i++)
		sum += weight[i] * (s[i] - '0');
	last = s[17] == 'x' ? 'X' : s[17];
	if (check[sum % 11] != last) {
		valid_err(err, errlen, "has a wrong check digit");
		return -1;
	}
	if (out != NULL) {
		memcpy(out, s, 17);
		out[17] = last;
		out[18] = '\0';
	}
	return 0;
}

int
valid_mobile(const char *s, size_t n, char *err, size_t errlen)
{
	if (n != 11 || s[0] != '1' || s[1] < '3' || s[1] > '9' ||
	    !all_digits(s, n)) {
		valid_err(err, errlen,
		          "must be a mainland mobile number (11 digits, "
		          "13x-19x)");
		return -1;
	}
	return 0;
}

int
valid_digits(const char *s, size_t n, size_t minlen, size_t maxlen, char *err,
             size_t errlen)
{
	if (n < minlen || n > maxlen || !all_digits(s, n)) {
		if (minlen == maxlen)
			valid_err(err, errlen, "must be %zu digits", minlen);
		else
			valid_err(err, errlen, "must be %zu to %zu digits",
			          minlen, maxlen);
		return -1;
	}
	return 0;
}

/* 1 for a character RFC 3986 allows in a URL outside %XX escapes. */
static int
url_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') ||
	       (c != '\0' && strchr("-._~:/?#[]@!$&'()*+,;=", c) != NULL);
}

static int
hex_digit(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	       (c >= 'A' && c <= 'F');
}

int
valid_url(const char *s, size_t n, size_t minlen, size_t maxlen, char *err,
          size_t errlen)
{
	size_t i, head;

	if (n < minlen || n > maxlen) {
		valid_err(err, errlen, "must be a URL of %zu to %zu bytes",
		          minlen, maxlen);
		return -1;
	}
	if (n >= 8 && strncasecmp(s, "https://", 8) == 0)
		head = 8;
	else if (n >= 7 && strncasecmp(s, "http://", 7) == 0)
		head = 7;
	else {
		valid_err(err, errlen, "must be an http or https URL");
		return -1;
	}
	if (head == n || strchr("/?#", s[head]) != NULL) {
		valid_err(err, errlen, "must name a host");
		return -1;
	}
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '%' && n - i >= 3 && hex_digit(s[i + 1]) &&
		    hex_digit(s[i + 2])) {
			i += 2;
			continue;
		}
		if (!url_char(c)) {
			if (c < 0x20 || c == 0x7f)
				valid_err(err, errlen,
				          "must not contain control characters "
				          "(byte %zu)",
				          i + 1);
			else
				valid_err(err, errlen,
				          "must contain only URL characters "
				          "(RFC 3986; byte %zu is not one: "
				          "percent-encode it)",
				          i + 1);
			return -1;
		}
	}
	return 0;
}

/* 1 when s (n bytes) equals the lower-case word w, ignoring ASCII case. */
static int
word_eq(const char *s, size_t n, const char *w)
{
	size_t i;

	if (strlen(w) != n)
		return 0;
	for (i = 0; i < n; i++)
		if (ascii_lower(s[i]) != w[i])
			return 0;
	return 1;
}

int
valid_bool(const char *s, size_t n, int *out, char *err, size_t errlen)
{
	int v;

	if (word_eq(s, n, "1") || word_eq(s, n, "true"))
		v = 1;
	else if (word_eq(s, n, "0") || word_eq(s, n, "false"))
		v = 0;
	else {
		valid_err(err, errlen, "must be 0 or 1");
		return -1;
	}
	if (out != NULL)
		*out = v;
	return 0;
}

/* Bounded writer for valid_mask: a unit is written whole or not at all, so
 * a truncated result never ends inside a UTF-8 sequence. */
struct mask_out {
	char *p;
	size_t len;
	size_t cap; /* bytes usable before the NUL */
	int full;
};

static void
mask_put(struct mask_out *o, const char *s, size_t n)
{
	if (o->full || n > o->cap - o->len) {
		o->full = 1;
		return;
	}
	memcpy(o->p + o->len, s, n);
	o->len += n;
}

/* Byte length of the character at s[i]: a whole code point in UTF-8
 * mode, one byte otherwise. */
static size_t
char_len(const char *s, size_t n, size_t i, int utf8)
{
	size_t j = i;
	uint32_t cp;

	if (!utf8 || utf8_next(s, n, &j, &cp) == -1)
		return 1;
	return j - i;
}

void
valid_mask(const char *s, size_t n, size_t head, size_t tail, char *out,
           size_t outlen)
{
	struct mask_out o;
	size_t chars, k, i, l;
	int utf8;

	if (out == NULL || outlen == 0)
		return;
	o.p = out;
	o.len = 0;
	o.cap = outlen - 1;
	o.full = 0;
	/* Characters are code points when s is UTF-8 (a name like "张三"
	 * masks per character), bytes otherwise. */
	utf8 = valid_utf8(s, n);
	chars = utf8 ? valid_utf8_chars(s, n) : n;
	if (head >= chars || tail >= chars - head) {
		for (k = 0; k < chars; k++)
			mask_put(&o, "*", 1);
		out[o.len] = '\0';
		return;
	}
	for (i = 0, k = 0; i < n; i += l, k++) {
		l = char_len(s, n, i, utf8);
		if (k < head || k >= chars - tail)
			mask_put(&o, s + i, l);
		else
			mask_put(&o, "*", 1);
	}
	out[o.len] = '\0';
}
