/* Alipay OpenAPI client: RSA2 with OpenSSL 3, calls with lib/http. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include "alipay.h"
#include "buf.h"
#include "http.h"
#include "metrics.h"

/* Key files are a few KiB; anything larger is not a key. */
#define KEYFILE_MAX (64 * 1024)
#define MIN_BITS    2048

struct alipay_key {
	EVP_PKEY *pkey;
	int priv;
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

static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* ---- base64 ---- */

static int
b64val(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

/* Decode canonical standard base64: a non-zero multiple of 4 characters,
 * '=' only as final padding, unused bits zero.  Returns the bytes (caller
 * frees) and their number in *outlen, or NULL when malformed. */
static unsigned char *
b64_decode(const char *s, size_t n, size_t *outlen)
{
	unsigned char *out;
	size_t i, o = 0, pad = 0;

	if (n == 0 || n % 4 != 0)
		return NULL;
	if (s[n - 1] == '=')
		pad = s[n - 2] == '=' ? 2 : 1;
	out = xmalloc(n / 4 * 3);
	for (i = 0; i < n; i += 4) {
		int v[4], k, last = i + 4 == n;
		unsigned long w;

		for (k = 0; k < 4; k++) {
			if (last && k >= 4 - (int)pad) {
				v[k] = 0;
				continue;
			}
			if ((v[k] = b64val((unsigned char)s[i + k])) < 0)
				goto bad;
		}
		w = (unsigned long)v[0] << 18 | (unsigned long)v[1] << 12 |
		    (unsigned long)v[2] << 6 | (unsigned long)v[3];
		if (last && ((pad == 1 && (w & 0xff) != 0) ||
		             (pad == 2 && (w & 0xffff) != 0)))
			goto bad;
		out[o++] = (unsigned char)(w >> 16);
		if (!last || pad < 2)
			out[o++] = (unsigned char)(w >> 8);
		if (!last || pad < 1)
			out[o++] = (unsigned char)w;
	}
	*outlen = o;
	return out;
bad:
	OPENSSL_cleanse(out, n / 4 * 3);
	free(out);
	return NULL;
}

/* Standard base64 of n bytes without line breaks (caller frees). */
static char *
b64_encode(const unsigned char *p, size_t n)
{
	char *out = xmalloc((n + 2) / 3 * 4 + 1);

	EVP_EncodeBlock((unsigned char *)out, p, (int)n);
	return out;
}

/* ---- keys ---- */

/* Base64 text with any whitespace in it as DER (caller wipes and frees),
 * or NULL. */
static unsigned char *
der_from_b64(const char *s, size_t n, size_t *derlen)
{
	char *t = xmalloc(n + 1);
	unsigned char *der;
	size_t i, m = 0;

	for (i = 0; i < n; i++)
		if (!is_space(s[i]))
			t[m++] = s[i];
	der = b64_decode(t, m, derlen);
	OPENSSL_cleanse(t, n + 1);
	free(t);
	return der;
}

/* One PEM block found in text. */
struct pem {
	const char *label;
	size_t labellen;
	const char *body;
	size_t bodylen;
};

/* Find the first PEM block: 1 and *p filled, 0 when the text has no
 * "-----BEGIN " at all, -1 with err when the block is malformed. */
static int
pem_find(const char *s, size_t n, struct pem *p, char *err, size_t errlen,
         const char *what)
{
	const char *b, *e, *end = s + n, *l;

	if ((b = memmem(s, n, "-----BEGIN ", 11)) == NULL)
		return 0;
	p->label = b + 11;
	if ((l = memmem(p->label, (size_t)(end - p->label), "-----", 5)) ==
	    NULL) {
		seterr(err, errlen, "%s: PEM BEGIN line is not terminated",
		       what);
		return -1;
	}
	p->labellen = (size_t)(l - p->label);
	p->body = l + 5;
	if ((e = memmem(p->body, (size_t)(end - p->body), "-----END ", 9)) ==
	    NULL) {
		seterr(err, errlen, "%s: PEM block has no END line", what);
		return -1;
	}
	p->bodylen = (size_t)(e - p->body);
	e += 9;
	if ((size_t)(end - e) < p->labellen + 5 ||
	    memcmp(e, p->label, p->labellen) != 0 ||
	    memcmp(e + p->labellen, "-----", 5) != 0) {
		seterr(err, errlen, "%s: PEM END line does not match BEGIN",
		       what);
		return -1;
	}
	if (memchr(p->body, ':', p->bodylen) != NULL) {
		seterr(err, errlen,
		       "%s: PEM headers (an encrypted key?) are not supported",
		       what);
		return -1;
	}
	return 1;
}

static int
label_is(const struct pem *p, const char *label)
{
	return p->labellen == strlen(label) &&
	       memcmp(p->label, label, p->labellen) == 0;
}

/* A private key from PKCS#1 or PKCS#8 DER that must be used up. */
static EVP_PKEY *
der_private(const unsigned char *der, size_t n)
{
	const unsigned char *p = der;
	EVP_PKEY *k;

	if (n > LONG_MAX)
		return NULL;
	k = d2i_AutoPrivateKey(NULL, &p, (long)n);
	if (k != NULL && p != der + n) {
		EVP_PKEY_free(k);
		k = NULL;
	}
	return k;
}

/* A public key from SubjectPublicKeyInfo or PKCS#1 RSAPublicKey DER. */
static EVP_PKEY *
der_public(const unsigned char *der, size_t n)
{
	const unsigned char *p = der;
	EVP_PKEY *k;

	if (n > LONG_MAX)
		return NULL;
	k = d2i_PUBKEY(NULL, &p, (long)n);
	if (k != NULL && p != der + n) {
		EVP_PKEY_free(k);
		k = NULL;
	}
	if (k == NULL) {
		p = der;
		k = d2i_PublicKey(EVP_PKEY_RSA, NULL, &p, (long)n);
		if (k != NULL && p != der + n) {
			EVP_PKEY_free(k);
			k = NULL;
		}
	}
	return k;
}

/* Wrap pkey after checking it is RSA and large enough; frees it on
 * failure. */
static struct alipay_key *
key_wrap(EVP_PKEY *pkey, int priv, const char *what, char *err, size_t errlen)
{
	struct alipay_key *k;
	int bits;

	if (!EVP_PKEY_is_a(pkey, "RSA")) {
		seterr(err, errlen, "%s: not an RSA key", what);
		EVP_PKEY_free(pkey);
		return NULL;
	}
	if ((bits = EVP_PKEY_get_bits(pkey)) < MIN_BITS) {
		seterr(err, errlen,
		       "%s: RSA key has %d bits, at least %d needed", what,
		       bits, MIN_BITS);
		EVP_PKEY_free(pkey);
		return NULL;
	}
	k = xmalloc(sizeof(*k));
	k->pkey = pkey;
	k->priv = priv;
	return k;
}

/* What a key's text may be: PEM labels accepted (two), one refused with
 * its reason; how its DER bytes are read, and what they must be. */
struct key_form {
	const char *what;
	const char *label[2];
	const char *refused, *refused_why;
	EVP_PKEY *(*parse)(const unsigned char *der, size_t n);
	const char *expected;
	int priv;
};

/* The DER bytes of a key's text: the body of a PEM block of an accepted
 * label, or the whole text as bare base64.  NULL with the reason in err. */
static unsigned char *
key_der(const char *text, size_t len, const struct key_form *f, size_t *derlen,
        char *err, size_t errlen)
{
	unsigned char *der;
	struct pem pem;
	int r;

	if ((r = pem_find(text, len, &pem, err, errlen, f->what)) == -1)
		return NULL;
	if (r == 1) {
		if (label_is(&pem, f->refused)) {
			seterr(err, errlen, "%s: %s", f->what, f->refused_why);
			return NULL;
		}
		if (!label_is(&pem, f->label[0]) &&
		    !label_is(&pem, f->label[1])) {
			seterr(err, errlen, "%s: PEM block is not %s or %s",
			       f->what, f->label[0], f->label[1]);
			return NULL;
		}
		der = der_from_b64(pem.body, pem.bodylen, derlen);
	} else {
		der = der_from_b64(text, len, derlen);
	}
	if (der == NULL)
		seterr(err, errlen, "%s: neither PEM nor valid base64",
		       f->what);
	return der;
}

/* The key of a text in form f, or NULL with the reason in err. */
static struct alipay_key *
key_load(const char *text, size_t len, const struct key_form *f, char *err,
         size_t errlen)
{
	size_t derlen = 0;
	unsigned char *der = key_der(text, len, f, &derlen, err, errlen);
	EVP_PKEY *pkey;

	if (der == NULL)
		return NULL;
	pkey = f->parse(der, derlen);
	OPENSSL_cleanse(der, derlen);
	free(der);
	ERR_clear_error();
	if (pkey == NULL) {
		seterr(err, errlen, "%s: not %s", f->what, f->expected);
		return NULL;
	}
	return key_wrap(pkey, f->priv, f->what, err, errlen);
}

struct alipay_key *
alipay_key_private(const char *text, size_t len, char *err, size_t errlen)
{
	static const struct key_form f = {
	        "application private key",
	        {"RSA PRIVATE KEY", "PRIVATE KEY"},
	        "ENCRYPTED PRIVATE KEY",
	        "encrypted keys are not supported",
	        der_private,
	        "a PKCS#1 or PKCS#8 private key",
	        1,
	};

	return key_load(text, len, &f, err, errlen);
}

struct alipay_key *
alipay_key_public(const char *text, size_t len, char *err, size_t errlen)
{
	static const struct key_form f = {
	        "Alipay public key",
	        {"PUBLIC KEY", "RSA PUBLIC KEY"},
	        "CERTIFICATE",
	        "certificates are not supported, give the public key",
	        der_public,
	        "a SubjectPublicKeyInfo or RSA public key",
	        0,
	};

	return key_load(text, len, &f, err, errlen);
}

/* Read a whole small file into a buffer of KEYFILE_MAX + 1 bytes (caller
 * wipes and frees).  secret: refuse files readable by others. */
static char *
read_keyfile(const char *path, int secret, size_t *len, char *err,
             size_t errlen)
{
	char *b = NULL;
	struct stat st;
	size_t n = 0;
	ssize_t r;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY)) == -1) {
		seterr(err, errlen, "key file %s cannot be opened: %s", path,
		       strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) == -1) {
		seterr(err, errlen, "key file %s cannot be read: %s", path,
		       strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		seterr(err, errlen, "key file %s is not a regular file", path);
		goto out;
	}
	if (secret && (st.st_mode & S_IROTH)) {
		seterr(err, errlen, "key file %s is readable by others", path);
		goto out;
	}
	b = xmalloc(KEYFILE_MAX + 1);
	while (n <= KEYFILE_MAX) {
		r = read(fd, b + n, KEYFILE_MAX + 1 - n);
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1) {
			seterr(err, errlen, "key file %s cannot be read: %s",
			       path, strerror(errno));
			goto fail;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	if (n > KEYFILE_MAX) {
		seterr(err, errlen, "key file %s is larger than %d bytes", path,
		       KEYFILE_MAX);
		goto fail;
	}
	*len = n;
	goto out;
fail:
	OPENSSL_cleanse(b, KEYFILE_MAX + 1);
	free(b);
	b = NULL;
out:
	close(fd);
	return b;
}

static struct alipay_key *
key_file(const char *path, int priv, char *err, size_t errlen)
{
	struct alipay_key *k;
	size_t n = 0;
	char *b, e[256];

	if ((b = read_keyfile(path, priv, &n, err, errlen)) == NULL)
		return NULL;
	k = priv ? alipay_key_private(b, n, e, sizeof(e))
	         : alipay_key_public(b, n, e, sizeof(e));
	if (k == NULL)
		seterr(err, errlen, "key file %s: %s", path, e);
	OPENSSL_cleanse(b, KEYFILE_MAX + 1);
	free(b);
	return k;
}

struct alipay_key *
alipay_key_private_file(const char *path, char *err, size_t errlen)
{
	return key_file(path, 1, err, errlen);
}

struct alipay_key *
alipay_key_public_file(const char *path, char *err, size_t errlen)
{
	return key_file(path, 0, err, errlen);
}

int
alipay_key_is_private(const struct alipay_key *k)
{
	return k->priv;
}

void
alipay_key_free(struct alipay_key *k)
{
	if (k == NULL)
		return;
	EVP_PKEY_free(k->pkey);
	free(k);
}

/* ---- parameter lists ---- */

void
alipay_params_addn(struct alipay_params *p, const char *key, const char *val,
                   size_t vlen)
{
	struct alipay_param *e = NULL;
	size_t i;

	for (i = 0; i < p->n; i++)
		if (strcmp(p->v[i].key, key) == 0) {
			e = &p->v[i];
			free(e->val);
			break;
		}
	if (e == NULL) {
		if (p->n == p->cap) {
			p->cap = p->cap ? 2 * p->cap : 16;
			p->v = xrealloc(p->v, p->cap * sizeof(*p->v));
		}
		e = &p->v[p->n++];
		e->key = xstrdup(key);
	}
	e->val = xmalloc(vlen + 1);
	if (vlen > 0)
		memcpy(e->val, val, vlen);
	e->val[vlen] = '\0';
	e->vlen = vlen;
}

void
alipay_params_add(struct alipay_params *p, const char *key, const char *val)
{
	alipay_params_addn(p, key, val, strlen(val));
}

const char *
alipay_params_get(const struct alipay_params *p, const char *key)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		if (strcmp(p->v[i].key, key) == 0)
			return p->v[i].val;
	return NULL;
}

