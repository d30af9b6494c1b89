/* Unit tests for lib/resp.c: the status table, resp_fail and the rendering
 * of the FastCGI answer (headers, envelope, raw bodies, redirects). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "buf.h"
#include "qsz/qsz.h"
#include "resp.h"

/* The QSZ surface's numbers and texts, which these tests pin down. */
static int
status_code(enum status st)
{
	return (int)strtol(resp_code(&qsz_envelope, st), NULL, 10);
}

static const char *
status_text(enum status st)
{
	return resp_text(&qsz_envelope, st);
}

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

#define JSON_CT "Content-Type: application/json; charset=utf-8\r\n"

/* Per-test state: a response and the rendered output. */
struct fx {
	struct resp res;
	struct buf out;
};

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	resp_init(&f->res);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	resp_free(&f->res);
	buf_free(&f->out);
	free(f);
	return 0;
}

/* Render f->res with request id rid; returns the whole output. */
static const char *
render(struct fx *f, const char *rid)
{
	buf_reset(&f->out);
	resp_render(&f->res, &qsz_envelope, rid, &f->out);
	assert_non_null(f->out.p);
	assert_int_equal(strlen(f->out.p), f->out.len);
	return f->out.p;
}

/* The header block of the output (up to and including the blank line) as
 * a new string; the caller frees. */
static char *
headers_of(const char *out)
{
	const char *e = strstr(out, "\r\n\r\n");

	assert_non_null(e);
	return strndup(out, (size_t)(e - out) + 4);
}

/* The body: what follows the blank line. */
static const char *
body_of(const char *out)
{
	const char *e = strstr(out, "\r\n\r\n");

	assert_non_null(e);
	return e + 4;
}

/* ---- the status table ---- */

static const struct {
	enum status st;
	int code;
	const char *text;
} status_vec[] = {
        {ST_OK, 0, ""},
        {ST_PARAM, 2, "invalid parameter"},
        {ST_AUTH, 4, "Login first."},
        {ST_INTERNAL, 5, "internal error"},
        {ST_NOT_FOUND, 6, "not found"},
        {ST_FORBIDDEN, 7, "forbidden"},
        {ST_CONFLICT, 8, "conflict with the current state"},
        {ST_THIRD_PARTY, 9, "a third party failed"},
        {ST_UPLOAD, 10, "upload refused"},
        {ST_RATE, 11, "slow down"},
        {ST_METHOD, 2, "method not allowed"},
        {ST_DB, 5, "internal error"},
        {ST_EXISTS, 8, "already exists"},
        {ST_CODE, 2, "wrong or expired code"},
        {ST_NO_ACCOUNT, 4, "no such account"},
        {ST_PASSWORD, 4, "wrong password"},
        {ST_CSRF, 7, "forbidden"},
        {ST_BODY, 2, "invalid parameter"},
        {ST_MEDIA, 2, "invalid parameter"},
};

static void
test_status_codes(void **state)
{
	size_t i;

	(void)state;
	assert_int_equal(NELEM(status_vec), ST__MAX);
	for (i = 0; i < NELEM(status_vec); i++)
		assert_int_equal(status_code(status_vec[i].st),
		                 status_vec[i].code);
}

static void
test_status_texts(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(status_vec); i++)
		assert_string_equal(status_text(status_vec[i].st),
		                    status_vec[i].text);
}

static void
test_status_out_of_range(void **state)
{
	(void)state;
	assert_int_equal(status_code(ST__MAX), 5);
	assert_string_equal(status_text(ST__MAX), "internal error");
}

/* ---- resp_init, resp_fail, resp_ans, resp_free ---- */

static void
test_init(void **state)
{
	struct fx *f = *state;

	assert_int_equal(f->res.http, 200);
	assert_int_equal(f->res.st, ST_OK);
	assert_string_equal(f->res.msg, "");
	assert_null(f->res.ans);
	assert_null(f->res.ctype);
	assert_null(f->res.body);
	assert_null(f->res.cache);
	assert_string_equal(f->res.allow, "");
	assert_string_equal(f->res.accel, "");
	assert_string_equal(f->res.location, "");
}

