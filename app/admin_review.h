/* zufang-admin review: the administrators' review from the command line. */
#ifndef ZF_ADMIN_REVIEW_H
#define ZF_ADMIN_REVIEW_H

/* review list | approve KIND USER_ID | reject KIND USER_ID --reason TEXT;
 * 0 done, 1 refused or failed, 2 bad arguments. */
int cmd_review(int argc, char **argv);

#endif
