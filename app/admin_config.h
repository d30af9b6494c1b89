/* zufang-admin check-config: every configuration key checked before the
 * service starts (scripts/run, systemd's ExecStartPre). */
#ifndef ZF_ADMIN_CONFIG_H
#define ZF_ADMIN_CONFIG_H

/* Print one "key: problem: fix" line on stderr per error and exit status
 * 1 when there is any, "configuration OK" on stdout and 0 when there is
 * none, 2 on bad usage.  Reads $ZUFANG_CONFIG and the environment as the
 * service does; loads the keys to see that they parse, keeps nothing. */
int cmd_check_config(int argc, char **argv);

#endif
