/* zufang-admin check-config: the whole configuration checked before the
 * service starts, so that a secret readable by others, a key that does not
 * parse or a folder the service cannot write refuses the start with the
 * key's name and the fix, instead of showing up as a failing request (a
 * world-readable Alipay key used to surface only as "not configured" on the
 * first payment).  The integer keys and log_level are config.c's own
 * checks (config_load_all); this file adds what config_load leaves to the
 * first use: files, folders, URLs, keys that parse and the rules between
 * keys. */
#include <errno.h>
#include <limits.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "admin_config.h"
#include "alipay.h"
#include "app.h"
#include "crypto.h"
#include "valid.h"

static int nerr;

static void bad(const char *key, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));
static void warn(const char *key, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));

/* One error line: "key: problem: fix". */
static void
bad(const char *key, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", key);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	nerr++;
}

/* Allowed but worth saying (insecure test switches): no error. */
static void
warn(const char *key, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "warning: %s: ", key);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static const char *
val(const char *key)
{
	const char *v = config_value(&app.cfg, key);

	return v != NULL ? v : "";
}

static const char *
me(void)
{
	static char name[64];
	struct passwd *pw;

	if (name[0] == '\0') {
		pw = getpwuid(geteuid());
		if (pw == NULL || snprintf(name, sizeof(name), "%s",
		                           pw->pw_name) >= (int)sizeof(name))
			snprintf(name, sizeof(name), "%lu",
			         (unsigned long)geteuid());
	}
	return name;
}

static int
is_alnum(int ch)
{
	return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') ||
	       (ch >= 'A' && ch <= 'Z');
}

/* Every character of s is alphanumeric or in extra; s is not empty. */
static int
made_of(const char *s, const char *extra)
{
	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++)
		if (!is_alnum((unsigned char)*s) && strchr(extra, *s) == NULL)
			return 0;
	return 1;
}

/* host[:port] or [v6][:port] at s (n bytes): 0 when well-formed. */
static int
host_port(const char *s, size_t n)
{
	size_t i = 0, h;
	long long port;

	if (n > 0 && s[0] == '[') {
		for (i = 1; i < n && s[i] != ']'; i++)
			if (!(is_alnum((unsigned char)s[i]) || s[i] == ':' ||
			      s[i] == '.'))
				return -1;
		if (i == n || i == 1)
			return -1;
		i++;
	} else {
		for (; i < n && s[i] != ':'; i++)
			if (!(is_alnum((unsigned char)s[i]) || s[i] == '.' ||
			      s[i] == '-'))
				return -1;
		if (i == 0)
			return -1;
	}
	if (i == n)
		return 0;
	if (s[i] != ':')
		return -1;
	h = i + 1;
	return valid_int(s + h, n - h, 1, 65535, &port, NULL, 0);
}

/* An http:// or https:// URL with a host; with bare, nothing after the
 * host (an origin). */
static int
url_ok(const char *v, int bare)
{
	const char *p, *end;

	if (strncmp(v, "https://", 8) == 0)
		p = v + 8;
	else if (strncmp(v, "http://", 7) == 0)
		p = v + 7;
	else
		return 0;
	for (end = v; *end != '\0'; end++)
		if ((unsigned char)*end <= ' ' || *end == 0x7f)
			return 0;
	end = p + strcspn(p, "/?#");
	if (bare && *end != '\0')
		return 0;
	return host_port(p, (size_t)(end - p)) == 0;
}

static void
check_url(const char *key, int optional)
{
	const char *v = val(key);

	if (*v == '\0' && optional)
		return;
	if (!url_ok(v, 0))
		bad(key,
		    "'%s' is not an http:// or https:// URL with a host: set "
		    "it to one, e.g. https://api.example.com",
		    v);
}

/* A secret file: there, a regular file, no access for group or others,
 * owned by us or root, readable.  0 when it is. */
