/* Captchas in the captchas table (migration 0008): drawn by lib/captcha,
 * kept captcha_ttl_s under the client's id, deleted when checked. */
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "captcha.h"
#include "codes.h"
#include "crypto.h"
#include "ratelimit.h"
#include "log.h"
#include "metrics.h"
#include "schema.h"
#include "sms.h"

enum status
codes_captcha_new(const char *id, const char *pre, const char *ip,
                  unsigned char **png, size_t *len, char text[5])
{
	struct db_val args[3];
	enum status st;
	long long n;
	int rc;

	*png = NULL;
	*len = 0;
	st = limits_hit("captcha", ip, LIMITS_MINUTE, 0, &n);
	if (st != ST_OK)
		return st;
	if (n > app.cfg.captcha_ip_per_min)
		return ST_RATE;
	if (captcha_text(text) < 0)
		return ST_INTERNAL;
	rc = captcha_png(text, app.cfg.captcha_font, png, len);
	if (rc < 0)
		return ST_INTERNAL;
	if (rc == CAPTCHA_BUILTIN_FONT)
		log_warn("captcha: font %s not usable; gd's own font drawn",
		         app.cfg.captcha_font);
	if (pre != NULL && strcmp(pre, id) != 0) {
		args[0] = DB_STR(pre);
		db_exec(app.db, Q_CAPTCHA_DEL, args, 1, NULL, NULL, NULL);
	}
	db_exec(app.db, Q_CAPTCHA_SWEEP, NULL, 0, NULL, NULL, NULL);
	args[0] = DB_STR(id);
	args[1] = DB_STR(text);
	args[2] = DB_INT(app.cfg.captcha_ttl_s);
	rc = db_exec(app.db, Q_CAPTCHA_PUT, args, 3, NULL, NULL, NULL);
	if (rc != DB_OK) {
		free(*png);
		*png = NULL;
		*len = 0;
		return app_db_status(rc, "captcha store");
	}
	return ST_OK;
}

enum status
codes_captcha_check(const char *id, const char *typed, size_t n)
{
	struct db_res *rows = NULL;
	struct db_val arg = DB_STR(id);
	enum status st = ST_CODE;
	int rc;

	rc = db_exec(app.db, Q_CAPTCHA_TAKE, &arg, 1, &rows, NULL, NULL);
	if (rc != DB_OK)
		return app_db_status(rc, "captcha check");
	if (rows->nrows == 1 && db_int(rows, 0, 1, 0) == 1 &&
	    db_str(rows, 0, 0) != NULL &&
	    captcha_equal(typed, n, db_str(rows, 0, 0)))
		st = ST_OK;
	db_res_free(rows);
	return st;
}

int
codes_mobile_registered(const char *mobile)
{
	struct db_res *rows = NULL;
	struct db_val arg = DB_STR(mobile);
	int rc, n;

	rc = db_exec(app.db, Q_USER_BY_MOBILE, &arg, 1, &rows, NULL, NULL);
	if (rc != DB_OK) {
		app_db_status(rc, "mobile lookup");
		return -1;
	}
	n = rows->nrows > 0;
	db_res_free(rows);
	return n;
}

/* The stored form of a code: SHA-256 over the data key, the number and the
 * code, so the table alone tells nothing. */
static void
code_hash(const char *mobile, const char *code, size_t n, unsigned char out[32])
{
	unsigned char buf[KEY_LEN + 11 + 1 + 16];
	size_t m = strlen(mobile), k = 0;

	if (m > 11)
		m = 11;
	if (n > 16)
		n = 16;
	memcpy(buf, app.cfg.data_key, KEY_LEN);
	k = KEY_LEN;
	memcpy(buf + k, mobile, m);
	k += m;
	buf[k++] = ':';
	memcpy(buf + k, code, n);
	k += n;
	crypto_sha256(buf, k, out);
	crypto_wipe(buf, sizeof(buf));
}

/* Six digits without modulo bias. */
static int
new_code(char out[7])
{
	unsigned char b;
	int i = 0;

	while (i < 6) {
		if (crypto_random(&b, 1) < 0)
			return -1;
		if (b >= 250)
			continue;
		out[i++] = (char)('0' + b % 10);
	}
	out[6] = '\0';
	return 0;
}

