/* Unit tests for lib/alipay.c.  Keys are generated at start-up; none is
 * stored anywhere.  tests/unit/alipay-openssl.sh cross-checks with the
 * openssl command line. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <errno.h>
#include <limits.h>
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
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include "alipay.h"
#include "buf.h"
#include "http.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* The application's key pair and "Alipay's", made once for all tests. */
static struct alipay_key *app_priv, *app_pub, *ali_priv, *ali_pub;
/* The application's private key as PKCS#1 DER, for the format tests. */
static unsigned char *app_der;
static size_t app_derlen;

/* ---- helpers ---- */

static char *
bio_text(BIO *b)
{
	char *p = NULL;
	long n = BIO_get_mem_data(b, &p);

	assert_true(n > 0);
	return xstrndup(p, (size_t)n);
}

static char *
b64(const unsigned char *p, size_t n)
{
	char *out = xmalloc((n + 2) / 3 * 4 + 1);

	EVP_EncodeBlock((unsigned char *)out, p, (int)n);
	return out;
}

/* Make a key pair: the private key through PKCS#8 PEM, the public key
 * through SubjectPublicKeyInfo PEM, both loaded with lib/alipay. */
static void
make_pair(struct alipay_key **priv, struct alipay_key **pub,
          unsigned char **der, size_t *derlen)
{
	EVP_PKEY *k = EVP_RSA_gen(2048);
	BIO *b;
	char *pem, err[256];
	unsigned char *p;
	int n;

	assert_non_null(k);
	b = BIO_new(BIO_s_mem());
	assert_int_equal(
	        PEM_write_bio_PrivateKey(b, k, NULL, NULL, 0, NULL, NULL), 1);
	pem = bio_text(b);
	BIO_free(b);
	*priv = alipay_key_private(pem, strlen(pem), err, sizeof(err));
	assert_non_null(*priv);
	free(pem);
	b = BIO_new(BIO_s_mem());
	assert_int_equal(PEM_write_bio_PUBKEY(b, k), 1);
	pem = bio_text(b);
	BIO_free(b);
	*pub = alipay_key_public(pem, strlen(pem), err, sizeof(err));
	assert_non_null(*pub);
	free(pem);
	if (der != NULL) {
		/* i2d_PrivateKey writes RSA keys as PKCS#1. */
		n = i2d_PrivateKey(k, NULL);
		assert_true(n > 0);
		*der = p = xmalloc((size_t)n);
		assert_int_equal(i2d_PrivateKey(k, &p), n);
		*derlen = (size_t)n;
	}
	EVP_PKEY_free(k);
}

static int
setup(void **state)
{
	(void)state;
	make_pair(&app_priv, &app_pub, &app_der, &app_derlen);
	make_pair(&ali_priv, &ali_pub, NULL, NULL);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	alipay_key_free(app_priv);
	alipay_key_free(app_pub);
	alipay_key_free(ali_priv);
	alipay_key_free(ali_pub);
	free(app_der);
	return 0;
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

/* Form-decode one component of n bytes into b. */
static void
form_decode(struct buf *b, const char *s, size_t n)
{
	size_t i;

	buf_reset(b);
	buf_add(b, "", 0);
	for (i = 0; i < n; i++) {
		if (s[i] == '+') {
			buf_addc(b, ' ');
		} else if (s[i] == '%' && i + 2 < n && hexval(s[i + 1]) >= 0 &&
		           hexval(s[i + 2]) >= 0) {
			buf_addc(b, (char)(hexval(s[i + 1]) << 4 |
			                   hexval(s[i + 2])));
			i += 2;
		} else {
			assert_true(s[i] != '%');
			buf_addc(b, s[i]);
		}
	}
}

/* Parse "k=v&k=v" (form-encoded) into p. */
static void
form_parse(const char *q, size_t n, struct alipay_params *p)
{
	struct buf k = {0}, v = {0};
	const char *end = q + n;

	while (q < end) {
		const char *amp = memchr(q, '&', (size_t)(end - q));
		const char *stop = amp ? amp : end;
		const char *eq = memchr(q, '=', (size_t)(stop - q));

		assert_non_null(eq);
		form_decode(&k, q, (size_t)(eq - q));
		form_decode(&v, eq + 1, (size_t)(stop - eq - 1));
		alipay_params_addn(p, k.p, v.p, v.len);
		q = amp ? amp + 1 : end;
	}
	buf_free(&k);
	buf_free(&v);
}

static char *
content(const struct alipay_params *p, enum alipay_sign_mode m)
{
	return alipay_sign_content(p, m, NULL);
}

/* ---- parameter lists and the canonical string ---- */

static void
test_params_add_get_replace(void **state)
{
	struct alipay_params p = {0};
	size_t i;
	char key[16];

	(void)state;
	assert_null(alipay_params_get(&p, "a"));
	alipay_params_add(&p, "a", "1");
	alipay_params_add(&p, "b", "2");
	assert_string_equal(alipay_params_get(&p, "a"), "1");
	alipay_params_add(&p, "a", "3");
	assert_int_equal(p.n, 2);
	assert_string_equal(alipay_params_get(&p, "a"), "3");
	assert_null(alipay_params_get(&p, "A"));
	for (i = 0; i < 100; i++) {
		assert_true(snprintf(key, sizeof(key), "k%zu", i) <
		            (int)sizeof(key));
		alipay_params_add(&p, key, key);
	}
	assert_int_equal(p.n, 102);
	assert_string_equal(alipay_params_get(&p, "k77"), "k77");
	alipay_params_free(&p);
	assert_int_equal(p.n, 0);
	assert_null(p.v);
	alipay_params_free(&p);
}

static void
test_sign_content_sorted_by_bytes(void **state)
{
	struct alipay_params p = {0};
	char *s;

	(void)state;
	alipay_params_add(&p, "ab", "4");
	alipay_params_add(&p, "a", "1");
	alipay_params_add(&p, "a_b", "3");
	alipay_params_add(&p, "_x", "2");
	alipay_params_add(&p, "B", "0");
	alipay_params_add(&p, "aa", "5");
	s = content(&p, ALIPAY_SIGN_REQUEST);
	/* 'B' 0x42 < '_' 0x5f < 'a'; "a" < "a_b" < "aa" < "ab". */
	assert_string_equal(s, "B=0&_x=2&a=1&a_b=3&aa=5&ab=4");
	free(s);
	alipay_params_free(&p);
}

static void
test_sign_content_skips_empty(void **state)
{
	struct alipay_params p = {0};
	size_t n = 99;
	char *s;

	(void)state;
	s = alipay_sign_content(&p, ALIPAY_SIGN_REQUEST, &n);
	assert_string_equal(s, "");
	assert_int_equal(n, 0);
	free(s);
	alipay_params_add(&p, "empty", "");
	alipay_params_add(&p, "", "no key");
	alipay_params_add(&p, "z", "1");
	alipay_params_add(&p, "zero", "0");
	s = alipay_sign_content(&p, ALIPAY_SIGN_REQUEST, &n);
	assert_string_equal(s, "z=1&zero=0");
	assert_int_equal(n, 10);
	free(s);
	alipay_params_free(&p);
}

static void
test_sign_content_exclusions(void **state)
{
	struct alipay_params p = {0};
	char *s;

	(void)state;
	alipay_params_add(&p, "sign", "SIG");
	alipay_params_add(&p, "sign_type", "RSA2");
	alipay_params_add(&p, "signature", "kept");
	alipay_params_add(&p, "app_id", "2021");
	s = content(&p, ALIPAY_SIGN_REQUEST);
	assert_string_equal(s, "app_id=2021&sign_type=RSA2&signature=kept");
	free(s);
	s = content(&p, ALIPAY_SIGN_V1);
	assert_string_equal(s, "app_id=2021&signature=kept");
	free(s);
	alipay_params_free(&p);
}

static void
test_sign_content_raw_values(void **state)
{
	struct alipay_params p = {0};
	char *s;

	(void)state;
	alipay_params_add(&p, "subject", "整租 两室一厅 ￥");
	alipay_params_add(&p, "passback_params", "a%3Db%26c");
	alipay_params_add(&p, "x", "k=v&k2=v2 +");
	alipay_params_add(&p, "fund_bill_list",
	                  "[{\"amount\":\"0.01\",\"fundChannel\":\"ALIPAY\"}]");
	s = content(&p, ALIPAY_SIGN_V1);
	assert_string_equal(s, "fund_bill_list=[{\"amount\":\"0.01\","
	                       "\"fundChannel\":\"ALIPAY\"}]"
	                       "&passback_params=a%3Db%26c"
	                       "&subject=整租 两室一厅 ￥&x=k=v&k2=v2 +");
	free(s);
	alipay_params_free(&p);
}

static void
test_sign_content_spec_example(void **state)
{
	struct alipay_params p = {0};
	char *s;

	(void)state;
	alipay_params_add(&p, "version", "1.0");
	alipay_params_add(&p, "timestamp", "2024-01-01 12:00:00");
	alipay_params_add(&p, "sign_type", "RSA2");
	alipay_params_add(&p, "method", "alipay.trade.wap.pay");
	alipay_params_add(&p, "charset", "utf-8");
	alipay_params_add(&p, "biz_content", "{\"out_trade_no\":\"...\"}");
	alipay_params_add(&p, "app_id", "...");
	alipay_params_add(&p, "sign", "ignored");
	s = content(&p, ALIPAY_SIGN_REQUEST);
	assert_string_equal(s, "app_id=...&biz_content={\"out_trade_no\":"
	                       "\"...\"}&charset=utf-8&method=alipay.trade."
	                       "wap.pay&sign_type=RSA2&timestamp=2024-01-01 "
	                       "12:00:00&version=1.0");
	free(s);
	alipay_params_free(&p);
}

static void
test_sign_content_embedded_nul(void **state)
{
	struct alipay_params p = {0};
	size_t n;
	char *s;

	(void)state;
	alipay_params_addn(&p, "a", "x\0y", 3);
	alipay_params_addn(&p, "b", "zzz", 1);
	s = alipay_sign_content(&p, ALIPAY_SIGN_REQUEST, &n);
	assert_int_equal(n, 9);
	assert_memory_equal(s, "a=x\0y&b=z", 9);
	free(s);
	alipay_params_free(&p);
}

/* ---- signatures ---- */

static void
test_sign_shape_and_round_trip(void **state)
{
	static const char msg[] = "app_id=1&method=x";
	char *sig, *again;
	size_t i;

	(void)state;
	sig = alipay_sign(app_priv, msg, strlen(msg));
	assert_non_null(sig);
	assert_int_equal(strlen(sig), 344);
	for (i = 0; sig[i] != '\0'; i++)
		assert_non_null(strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklm"
		                       "nopqrstuvwxyz0123456789+/=",
		                       sig[i]));
	again = alipay_sign(app_priv, msg, strlen(msg));
	assert_string_equal(sig, again); /* PKCS#1 v1.5 is deterministic */
	assert_int_equal(alipay_verify(app_pub, msg, strlen(msg), sig), 0);
	assert_int_equal(alipay_verify(app_priv, msg, strlen(msg), sig), 0);
	assert_int_equal(alipay_verify(ali_pub, msg, strlen(msg), sig), -1);
	assert_int_equal(alipay_verify(app_pub, msg, strlen(msg) - 1, sig), -1);
	assert_int_equal(
	        alipay_verify(app_pub, "app_id=2&method=x", strlen(msg), sig),
	        -1);
	free(again);
	free(sig);
	sig = alipay_sign(app_priv, "", 0);
	assert_non_null(sig);
	assert_int_equal(alipay_verify(app_pub, "", 0, sig), 0);
	free(sig);
}

