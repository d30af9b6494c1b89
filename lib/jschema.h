/* JSON bodies with declared schemas.  jv_parse reads strict RFC 8259 JSON
 * into a tree in an arena, keeping every number's text as written and
 * refusing duplicate member names; js_check validates the tree against a
 * static schema table and names every failure by its JSON path; the jv_
 * getters then give handlers typed values, so no handler walks raw JSON
 * or converts numbers by hand.
 *
 *	static const struct js house_m[] = {
 *		JSD_TEXT("title", JS_REQUIRED, 1, 64, NULL),
 *		JSD_DEC("price", JS_REQUIRED, 2, 1, 10000000),
 *		JSD_ARRAY("facility", JS_UNIQUE, 0, 23, &facility_item),
 *	};
 *	static const struct js house = JSD_OBJECT(NULL, 0, house_m);
 *
 *	if (jv_parse(a, body, n, 16, &v, err, sizeof(err)) != 0 ||
 *	    js_check(&house, v, err, sizeof(err)) != 0)
 *		return resp_fail(res, ST_PARAM, "%s", err);
 *	price = jv_dec(jv_get(v, "price"), 2);
 *
 * Vocabulary follows route.h: a schema node is a pspec for one JSON value,
 * its messages are route_validate's ("title: required; price: must be a
 * number between 0.01 and 100000.00"). */
#ifndef ZF_JSCHEMA_H
#define ZF_JSCHEMA_H

#include <stddef.h>

#include "arena.h"

/* ---- the tree ---- */

enum jv_type { JV_NULL, JV_BOOL, JV_NUMBER, JV_STRING, JV_ARRAY, JV_OBJECT };

/* A string: n bytes of valid UTF-8 without NUL, NUL-terminated. */
struct jv_str {
	const char *s;
	size_t n;
};

/* One JSON value.  Everything it points to lives in the parse's arena. */
struct jv {
	enum jv_type type;
	int b;            /* JV_BOOL: 1 true, 0 false */
	const char *s;    /* JV_STRING: the decoded text; JV_NUMBER: the text
	                   * exactly as written (RFC 8259 grammar); both
	                   * NUL-terminated; NULL otherwise */
	size_t n;         /* bytes in s; JV_ARRAY, JV_OBJECT: children */
	struct jv *v;     /* JV_ARRAY: the n items; JV_OBJECT: the n values */
	struct jv_str *k; /* JV_OBJECT: the n member names, k[i] names v[i],
	                   * all distinct, in document order */
};

/* jv_parse outcomes. */
enum jv_err {
	JV_OK,
	JV_ERR_SYNTAX,    /* not RFC 8259 JSON, or a string that is not
	                   * UTF-8 or holds NUL (raw or \u0000) */
	JV_ERR_DUPLICATE, /* an object names a member twice */
	JV_ERR_DEPTH,     /* arrays and objects nested deeper than allowed */
	JV_ERR_NOMEM      /* the parser's scratch memory could not grow */
};

/* Parse the n bytes at s (not NUL-terminated) as one JSON text: strict RFC
 * 8259, no comments, no trailing commas or garbage, no NaN or Infinity,
 * strings valid UTF-8 without NUL (escaped surrogate pairs decoded, lone
 * surrogates refused), member names distinct after unescaping.  Arrays and
 * objects may nest max_depth deep (the outermost one is depth 1; 0 allows
 * a scalar only).  Linear in n (the names of a big object are sorted:
 * n log n), never recursive.  Returns JV_OK with *out the root (owned by
 * a, freed with it), or a JV_ERR_* with *out NULL and the reason in err:
 * "invalid JSON at byte 12: expected ':'", "items[2].name: given more than
 * once" (the member's JSON path), "nested deeper than 16 levels at byte
 * 40".  err may be NULL.  Uses n + 1 bytes of the arena
 * plus one struct jv per value; the input need not outlive the tree. */
int jv_parse(struct arena *a, const char *s, size_t n, unsigned max_depth,
             struct jv **out, char *err, size_t errlen);

/* ---- schemas ---- */

enum js_kind {
	JS_INT,    /* a JSON integer (with JS_DIGITSTR also a string of
	            * digits, optional '-') in [min, max]; no fraction, no
	            * exponent, no leading zeros; never a boolean */
	JS_DEC,    /* a number or numeric string with at most scale fraction
	            * digits and no exponent, read from its text as a scaled
	            * integer ("12.5", scale 2: 1250) in [min, max] (scaled
	            * units): money, never binary floating point */
	JS_TEXT,   /* a string of min..max UTF-8 characters without control
	            * characters (valid_text), then check when not NULL */
	JS_CHOICE, /* a string equal to one of choices */
	JS_BOOL,   /* true or false */
	JS_ARRAY,  /* min..max items, each valid against *items */
	JS_OBJECT  /* members[0..nmembers) validated by name; others ignored
	            * (refused with JS_STRICT) */
};