void
alipay_params_free(struct alipay_params *p)
{
	size_t i;

	for (i = 0; i < p->n; i++) {
		free(p->v[i].key);
		free(p->v[i].val);
	}
	free(p->v);
	memset(p, 0, sizeof(*p));
}

static int
by_key(const void *a, const void *b)
{
	const struct alipay_param *const *x = a, *const *y = b;

	/* strcmp compares as unsigned char: byte order. */
	return strcmp((*x)->key, (*y)->key);
}

/* The parameters sorted by key, as pointers (caller frees the array). */
static const struct alipay_param **
sorted(const struct alipay_params *p)
{
	const struct alipay_param **s;
	size_t i;

	s = xmalloc((p->n ? p->n : 1) * sizeof(*s));
	for (i = 0; i < p->n; i++)
		s[i] = &p->v[i];
	if (p->n > 1)
		qsort(s, p->n, sizeof(*s), by_key);
	return s;
}

char *
alipay_sign_content(const struct alipay_params *p, enum alipay_sign_mode m,
                    size_t *len)
{
	const struct alipay_param **s = sorted(p);
	struct buf b = {0};
	size_t i, n;
	char *out;

	buf_add(&b, "", 0);
	for (i = 0; i < p->n; i++) {
		const struct alipay_param *e = s[i];

		if (e->key[0] == '\0' || e->vlen == 0 ||
		    strcmp(e->key, "sign") == 0 ||
		    (m == ALIPAY_SIGN_V1 && strcmp(e->key, "sign_type") == 0))
			continue;
		if (b.len > 0)
			buf_addc(&b, '&');
		buf_adds(&b, e->key);
		buf_addc(&b, '=');
		buf_add(&b, e->val, e->vlen);
	}
	free(s);
	out = buf_take(&b, &n);
	if (len != NULL)
		*len = n;
	return out;
}

