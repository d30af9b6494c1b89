/* Unit tests for lib/sms.c: the spec's vectors (sms-protocol.md §2-§3),
 * the checks made before sending, the classification of answers, the
 * request body, and sms_send against a one-shot local server, a closed
 * loopback port and (when /usr/bin/python3 is there) tests/fakes/sms.py. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "buf.h"
#include "http.h"
#include "sms.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* The spec's worked example (§3). */
#define EX_SECRET "acc-sms-secret-0123456789"
#define EX_CANONICAL                                                           \
	"AccessKeyId=LTAIacc00000000000001&Action=SendSms&Format=JSON&"        \
	"OutId=7%20a%2Ab~c&PhoneNumbers=13800138000&RegionId=cn-hangzhou&"     \
	"SignName=%E7%A7%9F%E6%88%BF&SignatureMethod=HMAC-SHA1&"               \
	"SignatureNonce=3f1c2a5e-8b7d-4e21-9a60-0c4b5d6e7f80&"                 \
	"SignatureVersion=1.0&TemplateCode=SMS_000000001&"                     \
	"TemplateParam=%7B%22code%22%3A%22123456%22%7D&"                       \
	"Timestamp=2026-01-15T08%3A30%3A00Z&Version=2017-05-25"
#define EX_STS_TAIL                                                            \
	"&%2F&AccessKeyId%3DLTAIacc00000000000001%26Action%3DSendSms%26"       \
	"Format%3DJSON%26OutId%3D7%2520a%252Ab~c%26PhoneNumbers%"              \
	"3D13800138000%26RegionId%3Dcn-hangzhou%26SignName%3D%25E7%25A7%"      \
	"259F%25E6%2588%25BF%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce"   \
	"%3D3f1c2a5e-8b7d-4e21-9a60-0c4b5d6e7f80%26SignatureVersion%3D1.0%"    \
	"26TemplateCode%3DSMS_000000001%26TemplateParam%3D%257B%2522code%"     \
	"2522%253A%2522123456%2522%257D%26Timestamp%3D2026-01-15T08%253A30%"   \
	"253A00Z%26Version%3D2017-05-25"

/* In an order that is not the sorted one. */
static const struct sms_param example[] = {
        {"Version", "2017-05-25"},
        {"TemplateParam", "{\"code\":\"123456\"}"},
        {"SignName", "租房"},
        {"AccessKeyId", "LTAIacc00000000000001"},
        {"Timestamp", "2026-01-15T08:30:00Z"},
        {"Action", "SendSms"},
        {"OutId", "7 a*b~c"},
        {"SignatureVersion", "1.0"},
        {"Format", "JSON"},
        {"PhoneNumbers", "13800138000"},
        {"SignatureNonce", "3f1c2a5e-8b7d-4e21-9a60-0c4b5d6e7f80"},
        {"RegionId", "cn-hangzhou"},
        {"TemplateCode", "SMS_000000001"},
        {"SignatureMethod", "HMAC-SHA1"},
};

#define T_SECRET "unit-sms-secret+/=&42"
#define T_KEY_ID "LTAIunit000000000001"
#define T_PHONE  "13912345678"
#define T_CODE   "246810"

static struct sms_config
config(const char *base)
{
	struct sms_config c = {
	        .api_base = base,
	        .access_key_id = T_KEY_ID,
	        .access_key_secret = T_SECRET,
	        .sign_name = "租房",
	        .template_code = "SMS_000000001",
	        .timeout_ms = 3000,
	};

	return c;
}

/* None of the secret, the phone number or the code is in s. */
static void
assert_no_secrets(const char *s)
{
	assert_null(strstr(s, T_SECRET));
	assert_null(strstr(s, T_PHONE));
	assert_null(strstr(s, T_CODE));
}

