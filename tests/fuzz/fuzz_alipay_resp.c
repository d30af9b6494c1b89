/* libFuzzer target: the gateway's synchronous answers (alipay_resp_extract
 * and alipay_resp_verify).  The first byte picks the method, the rest is
 * the body.  Invariants: an extracted node lies inside the body, from a
 * '{' to a '}'; a fuzzed body never verifies and leaves the answer empty;
 * one input in 256 that is a JSON object is wrapped as the method's node
 * and signed with the throwaway key, and must then verify, with the node
 * found exactly where it was put. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "alipay.h"
#include "buf.h"
#include "fuzz_keys.h"
#include "http.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const methods[] = {
        "alipay.trade.query",
        "alipay.trade.refund",
        "alipay.trade.fastpay.refund.query",
        "alipay.system.oauth.token",
        "alipay.user.info.share",
        "zhima.credit.score.get",
        "alipay.fund.trans.uni.transfer",
        "alipay.trade.close",
};

/* "alipay.trade.query" -> "alipay_trade_query_response". */
static void
node_name(const char *method, char *out, size_t n)
{
	size_t i;

	for (i = 0; method[i] != '\0' && i + 10 < n; i++)
		out[i] = method[i] == '.' ? '_' : method[i];
	memcpy(out + i, "_response", 10);
}

static void
round_trip(const char *method, const char *node, size_t n)
{
	struct alipay_resp out;
	struct buf b = {0};
	char name[64], err[160], *sig, *body;
	size_t off, len, nn, nl;
	int is_error;
	cJSON *o;

	if (n < 2 || node[0] != '{' || node[n - 1] != '}' ||
	    memchr(node, '\0', n) != NULL)
		return;
	node_name(method, name, sizeof(name));
	if (memmem(node, n, name, strlen(name)) != NULL ||
	    memmem(node, n, "error_response", 14) != NULL)
		return;
	o = http_json_exact(node, n);
	if (!cJSON_IsObject(o)) {
		cJSON_Delete(o);
		return;
	}
	cJSON_Delete(o);
	if ((sig = alipay_sign(fuzz_priv, node, n)) == NULL)
		abort();
	buf_addf(&b, "{\"%s\":", name);
	off = b.len;
	buf_add(&b, node, n);
	buf_addf(&b, ",\"sign\":\"%s\"}", sig);
	free(sig);
	body = buf_take(&b, &len);
	if (alipay_resp_extract(body, len, method, &nn, &nl, &is_error, err,
	                        sizeof(err)) != 0 ||
	    nn != off || nl != n || is_error)
		abort();
	if (alipay_resp_verify(fuzz_pub, body, len, method, &out, err,
	                       sizeof(err)) != 0 ||
	    out.node == NULL || out.is_error)
		abort();
	alipay_resp_free(&out);
	free(body);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct alipay_resp out;
	const char *method, *body;
	char err[160];
	size_t off, n, len;
	int is_error;

	if (size < 1)
		return 0;
	fuzz_keys();
	method = methods[data[0] % (sizeof(methods) / sizeof(methods[0]))];
	body = (const char *)data + 1;
	len = size - 1;
	if (alipay_resp_extract(body, len, method, &off, &n, &is_error, err,
	                        sizeof(err)) == 0) {
		if (n < 2 || off > len || n > len - off || body[off] != '{' ||
		    body[off + n - 1] != '}')
			abort();
	}
	err[0] = '\0';
	if (alipay_resp_verify(fuzz_pub, body, len, method, &out, err,
	                       sizeof(err)) == 0 ||
	    out.node != NULL || err[0] == '\0')
		abort();
	alipay_resp_free(&out);
	if (fuzz_hash(data, size) % FUZZ_SIGN_ONE_IN == 0)
		round_trip(method, body, len);
	return 0;
}
