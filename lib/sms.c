/* Aliyun Dysmsapi SendSms client: signature version 1.0 (HMAC-SHA1) with
 * OpenSSL, the call with lib/http, answers read with cJSON.  Buffers that
 * hold the code or the key are sized exactly (no realloc leaves copies
 * behind) and wiped before they are freed. */
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <cJSON.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "buf.h"
#include "crypto.h"
#include "http.h"
#include "metrics.h"
#include "sms.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* Aliyun's answers are a few hundred bytes; more is not SendSms. */
#define ANSWER_MAX (64 * 1024)
/* Aliyun advises at least 1 s; we allow at most 5 s in all. */
#define TIMEOUT_MAX_MS 5000
/* Bounds on what is kept of an answer's strings. */
#define MESSAGE_MAX 1024
#define FIELD_MAX   128
#define CODE_MAX    64
/* Digit runs this long in a Message are masked (phone numbers, also with
 * a country prefix); codes are masked by name and value. */
#define DIGITS_MASKED 11
#define CTYPE_FORM    "application/x-www-form-urlencoded;charset=utf-8"

/* What an empty result string points to; never written, never freed. */
static const char none[] = "";

static const char *const outcome_names[SMS__MAX] = {
        [SMS_SENT] = "SMS_SENT",
        [SMS_REFUSED] = "SMS_REFUSED",
        [SMS_UNKNOWN] = "SMS_UNKNOWN",
        [SMS_NOTSENT] = "SMS_NOTSENT",
};

static void seterr(char *err, size_t errlen, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

static void
seterr(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL || errlen == 0)
		return;
	va_start(ap, fmt);
	/* A truncated message stays NUL-terminated and is still useful. */
	if (vsnprintf(err, errlen, fmt, ap) < 0)
		err[0] = '\0';
	va_end(ap);
}

/* Wipe a NUL-terminated string and free it.  Accepts NULL. */
static void
wipe_free(char *s)
{
	if (s == NULL)
		return;
	OPENSSL_cleanse(s, strlen(s));
	free(s);
}

/* ---- signing ---- */

static int
unreserved(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' ||
	       c == '~';
}

/* The length of n bytes percent-encoded. */
static size_t
enc_len(const char *s, size_t n)
{
	size_t i, len = 0;

	if (n > (SIZE_MAX - 1) / 3)
		abort();
	for (i = 0; i < n; i++)
		len += unreserved((unsigned char)s[i]) ? 1 : 3;
	return len;
}

/* Percent-encode n bytes at dst (enc_len bytes); returns the end. */
static char *
enc_into(char *dst, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (unreserved(c)) {
			*dst++ = (char)c;
		} else {
			*dst++ = '%';
			*dst++ = hex[c >> 4];
			*dst++ = hex[c & 15];
		}
	}
	return dst;
}

char *
sms_percent_encode(const char *s, size_t n)
{
	char *out;

	if (s == NULL)
		s = "", n = 0;
	out = xmalloc(enc_len(s, n) + 1);
	*enc_into(out, s, n) = '\0';
	return out;
}

static const char *
nz(const char *s)
{
	return s != NULL ? s : "";
}

static int
by_name(const void *a, const void *b)
{
	const struct sms_param *x = *(const struct sms_param *const *)a;
	const struct sms_param *y = *(const struct sms_param *const *)b;
	int c = strcmp(nz(x->name), nz(y->name));

	/* strcmp compares as unsigned char: byte order.  Equal names (never
	 * sent by us) are ordered by value so the result is defined. */
	return c != 0 ? c : strcmp(nz(x->value), nz(y->value));
}