enum js_flag {
	JS_REQUIRED = 1 << 0, /* a member that must be present (null is
	                       * absent) */
	JS_DIGITSTR = 1 << 1, /* JS_INT: a digit string is an integer too */
	JS_UNIQUE = 1 << 2,   /* JS_ARRAY of JS_INT, JS_DEC, JS_TEXT,
	                       * JS_CHOICE or JS_BOOL: items pairwise
	                       * distinct by value (1 and "1" are equal) */
	JS_STRICT = 1 << 3,   /* JS_OBJECT: undeclared members refused */
	JS_NULLABLE = 1 << 4, /* null is accepted as a value (present, even
	                       * when required) rather than being absent;
	                       * as an array's item schema: null items */
	JS_LOOSE = 1 << 5     /* JS_BOOL: also the numbers 0 and 1 and the
	                       * strings "true", "false", "1", "0" (form
	                       * fields) */
};

/* One schema node: a member of an object (name), an array's items or the
 * root (name unused, or the word used for the root's own failures;
 * "body" when NULL).  Tables are static const data. */
struct js {
	const char *name;
	enum js_kind kind;
	unsigned flags;           /* JS_* flags */
	long long min, max;       /* INT, DEC: values; TEXT: characters;
	                           * ARRAY: items */
	int scale;                /* DEC: fraction digits, 0..18 */
	const struct js *items;   /* ARRAY: the schema of every item */
	const struct js *members; /* OBJECT: its declared members */
	size_t nmembers;
	/* TEXT: an extra rule run after the type's own check: 0, or -1
	 * with the rule in err (as pspec.check). */
	int (*check)(const char *s, size_t n, char *err, size_t errlen);
	const char *const *choices; /* CHOICE: NULL-terminated */
};

/* Table entries, like route.h's PARAM_*. */
#define JSD_INT(n, fl, lo, hi)                                                 \
	{                                                                      \
		.name = (n), .kind = JS_INT, .flags = (fl), .min = (lo),       \
		.max = (hi)                                                    \
	}
#define JSD_DEC(n, fl, sc, lo, hi)                                             \
	{                                                                      \
		.name = (n), .kind = JS_DEC, .flags = (fl), .scale = (sc),     \
		.min = (lo), .max = (hi)                                       \
	}
#define JSD_TEXT(n, fl, lo, hi, chk)                                           \
	{                                                                      \
		.name = (n), .kind = JS_TEXT, .flags = (fl), .min = (lo),      \
		.max = (hi), .check = (chk)                                    \
	}
#define JSD_CHOICE(n, fl, list)                                                \
	{                                                                      \
		.name = (n), .kind = JS_CHOICE, .flags = (fl),                 \
		.choices = (list)                                              \
	}
#define JSD_BOOL(n, fl)                                                        \
	{                                                                      \
		.name = (n), .kind = JS_BOOL, .flags = (fl)                    \
	}
#define JSD_ARRAY(n, fl, lo, hi, item)                                         \
	{                                                                      \
		.name = (n), .kind = JS_ARRAY, .flags = (fl), .min = (lo),     \
		.max = (hi), .items = (item)                                   \
	}
#define JSD_OBJECT(n, fl, table)                                               \
	{                                                                      \
		.name = (n), .kind = JS_OBJECT, .flags = (fl),                 \
		.members = (table),                                            \
		.nmembers = sizeof(table) / sizeof((table)[0])                 \
	}

/* Validate the whole tree v against schema.  Returns 0 when valid, -1
 * otherwise with every failure named by JSON path and rule in err, in
 * schema order, joined by "; " ("title: required; facility[3]: must be an
 * integer between 1 and 23; facility: items must be distinct"); a list
 * that does not fit errlen is cut after a whole failure and ends in
 * "; ...".  err may be NULL.  Allocates nothing that outlives the call. */
int js_check(const struct js *schema, const struct jv *v, char *err,
             size_t errlen);

/* ---- typed access (after js_check passed) ---- */

/* The value of member name of object obj; NULL when obj is not an object,
 * or the member is absent or null.  Points into obj's arena. */
const struct jv *jv_get(const struct jv *obj, const char *name);

/* Like jv_get but also returns a member whose value is null (JS_NULLABLE
 * tells null from absent with it). */
const struct jv *jv_member(const struct jv *obj, const char *name);

/* The integer of a JSON integer or a digit string; 0 for anything else
 * (NULL, other types, fractions, out of long long). */
long long jv_int(const struct jv *);

/* The number or numeric string as an integer of scale fraction digits
 * ("12.5", 2: 1250); 0 for anything else (more fraction digits than
 * scale, an exponent, out of long long, other types). */
long long jv_dec(const struct jv *, int scale);

/* A string's bytes (NUL-terminated, owned by the arena) with *n its length
 * when n is not NULL; NULL (and *n 0) when v is not a string. */
const char *jv_str(const struct jv *, size_t *n);

/* 1 for true (and, as JS_LOOSE reads them, 1, "true" and "1"), 0 for
 * anything else. */
int jv_bool(const struct jv *);

/* Cut leading and trailing ASCII white space off every string of the tree
 * v (in place; member names are kept). */
void jv_trim_strings(struct jv *v);

/* Items of an array or members of an object; 0 for anything else. */
size_t jv_len(const struct jv *);

/* Item i of an array; NULL when arr is not an array or i is past its end. */
const struct jv *jv_at(const struct jv *arr, size_t i);

#endif
