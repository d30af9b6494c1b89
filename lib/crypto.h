/* Random tokens, hashes and authenticated encryption of fields at rest. */
#ifndef ZF_CRYPTO_H
#define ZF_CRYPTO_H

#include <stddef.h>

#define TOKEN_HEX_LEN 64
#define KEY_LEN       32
/* Sealed size for n bytes: version byte, 12-byte nonce, data, 16-byte tag. */
#define SEAL_OVERHEAD (1 + 12 + 16)

/* n random bytes from the OS CSPRNG; 0, or -1 on failure. */
int crypto_random(void *buf, size_t n);

/* Lower-case hex of n bytes into out (2n+1 bytes, NUL-terminated). */
void crypto_hex(const void *in, size_t n, char *out);

/* Decode exactly 2*outlen hex characters; 0, or -1 when malformed. */
int crypto_unhex(const char *in, size_t inlen, void *out, size_t outlen);

/* SHA-256 of n bytes. */
void crypto_sha256(const void *in, size_t n, unsigned char out[32]);

/* Constant-time equality of n bytes: 1 when equal. */
int crypto_equal(const void *a, const void *b, size_t n);

/* A new session token: 256 random bits as 64 lower-case hex characters in
 * hex (65 bytes), and its SHA-256 in hash.  0, or -1. */
int crypto_token_new(char hex[TOKEN_HEX_LEN + 1], unsigned char hash[32]);

/* The SHA-256 of a presented token; -1 when it is not 64 lower-case hex
 * characters (then it cannot be one of ours). */
int crypto_token_hash(const char *tok, size_t n, unsigned char hash[32]);

/* A random version-4 UUID, 36 characters plus NUL. */
int crypto_uuid(char out[37]);

/* Load a 256-bit key from a file holding 64 hex characters (a trailing
 * newline is fine).  The file must not be readable by others.  0, or -1
 * with err. */
int crypto_key_load(const char *path, unsigned char key[KEY_LEN], char *err,
                    size_t errlen);

/* AES-256-GCM.  Seal n bytes of pt, binding aad (e.g. "user.account:42")
 * into the tag; out must hold n + SEAL_OVERHEAD bytes.  Returns the sealed
 * length, or -1. */
long crypto_seal(const unsigned char key[KEY_LEN], const void *pt, size_t n,
                 const char *aad, unsigned char *out);

/* Open a sealed value into out (n - SEAL_OVERHEAD bytes).  Returns the
 * plaintext length, or -1 when it was tampered with or is not ours. */
long crypto_open(const unsigned char key[KEY_LEN], const unsigned char *in,
                 size_t n, const char *aad, unsigned char *out);

/* Wipe memory (not optimised away). */
void crypto_wipe(void *, size_t);

#endif
