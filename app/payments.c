/* Payments through Alipay (qsz.md 6, ihome.md 7): the trades and payment
 * URLs of viewing requests and bookings, the asynchronous notify, binding an
 * Alipay account, the Zhima score and company-to-person transfers.  The
 * protocol is lib/alipay.c's; what is checked here is whose and how much.
 * Statements in schema.c. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bills.h"
#include "bookings.h"
#include "buf.h"
#include "crypto.h"
#include "log.h"
#include "payments.h"
#include "schema.h"
#include "viewings.h"

#define URL_MAX       PAY_URL_MAX /* Alipay's limit for notify_url, ... */
#define STATE_TTL_S   600
#define ZHIMA_PRODUCT "w1010100100000000001"
#define TOKEN_MAX     200 /* bytes of an Alipay token or user id */

/* ---- the client, set up on first use in each worker ------------------- */

/* A worker that could not set Alipay up tries again after this long. */
#define SETUP_RETRY_S 30

static struct {
	time_t tried; /* when setup last ran; 0 never */
	int ready;
	enum pay_fault_kind why; /* why not ready */
	struct alipay_key *app_key, *pub;
	struct alipay_client cli;
	char base[URL_MAX]; /* public base URL, no trailing '/' */
} ali;

static void
setup(void)
{
	const struct config *c = &app.cfg;
	time_t now = time(NULL);
	char err[160];

	if (ali.ready || (ali.tried != 0 && now - ali.tried < SETUP_RETRY_S))
		return;
	ali.tried = now;
	alipay_key_free(ali.app_key);
	alipay_key_free(ali.pub);
	ali.app_key = ali.pub = NULL;
	if (snprintf(ali.base, sizeof(ali.base), "%s", app_public_base()) >=
	    (int)sizeof(ali.base))
		log_warn("alipay: public base URL longer than %d bytes",
		         URL_MAX - 1);
	if (c->alipay_app_id == NULL) {
		ali.why = PAYF_NO_APP_ID;
		return;
	}
	ali.app_key = alipay_key_private_file(
	        config_value(c, "alipay_app_private_key_file"), err,
	        sizeof(err));
	if (ali.app_key == NULL) {
		log_err("alipay: application private key: %s", err);
		ali.why = PAYF_NO_APP_KEY;
		return;
	}
	ali.pub = alipay_key_public_file(
	        config_value(c, "alipay_public_key_file"), err, sizeof(err));
	if (ali.pub == NULL) {
		log_err("alipay: Alipay public key: %s", err);
		ali.why = PAYF_NO_ALIPAY_KEY;
		return;
	}
	if (c->public_base_url == NULL)
		log_warn("alipay: public_base_url is not set: notifies and "
		         "redirects go to %s, which Alipay must be able to "
		         "reach",
		         ali.base);
	ali.cli.gateway = c->alipay_gateway;
	ali.cli.app_id = c->alipay_app_id;
	ali.cli.app_key = ali.app_key;
	ali.cli.alipay_pub = ali.pub;
	ali.cli.timeout_ms = c->http_timeout_ms;
	ali.cli.ca_file = c->http_ca_file;
	ali.why = PAYF_NONE;
	ali.ready = 1;
}

/* ST_THIRD_PARTY with *f (when not NULL) set to kind and code (NULL for
 * none; a longer one is cut). */
static enum status
fault(struct pay_fault *f, enum pay_fault_kind kind, const char *code)
{
	size_t n = code ? strlen(code) : 0;

	if (f == NULL)
		return ST_THIRD_PARTY;
	if (n >= sizeof(f->code))
		n = sizeof(f->code) - 1;
	f->kind = kind;
	memcpy(f->code, code ? code : "", n);
	f->code[n] = '\0';
	return ST_THIRD_PARTY;
}

enum status
payments_ready(struct pay_fault *f)
{
	if (f != NULL)
		fault(f, PAYF_NONE, NULL);
	setup();
	if (ali.ready)
		return ST_OK;
	return fault(f, ali.why, NULL);
}

const char *
payments_fault_word(const struct pay_fault *f)
{
	static const char *const words[PAYF__MAX] = {
	        [PAYF_NONE] = "no fault",
	        [PAYF_NO_APP_ID] = "not configured (alipay_app_id is empty)",
	        [PAYF_NO_APP_KEY] = "not configured (no application key)",
	        [PAYF_NO_ALIPAY_KEY] = "not configured (no Alipay public key)",
	        [PAYF_UNREACHABLE] = "unreachable",
	        [PAYF_UNVERIFIED] = "answer not verified",
	        [PAYF_NOT_SENT] = "request not sent",
	        [PAYF_REFUSED] = "refused",
	        [PAYF_AUTH_EXPIRED] = ("the authorization expired; bind "
	                               "Alipay again"),
	        [PAYF_TOKEN_INCOMPLETE] = "incomplete token answer",
	        [PAYF_NO_SCORE] = "no zm_score in the answer",
	        [PAYF_XFER_REFUSED] = "",
	        [PAYF_XFER_UNKNOWN] = "outcome unknown",
	        [PAYF_REFUND_REFUSED] = "",
	        [PAYF_REFUND_UNKNOWN] = "outcome unknown",
	};

	if (f == NULL || (unsigned)f->kind >= PAYF__MAX)
		return "unknown fault";
	/* Alipay's own word when it said one; a refused transfer's always. */
	if ((f->kind == PAYF_REFUSED && f->code[0] != '\0') ||
	    f->kind == PAYF_XFER_REFUSED || f->kind == PAYF_REFUND_REFUSED)
		return f->code;
	return words[f->kind];
}

/* ST_THIRD_PARTY for an answer that was not a success. */
static enum status
refused(struct pay_fault *f, const struct alipay_resp *a, const char *what)
{
	log_warn("alipay: %s refused: code %s, sub_code %s", what, a->code,
	         a->sub_code);
	return fault(f, PAYF_REFUSED, a->sub_code[0] ? a->sub_code : a->code);
}

/* ST_THIRD_PARTY for a call that did not get a verified answer. */
static enum status
failed(struct pay_fault *f, int rc, const char *err, const char *what)
{
	log_warn("alipay: %s failed (%d): %s", what, rc, err);
	return fault(f,
	             rc == ALIPAY_ETRANSPORT    ? PAYF_UNREACHABLE
	             : rc == ALIPAY_EUNVERIFIED ? PAYF_UNVERIFIED
	                                        : PAYF_NOT_SENT,
	             NULL);
}

/* A fresh id of letters, digits and '_': prefix, number, '_', 16 random
 * hex digits. */
static int
fresh_id(char *out, size_t len, const char *prefix, long long n)
{
	unsigned char rnd[8];
	char hex[17];

	if (crypto_random(rnd, sizeof(rnd)) != 0)
		return -1;
	crypto_hex(rnd, sizeof(rnd), hex);
	return snprintf(out, len, "%s%lld_%s", prefix, n, hex) < (int)len ? 0
	                                                                  : -1;
}

/* A member of a node as text: strings as they are, numbers printed; NULL
 * when absent or too long. */
static const char *
member(const cJSON *node, const char *name, char *tmp, size_t len)
{
	const cJSON *m = cJSON_GetObjectItemCaseSensitive(node, name);

	if (cJSON_IsString(m) && strlen(m->valuestring) < len)
		return m->valuestring;
	if (cJSON_IsNumber(m)) {
		if (snprintf(tmp, len, "%.0f", m->valuedouble) >= (int)len)
			return NULL;
		return tmp;
	}
	return NULL;
}

/* A lifetime in seconds from a member (string or number), default def. */
static long long
seconds(const cJSON *node, const char *name, long long def)
{
	char tmp[32];
	const char *s = member(node, name, tmp, sizeof(tmp));
	long long v = 0;

	if (s == NULL || *s == '\0' || strspn(s, "0123456789") != strlen(s) ||
	    strlen(s) > 10)
		return def;
	v = strtoll(s, NULL, 10);
	return v > 0 ? v : def;
}

/* ---- the return URL rule ---------------------------------------------- */

/* The host[:port] of an http(s) URL, lower-cased, into host; 0, or -1 when
 * the URL is not a plain absolute http(s) URL. */
