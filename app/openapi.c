/* The OpenAPI 3.1 description (openapi.h): one walk over every surface's
 * router.  What a table holds becomes the document: paths and methods,
 * parameters with their ranges (pspec), bodies (jschema), authentication
 * levels, body limits and the code tables.  What no table holds, each
 * surface's login transport and envelope, is the one hand-written part
 * below (docs[]), and is checked by tests/e2e/test_openapi.py. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "dispatch.h"
#include "openapi.h"
#include "upload.h"

#ifndef ZF_VERSION
#define ZF_VERSION "0"
#endif

/* What a surface's tables do not say.  The JSON texts are parsed when the
 * document is made (a typo aborts the worker at its first request for it,
 * and the e2e test catches that). */
struct surface_doc {
	const char *name; /* struct surface's */
	const char *description;
	const char *schemes;  /* members of components.securitySchemes */
	const char *login;    /* the security requirement of a login */
	const char *unsafe;   /* added to every requirement of POST, PUT and
	                       * DELETE (iHome's CSRF header), or NULL */
	const char *envelope; /* schema of every answer */
	const char *error;    /* schema of a refusal; NULL: the envelope */
	const char *success;  /* response key of success: "200", "2XX" */
	int forms;            /* a body schema is also read from form fields */
	int guarded; /* the router's guard authenticates every route that is
	              * not RF_PUBLIC and a privilege table decides (the
	              * directory): login optional in the description */
};

static const struct surface_doc docs[] = {
        {.name = "admin",
         .description = "administrators (README, Review by administrators): "
                        "paths under /admin/api/, admitted by nginx only "
                        "from admin_allow; the token of POST /api/login/ in "
                        "header `token`, of an administrator (401 without, "
                        "403 for anyone else); form bodies; HTTP statuses.",
         .schemes = "{\"admin_token\":{\"type\":\"apiKey\",\"in\":"
                    "\"header\",\"name\":\"token\",\"description\":"
                    "\"an administrator's token of POST /api/login/\"}}",
         .login = "{\"admin_token\":[]}",
         .envelope = "{\"type\":\"object\",\"required\":[\"ok\"],"
                     "\"properties\":{\"ok\":{\"type\":\"boolean\"},"
                     "\"error\":{\"type\":\"string\"},\"data\":{"
                     "\"description\":\"the answer\"}}}",
         .success = "200"},
        {.name = "qsz",
         .description = "QSZ (qsz.md): every path at the root, GET or POST, "
                        "parameters in the query string or as form fields "
                        "(urlencoded or multipart); every answer is HTTP 200 "
                        "with the envelope, `status` 0 on success.",
         .schemes = "{\"qsz_token\":{\"type\":\"apiKey\",\"in\":\"header\","
                    "\"name\":\"token\",\"description\":\"the token of "
                    "/wx_fetch_userinfo (any login's token)\"}}",
         .login = "{\"qsz_token\":[]}",
         .envelope = "{\"type\":\"object\",\"required\":[\"status\",\"msg\","
                     "\"ans\"],\"properties\":{\"status\":{\"type\":"
                     "\"integer\",\"description\":\"0: success; else the "
                     "code table\"},\"msg\":{\"type\":\"string\"},\"ans\":{"
                     "\"description\":\"the answer; {} when none\"}}}",
         .success = "200"},
        {.name = "ihome",
         .description = "iHome (ihome.md): paths under /api/v1.0/, JSON "
                        "bodies; the session in cookie `session`; every "
                        "POST, PUT and DELETE needs header X-CSRFToken equal "
                        "to cookie `csrf_token` (set on every answer); HTTP "
                        "200 with the envelope, `errno` \"0\" on success.",
         .schemes = "{\"ihome_session\":{\"type\":\"apiKey\",\"in\":"
                    "\"cookie\",\"name\":\"session\",\"description\":\"set "
                    "by POST /api/v1.0/session\"},\"ihome_csrf\":{\"type\":"
                    "\"apiKey\",\"in\":\"header\",\"name\":\"X-CSRFToken\","
                    "\"description\":\"the value of cookie csrf_token "
                    "(double submit)\"}}",
         .login = "{\"ihome_session\":[]}",
         .unsafe = "{\"ihome_csrf\":[]}",
         .envelope = "{\"type\":\"object\",\"required\":[\"errno\","
                     "\"errmsg\"],\"properties\":{\"errno\":{\"type\":"
                     "\"string\",\"description\":\"\\\"0\\\": success; else "
                     "the code table\"},\"errmsg\":{\"type\":\"string\"},"
                     "\"data\":{\"description\":\"the answer, when there "
                     "is one\"}}}",
         .success = "200"},
        {.name = "rental",
         .description = "rental (rental.md): POST only, JSON bodies; the "
                        "token in header Authorization (raw or `Bearer "
                        "<token>`); OPTIONS answers a CORS preflight on "
                        "every path; building routes and /contr/init need "
                        "a certified landlord; the HTTP status is "
                        "`meta.status`.",
         .schemes = "{\"rental_token\":{\"type\":\"apiKey\",\"in\":"
                    "\"header\",\"name\":\"Authorization\",\"description\":"
                    "\"the token of /login/auth, raw or as `Bearer "
                    "<token>`\"}}",
         .login = "{\"rental_token\":[]}",
         .envelope = "{\"type\":\"object\",\"required\":[\"data\","
                     "\"meta\"],\"properties\":{\"data\":{\"description\":"
                     "\"the answer, or null\"},\"meta\":{\"type\":"
                     "\"object\",\"required\":[\"status\",\"msg\"],"
                     "\"properties\":{\"status\":{\"type\":\"integer\","
                     "\"description\":\"the HTTP status\"},\"msg\":{"
                     "\"type\":\"string\"}}},\"count\":{\"type\":"
                     "\"integer\",\"description\":\"lists: how many in "
                     "all\"}}}",
         .success = "200"},
        {.name = "directory",
         .description = "the directory (directory.md): REST resources under "
                        "/api/, JSON or form bodies, DRF pages "
                        "{count,next,previous,results}; the token in header "
                        "`token`; every route but login, logout and SMS "
                        "codes is allowed or refused by the privilege table "
                        "(method and path prefix per role); HTTP "
                        "200/201/204 on success, 400/401/403/404 refusals.",
         .schemes = "{\"dir_token\":{\"type\":\"apiKey\",\"in\":\"header\","
                    "\"name\":\"token\",\"description\":\"the token of POST "
                    "/api/login/ (any login's token)\"}}",
         .login = "{\"dir_token\":[]}",
         .envelope = "{\"description\":\"the resource, a DRF page "
                     "{count,next,previous,results}, or nothing (204)\"}",
         .error = "{\"type\":\"object\",\"description\":\"{\\\"detail\\\": "
                  "...}, or for invalid input each bad field with its "
                  "messages\",\"properties\":{\"detail\":{\"type\":"
                  "\"string\"}},\"additionalProperties\":{\"type\":"
                  "\"array\",\"items\":{\"type\":\"string\"}}}",
         .success = "2XX",
         .forms = 1,
         .guarded = 1},
};