static void
assert_result_clean(const struct sms_result *r)
{
	assert_no_secrets(r->code);
	assert_no_secrets(r->message);
	assert_no_secrets(r->request_id);
	assert_no_secrets(r->biz_id);
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* The decoded value of name in a form (first occurrence), or NULL;
 * caller frees.  '+' decodes as a space, as a form decoder does. */
static char *
form_get(const char *form, const char *name)
{
	size_t nl = strlen(name);
	const char *p = form;

	while (p != NULL && *p != '\0') {
		const char *end = strchr(p, '&');
		size_t len = end ? (size_t)(end - p) : strlen(p);

		if (len > nl && strncmp(p, name, nl) == 0 && p[nl] == '=') {
			struct buf b = {0};
			size_t i;

			buf_add(&b, "", 0);
			for (i = nl + 1; i < len; i++) {
				if (p[i] == '%' && i + 2 < len &&
				    hexval(p[i + 1]) >= 0 &&
				    hexval(p[i + 2]) >= 0) {
					buf_addc(&b,
					         (char)(hexval(p[i + 1]) * 16 +
					                hexval(p[i + 2])));
					i += 2;
				} else {
					buf_addc(&b, p[i] == '+' ? ' ' : p[i]);
				}
			}
			return buf_take(&b, NULL);
		}
		p = end ? end + 1 : NULL;
	}
	return NULL;
}

/* ---- percent-encoding ---- */

static void
test_percent_encode_java_vector(void **state)
{
	static const char in[] = "123abc!@#$%^&*()-=_+ ~|\\/";
	char *out = sms_percent_encode(in, strlen(in));

	(void)state;
	assert_string_equal(
	        out,
	        "123abc%21%40%23%24%25%5E%26%2A%28%29-%3D_%2B%20~%7C%5C%2F");
	free(out);
}

static void
test_percent_encode_unreserved_kept(void **state)
{
	static const char in[] =
	        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstu"
	        "vwxyz0123456789-_.~";
	char *out = sms_percent_encode(in, strlen(in));

	(void)state;
	assert_string_equal(out, in);
	free(out);
}

static void
test_percent_encode_space_star_tilde(void **state)
{
	char *out = sms_percent_encode("a b*c~d+e", 9);

	(void)state;
	assert_string_equal(out, "a%20b%2Ac~d%2Be");
	free(out);
}

static void
test_percent_encode_utf8_upper_hex(void **state)
{
	char *out = sms_percent_encode("租房", strlen("租房"));

	(void)state;
	assert_string_equal(out, "%E7%A7%9F%E6%88%BF");
	free(out);
	out = sms_percent_encode("\xff\x0a", 2);
	assert_string_equal(out, "%FF%0A");
	free(out);
}

static void
test_percent_encode_counts_bytes(void **state)
{
	char *out = sms_percent_encode("a\0b", 3);

	(void)state;
	assert_string_equal(out, "a%00b");
	free(out);
	out = sms_percent_encode("abc", 2);
	assert_string_equal(out, "ab");
	free(out);
	out = sms_percent_encode("", 0);
	assert_string_equal(out, "");
	free(out);
	out = sms_percent_encode(NULL, 0);
	assert_string_equal(out, "");
	free(out);
}

/* ---- canonical query, string to sign, signature ---- */

static void
test_canonical_spec_example(void **state)
{
	char *c = sms_canonical_query(example, NELEM(example));

	(void)state;
	assert_string_equal(c, EX_CANONICAL);
	free(c);
}

static void
test_canonical_leaves_out_signature(void **state)
{
	struct sms_param p[NELEM(example) + 1];
	char *c;

	(void)state;
	memcpy(p, example, sizeof(example));
	p[NELEM(example)].name = "Signature";
	p[NELEM(example)].value = "NnOEX2hLwA+48W60TUaCybcIu5E=";
	c = sms_canonical_query(p, NELEM(p));
	assert_string_equal(c, EX_CANONICAL);
	free(c);
}

static void
test_canonical_keeps_empty_values(void **state)
{
	static const struct sms_param p[] = {
	        {"b", ""}, {"a", "1"}, {"c", NULL}};
	char *c = sms_canonical_query(p, NELEM(p));

	(void)state;
	assert_string_equal(c, "a=1&b=&c=");
	free(c);
}

static void
test_canonical_byte_order(void **state)
{
	/* Upper case sorts before lower case, a prefix first, UTF-8 last. */
	static const struct sms_param p[] = {{"a", "4"},  {"é", "6"},
	                                     {"AB", "2"}, {"B", "3"},
	                                     {"A", "1"},  {"a_", "5"}};
	char *c = sms_canonical_query(p, NELEM(p));

	(void)state;
	assert_string_equal(c, "A=1&AB=2&B=3&a=4&a_=5&%C3%A9=6");
	free(c);
}

static void
test_canonical_empty(void **state)
{
	char *c = sms_canonical_query(NULL, 0);

	(void)state;
	assert_string_equal(c, "");
	free(c);
}

static void
test_string_to_sign_spec_example_get(void **state)
{
	char *sts = sms_string_to_sign("GET", EX_CANONICAL);

	(void)state;
	assert_string_equal(sts, "GET" EX_STS_TAIL);
	free(sts);
}

static void
test_string_to_sign_post(void **state)
{
	char *sts = sms_string_to_sign("POST", EX_CANONICAL);

	(void)state;
	assert_string_equal(sts, "POST" EX_STS_TAIL);
	free(sts);
}

static void
test_string_to_sign_refuses_other_methods(void **state)
{
	(void)state;
	assert_null(sms_string_to_sign("get", "a=1"));
	assert_null(sms_string_to_sign("PUT", "a=1"));
	assert_null(sms_string_to_sign("", "a=1"));
	assert_null(sms_string_to_sign(NULL, "a=1"));
	assert_null(sms_string_to_sign("GET", NULL));
}

static void
test_signature_spec_example_get(void **state)
{
	char sig[SMS_SIGNATURE_SIZE], *sent;

	(void)state;
	assert_int_equal(sms_signature(EX_SECRET, "GET" EX_STS_TAIL, sig), 0);
	assert_string_equal(sig, "NnOEX2hLwA+48W60TUaCybcIu5E=");
	sent = sms_percent_encode(sig, strlen(sig));
	assert_string_equal(sent, "NnOEX2hLwA%2B48W60TUaCybcIu5E%3D");
	free(sent);
}

static void
test_signature_spec_example_post(void **state)
{
	char sig[SMS_SIGNATURE_SIZE];

	(void)state;
	assert_int_equal(sms_signature(EX_SECRET, "POST" EX_STS_TAIL, sig), 0);
	assert_string_equal(sig, "eyAyB27fHt1tcvyduMqs4l64sVk=");
}

static void
test_signature_aliyun_documented_example(void **state)
{
	static const struct sms_param p[] = {
	        {"AccessKeyId", "testId"},
	        {"Action", "SendSms"},
	        {"Format", "XML"},
	        {"OutId", "123"},
	        {"PhoneNumbers", "15300000001"},
	        {"RegionId", "cn-hangzhou"},
	        {"SignName", "阿里云短信测试专用"},
	        {"SignatureMethod", "HMAC-SHA1"},
	        {"SignatureNonce", "45e25e9b-0a6f-4070-8c85-2956eda1b466"},
	        {"SignatureVersion", "1.0"},
	        {"TemplateCode", "SMS_71390007"},
	        {"TemplateParam", "{\"customer\":\"test\"}"},
	        {"Timestamp", "2017-07-12T02:42:19Z"},
	        {"Version", "2017-05-25"},
	};
	char sig[SMS_SIGNATURE_SIZE];
	char *c = sms_canonical_query(p, NELEM(p));
	char *sts = sms_string_to_sign("GET", c);

	(void)state;
	assert_int_equal(sms_signature("testSecret", sts, sig), 0);
	assert_string_equal(sig, "zJDF+Lrzhj/ThnlvIToysFRq6t4=");
	free(sts);
	free(c);
}

static void
test_signature_shape_and_key(void **state)
{
	char a[SMS_SIGNATURE_SIZE], b[SMS_SIGNATURE_SIZE];

	(void)state;
	assert_int_equal(sms_signature("s1", "GET&%2F&a%3D1", a), 0);
	assert_int_equal(strlen(a), 28);
	assert_int_equal(a[27], '=');
	assert_int_equal(sms_signature("s2", "GET&%2F&a%3D1", b), 0);
	assert_string_not_equal(a, b);
	/* The key is secret + "&": an empty secret still signs. */
	assert_int_equal(sms_signature("", "x", b), 0);
	assert_int_equal(strlen(b), 28);
}

static void
test_signature_refusals(void **state)
{
	char sig[SMS_SIGNATURE_SIZE] = "junk";

	(void)state;
	assert_int_equal(sms_signature(NULL, "x", sig), -1);
	assert_string_equal(sig, "");
	memcpy(sig, "junk", 5);
	assert_int_equal(sms_signature("s", NULL, sig), -1);
	assert_string_equal(sig, "");
}

/* ---- timestamps ---- */

static void
test_timestamp_vectors(void **state)
{
	static const struct {
		time_t t;
		const char *want;
	} v[] = {
	        {0, "1970-01-01T00:00:00Z"},
	        {1768465800, "2026-01-15T08:30:00Z"},
	        {1499827339, "2017-07-12T02:42:19Z"},
	        {1709251199, "2024-02-29T23:59:59Z"},
	        {253402300799, "9999-12-31T23:59:59Z"},
	};
	char out[SMS_TIMESTAMP_SIZE];
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(v); i++) {
		assert_int_equal(sms_timestamp(v[i].t, out), 0);
		assert_string_equal(out, v[i].want);
	}
}

static void
test_timestamp_is_utc_whatever_tz(void **state)
{
	char out[SMS_TIMESTAMP_SIZE];
	char *old = getenv("TZ") ? xstrdup(getenv("TZ")) : NULL;

	(void)state;
	setenv("TZ", "Asia/Shanghai", 1);
	tzset();
	assert_int_equal(sms_timestamp(1768465800, out), 0);
	assert_string_equal(out, "2026-01-15T08:30:00Z");
	if (old != NULL)
		setenv("TZ", old, 1);
	else
		unsetenv("TZ");
	tzset();
	free(old);
}

static void
test_timestamp_out_of_range(void **state)
{
	char out[SMS_TIMESTAMP_SIZE] = "junk";

	(void)state;
	/* Year 10000 does not fit the format. */
	assert_int_equal(sms_timestamp(253402300800, out), -1);
	assert_string_equal(out, "");
	/* Year 999 would not be four digits. */
	assert_int_equal(sms_timestamp(-30610224001, out), -1);
	assert_string_equal(out, "");
}

/* ---- phone numbers and URLs ---- */

static void
test_phone_valid(void **state)
{
	static const struct {
		const char *phone;
		int ok;
	} v[] = {
	        {"13800138000", 1},
	        {"19999999999", 1},
	        {"13000000000", 1},
	        {"12800138000", 0}, /* 1[3-9] */
	        {"10800138000", 0},
	        {"23800138000", 0},
	        {"1380013800", 0},   /* 10 digits */
	        {"138001380001", 0}, /* 12 digits */
	        {"+8613800138000", 0},
	        {"8613800138000", 0},
	        {"13800138000,13900139000", 0},
	        {"1380013800a", 0},
	        {"138 0013800", 0},
	        {" 13800138000", 0},
	        {"13800138000\n", 0},
	        {"", 0},
	        {NULL, 0},
	};
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(v); i++)
		assert_int_equal(sms_phone_valid(v[i].phone), v[i].ok);
}

static void
test_url_allowed(void **state)
{
	static const struct {
		const char *url;
		int ok;
	} v[] = {
	        {"https://dysmsapi.aliyuncs.com", 1},
	        {"https://dysmsapi.aliyuncs.com/", 1},
	        {"HTTPS://DYSMSAPI.ALIYUNCS.COM", 1},
	        {"https://dysmsapi.aliyuncs.com:443", 1},
	        {"https://10.0.0.1:8443/", 1},
	        {"https://[2001:db8::1]:443", 1},
	        {"http://127.0.0.1:8080", 1},
	        {"http://127.0.0.1:8080/", 1},
	        {"http://127.255.0.9", 1},
	        {"http://localhost:9", 1},
	        {"HTTP://LocalHost:9", 1},
	        {"http://[::1]:8080", 1},
	        {"http://dysmsapi.aliyuncs.com", 0}, /* http, not loopback */
	        {"http://10.0.0.1:80", 0},
	        {"http://128.0.0.1", 0},
	        {"http://127.1", 0},      /* four octets */
	        {"http://127.0.0.01", 0}, /* no leading zeros */
	        {"http://127.0.0.256", 0},
	        {"http://127.0.0.1.", 0},
	        {"http://localhost.evil.com", 0},
	        {"http://127.0.0.1@evil.com", 0},
	        {"https://user@dysmsapi.aliyuncs.com", 0},
	        {"https://dysmsapi.aliyuncs.com/path", 0},
	        {"https://dysmsapi.aliyuncs.com//", 0},
	        {"https://dysmsapi.aliyuncs.com?x=1", 0},
	        {"https://dysmsapi.aliyuncs.com#f", 0},
	        {"https://dysmsapi.aliyuncs.com:0", 0},
	        {"https://dysmsapi.aliyuncs.com:65536", 0},
	        {"https://dysmsapi.aliyuncs.com:", 0},
	        {"https://dysmsapi..com", 0},
	        {"https://", 0},
	        {"https:///", 0},
	        {"ftp://127.0.0.1", 0},
	        {"dysmsapi.aliyuncs.com", 0},
	        {"", 0},
	        {NULL, 0},
	};
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(v); i++) {
		if (sms_url_allowed(v[i].url) != v[i].ok)
			fail_msg("%s: want %d", v[i].url ? v[i].url : "NULL",
			         v[i].ok);
	}
}

