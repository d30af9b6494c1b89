/* Unit tests for lib/crypto.c. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <openssl/evp.h>

#include "crypto.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static const unsigned char key1[KEY_LEN] = {
        1,  2,  3,  4,  5,  6,  7,  8,  9,  10, 11, 12, 13, 14, 15, 16,
        17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32,
};

/* Decode a hex literal the tests trust; fails the test when malformed. */
static void
unhex(const char *hex, unsigned char *out, size_t outlen)
{
	assert_int_equal(crypto_unhex(hex, strlen(hex), out, outlen), 0);
}

static int
is_lower_hex(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		      (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return 1;
}

/* ---- hex, sha256, equal ---- */

static void
test_hex_round_trip(void **state)
{
	static const unsigned char in[] = {0x00, 0x01, 0xab, 0xff, 0x7f};
	unsigned char back[sizeof(in)];
	char hex[2 * sizeof(in) + 1];

	(void)state;
	crypto_hex(in, sizeof(in), hex);
	assert_string_equal(hex, "0001abff7f");
	assert_int_equal(crypto_unhex(hex, 10, back, sizeof(back)), 0);
	assert_memory_equal(back, in, sizeof(in));
	assert_int_equal(crypto_unhex("0001ABFF7F", 10, back, sizeof(back)), 0);
	assert_memory_equal(back, in, sizeof(in));
}

static void
test_unhex_refuses_malformed(void **state)
{
	unsigned char out[2];

	(void)state;
	assert_int_equal(crypto_unhex("abc", 3, out, 2), -1);
	assert_int_equal(crypto_unhex("abcdef", 6, out, 2), -1);
	assert_int_equal(crypto_unhex("abcg", 4, out, 2), -1);
	assert_int_equal(crypto_unhex("ab c", 4, out, 2), -1);
	assert_int_equal(crypto_unhex("", 0, out, 0), 0);
}

static void
test_sha256_known_answers(void **state)
{
	unsigned char h[32], want[32];

	(void)state;
	crypto_sha256("abc", 3, h);
	unhex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015"
	      "ad",
	      want, 32);
	assert_memory_equal(h, want, 32);
	crypto_sha256("", 0, h);
	unhex("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b8"
	      "55",
	      want, 32);
	assert_memory_equal(h, want, 32);
}

static void
test_equal(void **state)
{
	(void)state;
	assert_int_equal(crypto_equal("abcd", "abcd", 4), 1);
	assert_int_equal(crypto_equal("abcd", "abce", 4), 0);
	assert_int_equal(crypto_equal("xbcd", "abcd", 4), 0);
	assert_int_equal(crypto_equal("a", "b", 0), 1);
}

static void
test_random_fills_and_differs(void **state)
{
	unsigned char a[32], b[32];

	(void)state;
	assert_int_equal(crypto_random(a, sizeof(a)), 0);
	assert_int_equal(crypto_random(b, sizeof(b)), 0);
	assert_memory_not_equal(a, b, sizeof(a));
	assert_int_equal(crypto_random(a, 0), 0);
}

/* ---- tokens ---- */

static void
test_token_shape(void **state)
{
	char hex[TOKEN_HEX_LEN + 1];
	unsigned char hash[32];

	(void)state;
	memset(hex, 'z', sizeof(hex));
	assert_int_equal(crypto_token_new(hex, hash), 0);
	assert_int_equal(strlen(hex), TOKEN_HEX_LEN);
	assert_true(is_lower_hex(hex, TOKEN_HEX_LEN));
}

static void
test_token_hash_is_sha256_of_hex_text(void **state)
{
	char hex[TOKEN_HEX_LEN + 1];
	unsigned char hash[32], again[32], direct[32];

	(void)state;
	assert_int_equal(crypto_token_new(hex, hash), 0);
	crypto_sha256(hex, TOKEN_HEX_LEN, direct);
	assert_memory_equal(hash, direct, 32);
	assert_int_equal(crypto_token_hash(hex, TOKEN_HEX_LEN, again), 0);
	assert_memory_equal(hash, again, 32);
}

