/* Directory handlers, their parameter tables (each ends with an entry
 * whose name is NULL) and body schemas, for the route table. */
#ifndef ZF_DIRECTORY_HANDLERS_H
#define ZF_DIRECTORY_HANDLERS_H

#include "route.h"

#define HANDLER(name)                                                          \
	enum status name(struct req *, struct resp *);                         \
	extern const struct pspec name##_params[]

/* session.c: login, logout, SMS codes (directory.md 2, 3). */
HANDLER(h_dir_login);
HANDLER(h_dir_logout);
HANDLER(h_dir_mobile_code);
extern const struct js dir_login_body;

/* districts.c (directory.md 5). */
HANDLER(h_dir_districts);
HANDLER(h_dir_district);
HANDLER(h_dir_hotcities);

/* catalog.c: agents, estates, house types, tags (directory.md 6-8, 11). */
HANDLER(h_dir_agents);
HANDLER(h_dir_agent);
HANDLER(h_dir_agent_create);
HANDLER(h_dir_agent_update);
HANDLER(h_dir_agent_delete);
HANDLER(h_dir_estates);
HANDLER(h_dir_estate);
HANDLER(h_dir_estate_create);
HANDLER(h_dir_estate_update);
HANDLER(h_dir_estate_delete);
HANDLER(h_dir_housetypes);
HANDLER(h_dir_housetype);
HANDLER(h_dir_housetype_create);
HANDLER(h_dir_housetype_update);
HANDLER(h_dir_housetype_delete);
HANDLER(h_dir_tags);
HANDLER(h_dir_tag);
HANDLER(h_dir_tag_create);
HANDLER(h_dir_tag_delete);
extern const struct js dir_agent_body;
extern const struct js dir_estate_body;
extern const struct js dir_housetype_body;
extern const struct js dir_tag_body;

/* listings.c: listings and their photos (directory.md 9, 10). */
HANDLER(h_dir_houseinfos);
HANDLER(h_dir_houseinfo);
HANDLER(h_dir_houseinfo_create);
HANDLER(h_dir_houseinfo_update);
HANDLER(h_dir_houseinfo_delete);
HANDLER(h_dir_photos);
HANDLER(h_dir_photo_create);
HANDLER(h_dir_photo_update);
HANDLER(h_dir_photo_delete);
extern const struct js dir_houseinfo_body;
extern const struct js dir_photo_body;
HANDLER(h_dir_report_create);
extern const struct js dir_report_body;

#endif
