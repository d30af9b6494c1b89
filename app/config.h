/* The service's configuration, read once at start-up (before the first
 * FastCGI accept).  Every key is documented in zufang.conf. */
#ifndef ZF_CONFIG_H
#define ZF_CONFIG_H

#include <stdint.h>

#include "cfg.h"
#include "crypto.h"

struct config {
	struct cfg *raw;
	const char *state_dir;
	const char *socket; /* FastCGI socket */
	int workers;
	const char *db_socket;   /* used when db_hosts is NULL */
	const char *db_hosts;    /* "host:port,...": TCP, NULL: the socket */
	const char *db_tls_ca;   /* NULL: TCP without TLS */
	const char *db_tls_cert; /* client certificate and key, or NULL */
	const char *db_tls_key;
	int db_tls_verify; /* the server's certificate names the host */
	const char *db_name;
	const char *db_user;
	char *db_password; /* secret, wiped at exit */
	unsigned char data_key[KEY_LEN];
	const char *media_dir; /* holds data/userphoto and data/private */
	const char *upload_tmp_dir;
	const char *log_file;
	int log_level;
	long long slow_request_ms; /* a request over it logs a warning */
	const char *migrations_dir;
	const char *wechat_api_base;
	const char *wechat_appid;
	char *wechat_secret; /* secret, NULL when not configured */
	int wechat_trust_client_openid;
	/* Alipay (payments.c loads the keys); app_id NULL: not configured. */
	const char *alipay_gateway;
	const char *alipay_auth_base;
	const char *alipay_app_id;
	const char *alipay_seller_id; /* NULL: not checked */
	const char *alipay_auth_scope;
	const char *public_base_url;  /* NULL: http://listen:port */
	const char *return_url_hosts; /* ','-list; "": public_base_url's host */
	long long viewing_fee_fen;
	long http_timeout_ms;
	const char *http_ca_file; /* NULL: system store */
	long long token_ttl_s;
	uint64_t max_image_bytes;
	uint64_t max_video_bytes;
	uint64_t max_doc_bytes;
	int max_photos;
	int max_videos;
	/* Shared accounts, captcha, SMS codes and iHome (ihome.md 9): each
	 * the key of its name. */
	long long ihome_city_code, ihome_page_size;
	/* The directory (directory.md 13). */
	long long directory_page_size;
	long long directory_count_cache; /* 1: counts through dir_counts */
	long long demo_data; /* 1: scripts/run loads the demo data */
	/* Rental (rental.md 7); cors_origins is read with config_value. */
	long long rental_contract_sign_s;
	long long ihome_count_cache; /* 1: search counts through stay_counts */
	long long ihome_accept_ttl_s, ihome_payment_ttl_s;
	long long session_cookie_ttl_s;
	long long captcha_ttl_s, captcha_ip_per_min;
	long long captcha_test_echo; /* INSECURE: tests only */
	const char *captcha_font;
	long long sms_code_ttl_s, sms_resend_s, sms_max_attempts;
	long long sms_mobile_daily_max, sms_ip_daily_max;
	long long login_max_failures, login_ip_max_failures;
	long long login_failure_window_s;
	long long password_ops, password_mem_kib; /* argon2id cost */
	const char *sms_api_base;
	const char *sms_access_key_id; /* NULL: SMS not configured */
	const char *sms_sign_name, *sms_template_code;
	char *sms_secret; /* secret, wiped at exit */
};

/* Keys and defaults, for `zufang-admin config`. */
extern const struct cfg_key config_keys[];
extern const size_t config_nkeys;

/* Load from $ZUFANG_CONFIG (default /etc/zufang/zufang.conf, may be
 * missing) and the environment.  With secrets set, also read the database
 * password, the data key and the WeChat secret.  0, or -1 with the reason
 * on stderr. */
int config_load(struct config *, int secrets);

/* As config_load without secrets, for `zufang-admin check-config`: every
 * bad integer key and log_level is reported on stderr as "key: problem:
 * fix", not only the first.  The number of bad keys (0: all good), or -1
 * when the file cannot be read (reason on stderr); the values are loaded
 * either way but -1. */
int config_load_all(struct config *);

/* The effective value of a key, derived defaults included; NULL when
 * unknown or unset. */
const char *config_value(const struct config *, const char *key);

void config_free(struct config *);

#endif
