/* zufang-admin listings: reported listings and pull-offs from the command
 * line. */
#ifndef ZF_ADMIN_LISTINGS_H
#define ZF_ADMIN_LISTINGS_H

/* listings reported | show ID | pulloff ID --reason TEXT | dismiss ID;
 * 0 done, 1 refused or failed, 2 bad arguments. */
int cmd_listings(int argc, char **argv);

#endif