static void
test_token_hash_known_answer(void **state)
{
	static const char tok[] = "000102030405060708090a0b0c0d0e0f"
	                          "101112131415161718191a1b1c1d1e1f";
	unsigned char hash[32], want[32];

	(void)state;
	assert_int_equal(crypto_token_hash(tok, TOKEN_HEX_LEN, hash), 0);
	unhex("6c86c6aac5fb24bcf5d9939cb7d7d5645ce39418f449e03b262dd4fa14b4b9"
	      "2b",
	      want, 32);
	assert_memory_equal(hash, want, 32);
}

static void
test_token_hash_refuses_bad_shapes(void **state)
{
	static const char good[] = "000102030405060708090a0b0c0d0e0f"
	                           "101112131415161718191a1b1c1d1e1f";
	char t[TOKEN_HEX_LEN + 2];
	unsigned char hash[32];
	static const char badc[] = {'A', 'F', 'g', 'x', ' ', '\0', '-', '\n'};
	size_t i;

	(void)state;
	/* Short and long. */
	assert_int_equal(crypto_token_hash(good, 63, hash), -1);
	assert_int_equal(crypto_token_hash(good, 0, hash), -1);
	memcpy(t, good, TOKEN_HEX_LEN);
	t[TOKEN_HEX_LEN] = 'a';
	assert_int_equal(crypto_token_hash(t, TOKEN_HEX_LEN + 1, hash), -1);
	/* One bad character anywhere. */
	for (i = 0; i < NELEM(badc); i++) {
		memcpy(t, good, TOKEN_HEX_LEN);
		t[i * 7] = badc[i];
		assert_int_equal(crypto_token_hash(t, TOKEN_HEX_LEN, hash), -1);
	}
}

static void
test_tokens_differ(void **state)
{
	char a[TOKEN_HEX_LEN + 1], b[TOKEN_HEX_LEN + 1];
	unsigned char ha[32], hb[32];

	(void)state;
	assert_int_equal(crypto_token_new(a, ha), 0);
	assert_int_equal(crypto_token_new(b, hb), 0);
	assert_string_not_equal(a, b);
	assert_memory_not_equal(ha, hb, 32);
}

/* ---- uuid ---- */

static void
test_uuid_shape(void **state)
{
	char u[37], v[37];
	size_t i;

	(void)state;
	assert_int_equal(crypto_uuid(u), 0);
	assert_int_equal(strlen(u), 36);
	for (i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23)
			assert_int_equal(u[i], '-');
		else
			assert_true(is_lower_hex(u + i, 1));
	}
	assert_int_equal(u[14], '4');
	assert_non_null(strchr("89ab", u[19]));
	assert_int_equal(crypto_uuid(v), 0);
	assert_string_not_equal(u, v);
}

static void
test_uuid_version_and_variant_always_set(void **state)
{
	char u[37];
	int i;

	(void)state;
	for (i = 0; i < 200; i++) {
		assert_int_equal(crypto_uuid(u), 0);
		assert_int_equal(u[14], '4');
		assert_non_null(strchr("89ab", u[19]));
	}
}

/* ---- seal / open ---- */

static void
test_seal_open_empty(void **state)
{
	unsigned char sealed[SEAL_OVERHEAD], out[1];
	long n;

	(void)state;
	n = crypto_seal(key1, "", 0, "t:1", sealed);
	assert_int_equal(n, SEAL_OVERHEAD);
	assert_int_equal(sealed[0], 0x01);
	assert_int_equal(crypto_open(key1, sealed, (size_t)n, "t:1", out), 0);
	assert_int_equal(crypto_open(key1, sealed, (size_t)n, "t:1", NULL), 0);
}

static void
test_seal_open_1000_bytes(void **state)
{
	unsigned char pt[1000], sealed[1000 + SEAL_OVERHEAD], out[1000];
	size_t i;
	long n;

	(void)state;
	for (i = 0; i < sizeof(pt); i++)
		pt[i] = (unsigned char)(i * 31 + 7);
	n = crypto_seal(key1, pt, sizeof(pt), "user.account:42", sealed);
	assert_int_equal(n, sizeof(pt) + SEAL_OVERHEAD);
	assert_memory_not_equal(sealed + 13, pt, sizeof(pt));
	assert_int_equal(
	        crypto_open(key1, sealed, (size_t)n, "user.account:42", out),
	        (long)sizeof(pt));
	assert_memory_equal(out, pt, sizeof(pt));
}

