/* libFuzzer target: JSON bodies (req_parse_json). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "req.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct req_limits lim = {4096, 64, NULL, NULL, NULL, 0};
	const struct field *f;
	struct req r;
	enum req_err e;
	size_t i;

	req_init(&r);
	e = req_parse_json(&r, &lim, (const char *)data, size);
	if (e != REQ_OK && e != REQ_MALFORMED && e != REQ_TOO_MANY)
		abort();
	if (e == REQ_MALFORMED && r.nfields != 0)
		abort();
	if (r.nfields > lim.fields_max)
		abort();
	for (i = 0; i < r.nfields; i++) {
		f = &r.fields[i];
		/* cJSON strings cannot hold NUL; we refuse those bodies. */
		if (f->value == NULL || f->value[f->len] != '\0' ||
		    strlen(f->value) != f->len || f->len > lim.field_max)
			abort();
	}
	req_cleanup(&r);
	return 0;
}