static int
url_host(const char *url, char *host, size_t len)
{
	const char *p, *end;
	size_t i, n;

	if (strncmp(url, "https://", 8) == 0)
		p = url + 8;
	else if (strncmp(url, "http://", 7) == 0)
		p = url + 7;
	else
		return -1;
	end = p + strcspn(p, "/?#");
	n = (size_t)(end - p);
	if (n == 0 || n >= len)
		return -1;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];

		/* No user info ("good.com@evil.com"), no backslashes, no
		 * spaces or controls: only what a host and a port are made
		 * of. */
		if (!isalnum(c) && c != '.' && c != '-' && c != ':' &&
		    c != '[' && c != ']')
			return -1;
		host[i] = (char)tolower(c);
	}
	host[n] = '\0';
	return 0;
}

/* 1 when host (host[:port]) is allowed for return URLs. */
static int
host_allowed(const char *host)
{
	const char *list = app.cfg.return_url_hosts, *p, *end;
	char mine[URL_MAX];
	size_t n;

	if (list == NULL || *list == '\0')
		return url_host(ali.base, mine, sizeof(mine)) == 0 &&
		       strcmp(host, mine) == 0;
	for (p = list; *p != '\0'; p = *end ? end + 1 : end) {
		end = p + strcspn(p, ", ");
		n = (size_t)(end - p);
		if (n == 0)
			continue;
		if (strlen(host) == n && strncasecmp(host, p, n) == 0)
			return 1;
	}
	return 0;
}

int
payments_check_return_url(const char *s, size_t n, char *err, size_t len)
{
	char host[URL_MAX];

	setup();
	if (url_host(s, host, sizeof(host)) < 0) {
		snprintf(err, len, "expected an http or https URL");
		return -1;
	}
	if (!host_allowed(host)) {
		snprintf(err, len, "host %s is not allowed", host);
		return -1;
	}
	(void)n;
	return 0;
}

/* ---- trades and payment URLs ------------------------------------------ */

/* How long a trade can be paid (timeout_express); a payment URL asked
 * for meanwhile reuses it, so a request has one payable trade at a time. */
#define TRADE_TTL_S   1800
#define TRADE_TIMEOUT "30m"

/* What a trade pays: a viewing request, a booking or a rental bill. */
struct trade_kind {
	unsigned open, insert; /* Q_PAY_OPEN*, Q_PAY_INSERT* */
	const char *prefix;    /* of out_trade_no */
	const char *what;      /* for the log */
};

static const struct trade_kind viewing_trade = {Q_PAY_OPEN, Q_PAY_INSERT, "V",
                                                "pre_order"};
static const struct trade_kind booking_trade = {
        Q_PAY_OPEN_BOOKING, Q_PAY_INSERT_BOOKING, "B", "booking"};
static const struct trade_kind bill_trade = {Q_PAY_OPEN_BILL, Q_PAY_INSERT_BILL,
                                             "R", "bill"};

/* The trade to pay id (of kind k) with: the one still payable, else a new
 * one (recorded).  Inside the payer's transaction. */
static enum status
trade_of(const struct trade_kind *k, long long id, long long uid, long long fen,
         char *trade, size_t len)
{
	struct db_val a[4] = {DB_INT(id), DB_INT(fen),
	                      DB_INT(TRADE_TTL_S - 60)};
	struct db_res *rows = NULL;
	int rc;

	if ((rc = db_exec(app.db, k->open, a, 3, &rows, NULL, NULL)) != DB_OK)
		return app_db_status(rc, "payment");
	if (rows->nrows == 1 && strlen(db_str(rows, 0, 0)) < len) {
		snprintf(trade, len, "%s", db_str(rows, 0, 0));
		db_res_free(rows);
		return ST_OK;
	}
	db_res_free(rows);
	if (fresh_id(trade, len, k->prefix, id) < 0)
		return ST_INTERNAL;
	a[0] = DB_STR(trade);
	a[1] = DB_INT(id);
	a[2] = DB_INT(uid);
	a[3] = DB_INT(fen);
	if ((rc = db_exec(app.db, k->insert, a, 4, NULL, NULL, NULL)) != DB_OK)
		return app_db_status(rc, "payment");
	log_info("payment %s: new trade of %s %lld", trade, k->what, id);
	return ST_OK;
}

/* A signed alipay.trade.wap.pay URL (malloc'ed) of trade for fen,
 * notified at our notify route; return_url (and quit_url) when not NULL.
 * NULL after logging. */
static char *
wap_pay_url(const char *trade, long long fen, const char *subject,
            const char *timeout, const char *return_url)
{
	struct alipay_params extra = {0};
	char yuan[ALIPAY_YUAN_LEN], err[160], notify[URL_MAX + 32];
	char *biz_text = NULL, *url = NULL;
	cJSON *biz;

	if (alipay_fen_to_yuan(fen, yuan) < 0)
		return NULL;
	snprintf(notify, sizeof(notify), "%s/payment/ali/notify", ali.base);
	/* The amount is the payer's record's, never the client's. */
	biz = cJSON_CreateObject();
	cJSON_AddStringToObject(biz, "out_trade_no", trade);
	cJSON_AddStringToObject(biz, "total_amount", yuan);
	cJSON_AddStringToObject(biz, "subject", subject);
	cJSON_AddStringToObject(biz, "product_code", "QUICK_WAP_WAY");
	cJSON_AddStringToObject(biz, "timeout_express", timeout);
	if (return_url != NULL)
		cJSON_AddStringToObject(biz, "quit_url", return_url);
	biz_text = cJSON_PrintUnformatted(biz);
	alipay_params_add(&extra, "notify_url", notify);
	if (return_url != NULL)
		alipay_params_add(&extra, "return_url", return_url);
	if (biz_text == NULL ||
	    (url = alipay_page_url(&ali.cli, "alipay.trade.wap.pay", biz_text,
	                           &extra, err, sizeof(err))) == NULL)
		log_err("alipay: payment URL: %s",
		        biz_text ? err : "no memory");
	cJSON_Delete(biz);
	free(biz_text);
	alipay_params_free(&extra);
	return url;
}

/* Inside the payer's transaction, its record locked and checked: the
 * trade paying id (of kind k) fen, its payment URL (*url, malloc'ed) and
 * the commit; the rollback after any failure. */
static enum status
locked_url(const struct trade_kind *k, long long id, long long uid,
           long long fen, const char *subject, const char *timeout,
           const char *return_url, char **url, struct pay_fault *f)
{
	char trade[64];
	enum status st;
	int rc;

	*url = NULL;
	if ((st = payments_ready(f)) != ST_OK ||
	    (st = trade_of(k, id, uid, fen, trade, sizeof(trade))) != ST_OK)
		goto fail;
	if ((*url = wap_pay_url(trade, fen, subject, timeout, return_url)) ==
	    NULL) {
		st = ST_INTERNAL;
		goto fail;
	}
	if ((rc = db_commit(app.db)) != DB_OK) {
		st = app_db_status(rc, "payment");
		goto fail;
	}
	return ST_OK;
fail:
	db_rollback(app.db);
	free(*url);
	*url = NULL;
	return st;
}

static enum status
viewing_url_once(long long uid, long long id, const char *return_url,
                 char **url, int *state, struct pay_fault *f)
{
	long long fee = app.cfg.viewing_fee_fen;
	struct db_res *row = NULL;
	enum status st;

	*url = NULL;
	*state = 0;
	if ((st = payments_ready(f)) != ST_OK)
		return st;
	if ((st = viewings_lock(id, uid, &row)) != ST_OK)
		return st;
	*state = (int)db_int(row, 0, PO_STATE, 0);
	db_res_free(row);
	if (*state != PO_CREATED) {
		db_rollback(app.db);
		return ST_CONFLICT;
	}
	/* The amount is the configured fee. */
	return locked_url(&viewing_trade, id, uid, fee, "信息费", TRADE_TIMEOUT,
	                  return_url, url, f);
}

enum status
payments_viewing_url(long long uid, long long id, const char *return_url,
                     char **url, int *state, struct pay_fault *f)
{
	enum status st;
	int attempt = 0;

	do
		st = viewing_url_once(uid, id, return_url, url, state, f);
	while (app_tx_again(st, attempt++));
	return st;
}

