/* zufang-fcgi: started by spawn-fcgi on a listening socket (fd 0); a master
 * keeps the configured number of workers alive; each worker runs the
 * accept loop below. */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <fcgiapp.h>

#include "accounts.h"
#include "app.h"
#include "crypto.h"
#include "dispatch.h"
#include "http.h"
#include "log.h"
#include "metrics.h"
#include "prefork.h"
#include "schema.h"
#include "stays.h"
#include "upload.h"
#include "valid.h"

static ssize_t
fcgi_read(void *ctx, char *buf, size_t n)
{
	int got = FCGX_GetStr(buf, n > 65536 ? 65536 : (int)n, ctx);

	return got < 0 ? -1 : got;
}

static const char *
param(FCGX_Request *fr, const char *name, const char *def)
{
	const char *v = FCGX_GetParam(name, fr->envp);

	return v != NULL ? v : def;
}

static const char *
fcgi_env(void *ctx, const char *name)
{
	return param(ctx, name, NULL);
}

/* nginx's $request_id (32 hex characters) or our own. */
static const char *
request_id(struct req *r, FCGX_Request *fr)
{
	const char *v = param(fr, "REQUEST_ID", NULL);
	unsigned char raw[16];
	char *hex;
	size_t i;

	if (v != NULL && strlen(v) == 32) {
		for (i = 0; i < 32 && strchr("0123456789abcdef", v[i]); i++)
			;
		if (i == 32)
			return v;
	}
	hex = arena_alloc(r->a, 33);
	if (crypto_random(raw, sizeof(raw)) < 0)
		memset(raw, 0, sizeof(raw));
	crypto_hex(raw, sizeof(raw), hex);
	return hex;
}

