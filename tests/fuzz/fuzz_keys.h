/* A throwaway RSA-2048 key pair for the Alipay fuzz targets, made once per
 * process (no key is kept in the repository), loaded through the same
 * alipay_key_private/alipay_key_public as the service's key files. */
#ifndef ZF_FUZZ_KEYS_H
#define ZF_FUZZ_KEYS_H

#include <stdlib.h>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include "alipay.h"

static struct alipay_key *fuzz_priv, *fuzz_pub;

/* pkey as PEM (private or public), loaded back as an alipay_key. */
static struct alipay_key *
fuzz_key_load(EVP_PKEY *pkey, int priv)
{
	struct alipay_key *k;
	BIO *bio = BIO_new(BIO_s_mem());
	char err[160], *text;
	long n;
	int ok;

	if (bio == NULL)
		return NULL;
	ok = priv ? PEM_write_bio_PrivateKey(bio, pkey, NULL, NULL, 0, NULL,
	                                     NULL)
	          : PEM_write_bio_PUBKEY(bio, pkey);
	n = BIO_get_mem_data(bio, &text);
	k = ok == 1 && n > 0
	            ? priv ? alipay_key_private(text, (size_t)n, err,
	                                        sizeof(err))
	                   : alipay_key_public(text, (size_t)n, err,
	                                       sizeof(err))
	            : NULL;
	BIO_free(bio);
	return k;
}

/* Make the pair on first use; aborts when OpenSSL cannot. */
static void
fuzz_keys(void)
{
	EVP_PKEY *pkey;

	if (fuzz_priv != NULL)
		return;
	if ((pkey = EVP_RSA_gen(2048)) == NULL)
		abort();
	fuzz_priv = fuzz_key_load(pkey, 1);
	fuzz_pub = fuzz_key_load(pkey, 0);
	EVP_PKEY_free(pkey);
	if (fuzz_priv == NULL || fuzz_pub == NULL)
		abort();
}

/* The round trips that sign (about a millisecond each) run for one input
 * in FUZZ_SIGN_ONE_IN, chosen by a cheap hash of its content so a crash
 * replays (-DFUZZ_SIGN_ONE_IN=1 signs every input). */
#ifndef FUZZ_SIGN_ONE_IN
#define FUZZ_SIGN_ONE_IN 256u
#endif
static unsigned
fuzz_hash(const void *p, size_t n)
{
	const unsigned char *s = p;
	unsigned h = 2166136261u;

	while (n-- > 0)
		h = (h ^ *s++) * 16777619u;
	return h;
}

#endif