/* ---- classification ---- */

static enum sms_outcome
classify(long status, const char *body, struct sms_result *r, char *err,
         size_t errlen)
{
	return sms_classify(status, body, body ? strlen(body) : 0, r, err,
	                    errlen);
}

static void
test_classify_sent(void **state)
{
	static const char body[] =
	        "{\"Message\":\"OK\",\"RequestId\":\"F655A8D5-B967-440B-8683-"
	        "DAD6FF8DE990\",\"BizId\":\"900619746936498440^0\",\"Code\":"
	        "\"OK\"}";
	struct sms_result r;
	char err[128] = "junk";

	(void)state;
	assert_int_equal(classify(200, body, &r, err, sizeof(err)), SMS_SENT);
	assert_int_equal(r.http_status, 200);
	assert_string_equal(r.code, "OK");
	assert_string_equal(r.message, "OK");
	assert_string_equal(r.request_id,
	                    "F655A8D5-B967-440B-8683-DAD6FF8DE990");
	assert_string_equal(r.biz_id, "900619746936498440^0");
	assert_int_equal(r.gateway, 0);
	assert_string_equal(err, "");
	sms_result_free(&r);
}

static void
test_classify_sent_with_whitespace(void **state)
{
	struct sms_result r;
	char err[128];

	(void)state;
	assert_int_equal(classify(200, "\n {\"Code\": \"OK\"}\r\n", &r, err,
	                          sizeof(err)),
	                 SMS_SENT);
	assert_string_equal(r.biz_id, "");
	sms_result_free(&r);
}

static void
test_classify_isv_refusals(void **state)
{
	static const char *const codes[] = {"isv.BUSINESS_LIMIT_CONTROL",
	                                    "isv.MOBILE_NUMBER_ILLEGAL",
	                                    "isv.TEMPLATE_MISSING_PARAMETERS",
	                                    "isv.INVALID_JSON_PARAM",
	                                    "isv.PARAM_LENGTH_LIMIT",
	                                    "isv.SMS_SIGNATURE_ILLEGAL",
	                                    "isv.SMS_TEMPLATE_ILLEGAL",
	                                    "isv.DAY_LIMIT_CONTROL",
	                                    "isv.AMOUNT_NOT_ENOUGH",
	                                    "isv.OUT_OF_SERVICE",
	                                    "isp.SYSTEM_ERROR"};
	struct sms_result r;
	struct buf b = {0};
	char err[128];
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(codes); i++) {
		buf_reset(&b);
		buf_addf(
		        &b,
		        "{\"Message\":\"触发分钟级流控Permits:1\",\"RequestId\""
		        ":\"R-%zu\",\"Code\":\"%s\"}",
		        i, codes[i]);
		assert_int_equal(classify(200, b.p, &r, err, sizeof(err)),
		                 SMS_REFUSED);
		assert_string_equal(r.code, codes[i]);
		assert_string_equal(r.message, "触发分钟级流控Permits:1");
		assert_int_equal(strncmp(r.request_id, "R-", 2), 0);
		assert_string_equal(r.biz_id, "");
		assert_int_equal(r.gateway, 0);
		assert_string_equal(err, "");
		sms_result_free(&r);
	}
	buf_free(&b);
}

static void
test_classify_gateway_refusals(void **state)
{
	static const struct {
		long status;
		const char *code;
	} v[] = {
	        {400, "SignatureDoesNotMatch"},
	        {404, "InvalidAccessKeyId.NotFound"},
	        {400, "SignatureNonceUsed"},
	        {400, "InvalidTimeStamp.Expired"},
	        {400, "InvalidTimeStamp.Format"},
	        {400, "MissingPhoneNumbers"},
	        {400, "InvalidVersion"},
	        {404, "InvalidAction.NotFound"},
	        {200, "Throttling.User"},
	};
	struct sms_result r;
	struct buf b = {0};
	char err[128];
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(v); i++) {
		buf_reset(&b);
		buf_addf(
		        &b,
		        "{\"RequestId\":\"R\",\"Message\":\"m\",\"Recommend\":"
		        "\"https://next.api.aliyun.com/troubleshoot\","
		        "\"HostId\":\"dysmsapi.aliyuncs.com\",\"Code\":\"%s\"}",
		        v[i].code);
		assert_int_equal(
		        classify(v[i].status, b.p, &r, err, sizeof(err)),
		        SMS_REFUSED);
		assert_string_equal(r.code, v[i].code);
		assert_int_equal(r.http_status, v[i].status);
		assert_int_equal(r.gateway, 1);
		sms_result_free(&r);
	}
	buf_free(&b);
}

static void
test_classify_5xx_is_unknown(void **state)
{
	static const char json[] =
	        "{\"RequestId\":\"R\",\"Message\":\"The request processing has "
	        "failed\",\"Code\":\"InternalError\"}";
	struct sms_result r;
	char err[128];

	(void)state;
	assert_int_equal(classify(500, json, &r, err, sizeof(err)),
	                 SMS_UNKNOWN);
	assert_string_equal(r.code, "InternalError");
	assert_string_equal(r.request_id, "R");
	assert_non_null(strstr(err, "HTTP 500"));
	sms_result_free(&r);
	assert_int_equal(
	        classify(503, "<html>busy</html>", &r, err, sizeof(err)),
	        SMS_UNKNOWN);
	assert_int_equal(r.http_status, 503);
	assert_string_equal(r.code, "");
	assert_non_null(strstr(err, "HTTP 503"));
	sms_result_free(&r);
	/* Even a Code OK is not a success with a 5xx. */
	assert_int_equal(
	        classify(502, "{\"Code\":\"OK\"}", &r, err, sizeof(err)),
	        SMS_UNKNOWN);
	sms_result_free(&r);
}

static void
test_classify_not_json_is_unknown(void **state)
{
	static const char *const bodies[] = {
	        "<html>502 Bad Gateway</html>",
	        "",
	        ("<?xml version='1.0'?><SendSmsResponse><Code>OK</Code>"
	         "</SendSmsResponse>"),
	        "{\"Code\":\"OK\"",
	        "{\"Code\":\"OK\"} trailing",
	        "[\"OK\"]",
	        "\"OK\"",
	        "null",
	};
	struct sms_result r;
	char err[128];
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(bodies); i++) {
		assert_int_equal(classify(200, bodies[i], &r, err, sizeof(err)),
		                 SMS_UNKNOWN);
		assert_non_null(strstr(err, "not JSON"));
		assert_string_equal(r.code, "");
		sms_result_free(&r);
	}
	assert_int_equal(sms_classify(200, NULL, 0, &r, err, sizeof(err)),
	                 SMS_UNKNOWN);
	sms_result_free(&r);
}

static void
test_classify_not_json_reads_only_len(void **state)
{
	static const char body[] = "{\"Code\":\"OK\"}";
	struct sms_result r;
	char err[128];

	(void)state;
	/* One byte short of the object. */
	assert_int_equal(
	        sms_classify(200, body, sizeof(body) - 2, &r, err, sizeof(err)),
	        SMS_UNKNOWN);
	sms_result_free(&r);
}