static void
test_fail_returns_status(void **state)
{
	struct fx *f = *state;

	assert_int_equal(
	        resp_fail(&f->res, ST_NOT_FOUND, "house %lld gone", 42LL),
	        ST_NOT_FOUND);
	assert_string_equal(f->res.msg, "house 42 gone");
	assert_int_equal(f->res.st, ST_NOT_FOUND);
}

static void
test_fail_replaces_msg(void **state)
{
	struct fx *f = *state;

	resp_fail(&f->res, ST_PARAM, "%s: required", "age");
	resp_fail(&f->res, ST_CONFLICT, "%s", "taken");
	assert_string_equal(f->res.msg, "taken");
	assert_int_equal(f->res.st, ST_CONFLICT);
}

static void
test_fail_truncates(void **state)
{
	struct fx *f = *state;
	char big[RESP_MSG_MAX * 2];

	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(resp_fail(&f->res, ST_PARAM, "%s", big), ST_PARAM);
	assert_int_equal(strlen(f->res.msg), RESP_MSG_MAX - 1);
	assert_int_equal(f->res.msg[0], 'x');
}

static void
test_ans_replaces(void **state)
{
	struct fx *f = *state;
	cJSON *a = cJSON_CreateObject(), *b = cJSON_CreateObject();

	cJSON_AddNumberToObject(a, "n", 1);
	cJSON_AddNumberToObject(b, "n", 2);
	resp_ans(&f->res, a);
	resp_ans(&f->res, b); /* a is freed (ASan would see a leak) */
	assert_ptr_equal(f->res.ans, b);
	resp_ans(&f->res, NULL);
	assert_null(f->res.ans);
}

static void
test_free_resets(void **state)
{
	struct fx *f = *state;

	resp_ans(&f->res, cJSON_CreateObject());
	f->res.body = strdup("raw");
	f->res.http = 404;
	resp_fail(&f->res, ST_NOT_FOUND, "gone");
	resp_free(&f->res);
	assert_null(f->res.ans);
	assert_null(f->res.body);
	assert_int_equal(f->res.http, 200);
	assert_int_equal(f->res.st, ST_OK);
	assert_string_equal(f->res.msg, "");
}

/* ---- resp_render: the envelope ---- */

static void
test_render_empty_success_exact(void **state)
{
	struct fx *f = *state;

	assert_string_equal(render(f, "rid-1"),
	                    "Status: 200 OK\r\n"
	                    "X-Request-Id: rid-1\r\n"
	                    "Cache-Control: no-store\r\n" JSON_CT "\r\n"
	                    "{\"status\":0,\"msg\":\"\",\"ans\":{}}");
}

static void
test_render_status_line(void **state)
{
	static const struct {
		int http;
		const char *line;
	} vec[] = {
	        {200, "Status: 200 OK\r\n"},
	        {302, "Status: 302 Found\r\n"},
	        {400, "Status: 400 Bad Request\r\n"},
	        {403, "Status: 403 Forbidden\r\n"},
	        {404, "Status: 404 Not Found\r\n"},
	        {405, "Status: 405 Method Not Allowed\r\n"},
	        {413, "Status: 413 Payload Too Large\r\n"},
	        {429, "Status: 429 Too Many Requests\r\n"},
	        {500, "Status: 500 Internal Server Error\r\n"},
	};
	struct fx *f = *state;
	const char *out;
	size_t i;

	for (i = 0; i < NELEM(vec); i++) {
		f->res.http = vec[i].http;
		out = render(f, "r");
		assert_int_equal(strncmp(out, vec[i].line, strlen(vec[i].line)),
		                 0);
	}
}

static void
test_render_request_id(void **state)
{
	struct fx *f = *state;

	assert_non_null(strstr(render(f, "0123abcd"),
	                       "\r\nX-Request-Id: 0123abcd\r\n"));
}

static void
test_render_no_request_id(void **state)
{
	struct fx *f = *state;

	assert_null(strstr(render(f, NULL), "X-Request-Id"));
	assert_null(strstr(render(f, ""), "X-Request-Id"));
}

