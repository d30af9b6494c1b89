/* A small HTTP client on libcurl for third-party APIs: timeouts always,
 * TLS verification always on, bounded response size, http/https only. */
#ifndef ZF_HTTP_H
#define ZF_HTTP_H

#include <stddef.h>

#include <cJSON.h>

struct http_resp {
	long status; /* HTTP status */
	char *body;  /* NUL-terminated, malloc'ed */
	size_t len;
	char ctype[128];
};

/* Global set-up; once per process before any request.  0, or -1. */
int http_init(void);
void http_done(void);

/* Per-call options. */
struct http_opts {
	long timeout_ms;     /* whole transfer */
	size_t max_body;     /* larger answers fail */
	const char *ca_file; /* NULL: the system store */
	int peer;            /* enum metric_peer: whom the metrics count it
	                      * for (0: other) */
};

/* GET url.  0 and *out filled (free with http_resp_free), or -1 on a
 * transport failure (DNS, connect, TLS, timeout, too large), with the
 * reason in err (never containing the URL, which may hold secrets). */
int http_get(const char *url, const struct http_opts *, struct http_resp *out,
             char *err, size_t errlen);

/* POST a body with the given Content-Type.  As http_get. */
int http_post(const char *url, const char *ctype, const char *body, size_t len,
              const struct http_opts *, struct http_resp *out, char *err,
              size_t errlen);

void http_resp_free(struct http_resp *);

/* A third party's JSON answer: the JSON text of exactly n bytes
 * (whitespace around it allowed), or NULL.  Free with cJSON_Delete. */
cJSON *http_json_exact(const char *s, size_t n);

/* The string member name of object o, "" when absent or not a string. */
const char *http_json_str(const cJSON *o, const char *name);

#endif
