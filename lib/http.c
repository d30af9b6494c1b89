#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>

#include "buf.h"
#include "http.h"
#include "metrics.h"

struct sink {
	struct buf b;
	size_t max;
	int too_big;
};

int
http_init(void)
{
	return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? 0 : -1;
}

void
http_done(void)
{
	curl_global_cleanup();
}

static size_t
on_data(char *p, size_t size, size_t n, void *ctx)
{
	struct sink *s = ctx;
	size_t len = size * n;

	if (s->b.len + len > s->max) {
		s->too_big = 1;
		return 0; /* aborts the transfer */
	}
	buf_add(&s->b, p, len);
	return len;
}

static double
elapsed(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) +
	       (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

static int
perform(CURL *c, const struct http_opts *o, struct http_resp *out, char *err,
        size_t errlen)
{
	struct sink s = {.max = o && o->max_body ? o->max_body : 1 << 20};
	long timeout = o && o->timeout_ms > 0 ? o->timeout_ms : 5000;
	int peer = o ? o->peer : MP_OTHER;
	char *ctype = NULL;
	struct timespec t0;
	CURLcode rc;

	memset(out, 0, sizeof(*out));
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, timeout);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS,
	                 timeout < 3000 ? timeout : 3000L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "zufang/0.1");
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &s);
	if (o && o->ca_file && *o->ca_file)
		curl_easy_setopt(c, CURLOPT_CAINFO, o->ca_file);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	rc = curl_easy_perform(c);
	if (rc != CURLE_OK) {
		metrics_call(peer, MC_TRANSPORT, elapsed(&t0));
		/* curl_easy_strerror never contains the URL. */
		snprintf(err, errlen, "%s",
		         s.too_big ? "answer too large"
		                   : curl_easy_strerror(rc));
		buf_free(&s.b);
		return -1;
	}
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &out->status);
	metrics_call(peer,
	             out->status >= 200 && out->status < 300 ? MC_OK
	                                                     : MC_HTTP_ERROR,
	             elapsed(&t0));
	if (curl_easy_getinfo(c, CURLINFO_CONTENT_TYPE, &ctype) == CURLE_OK &&
	    ctype != NULL &&
	    snprintf(out->ctype, sizeof(out->ctype), "%s", ctype) >=
	            (int)sizeof(out->ctype))
		out->ctype[0] = '\0';
	out->body = buf_take(&s.b, &out->len);
	return 0;
}

int
http_get(const char *url, const struct http_opts *o, struct http_resp *out,
         char *err, size_t errlen)
{
	CURL *c = curl_easy_init();
	int rc;

	if (c == NULL) {
		snprintf(err, errlen, "curl_easy_init failed");
		return -1;
	}
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
	rc = perform(c, o, out, err, errlen);
	curl_easy_cleanup(c);
	return rc;
}

int
http_post(const char *url, const char *ctype, const char *body, size_t len,
          const struct http_opts *o, struct http_resp *out, char *err,
          size_t errlen)
{
	struct curl_slist *h = NULL;
	struct buf hdr = {0};
	CURL *c = curl_easy_init();
	int rc;

	if (c == NULL) {
		snprintf(err, errlen, "curl_easy_init failed");
		return -1;
	}
	buf_addf(&hdr, "Content-Type: %s", ctype);
	h = curl_slist_append(h, hdr.p);
	h = curl_slist_append(h, "Expect:");
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
	rc = perform(c, o, out, err, errlen);
	curl_easy_cleanup(c);
	curl_slist_free_all(h);
	buf_free(&hdr);
	return rc;
}

void
http_resp_free(struct http_resp *r)
{
	free(r->body);
	memset(r, 0, sizeof(*r));
}

cJSON *
http_json_exact(const char *s, size_t n)
{
	const char *end = NULL;
	cJSON *j;

	if (s == NULL || n == 0)
		return NULL;
	j = cJSON_ParseWithLengthOpts(s, n, &end, 0);
	if (j == NULL)
		return NULL;
	while (end < s + n &&
	       (*end == ' ' || *end == '\t' || *end == '\r' || *end == '\n'))
		end++;
	if (end != s + n) {
		cJSON_Delete(j);
		return NULL;
	}
	return j;
}

const char *
http_json_str(const cJSON *o, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);

	return cJSON_IsString(v) ? v->valuestring : "";
}