static void
test_sign_needs_private_key(void **state)
{
	(void)state;
	assert_null(alipay_sign(app_pub, "x", 1));
	assert_null(alipay_sign(NULL, "x", 1));
	assert_int_equal(alipay_key_is_private(app_priv), 1);
	assert_int_equal(alipay_key_is_private(app_pub), 0);
}

static void
test_sign_matches_evp(void **state)
{
	static const char msg[] = "a=1&b=整租";
	const unsigned char *p = app_der;
	EVP_PKEY *k = d2i_AutoPrivateKey(NULL, &p, (long)app_derlen);
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	unsigned char sig[512];
	size_t siglen = sizeof(sig);
	char *want, *got;

	(void)state;
	assert_non_null(k);
	assert_int_equal(EVP_DigestSignInit(ctx, NULL, EVP_sha256(), NULL, k),
	                 1);
	assert_int_equal(EVP_DigestSign(ctx, sig, &siglen,
	                                (const unsigned char *)msg,
	                                strlen(msg)),
	                 1);
	want = b64(sig, siglen);
	got = alipay_sign(app_priv, msg, strlen(msg));
	assert_string_equal(got, want);
	free(got);
	free(want);
	EVP_MD_CTX_free(ctx);
	EVP_PKEY_free(k);
}

static void
test_verify_refuses_bad_base64(void **state)
{
	static const char msg[] = "m";
	static const char *const bad[] = {
	        "",      "A",      "AB",     "ABC",      "ABC=",
	        "====",  "A===",   "AB=C",   "AB C",     "AB\nCD",
	        "QR==",  "QUJ=",   "QUJD\n", " QUJD",    "QU*D",
	        "QUJD=", "QUJDRA", "-_-_",   "QQ==QQ==",
	};
	char *sig = alipay_sign(app_priv, msg, 1), *cut;
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(bad); i++)
		assert_int_equal(alipay_verify(app_pub, msg, 1, bad[i]), -1);
	assert_int_equal(alipay_verify(app_pub, msg, 1, NULL), -1);
	assert_int_equal(alipay_verify(app_pub, msg, 1, "QUJD"), -1);
	/* The real signature with damage. */
	cut = xstrdup(sig);
	cut[10] = cut[10] == 'A' ? 'B' : 'A';
	assert_int_equal(alipay_verify(app_pub, msg, 1, cut), -1);
	cut[340] = '\0';
	assert_int_equal(alipay_verify(app_pub, msg, 1, cut), -1);
	free(cut);
	cut = xmalloc(strlen(sig) + 2);
	assert_true(snprintf(cut, strlen(sig) + 2, "%s\n", sig) > 0);
	assert_int_equal(alipay_verify(app_pub, msg, 1, cut), -1);
	free(cut);
	assert_int_equal(alipay_verify(app_pub, msg, 1, sig), 0);
	free(sig);
}

/* ---- keys ---- */

static void
test_key_forms_sign_alike(void **state)
{
	static const char msg[] = "forms";
	char *bare = b64(app_der, app_derlen), *folded, *pem, err[256];
	char *want = alipay_sign(app_priv, msg, 5), *got;
	struct alipay_key *k;
	struct buf b = {0};
	size_t i;

	(void)state;
	/* Bare base64 PKCS#1 on one line. */
	k = alipay_key_private(bare, strlen(bare), err, sizeof(err));
	assert_non_null(k);
	got = alipay_sign(k, msg, 5);
	assert_string_equal(got, want);
	free(got);
	alipay_key_free(k);
	/* Folded at 64 columns with CRLF and surrounding blanks. */
	buf_adds(&b, "\r\n  ");
	for (i = 0; i < strlen(bare); i += 64) {
		buf_add(&b, bare + i,
		        strlen(bare) - i < 64 ? strlen(bare) - i : 64);
		buf_adds(&b, "\r\n");
	}
	folded = buf_take(&b, NULL);
	k = alipay_key_private(folded, strlen(folded), err, sizeof(err));
	assert_non_null(k);
	got = alipay_sign(k, msg, 5);
	assert_string_equal(got, want);
	free(got);
	alipay_key_free(k);
	/* As PKCS#1 PEM with one long line. */
	buf_adds(&b, "-----BEGIN RSA PRIVATE KEY-----\n");
	buf_adds(&b, bare);
	buf_adds(&b, "\n-----END RSA PRIVATE KEY-----\n");
	pem = buf_take(&b, NULL);
	k = alipay_key_private(pem, strlen(pem), err, sizeof(err));
	assert_non_null(k);
	got = alipay_sign(k, msg, 5);
	assert_string_equal(got, want);
	free(got);
	alipay_key_free(k);
	free(pem);
	free(folded);
	free(bare);
	free(want);
}