/* ---- signatures ---- */

char *
alipay_sign(const struct alipay_key *k, const void *msg, size_t n)
{
	EVP_MD_CTX *ctx = NULL;
	EVP_PKEY_CTX *pctx = NULL;
	unsigned char *sig = NULL;
	size_t siglen = 0;
	char *out = NULL;

	if (k == NULL || !k->priv)
		return NULL;
	if ((ctx = EVP_MD_CTX_new()) == NULL)
		goto out;
	if (EVP_DigestSignInit(ctx, &pctx, EVP_sha256(), NULL, k->pkey) != 1 ||
	    EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING) <= 0 ||
	    EVP_DigestSign(ctx, NULL, &siglen, msg, n) != 1 || siglen == 0 ||
	    siglen > INT_MAX)
		goto out;
	sig = xmalloc(siglen);
	if (EVP_DigestSign(ctx, sig, &siglen, msg, n) != 1)
		goto out;
	out = b64_encode(sig, siglen);
out:
	ERR_clear_error();
	EVP_MD_CTX_free(ctx);
	free(sig);
	return out;
}

int
alipay_verify(const struct alipay_key *k, const void *msg, size_t n,
              const char *sig_b64)
{
	EVP_MD_CTX *ctx = NULL;
	EVP_PKEY_CTX *pctx = NULL;
	unsigned char *sig = NULL;
	size_t siglen = 0;
	int rc = -1;

	if (k == NULL || sig_b64 == NULL ||
	    (sig = b64_decode(sig_b64, strlen(sig_b64), &siglen)) == NULL)
		return -1;
	if ((ctx = EVP_MD_CTX_new()) == NULL)
		goto out;
	if (EVP_DigestVerifyInit(ctx, &pctx, EVP_sha256(), NULL, k->pkey) !=
	            1 ||
	    EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING) <= 0)
		goto out;
	if (EVP_DigestVerify(ctx, sig, siglen, msg, n) == 1)
		rc = 0;
