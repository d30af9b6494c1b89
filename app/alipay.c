/* Alipay (qsz.md 6): the payment URL of a viewing request, the
 * asynchronous notify, binding an Alipay account (authorization URL and its
 * redirect target), the Zhima score and company-to-person transfers.  The
 * protocol is lib/alipay.c's; what is checked here is whose and how much. */
#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "alipay.h"
#include "app.h"
#include "bookings.h"
#include "buf.h"
#include "crypto.h"
#include "qsz/handlers.h"
#include "log.h"
#include "orders.h"
#include "payments.h"
#include "schema.h"

#define URL_MAX       256 /* Alipay's limit for notify_url, return_url */
#define STATE_TTL_S   600
#define ZHIMA_PRODUCT "w1010100100000000001"
#define TOKEN_MAX     200     /* bytes of an Alipay token or user id */
#define TRANSFER_MIN  10      /* fen: Alipay's minimum, 0.10 yuan */
#define TRANSFER_MAX  5000000 /* fen: 50,000 yuan to a person at once */

/* ---- the client, set up on first use in each worker ------------------- */

/* A worker that could not set Alipay up tries again after this long. */
#define SETUP_RETRY_S 30

static struct {
	time_t tried; /* when setup last ran; 0 never */
	int ready;
	char why[160]; /* why not ready */
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
	snprintf(ali.base, sizeof(ali.base), "%s", app_public_base());
	if (c->alipay_app_id == NULL) {
		snprintf(ali.why, sizeof(ali.why),
		         "alipay: not configured (alipay_app_id is empty)");
		return;
	}
	ali.app_key = alipay_key_private_file(
	        config_value(c, "alipay_app_private_key_file"), err,
	        sizeof(err));
	if (ali.app_key == NULL) {
		log_err("alipay: application private key: %s", err);
		snprintf(ali.why, sizeof(ali.why),
		         "alipay: not configured (no application key)");
		return;
	}
	ali.pub = alipay_key_public_file(
	        config_value(c, "alipay_public_key_file"), err, sizeof(err));
	if (ali.pub == NULL) {
		log_err("alipay: Alipay public key: %s", err);
		snprintf(ali.why, sizeof(ali.why),
		         "alipay: not configured (no Alipay public key)");
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
	ali.ready = 1;
}

/* ST_OK when Alipay is configured; else status 9 saying so. */
static enum status
need_alipay(struct resp *res)
{
	setup();
	if (ali.ready)
		return ST_OK;
	return resp_fail(res, ST_THIRD_PARTY, "%s", ali.why);
}

/* Status 9 for an answer that was not a success. */
static enum status
refused(struct resp *res, const struct alipay_resp *a, const char *what)
{
	const char *why = a->sub_code[0] ? a->sub_code : a->code;

	log_warn("alipay: %s refused: code %s, sub_code %s", what, a->code,
	         a->sub_code);
	return resp_fail(res, ST_THIRD_PARTY, "alipay: %s",
	                 why[0] ? why : "refused");
}

/* Status 9 for a call that did not get a verified answer. */
static enum status
failed(struct resp *res, int rc, const char *err, const char *what)
{
	log_warn("alipay: %s failed (%d): %s", what, rc, err);
	return resp_fail(res, ST_THIRD_PARTY, "alipay: %s",
	                 rc == ALIPAY_ETRANSPORT    ? "unreachable"
	                 : rc == ALIPAY_EUNVERIFIED ? "answer not verified"
	                                            : "request not sent");
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

/* ---- /order/get_preorder_paymenturl ---------------------------------- */

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

enum { U_PREORDER, U_RETURN };

const struct pspec h_alipay_payment_url_params[] = {
        [U_PREORDER] = PARAM_INT("pre_order_id", PF_REQUIRED, 1, LLONG_MAX),
        [U_RETURN] = PARAM_URL("return_url", PF_REQUIRED, 10, URL_MAX,
                               payments_check_return_url),
        PARAM_END,
};

/* How long a trade can be paid (timeout_express); a payment URL asked
 * for meanwhile reuses it, so a request has one payable trade at a time. */
#define TRADE_TTL_S   1800
#define TRADE_TIMEOUT "30m"

/* What a trade pays: a viewing request or a booking. */
struct trade_kind {
	unsigned open, insert; /* Q_PAY_OPEN*, Q_PAY_INSERT* */
	const char *prefix;    /* of out_trade_no */
	const char *what;      /* for the log */
};

static const struct trade_kind viewing_trade = {Q_PAY_OPEN, Q_PAY_INSERT, "V",
                                                "pre_order"};
static const struct trade_kind booking_trade = {
        Q_PAY_OPEN_BOOKING, Q_PAY_INSERT_BOOKING, "B", "booking"};

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

enum status
h_alipay_payment_url(struct req *r, struct resp *res)
{
	long long id = r->p[U_PREORDER].i, fee = app.cfg.viewing_fee_fen;
	struct db_res *row = NULL;
	char trade[64], *url = NULL;
	enum status st;
	int rc, state;
	cJSON *o;

	if ((st = need_alipay(res)) != ST_OK)
		return st;
	if ((st = orders_lock(res, id, r->uid, &row)) != ST_OK)
		return st;
	state = (int)db_int(row, 0, PO_STATE, 0);
	db_res_free(row);
	if (state != PO_CREATED) {
		db_rollback(app.db);
		return resp_fail(res, ST_CONFLICT,
		                 "pre_order %lld is %s; only an unpaid request "
		                 "can be paid",
		                 id, orders_state_word(state));
	}
	/* The amount is the configured fee. */
	if ((st = trade_of(&viewing_trade, id, r->uid, fee, trade,
	                   sizeof(trade))) != ST_OK)
		goto fail;
	if ((url = wap_pay_url(trade, fee, "信息费", TRADE_TIMEOUT,
	                       r->p[U_RETURN].s)) == NULL) {
		st = ST_INTERNAL;
		goto fail;
	}
	if ((rc = db_commit(app.db)) != DB_OK) {
		st = app_db_status(rc, "payment");
		goto fail;
	}
	o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "result", "SUCCESS");
	cJSON_AddStringToObject(o, "payment_url", url);
	resp_ans(res, o);
	free(url);
	return ST_OK;
fail:
	db_rollback(app.db);
	free(url);
	return st;
}

/* ---- the payment URL of a booking (ihome.md 7) ------------------------ */

enum status
payments_booking_url(struct resp *res, long long uid, long long id,
                     const char *return_url, char **url)
{
	struct db_res *row = NULL;
	char trade[64], timeout[16];
	long long fen, left;
	enum status st;
	int rc;

	*url = NULL;
	if ((st = bookings_lock(id, &row)) != ST_OK)
		return st;
	fen = db_int(row, 0, BL_AMOUNT, 0);
	left = db_int(row, 0, BL_HOLD_LEFT, 0);
	if (db_int(row, 0, BL_GUEST, 0) != uid) {
		st = ST_FORBIDDEN;
		goto fail;
	}
	if (strcmp(db_str(row, 0, BL_STATUS), "WAIT_PAYMENT") != 0 ||
	    left < 60) {
		st = resp_fail(res, ST_CONFLICT,
		               "booking %lld is %s; only a booking waiting for "
		               "payment with a minute of its hold left can be "
		               "paid",
		               id,
		               strcmp(db_str(row, 0, BL_STATUS), "WAIT_PAYMENT")
		                       ? db_str(row, 0, BL_STATUS)
		                       : "about to lapse");
		goto fail;
	}
	if ((st = need_alipay(res)) != ST_OK)
		goto fail;
	/* The amount is the booking's. */
	if ((st = trade_of(&booking_trade, id, uid, fen, trade,
	                   sizeof(trade))) != ST_OK)
		goto fail;
	snprintf(timeout, sizeof(timeout), "%lldm",
	         left / 60 < 30 ? left / 60 : 30);
	if ((*url = wap_pay_url(trade, fen, "房屋预订", timeout, return_url)) ==
	    NULL) {
		st = ST_INTERNAL;
		goto fail;
	}
	if ((rc = db_commit(app.db)) != DB_OK) {
		st = app_db_status(rc, "payment");
		free(*url);
		*url = NULL;
		goto fail;
	}
	db_res_free(row);
	return ST_OK;
fail:
	db_rollback(app.db);
	db_res_free(row);
	return st;
}

/* ---- /payment/ali/notify --------------------------------------------- */

const struct pspec h_alipay_notify_params[] = {PARAM_END};

/* Answer Alipay in plain text: "success" stops its retries. */
static enum status
notify_answer(struct resp *res, int ok)
{
	res->ctype = "text/plain; charset=utf-8";
	res->body = xstrdup(ok ? "success" : "failure");
	res->bodylen = strlen(res->body);
	return ST_OK;
}

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
	long long pid, preorder, booking;
	uint64_t changed = 0;
	int rc, tries,
	        paid = strcmp(status, "TRADE_SUCCESS") == 0 ||
	               strcmp(status, "TRADE_FINISHED") == 0;

