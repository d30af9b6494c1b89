/* zufang-admin backup, restore and media-sweep (issue 13, section 5). */
#ifndef ZF_ADMIN_BACKUP_H
#define ZF_ADMIN_BACKUP_H

/* zufang-admin backup DIR: the database (mariadb-dump, one consistent
 * snapshot) and the media folders into DIR, with a manifest.  0 done, 1 a
 * failure said on stderr, 2 usage. */
int cmd_backup(int argc, char **argv);

/* zufang-admin restore [--force] DIR: verify DIR's manifest and checksums,
 * then replace the database's content and the media folders.  Exit codes as
 * cmd_backup's. */
int cmd_restore(int argc, char **argv);

/* zufang-admin media-sweep [--delete] [--older-than SECONDS]: list (or
 * remove) media files no row references.  Exit codes as cmd_backup's. */
int cmd_media_sweep(int argc, char **argv);

#endif
