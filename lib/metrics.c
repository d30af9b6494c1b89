#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#include "metrics.h"

typedef _Atomic uint64_t counter;

/* The HTTP statuses counted apart; any other is "other" (index 0). */
static const int http_codes[] = {
        0,   200, 201, 204, 301, 302, 303, 304, 400, 401, 403,
        404, 405, 409, 413, 415, 422, 429, 500, 502, 503,
};
#define NHTTP (sizeof(http_codes) / sizeof(http_codes[0]))

/* Request latency buckets, seconds (upper bounds; +Inf after them). */
static const double req_le[] = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
                                0.25,  0.5,    1,     2.5,  5,     10};
#define NREQ_LE (sizeof(req_le) / sizeof(req_le[0]))
/* Third-party calls take longer: a network round trip at least. */
static const double call_le[] = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
                                 0.5,   1,    2.5,   5,    10,  30};
#define NCALL_LE (sizeof(call_le) / sizeof(call_le[0]))

#define ROWS_MAX 1024

struct row_def {
	const char *surface, *route;
	const struct envelope *env;
};

/* Buckets are stored apart (not cumulative), +Inf last: the count is
 * their sum, so a scrape never shows a count the buckets disagree with. */
struct hist_req {
	counter b[NREQ_LE + 1];
	counter sum_us;
};
struct hist_call {
	counter b[NCALL_LE + 1];
	counter sum_us;
};

struct row {
	counter n[NHTTP][ST__MAX];
	struct hist_req h;
};

struct region {
	counter plain[MET__MAX];
	counter sms[MS__MAX];
	counter calls[MP__MAX][MC__MAX];
	struct hist_call call_h[MP__MAX];
	struct row rows[]; /* nrows */
};

static struct row_def defs[ROWS_MAX];
static int nrows;
static struct region *reg;

static const char *const plain_names[MET__MAX][2] = {
        [MET_WORKER_STARTS] = {"zufang_worker_starts_total",
                               "Worker processes forked by the master."},
        [MET_WORKER_DEATHS] = {"zufang_worker_deaths_total",
                               "Workers that ended unasked (crash, kill); "
                               "the master replaces each."},
        [MET_DB_CONNECT_FAILED] = {"zufang_db_connect_failures_total",
                                   "Database connection attempts that "
                                   "failed."},
        [MET_DB_RECONNECTS] = {"zufang_db_reconnects_total",
                               "Database connections lost and replaced."},
        [MET_DB_ERRORS] = {"zufang_db_errors_total",
                           "Statements the database refused or failed "
                           "(not duplicates or lock retries)."},
        [MET_DB_TX_RETRIES] = {"zufang_db_tx_retries_total",
                               "Transactions run again after a deadlock, "
                               "a lock wait timeout or a Galera "
                               "certification conflict."},
        [MET_UPLOAD_BYTES] = {"zufang_upload_bytes_total",
                              "Bytes of uploaded file parts received."},
        [MET_UPLOAD_FILES] = {"zufang_upload_files_total",
                              "Uploaded file parts received."},
        [MET_SLOW_REQUESTS] = {"zufang_slow_requests_total",
                               "Requests slower than slow_request_ms."},
};

static const char *const peer_names[MP__MAX] = {"other", "wechat", "alipay",
                                                "sms"};
static const char *const call_names[MC__MAX] = {"ok", "http_error",
                                                "transport"};
static const char *const sms_names[MS__MAX] = {
        "sent",       "interval",     "mobile_daily", "ip_daily",
        "registered", "unconfigured", "provider",     "error",
};

int
metrics_row(const char *surface, const char *route, const struct envelope *env)
{
	if (reg != NULL || nrows >= ROWS_MAX)
		return -1;
	defs[nrows].surface = surface;
	defs[nrows].route = route;
	defs[nrows].env = env;
	return nrows++;
}

int
metrics_init(void)
{
	size_t len = sizeof(struct region) + (size_t)nrows * sizeof(struct row);
	void *p;

	if (reg != NULL)
		return 0;
	/* Shared with the children forked after this; zero-filled. */
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
	         -1, 0);
	if (p == MAP_FAILED)
		return -1;
	reg = p;
	return 0;
}

int
metrics_on(void)
{
	return reg != NULL;
}

static void
bump(counter *c, uint64_t n)
{
	atomic_fetch_add_explicit(c, n, memory_order_relaxed);
}

static uint64_t
get(counter *c)
{
	return atomic_load_explicit(c, memory_order_relaxed);
}

void
metrics_add(enum metric m, uint64_t n)
{
	if (reg != NULL && (unsigned)m < MET__MAX)
		bump(&reg->plain[m], n);
}

void
metrics_sms(enum metric_sms s)
{
	if (reg != NULL && (unsigned)s < MS__MAX)
		bump(&reg->sms[s], 1);
}

static size_t
bucket(const double *le, size_t n, double s)
{
	size_t i;

	for (i = 0; i < n && s > le[i]; i++)
		;
	return i;
}

static uint64_t
micros(double s)
{
	return s > 0 ? (uint64_t)(s * 1e6 + 0.5) : 0;
}

void
metrics_call(enum metric_peer p, enum metric_call c, double s)
{
	if (reg == NULL || (unsigned)p >= MP__MAX || (unsigned)c >= MC__MAX)
		return;
	bump(&reg->calls[p][c], 1);
	bump(&reg->call_h[p].b[bucket(call_le, NCALL_LE, s)], 1);
	bump(&reg->call_h[p].sum_us, micros(s));
}