	for (tries = 0; tries < 3; tries++) {
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
		db_res_free(row);
		row = NULL;
		a[0] = DB_INT(booking ? booking : preorder);
		if ((rc = db_exec(app.db,
		                  booking ? Q_BOOKING_SET_PAID
		                          : Q_PREORDER_SET_PAID,
		                  a, 1, NULL, &changed, NULL)) != DB_OK)
			goto fail;
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
			         pid, booking ? "booking" : "pre_order",
			         booking ? booking : preorder);
		else
			log_warn("alipay notify: payment %lld paid, but %s "
			         "%lld was no longer waiting for it: refund it",
			         pid, booking ? "booking" : "pre_order",
			         booking ? booking : preorder);
		return 1;
	fail:
		db_rollback(app.db);
		db_res_free(row);
		row = NULL;
		if (rc != DB_RETRY) {
			app_db_status(rc, "alipay notify");
			return -1;
		}
	}
	return -1;
}

enum status
h_alipay_notify(struct req *r, struct resp *res)
{
	struct alipay_params p = {0};
	const char *v;
	char err[160];
	long long fen;
	size_t i;
	int ok = 0;

	setup();
	if (!ali.ready) {
		log_warn("alipay notify while not configured");
		return notify_answer(res, 0);
	}
	/* The form, each field once; the query string is not signed. */
	for (i = 0; i < r->nfields; i++) {
		const struct field *f = &r->fields[i];

		if (f->from != FROM_BODY || f->value == NULL)
			continue;
		if (alipay_params_get(&p, f->name) != NULL) {
			log_warn("alipay notify: %s given twice", f->name);
			goto out;
		}
		alipay_params_addn(&p, f->name, f->value, f->len);
	}
	if (alipay_verify_params(ali.pub, &p, err, sizeof(err)) != 0) {
		log_warn("alipay notify refused: %s", err);
		goto out;
	}
	/* Genuine; now: ours, and for what we asked. */
	v = alipay_params_get(&p, "app_id");
	if (v == NULL || strcmp(v, app.cfg.alipay_app_id) != 0) {
		log_warn("alipay notify refused: another app_id");
		goto out;
	}
	v = alipay_params_get(&p, "seller_id");
	if (app.cfg.alipay_seller_id != NULL &&
	    (v == NULL || strcmp(v, app.cfg.alipay_seller_id) != 0)) {
		log_warn("alipay notify refused: another seller_id");
		goto out;
	}
	v = alipay_params_get(&p, "total_amount");
	if (alipay_params_get(&p, "out_trade_no") == NULL ||
	    alipay_params_get(&p, "trade_status") == NULL || v == NULL ||
	    alipay_yuan_to_fen(v, &fen) != 0) {
		log_warn("alipay notify refused: out_trade_no, trade_status "
		         "or total_amount missing or malformed");
		goto out;
	}
	ok = notify_apply(&p, fen) == 1;
out:
	alipay_params_free(&p);
	return notify_answer(res, ok);
}

