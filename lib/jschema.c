/* JSON bodies with declared schemas: a strict parser into an arena tree
 * that keeps number text, a schema validator that names every failure by
 * JSON path, and typed getters.
 *
 * The parser is an explicit state machine over a stack of open arrays and
 * objects, never recursive.  Values being collected wait on a scratch stack
 * (heap, freed before jv_parse returns); when a container closes its
 * children are copied into the arena in one piece.  Strings and numbers
 * live in one arena copy of the input: a number's text is NUL-terminated
 * there in place, a string is decoded in place (decoding never grows it).
 * Duplicate member names are found when an object closes, by sorting its
 * names (n log n, no hash to flood). */
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "jschema.h"
#include "valid.h"

/* Longest JSON path written into a message, and longest member name in
 * it (longer ones are cut and end in "..."). */
#define PATH_MAX_LEN 256
#define KEY_SHOWN    64
/* Longest single failure: a path and a rule. */
#define MSG_MAX 512
/* Objects with more members than this have their names sorted to find a
 * duplicate; smaller ones are compared pairwise. */
#define DUP_PAIRWISE 8
/* Largest JS_DEC scale: 10^18 still fits a long long. */
#define SCALE_MAX 18

/* ---- paths ---- */

/* A JSON path being built: "items[2].name".  Cut (not overflowed) when
 * longer than PATH_MAX_LEN. */
struct path {
	char p[PATH_MAX_LEN];
	size_t n;
};

static void
path_addn(struct path *pa, const char *s, size_t n)
{
	size_t room = sizeof(pa->p) - 1 - pa->n;

	if (n > room)
		n = room;
	memcpy(pa->p + pa->n, s, n);
	pa->n += n;
	pa->p[pa->n] = '\0';
}

/* Append a member name: ".name" (no dot at the start of the path), with
 * control characters shown as '?' and long names cut at a character
 * boundary: the name comes from the client and may reach the log. */
static void
path_key(struct path *pa, const char *s, size_t n)
{
	char tmp[KEY_SHOWN + 4];
	size_t i, shown = n;

	if (pa->n > 0)
		path_addn(pa, ".", 1);
	if (shown > KEY_SHOWN) {
		shown = KEY_SHOWN;
		while (shown > 0 && ((unsigned char)s[shown] & 0xc0) == 0x80)
			shown--;
	}
	for (i = 0; i < shown; i++) {
		unsigned char c = (unsigned char)s[i];

		tmp[i] = c < 0x20 || c == 0x7f ? '?' : (char)c;
	}
	if (shown < n) {
		memcpy(tmp + shown, "...", 3);
		shown += 3;
	}
	path_addn(pa, tmp, shown);
}

static void
path_index(struct path *pa, size_t i)
{
	char tmp[32];
	int r = snprintf(tmp, sizeof(tmp), "[%zu]", i);

	if (r > 0 && (size_t)r < sizeof(tmp))
		path_addn(pa, tmp, (size_t)r);
}

/* ---- the parser ---- */

struct frame {
	enum jv_type type; /* JV_ARRAY or JV_OBJECT */
	size_t start;      /* its first value on the value stack */
	size_t kstart;     /* its first name on the name stack */
};

/* A name with its position among its object's members. */
struct keypos {
	const char *s;
	size_t n;
	size_t pos;
};

struct parser {
	struct arena *a;
	const char *s; /* the input, read */
	char *cp;      /* its arena copy, written: strings, numbers */
	size_t n, i;
	unsigned max_depth;
	struct frame *fr; /* open containers, innermost last */
	size_t nfr, capfr;
	struct jv *vals; /* values waiting for their container to close */
	size_t nvals, capvals;
	struct jv_str *keys; /* names waiting likewise */
	size_t nkeys, capkeys;
	struct keypos *sorted; /* scratch for finding duplicates */
	size_t capsorted;
	char *err;
	size_t errlen;
};

/* Room for element n of an array of elements of size sz at p, capacity
 * *cap: p itself, or p grown (*cap updated), or NULL when out of memory
 * (p is then untouched). */
static void *
more(void *p, size_t n, size_t *cap, size_t sz)
{
	size_t ncap;
	void *q;

	if (n < *cap)
		return p;
	ncap = *cap ? *cap * 2 : 16;
	if (ncap < n + 1 || ncap > SIZE_MAX / sz)
		return NULL;
	if ((q = realloc(p, ncap * sz)) == NULL)
		return NULL;
	*cap = ncap;
	return q;
}

static int
syntax(struct parser *p, size_t at, const char *what)
{
	valid_err(p->err, p->errlen, "invalid JSON at byte %zu: %s", at, what);
	return JV_ERR_SYNTAX;
}

