/* The image captcha: CSPRNG text, a PNG drawn with libgd (FreeType text,
 * gd's built-in font as a fallback) and a constant-time comparison. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gd.h>
#include <gdfontg.h>

#include "captcha.h"
#include "crypto.h"

#define ALPHABET_LEN (sizeof(CAPTCHA_ALPHABET) - 1)
#define POOL_LEN     256
#define MARGIN       8  /* left and right, before the first character */
#define MAX_ANGLE    30 /* degrees either way */
#define PT_MIN       18 /* FreeType sizes in points (gd assumes 96 dpi) */
#define PT_MAX       22
#define PI           3.14159265358979323846
#define SCALE        2 /* the built-in font's 9x15 cells, doubled */

/* Random numbers for one call, drawn from the CSPRNG a pool at a time.
 * Once the source failed, failed stays set and every draw answers 0. */
struct rnd {
	unsigned char pool[POOL_LEN];
	size_t pos;
	int failed;
};

static void
rnd_init(struct rnd *r)
{
	r->pos = POOL_LEN;
	r->failed = 0;
}

static uint32_t
rnd_u32(struct rnd *r)
{
	uint32_t v;

	if (r->failed)
		return 0;
	if (r->pos + sizeof(v) > POOL_LEN) {
		if (crypto_random(r->pool, POOL_LEN) == -1) {
			r->failed = 1;
			return 0;
		}
		r->pos = 0;
	}
	memcpy(&v, r->pool + r->pos, sizeof(v));
	r->pos += sizeof(v);
	return v;
}

/* Uniform in [0, bound), bound > 0: values below 2^32 mod bound are
 * refused, so every remainder is equally likely. */
static uint32_t
rnd_below(struct rnd *r, uint32_t bound)
{
	uint32_t min = (uint32_t)(0u - bound) % bound, v;

	do
		v = rnd_u32(r);
	while (v < min && !r->failed);
	return v % bound;
}

/* Uniform in [lo, hi]. */
static int
rnd_range(struct rnd *r, int lo, int hi)
{
	return lo + (int)rnd_below(r, (uint32_t)(hi - lo + 1));
}

static void
rnd_done(struct rnd *r)
{
	crypto_wipe(r->pool, sizeof(r->pool));
}

/* A random colour with every channel in [lo, hi]. */
static int
rnd_colour(struct rnd *r, int lo, int hi)
{
	int red = rnd_range(r, lo, hi), green = rnd_range(r, lo, hi);

	return gdTrueColor(red, green, rnd_range(r, lo, hi));
}

int
captcha_text(char out[CAPTCHA_LEN + 1])
{
	struct rnd r;
	size_t i;

	rnd_init(&r);
	for (i = 0; i < CAPTCHA_LEN; i++)
		out[i] = CAPTCHA_ALPHABET[rnd_below(&r, ALPHABET_LEN)];
	out[CAPTCHA_LEN] = '\0';
	rnd_done(&r);
	if (r.failed) {
		crypto_wipe(out, CAPTCHA_LEN + 1);
		return -1;
	}
	return 0;
}

/* Exactly CAPTCHA_LEN characters of the alphabet. */
static int
text_ok(const char *text)
{
	size_t i;

	if (text == NULL)
		return 0;
	for (i = 0; i < CAPTCHA_LEN; i++)
		if (text[i] == '\0' ||
		    strchr(CAPTCHA_ALPHABET, text[i]) == NULL)
			return 0;
	return text[CAPTCHA_LEN] == '\0';
}

/* The centre of character i: its slot, moved a little. */
static void
glyph_centre(struct rnd *r, size_t i, int *cx, int *cy)
{
	int slot = (CAPTCHA_WIDTH - 2 * MARGIN) / CAPTCHA_LEN;

	*cx = MARGIN + slot * (int)i + slot / 2 + rnd_range(r, -3, 3);
	*cy = CAPTCHA_HEIGHT / 2 + rnd_range(r, -4, 4);
}

/* Where the origin goes so that the box br (relative to the origin) is
 * centred on c, but kept inside [1, size - 2]. */
static int
place(int c, int lo, int hi, int size)
{
	int o = c - (lo + hi) / 2;

	if (o + hi > size - 2)
		o = size - 2 - hi;
	if (o + lo < 1)
		o = 1 - lo;
	return o;
}

