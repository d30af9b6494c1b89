#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "config.h"
#include "db.h"
#include "log.h"
#include "valid.h"

/* Every key, with its default; "{state}" stands for state_dir.  The same
 * list is documented in zufang.conf and the README. */
const struct cfg_key config_keys[] = {
        {"state_dir", "var"},
        {"listen", "127.0.0.1"},
        {"port", "8080"},
        {"workers", "8"},
        {"socket", "{state}/run/fcgi.sock"},
        {"db_socket", "{state}/run/mysqld.sock"},
        /* TCP instead (a Galera cluster): host:port,... tried in turn. */
        {"db_hosts", ""},
        {"db_tls_ca", ""},
        {"db_tls_cert", ""},
        {"db_tls_key", ""},
        {"db_tls_verify", "1"},
        {"db_name", "zufang"},
        {"db_user", "zufang"},
        {"db_password_file", "{state}/secrets/db_password"},
        {"data_key_file", "{state}/secrets/data_key"},
        {"media_dir", "{state}/files"},
        {"upload_tmp_dir", "{state}/files/.tmp"},
        {"log_file", "{state}/log/zufang.log"},
        {"log_level", "info"},
        {"slow_request_ms", "1000"},
        {"migrations_dir", "migrations"},
        {"wechat_api_base", "https://api.weixin.qq.com"},
        {"wechat_appid", ""},
        {"wechat_secret", ""},
        {"wechat_secret_file", "{state}/secrets/wechat_secret"},
        {"wechat_trust_client_openid", "0"},
        {"alipay_gateway", "https://openapi.alipay.com/gateway.do"},
        {"alipay_auth_base", "https://openauth.alipay.com"},
        {"alipay_app_id", ""},
        {"alipay_seller_id", ""},
        {"alipay_app_private_key_file",
         "{state}/secrets/alipay_app_private_key"},
        {"alipay_public_key_file", "{state}/secrets/alipay_public_key"},
        {"alipay_auth_scope", "auth_user,auth_zhima"},
        {"public_base_url", ""},
        {"return_url_hosts", ""},
        {"viewing_fee_fen", "1000"},
        {"http_timeout_ms", "5000"},
        {"http_ca_file", ""},
        {"token_ttl_s", "432000"},
        {"max_image_bytes", "10485760"},
        {"max_video_bytes", "209715200"},
        {"max_doc_bytes", "10485760"},
        {"max_photos", "30"},
        {"max_videos", "5"},
        /* Shared accounts, captcha, SMS codes, iHome (ihome.md 9). */
        {"ihome_city_code", "110100"},
        {"ihome_page_size", "10"},
        {"ihome_count_cache", "1"},
        {"ihome_accept_ttl_s", "86400"},
        {"ihome_payment_ttl_s", "7200"},
        {"session_cookie_ttl_s", "604800"},
        {"captcha_ttl_s", "300"},
        {"captcha_ip_per_min", "60"},
        {"captcha_test_echo", "0"},
        {"captcha_font",
         "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"},
        {"sms_code_ttl_s", "300"},
        {"sms_resend_s", "60"},
        {"sms_max_attempts", "5"},
        {"sms_mobile_daily_max", "10"},
        {"sms_ip_daily_max", "50"},
        {"login_max_failures", "5"},
        /* The directory (directory.md 13). */
        {"directory_page_size", "5"},
        {"directory_count_cache", "1"},
        {"demo_data", "0"},
        /* Rental (rental.md 7). */
        {"cors_origins", "*"},
        /* Review by administrators (issue 13, 1): the addresses nginx
         * admits to /admin/ (rendered into nginx/zufang.conf.in). */
        {"admin_allow", "127.0.0.1 ::1"},
        {"rental_contract_sign_s", "604800"},
        {"login_ip_max_failures", "5"},
        {"login_failure_window_s", "600"},
        {"password_ops", "2"},
        {"password_mem_kib", "65536"},
        {"sms_api_base", "https://dysmsapi.aliyuncs.com"},
        {"sms_access_key_id", ""},
        {"sms_access_key_secret", ""},
        {"sms_access_key_secret_file", ""},
        {"sms_sign_name", ""},
        {"sms_template_code", ""},
        /* scripts/run only: where its fakes listen when the real service
         * is not configured. */
        {"dev_wechat_port", "8081"},
        {"dev_alipay_port", "8082"},
        {"dev_sms_port", "8083"},
};
const size_t config_nkeys = sizeof(config_keys) / sizeof(config_keys[0]);

