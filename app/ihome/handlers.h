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
HANDLER(h_ihome_user_get);
HANDLER(h_ihome_user_name);
HANDLER(h_ihome_user_avatar);
HANDLER(h_ihome_auth_get);
HANDLER(h_ihome_auth_post);
HANDLER(h_ihome_areas);
HANDLER(h_ihome_my_houses);
HANDLER(h_ihome_house_create);
HANDLER(h_ihome_house_image);
HANDLER(h_ihome_house_report);
HANDLER(h_ihome_house_detail);
HANDLER(h_ihome_house_index);
HANDLER(h_ihome_search);
HANDLER(h_ihome_order_create);
HANDLER(h_ihome_order_list);
HANDLER(h_ihome_order_act);
HANDLER(h_ihome_order_comment);
HANDLER(h_ihome_order_pay);

/* The body schema of POST houses (houses.c). */
extern const struct js ihome_house_body;

/* A name as others see it: one still equal to its person's mobile is
 * masked (138****8888) unless self (houses.c). */
const char *ihome_shown_name(struct req *, const char *name, const char *mobile,
                             int self);

/* The absolute URL of the first path of a '\n'-separated list of media
 * paths, "" when none (houses.c). */
const char *ihome_first_url(struct req *, const char *list);

/* Days since 1970-01-01 of a PT_DATE value (houses.c). */
long ihome_ymd_days(long long ymd);

/* A captcha id: 8-64 of [A-Za-z0-9-] (a parameter check). */
int ihome_check_captcha_id(const char *s, size_t n, char *err, size_t errlen);

#undef HANDLER

#endif
