/* Alipay OpenAPI client (the gateway.do protocol with RSA2 signatures):
 * keys, parameter lists and their canonical sign strings, SHA256withRSA
 * signatures, notify verification, verification of synchronous answers,
 * form encoding, gateway calls, signed page URLs and money amounts.
 * Knows nothing about rentals. */
#ifndef ZF_ALIPAY_H
#define ZF_ALIPAY_H

#include <stddef.h>
#include <time.h>

#include <cJSON.h>

#include "buf.h"

/* ---- keys ---- */

/* An RSA key (private or public), opaque. */
struct alipay_key;

/* The application's private key from text: a PEM block ("BEGIN RSA PRIVATE
 * KEY" holding PKCS#1 or PKCS#8, "BEGIN PRIVATE KEY" holding PKCS#8 or
 * PKCS#1) or bare base64 of PKCS#1 or PKCS#8 DER; whitespace and line
 * breaks anywhere are fine.  Encrypted keys are refused; the key must be
 * RSA of at least 2048 bits.  Returns the key (free with alipay_key_free),
 * or NULL with the reason in err (never any key material). */
struct alipay_key *alipay_key_private(const char *text, size_t len, char *err,
                                      size_t errlen);

/* Alipay's public key from text: a PEM block ("BEGIN PUBLIC KEY" with
 * SubjectPublicKeyInfo, or "BEGIN RSA PUBLIC KEY" with PKCS#1) or bare
 * base64 of either DER.  As alipay_key_private. */
struct alipay_key *alipay_key_public(const char *text, size_t len, char *err,
                                     size_t errlen);

/* As above, reading the text from a file (at most 64 KiB).  A private key
 * file must not be readable by others.  The read buffer is wiped. */
struct alipay_key *alipay_key_private_file(const char *path, char *err,
                                           size_t errlen);
struct alipay_key *alipay_key_public_file(const char *path, char *err,
                                          size_t errlen);

/* 1 when the key holds a private key, 0 for a public key. */
int alipay_key_is_private(const struct alipay_key *);

void alipay_key_free(struct alipay_key *);

/* ---- parameter lists ---- */

struct alipay_param {
	char *key;
	char *val; /* NUL-terminated; may hold NULs when added with addn */
	size_t vlen;
};

/* Key/value pairs, keys unique.  Zero-initialise; free with
 * alipay_params_free(). */
struct alipay_params {
	struct alipay_param *v;
	size_t n, cap;
};

/* Set key to a copy of val (a NUL-terminated string, or vlen bytes), replacing
 * an earlier value of the same key. */
void alipay_params_add(struct alipay_params *, const char *key,
                       const char *val);
void alipay_params_addn(struct alipay_params *, const char *key,
                        const char *val, size_t vlen);

/* The value of key (owned by the list), or NULL when absent. */
const char *alipay_params_get(const struct alipay_params *, const char *key);

/* Release everything; the list is empty and reusable afterwards. */
void alipay_params_free(struct alipay_params *);

enum alipay_sign_mode {
	ALIPAY_SIGN_REQUEST, /* requests: everything but "sign" */
	ALIPAY_SIGN_V1,      /* notify/return: without "sign" and "sign_type" */
	ALIPAY_SIGN__MAX
};

/* The canonical string to sign: every parameter except the excluded ones,
 * skipping empty keys and empty values, sorted by key in byte order, as
 * "k=v" joined with '&', values raw (not URL-encoded).  Returns a
 * NUL-terminated string the caller frees, its length in *len when len is
 * not NULL. */
char *alipay_sign_content(const struct alipay_params *, enum alipay_sign_mode,
                          size_t *len);

/* ---- RSA2 signatures (SHA256withRSA, PKCS#1 v1.5) ---- */

/* Sign n bytes with a private key.  Returns the signature as standard
 * base64 without line breaks (caller frees), or NULL on failure. */
char *alipay_sign(const struct alipay_key *priv, const void *msg, size_t n);

/* Verify a base64 signature over n bytes with a public (or private) key.
 * 0 when it verifies; -1 otherwise, including malformed base64. */
int alipay_verify(const struct alipay_key *pub, const void *msg, size_t n,
                  const char *sig_b64);

/* Verify an asynchronous notification or return redirect ("V1"): its
 * form-decoded parameters must carry sign_type=RSA2 and a sign that
 * verifies over the ALIPAY_SIGN_V1 string with Alipay's public key.
 * 0 when genuine; -1 with the reason in err. */
int alipay_verify_params(const struct alipay_key *alipay_pub,
                         const struct alipay_params *, char *err,
                         size_t errlen);

/* ---- synchronous answers ---- */

/* A verified answer of the gateway, filled by alipay_resp_verify and
 * alipay_call (which empty it first); free with alipay_resp_free(). */
struct alipay_resp {
	cJSON *node;      /* the parsed response node, owned */
	int is_error;     /* the node was "error_response" */
	const char *code; /* members of node; "" when absent */
	const char *msg;  /* (or not strings) */
	const char *sub_code;
	const char *sub_msg;
};

/* Locate the response node of method (dots become underscores plus
 * "_response": alipay.system.oauth.token gives
 * alipay_system_oauth_token_response) in a body: the exact bytes of the
 * value of that top-level member, from its '{' to the matching '}' (string
 * and escape aware), else of "error_response".  Fails when neither is
 * there, the value is not an object, or the node's name occurs again after
 * it.  0 with the node at body + *off, *n bytes long and *is_error set;
 * or -1 with the reason in err. */
