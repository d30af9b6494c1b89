/* Reading a request: query strings, urlencoded, JSON and multipart bodies.
 * See req.h. */
#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <cJSON.h>

#include "arena.h"
#include "buf.h"
#include "metrics.h"
#include "req.h"

#define REQ_BODY_MAX (1024 * 1024) /* urlencoded and JSON bodies */
#define REQ_READ_BUF (64 * 1024)   /* one read from the body */
#define MP_HMAX      8192          /* bytes of one part's header block */
#define MP_BMAX      70            /* boundary characters (RFC 2046) */
#define MP_DMAX      (MP_BMAX + 4) /* CRLF "--" boundary */

/* 2^53: integers below it are exact in a double. */
#define JSON_INT_MAX 9007199254740992.0

void
req_init(struct req *r)
{
	memset(r, 0, sizeof(*r));
	r->a = arena_new();
}

/* REQ_OK when one more field with vlen value bytes (files: value NULL)
 * stays within the limits. */
static enum req_err
req_room(const struct req *r, const struct req_limits *lim, const char *value,
         size_t vlen)
{
	if (lim == NULL)
		return REQ_OK;
	if (r->nfields >= lim->fields_max)
		return REQ_TOO_MANY;
	if (value != NULL && vlen > lim->field_max)
		return REQ_TOO_MANY;
	return REQ_OK;
}

/* Append a field whose strings already live in the arena. */
static void
req_push(struct req *r, const char *name, const char *value, size_t vlen,
         struct upfile *file, enum req_from from)
{
	struct field *f;
	size_t cap;

	if (r->nfields == r->capfields) {
		cap = r->capfields ? r->capfields * 2 : 16;
		if (cap > SIZE_MAX / sizeof(*r->fields))
			abort();
		r->fields = xrealloc(r->fields, cap * sizeof(*r->fields));
		r->capfields = cap;
	}
	f = &r->fields[r->nfields++];
	f->name = name;
	f->value = value;
	f->len = vlen;
	f->file = file;
	f->from = from;
	f->vtype = RV_TEXT;
}

enum req_err
req_add_field(struct req *r, const struct req_limits *lim, const char *name,
              size_t nlen, const char *value, size_t vlen, enum req_from from)
{
	enum req_err e;

	if (value == NULL) {
		value = "";
		vlen = 0;
	}
	if ((e = req_room(r, lim, value, vlen)) != REQ_OK)
		return e;
	req_push(r, arena_strndup(r->a, name, nlen),
	         arena_strndup(r->a, value, vlen), vlen, NULL, from);
	return REQ_OK;
}

static int
req_hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decode n bytes of s ('+' and %XX) into a NUL-terminated arena string;
 * NULL on a bad or truncated escape. */
char *
req_urldecode(struct arena *a, const char *s, size_t n, size_t *len)
{
	char *out = arena_alloc(a, n + 1);
	size_t i, o = 0;
	int hi, lo;

	for (i = 0; i < n; i++) {
		if (s[i] == '+') {
			out[o++] = ' ';
		} else if (s[i] == '%') {
			if (n - i < 3)
				return NULL;
			hi = req_hexval((unsigned char)s[i + 1]);
			lo = req_hexval((unsigned char)s[i + 2]);
			if (hi < 0 || lo < 0)
				return NULL;
			out[o++] = (char)(hi << 4 | lo);
			i += 2;
		} else {
			out[o++] = s[i];
		}
	}
	out[o] = '\0';
	*len = o;
	return out;
}

enum req_err
req_parse_urlencoded(struct req *r, const struct req_limits *lim, const char *s,
                     size_t n, enum req_from from)
{
	const char *seg, *amp, *eq;
	char *name, *value;
	size_t i = 0, sl, nl, vl;
	enum req_err e;

	while (i < n) {
		seg = s + i;
		amp = memchr(seg, '&', n - i);
		sl = amp != NULL ? (size_t)(amp - seg) : n - i;
		i += sl + (amp != NULL);
		if (sl == 0)
			continue;
		eq = memchr(seg, '=', sl);
		nl = eq != NULL ? (size_t)(eq - seg) : sl;
		if ((name = req_urldecode(r->a, seg, nl, &vl)) == NULL)
			return REQ_MALFORMED;
		if (eq != NULL)
			value = req_urldecode(r->a, eq + 1, sl - nl - 1, &vl);
		else
			value = req_urldecode(r->a, "", 0, &vl);
		if (value == NULL)
			return REQ_MALFORMED;
		if ((e = req_room(r, lim, value, vl)) != REQ_OK)
			return e;
		req_push(r, name, value, vl, NULL, from);
	}
	return REQ_OK;
}

