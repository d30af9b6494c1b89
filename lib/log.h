/* Line-oriented logging.  One write(2) per line, so lines from several
 * workers appending to the same file never interleave.  Control characters
 * in the formatted text are replaced, so user input cannot forge lines.
 * Callers never pass personal data (tokens, ID numbers, phone numbers,
 * account numbers, file bytes). */
#ifndef ZF_LOG_H
#define ZF_LOG_H

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERR, LOG__MAX };

/* Log to path (appending, created 0640), or to stderr when path is NULL or
 * empty.  Returns 0, or -1 when the file cannot be opened (then stderr). */
int log_open(const char *path, enum log_level min);

/* Open the log's path again (after logrotate moved the file away): 0, or
 * -1 when it cannot be opened (the old file is kept). */
int log_reopen(void);

/* Ask for log_reopen before the next line is written; safe in a signal
 * handler (SIGUSR1). */
void log_reopen_soon(void);

/* Parse "debug", "info", "warn", "error"; -1 when unknown. */
int log_level_parse(const char *);

/* The request id put on every line until cleared with NULL. */
void log_set_request(const char *rid);

void log_msg(enum log_level, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));

#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)
#define log_info(...)  log_msg(LOG_INFO, __VA_ARGS__)
#define log_warn(...)  log_msg(LOG_WARN, __VA_ARGS__)
#define log_err(...)   log_msg(LOG_ERR, __VA_ARGS__)

#endif