static void
test_render_cache_default(void **state)
{
	struct fx *f = *state;

	assert_non_null(
	        strstr(render(f, "r"), "\r\nCache-Control: no-store\r\n"));
}

static void
test_render_cache_set(void **state)
{
	struct fx *f = *state;
	const char *out;

	f->res.cache = "public, max-age=60";
	out = render(f, "r");
	assert_non_null(
	        strstr(out, "\r\nCache-Control: public, max-age=60\r\n"));
	assert_null(strstr(out, "no-store"));
}

static void
test_render_content_type_json(void **state)
{
	struct fx *f = *state;
	char *h = headers_of(render(f, "r"));

	assert_non_null(strstr(h, "\r\n" JSON_CT));
	assert_null(strstr(h, "nosniff"));
	free(h);
}

static void
test_render_ans(void **state)
{
	struct fx *f = *state;
	cJSON *a = cJSON_CreateObject();

	cJSON_AddNumberToObject(a, "uid", 7);
	cJSON_AddStringToObject(a, "name", "\xe5\xbc\xa0\xe4\xb8\x89");
	resp_ans(&f->res, a);
	assert_string_equal(body_of(render(f, "r")),
	                    "{\"status\":0,\"msg\":\"\",\"ans\":{\"uid\":7,"
	                    "\"name\":\"\xe5\xbc\xa0\xe4\xb8\x89\"}}");
}

static void
test_render_default_msg(void **state)
{
	struct fx *f = *state;

	f->res.st = ST_NOT_FOUND;
	assert_string_equal(body_of(render(f, "r")),
	                    "{\"status\":6,\"msg\":\"not found\",\"ans\":{}}");
}

static void
test_render_msg_given(void **state)
{
	struct fx *f = *state;

	resp_fail(&f->res, ST_PARAM, "age: required");
	assert_string_equal(
	        body_of(render(f, "r")),
	        "{\"status\":2,\"msg\":\"age: required\",\"ans\":{}}");
}

static void
test_render_msg_escaped(void **state)
{
	struct fx *f = *state;
	const char *body;
	cJSON *js, *msg;

	resp_fail(&f->res, ST_PARAM, "say \"hi\"\nback\\slash \xe6\x88\xbf");
	body = body_of(render(f, "r"));
	assert_non_null(strstr(body, "\"msg\":\"say \\\"hi\\\"\\nback\\\\slash "
	                             "\xe6\x88\xbf\""));
	/* And it parses back to the same text. */
	js = cJSON_Parse(body);
	assert_non_null(js);
	msg = cJSON_GetObjectItemCaseSensitive(js, "msg");
	assert_true(cJSON_IsString(msg));
	assert_string_equal(msg->valuestring, f->res.msg);
	cJSON_Delete(js);
}

static void
test_render_msg_control_escaped(void **state)
{
	struct fx *f = *state;
	const char *body;

	resp_fail(&f->res, ST_PARAM,
	          "a\x01"
	          "b\tc\rd");
	body = body_of(render(f, "r"));
	assert_null(strchr(body, '\x01'));
	assert_null(strchr(body, '\t'));
	assert_null(strchr(body, '\r'));
}

static void
test_render_internal_hides_msg(void **state)
{
	struct fx *f = *state;
	const char *out;

	resp_fail(&f->res, ST_INTERNAL, "db password wrong for user zufang");
	out = render(f, "r");
	assert_null(strstr(out, "password"));
	assert_string_equal(
	        body_of(out),
	        "{\"status\":5,\"msg\":\"internal error\",\"ans\":{}}");
}

