/* QSZ's Alipay routes (qsz.md 6) over app/payments: the payment URL of a
 * viewing request, the asynchronous notify (the form read here, settled
 * there), binding an Alipay account (authorization URL and its redirect
 * target), the binding's status, the Zhima score and company-to-person
 * transfers. */
#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "buf.h"
#include "log.h"
#include "payments.h"
#include "qsz.h"
#include "qsz/handlers.h"

/* Status 9 saying what Alipay did not do. */
static enum status
fault(struct resp *res, const struct pay_fault *f)
{
	if (f->kind == PAYF_XFER_UNKNOWN)
		return resp_fail(res, ST_THIRD_PARTY,
		                 "alipay: outcome unknown%s%s; call again with "
		                 "the same order_id",
		                 f->code[0] ? ": " : "", f->code);
	return resp_fail(res, ST_THIRD_PARTY, "alipay: %s",
	                 payments_fault_word(f));
}

/* ---- /order/get_preorder_paymenturl ---------------------------------- */

enum { U_PREORDER, U_RETURN };

const struct pspec h_alipay_payment_url_params[] = {
        [U_PREORDER] = PARAM_INT("pre_order_id", PF_REQUIRED, 1, LLONG_MAX),
        [U_RETURN] = PARAM_URL("return_url", PF_REQUIRED, 10, PAY_URL_MAX,
                               payments_check_return_url),
        PARAM_END,
};

enum status
h_alipay_payment_url(struct req *r, struct resp *res)
{
	long long id = r->p[U_PREORDER].i;
	struct pay_fault f;
	char *url = NULL;
	enum status st;
	int state;
	cJSON *o;

	st = payments_viewing_url(r->uid, id, r->p[U_RETURN].s, &url, &state,
	                          &f);
	if (st == ST_THIRD_PARTY)
		return fault(res, &f);
	if (st != ST_OK)
		return qsz_preorder_refusal(res, st, id, state, "paid");
	o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "result", "SUCCESS");
	cJSON_AddStringToObject(o, "payment_url", url);
	resp_ans(res, o);
	free(url);
	return ST_OK;
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