out:
	ERR_clear_error();
	EVP_MD_CTX_free(ctx);
	free(sig);
	return rc;
}

int
alipay_verify_params(const struct alipay_key *pub,
                     const struct alipay_params *p, char *err, size_t errlen)
{
	const char *type = alipay_params_get(p, "sign_type");
	const char *sign = alipay_params_get(p, "sign");
	char *content;
	size_t n;
	int rc;

	if (type == NULL || strcmp(type, "RSA2") != 0) {
		seterr(err, errlen, "sign_type is not RSA2");
		return -1;
	}
	if (sign == NULL || sign[0] == '\0') {
		seterr(err, errlen, "no sign");
		return -1;
	}
	content = alipay_sign_content(p, ALIPAY_SIGN_V1, &n);
	rc = alipay_verify(pub, content, n, sign);
	free(content);
	if (rc == -1)
		seterr(err, errlen, "signature does not verify");
	return rc;
}

/* ---- synchronous answers ---- */

static size_t
skip_ws(const char *s, size_t len, size_t i)
{
	while (i < len && is_space(s[i]))
		i++;
	return i;
}

/* The index just past the JSON string starting at s[i] == '"', or 0 when
 * it is not terminated. */
static size_t
skip_string(const char *s, size_t len, size_t i)
{
	for (i++; i < len; i++) {
		if (s[i] == '\\')
			i++;
		else if (s[i] == '"')
			return i + 1;
	}
	return 0;
}