/* A surface no entry above knows (a new one): described from its tables,
 * without a login transport. */
static const struct surface_doc doc_unknown = {
        .description = "(no description of this surface's login and "
                       "envelope yet)",
        .envelope = "{}",
        .success = "200"};

static const struct surface_doc *
doc_of(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(docs) / sizeof(docs[0]); i++)
		if (strcmp(docs[i].name, name) == 0)
			return &docs[i];
	return &doc_unknown;
}

static cJSON *
parse(const char *json)
{
	cJSON *v = cJSON_Parse(json);

	if (v == NULL)
		abort(); /* a typo in docs[]: a bug, not a request's fault */
	return v;
}

/* An integer exactly as written: cJSON numbers are doubles, and 2^63 - 1
 * is not one. */
static void
add_int(cJSON *o, const char *key, long long v)
{
	char t[32];

	snprintf(t, sizeof(t), "%lld", v);
	cJSON_AddRawToObject(o, key, t);
}

/* A scaled integer (jschema's JS_DEC) as a decimal: 1250, 2 -> 12.50. */
static void
add_dec(cJSON *o, const char *key, long long v, int scale)
{
	unsigned long long mag, p = 1;
	char t[48];
	int i;

	mag = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
	for (i = 0; i < scale; i++)
		p *= 10;
	if (scale == 0)
		snprintf(t, sizeof(t), "%s%llu", v < 0 ? "-" : "", mag);
	else
		snprintf(t, sizeof(t), "%s%llu.%0*llu", v < 0 ? "-" : "",
		         mag / p, scale, mag % p);
	cJSON_AddRawToObject(o, key, t);
}

static cJSON *
strings(const char *const *list)
{
	cJSON *a = cJSON_CreateArray();

	while (list != NULL && *list != NULL)
		cJSON_AddItemToArray(a, cJSON_CreateString(*list++));
	return a;
}

/* Member key of o: the text a, b, c joined. */
static void
add_text(cJSON *o, const char *key, const char *a, const char *b, const char *c)
{
	char t[512];

	snprintf(t, sizeof(t), "%s%s%s", a, b, c);
	cJSON_AddStringToObject(o, key, t);
}