char *
sms_canonical_query(const struct sms_param *p, size_t n)
{
	const struct sms_param **v = xcalloc(n ? n : 1, sizeof(*v));
	size_t i, m = 0, len = 0;
	char *out, *q;

	for (i = 0; i < n; i++)
		if (strcmp(nz(p[i].name), "Signature") != 0)
			v[m++] = &p[i];
	qsort(v, m, sizeof(*v), by_name);
	for (i = 0; i < m; i++) {
		const char *k = nz(v[i]->name), *val = nz(v[i]->value);

		len += (i > 0) + enc_len(k, strlen(k)) + 1 +
		       enc_len(val, strlen(val));
	}
	q = out = xmalloc(len + 1);
	for (i = 0; i < m; i++) {
		const char *k = nz(v[i]->name), *val = nz(v[i]->value);

		if (i > 0)
			*q++ = '&';
		q = enc_into(q, k, strlen(k));
		*q++ = '=';
		q = enc_into(q, val, strlen(val));
	}
	*q = '\0';
	free(v);
	return out;
}

char *
sms_string_to_sign(const char *method, const char *canonical)
{
	size_t ml, cl;
	char *out;

	if (method == NULL || canonical == NULL ||
	    (strcmp(method, "GET") != 0 && strcmp(method, "POST") != 0))
		return NULL;
	ml = strlen(method);
	cl = strlen(canonical);
	out = xmalloc(ml + 5 + enc_len(canonical, cl) + 1);
	memcpy(out, method, ml);
	memcpy(out + ml, "&%2F&", 5);
	*enc_into(out + ml + 5, canonical, cl) = '\0';
	return out;
}

int
sms_signature(const char *secret, const char *string_to_sign,
              char out[SMS_SIGNATURE_SIZE])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	size_t kl;
	char *key;
	int ok;

	out[0] = '\0';
	if (secret == NULL || string_to_sign == NULL)
		return -1;
	kl = strlen(secret);
	if (kl > INT_MAX - 2)
		return -1;
	key = xmalloc(kl + 2);
	memcpy(key, secret, kl);
	key[kl] = '&';
	key[kl + 1] = '\0';
	ok = HMAC(EVP_sha1(), key, (int)(kl + 1),
	          (const unsigned char *)string_to_sign, strlen(string_to_sign),
	          md, &mdlen) != NULL &&
	     mdlen == 20;
	OPENSSL_cleanse(key, kl + 2);
	free(key);
	if (ok && EVP_EncodeBlock((unsigned char *)out, md, 20) !=
	                  SMS_SIGNATURE_SIZE - 1)
		ok = 0;
	OPENSSL_cleanse(md, sizeof(md));
	if (!ok) {
		out[0] = '\0';
		return -1;
	}
	return 0;
}

int
sms_timestamp(time_t t, char out[SMS_TIMESTAMP_SIZE])
{
	struct tm tm;

	out[0] = '\0';
	/* Years outside 1000-9999 would not be four digits. */
	if (gmtime_r(&t, &tm) == NULL || tm.tm_year < 1000 - 1900 ||
	    tm.tm_year > 9999 - 1900)
		return -1;
	if (strftime(out, SMS_TIMESTAMP_SIZE, "%Y-%m-%dT%H:%M:%SZ", &tm) !=
	    SMS_TIMESTAMP_SIZE - 1) {
		out[0] = '\0';
		return -1;
	}
	return 0;
}

/* ---- checks made before anything is sent ---- */

