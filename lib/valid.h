/* Validators for raw parameter text.  Each returns 0 when the value is
 * acceptable and -1 otherwise, writing the rule that was broken into err
 * (without the parameter's name, e.g. "must be an integer between 0 and
 * 100").  Inputs are (pointer, length) and need not be NUL-terminated. */
#ifndef ZF_VALID_H
#define ZF_VALID_H

#include <stddef.h>
#include <time.h>

/* printf the broken rule into err (errlen bytes; nothing when err is
 * NULL).  A text that does not fit is cut and ends in "..."; a failed
 * format leaves err empty. */
void valid_err(char *err, size_t errlen, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

/* 1 when s is well-formed UTF-8 (no overlongs, surrogates or values past
 * U+10FFFF) without NUL bytes; 0 otherwise. */
int valid_utf8(const char *s, size_t n);

/* The number of code points in well-formed UTF-8. */
size_t valid_utf8_chars(const char *s, size_t n);

/* A decimal integer (optional '-', no spaces, no '+', no leading zeros
 * except "0") in [min, max]. */
int valid_int(const char *s, size_t n, long long min, long long max,
              long long *out, char *err, size_t errlen);

/* A decimal number (integer or with a fraction, no exponent, no inf/nan)
 * in [min, max]. */
int valid_num(const char *s, size_t n, double min, double max, double *out,
              char *err, size_t errlen);

/* UTF-8 text of minc..maxc code points, without control characters other
 * than \n, \r and \t. */
int valid_text(const char *s, size_t n, long long minc, long long maxc,
               char *err, size_t errlen);

/* One of the NULL-terminated choices, exactly.  *idx gets its index. */
int valid_choice(const char *s, size_t n, const char *const *choices, int *idx,
                 char *err, size_t errlen);

/* A real calendar date YYYY-MM-DD, year 1900..2100; when not_after is
 * non-zero the date must not be after that time's UTC day.  *ymd gets
 * y*10000+m*100+d. */
int valid_date(const char *s, size_t n, time_t not_after, long *ymd, char *err,
               size_t errlen);

/* An 18-character resident ID number (GB 11643): 17 digits and a check
 * digit (0-9 or X, x accepted), with a real birth date.  Writes the
 * upper-cased number into out (19 bytes). */
int valid_idcard(const char *s, size_t n, char out[19], char *err,
                 size_t errlen);

/* A mainland mobile number: 11 digits, 1[3-9]xxxxxxxxx. */
int valid_mobile(const char *s, size_t n, char *err, size_t errlen);

/* minlen..maxlen ASCII digits. */
int valid_digits(const char *s, size_t n, size_t minlen, size_t maxlen,
                 char *err, size_t errlen);

/* An absolute http or https URL of minlen..maxlen bytes, printable and as
 * RFC 3986 writes it: a host after "//", and nothing but unreserved and
 * reserved characters and %XX escapes (no spaces, controls or raw
 * non-ASCII bytes). */
int valid_url(const char *s, size_t n, size_t minlen, size_t maxlen, char *err,
              size_t errlen);

/* A boolean: 0, 1, true, false (case-insensitive). */
int valid_bool(const char *s, size_t n, int *out, char *err, size_t errlen);

/* Mask s for display: keep the first head and last tail characters, put
 * '*' in between (everything masked when s is too short).  Writes a
 * NUL-terminated result into out. */
void valid_mask(const char *s, size_t n, size_t head, size_t tail, char *out,
                size_t outlen);

#endif