static void
test_seal_null_aad_is_empty_aad(void **state)
{
	unsigned char sealed[5 + SEAL_OVERHEAD], out[5];
	long n;

	(void)state;
	n = crypto_seal(key1, "hello", 5, NULL, sealed);
	assert_int_equal(n, 5 + SEAL_OVERHEAD);
	assert_int_equal(crypto_open(key1, sealed, (size_t)n, "", out), 5);
	assert_memory_equal(out, "hello", 5);
	assert_int_equal(crypto_open(key1, sealed, (size_t)n, NULL, out), 5);
	assert_int_equal(crypto_open(key1, sealed, (size_t)n, "x", out), -1);
}

static void
test_open_refuses_any_tampered_byte(void **state)
{
	unsigned char sealed[40 + SEAL_OVERHEAD], out[40];
	size_t i;
	long n;
	int bit;

	(void)state;
	n = crypto_seal(key1, "0123456789012345678901234567890123456789", 40,
	                "aad", sealed);
	assert_int_equal(n, 40 + SEAL_OVERHEAD);
	for (i = 0; i < (size_t)n; i++) {
		for (bit = 0; bit < 8; bit += 7) {
			sealed[i] ^= (unsigned char)(1u << bit);
			memset(out, 'q', sizeof(out));
			assert_int_equal(crypto_open(key1, sealed, (size_t)n,
			                             "aad", out),
			                 -1);
			sealed[i] ^= (unsigned char)(1u << bit);
		}
	}
	assert_int_equal(crypto_open(key1, sealed, (size_t)n, "aad", out), 40);
}

static void
test_open_failure_leaves_no_plaintext(void **state)
{
	unsigned char sealed[16 + SEAL_OVERHEAD], out[16], zero[16] = {0};
	long n;

	(void)state;
	n = crypto_seal(key1, "secret-id-number", 16, "a", sealed);
	assert_int_equal(n, 16 + SEAL_OVERHEAD);
	sealed[n - 1] ^= 1; /* tag only: the ciphertext still decrypts */
	assert_int_equal(crypto_open(key1, sealed, (size_t)n, "a", out), -1);
	assert_memory_equal(out, zero, sizeof(out));
}

static void
test_open_refuses_wrong_aad(void **state)
{
	unsigned char sealed[8 + SEAL_OVERHEAD], out[8];
	long n;

	(void)state;
	n = crypto_seal(key1, "12345678", 8, "user.account:42", sealed);
	assert_int_equal(
	        crypto_open(key1, sealed, (size_t)n, "user.account:43", out),
	        -1);
	assert_int_equal(crypto_open(key1, sealed, (size_t)n, NULL, out), -1);
	assert_int_equal(
	        crypto_open(key1, sealed, (size_t)n, "user.account:42", out),
	        8);
}

static void
test_open_refuses_wrong_key(void **state)
{
	unsigned char sealed[8 + SEAL_OVERHEAD], out[8], key2[KEY_LEN];
	long n;

	(void)state;
	memcpy(key2, key1, KEY_LEN);
	key2[31] ^= 0x80;
	n = crypto_seal(key1, "12345678", 8, "a", sealed);
	assert_int_equal(crypto_open(key2, sealed, (size_t)n, "a", out), -1);
}

static void
test_open_refuses_wrong_version_and_short_input(void **state)
{
	unsigned char sealed[8 + SEAL_OVERHEAD], out[8];
	long n;
	size_t len;

	(void)state;
	n = crypto_seal(key1, "12345678", 8, "a", sealed);
	for (len = 0; len < SEAL_OVERHEAD; len++)
		assert_int_equal(crypto_open(key1, sealed, len, "a", out), -1);
	/* Truncated by one byte: still long enough, but not ours. */
	assert_int_equal(crypto_open(key1, sealed, (size_t)n - 1, "a", out),
	                 -1);
	sealed[0] = 0x02;
	assert_int_equal(crypto_open(key1, sealed, (size_t)n, "a", out), -1);
	sealed[0] = 0x00;
	assert_int_equal(crypto_open(key1, sealed, (size_t)n, "a", out), -1);
}