static void
test_key_refusals(void **state)
{
	static const struct {
		const char *text, *reason;
	} bad[] = {
	        {"", "neither PEM nor valid base64"},
	        {"   \n", "neither PEM nor valid base64"},
	        {"not a key!", "neither PEM nor valid base64"},
	        {"bm90IGEga2V5", "not a PKCS#1 or PKCS#8 private key"},
	        {"-----BEGIN RSA PRIVATE KEY", "not terminated"},
	        {"-----BEGIN PRIVATE KEY-----\nQUJD\n", "no END line"},
	        {"-----BEGIN PRIVATE KEY-----\nQUJD\n-----END RSA PRIVATE "
	         "KEY-----\n",
	         "does not match"},
	        {"-----BEGIN ENCRYPTED PRIVATE KEY-----\nQUJD\n-----END "
	         "ENCRYPTED PRIVATE KEY-----\n",
	         "encrypted keys are not supported"},
	        {"-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n"
	         "QUJD\n-----END RSA PRIVATE KEY-----\n",
	         "PEM headers"},
	        {"-----BEGIN CERTIFICATE-----\nQUJD\n-----END "
	         "CERTIFICATE-----\n",
	         "not RSA PRIVATE KEY or PRIVATE KEY"},
	};
	static const char cert[] = "-----BEGIN CERTIFICATE-----\nQUJD\n"
	                           "-----END CERTIFICATE-----\n";
	char err[256];
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(bad); i++) {
		err[0] = '\0';
		assert_null(alipay_key_private(bad[i].text, strlen(bad[i].text),
		                               err, sizeof(err)));
		assert_non_null(strstr(err, bad[i].reason));
		assert_non_null(strstr(err, "application private key"));
	}
	assert_null(alipay_key_public("QUJD", 4, err, sizeof(err)));
	assert_non_null(strstr(err, "Alipay public key"));
	assert_null(alipay_key_public(cert, strlen(cert), err, sizeof(err)));
	assert_non_null(strstr(err, "certificates are not supported"));
	/* A private key is not a public key, and vice versa. */
	{
		char *bare = b64(app_der, app_derlen);

		assert_null(alipay_key_public(bare, strlen(bare), err,
		                              sizeof(err)));
		assert_null(strstr(err, "MII"));
		free(bare);
	}
	assert_null(alipay_key_private_file("/nonexistent/key.pem", err,
	                                    sizeof(err)));
	assert_non_null(strstr(err, "cannot be opened"));
	assert_null(alipay_key_public_file("/", err, sizeof(err)));
	alipay_key_free(NULL);
}

/* ---- notify verification (V1) ---- */

/* A notification as Alipay would post it, signed with "Alipay's" key. */
static void
make_notify(struct alipay_params *p)
{
	char *c, *sig;
	size_t n;

	memset(p, 0, sizeof(*p));
	alipay_params_add(p, "notify_time", "2024-01-01 12:00:05");
	alipay_params_add(p, "notify_type", "trade_status_sync");
	alipay_params_add(p, "notify_id", "ac05099524730693a8b330c5ecf72da9");
	alipay_params_add(p, "app_id", "2021000000000000");
	alipay_params_add(p, "charset", "utf-8");
	alipay_params_add(p, "version", "1.0");
	alipay_params_add(p, "trade_no", "2024010122001400000000000001");
	alipay_params_add(p, "out_trade_no", "ORDER_1");
	alipay_params_add(p, "trade_status", "TRADE_SUCCESS");
	alipay_params_add(p, "total_amount", "2.00");
	alipay_params_add(p, "subject", "整租 两室一厅 & 阳台=南");
	alipay_params_add(p, "fund_bill_list",
	                  "[{\"amount\":\"2.00\",\"fundChannel\":"
	                  "\"ALIPAYACCOUNT\"}]");
	alipay_params_add(p, "passback_params", "a%3D1%26b%3D2");
	c = alipay_sign_content(p, ALIPAY_SIGN_V1, &n);
	sig = alipay_sign(ali_priv, c, n);
	assert_non_null(sig);
	alipay_params_add(p, "sign_type", "RSA2");
	alipay_params_add(p, "sign", sig);
	free(sig);
	free(c);
}

static void
test_notify_verifies(void **state)
{
	struct alipay_params p;
	char err[128];

	(void)state;
	make_notify(&p);
	assert_int_equal(alipay_verify_params(ali_pub, &p, err, sizeof(err)),
	                 0);
	/* Empty fields are not signed (as the Java SDK's V1 check). */
	alipay_params_add(&p, "body", "");
	assert_int_equal(alipay_verify_params(ali_pub, &p, err, sizeof(err)),
	                 0);
	alipay_params_free(&p);
}

static void
test_notify_refusals(void **state)
{
	struct alipay_params p;
	char err[128];

	(void)state;
	/* Wrong key: the application's own public key. */
	make_notify(&p);
	assert_int_equal(alipay_verify_params(app_pub, &p, err, sizeof(err)),
	                 -1);
	assert_string_equal(err, "signature does not verify");
	/* A changed amount. */
	alipay_params_add(&p, "total_amount", "0.01");
	assert_int_equal(alipay_verify_params(ali_pub, &p, err, sizeof(err)),
	                 -1);
	alipay_params_free(&p);
	/* An added field (a framework's _url, say). */
	make_notify(&p);
	alipay_params_add(&p, "_url", "/notify");
	assert_int_equal(alipay_verify_params(ali_pub, &p, err, sizeof(err)),
	                 -1);
	alipay_params_free(&p);
	/* A second URL-decoding of passback_params. */
	make_notify(&p);
	alipay_params_add(&p, "passback_params", "a=1&b=2");
	assert_int_equal(alipay_verify_params(ali_pub, &p, err, sizeof(err)),
	                 -1);
	alipay_params_free(&p);
	/* sign_type other than RSA2, or none. */
	make_notify(&p);
	alipay_params_add(&p, "sign_type", "RSA");
	assert_int_equal(alipay_verify_params(ali_pub, &p, err, sizeof(err)),
	                 -1);
	assert_string_equal(err, "sign_type is not RSA2");
	alipay_params_add(&p, "sign_type", "rsa2");
	assert_int_equal(alipay_verify_params(ali_pub, &p, err, sizeof(err)),
	                 -1);
	alipay_params_add(&p, "sign_type", "");
	assert_int_equal(alipay_verify_params(ali_pub, &p, err, sizeof(err)),
	                 -1);
	alipay_params_free(&p);
	/* No sign, an empty sign, a garbage sign. */
	make_notify(&p);
	alipay_params_add(&p, "sign", "");
	assert_int_equal(alipay_verify_params(ali_pub, &p, err, sizeof(err)),
	                 -1);
	assert_string_equal(err, "no sign");
	alipay_params_add(&p, "sign", "%%%");
	assert_int_equal(alipay_verify_params(ali_pub, &p, err, sizeof(err)),
	                 -1);
	alipay_params_free(&p);
	/* Signed with sign_type included (the request rule) is not V1. */
	{
		char *c, *sig;
		size_t n;

		make_notify(&p);
		c = alipay_sign_content(&p, ALIPAY_SIGN_REQUEST, &n);
		sig = alipay_sign(ali_priv, c, n);
		alipay_params_add(&p, "sign", sig);
		assert_int_equal(
		        alipay_verify_params(ali_pub, &p, err, sizeof(err)),
		        -1);
		free(sig);
		free(c);
		alipay_params_free(&p);
	}
}

/* ---- response node extraction ---- */

struct extract_case {
	const char *body, *method, *node;
	int is_error;
};