static enum status
booking_url_once(long long uid, long long id, const char *return_url,
                 char **url, char *state, size_t statelen, struct pay_fault *f)
{
	struct db_res *row = NULL;
	char timeout[16];
	const char *status;
	long long fen, left;
	enum status st;

	*url = NULL;
	if (statelen > 0)
		state[0] = '\0';
	if (f != NULL)
		fault(f, PAYF_NONE, NULL);
	if ((st = bookings_lock(id, &row)) != ST_OK)
		return st;
	fen = db_int(row, 0, BL_AMOUNT, 0);
	left = db_int(row, 0, BL_HOLD_LEFT, 0);
	status = db_str(row, 0, BL_STATUS);
	if (db_int(row, 0, BL_GUEST, 0) != uid) {
		st = ST_FORBIDDEN;
		goto fail;
	}
	if (strcmp(status, "WAIT_PAYMENT") != 0 || left < 60) {
		if (strcmp(status, "WAIT_PAYMENT") != 0 && statelen > 0 &&
		    snprintf(state, statelen, "%s", status) >= (int)statelen)
			state[0] = '\0';
		st = ST_CONFLICT;
		goto fail;
	}
	snprintf(timeout, sizeof(timeout), "%lldm",
	         left / 60 < 30 ? left / 60 : 30);
	db_res_free(row);
	/* The amount is the booking's. */
	return locked_url(&booking_trade, id, uid, fen, "房屋预订", timeout,
	                  return_url, url, f);
fail:
	db_rollback(app.db);
	db_res_free(row);
	return st;
}

enum status
payments_booking_url(long long uid, long long id, const char *return_url,
                     char **url, char *state, size_t statelen,
                     struct pay_fault *f)
{
	enum status st;
	int attempt = 0;

	do
		st = booking_url_once(uid, id, return_url, url, state, statelen,
		                      f);
	while (app_tx_again(st, attempt++));
	return st;
}

static enum status
bill_url_once(long long uid, long long id, const char *return_url, char **url,
              int *status, struct pay_fault *f)
{
	struct db_res *row = NULL;
	long long fen;
	enum status st;

	*url = NULL;
	*status = -1;
	if (f != NULL)
		fault(f, PAYF_NONE, NULL);
	if ((st = bills_lock(id, &row)) != ST_OK)
		return st;
	if (db_int(row, 0, BI_TENANT, -1) != uid) {
		/* Its landlord sees it but does not pay it; to anyone else it
		 * is not there. */
		st = db_int(row, 0, BI_LANDLORD, 0) == uid ? ST_FORBIDDEN
		                                           : ST_NOT_FOUND;
		goto fail;
	}
	*status = (int)db_int(row, 0, BI_STATUS, 0);
	if (*status != BS_SENT) {
		st = ST_CONFLICT;
		goto fail;
	}
	fen = db_int(row, 0, BI_TOTAL, 0);
	db_res_free(row);
	/* The amount is the bill's total as sent. */
	return locked_url(&bill_trade, id, uid, fen, "房租账单", TRADE_TIMEOUT,
	                  return_url, url, f);
fail:
	db_rollback(app.db);
	db_res_free(row);
	return st;
}

enum status
payments_bill_url(long long uid, long long id, const char *return_url,
                  char **url, int *status, struct pay_fault *f)
{
	enum status st;
	int attempt = 0;

	do
		st = bill_url_once(uid, id, return_url, url, status, f);
	while (app_tx_again(st, attempt++));
	return st;
}

/* ---- the notify ------------------------------------------------------- */

/* Apply a verified notify of ours: mark the trade and its request paid in
 * one transaction, once.  1 when it was handled (or had been), 0 when its
 * content does not match the trade, -1 on a database failure. */
static int
notify_apply(const struct alipay_params *p, long long fen)
{
	const char *trade = alipay_params_get(p, "out_trade_no");
	const char *status = alipay_params_get(p, "trade_status");
	const char *trade_no = alipay_params_get(p, "trade_no");
	struct db_res *row = NULL;
	struct db_val a[4];
	long long pid, preorder, booking, bill, target;
	const char *what;
	uint64_t changed = 0;
	int rc, tries, settled = 0,
	               paid = strcmp(status, "TRADE_SUCCESS") == 0 ||
	                      strcmp(status, "TRADE_FINISHED") == 0;

	for (tries = 0; tries < DB_TX_TRIES; tries++) {
		a[0] = DB_STR(trade);
		if ((rc = db_begin(app.db)) != DB_OK ||
		    (rc = db_exec(app.db, Q_PAY_LOCK, a, 1, &row, NULL,
		                  NULL)) != DB_OK)
			goto fail;
		if (row->nrows != 1) {
			log_warn("alipay notify: unknown out_trade_no");
			db_rollback(app.db);
			db_res_free(row);
			return 0;
		}
		pid = db_int(row, 0, 0, 0);
		preorder = db_int(row, 0, 1, 0);
		if (db_int(row, 0, 2, -1) != fen) {
			log_warn("alipay notify: payment %lld: total_amount is "
			         "%lld fen, %lld expected",
			         pid, fen, db_int(row, 0, 2, -1));
			db_rollback(app.db);
			db_res_free(row);
			return 0;
		}
		if (!paid || db_int(row, 0, 3, 0) != 0) {
			/* Not a payment (WAIT_BUYER_PAY, TRADE_CLOSED), or a
			 * replay: nothing changes. */
			log_info("alipay notify: payment %lld: %s%s", pid,
			         status, paid ? " again" : ", no change");
			db_rollback(app.db);
			db_res_free(row);
			return 1;
		}
		booking = db_int(row, 0, 4, 0);
		bill = db_int(row, 0, 5, 0);
		db_res_free(row);
		row = NULL;
		if (bill != 0) {
			/* Settled as the landlord's /bill/payment with pay 2.
			 */
			if ((rc = bills_settle_trade(bill, fen, &settled)) !=
			    DB_OK)
				goto fail;
			changed = settled == 1;
		} else {
			a[0] = DB_INT(booking ? booking : preorder);
			if ((rc = db_exec(app.db,
			                  booking ? Q_BOOKING_SET_PAID
			                          : Q_PREORDER_SET_PAID,
			                  a, 1, NULL, &changed, NULL)) != DB_OK)
				goto fail;
		}
		what = bill ? "bill" : booking ? "booking" : "pre_order";
		target = bill ? bill : booking ? booking : preorder;
		/* Paid for a request no longer open (cancelled meanwhile, or
		 * paid through another trade): kept as state 2, to refund. */
		a[0] = DB_INT(changed == 1 ? 1 : 2);
		a[1] = trade_no ? DB_STR(trade_no) : DB_NULLV;
		a[2] = DB_STR(status);
		a[3] = DB_INT(pid);
		if ((rc = db_exec(app.db, Q_PAY_SET_PAID, a, 4, NULL, NULL,
		                  NULL)) != DB_OK ||
		    (rc = db_commit(app.db)) != DB_OK)
			goto fail;
		if (changed == 1)
			log_info("alipay notify: payment %lld paid; %s %lld "
			         "paid",
			         pid, what, target);
		else
			log_warn("alipay notify: payment %lld paid, but %s "
			         "%lld was no longer waiting for it: refund it",
			         pid, what, target);
		return 1;
	fail:
		db_rollback(app.db);
		db_res_free(row);
		row = NULL;
		if (!db_tx_again(app.db, rc, tries)) {
			app_db_status(rc, "alipay notify");
			return -1;
		}
	}
	return -1;
}

enum status
payments_notify(const struct alipay_params *p)
{
	const char *v;
	char err[160];
	long long fen;
	int rc;

	if (payments_ready(NULL) != ST_OK)
		return ST_THIRD_PARTY;
	if (alipay_verify_params(ali.pub, p, err, sizeof(err)) != 0) {
		log_warn("alipay notify refused: %s", err);
		return ST_PARAM;
	}
	/* Genuine; now: ours, and for what we asked. */
	v = alipay_params_get(p, "app_id");
	if (v == NULL || strcmp(v, app.cfg.alipay_app_id) != 0) {
		log_warn("alipay notify refused: another app_id");
		return ST_PARAM;
	}
	v = alipay_params_get(p, "seller_id");
	if (app.cfg.alipay_seller_id != NULL &&
	    (v == NULL || strcmp(v, app.cfg.alipay_seller_id) != 0)) {
		log_warn("alipay notify refused: another seller_id");
		return ST_PARAM;
	}
	v = alipay_params_get(p, "total_amount");
	if (alipay_params_get(p, "out_trade_no") == NULL ||
	    alipay_params_get(p, "trade_status") == NULL || v == NULL ||
	    alipay_yuan_to_fen(v, &fen) != 0) {
		log_warn("alipay notify refused: out_trade_no, trade_status "
		         "or total_amount missing or malformed");
		return ST_PARAM;
	}
	rc = notify_apply(p, fen);
	return rc == 1 ? ST_OK : rc == 0 ? ST_PARAM : ST_DB;
}