static enum status
sms_send_once(const char *mobile, const char *ip, int refuse_registered,
              const char **why)
{
	struct sms_config sc = {
	        .api_base = app.cfg.sms_api_base,
	        .access_key_id = app.cfg.sms_access_key_id,
	        .access_key_secret = app.cfg.sms_secret,
	        .sign_name = app.cfg.sms_sign_name,
	        .template_code = app.cfg.sms_template_code,
	        .timeout_ms = app.cfg.http_timeout_ms,
	        .ca_file = app.cfg.http_ca_file,
	};
	struct sms_result out = {0};
	struct db_res *rows = NULL;
	struct db_val args[3];
	unsigned char hash[32];
	enum sms_outcome o;
	enum status st;
	char code[7], err[256];
	long long n;
	int rc;

	*why = "";
	if (refuse_registered) {
		if ((rc = codes_mobile_registered(mobile)) < 0)
			return ST_DB;
		if (rc == 1)
			return ST_EXISTS;
	}
	args[0] = DB_INT(app.cfg.sms_resend_s);
	args[1] = DB_STR(mobile);
	rc = db_exec(app.db, Q_SMS_RECENT, args, 2, &rows, NULL, NULL);
	if (rc != DB_OK)
		return app_db_status(rc, "sms interval");
	n = rows->nrows ? db_int(rows, 0, 0, 0) : 0;
	db_res_free(rows);
	if (n == 1) {
		*why = "interval";
		return ST_RATE;
	}
	if ((st = limits_count("sms-mobile", mobile, LIMITS_DAY, LIMITS_CHINA,
	                       &n)) != ST_OK)
		return st;
	if (n >= app.cfg.sms_mobile_daily_max) {
		*why = "mobile";
		return ST_RATE;
	}
	if ((st = limits_count("sms-ip", ip, LIMITS_DAY, LIMITS_CHINA, &n)) !=
	    ST_OK)
		return st;
	if (n >= app.cfg.sms_ip_daily_max) {
		*why = "ip";
		return ST_RATE;
	}
	if (app.cfg.sms_access_key_id == NULL) {
		*why = "unconfigured";
		return ST_THIRD_PARTY;
	}
	if (new_code(code) < 0)
		return ST_INTERNAL;
	/* Every attempt that reaches the provider counts. */
	if ((st = limits_hit("sms-mobile", mobile, LIMITS_DAY, LIMITS_CHINA,
	                     &n)) != ST_OK ||
	    (st = limits_hit("sms-ip", ip, LIMITS_DAY, LIMITS_CHINA, &n)) !=
	            ST_OK) {
		crypto_wipe(code, sizeof(code));
		return st;
	}
	o = sms_send(&sc, mobile, code, &out, err, sizeof(err));
	if (o != SMS_SENT) {
		log_warn("sms: %s %s %s (request %s)%s%s", sms_outcome_name(o),
		         out.code, out.message, out.request_id,
		         err[0] ? ": " : "", err);
		sms_result_free(&out);
		crypto_wipe(code, sizeof(code));
		*why = "provider";
		return ST_THIRD_PARTY;
	}
	log_info("sms: sent (biz %s)", out.biz_id);
	sms_result_free(&out);
	code_hash(mobile, code, 6, hash);
	crypto_wipe(code, sizeof(code));
	args[0] = DB_STR(mobile);
	args[1] = DB_BLOB(hash, sizeof(hash));
	args[2] = DB_INT(app.cfg.sms_code_ttl_s);
	rc = db_exec(app.db, Q_SMS_PUT, args, 3, NULL, NULL, NULL);
	if (rc != DB_OK)
		return app_db_status(rc, "sms code store");
	return ST_OK;
}

/* Each ask is counted once by what became of it (why names a refusal). */
enum status
codes_sms_send(const char *mobile, const char *ip, int refuse_registered,
               const char **why)
{
	static const struct {
		const char *why;
		enum metric_sms m;
	} refusals[] = {
	        {"interval", MS_INTERVAL}, {"mobile", MS_MOBILE_DAY},
	        {"ip", MS_IP_DAY},         {"unconfigured", MS_UNCONFIGURED},
	        {"provider", MS_PROVIDER},
	};
	enum status st = sms_send_once(mobile, ip, refuse_registered, why);
	enum metric_sms m = MS_ERROR;
	size_t i;

	if (st == ST_OK)
		m = MS_SENT;
	else if (st == ST_EXISTS)
		m = MS_REGISTERED;
	for (i = 0; i < sizeof(refusals) / sizeof(refusals[0]); i++)
		if (st != ST_OK && strcmp(*why, refusals[i].why) == 0)
			m = refusals[i].m;
	metrics_sms(m);
	return st;
}

enum status
codes_sms_check(const char *mobile, const char *code, size_t n)
{
	struct db_res *rows = NULL;
	struct db_val args[2];
	unsigned char hash[32];
	enum status st = ST_CODE;
	const char *kept;
	int rc;

	args[0] = DB_STR(mobile);
	rc = db_exec(app.db, Q_SMS_LOCK, args, 1, &rows, NULL, NULL);
	if (rc != DB_OK)
		return app_db_status(rc, "sms code check");
	if (rows->nrows != 1) {
		db_res_free(rows);
		return ST_CODE;
	}
	kept = db_cell(rows, 0, 0)->n == sizeof(hash) ? db_str(rows, 0, 0)
	                                              : NULL;
	if (db_int(rows, 0, 2, 0) != 0)
		st = ST_RATE;
	else if (kept == NULL || db_int(rows, 0, 1, 0) != 1)
		st = ST_CODE;
	else {
		code_hash(mobile, code, n, hash);
		st = crypto_equal(hash, kept, sizeof(hash)) ? ST_OK : ST_CODE;
		if (st == ST_CODE) {
			args[0] = DB_INT(app.cfg.sms_max_attempts);
			args[1] = DB_STR(mobile);
			rc = db_exec(app.db, Q_SMS_WRONG, args, 2, NULL, NULL,
			             NULL);
		} else {
			rc = db_exec(app.db, Q_SMS_USED, args, 1, NULL, NULL,
			             NULL);
		}
		if (rc != DB_OK)
			st = app_db_status(rc, "sms code update");
	}
	db_res_free(rows);
	return st;
}