static void
test_two_seals_differ(void **state)
{
	unsigned char a[5 + SEAL_OVERHEAD], b[5 + SEAL_OVERHEAD];

	(void)state;
	assert_int_equal(crypto_seal(key1, "hello", 5, "x", a),
	                 5 + SEAL_OVERHEAD);
	assert_int_equal(crypto_seal(key1, "hello", 5, "x", b),
	                 5 + SEAL_OVERHEAD);
	assert_memory_not_equal(a + 1, b + 1, 12);  /* nonce */
	assert_memory_not_equal(a + 13, b + 13, 5); /* ciphertext */
}

/* The published GCM test case 16 (McGrew and Viega, "The Galois/Counter
 * Mode of Operation", appendix B) wrapped in our format must open.  Its
 * AAD has no NUL byte, so it can be passed as a C string. */
static void
test_open_gcm_spec_test_case_16(void **state)
{
	unsigned char key[KEY_LEN], sealed[60 + SEAL_OVERHEAD], pt[60], out[60];
	unsigned char aad[21];

	(void)state;
	unhex("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f94673083"
	      "08",
	      key, KEY_LEN);
	sealed[0] = 0x01;
	unhex("cafebabefacedbaddecaf888", sealed + 1, 12);
	unhex("522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1"
	      "aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662",
	      sealed + 13, 60);
	unhex("76fc6ece0f4e1768cddf8853bb2d551b", sealed + 73, 16);
	unhex("d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a"
	      "721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39",
	      pt, 60);
	unhex("feedfacedeadbeeffeedfacedeadbeefabaddad2", aad, 20);
	aad[20] = '\0';
	assert_int_equal(crypto_open(key, sealed, sizeof(sealed),
	                             (const char *)aad, out),
	                 60);
	assert_memory_equal(out, pt, 60);
	sealed[73] ^= 1;
	assert_int_equal(crypto_open(key, sealed, sizeof(sealed),
	                             (const char *)aad, out),
	                 -1);
}

/* The published GCM test case 13: zero key, zero nonce, nothing at all. */
static void
test_open_gcm_spec_test_case_13(void **state)
{
	unsigned char key[KEY_LEN] = {0}, sealed[SEAL_OVERHEAD] = {0};

	(void)state;
	sealed[0] = 0x01;
	unhex("530f8afbc74536b9a963b4f1c4cb738b", sealed + 13, 16);
	assert_int_equal(crypto_open(key, sealed, sizeof(sealed), NULL, NULL),
	                 0);
}

/* What crypto_seal writes decrypts with plain EVP calls: the layout is
 * version, nonce, ciphertext, tag, and the aad is the string's bytes. */
static void
test_seal_layout_opens_with_evp(void **state)
{
	static const char msg[] = "110101199003070011";
	unsigned char sealed[18 + SEAL_OVERHEAD], out[18], tag[16];
	EVP_CIPHER_CTX *ctx;
	int len, total;

	(void)state;
	assert_int_equal(crypto_seal(key1, msg, 18, "user.idcard:7", sealed),
	                 18 + SEAL_OVERHEAD);
	assert_int_equal(sealed[0], 0x01);
	ctx = EVP_CIPHER_CTX_new();
	assert_non_null(ctx);
	assert_int_equal(EVP_DecryptInit_ex(ctx, EVP_aes_256_gcm(), NULL, key1,
	                                    sealed + 1),
	                 1);
	assert_int_equal(EVP_DecryptUpdate(ctx, NULL, &len,
	                                   (const unsigned char *)"user.idcard:"
	                                                          "7",
	                                   13),
	                 1);
	assert_int_equal(EVP_DecryptUpdate(ctx, out, &len, sealed + 13, 18), 1);
	total = len;
	memcpy(tag, sealed + 31, 16);
	assert_int_equal(
	        EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, 16, tag), 1);
	assert_int_equal(EVP_DecryptFinal_ex(ctx, out + total, &len), 1);
	total += len;
	EVP_CIPHER_CTX_free(ctx);
	assert_int_equal(total, 18);
	assert_memory_equal(out, msg, 18);
}

/* ---- key files ---- */

struct keyfile {
	char path[64];
};