/* ---- binding an Alipay account ---------------------------------------- */

enum status
payments_auth_url(long long uid, char **url, struct pay_fault *f)
{
	unsigned char rnd[24], hash[32];
	char state[sizeof(rnd) * 2 + 1], redirect[URL_MAX + 32];
	struct db_val a[3];
	struct buf b = {0};
	enum status st;
	int rc;

	*url = NULL;
	if ((st = payments_ready(f)) != ST_OK)
		return st;
	if (crypto_random(rnd, sizeof(rnd)) != 0)
		return ST_INTERNAL;
	crypto_hex(rnd, sizeof(rnd), state);
	crypto_sha256(state, strlen(state), hash);
	a[0] = DB_BLOB(hash, sizeof(hash));
	a[1] = DB_INT(uid);
	a[2] = DB_INT(STATE_TTL_S);
	if ((rc = db_exec(app.db, Q_AUTH_STATE_PURGE, NULL, 0, NULL, NULL,
	                  NULL)) != DB_OK ||
	    (rc = db_exec(app.db, Q_AUTH_STATE_ADD, a, 3, NULL, NULL, NULL)) !=
	            DB_OK) {
		crypto_wipe(state, sizeof(state));
		return app_db_status(rc, "alipay state");
	}
	snprintf(redirect, sizeof(redirect), "%s/payment/ali/auth_notify",
	         ali.base);
	buf_addf(&b, "%s/oauth2/publicAppAuthorize.htm?app_id=",
	         app.cfg.alipay_auth_base);
	alipay_form_add(&b, app.cfg.alipay_app_id,
	                strlen(app.cfg.alipay_app_id));
	buf_adds(&b, "&scope=");
	alipay_form_add(&b, app.cfg.alipay_auth_scope,
	                strlen(app.cfg.alipay_auth_scope));
	buf_adds(&b, "&redirect_uri=");
	alipay_form_add(&b, redirect, strlen(redirect));
	buf_addf(&b, "&state=%s", state);
	crypto_wipe(state, sizeof(state));
	*url = buf_take(&b, NULL);
	return ST_OK;
}

/* Exchange a code or a refresh token (grant "authorization_code" or
 * "refresh_token") for tokens.  ST_OK with the verified node in *out. */
static enum status
oauth_token(struct pay_fault *f, const char *grant, const char *value,
            struct alipay_resp *out)
{
	struct alipay_params extra = {0};
	char err[160];
	int rc;

	alipay_params_add(&extra, "grant_type", grant);
	alipay_params_add(&extra,
	                  strcmp(grant, "refresh_token") == 0 ? "refresh_token"
	                                                      : "code",
	                  value);
	rc = alipay_call(&ali.cli, "alipay.system.oauth.token", NULL, &extra,
	                 out, err, sizeof(err));
	alipay_params_free(&extra);
	if (rc != ALIPAY_OK)
		return failed(f, rc, err, "oauth token");
	/* A success of this method may come without a code (Alipay's own
	 * examples); an error never does. */
	if (out->is_error || (out->code[0] && !alipay_resp_success(out)) ||
	    cJSON_GetObjectItemCaseSensitive(out->node, "access_token") == NULL)
		return refused(f, out, "oauth token");
	return ST_OK;
}

enum status
payments_bind(const char *state, size_t n, const char *code,
              struct pay_fault *f)
{
	unsigned char hash[32], user_enc[TOKEN_MAX + SEAL_OVERHEAD],
	        access_enc[TOKEN_MAX + SEAL_OVERHEAD],
	        refresh_enc[TOKEN_MAX + SEAL_OVERHEAD];
	char t1[TOKEN_MAX], t2[TOKEN_MAX], t3[TOKEN_MAX];
	const char *user, *access, *refresh;
	struct alipay_resp tok = {0};
	struct db_res *row = NULL;
	struct db_val a[6];
	enum status st;
	long long uid;
	long nu, na, nr = 0;
	int rc, valid;

	if ((st = payments_ready(f)) != ST_OK)
		return st;
	crypto_sha256(state, n, hash);
	a[0] = DB_BLOB(hash, sizeof(hash));
	if ((rc = db_exec(app.db, Q_AUTH_STATE_TAKE, a, 1, &row, NULL, NULL)) !=
	    DB_OK)
		return app_db_status(rc, "alipay state");
	if (row->nrows != 1) {
		db_res_free(row);
		log_warn("alipay auth: unknown or used state");
		return ST_NOT_FOUND;
	}
	uid = db_int(row, 0, 0, 0);
	valid = db_int(row, 0, 1, 0) == 1;
	db_res_free(row);
	if (!valid) {
		log_warn("alipay auth: user %lld: expired state", uid);
		return ST_CODE;
	}
	if ((st = oauth_token(f, "authorization_code", code, &tok)) != ST_OK) {
		log_warn("alipay auth: user %lld: the code was not exchanged",
		         uid);
		alipay_resp_free(&tok);
		return st;
	}
	user = member(tok.node, "user_id", t1, sizeof(t1));
	if (user == NULL || *user == '\0')
		user = member(tok.node, "open_id", t1, sizeof(t1));
	access = member(tok.node, "access_token", t2, sizeof(t2));
	refresh = member(tok.node, "refresh_token", t3, sizeof(t3));
	if (user == NULL || *user == '\0' || access == NULL ||
	    *access == '\0' ||
	    (nu = users_seal("alipay_accounts.alipay_user", uid, user, user_enc,
	                     sizeof(user_enc))) < 0 ||
	    (na = users_seal("alipay_accounts.access_token", uid, access,
	                     access_enc, sizeof(access_enc))) < 0 ||
	    (refresh != NULL && *refresh != '\0' &&
	     (nr = users_seal("alipay_accounts.refresh_token", uid, refresh,
	                      refresh_enc, sizeof(refresh_enc))) < 0)) {
		log_err("alipay auth: user %lld: unusable token answer", uid);
		alipay_resp_free(&tok);
		return fault(f, PAYF_TOKEN_INCOMPLETE, NULL);
	}
	a[0] = DB_INT(uid);
	a[1] = DB_BLOB(user_enc, (size_t)nu);
	a[2] = DB_BLOB(access_enc, (size_t)na);
	a[3] = DB_INT(seconds(tok.node, "expires_in", 3600));
	a[4] = nr > 0 ? DB_BLOB(refresh_enc, (size_t)nr) : DB_NULLV;
	a[5] = DB_INT(nr > 0 ? seconds(tok.node, "re_expires_in", 2592000) : 0);
	alipay_resp_free(&tok);
	if ((rc = db_exec(app.db, Q_ALIPAY_BIND, a, 6, NULL, NULL, NULL)) !=
	    DB_OK)
		return app_db_status(rc, "alipay bind");
	log_info("alipay auth: user %lld bound an Alipay account", uid);
	return ST_OK;
}

/* The user's binding into *row (no row when not bound). */
static enum status
account(long long uid, struct db_res **row)
{
	struct db_val a = DB_INT(uid);
	int rc;

	if ((rc = db_exec(app.db, Q_ALIPAY_ACCOUNT, &a, 1, row, NULL, NULL)) !=
	    DB_OK)
		return app_db_status(rc, "alipay account");
	return ST_OK;
}

enum status
payments_bound(long long uid, int *bound, struct pay_fault *f)
{
	struct db_res *row = NULL;
	enum status st;

	*bound = 0;
	if ((st = payments_ready(f)) != ST_OK ||
	    (st = account(uid, &row)) != ST_OK)
		return st;
	*bound = row->nrows == 1;
	db_res_free(row);
	return ST_OK;
}

/* ---- the Zhima score -------------------------------------------------- */

/* A valid access token of the user into tok (refreshing it when it
 * expired). */
