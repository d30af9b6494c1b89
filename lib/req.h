/* Reading a request: query strings, urlencoded and JSON bodies, and
 * multipart bodies streamed to disk.  Nothing here knows FastCGI: the body
 * comes through a read callback, so the parsers can be unit-tested and
 * fuzzed from memory. */
#ifndef ZF_REQ_H
#define ZF_REQ_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "arena.h"

/* Where a field came from. */
enum req_from { FROM_QUERY, FROM_BODY, FROM_PATH };

/* What a field's value was written as: text (query, forms, JSON strings),
 * or a JSON number or boolean (its value is then the number's text, or
 * "1"/"0"), so validation can tell {"n": true} from {"n": 1}. */
enum req_vtype { RV_TEXT, RV_JSON_NUMBER, RV_JSON_BOOL };

/* A file part of a multipart body, streamed to a temporary file. */
struct upfile {
	char *path;    /* temporary file (arena); NULL when discarded */
	uint64_t size; /* bytes received */
	int too_big;   /* the part was longer than its limit; data dropped */
	int type;      /* FT_* (upload.h), set by validation */
	int kept;      /* moved into place: do not unlink at cleanup */
};

/* One raw field as it arrived. */
struct field {
	const char *name;  /* NUL-terminated (arena) */
	const char *value; /* NUL-terminated copy (arena); NULL for files */
	size_t len;        /* bytes in value (may contain NUL: invalid) */
	struct upfile *file;
	enum req_from from;
	enum req_vtype vtype;
};

/* A declared, validated parameter value (see route.h). */
struct pval {
	int set;       /* given (and valid) */
	long long i;   /* integers, choices (index), booleans, dates */
	double d;      /* numbers */
	const char *s; /* text as given (NUL-terminated) */
	size_t n;      /* bytes in s */
	struct upfile **files;
	size_t nfiles;
};

#define REQ_MAXP 48

struct route;

/* One request.  Everything it points to lives in the arena a, released at
 * the end of the loop turn. */
struct req {
	struct arena *a;
	const char *method; /* "GET", "POST", ... */
	const char *path;   /* decoded path, e.g. "/fetch_userinfo" */
	const char *query;  /* raw query string, "" when none */
	const char *ctype;  /* Content-Type, "" when none */
	uint64_t clen;      /* Content-Length */
	const char *token;  /* "token" header, NULL when absent */
	const char *cookie; /* the Cookie header, NULL when absent */
	/* Another request variable by its CGI name ("HTTP_X_CSRFTOKEN"),
	 * NULL when absent; getenv may be NULL (no other variables). */
	const char *(*getenv)(void *ctx, const char *name);
	void *envctx;
	const char *remote_addr;
	const char *rid; /* request id */
	struct field *fields;
	size_t nfields;
	size_t capfields;
	struct pval p[REQ_MAXP]; /* indexed by the route's parameter enum */
	/* A JSON body kept whole (req_limits.json_raw): its text (arena,
	 * NUL-terminated) and length; NULL when none came. */
	const char *json_text;
	size_t json_len;
	/* A route's body schema validated: the body as a JSON tree (a JSON
	 * body, or the body's form fields as an object of strings, a
	 * repeated name an array), see jschema.h; NULL otherwise. */
	const struct jv *json;
	const struct route *route;
	long long uid;             /* authenticated user, 0 when none */
	int admin;                 /* the user is an administrator */
	void *user;                /* what authentication loaded, or NULL */
	void (*user_free)(void *); /* releases user at cleanup */
};

/* Limits for reading a body. */
struct req_limits {
	size_t field_max;   /* bytes of one non-file field */
	size_t fields_max;  /* number of fields, all sources */
	const char *tmpdir; /* where file parts are written */
	/* Largest accepted file for a field name; 0 drops the part's bytes. */
	uint64_t (*file_max)(void *ctx, const char *name);
	void *ctx;
	/* A JSON body is kept whole in json_text instead of being split
	 * into fields (for a route with a body schema). */
	int json_raw;
};

/* Outcome of reading. */
enum req_err {
	REQ_OK,
	REQ_MALFORMED, /* the body or query cannot be parsed */
	REQ_TOO_MANY,  /* too many fields, or a field too long */
	REQ_MEDIA,     /* a body of a Content-Type that is not read */
	REQ_IO         /* a temporary file could not be written */
};

/* Reads from the body; returns bytes read, 0 at the end, -1 on error. */
typedef ssize_t (*req_read_fn)(void *ctx, char *buf, size_t n);

/* Initialise r with a fresh arena. */
void req_init(struct req *r);

/* Add a field (copied into the arena).  Returns REQ_OK or REQ_TOO_MANY. */
enum req_err req_add_field(struct req *, const struct req_limits *,
                           const char *name, size_t nlen, const char *value,
                           size_t vlen, enum req_from);

/* Decode s as application/x-www-form-urlencoded ('+' is a space, %XX
 * escapes) and add its fields. */
enum req_err req_parse_urlencoded(struct req *, const struct req_limits *,
                                  const char *s, size_t n, enum req_from);

/* Parse a JSON object whose members are strings, numbers, booleans or null
 * (null members are skipped) and add them as body fields. */
enum req_err req_parse_json(struct req *, const struct req_limits *,
                            const char *s, size_t n);

/* The boundary parameter of a multipart/form-data Content-Type; 0, or -1
 * when missing or invalid (RFC 2046: 1..70 characters). */
int req_boundary(const char *ctype, char *out, size_t outlen);

/* Streaming multipart/form-data parser. */
struct mp;
struct mp_cb {
	/* A part starts; filename is NULL for plain fields.  Non-zero stops
	 * the parse with that value. */
	int (*begin)(void *ctx, const char *name, const char *filename);
	int (*data)(void *ctx, const char *buf, size_t n);
	int (*end)(void *ctx);
};

/* A parser for one body.  Free with mp_free(). */
struct mp *mp_new(const char *boundary, const struct mp_cb *, void *ctx);

/* Feed the next bytes.  0, -1 when malformed, or a callback's non-zero. */
int mp_feed(struct mp *, const char *buf, size_t n);

/* 0 when the closing boundary was seen, -1 otherwise. */
int mp_finish(struct mp *);
void mp_free(struct mp *);

/* Read the whole body (clen bytes announced) according to ctype: urlencoded,
 * JSON or multipart (files streamed into lim->tmpdir).  Always consumes the
 * body to its end, even after an error, so the peer is never cut off.
 * An empty or absent body is fine. */
enum req_err req_read_body(struct req *, const struct req_limits *,
                           req_read_fn rd, void *rdctx);

/* The fields with this name, in arrival order: returns the count and sets
 * *first to the first index (or SIZE_MAX). */
size_t req_count(const struct req *, const char *name, size_t *first);

/* The request variable name (CGI style, "HTTP_X_CSRFTOKEN"), or NULL. */
const char *req_env(const struct req *, const char *name);

/* The n bytes at s with %XX escapes and '+' decoded, NUL-terminated in a
 * (*len bytes); NULL on a bad or truncated escape. */
char *req_urldecode(struct arena *a, const char *s, size_t n, size_t *len);

/* The value of cookie name in r->cookie ("a=1; b=2"): the first one of
 * that name, *len bytes (not NUL-terminated), or NULL when absent. */
const char *req_cookie(const struct req *, const char *name, size_t *len);

/* Unlink temporary files not kept, free the arena, zero r. */
void req_cleanup(struct req *);

#endif