/* 1 when the JSON text holds a NUL byte or a \u0000 escape in a string:
 * cJSON would silently cut the string there. */
static int
req_json_has_nul(const char *s, size_t n)
{
	size_t i;
	int instr = 0;

	for (i = 0; i < n; i++) {
		if (s[i] == '\0')
			return 1;
		if (!instr) {
			instr = s[i] == '"';
			continue;
		}
		if (s[i] == '"') {
			instr = 0;
		} else if (s[i] == '\\' && i + 1 < n) {
			i++;
			if (s[i] == 'u' && n - i > 4 &&
			    memcmp(s + i + 1, "0000", 4) == 0)
				return 1;
		}
	}
	return 0;
}

/* A JSON number as text: integers exactly, others with 15 digits. */
static int
req_json_number(double d, char *out, size_t outlen)
{
	int k;

	if (d > -JSON_INT_MAX && d < JSON_INT_MAX && (double)(long long)d == d)
		k = snprintf(out, outlen, "%lld", (long long)d);
	else
		k = snprintf(out, outlen, "%.15g", d);
	if (k < 0 || (size_t)k >= outlen)
		return -1;
	return 0;
}

enum req_err
req_parse_json(struct req *r, const struct req_limits *lim, const char *s,
               size_t n)
{
	cJSON *root = NULL, *m;
	const char *end = NULL, *v;
	char num[64];
	enum req_err e = REQ_MALFORMED;

	if (s == NULL || n == 0 || req_json_has_nul(s, n))
		goto out;
	root = cJSON_ParseWithLengthOpts(s, n, &end, 0);
	if (root == NULL || !cJSON_IsObject(root) || end == NULL)
		goto out;
	while (end < s + n &&
	       (*end == ' ' || *end == '\t' || *end == '\r' || *end == '\n'))
		end++;
	if (end != s + n)
		goto out;
	/* Refuse the body before adding anything. */
	cJSON_ArrayForEach(m, root)
	{
		if (m->string == NULL)
			goto out;
		if (!cJSON_IsString(m) && !cJSON_IsNumber(m) &&
		    !cJSON_IsBool(m) && !cJSON_IsNull(m))
			goto out;
		if (cJSON_IsString(m) && m->valuestring == NULL)
			goto out;
	}
	cJSON_ArrayForEach(m, root)
	{
		if (cJSON_IsNull(m))
			continue;
		if (cJSON_IsString(m)) {
			v = m->valuestring;
		} else if (cJSON_IsNumber(m)) {
			if (req_json_number(m->valuedouble, num, sizeof(num)))
				goto out;
			v = num;
		} else {
			v = cJSON_IsTrue(m) ? "1" : "0";
		}
		e = req_add_field(r, lim, m->string, strlen(m->string), v,
		                  strlen(v), FROM_BODY);
		if (e != REQ_OK)
			goto out;
		if (!cJSON_IsString(m))
			r->fields[r->nfields - 1].vtype =
			        cJSON_IsNumber(m) ? RV_JSON_NUMBER
			                          : RV_JSON_BOOL;
	}
	e = REQ_OK;
out:
	cJSON_Delete(root);
	return e;
}

/* Header value syntax shared by Content-Type and Content-Disposition. */

static int
req_is_ows(char c)
{
	return c == ' ' || c == '\t';
}

static int
req_is_ctl(unsigned char c)
{
	return c < 0x20 || c == 0x7f;
}