/* The MIME types of an FT_* mask, ", "-separated. */
static void
mime_list(unsigned mask, char *out, size_t len)
{
	size_t n = 0;
	unsigned bit;

	out[0] = '\0';
	for (bit = 1; bit != 0 && bit <= mask; bit <<= 1)
		if ((mask & bit) && n < len) {
			n += (size_t)snprintf(out + n, len - n, "%s%s",
			                      n ? ", " : "",
			                      upload_mime((int)bit));
		}
}

/* ---- parameters (route.h) ---- */

/* The schema of one declared parameter as it travels: text in a query
 * string or a form field, or a file part. */
static cJSON *
pspec_schema(const struct pspec *s)
{
	cJSON *o = cJSON_CreateObject(), *f;
	char what[200];

	switch (s->type) {
	case PT_INT:
		cJSON_AddStringToObject(o, "type", "integer");
		add_int(o, "minimum", s->min);
		add_int(o, "maximum", s->max);
		break;
	case PT_NUM:
		cJSON_AddStringToObject(o, "type", "number");
		cJSON_AddNumberToObject(o, "minimum", s->dmin);
		cJSON_AddNumberToObject(o, "maximum", s->dmax);
		break;
	case PT_TEXT:
	case PT_URL:
		cJSON_AddStringToObject(o, "type", "string");
		if (s->type == PT_URL)
			cJSON_AddStringToObject(o, "format", "uri");
		if (s->min > 0)
			add_int(o, "minLength", s->min);
		add_int(o, "maxLength", s->max);
		break;
	case PT_CHOICE:
		cJSON_AddStringToObject(o, "type", "string");
		cJSON_AddItemToObject(o, "enum", strings(s->choices));
		break;
	case PT_DATE:
		cJSON_AddStringToObject(o, "type", "string");
		cJSON_AddStringToObject(o, "format", "date");
		if (s->flags & PF_PAST)
			cJSON_AddStringToObject(o, "description",
			                        "not after today");
		break;
	case PT_IDCARD:
		cJSON_AddStringToObject(o, "type", "string");
		cJSON_AddStringToObject(o, "pattern", "^[0-9]{17}[0-9Xx]$");
		cJSON_AddStringToObject(o, "description",
		                        "an 18-character resident ID number "
		                        "(GB 11643 check digit)");
		break;
	case PT_MOBILE:
		cJSON_AddStringToObject(o, "type", "string");
		cJSON_AddStringToObject(o, "pattern", "^1[3-9][0-9]{9}$");
		break;
	case PT_DIGITS:
		cJSON_AddStringToObject(o, "type", "string");
		cJSON_AddStringToObject(o, "pattern", "^[0-9]*$");
		add_int(o, "minLength", s->min);
		add_int(o, "maxLength", s->max);
		break;
	case PT_BOOL:
		cJSON_AddStringToObject(o, "type", "string");
		cJSON_AddItemToObject(
		        o, "enum",
		        strings((const char *const[]){"0", "1", "true", "false",
		                                      NULL}));
		break;
	case PT_FILE:
		cJSON_AddStringToObject(o, "type", "string");
		cJSON_AddStringToObject(o, "format", "binary");
		upload_describe(s->ftypes, what, sizeof(what));
		if (s->fmax != NULL) {
			char d[300];

			snprintf(d, sizeof(d), "%s, at most %llu bytes", what,
			         (unsigned long long)*s->fmax);
			cJSON_AddStringToObject(o, "description", d);
		} else {
			cJSON_AddStringToObject(o, "description", what);
		}
		if (!(s->flags & PF_MULTI))
			break;
		f = o;
		o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "type", "array");
		cJSON_AddItemToObject(o, "items", f);
		if (s->max > 0)
			add_int(o, "maxItems", s->max);
		break;
	}
	if (s->alias != NULL)
		add_text(o, "x-zufang-alias", s->alias, "", "");
	if (s->flags & PF_EMPTY)
		cJSON_AddTrueToObject(o, "x-zufang-empty-is-absent");
	return o;
}

/* ---- body schemas (jschema.h) ---- */

/* null accepted as well: "null" joins the type (and the enum). */
static void
nullable(cJSON *o)
{
	cJSON *t = cJSON_GetObjectItemCaseSensitive(o, "type");
	cJSON *e = cJSON_GetObjectItemCaseSensitive(o, "enum");

	if (cJSON_IsString(t)) {
		cJSON *a = cJSON_CreateArray();

		cJSON_AddItemToArray(a, cJSON_CreateString(t->valuestring));
		cJSON_AddItemToArray(a, cJSON_CreateString("null"));
		cJSON_ReplaceItemInObjectCaseSensitive(o, "type", a);
	} else if (cJSON_IsArray(t)) {
		cJSON_AddItemToArray(t, cJSON_CreateString("null"));
	}
	if (cJSON_IsArray(e))
		cJSON_AddItemToArray(e, cJSON_CreateNull());
}

