/* Random tokens, hashes and AES-256-GCM sealing with OpenSSL 3; password
 * hashes (argon2id) with libsodium. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/sha.h>
#include <sodium.h>

#include "crypto.h"

#define SEAL_VERSION 0x01
#define NONCE_LEN    12
#define TAG_LEN      16
/* A key file is 64 hex characters and a little whitespace; more than this
 * is refused without reading on. */
#define KEYFILE_MAX 128

static const char hexdigits[] = "0123456789abcdef";

/* The value of one hex digit (either case), or -1. */
static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int
crypto_random(void *buf, size_t n)
{
	unsigned char *p = buf;

	while (n > 0) {
		int chunk = n > INT_MAX ? INT_MAX : (int)n;

		if (RAND_bytes(p, chunk) != 1)
			return -1;
		p += chunk;
		n -= (size_t)chunk;
	}
	return 0;
}

void
crypto_hex(const void *in, size_t n, char *out)
{
	const unsigned char *p = in;
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = hexdigits[p[i] >> 4];
		out[2 * i + 1] = hexdigits[p[i] & 15];
	}
	out[2 * n] = '\0';
}

int
crypto_unhex(const char *in, size_t inlen, void *out, size_t outlen)
{
	unsigned char *p = out;
	size_t i;

	if (outlen > SIZE_MAX / 2 || inlen != 2 * outlen)
		return -1;
	for (i = 0; i < outlen; i++) {
		int hi = hexval(in[2 * i]), lo = hexval(in[2 * i + 1]);

		if (hi < 0 || lo < 0) {
			OPENSSL_cleanse(out, outlen);
			return -1;
		}
		p[i] = (unsigned char)(hi << 4 | lo);
	}
	return 0;
}

void
crypto_sha256(const void *in, size_t n, unsigned char out[32])
{
	/* Fetch the implementation once: OpenSSL 3 looks it up on every
	 * one-shot call otherwise, which showed in profiles. */
	static EVP_MD *md;

	if (md == NULL && (md = EVP_MD_fetch(NULL, "SHA256", NULL)) == NULL)
		abort();
	if (EVP_Digest(in, n, out, NULL, md, NULL) != 1)
		abort();
}

int
crypto_equal(const void *a, const void *b, size_t n)
{
	return CRYPTO_memcmp(a, b, n) == 0;
}

int
crypto_token_new(char hex[TOKEN_HEX_LEN + 1], unsigned char hash[32])
{
	unsigned char raw[TOKEN_HEX_LEN / 2];

	if (crypto_random(raw, sizeof(raw)) == -1)
		return -1;
	crypto_hex(raw, sizeof(raw), hex);
	OPENSSL_cleanse(raw, sizeof(raw));
	crypto_sha256(hex, TOKEN_HEX_LEN, hash);
	return 0;
}

int
crypto_token_hash(const char *tok, size_t n, unsigned char hash[32])
{
	size_t i;

	if (n != TOKEN_HEX_LEN)
		return -1;
	for (i = 0; i < n; i++)
		if (!((tok[i] >= '0' && tok[i] <= '9') ||
		      (tok[i] >= 'a' && tok[i] <= 'f')))
			return -1;
	crypto_sha256(tok, n, hash);
	return 0;
}

int
crypto_uuid(char out[37])
{
	unsigned char b[16];
	size_t i, o = 0;

	if (crypto_random(b, sizeof(b)) == -1)
		return -1;
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x40); /* version 4 */
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80); /* variant 10xx */
	for (i = 0; i < sizeof(b); i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[o++] = '-';
		out[o++] = hexdigits[b[i] >> 4];
		out[o++] = hexdigits[b[i] & 15];
	}
	out[o] = '\0';
	return 0;
}

static void
key_err(char *err, size_t errlen, const char *path, const char *what,
        const char *detail)
{
	int r;

	if (err == NULL || errlen == 0)
		return;
	r = snprintf(err, errlen, "key file %s %s%s", path, what,
	             detail ? detail : "");
	if (r < 0)
		err[0] = '\0';
	/* A truncated message stays NUL-terminated and is still useful. */
}

int
crypto_key_load(const char *path, unsigned char key[KEY_LEN], char *err,
                size_t errlen)
{
	char buf[KEYFILE_MAX + 1];
	struct stat st;
	size_t len = 0, i;
	ssize_t r;
	int fd, rc = -1;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd == -1) {
		key_err(err, errlen, path,
		        "cannot be opened: ", strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) == -1) {
		key_err(err, errlen, path, "cannot be read: ", strerror(errno));
		goto out;
	}
	if (st.st_mode & S_IROTH) {
		key_err(err, errlen, path, "is readable by others", NULL);
		goto out;
	}
	while (len < sizeof(buf)) {
		r = read(fd, buf + len, sizeof(buf) - len);
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1) {
			key_err(err, errlen, path,
			        "cannot be read: ", strerror(errno));
			goto out;
		}
		if (r == 0)
			break;
		len += (size_t)r;
	}
	if (len < TOKEN_HEX_LEN || len > KEYFILE_MAX)
		goto bad;
	for (i = TOKEN_HEX_LEN; i < len; i++)
		if (buf[i] != '\n' && buf[i] != '\r' && buf[i] != ' ' &&
		    buf[i] != '\t')
			goto bad;
	if (crypto_unhex(buf, TOKEN_HEX_LEN, key, KEY_LEN) == -1)
		goto bad;
	rc = 0;
	goto out;