struct glyph {
	char s[2];
	double pt, angle;
	int x, y;
};

/* Lay out and draw the characters with FreeType.  1 when done, 0 when
 * FreeType cannot use font_path (nothing drawn), -1 on failure. */
static int
draw_ft(gdImagePtr im, const char *text, const char *font_path, struct rnd *r)
{
	struct glyph g[CAPTCHA_LEN];
	int br[8], minx, maxx, miny, maxy, cx, cy, k;
	size_t i;

	if (font_path == NULL || font_path[0] == '\0')
		return 0;
	for (i = 0; i < CAPTCHA_LEN; i++) {
		g[i].s[0] = text[i];
		g[i].s[1] = '\0';
		g[i].pt = rnd_range(r, PT_MIN, PT_MAX);
		g[i].angle = rnd_range(r, -MAX_ANGLE, MAX_ANGLE) * PI / 180;
		/* Measure only (no image): the rotated box around the
		 * origin. */
		if (gdImageStringFT(NULL, br, 0, font_path, g[i].pt, g[i].angle,
		                    0, 0, g[i].s) != NULL)
			return 0;
		minx = maxx = br[0];
		miny = maxy = br[1];
		for (k = 2; k < 8; k += 2) {
			minx = br[k] < minx ? br[k] : minx;
			maxx = br[k] > maxx ? br[k] : maxx;
			miny = br[k + 1] < miny ? br[k + 1] : miny;
			maxy = br[k + 1] > maxy ? br[k + 1] : maxy;
		}
		glyph_centre(r, i, &cx, &cy);
		g[i].x = place(cx, minx, maxx, CAPTCHA_WIDTH);
		g[i].y = place(cy, miny, maxy, CAPTCHA_HEIGHT);
	}
	for (i = 0; i < CAPTCHA_LEN; i++)
		if (gdImageStringFT(im, br, rnd_colour(r, 0, 120), font_path,
		                    g[i].pt, g[i].angle, g[i].x, g[i].y,
		                    g[i].s) != NULL)
			return -1;
	return 1;
}

/* One character of a built-in font, scaled by SCALE and rotated by angle
 * (radians) about (cx, cy): each pixel around the centre is mapped back
 * into the font's bitmap.  (gdImageCopyRotated is not used: it gives the
 * destination the source's transparent colour.) */
static void
draw_builtin_char(gdImagePtr im, gdFontPtr f, unsigned char ch, int cx, int cy,
                  double angle, int colour)
{
	double w = SCALE * f->w, h = SCALE * f->h, co = cos(angle),
	       si = sin(angle), u, v;
	int radius = (int)ceil(sqrt(w * w + h * h) / 2), dx, dy, sx, sy;
	size_t base;

	if (ch < f->offset || ch >= f->offset + f->nchars)
		return;
	base = (size_t)(ch - f->offset) * (size_t)f->w * (size_t)f->h;
	for (dy = -radius; dy <= radius; dy++)
		for (dx = -radius; dx <= radius; dx++) {
			u = dx * co + dy * si + w / 2;
			v = dy * co - dx * si + h / 2;
			sx = (int)floor(u / SCALE);
			sy = (int)floor(v / SCALE);
			if (sx < 0 || sx >= f->w || sy < 0 || sy >= f->h ||
			    !f->data[base + (size_t)sy * (size_t)f->w +
			             (size_t)sx])
				continue;
			/* gdImageSetPixel ignores points outside the image. */
			gdImageSetPixel(im, cx + dx, cy + dy, colour);
		}
}

/* Draw the characters with gd's built-in giant font instead. */
static void
draw_builtin(gdImagePtr im, const char *text, struct rnd *r)
{
	gdFontPtr f = gdFontGetGiant();
	int cx, cy, deg;
	size_t i;

	for (i = 0; i < CAPTCHA_LEN; i++) {
		glyph_centre(r, i, &cx, &cy);
		deg = rnd_range(r, -MAX_ANGLE, MAX_ANGLE);
		draw_builtin_char(im, f, (unsigned char)text[i], cx, cy,
		                  deg * PI / 180, rnd_colour(r, 0, 120));
	}
}