static void
test_classify_missing_code_is_unknown(void **state)
{
	static const char *const bodies[] = {
	        "{\"Message\":\"OK\",\"RequestId\":\"R\",\"BizId\":\"1^0\"}",
	        "{}",
	        "{\"Code\":\"\"}",
	        "{\"Code\":200}",
	        "{\"Code\":null}",
	        "{\"code\":\"OK\"}", /* names are case-sensitive */
	};
	struct sms_result r;
	char err[128];
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(bodies); i++) {
		assert_int_equal(classify(200, bodies[i], &r, err, sizeof(err)),
		                 SMS_UNKNOWN);
		assert_non_null(strstr(err, "no Code"));
		sms_result_free(&r);
	}
	/* 4xx without a Code is not a complete refusal either. */
	assert_int_equal(
	        classify(400, "{\"Message\":\"bad\"}", &r, err, sizeof(err)),
	        SMS_UNKNOWN);
	sms_result_free(&r);
}

static void
test_classify_malformed_code_is_unknown(void **state)
{
	struct sms_result r;
	struct buf b = {0};
	char err[128];

	(void)state;
	assert_int_equal(
	        classify(200, "{\"Code\":\"O K\\n\"}", &r, err, sizeof(err)),
	        SMS_UNKNOWN);
	assert_non_null(strstr(err, "malformed"));
	assert_string_equal(r.code, "");
	sms_result_free(&r);
	buf_adds(&b, "{\"Code\":\"isv.");
	for (int i = 0; i < 100; i++)
		buf_addc(&b, 'X');
	buf_adds(&b, "\"}");
	assert_int_equal(classify(200, b.p, &r, err, sizeof(err)), SMS_UNKNOWN);
	sms_result_free(&r);
	buf_free(&b);
}

static void
test_classify_other_statuses_are_unknown(void **state)
{
	static const long statuses[] = {201, 204, 302, 100, 0, 600};
	struct sms_result r;
	char err[128];
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(statuses); i++) {
		assert_int_equal(classify(statuses[i],
		                          "{\"Code\":\"isv.OUT_OF_SERVICE\"}",
		                          &r, err, sizeof(err)),
		                 SMS_UNKNOWN);
		sms_result_free(&r);
		assert_int_equal(classify(statuses[i], "{\"Code\":\"OK\"}", &r,
		                          err, sizeof(err)),
		                 SMS_UNKNOWN);
		sms_result_free(&r);
	}
	/* Code OK with a 4xx: not what Aliyun says. */
	assert_int_equal(
	        classify(400, "{\"Code\":\"OK\"}", &r, err, sizeof(err)),
	        SMS_UNKNOWN);
	assert_non_null(strstr(err, "HTTP 400"));
	sms_result_free(&r);
}

static void
test_classify_masks_server_string_to_sign(void **state)
{
	static const char body[] =
	        "{\"RequestId\":\"R\",\"Message\":\"Specified signature is not "
	        "matched with our calculation. server string to sign "
	        "is:POST&%2F&"
	        "AccessKeyId%3DLTAIx%26PhoneNumbers%3D13912345678%26"
	        "TemplateParam%3D%257B%2522code%2522%253A%2522ab12cd%2522%257D%"
	        "26Timestamp%3D2026\",\"Code\":\"SignatureDoesNotMatch\"}";
	struct sms_result r;
	char err[128];

	(void)state;
	assert_int_equal(classify(400, body, &r, err, sizeof(err)),
	                 SMS_REFUSED);
	assert_string_equal(r.message,
	                    "Specified signature is not matched with our "
	                    "calculation. server string to sign is:POST&%2F&"
	                    "AccessKeyId%3DLTAIx%26PhoneNumbers%3D***%26"
	                    "TemplateParam%3D***%26Timestamp%3D2026");
	sms_result_free(&r);
}

static void
test_classify_masks_numbers_in_message(void **state)
{
	struct sms_result r;
	char err[128];

	(void)state;
	assert_int_equal(classify(200,
	                          "{\"Code\":\"isv.MOBILE_NUMBER_ILLEGAL\","
	                          "\"Message\":\"号码13912345678或"
	                          "8613912345678非法, Permits:1\"}",
	                          &r, err, sizeof(err)),
	                 SMS_REFUSED);
	assert_string_equal(r.message, "号码***或***非法, Permits:1");
	sms_result_free(&r);
}

static void
test_classify_cleans_message(void **state)
{
	struct sms_result r;
	struct buf b = {0};
	char err[128];
	size_t i;

	(void)state;
	assert_int_equal(classify(200,
	                          "{\"Code\":\"isp.SYSTEM_ERROR\",\"Message\":"
	                          "\"a\\nb\\u0007c\\td\",\"RequestId\":"
	                          "\"r\\r\\n1\"}",
	                          &r, err, sizeof(err)),
	                 SMS_REFUSED);
	assert_string_equal(r.message, "a b c d");
	assert_string_equal(r.request_id, "r  1");
	sms_result_free(&r);
	/* A long message is cut on a character boundary. */
	buf_adds(&b, "{\"Code\":\"isp.SYSTEM_ERROR\",\"Message\":\"");
	for (i = 0; i < 1000; i++)
		buf_adds(&b, "流");
	buf_adds(&b, "\"}");
	assert_int_equal(classify(200, b.p, &r, err, sizeof(err)), SMS_REFUSED);
	assert_true(strlen(r.message) <= 1024 + 3);
	assert_int_equal(strcmp(r.message + strlen(r.message) - 3, "..."), 0);
	assert_int_equal((strlen(r.message) - 3) % 3, 0);
	sms_result_free(&r);
	buf_free(&b);
}

static void
test_result_free_empties(void **state)
{
	struct sms_result r;
	char err[64];

	(void)state;
	classify(200, "{\"Code\":\"OK\",\"BizId\":\"1^0\"}", &r, err,
	         sizeof(err));
	sms_result_free(&r);
	assert_string_equal(r.code, "");
	assert_string_equal(r.message, "");
	assert_string_equal(r.request_id, "");
	assert_string_equal(r.biz_id, "");
	assert_int_equal(r.http_status, 0);
	sms_result_free(&r); /* twice is fine */
	sms_result_free(NULL);
	memset(&r, 0, sizeof(r));
	sms_result_free(&r); /* zeroed is fine */
}

static void
test_outcome_names(void **state)
{
	(void)state;
	assert_string_equal(sms_outcome_name(SMS_SENT), "SMS_SENT");
	assert_string_equal(sms_outcome_name(SMS_REFUSED), "SMS_REFUSED");
	assert_string_equal(sms_outcome_name(SMS_UNKNOWN), "SMS_UNKNOWN");
	assert_string_equal(sms_outcome_name(SMS_NOTSENT), "SMS_NOTSENT");
	assert_string_equal(sms_outcome_name(SMS__MAX), "SMS_?");
}

/* ---- the request body ---- */

static void
test_request_body_params(void **state)
{
	static const char *const want[][2] = {
	        {"AccessKeyId", T_KEY_ID},
	        {"Action", "SendSms"},
	        {"Format", "JSON"},
	        {"PhoneNumbers", T_PHONE},
	        {"RegionId", "cn-hangzhou"},
	        {"SignName", "租房"},
	        {"SignatureMethod", "HMAC-SHA1"},
	        {"SignatureNonce", "3f1c2a5e-8b7d-4e21-9a60-0c4b5d6e7f80"},
	        {"SignatureVersion", "1.0"},
	        {"TemplateCode", "SMS_000000001"},
	        {"TemplateParam", "{\"code\":\"" T_CODE "\"}"},
	        {"Timestamp", "2026-01-15T08:30:00Z"},
	        {"Version", "2017-05-25"},
	};
	struct sms_config c = config("https://dysmsapi.aliyuncs.com");
	char err[128], *body, *v;
	size_t i;

	(void)state;
	body = sms_request_body(&c, T_PHONE, T_CODE,
	                        "3f1c2a5e-8b7d-4e21-9a60-0c4b5d6e7f80",
	                        "2026-01-15T08:30:00Z", err, sizeof(err));
	assert_non_null(body);
	for (i = 0; i < NELEM(want); i++) {
		v = form_get(body, want[i][0]);
		if (v == NULL)
			fail_msg("no %s", want[i][0]);
		assert_string_equal(v, want[i][1]);
		free(v);
	}
	assert_null(form_get(body, "OutId"));
	assert_null(strstr(body, T_SECRET));
	assert_null(strchr(body, '+')); /* a bare + would arrive as a space */
	assert_null(strchr(body, ' '));
	free(body);
}