int
sms_phone_valid(const char *phone)
{
	size_t i;

	if (phone == NULL || strnlen(phone, 12) != 11 || phone[0] != '1' ||
	    phone[1] < '3' || phone[1] > '9')
		return 0;
	for (i = 2; i < 11; i++)
		if (phone[i] < '0' || phone[i] > '9')
			return 0;
	return 1;
}

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int
is_alnum(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* 1 when the n bytes at h are a host name: dot-separated non-empty labels
 * of letters, digits and '-' (an IPv4 address is one too). */
static int
host_name(const char *h, size_t n)
{
	size_t i, label = 0;

	for (i = 0; i < n; i++) {
		if (h[i] == '.') {
			if (label == 0)
				return 0;
			label = 0;
		} else if (is_alnum(h[i]) || h[i] == '-') {
			label++;
		} else {
			return 0;
		}
	}
	return label > 0;
}

/* 1 when the n bytes at h are "[...]" with hex digits, ':' and '.'. */
static int
host_v6(const char *h, size_t n)
{
	size_t i;

	if (n < 4 || h[0] != '[' || h[n - 1] != ']')
		return 0;
	for (i = 1; i + 1 < n; i++)
		if (!(is_digit(h[i]) || (h[i] >= 'a' && h[i] <= 'f') ||
		      (h[i] >= 'A' && h[i] <= 'F') || h[i] == ':' ||
		      h[i] == '.'))
			return 0;
	return 1;
}

/* 1 when the n bytes at h are 127.a.b.c, four decimal octets without
 * leading zeros (which some parsers read as octal). */
static int
host_v4_loopback(const char *h, size_t n)
{
	size_t i = 0;
	int octet;

	for (octet = 0; octet < 4; octet++) {
		unsigned v = 0;
		size_t start = i;

		if (octet > 0) {
			if (i >= n || h[i] != '.')
				return 0;
			start = ++i;
		}
		while (i < n && is_digit(h[i]) && i - start < 3)
			v = v * 10 + (unsigned)(h[i++] - '0');
		if (i == start || v > 255 || (h[start] == '0' && i - start > 1))
			return 0;
		if (octet == 0 && v != 127)
			return 0;
	}
	return i == n;
}

static int
host_loopback(const char *h, size_t n)
{
	return (n == 9 && strncasecmp(h, "localhost", 9) == 0) ||
	       (n == 5 && memcmp(h, "[::1]", 5) == 0) || host_v4_loopback(h, n);
}

int
sms_url_allowed(const char *base)
{
	const char *p, *host;
	size_t hl;
	int tls;

	if (base == NULL)
		return 0;
	if (strncasecmp(base, "https://", 8) == 0) {
		tls = 1;
		p = base + 8;
	} else if (strncasecmp(base, "http://", 7) == 0) {
		tls = 0;
		p = base + 7;
	} else {
		return 0;
	}
	host = p;
	if (*p == '[') {
		const char *end = strchr(p, ']');

		if (end == NULL)
			return 0;
		p = end + 1;
	} else {
		while (*p != '\0' && *p != ':' && *p != '/')
			p++;
	}
	hl = (size_t)(p - host);
	if (*p == ':') {
		unsigned long port = 0;
		size_t nd = 0;

		for (p++; is_digit(*p) && nd < 6; p++, nd++)
			port = port * 10 + (unsigned long)(*p - '0');
		if (nd == 0 || nd > 5 || port == 0 || port > 65535)
			return 0;
	}
	if (*p == '/')
		p++;
	if (*p != '\0')
		return 0;
	if (!tls)
		return host_loopback(host, hl);
	return host_name(host, hl) || host_v6(host, hl);
}

/* 1 to SMS_CODE_MAX ASCII letters and digits. */
static int
code_valid(const char *code)
{
	size_t i;

	if (code == NULL || code[0] == '\0')
		return 0;
	for (i = 0; code[i] != '\0'; i++)
		if (i >= SMS_CODE_MAX || !is_alnum(code[i]))
			return 0;
	return 1;
}

/* ---- answers ---- */

static void
result_empty(struct sms_result *r)
{
	r->http_status = 0;
	r->code = r->message = r->request_id = r->biz_id = (char *)none;
	r->gateway = 0;
}

static void
str_free(char *s)
{
	if (s != none)
		free(s);
}

void
sms_result_free(struct sms_result *r)
{
	if (r == NULL)
		return;
	str_free(r->code);
	str_free(r->message);
	str_free(r->request_id);
	str_free(r->biz_id);
	result_empty(r);
}

const char *
sms_outcome_name(enum sms_outcome o)
{
	if ((int)o < 0 || o >= SMS__MAX || outcome_names[o] == NULL)
		return "SMS_?";
	return outcome_names[o];
}

/* A copy of s fit for a log line: control bytes become spaces, at most
 * max bytes (cut on a UTF-8 character boundary, "..." appended). */
static char *
clean_copy(const char *s, size_t max)
{
	size_t n = strlen(s), i;
	int cut = 0;
	char *out;

	if (n == 0)
		return (char *)none;
	if (n > max) {
		n = max;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
		cut = 1;
	}
	out = xmalloc(n + (cut ? 3 : 0) + 1);
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		out[i] = c < 0x20 || c == 0x7f ? ' ' : (char)c;
	}
	if (cut)
		memcpy(out + n, "...", 3), n += 3;
	out[n] = '\0';
	return out;
}