enum status
h_alipay_notify(struct req *r, struct resp *res)
{
	struct alipay_params p = {0};
	size_t i;
	int ok = 0;

	if (payments_ready(NULL) != ST_OK) {
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
	ok = payments_notify(&p) == ST_OK;
out:
	alipay_params_free(&p);
	return notify_answer(res, ok);
}

/* ---- binding: /payment/ali/get_auth_url, /payment/ali/auth_notify ---- */

const struct pspec h_alipay_auth_url_params[] = {PARAM_END};

enum status
h_alipay_auth_url(struct req *r, struct resp *res)
{
	struct pay_fault f;
	char *url = NULL;
	enum status st;
	cJSON *o;

	st = payments_auth_url(r->uid, &url, &f);
	if (st == ST_THIRD_PARTY)
		return fault(res, &f);
	if (st != ST_OK)
		return st;
	o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "result", "SUCCESS");
	cJSON_AddStringToObject(o, "auth_url", url);
	resp_ans(res, o);
	free(url);
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

enum { N_CODE, N_STATE };

const struct pspec h_alipay_auth_notify_params[] = {
        [N_CODE] = PARAM_TEXT("auth_code", PF_EMPTY, 1, 128, NULL),
        [N_STATE] = PARAM_TEXT("state", PF_EMPTY, 1, 128, NULL),
        PARAM_END,
};

enum status
h_alipay_auth_notify(struct req *r, struct resp *res)
{
	struct pay_fault f;

	if (payments_ready(NULL) != ST_OK)
		return page(res, 503, "暂不可用", "Alipay is not configured.");
	if (!r->p[N_STATE].set || !r->p[N_CODE].set)
		return page(res, 400, "授权失败",
		            "The authorization was cancelled or incomplete "
		            "(no auth_code or state).");
	switch (payments_bind(r->p[N_STATE].s, r->p[N_STATE].n, r->p[N_CODE].s,
	                      &f)) {
	case ST_OK:
		return page(res, 200, "授权成功",
		            "Your Alipay account is bound. You can go back to "
		            "the app.");
	case ST_NOT_FOUND:
		return page(res, 400, "授权失败",
		            "This authorization link is unknown or was already "
		            "used. Start again from the app.");
	case ST_CODE:
		return page(res, 400, "授权失败",
		            "This authorization link has expired. Start again "
		            "from the app.");
	case ST_THIRD_PARTY:
		if (f.kind == PAYF_TOKEN_INCOMPLETE)
			return page(
			        res, 502, "授权失败",
			        "Alipay's answer was incomplete. Try again.");
		return page(res, 502, "授权失败",
		            "Alipay did not confirm the authorization. Try "
		            "again.");
	default:
		return page(res, 500, "授权失败", "Internal error; try again.");
	}
}

/* ---- /payment/ali/binding_status ------------------------------------- */

const struct pspec h_alipay_binding_params[] = {PARAM_END};

enum status
h_alipay_binding(struct req *r, struct resp *res)
{
	struct pay_fault f;
	enum status st;
	int bound;

	st = payments_bound(r->uid, &bound, &f);
	if (st == ST_THIRD_PARTY)
		return fault(res, &f);
	if (st != ST_OK)
		return st;
	resp_ans(res, cJSON_CreateNumber(bound ? 1 : -1));
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

enum status
h_alipay_zhima(struct req *r, struct resp *res)
{
	const struct pval *p = &r->p[0];
	char mode = p->set ? (char)toupper((unsigned char)p->s[0]) : 'A';
	char score[16];
	struct pay_fault f;
	enum status st;

	st = payments_zhima(r->uid,
	                    mode == 'N'   ? PZ_CACHED
	                    : mode == 'Y' ? PZ_FRESH
	                                  : PZ_AUTO,
	                    score, sizeof(score), &f);
	if (st == ST_THIRD_PARTY)
		return fault(res, &f);
	if (st != ST_OK)
		return st;
	/* Not bound, or (N) none cached: -1. */
	resp_ans(res, cJSON_CreateString(score[0] ? score : "-1"));
	return ST_OK;
}

/* ---- /payment/ali/pay_to_customer ------------------------------------ */

/* In enum pay_payee's order. */
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
	if (fen < PAY_TRANSFER_MIN || fen > PAY_TRANSFER_MAX) {
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

enum status
h_alipay_transfer(struct req *r, struct resp *res)
{
	const char *order = r->p[T_ORDER].s, *acct;
	char yuan[ALIPAY_YUAN_LEN];
	struct pay_transfer t;
	struct pay_fault f;
	enum status st = ST_OK;
	long long fen;
	cJSON *ans;

	/* nginx lets only the machine itself here; so do we. */
	if (!loopback(r->remote_addr))
		return resp_fail(res, ST_FORBIDDEN, "internal route");
	if ((st = payments_ready(&f)) != ST_OK)
		return fault(res, &f);
	if ((acct = payee(r, res, &st)) == NULL)
		return st;
	if (alipay_yuan_to_fen(r->p[T_AMOUNT].s, &fen) != 0 ||
	    alipay_fen_to_yuan(fen, yuan) < 0)
		return ST_INTERNAL;
	st = payments_transfer(
	        r->uid, order, (enum pay_payee)r->p[T_TYPE].i, acct, fen,
	        r->p[T_REMARK].set ? r->p[T_REMARK].s : "", &t, &f);
	if (st == ST_CONFLICT)
		return resp_fail(
		        res, ST_CONFLICT,
		        t.busy ? "order_id %s: a transfer is in progress"
		               : "order_id %s was used with other "
		                 "parameters",
		        order);
	if (st == ST_THIRD_PARTY)
		return fault(res, &f);
	if (st != ST_OK)
		return st;
	ans = cJSON_CreateObject();
	cJSON_AddStringToObject(ans, "order_id", order);
	cJSON_AddStringToObject(ans, "status", "SUCCESS");
	cJSON_AddStringToObject(ans, "amount", yuan);
	cJSON_AddStringToObject(ans, "alipay_order_id", t.order);
	cJSON_AddStringToObject(ans, "pay_date", t.date);
	resp_ans(res, ans);
	return ST_OK;
}