/* The index just past the object starting at s[i] == '{': braces are
 * counted outside strings.  0 when it does not end. */
static size_t
match_braces(const char *s, size_t len, size_t i)
{
	size_t depth = 0;

	while (i < len) {
		if (s[i] == '"') {
			if ((i = skip_string(s, len, i)) == 0)
				return 0;
			continue;
		}
		if (s[i] == '{')
			depth++;
		else if (s[i] == '}' && --depth == 0)
			return i + 1;
		i++;
	}
	return 0;
}

/* The index just past the JSON value starting at s[i] (objects and arrays
 * by bracket counting, strings, literals up to a delimiter), or 0. */
static size_t
skip_value(const char *s, size_t len, size_t i)
{
	size_t depth = 0;

	while (i < len) {
		char c = s[i];

		if (c == '"') {
			if ((i = skip_string(s, len, i)) == 0)
				return 0;
			if (depth == 0)
				return i;
			continue;
		}
		if (c == '{' || c == '[') {
			depth++;
		} else if (c == '}' || c == ']') {
			if (depth == 0)
				return i;
			if (--depth == 0)
				return i + 1;
		} else if (depth == 0 && (c == ',' || is_space(c))) {
			return i;
		}
		i++;
	}
	return depth == 0 ? i : 0;
}

/* Find the top-level member name (key bytes compared raw) of the object
 * in s.  1 with the value's span [*voff, *vend) when it is an object, 0
 * when absent, -1 when the text is malformed, -2 when the member is not
 * an object. */
static int
find_member(const char *s, size_t len, const char *name, size_t *voff,
            size_t *vend)
{
	size_t nlen = strlen(name), i = skip_ws(s, len, 0), k, kend, e;

	if (i >= len || s[i] != '{')
		return -1;
	i = skip_ws(s, len, i + 1);
	if (i < len && s[i] == '}')
		return 0;
	for (;;) {
		if (i >= len || s[i] != '"')
			return -1;
		k = i + 1;
		if ((i = skip_string(s, len, i)) == 0)
			return -1;
		kend = i - 1;
		i = skip_ws(s, len, i);
		if (i >= len || s[i] != ':')
			return -1;
		i = skip_ws(s, len, i + 1);
		if (i >= len)
			return -1;
		if (kend - k == nlen && memcmp(s + k, name, nlen) == 0) {
			if (s[i] != '{')
				return -2;
			if ((e = match_braces(s, len, i)) == 0)
				return -1;
			*voff = i;
			*vend = e;
			return 1;
		}
		if ((e = skip_value(s, len, i)) == 0 || e == i)
			return -1;
		i = skip_ws(s, len, e);
		if (i < len && s[i] == ',') {
			i = skip_ws(s, len, i + 1);
			continue;
		}
		if (i < len && s[i] == '}')
			return 0;
		return -1;
	}
}