/* Write text into a fresh temporary file with the given mode. */
static void
keyfile_make(struct keyfile *k, const char *text, mode_t mode)
{
	size_t len = strlen(text);
	int fd, r;

	r = snprintf(k->path, sizeof(k->path), "/tmp/zf-test-key-XXXXXX");
	assert_true(r > 0 && (size_t)r < sizeof(k->path));
	fd = mkstemp(k->path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, len), (ssize_t)len);
	assert_int_equal(fchmod(fd, mode), 0);
	assert_int_equal(close(fd), 0);
}

static const char keyhex[] =
        "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

static void
test_key_load_good(void **state)
{
	static const char *const texts[] = {
	        keyhex,
	        "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e"
	        "1f\n",
	        "000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E"
	        "1F\r\n",
	};
	unsigned char key[KEY_LEN], want[KEY_LEN];
	struct keyfile k;
	char err[256];
	size_t i;

	(void)state;
	unhex(keyhex, want, KEY_LEN);
	for (i = 0; i < NELEM(texts); i++) {
		keyfile_make(&k, texts[i], 0600);
		memset(key, 0, sizeof(key));
		assert_int_equal(crypto_key_load(k.path, key, err, sizeof(err)),
		                 0);
		assert_memory_equal(key, want, KEY_LEN);
		unlink(k.path);
	}
	/* Group-readable is allowed; only others are refused. */
	keyfile_make(&k, keyhex, 0640);
	assert_int_equal(crypto_key_load(k.path, key, err, sizeof(err)), 0);
	unlink(k.path);
}

static void
test_key_load_refuses_world_readable(void **state)
{
	unsigned char key[KEY_LEN];
	char err[256], want[256];
	struct keyfile k;
	int r;

	(void)state;
	keyfile_make(&k, keyhex, 0644);
	assert_int_equal(crypto_key_load(k.path, key, err, sizeof(err)), -1);
	r = snprintf(want, sizeof(want), "key file %s is readable by others",
	             k.path);
	assert_true(r > 0 && (size_t)r < sizeof(want));
	assert_string_equal(err, want);
	unlink(k.path);
}

static void
test_key_load_refuses_bad_contents(void **state)
{
	static const char *const texts[] = {
	        "",
	        "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1"
	        "e",
	        "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e"
	        "1f00",
	        "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e"
	        "1fx\n",
	        "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e"
	        "1g",
	        " 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1"
	        "e1f",
	};
	unsigned char key[KEY_LEN];
	char err[256], want[256];
	struct keyfile k;
	size_t i;
	int r;

	(void)state;
	for (i = 0; i < NELEM(texts); i++) {
		keyfile_make(&k, texts[i], 0600);
		assert_int_equal(crypto_key_load(k.path, key, err, sizeof(err)),
		                 -1);
		r = snprintf(want, sizeof(want),
		             "key file %s must hold 64 hex characters", k.path);
		assert_true(r > 0 && (size_t)r < sizeof(want));
		assert_string_equal(err, want);
		unlink(k.path);
	}
}

static void
test_key_load_refuses_huge_file(void **state)
{
	char text[4096];
	unsigned char key[KEY_LEN];
	struct keyfile k;
	char err[256];

	(void)state;
	memcpy(text, keyhex, 64);
	memset(text + 64, '\n', sizeof(text) - 65);
	text[sizeof(text) - 1] = '\0';
	keyfile_make(&k, text, 0600);
	assert_int_equal(crypto_key_load(k.path, key, err, sizeof(err)), -1);
	unlink(k.path);
}

static void
test_key_load_missing_file(void **state)
{
	unsigned char key[KEY_LEN];
	char err[256];

	(void)state;
	err[0] = '\0';
	assert_int_equal(
	        crypto_key_load("/nonexistent/zf-key", key, err, sizeof(err)),
	        -1);
	assert_non_null(strstr(err, "/nonexistent/zf-key"));
}

static void
test_wipe(void **state)
{
	unsigned char b[16];

	(void)state;
	memset(b, 0xaa, sizeof(b));
	crypto_wipe(b, sizeof(b));
	assert_memory_equal(b, (unsigned char[16]){0}, sizeof(b));
}

/* ---- password hashes ---- */

#define MiB (1024u * 1024u)

/* Small parameters so the tests stay fast. */
static const struct crypto_pwparams fast = {1, 8 * MiB};
static const struct crypto_pwparams fast2 = {2, 8 * MiB};