static enum status
access_token(struct pay_fault *f, long long uid, const struct db_res *row,
             char *tok, size_t len)
{
	unsigned char access_enc[TOKEN_MAX + SEAL_OVERHEAD],
	        refresh_enc[TOKEN_MAX + SEAL_OVERHEAD];
	char refresh[TOKEN_MAX], t1[TOKEN_MAX], t2[TOKEN_MAX];
	const char *access, *next;
	struct alipay_resp a = {0};
	struct db_val v[6];
	enum status st;
	long na, nr = 0;
	size_t n;
	int rc;

	if (db_int(row, 0, 1, 0) == 1)
		return users_open("alipay_accounts.access_token", uid,
		                  db_cell(row, 0, 0), tok, len) == 0
		               ? ST_OK
		               : ST_INTERNAL;
	if (db_int(row, 0, 3, 0) != 1 ||
	    users_open("alipay_accounts.refresh_token", uid, db_cell(row, 0, 2),
	               refresh, sizeof(refresh)) != 0)
		return fault(f, PAYF_AUTH_EXPIRED, NULL);
	st = oauth_token(f, "refresh_token", refresh, &a);
	crypto_wipe(refresh, sizeof(refresh));
	if (st != ST_OK) {
		alipay_resp_free(&a);
		return st;
	}
	access = member(a.node, "access_token", t1, sizeof(t1));
	next = member(a.node, "refresh_token", t2, sizeof(t2));
	if (access == NULL || (n = strlen(access)) >= len ||
	    (na = users_seal("alipay_accounts.access_token", uid, access,
	                     access_enc, sizeof(access_enc))) < 0 ||
	    (next != NULL &&
	     (nr = users_seal("alipay_accounts.refresh_token", uid, next,
	                      refresh_enc, sizeof(refresh_enc))) < 0)) {
		alipay_resp_free(&a);
		return fault(f, PAYF_TOKEN_INCOMPLETE, NULL);
	}
	memcpy(tok, access, n + 1);
	/* Without a new refresh token the old one keeps its expiry. */
	v[0] = DB_BLOB(access_enc, (size_t)na);
	v[1] = DB_INT(seconds(a.node, "expires_in", 3600));
	v[2] = nr > 0 ? DB_BLOB(refresh_enc, (size_t)nr) : DB_NULLV;
	v[3] = DB_INT(seconds(a.node, "re_expires_in", 2592000));
	v[4] = v[2];
	v[5] = DB_INT(uid);
	alipay_resp_free(&a);
	if ((rc = db_exec(app.db, Q_ALIPAY_TOKENS, v, 6, NULL, NULL, NULL)) !=
	    DB_OK)
		return app_db_status(rc, "alipay tokens");
	log_info("alipay: user %lld: access token refreshed", uid);
	return ST_OK;
}

/* Ask Alipay for the user's score into out (len bytes) and cache it. */
static enum status
zhima_fetch(struct pay_fault *f, long long uid, const struct db_res *row,
            char *out, size_t len)
{
	struct alipay_params extra = {0};
	struct alipay_resp a = {0};
	char tok[TOKEN_MAX], txn[64], err[160], tmp[16];
	const char *score;
	struct db_val v[2];
	enum status st;
	cJSON *biz;
	char *biz_text;
	int rc;

	if ((st = payments_ready(f)) != ST_OK)
		return st;
	if ((st = access_token(f, uid, row, tok, sizeof(tok))) != ST_OK)
		return st;
	if (fresh_id(txn, sizeof(txn), "Z", uid) < 0)
		return ST_INTERNAL;
	biz = cJSON_CreateObject();
	cJSON_AddStringToObject(biz, "transaction_id", txn);
	cJSON_AddStringToObject(biz, "product_code", ZHIMA_PRODUCT);
	biz_text = cJSON_PrintUnformatted(biz);
	cJSON_Delete(biz);
	alipay_params_add(&extra, "auth_token", tok);
	crypto_wipe(tok, sizeof(tok));
	rc = alipay_call(&ali.cli, "zhima.credit.score.get", biz_text, &extra,
	                 &a, err, sizeof(err));
	free(biz_text);
	alipay_params_free(&extra);
	if (rc != ALIPAY_OK)
		return failed(f, rc, err, "zhima");
	if (!alipay_resp_success(&a)) {
		st = refused(f, &a, "zhima");
		alipay_resp_free(&a);
		return st;
	}
	score = member(a.node, "zm_score", tmp, sizeof(tmp));
	if (score == NULL || *score == '\0' ||
	    strspn(score, "0123456789") != strlen(score) || strlen(score) > 4 ||
	    strlen(score) >= len) {
		alipay_resp_free(&a);
		return fault(f, PAYF_NO_SCORE, NULL);
	}
	v[0] = DB_STR(score);
	v[1] = DB_INT(uid);
	if ((rc = db_exec(app.db, Q_ALIPAY_ZHIMA, v, 2, NULL, NULL, NULL)) !=
	    DB_OK) {
		alipay_resp_free(&a);
		return app_db_status(rc, "zhima");
	}
	memcpy(out, score, strlen(score) + 1);
	alipay_resp_free(&a);
	return ST_OK;
}

enum status
payments_zhima(long long uid, enum pay_zhima_mode mode, char *score, size_t len,
               struct pay_fault *f)
{
	struct db_res *row = NULL;
	const char *cached;
	enum status st;

	if (len > 0)
		score[0] = '\0';
	if ((st = payments_ready(f)) != ST_OK ||
	    (st = account(uid, &row)) != ST_OK)
		return st;
	if (row->nrows != 1) {
		/* Not bound: none whatever the mode. */
		st = ST_OK;
		goto out;
	}
	cached = db_str(row, 0, 4);
	if (mode == PZ_CACHED || (mode == PZ_AUTO && cached != NULL)) {
		if (cached != NULL && len > 0 &&
		    snprintf(score, len, "%s", cached) >= (int)len)
			score[0] = '\0';
		st = ST_OK;
		goto out;
	}
	st = zhima_fetch(f, uid, row, score, len);
out:
	db_res_free(row);
	return st;
}

/* ---- transfers to a person -------------------------------------------- */

static const char *const payee_types[] = {
        [PAYEE_USERID] = "ALIPAY_USERID",
        [PAYEE_LOGONID] = "ALIPAY_LOGONID",
};

/* A transfer's outcome, for the answer and the record. */
struct outcome {
	int state; /* 0 unknown, 1 paid, 2 refused */
	char order[65], date[33], sub[65];
};

/* What a transfer or query answer says.  A query answer (query set)
 * without the order says "not there" as state 2 with sub
 * ORDER_NOT_EXIST. */
static void
judge(int rc, const struct alipay_resp *a, int query, struct outcome *o)
{
	char tmp[65];
	const char *v;

	memset(o, 0, sizeof(*o));
	if (rc != ALIPAY_OK)
		return; /* unknown */
	if (query) {
		/* Only SUCCESS is paid, FAIL failed, ORDER_NOT_EXIST not
		 * there; anything else (DEALING, errors) is still unknown. */
		v = member(a->node, "status", tmp, sizeof(tmp));
		if (!alipay_resp_success(a) || v == NULL ||
		    strcmp(v, "SUCCESS") != 0) {
			if (!alipay_resp_success(a))
				v = a->sub_code;
			snprintf(o->sub, sizeof(o->sub), "%s", v ? v : "");
			o->state =
			        v != NULL && (strcmp(v, "FAIL") == 0 ||
			                      strcmp(v, "ORDER_NOT_EXIST") == 0)
			                ? 2
			                : 0;
			return;
		}
	}
	if (alipay_resp_success(a)) {
		o->state = 1;
		if ((v = member(a->node, "order_id", tmp, sizeof(tmp))) != NULL)
			snprintf(o->order, sizeof(o->order), "%s", v);
		if ((v = member(a->node, "pay_date", tmp, sizeof(tmp))) != NULL)
			snprintf(o->date, sizeof(o->date), "%s", v);
		return;
	}
	snprintf(o->sub, sizeof(o->sub), "%s",
	         a->sub_code[0] ? a->sub_code : a->code);
	/* Unclear: the gateway's "unknown error" and SYSTEM_ERROR. */
	if (strcmp(a->code, "20000") == 0 ||
	    strcmp(a->sub_code, "SYSTEM_ERROR") == 0 ||
	    strncmp(a->sub_code, "isp.", 4) == 0)
		return;
	o->state = 2;
}

/* Call method with biz and judge the answer. */
static void
transfer_call(const char *method, const char *biz, int query, struct outcome *o)
{
	struct alipay_resp a = {0};
	char err[160];
	int rc;

	rc = alipay_call(&ali.cli, method, biz, NULL, &a, err, sizeof(err));
	if (rc != ALIPAY_OK)
		log_warn("alipay: %s: no clear answer (%d): %s", method, rc,
		         err);
	judge(rc, &a, query, o);
	alipay_resp_free(&a);
}