/* ---- binding: /payment/ali/get_auth_url, /payment/ali/auth_notify ---- */

const struct pspec h_alipay_auth_url_params[] = {PARAM_END};

enum status
h_alipay_auth_url(struct req *r, struct resp *res)
{
	unsigned char rnd[24], hash[32];
	char state[sizeof(rnd) * 2 + 1], redirect[URL_MAX + 32];
	struct db_val a[3];
	struct buf url = {0};
	enum status st;
	cJSON *o;
	int rc;

	if ((st = need_alipay(res)) != ST_OK)
		return st;
	if (crypto_random(rnd, sizeof(rnd)) != 0)
		return ST_INTERNAL;
	crypto_hex(rnd, sizeof(rnd), state);
	crypto_sha256(state, strlen(state), hash);
	a[0] = DB_BLOB(hash, sizeof(hash));
	a[1] = DB_INT(r->uid);
	a[2] = DB_INT(STATE_TTL_S);
	if ((rc = db_exec(app.db, Q_AUTH_STATE_PURGE, NULL, 0, NULL, NULL,
	                  NULL)) != DB_OK ||
	    (rc = db_exec(app.db, Q_AUTH_STATE_ADD, a, 3, NULL, NULL, NULL)) !=
	            DB_OK)
		return app_db_status(rc, "alipay state");
	snprintf(redirect, sizeof(redirect), "%s/payment/ali/auth_notify",
	         ali.base);
	buf_addf(&url, "%s/oauth2/publicAppAuthorize.htm?app_id=",
	         app.cfg.alipay_auth_base);
	alipay_form_add(&url, app.cfg.alipay_app_id,
	                strlen(app.cfg.alipay_app_id));
	buf_adds(&url, "&scope=");
	alipay_form_add(&url, app.cfg.alipay_auth_scope,
	                strlen(app.cfg.alipay_auth_scope));
	buf_adds(&url, "&redirect_uri=");
	alipay_form_add(&url, redirect, strlen(redirect));
	buf_addf(&url, "&state=%s", state);
	o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "result", "SUCCESS");
	cJSON_AddStringToObject(o, "auth_url", url.p);
	resp_ans(res, o);
	buf_free(&url);
	crypto_wipe(state, sizeof(state));
	return ST_OK;
}

