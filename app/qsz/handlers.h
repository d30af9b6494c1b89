/* Handlers and their parameter tables (each ends with an entry whose name
 * is NULL), for the route table. */
#ifndef ZF_HANDLERS_H
#define ZF_HANDLERS_H

#include "route.h"

#define HANDLER(name)                                                          \
	enum status name(struct req *, struct resp *);                         \
	extern const struct pspec name##_params[]

HANDLER(h_misc_ping);
HANDLER(h_misc_metrics);
HANDLER(h_users_login);
HANDLER(h_users_fetch);
HANDLER(h_users_logout);
HANDLER(h_users_create);
HANDLER(h_ident_user);
HANDLER(h_ident_house);
HANDLER(h_files_private);
HANDLER(h_regions_list);
HANDLER(h_houses_create);
HANDLER(h_houses_release);
HANDLER(h_houses_pulloff);
HANDLER(h_houses_report);
HANDLER(h_houses_delete);
HANDLER(h_houses_update);
HANDLER(h_houses_mine);
HANDLER(h_media_photo_create);
HANDLER(h_media_photo_update);
HANDLER(h_media_photo_delete);
HANDLER(h_media_video_create);
HANDLER(h_media_video_update);
HANDLER(h_media_video_delete);
HANDLER(h_search_house);
HANDLER(h_invite_get);
HANDLER(h_invite_set);
HANDLER(h_orders_create);
HANDLER(h_orders_list);
HANDLER(h_orders_cancel);
HANDLER(h_alipay_payment_url);
HANDLER(h_alipay_notify);
HANDLER(h_alipay_auth_url);
HANDLER(h_alipay_auth_notify);
HANDLER(h_alipay_binding);
HANDLER(h_alipay_zhima);
HANDLER(h_alipay_transfer);

#undef HANDLER

#endif