static void
test_request_body_signed_for_post(void **state)
{
	struct sms_config c = config("https://dysmsapi.aliyuncs.com");
	char err[128], sig[SMS_SIGNATURE_SIZE], *body, *sent, *canon, *sts;
	const char *tail;

	(void)state;
	body = sms_request_body(&c, T_PHONE, T_CODE, "n-1",
	                        "2026-01-15T08:30:00Z", err, sizeof(err));
	assert_non_null(body);
	/* Sorted parameters, then the Signature last. */
	tail = strstr(body, "&Signature=");
	assert_non_null(tail);
	assert_null(strchr(tail + 1, '&'));
	canon = xstrndup(body, (size_t)(tail - body));
	sts = sms_string_to_sign("POST", canon);
	assert_int_equal(sms_signature(T_SECRET, sts, sig), 0);
	sent = form_get(body, "Signature");
	assert_string_equal(sent, sig);
	assert_int_equal(strncmp(body, "AccessKeyId=", 12), 0);
	free(sent);
	free(sts);
	free(canon);
	free(body);
}

static void
test_request_body_matches_canonical_query(void **state)
{
	struct sms_config c = config("https://dysmsapi.aliyuncs.com");
	const struct sms_param p[] = {
	        {"TemplateParam", "{\"code\":\"" T_CODE "\"}"},
	        {"AccessKeyId", T_KEY_ID},
	        {"Action", "SendSms"},
	        {"Format", "JSON"},
	        {"PhoneNumbers", T_PHONE},
	        {"RegionId", "cn-hangzhou"},
	        {"SignName", "租房"},
	        {"SignatureMethod", "HMAC-SHA1"},
	        {"SignatureNonce", "n-2"},
	        {"SignatureVersion", "1.0"},
	        {"TemplateCode", "SMS_000000001"},
	        {"Timestamp", "2026-01-15T08:30:00Z"},
	        {"Version", "2017-05-25"},
	};
	char err[128], *body, *canon;

	(void)state;
	body = sms_request_body(&c, T_PHONE, T_CODE, "n-2",
	                        "2026-01-15T08:30:00Z", err, sizeof(err));
	canon = sms_canonical_query(p, NELEM(p));
	assert_non_null(body);
	assert_int_equal(strncmp(body, canon, strlen(canon)), 0);
	assert_int_equal(strncmp(body + strlen(canon), "&Signature=", 11), 0);
	free(canon);
	free(body);
}

static void
test_request_body_escapes_code_as_json(void **state)
{
	struct sms_config c = config("https://dysmsapi.aliyuncs.com");
	char err[128], *body, *tp;

	(void)state;
	body = sms_request_body(&c, T_PHONE, "a\"b\\c\x01", "n", "t", err,
	                        sizeof(err));
	assert_non_null(body);
	tp = form_get(body, "TemplateParam");
	assert_string_equal(tp, "{\"code\":\"a\\\"b\\\\c\\u0001\"}");
	free(tp);
	free(body);
}

static void
test_request_body_refusals(void **state)
{
	struct sms_config c = config("https://dysmsapi.aliyuncs.com");
	struct sms_config bad;
	char err[128];

	(void)state;
	assert_null(sms_request_body(NULL, T_PHONE, T_CODE, "n", "t", err,
	                             sizeof(err)));
	bad = c;
	bad.access_key_id = "";
	assert_null(sms_request_body(&bad, T_PHONE, T_CODE, "n", "t", err,
	                             sizeof(err)));
	assert_non_null(strstr(err, "sms_access_key_id"));
	bad = c;
	bad.access_key_secret = NULL;
	assert_null(sms_request_body(&bad, T_PHONE, T_CODE, "n", "t", err,
	                             sizeof(err)));
	assert_non_null(strstr(err, "sms_access_key_secret"));
	bad = c;
	bad.sign_name = "";
	assert_null(sms_request_body(&bad, T_PHONE, T_CODE, "n", "t", err,
	                             sizeof(err)));
	assert_non_null(strstr(err, "sms_sign_name"));
	bad = c;
	bad.template_code = NULL;
	assert_null(sms_request_body(&bad, T_PHONE, T_CODE, "n", "t", err,
	                             sizeof(err)));
	assert_non_null(strstr(err, "sms_template_code"));
	assert_null(sms_request_body(&c, T_PHONE, T_CODE, "", "t", err,
	                             sizeof(err)));
	assert_null(sms_request_body(&c, T_PHONE, T_CODE, "n", NULL, err,
	                             sizeof(err)));
	assert_null(
	        sms_request_body(&c, NULL, T_CODE, "n", "t", err, sizeof(err)));
	assert_no_secrets(err);
}

/* ---- sms_send without a server ---- */

/* A bound but not listening port on 127.0.0.1: connections are refused. */
static int
closed_port(void)
{
	struct sockaddr_in a = {.sin_family = AF_INET};
	socklen_t alen = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM, 0), port;

	assert_true(fd >= 0);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &alen), 0);
	port = ntohs(a.sin_port);
	close(fd);
	return port;
}

static char *
base_url(int port)
{
	struct buf b = {0};

	buf_addf(&b, "http://127.0.0.1:%d", port);
	return buf_take(&b, NULL);
}

static void
test_send_not_sent(void **state)
{
	static const struct {
		const char *base, *phone, *code;
	} v[] = {
	        {"http://dysmsapi.aliyuncs.com", T_PHONE, T_CODE},
	        {"https://x.example/path", T_PHONE, T_CODE},
	        {NULL, T_PHONE, T_CODE},
	        {"http://127.0.0.1:9", "+86" T_PHONE, T_CODE},
	        {"http://127.0.0.1:9", "12912345678", T_CODE},
	        {"http://127.0.0.1:9", NULL, T_CODE},
	        {"http://127.0.0.1:9", T_PHONE, ""},
	        {"http://127.0.0.1:9", T_PHONE, NULL},
	        {"http://127.0.0.1:9", T_PHONE, "24681 0"},
	        {"http://127.0.0.1:9", T_PHONE, "2468\"10"},
	        {"http://127.0.0.1:9", T_PHONE, "123456789012345678901"},
	};
	struct sms_result r;
	char err[256];
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(v); i++) {
		struct sms_config c = config(v[i].base);

		assert_int_equal(sms_send(&c, v[i].phone, v[i].code, &r, err,
		                          sizeof(err)),
		                 SMS_NOTSENT);
		assert_true(err[0] != '\0');
		assert_no_secrets(err);
		assert_int_equal(r.http_status, 0);
		assert_string_equal(r.code, "");
		sms_result_free(&r);
	}
}

static void
test_send_not_configured(void **state)
{
	struct sms_config c = config("http://127.0.0.1:9");
	struct sms_result r;
	char err[256];

	(void)state;
	c.access_key_secret = "";
	assert_int_equal(sms_send(&c, T_PHONE, T_CODE, &r, err, sizeof(err)),
	                 SMS_NOTSENT);
	assert_non_null(strstr(err, "not configured"));
	sms_result_free(&r);
	assert_int_equal(sms_send(NULL, T_PHONE, T_CODE, &r, err, sizeof(err)),
	                 SMS_NOTSENT);
	sms_result_free(&r);
}

static void
test_send_code_max_length_accepted(void **state)
{
	/* 20 characters is allowed: it goes out (to nobody: unknown). */
	char *base = base_url(closed_port()), err[256];
	struct sms_config c = config(base);
	struct sms_result r;

	(void)state;
	assert_int_equal(sms_send(&c, T_PHONE, "12345678901234567890", &r, err,
	                          sizeof(err)),
	                 SMS_UNKNOWN);
	sms_result_free(&r);
	free(base);
}

static void
test_send_unreachable_is_unknown(void **state)
{
	char *base = base_url(closed_port()), err[256];
	struct sms_config c = config(base);
	struct sms_result r;

	(void)state;
	assert_int_equal(sms_send(&c, T_PHONE, T_CODE, &r, err, sizeof(err)),
	                 SMS_UNKNOWN);
	assert_int_equal(r.http_status, 0);
	assert_string_equal(r.code, "");
	assert_non_null(strstr(err, "no answer"));
	assert_no_secrets(err);
	sms_result_free(&r);
	free(base);
}

