/* iHome handlers and their parameter tables (each ends with an entry whose
 * name is NULL), for the route table. */
#ifndef ZF_IHOME_HANDLERS_H
#define ZF_IHOME_HANDLERS_H

#include "route.h"

#define HANDLER(name)                                                          \
	enum status name(struct req *, struct resp *);                         \
	extern const struct pspec name##_params[]

HANDLER(h_ihome_imagecode);
HANDLER(h_ihome_smscode);
HANDLER(h_ihome_user_register);
HANDLER(h_ihome_session_login);
HANDLER(h_ihome_session_get);
HANDLER(h_ihome_session_logout);

/* A captcha id: 8-64 of [A-Za-z0-9-] (a parameter check). */
int ihome_check_captcha_id(const char *s, size_t n, char *err, size_t errlen);

#undef HANDLER

#endif
