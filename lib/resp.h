/* Answers: the outcome enum, the per-surface envelope (code table and
 * body writer) and the rendering of the FastCGI answer. */
#ifndef ZF_RESP_H
#define ZF_RESP_H

#include <stddef.h>

#include <cJSON.h>

#include "buf.h"

/* Every outcome a request can have, whatever the surface: each surface's
 * envelope maps them to its own HTTP status, code and message. */
enum status {
	ST_OK,
	ST_PARAM,       /* a parameter missing or invalid */
	ST_AUTH,        /* not logged in */
	ST_INTERNAL,    /* anything else internal */
	ST_NOT_FOUND,   /* no such thing (or not visible) */
	ST_FORBIDDEN,   /* not the owner / not allowed */
	ST_CONFLICT,    /* conflict with the current state */
	ST_THIRD_PARTY, /* WeChat / Alipay / SMS failed or refused */
	ST_UPLOAD,      /* upload refused */
	ST_RATE,        /* too many requests */
	ST_METHOD,      /* the route exists, not with this method (405) */
	ST_DB,          /* the database failed */
	ST_EXISTS,      /* already there (a registered mobile, ...) */
	ST_CODE,        /* a wrong, expired or used captcha or SMS code */
	ST_NO_ACCOUNT,  /* login: no account with this identifier */
	ST_PASSWORD,    /* login: wrong password */
	ST_CSRF,        /* the CSRF token is missing or wrong */
	ST_BODY,        /* the body is no valid JSON, or not the object
	                 * the route takes */
	ST_MEDIA,       /* the body's Content-Type is not one the route
	                 * reads */
	ST__MAX
};

/* How one surface shows an outcome. */
struct resp_code {
	int http;         /* HTTP status; 0: 200 */
	const char *code; /* the code as the surface writes it: "2", "4103" */
	const char *text; /* the default message */
	int secret;       /* never show the detail, only text */
};

struct resp;

/* A surface's answers: its code table (ST__MAX entries) and the writer of
 * its JSON body for an outcome, a message and the answer (r->ans, NULL
 * when none). */
struct envelope {
	const char *name;
	const struct resp_code *codes;
	void (*body)(const struct envelope *, const struct resp *r,
	             const char *msg, struct buf *out);
};

/* The code and the default message of st in env (out-of-range statuses
 * are ST_INTERNAL's). */
const char *resp_code(const struct envelope *, enum status);
const char *resp_text(const struct envelope *, enum status);

/* The message a client sees for r: the table text for secret outcomes and
 * when r->msg is empty, else r->msg. */
const char *resp_msg(const struct envelope *, const struct resp *r);

/* Append s as a JSON string (quotes, escapes) to out. */
void resp_json_string(struct buf *out, const char *s);

/* Append the answer (r->ans) as JSON, or dflt when there is none. */
void resp_json_ans(struct buf *out, const struct resp *r, const char *dflt);

#define RESP_MSG_MAX 1024
#define RESP_MAXHDR  6

/* What a handler fills.  resp_init() it; resp_free() releases ans/body. */
struct resp {
	int http;               /* HTTP status, 200 unless set */
	enum status st;         /* set by the dispatcher from the handler */
	char msg[RESP_MSG_MAX]; /* "" means the table text */
	cJSON *ans;             /* owned; NULL means {} */
	cJSON *top; /* owned, or NULL: members an envelope that has room for
	             * them puts beside its own (rental's "count") */
	/* A raw (non-envelope) answer: set ctype and body. */
	const char *ctype;
	char *body; /* malloc'ed, owned */
	size_t bodylen;
	char allow[64];      /* Allow header (405) */
	char accel[1024];    /* X-Accel-Redirect target, "" for none */
	char location[1024]; /* Location header (redirects), "" for none */
	const char *cache;   /* Cache-Control value, NULL for "no-store" */
	/* More headers (Set-Cookie, ETag, ...), added with resp_header. */
	struct {
		char name[32];
		char value[512];
	} hdr[RESP_MAXHDR];
	size_t nhdr;
};

void resp_init(struct resp *);
void resp_free(struct resp *);

/* Set msg (printf-style) and return st, so handlers can write
 * "return resp_fail(r, ST_NOT_FOUND, "house %lld not found", id);". */
enum status resp_fail(struct resp *, enum status st, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

/* Replace ans (takes ownership; the old value is freed). */
void resp_ans(struct resp *, cJSON *ans);

/* Add a header (printf-style value; line breaks become spaces when
 * rendered).  0, or -1 when there is no room or it does not fit. */
int resp_header(struct resp *, const char *name, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

/* The HTTP status of r under env: r->http when it is not 200, else the
 * table's for r->st. */
int resp_http(const struct envelope *, const struct resp *r);

/* Serialise the whole FastCGI answer (CGI headers, blank line, body) into
 * out, the body by env.  rid goes into X-Request-Id.  Secret outcomes
 * (internal and database errors) never carry detail. */
void resp_render(const struct resp *, const struct envelope *, const char *rid,
                 struct buf *out);

#endif