/* Lines right across the image. */
static void
draw_lines(gdImagePtr im, struct rnd *r, int n, int thick, int lo, int hi)
{
	int i;

	for (i = 0; i < n; i++) {
		gdImageSetThickness(im, rnd_range(r, 1, thick));
		gdImageLine(
		        im, rnd_range(r, 0, CAPTCHA_WIDTH / 4),
		        rnd_range(r, 0, CAPTCHA_HEIGHT - 1),
		        rnd_range(r, CAPTCHA_WIDTH * 3 / 4, CAPTCHA_WIDTH - 1),
		        rnd_range(r, 0, CAPTCHA_HEIGHT - 1),
		        rnd_colour(r, lo, hi));
	}
	gdImageSetThickness(im, 1);
}

int
captcha_png(const char *text, const char *font_path, unsigned char **png,
            size_t *len)
{
	gdImagePtr im = NULL;
	struct rnd r;
	void *enc = NULL;
	int i, n, size, drawn, rc = -1;

	if (png != NULL)
		*png = NULL;
	if (len != NULL)
		*len = 0;
	if (png == NULL || len == NULL || !text_ok(text))
		return -1;
	rnd_init(&r);
	if ((im = gdImageCreateTrueColor(CAPTCHA_WIDTH, CAPTCHA_HEIGHT)) ==
	    NULL)
		goto out;
	gdImageFilledRectangle(im, 0, 0, CAPTCHA_WIDTH - 1, CAPTCHA_HEIGHT - 1,
	                       rnd_colour(&r, 225, 255));
	/* Under the text: lines and dots. */
	draw_lines(im, &r, rnd_range(&r, 4, 6), 2, 110, 200);
	n = rnd_range(&r, 120, 180);
	for (i = 0; i < n; i++)
		gdImageSetPixel(im, rnd_range(&r, 0, CAPTCHA_WIDTH - 1),
		                rnd_range(&r, 0, CAPTCHA_HEIGHT - 1),
		                rnd_colour(&r, 0, 200));
	if ((drawn = draw_ft(im, text, font_path, &r)) == -1)
		goto out;
	if (drawn == 0)
		draw_builtin(im, text, &r);
	/* Over the text: a thin line and an arc, lighter than the text. */
	draw_lines(im, &r, 1, 1, 90, 170);
	gdImageArc(im, rnd_range(&r, 40, CAPTCHA_WIDTH - 40),
	           rnd_range(&r, 0, CAPTCHA_HEIGHT - 1),
	           rnd_range(&r, CAPTCHA_WIDTH / 2, CAPTCHA_WIDTH * 2),
	           rnd_range(&r, CAPTCHA_HEIGHT / 2, CAPTCHA_HEIGHT * 2),
	           rnd_range(&r, 0, 359), rnd_range(&r, 0, 359),
	           rnd_colour(&r, 90, 170));
	/* A picture drawn from a failed random source must not be used. */
	if (r.failed)
		goto out;
	if ((enc = gdImagePngPtr(im, &size)) == NULL || size <= 0)
		goto out;
	if ((*png = malloc((size_t)size)) == NULL)
		abort();
	memcpy(*png, enc, (size_t)size);
	*len = (size_t)size;
	rc = drawn == 1 ? 0 : CAPTCHA_BUILTIN_FONT;
out:
	if (enc != NULL)
		gdFree(enc);
	if (im != NULL)
		gdImageDestroy(im);
	rnd_done(&r);
	return rc;
}

/* c in upper case when it is an ASCII letter, computed without a branch on
 * its value. */
static unsigned
fold(unsigned char c)
{
	unsigned lower = (unsigned)((unsigned)c - 'a' < 26u);

	return c ^ (lower << 5);
}

int
captcha_equal(const char *typed, size_t n, const char *kept)
{
	size_t klen, i;
	unsigned diff;

	if (kept == NULL || (typed == NULL && n > 0))
		return 0;
	klen = strlen(kept);
	diff = klen != n || klen == 0;
	for (i = 0; i < klen; i++) {
		/* Past the end of what was typed, compare with NUL (never in
		 * kept): the loop still runs over all of kept. */
		unsigned char t = i < n ? (unsigned char)typed[i] : 0;

		diff |= fold(t) ^ fold((unsigned char)kept[i]);
	}
	return diff == 0;
}