/* Effective values with {state} expanded, by key index. */
static char *values[sizeof(config_keys) / sizeof(config_keys[0])];

const char *
config_value(const struct config *c, const char *key)
{
	size_t i;

	(void)c;
	for (i = 0; i < config_nkeys; i++)
		if (strcmp(config_keys[i].name, key) == 0)
			return values[i];
	return NULL;
}

/* Set by config_load_all: report every bad key (in check-config's
 * "key: problem: fix" shape), counted in errors, instead of stopping at
 * the first. */
static int keep_going;
static int errors;

static int
num(const char *key, long long min, long long max, long long *out)
{
	const char *v = config_value(NULL, key);
	char err[128];

	if (v == NULL ||
	    valid_int(v, strlen(v), min, max, out, err, sizeof(err)) < 0) {
		(void)err; /* the range is said below, with the fix */
		fprintf(stderr,
		        "%s%s: '%s' is not an integer from %lld to %lld: set "
		        "it to one\n",
		        keep_going ? "" : "zufang: configuration ", key,
		        v ? v : "", min, max);
		errors++;
		return keep_going ? 0 : -1;
	}
	return 0;
}

static const char *
nonempty(const char *key)
{
	const char *v = config_value(NULL, key);

	return v != NULL && *v != '\0' ? v : NULL;
}

/* The integer keys stored as they are, with their ranges. */
#define INT_KEY(k, lo, hi)                                                     \
	{                                                                      \
#k, lo, hi, offsetof(struct config, k)                         \
	}
static const struct {
	const char *key;
	long long min, max;
	size_t off;
} int_keys[] = {
        INT_KEY(ihome_city_code, 110000, 999999),
        INT_KEY(ihome_page_size, 1, 50),
        INT_KEY(directory_page_size, 1, 50),
        INT_KEY(directory_count_cache, 0, 1),
        INT_KEY(demo_data, 0, 1),
        INT_KEY(rental_contract_sign_s, 60, 365LL * 86400),
        INT_KEY(ihome_count_cache, 0, 1),
        INT_KEY(ihome_accept_ttl_s, 60, 30LL * 86400),
        INT_KEY(ihome_payment_ttl_s, 120, 30LL * 86400),
        INT_KEY(session_cookie_ttl_s, 60, 365LL * 86400),
        INT_KEY(captcha_ttl_s, 10, 3600),
        INT_KEY(captcha_ip_per_min, 1, 1000000),
        INT_KEY(captcha_test_echo, 0, 1),
        INT_KEY(sms_code_ttl_s, 30, 3600),
        INT_KEY(sms_resend_s, 0, 3600),
        INT_KEY(sms_max_attempts, 1, 100),
        INT_KEY(sms_mobile_daily_max, 1, 1000000),
        INT_KEY(sms_ip_daily_max, 1, 1000000),
        INT_KEY(login_max_failures, 1, 1000000),
        INT_KEY(login_ip_max_failures, 1, 1000000),
        INT_KEY(login_failure_window_s, 1, 86400),
        INT_KEY(password_ops, 1, 10),
        INT_KEY(password_mem_kib, 8192, 4LL * 1024 * 1024),
        INT_KEY(slow_request_ms, 0, 3600LL * 1000),
};
#undef INT_KEY

/* The SMS secret (sms-protocol.md 7): from the file (preferred) or the
 * value, never both; a key id needs one. */
