#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "jschema.h"
#include "log.h"
#include "route.h"
#include "upload.h"
#include "valid.h"

/* The length of the segment that starts at s, up to '/' or e. */
static size_t
seg_len(const char *s, const char *e)
{
	const char *p = s;

	while (p < e && *p != '/')
		p++;
	return (size_t)(p - s);
}

int
route_match(const char *pattern, const char *path, int slash,
            struct route_caps *caps)
{
	const char *p = pattern, *q = path;
	const char *pe = pattern + strlen(pattern), *qe = path + strlen(path);
	size_t plen, qlen, ncaps = 0;
	int literal = 0;

	if (caps != NULL)
		caps->n = 0;
	if (*p != '/' || *q != '/')
		return -1;
	/* With RF_SLASH a trailing '/' is optional on both sides. */
	if (slash) {
		if (pe - p > 1 && pe[-1] == '/')
			pe--;
		if (qe - q > 1 && qe[-1] == '/')
			qe--;
	}
	for (;;) {
		p++;
		q++;
		plen = seg_len(p, pe);
		qlen = seg_len(q, qe);
		if (plen > 2 && p[0] == '{' && p[plen - 1] == '}') {
			if (qlen == 0 || ncaps++ == ROUTE_MAXCAPS)
				return -1;
			if (caps != NULL) {
				caps->c[caps->n].name = p + 1;
				caps->c[caps->n].nlen = plen - 2;
				caps->c[caps->n].value = q;
				caps->c[caps->n].vlen = qlen;
				caps->n++;
			}
		} else {
			if (plen != qlen || memcmp(p, q, plen) != 0)
				return -1;
			literal++;
		}
		p += plen;
		q += qlen;
		if (p == pe || q == qe)
			return p == pe && q == qe ? literal : -1;
	}
}

/* How well route r matches path: its literal segments (a prefix route
 * counts 0), or -1. */
static int
route_score(const struct route *r, const char *path, struct route_caps *caps)
{
	if (r->prefix) {
		if (caps != NULL)
			caps->n = 0;
		return strncmp(path, r->path, strlen(r->path)) == 0 ? 0 : -1;
	}
	return route_match(r->path, path, (r->flags & RF_SLASH) != 0, caps);
}

const struct route *
route_lookup(const struct router *rt, unsigned method, const char *path,
             unsigned *allow, struct route_caps *caps)
{
	const struct route *best = NULL;
	struct route_caps tmp;
	int score, top = -1;
	unsigned want = method == M_HEAD ? M_GET : method;
	size_t i;

	*allow = 0;
	for (i = 0; i < rt->nroutes; i++) {
		const struct route *r = &rt->routes[i];

		if ((score = route_score(r, path, &tmp)) < 0 || score < top)
			continue;
		if (score > top) {
			top = score;
			*allow = 0;
			best = NULL;
		}
		*allow |= r->methods;
		if (best == NULL && want != 0 && (r->methods & want)) {
			best = r;
			if (caps != NULL)
				*caps = tmp;
		}
	}
	return best;
}

const struct route *
route_find(const struct router *rt, const char *path)
{
	const struct route *best = NULL;
	int score, top = -1;
	size_t i;

	for (i = 0; i < rt->nroutes; i++) {
		score = route_score(&rt->routes[i], path, NULL);
		if (score > top) {
			top = score;
			best = &rt->routes[i];
		}
	}
	return best;
}

void
route_count_params(struct route *rt, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		for (rt[i].nparams = 0; rt[i].params[rt[i].nparams].name;
		     rt[i].nparams++)
			;
}