static void
handle(FCGX_Request *fr)
{
	const struct surface *s;
	struct timespec t0, t1;
	struct buf out = {0};
	struct resp res;
	struct req r;
	const char *clen;
	char err[64];
	long long n = 0;
	double ms;
	int http;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	req_init(&r);
	resp_init(&res);
	r.method = param(fr, "REQUEST_METHOD", "GET");
	r.path = param(fr, "DOCUMENT_URI", param(fr, "SCRIPT_NAME", "/"));
	r.query = param(fr, "QUERY_STRING", "");
	r.ctype = param(fr, "CONTENT_TYPE", "");
	r.token = param(fr, "HTTP_TOKEN", NULL);
	r.cookie = param(fr, "HTTP_COOKIE", NULL);
	r.getenv = fcgi_env;
	r.envctx = fr;
	r.remote_addr = param(fr, "REMOTE_ADDR", "");
	clen = param(fr, "CONTENT_LENGTH", "");
	if (*clen != '\0' && valid_int(clen, strlen(clen), 0, (1LL << 40), &n,
	                               err, sizeof(err)) == 0)
		r.clen = (uint64_t)n;
	r.rid = request_id(&r, fr);
	log_set_request(r.rid);

	s = dispatch(&r, &res, fcgi_read, fr->in);
	resp_render(&res, s->env, r.rid, &out);
	FCGX_PutStr(out.p, (int)out.len, fr->out);

	clock_gettime(CLOCK_MONOTONIC, &t1);
	ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 +
	     (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
	http = resp_http(s->env, &res);
	/* The route's own path, or the path asked for (never the query
	 * string; the log replaces control characters). */
	log_info("%.16s %.200s -> %d %s %s user %lld %.1f ms", r.method,
	         r.route ? r.route->path : r.path, http, s->name,
	         resp_code(s->env, res.st), r.uid, ms);
	metrics_request(dispatch_metrics_row(s, r.route), http, res.st,
	                ms / 1e3);
	/* Only the route's pattern: a raw path may hold ids and numbers. */
	if (ms >= (double)app.cfg.slow_request_ms) {
		metrics_add(MET_SLOW_REQUESTS, 1);
		log_warn("slow request: %.16s %.200s surface %s -> %d %s "
		         "%.1f ms (slow_request_ms %lld)",
		         r.method, r.route ? r.route->path : "(unmatched)",
		         s->name, http, resp_code(s->env, res.st), ms,
		         app.cfg.slow_request_ms);
	}
	log_set_request(NULL);
	buf_free(&out);
	resp_free(&res);
	req_cleanup(&r);
}

static int
work(void *ctx)
{
	FCGX_Request fr;
	sigset_t term, old;

	(void)ctx;
	sigemptyset(&term);
	sigaddset(&term, SIGTERM);
	/* SIGUSR1 (reopen the log) waits for the answer as well. */
	sigaddset(&term, SIGUSR1);
	app.db = app_db_new(schema_sql, Q__MAX, 5, 0);
	db_connect(app.db); /* lazily retried when it fails now */
	FCGX_InitRequest(&fr, 0, FCGI_FAIL_ACCEPT_ON_INTR);
	while (!prefork_stopping() && FCGX_Accept_r(&fr) == 0) {
		/* A stop request waits until the answer is out: libfcgi does
		 * not retry a read or write that a signal interrupted. */
		sigprocmask(SIG_BLOCK, &term, &old);
		handle(&fr);
		FCGX_Finish_r(&fr);
		sigprocmask(SIG_SETMASK, &old, NULL);
	}
	FCGX_Free(&fr, 1);
	db_free(app.db);
	app.db = NULL;
	return 0;
}

/* Remove the temporary upload files of worker pid, or of every worker
 * when pid is 0 (at start, before any worker runs). */
static void
sweep_uploads(long pid, void *ctx)
{
	char prefix[32];
	struct dirent *e;
	DIR *d;
	int n;

	(void)ctx;
	n = pid ? snprintf(prefix, sizeof(prefix), "up-%ld-", pid)
	        : snprintf(prefix, sizeof(prefix), "up-");
	if (n < 0 || (size_t)n >= sizeof(prefix))
		return;
	if ((d = opendir(app.cfg.upload_tmp_dir)) == NULL)
		return;
	while ((e = readdir(d)) != NULL)
		if (strncmp(e->d_name, prefix, (size_t)n) == 0 &&
		    unlinkat(dirfd(d), e->d_name, 0) == 0)
			log_info("removed an upload left by worker %ld", pid);
	closedir(d);
}

/* The media folders, so a fresh installation works at once. */
static int
make_media_dirs(void)
{
	static const char *const sub[] = {
	        "",
	        "/data",
	        "/data/userphoto",
	        "/data/private",
	};
	struct buf path = {0};
	size_t i;

	for (i = 0; i <= sizeof(sub) / sizeof(sub[0]); i++) {
		buf_reset(&path);
		if (i < sizeof(sub) / sizeof(sub[0]))
			buf_addf(&path, "%s%s", app.cfg.media_dir, sub[i]);
		else
			buf_adds(&path, app.cfg.upload_tmp_dir);
		if (mkdir(path.p, 0750) < 0 && errno != EEXIST) {
			fprintf(stderr, "zufang-fcgi: cannot create %s: %s\n",
			        path.p, strerror(errno));
			buf_free(&path);
			return -1;
		}
	}
	buf_free(&path);
	return 0;
}

/* iHome's city must have counties (ihome.md 5); when the database cannot
 * be reached now, the areas route answers the failure later. */
static int
check_city(void)
{
	int ok = -1;

	app.db = app_db_new(schema_sql, Q__MAX, 5, 0);
	if (db_connect(app.db) == DB_OK)
		ok = stays_city_ok();
	db_free(app.db);
	app.db = NULL;
	if (ok == 0) {
		fprintf(stderr,
		        "zufang-fcgi: ihome_city_code %lld is not a city with "
		        "counties in the regions table; set ihome_city_code "
		        "(ZUFANG_IHOME_CITY_CODE) to one, e.g. 110100\n",
		        app.cfg.ihome_city_code);
		return -1;
	}
	if (ok < 0)
		log_warn("the database is unreachable at start: "
		         "ihome_city_code is checked later");
	return 0;
}

int
main(void)
{
	struct crypto_pwparams pp;
	int rc;

	if (config_load(&app.cfg, 1) < 0)
		return 1;
	if (log_open(app.cfg.log_file, app.cfg.log_level) < 0)
		fprintf(stderr,
		        "zufang: cannot open the log %s; using stderr\n",
		        app.cfg.log_file);
	if (FCGX_IsCGI()) {
		fprintf(stderr, "zufang-fcgi: fd 0 is not a listening socket; "
		                "start it with spawn-fcgi\n");
		return 1;
	}
	if (FCGX_Init() != 0 || http_init() < 0 || upload_init() < 0) {
		fprintf(stderr, "zufang-fcgi: initialisation failed\n");
		return 1;
	}
	if (make_media_dirs() < 0)
		return 1;
	sweep_uploads(0, NULL);
	dispatch_init();
	if (check_city() < 0)
		return 1;
	/* Before the fork: every worker adds to the same counters. */
	dispatch_metrics_rows();
	if (metrics_init() < 0)
		log_warn("metrics: no shared memory; /metrics stays empty");
	/* The dummy hash of unknown-account logins, made once for all
	 * workers, so the first such login costs what later ones do. */
	accounts_pwparams(&pp);
	crypto_pwdummy("warm-up", 7, &pp);
	rc = prefork_run(app.cfg.workers, work, sweep_uploads, NULL);
	upload_done();
	http_done();
	config_free(&app.cfg);
	return rc == 0 ? 0 : 1;
}