static void
test_send_silent_server_times_out(void **state)
{
	struct sockaddr_in a = {.sin_family = AF_INET};
	socklen_t alen = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sms_config c;
	struct sms_result r;
	char *base, err[256];
	time_t t0;

	(void)state;
	/* Listening, never accepting: the connect succeeds, nobody answers. */
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(listen(fd, 4), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &alen), 0);
	base = base_url(ntohs(a.sin_port));
	c = config(base);
	c.timeout_ms = 300;
	t0 = time(NULL);
	assert_int_equal(sms_send(&c, T_PHONE, T_CODE, &r, err, sizeof(err)),
	                 SMS_UNKNOWN);
	assert_true(time(NULL) - t0 <= 3);
	assert_no_secrets(err);
	sms_result_free(&r);
	close(fd);
	free(base);
}

/* ---- sms_send against a one-shot local server ---- */

struct oneshot {
	int port;
	pid_t pid;
	int rd; /* the request as the server read it */
};

/* Child: accept one connection, read one request, hand it to the parent
 * through wr, answer status and body. */
static void
oneshot_serve(int lfd, int wr, const char *status, const char *body)
{
	char req[65536], *end, *cl;
	size_t n = 0, need = 0;
	struct buf out = {0};
	int fd = accept(lfd, NULL, NULL);

	if (fd == -1)
		_exit(1);
	for (;;) {
		ssize_t r = read(fd, req + n, sizeof(req) - 1 - n);

		if (r <= 0)
			_exit(1);
		n += (size_t)r;
		req[n] = '\0';
		if ((end = strstr(req, "\r\n\r\n")) == NULL)
			continue;
		if (need == 0) {
			cl = strcasestr(req, "\r\nContent-Length:");
			need = (size_t)(end + 4 - req) +
			       (cl ? strtoul(cl + 17, NULL, 10) : 0);
		}
		if (n >= need)
			break;
	}
	if (write(wr, req, n) != (ssize_t)n)
		_exit(1);
	buf_addf(&out,
	         "HTTP/1.1 %s\r\nContent-Type: application/json;charset=utf-8"
	         "\r\nContent-Length: %zu\r\nConnection: close\r\n\r\n%s",
	         status, strlen(body), body);
	if (write(fd, out.p, out.len) != (ssize_t)out.len)
		_exit(1);
	close(fd);
	_exit(0);
}

static void
oneshot_start(struct oneshot *s, const char *status, const char *body)
{
	struct sockaddr_in a = {.sin_family = AF_INET};
	socklen_t alen = sizeof(a);
	int p[2], lfd = socket(AF_INET, SOCK_STREAM, 0);

	assert_true(lfd >= 0);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(lfd, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(listen(lfd, 4), 0);
	assert_int_equal(getsockname(lfd, (struct sockaddr *)&a, &alen), 0);
	s->port = ntohs(a.sin_port);
	assert_int_equal(pipe(p), 0);
	s->pid = fork();
	assert_true(s->pid >= 0);
	if (s->pid == 0) {
		close(p[0]);
		oneshot_serve(lfd, p[1], status, body);
	}
	close(p[1]);
	close(lfd);
	s->rd = p[0];
}

/* The request the server saw (caller frees). */
static char *
oneshot_finish(struct oneshot *s)
{
	struct buf b = {0};
	char chunk[4096];
	ssize_t r;
	int st;

	buf_add(&b, "", 0);
	while ((r = read(s->rd, chunk, sizeof(chunk))) > 0)
		buf_add(&b, chunk, (size_t)r);
	close(s->rd);
	assert_int_equal(waitpid(s->pid, &st, 0), s->pid);
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	return buf_take(&b, NULL);
}

static int
uuid4_shaped(const char *s)
{
	size_t i;

	if (strlen(s) != 36 || s[14] != '4')
		return 0;
	for (i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return 0;
		} else if (!((s[i] >= '0' && s[i] <= '9') ||
		             (s[i] >= 'a' && s[i] <= 'f'))) {
			return 0;
		}
	}
	return strchr("89ab", s[19]) != NULL;
}

static void
test_send_sent_request_shape(void **state)
{
	static const char ok[] =
	        "{\"Message\":\"OK\",\"RequestId\":\"RID-1\",\"Code\":\"OK\","
	        "\"BizId\":\"900619746936498440^0\"}";
	struct oneshot s;
	struct sms_result r;
	char *base, *req, *form, *v, *tail, *canon, *sts, err[256];
	char sig[SMS_SIGNATURE_SIZE], lo[SMS_TIMESTAMP_SIZE],
	        hi[SMS_TIMESTAMP_SIZE];
	struct sms_config c;

	(void)state;
	oneshot_start(&s, "200 OK", ok);
	base = base_url(s.port);
	c = config(base);
	sms_timestamp(time(NULL), lo);
	assert_int_equal(sms_send(&c, T_PHONE, T_CODE, &r, err, sizeof(err)),
	                 SMS_SENT);
	sms_timestamp(time(NULL), hi);
	assert_string_equal(r.biz_id, "900619746936498440^0");
	assert_string_equal(r.request_id, "RID-1");
	assert_int_equal(r.http_status, 200);
	assert_string_equal(err, "");
	sms_result_free(&r);
	req = oneshot_finish(&s);
	assert_int_equal(strncmp(req, "POST / HTTP/1.1\r\n", 17), 0);
	assert_non_null(strstr(req, "\r\nContent-Type: application/x-www-form-"
	                            "urlencoded;charset=utf-8\r\n"));
	form = strstr(req, "\r\n\r\n") + 4;
	v = form_get(form, "SignatureNonce");
	assert_true(uuid4_shaped(v));
	free(v);
	v = form_get(form, "Timestamp");
	assert_true(strcmp(v, lo) >= 0 && strcmp(v, hi) <= 0);
	free(v);
	v = form_get(form, "PhoneNumbers");
	assert_string_equal(v, T_PHONE);
	free(v);
	/* The signature verifies for POST over what was sent. */
	tail = strstr(form, "&Signature=");
	assert_non_null(tail);
	canon = xstrndup(form, (size_t)(tail - form));
	sts = sms_string_to_sign("POST", canon);
	assert_int_equal(sms_signature(T_SECRET, sts, sig), 0);
	v = form_get(form, "Signature");
	assert_string_equal(v, sig);
	free(v);
	free(sts);
	free(canon);
	free(req);
	free(base);
}

static void
test_send_trailing_slash_base(void **state)
{
	struct oneshot s;
	struct sms_result r;
	struct buf b = {0};
	struct sms_config c;
	char *req, err[256];

	(void)state;
	oneshot_start(&s, "200 OK", "{\"Code\":\"OK\",\"BizId\":\"1^0\"}");
	buf_addf(&b, "http://localhost:%d/", s.port);
	c = config(b.p);
	assert_int_equal(sms_send(&c, T_PHONE, T_CODE, &r, err, sizeof(err)),
	                 SMS_SENT);
	sms_result_free(&r);
	req = oneshot_finish(&s);
	assert_int_equal(strncmp(req, "POST / HTTP/1.1\r\n", 17), 0);
	free(req);
	buf_free(&b);
}

static void
test_send_new_nonce_each_time(void **state)
{
	struct oneshot s;
	struct sms_result r;
	struct sms_config c;
	char *base, *req, *n1, *n2, err[256];

	(void)state;
	oneshot_start(&s, "200 OK", "{\"Code\":\"OK\"}");
	base = base_url(s.port);
	c = config(base);
	sms_send(&c, T_PHONE, T_CODE, &r, err, sizeof(err));
	sms_result_free(&r);
	req = oneshot_finish(&s);
	n1 = form_get(strstr(req, "\r\n\r\n") + 4, "SignatureNonce");
	free(req);
	free(base);
	oneshot_start(&s, "200 OK", "{\"Code\":\"OK\"}");
	base = base_url(s.port);
	c = config(base);
	sms_send(&c, T_PHONE, T_CODE, &r, err, sizeof(err));
	sms_result_free(&r);
	req = oneshot_finish(&s);
	n2 = form_get(strstr(req, "\r\n\r\n") + 4, "SignatureNonce");
	assert_string_not_equal(n1, n2);
	free(n1);
	free(n2);
	free(req);
	free(base);
}