void
route_allow_text(unsigned methods, char *out, size_t len)
{
	static const struct {
		unsigned bit;
		const char *name;
	} names[] = {
	        {M_GET, "GET"}, {M_HEAD, "HEAD"},     {M_POST, "POST"},
	        {M_PUT, "PUT"}, {M_DELETE, "DELETE"}, {M_OPTIONS, "OPTIONS"},
	};
	size_t i, o = 0;
	int w;

	if (len == 0)
		return;
	out[0] = '\0';
	if (methods & M_GET)
		methods |= M_HEAD;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!(methods & names[i].bit))
			continue;
		w = snprintf(out + o, len - o, "%s%s", o > 0 ? ", " : "",
		             names[i].name);
		if (w < 0 || (size_t)w >= len - o)
			return;
		o += (size_t)w;
	}
}

static unsigned
method_bit(const char *m)
{
	static const struct {
		const char *name;
		unsigned bit;
	} names[] = {
	        {"GET", M_GET}, {"POST", M_POST},     {"HEAD", M_HEAD},
	        {"PUT", M_PUT}, {"DELETE", M_DELETE}, {"OPTIONS", M_OPTIONS},
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(m, names[i].name) == 0)
			return names[i].bit;
	return 0;
}

static const struct pspec *
spec_for(const struct route *rt, const char *name)
{
	size_t i;

	for (i = 0; i < rt->nparams; i++) {
		const struct pspec *s = &rt->params[i];

		if (strcmp(s->name, name) == 0 ||
		    (s->alias != NULL && strcmp(s->alias, name) == 0))
			return s;
	}
	return NULL;
}

/* Largest file accepted for a field of the current route. */
static uint64_t
route_file_max(void *ctx, const char *name)
{
	const struct pspec *s = spec_for(ctx, name);

	if (s == NULL || s->type != PT_FILE || s->fmax == NULL)
		return 0;
	return *s->fmax;
}

static int
name_is(const struct pspec *s, const char *name)
{
	return strcmp(s->name, name) == 0 ||
	       (s->alias != NULL && strcmp(s->alias, name) == 0);
}

static void
fmt_size(uint64_t n, char *out, size_t len)
{
	int w;

	if (n >= 1024 * 1024 && n % (1024 * 1024) == 0)
		w = snprintf(out, len, "%llu MiB",
		             (unsigned long long)(n / (1024 * 1024)));
	else if (n >= 1024 && n % 1024 == 0)
		w = snprintf(out, len, "%llu KiB",
		             (unsigned long long)(n / 1024));
	else
		w = snprintf(out, len, "%llu bytes", (unsigned long long)n);
	if (w < 0 || (size_t)w >= len)
		out[0] = '\0';
}

/* Check one scalar value against its spec into v. */
static enum status
check_scalar(const struct pspec *s, const struct field *f, struct req *r,
             struct pval *v, struct resp *res)
{
	char err[200];
	int rc = 0, idx = 0;
	long ymd = 0;
	char id[19];

	err[0] = '\0';
	if (f->value == NULL)
		return resp_fail(res, ST_PARAM,
		                 "%s: must be a value, not a file", s->name);
	if (strlen(f->value) != f->len)
		return resp_fail(res, ST_PARAM,
		                 "%s: must not contain NUL bytes", s->name);
	if (f->vtype == RV_JSON_BOOL && s->type != PT_BOOL)
		return resp_fail(
		        res, ST_PARAM, "%s: must be %s, not a boolean", s->name,
		        s->type == PT_INT || s->type == PT_NUM ? "a number"
		                                               : "a string");
	v->s = f->value;
	v->n = f->len;
	switch (s->type) {
	case PT_INT:
		rc = valid_int(f->value, f->len, s->min, s->max, &v->i, err,
		               sizeof(err));
		break;
	case PT_NUM:
		rc = valid_num(f->value, f->len, s->dmin, s->dmax, &v->d, err,
		               sizeof(err));
		break;
	case PT_TEXT:
		rc = valid_text(f->value, f->len, s->min, s->max, err,
		                sizeof(err));
		break;
	case PT_CHOICE:
		rc = valid_choice(f->value, f->len, s->choices, &idx, err,
		                  sizeof(err));
		v->i = idx;
		break;
	case PT_DATE:
		rc = valid_date(f->value, f->len,
		                (s->flags & PF_PAST) ? time(NULL) : 0, &ymd,
		                err, sizeof(err));
		v->i = ymd;
		break;
	case PT_IDCARD:
		rc = valid_idcard(f->value, f->len, id, err, sizeof(err));
		if (rc == 0)
			v->s = arena_strdup(r->a, id);
		break;
	case PT_MOBILE:
		rc = valid_mobile(f->value, f->len, err, sizeof(err));
		break;
	case PT_DIGITS:
		rc = valid_digits(f->value, f->len, (size_t)s->min,
		                  (size_t)s->max, err, sizeof(err));
		break;
	case PT_BOOL:
		rc = valid_bool(f->value, f->len, &idx, err, sizeof(err));
		v->i = idx;
		break;
	case PT_URL:
		rc = valid_url(f->value, f->len, (size_t)s->min, (size_t)s->max,
		               err, sizeof(err));
		break;
	case PT_FILE:
		return ST_INTERNAL;
	}
	if (rc == 0 && s->check != NULL)
		rc = s->check(v->s, v->n, err, sizeof(err));
	if (rc != 0)
		return resp_fail(res, ST_PARAM, "%s: %s", s->name, err);
	v->set = 1;
	return ST_OK;
}

