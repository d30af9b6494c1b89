/* libFuzzer target: query strings (req_parse_urlencoded, FROM_QUERY). */
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
	e = req_parse_urlencoded(&r, &lim, (const char *)data, size,
	                         FROM_QUERY);
	if (e != REQ_OK && e != REQ_MALFORMED && e != REQ_TOO_MANY)
		abort();
	if (r.nfields > lim.fields_max)
		abort();
	for (i = 0; i < r.nfields; i++) {
		f = &r.fields[i];
		if (f->value == NULL || f->value[f->len] != '\0' ||
		    f->len > lim.field_max || f->file != NULL ||
		    f->from != FROM_QUERY || strlen(f->name) > size)
			abort();
	}
	req_cleanup(&r);
	return 0;
}