/* Record an outcome of transfer id. */
static int
record(long long id, const struct outcome *o)
{
	struct db_val v[5] = {
	        DB_INT(o->state),
	        o->order[0] ? DB_STR(o->order) : DB_NULLV,
	        o->date[0] ? DB_STR(o->date) : DB_NULLV,
	        o->sub[0] ? DB_STR(o->sub) : DB_NULLV,
	        DB_INT(id),
	};

	return db_exec(app.db, Q_XFER_DONE, v, 5, NULL, NULL, NULL);
}

/* Pay transfer id (out_biz_no order) once.  When an attempt may have
 * gone through (attempted), ask Alipay first; transfer (again, with the
 * same parameters) only when the order is surely not there.  An unclear
 * answer to a transfer is asked about at once, once. */
static void
transfer(long long id, const char *order, int attempted, const char *biz,
         struct outcome *o)
{
	struct db_val v = DB_INT(id);
	cJSON *q = cJSON_CreateObject();
	char *qtext;
	int round;

	cJSON_AddStringToObject(q, "out_biz_no", order);
	qtext = cJSON_PrintUnformatted(q);
	cJSON_Delete(q);
	memset(o, 0, sizeof(*o));
	for (round = 0; round < 2; round++) {
		if (attempted) {
			transfer_call("alipay.fund.trans.order.query", qtext, 1,
			              o);
			/* Paid, or still unknown: done.  Not there, or failed:
			 * surely not paid. */
			if (o->state != 2)
				break;
		}
		if (db_exec(app.db, Q_XFER_ATTEMPT, &v, 1, NULL, NULL, NULL) !=
		    DB_OK) {
			memset(o, 0, sizeof(*o));
			break;
		}
		transfer_call("alipay.fund.trans.toaccount.transfer", biz, 0,
		              o);
		attempted = 1;
		if (o->state != 0)
			break;
		log_warn("alipay: transfer %lld: outcome unknown (%s); asking",
		         id, o->sub[0] ? o->sub : "no answer");
	}
	free(qtext);
}

/* Take the lease of order (migration 0022) for holder (filled here: a
 * random name): DB_OK, DB_DUP while another holds it (waited for up to
 * 10 s, as GET_LOCK did), or an error. */
static int
xfer_lock(const char *order, char holder[33])
{
	unsigned char r[16];
	struct db_val v[2];
	struct timespec pause = {0, 100 * 1000000L};
	uint64_t n = 0;
	int rc, i;

	if (crypto_random(r, sizeof(r)) < 0)
		return DB_ERR;
	crypto_hex(r, sizeof(r), holder);
	for (i = 0; i < 100; i++) {
		v[0] = DB_STR(order);
		v[1] = DB_STR(holder);
		rc = db_exec(app.db, Q_XFER_LOCK, v, 2, NULL, NULL, NULL);
		/* A certification conflict is another node's insert. */
		if (rc != DB_DUP && rc != DB_RETRY)
			return rc;
		v[0] = DB_STR(holder);
		v[1] = DB_STR(order);
		if ((rc = db_exec(app.db, Q_XFER_STEAL, v, 2, NULL, &n,
		                  NULL)) == DB_OK &&
		    n == 1) {
			log_warn("transfer %s: took over a lease older than "
			         "600 s",
			         order);
			return DB_OK;
		}
		if (rc != DB_OK && rc != DB_RETRY)
			return rc;
		nanosleep(&pause, NULL);
	}
	return DB_DUP;
}

static void
xfer_unlock(const char *order, const char *holder)
{
	struct db_val v[2] = {DB_STR(order), DB_STR(holder)};
	int rc = db_exec(app.db, Q_XFER_UNLOCK, v, 2, NULL, NULL, NULL);

	/* Left behind, it delays this order's next call by 600 s. */
	if (rc != DB_OK)
		log_err("transfer %s: lease not released (%d)", order, rc);
}

enum status
payments_transfer(long long uid, const char *order, enum pay_payee type,
                  const char *acct, long long fen, const char *remark,
                  struct pay_transfer *out, struct pay_fault *f)
{
	unsigned char sealed[100 + SEAL_OVERHEAD];
	char aad[96], yuan[ALIPAY_YUAN_LEN], plain[128];
	struct db_res *row = NULL;
	struct db_val v[6];
	struct outcome o;
	char holder[33];
	enum status st = ST_OK;
	long long id;
	uint64_t new_id = 0;
	cJSON *biz;
	char *biz_text = NULL;
	long n;
	int rc, locked = 0;

	memset(out, 0, sizeof(*out));
	if ((st = payments_ready(f)) != ST_OK)
		return st;
	if (alipay_fen_to_yuan(fen, yuan) < 0 ||
	    snprintf(aad, sizeof(aad), "transfers.payee_account:%s", order) >=
	            (int)sizeof(aad))
		return ST_INTERNAL;

	/* One call per order at a time, across workers and nodes. */
	if ((rc = xfer_lock(order, holder)) != DB_OK) {
		if (rc != DB_DUP)
			return app_db_status(rc, "transfer lock");
		out->busy = 1;
		return ST_CONFLICT;
	}
	locked = 1;
	v[0] = DB_STR(order);

	if ((rc = db_exec(app.db, Q_XFER_GET, v, 1, &row, NULL, NULL)) !=
	    DB_OK) {
		st = app_db_status(rc, "transfer");
		goto out;
	}
	if (row->nrows == 0) {
		n = crypto_seal(app.cfg.data_key, acct, strlen(acct), aad,
		                sealed);
		if (n < 0) {
			st = ST_INTERNAL;
			goto out;
		}
		v[1] = DB_STR(payee_types[type]);
		v[2] = DB_BLOB(sealed, (size_t)n);
		v[3] = DB_INT(fen);
		v[4] = *remark ? DB_STR(remark) : DB_NULLV;
		v[5] = DB_INT(uid);
		if ((rc = db_exec(app.db, Q_XFER_INSERT, v, 6, NULL, NULL,
		                  &new_id)) != DB_OK) {
			st = app_db_status(rc, "transfer");
			goto out;
		}
		id = (long long)new_id;
		o.state = 0;
		n = 0; /* attempts */
		log_info("transfer %lld: order %s, %s yuan, by user %lld", id,
		         order, yuan, uid);
	} else {
		/* The same order again: the same parameters or nothing. */
		const struct db_val *enc = db_cell(row, 0, 2);

		id = db_int(row, 0, 0, 0);
		n = -1;
		if (enc->t == DBT_TEXT && enc->n > SEAL_OVERHEAD &&
		    enc->n - SEAL_OVERHEAD < sizeof(plain))
			n = crypto_open(app.cfg.data_key,
			                (const unsigned char *)enc->s, enc->n,
			                aad, (unsigned char *)plain);
		if (n < 0) {
			log_err("transfer %lld: payee does not decrypt", id);
			st = ST_INTERNAL;
			goto out;
		}
		plain[n] = '\0';
		if (strcmp(db_str(row, 0, 1), payee_types[type]) != 0 ||
		    strcmp(plain, acct) != 0 || db_int(row, 0, 3, -1) != fen ||
		    strcmp(db_str(row, 0, 4), remark) != 0) {
			crypto_wipe(plain, sizeof(plain));
			st = ST_CONFLICT;
			goto out;
		}
		crypto_wipe(plain, sizeof(plain));
		o.state = (int)db_int(row, 0, 5, 0);
		snprintf(o.order, sizeof(o.order), "%s",
		         db_str(row, 0, 6) ? db_str(row, 0, 6) : "");
		snprintf(o.date, sizeof(o.date), "%s",
		         db_str(row, 0, 7) ? db_str(row, 0, 7) : "");
		n = (long)db_int(row, 0, 9, 0);
	}