/* A small page for the browser that came back from Alipay. */
static enum status
page(struct resp *res, int http, const char *title, const char *text)
{
	struct buf b = {0};

	buf_addf(&b,
	         "<!doctype html><html lang=\"zh-CN\"><head><meta "
	         "charset=\"utf-8\"><meta name=\"viewport\" "
	         "content=\"width=device-width\"><title>%s</title></head>"
	         "<body><h1>%s</h1><p>%s</p></body></html>\n",
	         title, title, text);
	res->http = http;
	res->ctype = "text/html; charset=utf-8";
	res->bodylen = b.len;
	res->body = buf_take(&b, NULL);
	return ST_OK;
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
		snprintf(tmp, len, "%.0f", m->valuedouble);
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

/* Exchange a code or a refresh token (grant "authorization_code" or
 * "refresh_token") for tokens.  ST_OK with the verified node in *out. */
static enum status
oauth_token(struct resp *res, const char *grant, const char *value,
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
		return failed(res, rc, err, "oauth token");
	/* A success of this method may come without a code (Alipay's own
	 * examples); an error never does. */
	if (out->is_error || (out->code[0] && !alipay_resp_success(out)) ||
	    cJSON_GetObjectItemCaseSensitive(out->node, "access_token") == NULL)
		return refused(res, out, "oauth token");
	return ST_OK;
}

enum { N_CODE, N_STATE };

const struct pspec h_alipay_auth_notify_params[] = {
        [N_CODE] = PARAM_TEXT("auth_code", PF_EMPTY, 1, 128, NULL),
        [N_STATE] = PARAM_TEXT("state", PF_EMPTY, 1, 128, NULL),
        PARAM_END,
};

enum status
h_alipay_auth_notify(struct req *r, struct resp *res)
{
	unsigned char hash[32], user_enc[TOKEN_MAX + SEAL_OVERHEAD],
	        access_enc[TOKEN_MAX + SEAL_OVERHEAD],
	        refresh_enc[TOKEN_MAX + SEAL_OVERHEAD];
	char t1[TOKEN_MAX], t2[TOKEN_MAX], t3[TOKEN_MAX];
	const char *user, *access, *refresh;
	struct alipay_resp tok = {0};
	struct db_res *row = NULL;
	struct resp why;
	struct db_val a[6];
	long long uid;
	long nu, na, nr = 0;
	int rc, valid;

	setup();
	if (!ali.ready)
		return page(res, 503, "暂不可用", "Alipay is not configured.");
	if (!r->p[N_STATE].set || !r->p[N_CODE].set)
		return page(res, 400, "授权失败",
		            "The authorization was cancelled or incomplete "
		            "(no auth_code or state).");
	crypto_sha256(r->p[N_STATE].s, r->p[N_STATE].n, hash);
	a[0] = DB_BLOB(hash, sizeof(hash));
	if ((rc = db_exec(app.db, Q_AUTH_STATE_TAKE, a, 1, &row, NULL, NULL)) !=
	    DB_OK) {
		app_db_status(rc, "alipay state");
		return page(res, 500, "授权失败", "Internal error; try again.");
	}
	if (row->nrows != 1) {
		db_res_free(row);
		log_warn("alipay auth: unknown or used state");
		return page(res, 400, "授权失败",
		            "This authorization link is unknown or was already "
		            "used. Start again from the app.");
	}
	uid = db_int(row, 0, 0, 0);
	valid = db_int(row, 0, 1, 0) == 1;
	db_res_free(row);
	if (!valid) {
		log_warn("alipay auth: user %lld: expired state", uid);
		return page(res, 400, "授权失败",
		            "This authorization link has expired. Start again "
		            "from the app.");
	}
	resp_init(&why);
	if (oauth_token(&why, "authorization_code", r->p[N_CODE].s, &tok) !=
	    ST_OK) {
		log_warn("alipay auth: user %lld: %s", uid, why.msg);
		resp_free(&why);
		alipay_resp_free(&tok);
		return page(res, 502, "授权失败",
		            "Alipay did not confirm the authorization. Try "
		            "again.");
	}
	resp_free(&why);
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
		return page(res, 502, "授权失败",
		            "Alipay's answer was incomplete. Try again.");
	}
	a[0] = DB_INT(uid);
	a[1] = DB_BLOB(user_enc, (size_t)nu);
	a[2] = DB_BLOB(access_enc, (size_t)na);
	a[3] = DB_INT(seconds(tok.node, "expires_in", 3600));
	a[4] = nr > 0 ? DB_BLOB(refresh_enc, (size_t)nr) : DB_NULLV;
	a[5] = DB_INT(nr > 0 ? seconds(tok.node, "re_expires_in", 2592000) : 0);
	alipay_resp_free(&tok);
	if ((rc = db_exec(app.db, Q_ALIPAY_BIND, a, 6, NULL, NULL, NULL)) !=
	    DB_OK) {
		app_db_status(rc, "alipay bind");
		return page(res, 500, "授权失败", "Internal error; try again.");
	}
	log_info("alipay auth: user %lld bound an Alipay account", uid);
	return page(res, 200, "授权成功",
	            "Your Alipay account is bound. You can go back to the "
	            "app.");
}