static int
check_secret(const char *key, const char *what)
{
	const char *path = val(key);
	struct stat st;
	unsigned mode;

	if (*path == '\0') {
		bad(key, "is empty: set it to the file that holds %s", what);
		return -1;
	}
	if (stat(path, &st) < 0) {
		if (errno == ENOENT)
			bad(key,
			    "%s does not exist: put %s there (one file, chmod "
			    "600) or set %s to the file that holds it",
			    path, what, key);
		else
			bad(key, "%s cannot be examined (%s): fix the path or "
			         "its folders' permissions",
			    path, strerror(errno));
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		bad(key, "%s is not a regular file: set %s to the file that "
		         "holds %s",
		    path, key, what);
		return -1;
	}
	mode = (unsigned)(st.st_mode & 07777);
	if (mode & 066) {
		bad(key, "%s is %s by %s (mode %04o): chmod 600 %s", path,
		    (mode & 044) ? "readable" : "writable",
		    (mode & 006) ? "others" : "its group", mode, path);
		return -1;
	}
	if (st.st_uid != geteuid() && st.st_uid != 0) {
		struct passwd *pw;
		char owner[64];

		/* getpwuid's answer is static: copied before me() runs. */
		pw = getpwuid(st.st_uid);
		if (pw == NULL || snprintf(owner, sizeof(owner), "%s",
		                           pw->pw_name) >= (int)sizeof(owner))
			snprintf(owner, sizeof(owner), "uid %lu",
			         (unsigned long)st.st_uid);
		me();
		bad(key, "%s is owned by %s, not by %s (who runs the service) "
		         "or root: chown %s %s",
		    path, owner, me(), me(), path);
		return -1;
	}
	if (access(path, R_OK) < 0) {
		int e = errno;

		bad(key, "%s cannot be read by %s (%s): chmod 600 %s and chown "
		         "%s %s",
		    path, me(), strerror(e), path, me(), path);
		return -1;
	}
	return 0;
}

/* A file others may read but only its owner may change (a public key). */
static int
check_public(const char *key, const char *what)
{
	const char *path = val(key);
	struct stat st;
	int e = 0;

	if (*path == '\0') {
		bad(key, "is empty: set it to the file that holds %s", what);
		return -1;
	}
	if (stat(path, &st) < 0)
		e = errno;
	if (e != 0 || !S_ISREG(st.st_mode)) {
		bad(key, "%s %s: put %s there or set %s to the file that "
		         "holds it",
		    path, e == ENOENT ? "does not exist" : "is not a file", what,
		    key);
		return -1;
	}
	if (st.st_mode & 022) {
		bad(key, "%s is writable by %s (mode %04o): chmod 644 %s", path,
		    (st.st_mode & 002) ? "others" : "its group",
		    (unsigned)(st.st_mode & 07777), path);
		return -1;
	}
	if (access(path, R_OK) < 0) {
		e = errno;
		bad(key, "%s cannot be read by %s (%s): chmod 644 %s", path,
		    me(), strerror(e), path);
		return -1;
	}
	return 0;
}

/* A folder that exists (and that we can write in, with write). */
static int
check_dir_path(const char *key, const char *path, int write)
{
	struct stat st;
	int e;

	if (*path == '\0') {
		bad(key, "is empty: set it to a folder");
		return -1;
	}
	if (stat(path, &st) < 0) {
		e = errno; /* me() may change it */
		bad(key, "%s %s: mkdir -p %s (owned by %s)", path,
		    e == ENOENT ? "does not exist" : strerror(e), path, me());
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		bad(key, "%s is not a folder: set %s to a folder", path, key);
		return -1;
	}
	if (access(path, write ? (W_OK | X_OK) : (R_OK | X_OK)) < 0) {
		/* as the user who runs this, which is the service's */
		bad(key, "%s is not %s by %s: chown %s %s (or chmod u+rwx)",
		    path, write ? "writable" : "readable", me(), me(), path);
		return -1;
	}
	return 0;
}

static int
check_dir(const char *key, int write)
{
	return check_dir_path(key, val(key), write);
}

/* The folder of a file the service creates (the log, the socket). */
static void
check_parent(const char *key, int file_too)
{
	const char *path = val(key);
	char dir[PATH_MAX];
	char *slash;
	struct stat st;

	if (*path == '\0') {
		bad(key, "is empty: set it to a file path");
		return;
	}
	if (snprintf(dir, sizeof(dir), "%s", path) >= (int)sizeof(dir)) {
		bad(key, "is longer than %d bytes: choose a shorter path",
		    PATH_MAX - 1);
		return;
	}
	slash = strrchr(dir, '/');
	if (slash == NULL)
		snprintf(dir, sizeof(dir), ".");
	else if (slash == dir)
		dir[1] = '\0';
	else
		*slash = '\0';
	if (check_dir_path(key, dir, 1) < 0 || !file_too)
		return;
	if (stat(path, &st) == 0 &&
	    (!S_ISREG(st.st_mode) || access(path, W_OK) < 0))
		bad(key, "%s is not a file %s can write: chown %s %s", path,
		    me(), me(), path);
}