int alipay_resp_extract(const char *body, size_t len, const char *method,
                        size_t *off, size_t *n, int *is_error, char *err,
                        size_t errlen);

/* Verify an answer: extract the node, take the top-level "sign" of the
 * body, verify it over the node's raw bytes with Alipay's public key (once
 * more with every "\/" replaced by "/" when that fails), and only then
 * parse the node into *out.  An unsigned or unverifiable body is a
 * failure.  0, or -1 with the reason in err and *out empty. */
int alipay_resp_verify(const struct alipay_key *alipay_pub, const char *body,
                       size_t len, const char *method, struct alipay_resp *out,
                       char *err, size_t errlen);

/* 1 when the answer is verified and its code is "10000", else 0. */
int alipay_resp_success(const struct alipay_resp *);

void alipay_resp_free(struct alipay_resp *);

/* ---- form encoding ---- */

/* Append n bytes form-encoded: A-Z a-z 0-9 - _ . ~ kept, space as '+',
 * everything else as %XX (upper case). */
void alipay_form_add(struct buf *, const char *s, size_t n);

/* All parameters (empty values included) as "k=v&k=v" form-encoded, in key
 * order.  A NUL-terminated string the caller frees. */
char *alipay_form_encode(const struct alipay_params *);

/* ---- the gateway ---- */

/* What alipay_call needs; every pointer is the caller's and must outlive
 * the calls. */
struct alipay_client {
	const char *gateway; /* e.g. https://openapi.alipay.com/gateway.do */
	const char *app_id;
	const struct alipay_key *app_key;    /* the application's private key */
	const struct alipay_key *alipay_pub; /* Alipay's public key */
	long timeout_ms;                     /* whole call; <= 0: 5 s */
	const char *ca_file;                 /* NULL: the system store */
};

/* What became of a call. */
enum alipay_rc {
	/* A verified answer is in *out: look at code and sub_code. */
	ALIPAY_OK = 0,
	/* Nothing was sent (bad arguments, signing failed): the call surely
	 * had no effect. */
	ALIPAY_ENOTSENT = -1,
	/* Sent, but no answer came (DNS, connect, TLS, timeout, too large):
	 * the outcome is unknown. */
	ALIPAY_ETRANSPORT = -2,
	/* An answer came but cannot be trusted (HTTP status other than 200,
	 * unsigned, bad signature, malformed): unknown for money, a failure
	 * for everything else. */
	ALIPAY_EUNVERIFIED = -3
};

/* "yyyy-MM-dd HH:mm:ss" of t in Beijing time (UTC+8, whatever the local
 * time zone).  out holds 20 bytes. */
void alipay_timestamp(time_t t, char out[20]);

/* The complete signed parameters of a request: extra (may be NULL; e.g.
 * grant_type and code, auth_token, notify_url, return_url; empty values
 * are left out, and the common parameters below may not be among them),
 * biz_content when not NULL or empty, and app_id, method, format=JSON,
 * charset=utf-8, sign_type=RSA2, timestamp (of now), version=1.0 and
 * sign.  0 with *out filled (free with alipay_params_free), or -1 with
 * the reason in err. */
int alipay_request(const struct alipay_client *, const char *method,
                   const char *biz_content, const struct alipay_params *extra,
                   time_t now, struct alipay_params *out, char *err,
                   size_t errlen);

/* Call method: build the request as alipay_request does at the current
 * time, POST every parameter as an application/x-www-form-urlencoded;
 * charset=utf-8 body to the gateway, and verify the answer with
 * alipay_resp_verify.  Returns an enum alipay_rc; *out is filled only for
 * ALIPAY_OK (free it with alipay_resp_free), err holds the reason
 * otherwise. */
int alipay_call(const struct alipay_client *, const char *method,
                const char *biz_content, const struct alipay_params *extra,
                struct alipay_resp *out, char *err, size_t errlen);

/* The signed GET URL of a page API (e.g. alipay.trade.wap.pay with
 * notify_url and return_url in extra): the gateway, '?' (or '&' when it
 * already has a query) and every parameter form-encoded.  Nothing is
 * called.  A string the caller frees, or NULL with the reason in err. */
char *alipay_page_url(const struct alipay_client *, const char *method,
                      const char *biz_content,
                      const struct alipay_params *extra, char *err,
                      size_t errlen);

/* ---- money ---- */

/* Enough for any long long number of fen as yuan. */
#define ALIPAY_YUAN_LEN 24

/* fen as yuan with two decimals ("10.00", "0.05").  0, or -1 when fen is
 * negative. */
int alipay_fen_to_yuan(long long fen, char out[ALIPAY_YUAN_LEN]);

/* A yuan amount as fen: digits, optionally '.' and one or two digits
 * ("10", "10.0", "10.00", "0.10").  Refused: empty, signs, spaces,
 * exponents, more than two decimals, a bare '.', leading zeros ("01.00",
 * "00"; "0" and "0.xx" are fine) and amounts beyond LLONG_MAX fen.  0, or
 * -1. */
int alipay_yuan_to_fen(const char *s, long long *fen);

#endif
