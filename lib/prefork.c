#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "log.h"
#include "metrics.h"
#include "prefork.h"

static volatile sig_atomic_t stop_flag;
static volatile sig_atomic_t child_flag;
static volatile sig_atomic_t reopen_flag;

static void
on_stop(int sig)
{
	(void)sig;
	stop_flag = 1;
}

static void
on_child(int sig)
{
	(void)sig;
	child_flag = 1;
}

/* SIGUSR1 (logrotate): the master reopens its log and passes the signal
 * on; a worker reopens its log before its next line. */
static void
on_usr1(int sig)
{
	(void)sig;
	reopen_flag = 1;
}

static void
on_usr1_worker(int sig)
{
	(void)sig;
	log_reopen_soon();
}

int
prefork_stopping(void)
{
	return stop_flag;
}

struct slot {
	pid_t pid;
	struct timespec started;
	unsigned quick_deaths; /* consecutive deaths within a second */
};

static double
since(const struct timespec *t)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - t->tv_sec) +
	       (double)(now.tv_nsec - t->tv_nsec) / 1e9;
}

static pid_t
spawn(struct slot *s, int (*work)(void *), void *ctx, const sigset_t *old)
{
	struct sigaction sa;
	pid_t pid = fork();

	if (pid != 0) {
		if (pid > 0) {
			metrics_add(MET_WORKER_STARTS, 1);
			s->pid = pid;
			clock_gettime(CLOCK_MONOTONIC, &s->started);
		}
		return pid;
	}
	/* The worker: default dispositions, the signal mask it had. */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_DFL;
	sigaction(SIGCHLD, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = on_stop;
	sigaction(SIGTERM, &sa, NULL);
	/* Restarted: an accept or a read it interrupts goes on. */
	sa.sa_handler = on_usr1_worker;
	sa.sa_flags = SA_RESTART;
	sigaction(SIGUSR1, &sa, NULL);
	sigprocmask(SIG_SETMASK, old, NULL);
	_exit(work(ctx) == 0 ? 0 : 1);
}

static void
reap(struct slot *slots, int n, int (*work)(void *),
     void (*reaped)(long, void *), void *ctx, const sigset_t *old)
{
	pid_t pid;
	int status, i;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		for (i = 0; i < n && slots[i].pid != pid; i++)
			;
		if (i == n)
			continue;
		slots[i].pid = 0;
		if (reaped != NULL)
			reaped((long)pid, ctx);
		if (stop_flag)
			continue;
		metrics_add(MET_WORKER_DEATHS, 1);
		if (WIFSIGNALED(status))
			log_warn("worker %ld killed by signal %d; replacing it",
			         (long)pid, WTERMSIG(status));
		else
			log_warn("worker %ld exited with %d; replacing it",
			         (long)pid, WEXITSTATUS(status));
		if (since(&slots[i].started) < 1.0) {
			/* Crashing in a loop: back off, up to 1 s. */
			struct timespec d = {0, 0};
			unsigned k = slots[i].quick_deaths++;

			d.tv_nsec = k >= 4 ? 999999999L : (50000000L << k);
			nanosleep(&d, NULL);
		} else {
			slots[i].quick_deaths = 0;
		}
		if (spawn(&slots[i], work, ctx, old) < 0)
			log_err("cannot fork a worker: %s", strerror(errno));
	}
}

int
prefork_run(int n, int (*work)(void *), void (*reaped)(long, void *), void *ctx)
{
	struct slot *slots = xcalloc((size_t)n, sizeof(*slots));
	struct sigaction sa;
	sigset_t block, old;
	int i, started = 0, alive;

	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_stop;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = on_usr1;
	sigaction(SIGUSR1, &sa, NULL);
	sa.sa_handler = on_child;
	sa.sa_flags = SA_NOCLDSTOP;
	sigaction(SIGCHLD, &sa, NULL);

	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGCHLD);
	sigaddset(&block, SIGUSR1);
	sigprocmask(SIG_BLOCK, &block, &old);

	for (i = 0; i < n; i++)
		if (spawn(&slots[i], work, ctx, &old) > 0)
			started++;
	if (started == 0) {
		free(slots);
		return -1;
	}
	log_info("master %ld: %d workers started", (long)getpid(), started);
	while (!stop_flag) {
		sigset_t wait = old;

		sigdelset(&wait, SIGTERM);
		sigdelset(&wait, SIGINT);
		sigdelset(&wait, SIGCHLD);
		sigdelset(&wait, SIGUSR1);
		sigsuspend(&wait);
		if (reopen_flag) {
			reopen_flag = 0;
			if (log_reopen() < 0)
				log_err("master %ld: cannot reopen the log",
				        (long)getpid());
			for (i = 0; i < n; i++)
				if (slots[i].pid > 0)
					kill(slots[i].pid, SIGUSR1);
			log_info("master %ld: log reopened", (long)getpid());
		}
		if (child_flag) {
			child_flag = 0;
			reap(slots, n, work, reaped, ctx, &old);
		}
	}
	log_info("master %ld: stopping workers", (long)getpid());
	for (i = 0; i < n; i++)
		if (slots[i].pid > 0)
			kill(slots[i].pid, SIGTERM);
	/* Give them 5 s to finish the request at hand, then insist. */
	for (i = 0; i < 50; i++) {
		struct timespec d = {0, 100000000L};
		int j;

		while (waitpid(-1, NULL, WNOHANG) > 0)
			;
		for (alive = 0, j = 0; j < n; j++)
			if (slots[j].pid > 0 && kill(slots[j].pid, 0) == 0)
				alive++;
			else
				slots[j].pid = 0;
		if (alive == 0)
			break;
		nanosleep(&d, NULL);
	}
	for (i = 0; i < n; i++)
		if (slots[i].pid > 0)
			kill(slots[i].pid, SIGKILL);
	while (waitpid(-1, NULL, 0) > 0)
		;
	sigprocmask(SIG_SETMASK, &old, NULL);
	free(slots);
	return 0;
}