/* method's node name: dots as underscores, "_response" appended (caller
 * frees), or NULL when method is not a method name. */
static char *
node_name(const char *method)
{
	struct buf b = {0};
	const char *p;

	if (method == NULL || method[0] == '\0')
		return NULL;
	for (p = method; *p != '\0'; p++) {
		char c = *p;

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '.' || c == '_')) {
			buf_free(&b);
			return NULL;
		}
		buf_addc(&b, c == '.' ? '_' : c);
	}
	buf_adds(&b, "_response");
	return buf_take(&b, NULL);
}

int
alipay_resp_extract(const char *body, size_t len, const char *method,
                    size_t *off, size_t *n, int *is_error, char *err,
                    size_t errlen)
{
	char *name = node_name(method);
	const char *used;
	size_t voff = 0, vend = 0;
	int r, rc = -1;

	if (name == NULL) {
		seterr(err, errlen, "not a method name");
		return -1;
	}
	used = name;
	*is_error = 0;
	r = find_member(body, len, name, &voff, &vend);
	if (r == 0) {
		used = "error_response";
		*is_error = 1;
		r = find_member(body, len, used, &voff, &vend);
	}
	if (r == -1) {
		seterr(err, errlen, "answer is not a JSON object");
		goto out;
	}
	if (r == 0) {
		seterr(err, errlen, "answer has neither %s nor error_response",
		       name);
		goto out;
	}
	if (r == -2) {
		seterr(err, errlen, "%s is not an object", used);
		goto out;
	}
	if (memmem(body + vend, len - vend, used, strlen(used)) != NULL) {
		seterr(err, errlen, "%s occurs again after the node", used);
		goto out;
	}
	*off = voff;
	*n = vend - voff;
	rc = 0;
out:
	free(name);
	return rc;
}

/* A string member of o when it is short and harmless to log, else "?". */
static const char *
loggable(const cJSON *o, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
	const char *p;

	if (!cJSON_IsString(v) || strlen(v->valuestring) > 64)
		return "?";
	for (p = v->valuestring; *p != '\0'; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '.' || *p == '_' ||
		      *p == '-'))
			return "?";
	return v->valuestring;
}

/* Verify sign over n bytes of node, then over them with "\/" as "/". */
static int
verify_node(const struct alipay_key *pub, const char *node, size_t n,
            const char *sign)
{
	struct buf b = {0};
	size_t i;
	int rc;

	if (alipay_verify(pub, node, n, sign) == 0)
		return 0;
	if (memmem(node, n, "\\/", 2) == NULL)
		return -1;
	buf_add(&b, "", 0);
	for (i = 0; i < n; i++) {
		if (node[i] == '\\' && i + 1 < n && node[i + 1] == '/')
			continue;
		buf_addc(&b, node[i]);
	}
	rc = alipay_verify(pub, b.p, b.len, sign);
	buf_free(&b);
	return rc;
}

int
alipay_resp_verify(const struct alipay_key *pub, const char *body, size_t len,
                   const char *method, struct alipay_resp *out, char *err,
                   size_t errlen)
{
	cJSON *root = NULL, *node = NULL;
	const cJSON *sign;
	size_t off = 0, n = 0;
	int is_error = 0, rc = -1;

	memset(out, 0, sizeof(*out));
	out->code = out->msg = out->sub_code = out->sub_msg = "";
	if (alipay_resp_extract(body, len, method, &off, &n, &is_error, err,
	                        errlen) == -1)
		goto out;
	root = http_json_exact(body, len);
	if (!cJSON_IsObject(root)) {
		seterr(err, errlen, "answer is not valid JSON");
		goto out;
	}
	sign = cJSON_GetObjectItemCaseSensitive(root, "sign");
	if (!cJSON_IsString(sign) || sign->valuestring[0] == '\0') {
		char *name = is_error ? xstrdup("error_response")
		                      : node_name(method);
		const cJSON *o = cJSON_GetObjectItemCaseSensitive(root, name);

		free(name);
		seterr(err, errlen, "answer is unsigned (code %s, sub_code %s)",
		       loggable(o, "code"), loggable(o, "sub_code"));
		goto out;
	}
	if (verify_node(pub, body + off, n, sign->valuestring) == -1) {
		seterr(err, errlen, "answer's signature does not verify");
		goto out;
	}
	node = http_json_exact(body + off, n);
	if (!cJSON_IsObject(node)) {
		seterr(err, errlen, "response node is not valid JSON");
		cJSON_Delete(node);
		goto out;
	}
	out->node = node;
	out->is_error = is_error;
	out->code = http_json_str(node, "code");
	out->msg = http_json_str(node, "msg");
	out->sub_code = http_json_str(node, "sub_code");
	out->sub_msg = http_json_str(node, "sub_msg");
	rc = 0;
out:
	cJSON_Delete(root);
	return rc;
}