/* ---- /payment/ali/binding_status ------------------------------------- */

const struct pspec h_alipay_binding_params[] = {PARAM_END};

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
h_alipay_binding(struct req *r, struct resp *res)
{
	struct db_res *row = NULL;
	enum status st;

	if ((st = need_alipay(res)) != ST_OK ||
	    (st = account(r->uid, &row)) != ST_OK)
		return st;
	resp_ans(res, cJSON_CreateNumber(row->nrows == 1 ? 1 : -1));
	db_res_free(row);
	return ST_OK;
}

/* ---- /payment/ali/zhima ---------------------------------------------- */

static const char *const refresh_modes[] = {"N", "Y", "AUTO", NULL};

/* N, Y or AUTO in any case. */
static int
check_refresh(const char *s, size_t n, char *err, size_t len)
{
	size_t i, j;

	for (i = 0; refresh_modes[i] != NULL; i++) {
		if (strlen(refresh_modes[i]) != n)
			continue;
		for (j = 0; j < n &&
		            toupper((unsigned char)s[j]) == refresh_modes[i][j];
		     j++)
			;
		if (j == n)
			return 0;
	}
	snprintf(err, len, "expected N, Y or AUTO");
	return -1;
}

const struct pspec h_alipay_zhima_params[] = {
        PARAM_TEXT("refresh", PF_EMPTY, 1, 4, check_refresh),
        PARAM_END,
};

