/* zufang-admin's commands that run the service's own domain functions
 * (review, refund, listings): app.db connected as a worker's is. */
#ifndef ZF_ADMIN_DB_H
#define ZF_ADMIN_DB_H

/* Connect app.db with the service's statements; -1 (said on stderr) when
 * the database cannot be reached. */
int admin_app_connect(void);

/* Close it again. */
void admin_app_close(void);

#endif
