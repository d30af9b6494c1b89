/* A master that keeps N worker processes alive on an inherited listening
 * socket (spawn-fcgi hands it over as fd 0).  A worker that dies is
 * replaced at once (with a short back-off when workers crash in a loop);
 * SIGTERM/SIGINT stop the workers and the master; SIGUSR1 makes the master
 * and every worker reopen the log file (after logrotate moved it). */
#ifndef ZF_PREFORK_H
#define ZF_PREFORK_H

/* Run the master: fork n children that each call work(ctx) and exit with
 * its return value; after a child ended, reaped(pid, ctx) runs in the
 * master (may be NULL), e.g. to clean what it left.  Returns when asked to
 * stop, after all children have exited: 0, or -1 when no worker could be
 * started. */
int prefork_run(int n, int (*work)(void *ctx),
                void (*reaped)(long pid, void *ctx), void *ctx);

/* In a worker: non-zero once the master asked workers to stop. */
int prefork_stopping(void);

#endif