/* A valid access token of the user into tok (refreshing it when it
 * expired). */
static enum status
access_token(struct resp *res, long long uid, const struct db_res *row,
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
	int rc;

	if (db_int(row, 0, 1, 0) == 1)
		return users_open("alipay_accounts.access_token", uid,
		                  db_cell(row, 0, 0), tok, len) == 0
		               ? ST_OK
		               : ST_INTERNAL;
	if (db_int(row, 0, 3, 0) != 1 ||
	    users_open("alipay_accounts.refresh_token", uid, db_cell(row, 0, 2),
	               refresh, sizeof(refresh)) != 0)
		return resp_fail(res, ST_THIRD_PARTY,
		                 "alipay: the authorization expired; bind "
		                 "Alipay again");
	st = oauth_token(res, "refresh_token", refresh, &a);
	crypto_wipe(refresh, sizeof(refresh));
	if (st != ST_OK) {
		alipay_resp_free(&a);
		return st;
	}
	access = member(a.node, "access_token", t1, sizeof(t1));
	next = member(a.node, "refresh_token", t2, sizeof(t2));
	if (access == NULL || strlen(access) >= len ||
	    (na = users_seal("alipay_accounts.access_token", uid, access,
	                     access_enc, sizeof(access_enc))) < 0 ||
	    (next != NULL &&
	     (nr = users_seal("alipay_accounts.refresh_token", uid, next,
	                      refresh_enc, sizeof(refresh_enc))) < 0)) {
		alipay_resp_free(&a);
		return resp_fail(res, ST_THIRD_PARTY,
		                 "alipay: incomplete token answer");
	}
	strcpy(tok, access);
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

/* Ask Alipay for the user's score and cache it. */
static enum status
zhima_fetch(struct resp *res, long long uid, const struct db_res *row)
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

	if ((st = need_alipay(res)) != ST_OK)
		return st;
	if ((st = access_token(res, uid, row, tok, sizeof(tok))) != ST_OK)
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
		return failed(res, rc, err, "zhima");
	if (!alipay_resp_success(&a)) {
		st = refused(res, &a, "zhima");
		alipay_resp_free(&a);
		return st;
	}
	score = member(a.node, "zm_score", tmp, sizeof(tmp));
	if (score == NULL || *score == '\0' ||
	    strspn(score, "0123456789") != strlen(score) || strlen(score) > 4) {
		alipay_resp_free(&a);
		return resp_fail(res, ST_THIRD_PARTY,
		                 "alipay: no zm_score in the answer");
	}
	v[0] = DB_STR(score);
	v[1] = DB_INT(uid);
	if ((rc = db_exec(app.db, Q_ALIPAY_ZHIMA, v, 2, NULL, NULL, NULL)) !=
	    DB_OK) {
		alipay_resp_free(&a);
		return app_db_status(rc, "zhima");
	}
	resp_ans(res, cJSON_CreateString(score));
	alipay_resp_free(&a);
	return ST_OK;
}

enum status
h_alipay_zhima(struct req *r, struct resp *res)
{
	const struct pval *p = &r->p[0];
	char mode = p->set ? (char)toupper((unsigned char)p->s[0]) : 'A';
	struct db_res *row = NULL;
	enum status st;
	const char *cached;

	if ((st = need_alipay(res)) != ST_OK ||
	    (st = account(r->uid, &row)) != ST_OK)
		return st;
	if (row->nrows != 1) {
		/* Not bound: -1 whatever the mode. */
		resp_ans(res, cJSON_CreateString("-1"));
		st = ST_OK;
		goto out;
	}
	cached = db_str(row, 0, 4);
	if (mode == 'N' || (mode == 'A' && cached != NULL)) {
		resp_ans(res, cJSON_CreateString(cached ? cached : "-1"));
		st = ST_OK;
		goto out;
	}
	st = zhima_fetch(res, r->uid, row);
out:
	db_res_free(row);
	return st;
}