bad:
	key_err(err, errlen, path, "must hold 64 hex characters", NULL);
out:
	OPENSSL_cleanse(buf, sizeof(buf));
	close(fd);
	return rc;
}

/* AES-256-GCM, fetched once. */
static const EVP_CIPHER *
aes_gcm(void)
{
	static EVP_CIPHER *c;

	if (c == NULL &&
	    (c = EVP_CIPHER_fetch(NULL, "AES-256-GCM", NULL)) == NULL)
		abort();
	return c;
}

long
crypto_seal(const unsigned char key[KEY_LEN], const void *pt, size_t n,
            const char *aad, unsigned char *out)
{
	unsigned char *nonce = out + 1, *ct = out + 1 + NONCE_LEN;
	size_t aadlen = aad ? strlen(aad) : 0;
	EVP_CIPHER_CTX *ctx = NULL;
	long rc = -1;
	int len;

	/* EVP takes int lengths; fields at rest are far smaller. */
	if (n > (size_t)INT_MAX - SEAL_OVERHEAD || aadlen > INT_MAX)
		return -1;
	out[0] = SEAL_VERSION;
	if (crypto_random(nonce, NONCE_LEN) == -1)
		return -1;
	if ((ctx = EVP_CIPHER_CTX_new()) == NULL)
		return -1;
	if (EVP_EncryptInit_ex(ctx, aes_gcm(), NULL, NULL, NULL) != 1 ||
	    EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_IVLEN, NONCE_LEN, NULL) !=
	            1 ||
	    EVP_EncryptInit_ex(ctx, NULL, NULL, key, nonce) != 1)
		goto out;
	if (aadlen > 0 &&
	    EVP_EncryptUpdate(ctx, NULL, &len, (const unsigned char *)aad,
	                      (int)aadlen) != 1)
		goto out;
	if (n > 0 && EVP_EncryptUpdate(ctx, ct, &len, pt, (int)n) != 1)
		goto out;
	if (EVP_EncryptFinal_ex(ctx, ct + n, &len) != 1 ||
	    EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, TAG_LEN, ct + n) !=
	            1)
		goto out;
	rc = (long)(n + SEAL_OVERHEAD);
out:
	EVP_CIPHER_CTX_free(ctx);
	if (rc == -1)
		OPENSSL_cleanse(out, n + SEAL_OVERHEAD);
	return rc;
}

long
crypto_open(const unsigned char key[KEY_LEN], const unsigned char *in, size_t n,
            const char *aad, unsigned char *out)
{
	const unsigned char *nonce = in + 1, *ct = in + 1 + NONCE_LEN;
	size_t aadlen = aad ? strlen(aad) : 0, ctlen;
	EVP_CIPHER_CTX *ctx = NULL;
	unsigned char tag[TAG_LEN], end[EVP_MAX_BLOCK_LENGTH];
	long rc = -1;
	int len;

	if (n < SEAL_OVERHEAD || in[0] != SEAL_VERSION)
		return -1;
	ctlen = n - SEAL_OVERHEAD;
	if (ctlen > (size_t)INT_MAX - SEAL_OVERHEAD || aadlen > INT_MAX)
		return -1;
	/* OpenSSL wants a writable tag buffer.  GCM's final step writes no
	 * data; end keeps out + ctlen from being formed when out is NULL. */
	memcpy(tag, ct + ctlen, TAG_LEN);
	if ((ctx = EVP_CIPHER_CTX_new()) == NULL)
		return -1;
	if (EVP_DecryptInit_ex(ctx, aes_gcm(), NULL, NULL, NULL) != 1 ||
	    EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_IVLEN, NONCE_LEN, NULL) !=
	            1 ||
	    EVP_DecryptInit_ex(ctx, NULL, NULL, key, nonce) != 1)
		goto out;
	if (aadlen > 0 &&
	    EVP_DecryptUpdate(ctx, NULL, &len, (const unsigned char *)aad,
	                      (int)aadlen) != 1)
		goto out;
	if (ctlen > 0 && EVP_DecryptUpdate(ctx, out, &len, ct, (int)ctlen) != 1)
		goto out;
	if (EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, TAG_LEN, tag) != 1 ||
	    EVP_DecryptFinal_ex(ctx, end, &len) != 1)
		goto out;
	rc = (long)ctlen;
out:
	EVP_CIPHER_CTX_free(ctx);
	/* Never hand out plaintext that failed authentication. */
	if (rc == -1 && ctlen > 0)
		OPENSSL_cleanse(out, ctlen);
	return rc;
}

void
crypto_wipe(void *p, size_t n)
{
	OPENSSL_cleanse(p, n);
}

/* ---- password hashes ---- */