static enum status
check_scalars(const struct pspec *s, struct req *r, struct pval *v,
              struct resp *res)
{
	const struct field *found = NULL;
	size_t j, count = 0;

	for (j = 0; j < r->nfields; j++) {
		if (!name_is(s, r->fields[j].name) ||
		    ((s->flags & PF_PATH) != 0) !=
		            (r->fields[j].from == FROM_PATH))
			continue;
		if (++count > 1)
			return resp_fail(res, ST_PARAM,
			                 "%s: given more than once", s->name);
		found = &r->fields[j];
	}
	if (found != NULL && (s->flags & PF_EMPTY) && found->value != NULL &&
	    found->len == 0)
		found = NULL;
	if (found == NULL) {
		if (s->flags & PF_REQUIRED)
			return resp_fail(res, ST_PARAM, "%s: required",
			                 s->name);
		return ST_OK;
	}
	return check_scalar(s, found, r, v, res);
}

/* Check the file parts of s into v; sniff 0 checks their count and sizes
 * only, not their types (no libmagic for a request already refused). */
static enum status
check_files(const struct pspec *s, struct req *r, struct pval *v, int sniff,
            struct resp *res)
{
	char what[200], size[32];
	size_t j, count = 0;

	for (j = 0; j < r->nfields; j++) {
		if (!name_is(s, r->fields[j].name) ||
		    r->fields[j].from == FROM_PATH)
			continue;
		if (r->fields[j].file == NULL)
			return resp_fail(
			        res, ST_PARAM,
			        "%s: must be a file (multipart/form-data)",
			        s->name);
		count++;
	}
	if (count == 0) {
		if (s->flags & PF_REQUIRED)
			return resp_fail(res, ST_PARAM, "%s: required",
			                 s->name);
		return ST_OK;
	}
	if (count > 1 && !(s->flags & PF_MULTI))
		return resp_fail(res, ST_PARAM, "%s: given more than once",
		                 s->name);
	if ((s->flags & PF_MULTI) && s->max > 0 && count > (size_t)s->max)
		return resp_fail(res, ST_UPLOAD, "%s: at most %lld files",
		                 s->name, s->max);
	v->files = arena_alloc(r->a, count * sizeof(*v->files));
	for (j = 0; j < r->nfields; j++) {
		struct upfile *f = r->fields[j].file;

		if (!name_is(s, r->fields[j].name) ||
		    r->fields[j].from == FROM_PATH)
			continue;
		if (f->too_big || (s->fmax != NULL && f->size > *s->fmax)) {
			fmt_size(s->fmax ? *s->fmax : 0, size, sizeof(size));
			return resp_fail(res, ST_UPLOAD, "%s: larger than %s",
			                 s->name, size);
		}
		if (f->size == 0 || f->path == NULL)
			return resp_fail(res, ST_UPLOAD, "%s: empty file",
			                 s->name);
		if (!sniff)
			continue;
		f->type = upload_detect(f->path);
		if (!(f->type & (int)s->ftypes)) {
			upload_describe(s->ftypes, what, sizeof(what));
			return resp_fail(res, ST_UPLOAD, "%s: %s only", s->name,
			                 what);
		}
		v->files[v->nfiles++] = f;
	}
	v->set = sniff;
	return ST_OK;
}