static void
test_pwparams_default(void **state)
{
	struct crypto_pwparams p;

	(void)state;
	crypto_pwparams_default(&p);
	assert_int_equal(p.opslimit, 2);
	assert_int_equal(p.memlimit, 64 * MiB);
}

static void
test_pwhash_round_trip(void **state)
{
	char h[CRYPTO_PWHASH_STRBYTES];

	(void)state;
	assert_int_equal(crypto_pwhash_new("hunter22", 8, &fast, h), 0);
	assert_int_equal(crypto_pwverify(h, "hunter22", 8), 1);
	/* The length given is what counts, not a NUL. */
	assert_int_equal(crypto_pwverify(h, "hunter222", 8), 1);
}

static void
test_pwhash_wrong_password(void **state)
{
	char h[CRYPTO_PWHASH_STRBYTES];

	(void)state;
	assert_int_equal(crypto_pwhash_new("hunter22", 8, &fast, h), 0);
	assert_int_equal(crypto_pwverify(h, "hunter23", 8), 0);
	assert_int_equal(crypto_pwverify(h, "Hunter22", 8), 0);
	assert_int_equal(crypto_pwverify(h, "hunter2", 7), 0);
	assert_int_equal(crypto_pwverify(h, "hunter222", 9), 0);
}

static void
test_pwhash_string_shape(void **state)
{
	char h[CRYPTO_PWHASH_STRBYTES];

	(void)state;
	assert_int_equal(crypto_pwhash_new("correct horse", 13, &fast, h), 0);
	assert_true(strncmp(h, "$argon2id$v=19$", 15) == 0);
	assert_non_null(strstr(h, "$m=8192,t=1,p=1$"));
	assert_true(strlen(h) < CRYPTO_PWHASH_STRBYTES);
	assert_int_equal(crypto_pwhash_new("correct horse", 13, &fast2, h), 0);
	assert_non_null(strstr(h, "$m=8192,t=2,p=1$"));
}

static void
test_pwhash_salted(void **state)
{
	char a[CRYPTO_PWHASH_STRBYTES], b[CRYPTO_PWHASH_STRBYTES];

	(void)state;
	assert_int_equal(crypto_pwhash_new("same", 4, &fast, a), 0);
	assert_int_equal(crypto_pwhash_new("same", 4, &fast, b), 0);
	assert_string_not_equal(a, b);
	assert_int_equal(crypto_pwverify(a, "same", 4), 1);
	assert_int_equal(crypto_pwverify(b, "same", 4), 1);
}

/* Unicode passwords are bytes; the longest accepted one works. */
static void
test_pwhash_utf8_and_longest(void **state)
{
	static char big[CRYPTO_PW_MAX + 1];
	char h[CRYPTO_PWHASH_STRBYTES];

	(void)state;
	assert_int_equal(
	        crypto_pwhash_new("\xe5\xaf\x86\xe7\xa0\x81", 6, &fast, h), 0);
	assert_int_equal(crypto_pwverify(h, "\xe5\xaf\x86\xe7\xa0\x81", 6), 1);
	memset(big, 'p', sizeof(big));
	assert_int_equal(crypto_pwhash_new(big, CRYPTO_PW_MAX, &fast, h), 0);
	assert_int_equal(crypto_pwverify(h, big, CRYPTO_PW_MAX), 1);
	assert_int_equal(crypto_pwverify(h, big, CRYPTO_PW_MAX - 1), 0);
}

static void
test_pwhash_refuses_bad_passwords(void **state)
{
	static char big[CRYPTO_PW_MAX + 1];
	char h[CRYPTO_PWHASH_STRBYTES], good[CRYPTO_PWHASH_STRBYTES];

	(void)state;
	memset(big, 'p', sizeof(big));
	memset(h, 'x', sizeof(h));
	assert_int_equal(crypto_pwhash_new("", 0, &fast, h), -1);
	assert_memory_equal(h, (char[CRYPTO_PWHASH_STRBYTES]){0}, sizeof(h));
	assert_int_equal(crypto_pwhash_new("ab\0cd", 5, &fast, h), -1);
	assert_int_equal(crypto_pwhash_new(big, CRYPTO_PW_MAX + 1, &fast, h),
	                 -1);
	assert_int_equal(crypto_pwhash_new(NULL, 4, &fast, h), -1);
	/* Verify refuses the same, even against a hash they would match. */
	assert_int_equal(crypto_pwhash_new("ab", 2, &fast, good), 0);
	assert_int_equal(crypto_pwverify(good, "ab\0cd", 5), 0);
	assert_int_equal(crypto_pwverify(good, "ab\0", 3), 0);
	assert_int_equal(crypto_pwverify(good, "", 0), 0);
	assert_int_equal(crypto_pwverify(good, NULL, 2), 0);
	assert_int_equal(crypto_pwverify(good, big, CRYPTO_PW_MAX + 1), 0);
}