/* The length of the value at s that ends at sep (or the end of s). */
static size_t
value_len(const char *s, const char *sep)
{
	const char *e = strstr(s, sep);

	return e != NULL ? (size_t)(e - s) : strlen(s);
}

/* msg with the number and the code masked as "***": the values of
 * PhoneNumbers and TemplateParam in a (server's) StringToSign or query,
 * every run of DIGITS_MASKED or more digits, and every occurrence of
 * phone and code when given.  Frees msg; returns the new string. */
static char *
mask_message(char *msg, const char *phone, const char *code)
{
	static const struct {
		const char *name, *sep;
	} fields[] = {
	        {"PhoneNumbers%3D", "%26"},
	        {"TemplateParam%3D", "%26"},
	        {"PhoneNumbers=", "&"},
	        {"TemplateParam=", "&"},
	};
	size_t pl = phone ? strlen(phone) : 0, cl = code ? strlen(code) : 0;
	struct buf b = {0};
	const char *s = msg;
	size_t i;

	if (msg == none)
		return msg;
	buf_add(&b, "", 0);
	while (*s != '\0') {
		size_t run = 0, fl = 0;

		for (i = 0; i < NELEM(fields); i++) {
			fl = strlen(fields[i].name);
			if (strncmp(s, fields[i].name, fl) == 0)
				break;
		}
		if (i < NELEM(fields)) {
			buf_add(&b, s, fl);
			s += fl;
			if (value_len(s, fields[i].sep) > 0)
				buf_adds(&b, "***");
			s += value_len(s, fields[i].sep);
			continue;
		}
		if (pl > 0 && strncmp(s, phone, pl) == 0) {
			buf_adds(&b, "***");
			s += pl;
			continue;
		}
		if (cl > 0 && strncmp(s, code, cl) == 0) {
			buf_adds(&b, "***");
			s += cl;
			continue;
		}
		while (is_digit(s[run]))
			run++;
		if (run >= DIGITS_MASKED) {
			buf_adds(&b, "***");
			s += run;
		} else if (run > 0) {
			buf_add(&b, s, run);
			s += run;
		} else {
			buf_addc(&b, *s++);
		}
	}
	wipe_free(msg);
	return buf_take(&b, NULL);
}

/* 1 when c looks like an Aliyun Code: letters, digits, '.', '_', '-'. */
static int
code_shaped(const char *c)
{
	size_t i;

	for (i = 0; c[i] != '\0'; i++)
		if (i >= CODE_MAX || !(is_alnum(c[i]) || c[i] == '.' ||
		                       c[i] == '_' || c[i] == '-'))
			return 0;
	return i > 0;
}

static int
business_code(const char *c)
{
	return strncmp(c, "isv.", 4) == 0 || strncmp(c, "isp.", 4) == 0;
}