static void
check_readable_file(const char *key, const char *fix)
{
	const char *path = val(key);
	struct stat st;

	if (stat(path, &st) < 0 || !S_ISREG(st.st_mode) ||
	    access(path, R_OK) < 0)
		bad(key, "%s is not a readable file: %s", path, fix);
}

/* The Alipay keys, through the loaders payments.c uses. */
static void
check_alipay(void)
{
	const char *kpriv = "alipay_app_private_key_file";
	const char *kpub = "alipay_public_key_file";
	struct alipay_key *k;
	char err[256];

	check_url("alipay_gateway", 0);
	check_url("alipay_auth_base", 0);
	if (*val("alipay_seller_id") != '\0' &&
	    (strlen(val("alipay_seller_id")) != 16 ||
	     strncmp(val("alipay_seller_id"), "2088", 4) != 0 ||
	     !made_of(val("alipay_seller_id"), "")))
		bad("alipay_seller_id",
		    "'%s' is not a merchant id: set it to the 16 digits "
		    "starting 2088 that Alipay shows, or empty",
		    val("alipay_seller_id"));
	if (*val("alipay_app_id") == '\0')
		return; /* not configured: payment routes answer so */
	if (!made_of(val("alipay_app_id"), ""))
		bad("alipay_app_id",
		    "'%s' is not an app id: set it to the digits Alipay's "
		    "console shows, or empty",
		    val("alipay_app_id"));
	if (!made_of(val("alipay_auth_scope"), "_,"))
		bad("alipay_auth_scope",
		    "'%s' is not a list of scopes: set it to e.g. "
		    "auth_user,auth_zhima",
		    val("alipay_auth_scope"));
	if (check_secret(kpriv, "the app's RSA private key") == 0) {
		k = alipay_key_private_file(val(kpriv), err, sizeof(err));
		if (k == NULL || !alipay_key_is_private(k))
			bad(kpriv,
			    "%s is not an RSA private key (%s): put the "
			    "app's private key there (PEM, PKCS#1 or PKCS#8, "
			    "or bare base64)",
			    val(kpriv), k == NULL ? err : "a public key");
		alipay_key_free(k);
	}
	if (check_public(kpub, "Alipay's public key") == 0) {
		k = alipay_key_public_file(val(kpub), err, sizeof(err));
		if (k == NULL)
			bad(kpub,
			    "%s is not a public key (%s): put Alipay's public "
			    "key there (PEM or the bare base64 of its "
			    "console)",
			    val(kpub), err);
		alipay_key_free(k);
	}
}

static void
check_secrets(void)
{
	unsigned char key[KEY_LEN];
	char err[512];
	char *s;

	if (check_secret("db_password_file", "the database password") == 0) {
		s = cfg_read_secret(val("db_password_file"), err, sizeof(err));
		if (s == NULL)
			bad("db_password_file",
			    "%s: write the database password on its first "
			    "line",
			    err);
		cfg_secret_free(s);
	}
	if (check_secret("data_key_file", "the data key") == 0) {
		if (crypto_key_load(val("data_key_file"), key, err,
		                    sizeof(err)) < 0)
			bad("data_key_file",
			    "%s: write there the key the data was encrypted "
			    "with (a new installation: openssl rand -hex 32)",
			    err);
		crypto_wipe(key, sizeof(key));
	}
}

static void
check_wechat(void)
{
	check_url("wechat_api_base", 0);
	if (*val("wechat_appid") == '\0')
		return; /* not configured: login says so */
	if (!made_of(val("wechat_appid"), "_-"))
		bad("wechat_appid",
		    "'%s' is not an app id: set it to the id of the "
		    "official account or mini-program, or empty",
		    val("wechat_appid"));
	if (*val("wechat_secret") != '\0')
		warn("wechat_secret",
		     "the app secret is a value: prefer wechat_secret_file");
	else
		check_secret("wechat_secret_file", "the WeChat app secret");
	if (strcmp(val("wechat_trust_client_openid"), "1") == 0)
		warn("wechat_trust_client_openid",
		     "1 accepts a bare openid as login: INSECURE, tests only");
}