static void
test_pwhash_refuses_bad_params(void **state)
{
	static const struct crypto_pwparams bad[] = {
	        {0, 8 * MiB},
	        {1, 0},
	        {1, 1024},
	};
	char h[CRYPTO_PWHASH_STRBYTES];
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(bad); i++)
		assert_int_equal(crypto_pwhash_new("pw", 2, &bad[i], h), -1);
}

static void
test_pwhash_needs_rehash(void **state)
{
	static const struct crypto_pwparams more_mem = {1, 16 * MiB};
	char h[CRYPTO_PWHASH_STRBYTES];

	(void)state;
	assert_int_equal(crypto_pwhash_new("pw", 2, &fast, h), 0);
	assert_int_equal(crypto_pwhash_needs_rehash(h, &fast), 0);
	assert_int_equal(crypto_pwhash_needs_rehash(h, &fast2), 1);
	assert_int_equal(crypto_pwhash_needs_rehash(h, &more_mem), 1);
	assert_int_equal(crypto_pwhash_needs_rehash(h, NULL), 1);
	/* Lowered parameters differ too. */
	assert_int_equal(crypto_pwhash_new("pw", 2, &fast2, h), 0);
	assert_int_equal(crypto_pwhash_needs_rehash(h, &fast), 1);
	assert_int_equal(crypto_pwhash_needs_rehash(h, &fast2), 0);
}

static void
test_pwhash_malformed_hashes(void **state)
{
	char good[CRYPTO_PWHASH_STRBYTES], h[CRYPTO_PWHASH_STRBYTES + 8];
	static const char *const bad[] = {
	        "",
	        "$",
	        "$argon2id$",
	        "$argon2id$v=19$",
	        "$argon2id$v=19$m=8192,t=1,p=1$",
	        "$argon2id$v=19$m=8192,t=1,p=1$c2FsdHNhbHQ$",
	        "$argon2i$v=19$m=8192,t=1,p=1$c2FsdHNhbHRzYWx0$"
	        "aGFzaGhhc2hoYXNo",
	        "$2y$10$abcdefghijklmnopqrstuu5s2v8.iXieOjg/.AySBTTZIIVFJeBui",
	        "5f4dcc3b5aa765d61d8327deb882cf99",
	        "plain text",
	};
	size_t i, len;

	(void)state;
	for (i = 0; i < NELEM(bad); i++) {
		assert_int_equal(crypto_pwverify(bad[i], "pw", 2), 0);
		assert_int_equal(crypto_pwhash_needs_rehash(bad[i], &fast), -1);
	}
	assert_int_equal(crypto_pwverify(NULL, "pw", 2), 0);
	assert_int_equal(crypto_pwhash_needs_rehash(NULL, &fast), -1);
	/* A real hash cut short, with a byte changed in each field, and
	 * unterminated. */
	assert_int_equal(crypto_pwhash_new("pw", 2, &fast, good), 0);
	len = strlen(good);
	for (i = 1; i < len; i++) {
		memcpy(h, good, i);
		h[i] = '\0';
		assert_int_equal(crypto_pwverify(h, "pw", 2), 0);
	}
	for (i = 0; i < len; i++) {
		memcpy(h, good, len + 1);
		h[i] = h[i] == '$' ? 'x' : '$';
		assert_int_equal(crypto_pwverify(h, "pw", 2), 0);
	}
	memset(h, 'a', sizeof(h));
	memcpy(h, good, len);
	assert_int_equal(crypto_pwverify(h, "pw", 2), 0);
	assert_int_equal(crypto_pwhash_needs_rehash(h, &fast), -1);
	memcpy(h, good, len + 1);
	assert_int_equal(crypto_pwverify(h, "pw", 2), 1);
}

