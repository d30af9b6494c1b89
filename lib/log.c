#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "log.h"

static int log_fd = 2;
static enum log_level log_min = LOG_INFO;
static char log_rid[64];
static long log_pid; /* cached: getpid() is a system call */
static int log_atfork;
static char *log_path; /* NULL: stderr */
static volatile sig_atomic_t log_reopen_flag;

static void
log_forked(void)
{
	log_pid = (long)getpid();
}

static const char *const log_names[LOG__MAX] = {
        "DEBUG",
        "INFO",
        "WARN",
        "ERROR",
};

int
log_open(const char *path, enum log_level min)
{
	int fd;

	log_min = min;
	if (!log_atfork && pthread_atfork(NULL, NULL, log_forked) == 0)
		log_atfork = 1;
	if (path == NULL || *path == '\0')
		return 0;
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
	if (fd < 0)
		return -1;
	if (log_fd > 2)
		close(log_fd);
	log_fd = fd;
	if (path != log_path) {
		free(log_path);
		log_path = strdup(path);
	}
	return 0;
}

int
log_reopen(void)
{
	log_reopen_flag = 0;
	if (log_path == NULL)
		return 0;
	return log_open(log_path, log_min);
}

void
log_reopen_soon(void)
{
	log_reopen_flag = 1;
}

int
log_level_parse(const char *s)
{
	static const char *const names[LOG__MAX] = {
	        "debug",
	        "info",
	        "warn",
	        "error",
	};
	int i;

	for (i = 0; i < LOG__MAX; i++)
		if (strcasecmp(s, names[i]) == 0)
			return i;
	return -1;
}

void
log_set_request(const char *rid)
{
	size_t i;

	log_rid[0] = '\0';
	if (rid == NULL)
		return;
	/* Request ids are ours or nginx's hex; keep only safe characters. */
	for (i = 0; rid[i] != '\0' && i < sizeof(log_rid) - 1; i++) {
		char c = rid[i];

		log_rid[i] =
		        ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
		         (c >= 'A' && c <= 'Z') || c == '-')
		                ? c
		                : '_';
	}
	log_rid[i] = '\0';
}

void
log_msg(enum log_level lvl, const char *fmt, ...)
{
	char line[2048];
	struct timespec ts;
	struct tm tm;
	va_list ap;
	size_t len, i, start;
	int n, saved = errno;

	if (lvl < log_min || lvl >= LOG__MAX)
		return;
	if (log_reopen_flag && log_reopen() < 0) {
		/* The old file stays: a line there beats no line. */
	}
	if (log_pid == 0)
		log_pid = (long)getpid();
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	n = snprintf(line, sizeof(line),
	             "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ %s pid=%ld%s%s ",
	             tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
	             tm.tm_min, tm.tm_sec, ts.tv_nsec / 1000000L,
	             log_names[lvl], log_pid, log_rid[0] ? " rid=" : "",
	             log_rid);
	if (n < 0 || (size_t)n >= sizeof(line))
		return;
	start = (size_t)n;
	va_start(ap, fmt);
	n = vsnprintf(line + start, sizeof(line) - start - 1, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	len = start + (size_t)n;
	if (len > sizeof(line) - 2)
		len = sizeof(line) - 2; /* truncated: still one line */
	/* Nothing the caller formatted may forge a line or a terminal code. */
	for (i = start; i < len; i++) {
		unsigned char c = (unsigned char)line[i];

		if (c < 0x20 || c == 0x7f)
			line[i] = '?';
	}
	line[len++] = '\n';
	if (write(log_fd, line, len) < 0) {
		/* Nowhere left to report it. */
	}
	errno = saved;
}