int
alipay_resp_success(const struct alipay_resp *r)
{
	return r->node != NULL && strcmp(r->code, "10000") == 0;
}

void
alipay_resp_free(struct alipay_resp *r)
{
	cJSON_Delete(r->node);
	memset(r, 0, sizeof(*r));
	r->code = r->msg = r->sub_code = r->sub_msg = "";
}

/* ---- form encoding ---- */

void
alipay_form_add(struct buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		char e[3];

		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '.' ||
		    c == '_' || c == '~') {
			buf_addc(b, (char)c);
		} else if (c == ' ') {
			buf_addc(b, '+');
		} else {
			e[0] = '%';
			e[1] = hex[c >> 4];
			e[2] = hex[c & 15];
			buf_add(b, e, 3);
		}
	}
}

char *
alipay_form_encode(const struct alipay_params *p)
{
	const struct alipay_param **s = sorted(p);
	struct buf b = {0};
	size_t i;

	buf_add(&b, "", 0);
	for (i = 0; i < p->n; i++) {
		if (i > 0)
			buf_addc(&b, '&');
		alipay_form_add(&b, s[i]->key, strlen(s[i]->key));
		buf_addc(&b, '=');
		alipay_form_add(&b, s[i]->val, s[i]->vlen);
	}
	free(s);
	return buf_take(&b, NULL);
}

/* ---- the gateway ---- */

/* Set by the client itself; callers may not pass them as extras. */
static const char *const common_params[] = {
        "app_id",    "method",  "format", "charset",     "sign_type",
        "timestamp", "version", "sign",   "biz_content", NULL,
};

void
alipay_timestamp(time_t t, char out[20])
{
	struct tm tm;

	/* Beijing has had no daylight saving time since 1991. */
	t += 8 * 3600;
	if (gmtime_r(&t, &tm) == NULL ||
	    strftime(out, 20, "%Y-%m-%d %H:%M:%S", &tm) == 0)
		out[0] = '\0';
}

int
alipay_request(const struct alipay_client *c, const char *method,
               const char *biz_content, const struct alipay_params *extra,
               time_t now, struct alipay_params *out, char *err, size_t errlen)
{
	char ts[20], *content = NULL, *sig = NULL;
	size_t i, j, n;

	memset(out, 0, sizeof(*out));
	if (c == NULL || c->app_id == NULL || c->app_id[0] == '\0' ||
	    c->app_key == NULL || !c->app_key->priv) {
		seterr(err, errlen, "client needs app_id and a private key");
		return -1;
	}
	if (method == NULL || method[0] == '\0') {
		seterr(err, errlen, "no method");
		return -1;
	}
	alipay_timestamp(now, ts);
	if (ts[0] == '\0') {
		seterr(err, errlen, "cannot format the time");
		return -1;
	}
	for (i = 0; extra != NULL && i < extra->n; i++) {
		const struct alipay_param *e = &extra->v[i];

		for (j = 0; common_params[j] != NULL; j++)
			if (strcmp(e->key, common_params[j]) == 0) {
				seterr(err, errlen,
				       "%s is set by the client, not an extra",
				       common_params[j]);
				goto fail;
			}
		if (e->key[0] != '\0' && e->vlen > 0)
			alipay_params_addn(out, e->key, e->val, e->vlen);
	}
	if (biz_content != NULL && biz_content[0] != '\0')
		alipay_params_add(out, "biz_content", biz_content);
	alipay_params_add(out, "app_id", c->app_id);
	alipay_params_add(out, "method", method);
	alipay_params_add(out, "format", "JSON");
	alipay_params_add(out, "charset", "utf-8");
	alipay_params_add(out, "sign_type", "RSA2");
	alipay_params_add(out, "timestamp", ts);
	alipay_params_add(out, "version", "1.0");
	content = alipay_sign_content(out, ALIPAY_SIGN_REQUEST, &n);
	sig = alipay_sign(c->app_key, content, n);
	free(content);
	if (sig == NULL) {
		seterr(err, errlen, "signing the request failed");
		goto fail;
	}
	alipay_params_add(out, "sign", sig);
	free(sig);
	return 0;
fail:
	alipay_params_free(out);
	return -1;
}