static void
test_extract_vectors(void **state)
{
	static const struct extract_case ok[] = {
	        {"{\"alipay_trade_query_response\":{\"code\":\"10000\",\"msg\":"
	         "\"Success\"},\"sign\":\"xx\"}",
	         "alipay.trade.query",
	         "{\"code\":\"10000\",\"msg\":\"Success\"}", 0},
	        {"{\"alipay_system_oauth_token_response\":{\"user_id\":"
	         "\"2088\"},\"sign\":\"s\"}",
	         "alipay.system.oauth.token", "{\"user_id\":\"2088\"}", 0},
	        /* Braces and escaped quotes inside strings. */
	        {"{\"m_response\":{\"a\":\"}{\\\"}\",\"b\":\"\\\\\",\"c\":\"{"
	         "\"},\"sign\":\"s\"}",
	         "m", "{\"a\":\"}{\\\"}\",\"b\":\"\\\\\",\"c\":\"{\"}", 0},
	        /* Nested objects and arrays. */
	        {"{\"m_response\":{\"a\":{\"b\":{\"c\":[1,{\"d\":\"}\"}]}},"
	         "\"e\":"
	         "[]},\"sign\":\"s\"}",
	         "m", "{\"a\":{\"b\":{\"c\":[1,{\"d\":\"}\"}]}},\"e\":[]}", 0},
	        /* Whitespace kept exactly; sign first. */
	        {" {\n \"sign\" : \"s\" ,\n \"m_response\" : { \"a\" : 1 "
	         "}\n}\n",
	         "m", "{ \"a\" : 1 }", 0},
	        /* Other members before, of every kind. */
	        {"{\"n\":null,\"t\":true,\"x\":-1.5e3,\"s\":\"m_response\\\"\","
	         "\"o\":{\"k\":[\"}\"]},\"m_response\":{},\"sign\":\"s\"}",
	         "m", "{}", 0},
	        /* Fallback to error_response. */
	        {"{\"error_response\":{\"code\":\"40002\",\"sub_code\":\"isv."
	         "invalid-signature\"},\"sign\":\"s\"}",
	         "alipay.trade.query",
	         "{\"code\":\"40002\",\"sub_code\":\"isv.invalid-signature\"}",
	         1},
	        /* The method node wins over error_response. */
	        {"{\"error_response\":{\"code\":\"1\"},\"m_response\":{"
	         "\"code\":"
	         "\"2\"},\"sign\":\"s\"}",
	         "m", "{\"code\":\"2\"}", 0},
	        /* A nested member of the same name is not the node. */
	        {"{\"x\":{\"m_response\":{\"evil\":1}},\"m_response\":{\"a\":1}"
	         ","
	         "\"sign\":\"s\"}",
	         "m", "{\"a\":1}", 0},
	        /* Unicode and a key that merely starts like the node. */
	        {"{\"m_response_x\":{\"a\":2},\"m_response\":{\"a\":\"整租\"},"
	         "\"sign\":\"s\"}",
	         "m", "{\"a\":\"整租\"}", 0},
	};
	static const struct extract_case bad[] = {
	        {"", "m", "not a JSON object", 0},
	        {"[]", "m", "not a JSON object", 0},
	        {"{}", "m", "neither", 0},
	        {"{\"sign\":\"s\"}", "m", "neither", 0},
	        {"{\"m_response\":\"x\",\"sign\":\"s\"}", "m", "not an object",
	         0},
	        {"{\"m_response\":[1],\"sign\":\"s\"}", "m", "not an object",
	         0},
	        {"{\"m_response\":{\"a\":\"}\"", "m", "not a JSON object", 0},
	        {"{\"m_response\":{\"a\":\"\\\"}}", "m", "not a JSON object",
	         0},
	        {"{\"m_response\" {\"a\":1}}", "m", "not a JSON object", 0},
	        {"{\"m_response\":{\"a\":1},\"m_response\":{\"a\":2},\"sign\":"
	         "\"s\"}",
	         "m", "occurs again", 0},
	        {"{\"m_response\":{\"a\":1},\"sign\":\"s\",\"z\":\"m_"
	         "response\"}",
	         "m", "occurs again", 0},
	        {"{\"error_response\":{\"a\":1},\"error_response\":{},\"sign\":"
	         "\"s\"}",
	         "m", "occurs again", 0},
	        {"{\"x\":,\"m_response\":{}}", "m", "not a JSON object", 0},
	        {"{\"m_response\":{}}", "a b", "not a method name", 0},
	        {"{\"m_response\":{}}", "", "not a method name", 0},
	};
	char err[256];
	size_t i, off, n;
	int is_error;

	(void)state;
	for (i = 0; i < NELEM(ok); i++) {
		off = n = 0;
		is_error = -1;
		assert_int_equal(
		        alipay_resp_extract(ok[i].body, strlen(ok[i].body),
		                            ok[i].method, &off, &n, &is_error,
		                            err, sizeof(err)),
		        0);
		assert_int_equal(n, strlen(ok[i].node));
		assert_memory_equal(ok[i].body + off, ok[i].node, n);
		assert_int_equal(is_error, ok[i].is_error);
	}
	for (i = 0; i < NELEM(bad); i++) {
		err[0] = '\0';
		assert_int_equal(
		        alipay_resp_extract(bad[i].body, strlen(bad[i].body),
		                            bad[i].method, &off, &n, &is_error,
		                            err, sizeof(err)),
		        -1);
		if (strstr(err, bad[i].node) == NULL)
			fail_msg("%s: %s", bad[i].body, err);
	}
}

static void
test_extract_does_not_read_past_len(void **state)
{
	static const char body[] = "{\"m_response\":{\"a\":1}}";
	char *copy;
	size_t i, off, n;
	int is_error;
	char err[64];

	(void)state;
	/* Every proper prefix, in an exact-size allocation for ASan. */
	for (i = 0; i < sizeof(body) - 2; i++) {
		copy = xmalloc(i ? i : 1);
		memcpy(copy, body, i);
		assert_int_equal(alipay_resp_extract(copy, i, "m", &off, &n,
		                                     &is_error, err,
		                                     sizeof(err)),
		                 -1);
		free(copy);
	}
}

/* ---- response verification ---- */

/* A body {"<name>":<node>,"sign":"<signature over signed>"}. */
static char *
signed_body(const char *name, const char *node, const char *signed_text,
            const struct alipay_key *k)
{
	struct buf b = {0};
	char *sig = alipay_sign(k, signed_text, strlen(signed_text));

	assert_non_null(sig);
	buf_addf(&b, "{\"%s\":%s,\"sign\":\"%s\"}", name, node, sig);
	free(sig);
	return buf_take(&b, NULL);
}

static void
test_resp_verify_success(void **state)
{
	static const char node[] =
	        "{\"code\":\"10000\",\"msg\":\"Success\",\"user_id\":"
	        "\"2088102104794936\",\"access_token\":\"publicpBa...\","
	        "\"expires_in\":1296000,\"note\":\"a }{ \\\"b\\\" 整租\"}";
	struct alipay_resp r;
	char *body, err[128];

	(void)state;
	body = signed_body("alipay_system_oauth_token_response", node, node,
	                   ali_priv);
	assert_int_equal(alipay_resp_verify(ali_pub, body, strlen(body),
	                                    "alipay.system.oauth.token", &r,
	                                    err, sizeof(err)),
	                 0);
	assert_non_null(r.node);
	assert_int_equal(r.is_error, 0);
	assert_string_equal(r.code, "10000");
	assert_string_equal(r.msg, "Success");
	assert_string_equal(r.sub_code, "");
	assert_string_equal(r.sub_msg, "");
	assert_int_equal(alipay_resp_success(&r), 1);
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(r.node, "user_id")
	                            ->valuestring,
	                    "2088102104794936");
	assert_string_equal(
	        cJSON_GetObjectItemCaseSensitive(r.node, "note")->valuestring,
	        "a }{ \"b\" 整租");
	alipay_resp_free(&r);
	assert_null(r.node);
	alipay_resp_free(&r);
	free(body);
}