static void
check_sms(void)
{
	int file = *val("sms_access_key_secret_file") != '\0';
	int value = *val("sms_access_key_secret") != '\0';

	check_url("sms_api_base", 0);
	if (file && value)
		bad("sms_access_key_secret",
		    "set together with sms_access_key_secret_file: keep the "
		    "file and empty sms_access_key_secret");
	else if (file)
		check_secret("sms_access_key_secret_file", "the SMS secret");
	if (*val("sms_access_key_id") == '\0')
		return; /* not configured: SMS routes say so */
	if (!file && !value)
		bad("sms_access_key_id",
		    "is set without a secret: set sms_access_key_secret_file "
		    "to the file holding the access key secret");
	if (*val("sms_sign_name") == '\0')
		bad("sms_sign_name",
		    "is empty while sms_access_key_id is set: set it to the "
		    "approved SMS signature");
	if (*val("sms_template_code") == '\0')
		bad("sms_template_code",
		    "is empty while sms_access_key_id is set: set it to the "
		    "approved template (SMS_...)");
}

static void
check_web(void)
{
	const char *v = val("cors_origins");
	char item[512];
	size_t n;

	check_url("public_base_url", 1);
	for (v = val("return_url_hosts"); *v != '\0'; v += n + (v[n] != 0)) {
		n = strcspn(v, ",");
		if (host_port(v, n) < 0) {
			bad("return_url_hosts",
			    "'%.*s' is not a host or host:port: set a "
			    "','-separated list of them, or empty",
			    (int)n, v);
			break;
		}
	}
	v = val("cors_origins");
	if (strcmp(v, "*") == 0)
		return;
	for (; *v != '\0'; v += n) {
		v += strspn(v, " ");
		n = strcspn(v, " ");
		if (n == 0)
			break;
		if (n >= sizeof(item) ||
		    snprintf(item, sizeof(item), "%.*s", (int)n, v) < 0 ||
		    !url_ok(item, 1)) {
			bad("cors_origins",
			    "'%.*s' is not an origin: set '*' or "
			    "space-separated origins like "
			    "https://m.example.com",
			    (int)(n < 200 ? n : 200), v);
			break;
		}
	}
}

/* media_dir and upload_tmp_dir: zufang-fcgi makes them (one level each,
 * media_dir first) when they are missing, so a missing one is fine when
 * its folder is there and writable. */
static int
check_made_dir(const char *key)
{
	const char *path = val(key);
	char dir[PATH_MAX];
	char *slash;
	struct stat st;

	if (*path == '\0' || stat(path, &st) == 0 || errno != ENOENT)
		return check_dir(key, 1);
	if (snprintf(dir, sizeof(dir), "%s", path) >= (int)sizeof(dir)) {
		bad(key, "is longer than %d bytes: choose a shorter path",
		    PATH_MAX - 1);
		return -1;
	}
	while ((slash = strrchr(dir, '/')) != NULL && slash[1] == '\0' &&
	       slash > dir)
		*slash = '\0'; /* "files/" is "files" */
	slash = strrchr(dir, '/');
	if (slash == NULL)
		snprintf(dir, sizeof(dir), ".");
	else if (slash == dir)
		dir[1] = '\0';
	else
		*slash = '\0';
	if (strcmp(key, "media_dir") != 0 && strcmp(dir, val("media_dir")) == 0)
		return 0; /* made inside media_dir, which is made first */
	if (stat(dir, &st) < 0) {
		bad(key, "neither %s nor its folder exists: mkdir -p %s "
		         "(owned by %s)",
		    path, path, me());
		return -1;
	}
	return check_dir_path(key, dir, 1);
}

static void
check_files(void)
{
	struct stat a, b;

	check_dir("state_dir", 1);
	if (check_made_dir("media_dir") == 0 &&
	    check_made_dir("upload_tmp_dir") == 0 &&
	    stat(val("media_dir"), &a) == 0 &&
	    stat(val("upload_tmp_dir"), &b) == 0 && a.st_dev != b.st_dev)
		bad("upload_tmp_dir",
		    "%s is on another filesystem than media_dir (uploads are "
		    "moved into place by rename): choose a folder under %s",
		    val("upload_tmp_dir"), val("media_dir"));
	check_parent("log_file", 1);
	check_parent("socket", 0);
	check_dir("migrations_dir", 0);
	if (*val("http_ca_file") != '\0')
		check_readable_file("http_ca_file",
		                    "set it to a PEM CA bundle, or empty for "
		                    "the system's");
	check_readable_file("captcha_font",
	                    "install fonts-dejavu-core or set it to a "
	                    "TrueType font");
}

