/* libFuzzer target: the SMS provider's answer (sms_classify).  The first
 * byte picks the HTTP status, the rest is the body.  Invariants: the
 * outcome is sent, refused or unknown; sent only for HTTP 200 with Code
 * "OK", never on a 5xx; an unknown outcome says why; every string is
 * there, free of control bytes, and the Message holds no run of 11 digits
 * (a phone number); the strings are empty again after sms_result_free.
 * The body also goes through Aliyun's percent-encoding, which keeps only
 * A-Z a-z 0-9 - _ . ~ and writes every other byte as %XX. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sms.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const long statuses[] = {200, 200, 200, 200, 0,   201, 204, 302,
                                400, 403, 404, 429, 500, 502, 503, 599};

static void
check_string(const char *s)
{
	if (s == NULL)
		abort();
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			abort();
}

static void
check_masked(const char *s)
{
	size_t run = 0;

	for (; *s != '\0'; s++) {
		run = *s >= '0' && *s <= '9' ? run + 1 : 0;
		if (run >= 11)
			abort();
	}
}

static int
unreserved(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' ||
	       c == '~';
}

static int
upper_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F');
}

static void
check_encoding(const char *s, size_t n)
{
	char *e = sms_percent_encode(s, n);
	size_t i, j = 0;

	if (e == NULL)
		abort();
	for (i = 0; i < n; i++) {
		static const char hex[] = "0123456789ABCDEF";
		unsigned char c = (unsigned char)s[i];

		if (unreserved(c)) {
			if (e[j++] != (char)c)
				abort();
		} else if (e[j] != '%' || !upper_hex(e[j + 1]) ||
		           e[j + 1] != hex[c >> 4] || e[j + 2] != hex[c & 15]) {
			abort();
		} else {
			j += 3;
		}
	}
	if (e[j] != '\0')
		abort();
	free(e);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sms_result res = {0};
	enum sms_outcome o;
	const char *body;
	char err[256];
	long status;
	size_t len;

	if (size < 1)
		return 0;
	status = statuses[data[0] % (sizeof(statuses) / sizeof(statuses[0]))];
	body = (const char *)data + 1;
	len = size - 1;
	o = sms_classify(status, body, len, &res, err, sizeof(err));
	if (o != SMS_SENT && o != SMS_REFUSED && o != SMS_UNKNOWN)
		abort();
	if (res.http_status != status)
		abort();
	check_string(res.code);
	check_string(res.message);
	check_string(res.request_id);
	check_string(res.biz_id);
	check_masked(res.message);
	if (o == SMS_SENT && (status != 200 || strcmp(res.code, "OK") != 0))
		abort();
	if (o == SMS_REFUSED && (res.code[0] == '\0' ||
	                         strcmp(res.code, "OK") == 0 || status >= 500))
		abort();
	if (o == SMS_UNKNOWN && err[0] == '\0')
		abort();
	if (strnlen(err, sizeof(err)) == sizeof(err))
		abort();
	sms_result_free(&res);
	if (res.code == NULL || res.code[0] != '\0' || res.message[0] != '\0' ||
	    res.request_id[0] != '\0' || res.biz_id[0] != '\0')
		abort();
	check_encoding(body, len);
	return 0;
}