int
alipay_call(const struct alipay_client *c, const char *method,
            const char *biz_content, const struct alipay_params *extra,
            struct alipay_resp *out, char *err, size_t errlen)
{
	struct alipay_params p = {0};
	struct http_resp r = {0};
	struct http_opts o = {0};
	char *body = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	out->code = out->msg = out->sub_code = out->sub_msg = "";
	if (c == NULL || c->gateway == NULL || c->alipay_pub == NULL) {
		seterr(err, errlen, "client needs a gateway and Alipay's key");
		return ALIPAY_ENOTSENT;
	}
	if (alipay_request(c, method, biz_content, extra, time(NULL), &p, err,
	                   errlen) == -1)
		return ALIPAY_ENOTSENT;
	body = alipay_form_encode(&p);
	alipay_params_free(&p);
	o.timeout_ms = c->timeout_ms > 0 ? c->timeout_ms : 5000;
	o.ca_file = c->ca_file;
	o.peer = MP_ALIPAY;
	if (http_post(c->gateway,
	              "application/x-www-form-urlencoded;charset=utf-8", body,
	              strlen(body), &o, &r, err, errlen) == -1) {
		rc = ALIPAY_ETRANSPORT;
		goto out;
	}
	if (r.status != 200) {
		seterr(err, errlen, "gateway answered HTTP %ld", r.status);
		rc = ALIPAY_EUNVERIFIED;
		goto out;
	}
	if (alipay_resp_verify(c->alipay_pub, r.body, r.len, method, out, err,
	                       errlen) == -1) {
		rc = ALIPAY_EUNVERIFIED;
		goto out;
	}
	rc = ALIPAY_OK;
out:
	http_resp_free(&r);
	free(body);
	return rc;
}

char *
alipay_page_url(const struct alipay_client *c, const char *method,
                const char *biz_content, const struct alipay_params *extra,
                char *err, size_t errlen)
{
	struct alipay_params p = {0};
	struct buf b = {0};
	char *q;

	if (c == NULL || c->gateway == NULL || c->gateway[0] == '\0') {
		seterr(err, errlen, "client needs a gateway");
		return NULL;
	}
	if (alipay_request(c, method, biz_content, extra, time(NULL), &p, err,
	                   errlen) == -1)
		return NULL;
	q = alipay_form_encode(&p);
	alipay_params_free(&p);
	buf_adds(&b, c->gateway);
	buf_addc(&b, strchr(c->gateway, '?') != NULL ? '&' : '?');
	buf_adds(&b, q);
	free(q);
	return buf_take(&b, NULL);
}

/* ---- money ---- */

int
alipay_fen_to_yuan(long long fen, char out[ALIPAY_YUAN_LEN])
{
	int r;

	if (fen < 0)
		return -1;
	r = snprintf(out, ALIPAY_YUAN_LEN, "%lld.%02lld", fen / 100, fen % 100);
	if (r < 0 || r >= ALIPAY_YUAN_LEN)
		return -1;
	return 0;
}

int
alipay_yuan_to_fen(const char *s, long long *fen)
{
	long long yuan = 0, frac = 0;
	size_t i = 0, d;

	if (s == NULL || s[0] < '0' || s[0] > '9')
		return -1;
	if (s[0] == '0' && s[1] >= '0' && s[1] <= '9')
		return -1; /* leading zero */
	for (; s[i] >= '0' && s[i] <= '9'; i++) {
		int v = s[i] - '0';

		if (yuan > (LLONG_MAX - v) / 10)
			return -1;
		yuan = yuan * 10 + v;
	}
	if (s[i] == '.') {
		for (i++, d = 0; s[i] >= '0' && s[i] <= '9'; i++, d++) {
			if (d == 2)
				return -1;
			frac = frac * 10 + (s[i] - '0');
		}
		if (d == 0)
			return -1;
		if (d == 1)
			frac *= 10;
	}
	if (s[i] != '\0' || yuan > (LLONG_MAX - frac) / 100)
		return -1;
	*fen = yuan * 100 + frac;
	return 0;
}