static void
check_names(void)
{
	static const char *const ports[] = {"dev_wechat_port",
	                                    "dev_alipay_port", "dev_sms_port"};
	long long n;
	size_t i;

	if (!made_of(val("listen"), ".:[]-"))
		bad("listen", "'%s' is not an address: set it to e.g. "
		              "127.0.0.1",
		    val("listen"));
	if (!made_of(val("db_name"), "_$") || strlen(val("db_name")) > 64)
		bad("db_name",
		    "'%s' is not a database name: use letters, digits and _ "
		    "(at most 64)",
		    val("db_name"));
	if (!made_of(val("db_user"), "_-.") || strlen(val("db_user")) > 80)
		bad("db_user",
		    "'%s' is not an account name: use letters, digits, _ - "
		    ". (at most 80)",
		    val("db_user"));
	if (*val("db_socket") == '\0' && *val("db_hosts") == '\0')
		bad("db_socket", "is empty: set it to MariaDB's socket");
	/* scripts/run's keys, which config_load does not read. */
	for (i = 0; i < sizeof(ports) / sizeof(ports[0]); i++)
		if (valid_int(val(ports[i]), strlen(val(ports[i])), 1, 65535,
		              &n, NULL, 0) < 0)
			bad(ports[i],
			    "'%s' is not an integer from 1 to 65535: set it "
			    "to a port",
			    val(ports[i]));
	if (strcmp(val("captcha_test_echo"), "1") == 0)
		warn("captcha_test_echo",
		     "1 sends the captcha's text: INSECURE, tests only");
	if (strcmp(val("demo_data"), "1") == 0)
		warn("demo_data", "1 loads accounts with public passwords: "
		                  "never on a server others reach");
}

/* TCP and TLS to MariaDB (a Galera cluster): db_hosts itself is checked by
 * config_load_all; here the TLS files and the rules between the keys. */
static void
check_db(void)
{
	int tcp = *val("db_hosts") != '\0';
	int ca = *val("db_tls_ca") != '\0';
	int cert = *val("db_tls_cert") != '\0';
	int key = *val("db_tls_key") != '\0';

	if (!tcp) {
		if (ca || cert || key)
			warn(ca     ? "db_tls_ca"
			     : cert ? "db_tls_cert"
			            : "db_tls_key",
			     "unused: the service talks to db_socket; TLS "
			     "applies with db_hosts");
		return;
	}
	if (!ca)
		warn("db_hosts", "plain TCP without TLS: set db_tls_ca unless "
		                 "the network to MariaDB is trusted");
	if ((cert || key) && !ca)
		bad(cert ? "db_tls_cert" : "db_tls_key",
		    "a client certificate needs TLS: set db_tls_ca too");
	if (cert != key)
		bad(cert ? "db_tls_key" : "db_tls_cert",
		    "is empty while %s is set: give both the client "
		    "certificate and its key, or neither",
		    cert ? "db_tls_cert" : "db_tls_key");
	if (ca)
		check_public("db_tls_ca",
		             "the CA certificate that signed the server's");
	if (cert)
		check_public("db_tls_cert", "the client certificate");
	if (key)
		check_secret("db_tls_key", "the client certificate's key");
	if (ca && strcmp(val("db_tls_verify"), "0") == 0)
		warn("db_tls_verify",
		     "0 accepts a certificate of the CA for another host: "
		     "set it to 1");
}

int
cmd_check_config(int argc, char **argv)
{
	int rc;

	(void)argv;
	if (argc != 2) {
		fprintf(stderr, "usage: zufang-admin check-config\n");
		return 2;
	}
	nerr = 0;
	rc = config_load_all(&app.cfg);
	if (rc < 0) {
		config_free(&app.cfg);
		return 1; /* the file itself: config_load said why */
	}
	nerr += rc;
	check_names();
	check_db();
	check_files();
	check_secrets();
	check_wechat();
	check_alipay();
	check_sms();
	check_web();
	config_free(&app.cfg);
	if (nerr > 0) {
		fprintf(stderr, "zufang-admin: %d configuration error%s (%s)\n",
		        nerr, nerr == 1 ? "" : "s",
		        getenv("ZUFANG_CONFIG") ? getenv("ZUFANG_CONFIG")
		                                : "/etc/zufang/zufang.conf");
		return 1;
	}
	printf("configuration OK\n");
	return 0;
}
