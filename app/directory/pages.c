/* DRF-style pages (directory.md 1): {"count", "next", "previous",
 * "results"} with absolute links that keep the query as it was sent. */
#include <string.h>

#include "directory/pages.h"
#include "req.h"

/* 1 when the query segment (n bytes, name[=value]) names "page", however
 * its name is percent-encoded. */
static int
names_page(struct arena *a, const char *seg, size_t n)
{
	const char *eq = memchr(seg, '=', n);
	size_t nl = eq != NULL ? (size_t)(eq - seg) : n, dl;
	char *name = req_urldecode(a, seg, nl, &dl);

	return name != NULL && dl == 4 && memcmp(name, "page", 4) == 0;
}

char *
dir_page_link(struct arena *a, const char *base, const char *path,
              const char *query, long long page)
{
	struct buf b = {0};
	const char *p = query != NULL ? query : "", *amp;
	size_t n;
	int any = 0;
	char *out;

	buf_adds(&b, base);
	buf_adds(&b, path);
	while (*p != '\0') {
		amp = strchr(p, '&');
		n = amp != NULL ? (size_t)(amp - p) : strlen(p);
		if (n > 0 && !names_page(a, p, n)) {
			buf_addc(&b, any ? '&' : '?');
			buf_add(&b, p, n);
			any = 1;
		}
		p += n + (amp != NULL);
	}
	if (page > 1)
		buf_addf(&b, "%cpage=%lld", any ? '&' : '?', page);
	out = arena_strndup(a, b.p, b.len);
	buf_free(&b);
	return out;
}

void
dir_page_of(const struct req *r, size_t ipage, size_t isize,
            struct dir_page *pg)
{
	long long max = DIR_PAGE_MAX;

	pg->page = r->p[ipage].set ? r->p[ipage].i : 1;
	pg->size = r->p[isize].set ? r->p[isize].i : app.cfg.directory_page_size;
	if (pg->size > max)
		pg->size = max;
	pg->offset = (pg->page - 1) * pg->size;
	if (pg->page > DIR_PAGE_LAST)
		pg->offset = -1;
}

enum status
dir_page_check(const struct dir_page *pg, long long count, struct resp *res)
{
	if (pg->page == 1)
		return ST_OK;
	if (pg->offset < 0 || pg->offset >= count)
		return resp_fail(res, ST_NOT_FOUND, DIR_BAD_PAGE);
	return ST_OK;
}

/* The path as the client wrote it (REQUEST_URI up to its query), else the
 * decoded path. */
static char *
request_path(const struct req *r)
{
	const char *uri = req_env(r, "REQUEST_URI");
	size_t n;

	if (uri == NULL || uri[0] != '/')
		return arena_strdup(r->a, r->path);
	n = strcspn(uri, "?#");
	return arena_strndup(r->a, uri, n);
}

void
dir_page_answer(const struct req *r, struct resp *res,
                const struct dir_page *pg, long long count, cJSON *results)
{
	cJSON *o = cJSON_CreateObject();
	const char *base = app_public_base();
	char *path = request_path(r);

	cJSON_AddNumberToObject(o, "count", (double)count);
	if (pg->offset >= 0 && pg->offset + pg->size < count)
		cJSON_AddStringToObject(
		        o, "next",
		        dir_page_link(r->a, base, path, r->query, pg->page + 1));
	else
		cJSON_AddNullToObject(o, "next");
	if (pg->page > 1)
		cJSON_AddStringToObject(
		        o, "previous",
		        dir_page_link(r->a, base, path, r->query, pg->page - 1));
	else
		cJSON_AddNullToObject(o, "previous");
	cJSON_AddItemToObject(o, "results", results);
	resp_ans(res, o);
}