static void
test_send_refusal_masks_phone_and_code(void **state)
{
	static const char body[] =
	        "{\"RequestId\":\"R\",\"Message\":\"server string to sign is:"
	        "POST&%2F&PhoneNumbers%3D13912345678%26TemplateParam%3D%257B%"
	        "2522code%2522%253A%2522246810%2522%257D%26Timestamp%3Dx "
	        "again 13912345678 and 246810\",\"Recommend\":\"u\","
	        "\"HostId\":\"h\",\"Code\":\"SignatureDoesNotMatch\"}";
	struct oneshot s;
	struct sms_result r;
	struct sms_config c;
	char *base, *req, err[256];

	(void)state;
	oneshot_start(&s, "400 Bad Request", body);
	base = base_url(s.port);
	c = config(base);
	assert_int_equal(sms_send(&c, T_PHONE, T_CODE, &r, err, sizeof(err)),
	                 SMS_REFUSED);
	assert_int_equal(r.gateway, 1);
	assert_int_equal(r.http_status, 400);
	assert_string_equal(r.code, "SignatureDoesNotMatch");
	assert_non_null(strstr(r.message, "server string to sign is:POST"));
	assert_non_null(strstr(r.message, "again *** and ***"));
	assert_result_clean(&r);
	assert_no_secrets(err);
	sms_result_free(&r);
	req = oneshot_finish(&s);
	free(req);
	free(base);
}

static void
test_send_business_refusal(void **state)
{
	struct oneshot s;
	struct sms_result r;
	struct sms_config c;
	char *base, *req, err[256];

	(void)state;
	oneshot_start(&s, "200 OK",
	              "{\"Message\":\"触发分钟级流控Permits:1\",\"RequestId\":"
	              "\"R\",\"Code\":\"isv.BUSINESS_LIMIT_CONTROL\"}");
	base = base_url(s.port);
	c = config(base);
	assert_int_equal(sms_send(&c, T_PHONE, T_CODE, &r, err, sizeof(err)),
	                 SMS_REFUSED);
	assert_int_equal(r.gateway, 0);
	assert_string_equal(r.code, "isv.BUSINESS_LIMIT_CONTROL");
	assert_string_equal(r.message, "触发分钟级流控Permits:1");
	sms_result_free(&r);
	req = oneshot_finish(&s);
	free(req);
	free(base);
}

static void
test_send_5xx_and_garbage_are_unknown(void **state)
{
	static const struct {
		const char *status, *body;
	} v[] = {
	        {"503 Service Unavailable",
	         "{\"Code\":\"ServiceUnavailable\",\"RequestId\":\"R\"}"},
	        {"500 Internal Server Error", "oops"},
	        {"200 OK", "<html>upstream busy</html>"},
	        {"200 OK", "{\"Message\":\"OK\"}"},
	};
	struct oneshot s;
	struct sms_result r;
	struct sms_config c;
	char *base, *req, err[256];
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(v); i++) {
		oneshot_start(&s, v[i].status, v[i].body);
		base = base_url(s.port);
		c = config(base);
		assert_int_equal(
		        sms_send(&c, T_PHONE, T_CODE, &r, err, sizeof(err)),
		        SMS_UNKNOWN);
		assert_true(err[0] != '\0');
		assert_no_secrets(err);
		sms_result_free(&r);
		req = oneshot_finish(&s);
		free(req);
		free(base);
	}
}

/* ---- sms_send against tests/fakes/sms.py ---- */

#define PYTHON   "/usr/bin/python3"
#define FAKE_SMS "tests/fakes/sms.py"

/* The fake, started by the first test that needs it, stopped at the end
 * of the group. */
static struct {
	pid_t pid;
	int port;
	char secret_file[64];
	int failed;
} fake;

static void
fake_stop(void)
{
	int st;

	if (fake.pid > 0) {
		kill(fake.pid, SIGTERM);
		waitpid(fake.pid, &st, 0);
		fake.pid = 0;
	}
	if (fake.secret_file[0] != '\0') {
		unlink(fake.secret_file);
		fake.secret_file[0] = '\0';
	}
}

/* Start the fake (once); skips the test when it cannot run here. */
static void
fake_need(void)
{
	char line[128], *base, err[256];
	size_t n = 0;
	int p[2], fd;
	struct http_resp r;
	struct http_opts o = {.timeout_ms = 3000};

	if (fake.failed || access(PYTHON, X_OK) != 0 ||
	    access(FAKE_SMS, R_OK) != 0)
		skip();
	if (fake.pid > 0)
		goto reset;
	fake.failed = 1;
	memcpy(fake.secret_file, "/tmp/test_sms.XXXXXX", 21);
	fd = mkstemp(fake.secret_file);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, T_SECRET "\n", sizeof(T_SECRET)),
	                 (ssize_t)sizeof(T_SECRET));
	close(fd);
	assert_int_equal(pipe(p), 0);
	fake.pid = fork();
	assert_true(fake.pid >= 0);
	if (fake.pid == 0) {
		int null = open("/dev/null", O_WRONLY);

		dup2(p[1], 1);
		if (null >= 0)
			dup2(null, 2);
		close(p[0]);
		close(p[1]);
		execl(PYTHON, PYTHON, FAKE_SMS, "--port", "0",
		      "--access-key-id", T_KEY_ID, "--secret-file",
		      fake.secret_file, "--quiet", (char *)NULL);
		_exit(127);
	}
	close(p[1]);
	for (;;) {
		struct pollfd pf = {.fd = p[0], .events = POLLIN};
		ssize_t got;

		if (poll(&pf, 1, 10000) != 1)
			break;
		got = read(p[0], line + n, 1);
		if (got != 1 || line[n] == '\n' || ++n == sizeof(line) - 1)
			break;
	}
	line[n] = '\0';
	close(p[0]);
	if (sscanf(line, "sms fake listening on %d", &fake.port) != 1) {
		fake_stop();
		skip();
	}
	fake.failed = 0;
reset:
	base = base_url(fake.port);
	{
		struct buf u = {0};

		buf_addf(&u, "%s/__fake__/reset", base);
		assert_int_equal(http_post(u.p, "application/json", "{}", 2, &o,
		                           &r, err, sizeof(err)),
		                 0);
		assert_int_equal(r.status, 200);
		http_resp_free(&r);
		buf_free(&u);
	}
	free(base);
}

/* POST a JSON control request to the fake; returns the HTTP status. */
static long
fake_post(const char *what, const char *json)
{
	struct buf u = {0};
	struct http_resp r;
	struct http_opts o = {.timeout_ms = 3000};
	char err[256];
	long st;

	buf_addf(&u, "http://127.0.0.1:%d/__fake__/%s", fake.port, what);
	assert_int_equal(http_post(u.p, "application/json", json, strlen(json),
	                           &o, &r, err, sizeof(err)),
	                 0);
	st = r.status;
	http_resp_free(&r);
	buf_free(&u);
	return st;
}

/* GET a control URL; the body (caller frees) and *status. */
static char *
fake_get(const char *what, long *status)
{
	struct buf u = {0};
	struct http_resp r;
	struct http_opts o = {.timeout_ms = 3000};
	char err[256], *body;

	buf_addf(&u, "http://127.0.0.1:%d/__fake__/%s", fake.port, what);
	assert_int_equal(http_get(u.p, &o, &r, err, sizeof(err)), 0);
	*status = r.status;
	body = r.body;
	r.body = NULL;
	http_resp_free(&r);
	buf_free(&u);
	return body;
}

static enum sms_outcome
fake_send(const char *secret, const char *key_id, const char *code,
          long timeout_ms, struct sms_result *r, char *err, size_t errlen)
{
	char *base = base_url(fake.port);
	struct sms_config c = config(base);
	enum sms_outcome o;

	c.access_key_secret = secret;
	c.access_key_id = key_id;
	c.timeout_ms = timeout_ms;
	o = sms_send(&c, T_PHONE, code, r, err, errlen);
	free(base);
	return o;
}

