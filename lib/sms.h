/* Aliyun Dysmsapi SendSms client (RPC style, signature version 1.0):
 * Aliyun's percent-encoding, the canonicalized query string, the
 * StringToSign and its HMAC-SHA1 signature, and one SendSms call over
 * lib/http with its answer classified as sent, refused or unknown.
 * Knows nothing about rentals. */
#ifndef ZF_SMS_H
#define ZF_SMS_H

#include <stddef.h>
#include <time.h>

/* "YYYY-MM-DDThh:mm:ssZ" plus NUL. */
#define SMS_TIMESTAMP_SIZE 21
/* Base64 of an HMAC-SHA1 (28 characters) plus NUL. */
#define SMS_SIGNATURE_SIZE 29
/* The longest code sms_send takes. */
#define SMS_CODE_MAX 20

/* ---- signing ---- */

/* n bytes percent-encoded as Aliyun does: A-Z a-z 0-9 - _ . ~ kept, every
 * other byte %XX in upper-case hex (space %20, '*' %2A).  A NUL-terminated
 * string the caller frees. */
char *sms_percent_encode(const char *s, size_t n);

/* One request parameter; both strings are the caller's. */
struct sms_param {
	const char *name;
	const char *value;
};

/* The canonicalized query string of n parameters: every one but
 * "Signature" (empty values included), sorted by name in byte order, as
 * percentEncode(name)=percentEncode(value) joined by '&'.  Also a valid
 * form body.  A NUL-terminated string the caller frees. */
char *sms_canonical_query(const struct sms_param *, size_t n);

/* method + "&%2F&" + percentEncode(canonical), method "GET" or "POST" as
 * the request is sent.  A NUL-terminated string the caller frees, or NULL
 * when method is neither or canonical is NULL. */
char *sms_string_to_sign(const char *method, const char *canonical);

/* Base64(HMAC-SHA1(key = secret + "&", string_to_sign)) into out, 28
 * characters and a NUL.  The key copy is wiped.  0, or -1 when OpenSSL
 * fails (out is then empty). */
int sms_signature(const char *secret, const char *string_to_sign,
                  char out[SMS_SIGNATURE_SIZE]);

/* t as UTC "YYYY-MM-DDThh:mm:ssZ".  0, or -1 (out empty) when t cannot be
 * formatted. */
int sms_timestamp(time_t t, char out[SMS_TIMESTAMP_SIZE]);

/* ---- checks made before anything is sent ---- */

/* 1 when phone is a mainland mobile number as we send it: exactly 11
 * digits, "1", then 3-9, then 9 more (no +86, no list); else 0. */
int sms_phone_valid(const char *phone);

/* 1 when base may be the API base: "https://host[:port]" or
 * "http://host[:port]" with host 127.0.0.0/8 (four decimal octets),
 * "localhost" or "[::1]"; no user, path (but one trailing '/'), query or
 * fragment.  Scheme and "localhost" in any case.  Else 0. */
int sms_url_allowed(const char *base);

/* ---- the call ---- */

/* What sms_send needs; every pointer is the caller's. */
struct sms_config {
	const char *api_base; /* e.g. https://dysmsapi.aliyuncs.com */
	const char *access_key_id;
	const char *access_key_secret;
	const char *sign_name;
	const char *template_code; /* its one variable is "code" */
	long timeout_ms;           /* whole call; <= 0 or over 5 s: 5 s */
	const char *ca_file;       /* NULL: the system store */
};

/* What became of a SendSms call. */
enum sms_outcome {
	/* HTTP 200, JSON, Code "OK": accepted for delivery; BizId set. */
	SMS_SENT,
	/* A complete JSON answer (HTTP 200 or 4xx) with another Code:
	 * nothing went out.  Code, Message and RequestId set. */
	SMS_REFUSED,
	/* No complete answer (connect, TLS, timeout), HTTP 5xx or another
	 * status, a body that is not JSON or has no Code: the SMS may
	 * still arrive. */
	SMS_UNKNOWN,
	/* Refused before sending (bad configuration, URL, phone number or
	 * code, no randomness): nothing was sent. */
	SMS_NOTSENT,
	SMS__MAX
};

/* The answer's details, filled by sms_classify and sms_send (which empty
 * it first: overwritten, not freed, so free an earlier result before
 * reusing it).  Every string is owned by the result and never NULL (""
 * when absent); free with sms_result_free.  Strings are cleaned for logs:
 * control characters become spaces, long values are cut. */
struct sms_result {
	long http_status; /* 0 when no answer came */
	char *code;    /* Aliyun's Code: "OK", "isv.BUSINESS_LIMIT_CONTROL" */
	char *message; /* with the phone number and the code masked
	                * ("***": runs of 11+ digits, the PhoneNumbers and
	                * TemplateParam values of a StringToSign, and in
	                * sms_send every occurrence of phone and code) */
	char *request_id;
	char *biz_id;
	int gateway; /* a refusal by the gateway (Code neither isv.* nor
	              * isp.*): our key, clock or client is wrong */
};

/* Classify an answer: HTTP status and len bytes of body.  Fills *out as
 * far as the body allows and returns SMS_SENT, SMS_REFUSED or
 * SMS_UNKNOWN, with the reason of an unknown outcome in err. */
enum sms_outcome sms_classify(long status, const char *body, size_t len,
                              struct sms_result *out, char *err, size_t errlen);

/* The signed application/x-www-form-urlencoded body of a SendSms request
 * to phone with TemplateParam {"code":"<code>"}, for the given nonce and
 * timestamp, signed for POST.  No check of the URL, phone or code.  A
 * NUL-terminated string the caller wipes (it holds the code) and frees,
 * or NULL with the reason in err. */
char *sms_request_body(const struct sms_config *, const char *phone,
                       const char *code, const char *nonce,
                       const char *timestamp, char *err, size_t errlen);

/* Send code (1 to SMS_CODE_MAX ASCII letters and digits) to phone
 * (sms_phone_valid) once: a new SignatureNonce and the current Timestamp,
 * POSTed to api_base + "/", never retried.  Returns the outcome with *out
 * filled (free it with sms_result_free) and, for SMS_UNKNOWN and
 * SMS_NOTSENT, the reason in err.  Neither err nor *out ever holds the
 * secret, the code or the phone number.  http_init must have run. */
enum sms_outcome sms_send(const struct sms_config *, const char *phone,
                          const char *code, struct sms_result *out, char *err,
                          size_t errlen);

/* Release the result's strings; it is empty ("" strings) afterwards.
 * Accepts NULL. */
void sms_result_free(struct sms_result *);

/* The constant's name ("SMS_SENT"), for logs. */
const char *sms_outcome_name(enum sms_outcome);

#endif