static void
test_render_body_is_json(void **state)
{
	static const enum status sts[] = {
	        ST_OK,        ST_PARAM,     ST_AUTH,     ST_INTERNAL,
	        ST_NOT_FOUND, ST_FORBIDDEN, ST_CONFLICT, ST_THIRD_PARTY,
	        ST_UPLOAD,    ST_RATE};
	struct fx *f = *state;
	cJSON *js;
	size_t i;

	for (i = 0; i < NELEM(sts); i++) {
		f->res.st = sts[i];
		js = cJSON_Parse(body_of(render(f, "r")));
		assert_non_null(js);
		assert_int_equal(cJSON_GetObjectItemCaseSensitive(js, "status")
		                         ->valueint,
		                 status_code(sts[i]));
		assert_string_equal(cJSON_GetObjectItemCaseSensitive(js, "msg")
		                            ->valuestring,
		                    status_text(sts[i]));
		assert_true(cJSON_IsObject(
		        cJSON_GetObjectItemCaseSensitive(js, "ans")));
		cJSON_Delete(js);
	}
}

/* ---- resp_render: headers ---- */

/* Every header line of out starts with a known name: nothing injected. */
static void
assert_header_lines(const char *out)
{
	static const char *const names[] = {
	        "Status: ",        "X-Request-Id: ",
	        "Cache-Control: ", "Allow: ",
	        "Location: ",      "X-Accel-Redirect: ",
	        "Content-Type: ",  "X-Content-Type-Options: ",
	};
	char *h = headers_of(out), *line, *save = NULL;
	size_t i;
	int known;

	for (line = strtok_r(h, "\n", &save); line != NULL;
	     line = strtok_r(NULL, "\n", &save)) {
		if (strcmp(line, "\r") == 0)
			continue;
		/* Every line ends with CR, and has no other CR. */
		assert_int_equal(line[strlen(line) - 1], '\r');
		assert_ptr_equal(strchr(line, '\r'), line + strlen(line) - 1);
		known = 0;
		for (i = 0; i < NELEM(names); i++)
			if (strncmp(line, names[i], strlen(names[i])) == 0)
				known = 1;
		assert_true(known);
	}
	free(h);
}

static void
test_render_rid_crlf_neutralised(void **state)
{
	struct fx *f = *state;
	const char *out = render(f, "abc\r\nSet-Cookie: x=1");

	assert_non_null(strstr(out, "X-Request-Id: abc  Set-Cookie: x=1\r\n"));
	assert_header_lines(out);
}

static void
test_render_location_crlf_neutralised(void **state)
{
	struct fx *f = *state;
	const char *out;

	f->res.http = 302;
	snprintf(f->res.location, sizeof(f->res.location), "%s",
	         "/next\r\n\r\n<html>");
	out = render(f, "r");
	assert_non_null(strstr(out, "\r\nLocation: /next    <html>\r\n"));
	assert_header_lines(out);
}

static void
test_render_lone_lf_neutralised(void **state)
{
	struct fx *f = *state;
	const char *out;

	f->res.cache = "private\nX-Evil: 1";
	f->res.ctype = "text/plain\nX-Evil: 2";
	out = render(f, "r\nX-Evil: 3");
	assert_null(strstr(out, "\nX-Evil"));
	assert_header_lines(out);
}

static void
test_render_location(void **state)
{
	struct fx *f = *state;

	f->res.http = 302;
	snprintf(f->res.location, sizeof(f->res.location), "%s",
	         "https://example.com/ok");
	assert_non_null(strstr(render(f, "r"),
	                       "\r\nLocation: https://example.com/ok\r\n"));
}

static void
test_render_no_location_by_default(void **state)
{
	struct fx *f = *state;
	const char *out = render(f, "r");

	assert_null(strstr(out, "Location"));
	assert_null(strstr(out, "Allow"));
	assert_null(strstr(out, "X-Accel-Redirect"));
}

static void
test_render_405_allow(void **state)
{
	struct fx *f = *state;
	const char *out;

	f->res.http = 405;
	snprintf(f->res.allow, sizeof(f->res.allow), "%s", "GET, HEAD, POST");
	resp_fail(&f->res, ST_PARAM, "method not allowed");
	out = render(f, "r");
	assert_int_equal(strncmp(out, "Status: 405 Method Not Allowed\r\n", 32),
	                 0);
	assert_non_null(strstr(out, "\r\nAllow: GET, HEAD, POST\r\n"));
	assert_string_equal(body_of(out), "{\"status\":2,\"msg\":\"method not "
	                                  "allowed\",\"ans\":{}}");
}

