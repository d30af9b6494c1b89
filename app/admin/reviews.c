/* The review routes (issue 13, 1): queues of pending submissions, one
 * submission with links to its private documents (/file/data/private/...,
 * which h_files_private serves to any administrator), the decisions. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "admin/handlers.h"
#include "reviews.h"

static const char *const kinds[] = {"real-name", "landlord", NULL};

/* The kind of a path's {kind} (the index of kinds[] + 1). */
#define KIND(r, idx) ((int)(r)->p[idx].i + 1)

const struct pspec h_admin_whoami_params[] = {PARAM_END};

/* GET /admin/api/whoami: the signed-in administrator (the console's
 * check that a token is an administrator's). */
enum status
h_admin_whoami(struct req *r, struct resp *res)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddNumberToObject(o, "id", (double)r->uid);
	cJSON_AddStringToObject(o, "name", users_name(r));
	resp_ans(res, o);
	return ST_OK;
}

/* A private document's path (data/private/...) as the URL an
 * administrator fetches it by, or null. */
static cJSON *
doc_url(const char *rel)
{
	cJSON *s;
	char *u;
	size_t n;

	if (rel == NULL || rel[0] == '\0')
		return cJSON_CreateNull();
	n = strlen(rel) + sizeof("/file/");
	u = malloc(n);
	if (u == NULL)
		abort();
	(void)snprintf(u, n, "/file/%s", rel);
	s = cJSON_CreateString(u);
	free(u);
	return s;
}

static cJSON *
str_or_null(const char *s)
{
	return s ? cJSON_CreateString(s) : cJSON_CreateNull();
}

enum { Q_KIND, Q_PAGE, Q_SIZE };
const struct pspec h_admin_queue_params[] = {
        [Q_KIND] = {.name = "kind",
                    .type = PT_CHOICE,
                    .flags = PF_PATH | PF_REQUIRED,
                    .choices = kinds},
        ADMIN_PAGE_PARAMS,
        PARAM_END,
};

/* GET /admin/api/queue/{kind}?page=&size=: pending submissions, oldest
 * first: {"total", "page", "size", "items": [{"user_id", "name", ...,
 * "since"}]}. */
enum status
h_admin_queue(struct req *r, struct resp *res)
{
	long long page = ADMIN_PAGE(r, Q_PAGE), size = ADMIN_SIZE(r, Q_SIZE);
	long long total = 0;
	int kind = KIND(r, Q_KIND);
	struct db_res *rows = NULL;
	cJSON *o, *items;
	enum status st;
	size_t i;

	st = reviews_queue(kind, size, (page - 1) * size, &total, &rows);
	if (st != ST_OK)
		return st;
	o = admin_page(total, page, size, &items);
	cJSON_AddStringToObject(o, "kind", kinds[kind - 1]);
	for (i = 0; i < rows->nrows; i++) {
		cJSON *it = cJSON_CreateObject();

		cJSON_AddNumberToObject(it, "user_id",
		                        (double)db_int(rows, i, REV_Q_UID, 0));
		cJSON_AddItemToObject(it, "name",
		                      str_or_null(db_str(rows, i, REV_Q_NAME)));
		if (kind == REV_REALNAME)
			cJSON_AddItemToObject(
			        it, "id_card",
			        str_or_null(db_str(rows, i, REV_Q_EXTRA)));
		else
			cJSON_AddNumberToObject(
			        it, "certificates",
			        (double)db_int(rows, i, REV_Q_EXTRA, 0));
		cJSON_AddItemToObject(
		        it, "since", str_or_null(db_str(rows, i, REV_Q_SINCE)));
		cJSON_AddItemToArray(items, it);
	}
	db_res_free(rows);
	resp_ans(res, o);
	return ST_OK;
}

enum { S_KIND, S_UID };
#define SUBJECT_PARAMS                                                         \
	[S_KIND] = {.name = "kind",                                            \
	            .type = PT_CHOICE,                                         \
	            .flags = PF_PATH | PF_REQUIRED,                            \
	            .choices = kinds},                                         \
	[S_UID] = PARAM_INT("user_id", PF_PATH | PF_REQUIRED, 1,               \
	                    9007199254740991LL)

const struct pspec h_admin_submission_params[] = {SUBJECT_PARAMS, PARAM_END};

static const char *
status_text(long long s)
{
	static const char *const t[] = {"none", "pending", "approved",
	                                "rejected"};

	return s >= 0 && s <= 3 ? t[s] : "unknown";
}

/* GET /admin/api/submissions/{kind}/{user_id}: what was submitted, the
 * documents' URLs and the decisions so far (newest first). */
