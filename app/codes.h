/* Verification codes shared by every surface: image captchas (ihome.md 3)
 * and, later, SMS codes.  Knows no envelope. */
#ifndef ZF_CODES_H
#define ZF_CODES_H

#include <stddef.h>

#include "resp.h"

/* A new captcha under id for a client at ip, replacing pre's (may be
 * NULL): the PNG in *png (*len bytes, the caller frees) and its text in
 * text.  ST_OK, ST_RATE (over captcha_ip_per_min), ST_DB or ST_INTERNAL. */
enum status codes_captcha_new(const char *id, const char *pre, const char *ip,
                              unsigned char **png, size_t *len, char text[5]);

/* Check typed (n bytes) against captcha id and delete it, right or wrong:
 * ST_OK, ST_CODE (unknown, expired, used or wrong) or ST_DB. */
enum status codes_captcha_check(const char *id, const char *typed, size_t n);

/* Outcomes of sending an SMS code beyond enum status's: ST_OK sent,
 * ST_EXISTS the number is registered (when refuse_registered), ST_RATE a
 * limit (*why says which: "interval", "mobile", "ip"), ST_THIRD_PARTY
 * refused, failed or not configured (*why "unconfigured" or "provider"),
 * ST_DB. */
enum status codes_sms_send(const char *mobile, const char *ip,
                           int refuse_registered, const char **why);

/* Check and consume the SMS code of mobile: ST_OK (consumed), ST_CODE (no
 * live code, expired, used or wrong: one try spent), ST_RATE (burnt by too
 * many wrong tries, until a new code is sent) or ST_DB.  Runs inside the
 * caller's transaction when there is one. */
enum status codes_sms_check(const char *mobile, const char *code, size_t n);

/* 1 when a person has this mobile number, 0 when none, -1 on a database
 * failure. */
int codes_mobile_registered(const char *mobile);

#endif