_Static_assert(CRYPTO_PWHASH_STRBYTES == crypto_pwhash_argon2id_STRBYTES,
               "CRYPTO_PWHASH_STRBYTES is libsodium's argon2id size");

#define ARGON2ID_PREFIX "$argon2id$"

/* libsodium ready: 0, or -1 when it cannot be initialised. */
static int
sodium_ready(void)
{
	/* 0 first time, 1 already done, -1 failure; safe to repeat. */
	return sodium_init() < 0 ? -1 : 0;
}

/* 1 when pw is a password we accept: 1..CRYPTO_PW_MAX bytes, no NUL. */
static int
pw_ok(const char *pw, size_t n)
{
	return pw != NULL && n > 0 && n <= CRYPTO_PW_MAX &&
	       memchr(pw, '\0', n) == NULL;
}

/* 1 when hash is terminated within CRYPTO_PWHASH_STRBYTES and names
 * argon2id; the rest is libsodium's to parse.  strnlen reads no further
 * than the NUL, so a short string is fine. */
static int
hash_ok(const char *hash)
{
	return hash != NULL &&
	       strnlen(hash, CRYPTO_PWHASH_STRBYTES) < CRYPTO_PWHASH_STRBYTES &&
	       strncmp(hash, ARGON2ID_PREFIX, sizeof(ARGON2ID_PREFIX) - 1) == 0;
}

static void
pwparams_or_default(const struct crypto_pwparams *in,
                    struct crypto_pwparams *out)
{
	if (in != NULL)
		*out = *in;
	else
		crypto_pwparams_default(out);
}

void
crypto_pwparams_default(struct crypto_pwparams *p)
{
	p->opslimit = crypto_pwhash_argon2id_OPSLIMIT_INTERACTIVE;
	p->memlimit = crypto_pwhash_argon2id_MEMLIMIT_INTERACTIVE;
}

int
crypto_pwhash_new(const char *pw, size_t n, const struct crypto_pwparams *pp,
                  char out[CRYPTO_PWHASH_STRBYTES])
{
	struct crypto_pwparams p;

	sodium_memzero(out, CRYPTO_PWHASH_STRBYTES);
	if (sodium_ready() == -1 || !pw_ok(pw, n))
		return -1;
	pwparams_or_default(pp, &p);
	/* libsodium checks the ranges of both limits and refuses. */
	if (crypto_pwhash_str_alg(out, pw, n, p.opslimit, p.memlimit,
	                          crypto_pwhash_ALG_ARGON2ID13) != 0) {
		sodium_memzero(out, CRYPTO_PWHASH_STRBYTES);
		return -1;
	}
	return 0;
}

int
crypto_pwverify(const char *hash, const char *pw, size_t n)
{
	if (sodium_ready() == -1 || !pw_ok(pw, n) || !hash_ok(hash))
		return 0;
	return crypto_pwhash_argon2id_str_verify(hash, pw, n) == 0;
}

int
crypto_pwhash_needs_rehash(const char *hash, const struct crypto_pwparams *pp)
{
	struct crypto_pwparams p;
	int r;

	if (sodium_ready() == -1 || !hash_ok(hash))
		return -1;
	pwparams_or_default(pp, &p);
	r = crypto_pwhash_argon2id_str_needs_rehash(hash, p.opslimit,
	                                            p.memlimit);
	return r < 0 ? -1 : r > 0;
}

/* The hash crypto_pwdummy verifies against, made once per parameters. */
static pthread_mutex_t dummy_lock = PTHREAD_MUTEX_INITIALIZER;
static struct {
	int ready;
	struct crypto_pwparams p;
	char hash[CRYPTO_PWHASH_STRBYTES];
} dummy;

void
crypto_pwdummy(const char *pw, size_t n, const struct crypto_pwparams *pp)
{
	struct crypto_pwparams p;
	char hash[CRYPTO_PWHASH_STRBYTES];
	unsigned char raw[16];
	char secret[2 * sizeof(raw) + 1];
	int ready;

	pwparams_or_default(pp, &p);
	if (pthread_mutex_lock(&dummy_lock) != 0)
		abort();
	if (!dummy.ready || dummy.p.opslimit != p.opslimit ||
	    dummy.p.memlimit != p.memlimit) {
		/* A random password nobody knows: nothing ever matches. */
		dummy.ready = crypto_random(raw, sizeof(raw)) == 0;
		if (dummy.ready) {
			crypto_hex(raw, sizeof(raw), secret);
			dummy.ready = crypto_pwhash_new(secret, sizeof(raw) * 2,
			                                &p, dummy.hash) == 0;
		}
		dummy.p = p;
		sodium_memzero(raw, sizeof(raw));
		sodium_memzero(secret, sizeof(secret));
	}
	ready = dummy.ready;
	memcpy(hash, dummy.hash, sizeof(hash));
	if (pthread_mutex_unlock(&dummy_lock) != 0)
		abort();
	/* The very call a known account makes, result thrown away. */
	if (ready)
		(void)crypto_pwverify(hash, pw, n);
}