static int
sms_secret(struct config *c)
{
	const char *file = nonempty("sms_access_key_secret_file");
	const char *value = nonempty("sms_access_key_secret");
	char err[512];

	if (file != NULL && value != NULL) {
		fprintf(stderr, "zufang: sms_access_key_secret and "
		                "sms_access_key_secret_file are both set\n");
		return -1;
	}
	if (value != NULL)
		c->sms_secret = xstrdup(value);
	else if (file != NULL && (c->sms_secret = cfg_read_secret(
	                                  file, err, sizeof(err))) == NULL) {
		fprintf(stderr, "zufang: SMS secret: %s\n", err);
		return -1;
	}
	if (c->sms_access_key_id != NULL && c->sms_secret == NULL) {
		fprintf(stderr, "zufang: sms_access_key_id is set without a "
		                "secret\n");
		return -1;
	}
	return 0;
}

int
config_load(struct config *c, int secrets)
{
	const char *path = getenv("ZUFANG_CONFIG");
	const char *state;
	char err[512];
	long long n = 0;
	size_t i;

	memset(c, 0, sizeof(*c));
	errors = 0;
	c->raw = cfg_load(path ? path : "/etc/zufang/zufang.conf", path == NULL,
	                  "ZUFANG_", config_keys, config_nkeys, err,
	                  sizeof(err));
	if (c->raw == NULL) {
		fprintf(stderr, "zufang: %s\n", err);
		return -1;
	}
	state = cfg_get(c->raw, "state_dir");
	for (i = 0; i < config_nkeys; i++) {
		const char *v = cfg_get(c->raw, config_keys[i].name);
		struct buf b = {0};
		const char *p;

		free(values[i]);
		values[i] = NULL;
		if (v == NULL)
			continue;
		while ((p = strstr(v, "{state}")) != NULL) {
			buf_add(&b, v, (size_t)(p - v));
			buf_adds(&b, state);
			v = p + strlen("{state}");
		}
		buf_adds(&b, v);
		values[i] = buf_take(&b, NULL);
	}
	c->state_dir = config_value(c, "state_dir");
	c->socket = config_value(c, "socket");
	c->db_socket = config_value(c, "db_socket");
	c->db_hosts = nonempty("db_hosts");
	c->db_tls_ca = nonempty("db_tls_ca");
	c->db_tls_cert = nonempty("db_tls_cert");
	c->db_tls_key = nonempty("db_tls_key");
	c->db_name = config_value(c, "db_name");
	c->db_user = config_value(c, "db_user");
	c->media_dir = config_value(c, "media_dir");
	c->upload_tmp_dir = config_value(c, "upload_tmp_dir");
	c->log_file = config_value(c, "log_file");
	c->migrations_dir = config_value(c, "migrations_dir");
	c->wechat_api_base = config_value(c, "wechat_api_base");
	c->wechat_appid = nonempty("wechat_appid");
	c->http_ca_file = nonempty("http_ca_file");
	c->alipay_gateway = config_value(c, "alipay_gateway");
	c->alipay_auth_base = config_value(c, "alipay_auth_base");
	c->alipay_app_id = nonempty("alipay_app_id");
	c->alipay_seller_id = nonempty("alipay_seller_id");
	c->alipay_auth_scope = config_value(c, "alipay_auth_scope");
	c->public_base_url = nonempty("public_base_url");
	c->return_url_hosts = config_value(c, "return_url_hosts");
	c->log_level = log_level_parse(config_value(c, "log_level"));
	if (c->log_level < 0) {
		fprintf(stderr,
		        "%slog_level: '%s' is unknown: set it to debug, info, "
		        "warn or error\n",
		        keep_going ? "" : "zufang: configuration ",
		        config_value(c, "log_level"));
		errors++;
		if (!keep_going)
			return -1;
	}
	if (num("workers", 1, 256, &n) < 0)
		return -1;
	c->workers = (int)n;
	if (c->db_hosts != NULL) {
		struct db_host hosts[DB_MAX_HOSTS];
		char why[256] = "no host";

		if (db_hosts_parse(c->db_hosts, hosts, DB_MAX_HOSTS, why,
		                   sizeof(why)) <= 0) {
			fprintf(stderr,
			        "%sdb_hosts: %s: set it to "
			        "host:port[,host:port]"
			        "...\n",
			        keep_going ? "" : "zufang: configuration ",
			        why);
			errors++;
			if (!keep_going)
				return -1;
		}
	}
	if (num("db_tls_verify", 0, 1, &n) < 0)
		return -1;
	c->db_tls_verify = (int)n;
	if (num("wechat_trust_client_openid", 0, 1, &n) < 0)
		return -1;
	c->wechat_trust_client_openid = (int)n;
	if (num("http_timeout_ms", 100, 120000, &n) < 0)
		return -1;
	c->http_timeout_ms = (long)n;
	if (num("token_ttl_s", 60, 365LL * 86400, &c->token_ttl_s) < 0)
		return -1;
	if (num("max_image_bytes", 1024, 1LL << 32, &n) < 0)
		return -1;
	c->max_image_bytes = (uint64_t)n;
	if (num("max_video_bytes", 1024, 1LL << 34, &n) < 0)
		return -1;
	c->max_video_bytes = (uint64_t)n;
	if (num("max_doc_bytes", 1024, 1LL << 32, &n) < 0)
		return -1;
	c->max_doc_bytes = (uint64_t)n;
	if (num("max_photos", 1, 1000, &n) < 0)
		return -1;
	c->max_photos = (int)n;
	if (num("max_videos", 1, 100, &n) < 0)
		return -1;
	c->max_videos = (int)n;
	if (num("port", 1, 65535, &n) < 0)
		return -1;
	if (num("viewing_fee_fen", 1, 10000000000LL, &c->viewing_fee_fen) < 0)
		return -1;
	for (i = 0; i < sizeof(int_keys) / sizeof(int_keys[0]); i++)
		if (num(int_keys[i].key, int_keys[i].min, int_keys[i].max,
		        (long long *)((char *)c + int_keys[i].off)) < 0)
			return -1;
	c->captcha_font = config_value(c, "captcha_font");
	c->sms_api_base = config_value(c, "sms_api_base");
	c->sms_access_key_id = nonempty("sms_access_key_id");
	c->sms_sign_name = config_value(c, "sms_sign_name");
	c->sms_template_code = config_value(c, "sms_template_code");
	if (errors > 0)
		return -1;
	if (!secrets)
		return 0;
	if (sms_secret(c) < 0)
		return -1;

	c->db_password = cfg_read_secret(config_value(c, "db_password_file"),
	                                 err, sizeof(err));
	if (c->db_password == NULL) {
		fprintf(stderr, "zufang: database password: %s\n", err);
		return -1;
	}
	if (crypto_key_load(config_value(c, "data_key_file"), c->data_key, err,
	                    sizeof(err)) < 0) {
		fprintf(stderr, "zufang: data key: %s\n", err);
		return -1;
	}
	if (nonempty("wechat_secret") != NULL) {
		c->wechat_secret = xstrdup(nonempty("wechat_secret"));
	} else if (c->wechat_appid != NULL) {
		c->wechat_secret =
		        cfg_read_secret(config_value(c, "wechat_secret_file"),
		                        err, sizeof(err));
		if (c->wechat_secret == NULL)
			fprintf(stderr,
			        "zufang: WeChat secret: %s; WeChat "
			        "login is off\n",
			        err);
	}
	return 0;
}

int
config_load_all(struct config *c)
{
	int rc;

	keep_going = 1;
	rc = config_load(c, 0);
	keep_going = 0;
	if (rc < 0 && errors == 0)
		return -1; /* the file itself */
	rc = errors;
	errors = 0;
	return rc;
}

void
config_free(struct config *c)
{
	size_t i;

	cfg_secret_free(c->db_password);
	cfg_secret_free(c->wechat_secret);
	cfg_secret_free(c->sms_secret);
	crypto_wipe(c->data_key, sizeof(c->data_key));
	cfg_free(c->raw);
	for (i = 0; i < config_nkeys; i++) {
		free(values[i]);
		values[i] = NULL;
	}
	memset(c, 0, sizeof(*c));
}