/* ---- /payment/ali/pay_to_customer ------------------------------------ */

static const char *const payee_types[] = {"ALIPAY_USERID", "ALIPAY_LOGONID",
                                          NULL};

static int
check_order_id(const char *s, size_t n, char *err, size_t len)
{
	if (strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	              "0123456789_-") != n) {
		snprintf(err, len, "letters, digits, '_' and '-' only");
		return -1;
	}
	return 0;
}

static int
check_amount(const char *s, size_t n, char *err, size_t len)
{
	long long fen;

	if (alipay_yuan_to_fen(s, &fen) != 0) {
		snprintf(err, len, "expected yuan with at most two decimals");
		return -1;
	}
	if (fen < TRANSFER_MIN || fen > TRANSFER_MAX) {
		snprintf(err, len, "must be between 0.10 and 50000.00 yuan");
		return -1;
	}
	(void)n;
	return 0;
}

enum { T_ORDER, T_TYPE, T_ACOUNT, T_ACCOUNT, T_AMOUNT, T_REMARK };

const struct pspec h_alipay_transfer_params[] = {
        [T_ORDER] = PARAM_TEXT("order_id", PF_REQUIRED, 1, 64, check_order_id),
        [T_TYPE] = PARAM_CHOICE("payee_type", PF_REQUIRED, payee_types),
        /* The document's spelling, and the right one. */
        [T_ACOUNT] = PARAM_TEXT("payee_acount", PF_EMPTY, 1, 100, NULL),
        [T_ACCOUNT] = PARAM_TEXT("payee_account", PF_EMPTY, 1, 100, NULL),
        [T_AMOUNT] = PARAM_TEXT("amount", PF_REQUIRED, 1, 16, check_amount),
        [T_REMARK] = PARAM_TEXT("remark", PF_EMPTY, 1, 200, NULL),
        PARAM_END,
};

/* The machine itself, as nginx allows it (127.0.0.1, ::1). */
static int
loopback(const char *addr)
{
	return addr != NULL &&
	       (strcmp(addr, "127.0.0.1") == 0 || strcmp(addr, "::1") == 0 ||
	        strcmp(addr, "::ffff:127.0.0.1") == 0);
}

/* The payee account, checked for its type. */
static const char *
payee(struct req *r, struct resp *res, enum status *st)
{
	const struct pval *a = &r->p[T_ACOUNT], *b = &r->p[T_ACCOUNT];
	const char *acct;
	size_t n, i;

	if (a->set && b->set && strcmp(a->s, b->s) != 0) {
		*st = resp_fail(res, ST_PARAM,
		                "payee_account: differs from payee_acount");
		return NULL;
	}
	if (!a->set && !b->set) {
		*st = resp_fail(res, ST_PARAM, "payee_acount: required");
		return NULL;
	}
	acct = a->set ? a->s : b->s;
	n = strlen(acct);
	for (i = 0; i < n; i++)
		if (acct[i] <= ' ' || acct[i] > '~') {
			*st = resp_fail(res, ST_PARAM,
			                "%s: letters, digits and punctuation "
			                "only",
			                a->set ? "payee_acount"
			                       : "payee_account");
			return NULL;
		}
	if (r->p[T_TYPE].i == 0 && (n != 16 || strncmp(acct, "2088", 4) != 0 ||
	                            strspn(acct, "0123456789") != n)) {
		*st = resp_fail(res, ST_PARAM,
		                "payee_acount: an ALIPAY_USERID is 16 digits "
		                "starting with 2088");
		return NULL;
	}
	if (r->p[T_TYPE].i == 1 && strchr(acct, '@') == NULL &&
	    (n != 11 || acct[0] != '1' || strspn(acct, "0123456789") != n)) {
		*st = resp_fail(res, ST_PARAM,
		                "payee_acount: an ALIPAY_LOGONID is an email "
		                "address or a mobile number");
		return NULL;
	}
	return acct;
}

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

