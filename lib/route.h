/* The route table type and the dispatcher.  Routes are data: methods, path,
 * handler, parameter specification, authentication level, body limit.  The
 * dispatcher answers 404/405/413, authenticates, reads the body and
 * validates every declared parameter before the handler runs. */
#ifndef ZF_ROUTE_H
#define ZF_ROUTE_H

#include <stdint.h>

#include "jschema.h"
#include "req.h"
#include "resp.h"

enum ptype {
	PT_INT,    /* integer in [min, max] -> .i */
	PT_NUM,    /* decimal number in [dmin, dmax] -> .d */
	PT_TEXT,   /* UTF-8 text of min..max characters -> .s/.n */
	PT_CHOICE, /* one of choices -> .i (index), .s */
	PT_DATE,   /* YYYY-MM-DD; with PF_PAST not after today -> .i */
	PT_IDCARD, /* resident ID, upper-cased -> .s */
	PT_MOBILE, /* mainland mobile number -> .s */
	PT_DIGITS, /* min..max digits -> .s */
	PT_BOOL,   /* 0/1/true/false -> .i */
	PT_URL,    /* http(s) URL of min..max bytes (valid_url) -> .s/.n */
	PT_FILE    /* file part(s) of allowed types -> .files */
};

enum pflag {
	PF_REQUIRED = 1 << 0,
	PF_MULTI = 1 << 1, /* files: one or more parts (max parts: .max) */
	PF_PAST = 1 << 2,  /* dates: not in the future */
	PF_EMPTY = 1 << 3, /* an empty value counts as "not given" */
	PF_PATH = 1 << 4   /* the {name} segment of the route's path, and
	                    * nothing else (never the query or the body) */
};

/* One declared parameter. */
struct pspec {
	const char *name;
	enum ptype type;
	unsigned flags;
	long long min, max;         /* ints; text/digit lengths; file count */
	double dmin, dmax;          /* numbers */
	const char *const *choices; /* PT_CHOICE, NULL-terminated */
	unsigned ftypes;            /* PT_FILE: allowed FT_* mask */
	const uint64_t *fmax;       /* PT_FILE: largest size in bytes */
	const char *alias;          /* another accepted name, or NULL */
	/* An extra rule run on text after the type's own check: 0, or -1
	 * with the rule in err. */
	int (*check)(const char *s, size_t n, char *err, size_t errlen);
};

/* Table entries. */
#define PARAM_INT(n, fl, lo, hi)                                               \
	{                                                                      \
		.name = (n), .type = PT_INT, .flags = (fl), .min = (lo),       \
		.max = (hi)                                                    \
	}
#define PARAM_NUM(n, fl, lo, hi)                                               \
	{                                                                      \
		.name = (n), .type = PT_NUM, .flags = (fl), .dmin = (lo),      \
		.dmax = (hi)                                                   \
	}
#define PARAM_TEXT(n, fl, lo, hi, chk)                                         \
	{                                                                      \
		.name = (n), .type = PT_TEXT, .flags = (fl), .min = (lo),      \
		.max = (hi), .check = (chk)                                    \
	}
#define PARAM_DIGITS(n, fl, lo, hi, chk)                                       \
	{                                                                      \
		.name = (n), .type = PT_DIGITS, .flags = (fl), .min = (lo),    \
		.max = (hi), .check = (chk)                                    \
	}
#define PARAM_URL(n, fl, lo, hi, chk)                                          \
	{                                                                      \
		.name = (n), .type = PT_URL, .flags = (fl), .min = (lo),       \
		.max = (hi), .check = (chk)                                    \
	}
#define PARAM_CHOICE(n, fl, list)                                              \
	{                                                                      \
		.name = (n), .type = PT_CHOICE, .flags = (fl),                 \
		.choices = (list)                                              \
	}
#define PARAM_OF(n, t, fl)                                                     \
	{                                                                      \
		.name = (n), .type = (t), .flags = (fl)                        \
	}
#define PARAM_FILE(n, fl, types, maxp, count)                                  \
	{                                                                      \
		.name = (n), .type = PT_FILE, .flags = (fl),                   \
		.ftypes = (types), .fmax = (maxp), .max = (count)              \
	}
#define PARAM_END                                                              \
	{                                                                      \
		.name = NULL                                                   \
	}

enum auth {
	AUTH_NONE,     /* token ignored */
	AUTH_OPTIONAL, /* uid set when a valid token came */
	AUTH_USER,     /* a valid token is required */
	AUTH_ADMIN     /* a valid token of an administrator */
};