static void
test_resp_verify_error_response(void **state)
{
	static const char node[] =
	        "{\"code\":\"40002\",\"msg\":\"Invalid "
	        "Arguments\",\"sub_code\":"
	        "\"isv.code-invalid\",\"sub_msg\":\"授权码code无效\"}";
	struct alipay_resp r;
	char *body, err[128];

	(void)state;
	body = signed_body("error_response", node, node, ali_priv);
	assert_int_equal(alipay_resp_verify(ali_pub, body, strlen(body),
	                                    "alipay.system.oauth.token", &r,
	                                    err, sizeof(err)),
	                 0);
	assert_int_equal(r.is_error, 1);
	assert_string_equal(r.code, "40002");
	assert_string_equal(r.sub_code, "isv.code-invalid");
	assert_string_equal(r.sub_msg, "授权码code无效");
	assert_int_equal(alipay_resp_success(&r), 0);
	alipay_resp_free(&r);
	free(body);
}

static void
test_resp_verify_slash_retry(void **state)
{
	struct alipay_resp r;
	char *body, err[128];

	(void)state;
	/* Signed over "/", sent as "\/". */
	body = signed_body("m_response",
	                   "{\"code\":\"10000\",\"url\":\"https:\\/\\/x\\/y\"}",
	                   "{\"code\":\"10000\",\"url\":\"https://x/y\"}",
	                   ali_priv);
	assert_int_equal(alipay_resp_verify(ali_pub, body, strlen(body), "m",
	                                    &r, err, sizeof(err)),
	                 0);
	assert_string_equal(
	        cJSON_GetObjectItemCaseSensitive(r.node, "url")->valuestring,
	        "https://x/y");
	alipay_resp_free(&r);
	free(body);
	/* Signed as sent, with "\/". */
	body = signed_body("m_response", "{\"url\":\"a\\/b\"}",
	                   "{\"url\":\"a\\/b\"}", ali_priv);
	assert_int_equal(alipay_resp_verify(ali_pub, body, strlen(body), "m",
	                                    &r, err, sizeof(err)),
	                 0);
	alipay_resp_free(&r);
	free(body);
	/* The retry is one specific rewrite, not any rewrite. */
	body = signed_body("m_response", "{\"url\":\"a\\/b\"}",
	                   "{\"url\":\"a\\\\/b\"}", ali_priv);
	assert_int_equal(alipay_resp_verify(ali_pub, body, strlen(body), "m",
	                                    &r, err, sizeof(err)),
	                 -1);
	free(body);
}

static void
test_resp_verify_sign_with_escaped_slashes(void **state)
{
	static const char node[] = "{\"code\":\"10000\"}";
	struct alipay_resp r;
	struct buf b = {0};
	char *sig = alipay_sign(ali_priv, node, strlen(node)), *p, err[128];

	(void)state;
	/* JSON may escape the '/' of base64 in the sign value. */
	buf_addf(&b, "{\"m_response\":%s,\"sign\":\"", node);
	for (p = sig; *p != '\0'; p++) {
		if (*p == '/')
			buf_addc(&b, '\\');
		buf_addc(&b, *p);
	}
	buf_adds(&b, "\"}");
	assert_int_equal(alipay_resp_verify(ali_pub, b.p, b.len, "m", &r, err,
	                                    sizeof(err)),
	                 0);
	alipay_resp_free(&r);
	buf_free(&b);
	free(sig);
}

static void
test_resp_verify_refusals(void **state)
{
	static const char node[] = "{\"code\":\"10000\",\"msg\":\"Success\"}";
	static const char *const unsigned_bodies[] = {
	        "{\"m_response\":{\"code\":\"40002\",\"sub_code\":\"isv."
	        "invalid-app-id\"}}",
	        "{\"m_response\":{\"code\":\"10000\"},\"sign\":\"\"}",
	        "{\"m_response\":{\"code\":\"10000\"},\"sign\":7}",
	        "{\"m_response\":{\"code\":\"10000\"},\"sign\":null}",
	};
	struct alipay_resp r;
	struct buf b = {0};
	char *body, *sig, err[128];
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(unsigned_bodies); i++) {
		assert_int_equal(alipay_resp_verify(ali_pub, unsigned_bodies[i],
		                                    strlen(unsigned_bodies[i]),
		                                    "m", &r, err, sizeof(err)),
		                 -1);
		assert_non_null(strstr(err, "unsigned"));
		assert_null(r.node);
		assert_string_equal(r.code, "");
		assert_int_equal(alipay_resp_success(&r), 0);
	}
	assert_int_equal(alipay_resp_verify(ali_pub, unsigned_bodies[0],
	                                    strlen(unsigned_bodies[0]), "m", &r,
	                                    err, sizeof(err)),
	                 -1);
	assert_string_equal(err, "answer is unsigned (code 40002, sub_code "
	                         "isv.invalid-app-id)");
	/* Signed with the wrong key. */
	body = signed_body("m_response", node, node, app_priv);
	assert_int_equal(alipay_resp_verify(ali_pub, body, strlen(body), "m",
	                                    &r, err, sizeof(err)),
	                 -1);
	assert_non_null(strstr(err, "does not verify"));
	assert_null(r.node);
	free(body);
	/* A node changed after signing. */
	body = signed_body("m_response",
	                   "{\"code\":\"10000\",\"msg\":\"Succes\"}", node,
	                   ali_priv);
	assert_int_equal(alipay_resp_verify(ali_pub, body, strlen(body), "m",
	                                    &r, err, sizeof(err)),
	                 -1);
	free(body);
	/* Reformatted (re-serialised) node. */
	body = signed_body("m_response",
	                   "{\"code\": \"10000\", \"msg\": \"Success\"}", node,
	                   ali_priv);
	assert_int_equal(alipay_resp_verify(ali_pub, body, strlen(body), "m",
	                                    &r, err, sizeof(err)),
	                 -1);
	free(body);
	/* A genuine node followed by an injected one. */
	sig = alipay_sign(ali_priv, node, strlen(node));
	buf_addf(&b,
	         "{\"m_response\":%s,\"sign\":\"%s\",\"m_response\":{\"code\":"
	         "\"10000\",\"evil\":1}}",
	         node, sig);
	assert_int_equal(alipay_resp_verify(ali_pub, b.p, b.len, "m", &r, err,
	                                    sizeof(err)),
	                 -1);
	assert_non_null(strstr(err, "occurs again"));
	buf_reset(&b);
	/* Trailing garbage after a genuine body. */
	buf_addf(&b, "{\"m_response\":%s,\"sign\":\"%s\"}x", node, sig);
	assert_int_equal(alipay_resp_verify(ali_pub, b.p, b.len, "m", &r, err,
	                                    sizeof(err)),
	                 -1);
	buf_reset(&b);
	/* A sign that is not base64. */
	buf_addf(&b, "{\"m_response\":%s,\"sign\":\"not base64!\"}", node);
	assert_int_equal(alipay_resp_verify(ali_pub, b.p, b.len, "m", &r, err,
	                                    sizeof(err)),
	                 -1);
	buf_free(&b);
	free(sig);
	/* A signed node that is not valid JSON. */
	body = signed_body("m_response", "{\"a\":tru}", "{\"a\":tru}",
	                   ali_priv);
	assert_int_equal(alipay_resp_verify(ali_pub, body, strlen(body), "m",
	                                    &r, err, sizeof(err)),
	                 -1);
	free(body);
}

/* ---- form encoding ---- */

static void
test_form_add(void **state)
{
	static const struct {
		const char *in, *out;
	} v[] = {
	        {"", ""},
	        {"AZaz09-_.~", "AZaz09-_.~"},
	        {"a b", "a+b"},
	        {"&=+/%?#", "%26%3D%2B%2F%25%3F%23"},
	        {"{\"k\":\"v\"}", "%7B%22k%22%3A%22v%22%7D"},
	        {"整", "%E6%95%B4"},
	        {"\n\t", "%0A%09"},
	        {"\xff\x7f", "%FF%7F"},
	        {"2024-01-01 12:00:00", "2024-01-01+12%3A00%3A00"},
	};
	struct buf b = {0};
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(v); i++) {
		buf_reset(&b);
		buf_add(&b, "", 0);
		alipay_form_add(&b, v[i].in, strlen(v[i].in));
		assert_string_equal(b.p, v[i].out);
	}
	buf_reset(&b);
	alipay_form_add(&b, "a\0b", 3);
	assert_string_equal(b.p, "a%00b");
	buf_free(&b);
}

