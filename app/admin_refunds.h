/* zufang-admin refund ... and reconcile (issue 13 2). */
#ifndef ZF_ADMIN_REFUNDS_H
#define ZF_ADMIN_REFUNDS_H

/* zufang-admin refund list | refund PAYMENT_ID [--amount YUAN]
 * [--reason TEXT] | refund query OUT_REQUEST_NO.  0, 1 failed or not
 * done, 2 usage. */
int cmd_refund(int argc, char **argv);

/* zufang-admin reconcile [--since HOURS]: our payments in doubt against
 * Alipay, a line per difference; 0 none, 1 some, 2 usage. */
int cmd_reconcile(int argc, char **argv);

#endif