enum status
h_admin_submission(struct req *r, struct resp *res)
{
	struct db_res *u = NULL, *certs = NULL, *hist = NULL;
	int kind = KIND(r, S_KIND);
	long long uid = r->p[S_UID].i, s;
	cJSON *o, *arr;
	enum status st;
	size_t i;

	if ((st = reviews_get(kind, uid, &u, &certs)) != ST_OK)
		return resp_fail(res, st, "no user %lld", uid);
	if ((st = reviews_history(kind, uid, &hist)) != ST_OK)
		goto out;
	o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "kind", kinds[kind - 1]);
	cJSON_AddNumberToObject(o, "user_id", (double)uid);
	s = db_int(u, 0,
	           kind == REV_REALNAME ? REV_U_RN_STATUS : REV_U_LL_STATUS, 0);
	cJSON_AddNumberToObject(o, "status", (double)s);
	cJSON_AddStringToObject(o, "status_text", status_text(s));
	cJSON_AddItemToObject(o, "real_name",
	                      str_or_null(db_str(u, 0, REV_U_NAME)));
	cJSON_AddItemToObject(o, "id_card",
	                      str_or_null(db_str(u, 0, REV_U_MASKED)));
	arr = cJSON_AddArrayToObject(o, "documents");
	if (kind == REV_REALNAME) {
		static const char *const label[] = {"portrait", "front",
		                                    "back"};
		cJSON_AddItemToObject(o, "since",
		                      str_or_null(db_str(u, 0, REV_U_UPDATED)));
		for (i = 0; i < 3; i++) {
			const char *p = db_str(u, 0, REV_U_PORTRAIT + i);
			cJSON *d;

			if (p == NULL)
				continue;
			d = cJSON_CreateObject();
			cJSON_AddStringToObject(d, "label", label[i]);
			cJSON_AddItemToObject(d, "url", doc_url(p));
			cJSON_AddItemToArray(arr, d);
		}
	} else {
		cJSON *cs = cJSON_AddArrayToObject(o, "certificates");

		for (i = 0; i < certs->nrows; i++) {
			cJSON *c = cJSON_CreateObject(), *d;

			cJSON_AddNumberToObject(
			        c, "id", (double)db_int(certs, i, REV_C_ID, 0));
			cJSON_AddItemToObject(
			        c, "certname",
			        str_or_null(db_str(certs, i, REV_C_NAME)));
			cJSON_AddItemToObject(
			        c, "number",
			        str_or_null(db_str(certs, i, REV_C_NUMBER)));
			cJSON_AddNumberToObject(
			        c, "house_type",
			        (double)db_int(certs, i, REV_C_TYPE, 0));
			cJSON_AddItemToObject(
			        c, "since",
			        str_or_null(db_str(certs, i, REV_C_UPDATED)));
			cJSON_AddItemToArray(cs, c);
			d = cJSON_CreateObject();
			cJSON_AddStringToObject(d, "label", "certificate");
			cJSON_AddItemToObject(
			        d, "url",
			        doc_url(db_str(certs, i, REV_C_PHOTO)));
			cJSON_AddItemToArray(arr, d);
			if (db_str(certs, i, REV_C_LEASE) != NULL) {
				d = cJSON_CreateObject();
				cJSON_AddStringToObject(d, "label", "lease");
				cJSON_AddItemToObject(
				        d, "url",
				        doc_url(db_str(certs, i, REV_C_LEASE)));
				cJSON_AddItemToArray(arr, d);
			}
		}
	}
	arr = cJSON_AddArrayToObject(o, "decisions");
	for (i = 0; i < hist->nrows; i++) {
		cJSON *d = cJSON_CreateObject();

		if (db_cell(hist, i, REV_H_ADMIN)->t == DBT_NULL)
			cJSON_AddNullToObject(d, "admin_id");
		else
			cJSON_AddNumberToObject(
			        d, "admin_id",
			        (double)db_int(hist, i, REV_H_ADMIN, 0));
		cJSON_AddStringToObject(
		        d, "decision",
		        status_text(db_int(hist, i, REV_H_DECISION, 0)));
		cJSON_AddItemToObject(
		        d, "reason",
		        str_or_null(db_str(hist, i, REV_H_REASON)));
		cJSON_AddItemToObject(d, "at",
		                      str_or_null(db_str(hist, i, REV_H_AT)));
		cJSON_AddItemToArray(arr, d);
	}
	resp_ans(res, o);
out:
	db_res_free(u);
	db_res_free(certs);
	db_res_free(hist);
	return st;
}

static enum status
decide(struct req *r, struct resp *res, int approve, const char *reason,
       size_t n)
{
	int kind = KIND(r, S_KIND);
	long long uid = r->p[S_UID].i;
	enum status st;
	cJSON *o;

	st = reviews_decide(kind, uid, r->uid, approve, reason, n);
	if (st == ST_NOT_FOUND)
		return resp_fail(res, st, "no user %lld", uid);
	if (st == ST_CONFLICT)
		return resp_fail(res, st,
		                 "user %lld has no pending %s "
		                 "submission",
		                 uid, kinds[kind - 1]);
	if (st != ST_OK)
		return st;
	o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "kind", kinds[kind - 1]);
	cJSON_AddNumberToObject(o, "user_id", (double)uid);
	cJSON_AddNumberToObject(o, "status", approve ? 2 : 3);
	cJSON_AddStringToObject(o, "status_text",
	                        approve ? "approved" : "rejected");
	resp_ans(res, o);
	return ST_OK;
}

const struct pspec h_admin_approve_params[] = {SUBJECT_PARAMS, PARAM_END};

/* POST /admin/api/submissions/{kind}/{user_id}/approve */
enum status
h_admin_approve(struct req *r, struct resp *res)
{
	return decide(r, res, 1, NULL, 0);
}

enum { R_REASON = S_UID + 1 };
const struct pspec h_admin_reject_params[] = {
        SUBJECT_PARAMS,
        [R_REASON] = PARAM_TEXT("reason", PF_REQUIRED, 1, 200, NULL),
        PARAM_END,
};

/* POST /admin/api/submissions/{kind}/{user_id}/reject, reason (1-200
 * characters, a form field): shown to the person. */
enum status
h_admin_reject(struct req *r, struct resp *res)
{
	return decide(r, res, 0, r->p[R_REASON].s, r->p[R_REASON].n);
}