static void
test_fake_accepts_what_we_send(void **state)
{
	struct sms_result r;
	char err[256], *body;
	long st;

	(void)state;
	fake_need();
	assert_int_equal(fake_send(T_SECRET, T_KEY_ID, T_CODE, 3000, &r, err,
	                           sizeof(err)),
	                 SMS_SENT);
	assert_string_equal(r.code, "OK");
	assert_true(r.biz_id[0] != '\0');
	assert_true(r.request_id[0] != '\0');
	sms_result_free(&r);
	body = fake_get("last?phone=" T_PHONE, &st);
	assert_int_equal(st, 200);
	assert_non_null(strstr(body, "\"code\": \"" T_CODE "\""));
	assert_non_null(strstr(body, "\"sign_name\": \"租房\""));
	free(body);
	body = fake_get("calls", &st);
	assert_non_null(strstr(body, "\"signature_ok\": true"));
	assert_null(strstr(body, T_SECRET));
	free(body);
}

static void
test_fake_two_sends_two_nonces(void **state)
{
	struct sms_result r;
	char err[256], *body;
	long st;

	(void)state;
	fake_need();
	assert_int_equal(fake_send(T_SECRET, T_KEY_ID, "111111", 3000, &r, err,
	                           sizeof(err)),
	                 SMS_SENT);
	sms_result_free(&r);
	assert_int_equal(fake_send(T_SECRET, T_KEY_ID, "222222", 3000, &r, err,
	                           sizeof(err)),
	                 SMS_SENT);
	sms_result_free(&r);
	body = fake_get("last?phone=" T_PHONE, &st);
	assert_non_null(strstr(body, "\"code\": \"222222\""));
	free(body);
}

static void
test_fake_wrong_secret_is_gateway_refusal(void **state)
{
	struct sms_result r;
	char err[256];

	(void)state;
	fake_need();
	assert_int_equal(fake_send("not-the-secret", T_KEY_ID, T_CODE, 3000, &r,
	                           err, sizeof(err)),
	                 SMS_REFUSED);
	assert_string_equal(r.code, "SignatureDoesNotMatch");
	assert_int_equal(r.http_status, 400);
	assert_int_equal(r.gateway, 1);
	assert_non_null(strstr(r.message, "server string to sign is:POST&"));
	assert_result_clean(&r);
	sms_result_free(&r);
}

static void
test_fake_unknown_key_is_gateway_refusal(void **state)
{
	struct sms_result r;
	char err[256];

	(void)state;
	fake_need();
	assert_int_equal(fake_send(T_SECRET, "LTAIother", T_CODE, 3000, &r, err,
	                           sizeof(err)),
	                 SMS_REFUSED);
	assert_string_equal(r.code, "InvalidAccessKeyId.NotFound");
	assert_int_equal(r.http_status, 404);
	assert_int_equal(r.gateway, 1);
	sms_result_free(&r);
}

static void
test_fake_scripted_flow_control(void **state)
{
	struct sms_result r;
	char err[256], *body;
	long st;

	(void)state;
	fake_need();
	assert_int_equal(fake_post("script",
	                           "{\"code\":\"isv.BUSINESS_LIMIT_CONTROL\"}"),
	                 200);
	assert_int_equal(fake_send(T_SECRET, T_KEY_ID, T_CODE, 3000, &r, err,
	                           sizeof(err)),
	                 SMS_REFUSED);
	assert_string_equal(r.code, "isv.BUSINESS_LIMIT_CONTROL");
	assert_int_equal(r.http_status, 200);
	assert_int_equal(r.gateway, 0);
	assert_string_equal(r.biz_id, "");
	sms_result_free(&r);
	body = fake_get("last?phone=" T_PHONE, &st);
	assert_int_equal(st, 404);
	free(body);
}

static void
test_fake_scripted_unknowns(void **state)
{
	static const char *const scripts[] = {
	        "{\"http_status\":503}",
	        "{\"http_status\":500}",
	        "{\"garbage\":true}",
	        "{\"hang_up\":true}",
	        "{\"delay_ms\":1500,\"code\":\"isv.OUT_OF_SERVICE\"}",
	};
	struct sms_result r;
	char err[256];
	size_t i;

	(void)state;
	fake_need();
	for (i = 0; i < NELEM(scripts); i++) {
		assert_int_equal(fake_post("script", scripts[i]), 200);
		assert_int_equal(fake_send(T_SECRET, T_KEY_ID, T_CODE, 1000, &r,
		                           err, sizeof(err)),
		                 SMS_UNKNOWN);
		assert_no_secrets(err);
		sms_result_free(&r);
	}
}

static int
group_teardown(void **state)
{
	(void)state;
	fake_stop();
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_percent_encode_java_vector),
	        cmocka_unit_test(test_percent_encode_unreserved_kept),
	        cmocka_unit_test(test_percent_encode_space_star_tilde),
	        cmocka_unit_test(test_percent_encode_utf8_upper_hex),
	        cmocka_unit_test(test_percent_encode_counts_bytes),
	        cmocka_unit_test(test_canonical_spec_example),
	        cmocka_unit_test(test_canonical_leaves_out_signature),
	        cmocka_unit_test(test_canonical_keeps_empty_values),
	        cmocka_unit_test(test_canonical_byte_order),
	        cmocka_unit_test(test_canonical_empty),
	        cmocka_unit_test(test_string_to_sign_spec_example_get),
	        cmocka_unit_test(test_string_to_sign_post),
	        cmocka_unit_test(test_string_to_sign_refuses_other_methods),
	        cmocka_unit_test(test_signature_spec_example_get),
	        cmocka_unit_test(test_signature_spec_example_post),
	        cmocka_unit_test(test_signature_aliyun_documented_example),
	        cmocka_unit_test(test_signature_shape_and_key),
	        cmocka_unit_test(test_signature_refusals),
	        cmocka_unit_test(test_timestamp_vectors),
	        cmocka_unit_test(test_timestamp_is_utc_whatever_tz),
	        cmocka_unit_test(test_timestamp_out_of_range),
	        cmocka_unit_test(test_phone_valid),
	        cmocka_unit_test(test_url_allowed),
	        cmocka_unit_test(test_classify_sent),
	        cmocka_unit_test(test_classify_sent_with_whitespace),
	        cmocka_unit_test(test_classify_isv_refusals),
	        cmocka_unit_test(test_classify_gateway_refusals),
	        cmocka_unit_test(test_classify_5xx_is_unknown),
	        cmocka_unit_test(test_classify_not_json_is_unknown),
	        cmocka_unit_test(test_classify_not_json_reads_only_len),
	        cmocka_unit_test(test_classify_missing_code_is_unknown),
	        cmocka_unit_test(test_classify_malformed_code_is_unknown),
	        cmocka_unit_test(test_classify_other_statuses_are_unknown),
	        cmocka_unit_test(test_classify_masks_server_string_to_sign),
	        cmocka_unit_test(test_classify_masks_numbers_in_message),
	        cmocka_unit_test(test_classify_cleans_message),
	        cmocka_unit_test(test_result_free_empties),
	        cmocka_unit_test(test_outcome_names),
	        cmocka_unit_test(test_request_body_params),
	        cmocka_unit_test(test_request_body_signed_for_post),
	        cmocka_unit_test(test_request_body_matches_canonical_query),
	        cmocka_unit_test(test_request_body_escapes_code_as_json),
	        cmocka_unit_test(test_request_body_refusals),
	        cmocka_unit_test(test_send_not_sent),
	        cmocka_unit_test(test_send_not_configured),
	        cmocka_unit_test(test_send_code_max_length_accepted),
	        cmocka_unit_test(test_send_unreachable_is_unknown),
	        cmocka_unit_test(test_send_silent_server_times_out),
	        cmocka_unit_test(test_send_sent_request_shape),
	        cmocka_unit_test(test_send_trailing_slash_base),
	        cmocka_unit_test(test_send_new_nonce_each_time),
	        cmocka_unit_test(test_send_refusal_masks_phone_and_code),
	        cmocka_unit_test(test_send_business_refusal),
	        cmocka_unit_test(test_send_5xx_and_garbage_are_unknown),
	        cmocka_unit_test(test_fake_accepts_what_we_send),
	        cmocka_unit_test(test_fake_two_sends_two_nonces),
	        cmocka_unit_test(test_fake_wrong_secret_is_gateway_refusal),
	        cmocka_unit_test(test_fake_unknown_key_is_gateway_refusal),
	        cmocka_unit_test(test_fake_scripted_flow_control),
	        cmocka_unit_test(test_fake_scripted_unknowns),
	};
	int rc;

	if (http_init() == -1)
		return 1;
	rc = cmocka_run_group_tests(tests, NULL, group_teardown);
	http_done();
	return rc;
}