void
metrics_request(int row, int http, enum status st, double s)
{
	struct row *w;
	size_t h;

	if (reg == NULL || row < 0 || row >= nrows)
		return;
	if ((unsigned)st >= ST__MAX)
		st = ST_INTERNAL;
	for (h = NHTTP - 1; h > 0 && http_codes[h] != http; h--)
		;
	w = &reg->rows[row];
	bump(&w->n[h][st], 1);
	bump(&w->h.b[bucket(req_le, NREQ_LE, s)], 1);
	bump(&w->h.sum_us, micros(s));
}

/* ---- rendering ----------------------------------------------------------- */

/* A label value: backslash, quote and line feed escaped. */
static void
label(struct buf *out, const char *name, const char *v, int comma)
{
	if (comma)
		buf_addc(out, ',');
	buf_adds(out, name);
	buf_adds(out, "=\"");
	for (; *v != '\0'; v++) {
		if (*v == '\\' || *v == '"')
			buf_addc(out, '\\');
		if (*v == '\n')
			buf_adds(out, "\\n");
		else
			buf_addc(out, *v);
	}
	buf_addc(out, '"');
}

static void
head(struct buf *out, const char *name, const char *type, const char *help)
{
	buf_addf(out, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

static void
row_labels(struct buf *out, const struct row_def *d)
{
	label(out, "surface", d->surface, 0);
	label(out, "route", d->route != NULL ? d->route : "(unmatched)", 1);
}

static void
le_value(struct buf *out, double le)
{
	char v[32];
	int n = snprintf(v, sizeof(v), "%g", le);

	label(out, "le", n > 0 && (size_t)n < sizeof(v) ? v : "+Inf", 1);
}

/* One histogram series: labels written by lab(ctx), then the buckets. */
static void
hist(struct buf *out, const char *name, const double *le, size_t nle,
     counter *b, counter *sum_us, void (*lab)(struct buf *, const void *),
     const void *ctx)
{
	uint64_t cum = 0;
	size_t i;

	for (i = 0; i <= nle; i++) {
		cum += get(&b[i]);
		buf_addf(out, "%s_bucket{", name);
		lab(out, ctx);
		if (i < nle)
			le_value(out, le[i]);
		else
			label(out, "le", "+Inf", 1);
		buf_addf(out, "} %llu\n", (unsigned long long)cum);
	}
	buf_addf(out, "%s_sum{", name);
	lab(out, ctx);
	buf_addf(out, "} %.6f\n%s_count{", (double)get(sum_us) / 1e6, name);
	lab(out, ctx);
	buf_addf(out, "} %llu\n", (unsigned long long)cum);
}

static void
lab_row(struct buf *out, const void *ctx)
{
	row_labels(out, ctx);
}

static void
lab_peer(struct buf *out, const void *ctx)
{
	label(out, "peer", ctx, 0);
}

static uint64_t
row_total(struct row *w)
{
	uint64_t n = 0;
	size_t i;

	for (i = 0; i <= NREQ_LE; i++)
		n += get(&w->h.b[i]);
	return n;
}

void
metrics_render(struct buf *out)
{
	size_t i, h, s;
	int r;

	if (reg == NULL)
		return;
	for (i = 0; i < MET__MAX; i++) {
		head(out, plain_names[i][0], "counter", plain_names[i][1]);
		buf_addf(out, "%s %llu\n", plain_names[i][0],
		         (unsigned long long)get(&reg->plain[i]));
	}

	head(out, "zufang_sms_total", "counter",
	     "SMS codes asked for, by what became of them.");
	for (i = 0; i < MS__MAX; i++)
		buf_addf(out, "zufang_sms_total{outcome=\"%s\"} %llu\n",
		         sms_names[i], (unsigned long long)get(&reg->sms[i]));

	head(out, "zufang_third_party_calls_total", "counter",
	     "Calls to WeChat, Alipay and the SMS provider, by outcome.");
	for (i = 0; i < MP__MAX; i++)
		for (s = 0; s < MC__MAX; s++)
			buf_addf(out,
			         "zufang_third_party_calls_total{peer=\"%s\","
			         "outcome=\"%s\"} %llu\n",
			         peer_names[i], call_names[s],
			         (unsigned long long)get(&reg->calls[i][s]));
	head(out, "zufang_third_party_call_duration_seconds", "histogram",
	     "Duration of third-party calls.");
	for (i = 0; i < MP__MAX; i++)
		hist(out, "zufang_third_party_call_duration_seconds", call_le,
		     NCALL_LE, reg->call_h[i].b, &reg->call_h[i].sum_us,
		     lab_peer, peer_names[i]);

	/* Rows and outcomes that never happened are left out: most of the
	 * table is zeros. */
	head(out, "zufang_requests_total", "counter",
	     "Requests answered, by surface, route pattern, HTTP status and "
	     "the surface's code.");
	for (r = 0; r < nrows; r++) {
		struct row *w = &reg->rows[r];

		for (h = 0; h < NHTTP; h++)
			for (s = 0; s < ST__MAX; s++) {
				uint64_t n = get(&w->n[h][s]);

				if (n == 0)
					continue;
				buf_adds(out, "zufang_requests_total{");
				row_labels(out, &defs[r]);
				if (h == 0)
					label(out, "status", "other", 1);
				else
					buf_addf(out, ",status=\"%d\"",
					         http_codes[h]);
				label(out, "code",
				      resp_code(defs[r].env, (enum status)s),
				      1);
				buf_addf(out, "} %llu\n",
				         (unsigned long long)n);
			}
	}
	head(out, "zufang_request_duration_seconds", "histogram",
	     "Time a worker took to answer a request, by surface and route "
	     "pattern.");
	for (r = 0; r < nrows; r++) {
		struct row *w = &reg->rows[r];

		if (row_total(w) == 0)
			continue;
		hist(out, "zufang_request_duration_seconds", req_le, NREQ_LE,
		     w->h.b, &w->h.sum_us, lab_row, &defs[r]);
	}
}
