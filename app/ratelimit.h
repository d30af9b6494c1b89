/* Counters of fixed windows shared by every surface: captcha images per
 * IP a minute, SMS sends per number and per IP a China day. */
#ifndef ZF_RATELIMIT_H
#define ZF_RATELIMIT_H

#include "resp.h"

/* Window lengths and offsets: a China day starts at 16:00 UTC. */
#define LIMITS_MINUTE 60
#define LIMITS_DAY    86400
#define LIMITS_CHINA  (8 * 3600)

/* Count one hit of kind/key in the current window of window_s seconds
 * whose starts are shifted by offset_s (window starts are at multiples of
 * window_s in UTC + offset_s); *n gets the count with this hit.  ST_OK or
 * ST_DB. */
enum status limits_hit(const char *kind, const char *key, long long window_s,
                       long long offset_s, long long *n);

/* The count of the current window without a hit. */
enum status limits_count(const char *kind, const char *key, long long window_s,
                         long long offset_s, long long *n);

#endif
