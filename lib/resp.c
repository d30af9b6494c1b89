#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "resp.h"

/* The one status table: the number clients see and the default message. */
static const struct {
	int code;
	const char *text;
} status_tab[ST__MAX] = {
        [ST_OK] = {0, ""},
        [ST_PARAM] = {2, "invalid parameter"},
        [ST_AUTH] = {4, "Login first."},
        [ST_INTERNAL] = {5, "internal error"},
        [ST_NOT_FOUND] = {6, "not found"},
        [ST_FORBIDDEN] = {7, "forbidden"},
        [ST_CONFLICT] = {8, "conflict with the current state"},
        [ST_THIRD_PARTY] = {9, "a third party failed"},
        [ST_UPLOAD] = {10, "upload refused"},
        [ST_RATE] = {11, "slow down"},
        [ST_METHOD] = {2, "method not allowed"},
};

int
status_code(enum status st)
{
	return st < ST__MAX ? status_tab[st].code
	                    : status_tab[ST_INTERNAL].code;
}

const char *
status_text(enum status st)
{
	return st < ST__MAX ? status_tab[st].text
	                    : status_tab[ST_INTERNAL].text;
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
	case 302:
		return "Found";
	case 400:
		return "Bad Request";
	case 403:
		return "Forbidden";
	case 404:
		return "Not Found";
	case 405:
		return "Method Not Allowed";
	case 413:
		return "Payload Too Large";
	case 429:
		return "Too Many Requests";
	case 500:
		return "Internal Server Error";
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
resp_render(const struct resp *r, const char *rid, struct buf *out)
{
	const char *msg;
	char *ans = NULL, *m = NULL;
	cJSON *js;

	buf_addf(out, "Status: %d %s\r\n", r->http, http_reason(r->http));
	if (rid != NULL && *rid != '\0')
		add_header(out, "X-Request-Id", rid);
	add_header(out, "Cache-Control", r->cache ? r->cache : "no-store");
	if (r->allow[0] != '\0')
		add_header(out, "Allow", r->allow);
	if (r->location[0] != '\0')
		add_header(out, "Location", r->location);
	if (r->accel[0] != '\0') {
		add_header(out, "X-Accel-Redirect", r->accel);
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

	msg = (r->st == ST_INTERNAL || r->msg[0] == '\0') ? status_text(r->st)
	                                                  : r->msg;
	js = cJSON_CreateString(msg);
	if (js != NULL)
		m = cJSON_PrintUnformatted(js);
	cJSON_Delete(js);
	if (r->ans != NULL)
		ans = cJSON_PrintUnformatted(r->ans);
	if (m == NULL || (r->ans != NULL && ans == NULL))
		abort(); /* out of memory */
	/* Pieces, not one format: ans may be tens of kilobytes, which a
	 * printf into a buffer that turns out too small writes twice. */
	buf_addf(out, "{\"status\":%d,\"msg\":", status_code(r->st));
	buf_adds(out, m);
	buf_adds(out, ",\"ans\":");
	buf_adds(out, ans ? ans : "{}");
	buf_addc(out, '}');
	free(m);
	free(ans);
}
