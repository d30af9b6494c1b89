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

/* Password hashes: argon2id (libsodium).  A hash is a NUL-terminated
 * string "$argon2id$v=19$m=<KiB>,t=<passes>,p=1$<salt>$<hash>" carrying its
 * salt and parameters; it fits in CRYPTO_PWHASH_STRBYTES bytes.  Passwords
 * are 1 to CRYPTO_PW_MAX bytes without NUL; others are refused.  libsodium
 * is initialised on first use (sodium_init is thread-safe); when it cannot
 * be, hashing fails and nothing verifies. */
#define CRYPTO_PWHASH_STRBYTES 128
#define CRYPTO_PW_MAX          4096

/* The cost of a hash: argon2id passes and memory in bytes (a multiple of
 * 1024; at least 8 KiB). */
struct crypto_pwparams {
	unsigned long long opslimit;
	size_t memlimit;
};

/* libsodium's interactive limits: 2 passes, 64 MiB. */
void crypto_pwparams_default(struct crypto_pwparams *);

/* Hash n bytes of pw with a fresh random salt and the given parameters
 * (NULL: the defaults) into out.  0, or -1 (password refused, parameters
 * out of range, out of memory, libsodium unusable; out is then zeroed).
 * Named _new because libsodium owns crypto_pwhash. */
int crypto_pwhash_new(const char *pw, size_t n, const struct crypto_pwparams *,
                      char out[CRYPTO_PWHASH_STRBYTES]);

/* Whether n bytes of pw match an argon2id hash string, compared in
 * constant time by libsodium.  1 match; 0 no match, password refused, or
 * hash NULL, unterminated within CRYPTO_PWHASH_STRBYTES or malformed. */
int crypto_pwverify(const char *hash, const char *pw, size_t n);

/* Whether hash was made with other parameters than these (NULL: the
 * defaults), higher or lower, so it should be replaced by a new hash at
 * the next successful login.  1 yes, 0 no, -1 not an argon2id hash. */
int crypto_pwhash_needs_rehash(const char *hash,
                               const struct crypto_pwparams *);

/* For an unknown account: the work of crypto_pwverify for n bytes of pw
 * against a real hash with these parameters (NULL: the defaults), so the
 * answer time does not tell whether the account exists.  The hash of a
 * random password is made on the first call per process and parameters
 * (that call costs one hash more: call it once at start-up, before
 * forking workers, to warm it).  Thread-safe. */
void crypto_pwdummy(const char *pw, size_t n, const struct crypto_pwparams *);

#endif
