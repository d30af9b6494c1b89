/* A helper for tests/unit/alipay-openssl.sh: lib/alipay's key loading,
 * signing and verification on files, to cross-check with openssl(1).
 *
 *   alipay_tool sign PRIVATE-KEY-FILE MESSAGE-FILE     prints the base64
 *   alipay_tool verify PUBLIC-KEY-FILE MESSAGE-FILE SIGNATURE-BASE64
 *   alipay_tool load-private FILE | load-public FILE
 *
 * Exit status: 0 done (verified, loaded), 1 did not verify, 2 error (the
 * reason on stderr). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alipay.h"
#include "buf.h"

/* A whole file, or NULL. */
static char *
slurp(const char *path, size_t *len)
{
	struct buf b = {0};
	char chunk[4096];
	size_t n;
	FILE *f = fopen(path, "rb");

	if (f == NULL)
		return NULL;
	buf_add(&b, "", 0);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(&b, chunk, n);
	if (ferror(f)) {
		fclose(f);
		buf_free(&b);
		return NULL;
	}
	fclose(f);
	return buf_take(&b, len);
}

static int
usage(void)
{
	fprintf(stderr, "usage: alipay_tool sign KEY MSG | verify PUB MSG SIG "
	                "| load-private FILE | load-public FILE\n");
	return 2;
}

int
main(int argc, char **argv)
{
	struct alipay_key *k = NULL;
	char err[512], *msg = NULL, *sig = NULL;
	size_t n = 0;
	int rc = 2;

	if (argc < 3)
		return usage();
	if (strcmp(argv[1], "load-private") == 0 ||
	    strcmp(argv[1], "sign") == 0)
		k = alipay_key_private_file(argv[2], err, sizeof(err));
	else if (strcmp(argv[1], "load-public") == 0 ||
	         strcmp(argv[1], "verify") == 0)
		k = alipay_key_public_file(argv[2], err, sizeof(err));
	else
		return usage();
	if (k == NULL) {
		fprintf(stderr, "alipay_tool: %s\n", err);
		return 2;
	}
	if (strcmp(argv[1], "load-private") == 0 ||
	    strcmp(argv[1], "load-public") == 0) {
		rc = 0;
		goto out;
	}
	if (argc < 4 || (strcmp(argv[1], "verify") == 0 && argc < 5)) {
		rc = usage();
		goto out;
	}
	if ((msg = slurp(argv[3], &n)) == NULL) {
		fprintf(stderr, "alipay_tool: cannot read %s\n", argv[3]);
		goto out;
	}
	if (strcmp(argv[1], "sign") == 0) {
		if ((sig = alipay_sign(k, msg, n)) == NULL) {
			fprintf(stderr, "alipay_tool: signing failed\n");
			goto out;
		}
		printf("%s\n", sig);
		rc = 0;
	} else {
		rc = alipay_verify(k, msg, n, argv[4]) == 0 ? 0 : 1;
	}
out:
	free(sig);
	free(msg);
	alipay_key_free(k);
	return rc;
}
