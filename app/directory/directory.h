/* The real-estate directory surface (directory.md): DRF-style resources
 * under /api/ (all but iHome's /api/v1.0/), the token in header `token`,
 * every request checked against the privilege table before its handler. */
#ifndef ZF_DIRECTORY_H
#define ZF_DIRECTORY_H

#include "app.h"

extern const struct envelope dir_envelope;

/* The route table and its guard (routes.c). */
void dir_routes_init(struct router *);

/* After every directory answer: DRF's texts and headers for the
 * dispatcher's refusals (405 naming the method, 401's WWW-Authenticate,
 * 413) (envelope.c). */
void dir_finish(struct req *, struct resp *);

/* The message of a page after the last (directory.md 1). */
#define DIR_BAD_PAGE "无效页面。"

/* Answer ans (taken) as a cacheable read (directory.md 5, 8): a strong
 * ETag of its bytes, Cache-Control cache_control, and 304 without a body
 * when If-None-Match names the tag. */
enum status dir_answer_cached(const struct req *, struct resp *, cJSON *ans,
                              const char *cache_control);

/* The strong ETag of an answer's bytes: a quoted hex digest. */
#define DIR_ETAG_LEN 40
void dir_etag_of(const char *body, size_t n, char etag[DIR_ETAG_LEN]);

/* Answer the n bytes of JSON at body (copied) as dir_answer_cached does,
 * with its etag. */
enum status dir_answer_body(const struct req *, struct resp *,
                            const char *body, size_t n, const char *etag,
                            const char *cache_control);

/* Add message to the list of field (flen bytes; "" or "body" means
 * non_field_errors) in the error object errors (envelope.c). */
void dir_field_error(cJSON *errors, const char *field, size_t flen,
                     const char *message);

/* The error object of the validators' joined failures ("title: required;
 * estates[2]: must be ..."), each rule in Chinese (envelope.c). */
cJSON *dir_field_errors(const char *msg);

#endif