static void
test_form_encode(void **state)
{
	struct alipay_params p = {0}, back = {0};
	char *s;

	(void)state;
	s = alipay_form_encode(&p);
	assert_string_equal(s, "");
	free(s);
	alipay_params_add(&p, "scope", "auth_user");
	alipay_params_add(&p, "app_id", "2021");
	alipay_params_add(&p, "redirect_uri",
	                  "https://zf.example/alipay/back?x=1&y=2");
	alipay_params_add(&p, "state", "a b+c");
	alipay_params_add(&p, "empty", "");
	s = alipay_form_encode(&p);
	assert_string_equal(s, "app_id=2021&empty=&redirect_uri=https%3A%2F%2F"
	                       "zf.example%2Falipay%2Fback%3Fx%3D1%26y%3D2&"
	                       "scope=auth_user&state=a+b%2Bc");
	form_parse(s, strlen(s), &back);
	assert_int_equal(back.n, 5);
	assert_string_equal(alipay_params_get(&back, "redirect_uri"),
	                    "https://zf.example/alipay/back?x=1&y=2");
	assert_string_equal(alipay_params_get(&back, "state"), "a b+c");
	free(s);
	alipay_params_free(&back);
	alipay_params_free(&p);
}

/* ---- timestamps, requests and page URLs ---- */

static void
test_timestamp_is_beijing_time(void **state)
{
	static const struct {
		time_t t;
		const char *want;
	} v[] = {
	        {0, "1970-01-01 08:00:00"},
	        {1704081600, "2024-01-01 12:00:00"},
	        {1704124799, "2024-01-01 23:59:59"},
	        {1704124800, "2024-01-02 00:00:00"},
	        {1709136000, "2024-02-29 00:00:00"},
	        {1719792000, "2024-07-01 08:00:00"},
	};
	const char *old = getenv("TZ");
	char *saved = old ? xstrdup(old) : NULL, out[20];
	size_t i, z;
	static const char *const zones[] = {"UTC", "America/New_York",
	                                    "Asia/Tokyo", "EST5EDT"};

	(void)state;
	for (z = 0; z < NELEM(zones); z++) {
		setenv("TZ", zones[z], 1);
		tzset();
		for (i = 0; i < NELEM(v); i++) {
			alipay_timestamp(v[i].t, out);
			assert_string_equal(out, v[i].want);
		}
	}
	if (saved) {
		setenv("TZ", saved, 1);
		free(saved);
	} else {
		unsetenv("TZ");
	}
	tzset();
}

static struct alipay_client
client(const char *gateway)
{
	struct alipay_client c = {
	        .gateway = gateway,
	        .app_id = "2021000000000000",
	        .app_key = app_priv,
	        .alipay_pub = ali_pub,
	        .timeout_ms = 3000,
	};

	return c;
}

/* The request's signature verifies with the application's public key. */
static void
assert_request_signed(const struct alipay_params *p)
{
	char *c;
	size_t n;

	c = alipay_sign_content(p, ALIPAY_SIGN_REQUEST, &n);
	assert_int_equal(
	        alipay_verify(app_pub, c, n, alipay_params_get(p, "sign")), 0);
	free(c);
}

static void
test_request_params(void **state)
{
	struct alipay_client c = client("https://gw.example/gateway.do");
	struct alipay_params extra = {0}, p = {0};
	char err[128];

	(void)state;
	alipay_params_add(&extra, "grant_type", "authorization_code");
	alipay_params_add(&extra, "code", "4b203fe6c11548bcabd8da5bb087a83b");
	alipay_params_add(&extra, "notify_url", "");
	assert_int_equal(alipay_request(&c, "alipay.system.oauth.token", NULL,
	                                &extra, 1704081600, &p, err,
	                                sizeof(err)),
	                 0);
	assert_int_equal(p.n, 10);
	assert_string_equal(alipay_params_get(&p, "app_id"),
	                    "2021000000000000");
	assert_string_equal(alipay_params_get(&p, "method"),
	                    "alipay.system.oauth.token");
	assert_string_equal(alipay_params_get(&p, "format"), "JSON");
	assert_string_equal(alipay_params_get(&p, "charset"), "utf-8");
	assert_string_equal(alipay_params_get(&p, "sign_type"), "RSA2");
	assert_string_equal(alipay_params_get(&p, "timestamp"),
	                    "2024-01-01 12:00:00");
	assert_string_equal(alipay_params_get(&p, "version"), "1.0");
	assert_string_equal(alipay_params_get(&p, "grant_type"),
	                    "authorization_code");
	assert_null(alipay_params_get(&p, "notify_url"));
	assert_null(alipay_params_get(&p, "biz_content"));
	assert_int_equal(strlen(alipay_params_get(&p, "sign")), 344);
	assert_request_signed(&p);
	alipay_params_free(&p);
	/* biz_content is signed; "" means none. */
	assert_int_equal(alipay_request(&c, "zhima.credit.score.get",
	                                "{\"transaction_id\":\"T1\"}", NULL,
	                                1704081600, &p, err, sizeof(err)),
	                 0);
	assert_string_equal(alipay_params_get(&p, "biz_content"),
	                    "{\"transaction_id\":\"T1\"}");
	assert_request_signed(&p);
	alipay_params_free(&p);
	assert_int_equal(
	        alipay_request(&c, "m", "", NULL, 0, &p, err, sizeof(err)), 0);
	assert_null(alipay_params_get(&p, "biz_content"));
	alipay_params_free(&p);
	alipay_params_free(&extra);
}

static void
test_request_refusals(void **state)
{
	static const char *const reserved[] = {
	        "app_id",    "method",  "format", "charset",     "sign_type",
	        "timestamp", "version", "sign",   "biz_content",
	};
	struct alipay_client c = client("https://gw.example/gateway.do");
	struct alipay_params extra = {0}, p = {0};
	char err[128];
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(reserved); i++) {
		alipay_params_add(&extra, reserved[i], "x");
		assert_int_equal(alipay_request(&c, "m", NULL, &extra, 0, &p,
		                                err, sizeof(err)),
		                 -1);
		assert_non_null(strstr(err, reserved[i]));
		assert_int_equal(p.n, 0);
		alipay_params_free(&extra);
	}
	assert_int_equal(
	        alipay_request(&c, "", NULL, NULL, 0, &p, err, sizeof(err)),
	        -1);
	assert_int_equal(
	        alipay_request(&c, NULL, NULL, NULL, 0, &p, err, sizeof(err)),
	        -1);
	c.app_key = app_pub;
	assert_int_equal(
	        alipay_request(&c, "m", NULL, NULL, 0, &p, err, sizeof(err)),
	        -1);
	c.app_key = app_priv;
	c.app_id = "";
	assert_int_equal(
	        alipay_request(&c, "m", NULL, NULL, 0, &p, err, sizeof(err)),
	        -1);
}

static void
test_page_url(void **state)
{
	struct alipay_client c = client("https://gw.example/gateway.do");
	struct alipay_params extra = {0}, back = {0};
	const char *q;
	char *url, err[128];

	(void)state;
	alipay_params_add(&extra, "notify_url", "https://zf.example/n");
	alipay_params_add(&extra, "return_url", "https://zf.example/r?a=1");
	url = alipay_page_url(
	        &c, "alipay.trade.wap.pay",
	        "{\"out_trade_no\":\"O1\",\"total_amount\":\"0.01\","
	        "\"subject\":\"整租 & 合租\",\"product_code\":"
	        "\"QUICK_WAP_WAY\"}",
	        &extra, err, sizeof(err));
	assert_non_null(url);
	assert_int_equal(strncmp(url, "https://gw.example/gateway.do?", 30), 0);
	q = url + 30;
	assert_null(strchr(q, ' '));
	assert_null(strchr(q, '?'));
	form_parse(q, strlen(q), &back);
	assert_int_equal(back.n, 11);
	assert_string_equal(alipay_params_get(&back, "return_url"),
	                    "https://zf.example/r?a=1");
	assert_non_null(
	        strstr(alipay_params_get(&back, "biz_content"), "整租 & 合租"));
	assert_request_signed(&back);
	alipay_params_free(&back);
	free(url);
	/* A gateway that already has a query. */
	c.gateway = "https://gw.example/gateway.do?charset=utf-8";
	url = alipay_page_url(&c, "alipay.trade.wap.pay", NULL, NULL, err,
	                      sizeof(err));
	assert_non_null(url);
	assert_int_equal(strncmp(url,
	                         "https://gw.example/gateway.do?charset=utf-8&",
	                         44),
	                 0);
	free(url);
	c.gateway = NULL;
	assert_null(alipay_page_url(&c, "m", NULL, NULL, err, sizeof(err)));
	alipay_params_free(&extra);
}