/* ---- resp_render: X-Accel-Redirect and raw bodies ---- */

static void
test_render_accel_no_body(void **state)
{
	struct fx *f = *state;
	const char *out;

	snprintf(f->res.accel, sizeof(f->res.accel), "%s",
	         "/internal/private/user_1/a.png");
	f->res.cache = "private, no-store";
	resp_ans(&f->res, cJSON_CreateObject());
	out = render(f, "r");
	assert_string_equal(out, "Status: 200 OK\r\n"
	                         "X-Request-Id: r\r\n"
	                         "Cache-Control: private, no-store\r\n"
	                         "X-Accel-Redirect: "
	                         "/internal/private/user_1/a.png\r\n"
	                         "\r\n");
}

static void
test_render_accel_ignores_raw_body(void **state)
{
	struct fx *f = *state;
	const char *out;

	snprintf(f->res.accel, sizeof(f->res.accel), "%s", "/internal/x");
	f->res.ctype = "text/plain";
	f->res.body = strdup("hello");
	f->res.bodylen = 5;
	out = render(f, "r");
	assert_string_equal(body_of(out), "");
	assert_null(strstr(out, "Content-Type"));
}

static void
test_render_raw_body(void **state)
{
	static const char bytes[] = "col1,col2\n\"a\",\0b\n";
	struct fx *f = *state;
	const char *out, *body;
	char *h;

	f->res.ctype = "text/csv; charset=utf-8";
	f->res.body = malloc(sizeof(bytes) - 1);
	assert_non_null(f->res.body);
	memcpy(f->res.body, bytes, sizeof(bytes) - 1);
	f->res.bodylen = sizeof(bytes) - 1;
	buf_reset(&f->out);
	resp_render(&f->res, &qsz_envelope, "r", &f->out);
	out = f->out.p;
	h = headers_of(out);
	assert_non_null(
	        strstr(h, "\r\nContent-Type: text/csv; charset=utf-8\r\n"));
	assert_non_null(strstr(h, "\r\nX-Content-Type-Options: nosniff\r\n"));
	assert_null(strstr(h, "application/json"));
	body = body_of(out);
	/* The bytes exactly, NUL included, and nothing after them. */
	assert_int_equal(f->out.len - (size_t)(body - out), sizeof(bytes) - 1);
	assert_memory_equal(body, bytes, sizeof(bytes) - 1);
	free(h);
}

static void
test_render_raw_empty_body(void **state)
{
	struct fx *f = *state;
	const char *out;

	f->res.ctype = "text/plain";
	out = render(f, "r");
	assert_non_null(strstr(out, "X-Content-Type-Options: nosniff\r\n"));
	assert_string_equal(body_of(out), "");
}

int
main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
	        T(test_status_codes),
	        T(test_status_texts),
	        T(test_status_out_of_range),
	        T(test_init),
	        T(test_fail_returns_status),
	        T(test_fail_replaces_msg),
	        T(test_fail_truncates),
	        T(test_ans_replaces),
	        T(test_free_resets),
	        T(test_render_empty_success_exact),
	        T(test_render_status_line),
	        T(test_render_request_id),
	        T(test_render_no_request_id),
	        T(test_render_cache_default),
	        T(test_render_cache_set),
	        T(test_render_content_type_json),
	        T(test_render_ans),
	        T(test_render_default_msg),
	        T(test_render_msg_given),
	        T(test_render_msg_escaped),
	        T(test_render_msg_control_escaped),
	        T(test_render_internal_hides_msg),
	        T(test_render_body_is_json),
	        T(test_render_rid_crlf_neutralised),
	        T(test_render_location_crlf_neutralised),
	        T(test_render_lone_lf_neutralised),
	        T(test_render_location),
	        T(test_render_no_location_by_default),
	        T(test_render_405_allow),
	        T(test_render_accel_no_body),
	        T(test_render_accel_ignores_raw_body),
	        T(test_render_raw_body),
	        T(test_render_raw_empty_body),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
