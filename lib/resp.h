/* The JSON envelope {"status","msg","ans"} and the status table. */
#ifndef ZF_RESP_H
#define ZF_RESP_H

#include <stddef.h>

#include <cJSON.h>

#include "buf.h"

/* Every outcome a client can see.  The numbers and default messages are in
 * one table (resp.c). */
enum status {
	ST_OK,          /* 0 */
	ST_PARAM,       /* 2 parameter missing or invalid */
	ST_AUTH,        /* 4 not logged in */
	ST_INTERNAL,    /* 5 internal error */
	ST_NOT_FOUND,   /* 6 no such thing (or not visible) */
	ST_FORBIDDEN,   /* 7 not the owner / not allowed */
	ST_CONFLICT,    /* 8 conflict with the current state */
	ST_THIRD_PARTY, /* 9 WeChat / Alipay failed or refused */
	ST_UPLOAD,      /* 10 upload refused */
	ST_RATE,        /* 11 too many requests */
	ST_METHOD,      /* 2 the route exists, not with this method (405) */
	ST__MAX
};

/* The number clients see for a status. */
int status_code(enum status);

/* The default message of a status. */
const char *status_text(enum status);

#define RESP_MSG_MAX 1024

/* What a handler fills.  resp_init() it; resp_free() releases ans/body. */
struct resp {
	int http;               /* HTTP status, 200 unless set */
	enum status st;         /* set by the dispatcher from the handler */
	char msg[RESP_MSG_MAX]; /* "" means the table text */
	cJSON *ans;             /* owned; NULL means {} */
	/* A raw (non-envelope) answer: set ctype and body. */
	const char *ctype;
	char *body; /* malloc'ed, owned */
	size_t bodylen;
	char allow[64];      /* Allow header (405) */
	char accel[1024];    /* X-Accel-Redirect target, "" for none */
	char location[1024]; /* Location header (redirects), "" for none */
	const char *cache;   /* Cache-Control value, NULL for "no-store" */
};

void resp_init(struct resp *);
void resp_free(struct resp *);

/* Set msg (printf-style) and return st, so handlers can write
 * "return resp_fail(r, ST_NOT_FOUND, "house %lld not found", id);". */
enum status resp_fail(struct resp *, enum status st, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

/* Replace ans (takes ownership; the old value is freed). */
void resp_ans(struct resp *, cJSON *ans);

/* Serialise the whole FastCGI answer (CGI headers, blank line, body) into
 * out.  rid goes into X-Request-Id.  Internal errors never carry detail:
 * for ST_INTERNAL the msg is always the table text. */
void resp_render(const struct resp *, const char *rid, struct buf *out);

#endif