/* Append the failure just written to res->msg to the list in all. */
static void
note_failure(struct buf *all, enum status st, enum status *first,
             const struct resp *res)
{
	if (*first == ST_OK)
		*first = st;
	buf_addf(all, "%s%s", all->len > 0 ? "; " : "", res->msg);
}

enum status
route_validate(const struct pspec *spec, size_t n, struct req *r,
               struct resp *res)
{
	struct buf all = {0};
	enum status st, first = ST_OK;
	size_t i, cut;

	if (n > REQ_MAXP)
		return ST_INTERNAL;
	/* Every parameter is checked and every failure named, values first:
	 * they are cheap.  Files need libmagic for their types, which is
	 * spent only when every value passed. */
	for (i = 0; i < n; i++)
		if (spec[i].type != PT_FILE &&
		    (st = check_scalars(&spec[i], r, &r->p[i], res)) != ST_OK)
			note_failure(&all, st, &first, res);
	for (i = 0; i < n; i++)
		if (spec[i].type == PT_FILE &&
		    (st = check_files(&spec[i], r, &r->p[i], first == ST_OK,
		                      res)) != ST_OK)
			note_failure(&all, st, &first, res);
	if (first == ST_INTERNAL)
		res->msg[0] = '\0';
	else if (first != ST_OK && all.len < sizeof(res->msg))
		memcpy(res->msg, all.p, all.len + 1);
	else if (first != ST_OK) {
		/* Whole failures only, then a mark that more followed. */
		cut = sizeof(res->msg) - sizeof("; ...");
		while (cut > 0 && memcmp(all.p + cut, "; ", 2) != 0)
			cut--;
		snprintf(res->msg, sizeof(res->msg), "%.*s; ...", (int)cut,
		         all.p);
	}
	buf_free(&all);
	return first;
}

/* A form's body fields as the object of strings schema (an object)
 * declares: an array member gathers every field of its name (or
 * "name[]", the empty value none), another member is one field. */
static int
form_tree(const struct js *schema, struct req *r, struct jv **out, char *err,
          size_t errlen)
{
	struct jv *o, *v;
	size_t i, m, k, cnt, nlen;
	const char *fn;
	char alt[80];

	*out = NULL;
	o = arena_alloc(r->a, sizeof(*o));
	memset(o, 0, sizeof(*o));
	o->type = JV_OBJECT;
	o->k = arena_alloc(r->a, schema->nmembers * sizeof(*o->k) + 1);
	o->v = arena_alloc(r->a, schema->nmembers * sizeof(*o->v) + 1);
	for (m = 0; m < schema->nmembers; m++) {
		const struct js *js = &schema->members[m];
		int arr = js->kind == JS_ARRAY;

		snprintf(alt, sizeof(alt), "%s[]", js->name);
		for (cnt = 0, i = 0; i < r->nfields; i++) {
			fn = r->fields[i].name;
			if (r->fields[i].from == FROM_BODY &&
			    r->fields[i].value != NULL &&
			    (strcmp(fn, js->name) == 0 ||
			     (arr && strcmp(fn, alt) == 0)))
				cnt++;
		}
		if (cnt == 0 && !arr)
			continue;
		if (cnt > 1 && !arr) {
			snprintf(err, errlen, "%s: given more than once",
			         js->name);
			return -1;
		}
		v = &o->v[o->n];
		memset(v, 0, sizeof(*v));
		nlen = strlen(js->name);
		o->k[o->n].s = js->name;
		o->k[o->n].n = nlen;
		if (arr) {
			v->type = JV_ARRAY;
			v->v = arena_alloc(r->a, cnt * sizeof(*v->v) + 1);
		}
		for (k = 0, i = 0; i < r->nfields; i++) {
			const struct field *f = &r->fields[i];
			struct jv *item = arr ? &v->v[k] : v;

			if (f->from != FROM_BODY || f->value == NULL ||
			    !(strcmp(f->name, js->name) == 0 ||
			      (arr && strcmp(f->name, alt) == 0)))
				continue;
			if (arr && f->len == 0)
				continue; /* "facility=": an empty list */
			memset(item, 0, sizeof(*item));
			item->type = JV_STRING;
			item->s = f->value;
			item->n = f->len;
			if (memchr(f->value, '\0', f->len) != NULL ||
			    !valid_utf8(f->value, f->len)) {
				snprintf(err, errlen, "%s: not UTF-8 text",
				         js->name);
				return -1;
			}
			k++;
		}
		if (arr)
			v->n = k;
		o->n++;
	}
	*out = o;
	return 0;
}

