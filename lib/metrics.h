/* Service-wide counters, rendered in the Prometheus text exposition format
 * (version 0.0.4).  The workers are separate processes, so the counters live
 * in one shared anonymous mapping made by the master before it forks: every
 * worker adds to the same fixed-size arrays with relaxed atomic adds (no
 * lock, no system call), and whichever worker answers a scrape reads them
 * all.  Before metrics_init() (zufang-admin, unit tests) every update is a
 * no-op.
 *
 * Requests are counted by row: a (surface, route pattern) pair registered
 * at start from the route tables.  Never a raw path: paths carry ids and
 * mobile numbers. */
#ifndef ZF_METRICS_H
#define ZF_METRICS_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "resp.h"

/* Plain counters. */
enum metric {
	MET_WORKER_STARTS,     /* workers forked by the master */
	MET_WORKER_DEATHS,     /* workers that ended without being asked */
	MET_DB_CONNECT_FAILED, /* connection attempts that failed */
	MET_DB_RECONNECTS,     /* connections lost and dropped for a new one */
	MET_DB_ERRORS,         /* statements the server refused or failed */
	MET_DB_TX_RETRIES,     /* transactions run again (deadlock, Galera) */
	MET_UPLOAD_BYTES,      /* bytes of uploaded file parts written */
	MET_UPLOAD_FILES,      /* uploaded file parts */
	MET_SLOW_REQUESTS,     /* requests over slow_request_ms */
	MET__MAX
};

/* Third parties (lib/http.c calls, tagged by their callers). */
enum metric_peer { MP_OTHER, MP_WECHAT, MP_ALIPAY, MP_SMS, MP__MAX };

/* How a call ended: a 2xx answer, another HTTP status, or no answer at
 * all (DNS, connect, TLS, timeout, too large). */
enum metric_call { MC_OK, MC_HTTP_ERROR, MC_TRANSPORT, MC__MAX };

/* What became of an SMS code asked for. */
enum metric_sms {
	MS_SENT,         /* the provider took it */
	MS_INTERVAL,     /* refused: the same number too soon */
	MS_MOBILE_DAY,   /* refused: the number's daily cap */
	MS_IP_DAY,       /* refused: the address's daily cap */
	MS_REGISTERED,   /* refused: the number has an account already */
	MS_UNCONFIGURED, /* refused: no SMS provider configured */
	MS_PROVIDER,     /* the provider refused or failed */
	MS_ERROR,        /* our own failure (database, ...) */
	MS__MAX
};

/* Before metrics_init: add a request row for a route of a surface (both
 * strings static; route NULL for the surface's paths that match no route)
 * whose outcomes env names.  Returns the row's id, or -1 after
 * metrics_init or when the table is full. */
int metrics_row(const char *surface, const char *route,
                const struct envelope *env);

/* Map the shared region sized for the rows registered.  In the master,
 * before forking.  0, or -1 (then metrics stay off). */
int metrics_init(void);

/* 1 once metrics_init succeeded. */
int metrics_on(void);

void metrics_add(enum metric, uint64_t n);
void metrics_sms(enum metric_sms);

/* One third-party call of peer that took seconds. */
void metrics_call(enum metric_peer, enum metric_call, double seconds);

/* One request of row (ignored when out of range) answered with HTTP
 * status http and outcome st, in seconds. */
void metrics_request(int row, int http, enum status st, double seconds);

/* Append the whole exposition to out. */
void metrics_render(struct buf *out);

/* The Content-Type of metrics_render's text. */
#define METRICS_CTYPE "text/plain; version=0.0.4; charset=utf-8"

#endif
