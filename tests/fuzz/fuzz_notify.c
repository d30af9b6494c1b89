/* libFuzzer target: Alipay's asynchronous notify as the service reads it
 * (h_alipay_notify, payments_notify before the database): the form body
 * (req_parse_urlencoded, FROM_BODY), the parameter list with each field
 * once, the V1 string to sign, the RSA2 verification and the amount.
 * Invariants: a fuzzed sign never verifies; the string to sign has exactly
 * the length of the parameters it keeps; one input in 256 is signed with
 * the throwaway key and must then verify, and stop verifying when a
 * parameter is added; an accepted amount survives fen -> yuan -> fen. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "alipay.h"
#include "fuzz_keys.h"
#include "req.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The length alipay_sign_content(ALIPAY_SIGN_V1) must have. */
static size_t
v1_length(const struct alipay_params *p)
{
	size_t i, n = 0, kept = 0;

	for (i = 0; i < p->n; i++) {
		const struct alipay_param *e = &p->v[i];

		if (e->key[0] == '\0' || e->vlen == 0 ||
		    strcmp(e->key, "sign") == 0 ||
		    strcmp(e->key, "sign_type") == 0)
			continue;
		n += strlen(e->key) + 1 + e->vlen;
		kept++;
	}
	return kept > 0 ? n + kept - 1 : 0;
}

static void
check_amount(const char *v)
{
	char yuan[ALIPAY_YUAN_LEN];
	const char *dot;
	long long fen, again;

	if (v == NULL || alipay_yuan_to_fen(v, &fen) != 0)
		return;
	if (fen < 0 || alipay_fen_to_yuan(fen, yuan) != 0 ||
	    alipay_yuan_to_fen(yuan, &again) != 0 || again != fen)
		abort();
	dot = strchr(v, '.');
	if (dot != NULL && strlen(dot) == 3 && strcmp(yuan, v) != 0)
		abort();
}

/* Sign the V1 string, which must then verify, and no longer once one
 * more parameter is in the list. */
static void
round_trip(struct alipay_params *p, const char *content, size_t n)
{
	char err[160], *sig;

	if ((sig = alipay_sign(fuzz_priv, content, n)) == NULL)
		abort();
	alipay_params_add(p, "sign", sig);
	alipay_params_add(p, "sign_type", "RSA2");
	free(sig);
	if (alipay_verify_params(fuzz_pub, p, err, sizeof(err)) != 0)
		abort();
	if (alipay_params_get(p, "zz_fuzz") == NULL) {
		alipay_params_add(p, "zz_fuzz", "1");
		if (alipay_verify_params(fuzz_pub, p, err, sizeof(err)) == 0)
			abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct req_limits lim = {4096, 64, NULL, NULL, NULL, 0};
	struct alipay_params p = {0};
	struct req r;
	char err[160], *content;
	size_t i, n;

	fuzz_keys();
	req_init(&r);
	if (req_parse_urlencoded(&r, &lim, (const char *)data, size,
	                         FROM_BODY) != REQ_OK)
		goto out;
	for (i = 0; i < r.nfields; i++) {
		const struct field *f = &r.fields[i];

		if (alipay_params_get(&p, f->name) != NULL)
			goto out; /* given twice: refused before verifying */
		alipay_params_addn(&p, f->name, f->value, f->len);
	}
	err[0] = '\0';
	if (alipay_verify_params(fuzz_pub, &p, err, sizeof(err)) == 0 ||
	    err[0] == '\0')
		abort();
	content = alipay_sign_content(&p, ALIPAY_SIGN_V1, &n);
	if (content == NULL || n != v1_length(&p) || content[n] != '\0')
		abort();
	check_amount(alipay_params_get(&p, "total_amount"));
	if (fuzz_hash(data, size) % FUZZ_SIGN_ONE_IN == 0)
		round_trip(&p, content, n);
	free(content);
out:
	alipay_params_free(&p);
	req_cleanup(&r);
	return 0;
}