enum status
h_alipay_transfer(struct req *r, struct resp *res)
{
	const char *order = r->p[T_ORDER].s, *acct, *remark;
	unsigned char sealed[100 + SEAL_OVERHEAD];
	char aad[96], yuan[ALIPAY_YUAN_LEN], plain[128];
	struct db_res *row = NULL, *lock = NULL;
	struct db_val v[6];
	struct outcome o;
	enum status st = ST_OK;
	long long fen, id;
	uint64_t new_id = 0;
	cJSON *biz, *ans;
	char *biz_text = NULL;
	long n;
	int rc, locked = 0;

	/* nginx lets only the machine itself here; so do we. */
	if (!loopback(r->remote_addr))
		return resp_fail(res, ST_FORBIDDEN, "internal route");
	if ((st = need_alipay(res)) != ST_OK)
		return st;
	if ((acct = payee(r, res, &st)) == NULL)
		return st;
	alipay_yuan_to_fen(r->p[T_AMOUNT].s, &fen);
	alipay_fen_to_yuan(fen, yuan);
	remark = r->p[T_REMARK].set ? r->p[T_REMARK].s : "";
	snprintf(aad, sizeof(aad), "transfers.payee_account:%s", order);

	/* One call per order at a time, across workers. */
	v[0] = DB_STR(order);
	if ((rc = db_exec(app.db, Q_XFER_LOCK, v, 1, &lock, NULL, NULL)) !=
	    DB_OK)
		return app_db_status(rc, "transfer lock");
	locked = db_int(lock, 0, 0, 0) == 1;
	db_res_free(lock);
	if (!locked)
		return resp_fail(res, ST_CONFLICT,
		                 "order_id %s: a transfer is in progress",
		                 order);

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
		v[1] = DB_STR(payee_types[r->p[T_TYPE].i]);
		v[2] = DB_BLOB(sealed, (size_t)n);
		v[3] = DB_INT(fen);
		v[4] = *remark ? DB_STR(remark) : DB_NULLV;
		v[5] = DB_INT(r->uid);
		if ((rc = db_exec(app.db, Q_XFER_INSERT, v, 6, NULL, NULL,
		                  &new_id)) != DB_OK) {
			st = app_db_status(rc, "transfer");
			goto out;
		}
		id = (long long)new_id;
		o.state = 0;
		n = 0; /* attempts */
		log_info("transfer %lld: order %s, %s yuan, by user %lld", id,
		         order, yuan, r->uid);
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
		if (strcmp(db_str(row, 0, 1), payee_types[r->p[T_TYPE].i]) !=
		            0 ||
		    strcmp(plain, acct) != 0 || db_int(row, 0, 3, -1) != fen ||
		    strcmp(db_str(row, 0, 4), remark) != 0) {
			crypto_wipe(plain, sizeof(plain));
			st = resp_fail(res, ST_CONFLICT,
			               "order_id %s was used with other "
			               "parameters",
			               order);
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
		cJSON_AddStringToObject(biz, "payee_type",
		                        payee_types[r->p[T_TYPE].i]);
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
		st = resp_fail(res, ST_THIRD_PARTY, "alipay: %s", o.sub);
		goto out;
	}
	if (o.state == 0) {
		st = resp_fail(res, ST_THIRD_PARTY,
		               "alipay: outcome unknown%s%s; call again with "
		               "the same order_id",
		               o.sub[0] ? ": " : "", o.sub);
		goto out;
	}
	ans = cJSON_CreateObject();
	cJSON_AddStringToObject(ans, "order_id", order);
	cJSON_AddStringToObject(ans, "status", "SUCCESS");
	cJSON_AddStringToObject(ans, "amount", yuan);
	cJSON_AddStringToObject(ans, "alipay_order_id", o.order);
	cJSON_AddStringToObject(ans, "pay_date", o.date);
	resp_ans(res, ans);
out:
	free(biz_text);
	db_res_free(row);
	if (locked) {
		v[0] = DB_STR(order);
		if (db_exec(app.db, Q_XFER_UNLOCK, v, 1, &lock, NULL, NULL) ==
		    DB_OK)
			db_res_free(lock);
	}
	return st;
}