enum sms_outcome
sms_classify(long status, const char *body, size_t len, struct sms_result *out,
             char *err, size_t errlen)
{
	enum sms_outcome rc = SMS_UNKNOWN;
	int server_error = status >= 500 && status <= 599;
	const cJSON *code;
	cJSON *root;

	result_empty(out);
	seterr(err, errlen, "%s", "");
	out->http_status = status;
	root = http_json_exact(body, len);
	if (!cJSON_IsObject(root)) {
		if (server_error)
			seterr(err, errlen, "provider failed: HTTP %ld",
			       status);
		else
			seterr(err, errlen, "answer (HTTP %ld) is not JSON",
			       status);
		goto out;
	}
	out->request_id =
	        clean_copy(http_json_str(root, "RequestId"), FIELD_MAX);
	out->biz_id = clean_copy(http_json_str(root, "BizId"), FIELD_MAX);
	out->message = mask_message(
	        clean_copy(http_json_str(root, "Message"), MESSAGE_MAX), NULL,
	        NULL);
	code = cJSON_GetObjectItemCaseSensitive(root, "Code");
	if (!cJSON_IsString(code) || code->valuestring[0] == '\0') {
		seterr(err, errlen, "answer (HTTP %ld) has no Code", status);
		goto out;
	}
	if (!code_shaped(code->valuestring)) {
		seterr(err, errlen, "answer (HTTP %ld) has a malformed Code",
		       status);
		goto out;
	}
	out->code = xstrdup(code->valuestring);
	if (server_error) {
		seterr(err, errlen, "provider failed: HTTP %ld, Code %s",
		       status, out->code);
	} else if (strcmp(out->code, "OK") == 0) {
		if (status == 200)
			rc = SMS_SENT;
		else
			seterr(err, errlen, "Code OK with HTTP %ld", status);
	} else if (status == 200 || (status >= 400 && status <= 499)) {
		out->gateway = !business_code(out->code);
		rc = SMS_REFUSED;
	} else {
		seterr(err, errlen, "unexpected HTTP %ld (Code %s)", status,
		       out->code);
	}
out:
	cJSON_Delete(root);
	return rc;
}

/* ---- the request ---- */

/* {"code":"<code>"} with code escaped as a JSON string, sized exactly.
 * The caller wipes and frees it. */
static char *
template_param(const char *code)
{
	static const char hex[] = "0123456789abcdef";
	static const char head[] = "{\"code\":\"", tail[] = "\"}";
	size_t i, len = sizeof(head) - 1 + sizeof(tail) - 1;
	char *out, *q;

	for (i = 0; code[i] != '\0'; i++) {
		unsigned char c = (unsigned char)code[i];

		len += c == '"' || c == '\\' ? 2 : c < 0x20 ? 6 : 1;
	}
	q = out = xmalloc(len + 1);
	memcpy(q, head, sizeof(head) - 1);
	q += sizeof(head) - 1;
	for (i = 0; code[i] != '\0'; i++) {
		unsigned char c = (unsigned char)code[i];

		if (c == '"' || c == '\\') {
			*q++ = '\\';
			*q++ = (char)c;
		} else if (c < 0x20) {
			memcpy(q, "\\u00", 4);
			q[4] = hex[c >> 4];
			q[5] = hex[c & 15];
			q += 6;
		} else {
			*q++ = (char)c;
		}
	}
	memcpy(q, tail, sizeof(tail));
	return out;
}

static int
set(const char *s)
{
	return s != NULL && s[0] != '\0';
}

/* 0 when the configuration names a key, a secret, a sign name and a
 * template; else -1 with the missing setting in err. */
static int
config_check(const struct sms_config *c, char *err, size_t errlen)
{
	const char *missing = NULL;

	if (c == NULL)
		missing = "configuration";
	else if (!set(c->access_key_id))
		missing = "sms_access_key_id";
	else if (!set(c->access_key_secret))
		missing = "sms_access_key_secret";
	else if (!set(c->sign_name))
		missing = "sms_sign_name";
	else if (!set(c->template_code))
		missing = "sms_template_code";
	if (missing == NULL)
		return 0;
	seterr(err, errlen, "SMS not configured: no %s", missing);
	return -1;
}

