/* DRF-style pages (directory.md 1): page >= 1 (default 1), size >= 1
 * (default directory_page_size, above DIR_PAGE_MAX taken as it);
 * {"count", "next", "previous", "results"} with absolute links. */
#ifndef ZF_DIRECTORY_PAGES_H
#define ZF_DIRECTORY_PAGES_H

#include "directory/directory.h"

#define DIR_PAGE_MAX 50
/* Pages past this one are past the last of any table. */
#define DIR_PAGE_LAST 1000000000000LL

/* The two paging entries of a list route's parameter table. */
#define DIR_PAGE_PARAMS                                                        \
	PARAM_INT("page", 0, 1, 999999999999999999LL),                         \
	        PARAM_INT("size", 0, 1, 999999999999999999LL)

struct dir_page {
	long long page, size;
	long long offset; /* rows before the page; -1: past any last page */
};

/* The page asked for by the parameters at indexes ipage and isize. */
void dir_page_of(const struct req *, size_t ipage, size_t isize,
                 struct dir_page *);

/* ST_OK, or 404 "无效页面。" for a page after the last of count rows
 * (page 1 always exists). */
enum status dir_page_check(const struct dir_page *, long long count,
                           struct resp *);

/* Answer the page: results (taken) with count and the links. */
void dir_page_answer(const struct req *, struct resp *,
                     const struct dir_page *, long long count,
                     cJSON *results);

/* base + path + query (as sent, every "page" field left out) with
 * page=N appended when page > 1, in arena a. */
char *dir_page_link(struct arena *a, const char *base, const char *path,
                    const char *query, long long page);

#endif