/* The body as a tree valid against route->body into r->json. */
static enum status
body_tree(const struct router *rt, const struct route *route, struct req *r,
          struct resp *res)
{
	char err[sizeof(res->msg)];
	struct jv *v = NULL;
	size_t i;
	int rc;

	err[0] = '\0';
	if (r->json_text != NULL) {
		rc = jv_parse(r->a, r->json_text, r->json_len, 16, &v, err,
		              sizeof(err));
		/* A member given twice is named like any bad parameter. */
		if (rc != JV_OK)
			return resp_fail(res,
			                 rc == JV_ERR_DUPLICATE ? ST_PARAM
			                                        : ST_BODY,
			                 "%s", err);
		if (route->body->kind == JS_OBJECT && v->type != JV_OBJECT)
			return resp_fail(res, ST_BODY,
			                 "body: must be a JSON object");
		if (rt->trim)
			jv_trim_strings(v);
	} else if (route->body->kind == JS_OBJECT) {
		if (form_tree(route->body, r, &v, err, sizeof(err)) != 0)
			return resp_fail(res, ST_PARAM, "%s", err);
		if (rt->trim)
			jv_trim_strings(v);
	} else {
		return resp_fail(res, ST_PARAM, "body: a JSON body is needed");
	}
	if (js_check(route->body, v, err, sizeof(err)) != 0)
		return resp_fail(res, ST_PARAM, "%s", err);
	/* Files have no place in such a body. */
	for (i = 0; i < r->nfields; i++)
		if (r->fields[i].file != NULL)
			return resp_fail(res, ST_PARAM,
			                 "%s: no file expected here",
			                 r->fields[i].name);
	r->json = v;
	return ST_OK;
}

/* Read and forget whatever is left of the body. */
static void
drain(req_read_fn rd, void *ctx)
{
	char tmp[16384];

	while (rd(ctx, tmp, sizeof(tmp)) > 0)
		;
}