static cJSON *
types2(const char *a, const char *b)
{
	cJSON *t = cJSON_CreateArray();

	cJSON_AddItemToArray(t, cJSON_CreateString(a));
	cJSON_AddItemToArray(t, cJSON_CreateString(b));
	return t;
}

/* The JSON Schema 2020-12 of one node; recursive, as deep as the static
 * table (a handful of levels). */
static cJSON *
js_schema(const struct js *s)
{
	cJSON *o = cJSON_CreateObject(), *req, *props;
	char pat[64];
	size_t i;

	switch (s->kind) {
	case JS_INT:
		if (s->flags & JS_DIGITSTR) {
			cJSON_AddItemToObject(o, "type",
			                      types2("integer", "string"));
			cJSON_AddStringToObject(o, "pattern", "^-?[0-9]+$");
		} else {
			cJSON_AddStringToObject(o, "type", "integer");
		}
		add_int(o, "minimum", s->min);
		add_int(o, "maximum", s->max);
		break;
	case JS_DEC:
		/* Read from its text as a scaled integer: a number or a
		 * numeric string, never an exponent. */
		cJSON_AddItemToObject(o, "type", types2("number", "string"));
		add_dec(o, "minimum", s->min, s->scale);
		add_dec(o, "maximum", s->max, s->scale);
		if (s->scale > 0)
			snprintf(pat, sizeof(pat),
			         "^-?[0-9]+(\\.[0-9]{1,%d})?$", s->scale);
		else
			snprintf(pat, sizeof(pat), "^-?[0-9]+$");
		cJSON_AddStringToObject(o, "pattern", pat);
		break;
	case JS_TEXT:
		cJSON_AddStringToObject(o, "type", "string");
		if (s->min > 0)
			add_int(o, "minLength", s->min);
		add_int(o, "maxLength", s->max);
		break;
	case JS_CHOICE:
		cJSON_AddStringToObject(o, "type", "string");
		cJSON_AddItemToObject(o, "enum", strings(s->choices));
		break;
	case JS_BOOL:
		if (s->flags & JS_LOOSE)
			cJSON_AddItemToObject(o, "enum",
			                      parse("[true,false,0,1,\"true\","
			                            "\"false\",\"1\","
			                            "\"0\"]"));
		else
			cJSON_AddStringToObject(o, "type", "boolean");
		break;
	case JS_ARRAY:
		cJSON_AddStringToObject(o, "type", "array");
		if (s->items != NULL)
			cJSON_AddItemToObject(o, "items", js_schema(s->items));
		if (s->min > 0)
			add_int(o, "minItems", s->min);
		add_int(o, "maxItems", s->max);
		if (s->flags & JS_UNIQUE)
			cJSON_AddTrueToObject(o, "uniqueItems");
		break;
	case JS_OBJECT:
		cJSON_AddStringToObject(o, "type", "object");
		props = cJSON_AddObjectToObject(o, "properties");
		req = cJSON_CreateArray();
		for (i = 0; i < s->nmembers; i++) {
			const struct js *m = &s->members[i];

			cJSON_AddItemToObject(props, m->name, js_schema(m));
			if (m->flags & JS_REQUIRED)
				cJSON_AddItemToArray(
				        req, cJSON_CreateString(m->name));
		}
		if (cJSON_GetArraySize(req) > 0)
			cJSON_AddItemToObject(o, "required", req);
		else
			cJSON_Delete(req);
		if (s->flags & JS_STRICT)
			cJSON_AddFalseToObject(o, "additionalProperties");
		break;
	}
	if (s->flags & JS_NULLABLE)
		nullable(o);
	return o;
}

/* ---- operations ---- */

static const struct {
	unsigned bit;
	const char *name; /* OpenAPI's key */
} methods[] = {
        {M_GET, "get"},       {M_POST, "post"},       {M_PUT, "put"},
        {M_DELETE, "delete"}, {M_OPTIONS, "options"},
};

/* "/api/v1.0/houses/{id}" -> "api_v1_0_houses_id" into out. */
static void
slug(const char *path, char *out, size_t len)
{
	size_t n = 0;
	int gap = 0;

	for (; *path != '\0' && n + 2 < len; path++) {
		unsigned char c = (unsigned char)*path;

		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    (c >= 'A' && c <= 'Z')) {
			if (gap && n > 0)
				out[n++] = '_';
			out[n++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
			gap = 0;
		} else {
			gap = 1;
		}
	}
	out[n] = '\0';
}

/* surface_method_path: unique by construction, as OpenAPI's (path,
 * method) pairs are, and stable while the path is; a handler's name is
 * not kept in the tables, and QSZ's GET and POST share one.  A path whose
 * slug repeats another's ("/a-b", "/a_b") gets a counter. */
