/* QSZ's identity routes (qsz.md): real-name verification and landlord
 * (property) verification; the documents become private files. */
#include <stdlib.h>

#include "app.h"
#include "ident.h"
#include "qsz/handlers.h"
#include "upload.h"
#include "valid.h"

/* Place every given file of a request as data/private/user_<uid>/.
 * Returns 0, or -1 after discarding what was placed. */
static int
place_all(struct req *r, const int *idx, const char *const *prefix, char **out,
          size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		out[i] = NULL;
		if (idx[i] < 0 || !r->p[idx[i]].set)
			continue;
		out[i] = files_place(r->p[idx[i]].files[0], "private", r->uid,
		                     prefix[i]);
		if (out[i] == NULL) {
			files_discard(out, i);
			return -1;
		}
	}
	return 0;
}

static cJSON *
str_or_null(const char *s)
{
	return s ? cJSON_CreateString(s) : cJSON_CreateNull();
}

/* ---- /user_identification ------------------------------------------ */

enum { U_REALNAME, U_IDCARD, U_PORTRAIT, U_FRONT, U_BACK, U__MAX };

const struct pspec h_ident_user_params[] = {
        [U_REALNAME] = PARAM_TEXT("realname", PF_REQUIRED, 2, 30, NULL),
        [U_IDCARD] = PARAM_OF("idcardnumber", PT_IDCARD, PF_REQUIRED),
        [U_PORTRAIT] = PARAM_FILE("portrait", PF_REQUIRED, FT_IMAGE,
                                  &app.cfg.max_image_bytes, 0),
        [U_FRONT] = PARAM_FILE("idcardfront", PF_REQUIRED, FT_DOC,
                               &app.cfg.max_doc_bytes, 0),
        [U_BACK] = PARAM_FILE("idcardback", PF_REQUIRED, FT_DOC,
                              &app.cfg.max_doc_bytes, 0),
        [U__MAX] = PARAM_END,
};

enum status
h_ident_user(struct req *r, struct resp *res)
{
	static const int idx[3] = {U_PORTRAIT, U_FRONT, U_BACK};
	static const char *const prefix[3] = {
	        "portrait",
	        "idcardfront",
	        "idcardback",
	};
	const struct pval *p = r->p;
	char *paths[3] = {NULL, NULL, NULL};
	enum status st;
	int i, status;
	cJSON *ans;

	if (place_all(r, idx, prefix, paths, 3) < 0)
		return ST_INTERNAL;
	st = ident_realname_submit(r->uid, p[U_REALNAME].s, p[U_REALNAME].n,
	                           p[U_IDCARD].s, paths, 0, &status);
	if (st != ST_OK) {
		files_discard(paths, 3);
		if (st == ST_EXISTS)
			return resp_fail(res, ST_CONFLICT,
			                 "realname: real-name verification is "
			                 "already approved");
		return st;
	}
	for (i = 0; i < 3; i++)
		free(paths[i]);
	ans = cJSON_CreateArray();
	cJSON_AddItemToArray(ans, cJSON_CreateString(p[U_REALNAME].s));
	cJSON_AddItemToArray(ans, cJSON_CreateString(p[U_IDCARD].s));
	resp_ans(res, ans);
	return ST_OK;
}

/* ---- /house_identification ----------------------------------------- */

enum { H_CERTNAME, H_IDCARD, H_NUMBER, H_PHOTO, H_TYPE, H_LEASE, H__MAX };

const struct pspec h_ident_house_params[] = {
        [H_CERTNAME] = PARAM_TEXT("certname", PF_REQUIRED, 2, 30, NULL),
        [H_IDCARD] = PARAM_OF("idcardnumber", PT_IDCARD, PF_REQUIRED),
        [H_NUMBER] =
                PARAM_TEXT("property_cert_number", PF_REQUIRED, 1, 64, NULL),
        [H_PHOTO] = PARAM_FILE("property_cert_photo", PF_REQUIRED, FT_DOC,
                               &app.cfg.max_doc_bytes, 0),
        [H_TYPE] = PARAM_INT("house_type", PF_EMPTY, 1, 2),
        [H_LEASE] = PARAM_FILE("lease_agreement_photo_url", 0, FT_DOC,
                               &app.cfg.max_doc_bytes, 0),
        [H__MAX] = PARAM_END,
};

enum status
h_ident_house(struct req *r, struct resp *res)
{
	static const char *const prefix[2] = {
	        "property_cert_photo",
	        "lease_agreement_photo_url",
	};
	const struct pval *p = r->p;
	struct ident_house h = {
	        .certname = p[H_CERTNAME].s,
	        .certname_n = p[H_CERTNAME].n,
	        .idcard = p[H_IDCARD].s,
	        .number = p[H_NUMBER].s,
	        .number_n = p[H_NUMBER].n,
	        .type = p[H_TYPE].set ? p[H_TYPE].i : 1,
	};
	int idx[2] = {H_PHOTO, h.type == 2 ? H_LEASE : -1};
	char *paths[2] = {NULL, NULL};
	enum status st;
	cJSON *ans;

	if (h.type == 2 && !p[H_LEASE].set)
		return resp_fail(res, ST_PARAM,
		                 "lease_agreement_photo_url: required when "
		                 "house_type is 2");
	if (place_all(r, idx, prefix, paths, 2) < 0)
		return ST_INTERNAL;
	st = ident_house_submit(r->uid, &h, paths);
	if (st != ST_OK) {
		files_discard(paths, 2);
		if (st == ST_CONFLICT)
			return resp_fail(res, ST_CONFLICT,
			                 "property_cert_number: already "
			                 "registered by another user");
		return st;
	}
	ans = cJSON_CreateArray();
	cJSON_AddItemToArray(ans, cJSON_CreateString(p[H_CERTNAME].s));
	cJSON_AddItemToArray(ans, cJSON_CreateString(p[H_IDCARD].s));
	cJSON_AddItemToArray(ans, cJSON_CreateString(p[H_NUMBER].s));
	cJSON_AddItemToArray(ans, str_or_null(paths[0]));
	cJSON_AddItemToArray(ans, str_or_null(paths[1]));
	free(paths[0]);
	free(paths[1]);
	resp_ans(res, ans);
	return ST_OK;
}
