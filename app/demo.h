/* zufang-admin demo-data (directory.md 2): the document's accounts and
 * jackfrued's seed data, loaded idempotently by name. */
#ifndef ZF_DEMO_H
#define ZF_DEMO_H

/* Load what is missing, in one transaction; a summary on stdout.  0, or 1
 * said on stderr (nothing loaded). */
int demo_load(void);

#endif