static void
operation_id(cJSON *used, const char *surface, const char *method,
             const char *path, char *out, size_t len)
{
	char s[256];
	int k;

	slug(path, s, sizeof(s));
	snprintf(out, len, "%s_%s_%s", surface, method, s);
	for (k = 2; cJSON_HasObjectItem(used, out); k++)
		snprintf(out, len, "%s_%s_%s_%d", surface, method, s, k);
	cJSON_AddTrueToObject(used, out);
}

/* The path key of a route, and whether it is a prefix route's. */
static void
path_key(const struct route *rt, char *out, size_t len)
{
	snprintf(out, len, "%s%s", rt->path, rt->prefix ? "{rest}" : "");
}

/* The {name} segments of the path as parameters (declared ones with their
 * pspec, an undeclared one as a plain string). */
static void
add_path_params(cJSON *params, const struct route *rt)
{
	const char *p = rt->path, *e;
	char name[64];
	size_t i, n;

	for (; (p = strchr(p, '{')) != NULL; p = e) {
		cJSON *o, *schema = NULL;

		if ((e = strchr(p, '}')) == NULL)
			break;
		n = (size_t)(e - p - 1);
		snprintf(name, sizeof(name), "%.*s", (int)n, p + 1);
		for (i = 0; i < rt->nparams; i++)
			if ((rt->params[i].flags & PF_PATH) &&
			    strcmp(rt->params[i].name, name) == 0)
				schema = pspec_schema(&rt->params[i]);
		if (schema == NULL)
			schema = parse("{\"type\":\"string\"}");
		o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "name", name);
		cJSON_AddStringToObject(o, "in", "path");
		cJSON_AddTrueToObject(o, "required");
		cJSON_AddItemToObject(o, "schema", schema);
		cJSON_AddItemToArray(params, o);
	}
	if (rt->prefix) {
		cJSON *o = cJSON_CreateObject();

		cJSON_AddStringToObject(o, "name", "rest");
		cJSON_AddStringToObject(o, "in", "path");
		cJSON_AddTrueToObject(o, "required");
		cJSON_AddStringToObject(o, "description",
		                        "the rest of the path, '/' included");
		cJSON_AddItemToObject(o, "schema",
		                      parse("{\"type\":\"string\"}"));
		cJSON_AddItemToArray(params, o);
	}
}

static void
add_query_params(cJSON *params, const struct route *rt)
{
	size_t i;

	for (i = 0; i < rt->nparams; i++) {
		const struct pspec *s = &rt->params[i];
		cJSON *o;

		if ((s->flags & PF_PATH) || s->type == PT_FILE)
			continue;
		o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "name", s->name);
		cJSON_AddStringToObject(o, "in", "query");
		if (s->flags & PF_REQUIRED)
			cJSON_AddTrueToObject(o, "required");
		cJSON_AddItemToObject(o, "schema", pspec_schema(s));
		cJSON_AddItemToArray(params, o);
	}
}

/* The declared fields as a form body: urlencoded and multipart, or
 * multipart alone when a field is a file.  NULL when there are none. */
static cJSON *
form_body(const struct route *rt)
{
	cJSON *body, *content, *schema, *props, *req, *enc, *mp;
	int files = 0, any = 0;
	char types[200];
	size_t i;

	schema = cJSON_CreateObject();
	cJSON_AddStringToObject(schema, "type", "object");
	props = cJSON_AddObjectToObject(schema, "properties");
	req = cJSON_CreateArray();
	enc = cJSON_CreateObject();
	for (i = 0; i < rt->nparams; i++) {
		const struct pspec *s = &rt->params[i];

		if (s->flags & PF_PATH)
			continue;
		any = 1;
		cJSON_AddItemToObject(props, s->name, pspec_schema(s));
		if (s->flags & PF_REQUIRED)
			cJSON_AddItemToArray(req, cJSON_CreateString(s->name));
		if (s->type == PT_FILE) {
			cJSON *e = cJSON_AddObjectToObject(enc, s->name);

			files = 1;
			mime_list(s->ftypes, types, sizeof(types));
			cJSON_AddStringToObject(e, "contentType", types);
		}
	}
	if (!any) {
		cJSON_Delete(schema);
		cJSON_Delete(req);
		cJSON_Delete(enc);
		return NULL;
	}
	if (cJSON_GetArraySize(req) > 0)
		cJSON_AddItemToObject(schema, "required", req);
	else
		cJSON_Delete(req);
	body = cJSON_CreateObject();
	if (cJSON_GetObjectItemCaseSensitive(schema, "required") != NULL)
		cJSON_AddTrueToObject(body, "required");
	content = cJSON_AddObjectToObject(body, "content");
	if (!files) {
		cJSON *u = cJSON_AddObjectToObject(
		        content, "application/x-www-form-urlencoded");

		cJSON_AddItemToObject(u, "schema", cJSON_Duplicate(schema, 1));
	}
	mp = cJSON_AddObjectToObject(content, "multipart/form-data");
	cJSON_AddItemToObject(mp, "schema", schema);
	if (files)
		cJSON_AddItemToObject(mp, "encoding", enc);
	else
		cJSON_Delete(enc);
	return body;
}