char *
sms_request_body(const struct sms_config *c, const char *phone,
                 const char *code, const char *nonce, const char *timestamp,
                 char *err, size_t errlen)
{
	char sig[SMS_SIGNATURE_SIZE], *tp = NULL, *canon = NULL, *sts = NULL;
	char *body = NULL, *q;
	size_t cl;

	if (config_check(c, err, errlen) == -1)
		return NULL;
	if (phone == NULL || code == NULL || !set(nonce) || !set(timestamp)) {
		seterr(err, errlen, "no phone, code, nonce or timestamp");
		return NULL;
	}
	tp = template_param(code);
	{
		const struct sms_param p[] = {
		        {"AccessKeyId", c->access_key_id},
		        {"Action", "SendSms"},
		        {"Format", "JSON"},
		        {"PhoneNumbers", phone},
		        {"RegionId", "cn-hangzhou"},
		        {"SignName", c->sign_name},
		        {"SignatureMethod", "HMAC-SHA1"},
		        {"SignatureNonce", nonce},
		        {"SignatureVersion", "1.0"},
		        {"TemplateCode", c->template_code},
		        {"TemplateParam", tp},
		        {"Timestamp", timestamp},
		        {"Version", "2017-05-25"},
		};

		canon = sms_canonical_query(p, NELEM(p));
	}
	sts = sms_string_to_sign("POST", canon);
	if (sts == NULL ||
	    sms_signature(c->access_key_secret, sts, sig) == -1) {
		seterr(err, errlen, "signing the request failed");
		goto out;
	}
	cl = strlen(canon);
	q = body = xmalloc(cl + 11 + enc_len(sig, strlen(sig)) + 1);
	memcpy(q, canon, cl);
	memcpy(q + cl, "&Signature=", 11);
	*enc_into(q + cl + 11, sig, strlen(sig)) = '\0';
out:
	wipe_free(tp);
	wipe_free(canon);
	wipe_free(sts);
	return body;
}

/* api_base without its trailing '/', then "/". */
static char *
api_url(const char *base)
{
	size_t n = strlen(base);
	char *url;

	if (n > 0 && base[n - 1] == '/')
		n--;
	url = xmalloc(n + 2);
	memcpy(url, base, n);
	url[n] = '/';
	url[n + 1] = '\0';
	return url;
}

enum sms_outcome
sms_send(const struct sms_config *c, const char *phone, const char *code,
         struct sms_result *out, char *err, size_t errlen)
{
	char nonce[37], ts[SMS_TIMESTAMP_SIZE], herr[256];
	char *body = NULL, *url = NULL;
	struct http_resp r = {0};
	struct http_opts o = {0};
	enum sms_outcome rc = SMS_NOTSENT;

	result_empty(out);
	seterr(err, errlen, "%s", "");
	if (c == NULL || !sms_url_allowed(c->api_base)) {
		seterr(err, errlen, "sms_api_base is not an allowed URL");
		return SMS_NOTSENT;
	}
	if (config_check(c, err, errlen) == -1)
		return SMS_NOTSENT;
	if (!sms_phone_valid(phone)) {
		seterr(err, errlen, "not a mainland mobile number");
		return SMS_NOTSENT;
	}
	if (!code_valid(code)) {
		seterr(err, errlen, "the code is not 1 to %d letters or digits",
		       SMS_CODE_MAX);
		return SMS_NOTSENT;
	}
	if (crypto_uuid(nonce) == -1) {
		seterr(err, errlen, "no randomness for the SignatureNonce");
		return SMS_NOTSENT;
	}
	if (sms_timestamp(time(NULL), ts) == -1) {
		seterr(err, errlen, "cannot format the current time");
		return SMS_NOTSENT;
	}
	body = sms_request_body(c, phone, code, nonce, ts, err, errlen);
	if (body == NULL)
		return SMS_NOTSENT;
	url = api_url(c->api_base);
	o.timeout_ms = c->timeout_ms > 0 && c->timeout_ms <= TIMEOUT_MAX_MS
	                       ? c->timeout_ms
	                       : TIMEOUT_MAX_MS;
	o.max_body = ANSWER_MAX;
	o.ca_file = c->ca_file;
	o.peer = MP_SMS;
	/* Once: SendSms is not idempotent, a retry can deliver twice. */
	if (http_post(url, CTYPE_FORM, body, strlen(body), &o, &r, herr,
	              sizeof(herr)) == -1) {
		seterr(err, errlen, "no answer: %s", herr);
		rc = SMS_UNKNOWN;
		goto out;
	}
	rc = sms_classify(r.status, r.body, r.len, out, err, errlen);
	out->message = mask_message(out->message, phone, code);
out:
	wipe_free(body);
	free(url);
	/* A SignatureDoesNotMatch answer echoes the code. */
	if (r.body != NULL)
		OPENSSL_cleanse(r.body, r.len);
	http_resp_free(&r);
	return rc;
}