	if (o.state != 1) {
		/* Not known to be paid: (again) through Alipay, asking first
		 * when an earlier attempt may have gone through. */
		biz = cJSON_CreateObject();
		cJSON_AddStringToObject(biz, "out_biz_no", order);
		cJSON_AddStringToObject(biz, "payee_type", payee_types[type]);
		cJSON_AddStringToObject(biz, "payee_account", acct);
		cJSON_AddStringToObject(biz, "amount", yuan);
		if (*remark)
			cJSON_AddStringToObject(biz, "remark", remark);
		biz_text = cJSON_PrintUnformatted(biz);
		cJSON_Delete(biz);
		/* Any earlier attempt is asked about first, whatever was
		 * recorded of it. */
		transfer(id, order, n > 0, biz_text, &o);
		if ((rc = record(id, &o)) != DB_OK) {
			st = app_db_status(rc, "transfer");
			goto out;
		}
		log_info("transfer %lld: %s%s%s", id,
		         o.state == 1   ? "paid"
		         : o.state == 2 ? "refused"
		                        : "outcome unknown",
		         o.sub[0] ? " " : "", o.sub);
	}
	if (o.state == 2) {
		st = fault(f, PAYF_XFER_REFUSED, o.sub);
		goto out;
	}
	if (o.state == 0) {
		st = fault(f, PAYF_XFER_UNKNOWN, o.sub);
		goto out;
	}
	memcpy(out->order, o.order, sizeof(out->order));
	memcpy(out->date, o.date, sizeof(out->date));
out:
	free(biz_text);
	db_res_free(row);
	if (locked)
		xfer_unlock(order, holder);
	return st;
}

/* ---- refunds (issue 13 2) --------------------------------------------- */

/* What a refund or refund query answer says. */
struct refund_outcome {
	int state; /* 0 unknown, 1 refunded, 2 surely not made, 3 not there */
	char fund_change[2];
	long long fee; /* Alipay's refund_fee (the trade's total), -1 none */
	char date[33], sub[65];
};

/* Answers that say nothing sure about the money: the gateway's "unknown
 * error", SYSTEM_ERROR in either spelling, isp.* and a repeated request
 * number with other parameters (a refund of that number exists). */
static int
unclear(const struct alipay_resp *a)
{
	return strcmp(a->code, "20000") == 0 ||
	       strcmp(a->sub_code, "SYSTEM_ERROR") == 0 ||
	       strcmp(a->sub_code, "ACQ.SYSTEM_ERROR") == 0 ||
	       strncmp(a->sub_code, "isp.", 4) == 0 ||
	       strcmp(a->sub_code, "ACQ.DISCORDANT_REPEAT_REQUEST") == 0;
}

static void
refund_judge(int rc, const struct alipay_resp *a, int query,
             struct refund_outcome *o)
{
	char tmp[65];
	const char *v;

	memset(o, 0, sizeof(*o));
	o->fee = -1;
	if (rc != ALIPAY_OK)
		return; /* unknown */
	if (!alipay_resp_success(a)) {
		snprintf(o->sub, sizeof(o->sub), "%s",
		         a->sub_code[0] ? a->sub_code : a->code);
		/* A query that fails says nothing; a refund refused for a
		 * reason of its own (trade not there, amount over, trade
		 * closed, balance) was surely not made. */
		if (!query && !unclear(a))
			o->state = 2;
		return;
	}
	if ((v = member(a->node, "gmt_refund_pay", tmp, sizeof(tmp))) != NULL)
		snprintf(o->date, sizeof(o->date), "%s", v);
	if (query) {
		/* REFUND_SUCCESS, or (older answers) an amount without a
		 * status, is done; no amount: Alipay has no such refund. */
		v = member(a->node, "refund_status", tmp, sizeof(tmp));
		if (v != NULL) {
			o->state = strcmp(v, "REFUND_SUCCESS") == 0 ? 1 : 0;
			if (o->state == 0)
				snprintf(o->sub, sizeof(o->sub), "%s", v);
			return;
		}
		v = member(a->node, "refund_amount", tmp, sizeof(tmp));
		o->state = v != NULL && *v ? 1 : 3;
		return;
	}
	if ((v = member(a->node, "refund_fee", tmp, sizeof(tmp))) != NULL &&
	    alipay_yuan_to_fen(v, &o->fee) != 0)
		o->fee = -1;
	v = member(a->node, "fund_change", tmp, sizeof(tmp));
	o->fund_change[0] = v != NULL && (*v == 'Y' || *v == 'N') ? *v : '\0';
	/* Only fund_change Y says this call moved the money; N (a repeat,
	 * or not yet) is asked about. */
	o->state = o->fund_change[0] == 'Y' ? 1 : 0;
	if (o->state == 0)
		snprintf(o->sub, sizeof(o->sub), "fund_change %s",
		         v != NULL ? o->fund_change : "missing");
}

static void
refund_call(const char *method, const char *biz, int query,
            struct refund_outcome *o)
{
	struct alipay_resp a = {0};
	char err[160];
	int rc;

	rc = alipay_call(&ali.cli, method, biz, NULL, &a, err, sizeof(err));
	if (rc != ALIPAY_OK)
		log_warn("alipay: %s: no clear answer (%d): %s", method, rc,
		         err);
	refund_judge(rc, &a, query, o);
	alipay_resp_free(&a);
}

static char *
refund_query_biz(const char *trade, const char *request)
{
	cJSON *q = cJSON_CreateObject();
	char *text;

	cJSON_AddStringToObject(q, "out_trade_no", trade);
	cJSON_AddStringToObject(q, "out_request_no", request);
	text = cJSON_PrintUnformatted(q);
	cJSON_Delete(q);
	return text;
}

/* Refund id (request of trade) once: when an attempt may have gone through,
 * ask first and refund (again, the same request number and amount) only
 * when Alipay has no such refund; an unclear answer is asked about at
 * once, once. */
static void
refund_run(long long id, const char *trade, const char *request, int attempted,
           const char *biz, struct refund_outcome *o)
{
	struct db_val v = DB_INT(id);
	char *qtext = refund_query_biz(trade, request);
	int round;

	memset(o, 0, sizeof(*o));
	for (round = 0; round < 2; round++) {
		if (attempted) {
			refund_call("alipay.trade.fastpay.refund.query", qtext,
			            1, o);
			if (o->state != 3)
				break; /* done, or still unknown */
		}
		if (db_exec(app.db, Q_RF_ATTEMPT, &v, 1, NULL, NULL, NULL) !=
		    DB_OK) {
			memset(o, 0, sizeof(*o));
			break;
		}
		refund_call("alipay.trade.refund", biz, 0, o);
		attempted = 1;
		if (o->state != 0)
			break;
		log_warn("alipay: refund %s: outcome unknown (%s); asking",
		         request, o->sub[0] ? o->sub : "no answer");
	}
	if (o->state == 3)
		o->state = 0; /* asked twice, still not there: unknown */
	free(qtext);
}

static int
refund_record(long long id, const struct refund_outcome *o)
{
	struct db_val v[6] = {
	        DB_INT(o->state), /* 0, 1 or 2 here */
	        o->fund_change[0] ? DB_STR(o->fund_change) : DB_NULLV,
	        o->fee >= 0 ? DB_INT(o->fee) : DB_NULLV,
	        o->date[0] ? DB_STR(o->date) : DB_NULLV,
	        o->sub[0] ? DB_STR(o->sub) : DB_NULLV,
	        DB_INT(id),
	};

	return db_exec(app.db, Q_RF_DONE, v, 6, NULL, NULL, NULL);
}

/* Under payment's row lock: the refund to make (new, stored) or to take up
 * again, into out.  ST_OK; ST_NOT_FOUND; ST_CONFLICT; ST_INTERNAL; ST_DB. */