/* The body schema: JSON, and the same fields as a form where the surface
 * reads forms. */
static cJSON *
json_body(const struct route *rt, const struct surface_doc *d)
{
	cJSON *body = cJSON_CreateObject(), *content, *schema, *r;

	schema = js_schema(rt->body);
	r = cJSON_GetObjectItemCaseSensitive(schema, "required");
	if (rt->body->kind != JS_OBJECT || r != NULL)
		cJSON_AddTrueToObject(body, "required");
	content = cJSON_AddObjectToObject(body, "content");
	if (d->forms && rt->body->kind == JS_OBJECT) {
		cJSON *u = cJSON_AddObjectToObject(
		        content, "application/x-www-form-urlencoded");

		cJSON_AddItemToObject(u, "schema", cJSON_Duplicate(schema, 1));
	}
	cJSON_AddItemToObject(
	        cJSON_AddObjectToObject(content, "application/json"), "schema",
	        schema);
	return body;
}

static int
unsafe(unsigned bit)
{
	return bit == M_POST || bit == M_PUT || bit == M_DELETE;
}

/* The security requirements of one operation (OpenAPI: any one of the
 * list; {} is "none"). */
static cJSON *
security(const struct route *rt, unsigned bit, const struct surface_doc *d,
         const char **level)
{
	cJSON *list = cJSON_CreateArray(), *login = NULL, *extra = NULL;
	enum auth auth = rt->auth;
	cJSON *it;

	if (d->guarded && !(rt->flags & RF_PUBLIC))
		auth = AUTH_OPTIONAL;
	*level = auth == AUTH_NONE       ? "none"
	         : auth == AUTH_OPTIONAL ? "optional"
	         : auth == AUTH_USER     ? "user"
	                                 : "admin";
	if (d->guarded && !(rt->flags & RF_PUBLIC))
		*level = "privileges";
	if (d->unsafe != NULL && unsafe(bit))
		extra = parse(d->unsafe);
	if (d->login != NULL && auth != AUTH_NONE) {
		login = parse(d->login);
		if (extra != NULL) {
			cJSON_ArrayForEach(it, extra)
			{
				cJSON_AddItemToObject(login, it->string,
				                      cJSON_CreateArray());
			}
		}
		cJSON_AddItemToArray(list, login);
	}
	if (auth == AUTH_NONE || auth == AUTH_OPTIONAL)
		cJSON_AddItemToArray(list, extra ? cJSON_Duplicate(extra, 1)
		                                 : cJSON_CreateObject());
	cJSON_Delete(extra);
	/* No login at all: "security": [] says so. */
	if (cJSON_GetArraySize(list) == 1 &&
	    cJSON_GetArraySize(cJSON_GetArrayItem(list, 0)) == 0 &&
	    auth == AUTH_NONE)
		cJSON_DeleteItemFromArray(list, 0);
	return list;
}

/* {"$ref": "#/components/<what>/<surface><suffix>"} */
static cJSON *
ref(const char *what, const char *surface, const char *suffix)
{
	cJSON *o = cJSON_CreateObject();
	char t[200];

	snprintf(t, sizeof(t), "#/components/%s/", what);
	add_text(o, "$ref", t, surface, suffix);
	return o;
}

static cJSON *
responses(const struct surface *s, const struct surface_doc *d,
          const struct route *rt)
{
	cJSON *o = cJSON_CreateObject(), *r;

	if (rt->handler == h_openapi_get) {
		r = cJSON_AddObjectToObject(o, "200");
		cJSON_AddStringToObject(r, "description",
		                        "this document (OpenAPI 3.1)");
		cJSON_AddItemToObject(
		        cJSON_AddObjectToObject(
		                cJSON_AddObjectToObject(r, "content"),
		                "application/json"),
		        "schema", parse("{\"type\":\"object\"}"));
	} else if (rt->prefix) {
		r = cJSON_AddObjectToObject(o, "200");
		cJSON_AddStringToObject(r, "description",
		                        "the file (its owner only)");
		cJSON_AddItemToObject(
		        cJSON_AddObjectToObject(
		                cJSON_AddObjectToObject(r, "content"),
		                "application/octet-stream"),
		        "schema",
		        parse("{\"type\":\"string\",\"format\":\"binary\"}"));
	} else {
		cJSON_AddItemToObject(o, d->success,
		                      ref("responses", s->name, "_success"));
	}
	cJSON_AddItemToObject(o, "default",
	                      ref("responses", s->name, "_refusal"));
	return o;
}