enum method {
	M_GET = 1 << 0,
	M_POST = 1 << 1,
	M_HEAD = 1 << 2, /* answered by a GET route without its body */
	M_PUT = 1 << 3,
	M_DELETE = 1 << 4,
	M_OPTIONS = 1 << 5
};

/* Route flags. */
enum rflag {
	RF_SLASH = 1 << 0, /* served with and without a trailing '/' */
	RF_PUBLIC = 1 << 1 /* open to everyone: the surface's privilege
	                    * guard lets it pass (login, SMS codes) */
};

/* The most {name} segments a route's path may hold. */
#define ROUTE_MAXCAPS 4

typedef enum status (*handler_fn)(struct req *, struct resp *);

/* A route: methods and a path.  A path is literal segments and {name}
 * segments, each of which matches one non-empty segment of the request's
 * path and is declared (PF_PATH) and validated like any other parameter:
 * "/api/v1.0/houses/{id}/images".  Where several routes match a path, the
 * one with the most literal segments wins ("houses/index" over
 * "houses/{id}"), then the first in the table; the methods of the winners
 * make the Allow header of a 405. */
struct route {
	const char *path;
	int prefix; /* path is a prefix ("/file/data/private/") */
	unsigned methods;
	handler_fn handler;
	const struct pspec *params;
	size_t nparams;
	enum auth auth;
	uint64_t body_max; /* 0: the dispatcher's default */
	unsigned flags;    /* RF_* */
	int bad_http;      /* HTTP status of a parameter refusal; 0: 200 */
	/* The body's schema (jschema.h), or NULL: a JSON body, or a form's
	 * fields (strings; an array member from each field of its name or
	 * "name[]"), is validated against it before the handler, which reads
	 * r->json.  params then declares the path and query only. */
	const struct js *body;
};

/* The {name} segments of a matched path. */
struct route_caps {
	size_t n;
	struct {
		const char *name; /* in the pattern, nlen bytes */
		size_t nlen;
		const char *value; /* in the path, vlen bytes */
		size_t vlen;
	} c[ROUTE_MAXCAPS];
};

/* How the dispatcher authenticates: given the token header (or NULL), set
 * r->uid / r->admin and return ST_OK, ST_AUTH, or ST_INTERNAL. */
typedef enum status (*auth_fn)(struct req *, struct resp *);

struct router {
	const struct route *routes;
	size_t nroutes;
	auth_fn authenticate;
	/* Run for every matched route before authentication (a surface's
	 * CSRF check): ST_OK or the refusal; NULL for none. */
	auth_fn guard;
	/* Answers OPTIONS on every path of the table (a CORS preflight),
	 * before anything else; NULL: OPTIONS only where a route has it. */
	auth_fn preflight;
	uint64_t body_max;        /* default body limit */
	int trim;                 /* body strings lose their leading and
	                           * trailing white space before validation */
	int path_404;             /* a {name} segment that does not validate
	                           * is no such object: 404, ST_NOT_FOUND */
	struct req_limits limits; /* tmpdir, field limits (file_max is set
	                           * per route by the dispatcher) */
};

/* Match path against pattern (a route's path without the prefix flag):
 * the number of literal segments, with caps filled, or -1 when it does not
 * match.  slash: a trailing '/' is optional on pattern and path. */
int route_match(const char *pattern, const char *path, int slash,
                struct route_caps *caps);

/* The route for a method (M_*) and a path, or NULL.  *allow gets the
 * methods of the best-matching routes for that path (0: no route has the
 * path: 404; not 0 but NULL returned: 405).  caps may be NULL. */
const struct route *route_lookup(const struct router *, unsigned method,
                                 const char *path, unsigned *allow,
                                 struct route_caps *caps);

/* The first best route for path whatever the method, or NULL. */
const struct route *route_find(const struct router *, const char *path);

/* Set each route's nparams from its params table, which ends with an
 * entry whose name is NULL (PARAM_END). */
void route_count_params(struct route *, size_t n);

/* "GET, HEAD, POST": the Allow header of a method mask into out. */
void route_allow_text(unsigned methods, char *out, size_t len);

/* Run one request through the table: fills res.  rd reads the body. */
void route_dispatch(const struct router *, struct req *, struct resp *,
                    req_read_fn rd, void *rdctx);

/* Validate r's fields against spec[0..n) into r->p.  Exposed for tests. */
enum status route_validate(const struct pspec *spec, size_t n, struct req *,
                           struct resp *);

#endif
