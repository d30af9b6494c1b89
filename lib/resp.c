#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "resp.h"

static const struct resp_code *
code_of(const struct envelope *env, enum status st)
{
	return &env->codes[st < ST__MAX ? st : ST_INTERNAL];
}

const char *
resp_code(const struct envelope *env, enum status st)
{
	return code_of(env, st)->code;
}

const char *
resp_text(const struct envelope *env, enum status st)
{
	return code_of(env, st)->text;
}

const char *
resp_msg(const struct envelope *env, const struct resp *r)
{
	const struct resp_code *c = code_of(env, r->st);

	return (c->secret || r->msg[0] == '\0') ? c->text : r->msg;
}

int
resp_http(const struct envelope *env, const struct resp *r)
{
	const struct resp_code *c = code_of(env, r->st);

	if (r->http != 200)
		return r->http;
	return c->http ? c->http : 200;
}

void
resp_json_string(struct buf *out, const char *s)
{
	cJSON *js = cJSON_CreateString(s);
	char *m = js ? cJSON_PrintUnformatted(js) : NULL;

	if (m == NULL)
		abort(); /* out of memory */
	buf_adds(out, m);
	free(m);
	cJSON_Delete(js);
}

void
resp_json_ans(struct buf *out, const struct resp *r, const char *dflt)
{
	char *ans;

	if (r->ans == NULL) {
		buf_adds(out, dflt);
		return;
	}
	/* Pieces, not one format: ans may be tens of kilobytes. */
	if ((ans = cJSON_PrintUnformatted(r->ans)) == NULL)
		abort(); /* out of memory */
	buf_adds(out, ans);
	free(ans);
}

int
resp_header(struct resp *r, const char *name, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (r->nhdr == RESP_MAXHDR ||
	    snprintf(r->hdr[r->nhdr].name, sizeof(r->hdr[0].name), "%s",
	             name) >= (int)sizeof(r->hdr[0].name))
		return -1;
	va_start(ap, fmt);
	n = vsnprintf(r->hdr[r->nhdr].value, sizeof(r->hdr[0].value), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(r->hdr[0].value))
		return -1;
	r->nhdr++;
	return 0;
}

void
resp_init(struct resp *r)
{
	memset(r, 0, sizeof(*r));
	r->http = 200;
}

void
resp_free(struct resp *r)
{
	cJSON_Delete(r->ans);
	cJSON_Delete(r->top);
	free(r->body);
	resp_init(r);
}

enum status
resp_fail(struct resp *r, enum status st, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(r->msg, sizeof(r->msg), fmt, ap);
	va_end(ap);
	if (n < 0)
		r->msg[0] = '\0';
	/* A truncated message is still a message; keep it. */
	r->st = st;
	return st;
}

void
resp_ans(struct resp *r, cJSON *ans)
{
	cJSON_Delete(r->ans);
	r->ans = ans;
}

static const char *
http_reason(int code)
{
	switch (code) {
	case 200:
		return "OK";
	case 201:
		return "Created";
	case 204:
		return "No Content";
	case 302:
		return "Found";
	case 304:
		return "Not Modified";
	case 400:
		return "Bad Request";
	case 401:
		return "Unauthorized";
	case 403:
		return "Forbidden";
	case 404:
		return "Not Found";
	case 405:
		return "Method Not Allowed";
	case 409:
		return "Conflict";
	case 413:
		return "Payload Too Large";
	case 415:
		return "Unsupported Media Type";
	case 429:
		return "Too Many Requests";
	case 500:
		return "Internal Server Error";
	case 502:
		return "Bad Gateway";
	case 503:
		return "Service Unavailable";
	default:
		return "Unknown";
	}
}

static void
add_header(struct buf *out, const char *name, const char *value)
{
	size_t i, n = strlen(value);

	buf_adds(out, name);
	buf_adds(out, ": ");
	/* Header values never carry line breaks, whatever was put there. */
	for (i = 0; i < n; i++)
		buf_addc(out, (value[i] == '\r' || value[i] == '\n')
		                      ? ' '
		                      : value[i]);
	buf_adds(out, "\r\n");
}

void
resp_render(const struct resp *r, const struct envelope *env, const char *rid,
            struct buf *out)
{
	int http = resp_http(env, r);
	size_t i;

	buf_addf(out, "Status: %d %s\r\n", http, http_reason(http));
	if (rid != NULL && *rid != '\0')
		add_header(out, "X-Request-Id", rid);
	add_header(out, "Cache-Control", r->cache ? r->cache : "no-store");
	if (r->allow[0] != '\0')
		add_header(out, "Allow", r->allow);
	if (r->location[0] != '\0')
		add_header(out, "Location", r->location);
	for (i = 0; i < r->nhdr; i++)
		add_header(out, r->hdr[i].name, r->hdr[i].value);
	if (r->accel[0] != '\0') {
		add_header(out, "X-Accel-Redirect", r->accel);
		buf_adds(out, "\r\n");
		return;
	}
	/* No Content and Not Modified have no body (RFC 9110 15.3.5,
	 * 15.4.5). */
	if (http == 204 || http == 304) {
		buf_adds(out, "\r\n");
		return;
	}
	if (r->ctype != NULL) {
		add_header(out, "Content-Type", r->ctype);
		add_header(out, "X-Content-Type-Options", "nosniff");
		buf_adds(out, "\r\n");
		if (r->body != NULL)
			buf_add(out, r->body, r->bodylen);
		return;
	}
	add_header(out, "Content-Type", "application/json; charset=utf-8");
	buf_adds(out, "\r\n");
	env->body(env, r, resp_msg(env, r), out);
}
