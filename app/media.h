/* Listing photos shared by the surfaces (app/media.c). */
#ifndef ZF_MEDIA_H
#define ZF_MEDIA_H

#include <stdint.h>

#include "app.h"

/* What a photo shows (QSZ's room fields); NULL for none. */
struct photo_room {
	long long type;          /* 1 master bedroom .. 7 other */
	long long area;          /* bedrooms: square metres; else -1 */
	const char *orientation; /* bedrooms; else NULL */
};

/* Add the n validated image uploads (field: the parameter's name, for
 * messages) to listing house of r->uid after its existing photos, under
 * the listing's row lock, at most max_photos in all; the files placed
 * first and removed again on any failure.  ST_OK with paths[0..n) (the
 * relative paths, malloc'ed: the caller frees them) and ids[0..n); or
 * houses_lock's refusals (ST_NOT_FOUND, ST_FORBIDDEN), ST_UPLOAD over the
 * limit. */
enum status media_photos_add(struct req *r, struct resp *res, long long house,
                             struct upfile *const *files, size_t n,
                             const struct photo_room *room, const char *field,
                             char **paths, uint64_t *ids);

#endif
