/* The image captcha: its text, its picture (PNG drawn with libgd) and the
 * comparison of what was typed.  Keeping the text (ttl, one shot) is the
 * caller's business. */
#ifndef ZF_CAPTCHA_H
#define ZF_CAPTCHA_H

#include <stddef.h>

#define CAPTCHA_LEN 4
/* No I, O, 0 or 1: they are too easily confused. */
#define CAPTCHA_ALPHABET "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
#define CAPTCHA_WIDTH    150
#define CAPTCHA_HEIGHT   50
/* captcha_png's answer when it had to draw with gd's built-in font. */
#define CAPTCHA_BUILTIN_FONT 1

/* A new text: CAPTCHA_LEN characters of CAPTCHA_ALPHABET, each uniform
 * (CSPRNG, no modulo bias), NUL-terminated in out.  0, or -1 when the
 * random source failed. */
int captcha_text(char out[CAPTCHA_LEN + 1]);

/* Draw text (exactly CAPTCHA_LEN characters of CAPTCHA_ALPHABET, upper
 * case) as a CAPTCHA_WIDTH x CAPTCHA_HEIGHT PNG: rotated, offset, randomly
 * coloured characters over noise lines and dots.  font_path is a TrueType
 * font file handed to FreeType; when it is NULL, empty or cannot be
 * rendered with, the characters are drawn with gd's built-in font instead.
 * Returns 0 (drawn with font_path), CAPTCHA_BUILTIN_FONT (drawn with the
 * built-in font), or -1 (bad text or arguments, out of memory, random
 * source failed).  On success *png is malloc'd, *len bytes long, and the
 * caller frees it; on failure *png is NULL and *len 0.  No global state of
 * its own; gd's font cache is set up by the first call (set it up with
 * gdFontCacheSetup before starting threads, if any). */
int captcha_png(const char *text, const char *font_path, unsigned char **png,
                size_t *len);

/* Whether the n bytes typed equal the kept text, ignoring ASCII case.  The
 * work is the same whatever the bytes and whether n matches kept's length
 * (one pass over kept, no early exit).  1 equal, 0 not; an empty or NULL
 * kept text never matches. */
int captcha_equal(const char *typed, size_t n, const char *kept);

#endif