static void
add_operation(cJSON *item, cJSON *used, const struct surface *s,
              const struct surface_doc *d, const struct route *rt, size_t index,
              unsigned bit, const char *mname)
{
	cJSON *op = cJSON_AddObjectToObject(item, mname), *params, *body;
	const char *level;
	char id[320], where[96];

	cJSON_AddItemToObject(op, "tags",
	                      strings((const char *const[]){s->name, NULL}));
	operation_id(used, s->name, mname, rt->path, id, sizeof(id));
	cJSON_AddStringToObject(op, "operationId", id);
	params = cJSON_CreateArray();
	add_path_params(params, rt);
	body = NULL;
	if (rt->body != NULL) {
		add_query_params(params, rt);
		if (bit != M_GET && bit != M_DELETE)
			body = json_body(rt, d);
	} else if (bit == M_GET || bit == M_DELETE || bit == M_OPTIONS) {
		add_query_params(params, rt);
	} else {
		body = form_body(rt);
	}
	if (cJSON_GetArraySize(params) > 0)
		cJSON_AddItemToObject(op, "parameters", params);
	else
		cJSON_Delete(params);
	if (body != NULL)
		cJSON_AddItemToObject(op, "requestBody", body);
	cJSON_AddItemToObject(op, "responses", responses(s, d, rt));
	cJSON_AddItemToObject(op, "security", security(rt, bit, d, &level));
	cJSON_AddStringToObject(op, "x-zufang-auth", level);
	snprintf(where, sizeof(where), "%s#%lu", s->name, (unsigned long)index);
	cJSON_AddStringToObject(op, "x-zufang-route", where);
	if (rt->body_max != 0 && bit != M_GET)
		add_int(op, "x-zufang-body-max", (long long)rt->body_max);
}

/* The code table of a surface as Markdown: every distinct HTTP status,
 * code and message (the outcomes that share them are one line). */
static void
code_table(const struct envelope *env, char *out, size_t len)
{
	size_t n, i, j;
	int dup;

	n = (size_t)snprintf(out, len,
	                     "\n\n| HTTP | code | message |\n|---|---|---|\n");
	for (i = 0; i < ST__MAX && n < len; i++) {
		const struct resp_code *c = &env->codes[i];

		for (dup = 0, j = 0; j < i && !dup; j++)
			dup = env->codes[j].http == c->http &&
			      strcmp(env->codes[j].code, c->code) == 0 &&
			      strcmp(env->codes[j].text, c->text) == 0;
		if (!dup)
			n += (size_t)snprintf(out + n, len - n,
			                      "| %d | %s | %s |\n",
			                      c->http ? c->http : 200, c->code,
			                      c->text[0] ? c->text : "(none)");
	}
}