static enum status
refund_claim(long long admin_id, long long payment, long long fen,
             const char *reason, struct pay_refund *out)
{
	struct db_res *row = NULL;
	struct db_val a[5];
	enum status st = ST_OK;
	long long amount, done, unknown, asked = fen;
	int rc, tries;

	for (tries = 0; tries < DB_TX_TRIES; tries++) {
		st = ST_OK;
		fen = asked; /* 0: all that is left, as it is on this try */
		a[0] = DB_INT(payment);
		if ((rc = db_begin(app.db)) != DB_OK ||
		    (rc = db_exec(app.db, Q_RF_PAY_LOCK, a, 1, &row, NULL,
		                  NULL)) != DB_OK)
			goto fail;
		if (row->nrows != 1) {
			st = ST_NOT_FOUND;
			goto done;
		}
		amount = db_int(row, 0, 1, 0);
		if (db_int(row, 0, 2, 0) != 2) {
			out->why = PRW_STATE;
			st = ST_CONFLICT;
			goto done;
		}
		db_res_free(row);
		row = NULL;
		if ((rc = db_exec(app.db, Q_RF_PENDING, a, 1, &row, NULL,
		                  NULL)) != DB_OK)
			goto fail;
		if (row->nrows == 1) {
			/* An unfinished refund: the same one again, never a
			 * second beside it. */
			snprintf(out->out_request_no,
			         sizeof(out->out_request_no), "%s",
			         db_str(row, 0, 0));
			out->fen = db_int(row, 0, 1, 0);
			if (fen != 0 && fen != out->fen) {
				out->why = PRW_PENDING;
				st = ST_CONFLICT;
			}
			out->resumed = 1;
			goto done;
		}
		db_res_free(row);
		row = NULL;
		if ((rc = db_exec(app.db, Q_RF_SUMS, a, 1, &row, NULL, NULL)) !=
		    DB_OK)
			goto fail;
		done = db_int(row, 0, 0, 0);
		unknown = db_int(row, 0, 1, 0);
		out->rest = amount - done - unknown;
		if (fen == 0)
			fen = out->rest;
		if (fen <= 0 || fen > out->rest) {
			out->why = PRW_OVER;
			st = ST_CONFLICT;
			goto done;
		}
		if (fresh_id(out->out_request_no, sizeof(out->out_request_no),
		             "R", payment) != 0) {
			st = ST_INTERNAL;
			goto done;
		}
		out->fen = fen;
		a[1] = DB_STR(out->out_request_no);
		a[2] = DB_INT(fen);
		a[3] = reason != NULL && *reason ? DB_STR(reason) : DB_NULLV;
		a[4] = admin_id > 0 ? DB_INT(admin_id) : DB_NULLV;
		if ((rc = db_exec(app.db, Q_RF_INSERT, a, 5, NULL, NULL,
		                  NULL)) != DB_OK ||
		    (rc = db_commit(app.db)) != DB_OK)
			goto fail;
		db_res_free(row);
		log_info("refund %s: payment %lld, %lld fen",
		         out->out_request_no, payment, fen);
		return ST_OK;
	done:
		db_rollback(app.db);
		db_res_free(row);
		return st;
	fail:
		db_rollback(app.db);
		db_res_free(row);
		row = NULL;
		if (!db_tx_again(app.db, rc, tries))
			return app_db_status(rc, "refund");
	}
	return ST_DB;
}

enum status
payments_refund(long long admin_id, long long payment, long long fen,
                const char *reason, struct pay_refund *out,
                struct pay_fault *f)
{
	char yuan[ALIPAY_YUAN_LEN];
	struct db_res *row = NULL;
	struct db_val v;
	struct refund_outcome o;
	enum status st;
	cJSON *biz;
	char *biz_text = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	out->payment = payment;
	if ((st = payments_ready(f)) != ST_OK)
		return st;
	if (fen < 0)
		return ST_INTERNAL;
	if ((st = refund_claim(admin_id, payment, fen, reason, out)) != ST_OK)
		return st;

	v = DB_STR(out->out_request_no);
	if ((rc = db_exec(app.db, Q_RF_GET, &v, 1, &row, NULL, NULL)) !=
	            DB_OK ||
	    row->nrows != 1) {
		st = rc != DB_OK ? app_db_status(rc, "refund") : ST_INTERNAL;
		goto out;
	}
	out->state = (int)db_int(row, 0, 3, 0);
	if (out->state != 0) {
		st = ST_INTERNAL; /* claimed refunds are unfinished */
		goto out;
	}
	if (alipay_fen_to_yuan(out->fen, yuan) < 0) {
		st = ST_INTERNAL;
		goto out;
	}
	biz = cJSON_CreateObject();
	cJSON_AddStringToObject(biz, "out_trade_no", db_str(row, 0, 5));
	cJSON_AddStringToObject(biz, "refund_amount", yuan);
	cJSON_AddStringToObject(biz, "out_request_no", out->out_request_no);
	if (*db_str(row, 0, 8))
		cJSON_AddStringToObject(biz, "refund_reason",
		                        db_str(row, 0, 8));
	biz_text = cJSON_PrintUnformatted(biz);
	cJSON_Delete(biz);
	refund_run(db_int(row, 0, 0, 0), db_str(row, 0, 5), out->out_request_no,
	           db_int(row, 0, 4, 0) > 0, biz_text, &o);
	if ((rc = refund_record(db_int(row, 0, 0, 0), &o)) != DB_OK) {
		st = app_db_status(rc, "refund");
		goto out;
	}
	out->state = o.state;
	memcpy(out->date, o.date, sizeof(out->date));
	memcpy(out->sub, o.sub, sizeof(out->sub));
	log_info("refund %s: %s%s%s", out->out_request_no,
	         o.state == 1   ? "refunded"
	         : o.state == 2 ? "refused"
	                        : "outcome unknown",
	         o.sub[0] ? " " : "", o.sub);
	if (o.state == 2)
		st = fault(f, PAYF_REFUND_REFUSED, o.sub);
	else if (o.state == 0)
		st = fault(f, PAYF_REFUND_UNKNOWN, o.sub);
out:
	free(biz_text);
	db_res_free(row);
	return st;
}

enum status
payments_refund_query(const char *request, struct pay_refund *out,
                      struct pay_fault *f)
{
	struct db_res *row = NULL;
	struct db_val v = DB_STR(request);
	struct refund_outcome o;
	enum status st;
	char *qtext = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((st = payments_ready(f)) != ST_OK)
		return st;
	if ((rc = db_exec(app.db, Q_RF_GET, &v, 1, &row, NULL, NULL)) != DB_OK)
		return app_db_status(rc, "refund query");
	if (row->nrows != 1) {
		db_res_free(row);
		return ST_NOT_FOUND;
	}
	snprintf(out->out_request_no, sizeof(out->out_request_no), "%s",
	         request);
	out->payment = db_int(row, 0, 1, 0);
	out->fen = db_int(row, 0, 2, 0);
	out->state = (int)db_int(row, 0, 3, 0);
	qtext = refund_query_biz(db_str(row, 0, 5), request);
	refund_call("alipay.trade.fastpay.refund.query", qtext, 1, &o);
	if (o.state == 0) {
		st = fault(f, PAYF_REFUND_UNKNOWN, o.sub);
		memcpy(out->sub, o.sub, sizeof(out->sub));
		goto out;
	}
	out->at_alipay = o.state == 1;
	memcpy(out->date, o.date, sizeof(out->date));
	if (o.state == 1 && out->state != 1) {
		if ((rc = refund_record(db_int(row, 0, 0, 0), &o)) != DB_OK) {
			st = app_db_status(rc, "refund query");
			goto out;
		}
		log_info("refund %s: refunded (asked)", request);
		out->state = 1;
	}
	st = ST_OK;
out:
	free(qtext);
	db_res_free(row);
	return st;
}

enum status
payments_refundable(struct db_res **rows)
{
	int rc = db_exec(app.db, Q_RF_REFUNDABLE, NULL, 0, rows, NULL, NULL);

	return rc == DB_OK ? ST_OK : app_db_status(rc, "refundable");
}

enum status
payments_trade_query(const char *trade, struct pay_trade *t,
                     struct pay_fault *f)
{
	struct alipay_resp a = {0};
	char err[160], tmp[33];
	const char *v;
	enum status st;
	cJSON *q;
	char *qtext;
	int rc;

	memset(t, 0, sizeof(*t));
	if ((st = payments_ready(f)) != ST_OK)
		return st;
	q = cJSON_CreateObject();
	cJSON_AddStringToObject(q, "out_trade_no", trade);
	qtext = cJSON_PrintUnformatted(q);
	cJSON_Delete(q);
	rc = alipay_call(&ali.cli, "alipay.trade.query", qtext, NULL, &a, err,
	                 sizeof(err));
	free(qtext);
	if (rc != ALIPAY_OK)
		return failed(f, rc, err, "trade query");
	if (!alipay_resp_success(&a)) {
		st = strcmp(a.sub_code, "ACQ.TRADE_NOT_EXIST") == 0
		             ? ST_NOT_FOUND
		             : refused(f, &a, "trade query");
		goto out;
	}
	v = member(a.node, "trade_status", tmp, sizeof(tmp));
	snprintf(t->status, sizeof(t->status), "%s", v ? v : "");
	v = member(a.node, "total_amount", tmp, sizeof(tmp));
	if (v == NULL || alipay_yuan_to_fen(v, &t->fen) != 0)
		t->fen = -1;
	st = ST_OK;
out:
	alipay_resp_free(&a);
	return st;
}
