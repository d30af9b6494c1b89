/* libFuzzer target: JSON bodies with declared schemas (jv_parse, js_check
 * and the jv_ getters). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "jschema.h"
#include "valid.h"

#define DEPTH 8

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
no_x(const char *s, size_t n, char *err, size_t errlen)
{
	(void)err;
	(void)errlen;
	return memchr(s, 'x', n) != NULL ? -1 : 0;
}

static const char *const periods[] = {"month", "once", NULL};

static const struct js facility = JSD_INT(NULL, JS_DIGITSTR, 1, 23);
static const struct js tag = JSD_TEXT(NULL, JS_NULLABLE, 1, 10, no_x);
static const struct js fee_m[] = {
        JSD_TEXT("name", JS_REQUIRED, 1, 20, NULL),
        JSD_DEC("amount", JS_REQUIRED, 2, -100000, 100000000),
        JSD_CHOICE("period", 0, periods),
        JSD_ARRAY("tags", JS_UNIQUE, 0, 4, &tag),
};
static const struct js fee = JSD_OBJECT(NULL, JS_STRICT, fee_m);
static const struct js tenant_m[] = {
        JSD_TEXT("name", JS_REQUIRED, 1, 32, NULL),
        JSD_INT("age", JS_NULLABLE, 18, 120),
        JSD_BOOL("pets", 0),
};
static const struct js money = JSD_DEC(NULL, 0, 0, 0, 1000000);
static const struct js house_m[] = {
        JSD_TEXT("title", JS_REQUIRED, 1, 64, NULL),
        JSD_DEC("price", JS_REQUIRED, 2, 1, 10000000),
        JSD_INT("area_id", JS_DIGITSTR, 1, 1000000),
        JSD_ARRAY("facility", JS_UNIQUE, 0, 23, &facility),
        JSD_OBJECT("tenant", 0, tenant_m),
        JSD_ARRAY("fees", 0, 0, 50, &fee),
        JSD_ARRAY("sums", JS_UNIQUE, 0, 1000, &money),
};
static const struct js house = JSD_OBJECT(NULL, 0, house_m);

/* Every string and number is NUL-terminated at its length, strings are
 * UTF-8 without NUL; objects have distinct names.  Depth is bounded by
 * the parse. */
static void
walk(const struct jv *v, unsigned depth)
{
	size_t i, j;

	if (depth > DEPTH)
		abort();
	switch (v->type) {
	case JV_STRING:
		if (v->s[v->n] != '\0' || !valid_utf8(v->s, v->n))
			abort();
		break;
	case JV_NUMBER:
		if (v->n == 0 || strlen(v->s) != v->n)
			abort();
		break;
	case JV_OBJECT:
		for (i = 0; i < v->n; i++) {
			if (!valid_utf8(v->k[i].s, v->k[i].n) ||
			    v->k[i].s[v->k[i].n] != '\0')
				abort();
			/* pairwise only for small objects: stays linear */
			for (j = 0; j < i && v->n <= 16; j++)
				if (v->k[i].n == v->k[j].n &&
				    memcmp(v->k[i].s, v->k[j].s, v->k[i].n) ==
				            0)
					abort();
		}
		/* fall through */
	case JV_ARRAY:
		for (i = 0; i < v->n; i++)
			walk(&v->v[i], depth + 1);
		break;
	default:
		break;
	}
}

static void
read_fee(const struct jv *f)
{
	const struct jv *t = jv_get(f, "tags");
	size_t i, n;

	if (jv_str(jv_get(f, "name"), &n) == NULL || n == 0)
		abort();
	(void)jv_dec(jv_get(f, "amount"), 2);
	(void)jv_str(jv_get(f, "period"), NULL);
	for (i = 0; i < jv_len(t); i++)
		(void)jv_str(jv_at(t, i), NULL);
}

/* Read every field of a valid house through the getters. */
static void
read_house(const struct jv *h)
{
	const struct jv *f, *t;
	long long x;
	size_t i, n;

	if (jv_str(jv_get(h, "title"), &n) == NULL || n == 0)
		abort();
	x = jv_dec(jv_get(h, "price"), 2);
	if (x < 1 || x > 10000000)
		abort();
	if ((f = jv_get(h, "area_id")) != NULL &&
	    ((x = jv_int(f)) < 1 || x > 1000000))
		abort();
	f = jv_get(h, "facility");
	for (i = 0; i < jv_len(f); i++)
		if ((x = jv_int(jv_at(f, i))) < 1 || x > 23)
			abort();
	if ((t = jv_get(h, "tenant")) != NULL) {
		if (jv_str(jv_get(t, "name"), NULL) == NULL)
			abort();
		if ((f = jv_get(t, "age")) != NULL &&
		    ((x = jv_int(f)) < 18 || x > 120))
			abort();
		(void)jv_bool(jv_get(t, "pets"));
	}
	f = jv_get(h, "fees");
	for (i = 0; i < jv_len(f); i++)
		read_fee(jv_at(f, i));
	f = jv_get(h, "sums");
	for (i = 0; i < jv_len(f); i++)
		(void)jv_dec(jv_at(f, i), 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new();
	char err[256];
	struct jv *v = NULL;
	int rc;

	rc = jv_parse(a, (const char *)data, size, DEPTH, &v, err, sizeof(err));
	if (rc != JV_OK) {
		if (v != NULL || err[0] == '\0' || strlen(err) >= sizeof(err))
			abort();
		goto out;
	}
	if (v == NULL)
		abort();
	walk(v, 0);
	rc = js_check(&house, v, err, sizeof(err));
	if (strlen(err) >= sizeof(err) || (rc == 0) != (err[0] == '\0'))
		abort();
	if (rc == 0)
		read_house(v);
out:
	arena_free(a);
	return 0;
}