/* RFC 7230 tchar. */
static int
req_is_tchar(unsigned char c)
{
	if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z'))
		return 1;
	return c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

/* A byte of an unquoted parameter value (lenient: clients send file names
 * unquoted with all sorts of characters). */
static int
req_is_vchar(unsigned char c)
{
	return c > 0x20 && c != 0x7f && c != ';' && c != '"';
}

/* RFC 2046 bchars. */
static int
req_is_bchar(unsigned char c)
{
	if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z'))
		return 1;
	return c != '\0' && strchr("'()+_,-./:=? ", c) != NULL;
}

/* The type token at the start of a header value ("multipart/form-data",
 * "form-data"); returns the offset after it. */
static size_t
req_type(const char *s, size_t n, const char **t, size_t *tl)
{
	size_t i = 0, b;

	while (i < n && req_is_ows(s[i]))
		i++;
	b = i;
	while (i < n && s[i] != ';' && !req_is_ows(s[i]))
		i++;
	*t = s + b;
	*tl = i - b;
	return i;
}

static int
req_type_is(const char *t, size_t tl, const char *want)
{
	return tl == strlen(want) && strncasecmp(t, want, tl) == 0;
}

/* One "; name=value" parameter; v is the raw value without quotes. */
struct req_param {
	const char *name;
	size_t nlen;
	const char *v;
	size_t vlen;
	int quoted;
};

/* The next parameter of s[0..n) from *ip: 1 with p set, 0 at the end, -1
 * when malformed.  Empty parameters (";;") are skipped. */
static int
req_param_next(const char *s, size_t n, size_t *ip, struct req_param *p)
{
	size_t i = *ip, b;

	for (;;) {
		while (i < n && req_is_ows(s[i]))
			i++;
		if (i == n) {
			*ip = i;
			return 0;
		}
		if (s[i] != ';')
			return -1;
		i++;
		while (i < n && req_is_ows(s[i]))
			i++;
		if (i < n && s[i] != ';')
			break;
	}
	b = i;
	while (i < n && req_is_tchar((unsigned char)s[i]))
		i++;
	if (i == b)
		return -1;
	p->name = s + b;
	p->nlen = i - b;
	while (i < n && req_is_ows(s[i]))
		i++;
	if (i == n || s[i] != '=')
		return -1;
	i++;
	while (i < n && req_is_ows(s[i]))
		i++;
	if (i < n && s[i] == '"') {
		b = ++i;
		for (;;) {
			if (i == n)
				return -1;
			if (s[i] == '"')
				break;
			if (s[i] == '\\' && ++i == n)
				return -1;
			if (req_is_ctl((unsigned char)s[i]) && s[i] != '\t')
				return -1;
			i++;
		}
		p->quoted = 1;
		p->v = s + b;
		p->vlen = i - b;
		i++;
	} else {
		b = i;
		while (i < n && req_is_vchar((unsigned char)s[i]))
			i++;
		if (i == b)
			return -1;
		p->quoted = 0;
		p->v = s + b;
		p->vlen = i - b;
	}
	*ip = i;
	return 1;
}

static int
req_param_is(const struct req_param *p, const char *name)
{
	return p->nlen == strlen(name) &&
	       strncasecmp(p->name, name, p->nlen) == 0;
}

/* The parameter's value, unescaped and NUL-terminated, into out; 0, or -1
 * when it does not fit. */
static int
req_param_value(const struct req_param *p, char *out, size_t outlen,
                size_t *len)
{
	size_t i, o = 0;

	for (i = 0; i < p->vlen; i++) {
		if (o + 1 >= outlen)
			return -1;
		if (p->quoted && p->v[i] == '\\')
			i++;
		out[o++] = p->v[i];
	}
	if (o >= outlen)
		return -1;
	out[o] = '\0';
	*len = o;
	return 0;
}

/* 1 when b[0..n) is a valid RFC 2046 boundary. */
static int
req_boundary_ok(const char *b, size_t n)
{
	size_t i;

	if (n < 1 || n > MP_BMAX || b[n - 1] == ' ')
		return 0;
	for (i = 0; i < n; i++)
		if (!req_is_bchar((unsigned char)b[i]))
			return 0;
	return 1;
}

int
req_boundary(const char *ctype, char *out, size_t outlen)
{
	struct req_param p;
	const char *t;
	size_t n, i, tl, len;
	int k, found = 0;

	if (ctype == NULL || out == NULL)
		return -1;
	n = strlen(ctype);
	i = req_type(ctype, n, &t, &tl);
	if (!req_type_is(t, tl, "multipart/form-data"))
		return -1;
	while ((k = req_param_next(ctype, n, &i, &p)) == 1) {
		if (!req_param_is(&p, "boundary"))
			continue;
		if (found || req_param_value(&p, out, outlen, &len) != 0 ||
		    !req_boundary_ok(out, len))
			return -1;
		found = 1;
	}
	return k == 0 && found ? 0 : -1;
}

/* The multipart parser.  The body is scanned for the delimiter CRLF "--"
 * boundary; the delimiter bytes matched so far are held back (they are a
 * prefix of delim, so nothing is copied) and given to the data callback
 * when the match fails.  The boundary cannot contain CR, so a failed match
 * never overlaps a new one except at the failing byte itself. */
enum mp_state {
	MP_PREAMBLE, /* before the first delimiter: discarded */
	MP_AFTER,    /* just after a delimiter */
	MP_DASH,     /* after a delimiter and one '-' */
	MP_PAD,      /* transport padding after a delimiter */
	MP_CR,       /* CR ending the delimiter line seen */
	MP_HEADERS,  /* a part's header block */
	MP_BODY,     /* a part's data */
	MP_EPILOGUE, /* after the close delimiter: discarded */
	MP_ERROR
};

struct mp {
	enum mp_state st;
	int err;
	struct mp_cb cb;
	void *ctx;
	char delim[MP_DMAX + 1];
	size_t dlen;
	size_t m;               /* delimiter bytes matched (held back) */
	size_t hlen;            /* bytes in h */
	char h[MP_HMAX];        /* the current header block */
	char vals[MP_HMAX + 2]; /* name and filename, unescaped */
};

struct mp *
mp_new(const char *boundary, const struct mp_cb *cb, void *ctx)
{
	struct mp *p;
	size_t n;

	if (boundary == NULL || cb == NULL)
		return NULL;
	n = strlen(boundary);
	if (!req_boundary_ok(boundary, n))
		return NULL;
	p = xcalloc(1, sizeof(*p));
	p->cb = *cb;
	p->ctx = ctx;
	memcpy(p->delim, "\r\n--", 4);
	memcpy(p->delim + 4, boundary, n);
	p->dlen = n + 4;
	/* The first delimiter may come without its CRLF. */
	p->st = MP_PREAMBLE;
	p->m = 2;
	return p;
}

static int
mp_emit(struct mp *p, const char *b, size_t n)
{
	if (p->st != MP_BODY || n == 0 || p->cb.data == NULL)
		return 0;
	return p->cb.data(p->ctx, b, n);
}

/* Scan preamble or body bytes for the delimiter; *used is set to the
 * bytes consumed (up to the end of the delimiter when found). */
static int
mp_scan(struct mp *p, const char *buf, size_t n, size_t *used)
{
	const char *cr;
	size_t i = 0, k;
	int rc;

	*used = n;
	while (i < n) {
		if (p->m == 0) {
			cr = memchr(buf + i, '\r', n - i);
			k = cr != NULL ? (size_t)(cr - buf) : n;
			if ((rc = mp_emit(p, buf + i, k - i)) != 0)
				return rc;
			if (k == n)
				break;
			p->m = 1;
			i = k + 1;
			continue;
		}
		if (buf[i] != p->delim[p->m]) {
			/* Not a delimiter: the held bytes were data. */
			if ((rc = mp_emit(p, p->delim, p->m)) != 0)
				return rc;
			p->m = 0;
			if (buf[i] == '\r') {
				p->m = 1;
				i++;
			}
			continue;
		}
		i++;
		if (++p->m < p->dlen)
			continue;
		p->m = 0;
		*used = i;
		rc = 0;
		if (p->st == MP_BODY && p->cb.end != NULL)
			rc = p->cb.end(p->ctx);
		p->st = MP_AFTER;
		return rc;
	}
	return 0;
}

/* Parse the Content-Disposition value v[0..n) into name and filename. */
static int
mp_disposition(struct mp *p, const char *v, size_t n, const char **name,
               const char **filename)
{
	struct req_param pa;
	const char *t, **dst;
	size_t i, tl, off = 0, len;
	int k;

	i = req_type(v, n, &t, &tl);
	if (!req_type_is(t, tl, "form-data"))
		return -1;
	while ((k = req_param_next(v, n, &i, &pa)) == 1) {
		if (req_param_is(&pa, "name"))
			dst = name;
		else if (req_param_is(&pa, "filename"))
			dst = filename;
		else
			continue;
		if (*dst != NULL)
			return -1;
		if (req_param_value(&pa, p->vals + off, sizeof(p->vals) - off,
		                    &len) != 0)
			return -1;
		*dst = p->vals + off;
		off += len + 1;
	}
	return k;
}

/* The header block h[0..hlen) is complete: find the part's name and start
 * the part. */
static int
mp_part(struct mp *p)
{
	const char *l, *crlf, *colon, *name = NULL, *filename = NULL;
	size_t i = 0, end = p->hlen - 2, ll, hn;
	int seen = 0, in_cd = 0;

	while (i < end) {
		l = p->h + i;
		if ((crlf = memmem(l, end - i, "\r\n", 2)) == NULL)
			return -1;
		ll = (size_t)(crlf - l);
		i += ll + 2;
		if (ll == 0)
			return -1;
		if (req_is_ows(l[0])) {
			/* Obsolete folding: refused inside the one header
			 * we read, ignored elsewhere. */
			if (in_cd)
				return -1;
			continue;
		}
		in_cd = 0;
		if ((colon = memchr(l, ':', ll)) == NULL)
			return -1;
		hn = (size_t)(colon - l);
		if (!req_type_is(l, hn, "content-disposition"))
			continue;
		if (seen)
			return -1;
		seen = in_cd = 1;
		if (mp_disposition(p, colon + 1, ll - hn - 1, &name,
		                   &filename) != 0)
			return -1;
	}
	if (name == NULL)
		return -1;
	p->st = MP_BODY;
	p->m = 0;
	if (p->cb.begin == NULL)
		return 0;
	return p->cb.begin(p->ctx, name, filename);
}

/* Collect header bytes until the empty line. */
static int
mp_headers(struct mp *p, const char *buf, size_t n, size_t *used)
{
	size_t i;
	char *h = p->h;

	*used = n;
	for (i = 0; i < n; i++) {
		if (p->hlen == MP_HMAX || buf[i] == '\0')
			return -1;
		h[p->hlen++] = buf[i];
		if (buf[i] != '\n' || p->hlen < 2 || h[p->hlen - 2] != '\r')
			continue;
		if (p->hlen == 2 || (p->hlen >= 4 && h[p->hlen - 3] == '\n' &&
		                     h[p->hlen - 4] == '\r')) {
			*used = i + 1;
			return mp_part(p);
		}
	}
	return 0;
}

int
mp_feed(struct mp *p, const char *buf, size_t n)
{
	size_t i = 0, used;
	int rc = 0;
	char c;

	if (p->st == MP_ERROR)
		return p->err;
	while (i < n && rc == 0) {
		c = buf[i];
		switch (p->st) {
		case MP_PREAMBLE:
		case MP_BODY:
			rc = mp_scan(p, buf + i, n - i, &used);
			i += used;
			continue;
		case MP_HEADERS:
			rc = mp_headers(p, buf + i, n - i, &used);
			i += used;
			continue;
		case MP_EPILOGUE:
			i = n;
			continue;
		case MP_AFTER:
			if (c == '-')
				p->st = MP_DASH;
			else if (req_is_ows(c))
				p->st = MP_PAD;
			else if (c == '\r')
				p->st = MP_CR;
			else
				rc = -1;
			break;
		case MP_PAD:
			if (c == '\r')
				p->st = MP_CR;
			else if (!req_is_ows(c))
				rc = -1;
			break;
		case MP_DASH:
			if (c == '-')
				p->st = MP_EPILOGUE;
			else
				rc = -1;
			break;
		case MP_CR:
			if (c == '\n') {
				p->st = MP_HEADERS;
				p->hlen = 0;
			} else {
				rc = -1;
			}
			break;
		case MP_ERROR:
			rc = p->err;
			break;
		}
		i++;
	}
	if (rc != 0) {
		p->st = MP_ERROR;
		p->err = rc;
	}
	return rc;
}

int
mp_finish(struct mp *p)
{
	return p->st == MP_EPILOGUE ? 0 : -1;
}

void
mp_free(struct mp *p)
{
	free(p);
}

/* Reading a body. */

enum req_kind {
	KIND_NONE, /* no Content-Type */
	KIND_URLENCODED,
	KIND_JSON,
	KIND_MULTIPART,
	KIND_OTHER
};

static enum req_kind
req_kind(const char *ctype)
{
	const char *t;
	size_t tl;

	if (ctype == NULL)
		return KIND_NONE;
	req_type(ctype, strlen(ctype), &t, &tl);
	if (tl == 0)
		return KIND_NONE;
	if (req_type_is(t, tl, "application/x-www-form-urlencoded"))
		return KIND_URLENCODED;
	if (req_type_is(t, tl, "application/json"))
		return KIND_JSON;
	if (req_type_is(t, tl, "multipart/form-data"))
		return KIND_MULTIPART;
	return KIND_OTHER;
}

/* State of a multipart body being read into a request. */
struct req_body {
	struct req *r;
	const struct req_limits *lim;
	char name[MP_HMAX]; /* current part's name */
	int isfile;         /* the part has a filename */
	int started;        /* its field was recorded */
	uint64_t fmax;      /* its limit; 0 drops the bytes */
	struct upfile *up;  /* its file */
	int fd;             /* its temporary file, or -1 */
	struct buf val;     /* a plain field's value */
};

static int
req_write_all(int fd, const char *b, size_t n)
{
	ssize_t k;

	while (n > 0) {
		k = write(fd, b, n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		b += k;
		n -= (size_t)k;
	}
	return 0;
}

/* Record the current file part and open its temporary file. */
static int
req_file_start(struct req_body *b)
{
	struct req *r = b->r;
	char *path;
	enum req_err e;

	if ((e = req_room(r, b->lim, NULL, 0)) != REQ_OK)
		return e;
	b->up = arena_alloc(r->a, sizeof(*b->up));
	req_push(r, arena_strdup(r->a, b->name), NULL, 0, b->up, FROM_BODY);
	b->started = 1;
	metrics_add(MET_UPLOAD_FILES, 1);
	if (b->fmax == 0)
		return REQ_OK;
	if (b->lim->tmpdir == NULL)
		return REQ_IO;
	/* The pid lets the master sweep what a killed worker left. */
	path = arena_printf(r->a, "%s/up-%ld-XXXXXX", b->lim->tmpdir,
	                    (long)getpid());
	if ((b->fd = mkostemp(path, O_CLOEXEC)) == -1)
		return REQ_IO;
	/* Set only now: cleanup unlinks what has a path. */
	b->up->path = path;
	return REQ_OK;
}

static int
req_mp_begin(void *ctx, const char *name, const char *filename)
{
	struct req_body *b = ctx;
	const struct req_limits *lim = b->lim;
	size_t n = strlen(name);

	/* name lives in the parser's header block, shorter than MP_HMAX. */
	if (n >= sizeof(b->name))
		return REQ_MALFORMED;
	memcpy(b->name, name, n + 1);
	b->isfile = filename != NULL;
	b->started = 0;
	b->up = NULL;
	b->fd = -1;
	buf_reset(&b->val);
	if (!b->isfile)
		return 0;
	b->fmax = lim->file_max != NULL ? lim->file_max(lim->ctx, b->name) : 0;
	/* An empty file input sends filename="" and no bytes: only record
	 * it if bytes come. */
	if (filename[0] == '\0')
		return 0;
	return req_file_start(b);
}

static int
req_mp_data(void *ctx, const char *buf, size_t n)
{
	struct req_body *b = ctx;
	int rc = 0;

	if (!b->isfile) {
		if (n > b->lim->field_max || b->val.len > b->lim->field_max - n)
			return REQ_TOO_MANY;
		buf_add(&b->val, buf, n);
		return 0;
	}
	if (!b->started && (rc = req_file_start(b)) != 0)
		return rc;
	b->up->size += n;
	metrics_add(MET_UPLOAD_BYTES, n);
	if (b->fd == -1)
		return 0;
	if (b->up->size > b->fmax) {
		b->up->too_big = 1;
		if (ftruncate(b->fd, 0) != 0)
			rc = REQ_IO;
		if (close(b->fd) != 0)
			rc = REQ_IO;
		b->fd = -1;
		return rc;
	}
	return req_write_all(b->fd, buf, n) == 0 ? 0 : REQ_IO;
}

static int
req_mp_end(void *ctx)
{
	struct req_body *b = ctx;
	int rc = 0;

	if (!b->isfile)
		return req_add_field(b->r, b->lim, b->name, strlen(b->name),
		                     b->val.p != NULL ? b->val.p : "",
		                     b->val.len, FROM_BODY);
	if (b->fd != -1 && close(b->fd) != 0)
		rc = REQ_IO;
	b->fd = -1;
	return rc;
}

static const struct mp_cb req_mp_cb = {
        req_mp_begin,
        req_mp_data,
        req_mp_end,
};

/* Limits used when the caller gives none. */
static const struct req_limits req_nolimits = {
        SIZE_MAX, SIZE_MAX, NULL, NULL, NULL, 0,
};

enum req_err
req_read_body(struct req *r, const struct req_limits *lim, req_read_fn rd,
              void *rdctx)
{
	struct req_body b;
	struct buf body = {0};
	struct mp *mp = NULL;
	enum req_kind kind = req_kind(r->ctype);
	enum req_err e = REQ_OK;
	char bnd[MP_BMAX + 1], *rbuf = NULL;
	uint64_t total = 0;
	ssize_t got;
	size_t n;
	int rc;

	if (lim == NULL)
		lim = &req_nolimits;
	memset(&b, 0, sizeof(b));
	b.r = r;
	b.lim = lim;
	b.fd = -1;
	if (kind == KIND_MULTIPART &&
	    req_boundary(r->ctype, bnd, sizeof(bnd)) == 0)
		mp = mp_new(bnd, &req_mp_cb, &b);
	rbuf = xmalloc(REQ_READ_BUF);
	/* Read to the end whatever happens. */
	for (;;) {
		got = rd(rdctx, rbuf, REQ_READ_BUF);
		if (got == 0)
			break;
		if (got < 0 || (size_t)got > REQ_READ_BUF) {
			e = REQ_IO;
			break;
		}
		n = (size_t)got;
		total += n;
		if (e != REQ_OK)
			continue;
		switch (kind) {
		case KIND_URLENCODED:
		case KIND_JSON:
			if (n > REQ_BODY_MAX - body.len)
				e = REQ_TOO_MANY;
			else
				buf_add(&body, rbuf, n);
			break;
		case KIND_MULTIPART:
			if (mp == NULL)
				e = REQ_MALFORMED;
			else if ((rc = mp_feed(mp, rbuf, n)) != 0)
				e = rc < 0 ? REQ_MALFORMED : (enum req_err)rc;
			break;
		case KIND_NONE:
			e = REQ_MALFORMED;
			break;
		case KIND_OTHER:
			e = REQ_MEDIA;
			break;
		}
	}
	if (e == REQ_OK && total > 0) {
		if (kind == KIND_URLENCODED)
			e = req_parse_urlencoded(r, lim, body.p, body.len,
			                         FROM_BODY);
		else if (kind == KIND_JSON && lim->json_raw) {
			r->json_text = arena_strndup(r->a, body.p, body.len);
			r->json_len = body.len;
		} else if (kind == KIND_JSON)
			e = req_parse_json(r, lim, body.p, body.len);
		else if (kind == KIND_MULTIPART && mp_finish(mp) != 0)
			e = REQ_MALFORMED;
	}
	if (b.fd != -1)
		close(b.fd);
	mp_free(mp);
	buf_free(&b.val);
	buf_free(&body);
	free(rbuf);
	return e;
}

size_t
req_count(const struct req *r, const char *name, size_t *first)
{
	size_t i, n = 0;

	if (first != NULL)
		*first = SIZE_MAX;
	for (i = 0; i < r->nfields; i++) {
		if (strcmp(r->fields[i].name, name) != 0)
			continue;
		if (n++ == 0 && first != NULL)
			*first = i;
	}
	return n;
}

const char *
req_env(const struct req *r, const char *name)
{
	return r->getenv != NULL ? r->getenv(r->envctx, name) : NULL;
}

const char *
req_cookie(const struct req *r, const char *name, size_t *len)
{
	const char *p = r->cookie, *e, *eq;
	size_t n = strlen(name);

	if (p == NULL || n == 0)
		return NULL;
	while (*p != '\0') {
		while (*p == ' ' || *p == '\t' || *p == ';')
			p++;
		e = p + strcspn(p, ";");
		eq = memchr(p, '=', (size_t)(e - p));
		if (eq != NULL && (size_t)(eq - p) == n &&
		    memcmp(p, name, n) == 0) {
			*len = (size_t)(e - eq - 1);
			while (*len > 0 &&
			       (eq[*len] == ' ' || eq[*len] == '\t'))
				(*len)--;
			return eq + 1;
		}
		p = e;
	}
	return NULL;
}

void
req_cleanup(struct req *r)
{
	const struct upfile *u;
	size_t i;

	for (i = 0; i < r->nfields; i++) {
		u = r->fields[i].file;
		if (u != NULL && u->path != NULL && !u->kept)
			unlink(u->path);
	}
	if (r->user != NULL && r->user_free != NULL)
		r->user_free(r->user);
	free(r->fields);
	arena_free(r->a);
	memset(r, 0, sizeof(*r));
}