static void
test_pwdummy_runs(void **state)
{
	(void)state;
	crypto_pwdummy("whatever", 8, &fast);
	crypto_pwdummy("whatever", 8, &fast);
	crypto_pwdummy("other", 5, &fast2); /* other parameters: a new hash */
	crypto_pwdummy("", 0, &fast);
	crypto_pwdummy(NULL, 3, &fast);
}

/* The real parameters, once: 64 MiB, 2 passes. */
static void
test_pwhash_defaults(void **state)
{
	struct crypto_pwparams p;
	char h[CRYPTO_PWHASH_STRBYTES];

	(void)state;
	crypto_pwparams_default(&p);
	assert_int_equal(crypto_pwhash_new("s3cret pw", 9, NULL, h), 0);
	assert_non_null(strstr(h, "$m=65536,t=2,p=1$"));
	assert_int_equal(crypto_pwverify(h, "s3cret pw", 9), 1);
	assert_int_equal(crypto_pwverify(h, "s3cret pW", 9), 0);
	assert_int_equal(crypto_pwhash_needs_rehash(h, &p), 0);
	assert_int_equal(crypto_pwhash_needs_rehash(h, NULL), 0);
	assert_int_equal(crypto_pwhash_needs_rehash(h, &fast), 1);
	crypto_pwdummy("s3cret pw", 9, NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_hex_round_trip),
	        cmocka_unit_test(test_unhex_refuses_malformed),
	        cmocka_unit_test(test_sha256_known_answers),
	        cmocka_unit_test(test_equal),
	        cmocka_unit_test(test_random_fills_and_differs),
	        cmocka_unit_test(test_token_shape),
	        cmocka_unit_test(test_token_hash_is_sha256_of_hex_text),
	        cmocka_unit_test(test_token_hash_known_answer),
	        cmocka_unit_test(test_token_hash_refuses_bad_shapes),
	        cmocka_unit_test(test_tokens_differ),
	        cmocka_unit_test(test_uuid_shape),
	        cmocka_unit_test(test_uuid_version_and_variant_always_set),
	        cmocka_unit_test(test_seal_open_empty),
	        cmocka_unit_test(test_seal_open_1000_bytes),
	        cmocka_unit_test(test_seal_null_aad_is_empty_aad),
	        cmocka_unit_test(test_open_refuses_any_tampered_byte),
	        cmocka_unit_test(test_open_failure_leaves_no_plaintext),
	        cmocka_unit_test(test_open_refuses_wrong_aad),
	        cmocka_unit_test(test_open_refuses_wrong_key),
	        cmocka_unit_test(
	                test_open_refuses_wrong_version_and_short_input),
	        cmocka_unit_test(test_two_seals_differ),
	        cmocka_unit_test(test_open_gcm_spec_test_case_16),
	        cmocka_unit_test(test_open_gcm_spec_test_case_13),
	        cmocka_unit_test(test_seal_layout_opens_with_evp),
	        cmocka_unit_test(test_key_load_good),
	        cmocka_unit_test(test_key_load_refuses_world_readable),
	        cmocka_unit_test(test_key_load_refuses_bad_contents),
	        cmocka_unit_test(test_key_load_refuses_huge_file),
	        cmocka_unit_test(test_key_load_missing_file),
	        cmocka_unit_test(test_wipe),
	        cmocka_unit_test(test_pwparams_default),
	        cmocka_unit_test(test_pwhash_round_trip),
	        cmocka_unit_test(test_pwhash_wrong_password),
	        cmocka_unit_test(test_pwhash_string_shape),
	        cmocka_unit_test(test_pwhash_salted),
	        cmocka_unit_test(test_pwhash_utf8_and_longest),
	        cmocka_unit_test(test_pwhash_refuses_bad_passwords),
	        cmocka_unit_test(test_pwhash_refuses_bad_params),
	        cmocka_unit_test(test_pwhash_needs_rehash),
	        cmocka_unit_test(test_pwhash_malformed_hashes),
	        cmocka_unit_test(test_pwdummy_runs),
	        cmocka_unit_test(test_pwhash_defaults),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