static void
skip_ws(struct parser *p)
{
	while (p->i < p->n && (p->s[p->i] == ' ' || p->s[p->i] == '\t' ||
	                       p->s[p->i] == '\n' || p->s[p->i] == '\r'))
		p->i++;
}

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Four hex digits at s[i]; -1 when they are not. */
static long
hex4(const char *s, size_t n, size_t i)
{
	long v = 0;
	size_t k;

	if (n - i < 4)
		return -1;
	for (k = 0; k < 4; k++) {
		int h = hexval(s[i + k]);

		if (h < 0)
			return -1;
		v = v * 16 + h;
	}
	return v;
}

/* Bytes of the well-formed UTF-8 sequence at s[i] (1..4), 0 when it is
 * not one: no overlongs, surrogates or values past U+10FFFF. */
static size_t
utf8_len(const char *str, size_t n, size_t i)
{
	const unsigned char *s = (const unsigned char *)str + i;
	size_t len, k, left = n - i;
	uint32_t v;

	if (s[0] < 0x80)
		return 1;
	if (s[0] < 0xc2)
		return 0;
	if (s[0] < 0xe0) {
		len = 2;
		v = s[0] & 0x1f;
	} else if (s[0] < 0xf0) {
		len = 3;
		v = s[0] & 0x0f;
	} else if (s[0] < 0xf5) {
		len = 4;
		v = s[0] & 0x07;
	} else {
		return 0;
	}
	if (left < len)
		return 0;
	for (k = 1; k < len; k++) {
		if ((s[k] & 0xc0) != 0x80)
			return 0;
		v = (v << 6) | (s[k] & 0x3f);
	}
	if ((len == 3 && v < 0x800) || (len == 4 && v < 0x10000) ||
	    v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
		return 0;
	return len;
}

static size_t
utf8_put(char *o, uint32_t cp)
{
	if (cp < 0x80) {
		o[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (char)(0xc0 | (cp >> 6));
		o[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (char)(0xe0 | (cp >> 12));
		o[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		o[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	o[0] = (char)(0xf0 | (cp >> 18));
	o[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	o[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	o[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/* The string starting at the '"' at s[i], decoded in place into the copy:
 * *out gets it.  JV_OK or JV_ERR_SYNTAX. */
static int
parse_string(struct parser *p, struct jv_str *out)
{
	const char *s = p->s;
	char *o = p->cp + p->i + 1, *start = o;
	size_t i = p->i + 1, len;
	long cp, lo;

	for (;;) {
		unsigned char c;

		if (i >= p->n)
			return syntax(p, p->i, "unterminated string");
		c = (unsigned char)s[i];
		if (c == '"')
			break;
		if (c < 0x20)
			return syntax(p, i,
			              c == 0 ? "NUL byte in a string"
			                     : "control character in a string");
		if (c >= 0x80) {
			if ((len = utf8_len(s, p->n, i)) == 0)
				return syntax(p, i, "invalid UTF-8");
			memmove(o, s + i, len);
			o += len;
			i += len;
			continue;
		}
		if (c != '\\') {
			*o++ = (char)c;
			i++;
			continue;
		}
		if (i + 1 >= p->n)
			return syntax(p, p->i, "unterminated string");
		switch (s[i + 1]) {
		case '"':
		case '\\':
		case '/':
			*o++ = s[i + 1];
			break;
		case 'b':
			*o++ = '\b';
			break;
		case 'f':
			*o++ = '\f';
			break;
		case 'n':
			*o++ = '\n';
			break;
		case 'r':
			*o++ = '\r';
			break;
		case 't':
			*o++ = '\t';
			break;
		case 'u':
			if ((cp = hex4(s, p->n, i + 2)) < 0)
				return syntax(p, i, "invalid \\u escape");
			if (cp == 0)
				return syntax(p, i, "\\u0000 in a string");
			if (cp >= 0xdc00 && cp <= 0xdfff)
				return syntax(p, i, "lone surrogate escape");
			if (cp >= 0xd800 && cp <= 0xdbff) {
				if (p->n - i < 12 || s[i + 6] != '\\' ||
				    s[i + 7] != 'u' ||
				    (lo = hex4(s, p->n, i + 8)) < 0xdc00 ||
				    lo > 0xdfff)
					return syntax(p, i,
					              "lone surrogate escape");
				cp = 0x10000 + ((cp - 0xd800) << 10) +
				     (lo - 0xdc00);
				i += 6;
			}
			o += utf8_put(o, (uint32_t)cp);
			i += 4;
			break;
		default:
			return syntax(p, i, "invalid escape");
		}
		i += 2;
	}
	*o = '\0';
	out->s = start;
	out->n = (size_t)(o - start);
	p->i = i + 1;
	return JV_OK;
}

/* The number at s[i] (RFC 8259: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?
 * [0-9]+)?) into v, its text NUL-terminated in the copy. */
static int
parse_number(struct parser *p, struct jv *v)
{
	const char *s = p->s;
	size_t i = p->i, n = p->n, d;

	if (i < n && s[i] == '-')
		i++;
	if (i >= n || !is_digit(s[i]))
		return syntax(p, i, "invalid number");
	if (s[i] == '0' && i + 1 < n && is_digit(s[i + 1]))
		return syntax(p, i, "leading zero in a number");
	while (i < n && is_digit(s[i]))
		i++;
	if (i < n && s[i] == '.') {
		d = ++i;
		while (i < n && is_digit(s[i]))
			i++;
		if (i == d)
			return syntax(p, i, "digits expected after '.'");
	}
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			i++;
		d = i;
		while (i < n && is_digit(s[i]))
			i++;
		if (i == d)
			return syntax(p, i, "digits expected in the exponent");
	}
	v->type = JV_NUMBER;
	v->s = p->cp + p->i;
	v->n = i - p->i;
	p->cp[i] = '\0'; /* the copy has n + 1 bytes */
	p->i = i;
	return JV_OK;
}

/* true, false, null, a number or a string at s[i] into v. */
static int
parse_scalar(struct parser *p, struct jv *v)
{
	const char *s = p->s + p->i;
	size_t left = p->n - p->i;
	struct jv_str str;
	int rc;

	memset(v, 0, sizeof(*v));
	if (left >= 4 && memcmp(s, "true", 4) == 0) {
		v->type = JV_BOOL;
		v->b = 1;
		p->i += 4;
	} else if (left >= 5 && memcmp(s, "false", 5) == 0) {
		v->type = JV_BOOL;
		p->i += 5;
	} else if (left >= 4 && memcmp(s, "null", 4) == 0) {
		v->type = JV_NULL;
		p->i += 4;
	} else if (s[0] == '"') {
		if ((rc = parse_string(p, &str)) != JV_OK)
			return rc;
		v->type = JV_STRING;
		v->s = str.s;
		v->n = str.n;
	} else if (s[0] == '-' || is_digit(s[0])) {
		return parse_number(p, v);
	} else {
		return syntax(p, p->i, "expected a value");
	}
	return JV_OK;
}

/* The path to the value being read in the innermost open container (the
 * one at fr[depth]), from the ancestors' pending positions. */
static void
parse_path(const struct parser *p, size_t depth, struct path *pa)
{
	size_t d;

	pa->n = 0;
	pa->p[0] = '\0';
	for (d = 0; d < depth; d++) {
		const struct frame *f = &p->fr[d], *in = &p->fr[d + 1];

		if (f->type == JV_ARRAY) {
			path_index(pa, in->start - f->start);
		} else {
			const struct jv_str *k = &p->keys[in->kstart - 1];

			path_key(pa, k->s, k->n);
		}
	}
}

static int
key_cmp(const void *x, const void *y)
{
	const struct keypos *a = x, *b = y;
	size_t m = a->n < b->n ? a->n : b->n;
	int c = memcmp(a->s, b->s, m);

	if (c != 0)
		return c;
	if (a->n != b->n)
		return a->n < b->n ? -1 : 1;
	return a->pos < b->pos ? -1 : a->pos > b->pos;
}

static int
key_eq(const struct jv_str *a, const struct jv_str *b)
{
	return a->n == b->n && memcmp(a->s, b->s, a->n) == 0;
}

/* The position of the first member of k[0..n) whose name an earlier
 * member already had, or n when the names are distinct.  -1 when out of
 * memory. */
static int
find_duplicate(struct parser *p, const struct jv_str *k, size_t n, size_t *dup)
{
	size_t i, j, best = n;

	if (n <= DUP_PAIRWISE) {
		for (j = 1; j < n && best == n; j++)
			for (i = 0; i < j; i++)
				if (key_eq(&k[i], &k[j])) {
					best = j;
					break;
				}
		*dup = best;
		return 0;
	}
	if (n > p->capsorted) {
		struct keypos *q;

		if (n > SIZE_MAX / sizeof(*q) ||
		    (q = realloc(p->sorted, n * sizeof(*q))) == NULL)
			return -1;
		p->sorted = q;
		p->capsorted = n;
	}
	for (i = 0; i < n; i++) {
		p->sorted[i].s = k[i].s;
		p->sorted[i].n = k[i].n;
		p->sorted[i].pos = i;
	}
	qsort(p->sorted, n, sizeof(*p->sorted), key_cmp);
	/* Within a run of equal names, sorted by position, the second one is
	 * that name's first repetition; the earliest of those wins. */
	for (i = 1; i < n; i++) {
		const struct keypos *a = &p->sorted[i - 1], *b = &p->sorted[i];

		if (a->n == b->n && memcmp(a->s, b->s, a->n) == 0 &&
		    b->pos < best &&
		    (i < 2 || p->sorted[i - 2].n != a->n ||
		     memcmp(p->sorted[i - 2].s, a->s, a->n)))
			best = b->pos;
	}
	*dup = best;
	return 0;
}

/* Close the innermost container: its children move into the arena as v. */
static int
close_container(struct parser *p, struct jv *v)
{
	const struct frame *f = &p->fr[p->nfr - 1];
	size_t count = p->nvals - f->start, dup;
	struct path pa;

	memset(v, 0, sizeof(*v));
	v->type = f->type;
	v->n = count;
	if (count > 0) {
		v->v = arena_alloc(p->a, count * sizeof(*v->v));
		memcpy(v->v, p->vals + f->start, count * sizeof(*v->v));
	}
	if (f->type == JV_OBJECT && count > 0) {
		v->k = arena_alloc(p->a, count * sizeof(*v->k));
		memcpy(v->k, p->keys + f->kstart, count * sizeof(*v->k));
		if (find_duplicate(p, v->k, count, &dup) != 0)
			return JV_ERR_NOMEM;
		if (dup < count) {
			parse_path(p, p->nfr - 1, &pa);
			path_key(&pa, v->k[dup].s, v->k[dup].n);
			valid_err(p->err, p->errlen, "%s: given more than once",
			          pa.p);
			return JV_ERR_DUPLICATE;
		}
	}
	p->nvals = f->start;
	p->nkeys = f->kstart;
	p->nfr--;
	return JV_OK;
}

enum pstate {
	PS_VALUE, /* a value is expected */
	PS_KEY,   /* a member name and ':' are expected */
	PS_CLOSE, /* the innermost container just ended */
	PS_EMIT   /* v is complete: hand it to its container */
};

static int
parse_text(struct parser *p, struct jv **out)
{
	enum pstate st = PS_VALUE;
	struct jv v;
	void *q;
	int rc;
	char c;

	for (;;) {
		switch (st) {
		case PS_VALUE:
			skip_ws(p);
			if (p->i >= p->n)
				return syntax(p, p->i, "unexpected end");
			c = p->s[p->i];
			if (c != '[' && c != '{') {
				if ((rc = parse_scalar(p, &v)) != JV_OK)
					return rc;
				st = PS_EMIT;
				break;
			}
			if (p->nfr >= p->max_depth) {
				valid_err(p->err, p->errlen,
				          "nested deeper than %u levels at "
				          "byte %zu",
				          p->max_depth, p->i);
				return JV_ERR_DEPTH;
			}
			q = more(p->fr, p->nfr, &p->capfr, sizeof(*p->fr));
			if (q == NULL)
				return JV_ERR_NOMEM;
			p->fr = q;
			p->fr[p->nfr].type = c == '[' ? JV_ARRAY : JV_OBJECT;
			p->fr[p->nfr].start = p->nvals;
			p->fr[p->nfr].kstart = p->nkeys;
			p->nfr++;
			p->i++;
			skip_ws(p);
			if (p->i < p->n &&
			    p->s[p->i] == (c == '[' ? ']' : '}')) {
				p->i++;
				st = PS_CLOSE;
			} else {
				st = c == '[' ? PS_VALUE : PS_KEY;
			}
			break;
		case PS_KEY:
			skip_ws(p);
			if (p->i >= p->n || p->s[p->i] != '"')
				return syntax(p, p->i,
				              "expected a member name");
			q = more(p->keys, p->nkeys, &p->capkeys,
			         sizeof(*p->keys));
			if (q == NULL)
				return JV_ERR_NOMEM;
			p->keys = q;
			rc = parse_string(p, &p->keys[p->nkeys]);
			if (rc != JV_OK)
				return rc;
			p->nkeys++;
			skip_ws(p);
			if (p->i >= p->n || p->s[p->i] != ':')
				return syntax(p, p->i, "expected ':'");
			p->i++;
			st = PS_VALUE;
			break;
		case PS_CLOSE:
			if ((rc = close_container(p, &v)) != JV_OK)
				return rc;
			st = PS_EMIT;
			break;
		case PS_EMIT:
			if (p->nfr == 0) {
				skip_ws(p);
				if (p->i != p->n)
					return syntax(p, p->i,
					              "unexpected data after "
					              "the value");
				*out = arena_alloc(p->a, sizeof(**out));
				**out = v;
				return JV_OK;
			}
			q = more(p->vals, p->nvals, &p->capvals,
			         sizeof(*p->vals));
			if (q == NULL)
				return JV_ERR_NOMEM;
			p->vals = q;
			p->vals[p->nvals++] = v;
			skip_ws(p);
			c = p->i < p->n ? p->s[p->i] : '\0';
			if (p->i < p->n && c == ',') {
				p->i++;
				st = p->fr[p->nfr - 1].type == JV_ARRAY
				             ? PS_VALUE
				             : PS_KEY;
			} else if (p->i < p->n &&
			           c == (p->fr[p->nfr - 1].type == JV_ARRAY
			                         ? ']'
			                         : '}')) {
				p->i++;
				st = PS_CLOSE;
			} else if (p->i >= p->n) {
				return syntax(p, p->i, "unexpected end");
			} else {
				return syntax(p, p->i,
				              p->fr[p->nfr - 1].type == JV_ARRAY
				                      ? "expected ',' or ']'"
				                      : "expected ',' or '}'");
			}
			break;
		}
	}
}

int
jv_parse(struct arena *a, const char *s, size_t n, unsigned max_depth,
         struct jv **out, char *err, size_t errlen)
{
	struct parser p;
	int rc;

	*out = NULL;
	if (err != NULL && errlen > 0)
		err[0] = '\0';
	memset(&p, 0, sizeof(p));
	p.a = a;
	p.s = s != NULL ? s : "";
	p.n = s != NULL ? n : 0;
	p.max_depth = max_depth;
	p.err = err;
	p.errlen = errlen;
	if (p.n == SIZE_MAX)
		return JV_ERR_NOMEM;
	p.cp = arena_alloc(a, p.n + 1);
	memcpy(p.cp, p.s, p.n);
	rc = parse_text(&p, out);
	if (rc == JV_ERR_NOMEM)
		valid_err(err, errlen, "out of memory");
	if (rc != JV_OK)
		*out = NULL;
	free(p.fr);
	free(p.vals);
	free(p.keys);
	free(p.sorted);
	return rc;
}

/* ---- typed access ---- */

const struct jv *
jv_member(const struct jv *obj, const char *name)
{
	size_t i, len;

	if (obj == NULL || obj->type != JV_OBJECT || name == NULL)
		return NULL;
	len = strlen(name);
	for (i = 0; i < obj->n; i++)
		if (obj->k[i].n == len && memcmp(obj->k[i].s, name, len) == 0)
			return &obj->v[i];
	return NULL;
}

const struct jv *
jv_get(const struct jv *obj, const char *name)
{
	const struct jv *v = jv_member(obj, name);

	return v != NULL && v->type != JV_NULL ? v : NULL;
}

long long
jv_int(const struct jv *v)
{
	long long i;

	if (v == NULL || (v->type != JV_NUMBER && v->type != JV_STRING) ||
	    valid_int(v->s, v->n, LLONG_MIN, LLONG_MAX, &i, NULL, 0) != 0)
		return 0;
	return i;
}

enum dec_err { DEC_OK, DEC_MALFORMED, DEC_SCALE, DEC_RANGE };

/* [-](0|[1-9][0-9]*)[.[0-9]+] with at most scale fraction digits into a
 * scaled integer.  No exponent, no spaces, no '+'. */
static enum dec_err
dec_parse(const char *s, size_t n, int scale, long long *out)
{
	unsigned long long mag = 0, lim = LLONG_MAX;
	size_t i = 0, start, nfrac = 0;
	int neg = 0, k;

	if (scale < 0 || scale > SCALE_MAX)
		return DEC_MALFORMED;
	if (i < n && s[i] == '-') {
		neg = 1;
		lim = (unsigned long long)LLONG_MAX + 1;
		i++;
	}
	start = i;
	while (i < n && is_digit(s[i]))
		i++;
	if (i == start || (s[start] == '0' && i - start > 1))
		return DEC_MALFORMED;
	if (i < n && s[i] == '.') {
		size_t f = ++i;

		while (i < n && is_digit(s[i]))
			i++;
		if (i == f)
			return DEC_MALFORMED;
		nfrac = i - f;
	}
	if (i != n)
		return DEC_MALFORMED;
	if (nfrac > (size_t)scale)
		return DEC_SCALE;
	for (i = start; i < n; i++) {
		unsigned int d;

		if (s[i] == '.')
			continue;
		d = (unsigned int)(s[i] - '0');
		if (mag > (lim - d) / 10)
			return DEC_RANGE;
		mag = mag * 10 + d;
	}
	for (k = (int)nfrac; k < scale; k++) {
		if (mag > lim / 10)
			return DEC_RANGE;
		mag *= 10;
	}
	if (!neg)
		*out = (long long)mag;
	else if (mag == (unsigned long long)LLONG_MAX + 1)
		*out = LLONG_MIN;
	else
		*out = -(long long)mag;
	return DEC_OK;
}

long long
jv_dec(const struct jv *v, int scale)
{
	long long d;

	if (v == NULL || (v->type != JV_NUMBER && v->type != JV_STRING) ||
	    dec_parse(v->s, v->n, scale, &d) != DEC_OK)
		return 0;
	return d;
}

const char *
jv_str(const struct jv *v, size_t *n)
{
	if (v == NULL || v->type != JV_STRING) {
		if (n != NULL)
			*n = 0;
		return NULL;
	}
	if (n != NULL)
		*n = v->n;
	return v->s;
}

/* The truth of a loose boolean: 1, 0, or -1 when v is none. */
static int
loose_bool(const struct jv *v)
{
	if (v->type == JV_BOOL)
		return v->b;
	if (v->type != JV_NUMBER && v->type != JV_STRING)
		return -1;
	if (strcmp(v->s, "1") == 0 ||
	    (v->type == JV_STRING && strcmp(v->s, "true") == 0))
		return 1;
	if (strcmp(v->s, "0") == 0 ||
	    (v->type == JV_STRING && strcmp(v->s, "false") == 0))
		return 0;
	return -1;
}

int
jv_bool(const struct jv *v)
{
	return v != NULL && loose_bool(v) == 1;
}

static int
is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
	       c == '\f' || c == '\v';
}

void
jv_trim_strings(struct jv *v)
{
	size_t i;
	char *s;

	if (v == NULL)
		return;
	if (v->type == JV_ARRAY || v->type == JV_OBJECT) {
		for (i = 0; i < v->n; i++)
			jv_trim_strings(&v->v[i]);
		return;
	}
	if (v->type != JV_STRING)
		return;
	/* The tree's strings live in its arena and are ours to cut. */
	s = (char *)v->s;
	while (v->n > 0 && is_blank(s[v->n - 1]))
		s[--v->n] = '\0';
	for (i = 0; i < v->n && is_blank(s[i]); i++)
		;
	if (i > 0) {
		v->s += i;
		v->n -= i;
	}
}

size_t
jv_len(const struct jv *v)
{
	if (v == NULL || (v->type != JV_ARRAY && v->type != JV_OBJECT))
		return 0;
	return v->n;
}

const struct jv *
jv_at(const struct jv *arr, size_t i)
{
	if (arr == NULL || arr->type != JV_ARRAY || i >= arr->n)
		return NULL;
	return &arr->v[i];
}

/* ---- the validator ---- */

/* The failure list being written into err: whole failures joined by "; ",
 * cut after the last whole one that leaves room for "; ..." when the next
 * does not fit (route_validate's rule). */
struct fails {
	char *err;
	size_t errlen;
	size_t len;  /* bytes in err */
	size_t keep; /* end of the last whole failure followed by room for
	              * "; ..." */
	int full;    /* a failure did not fit: err is final */
	size_t count;
};

static void
fails_add(struct fails *f, const char *msg, size_t ml)
{
	size_t sep, cut;

	f->count++;
	if (f->full || f->err == NULL || f->errlen == 0)
		return;
	sep = f->len > 0 ? 2 : 0;
	if (f->len + sep + ml < f->errlen) {
		memcpy(f->err + f->len, "; ", sep);
		memcpy(f->err + f->len + sep, msg, ml);
		f->len += sep + ml;
		f->err[f->len] = '\0';
		if (f->len + sizeof("; ...") <= f->errlen)
			f->keep = f->len;
		return;
	}
	f->full = 1;
	if (f->keep > 0) {
		memcpy(f->err + f->keep, "; ...", sizeof("; ..."));
		return;
	}
	/* Not even the first failure fits with the mark after it: as much
	 * of it as does, and "...". */
	if (f->len > 0) {
		msg = f->err;
		ml = f->len;
	}
	if (f->errlen < sizeof("...")) {
		f->err[0] = '\0';
		return;
	}
	cut = f->errlen - sizeof("...");
	if (cut > ml)
		cut = ml;
	while (cut > 0 && ((unsigned char)msg[cut] & 0xc0) == 0x80)
		cut--;
	memmove(f->err, msg, cut);
	memcpy(f->err + cut, "...", sizeof("..."));
}

struct ck {
	struct fails f;
	struct path pa;
	const char *root; /* names the root's own failures */
};

static void fail(struct ck *, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));

/* Note a failure of the value at the current path. */
static void
fail(struct ck *c, const char *fmt, ...)
{
	char msg[MSG_MAX], rule[MSG_MAX - PATH_MAX_LEN - 4];
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vsnprintf(rule, sizeof(rule), fmt, ap);
	va_end(ap);
	if (r < 0)
		rule[0] = '\0';
	/* rule is cut when too long; a cut choice list still reads. */
	r = snprintf(msg, sizeof(msg), "%s: %s",
	             c->pa.n > 0 ? c->pa.p : c->root, rule);
	if (r < 0)
		return;
	if ((size_t)r >= sizeof(msg))
		r = (int)sizeof(msg) - 1;
	fails_add(&c->f, msg, (size_t)r);
}

static const char *
type_word(const struct jv *v)
{
	switch (v->type) {
	case JV_NULL:
		return "null";
	case JV_BOOL:
		return "a boolean";
	case JV_NUMBER:
		return "a number";
	case JV_STRING:
		return "a string";
	case JV_ARRAY:
		return "an array";
	case JV_OBJECT:
		return "an object";
	}
	return "?";
}

/* A scaled integer as decimal text: 1250, 2 -> "12.50". */
static void
fmt_dec(long long v, int scale, char *out, size_t len)
{
	unsigned long long mag, p10 = 1;
	int k, r;

	mag = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
	if (scale < 0 || scale > SCALE_MAX)
		scale = 0;
	for (k = 0; k < scale; k++)
		p10 *= 10;
	if (scale == 0)
		r = snprintf(out, len, "%s%llu", v < 0 ? "-" : "", mag);
	else
		r = snprintf(out, len, "%s%llu.%0*llu", v < 0 ? "-" : "",
		             mag / p10, scale, mag % p10);
	if (r < 0 || (size_t)r >= len)
		out[0] = '\0';
}

static int check_value(struct ck *, const struct js *, const struct jv *);

static int
check_int(struct ck *c, const struct js *s, const struct jv *v)
{
	char rule[MSG_MAX];

	if (v->type == JV_BOOL) {
		fail(c, "must be a number, not a boolean");
		return -1;
	}
	if (v->type == JV_STRING && !(s->flags & JS_DIGITSTR)) {
		fail(c, "must be a number, not a string");
		return -1;
	}
	if (v->type != JV_NUMBER && v->type != JV_STRING) {
		fail(c, "must be an integer between %lld and %lld", s->min,
		     s->max);
		return -1;
	}
	if (valid_int(v->s, v->n, s->min, s->max, NULL, rule, sizeof(rule))) {
		fail(c, "%s", rule);
		return -1;
	}
	return 0;
}

static int
check_dec(struct ck *c, const struct js *s, const struct jv *v)
{
	char lo[32], hi[32];
	long long d = 0;
	enum dec_err e = DEC_MALFORMED;

	if (v->type == JV_BOOL) {
		fail(c, "must be a number, not a boolean");
		return -1;
	}
	if (v->type == JV_NUMBER || v->type == JV_STRING)
		e = dec_parse(v->s, v->n, s->scale, &d);
	if (e == DEC_SCALE) {
		if (s->scale == 0)
			fail(c, "must be a whole number");
		else
			fail(c, "must have at most %d decimal places",
			     s->scale);
		return -1;
	}
	if (e != DEC_OK || d < s->min || d > s->max) {
		fmt_dec(s->min, s->scale, lo, sizeof(lo));
		fmt_dec(s->max, s->scale, hi, sizeof(hi));
		fail(c, "must be a number between %s and %s", lo, hi);
		return -1;
	}
	return 0;
}

static int
check_text(struct ck *c, const struct js *s, const struct jv *v)
{
	char rule[MSG_MAX];

	if (v->type != JV_STRING) {
		fail(c, "must be a string, not %s", type_word(v));
		return -1;
	}
	rule[0] = '\0';
	if (valid_text(v->s, v->n, s->min, s->max, rule, sizeof(rule)) != 0 ||
	    (s->check != NULL && s->check(v->s, v->n, rule, sizeof(rule)))) {
		fail(c, "%s", rule);
		return -1;
	}
	return 0;
}

static int
check_choice(struct ck *c, const struct js *s, const struct jv *v)
{
	char rule[MSG_MAX];
	size_t pos;
	int i, r;

	if (s->choices == NULL)
		return -1;
	if (v->type == JV_STRING &&
	    valid_choice(v->s, v->n, s->choices, NULL, rule, sizeof(rule)) == 0)
		return 0;
	/* valid_choice's words, also for a value that is not a string. */
	r = snprintf(rule, sizeof(rule), "must be one of: ");
	pos = r > 0 && (size_t)r < sizeof(rule) ? (size_t)r : 0;
	for (i = 0; s->choices[i] != NULL; i++) {
		r = snprintf(rule + pos, sizeof(rule) - pos, "%s%s",
		             i ? ", " : "", s->choices[i]);
		if (r < 0 || (size_t)r >= sizeof(rule) - pos)
			break; /* cut: rule holds what fitted */
		pos += (size_t)r;
	}
	fail(c, "%s", rule);
	return -1;
}

/* One item's value for JS_UNIQUE. */
struct ukey {
	long long i;
	const char *s;
	size_t n;
};

static int
ukey_cmp(const void *x, const void *y)
{
	const struct ukey *a = x, *b = y;
	size_t m;
	int r;

	if (a->i != b->i)
		return a->i < b->i ? -1 : 1;
	m = a->n < b->n ? a->n : b->n;
	if (m > 0 && (r = memcmp(a->s, b->s, m)) != 0)
		return r;
	return a->n < b->n ? -1 : a->n > b->n;
}

/* 1 when two of the valid, non-null items of v (item schema it) have the
 * same value.  ok[i] tells which items passed. */
static int
has_repeat(const struct js *it, const struct jv *v, const unsigned char *ok)
{
	struct ukey *u = NULL;
	size_t i, m = 0;
	int rep = 0;

	u = xcalloc(v->n, sizeof(*u));
	for (i = 0; i < v->n; i++) {
		const struct jv *x = &v->v[i];

		if (!ok[i] || x->type == JV_NULL)
			continue;
		switch (it->kind) {
		case JS_INT:
			u[m].i = jv_int(x);
			break;
		case JS_DEC:
			u[m].i = jv_dec(x, it->scale);
			break;
		case JS_BOOL:
			u[m].i = x->b;
			break;
		default:
			u[m].s = x->s;
			u[m].n = x->n;
			break;
		}
		m++;
	}
	qsort(u, m, sizeof(*u), ukey_cmp);
	for (i = 1; i < m && !rep; i++)
		rep = ukey_cmp(&u[i - 1], &u[i]) == 0;
	free(u);
	return rep;
}

static int
check_array(struct ck *c, const struct js *s, const struct jv *v)
{
	unsigned char *ok = NULL;
	size_t i, save;
	int bad = 0;

	if (v->type != JV_ARRAY) {
		fail(c, "must be an array");
		return -1;
	}
	if ((long long)v->n < s->min ||
	    (unsigned long long)v->n > (unsigned long long)s->max) {
		if (s->min == s->max)
			fail(c, "must have %lld items", s->min);
		else
			fail(c, "must have %lld to %lld items", s->min, s->max);
		bad = -1;
		/* Too many: the items are not worth a message each. */
		if ((unsigned long long)v->n > (unsigned long long)s->max)
			return -1;
	}
	if (s->items == NULL || v->n == 0)
		return bad;
	ok = xcalloc(v->n, 1);
	for (i = 0; i < v->n; i++) {
		save = c->pa.n;
		path_index(&c->pa, i);
		ok[i] = check_value(c, s->items, &v->v[i]) == 0;
		c->pa.n = save;
		c->pa.p[save] = '\0';
		if (!ok[i])
			bad = -1;
	}
	if ((s->flags & JS_UNIQUE) && s->items->kind != JS_ARRAY &&
	    s->items->kind != JS_OBJECT && has_repeat(s->items, v, ok)) {
		fail(c, "items must be distinct");
		bad = -1;
	}
	free(ok);
	return bad;
}

static int
declared(const struct js *s, const struct jv_str *k)
{
	size_t j;

	for (j = 0; j < s->nmembers; j++)
		if (strlen(s->members[j].name) == k->n &&
		    memcmp(s->members[j].name, k->s, k->n) == 0)
			return 1;
	return 0;
}

static int
check_object(struct ck *c, const struct js *s, const struct jv *v)
{
	const struct js *m;
	const struct jv *mv;
	size_t i, save;
	int bad = 0;

	if (v->type != JV_OBJECT) {
		fail(c, "must be an object");
		return -1;
	}
	for (i = 0; i < s->nmembers; i++) {
		m = &s->members[i];
		mv = jv_member(v, m->name);
		if (mv != NULL && mv->type == JV_NULL &&
		    !(m->flags & JS_NULLABLE))
			mv = NULL; /* null is absent */
		if (mv == NULL && !(m->flags & JS_REQUIRED))
			continue;
		save = c->pa.n;
		path_key(&c->pa, m->name, strlen(m->name));
		if (mv == NULL) {
			fail(c, "required");
			bad = -1;
		} else if (check_value(c, m, mv) != 0) {
			bad = -1;
		}
		c->pa.n = save;
		c->pa.p[save] = '\0';
	}
	if (!(s->flags & JS_STRICT))
		return bad;
	for (i = 0; i < v->n; i++) {
		if (declared(s, &v->k[i]))
			continue;
		save = c->pa.n;
		path_key(&c->pa, v->k[i].s, v->k[i].n);
		fail(c, "unknown member");
		c->pa.n = save;
		c->pa.p[save] = '\0';
		bad = -1;
	}
	return bad;
}

/* v against s: 0, or -1 with its failures noted. */
static int
check_value(struct ck *c, const struct js *s, const struct jv *v)
{
	if (v->type == JV_NULL && (s->flags & JS_NULLABLE))
		return 0;
	switch (s->kind) {
	case JS_INT:
		return check_int(c, s, v);
	case JS_DEC:
		return check_dec(c, s, v);
	case JS_TEXT:
		return check_text(c, s, v);
	case JS_CHOICE:
		return check_choice(c, s, v);
	case JS_BOOL:
		if (v->type == JV_BOOL ||
		    ((s->flags & JS_LOOSE) && loose_bool(v) >= 0))
			return 0;
		fail(c, "must be true or false");
		return -1;
	case JS_ARRAY:
		return check_array(c, s, v);
	case JS_OBJECT:
		return check_object(c, s, v);
	}
	fail(c, "has no valid schema");
	return -1;
}

int
js_check(const struct js *schema, const struct jv *v, char *err, size_t errlen)
{
	struct ck c;

	memset(&c, 0, sizeof(c));
	c.f.err = err;
	c.f.errlen = errlen;
	if (err != NULL && errlen > 0)
		err[0] = '\0';
	c.root = schema != NULL && schema->name != NULL ? schema->name : "body";
	if (schema == NULL || v == NULL) {
		fail(&c, "required");
		return -1;
	}
	check_value(&c, schema, v);
	return c.f.count > 0 ? -1 : 0;
}