/* ---- the gateway call, against a one-shot local server ---- */

struct fake {
	int port;
	pid_t pid;
	int rd; /* the request as the server read it */
};

/* Serve one connection: read a request, answer with status and body. */
static void
fake_serve(int lfd, int wr, const char *status, const char *body)
{
	char req[65536], *hdr_end, *cl;
	size_t n = 0, need = 0;
	ssize_t r;
	int fd = accept(lfd, NULL, NULL);
	struct buf out = {0};

	if (fd == -1)
		_exit(1);
	for (;;) {
		r = read(fd, req + n, sizeof(req) - 1 - n);
		if (r <= 0)
			_exit(1);
		n += (size_t)r;
		req[n] = '\0';
		if ((hdr_end = strstr(req, "\r\n\r\n")) == NULL)
			continue;
		if (need == 0) {
			cl = strcasestr(req, "\r\nContent-Length:");
			need = (size_t)(hdr_end + 4 - req) +
			       (cl ? strtoul(cl + 17, NULL, 10) : 0);
		}
		if (n >= need)
			break;
	}
	if (write(wr, req, n) != (ssize_t)n)
		_exit(1);
	buf_addf(&out,
	         "HTTP/1.1 %s\r\nContent-Type: text/html;charset=utf-8\r\n"
	         "Content-Length: %zu\r\nConnection: close\r\n\r\n%s",
	         status, strlen(body), body);
	if (write(fd, out.p, out.len) != (ssize_t)out.len)
		_exit(1);
	close(fd);
	_exit(0);
}

/* A listening socket on 127.0.0.1 and a free port. */
static int
listener(int *port)
{
	struct sockaddr_in a = {.sin_family = AF_INET};
	socklen_t alen = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	assert_true(fd >= 0);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(listen(fd, 4), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &alen), 0);
	*port = ntohs(a.sin_port);
	return fd;
}

static void
fake_start(struct fake *f, const char *status, const char *body)
{
	int p[2], lfd = listener(&f->port);

	assert_int_equal(pipe(p), 0);
	f->pid = fork();
	assert_true(f->pid >= 0);
	if (f->pid == 0) {
		close(p[0]);
		fake_serve(lfd, p[1], status, body);
	}
	close(p[1]);
	close(lfd);
	f->rd = p[0];
}

/* The request the server saw (caller frees). */
static char *
fake_finish(struct fake *f)
{
	struct buf b = {0};
	char chunk[4096];
	ssize_t r;
	int st;

	buf_add(&b, "", 0);
	while ((r = read(f->rd, chunk, sizeof(chunk))) > 0)
		buf_add(&b, chunk, (size_t)r);
	close(f->rd);
	assert_int_equal(waitpid(f->pid, &st, 0), f->pid);
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	return buf_take(&b, NULL);
}

static char *
gateway_url(int port)
{
	struct buf b = {0};

	buf_addf(&b, "http://127.0.0.1:%d/gateway.do", port);
	return buf_take(&b, NULL);
}

static void
test_call_verified(void **state)
{
	static const char node[] =
	        "{\"code\":\"10000\",\"msg\":\"Success\",\"user_id\":"
	        "\"2088102104794936\",\"access_token\":\"tok\"}";
	struct alipay_params extra = {0}, sent = {0};
	struct alipay_resp r;
	struct fake f;
	char *body = signed_body("alipay_system_oauth_token_response", node,
	                         node, ali_priv);
	char *gw, *req, *form, err[256];
	struct alipay_client c;
	time_t before = time(NULL);

	(void)state;
	fake_start(&f, "200 OK", body);
	gw = gateway_url(f.port);
	c = client(gw);
	alipay_params_add(&extra, "grant_type", "authorization_code");
	alipay_params_add(&extra, "code", "c0de with space&amp");
	assert_int_equal(alipay_call(&c, "alipay.system.oauth.token", NULL,
	                             &extra, &r, err, sizeof(err)),
	                 ALIPAY_OK);
	assert_int_equal(alipay_resp_success(&r), 1);
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(r.node, "user_id")
	                            ->valuestring,
	                    "2088102104794936");
	alipay_resp_free(&r);
	req = fake_finish(&f);
	assert_int_equal(strncmp(req, "POST /gateway.do HTTP/1.1\r\n", 27), 0);
	assert_non_null(strstr(req, "\r\nContent-Type: application/x-www-form-"
	                            "urlencoded;charset=utf-8\r\n"));
	form = strstr(req, "\r\n\r\n") + 4;
	form_parse(form, strlen(form), &sent);
	assert_string_equal(alipay_params_get(&sent, "code"),
	                    "c0de with space&amp");
	assert_string_equal(alipay_params_get(&sent, "method"),
	                    "alipay.system.oauth.token");
	assert_request_signed(&sent);
	{
		char lo[20], hi[20];

		alipay_timestamp(before, lo);
		alipay_timestamp(time(NULL), hi);
		assert_true(strcmp(alipay_params_get(&sent, "timestamp"), lo) >=
		            0);
		assert_true(strcmp(alipay_params_get(&sent, "timestamp"), hi) <=
		            0);
	}
	alipay_params_free(&sent);
	alipay_params_free(&extra);
	free(req);
	free(gw);
	free(body);
}

static void
test_call_business_failure_is_verified(void **state)
{
	static const char node[] =
	        "{\"code\":\"40004\",\"msg\":\"Business Failed\",\"sub_code\":"
	        "\"PAYER_BALANCE_NOT_ENOUGH\",\"sub_msg\":\"余额不足\"}";
	struct alipay_resp r;
	struct fake f;
	char *body =
	        signed_body("alipay_fund_trans_toaccount_transfer_response",
	                    node, node, ali_priv);
	char *gw, *req, err[256];
	struct alipay_client c;

	(void)state;
	fake_start(&f, "200 OK", body);
	gw = gateway_url(f.port);
	c = client(gw);
	assert_int_equal(alipay_call(&c, "alipay.fund.trans.toaccount.transfer",
	                             "{\"out_biz_no\":\"B1\"}", NULL, &r, err,
	                             sizeof(err)),
	                 ALIPAY_OK);
	assert_int_equal(alipay_resp_success(&r), 0);
	assert_string_equal(r.code, "40004");
	assert_string_equal(r.sub_code, "PAYER_BALANCE_NOT_ENOUGH");
	alipay_resp_free(&r);
	req = fake_finish(&f);
	assert_non_null(strstr(req, "biz_content=%7B%22out_biz_no%22%3A%22B1"
	                            "%22%7D"));
	free(req);
	free(gw);
	free(body);
}

static void
test_call_unverified(void **state)
{
	static const char node[] = "{\"code\":\"10000\",\"msg\":\"Success\"}";
	char *forged = signed_body("m_response", node, node, app_priv);
	char *good = signed_body("m_response", node, node, ali_priv);
	const struct {
		const char *status, *body, *reason;
	} v[] = {
	        {"200 OK", forged, "does not verify"},
	        {"200 OK", "{\"m_response\":{\"code\":\"10000\"}}", "unsigned"},
	        {"200 OK", "<html>busy</html>", "not a JSON object"},
	        {"200 OK", "", "not a JSON object"},
	        {"502 Bad Gateway", good, "HTTP 502"},
	};
	struct alipay_resp r;
	struct alipay_client c;
	struct fake f;
	char *gw, *req, err[256];
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(v); i++) {
		fake_start(&f, v[i].status, v[i].body);
		gw = gateway_url(f.port);
		c = client(gw);
		assert_int_equal(
		        alipay_call(&c, "m", NULL, NULL, &r, err, sizeof(err)),
		        ALIPAY_EUNVERIFIED);
		assert_non_null(strstr(err, v[i].reason));
		assert_null(r.node);
		assert_int_equal(alipay_resp_success(&r), 0);
		req = fake_finish(&f);
		free(req);
		free(gw);
	}
	free(forged);
	free(good);
}