static enum status
dispatch(const struct router *rt, struct req *r, struct resp *res,
         req_read_fn rd, void *rdctx)
{
	const struct route *route;
	struct route_caps caps;
	struct req_limits lim;
	uint64_t body_max;
	unsigned m, allow;
	enum status st;
	enum req_err re;
	size_t i;

	m = method_bit(r->method);
	route = route_lookup(rt, m, r->path, &allow, &caps);
	if (rt->preflight != NULL && allow != 0) {
		allow |= M_OPTIONS;
		if (m == M_OPTIONS) {
			r->route = route_find(rt, r->path);
			drain(rd, rdctx);
			return rt->preflight(r, res);
		}
	}
	if (route == NULL && allow == 0) {
		res->http = 404;
		drain(rd, rdctx);
		return resp_fail(res, ST_NOT_FOUND, "no such route");
	}
	if (route == NULL) {
		r->route = route_find(rt, r->path); /* for the log */
		res->http = 405;
		route_allow_text(allow, res->allow, sizeof(res->allow));
		drain(rd, rdctx);
		return resp_fail(res, ST_METHOD, "method not allowed; use %s",
		                 res->allow);
	}
	r->route = route;
	body_max = route->body_max ? route->body_max : rt->body_max;
	if (r->clen > body_max) {
		res->http = 413;
		drain(rd, rdctx);
		return resp_fail(res, ST_UPLOAD, "request body too large");
	}
	if (rt->guard != NULL && (st = rt->guard(r, res)) != ST_OK) {
		drain(rd, rdctx);
		return st;
	}
	if (route->auth != AUTH_NONE) {
		st = rt->authenticate(r, res);
		if (st == ST_INTERNAL || st == ST_DB) {
			drain(rd, rdctx);
			return st;
		}
		if (st != ST_OK && route->auth != AUTH_OPTIONAL) {
			drain(rd, rdctx);
			res->msg[0] = '\0';
			return res->st = ST_AUTH;
		}
		if (route->auth == AUTH_ADMIN && !r->admin) {
			drain(rd, rdctx);
			return resp_fail(res, ST_FORBIDDEN,
			                 "administrators only");
		}
		res->msg[0] = '\0';
	}
	lim = rt->limits;
	lim.file_max = route_file_max;
	lim.ctx = (void *)route;
	lim.json_raw = route->body != NULL;
	for (i = 0; i < caps.n; i++)
		if (req_add_field(r, &lim, caps.c[i].name, caps.c[i].nlen,
		                  caps.c[i].value, caps.c[i].vlen,
		                  FROM_PATH) != REQ_OK) {
			drain(rd, rdctx);
			return resp_fail(res, ST_PARAM, "path: too long");
		}
	re = req_parse_urlencoded(r, &lim, r->query, strlen(r->query),
	                          FROM_QUERY);
	if (re != REQ_OK) {
		drain(rd, rdctx);
		return resp_fail(res, ST_PARAM, "query string: %s",
		                 re == REQ_TOO_MANY
		                         ? "too many fields or a field too long"
		                         : "malformed");
	}
	re = req_read_body(r, &lim, rd, rdctx);
	switch (re) {
	case REQ_OK:
		break;
	case REQ_MALFORMED:
		return resp_fail(res, ST_PARAM,
		                 "body: malformed or unsupported Content-Type");
	case REQ_MEDIA:
		return resp_fail(res, ST_MEDIA,
		                 "body: malformed or unsupported Content-Type");
	case REQ_TOO_MANY:
		return resp_fail(res, ST_PARAM,
		                 "body: too many fields or a field too long");
	case REQ_IO:
		log_err("reading the body failed");
		return ST_INTERNAL;
	}
	if (rt->path_404)
		for (i = 0; i < route->nparams; i++)
			if ((route->params[i].flags & PF_PATH) &&
			    check_scalars(&route->params[i], r, &r->p[i],
			                  res) != ST_OK) {
				res->http = 404;
				return resp_fail(res, ST_NOT_FOUND,
				                 "no such object");
			}
	st = route_validate(route->params, route->nparams, r, res);
	if (st == ST_OK && route->body != NULL)
		st = body_tree(rt, route, r, res);
	if ((st == ST_PARAM || st == ST_BODY || st == ST_MEDIA) &&
	    route->bad_http != 0)
		res->http = route->bad_http;
	if (st != ST_OK)
		return st;
	res->msg[0] = '\0';
	return route->handler(r, res);
}

void
route_dispatch(const struct router *rt, struct req *r, struct resp *res,
               req_read_fn rd, void *rdctx)
{
	enum status st = dispatch(rt, r, res, rd, rdctx);

	res->st = st;
	if (st == ST_INTERNAL || st == ST_DB) {
		/* Whatever the handler built is not for the client. */
		cJSON_Delete(res->ans);
		res->ans = NULL;
		res->msg[0] = '\0';
	}
}