static void
add_surface(cJSON *root, cJSON *used, const struct surface *s)
{
	const struct surface_doc *d = doc_of(s->name);
	cJSON *paths = cJSON_GetObjectItemCaseSensitive(root, "paths");
	cJSON *comp = cJSON_GetObjectItemCaseSensitive(root, "components");
	cJSON *tag, *r, *sch, *it;
	char key[512], codes[4096], desc[5000];
	size_t i, m;

	tag = cJSON_CreateObject();
	cJSON_AddStringToObject(tag, "name", s->name);
	code_table(s->env, codes, sizeof(codes));
	snprintf(desc, sizeof(desc), "%s%s", d->description, codes);
	cJSON_AddStringToObject(tag, "description", desc);
	add_int(tag, "x-zufang-routes", (long long)s->router.nroutes);
	cJSON_AddItemToArray(cJSON_GetObjectItemCaseSensitive(root, "tags"),
	                     tag);

	if (d->schemes != NULL) {
		cJSON *all = parse(d->schemes);

		cJSON_ArrayForEach(it, all)
		{
			cJSON_AddItemToObject(cJSON_GetObjectItemCaseSensitive(
			                              comp, "securitySchemes"),
			                      it->string,
			                      cJSON_Duplicate(it, 1));
		}
		cJSON_Delete(all);
	}

	sch = cJSON_GetObjectItemCaseSensitive(comp, "schemas");
	snprintf(key, sizeof(key), "%s_envelope", s->name);
	cJSON_AddItemToObject(sch, key, parse(d->envelope));
	snprintf(key, sizeof(key), "%s_refusal", s->name);
	cJSON_AddItemToObject(sch, key,
	                      parse(d->error ? d->error : d->envelope));

	r = cJSON_CreateObject();
	add_text(r, "description", "success (the ", s->name, " envelope)");
	cJSON_AddItemToObject(
	        cJSON_AddObjectToObject(cJSON_AddObjectToObject(r, "content"),
	                                "application/json"),
	        "schema", ref("schemas", s->name, "_envelope"));
	snprintf(key, sizeof(key), "%s_success", s->name);
	cJSON_AddItemToObject(
	        cJSON_GetObjectItemCaseSensitive(comp, "responses"), key, r);
	r = cJSON_CreateObject();
	snprintf(desc, sizeof(desc), "a refusal, by the %s code table:%s",
	         s->name, codes);
	cJSON_AddStringToObject(r, "description", desc);
	cJSON_AddItemToObject(
	        cJSON_AddObjectToObject(cJSON_AddObjectToObject(r, "content"),
	                                "application/json"),
	        "schema", ref("schemas", s->name, "_refusal"));
	snprintf(key, sizeof(key), "%s_refusal", s->name);
	cJSON_AddItemToObject(
	        cJSON_GetObjectItemCaseSensitive(comp, "responses"), key, r);

	for (i = 0; i < s->router.nroutes; i++) {
		const struct route *rt = &s->router.routes[i];
		cJSON *item;

		path_key(rt, key, sizeof(key));
		item = cJSON_GetObjectItemCaseSensitive(paths, key);
		if (item == NULL) {
			item = cJSON_AddObjectToObject(paths, key);
			if (rt->flags & RF_SLASH)
				cJSON_AddTrueToObject(
				        item,
				        "x-zufang-trailing-slash-optional");
		}
		for (m = 0; m < sizeof(methods) / sizeof(methods[0]); m++)
			if ((rt->methods & methods[m].bit) &&
			    !cJSON_HasObjectItem(item, methods[m].name))
				add_operation(item, used, s, d, rt, i,
				              methods[m].bit, methods[m].name);
	}
}

static const char info_description[] =
        "zufang serves four API documents from one service; each is a "
        "surface (tag) with its own paths, login transport and envelope. "
        "This description is made at run time from the service's own "
        "route, parameter and body-schema tables and its code tables.\n\n"
        "Conventions: a path is written as its document writes it; a path "
        "item with `x-zufang-trailing-slash-optional` is also served with "
        "(or without) a trailing '/'. HEAD is answered wherever GET is. "
        "Parameters of a GET or DELETE travel in the query string; the "
        "declared fields of a POST or PUT without a JSON body are form "
        "fields (QSZ also reads them from the query string). "
        "`x-zufang-route` names an operation's route (surface#index in its "
        "table), `x-zufang-auth` its login level, `x-zufang-body-max` its "
        "body limit in bytes.";

static char *cached;
static size_t cached_len;

/* The whole document; the caller frees it. */
static char *
make_document(void)
{
	cJSON *root = cJSON_CreateObject(), *info, *comp, *used;
	const struct surface *s;
	size_t i, n, total = 0;
	char *text;

	cJSON_AddStringToObject(root, "openapi", "3.1.0");
	info = cJSON_AddObjectToObject(root, "info");
	cJSON_AddStringToObject(info, "title", "zufang");
	cJSON_AddStringToObject(info, "version", ZF_VERSION);
	cJSON_AddStringToObject(info, "description", info_description);
	cJSON_AddArrayToObject(root, "tags");
	cJSON_AddObjectToObject(root, "paths");
	comp = cJSON_AddObjectToObject(root, "components");
	cJSON_AddObjectToObject(comp, "schemas");
	cJSON_AddObjectToObject(comp, "responses");
	cJSON_AddObjectToObject(comp, "securitySchemes");
	used = cJSON_CreateObject();
	s = dispatch_surfaces(&n);
	for (i = 0; i < n; i++) {
		add_surface(root, used, &s[i]);
		total += s[i].router.nroutes;
	}
	add_int(info, "x-zufang-routes", (long long)total);
	cJSON_Delete(used);
	text = cJSON_PrintUnformatted(root);
	cJSON_Delete(root);
	return text;
}

const char *
openapi_document(size_t *len)
{
	if (cached == NULL && (cached = make_document()) != NULL)
		cached_len = strlen(cached);
	*len = cached_len;
	return cached;
}

const struct pspec h_openapi_get_params[] = {PARAM_END};

enum status
h_openapi_get(struct req *r, struct resp *res)
{
	const char *doc;
	size_t n;

	(void)r;
	if ((doc = openapi_document(&n)) == NULL)
		return ST_INTERNAL;
	if ((res->body = malloc(n)) == NULL)
		abort();
	memcpy(res->body, doc, n);
	res->bodylen = n;
	res->ctype = "application/json";
	/* The tables change only with a new binary. */
	res->cache = "public, max-age=300";
	return ST_OK;
}