static void
test_call_transport_failures(void **state)
{
	struct alipay_resp r;
	struct alipay_client c;
	char *gw, err[256];
	int port, fd;

	(void)state;
	/* Nobody listens: refused. */
	fd = listener(&port);
	close(fd);
	gw = gateway_url(port);
	c = client(gw);
	assert_int_equal(alipay_call(&c, "m", NULL, NULL, &r, err, sizeof(err)),
	                 ALIPAY_ETRANSPORT);
	assert_null(r.node);
	free(gw);
	/* Connected but never answered: a timeout. */
	fd = listener(&port);
	gw = gateway_url(port);
	c = client(gw);
	c.timeout_ms = 300;
	assert_int_equal(alipay_call(&c, "m", NULL, NULL, &r, err, sizeof(err)),
	                 ALIPAY_ETRANSPORT);
	assert_null(r.node);
	close(fd);
	free(gw);
}

static void
test_call_not_sent(void **state)
{
	struct alipay_params extra = {0};
	struct alipay_resp r;
	struct alipay_client c = client("http://127.0.0.1:9/gateway.do");
	char err[256];

	(void)state;
	c.app_key = app_pub;
	assert_int_equal(alipay_call(&c, "m", NULL, NULL, &r, err, sizeof(err)),
	                 ALIPAY_ENOTSENT);
	c = client("http://127.0.0.1:9/gateway.do");
	alipay_params_add(&extra, "sign", "x");
	assert_int_equal(
	        alipay_call(&c, "m", NULL, &extra, &r, err, sizeof(err)),
	        ALIPAY_ENOTSENT);
	alipay_params_free(&extra);
	c.alipay_pub = NULL;
	assert_int_equal(alipay_call(&c, "m", NULL, NULL, &r, err, sizeof(err)),
	                 ALIPAY_ENOTSENT);
	c = client(NULL);
	assert_int_equal(alipay_call(&c, "m", NULL, NULL, &r, err, sizeof(err)),
	                 ALIPAY_ENOTSENT);
}

/* ---- money ---- */

static void
test_fen_to_yuan(void **state)
{
	static const struct {
		long long fen;
		const char *yuan;
	} v[] = {
	        {0, "0.00"},
	        {1, "0.01"},
	        {5, "0.05"},
	        {10, "0.10"},
	        {99, "0.99"},
	        {100, "1.00"},
	        {1000, "10.00"},
	        {123456, "1234.56"},
	        {10000000000LL, "100000000.00"},
	        {LLONG_MAX, "92233720368547758.07"},
	};
	char out[ALIPAY_YUAN_LEN];
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(v); i++) {
		assert_int_equal(alipay_fen_to_yuan(v[i].fen, out), 0);
		assert_string_equal(out, v[i].yuan);
	}
	assert_int_equal(alipay_fen_to_yuan(-1, out), -1);
	assert_int_equal(alipay_fen_to_yuan(LLONG_MIN, out), -1);
}

static void
test_yuan_to_fen(void **state)
{
	static const struct {
		const char *yuan;
		long long fen;
	} ok[] = {
	        {"0", 0},
	        {"0.0", 0},
	        {"0.00", 0},
	        {"0.01", 1},
	        {"0.1", 10},
	        {"0.10", 10},
	        {"1", 100},
	        {"10", 1000},
	        {"10.0", 1000},
	        {"10.00", 1000},
	        {"10.5", 1050},
	        {"1234.56", 123456},
	        {"100000000.00", 10000000000LL},
	        {"92233720368547758.07", LLONG_MAX},
	        {"92233720368547758", 9223372036854775800LL},
	};
	static const char *const bad[] = {
	        "",
	        "-1",
	        "+1",
	        "-0.01",
	        "1.001",
	        "0.001",
	        "1e3",
	        "1E3",
	        " 1",
	        "1 ",
	        "01.00",
	        "00",
	        "00.10",
	        "007",
	        ".5",
	        "1.",
	        "1..0",
	        "1.0.0",
	        "1,00",
	        "0x10",
	        "１",
	        "1.0a",
	        "inf",
	        "nan",
	        "92233720368547758.08",
	        "92233720368547759",
	        "99999999999999999999",
	        "184467440737095516.16",
	};
	long long fen;
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(ok); i++) {
		fen = -1;
		assert_int_equal(alipay_yuan_to_fen(ok[i].yuan, &fen), 0);
		assert_true(fen == ok[i].fen);
	}
	for (i = 0; i < NELEM(bad); i++) {
		fen = -7;
		if (alipay_yuan_to_fen(bad[i], &fen) != -1)
			fail_msg("accepted \"%s\"", bad[i]);
		assert_true(fen == -7);
	}
	assert_int_equal(alipay_yuan_to_fen(NULL, &fen), -1);
}

static void
test_money_round_trip(void **state)
{
	static const long long v[] = {
	        0, 1, 9, 10, 99, 100, 101, 199999, LLONG_MAX, LLONG_MAX - 1};
	char out[ALIPAY_YUAN_LEN];
	long long back;
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(v); i++) {
		assert_int_equal(alipay_fen_to_yuan(v[i], out), 0);
		assert_int_equal(alipay_yuan_to_fen(out, &back), 0);
		assert_true(back == v[i]);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_params_add_get_replace),
	        cmocka_unit_test(test_sign_content_sorted_by_bytes),
	        cmocka_unit_test(test_sign_content_skips_empty),
	        cmocka_unit_test(test_sign_content_exclusions),
	        cmocka_unit_test(test_sign_content_raw_values),
	        cmocka_unit_test(test_sign_content_spec_example),
	        cmocka_unit_test(test_sign_content_embedded_nul),
	        cmocka_unit_test(test_sign_shape_and_round_trip),
	        cmocka_unit_test(test_sign_needs_private_key),
	        cmocka_unit_test(test_sign_matches_evp),
	        cmocka_unit_test(test_verify_refuses_bad_base64),
	        cmocka_unit_test(test_key_forms_sign_alike),
	        cmocka_unit_test(test_key_refusals),
	        cmocka_unit_test(test_notify_verifies),
	        cmocka_unit_test(test_notify_refusals),
	        cmocka_unit_test(test_extract_vectors),
	        cmocka_unit_test(test_extract_does_not_read_past_len),
	        cmocka_unit_test(test_resp_verify_success),
	        cmocka_unit_test(test_resp_verify_error_response),
	        cmocka_unit_test(test_resp_verify_slash_retry),
	        cmocka_unit_test(test_resp_verify_sign_with_escaped_slashes),
	        cmocka_unit_test(test_resp_verify_refusals),
	        cmocka_unit_test(test_form_add),
	        cmocka_unit_test(test_form_encode),
	        cmocka_unit_test(test_timestamp_is_beijing_time),
	        cmocka_unit_test(test_request_params),
	        cmocka_unit_test(test_request_refusals),
	        cmocka_unit_test(test_page_url),
	        cmocka_unit_test(test_call_verified),
	        cmocka_unit_test(test_call_business_failure_is_verified),
	        cmocka_unit_test(test_call_unverified),
	        cmocka_unit_test(test_call_transport_failures),
	        cmocka_unit_test(test_call_not_sent),
	        cmocka_unit_test(test_fen_to_yuan),
	        cmocka_unit_test(test_yuan_to_fen),
	        cmocka_unit_test(test_money_round_trip),
	};
	int rc;

	if (http_init() == -1)
		return 1;
	rc = cmocka_run_group_tests(tests, setup, teardown);
	http_done();
	return rc;
}
